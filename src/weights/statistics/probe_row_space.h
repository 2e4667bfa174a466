// The probes' row-space factor: the one reduction that lets a random-init null panel (S2's and
// HuRef's S4) draw only the responses the probes can see, not whole random matrices.
//
// Contract:
//   - probes is P × d (rows are probe embeddings). Returns F, P × k with k = min(P, d), such that
//     F·Fᵀ = probes·probesᵀ (to float rounding).
//   - Why it suffices: for G iid N(0, σ²) of any height × d, probes·Gᵀ and F·Zᵀ with Z iid
//     N(0, σ²) of height × k have the same distribution exactly (both Gaussian with covariance
//     σ²·probes·probesᵀ per column), so a panel draws k Gaussians per unit instead of d.
//   - When d ≤ P there is nothing to reduce and F is probes itself (bit-identical, so panels on
//     narrow models draw exactly what they drew without the reduction). Otherwise F = Rᵀ of the
//     thin QR probesᵀ = Q·R.
//   - Pure, thread-safe; O(P²·d) time.
#pragma once

#include "weights/source/weight_source.h"

namespace lineage {

Mat ProbesRowSpaceFactor(const Mat& probes);

}  // namespace lineage
