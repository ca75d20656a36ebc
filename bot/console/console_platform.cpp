#include "bot/console/console_platform.hpp"

#include <charconv>
#include <future>
#include <istream>
#include <ostream>

#include "base/text.hpp"

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
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc{} || p != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

}  // namespace

std::string_view console_usage() {
  return "Console lines: NAME: text · NAME>N: text (reply to #N) · NAME +N (react 👍 to #N)\n"
         "  text (as the current speaker) · /as NAME · /wait 10m (move the clock) · /quit";
}

std::optional<std::int64_t> parse_duration_ms(std::string_view t) {
  t = text::trim(t);
  if (t.empty()) return std::nullopt;
  std::int64_t unit = 1000;
  switch (t.back()) {
    case 's': unit = 1000; t.remove_suffix(1); break;
    case 'm': unit = 60'000; t.remove_suffix(1); break;
    case 'h': unit = 3'600'000; t.remove_suffix(1); break;
    case 'd': unit = 86'400'000; t.remove_suffix(1); break;
    default: break;
  }
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  if (t.empty() || ec != std::errc{} || p != t.data() + t.size() || n < 0 || n > 3650LL * 86'400'000 / unit) {
    return std::nullopt;
  }
  return n * unit;
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
    in.speaker = text::lower_ascii(text::trim(line.substr(3)));
    if (!valid_name(in.speaker)) {
      in.type = ConsoleInput::Type::error;
      in.error = "usage: /as NAME";
    }
    return in;
  }
  if (line.substr(0, 6) == "/wait " || line == "/wait") {
    auto ms = parse_duration_ms(line.substr(5));
    if (!ms) {
      in.type = ConsoleInput::Type::error;
      in.error = "usage: /wait DURATION (e.g. 90s, 10m, 2h, 1d)";
      return in;
    }
    in.type = ConsoleInput::Type::wait;
    in.wait_ms = *ms;
    return in;
  }
  if (line[0] != '/') {
    // "NAME +N"
    const auto plus = line.find(" +");
    if (plus != std::string_view::npos && line.find(':') == std::string_view::npos) {
      const auto name = line.substr(0, plus);
      auto n = parse_number(text::trim(line.substr(plus + 2)));
      if (valid_name(name) && n) {
        in.type = ConsoleInput::Type::react;
        in.speaker = text::lower_ascii(name);
        in.target = *n;
        return in;
      }
    }
    // "NAME: text" or "NAME>N: text"
    const auto colon = line.find(':');
    const bool spaced = colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ');
    if (colon != std::string_view::npos && colon > 0 && spaced) {  // "https://x" is not a speaker
      std::string_view head = line.substr(0, colon);
      const std::string_view body = text::trim(line.substr(colon + 1));
      const auto gt = head.find('>');
      std::optional<int> target;
      if (gt != std::string_view::npos) {
        target = parse_number(head.substr(gt + 1));
        head = head.substr(0, gt);
      }
      if (valid_name(head) && (gt == std::string_view::npos || target)) {
        in.type = target ? ConsoleInput::Type::reply : ConsoleInput::Type::say;
        in.speaker = text::lower_ascii(head);
        in.target = target.value_or(0);
        in.text = std::string(body);
        if (in.text.empty()) {
          in.type = ConsoleInput::Type::error;
          in.error = "nothing to say after \"" + std::string(head) + ":\"";
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
      speaker_(text::lower_ascii(options_.default_user)) {}

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
  if (input.type == ConsoleInput::Type::react || input.type == ConsoleInput::Type::reply) {
    auto it = said_.find(input.target);
    if (it == said_.end()) {
      out << "console: there is no message #" << input.target << " in this session\n";
      return std::nullopt;
    }
    if (input.type == ConsoleInput::Type::react) {
      ev.kind = EventKind::reaction;
      ev.message_id = it->second.message_id;
      ev.reaction_added = 1;
      return ev;
    }
    ev.reply_to = ReplyTarget{it->second.message_id, it->second.author};
  }
  ev.kind = EventKind::message;
  ev.text = input.text;
  const int number = next_number_++;
  ev.message_id = std::to_string(session_) + "." + std::to_string(number);
  said_[number] = Said{ev.message_id, ev.author};
  return ev;
}

void ConsolePlatform::print_actions(const std::vector<Action>& actions, std::ostream& out) {
  for (const Action& a : actions) {
    out << options_.bot_name << ": ";
    // Continuation lines are indented so a reply reads as one block; blank lines stay blank.
    for (std::size_t i = 0; i < a.text.size(); ++i) {
      out << a.text[i];
      if (a.text[i] == '\n' && i + 1 < a.text.size() && a.text[i + 1] != '\n') out << "  ";
    }
    out << '\n';
  }
  out.flush();
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
    std::vector<std::int64_t> ids;
    for (const auto& row : pending) {
      out << options_.bot_name << " (undelivered): " << row.text << '\n';
      ids.push_back(row.id);
    }
    sink_.delivered(std::move(ids));
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
    auto event = to_event(input, out);
    if (!event) continue;
    const bool asked_help = text::trim(event->text) == "/help";
    std::promise<std::pair<bool, std::vector<Action>>> promise;
    auto future = promise.get_future();
    sink_.submit(std::move(*event), [&promise](bool committed, Outcome& outcome) {
      promise.set_value({committed, std::move(outcome.actions)});
    });
    auto [committed, actions] = future.get();
    if (!committed) {
      out << "console: the database refused this line (see the log); nothing was applied\n";
      continue;
    }
    ++applied;
    print_actions(actions, out);
    if (asked_help) out << "  " << console_usage() << '\n';
    std::vector<std::int64_t> ids;
    for (const auto& a : actions) ids.push_back(a.outbox_id);
    sink_.delivered(std::move(ids));
  }
  return applied;
}

}  // namespace fanbase::console
