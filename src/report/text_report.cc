#include "report/text_report.h"

#include <cstdlib>

#include <fmt/format.h>

#include "report/describe.h"
#include "util/progress.h"

namespace lineage {
namespace {

const char* VerdictColor(Verdict v) {
  switch (v) {
    case Verdict::kDerived:
      return "\x1b[1;31m";  // bold red
    case Verdict::kIndependent:
      return "\x1b[1;32m";  // bold green
    case Verdict::kInconclusive:
      return "\x1b[1;33m";  // bold yellow
  }
  return "";
}

std::string Paint(bool color, const char* code, const std::string& s) {
  return color ? std::string(code) + s + "\x1b[0m" : s;
}

}  // namespace

bool ShouldColorStdout() {
  const char* no_color = std::getenv("NO_COLOR");
  return StdoutIsTerminal() && (no_color == nullptr || *no_color == '\0');
}

std::string RenderText(const CompareResult& r, const TextOptions& o) {
  const Lang lang = o.lang;
  const char* kBold = "\x1b[1m";
  const char* kDim = "\x1b[2m";
  std::string out;
  out += Paint(o.color, kBold,
               fmt::format("lineage {} — {}", r.tool_version, Tr(lang, "report.title")));
  out += "\n";
  out += Trf(lang, "term.candidate_line", r.candidate.label);
  if (!r.candidate.path.empty() && r.candidate.path != r.candidate.label) {
    out += " (" + r.candidate.path + ")";
  }
  out += "\n";
  out += Paint(o.color, kDim, "    " + ReadingText(lang, r.candidate)) + "\n";
  for (size_t i = 0; i < r.results.size(); ++i) {
    const PairResult& p = r.results[i];
    std::string verdict = VerdictText(lang, p.verdict);
    std::string types = DerivationText(lang, p.derivation);
    if (!types.empty()) verdict += " (" + types + ")";
    // "independent" alone reads as "from scratch"; say what it means.
    if (p.verdict == Verdict::kIndependent)
      verdict += " — " + std::string(Tr(lang, "verdict.independent.long"));
    out += Trf(lang, "term.base_line", p.base, Paint(o.color, VerdictColor(p.verdict), verdict));
    out += "\n";
    out += Paint(o.color, kDim, "    " + std::string(Tr(lang, p.reason))) + "\n";
    if (p.verdict == Verdict::kDerived) {
      out += "    " + Trf(lang, "term.ancestry", AncestryText(lang, r.candidate.label, p.base, p)) +
             "\n";
      for (const AncestryEvidence& e : p.ancestry.evidence) {
        out += "      · " + AncestryEvidenceText(lang, e) + "\n";
      }
    }
    if (i < r.bases.size()) {
      out += Paint(o.color, kDim, "    " + ReadingText(lang, r.bases[i])) + "\n";
    }
    if (p.strongest_for) {
      out += Trf(lang, "term.evidence_for", DescribeFinding(lang, *p.strongest_for)) + "\n";
    }
    if (p.strongest_against) {
      out += Trf(lang, "term.evidence_against", DescribeFinding(lang, *p.strongest_against)) + "\n";
    }
    if (p.verdict != Verdict::kDerived)
      out += Trf(lang, "term.power", PowerText(lang, p.power)) + "\n";
    if (p.sampling) out += Trf(lang, "term.sampling", SamplingText(lang, p.sampling)) + "\n";
    out += Trf(lang, "term.context", TokenizerContext(lang, p), ArchitectureContext(lang, p));
    out += "\n";
    for (const std::string& id : p.limitations) out += "    ! " + TrText(lang, id) + "\n";
  }
  out +=
      Paint(o.color, kBold, std::string(Tr(lang, "section.overall")) + ": " + OverallLine(lang, r));
  out += "\n";
  if (r.ranking.size() > 1) {
    out += Tr(lang, "label.ranking");
    out += ":\n";
    for (const std::vector<std::string>& row : RankingRows(lang, r)) {
      out += fmt::format("  {}. {} — {}; {}; log10 p_adj {}; z_adj {}\n", row[0], row[1], row[2],
                         row[3], row[4], row[5]);
    }
  }
  for (const SiblingNote& s : r.siblings) out += "  " + SiblingText(lang, s) + "\n";
  out += "\n";
  for (const Statement& s : Statements(lang, r)) out += Paint(o.color, kDim, "- " + s.text) + "\n";
  for (const auto& [key, findings] :
       {std::pair{"section.training", &r.training}, std::pair{"section.compute", &r.compute}}) {
    if (findings->empty()) continue;
    out += "\n" + Paint(o.color, kBold, std::string(Tr(lang, key))) + " — " +
           std::string(Tr(lang, "training.caption")) + "\n";
    if (key == std::string("section.training") && r.trajectory) {
      out += "  " + TrajectoryLine(lang, *r.trajectory) + "\n";
    }
    for (const Finding& f : *findings) out += "  " + DescribeWithNote(lang, f) + "\n";
  }
  for (const std::string& w : r.warnings) out += "! " + TrText(lang, w) + "\n";
  return out;
}

}  // namespace lineage
