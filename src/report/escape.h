// Escaping of untrusted text for the report formats.
//
// Contract: pure functions over UTF-8 bytes; thread-safe; never fail. Every string that comes from
// a model repository or a served model (names, labels, answers) passes through one of these before
// it is written into HTML or a Markdown table, so that no model can inject markup into a report.
#ifndef LINEAGE_REPORT_ESCAPE_H_
#define LINEAGE_REPORT_ESCAPE_H_

#include <string>
#include <string_view>
#include <vector>

namespace lineage {

// Escapes the five characters that are special in HTML text and in quoted attribute values.
[[nodiscard]] std::string HtmlEscape(std::string_view s);

// One Markdown table cell: '|' is escaped and line breaks become spaces, so a cell can never end
// its row or its table early.
[[nodiscard]] std::string MarkdownCell(std::string_view s);

// "| a | b |\n" with every cell escaped by MarkdownCell.
[[nodiscard]] std::string MarkdownRow(const std::vector<std::string>& cells);

// A table's head: MarkdownRow(cells) and the "|---|" rule under it.
[[nodiscard]] std::string MarkdownHeader(const std::vector<std::string>& cells);

}  // namespace lineage

#endif  // LINEAGE_REPORT_ESCAPE_H_
