// libFuzzer target: the meta file of lineage's range cache (a file on disk anyone may edit).
// An accepted meta must format back to exactly the bytes it was parsed from.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/cache/range_meta.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto meta = lineage::ParseRangeMeta(text, "fuzz-meta");
  if (meta.ok() && lineage::FormatRangeMeta(*meta) != text) std::abort();
  return 0;
}
