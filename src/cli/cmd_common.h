// Flags shared by the analysis subcommands (--json, --lang, --threads, --quiet) and the CLI11
// parse step that maps parse errors to exit code 2. CLI11 reports errors by exception; they are
// caught here and never escape.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "io/hub/resolve.h"
#include "io/model_location.h"
#include "report/catalog.h"  // StatusText
#include "util/status.h"
#include "weights/pair/pair_analysis.h"

#include "util/lang.h"

namespace lineage::cli {

struct CommonFlags {
  bool json = false;
  std::string lang = "en";
  int threads = 0;  // 0 = all cores
  bool quiet = false;
};

void AddCommonFlags(CLI::App& app, CommonFlags* flags);

// Adds --lang to `app`, validated by util/lang.h's ParseLang (the one parser of language codes):
// an unknown code is a usage error (exit 2).
CLI::Option* AddLangOption(CLI::App& app, std::string* code);
// The language of a --lang value that AddLangOption validated (English for anything else).
Lang LangOf(const std::string& code);

// The language argv asks for ("--lang ko" or "--lang=ko"), read before CLI11 parses it so that
// `--help` and parse errors speak it too; English when absent or not a known code.
Lang ArgsLang(int argc, char** argv);
// A command's `--help` description (catalog key "help.app.<name>") in the language argv asks for.
std::string HelpDescription(int argc, char** argv, const char* key);

// Where model arguments are read from (the flags every model-taking command shares).
struct ModelFlags {
  std::string ca_bundle;    // --ca-bundle FILE
  bool insecure = false;    // --insecure
  double timeout_s = 0;     // --timeout SECONDS; 0 = the default
  bool offline = false;     // --offline (as HF_HUB_OFFLINE=1)
  bool full = false;        // --full: test every block pair (SamplingMode::kFull)
  bool sequential = false;  // --sequential: sequential block reading whatever the size
  bool verbose = false;     // --verbose: one line per HTTP request on stderr
  // Made by the first ResolveModelArg of the command, after the flags are parsed, and reused by
  // the others: one HTTP client (connections, TLS sessions) for every model of the run.
  mutable std::shared_ptr<HubResolver> resolver;
};

// Adds --ca-bundle, --insecure, --timeout, --offline, --full and, when `with_verbose` (the
// command has no --verbose of its own), --verbose; sets the help footer (the MODEL forms, the
// hub environment and the exit codes).
void AddModelFlags(CLI::App& app, ModelFlags* flags, bool with_verbose = true);

// Adds --budget SIZE (util/byte_size.h: 5GB, 500MB, 1.5GiB; a bare number is bytes) to a command
// that reads weights for a decision (compare, weights); an unparsable size is a usage error.
void AddBudgetOption(CLI::App& app, uint64_t* bytes);

// --always-measure-power (compare/positive_controls.h PowerOptions::always): run the positive
// controls even when no verdict can rest on them.
void AddAlwaysMeasurePowerFlag(CLI::App& app, bool* always);

// Block reading (weights/pair/pair_analysis.h SamplingMode): --full (which wins when both are
// given), else --sequential, else
// sequential for a model served from the hub (`any_remote`), else kAuto (by size).
SamplingMode SamplingModeOf(const ModelFlags& flags, bool any_remote);

// HubOptionsFromEnvironment(std::getenv), overridden by the flags.
HubOptions HubOptionsFor(const ModelFlags& flags);

// Resolves `arg` as ResolveModel(arg, HubOptionsFor(flags)) does, through flags.resolver (one
// client per run). Not thread-safe: a command resolves its arguments one after the other.
Result<ModelLocation> ResolveModelArg(const std::string& arg, const ModelFlags& flags);

// Parses argv. Returns -1 to continue, or the exit code to return (0 after --help, 2 on a usage
// error, with the message already printed; in Korean when argv asks for it). Option, positional,
// subcommand and footer texts are registered as catalog keys ("help.opt.*",
// report/catalog_options.cc); before parsing, every one of them (and CLI11's own labels) is
// rendered in argv's --lang, so --help speaks one language throughout.
int ParseArgs(CLI::App& app, int argc, char** argv);

// Prints "lineage <cmd>: <message>" to stderr and returns `code`. `message` is rendered by
// report/catalog.h's TrText: a catalog key or an analysis's English sentence comes out in `lang`;
// data in it (paths, offsets) stays as it is.
int Fail(const char* cmd, const std::string& message, int code, Lang lang = Lang::kEn);

// kInternal → kExitInternal; kNetwork and kAuth → kExitNetwork; every other error concerns the
// input → kExitBadInput.
int ExitCodeFor(const Status& st);
// "lineage <cmd>: <status>" on stderr, in `lang`; returns ExitCodeFor(st).
int ReportError(const char* cmd, const Status& st, Lang lang = Lang::kEn);

}  // namespace lineage::cli

#include <nlohmann/json.hpp>

namespace lineage::cli {
// Prints JSON (2-space indent) to stdout; invalid UTF-8 in strings is replaced, never thrown.
void PrintJson(const nlohmann::json& j);
}  // namespace lineage::cli
