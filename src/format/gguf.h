// GGUF reader, v2 and v3 (FORMATS.md §2). Metadata of every KV type, tensor infos, alignment.
//
// Contract: all counts and lengths are bounded by the file size before allocation; tensor data
// ranges are validated (inside the file, aligned, non-overlapping, size = type × ne). Shapes are
// reported outermost-first (ne reversed). Metadata keys keep their GGUF names.
#pragma once

#include <memory>
#include <string>

#include "format/checkpoint.h"

namespace lineage {

Result<Checkpoint> OpenGguf(const std::string& path);
Result<Checkpoint> ParseGguf(std::unique_ptr<ByteSource> src);

}  // namespace lineage
