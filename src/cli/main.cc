// lineage: was this model trained from scratch, or derived from an existing one?
// main only dispatches to the subcommand; see commands.h.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/build_info.h"
#include "cli/commands.h"
#include "cli/huge_page_malloc.h"

int main(int argc, char** argv) {
  lineage::cli::ReexecWithHugePageMalloc(argv);
  using lineage::cli::Command;
  int count = 0;
  const Command* cmds = lineage::cli::Commands(&count);
  auto usage = [&](FILE* out) {
    std::fprintf(out, "lineage %s: evidence of whether an LLM was derived from another\n\n",
                 LINEAGE_VERSION);
    std::fprintf(out, "usage: lineage <command> [options]\n\ncommands:\n");
    for (int i = 0; i < count; ++i)
      std::fprintf(out, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
    std::fprintf(out, "\n'lineage <command> --help' describes a command's options.\n");
  };
  if (argc < 2) {
    usage(stderr);
    return lineage::cli::kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(stdout);
    return lineage::cli::kExitOk;
  }
  if (name == "--version" || name == "version") {
    std::printf("lineage %s (commit %s)\n", LINEAGE_VERSION, lineage::cli::GitCommit());
    return lineage::cli::kExitOk;
  }
  for (int i = 0; i < count; ++i) {
    if (name == cmds[i].name) return cmds[i].run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "lineage: unknown command '%s'\n\n", name.c_str());
  usage(stderr);
  return lineage::cli::kExitUsage;
}
