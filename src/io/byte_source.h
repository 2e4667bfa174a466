// ByteSource: a read-only, random-access range of bytes with a name (a path or URL).
//
// Contract:
//   - ReadAt copies exactly out.size() bytes starting at `offset` or returns an error naming the
//     source and offset; it never reads past size().
//   - data() returns a pointer to the whole content when the source is memory-resident or mapped
//     (zero-copy fast path), or nullptr otherwise (e.g. a future HTTP range source). Format readers
//     must work through ReadAt alone; data() is an optimisation.
//   - All methods are const and thread-safe: many threads may read one source at once.
//   - A source outlives every TensorInfo that points at it (Checkpoint owns its sources).
//   - A reader that consumed bytes through data() says so with NoteMappedRead(len), once per
//     chunk it decoded (never per row), so that a counting source (io/counting_source.h) accounts
//     for the zero-copy path as it does for ReadAt. Plain sources ignore it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "util/status.h"

namespace lineage {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual const std::string& name() const = 0;
  virtual uint64_t size() const = 0;
  virtual Status ReadAt(uint64_t offset, std::span<uint8_t> out) const = 0;
  virtual const uint8_t* data() const { return nullptr; }

  // Hint that [offset, offset+len) will be read soon / is no longer needed. Default: no-op.
  virtual void WillNeed(uint64_t offset, uint64_t len) const {}
  virtual void DontNeed(uint64_t offset, uint64_t len) const {}

  // `len` bytes were read through data(). Default: no-op.
  virtual void NoteMappedRead(uint64_t len) const {}
};

// Opens a local file read-only and maps it. Empty files are valid (size 0, data() may be null).
Result<std::unique_ptr<ByteSource>> OpenMappedFile(const std::string& path);

// An in-memory source that owns its bytes. Used by tests, fuzzers and decompressed inputs.
std::unique_ptr<ByteSource> MakeMemorySource(std::string name, std::vector<uint8_t> bytes);

// Reads a whole (small) file into memory, refusing files larger than max_bytes.
Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path, uint64_t max_bytes);

// Reads a file that may be gzip-compressed (detected by magic, not by name), refusing more than
// max_bytes of decompressed output.
Result<std::vector<uint8_t>> ReadMaybeGzipFile(const std::string& path, uint64_t max_bytes);

}  // namespace lineage
