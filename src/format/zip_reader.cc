// ZIP central directory reader. See zip_reader.h; layout per PKWARE APPNOTE 6.3 (§4.3).
#include "format/zip_reader.h"

#include <algorithm>
#include <cstring>

namespace lineage {
namespace {

constexpr uint32_t kEocdSig = 0x06054b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kZip64EocdSig = 0x06064b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint64_t kEocdSize = 22;
constexpr uint64_t kCentralSize = 46;
constexpr uint64_t kLocalSize = 30;
constexpr uint64_t kMaxComment = 65535;
constexpr uint64_t kMaxCentralDirectory = 64ull << 20;

uint16_t U16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t U32(const uint8_t* p) { return U16(p) | static_cast<uint32_t>(U16(p + 2)) << 16; }
uint64_t U64(const uint8_t* p) { return U32(p) | static_cast<uint64_t>(U32(p + 4)) << 32; }

struct Directory {
  uint64_t entries = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t end = 0;  // where the directory must end (the next record)
};

// Finds the EOCD record in the file's last 64 KiB + 22 bytes, newest first.
Result<Directory> FindDirectory(const ByteSource& src) {
  const std::string& file = src.name();
  const uint64_t size = src.size();
  if (size < kEocdSize) return Corrupt(file, 0, "too short for a ZIP archive");
  const uint64_t tail_len = std::min<uint64_t>(size, kEocdSize + kMaxComment);
  const uint64_t tail_start = size - tail_len;
  std::vector<uint8_t> tail(tail_len);
  LINEAGE_RETURN_IF_ERROR(src.ReadAt(tail_start, tail));
  for (uint64_t i = tail_len - kEocdSize + 1; i-- > 0;) {
    const uint8_t* p = tail.data() + i;
    if (U32(p) != kEocdSig) continue;
    if (i + kEocdSize + U16(p + 20) != tail_len) continue;  // comment must end the file
    const uint64_t eocd = tail_start + i;
    Directory d{U16(p + 10), U32(p + 16), U32(p + 12), eocd};
    if (U16(p + 4) != 0 || U16(p + 6) != 0 || U16(p + 8) != U16(p + 10)) {
      return Corrupt(file, eocd, "multi-disk ZIP archives are not supported");
    }
    const bool needs64 = d.entries == 0xFFFF || d.offset == 0xFFFFFFFF || d.size == 0xFFFFFFFF;
    if (eocd >= 20) {
      uint8_t loc[20];
      LINEAGE_RETURN_IF_ERROR(src.ReadAt(eocd - 20, loc));
      if (U32(loc) == kZip64LocatorSig) {
        const uint64_t rec = U64(loc + 8);
        uint8_t z[56];
        if (rec > eocd - 20 || eocd - 20 - rec < sizeof z) {
          return Corrupt(file, eocd - 20, "ZIP64 locator points outside the archive");
        }
        LINEAGE_RETURN_IF_ERROR(src.ReadAt(rec, z));
        if (U32(z) != kZip64EocdSig) return Corrupt(file, rec, "bad ZIP64 end-of-directory record");
        d = Directory{U64(z + 32), U64(z + 48), U64(z + 40), rec};
      } else if (needs64) {
        return Corrupt(file, eocd, "ZIP64 archive without a ZIP64 locator");
      }
    }
    if (d.offset > d.end || d.size > d.end - d.offset) {
      return Corrupt(file, eocd, "central directory [" + std::to_string(d.offset) + ", +" +
                                     std::to_string(d.size) + ") lies outside the archive");
    }
    if (d.size > kMaxCentralDirectory) {
      return Corrupt(file, d.offset, "central directory of " + std::to_string(d.size) +
                                         " bytes exceeds the 64 MB limit");
    }
    if (d.entries > d.size / kCentralSize) {
      return Corrupt(file, eocd, std::to_string(d.entries) + " entries cannot fit in a " +
                                     std::to_string(d.size) + "-byte central directory");
    }
    return d;
  }
  return Corrupt(file, tail_start, "no ZIP end-of-central-directory record");
}

// Applies the ZIP64 extended-information extra field (id 1) to fields saturated at 0xFFFFFFFF.
Status ApplyZip64Extra(const std::string& file, uint64_t at, const uint8_t* extra, uint64_t len,
                       ZipMember* m) {
  uint64_t i = 0;
  while (i + 4 <= len) {
    const uint16_t id = U16(extra + i), n = U16(extra + i + 2);
    if (i + 4 + n > len) return Corrupt(file, at, "extra field overruns its entry");
    if (id == 1) {
      const uint8_t* p = extra + i + 4;
      uint64_t used = 0;
      for (uint64_t* field : {&m->size, &m->compressed_size, &m->header_offset}) {
        if (*field != 0xFFFFFFFF) continue;
        if (used + 8 > n) return Corrupt(file, at, "ZIP64 extra field is too short");
        *field = U64(p + used);
        used += 8;
      }
    }
    i += 4 + n;
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<ZipMember>> ReadZipDirectory(const ByteSource& src) {
  const std::string& file = src.name();
  LINEAGE_ASSIGN_OR_RETURN(Directory dir, FindDirectory(src));
  std::vector<uint8_t> cd(dir.size);
  LINEAGE_RETURN_IF_ERROR(src.ReadAt(dir.offset, cd));
  std::vector<ZipMember> members;
  members.reserve(dir.entries);
  uint64_t pos = 0;
  for (uint64_t e = 0; e < dir.entries; ++e) {
    const uint64_t at = dir.offset + pos;
    if (dir.size - pos < kCentralSize || U32(cd.data() + pos) != kCentralSig) {
      return Corrupt(file, at, "bad central directory entry " + std::to_string(e));
    }
    const uint8_t* p = cd.data() + pos;
    const uint64_t name_len = U16(p + 28), extra_len = U16(p + 30), comment_len = U16(p + 32);
    if (dir.size - pos - kCentralSize < name_len + extra_len + comment_len) {
      return Corrupt(file, at, "central directory entry " + std::to_string(e) + " overruns it");
    }
    ZipMember m;
    m.name.assign(reinterpret_cast<const char*>(p + kCentralSize), name_len);
    m.method = U16(p + 10);
    m.encrypted = (U16(p + 8) & 1) != 0;
    m.compressed_size = U32(p + 20);
    m.size = U32(p + 24);
    m.header_offset = U32(p + 42);
    LINEAGE_RETURN_IF_ERROR(
        ApplyZip64Extra(file, at, p + kCentralSize + name_len, extra_len, &m));
    pos += kCentralSize + name_len + extra_len + comment_len;

    // The local header repeats the name and has its own extra field (torch pads with it).
    uint8_t local[kLocalSize];
    if (m.header_offset > dir.offset || dir.offset - m.header_offset < kLocalSize) {
      return Corrupt(file, at, "member '" + m.name + "' local header offset " +
                                   std::to_string(m.header_offset) + " is out of range");
    }
    LINEAGE_RETURN_IF_ERROR(src.ReadAt(m.header_offset, local));
    if (U32(local) != kLocalSig) {
      return Corrupt(file, m.header_offset, "member '" + m.name + "' has no local header");
    }
    const uint64_t local_name = U16(local + 26), local_extra = U16(local + 28);
    m.data_offset = m.header_offset + kLocalSize + local_name + local_extra;
    if (local_name != name_len || m.data_offset > dir.offset ||
        m.compressed_size > dir.offset - m.data_offset) {
      return Corrupt(file, m.header_offset,
                     "member '" + m.name + "' data [" + std::to_string(m.data_offset) + ", +" +
                         std::to_string(m.compressed_size) +
                         ") runs outside the archive's data area");
    }
    std::string check(name_len, '\0');
    LINEAGE_RETURN_IF_ERROR(src.ReadAt(
        m.header_offset + kLocalSize,
        std::span<uint8_t>(reinterpret_cast<uint8_t*>(check.data()), check.size())));
    if (check != m.name) {
      return Corrupt(file, m.header_offset, "member '" + m.name +
                                                "': local and central names differ");
    }
    if (m.method == 0 && m.size != m.compressed_size) {
      return Corrupt(file, at, "stored member '" + m.name + "' has different sizes");
    }
    members.push_back(std::move(m));
  }
  // Overlapping members would let one tensor's bytes masquerade as another's.
  std::vector<const ZipMember*> by_offset;
  for (const ZipMember& m : members) by_offset.push_back(&m);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const ZipMember* a, const ZipMember* b) { return a->header_offset < b->header_offset; });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const ZipMember* prev = by_offset[i - 1];
    if (by_offset[i]->header_offset < prev->data_offset + prev->compressed_size) {
      return Corrupt(file, by_offset[i]->header_offset,
                     "member '" + by_offset[i]->name + "' overlaps member '" + prev->name + "'");
    }
  }
  return members;
}

}  // namespace lineage
