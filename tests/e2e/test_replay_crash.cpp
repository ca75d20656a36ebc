// `fanbase replay` killed with SIGKILL in the middle of a run and run again with the same database and --out:
// every reply the pipeline committed ends up in the replies file (at least once), nothing is paid twice, and the
// result is the one an uninterrupted run gives. The kill is a real `kill -9` of the real binary; when it does not
// land mid-run (the run already ended, or nothing committed was left unwritten), the attempt is repeated on a
// fresh database, a bounded number of times. No assertion depends on timing.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "e2e/e2e.hpp"

using namespace fanbase::e2e;
using fanbase::testing::read_text_file;

namespace {

constexpr int update_count = 40'000;  // a replay of 1-3 s: long enough to be killed in the middle
constexpr int members = 40;

// Updates from 40 members in one supergroup, 7 s apart (no flood or repeat filter fires, so the in-memory filter
// windows a restart forgets cannot change the outcome): every third is /points (a reply each), the others plain
// messages that pay points, earn badges and level-ups (announcements).
void write_updates(const std::string& path) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  for (int i = 0; i < update_count; ++i) {
    const int m = i % members;
    const std::string text = i % 3 == 0 ? "/points" : "message number " + std::to_string(i) + " about the match";
    f << R"({"update_id":)" << 500000 + i << R"(,"message":{"message_id":)" << 1000 + i
      << R"(,"from":{"id":)" << 7000 + m << R"(,"is_bot":false,"first_name":"Fan )" << m << R"(","username":"fan_)"
      << m << R"("},"chat":{"id":-1001000000001,"title":"Crash Test FC","type":"supergroup"},"date":)"
      << 1718035200 + 7 * i << R"(,"text":")" << text << "\"}}\n";
  }
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::int64_t complete_lines(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::int64_t n = 0;
  char buf[65536];
  while (f.read(buf, sizeof buf) || f.gcount() > 0) {
    for (std::streamsize i = 0; i < f.gcount(); ++i) n += buf[i] == '\n';
  }
  return n;
}

// What happened to a replay that was started and then (maybe) killed.
struct KilledRun {
  bool killed = false;  // it was still running when SIGKILL ended it
  std::int64_t lines_at_kill = 0;
};

