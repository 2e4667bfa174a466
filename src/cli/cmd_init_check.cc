#include <cstdio>

#include <fmt/format.h>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/init_check_cli.h"
#include "report/catalog.h"
#include "training/init_signature.h"

namespace lineage::cli {

int RunInitCheck(const Model& model, bool json, const std::string& lang_code, unsigned threads) {
  InitCheckOptions opt;
  opt.threads = threads;
  Result<InitCheckResult> r = InitCheck(model, opt);
  if (!r.ok()) return Fail("inspect", StatusText(LangOf(lang_code), r.status()), kExitBadInput);
  if (json) {
    PrintJson(InitCheckJson(*r, model.path));
    return kExitOk;
  }
  const Lang lang = LangOf(lang_code);
  fmt::print("{}\n", Trf(lang, "init.title", model.path));
  fmt::print("{}\n", TrLabel(lang, "init.verdict", r->verdict));
  for (const ComponentCheck& c : r->components) {
    // Evidence and notes are the analysis's diagnostic detail (numbers and tensor names).
    fmt::print("{}\n", Trf(lang, "init.component", c.name, TrLabel(lang, "init.state", c.verdict),
                           c.trained_tensors, c.tensors,
                           c.evidence.empty() ? std::string() : "  " + c.evidence));
  }
  for (const std::string& n : r->notes) fmt::print("  ({})\n", n);
  return kExitOk;
}

}  // namespace lineage::cli
