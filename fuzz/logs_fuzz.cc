// Fuzzes the CSV / JSONL / TensorBoard log readers and the log checks on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "training/log_checks.h"
#include "training/log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto log = lineage::ParseTrainingLog(raw, "fuzz");
  if (!log.ok()) return 0;
  lineage::LogCheckOptions opt;
  opt.vocab_size = 32000;
  opt.claimed_tokens = 1e12;
  auto r = lineage::CheckTrainingLogs({*log}, opt);
  if (r.ok()) (void)lineage::LogReportJson(*r).dump();
  return 0;
}
