#include "weights/fixtures.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <gtest/gtest.h>
#include <Eigen/Dense>

#include "format/ggml_quantize.h"
#include "model/model.h"
#include "stats/rng.h"
#include "test_util.h"
#include "weights/source/model_weight_source.h"

namespace lineage::testing {

namespace {

double Sd(const Mat& m) {
  double mean = m.mean();
  return std::sqrt(std::max(0.0, double(m.squaredNorm()) / m.size() - mean * mean));
}

Mat RandomOrthogonal(Eigen::Index d, Rng& rng) {
  Eigen::MatrixXf g(d, d);
  for (Eigen::Index i = 0; i < g.size(); ++i) g.data()[i] = static_cast<float>(rng.Normal());
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(g);
  Eigen::MatrixXf q = qr.householderQ();
  return q;
}

bool IsNorm(Role r) { return r == Role::kAttnNorm || r == Role::kMlpNorm || r == Role::kFinalNorm; }

Mat MustRead(const InMemoryWeights& w, const TensorKey& k) {
  Result<Mat> m = w.Read(k);
  if (!m.ok()) {
    ADD_FAILURE() << m.status().ToString();
    return Mat();
  }
  return *m;
}

}  // namespace

Mat MustRead(const WeightSource& w, const TensorKey& k) {
  Result<Mat> m = w.Read(k);
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? *m : Mat();
}

InMemoryWeights LoadExampleWeights(const std::string& name) {
  Result<Model> m = LoadModel(Example("models/" + name));
  if (!m.ok()) {
    ADD_FAILURE() << m.status().ToString();
    return InMemoryWeights();
  }
  ModelWeightSource src(*m);
  Result<InMemoryWeights> w = CopyToMemory(src, uint64_t{1} << 26);
  if (!w.ok()) {
    ADD_FAILURE() << w.status().ToString();
    return InMemoryWeights();
  }
  return std::move(w).value();
}

InMemoryWeights RandomInitModel(const TinyShape& s, uint64_t seed) {
  Rng rng(seed);
  WeightLayout layout;
  layout.num_layers = static_cast<int>(s.layers);
  layout.num_heads = static_cast<int>(s.heads);
  layout.num_kv_heads = static_cast<int>(s.kv_heads);
  layout.tied_embeddings = true;
  layout.architecture = "llama";
  layout.components = {"trunk"};
  InMemoryWeights w(layout);
  const double sd = 0.02;
  const int64_t hd = s.d / s.heads;
  w.Set(Key(Role::kEmbed), Gaussian(s.vocab, s.d, sd, rng));
  w.Set(Key(Role::kFinalNorm), Mat::Ones(1, s.d));
  for (int l = 0; l < s.layers; ++l) {
    w.Set(Key(Role::kAttnNorm, l), Mat::Ones(1, s.d));
    w.Set(Key(Role::kMlpNorm, l), Mat::Ones(1, s.d));
    w.Set(Key(Role::kQ, l), Gaussian(s.heads * hd, s.d, sd, rng));
    w.Set(Key(Role::kK, l), Gaussian(s.kv_heads * hd, s.d, sd, rng));
    w.Set(Key(Role::kV, l), Gaussian(s.kv_heads * hd, s.d, sd, rng));
    w.Set(Key(Role::kO, l), Gaussian(s.d, s.heads * hd, sd, rng));
    w.Set(Key(Role::kGate, l), Gaussian(s.h, s.d, sd, rng));
    w.Set(Key(Role::kUp, l), Gaussian(s.h, s.d, sd, rng));
    w.Set(Key(Role::kDown, l), Gaussian(s.d, s.h, sd, rng));
  }
  return w;
}

InMemoryWeights NoisedCopy(const InMemoryWeights& w, double rel, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (const TensorKey& k : out.Keys()) {
    if (IsNorm(k.role)) continue;
    Mat* m = out.Get(k);
    *m += Gaussian(m->rows(), m->cols(), rel * Sd(*m), rng);
  }
  return out;
}

InMemoryWeights RotateResidual(const InMemoryWeights& w, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  const Eigen::Index d = MustRead(w, Key(Role::kEmbed)).cols();
  const Mat q = RandomOrthogonal(d, rng);
  auto fresh_gamma = [&]() {
    Eigen::VectorXf g(d);
    for (Eigen::Index i = 0; i < d; ++i) g[i] = static_cast<float>(0.5 + rng.Uniform());
    return g;
  };
  // x' = x Q in the residual stream: embeddings and writers rotate; readers see W Q after folding.
  Mat emb = MustRead(w, Key(Role::kEmbed));
  Mat final_norm = MustRead(w, Key(Role::kFinalNorm));
  Eigen::VectorXf gf = Eigen::Map<const Eigen::VectorXf>(final_norm.data(), d);
  Mat head = w.Has(Key(Role::kLmHead)) ? MustRead(w, Key(Role::kLmHead)) : emb;
  out.Set(Key(Role::kEmbed), emb * q);
  Eigen::VectorXf gf2 = fresh_gamma();
  out.Set(Key(Role::kLmHead), (head * gf.asDiagonal()) * q * gf2.cwiseInverse().asDiagonal());
  out.Set(Key(Role::kFinalNorm), Mat(gf2.transpose()));
  out.mutable_layout().tied_embeddings = false;
  for (int l = 0; l < w.layout().num_layers; ++l) {
    for (Role norm : {Role::kAttnNorm, Role::kMlpNorm}) {
      Mat nv = MustRead(w, Key(norm, l));
      Eigen::VectorXf g = Eigen::Map<const Eigen::VectorXf>(nv.data(), d);
      Eigen::VectorXf g2 = fresh_gamma();
      std::vector<Role> readers = norm == Role::kAttnNorm
                                      ? std::vector<Role>{Role::kQ, Role::kK, Role::kV}
                                      : std::vector<Role>{Role::kGate, Role::kUp};
      for (Role r : readers) {
        Mat m = MustRead(w, Key(r, l));
        out.Set(Key(r, l), (m * g.asDiagonal()) * q * g2.cwiseInverse().asDiagonal());
      }
      out.Set(Key(norm, l), Mat(g2.transpose()));
    }
    for (Role r : {Role::kO, Role::kDown}) {
      Mat m = MustRead(w, Key(r, l));
      out.Set(Key(r, l), q.transpose() * m);
    }
  }
  return out;
}

namespace {

// Block l's MLP keeping hidden units `units` in that order: rows of gate and up, columns of
// down.
void KeepMlpUnits(const InMemoryWeights& w, int l, const std::vector<int32_t>& units,
                  InMemoryWeights* out) {
  const Mat dn = MustRead(w, Key(Role::kDown, l));
  Mat d2(dn.rows(), static_cast<Eigen::Index>(units.size()));
  for (size_t i = 0; i < units.size(); ++i) d2.col(i) = dn.col(units[i]);
  out->Set(Key(Role::kGate, l), SelectRows(MustRead(w, Key(Role::kGate, l)), units));
  out->Set(Key(Role::kUp, l), SelectRows(MustRead(w, Key(Role::kUp, l)), units));
  out->Set(Key(Role::kDown, l), d2);
}

}  // namespace

InMemoryWeights PermuteMlpUnits(const InMemoryWeights& w, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (int l = 0; l < w.layout().num_layers; ++l) {
    KeepMlpUnits(w, l, rng.Permutation(MustRead(w, Key(Role::kGate, l)).rows()), &out);
  }
  return out;
}

InMemoryWeights RescaleUpDown(const InMemoryWeights& w, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (int l = 0; l < w.layout().num_layers; ++l) {
    Mat* u = out.Get(Key(Role::kUp, l));
    Mat* dn = out.Get(Key(Role::kDown, l));
    for (Eigen::Index i = 0; i < u->rows(); ++i) {
      float c = static_cast<float>(std::exp((rng.Uniform() * 2 - 1) * std::log(4.0)));
      u->row(i) *= c;
      dn->col(i) /= c;
    }
  }
  return out;
}

InMemoryWeights ReorderBlocks(const InMemoryWeights& w, const std::vector<int>& order) {
  WeightLayout layout = w.layout();
  layout.num_layers = static_cast<int>(order.size());
  InMemoryWeights out(layout);
  for (const TensorKey& k : w.Keys()) {
    if (k.layer < 0) out.Set(k, MustRead(w, k), w.DTypeOf(k));
  }
  for (size_t i = 0; i < order.size(); ++i) {
    for (const TensorKey& k : w.Keys()) {
      if (k.layer != order[i]) continue;
      TensorKey nk = k;
      nk.layer = static_cast<int>(i);
      out.Set(nk, MustRead(w, k), w.DTypeOf(k));
    }
  }
  return out;
}

InMemoryWeights WidthPrune(const InMemoryWeights& w, int64_t keep, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (int l = 0; l < w.layout().num_layers; ++l) {
    KeepMlpUnits(w, l, rng.Sample(MustRead(w, Key(Role::kGate, l)).rows(), keep), &out);
  }
  return out;
}

InMemoryWeights ExtendVocab(const InMemoryWeights& w, int64_t extra, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (Role r : {Role::kEmbed, Role::kLmHead}) {
    if (!w.Has(Key(r))) continue;
    Mat e = MustRead(w, Key(r));
    Mat e2(e.rows() + extra, e.cols());
    e2.topRows(e.rows()) = e;
    e2.bottomRows(extra) = Gaussian(extra, e.cols(), Sd(e), rng);
    out.Set(Key(r), e2);
  }
  return out;
}

InMemoryWeights MoeUpcycle(const InMemoryWeights& w, int experts, double rel, uint64_t seed) {
  InMemoryWeights out = w;
  out.mutable_layout().num_experts = experts;
  Rng rng(seed);
  for (int l = 0; l < w.layout().num_layers; ++l) {
    for (Role r : {Role::kGate, Role::kUp, Role::kDown}) {
      Mat m = MustRead(w, Key(r, l));
      for (int e = 0; e < experts; ++e) {
        out.Set(Key(r, l, e), m + Gaussian(m.rows(), m.cols(), rel * Sd(m), rng));
      }
      out.Erase(Key(r, l));
    }
    const Eigen::Index d = MustRead(w, Key(Role::kMlpNorm, l)).cols();
    out.Set(Key(Role::kRouter, l), Gaussian(experts, d, 0.02, rng));
  }
  return out;
}

InMemoryWeights CastTo(const InMemoryWeights& w, DType t) {
  InMemoryWeights out = w;
  for (const TensorKey& k : out.Keys()) {
    Mat* m = out.Get(k);
    for (Eigen::Index i = 0; i < m->size(); ++i) {
      float& v = m->data()[i];
      if (t == DType::kBF16) {
        uint32_t bits = static_cast<uint32_t>(FloatToBF16(v)) << 16;
        std::memcpy(&v, &bits, 4);
      } else {
        v = HalfToFloat(FloatToHalf(v));
      }
    }
    out.Set(k, *m, DTypeName(t));
  }
  return out;
}

InMemoryWeights QuantizeRoundTrip(const InMemoryWeights& w, DType t) {
  InMemoryWeights out = w;
  const uint32_t block = BlockElems(t), bytes = BlockBytes(t);
  for (const TensorKey& k : out.Keys()) {
    if (IsNorm(k.role)) continue;
    Mat m = *out.Get(k);
    if (m.size() % block != 0) continue;
    std::vector<uint8_t> q(m.size() / block * bytes);
    Status st = QuantizeGgml(t, m.data(), m.size(), q.data());
    if (!st.ok()) {
      ADD_FAILURE() << st.ToString();
      return out;
    }
    st = DecodeToF32(t, q.data(), m.size(), m.data());
    if (!st.ok()) {
      ADD_FAILURE() << st.ToString();
      return out;
    }
    out.Set(k, m, DTypeName(t));
  }
  return out;
}

InMemoryWeights ReuseEmbedAndFirstBlocks(const InMemoryWeights& w, int k, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (const TensorKey& key : w.Keys()) {
    if (key.layer < k || IsNorm(key.role)) continue;
    Mat* m = out.Get(key);
    *m = Gaussian(m->rows(), m->cols(), 0.02, rng);
  }
  return out;
}

InMemoryWeights WithRaggedNorms(const InMemoryWeights& w, uint64_t seed) {
  InMemoryWeights out = w;
  Rng rng(seed);
  for (const TensorKey& k : out.Keys()) {
    if (!IsNorm(k.role)) continue;
    Mat* g = out.Get(k);
    for (Eigen::Index i = 0; i < g->size(); ++i)
      g->data()[i] *= static_cast<float>(0.5 + rng.Uniform());
  }
  return out;
}

InMemoryWeights WithNonFinite(const InMemoryWeights& w) {
  InMemoryWeights out = w;
  Mat* g = out.Get(Key(Role::kGate, 0));
  if (g && g->size() > 2) {
    g->data()[0] = std::numeric_limits<float>::quiet_NaN();
    g->data()[1] = std::numeric_limits<float>::infinity();
  }
  return out;
}

}  // namespace lineage::testing
