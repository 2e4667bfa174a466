// TrajectorySummary: a checkpoint trajectory leading to the candidate (training/trajectory.h), as
// a compare result shows it in the drift chart. Plain values, thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lineage {

struct TrajectoryStepSummary {
  int index = 0;           // checkpoint index (>= 1), compared with index - 1
  std::string checkpoint;  // label of checkpoint `index`
  double drift = 0;        // ‖θ_i − θ_{i−1}‖ / ‖θ_{i−1}‖
  double log10_p = 0;      // exact unit-identity test of i against i − 1 (Bonferroni-adjusted)
  bool derived = false;
  bool drift_jump = false;
};

struct TrajectorySummary {
  std::vector<std::string> checkpoints;  // labels, in training order (the candidate last)
  std::string init_check;                // InitCheck verdict of checkpoint 0
  bool random_start = false;
  bool continuous = false;
  std::optional<int> first_break;
  std::vector<TrajectoryStepSummary> steps;
};

}  // namespace lineage
