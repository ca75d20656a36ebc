// TopicStage: topics between the commands — runs after PointsStage.
// - A member's message that replies to a topic's announcement (bot_message subject "topic:<id>"), or is written in
//   the forum thread an open topic is linked to, is a post in that topic: stored, added to the topic's heat, owed
//   to its followers, and paid the [points.reply] rule through Incentives (cooldown and caps apply). PointsStage has
//   already paid it as an ordinary message; when it also paid it as a reply (a reply to another member inside the
//   thread), it is not paid again. Too short or a near-duplicate of the member's previous post in the topic: not a
//   post. A reply to a closed topic's announcement is told so and counts nothing.
// - Tick work: followers owed posts get one direct message per topic, at most once per [topics].digest_minutes; and
//   each [[topics.weekly]] entry due this local week is posted as a new topic, once (recorded in topic_weekly).
// Storage thread only, inside the event's transaction.
#pragma once

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

class TopicStage final : public Stage {
 public:
  explicit TopicStage(Services& services) : services_(services) {}
  const char* name() const noexcept override { return "topics"; }
  void run(Turn& turn) override;

 private:
  void on_message(Turn& turn);
  Services& services_;
};

// Tick work: each [[topics.weekly]] entry due this local week is posted as a new topic, once.
void post_weekly_topics(Services& services, Turn& turn);
// Tick work: followers owed posts get one direct message per topic, at most once per [topics].digest_minutes.
void send_topic_digests(Services& services, Turn& turn);

}  // namespace fanbase::handlers
