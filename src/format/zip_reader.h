// A bounds-checked ZIP central-directory reader for archives whose members are read in place
// (PyTorch checkpoints store tensors uncompressed). FORMATS.md §4.
//
// Contract: reads the end-of-central-directory record (ZIP64 when the classic fields overflow),
// the central directory (≤ 64 MB) and each member's local header, and returns every member's
// name and the file range of its stored bytes. Nothing is decompressed: members that are
// compressed or encrypted are listed with their method so the caller can refuse them when it
// needs them. Members' data ranges are checked to lie inside the file and not to overlap.
// Errors are kCorrupt naming the source and the offset. Pure; thread-safe on a const source.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "util/status.h"

namespace lineage {

struct ZipMember {
  std::string name;
  uint16_t method = 0;           // 0 stored, 8 deflated, ...
  bool encrypted = false;
  uint64_t data_offset = 0;      // file offset of the member's (stored) bytes
  uint64_t compressed_size = 0;  // bytes at data_offset
  uint64_t size = 0;             // uncompressed size
  uint64_t header_offset = 0;    // local header offset, for error messages
};

Result<std::vector<ZipMember>> ReadZipDirectory(const ByteSource& src);

}  // namespace lineage
