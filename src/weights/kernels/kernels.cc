#include "weights/kernels/kernels.h"

#include <cstdlib>
#include <string_view>

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Dense>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace lineage {
namespace {

constexpr size_t kBlock = 4096;
constexpr size_t kLanes = 8;

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMajor>;

// Raw sums of one block in double with independent lanes (vectorisable without -ffast-math).
// Non-finite pairs are skipped and counted. Always inlined, so that each instruction-set variant
// below vectorises it for its own ISA. Every lane sees the same operations in the same order at
// any vector width, and -ffp-contract=off forbids fused multiply-adds, so the variants agree bit
// for bit.
[[gnu::always_inline]] inline PairMoments AccumulateBlock(const float* a, const float* b,
                                                          size_t n) {
  double sa[kLanes] = {}, sb[kLanes] = {}, saa[kLanes] = {}, sbb[kLanes] = {}, sab[kLanes] = {};
  double sdd[kLanes] = {};
  // One pair into lane l: the only accumulation rule, used by the vector and the scalar loops.
  auto add = [&](size_t l, double x, double y) {
    const double dxy = x - y;
    sa[l] += x;
    sb[l] += y;
    saa[l] += x * x;
    sbb[l] += y * y;
    sab[l] += x * y;
    sdd[l] += dxy * dxy;
  };
  // Branch-free: one pass that vectorises; the rare non-finite case takes the slow path below.
  int finite = 1;
  for (size_t i = 0; i < n; ++i) {
    finite &= static_cast<int>(std::isfinite(a[i])) & static_cast<int>(std::isfinite(b[i]));
  }
  size_t used = n;
  uint64_t skipped = 0;
  if (finite) {
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
      for (size_t l = 0; l < kLanes; ++l) add(l, a[i + l], b[i + l]);
    }
    for (; i < n; ++i) add(0, a[i], b[i]);
  } else {
    used = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
        ++skipped;
        continue;
      }
      add(0, a[i], b[i]);
      ++used;
    }
  }
  double ta = 0, tb = 0, taa = 0, tbb = 0, tab = 0, tdd = 0;
  for (size_t l = 0; l < kLanes; ++l) {
    ta += sa[l];
    tb += sb[l];
    taa += saa[l];
    tbb += sbb[l];
    tab += sab[l];
    tdd += sdd[l];
  }
  PairMoments m;
  m.n = used;
  m.non_finite = skipped;
  m.dot = tab;
  m.sq_a = taa;
  m.sq_b = tbb;
  m.sq_diff = tdd;
  if (used > 0) {
    const double k = static_cast<double>(used);
    m.mean_a = ta / k;
    m.mean_b = tb / k;
    // Within a block of 4096 the raw-to-centred conversion loses at most ~1e-12 relative even
    // for vectors whose mean is 1000× their spread; blocks are then merged exactly (Chan).
    m.m2_a = std::max(0.0, taa - ta * m.mean_a);
    m.m2_b = std::max(0.0, tbb - tb * m.mean_b);
    m.c_ab = tab - ta * m.mean_b;
  }
  return m;
}

// Merges the blocks of [a, a + n) into `total` one by one, in order. Every block but the last
// is whole, so a range fed in whole blocks continues exactly where the previous one stopped.
[[gnu::always_inline]] inline void AccumulateRangeImpl(PairMoments& total, const float* a,
                                                       const float* b, size_t n) {
  for (size_t off = 0; off < n; off += kBlock) {
    total.Merge(AccumulateBlock(a + off, b + off, std::min(kBlock, n - off)));
  }
}

// The portable build targets a baseline x86-64 (x86-64-v2); the pair kernel, the hot loop of
// every weight comparison, also exists for AVX2 and is chosen at run time.
void AccumulateRangeBaseline(PairMoments& total, const float* a, const float* b, size_t n) {
  AccumulateRangeImpl(total, a, b, n);
}

#if defined(__x86_64__)
[[gnu::target("avx2")]] void AccumulateRangeAvx2(PairMoments& total, const float* a, const float* b,
                                                 size_t n) {
  AccumulateRangeImpl(total, a, b, n);
}
#endif

void AccumulateRangeWith(KernelIsa isa, PairMoments& total, const float* a, const float* b,
                         size_t n) {
#if defined(__x86_64__)
  if (isa == KernelIsa::kAvx2) return AccumulateRangeAvx2(total, a, b, n);
#endif
  AccumulateRangeBaseline(total, a, b, n);
}

void AccumulateRangeInto(PairMoments& total, const float* a, const float* b, size_t n) {
  static const KernelIsa best = DispatchedIsa();
  AccumulateRangeWith(best, total, a, b, n);
}

