#include "bot/telegram/telegram_update.hpp"

#include <array>
#include <charconv>
#include <limits>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>

#include "base/text.hpp"

// Field names follow the Bot API reference (core.telegram.org/bots/api): Update, Message, MessageEntity, User, Chat,
// CallbackQuery, MessageReactionUpdated/ReactionType, ChatMemberUpdated/ChatMember, ChatJoinRequest.
// Only the fields the Event needs are read. A field we read must have its documented JSON type when present
// (otherwise: malformed, with its path); `null` counts as absent. Fields we do not read are never looked at.

namespace fanbase::telegram {
namespace {

namespace json = boost::json;

constexpr std::int64_t max_unix_seconds = std::numeric_limits<std::int64_t>::max() / 1000;
constexpr std::size_t max_reason_key = 64;  // a hostile key name must not become a huge reason
// Names as long as the Bot API allows them (first_name and last_name 1-64 characters each, a chat title 1-128) and
// no longer, with an ellipsis when cut; a username (5-32) keeps at most 64: a forged 500,000-character name must
// not reach replies or stored rows.
constexpr std::size_t max_name_part_chars = 64;
constexpr std::size_t max_title_chars = 128;
constexpr std::size_t max_username_chars = 64;

// At most `max` characters, the "…" included.
std::string clip_name(std::string_view name, std::size_t max) {
  return text::codepoints(name) <= max ? std::string(name) : text::truncate(name, max - 1);
}

// A dotted path for error messages ("callback_query.message.chat"). Segments are views into literals or into the
// parsed document, which outlives every Path; the string is built only when something is wrong.
class Path {
 public:
  explicit Path(std::string_view root) noexcept : n_(1) { seg_[0] = root; }
  Path child(std::string_view s) const noexcept {
    Path p = *this;
    if (p.n_ < p.seg_.size()) p.seg_[p.n_++] = s;
    return p;
  }
  // "message" + "entities" + "[]" + "type" → "message.entities[].type"
  std::string with(std::string_view key) const {
    std::string out;
    for (std::size_t i = 0; i <= n_; ++i) {
      const std::string_view s = i < n_ ? seg_[i] : key;
      if (i > 0 && !(s.size() > 0 && s.front() == '[')) out += '.';
      out += s;
    }
    return out;
  }

