#include "tokenizer/wire_reader.h"

#include <cstring>

namespace lineage {

Status WireReader::Varint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= data_.size()) return Error("truncated varint");
    auto byte = static_cast<uint8_t>(data_[pos_++]);
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return Status::Ok();
    }
  }
  return Error("varint longer than 10 bytes");
}

Status WireReader::Fixed32(uint32_t* v) {
  if (remaining() < 4) return Error("truncated 4-byte value");
  std::memcpy(v, data_.data() + pos_, 4);  // little-endian hosts only (checked at build)
  pos_ += 4;
  return Status::Ok();
}

Status WireReader::Fixed64(uint64_t* v) {
  if (remaining() < 8) return Error("truncated 8-byte value");
  std::memcpy(v, data_.data() + pos_, 8);
  pos_ += 8;
  return Status::Ok();
}

Status WireReader::PastEnd(uint64_t n) const {
  return Error("length " + std::to_string(n) + " runs past the end (" +
               std::to_string(remaining()) + " bytes left)");
}

Status WireReader::Bytes(size_t n, std::string_view* out) {
  if (n > remaining()) return PastEnd(n);
  *out = data_.substr(pos_, n);
  pos_ += n;
  return Status::Ok();
}

Status WireReader::LengthDelimited(std::string_view* out) {
  uint64_t n = 0;
  LINEAGE_RETURN_IF_ERROR(Varint(&n));
  if (n > remaining()) return PastEnd(n);  // before narrowing n to size_t
  return Bytes(static_cast<size_t>(n), out);
}

Status WireReader::SkipField(uint32_t wire_type) {
  uint64_t u64;
  uint32_t u32;
  std::string_view sv;
  switch (wire_type) {
    case 0:
      return Varint(&u64);
    case 1:
      return Fixed64(&u64);
    case 2:
      return LengthDelimited(&sv);
    case 5:
      return Fixed32(&u32);
    default:
      return Error("unsupported protobuf wire type " + std::to_string(wire_type));
  }
}

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "readers assume a little-endian host");

}  // namespace lineage
