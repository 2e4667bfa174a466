#include "training/tfrecord.h"

#include <cstring>

#include "training/crc32c.h"

namespace lineage {
namespace {

uint64_t LoadU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint32_t LoadU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
void StoreLE(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

Status ReadTfRecords(std::string_view data, const std::string& name,
                     const TfRecordCallback& on_record) {
  uint64_t off = 0;
  const uint64_t size = data.size();
  while (off < size) {
    if (size - off < 12)
      return Corrupt(name, off,
                     "truncated record header (" + std::to_string(size - off) + " bytes)");
    const char* h = data.data() + off;
    uint64_t len = LoadU64(h);
    if (MaskCrc32c(Crc32c(h, 8)) != LoadU32(h + 8))
      return Corrupt(name, off, "record length CRC mismatch");
    // Overflow-safe: compare against what remains rather than computing off + len.
    if (len > size - off - 12 || size - off - 12 - len < 4) {
      return Corrupt(name, off,
                     "truncated record: length " + std::to_string(len) + " exceeds the " +
                         std::to_string(size - off - 12) + " bytes left");
    }
    std::string_view payload = data.substr(off + 12, len);
    if (MaskCrc32c(Crc32c(payload.data(), payload.size())) != LoadU32(h + 12 + len)) {
      return Corrupt(name, off, "record data CRC mismatch");
    }
    LINEAGE_RETURN_IF_ERROR(on_record(payload, off));
    off += 12 + len + 4;
  }
  return Status::Ok();
}

std::string FrameTfRecord(std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 16);
  StoreLE(&out, payload.size(), 8);
  StoreLE(&out, MaskCrc32c(Crc32c(out.data(), 8)), 4);
  out.append(payload);
  StoreLE(&out, MaskCrc32c(Crc32c(payload.data(), payload.size())), 4);
  return out;
}

bool LooksLikeTfRecord(std::string_view data) {
  if (data.size() < 12) return false;
  return MaskCrc32c(Crc32c(data.data(), 8)) == LoadU32(data.data() + 8);
}

}  // namespace lineage
