// A realistic CompareResult for report tests and for looking at reports before `compare` is wired:
// candidate ft-sft against bases base and indep-s1 from examples/models. File digests are computed
// from the real example files; the statistics are SYNTHETIC (shaped like METHODS.md's tests on
// these models, not computed by the weights analyses), and the verdicts come from DecidePair, not
// from this file.
#pragma once

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "evidence/compare_result.h"
#include "test_util.h"
#include "verdict/decide.h"
#include "verdict/ranking.h"

namespace lineage::testing {

inline std::string Sha256Hex(const std::string& path) {
  std::vector<uint8_t> bytes = ReadFile(path);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 15];
  }
  return out;
}

inline ModelRef ExampleModel(const std::string& name) {
  ModelRef m;
  m.label = name;
  m.path = "examples/models/" + name;
  m.format = "safetensors";
  for (const char* f : {"config.json", "model.safetensors", "tokenizer.json"}) {
    std::string path = Example("models/" + name + "/" + f);
    m.files.push_back({f, ReadFile(path).size(), Sha256Hex(path), "computed"});
  }
  return m;
}

inline NullModel ExactNull(const std::string& description) {
  NullModel n;
  n.kind = "exact";
  n.description = description;
  return n;
}

inline NullModel PanelNull(double mean, double sd, double q99, int samples) {
  NullModel n;
  n.kind = "calibrated-panel";
  n.description = "independent pairs of the same family";
  n.mean = mean;
  n.sd = sd;
  n.quantile_99 = q99;
  n.samples = samples;
  return n;
}

inline Finding WeightFinding(const std::string& test, const std::string& statistic, double value,
                             Direction direction) {
  Finding f = MakeFinding("weights", test, "trunk", statistic, value);
  f.direction = direction;
  f.decisive = true;
  return f;
}

inline void AddContext(PairResult* p) {
  p->findings.push_back(MakeFinding("tokenizer", "tokenizer_relation", "embed", "jaccard", 1.0));
  p->findings.push_back(
      MakeFinding("architecture", "config_fields", "trunk", "fields_different", 0));
  p->tokenizer = TokenizerSummary{"identical", 512, 512, 253, 1.0, 1.0, 1.0, {}};
  ArchitectureSummary a;
  a.identical = true;
  a.rare_shared.push_back({"intermediate_size", "172", 40, 0});
  p->architecture = a;
}

// Block map of `blocks` × `blocks`: strong on the diagonal when `related`.
inline BlockMapSummary SampleBlockMap(int blocks, bool related) {
  BlockMapSummary m;
  m.candidate_blocks = m.base_blocks = blocks;
  m.statistic = "unit_identity_lap";
  m.match_threshold = -std::log10(0.01 / (blocks * blocks));
  for (int i = 0; i < blocks; ++i) {
    for (int j = 0; j < blocks; ++j) {
      double v = 0.15 + 0.07 * ((i * 7 + j * 3) % 5);
      if (related && i == j) v = 14.0 + 0.9 * i;
      m.neg_log10_p.push_back(v);
    }
    if (related) m.path.push_back({i, i, -(14.0 + 0.9 * i)});
  }
  return m;
}

// The candidate against one base: S1 (exact), S2 (panel), context, block map and block
// statistics; strongly positive when `related`, null-like otherwise.
inline PairResult SamplePair(const std::string& base, int blocks, bool related) {
  const Direction dir = related ? Direction::kForDerivation : Direction::kAgainstDerivation;
  PairResult p;
  p.base = base;
  Finding s1 = WeightFinding("unit_identity_fisher", "fisher_x", related ? 391.2 : 9.1, dir);
  s1.log10_p = related ? -78.4 : -0.31;
  s1.multiplicity = blocks * blocks;
  s1.null = ExactNull("Fisher over blocks of one-sided Spearman p under exchangeable units");
  p.findings.push_back(s1);
  Finding s2 = WeightFinding("gate_up_consistency", "agreement", related ? 0.94 : 0.017, dir);
  s2.approximate = true;
  s2.null = PanelNull(0.012, 0.006, 0.03, 12);
  p.findings.push_back(s2);
  if (related) {
    Finding emb = WeightFinding("embedding_alignment", "identity_hits", 64, dir);
    emb.component = "embed";
    emb.log10_p = -89.5;
    emb.null = ExactNull("Poisson(1) residual-dimension hit count");
    p.findings.push_back(emb);
    p.derivation = {"fine-tuned"};
  }
  AddContext(&p);
  p.block_map = SampleBlockMap(blocks, related);
  for (int b = 0; b < blocks; ++b) {
    p.block_stats.push_back(
        related ? BlockStat{b, "spearman_r", 0.97 - 0.01 * b, -0.18, 0.18, -14.0 - 0.9 * b}
                : BlockStat{b, "spearman_r", 0.04 * ((b % 3) - 1), -0.18, 0.18, -0.2});
  }
  p.power.measured = true;
  p.power.power = 1.0;
  p.power.controls = p.power.detections = 30;
  p.power.lower_bound = 0.905;
  p.power.kinds = {{"fine-tune", 15, 15}, {"rotation", 15, 15}};
  p.power.components = {{"trunk", 30, 30, 0.905}};
  p.power.description = "synthetic positive controls";
  return p;
}

inline CompareResult SampleCompareResult() {
  CompareResult r;
  r.tool_version = "0.1.0";
  r.seed = 20261128;
  r.panel = "synthetic-test-panel";
  r.candidate = ExampleModel("ft-sft");
  r.bases = {ExampleModel("base"), ExampleModel("indep-s1")};
  r.components_covered = {"trunk", "embed"};
  const int blocks = 5;

  r.results = {SamplePair("base", blocks, /*related=*/true),
               SamplePair("indep-s1", blocks, /*related=*/false)};
  DecideOptions options;
  options.candidates_checked = static_cast<int>(r.bases.size());
  for (PairResult& p : r.results) DecidePair(options, &p);
  DecideRelations(&r);

  PcaIllustration pca;
  pca.features = "per-block gate/up row-norm quantiles in the aligned basis (synthetic)";
  pca.explained_variance[0] = 0.61;
  pca.explained_variance[1] = 0.22;
  for (int b = 0; b < blocks; ++b) {
    pca.points.push_back({"base", b, -2.0 + b, 0.4 * b});
    pca.points.push_back({"ft-sft", b, -1.95 + b, 0.4 * b + 0.08});
    pca.points.push_back({"indep-s1", b, 1.5 - 0.6 * b, -1.2 + 0.1 * b * b});
  }
  r.pca = pca;

  // Training evidence: a trajectory of four checkpoints ending at the candidate, and a log.
  Finding start = MakeFinding("training", "log_initial_loss", "trunk", "initial_loss", 6.3);
  start.direction = Direction::kAgainstDerivation;
  start.note = "random-start";
  r.training.push_back(start);
  Finding chain = MakeFinding("training", "trajectory_continuous", "ft-sft", "first_break", -1);
  chain.note = "chain-continuous";
  r.training.push_back(chain);
  TrajectorySummary t;
  t.checkpoints = {"step-0", "step-50", "step-200", "ft-sft"};
  t.init_check = "random";
  t.random_start = true;
  t.continuous = true;
  for (int i = 1; i < 4; ++i) {
    t.steps.push_back({i, t.checkpoints[static_cast<size_t>(i)], 0.2 * i, -40.0 - i, true, false});
  }
  r.trajectory = t;
  Finding flops = MakeFinding("compute", "compute_flops", "trunk", "flops", 1.42e24);
  flops.approximate = true;
  r.compute.push_back(flops);
  return r;
}

}  // namespace lineage::testing
