#include "weights/statistics/huref_block.h"

#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "weights/align/norm_folding.h"
#include "weights/kernels/kernels.h"

namespace lineage {
namespace {

using ConstMap = Eigen::Map<const Mat>;

ConstMap MapOf(MatrixView m) {
  return ConstMap(m.data, static_cast<Eigen::Index>(m.rows), static_cast<Eigen::Index>(m.cols));
}

// Evaluates a product straight into a MatrixF: an N × N invariant is not built in Eigen's storage
// and then copied (the HuRef panel makes one per replica, block and invariant).
template <typename Product>
MatrixF Evaluated(const Product& product) {
  MatrixF out(static_cast<size_t>(product.rows()), static_cast<size_t>(product.cols()));
  Eigen::Map<Mat>(out.data.data(), product.rows(), product.cols()).noalias() = product;
  return out;
}

// Which invariants a block gives, decided from shapes alone so that both paths check alike.
struct HurefPlan {
  bool a = false, b = false, f = false;
  int n_heads = 1, n_kv = 1;
  Eigen::Index dk = 0, dv = 0;  // head sizes of the q/k and v/o products
};

Result<Eigen::Index> HeadDim(const HurefMatrixInfo& w, uint64_t d, int heads, const char* name) {
  if (w.cols != d)
    return InvalidArgument(
        fmt::format("HuRef: {} has {} columns, probes have {}", name, w.cols, d));
  if (w.rows % static_cast<uint64_t>(heads) != 0)
    return InvalidArgument(fmt::format("HuRef: {} rows not divisible by heads", name));
  return static_cast<Eigen::Index>(w.rows / static_cast<uint64_t>(heads));
}

Result<HurefPlan> PlanHuref(uint64_t d, const HurefBlockInfo& s) {
  HurefPlan p;
  p.n_heads = s.n_heads > 0 ? s.n_heads : 1;
  p.n_kv = s.n_kv_heads > 0 ? s.n_kv_heads : p.n_heads;
  if (p.n_heads % p.n_kv != 0) return InvalidArgument("HuRef: heads not divisible by KV heads");
  if (s.q.present() && s.k.present()) {
    LINEAGE_ASSIGN_OR_RETURN(Eigen::Index dq, HeadDim(s.q, d, p.n_heads, "W_q"));
    LINEAGE_ASSIGN_OR_RETURN(p.dk, HeadDim(s.k, d, p.n_kv, "W_k"));
    if (dq != p.dk) return InvalidArgument("HuRef: q and k head sizes differ");
    p.a = true;
  }
  if (s.v.present() && s.o.present()) {
    LINEAGE_ASSIGN_OR_RETURN(p.dv, HeadDim(s.v, d, p.n_kv, "W_v"));
    if (s.o.rows != d || s.o.cols != static_cast<uint64_t>(p.n_heads * p.dv)) {
      return InvalidArgument("HuRef: W_o must be d × (n_heads · head_dim)");
    }
    p.b = true;
  }
  if (s.gate.present() && s.up.present() && s.down.present()) {
    if (s.gate.rows != s.up.rows || s.gate.cols != d || s.up.cols != d || s.down.rows != d ||
        s.down.cols != s.gate.rows) {
      return InvalidArgument("HuRef: gate/up must be h × d and down d × h");
    }
    p.f = true;
  }
  return p;
}

// Repeats each of the KV groups' column blocks of width `head_dim` so that query head h sees KV
// head h / (n_heads / n_kv): N × (n_kv·D) → N × (n_heads·D).
Mat ExpandHeads(const Mat& m, const HurefPlan& p, Eigen::Index head_dim) {
  Mat out(m.rows(), p.n_heads * head_dim);
  const int per_group = p.n_heads / p.n_kv;
  for (int h = 0; h < p.n_heads; ++h) {
    out.middleCols(h * head_dim, head_dim) = m.middleCols((h / per_group) * head_dim, head_dim);
  }
  return out;
}

// The invariants from the products: M_a from X̂ W_qᵀ and X̂ W_kᵀ, M_b from X̂ W_vᵀ and X̂ W_o,
// M_f from X̂ (G ⊙ U)ᵀ and X̂ D.
MatrixF InvariantA(const Mat& q, const Mat& k, const HurefPlan& p) {
  return Evaluated(q * ExpandHeads(k, p, p.dk).transpose());
}
MatrixF InvariantB(const Mat& v, const Mat& o, const HurefPlan& p) {
  return Evaluated(ExpandHeads(v, p, p.dv) * o.transpose());
}
MatrixF InvariantF(const Mat& gu, const Mat& down) { return Evaluated(gu * down.transpose()); }

HurefMatrixInfo InfoOf(MatrixView m) { return {m.rows, m.cols, 0.0}; }

}  // namespace

Result<HurefInvariants> ComputeHurefInvariants(MatrixView x, const HurefBlock& b) {
  if (x.empty()) return InvalidArgument("HuRef: no probe rows");
  const HurefBlockInfo shapes{InfoOf(b.wq),   InfoOf(b.wk),   InfoOf(b.wv),
                              InfoOf(b.wo),   InfoOf(b.gate), InfoOf(b.up),
                              InfoOf(b.down), b.n_heads,      b.n_kv_heads};
  LINEAGE_ASSIGN_OR_RETURN(HurefPlan plan, PlanHuref(x.cols, shapes));
  const ConstMap xm = MapOf(x);
  HurefInvariants out;
  if (plan.a) {
    out.m_a = InvariantA(xm * MapOf(b.wq).transpose(), xm * MapOf(b.wk).transpose(), plan);
  }
  if (plan.b) out.m_b = InvariantB(xm * MapOf(b.wv).transpose(), xm * MapOf(b.wo), plan);
  if (plan.f) {
    const Mat gu = MapOf(b.gate).cwiseProduct(MapOf(b.up));
    out.m_f = InvariantF(xm * gu.transpose(), xm * MapOf(b.down));
  }
  return out;
}

namespace {

using Gamma = std::optional<Eigen::VectorXf>;

// Columns [first, first + n) of m.
template <typename M>
auto Cols(M& m, uint64_t first, uint64_t n) {
  return m.middleCols(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(n));
}

// Reads one block's matrices chunk by chunk into their products with the probes.
class ChunkReader {
 public:
  ChunkReader(const WeightSource& src, int layer, MatrixView x, uint64_t chunk_rows,
              int64_t* non_finite)
      : src_(src), layer_(layer), x_(MapOf(x)), chunk_rows_(chunk_rows), non_finite_(non_finite) {}

