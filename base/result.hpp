// Result<T>: a value or an Error, shaped like C++23 std::expected<T, Error> so that moving to it is one alias.
// Used for *expected* refusals (bad input, not allowed, cooldown). A Result never throws on construction;
// operator* on an error is a bug and throws std::logic_error.
// Thread: plain value type, no shared state.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fanbase {

enum class Errc {
  bad_input,       // the text could not be understood
  not_allowed,     // the caller's role is too low
  not_found,       // the member, command or item does not exist
  conflict,        // the state refuses it (not enough points, already done today)
  too_soon,        // cooldown
};

// A refusal carries a message-catalogue key and the arguments of its placeholders, never a sentence.
struct Error {
  Errc code = Errc::bad_input;
  std::string key;
  std::vector<std::string> args;
};

inline Error user_error(Errc code, std::string key, std::vector<std::string> args = {}) {
  return Error{code, std::move(key), std::move(args)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}   // NOLINT: implicit like expected
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {} // NOLINT

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { check(); return std::get<0>(v_); }
  const T& value() const& { check(); return std::get<0>(v_); }
  T&& value() && { check(); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    if (has_value()) throw std::logic_error("Result::error() on a value");
    return std::get<1>(v_);
  }

 private:
  void check() const {
    if (!has_value()) throw std::logic_error("Result: value() on an error: " + std::get<1>(v_).key);
  }
  std::variant<T, Error> v_;
};

}  // namespace fanbase
