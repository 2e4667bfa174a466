#include "training/event_proto.h"

#include <cstring>

namespace lineage {
namespace {

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// A bounded cursor over one message.
class Cursor {
 public:
  Cursor(std::string_view b, const std::string& name, uint64_t base)
      : b_(b), name_(name), base_(base) {}
  bool done() const { return pos_ >= b_.size(); }

  Status Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= b_.size()) return Error("truncated varint");
      uint8_t byte = static_cast<uint8_t>(b_[pos_++]);
      *v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return Status::Ok();
    }
    return Error("varint longer than 10 bytes");
  }
  Status Fixed(int bytes, uint64_t* v) {
    if (b_.size() - pos_ < static_cast<size_t>(bytes)) return Error("truncated fixed-width field");
    *v = 0;
    for (int i = bytes - 1; i >= 0; --i) *v = (*v << 8) | static_cast<uint8_t>(b_[pos_ + i]);
    pos_ += bytes;
    return Status::Ok();
  }
  Status Bytes(std::string_view* out) {
    uint64_t len = 0;
    LINEAGE_RETURN_IF_ERROR(Varint(&len));
    if (len > b_.size() - pos_)
      return Error("length " + std::to_string(len) + " runs past the message");
    *out = b_.substr(pos_, len);
    pos_ += len;
    return Status::Ok();
  }
  Status Skip(int wire) {
    uint64_t v;
    std::string_view s;
    switch (wire) {
      case kVarint:
        return Varint(&v);
      case kFixed64:
        return Fixed(8, &v);
      case kLengthDelimited:
        return Bytes(&s);
      case kFixed32:
        return Fixed(4, &v);
      default:
        return Error("unsupported wire type " + std::to_string(wire));
    }
  }
  Status Key(int* field, int* wire) {
    uint64_t k = 0;
    LINEAGE_RETURN_IF_ERROR(Varint(&k));
    *field = static_cast<int>(k >> 3);
    *wire = static_cast<int>(k & 7);
    if (*field == 0) return Error("field number 0");
    return Status::Ok();
  }
  // Position of the cursor inside the outermost event, for messages.
  uint64_t offset() const { return base_ + pos_; }
  Status Error(const std::string& what) const {
    return Corrupt(name_, base_ + pos_, "event protobuf: " + what);
  }
  uint64_t base_of(std::string_view sub) const {
    return base_ + static_cast<uint64_t>(sub.data() - b_.data());
  }

 private:
  std::string_view b_;
  const std::string& name_;
  uint64_t base_;
  size_t pos_ = 0;
};

double AsDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}
float AsFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

// Reads the first element of a TensorProto holding a float or double scalar.
Status ParseTensor(std::string_view b, const std::string& name, uint64_t base, bool* found,
                   double* out) {
  Cursor c(b, name, base);
  int dtype = 0;
  std::string_view content;
  while (!c.done()) {
    int field, wire;
    LINEAGE_RETURN_IF_ERROR(c.Key(&field, &wire));
    uint64_t v;
    if (field == 1 && wire == kVarint) {
      LINEAGE_RETURN_IF_ERROR(c.Varint(&v));
      dtype = static_cast<int>(v);
    } else if (field == 4 && wire == kLengthDelimited) {
      LINEAGE_RETURN_IF_ERROR(c.Bytes(&content));
    } else if ((field == 5 || field == 6) && wire == kLengthDelimited) {  // packed
      std::string_view packed;
      LINEAGE_RETURN_IF_ERROR(c.Bytes(&packed));
      const size_t w = field == 5 ? 4 : 8;
      if (packed.size() >= w && !*found) {
        Cursor p(packed, name, c.base_of(packed));
        LINEAGE_RETURN_IF_ERROR(p.Fixed(static_cast<int>(w), &v));
        *out = w == 4 ? AsFloat(static_cast<uint32_t>(v)) : AsDouble(v);
        *found = true;
      }
    } else if (field == 5 && wire == kFixed32) {
      LINEAGE_RETURN_IF_ERROR(c.Fixed(4, &v));
      if (!*found) *out = AsFloat(static_cast<uint32_t>(v)), *found = true;
    } else if (field == 6 && wire == kFixed64) {
      LINEAGE_RETURN_IF_ERROR(c.Fixed(8, &v));
      if (!*found) *out = AsDouble(v), *found = true;
    } else {
      LINEAGE_RETURN_IF_ERROR(c.Skip(wire));
    }
  }
  if (!*found && !content.empty()) {
    // DT_FLOAT = 1, DT_DOUBLE = 2; other dtypes are not loss values.
    Cursor p(content, name, base);
    uint64_t v;
    if (dtype == 1 && content.size() >= 4) {
      LINEAGE_RETURN_IF_ERROR(p.Fixed(4, &v));
      *out = AsFloat(static_cast<uint32_t>(v));
      *found = true;
    } else if (dtype == 2 && content.size() >= 8) {
      LINEAGE_RETURN_IF_ERROR(p.Fixed(8, &v));
      *out = AsDouble(v);
      *found = true;
    }
  }
  return Status::Ok();
}

