#include "format/gguf.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "format/gguf_types.h"
#include "util/json.h"
#include "util/utf8.h"

namespace lineage {

namespace {

// Sequential little-endian reads through a ByteSource, buffered so that vocabularies of 10^5
// strings cost a few large ReadAt calls rather than one per field.
class Cursor {
 public:
  explicit Cursor(const ByteSource& src) : src_(src) {}

  uint64_t pos() const { return pos_; }
  uint64_t remaining() const { return src_.size() - pos_; }
  const std::string& file() const { return src_.name(); }

  Status Error(uint64_t at, const std::string& msg) const { return Corrupt(file(), at, msg); }

  // GGUF v1 (2023) wrote string lengths, array counts and dimensions as u32; v2 widened them.
  void set_narrow_lengths(bool narrow) { narrow_ = narrow; }
  uint64_t length_bytes() const { return narrow_ ? 4 : 8; }
  Status ReadLength(uint64_t* v, const char* what) {
    if (!narrow_) return ReadScalar(v, what);
    uint32_t n = 0;
    LINEAGE_RETURN_IF_ERROR(ReadScalar(&n, what));
    *v = n;
    return Status::Ok();
  }

  Status Read(void* out, uint64_t n, const char* what) {
    if (n > remaining()) {
      return Error(pos_, std::string("truncated ") + what + ": needs " + std::to_string(n) +
                             " bytes, the file ends after " + std::to_string(remaining()));
    }
    auto* dst = static_cast<uint8_t*>(out);
    while (n > 0) {
      if (pos_ < buf_start_ || pos_ >= buf_start_ + buf_.size()) LINEAGE_RETURN_IF_ERROR(Fill());
      uint64_t in_buf = buf_start_ + buf_.size() - pos_;
      uint64_t take = std::min(n, in_buf);
      std::memcpy(dst, buf_.data() + (pos_ - buf_start_), take);
      dst += take;
      pos_ += take;
      n -= take;
    }
    return Status::Ok();
  }

  template <typename T>
  Status ReadScalar(T* v, const char* what) {
    uint8_t b[sizeof(T)];
    LINEAGE_RETURN_IF_ERROR(Read(b, sizeof(T), what));
    std::memcpy(v, b, sizeof(T));  // GGUF is little-endian, as is every host lineage targets
    return Status::Ok();
  }

  // A GGUF string: length (u64; u32 in v1) then bytes. `max_len` bounds it before allocation.
  Status ReadString(std::string* s, uint64_t max_len, const char* what) {
    uint64_t at = pos_, len = 0;
    LINEAGE_RETURN_IF_ERROR(ReadLength(&len, what));
    if (len > max_len) {
      return Error(at, std::string(what) + " length " + std::to_string(len) +
                           " exceeds the limit of " + std::to_string(max_len) + " bytes");
    }
    if (len > remaining()) {
      return Error(at, std::string(what) + " length " + std::to_string(len) +
                           " exceeds the bytes left in the file (" + std::to_string(remaining()) +
                           ")");
    }
    s->resize(len);
    return Read(s->data(), len, what);
  }

 private:
  Status Fill() {
    constexpr uint64_t kChunk = 1 << 20;
    buf_start_ = pos_;
    buf_.resize(std::min(kChunk, remaining()));
    return src_.ReadAt(pos_, buf_);
  }

  const ByteSource& src_;
  uint64_t pos_ = 0;
  uint64_t buf_start_ = 0;
  std::vector<uint8_t> buf_;
  bool narrow_ = false;
};

// The smallest encoding of one value of each type (strings and arrays carry a length of
// `length_bytes`); bounds array counts by the bytes left.
uint64_t MinValueBytes(uint32_t type, uint64_t length_bytes) {
  switch (type) {
    case kGgufU8:
    case kGgufI8:
    case kGgufBool:
      return 1;
    case kGgufU16:
    case kGgufI16:
      return 2;
    case kGgufU32:
    case kGgufI32:
    case kGgufF32:
      return 4;
    case kGgufU64:
    case kGgufI64:
    case kGgufF64:
      return 8;
    case kGgufString:
      return length_bytes;
    case kGgufArray:
      return 4 + length_bytes;
    default:
      return 0;
  }
}

class Parser {
 public:
  explicit Parser(const ByteSource& src) : in_(src) {}

