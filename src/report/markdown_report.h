// Markdown report of a CompareResult, for issue trackers and papers (GitHub-flavoured tables).
//
// Contract: pure function; deterministic; table cells escape '|' and newlines so model-supplied
// text cannot break the layout. Thread-safe.
#pragma once

#include <string>

#include "report/catalog.h"
#include "verdict/result.h"

namespace lineage {

std::string RenderMarkdown(const CompareResult& result, Lang lang);

}  // namespace lineage
