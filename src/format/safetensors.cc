// safetensors single-file reader. See safetensors.h for the contract and FORMATS.md §1.
//
// Only the header is read: `u64 N` then N bytes of JSON, parsed with simdjson On-Demand so that
// errors can point at the byte where a tensor's entry starts. The data buffer is validated
// against the header (ranges, tiling, sizes) without being touched.
#include "format/safetensors.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "util/json.h"
#include "util/utf8.h"

namespace lineage {
namespace {

// The reference library refuses larger headers (the Hub client stops at 25 MB).
constexpr uint64_t kMaxHeaderBytes = 100'000'000;
// A valid header nests three levels (root, tensor entry, shape); anything deeper is hostile.
constexpr int kMaxHeaderDepth = 8;
// No framework goes beyond 64 dimensions; the bound keeps hostile shapes from growing vectors.

namespace od = simdjson::ondemand;

// One tensor entry of the header, before validation against the data buffer.
struct Entry {
  std::string name;
  DType dtype = DType::kUnknown;
  std::vector<uint64_t> shape;
  uint64_t begin = 0;
  uint64_t end = 0;
  uint64_t header_offset = 0;  // file offset of the entry's key, for error messages
};

std::string ShapeString(const std::vector<uint64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::string Range(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

// Reads the header's JSON into Entry values and metadata; offsets in errors are file offsets.
class HeaderReader {
 public:
  HeaderReader(const std::string& file, const simdjson::padded_string& text)
      : file_(file), text_(text) {}

  Status Read(std::vector<Entry>* entries, Metadata* metadata) {
    if (parser_.allocate(text_.size(), kMaxHeaderDepth + 1) != simdjson::SUCCESS) {
      return Refused(file_ + ": cannot allocate a parser for a " + std::to_string(text_.size()) +
                     "-byte header");
    }
    od::document doc;
    if (auto e = parser_.iterate(text_).get(doc)) return JsonError(e, "header is not valid JSON");
    od::object root;
    if (auto e = doc.get_object().get(root)) return JsonError(e, "header is not a JSON object");
    std::unordered_set<std::string> seen;
    for (auto field_result : root) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return JsonError(e, "malformed header");
      const uint64_t at = KeyOffset(field);
      std::string_view key_view;
      if (auto e = field.unescaped_key().get(key_view)) return JsonError(e, "malformed key", at);
      std::string key(key_view);
      if (!seen.insert(key).second) {
        return Corrupt(file_, at, "duplicate tensor name '" + key + "' in header");
      }
      if (key == "__metadata__") {
        LINEAGE_RETURN_IF_ERROR(ReadMetadata(field.value(), at, metadata));
        continue;
      }
      Entry entry;
      entry.name = std::move(key);
      entry.header_offset = at;
      LINEAGE_RETURN_IF_ERROR(ReadEntry(field.value(), &entry));
      entries->push_back(std::move(entry));
    }
    // current_location() fails with OUT_OF_BOUNDS exactly when every token was consumed.
    const char* trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS && trailing != nullptr) {
      return Corrupt(file_, 8 + static_cast<uint64_t>(trailing - text_.data()),
                     "unexpected content after the header's JSON object");
    }
    return Status::Ok();
  }

 private:
  uint64_t KeyOffset(od::field& field) const {
    // raw() points just past the key's opening quote, inside our buffer.
    return 8 + static_cast<uint64_t>(field.key().raw() - text_.data()) - 1;
  }

  Status JsonError(simdjson::error_code e, const std::string& what, uint64_t at = 8) const {
    return Corrupt(file_, at, what + " (" + simdjson::error_message(e) + ")");
  }

  Status ReadMetadata(od::value value, uint64_t at, Metadata* metadata) {
    od::json_type type;
    if (auto e = value.type().get(type)) return JsonError(e, "malformed __metadata__", at);
    if (type == od::json_type::null) return Status::Ok();  // MLX writes null
    od::object obj;
    if (auto e = value.get_object().get(obj)) {
      return JsonError(e, "__metadata__ must be an object of strings or null", at);
    }
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field))
        return JsonError(e, "malformed __metadata__", at);
      const uint64_t key_at = KeyOffset(field);
      std::string_view key, text;
      if (auto e = field.unescaped_key().get(key)) return JsonError(e, "malformed key", key_at);
      std::string name(key);
      if (auto e = field.value().get_string().get(text)) {
        return JsonError(e, "__metadata__ value of '" + name + "' must be a string", key_at);
      }
      MetaValue v;
      v.kind = MetaValue::Kind::kString;
      v.s = std::string(text);
      (*metadata)[name] = std::move(v);
    }
    return Status::Ok();
  }

  Status ReadUintArray(od::value value, const Entry& entry, const char* what, size_t max_items,
                       std::vector<uint64_t>* out) {
    od::array arr;
    if (auto e = value.get_array().get(arr)) return FieldError(e, entry, what);
    for (auto item : arr) {
      uint64_t v;
      if (auto e = item.get_uint64().get(v)) return FieldError(e, entry, what);
      if (out->size() == max_items) {
        return Corrupt(file_, entry.header_offset,
                       "tensor '" + entry.name + "': '" + what + "' has more than " +
                           std::to_string(max_items) + " entries");
      }
      out->push_back(v);
    }
    return Status::Ok();
  }

  Status FieldError(simdjson::error_code e, const Entry& entry, const char* what) const {
    return JsonError(e, "tensor '" + entry.name + "': '" + what + "' is malformed",
                     entry.header_offset);
  }

  Status ReadEntry(od::value value, Entry* entry) {
    od::object obj;
    if (auto e = value.get_object().get(obj)) {
      return JsonError(e, "tensor '" + entry->name + "' is not an object", entry->header_offset);
    }
    bool have_dtype = false, have_shape = false, have_offsets = false;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return FieldError(e, *entry, "entry");
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return FieldError(e, *entry, "entry");
      if (key == "dtype") {
        std::string_view s;
        if (auto e = field.value().get_string().get(s)) return FieldError(e, *entry, "dtype");
        std::optional<DType> t = DTypeFromSafetensors(s);
        if (!t) {
          return Unsupported(file_ + ": offset " + std::to_string(entry->header_offset) +
                             ": tensor '" + entry->name + "' has unknown dtype '" + std::string(s) +
                             "'");
        }
        entry->dtype = *t;
        have_dtype = true;
      } else if (key == "shape") {
        entry->shape.clear();
        LINEAGE_RETURN_IF_ERROR(
            ReadUintArray(field.value(), *entry, "shape", kMaxTensorDims, &entry->shape));
        have_shape = true;
      } else if (key == "data_offsets") {
        std::vector<uint64_t> offsets;
        LINEAGE_RETURN_IF_ERROR(ReadUintArray(field.value(), *entry, "data_offsets", 2, &offsets));
        if (offsets.size() != 2) {
          return Corrupt(file_, entry->header_offset,
                         "tensor '" + entry->name + "': data_offsets must hold 2 numbers");
        }
        entry->begin = offsets[0];
        entry->end = offsets[1];
        have_offsets = true;
      }
    }
    const char* missing = !have_dtype     ? "dtype"
                          : !have_shape   ? "shape"
                          : !have_offsets ? "data_offsets"
                                          : nullptr;
    if (missing != nullptr) {
      return Corrupt(file_, entry->header_offset,
                     "tensor '" + entry->name + "' has no '" + missing + "'");
    }
    return Status::Ok();
  }

  const std::string& file_;
  const simdjson::padded_string& text_;
  od::parser parser_;
};

