#include "evidence/ancestry.h"

namespace lineage {

const char* AncestryName(Ancestry a) {
  switch (a) {
    case Ancestry::kCandidateFromBase:
      return "candidate_from_base";
    case Ancestry::kBaseFromCandidate:
      return "base_from_candidate";
    case Ancestry::kCommonAncestor:
      return "common_ancestor";
    case Ancestry::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Ancestry MirrorAncestry(Ancestry a) {
  if (a == Ancestry::kCandidateFromBase) return Ancestry::kBaseFromCandidate;
  if (a == Ancestry::kBaseFromCandidate) return Ancestry::kCandidateFromBase;
  return a;
}

}  // namespace lineage