  // X̂ Wᵀ of a reading matrix, γ folded; its info's sd is set.
  Status Reading(Role role, const Gamma& gamma, HurefMatrixInfo& info, Mat& prod) const {
    FiniteMoments moments;
    prod = Mat::Zero(x_.rows(), static_cast<Eigen::Index>(info.rows));
    LINEAGE_RETURN_IF_ERROR(
        Stream(role, info, [&](const float* data, uint64_t first, uint64_t n) -> Status {
          LINEAGE_ASSIGN_OR_RETURN(Mat c, Prepared(data, n, info.cols, gamma, moments));
          Cols(prod, first, n).noalias() = x_ * c.transpose();
          return Status::Ok();
        }));
    info.sd = moments.Sd();
    return Status::Ok();
  }

  // X̂ W of a writing matrix (rows = residual dims).
  Status Writing(Role role, HurefMatrixInfo& info, Mat& prod) const {
    FiniteMoments moments;
    prod = Mat::Zero(x_.rows(), static_cast<Eigen::Index>(info.cols));
    LINEAGE_RETURN_IF_ERROR(
        Stream(role, info, [&](const float* data, uint64_t first, uint64_t n) -> Status {
          LINEAGE_ASSIGN_OR_RETURN(Mat c, Prepared(data, n, info.cols, Gamma(), moments));
          prod.noalias() += Cols(x_, first, n) * c;
          return Status::Ok();
        }));
    info.sd = moments.Sd();
    return Status::Ok();
  }

  // X̂ (G ⊙ U)ᵀ, γ folded into both: the gate streamed, the up read in the same row ranges.
  Status GatedUp(const Gamma& gamma, HurefMatrixInfo& gate, HurefMatrixInfo& up, Mat& prod) const {
    FiniteMoments mg, mu;
    prod = Mat::Zero(x_.rows(), static_cast<Eigen::Index>(gate.rows));
    LINEAGE_RETURN_IF_ERROR(
        Stream(Role::kGate, gate, [&](const float* data, uint64_t first, uint64_t n) -> Status {
          LINEAGE_ASSIGN_OR_RETURN(Mat g, Prepared(data, n, gate.cols, gamma, mg));
          std::vector<int64_t> rows(n);
          std::iota(rows.begin(), rows.end(), static_cast<int64_t>(first));
          LINEAGE_ASSIGN_OR_RETURN(Mat raw, src_.ReadRows(Key(Role::kUp, layer_), rows));
          LINEAGE_ASSIGN_OR_RETURN(Mat u, Prepared(raw.data(), n, up.cols, gamma, mu));
          // Evaluated first: a product with an expression operand runs in Eigen's own kernel,
          // not BLAS (8 % of S4 on the 7B bench).
          const Mat gu = g.cwiseProduct(u);
          Cols(prod, first, n).noalias() = x_ * gu.transpose();
          return Status::Ok();
        }));
    gate.sd = mg.Sd();
    up.sd = mu.Sd();
    return Status::Ok();
  }

 private:
  // Streams `role`'s rows, refusing a source that yields more rows than its stated shape.
  Status Stream(Role role, const HurefMatrixInfo& info, const RowCallback& cb) const {
    return src_.Stream(Key(role, layer_), chunk_rows_,
                       [&](const float* data, uint64_t first, uint64_t n) -> Status {
                         if (first + n > info.rows) {
                           return InvalidArgument(fmt::format("HuRef: block {} {} exceeds {} rows",
                                                              layer_, RoleName(role), info.rows));
                         }
                         return cb(data, first, n);
                       });
  }

