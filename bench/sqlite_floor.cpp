// sqlite_floor: the raw-SQLite floor for the replay benchmarks (issue 9). Written against the SQLite C API alone (no
// SQLiteCpp, no Fanbase code): for N events it runs only the three statements every paid event needs, with the
// table shapes and indexes storage/migrations.cpp gives those tables:
//
//   INSERT INTO processed_event (key, at)            -- the idempotency key, "tg:<n>"
//   INSERT INTO point_entry (community_id, ...)      -- the ledger row (+ point_entry_by_member, point_entry_by_time)
//   UPDATE member SET points = points + ?, ...       -- the balance, lifetime points (member_by_earned) and the
//                                                       message counters, the statement storage/points_ledger.cpp runs
//
// into a fresh file database: WAL, synchronous = FULL, foreign_keys = ON, a 24 MiB page cache, and the app's checkpoint
// policy (PASSIVE checkpoints on a second connection in a background thread once the WAL passes 2000 pages; inline
// past 40000) -- the same settings as storage/database.cpp and storage/checkpointer.cpp. Events are grouped into
// commits of --batch (4096, replay's default). The member pool (--members, default 50000, spread round-robin over
// --communities chats, default 200) is inserted before the clock starts; each event's member is drawn from it with a
// Zipf law (s = 1.1 over a shuffled ranking, as bench/gen_updates draws authors) or uniformly (--dist uniform), and
// the pool is numbered in order of first appearance, as the app numbers member rows.
//
//   sqlite_floor --events N [--db FILE] [--batch 4096] [--members 50000] [--communities 200]
//                [--dist zipf|uniform] [--seed 1] [--last-text BYTES]
//
// --last-text B also stores a B-byte text in member.msg_last_text on every UPDATE (the app keeps the folded previous
// message there for near-duplicate checks); the default 0 leaves the column as it is.
// Prints `events_per_s: N` and `wall_ms: N` (the timed part: the N events and their commits, nothing else).
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "sqlite_floor: %s\n", what.c_str());
  std::exit(1);
}

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) die(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "?";
    sqlite3_free(err);
    die(std::string("exec failed: ") + msg + "\n  in: " + sql);
  }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr), sql);
  return st;
}

void run(sqlite3* db, sqlite3_stmt* st, const char* what) {
  const int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE) die(std::string(what) + ": " + sqlite3_errmsg(db));
  sqlite3_reset(st);
}

