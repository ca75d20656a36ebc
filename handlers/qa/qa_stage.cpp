#include "handlers/qa/qa_stage.hpp"

#include <string>
#include <vector>

#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/qa/qa_posting.hpp"

namespace fanbase::handlers {
namespace {

constexpr std::int64_t draft_lifetime_ms = week_ms;
constexpr int pings_per_tick = 20;  // more wait for the next tick, oldest first
constexpr int experts_per_ping = 3;

}  // namespace

void QaStage::run(Turn& turn) {
  switch (turn.event.kind) {
    case EventKind::message: on_reply(turn); break;
    default: break;
  }
}

void QaStage::on_reply(Turn& turn) {
  const Event& ev = turn.event;
  if (turn.is_command || turn.member.id == 0 || !ev.reply_to) return;
  const auto id = replied_subject(turn, services_, "question");
  if (!id) return;
  const std::string text(text::trim(ev.text));
  if (text.empty()) return;  // a sticker or a photo without caption says nothing
  const auto question = services_.store.qa.question_by_id(*id);
  if (!question || question->community_id != turn.community_id) return;
  const std::string number = std::to_string(question->number);
  if (!question->open) return services_.say(turn, "qa.closed", {number});
  if (text::codepoints(text) > max_answer_length) {
    return services_.say(turn, "qa.too_long", {std::to_string(max_answer_length)});
  }
  // A reply the message rules would not count ("lol", "👍", the member's last message again), or an answer they
  // gave already, stays a plain message: nothing is stored, reposted or paid, and nothing is said (a refusal
  // would be as noisy as the repost).
  if (services_.incentives.message_rules(turn) != TextRule::ok) return;
  if (answer_refusal(turn, services_, *question, text)) return;
  post_answer(turn, services_, *question, text, true);
}

void prune_drafts(Services& services, Turn& turn) {
  services.store.qa.prune_drafts(turn.event.at_ms - draft_lifetime_ms);
}

void ping_unanswered(Services& services_, Turn& turn) {
  const Event& ev = turn.event;
  auto& repo = services_.store.qa;
  const int delay_minutes = services_.config.qa.unanswered_after_minutes;
  if (delay_minutes <= 0) return;
  for (const auto& due : repo.awaiting_ping(ev.platform, ev.at_ms - delay_minutes * minute_ms, pings_per_tick)) {
    const storage::QuestionRow& q = due.question;
    repo.mark_pinged(q.id, ev.at_ms);  // once per question, whether or not anyone can be mentioned
    // Those with the most accepted answers under the question's tags; for an untagged question, the community's
    // best answerers (a tagged question nobody has answered under stays unmentioned).
    auto experts = repo.experts(q.id, q.asker_id, experts_per_ping);
    if (experts.empty() && q.tags.empty()) experts = repo.top_answerers(q.community_id, q.asker_id, experts_per_ping);
    if (experts.empty()) continue;
    std::string names;
    for (const auto& e : experts) {
      if (!names.empty()) names += ", ";
      // Without a username, a mention by user id still notifies them (Telegram: a tg://user link).
      names += e.username.empty() ? mention_markup(e.user_id, e.display_name) : "@" + e.username;
    }
    const std::string& language = services_.communities.language(due.platform, due.chat_id);
    Action& a = turn.act(ActionKind::send_message);
    a.platform = due.platform;
    a.chat_id = due.chat_id;
    a.thread_id = q.thread_id;
    a.text = services_.catalog.render(language, "qa.unanswered_ping",
                                      {std::to_string(q.number), short_title(q.text), names});
    a.subject = "question:" + std::to_string(q.id);  // a reply to the reminder answers the question too
  }
}

}  // namespace fanbase::handlers
