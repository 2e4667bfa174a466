// libFuzzer target: sharded safetensors index parsing. The input is the index JSON; shards
// "a.safetensors" and "b.safetensors" exist (in memory) with a few tensors each, any other name
// is missing, so the fuzzer explores weight_map consistency checks as well as JSON handling.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "format/safetensors.h"

namespace {

std::vector<uint8_t> Shard(const std::string& header, size_t data_len) {
  std::vector<uint8_t> b(8);
  const uint64_t n = header.size();
  std::memcpy(b.data(), &n, 8);
  b.insert(b.end(), header.begin(), header.end());
  b.resize(b.size() + data_len);
  return b;
}

lineage::Result<lineage::Checkpoint> OpenShard(const std::string& name) {
  if (name == "a.safetensors") {
    return lineage::ParseSafetensors(lineage::MakeMemorySource(
        name, Shard(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                    R"("y":{"dtype":"U8","shape":[3],"data_offsets":[8,11]}})",
                    11)));
  }
  if (name == "b.safetensors") {
    return lineage::ParseSafetensors(lineage::MakeMemorySource(
        name, Shard(R"({"z":{"dtype":"BF16","shape":[1,2],"data_offsets":[0,4]}})", 4)));
  }
  return lineage::NotFound(name + ": no such shard");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  auto r = lineage::ParseSafetensorsIndex("fuzz.index.json", json, OpenShard);
  (void)r;
  return 0;
}
