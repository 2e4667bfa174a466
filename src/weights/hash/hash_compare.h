// Comparing two models' digests (hash.h): which tensors are byte-identical, which are
// value-identical. The "frozen encoder copied as is" check of METHODS.md §3.
//
// Matching: stored digests pair first by equal name, then any remaining equal digests across
// different names, one-to-one in model order. Value digests pair first by canonical identity
// (component, role, layer, expert), then across identities. Value-identical includes the
// byte-identical pairs (equal bytes of a decodable dtype imply equal values). Pure function.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "weights/hash/hash.h"

namespace lineage {

struct DigestPair {
  std::string a;
  std::string b;
  bool same_identity = true;  // same name (stored) or same canonical key (values)
};

struct HashComparison {
  std::vector<DigestPair> identical;        // stored bytes equal
  std::vector<DigestPair> value_identical;  // canonical f32 values equal
  size_t stored_a = 0, stored_b = 0, values_a = 0, values_b = 0;
  size_t same_key_a = 0;  // canonical tensors of A whose key also exists in B
};

HashComparison CompareDigests(const ModelDigests& a, const ModelDigests& b);

}  // namespace lineage
