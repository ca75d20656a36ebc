// CommunitySettings: per-chat settings resolved from the config once — language and who is owner or moderator.
// Thread: immutable after construction; read on the storage thread.
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

  const std::string& language(std::string_view platform, std::string_view chat_id) const;
  Role role_of(std::string_view platform, std::string_view chat_id, const std::string& user_id) const;
  // The bot's own name on a platform, for "/cmd@name".
  const std::string& bot_name(std::string_view platform) const;
  void set_bot_name(const std::string& platform, std::string name) { bot_names_[platform] = std::move(name); }

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
};

}  // namespace fanbase::handlers
