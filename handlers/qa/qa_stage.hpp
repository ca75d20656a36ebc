// QaStage: the Q&A work that is not a command. A member's reply to a question's message (a bot message whose
// subject is "question:<id>") is an answer to it. Tick work: an open question that has had no answer
// for [qa].unanswered_after_minutes mentions up to three members with the most accepted answers under its tags,
// once per question (in the question's chat, in its community's language); drafts nobody posted are forgotten
// after a week. Runs before the points stage, so an answer's confirmation precedes the announcements of the
// message points the reply earns. Storage thread only.
#pragma once

#include <cstdint>

#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers {

class QaStage final : public Stage {
 public:
  explicit QaStage(Services& services) : services_(services) {}
  const char* name() const noexcept override { return "qa"; }
  void run(Turn& turn) override;

 private:
  void on_reply(Turn& turn);
  Services& services_;
};

// Tick work (hourly): forgets drafts nobody posted within a week.
void prune_drafts(Services& services, Turn& turn);
// Tick work: mentions the best answerers of questions unanswered for [qa].unanswered_after_minutes.
void ping_unanswered(Services& services, Turn& turn);

}  // namespace fanbase::handlers
