#include "weights/align/shared_tokens.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "tokenizer/compare.h"
#include "tokenizer/vocab.h"
#include "util/fnv1a.h"

namespace lineage {

uint64_t TokenHash(const std::string& bytes) {
  uint64_t h = Fnv1aOf(bytes);
  // Final avalanche so that the parity bit used for the split depends on every byte.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

namespace {

SharedTokenRows Finish(std::vector<int64_t> ra, std::vector<int64_t> rb, std::vector<uint64_t> hs,
                       size_t probe_count) {
  std::vector<size_t> order(ra.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return hs[x] != hs[y] ? hs[x] < hs[y] : ra[x] < ra[y]; });
  SharedTokenRows out;
  for (size_t k : order) {
    out.rows_a.push_back(ra[k]);
    out.rows_b.push_back(rb[k]);
    out.hashes.push_back(hs[k]);
  }
  for (size_t k = 0; k < out.size(); ++k) {
    // Parity of a high bit: the order is sorted by hash, so a low bit would correlate with rank.
    ((out.hashes[k] >> 40) & 1 ? out.score_half : out.fit_half).push_back(static_cast<int32_t>(k));
  }
  size_t n = std::min(probe_count, out.size());
  for (size_t k = 0; k < n; ++k) out.probes.push_back(static_cast<int32_t>(k));
  return out;
}

}  // namespace

SharedTokenRows BuildSharedTokenRows(const std::vector<std::pair<int64_t, int64_t>>& pairs,
                                     const std::vector<std::string>& bytes_a, int64_t vocab_rows_a,
                                     int64_t vocab_rows_b, size_t probe_count) {
  std::vector<int64_t> ra, rb;
  std::vector<uint64_t> hs;
  int64_t dropped = 0;
  for (size_t k = 0; k < pairs.size(); ++k) {
    auto [a, b] = pairs[k];
    if (a < 0 || b < 0 || a >= vocab_rows_a || b >= vocab_rows_b) {
      ++dropped;
      continue;
    }
    ra.push_back(a);
    rb.push_back(b);
    hs.push_back(k < bytes_a.size() ? TokenHash(bytes_a[k]) : TokenHash(std::to_string(a)));
  }
  SharedTokenRows out = Finish(std::move(ra), std::move(rb), std::move(hs), probe_count);
  out.dropped_out_of_range = dropped;
  return out;
}

SharedTokenRows AssumeSameIds(int64_t vocab_rows_a, int64_t vocab_rows_b, size_t probe_count) {
  int64_t n = std::max<int64_t>(0, std::min(vocab_rows_a, vocab_rows_b));
  std::vector<int64_t> ids(n);
  std::iota(ids.begin(), ids.end(), 0);
  std::vector<uint64_t> hs(n);
  for (int64_t i = 0; i < n; ++i) hs[i] = TokenHash("id:" + std::to_string(i));
  SharedTokenRows out = Finish(ids, ids, std::move(hs), probe_count);
  out.assumed_same_ids = true;
  return out;
}

SharedTokenRows SharedRowsFromVocabs(const Vocab* vocab_a, const Vocab* vocab_b,
                                     int64_t vocab_rows_a, int64_t vocab_rows_b,
                                     size_t probe_count) {
  if (!vocab_a || !vocab_b) return AssumeSameIds(vocab_rows_a, vocab_rows_b, probe_count);
  const std::vector<std::pair<int64_t, int64_t>> pairs = SharedTokenMap(*vocab_a, *vocab_b);
  std::unordered_map<int64_t, const std::string*> bytes_by_id;
  bytes_by_id.reserve(vocab_a->tokens.size());
  for (const Token& t : vocab_a->tokens) bytes_by_id[t.id] = &t.bytes;
  std::vector<std::string> bytes;
  bytes.reserve(pairs.size());
  for (const auto& p : pairs) {
    auto it = bytes_by_id.find(p.first);
    bytes.push_back(it != bytes_by_id.end() ? *it->second : std::string());
  }
  return BuildSharedTokenRows(pairs, bytes, vocab_rows_a, vocab_rows_b, probe_count);
}

SharedTokenRows FirstPairs(const SharedTokenRows& shared, size_t k) {
  if (k >= shared.size()) return shared;
  SharedTokenRows out;
  out.rows_a.assign(shared.rows_a.begin(), shared.rows_a.begin() + static_cast<std::ptrdiff_t>(k));
  out.rows_b.assign(shared.rows_b.begin(), shared.rows_b.begin() + static_cast<std::ptrdiff_t>(k));
  out.hashes.assign(shared.hashes.begin(), shared.hashes.begin() + static_cast<std::ptrdiff_t>(k));
  auto below = [k](const std::vector<int32_t>& v) {
    std::vector<int32_t> kept;
    for (int32_t i : v)
      if (static_cast<size_t>(i) < k) kept.push_back(i);
    return kept;
  };
  out.fit_half = below(shared.fit_half);
  out.score_half = below(shared.score_half);
  out.probes = below(shared.probes);
  out.dropped_out_of_range = shared.dropped_out_of_range;
  out.assumed_same_ids = shared.assumed_same_ids;
  return out;
}

}  // namespace lineage