// Checks one entry's size and range against the data buffer; returns its byte count.
Result<uint64_t> CheckEntry(const std::string& file, const Entry& e, uint64_t buffer_len) {
  uint64_t numel = 1;
  for (uint64_t d : e.shape) {
    if (__builtin_mul_overflow(numel, d, &numel)) {
      return Corrupt(file, e.header_offset,
                     "tensor '" + e.name + "' shape " + ShapeString(e.shape) +
                         " has more elements than fit in 64 bits");
    }
  }
  Result<uint64_t> bytes = TensorBytes(e.dtype, numel, numel);
  if (!bytes.ok()) {
    return Corrupt(file, e.header_offset, "tensor '" + e.name + "': " + bytes.status().message());
  }
  if (e.end < e.begin) {
    return Corrupt(
        file, e.header_offset,
        "tensor '" + e.name + "' data_offsets " + Range(e.begin, e.end) + " end before they begin");
  }
  if (e.end > buffer_len) {
    return Corrupt(file, e.header_offset,
                   "tensor '" + e.name + "' data_offsets " + Range(e.begin, e.end) +
                       " lie outside the " + std::to_string(buffer_len) +
                       "-byte data buffer (truncated file or bad offsets)");
  }
  if (e.end - e.begin != *bytes) {
    return Corrupt(file, e.header_offset,
                   "tensor '" + e.name + "' is " + DTypeName(e.dtype) + " " + ShapeString(e.shape) +
                       " = " + std::to_string(*bytes) + " bytes, but its data_offsets " +
                       Range(e.begin, e.end) + " span " + std::to_string(e.end - e.begin));
  }
  return *bytes;
}

