#include "report/chart_specs.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "report/describe.h"
#include "report/evidence_json.h"

namespace lineage {

const char* const kReportFontStack =
    "'Noto Sans KR', 'Noto Sans CJK KR', 'NanumGothic', 'Apple SD Gothic Neo', 'Malgun Gothic', "
    "'DejaVu Sans', 'Liberation Sans', sans-serif";

namespace {

using Json = nlohmann::ordered_json;

// Shared look: the page's font (Hangul included), quiet axes, no chart border.
Json BaseSpec(const std::string& title) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
          {"title", {{"text", title}, {"anchor", "start"}, {"fontSize", 13}}},
          {"config",
           {{"font", kReportFontStack},
            {"view", {{"stroke", nullptr}}},
            {"axis", {{"labelFontSize", 11}, {"titleFontSize", 12}, {"gridColor", "#e8e8e8"}}},
            {"legend", {{"labelFontSize", 11}, {"titleFontSize", 12}}}}}};
}

std::string S(Lang lang, const char* key) { return std::string(Tr(lang, key)); }

// Verdict colours shared with the page's CSS badges.
Json VerdictScale(Lang lang) {
  return {{"domain",
           {VerdictText(lang, Verdict::kDerived), VerdictText(lang, Verdict::kInconclusive),
            VerdictText(lang, Verdict::kIndependent),
            std::string(TrLabel(lang, "verdict", "not-compared"))}},
          {"range", {"#c0392b", "#d4a017", "#2e8b57", "#9e9e9e"}}};
}

}  // namespace

double BlockMapColorMax(const CompareResult& r) {
  double hi = 0;
  for (const PairResult& p : r.results) {
    if (!p.block_map) continue;
    // At least twice the match threshold: a map with nothing matched must not look saturated.
    if (std::isfinite(p.block_map->match_threshold))
      hi = std::max(hi, 2 * p.block_map->match_threshold);
    for (double v : p.block_map->neg_log10_p) {
      if (std::isfinite(v)) hi = std::max(hi, v);
    }
  }
  return hi > 0 ? hi : 1;
}

std::vector<Chart> BlockMapCharts(const PairResult& p, int pair_index, double color_max,
                                  Lang lang) {
  if (!p.block_map) return {};
  const BlockMapSummary& m = *p.block_map;
  if (m.candidate_blocks <= 0 || m.base_blocks <= 0 ||
      m.neg_log10_p.size() != static_cast<size_t>(m.candidate_blocks) * m.base_blocks) {
    return {};
  }
  std::set<std::pair<int, int>> matched;
  for (const BlockPair& bp : m.path) matched.insert({bp.candidate, bp.base});
  Json values = Json::array();
  for (int i = 0; i < m.candidate_blocks; ++i) {
    for (int j = 0; j < m.base_blocks; ++j) {
      double v = m.neg_log10_p[static_cast<size_t>(i) * m.base_blocks + j];
      values.push_back(
          {{"c", i}, {"b", j}, {"v", JsonNumber(v)}, {"m", matched.count({i, j}) > 0}});
    }
  }
  const std::string cand = S(lang, "label.candidate_block");
  const std::string base = S(lang, "label.base_block");
  const std::string val = S(lang, "label.neg_log10_p");
  const int cell = std::clamp(360 / std::max(m.candidate_blocks, m.base_blocks), 8, 40);
  Json x = {{"field", "b"}, {"type", "ordinal"}, {"title", base}};
  Json y = {{"field", "c"}, {"type", "ordinal"}, {"title", cand}};
  Json tooltip = Json::array({{{"field", "c"}, {"title", cand}},
                              {{"field", "b"}, {"title", base}},
                              {{"field", "v"}, {"title", val}, {"format", ".2f"}}});
  Json spec = BaseSpec(p.base + " — " + S(lang, "section.block_map"));
  spec["data"] = {{"values", values}};
  spec["width"] = cell * m.base_blocks;
  spec["height"] = cell * m.candidate_blocks;
  spec["layer"] = Json::array(
      {{{"mark", {{"type", "rect"}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color",
           {{"field", "v"},
            {"type", "quantitative"},
            {"title", val},
            {"scale", {{"scheme", "orangered"}, {"domain", {0, color_max}}, {"clamp", true}}}}},
          {"tooltip", tooltip}}}},
       {{"transform", Json::array({{{"filter", "datum.m"}}})},
        {"mark", {{"type", "rect"}, {"fillOpacity", 0}, {"stroke", "#1f3b73"}, {"strokeWidth", 2}}},
        {"encoding", {{"x", x}, {"y", y}}}}});
  return {{fmt::format("chart-blockmap-{}", pair_index), spec}};
}

