// End-to-end weight lineage on the real example models (examples/models) and on variants
// generated from them with known lineage (tests/weights/fixtures.h).
#include "weights/pair/pair_analysis.h"

#include "compare/positive_controls.h"

#include "verdict/ancestry.h"
#include "verdict/decide.h"
#include "weights/pair/pair_evidence.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "stats/ks.h"
#include "stats/rng.h"
#include "test_util.h"
#include "weights/fixtures.h"

namespace lineage::testing {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// What AnalyzeWeights measured and what verdict/decide concluded from it: the one decision rule
// of `lineage weights`, `lineage compare` and `lineage trajectory`.
struct Outcome {
  WeightsResult w;
  PairResult p;
  std::string verdict;
  double log10_p = 0;  // exact, after Bonferroni over every exact test
  const std::vector<std::string>& derivation() const { return p.derivation; }
};

std::string Labels(const Outcome& o) {
  std::string s = o.verdict + " [";
  for (const std::string& l : o.p.derivation) s += l + " ";
  s += "] log10p=" + std::to_string(o.log10_p) + " reason=" + o.p.reason;
  if (o.p.strongest_for)
    s += " (" + o.p.strongest_for->test + " " + o.p.strongest_for->component + ")";
  for (const RobustScore& r : o.p.robust) {
    s += " " + r.test + "=" + std::to_string(r.value) + " z=" + std::to_string(r.z_adj);
  }
  s += std::string(" align=") + AlignmentKindName(o.w.alignment.kind);
  s += " power=" + std::to_string(o.p.power.power) + "/" + std::to_string(o.p.power.controls);
  for (const ComponentVerdict& c : o.p.components) s += " | " + c.name + ":" + c.verdict;
  return s;
}

// The positive controls' power on `base` (compare/positive_controls.h), measured once per base
// and options by the callers that need a negative to be called independent.
PowerStatement ControlPower(const WeightSource& base, const WeightsOptions& options) {
  ThreadPool pool(2);
  PowerOptions po;
  po.cache_dir = testing::TestPowerCache();
  Result<PowerRun> run = MeasureControlPower(base, pool, options, DecideOptions(), po);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return run.ok() ? run->power : PowerStatement();
}

Outcome Decide(WeightsResult w, const PowerStatement* power = nullptr) {
  Outcome o;
  o.w = std::move(w);
  AddWeightsEvidence(o.w, &o.p);
  if (power) o.p.power = *power;
  DecidePair(DecideOptions(), &o.p);
  DecideAncestry({}, &o.p);
  o.verdict = VerdictName(o.p.verdict);
  o.log10_p = o.p.log10_p_adjusted.value_or(0.0);
  return o;
}

// ids_known: the rows were paired by a tokenizer that keeps the shared tokens' ids (the
// examples' one tokenizer, extended at the end), not assumed to match for want of one.
Outcome Analyze(const WeightSource& cand, const WeightSource& base,
                WeightsOptions options = WeightsOptions(), const PowerStatement* power = nullptr,
                bool ids_known = false) {
  ThreadPool pool(2);
  // The example models share one tokenizer (MANIFEST.md), so ids pair token strings.
  auto rows = [](const WeightSource& s) {
    return static_cast<int64_t>(s.Shape(Key(Role::kEmbed)).first);
  };
  SharedTokenRows shared = AssumeSameIds(rows(cand), rows(base), 2048);
  shared.assumed_same_ids = !ids_known;
  Result<WeightsResult> r = AnalyzeWeights(cand, base, shared, pool, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return Outcome();
  Outcome o = Decide(std::move(r).value(), power);
  EXPECT_TRUE(std::isfinite(o.log10_p));
  return o;
}

const Finding* FindingOf(const Outcome& o, const std::string& test) {
  for (const Finding& f : o.p.findings) {
    if (f.test == test) return &f;
  }
  return nullptr;
}

class RealModels : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = new InMemoryWeights(LoadExampleWeights("base"));
    ft_ = new InMemoryWeights(LoadExampleWeights("ft-sft"));
    power_ = new PowerStatement(ControlPower(*base_, WeightsOptions()));
  }
  static void TearDownTestSuite() {
    delete base_;
    delete ft_;
    delete power_;
  }
  static InMemoryWeights* base_;
  static InMemoryWeights* ft_;
  static PowerStatement* power_;  // the controls' power on base, for the negatives
};
InMemoryWeights* RealModels::base_ = nullptr;
InMemoryWeights* RealModels::ft_ = nullptr;
PowerStatement* RealModels::power_ = nullptr;

