#include "report/json_report.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "report/describe.h"

namespace lineage {
namespace {

using Json = nlohmann::ordered_json;

Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
Json Opt(const std::optional<double>& v) { return v ? Num(*v) : Json(nullptr); }

Json ModelJson(const ModelRef& m) {
  Json files = Json::array();
  for (const FileDigest& f : m.files) {
    files.push_back({{"path", f.path}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  }
  return {{"label", m.label},
          {"path", m.path},
          {"format", m.format},
          {"revision", m.revision.empty() ? Json(nullptr) : Json(m.revision)},
          {"files", files}};
}

Json NullJson(const std::optional<NullModel>& n) {
  if (!n) return nullptr;
  return {{"kind", n->kind},
          {"description", n->description},
          {"mean", Opt(n->mean)},
          {"sd", Opt(n->sd)},
          {"quantile_99", Opt(n->quantile_99)},
          {"samples", n->samples},
          {"max", Opt(n->max)},
          {"source", n->source.empty() ? Json(nullptr) : Json(n->source)}};
}

Json FindingJson(const Finding& f) {
  return {{"analysis", f.analysis},
          {"test", f.test},
          {"component", f.component},
          {"statistic", f.statistic},
          {"value", Num(f.value)},
          {"log10_p", Opt(f.log10_p)},
          {"z", Opt(f.z)},
          {"null", NullJson(f.null)},
          {"direction", DirectionName(f.direction)},
          {"decisive", f.decisive},
          {"approximate", f.approximate},
          {"multiplicity", f.multiplicity},
          {"effect_floor", Opt(f.effect_floor)},
          {"panel_is_lower_bound", f.panel_is_lower_bound},
          {"note", f.note}};
}

Json OptFinding(const std::optional<Finding>& f) { return f ? FindingJson(*f) : Json(nullptr); }

Json FindingsJson(const std::vector<Finding>& fs) {
  Json out = Json::array();
  for (const Finding& f : fs) out.push_back(FindingJson(f));
  return out;
}

Json Texts(Lang lang, const std::vector<std::string>& ids) {
  Json out = Json::array();
  for (const std::string& id : ids) out.push_back({{"id", id}, {"text", Tr(lang, id)}});
  return out;
}

Json BlockMapJson(const std::optional<BlockMapSummary>& m) {
  if (!m) return nullptr;
  Json cells = Json::array();
  for (double v : m->neg_log10_p) cells.push_back(Num(v));
  Json path = Json::array();
  for (const BlockPair& p : m->path) {
    path.push_back({{"candidate", p.candidate}, {"base", p.base}, {"log10_p", Num(p.log10_p)}});
  }
  return {{"statistic", m->statistic},     {"candidate_blocks", m->candidate_blocks},
          {"base_blocks", m->base_blocks}, {"match_threshold", Num(m->match_threshold)},
          {"neg_log10_p", cells},          {"path", path}};
}

Json TokenizerJson(const std::optional<TokenizerSummary>& t) {
  if (!t) return nullptr;
  Json scripts = Json::array();
  for (const ScriptCount& s : t->added_token_scripts) {
    scripts.push_back({{"script", s.script}, {"tokens", s.count}});
  }
  return {{"relation", t->relation},
          {"candidate_vocab", t->candidate_vocab},
          {"base_vocab", t->base_vocab},
          {"shared_tokens", t->shared_tokens},
          {"jaccard", Num(t->jaccard)},
          {"containment", Num(t->containment)},
          {"same_id_rate", Num(t->same_id_rate)},
          {"added_token_scripts", scripts},
          {"decisive", false}};
}

Json ArchitectureJson(const std::optional<ArchitectureSummary>& a) {
  if (!a) return nullptr;
  Json diffs = Json::array();
  for (const ArchDifference& d : a->differences) {
    diffs.push_back({{"field", d.field}, {"candidate", d.candidate}, {"base", d.base}});
  }
  Json rare = Json::array();
  for (const RareSharedValue& r : a->rare_shared) {
    rare.push_back({{"field", r.field},
                    {"value", r.value},
                    {"catalog_models", r.catalog_models},
                    {"catalog_matches", r.catalog_matches}});
  }
  return {{"identical", a->identical},
          {"differences", diffs},
          {"rare_shared", rare},
          {"decisive", false}};
}

Json PairJson(Lang lang, const CompareResult& r, const PairResult& p) {
  Json comps = Json::array();
  for (const ComponentVerdict& c : p.components) {
    comps.push_back(
        {{"name", c.name}, {"verdict", c.verdict}, {"log10_p", Opt(c.log10_p)}, {"note", c.note}});
  }
  Json robust = Json::array();
  for (const RobustScore& s : p.robust) {
    robust.push_back(
        {{"test", s.test},
         {"component", s.component},
         {"value", Num(s.value)},
         {"z_adj", Num(s.z_adj)},
         {"panel_size", s.panel_size},
         {"beyond_panel", s.beyond_panel},
         {"extrapolated", s.extrapolated},
         {"panel_is_lower_bound", s.panel_is_lower_bound},
         {"panel_source", s.panel_source.empty() ? Json(nullptr) : Json(s.panel_source)}});
  }
  Json stats = Json::array();
  for (const BlockStat& b : p.block_stats) {
    stats.push_back({{"block", b.block},
                     {"statistic", b.statistic},
                     {"value", Num(b.value)},
                     {"null_low", Num(b.null_low)},
                     {"null_high", Num(b.null_high)},
                     {"log10_p", Opt(b.log10_p)}});
  }
  Json statements = Json::array();
  for (const Statement& s : Statements(lang, r)) {
    statements.push_back({{"id", s.id}, {"text", s.text}});
  }
  statements.push_back({{"id", "statement.power"},
                        {"text", Trf(lang, "statement.power", PowerText(lang, p.power))}});
  return {
      {"base", p.base},
      {"verdict", VerdictName(p.verdict)},
      {"verdict_text", VerdictText(lang, p.verdict)},
      {"reason", p.reason},
      {"reason_text", Tr(lang, p.reason)},
      {"derivation", p.derivation},
      {"components", comps},
      {"exact",
       {{"log10_p", Opt(p.log10_p_exact)},
        {"log10_p_adjusted", Opt(p.log10_p_adjusted)},
        {"log10_bf_cap", Opt(p.log10_bf_cap)}}},
      {"robust", robust},
      {"power",
       {{"measured", p.power.measured},
        {"power", Num(p.power.power)},
        {"controls", p.power.controls},
        {"description", p.power.description}}},
      {"strongest_for", OptFinding(p.strongest_for)},
      {"strongest_against", OptFinding(p.strongest_against)},
      {"evidence", FindingsJson(p.findings)},
      {"block_map", BlockMapJson(p.block_map)},
      {"block_stats", stats},
      {"tokenizer", TokenizerJson(p.tokenizer)},
      {"architecture", ArchitectureJson(p.architecture)},
      {"limitations", Texts(lang, p.limitations)},
      {"statements", statements},
  };
}

Json PcaJson(const std::optional<PcaIllustration>& pca) {
  if (!pca) return nullptr;
  Json points = Json::array();
  for (const PcaPoint& p : pca->points) {
    points.push_back(
        {{"model", p.model}, {"block", p.block}, {"pc1", Num(p.pc1)}, {"pc2", Num(p.pc2)}});
  }
  return {
      {"illustration_only", true},
      {"features", pca->features},
      {"explained_variance", {Num(pca->explained_variance[0]), Num(pca->explained_variance[1])}},
      {"points", points}};
}

Json TrajectorySummaryJson(const std::optional<TrajectorySummary>& t) {
  if (!t) return nullptr;
  Json steps = Json::array();
  for (const TrajectoryStepSummary& s : t->steps) {
    steps.push_back({{"index", s.index},
                     {"checkpoint", s.checkpoint},
                     {"drift", Num(s.drift)},
                     {"log10_p", Num(s.log10_p)},
                     {"derived", s.derived},
                     {"drift_jump", s.drift_jump}});
  }
  return {{"checkpoints", t->checkpoints},
          {"init_check", t->init_check},
          {"random_start", t->random_start},
          {"continuous", t->continuous},
          {"first_break", t->first_break ? Json(*t->first_break) : Json(nullptr)},
          {"steps", steps}};
}

}  // namespace

std::string RenderJson(const CompareResult& r, Lang lang) {
  Json bases = Json::array();
  for (const ModelRef& b : r.bases) bases.push_back(ModelJson(b));
  Json results = Json::array();
  for (const PairResult& p : r.results) results.push_back(PairJson(lang, r, p));
  Json out = {
      {"schema_version", r.schema_version},
      {"tool", {{"name", "lineage"}, {"version", r.tool_version}}},
      {"lang", LangCode(lang)},
      {"seed", r.seed},
      {"panel", r.panel.empty() ? Json(nullptr) : Json(r.panel)},
  };
  if (!r.timestamp.empty()) out["timestamp"] = r.timestamp;
  out["candidate"] = ModelJson(r.candidate);
  out["bases"] = bases;
  out["components_covered"] = r.components_covered;
  out["parent"] = r.parent ? Json(*r.parent) : Json(nullptr);
  out["parent_reason"] = r.parent_reason;
  out["overall_text"] = OverallLine(lang, r);
  out["results"] = results;
  out["pca"] = PcaJson(r.pca);
  out["training"] = FindingsJson(r.training);
  out["trajectory"] = TrajectorySummaryJson(r.trajectory);
  out["compute"] = FindingsJson(r.compute);
  out["warnings"] = r.warnings;
  // Paths and notes may hold invalid UTF-8 (file names are bytes): replace, never throw.
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace lineage
