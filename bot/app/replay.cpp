#include "bot/app/replay.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "bot/core/outbox_codec.hpp"
#include "base/clock.hpp"
#include "bot/telegram/telegram_update.hpp"

namespace fanbase {
namespace {

constexpr std::size_t max_listed_malformed = 20;
constexpr std::size_t mark_sent_every = 4096;
constexpr const char* replay_platform = "telegram";  // the platform of UpdateMapper's events

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// One reply as a line of --out: the same for a reply of this run and for one an earlier run left unwritten.
std::string reply_line(const Action& a) {
  std::string json = "{\"kind\":";
  append_json_string(json, to_string(a.kind));
  json += ",\"chat_id\":";
  append_json_string(json, a.chat_id);
  json += ",\"reply_to_message_id\":";
  append_json_string(json, a.reply_to_message_id);
  if (a.kind == ActionKind::send_direct) {  // a private message: to whom
    json += ",\"user_id\":";
    append_json_string(json, a.user_id);
  }
  json += ",\"text\":";
  append_json_string(json, plain_text(a.text));
  json += "}\n";
  return json;
}

// Writes whole lines and flushes them to the kernel (no fsync: see replay.hpp). Throws when they could not be
// written, before anyone marks their rows sent.
void write_lines(std::FILE* out, const std::string& lines) {
  if (out == nullptr) return;
  if ((!lines.empty() && std::fwrite(lines.data(), 1, lines.size(), out) != lines.size()) || std::fflush(out) != 0) {
    throw std::runtime_error(std::string("cannot write the replies: ") + std::strerror(errno));
  }
}

// Shared between the reading thread and the storage thread's completions. The completions only append here;
// the reading thread alone touches the FILE, so what it takes out under the lock (the lines and their rows
// together) is exactly what it writes, flushes and then marks sent.
struct Progress {
  std::mutex mutex;
  std::string unwritten;                  // JSON lines of committed replies not yet written
  std::vector<std::int64_t> unwritten_ids;  // their outbox rows
  std::int64_t applied = 0, duplicates = 0, failed = 0, not_committed = 0, replies = 0;
};

// Outbox rows of the replay's platform that were committed but never marked sent (a run that was killed), in
// id order: written, flushed, then marked sent, a page at a time. Returns how many were written.
std::int64_t write_undelivered(Application& app, std::FILE* out) {
  constexpr int page = 4096;
  std::int64_t written = 0;
  std::int64_t last_id = 0;
  for (;;) {
    std::vector<PendingAction> waiting = app.pending(replay_platform, page);  // unreadable rows: failed by the sink
    if (waiting.empty()) break;
    if (waiting.front().action.outbox_id <= last_id) {  // the mark-sent job did not take effect: never loop
      throw std::runtime_error("outbox row " + std::to_string(waiting.front().action.outbox_id) +
                               " could not be marked sent");
    }
    std::string lines;
    std::vector<Delivery> done;
    for (const PendingAction& p : waiting) {
      last_id = p.action.outbox_id;
      lines += reply_line(p.action);
      done.push_back({p.action.outbox_id, {}});
    }
    write_lines(out, lines);
    written += static_cast<std::int64_t>(done.size());
    app.delivered(std::move(done));
    app.pending(replay_platform, 0);  // a barrier: the mark-sent job has committed before we look again
  }
  return written;
}

}  // namespace

std::int64_t ReplaySummary::skipped_total() const {
  std::int64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

std::string ReplaySummary::to_string(const std::string& source) const {
  std::string s;
  s += "replay: " + source + "\n";
  s += "lines: " + std::to_string(lines) + "\n";
  s += "applied: " + std::to_string(applied) + "\n";
  s += "duplicates: " + std::to_string(duplicates) + "\n";
  s += "failed: " + std::to_string(failed) + "\n";
  if (not_committed > 0) s += "not_committed: " + std::to_string(not_committed) + "\n";
  if (redelivered > 0) s += "redelivered: " + std::to_string(redelivered) + "\n";
  s += "skipped: " + std::to_string(skipped_total());
  if (!skipped.empty()) {
    s += " (";
    bool first = true;
    for (const auto& [reason, count] : skipped) {
      s += (first ? "" : ", ") + reason + "=" + std::to_string(count);
      first = false;
    }
    s += ")";
  }
  s += "\nmalformed: " + std::to_string(malformed_count);
  for (const auto& [line, why] : malformed) s += "\n  line " + std::to_string(line) + ": " + why;
  if (malformed_count > static_cast<std::int64_t>(malformed.size())) {
    s += "\n  ... and " + std::to_string(malformed_count - static_cast<std::int64_t>(malformed.size())) + " more";
  }
  s += "\nreplies: " + std::to_string(replies) + "\n";
  char buf[96];
  std::snprintf(buf, sizeof buf, "wall_ms: %.0f\n", wall_seconds * 1000.0);
  s += buf;
  const double rate = wall_seconds > 0 ? static_cast<double>(applied + duplicates) / wall_seconds : 0.0;
  std::snprintf(buf, sizeof buf, "events_per_s: %.0f\n", rate);
  s += buf;
  return s;
}

std::FILE* open_replies_file(const std::string& path) {
  bool torn = false;
  std::error_code ec;  // only a regular file is looked at: opening a FIFO to read it would block
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) > 0 && !ec) {
    if (std::FILE* existing = std::fopen(path.c_str(), "rb")) {
      torn = std::fseek(existing, -1, SEEK_END) == 0 && std::fgetc(existing) != '\n';
      std::fclose(existing);
    }
  }
  std::FILE* out = std::fopen(path.c_str(), "ab");
  if (out == nullptr) return nullptr;
  if (torn && (std::fputc('\n', out) == EOF || std::fflush(out) != 0)) {
    const int saved = errno;
    std::fclose(out);
    errno = saved;
    return nullptr;
  }
  return out;
}