PairMoments AccumulateRange(const float* a, const float* b, size_t n) {
  PairMoments total;
  AccumulateRangeInto(total, a, b, n);
  return total;
}

}  // namespace

bool CpuRuns(KernelIsa isa) {
  if (isa == KernelIsa::kBaseline) return true;
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

KernelIsa DispatchedIsa() {
  // LINEAGE_KERNEL=baseline forces the baseline variant, so a run can show that its verdicts do
  // not depend on the CPU's vector width (docs/ARCHITECTURE.md).
  const char* forced = std::getenv("LINEAGE_KERNEL");
  if (forced != nullptr && std::string_view(forced) == "baseline") return KernelIsa::kBaseline;
  return CpuRuns(KernelIsa::kAvx2) ? KernelIsa::kAvx2 : KernelIsa::kBaseline;
}

PairMoments AccumulatePairWith(KernelIsa isa, std::span<const float> a, std::span<const float> b) {
  if (!CpuRuns(isa)) isa = KernelIsa::kBaseline;
  PairMoments total;
  AccumulateRangeWith(isa, total, a.data(), b.data(), std::min(a.size(), b.size()));
  return total;
}

void PairAccumulator::Add(std::span<const float> a, std::span<const float> b) {
  size_t n = std::min(a.size(), b.size());
  const float* pa = a.data();
  const float* pb = b.data();
  if (!pending_a_.empty()) {  // complete the pending block first
    const size_t take = std::min(n, kBlock - pending_a_.size());
    pending_a_.insert(pending_a_.end(), pa, pa + take);
    pending_b_.insert(pending_b_.end(), pb, pb + take);
    pa += take, pb += take, n -= take;
    if (pending_a_.size() < kBlock) return;
    AccumulateRangeInto(total_, pending_a_.data(), pending_b_.data(), kBlock);
    pending_a_.clear();
    pending_b_.clear();
  }
  const size_t whole = n - n % kBlock;
  AccumulateRangeInto(total_, pa, pb, whole);
  pending_a_.assign(pa + whole, pa + n);
  pending_b_.assign(pb + whole, pb + n);
}

PairMoments PairAccumulator::Finish() const {
  PairMoments out = total_;
  AccumulateRangeInto(out, pending_a_.data(), pending_b_.data(), pending_a_.size());
  return out;
}

void PairMoments::Merge(const PairMoments& o) {
  non_finite += o.non_finite;
  dot += o.dot;
  sq_a += o.sq_a;
  sq_b += o.sq_b;
  sq_diff += o.sq_diff;
  if (o.n == 0) return;
  if (n == 0) {
    const uint64_t nf = non_finite;
    const double d = dot, qa = sq_a, qb = sq_b, qd = sq_diff;
    *this = o;
    non_finite = nf;
    dot = d;
    sq_a = qa;
    sq_b = qb;
    sq_diff = qd;
    return;
  }
  const double na = static_cast<double>(n), nb = static_cast<double>(o.n), nt = na + nb;
  const double da = o.mean_a - mean_a, db = o.mean_b - mean_b;
  m2_a += o.m2_a + da * da * na * nb / nt;
  m2_b += o.m2_b + db * db * na * nb / nt;
  c_ab += o.c_ab + da * db * na * nb / nt;
  mean_a += da * nb / nt;
  mean_b += db * nb / nt;
  n += o.n;
}

PairMoments AccumulatePair(std::span<const float> a, std::span<const float> b) {
  return AccumulateRange(a.data(), b.data(), std::min(a.size(), b.size()));
}

Result<PairMoments> AccumulatePair(ThreadPool& pool, std::span<const float> a,
                                   std::span<const float> b) {
  if (a.size() != b.size()) return InvalidArgument("vectors differ in length");
  const size_t n = a.size();
  // Fixed chunking (a multiple of the block) so the merge order, hence the result, does not
  // depend on scheduling.
  const size_t chunk = kBlock * 256;
  const size_t chunks = (n + chunk - 1) / chunk;
  std::vector<PairMoments> parts(chunks);
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, chunks, [&](size_t c) {
    const size_t off = c * chunk;
    parts[c] = AccumulateRange(a.data() + off, b.data() + off, std::min(chunk, n - off));
    return Status::Ok();
  }));
  PairMoments total;
  for (const PairMoments& p : parts) total.Merge(p);
  return total;
}

