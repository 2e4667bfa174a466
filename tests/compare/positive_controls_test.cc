// Positive controls through the real pipeline on examples/models/base: every derivation kind is
// detected, the power does not depend on the thread count, and the cache is keyed and robust.
#include "compare/positive_controls.h"

#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <gtest/gtest.h>

#include "compare/power_cache.h"
#include "model/model.h"
#include "test_util.h"
#include "weights/pair/pair_evidence.h"
#include "weights/source/layer_subset.h"
#include "weights/source/model_weight_source.h"

namespace lineage::testing {
namespace {

class PositiveControls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Model> m = LoadModel(Example("models/base"));
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    model_ = new Model(std::move(m).value());
    base_ = new ModelWeightSource(*model_);
  }
  static void TearDownTestSuite() {
    delete base_;
    delete model_;
  }
  static PowerRun Measure(const PowerOptions& po, unsigned threads = 2,
                          const WeightsOptions& wo = WeightsOptions()) {
    ThreadPool pool(threads);
    Result<PowerRun> r = MeasureControlPower(*base_, pool, wo, DecideOptions(), po);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PowerRun();
  }
  static Model* model_;
  static ModelWeightSource* base_;
};
Model* PositiveControls::model_ = nullptr;
ModelWeightSource* PositiveControls::base_ = nullptr;

TEST_F(PositiveControls, EveryKindIsDetectedThroughTheFullPipeline) {
  PowerOptions po;
  po.controls = 12;  // two of each of the six kinds
  const PowerRun run = Measure(po);
  const PowerStatement& p = run.power;
  EXPECT_EQ(p.controls, 12);
  ASSERT_EQ(p.kinds.size(), 6u);
  for (const PowerKind& k : p.kinds) {
    EXPECT_EQ(k.controls, 2) << k.kind;
    EXPECT_EQ(k.detections, 2) << k.kind;
  }
  EXPECT_EQ(p.detections, 12);
  EXPECT_FALSE(p.from_cache);
  bool trunk = false;
  for (const ComponentPower& c : p.components) {
    if (c.component == "trunk") {
      trunk = true;
      EXPECT_EQ(c.detections, c.controls);
    }
  }
  EXPECT_TRUE(trunk);
  EXPECT_TRUE(run.notes.empty());
}

// The example's d is 64: below the default width nothing is narrowed (the description says so
// by not mentioning it); at 32 the controls run on half the dimensions, units and vocabulary and
// every kind is still detected on this model.
TEST_F(PositiveControls, ANarrowedBaseIsStatedAndStillDetectsEveryKind) {
  PowerOptions po;
  po.controls = 6;
  const PowerRun full = Measure(po);
  EXPECT_EQ(full.power.description.find("narrowed"), std::string::npos);
  po.control_width = 32;
  const PowerRun narrow = Measure(po);
  EXPECT_NE(narrow.power.description.find("narrowed to 32 of 64 residual dimensions"),
            std::string::npos)
      << narrow.power.description;
  EXPECT_NE(narrow.power.description.find("256 of 512 vocabulary rows"), std::string::npos);
  EXPECT_EQ(narrow.power.controls, 6);
  EXPECT_EQ(narrow.power.detections, 6);
}

