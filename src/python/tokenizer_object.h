// model.tokenizer → a Tokenizer: the model's vocabulary as the tokenizer module loads it
// (tokenizer/vocab.h LoadVocab, from the model's tokenizer_path), or None when the model has none.
//
// Contract:
//   - kind is the vocabulary model ("bpe", "unigram", ...: VocabModelName), format the file format;
//     vocab_size the number of tokens, id_space the largest id + 1 (ids may have gaps).
//   - token(id) is the token as written in the file (its surface), None for an id not in the
//     vocabulary; token_bytes(id) its canonical bytes (METHODS.md §2.5). id(text) is the id of the
//     token written `text`, None if none; id_of_bytes(b) the id of the regular token with these
//     canonical bytes (Vocab::FindRegular).
//   - special_tokens and added_tokens list {"id", "content"} in id order: special ones are
//     control/unknown pieces and special added tokens, added ones those tokenizer.json lists in
//     added_tokens outside the model's own vocabulary (special or not). special_roles maps
//     "bos"/"eos"/... to their tokens. The tokenizer module computes no digest: there is none.
//   - Loaded once when model.tokenizer is first read, then immutable; errors loading it raise the
//     lineage.Error of its status.
#pragma once

#include <memory>

#include <pybind11/pybind11.h>

#include "model/model.h"

namespace lineage::python {

void RegisterTokenizer(pybind11::module_& m);

// The Tokenizer of `model`, or None when it has no tokenizer; raises on a tokenizer that cannot
// be loaded.
pybind11::object TokenizerOf(const Model& model);

}  // namespace lineage::python
