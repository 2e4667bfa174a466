#include "weights/source/control_source.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <Eigen/Dense>

#include "stats/rng.h"
#include "util/fnv1a.h"

namespace lineage {

namespace {

constexpr int kLowRank = 8;

// Stream tags: every draw of a control is Rng(seed ^ tag).Fork(key hash [, row]).
constexpr uint64_t kTagDrift = 0xD21F7, kTagLowRank = 0x10A4, kTagUnits = 0x0417,
                   kTagHeads = 0x4EAD, kTagResidual = 0x4E51, kTagGamma = 0x6A33;

uint64_t KeyHash(const TensorKey& k) {
  // Each component character is mixed as a 64-bit word: wasteful, but the values seed every
  // control's draws, and the shipped calibration records depend on them.
  Fnv1a h;
  for (char c : k.component) h.U64(static_cast<unsigned char>(c));
  h.U64(static_cast<uint64_t>(k.role));
  h.U64(static_cast<uint64_t>(static_cast<int64_t>(k.layer)));
  h.U64(static_cast<uint64_t>(static_cast<int64_t>(k.expert)));
  return h.value();
}

// Tensors with a row per token (or position): read by rows, each row a transform of its own.
bool IsVocabularyRole(Role r) {
  return r == Role::kEmbed || r == Role::kPosEmbed || r == Role::kLmHead;
}

bool IsMlpUnitRole(Role r) { return r == Role::kGate || r == Role::kUp || r == Role::kDown; }
bool IsResidualReader(Role r) {
  return r == Role::kQ || r == Role::kK || r == Role::kV || r == Role::kQA || r == Role::kKVA ||
         r == Role::kGate || r == Role::kUp || r == Role::kRouter || r == Role::kLmHead;
}

// The norm whose output a residual reader reads.
TensorKey NormOf(const TensorKey& reader) {
  TensorKey n = reader;
  n.expert = -1;
  switch (reader.role) {
    case Role::kLmHead:
      n.role = Role::kFinalNorm;
      n.layer = -1;
      break;
    case Role::kGate:
    case Role::kUp:
    case Role::kRouter:
      n.role = Role::kMlpNorm;
      break;
    default:
      n.role = Role::kAttnNorm;
  }
  return n;
}

Mat HaarRotation(int64_t d, Rng& rng) {
  Eigen::MatrixXf g(d, d);
  for (Eigen::Index i = 0; i < g.size(); ++i) g.data()[i] = static_cast<float>(rng.Normal());
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(g);
  Eigen::MatrixXf q = qr.householderQ();
  // Sign-correct by R's diagonal so Q is Haar-distributed, not biased by the factorisation.
  const Eigen::MatrixXf r = qr.matrixQR().triangularView<Eigen::Upper>();
  for (Eigen::Index j = 0; j < d; ++j) {
    if (r(j, j) < 0) q.col(j) *= -1;
  }
  return q;
}

}  // namespace

ControlSource::ControlSource(const WeightSource& base, ControlTransform transform)
    : base_(base), t_(std::move(transform)), layout_(base.layout()) {
  if (t_.rotate_residual) t_.reallocate_norms = true;  // γ cannot pass through a rotation
  d_ = static_cast<int64_t>(base_.Shape(Key(Role::kEmbed)).second);
  Rng rng = Rng(t_.seed ^ kTagResidual);
  if (d_ > 0 && t_.rotate_residual) {
    rotation_ = HaarRotation(d_, rng);
  } else if (d_ > 0 && t_.permute_residual) {
    residual_perm_ = rng.Permutation(static_cast<size_t>(d_));
  }
  if (Unties()) layout_.tied_embeddings = false;
}

bool ControlSource::Unties() const {
  return base_.layout().tied_embeddings && !base_.Has(Key(Role::kLmHead)) &&
         (t_.reallocate_norms || t_.drift_cosine < 1);
}

TensorKey ControlSource::BaseKey(const TensorKey& key) const {
  if (key.role == Role::kLmHead && key.component == "trunk" && Unties()) return Key(Role::kEmbed);
  return key;
}

bool ControlSource::Has(const TensorKey& key) const { return base_.Has(BaseKey(key)); }

std::vector<TensorKey> ControlSource::Keys() const {
  std::vector<TensorKey> keys = base_.Keys();
  if (Unties()) {
    keys.push_back(Key(Role::kLmHead));
    std::sort(keys.begin(), keys.end());
  }
  return keys;
}

std::string ControlSource::DTypeOf(const TensorKey& key) const {
  return base_.DTypeOf(BaseKey(key));
}

std::pair<uint64_t, uint64_t> ControlSource::Shape(const TensorKey& key) const {
  std::pair<uint64_t, uint64_t> s = base_.Shape(BaseKey(key));
  if (t_.prune_half && IsMlpUnitRole(key.role) && s.first > 0) {
    const uint64_t kept = (key.role == Role::kDown ? s.second : s.first) / 2;
    (key.role == Role::kDown ? s.second : s.first) = std::max<uint64_t>(1, kept);
  }
  return s;
}

Mat ControlSource::Drift(const TensorKey& key, Mat m, const std::vector<int64_t>& rows) const {
  const std::pair<uint64_t, uint64_t> shape = base_.Shape(BaseKey(key));
  if (t_.drift_cosine >= 1 || shape.first < 2 || shape.second < 2) return m;
  const double c = std::max(1e-3, t_.drift_cosine);
  const double rho = std::sqrt(1 / (c * c) - 1), f = std::clamp(t_.low_rank_share, 0.0, 1.0);
  const uint64_t h = KeyHash(key);
  Mat v(m.cols(), kLowRank);
  Rng(t_.seed ^ kTagLowRank).Fork(h).FillNormal({v.data(), static_cast<size_t>(v.size())}, 1.0);
  const Rng row_streams = Rng(t_.seed ^ kTagDrift).Fork(h);
  Eigen::RowVectorXf noise(m.cols()), u(kLowRank);
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    const float rms = std::sqrt(m.row(r).squaredNorm() / static_cast<float>(m.cols()));
    Rng rng = row_streams.Fork(static_cast<uint64_t>(rows.empty() ? r : rows[r]));
    rng.FillNormal({noise.data(), static_cast<size_t>(noise.size())}, 1.0);
    rng.FillNormal({u.data(), static_cast<size_t>(u.size())}, 1.0);
    const Eigen::RowVectorXf delta =
        static_cast<float>(std::sqrt(1 - f)) * noise +
        static_cast<float>(std::sqrt(f / kLowRank)) * (u * v.transpose());
    m.row(r) += static_cast<float>(rho) * rms * delta;
  }
  return m;
}