  Status ParseHeader(Checkpoint* ckpt);

 private:
  template <typename T>
  Status ReadNumber(MetaValue::Kind kind, const char* what, MetaValue* out);
  Status ReadValue(uint32_t type, int depth, MetaValue* out);
  Status ReadArray(uint64_t at, int depth, MetaValue* out);
  Status ReadVersionAndCounts(uint64_t* tensor_count, uint64_t* kv_count);
  Status ReadKeyValue(Checkpoint* ckpt);
  Status ReadTensorInfo(std::vector<uint64_t>* data_offsets, Checkpoint* ckpt);
  Status ReadUtf8Name(std::string* s, uint64_t max_len, const char* what);
  Status CheckAlignment(const Metadata& meta, uint32_t* alignment, uint64_t at) const;
  Status PlaceTensors(uint64_t data_start, uint32_t alignment, const std::vector<uint64_t>& rel,
                      Checkpoint* ckpt) const;

  Cursor in_;
  uint64_t values_ = 0;
  std::vector<uint64_t> info_offsets_;    // where each tensor info starts, for error messages
  std::map<std::string, uint64_t> keys_;  // where each key was first written
};

Status Parser::ReadUtf8Name(std::string* s, uint64_t max_len, const char* what) {
  uint64_t at = in_.pos();
  LINEAGE_RETURN_IF_ERROR(in_.ReadString(s, max_len, what));
  size_t bad = FindInvalidUtf8(*s);
  if (bad != std::string::npos) {
    return in_.Error(at + in_.length_bytes() + bad, std::string(what) + " is not valid UTF-8");
  }
  if (s->empty()) return in_.Error(at, std::string(what) + " is empty");
  return Status::Ok();
}

template <typename T>
Status Parser::ReadNumber(MetaValue::Kind kind, const char* what, MetaValue* out) {
  T v{};
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&v, what));
  out->kind = kind;
  if constexpr (std::is_floating_point_v<T>) {
    out->f = v;
  } else if constexpr (std::is_signed_v<T>) {
    out->i = v;
  } else {
    out->u = v;
  }
  return Status::Ok();
}

Status Parser::ReadValue(uint32_t type, int depth, MetaValue* out) {
  using K = MetaValue::Kind;
  uint64_t at = in_.pos();
  if (++values_ > kGgufMaxMetaValues) {
    return Refused(in_.file() + ": offset " + std::to_string(at) + ": metadata holds more than " +
                   std::to_string(kGgufMaxMetaValues) + " values; refusing to load it");
  }
  out->gguf_type = type;
  switch (type) {
    case kGgufU8:
      return ReadNumber<uint8_t>(K::kUint, "u8 value", out);
    case kGgufU16:
      return ReadNumber<uint16_t>(K::kUint, "u16 value", out);
    case kGgufU32:
      return ReadNumber<uint32_t>(K::kUint, "u32 value", out);
    case kGgufU64:
      return ReadNumber<uint64_t>(K::kUint, "u64 value", out);
    case kGgufI8:
      return ReadNumber<int8_t>(K::kInt, "i8 value", out);
    case kGgufI16:
      return ReadNumber<int16_t>(K::kInt, "i16 value", out);
    case kGgufI32:
      return ReadNumber<int32_t>(K::kInt, "i32 value", out);
    case kGgufI64:
      return ReadNumber<int64_t>(K::kInt, "i64 value", out);
    case kGgufF32:
      return ReadNumber<float>(K::kFloat, "f32 value", out);
    case kGgufF64:
      return ReadNumber<double>(K::kFloat, "f64 value", out);
    case kGgufBool: {
      uint8_t v;
      LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&v, "bool value"));
      if (v > 1) return in_.Error(at, "bool value " + std::to_string(v) + " is neither 0 nor 1");
      out->kind = K::kBool;
      out->b = v == 1;
      return Status::Ok();
    }
    case kGgufString:
      out->kind = K::kString;
      return in_.ReadString(&out->s, UINT64_MAX, "string value");
    case kGgufArray:
      return ReadArray(at, depth, out);
    default:
      return in_.Error(at, "value type " + std::to_string(type) + " is not a GGUF value type");
  }
}

