// lineage logs FILE...: training-log evidence (initial loss vs ln V, tokens, restarts).
#include <algorithm>
#include <cstdio>
#include <tuple>
#include <string>
#include <vector>

#include "arch/compute.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "training/log_checks.h"
#include "training/log_reader.h"
#include "training/text.h"

namespace lineage::cli {
namespace {

void PrintText(const LogReport& r, const std::vector<TrainingLog>& logs, const std::string& lang) {
  auto T = [&](const char* id) { return TrainingText(id, lang); };
  std::printf("%s: %zu %s, steps %lld..%lld (%s, %s)\n", T("logs_title").c_str(), r.points, T("points").c_str(),
              static_cast<long long>(r.first_step), static_cast<long long>(r.last_step),
              logs.front().format.c_str(), logs.front().loss_key.c_str());
  std::printf("  %s: %.4g\n", T("initial_loss").c_str(), r.initial_loss);
  if (r.ln_vocab) {
    std::printf("  %s: %.4g\n", T("ln_vocab").c_str(), *r.ln_vocab);
    bool below = std::find(r.flags.begin(), r.flags.end(), "below-random-start") != r.flags.end();
    std::printf("  -> %s\n", T(r.warm_start ? "warm_start" : below ? "below_random" : "random_start").c_str());
  } else {
    std::printf("  (%s)\n", T("no_vocab").c_str());
  }
  if (r.tokens_logged) {
    std::printf("  %s: %.4g", T("tokens").c_str(), *r.tokens_logged);
    if (r.tokens_match) std::printf(" (%.3gx, %s)", *r.tokens_ratio, T(*r.tokens_match ? "tokens_match" : "tokens_mismatch").c_str());
    std::printf("\n");
  } else if (std::find(r.flags.begin(), r.flags.end(), "tokens-not-logged") != r.flags.end()) {
    std::printf("  %s\n", T("tokens_not_logged").c_str());
  }
  std::printf("  %s: ", T("discontinuities").c_str());
  if (r.discontinuities.empty()) std::printf("%s\n", T("none").c_str());
  else std::printf("\n");
  for (const auto& d : r.discontinuities) {
    std::printf("    #%zu step %lld %s: %.4g -> %.4g (%s)\n", d.index, static_cast<long long>(d.step), d.kind.c_str(),
                d.before, d.after, d.source.c_str());
  }
}

}  // namespace

int RunLogs(int argc, char** argv) {
  CLI::App app{"Training-log evidence: initial loss vs ln(V), tokens consumed, restarts"};
  CommonFlags common;
  std::vector<std::string> files;
  std::string vocab, claimed, per_step;
  app.add_option("FILE", files, "CSV, JSONL or TensorBoard event files of one run, in order")->required();
  app.add_option("--vocab-size", vocab, "Vocabulary size V (initial loss of a random model is ~ln V)");
  app.add_option("--claimed-tokens", claimed, "Claimed training tokens, e.g. 19.7T");
  app.add_option("--tokens-per-step", per_step, "Tokens per optimizer step, when the log has no token count");
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;

  LogCheckOptions opt;
  for (auto [flag, text, out] : {std::tuple{"vocab-size", &vocab, &opt.vocab_size},
                                 std::tuple{"claimed-tokens", &claimed, &opt.claimed_tokens},
                                 std::tuple{"tokens-per-step", &per_step, &opt.tokens_per_step}}) {
    if (text->empty()) continue;
    Result<double> v = ParseQuantity(*text);
    if (!v.ok()) return Fail("logs", std::string("--") + flag + ": " + v.status().message(), kExitUsage);
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
    nlohmann::json j = LogReportJson(*r);
    j["format"] = logs.front().format;
    j["loss_key"] = logs.front().loss_key;
    PrintJson(j);
  } else {
    PrintText(*r, logs, common.lang);
  }
  return kExitOk;
}

}  // namespace lineage::cli