const ControlSource::UnitMap& ControlSource::Units(const TensorKey& key) const {
  TensorKey uk = key;
  uk.role = Role::kOther;  // one map per block and expert, shared by gate, up and down
  std::lock_guard<std::mutex> lock(mu_);
  auto it = units_.find(uk);
  if (it != units_.end()) return it->second;
  TensorKey up = key;
  up.role = Role::kUp;
  const size_t h = static_cast<size_t>(base_.Shape(up).first);
  Rng rng = Rng(t_.seed ^ kTagUnits).Fork(KeyHash(uk));
  UnitMap map;
  if (t_.prune_half) {
    map.units = rng.Sample(h, std::max<size_t>(1, h / 2));
  } else if (t_.permute_units) {
    map.units = rng.Permutation(h);
  } else {
    for (size_t i = 0; i < h; ++i) map.units.push_back(static_cast<int32_t>(i));
  }
  TensorKey gate = key;
  gate.role = Role::kGate;
  if (t_.rescale_units && base_.Has(gate)) {
    for (size_t i = 0; i < map.units.size(); ++i) {
      map.scale.push_back(static_cast<float>(std::exp((rng.Uniform() * 2 - 1) * std::log(4.0))));
    }
  }
  return units_.emplace(uk, std::move(map)).first->second;
}

