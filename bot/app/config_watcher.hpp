// ConfigWatcher: the configuration file of a running bot (`fanbase run --config FILE`). A thread of its own looks
// at the file's modification time and size every `every`, and at whether SIGHUP asked for a reload
// (request_config_reload, set from main's signal handler); either calls `reload` (Application::reload_config,
// which validates the file first and keeps the running configuration when it is bad). The state at start is
// the one already loaded: only a later change reloads. Thread: its own; `reload` runs on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace fanbase {

// Async-signal-safe: marks a reload as wanted; the watcher acts on it within its poll interval.
void request_config_reload() noexcept;

class ConfigWatcher {
 public:
  using Reload = std::function<void()>;
  ConfigWatcher(std::string path, std::chrono::milliseconds every, Reload reload);
  ~ConfigWatcher();
  ConfigWatcher(const ConfigWatcher&) = delete;
  ConfigWatcher& operator=(const ConfigWatcher&) = delete;
  void stop();  // idempotent
  // Reloads when the file changed since the last look or a reload was requested; true when it called `reload`.
  bool check_now();

 private:
  struct Stamp {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::optional<Stamp> stamp() const;
  void loop();

  std::string path_;
  std::chrono::milliseconds every_;
  Reload reload_;
  std::optional<Stamp> seen_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fanbase
