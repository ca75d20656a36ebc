// The owner's configuration as plain typed values with their documented defaults. Built by load_config()
// from one TOML file; no toml++ type leaves config/. Every key is explained in config/fanbase.example.toml.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fanbase::config {

enum class PlatformKind { console, telegram };
enum class Synchronous { normal, full };

struct BotConfig {
  PlatformKind platform = PlatformKind::console;
  std::string language = "en";             // "en" | "zh": default for communities that do not set their own
  std::string log_level = "info";          // debug | info | warn | error | off
  int utc_offset_minutes = 0;              // from `timezone = "+08:00"`: where a "day" starts for caps and check-ins
  std::vector<std::string> owners;         // platform user ids (Telegram numeric id as text, console name)
  std::vector<std::string> moderators;
};

struct StorageConfig {
  std::string path = "data/fanbase.db";    // relative paths are relative to the working directory
  Synchronous synchronous = Synchronous::full;
  int batch_max_events = 1024;             // group commit: at most this many events per transaction
  int batch_max_wait_us = 2000;            // ... or until this long after the first one arrived
  int retention_days = 7;                  // delivered outbox rows and redelivery keys older than this are pruned
};

struct ConsoleConfig {
  std::string chat_id = "fanclub";
  std::string chat_title = "Fan Club";
  std::string bot_name = "fanbase";        // so `/points@fanbase` is ours and `/points@otherbot` is not
  std::string default_user = "alice";      // who speaks a bare line before any `/as NAME`
};

struct TelegramConfig {
  std::string bot_username;                // without '@'; used by replay (the live adapter learns it from getMe)
  std::string token_env = "TELEGRAM_BOT_TOKEN";      // the environment variable holding the token (never the token)
  std::string api_base = "https://api.telegram.org"; // http:// only for loopback test servers
  int poll_timeout_seconds = 50;           // getUpdates long-poll wait
  std::string mode = "polling";            // "polling" | "webhook"
  // Webhook mode: Telegram POSTs updates to public_url + webhook_path; Fanbase listens on listen:port (usually
  // plain HTTP on loopback behind a reverse proxy that terminates TLS, or HTTPS with the two files below).
  std::string public_url;                  // e.g. "https://fans.example.com" (required in webhook mode)
  std::string webhook_path = "/telegram/webhook";
  std::string webhook_listen = "127.0.0.1";
  int webhook_port = 8081;
  std::string secret_env = "TELEGRAM_WEBHOOK_SECRET";  // the env variable with the X-Telegram-Bot-Api-Secret-Token
  std::string tls_cert_file;               // both set: Fanbase serves HTTPS itself
  std::string tls_key_file;
  std::vector<std::string> allowed_updates{"message",          "edited_message", "callback_query",
                                           "message_reaction", "chat_member",    "my_chat_member",
                                           "chat_join_request"};
};

// Per-chat settings; a chat without an entry gets the [bot] defaults.
struct CommunityConfig {
  std::string platform;                    // "console" | "telegram"
  std::string chat_id;
  std::string language;                    // empty: [bot].language
  std::vector<std::string> owners;         // in addition to [bot].owners
  std::vector<std::string> moderators;     // in addition to [bot].moderators
};

// One automatic points rule. cooldown and daily cap are per member and per kind.
struct RuleConfig {
  bool enabled = true;
  int points = 1;
  int cooldown_seconds = 0;                // earn at most once per this many seconds; 0 = no cooldown
  int daily_cap = 0;                       // at most this many points of this kind per day; 0 = no cap
  int min_length = 0;                      // messages and replies only: fewer characters earn nothing
};

struct CheckinConfig {
  int points = 5;                          // base points of /checkin
  int streak_bonus = 1;                    // + this per consecutive day after the first ...
  int streak_bonus_max = 10;               // ... up to this many bonus steps
};

struct PointsConfig {
  RuleConfig message{true, 1, 60, 100, 3};
  RuleConfig reply{true, 2, 60, 100, 3};
  RuleConfig reaction_received{true, 1, 0, 50, 0};
  RuleConfig question{true, 5, 300, 50, 0};
  RuleConfig answer{true, 10, 60, 100, 0};
  RuleConfig accepted_answer{true, 25, 0, 0, 0};
  RuleConfig upvote_received{true, 2, 0, 100, 0};
  RuleConfig topic_started{true, 5, 600, 25, 0};
  RuleConfig topic_post{true, 2, 60, 50, 3};
  CheckinConfig checkin;
  int daily_cap = 300;                     // all automatic kinds together, per member per day; 0 = none
  double near_duplicate = 0.85;            // similarity to the member's previous message at which it earns nothing
  int max_award = 10000;                   // largest N for /award and /revoke
};

