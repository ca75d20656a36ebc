// The reader of each section of the file, one config/read_<feature>.cpp each; load_config.cpp calls them through
// its table of sections. A [table] reader takes the table and its section's struct and calls finish(); an
// [[array of tables]] reader takes the array, its key path and the problems.
// Internal to config/: included by config/*.cpp only (toml++ types, via toml_reader.hpp).
// Thread: pure functions of the document; any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/toml_reader.hpp"

namespace fanbase::config::detail {

// ---- enum-like names shared by several sections (order matches the enums) -------------------------------

inline constexpr std::array<std::string_view, 2> platform_names{"console", "telegram"};  // PlatformKind
inline constexpr std::array<std::string_view, 2> language_names{"en", "zh"};

// ---- read_bot.cpp: [bot], [[community]] ----------------------------------------------------------------

void read_bot(TableReader t, BotConfig& bot);
void read_communities(const toml::array& array, const std::string& path, Problems& problems,
                      std::vector<CommunityConfig>& out);

// ---- read_storage.cpp, read_console.cpp, read_telegram.cpp ---------------------------------------------

void read_storage(TableReader t, StorageConfig& storage);
void read_console(TableReader t, ConsoleConfig& console);
void read_telegram(TableReader t, TelegramConfig& telegram);

// ---- read_points.cpp: [points], [[levels]], [[badges]] -------------------------------------------------

void read_points(TableReader t, PointsConfig& points);
// Built-in ladder and badges, identical to config/fanbase.example.toml; a file's [[levels]] / [[badges]] replace them.
std::vector<LevelConfig> default_levels();
std::vector<BadgeConfig> default_badges();
void read_levels(const toml::array& array, const std::string& path, Problems& problems,
                 std::vector<LevelConfig>& out);
void read_badges(const toml::array& array, const std::string& path, Problems& problems,
                 std::vector<BadgeConfig>& out);

// ---- read_moderation.cpp: [moderation], [filters] ------------------------------------------------------

void read_moderation(TableReader t, ModerationConfig& m);
void read_filters(TableReader t, FiltersConfig& f);

// ---- read_qa.cpp, read_topics.cpp ----------------------------------------------------------------------

void read_qa(TableReader t, QaConfig& qa);
void read_topics(TableReader t, TopicsConfig& topics);

// ---- read_commands.cpp: [commands] ---------------------------------------------------------------------

void read_commands(TableReader t, CommandsConfig& commands);

// ---- read_recommender.cpp: [recommender], [segments], [digest] -----------------------------------------

void read_recommender(TableReader t, RecommenderConfig& r);
void read_segments(TableReader t, SegmentsConfig& s);
void read_digest(TableReader t, DigestConfig& d);

// ---- read_messages.cpp: [messages.<language>] ----------------------------------------------------------

// Every key is a language and every key under it a catalogue key, so there is no finish() (no unknown keys).
void read_messages(TableReader t, MessageOverrides& out);

}  // namespace fanbase::config::detail
