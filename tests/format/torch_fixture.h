// Test helpers that write PyTorch-style zip checkpoints byte by byte (there is no torch here):
// a pickle builder emitting the opcodes torch.save uses (protocol 2) and a stored-ZIP writer
// that pads members to 64 bytes through the local extra field, optionally as ZIP64.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace lineage::testing {

class PickleBuilder {
 public:
  PickleBuilder() { Op(0x80).Byte(2); }  // PROTO 2
  size_t pos() const { return b_.size(); }
  const std::vector<uint8_t>& bytes() const { return b_; }

  PickleBuilder& Op(uint8_t op) {
    b_.push_back(op);
    return *this;
  }
  PickleBuilder& Byte(uint8_t v) {
    b_.push_back(v);
    return *this;
  }
  PickleBuilder& U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) b_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  PickleBuilder& Global(const std::string& module, const std::string& name) {
    Op('c');
    for (char c : module + "\n" + name + "\n") b_.push_back(static_cast<uint8_t>(c));
    return *this;
  }
  PickleBuilder& Str(const std::string& s) {
    Op('X').U32(static_cast<uint32_t>(s.size()));
    b_.insert(b_.end(), s.begin(), s.end());
    return *this;
  }
  PickleBuilder& Int(int64_t v) {
    if (v >= 0 && v < 256) return Op('K').Byte(static_cast<uint8_t>(v));
    if (v >= 0 && v < 65536) return Op('M').Byte(v & 0xFF).Byte(static_cast<uint8_t>(v >> 8));
    Op(0x8a).Byte(8);  // LONG1, 8 bytes
    for (int i = 0; i < 8; ++i)
      b_.push_back(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i)));
    return *this;
  }
  PickleBuilder& Mark() { return Op('('); }
  PickleBuilder& Tuple() { return Op('t'); }
  PickleBuilder& Put(uint8_t i) { return Op('q').Byte(i); }
  PickleBuilder& Get(uint8_t i) { return Op('h').Byte(i); }
  PickleBuilder& IntTuple(const std::vector<uint64_t>& v) {
    Mark();
    for (uint64_t x : v) Int(static_cast<int64_t>(x));
    return Tuple();
  }
  // OrderedDict() via REDUCE, as torch writes a state_dict.
  PickleBuilder& OrderedDict() { return Global("collections", "OrderedDict").Op(')').Op('R'); }
  // _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False,
  // OrderedDict())
  PickleBuilder& Tensor(const std::string& storage_type, const std::string& key, uint64_t numel,
                        uint64_t offset, const std::vector<uint64_t>& shape,
                        const std::vector<uint64_t>& stride) {
    Global("torch._utils", "_rebuild_tensor_v2");
    Mark();
    Mark().Str("storage").Global("torch", storage_type).Str(key).Str("cpu");
    Int(static_cast<int64_t>(numel)).Tuple().Op('Q');
    Int(static_cast<int64_t>(offset)).IntTuple(shape).IntTuple(stride).Op(0x89).OrderedDict();
    return Tuple().Op('R');
  }
  PickleBuilder& Stop() { return Op('.'); }

 private:
  std::vector<uint8_t> b_;
};

struct ZipEntrySpec {
  std::string name;
  std::vector<uint8_t> data;
  uint16_t method = 0;  // written as-is; data is always stored raw
};

inline void Put16(std::vector<uint8_t>& b, uint16_t v) {
  b.push_back(v & 0xFF);
  b.push_back(static_cast<uint8_t>(v >> 8));
}
inline void Put32(std::vector<uint8_t>& b, uint32_t v) {
  Put16(b, v & 0xFFFF);
  Put16(b, static_cast<uint16_t>(v >> 16));
}
inline void Put64(std::vector<uint8_t>& b, uint64_t v) {
  Put32(b, static_cast<uint32_t>(v));
  Put32(b, static_cast<uint32_t>(v >> 32));
}

// Writes a ZIP whose members are stored (CRCs are left zero: readers of torch zips don't need
// them).
inline std::vector<uint8_t> MakeZip(const std::vector<ZipEntrySpec>& entries, bool zip64 = false) {
  std::vector<uint8_t> out, cd;
  for (const ZipEntrySpec& e : entries) {
    const uint64_t header = out.size();
    // Pad so that data starts 64-byte aligned, as torch does.
    const uint64_t unpadded = header + 30 + e.name.size() + 4;
    const uint16_t pad = static_cast<uint16_t>((64 - unpadded % 64) % 64);
    Put32(out, 0x04034b50);
    Put16(out, 20);
    Put16(out, 0);
    Put16(out, e.method);
    Put16(out, 0);
    Put16(out, 0);
    Put32(out, 0);
    Put32(out, static_cast<uint32_t>(e.data.size()));
    Put32(out, static_cast<uint32_t>(e.data.size()));
    Put16(out, static_cast<uint16_t>(e.name.size()));
    Put16(out, static_cast<uint16_t>(4 + pad));
    out.insert(out.end(), e.name.begin(), e.name.end());
    Put16(out, 0xcafe);
    Put16(out, pad);  // an unknown extra field carrying the padding
    out.insert(out.end(), pad, 0);
    out.insert(out.end(), e.data.begin(), e.data.end());

    Put32(cd, 0x02014b50);
    Put16(cd, 45);
    Put16(cd, 20);
    Put16(cd, 0);
    Put16(cd, e.method);
    Put16(cd, 0);
    Put16(cd, 0);
    Put32(cd, 0);
    const uint32_t size32 = zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(e.data.size());
    Put32(cd, size32);
    Put32(cd, size32);
    Put16(cd, static_cast<uint16_t>(e.name.size()));
    Put16(cd, zip64 ? 28 : 0);
    Put16(cd, 0);
    Put16(cd, 0);
    Put16(cd, 0);
    Put32(cd, 0);
    Put32(cd, zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(header));
    cd.insert(cd.end(), e.name.begin(), e.name.end());
    if (zip64) {
      Put16(cd, 1);
      Put16(cd, 24);
      Put64(cd, e.data.size());
      Put64(cd, e.data.size());
      Put64(cd, header);
    }
  }
  const uint64_t cd_offset = out.size();
  out.insert(out.end(), cd.begin(), cd.end());
  if (zip64) {
    const uint64_t rec = out.size();
    Put32(out, 0x06064b50);
    Put64(out, 44);
    Put16(out, 45);
    Put16(out, 45);
    Put32(out, 0);
    Put32(out, 0);
    Put64(out, entries.size());
    Put64(out, entries.size());
    Put64(out, cd.size());
    Put64(out, cd_offset);
    Put32(out, 0x07064b50);
    Put32(out, 0);
    Put64(out, rec);
    Put32(out, 1);
  }
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, zip64 ? 0xFFFF : static_cast<uint16_t>(entries.size()));
  Put16(out, zip64 ? 0xFFFF : static_cast<uint16_t>(entries.size()));
  Put32(out, zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(cd.size()));
  Put32(out, zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(cd_offset));
  Put16(out, 0);
  return out;
}

template <typename T>
std::vector<uint8_t> RawBytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

}  // namespace lineage::testing