// The controls analyse with WeightsOptions::decision_only. Their power is the power of the pair's
// procedure only if that changes no decision: on every control kind and on real example pairs
// (copies, fine-tunes, a permuted model, independent seeds, untied LM heads), the decision on a
// decision-only analysis equals the decision on the full one, down to every corrected p-value.
PairResult Evidence(const WeightSource& cand, const WeightSource& base, bool decision_only) {
  const int64_t va = static_cast<int64_t>(cand.Shape(Key(Role::kEmbed)).first);
  const int64_t vb = static_cast<int64_t>(base.Shape(Key(Role::kEmbed)).first);
  ThreadPool pool(2);
  WeightsOptions wo;
  wo.decision_only = decision_only;
  Result<WeightsResult> w =
      AnalyzeWeights(cand, base, AssumeSameIds(va, vb, kPairProbeTokens), pool, wo);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  PairResult pair;
  if (!w.ok()) return pair;
  // What the decision-only analysis leaves out, so that the comparison below is not vacuous.
  EXPECT_EQ(w->huref.has_value(), !decision_only);
  if (decision_only) {
    EXPECT_TRUE(w->diagnostics.low_rank.empty());
    for (const TensorComparison& t : w->tensors) EXPECT_TRUE(IsCopyCheckTensor(t.key, t.rows));
    for (const BlockResult& b : w->blocks) EXPECT_FALSE(b.test.cka_q.has_value());
    EXPECT_EQ(w->alignment.rotation_null_sd, 0.0);  // no shuffle null
  }
  AddWeightsEvidence(*w, &pair);
  return pair;
}

PairResult Decided(const WeightSource& cand, const WeightSource& base, bool decision_only) {
  PairResult pair = Evidence(cand, base, decision_only);
  DecidePair(DecideOptions(), &pair);
  return pair;
}

void ExpectSameDecision(const PairResult& full, const PairResult& lean, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(full.verdict, lean.verdict);
  EXPECT_EQ(full.reason, lean.reason);
  EXPECT_EQ(full.log10_p_exact, lean.log10_p_exact);
  EXPECT_EQ(full.log10_p_adjusted, lean.log10_p_adjusted);
  ASSERT_EQ(full.components.size(), lean.components.size());
  for (size_t i = 0; i < full.components.size(); ++i) {
    EXPECT_EQ(full.components[i].name, lean.components[i].name);
    EXPECT_EQ(full.components[i].verdict, lean.components[i].verdict) << full.components[i].name;
    EXPECT_EQ(full.components[i].note, lean.components[i].note) << full.components[i].name;
    EXPECT_EQ(full.components[i].log10_p, lean.components[i].log10_p) << full.components[i].name;
  }
  ASSERT_EQ(full.robust.size(), lean.robust.size());
  for (size_t i = 0; i < full.robust.size(); ++i) {
    EXPECT_EQ(full.robust[i].test, lean.robust[i].test);
    EXPECT_EQ(full.robust[i].component, lean.robust[i].component);
    EXPECT_EQ(full.robust[i].value, lean.robust[i].value);
    EXPECT_EQ(full.robust[i].z_adj, lean.robust[i].z_adj);
    EXPECT_EQ(full.robust[i].log10_p_adj, lean.robust[i].log10_p_adj);
  }
}

TEST_F(PositiveControls, ADecisionOnlyAnalysisDecidesExactlyAsTheFullOne) {
  // seed-1-rot's LM head is untied, so its pairs carry the copy check.
  Result<Model> untied_model = LoadModel(Example("family/seed-1-rot"));
  ASSERT_TRUE(untied_model.ok()) << untied_model.status().ToString();
  const ModelWeightSource untied(*untied_model);
  for (const WeightSource* base : std::vector<const WeightSource*>{base_, &untied}) {
    for (const ControlTransform& t : PlanControls(6, 11)) {
      const ControlSource control(*base, t);
      ExpectSameDecision(Decided(control, *base, false), Decided(control, *base, true), t.kind);
    }
  }
  std::set<std::string> lm_head_verdicts;
  for (const auto& [cand, base] : std::vector<std::pair<std::string, std::string>>{
           {"models/ft-sft", "models/base"},
           {"models/indep-s1", "models/base"},
           {"models/perm", "models/base"},
           {"models/base", "models/base"},
           {"family/seed-1-ft", "family/seed-1"},
           {"family/seed-2", "family/seed-1-rot"},
           {"family/seed-1-rot", "family/seed-1-rot"}}) {
    Result<Model> a = LoadModel(Example(cand)), b = LoadModel(Example(base));
    ASSERT_TRUE(a.ok() && b.ok()) << cand << " " << base;
    const ModelWeightSource sa(*a), sb(*b);
    const PairResult full = Decided(sa, sb, false), lean = Decided(sa, sb, true);
    ExpectSameDecision(full, lean, cand + " vs " + base);
    for (const ComponentVerdict& c : lean.components) {
      if (c.name == "lm_head") lm_head_verdicts.insert(c.verdict);
    }
  }
  // The copy check both fired (a model against itself) and stayed silent (a control's drift).
  EXPECT_TRUE(lm_head_verdicts.count("derived")) << "the LM head copy check never fired";
}

