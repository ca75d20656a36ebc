#include "bot/app/replay.hpp"

#include <algorithm>
#include <cstdlib>

#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "bot/telegram/telegram_update.hpp"

namespace fanbase {
namespace {

constexpr std::size_t max_listed_malformed = 20;
constexpr std::size_t mark_sent_every = 4096;

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

// Shared between the reading thread and the storage thread's completions.
struct Progress {
  std::mutex mutex;
  std::vector<std::int64_t> delivered;
  std::int64_t applied = 0, duplicates = 0, failed = 0, not_committed = 0, replies = 0;
};

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

  auto flush_delivered = [&] {
    // Written before marked sent: a crash in between repeats a reply rather than losing one.
    if (replies_out != nullptr) std::fflush(replies_out);
    std::vector<Delivery> done;
    {
      std::lock_guard lock(progress->mutex);
      done.reserve(progress->delivered.size());
      for (std::int64_t id : progress->delivered) done.push_back({id, {}});
      progress->delivered.clear();
    }
    app.delivered(std::move(done));
  };

  while (std::getline(in, line)) {
    ++summary.lines;
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    telegram::Mapped mapped = mapper.map(line);
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
        if (replies_out != nullptr) {
          std::string json = "{\"kind\":";
          append_json_string(json, to_string(a.kind));
          json += ",\"chat_id\":";
          append_json_string(json, a.chat_id);
          json += ",\"reply_to_message_id\":";
          append_json_string(json, a.reply_to_message_id);
          json += ",\"text\":";
          append_json_string(json, plain_text(a.text));
          json += "}\n";
          std::fwrite(json.data(), 1, json.size(), replies_out);
        }
        progress->delivered.push_back(a.outbox_id);
      }
    });
    if (++since_mark >= mark_sent_every) {
      since_mark = 0;
      flush_delivered();
    }
  }
  app.flush();
  flush_delivered();
  app.flush();
  if (replies_out != nullptr) std::fflush(replies_out);
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