// Starts `fanbase` with `args` (stdout and stderr to a file in `dir`), polls `ready()` and sends SIGKILL once it
// holds. If the process exits by itself first, killed is false.
template <typename Ready>
KilledRun start_and_kill(const std::vector<std::string>& args, const TempDir& dir, const std::string& out, Ready ready) {
  std::vector<std::string> argv_s{binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  const std::string log = dir / "killed.log";

  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // child: only async-signal-safe calls before exec
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0 || ::dup2(fd, STDERR_FILENO) < 0 || ::chdir(dir.path().c_str()) != 0) {
      ::_exit(127);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  KilledRun run;
  int status = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return run;  // it ended before the moment came
    if (ready() || std::chrono::steady_clock::now() > give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  run.lines_at_kill = complete_lines(out);
  return run;
}

// A count from a database another process is writing (WAL: readers do not block it); -1 when it cannot be read
// at this moment (not created yet, busy).
std::int64_t count_while_running(const std::string& db, const std::string& sql) {
  try {
    return query_int(db, sql);
  } catch (const std::exception&) {
    return -1;
  }
}

std::map<std::string, int> counted(const std::vector<std::string>& lines) {
  std::map<std::string, int> m;
  for (const auto& l : lines) ++m[l];
  return m;
}

std::int64_t summary_value(const std::string& summary, const std::string& key) {
  const auto at = summary.find("\n" + key + ": ");
  if (at == std::string::npos) return 0;
  return std::stoll(summary.substr(at + key.size() + 3));
}

const std::string ledger_sql =
    "SELECT e.reference, m.user_id, e.reason, e.delta FROM point_entry e JOIN member m ON m.id = e.member_id "
    "ORDER BY e.reference, m.user_id, e.reason";
const std::string balances_sql = "SELECT user_id, points, earned, level FROM member ORDER BY user_id";
const std::string outbox_sql = "SELECT kind, chat_id, reply_to, text, reference FROM outbox ORDER BY id";

}  // namespace

TEST_CASE("A replay killed with SIGKILL and run again writes every committed reply and pays nothing twice",
          "[e2e][replay][crash]") {
  TempDir dir;
  const std::string updates = dir / "updates.jsonl";
  write_updates(updates);

  // The reference: one uninterrupted run.
  const std::string clean_db = dir / "clean.db", clean_out = dir / "clean.jsonl";
  const auto clean =
      run_fanbase({"replay", "--config", example_config, "--db", clean_db, "--out", clean_out, updates}, "", dir);
  INFO(clean.describe());
  REQUIRE(clean.exit_code == 0);
  const std::vector<std::string> clean_lines = lines_of(read_text_file(clean_out));
  REQUIRE(clean_lines.size() > static_cast<std::size_t>(update_count / 3));  // every /points answered, and more
  REQUIRE(static_cast<std::int64_t>(clean_lines.size()) == summary_value(clean.out, "replies"));

  // Killed mid-run: the replies file has lines, and the database holds committed replies that are not in it
  // yet (the loss the issue is about). Checked again after the kill; a kill that missed that moment (the run
  // ended first, or every committed reply had been written) is tried again on a fresh database, at most 8 times.
  const std::string committed_sql = "SELECT count(*) FROM outbox";
  std::string db, out;
  std::int64_t committed_at_kill = 0, pending_at_kill = 0, applied_at_kill = 0;
  KilledRun run;
  int attempts = 0;
  for (; attempts < 8; ++attempts) {
    db = dir / ("crash" + std::to_string(attempts) + ".db");
    out = dir / ("crash" + std::to_string(attempts) + ".jsonl");
    run = start_and_kill({"replay", "--config", example_config, "--db", db, "--out", out, updates}, dir, out, [&] {
      std::error_code ec;
      if (!(std::filesystem::file_size(out, ec) > 0) || ec) return false;  // nothing written yet
      return count_while_running(db, committed_sql) > complete_lines(out);
    });
    if (!run.killed || run.lines_at_kill == 0 || run.lines_at_kill >= static_cast<std::int64_t>(clean_lines.size())) {
      continue;
    }
    committed_at_kill = query_int(db, committed_sql);
    pending_at_kill = query_int(db, "SELECT count(*) FROM outbox WHERE state = 'pending'");
    applied_at_kill = query_int(db, "SELECT count(*) FROM processed_event");
    if (committed_at_kill > run.lines_at_kill) break;
  }
  INFO("attempts: " << attempts + 1 << ", lines at the kill: " << run.lines_at_kill << ", committed replies: "
                    << committed_at_kill << ", pending: " << pending_at_kill << ", events applied: " << applied_at_kill);
  REQUIRE(attempts < 8);
  REQUIRE(pending_at_kill >= committed_at_kill - run.lines_at_kill);  // the unwritten ones are all still pending

  // Run again, same database, same --out.
  const auto resumed = run_fanbase({"replay", "--config", example_config, "--db", db, "--out", out, updates}, "", dir);
  INFO(resumed.describe());
  REQUIRE(resumed.exit_code == 0);
  // The replies the killed run committed but never wrote come first, then the rest of the file's.
  CHECK(summary_value(resumed.out, "redelivered") == pending_at_kill);
  CHECK(summary_value(resumed.out, "applied") == update_count - applied_at_kill);
  CHECK(summary_value(resumed.out, "duplicates") == applied_at_kill);

  // Every committed reply is marked delivered, and the pipeline committed exactly what the clean run did.
  CHECK(query_int(db, "SELECT count(*) FROM outbox WHERE state <> 'sent'") == 0);
  CHECK(query_rows(db, outbox_sql) == query_rows(clean_db, outbox_sql));

  // The replies file: what was written before the kill is still there (appended to, not truncated), every reply
  // of the clean run is in it at least once, and nothing else is. Lines written but not yet marked at the kill
  // appear twice: at-least-once, not exactly-once.
  const std::vector<std::string> lines = lines_of(read_text_file(out));
  CHECK(static_cast<std::int64_t>(lines.size()) >= run.lines_at_kill);
  CHECK(lines.size() >= clean_lines.size());
  const auto seen = counted(lines);
  const auto expected = counted(clean_lines);
  std::size_t missing = 0, extra = 0;
  for (const auto& [line, n] : expected) missing += seen.count(line) == 0 || seen.at(line) < n;
  for (const auto& [line, n] : seen) extra += expected.count(line) == 0;
  CHECK(missing == 0);
  CHECK(extra == 0);
  CHECK(std::set<std::string>(lines.begin(), lines.end()) == std::set<std::string>(clean_lines.begin(), clean_lines.end()));

  // Points: each event paid once, balances equal to the ledger, and the same as the clean run's.
  CHECK(query_int(db, "SELECT count(*) FROM processed_event") == update_count);
  CHECK(query_int(db, "SELECT count(*) FROM (SELECT 1 FROM point_entry GROUP BY reference, member_id, reason "
                      "HAVING count(*) > 1)") == 0);
  CHECK(query_int(db, "SELECT count(*) FROM member m WHERE m.points <> "
                      "(SELECT coalesce(sum(delta), 0) FROM point_entry e WHERE e.member_id = m.id)") == 0);
  CHECK(query_rows(db, ledger_sql) == query_rows(clean_db, ledger_sql));
  CHECK(query_rows(db, balances_sql) == query_rows(clean_db, balances_sql));
}
