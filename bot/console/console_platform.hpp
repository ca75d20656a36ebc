// The console platform: try the bot with no token. Each input line is a chat line by a member; the bot's
// replies are printed. Lines:
//   alice: hello everyone      alice says something (names are case-insensitive; the name is the user id)
//   bob>3: I agree             bob replies to message #3 (messages are numbered from 1 in each session)
//   carol +3                   carol reacts 👍 to message #3
//   bob>b2: 42                 bob replies to the bot's message b2 (the bot labels messages one may answer or press)
//   /press 2  · /press b2 1    the current speaker presses button 2 of the latest buttons / button 1 of b2
//   hello                      the current speaker says it (see /as; at start: [console].default_user)
//   /as bob                    bob becomes the current speaker
//   /wait 10m                  the console's clock jumps ahead (s, m, h, d): try cooldowns and streaks
//   /quit                      end (so does end of input)
//   # a comment                ignored, like empty lines
// Thread: run() on the calling thread; it waits for each line's commit before reading the next.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "bot/core/event.hpp"
#include "bot/core/event_sink.hpp"
#include "bot/core/platform.hpp"

namespace fanbase::console {

struct ConsoleOptions {
  std::string chat_id = "fanclub";
  std::string chat_title = "Fan Club";
  std::string bot_name = "fanbase";
  std::string default_user = "alice";
  bool interactive = false;  // a person at a terminal: banner and prompts
  std::string log_path;      // shown in the banner when the log goes to a file
};

// One parsed input line.
struct ConsoleInput {
  enum class Type { say, reply, react, press, as, wait, quit, blank, error };
  Type type = Type::blank;
  std::string speaker;     // empty: the current speaker
  int target = 0;          // reply/react: the message number; press: the bot message's (0: the latest with buttons)
  bool bot_target = false; // reply/react: target is a bot message label (b3)
  int button = 0;          // press: the button's number (1 = the first)
  std::string text;
  std::int64_t wait_ms = 0;
  std::string error;       // Type::error: what is wrong with the line
};

ConsoleInput parse_console_line(std::string_view line);

// Parses /wait's argument: a duration like "90s", "10m", "2h", "1d", "1h30m" (base/duration.hpp), or a bare
// number of seconds; at most ten years. nullopt when malformed.
std::optional<std::int64_t> parse_wait(std::string_view text);

// What the console says about its own line format (shown at start and after /help).
std::string_view console_usage();

// What the console can do. It plays a Telegram group (private messages print as "→ name", buttons are pressed
// with /press, sanctions have Telegram's limits), so a story reads the same on both.
Capabilities console_capabilities();

class ConsolePlatform final : public Platform {
 public:
  ConsolePlatform(ConsoleOptions options, EventSink& sink, const Clock& clock);
  // Reads lines until end of input or /quit. Returns the number of events applied.
  std::int64_t run(std::istream& in, std::ostream& out);
  std::string_view id() const noexcept override { return "console"; }
  Capabilities capabilities() const override { return console_capabilities(); }

 private:
  struct Said {
    std::string message_id;
    UserInfo author;
    std::string text;
  };
  struct Posted {  // a labelled bot message
    std::string message_id;
    std::vector<Button> buttons;  // in reading order
  };
  std::optional<Event> to_event(const ConsoleInput& input, std::ostream& out);
  UserInfo user(const std::string& name) const;
  // Prints the actions and returns their deliveries (labelled bot messages get ids).
  std::vector<Delivery> print_actions(const std::vector<Action>& actions, std::ostream& out);
  std::string describe_message(const std::string& message_id) const;
  // Submits and waits; prints what it produced. False when the database refused it.
  bool apply(Event event, std::ostream& out, bool asked_help = false);
  // The console's clock ticks once a minute of its own time (which /wait moves): scheduled work runs.
  void maybe_tick(std::ostream& out);

  ConsoleOptions options_;
  EventSink& sink_;
  const Clock& clock_;
  std::int64_t session_ = 0;
  std::int64_t offset_ms_ = 0;  // /wait
  std::int64_t last_at_ = 0;    // events never go back in time within a session
  int next_number_ = 1;
  std::int64_t next_key_ = 1;
  std::string speaker_;
  std::map<int, Said> said_;
  std::map<int, Posted> posted_;
  int next_label_ = 1;
  int last_keyboard_ = 0;  // the latest labelled message with buttons
  std::int64_t last_tick_at_ = 0;
};

}  // namespace fanbase::console
