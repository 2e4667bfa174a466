#include "report/json_report.h"

#include <nlohmann/json.hpp>

#include "report/describe.h"
#include "report/evidence_json.h"

namespace lineage {
namespace {

using Json = nlohmann::ordered_json;

Json ModelJson(const ModelRef& m) {
  Json files = Json::array();
  for (const FileDigest& f : m.files) {
    files.push_back(
        {{"path", f.path},
         {"bytes", f.bytes},
         {"sha256", f.sha256},
         {"sha256_source", f.sha256_source.empty() ? Json(nullptr) : Json(f.sha256_source)}});
  }
  Json j = {{"label", m.label}, {"path", m.path}, {"format", m.format}};
  const Json reading = ReadingJson(m);  // named: a temporary would die before the loop ends
  for (const auto& [key, value] : reading.items()) j[key] = value;
  j["files"] = files;
  if (m.endpoint_only) j["endpoint_only"] = true;  // schema 2.5: present only when true
  return j;
}

// A base: the model, how it came to be compared, and the registry search's report (schema 2.4).
Json BaseJson(const ModelRef& m) {
  Json j = ModelJson(m);
  j["found_by"] = m.found_by;
  if (!m.registry) {
    j["registry_search"] = nullptr;
    return j;
  }
  const RegistryFound& f = *m.registry;
  j["registry_search"] = {{"registry", f.registry},
                          {"id", f.id},
                          {"registry_size", f.registry_size},
                          {"log10_p", JsonNumber(f.log10_p)},
                          {"related_by", f.related_by}};
  return j;
}

Json OptFinding(const std::optional<Finding>& f) {
  return f ? FindingJson(*f, Keys::kAll) : Json(nullptr);
}

Json FindingsJson(const std::vector<Finding>& fs) {
  Json out = Json::array();
  for (const Finding& f : fs) out.push_back(FindingJson(f, Keys::kAll));
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
  for (double v : m->neg_log10_p) cells.push_back(JsonNumber(v));
  Json path = Json::array();
  for (const BlockPair& p : m->path) path.push_back(BlockPairJson(p));
  return {{"statistic", m->statistic},     {"candidate_blocks", m->candidate_blocks},
          {"base_blocks", m->base_blocks}, {"match_threshold", JsonNumber(m->match_threshold)},
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
          {"jaccard", JsonNumber(t->jaccard)},
          {"containment", JsonNumber(t->containment)},
          {"same_id_rate", JsonNumber(t->same_id_rate)},
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

Json AncestryEvidenceList(Lang lang, const AncestryStatement& a) {
  Json out = Json::array();
  for (const AncestryEvidence& e : a.evidence) {
    Json j = AncestryEvidenceJson(e);
    j["text"] = AncestryEvidenceText(lang, e);
    out.push_back(j);
  }
  return out;
}

Json RankingJson(const CompareResult& r) {
  Json out = Json::array();
  int rank = 0;
  for (const RankedBase& b : r.ranking) {
    out.push_back({{"rank", ++rank},
                   {"base", b.base},
                   {"verdict", VerdictName(b.verdict)},
                   {"ancestry", AncestryName(b.ancestry)},
                   {"log10_p_adjusted", JsonNumber(b.log10_p_adjusted)},
                   {"max_z_adj", JsonNumber(b.max_z_adj)}});
  }
  return out;
}

Json SiblingsJson(Lang lang, const CompareResult& r) {
  Json out = Json::array();
  for (const SiblingNote& s : r.siblings) {
    out.push_back(
        {{"bases", {s.first, s.second}}, {"reason", s.reason}, {"text", SiblingText(lang, s)}});
  }
  return out;
}

Json PairJson(Lang lang, const CompareResult& r, const PairResult& p) {
  Json comps = Json::array();
  for (const ComponentVerdict& c : p.components)
    comps.push_back(ComponentVerdictJson(c, Keys::kAll));
  Json robust = Json::array();
  for (const RobustScore& s : p.robust) robust.push_back(RobustScoreJson(s));
  Json stats = Json::array();
  for (const BlockStat& b : p.block_stats) {
    stats.push_back({{"block", b.block},
                     {"statistic", b.statistic},
                     {"value", JsonNumber(b.value)},
                     {"null_low", JsonNumber(b.null_low)},
                     {"null_high", JsonNumber(b.null_high)},
                     {"log10_p", JsonNumber(b.log10_p)}});
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
      {"ancestry", AncestryName(p.ancestry.ancestry)},
      {"ancestry_reason", p.ancestry.reason},
      {"ancestry_text", AncestryText(lang, r.candidate.label, p.base, p)},
      {"ancestry_evidence", AncestryEvidenceList(lang, p.ancestry)},
      {"components", comps},
      {"exact",
       {{"log10_p", JsonNumber(p.log10_p_exact)},
        {"log10_p_adjusted", JsonNumber(p.log10_p_adjusted)},
        {"log10_bf_cap", JsonNumber(p.log10_bf_cap)}}},
      {"robust", robust},
      {"power", PowerJson(p.power)},
      {"sampling", SamplingJson(p.sampling)},
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
    points.push_back({{"model", p.model},
                      {"block", p.block},
                      {"pc1", JsonNumber(p.pc1)},
                      {"pc2", JsonNumber(p.pc2)}});
  }
  return {{"illustration_only", true},
          {"features", pca->features},
          {"explained_variance",
           {JsonNumber(pca->explained_variance[0]), JsonNumber(pca->explained_variance[1])}},
          {"points", points}};
}

Json TrajectorySummaryJson(const std::optional<TrajectorySummary>& t) {
  if (!t) return nullptr;
  Json steps = Json::array();
  for (const TrajectoryStepSummary& s : t->steps) {
    steps.push_back({{"index", s.index},
                     {"checkpoint", s.checkpoint},
                     {"drift", JsonNumber(s.drift)},
                     {"log10_p", JsonNumber(s.log10_p)},
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
  for (const ModelRef& b : r.bases) bases.push_back(BaseJson(b));
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
  out["most_related"] = r.most_related ? Json(*r.most_related) : Json(nullptr);
  out["most_related_reason"] = r.most_related_reason;
  out["parent"] = r.parent ? Json(*r.parent) : Json(nullptr);
  out["parent_reason"] = r.parent_reason;
  out["overall_text"] = OverallLine(lang, r);
  out["ranking"] = RankingJson(r);
  out["siblings"] = SiblingsJson(lang, r);
  out["results"] = results;
  out["pca"] = PcaJson(r.pca);
  out["training"] = FindingsJson(r.training);
  out["trajectory"] = TrajectorySummaryJson(r.trajectory);
  out["compute"] = FindingsJson(r.compute);
  out["warnings"] = r.warnings;
  if (!r.behaviour_json.empty()) {
    Json behaviour = Json::parse(r.behaviour_json, nullptr, false);
    if (!behaviour.is_discarded()) out["behaviour"] = std::move(behaviour);
  }
  // Paths and notes may hold invalid UTF-8 (file names are bytes): replace, never throw.
  return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace lineage
