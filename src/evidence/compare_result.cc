#include "evidence/compare_result.h"

namespace lineage {

const PairResult* FindPair(const CompareResult& r, const std::string& base_label) {
  for (const PairResult& p : r.results) {
    if (p.base == base_label) return &p;
  }
  return nullptr;
}

}  // namespace lineage
