// Canonical descriptions of a tokenizer's text pipeline (normalizer, pre-tokenizer), so that two
// files describing the same behaviour compare equal whatever their JSON spelling (FORMATS.md §5.1).
//
// Contract: pure functions over a parsed simdjson element; thread-safe. The descriptions are
// approximate by design: they capture the steps that change which tokens a text becomes
// (regexes, byte-level mapping, metaspace, digit rules, Unicode normal forms), not every flag.
#pragma once

#include <string>

#include <simdjson.h>

namespace lineage {

struct PipelineText {
  std::string normalizer;       // e.g. "NFC", "metaspace-replace", ""
  std::string pre_tokenizer;    // e.g. "split(<regex>) + bytelevel", "metaspace(prefix)"
  std::string digit_splitting;  // "single", "groups of 1-3", "runs", "none" or "" (unknown)
  bool metaspace = false;       // SentencePiece-style "▁" for spaces anywhere in the pipeline
  bool byte_level = false;      // a ByteLevel pre-tokenizer or decoder
};

// Describes the `normalizer`, `pre_tokenizer` and `decoder` members of a tokenizer.json root.
PipelineText DescribePipeline(simdjson::dom::element root);

// Digit handling implied by a pre-tokenizer regex ("" if the regex says nothing about digits).
std::string DigitSplittingOfRegex(const std::string& regex);

}  // namespace lineage
