// SnapshotReader: how heavy reads (recommender training today; analytics and reports next) see the database
// without holding up the storage thread. For a database file each read opens a read-only connection of its own
// and runs in one read transaction, so it sees exactly the committed rows, all from one snapshot, and never blocks
// the writer (WAL). ":memory:" cannot be shared between connections, so there the read runs as a job on the
// storage thread (small databases: tests). Thread: read() from any thread except the storage thread (it would
// wait for itself); the Store it hands out is used on the calling thread only, for the call.
#pragma once

#include <functional>
#include <string>

namespace fanbase::storage {

class Store;
class Writer;

class SnapshotReader {
 public:
  // `path`: the database file (":memory:" or empty: through `writer`, over `live`, the storage thread's Store).
  SnapshotReader(std::string path, Writer& writer, Store& live);
  // Runs `read` over one consistent snapshot. False when it could not run (the writer stopped).
  bool read(const std::function<void(Store&)>& read) const;
  bool shared_connection() const noexcept { return memory_; }

 private:
  std::string path_;
  bool memory_;
  Writer& writer_;
  Store& live_;
};

}  // namespace fanbase::storage
