// Byte sizes as people write them on a command line ("5GB", "500MiB", "1.5G", "1000") and as
// lineage prints them. Decimal units are powers of 1000 (K, KB, M, MB, G, GB, T, TB), binary units
// powers of 1024 (KiB, MiB, GiB, TiB); case-insensitive; a bare number is bytes.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineage {

// nullopt for anything malformed, negative, or beyond 2^63 bytes.
std::optional<uint64_t> ParseByteSize(std::string_view text);

// "1.5 GB" (decimal units, one decimal; bytes below 1000 as "512 B").
std::string FormatByteSize(uint64_t bytes);

}  // namespace lineage
