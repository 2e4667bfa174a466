#include "fingerprint/compare.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "stats/combine.h"
#include "stats/unit_tests.h"
#include "weights/align/alignment.h"
#include "weights/kernels/kernels.h"
#include "weights/statistics/gate_up_consistency.h"

namespace lineage {
namespace {

// Above this residual width the context alignment is skipped: its LAP is O(d³) and the
// responses need no alignment.
constexpr uint32_t kMaxAlignDim = 1024;

size_t IdenticalTensors(const Fingerprint& a, const Fingerprint& b) {
  std::map<std::string, int> left;
  for (const TensorDigest& t : a.tensors) ++left[t.sha256];
  size_t n = 0;
  for (const TensorDigest& t : b.tensors) {
    auto it = left.find(t.sha256);
    if (it != left.end() && it->second > 0) {
      --it->second;
      ++n;
    }
  }
  return n;
}

// Index pairs (i, j) with a[i] == b[j], for two ascending hash lists, in hash order.
std::vector<std::pair<int32_t, int32_t>> MatchSorted(const std::vector<uint64_t>& a,
                                                     const std::vector<uint64_t>& b) {
  std::vector<std::pair<int32_t, int32_t>> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      out.emplace_back(static_cast<int32_t>(i++), static_cast<int32_t>(j++));
    }
  }
  return out;
}

void TokenOverlap(const FingerprintTokenizer& a, const FingerprintTokenizer& b,
                  SketchComparison* c) {
  const auto matched = MatchSorted(a.token_hashes, b.token_hashes);
  const size_t shared = matched.size();
  size_t same_id = 0;
  for (const auto& [i, j] : matched) same_id += a.token_ids[i] == b.token_ids[j];
  const size_t uni = a.token_hashes.size() + b.token_hashes.size() - shared;
  c->token_jaccard = uni > 0 ? static_cast<double>(shared) / static_cast<double>(uni) : 0.0;
  c->same_id_fraction =
      shared > 0 ? static_cast<double>(same_id) / static_cast<double>(shared) : 0.0;
}

// Indices (into a's and b's probe rows) of the probe tokens both kept, in hash order.
std::vector<std::pair<int32_t, int32_t>> SharedProbes(const EmbeddingSketch& a,
                                                      const EmbeddingSketch& b) {
  return MatchSorted(a.token_hashes, b.token_hashes);
}

// Rows `rows` of a row-major matrix with `cols` columns.
MatrixF PickRows(const std::vector<float>& m, size_t cols, const std::vector<int32_t>& rows) {
  MatrixF out(rows.size(), cols);
  for (size_t r = 0; r < rows.size(); ++r) {
    std::copy_n(m.data() + static_cast<size_t>(rows[r]) * cols, cols, out.row(r).data());
  }
  return out;
}

// Unit rows [gate responses, up responses] over the shared probes: units × 2n. A transpose, done
// in tiles so that reads and writes both stay within a few cache lines (a plain row-by-row
// transpose writes with a stride of 2n floats and was a tenth of a search's time).
MatrixF UnitRows(const MatrixF& gate, const MatrixF& up) {
  constexpr size_t kTile = 16;
  const size_t n = gate.rows, m = gate.cols;
  MatrixF out(m, 2 * n);
  for (size_t t0 = 0; t0 < n; t0 += kTile) {
    const size_t t1 = std::min(n, t0 + kTile);
    for (size_t u0 = 0; u0 < m; u0 += kTile) {
      const size_t u1 = std::min(m, u0 + kTile);
      for (size_t u = u0; u < u1; ++u) {
        for (size_t t = t0; t < t1; ++t) {
          out.at(u, t) = gate.at(t, u);
          out.at(u, n + t) = up.at(t, u);
        }
      }
    }
  }
  return out;
}

struct SideRows {
  std::vector<int32_t> a, b;
};

