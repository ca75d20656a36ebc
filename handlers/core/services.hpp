// Services: what every stage and command of handlers/ may use — the repositories, the config, the catalogue,
// the per-chat settings and the incentive rules. Built once by bot/app; used on the storage thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/message_catalog.hpp"
#include "bot/core/turn.hpp"
#include "config/config.hpp"
#include "handlers/core/community_settings.hpp"
#include "storage/store.hpp"

namespace fanbase::handlers {

// How a member is named in replies: display name, else @username, else the platform id.
inline std::string display_name(const storage::MemberRow& m) {
  if (!m.display_name.empty()) return m.display_name;
  if (!m.username.empty()) return "@" + m.username;
  return m.user_id;
}

class Incentives;
class LeaderboardCache;
class Recommender;

struct Services {
  storage::Store& store;
  const config::Config& config;
  const MessageCatalog& catalog;
  const CommunitySettings& communities;
  Incentives& incentives;
  LeaderboardCache& leaderboards;
  Recommender* recommender = nullptr;  // /recommend and the content catalogue; null: personalisation off
  // Raised by bot/app each time a reloaded configuration is swapped in (between two events): a stage that derives
  // state from `config` at construction (the compiled blocklist) derives it again when this changed.
  std::uint64_t config_generation = 0;

  std::string text(const Turn& turn, std::string_view key, const std::vector<std::string>& args = {}) const {
    return catalog.render(turn.language, key, args);
  }
  void say(Turn& turn, std::string_view key, const std::vector<std::string>& args = {}, bool as_reply = true) const {
    turn.reply(catalog.render(turn.language, key, args), as_reply);
  }
};

}  // namespace fanbase::handlers
