// lineage logs FILE...: training-log evidence (initial loss vs ln V, tokens, restarts).
#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "arch/compute.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "report/catalog.h"
#include "training/log_checks.h"
#include "training/log_reader.h"

namespace lineage::cli {
namespace {

void PrintText(const LogReport& r, const std::vector<TrainingLog>& logs, Lang lang) {
  auto has_flag = [&](const char* f) {
    return std::find(r.flags.begin(), r.flags.end(), f) != r.flags.end();
  };
  fmt::print("{}\n", Trf(lang, "logs.title", r.points, r.first_step, r.last_step,
                         logs.front().format, logs.front().loss_key));
  fmt::print("{}\n", Trf(lang, "logs.initial_loss", r.initial_loss));
  if (r.ln_vocab) {
    fmt::print("{}\n", Trf(lang, "logs.ln_vocab", *r.ln_vocab));
    fmt::print("{}\n", Tr(lang, r.warm_start                     ? "logs.warm_start"
                                : has_flag("below-random-start") ? "logs.below_random"
                                                                 : "logs.random_start"));
  } else {
    fmt::print("{}\n", Tr(lang, "logs.no_vocab"));
  }
  if (r.tokens_logged) {
    if (r.tokens_match) {
      fmt::print("{}\n", Trf(lang, *r.tokens_match ? "logs.tokens_match" : "logs.tokens_mismatch",
                             *r.tokens_logged, *r.tokens_ratio));
    } else {
      fmt::print("{}\n", Trf(lang, "logs.tokens", *r.tokens_logged));
    }
  } else if (has_flag("tokens-not-logged")) {
    fmt::print("{}\n", Tr(lang, "logs.tokens_not_logged"));
  }
  fmt::print("{}\n",
             Trf(lang, "logs.discontinuities",
                 r.discontinuities.empty() ? std::string(Tr(lang, "logs.none")) : std::string()));
  for (const auto& d : r.discontinuities) {
    fmt::print("{}\n", Trf(lang, "logs.discontinuity", d.index, d.step, d.kind, d.before, d.after,
                           d.source));
  }
}

}  // namespace

int RunLogs(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.logs")};
  CommonFlags common;
  std::vector<std::string> files;
  std::string vocab, claimed, per_step;
  app.add_option("FILE", files, "help.opt.logs.files")->required();
  app.add_option("--vocab-size", vocab, "help.opt.logs.vocab_size");
  app.add_option("--claimed-tokens", claimed, "help.opt.logs.claimed_tokens");
  app.add_option("--tokens-per-step", per_step, "help.opt.tokens_per_step");
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;

  LogCheckOptions opt;
  for (auto [flag, text, out] : {std::tuple{"vocab-size", &vocab, &opt.vocab_size},
                                 std::tuple{"claimed-tokens", &claimed, &opt.claimed_tokens},
                                 std::tuple{"tokens-per-step", &per_step, &opt.tokens_per_step}}) {
    if (text->empty()) continue;
    Result<double> v = ParseQuantity(*text);
    if (!v.ok())
      return Fail("logs", std::string("--") + flag + ": " + v.status().message(), kExitUsage);
    *out = *v;
  }
  std::vector<TrainingLog> logs;
  for (const std::string& f : files) {
    Result<TrainingLog> l = ReadTrainingLog(f);
    if (!l.ok()) return Fail("logs", l.status().ToString(), kExitBadInput);
    logs.push_back(std::move(l).value());
  }
  Result<LogReport> r = CheckTrainingLogs(logs, opt);
  if (!r.ok()) {
    // Flag validation messages name the flag ("--vocab-size ..."): those are usage errors.
    const bool usage = r.status().message().rfind("--", 0) == 0;
    return Fail("logs", r.status().message(), usage ? kExitUsage : kExitBadInput);
  }
  if (common.json) {
    PrintJson(LogsJson(*r, logs));
  } else {
    PrintText(*r, logs, LangOf(common.lang));
  }
  return kExitOk;
}

}  // namespace lineage::cli
