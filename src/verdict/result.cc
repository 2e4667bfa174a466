#include "verdict/result.h"

namespace lineage {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kDerived:
      return "derived";
    case Verdict::kIndependent:
      return "independent";
    case Verdict::kInconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

const PairResult* FindPair(const CompareResult& r, const std::string& base_label) {
  for (const PairResult& p : r.results) {
    if (p.base == base_label) return &p;
  }
  return nullptr;
}

}  // namespace lineage
