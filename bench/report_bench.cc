// Report rendering at 100B-model scale: a candidate against 5 bases, each with a 96 × 96 block
// map, per-block statistics and 2,000 findings. Prints the time per render and writes the JSON
// so bench/report.sh can time a peer (Python's json.dumps of the same document).
//
// Usage: report_bench OUT_JSON
#include <chrono>
#include <cstdio>
#include <string>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/markdown_report.h"
#include "report/report_file.h"
#include "verdict/decide.h"
#include "verdict/ranking.h"

namespace {

using namespace lineage;

CompareResult LargeResult() {
  CompareResult r;
  r.tool_version = "bench";
  r.candidate.label = "candidate";
  const int blocks = 96;
  for (int b = 0; b < 5; ++b) {
    ModelRef m;
    m.label = "base-" + std::to_string(b);
    r.bases.push_back(m);
    PairResult p;
    p.base = m.label;
    for (int i = 0; i < 2000; ++i) {
      Finding f;
      f.analysis = "weights";
      f.test = "unit_identity_lap";
      f.component = "block " + std::to_string(i % blocks);
      f.statistic = "spearman_r";
      f.value = 0.001 * i;
      f.log10_p = b == 0 ? -20.0 - i : -0.5;
      f.null = NullModel{
          "exact", "one-sided Spearman under exchangeable units", {}, {}, {}, 0, {}, {}, {}};
      f.decisive = true;
      p.findings.push_back(f);
    }
    BlockMapSummary map;
    map.candidate_blocks = map.base_blocks = blocks;
    for (int i = 0; i < blocks * blocks; ++i) map.neg_log10_p.push_back((i * 37 % 101) / 7.0);
    for (int i = 0; i < blocks; ++i) map.path.push_back({i, i, -30});
    p.block_map = map;
    for (int i = 0; i < blocks; ++i)
      p.block_stats.push_back({i, "spearman_r", 0.5, -0.05, 0.05, -3});
    p.power.controls = 30;
    p.power.detections = 30;
    p.power.description = "bench";
    DecidePair(DecideOptions{}, &p);
    r.results.push_back(p);
  }
  DecideRelations(&r);
  return r;
}

template <typename F>
double SecondsPerRun(F f, int runs) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) f();
  std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
  return d.count() / runs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: report_bench OUT_JSON\n");
    return 2;
  }
  CompareResult r = LargeResult();
  std::string json = RenderJson(r, Lang::kEn);
  const int runs = 5;
  double t_json = SecondsPerRun([&] { json = RenderJson(r, Lang::kEn); }, runs);
  std::string html;
  double t_html = SecondsPerRun([&] { html = RenderHtml(r, Lang::kEn); }, runs);
  std::string md;
  double t_md = SecondsPerRun([&] { md = RenderMarkdown(r, Lang::kEn); }, runs);
  Status s = WriteReportFile(argv[1], json);
  if (!s.ok()) {
    std::fprintf(stderr, "report_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("render_json %.4f s (%zu bytes)\n", t_json, json.size());
  std::printf("render_html %.4f s (%zu bytes)\n", t_html, html.size());
  std::printf("render_markdown %.4f s (%zu bytes)\n", t_md, md.size());
  return 0;
}
