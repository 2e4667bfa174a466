#include "compare/weights_pair.h"

#include <optional>

#include "compare/compare.h"
#include "compare/positive_controls.h"
#include "compare/sequential_stop.h"
#include "verdict/ancestry.h"
#include "verdict/decide.h"
#include "weights/pair/pair_evidence.h"
#include "weights/pair/stage_clock.h"

#include "tokenizer/vocab.h"
#include "util/thread_pool.h"
#include "weights/align/shared_tokens.h"

namespace lineage {

namespace {

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

Result<WeightsPairRun> AnalyzeWeightsPair(const ModelLocation& cand_location,
                                          const ModelLocation& base_location, unsigned threads,
                                          const WeightsOptions& options,
                                          std::optional<StopRuleInputs> stop) {
  WeightsPairRun run;
  LINEAGE_ASSIGN_OR_RETURN(Model cand, LoadModel(cand_location));
  LINEAGE_ASSIGN_OR_RETURN(Model base, LoadModel(base_location));
  run.candidate = std::make_unique<Model>(std::move(cand));
  run.base = std::make_unique<Model>(std::move(base));
  run.candidate_source = std::make_unique<ModelWeightSource>(*run.candidate);
  run.base_source = std::make_unique<ModelWeightSource>(*run.base);
  const ModelWeightSource& sa = *run.candidate_source;
  const ModelWeightSource& sb = *run.base_source;
  // Embedding rows are paired by canonical token string, as in `lineage compare`; by id only
  // when a side has no readable tokenizer (stated in the output).
  std::string why_by_id;
  std::optional<Vocab> vocab_a = LoadModelVocab(*run.candidate, "candidate", &why_by_id);
  std::optional<Vocab> vocab_b = LoadModelVocab(*run.base, "base", &why_by_id);
  auto rows = [](const WeightSource& s) {
    return static_cast<int64_t>(s.Shape(Key(Role::kEmbed)).first);
  };
  SharedTokenRows shared =
      SharedRowsFromVocabs(vocab_a ? &*vocab_a : nullptr, vocab_b ? &*vocab_b : nullptr, rows(sa),
                           rows(sb), kPairProbeTokens);
  ThreadPool pool(threads);
  WeightsOptions with_bytes = options;
  with_bytes.read_counters = {&run.candidate->location.stats->bytes_read,
                              &run.base->location.stats->bytes_read};
  with_bytes.budget.candidate_read = with_bytes.read_counters[0];
  with_bytes.budget.base_read = with_bytes.read_counters[1];
  if (stop) {
    stop->candidate = &sa;
    stop->base = &sb;
    if (stop->panels && !stop->identity) {
      stop->identity = std::make_shared<const PairIdentity>(IdentifyPair(*stop->panels, sa, sb));
    }
    run.identity = stop->identity;
    with_bytes.sampling.look = MakeStopRule(*stop);
  }
  LINEAGE_ASSIGN_OR_RETURN(run.result, AnalyzeWeights(sa, sb, shared, pool, with_bytes));
  if (shared.assumed_same_ids) {
    run.result.notes.push_back("embedding rows paired by token id, not by token string: " +
                               why_by_id);
  } else {
    run.result.notes.push_back(
        "embedding rows paired by canonical token string: " + std::to_string(shared.size()) +
        " shared tokens" +
        (shared.dropped_out_of_range
             ? " (" + std::to_string(shared.dropped_out_of_range) + " outside an embedding dropped)"
             : std::string()));
  }
  return run;
}

Result<WeightsPairDecision> RunWeightsPair(const ModelLocation& candidate,
                                           const ModelLocation& base,
                                           const CalibrationPanels& panels,
                                           const WeightsPairOptions& options) {
  WeightsPairDecision d;
  DecideOptions decide;
  decide.candidates_checked = 1;
  PowerOptions power;
  power.cache_dir = options.power_cache_dir;
  power.always = options.always_measure_power;
  const StopRuleInputs stop{&panels, nullptr, nullptr, nullptr, decide, power.max_blocks};
  LINEAGE_ASSIGN_OR_RETURN(
      d.run, AnalyzeWeightsPair(candidate, base, options.threads, options.weights, stop));
  d.candidate.path = d.run.candidate->location.as_given;
  d.base.path = d.run.base->location.as_given;
  const WeightsResult& r = d.run.result;
  const PairIdentity identity =
      d.run.identity ? *d.run.identity
                     : IdentifyPair(panels, *d.run.candidate_source, *d.run.base_source);
  const TrainedPanels trained = TrainedPanelsForPair(
      panels, r, identity, d.run.candidate_source->layout(), d.run.base_source->layout());
  d.panel_sources = trained.Sources();
  // One decision rule for every command: the weights evidence, decided by verdict/decide.
  AddWeightsEvidence(r, &d.pair, &trained);
  ThreadPool pool(options.threads);
  const std::atomic<uint64_t>& base_read = d.run.base->location.stats->bytes_read;
  const uint64_t before_controls = base_read.load(std::memory_order_relaxed);
  // A pair whose read budget ran out before the decision is inconclusive whatever the power.
  // Timed like a pipeline stage under --verbose: with the power cached, or not needed by the
  // decision (AddControlPower), this reads ~0 s.
  StageClock clock(options.weights.timings);
  if (r.sampling.stopped_on != "budget") {
    LINEAGE_RETURN_IF_ERROR(AddControlPower(*d.run.base_source, pool,
                                            ControlWeightsOptions(options.weights, r), decide,
                                            power, &d.pair));
  }
  clock.Lap("power controls");
  StampAccounting(*d.run.candidate, 0, &d.candidate);
  StampAccounting(*d.run.base, base_read.load(std::memory_order_relaxed) - before_controls,
                  &d.base);
  DecidePair(decide, &d.pair);
  DecideAncestry({}, &d.pair);  // no training evidence in this command
  return d;
}

}  // namespace lineage
