// EventSink: where a platform adapter hands its events. The application implements it over the writer: the
// event is applied in a group-committed transaction and `done` runs on the storage thread after the commit
// (committed = false: nothing was applied; the adapter must not confirm the update and may retry).
// An adapter confirms an update to its platform only from `done`.
// Adapters see only Events, Actions and Outcomes here: no storage type reaches them (scripts/check-includes.sh
// follows includes transitively to keep it so).
// Thread: submit() and delivered() from any thread; callbacks arrive on the storage thread, so keep them short.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bot/core/action.hpp"
#include "bot/core/event.hpp"
#include "bot/core/outcome.hpp"
#include "bot/core/role.hpp"

namespace fanbase {

// One entry of a platform's command menu (Telegram setMyCommands), from the command registry.
struct MenuCommand {
  std::string name;
  std::string description;  // the command's summary in the bot's default language
  Role min_role = Role::member;
};

// An action committed earlier and still waiting for its platform (e.g. after a crash between commit and
// delivery), with how often delivering it was tried.
struct PendingAction {
  Action action;
  int attempts = 0;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  using Done = std::function<void(bool committed, Outcome& outcome)>;
  virtual void submit(Event event, Done done) = 0;
  // Outbox rows handed to the platform: marked sent (asynchronously, in a later batch), with the ids of the
  // messages they created.
  virtual void delivered(std::vector<Delivery> deliveries) = 0;
  // An outbox row the platform refused for good (its reason is logged and stored, never silently dropped).
  virtual void failed(std::int64_t outbox_id, std::string reason) = 0;
  // The bot's own name on the platform, learnt at start (Telegram getMe), so "/cmd@name" is recognised.
  // Blocks until the handlers see it.
  virtual void set_bot_name(const std::string& platform, std::string name) = 0;
  // The commands, for platform menus. Any thread (the registry is fixed once built).
  virtual std::vector<MenuCommand> command_menu() const = 0;
  // The actions of a platform still waiting, oldest first (outbox ids set). A row this binary cannot read (written
  // by a newer one) is marked failed by the sink and not returned. Blocks.
  virtual std::vector<PendingAction> pending(const std::string& platform, int limit) = 0;
  // The latest time of any event applied from `platform` (0 when none). The console resumes its clock from it,
  // so events never go back in time across sessions (its /wait moves time ahead). Blocks.
  virtual std::int64_t last_event_at(const std::string& platform) = 0;
  // The chats the bot has communities in on `platform`. Blocks.
  virtual std::vector<std::string> chats(const std::string& platform) = 0;
};

}  // namespace fanbase
