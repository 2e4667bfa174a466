// WireReader: a bounds-checked cursor over little-endian binary data and protobuf wire format,
// shared by the SentencePiece and llama2.c tokenizer readers.
//
// Contract: never reads outside [begin, end); every failure returns Corrupt naming the file and
// the absolute offset. Holds a view: the bytes must outlive the reader. Not thread-safe (a cursor).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace lineage {

class WireReader {
 public:
  WireReader(const std::string& file, std::string_view data, uint64_t base_offset = 0)
      : file_(file), data_(data), base_(base_offset) {}

  bool done() const { return pos_ >= data_.size(); }
  uint64_t offset() const { return base_ + pos_; }  // absolute, for messages
  size_t remaining() const { return data_.size() - pos_; }

  Status Varint(uint64_t* v);
  Status Fixed32(uint32_t* v);
  Status Fixed64(uint64_t* v);
  Status Bytes(size_t n, std::string_view* out);
  // A varint length, then that many bytes.
  Status LengthDelimited(std::string_view* out);
  // Skips a field's value of the given wire type (0, 1, 2, 5); rejects groups and unknown types.
  Status SkipField(uint32_t wire_type);
  // A reader over a sub-message, with absolute offsets preserved.
  WireReader Sub(std::string_view bytes) const {
    return WireReader(file_, bytes, base_ + static_cast<uint64_t>(bytes.data() - data_.data()));
  }
  Status Error(const std::string& msg) const { return Corrupt(file_, offset(), msg); }

 private:
  Status PastEnd(uint64_t n) const;

  const std::string& file_;
  std::string_view data_;
  uint64_t base_;
  size_t pos_ = 0;
};

}  // namespace lineage
