#include <cstdio>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/init_check_cli.h"
#include "training/init_signature.h"
#include "training/text.h"

namespace lineage::cli {

int RunInitCheck(const Model& model, bool json, const std::string& lang, unsigned threads) {
  InitCheckOptions opt;
  opt.threads = threads;
  Result<InitCheckResult> r = InitCheck(model, opt);
  if (!r.ok()) return Fail("inspect", r.status().ToString(), kExitBadInput);
  if (json) {
    nlohmann::json j = InitCheckJson(*r);
    j["model"] = model.path;
    PrintJson(j);
    return kExitOk;
  }
  auto T = [&](const char* id) { return TrainingText(id, lang); };
  const char* verdict_id = r->verdict == "random" ? "init_random" : r->verdict == "trained" ? "init_trained" : "init_mixed";
  std::printf("%s: %s\n  -> %s\n", T("init_title").c_str(), model.path.c_str(), T(verdict_id).c_str());
  for (const ComponentCheck& c : r->components) {
    std::printf("  %-16s %-8s %d/%d%s%s\n", c.name.c_str(), c.verdict.c_str(), c.trained_tensors, c.tensors,
                c.evidence.empty() ? "" : "  ", c.evidence.c_str());
  }
  for (const std::string& n : r->notes) std::printf("  (%s)\n", n.c_str());
  return kExitOk;
}

}  // namespace lineage::cli
