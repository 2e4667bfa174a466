// StreamRows / ReadF32: canonical f32 rows from stored bytes, chunk by chunk. See model.h.
//
// Memory: one output chunk (~4 MB of f32 by default) plus, when the source is not mapped, the
// bytes of one run of rows (at most one chunk's worth). Nothing scales with the tensor.
// Accounting: bytes decoded from a mapping are reported to the source (NoteMappedRead) once per
// chunk; bytes read through ReadAt are counted by the source itself.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/row_transform.h"

namespace lineage {
namespace {

constexpr uint64_t kDefaultChunkElems = uint64_t{1} << 20;  // 4 MB of f32
// A single canonical row (or a whole 1-D tensor) must fit in memory at once.
constexpr uint64_t kMaxRowElems = uint64_t{64} << 20;

std::string Where(const TensorInfo& info) {
  return (info.source ? info.source->name() + ": " : std::string()) + "tensor " + info.name;
}

// The stored bytes of one chunk: a buffer for sources without a mapping, and the mapped bytes
// decoded since the last Flush (reported to the source once per chunk, not per row).
struct ChunkBytes {
  std::vector<uint8_t> scratch;
  uint64_t mapped = 0;
  void Flush(const ByteSource& src) {
    if (mapped != 0) src.NoteMappedRead(mapped);
    mapped = 0;
  }
};

// Decodes `n` elements starting at element `first` of the stored tensor (first and n must be
// multiples of the block size) into dst.
Status DecodeElements(const TensorInfo& info, uint64_t first, uint64_t n, float* dst,
                      ChunkBytes* bytes) {
  uint64_t be = BlockElems(info.dtype), bb = BlockBytes(info.dtype);
  uint64_t byte_begin = first / be * bb, byte_len = n / be * bb;
  if (byte_begin + byte_len > info.nbytes) {
    return Internal(Where(info) + ": read past the tensor's bytes");
  }
  const uint8_t* base = info.source->data();
  const uint8_t* src;
  if (base != nullptr) {
    src = base + info.offset + byte_begin;
    bytes->mapped += byte_len;
  } else {
    std::vector<uint8_t>& scratch = bytes->scratch;
    scratch.resize(byte_len);
    LINEAGE_RETURN_IF_ERROR(info.source->ReadAt(info.offset + byte_begin,
                                                std::span<uint8_t>(scratch.data(), byte_len)));
    src = scratch.data();
  }
  Status st = DecodeToF32(info.dtype, src, n, dst);
  if (!st.ok()) return st.WithContext(Where(info));
  return Status::Ok();
}

// 1-D canonical tensors (norms, biases, split fused biases) come out as one row.
Status StreamVector(const ModelTensor& t, const RowCallback& cb) {
  const TensorInfo& info = t.info;
  uint64_t n = info.numel();
  if (n > kMaxRowElems)
    return Unsupported(Where(info) + ": 1-D tensor too large to stream as one row");
  std::vector<float> all(n);
  ChunkBytes bytes;
  if (n > 0) LINEAGE_RETURN_IF_ERROR(DecodeElements(info, 0, n, all.data(), &bytes));
  bytes.Flush(*info.source);
  if (IsIdentity(t.transform)) return cb(all.data(), 0, 1);
  RowView v = ViewOf(info, t.transform);
  uint64_t rows = SelectedRows(t.transform, v.rows);
  std::vector<float> out(rows * v.cols);
  for (uint64_t r = 0; r < rows; ++r) {
    uint64_t src = ViewRowOf(t.transform, r);
    std::copy_n(all.begin() + src * v.cols, v.cols, out.begin() + r * v.cols);
  }
  return cb(out.data(), 0, 1);
}

// Rows of a transposed (Conv1D) tensor: view row r is stored column r. For each chunk, every
// stored row contributes the contiguous segment of columns the chunk needs.
Status FillTransposed(const ModelTensor& t, uint64_t r0, uint64_t n, float* out,
                      std::vector<float>* seg, ChunkBytes* bytes) {
  const TensorInfo& info = t.info;
  uint64_t stored_rows = info.rows(), stored_cols = info.cols();
  std::vector<uint64_t> col(n);
  uint64_t c_min = UINT64_MAX, c_max = 0;
  for (uint64_t k = 0; k < n; ++k) {
    col[k] = ViewRowOf(t.transform, r0 + k);
    c_min = std::min(c_min, col[k]);
    c_max = std::max(c_max, col[k]);
  }
  uint64_t width = c_max - c_min + 1;
  seg->resize(width);
  for (uint64_t i = 0; i < stored_rows; ++i) {
    LINEAGE_RETURN_IF_ERROR(
        DecodeElements(info, i * stored_cols + c_min, width, seg->data(), bytes));
    for (uint64_t k = 0; k < n; ++k) out[k * stored_rows + i] = (*seg)[col[k] - c_min];
  }
  return Status::Ok();
}

// A decoded block-FP8 scale grid: [⌈rows/block_rows⌉ × ⌈cols/block_cols⌉] multipliers.
struct ScaleGrid {
  std::vector<float> values;
  uint64_t grid_cols = 0, block_rows = 0, block_cols = 0;
  bool empty() const { return values.empty(); }
};

// The scale grid is tiny next to its weight (1/16384 of it for 128×128 blocks), so it is decoded
// whole; the bound only guards against a hostile header.
constexpr uint64_t kMaxScaleElems = uint64_t{16} << 20;

Status LoadScaleGrid(const ModelTensor& t, ScaleGrid* grid) {
  if (!t.block_scale) return Status::Ok();
  const BlockScale& bs = *t.block_scale;
  if (t.transform.transpose || t.shape.size() < 2) {
    return Unsupported(Where(t.info) + ": block-FP8 scale on a transposed or 1-D tensor");
  }
  uint64_t n = bs.info.numel();
  if (n == 0 || n > kMaxScaleElems || bs.info.shape.size() != 2) {
    return Corrupt(Where(bs.info), "block-FP8 scale grid has an implausible shape");
  }
  grid->values.resize(n);
  ChunkBytes bytes;
  LINEAGE_RETURN_IF_ERROR(DecodeElements(bs.info, 0, n, grid->values.data(), &bytes));
  bytes.Flush(*bs.info.source);
  grid->grid_cols = bs.info.shape[1];
  grid->block_rows = bs.block_rows;
  grid->block_cols = bs.block_cols;
  return Status::Ok();
}

// Multiplies `len` decoded stored rows, starting at stored row `first`, by their block scales.
void ApplyScale(const ScaleGrid& g, uint64_t first, uint64_t len, uint64_t cols, float* rows) {
  for (uint64_t i = 0; i < len; ++i) {
    const float* srow = g.values.data() + (first + i) / g.block_rows * g.grid_cols;
    float* row = rows + i * cols;
    for (uint64_t c0 = 0; c0 < cols; c0 += g.block_cols) {
      float s = srow[c0 / g.block_cols];
      uint64_t c1 = std::min(cols, c0 + g.block_cols);
      for (uint64_t c = c0; c < c1; ++c) row[c] *= s;
    }
  }
}

// Rows of a plain view: consecutive canonical rows that map to consecutive stored rows are
// decoded in one call, straight into the output, then block-scaled when the weight is FP8.
Status FillRows(const ModelTensor& t, uint64_t r0, uint64_t n, uint64_t cols,
                const ScaleGrid& scale, float* out, ChunkBytes* bytes) {
  uint64_t k = 0;
  while (k < n) {
    uint64_t first = ViewRowOf(t.transform, r0 + k);
    uint64_t len = 1;
    while (k + len < n && ViewRowOf(t.transform, r0 + k + len) == first + len) ++len;
    LINEAGE_RETURN_IF_ERROR(
        DecodeElements(t.info, first * cols, len * cols, out + k * cols, bytes));
    if (!scale.empty()) ApplyScale(scale, first, len, cols, out + k * cols);
    k += len;
  }
  return Status::Ok();
}

}  // namespace

Status StreamRows(const ModelTensor& t, uint64_t chunk_rows, const RowCallback& cb) {
  const TensorInfo& info = t.info;
  if (info.source == nullptr) return Internal(t.name + ": tensor has no byte source");
  if (!CanDecode(info.dtype)) {
    return Unsupported(Where(info) + ": dtype " + DTypeName(info.dtype) + " is not decoded");
  }
  ScaleGrid scale;
  LINEAGE_RETURN_IF_ERROR(LoadScaleGrid(t, &scale));
  if (t.shape.size() <= 1) return StreamVector(t, cb);
  uint64_t rows = t.rows(), cols = t.cols();
  if (rows == 0 || cols == 0) return Status::Ok();
  if (cols > kMaxRowElems) return Unsupported(Where(info) + ": rows too long to stream");
  if (t.transform.transpose && BlockElems(info.dtype) != 1) {
    return Unsupported(Where(info) + ": transposing a block-quantised tensor");
  }
  if (chunk_rows == 0) chunk_rows = std::max<uint64_t>(1, kDefaultChunkElems / cols);
  chunk_rows = std::min(chunk_rows, rows);
  std::vector<float> buf(chunk_rows * cols);
  std::vector<float> seg;
  ChunkBytes bytes;
  for (uint64_t r0 = 0; r0 < rows; r0 += chunk_rows) {
    uint64_t n = std::min(chunk_rows, rows - r0);
    if (t.transform.transpose) {
      LINEAGE_RETURN_IF_ERROR(FillTransposed(t, r0, n, buf.data(), &seg, &bytes));
    } else {
      LINEAGE_RETURN_IF_ERROR(FillRows(t, r0, n, cols, scale, buf.data(), &bytes));
    }
    bytes.Flush(*info.source);
    LINEAGE_RETURN_IF_ERROR(cb(buf.data(), r0, n));
  }
  return Status::Ok();
}

Result<std::vector<float>> ReadF32(const ModelTensor& t, uint64_t max_elems) {
  uint64_t n = t.numel();
  if (n > max_elems) {
    return Refused(t.name + ": " + std::to_string(n) + " elements exceed the caller's bound of " +
                   std::to_string(max_elems));
  }
  std::vector<float> out(n);
  LINEAGE_RETURN_IF_ERROR(ReadF32Into(t, out));
  return out;
}

Status ReadF32Into(const ModelTensor& t, std::span<float> out) {
  const uint64_t cols = t.cols();
  if (out.size() != t.numel()) {
    return InvalidArgument(t.name + ": output holds " + std::to_string(out.size()) +
                           " floats for " + std::to_string(t.numel()) + " elements");
  }
  return StreamRows(t, 0, [&](const float* rows, uint64_t first, uint64_t count) {
    std::copy_n(rows, count * cols, out.begin() + first * cols);
    return Status::Ok();
  });
}

Status ReadRowsF32(const ModelTensor& t, std::span<const int64_t> rows, std::span<float> out) {
  const uint64_t n_rows = t.rows(), cols = t.cols();
  if (out.size() != rows.size() * cols) {
    return InvalidArgument(t.name + ": output holds " + std::to_string(out.size()) +
                           " floats for " + std::to_string(rows.size()) + " rows");
  }
  // (canonical row, output row), sorted so runs of consecutive rows decode in one call.
  std::vector<std::pair<uint64_t, size_t>> order;
  order.reserve(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] < 0 || static_cast<uint64_t>(rows[k]) >= n_rows) {
      return InvalidArgument(t.name + ": row " + std::to_string(rows[k]) + " outside " +
                             std::to_string(n_rows) + " rows");
    }
    order.push_back({static_cast<uint64_t>(rows[k]), k});
  }
  std::sort(order.begin(), order.end());
  auto place = [&](const float* src, size_t from, size_t to) {
    for (size_t q = from; q < to; ++q) {
      std::copy_n(src + (order[q].first - order[from].first) * cols, cols,
                  out.begin() + order[q].second * cols);
    }
  };
  const TensorInfo& info = t.info;
  const bool plain = info.source != nullptr && CanDecode(info.dtype) && t.shape.size() >= 2 &&
                     !t.transform.transpose && cols > 0 && cols <= kMaxRowElems;
  if (!plain) {
    // Chunked stream of the whole tensor (transposed or unusual tensors; errors come from it).
    size_t next = 0;
    return StreamRows(t, 0, [&](const float* data, uint64_t first, uint64_t n) -> Status {
      size_t end = next;
      while (end < order.size() && order[end].first < first + n) ++end;
      for (size_t q = next; q < end; ++q) {
        std::copy_n(data + (order[q].first - first) * cols, cols,
                    out.begin() + order[q].second * cols);
      }
      next = end;
      return Status::Ok();
    });
  }
  ScaleGrid scale;
  LINEAGE_RETURN_IF_ERROR(LoadScaleGrid(t, &scale));
  std::vector<float> buf;
  ChunkBytes bytes;
  const uint64_t max_run = std::max<uint64_t>(1, kDefaultChunkElems / cols);
  for (size_t q = 0; q < order.size();) {
    // A run of distinct consecutive rows (repeats share the decoded row), at most one chunk.
    size_t end = q + 1;
    while (end < order.size() && order[end].first <= order[end - 1].first + 1 &&
           order[end].first - order[q].first < max_run) {
      ++end;
    }
    const uint64_t len = order[end - 1].first - order[q].first + 1;
    buf.resize(len * cols);
    LINEAGE_RETURN_IF_ERROR(FillRows(t, order[q].first, len, cols, scale, buf.data(), &bytes));
    bytes.Flush(*info.source);
    place(buf.data(), q, end);
    q = end;
  }
  return Status::Ok();
}

}  // namespace lineage