TEST_F(RealModels, FineTuneIsDerived) {
  Outcome r = Analyze(*ft_, *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_LE(r.log10_p, -12) << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "fine-tuned")) << Labels(r);
  EXPECT_EQ(r.w.alignment.kind, AlignmentKind::kIdentity) << Labels(r);
  EXPECT_TRUE(r.w.block_map.diagonal) << Labels(r);
  ASSERT_FALSE(r.p.components.empty());
  EXPECT_EQ(r.p.components[0].name, "embed");
  EXPECT_EQ(r.p.components[0].verdict, "derived") << Labels(r);
}

TEST_F(RealModels, PermutedCamouflageIsDerivedAndRecognised) {
  InMemoryWeights perm = LoadExampleWeights("perm");
  Outcome r = Analyze(perm, *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "camouflaged-permutation")) << Labels(r);
  EXPECT_EQ(r.w.alignment.kind, AlignmentKind::kSignedPermutation) << Labels(r);
}

TEST_F(RealModels, IndependentTrainingIsIndependent) {
  InMemoryWeights indep = LoadExampleWeights("indep-s1");
  Outcome r = Analyze(indep, *base_, WeightsOptions(), power_);
  EXPECT_EQ(r.verdict, "independent") << Labels(r);
  EXPECT_GT(r.log10_p, -2) << Labels(r);
  EXPECT_TRUE(r.derivation().empty());
  EXPECT_TRUE(r.p.power.measured);
  EXPECT_GE(r.p.power.lower_bound, 0.9);
}

TEST_F(RealModels, RandomInitOfTheSameRunIsIndependent) {
  InMemoryWeights step0 = LoadExampleWeights("traj-s1/step-00000");
  Outcome r = Analyze(step0, *base_, WeightsOptions(), power_);
  EXPECT_EQ(r.verdict, "independent") << Labels(r);
}

TEST_F(RealModels, RotationWithGammaReallocationIsDerived) {
  Outcome r = Analyze(RotateResidual(*ft_, 11), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "camouflaged-rotation")) << Labels(r);
  EXPECT_LE(r.log10_p, -12) << Labels(r);
}

TEST_F(RealModels, UpDownRescalingIsDerived) {
  Outcome r = Analyze(RescaleUpDown(*ft_, 12), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
}

TEST_F(RealModels, LayerDuplicationIsDepthUpscaled) {
  Outcome r = Analyze(ReorderBlocks(*ft_, {0, 1, 2, 3, 1, 2, 3, 4}), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "depth-upscaled")) << Labels(r);
  EXPECT_EQ(r.w.block_map.restarts, 1) << Labels(r);
}

TEST_F(RealModels, DroppedLayersAreDepthPruned) {
  Outcome r = Analyze(ReorderBlocks(*ft_, {0, 1, 3, 4}), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "depth-pruned")) << Labels(r);
  EXPECT_EQ(r.w.block_map.skipped_base, std::vector<int>{2}) << Labels(r);
}

TEST_F(RealModels, WidthPruningIsDetected) {
  Outcome r = Analyze(WidthPrune(*ft_, 128, 13), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "width-pruned")) << Labels(r);
}

TEST_F(RealModels, VocabularyExtensionIsDetected) {
  Outcome r = Analyze(ExtendVocab(*ft_, 64, 14), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "vocab-extended")) << Labels(r);
}

TEST_F(RealModels, MoeUpcyclingIsDetected) {
  Outcome r = Analyze(MoeUpcycle(*base_, 4, 0.1, 15), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "moe-upcycled")) << Labels(r);
  EXPECT_FALSE(r.w.diagnostics.expert_map.empty());
}

