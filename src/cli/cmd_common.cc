#include "cli/cmd_common.h"

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "report/catalog.h"

namespace lineage::cli {

void AddCommonFlags(CLI::App& app, CommonFlags* flags) {
  app.add_flag("--json", flags->json, "Print machine-readable JSON");
  AddLangOption(app, &flags->lang);
  app.add_option("--threads", flags->threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 4096));
  app.add_flag("--quiet", flags->quiet, "No progress output");
}

void AddModelFlags(CLI::App& app, ModelFlags* flags, bool with_verbose) {
  app.add_option("--ca-bundle", flags->ca_bundle,
                 "CA certificates (PEM) to verify hub servers with (default: CURL_CA_BUNDLE, "
                 "SSL_CERT_FILE, else the system's)");
  app.add_flag("--insecure", flags->insecure,
               "do NOT verify TLS certificates of hub servers (for mirrors only; unsafe)");
  app.add_option("--timeout", flags->timeout_s,
                 "seconds to wait for a hub connection, and for a stalled transfer")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_flag("--offline", flags->offline,
               "use only the local hub cache, never the network (as HF_HUB_OFFLINE=1)");
  app.add_flag("--full", flags->full,
               "read every byte; sampling, the default for hub models, comes with the sampled "
               "reader (today every run reads fully)");
  if (with_verbose) {
    app.add_flag("--verbose", flags->verbose, "one line per hub request on stderr (no secrets)");
  }
  app.footer(std::string(kModelArgHelp) +
             "\nHub environment: HF_ENDPOINT, HF_TOKEN (or $HF_HOME/token), HF_HOME, "
             "HF_HUB_OFFLINE.\nExit codes: 0 done (whatever the verdict), 1 bad input, 2 usage "
             "error, 3 internal error, 4 network or authentication failure.");
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
  return app.add_option("--lang", *code, "Language of the text output: en or ko")
      ->check(by_parse_lang);
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

int ParseArgs(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    app.exit(e);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    const Lang lang = ArgsLang(argc, argv);
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

std::string StatusText(Lang lang, const Status& st) {
  if (lang == Lang::kEn || st.ok()) return st.ToString();
  return TrText(lang, CodeName(st.code())) + ": " + TrText(lang, st.message());
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
