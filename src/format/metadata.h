// MetaValue: a typed metadata value (GGUF key/values, safetensors __metadata__, llama2.c header).
//
// Contract: a plain value tree. GGUF arrays may nest; `gguf_type` keeps the on-disk type id so
// writers and reports can round-trip it. Large arrays (tokenizer vocabularies) are stored as-is.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lineage {

struct MetaValue {
  enum class Kind { kUint, kInt, kFloat, kBool, kString, kArray };
  Kind kind = Kind::kString;
  uint32_t gguf_type = 8;  // GGUF value type id (8 = string) when it came from GGUF
  uint64_t u = 0;
  int64_t i = 0;
  double f = 0;
  bool b = false;
  std::string s;
  std::vector<MetaValue> array;

  // Integer view of kUint/kInt/kBool (nullopt otherwise or if it does not fit).
  std::optional<int64_t> AsInt() const;
  std::optional<double> AsDouble() const;
  const std::string* AsString() const { return kind == Kind::kString ? &s : nullptr; }
};

using Metadata = std::map<std::string, MetaValue>;

}  // namespace lineage