struct Rng {  // splitmix64: deterministic, independent of the standard library
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

// The tables as storage/migrations.cpp leaves them (migrations 1-4, plus member.platform_admin from a later one).
constexpr const char* kSchema = R"sql(
CREATE TABLE community (
  id         INTEGER PRIMARY KEY,
  platform   TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  title      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (platform, chat_id)
);
CREATE TABLE member (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  user_id      TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  username     TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL DEFAULT 'member',
  joined_at    INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  points       INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  earned       INTEGER NOT NULL DEFAULT 0,
  level        INTEGER NOT NULL DEFAULT 0,
  day          INTEGER NOT NULL DEFAULT 0,
  day_points   INTEGER NOT NULL DEFAULT 0,
  msg_count         INTEGER NOT NULL DEFAULT 0,
  msg_last_award_at INTEGER NOT NULL DEFAULT 0,
  msg_day           INTEGER NOT NULL DEFAULT 0,
  msg_day_points    INTEGER NOT NULL DEFAULT 0,
  msg_last_text     TEXT NOT NULL DEFAULT '',
  platform_admin    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (community_id, user_id)
);
CREATE INDEX member_by_username ON member (community_id, username) WHERE username <> '';
CREATE INDEX member_by_earned ON member (community_id, earned DESC);
CREATE TABLE processed_event (
  key TEXT PRIMARY KEY,
  at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE point_entry (
  id           INTEGER PRIMARY KEY,
  community_id INTEGER NOT NULL REFERENCES community(id),
  member_id    INTEGER NOT NULL REFERENCES member(id),
  delta        INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  reference    TEXT NOT NULL,
  actor_id     INTEGER REFERENCES member(id),
  note         TEXT NOT NULL DEFAULT '',
  at           INTEGER NOT NULL
);
CREATE INDEX point_entry_by_member ON point_entry (member_id, id);
CREATE INDEX point_entry_by_time ON point_entry (community_id, at, member_id, delta);
)sql";

// storage/checkpointer.cpp's policy on the raw API: the commit hook wakes a thread that checkpoints on its own
// connection; past `hard` pages the writer checkpoints inline.
class Checkpointer {
 public:
  Checkpointer(sqlite3* writer, std::string path, int soft = 2000, int hard = 40000)
      : writer_(writer), path_(std::move(path)), soft_(soft), hard_(hard) {
    exec(writer_, "PRAGMA wal_autocheckpoint = 0");
    sqlite3_wal_hook(writer_, &Checkpointer::on_commit, this);
    thread_ = std::thread([this] { loop(); });
  }
  ~Checkpointer() {
    sqlite3_wal_hook(writer_, nullptr, nullptr);
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  std::atomic<int> background{0}, inline_{0};

 private:
  static int on_commit(void* self_ptr, sqlite3* db, const char* name, int pages) {
    auto* self = static_cast<Checkpointer*>(self_ptr);
    if (pages >= self->hard_) {
      ++self->inline_;
      sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (pages >= self->soft_) {
      {
        std::lock_guard lock(self->mutex_);
        self->pending_ = true;
      }
      self->wake_.notify_one();
    }
    return SQLITE_OK;
  }
  void loop() {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      die("checkpointer cannot open " + path_);
    sqlite3_busy_timeout(db, 5000);
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return pending_ || stopping_; });
        if (stopping_) break;
        pending_ = false;
      }
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      ++background;
    }
    sqlite3_close(db);
  }

  sqlite3* writer_;
  std::string path_;
  int soft_, hard_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false, stopping_ = false;
  std::thread thread_;
};

