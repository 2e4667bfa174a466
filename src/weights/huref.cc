#include "weights/huref.h"

#include <cmath>

#include <fmt/format.h>

#include "weights/kernels.h"

namespace lineage {
namespace {

// Repeats each of `groups` column blocks of width `head_dim` so that query head h sees KV head
// h / (n_heads / groups): N × (groups·D) → N × (n_heads·D).
MatrixF ExpandHeads(const MatrixF& m, int groups, int n_heads, size_t head_dim) {
  MatrixF out(m.rows, static_cast<size_t>(n_heads) * head_dim);
  const int per_group = n_heads / groups;
  for (size_t i = 0; i < m.rows; ++i) {
    for (int h = 0; h < n_heads; ++h) {
      const float* src = m.data.data() + i * m.cols + static_cast<size_t>(h / per_group) * head_dim;
      std::copy(src, src + head_dim, out.row(i).data() + static_cast<size_t>(h) * head_dim);
    }
  }
  return out;
}

bool Present(MatrixView m) { return !m.empty(); }

}  // namespace

Result<HurefInvariants> ComputeHurefInvariants(MatrixView x, const HurefBlock& b) {
  if (x.empty()) return InvalidArgument("HuRef: no probe rows");
  const size_t d = x.cols;
  HurefInvariants out;
  const int n_heads = b.n_heads > 0 ? b.n_heads : 1;
  const int n_kv = b.n_kv_heads > 0 ? b.n_kv_heads : n_heads;
  if (n_heads % n_kv != 0) return InvalidArgument("HuRef: heads not divisible by KV heads");
  auto head_dim_of = [&](MatrixView w, int heads, const char* name) -> Result<size_t> {
    if (w.cols != d) return InvalidArgument(fmt::format("HuRef: {} has {} columns, probes have {}", name, w.cols, d));
    if (w.rows % static_cast<size_t>(heads) != 0) return InvalidArgument(fmt::format("HuRef: {} rows not divisible by heads", name));
    return w.rows / static_cast<size_t>(heads);
  };
  if (Present(b.wq) && Present(b.wk)) {
    LINEAGE_ASSIGN_OR_RETURN(size_t dq, head_dim_of(b.wq, n_heads, "W_q"));
    LINEAGE_ASSIGN_OR_RETURN(size_t dk, head_dim_of(b.wk, n_kv, "W_k"));
    if (dq != dk) return InvalidArgument("HuRef: q and k head sizes differ");
    LINEAGE_ASSIGN_OR_RETURN(MatrixF q, MatMul(x, b.wq, false, true));
    LINEAGE_ASSIGN_OR_RETURN(MatrixF k, MatMul(x, b.wk, false, true));
    const MatrixF ke = ExpandHeads(k, n_kv, n_heads, dk);
    LINEAGE_ASSIGN_OR_RETURN(out.m_a, MatMul(q.view(), ke.view(), false, true));
  }
  if (Present(b.wv) && Present(b.wo)) {
    LINEAGE_ASSIGN_OR_RETURN(size_t dv, head_dim_of(b.wv, n_kv, "W_v"));
    if (b.wo.rows != d || b.wo.cols != static_cast<size_t>(n_heads) * dv) {
      return InvalidArgument("HuRef: W_o must be d × (n_heads · head_dim)");
    }
    LINEAGE_ASSIGN_OR_RETURN(MatrixF v, MatMul(x, b.wv, false, true));
    LINEAGE_ASSIGN_OR_RETURN(MatrixF o, MatMul(x, b.wo, false, false));
    const MatrixF ve = ExpandHeads(v, n_kv, n_heads, dv);
    LINEAGE_ASSIGN_OR_RETURN(out.m_b, MatMul(ve.view(), o.view(), false, true));
  }
  if (Present(b.gate) && Present(b.up) && Present(b.down)) {
    if (b.gate.rows != b.up.rows || b.gate.cols != d || b.up.cols != d || b.down.rows != d ||
        b.down.cols != b.gate.rows) {
      return InvalidArgument("HuRef: gate/up must be h × d and down d × h");
    }
    MatrixF gu(b.gate.rows, d);
    for (size_t i = 0; i < gu.data.size(); ++i) gu.data[i] = b.gate.data[i] * b.up.data[i];
    LINEAGE_ASSIGN_OR_RETURN(MatrixF p, MatMul(x, gu.view(), false, true));
    LINEAGE_ASSIGN_OR_RETURN(MatrixF q, MatMul(x, b.down, false, false));
    LINEAGE_ASSIGN_OR_RETURN(out.m_f, MatMul(p.view(), q.view(), false, true));
  }
  return out;
}

namespace {

// Appends the z-scored entries of a slice (over all its entries) to `dst`.
void AppendZScored(const MatrixF& m, std::vector<float>& dst) {
  double mean = 0, ss = 0;
  for (float v : m.data) mean += v;
  mean /= static_cast<double>(m.data.size());
  for (float v : m.data) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(m.data.size()));
  const double inv = sd > 0 ? 1.0 / sd : 0.0;
  for (float v : m.data) dst.push_back(static_cast<float>((v - mean) * inv));
}

}  // namespace

Result<HurefScore> CompareHuref(const std::vector<HurefInvariants>& a,
                                const std::vector<HurefInvariants>& b) {
  if (a.size() != b.size()) return InvalidArgument("HuRef: block counts differ");
  HurefScore score;
  std::vector<float> all_a, all_b;
  auto compare = [&](auto member) -> Result<std::optional<double>> {
    std::vector<float> va, vb;
    for (size_t i = 0; i < a.size(); ++i) {
      const MatrixF& ma = a[i].*member;
      const MatrixF& mb = b[i].*member;
      if (ma.data.empty() || mb.data.empty()) continue;
      if (ma.rows != mb.rows || ma.cols != mb.cols) return InvalidArgument("HuRef: probe counts differ");
      AppendZScored(ma, va);
      AppendZScored(mb, vb);
      ++score.slices;
    }
    if (va.empty()) return std::optional<double>();
    all_a.insert(all_a.end(), va.begin(), va.end());
    all_b.insert(all_b.end(), vb.begin(), vb.end());
    return std::optional<double>(Cosine(va, vb));
  };
  LINEAGE_ASSIGN_OR_RETURN(score.cos_a, compare(&HurefInvariants::m_a));
  LINEAGE_ASSIGN_OR_RETURN(score.cos_b, compare(&HurefInvariants::m_b));
  LINEAGE_ASSIGN_OR_RETURN(score.cos_f, compare(&HurefInvariants::m_f));
  if (all_a.empty()) return InvalidArgument("HuRef: no invariant present in both models");
  score.score = Cosine(all_a, all_b);
  return score;
}

}  // namespace lineage
