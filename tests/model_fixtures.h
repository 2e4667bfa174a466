// Test helpers over canonical models: load-or-fail, and dtype copies of a model written with the
// safetensors writer (a BF16 cast, or the exact F32 upcast of that cast).
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "format/safetensors_writer.h"
#include "model/model.h"

namespace lineage::testing {

inline Model LoadOrFail(const std::string& path) {
  auto m = LoadModel(path);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(m).value() : Model{};
}

enum class CopyKind { kBf16, kBf16UpcastToF32 };

// Writes every canonical tensor of `m` (stored names and shapes) to `path` rounded to BF16, or
// as the F32 values of that rounding. Returns false (after a test failure) on error.
inline bool WriteBf16Copy(const Model& m, const std::string& path, CopyKind kind) {
  std::vector<WriterTensor> out;
  for (const ModelTensor& t : m.tensors) {
    auto v = ReadF32(t, 1 << 24);
    if (!v.ok()) {
      ADD_FAILURE() << v.status().ToString();
      return false;
    }
    bool bf16 = kind == CopyKind::kBf16;
    WriterTensor w{t.name, bf16 ? DType::kBF16 : DType::kF32, t.info.shape,
                   std::vector<uint8_t>(v->size() * (bf16 ? 2 : 4))};
    for (size_t i = 0; i < v->size(); ++i) {
      uint16_t h = FloatToBF16((*v)[i]);
      uint32_t up = static_cast<uint32_t>(h) << 16;
      if (bf16)
        std::memcpy(&w.data[2 * i], &h, 2);
      else
        std::memcpy(&w.data[4 * i], &up, 4);
    }
    out.push_back(std::move(w));
  }
  Status st = WriteSafetensors(path, out);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return st.ok();
}

}  // namespace lineage::testing
