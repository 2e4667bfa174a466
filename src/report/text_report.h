// Terminal summary of a CompareResult: the verdict per base, the strongest evidence each way,
// context (tokenizer, architecture), the overall line and the statements. Short by design; the
// JSON/HTML reports carry everything.
//
// Contract: pure function; deterministic. ANSI colour only when `color` is set (the CLI sets it
// when stdout is a terminal and NO_COLOR is unset). Thread-safe.
#pragma once

#include <string>

#include "evidence/compare_result.h"
#include "report/catalog.h"

namespace lineage {

struct TextOptions {
  Lang lang = Lang::kEn;
  bool color = false;
};

std::string RenderText(const CompareResult& result, const TextOptions& options);

// True when colour should be used on stdout: a terminal, and NO_COLOR unset (no-color.org).
bool ShouldColorStdout();

}  // namespace lineage