 private:
  std::array<std::string_view, 6> seg_{};
  std::size_t n_ = 0;
};

std::string decimal(std::int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::optional<std::int64_t> to_int64(const json::value& v) noexcept {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

// Present and not null.
const json::value* field(const json::object& o, std::string_view key) noexcept {
  const json::value* v = o.if_contains(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Typed reads that record the first problem into `out` (status malformed + reason). Callers check ok() at the points
// where continuing makes no sense; later failures never overwrite the first reason.
class Reader {
 public:
  explicit Reader(Mapped& out) noexcept : out_(out) {}
  bool ok() const noexcept { return ok_; }

  void fail(const Path& p, std::string_view key, std::string_view what) {
    if (!ok_) return;
    ok_ = false;
    out_.status = MapStatus::malformed;
    out_.reason = p.with(key);
    out_.reason += ' ';
    out_.reason += what;
  }

  const json::object* object(const json::object& o, const Path& p, std::string_view key, bool required) {
    const json::value* v = field(o, key);
    if (v == nullptr) {
      if (required) fail(p, key, "missing");
      return nullptr;
    }
    if (!v->is_object()) {
      fail(p, key, "not an object");
      return nullptr;
    }
    return &v->get_object();
  }

  const json::array* array(const json::object& o, const Path& p, std::string_view key, bool required) {
    const json::value* v = field(o, key);
    if (v == nullptr) {
      if (required) fail(p, key, "missing");
      return nullptr;
    }
    if (!v->is_array()) {
      fail(p, key, "not an array");
      return nullptr;
    }
    return &v->get_array();
  }

  std::optional<std::int64_t> int64(const json::object& o, const Path& p, std::string_view key, bool required) {
    const json::value* v = field(o, key);
    if (v == nullptr) {
      if (required) fail(p, key, "missing");
      return std::nullopt;
    }
    auto n = to_int64(*v);
    if (!n) fail(p, key, "not an integer");
    return n;
  }

  // Unix seconds → milliseconds, refusing values whose product would overflow.
  std::optional<std::int64_t> unix_ms(const json::object& o, const Path& p, std::string_view key, bool required) {
    auto s = int64(o, p, key, required);
    if (!s) return std::nullopt;
    if (*s < 0 || *s > max_unix_seconds) {
      fail(p, key, "out of range");
      return std::nullopt;
    }
    return *s * 1000;
  }

  // Absent → nullopt (a failure only when required).
  std::optional<std::string_view> string(const json::object& o, const Path& p, std::string_view key, bool required) {
    const json::value* v = field(o, key);
    if (v == nullptr) {
      if (required) fail(p, key, "missing");
      return std::nullopt;
    }
    if (!v->is_string()) {
      fail(p, key, "not a string");
      return std::nullopt;
    }
    const json::string& s = v->get_string();
    return std::string_view(s.data(), s.size());
  }

  bool boolean(const json::object& o, const Path& p, std::string_view key) {
    const json::value* v = field(o, key);
    if (v == nullptr) return false;
    if (!v->is_bool()) {
      fail(p, key, "not a boolean");
      return false;
    }
    return v->get_bool();
  }

 private:
  Mapped& out_;
  bool ok_ = true;
};

void skip(Mapped& out, std::string reason) {
  out.status = MapStatus::skipped;
  out.reason = std::move(reason);
}

// User: id (required), first_name, last_name, username, is_bot.
bool read_user(Reader& r, const json::object& u, const Path& p, UserInfo& out) {
  const auto id = r.int64(u, p, "id", true);
  const auto first = r.string(u, p, "first_name", false);
  const auto last = r.string(u, p, "last_name", false);
  const auto username = r.string(u, p, "username", false);
  const bool is_bot = r.boolean(u, p, "is_bot");
  if (!r.ok()) return false;
  out.id = decimal(*id);
  std::string name = clip_name(first.value_or(std::string_view{}), max_name_part_chars);
  if (last && !last->empty()) {
    name += ' ';
    name += clip_name(*last, max_name_part_chars);
  }
  const std::string_view trimmed = trim(name);
  out.display_name.assign(trimmed.data(), trimmed.size());
  if (username) out.username.assign(text::prefix_codepoints(*username, max_username_chars));
  out.is_bot = is_bot;
  return true;
}

bool read_user_field(Reader& r, const json::object& parent, const Path& p, std::string_view key, UserInfo& out) {
  const json::object* u = r.object(parent, p, key, true);
  return u != nullptr && read_user(r, *u, p.child(key), out);
}

// Chat (required) under `key` of `parent`: id, type, title / first_name.
bool read_chat(Reader& r, const json::object& parent, const Path& p, Event& ev) {
  const json::object* chat = r.object(parent, p, "chat", true);
  if (chat == nullptr) return false;
  const Path cp = p.child("chat");
  const auto id = r.int64(*chat, cp, "id", true);
  const auto type = r.string(*chat, cp, "type", false);
  const auto title = r.string(*chat, cp, "title", false);
  const auto first = r.string(*chat, cp, "first_name", false);
  if (!r.ok()) return false;
  ev.chat_id = decimal(*id);
  ev.private_chat = type && *type == "private";
  if (title && !title->empty()) {
    ev.chat_title = clip_name(*title, max_title_chars);
  } else if (ev.private_chat && first) {
    ev.chat_title = clip_name(*first, max_title_chars);
  }
  return true;
}

// Forum topic: message_thread_id counts only for topic messages (in ordinary supergroups Telegram also sets it for
// reply threads, which are not topics).
bool read_thread(Reader& r, const json::object& msg, const Path& p, Event& ev) {
  const bool topic = r.boolean(msg, p, "is_topic_message");
  const auto thread = r.int64(msg, p, "message_thread_id", false);
  if (!r.ok()) return false;
  if (topic && thread) ev.thread_id = decimal(*thread);
  return true;
}

// Content kinds that make a message without text/caption still a member's message (not a service message).
constexpr std::array<std::string_view, 18> media_fields = {
    "animation", "audio",   "document", "paid_media", "photo", "sticker", "story",   "video",   "video_note",
    "voice",     "contact", "dice",     "game",       "poll",  "venue",   "location", "invoice", "checklist"};

// Message fields that describe every message (who, where, when, how it is formatted); the first field outside this
// set in a message without text or media names its service kind ("service:pinned_message").
constexpr std::array<std::string_view, 42> envelope_fields = {
    "message_id",       "message_thread_id",    "direct_messages_topic",   "from",
    "sender_chat",      "sender_boost_count",   "sender_business_bot",     "date",
    "business_connection_id", "chat",           "forward_origin",          "forward_from",
    "forward_from_chat", "forward_from_message_id", "forward_signature",   "forward_sender_name",
    "forward_date",     "is_topic_message",     "is_automatic_forward",    "reply_to_message",
    "external_reply",   "quote",                "reply_to_story",          "reply_to_checklist_task_id",
    "via_bot",          "edit_date",            "has_protected_content",   "is_from_offline",
    "is_paid_post",     "media_group_id",       "author_signature",        "paid_star_count",
    "text",             "entities",             "caption",                 "caption_entities",
    "link_preview_options", "effect_id",        "show_caption_above_media", "has_media_spoiler",
    "reply_markup",     "suggested_post_info"};

bool has_media(const json::object& msg) noexcept {
  for (std::string_view f : media_fields)
    if (field(msg, f) != nullptr) return true;
  return false;
}

std::string service_reason(const json::object& msg) {
  for (const auto& kv : msg) {
    const std::string_view key(kv.key().data(), kv.key().size());
    bool envelope = false;
    for (std::string_view e : envelope_fields) {
      if (e == key) {
        envelope = true;
        break;
      }
    }
    if (!envelope) return "service:" + std::string(key.substr(0, max_reason_key));
  }
  return "service:unknown";
}

// text_mention entities → Event::mentions, and the number of "mention" (@username) entities →
// Event::username_mentions. A span that does not fit the text is ignored (the message still counts).
bool read_mentions(Reader& r, const json::object& msg, const Path& p, std::string_view key, std::string_view text,
                   Event& ev) {
  const json::array* entities = r.array(msg, p, key, false);
  if (entities == nullptr) return r.ok();
  const Path ep = p.child(key).child("[]");
  std::size_t usernames = 0;
  for (const json::value& item : *entities) {
    if (!item.is_object()) {
      r.fail(p.child(key), "[]", "not an object");
      return false;
    }
    const json::object& e = item.get_object();
    const auto type = r.string(e, ep, "type", true);
    if (!r.ok()) return false;
    if (*type == "mention") ++usernames;
    if (*type != "text_mention") continue;
    const auto offset = r.int64(e, ep, "offset", true);
    const auto length = r.int64(e, ep, "length", true);
    if (!r.ok()) return false;
    Mention m;
    if (!read_user_field(r, e, ep, "user", m.user)) return false;
    const auto span = utf16_span_to_utf8(text, *offset, *length);
    if (!span) continue;
    m.text.assign(text.substr(span->first, span->second));
    ev.mentions.push_back(std::move(m));
  }
  ev.username_mentions = usernames;
  return true;
}

// reply_to_message → Event::reply_to. In forum supergroups every topic message "replies" to the topic's creation
// message; that is no reply.
bool read_reply(Reader& r, const json::object& msg, const Path& p, Event& ev) {
  const json::object* reply = r.object(msg, p, "reply_to_message", false);
  if (reply == nullptr) return r.ok();
  if (field(*reply, "forum_topic_created") != nullptr) return true;
  const Path rp = p.child("reply_to_message");
  const auto id = r.int64(*reply, rp, "message_id", true);
  if (!r.ok()) return false;
  ReplyTarget target;
  target.message_id = decimal(*id);
  // An anonymous admin's or a channel's message carries a placeholder `from`; the real author is unknown.
  const json::object* from = r.object(*reply, rp, "from", false);
  if (!r.ok()) return false;
  if (from != nullptr && field(*reply, "sender_chat") == nullptr) {
    UserInfo author;
    if (!read_user(r, *from, rp.child("from"), author)) return false;
    target.author = std::move(author);
  }
  for (const char* key : {"text", "caption"}) {
    const json::value* v = field(*reply, key);
    if (v != nullptr && v->is_string()) {
      target.text.assign(v->get_string().data(), v->get_string().size());
      break;
    }
  }
  ev.reply_to = std::move(target);
  return true;
}

// message / edited_message.
void map_message(Reader& r, const json::object& msg, const Path& p, bool edited, Mapped& out) {
  Event& ev = out.event;
  const auto message_id = r.int64(msg, p, "message_id", true);
  auto at_ms = r.unix_ms(msg, p, "date", true);
  if (!r.ok() || !read_chat(r, msg, p, ev)) return;
  // Sent on behalf of a chat (anonymous admin, linked channel): `from` is then a placeholder bot, not a member.
  if (field(msg, "sender_chat") != nullptr) return skip(out, "anonymous_sender");
  const json::object* from = r.object(msg, p, "from", false);
  if (!r.ok()) return;
  if (from == nullptr) return skip(out, "no_sender");
  if (!read_user(r, *from, p.child("from"), ev.author)) return;
  if (edited) {
    const auto edit_ms = r.unix_ms(msg, p, "edit_date", false);
    if (!r.ok()) return;
    if (edit_ms) at_ms = edit_ms;
  }
  if (!read_thread(r, msg, p, ev)) return;
  ev.message_id = decimal(*message_id);
  ev.at_ms = *at_ms;

  if (const json::array* joined = r.array(msg, p, "new_chat_members", false)) {
    if (joined->empty()) return r.fail(p, "new_chat_members", "empty");
    const Path jp = p.child("new_chat_members").child("[]");
    ev.subjects.reserve(joined->size());
    for (const json::value& item : *joined) {
      if (!item.is_object()) return r.fail(p.child("new_chat_members"), "[]", "not an object");
      UserInfo u;
      if (!read_user(r, item.get_object(), jp, u)) return;
      ev.subjects.push_back(std::move(u));
    }
    ev.kind = EventKind::member_joined;
    out.status = MapStatus::event;
    return;
  }
  if (!r.ok()) return;
  if (const json::object* left = r.object(msg, p, "left_chat_member", false)) {
    UserInfo u;
    if (!read_user(r, *left, p.child("left_chat_member"), u)) return;
    ev.subjects.push_back(std::move(u));
    ev.kind = EventKind::member_left;
    out.status = MapStatus::event;
    return;
  }
  if (!r.ok()) return;

  const auto text = r.string(msg, p, "text", false);
  const auto caption = r.string(msg, p, "caption", false);
  if (!r.ok()) return;
  std::string_view entities_key;
  if (text) {
    ev.text.assign(text->data(), text->size());
    entities_key = "entities";
  } else if (caption) {
    ev.text.assign(caption->data(), caption->size());
    entities_key = "caption_entities";
  } else if (!has_media(msg)) {
    return skip(out, service_reason(msg));
  }
  if (!entities_key.empty() && !read_mentions(r, msg, p, entities_key, ev.text, ev)) return;
  if (!read_reply(r, msg, p, ev)) return;
  ev.kind = edited ? EventKind::edited_message : EventKind::message;
  out.status = MapStatus::event;
}

// callback_query: the pressed button's message gives the chat; inline-mode buttons have no chat.
void map_callback(Reader& r, const json::object& q, const Path& p, Mapped& out) {
  Event& ev = out.event;
  const auto id = r.string(q, p, "id", true);
  const auto data = r.string(q, p, "data", false);
  if (!r.ok() || !read_user_field(r, q, p, "from", ev.author)) return;
  const json::object* msg = r.object(q, p, "message", false);
  if (!r.ok()) return;
  if (msg == nullptr) return skip(out, "inline_callback");
  const Path mp = p.child("message");
  const auto message_id = r.int64(*msg, mp, "message_id", true);  // InaccessibleMessage has it too (date == 0)
  if (!r.ok() || !read_chat(r, *msg, mp, ev) || !read_thread(r, *msg, mp, ev)) return;
  ev.message_id = decimal(*message_id);
  ev.callback_id.assign(id->data(), id->size());
  if (data) ev.callback_data.assign(data->data(), data->size());
  ev.at_ms = 0;  // the Bot API gives no time for a button press
  ev.kind = EventKind::callback;
  out.status = MapStatus::event;
}

// ReactionType: {"type":"emoji","emoji":…} | {"type":"custom_emoji","custom_emoji_id":…} | {"type":"paid"}.
bool same_reaction(const json::object& a, const json::object& b) noexcept {
  for (std::string_view key : {std::string_view("type"), std::string_view("emoji"), std::string_view("custom_emoji_id")}) {
    const json::value* x = field(a, key);
    const json::value* y = field(b, key);
    if ((x == nullptr) != (y == nullptr)) return false;
    if (x != nullptr && *x != *y) return false;
  }
  return true;
}

bool check_reactions(Reader& r, const json::array& list, const Path& p, std::string_view key) {
  for (const json::value& item : list) {
    if (!item.is_object()) {
      r.fail(p.child(key), "[]", "not an object");
      return false;
    }
    if (!r.string(item.get_object(), p.child(key).child("[]"), "type", true)) return false;
  }
  return true;
}

void map_reaction(Reader& r, const json::object& u, const Path& p, Mapped& out) {
  Event& ev = out.event;
  const auto message_id = r.int64(u, p, "message_id", true);
  const auto at_ms = r.unix_ms(u, p, "date", true);
  const json::array* old_list = r.array(u, p, "old_reaction", true);
  const json::array* new_list = r.array(u, p, "new_reaction", true);
  if (!r.ok() || !read_chat(r, u, p, ev)) return;
  if (!check_reactions(r, *old_list, p, "old_reaction") || !check_reactions(r, *new_list, p, "new_reaction")) return;
  const json::object* user = r.object(u, p, "user", false);
  if (!r.ok()) return;
  if (user == nullptr) return skip(out, "anonymous_reaction");  // actor_chat: reacted on behalf of a chat
  if (!read_user(r, *user, p.child("user"), ev.author)) return;
  int added = 0;
  for (const json::value& n : *new_list) {
    bool present = false;
    for (const json::value& o : *old_list) {
      if (same_reaction(n.get_object(), o.get_object())) {
        present = true;
        break;
      }
    }
    if (!present) ++added;
  }
  ev.message_id = decimal(*message_id);
  ev.at_ms = *at_ms;
  ev.reaction_added = added;
  ev.kind = EventKind::reaction;
  out.status = MapStatus::event;
}

// ChatMember status → inside the chat? nullopt for a status this code does not know.
std::optional<bool> is_inside(Reader& r, const json::object& member, const Path& p) {
  const auto status = r.string(member, p, "status", true);
  const bool is_member = r.boolean(member, p, "is_member");
  if (!r.ok()) return std::nullopt;
  if (*status == "member" || *status == "administrator" || *status == "creator") return true;
  if (*status == "left" || *status == "kicked") return false;
  if (*status == "restricted") return is_member;
  return std::nullopt;
}

void map_chat_member(Reader& r, const json::object& u, const Path& p, Mapped& out) {
  Event& ev = out.event;
  const auto at_ms = r.unix_ms(u, p, "date", true);
  const json::object* old_m = r.object(u, p, "old_chat_member", true);
  const json::object* new_m = r.object(u, p, "new_chat_member", true);
  if (!r.ok() || !read_chat(r, u, p, ev) || !read_user_field(r, u, p, "from", ev.author)) return;
  const Path np = p.child("new_chat_member");
  UserInfo subject;
  if (!read_user_field(r, *new_m, np, "user", subject)) return;
  const auto was_in = is_inside(r, *old_m, p.child("old_chat_member"));
  const auto now_in = is_inside(r, *new_m, np);
  if (!r.ok()) return;
  if (!was_in || !now_in) return skip(out, "chat_member:unknown_status");
  const auto is_admin = [](const json::object& m) {
    const json::value* s = field(m, "status");
    return s != nullptr && s->is_string() && (s->get_string() == "administrator" || s->get_string() == "creator");
  };
  subject.admin = is_admin(*new_m);
  if (*was_in == *now_in) {
    // Promoted or demoted (trust_platform_admins): an update of who the member is; anything else changes nothing.
    if (!*now_in || is_admin(*old_m) == subject.admin) return skip(out, "chat_member:no_change");
    ev.kind = EventKind::member_updated;
  } else {
    ev.kind = *now_in ? EventKind::member_joined : EventKind::member_left;
  }
  ev.subjects.push_back(std::move(subject));
  ev.at_ms = *at_ms;
  out.status = MapStatus::event;
}

void map_join_request(Reader& r, const json::object& u, const Path& p, Mapped& out) {
  Event& ev = out.event;
  const auto at_ms = r.unix_ms(u, p, "date", true);
  const auto bio = r.string(u, p, "bio", false);
  if (!r.ok() || !read_chat(r, u, p, ev) || !read_user_field(r, u, p, "from", ev.author)) return;
  if (bio) ev.text.assign(bio->data(), bio->size());
  ev.at_ms = *at_ms;
  ev.kind = EventKind::join_request;
  out.status = MapStatus::event;
}

void map_payload(std::string_view name, const json::value& payload, Mapped& out) {
  Reader r(out);
  const Path p(name);
  // Known payloads must be objects; the rest are skipped unread.
  const bool known = name == "message" || name == "edited_message" || name == "channel_post" ||
                     name == "edited_channel_post" || name == "callback_query" || name == "message_reaction" ||
                     name == "chat_member" || name == "my_chat_member" || name == "chat_join_request";
  if (!known) return skip(out, "unsupported:" + std::string(name.substr(0, max_reason_key)));
  if (!payload.is_object()) {
    out.status = MapStatus::malformed;
    out.reason = std::string(name) + " not an object";
    return;
  }
  const json::object& o = payload.get_object();
  if (name == "message") return map_message(r, o, p, false, out);
  if (name == "edited_message") return map_message(r, o, p, true, out);
  if (name == "channel_post" || name == "edited_channel_post") return skip(out, "channel_post");
  if (name == "callback_query") return map_callback(r, o, p, out);
  if (name == "message_reaction") return map_reaction(r, o, p, out);
  if (name == "chat_member") return map_chat_member(r, o, p, out);
  if (name == "my_chat_member") return skip(out, "my_chat_member");
  return map_join_request(r, o, p, out);
}

json::parse_options parse_options() noexcept {
  json::parse_options opt;
  opt.max_depth = 32;  // real updates nest < 10 deep; deeper input fails with "too deep", never a stack overflow
  opt.allow_comments = false;
  opt.allow_trailing_commas = false;
  opt.allow_invalid_utf8 = false;
  return opt;
}

}  // namespace

const char* to_string(MapStatus status) noexcept {
  switch (status) {
    case MapStatus::event: return "event";
    case MapStatus::skipped: return "skipped";
    case MapStatus::malformed: return "malformed";
  }
  return "unknown";
}

std::optional<std::pair<std::size_t, std::size_t>> utf16_span_to_utf8(std::string_view text, std::int64_t offset,
                                                                      std::int64_t length) noexcept {
  if (offset < 0 || length < 0 || length > std::numeric_limits<std::int64_t>::max() - offset) return std::nullopt;
  const std::int64_t end_units = offset + length;
  std::optional<std::size_t> begin_byte;
  std::int64_t units = 0;
  std::size_t i = 0;
  for (;;) {
    if (!begin_byte) {
      if (units > offset) return std::nullopt;  // the start cuts a surrogate pair
      if (units == offset) begin_byte = i;
    }
    if (begin_byte && units == end_units) return std::make_pair(*begin_byte, i - *begin_byte);
    if (units > end_units) return std::nullopt;  // the end cuts a surrogate pair
    if (i >= text.size()) return std::nullopt;   // past the end
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t bytes = 1;
    int width = 1;  // UTF-16 code units
    if (lead >= 0xF0) {
      bytes = 4;
      width = 2;
    } else if (lead >= 0xE0) {
      bytes = 3;
    } else if (lead >= 0xC0) {
      bytes = 2;
    }
    i = std::min(text.size(), i + bytes);
    units += width;
  }
}

struct UpdateMapper::State {
  static constexpr std::size_t arena_bytes = 32 * 1024;
  static constexpr std::size_t parser_bytes = 4 * 1024;
  alignas(std::max_align_t) unsigned char arena[arena_bytes];
  alignas(std::max_align_t) unsigned char parser_temp[parser_bytes];
  // The document's nodes. Re-created (not release()d) before each parse: Boost 1.81's monotonic_resource::release()
  // keeps its doubled next-block size, so after a few dozen updates larger than the arena it would ask upstream for
  // exabytes (std::bad_alloc; the same defect as LWG 3120 for std::pmr). Construction is noexcept and allocation-free.
  std::optional<json::monotonic_resource> resource;
  json::parser parser{json::storage_ptr(), parse_options(), parser_temp, parser_bytes};

  json::storage_ptr fresh_storage() noexcept {
    resource.emplace(arena, arena_bytes);
    return json::storage_ptr(&*resource);
  }
};

UpdateMapper::UpdateMapper() : state_(std::make_unique<State>()) {}
UpdateMapper::~UpdateMapper() = default;
UpdateMapper::UpdateMapper(UpdateMapper&&) noexcept = default;
UpdateMapper& UpdateMapper::operator=(UpdateMapper&&) noexcept = default;

Mapped UpdateMapper::map(std::string_view json_text, std::int64_t received_ms) {
  Mapped out;
  if (json_text.size() > max_update_bytes) {
    out.reason = "too large: " + std::to_string(json_text.size()) + " bytes";
    return out;
  }
  State& s = *state_;
  // The previous document was destroyed when the last call returned, so its memory can be reused wholesale. The
  // first reset drops whatever a failed parse left on the parser's stack while the old resource still exists.
  s.parser.reset();
  s.parser.reset(s.fresh_storage());
  json::error_code ec;
  const std::size_t used = s.parser.write(json_text.data(), json_text.size(), ec);
  if (ec) {
    out.reason = "not JSON: " + ec.message() + " at byte " + std::to_string(used);
    return out;
  }
  const json::value doc = s.parser.release();
  if (!doc.is_object()) {
    out.reason = "not an object";
    return out;
  }
  const json::object& update = doc.get_object();
  const json::value* id = update.if_contains("update_id");
  if (id == nullptr) {
    out.reason = "update_id missing";
    return out;
  }
  const auto update_id = to_int64(*id);
  if (!update_id) {
    out.reason = "update_id not an integer";
    return out;
  }
  out.update_id = *update_id;

  // At most one payload field accompanies update_id; the first one found decides.
  for (const auto& kv : update) {
    const std::string_view name(kv.key().data(), kv.key().size());
    if (name == "update_id") continue;
    map_payload(name, kv.value(), out);
    if (out.status == MapStatus::event && out.event.kind != EventKind::callback) {
      if (auto why = implausible_time(out.event.at_ms, received_ms, earliest_ms)) {
        out.status = MapStatus::malformed;
        out.reason = std::string(name) + ": " + *why;
        out.event = Event{};
        return out;
      }
    }
    if (out.status == MapStatus::event) {
      out.event.key = "tg:" + decimal(*update_id);
      out.event.platform = "telegram";
    }
    return out;
  }
  out.reason = "update has no payload";
  return out;
}

}  // namespace fanbase::telegram
