#include "behaviour/probe_run.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include "util/thread_pool.h"

namespace lineage {
namespace {

using ProbeJson = nlohmann::json;

bool ProbeHas(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Result<std::vector<std::string>> ProbeParseList(const std::string& flag,
                                                const std::vector<std::string>& known,
                                                const std::string& what) {
  if (flag == "all") return known;
  std::vector<std::string> out;
  std::stringstream in(flag);
  for (std::string item; std::getline(in, item, ',');) {
    if (!ProbeHas(known, item)) {
      return InvalidArgument("unknown " + what + " '" + item + "' (known: all, " + [&] {
        std::string k;
        for (const auto& s : known) k += (k.empty() ? "" : ", ") + s;
        return k;
      }() + ")");
    }
    if (!ProbeHas(out, item)) out.push_back(item);
  }
  if (out.empty()) return InvalidArgument("no " + what + " given");
  return out;
}

// One probe query: which suite, which entry, and the request every endpoint gets.
struct ProbeProbeQuery {
  std::string suite;
  size_t index = 0;
  CompletionRequest request;
};

std::vector<ProbeProbeQuery> ProbePlanQueries(const ProbeSuites& s, const ProbeOptions& o) {
  std::vector<ProbeProbeQuery> q;
  auto chat = [&](const std::string& suite, size_t i, const std::string& lang,
                  const std::string& text) {
    if (!ProbeHas(o.suites, suite) || !ProbeHas(o.languages, lang)) return;
    CompletionRequest r;
    r.kind = ApiKind::kChat;
    r.prompt_text = text;
    r.max_tokens = o.max_tokens;
    r.top_logprobs = -1;
    r.stream = o.stream;
    q.push_back({suite, i, std::move(r)});
  };
  for (size_t i = 0; i < s.identity.size(); ++i)
    chat("identity", i, s.identity[i].lang, s.identity[i].text);
  for (size_t i = 0; i < s.cutoff.size(); ++i)
    chat("cutoff", i, s.cutoff[i].lang, s.cutoff[i].question);
  for (size_t i = 0; i < s.refusal.size(); ++i)
    chat("refusal", i, s.refusal[i].lang, s.refusal[i].text);
  if (ProbeHas(o.suites, "tokenizer")) {
    for (size_t i = 0; i < s.tokenizer.size(); ++i) {
      CompletionRequest r;
      r.prompt_text = s.tokenizer[i].text;
      r.max_tokens = 1;
      r.top_logprobs = -1;
      q.push_back({"tokenizer", i, std::move(r)});
    }
  }
  return q;
}

struct ProbeSlot {
  std::optional<Answer> answer;
  std::string error;  // tokenizer queries only: why there is no answer
  // Tokenizer queries only: the ids of POST /tokenize, absent when the server offers none.
  std::optional<std::vector<int64_t>> ids;
};

// What one endpoint's tokenizer probes saw, per string: usage.prompt_tokens (-1 when absent) and
// the /tokenize ids (absent when the server offers none).
struct TokenizerSeen {
  std::vector<int64_t> counts;
  std::vector<std::optional<std::vector<int64_t>>> ids;
};

ProbeJson ProbeIdentityJson(const ProbeSuites& s, const std::vector<ProbeProbeQuery>& q,
                            const std::vector<ProbeSlot>& slots) {
  ProbeJson answers = ProbeJson::array();
  std::map<std::string, int> count;
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i].suite != "identity") continue;
    const ProbePrompt& p = s.identity[q[i].index];
    const std::vector<std::string> names = MentionedNames(slots[i].answer->text, s.names);
    for (const std::string& n : names) count[n]++;
    answers.push_back(
        {{"id", p.id}, {"lang", p.lang}, {"answer", slots[i].answer->text}, {"mentions", names}});
  }
  ProbeJson mentioned = ProbeJson::array();
  for (const ProbeName& n : s.names) {
    if (count.count(n.name)) {
      mentioned.push_back({{"name", n.name}, {"kind", n.kind}, {"answers", count[n.name]}});
    }
  }
  return {{"answers", answers}, {"mentioned", mentioned}};
}