// AddControlPower runs the controls only when a verdict can rest on them (METHODS §10.4): on real
// example pairs, a skipped measurement says not_needed, and the decision with the power the
// controls would have measured (power.always) is the same in every verdict, note and p.
TEST_F(PositiveControls, TheControlsRunOnlyWhenAVerdictCanRestOnThem) {
  PowerOptions po;
  po.controls = 12;
  ThreadPool pool(2);
  int skipped = 0, measured = 0;
  for (const auto& [cand, base] :
       std::vector<std::pair<std::string, std::string>>{{"models/ft-sft", "models/base"},
                                                        {"models/perm", "models/base"},
                                                        {"models/indep-s1", "models/base"},
                                                        {"family/seed-2", "family/seed-1-rot"}}) {
    SCOPED_TRACE(cand + " vs " + base);
    Result<Model> a = LoadModel(Example(cand)), b = LoadModel(Example(base));
    ASSERT_TRUE(a.ok() && b.ok());
    const ModelWeightSource sa(*a), sb(*b);
    PairResult lazy = Evidence(sa, sb, false), always = lazy;
    ASSERT_TRUE(AddControlPower(sb, pool, WeightsOptions(), DecideOptions(), po, &lazy).ok());
    PowerOptions forced = po;
    forced.always = true;
    ASSERT_TRUE(AddControlPower(sb, pool, WeightsOptions(), DecideOptions(), forced, &always).ok());
    EXPECT_EQ(always.power.controls, 12);  // counts; DecidePair turns them into `measured`
    EXPECT_EQ(lazy.power.not_needed, !PowerCanDecide(DecideOptions(), lazy));
    if (lazy.power.not_needed) {
      ++skipped;
      EXPECT_EQ(lazy.power.controls, 0);
      DecidePair(DecideOptions(), &lazy);
      DecidePair(DecideOptions(), &always);
      EXPECT_FALSE(lazy.power.measured);
      EXPECT_TRUE(always.power.measured);
      ExpectSameDecision(always, lazy, "not needed");
    } else {
      ++measured;
      EXPECT_EQ(lazy.power.controls, 12);
    }
  }
  EXPECT_GE(skipped, 2) << "the derived pairs should need no power";
  EXPECT_GE(measured, 1) << "an independent pair needs its power";
}

// The controls analyse the way the test above vouches for, and a shrunken copy of the pair's
// problem: the width-scaled sample sizes shrink, the pair's budget and stop rule are dropped.
TEST(ControlAnalysisOptions, KeepOnlyTheDecisionAndScaleWithWidth) {
  WeightsOptions pair;
  pair.sampling.look = [](const WeightsResult&, bool) { return LookAction::kContinue; };
  const std::atomic<uint64_t> read{0};
  pair.budget = ReadBudget{1000, &read, &read};
  ASSERT_TRUE(pair.budget.active());
  const WeightsOptions wo = ControlAnalysisOptions(pair, 16, 0.25);
  EXPECT_TRUE(wo.decision_only);
  EXPECT_FALSE(pair.decision_only);
  EXPECT_EQ(wo.s2_probes, pair.s2_probes / 4);
  EXPECT_EQ(wo.lap_max_h, pair.lap_max_h / 4);
  EXPECT_EQ(wo.sampling.plan_pairs, 16);
  EXPECT_EQ(wo.sampling.mode, SamplingMode::kFull);
  EXPECT_FALSE(wo.sampling.look);
  EXPECT_FALSE(wo.budget.active());
}

