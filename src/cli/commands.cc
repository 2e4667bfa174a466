#include "cli/commands.h"

#include <vector>

namespace lineage::cli {

// Each Run* is defined in its cmd_<name>.cc. Add a line here when adding a command.
int RunWeights(int argc, char** argv);

const Command* Commands(int* count) {
  static const std::vector<Command> kCommands = {
      {"weights", "weight lineage of CANDIDATE against BASE (exact and calibrated statistics)",
       RunWeights},
  };
  *count = static_cast<int>(kCommands.size());
  return kCommands.data();
}

}  // namespace lineage::cli
