#include "bot/app/config_watcher.hpp"

#include <atomic>

namespace fanbase {
namespace {
std::atomic<bool> g_reload_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
}  // namespace

void request_config_reload() noexcept { g_reload_requested.store(true); }

ConfigWatcher::ConfigWatcher(std::string path, std::chrono::milliseconds every, Reload reload)
    : path_(std::move(path)), every_(every), reload_(std::move(reload)), seen_(stamp()) {
  thread_ = std::thread([this] { loop(); });
}

ConfigWatcher::~ConfigWatcher() { stop(); }

void ConfigWatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<ConfigWatcher::Stamp> ConfigWatcher::stamp() const {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(path_, ec);
  if (ec) return std::nullopt;
  const auto size = std::filesystem::file_size(path_, ec);
  if (ec) return std::nullopt;
  return Stamp{mtime, size};
}

bool ConfigWatcher::check_now() {
  const bool requested = g_reload_requested.exchange(false);
  const auto now = stamp();
  // A file that vanished (an editor replacing it) is looked at again once it is back; a requested reload of a
  // missing file is still tried, so the log says why nothing changed.
  const bool changed = now && now != seen_;
  if (now) seen_ = now;
  if (!changed && !requested) return false;
  reload_();
  return true;
}

void ConfigWatcher::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, every_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    check_now();
    lock.lock();
  }
}

}  // namespace fanbase
