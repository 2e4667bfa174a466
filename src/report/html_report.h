// Self-contained HTML report of a CompareResult: verdicts, evidence tables and Vega-Lite charts
// (block map heatmap, per-block statistics against their null band, tokenizer overlap, component
// verdicts, and the PCA illustration), with the chart library inlined so it opens with no network.
//
// Contract: pure function; deterministic; every model-supplied string is HTML-escaped and inlined
// JSON cannot close its <script> element. The page records its own rendering in
// #lineage-render-status (data-expected, data-rendered, data-errors, data-done) so headless tests
// can check that every chart drew and no script error occurred. Thread-safe.
#pragma once

#include <string>

#include "evidence/compare_result.h"
#include "report/catalog.h"

namespace lineage {

std::string RenderHtml(const CompareResult& result, Lang lang);

}  // namespace lineage
