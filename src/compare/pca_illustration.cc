#include "compare/pca_illustration.h"

#include <algorithm>
#include <cmath>

#include <Eigen/SVD>

#include "stats/rng.h"
#include "weights/align/norm_folding.h"

namespace lineage {
namespace {

constexpr Role kReadingRoles[] = {Role::kQ, Role::kK, Role::kV, Role::kGate, Role::kUp};

// Seeded sorted row sample, the same for every model with this shape, role and block: 16 runs of
// 16 consecutive rows at seeded places (Rng::SampleRuns). Runs, not scattered rows, because a
// remote model is read in range-cache chunks (io/cache/range_cache.h): 256 rows scattered over a
// matrix touch nearly every chunk of it, 16 runs touch a few; 16 places still spread the sample
// over the heads.
std::vector<int64_t> SampleRows(uint64_t rows, uint64_t seed, Role role, int block) {
  Rng rng(seed ^ (uint64_t{0x9E3779B97F4A7C15} * (static_cast<uint64_t>(role) * 4096 + block + 1)));
  const std::vector<int32_t> picked =
      rng.SampleRuns(rows, static_cast<size_t>(kPcaRowsPerMatrix), 16);
  return {picked.begin(), picked.end()};
}

// Sampled rows of `key` with the preceding norm folded into the columns.
Result<Mat> ReadSampledFolded(const WeightSource& src, const TensorKey& key, uint64_t seed) {
  std::vector<int64_t> rows = SampleRows(src.Shape(key).first, seed, key.role, key.layer);
  LINEAGE_ASSIGN_OR_RETURN(Mat m, src.ReadRows(key, rows));
  LINEAGE_RETURN_IF_ERROR(FoldStoredNorm(src, key, m));
  return m;
}

struct Track {
  std::string label;
  const WeightSource* source;
  const ResidualAlignment* alignment;  // nullptr: the candidate (its basis is the reference)
};

Result<std::vector<Eigen::VectorXd>> Signatures(const Track& m, const std::vector<Role>& roles,
                                                int64_t width, uint64_t seed) {
  std::vector<Eigen::VectorXd> out;
  for (int block = 0; block < m.source->layout().num_layers; ++block) {
    Eigen::VectorXd sig(static_cast<Eigen::Index>(roles.size()) * width);
    for (size_t r = 0; r < roles.size(); ++r) {
      TensorKey key = Key(roles[r], block);
      if (!m.source->Has(key))
        return NotFound(m.label + ": block " + std::to_string(block) + " has no " +
                        RoleName(roles[r]));
      LINEAGE_ASSIGN_OR_RETURN(Mat w, ReadSampledFolded(*m.source, key, seed));
      Mat in_ref;
      if (m.alignment == nullptr) {
        in_ref = std::move(w);
      } else {
        const ResidualAlignment& a = *m.alignment;
        if (w.cols() != a.t_b.rows())
          return InvalidArgument(m.label + ": width does not match its alignment");
        in_ref = (w * a.t_b) * a.t_a.transpose();
      }
      if (in_ref.cols() != width)
        return InvalidArgument(m.label + ": residual width differs from the candidate's");
      for (int64_t c = 0; c < width; ++c) {
        double norm = in_ref.col(c).cast<double>().norm();
        sig(static_cast<Eigen::Index>(r) * width + c) = std::log(std::max(norm, 1e-12));
      }
    }
    out.push_back(std::move(sig));
  }
  return out;
}

}  // namespace

Result<PcaIllustration> BuildPcaIllustration(const std::string& candidate_label,
                                             const WeightSource& candidate,
                                             const std::vector<PcaBaseInput>& bases,
                                             uint64_t seed) {
  std::vector<Track> models{{candidate_label, &candidate, nullptr}};
  for (const PcaBaseInput& b : bases) {
    if (b.source == nullptr || b.alignment == nullptr) continue;
    models.push_back({b.label, b.source, b.alignment});
  }
  if (models.size() < 2)
    return InvalidArgument("no base with a fitted alignment to compare against");
  std::vector<Role> roles;
  for (Role r : kReadingRoles) {
    bool everywhere = true;
    for (const Track& m : models) everywhere = everywhere && m.source->Has(Key(r, 0));
    if (everywhere) roles.push_back(r);
  }
  if (roles.empty())
    return InvalidArgument("no dense reading matrix (q, k, v, gate, up) common to all models");
  const int64_t width = static_cast<int64_t>(candidate.Shape(Key(roles[0], 0)).second);

  std::vector<std::pair<size_t, int>> owner;  // (model, block) per row of X
  std::vector<Eigen::VectorXd> rows;
  for (size_t i = 0; i < models.size(); ++i) {
    LINEAGE_ASSIGN_OR_RETURN(std::vector<Eigen::VectorXd> sigs,
                             Signatures(models[i], roles, width, seed));
    for (size_t b = 0; b < sigs.size(); ++b) {
      owner.emplace_back(i, static_cast<int>(b));
      rows.push_back(std::move(sigs[b]));
    }
  }
  if (rows.size() < 3) return InvalidArgument("too few blocks for a principal-component view");
  Eigen::MatrixXd x(rows.size(), rows[0].size());
  for (size_t i = 0; i < rows.size(); ++i)
    x.row(static_cast<Eigen::Index>(i)) = rows[i].transpose();
  x.rowwise() -= x.colwise().mean();
  Eigen::BDCSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd& s = svd.singularValues();
  const double total = s.squaredNorm();
  if (s.size() < 2 || total <= 0)
    return InvalidArgument("block signatures do not vary: nothing to project");
  Eigen::MatrixXd u = svd.matrixU().leftCols(2);
  for (int k = 0; k < 2; ++k) {
    Eigen::Index at;
    svd.matrixV().col(k).cwiseAbs().maxCoeff(&at);
    if (svd.matrixV()(at, k) < 0) u.col(k) = -u.col(k);
  }

  PcaIllustration pca;
  std::string role_list;
  for (Role r : roles) role_list += (role_list.empty() ? "" : ", ") + std::string(RoleName(r));
  pca.features =
      "log column norms per residual dimension of the norm-folded " + role_list + " matrices, in " +
      candidate_label + "'s residual basis (each base mapped by its fitted alignment); at most " +
      std::to_string(kPcaRowsPerMatrix) + " seeded rows per matrix, in runs of 16 (estimates)";
  for (int k = 0; k < 2; ++k) pca.explained_variance[k] = s(k) * s(k) / total;
  for (size_t i = 0; i < owner.size(); ++i) {
    PcaPoint p;
    p.model = models[owner[i].first].label;
    p.block = owner[i].second;
    p.pc1 = u(static_cast<Eigen::Index>(i), 0) * s(0);
    p.pc2 = u(static_cast<Eigen::Index>(i), 1) * s(1);
    pca.points.push_back(p);
  }
  return pca;
}

}  // namespace lineage
