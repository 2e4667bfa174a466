#include "cli/cmd_common.h"

#include <cstdio>

#include "cli/commands.h"

namespace lineage::cli {

void AddCommonFlags(CLI::App& app, CommonFlags* flags) {
  app.add_flag("--json", flags->json, "Print machine-readable JSON");
  app.add_option("--lang", flags->lang, "Language of the text output")->check(CLI::IsMember({"en", "ko"}));
  app.add_option("--threads", flags->threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 4096));
  app.add_flag("--quiet", flags->quiet, "No progress output");
}

int ParseArgs(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return -1;
}

int Fail(const char* cmd, const std::string& message, int code) {
  std::fprintf(stderr, "lineage %s: %s\n", cmd, message.c_str());
  return code;
}

}  // namespace lineage::cli

namespace lineage::cli {
void PrintJson(const nlohmann::json& j) {
  std::string s = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::printf("%s\n", s.c_str());
}
}  // namespace lineage::cli
