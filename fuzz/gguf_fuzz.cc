// libFuzzer target for the GGUF reader, dequantisers and writer. Properties checked beyond "no
// crash": every accepted tensor lies inside the input, and an accepted file re-written by
// GgufWriter parses again with the same metadata and tensors.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "format/ggml_quants.h"
#include "format/gguf.h"
#include "format/gguf_types.h"
#include "format/gguf_writer.h"

namespace {

void Dequantize(const lineage::TensorInfo& t) {
  const lineage::GgmlTypeInfo* info = lineage::GgmlTypeByDType(t.dtype);
  if (info == nullptr || !lineage::CanDequantizeGgml(t.dtype) || t.nbytes > (1 << 20)) return;
  std::vector<uint8_t> bytes(t.nbytes);
  if (!t.source->ReadAt(t.offset, bytes).ok()) std::abort();
  uint64_t n = t.nbytes / info->block_bytes * info->block_elems;
  std::vector<float> out(n);
  if (!lineage::DequantizeGgml(t.dtype, bytes.data(), n, out.data()).ok()) std::abort();
}

void RoundTrip(const lineage::Checkpoint& c) {
  lineage::GgufWriter w;
  uint32_t alignment = lineage::kGgufDefaultAlignment;
  auto it = c.metadata.find("general.alignment");
  if (it != c.metadata.end()) alignment = static_cast<uint32_t>(it->second.u);
  for (const auto& [key, value] : c.metadata) {
    if (key != "general.alignment") w.AddKV(key, value);
  }
  if (!w.SetAlignment(alignment).ok()) std::abort();
  for (const lineage::TensorInfo& t : c.tensors) {
    std::vector<uint8_t> bytes(t.nbytes);
    if (!t.source->ReadAt(t.offset, bytes).ok()) std::abort();
    if (!w.AddTensor(t.name, t.dtype, t.shape, std::move(bytes)).ok()) std::abort();
  }
  auto again = lineage::ParseGguf(lineage::MakeMemorySource("rewritten.gguf", w.Serialize()));
  if (!again.ok() || again->metadata.size() != c.metadata.size() ||
      again->tensors.size() != c.tensors.size()) {
    std::abort();
  }
  for (size_t i = 0; i < c.tensors.size(); ++i) {
    if (again->tensors[i].name != c.tensors[i].name ||
        again->tensors[i].shape != c.tensors[i].shape ||
        again->tensors[i].nbytes != c.tensors[i].nbytes) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = lineage::ParseGguf(
      lineage::MakeMemorySource("fuzz.gguf", std::vector<uint8_t>(data, data + size)));
  if (!r.ok()) return 0;
  for (const lineage::TensorInfo& t : r->tensors) {
    if (t.offset > size || t.nbytes > size - t.offset) std::abort();
    Dequantize(t);
  }
  if (size < (1 << 16)) RoundTrip(*r);
  return 0;
}
