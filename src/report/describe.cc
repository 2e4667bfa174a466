#include "report/describe.h"

#include <cmath>

#include <fmt/format.h>

namespace lineage {

std::string FormatNumber(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "n/a" : (v < 0 ? "-inf" : "inf");
  if (v == 0) return "0";
  return fmt::format("{:.4g}", v);
}

std::string FormatBytes(uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{} B", bytes);
  const char* units[] = {"KB", "MB", "GB", "TB", "PB"};
  double v = static_cast<double>(bytes) / 1000;
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, units[u]);
}

std::string ReadingText(Lang lang, const ModelRef& m) {
  if (m.endpoint_only) return std::string(Tr(lang, "reading.endpoint_only"));
  if (m.files.empty() && m.bytes_total == 0 && m.requests == 0) {
    return std::string(Tr(lang, "reading.not_read"));
  }
  const std::string share = m.bytes_total == 0
                                ? std::string("n/a")
                                : fmt::format("{:.1f}%", 100.0 * static_cast<double>(m.bytes_read) /
                                                             static_cast<double>(m.bytes_total));
  const std::string read = FormatBytes(m.bytes_read), total = FormatBytes(m.bytes_total);
  std::string out =
      m.revision.empty() && m.requests == 0
          ? Trf(lang, "reading.local", read, total, share)
          : Trf(lang, "reading.hub", read, total, share, m.requests, m.revision.substr(0, 7));
  if (m.bytes_read_controls > 0) {
    out += "; " + Trf(lang, "reading.controls", FormatBytes(m.bytes_read_controls));
  }
  return out;
}

std::string Sha256Text(Lang lang, const FileDigest& f) {
  if (f.sha256_source != "hub-claim") return f.sha256;
  return f.sha256 + " (" + std::string(Tr(lang, "label.hub_claim")) + ")";
}

std::string VerdictText(Lang lang, Verdict v) {
  return std::string(TrLabel(lang, "verdict", VerdictName(v)));
}

std::string ComponentText(Lang lang, const std::string& component) {
  // "block 3" and similar indexed names: translate the word, keep the index.
  size_t space = component.rfind(' ');
  if (space != std::string::npos && component.compare(0, space, "block") == 0) {
    return std::string(Tr(lang, "label.block")) + component.substr(space);
  }
  return std::string(TrLabel(lang, "component", component));
}

std::string DerivationText(Lang lang, const std::vector<std::string>& types) {
  std::string out;
  for (const std::string& t : types) {
    if (!out.empty()) out += ", ";
    out += TrLabel(lang, "derivation", t);
  }
  return out;
}

std::string OverallLine(Lang lang, const CompareResult& r) {
  if (!r.most_related) return Trf(lang, r.most_related_reason);
  std::string out = Trf(lang, r.most_related_reason, *r.most_related) + " ";
  return out + (r.parent ? Trf(lang, r.parent_reason, *r.parent) : Trf(lang, r.parent_reason));
}

std::string AncestryText(Lang lang, const std::string& candidate, const std::string& base,
                         const PairResult& p) {
  if (p.verdict != Verdict::kDerived) return std::string();
  return Trf(lang, std::string("ancestry.") + AncestryName(p.ancestry.ancestry), candidate, base) +
         " (" + std::string(Tr(lang, p.ancestry.reason)) + ")";
}

std::string AncestryEvidenceText(Lang lang, const AncestryEvidence& e) {
  std::string numbers;
  for (const auto& [name, value] : e.numbers) {
    numbers += (numbers.empty() ? "" : ", ") + name + " = " + FormatNumber(value);
  }
  return std::string(Tr(lang, e.id)) + " (" + numbers + "; " +
         Trf(lang, "ancestry.points_to", TrLabel(lang, "ancestry_id", AncestryName(e.points_to))) +
         ")";
}

std::string SiblingText(Lang lang, const SiblingNote& s) {
  return Trf(lang, s.reason, s.first, s.second);
}

std::vector<std::string> RankingHeader(Lang lang) {
  return {std::string(Tr(lang, "label.rank")),
          std::string(Tr(lang, "label.base")),
          std::string(Tr(lang, "label.verdict")),
          std::string(Tr(lang, "label.ancestry")),
          "log10 p_adj",
          std::string(Tr(lang, "label.max_z_adj"))};
}