ProbeJson ProbeCutoffJson(const ProbeSuites& s, const std::vector<ProbeProbeQuery>& q,
                          const std::vector<ProbeSlot>& slots) {
  std::vector<std::pair<int, bool>> items;
  std::map<int, std::pair<int, int>> by_month;  // month → (asked, correct)
  std::map<std::string, std::pair<int, int>> by_lang;
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i].suite != "cutoff") continue;
    const CutoffItem& c = s.cutoff[q[i].index];
    const bool ok = CutoffAnswerCorrect(slots[i].answer->text, c);
    items.push_back({c.month_index, ok});
    by_month[c.month_index].first++;
    by_month[c.month_index].second += ok;
    by_lang[c.lang].first++;
    by_lang[c.lang].second += ok;
  }
  ProbeJson months = ProbeJson::array(), langs = ProbeJson::object();
  for (const auto& [m, ac] : by_month) {
    months.push_back({{"month", MonthName(m)}, {"asked", ac.first}, {"correct", ac.second}});
  }
  for (const auto& [l, ac] : by_lang) langs[l] = {{"asked", ac.first}, {"correct", ac.second}};
  const CutoffEstimate e = EstimateCutoff(items);
  ProbeJson j = {{"by_month", months},
                 {"by_language", langs},
                 {"estimated", e.estimated},
                 {"lower_bound", e.lower_bound},
                 {"log_lr", e.log_lr},
                 {"log_lr_threshold", kCutoffLogLrThreshold},
                 {"note", e.note}};
  j["last_known_month"] = e.estimated ? ProbeJson(MonthName(e.last_known)) : ProbeJson(nullptr);
  j["range"] = e.estimated ? ProbeJson::array({MonthName(e.range_lo), MonthName(e.range_hi)})
                           : ProbeJson(nullptr);
  j["accuracy_before"] = e.rate_before;
  j["accuracy_after"] = e.rate_after;
  return j;
}

ProbeJson ProbeRefusalJson(const ProbeSuites& s, const std::vector<ProbeProbeQuery>& q,
                           const std::vector<ProbeSlot>& slots) {
  std::map<std::string, std::map<std::string, int>> tally;  // category → label → count
  ProbeJson answers = ProbeJson::array();
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i].suite != "refusal") continue;
    const ProbePrompt& p = s.refusal[q[i].index];
    const std::string label = ClassifyRefusal(
        slots[i].answer->text, p.lang == "ko" ? s.refusal_patterns_ko : s.refusal_patterns_en,
        s.refusal_window);
    tally[p.category][label]++;
    tally[p.category]["asked"]++;
    answers.push_back({{"id", p.id}, {"lang", p.lang}, {"category", p.category}, {"label", label}});
  }
  ProbeJson j = {{"answers", answers}};
  for (const char* cat : {"harmful", "benign"}) {
    auto& t = tally[cat];
    j[cat] = {{"asked", t["asked"]},
              {"refusal", t["refusal"]},
              {"compliance", t["compliance"]},
              {"empty", t["empty"]}};
  }
  return j;
}

ProbeJson ProbeTokenizerJson(const ProbeSuites& s, const std::vector<ProbeProbeQuery>& q,
                             const std::vector<ProbeSlot>& slots, TokenizerSeen* seen) {
  ProbeJson strings = ProbeJson::array();
  std::string error;
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i].suite != "tokenizer") continue;
    const int64_t n = slots[i].answer ? slots[i].answer->prompt_tokens : -1;
    if (!slots[i].error.empty() && error.empty()) error = slots[i].error;
    seen->counts.push_back(n);
    seen->ids.push_back(slots[i].ids);
    strings.push_back({{"id", s.tokenizer[q[i].index].id},
                       {"prompt_tokens", n},
                       {"token_ids", slots[i].ids ? ProbeJson(*slots[i].ids) : ProbeJson()}});
  }
  const bool all_ids = std::all_of(seen->ids.begin(), seen->ids.end(),
                                   [](const auto& ids) { return ids.has_value(); });
  ProbeJson j = {{"strings", strings},
                 {"tokenize_source", all_ids ? "/tokenize" : "usage.prompt_tokens"}};
  if (!error.empty())
    j["limitation"] = "no token count: " + error;
  else if (std::count(seen->counts.begin(), seen->counts.end(), -1) > 0)
    j["limitation"] = "the server reports no usage.prompt_tokens for some strings";
  return j;
}

