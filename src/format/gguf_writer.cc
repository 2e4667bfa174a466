#include "format/gguf_writer.h"

#include <cstdio>
#include <cstring>
#include <memory>

#include "format/ggml_quantize.h"
#include "format/gguf.h"
#include "format/gguf_types.h"

namespace lineage {

namespace {

class ByteSink {
 public:
  void Bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  template <typename T>
  void Scalar(T v) {
    Bytes(&v, sizeof v);  // little-endian host, as GGUF
  }
  void String(const std::string& s) {
    Scalar<uint64_t>(s.size());
    Bytes(s.data(), s.size());
  }
  void PadTo(uint64_t alignment) {
    while (out_.size() % alignment != 0) out_.push_back(0);
  }
  std::vector<uint8_t> Take() { return std::move(out_); }
  size_t size() const { return out_.size(); }

 private:
  std::vector<uint8_t> out_;
};

void WriteValue(const MetaValue& v, uint32_t type, ByteSink* out) {
  switch (type) {
    case kGgufU8:
      out->Scalar<uint8_t>(static_cast<uint8_t>(v.u));
      break;
    case kGgufI8:
      out->Scalar<int8_t>(static_cast<int8_t>(v.i));
      break;
    case kGgufU16:
      out->Scalar<uint16_t>(static_cast<uint16_t>(v.u));
      break;
    case kGgufI16:
      out->Scalar<int16_t>(static_cast<int16_t>(v.i));
      break;
    case kGgufU32:
      out->Scalar<uint32_t>(static_cast<uint32_t>(v.u));
      break;
    case kGgufI32:
      out->Scalar<int32_t>(static_cast<int32_t>(v.i));
      break;
    case kGgufU64:
      out->Scalar<uint64_t>(v.u);
      break;
    case kGgufI64:
      out->Scalar<int64_t>(v.i);
      break;
    case kGgufF32:
      out->Scalar<float>(static_cast<float>(v.f));
      break;
    case kGgufF64:
      out->Scalar<double>(v.f);
      break;
    case kGgufBool:
      out->Scalar<uint8_t>(v.b ? 1 : 0);
      break;
    case kGgufString:
      out->String(v.s);
      break;
    case kGgufArray: {
      uint32_t elem = static_cast<uint32_t>(v.u);
      out->Scalar<uint32_t>(elem);
      out->Scalar<uint64_t>(v.array.size());
      for (const MetaValue& e : v.array) WriteValue(e, elem, out);
      break;
    }
    default:
      break;
  }
}

MetaValue Scalar(MetaValue::Kind kind, uint32_t type) {
  MetaValue v;
  v.kind = kind;
  v.gguf_type = type;
  return v;
}

MetaValue U32Value(uint32_t x) {
  MetaValue v = Scalar(MetaValue::Kind::kUint, kGgufU32);
  v.u = x;
  return v;
}
MetaValue I32Value(int32_t x) {
  MetaValue v = Scalar(MetaValue::Kind::kInt, kGgufI32);
  v.i = x;
  return v;
}
MetaValue F32Value(float x) {
  MetaValue v = Scalar(MetaValue::Kind::kFloat, kGgufF32);
  v.f = x;
  return v;
}
MetaValue BoolValue(bool x) {
  MetaValue v = Scalar(MetaValue::Kind::kBool, kGgufBool);
  v.b = x;
  return v;
}
MetaValue StringValue(const std::string& x) {
  MetaValue v = Scalar(MetaValue::Kind::kString, kGgufString);
  v.s = x;
  return v;
}

template <typename T>
MetaValue ArrayOf(uint32_t elem_type, const std::vector<T>& values, MetaValue (*make)(T)) {
  MetaValue v = Scalar(MetaValue::Kind::kArray, kGgufArray);
  v.u = elem_type;
  for (const T& x : values) v.array.push_back(make(x));
  return v;
}

MetaValue ArrayOfStrings(const std::vector<std::string>& values) {
  MetaValue v = Scalar(MetaValue::Kind::kArray, kGgufArray);
  v.u = kGgufString;
  for (const std::string& x : values) v.array.push_back(StringValue(x));
  return v;
}

uint16_t FloatToBF16Nearest(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7FFFFFFF) > 0x7F800000) return static_cast<uint16_t>((x >> 16) | 0x40);  // quiet NaN
  x += 0x7FFF + ((x >> 16) & 1);
  return static_cast<uint16_t>(x >> 16);
}

}  // namespace

Status GgufWriter::SetAlignment(uint32_t alignment) {
  if (alignment == 0 || alignment % 8 != 0) {
    return InvalidArgument("GGUF alignment " + std::to_string(alignment) +
                           " is not a positive multiple of 8");
  }
  alignment_ = alignment;
  if (alignment != kGgufDefaultAlignment) AddU32("general.alignment", alignment);
  return Status::Ok();
}

void GgufWriter::AddKV(std::string key, MetaValue value) {
  kvs_.emplace_back(std::move(key), std::move(value));
}

void GgufWriter::AddU32(std::string key, uint32_t v) { AddKV(std::move(key), U32Value(v)); }
void GgufWriter::AddI32(std::string key, int32_t v) { AddKV(std::move(key), I32Value(v)); }
void GgufWriter::AddF32(std::string key, float v) { AddKV(std::move(key), F32Value(v)); }
void GgufWriter::AddBool(std::string key, bool v) { AddKV(std::move(key), BoolValue(v)); }
void GgufWriter::AddString(std::string key, std::string v) {
  AddKV(std::move(key), StringValue(v));
}

