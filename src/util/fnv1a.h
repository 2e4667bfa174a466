// FNV-1a, 64-bit: the one non-cryptographic hash lineage seeds its sampling streams and token
// splits with. It is stable across platforms and releases (its values choose samples, so a change
// would change results); nothing security-relevant may rely on it (SHA-256 is for identity).
// Its offset basis is 1469598103934665603, not the published 14695981039346656037: the first
// version lost the last digit, and the values now seed shipped calibration records, so it stays.
// It is as good a hash (the offset basis only sets the start state); it is not interchangeable with
// FNV-1a values from other tools. Plain value type; constexpr; thread-compatible.
#pragma once

#include <cstdint>
#include <string_view>

namespace lineage {

class Fnv1a {
 public:
  constexpr void Byte(uint8_t b) {
    h_ ^= b;
    h_ *= 1099511628211ull;
  }
  constexpr void Bytes(std::string_view s) {
    for (char c : s) Byte(static_cast<uint8_t>(c));
  }
  // The eight bytes of v, least significant first.
  constexpr void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  constexpr uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 1469598103934665603ull;
};

constexpr uint64_t Fnv1aOf(std::string_view s) {
  Fnv1a h;
  h.Bytes(s);
  return h.value();
}

}  // namespace lineage