TEST_F(PositiveControls, ThePlanSpreadsTheKindsAndTheDrift) {
  const std::vector<ControlTransform> plan = PlanControls(30, 7);
  ASSERT_EQ(plan.size(), 30u);
  EXPECT_EQ(PowerOptions().controls, 60);  // the default plan: 10 of each kind
  std::map<std::string, int> per_kind;
  std::set<uint64_t> seeds;
  for (const ControlTransform& t : plan) {
    ++per_kind[t.kind];
    seeds.insert(t.seed);
    EXPECT_GE(t.drift_cosine, 0.92);
    EXPECT_LE(t.drift_cosine, 0.99);
  }
  EXPECT_EQ(per_kind.size(), 6u);
  for (const auto& [kind, n] : per_kind) EXPECT_EQ(n, 5) << kind;
  EXPECT_EQ(seeds.size(), 30u);
  // Control c draws from Rng(seed).Fork(c): a longer plan keeps the earlier controls.
  EXPECT_EQ(PlanControls(31, 7)[29].seed, plan[29].seed);
  EXPECT_NE(PlanControls(30, 8)[0].seed, plan[0].seed);
}

TEST_F(PositiveControls, OneAndTwoThreadsGiveTheSamePower) {
  PowerOptions po;
  po.controls = 6;
  const PowerStatement a = Measure(po, 1).power, b = Measure(po, 2).power;
  EXPECT_EQ(a.detections, b.detections);
  ASSERT_EQ(a.kinds.size(), b.kinds.size());
  for (size_t i = 0; i < a.kinds.size(); ++i) {
    EXPECT_EQ(a.kinds[i].kind, b.kinds[i].kind);
    EXPECT_EQ(a.kinds[i].detections, b.kinds[i].detections);
  }
  ASSERT_EQ(a.components.size(), b.components.size());
  for (size_t i = 0; i < a.components.size(); ++i) {
    EXPECT_EQ(a.components[i].component, b.components[i].component);
    EXPECT_EQ(a.components[i].detections, b.components[i].detections);
  }
}

TEST_F(PositiveControls, TheCacheKeyChangesWithEveryConfiguration) {
  const WeightsOptions wo;
  const DecideOptions d;
  PowerOptions po;
  po.max_blocks = 4;
  const auto key = PowerCacheKey(*base_, wo, d, po);
  EXPECT_EQ(key, PowerCacheKey(*base_, wo, d, po));
  WeightsOptions seed = wo, panel = wo, lap = wo;
  seed.seed += 1;
  panel.panel_size += 1;
  lap.lap_max_h = 64;
  DecideOptions bases = d, threshold = d;
  bases.candidates_checked = 3;
  threshold.derived_log10_p = -20;
  PowerOptions count = po, blocks = po, width = po, vocab = po;
  count.controls = 29;
  blocks.max_blocks = 2;
  width.control_width = 32;
  vocab.max_vocab_per_dim = 4;
  const LayerSubset shallower(*base_, {0, 1, 2});
  for (const auto& other :
       {PowerCacheKey(*base_, seed, d, po), PowerCacheKey(*base_, panel, d, po),
        PowerCacheKey(*base_, lap, d, po), PowerCacheKey(*base_, wo, bases, po),
        PowerCacheKey(*base_, wo, threshold, po), PowerCacheKey(*base_, wo, d, count),
        PowerCacheKey(*base_, wo, d, blocks), PowerCacheKey(*base_, wo, d, width),
        PowerCacheKey(*base_, wo, d, vocab), PowerCacheKey(shallower, wo, d, po)}) {
    EXPECT_NE(other, key);
    EXPECT_NE(PowerCachePath("/c", other), PowerCachePath("/c", key));
  }
}

