// The power cache: measured power (compare/positive_controls.h) stored per key, so that the
// positive controls run once per model shape class and test configuration, not once per run.
//
// Contract:
//   - A key is a JSON object naming everything that changes the measured power (the base's shape
//     class, the weights options, the decision thresholds, the controls' plan and seed, the
//     statistic definitions' version); the file is <dir>/<sha256 of the key's dump>.json and holds
//     the key itself beside the counts, so a hash collision or a stale file is recognised.
//   - Load: nullopt when there is no file; a file that cannot be parsed, whose key differs or
//     whose counts are inconsistent is reported through *warning (English) and treated as absent
//     (the caller recomputes), never an error.
//   - Store writes temp+rename (io/atomic_file.h): a reader never sees half a file; concurrent
//     writers of one key race harmlessly.
//   - PowerCacheDir: $LINEAGE_POWER_CACHE when set (tests point it at a temp dir), else
//     $XDG_CACHE_HOME/lineage/power, else $HOME/.cache/lineage/power; "" when none is known.
//   - Thread-compatible; no state.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "evidence/pair_result.h"
#include "util/status.h"

namespace lineage {

std::string PowerCacheDir(const std::function<const char*(const char*)>& getenv);

// The cache file of `key` under `dir`.
std::string PowerCachePath(const std::string& dir, const nlohmann::ordered_json& key);

std::optional<PowerStatement> LoadCachedPower(const std::string& dir,
                                              const nlohmann::ordered_json& key,
                                              std::string* warning);
Status StoreCachedPower(const std::string& dir, const nlohmann::ordered_json& key,
                        const PowerStatement& power);

}  // namespace lineage
