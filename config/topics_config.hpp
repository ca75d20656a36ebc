// [topics]: themed discussions members start, follow and take part in (handlers/topics/), and the weekly topics.
// Read by config/read_topics.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>
#include <vector>

namespace fanbase::config {

// One "topic of the week": posted automatically as a new topic at `weekday` `minute_of_day` (local time, [bot]
// timezone), once per week (Monday to Sunday), in one chat.
struct WeeklyTopicConfig {
  std::string title;
  std::vector<std::string> tags;           // without '#'
  int weekday = 0;                         // 0 = Monday … 6 = Sunday
  int minute_of_day = 0;                   // from `time = "HH:MM"`
  std::string platform;                    // "" = [bot].platform
  std::string chat_id;                     // where it is posted (required)

  bool operator==(const WeeklyTopicConfig&) const = default;
};

struct TopicsConfig {
  bool members_can_start = true;           // false: only moderators and owners may /topic new
  int hot_half_life_hours = 24;            // a post's weight in the "hot" score halves every this many hours
  int digest_minutes = 60;                 // a follower hears about a topic at most once per this many minutes
  int list_size = 10;                      // topics shown by /topics
  int max_title_length = 120;              // characters
  std::vector<WeeklyTopicConfig> weekly;

  bool operator==(const TopicsConfig&) const = default;
};

}  // namespace fanbase::config