std::vector<Chart> BlockStatCharts(const PairResult& p, int pair_index, Lang lang) {
  // One panel per statistic, in order of first appearance.
  std::vector<std::string> stats;
  for (const BlockStat& b : p.block_stats) {
    if (std::find(stats.begin(), stats.end(), b.statistic) == stats.end())
      stats.push_back(b.statistic);
  }
  std::vector<Chart> charts;
  const std::string block = S(lang, "label.block");
  const std::string band = S(lang, "label.null_band");
  for (size_t k = 0; k < stats.size(); ++k) {
    Json values = Json::array();
    for (const BlockStat& b : p.block_stats) {
      if (b.statistic != stats[k]) continue;
      values.push_back({{"block", b.block},
                        {"value", JsonNumber(b.value)},
                        {"lo", JsonNumber(b.null_low)},
                        {"hi", JsonNumber(b.null_high)}});
    }
    Json x = {{"field", "block"}, {"type", "ordinal"}, {"title", block}};
    Json spec = BaseSpec(p.base + " — " + stats[k]);
    spec["data"] = {{"values", values}};
    spec["width"] = std::clamp(static_cast<int>(values.size()) * 28, 200, 640);
    spec["height"] = 180;
    spec["layer"] = Json::array(
        {{{"mark", {{"type", "bar"}, {"color", "#b0bec5"}, {"opacity", 0.55}}},
          {"encoding",
           {{"x", x},
            {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", stats[k]}}},
            {"y2", {{"field", "hi"}}},
            {"tooltip", Json::array({{{"field", "lo"}, {"title", band + " lo"}},
                                     {{"field", "hi"}, {"title", band + " hi"}}})}}}},
         {{"mark", {{"type", "point"}, {"filled", true}, {"size", 70}, {"color", "#1f3b73"}}},
          {"encoding",
           {{"x", x},
            {"y", {{"field", "value"}, {"type", "quantitative"}}},
            {"tooltip",
             Json::array({{{"field", "block"}, {"title", block}},
                          {{"field", "value"}, {"title", stats[k]}, {"format", ".4g"}}})}}}}});
    charts.push_back({fmt::format("chart-blockstats-{}-{}", pair_index, k), spec});
  }
  return charts;
}

std::vector<Chart> TokenizerCharts(const CompareResult& r, Lang lang) {
  Json values = Json::array();
  for (const PairResult& p : r.results) {
    if (!p.tokenizer) continue;
    const TokenizerSummary& t = *p.tokenizer;
    values.push_back(
        {{"base", p.base}, {"metric", S(lang, "label.jaccard")}, {"value", JsonNumber(t.jaccard)}});
    values.push_back({{"base", p.base},
                      {"metric", S(lang, "label.containment")},
                      {"value", JsonNumber(t.containment)}});
    values.push_back({{"base", p.base},
                      {"metric", S(lang, "label.same_id_rate")},
                      {"value", JsonNumber(t.same_id_rate)}});
  }
  if (values.empty()) return {};
  const std::string base = S(lang, "label.base");
  Json spec = BaseSpec(S(lang, "section.tokenizer"));
  spec["data"] = {{"values", values}};
  spec["width"] = 420;
  spec["height"] = 180;
  spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
  spec["encoding"] = {{"x",
                       {{"field", "metric"},
                        {"type", "nominal"},
                        {"title", nullptr},
                        {"sort", nullptr},
                        {"axis", {{"labelAngle", 0}}}}},
                      {"xOffset", {{"field", "base"}, {"sort", nullptr}}},
                      {"y",
                       {{"field", "value"},
                        {"type", "quantitative"},
                        {"title", nullptr},
                        {"scale", {{"domain", {0, 1}}}}}},
                      {"color",
                       {{"field", "base"},
                        {"type", "nominal"},
                        {"title", base},
                        {"sort", nullptr},
                        {"scale", {{"scheme", "tableau10"}}}}}};
  return {{"chart-tokenizer", spec}};
}

std::vector<Chart> ComponentCharts(const CompareResult& r, Lang lang) {
  Json values = Json::array();
  for (const PairResult& p : r.results) {
    for (const ComponentVerdict& c : p.components) {
      values.push_back({{"base", p.base},
                        {"component", ComponentText(lang, c.name)},
                        {"verdict", std::string(TrLabel(lang, "verdict", c.verdict))},
                        {"log10_p", JsonNumber(c.log10_p)}});
    }
  }
  if (values.empty()) return {};
  const std::string base = S(lang, "label.base");
  const std::string comp = S(lang, "label.component");
  const std::string verdict = S(lang, "label.verdict");
  Json x = {{"field", "base"},
            {"type", "nominal"},
            {"title", base},
            {"sort", nullptr},
            {"axis", {{"labelAngle", 0}, {"orient", "top"}}}};
  Json y = {{"field", "component"}, {"type", "nominal"}, {"title", comp}, {"sort", nullptr}};
  Json spec = BaseSpec(S(lang, "section.components"));
  spec["data"] = {{"values", values}};
  spec["width"] = {{"step", 150}};
  spec["height"] = {{"step", 30}};
  spec["layer"] = Json::array(
      {{{"mark", {{"type", "rect"}, {"stroke", "white"}, {"strokeWidth", 2}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color",
           {{"field", "verdict"},
            {"type", "nominal"},
            {"title", verdict},
            {"scale", VerdictScale(lang)}}},
          {"tooltip",
           Json::array({{{"field", "base"}, {"title", base}},
                        {{"field", "component"}, {"title", comp}},
                        {{"field", "verdict"}, {"title", verdict}},
                        {{"field", "log10_p"}, {"title", "log10 p_adj"}, {"format", ".2f"}}})}}}},
       {{"mark", {{"type", "text"}, {"color", "white"}, {"fontWeight", "bold"}}},
        {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "verdict"}}}}}}});
  return {{"chart-components", spec}};
}

