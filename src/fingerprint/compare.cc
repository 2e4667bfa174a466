#include "fingerprint/compare.h"

#include <algorithm>
#include <cmath>
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
// A depth-map cell is matched at α = 0.01 after the correction over the cells (METHODS.md §4.6).
constexpr double kMapMatchLog10 = -2;

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

struct SideRows {
  std::vector<int32_t> a, b;
};

// A block's responses over the shared probes, tokens × kept units: views of the stored matrices
// when the shared probes are all of them in order (the usual case: one tokenizer family), else
// copies of the shared rows. Copying 16 MB per registry model was a tenth of a search.
struct Responses {
  MatrixF gate_rows, up_rows;
  MatrixView gate, up;
};

Responses BlockResponses(const BlockSketch& b, const std::vector<int32_t>& rows) {
  Responses r;
  const size_t m = b.units.size();
  const size_t stored = m > 0 ? b.gate_resp.size() / m : 0;
  bool all = rows.size() == stored;
  for (size_t i = 0; all && i < rows.size(); ++i) all = rows[i] == static_cast<int32_t>(i);
  if (all) {
    r.gate = {b.gate_resp.data(), stored, m};
    r.up = {b.up_resp.data(), stored, m};
    return r;
  }
  r.gate_rows = PickRows(b.gate_resp, m, rows);
  r.up_rows = PickRows(b.up_resp, m, rows);
  r.gate = r.gate_rows.view();
  r.up = r.up_rows.view();
  return r;
}

// Each kept unit of A → its nearest kept unit of B by the cosine of the unit rows [gate, up]
// over the shared probes. The rows are never formed: A·Bᵀ = G_aᵀG_b + U_aᵀU_b, and the argmax
// over B needs only B's row norms (A's norm scales a whole row of cosines).
Result<std::vector<int32_t>> NearestUnits(const Responses& a, const Responses& b) {
  LINEAGE_ASSIGN_OR_RETURN(MatrixF dots, MatMul(a.gate, b.gate, true, false));
  LINEAGE_ASSIGN_OR_RETURN(MatrixF ups, MatMul(a.up, b.up, true, false));
  std::vector<double> norm2(dots.cols, 0.0);
  for (size_t t = 0; t < b.gate.rows; ++t) {
    const float* g = b.gate.data + t * b.gate.cols;
    const float* u = b.up.data + t * b.up.cols;
    for (size_t j = 0; j < dots.cols; ++j) norm2[j] += double(g[j]) * g[j] + double(u[j]) * u[j];
  }
  std::vector<float> inv(dots.cols);
  for (size_t j = 0; j < dots.cols; ++j)
    inv[j] = norm2[j] > 0 ? static_cast<float>(1.0 / std::sqrt(norm2[j])) : 0.0f;
  for (size_t i = 0; i < dots.rows; ++i) {
    float* d = dots.row(i).data();
    const float* u = ups.row(i).data();
    for (size_t j = 0; j < dots.cols; ++j) d[j] = (d[j] + u[j]) * inv[j];
  }
  return RowArgmax(dots.view());
}

SketchBlockResult BlockHeader(const BlockSketch& a, const BlockSketch& b) {
  SketchBlockResult r;
  r.layer = a.layer;
  r.layer_b = b.layer;
  r.width_a = a.width;
  r.width_b = b.width;
  r.kept_a = static_cast<int64_t>(a.units.size());
  r.kept_b = static_cast<int64_t>(b.units.size());
  return r;
}

bool HitTestable(const BlockSketch& a, const BlockSketch& b) {
  return a.width == b.width && !a.units.empty() && !b.units.empty();
}

// The unit-identity hit count of one cell (equal widths).
Status HitTest(const BlockSketch& a, const BlockSketch& b, const SideRows& probes,
               SketchBlockResult* r) {
  const Responses ra = BlockResponses(a, probes.a), rb = BlockResponses(b, probes.b);
  LINEAGE_ASSIGN_OR_RETURN(std::vector<int32_t> best, NearestUnits(ra, rb));
  r->hits = 0;
  for (size_t i = 0; i < a.units.size(); ++i) r->hits += b.units[best[i]] == a.units[i];
  r->hit_test_valid = true;
  r->hit_log10_p = HitCountLog10PBound(r->hits, r->kept_a, a.width);
  return Status::Ok();
}