// An MoE base is compared through its first expert (SignatureExpert), like an MoE candidate:
// before, a base without a dense MLP had no units to compare, so its trunk was never tested, and
// the positive controls made from an MoE base detected none of their 60 trunks.
std::string TrunkVerdict(const Outcome& o) {
  for (const ComponentVerdict& c : o.p.components) {
    if (c.name == "trunk") return c.verdict;
  }
  return "(none)";
}

TEST_F(RealModels, AnMoeBaseHasItsTrunkTestedInBothOrders) {
  const InMemoryWeights moe = MoeUpcycle(*base_, 4, 0.1, 15);
  Outcome swapped = Analyze(*base_, moe);
  EXPECT_EQ(TrunkVerdict(swapped), "derived") << Labels(swapped);
  EXPECT_FALSE(swapped.w.blocks.empty());
  Outcome tuned = Analyze(NoisedCopy(moe, 0.3, 16), moe);
  EXPECT_EQ(TrunkVerdict(tuned), "derived") << Labels(tuned);
  Outcome indep = Analyze(MoeUpcycle(LoadExampleWeights("indep-s1"), 4, 0.1, 17), moe);
  EXPECT_NE(TrunkVerdict(indep), "derived") << Labels(indep);
}

TEST_F(RealModels, ControlsMadeFromAnMoeBaseDetectItsTrunk) {
  const PowerStatement power = ControlPower(MoeUpcycle(*base_, 4, 0.1, 15), WeightsOptions());
  ASSERT_EQ(power.controls, 60);
  const ComponentPower* trunk = nullptr;
  for (const ComponentPower& c : power.components) {
    if (c.component == "trunk") trunk = &c;
  }
  ASSERT_NE(trunk, nullptr);
  EXPECT_EQ(trunk->detections, trunk->controls);
}

TEST_F(RealModels, HalfPrecisionCastsAreDerived) {
  for (DType t : {DType::kBF16, DType::kF16}) {
    Outcome r = Analyze(CastTo(*base_, t), *base_);
    EXPECT_EQ(r.verdict, "derived") << DTypeName(t) << " " << Labels(r);
    EXPECT_TRUE(Has(r.derivation(), "dtype-cast")) << DTypeName(t) << " " << Labels(r);
    EXPECT_FALSE(Has(r.derivation(), "fine-tuned")) << DTypeName(t) << " " << Labels(r);
    ASSERT_TRUE(r.w.diagnostics.cast_equal_fraction.has_value());
    EXPECT_GT(*r.w.diagnostics.cast_equal_fraction, 0.99);
  }
}

TEST_F(RealModels, QuantisedCopiesAreDerived) {
  for (DType t : {DType::kQ8_0, DType::kQ4_K}) {
    Outcome r = Analyze(QuantizeRoundTrip(*base_, t), *base_);
    EXPECT_EQ(r.verdict, "derived") << DTypeName(t) << " " << Labels(r);
    EXPECT_TRUE(Has(r.derivation(), "quantized")) << DTypeName(t) << " " << Labels(r);
  }
}

TEST_F(RealModels, ReuseOfEmbeddingAndFirstBlocksIsLocalised) {
  Outcome r = Analyze(ReuseEmbedAndFirstBlocks(*ft_, 2, 16), *base_);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
  EXPECT_TRUE(Has(r.derivation(), "component-reuse")) << Labels(r);
  for (const ComponentVerdict& c : r.p.components) {
    if (c.name == "block 0" || c.name == "block 1") {
      EXPECT_EQ(c.verdict, "derived") << c.name;
    }
    if (c.name == "block 3" || c.name == "block 4") {
      EXPECT_NE(c.verdict, "derived") << c.name;
    }
  }
}

TEST_F(RealModels, NonFiniteWeightsAreReportedNotFatal) {
  Outcome r = Analyze(WithNonFinite(*ft_), *base_);
  EXPECT_GE(r.w.non_finite, 2);
  EXPECT_EQ(r.verdict, "derived") << Labels(r);
}

