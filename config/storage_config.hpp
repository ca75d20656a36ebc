// [storage]: the SQLite file and the writer's group commit. Read by config/read_storage.cpp.
// Thread: immutable after loading; shared read-only by every thread.
#pragma once

#include <string>

namespace fanbase::config {

enum class Synchronous { normal, full };

struct StorageConfig {
  std::string path = "data/fanbase.db";    // relative paths are relative to the working directory
  Synchronous synchronous = Synchronous::full;
  int batch_max_events = 1024;             // group commit: at most this many events per transaction
  int batch_max_wait_us = 2000;            // ... or until this long after the first one arrived
  int retention_days = 7;                  // delivered outbox rows and redelivery keys older than this are pruned

  bool operator==(const StorageConfig&) const = default;
};

}  // namespace fanbase::config
