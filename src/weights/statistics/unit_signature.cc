#include "weights/statistics/unit_signature.h"

#include <optional>
#include <span>
#include <string>

#include "stats/non_finite.h"
#include "weights/align/norm_folding.h"

namespace lineage {

namespace {

// diag(γ) · R: the block's pre-MLP norm applied to a reading matrix's rows (the residual dims). A
// non-finite γ entry is zeroed and counted, as the weights' columns it scales would be.
Result<Mat> FoldIntoReading(const WeightSource& src, const TensorKey& key, const Mat& reading,
                            int64_t* non_finite) {
  Mat out = reading;
  LINEAGE_ASSIGN_OR_RETURN(std::optional<Eigen::VectorXf> gamma, StoredGamma(src, key, non_finite));
  if (!gamma) return out;
  if (gamma->size() != out.rows()) {
    return InvalidArgument("block " + std::to_string(key.layer) + ": norm of " +
                           std::to_string(gamma->size()) + " entries for a residual width of " +
                           std::to_string(out.rows()));
  }
  out.array().colwise() *= gamma->array();
  return out;
}

// rows × reading into out's rows [first, first + n), NaN/Inf zeroed and counted.
void AddProduct(const float* data, uint64_t first, uint64_t n, const Mat& reading, Mat& out,
                int64_t* non_finite) {
  const Eigen::Map<const Mat> rows(data, static_cast<Eigen::Index>(n), reading.rows());
  auto into = out.middleRows(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(n));
  // Only a chunk that holds a NaN or Inf is copied to be scrubbed: the copy, and the page faults
  // of its fresh allocation, were an eighth of the 7B bench's block signatures, which stream every
  // base MLP. The product sees the same values either way.
  if (AllFinite(std::span<const float>(data, static_cast<size_t>(rows.size())))) {
    into.noalias() += rows * reading;
    return;
  }
  Mat chunk = rows;
  *non_finite += ScrubNonFinite(chunk);
  into.noalias() += chunk * reading;
}

// Every unit: both matrices streamed, a chunk at a time.
Status AddAllRows(const WeightSource& src, const TensorKey& key, const Mat& reading,
                  uint64_t chunk_rows, Mat& out, int64_t* non_finite) {
  return src.Stream(key, chunk_rows, [&](const float* data, uint64_t first, uint64_t n) -> Status {
    if (first + n > static_cast<uint64_t>(out.rows())) {
      return InvalidArgument(RoleName(key.role) + std::string(" has more rows than its block's ") +
                             std::to_string(out.rows()) + " units");
    }
    AddProduct(data, first, n, reading, out, non_finite);
    return Status::Ok();
  });
}

Status AddSomeRows(const WeightSource& src, const TensorKey& key, const Mat& reading,
                   const std::vector<int32_t>& rows, Mat& out, int64_t* non_finite) {
  const std::vector<int64_t> wide(rows.begin(), rows.end());
  LINEAGE_ASSIGN_OR_RETURN(Mat m, src.ReadRows(key, wide));
  AddProduct(m.data(), 0, static_cast<uint64_t>(m.rows()), reading, out, non_finite);
  return Status::Ok();
}

Result<Mat> UngatedSignatureRows(const WeightSource& src, int layer, int expert,
                                 const ResidualAlignment& align, Side side,
                                 const SignatureReading& reading, const std::vector<int32_t>& rows,
                                 int64_t* non_finite) {
  LINEAGE_ASSIGN_OR_RETURN(BlockUnits u, LoadBlockUnits(src, layer, expert, align, side, Mat(),
                                                        nullptr, Attention::kSkip));
  *non_finite += u.non_finite;
  if (rows.empty()) return Mat(u.mlp * reading.projection);
  return Mat(SelectRows(u.mlp, rows) * reading.projection);
}

}  // namespace

Result<SignatureReading> MakeSignatureReading(const Mat& t, const Mat& projection) {
  if (projection.rows() != 2 * t.cols()) {
    return InvalidArgument("signature projection of " + std::to_string(projection.rows()) +
                           " rows for a common basis of " + std::to_string(t.cols()) + " dims");
  }
  SignatureReading r;
  r.gate = t * projection.topRows(t.cols());
  r.up = t * projection.bottomRows(t.cols());
  r.projection = projection;
  return r;
}

Result<Mat> UnitSignatureRows(const WeightSource& src, int layer, int expert,
                              const ResidualAlignment& align, Side side,
                              const SignatureReading& reading, const std::vector<int32_t>& rows,
                              int64_t* non_finite, uint64_t chunk_rows) {
  const auto [gk, uk] = MlpUnitKeys(src, layer, expert);
  if (!src.Has(gk) || !src.Has(uk)) return NotFound("block " + std::to_string(layer) + ": no MLP");
  if (gk.role != Role::kGate)
    return UngatedSignatureRows(src, layer, expert, align, side, reading, rows, non_finite);
  const auto [h, d] = src.Shape(gk);
  if (src.Shape(uk) != std::make_pair(h, d) || d != static_cast<uint64_t>(reading.gate.rows())) {
    return InvalidArgument("block " + std::to_string(layer) + ": gate " + std::to_string(h) + "x" +
                           std::to_string(d) + " and up " + std::to_string(src.Shape(uk).first) +
                           "x" + std::to_string(src.Shape(uk).second) +
                           " do not fit the residual width " + std::to_string(reading.gate.rows()));
  }
  LINEAGE_ASSIGN_OR_RETURN(Mat gate_reading, FoldIntoReading(src, gk, reading.gate, non_finite));
  LINEAGE_ASSIGN_OR_RETURN(Mat up_reading, FoldIntoReading(src, uk, reading.up, non_finite));
  Mat out =
      Mat::Zero(static_cast<Eigen::Index>(rows.empty() ? h : rows.size()), reading.gate.cols());
  if (rows.empty()) {
    LINEAGE_RETURN_IF_ERROR(AddAllRows(src, gk, gate_reading, chunk_rows, out, non_finite));
    LINEAGE_RETURN_IF_ERROR(AddAllRows(src, uk, up_reading, chunk_rows, out, non_finite));
  } else {
    LINEAGE_RETURN_IF_ERROR(AddSomeRows(src, gk, gate_reading, rows, out, non_finite));
    LINEAGE_RETURN_IF_ERROR(AddSomeRows(src, uk, up_reading, rows, out, non_finite));
  }
  return out;
}

}  // namespace lineage
