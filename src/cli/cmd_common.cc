#include "cli/cmd_common.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "cli/commands.h"
#include "report/catalog.h"
#include "util/byte_size.h"

namespace lineage::cli {

void AddCommonFlags(CLI::App& app, CommonFlags* flags) {
  app.add_flag("--json", flags->json, "help.opt.json");
  AddLangOption(app, &flags->lang);
  app.add_option("--threads", flags->threads, "help.opt.threads")->check(CLI::Range(0, 4096));
  app.add_flag("--quiet", flags->quiet, "help.opt.quiet");
}

SamplingMode SamplingModeOf(const ModelFlags& flags, bool any_remote) {
  if (flags.full) return SamplingMode::kFull;
  if (flags.sequential || any_remote) return SamplingMode::kSequential;
  return SamplingMode::kAuto;
}

void AddModelFlags(CLI::App& app, ModelFlags* flags, bool with_verbose) {
  app.add_option("--ca-bundle", flags->ca_bundle, "help.opt.ca_bundle");
  app.add_flag("--insecure", flags->insecure, "help.opt.insecure");
  app.add_option("--timeout", flags->timeout_s, "help.opt.timeout")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_flag("--offline", flags->offline, "help.opt.offline");
  app.add_flag("--full", flags->full, "help.opt.full");
  app.add_flag("--sequential", flags->sequential, "help.opt.sequential");  // --full wins
  if (with_verbose) {
    app.add_flag("--verbose", flags->verbose, "help.opt.verbose");
  }
  app.footer("help.footer.model");
}

void AddAlwaysMeasurePowerFlag(CLI::App& app, bool* always) {
  app.add_flag("--always-measure-power", *always, "help.opt.always_measure_power");
}

void AddBudgetOption(CLI::App& app, uint64_t* bytes) {
  CLI::Validator by_parse_size(
      [](std::string& v) -> std::string {
        const std::optional<uint64_t> n = ParseByteSize(v);
        if (!n || *n == 0) return "not a positive size (e.g. 5GB, 500MB, 1.5GiB): " + v;
        return std::string();
      },
      "SIZE");
  app.add_option_function<std::string>(
         "--budget", [bytes](const std::string& v) { *bytes = ParseByteSize(v).value_or(0); },
         "help.opt.budget")
      ->check(by_parse_size);
}

HubOptions HubOptionsFor(const ModelFlags& flags) {
  HubOptions o = HubOptionsFromEnvironment([](const char* name) { return std::getenv(name); });
  if (!flags.ca_bundle.empty()) o.ca_bundle = flags.ca_bundle;
  if (flags.insecure) o.insecure = true;
  if (flags.timeout_s > 0) {
    o.connect_timeout_s = flags.timeout_s;
    o.stall_timeout_s = flags.timeout_s;
  }
  if (flags.offline) o.offline = true;
  if (flags.verbose) o.verbose = true;
  return o;
}

Result<ModelLocation> ResolveModelArg(const std::string& arg, const ModelFlags& flags) {
  if (flags.resolver == nullptr)
    flags.resolver = std::make_shared<HubResolver>(HubOptionsFor(flags));
  return flags.resolver->Resolve(arg);
}

CLI::Option* AddLangOption(CLI::App& app, std::string* code) {
  CLI::Validator by_parse_lang(
      [](std::string& v) -> std::string {
        Result<Lang> lang = ParseLang(v);
        return lang.ok() ? std::string() : lang.status().message();
      },
      "en|ko");
  return app.add_option("--lang", *code, "help.opt.lang")->check(by_parse_lang);
}

Lang LangOf(const std::string& code) {
  Result<Lang> lang = ParseLang(code);
  return lang.ok() ? *lang : Lang::kEn;
}

Lang ArgsLang(int argc, char** argv) {
  Lang lang = Lang::kEn;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view code;
    if (arg == "--lang" && i + 1 < argc) code = argv[i + 1];
    if (arg.rfind("--lang=", 0) == 0) code = arg.substr(7);
    if (Result<Lang> parsed = ParseLang(code); !code.empty() && parsed.ok()) lang = *parsed;
  }
  return lang;
}

std::string HelpDescription(int argc, char** argv, const char* key) {
  return std::string(Tr(ArgsLang(argc, argv), key));
}

namespace {

// CLI11's words around the descriptions: its formatter's labels (the type names are labels too)
// and its group names.
constexpr std::pair<const char*, const char*> kCli11Labels[] = {
    {"Usage", "help.cli11.usage"},
    {"OPTIONS", "help.cli11.options_marker"},
    {"SUBCOMMAND", "help.cli11.subcommand_marker"},
    {"Positionals", "help.cli11.positionals"},
    {"REQUIRED", "help.cli11.required"},
    {"TEXT", "help.cli11.text"},
    {"UINT", "help.cli11.uint"},
    {"INT", "help.cli11.int"},
    {"FLOAT", "help.cli11.float"}};

std::string Rendered(Lang lang, const std::string& key) { return std::string(Tr(lang, key)); }

// Renders `app`'s registered keys in `lang`: options, positionals, the help flag, the footer,
// and its subcommands (recursively). A text that is not a key is left as it is.
void LocalizeHelp(CLI::App& app, Lang lang) {
  if (CLI::Option* help = app.get_help_ptr()) help->description(Rendered(lang, "help.cli11.help"));
  for (CLI::Option* opt : app.get_options()) {
    opt->description(Rendered(lang, opt->get_description()));
    if (opt->get_group() == "Options") opt->group(Rendered(lang, "help.cli11.options"));
  }
  app.footer(Rendered(lang, app.get_footer()));
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->description(Rendered(lang, sub->get_description()));
    if (sub->get_group() == "Subcommands") sub->group(Rendered(lang, "help.cli11.subcommands"));
    LocalizeHelp(*sub, lang);
  }
}

}  // namespace

int ParseArgs(CLI::App& app, int argc, char** argv) {
  const Lang lang = ArgsLang(argc, argv);
  for (const auto& [label, key] : kCli11Labels)
    app.get_formatter()->label(label, Rendered(lang, key));
  LocalizeHelp(app, lang);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    if (lang == Lang::kEn) {
      app.exit(e);
    } else {  // CLI11's own message, through the phrase table, and its hint in `lang`
      std::fprintf(stderr, "%s\n%s\n", TrText(lang, e.what()).c_str(),
                   std::string(Tr(lang, "help.run_help")).c_str());
    }
    return kExitUsage;
  }
  return -1;
}

int Fail(const char* cmd, const std::string& message, int code, Lang lang) {
  std::fprintf(stderr, "lineage %s: %s\n", cmd, TrText(lang, message).c_str());
  return code;
}

int ExitCodeFor(const Status& st) {
  if (st.ok()) return kExitOk;
  switch (st.code()) {
    case Status::Code::kInternal:
      return kExitInternal;
    case Status::Code::kNetwork:
    case Status::Code::kAuth:
      return kExitNetwork;
    default:
      return kExitBadInput;
  }
}

int ReportError(const char* cmd, const Status& st, Lang lang) {
  std::fprintf(stderr, "lineage %s: %s\n", cmd, StatusText(lang, st).c_str());
  return ExitCodeFor(st);
}

}  // namespace lineage::cli

namespace lineage::cli {
void PrintJson(const nlohmann::json& j) {
  std::string s = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::printf("%s\n", s.c_str());
}
}  // namespace lineage::cli
