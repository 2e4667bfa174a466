// The chart library (vega, vega-lite, vega-embed, pinned in web/package-lock.json) that HTML
// reports inline so they open with no network.
//
// Contract: the bytes are assembled into the binary as data (web_asset.cc, `.incbin` of
// web/dist/report-charts.js, made by scripts/build-web-assets.sh; see cmake/EmbedWebAsset.cmake).
// Immutable static data; thread-safe. "</script" never occurs in it.
#pragma once

#include <string_view>

namespace lineage {

std::string_view ChartLibraryJs();

}  // namespace lineage
