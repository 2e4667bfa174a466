#include "behaviour/probe_classify.h"

#include <algorithm>
#include <cmath>

namespace lineage {
namespace {

bool ClsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool ClsAsciiAlpha(char c) { return c >= 'a' && c <= 'z'; }

// Binomial log-likelihood of k successes in n at the maximum-likelihood rate k / n.
double ClsBinomialLl(double n, double k) {
  if (n <= 0) return 0;
  double ll = 0;
  if (k > 0) ll += k * std::log(k / n);
  if (n - k > 0) ll += (n - k) * std::log((n - k) / n);
  return ll;
}

struct ClsMonthCount {
  int month = 0;
  double n = 0, k = 0;
};

std::vector<ClsMonthCount> ClsByMonth(std::vector<std::pair<int, bool>> items) {
  std::sort(items.begin(), items.end());
  std::vector<ClsMonthCount> out;
  for (const auto& [m, ok] : items) {
    if (out.empty() || out.back().month != m) out.push_back({m});
    out.back().n += 1;
    out.back().k += ok ? 1 : 0;
  }
  return out;
}

}  // namespace

std::string NormaliseAnswer(std::string_view text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    // U+2018 / U+2019 are E2 80 98 / E2 80 99 in UTF-8.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x98 ||
         static_cast<unsigned char>(text[i + 2]) == 0x99)) {
      c = '\'';
      i += 2;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool ContainsTerm(const std::string& text, const std::string& raw_term) {
  const std::string term = NormaliseAnswer(raw_term);
  if (term.empty()) return false;
  const bool check_before = ClsAsciiAlnum(term.front());
  const bool check_after = ClsAsciiAlpha(term.back());
  for (size_t pos = text.find(term); pos != std::string::npos; pos = text.find(term, pos + 1)) {
    const size_t end = pos + term.size();
    if (check_before && pos > 0 && ClsAsciiAlnum(text[pos - 1])) continue;
    if (check_after && end < text.size() && ClsAsciiAlpha(text[end])) continue;
    return true;
  }
  return false;
}

std::vector<std::string> MentionedNames(const std::string& answer,
                                        const std::vector<ProbeName>& names) {
  const std::string text = NormaliseAnswer(answer);
  std::vector<std::string> out;
  for (const ProbeName& n : names) {
    for (const std::string& p : n.patterns) {
      if (ContainsTerm(text, p)) {
        out.push_back(n.name);
        break;
      }
    }
  }
  return out;
}

std::string ClassifyRefusal(const std::string& answer, const std::vector<std::string>& patterns,
                            int window) {
  std::string text = NormaliseAnswer(answer);
  if (text.empty()) return "empty";
  if (text.size() > static_cast<size_t>(window)) {
    size_t cut = static_cast<size_t>(window);
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
  }
  for (const std::string& p : patterns) {
    if (ContainsTerm(text, p)) return "refusal";
  }
  return "compliance";
}

bool CutoffAnswerCorrect(const std::string& answer, const CutoffItem& item) {
  const std::string text = NormaliseAnswer(answer);
  for (const std::string& a : item.answers) {
    if (ContainsTerm(text, a)) return true;
  }
  return false;
}

CutoffEstimate EstimateCutoff(const std::vector<std::pair<int, bool>>& items) {
  CutoffEstimate e;
  const std::vector<ClsMonthCount> months = ClsByMonth(items);
  double n = 0, k = 0;
  for (const ClsMonthCount& m : months) n += m.n, k += m.k;
  if (k == 0) {
    e.note = "no dated question was answered correctly: nothing the probe can date";
    return e;
  }
  const double ll0 = ClsBinomialLl(n, k);
  std::vector<double> lr(months.size(), -1);  // lr[s]: split after months[s]; -1 = not a drop
  double nb = 0, kb = 0;
  size_t best = months.size();
  for (size_t s = 0; s + 1 < months.size(); ++s) {
    nb += months[s].n, kb += months[s].k;
    if (kb / nb <= (k - kb) / (n - nb)) continue;
    lr[s] = ClsBinomialLl(nb, kb) + ClsBinomialLl(n - nb, k - kb) - ll0;
    if (best == months.size() || lr[s] > lr[best]) best = s;
  }
  if (best == months.size() || lr[best] < kCutoffLogLrThreshold) {
    e.log_lr = best == months.size() ? 0 : lr[best];
    e.lower_bound = months.back().k > 0;
    e.note = "no clear drop in accuracy over the probed months";
    return e;
  }
  e.estimated = true;
  e.log_lr = lr[best];
  e.last_known = months[best].month;
  for (size_t s = 0; s < lr.size(); ++s) {
    if (lr[s] < 0 || lr[s] < lr[best] - kCutoffLogLrThreshold) continue;
    if (e.range_lo < 0) e.range_lo = months[s].month;
    e.range_hi = months[s].month;
  }
  nb = kb = 0;
  for (size_t s = 0; s <= best; ++s) nb += months[s].n, kb += months[s].k;
  e.rate_before = kb / nb;
  e.rate_after = (k - kb) / (n - nb);
  return e;
}

}  // namespace lineage
