// Replay: applies a file of Telegram Bot API Update objects (one JSON object per line, as getUpdates returns
// them in result[]) through the same pipeline as the live bot, writes the bot's replies as JSON lines, and
// counts what happened. A malformed line is counted with its line number and never stops the replay.
// Thread: run on the main thread; the Application's storage thread applies the events.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bot/app/application.hpp"

namespace fanbase {

struct ReplaySummary {
  std::int64_t lines = 0;
  std::int64_t applied = 0;       // events that went through the pipeline and committed
  std::int64_t duplicates = 0;    // already applied earlier (same update_id)
  std::int64_t failed = 0;        // applied, but an exception rolled the event's effects back (see the log)
  std::int64_t not_committed = 0; // the batch's commit failed
  std::int64_t replies = 0;
  std::map<std::string, std::int64_t> skipped;  // reason → count
  std::vector<std::pair<std::int64_t, std::string>> malformed;  // (line number, why)
  std::int64_t malformed_count = 0;
  double wall_seconds = 0;

  std::int64_t skipped_total() const;
  // The printed summary (several lines; malformed line numbers capped).
  std::string to_string(const std::string& source) const;
};

// Replays `path`; replies go to `replies_out` (nullptr: discarded). Throws std::runtime_error when the file
// cannot be read.
ReplaySummary replay_file(Application& app, const std::string& path, std::FILE* replies_out);

}  // namespace fanbase
