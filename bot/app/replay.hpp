// Replay: applies a file of Telegram Bot API Update objects (one JSON object per line, as getUpdates returns
// them in result[]) through the same pipeline as the live bot, writes the bot's replies as JSON lines, and
// counts what happened. A malformed line is counted with its line number and never stops the replay.
// Replies are at-least-once across a crash: a reply's line is written and flushed before its outbox row is
// marked sent, and a run first writes the rows an earlier (killed) run committed but never marked. Flushed
// means handed to the kernel (fflush), not fsync'd: that survives the process dying (kill -9, a crash), not
// the machine losing power, the same stance as the database's synchronous = NORMAL.
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
  std::int64_t replies = 0;       // replies of the events this run applied
  std::int64_t redelivered = 0;   // replies an earlier run committed but never wrote, written first
  std::map<std::string, std::int64_t> skipped;  // reason → count
  std::vector<std::pair<std::int64_t, std::string>> malformed;  // (line number, why)
  std::int64_t malformed_count = 0;
  double wall_seconds = 0;

  std::int64_t skipped_total() const;
  // The printed summary (several lines; malformed line numbers capped).
  std::string to_string(const std::string& source) const;
};

// Opens the replies file for appending (never truncates). When its last line was cut short (a run killed in the
// middle of a write) it is ended with '\n' first, so the next reply starts a line of its own. nullptr and errno
// when it cannot be opened.
std::FILE* open_replies_file(const std::string& path);

// Replays `path`. First the replay platform's outbox rows still pending (committed by an earlier run that
// never wrote them) are written to `replies_out`, in id order, and marked sent; then the file's replies are
// written as their batches commit, flushed, and marked sent every 4096 lines and at the end. nullptr: replies
// are discarded but still marked sent. Throws std::runtime_error when the file cannot be read or the replies
// cannot be written (their rows then stay pending for the next run).
ReplaySummary replay_file(Application& app, const std::string& path, std::FILE* replies_out);

}  // namespace fanbase
