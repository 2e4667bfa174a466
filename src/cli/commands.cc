#include "cli/commands.h"

#include <vector>

namespace lineage::cli {

// Each Run* is defined in its cmd_<name>.cc. Add a line here when adding a command.
int RunInspect(int argc, char** argv);
int RunHash(int argc, char** argv);
int RunTokenizer(int argc, char** argv);
int RunArch(int argc, char** argv);
int RunWeights(int argc, char** argv);
int RunCompare(int argc, char** argv);
int RunCompute(int argc, char** argv);
int RunLogs(int argc, char** argv);
int RunTrajectory(int argc, char** argv);
int RunCalibrate(int argc, char** argv);
int RunCache(int argc, char** argv);

const Command* Commands(int* count) {
  static const std::vector<Command> kCommands = {
      {"inspect", "what a checkpoint holds: format, tensors, parameters, dtypes, config, tokenizer",
       RunInspect},
      {"hash", "per-tensor SHA-256 manifest; with two models, byte- and value-identical tensors",
       RunHash},
      {"tokenizer",
       "tokenizer lineage: identical, extends, subset, reindexed, overlapping, unrelated",
       RunTokenizer},
      {"arch", "architecture lineage: compare two configs (reuse is allowed, not weight evidence)",
       RunArch},
      {"weights", "weight lineage of CANDIDATE against BASE (exact and calibrated statistics)",
       RunWeights},
      {"compare", "all evidence against one or more bases, one verdict per base (the main job)",
       RunCompare},
      {"compute", "compute plausibility of a training claim (FLOPs, GPU-hours, implied MFU)",
       RunCompute},
      {"logs", "training-log evidence: initial loss vs ln(V), tokens consumed, restarts", RunLogs},
      {"trajectory", "does a run start from random weights and train continuously?", RunTrajectory},
      {"calibrate", "add a known-independent pair's robust statistics to a calibration panel",
       RunCalibrate},
      {"cache", "list or prune lineage's cache of byte ranges of hub models", RunCache},
  };
  *count = static_cast<int>(kCommands.size());
  return kCommands.data();
}

}  // namespace lineage::cli