struct LevelConfig {
  std::int64_t threshold = 0;              // lifetime points needed; strictly increasing, first is 0
  std::string title;                       // honour title, e.g. "粉丝达人 Super Fan"; every language's default
  std::string title_zh;                    // shown in zh communities; empty: `title`

  // The title a community in `language` reads ("en", "zh").
  const std::string& title_in(std::string_view language) const {
    return language == "zh" && !title_zh.empty() ? title_zh : title;
  }
};

enum class BadgeMetric {
  messages, replies, reactions_received, checkins, checkin_streak, points,
  questions, answers, accepted_answers, upvotes_received, topics_started, topic_posts,
};

struct BadgeConfig {
  std::string id;                          // stable key stored in the database, e.g. "first_words"
  std::string name;                        // shown to members
  std::string description;
  BadgeMetric metric = BadgeMetric::messages;
  std::int64_t at = 1;                     // awarded when the metric reaches this value
  std::string name_zh;                     // shown in zh communities; empty: `name`
  std::string description_zh;              // shown in zh communities; empty: `description`

  // The name and description a community in `language` reads ("en", "zh").
  const std::string& name_in(std::string_view language) const {
    return language == "zh" && !name_zh.empty() ? name_zh : name;
  }
  const std::string& description_in(std::string_view language) const {
    return language == "zh" && !description_zh.empty() ? description_zh : description;
  }
};

// A message-catalogue override with where it was written, so an unknown key can be reported precisely.
struct MessageOverride {
  std::string text;
  std::string where;                       // "file:line:column"
};

// What a moderation rule does to a member: "delete" removes the message only; "warn", "mute", "ban" also remove it
// and then warn (escalation may follow), mute for mute_minutes, or ban; "kick" removes the member (they may
// rejoin); "log" only records the hit in the audit log.
enum class Sanction { log, del, warn, mute, kick, ban };

// One step of the escalation policy: reaching `warnings` active warnings triggers the action.
struct EscalationStep {
  int warnings = 3;
  Sanction action = Sanction::mute;        // mute | kick | ban
  std::int64_t duration_ms = 24 * 3'600'000LL;  // mute/ban length; 0: no end (ban) — mute needs one
};

struct ModerationConfig {
  bool trust_platform_admins = true;       // a platform administrator (Telegram group admin) counts as moderator
  std::string mod_chat;                    // chat id where moderation is mirrored ('' none), same platform
  int warn_expire_days = 30;               // warnings older than this no longer count (0: never expire)
  int warn_penalty = 0;                    // points deducted per warning (never below 0)
  int mute_penalty = 0;                    // ... per mute
  int ban_penalty = 0;                     // ... per ban or kick
  std::vector<EscalationStep> escalation;  // sorted by warnings
};

// A configured text pattern with where it was written (an invalid regular expression is reported there).
struct PatternConfig {
  std::string text;
  std::string where;                       // "file:line:column"
};

struct FilterRule {
  bool enabled = false;
  Sanction action = Sanction::del;
  int mute_minutes = 10;                   // action "mute"
  std::vector<std::string> exempt_users;   // platform user ids this filter never applies to (besides [filters]'s)
};

struct FiltersConfig {
  bool exempt_moderators = true;           // moderators and owners are never filtered
  std::vector<std::string> exempt_users;   // platform user ids never filtered
  FilterRule blocklist{false, Sanction::warn, 10, {}};
  std::vector<PatternConfig> words;        // substrings of the normalised text (case- and width-insensitive)
  std::vector<PatternConfig> patterns;     // RE2 regular expressions over the normalised text
  FilterRule links{false, Sanction::del, 10, {}};
  std::vector<std::string> allowed_domains;  // these (and their subdomains) are always fine
  int links_new_member_hours = 0;          // members who joined less than this ago may post no link at all
  bool links_block_all = true;             // other domains are blocked for everyone (false: only new members)
  FilterRule flood{false, Sanction::mute, 10, {}};
  int flood_messages = 6;                  // more than this many messages ...
  int flood_seconds = 10;                  // ... within this many seconds
  FilterRule repeat{false, Sanction::del, 10, {}};
  int repeat_count = 3;                    // the same text this many times in a row ...
  int repeat_seconds = 120;                // ... each within this many seconds of the one before
  FilterRule mentions{false, Sanction::del, 10, {}};
  int max_mentions = 5;                    // more @mentions than this in one message
  FilterRule caps{false, Sanction::del, 10, {}};
  int caps_min_letters = 12;               // only messages with at least this many cased letters ...
  double caps_ratio = 0.7;                 // ... of which at least this share is upper case
  bool raid_enabled = false;
  int raid_joins = 10;                     // more than this many joins ...
  int raid_seconds = 60;                   // ... within this many seconds start raid mode:
  int raid_mute_minutes = 30;              // new joiners are muted this long, moderators alerted
};