std::vector<std::vector<std::string>> RankingRows(Lang lang, const CompareResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (const RankedBase& b : r.ranking) {
    const bool related = b.verdict == Verdict::kDerived;
    rows.push_back(
        {std::to_string(rows.size() + 1), b.base, VerdictText(lang, b.verdict),
         related ? std::string(TrLabel(lang, "ancestry_id", AncestryName(b.ancestry))) : "—",
         b.log10_p_adjusted ? FormatLog10P(*b.log10_p_adjusted) : "—",
         b.max_z_adj ? FormatNumber(*b.max_z_adj) : "—"});
  }
  return rows;
}

std::string PowerText(Lang lang, const PowerStatement& p) {
  if (!p.measured) {
    return std::string(
        Tr(lang, p.not_needed ? "label.power_not_needed" : "label.power_unmeasured"));
  }
  std::string kinds;
  for (const PowerKind& k : p.kinds) {
    kinds += (kinds.empty() ? "" : ", ") + Trf(lang, "label.power_kind",
                                               TrLabel(lang, "power_kind", k.kind), k.detections,
                                               k.controls);
  }
  std::string out = Trf(lang, "label.power_measured", p.lower_bound, 100.0 * p.confidence,
                        p.detections, p.controls, kinds);
  std::string components;
  for (const ComponentPower& c : p.components) {
    components +=
        (components.empty() ? "" : ", ") +
        (c.copy_check_only
             ? Trf(lang, "label.power_component_copy_check", ComponentText(lang, c.component))
             : Trf(lang, "label.power_component", ComponentText(lang, c.component), c.lower_bound));
  }
  if (!components.empty()) out += "; " + Trf(lang, "label.power_components", components);
  if (p.control_width > 0 && p.control_width < p.residual_width) {
    out += "; " + Trf(lang, "label.power_narrowed", p.control_width, p.residual_width);
  }
  if (p.from_cache) out += "; " + std::string(Tr(lang, "label.power_cached"));
  return out;
}

namespace {

// What a read budget left unchecked: the stages by name, then the block pairs not tested.
std::string BudgetText(Lang lang, const BlockSampling& s) {
  std::string out = "; " + Trf(lang, "label.sampling_budget", FormatBytes(s.budget_bytes));
  if (!s.not_read.empty()) {
    std::string stages;
    for (const std::string& id : s.not_read) {
      stages += (stages.empty() ? "" : ", ") + std::string(Tr(lang, "stage." + id));
    }
    out += "; " + Trf(lang, "label.sampling_not_read", stages);
  }
  if (!s.unread_pairs.empty()) {
    std::string pairs;
    for (const auto& [c, b] : s.unread_pairs) {
      pairs += (pairs.empty() ? "" : ", ") + fmt::format("{}→{}", c, b);
    }
    out += "; " + Trf(lang, "label.sampling_unread_pairs", pairs);
  }
  return out;
}

const char* StoppedKey(const std::string& stopped_on) {
  if (stopped_on == "derived") return "label.sampling_stopped_derived";
  if (stopped_on == "budget") return "label.sampling_stopped_budget";
  return "label.sampling_stopped_independent";
}

}  // namespace

std::string SamplingText(Lang lang, const std::optional<BlockSampling>& s) {
  if (!s) return "";
  std::string out;
  if (s->mode == "sequential") {
    out = Trf(lang, "label.sampling_sequential", s->blocks_read, s->blocks_total, s->looks_done,
              s->looks_planned);
  } else if (s->blocks_read < s->blocks_total) {
    out = Trf(lang, "label.sampling_full_cut", s->blocks_read, s->blocks_total);
  } else {
    out = Trf(lang, "label.sampling_full", s->blocks_total);
  }
  if (!s->stopped_on.empty()) out += "; " + std::string(Tr(lang, StoppedKey(s->stopped_on)));
  if (s->budget_bytes > 0) out += BudgetText(lang, *s);
  return out;
}

std::string TokenizerContext(Lang lang, const PairResult& p) {
  if (!p.tokenizer) return std::string(Tr(lang, "term.not_run"));
  return std::string(TrLabel(lang, "relation", p.tokenizer->relation));
}

