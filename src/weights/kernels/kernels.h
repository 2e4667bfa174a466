// Numeric kernels over f32 data: dot, cosine, Pearson, relative L2, cosine matrices, row argmax.
//
// Contract:
//   - Vector kernels take two spans of equal length (mismatch → InvalidArgument where a Result
//     is returned; the plain-double functions require it, checked by the caller). Accumulation
//     is in double, in blocks of 4096 elements whose centred moments are merged (Chan et al.), so
//     results are sound for 10^8+ elements and for vectors with a large common mean (norm
//     weights near 1).
//   - Degenerate inputs (zero vector, zero variance) give 0 for cosine/Pearson, never NaN; any
//     NaN/Inf element makes the result NaN-free but flagged: PairStats::non_finite counts them and
//     those elements are skipped.
//   - Multi-threaded variants split the range over a ThreadPool; their result equals the serial
//     one up to floating-point reassociation (same blocks, merged in the same order).
//   - CosineMatrix row-normalises A and B and computes A Bᵀ with Eigen (OpenBLAS GEMM). Memory:
//     the m × n result plus normalised copies of A and B. Zero rows give zero cosines.
//   - CosineRowArgmax streams B against A in row chunks so the m × n matrix is never held whole:
//     memory O(chunk × n).
//   - The pair kernel dispatches at run time (baseline or AVX2; KernelIsa below), with identical
//     results on either path.
//   - Pure functions; thread-safe given distinct outputs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "util/status.h"
#include "util/thread_pool.h"
#include "weights/kernels/matrix.h"

namespace lineage {

// Mergeable sufficient statistics of a pair of equal-length vectors.
struct PairMoments {
  uint64_t n = 0;
  uint64_t non_finite = 0;  // pairs skipped because either element was NaN or Inf
  double mean_a = 0, mean_b = 0;
  double m2_a = 0, m2_b = 0, c_ab = 0;  // centred sums: Σ(a-ā)², Σ(b-b̄)², Σ(a-ā)(b-b̄)
  double dot = 0, sq_a = 0, sq_b = 0;   // raw Σab, Σa², Σb²
  double sq_diff = 0;                   // Σ(a-b)²

  void Merge(const PairMoments& o);
};

PairMoments AccumulatePair(std::span<const float> a, std::span<const float> b);

// AccumulatePair over a concatenation fed piece by piece: Finish() is bit for bit what one
// AccumulatePair over all the pieces added so far, end to end, would give (the same blocks, merged
// in the same order), while it holds at most one block of them. Each Add uses the shorter span's
// length. Not thread-safe; one per stream.
class PairAccumulator {
 public:
  void Add(std::span<const float> a, std::span<const float> b);
  PairMoments Finish() const;

 private:
  PairMoments total_;                         // the whole blocks so far
  std::vector<float> pending_a_, pending_b_;  // the last, incomplete block
};

// Instruction sets the pair kernel is compiled for. The build targets a baseline (x86-64-v2 by
// default); AccumulatePair uses the best variant the running CPU supports, chosen once.
enum class KernelIsa { kBaseline, kAvx2 };
bool CpuRuns(KernelIsa isa);
// The variant AccumulatePair uses: the best the CPU runs, or the baseline when the environment
// sets LINEAGE_KERNEL=baseline (read once per process).
KernelIsa DispatchedIsa();
// AccumulatePair with the variant named (the baseline when the CPU cannot run it), so tests can
// hold the dispatched path to the baseline's result: bit for bit (same lane order, no FMA).
PairMoments AccumulatePairWith(KernelIsa isa, std::span<const float> a, std::span<const float> b);
Result<PairMoments> AccumulatePair(ThreadPool& pool, std::span<const float> a,
                                   std::span<const float> b);

struct PairStats {
  uint64_t n = 0;
  uint64_t non_finite = 0;
  double dot = 0;
  double cosine = 0;
  double pearson = 0;
  double rel_l2 = 0;  // ‖a - b‖ / ‖b‖ (b is the reference/base); 0 when both are zero
  double mean_a = 0, mean_b = 0;
  double sd_a = 0, sd_b = 0;  // population standard deviations
  double norm_a = 0, norm_b = 0;
};
PairStats Summarize(const PairMoments& m);

double Dot(std::span<const float> a, std::span<const float> b);
double Cosine(std::span<const float> a, std::span<const float> b);
double Pearson(std::span<const float> a, std::span<const float> b);
double RelL2(std::span<const float> a, std::span<const float> b);  // ‖a - b‖ / ‖b‖
Result<PairStats> ComparePair(std::span<const float> a, std::span<const float> b);
Result<PairStats> ComparePair(ThreadPool& pool, std::span<const float> a, std::span<const float> b);

// C[i][j] = cos(A_i, B_j); A is m × d, B is n × d. Cols must match.
Result<MatrixF> CosineMatrix(MatrixView a, MatrixView b);
// Index of the maximum of each row (first on ties; NaN never wins).
std::vector<int32_t> RowArgmax(MatrixView m);

struct RowBest {
  std::vector<int32_t> index;  // argmax_j cos(A_i, B_j) per row of A
  std::vector<float> value;    // that cosine
};
// argmax over B's rows of the cosine with each row of A, without materialising the m × n matrix.
Result<RowBest> CosineRowArgmax(MatrixView a, MatrixView b, size_t chunk_rows = 1024);
// The same with B's rows already unit (NormalizeRows(b)), for callers that match many A against one
// B and so normalise it once.
Result<RowBest> CosineRowArgmaxUnitB(MatrixView a, MatrixView unit_b, size_t chunk_rows = 1024);

// op(A) · op(B) in f32 through Eigen/OpenBLAS, op = transpose when the flag says so. Inner
// dimensions must agree (else InvalidArgument). Lets other kernels stay free of Eigen headers.
Result<MatrixF> MatMul(MatrixView a, MatrixView b, bool transpose_a, bool transpose_b);

// The listed rows of m, in order (indices must be in range; the caller checks).
MatrixF GatherRows(MatrixView m, std::span<const int32_t> rows);

// Population standard deviation of the finite elements (NaN/Inf skipped: they are reported
// elsewhere and must not poison a null's scale); 0 for fewer than two. Summed in double.
double FiniteSd(MatrixView m);

// FiniteSd gathered piece by piece: Add the values, then Sd() equals FiniteSd over all of them up
// to double rounding (each Add keeps four partial sums, so the grouping follows the pieces), so a
// matrix's spread can be taken while it is streamed.
struct FiniteMoments {
  double sum = 0, sq = 0;
  uint64_t n = 0;
  void Add(std::span<const float> values);
  double Sd() const;
};

// Copies of a matrix with rows scaled to unit L2 norm (zero rows stay zero).
MatrixF NormalizeRows(MatrixView m);

}  // namespace lineage
