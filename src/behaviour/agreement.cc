#include "behaviour/agreement.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <set>
#include <span>

#include "stats/rng.h"
#include "stats/sign_test.h"
#include "util/thread_pool.h"

namespace lineage {
namespace {

constexpr int kMaxPrompts = 100000;

// The requests of the token mode: seeded random token-id prompts to /v1/completions.
std::vector<CompletionRequest> TokenRequests(const AgreementOptions& o, int64_t n_vocab, int n) {
  std::vector<CompletionRequest> out;
  const uint64_t span = static_cast<uint64_t>(n_vocab - o.min_token_id);
  for (int i = 0; i < n; ++i) {
    Rng rng = Rng(o.seed).Fork(static_cast<uint64_t>(i));
    CompletionRequest r;
    for (int t = 0; t < o.prompt_tokens; ++t) {
      r.prompt_tokens.push_back(o.min_token_id + static_cast<int>(rng.Below(span)));
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The requests of the chat mode: the first n of the shipped prompts in the seed's order.
std::vector<CompletionRequest> ChatRequests(const AgreementOptions& o, int n) {
  std::vector<size_t> order(o.chat_prompts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  Rng rng(o.seed);
  rng.Shuffle(std::span<size_t>(order));
  std::vector<CompletionRequest> out;
  for (int i = 0; i < n && static_cast<size_t>(i) < order.size(); ++i) {
    CompletionRequest r;
    r.kind = ApiKind::kChat;
    r.prompt_text = o.chat_prompts[order[static_cast<size_t>(i)]];
    out.push_back(std::move(r));
  }
  return out;
}

// The answers of every endpoint for every prompt, queried by `concurrency` threads; the first
// error stops the rest.
Result<std::vector<std::vector<Answer>>> Collect(const std::vector<EndpointClient*>& eps,
                                                 const std::vector<CompletionRequest>& prompts,
                                                 const AgreementOptions& o) {
  const size_t n = prompts.size();
  std::vector<std::vector<Answer>> answers(eps.size(), std::vector<Answer>(n));
  ThreadPool pool(static_cast<unsigned>(std::max(1, o.concurrency)));
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, eps.size() * n, [&](size_t j) -> Status {
    CompletionRequest req = prompts[j % n];
    req.max_tokens = o.continuation;
    req.top_logprobs = o.top_logprobs;
    req.stream = o.stream;
    LINEAGE_ASSIGN_OR_RETURN(answers[j / n][j % n], eps[j / n]->Complete(req));
    return Status::Ok();
  }));
  return answers;
}

// The matched prefix length of two answers in `unit`, capped at `cap` tokens (bytes: uncapped).
int Prefix(const Answer& a, const Answer& b, bool tokens, int cap) {
  if (tokens) {
    const size_t m = std::min({a.tokens.size(), b.tokens.size(), static_cast<size_t>(cap)});
    size_t i = 0;
    while (i < m && a.tokens[i] == b.tokens[i]) ++i;
    return static_cast<int>(i);
  }
  const auto mm = std::mismatch(a.text.begin(), a.text.end(), b.text.begin(), b.text.end());
  return static_cast<int>(mm.first - a.text.begin());
}

// The mean over prompts of the Jaccard index of the first position's top-k token sets of the
// candidate (row 0) and row `other`; -1 when any answer lacks them.
double TopKOverlap(const std::vector<std::vector<Answer>>& ans, size_t other) {
  double sum = 0;
  for (size_t i = 0; i < ans[0].size(); ++i) {
    const Answer& a = ans[0][i];
    const Answer& b = ans[other][i];
    if (a.top_logprobs.empty() || b.top_logprobs.empty() || a.top_logprobs[0].empty() ||
        b.top_logprobs[0].empty()) {
      return -1;
    }
    std::set<std::string> sa, sb, both;
    for (const TopLogprob& t : a.top_logprobs[0]) sa.insert(t.token);
    for (const TopLogprob& t : b.top_logprobs[0]) sb.insert(t.token);
    std::set_union(sa.begin(), sa.end(), sb.begin(), sb.end(), std::inserter(both, both.end()));
    const size_t common = sa.size() + sb.size() - both.size();
    sum += static_cast<double>(common) / static_cast<double>(both.size());
  }
  return ans[0].empty() ? -1 : sum / static_cast<double>(ans[0].size());
}

Result<int64_t> SharedVocab(const std::vector<EndpointClient*>& eps) {
  int64_t n = 0;
  for (EndpointClient* e : eps) {
    if (e->n_vocab() == 0) continue;
    if (n != 0 && e->n_vocab() != n) {
      return InvalidArgument("the endpoints do not share one vocabulary: " + e->spec().label +
                             " reports " + std::to_string(e->n_vocab()) + " tokens, another " +
                             std::to_string(n) + "; the token-prompt agreement test needs one");
    }
    n = e->n_vocab();
  }
  if (n == 0) {
    return Unsupported(
        "no endpoint reports its vocabulary size (llama.cpp's meta.n_vocab), so "
        "random token prompts cannot be drawn");
  }
  return n;
}

void Score(const std::vector<std::vector<Answer>>& ans, const AgreementOptions& o,
           AgreementResult& r) {
  bool tokens = true;
  for (const auto& row : ans) {
    for (const Answer& a : row) tokens = tokens && a.has_logprobs && !a.tokens.empty();
  }
  r.unit = tokens ? "tokens" : "bytes";
  if (!tokens) {
    r.limitations.push_back(
        "an endpoint sent no logprobs tokens: prefixes are measured in bytes "
        "of text, and the first unit is the first byte");
  }
  const size_t n = ans[0].size();
  std::vector<int> lb(n);
  for (size_t i = 0; i < n; ++i) {
    lb[i] = Prefix(ans[0][i], ans[1][i], tokens, o.continuation);
    r.mean_prefix_base += lb[i] / static_cast<double>(n);
    r.first_match_rate_base += (lb[i] > 0) / static_cast<double>(n);
  }
  r.top_k_overlap_base = TopKOverlap(ans, 1);
  std::vector<double> ps;
  for (size_t c = 2; c < ans.size(); ++c) {
    ControlAgreement& ca = r.controls[c - 2];
    ca.top_k_overlap = TopKOverlap(ans, c);
    for (size_t i = 0; i < n; ++i) {
      const int lc = Prefix(ans[0][i], ans[c][i], tokens, o.continuation);
      ca.mean_prefix += lc / static_cast<double>(n);
      ca.first_match_rate += (lc > 0) / static_cast<double>(n);
      (lb[i] > lc ? ca.wins : lb[i] < lc ? ca.losses : ca.ties)++;
    }
    ca.p = SignTestP(ca.wins, ca.losses);
    ps.push_back(ca.p);
  }
  const std::vector<double> holm = HolmAdjust(ps);
  r.closer_than_every_control = !ps.empty();
  for (size_t c = 0; c < holm.size(); ++c) {
    r.controls[c].p_holm = holm[c];
    r.closer_than_every_control = r.closer_than_every_control && holm[c] < o.alpha;
  }
}

// Decides the prompt mode (contract in agreement.h), recording why chat was chosen in auto.
Status ChoosePromptMode(const std::vector<EndpointClient*>& eps, const AgreementOptions& o,
                        AgreementResult& r) {
  if (o.prompt_mode != "auto" && o.prompt_mode != "tokens" && o.prompt_mode != "chat") {
    return InvalidArgument("--prompt-mode must be auto, tokens or chat, not '" + o.prompt_mode +
                           "'");
  }
  if (o.prompt_mode != "chat") {
    auto vocab = SharedVocab(eps);
    if (vocab.ok()) {
      r.n_vocab = *vocab;
      if (r.n_vocab <= o.min_token_id) {
        return InvalidArgument("the vocabulary has no ordinary token");
      }
      r.prompt_mode = "tokens";
      return Status::Ok();
    }
    if (o.prompt_mode == "tokens" || o.chat_prompts.empty()) return vocab.status();
    r.limitations.push_back(vocab.status().message() +
                            ": the prompts are natural-language chat prompts instead");
  }
  if (o.chat_prompts.empty()) return InvalidArgument("chat prompts were asked for, none given");
  r.prompt_mode = "chat";
  return Status::Ok();
}

}  // namespace

int PlannedPrompts(const AgreementOptions& o, int n_controls) {
  if (o.prompts > 0) return o.prompts;
  const double level = o.alpha / std::max(1, n_controls);
  const int pairs = SignTestPairsForPower(o.assumed_win_rate, level, o.power, 5000);
  if (pairs < 0) return -1;
  return static_cast<int>(std::ceil(pairs / std::clamp(o.assumed_untied_share, 0.01, 1.0)));
}

Result<AgreementResult> RunAgreement(EndpointClient& candidate, EndpointClient& base,
                                     const std::vector<EndpointClient*>& controls,
                                     const AgreementOptions& o) {
  if (o.continuation < 16) return InvalidArgument("the continuation must be >= 16 tokens");
  if (controls.empty()) return InvalidArgument("the agreement test needs at least one control");
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<EndpointClient*> eps = {&candidate, &base};
  eps.insert(eps.end(), controls.begin(), controls.end());
  AgreementResult r;
  LINEAGE_RETURN_IF_ERROR(ChoosePromptMode(eps, o, r));
  r.prompts_planned = PlannedPrompts(o, static_cast<int>(controls.size()));
  if (r.prompts_planned < 0 || r.prompts_planned > kMaxPrompts) {
    return InvalidArgument("no number of prompts reaches the stated power under the assumptions");
  }
  r.prompts = r.prompts_planned;
  const int per_prompt = static_cast<int>(eps.size());
  if (o.max_queries > 0 && r.prompts * per_prompt > o.max_queries) {
    r.prompts = o.max_queries / per_prompt;
    r.limitations.push_back(
        "--max-queries " + std::to_string(o.max_queries) + " allows " + std::to_string(r.prompts) +
        " of the " + std::to_string(r.prompts_planned) + " prompts planned for the stated power");
    if (r.prompts < 1) return InvalidArgument("--max-queries allows no prompt");
  }
  const bool chat = r.prompt_mode == "chat";
  if (chat && r.prompts > static_cast<int>(o.chat_prompts.size())) {
    r.limitations.push_back("the shipped list holds " + std::to_string(o.chat_prompts.size()) +
                            " chat prompts: " + std::to_string(o.chat_prompts.size()) + " of the " +
                            std::to_string(r.prompts) + " prompts wanted are used");
    r.prompts = static_cast<int>(o.chat_prompts.size());
  }
  std::vector<int> drifts_before;
  for (EndpointClient* e : eps) drifts_before.push_back(e->drifts());
  LINEAGE_ASSIGN_OR_RETURN(
      auto answers,
      Collect(eps, chat ? ChatRequests(o, r.prompts) : TokenRequests(o, r.n_vocab, r.prompts), o));
  for (EndpointClient* c : controls) r.controls.push_back({c->spec().label});
  Score(answers, o, r);
  r.queries = r.prompts * per_prompt;
  for (size_t i = 0; i < eps.size(); ++i) r.drifts += eps[i]->drifts() - drifts_before[i];
  if (r.drifts > 0) {
    r.limitations.push_back(std::to_string(r.drifts) +
                            " answers differ from the ones stored for the same request: the "
                            "servers are not deterministic at temperature 0, or changed");
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

namespace {
nlohmann::json OverlapJson(double v) { return v < 0 ? nlohmann::json(nullptr) : nlohmann::json(v); }
}  // namespace

nlohmann::json AgreementToJson(const AgreementResult& r, const AgreementOptions& o) {
  nlohmann::json controls = nlohmann::json::array();
  for (const ControlAgreement& c : r.controls) {
    controls.push_back({{"label", c.label},
                        {"wins", c.wins},
                        {"losses", c.losses},
                        {"ties", c.ties},
                        {"first_match_rate", c.first_match_rate},
                        {"mean_prefix", c.mean_prefix},
                        {"p", c.p},
                        {"p_holm", c.p_holm},
                        {"top_k_overlap", OverlapJson(c.top_k_overlap)}});
  }
  return {{"test", "output_agreement"},
          {"finding", r.closer_than_every_control
                          ? "functionally closer to the base than to every control"
                          : "no behavioural evidence"},
          {"closer_than_every_control", r.closer_than_every_control},
          {"alpha", o.alpha},
          {"power_target", o.power},
          {"assumed_win_rate", o.assumed_win_rate},
          {"assumed_untied_share", o.assumed_untied_share},
          {"seed", o.seed},
          {"prompt_tokens", o.prompt_tokens},
          {"continuation_tokens", o.continuation},
          {"prompts_planned", r.prompts_planned},
          {"prompts", r.prompts},
          {"queries", r.queries},
          {"n_vocab", r.n_vocab},
          {"unit", r.unit},
          {"prompt_mode", r.prompt_mode},
          {"chat_lang", r.prompt_mode == "chat" ? nlohmann::json(o.chat_lang) : nlohmann::json()},
          {"first_match_rate_base", r.first_match_rate_base},
          {"mean_prefix_base", r.mean_prefix_base},
          {"top_k_overlap_base", OverlapJson(r.top_k_overlap_base)},
          {"controls", std::move(controls)},
          {"drifts", r.drifts},
          {"limitations", r.limitations},
          {"seconds", r.seconds}};
}

}  // namespace lineage
