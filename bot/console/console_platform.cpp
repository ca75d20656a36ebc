#include "bot/console/console_platform.hpp"

#include <charconv>
#include <ctime>
#include <future>
#include <istream>
#include <ostream>

#include "base/duration.hpp"
#include "base/text.hpp"
#include "base/time.hpp"
#include "base/unicode.hpp"

namespace fanbase::console {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    if (c == ' ' || c == '\t' || c == ':' || c == '>' || c == '+' || c == '/' || c == '#' || c == '@') return false;
  }
  return true;
}

std::optional<int> parse_number(std::string_view s) {
  int n = 0;
  if (s.size() > 6) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

// "3" (a member's message #3) or "b3" (the bot's message b3).
bool parse_target(std::string_view s, ConsoleInput& in) {
  in.bot_target = !s.empty() && (s[0] == 'b' || s[0] == 'B');
  if (in.bot_target) s.remove_prefix(1);
  auto n = parse_number(s);
  if (!n) return false;
  in.target = *n;
  return true;
}

}  // namespace

std::string_view console_usage() {
  return "Console lines: NAME: text · NAME>N: text (reply to #N, or to the bot's bN) · NAME +N (react 👍 to #N)\n"
         "  text (as the current speaker) · /press K or /press bN K (a button) · /as NAME · /wait 10m (move the "
         "clock) · /quit";
}

Capabilities console_capabilities() {
  Capabilities c;
  c.private_messages = true;
  c.buttons = true;
  c.join_requests = true;
  c.max_message_chars = 4096;
  c.max_sanction_ms = 366 * day_ms;
  c.min_sanction_ms = 30 * second_ms;
  return c;
}

std::optional<std::int64_t> parse_wait(std::string_view t) {
  constexpr std::int64_t max_wait_ms = 3650 * day_ms;  // ten years
  t = text::trim(t);
  std::optional<std::int64_t> ms;
  if (const auto seconds = parse_number(t)) {
    ms = std::int64_t{*seconds} * 1000;  // a bare number is seconds
  } else {
    ms = fanbase::parse_duration_ms(t);  // "90s", "10m", "2h", "1d", "1h30m"
  }
  if (!ms || *ms > max_wait_ms) return std::nullopt;
  return ms;
}

