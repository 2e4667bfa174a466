// ModelRef: a model as the user named it, with the digests of the files that were read. Plain
// values, thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lineage {

struct FileDigest {
  std::string path;  // relative to the model's root as given on the command line
  uint64_t bytes = 0;
  std::string sha256;  // lowercase hex of the whole file
};

struct ModelRef {
  std::string label;     // short name shown in reports (e.g. the directory's base name)
  std::string path;      // as given on the command line
  std::string format;    // "safetensors", "gguf", "llama2c", "torch-zip", ...
  std::string revision;  // hub revision when known, else empty
  std::vector<FileDigest> files;
};

}  // namespace lineage
