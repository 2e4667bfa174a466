// The files that sit beside a tokenizer in a model directory and add to it:
// `tokenizer_config.json` (added_tokens_decoder, bos/eos/unk/pad tokens, chat_template string or
// list), `special_tokens_map.json`, `added_tokens.json` and `chat_template.jinja`
// (FORMATS.md §5.1).
//
// Contract: reads only the files present in `dir` (bounded, depth-limited JSON); malformed JSON
// is an error naming the file. An entry that disagrees with the tokenizer (an id already holding
// a different token) does not override it: it is recorded in Vocab::notes. Tokens added here get
// kind kSpecial when marked special, kRegular otherwise; named roles go to special_roles.
// Thread-safe on distinct Vocabs.
#pragma once

#include <string>

#include "tokenizer/vocab.h"

namespace lineage {

Status ApplySideFiles(const std::string& dir, Vocab* v);

}  // namespace lineage
