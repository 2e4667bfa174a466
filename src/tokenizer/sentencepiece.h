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

#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> ParseSentencePieceModel(std::string_view bytes, const std::string& name);

}  // namespace lineage
