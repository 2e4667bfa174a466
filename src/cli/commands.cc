#include "cli/commands.h"

#include <vector>

namespace lineage::cli {

// Each Run* is defined in its cmd_<name>.cc. Add a line here when adding a command, and its
// summary's "help.<name>" entry to report/catalog_commands.cc.
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
int RunFingerprint(int argc, char** argv);
int RunRegistry(int argc, char** argv);
int RunBehaviour(int argc, char** argv);
int RunTranscripts(int argc, char** argv);

const Command* Commands(int* count) {
  static const std::vector<Command> kCommands = {
      {"inspect", "help.inspect", RunInspect},
      {"hash", "help.hash", RunHash},
      {"tokenizer", "help.tokenizer", RunTokenizer},
      {"arch", "help.arch", RunArch},
      {"weights", "help.weights", RunWeights},
      {"compare", "help.compare", RunCompare},
      {"compute", "help.compute", RunCompute},
      {"logs", "help.logs", RunLogs},
      {"trajectory", "help.trajectory", RunTrajectory},
      {"calibrate", "help.calibrate", RunCalibrate},
      {"cache", "help.cache", RunCache},
      {"fingerprint", "help.fingerprint", RunFingerprint},
      {"registry", "help.registry", RunRegistry},
      {"behaviour", "help.behaviour", RunBehaviour},
      {"transcripts", "help.transcripts", RunTranscripts},
  };
  *count = static_cast<int>(kCommands.size());
  return kCommands.data();
}

}  // namespace lineage::cli
