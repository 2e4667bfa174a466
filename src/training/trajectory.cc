#include "training/trajectory.h"

#include <cmath>
#include <utility>

#include "weights/align/shared_tokens.h"
#include "weights/pair/pair_evidence.h"
#include "weights/source/model_weight_source.h"

namespace lineage {
namespace {

int64_t EmbedRows(const WeightSource& s) {
  TensorKey k;
  k.role = Role::kEmbed;
  return static_cast<int64_t>(s.Shape(k).first);
}

// The weights evidence of one pair, undecided (the caller decides with verdict/decide, like every
// other command).
Result<PairResult> PairEvidence(const WeightSource& cand, const WeightSource& base,
                                ThreadPool& pool, const WeightsOptions& opt) {
  // Checkpoints of one run share their tokenizer: rows are paired by id (stated in notes).
  SharedTokenRows shared = AssumeSameIds(EmbedRows(cand), EmbedRows(base), 2048);
  LINEAGE_ASSIGN_OR_RETURN(WeightsResult w, AnalyzeWeights(cand, base, shared, pool, opt));
  PairResult pair;
  AddWeightsEvidence(w, &pair);
  return pair;
}

}  // namespace

Result<double> RelativeDrift(const WeightSource& from, const WeightSource& to) {
  double diff = 0, norm = 0;
  int shared = 0;
  for (const TensorKey& k : from.Keys()) {
    if (!to.Has(k) || from.Shape(k) != to.Shape(k)) continue;
    LINEAGE_ASSIGN_OR_RETURN(Mat a, from.Read(k));
    LINEAGE_ASSIGN_OR_RETURN(Mat b, to.Read(k));
    diff += (b.cast<double>() - a.cast<double>()).squaredNorm();
    norm += a.cast<double>().squaredNorm();
    ++shared;
  }
  if (shared == 0) return InvalidArgument("checkpoints share no weight tensor of the same shape");
  if (!(norm > 0) || !std::isfinite(diff))
    return InvalidArgument("checkpoint weights are zero or not finite");
  return std::sqrt(diff / norm);
}

Result<TrajectoryResult> CheckTrajectory(const std::vector<const Model*>& checkpoints,
                                         const std::vector<const Model*>& bases,
                                         const TrajectoryOptions& options) {
  if (checkpoints.size() < 2) return InvalidArgument("a trajectory needs at least two checkpoints");
  TrajectoryResult r;
  ThreadPool pool(options.threads ? options.threads : DefaultThreads());
  std::vector<ModelWeightSource> src;
  src.reserve(checkpoints.size());
  for (const Model* m : checkpoints) {
    r.checkpoints.push_back(m->path);
    src.emplace_back(*m);
  }

  // (a) random start.
  InitCheckOptions init = options.init;
  init.threads = options.threads;
  LINEAGE_ASSIGN_OR_RETURN(r.init, InitCheck(src[0], init));
  r.random_start = r.init.verdict == "random";

  // (b) consecutive pairs.
  for (size_t i = 1; i < src.size(); ++i) {
    TrajectoryStep s;
    s.index = static_cast<int>(i);
    s.path = checkpoints[i]->path;
    Result<PairResult> w = PairEvidence(src[i], src[i - 1], pool, options.weights);
    if (!w.ok())
      return w.status().WithContext("checkpoint " + std::to_string(i) + " vs " +
                                    std::to_string(i - 1));
    s.weights = std::move(w).value();
    LINEAGE_ASSIGN_OR_RETURN(s.drift, RelativeDrift(src[i - 1], src[i]));
    r.steps.push_back(std::move(s));
  }
  for (size_t i = 0; i < r.steps.size(); ++i) {
    double prev = i > 0 ? r.steps[i - 1].drift : 0;
    double next = i + 1 < r.steps.size() ? r.steps[i + 1].drift : 0;
    double neighbour = std::max(prev, next);
    // No absolute ceiling: a long interval of real training moved the shipped run by 1.27 of
    // its norm, about what unrelated weights differ by (√2), so only relative jumps are flagged.
    r.steps[i].drift_jump = neighbour > 0 && r.steps[i].drift > kDriftJumpFactor * neighbour;
    if (r.steps[i].drift_jump) r.smooth = false;
  }

  // (c) the first checkpoint against each base.
  for (const Model* b : bases) {
    ModelWeightSource bs(*b);
    TrajectoryBase t;
    t.path = b->path;
    Result<PairResult> w = PairEvidence(src[0], bs, pool, options.weights);
    if (!w.ok()) return w.status().WithContext("checkpoint 0 vs base " + b->path);
    t.weights = std::move(w).value();
    r.against.push_back(std::move(t));
  }
  r.notes.push_back(
      "embedding rows are paired by token id between checkpoints (one run, one tokenizer)");
  r.notes.push_back(
      "drift = ||theta_i - theta_(i-1)|| / ||theta_(i-1)|| over shared weight matrices; its size "
      "depends on the steps between checkpoints");
  return r;
}

nlohmann::json TrajectoryJson(const TrajectoryResult& r) {
  using nlohmann::json;
  json j;
  j["random_start"] = r.random_start;
  j["continuous"] = r.continuous;
  j["first_break"] = r.first_break ? json(*r.first_break) : json(nullptr);
  j["smooth"] = r.smooth;
  j["unrelated_to_bases"] = r.unrelated_to_bases;
  j["checkpoints"] = r.checkpoints;
  j["init_check"] = r.init.verdict;
  j["init_components"] = json::array();
  for (const auto& c : r.init.components) {
    j["init_components"].push_back(
        {{"name", c.name}, {"verdict", c.verdict}, {"evidence", c.evidence}});
  }
  j["steps"] = json::array();
  for (const auto& s : r.steps) {
    j["steps"].push_back({{"index", s.index},
                          {"path", s.path},
                          {"verdict", s.verdict},
                          {"log10_p", s.log10_p},
                          {"derived", s.derived},
                          {"drift", s.drift},
                          {"drift_jump", s.drift_jump}});
  }
  j["against"] = json::array();
  for (const auto& t : r.against) {
    j["against"].push_back(
        {{"base", t.path}, {"verdict", t.verdict}, {"log10_p", t.log10_p}, {"derived", t.derived}});
  }
  j["notes"] = r.notes;
  return j;
}

}  // namespace lineage
