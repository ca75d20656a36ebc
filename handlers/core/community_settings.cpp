#include "handlers/core/community_settings.hpp"

namespace fanbase::handlers {
namespace {
std::string entry_key(std::string_view platform, std::string_view chat_id) {
  std::string k(platform);
  k += '\x1f';
  k += chat_id;
  return k;
}
}  // namespace

CommunitySettings::CommunitySettings(const config::Config& config)
    : default_language_(config.bot.language),
      owners_(config.bot.owners.begin(), config.bot.owners.end()),
      moderators_(config.bot.moderators.begin(), config.bot.moderators.end()) {
  for (const auto& c : config.communities) {
    Entry e;
    e.language = c.language.empty() ? config.bot.language : c.language;
    e.owners.insert(c.owners.begin(), c.owners.end());
    e.moderators.insert(c.moderators.begin(), c.moderators.end());
    entries_[entry_key(c.platform, c.chat_id)] = std::move(e);
  }
}

const Capabilities& CommunitySettings::capabilities(std::string_view platform) const {
  static const Capabilities defaults;
  auto it = capabilities_.find(std::string(platform));
  return it == capabilities_.end() ? defaults : it->second;
}

const CommunitySettings::Entry* CommunitySettings::find(std::string_view platform, std::string_view chat_id) const {
  if (entries_.empty()) return nullptr;
  auto it = entries_.find(entry_key(platform, chat_id));
  return it == entries_.end() ? nullptr : &it->second;
}

const std::string& CommunitySettings::language(std::string_view platform, std::string_view chat_id) const {
  const Entry* e = find(platform, chat_id);
  return e ? e->language : default_language_;
}

Role CommunitySettings::role_of(std::string_view platform, std::string_view chat_id, const std::string& user_id) const {
  const Entry* e = find(platform, chat_id);
  if (owners_.count(user_id) || (e && e->owners.count(user_id))) return Role::owner;
  if (moderators_.count(user_id) || (e && e->moderators.count(user_id))) return Role::moderator;
  return Role::member;
}

const std::string& CommunitySettings::bot_name(std::string_view platform) const {
  static const std::string none;
  auto it = bot_names_.find(std::string(platform));
  return it == bot_names_.end() ? none : it->second;
}

}  // namespace fanbase::handlers
