#!/usr/bin/env node
// The independent Telegram Bot API emulator (npm package telegram-test-api, pinned in package.json), started on
// loopback, plus a small driver for its client API. Used by scenario.js; also runs on its own:
//
//   node emulator.js PORT [--exit-with-parent] [--hold-empty-polls] [--modules DIR]
//
// PORT 0 lets the system choose a free port. Once listening, one JSON line goes to stdout: {"port":N}.
// --exit-with-parent: exit when stdin reaches its end (the parent that holds the pipe has gone), so a test runner
// that dies cannot leave the server behind. --hold-empty-polls: see startEmulator. --modules: the node_modules
// folder holding telegram-test-api (default: found the usual way, from this file's folder up). SIGTERM and
// SIGINT stop it cleanly (exit 0).
//
// What the package does (read from its lib/ at 4.2.1, and relied on below):
//  - bots call http://HOST:PORT/bot<TOKEN>/<method> (GET or POST; JSON or form bodies). Implemented methods:
//    getMe (always @TestNameBot, id 666), getUpdates, sendMessage, editMessageText, editMessageReplyMarkup,
//    deleteMessage, answerCallbackQuery, setWebhook, deleteWebhook. Any other method answers HTTP 500 with
//    {"message": "..."} (not Telegram's {"ok": false, ...} shape).
//  - getUpdates ignores offset, limit, timeout and allowed_updates: it answers at once with every update not yet
//    handed out and marks them handed out, so each update is delivered once, even if the bot never confirms it.
//  - users are played through the client API (POST, JSON bodies):
//      /sendMessage  {botToken, from, chat, date, text, ...}    a user's message (answers {ok: true, result: null},
//                                                                even when the message is then refused)
//      /sendCommand  same, entities required                     a user's command
//      /sendCallback {botToken, from, message, data, date}       an inline-button press
//      /getUpdates   {token, chatId}   the bot's messages to that chat not yet read here (marks them read); each
//                                     is {time, botToken, message: <the bot's sendMessage body>, updateId, messageId}
//      /getUpdatesHistory {token}      every stored bot and user message for the token, by time
//    The message (with its botToken field) becomes the update's message; message_id and update_id are the
//    server's (one counter each, shared by users' and bots' messages). sendMessage's result has the message_id,
//    a date in milliseconds, and chat {id: Number(chat_id), type: 'private'} whatever the chat was.
//  - a client body without botToken (or a command without entities) throws inside an async handler: an unhandled
//    rejection, which ends a Node process by default. The handlers below log it and keep the server running.
//  - the constructor turns port 0 into 9000 (`port || 9000`), so port 0 is applied after construction.
'use strict';

const http = require('http');
const path = require('path');

const HOST = '127.0.0.1';
const PINNED_VERSION = '4.2.1';

// Starts the emulator on HOST:port (0 = a free port). Resolves to {port, url, server, stop()}.
// holdEmptyPolls: a bot's getUpdates that would come back empty waits (up to its `timeout`, at most 30 s) until a
// user's update arrives, as Telegram's long polling does; the answer itself is still the package's. Without it
// the package answers at once, and a long-polling bot asks again at once: a busy loop costing a CPU core.
async function startEmulator(port, { holdEmptyPolls = false, modules = '',
                                    log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  // Loaded here, not at the top: the driver below needs no package.
  const pkg = modules ? path.join(path.resolve(modules), 'telegram-test-api') : 'telegram-test-api';
  const TelegramServer = require(pkg);
  const { version } = require(`${pkg}/package.json`);
  if (version !== PINNED_VERSION) {
    throw new Error(`telegram-test-api ${version} found, ${PINNED_VERSION} expected (see package.json)`);
  }
  // storeTimeout: keep messages for an hour (the default minute could drop a slow run's history).
  const server = new TelegramServer({ port: port || 1, host: HOST, storeTimeout: 3600 });
  server.config.port = port;  // see above: the constructor cannot take 0
  await server.start();
  const actual = server.server.address().port;
  server.config.port = actual;
  server.config.apiURL = `http://${HOST}:${actual}`;
  const holds = new Set();  // release functions of the getUpdates requests being held
  if (holdEmptyPolls) holdGetUpdates(server, holds);
  let stopped = false;
  return {
    port: actual,
    url: server.config.apiURL,
    server,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const release of [...holds]) release();
      await server.stop();
      log('emulator: stopped');
    },
  };
}