// Rows of q (query = true) or k/v in the control's head order; empty when heads are unknown.
std::vector<int32_t> ControlSource::HeadRows(int layer, bool query) const {
  const int nh = base_.layout().num_heads;
  const int nkv = base_.layout().num_kv_heads > 0 ? base_.layout().num_kv_heads : nh;
  const auto q_rows = static_cast<int64_t>(base_.Shape(Key(Role::kQ, layer)).first);
  const auto k_rows = static_cast<int64_t>(base_.Shape(Key(Role::kK, layer)).first);
  if (nh <= 0 || nkv <= 0 || nh % nkv != 0 || q_rows % nh != 0 || k_rows % nkv != 0 ||
      q_rows / nh != k_rows / nkv) {
    return {};
  }
  const int64_t hd = q_rows / nh, group = nh / nkv;
  Rng rng = Rng(t_.seed ^ kTagHeads).Fork(static_cast<uint64_t>(layer));
  const std::vector<int32_t> sigma = rng.Permutation(static_cast<size_t>(nkv));
  std::vector<int32_t> rows;
  for (int a = 0; a < nkv; ++a) {
    for (int64_t g = 0; g < (query ? group : 1); ++g) {
      const int64_t head = query ? sigma[a] * group + g : sigma[a];
      for (int64_t i = 0; i < hd; ++i) rows.push_back(static_cast<int32_t>(head * hd + i));
    }
  }
  return rows;
}

Result<Eigen::VectorXf> ControlSource::Gamma(const TensorKey& norm) const {
  Eigen::VectorXf g = Eigen::VectorXf::Ones(d_);
  if (!base_.Has(norm)) return g;
  LINEAGE_ASSIGN_OR_RETURN(Mat m, base_.Read(norm));
  if (m.size() != d_) return g;
  g = Eigen::Map<const Eigen::VectorXf>(m.data(), d_);
  if (base_.layout().gemma_norm_offset) g.array() += 1;
  return g;
}

Eigen::VectorXf ControlSource::FreshGamma(const TensorKey& norm) const {
  Eigen::VectorXf g(d_);
  Rng rng = Rng(t_.seed ^ kTagGamma).Fork(KeyHash(norm));
  for (Eigen::Index i = 0; i < d_; ++i) g[i] = static_cast<float>(0.5 + rng.Uniform());
  return g;
}

Mat ControlSource::RightQ(const Mat& m) const {
  if (rotation_.size() > 0) return m * rotation_;
  if (!residual_perm_.empty()) return SelectCols(m, residual_perm_);
  return m;
}

Mat ControlSource::LeftQt(const Mat& m) const {
  if (rotation_.size() > 0) return rotation_.transpose() * m;
  if (!residual_perm_.empty()) return SelectRows(m, residual_perm_);
  return m;
}

Result<Mat> ControlSource::ReadResidualReader(const TensorKey& key, Mat m) const {
  if (m.cols() != d_) return m;
  if (!t_.reallocate_norms) return RightQ(m);
  const TensorKey norm = NormOf(key);
  if (!base_.Has(norm)) return RightQ(m);
  LINEAGE_ASSIGN_OR_RETURN(Eigen::VectorXf g, Gamma(norm));
  const Eigen::VectorXf fresh = FreshGamma(norm);
  return Mat(RightQ(m * g.asDiagonal()) * fresh.cwiseInverse().asDiagonal());
}

