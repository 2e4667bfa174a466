// The fingerprint file format, version 1 (docs/FORMATS.md "Fingerprints"): little-endian,
//   magic "LNFPRINT" · u32 version · u64 projection seed · u32 section count ·
//   sections (u32 tag, u64 length, payload) · 64 ASCII hex digits: SHA-256 of all bytes before.
//
// Contract:
//   - EncodeFingerprint is deterministic: the same Fingerprint gives the same bytes.
//   - DecodeFingerprint never reads outside `bytes` and never trusts a length: every count is
//     checked against the bytes that remain before anything is allocated. Errors are kCorrupt (or
//     kInvalidArgument for a well-formed fingerprint this reader must refuse: another version,
//     another projection seed) and name `file`. Checks, in order: magic, version, checksum,
//     projection seed (when `expected_seed` is given), then every section and its consistency
//     (shapes, finite sketch values, increasing unit labels). A fingerprint that passes is whole.
//   - Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fingerprint/fingerprint.h"
#include "util/status.h"

namespace lineage {

std::vector<uint8_t> EncodeFingerprint(const Fingerprint& fp);

Result<Fingerprint> DecodeFingerprint(const std::string& file, const std::vector<uint8_t>& bytes,
                                      std::optional<uint64_t> expected_seed = std::nullopt);

// File helpers: writing goes through io/atomic_file (never a half-written fingerprint).
Status WriteFingerprintFile(const std::string& path, const Fingerprint& fp);
Result<Fingerprint> ReadFingerprintFile(const std::string& path,
                                        std::optional<uint64_t> expected_seed = std::nullopt);

}  // namespace lineage
