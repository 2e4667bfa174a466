// safetensors reader (single files and sharded `*.safetensors.index.json`). FORMATS.md §1.
//
// Contract: validates like the reference implementation (header ≤ 100 MB, starts with '{',
// unique names, offsets sorted and tiling the buffer exactly, sizes overflow-checked, dtype ×
// shape = byte length). Errors name the file and the offset. Reads only the header.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "format/checkpoint.h"

namespace lineage {

// Weight files are opened through `files` (default: the local opener).
Result<Checkpoint> OpenSafetensors(const std::string& path,
                                   const FileOpener& files = *LocalFileOpener());
// Parses from an already-open source (fuzzers and tests use memory sources).
Result<Checkpoint> ParseSafetensors(std::unique_ptr<ByteSource> src);
// `model.safetensors.index.json`: opens every shard named in weight_map, checks that each
// tensor lives where the map says and reports tensors the map omits or names twice.
// The index itself is read from the local path; the shards through `files`.
Result<Checkpoint> OpenSafetensorsIndex(const std::string& index_path,
                                        const FileOpener& files = *LocalFileOpener());
// The same from the index's JSON text; `open_shard` opens a shard by its weight_map name (already
// checked to be a relative path without `..`). Lets fuzzers and remote sources supply shards.
using ShardOpener = std::function<Result<Checkpoint>(const std::string& shard_name)>;
Result<Checkpoint> ParseSafetensorsIndex(const std::string& index_name, std::string_view json,
                                         const ShardOpener& open_shard);

}  // namespace lineage
