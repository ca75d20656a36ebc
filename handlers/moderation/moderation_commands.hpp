// The moderation command family. Moderators: /warn /unwarn /mute /unmute /kick /ban /unban /del /modlog and
// /warns @user; members: /warns (their own) and /report (a reply). Targets by reply, @username, a text mention
// or a platform user id; reasons are optional but stored. Moderators and owners cannot be targeted. Every
// action goes through Moderation (audit log, penalties, platform action, announcement, mod chat).
#pragma once

#include "handlers/core/command_router.hpp"

namespace fanbase::handlers {

void register_moderation_commands(CommandRouter& router);

}  // namespace fanbase::handlers
