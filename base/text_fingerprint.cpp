#include "base/text_fingerprint.hpp"

namespace fanbase::text {
namespace {

constexpr char magic = 'F';  // first byte: tells a fingerprint from an old row's text
constexpr std::size_t header = 1 + 8 + 2 + 1;  // magic, whole, bigrams, size

char* put(char* out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) *out++ = static_cast<char>((v >> (8 * i)) & 0xFF);
  return out;
}

std::uint64_t get(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return v;
}

}  // namespace

// Layout: 'F', whole (8 bytes), bigrams (2 bytes, saturating at 65535), size (1 byte), then size x 4 bytes.
std::string TextFingerprint::bytes() const {
  if (empty()) return {};
  std::string out(header + 4 * std::size_t{size}, '\0');
  char* p = out.data();
  *p++ = magic;
  p = put(p, whole, 8);
  p = put(p, bigrams > 0xFFFF ? 0xFFFF : bigrams, 2);
  p = put(p, size, 1);
  for (std::size_t i = 0; i < size; ++i) p = put(p, mins[i], 4);
  return out;
}

TextFingerprint TextFingerprint::from_bytes(std::string_view in) {
  TextFingerprint f;
  if (in.size() < header || in[0] != magic) return f;
  const std::size_t size = static_cast<std::size_t>(get(in, 11, 1));
  if (size > capacity || in.size() != header + 4 * size) return f;
  f.whole = get(in, 1, 8);
  f.bigrams = static_cast<std::uint32_t>(get(in, 9, 2));
  f.size = static_cast<std::uint8_t>(size);
  for (std::size_t i = 0; i < size; ++i) f.mins[i] = static_cast<std::uint32_t>(get(in, header + 4 * i, 4));
  return f;
}

}  // namespace fanbase::text
