#include "compare/positive_controls.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "compare/power_cache.h"
#include "stats/rng.h"
#include "util/progress.h"
#include "weights/align/shared_tokens.h"
#include "weights/kernels/blas_threads.h"
#include "weights/pair/pair_evidence.h"
#include "weights/source/layer_subset.h"
#include "weights/source/width_reduction.h"

namespace lineage {

namespace {

using Json = nlohmann::ordered_json;

// Bumped whenever the controls or the statistics they pass through change what they detect.
constexpr const char* kControlsVersion = "positive-controls-7";

// The derivation kinds, in plan order; every control also drifts like a fine-tune.
ControlTransform KindOf(size_t i) {
  ControlTransform t;
  switch (i % 6) {
    case 0:
      t.kind = "fine-tune";
      break;
    case 1:
      t.kind = "permutation";
      t.permute_residual = t.permute_units = t.permute_heads = true;
      break;
    case 2:
      t.kind = "rotation";
      t.rotate_residual = true;
      break;
    case 3:
      t.kind = "rescaling";
      t.reallocate_norms = t.rescale_units = true;
      break;
    case 4:
      t.kind = "pruning";
      t.prune_half = true;
      break;
    default:
      t.kind = "rotation+permutation+rescaling";
      t.rotate_residual = t.permute_units = t.permute_heads = t.rescale_units = true;
  }
  return t;
}

struct Tally {
  PowerStatement power;
  std::map<std::string, size_t> kind_index;
  std::map<std::string, size_t> component_index;
  std::set<std::string> own_tests;  // classes some control weighed beyond the copy check
};

void Count(const ControlTransform& t, const PairResult& decided, Tally* tally) {
  PowerStatement& p = tally->power;
  const bool detected = decided.verdict == Verdict::kDerived;
  ++p.controls;
  p.detections += detected;
  auto [kit, knew] = tally->kind_index.emplace(t.kind, p.kinds.size());
  if (knew) p.kinds.push_back(PowerKind{t.kind, 0, 0});
  ++p.kinds[kit->second].controls;
  p.kinds[kit->second].detections += detected;
  std::map<std::string, bool> classes;  // class → any of its components derived
  for (const ComponentVerdict& cv : decided.components) {
    if (cv.verdict == "not-compared") continue;
    const std::string cls = PowerClass(cv.name);
    classes[cls] = classes[cls] || cv.verdict == VerdictName(Verdict::kDerived);
    // A control's decision has no power to use, so not-comparable here means the copy check
    // alone was weighed, and it was silent (verdict/decide.cc CopyCheckOnly).
    if (cv.verdict != kNotComparable) tally->own_tests.insert(cls);
  }
  for (const auto& [cls, derived] : classes) {
    auto [cit, cnew] = tally->component_index.emplace(cls, p.components.size());
    if (cnew) p.components.push_back(ComponentPower{cls, 0, 0, 0});
    ++p.components[cit->second].controls;
    p.components[cit->second].detections += derived;
  }
}

void MarkCopyCheckOnly(Tally* tally) {
  for (ComponentPower& c : tally->power.components) {
    c.copy_check_only = !tally->own_tests.contains(c.component);
  }
}

// The base the controls are made from: `layers` of the base, narrowed to power.control_width
// residual dimensions and read into memory once (weights/source/width_reduction.h).
Result<WidthReduced> ControlBase(const LayerSubset& sub, const WeightsOptions& weights,
                                 const PowerOptions& power) {
  WidthOptions wo;
  wo.width = power.control_width > 0 ? power.control_width : std::numeric_limits<int64_t>::max();
  wo.max_vocab_per_dim = power.max_vocab_per_dim;
  wo.seed = Rng(weights.seed).Fork(0x5769647468).Next();  // "Width"
  return WidthReduced::Build(sub, wo);
}

std::string Description(const PowerStatement& p, const PowerOptions& o, size_t sampled, int blocks,
                        const WidthReduction& red) {
  std::string s = fmt::format(
      "{} synthetic derived models made from the base ({} kinds; every one also drifted to a "
      "per-row cosine in [{:.2f}, {:.2f}]) on {} of {} blocks",
      p.controls, p.kinds.size(), o.min_drift_cosine, o.max_drift_cosine, sampled, blocks);
  if (red.reduced()) {
    s += fmt::format(
        ", narrowed to {} of {} residual dimensions, the same share of MLP units and {} of {} "
        "vocabulary rows",
        red.residual_kept, red.residual, red.vocab_kept, red.vocab);
  }
  return s + ", each through the same alignment, tests and decision rule as the pair";
}

Result<PowerStatement> RunControls(const WeightSource& base, ThreadPool& pool,
                                   const WeightsOptions& weights, const DecideOptions& decide,
                                   const PowerOptions& power) {
  const int blocks = base.layout().num_layers;
  const std::vector<int> layers = SpreadLayers(blocks, power.max_blocks);
  const LayerSubset sub(base, layers);
  LINEAGE_ASSIGN_OR_RETURN(const WidthReduced narrow, ControlBase(sub, weights, power));
  const double factor = narrow.reduction().factor;
  const WeightsOptions wo = ControlAnalysisOptions(weights, blocks, factor);
  DecideOptions d = decide;
  const int sampled = std::max<int>(1, static_cast<int>(layers.size()));
  d.candidates_checked =
      std::max(1, decide.candidates_checked) * ((blocks + sampled - 1) / sampled);
  const auto vocab = static_cast<int64_t>(narrow.Shape(Key(Role::kEmbed)).first);
  const auto probes = static_cast<size_t>(
      std::max<int64_t>(1, std::llround(static_cast<double>(kPairProbeTokens) * factor)));
  const SharedTokenRows shared = AssumeSameIds(vocab, vocab, vocab > 0 ? probes : 0);
  Tally tally;
  tally.power.confidence = power.confidence;
  Progress progress("power controls", static_cast<uint64_t>(std::max(0, power.controls)),
                    "controls", weights.progress, weights.progress_sink);
  const std::vector<ControlTransform> plan =
      PlanControls(power.controls, weights.seed, power.min_drift_cosine, power.max_drift_cosine);
  // One control per worker, each on one thread with one BLAS thread: at a control's width,
  // OpenBLAS's own threads spent about 40 % of the controls' time spinning in sched_yield
  // (perf, the 7B bench's base). One thread each also makes a control's numbers independent of
  // the pool's size and of OPENBLAS_NUM_THREADS.
  std::vector<PairResult> decided(plan.size());
  {
    const BlasThreadLimit one_blas_thread(1);
    LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, plan.size(), [&](size_t i) -> Status {
      LINEAGE_RETURN_IF_ERROR(CheckCancel(weights.cancel));
      ThreadPool serial(1);
      const ControlSource control(narrow, plan[i]);
      LINEAGE_ASSIGN_OR_RETURN(WeightsResult w,
                               AnalyzeWeights(control, narrow, shared, serial, wo));
      AddWeightsEvidence(w, &decided[i]);
      DecidePair(d, &decided[i]);
      progress.Add(1);
      return Status::Ok();
    }));
  }
  for (size_t i = 0; i < plan.size(); ++i) Count(plan[i], decided[i], &tally);
  MarkCopyCheckOnly(&tally);
  progress.Finish();
  tally.power.description =
      Description(tally.power, power, layers.size(), blocks, narrow.reduction());
  tally.power.residual_width = narrow.reduction().residual;
  tally.power.control_width = narrow.reduction().residual_kept;
  return tally.power;
}

}  // namespace

