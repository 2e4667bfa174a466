// SharedTokenRows: which embedding rows of the candidate and the base hold the same token string
// (METHODS.md §2.5), split into two hash halves (fit / score for the residual alignment) and a
// deterministic probe subset (for S2 and HuRef).
//
// Contract:
//   - Input pairs (id_a, id_b) come from the tokenizer module's shared-token map; `bytes_a[k]`
//     are the canonical bytes of pair k (used only for hashing, so the split and probe set
//     depend on token strings, never on ids or on the weights). Pairs whose ids fall outside
//     either embedding are dropped and counted.
//   - When no tokenizer is available, AssumeSameIds pairs ids 0..min(V_a, V_b)-1 and says so
//     (`assumed_same_ids`): an approximation the report must state.
//   - SharedRowsFromVocabs is the one way `lineage weights` and `lineage compare` pair rows:
//     through the tokenizer module's SharedTokenMap (canonical token strings) when both
//     vocabularies are given, AssumeSameIds otherwise.
//   - Plain value; deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lineage {

// How many shared tokens probe S2 and HuRef in a pair analysis: `lineage weights`, `lineage
// compare` and the positive controls use the same number, so the controls measure the power of
// the statistics the pair gets.
inline constexpr size_t kPairProbeTokens = 2048;

struct SharedTokenRows {
  std::vector<int64_t> rows_a, rows_b;        // paired embedding rows, sorted by token hash
  std::vector<uint64_t> hashes;               // hash of each pair's canonical bytes (same order)
  std::vector<int32_t> fit_half, score_half;  // indices into rows_*, split by hash parity
  std::vector<int32_t> probes;                // first N pairs by hash (N = probe_count)
  int64_t dropped_out_of_range = 0;
  bool assumed_same_ids = false;

  size_t size() const { return rows_a.size(); }
};

// The first `k` pairs in hash order (all when k >= size()): a subset chosen by token strings
// alone, never by the weights, with its fit/score halves and probes restricted to it. The
// alignment reads this many rows when sampling (METHODS.md §4.1 "Sampled reading").
SharedTokenRows FirstPairs(const SharedTokenRows& shared, size_t k);

// 64-bit FNV-1a of the bytes: stable across platforms, independent of any weights.
uint64_t TokenHash(const std::string& bytes);

SharedTokenRows BuildSharedTokenRows(const std::vector<std::pair<int64_t, int64_t>>& pairs,
                                     const std::vector<std::string>& bytes_a, int64_t vocab_rows_a,
                                     int64_t vocab_rows_b, size_t probe_count);

SharedTokenRows AssumeSameIds(int64_t vocab_rows_a, int64_t vocab_rows_b, size_t probe_count);

struct Vocab;
// Rows holding the same canonical token string in both vocabularies (either may be null: then
// ids are paired and `assumed_same_ids` is set). vocab_rows_* are the embedding row counts.
SharedTokenRows SharedRowsFromVocabs(const Vocab* vocab_a, const Vocab* vocab_b,
                                     int64_t vocab_rows_a, int64_t vocab_rows_b,
                                     size_t probe_count);

}  // namespace lineage
