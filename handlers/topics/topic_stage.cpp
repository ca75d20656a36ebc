#include "handlers/topics/topic_stage.hpp"

#include "base/text.hpp"
#include "base/time.hpp"
#include "handlers/personal/content_catalog.hpp"
#include "handlers/points/incentives.hpp"
#include "handlers/topics/topic_rules.hpp"
#include "ml/text_fingerprint.hpp"

namespace fanbase::handlers {
namespace {

constexpr int digests_per_tick = 500;  // the rest wait for the next tick

}  // namespace

void TopicStage::run(Turn& turn) {
  if (turn.stop) return;
  switch (turn.event.kind) {
    case EventKind::message: on_message(turn); break;
    default: break;
  }
}

void TopicStage::on_message(Turn& turn) {
  const Event& ev = turn.event;
  if (turn.member.id == 0 || turn.is_command) return;
  auto& repo = services_.store.topics;

  // Which topic: the announcement replied to, else the forum thread's topic. Only a reply to the bot (or to an
  // unknown author) can be a reply to an announcement, so replies between members cost no lookup.
  std::optional<storage::TopicRow> topic;
  const char* via = "thread";
  if (ev.reply_to && (!ev.reply_to->author || ev.reply_to->author->is_bot)) {
    const auto id = topics::id_from_subject(services_.store.outbox.subject_of(ev.platform, ev.chat_id, ev.reply_to->message_id));
    if (id) {
      topic = repo.by_id(turn.community_id, *id);
      via = "reply";
    }
  }
  if (!topic && !ev.thread_id.empty()) topic = repo.open_in_thread(turn.community_id, ev.thread_id);
  if (!topic) return;
  if (!topic->open) {
    services_.say(turn, "topics.reply_closed", {std::to_string(topic->id)});
    return;
  }

  // The same anti-farming as PointsStage, per topic: too short or repeating oneself is not a post.
  const TextAnalysis& text = turn.text();
  const config::RuleConfig& rule = services_.incentives.rule(Kind::topic_post);
  if (text.folded_codepoints < static_cast<std::size_t>(rule.min_length)) return;
  const auto previous = text::TextFingerprint::from_bytes(repo.last_post_fingerprint(topic->id, turn.member.id));
  if (!previous.empty() && ml::similarity(text.fingerprint, previous) >= services_.config.points.near_duplicate) return;

  const std::int64_t half_life = std::int64_t{services_.config.topics.hot_half_life_hours} * hour_ms;
  const auto heat = topics::with_post(topic->hot, topic->hot_at, ev.at_ms, half_life);
  storage::TopicPost post;
  post.topic_id = topic->id;
  post.member_id = turn.member.id;
  post.message_id = ev.message_id;
  post.via = via;
  post.fingerprint = text.fingerprint.bytes();
  post.reference = ev.key;
  post.at = ev.at_ms;
  post.hot = heat.hot;
  post.hot_at = heat.at;
  repo.add_post(post);
  interact_with_topic(services_, turn, topic->id, InteractionKind::reply);

  // Taking part in a topic is its own kind with its own rule ([points.topic_post]: cooldown, daily cap), on top
  // of what the message itself earned (PointsStage); the checks above are this topic's near-duplicate rule.
  services_.incentives.interaction(turn, turn.member, Kind::topic_post, ev.key);
}

void send_topic_digests(Services& services_, Turn& turn) {
  const Event& ev = turn.event;
  auto& repo = services_.store.topics;
  const std::int64_t interval = std::int64_t{services_.config.topics.digest_minutes} * minute_ms;
  for (const auto& d : repo.due_digests(ev.platform, ev.at_ms - interval, digests_per_tick)) {
    repo.mark_digested(d.topic_id, d.member_id, ev.at_ms);
    if (d.member_left) continue;  // a member who left hears nothing (the follow stays, should they return)
    const std::string& language = services_.communities.language(d.platform, d.chat_id);
    turn.direct(d.platform, d.user_id,
                services_.catalog.render(language, d.pending == 1 ? "topics.digest_one" : "topics.digest_many",
                                         {std::to_string(d.pending), std::to_string(d.topic_id), d.title}));
  }
}

void post_weekly_topics(Services& services_, Turn& turn) {
  const Event& ev = turn.event;
  const config::Config& cfg = services_.config;
  const int offset = cfg.bot.utc_offset_minutes;
  const std::int64_t week = topics::local_week(ev.at_ms, offset);
  for (const auto& entry : cfg.topics.weekly) {
    const std::string platform = entry.platform.empty() ? config::to_string(cfg.bot.platform) : entry.platform;
    if (platform != ev.platform) continue;
    if (ev.at_ms < topics::scheduled_at(week, entry.weekday, entry.minute_of_day, offset)) continue;
    // Keyed by where and what, so reordering the entries never reposts one; renaming one posts it anew.
    const std::string key = platform + "/" + entry.chat_id + "/" + entry.title;
    auto& repo = services_.store.topics;
    if (repo.weekly_posted(key, week)) continue;
    topics::StartTopic s;
    s.community_id = services_.store.communities.ensure(platform, entry.chat_id, "", ev.at_ms);
    s.platform = platform;
    s.chat_id = entry.chat_id;
    s.language = services_.communities.language(platform, entry.chat_id);
    s.draft.title = entry.title;
    for (const auto& tag : entry.tags) s.draft.tags.push_back(text::lower_ascii(tag));
    const std::int64_t id = topics::start_topic(services_, turn, s);
    repo.record_weekly(key, week, id, ev.at_ms);
  }
}

}  // namespace fanbase::handlers
