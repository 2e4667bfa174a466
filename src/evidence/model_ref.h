// ModelRef: a model as the user named it, with the digests of the files that were read and what
// reading it cost. Plain values, thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lineage {

struct FileDigest {
  std::string path;  // relative to the model's root as given on the command line
  uint64_t bytes = 0;
  std::string sha256;  // lowercase hex of the whole file; empty when not hashed
  // Where sha256 comes from: "computed" (hashed here from the bytes read) or "hub-claim" (the
  // hub's LFS sha256 of a file not read whole: stated, not verified). Empty with sha256.
  std::string sha256_source;
};

// How a registry search (registry/search.h) reported a base that `compare --registry` compared.
struct RegistryFound {
  std::string registry;       // its location, fit to print (a URI's password masked)
  int64_t id = 0;             // the entry's id in that registry
  int64_t registry_size = 0;  // models screened (the Bonferroni factor)
  double log10_p = 0;         // the sketch hit test's log10 p after Bonferroni over registry_size
  std::string related_by;     // "exact" (the hit test) or "robust" (gate/up agreement floor)
};

struct ModelRef {
  std::string label;     // short name shown in reports (e.g. the directory's base name)
  std::string path;      // as given on the command line
  std::string format;    // "safetensors", "gguf", "llama2c", "torch-zip", ...
  std::string revision;  // the resolved hub commit; empty for a local model
  std::vector<FileDigest> files;
  // Accounting (model/model.h states what bytes_read counts): bytes read for this run, the
  // checkpoint's size, and HTTP requests (0 for a local model).
  uint64_t bytes_read = 0;
  uint64_t bytes_total = 0;
  uint64_t requests = 0;
  // Bytes read from this model only to build the power controls' base (METHODS §10.9): not in
  // bytes_read, which is what the comparison itself read; 0 when the power came from the cache.
  uint64_t bytes_read_controls = 0;
  // Known only as a served endpoint (compare --endpoint LABEL=URL with no files or hub reference,
  // compare/endpoint_only.h): nothing was read, and no weight evidence exists for it.
  bool endpoint_only = false;
  // Bases only: "argument" when the user named the base, "registry" when only the registry
  // search added it; `registry` holds the search's report whenever it found the base.
  std::string found_by = "argument";
  std::optional<RegistryFound> registry;
};

}  // namespace lineage
