#include "weights/pair/block_loop.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "util/byte_size.h"
#include "util/cancel.h"
#include "util/progress.h"
#include "weights/kernels/blas_threads.h"
#include "weights/pair/block_identity.h"
#include "weights/pair/block_signatures.h"
#include "weights/pair/budget_gates.h"
#include "weights/pair/fine_tune_shape.h"
#include "weights/pair/robust_huref.h"
#include "weights/pair/s2_panel.h"
#include "weights/pair/summary.h"

namespace lineage {

namespace {

// Sub-stage slots of the stage clock, in the order of its "of which" lines.
enum BlockPart : size_t { kLoad, kUnitTests, kS2Panel, kFineTuneShape };

Status TestOnePair(PairState& s, size_t pi) {
  using Clock = StageClock::Clock;
  const auto i = s.pairs[pi].first;
  const auto j = s.pairs[pi].second;
  LINEAGE_RETURN_IF_ERROR(CheckCancel(s.in.options.cancel));
  Clock::time_point t0 = Clock::now();
  LINEAGE_ASSIGN_OR_RETURN(std::optional<LoadedPair> loaded, LoadBlockPair(s, pi));
  if (!loaded) return Status::Ok();
  const BlockUnits &ua = loaded->a, &ub = loaded->b;
  if (!ua.gated || !ub.gated) ++s.ungated_pairs;
  BlockResult br;
  br.candidate = i;
  br.base = j;
  br.diagonal = s.in.candidate.layout().num_layers == s.in.base.layout().num_layers && i == j;
  s.clock.Add(kLoad, t0);
  t0 = Clock::now();
  LINEAGE_RETURN_IF_ERROR(TestBlockIdentity(s, ua, ub, br));
  s.clock.Add(kUnitTests, t0);
  br.robust_set = std::binary_search(s.robust_idx.begin(), s.robust_idx.end(), pi);
  if (br.robust_set) {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(s.in.options.cancel));
    t0 = Clock::now();
    LINEAGE_RETURN_IF_ERROR(RunS2Panel(s, ua, ub, br));
    s.clock.Add(kS2Panel, t0);
    // The fine-tune shape reads two whole matrices again: the block's units go first. It only
    // describes the pair, so an analysis that keeps only its decision skips it.
    loaded.reset();
    if (!s.in.options.decision_only) {
      t0 = Clock::now();
      AddFineTuneShape(s, i, j);
      s.clock.Add(kFineTuneShape, t0);
    }
  }
  s.result.blocks.push_back(std::move(br));
  return Status::Ok();
}

void AddBlockNotes(PairState& s) {
  if (s.ungated_pairs > 0) {
    s.result.notes.push_back(
        std::to_string(s.ungated_pairs) + " of " + std::to_string(s.pairs.size()) +
        " tested block pairs have an ungated MLP (fc1 -> activation -> fc2): S1 units are fc1 rows "
        "with the matching fc2 columns (same exact null); S2 has no gate there, and its analogue "
        "matches units by fc1 responses and by fc2 write responses, calibrated against random "
        "init, not exact");
  }
  if (s.s2_sample.first > 0) {
    s.result.notes.push_back("S2 gate/up consistency matched a fixed seeded sample of " +
                             std::to_string(s.s2_sample.first) + " of up to " +
                             std::to_string(s.s2_sample.second) +
                             " MLP units per block, each against all base units; its random-init "
                             "panel draws the same number of units");
  }
}

// The robust pairs among the first `read` of the read order, ascending.
std::vector<size_t> RobustRead(const PairState& s, size_t read) {
  std::vector<size_t> out;
  for (size_t k = 0; k < read; ++k) {
    const size_t pi = s.read_order[k];
    if (std::binary_search(s.robust_idx.begin(), s.robust_idx.end(), pi)) out.push_back(pi);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The partial result at a look: what was read so far, S2 summarized over the robust blocks read.
WeightsResult Partial(const PairState& s) {
  WeightsResult partial = s.result;
  SummarizeGateUp(s, partial);
  return partial;
}

// One look: the caller's stop rule on the partial result; on kCheckRobust, S4 on the robust pairs
// read so far, then the rule again. S4 is kept only when the rule stops on it.
LookAction AskStopRule(PairState& s) {
  const LookRule& rule = s.in.options.sampling.look;
  const LookAction first = rule(Partial(s), false);
  if (first != LookAction::kCheckRobust) return first;
  const std::vector<size_t> all_robust = s.robust_idx;
  const size_t notes = s.result.notes.size(), not_read = s.result.sampling.not_read.size();
  s.robust_idx = RobustRead(s, static_cast<size_t>(s.result.sampling.blocks_read));
  const Status st = RunHuref(s);  // never fails: a failed S4 is a note
  s.robust_idx = all_robust;
  const LookAction second = st.ok() ? rule(Partial(s), true) : LookAction::kContinue;
  if (second == LookAction::kStopIndependent) {
    s.huref_done = true;
    return second;
  }
  s.result.huref.reset();
  s.result.notes.resize(notes);
  s.result.sampling.not_read.resize(not_read);
  return second == LookAction::kStopDerived ? second : LookAction::kContinue;
}

// After reading: the robust statistics cover the robust pairs read, and the blocks are listed in
// pair order whatever the read order.
void FinishReading(PairState& s) {
  const auto read = static_cast<size_t>(s.result.sampling.blocks_read);
  if (read < s.pairs.size()) s.robust_idx = RobustRead(s, read);
  std::map<std::pair<int, int>, size_t> index;
  for (size_t pi = 0; pi < s.pairs.size(); ++pi) index[s.pairs[pi]] = pi;
  std::stable_sort(s.result.blocks.begin(), s.result.blocks.end(),
                   [&index](const BlockResult& x, const BlockResult& y) {
                     return index.at({x.candidate, x.base}) < index.at({y.candidate, y.base});
                   });
}

}  // namespace

namespace {

// Both sides whole, loaded at once (decoding and folding are single-threaded per tensor).
Status LoadWholePair(PairState& s, int i, int j, int ea, int eb,
                     const std::vector<int32_t>& s2_units, Result<BlockUnits>& ua,
                     Result<BlockUnits>& ub) {
  const BlasThreadLimit one_blas_thread(1, s.in.pool.size() > 1);
  return ParallelFor(s.in.pool, 2, [&](size_t side) -> Status {
    if (side == 0) {
      ua = LoadBlockUnits(s.in.candidate, i, ea, s.result.alignment, Side::kCandidate, s.probes_a,
                          &s2_units);
    } else {
      ub = LoadBlockUnits(s.in.base, j, eb, s.result.alignment, Side::kBase, s.probes_b);
    }
    return Status::Ok();
  });
}

// A wide gated pair whose S1 is the hit count: the candidate's hit sample, then the base streamed
// against it (block_tests.h MlpReading), so neither MLP is held whole.
void LoadSampledPair(PairState& s, int i, int j, int ea, int eb,
                     const std::vector<int32_t>& s2_units, Result<BlockUnits>& ua,
                     Result<BlockUnits>& ub) {
  const auto h_a = static_cast<int64_t>(MlpUnitShape(s.in.candidate, i, ea).first);
  const std::vector<int32_t> hit_rows = HitSampleRows(h_a, HitOptions(s.block_options));
  MlpReading sample;
  sample.unit_rows = &hit_rows;
  ua = LoadBlockUnits(s.in.candidate, i, ea, s.result.alignment, Side::kCandidate, s.probes_a,
                      &s2_units, Attention::kRead, sample);
  if (!ua.ok()) return;
  MlpReading stream;
  stream.hits_against = &*ua;
  ub = LoadBlockUnits(s.in.base, j, eb, s.result.alignment, Side::kBase, s.probes_b, nullptr,
                      Attention::kRead, stream);
}

bool Gated(const WeightSource& src, int layer, int expert) {
  return HasMlp(src, layer, expert) && MlpUnitKeys(src, layer, expert).first.role == Role::kGate;
}

}  // namespace

Result<std::optional<LoadedPair>> LoadBlockPair(PairState& s, size_t pi) {
  const auto i = s.pairs[pi].first;
  const auto j = s.pairs[pi].second;
  const int sig_expert = SignatureExpert(s.in.candidate, i);
  const int base_expert = SignatureExpert(s.in.base, j);
  // S2 matches a seeded sample of a wide candidate block's units: respond only those.
  const std::vector<int32_t> s2_units =
      GateUpUnitSample(static_cast<int64_t>(MlpUnitShape(s.in.candidate, i, sig_expert).first),
                       s.block_options.gate_up);
  // The expert map compares every candidate expert with the base's whole MLP.
  const bool sampled =
      !s.moe_vs_dense && Gated(s.in.candidate, i, sig_expert) && Gated(s.in.base, j, base_expert) &&
      SampledUnitsSuffice(static_cast<int64_t>(MlpUnitShape(s.in.candidate, i, sig_expert).first),
                          static_cast<int64_t>(MlpUnitShape(s.in.base, j, base_expert).first),
                          s.block_options);
  Result<BlockUnits> ua = Internal("not loaded"), ub = Internal("not loaded");
  if (sampled) {
    LoadSampledPair(s, i, j, sig_expert, base_expert, s2_units, ua, ub);
  } else {
    LINEAGE_RETURN_IF_ERROR(LoadWholePair(s, i, j, sig_expert, base_expert, s2_units, ua, ub));
  }
  if (!ua.ok() || !ub.ok()) {
    const Status& st = !ua.ok() ? ua.status() : ub.status();
    if (st.code() == Status::Code::kNotFound) return std::optional<LoadedPair>();
    return st.WithContext("block pair " + std::to_string(i) + "/" + std::to_string(j));
  }
  return std::optional<LoadedPair>(LoadedPair{std::move(ua).value(), std::move(ub).value()});
}

namespace {

// The read budget ends the block tests before the pair read_order[next], which would take a model
// past it: a last look at the pairs read (unless the look before it already saw them), which
// stops on derived or independent as any look does, else on "budget".
void StopOnBudget(PairState& s, size_t next, size_t look) {
  BlockSampling& rec = s.result.sampling;
  rec.not_read.push_back("block_tests");
  for (size_t k = next; k < s.read_order.size(); ++k)
    rec.unread_pairs.push_back(s.pairs[s.read_order[k]]);
  std::sort(rec.unread_pairs.begin(), rec.unread_pairs.end());
  s.result.notes.push_back(
      std::to_string(s.pairs.size() - next) + " of " + std::to_string(s.pairs.size()) +
      " planned block pairs not tested: the next would read more than the read budget of " +
      FormatByteSize(s.in.options.budget.bytes) + " per model allows");
  const size_t seen = look > 0 ? static_cast<size_t>(s.look_points[look - 1]) : 0;
  rec.looks_done = static_cast<int>(next == seen ? look : look + 1);
  LookAction action = LookAction::kContinue;
  if (next > seen && s.in.options.sampling.look) action = AskStopRule(s);
  rec.stopped_on = action == LookAction::kStopDerived       ? "derived"
                   : action == LookAction::kStopIndependent ? "independent"
                                                            : "budget";
}

}  // namespace

Status TestBlockPairs(PairState& s) {
  s.clock.SubStages({"loading block units", "S1/S2/CKA block tests", "S2 random-init panel",
                     "fine-tune low rank"});
  Progress progress("block tests", s.pairs.size(), "blocks", s.in.options.progress,
                    s.in.options.progress_sink);
  progress.ShowBytesRead(s.in.options.read_counters);
  BlockSampling& rec = s.result.sampling;
  size_t next = 0;
  for (size_t li = 0; li < s.look_points.size(); ++li) {
    for (; next < static_cast<size_t>(s.look_points[li]); ++next) {
      if (!PairFits(s, s.read_order[next])) break;
      progress.Add(1);
      LINEAGE_RETURN_IF_ERROR(TestOnePair(s, s.read_order[next]));
    }
    rec.blocks_read = static_cast<int>(next);
    if (next < static_cast<size_t>(s.look_points[li])) {
      StopOnBudget(s, next, li);
      break;
    }
    rec.looks_done = static_cast<int>(li) + 1;
    if (next == s.pairs.size() || !s.in.options.sampling.look) continue;
    const LookAction action = AskStopRule(s);
    if (action == LookAction::kStopDerived || action == LookAction::kStopIndependent) {
      rec.stopped_on = action == LookAction::kStopDerived ? "derived" : "independent";
      break;
    }
  }
  progress.Finish();
  FinishReading(s);
  AddBlockNotes(s);
  return Status::Ok();
}

}  // namespace lineage