ConsoleInput parse_console_line(std::string_view raw) {
  ConsoleInput in;
  const std::string_view line = text::trim(raw);
  if (line.empty() || line[0] == '#') return in;  // blank
  if (line == "/quit" || line == "/exit") {
    in.type = ConsoleInput::Type::quit;
    return in;
  }
  if (line.substr(0, 4) == "/as " || line == "/as") {
    in.type = ConsoleInput::Type::as;
    in.speaker = unicode::fold_case(text::trim(line.substr(3)));
    if (!valid_name(in.speaker)) {
      in.type = ConsoleInput::Type::error;
      in.error = "usage: /as NAME";
    }
    return in;
  }
  if (line.substr(0, 6) == "/wait " || line == "/wait") {
    auto ms = parse_wait(line.substr(5));
    if (!ms) {
      in.type = ConsoleInput::Type::error;
      in.error = "usage: /wait DURATION (e.g. 90s, 10m, 2h, 1d)";
      return in;
    }
    in.type = ConsoleInput::Type::wait;
    in.wait_ms = *ms;
    return in;
  }
  if (line.substr(0, 7) == "/press " || line == "/press") {
    std::string_view rest = text::trim(line.substr(6));
    const auto space = rest.find(' ');
    in.type = ConsoleInput::Type::press;
    bool ok = true;
    if (space != std::string_view::npos) {
      ok = parse_target(rest.substr(0, space), in) && in.bot_target;
      rest = text::trim(rest.substr(space + 1));
    }
    auto k = parse_number(rest);
    if (!ok || !k) {
      in.type = ConsoleInput::Type::error;
      in.error = "usage: /press K (button K of the latest buttons) or /press bN K (of the bot's message bN)";
      return in;
    }
    in.button = *k;
    return in;
  }
  if (line[0] != '/') {
    // "NAME +N"
    const auto plus = line.find(" +");
    if (plus != std::string_view::npos && line.find(':') == std::string_view::npos) {
      const auto name = line.substr(0, plus);
      if (valid_name(name) && parse_target(text::trim(line.substr(plus + 2)), in)) {
        in.type = ConsoleInput::Type::react;
        in.speaker = unicode::fold_case(name);
        return in;
      }
      in.target = 0;
      in.bot_target = false;
    }
    // "NAME: text" or "NAME>N: text"
    const auto colon = line.find(':');
    const bool spaced = colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ');
    if (colon != std::string_view::npos && colon > 0 && spaced) {  // "https://x" is not a speaker
      std::string_view head = line.substr(0, colon);
      const std::string_view body = text::trim(line.substr(colon + 1));
      const auto gt = head.find('>');
      bool target = false;
      if (gt != std::string_view::npos) {
        target = parse_target(head.substr(gt + 1), in);
        head = head.substr(0, gt);
      }
      if (valid_name(head) && (gt == std::string_view::npos || target)) {
        in.type = target ? ConsoleInput::Type::reply : ConsoleInput::Type::say;
        in.speaker = unicode::fold_case(head);
        in.text = std::string(body);
        if (in.text.empty()) {
          in.type = ConsoleInput::Type::error;
          in.error = "nothing to say after \"" + std::string(head) + ":\"";
        }
        return in;
      }
      // A speaker that is not one ("bob>0:", "bob>x:", "alice smith:"): say what is wrong and post nothing,
      // rather than posting the whole line as the current speaker. One word and '>' is meant as a reply;
      // one or two short words before ": " are meant as a name. Longer text ("so what I mean is: …") and a mention
      // ("@bob: hi") are said.
      const std::string_view whole = line.substr(0, colon);
      const std::string_view name = text::trim(head);
      const auto words = [](std::string_view s) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < s.size();) {
          while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
          if (i == s.size()) break;
          ++n;
          while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        }
        return n;
      };
      const bool reply_attempt = gt != std::string_view::npos && words(head) == 1 && head.size() <= 32;
      if (reply_attempt ||
          (whole.size() <= 32 && words(whole) <= 2 && whole.find_first_of("@/#+") == std::string_view::npos)) {
        in = ConsoleInput{};
        in.type = ConsoleInput::Type::error;
        const std::string shown(text::prefix_codepoints(whole, 40));
        if (reply_attempt && valid_name(name)) {
          in.error = "\"" + shown + ":\" is not a reply: after NAME> comes a message number (1, 2, …) or the bot's "
                     "label (b1, b2, …), as in bob>3: text or bob>b2: text";
        } else {
          in.error = "\"" + std::string(text::prefix_codepoints(name, 40)) +
                     "\" is not a speaker's name: a name is one word without spaces or : > + / # @ (at most 32 "
                     "bytes), as in alice: text or bob>3: text (to say this line itself, put a name before it)";
        }
        return in;
      }
    }
  }
  in.type = ConsoleInput::Type::say;  // the current speaker says the whole line
  in.text = std::string(line);
  return in;
}

ConsolePlatform::ConsolePlatform(ConsoleOptions options, EventSink& sink, const Clock& clock)
    : options_(std::move(options)), sink_(sink), clock_(clock), session_(clock.now_ms()),
      speaker_(unicode::fold_case(options_.default_user)) {}

UserInfo ConsolePlatform::user(const std::string& name) const {
  UserInfo u;
  u.id = name;
  u.display_name = name;
  u.username = name;
  return u;
}

