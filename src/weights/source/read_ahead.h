// ReadAhead: brings byte ranges of local model files that a later stage will read into the page
// cache, on a background thread, while the current stage computes. At 7B the alignment's SVD keeps
// both cores busy for ~20 s with the disk idle; after it, the block signatures stream every base
// MLP (5.8 GB) and read 256 scattered rows of each candidate MLP (16k random reads). Read ahead,
// those bytes come from memory instead of the disk.
//
// Contract:
//   - Only bytes of mapped local files (ByteSource::data() non-null) are asked for, through
//     ByteSource::WillNeed (madvise): a remote or in-memory source is skipped, so no network byte
//     is ever fetched ahead of need, and nothing is counted as read (bytes_read stays what the
//     statistics asked for).
//   - Ranges are asked for in the order given, up to max_bytes; the kernel may still drop them
//     under memory pressure (the later stage then reads from disk as it would have).
//   - Borrows the sources: they must outlive the object. The destructor stops between ranges and
//     joins, so a ReadAhead may be dropped at any time.
//   - Not copyable or movable. The list builders are pure; none of this is shared between threads
//     except the started thread's own copy of the list.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "format/checkpoint.h"
#include "weights/source/weight_source.h"

namespace lineage {

struct ReadAheadRange {
  const ByteSource* source = nullptr;
  uint64_t offset = 0, length = 0;
};

class ReadAhead {
 public:
  ReadAhead(std::vector<ReadAheadRange> ranges, uint64_t max_bytes);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The bytes that will be asked for (mapped ranges only, capped), known at construction.
  uint64_t planned_bytes() const { return planned_; }

 private:
  std::vector<ReadAheadRange> ranges_;
  uint64_t planned_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Appends the stored bytes of `key` when they are in a mapped file and not listed yet (two keys
// may share one stored tensor, a fused gate_up).
void AddTensorAhead(const WeightSource& src, const TensorKey& key,
                    std::vector<ReadAheadRange>& out);
// Appends the stored bytes of rows `rows` (ascending) of `key`, consecutive rows merged, when the
// tensor is mapped and stored as its canonical rows (WeightSource::StoredIsCanonical).
void AddRowsAhead(const WeightSource& src, const TensorKey& key, const std::vector<int32_t>& rows,
                  std::vector<ReadAheadRange>& out);

// A cap for read-ahead: a third of physical memory, so that what is read ahead is still cached
// when it is used, beside the process's own memory (under 1 GiB at 7B) and other page cache.
uint64_t ReadAheadCap();

}  // namespace lineage
