#include "weights/align/norm_folding.h"

#include <cmath>
#include <string>
#include <utility>

namespace lineage {

Eigen::VectorXf EffectiveGamma(const Mat& norm_weight, bool gemma_offset) {
  Eigen::VectorXf g = Eigen::Map<const Eigen::VectorXf>(norm_weight.data(), norm_weight.size());
  if (gemma_offset) g.array() += 1.0f;
  return g;
}

Status FoldNormInto(Mat& w, const Eigen::VectorXf& gamma) {
  if (w.cols() != gamma.size()) {
    return InvalidArgument("cannot fold a norm of " + std::to_string(gamma.size()) +
                           " entries into a matrix with " + std::to_string(w.cols()) + " columns");
  }
  w.array().rowwise() *= gamma.transpose().array();  // in place: no temporary of w's size
  return Status::Ok();
}

Role NormFoldedInto(Role role) {
  switch (role) {
    case Role::kQ:
    case Role::kK:
    case Role::kV:
    case Role::kQA:
    case Role::kKVA:
      return Role::kAttnNorm;
    case Role::kGate:
    case Role::kUp:
    case Role::kRouter:
      return Role::kMlpNorm;
    case Role::kLmHead:
      return Role::kFinalNorm;
    default:
      return Role::kOther;
  }
}

Result<Mat> ReadFolded(const WeightSource& src, const TensorKey& key) {
  LINEAGE_ASSIGN_OR_RETURN(Mat w, src.Read(key));
  LINEAGE_RETURN_IF_ERROR(FoldStoredNorm(src, key, w));
  return w;
}

Result<std::optional<Eigen::VectorXf>> StoredGamma(const WeightSource& src, const TensorKey& key,
                                                   int64_t* non_finite) {
  const Role norm_role = NormFoldedInto(key.role);
  if (norm_role == Role::kOther) return std::optional<Eigen::VectorXf>();
  TensorKey nk = key;
  nk.role = norm_role;
  nk.expert = -1;  // one norm per block, shared by every expert and the router
  if (norm_role == Role::kFinalNorm) nk.layer = -1;
  if (!src.Has(nk)) return std::optional<Eigen::VectorXf>();
  LINEAGE_ASSIGN_OR_RETURN(Mat norm, src.Read(nk));
  Eigen::VectorXf gamma = EffectiveGamma(norm, src.layout().gemma_norm_offset);
  if (non_finite != nullptr) {
    for (Eigen::Index i = 0; i < gamma.size(); ++i) {
      if (std::isfinite(gamma(i))) continue;
      gamma(i) = 0;
      ++*non_finite;
    }
  }
  return std::optional<Eigen::VectorXf>(std::move(gamma));
}

Status FoldStoredNorm(const WeightSource& src, const TensorKey& key, Mat& w) {
  LINEAGE_ASSIGN_OR_RETURN(std::optional<Eigen::VectorXf> gamma, StoredGamma(src, key));
  if (!gamma) return Status::Ok();
  Status st = FoldNormInto(w, *gamma);
  if (!st.ok()) return st.WithContext("folding the norm of block " + std::to_string(key.layer));
  return Status::Ok();
}

}  // namespace lineage
