// [bot] and [[community]]: the defaults every chat starts from, and the chats that override them.
#include "config/section_readers.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fanbase::config {

namespace detail {

namespace {

constexpr int min_utc_offset_minutes = -12 * 60;
constexpr int max_utc_offset_minutes = 14 * 60;

constexpr std::array<std::string_view, 5> log_level_names{"debug", "info", "warn", "error", "off"};

// "UTC", "+08:00", "-05:30" → minutes east of UTC.
std::optional<int> parse_utc_offset(std::string_view text) {
  if (text == "UTC") return 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  for (std::size_t i : {1u, 2u, 4u, 5u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int hours = (text[1] - '0') * 10 + (text[2] - '0');
  const int minutes = (text[4] - '0') * 10 + (text[5] - '0');
  if (minutes > 59) return std::nullopt;
  const int total = (text[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  if (total < min_utc_offset_minutes || total > max_utc_offset_minutes) return std::nullopt;
  return total;
}

std::optional<int> to_utc_offset(const toml::node& node, const std::string& key, Problems& problems) {
  const auto text = to_string_value(node, key, false, problems);
  if (!text) return std::nullopt;
  const auto minutes = parse_utc_offset(*text);
  if (!minutes) {
    problems.add(node.source(), key,
                 "expected \"UTC\" or an offset \"+HH:MM\" / \"-HH:MM\" in [-12:00, +14:00] (got " +
                     quoted(*text) + ")");
  }
  return minutes;
}

}  // namespace

void read_bot(TableReader t, BotConfig& bot) {
  t.read_enum("platform", bot.platform, platform_names);
  t.read_name("language", bot.language, language_names);
  t.read_name("log_level", bot.log_level, log_level_names);
  if (const auto* node = t.get("timezone")) {
    if (const auto minutes = to_utc_offset(*node, t.path_of("timezone"), t.problems())) {
      bot.utc_offset_minutes = *minutes;
    }
  }
  t.read_ids("owners", bot.owners);
  t.read_ids("moderators", bot.moderators);
  t.finish();
}

void read_communities(const toml::array& array, const std::string& path, Problems& problems,
                      std::vector<CommunityConfig>& out) {
  struct Seen {
    std::string path;
    std::int64_t line;
  };
  std::map<std::pair<std::string, std::string>, Seen> seen;  // (platform, chat_id) → first entry
  for (const auto& [table, element] : tables_of(array, path, problems)) {
    TableReader t(*table, element, problems);
    CommunityConfig community;
    bool identified = true;
    if (const auto* node = t.require("platform")) {
      if (const auto i = to_choice(*node, t.path_of("platform"), platform_names, problems)) {
        community.platform = std::string(platform_names[*i]);
      } else {
        identified = false;
      }
    } else {
      identified = false;
    }
    const toml::node* chat_id = t.require("chat_id");
    if (chat_id != nullptr) {
      if (auto id = to_id(*chat_id, t.path_of("chat_id"), problems)) {
        community.chat_id = std::move(*id);
      } else {
        identified = false;
      }
    } else {
      identified = false;
    }
    t.read_name("language", community.language, language_names);
    t.read_ids("owners", community.owners);
    t.read_ids("moderators", community.moderators);
    t.finish();

    if (identified) {
      const auto [it, inserted] = seen.try_emplace({community.platform, community.chat_id},
                                                   Seen{element, chat_id->source().begin.line});
      if (!inserted) {
        problems.add(chat_id->source(), t.path_of("chat_id"),
                     "duplicate community " + community.platform + " " + quoted(community.chat_id) +
                         "; first defined by " + it->second.path + " at line " + std::to_string(it->second.line));
      }
    }
    out.push_back(std::move(community));
  }
}

}  // namespace detail

const char* to_string(PlatformKind platform) noexcept {
  const auto i = static_cast<std::size_t>(platform);
  return i < detail::platform_names.size() ? detail::platform_names[i].data() : "unknown";
}

}  // namespace fanbase::config
