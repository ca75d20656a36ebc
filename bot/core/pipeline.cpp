#include "bot/core/pipeline.hpp"

#include <cstdio>
#include <functional>

#include "base/log.hpp"
#include "base/text.hpp"
#include "bot/core/outbox_codec.hpp"
#include "storage/database.hpp"
#include "storage/savepoint.hpp"

namespace fanbase {
namespace {

// The visible length of a text in UTF-16 code units: a mention's markup shows as its name.
std::size_t visible_units(std::string_view text, const std::vector<MentionSpan>& mentions) {
  std::size_t units = 0, at = 0;
  for (const MentionSpan& m : mentions) {
    units += text::utf16_units(text.substr(at, m.begin - at)) + text::utf16_units(m.name);
    at = m.end;
  }
  return units + text::utf16_units(text.substr(at));
}

// Cuts `text` to at most `max` visible UTF-16 units, "…" included: on a character boundary, never inside a
// mention (one that does not fit is left out whole), trailing spaces before the "…" dropped.
void clip_to(std::string& text, std::size_t max) {
  const auto mentions = find_mentions(text);
  if (visible_units(text, mentions) <= max) return;
  std::string out;
  std::size_t budget = max == 0 ? 0 : max - 1;  // room for the "…"
  std::size_t at = 0;
  const auto plain = [&](std::string_view part) {
    const std::string_view kept = text::prefix_utf16(part, budget);
    out.append(kept);
    budget -= text::utf16_units(kept);
    return kept.size() == part.size();
  };
  bool whole = true;
  for (const MentionSpan& m : mentions) {
    whole = plain(std::string_view(text).substr(at, m.begin - at));
    if (!whole) break;
    const std::size_t name = text::utf16_units(m.name);
    if (name > budget) {
      whole = false;
      break;
    }
    out.append(text, m.begin, m.end - m.begin);
    budget -= name;
    at = m.end;
  }
  if (whole) plain(std::string_view(text).substr(at));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\n')) out.pop_back();
  if (max > 0) out += "…";
  text = std::move(out);
}

// What the platform accepts: every text that reaches a chat is cut to the platform's limit here, whichever
// handler built it (a member's 500,000-character name inside a reply would make the platform refuse it).
void clip_for_platform(Action& action, const Capabilities& caps) {
  switch (action.kind) {
    case ActionKind::send_message:
    case ActionKind::edit_message:
    case ActionKind::send_direct: clip_to(action.text, caps.max_message_chars); break;
    case ActionKind::send_photo: clip_to(action.text, caps.max_caption_chars); break;
    default: break;  // toasts are cut by the adapter (Telegram: 200); the others carry no text
  }
}

}  // namespace

const char* to_string(Role role) noexcept {
  switch (role) {
    case Role::member: return "member";
    case Role::moderator: return "moderator";
    case Role::owner: return "owner";
  }
  return "member";
}

Pipeline::Pipeline(storage::Store& store, const MessageCatalog& catalog, std::vector<std::unique_ptr<Stage>> stages,
                   std::function<void()> on_rollback)
    : store_(store), catalog_(catalog), stages_(std::move(stages)), on_rollback_(std::move(on_rollback)) {}

Outcome Pipeline::process(const Event& event, bool isolate) {
  Outcome outcome;
  if (!store_.dedup.first_time(event.key, event.at_ms)) {
    outcome.duplicate = true;  // its effects and replies were committed with its first delivery
    return outcome;
  }
  Turn turn(event);
  const char* stage_name = "start";
  if (!isolate) {
    run_stages(turn, stage_name);  // exceptions fail the batch; the writer re-runs it isolated
    return finish(event, turn, std::move(outcome));
  }
  try {
    storage::ScopedSavepoint effects(store_.statements(), storage::event_savepoint);
    run_stages(turn, stage_name);
    effects.release();
  } catch (const std::exception& e) {  // the ONE catch site for domain code
    // The database failed (disk full, I/O), or SQLite ended the whole transaction by itself: this is not one
    // bad event, and carrying on would run later events outside the batch. Fail the batch; its events retry.
    if (storage::is_environmental(e) || !store_.in_transaction()) throw;
    store_.forget_cached();
    if (on_rollback_) on_rollback_();
    char ref[16];
    std::snprintf(ref, sizeof ref, "%06zx",
                  (std::hash<std::string>{}(event.key) + ++incidents_) & 0xFFFFFF);
    outcome.failed = true;
    outcome.incident = ref;
    log::error("event.failed", {{"ref", ref}, {"key", event.key}, {"kind", to_string(event.kind)},
                                {"stage", stage_name}, {"error", e.what()}});
    turn.actions.clear();
    if (turn.is_command) turn.reply(catalog_.render(turn.language, "error.internal", {ref}));
  }
  return finish(event, turn, std::move(outcome));
}

void Pipeline::run_stages(Turn& turn, const char*& stage_name) {
  for (const auto& stage : stages_) {
    if (turn.stop) break;
    stage_name = stage->name();
    stage->run(turn);
  }
  // A last_seen_at refresh the context stage deferred and no later row write carried (MemberRepository::touch).
  if (turn.member.seen_pending != 0) store_.members.write_seen(turn.member);
}

Outcome Pipeline::finish(const Event& event, Turn& turn, Outcome outcome) {
  for (Action& action : turn.actions) {
    clip_for_platform(action, turn.caps);
    storage::OutboxRow row = to_outbox_row(action);
    row.reference = event.key;
    row.created_at = event.at_ms;
    action.outbox_id = store_.outbox.enqueue(row);  // same transaction as the effects it reports
  }
  outcome.actions = std::move(turn.actions);
  return outcome;
}

}  // namespace fanbase
