// UpdateMapper: turns one Telegram Bot API `Update` (one element of getUpdates' result[], or one webhook body) into a
// platform-neutral fanbase::Event, or says why it did not (skipped: a kind we ignore on purpose; malformed: input that
// is not what the Bot API sends). Hostile input is a value, never an exception.
// Owner: the Telegram adapter (long poll / webhook / replay). Thread: not thread-safe; one mapper per thread. It keeps
// its parser and a monotonic buffer between calls, so mapping a stream of updates does not allocate per JSON node.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "bot/core/event.hpp"

namespace fanbase::telegram {

enum class MapStatus { event, skipped, malformed };

const char* to_string(MapStatus status) noexcept;

struct Mapped {
  MapStatus status = MapStatus::malformed;
  Event event;                 // valid when status == event
  std::string reason;          // skipped: a short stable reason ("unsupported:poll", "channel_post", "no_sender");
                               // malformed: what was wrong ("not JSON: ...", "update_id missing", "message.chat missing")
  std::int64_t update_id = 0;  // when known (also for skipped/malformed), so the caller can still advance its offset
};

class UpdateMapper {
 public:
  // Bodies above this size are refused before parsing (Telegram's updates are a few KiB).
  static constexpr std::size_t max_update_bytes = 1 << 20;

  UpdateMapper();
  ~UpdateMapper();
  UpdateMapper(const UpdateMapper&) = delete;
  UpdateMapper& operator=(const UpdateMapper&) = delete;
  UpdateMapper(UpdateMapper&&) noexcept;
  UpdateMapper& operator=(UpdateMapper&&) noexcept;

  // Maps one Update received at `received_ms` (wall clock, ms). Never throws on bad input (only std::bad_alloc can
  // escape). An update dated implausibly for that receipt time (`implausible_time`: more than a day ahead, or before
  // Telegram's launch, `earliest_ms`) is malformed. callback_query carries no timestamp in the Bot API, so a callback
  // Event has at_ms == 0 and is not checked; the adapter stamps its receipt time.
  Mapped map(std::string_view json_text, std::int64_t received_ms);

  static constexpr std::int64_t earliest_ms = 1'376'438'400'000;  // 2013-08-14T00:00:00Z, Telegram's launch

 private:
  struct State;  // Boost.JSON parser + reused monotonic buffer; kept out of this header
  std::unique_ptr<State> state_;
};

// Converts an entity span given in UTF-16 code units (MessageEntity offset/length) into a byte span {pos, len} of the
// UTF-8 `text`. nullopt when the span is negative, runs past the end, or cuts a surrogate pair (an astral character).
std::optional<std::pair<std::size_t, std::size_t>> utf16_span_to_utf8(std::string_view text, std::int64_t offset,
                                                                      std::int64_t length) noexcept;

}  // namespace fanbase::telegram
