#include "weights/align/alignment.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "stats/unit_tests.h"
#include "weights/align/half_products.h"
#include "weights/align/lap.h"
#include "weights/align/procrustes.h"
#include "weights/kernels/kernels.h"

namespace lineage {

namespace {

// For each column of t its single ±1 entry (row, sign), or false when t is not a signed selection.
bool SignedSelection(const Mat& t, std::vector<Eigen::Index>* rows, std::vector<float>* signs) {
  rows->assign(static_cast<size_t>(t.cols()), -1);
  signs->assign(static_cast<size_t>(t.cols()), 0.0f);
  for (Eigen::Index r = 0; r < t.rows(); ++r) {
    const float* row = t.data() + r * t.cols();
    for (Eigen::Index c = 0; c < t.cols(); ++c) {
      const float v = row[c];
      if (v == 0.0f) continue;
      if ((v != 1.0f && v != -1.0f) || (*rows)[c] >= 0) return false;
      (*rows)[c] = r;
      (*signs)[c] = v;
    }
  }
  for (Eigen::Index r : *rows) {
    if (r < 0) return false;
  }
  return true;
}

}  // namespace

BasisReader::BasisReader(const Mat& t) : t_(t) { selection_ = SignedSelection(t, &rows_, &signs_); }

Mat BasisReader::Read(const Mat& w) const {
  if (w.cols() != t_.rows() || !selection_) return w * t_;
  Mat out(w.rows(), t_.cols());
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const float* src = w.data() + i * w.cols();
    float* dst = out.data() + i * out.cols();
    for (Eigen::Index c = 0; c < t_.cols(); ++c) dst[c] = signs_[c] * src[rows_[c]];
  }
  return out;
}

Mat ReadThrough(const Mat& w, const Mat& t) { return BasisReader(t).Read(w); }

const char* AlignmentKindName(AlignmentKind k) {
  switch (k) {
    case AlignmentKind::kIdentity:
      return "identity";
    case AlignmentKind::kSignedPermutation:
      return "signed-permutation";
    case AlignmentKind::kRotation:
      return "rotation";
    default:
      return "none";
  }
}

ResidualAlignment IdentityAlignment(int64_t dim, const std::string& note) {
  ResidualAlignment a;
  a.kind = AlignmentKind::kNone;
  a.dim_a = a.dim_b = a.common_dim = dim;
  a.t_a = Mat::Identity(dim, dim);
  a.t_b = Mat::Identity(dim, dim);
  a.note = note;
  return a;
}

namespace {

void CentreColumnsInPlace(Mat& m) {
  const Eigen::RowVectorXf mean = m.colwise().mean();
  m.rowwise() -= mean;
}

// Mean cosine of row i of x and row i of y over `rows`, after mapping both into common
// coordinates: coordinate c is sign[c]·x(i, col_x[c]) and y(i, col_y[c]). An identity map is
// col_x = col_y = 0..d-1 with unit signs. Rows with a zero side are skipped. Applying a signed
// permutation this way costs O(rows · d) instead of a GEMM with a selection matrix.
double MeanRowCosineMapped(const Mat& x, const Mat& y, const std::vector<int32_t>& rows,
                           const std::vector<int32_t>& col_x, const std::vector<int32_t>& col_y,
                           const std::vector<float>& sign) {
  double sum = 0;
  int64_t n = 0;
  for (int32_t i : rows) {
    double dot = 0, nx = 0, ny = 0;
    for (size_t c = 0; c < col_x.size(); ++c) {
      const double xv = sign[c] * x(i, col_x[c]), yv = y(i, col_y[c]);
      dot += xv * yv;
      nx += xv * xv;
      ny += yv * yv;
    }
    if (nx == 0 || ny == 0) continue;
    sum += dot / std::sqrt(nx * ny);
    ++n;
  }
  return n ? sum / n : 0;
}

// Step 1, equal widths only: the held-out score of the identity basis and the residual hit
// count (dims whose best |corr| partner is themselves).
void ScoreIdentity(const Mat& a, const Mat& b, const SharedTokenRows& shared,
                   const HalfProducts& fit, const HalfProducts& score, ResidualAlignment& out) {
  const int64_t da = a.cols();
  std::vector<int32_t> dims(static_cast<size_t>(da));
  for (int32_t k = 0; k < da; ++k) dims[k] = k;
  out.score_identity = MeanRowCosineMapped(a, b, shared.score_half, dims, dims,
                                           std::vector<float>(dims.size(), 1.0f));
  const Mat corr = AllRowsCorrelation(fit, score);
  int64_t hits = 0;
  for (Eigen::Index k = 0; k < corr.rows(); ++k) {
    Eigen::Index best = 0;
    corr.row(k).cwiseAbs().maxCoeff(&best);
    if (best == k) ++hits;
  }
  out.residual_hits = hits;
  out.residual_hits_log10_p = HitCountLog10PBound(hits, da, da);
}

// The matched dims, kept as indices until the permutation is kept: as two dense d × d matrices
// they would take 128 MB at d = 4096 while the rotation's SVD runs.
struct SignedPermutation {
  int64_t da = 0, db = 0;
  std::vector<int32_t> col_a, col_b;  // common coordinate c reads dim col_a[c] of A, col_b[c] of B
  std::vector<float> sign;            // applied to A's dim

