// `lineage weights CANDIDATE BASE`: weight lineage of one candidate against one base.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "model/model.h"
#include "report/catalog.h"
#include "stats/log_p.h"
#include "util/progress.h"
#include "util/thread_pool.h"
#include "weights/model_weight_source.h"
#include "weights/pair_analysis.h"
#include "weights/weights_json.h"

namespace lineage::cli {

namespace {

void PrintSummary(const WeightsResult& r, const std::string& a, const std::string& b, Lang lang) {
  auto line = [&](const char* key, const auto&... args) { fmt::print("{}\n", Trf(lang, key, args...)); };
  std::string labels;
  for (const std::string& l : r.derivation) labels += std::string(labels.empty() ? "" : ", ") + std::string(TrLabel(lang, "derivation", l));
  line("weights.title", a, b);
  line("weights.verdict", TrLabel(lang, "verdict", r.verdict), labels.empty() ? "" : " (" + labels + ")");
  line("weights.exact", FormatLog10P(r.log10_p), r.tests_in_family, r.exact_source);
  if (r.gate_up_agreement) line("weights.robust", *r.gate_up_agreement, r.gate_up_z.value_or(0.0));
  line("weights.alignment", AlignmentKindName(r.alignment.kind), r.alignment.score_identity,
       r.alignment.score_permutation, r.alignment.score_rotation, r.alignment.shared_rows);
  std::string path;
  for (const BlockPair& p : r.block_map.path) path += fmt::format(" {}->{}", p.candidate, p.base);
  line("weights.block_map", path.empty() ? std::string(Tr(lang, "weights.no_blocks")) : path);
  line("weights.power", r.controls_detected, r.controls_run);
  for (const ComponentVerdict& c : r.components) {
    // Component notes and the notes below are the analysis's diagnostic detail (English by
    // contract, weights/pair_analysis.h); the catalog renders everything around them.
    fmt::print("  {:<12} {}{}\n", c.name, TrLabel(lang, "verdict", c.verdict), c.note.empty() ? "" : " — " + c.note);
  }
  fmt::print("  {}\n  {}\n", Tr(lang, "statement.h0"), Tr(lang, "statement.invisible"));
  for (const std::string& n : r.notes) line("weights.note", n);
}

}  // namespace

int RunWeights(int argc, char** argv) {
  CLI::App app{"Weight lineage: is CANDIDATE derived from BASE?", "lineage weights"};
  std::string cand_path, base_path, lang = "en";
  bool json = false, quiet = false;
  unsigned threads = 0;
  uint64_t seed = WeightsOptions().seed;
  app.add_option("candidate", cand_path, "candidate model (directory, file or index)")->required();
  app.add_option("base", base_path, "possible base model")->required();
  app.add_flag("--json", json, "print the result as JSON");
  app.add_option("--threads", threads, "worker threads (0 = all cores)");
  AddLangOption(app, &lang);
  app.add_option("--seed", seed, "seed for sampling, panels and controls");
  app.add_flag("--quiet", quiet, "no progress bar");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  Result<Model> cand = LoadModel(cand_path);
  if (!cand.ok()) {
    std::fprintf(stderr, "lineage weights: %s\n", cand.status().ToString().c_str());
    return kExitBadInput;
  }
  Result<Model> base = LoadModel(base_path);
  if (!base.ok()) {
    std::fprintf(stderr, "lineage weights: %s\n", base.status().ToString().c_str());
    return kExitBadInput;
  }
  ModelWeightSource sa(*cand), sb(*base);
  WeightsOptions options;
  options.seed = seed;
  options.progress = !quiet && StderrIsTerminal();
  // Until the tokenizer module's shared-token map is wired in, rows are paired by id (stated).
  auto rows = [](const WeightSource& s) {
    return static_cast<int64_t>(s.Shape(Key(Role::kEmbed)).first);
  };
  SharedTokenRows shared = AssumeSameIds(rows(sa), rows(sb), 2048);
  ThreadPool pool(threads);
  Result<WeightsResult> r = AnalyzeWeights(sa, sb, shared, pool, options);
  if (!r.ok()) {
    std::fprintf(stderr, "lineage weights: %s\n", r.status().ToString().c_str());
    return r.status().code() == Status::Code::kInternal ? kExitInternal : kExitBadInput;
  }
  if (json) {
    std::printf("%s\n", WeightsResultToJson(*r).dump(2).c_str());
  } else {
    PrintSummary(*r, cand_path, base_path, LangOf(lang));
  }
  return kExitOk;
}

}  // namespace lineage::cli