// One "topic of the week": posted automatically as a new topic at `weekday` `minute_of_day` (local time, [bot]
// timezone), once per week (Monday to Sunday), in one chat.
struct WeeklyTopicConfig {
  std::string title;
  std::vector<std::string> tags;           // without '#'
  int weekday = 0;                         // 0 = Monday … 6 = Sunday
  int minute_of_day = 0;                   // from `time = "HH:MM"`
  std::string platform;                    // "" = [bot].platform
  std::string chat_id;                     // where it is posted (required)
};

// Topics: themed discussions members start, follow and take part in (handlers/topic_*).
struct TopicsConfig {
  bool members_can_start = true;           // false: only moderators and owners may /topic new
  int hot_half_life_hours = 24;            // a post's weight in the "hot" score halves every this many hours
  int digest_minutes = 60;                 // a follower hears about a topic at most once per this many minutes
  int list_size = 10;                      // topics shown by /topics
  int max_title_length = 120;              // characters
  std::vector<WeeklyTopicConfig> weekly;
};

// Q&A ([qa]): similar-question suggestions on /ask and the reminder for unanswered questions.
struct QaConfig {
  int unanswered_after_minutes = 60;       // an open question without answers this long pings experts; 0 = never
  double similar_min_score = 0.35;         // TF-IDF cosine at which an open question counts as similar
  int max_suggestions = 3;                 // similar questions listed before posting; 0 = never suggest
};

// Personalisation: the recommender ([recommender]), member segments ([segments]) and digests ([digest]).
struct InteractionWeights {                // confidence weight per kind of implicit feedback; negative excludes
  double view = 1.0;                       // a click on a recommended item's button, or /open <id>
  double reply = 3.0;                      // a reply or topic post on the item
  double answer = 4.0;                     // an answer to the item (a question)
  double upvote = 2.0;                     // an upvote on an answer to the item
  double follow = 3.0;                     // /follow on the item (a topic)
  double like = 5.0;                       // 👍 on a recommendation
  double dislike = -5.0;                   // 👎 on a recommendation: never recommended again
  double not_interested = -3.0;            // "not interested": never recommended again
};

struct RecommenderConfig {
  bool enabled = true;
  int factors = 64;                        // ALS latent factors
  double lambda = 250.0;                   // ALS regularisation (tuned on Cross Validated, docs/BENCHMARKS.md)
  double alpha = 7.5;                      // confidence = 1 + alpha * r
  int iterations = 15;
  int cg_steps = 3;                        // conjugate-gradient steps per row and half-epoch
  int threads = 2;                         // training threads
  int retrain_minutes = 60;                // train again at most this often ...
  int retrain_min_interactions = 50;       // ... and only when this many new interactions arrived
  std::string model_path = "data/recommender.model";  // saved after training, loaded at start; "" = memory only
  int cold_start_interactions = 5;         // members with fewer interactions get tag-similarity picks
  int popularity_half_life_days = 14;      // popularity fallback: interactions decay with this half-life
  double diversity = 0.3;                  // maximal marginal relevance: 0 = pure score, 1 = pure novelty
  std::string feed_file;                   // a CSV or TOML file of posts, reloaded when it changes ("" none)
  std::string feed_chat_id;                // the community (on [bot].platform) its posts belong to
  int feed_check_seconds = 30;             // how often the file's modification time is looked at
  InteractionWeights weights;
};

struct SegmentsConfig {
  int k = 3;                               // segments (3: high-interaction, active, potential)
  int restarts = 10;                       // k-means++ restarts; the best is kept
  int pca_components = 0;                  // 0: cluster the standardised features directly
  int refresh_hours = 24;                  // recompute on a tick at most this often
};

struct DigestConfig {
  int default_hour = 9;                    // local hour a digest goes out when the member names none
  int quiet_start_hour = 22;               // no digest from this local hour ...
  int quiet_end_hour = 8;                  // ... until this one
  int max_items = 5;                       // picks per digest
  int max_per_week = 7;                    // digests per member per week, whatever the frequency
};

struct Config {
  std::string source;                      // the file it was read from, or "<embedded example>"
  BotConfig bot;
  StorageConfig storage;
  ConsoleConfig console;
  TelegramConfig telegram;
  std::vector<CommunityConfig> communities;
  PointsConfig points;
  std::vector<LevelConfig> levels;         // sorted by threshold
  std::vector<BadgeConfig> badges;
  ModerationConfig moderation;
  FiltersConfig filters;
  QaConfig qa;
  TopicsConfig topics;
  RecommenderConfig recommender;
  SegmentsConfig segments;
  DigestConfig digest;
  std::map<std::string, std::map<std::string, MessageOverride>> messages;  // language → key → override
};

const char* to_string(BadgeMetric metric) noexcept;
const char* to_string(Sanction sanction) noexcept;
const char* to_string(PlatformKind platform) noexcept;

}  // namespace fanbase::config
