#include "cli/weights_pair.h"

#include <optional>

#include "tokenizer/vocab.h"
#include "util/thread_pool.h"
#include "weights/align/shared_tokens.h"

namespace lineage::cli {

namespace {

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

Result<WeightsPairRun> AnalyzeWeightsPair(const ModelLocation& cand_location,
                                          const ModelLocation& base_location, unsigned threads,
                                          const WeightsOptions& options) {
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
                           rows(sb), kProbeTokens);
  ThreadPool pool(threads);
  WeightsOptions with_bytes = options;
  with_bytes.read_counters = {&run.candidate->location.stats->bytes_read,
                              &run.base->location.stats->bytes_read};
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

}  // namespace lineage::cli
