// Fuzzes the TensorBoard event-file path: TFRecord framing (CRC checks) and the Event protobuf
// reader. Inputs get a valid frame half the time so the protobuf reader is reached.
#include <cstddef>
#include <cstdint>
#include <string>

#include "training/event_proto.h"
#include "training/log_reader.h"
#include "training/tfrecord.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  (void)lineage::ParseTrainingLog(raw, "fuzz");
  (void)lineage::ParseEvent(raw, "fuzz", 0);
  std::string framed = lineage::FrameTfRecord(raw);
  (void)lineage::ReadTfRecords(framed, "fuzz", [](std::string_view rec, uint64_t off) {
    return lineage::ParseEvent(rec, "fuzz", off).status();
  });
  return 0;
}
