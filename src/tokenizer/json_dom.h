// Parsing a tokenizer's JSON file with simdjson's DOM, with errors that locate the fault.
//
// Contract: ParseJsonDom parses `padded` (the same bytes as `text`) into *root. On malformed input
// it reparses `text` with util/json's ParseJson, whose error names the file and the byte offset;
// failing that, a plain "malformed JSON" naming the file. *root points into `parser` and `padded`,
// which must outlive it. Thread-compatible (one parser per thread).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "util/json.h"
#include "util/status.h"

namespace lineage {

inline Status ParseJsonDom(std::string_view text, const std::string& name,
                           simdjson::dom::parser& parser, const simdjson::padded_string& padded,
                           simdjson::dom::element* root) {
  if (parser.parse(padded).get(*root) == simdjson::SUCCESS) return Status::Ok();
  auto located = ParseJson(text, name);
  if (!located.ok()) return located.status();
  return Corrupt(name, "malformed JSON");
}

}  // namespace lineage