std::optional<Event> ConsolePlatform::to_event(const ConsoleInput& input, std::ostream& out) {
  Event ev;
  ev.platform = "console";
  ev.chat_id = options_.chat_id;
  ev.chat_title = options_.chat_title;
  ev.author = user(input.speaker.empty() ? speaker_ : input.speaker);
  ev.at_ms = std::max(clock_.now_ms() + offset_ms_, last_at_);
  last_at_ = ev.at_ms;
  ev.key = "console:" + std::to_string(session_) + ":" + std::to_string(next_key_++);
  if (input.type == ConsoleInput::Type::press) {
    const int label = input.target != 0 ? input.target : last_keyboard_;
    auto it = posted_.find(label);
    if (it == posted_.end() || it->second.buttons.empty()) {
      out << "console: " << (label == 0 ? std::string("no message has buttons yet")
                                        : "the bot's message b" + std::to_string(label) + " has no buttons")
          << '\n';
      return std::nullopt;
    }
    if (input.button > static_cast<int>(it->second.buttons.size())) {
      out << "console: b" << label << " has " << it->second.buttons.size() << " buttons\n";
      return std::nullopt;
    }
    ev.kind = EventKind::callback;
    ev.message_id = it->second.message_id;
    ev.callback_data = it->second.buttons[static_cast<std::size_t>(input.button - 1)].data;
    ev.callback_id = ev.key;
    return ev;
  }
  if (input.type == ConsoleInput::Type::react || input.type == ConsoleInput::Type::reply) {
    std::string message_id;
    std::optional<UserInfo> author;
    std::string said;
    if (input.bot_target) {
      auto it = posted_.find(input.target);
      if (it != posted_.end()) {
        message_id = it->second.message_id;
        author = user(options_.bot_name);
        author->is_bot = true;
      }
    } else if (auto it = said_.find(input.target); it != said_.end()) {
      message_id = it->second.message_id;
      author = it->second.author;
      said = it->second.text;
    }
    if (message_id.empty()) {
      out << "console: there is no message " << (input.bot_target ? "b" : "#") << input.target
          << " in this session\n";
      return std::nullopt;
    }
    if (input.type == ConsoleInput::Type::react) {
      ev.kind = EventKind::reaction;
      ev.message_id = message_id;
      ev.reaction_added = 1;
      return ev;
    }
    ev.reply_to = ReplyTarget{message_id, author, said};
  }
  ev.kind = EventKind::message;
  ev.text = input.text;
  const int number = next_number_++;
  ev.message_id = std::to_string(session_) + "." + std::to_string(number);
  said_[number] = Said{ev.message_id, ev.author, ev.text};
  return ev;
}

namespace {
// Continuation lines are indented so a reply reads as one block; blank lines stay blank.
void print_block(std::ostream& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    out << text[i];
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] != '\n') out << "  ";
  }
  out << '\n';
}

std::string utc_time(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}
}  // namespace

// "#3" for a member's message, "b2" for the bot's (ids are "<session>.<n>" and "<session>.b<n>").
std::string ConsolePlatform::describe_message(const std::string& message_id) const {
  const auto dot = message_id.rfind('.');
  if (dot == std::string::npos) return message_id;
  const std::string tail = message_id.substr(dot + 1);
  return (!tail.empty() && tail[0] == 'b') ? tail : "#" + tail;
}

std::vector<Delivery> ConsolePlatform::print_actions(const std::vector<Action>& actions, std::ostream& out) {
  std::vector<Delivery> deliveries;
  const std::string& bot = options_.bot_name;
  for (const Action& a : actions) {
    Delivery d{a.outbox_id, {}};
    const bool labelled = !a.subject.empty() || !a.keyboard.empty();
    switch (a.kind) {
      case ActionKind::send_message:
      case ActionKind::send_photo:
      case ActionKind::send_direct:
      case ActionKind::edit_message: {
        std::string label;
        if (a.kind == ActionKind::edit_message) {
          out << bot << " edits " << describe_message(a.message_id) << ": ";
        } else {
          if (labelled) {
            const int n = next_label_++;
            d.created_id = std::to_string(session_) + ".b" + std::to_string(n);
            label = " b" + std::to_string(n);
            posted_[n] = Posted{d.created_id, {}};
            for (const auto& row : a.keyboard) {
              for (const auto& button : row) posted_[n].buttons.push_back(button);
            }
            if (!a.keyboard.empty()) last_keyboard_ = n;
          }
          out << bot << label;
          // A message to another chat (a follower's direct message) says to whom; the group's own stay as they were.
          if (a.kind == ActionKind::send_direct) {
            out << " → " << a.user_id;
          } else if (a.kind == ActionKind::send_message && !a.chat_id.empty() && a.chat_id != options_.chat_id) {
            out << " → " << a.chat_id;
          }
          if (a.kind == ActionKind::send_photo) out << " [photo " << a.photo << "]";
          out << ": ";
        }
        print_block(out, plain_text(a.text));
        if (a.kind == ActionKind::edit_message) {
          for (auto& [n, posted] : posted_) {
            if (posted.message_id != a.message_id) continue;
            posted.buttons.clear();
            for (const auto& row : a.keyboard) {
              for (const auto& button : row) posted.buttons.push_back(button);
            }
          }
        }
        if (!a.keyboard.empty()) {
          out << " ";
          int k = 1;
          for (const auto& row : a.keyboard) {
            for (const auto& button : row) out << " [" << k++ << " " << button.text << "]";
          }
          out << '\n';
        }
        break;
      }
      case ActionKind::answer_callback:
        if (!a.text.empty()) out << bot << " (only you see this): " << a.text << '\n';
        break;
      case ActionKind::delete_message: out << bot << " deletes " << describe_message(a.message_id) << '\n'; break;
      case ActionKind::restrict_member:
        out << bot << " mutes " << a.user_id << (a.until_ms ? " until " + utc_time(a.until_ms) : std::string()) << '\n';
        break;
      case ActionKind::unrestrict_member: out << bot << " unmutes " << a.user_id << '\n'; break;
      case ActionKind::ban_member:
        out << bot << " bans " << a.user_id << (a.until_ms ? " until " + utc_time(a.until_ms) : std::string()) << '\n';
        break;
      case ActionKind::unban_member: out << bot << " unbans " << a.user_id << '\n'; break;
      case ActionKind::approve_join: out << bot << " lets " << a.user_id << " in\n"; break;
      case ActionKind::decline_join: out << bot << " declines " << a.user_id << "'s request to join\n"; break;
    }
    deliveries.push_back(std::move(d));
  }
  out.flush();
  return deliveries;
}

