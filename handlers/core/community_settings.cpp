#include "handlers/core/community_settings.hpp"

#include "base/unicode.hpp"

namespace fanbase::handlers {
namespace {
std::string entry_key(std::string_view platform, std::string_view chat_id) {
  std::string k(platform);
  k += '\x1f';
  k += chat_id;
  return k;
}
}  // namespace

CommunitySettings::CommunitySettings(const config::Config& config) { reload(config); }

void CommunitySettings::reload(const config::Config& config) {
  // Ids are folded as the console folds its speakers' names ("Alice" and "alice" are one member there);
  // numeric ids (Telegram) are unchanged by folding.
  const auto fold_all = [](const std::vector<std::string>& ids, std::unordered_set<std::string>& out) {
    out.clear();
    for (const std::string& id : ids) out.insert(unicode::fold_case(id));
  };
  default_language_ = config.bot.language;
  fold_all(config.bot.owners, owners_);
  fold_all(config.bot.moderators, moderators_);
  entries_.clear();
  for (const auto& c : config.communities) {
    Entry e;
    e.language = c.language.empty() ? config.bot.language : c.language;
    fold_all(c.owners, e.owners);
    fold_all(c.moderators, e.moderators);
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