std::string ArchitectureContext(Lang lang, const PairResult& p) {
  if (!p.architecture) return std::string(Tr(lang, "term.not_run"));
  if (p.architecture->identical) return std::string(Tr(lang, "term.arch_identical"));
  return Trf(lang, "term.arch_differs", p.architecture->differences.size());
}

std::string DescribeNull(Lang lang, const std::optional<NullModel>& null) {
  if (!null) return std::string(Tr(lang, "label.none"));
  std::string out(TrLabel(lang, "null", null->kind));
  if (!null->description.empty()) out += ": " + TrText(lang, null->description);
  if (null->mean && null->sd) {
    out += fmt::format(" (μ0 {}, σ0 {}", FormatNumber(*null->mean), FormatNumber(*null->sd));
    if (null->samples > 0) out += fmt::format(", n0 {}", null->samples);
    out += ")";
  }
  return out;
}

std::string DescribeFinding(Lang lang, const Finding& f) {
  std::string out(TrLabel(lang, "test", f.test));
  if (!f.component.empty()) out += " (" + ComponentText(lang, f.component) + ")";
  out += fmt::format(": {} = {}", f.statistic, FormatNumber(f.value));
  if (f.log10_p) out += ", log10 p = " + FormatLog10P(*f.log10_p);
  if (f.z) out += ", z = " + FormatNumber(*f.z);
  out += " [" + DescribeNull(lang, f.null) + "]";
  if (f.approximate) out += " (" + ApproximationLabel(lang, f) + ")";
  return out;
}

std::string ApproximationLabel(Lang lang, const Finding& f) {
  if (!f.approximate) return "";
  const bool exact_null = f.null && (f.null->kind == "exact" || f.null->kind == "permutation");
  return std::string(Tr(lang, exact_null ? "label.approximate_p" : "label.approximate"));
}

std::string NoteText(Lang lang, const Finding& f) {
  if (f.note.empty()) return std::string();
  // A note is a label ("note.<label>") or the analysis's English detail (TrText's phrases).
  std::string key = "note." + f.note;
  return HasCatalogKey(key) ? std::string(Tr(lang, key)) : TrText(lang, f.note);
}

std::string DescribeWithNote(Lang lang, const Finding& f) {
  std::string out = DescribeFinding(lang, f);
  if (!f.note.empty()) out += " — " + NoteText(lang, f);
  return out;
}

std::string TrajectoryLine(Lang lang, const TrajectorySummary& t) {
  std::string out =
      Trf(lang, "trajectory.start", Tr(lang, t.random_start ? "label.yes" : "label.no"),
          TrLabel(lang, "note", t.init_check));
  out += " · ";
  if (t.first_break && *t.first_break >= 0 &&
      *t.first_break < static_cast<int>(t.checkpoints.size())) {
    out += Trf(lang, "trajectory.report_break", *t.first_break, t.checkpoints[*t.first_break]);
  } else {
    out += Tr(lang, t.continuous ? "trajectory.report_continuous" : "trajectory.not_continuous");
  }
  return out;
}

std::string BaseList(const CompareResult& r) {
  std::string out;
  for (const ModelRef& b : r.bases) {
    if (!out.empty()) out += ", ";
    out += b.label;
    if (!b.revision.empty()) out += "@" + b.revision;
  }
  return out;
}

std::vector<Statement> Statements(Lang lang, const CompareResult& r) {
  std::vector<Statement> out;
  out.push_back({"statement.h0", std::string(Tr(lang, "statement.h0"))});
  out.push_back({"statement.candidates", Trf(lang, "statement.candidates", BaseList(r))});
  std::string comps;
  for (const std::string& c : r.components_covered) {
    if (!comps.empty()) comps += ", ";
    comps += ComponentText(lang, c);
  }
  if (comps.empty()) comps = std::string(Tr(lang, "label.none"));
  out.push_back({"statement.components", Trf(lang, "statement.components", comps)});
  out.push_back({"statement.invisible", std::string(Tr(lang, "statement.invisible"))});
  out.push_back({"statement.context", std::string(Tr(lang, "statement.context"))});
  return out;
}

}  // namespace lineage
