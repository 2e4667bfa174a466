#include "weights/pair/block_signatures.h"

#include <algorithm>
#include <string>

#include "util/progress.h"
#include "weights/kernels/blas_threads.h"
#include "weights/source/read_ahead.h"
#include "weights/statistics/block_map.h"
#include "weights/statistics/unit_signature.h"

namespace lineage {

namespace {

// A candidate block's signature keeps 256 seeded unit rows (block_map.h SignatureRows): only
// those rows are read, not the block's whole MLP (at 7B, 256 of 11008 rows of gate and up).
Status CandidateSignature(PairState& s, int idx, const SignatureReading& reading,
                          const SignatureOptions& so, int64_t* non_finite) {
  const WeightSource& src = s.in.candidate;
  const int expert = SignatureExpert(src, idx);
  const auto h = static_cast<int64_t>(MlpUnitShape(src, idx, expert).first);
  if (h == 0) return Status::Ok();  // no MLP
  std::vector<int32_t> rows = SignatureRows(h, so);
  Result<Mat> sig = UnitSignatureRows(src, idx, expert, s.result.alignment, Side::kCandidate,
                                      reading, rows, non_finite);
  if (!sig.ok()) return sig.status().WithContext("candidate block " + std::to_string(idx));
  s.widths_a[idx] = h;
  s.rows_a[idx] = std::move(rows);
  s.sig_a[idx] = std::move(*sig);
  return Status::Ok();
}

// A base block's signature keeps every unit (the block map's null needs them all), streamed.
Status BaseSignature(PairState& s, int idx, const SignatureReading& reading, int64_t* width,
                     int64_t* non_finite) {
  const WeightSource& src = s.in.base;
  const int expert = SignatureExpert(src, idx);
  Result<Mat> sig =
      UnitSignatureRows(src, idx, expert, s.result.alignment, Side::kBase, reading, {}, non_finite);
  if (!sig.ok()) {
    if (sig.status().code() == Status::Code::kNotFound) return Status::Ok();  // no MLP
    return sig.status().WithContext("base block " + std::to_string(idx));
  }
  *width = sig->rows();
  s.sig_b[idx] = std::move(*sig);
  return Status::Ok();
}

SignatureOptions SignatureSampling(const PairState& s) {
  SignatureOptions so;
  so.seed = s.in.options.seed ^ 0x5167;
  return so;
}

}  // namespace

Status ReadSignaturesAhead(PairState& s) {
  const WeightSource &cand = s.in.candidate, &base = s.in.base;
  std::vector<ReadAheadRange> ranges;
  // In the order they are read: the embeddings (the alignment's token rows), the candidate's
  // signature rows, then every base MLP (the signature tasks run candidate blocks first).
  AddTensorAhead(cand, Key(Role::kEmbed), ranges);
  AddTensorAhead(base, Key(Role::kEmbed), ranges);
  const SignatureOptions so = SignatureSampling(s);
  for (int layer = 0; layer < cand.layout().num_layers; ++layer) {
    const int expert = SignatureExpert(cand, layer);
    const auto h = static_cast<int64_t>(MlpUnitShape(cand, layer, expert).first);
    if (h == 0) continue;
    const std::vector<int32_t> rows = SignatureRows(h, so);
    const auto [first, second] = MlpUnitKeys(cand, layer, expert);
    AddRowsAhead(cand, first, rows, ranges);
    AddRowsAhead(cand, second, rows, ranges);
  }
  for (int layer = 0; layer < base.layout().num_layers; ++layer) {
    const int expert = SignatureExpert(base, layer);
    if (!HasMlp(base, layer, expert)) continue;
    const auto [first, second] = MlpUnitKeys(base, layer, expert);
    AddTensorAhead(base, first, ranges);
    AddTensorAhead(base, second, ranges);
  }
  s.read_ahead = std::make_unique<ReadAhead>(std::move(ranges), ReadAheadCap());
  return Status::Ok();
}

Status ComputeBlockSignatures(PairState& s) {
  const int LA = s.in.candidate.layout().num_layers, LB = s.in.base.layout().num_layers;
  if (LA == 0 || LB == 0) {
    return InvalidArgument(std::string(LA == 0 ? "candidate" : "base") +
                           ": no transformer blocks to compare");
  }
  const SignatureOptions so = SignatureSampling(s);
  const Mat projection = SignatureProjection(2 * s.result.alignment.common_dim, so);
  LINEAGE_ASSIGN_OR_RETURN(const SignatureReading reading_a,
                           MakeSignatureReading(s.result.alignment.t_a, projection));
  LINEAGE_ASSIGN_OR_RETURN(const SignatureReading reading_b,
                           MakeSignatureReading(s.result.alignment.t_b, projection));
  s.sig_a.assign(LA, Mat());
  s.sig_b.assign(LB, Mat());
  s.rows_a.assign(LA, {});
  s.widths_a.assign(LA, 0);
  Progress progress("block signatures", static_cast<uint64_t>(LA + LB), "blocks",
                    s.in.options.progress, s.in.options.progress_sink);
  progress.ShowBytesRead(s.in.options.read_counters);
  std::vector<int64_t> bad(static_cast<size_t>(LA + LB), 0), width_b(static_cast<size_t>(LB), 0);
  const BlasThreadLimit one_blas_thread(1, s.in.pool.size() > 1);
  LINEAGE_RETURN_IF_ERROR(
      ParallelFor(s.in.pool, static_cast<size_t>(LA + LB), [&](size_t t) -> Status {
        LINEAGE_RETURN_IF_ERROR(CheckCancel(s.in.options.cancel));
        const int la = static_cast<int>(t), lb = la - LA;
        const Status st = la < LA ? CandidateSignature(s, la, reading_a, so, &bad[t])
                                  : BaseSignature(s, lb, reading_b, &width_b[lb], &bad[t]);
        progress.Add(1);
        return st;
      }));
  s.read_ahead.reset();
  DerivationDiagnostics& diag = s.result.diagnostics;
  for (int64_t n : bad) s.result.non_finite += n;
  for (int64_t w : s.widths_a) diag.mlp_width_a = std::max(diag.mlp_width_a, w);
  for (int64_t w : width_b) diag.mlp_width_b = std::max(diag.mlp_width_b, w);
  return Status::Ok();
}

Status MapBlocks(PairState& s) {
  LINEAGE_ASSIGN_OR_RETURN(s.result.block_map,
                           BuildBlockMap(s.sig_a, s.sig_b, s.rows_a, s.widths_a, s.in.pool));
  s.sig_a.clear();
  s.sig_b.clear();
  return Status::Ok();
}

}  // namespace lineage