TEST_F(RealModels, NoSharedTokensIsStatedAndNotDerivedByAccident) {
  ThreadPool pool(2);
  InMemoryWeights indep = LoadExampleWeights("indep-s1");
  SharedTokenRows none;
  Result<WeightsResult> r = AnalyzeWeights(indep, *base_, none, pool, WeightsOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(Decide(*r).verdict, "derived");
  EXPECT_EQ(r->alignment.kind, AlignmentKind::kNone);
  EXPECT_FALSE(r->notes.empty());
  // Without probes S2 cannot run, so the fine-tune is still caught by S1 alone.
  Result<WeightsResult> ft = AnalyzeWeights(*ft_, *base_, none, pool, WeightsOptions());
  ASSERT_TRUE(ft.ok()) << ft.status().ToString();
  EXPECT_EQ(Decide(*ft).verdict, "derived");
}

// Issue 13: shared weights show relatedness, not direction. Each derivation with a direction is
// analysed in both orders: the verdict is the same and the ancestry mirrors; a fine-tune (no
// direction-bearing difference) stays unknown both ways.
TEST_F(RealModels, AncestryNamesADirectionOnlyWithEvidenceAndMirrors) {
  struct Case {
    std::string name;
    InMemoryWeights model;
    Ancestry expected;  // of `model` (candidate) against base
    std::string evidence;
  };
  std::vector<Case> cases;
  cases.push_back({"fine-tune", LoadExampleWeights("ft-sft"), Ancestry::kUnknown, ""});
  cases.push_back({"vocab", ExtendVocab(*ft_, 64, 14), Ancestry::kCandidateFromBase,
                   "ancestry.evidence.vocab_extension"});
  cases.push_back({"upscaled", ReorderBlocks(*ft_, {0, 1, 2, 3, 1, 2, 3, 4}),
                   Ancestry::kCandidateFromBase, "ancestry.evidence.depth_upscaling"});
  cases.push_back({"pruned", ReorderBlocks(*ft_, {0, 1, 3, 4}), Ancestry::kCandidateFromBase,
                   "ancestry.evidence.depth_pruning"});
  cases.push_back({"narrow", WidthPrune(*ft_, 128, 13), Ancestry::kCandidateFromBase,
                   "ancestry.evidence.width_pruning"});
  cases.push_back({"bf16", CastTo(*base_, DType::kBF16), Ancestry::kCandidateFromBase,
                   "ancestry.evidence.precision_cast"});
  cases.push_back({"q8", QuantizeRoundTrip(*base_, DType::kQ8_0), Ancestry::kCandidateFromBase,
                   "ancestry.evidence.quantization"});
  for (const Case& c : cases) {
    const Outcome fwd = Analyze(c.model, *base_, WeightsOptions(), nullptr, /*ids_known=*/true);
    const Outcome back = Analyze(*base_, c.model, WeightsOptions(), nullptr, /*ids_known=*/true);
    EXPECT_EQ(fwd.verdict, "derived") << c.name << " " << Labels(fwd);
    EXPECT_EQ(back.verdict, "derived") << c.name << " " << Labels(back);
    EXPECT_EQ(fwd.p.ancestry.ancestry, c.expected) << c.name << " " << fwd.p.ancestry.reason;
    EXPECT_EQ(back.p.ancestry.ancestry, MirrorAncestry(c.expected))
        << c.name << " " << back.p.ancestry.reason;
    for (const Outcome* o : {&fwd, &back}) {
      bool found = c.evidence.empty();
      for (const AncestryEvidence& e : o->p.ancestry.evidence) found = found || e.id == c.evidence;
      EXPECT_TRUE(found) << c.name << ": no " << c.evidence;
      if (c.evidence.empty()) {
        EXPECT_TRUE(o->p.ancestry.evidence.empty()) << c.name;
      }
    }
  }
}

// Without a tokenizer the rows are paired by assumption: more rows alone name no direction.
TEST_F(RealModels, AssumedIdsGiveNoVocabularyDirection) {
  const Outcome o = Analyze(ExtendVocab(*ft_, 64, 14), *base_);
  EXPECT_EQ(o.verdict, "derived") << Labels(o);
  EXPECT_EQ(o.p.ancestry.ancestry, Ancestry::kUnknown);
}

// S4 (HuRef) is context (METHODS §10.2): it sees the fine-tune and the camouflaged permutation far
// above every replica, yet never decides; S1/S2 decide them, and the distilled independent stays
// independent whatever S4 says.
TEST_F(RealModels, HurefInvariantsAreContextBesideTheDecidingTests) {
  InMemoryWeights perm = LoadExampleWeights("perm");
  InMemoryWeights indep = LoadExampleWeights("indep-s1");
  for (const auto& [name, derived] : std::vector<std::pair<std::string, bool>>{
           {"ft-sft", true}, {"perm", true}, {"indep-s1", false}}) {
    const WeightSource& cand = name == "ft-sft" ? static_cast<const WeightSource&>(*ft_)
                               : name == "perm" ? static_cast<const WeightSource&>(perm)
                                                : static_cast<const WeightSource&>(indep);
    // The controls' measured power on base, so the independent case can be called independent.
    Outcome r = Analyze(cand, *base_, WeightsOptions(), power_);
    const Finding* s4 = FindingOf(r, "huref_invariants");
    ASSERT_NE(s4, nullptr) << name << " " << Labels(r);
    EXPECT_TRUE(!s4->decisive && s4->approximate) << name;
    EXPECT_FALSE(s4->effect_floor.has_value()) << name;  // no route to a decision
    EXPECT_EQ(s4->component, "trunk");
    ASSERT_TRUE(s4->null && s4->null->max && s4->null->samples >= 2) << name;
    EXPECT_EQ(s4->null->kind, "calibrated-panel");
    if (derived) {
      // Far beyond every replica, and the pair derived by the other tests.
      EXPECT_GT(s4->value, 0.9) << name << " " << Labels(r);
      EXPECT_GT(s4->value, *s4->null->max) << name;
      EXPECT_EQ(r.verdict, "derived") << name << " " << Labels(r);
      // Localisation: every block is derived, by S1 or (under MLP permutation) by per-block S2.
      for (const ComponentVerdict& c : r.p.components) {
        if (c.name.rfind("block", 0) == 0) {
          EXPECT_EQ(c.verdict, "derived") << name << " " << c.name;
        }
      }
    } else {
      // A distillate of base: whatever S4 reads, the exact tests and S2 keep it independent.
      EXPECT_EQ(r.verdict, "independent") << name << " " << Labels(r);
    }
  }
}

// M_f is not rotation-invariant: a rotated derived pair must get no evidence against derivation
// from it, and S4's decisive score (M_a, M_b) still sees the copy.
TEST_F(RealModels, RotationGivesNoEvidenceAgainstDerivationFromHuref) {
  Outcome r = Analyze(RotateResidual(*ft_, 11), *base_);
  ASSERT_EQ(r.w.alignment.kind, AlignmentKind::kRotation) << Labels(r);
  for (const Finding& f : r.p.findings) {
    if (f.test.rfind("huref", 0) == 0) {
      EXPECT_NE(f.direction, Direction::kAgainstDerivation) << f.test;
    }
  }
  const Finding* mf = FindingOf(r, "huref_mlp");
  if (mf != nullptr) {
    EXPECT_FALSE(mf->decisive);
  }
  const Finding* s4 = FindingOf(r, "huref_invariants");
  ASSERT_NE(s4, nullptr);
  EXPECT_GT(s4->value, 0.9) << Labels(r);
}

// Replaces the check that 3 noised controls were judged at decide's threshold: the controls now
// pass through DecidePair itself, so decision options that no control can reach measure no power,
// and a negative stays inconclusive.
TEST_F(RealModels, PowerIsMeasuredByTheDecisionRule) {
  DecideOptions strict;
  strict.derived_log10_p = -1e9;
  strict.derived_z = 1e9;
  ThreadPool pool(2);
  PowerOptions few;
  few.controls = 2;
  Result<PowerRun> run = MeasureControlPower(*base_, pool, WeightsOptions(), strict, few);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->power.controls, 2);
  EXPECT_EQ(run->power.detections, 0);
  Outcome r = Analyze(LoadExampleWeights("indep-s1"), *base_, WeightsOptions(), &run->power);
  EXPECT_EQ(r.p.power.power, 0.0);
  EXPECT_EQ(r.verdict, "inconclusive") << Labels(r);
}

