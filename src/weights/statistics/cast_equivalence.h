// Cast equivalence for lossy pairs (METHODS.md §3): when A and B hold the "same" tensor in
// different precisions (F32 vs BF16, F16 vs BF16), round both to the narrower dtype (nearest
// even) and count equal elements. Short dtypes collide by chance, so the same fraction is also
// reported against a shifted copy of B (element i vs element (i + n/2 + 1) mod n): a frozen or
// merely cast tensor reaches 100 % with a low shifted fraction.
//
// Contract: reads both canonical tensors whole, refusing more than max_elems elements each (the
// caller's memory bound). Compares bit patterns after rounding (NaNs equal only to themselves).
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"

namespace lineage {

struct CastEquivalence {
  DType narrow = DType::kUnknown;  // the dtype both sides were rounded to
  uint64_t elements = 0;
  double equal_fraction = 0;
  double shifted_fraction = 0;
};

// True when the pair differs only by a lossy cast we can model (float dtypes, one narrower).
bool IsLossyPair(DType a, DType b);

Result<CastEquivalence> CompareCast(const ModelTensor& a, const ModelTensor& b, uint64_t max_elems);

struct CastPair {
  std::string a, b;  // tensor names in A and B
  CastEquivalence eq;
  std::string note;  // set when the pair could not be compared (eq is then empty)
};

// Every canonical tensor of A whose canonical key (hash.h) also names a tensor of B in a
// different float dtype: compared with CompareCast. Sequential; memory ≤ 2 × max_elems floats.
std::vector<CastPair> CompareCastsByKey(const Model& a, const Model& b, uint64_t max_elems);

}  // namespace lineage
