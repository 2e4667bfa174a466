// lineage: was this model trained from scratch, or derived from an existing one?
// main only dispatches to the subcommand; see commands.h.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/build_info.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/huge_page_malloc.h"
#include "report/catalog.h"

int main(int argc, char** argv) {
  lineage::cli::ReexecWithHugePageMalloc(argv);
  using lineage::cli::Command;
  int count = 0;
  const Command* cmds = lineage::cli::Commands(&count);
  // `lineage --help --lang ko` speaks Korean: the language is read from argv before dispatch.
  const lineage::Lang lang = lineage::cli::ArgsLang(argc, argv);
  auto usage = [&](FILE* out) {
    using lineage::Tr;
    std::fprintf(out, "%s\n\n", lineage::Trf(lang, "help.title", LINEAGE_VERSION).c_str());
    std::fprintf(out, "%s\n\n%s\n", std::string(Tr(lang, "help.usage")).c_str(),
                 std::string(Tr(lang, "help.commands")).c_str());
    for (int i = 0; i < count; ++i) {
      std::fprintf(out, "  %-12s %s\n", cmds[i].name,
                   std::string(Tr(lang, cmds[i].summary)).c_str());
    }
    std::fprintf(out, "\n%s\n", std::string(Tr(lang, "help.more")).c_str());
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
  std::fprintf(stderr, "lineage: %s\n\n", lineage::Trf(lang, "help.unknown_command", name).c_str());
  usage(stderr);
  return lineage::cli::kExitUsage;
}