// Puts a waiting step in front of the package's request handler, for POST /bot<token>/getUpdates only.
function holdGetUpdates(server, holds) {
  const httpServer = server.server;
  const inner = httpServer.listeners('request');
  httpServer.removeAllListeners('request');
  const pass = (req, res) => inner.forEach((l) => l.call(httpServer, req, res));
  const userEvents = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
  httpServer.on('request', (req, res) => {
    const m = /^\/bot([^/?]+)\/getUpdates(\?|$)/.exec(req.url);
    if (req.method !== 'POST' || !m || !/json/.test(req.headers['content-type'] || '')) {
      pass(req, res);
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      // Hand the parsed body on: the package's body parsers skip a request whose req._body is set.
      let body = {};
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'); } catch (e) { body = {}; }
      req.body = body;
      req._body = true;
      const token = decodeURIComponent(m[1]);
      const waiting = () => server.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
      const timeoutS = Math.min(Math.max(Number(body.timeout) || 0, 0), 30);
      if (timeoutS === 0 || waiting()) {
        pass(req, res);
        return;
      }
      let done = false;
      const finish = (answer) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        userEvents.forEach((e) => server.off(e, onUpdate));
        res.off('close', onClose);
        holds.delete(release);
        // A bot that hung up (stopped) gets nothing: answering would mark updates handed out that nobody read.
        if (answer && !res.destroyed && !req.socket.destroyed) pass(req, res);
      };
      const onUpdate = () => { if (waiting()) finish(true); };
      const onClose = () => finish(false);
      const release = () => finish(true);
      const timer = setTimeout(release, timeoutS * 1000);
      userEvents.forEach((e) => server.on(e, onUpdate));
      res.on('close', onClose);
      holds.add(release);
    });
  });
}

// POSTs a JSON body to the emulator's client API; resolves to the parsed answer. Every call has a deadline, and
// each uses its own connection (agent: false), so no kept-alive socket can go stale between calls.
function post(url, body, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': data.length },
      timeout: timeoutMs,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new Error(`POST ${url}: HTTP ${res.statusCode}: ${text}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch (e) {
          reject(new Error(`POST ${url}: not JSON: ${text}`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

// Plays users against one bot token through the emulator's client API.
class Driver {
  constructor(url, token) {
    this.url = url;
    this.token = token;
  }

  // A user's message in a chat. user: {id, first_name, username}; chat: {id, type, title}. A text starting with
  // '/' goes through /sendCommand with a bot_command entity, as Telegram marks commands.
  async say(user, chat, text, extra = {}) {
    const message = {
      botToken: this.token,
      from: { id: user.id, is_bot: false, first_name: user.first_name, username: user.username },
      chat: { ...chat },
      date: Math.floor(Date.now() / 1000),
      text,
      ...extra,
    };
    if (text.startsWith('/')) {
      const end = text.indexOf(' ');
      message.entities = [{ offset: 0, length: end < 0 ? text.length : end, type: 'bot_command' }];
      return post(`${this.url}/sendCommand`, message);
    }
    return post(`${this.url}/sendMessage`, message);
  }

  // The bot's messages to chatId not yet read through this API (each is read once).
  // Each is the sendMessage body with the message_id the emulator gave it.
  async unread(chatId) {
    const answer = await post(`${this.url}/getUpdates`, { token: this.token, chatId });
    return answer.result.map((u) => ({ ...u.message, message_id: u.messageId }));
  }

  // A user presses an inline button of the bot's message `messageId` in `chat` (the emulator's /sendCallback).
  async press(user, chat, messageId, data) {
    return post(`${this.url}/sendCallback`, {
      botToken: this.token,
      from: { id: user.id, is_bot: false, first_name: user.first_name, username: user.username },
      message: { message_id: messageId, chat: { ...chat }, date: Math.floor(Date.now() / 1000), text: '' },
      data,
    });
  }

  // Everything stored for this token: users' updates ({message: {...}, messageId, updateId}) and the bot's
  // messages ({message: <sendMessage body>, messageId}), oldest first.
  async history() {
    return (await post(`${this.url}/getUpdatesHistory`, { token: this.token })).result;
  }
}

module.exports = { startEmulator, Driver, post, HOST };

if (require.main === module) {
  const flags = { '--exit-with-parent': false, '--hold-empty-polls': false };
  let modules = '';
  const positional = [];
  let bad = false;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] in flags) flags[args[i]] = true;
    else if (args[i] === '--modules' && i + 1 < args.length) modules = args[++i];
    else if (args[i].startsWith('--')) bad = true;
    else positional.push(args[i]);
  }
  const port = Number(positional[0]);
  if (bad || positional.length !== 1 || !/^[0-9]+$/.test(positional[0]) || port > 65535) {
    process.stderr.write('usage: node emulator.js PORT [--exit-with-parent] [--hold-empty-polls] [--modules DIR]' +
                         '   (PORT 0: a free port)\n');
    process.exit(1);
  }
  // Bad client input rejects inside the package's handlers: log it, keep serving.
  const keepRunning = (what) => (e) => process.stderr.write(`emulator: ${what} (kept running): ${e && e.stack || e}\n`);
  process.on('unhandledRejection', keepRunning('unhandled rejection'));
  process.on('uncaughtException', keepRunning('uncaught exception'));
  startEmulator(port, { holdEmptyPolls: flags['--hold-empty-polls'], modules }).then((emulator) => {
    process.stdout.write(`${JSON.stringify({ port: emulator.port })}\n`);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      const force = setTimeout(() => process.exit(0), 2000);  // keep-alive sockets must not hold the exit
      force.unref();
      emulator.stop().finally(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    if (flags['--exit-with-parent']) {
      process.stdin.on('end', stop);
      process.stdin.on('error', stop);
      process.stdin.resume();
    }
  }, (e) => {
    process.stderr.write(`emulator: cannot start on ${HOST}:${port}: ${e && e.message || e}\n`);
    process.exit(1);
  });
}
