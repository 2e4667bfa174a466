// Markdown report of a CompareResult, for issue trackers and papers (GitHub-flavoured tables).
//
// Contract: pure function; deterministic; table cells escape '|' and newlines so model-supplied
// text cannot break the layout. Thread-safe.
#pragma once

#include <string>

#include "evidence/compare_result.h"
#include "report/catalog.h"

namespace lineage {

std::string RenderMarkdown(const CompareResult& result, Lang lang);

}  // namespace lineage