// An untied lm_head is weighed by the copy check alone, which no fine-tuned control can set off:
// its class is marked copy_check_only (the report names it so instead of a bound of 0), keeps its
// counts, and keeps the mark through the power cache; classes with tests of their own are never
// marked.
TEST_F(PositiveControls, AClassWeighedOnlyByTheCopyCheckIsMarked) {
  Result<Model> untied_model = LoadModel(Example("family/seed-1-rot"));
  ASSERT_TRUE(untied_model.ok()) << untied_model.status().ToString();
  const ModelWeightSource untied(*untied_model);
  PowerOptions po;
  po.controls = 6;
  po.cache_dir = TempDir("power-cache-copy-check");
  ThreadPool pool(2);
  for (bool cached : {false, true}) {
    Result<PowerRun> run = MeasureControlPower(untied, pool, {}, {}, po);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_EQ(run->power.from_cache, cached);
    std::map<std::string, ComponentPower> by_class;
    for (const ComponentPower& c : run->power.components) by_class[c.component] = c;
    ASSERT_TRUE(by_class.count("lm_head") && by_class.count("trunk"));
    EXPECT_TRUE(by_class["lm_head"].copy_check_only);
    EXPECT_EQ(by_class["lm_head"].controls, 6);
    EXPECT_EQ(by_class["lm_head"].detections, 0);
    EXPECT_FALSE(by_class["trunk"].copy_check_only);
    EXPECT_EQ(by_class["trunk"].detections, 6);
  }
  for (const ComponentPower& c : Measure(po).power.components) {
    EXPECT_FALSE(c.copy_check_only) << c.component;  // models/base: tied, no copy-check class
  }
}

TEST_F(PositiveControls, CachedPowerIsReusedAndABadFileRecomputed) {
  PowerOptions po;
  po.controls = 2;
  po.cache_dir = TempDir("power-cache");
  const std::string path = PowerCachePath(po.cache_dir, PowerCacheKey(*base_, {}, {}, po));
  const PowerRun cold = Measure(po);
  EXPECT_FALSE(cold.power.from_cache);
  ASSERT_TRUE(std::ifstream(path).good()) << path;
  const PowerRun warm = Measure(po);
  EXPECT_TRUE(warm.power.from_cache);
  EXPECT_EQ(warm.power.detections, cold.power.detections);
  EXPECT_EQ(warm.power.kinds.size(), cold.power.kinds.size());
  EXPECT_EQ(warm.power.components.size(), cold.power.components.size());
  EXPECT_EQ(warm.power.description, cold.power.description);
  for (const std::string& bad :
       {std::string("{not json"), std::string("{\"key\": 1, \"power\": {}}"), std::string()}) {
    WriteFile(path, bad);
    const PowerRun again = Measure(po);
    EXPECT_FALSE(again.power.from_cache) << bad;
    EXPECT_EQ(again.power.detections, cold.power.detections);
    ASSERT_EQ(again.notes.size(), 1u) << bad;
    EXPECT_NE(again.notes[0].find("power recomputed"), std::string::npos) << again.notes[0];
    EXPECT_TRUE(Measure(po).power.from_cache) << "rewritten after " << bad;
  }
}

TEST(PowerCacheDir, EnvironmentOrder) {
  auto env = [](std::map<std::string, std::string> vars) {
    return [vars](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  };
  EXPECT_EQ(PowerCacheDir(env({{"LINEAGE_POWER_CACHE", "/t"}, {"HOME", "/h"}})), "/t");
  EXPECT_EQ(PowerCacheDir(env({{"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}})), "/x/lineage/power");
  EXPECT_EQ(PowerCacheDir(env({{"HOME", "/h"}})), "/h/.cache/lineage/power");
  EXPECT_EQ(PowerCacheDir(env({})), "");
}

}  // namespace
}  // namespace lineage::testing
