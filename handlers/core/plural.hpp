// count_key: which catalogue key a text that counts something uses. English says "1 member" but "2 members", so
// such a text has a second key "<key>_one", chosen when the count is exactly one; every other count (0, 2, …)
// takes `key`. Chinese has no plural: its two texts are the same. The catalogue test checks that every "_one"
// key has its base key with the same placeholders (tests/handlers/test_command_registry.cpp).
// Thread: any (pure).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fanbase::handlers {

inline std::string count_key(std::string_view key, std::int64_t n) {
  std::string out(key);
  if (n == 1 || n == -1) out += "_one";
  return out;
}

}  // namespace fanbase::handlers
