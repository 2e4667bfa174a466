// MergeList: a BPE vocabulary's merges in rank order, each a pair of canonical byte strings,
// stored back to back in one byte arena.
//
// Why: a 280k-merge tokenizer.json held as std::pair<std::string, std::string> costs ~20 MB of
// fresh memory and two string constructions per merge, which dominated loading. Here a merge
// costs its bytes plus 16 bytes of offsets, and loaders decode straight into the arena.
//
// Contract: value type; operator[] returns views into the arena, valid until the next
// modification. Not thread-safe for writes; concurrent reads of an unmodified list are safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lineage {

struct Merge {
  std::string_view first;
  std::string_view second;
  bool operator==(const Merge& o) const { return first == o.first && second == o.second; }
};

class MergeList {
 public:
  size_t size() const { return ends_.size() / 2; }
  bool empty() const { return ends_.empty(); }
  void clear() {
    bytes_.clear();
    ends_.clear();
  }
  // Room for `merges` merges holding `bytes` bytes in all (hints only).
  void reserve(size_t merges, size_t bytes = 0) {
    ends_.reserve(2 * merges);
    bytes_.reserve(bytes);
  }

  Merge operator[](size_t i) const {
    size_t start = i == 0 ? 0 : ends_[2 * i - 1];
    std::string_view all = bytes_;
    return {all.substr(start, ends_[2 * i] - start),
            all.substr(ends_[2 * i], ends_[2 * i + 1] - ends_[2 * i])};
  }

  void emplace_back(std::string_view a, std::string_view b) {
    bytes_.append(a);
    ends_.push_back(bytes_.size());
    bytes_.append(b);
    ends_.push_back(bytes_.size());
  }

  // Appends the merge whose canonical parts `decode` writes for the spellings `a` and `b`;
  // `decode(spelling, &arena)` appends to the arena and returns false on an invalid spelling.
  // On failure nothing is appended and false is returned.
  template <typename Decode>
  bool AppendDecoded(std::string_view a, std::string_view b, Decode&& decode) {
    const size_t mark = bytes_.size();
    if (!decode(a, &bytes_)) {
      bytes_.resize(mark);
      return false;
    }
    const size_t mid = bytes_.size();
    if (!decode(b, &bytes_)) {
      bytes_.resize(mark);
      return false;
    }
    ends_.push_back(mid);
    ends_.push_back(bytes_.size());
    return true;
  }

 private:
  std::string bytes_;  // first0 second0 first1 second1 ...
  std::vector<uint64_t>
      ends_;  // ends_[2i]: end of merge i's first part; ends_[2i+1]: of its second
};

}  // namespace lineage
