#include "training/init_signature.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <numeric>
#include <random>

#include <Eigen/Eigenvalues>

#include "stats/ks.h"
#include "stats/non_finite.h"
#include "weights/source/model_weight_source.h"

namespace lineage {
namespace {

constexpr double kPi = 3.14159265358979323846;

// CDF of the Marchenko–Pastur law with ratio lambda <= 1 (unit variance), tabulated on a grid
// in θ with x = lo + (hi - lo)(1 - cos θ)/2, which removes the square-root edge singularities.
class MpCdf {
 public:
  explicit MpCdf(double lambda)
      : lo_((1 - std::sqrt(lambda)) * (1 - std::sqrt(lambda))),
        hi_((1 + std::sqrt(lambda)) * (1 + std::sqrt(lambda))) {
    const int k = 4096;
    xs_.resize(k + 1);
    cdf_.resize(k + 1);
    double prev_f = 0, acc = 0;
    for (int i = 0; i <= k; ++i) {
      double th = kPi * i / k;
      double x = lo_ + (hi_ - lo_) * (1 - std::cos(th)) / 2;
      double dens =
          x > 0 ? std::sqrt(std::max(0.0, (hi_ - x) * (x - lo_))) / (2 * kPi * lambda * x) : 0;
      double f = dens * (hi_ - lo_) / 2 * std::sin(th);  // density in θ
      if (i > 0) acc += 0.5 * (f + prev_f) * (kPi / k);
      xs_[i] = x;
      cdf_[i] = acc;
      prev_f = f;
    }
    for (double& c : cdf_) c /= acc > 0 ? acc : 1;
  }
  double operator()(double x) const {
    if (x <= lo_) return 0;
    if (x >= hi_) return 1;
    auto it = std::upper_bound(xs_.begin(), xs_.end(), x);
    size_t j = static_cast<size_t>(it - xs_.begin());
    double t = (x - xs_[j - 1]) / (xs_[j] - xs_[j - 1]);
    return cdf_[j - 1] + t * (cdf_[j] - cdf_[j - 1]);
  }
  double hi() const { return hi_; }

