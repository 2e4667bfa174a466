#include "cli/commands.h"

#include <vector>

namespace lineage::cli {

// Each Run* is defined in its cmd_<name>.cc. Add a line here when adding a command.
int RunTokenizer(int argc, char** argv);

const Command* Commands(int* count) {
  static const std::vector<Command> kCommands = {
      {"tokenizer", "tokenizer lineage: identical, extends, subset, reindexed, overlapping, unrelated", RunTokenizer},
  };
  *count = static_cast<int>(kCommands.size());
  return kCommands.data();
}

}  // namespace lineage::cli