Status Parser::ReadArray(uint64_t at, int depth, MetaValue* out) {
  if (depth >= kGgufMaxArrayDepth) {
    return in_.Error(at, "arrays nested deeper than " + std::to_string(kGgufMaxArrayDepth));
  }
  uint32_t elem_type = 0;
  uint64_t count = 0;
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&elem_type, "array element type"));
  uint64_t min_bytes = MinValueBytes(elem_type, in_.length_bytes());
  if (min_bytes == 0) {
    return in_.Error(
        at, "array element type " + std::to_string(elem_type) + " is not a GGUF value type");
  }
  LINEAGE_RETURN_IF_ERROR(in_.ReadLength(&count, "array count"));
  if (count > in_.remaining() / min_bytes) {
    return in_.Error(at + 4, "array count " + std::to_string(count) + " of type " +
                                 std::to_string(elem_type) + " cannot fit in the " +
                                 std::to_string(in_.remaining()) + " bytes left in the file");
  }
  if (count > kGgufMaxMetaValues - values_) {
    return Refused(in_.file() + ": offset " + std::to_string(at + 4) + ": array of " +
                   std::to_string(count) + " values exceeds the metadata limit of " +
                   std::to_string(kGgufMaxMetaValues) + " values");
  }
  out->kind = MetaValue::Kind::kArray;
  out->u = elem_type;
  out->array.resize(count);
  for (MetaValue& v : out->array) LINEAGE_RETURN_IF_ERROR(ReadValue(elem_type, depth + 1, &v));
  return Status::Ok();
}

// A key written twice (real files do this: a DBRX GGUF, one of llama.cpp's own vocab files) is
// not a reason to refuse the file: like gguf-py, read both; unlike a map insert, keep the FIRST
// value, and tell the user where both are.
Status Parser::ReadKeyValue(Checkpoint* ckpt) {
  uint64_t at = in_.pos();
  std::string key;
  LINEAGE_RETURN_IF_ERROR(ReadUtf8Name(&key, kGgufMaxKeyBytes, "key"));
  uint32_t type = 0;
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&type, "value type"));
  MetaValue v;
  Status st = ReadValue(type, 0, &v);
  if (!st.ok()) return st.WithContext("key '" + key + "'");
  auto [first, inserted] = keys_.emplace(key, at);
  if (!inserted) {
    ckpt->warnings.push_back(in_.file() + ": metadata key '" + key + "' appears twice (offsets " +
                             std::to_string(first->second) + " and " + std::to_string(at) +
                             "); the first value is used");
    return Status::Ok();
  }
  ckpt->metadata.emplace(std::move(key), std::move(v));
  return Status::Ok();
}