long long parse_count(const char* flag, const char* v) {
  char* end = nullptr;
  errno = 0;
  const long long n = std::strtoll(v, &end, 10);
  if (errno != 0 || end == v || *end != '\0' || n < 0) die(std::string("bad value for ") + flag + ": " + v);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  long long events = 0, batch = 4096, members = 50000, communities = 200, last_text = 0;
  std::uint64_t seed = 1;
  std::string db_path = "build/bench/sqlite_floor.db";
  bool zipf = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--events") events = parse_count("--events", value());
    else if (a == "--db") db_path = value();
    else if (a == "--batch") batch = parse_count("--batch", value());
    else if (a == "--members") members = parse_count("--members", value());
    else if (a == "--communities") communities = parse_count("--communities", value());
    else if (a == "--seed") seed = static_cast<std::uint64_t>(parse_count("--seed", value()));
    else if (a == "--last-text") last_text = parse_count("--last-text", value());
    else if (a == "--dist") {
      const std::string d = value();
      if (d == "zipf") zipf = true;
      else if (d == "uniform") zipf = false;
      else die("--dist is zipf or uniform, not " + d);
    } else if (a == "-h" || a == "--help") {
      std::puts("sqlite_floor --events N [--db FILE] [--batch 4096] [--members 50000] [--communities 200] "
                "[--dist zipf|uniform] [--seed 1] [--last-text BYTES]");
      return 0;
    } else {
      die("unknown argument " + a + " (see --help)");
    }
  }
  if (events <= 0 || batch <= 0 || members <= 0 || communities <= 0 || communities > members)
    die("need --events > 0, --batch > 0 and 0 < --communities <= --members");

  // A fresh file database.
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((db_path + suffix).c_str());
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK)
    die("cannot open " + db_path + ": " + (db ? sqlite3_errmsg(db) : "?"));
  exec(db, "PRAGMA foreign_keys = ON");
  exec(db, "PRAGMA journal_mode = WAL");
  exec(db, "PRAGMA synchronous = FULL");
  exec(db, "PRAGMA busy_timeout = 5000");
  exec(db, "PRAGMA temp_store = MEMORY");
  exec(db, "PRAGMA wal_autocheckpoint = 4000");
  exec(db, "PRAGMA cache_size = -24576");
  exec(db, "BEGIN");
  exec(db, kSchema);
  exec(db, "COMMIT");

  // Setup, untimed: the communities and the member pool (member m belongs to community 1 + m % communities).
  constexpr std::int64_t kStartMs = 1709251200000LL;  // 2024-03-01, gen_updates' start
  exec(db, "BEGIN");
  {
    sqlite3_stmt* c = prepare(db, "INSERT INTO community (id, platform, chat_id, title, created_at) "
                                  "VALUES (?1, 'telegram', ?2, ?3, ?4)");
    for (long long i = 1; i <= communities; ++i) {
      const std::string chat = std::to_string(-1001000000000LL - i);
      const std::string title = "chat " + std::to_string(i);
      sqlite3_bind_int64(c, 1, i);
      sqlite3_bind_text(c, 2, chat.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(c, 3, title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(c, 4, kStartMs);
      run(db, c, "insert community");
    }
    sqlite3_finalize(c);
    sqlite3_stmt* m = prepare(db, "INSERT INTO member (id, community_id, user_id, display_name, joined_at, "
                                  "last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
    for (long long i = 1; i <= members; ++i) {
      const std::string user = std::to_string(5000000000LL + i);
      const std::string name = "Member " + std::to_string(i);
      sqlite3_bind_int64(m, 1, i);
      sqlite3_bind_int64(m, 2, 1 + (i - 1) % communities);
      sqlite3_bind_text(m, 3, user.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(m, 4, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(m, 5, kStartMs);
      run(db, m, "insert member");
    }
    sqlite3_finalize(m);
  }
  exec(db, "COMMIT");
  exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");

  // Who writes each event: drawn before the clock starts.
  Rng rng{seed};
  std::vector<std::int32_t> author(static_cast<std::size_t>(events));
  if (zipf) {
    std::vector<std::int32_t> rank(static_cast<std::size_t>(members));
    for (std::size_t i = 0; i < rank.size(); ++i) rank[i] = static_cast<std::int32_t>(i + 1);
    for (std::size_t i = rank.size(); i > 1; --i) std::swap(rank[i - 1], rank[rng.below(i)]);
    std::vector<double> cdf(rank.size());
    double sum = 0;
    for (std::size_t i = 0; i < cdf.size(); ++i) cdf[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), 1.1));
    for (auto& a : author) {
      const double u = rng.uniform() * sum;
      const auto k = static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
      a = rank[std::min(k, rank.size() - 1)];
    }
  } else {
    for (auto& a : author) a = static_cast<std::int32_t>(1 + rng.below(static_cast<std::uint64_t>(members)));
  }
  // The app numbers member rows as members first appear, so the busiest members, who appear early, share the first
  // pages of `member`. Do the same: renumber the pool in order of first appearance (the rest keep the last ids).
  {
    std::vector<std::int32_t> renum(static_cast<std::size_t>(members) + 1, 0);
    std::int32_t next = 1;
    for (auto& a : author) {
      auto& r = renum[static_cast<std::size_t>(a)];
      if (r == 0) r = next++;
      a = r;
    }
  }
  const std::string text(static_cast<std::size_t>(last_text), 'x');

  sqlite3_stmt* key = prepare(db, "INSERT OR IGNORE INTO processed_event (key, at) VALUES (?1, ?2)");
  sqlite3_stmt* entry = prepare(db,
      "INSERT INTO point_entry (community_id, member_id, delta, reason, reference, actor_id, note, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  sqlite3_stmt* balance = prepare(db,
      "UPDATE member SET points = points + ?2, earned = earned + CASE WHEN ?3 THEN ?2 ELSE 0 END, "
      "day = coalesce(?4, day), day_points = coalesce(?5, day_points), "
      "msg_count = coalesce(?6, msg_count), msg_last_award_at = coalesce(?7, msg_last_award_at), "
      "msg_day = coalesce(?8, msg_day), msg_day_points = coalesce(?9, msg_day_points), "
      "msg_last_text = coalesce(?10, msg_last_text) WHERE id = ?1");
  sqlite3_stmt* begin = prepare(db, "BEGIN IMMEDIATE");
  sqlite3_stmt* commit = prepare(db, "COMMIT");

  long long commits = 0;
  std::vector<std::int64_t> msg_count(static_cast<std::size_t>(members) + 1, 0);
  char keybuf[32];
  const auto t0 = std::chrono::steady_clock::now();
  {
    Checkpointer checkpointer(db, db_path);
    for (long long i = 0; i < events; ++i) {
      if (i % batch == 0) run(db, begin, "begin");
      const std::int64_t at = kStartMs + i * 1000;  // one event a second
      const std::int64_t m = author[static_cast<std::size_t>(i)];
      const std::int64_t community = 1 + (m - 1) % communities;
      const int keylen = std::snprintf(keybuf, sizeof keybuf, "tg:%lld", 100000000LL + i);

      sqlite3_bind_text(key, 1, keybuf, keylen, SQLITE_STATIC);
      sqlite3_bind_int64(key, 2, at);
      run(db, key, "insert processed_event");
      if (sqlite3_changes(db) != 1) die("duplicate key " + std::string(keybuf));

      sqlite3_bind_int64(entry, 1, community);
      sqlite3_bind_int64(entry, 2, m);
      sqlite3_bind_int64(entry, 3, 1);
      sqlite3_bind_text(entry, 4, "message", 7, SQLITE_STATIC);
      sqlite3_bind_text(entry, 5, keybuf, keylen, SQLITE_STATIC);
      sqlite3_bind_null(entry, 6);
      sqlite3_bind_text(entry, 7, "", 0, SQLITE_STATIC);
      sqlite3_bind_int64(entry, 8, at);
      run(db, entry, "insert point_entry");

      const std::int64_t day = at / 86400000;
      const std::int64_t n = ++msg_count[static_cast<std::size_t>(m)];
      sqlite3_bind_int64(balance, 1, m);
      sqlite3_bind_int64(balance, 2, 1);
      sqlite3_bind_int64(balance, 3, 1);
      sqlite3_bind_int64(balance, 4, day);
      sqlite3_bind_int64(balance, 5, n % 100);
      sqlite3_bind_int64(balance, 6, n);
      sqlite3_bind_int64(balance, 7, at);
      sqlite3_bind_int64(balance, 8, day);
      sqlite3_bind_int64(balance, 9, n % 100);
      if (last_text > 0) sqlite3_bind_text(balance, 10, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
      else sqlite3_bind_null(balance, 10);
      run(db, balance, "update member");
      if (sqlite3_changes(db) != 1) die("no member row " + std::to_string(m));

      if ((i + 1) % batch == 0 || i + 1 == events) {
        run(db, commit, "commit");
        ++commits;
      }
    }
    const auto t1 = std::chrono::steady_clock::now();
    const double secs = std::chrono::duration<double>(t1 - t0).count();
    std::printf("events: %lld\n", events);
    std::printf("commits: %lld (batch %lld)\n", commits, batch);
    std::printf("members: %lld in %lld communities, %s\n", members, communities, zipf ? "zipf s=1.1" : "uniform");
    std::printf("wall_ms: %.0f\n", secs * 1000.0);
    std::printf("events_per_s: %.0f\n", static_cast<double>(events) / secs);
    std::printf("checkpoints: %d background, %d inline\n", checkpointer.background.load(), checkpointer.inline_.load());
  }
  for (sqlite3_stmt* st : {key, entry, balance, begin, commit}) sqlite3_finalize(st);
  sqlite3_close(db);
  return 0;
}
