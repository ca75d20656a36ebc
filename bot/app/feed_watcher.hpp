// FeedWatcher: the content feed file ([recommender].feed_file). A thread of its own looks at the file's modification
// time every `every`; when it changed (and at start) it reads the file (config::read_content_feed) and hands the
// posts to `apply` (the Application turns that into a storage job). A bad file is logged with its line and the
// previous posts stay. Thread: its own; apply runs on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/content_feed.hpp"

namespace fanbase {

class FeedWatcher {
 public:
  using Apply = std::function<void(std::vector<config::FeedEntry>)>;
  FeedWatcher(std::string path, std::chrono::seconds every, Apply apply);
  ~FeedWatcher();
  FeedWatcher(const FeedWatcher&) = delete;
  FeedWatcher& operator=(const FeedWatcher&) = delete;
  void stop();  // idempotent
  // Reads the file when its modification time changed since the last read; true when posts were applied.
  bool check_now();

 private:
  void loop();
  std::string path_;
  std::chrono::seconds every_;
  Apply apply_;
  std::optional<std::filesystem::file_time_type> seen_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fanbase
