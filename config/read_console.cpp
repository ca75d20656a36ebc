// [console]: the stdin platform's chat and speakers.
#include "config/section_readers.hpp"

namespace fanbase::config::detail {

void read_console(TableReader t, ConsoleConfig& console) {
  t.read_string("chat_id", console.chat_id, true);
  t.read_string("chat_title", console.chat_title, true);
  t.read_string("bot_name", console.bot_name, true);
  t.read_string("default_user", console.default_user, true);
  t.finish();
}

}  // namespace fanbase::config::detail
