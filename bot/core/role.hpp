// Role: what a person may do in a community, on an ordered scale (a command's minimum role is compared with <).
// Thread: plain value.
#pragma once

namespace fanbase {

enum class Role { member = 0, moderator = 1, owner = 2 };
const char* to_string(Role role) noexcept;

}  // namespace fanbase
