#include "weights/statistics/cast_equivalence.h"

#include "weights/hash/hash.h"

#include <cstring>
#include <map>
#include <vector>

namespace lineage {
namespace {

// Bits per significand, as a precision order: F32 > F16 > BF16. 0 = not modelled.
int Precision(DType t) {
  switch (t) {
    case DType::kF64:
      return 53;
    case DType::kF32:
      return 24;
    case DType::kF16:
      return 11;
    case DType::kBF16:
      return 8;
    default:
      return 0;
  }
}

uint32_t Round(float v, DType narrow) {
  switch (narrow) {
    case DType::kBF16:
      return FloatToBF16(v);
    case DType::kF16:
      return FloatToHalf(v);
    default: {
      uint32_t bits;
      std::memcpy(&bits, &v, 4);
      return bits;
    }
  }
}

}  // namespace

bool IsLossyPair(DType a, DType b) {
  int pa = Precision(a), pb = Precision(b);
  return pa > 0 && pb > 0 && a != b;
}

Result<CastEquivalence> CompareCast(const ModelTensor& a, const ModelTensor& b,
                                    uint64_t max_elems) {
  if (!IsLossyPair(a.info.dtype, b.info.dtype)) {
    return InvalidArgument(a.name + " / " + b.name + ": not a lossy float pair (" +
                           DTypeName(a.info.dtype) + ", " + DTypeName(b.info.dtype) + ")");
  }
  if (a.shape != b.shape) return InvalidArgument(a.name + " / " + b.name + ": shapes differ");
  LINEAGE_ASSIGN_OR_RETURN(std::vector<float> va, ReadF32(a, max_elems));
  LINEAGE_ASSIGN_OR_RETURN(std::vector<float> vb, ReadF32(b, max_elems));
  CastEquivalence r;
  r.narrow = Precision(a.info.dtype) < Precision(b.info.dtype) ? a.info.dtype : b.info.dtype;
  r.elements = va.size();
  if (va.empty()) return r;
  uint64_t equal = 0, shifted = 0, n = va.size(), shift = n / 2 + 1;
  for (uint64_t i = 0; i < n; ++i) {
    uint32_t ra = Round(va[i], r.narrow);
    equal += ra == Round(vb[i], r.narrow);
    shifted += ra == Round(vb[(i + shift) % n], r.narrow);
  }
  r.equal_fraction = static_cast<double>(equal) / n;
  r.shifted_fraction = static_cast<double>(shifted) / n;
  return r;
}

std::vector<CastPair> CompareCastsByKey(const Model& a, const Model& b, uint64_t max_elems) {
  std::map<std::string, const ModelTensor*> b_by_key;
  for (const ModelTensor& t : b.tensors) b_by_key.emplace(CanonicalKey(t), &t);
  std::vector<CastPair> out;
  for (const ModelTensor& t : a.tensors) {
    auto it = b_by_key.find(CanonicalKey(t));
    if (it == b_by_key.end() || !IsLossyPair(t.info.dtype, it->second->info.dtype)) continue;
    CastPair p{t.name, it->second->name, {}, ""};
    auto r = CompareCast(t, *it->second, max_elems);
    if (r.ok())
      p.eq = *r;
    else
      p.note = r.status().message();
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace lineage
