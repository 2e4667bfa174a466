// SentencePiece ModelProto reader (FORMATS.md §5.2), written against the protobuf wire format by
// hand: no libsentencepiece, no generated code.
//
// Contract: bounds-checks every length; unknown fields are skipped by wire type; errors are
// Corrupt naming the file and the byte offset (truncation, bad wire types, a BYTE piece that is
// not <0xNN>, duplicate pieces, no trainer or normalizer spec: real files always have them after
// the pieces, so their absence reveals a file cut at a piece boundary). Pieces keep their position
// as id; ▁ becomes a space. The trainer spec is summarised in Vocab::trainer_spec (it names
// training files and the model prefix, which extended tokenizers keep). Thread-safe (no shared
// state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> ParseSentencePieceModel(std::string_view bytes, const std::string& name);

// The kind of a SentencePiece piece type (ModelProto.SentencePiece.Type: 1 normal, 2 unknown,
// 3 control, 4 user-defined, 5 unused, 6 byte), which GGUF's tokenizer.ggml.token_type copies;
// nullopt for any other value.
std::optional<TokenKind> PieceTypeKind(int64_t type);

}  // namespace lineage
