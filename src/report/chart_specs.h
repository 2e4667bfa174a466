// Vega-Lite specifications for the HTML report's charts, built from a CompareResult. Data is
// inlined into each spec, so the page needs nothing but the embedded chart library.
//
// Contract: pure functions; deterministic (same input → same JSON text); labels come from the
// catalog in `lang`. A chart whose data is absent is not produced (the Chart list omits it).
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/compare_result.h"
#include "report/catalog.h"

namespace lineage {

struct Chart {
  std::string id;               // DOM id of the chart's container, unique in the page
  nlohmann::ordered_json spec;  // a Vega-Lite v6 specification
};

// The font stack used by the page and inside the charts; covers Hangul with Debian's
// fonts-nanum / fonts-noto-cjk and common desktop fonts.
extern const char* const kReportFontStack;

// Candidate blocks × base blocks heatmap of −log10 p, the matched path outlined. Every base's map
// shares one colour scale (BlockMapColorMax) so that an unrelated base's noise stays pale instead
// of being stretched over the full range.
double BlockMapColorMax(const CompareResult& result);
std::vector<Chart> BlockMapCharts(const PairResult& pair, int pair_index, double color_max,
                                  Lang lang);
// Per-block statistic against its null band (one panel per statistic).
std::vector<Chart> BlockStatCharts(const PairResult& pair, int pair_index, Lang lang);
// Tokenizer overlap (Jaccard, containment, same-id rate) for every base that has a summary.
std::vector<Chart> TokenizerCharts(const CompareResult& result, Lang lang);
// Component × base grid coloured by verdict.
std::vector<Chart> ComponentCharts(const CompareResult& result, Lang lang);
// PCA illustration: each model's block signatures, connected in block order.
std::vector<Chart> PcaCharts(const CompareResult& result, Lang lang);
// Trajectory drift: relative drift per checkpoint step, points coloured by whether the step is
// derived from the one before (the chain's exact test).
std::vector<Chart> TrajectoryCharts(const CompareResult& result, Lang lang);

}  // namespace lineage