PairStats Summarize(const PairMoments& m) {
  PairStats s;
  s.n = m.n;
  s.non_finite = m.non_finite;
  s.dot = m.dot;
  s.norm_a = std::sqrt(m.sq_a);
  s.norm_b = std::sqrt(m.sq_b);
  s.mean_a = m.mean_a;
  s.mean_b = m.mean_b;
  if (m.n > 0) {
    s.sd_a = std::sqrt(m.m2_a / static_cast<double>(m.n));
    s.sd_b = std::sqrt(m.m2_b / static_cast<double>(m.n));
  }
  if (s.norm_a > 0 && s.norm_b > 0) s.cosine = m.dot / (s.norm_a * s.norm_b);
  if (m.m2_a > 0 && m.m2_b > 0) s.pearson = m.c_ab / std::sqrt(m.m2_a * m.m2_b);
  s.cosine = std::clamp(s.cosine, -1.0, 1.0);
  s.pearson = std::clamp(s.pearson, -1.0, 1.0);
  if (s.norm_b > 0) {
    s.rel_l2 = std::sqrt(m.sq_diff) / s.norm_b;
  } else {
    s.rel_l2 = m.sq_diff > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  return s;
}

double Dot(std::span<const float> a, std::span<const float> b) { return AccumulatePair(a, b).dot; }
double Cosine(std::span<const float> a, std::span<const float> b) {
  return Summarize(AccumulatePair(a, b)).cosine;
}
double Pearson(std::span<const float> a, std::span<const float> b) {
  return Summarize(AccumulatePair(a, b)).pearson;
}
double RelL2(std::span<const float> a, std::span<const float> b) {
  return Summarize(AccumulatePair(a, b)).rel_l2;
}

Result<PairStats> ComparePair(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return InvalidArgument("vectors differ in length");
  return Summarize(AccumulatePair(a, b));
}

Result<PairStats> ComparePair(ThreadPool& pool, std::span<const float> a,
                              std::span<const float> b) {
  LINEAGE_ASSIGN_OR_RETURN(PairMoments m, AccumulatePair(pool, a, b));
  return Summarize(m);
}

MatrixF GatherRows(MatrixView m, std::span<const int32_t> rows) {
  MatrixF out(rows.size(), m.cols);
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto src = m.row(static_cast<size_t>(rows[r]));
    std::copy(src.begin(), src.end(), out.row(r).begin());
  }
  return out;
}

double FiniteSd(MatrixView m) {
  FiniteMoments f;
  f.Add({m.data, m.size()});
  return f.Sd();
}

namespace {

// One value into a partial sum: a non-finite value adds zero and is not counted, without a branch.
inline void AddFinite(float x, double& s, double& q, uint64_t& count) {
  const bool finite = std::isfinite(x);
  const double v = finite ? static_cast<double>(x) : 0.0;
  s += v;
  q += v * v;
  count += finite ? 1 : 0;
}

}  // namespace

void FiniteMoments::Add(std::span<const float> values) {
  // Four partial sums (value i into sum i mod 4): one running sum waited on each addition's
  // latency, and S4 passes every weight of its blocks through here (8 % of the 7B bench's block
  // tests). Named, not an array: GCC kept an array on the stack and the sums then waited on
  // store-to-load forwarding instead.
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  uint64_t count = 0;
  const float* x = values.data();
  const size_t n4 = values.size() / 4 * 4;
  for (size_t i = 0; i < n4; i += 4) {
    AddFinite(x[i], s0, q0, count);
    AddFinite(x[i + 1], s1, q1, count);
    AddFinite(x[i + 2], s2, q2, count);
    AddFinite(x[i + 3], s3, q3, count);
  }
  for (size_t i = n4; i < values.size(); ++i) AddFinite(x[i], s0, q0, count);
  sum += (s0 + s1) + (s2 + s3);
  sq += (q0 + q1) + (q2 + q3);
  n += count;
}

double FiniteMoments::Sd() const {
  if (n < 2) return 0;
  const double mean = sum / static_cast<double>(n);
  return std::sqrt(std::max(0.0, sq / static_cast<double>(n) - mean * mean));
}

MatrixF NormalizeRows(MatrixView m) {
  MatrixF out(m.rows, m.cols);
  for (size_t i = 0; i < m.rows; ++i) {
    const float* src = m.data + i * m.cols;
    double ss = 0;
    for (size_t j = 0; j < m.cols; ++j) ss += static_cast<double>(src[j]) * src[j];
    const float inv = ss > 0 ? static_cast<float>(1.0 / std::sqrt(ss)) : 0.0f;
    float* dst = out.data.data() + i * m.cols;
    for (size_t j = 0; j < m.cols; ++j) dst[j] = src[j] * inv;
  }
  return out;
}

