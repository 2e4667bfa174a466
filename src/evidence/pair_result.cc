#include "evidence/pair_result.h"

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

}  // namespace lineage