  Mat TransformA() const {
    Mat t = Mat::Zero(da, static_cast<Eigen::Index>(col_a.size()));
    for (size_t c = 0; c < col_a.size(); ++c) t(col_a[c], static_cast<Eigen::Index>(c)) = sign[c];
    return t;
  }
  Mat TransformB() const {
    Mat t = Mat::Zero(db, static_cast<Eigen::Index>(col_b.size()));
    for (size_t c = 0; c < col_b.size(); ++c) t(col_b[c], static_cast<Eigen::Index>(c)) = 1.0f;
    return t;
  }
};

// Step 2: the signed permutation fitted on the fit half (LAP on |corr|), scored on the other.
Result<SignedPermutation> FitSignedPermutation(const Mat& a, const Mat& b,
                                               const SharedTokenRows& shared,
                                               const HalfProducts& fit, ResidualAlignment& out) {
  const int64_t da = a.cols(), db = b.cols();
  const Mat corr_fit = HalfCorrelation(fit);
  const Mat abs_corr = corr_fit.cwiseAbs();
  LINEAGE_ASSIGN_OR_RETURN(Assignment perm, SolveLap(View(abs_corr), Objective::kMaximize));
  int64_t matched = 0, fixed = 0;
  double abs_sum = 0;
  for (int64_t k = 0; k < da; ++k) matched += perm.row_to_col[k] >= 0;
  SignedPermutation sp;
  sp.da = da;
  sp.db = db;
  // Common coordinates follow the base's column order.
  std::vector<std::pair<int32_t, int32_t>> pairs;  // (base col, cand col)
  for (int32_t k = 0; k < da; ++k) {
    if (perm.row_to_col[k] >= 0) pairs.push_back({perm.row_to_col[k], k});
  }
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [j, k] : pairs) {
    const float sign = corr_fit(k, j) < 0 ? -1.0f : 1.0f;
    sp.col_a.push_back(k);
    sp.col_b.push_back(j);
    sp.sign.push_back(sign);
    abs_sum += abs_corr(k, j);
    if (j == k && sign > 0) ++fixed;
  }
  out.permutation_mean_abs_corr = matched ? abs_sum / matched : 0;
  out.permutation_fixed_fraction = matched ? static_cast<double>(fixed) / matched : 0;
  out.score_permutation = MeanRowCosineMapped(a, b, shared.score_half, sp.col_a, sp.col_b, sp.sign);
  return sp;
}

// The simplest transform whose held-out score is within `margin` of `best`: the identity (equal
// widths only), else the signed permutation, else the rotation. The margin is absolute: a margin
// relative to the best score shrinks with it, and between independent models (every score ≈ 0)
// kept whichever noise fit scored highest, a rotation of d² free parameters that explained
// nothing and that every later product then paid for.
AlignmentKind KeptKind(const ResidualAlignment& out, bool equal_widths, double best,
                       double margin) {
  auto close = [&](double s) { return s >= best - margin; };
  if (equal_widths && close(out.score_identity)) return AlignmentKind::kIdentity;
  if (close(out.score_permutation)) return AlignmentKind::kSignedPermutation;
  return AlignmentKind::kRotation;
}

