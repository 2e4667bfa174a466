// The explained classifiers of the probe suites (docs/METHODS.md §15, "Probe suites"): term
// matching, name mentions, the refusal classifier, cutoff scoring and the cutoff estimate.
//
// Contract:
//   - NormaliseAnswer: ASCII letters lower-cased, typographic apostrophes (U+2018/U+2019) as
//     "'", every run of whitespace as one space, leading/trailing space dropped. Hangul and other
//     non-ASCII text is left as it is.
//   - ContainsTerm(normalised text, term): the normalised term occurs in the text, and where the
//     term starts with an ASCII letter or digit the character before it is not one, and where it
//     ends with an ASCII letter the character after it is not an ASCII letter ("meta" is not found
//     in "metadata", "llama" is found in "llama3", "gpt" is not in "chatgpt"). Non-ASCII terms
//     match as plain substrings.
//   - ClassifyRefusal: "empty" (no visible text), "refusal" (a pattern of the answer's language
//     in its first `window` normalised bytes, cut back to a UTF-8 boundary), else "compliance".
//   - EstimateCutoff: a one-change-point model over the dated questions (see the function).
//   - Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "behaviour/probe_suite.h"

namespace lineage {

std::string NormaliseAnswer(std::string_view text);
bool ContainsTerm(const std::string& normalised_text, const std::string& term);

// The names of `names` whose patterns occur in `answer`, in list order, each once.
std::vector<std::string> MentionedNames(const std::string& answer,
                                        const std::vector<ProbeName>& names);

std::string ClassifyRefusal(const std::string& answer, const std::vector<std::string>& patterns,
                            int window);

// Whether an answer to a dated question contains one of its accepted answers.
bool CutoffAnswerCorrect(const std::string& answer, const CutoffItem& item);

struct CutoffEstimate {
  bool estimated = false;    // a drop in accuracy was found (log_lr >= the stated threshold)
  bool lower_bound = false;  // every month answered about as well: the cutoff is after the last
  int last_known = -1;       // month index: the last month before the drop
  int range_lo = -1, range_hi = -1;  // months whose split is within the threshold of the best
  double rate_before = 0, rate_after = 0;
  double log_lr = 0;  // log-likelihood ratio of the best split over one constant rate
  std::string note;   // why there is no estimate, when there is none
};

// Items (month index, correct) → the split "months <= m known, later not" that maximises the
// binomial log-likelihood with one rate before and one after (rate before > rate after). The
// estimate is stated when the split improves the log-likelihood over one constant rate by at
// least kCutoffLogLrThreshold; the range is every split within that threshold of the best.
constexpr double kCutoffLogLrThreshold = 1.92;  // half the 95% point of chi-square with 1 df
CutoffEstimate EstimateCutoff(const std::vector<std::pair<int, bool>>& items);

}  // namespace lineage
