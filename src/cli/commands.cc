#include "cli/commands.h"

#include <vector>

namespace lineage::cli {

int RunArch(int argc, char** argv);
int RunCompute(int argc, char** argv);
int RunLogs(int argc, char** argv);
int RunTrajectory(int argc, char** argv);

// Each Run* is defined in its cmd_<name>.cc. Add a line here when adding a command.
int RunInspect(int argc, char** argv);
int RunHash(int argc, char** argv);
int RunWeights(int argc, char** argv);

const Command* Commands(int* count) {
  static const std::vector<Command> kCommands = {
      {"inspect", "what a checkpoint holds: format, tensors, parameters, dtypes, config, tokenizer", RunInspect},
      {"hash", "per-tensor SHA-256 manifest; with two models, byte- and value-identical tensors", RunHash},
      {"weights", "weight lineage of CANDIDATE against BASE (exact and calibrated statistics)",
       RunWeights},
      {"arch", "architecture lineage: compare two configs (reuse is allowed, not weight evidence)", RunArch},
      {"compute", "compute plausibility of a training claim (FLOPs, GPU-hours, implied MFU)", RunCompute},
      {"logs", "training-log evidence: initial loss vs ln(V), tokens consumed, restarts", RunLogs},
      {"trajectory", "checkpoints of one run: random start, unbroken chain, no parent among bases", RunTrajectory},
  };
  *count = static_cast<int>(kCommands.size());
  return kCommands.data();
}

}  // namespace lineage::cli
