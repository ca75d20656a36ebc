#include "storage/store.hpp"

#include <sqlite3.h>
#include <string>

namespace fanbase::storage {

bool Store::in_transaction() const { return sqlite3_get_autocommit(db_.getHandle()) == 0; }

}  // namespace fanbase::storage
