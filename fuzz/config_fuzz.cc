// Fuzzes config normalisation, comparison and parameter counting on arbitrary JSON bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "arch/catalog.h"
#include "arch/compare.h"
#include "arch/config.h"
#include "arch/param_count.h"
#include "util/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto j = lineage::ParseJson(text, "fuzz.json");
  if (!j.ok()) return 0;
  auto c = lineage::ArchConfigFromJson(*j, "fuzz.json");
  if (!c.ok()) return 0;
  (void)lineage::EstimateParameters(*c);
  lineage::ConfigCatalog cat;
  cat.entries.push_back(*c);
  auto cmp = lineage::CompareArch(*c, *c, cat);
  (void)lineage::ArchComparisonJson(cmp).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace);
  (void)lineage::ArchFindings(cmp);
  return 0;
}
