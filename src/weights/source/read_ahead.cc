#include "weights/source/read_ahead.h"

#include <unistd.h>

#include <algorithm>

namespace lineage {

namespace {

// madvise in slices, so that a stop request is seen within one slice's reading.
constexpr uint64_t kSliceBytes = uint64_t{64} << 20;

const TensorInfo* MappedStored(const WeightSource& src, const TensorKey& key) {
  const TensorInfo* t = src.Stored(key);
  return t != nullptr && t->source != nullptr && t->source->data() != nullptr ? t : nullptr;
}

}  // namespace

ReadAhead::ReadAhead(std::vector<ReadAheadRange> ranges, uint64_t max_bytes) {
  for (const ReadAheadRange& r : ranges) {
    if (r.source == nullptr || r.source->data() == nullptr || r.length == 0) continue;
    if (planned_ + r.length > max_bytes) break;
    planned_ += r.length;
    ranges_.push_back(r);
  }
  if (ranges_.empty()) return;
  thread_ = std::thread([this] {
    for (const ReadAheadRange& r : ranges_) {
      for (uint64_t at = 0; at < r.length; at += kSliceBytes) {
        if (stop_.load(std::memory_order_relaxed)) return;
        r.source->WillNeed(r.offset + at, std::min(kSliceBytes, r.length - at));
      }
    }
  });
}

ReadAhead::~ReadAhead() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

void AddTensorAhead(const WeightSource& src, const TensorKey& key,
                    std::vector<ReadAheadRange>& out) {
  const TensorInfo* t = MappedStored(src, key);
  if (t == nullptr) return;
  const ReadAheadRange r{t->source, t->offset, t->nbytes};
  const bool listed = std::any_of(out.begin(), out.end(), [&](const ReadAheadRange& o) {
    return o.source == r.source && o.offset == r.offset && o.length == r.length;
  });
  if (!listed) out.push_back(r);
}

void AddRowsAhead(const WeightSource& src, const TensorKey& key, const std::vector<int32_t>& rows,
                  std::vector<ReadAheadRange>& out) {
  const TensorInfo* t = MappedStored(src, key);
  if (t == nullptr || !src.StoredIsCanonical(key) || t->rows() == 0) return;
  const uint64_t row_bytes = t->nbytes / t->rows();
  for (size_t i = 0; i < rows.size();) {
    size_t j = i + 1;
    while (j < rows.size() && rows[j] == rows[j - 1] + 1) ++j;
    if (rows[i] >= 0 && static_cast<uint64_t>(rows[j - 1]) < t->rows()) {
      out.push_back({t->source, t->offset + static_cast<uint64_t>(rows[i]) * row_bytes,
                     static_cast<uint64_t>(j - i) * row_bytes});
    }
    i = j;
  }
}

uint64_t ReadAheadCap() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 0;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) / 3;
}

}  // namespace lineage