std::vector<ControlTransform> PlanControls(int n, uint64_t seed, double min_drift_cosine,
                                           double max_drift_cosine) {
  std::vector<ControlTransform> plan;
  for (int c = 0; c < n; ++c) {
    Rng rng = Rng(seed).Fork(static_cast<uint64_t>(c));
    ControlTransform t = KindOf(static_cast<size_t>(c));
    t.seed = rng.Next();
    t.drift_cosine = min_drift_cosine + (max_drift_cosine - min_drift_cosine) * rng.Uniform();
    plan.push_back(std::move(t));
  }
  return plan;
}

WeightsOptions ControlAnalysisOptions(const WeightsOptions& weights, int blocks, double factor) {
  WeightsOptions wo = weights;
  wo.progress = false;
  wo.progress_sink = {};
  wo.timings = false;
  wo.read_counters.clear();
  wo.budget = ReadBudget();  // the controls measure the procedure; the pair's budget is the pair's
  // A control counts only its decision: what never weighs in it (S4, CKA, the fine-tune shape, the
  // trunk's per-tensor statistics) is not computed; the decision is the same (METHODS §10.4).
  wo.decision_only = true;
  // The pair's sequential rule (METHODS §10.8): its mode as resolved and its planned looks, so
  // each control's decision pays the same correction over looks; a control reads its few blocks
  // whole, which is the first look of the pair, so it needs no stop rule of its own.
  wo.sampling.look = nullptr;
  if (wo.sampling.mode == SamplingMode::kAuto) wo.sampling.mode = SamplingMode::kFull;
  if (wo.sampling.plan_pairs <= 0) wo.sampling.plan_pairs = blocks;
  wo.s2_probes = std::max(1, static_cast<int>(std::lround(wo.s2_probes * factor)));
  wo.lap_max_h = std::max<int64_t>(1, std::llround(static_cast<double>(wo.lap_max_h) * factor));
  return wo;
}

