// ArchConfig: one model's architecture, normalised from whatever its config file called things.
//
// Contract:
//   - Input: a parsed config.json (any family, including nested text/vision/audio sub-configs),
//     a Meta/Mistral params.json, or a JSON object of GGUF metadata keys ("general.architecture",
//     "<arch>.block_count", ...). Nothing in the config is ever executed: `auto_map` entries
//     (remote code) are only listed.
//   - Output: canonical keys (see docs/ARCHITECTURE.md) mapped to JSON scalars. Numbers that are
//     integral are stored as integers so 10000 and 10000.0 compare equal. Sub-configs live
//     under "vision.", "audio." prefixes. Values implied by the family (e.g. Qwen2's q/k/v
//     bias) are recorded and listed in `implied`.
//   - Hostile input never crashes: wrong JSON types are ignored with a note; the parser throws
//     nothing. Pure functions; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace lineage {

struct ArchConfig {
  std::string source;                            // file or description the config came from
  std::string family;                            // lower-case model_type, or "unknown"
  std::map<std::string, nlohmann::json> fields;  // canonical key -> scalar (or compact array)
  std::set<std::string> implied;         // keys whose value the family implies, not the file
  std::vector<std::string> remote_code;  // auto_map entries: reported, never run
  std::vector<std::string> notes;        // ignored/mistyped fields, approximations

  const nlohmann::json* Get(const std::string& key) const;
  // Integer view of a field (nullopt when absent or not an integer).
  std::optional<int64_t> Int(const std::string& key) const;
  std::optional<double> Number(const std::string& key) const;
};

// Normalises an already-parsed config object. `source` names it in messages.
Result<ArchConfig> ArchConfigFromJson(const nlohmann::json& j, const std::string& source);

// Reads `path`: a config.json / params.json / GGUF-metadata JSON file, or a directory holding
// config.json (preferred) or params.json.
Result<ArchConfig> LoadArchConfig(const std::string& path);

// The category of a canonical key: "shape", "attention", "position", "norm", "mlp", "moe",
// "mla", "vision", "audio", "extra" (family-specific fields kept verbatim) or "metadata"
// (dtype, token ids, initializer; not architecture).
std::string KeyCategory(const std::string& key);

// Renders a field value for people: numbers without trailing zeros, long arrays summarised.
std::string FormatValue(const nlohmann::json& v);

}  // namespace lineage
