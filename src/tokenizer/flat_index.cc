#include "tokenizer/flat_index.h"

#include <functional>

namespace lineage {

uint64_t HashBytes(std::string_view s) { return std::hash<std::string_view>{}(s); }

void FlatIndex::Reserve(size_t n) {
  size_t want = 16;
  while (want < 2 * n + 2) want <<= 1;
  if (want <= slots_.size()) return;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(want, Slot{});
  mask_ = want - 1;
  for (const Slot& s : old) {
    if (s.value < 0) continue;
    size_t i = s.hash & mask_;
    while (slots_[i].value >= 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void FlatIndex::Grow() { Reserve(slots_.empty() ? 8 : slots_.size()); }

}  // namespace lineage
