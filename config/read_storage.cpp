// [storage]: the database file and the writer's group commit.
#include "config/section_readers.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace fanbase::config::detail {

namespace {

constexpr std::int64_t max_batch_events = 10'000;
constexpr std::int64_t max_batch_wait_us = 1'000'000;

constexpr std::array<std::string_view, 2> synchronous_names{"normal", "full"};

}  // namespace

void read_storage(TableReader t, StorageConfig& storage) {
  t.read_string("path", storage.path, true);
  t.read_enum("synchronous", storage.synchronous, synchronous_names);
  t.read_int("batch_max_events", storage.batch_max_events, 1, max_batch_events);
  t.read_int("batch_max_wait_us", storage.batch_max_wait_us, 0, max_batch_wait_us);
  t.read_int("retention_days", storage.retention_days, 2, 3650);
  t.finish();
}

}  // namespace fanbase::config::detail