// Requires the sorted entries to tile [0, buffer_len) exactly: no overlap, no gap.
Status CheckTiling(const std::string& file, const std::vector<Entry>& sorted, uint64_t buffer_start,
                   uint64_t buffer_len) {
  uint64_t expected = 0;
  const Entry* prev = nullptr;
  for (const Entry& e : sorted) {
    if (e.begin < expected) {
      return Corrupt(file, buffer_start + e.begin,
                     "tensor '" + e.name + "' " + Range(e.begin, e.end) + " overlaps tensor '" +
                         prev->name + "' " + Range(prev->begin, prev->end));
    }
    if (e.begin > expected) {
      return Corrupt(
          file, buffer_start + expected,
          "gap of " + std::to_string(e.begin - expected) + " bytes in the data buffer " +
              (prev ? "after tensor '" + prev->name + "' " + Range(prev->begin, prev->end)
                    : std::string("at its start")) +
              ", before tensor '" + e.name + "' " + Range(e.begin, e.end));
    }
    expected = e.end;
    prev = &e;
  }
  if (expected != buffer_len) {
    return Corrupt(file, buffer_start + expected,
                   std::to_string(buffer_len - expected) + " bytes at the end of the data buffer " +
                       (prev ? "after tensor '" + prev->name + "'" : std::string("")) +
                       " belong to no tensor");
  }
  return Status::Ok();
}

}  // namespace

Result<Checkpoint> ParseSafetensors(std::unique_ptr<ByteSource> src) {
  const std::string file = src->name();
  const uint64_t size = src->size();
  if (size < 8) {
    return Corrupt(
        file, 0,
        "file is " + std::to_string(size) + " bytes, too short for the 8-byte header length");
  }
  uint8_t len_bytes[8];
  LINEAGE_RETURN_IF_ERROR(src->ReadAt(0, len_bytes));
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | len_bytes[i];
  if (n > kMaxHeaderBytes) {
    return Corrupt(file, 0,
                   "header length " + std::to_string(n) + " exceeds the " +
                       std::to_string(kMaxHeaderBytes) + "-byte limit");
  }
  if (n > size - 8) {
    return Corrupt(file, 0,
                   "header length " + std::to_string(n) + " exceeds the file size " +
                       std::to_string(size) + " (truncated file?)");
  }
  if (n < 2) return Corrupt(file, 0, "header length " + std::to_string(n) + " is too short");
  simdjson::padded_string text(n);
  LINEAGE_RETURN_IF_ERROR(
      src->ReadAt(8, std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), n)));
  const std::string_view view(text.data(), n);
  if (view[0] != '{') return Corrupt(file, 8, "header does not start with '{'");
  if (size_t bad = FindInvalidUtf8(view); bad != std::string_view::npos) {
    return Corrupt(file, 8 + bad, "header is not valid UTF-8");
  }
  if (size_t deep = FindExcessiveJsonDepth(view, kMaxHeaderDepth); deep != std::string_view::npos) {
    return Corrupt(file, 8 + deep,
                   "header JSON nests deeper than " + std::to_string(kMaxHeaderDepth) + " levels");
  }

  Checkpoint ckpt;
  std::vector<Entry> entries;
  {
    HeaderReader reader(file, text);
    LINEAGE_RETURN_IF_ERROR(reader.Read(&entries, &ckpt.metadata));
  }

  const uint64_t buffer_start = 8 + n;
  const uint64_t buffer_len = size - buffer_start;
  std::vector<uint64_t> bytes(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    LINEAGE_ASSIGN_OR_RETURN(bytes[i], CheckEntry(file, entries[i], buffer_len));
  }
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (entries[a].begin != entries[b].begin) return entries[a].begin < entries[b].begin;
    return entries[a].end < entries[b].end;
  });
  std::vector<Entry> sorted;
  sorted.reserve(entries.size());
  for (size_t i : order) sorted.push_back(std::move(entries[i]));
  LINEAGE_RETURN_IF_ERROR(CheckTiling(file, sorted, buffer_start, buffer_len));

  const ByteSource* source = src.get();
  ckpt.format = "safetensors";
  ckpt.files.push_back(file);
  ckpt.sources.push_back(std::move(src));
  ckpt.tensors.reserve(sorted.size());
  for (Entry& e : sorted) {
    TensorInfo t;
    t.name = std::move(e.name);
    t.dtype = e.dtype;
    t.shape = std::move(e.shape);
    t.source = source;
    t.offset = buffer_start + e.begin;
    t.nbytes = e.end - e.begin;
    ckpt.tensors.push_back(std::move(t));
  }
  return ckpt;
}

Result<Checkpoint> OpenSafetensors(const std::string& path, const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(auto src, files.Open(path));
  return ParseSafetensors(std::move(src));
}

}  // namespace lineage
