// Fuzzes calibration-panel records (weights/calibration/calibration_panel.h): parsing, and for
// accepted records serialisation, re-parsing and panel selection.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "weights/calibration/calibration_panel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = lineage::ParsePanelRecord(text, "fuzz.jsonl:1");
  if (!r.ok()) return 0;
  const std::string line = lineage::PanelRecordToJson(*r).dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  auto again = lineage::ParsePanelRecord(line, "fuzz.jsonl:2");
  if (!again.ok()) __builtin_trap();  // what we write we must read back
  lineage::CalibrationPanels panels;
  panels.records = {*r, *again};
  (void)lineage::SelectTrainedPanels(panels, r->stats, r->candidate.fingerprint,
                                     std::string(64, '0'));
  return 0;
}