// Whether the rotation fit can be skipped (AlignmentOptions::skip_dominated_rotation): the kept
// transform is the same for the best score of the other two and for the largest possible, 1; as
// a larger best only moves the choice towards the rotation, it is the same for every rotation
// score in between.
bool RotationDominated(const ResidualAlignment& out, const AlignmentOptions& options) {
  const double margin = options.simplicity_margin;
  const double known = std::max(out.score_identity, out.score_permutation);
  const AlignmentKind k = KeptKind(out, true, known, margin);
  return k != AlignmentKind::kRotation && known <= 1.0 && k == KeptKind(out, true, 1.0, margin);
}

// Keeps the simplest transform within tolerance of the best held-out score; then, for a kept
// non-identity basis of equal widths, the rotation's shuffle null.
Status ChooseTransform(const Mat& a, const Mat& b, const SharedTokenRows& shared,
                       const AlignmentOptions& options, SignedPermutation perm,
                       std::optional<MatrixF> rotation, ResidualAlignment& out) {
  const int64_t da = a.cols(), db = b.cols();
  double best = std::max({da == db ? out.score_identity : -1.0, out.score_permutation,
                          da == db && rotation ? out.score_rotation : -1.0});
  const AlignmentKind kind = KeptKind(out, da == db, best, options.simplicity_margin);
  if (kind == AlignmentKind::kIdentity) {
    out.kind = AlignmentKind::kIdentity;
    out.t_a = Mat::Identity(da, da);
    out.t_b = Mat::Identity(db, db);
  } else if (kind == AlignmentKind::kSignedPermutation) {
    out.kind = AlignmentKind::kSignedPermutation;
    out.t_a = perm.TransformA();
    out.t_b = perm.TransformB();
  } else if (rotation) {
    // The rotation whose held-out score was compared: fitted on the fit half only.
    out.kind = AlignmentKind::kRotation;
    out.t_a = ToMat(*rotation);
    out.t_b = Mat::Identity(db, db);
  } else {
    return Internal("alignment: a rotation was kept without being fitted");
  }
  if (da == db && out.kind != AlignmentKind::kIdentity && options.procrustes_shuffles > 0) {
    LINEAGE_ASSIGN_OR_RETURN(
        ProcrustesNull null,
        ProcrustesShuffleNull(View(a), View(b), shared.fit_half, shared.score_half,
                              options.procrustes_shuffles, options.seed, options.cancel));
    out.rotation_null_mean = null.mean;
    out.rotation_null_sd = null.sd;
    // The held-out score of the rotation, whichever transform is kept (0 when it was not fitted).
    if (null.sd > 0) out.rotation_z = (out.score_rotation - null.mean) / null.sd;
  } else if (da == db) {
    out.note += std::string(out.note.empty() ? "" : "; ") +
                (out.kind == AlignmentKind::kIdentity
                     ? "identity basis kept: the rotation shuffle null was not run (rotation_z 0)"
                     : "the rotation shuffle null was not run: it never decides (rotation_z 0)");
  }
  out.common_dim = out.t_a.cols();
  return Status::Ok();
}

}  // namespace

