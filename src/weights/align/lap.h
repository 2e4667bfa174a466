// Dense linear assignment (our own solver): shortest augmenting paths in the Jonker–Volgenant
// style with column reduction and a greedy initial matching.
//
// Contract:
//   - Input: an m × n cost (or score) matrix of f32; potentials and path lengths are kept in
//     double. Rectangular inputs are supported both ways: when m <= n every row is assigned to a
//     distinct column; when m > n every column receives a distinct row and the other rows are
//     unassigned (-1).
//   - Objective::kMinimize minimises Σ C[i, π(i)]; kMaximize maximises it.
//   - Non-finite costs → InvalidArgument (naming row and column). Empty inputs → an empty
//     assignment with total 0.
//   - Time O(m² n) worst case, typically far less on "related" matrices (a permuted identity plus
//     noise) thanks to the greedy start. Memory O(m + n) beyond the input (plus a transposed
//     copy when m > n).
//   - Pure, thread-safe (single-threaded inside).
#pragma once

#include <cstdint>
#include <vector>

#include "util/status.h"
#include "weights/kernels/matrix.h"

namespace lineage {

enum class Objective { kMinimize, kMaximize };

struct Assignment {
  std::vector<int32_t> row_to_col;  // size m; -1 for unassigned rows (only when m > n)
  std::vector<int32_t> col_to_row;  // size n; -1 for unassigned columns (only when m < n)
  double total = 0;                 // Σ C[i, row_to_col[i]] over assigned rows
};

Result<Assignment> SolveLap(MatrixView cost, Objective objective);

}  // namespace lineage
