// Clock: the one source of "now". Domain rules never call it (they use the event's own time); it stamps
// events made by the console, drives timers and measures wall time. FakeClock lets tests move time by hand.
// Thread: SystemClock is stateless; FakeClock is for single-threaded tests (atomic so a reader thread may look).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace fanbase {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch: the unit of every stored time.
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void set(std::int64_t ms) { now_.store(ms); }
  void advance(std::chrono::milliseconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace fanbase
