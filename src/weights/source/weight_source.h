// WeightSource: the canonical f32 matrices of one model, one tensor at a time, as the weight
// pipeline needs them. Two implementations: ModelWeightSource (model_weight_source.h) reads a
// loaded Model through its bounded row streams; InMemoryWeights holds matrices given by the
// caller (test fixtures, generated controls, camouflage generators).
//
// Contract:
//   - Matrices are row-major f32 in HF orientation (rows = output units); norm vectors are 1 × d.
//   - Read() materialises one tensor; callers bound their memory by asking for one block's
//     tensors at a time. A source never holds more than what its caller asked for at once,
//     except InMemoryWeights, which is by design all in memory.
//   - Read() of a tensor the model lacks returns kNotFound; Has() says so without reading.
//   - Implementations are safe for concurrent Read() calls.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <Eigen/Core>

#include "model/model.h"
#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class Rng;

// The one row selector of Mat (kernels.h GatherRows is MatrixF's): rows `rows` of m, in that
// order. Every index must be in [0, m.rows()).
template <typename Index>
Mat SelectRows(const Mat& m, const std::vector<Index>& rows) {
  Mat out(static_cast<Eigen::Index>(rows.size()), m.cols());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.row(static_cast<Eigen::Index>(i)) = m.row(static_cast<Eigen::Index>(rows[i]));
  }
  return out;
}

// Rows `rows` of m, after checking each is in range (else kInvalidArgument): what the default
// WeightSource::ReadRows returns from a whole matrix.
Result<Mat> RowsOf(const Mat& m, const std::vector<int64_t>& rows);
// m's rows in chunks of chunk_rows (0: about 1 MiB of floats), as the default
// WeightSource::Stream passes them.
Status StreamMatrix(const Mat& m, uint64_t chunk_rows, const RowCallback& cb);

// The one column selector of Mat: columns `cols` of m, in that order. Every index must be in
// [0, m.cols()). Copies row by row: Mat is row-major, so a column at a time would stride the
// whole matrix once per column.
template <typename Index>
Mat SelectCols(const Mat& m, const std::vector<Index>& cols) {
  Mat out(m.rows(), static_cast<Eigen::Index>(cols.size()));
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    const float* src = m.data() + r * m.cols();
    float* dst = out.data() + r * out.cols();
    for (size_t j = 0; j < cols.size(); ++j) dst[j] = src[cols[j]];
  }
  return out;
}

// A rows × cols matrix of N(0, sd²) draws in row-major order (Rng::FillNormal).
Mat Gaussian(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng);

// stats/non_finite.h over every entry of m: NaN and ±inf become 0; returns how many.
int64_t ScrubNonFinite(Mat& m);
// stats/non_finite.h's AllFinite over every entry of m (Eigen's allFinite is far slower).
[[nodiscard]] bool AllFinite(const Mat& m);

// What a tensor is, independent of the file: role, block, expert, component.
struct TensorKey {
  Role role = Role::kOther;
  int layer = -1;
  int expert = -1;
  std::string component = "trunk";
  bool operator<(const TensorKey& o) const {
    return std::tie(component, role, layer, expert) <
           std::tie(o.component, o.role, o.layer, o.expert);
  }
};

// Shapes and conventions the pipeline needs before reading any tensor.
struct WeightLayout {
  int num_layers = 0;
  int num_experts = 0;             // routed experts per block (0 = dense)
  int num_heads = 0;               // query heads (0 = unknown)
  int num_kv_heads = 0;            // key/value heads (0 = unknown)
  bool gemma_norm_offset = false;  // effective γ = 1 + w (Gemma 1–3)
  bool tied_embeddings = false;
  std::string architecture;
  std::vector<std::string> components;  // "trunk" plus sub-models ("vision", ...)
  // Attention heads of each sub-model whose config states them (num_heads above is the trunk's).
  std::map<std::string, int> component_heads;
};

class WeightSource {
 public:
  virtual ~WeightSource() = default;
  virtual const WeightLayout& layout() const = 0;
  virtual bool Has(const TensorKey& key) const = 0;
  // Shape (rows, cols) without reading; {0, 0} if absent.
  virtual std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const = 0;
  virtual Result<Mat> Read(const TensorKey& key) const = 0;
  // Every key present, in a stable order.
  virtual std::vector<TensorKey> Keys() const = 0;
  // Source dtype name of a tensor ("F32", "BF16", "Q8_0", ...), for cast/quantisation diagnostics.
  virtual std::string DTypeOf(const TensorKey& key) const = 0;
  // The given rows only (e.g. shared-token embedding rows); memory = rows.size() × cols.
  // Default: Read() then gather. Out-of-range rows → kInvalidArgument.
  virtual Result<Mat> ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const;
  // Streams the tensor's f32 rows in chunks (model.h RowCallback). Default: Read() then slice.
  virtual Status Stream(const TensorKey& key, uint64_t chunk_rows, const RowCallback& cb) const;
  // The stored bytes behind a tensor, when there are any (for byte identity); nullptr otherwise.
  virtual const TensorInfo* Stored(const TensorKey& key) const { return nullptr; }
  // True when Stored(key)'s bytes, read in order, are exactly the canonical row-major tensor (no
  // row selection, head un-permutation or transpose), so a fused pass may read them directly.
  virtual bool StoredIsCanonical(const TensorKey& key) const { return false; }
};

// All matrices in memory. Used for generated models in tests and positive controls.
class InMemoryWeights : public WeightSource {
 public:
  InMemoryWeights() = default;
  explicit InMemoryWeights(WeightLayout layout) : layout_(std::move(layout)) {}
  const WeightLayout& layout() const override { return layout_; }
  WeightLayout& mutable_layout() { return layout_; }
  bool Has(const TensorKey& key) const override { return tensors_.count(key) > 0; }
  std::pair<uint64_t, uint64_t> Shape(const TensorKey& key) const override;
  Result<Mat> Read(const TensorKey& key) const override;
  std::vector<TensorKey> Keys() const override;
  std::string DTypeOf(const TensorKey& key) const override;

  void Set(const TensorKey& key, Mat m, std::string dtype = "F32");
  void Erase(const TensorKey& key) {
    tensors_.erase(key);
    dtypes_.erase(key);
  }
  // Mutable access for generators; nullptr if absent.
  Mat* Get(const TensorKey& key);

 private:
  WeightLayout layout_;
  std::map<TensorKey, Mat> tensors_;
  std::map<TensorKey, std::string> dtypes_;
};

// Copies every 2-D/1-D weight (not biases) of `src` into memory. Refuses when the total exceeds
// max_elems (state the bound: tests use small models; large models stream instead).
Result<InMemoryWeights> CopyToMemory(const WeightSource& src, uint64_t max_elems);

// Views for the statistics kernels (which take MatrixView); the Mat must outlive the view.
inline MatrixView View(const Mat& m) {
  return {m.data(), static_cast<size_t>(m.rows()), static_cast<size_t>(m.cols())};
}
inline Mat ToMat(const MatrixF& m) {
  return Eigen::Map<const Mat>(m.data.data(), static_cast<Eigen::Index>(m.rows),
                               static_cast<Eigen::Index>(m.cols));
}

// Convenience for readers of keys.
inline TensorKey Key(Role role, int layer = -1, int expert = -1) {
  TensorKey k;
  k.role = role;
  k.layer = layer;
  k.expert = expert;
  return k;
}

}  // namespace lineage
