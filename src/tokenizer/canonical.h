// Canonical token bytes (METHODS.md §2.5): the conversions every loader shares.
//
// Contract: pure functions on strings; thread-safe; no allocation beyond the returned value.
//   - GPT-2 byte-level alphabet: each of the 256 bytes is written as one Unicode character
//     (FORMATS.md §5.4). ByteLevelToBytes inverts that mapping and fails on characters outside
//     the alphabet (the caller names the file).
//   - SentencePiece: U+2581 "▁" stands for a space; "<0xNN>" pieces stand for one raw byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineage {

// Decodes a token written in GPT-2's byte alphabet. nullopt if a character is outside it or the
// UTF-8 is malformed.
std::optional<std::string> ByteLevelToBytes(std::string_view token);
// The same, appending to *out (loaders decode merges straight into an arena). On failure returns
// false and leaves *out as it was.
bool AppendByteLevelBytes(std::string_view token, std::string* out);
// The inverse, for display and tests.
std::string BytesToByteLevel(std::string_view bytes);

// Replaces every "▁" (U+2581) with a space.
std::string SentencePieceToBytes(std::string_view piece);
// The same, appending to *out.
void AppendSentencePieceBytes(std::string_view piece, std::string* out);

// Parses "<0xNN>" (two hex digits, either case) to the byte NN.
std::optional<uint8_t> ParseByteToken(std::string_view piece);

// Decodes standard base64 (with '=' padding, no whitespace). nullopt on any invalid input.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace lineage
