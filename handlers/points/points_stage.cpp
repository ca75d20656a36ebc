#include "handlers/points/points_stage.hpp"

#include "handlers/points/incentives.hpp"
#include "ml/text_fingerprint.hpp"

namespace fanbase::handlers {

void PointsStage::run(Turn& turn) {
  if (turn.member.id == 0) return;  // private chat, bot, or no author
  switch (turn.event.kind) {
    case EventKind::message: on_message(turn); break;
    case EventKind::reaction: on_reaction(turn); break;
    default: break;  // edits never pay again; joins and buttons are not interactions with a rule
  }
}

void PointsStage::on_message(Turn& turn) {
  const Event& ev = turn.event;
  auto& store = services_.store;
  if (!ev.message_id.empty()) store.messages.remember(turn.community_id, ev.message_id, turn.member.id, ev.at_ms);
  if (turn.is_command) return;

  storage::MemberRow& member = turn.member;
  const bool is_reply = Incentives::message_kind(ev) == Kind::reply;
  // Too short ("ok", "👍", "!!!"), or repeating oneself: earns nothing and does not count.
  if (services_.incentives.message_rules(turn) != TextRule::ok) return;
  storage::ActivityRow& messages = member.messages;  // read with the member row
  messages.last_text = turn.text().fingerprint.bytes();
  if (!is_reply) {
    services_.incentives.interaction(turn, member, Kind::message, ev.key, &messages);
    return;
  }
  // A reply is also a message for the message-count badges, without paying twice: its count is written with
  // the reply's own row change (the balance UPDATE when the reply pays).
  messages.count += 1;
  services_.incentives.interaction(turn, member, Kind::reply, ev.key, member.replies_loaded ? &member.replies : nullptr,
                                   &messages);
  services_.incentives.check_badges(turn, member, config::BadgeMetric::messages, messages.count - 1, messages.count);
}

void PointsStage::on_reaction(Turn& turn) {
  const Event& ev = turn.event;
  if (ev.reaction_added <= 0) return;
  auto& store = services_.store;
  const auto author_id = store.messages.author_of(turn.community_id, ev.message_id);
  if (!author_id || *author_id == turn.member.id) return;  // unknown message, or reacting to oneself
  auto author = store.members.by_id(*author_id);
  if (!author) return;
  // One payment per (message, reactor): taking a reaction back and adding it again pays nothing more.
  if (!store.messages.first_reaction(turn.community_id, ev.message_id, turn.member.id, ev.at_ms)) return;
  services_.incentives.interaction(turn, *author, Kind::reaction_received, ev.key);
}

}  // namespace fanbase::handlers
