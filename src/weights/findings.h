// Helpers shared by the weight statistics that emit Findings (verdict/evidence.h).
//
// Contract: pure constructors; the caller fills p-values, nulls and notes.
#pragma once

#include <string>

#include "verdict/evidence.h"

namespace lineage {

// A Finding of analysis "weights" with its identity and headline value set.
inline Finding WeightsFinding(std::string test, std::string component, std::string statistic,
                              double value) {
  Finding f;
  f.analysis = "weights";
  f.test = std::move(test);
  f.component = std::move(component);
  f.statistic = std::move(statistic);
  f.value = value;
  return f;
}

}  // namespace lineage
