#include "bot/core/outbox_codec.hpp"

namespace fanbase {

storage::OutboxRow to_outbox_row(const Action& a) {
  storage::OutboxRow row;
  row.platform = a.platform;
  row.kind = to_string(a.kind);
  row.chat_id = a.chat_id;
  row.thread_id = a.thread_id;
  row.reply_to = a.reply_to_message_id;
  row.text = a.text;
  row.keyboard = encode_keyboard(a.keyboard);
  row.message_id = a.message_id;
  row.user_id = a.user_id;
  row.until_at = a.until_ms;
  row.callback_id = a.callback_id;
  row.photo = a.photo;
  row.subject = a.subject;
  return row;
}

std::optional<Action> action_from_row(const storage::OutboxRow& row) {
  const auto kind = action_kind_from(row.kind);
  if (!kind) return std::nullopt;
  Action a;
  a.kind = *kind;
  a.platform = row.platform;
  a.chat_id = row.chat_id;
  a.thread_id = row.thread_id;
  a.reply_to_message_id = row.reply_to;
  a.text = row.text;
  a.keyboard = decode_keyboard(row.keyboard);
  a.message_id = row.message_id;
  a.user_id = row.user_id;
  a.until_ms = row.until_at;
  a.callback_id = row.callback_id;
  a.photo = row.photo;
  a.subject = row.subject;
  a.outbox_id = row.id;
  return a;
}

}  // namespace fanbase
