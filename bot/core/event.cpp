#include "bot/core/action.hpp"
#include "bot/core/event.hpp"

#include <cstdio>

#include "base/time.hpp"

namespace fanbase {

const char* to_string(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::message: return "message";
    case EventKind::edited_message: return "edited_message";
    case EventKind::reaction: return "reaction";
    case EventKind::callback: return "callback";
    case EventKind::member_joined: return "member_joined";
    case EventKind::member_left: return "member_left";
    case EventKind::member_updated: return "member_updated";
    case EventKind::join_request: return "join_request";
    case EventKind::tick: return "tick";
  }
  return "unknown";
}

namespace {
constexpr ActionKind all_action_kinds[] = {
    ActionKind::send_message,    ActionKind::edit_message,      ActionKind::delete_message, ActionKind::answer_callback,
    ActionKind::restrict_member, ActionKind::unrestrict_member, ActionKind::ban_member,     ActionKind::unban_member,
    ActionKind::approve_join,    ActionKind::decline_join,      ActionKind::send_photo,     ActionKind::send_direct,
};
}  // namespace

const char* to_string(ActionKind kind) noexcept {
  switch (kind) {
    case ActionKind::send_message: return "send_message";
    case ActionKind::edit_message: return "edit_message";
    case ActionKind::delete_message: return "delete_message";
    case ActionKind::answer_callback: return "answer_callback";
    case ActionKind::restrict_member: return "restrict_member";
    case ActionKind::unrestrict_member: return "unrestrict_member";
    case ActionKind::ban_member: return "ban_member";
    case ActionKind::unban_member: return "unban_member";
    case ActionKind::approve_join: return "approve_join";
    case ActionKind::decline_join: return "decline_join";
    case ActionKind::send_photo: return "send_photo";
    case ActionKind::send_direct: return "send_direct";
  }
  return "unknown";
}

std::optional<ActionKind> action_kind_from(std::string_view name) noexcept {
  for (ActionKind k : all_action_kinds) {
    if (name == to_string(k)) return k;
  }
  return std::nullopt;
}

namespace {
constexpr char row_sep = '\x1d', button_sep = '\x1e', field_sep = '\x1f';

void append_clean(std::string& out, std::string_view s) {
  for (char c : s) out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}
}  // namespace

namespace {
constexpr std::string_view mention_open = "\xEE\x80\x80", mention_mid = "\xEE\x80\x81", mention_close = "\xEE\x80\x82";
}  // namespace

std::string mention_markup(std::string_view user_id, std::string_view name) {
  std::string out;
  out.reserve(user_id.size() + name.size() + 9);
  out.append(mention_open).append(user_id).append(mention_mid).append(name).append(mention_close);
  return out;
}

std::vector<MentionSpan> find_mentions(std::string_view text) {
  std::vector<MentionSpan> out;
  std::size_t from = 0;
  for (;;) {
    const auto open = text.find(mention_open, from);
    if (open == std::string_view::npos) return out;
    const auto mid = text.find(mention_mid, open + mention_open.size());
    const auto close = mid == std::string_view::npos ? mid : text.find(mention_close, mid + mention_mid.size());
    if (close == std::string_view::npos) return out;  // not markup we wrote: left as it is
    MentionSpan m;
    m.begin = open;
    m.end = close + mention_close.size();
    m.user_id = text.substr(open + mention_open.size(), mid - open - mention_open.size());
    m.name = text.substr(mid + mention_mid.size(), close - mid - mention_mid.size());
    out.push_back(m);
    from = m.end;
  }
}

std::string plain_text(std::string_view text) {
  const auto mentions = find_mentions(text);
  if (mentions.empty()) return std::string(text);
  std::string out;
  std::size_t at = 0;
  for (const auto& m : mentions) {
    out.append(text.substr(at, m.begin - at)).append(m.name);
    at = m.end;
  }
  out.append(text.substr(at));
  return out;
}

std::string encode_keyboard(const Keyboard& keyboard) {
  std::string out;
  for (std::size_t r = 0; r < keyboard.size(); ++r) {
    if (r > 0) out += row_sep;
    for (std::size_t b = 0; b < keyboard[r].size(); ++b) {
      if (b > 0) out += button_sep;
      append_clean(out, keyboard[r][b].text);
      out += field_sep;
      append_clean(out, keyboard[r][b].data);
    }
  }
  return out;
}

Keyboard decode_keyboard(std::string_view stored) {
  Keyboard keyboard;
  if (stored.empty()) return keyboard;
  for (std::string_view row : split(stored, row_sep)) {
    std::vector<Button> buttons;
    for (std::string_view button : split(row, button_sep)) {
      const auto at = button.find(field_sep);
      if (at == std::string_view::npos) continue;  // not written by encode_keyboard
      buttons.push_back(Button{std::string(button.substr(0, at)), std::string(button.substr(at + 1))});
    }
    if (!buttons.empty()) keyboard.push_back(std::move(buttons));
  }
  return keyboard;
}

std::string utc_stamp(std::int64_t at_ms) {
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), valid for the whole int64 range of days.
  std::int64_t days = at_ms / day_ms, ms = at_ms % day_ms;
  if (ms < 0) {
    ms += day_ms;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const std::int64_t secs = ms / 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

std::optional<std::string> implausible_time(std::int64_t at_ms, std::int64_t received_ms, std::int64_t earliest_ms) {
  if (at_ms > add_saturated(received_ms, max_event_lead_ms)) {
    return "dated " + utc_stamp(at_ms) + ", more than a day after it was received at " + utc_stamp(received_ms);
  }
  if (at_ms < earliest_ms) return "dated " + utc_stamp(at_ms) + ", before the platform existed (" + utc_stamp(earliest_ms) + ")";
  return std::nullopt;
}

}  // namespace fanbase