Status Parser::ReadTensorInfo(std::vector<uint64_t>* data_offsets, Checkpoint* ckpt) {
  uint64_t at = in_.pos();
  info_offsets_.push_back(at);
  TensorInfo t;
  LINEAGE_RETURN_IF_ERROR(ReadUtf8Name(&t.name, kGgufMaxNameBytes, "tensor name"));
  uint32_t n_dims = 0;
  uint64_t dims_at = in_.pos();
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&n_dims, "n_dims"));
  if (n_dims > kGgufMaxDims) {
    return in_.Error(dims_at, "tensor '" + t.name + "' has " + std::to_string(n_dims) +
                                  " dimensions; GGUF allows at most " +
                                  std::to_string(kGgufMaxDims));
  }
  uint64_t ne[kGgufMaxDims] = {1, 1, 1, 1};
  uint64_t numel = 1;
  for (uint32_t d = 0; d < n_dims; ++d) {
    LINEAGE_RETURN_IF_ERROR(in_.ReadLength(&ne[d], "ne"));
    if (ne[d] > static_cast<uint64_t>(INT64_MAX) || __builtin_mul_overflow(numel, ne[d], &numel)) {
      return in_.Error(dims_at, "tensor '" + t.name + "': element count overflows");
    }
  }
  uint32_t ggml_type = 0;
  uint64_t type_at = in_.pos();
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&ggml_type, "ggml type"));
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&(*data_offsets).emplace_back(), "tensor offset"));
  const GgmlTypeInfo* type = GgmlTypeById(ggml_type);
  if (type == nullptr) {
    return Unsupported(in_.file() + ": offset " + std::to_string(type_at) + ": tensor '" + t.name +
                       "' has ggml type id " + std::to_string(ggml_type) +
                       ", retired or unknown to lineage");
  }
  auto bytes = GgmlTensorBytes(*type, ne, n_dims);
  if (!bytes.ok())
    return in_.Error(dims_at, "tensor '" + t.name + "': " + bytes.status().message());
  t.dtype = type->dtype;
  t.nbytes = *bytes;
  for (uint32_t d = n_dims; d-- > 0;) t.shape.push_back(ne[d]);
  ckpt->tensors.push_back(std::move(t));
  return Status::Ok();
}

Status Parser::CheckAlignment(const Metadata& meta, uint32_t* alignment, uint64_t at) const {
  *alignment = kGgufDefaultAlignment;
  auto it = meta.find("general.alignment");
  if (it == meta.end()) return Status::Ok();
  const MetaValue& v = it->second;
  if (v.gguf_type != kGgufU32) {
    return in_.Error(
        at, "general.alignment must be a u32, found value type " + std::to_string(v.gguf_type));
  }
  if (v.u == 0 || v.u % 8 != 0) {
    return in_.Error(
        at, "general.alignment " + std::to_string(v.u) + " is not a positive multiple of 8");
  }
  *alignment = static_cast<uint32_t>(v.u);
  return Status::Ok();
}

Status Parser::PlaceTensors(uint64_t data_start, uint32_t alignment,
                            const std::vector<uint64_t>& rel, Checkpoint* ckpt) const {
  const ByteSource* src = ckpt->sources.front().get();
  std::vector<size_t> order(rel.size());
  for (size_t i = 0; i < order.size(); ++i) {
    TensorInfo& t = ckpt->tensors[i];
    t.source = src;
    uint64_t at = info_offsets_[i];
    if (rel[i] % alignment != 0) {
      return in_.Error(at, "tensor '" + t.name + "': data offset " + std::to_string(rel[i]) +
                               " is not a multiple of the alignment " + std::to_string(alignment));
    }
    uint64_t end = 0;
    if (__builtin_add_overflow(data_start, rel[i], &t.offset) ||
        __builtin_add_overflow(t.offset, t.nbytes, &end) || end > src->size()) {
      return in_.Error(at, "tensor '" + t.name + "': data [" + std::to_string(rel[i]) + ", +" +
                               std::to_string(t.nbytes) + ") after the data start " +
                               std::to_string(data_start) + " lies outside the file of " +
                               std::to_string(src->size()) + " bytes");
    }
    order[i] = i;
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return ckpt->tensors[a].offset < ckpt->tensors[b].offset; });
  for (size_t k = 1; k < order.size(); ++k) {
    const TensorInfo& prev = ckpt->tensors[order[k - 1]];
    const TensorInfo& cur = ckpt->tensors[order[k]];
    if (prev.nbytes > 0 && cur.nbytes > 0 && prev.offset + prev.nbytes > cur.offset) {
      return in_.Error(info_offsets_[order[k]], "tensor '" + cur.name + "' overlaps tensor '" +
                                                    prev.name + "' in the data section");
    }
  }
  return Status::Ok();
}