ReplaySummary replay_file(Application& app, const std::string& path, std::FILE* replies_out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  std::vector<char> buffer(1 << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));

  const auto started = std::chrono::steady_clock::now();
  ReplaySummary summary;
  auto progress = std::make_shared<Progress>();
  telegram::UpdateMapper mapper;
  std::string line;
  std::int64_t last_at = 0;
  std::size_t since_mark = 0;

  // Before the first line is read, so an earlier run's replies come first, in their order.
  summary.redelivered = write_undelivered(app, replies_out);

  // Written and flushed, then marked sent: a crash in between repeats a reply rather than losing one.
  auto write_and_mark = [&] {
    std::string lines;
    std::vector<std::int64_t> ids;
    {
      std::lock_guard lock(progress->mutex);
      lines.swap(progress->unwritten);
      ids.swap(progress->unwritten_ids);
    }
    write_lines(replies_out, lines);
    std::vector<Delivery> done;
    done.reserve(ids.size());
    for (std::int64_t id : ids) done.push_back({id, {}});
    app.delivered(std::move(done));
  };

  while (std::getline(in, line)) {
    ++summary.lines;
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    telegram::Mapped mapped = mapper.map(line, SystemClock{}.now_ms());
    if (mapped.status == telegram::MapStatus::malformed) {
      ++summary.malformed_count;
      if (summary.malformed.size() < max_listed_malformed) summary.malformed.emplace_back(summary.lines, mapped.reason);
      continue;
    }
    if (mapped.status == telegram::MapStatus::skipped) {
      ++summary.skipped[mapped.reason];
      continue;
    }
    Event& ev = mapped.event;
    if (ev.at_ms == 0) ev.at_ms = last_at;  // callback queries carry no time: the last one seen stands in
    last_at = std::max(last_at, ev.at_ms);
    app.submit(std::move(ev), [progress, replies_out](bool committed, Outcome& outcome) {
      std::lock_guard lock(progress->mutex);
      if (!committed) { ++progress->not_committed; return; }
      if (outcome.duplicate) { ++progress->duplicates; return; }
      ++progress->applied;
      if (outcome.failed) ++progress->failed;
      progress->replies += static_cast<std::int64_t>(outcome.actions.size());
      for (const Action& a : outcome.actions) {
        if (replies_out != nullptr) progress->unwritten += reply_line(a);
        progress->unwritten_ids.push_back(a.outbox_id);
      }
    });
    if (++since_mark >= mark_sent_every) {
      since_mark = 0;
      write_and_mark();
    }
  }
  app.flush();
  write_and_mark();
  app.flush();
  summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Profiling aid: FANBASE_STATEMENT_COSTS=1 prints the 15 costliest prepared statements (SQLite VM steps) to stderr.
  if (const char* v = std::getenv("FANBASE_STATEMENT_COSTS"); v != nullptr && *v == '1') {
    auto costs = app.statement_costs();
    std::sort(costs.begin(), costs.end(), [](const auto& a, const auto& b) { return a.vm_steps > b.vm_steps; });
    for (std::size_t i = 0; i < costs.size() && i < 15; ++i) {
      std::fprintf(stderr, "cost %12lld steps %10lld runs %8lld scan  %s\n", static_cast<long long>(costs[i].vm_steps),
                   static_cast<long long>(costs[i].runs), static_cast<long long>(costs[i].full_scan_steps),
                   costs[i].sql.substr(0, 110).c_str());
    }
  }
  std::lock_guard lock(progress->mutex);
  summary.applied = progress->applied;
  summary.duplicates = progress->duplicates;
  summary.failed = progress->failed;
  summary.not_committed = progress->not_committed;
  summary.replies = progress->replies;
  return summary;
}

}  // namespace fanbase