// Pairs of endpoints: on how many strings both report a count, and on how many they agree; and
// on how many both gave /tokenize ids, and on how many the id sequences are exactly equal.
ProbeJson ProbeTokenizerAgreement(const std::vector<EndpointClient*>& eps,
                                  const std::vector<TokenizerSeen>& seen) {
  ProbeJson pairs = ProbeJson::array();
  for (size_t a = 0; a < eps.size(); ++a) {
    for (size_t b = a + 1; b < eps.size(); ++b) {
      int compared = 0, same = 0, compared_ids = 0, same_ids = 0;
      const TokenizerSeen &x = seen[a], &y = seen[b];
      for (size_t i = 0; i < x.counts.size() && i < y.counts.size(); ++i) {
        if (x.ids[i] && y.ids[i]) {
          ++compared_ids;
          same_ids += *x.ids[i] == *y.ids[i];
        }
        if (x.counts[i] < 0 || y.counts[i] < 0) continue;
        ++compared;
        same += x.counts[i] == y.counts[i];
      }
      pairs.push_back({{"a", eps[a]->spec().label},
                       {"b", eps[b]->spec().label},
                       {"compared", compared},
                       {"same", same},
                       {"compared_ids", compared_ids},
                       {"same_ids", same_ids}});
    }
  }
  return pairs;
}

}  // namespace

Result<std::vector<std::string>> ParseProbeSuites(const std::string& flag) {
  return ProbeParseList(flag, {"identity", "cutoff", "refusal", "tokenizer"}, "probe suite");
}

Result<std::vector<std::string>> ParseProbeLanguages(const std::string& flag) {
  return ProbeParseList(flag, {"en", "ko"}, "probe language");
}

Result<ProbeJson> RunProbes(const std::vector<EndpointClient*>& eps, const ProbeSuites& s,
                            const ProbeOptions& o) {
  const std::vector<ProbeProbeQuery> q = ProbePlanQueries(s, o);
  std::vector<std::vector<ProbeSlot>> slots(eps.size(), std::vector<ProbeSlot>(q.size()));
  ThreadPool pool(static_cast<unsigned>(std::max(1, o.concurrency)));
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, eps.size() * q.size(), [&](size_t j) -> Status {
    const size_t e = j / q.size(), i = j % q.size();
    if (q[i].suite == "tokenizer") {
      // /tokenize when offered; its absence leaves usage.prompt_tokens (METHODS §15.1).
      if (auto ids = eps[e]->Tokenize(q[i].request.prompt_text); ids.ok()) {
        slots[e][i].ids = std::move(*ids);
      }
    }
    auto a = eps[e]->Complete(q[i].request);
    if (a.ok()) {
      slots[e][i].answer = std::move(*a);
    } else if (q[i].suite == "tokenizer") {
      slots[e][i].error = a.status().message();
    } else {
      return a.status();
    }
    return Status::Ok();
  }));
  ProbeJson endpoints = ProbeJson::array();
  std::vector<TokenizerSeen> seen(eps.size());
  for (size_t e = 0; e < eps.size(); ++e) {
    ProbeJson ej = {{"label", eps[e]->spec().label}, {"model", eps[e]->model()}};
    if (ProbeHas(o.suites, "identity")) ej["identity"] = ProbeIdentityJson(s, q, slots[e]);
    if (ProbeHas(o.suites, "cutoff")) ej["cutoff"] = ProbeCutoffJson(s, q, slots[e]);
    if (ProbeHas(o.suites, "refusal")) ej["refusal"] = ProbeRefusalJson(s, q, slots[e]);
    if (ProbeHas(o.suites, "tokenizer"))
      ej["tokenizer"] = ProbeTokenizerJson(s, q, slots[e], &seen[e]);
    endpoints.push_back(std::move(ej));
  }
  ProbeJson out = {{"observations_only", true},        {"suites", o.suites},
                   {"languages", o.languages},         {"max_tokens", o.max_tokens},
                   {"queries", eps.size() * q.size()}, {"endpoints", std::move(endpoints)}};
  if (ProbeHas(o.suites, "tokenizer"))
    out["tokenizer_agreement"] = ProbeTokenizerAgreement(eps, seen);
  return out;
}

}  // namespace lineage