Result<Mat> ControlSource::TransformNorm(const TensorKey& key, Mat m) const {
  if (m.size() != d_) return m;
  const bool foldable = key.role != Role::kPostAttnNorm && key.role != Role::kPostMlpNorm;
  if (t_.reallocate_norms && foldable) {
    Eigen::VectorXf g = FreshGamma(key);
    if (base_.layout().gemma_norm_offset) g.array() -= 1;
    return Mat(g.transpose());
  }
  if (!residual_perm_.empty()) return SelectCols(m, residual_perm_);
  return m;
}

Result<Mat> ControlSource::Transform(const TensorKey& key, Mat m) const {
  if (IsMlpUnitRole(key.role) && (t_.prune_half || t_.permute_units || t_.rescale_units)) {
    const UnitMap& map = Units(key);
    const bool down = key.role == Role::kDown;
    m = down ? SelectCols(m, map.units) : SelectRows(m, map.units);
    for (size_t i = 0; i < map.scale.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      if (key.role == Role::kUp) m.row(k) *= map.scale[i];
      if (down) m.col(k) /= map.scale[i];
    }
  }
  const bool trunk = key.component == "trunk";
  if (trunk && t_.permute_heads && key.layer >= 0 &&
      (key.role == Role::kQ || key.role == Role::kK || key.role == Role::kV ||
       key.role == Role::kO)) {
    const std::vector<int32_t> rows =
        HeadRows(key.layer, key.role != Role::kK && key.role != Role::kV);
    if (!rows.empty()) m = key.role == Role::kO ? SelectCols(m, rows) : SelectRows(m, rows);
  }
  if (!trunk || d_ <= 0) return m;
  if (IsResidualNormRole(key.role)) return TransformNorm(key, std::move(m));
  if (key.role == Role::kEmbed || key.role == Role::kPosEmbed)
    return m.cols() == d_ ? RightQ(m) : m;
  if (key.role == Role::kO || key.role == Role::kDown) return m.rows() == d_ ? LeftQt(m) : m;
  if (IsResidualReader(key.role)) return ReadResidualReader(key, std::move(m));
  return m;
}

Result<Mat> ControlSource::Derive(const TensorKey& key) const {
  LINEAGE_ASSIGN_OR_RETURN(Mat m, base_.Read(BaseKey(key)));
  return Transform(key, Drift(key, std::move(m), {}));
}

Result<const Mat*> ControlSource::Kept(const TensorKey& key) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = derived_.find(key); it != derived_.end()) return &it->second;
  }
  // Two threads may derive one key at once; both get the same matrix (deterministic), one is kept.
  // Entries are never erased, so the pointer lives as long as the source.
  LINEAGE_ASSIGN_OR_RETURN(Mat m, Derive(key));
  std::lock_guard<std::mutex> lock(mu_);
  return &derived_.emplace(key, std::move(m)).first->second;
}

Result<Mat> ControlSource::Read(const TensorKey& key) const {
  if (IsVocabularyRole(key.role)) return Derive(key);
  LINEAGE_ASSIGN_OR_RETURN(const Mat* kept, Kept(key));
  return *kept;
}

Status ControlSource::Stream(const TensorKey& key, uint64_t chunk_rows,
                             const RowCallback& cb) const {
  if (IsVocabularyRole(key.role)) return WeightSource::Stream(key, chunk_rows, cb);
  LINEAGE_ASSIGN_OR_RETURN(const Mat* kept, Kept(key));
  return StreamMatrix(*kept, chunk_rows, cb);
}

Result<Mat> ControlSource::ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const {
  // Row r of the control's embedding, positions or lm_head is a transform of the base's row r
  // alone, so only the asked rows are read; other tensors mix or reorder rows.
  if (!IsVocabularyRole(key.role)) {
    LINEAGE_ASSIGN_OR_RETURN(const Mat* kept, Kept(key));
    return RowsOf(*kept, rows);
  }
  LINEAGE_ASSIGN_OR_RETURN(Mat m, base_.ReadRows(BaseKey(key), rows));
  return Transform(key, Drift(key, std::move(m), rows));
}

}  // namespace lineage
