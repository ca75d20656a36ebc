// Action: one effect the bot wants on a platform, already rendered to text in the community's language.
// Handlers produce them (Turn::reply and the helpers below); the pipeline stores them as outbox rows in the
// event's transaction; the platform's sender delivers them after the commit, in order within a chat.
// Thread: plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fanbase {

enum class ActionKind {
  send_message,      // text (+ keyboard) to chat_id, optionally as a reply to reply_to_message_id
  edit_message,      // replace the text (+ keyboard) of the bot's message `message_id`
  delete_message,    // delete message `message_id` in chat_id
  answer_callback,   // acknowledge the button press `callback_id`, with an optional toast `text`
  restrict_member,   // mute user_id in chat_id until until_ms (0: until lifted)
  unrestrict_member, // lift a mute
  ban_member,        // ban user_id from chat_id until until_ms (0: for good)
  unban_member,      // lift a ban (only if banned: a member in the chat is not removed)
  approve_join,      // let user_id in (a join request)
  decline_join,      // refuse user_id's join request
  send_photo,        // photo (a file path on disk, an https URL or a platform file id) with caption `text`
  send_direct,       // a private message (text + keyboard) to the platform user `user_id`: the adapter finds the
                     // conversation (Telegram: the private chat whose id is the user's; Discord: a DM channel)
};

const char* to_string(ActionKind kind) noexcept;
std::optional<ActionKind> action_kind_from(std::string_view name) noexcept;

// An inline button: its label and the data the platform hands back when it is pressed (an Event of kind
// callback with callback_data = data). Telegram allows 1–64 bytes of data.
struct Button {
  std::string text;
  std::string data;
};
using Keyboard = std::vector<std::vector<Button>>;  // rows of buttons

// A mention of a member inside an Action's text, for members without a username: the platform renders it as a
// notifying link to the user (Telegram: <a href="tg://user?id=…">name</a>); elsewhere it reads as the name.
// The markup uses private-use code points (U+E000..U+E002) that member text never needs.
std::string mention_markup(std::string_view user_id, std::string_view name);
// The text with every mention shown as its name (console, logs, replay output).
std::string plain_text(std::string_view text);
struct MentionSpan {
  std::size_t begin = 0, end = 0;  // the whole markup in the text
  std::string_view user_id, name;
};
// The mentions of a text, in order.
std::vector<MentionSpan> find_mentions(std::string_view text);

// Stored form of a keyboard (one outbox column): rows separated by '\x1d', buttons by '\x1e', label and data by
// '\x1f'. Control characters inside labels or data are replaced by spaces, so the form always decodes.
std::string encode_keyboard(const Keyboard& keyboard);
Keyboard decode_keyboard(std::string_view stored);

struct Action {
  ActionKind kind = ActionKind::send_message;
  std::string platform;
  std::string chat_id;
  std::string thread_id;
  std::string reply_to_message_id;  // empty: not a reply
  std::string text;                 // message text, new text (edit), caption (photo), toast (callback)
  Keyboard keyboard;                // send/edit: inline buttons under the message
  std::string message_id;           // edit/delete: the message acted on
  std::string user_id;              // restrict/unrestrict/ban/unban/approve/decline: the platform user
  std::int64_t until_ms = 0;        // restrict/ban: when it ends (0: no end)
  std::string callback_id;          // answer_callback
  std::string photo;                // send_photo
  std::string subject;              // send: what the message presents ("question:12"); a reply to it is about that
  std::int64_t outbox_id = 0;       // set when stored in the outbox
};

// What a platform reports after delivering an action: the outbox row, and what the platform created for it — the
// one way results come back, whatever the action: a sent message's id (send_message, send_photo, send_direct),
// later an invite link or an invoice link; empty when the action creates nothing. Stored with the outbox row;
// commands that later act on the bot's own message (a question someone replies to) find it by a message's id.
struct Delivery {
  std::int64_t outbox_id = 0;
  std::string created_id;
};

}  // namespace fanbase