Result<MatrixF> CosineMatrix(MatrixView a, MatrixView b) {
  if (a.cols != b.cols) return InvalidArgument("cosine matrix: column counts differ");
  const MatrixF na = NormalizeRows(a), nb = NormalizeRows(b);
  MatrixF c(a.rows, b.rows);
  if (c.data.empty() || a.cols == 0) return c;
  Eigen::Map<RowMajor> out(c.data.data(), a.rows, b.rows);
  out.noalias() = ConstMap(na.data.data(), a.rows, a.cols) *
                  ConstMap(nb.data.data(), b.rows, b.cols).transpose();
  return c;
}

Result<MatrixF> MatMul(MatrixView a, MatrixView b, bool transpose_a, bool transpose_b) {
  const size_t m = transpose_a ? a.cols : a.rows, ka = transpose_a ? a.rows : a.cols;
  const size_t kb = transpose_b ? b.cols : b.rows, n = transpose_b ? b.rows : b.cols;
  if (ka != kb) return InvalidArgument("matrix product: inner dimensions differ");
  MatrixF c(m, n);
  if (c.data.empty() || ka == 0) return c;
  const ConstMap am(a.data, a.rows, a.cols), bm(b.data, b.rows, b.cols);
  Eigen::Map<RowMajor> out(c.data.data(), m, n);
  if (transpose_a && transpose_b)
    out.noalias() = am.transpose() * bm.transpose();
  else if (transpose_a)
    out.noalias() = am.transpose() * bm;
  else if (transpose_b)
    out.noalias() = am * bm.transpose();
  else
    out.noalias() = am * bm;
  return c;
}

namespace {

// The first index of a row's largest non-NaN value; -1 when every value is NaN. Two passes over
// the row (it stays in cache): the maximum four lanes at a time, then its first position. The
// block map and the unit tests take one argmax per row of every similarity matrix, and the
// one-pass loop, a branch per value, was a third of the 7B bench's block map.
int32_t FirstArgmax(const float* r, size_t n) {
  float best = -std::numeric_limits<float>::infinity();
  size_t j = 0;
#if defined(__SSE2__)
  // MAXPS returns its second operand when either is NaN: a NaN value never replaces the maximum.
  __m128 m = _mm_set1_ps(best);
  for (; j + 4 <= n; j += 4) m = _mm_max_ps(_mm_loadu_ps(r + j), m);
  alignas(16) float lanes[4];
  _mm_store_ps(lanes, m);
  for (float v : lanes) best = std::max(best, v);
#endif
  for (; j < n; ++j) {
    if (r[j] > best) best = r[j];
  }
  // Every non-NaN value is ≥ -inf, so the first value equal to the maximum is the first one the
  // strict one-pass rule (replace on >, or on the first non-NaN) would keep.
  for (size_t k = 0; k < n; ++k) {
    if (r[k] == best) return static_cast<int32_t>(k);
  }
  return -1;
}

}  // namespace

std::vector<int32_t> RowArgmax(MatrixView m) {
  std::vector<int32_t> idx(m.rows, -1);
  for (size_t i = 0; i < m.rows; ++i) idx[i] = FirstArgmax(m.data + i * m.cols, m.cols);
  return idx;
}

Result<RowBest> CosineRowArgmax(MatrixView a, MatrixView b, size_t chunk_rows) {
  if (a.cols != b.cols) return InvalidArgument("cosine argmax: column counts differ");
  const MatrixF nb = NormalizeRows(b);
  return CosineRowArgmaxUnitB(a, nb.view(), chunk_rows);
}

Result<RowBest> CosineRowArgmaxUnitB(MatrixView a, MatrixView b, size_t chunk_rows) {
  if (a.cols != b.cols) return InvalidArgument("cosine argmax: column counts differ");
  if (chunk_rows == 0) chunk_rows = 1024;
  RowBest best;
  best.index.assign(a.rows, -1);
  best.value.assign(a.rows, -std::numeric_limits<float>::infinity());
  if (a.rows == 0 || b.rows == 0 || a.cols == 0) return best;
  const ConstMap bmap(b.data, b.rows, b.cols);
  RowMajor block;
  for (size_t r0 = 0; r0 < a.rows; r0 += chunk_rows) {
    const size_t rows = std::min(chunk_rows, a.rows - r0);
    const MatrixF na = NormalizeRows({a.data + r0 * a.cols, rows, a.cols});
    block.noalias() = ConstMap(na.data.data(), rows, a.cols) * bmap.transpose();
    const std::vector<int32_t> arg = RowArgmax({block.data(), rows, b.rows});
    for (size_t i = 0; i < rows; ++i) {
      best.index[r0 + i] = arg[i];
      if (arg[i] >= 0) best.value[r0 + i] = block(i, arg[i]);
    }
  }
  return best;
}

}  // namespace lineage