bool ConsolePlatform::apply(Event event, std::ostream& out, bool asked_help) {
  std::promise<std::pair<bool, std::vector<Action>>> promise;
  auto future = promise.get_future();
  sink_.submit(std::move(event), [&promise](bool committed, Outcome& outcome) {
    promise.set_value({committed, std::move(outcome.actions)});
  });
  auto [committed, actions] = future.get();
  if (!committed) {
    out << "console: the database refused this line (see the log); nothing was applied\n";
    return false;
  }
  auto deliveries = print_actions(actions, out);
  if (asked_help) out << "  " << console_usage() << '\n';
  sink_.delivered(std::move(deliveries));
  return true;
}

void ConsolePlatform::maybe_tick(std::ostream& out) {
  const std::int64_t now = std::max(clock_.now_ms() + offset_ms_, last_at_);
  if (last_tick_at_ != 0 && now - last_tick_at_ < minute_ms) return;
  last_tick_at_ = now;
  last_at_ = now;
  Event tick;
  tick.kind = EventKind::tick;
  tick.platform = "console";
  tick.at_ms = now;
  tick.key = "console:" + std::to_string(session_) + ":tick:" + std::to_string(next_key_++);
  apply(std::move(tick), out);
}

std::int64_t ConsolePlatform::run(std::istream& in, std::ostream& out) {
  std::int64_t applied = 0;
  if (options_.interactive) {
    out << "Fanbase console · chat \"" << options_.chat_title << "\" · you are " << speaker_
        << " · /help for the bot's commands\n"
        << console_usage() << "\n";
    if (!options_.log_path.empty()) out << "(log: " << options_.log_path << ")\n";
  }
  // An earlier session may have /wait-ed ahead: continue from its clock, so time never goes back.
  const std::int64_t last = sink_.last_event_at("console");
  if (last > clock_.now_ms()) offset_ms_ = last - clock_.now_ms() + 1;
  // Replies committed before a crash but never shown are delivered first (the outbox survives restarts).
  for (int round = 0; round < 100; ++round) {
    auto pending = sink_.pending("console", 100);
    if (pending.empty()) break;
    std::vector<Action> actions;
    for (auto& waiting : pending) actions.push_back(std::move(waiting.action));
    out << "console: (undelivered) from an earlier session:\n";
    sink_.delivered(print_actions(actions, out));
    sink_.pending("console", 0);  // a barrier: the mark-sent job has committed before we look again
  }
  std::string line;
  for (;;) {
    if (options_.interactive) out << "#" << next_number_ << " " << speaker_ << "> " << std::flush;
    if (!std::getline(in, line)) {
      if (options_.interactive) out << '\n';  // Ctrl-D leaves the cursor on the prompt line
      break;
    }
    const ConsoleInput input = parse_console_line(line);
    switch (input.type) {
      case ConsoleInput::Type::blank: continue;
      case ConsoleInput::Type::quit: return applied;
      case ConsoleInput::Type::error: out << "console: " << input.error << '\n'; continue;
      case ConsoleInput::Type::as: speaker_ = input.speaker; continue;
      case ConsoleInput::Type::wait:
        offset_ms_ += input.wait_ms;
        if (options_.interactive) out << "console: the clock moved ahead " << text::trim(text::trim(line).substr(5)) << '\n';
        continue;
      default: break;
    }
    maybe_tick(out);
    auto event = to_event(input, out);
    if (!event) continue;
    const bool asked_help = text::trim(event->text) == "/help";
    if (apply(std::move(*event), out, asked_help)) ++applied;
  }
  return applied;
}

}  // namespace fanbase::console
