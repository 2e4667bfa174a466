#include "behaviour/probe_suite.h"

#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "io/byte_source.h"
#include "util/data_dir.h"

namespace lineage {
namespace {

using SuiteJson = nlohmann::json;
constexpr uint64_t SuitekMaxSuiteBytes = uint64_t{4} << 20;

Result<SuiteJson> SuiteReadSuite(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  LINEAGE_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadWholeFile(path, SuitekMaxSuiteBytes));
  SuiteJson j = SuiteJson::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (!j.is_object()) return Corrupt(path, "not a JSON object");
  return j;
}

// A string field of `j`, non-empty; an error naming the file and `where` otherwise.
Result<std::string> SuiteText(const SuiteJson& j, const char* key, const std::string& path,
                              const std::string& where) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string() ||
      j[key].get<std::string>().empty()) {
    return Corrupt(path, where + ": '" + key + "' must be a non-empty string");
  }
  return j[key].get<std::string>();
}

Result<std::vector<std::string>> SuiteStrings(const SuiteJson& j, const std::string& path,
                                              const std::string& where) {
  if (!j.is_array() || j.empty()) return Corrupt(path, where + ": expected a non-empty list");
  std::vector<std::string> out;
  for (const SuiteJson& s : j) {
    if (!s.is_string() || s.get<std::string>().empty()) {
      return Corrupt(path, where + ": every entry must be a non-empty string");
    }
    out.push_back(s.get<std::string>());
  }
  return out;
}

Result<const SuiteJson*> SuiteList(const SuiteJson& j, const char* key, const std::string& path) {
  if (!j.contains(key) || !j[key].is_array() || j[key].empty()) {
    return Corrupt(path, std::string("'") + key + "' must be a non-empty list");
  }
  return &j[key];
}

Result<ProbePrompt> SuitePrompt(const SuiteJson& p, const std::string& path, bool lang,
                                bool category) {
  ProbePrompt out;
  LINEAGE_ASSIGN_OR_RETURN(out.id, SuiteText(p, "id", path, "a prompt"));
  LINEAGE_ASSIGN_OR_RETURN(out.text, SuiteText(p, "text", path, "prompt " + out.id));
  if (lang) {
    LINEAGE_ASSIGN_OR_RETURN(out.lang, SuiteText(p, "lang", path, "prompt " + out.id));
    if (out.lang != "en" && out.lang != "ko") {
      return Corrupt(path, "prompt " + out.id + ": lang must be en or ko");
    }
  }
  if (category) {
    LINEAGE_ASSIGN_OR_RETURN(out.category, SuiteText(p, "category", path, "prompt " + out.id));
    if (out.category != "harmful" && out.category != "benign") {
      return Corrupt(path, "prompt " + out.id + ": category must be harmful or benign");
    }
  }
  return out;
}

Status SuiteLoadIdentity(const std::string& dir, ProbeSuites& s) {
  const std::string path = dir + "/identity.json";
  LINEAGE_ASSIGN_OR_RETURN(SuiteJson j, SuiteReadSuite(dir, "identity.json"));
  LINEAGE_ASSIGN_OR_RETURN(const SuiteJson* prompts, SuiteList(j, "prompts", path));
  for (const SuiteJson& p : *prompts) {
    LINEAGE_ASSIGN_OR_RETURN(ProbePrompt pr, SuitePrompt(p, path, true, false));
    s.identity.push_back(std::move(pr));
  }
  LINEAGE_ASSIGN_OR_RETURN(const SuiteJson* names, SuiteList(j, "names", path));
  for (const SuiteJson& n : *names) {
    ProbeName out;
    LINEAGE_ASSIGN_OR_RETURN(out.name, SuiteText(n, "name", path, "a name"));
    LINEAGE_ASSIGN_OR_RETURN(out.kind, SuiteText(n, "kind", path, "name " + out.name));
    LINEAGE_ASSIGN_OR_RETURN(
        out.patterns, SuiteStrings(n.value("patterns", SuiteJson()), path, "name " + out.name));
    s.names.push_back(std::move(out));
  }
  return Status::Ok();
}

Status SuiteLoadCutoff(const std::string& dir, ProbeSuites& s) {
  const std::string path = dir + "/cutoff.json";
  LINEAGE_ASSIGN_OR_RETURN(SuiteJson j, SuiteReadSuite(dir, "cutoff.json"));
  LINEAGE_ASSIGN_OR_RETURN(const SuiteJson* items, SuiteList(j, "items", path));
  for (const SuiteJson& it : *items) {
    CutoffItem base;
    LINEAGE_ASSIGN_OR_RETURN(base.id, SuiteText(it, "id", path, "an item"));
    LINEAGE_ASSIGN_OR_RETURN(base.month, SuiteText(it, "month", path, "item " + base.id));
    base.month_index = MonthIndex(base.month);
    if (base.month_index < 0) return Corrupt(path, "item " + base.id + ": month is not YYYY-MM");
    for (const char* lang : {"en", "ko"}) {
      const std::string where = "item " + base.id + " (" + lang + ")";
      if (!it.contains(lang)) return Corrupt(path, where + ": missing");
      CutoffItem c = base;
      c.lang = lang;
      LINEAGE_ASSIGN_OR_RETURN(c.question, SuiteText(it[lang], "q", path, where));
      LINEAGE_ASSIGN_OR_RETURN(c.answers,
                               SuiteStrings(it[lang].value("a", SuiteJson()), path, where));
      s.cutoff.push_back(std::move(c));
    }
  }
  return Status::Ok();
}

