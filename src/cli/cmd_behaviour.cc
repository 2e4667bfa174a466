// `lineage behaviour`: the output-agreement test of served models (behaviour/agreement.h) and
// the probe suites (behaviour/probe_run.h, --probes) through OpenAI-compatible APIs.
// `--candidate L=URL [--base L=URL --control L=URL...]` name the endpoints; every request and
// answer goes to the transcript store ($XDG_CACHE_HOME/lineage/ transcripts.sqlite or --transcripts
// FILE), and --replay answers from it with no server. JSON keys: docs/JSON_SCHEMA.md, "behaviour".
// The finding is functional closeness, never a weight verdict. API keys: LINEAGE_API_KEY_<LABEL>,
// else OPENAI_API_KEY; never printed.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "behaviour/agreement.h"
#include "behaviour/endpoint.h"
#include "behaviour/probe_run.h"
#include "behaviour/transcript_store.h"
#include "cli/behaviour_run.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

struct BehaviourFlags {
  std::string candidate, base;
  std::vector<std::string> controls;
  bool json = false;
  std::string lang = "en";
  BehaviourRunFlags run;
};

void AddFlags(CLI::App& app, BehaviourFlags& f) {
  app.add_option("--candidate", f.candidate, "help.opt.behaviour.candidate")->required();
  app.add_option("--base", f.base, "help.opt.behaviour.base");
  app.add_option("--control", f.controls, "help.opt.behaviour.control");
  AddProbeFlags(app, f.run);
  app.add_option("--endpoint-model", f.run.endpoint_models, "help.opt.behaviour.endpoint_model");
  app.add_option("--transcripts", f.run.transcripts, "help.opt.behaviour.transcripts");
  app.add_flag("--replay", f.run.replay, "help.opt.behaviour.replay");
  app.add_flag("--no-store", f.run.no_store, "help.opt.behaviour.no_store");
  app.add_option("--prompts", f.run.agreement.prompts, "help.opt.behaviour.prompts")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-queries", f.run.agreement.max_queries, "help.opt.behaviour.max_queries")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", f.run.agreement.seed, "help.opt.behaviour.seed");
  app.add_option("--continuation", f.run.agreement.continuation, "help.opt.behaviour.continuation")
      ->check(CLI::Range(16, 256));
  app.add_option("--alpha", f.run.agreement.alpha, "help.opt.behaviour.alpha")
      ->check(CLI::Range(1e-12, 0.5));
  app.add_option("--power", f.run.agreement.power, "help.opt.behaviour.power")
      ->check(CLI::Range(0.5, 0.999));
  app.add_option("--concurrency", f.run.agreement.concurrency, "help.opt.behaviour.concurrency")
      ->check(CLI::Range(1, 64));
  app.add_flag("--stream", f.run.stream, "help.opt.behaviour.stream");
  app.add_option("--timeout", f.run.timeout_s, "help.opt.behaviour.timeout")
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--retries", f.run.retries, "help.opt.behaviour.retries")
      ->check(CLI::Range(0, 20));
  app.add_flag("--json", f.json, "help.opt.json");
  app.add_flag("--verbose", f.run.verbose, "help.opt.verbose");
  AddLangOption(app, &f.lang);
}

Result<std::vector<EndpointSpec>> Specs(const BehaviourFlags& f) {
  if (f.base.empty() != f.controls.empty()) {
    return InvalidArgument("the agreement test needs both --base and at least one --control");
  }
  if (f.base.empty() && f.run.probes.empty()) {
    return InvalidArgument("nothing to run: give --base and --control, or --probes");
  }
  if (!f.run.probes.empty()) LINEAGE_RETURN_IF_ERROR(ParseProbeSuites(f.run.probes).status());
  // --probe-lang also picks the chat prompts' language (its first).
  LINEAGE_RETURN_IF_ERROR(ParseProbeLanguages(f.run.probe_lang).status());
  std::vector<std::string> all = {f.candidate};
  if (!f.base.empty()) all.push_back(f.base);
  all.insert(all.end(), f.controls.begin(), f.controls.end());
  std::vector<EndpointSpec> specs;
  for (const std::string& a : all) {
    LINEAGE_ASSIGN_OR_RETURN(EndpointSpec s, ParseEndpointFlag(a));
    specs.push_back(std::move(s));
  }
  LINEAGE_RETURN_IF_ERROR(ApplyModelChoices(f.run.endpoint_models, specs));  // usage, as compare
  return specs;
}