std::vector<Chart> PcaCharts(const CompareResult& r, Lang lang) {
  if (!r.pca || r.pca->points.empty()) return {};
  const PcaIllustration& pca = *r.pca;
  Json values = Json::array();
  for (const PcaPoint& p : pca.points) {
    values.push_back({{"model", p.model},
                      {"block", p.block},
                      {"pc1", JsonNumber(p.pc1)},
                      {"pc2", JsonNumber(p.pc2)}});
  }
  const std::string model = S(lang, "label.model");
  Json x = {{"field", "pc1"},
            {"type", "quantitative"},
            {"title", Trf(lang, "label.pc1", 100 * pca.explained_variance[0])},
            {"scale", {{"zero", false}}}};
  Json y = {{"field", "pc2"},
            {"type", "quantitative"},
            {"title", Trf(lang, "label.pc2", 100 * pca.explained_variance[1])},
            {"scale", {{"zero", false}}}};
  Json color = {{"field", "model"},
                {"type", "nominal"},
                {"title", model},
                {"sort", nullptr},
                {"scale", {{"scheme", "tableau10"}}}};
  Json spec = BaseSpec(S(lang, "section.pca"));
  spec["data"] = {{"values", values}};
  spec["width"] = 520;
  spec["height"] = 360;
  spec["layer"] = Json::array(
      {{{"mark", {{"type", "line"}, {"opacity", 0.6}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color", color},
          {"order", {{"field", "block"}, {"type", "quantitative"}}}}}},
       {{"mark", {{"type", "point"}, {"filled", true}, {"size", 60}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color", color},
          {"tooltip", Json::array({{{"field", "model"}, {"title", model}},
                                   {{"field", "block"}, {"title", S(lang, "label.block")}}})}}}},
       {{"mark", {{"type", "text"}, {"dx", 7}, {"dy", -7}, {"fontSize", 9}, {"color", "#555"}}},
        {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "block"}}}}}}});
  return {{"chart-pca", spec}};
}

std::vector<Chart> TrajectoryCharts(const CompareResult& r, Lang lang) {
  if (!r.trajectory || r.trajectory->steps.empty()) return {};
  const std::string step = S(lang, "label.checkpoint_step");
  const std::string drift = S(lang, "label.drift");
  const std::string link = S(lang, "label.step_link");
  Json values = Json::array();
  for (const TrajectoryStepSummary& t : r.trajectory->steps) {
    values.push_back(
        {{"step", t.index},
         {"checkpoint", t.checkpoint},
         {"drift", JsonNumber(t.drift)},
         {"log10_p", JsonNumber(t.log10_p)},
         {"link", S(lang, t.derived ? "trajectory.step_derived" : "trajectory.step_break")}});
  }
  Json x = {{"field", "step"}, {"type", "ordinal"}, {"title", step}};
  Json y = {{"field", "drift"}, {"type", "quantitative"}, {"title", drift}};
  Json spec = BaseSpec(S(lang, "section.trajectory"));
  spec["data"] = {{"values", values}};
  spec["width"] = std::clamp(static_cast<int>(values.size()) * 60, 240, 640);
  spec["height"] = 200;
  spec["layer"] = Json::array(
      {{{"mark", {{"type", "line"}, {"color", "#90a4ae"}}}, {"encoding", {{"x", x}, {"y", y}}}},
       {{"mark", {{"type", "point"}, {"filled", true}, {"size", 80}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color", {{"field", "link"}, {"type", "nominal"}, {"title", link}, {"sort", nullptr}}},
          {"tooltip",
           Json::array({{{"field", "checkpoint"}, {"title", step}},
                        {{"field", "drift"}, {"title", drift}, {"format", ".4g"}},
                        {{"field", "log10_p"}, {"title", "log10 p"}, {"format", ".1f"}}})}}}}});
  return {{"chart-trajectory", spec}};
}

}  // namespace lineage