Result<ResidualAlignment> AlignResidual(Mat a, Mat b, const SharedTokenRows& shared,
                                        const AlignmentOptions& options) {
  const int64_t da = a.cols(), db = b.cols();
  if (shared.fit_half.size() < 8 || shared.score_half.size() < 8) {
    if (da != db) {
      return InvalidArgument("cannot align residual bases of widths " + std::to_string(da) +
                             " and " + std::to_string(db) + " without shared tokens");
    }
    ResidualAlignment id =
        IdentityAlignment(da, "too few shared tokens (" + std::to_string(shared.size()) +
                                  ") to align; identity basis assumed");
    id.shared_rows = static_cast<int64_t>(shared.size());
    return id;
  }
  if (a.rows() != static_cast<Eigen::Index>(shared.size()) ||
      b.rows() != static_cast<Eigen::Index>(shared.size())) {
    return InvalidArgument("alignment needs one embedding row per shared token");
  }
  CentreColumnsInPlace(a);
  CentreColumnsInPlace(b);
  if (!AllFinite(a) || !AllFinite(b)) {
    return InvalidArgument("embedding rows of shared tokens contain NaN or Inf");
  }
  ResidualAlignment out;
  out.dim_a = da;
  out.dim_b = db;
  out.shared_rows = static_cast<int64_t>(shared.size());
  // Each half multiplied once (half_products.h): the hit count, the permutation and the
  // rotation all read these two products.
  LINEAGE_ASSIGN_OR_RETURN(HalfProducts fit, MultiplyHalf(a, b, shared.fit_half));
  if (da == db) {  // only the identity's hit count reads the score half's product
    LINEAGE_ASSIGN_OR_RETURN(const HalfProducts score, MultiplyHalf(a, b, shared.score_half));
    ScoreIdentity(a, b, shared, fit, score, out);
  }
  LINEAGE_ASSIGN_OR_RETURN(SignedPermutation perm, FitSignedPermutation(a, b, shared, fit, out));
  // 3. Rotation (equal widths only): the held-out score now; its shuffle null (one d × d SVD per
  // shuffle, the alignment's dominant cost at d = 2048+) only when a non-identity basis is kept,
  // the only case that reads it.
  const bool fit_rotation =
      da == db && !(options.skip_dominated_rotation && RotationDominated(out, options));
  std::optional<MatrixF> rotation;
  if (fit_rotation) {
    LINEAGE_ASSIGN_OR_RETURN(ProcrustesHoldoutResult ph,
                             ProcrustesHoldout(View(a), View(b), shared.fit_half, shared.score_half,
                                               0, options.seed, std::move(fit.cross)));
    out.score_rotation = ph.value;
    rotation = std::move(ph.rotation);
  } else if (da == db) {
    out.note += std::string(out.note.empty() ? "" : "; ") +
                "rotation not fitted: no rotation score could change the kept transform";
  }
  LINEAGE_RETURN_IF_ERROR(
      ChooseTransform(a, b, shared, options, std::move(perm), std::move(rotation), out));
  return out;
}

std::vector<Finding> AlignmentFindings(const ResidualAlignment& a) {
  std::vector<Finding> out;
  Finding f;
  f.analysis = "weights";
  f.test = "residual_alignment";
  f.component = "embed";
  f.statistic = "heldout_row_cosine";
  f.value = a.kind == AlignmentKind::kRotation            ? a.score_rotation
            : a.kind == AlignmentKind::kSignedPermutation ? a.score_permutation
                                                          : a.score_identity;
  NullModel null;
  null.kind = "shuffle";
  null.description = "Procrustes refitted on randomly re-paired shared tokens";
  null.mean = a.rotation_null_mean;
  null.sd = a.rotation_null_sd;
  f.null = null;
  f.z = a.rotation_z;
  f.approximate = true;
  f.direction = Direction::kNeutral;
  f.note = std::string("transform: ") + AlignmentKindName(a.kind) + "; held-out cosine identity " +
           std::to_string(a.score_identity) + ", permutation " +
           std::to_string(a.score_permutation) + ", rotation " + std::to_string(a.score_rotation) +
           (a.note.empty() ? "" : "; " + a.note);
  out.push_back(f);

  if (a.dim_a == a.dim_b && a.shared_rows > 0) {
    Finding h;
    h.analysis = "weights";
    h.test = "residual_identity_hits";
    h.component = "embed";
    h.statistic = "hit_count";
    h.value = static_cast<double>(a.residual_hits);
    h.log10_p = a.residual_hits_log10_p;
    NullModel n;
    n.kind = "exact";
    n.description = "union bound on K of d residual dims hitting themselves, exchangeable dims";
    n.mean = 1.0;
    h.null = n;
    h.direction = a.residual_hits_log10_p < -3 ? Direction::kForDerivation : Direction::kNeutral;
    h.note = "embedding columns matched to the same index (identity basis)";
    out.push_back(h);
  }
  return out;
}

}  // namespace lineage
