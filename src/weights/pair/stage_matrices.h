// Small matrix helpers that several pair stages share (no statistics here).
//
// Contract: pure functions of their arguments, except that Gaussian advances `rng` by exactly
// rows × cols normal draws in row-major order (the streams of the S2 panel and of the power
// controls depend on that order). Thread-safe for distinct arguments.
#pragma once

#include <cstdint>
#include <vector>

#include "stats/rng.h"
#include "weights/source/weight_source.h"

namespace lineage {

// Zeroes NaN/Inf entries in place; returns how many there were.
int64_t ScrubRows(Mat& m);
// The given rows of `m`, in the given order.
Mat SelectRows(const Mat& m, const std::vector<int32_t>& rows);
// rows × cols iid N(0, sd²).
Mat Gaussian(Eigen::Index rows, Eigen::Index cols, double sd, Rng& rng);

}  // namespace lineage