Status Parser::ReadVersionAndCounts(uint64_t* tensor_count, uint64_t* kv_count) {
  char magic[4];
  LINEAGE_RETURN_IF_ERROR(in_.Read(magic, 4, "magic"));
  if (std::memcmp(magic, "GGUF", 4) != 0)
    return in_.Error(0, "not a GGUF file (magic is not \"GGUF\")");
  uint32_t version = 0;
  LINEAGE_RETURN_IF_ERROR(in_.ReadScalar(&version, "version"));
  if (version == 0x02000000 || version == 0x03000000) {
    return Unsupported(in_.file() + ": offset 4: big-endian GGUF (version reads 0x" +
                       (version == 0x02000000 ? std::string("02000000") : std::string("03000000")) +
                       "); lineage reads little-endian GGUF only");
  }
  if (version < 1 || version > 3) {
    return Unsupported(in_.file() + ": offset 4: GGUF version " + std::to_string(version) +
                       " is not one lineage reads (1, 2, 3)");
  }
  in_.set_narrow_lengths(version == 1);
  LINEAGE_RETURN_IF_ERROR(in_.ReadLength(tensor_count, "tensor count"));
  return in_.ReadLength(kv_count, "key/value count");
}

Status Parser::ParseHeader(Checkpoint* ckpt) {
  uint64_t tensor_count = 0, kv_count = 0;
  LINEAGE_RETURN_IF_ERROR(ReadVersionAndCounts(&tensor_count, &kv_count));
  const uint64_t header_bytes = in_.pos(), len_bytes = in_.length_bytes();
  // Smallest possible encodings: a KV is key length + 1 byte + type + 1 byte; a tensor info is
  // name length + 1 byte + n_dims + type + offset.
  if (kv_count > in_.remaining() / (len_bytes + 6)) {
    return in_.Error(8 + len_bytes, "key/value count " + std::to_string(kv_count) +
                                        " cannot fit in a file of " +
                                        std::to_string(in_.remaining() + header_bytes) + " bytes");
  }
  if (tensor_count > in_.remaining() / (len_bytes + 17)) {
    return in_.Error(8, "tensor count " + std::to_string(tensor_count) +
                            " cannot fit in a file of " +
                            std::to_string(in_.remaining() + header_bytes) + " bytes");
  }
  uint64_t kv_start = in_.pos();
  for (uint64_t i = 0; i < kv_count; ++i) LINEAGE_RETURN_IF_ERROR(ReadKeyValue(ckpt));
  uint32_t alignment = 0;
  LINEAGE_RETURN_IF_ERROR(CheckAlignment(ckpt->metadata, &alignment, kv_start));

  if (tensor_count > kGgufMaxTensors) {
    return Refused(in_.file() + ": offset 8: " + std::to_string(tensor_count) +
                   " tensors exceed the limit of " + std::to_string(kGgufMaxTensors) +
                   "; refusing to load them");
  }
  // No reserve from the claimed count: vectors grow only as real tensor infos are read.
  std::vector<uint64_t> rel;
  std::set<std::string> names;
  for (uint64_t i = 0; i < tensor_count; ++i) {
    uint64_t at = in_.pos();
    LINEAGE_RETURN_IF_ERROR(ReadTensorInfo(&rel, ckpt));
    if (!names.insert(ckpt->tensors.back().name).second) {
      return in_.Error(at, "duplicate tensor name '" + ckpt->tensors.back().name + "'");
    }
  }
  uint64_t end_of_infos = in_.pos();
  uint64_t data_start = (end_of_infos + alignment - 1) / alignment * alignment;
  return PlaceTensors(data_start, alignment, rel, ckpt);
}

}  // namespace

Result<Checkpoint> ParseGguf(std::unique_ptr<ByteSource> src) {
  Checkpoint ckpt;
  ckpt.format = "gguf";
  ckpt.files.push_back(src->name());
  ckpt.sources.push_back(std::move(src));
  Parser parser(*ckpt.sources.front());
  LINEAGE_RETURN_IF_ERROR(parser.ParseHeader(&ckpt));
  return ckpt;
}