Status GateUp(const BlockSketch& a, const BlockSketch& b, const SideRows& probes,
              SketchBlockResult* r) {
  if (a.units.empty() || b.units.empty()) return Status::Ok();
  const Responses ra = BlockResponses(a, probes.a), rb = BlockResponses(b, probes.b);
  GateUpOptions options;
  options.max_units = 0;
  LINEAGE_ASSIGN_OR_RETURN(GateUpResult s2,
                           GateUpConsistency(ra.gate, ra.up, rb.gate, rb.up, options));
  r->agreement_run = true;
  r->agreement = s2.agreement;
  r->chance_agreement = s2.chance_agreement;
  return Status::Ok();
}

// Which of `n` paired blocks S2 is planned on: all of them up to kSketchS2Blocks, else that many
// spread evenly over depth (fixed before looking at data).
std::vector<bool> S2Blocks(size_t n) {
  std::vector<bool> on(n, n <= kSketchS2Blocks);
  if (n > kSketchS2Blocks) {
    for (size_t k = 0; k < kSketchS2Blocks; ++k) on[k * (n - 1) / (kSketchS2Blocks - 1)] = true;
  }
  return on;
}

// Exact curtailment of S2's decision (mean agreement over the planned blocks ≥ the floor): each
// agreement lies in [0, 1], so once the blocks run so far decide it whatever the rest would give,
// the rest are skipped; the mean over the blocks run is then on the same side of the floor.
// Unrelated pairs, the common case in a search, stop after 3 of 4 planned blocks.
class S2Plan {
 public:
  explicit S2Plan(const std::vector<bool>& on)
      : planned_(static_cast<double>(std::count(on.begin(), on.end(), true))) {}
  bool Decided() const {
    const double need = kSketchAgreementFloor * planned_;
    return sum_ >= need || sum_ + (planned_ - run_) < need;
  }
  void Add(const SketchBlockResult& r) {
    if (r.agreement_run) {
      sum_ += r.agreement;
      ++run_;
    } else {
      --planned_;  // no kept units: never planned after all
    }
  }

 private:
  double planned_, run_ = 0, sum_ = 0;
};

Status PlannedGateUp(const BlockSketch& a, const BlockSketch& b, const SideRows& probes,
                     S2Plan* plan, SketchBlockResult* r) {
  if (plan->Decided()) return Status::Ok();
  LINEAGE_RETURN_IF_ERROR(GateUp(a, b, probes, r));
  plan->Add(*r);
  return Status::Ok();
}

// Equal block counts: blocks pair by layer number; Fisher over the hit tests.
Status PairByLayer(const Fingerprint& a, const Fingerprint& b, const SideRows& probes,
                   SketchComparison* c) {
  std::map<int32_t, const BlockSketch*> by_layer;
  for (const BlockSketch& bb : b.blocks) by_layer[bb.layer] = &bb;
  std::vector<std::pair<const BlockSketch*, const BlockSketch*>> pairs;
  for (const BlockSketch& ba : a.blocks) {
    auto it = by_layer.find(ba.layer);
    if (it != by_layer.end()) pairs.emplace_back(&ba, it->second);
  }
  const std::vector<bool> s2 = S2Blocks(pairs.size());
  S2Plan plan(s2);
  std::vector<double> log10_p;
  for (size_t k = 0; k < pairs.size(); ++k) {
    const auto [ba, bb] = pairs[k];
    SketchBlockResult r = BlockHeader(*ba, *bb);
    if (HitTestable(*ba, *bb)) {
      LINEAGE_RETURN_IF_ERROR(HitTest(*ba, *bb, probes, &r));
      log10_p.push_back(r.hit_log10_p);
    }
    if (s2[k]) LINEAGE_RETURN_IF_ERROR(PlannedGateUp(*ba, *bb, probes, &plan, &r));
    c->blocks.push_back(r);
  }
  c->hit_blocks = static_cast<int>(log10_p.size());
  c->hits_log10_p = FisherCombineLog10(log10_p);
  return Status::Ok();
}

