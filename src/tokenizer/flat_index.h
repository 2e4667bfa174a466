// FlatIndex: an open-addressing hash index from caller-owned keys to int64 values (usually
// positions in the caller's arrays). The table holds only (hash, value); the caller supplies the
// key equality, so lookups cost one probe run in a flat array instead of chasing list nodes.
// Vocabulary loading and comparison spend most of their time in such lookups.
//
// Contract: values must be >= 0 (negative values are reserved). Not thread-safe for writes;
// concurrent Finds on a table nobody writes are safe. Memory: 16 bytes × a power of two ≥ 2n.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace lineage {

// 64-bit hash of bytes (the standard library's, which is fast and well mixed).
uint64_t HashBytes(std::string_view s);
inline uint64_t HashPair(uint64_t a, uint64_t b) {
  return a * 0x9E3779B97F4A7C15ull ^ (b + (a >> 29));
}

class FlatIndex {
 public:
  explicit FlatIndex(size_t expected = 0) { Reserve(expected); }

  // The value whose key `eq` accepts, or -1.
  template <typename Eq>
  int64_t Find(uint64_t hash, Eq eq) const {
    if (slots_.empty()) return -1;
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value < 0) return -1;
      if (s.hash == hash && eq(s.value)) return s.value;
    }
  }

  // Inserts `value` unless `eq` accepts an existing entry; returns (value now stored, inserted).
  template <typename Eq>
  std::pair<int64_t, bool> Insert(uint64_t hash, int64_t value, Eq eq) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value < 0) {
        s = {hash, value};
        ++size_;
        return {value, true};
      }
      if (s.hash == hash && eq(s.value)) return {s.value, false};
    }
  }

  // Replaces the value of the entry `eq` accepts (which must exist).
  template <typename Eq>
  void Set(uint64_t hash, Eq eq, int64_t value) {
    for (size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value < 0) return;
      if (s.hash == hash && eq(s.value)) {
        s.value = value;
        return;
      }
    }
  }

  size_t size() const { return size_; }
  void Reserve(size_t n);

 private:
  struct Slot {
    uint64_t hash = 0;
    int64_t value = -1;
  };
  void Grow();

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Distinct strings, numbered in insertion order, with O(1) lookup. Holds views: the bytes must
// outlive the index.
class StringIndex {
 public:
  explicit StringIndex(size_t expected = 0) : index_(expected) { keys_.reserve(expected); }
  // Adds `s` as number size() unless present; returns (its number, inserted).
  std::pair<int64_t, bool> Add(std::string_view s) {
    auto r = index_.Insert(HashBytes(s), static_cast<int64_t>(keys_.size()),
                           [&](int64_t i) { return keys_[static_cast<size_t>(i)] == s; });
    if (r.second) keys_.push_back(s);
    return r;
  }
  // The number of `s`, or -1.
  int64_t Find(std::string_view s) const {
    return index_.Find(HashBytes(s), [&](int64_t i) { return keys_[static_cast<size_t>(i)] == s; });
  }
  size_t size() const { return keys_.size(); }
  std::string_view key(size_t i) const { return keys_[i]; }

 private:
  std::vector<std::string_view> keys_;
  FlatIndex index_;
};

}  // namespace lineage