Json PowerCacheKey(const WeightSource& base, const WeightsOptions& w, const DecideOptions& d,
                   const PowerOptions& p) {
  const WeightLayout& l = base.layout();
  Json tensors = Json::array();
  for (const TensorKey& k : base.Keys()) {
    const auto shape = base.Shape(k);
    tensors.push_back({k.component, RoleName(k.role), k.layer, k.expert, shape.first, shape.second,
                       base.DTypeOf(k)});
  }
  return {
      {"version", std::string(LINEAGE_VERSION) + "/" + kControlsVersion},
      {"shape",
       {{"architecture", l.architecture},
        {"layers", l.num_layers},
        {"experts", l.num_experts},
        {"heads", l.num_heads},
        {"kv_heads", l.num_kv_heads},
        {"gemma_norm_offset", l.gemma_norm_offset},
        {"tied_embeddings", l.tied_embeddings},
        {"components", l.components},
        {"tensors", tensors}}},
      {"weights",
       {{"seed", w.seed},
        {"panel_size", w.panel_size},
        {"max_robust_blocks", w.max_robust_blocks},
        {"lap_max_h", w.lap_max_h},
        {"s2_probes", w.s2_probes},
        {"per_tensor", w.per_tensor}}},
      {"sampling",
       {{"mode", w.sampling.mode == SamplingMode::kSequential ? "sequential" : "full"},
        {"plan_pairs", w.sampling.plan_pairs}}},
      {"decide",
       {{"candidates_checked", d.candidates_checked},
        {"derived_log10_p", d.derived_log10_p},
        {"derived_z", d.derived_z},
        {"null_log10_p", d.null_log10_p},
        {"null_z", d.null_z}}},
      {"controls",
       {{"count", p.controls},
        {"max_blocks", p.max_blocks},
        {"confidence", p.confidence},
        {"control_width", p.control_width},
        {"max_vocab_per_dim", p.max_vocab_per_dim},
        {"drift_cosine", {p.min_drift_cosine, p.max_drift_cosine}}}},
  };
}

WeightsOptions ControlWeightsOptions(const WeightsOptions& weights, const WeightsResult& pair) {
  WeightsOptions wo = weights;
  wo.sampling.look = nullptr;
  wo.sampling.mode =
      pair.sampling.mode == "sequential" ? SamplingMode::kSequential : SamplingMode::kFull;
  wo.sampling.plan_pairs = pair.sampling.blocks_total;
  return wo;
}

Result<PowerRun> MeasureControlPower(const WeightSource& base, ThreadPool& pool,
                                     const WeightsOptions& weights, const DecideOptions& decide,
                                     const PowerOptions& power) {
  PowerRun run;
  const Json key = PowerCacheKey(base, weights, decide, power);
  if (!power.cache_dir.empty()) {
    std::string warning;
    if (std::optional<PowerStatement> cached = LoadCachedPower(power.cache_dir, key, &warning)) {
      run.power = std::move(*cached);
      return run;
    }
    if (!warning.empty()) run.notes.push_back(warning);
  }
  LINEAGE_ASSIGN_OR_RETURN(run.power, RunControls(base, pool, weights, decide, power));
  if (!power.cache_dir.empty()) {
    if (Status st = StoreCachedPower(power.cache_dir, key, run.power); !st.ok()) {
      run.notes.push_back("the power cache was not written (" + st.ToString() + ")");
    }
  }
  return run;
}

Status AddControlPower(const WeightSource& base, ThreadPool& pool, const WeightsOptions& weights,
                       const DecideOptions& decide, const PowerOptions& power, PairResult* pair) {
  if (!power.always && !PowerCanDecide(decide, *pair)) {
    pair->power = PowerStatement{};
    pair->power.not_needed = true;
    return Status::Ok();
  }
  LINEAGE_ASSIGN_OR_RETURN(PowerRun run, MeasureControlPower(base, pool, weights, decide, power));
  pair->power = std::move(run.power);
  for (std::string& n : run.notes) pair->limitations.push_back(std::move(n));
  return Status::Ok();
}

}  // namespace lineage
