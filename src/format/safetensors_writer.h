// A small safetensors writer, used by tests across the project to generate fixtures (dtype casts
// of the example models, shards, sparse 100B-parameter layouts) and by tools that export tensors.
//
// Contract: writes the official layout — u64 header length, JSON header padded with spaces to a
// multiple of 8, then each tensor's bytes in the order given, tiling the buffer. Refuses
// duplicate names, dtypes safetensors cannot express (GGML blocks) and data whose length does not
// match dtype × shape. Errors name the output path. Pure apart from the files written.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "format/dtype.h"
#include "util/status.h"

namespace lineage {

struct WriterTensor {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<uint64_t> shape;
  std::vector<uint8_t> data;  // little-endian, row-major; see SafetensorsWriteOptions::sparse
};

struct SafetensorsWriteOptions {
  // When true, a tensor whose `data` is empty (but whose size is not) is left as a hole in a
  // sparse file: only the header is real. Lets tests build huge layouts on a small disk.
  bool sparse = false;
};

Status WriteSafetensors(const std::string& path, const std::vector<WriterTensor>& tensors,
                        const std::map<std::string, std::string>& metadata = {},
                        const SafetensorsWriteOptions& options = {});

// Writes `tensors` split into `num_shards` consecutive groups as
// `<dir>/model-0000i-of-0000N.safetensors` plus `<dir>/model.safetensors.index.json` (with
// metadata.total_size = the tensor bytes). Returns the index path.
Result<std::string> WriteSafetensorsShards(const std::string& dir,
                                           const std::vector<WriterTensor>& tensors, int num_shards,
                                           const std::map<std::string, std::string>& metadata = {},
                                           const SafetensorsWriteOptions& options = {});

}  // namespace lineage
