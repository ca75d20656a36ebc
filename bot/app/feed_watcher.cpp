#include "bot/app/feed_watcher.hpp"

#include "base/log.hpp"

namespace fanbase {

FeedWatcher::FeedWatcher(std::string path, std::chrono::seconds every, Apply apply)
    : path_(std::move(path)), every_(every), apply_(std::move(apply)) {
  thread_ = std::thread([this] { loop(); });
}

FeedWatcher::~FeedWatcher() { stop(); }

void FeedWatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool FeedWatcher::check_now() {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(path_, ec);
  if (ec) {
    if (!seen_ || *seen_ != std::filesystem::file_time_type::min()) {
      log::warn("feed.unreadable", {{"file", path_}, {"error", ec.message()}});
      seen_ = std::filesystem::file_time_type::min();  // said once until the file is back
    }
    return false;
  }
  if (seen_ && *seen_ == mtime) return false;
  seen_ = mtime;
  auto posts = config::read_content_feed(path_);
  if (!posts) {
    const auto& e = posts.error();
    log::warn("feed.bad_file", {{"at", e.args.empty() ? path_ : e.args[0]},
                                {"problem", e.args.size() > 1 ? e.args[1] : e.key}});
    return false;
  }
  log::info("feed.read", {{"file", path_}, {"posts", std::to_string(posts->size())}});
  apply_(std::move(*posts));
  return true;
}

void FeedWatcher::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    check_now();
    lock.lock();
    wake_.wait_for(lock, every_, [this] { return stopping_; });
  }
}

}  // namespace fanbase
