// [commands]: the per-member command rate limit.
#include "config/section_readers.hpp"

namespace fanbase::config::detail {

void read_commands(TableReader t, CommandsConfig& commands) {
  if (auto limit = t.sub_table("rate_limit")) {
    limit->read_int("count", commands.rate_limit.count, 0, 1000);
    limit->read_int("per_seconds", commands.rate_limit.per_seconds, 1, 86'400);  // up to a day
    limit->finish();
  }
  t.finish();
}

}  // namespace fanbase::config::detail
