// Topic rules shared by the /topic commands and the TopicStage: the "hot" score, reading a new topic's title and
// tags, topic ids and subjects, the weekly schedule, and starting a topic (stored + announced). The pure functions
// are safe anywhere; start_topic runs on the storage thread inside the event's transaction.
//
// Hot score: every post (the start counts as one) weighs 2^(-age / half_life) = exp(-age · ln 2 / half_life),
// and a topic's score is the sum of its posts' weights. It is kept as (hot, hot_at): the sum as of hot_at, so a
// new post is one multiplication and one addition, and the score at any time t >= hot_at is
// hot · 2^(-(t - hot_at) / half_life). The ranking compares scores at the same moment, so it is exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "bot/core/turn.hpp"
#include "handlers/core/services.hpp"

namespace fanbase::handlers::topics {

constexpr std::size_t max_tags = 10;
constexpr std::size_t max_tag_length = 32;  // characters

// The score `hot` (as of `hot_at`) seen at `at` (never grows for earlier times: those read as hot_at).
double decayed(double hot, std::int64_t hot_at, std::int64_t at, std::int64_t half_life_ms);

struct Heat {
  double hot = 0;
  std::int64_t at = 0;
};
// The heat after one more post at `post_at`. A post older than hot_at (a late delivery) adds its own decayed weight.
Heat with_post(double hot, std::int64_t hot_at, std::int64_t post_at, std::int64_t half_life_ms);

struct Draft {
  std::string title;
  std::vector<std::string> tags;  // lower case (ASCII), without '#', no duplicates
};
// "/topic new <title> [#tag …]": args[from..]. The trailing words that start with '#' are the tags; any '#word'
// before the last plain word stays in the title ("Best #1 album #kpop" → "Best #1 album", [kpop]).
Result<Draft> parse_draft(const std::vector<std::string>& args, std::size_t from, std::size_t max_title);

// "12" or "#12" → 12.
Result<std::int64_t> parse_topic_id(std::string_view text);

// The subject of a topic's announcement ("topic:12"), and back.
std::string subject_of(std::int64_t id);
std::optional<std::int64_t> id_from_subject(std::string_view subject);

// Tags as stored ("a b") ↔ shown (" #a #b", with a leading space, '' when none).
std::string stored_tags(const std::vector<std::string>& tags);
std::string shown_tags(std::string_view stored);

// Weeks run Monday to Sunday in local time; week 0 is the one of 1970-01-01 (a Thursday).
std::int64_t local_week(std::int64_t at_ms, int utc_offset_minutes);
// The unix-ms time of `weekday` (0 = Monday) at `minute_of_day` in local week `week`.
std::int64_t scheduled_at(std::int64_t week, int weekday, int minute_of_day, int utc_offset_minutes);

// "2026-01-05 20:00" in local time.
std::string local_stamp(std::int64_t at_ms, int utc_offset_minutes);

struct StartTopic {
  std::int64_t community_id = 0;
  std::string platform;
  std::string chat_id;
  std::string thread_id;              // announced in (and linked to) this forum thread
  std::string language;               // of the community
  Draft draft;
  const storage::MemberRow* starter = nullptr;  // null: the schedule's topic of the week
};
// Stores the topic (the starter follows it) and adds its announcement (subject "topic:<id>") to the turn, not
// as a reply. Returns the id. Points for starting are the caller's business.
std::int64_t start_topic(Services& services, Turn& turn, const StartTopic& start);

}  // namespace fanbase::handlers::topics
