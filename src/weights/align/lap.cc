#include "weights/align/lap.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace lineage {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Minimum-cost assignment of every row of an m × n cost matrix (m <= n) to distinct columns.
//
// Dual potentials u (rows) and v (columns) keep every reduced cost c[i][j] - u[i] - v[j] >= 0
// and every assigned edge at 0. Start: each row's potential is its row minimum (v = 0), and a
// row whose minimum column is still free takes it — on "related" matrices (a permuted identity
// plus noise) this assigns almost everything. Each remaining free row is then augmented along a
// shortest path in reduced costs (Dijkstra over columns, dense), after which potentials are
// shifted by the path lengths so the invariant holds again. Free columns keep v = 0 and assigned
// ones v <= 0, which makes the rectangular case (m < n) optimal as well.
class ShortestAugmentingPath {
 public:
  ShortestAugmentingPath(const float* cost, size_t m, size_t n)
      : c_(cost),
        m_(m),
        n_(n),
        u_(m, 0.0),
        v_(n, 0.0),
        row_of_col_(n, -1),
        col_of_row_(m, -1),
        dist_(n),
        pred_(n),
        remaining_(n),
        scanned_rows_() {
    scanned_rows_.reserve(m);
    visited_cols_.reserve(n);
  }

  void GreedyStart() {
    for (size_t i = 0; i < m_; ++i) {
      const float* row = c_ + i * n_;
      size_t best = 0;
      for (size_t j = 1; j < n_; ++j) {
        if (row[j] < row[best]) best = j;
      }
      u_[i] = row[best];
      if (row_of_col_[best] < 0) {
        row_of_col_[best] = static_cast<int32_t>(i);
        col_of_row_[i] = static_cast<int32_t>(best);
      }
    }
  }

  void AugmentAll() {
    for (size_t i = 0; i < m_; ++i) {
      if (col_of_row_[i] < 0) Augment(i);
    }
  }

  std::vector<int32_t>& col_of_row() { return col_of_row_; }
  std::vector<int32_t>& row_of_col() { return row_of_col_; }

 private:
  void Augment(size_t start) {
    for (size_t j = 0; j < n_; ++j) {
      dist_[j] = kInf;
      remaining_[j] = static_cast<int32_t>(j);
    }
    size_t num_remaining = n_;
    scanned_rows_.clear();
    visited_cols_.clear();
    double path_min = 0;
    int32_t sink = -1;
    size_t i = start;
    while (sink < 0) {
      scanned_rows_.push_back(static_cast<int32_t>(i));
      const float* row = c_ + i * n_;
      const double base = path_min - u_[i];
      double lowest = kInf;
      size_t lowest_k = 0;
      bool lowest_free = false;
      for (size_t k = 0; k < num_remaining; ++k) {
        const int32_t j = remaining_[k];
        const double d = base + row[j] - v_[j];
        if (d < dist_[j]) {
          dist_[j] = d;
          pred_[j] = static_cast<int32_t>(i);
        }
        const double dj = dist_[j];
        // Prefer a free column among equals: the search ends there.
        if (dj < lowest || (dj == lowest && !lowest_free && row_of_col_[j] < 0)) {
          lowest = dj;
          lowest_k = k;
          lowest_free = row_of_col_[j] < 0;
        }
      }
      path_min = lowest;
      const int32_t j = remaining_[lowest_k];
      visited_cols_.push_back(j);
      remaining_[lowest_k] = remaining_[--num_remaining];
      if (row_of_col_[j] < 0) {
        sink = j;
      } else {
        i = static_cast<size_t>(row_of_col_[j]);
      }
    }
    // Potentials: the start row gains the full path length, other scanned rows and visited
    // columns the slack between it and their own distance.
    u_[start] += path_min;
    for (size_t s = 1; s < scanned_rows_.size(); ++s) {
      const int32_t r = scanned_rows_[s];
      u_[r] += path_min - dist_[col_of_row_[r]];
    }
    for (int32_t j : visited_cols_) {
      if (j != sink) v_[j] -= path_min - dist_[j];
    }
    // Flip the alternating path back to the start row.
    int32_t j = sink;
    while (true) {
      const int32_t r = pred_[j];
      row_of_col_[j] = r;
      const int32_t previous = col_of_row_[r];
      col_of_row_[r] = j;
      if (static_cast<size_t>(r) == start) break;
      j = previous;
    }
  }

  const float* c_;
  size_t m_, n_;
  std::vector<double> u_, v_;
  std::vector<int32_t> row_of_col_, col_of_row_;
  std::vector<double> dist_;
  std::vector<int32_t> pred_;
  std::vector<int32_t> remaining_;
  std::vector<int32_t> scanned_rows_;
  std::vector<int32_t> visited_cols_;
};

}  // namespace

Result<Assignment> SolveLap(MatrixView cost, Objective objective) {
  const size_t m = cost.rows, n = cost.cols;
  Assignment out;
  if (m == 0 || n == 0) {
    out.row_to_col.assign(m, -1);
    out.col_to_row.assign(n, -1);
    return out;
  }
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (!std::isfinite(cost.data[i * n + j])) {
        return InvalidArgument(
            fmt::format("assignment cost at row {} column {} is not finite", i, j));
      }
    }
  }
  // The solver minimises over m <= n. Maximisation negates (exact in floating point); m > n
  // solves the transpose. Either needs a working copy; the common square minimisation does not.
  const bool transpose = m > n;
  const bool negate = objective == Objective::kMaximize;
  const size_t rows = transpose ? n : m, cols = transpose ? m : n;
  std::vector<float> work;
  const float* c = cost.data;
  if (transpose || negate) {
    work.resize(rows * cols);
    const float sign = negate ? -1.0f : 1.0f;
    for (size_t i = 0; i < m; ++i) {
      for (size_t j = 0; j < n; ++j) {
        const float x = sign * cost.data[i * n + j];
        if (transpose)
          work[j * cols + i] = x;
        else
          work[i * cols + j] = x;
      }
    }
    c = work.data();
  }
  ShortestAugmentingPath sap(c, rows, cols);
  sap.GreedyStart();
  sap.AugmentAll();
  if (transpose) {
    out.row_to_col = std::move(sap.row_of_col());
    out.col_to_row = std::move(sap.col_of_row());
  } else {
    out.row_to_col = std::move(sap.col_of_row());
    out.col_to_row = std::move(sap.row_of_col());
  }
  for (size_t i = 0; i < m; ++i) {
    if (out.row_to_col[i] >= 0) out.total += cost.data[i * n + out.row_to_col[i]];
  }
  return out;
}

}  // namespace lineage
