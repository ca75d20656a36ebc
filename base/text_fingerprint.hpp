// TextFingerprint: a fixed-size summary of a folded text (text::fold_for_similarity) for near-duplicate checks,
// stored instead of the text. A bottom-k sketch: the `capacity` smallest 32-bit hashes of the text's code-point
// bigrams, plus a hash of the whole folded text (very short texts compare by equality). ml/text_fingerprint
// computes and compares them; this header is the plain data every layer may carry (Event, storage rows).
// Thread: plain value type.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fanbase::text {

struct TextFingerprint {
  static constexpr std::size_t capacity = 64;
  std::uint64_t whole = 0;   // hash of the whole folded text; 0 only for the empty text (= "no previous message")
  std::uint32_t bigrams = 0; // distinct bigrams of the text, capacity + 1 when more: <= capacity, `mins` holds all
  std::uint8_t size = 0;     // hashes used in `mins`, ascending
  std::array<std::uint32_t, capacity> mins{};

  bool empty() const noexcept { return whole == 0; }
  bool complete() const noexcept { return bigrams <= capacity; }

  // The stored form (a BLOB of 12 + 4 * size bytes, little-endian); empty() encodes as "".
  std::string bytes() const;
  // Reads bytes(); anything else (an old row's text, a truncated blob) gives the empty fingerprint.
  static TextFingerprint from_bytes(std::string_view stored);
};

}  // namespace fanbase::text