Status SuiteLoadRefusal(const std::string& dir, ProbeSuites& s) {
  const std::string path = dir + "/refusal.json";
  LINEAGE_ASSIGN_OR_RETURN(SuiteJson j, SuiteReadSuite(dir, "refusal.json"));
  if (!j.contains("window") || !j["window"].is_number_integer() || j["window"].get<int>() < 16) {
    return Corrupt(path, "'window' must be an integer >= 16 (bytes)");
  }
  s.refusal_window = j["window"].get<int>();
  if (!j.contains("patterns") || !j["patterns"].is_object()) {
    return Corrupt(path, "'patterns' must be an object with en and ko lists");
  }
  LINEAGE_ASSIGN_OR_RETURN(
      s.refusal_patterns_en,
      SuiteStrings(j["patterns"].value("en", SuiteJson()), path, "patterns.en"));
  LINEAGE_ASSIGN_OR_RETURN(
      s.refusal_patterns_ko,
      SuiteStrings(j["patterns"].value("ko", SuiteJson()), path, "patterns.ko"));
  LINEAGE_ASSIGN_OR_RETURN(const SuiteJson* prompts, SuiteList(j, "prompts", path));
  for (const SuiteJson& p : *prompts) {
    LINEAGE_ASSIGN_OR_RETURN(ProbePrompt pr, SuitePrompt(p, path, true, true));
    s.refusal.push_back(std::move(pr));
  }
  return Status::Ok();
}

Status SuiteLoadTokenizer(const std::string& dir, ProbeSuites& s) {
  const std::string path = dir + "/tokenizer.json";
  LINEAGE_ASSIGN_OR_RETURN(SuiteJson j, SuiteReadSuite(dir, "tokenizer.json"));
  LINEAGE_ASSIGN_OR_RETURN(const SuiteJson* strings, SuiteList(j, "strings", path));
  for (const SuiteJson& p : *strings) {
    LINEAGE_ASSIGN_OR_RETURN(ProbePrompt pr, SuitePrompt(p, path, false, false));
    s.tokenizer.push_back(std::move(pr));
  }
  return Status::Ok();
}

}  // namespace

int MonthIndex(const std::string& month) {
  int y = 0, m = 0;
  char tail = 0;
  if (month.size() != 7 || month[4] != '-' ||
      std::sscanf(month.c_str(), "%4d-%2d%c", &y, &m, &tail) != 2 || y < 1900 || m < 1 || m > 12) {
    return -1;
  }
  return y * 12 + m - 1;
}

std::string MonthName(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

Result<ProbeSuites> LoadProbeSuites(const std::string& dir) {
  ProbeSuites s;
  s.dir = dir;
  LINEAGE_RETURN_IF_ERROR(SuiteLoadIdentity(dir, s));
  LINEAGE_RETURN_IF_ERROR(SuiteLoadCutoff(dir, s));
  LINEAGE_RETURN_IF_ERROR(SuiteLoadRefusal(dir, s));
  LINEAGE_RETURN_IF_ERROR(SuiteLoadTokenizer(dir, s));
  return s;
}

Result<std::vector<std::string>> LoadChatPrompts(const std::string& dir, const std::string& lang) {
  if (lang != "en" && lang != "ko")
    return InvalidArgument("no chat prompts in language '" + lang + "'");
  const std::string file = lang == "en" ? "chat_prompts.json" : "chat_prompts_" + lang + ".json";
  const std::string path = dir + "/" + file;
  LINEAGE_ASSIGN_OR_RETURN(SuiteJson j, SuiteReadSuite(dir, file));
  if (j.value("lang", std::string()) != lang) {
    return Corrupt(path, "'lang' must be \"" + lang + "\"");
  }
  LINEAGE_ASSIGN_OR_RETURN(std::vector<std::string> prompts,
                           SuiteStrings(j.value("prompts", SuiteJson()), path, "prompts"));
  std::set<std::string> distinct(prompts.begin(), prompts.end());
  if (distinct.size() != prompts.size() || prompts.size() < 16) {
    return Corrupt(path, "'prompts' must hold at least 16 distinct prompts");
  }
  return prompts;
}

Result<std::string> DefaultProbeDir() {
  return RequireShippedDataDir("LINEAGE_PROBES", {"data/probes", "share/lineage/probes"},
                               "probe suites");
}

}  // namespace lineage
