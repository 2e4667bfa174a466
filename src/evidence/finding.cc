#include "evidence/finding.h"

namespace lineage {

const char* DirectionName(Direction d) {
  switch (d) {
    case Direction::kForDerivation:
      return "for-derivation";
    case Direction::kAgainstDerivation:
      return "against-derivation";
    case Direction::kNeutral:
      return "neutral";
  }
  return "neutral";
}

}  // namespace lineage
