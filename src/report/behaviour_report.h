// The behaviour section of the Markdown and HTML reports (compare --endpoint; docs/METHODS.md §15):
// the output-agreement result as a table and a bar chart, and the probe observations as a table
// with one row per served model. Rendered from CompareResult::behaviour_json (the types of
// behaviour/ live below evidence/ and are not seen here).
//
// Contract:
//   - Empty or unreadable behaviour JSON renders nothing ("" — the JSON report still carries it).
//   - Every value from a served model (labels, names, months) is escaped for its target; the
//     HTML bars are plain <div>s with inline widths (no script, no network).
//   - The finding is worded as functional closeness; probe rows are observations, never a
//     verdict. Every heading and label comes from the message catalog (English and Korean).
//   - Pure functions; thread-safe.
#pragma once

#include <string>

#include "util/lang.h"

namespace lineage {

std::string BehaviourMarkdown(const std::string& behaviour_json, Lang lang);
std::string BehaviourHtml(const std::string& behaviour_json, Lang lang);

}  // namespace lineage
