// Lang: the languages of lineage's user-facing text. Every module that prints for people takes a
// Lang; the strings themselves live in report/catalog (and module tables folded into it).
//
// Contract: plain enum and pure functions; thread-safe.
#pragma once

#include <string_view>

#include "util/status.h"

namespace lineage {

enum class Lang { kEn, kKo };

// "en" or "ko"; anything else is an InvalidArgument naming the accepted values.
Result<Lang> ParseLang(std::string_view code);
const char* LangCode(Lang lang);  // "en", "ko" (also the HTML lang attribute)

}  // namespace lineage
