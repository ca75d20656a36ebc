// Turn: one event's passage through the pipeline — the event, who and where it is (filled by the first stage),
// and the actions decided so far. Created by Pipeline::process on the storage thread; stages read and add.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/event.hpp"
#include "bot/core/platform.hpp"
#include "bot/core/role.hpp"
#include "storage/rows.hpp"

namespace fanbase {


struct Turn {
  explicit Turn(const Event& e) : event(e) {}
  const Event& event;
  std::int64_t community_id = 0;   // 0 until the context stage resolved it
  storage::MemberRow member;       // the author as a member of the community; id 0 for events without one
  Role role = Role::member;
  Capabilities caps;               // what the event's platform can do (the context stage sets it)
  std::string language = "en";
  bool is_command = false;         // the text is a command (for us or another bot): it earns no message points
  bool stop = false;               // a stage ended the event (e.g. the gate refused it): later stages skip
  std::vector<Action> actions;
  std::optional<TextAnalysis> own_analysis;  // the context stage's, for an event that arrived unanalysed (tests)

  // The event's text analysed (Event::analysis; else own_analysis): stages read this, never the raw text again.
  const TextAnalysis& text() const {
    static const TextAnalysis none;
    return event.analysis ? *event.analysis : own_analysis ? *own_analysis : none;
  }

  // A reply in the event's chat (and forum thread), as a reply to the event's message when `as_reply`.
  // The reference stays valid until the next action is added (add buttons or a subject to it).
  Action& reply(std::string text, bool as_reply = true) {
    Action& a = act(ActionKind::send_message);
    a.thread_id = event.thread_id;
    if (as_reply) a.reply_to_message_id = event.message_id;
    a.text = std::move(text);
    return a;
  }

  // A private message to `user_id` on `platform` (digests, follower notices, announcements): the adapter resolves
  // the conversation, so handlers never assume that a private chat's id is the user's id.
  Action& direct(std::string platform, std::string user_id, std::string text) {
    Action& a = act(ActionKind::send_direct);
    a.platform = std::move(platform);
    a.chat_id.clear();
    a.user_id = std::move(user_id);
    a.text = std::move(text);
    return a;
  }

  // Any other action in the event's chat; the caller fills the kind's fields (see action.hpp).
  Action& act(ActionKind kind) {
    Action a;
    a.kind = kind;
    a.platform = event.platform;
    a.chat_id = event.chat_id;
    actions.push_back(std::move(a));
    return actions.back();
  }
};

// One step of the pipeline. handlers/ implements them; bot/app orders them. Runs on the storage thread inside
// the event's savepoint: everything it writes commits or rolls back with the event.
class Stage {
 public:
  virtual ~Stage() = default;
  virtual const char* name() const noexcept = 0;
  virtual void run(Turn& turn) = 0;
};

}  // namespace fanbase