void PrintProbes(const nlohmann::json& probes) {
  for (const auto& e : probes["endpoints"]) {
    std::printf("  probes %s:", e["label"].get<std::string>().c_str());
    if (e.contains("identity")) {
      std::string names;
      for (const auto& m : e["identity"]["mentioned"]) {
        names += (names.empty() ? "" : ", ") + m["name"].get<std::string>();
      }
      std::printf(" names mentioned [%s];", names.c_str());
    }
    if (e.contains("cutoff")) {
      const auto& c = e["cutoff"];
      std::printf(" cutoff %s;", c["estimated"].get<bool>()
                                     ? c["last_known_month"].get<std::string>().c_str()
                                     : "no estimate");
    }
    if (e.contains("refusal")) {
      std::printf(
          " refusals %d/%d harmful, %d/%d benign", e["refusal"]["harmful"]["refusal"].get<int>(),
          e["refusal"]["harmful"]["asked"].get<int>(), e["refusal"]["benign"]["refusal"].get<int>(),
          e["refusal"]["benign"]["asked"].get<int>());
    }
    std::printf("\n");
  }
}

void PrintText(const AgreementResult& r, const AgreementOptions& o,
               const std::vector<std::unique_ptr<EndpointClient>>& eps, Lang lang) {
  std::printf("%s\n", std::string(Tr(lang, r.closer_than_every_control ? "behaviour.closer"
                                                                       : "behaviour.no_evidence"))
                          .c_str());
  std::printf("  candidate %s (%s), base %s (%s)\n", eps[0]->spec().label.c_str(),
              eps[0]->model().c_str(), eps[1]->spec().label.c_str(), eps[1]->model().c_str());
  std::printf(
      "  %d prompts (%d planned for power %.2f at alpha %.3g), %d queries, %.1f s; unit: %s\n",
      r.prompts, r.prompts_planned, o.power, o.alpha, r.queries, r.seconds, r.unit.c_str());
  std::printf("  candidate vs base: first match %.3f, mean matched prefix %.2f\n",
              r.first_match_rate_base, r.mean_prefix_base);
  for (const ControlAgreement& c : r.controls) {
    std::printf(
        "  control %s: first match %.3f, mean prefix %.2f; base closer %d, control closer %d, "
        "ties %d; sign test p %.3g, Holm p %.3g\n",
        c.label.c_str(), c.first_match_rate, c.mean_prefix, c.wins, c.losses, c.ties, c.p,
        c.p_holm);
  }
  for (const std::string& l : r.limitations) std::printf("  limitation: %s\n", l.c_str());
}

int Run(const BehaviourFlags& f) {
  const Lang lang = LangOf(f.lang);
  auto specs = Specs(f);
  if (!specs.ok()) return Fail("behaviour", specs.status().message(), kExitUsage, lang);
  auto run = RunBehaviourSection(std::move(*specs), f.run);
  if (!run.ok()) return ReportError("behaviour", run.status(), lang);
  if (f.json) {
    PrintJson({{"behaviour", run->json}});
  } else {
    if (run->agreement_run) PrintText(run->result, f.run.agreement, run->endpoints, lang);
    if (run->json.contains("probes")) PrintProbes(run->json["probes"]);
  }
  return kExitOk;
}

}  // namespace

int RunBehaviour(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.behaviour"), "lineage behaviour"};
  BehaviourFlags flags;
  AddFlags(app, flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  return Run(flags);
}

int RunTranscripts(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.transcripts"), "lineage transcripts"};
  app.require_subcommand(1);
  std::string path;
  bool jsonl = false;
  CLI::App* exp = app.add_subcommand("export", "help.transcripts.export");
  exp->add_option("--transcripts", path, "help.opt.behaviour.transcripts");
  exp->add_flag("--jsonl", jsonl, "help.opt.transcripts.jsonl")->required();
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (path.empty()) path = DefaultTranscriptPath(std::getenv);
  auto store = TranscriptStore::Open(path, true);
  if (!store.ok()) return ReportError("transcripts", store.status());
  std::ostringstream out;
  Status st = (*store)->ExportJsonl(out);
  if (!st.ok()) return ReportError("transcripts", st);
  std::fwrite(out.str().data(), 1, out.str().size(), stdout);
  return kExitOk;
}

}  // namespace lineage::cli
