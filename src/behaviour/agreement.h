// The output-agreement test (issue #14, METHODS "Output agreement"): is a candidate served model
// functionally closer to a base than to each of several unrelated controls?
//
// Contract:
//   - Prompts (prompt_mode "tokens"): `prompts` seeded random sequences of prompt_tokens token ids
//     drawn uniformly from [min_token_id, n_vocab) of the vocabulary the endpoints share (every
//     endpoint that reports n_vocab must report the same), sent as token-id prompts to
//     /v1/completions. Prompt_mode "chat": `prompts` natural-language prompts drawn without
//     replacement from chat_prompts in a seeded order, sent as one-message chats (for chat-only
//     endpoints; more prompts than the list holds is a stated cap). "auto": tokens when every
//     endpoint reports one shared n_vocab, else chat (a stated limitation) when chat_prompts is
//     given. The same seed gives the same prompts.
//   - Answers: a greedy (temperature 0) continuation of `continuation` (>= 16) tokens from the
//     candidate, the base and every control, for the same prompts, with top_logprobs when offered.
//   - Statistic: per prompt, the matched prefix length between the candidate's continuation and
//     the base's (L_b) and each control's (L_c), in tokens when every answer carries logprobs
//     tokens, else in bytes of the text (the unit is stated); and the first-unit match.
//   - Test: per control, the exact one-sided paired sign test of "L_b > L_c" over the prompts
//     (ties dropped); Holm–Bonferroni across the controls; closer_than_every_control when every
//     Holm-adjusted p < alpha. This is functional closeness (fine-tuning and distillation both
//     give it), never a weight verdict.
//   - Top-k overlap, where every answer carries top_logprobs: per prompt, the Jaccard index of
//     the candidate's and the other model's top-k token sets at the first generated position
//     (the same context for both), averaged over the prompts. Reported only; it does not enter
//     the test (METHODS §15 says why).
//   - Size: prompts = 0 plans the number for `power` at `alpha` / (number of controls) under the
//     stated design assumptions (win rate q among untied prompts, fraction of untied prompts);
//     max_queries caps the spend, and a cap below the plan is a stated limitation.
//   - Any endpoint error stops the test with that error (no partial statistic). Drifts between a
//     live answer and a stored one are counted into the result.
//   - RunAgreement is called from one thread; it queries with up to `concurrency` threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "behaviour/endpoint.h"
#include "util/status.h"

namespace lineage {

struct AgreementOptions {
  uint64_t seed = 1;
  int prompts = 0;  // 0 = planned for the power below
  int prompt_tokens = 8;
  int continuation = 16;
  int min_token_id = 3;  // llama vocabularies: <unk>, <s>, </s> below
  int top_logprobs = 5;
  bool stream = false;
  double alpha = 0.01;
  double power = 0.9;
  double assumed_win_rate = 0.8;      // q: P(L_b > L_c) among untied prompts, if related
  double assumed_untied_share = 0.5;  // share of prompts where L_b != L_c
  int max_queries = 0;                // 0 = no cap
  int concurrency = 4;
  std::string prompt_mode = "auto";       // "auto", "tokens" or "chat"
  std::vector<std::string> chat_prompts;  // data/probes/chat_prompts*.json; needed for chat
  std::string chat_lang = "en";           // the language of chat_prompts (reported)
};

struct ControlAgreement {
  std::string label;
  int wins = 0, losses = 0, ties = 0;
  double first_match_rate = 0;  // candidate vs this control
  double mean_prefix = 0;
  double p = 1, p_holm = 1;
  double top_k_overlap = -1;  // mean Jaccard of first-position top-k sets; -1 = not offered
};

struct AgreementResult {
  int prompts_planned = 0;
  int prompts = 0;
  int queries = 0;
  int drifts = 0;
  int64_t n_vocab = 0;
  std::string unit;         // "tokens" or "bytes"
  std::string prompt_mode;  // "tokens" or "chat": the prompts actually sent
  double first_match_rate_base = 0;
  double mean_prefix_base = 0;
  double top_k_overlap_base = -1;  // as ControlAgreement::top_k_overlap, candidate vs base
  std::vector<ControlAgreement> controls;
  bool closer_than_every_control = false;
  std::vector<std::string> limitations;
  double seconds = 0;
};

Result<AgreementResult> RunAgreement(EndpointClient& candidate, EndpointClient& base,
                                     const std::vector<EndpointClient*>& controls,
                                     const AgreementOptions& options);

// The number of prompts the plan asks for (before max_queries), per the contract above.
int PlannedPrompts(const AgreementOptions& options, int n_controls);

nlohmann::json AgreementToJson(const AgreementResult& r, const AgreementOptions& options);

}  // namespace lineage
