// ReadJsonFile: a small JSON file read whole and parsed with util/json.h's bounds (depth, UTF-8,
// syntax errors named by file and byte offset).
//
// Contract: refuses files larger than max_bytes before reading them. Pure apart from the read;
// thread-safe. Lives in io/ because it reads a file (util/ depends on nothing in the project).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "util/json.h"
#include "util/status.h"

namespace lineage {

Result<nlohmann::json> ReadJsonFile(const std::string& path, uint64_t max_bytes = 64 << 20,
                                    int max_depth = kDefaultMaxJsonDepth);

}  // namespace lineage
