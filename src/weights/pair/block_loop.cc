#include "weights/pair/block_loop.h"

#include <algorithm>
#include <string>
#include <vector>

#include "util/progress.h"
#include "weights/pair/block_identity.h"
#include "weights/pair/block_signatures.h"
#include "weights/pair/fine_tune_shape.h"
#include "weights/pair/s2_panel.h"

namespace lineage {

namespace {

// Sub-stage slots of the stage clock, in the order of its "of which" lines.
enum BlockPart : size_t { kLoad, kUnitTests, kS2Panel, kFineTuneShape };

Status TestOnePair(PairState& s, size_t pi) {
  using Clock = StageClock::Clock;
  const auto i = s.pairs[pi].first;
  const auto j = s.pairs[pi].second;
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
    t0 = Clock::now();
    LINEAGE_RETURN_IF_ERROR(RunS2Panel(s, ua, ub, br));
    s.clock.Add(kS2Panel, t0);
    t0 = Clock::now();
    AddFineTuneShape(s, i, j);
    s.clock.Add(kFineTuneShape, t0);
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
  // Both sides load at once (decoding and folding are single-threaded per tensor).
  Result<BlockUnits> ua = Internal("not loaded"), ub = Internal("not loaded");
  LINEAGE_RETURN_IF_ERROR(ParallelFor(s.in.pool, 2, [&](size_t side) -> Status {
    if (side == 0) {
      ua = LoadBlockUnits(s.in.candidate, i, sig_expert, s.result.alignment, Side::kCandidate,
                          s.probes_a, &s2_units);
    } else {
      ub = LoadBlockUnits(s.in.base, j, base_expert, s.result.alignment, Side::kBase, s.probes_b);
    }
    return Status::Ok();
  }));
  if (!ua.ok() || !ub.ok()) {
    const Status& st = !ua.ok() ? ua.status() : ub.status();
    if (st.code() == Status::Code::kNotFound) return std::optional<LoadedPair>();
    return st.WithContext("block pair " + std::to_string(i) + "/" + std::to_string(j));
  }
  return std::optional<LoadedPair>(LoadedPair{std::move(ua).value(), std::move(ub).value()});
}

Status TestBlockPairs(PairState& s) {
  s.clock.SubStages({"loading block units", "S1/S2/CKA block tests", "S2 random-init panel",
                     "fine-tune low rank"});
  Progress progress("block tests", s.pairs.size(), "blocks", s.in.options.progress,
                    s.in.options.progress_sink);
  progress.ShowBytesRead(s.in.options.read_counters);
  for (size_t pi = 0; pi < s.pairs.size(); ++pi) {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(s.in.options.cancel));
    progress.Add(1);
    LINEAGE_RETURN_IF_ERROR(TestOnePair(s, pi));
  }
  progress.Finish();
  AddBlockNotes(s);
  return Status::Ok();
}

}  // namespace lineage
