// The owner's configuration as plain typed values with their documented defaults. Built by load_config()
// from one TOML file; no toml++ type leaves config/. Every key is explained in config/fanbase.example.toml.
// Each section's structs live in their own header (config/<feature>_config.hpp), each with an ==, so a reload
// can tell which sections changed; this header gathers them into Config.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/bot_config.hpp"
#include "config/commands_config.hpp"
#include "config/console_config.hpp"
#include "config/messages_config.hpp"
#include "config/moderation_config.hpp"
#include "config/points_config.hpp"
#include "config/qa_config.hpp"
#include "config/recommender_config.hpp"
#include "config/storage_config.hpp"
#include "config/telegram_config.hpp"
#include "config/topics_config.hpp"

namespace fanbase::config {

// == is member-wise: every section's own == (see its header for the few that are not plain member-wise), and
// `source` too, so the same text read under another name is a different Config.
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
  CommandsConfig commands;
  RecommenderConfig recommender;
  SegmentsConfig segments;
  DigestConfig digest;
  MessageOverrides messages;               // language → key → override

  bool operator==(const Config&) const = default;
};

}  // namespace fanbase::config