Status ParseValue(std::string_view b, const std::string& name, uint64_t base, Event* ev) {
  Cursor c(b, name, base);
  ScalarValue sv;
  bool found = false;
  while (!c.done()) {
    int field, wire;
    LINEAGE_RETURN_IF_ERROR(c.Key(&field, &wire));
    if (field == 1 && wire == kLengthDelimited) {
      std::string_view tag;
      LINEAGE_RETURN_IF_ERROR(c.Bytes(&tag));
      sv.tag.assign(tag);
    } else if (field == 2 && wire == kFixed32) {
      uint64_t v = 0;
      LINEAGE_RETURN_IF_ERROR(c.Fixed(4, &v));
      sv.value = AsFloat(static_cast<uint32_t>(v));
      found = true;
    } else if (field == 8 && wire == kLengthDelimited) {
      std::string_view t;
      LINEAGE_RETURN_IF_ERROR(c.Bytes(&t));
      LINEAGE_RETURN_IF_ERROR(ParseTensor(t, name, c.base_of(t), &found, &sv.value));
    } else {
      LINEAGE_RETURN_IF_ERROR(c.Skip(wire));
    }
  }
  if (found) ev->scalars.push_back(std::move(sv));
  return Status::Ok();
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
void PutKey(std::string* out, int field, int wire) {
  PutVarint(out, (static_cast<uint64_t>(field) << 3) | wire);
}
void PutFixed(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutBytes(std::string* out, int field, std::string_view b) {
  PutKey(out, field, kLengthDelimited);
  PutVarint(out, b.size());
  out->append(b);
}
void PutDouble(std::string* out, int field, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  PutKey(out, field, kFixed64);
  PutFixed(out, bits, 8);
}
uint32_t FloatBits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return bits;
}

}  // namespace

Result<Event> ParseEvent(std::string_view bytes, const std::string& name, uint64_t base_offset) {
  Event ev;
  Cursor c(bytes, name, base_offset);
  while (!c.done()) {
    int field = 0, wire = 0;
    LINEAGE_RETURN_IF_ERROR(c.Key(&field, &wire));
    uint64_t v = 0;
    if (field == 1 && wire == kFixed64) {
      LINEAGE_RETURN_IF_ERROR(c.Fixed(8, &v));
      ev.wall_time = AsDouble(v);
    } else if (field == 2 && wire == kVarint) {
      LINEAGE_RETURN_IF_ERROR(c.Varint(&v));
      ev.step = static_cast<int64_t>(v);
    } else if (field == 5 && wire == kLengthDelimited) {
      std::string_view summary;
      LINEAGE_RETURN_IF_ERROR(c.Bytes(&summary));
      Cursor s(summary, name, c.base_of(summary));
      while (!s.done()) {
        int sf, sw;
        LINEAGE_RETURN_IF_ERROR(s.Key(&sf, &sw));
        if (sf == 1 && sw == kLengthDelimited) {
          std::string_view value;
          LINEAGE_RETURN_IF_ERROR(s.Bytes(&value));
          LINEAGE_RETURN_IF_ERROR(ParseValue(value, name, s.base_of(value), &ev));
        } else {
          LINEAGE_RETURN_IF_ERROR(s.Skip(sw));
        }
      }
    } else {
      LINEAGE_RETURN_IF_ERROR(c.Skip(wire));
    }
  }
  return ev;
}

std::string EncodeScalarEvent(double wall_time, int64_t step,
                              const std::vector<ScalarValue>& scalars, bool as_tensor) {
  std::string summary;
  for (const ScalarValue& sv : scalars) {
    std::string value;
    PutBytes(&value, 1, sv.tag);
    if (as_tensor) {
      std::string tensor;
      PutKey(&tensor, 1, kVarint);
      PutVarint(&tensor, 1);  // DT_FLOAT
      std::string packed;
      PutFixed(&packed, FloatBits(static_cast<float>(sv.value)), 4);
      PutBytes(&tensor, 5, packed);
      PutBytes(&value, 8, tensor);
    } else {
      PutKey(&value, 2, kFixed32);
      PutFixed(&value, FloatBits(static_cast<float>(sv.value)), 4);
    }
    PutBytes(&summary, 1, value);
  }
  std::string ev;
  PutDouble(&ev, 1, wall_time);
  PutKey(&ev, 2, kVarint);
  PutVarint(&ev, static_cast<uint64_t>(step));
  PutBytes(&ev, 5, summary);
  return ev;
}

std::string EncodeFileVersionEvent(double wall_time) {
  std::string ev;
  PutDouble(&ev, 1, wall_time);
  PutBytes(&ev, 3, "brain.Event:2");
  return ev;
}

}  // namespace lineage