 private:
  double lo_, hi_;
  std::vector<double> xs_, cdf_;
};

std::string ComponentOf(const TensorKey& k) {
  std::string prefix = k.component == "trunk" ? "" : k.component + " ";
  if (k.layer >= 0) return prefix + "block " + std::to_string(k.layer);
  switch (k.role) {
    case Role::kEmbed:
      return prefix + "embed";
    case Role::kLmHead:
      return prefix + "lm_head";
    case Role::kFinalNorm:
      return prefix + "final_norm";
    default:
      return prefix + RoleName(k.role);
  }
}

std::string NameOf(const TensorKey& k) {
  std::string n = ComponentOf(k);
  if (k.layer >= 0 ||
      (k.role != Role::kEmbed && k.role != Role::kLmHead && k.role != Role::kFinalNorm)) {
    if (k.layer >= 0) n += std::string(" ") + RoleName(k.role);
    if (k.expert >= 0) n += " expert " + std::to_string(k.expert);
  }
  return n;
}

MatrixSignature VectorSignature(const Mat& v, const std::string& name) {
  MatrixSignature s;
  s.name = name;
  s.vector = true;
  s.rows = 1;
  s.cols = static_cast<uint64_t>(v.size());
  s.used_rows = 1;
  s.used_cols = s.cols;
  double sum = 0, sq = 0;
  for (Eigen::Index i = 0; i < v.size(); ++i) sum += v.data()[i];
  s.mean = v.size() ? sum / v.size() : 0;
  for (Eigen::Index i = 0; i < v.size(); ++i) sq += (v.data()[i] - s.mean) * (v.data()[i] - s.mean);
  s.std = v.size() ? std::sqrt(sq / v.size()) : 0;
  // Initialised norm vectors are exactly constant; allow float rounding only.
  if (s.std > 1e-6 * std::max(1.0, std::fabs(s.mean))) {
    s.trained = true;
    char buf[96];
    std::snprintf(buf, sizeof buf, "not constant (mean %.4g, sd %.3g)", s.mean, s.std);
    s.reason = buf;
  }
  return s;
}

}  // namespace

MatrixSignature MatrixInitSignature(const Mat& w, const std::string& name) {
  MatrixSignature s;
  s.name = name;
  s.rows = s.used_rows = static_cast<uint64_t>(w.rows());
  s.cols = s.used_cols = static_cast<uint64_t>(w.cols());
  const double n_el = static_cast<double>(w.size());
  if (n_el == 0) return s;
  Eigen::MatrixXd x = w.cast<double>();
  // Counted as zero (stats/non_finite.h): NaN never propagates.
  ScrubNonFinite(std::span<double>(x.data(), static_cast<size_t>(x.size())));
  s.mean = x.mean();
  x.array() -= s.mean;
  const double var = x.squaredNorm() / n_el;
  s.std = std::sqrt(var);
  if (var <= 0) return s;  // constant: a zero-initialised projection, still initialisation
  const double m4 = x.array().pow(4).mean();
  s.excess_kurtosis = m4 / (var * var) - 3;

  // Row-norm spread against the iid expectation for this kurtosis.
  Eigen::VectorXd norms = x.rowwise().norm();
  const double nm = norms.mean();
  const double ncv = nm > 0 ? std::sqrt((norms.array() - nm).square().mean()) / nm : 0;
  const double expected_cv = 0.5 * std::sqrt(std::max(0.05, s.excess_kurtosis + 2) / x.cols());
  s.row_norm_cv_ratio = expected_cv > 0 ? ncv / expected_cv : 1;

  // Spectrum: p x p Gram matrix with p = min(m, n).
  const bool wide = x.rows() <= x.cols();
  const double p = static_cast<double>(wide ? x.rows() : x.cols());
  const double q = static_cast<double>(wide ? x.cols() : x.rows());
  Eigen::MatrixXd g =
      wide ? Eigen::MatrixXd(x * x.transpose()) : Eigen::MatrixXd(x.transpose() * x);
  g /= q * var;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(g, Eigen::EigenvaluesOnly);
  Eigen::VectorXd ev = eig.eigenvalues();
  const double lambda = p / q;
  MpCdf cdf(lambda);
  // Tracy–Widom scale of the largest eigenvalue, in the same normalised units.
  const double tw =
      (std::sqrt(q) + std::sqrt(p)) * std::cbrt(1 / std::sqrt(q) + 1 / std::sqrt(p)) / q;
  const double edge = cdf.hi() + kEdgeMarginTw * tw;
  std::vector<double> u;
  u.reserve(ev.size());
  double top = 0;
  for (Eigen::Index i = 0; i < ev.size(); ++i) {
    u.push_back(std::clamp(cdf(ev[i]), 0.0, 1.0));
    if (ev[i] > edge) ++s.beyond_edge;
    top = std::max(top, ev[i]);
  }
  s.top_over_edge = std::sqrt(std::max(0.0, top)) / (1 + std::sqrt(lambda));
  Result<KsResult> ks = KsTestUniform(u);
  if (ks.ok()) {
    s.mp_ks = ks->d;
    s.mp_ks_log10_p = ks->log10_p;
  }

  char buf[160];
  const double kurt_limit = std::max(1.0, 8 * std::sqrt(24 / n_el));
  if (s.beyond_edge > 0) {
    std::snprintf(
        buf, sizeof buf,
        "%d eigenvalue(s) beyond the Marchenko-Pastur edge (top singular value %.2fx the edge)",
        s.beyond_edge, s.top_over_edge);
    s.reason = buf;
  } else if (s.mp_ks_log10_p < kKsLog10P) {
    std::snprintf(buf, sizeof buf,
                  "spectrum departs from Marchenko-Pastur (KS D %.3f, log10 p %.1f)", s.mp_ks,
                  s.mp_ks_log10_p);
    s.reason = buf;
  } else if (s.excess_kurtosis > kurt_limit) {
    std::snprintf(buf, sizeof buf, "heavy-tailed entries (excess kurtosis %.2f)",
                  s.excess_kurtosis);
    s.reason = buf;
  } else if (x.rows() >= 16 && (s.row_norm_cv_ratio > 2 || s.row_norm_cv_ratio < 0.5)) {
    std::snprintf(buf, sizeof buf, "row norms spread %.2fx the iid expectation",
                  s.row_norm_cv_ratio);
    s.reason = buf;
  }
  s.trained = !s.reason.empty();
  return s;
}

namespace {

// Tensor i's signature from at most max_rows x max_cols of it (sampled rows and columns);
// `subsampled` is set when it was cut. A zero-sized tensor keeps an empty signature.
Result<MatrixSignature> SignTensor(const WeightSource& source, const TensorKey& k, size_t i,
                                   const InitCheckOptions& options, char* subsampled) {
  MatrixSignature sig;
  auto [rows, cols] = source.Shape(k);
  const std::string name = NameOf(k);
  if (rows == 0 || cols == 0) return sig;
  // Seeded per tensor so results do not depend on scheduling.
  std::mt19937_64 rng(options.seed ^ (0x9E3779B97F4A7C15ull * (i + 1)));
  Mat m;
  if (rows > options.max_rows) {
    std::vector<int64_t> all(rows);
    std::iota(all.begin(), all.end(), 0);
    std::vector<int64_t> pick;
    std::sample(all.begin(), all.end(), std::back_inserter(pick), options.max_rows, rng);
    LINEAGE_ASSIGN_OR_RETURN(m, source.ReadRows(k, pick));
    *subsampled = 1;
  } else {
    LINEAGE_ASSIGN_OR_RETURN(m, source.Read(k));
  }
  if (rows == 1 || cols == 1) {
    sig = VectorSignature(m, name);
  } else {
    if (static_cast<uint64_t>(m.cols()) > options.max_cols) {
      std::vector<int64_t> all(m.cols());
      std::iota(all.begin(), all.end(), 0);
      std::vector<int64_t> pick;
      std::sample(all.begin(), all.end(), std::back_inserter(pick), options.max_cols, rng);
      Mat sub(m.rows(), static_cast<Eigen::Index>(pick.size()));
      for (size_t c = 0; c < pick.size(); ++c)
        sub.col(static_cast<Eigen::Index>(c)) = m.col(pick[c]);
      m = std::move(sub);
      *subsampled = 1;
    }
    sig = MatrixInitSignature(m, name);
    sig.rows = rows;
    sig.cols = cols;
  }
  sig.component = ComponentOf(k);
  return sig;
}

// One check per component, in order of first appearance; the tensors move into r.tensors.
void GroupByComponent(std::vector<MatrixSignature>& sigs, InitCheckResult* r) {
  std::map<std::string, ComponentCheck> comps;
  std::vector<std::string> order;
  for (MatrixSignature& s : sigs) {
    if (s.name.empty()) continue;
    auto [it, fresh] = comps.try_emplace(s.component);
    if (fresh) order.push_back(s.component);
    ComponentCheck& c = it->second;
    c.name = s.component;
    ++c.tensors;
    if (s.trained) {
      // Keep the first matrix reason (spectra are stronger evidence than a norm vector).
      if (++c.trained_tensors == 1 ||
          (c.evidence.find("constant") != std::string::npos && !s.vector)) {
        c.evidence = s.name + ": " + s.reason;
      }
    }
    r->tensors.push_back(std::move(s));
  }
  int trained = 0;
  for (const std::string& name : order) {
    ComponentCheck c = comps[name];
    c.verdict = c.trained_tensors > 0 ? "trained" : "random";
    trained += c.trained_tensors > 0;
    r->components.push_back(std::move(c));
  }
  r->verdict = trained == 0                                        ? "random"
               : trained == static_cast<int>(r->components.size()) ? "trained"
                                                                   : "mixed";
}

}  // namespace

Result<InitCheckResult> InitCheck(const WeightSource& source, const InitCheckOptions& options) {
  if (options.max_rows < 8 || options.max_cols < 8)
    return InvalidArgument("init check: sample bounds below 8");
  std::vector<TensorKey> keys = source.Keys();
  if (keys.empty()) return InvalidArgument("init check: the model has no weight tensors");
  std::vector<MatrixSignature> sigs(keys.size());
  std::vector<char> subsampled(keys.size(), 0);
  ThreadPool pool(options.threads ? options.threads : DefaultThreads());
  Status st = ParallelFor(pool, keys.size(), [&](size_t i) -> Status {
    LINEAGE_ASSIGN_OR_RETURN(sigs[i], SignTensor(source, keys[i], i, options, &subsampled[i]));
    return Status::Ok();
  });
  LINEAGE_RETURN_IF_ERROR(st);

  InitCheckResult r;
  GroupByComponent(sigs, &r);
  size_t n_sub = std::count(subsampled.begin(), subsampled.end(), 1);
  if (n_sub) {
    r.notes.push_back(
        std::to_string(n_sub) + " large matrices were subsampled to at most " +
        std::to_string(options.max_rows) + " x " + std::to_string(options.max_cols) +
        " (a submatrix of an iid matrix is iid, so Marchenko-Pastur applies to its shape)");
  }
  r.notes.push_back(
      "KS p-values treat eigenvalues as independent; MP eigenvalues are more rigid, so "
      "these p-values are conservative for random matrices (approximate)");
  return r;
}

Result<InitCheckResult> InitCheck(const Model& model, const InitCheckOptions& options) {
  ModelWeightSource source(model);
  return InitCheck(source, options);
}

nlohmann::json InitCheckJson(const InitCheckResult& r) {
  using nlohmann::json;
  json j;
  j["init_check"] = r.verdict;
  j["components"] = json::array();
  for (const auto& c : r.components) {
    j["components"].push_back({{"name", c.name},
                               {"verdict", c.verdict},
                               {"tensors", c.tensors},
                               {"trained_tensors", c.trained_tensors},
                               {"evidence", c.evidence}});
  }
  j["tensors"] = json::array();
  for (const auto& s : r.tensors) {
    json t = {{"name", s.name},
              {"component", s.component},
              {"shape", {s.rows, s.cols}},
              {"used_shape", {s.used_rows, s.used_cols}},
              {"mean", s.mean},
              {"std", s.std},
              {"trained", s.trained},
              {"reason", s.reason}};
    if (!s.vector) {
      t["excess_kurtosis"] = s.excess_kurtosis;
      t["row_norm_cv_ratio"] = s.row_norm_cv_ratio;
      t["mp_ks"] = s.mp_ks;
      t["mp_ks_log10_p"] = s.mp_ks_log10_p;
      t["beyond_edge"] = s.beyond_edge;
      t["top_over_edge"] = s.top_over_edge;
    }
    j["tensors"].push_back(std::move(t));
  }
  j["thresholds"] = {{"edge_margin_tracy_widom_scales", kEdgeMarginTw},
                     {"ks_log10_p", kKsLog10P},
                     {"row_norm_cv_ratio", {0.5, 2.0}},
                     {"excess_kurtosis", "max(1, 8 SE)"}};
  j["notes"] = r.notes;
  return j;
}

nlohmann::json InitCheckJson(const InitCheckResult& r, const std::string& model_path) {
  nlohmann::json j = InitCheckJson(r);
  j["model"] = model_path;
  return j;
}

}  // namespace lineage