  // A chunk as the whole-matrix path sees it: γ folded into its columns, then NaN/Inf zeroed
  // and counted; its values join the matrix's spread.
  Result<Mat> Prepared(const float* data, uint64_t n, uint64_t cols, const Gamma& gamma,
                       FiniteMoments& moments) const {
    Mat c = ConstMap(data, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(cols));
    if (gamma) LINEAGE_RETURN_IF_ERROR(FoldNormInto(c, *gamma));
    *non_finite_ += ScrubNonFinite(c);
    moments.Add({c.data(), static_cast<size_t>(c.size())});
    return c;
  }

  const WeightSource& src_;
  const int layer_;
  const ConstMap x_;
  const uint64_t chunk_rows_;
  int64_t* non_finite_;
};

HurefMatrixInfo StoredInfo(const WeightSource& src, Role role, int layer) {
  const TensorKey key = Key(role, layer);
  if (!src.Has(key)) return {};
  const auto [rows, cols] = src.Shape(key);
  return {rows, cols, 0.0};
}

// The norm γ of a group of reading matrices, when it fits the residual width d; a γ that cannot
// be read or does not fit makes the group's matrices missing (as a failed fold did before).
Result<Gamma> GroupGamma(const WeightSource& src, Role role, int layer, uint64_t d,
                         int64_t* non_finite) {
  LINEAGE_ASSIGN_OR_RETURN(Gamma gamma, StoredGamma(src, Key(role, layer), non_finite));
  if (gamma && static_cast<uint64_t>(gamma->size()) != d) {
    return InvalidArgument(fmt::format("HuRef: block {} norm of {} entries for a width of {}",
                                       layer, gamma->size(), d));
  }
  return gamma;
}

// A matrix that failed to read is missing, for the invariants and for the panel alike.
bool Kept(const Status& st, HurefMatrixInfo& info) {
  if (!st.ok()) info = {};
  return st.ok();
}

void ReadAttention(const WeightSource& src, int layer, uint64_t d, const ChunkReader& r,
                   const HurefPlan& plan, StreamedHurefBlock& out) {
  HurefBlockInfo& s = out.info;
  if (!plan.a && !plan.b) return;
  Result<Gamma> gamma = GroupGamma(src, Role::kQ, layer, d, &out.non_finite);
  if (!gamma.ok()) {
    s.q = s.k = s.v = {};
    return;
  }
  Mat p1, p2;
  if (plan.a && Kept(r.Reading(Role::kQ, *gamma, s.q, p1), s.q) &&
      Kept(r.Reading(Role::kK, *gamma, s.k, p2), s.k)) {
    out.inv.m_a = InvariantA(p1, p2, plan);
  }
  if (plan.b && Kept(r.Reading(Role::kV, *gamma, s.v, p1), s.v) &&
      Kept(r.Writing(Role::kO, s.o, p2), s.o)) {
    out.inv.m_b = InvariantB(p1, p2, plan);
  }
}

void ReadMlp(const WeightSource& src, int layer, uint64_t d, const ChunkReader& r,
             const HurefPlan& plan, StreamedHurefBlock& out) {
  HurefBlockInfo& s = out.info;
  if (!plan.f) return;
  Result<Gamma> gamma = GroupGamma(src, Role::kGate, layer, d, &out.non_finite);
  if (!gamma.ok()) {
    s.gate = s.up = {};
    return;
  }
  Mat gu, down;
  const Status st = r.GatedUp(*gamma, s.gate, s.up, gu);
  if (!st.ok()) {
    s.gate = s.up = {};
    return;
  }
  if (Kept(r.Writing(Role::kDown, s.down, down), s.down)) out.inv.m_f = InvariantF(gu, down);
}

}  // namespace

Result<StreamedHurefBlock> ReadHurefInvariants(const WeightSource& src, int layer, MatrixView x,
                                               uint64_t chunk_rows) {
  if (x.empty()) return InvalidArgument("HuRef: no probe rows");
  StreamedHurefBlock out;
  HurefBlockInfo& s = out.info;
  s = {StoredInfo(src, Role::kQ, layer),
       StoredInfo(src, Role::kK, layer),
       StoredInfo(src, Role::kV, layer),
       StoredInfo(src, Role::kO, layer),
       StoredInfo(src, Role::kGate, layer),
       StoredInfo(src, Role::kUp, layer),
       StoredInfo(src, Role::kDown, layer),
       src.layout().num_heads,
       src.layout().num_kv_heads};
  LINEAGE_ASSIGN_OR_RETURN(const HurefPlan plan, PlanHuref(x.cols, s));
  const ChunkReader reader(src, layer, x, chunk_rows, &out.non_finite);
  ReadAttention(src, layer, x.cols, reader, plan, out);
  ReadMlp(src, layer, x.cols, reader, plan, out);
  return out;
}

}  // namespace lineage
