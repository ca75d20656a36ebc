#include "handlers/topics/topic_commands.hpp"

#include <algorithm>
#include <cstdio>

#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/core/plural.hpp"
#include "handlers/personal/content_catalog.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/topics/topic_rules.hpp"

namespace fanbase::handlers {
namespace {

constexpr int participants_shown = 5;

std::int64_t half_life_ms(const Services& services) {
  return std::int64_t{services.config.topics.hot_half_life_hours} * hour_ms;
}

std::string one_decimal(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

// The topic args[index] names in this community, or a refusal (not a number, no such topic).
Result<storage::TopicRow> topic_at(CommandContext& ctx, std::size_t index) {
  auto id = topics::parse_topic_id(ctx.args()[index]);
  if (!id) return id.error();
  auto topic = ctx.services.store.topics.by_id(ctx.turn.community_id, *id);
  if (!topic) return user_error(Errc::not_found, "topics.not_found", {std::to_string(*id)});
  return std::move(*topic);
}

void record_audit(CommandContext& ctx, const char* action, const storage::TopicRow& topic) {
  storage::AuditEntry entry;
  entry.community_id = ctx.turn.community_id;
  entry.actor_id = ctx.turn.member.id;
  entry.action = action;
  entry.detail = "#" + std::to_string(topic.id) + " " + topic.title;
  entry.reference = ctx.event().key;
  entry.at = ctx.event().at_ms;
  ctx.services.store.audit.record(entry);
}

void start(CommandContext& ctx) {
  Services& services = ctx.services;
  if (!services.config.topics.members_can_start && ctx.turn.role < Role::moderator) {
    return ctx.refuse_role("/topic new", Role::moderator);
  }
  auto draft = topics::parse_draft(ctx.args(), 1, static_cast<std::size_t>(services.config.topics.max_title_length));
  if (!draft) return ctx.refuse(draft.error());
  const Event& ev = ctx.event();
  // A topic started inside a forum thread is linked to it: every message there is a post. One open topic per thread.
  if (!ev.thread_id.empty()) {
    if (auto taken = services.store.topics.open_in_thread(ctx.turn.community_id, ev.thread_id)) {
      return ctx.say("topics.thread_taken", {std::to_string(taken->id), taken->title});
    }
  }
  topics::StartTopic s;
  s.community_id = ctx.turn.community_id;
  s.platform = ev.platform;
  s.chat_id = ev.chat_id;
  s.thread_id = ev.thread_id;
  s.language = ctx.turn.language;
  s.draft = std::move(*draft);
  s.starter = &ctx.turn.member;
  topics::start_topic(services, ctx.turn, s);
  // After the announcement, so a level-up or badge it causes is announced below it.
  services.incentives.interaction(ctx.turn, ctx.turn.member, Kind::topic_started, ev.key);
}

void summary(CommandContext& ctx, const storage::TopicRow& t) {
  Services& services = ctx.services;
  auto& repo = services.store.topics;
  const int offset = services.config.bot.utc_offset_minutes;
  const char* status = !t.open ? "topics.status_closed" : t.pinned ? "topics.status_pinned" : "topics.status_open";
  std::string text = services.text(ctx.turn, "topics.summary_head",
                                   {std::to_string(t.id), t.title, topics::shown_tags(t.tags), services.text(ctx.turn, status)});
  text += "\n";
  text += t.starter_id ? services.text(ctx.turn, "topics.summary_started",
                                       {t.starter_name, topics::local_stamp(t.created_at, offset)})
                       : services.text(ctx.turn, "topics.summary_weekly", {topics::local_stamp(t.created_at, offset)});
  const auto names = repo.participants(t.id, participants_shown);
  const std::int64_t participants = repo.participant_count(t.id);
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
  if (participants > static_cast<std::int64_t>(names.size())) listed += ", …";
  text += "\n" + services.text(ctx.turn, "topics.summary_posts",
                               {std::to_string(t.posts), std::to_string(participants),
                                listed.empty() ? "" : " (" + listed + ")", std::to_string(repo.follower_count(t.id))});
  const double hot = topics::decayed(t.hot, t.hot_at, ctx.event().at_ms, half_life_ms(services));
  text += "\n" + services.text(ctx.turn, "topics.summary_last",
                               {topics::local_stamp(t.last_post_at, offset), one_decimal(t.open ? hot : 0.0)});
  ctx.turn.reply(std::move(text));
}

// Its starter may close their own topic (the discussion is theirs to end); any other topic takes a moderator.
void close(CommandContext& ctx) {
  if (ctx.args().size() < 2) {
    if (ctx.turn.role < Role::moderator) return ctx.refuse_role("/topic close", Role::moderator);
    return ctx.usage();
  }
  auto t = topic_at(ctx, 1);
  if (!t) return ctx.refuse(t.error());
  const bool starter = t->starter_id && *t->starter_id == ctx.turn.member.id && ctx.turn.member.id != 0;
  if (!starter && ctx.turn.role < Role::moderator) return ctx.refuse_role("/topic close", Role::moderator);
  if (!t->open) return ctx.say("topics.already_closed", {std::to_string(t->id)});
  ctx.services.store.topics.close(t->id, ctx.event().at_ms);
  retire_subject(ctx.services, ctx.turn, "topic", t->id);
  record_audit(ctx, "topic.close", *t);
  ctx.say("topics.closed", {std::to_string(t->id), t->title}, false);
}

void pin(CommandContext& ctx, bool pinned) {
  const char* what = pinned ? "/topic pin" : "/topic unpin";
  if (ctx.turn.role < Role::moderator) return ctx.refuse_role(what, Role::moderator);
  if (ctx.args().size() < 2) return ctx.usage();
  auto t = topic_at(ctx, 1);
  if (!t) return ctx.refuse(t.error());
  const std::string id = std::to_string(t->id);
  if (!t->open) return ctx.say("topics.pin_closed", {id});
  if (t->pinned == pinned) return ctx.say(pinned ? "topics.already_pinned" : "topics.not_pinned", {id});
  ctx.services.store.topics.set_pinned(t->id, pinned);
  record_audit(ctx, pinned ? "topic.pin" : "topic.unpin", *t);
  ctx.say(pinned ? "topics.pinned" : "topics.unpinned", {id, t->title});
}

void topic(CommandContext& ctx) {
  const std::string sub = text::lower_ascii(ctx.args()[0]);
  if (sub == "new") return start(ctx);
  if (sub == "close") return close(ctx);
  if (sub == "pin") return pin(ctx, true);
  if (sub == "unpin") return pin(ctx, false);
  if (sub == "show") {  // the spelled-out form of "/topic <id>" (a choice for platforms with typed options)
    if (ctx.args().size() < 2) return ctx.usage();
    auto t = topic_at(ctx, 1);
    if (!t) return ctx.refuse(t.error());
    return summary(ctx, *t);
  }
  if (!topics::parse_topic_id(sub)) return ctx.usage();
  auto t = topic_at(ctx, 0);
  if (!t) return ctx.refuse(t.error());
  summary(ctx, *t);
}

void list(CommandContext& ctx) {
  Services& services = ctx.services;
  auto open = services.store.topics.open_topics(ctx.turn.community_id);
  if (open.empty()) return ctx.say("topics.list_empty");
  const std::int64_t now = ctx.event().at_ms;
  const std::int64_t half_life = half_life_ms(services);
  struct Ranked {
    double score;
    const storage::TopicRow* topic;
  };
  std::vector<Ranked> ranked;
  for (const auto& t : open) ranked.push_back({topics::decayed(t.hot, t.hot_at, now, half_life), &t});
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.topic->pinned != b.topic->pinned) return a.topic->pinned;
    if (a.score != b.score) return a.score > b.score;
    if (a.topic->last_post_at != b.topic->last_post_at) return a.topic->last_post_at > b.topic->last_post_at;
    return a.topic->id > b.topic->id;
  });
  const std::size_t shown = std::min(ranked.size(), static_cast<std::size_t>(services.config.topics.list_size));
  std::string text = services.text(ctx.turn, "topics.list_header", {std::to_string(shown), std::to_string(ranked.size())});
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& t = *ranked[i].topic;
    text += "\n" + services.text(ctx.turn, t.pinned ? "topics.list_line_pinned" : "topics.list_line",
                                 {std::to_string(i + 1), std::to_string(t.id), t.title, topics::shown_tags(t.tags),
                                  std::to_string(t.posts), one_decimal(ranked[i].score)});
  }
  text += "\n" + services.text(ctx.turn, "topics.list_footer");
  ctx.turn.reply(std::move(text));
}

