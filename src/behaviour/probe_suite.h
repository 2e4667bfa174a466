// The probe suites lineage ships as data (data/probes/*.json, docs/FORMATS.md §7.1): prompts in
// English and Korean for self-identification, dated-event questions for a knowledge-cutoff
// estimate, a fixed refusal prompt set with its classifier's patterns, and tokenizer strings.
//
// Contract:
//   - LoadChatPrompts(dir, lang) reads chat_prompts.json ("en") or chat_prompts_ko.json ("ko"):
//     the agreement test's chat prompts.
//   - LoadProbeSuites(dir) reads identity.json, cutoff.json, refusal.json and tokenizer.json from
//     `dir`. A missing file, invalid JSON, a missing or mistyped field, a month that is not
//     YYYY-MM, an empty pattern or answer list, or a language other than en/ko is refused as
//     kCorrupt naming the file (and the item id). Nothing is defaulted silently.
//   - DefaultProbeDir(): $LINEAGE_PROBES, else data/probes or share/lineage/probes found from the
//     executable (util/data_dir.h); NotFound when none exists.
//   - Plain values; thread-safe once loaded.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace lineage {

struct ProbePrompt {
  std::string id;
  std::string lang;      // "en" or "ko"
  std::string category;  // refusal: "harmful" or "benign"; "" elsewhere
  std::string text;
};

struct ProbeName {
  std::string name;
  std::string kind;  // "model" or "organisation"
  std::vector<std::string> patterns;
};

struct CutoffItem {
  std::string id;
  std::string month;    // YYYY-MM
  int month_index = 0;  // year * 12 + month - 1
  std::string lang;
  std::string question;
  std::vector<std::string> answers;
};

struct ProbeSuites {
  std::string dir;
  std::vector<ProbePrompt> identity;
  std::vector<ProbeName> names;
  std::vector<CutoffItem> cutoff;  // one per (item, language), in file order
  std::vector<ProbePrompt> refusal;
  std::vector<std::string> refusal_patterns_en, refusal_patterns_ko;
  int refusal_window = 240;  // bytes of the normalised answer the patterns are looked for in
  std::vector<ProbePrompt> tokenizer;  // lang "" (the strings mix scripts)
};

Result<ProbeSuites> LoadProbeSuites(const std::string& dir);
// chat_prompts.json ("en") or chat_prompts_ko.json ("ko") of `dir`: the output-agreement test's
// prompts for chat-only endpoints (behaviour/agreement.h); the file's `lang` must be `lang`, and
// it must hold at least 16 distinct non-empty strings, else kCorrupt naming the file. Another
// language is InvalidArgument.
Result<std::vector<std::string>> LoadChatPrompts(const std::string& dir, const std::string& lang);
Result<std::string> DefaultProbeDir();

// "YYYY-MM" → year * 12 + month - 1; -1 when malformed.
int MonthIndex(const std::string& month);
std::string MonthName(int index);

}  // namespace lineage
