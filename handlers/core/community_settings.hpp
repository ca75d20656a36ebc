// CommunitySettings: per-chat settings resolved from the config once — language and who is owner or moderator —
// and what each platform told the application about itself at start (the bot's name there and its Capabilities,
// registered by bot/app from the adapters; handlers know no platform by name).
// Thread: filled at start (set_platform, set_bot_name run as storage jobs), reloaded by a storage job; read on the
// storage thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "bot/core/turn.hpp"
#include "config/config.hpp"

namespace fanbase::handlers {

class CommunitySettings {
 public:
  explicit CommunitySettings(const config::Config& config);
  // Roles and languages from `config` again (a configuration reload); what the platforms registered stays.
  void reload(const config::Config& config);

  const std::string& language(std::string_view platform, std::string_view chat_id) const;
  Role role_of(std::string_view platform, std::string_view chat_id, const std::string& user_id) const;
  // The bot's own name on a platform, for "/cmd@name".
  const std::string& bot_name(std::string_view platform) const;
  void set_bot_name(const std::string& platform, std::string name) { bot_names_[platform] = std::move(name); }
  // What a platform can do; a platform nobody registered gets the defaults of Capabilities.
  const Capabilities& capabilities(std::string_view platform) const;
  void set_platform(const std::string& platform, std::string bot_name, Capabilities caps) {
    bot_names_[platform] = std::move(bot_name);
    capabilities_[platform] = caps;
  }

 private:
  struct Entry {
    std::string language;
    std::unordered_set<std::string> owners;
    std::unordered_set<std::string> moderators;
  };
  const Entry* find(std::string_view platform, std::string_view chat_id) const;

  std::string default_language_;
  std::unordered_set<std::string> owners_;
  std::unordered_set<std::string> moderators_;
  std::unordered_map<std::string, Entry> entries_;  // platform + '\x1f' + chat_id
  std::unordered_map<std::string, std::string> bot_names_;
  std::unordered_map<std::string, Capabilities> capabilities_;
};

}  // namespace fanbase::handlers
