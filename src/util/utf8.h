// UTF-8 decoding: the one decoder of a code point, and validation built on it.
//
// Contract: strict UTF-8 (RFC 3629): overlong forms, surrogates, code points above U+10FFFF and
// truncated sequences are malformed. Pure functions over caller-owned bytes; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lineage {

// Length of the UTF-8 sequence starting at s[i] and its code point; 0 if malformed or truncated.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* code_point);

// Returns the offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace lineage