void GgufWriter::AddStringArray(std::string key, const std::vector<std::string>& v) {
  AddKV(std::move(key), ArrayOfStrings(v));
}
void GgufWriter::AddF32Array(std::string key, const std::vector<float>& v) {
  AddKV(std::move(key), ArrayOf<float>(kGgufF32, v, F32Value));
}
void GgufWriter::AddI32Array(std::string key, const std::vector<int32_t>& v) {
  AddKV(std::move(key), ArrayOf<int32_t>(kGgufI32, v, I32Value));
}

Status GgufWriter::AddTensor(std::string name, DType type, std::vector<uint64_t> shape,
                             std::vector<uint8_t> bytes) {
  const GgmlTypeInfo* info = GgmlTypeByDType(type);
  if (info == nullptr) return InvalidArgument("tensor '" + name + "': type has no ggml id");
  if (shape.size() > kGgufMaxDims)
    return InvalidArgument("tensor '" + name + "': more than 4 dims");
  std::vector<uint64_t> ne(shape.rbegin(), shape.rend());
  LINEAGE_ASSIGN_OR_RETURN(uint64_t expect,
                           GgmlTensorBytes(*info, ne.data(), static_cast<uint32_t>(ne.size())));
  if (expect != bytes.size()) {
    return InvalidArgument("tensor '" + name + "': " + std::to_string(bytes.size()) +
                           " bytes given, type and shape need " + std::to_string(expect));
  }
  tensors_.push_back({std::move(name), info->id, std::move(shape), std::move(bytes)});
  return Status::Ok();
}

Status GgufWriter::AddTensorF32(std::string name, std::vector<uint64_t> shape,
                                std::span<const float> values, DType store_as) {
  const GgmlTypeInfo* info = GgmlTypeByDType(store_as);
  if (info == nullptr) return InvalidArgument("tensor '" + name + "': type has no ggml id");
  uint64_t n = values.size();
  std::vector<uint8_t> bytes;
  switch (store_as) {
    case DType::kF32:
      bytes.resize(n * 4);
      if (n > 0) std::memcpy(bytes.data(), values.data(), n * 4);
      break;
    case DType::kF16:
    case DType::kBF16:
      bytes.resize(n * 2);
      for (uint64_t i = 0; i < n; ++i) {
        uint16_t h =
            store_as == DType::kF16 ? GgmlFloatToHalf(values[i]) : FloatToBF16Nearest(values[i]);
        std::memcpy(bytes.data() + 2 * i, &h, 2);
      }
      break;
    default:
      if (n % info->block_elems != 0) {
        return InvalidArgument("tensor '" + name + "': " + std::to_string(n) +
                               " values are not whole blocks of " + info->name);
      }
      bytes.resize(n / info->block_elems * info->block_bytes);
      LINEAGE_RETURN_IF_ERROR(QuantizeGgml(store_as, values.data(), n, bytes.data()));
  }
  return AddTensor(std::move(name), store_as, std::move(shape), std::move(bytes));
}

std::vector<uint8_t> GgufWriter::Serialize() const {
  ByteSink out;
  out.Bytes("GGUF", 4);
  out.Scalar<uint32_t>(3);
  out.Scalar<uint64_t>(tensors_.size());
  out.Scalar<uint64_t>(kvs_.size());
  for (const auto& [key, value] : kvs_) {
    out.String(key);
    out.Scalar<uint32_t>(value.gguf_type);
    WriteValue(value, value.gguf_type, &out);
  }
  uint64_t offset = 0;
  for (const Tensor& t : tensors_) {
    out.String(t.name);
    out.Scalar<uint32_t>(static_cast<uint32_t>(t.shape.size()));
    for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it) out.Scalar<uint64_t>(*it);
    out.Scalar<uint32_t>(t.ggml_type);
    out.Scalar<uint64_t>(offset);
    offset += (t.bytes.size() + alignment_ - 1) / alignment_ * alignment_;
  }
  out.PadTo(alignment_);
  for (const Tensor& t : tensors_) {
    out.Bytes(t.bytes.data(), t.bytes.size());
    out.PadTo(alignment_);
  }
  return out.Take();
}

Status GgufWriter::WriteFile(const std::string& path) const {
  std::vector<uint8_t> bytes = Serialize();
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), std::fclose);
  if (!f) return IoError(path + ": cannot open for writing");
  if (std::fwrite(bytes.data(), 1, bytes.size(), f.get()) != bytes.size()) {
    return IoError(path + ": write failed");
  }
  if (std::fclose(f.release()) != 0) return IoError(path + ": close failed");
  return Status::Ok();
}

Status PermuteQKRowsForGguf(const uint8_t* hf, uint64_t rows, uint64_t row_bytes, uint32_t n_head,
                            uint8_t* gguf) {
  if (n_head == 0 || rows % n_head != 0) {
    return InvalidArgument(std::to_string(rows) + " rows do not split into " +
                           std::to_string(n_head) + " heads");
  }
  uint64_t head_dim = rows / n_head;
  if (head_dim % 2 != 0)
    return InvalidArgument("head size " + std::to_string(head_dim) + " is odd");
  for (uint64_t h = 0; h < n_head; ++h) {
    for (uint64_t i = 0; i < head_dim / 2; ++i) {
      for (uint64_t j = 0; j < 2; ++j) {
        uint64_t dst_row = h * head_dim + 2 * i + j;
        uint64_t src_row = h * head_dim + j * head_dim / 2 + i;
        std::memcpy(gguf + dst_row * row_bytes, hf + src_row * row_bytes, row_bytes);
      }
    }
  }
  return Status::Ok();
}

}  // namespace lineage
