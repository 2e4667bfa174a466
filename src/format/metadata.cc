#include "format/metadata.h"

#include <limits>

namespace lineage {

std::optional<int64_t> MetaValue::AsInt() const {
  switch (kind) {
    case Kind::kUint:
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
      return static_cast<int64_t>(u);
    case Kind::kInt:
      return i;
    case Kind::kBool:
      return b ? 1 : 0;
    default:
      return std::nullopt;
  }
}

std::optional<double> MetaValue::AsDouble() const {
  switch (kind) {
    case Kind::kUint:
      return static_cast<double>(u);
    case Kind::kInt:
      return static_cast<double>(i);
    case Kind::kFloat:
      return f;
    default:
      return std::nullopt;
  }
}

}  // namespace lineage
