// Which writing system a token is in, for "what did the candidate add?" (docs/TOKENIZER.md,
// coverage).
//
// Contract: pure, thread-safe. Classes: Hangul, Han, Kana, Latin, Cyrillic, Greek, Arabic,
// Hebrew, Devanagari, Thai, other-letters, code, digits, whitespace, symbols, and
// "partial-UTF-8" for byte strings that are not whole UTF-8 characters (byte-level BPE pieces).
// Letters decide first (the most frequent script wins); Latin letters or no letters with
// programming punctuation, or leading indentation before letters, count as code. Approximate by
// design: block ranges, not the full Unicode Script property.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evidence/script_count.h"

namespace lineage {

std::string ScriptOf(std::string_view bytes);

// Counts per script, largest first (ties by name).
std::vector<ScriptCount> CountScripts(const std::vector<std::string_view>& tokens);

}  // namespace lineage
