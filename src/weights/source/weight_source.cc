#include "weights/source/weight_source.h"

#include <algorithm>

#include "stats/non_finite.h"
#include "stats/rng.h"

namespace lineage {

Mat Gaussian(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng) {
  Mat m(rows, cols);
  rng.FillNormal(std::span<float>(m.data(), static_cast<size_t>(m.size())), sd);
  return m;
}

int64_t ScrubNonFinite(Mat& m) {
  return ScrubNonFinite(std::span<float>(m.data(), static_cast<size_t>(m.size())));
}

bool AllFinite(const Mat& m) {
  return AllFinite(std::span<const float>(m.data(), static_cast<size_t>(m.size())));
}

Result<Mat> RowsOf(const Mat& m, const std::vector<int64_t>& rows) {
  for (int64_t r : rows) {
    if (r < 0 || r >= m.rows()) {
      return InvalidArgument("row " + std::to_string(r) + " outside a tensor of " +
                             std::to_string(m.rows()) + " rows");
    }
  }
  return SelectRows(m, rows);
}

Status StreamMatrix(const Mat& m, uint64_t chunk_rows, const RowCallback& cb) {
  const uint64_t rows = static_cast<uint64_t>(m.rows());
  if (chunk_rows == 0)
    chunk_rows = std::max<uint64_t>(1, (1u << 20) / std::max<Eigen::Index>(1, m.cols()));
  for (uint64_t r = 0; r < rows; r += chunk_rows) {
    uint64_t n = std::min(chunk_rows, rows - r);
    LINEAGE_RETURN_IF_ERROR(cb(m.data() + r * m.cols(), r, n));
  }
  return Status::Ok();
}

Result<Mat> WeightSource::ReadRows(const TensorKey& key, const std::vector<int64_t>& rows) const {
  LINEAGE_ASSIGN_OR_RETURN(Mat m, Read(key));
  return RowsOf(m, rows);
}

Status WeightSource::Stream(const TensorKey& key, uint64_t chunk_rows,
                            const RowCallback& cb) const {
  LINEAGE_ASSIGN_OR_RETURN(Mat m, Read(key));
  return StreamMatrix(m, chunk_rows, cb);
}

std::pair<uint64_t, uint64_t> InMemoryWeights::Shape(const TensorKey& key) const {
  auto it = tensors_.find(key);
  if (it == tensors_.end()) return {0, 0};
  return {static_cast<uint64_t>(it->second.rows()), static_cast<uint64_t>(it->second.cols())};
}

Result<Mat> InMemoryWeights::Read(const TensorKey& key) const {
  auto it = tensors_.find(key);
  if (it == tensors_.end()) {
    return NotFound("no tensor with role id " + std::to_string(static_cast<int>(key.role)) +
                    " layer " + std::to_string(key.layer) + " in " + key.component);
  }
  return it->second;
}

std::vector<TensorKey> InMemoryWeights::Keys() const {
  std::vector<TensorKey> keys;
  keys.reserve(tensors_.size());
  for (const auto& [k, v] : tensors_) keys.push_back(k);
  return keys;
}

std::string InMemoryWeights::DTypeOf(const TensorKey& key) const {
  auto it = dtypes_.find(key);
  return it == dtypes_.end() ? std::string() : it->second;
}

void InMemoryWeights::Set(const TensorKey& key, Mat m, std::string dtype) {
  tensors_[key] = std::move(m);
  dtypes_[key] = std::move(dtype);
}

Mat* InMemoryWeights::Get(const TensorKey& key) {
  auto it = tensors_.find(key);
  return it == tensors_.end() ? nullptr : &it->second;
}

Result<InMemoryWeights> CopyToMemory(const WeightSource& src, uint64_t max_elems) {
  InMemoryWeights out(src.layout());
  uint64_t total = 0;
  for (const TensorKey& k : src.Keys()) {
    auto [r, c] = src.Shape(k);
    if (c != 0 && r > (max_elems - total) / c) {
      return Refused("model has more than " + std::to_string(max_elems) +
                     " weight elements; refusing to copy it into memory");
    }
    total += r * c;
    LINEAGE_ASSIGN_OR_RETURN(Mat m, src.Read(k));
    out.Set(k, std::move(m), src.DTypeOf(k));
  }
  return out;
}

}  // namespace lineage
