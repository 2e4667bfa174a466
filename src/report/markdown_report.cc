#include "report/markdown_report.h"

#include <fmt/format.h>

#include "report/behaviour_report.h"
#include "report/describe.h"
#include "report/escape.h"

namespace lineage {
namespace {

void PairFacts(Lang lang, const CompareResult& r, const PairResult& p, std::string* out) {
  *out += fmt::format("\n### {} {}: **{}**\n\n", Tr(lang, "label.base"), p.base,
                      VerdictText(lang, p.verdict));
  *out += fmt::format("- {}: {}\n", Tr(lang, "label.reason"), Tr(lang, p.reason));
  if (!p.derivation.empty()) {
    *out +=
        fmt::format("- {}: {}\n", Tr(lang, "label.derivation"), DerivationText(lang, p.derivation));
  }
  if (p.verdict == Verdict::kDerived) {
    *out += fmt::format("- {}: {}\n", Tr(lang, "label.ancestry"),
                        AncestryText(lang, r.candidate.label, p.base, p));
    for (const AncestryEvidence& e : p.ancestry.evidence) {
      *out += "  - " + AncestryEvidenceText(lang, e) + "\n";
    }
  }
  *out += fmt::format("- {}: {}\n", Tr(lang, "label.log10_p_exact"), FormatLog10P(p.log10_p_exact));
  *out += fmt::format("- {}: {}\n", Tr(lang, "label.log10_p_adjusted"),
                      FormatLog10P(p.log10_p_adjusted));
  if (p.log10_bf_cap) {
    *out += fmt::format("- {}: {}\n", Tr(lang, "label.bf_cap"), FormatNumber(*p.log10_bf_cap));
  }
  *out += fmt::format("- {}: {}\n", Tr(lang, "label.power"), PowerText(lang, p.power));
  if (p.sampling) {
    *out += fmt::format("- {}: {}\n", Tr(lang, "label.sampling"), SamplingText(lang, p.sampling));
  }
  *out += fmt::format("- {}: {}\n", Tr(lang, "label.strongest_for"),
                      p.strongest_for ? DescribeFinding(lang, *p.strongest_for)
                                      : std::string(Tr(lang, "label.none")));
  *out += fmt::format("- {}: {}\n", Tr(lang, "label.strongest_against"),
                      p.strongest_against ? DescribeFinding(lang, *p.strongest_against)
                                          : std::string(Tr(lang, "label.none")));
  for (const std::string& id : p.limitations) *out += "- ⚠ " + TrText(lang, id) + "\n";
}

// Per-component verdicts and the block map's matched path.
void ComponentsAndPath(Lang lang, const PairResult& p, std::string* out) {
  if (!p.components.empty()) {
    *out += fmt::format("\n#### {}\n\n", Tr(lang, "section.components"));
    *out += MarkdownHeader({std::string(Tr(lang, "label.component")),
                            std::string(Tr(lang, "label.verdict")), "log10 p_adj",
                            std::string(Tr(lang, "label.reason"))});
    for (const ComponentVerdict& c : p.components) {
      *out += MarkdownRow({ComponentText(lang, c.name),
                           std::string(TrLabel(lang, "verdict", c.verdict)),
                           FormatLog10P(c.log10_p), std::string(Tr(lang, c.note))});
    }
  }
  if (p.block_map && !p.block_map->path.empty()) {
    *out += fmt::format("\n{}: ", Tr(lang, "label.matched_path"));
    std::string pairs;
    for (const BlockPair& bp : p.block_map->path) {
      if (!pairs.empty()) pairs += ", ";
      pairs += fmt::format("{}→{}", bp.candidate, bp.base);
    }
    *out += pairs + "\n";
  }
}

// Tokenizer and architecture: context, not evidence of weights.
void Context(Lang lang, const PairResult& p, std::string* out) {
  if (p.tokenizer) {
    const TokenizerSummary& t = *p.tokenizer;
    *out += fmt::format("\n#### {}\n\n", Tr(lang, "section.tokenizer"));
    *out += MarkdownHeader(
        {std::string(Tr(lang, "label.relation")), std::string(Tr(lang, "label.jaccard")),
         std::string(Tr(lang, "label.containment")), std::string(Tr(lang, "label.same_id_rate")),
         std::string(Tr(lang, "label.vocab"))});
    *out +=
        MarkdownRow({std::string(TrLabel(lang, "relation", t.relation)), FormatNumber(t.jaccard),
                     FormatNumber(t.containment), FormatNumber(t.same_id_rate),
                     fmt::format("{} / {}", t.candidate_vocab, t.base_vocab)});
  }
  if (p.architecture) {
    const ArchitectureSummary& a = *p.architecture;
    *out += fmt::format("\n#### {}\n\n", Tr(lang, "section.architecture"));
    if (a.identical) *out += std::string(Tr(lang, "label.arch_identical")) + ".\n";
    if (!a.differences.empty()) {
      *out += MarkdownHeader({std::string(Tr(lang, "label.field")),
                              std::string(Tr(lang, "label.candidate")),
                              std::string(Tr(lang, "label.base"))});
      for (const ArchDifference& d : a.differences)
        *out += MarkdownRow({d.field, d.candidate, d.base});
    }
    for (const RareSharedValue& v : a.rare_shared) {
      *out +=
          fmt::format("- {}: `{}` = `{}` ({})\n", Tr(lang, "label.rare_shared"), v.field, v.value,
                      Trf(lang, "label.catalog_share", v.catalog_matches, v.catalog_models));
    }
  }
}

void FindingsTable(Lang lang, const PairResult& p, std::string* out) {
  if (!p.findings.empty()) {
    *out += fmt::format("\n#### {}\n\n", Tr(lang, "section.findings"));
    *out += MarkdownHeader(
        {std::string(Tr(lang, "label.analysis")), std::string(Tr(lang, "label.test")),
         std::string(Tr(lang, "label.component")), std::string(Tr(lang, "label.value")), "log10 p",
         "z", std::string(Tr(lang, "label.null")), std::string(Tr(lang, "label.decisive"))});
    for (const Finding& f : p.findings) {
      *out +=
          MarkdownRow({std::string(TrLabel(lang, "analysis", f.analysis)),
                       std::string(TrLabel(lang, "test", f.test)), ComponentText(lang, f.component),
                       f.statistic + " = " + FormatNumber(f.value), FormatLog10P(f.log10_p),
                       f.z ? FormatNumber(*f.z) : "—", DescribeNull(lang, f.null),
                       std::string(Tr(lang, f.decisive ? "label.yes" : "label.context_only"))});
    }
  }
}

void PairSection(Lang lang, const CompareResult& r, const PairResult& p, std::string* out) {
  PairFacts(lang, r, p, out);
  ComponentsAndPath(lang, p, out);
  Context(lang, p, out);
  FindingsTable(lang, p, out);
}

}  // namespace

std::string RenderMarkdown(const CompareResult& r, Lang lang) {
  std::string out =
      fmt::format("# {}\n\n_{}_\n\n", Tr(lang, "report.title"), Tr(lang, "report.subtitle"));
  out += fmt::format("- {}: `{}` ({})\n", Tr(lang, "label.candidate"), r.candidate.label,
                     r.candidate.path);
  out += fmt::format("- {}: {}\n", Tr(lang, "label.bases"), BaseList(r));
  out += fmt::format("- **{}: {}**\n", Tr(lang, "section.overall"), OverallLine(lang, r));

  out += fmt::format("\n## {}\n\n", Tr(lang, "section.verdicts"));
  out +=
      MarkdownHeader({std::string(Tr(lang, "label.base")), std::string(Tr(lang, "label.verdict")),
                      std::string(Tr(lang, "label.derivation")), "log10 p_adj",
                      std::string(Tr(lang, "label.reason"))});
  for (const PairResult& p : r.results) {
    out += MarkdownRow({p.base, VerdictText(lang, p.verdict), DerivationText(lang, p.derivation),
                        FormatLog10P(p.log10_p_adjusted), std::string(Tr(lang, p.reason))});
  }
  if (r.ranking.size() > 1) {
    out += fmt::format("\n{}:\n\n", Tr(lang, "label.ranking"));
    out += MarkdownHeader(RankingHeader(lang));
    for (const std::vector<std::string>& row : RankingRows(lang, r)) out += MarkdownRow(row);
  }
  if (!r.siblings.empty()) {
    out += fmt::format("\n{}:\n\n", Tr(lang, "label.siblings"));
    for (const SiblingNote& s : r.siblings) out += "- " + SiblingText(lang, s) + "\n";
  }
  for (const PairResult& p : r.results) PairSection(lang, r, p, &out);

  out += fmt::format("\n## {}\n\n", Tr(lang, "section.statements"));
  for (const Statement& s : Statements(lang, r)) out += "- " + s.text + "\n";
  if (r.pca) {
    out +=
        fmt::format("\n## {}\n\n{}\n\n{}: {}\n", Tr(lang, "section.pca"), Tr(lang, "pca.caption"),
                    Tr(lang, "label.features"), TrText(lang, r.pca->features));
  }
  for (const auto& [key, findings] :
       {std::pair{"section.training", &r.training}, std::pair{"section.compute", &r.compute}}) {
    if (findings->empty()) continue;
    out += fmt::format("\n## {}\n\n{}\n\n", Tr(lang, key), Tr(lang, "training.caption"));
    for (const Finding& f : *findings) out += "- " + DescribeWithNote(lang, f) + "\n";
  }
  if (r.trajectory) {
    out += fmt::format("\n## {}\n\n{}\n\n", Tr(lang, "section.trajectory"),
                       TrajectoryLine(lang, *r.trajectory));
    out +=
        MarkdownHeader({std::string(Tr(lang, "label.checkpoint_step")),
                        std::string(Tr(lang, "label.model")), std::string(Tr(lang, "label.drift")),
                        "log10 p", std::string(Tr(lang, "label.step_link"))});
    for (const TrajectoryStepSummary& t : r.trajectory->steps) {
      out += MarkdownRow(
          {std::to_string(t.index), t.checkpoint, FormatNumber(t.drift), FormatLog10P(t.log10_p),
           std::string(Tr(lang, t.derived ? "trajectory.step_derived" : "trajectory.step_break"))});
    }
  }
  out += BehaviourMarkdown(r.behaviour_json, lang);
  if (!r.warnings.empty()) {
    out += fmt::format("\n## {}\n\n", Tr(lang, "section.warnings"));
    for (const std::string& w : r.warnings) out += "- " + TrText(lang, w) + "\n";
  }
  out += fmt::format("\n## {}\n\n", Tr(lang, "section.files"));
  out +=
      MarkdownHeader({std::string(Tr(lang, "label.model")), std::string(Tr(lang, "label.file")),
                      std::string(Tr(lang, "label.bytes")), std::string(Tr(lang, "label.sha256"))});
  auto files = [&](const ModelRef& m) {
    for (const FileDigest& f : m.files) {
      out +=
          MarkdownRow({m.label, f.path, std::to_string(f.bytes), "`" + Sha256Text(lang, f) + "`"});
    }
  };
  files(r.candidate);
  for (const ModelRef& b : r.bases) files(b);
  out += fmt::format("\n## {}\n\n", Tr(lang, "section.reading"));
  out += "- " + r.candidate.label + ": " + ReadingText(lang, r.candidate) + "\n";
  for (const ModelRef& b : r.bases) out += "- " + b.label + ": " + ReadingText(lang, b) + "\n";
  out += fmt::format("\n{} · {} {} · {} {}\n", Trf(lang, "label.generated_by", r.tool_version),
                     Tr(lang, "label.schema_version"), r.schema_version, Tr(lang, "label.seed"),
                     r.seed);
  return out;
}

}  // namespace lineage
