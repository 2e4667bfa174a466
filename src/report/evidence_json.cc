#include "report/evidence_json.h"

#include <cmath>

namespace lineage {

using Json = nlohmann::ordered_json;

namespace {

// Sets `key` to `value` unless the document only keeps present keys and this one is absent.
void Put(Json& j, const char* key, Json value, Keys keys, bool present) {
  if (keys == Keys::kAll || present) j[key] = std::move(value);
}

void PutOpt(Json& j, const char* key, const std::optional<double>& v, Keys keys) {
  Put(j, key, JsonNumber(v), keys, v.has_value());
}

}  // namespace

Json JsonNumber(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json JsonNumber(const std::optional<double>& v) { return v ? JsonNumber(*v) : Json(nullptr); }

Json NullModelJson(const NullModel& n, Keys keys) {
  Json j;
  j["kind"] = n.kind;
  j["description"] = n.description;
  PutOpt(j, "mean", n.mean, keys);
  PutOpt(j, "sd", n.sd, keys);
  PutOpt(j, "quantile_99", n.quantile_99, keys);
  Put(j, "samples", n.samples, keys, n.samples != 0);
  PutOpt(j, "max", n.max, keys);
  Put(j, "source", n.source.empty() ? Json(nullptr) : Json(n.source), keys, !n.source.empty());
  PutOpt(j, "rank_p", n.rank_p, keys);
  return j;
}

Json FindingJson(const Finding& f, Keys keys) {
  Json j;
  j["analysis"] = f.analysis;
  j["test"] = f.test;
  j["component"] = f.component;
  j["statistic"] = f.statistic;
  j["value"] = JsonNumber(f.value);
  PutOpt(j, "log10_p", f.log10_p, keys);
  PutOpt(j, "z", f.z, keys);
  Put(j, "null", f.null ? NullModelJson(*f.null, keys) : Json(nullptr), keys, f.null.has_value());
  j["direction"] = DirectionName(f.direction);
  j["decisive"] = f.decisive;
  j["approximate"] = f.approximate;
  Put(j, "multiplicity", f.multiplicity, keys, f.multiplicity != 1);
  PutOpt(j, "effect_floor", f.effect_floor, keys);
  Put(j, "value_interval",
      f.value_interval
          ? Json::array({JsonNumber(f.value_interval->first), JsonNumber(f.value_interval->second)})
          : Json(nullptr),
      keys, f.value_interval.has_value());
  // The flag only means something beside a calibrated panel.
  Put(j, "panel_is_lower_bound", f.panel_is_lower_bound, keys,
      f.null && f.null->kind == "calibrated-panel");
  Put(j, "note", f.note, keys, !f.note.empty());
  return j;
}

Json ComponentVerdictJson(const ComponentVerdict& c, Keys keys) {
  Json j;
  j["name"] = c.name;
  j["verdict"] = c.verdict;
  PutOpt(j, "log10_p", c.log10_p, keys);
  Put(j, "note", c.note, keys, !c.note.empty());
  return j;
}

namespace {

Json UnreadPairsJson(const std::vector<std::pair<int, int>>& pairs) {
  Json out = Json::array();
  for (const auto& [c, b] : pairs) out.push_back({{"candidate", c}, {"base", b}});
  return out;
}

}  // namespace

Json SamplingJson(const std::optional<BlockSampling>& s) {
  if (!s) return nullptr;
  return {
      {"mode", s->mode},
      {"looks_planned", s->looks_planned},
      {"looks_done", s->looks_done},
      {"blocks_read", s->blocks_read},
      {"blocks_total", s->blocks_total},
      {"stopped_on", s->stopped_on.empty() ? Json(nullptr) : Json(s->stopped_on)},
      {"budget_bytes", s->budget_bytes > 0 ? Json(s->budget_bytes) : Json(nullptr)},
      {"not_read", s->not_read},
      {"unread_pairs", UnreadPairsJson(s->unread_pairs)},
  };
}

Json PowerJson(const PowerStatement& p) {
  Json kinds = Json::array(), components = Json::array();
  for (const PowerKind& k : p.kinds) {
    kinds.push_back({{"kind", k.kind}, {"controls", k.controls}, {"detections", k.detections}});
  }
  for (const ComponentPower& c : p.components) {
    components.push_back({{"component", c.component},
                          {"controls", c.controls},
                          {"detections", c.detections},
                          {"lower_bound", JsonNumber(c.lower_bound)},
                          {"copy_check_only", c.copy_check_only}});
  }
  return {{"measured", p.measured},
          {"not_needed", p.not_needed},
          {"power", JsonNumber(p.power)},
          {"controls", p.controls},
          {"detections", p.detections},
          {"lower_bound", JsonNumber(p.lower_bound)},
          {"confidence", JsonNumber(p.confidence)},
          {"kinds", kinds},
          {"components", components},
          {"from_cache", p.from_cache},
          {"description", p.description},
          {"residual_width", p.residual_width},
          {"control_width", p.control_width}};
}

Json RobustScoreJson(const RobustScore& s) {
  return {{"test", s.test},
          {"component", s.component},
          {"value", JsonNumber(s.value)},
          {"z_adj", JsonNumber(s.z_adj)},
          {"panel_size", s.panel_size},
          {"beyond_panel", s.beyond_panel},
          {"extrapolated", s.extrapolated},
          {"panel_is_lower_bound", s.panel_is_lower_bound},
          {"panel_source", s.panel_source.empty() ? Json(nullptr) : Json(s.panel_source)},
          {"log10_p_adj", JsonNumber(s.log10_p_adj)},
          {"p_method", s.p_method}};
}

Json BlockPairJson(const BlockPair& p) {
  return {{"candidate", p.candidate}, {"base", p.base}, {"log10_p", JsonNumber(p.log10_p)}};
}

Json AncestryEvidenceJson(const AncestryEvidence& e) {
  Json numbers = Json::object();
  for (const auto& [name, value] : e.numbers) numbers[name] = JsonNumber(value);
  return {{"id", e.id}, {"points_to", AncestryName(e.points_to)}, {"numbers", numbers}};
}

nlohmann::ordered_json ReadingJson(const ModelRef& m) {
  using J = nlohmann::ordered_json;
  return {{"revision", m.revision.empty() ? J(nullptr) : J(m.revision)},
          {"bytes_read", m.bytes_read},
          {"bytes_total", m.bytes_total},
          {"requests", m.requests},
          {"bytes_read_controls", m.bytes_read_controls}};
}

}  // namespace lineage
