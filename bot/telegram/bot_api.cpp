#include "bot/telegram/bot_api.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "base/text.hpp"

namespace fanbase::telegram {
namespace {

namespace json = boost::json;

// Responses nest two levels above an Update (envelope object, result array); UpdateMapper allows 32 per Update.
constexpr unsigned max_response_depth = 64;
constexpr std::size_t max_snippet_bytes = 64;  // of an unreadable body, quoted in the description
constexpr double max_exact_double_int = 9007199254740992.0;  // 2^53

json::string_view jsv(std::string_view s) noexcept { return {s.data(), s.size()}; }

// A canonical decimal int64 ("-1001234567890", "0"): what to_chars would print back. "+5", "007", "-0", " 5" are not.
std::optional<std::int64_t> canonical_int64(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  std::int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  const std::string_view digits = text.front() == '-' ? text.substr(1) : text;
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  if (text == "-0") return std::nullopt;
  return v;
}

std::optional<std::int64_t> positive_int64(std::string_view text) noexcept {
  const auto v = canonical_int64(text);
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

std::optional<std::int64_t> json_int64(const json::value& v) noexcept {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(v.get_uint64());
  if (v.is_double()) {  // "at most 52 significant bits ... double-precision float type are safe" (ResponseParameters)
    const double d = v.get_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= max_exact_double_int)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::optional<double> json_seconds(const json::value& v) noexcept {
  double d = 0;
  if (v.is_int64()) d = static_cast<double>(v.get_int64());
  else if (v.is_uint64()) d = static_cast<double>(v.get_uint64());
  else if (v.is_double()) d = v.get_double();
  else return std::nullopt;
  if (!std::isfinite(d) || d < 0) return std::nullopt;
  return d;
}

// "Too Many Requests: retry after 41" → 41. Only used when parameters.retry_after is missing.
std::optional<double> retry_after_from_text(std::string_view description) noexcept {
  constexpr std::string_view marker = "retry after ";
  const auto at = description.find(marker);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = description.substr(at + marker.size());
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
  if (ec != std::errc{} || ptr == rest.data() || v < 0) return std::nullopt;
  return static_cast<double>(v);
}

// The first bytes of a body for a log line: control characters become spaces, cut before a partial UTF-8 sequence.
std::string snippet(std::string_view body) {
  const std::size_t n = text::prefix_bytes(body, max_snippet_bytes).size();
  std::string out(body.substr(0, n));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  if (n < body.size()) out += "...";
  return out;
}

json::parse_options response_parse_options() noexcept {
  json::parse_options opt;
  opt.max_depth = max_response_depth;
  return opt;
}

// Parses JSON text we produced (ApiResult::result) or received. Null value on any error.
json::value parse_or_null(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(jsv(text), ec, json::storage_ptr(), response_parse_options());
  if (ec) return nullptr;
  return v;
}

// Number of Unicode code points of valid UTF-8 text; nullopt when the bytes are not valid UTF-8 (overlongs,
// surrogates and values above U+10FFFF are invalid).
std::optional<std::size_t> utf8_length(std::string_view s) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) { len = 1; cp = b; }
    else if ((b & 0xE0) == 0xC0) { len = 2; cp = b & 0x1F; }
    else if ((b & 0xF0) == 0xE0) { len = 3; cp = b & 0x0F; }
    else if ((b & 0xF8) == 0xF0) { len = 4; cp = b & 0x07; }
    else return std::nullopt;
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr std::array<std::uint32_t, 5> min_cp = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

bool is_blank(std::string_view s) noexcept {
  return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

bool valid_command_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > max_command_length) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool valid_scope(std::string_view scope) noexcept {
  // The BotCommandScope types that need no chat_id / user_id.
  return scope == "default" || scope == "all_private_chats" || scope == "all_group_chats" ||
         scope == "all_chat_administrators";
}

bool valid_language_code(std::string_view code) noexcept {
  return code.size() == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z';
}

}  // namespace

std::string render_html(std::string_view text) {
  const auto mentions = find_mentions(text);
  if (mentions.empty()) return escape_html(text);
  std::string out;
  std::size_t at = 0;
  for (const auto& m : mentions) {
    out += escape_html(text.substr(at, m.begin - at));
    if (positive_int64(m.user_id)) {
      out += "<a href=\"tg://user?id=" + std::string(m.user_id) + "\">" + escape_html(m.name) + "</a>";
    } else {
      out += escape_html(m.name);  // not a Telegram user id: the name alone
    }
    at = m.end;
  }
  out += escape_html(text.substr(at));
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr std::size_t max_callback_data = 64;      // bytes (InlineKeyboardButton.callback_data)
constexpr std::size_t max_callback_answer = 200;   // characters (answerCallbackQuery.text)

// chat_id / user_id: a JSON integer when the text is a canonical int64, else the string as given ("@channel").
json::value id_value(std::string_view id) {
  if (const auto v = canonical_int64(id)) return *v;
  return json::value(jsv(id));
}


json::value inline_keyboard(const Keyboard& keyboard) {
  json::array rows;
  for (const auto& row : keyboard) {
    json::array buttons;
    for (const Button& b : row) {
      const std::string_view data = text::prefix_bytes(b.data, max_callback_data);
      buttons.emplace_back(json::object{{"text", jsv(b.text)}, {"callback_data", jsv(data.empty() ? " " : data)}});
    }
    if (!buttons.empty()) rows.emplace_back(std::move(buttons));
  }
  return json::object{{"inline_keyboard", std::move(rows)}};
}

// until_ms → until_date in unix seconds; 0 stays 0 ("forever").
std::int64_t until_seconds(std::int64_t until_ms) noexcept { return until_ms > 0 ? (until_ms + 999) / 1000 : 0; }

json::object chat_permissions(bool allowed) {
  json::object p;
  for (const char* name : {"can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                           "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                           "can_send_other_messages", "can_add_web_page_previews", "can_change_info",
                           "can_invite_users", "can_pin_messages", "can_manage_topics", "can_edit_tag"}) {
    p[name] = allowed;
  }
  return p;
}

json::object message_target(const Action& a) {
  return json::object{{"chat_id", id_value(a.chat_id)}, {"message_id", id_value(a.message_id)}};
}

json::object member_target(const Action& a) {
  return json::object{{"chat_id", id_value(a.chat_id)}, {"user_id", id_value(a.user_id)}};
}

// A multipart/form-data body (RFC 7578) with text fields and one file. The boundary is derived from the content and
// chosen so that it occurs in none of the parts (field values, file name, file bytes).
struct Multipart {
  std::vector<std::pair<std::string, std::string>> fields;  // name, value
  std::string file_field, file_name;
  std::string_view file_bytes;

  void field(std::string_view name, std::string_view value) { fields.emplace_back(name, value); }
  void file(std::string_view name, std::string_view filename, std::string_view bytes) {
    file_field = name;
    file_name = filename;
    file_bytes = bytes;
  }

  bool occurs(std::string_view b) const {
    if (file_bytes.find(b) != std::string_view::npos || file_name.find(b) != std::string::npos) return true;
    for (const auto& [name, value] : fields) {
      if (value.find(b) != std::string::npos) return true;
    }
    return false;
  }

  std::string boundary() const {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a over the content: a different boundary for other content
    const auto mix = [&h](std::string_view s) {
      for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    };
    mix(file_bytes);
    for (const auto& [name, value] : fields) mix(value);
    for (;;) {
      char hex[17];
      for (int i = 0; i < 16; ++i) hex[i] = "0123456789abcdef"[(h >> (i * 4)) & 0xF];
      hex[16] = 0;
      std::string b = std::string("fanbase-") + hex;
      if (!occurs(b)) return b;
      h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    }
  }

  std::string finish(const std::string& boundary) const {
    std::string body;
    body.reserve(file_bytes.size() + 512);
    for (const auto& [name, value] : fields) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n";
      body += value;
      body += "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field + "\"; filename=\"" +
            file_name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    body += file_bytes;
    body += "\r\n--" + boundary + "--\r\n";
    return body;
  }
};

// A file name safe inside the quoted filename="..." parameter: quotes, backslashes and control characters become '_'.
std::string header_safe_file_name(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '_';
  }
  return out.empty() ? std::string("photo") : out;
}

std::string_view base_name(std::string_view path) noexcept {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string send_message_body(const SendMessageFields& msg) {
  json::object body;
  body["chat_id"] = id_value(msg.chat_id);
  if (const auto thread = positive_int64(msg.thread_id)) body["message_thread_id"] = *thread;
  body["text"] = render_html(msg.text);
  body["parse_mode"] = "HTML";
  body["link_preview_options"] = json::object{{"is_disabled", true}};
  if (const auto reply = positive_int64(msg.reply_to)) {
    body["reply_parameters"] = json::object{{"message_id", *reply}, {"allow_sending_without_reply", true}};
  }
  if (msg.keyboard != nullptr && !msg.keyboard->empty()) body["reply_markup"] = inline_keyboard(*msg.keyboard);
  return json::serialize(body);
}

bool is_local_photo(std::string_view photo) noexcept {
  if (photo.starts_with("https://") || photo.starts_with("http://")) return false;
  return photo.find('/') != std::string_view::npos || photo.find('.') != std::string_view::npos;
}

ApiCall api_call_for(const Action& a, std::string_view photo_bytes) {
  ApiCall call;
  switch (a.kind) {
    case ActionKind::send_message:
      call.method = "sendMessage";
      call.body = send_message_body({a.chat_id, a.text, a.reply_to_message_id, a.thread_id, &a.keyboard});
      return call;
    case ActionKind::send_direct:  // a member's private chat with the bot has the member's user id
      call.method = "sendMessage";
      call.body = send_message_body({a.user_id, a.text, {}, {}, &a.keyboard});
      return call;
    case ActionKind::edit_message: {
      call.method = "editMessageText";
      json::object body = message_target(a);
      body["text"] = render_html(a.text);
      body["parse_mode"] = "HTML";
      body["link_preview_options"] = json::object{{"is_disabled", true}};
      body["reply_markup"] = inline_keyboard(a.keyboard);  // an empty keyboard removes the buttons
      call.body = json::serialize(body);
      return call;
    }
    case ActionKind::delete_message:
      call.method = "deleteMessage";
      call.body = json::serialize(message_target(a));
      return call;
    case ActionKind::answer_callback: {
      call.method = "answerCallbackQuery";
      json::object body{{"callback_query_id", jsv(a.callback_id)}};
      if (!a.text.empty()) body["text"] = jsv(text::prefix_codepoints(a.text, max_callback_answer));
      call.body = json::serialize(body);
      return call;
    }
    case ActionKind::restrict_member:
    case ActionKind::unrestrict_member: {
      call.method = "restrictChatMember";
      json::object body = member_target(a);
      const bool lift = a.kind == ActionKind::unrestrict_member;
      body["permissions"] = chat_permissions(lift);
      body["use_independent_chat_permissions"] = false;
      if (!lift) body["until_date"] = until_seconds(a.until_ms);
      call.body = json::serialize(body);
      return call;
    }
    case ActionKind::ban_member: {
      call.method = "banChatMember";
      json::object body = member_target(a);
      body["until_date"] = until_seconds(a.until_ms);
      body["revoke_messages"] = false;
      call.body = json::serialize(body);
      return call;
    }
    case ActionKind::unban_member: {
      call.method = "unbanChatMember";
      json::object body = member_target(a);
      body["only_if_banned"] = true;
      call.body = json::serialize(body);
      return call;
    }
    case ActionKind::approve_join:
    case ActionKind::decline_join:
      call.method = a.kind == ActionKind::approve_join ? "approveChatJoinRequest" : "declineChatJoinRequest";
      call.body = json::serialize(member_target(a));
      return call;
    case ActionKind::send_photo: {
      call.method = "sendPhoto";
      const auto thread = positive_int64(a.thread_id);
      const auto reply = positive_int64(a.reply_to_message_id);
      json::value reply_parameters;
      if (reply) reply_parameters = json::object{{"message_id", *reply}, {"allow_sending_without_reply", true}};
      if (!is_local_photo(a.photo)) {
        json::object body{{"chat_id", id_value(a.chat_id)}, {"photo", jsv(a.photo)}};
        if (thread) body["message_thread_id"] = *thread;
        if (!a.text.empty()) {
          body["caption"] = render_html(a.text);
          body["parse_mode"] = "HTML";
        }
        if (reply) body["reply_parameters"] = reply_parameters;
        if (!a.keyboard.empty()) body["reply_markup"] = inline_keyboard(a.keyboard);
        call.body = json::serialize(body);
        return call;
      }
      Multipart form;
      form.field("chat_id", a.chat_id);
      if (thread) form.field("message_thread_id", std::to_string(*thread));
      if (!a.text.empty()) {
        form.field("caption", render_html(a.text));
        form.field("parse_mode", "HTML");
      }
      if (reply) form.field("reply_parameters", json::serialize(reply_parameters));
      if (!a.keyboard.empty()) form.field("reply_markup", json::serialize(inline_keyboard(a.keyboard)));
      form.file("photo", header_safe_file_name(base_name(a.photo)), photo_bytes);
      const std::string boundary = form.boundary();
      call.content_type = "multipart/form-data; boundary=" + boundary;
      call.body = form.finish(boundary);
      return call;
    }
  }
  return call;
}

std::optional<std::string> parse_sent_message_id(const ApiResult& result) {
  if (!result.ok) return std::nullopt;
  const json::value doc = parse_or_null(result.result);
  const json::object* msg = doc.if_object();
  if (msg == nullptr) return std::nullopt;
  const json::value* id = msg->if_contains("message_id");
  if (id == nullptr) return std::nullopt;
  const auto v = json_int64(*id);
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

std::string get_updates_body(std::int64_t offset, int timeout_s, int limit,
                             const std::vector<std::string>& allowed_updates) {
  json::object body;
  body["offset"] = offset;
  body["limit"] = limit < 1 ? 1 : (limit > 100 ? 100 : limit);
  body["timeout"] = timeout_s < 0 ? 0 : timeout_s;
  json::array types;
  types.reserve(allowed_updates.size());
  for (const std::string& t : allowed_updates) types.emplace_back(jsv(t));
  body["allowed_updates"] = std::move(types);
  return json::serialize(body);
}

Result<std::string> set_my_commands_body(const std::vector<std::pair<std::string, std::string>>& commands,
                                         std::string_view scope_type, std::optional<std::string_view> language_code) {
  if (commands.size() > max_commands)
    return user_error(Errc::bad_input, "telegram.too_many_commands", {std::to_string(commands.size())});
  if (!valid_scope(scope_type))
    return user_error(Errc::bad_input, "telegram.bad_command_scope", {std::string(scope_type)});
  const bool has_language = language_code && !language_code->empty();
  if (has_language && !valid_language_code(*language_code))
    return user_error(Errc::bad_input, "telegram.bad_language_code", {std::string(*language_code)});

  json::array list;
  list.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const auto& [name, description] = commands[i];
    if (!valid_command_name(name)) return user_error(Errc::bad_input, "telegram.bad_command", {name});
    for (std::size_t j = 0; j < i; ++j) {
      if (commands[j].first == name) return user_error(Errc::bad_input, "telegram.duplicate_command", {name});
    }
    const auto length = utf8_length(description);
    if (!length || *length == 0 || *length > max_description_length || is_blank(description))
      return user_error(Errc::bad_input, "telegram.bad_command_description", {name});
    list.emplace_back(json::object{{"command", jsv(name)}, {"description", jsv(description)}});
  }

  json::object body;
  body["commands"] = std::move(list);
  body["scope"] = json::object{{"type", jsv(scope_type)}};
  if (has_language) body["language_code"] = jsv(*language_code);
  return json::serialize(body);
}

ApiResult parse_api_response(int http_status, std::string_view body) {
  ApiResult out;
  const bool http_ok = http_status >= 200 && http_status < 300;
  const int fallback_code = http_ok || http_status < 0 ? 0 : http_status;
  const auto unreadable = [&](std::string_view why) {
    ApiResult bad;
    bad.error_code = fallback_code;
    bad.description = "unreadable response (HTTP " + std::to_string(http_status) + "): " + std::string(why);
    if (!body.empty()) bad.description += ": \"" + snippet(body) + "\"";
    return bad;
  };

  if (body.empty()) return unreadable("empty body");
  json::error_code ec;
  const json::value doc = json::parse(jsv(body), ec, json::storage_ptr(), response_parse_options());
  if (ec) return unreadable("not JSON (" + ec.message() + ")");
  const json::object* root = doc.if_object();
  if (root == nullptr) return unreadable("not a JSON object");
  const json::value* ok = root->if_contains("ok");
  if (ok == nullptr || !ok->is_bool()) return unreadable("no boolean \"ok\"");

  if (const json::value* d = root->if_contains("description"); d != nullptr && d->is_string())
    out.description = std::string(d->get_string());

  if (ok->get_bool()) {
    const json::value* result = root->if_contains("result");
    if (result == nullptr) return unreadable("\"ok\": true without \"result\"");
    out.ok = true;
    out.result = json::serialize(*result);
    return out;
  }

  out.error_code = fallback_code;
  if (const json::value* code = root->if_contains("error_code"); code != nullptr) {
    const auto v = json_int64(*code);
    if (v && *v > 0 && *v <= std::numeric_limits<int>::max()) out.error_code = static_cast<int>(*v);
  }
  if (out.description.empty()) out.description = "error " + std::to_string(out.error_code) + " without description";
  if (const json::value* p = root->if_contains("parameters"); p != nullptr && p->is_object()) {
    const json::object& params = p->get_object();
    if (const json::value* r = params.if_contains("retry_after"); r != nullptr) out.retry_after_s = json_seconds(*r);
    if (const json::value* m = params.if_contains("migrate_to_chat_id"); m != nullptr)
      out.migrate_to_chat_id = json_int64(*m);
  }
  if (out.error_code == 429 && !out.retry_after_s) out.retry_after_s = retry_after_from_text(out.description);
  return out;
}

const char* to_string(SendOutcome outcome) noexcept {
  switch (outcome) {
    case SendOutcome::sent: return "sent";
    case SendOutcome::retry_after: return "retry_after";
    case SendOutcome::retry_backoff: return "retry_backoff";
    case SendOutcome::give_up: return "give_up";
  }
  return "unknown";
}

SendOutcome classify(const ApiResult& result) {
  if (result.ok) return SendOutcome::sent;
  if (result.error_code == 400 && (result.description.find("message is not modified") != std::string::npos ||
                                   result.description.find("message to delete not found") != std::string::npos)) {
    return SendOutcome::sent;  // the wanted state already holds
  }
  if (result.migrate_to_chat_id) return SendOutcome::give_up;  // this chat id is dead; the new one is in the result
  const int code = result.error_code;
  if (code == 429) return SendOutcome::retry_after;
  if (code == 0 || code >= 500) return SendOutcome::retry_backoff;
  if (code == 401 || code == 404) return SendOutcome::retry_backoff;  // bad or revoked token: nothing can be sent
  if (code >= 400) return SendOutcome::give_up;                      // 400 Bad Request, 403 Forbidden, 409, 413...
  return SendOutcome::retry_backoff;                                  // 1xx/3xx: a proxy in the way, not Telegram
}

std::optional<std::vector<UserInfo>> parse_chat_administrators(const ApiResult& result) {
  if (!result.ok) return std::nullopt;
  const json::value doc = parse_or_null(result.result);
  const json::array* members = doc.if_array();
  if (members == nullptr) return std::nullopt;
  std::vector<UserInfo> admins;
  for (const json::value& m : *members) {
    const json::object* member = m.if_object();
    const json::value* user = member ? member->if_contains("user") : nullptr;
    const json::object* u = user ? user->if_object() : nullptr;
    const json::value* id = u ? u->if_contains("id") : nullptr;
    const auto id_value = id ? json_int64(*id) : std::nullopt;
    if (!id_value) return std::nullopt;
    const json::value* is_bot = u->if_contains("is_bot");
    if (is_bot != nullptr && is_bot->is_bool() && is_bot->get_bool()) continue;
    UserInfo info;
    info.id = std::to_string(*id_value);
    const auto text = [&](const char* key) {
      const json::value* v = u->if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    info.display_name = text("first_name");
    if (const std::string last = text("last_name"); !last.empty()) info.display_name += " " + last;
    info.username = text("username");
    info.admin = true;
    admins.push_back(std::move(info));
  }
  return admins;
}

std::optional<std::string> parse_get_me_username(const ApiResult& result) {
  if (!result.ok) return std::nullopt;
  const json::value doc = parse_or_null(result.result);
  const json::object* user = doc.if_object();
  if (user == nullptr) return std::nullopt;
  const json::value* name = user->if_contains("username");
  if (name == nullptr || !name->is_string() || name->get_string().empty()) return std::nullopt;
  return std::string(name->get_string());
}

UpdateBatch split_updates(const ApiResult& result) {
  UpdateBatch batch;
  if (!result.ok) return batch;
  const json::value doc = parse_or_null(result.result);
  const json::array* list = doc.if_array();
  if (list == nullptr) {
    batch.malformed = true;
    return batch;
  }
  batch.updates.reserve(list->size());
  for (const json::value& update : *list) {
    batch.updates.push_back(json::serialize(update));
    const json::object* obj = update.if_object();
    if (obj == nullptr) continue;
    const json::value* id = obj->if_contains("update_id");
    if (id == nullptr || !(id->is_int64() || id->is_uint64())) continue;  // a double is no update_id
    const auto v = json_int64(*id);
    if (v && (!batch.max_update_id || *v > *batch.max_update_id)) batch.max_update_id = v;
  }
  return batch;
}

std::string redact_token(std::string_view url_or_text, std::string_view token) {
  if (token.empty()) return std::string(url_or_text);
  std::vector<std::string> forms{std::string(token)};
  if (token.find(':') != std::string_view::npos) {
    for (const char* colon : {"%3A", "%3a"}) {
      std::string encoded;
      for (const char c : token) encoded += c == ':' ? std::string(colon) : std::string(1, c);
      forms.push_back(std::move(encoded));
    }
  }
  std::string out;
  out.reserve(url_or_text.size());
  std::size_t i = 0;
  while (i < url_or_text.size()) {
    bool hit = false;
    for (const std::string& form : forms) {
      if (url_or_text.substr(i, form.size()) == form) {
        out += "<token>";
        i += form.size();
        hit = true;
        break;
      }
    }
    if (!hit) out += url_or_text[i++];
  }
  return out;
}

namespace {
bool token_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
// Ends a path segment in a quoted text: a separator, whitespace, a quote or the end of a URL.
bool segment_end(char c) noexcept {
  return c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' ||
         static_cast<unsigned char>(c) <= 0x20;
}
}  // namespace

std::string redact_api_text(std::string_view text, std::string_view token) {
  const std::string once = redact_token(text, token);
  const std::string_view in = once;
  constexpr std::string_view marker = "/bot";
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto at = in.find(marker, i);
    if (at == std::string_view::npos) break;
    std::size_t end = at + marker.size();
    while (end < in.size() && !segment_end(in[end])) ++end;
    const std::string_view segment = in.substr(at + marker.size(), end - at - marker.size());
    const bool has_colon = segment.find(':') != std::string_view::npos || segment.find("%3A") != std::string_view::npos ||
                           segment.find("%3a") != std::string_view::npos;
    const bool before_slash = end < in.size() && in[end] == '/';
    out.append(in.substr(i, at - i));
    out += marker;
    if (!segment.empty() && segment != "<token>" && (has_colon || before_slash)) out += "<redacted>";
    else out.append(segment);
    i = end;
  }
  out.append(in.substr(std::min(i, in.size())));
  return out;
}

bool is_valid_bot_token(std::string_view token) noexcept {
  const auto colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 20) return false;
  const std::string_view id = token.substr(0, colon), key = token.substr(colon + 1);
  if (key.empty() || key.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         std::all_of(key.begin(), key.end(), token_char);
}

bool is_valid_webhook_secret(std::string_view secret) noexcept {
  return !secret.empty() && secret.size() <= 256 && std::all_of(secret.begin(), secret.end(), token_char);
}

}  // namespace fanbase::telegram
