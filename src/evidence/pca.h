// PcaIllustration: illustration only, never evidence. Per-block weight signatures (features in
// the aligned basis) of every model, projected on their top two principal components
// (compare/pca_illustration.h computes them). Plain values, thread-compatible.
#pragma once

#include <string>
#include <vector>

namespace lineage {

struct PcaPoint {
  std::string model;  // ModelRef::label
  int block = 0;
  double pc1 = 0;
  double pc2 = 0;
};

struct PcaIllustration {
  std::string features;                   // what a signature is made of, e.g. "gate/up row norms"
  double explained_variance[2] = {0, 0};  // fractions for PC1, PC2
  std::vector<PcaPoint> points;
};

}  // namespace lineage
