#!/usr/bin/env node
// End to end against an independent Telegram Bot API emulator (telegram-test-api, see emulator.js): the real
// `fanbase run` binary long-polls it while this script plays several members of one supergroup through the
// emulator's client API and checks every message the bot sends, including a restart of the bot in the middle.
//
//   node scenario.js --fanbase PATH/TO/fanbase [--modules DIR/node_modules] [--no-hold]
//
// --modules: where telegram-test-api is installed (scripts/test.sh installs it into build/telegram-emulator).
// --no-hold: the emulator's own getUpdates, which answers at once (the bot then polls in a busy loop).
// Exit 0 when every check passes; otherwise 1 with the failed check, the bot's log and the emulator's log.
// Nothing here touches the network beyond 127.0.0.1. Every wait has a deadline, and the whole run is killed
// (with the processes it started) after OVERALL_MS.
//
// The restart cannot check the getUpdates offset: the emulator ignores it and hands each update out once,
// so an update the bot fetched and never confirmed would not come again here (it would on Telegram). The restart
// is therefore done while the bot is idle, and the check is that a message sent while it was down is answered
// exactly once after the restart and that no earlier reply is sent again.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const OVERALL_MS = 90_000;
const REPLY_MS = 15_000;    // one expected reply (the bot sends at most one message per second per chat)
const QUIET_MS = 2_000;     // no further message from the bot for this long
const START_MS = 15_000;    // a process is up
const STOP_MS = 10_000;     // a process stops after SIGTERM

// ------------------------------------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const out = { fanbase: '', modules: '', hold: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fanbase' && i + 1 < argv.length) out.fanbase = argv[++i];
    else if (a === '--modules' && i + 1 < argv.length) out.modules = argv[++i];
    else if (a === '--no-hold') out.hold = false;
    else usage(`unknown argument: ${a}`);
  }
  if (!out.fanbase) usage('--fanbase is required');
  return out;
}

