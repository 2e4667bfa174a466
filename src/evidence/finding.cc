#include "evidence/finding.h"

#include <utility>

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

Finding MakeFinding(std::string analysis, std::string test, std::string component,
                    std::string statistic, double value) {
  Finding f;
  f.analysis = std::move(analysis);
  f.test = std::move(test);
  f.component = std::move(component);
  f.statistic = std::move(statistic);
  f.value = value;
  return f;
}

}  // namespace lineage