Result<SketchBlockResult> CompareBlock(const BlockSketch& a, const BlockSketch& b,
                                       const SideRows& probes) {
  SketchBlockResult r;
  r.layer = a.layer;
  r.width_a = a.width;
  r.width_b = b.width;
  r.kept_a = static_cast<int64_t>(a.units.size());
  r.kept_b = static_cast<int64_t>(b.units.size());
  if (a.units.empty() || b.units.empty()) return r;
  const MatrixF ga = PickRows(a.gate_resp, a.units.size(), probes.a);
  const MatrixF ua = PickRows(a.up_resp, a.units.size(), probes.a);
  const MatrixF gb = PickRows(b.gate_resp, b.units.size(), probes.b);
  const MatrixF ub = PickRows(b.up_resp, b.units.size(), probes.b);
  if (a.width == b.width) {
    const MatrixF rows_a = UnitRows(ga, ua), rows_b = UnitRows(gb, ub);
    LINEAGE_ASSIGN_OR_RETURN(RowBest best, CosineRowArgmax(rows_a.view(), rows_b.view()));
    for (size_t i = 0; i < a.units.size(); ++i) r.hits += b.units[best.index[i]] == a.units[i];
    r.hit_test_valid = true;
    r.hit_log10_p = HitCountLog10PBound(r.hits, r.kept_a, a.width);
  }
  GateUpOptions options;
  options.max_units = 0;
  LINEAGE_ASSIGN_OR_RETURN(GateUpResult s2,
                           GateUpConsistency(ga.view(), ua.view(), gb.view(), ub.view(), options));
  r.agreement = s2.agreement;
  r.chance_agreement = s2.chance_agreement;
  return r;
}

// Context: which residual transform the shared probe embedding rows suggest.
std::string ContextAlignment(const Fingerprint& a, const Fingerprint& b, const SideRows& probes) {
  const uint32_t da = a.embedding.dim, db = b.embedding.dim;
  if (std::max(da, db) > kMaxAlignDim) return "not run (residual width above 1024)";
  const MatrixF ea = PickRows(a.embedding.rows, da, probes.a);
  const MatrixF eb = PickRows(b.embedding.rows, db, probes.b);
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (size_t k = 0; k < probes.a.size(); ++k)
    pairs.emplace_back(static_cast<int64_t>(k), static_cast<int64_t>(k));
  const int64_t n = static_cast<int64_t>(probes.a.size());
  const SharedTokenRows shared = BuildSharedTokenRows(pairs, {}, n, n, 0);
  Result<ResidualAlignment> al = AlignResidual(ToMat(ea), ToMat(eb), shared, AlignmentOptions{});
  return al.ok() ? AlignmentKindName(al->kind) : "none (" + al.status().message() + ")";
}

}  // namespace

Result<SketchComparison> CompareFingerprints(const Fingerprint& a, const Fingerprint& b) {
  if (a.version != b.version || a.projection_seed != b.projection_seed) {
    return InvalidArgument(fmt::format(
        "fingerprints of version {} / {} with projection seeds {:#x} / {:#x} cannot be compared",
        a.version, b.version, a.projection_seed, b.projection_seed));
  }
  SketchComparison c;
  c.tensors_a = a.tensors.size();
  c.tensors_b = b.tensors.size();
  c.identical_tensors = IdenticalTensors(a, b);
  TokenOverlap(a.tokenizer, b.tokenizer, &c);
  SideRows probes;
  for (const auto& p : SharedProbes(a.embedding, b.embedding)) {
    probes.a.push_back(p.first);
    probes.b.push_back(p.second);
  }
  c.shared_probe_tokens = static_cast<int64_t>(probes.a.size());
  if (probes.a.size() < kMinSharedTokens) {
    c.note = fmt::format("{} shared probe tokens (fewer than {}): no sketch test", probes.a.size(),
                         kMinSharedTokens);
    return c;
  }
  c.alignment = ContextAlignment(a, b, probes);
  std::map<int32_t, const BlockSketch*> by_layer;
  for (const BlockSketch& bb : b.blocks) by_layer[bb.layer] = &bb;
  std::vector<double> log10_p;
  double agreement = 0;
  for (const BlockSketch& ba : a.blocks) {
    auto it = by_layer.find(ba.layer);
    if (it == by_layer.end()) continue;
    LINEAGE_ASSIGN_OR_RETURN(SketchBlockResult r, CompareBlock(ba, *it->second, probes));
    if (r.hit_test_valid) log10_p.push_back(r.hit_log10_p);
    agreement += r.agreement;
    c.blocks.push_back(r);
  }
  c.hit_blocks = static_cast<int>(log10_p.size());
  c.hits_log10_p = FisherCombineLog10(log10_p);
  if (!c.blocks.empty()) c.mean_agreement = agreement / static_cast<double>(c.blocks.size());
  if (c.blocks.empty()) c.note = "no block at the same layer in both fingerprints";
  return c;
}

bool RelatedExact(const SketchComparison& c, double log10_threshold) {
  return c.hit_blocks > 0 && c.hits_log10_p <= log10_threshold;
}

bool RelatedRobust(const SketchComparison& c) {
  return !c.blocks.empty() && c.mean_agreement >= kSketchAgreementFloor;
}

}  // namespace lineage