namespace {

std::optional<int64_t> MetaInt(const Metadata& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? std::nullopt : it->second.AsInt();
}

// "<prefix>-00002-of-00003.gguf" → prefix and count; nullopt when the name has no split suffix.
std::optional<std::pair<std::string, int>> SplitPattern(const std::string& path) {
  constexpr size_t kSuffix = sizeof("-00001-of-00003.gguf") - 1;
  if (path.size() < kSuffix) return std::nullopt;
  std::string tail = path.substr(path.size() - kSuffix);
  auto digits = [&](size_t at) {
    int v = 0;
    for (size_t i = at; i < at + 5; ++i) {
      if (tail[i] < '0' || tail[i] > '9') return -1;
      v = v * 10 + (tail[i] - '0');
    }
    return v;
  };
  if (tail[0] != '-' || tail.compare(6, 4, "-of-") != 0 || tail.compare(15, 5, ".gguf") != 0)
    return std::nullopt;
  int no = digits(1), count = digits(10);
  if (no < 1 || count < no) return std::nullopt;
  return std::make_pair(path.substr(0, path.size() - kSuffix), count);
}

std::string SplitPath(const std::string& prefix, int no, int count) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%05d-of-%05d.gguf", no, count);
  return prefix + buf;
}

Result<Checkpoint> OpenOneGguf(const std::string& path, const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(auto src, files.Open(path));
  return ParseGguf(std::move(src));
}

}  // namespace

Result<Checkpoint> OpenGguf(const std::string& path, const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(auto src, files.Open(path));
  return OpenGguf(path, std::move(src), files);
}

Result<Checkpoint> OpenGguf(const std::string& path, std::unique_ptr<ByteSource> src,
                            const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(Checkpoint given, ParseGguf(std::move(src)));
  std::optional<int64_t> count = MetaInt(given.metadata, "split.count");
  if (!count || *count <= 1) return given;
  auto pattern = SplitPattern(path);
  if (!pattern || pattern->second != *count) {
    return Corrupt(
        path, "split.count is " + std::to_string(*count) +
                  " but the file name does not follow <name>-NNNNN-of-MMMMM.gguf with MMMMM = " +
                  std::to_string(*count));
  }
  // Open every split in order; the first holds the model metadata, each its own tensors.
  Checkpoint all;
  std::set<std::string> names;
  for (int no = 1; no <= pattern->second; ++no) {
    std::string file = SplitPath(pattern->first, no, pattern->second);
    Result<Checkpoint> part = file == path ? std::move(given) : OpenOneGguf(file, files);
    if (!part.ok())
      return part.status().WithContext("split " + std::to_string(no) + " of " +
                                       std::to_string(*count));
    if (MetaInt(part->metadata, "split.no") != no - 1 ||
        MetaInt(part->metadata, "split.count") != *count) {
      return Corrupt(file, "split.no/split.count do not say it is split " + std::to_string(no) +
                               " of " + std::to_string(*count));
    }
    for (TensorInfo& t : part->tensors) {
      if (!names.insert(t.name).second)
        return Corrupt(file, "tensor '" + t.name + "' also appears in an earlier split");
      all.tensors.push_back(std::move(t));
    }
    for (auto& s : part->sources) all.sources.push_back(std::move(s));
    all.files.push_back(file);
    all.warnings.insert(all.warnings.end(), part->warnings.begin(), part->warnings.end());
    if (no == 1) all.metadata = std::move(part->metadata);
  }
  std::optional<int64_t> total = MetaInt(all.metadata, "split.tensors.count");
  if (total && *total != static_cast<int64_t>(all.tensors.size())) {
    return Corrupt(all.files.front(), "split.tensors.count says " + std::to_string(*total) +
                                          " tensors, the " + std::to_string(*count) +
                                          " splits hold " + std::to_string(all.tensors.size()));
  }
  all.format = "gguf";
  return all;
}

}  // namespace lineage