TEST(PairAnalysis, EmptyModelIsAClearError) {
  ThreadPool pool(1);
  InMemoryWeights empty;
  InMemoryWeights other = RandomInitModel(TinyShape(), 1);
  Result<WeightsResult> r = AnalyzeWeights(empty, other, SharedTokenRows(), pool, WeightsOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty model"), std::string::npos);
}

// Two seeded random inits of different shapes (widths, heads, depth) are analysed, not refused,
// and every decisive statistic lies inside its null: inconclusive while no power is measured, and
// independent once the controls' power is given.
TEST(PairAnalysis, UnrelatedShapesLieInsideTheNull) {
  TinyShape a, b;
  b.d = 48;
  b.h = 100;
  b.heads = 6;
  b.kv_heads = 3;
  b.layers = 3;
  InMemoryWeights ma = RandomInitModel(a, 2), mb = RandomInitModel(b, 3);
  ThreadPool pool(2);
  SharedTokenRows shared = AssumeSameIds(a.vocab, b.vocab, 2048);
  Result<WeightsResult> r = AnalyzeWeights(ma, mb, shared, pool, WeightsOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Outcome unpowered = Decide(*r);
  EXPECT_EQ(unpowered.verdict, "inconclusive");
  EXPECT_EQ(unpowered.p.reason, kReasonNullWithoutPower);
  int decisive = 0;
  for (const Finding& f : unpowered.p.findings) {
    if (!f.decisive || !f.log10_p) continue;
    ++decisive;
    EXPECT_GT(*f.log10_p, DecideOptions().null_log10_p) << f.test << " " << f.component;
  }
  EXPECT_GT(decisive, 0);
  PowerStatement power;
  power.controls = power.detections = 60;
  Outcome powered = Decide(*r, &power);
  EXPECT_EQ(powered.verdict, "independent") << Labels(powered);
}

// Null calibration: independent random-init pairs give uniform exact p-values and no positives.
// Small random-init models for null calibration (h >= 100: the LAP uses its normal approximation)
// and the lighter options those many pairs run with.
TinyShape NullShape(int layers) {
  TinyShape s;
  s.vocab = 256;
  s.d = 32;
  s.h = 128;
  s.layers = layers;
  s.heads = 4;
  s.kv_heads = 2;
  return s;
}

WeightsOptions NullOptions() {
  WeightsOptions options;
  options.panel_size = 4;
  options.per_tensor = false;
  return options;
}

TEST(PairAnalysis, NullCalibrationUniformExactPValues) {
  const TinyShape s = NullShape(2);
  WeightsOptions options = NullOptions();
  std::vector<double> lap_p;
  int derived = 0, independent = 0;
  const int pairs = 60;
  // The controls' power of this shape class and these options, measured once (on the first base).
  const PowerStatement power = ControlPower(RandomInitModel(s, 1001), options);
  for (int k = 0; k < pairs; ++k) {
    InMemoryWeights a = RandomInitModel(s, 1000 + 2 * k), b = RandomInitModel(s, 1001 + 2 * k);
    options.seed = 77 + k;
    Outcome r = Analyze(a, b, options, &power);
    derived += r.verdict == "derived";
    independent += r.verdict == "independent";
    for (const BlockResult& br : r.w.blocks) {
      if (br.diagonal && br.test.mlp.lap_done)
        lap_p.push_back(std::pow(10.0, br.test.mlp.spearman_log10_p));
    }
  }
  EXPECT_EQ(derived, 0);
  EXPECT_GE(independent, pairs * 9 / 10);
  ASSERT_EQ(lap_p.size(), static_cast<size_t>(pairs * s.layers));
  Result<KsResult> ks = KsTestUniform(lap_p);
  ASSERT_TRUE(ks.ok());
  EXPECT_GT(ks->log10_p, -3) << "KS D = " << ks->d;
}

// An ungated (fc1 → activation → fc2) copy of a model: the gate dropped, up read as fc1 and down
// as fc2, the shape of GPT-2 blocks and CLIP/SigLIP towers.
InMemoryWeights Ungated(InMemoryWeights w, int layers) {
  for (int l = 0; l < layers; ++l) w.Erase(Key(Role::kGate, l));
  return w;
}

// Relabels every block's hidden units (fc1 rows and fc2 columns by one seeded permutation): the
// model computes the same function.
InMemoryWeights PermuteHidden(InMemoryWeights w, int layers, uint64_t seed) {
  for (int l = 0; l < layers; ++l) {
    Mat* up = w.Get(Key(Role::kUp, l));
    Mat* down = w.Get(Key(Role::kDown, l));
    std::vector<int32_t> perm(static_cast<size_t>(up->rows()));
    for (size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<int32_t>(i);
    Rng rng(seed + static_cast<uint64_t>(l));
    rng.Shuffle(std::span<int32_t>(perm));
    Mat u = *up, d = *down;
    for (size_t i = 0; i < perm.size(); ++i) {
      up->row(static_cast<Eigen::Index>(i)) = u.row(perm[i]);
      down->col(static_cast<Eigen::Index>(i)) = d.col(perm[i]);
    }
  }
  return w;
}

// The exact null of S1 on ungated units (fc1 row + fc2 column) is the gated one: independent
// random inits give uniform LAP p-values and no derived verdict; the fc1/fc2 S2 analogue is
// reported, calibrated and at chance.
TEST(PairAnalysis, UngatedMlpNullCalibrationUniformExactPValues) {
  const TinyShape s = NullShape(2);
  WeightsOptions options = NullOptions();
  std::vector<double> lap_p;
  int derived = 0;
  const int pairs = 30;
  for (int k = 0; k < pairs; ++k) {
    InMemoryWeights a = Ungated(RandomInitModel(s, 5000 + 2 * k), s.layers);
    InMemoryWeights b = Ungated(RandomInitModel(s, 5001 + 2 * k), s.layers);
    options.seed = 91 + k;
    Outcome r = Analyze(a, b, options);
    derived += r.verdict == "derived";
    ASSERT_TRUE(r.w.gate_up_agreement.has_value());
    EXPECT_LT(*r.w.gate_up_agreement, 0.2);
    for (const BlockResult& br : r.w.blocks) {
      if (br.diagonal && br.test.mlp.lap_done)
        lap_p.push_back(std::pow(10.0, br.test.mlp.spearman_log10_p));
    }
  }
  EXPECT_EQ(derived, 0);
  ASSERT_EQ(lap_p.size(), static_cast<size_t>(pairs * s.layers));
  Result<KsResult> ks = KsTestUniform(lap_p);
  ASSERT_TRUE(ks.ok());
  EXPECT_GT(ks->log10_p, -3) << "KS D = " << ks->d;
}

// An ungated model fine-tuned is derived by the exact S1; with its hidden units relabelled, S1's
// identity order is gone and the fc1/fc2 analogue of S2 recognises the permutation.
TEST(PairAnalysis, UngatedMlpFineTuneAndPermutationAreDerived) {
  const TinyShape s = NullShape(3);
  InMemoryWeights base = Ungated(RandomInitModel(s, 4242), s.layers);
  InMemoryWeights tuned = NoisedCopy(base, 0.3, 17);
  Outcome ft = Analyze(tuned, base);
  EXPECT_EQ(ft.verdict, "derived") << Labels(ft);
  EXPECT_LE(ft.log10_p, -12) << Labels(ft);
  bool noted = false;
  for (const std::string& n : ft.w.notes)
    noted = noted || n.find("ungated MLP") != std::string::npos;
  EXPECT_TRUE(noted);

  Outcome perm = Analyze(PermuteHidden(tuned, s.layers, 99), base);
  EXPECT_EQ(perm.verdict, "derived") << Labels(perm);
  EXPECT_TRUE(Has(perm.derivation(), "camouflaged-permutation")) << Labels(perm);
  ASSERT_TRUE(perm.w.gate_up_agreement.has_value());
  EXPECT_GE(*perm.w.gate_up_agreement, 0.5) << Labels(perm);
}

}  // namespace
}  // namespace lineage::testing
