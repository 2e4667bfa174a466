// Bounded JSON parsing. Small files (config.json, tokenizer_config.json, indexes) become
// nlohmann::json; large ones (tokenizer.json) should use simdjson directly (see tokenizer/).
//
// Contract: ParseJson refuses input nested deeper than max_depth (checked before parsing, so a
// hostile file cannot exhaust the stack), invalid UTF-8 and syntax errors, with a message that
// names the file and the byte offset. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace lineage {

constexpr int kDefaultMaxJsonDepth = 128;

Result<nlohmann::json> ParseJson(std::string_view text, const std::string& name,
                                 int max_depth = kDefaultMaxJsonDepth);
// Files: io/json_file.h (ReadJsonFile) reads and parses one with these bounds.

// Returns the byte offset of the first nesting level beyond max_depth, or npos if none.
size_t FindExcessiveJsonDepth(std::string_view text, int max_depth);

}  // namespace lineage