void follow(CommandContext& ctx) {
  auto t = topic_at(ctx, 0);
  if (!t) return ctx.refuse(t.error());
  const std::string id = std::to_string(t->id);
  if (!t->open) return ctx.say("topics.follow_closed", {id});
  if (!ctx.services.store.topics.follow(t->id, ctx.turn.member.id, ctx.event().at_ms)) {
    return ctx.say("topics.already_following", {id});
  }
  interact_with_topic(ctx.services, ctx.turn, t->id, InteractionKind::follow);
  const int minutes = ctx.services.config.topics.digest_minutes;
  ctx.say(count_key("topics.followed", minutes), {id, t->title, std::to_string(minutes)});
}

void unfollow(CommandContext& ctx) {
  auto t = topic_at(ctx, 0);
  if (!t) return ctx.refuse(t.error());
  const std::string id = std::to_string(t->id);
  if (!ctx.services.store.topics.unfollow(t->id, ctx.turn.member.id)) return ctx.say("topics.not_following", {id});
  ctx.say("topics.unfollowed", {id, t->title});
}

}  // namespace

void register_topic_commands(CommandRouter& router) {
  // A family: the first word chooses (a bare id shows that topic, as "show <id>" does), the rest is its input.
  router.add({.name = "topic",
              .args = {{.name = "action", .kind = ArgKind::choice, .choices = {"new", "show", "close", "pin", "unpin"},
                        .about_key = "arg.topic_action.about"},
                       {.name = "details", .kind = ArgKind::rest, .optional = true, .about_key = "arg.topic_details.about"}},
              .usage_key = "usage.topic",
              .summary_key = "cmd.topic.summary",
              .run = topic});
  router.add({.name = "topics", .aliases = {"hot"}, .summary_key = "cmd.topics.summary", .run = list});
  const ArgSpec topic_id{.name = "topic", .kind = ArgKind::number, .min = 1};
  router.add({.name = "follow", .args = {topic_id}, .summary_key = "cmd.follow.summary", .run = follow});
  router.add({.name = "unfollow", .args = {topic_id}, .summary_key = "cmd.unfollow.summary", .run = unfollow});
}

}  // namespace fanbase::handlers
