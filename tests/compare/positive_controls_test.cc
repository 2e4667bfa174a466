// Positive controls through the real pipeline on examples/models/base: every derivation kind is
// detected, the power does not depend on the thread count, and the cache is keyed and robust.
#include "compare/positive_controls.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "compare/power_cache.h"
#include "model/model.h"
#include "test_util.h"
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
