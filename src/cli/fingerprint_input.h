// Fingerprint arguments of `lineage fingerprint` and `lineage registry`: a fingerprint file (read
// as it is, checked against the expected projection seed) or a MODEL (fingerprinted now), and the
// --projection-seed value. Not thread-safe (model arguments resolve through flags.resolver).
#pragma once

#include <cstdint>
#include <string>

#include "cli/cmd_common.h"
#include "fingerprint/fingerprint.h"
#include "util/status.h"

namespace lineage::cli {

// True when `path` is a readable file that starts with the fingerprint magic.
bool IsFingerprintFile(const std::string& path);

// Decimal or 0x-hex; empty = kDefaultProjectionSeed. InvalidArgument otherwise.
Result<uint64_t> ParseProjectionSeed(const std::string& text);

// `bytes_read` (optional): the bytes read from the model to fingerprint it (model/model.h's
// accounting; 0 for a fingerprint file).
Result<Fingerprint> ObtainFingerprint(const std::string& arg, uint64_t seed, unsigned threads,
                                      const ModelFlags& flags, uint64_t* bytes_read = nullptr);

}  // namespace lineage::cli