function usage(why) {
  process.stderr.write(`scenario.js: ${why}\nusage: node scenario.js --fanbase PATH [--modules DIR] [--no-hold]\n`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(2)}s`;
const say = (line) => process.stdout.write(`[${elapsed()}] ${line}\n`);

// ------------------------------------------------------------------------------------------------ processes

const children = new Set();  // {name, proc, log: string[]}
let tmpDir = '';

// Starts a child process and keeps the tail of its output for failure reports.
function startChild(name, file, argv, options) {
  const proc = spawn(file, argv, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  const child = { name, proc, out: '', err: '', exited: null };
  // 'close', not 'exit': the child's stdout and stderr have been read to their end by then.
  child.exit = new Promise((resolve) => {
    const ended = (result) => {
      if (child.exited) return;
      child.exited = result;
      children.delete(child);
      resolve(result);
    };
    proc.on('close', (code, signal) => ended({ code, signal }));
    proc.on('error', (e) => {
      child.err += `\n(${name} could not start: ${e.message})`;
      ended({ code: null, signal: null, error: e });
    });
  });
  proc.stdout.on('data', (d) => { child.out += d; });
  proc.stderr.on('data', (d) => { child.err += d; });
  proc.stdin.on('error', () => {});  // a child gone before we wrote is reported by its exit
  children.add(child);
  return child;
}

// Resolves when the child's stream matches `pattern`; fails when it exits first or the deadline passes.
function waitOutput(child, stream, pattern, ms, what) {
  const source = child.proc[stream === 'out' ? 'stdout' : 'stderr'];
  return new Promise((resolve, reject) => {
    let timer = null;
    let finished = false;
    const check = () => {
      if (finished) return;
      const m = pattern.exec(child[stream]);
      if (m) { done(); resolve(m); }
    };
    const onExit = () => {
      if (finished) return;
      done();
      reject(new Error(`${child.name} exited (${describeExit(child.exited)}) before ${what}`));
    };
    const done = () => {
      finished = true;
      clearTimeout(timer);
      source.off('data', later);
    };
    const later = () => setImmediate(check);  // child[stream] is appended by the earlier listener
    timer = setTimeout(() => { done(); reject(new Error(`${child.name}: no ${what} within ${ms} ms`)); }, ms);
    source.on('data', later);
    child.exit.then(() => setImmediate(() => { check(); onExit(); }));  // output first, then the exit
    check();
  });
}

function describeExit(e) {
  if (!e) return 'running';
  if (e.error) return `not started: ${e.error.message}`;
  return e.signal ? `killed by ${e.signal}` : `exit ${e.code}`;
}

// SIGTERM, then the exit status within STOP_MS (SIGKILL after that, and a failure).
async function stopChild(child) {
  if (child.exited) return child.exited;
  child.proc.kill('SIGTERM');
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_MS); });
  const result = await Promise.race([child.exit, late]);
  clearTimeout(timer);
  if (result) return result;
  child.proc.kill('SIGKILL');
  await child.exit;
  throw new Error(`${child.name} did not stop within ${STOP_MS} ms of SIGTERM`);
}

function killAll() {
  for (const child of children) {
    try { child.proc.kill('SIGKILL'); } catch (e) { /* already gone */ }
  }
}

function tail(text, lines = 40) {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

const reports = [];  // every child ever started, for the failure report
function report() {
  for (const c of reports) {
    process.stderr.write(`----- ${c.name} (${describeExit(c.exited)}), last lines of stderr:\n${tail(c.err)}\n`);
  }
}

function cleanup() {
  killAll();
  if (tmpDir) {
    try { fs.rmSync(tmpDir, { recursive: true, force: true }); } catch (e) { /* best effort */ }
    tmpDir = '';
  }
}

function fail(e) {
  process.stderr.write(`\nFAILED after ${elapsed()}: ${e && e.stack || e}\n`);
  report();
  cleanup();
  process.exit(1);
}

process.on('exit', killAll);
process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => fail(new Error(`interrupted by ${sig}`)));
setTimeout(() => fail(new Error(`the scenario did not finish within ${OVERALL_MS} ms`)), OVERALL_MS).unref();

// ------------------------------------------------------------------------------------------------ checks

function check(cond, what, detail) {
  if (!cond) throw new Error(`${what}${detail === undefined ? '' : `\n  got: ${JSON.stringify(detail, null, 2)}`}`);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ------------------------------------------------------------------------------------------------ the scenario

const TOKEN = '987654:TTA-e2e-secret-token';  // a made-up token; must never appear in the bot's log
const TOKEN_ENV = 'FANBASE_TTA_TOKEN';
const GROUP = { id: -1001234567890, type: 'supergroup', title: 'Fans' };
const ALICE = { id: 1001, first_name: 'Alice', username: 'alice' };
const BOB = { id: 1002, first_name: 'Bob', username: 'bob' };
const MONA = { id: 1003, first_name: 'Mona', username: 'mona' };   // a moderator (config below)
const CAROL = { id: 1004, first_name: 'Carol', username: 'carol' };

async function main() {
  args.fanbase = path.resolve(args.fanbase);  // the bot runs in a temporary directory
  if (!fs.existsSync(args.fanbase)) throw new Error(`no fanbase binary at ${args.fanbase}`);
  const modules = args.modules ? path.resolve(args.modules) : '';
  if (modules && !fs.existsSync(path.join(modules, 'telegram-test-api', 'package.json'))) {
    // Not a pass and not a failure of the bot: CTest reports the test as skipped (SKIP_RETURN_CODE 77), with why.
    process.stderr.write(`SKIPPED: telegram-test-api is not installed in ${modules} (scripts/test.sh installs it ` +
                         'with npm ci into build/telegram-emulator; that step failed or was not run)\n');
    process.exit(77);
  }
  const { Driver } = require('./emulator.js');

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanbase-tta-'));

  // --- the emulator, in its own process, on a port the system picks
  const emulatorArgs = [path.join(__dirname, 'emulator.js'), '0', '--exit-with-parent'];
  if (args.hold) emulatorArgs.push('--hold-empty-polls');
  if (modules) emulatorArgs.push('--modules', modules);
  const emulator = startChild('emulator', process.execPath, emulatorArgs, { cwd: tmpDir });
  reports.push(emulator);
  const portLine = await waitOutput(emulator, 'out', /^\{"port":(\d+)\}\n/m, START_MS, 'port line');
  const port = Number(portLine[1]);
  const url = `http://127.0.0.1:${port}`;
  const driver = new Driver(url, TOKEN);
  say(`emulator listening on port ${port}${args.hold ? '' : ' (answering empty polls at once)'}`);

  // --- the bot's configuration: cooldown 0 and a level at 2 points, so two messages reach Lv.2
  const config = path.join(tmpDir, 'telegram.toml');
  const db = path.join(tmpDir, 'fan.db');
  fs.writeFileSync(config, [
    'badges = []  # no badge announcements: every message the bot sends is one this script expects',
    '[bot]',
    'platform = "telegram"',
    `moderators = [${MONA.id}]`,
    '[telegram]',
    `token_env = "${TOKEN_ENV}"`,
    `api_base = "${url}"`,
    'poll_timeout_seconds = 5',
    '[points.message]',
    'cooldown_seconds = 0',
    '[[levels]]',
    'threshold = 0',
    'title = "Newcomer"',
    '[[levels]]',
    'threshold = 2',
    'title = "Regular"',
    '[[levels]]',
    'threshold = 1000',
    'title = "Veteran"',
    '',
  ].join('\n'));

  let runs = 0;
  async function startBot() {
    runs += 1;
    const bot = startChild(`fanbase run #${runs}`, args.fanbase, ['run', '--config', config, '--db', db],
                           { env: { ...process.env, [TOKEN_ENV]: TOKEN }, cwd: tmpDir });
    reports.push(bot);
    bot.proc.stdin.end();
    await waitOutput(bot, 'err', /event=telegram\.polling/, START_MS, 'telegram.polling in its log');
    say(`${bot.name} is polling`);
    return bot;
  }

  async function stopBot(bot) {
    const result = await stopChild(bot);
    check(result.code === 0, `${bot.name} should exit 0 on SIGTERM, got ${describeExit(result)}`);
    check(/event=fanbase\.stopped/.test(bot.err), `${bot.name} should log fanbase.stopped`);
    check(!/event=telegram\.send_failed/.test(bot.err), `${bot.name} had a Bot API call refused`, tail(bot.err));
    check(!bot.err.includes(TOKEN) && !bot.err.includes(TOKEN.split(':')[1]),
          `${bot.name} wrote the bot token to its log`);
    say(`${bot.name} stopped cleanly (exit 0)`);
  }

  // A member's message; resolves to the message_id the emulator gave it (read back from the history).
  async function post(user, text) {
    const answer = await driver.say(user, GROUP, text);
    check(answer && answer.ok === true, `the emulator refused ${user.first_name}'s "${text}"`, answer);
    const history = await driver.history();
    const mine = history.filter((u) => u.message && u.message.from && u.message.from.id === user.id &&
                                      u.message.text === text);
    check(mine.length > 0, `"${text}" is not in the emulator's history`, history);
    const id = mine[mine.length - 1].messageId;
    say(`${user.first_name}: ${text}  (message ${id})`);
    return id;
  }

  const received = [];  // every message the bot sent, in order
  // Waits for exactly `n` new messages from the bot in the group (fails on more arriving within the same read).
  async function replies(n, what) {
    const got = [];
    const deadline = Date.now() + REPLY_MS;
    while (got.length < n && Date.now() < deadline) {
      got.push(...await driver.unread(GROUP.id));
      if (got.length < n) await sleep(50);
    }
    received.push(...got);
    check(got.length === n, `expected ${n} message(s) from the bot (${what}), got ${got.length}`, got);
    for (const m of got) {
      say(`  bot: ${m.text.replace(/\n/g, '\n       ')}`);
      // The Bot API request as the emulator received it.
      check(m.chat_id === GROUP.id && Number.isInteger(m.chat_id), 'chat_id should be the group id as an integer', m);
      check(m.parse_mode === 'HTML', 'parse_mode should be HTML', m);
      check(m.link_preview_options && m.link_preview_options.is_disabled === true, 'link previews should be off', m);
    }
    return got;
  }

  function checkReply(m, toMessageId, expected) {
    check(m.reply_parameters && m.reply_parameters.message_id === toMessageId &&
          m.reply_parameters.allow_sending_without_reply === true,
          `the bot should reply to message ${toMessageId}`, m);
    if (expected instanceof RegExp) check(expected.test(m.text), `reply text should match ${expected}`, m.text);
    else check(m.text === expected, `reply text should be ${JSON.stringify(expected)}`, m.text);
  }

  async function quiet(what) {
    await sleep(QUIET_MS);
    const extra = await driver.unread(GROUP.id);
    received.push(...extra);
    check(extra.length === 0, `the bot should send nothing more (${what})`, extra);
  }

  const commands = [];  // [message_id, text] of every command the bot must answer exactly once

  // 1. The bot starts: getMe, then long polling.
  let bot = await startBot();

  // 2. /help lists the members' commands (and not the moderators').
  let id = await post(ALICE, '/help');
  let [m] = await replies(1, '/help');
  checkReply(m, id, /^Commands:\n/);
  for (const c of ['/help', '/points', '/rank', '/top', '/checkin', '/history', '/badges', '/levels']) {
    check(m.text.includes(`\n${c} `) || m.text.includes(`\n${c}\n`), `/help should list ${c}`, m.text);
  }
  check(!m.text.includes('/award') && !m.text.includes('/revoke'), "a member's /help lists no moderator command",
        m.text);
  check(m.text.includes('Type /help &lt;command&gt; for details.'), 'the help text is HTML-escaped', m.text);
  commands.push([id, '/help']);

  // 3. Chatting earns points; the second message reaches Lv.2 (threshold 2) and the bot announces it.
  await post(ALICE, 'hello everyone, the new album is out today');
  await post(BOB, 'yes! listening to it right now');
  await post(ALICE, 'the second track is my favourite');
  [m] = await replies(1, "Alice's level-up");
  check(m.text === '🎉 Alice reached Lv.2: Regular!', 'the level-up announcement', m.text);

  // 4. /points shows the balance.
  id = await post(ALICE, '/points');
  [m] = await replies(1, '/points');
  checkReply(m, id, 'Alice: balance 2 · lifetime 2 · Lv.2 Regular\n998 more to Lv.3 Veteran.');
  commands.push([id, '/points']);

  // 5. /top ranks the members.
  id = await post(BOB, '/top');
  [m] = await replies(1, '/top');
  checkReply(m, id, '🏆 Top 10 · all time\n1. Alice — 2\n2. Bob — 1');
  commands.push([id, '/top']);

  // 5b. Its buttons switch the window: a press edits that same message (editMessageText), sends nothing new, and
  //     is answered (answerCallbackQuery; a failed call would show as telegram.send_failed in the bot's log).
  const keyboard = m.reply_markup && m.reply_markup.inline_keyboard;
  check(Array.isArray(keyboard) && keyboard.length === 1 && keyboard[0].length === 3, '/top has 3 window buttons', m);
  check(keyboard[0][0].text === '7 days' && keyboard[0][0].callback_data === 'top:10:week', 'the first is 7 days',
        keyboard);
  check(keyboard[0][2].text === '• All time', 'the shown window is marked', keyboard);
  const pressed = await driver.press(CAROL, GROUP, m.message_id, keyboard[0][0].callback_data);
  check(pressed && pressed.ok === true, 'the emulator took the button press', pressed);
  say(`Carol presses "7 days" under message ${m.message_id}`);
  const weekly = '🏆 Top 10 · last 7 days\n1. Alice — 2\n2. Bob — 1';
  let edited;
  for (const deadline = Date.now() + REPLY_MS; Date.now() < deadline; await sleep(50)) {
    edited = (await driver.history()).find((u) => u.messageId === m.message_id && u.message && u.message.chat_id);
    if (edited && edited.message.text === weekly) break;
  }
  check(edited && edited.message.text === weekly, 'the button press should edit /top to the 7-day window',
        edited && edited.message);
  check(edited.message.reply_markup.inline_keyboard[0][0].text === '• 7 days', 'the edit marks the new window',
        edited.message.reply_markup);
  say(`  bot edits message ${m.message_id}: ${weekly.replace(/\n/g, ' / ')}`);
  await quiet('after the button press, which edits and sends nothing new');

  // 6. A member may not /award; a moderator may.
  id = await post(BOB, '/award @alice 10 great answer');
  [m] = await replies(1, '/award by a member');
  checkReply(m, id, 'Sorry, /award is for moderators only.');
  commands.push([id, '/award (member)']);
  id = await post(MONA, '/award @alice 10 great answer');
  [m] = await replies(1, '/award by a moderator');
  checkReply(m, id, 'Mona gave 10 points to Alice: great answer. Alice now has 12.');
  commands.push([id, '/award (moderator)']);

  // 7. Commands addressed by name: ours (the name comes from the emulator's getMe) and another bot's.
  await post(CAROL, '/points@SomeOtherBot');
  id = await post(CAROL, '/points@TestNameBot');
  [m] = await replies(1, '/points@TestNameBot');
  checkReply(m, id, /^Carol: balance 0 · lifetime 0 · Lv\.1 Newcomer\n/);
  commands.push([id, '/points@TestNameBot']);
  await quiet('after /points@SomeOtherBot, which is not for this bot');

  // 8. Restart: stop the bot, talk while it is down, start it again on the same database.
  await stopBot(bot);
  await post(BOB, 'good morning all, what did I miss?');
  const downId = await post(BOB, '/points');
  commands.push([downId, '/points (sent while the bot was down)']);
  await sleep(300);
  check((await driver.unread(GROUP.id)).length === 0, 'nobody answers while the bot is down');
  bot = await startBot();
  const after = await replies(2, "the messages sent while the bot was down: Bob's level-up, then /points");
  check(after[0].text === '🎉 Bob reached Lv.2: Regular!', "Bob's level-up after the restart", after[0]);
  checkReply(after[1], downId, 'Bob: balance 2 · lifetime 2 · Lv.2 Regular\n998 more to Lv.3 Veteran.');

  // 9. What happened before the restart is kept, and answered once.
  id = await post(ALICE, '/points');
  [m] = await replies(1, '/points after the restart');
  checkReply(m, id, 'Alice: balance 12 · lifetime 12 · Lv.2 Regular\n988 more to Lv.3 Veteran.');
  commands.push([id, '/points (after the restart)']);
  await quiet('after the restart');
  await stopBot(bot);

  // 10. Over the whole run, from the emulator's own record: every command answered exactly once, nothing
  //     repeated, no message the bot sent that this script did not check.
  const history = await driver.history();
  const sent = history.filter((u) => u.message && u.message.chat_id !== undefined).map((u) => u.message);
  check(sent.length === received.length, `the emulator recorded ${sent.length} messages from the bot, ` +
        `this script checked ${received.length}`, sent);
  for (const [cmdId, what] of commands) {
    const answers = sent.filter((s) => s.reply_parameters && s.reply_parameters.message_id === cmdId);
    check(answers.length === 1,
          `${what} (message ${cmdId}) should be answered exactly once, was ${answers.length} times`, answers);
  }
  const texts = sent.map((s) => `${s.reply_parameters ? s.reply_parameters.message_id : '-'}|${s.text}`);
  check(new Set(texts).size === texts.length, 'no message from the bot is repeated', texts);
  say(`the bot sent ${sent.length} messages, each checked; ${commands.length} commands answered exactly once`);

  const emulatorExit = await stopChild(emulator);
  check(emulatorExit.code === 0, `the emulator should exit 0, got ${describeExit(emulatorExit)}`);
  check(!/unhandled rejection|uncaught exception/.test(emulator.err), 'the emulator logged an error',
        tail(emulator.err));
}

main().then(() => {
  say('PASS');
  cleanup();
  process.exit(0);
}, fail);
