// `lineage weights CANDIDATE BASE`: weight lineage of one candidate against one base.
#include <cstdio>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "model/model.h"
#include "report/catalog.h"
#include "stats/log_p.h"
#include "util/progress.h"
#include "tokenizer/vocab.h"
#include "util/thread_pool.h"
#include "verdict/decide.h"
#include "weights/model_weight_source.h"
#include "weights/pair_analysis.h"
#include "weights/pair_evidence.h"
#include "weights/shared_tokens.h"
#include "weights/weights_json.h"

namespace lineage::cli {

namespace {

void PrintSummary(const WeightsResult& r, const PairResult& p, const std::string& a,
                  const std::string& b, Lang lang) {
  auto line = [&](const char* key, const auto&... args) { fmt::print("{}\n", Trf(lang, key, args...)); };
  std::string labels;
  for (const std::string& l : p.derivation) {
    labels += std::string(labels.empty() ? "" : ", ") + std::string(TrLabel(lang, "derivation", l));
  }
  line("weights.title", a, b);
  line("weights.verdict", TrLabel(lang, "verdict", VerdictName(p.verdict)),
       labels.empty() ? "" : " (" + labels + ")");
  if (p.log10_p_adjusted) {
    line("weights.exact", FormatLog10P(*p.log10_p_adjusted),
         p.strongest_for ? p.strongest_for->test + " " + p.strongest_for->component
                         : std::string(Tr(lang, "weights.none")));
  }
  for (const RobustScore& s : p.robust) {
    line("weights.robust", s.test, s.value, s.z_adj, s.panel_size,
         s.beyond_panel ? std::string(Tr(lang, "weights.beyond_panel")) : std::string());
  }
  line("weights.alignment", AlignmentKindName(r.alignment.kind), r.alignment.score_identity,
       r.alignment.score_permutation, r.alignment.score_rotation, r.alignment.shared_rows);
  std::string path;
  for (const BlockPair& bp : r.block_map.path) path += fmt::format(" {}->{}", bp.candidate, bp.base);
  line("weights.block_map", path.empty() ? std::string(Tr(lang, "weights.no_blocks")) : path);
  if (p.power.measured) {
    line("weights.power", p.power.power, p.power.controls);
  } else {
    line("weights.power_unmeasured");
  }
  for (const ComponentVerdict& c : p.components) {
    // Component notes and the notes below are the analysis's diagnostic detail (English by
    // contract, weights/pair_analysis.h); the catalog renders everything around them.
    fmt::print("  {:<12} {}{}\n", c.name, TrLabel(lang, "verdict", c.verdict), c.note.empty() ? "" : " — " + c.note);
  }
  fmt::print("  {}\n  {}\n", Tr(lang, "statement.h0"), Tr(lang, "statement.invisible"));
  for (const std::string& n : r.notes) line("weights.note", n);
}

constexpr size_t kProbeTokens = 2048;  // as in `lineage compare`

// The model's vocabulary, or nullopt with the reason appended to *why.
std::optional<Vocab> LoadModelVocab(const Model& m, const char* side, std::string* why) {
  auto add = [&](const std::string& reason) {
    *why += (why->empty() ? "" : "; ") + std::string(side) + " " + reason;
  };
  if (m.tokenizer_path.empty()) {
    add("has no tokenizer");
    return std::nullopt;
  }
  Result<Vocab> v = LoadVocab(m.tokenizer_path);
  if (!v.ok()) {
    add("tokenizer unreadable (" + v.status().ToString() + ")");
    return std::nullopt;
  }
  return std::move(v).value();
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
  bool verbose = false;
  app.add_flag("--verbose", verbose, "wall-clock seconds per stage on stderr");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  Result<Model> cand = LoadModel(cand_path);
  if (!cand.ok()) return ReportError("weights", cand.status());
  Result<Model> base = LoadModel(base_path);
  if (!base.ok()) return ReportError("weights", base.status());
  ModelWeightSource sa(*cand), sb(*base);
  WeightsOptions options;
  options.seed = seed;
  options.progress = !quiet && StderrIsTerminal();
  options.timings = verbose;
  // Embedding rows are paired by canonical token string, as in `lineage compare`; by id only
  // when a side has no readable tokenizer (stated in the output).
  std::string why_by_id;
  std::optional<Vocab> vocab_a = LoadModelVocab(*cand, "candidate", &why_by_id);
  std::optional<Vocab> vocab_b = LoadModelVocab(*base, "base", &why_by_id);
  auto rows = [](const WeightSource& s) {
    return static_cast<int64_t>(s.Shape(Key(Role::kEmbed)).first);
  };
  SharedTokenRows shared =
      SharedRowsFromVocabs(vocab_a ? &*vocab_a : nullptr, vocab_b ? &*vocab_b : nullptr,
                           rows(sa), rows(sb), kProbeTokens);
  ThreadPool pool(threads);
  Result<WeightsResult> r = AnalyzeWeights(sa, sb, shared, pool, options);
  if (!r.ok()) return ReportError("weights", r.status());
  if (shared.assumed_same_ids) {
    r->notes.push_back("embedding rows paired by token id, not by token string: " + why_by_id);
  } else {
    r->notes.push_back("embedding rows paired by canonical token string: " +
                       std::to_string(shared.size()) + " shared tokens" +
                       (shared.dropped_out_of_range
                            ? " (" + std::to_string(shared.dropped_out_of_range) +
                                  " outside an embedding dropped)"
                            : std::string()));
  }
  // One decision rule for every command: the weights evidence, decided by verdict/decide.
  PairResult pair;
  AddWeightsEvidence(*r, &pair);
  DecideOptions decide;
  decide.candidates_checked = 1;
  DecidePair(decide, &pair);
  if (json) {
    std::printf("%s\n", WeightsResultToJson(*r, pair).dump(2).c_str());
  } else {
    PrintSummary(*r, pair, cand_path, base_path, LangOf(lang));
  }
  return kExitOk;
}

}  // namespace lineage::cli