// Every cell (A block i, B block j) of a depth map; cells without a hit test (widths differ)
// keep only their header.
Result<std::vector<std::vector<SketchBlockResult>>> MapCells(const Fingerprint& a,
                                                             const Fingerprint& b,
                                                             const SideRows& probes,
                                                             SketchComparison* c) {
  std::vector<std::vector<SketchBlockResult>> cells(a.blocks.size());
  for (size_t i = 0; i < a.blocks.size(); ++i) {
    for (const BlockSketch& bb : b.blocks) {
      SketchBlockResult r = BlockHeader(a.blocks[i], bb);
      if (HitTestable(a.blocks[i], bb)) {
        LINEAGE_RETURN_IF_ERROR(HitTest(a.blocks[i], bb, probes, &r));
        ++c->map_cells;
      }
      cells[i].push_back(r);
    }
  }
  return cells;
}

// A block's partner in the map: its best cell (lowest p, ties to the lower j) when that cell is
// matched after the correction, else the B block at the same relative depth.
size_t Partner(const std::vector<SketchBlockResult>& row, size_t i, size_t n_a, double cells) {
  int best = -1;
  for (size_t j = 0; j < row.size(); ++j) {
    if (row[j].hit_test_valid && (best < 0 || row[j].hit_log10_p < row[best].hit_log10_p))
      best = static_cast<int>(j);
  }
  if (best >= 0 && row[best].hit_log10_p + cells <= kMapMatchLog10) return best;
  return n_a > 1 ? (i * (row.size() - 1) + (n_a - 1) / 2) / (n_a - 1) : 0;
}

// Different block counts: every equal-width cell is tested; the smallest cell p is corrected by
// the number of cells; each A block is reported with its partner (S2 runs on that pair).
Status DepthMap(const Fingerprint& a, const Fingerprint& b, const SideRows& probes,
                SketchComparison* c) {
  c->depth_map = true;
  if (b.blocks.empty()) return Status::Ok();
  LINEAGE_ASSIGN_OR_RETURN(auto cells, MapCells(a, b, probes, c));
  const double correction = std::log10(static_cast<double>(std::max<int64_t>(1, c->map_cells)));
  double smallest = 0;
  const std::vector<bool> s2 = S2Blocks(a.blocks.size());
  S2Plan plan(s2);
  for (size_t i = 0; i < a.blocks.size(); ++i) {
    bool testable = false;
    for (const SketchBlockResult& r : cells[i]) {
      testable |= r.hit_test_valid;
      if (r.hit_test_valid) smallest = std::min(smallest, r.hit_log10_p);
    }
    c->hit_blocks += testable;
    const size_t j = Partner(cells[i], i, a.blocks.size(), correction);
    SketchBlockResult r = cells[i][j];
    if (s2[i]) LINEAGE_RETURN_IF_ERROR(PlannedGateUp(a.blocks[i], b.blocks[j], probes, &plan, &r));
    c->blocks.push_back(r);
  }
  c->hits_log10_p = std::min(0.0, smallest + correction);
  return Status::Ok();
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

Result<SketchComparison> CompareFingerprints(const Fingerprint& a, const Fingerprint& b,
                                             const SketchCompareOptions& options) {
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
  if (options.context_alignment) c.alignment = ContextAlignment(a, b, probes);
  if (a.blocks.size() == b.blocks.size()) {
    LINEAGE_RETURN_IF_ERROR(PairByLayer(a, b, probes, &c));
  } else {
    LINEAGE_RETURN_IF_ERROR(DepthMap(a, b, probes, &c));
  }
  double agreement = 0;
  for (const SketchBlockResult& r : c.blocks) {
    c.s2_blocks += r.agreement_run;
    if (r.agreement_run) agreement += r.agreement;
  }
  if (c.s2_blocks > 0) c.mean_agreement = agreement / c.s2_blocks;
  if (c.blocks.empty()) c.note = "no block at the same layer in both fingerprints";
  return c;
}

bool RelatedExact(const SketchComparison& c, double log10_threshold) {
  return c.hit_blocks > 0 && c.hits_log10_p <= log10_threshold;
}

bool RelatedRobust(const SketchComparison& c) {
  return c.s2_blocks > 0 && c.mean_agreement >= kSketchAgreementFloor;
}

}  // namespace lineage
