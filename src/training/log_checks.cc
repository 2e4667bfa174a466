#include "training/log_checks.h"

#include <algorithm>
#include <cmath>

namespace lineage {
namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  double hi = v[mid];
  if (v.size() % 2) return hi;
  double lo = *std::max_element(v.begin(), v.begin() + mid);
  return 0.5 * (lo + hi);
}

Status CheckOptions(const LogCheckOptions& opt) {
  if (opt.vocab_size &&
      (!std::isfinite(*opt.vocab_size) || *opt.vocab_size < 2 || *opt.vocab_size > 1e9)) {
    return InvalidArgument("--vocab-size must be between 2 and 1e9");
  }
  if (opt.claimed_tokens && (!std::isfinite(*opt.claimed_tokens) || *opt.claimed_tokens <= 0)) {
    return InvalidArgument("--claimed-tokens must be positive");
  }
  if (opt.tokens_per_step && (!std::isfinite(*opt.tokens_per_step) || *opt.tokens_per_step <= 0)) {
    return InvalidArgument("--tokens-per-step must be positive");
  }
  return Status::Ok();
}

// The logs' points in order, each with the log it came from.
struct Points {
  std::vector<const LogPoint*> pts;
  std::vector<const std::string*> src;
};

// The first loss against ln V: a run from random init starts near ln V.
void CheckStart(const LogCheckOptions& opt, LogReport* r) {
  if (!opt.vocab_size) return;
  r->ln_vocab = std::log(*opt.vocab_size);
  if (r->initial_loss < kWarmStartFraction * *r->ln_vocab) {
    r->warm_start = true;
    r->flags.push_back("warm-start");
  } else if (r->initial_loss < kNearRandomFraction * *r->ln_vocab) {
    r->flags.push_back("below-random-start");
  }
}

// Tokens logged (or steps times tokens per step) against the claimed tokens.
void CheckTokens(const Points& p, const LogCheckOptions& opt, LogReport* r) {
  for (auto it = p.pts.rbegin(); it != p.pts.rend(); ++it) {
    if ((*it)->tokens) {
      r->tokens_logged = *(*it)->tokens;
      break;
    }
  }
  if (!r->tokens_logged && opt.tokens_per_step)
    r->tokens_logged = static_cast<double>(r->last_step) * *opt.tokens_per_step;
  if (opt.claimed_tokens && r->tokens_logged) {
    r->tokens_ratio = *r->tokens_logged / *opt.claimed_tokens;
    r->tokens_match = std::fabs(*r->tokens_ratio - 1) <= kTokenTolerance;
    if (!*r->tokens_match) r->flags.push_back("tokens-mismatch");
  } else if (opt.claimed_tokens) {
    r->flags.push_back("tokens-not-logged");
  }
}

// A change at point i beyond `threshold` that persists is a discontinuity, unless it is a drop
// that early training's ever slower descent explains.
bool IsDiscontinuity(const std::vector<const LogPoint*>& pts, size_t i, double threshold) {
  const double before = pts[i - 1]->loss, after = pts[i]->loss;
  const double d = after - before;
  if (std::fabs(d) <= threshold) return false;
  // Persistence: the next (up to 3) points stay on the new side of the midpoint.
  const double mid = 0.5 * (before + after);
  size_t end = std::min(pts.size(), i + 4);
  std::vector<double> next;
  for (size_t k = i; k < end; ++k) next.push_back(pts[k]->loss);
  const double level = Median(next);
  const bool persists = d < 0 ? level < mid : level > mid;
  if (!persists) return false;
  if (d < 0) {
    // Early training descends steeply but ever more slowly per step; a splice descends faster
    // than the interval before it. Without a preceding interval there is no trend to judge.
    if (i < 2) return false;
    // The recovery after a one-point spike returns to the level before the spike: not a drop.
    if (pts[i - 2]->loss - level <= threshold) return false;
    const double dt = std::max<double>(1, static_cast<double>(pts[i]->step - pts[i - 1]->step));
    const double dt_prev =
        std::max<double>(1, static_cast<double>(pts[i - 1]->step - pts[i - 2]->step));
    const double rate = -d / dt;
    const double rate_prev = std::max(0.0, pts[i - 2]->loss - before) / dt_prev;
    if (rate <= 3 * rate_prev) return false;
  }
  return true;
}

// Step resets, and loss jumps or drops beyond 8 robust standard deviations of the changes.
void FindDiscontinuities(const Points& p, LogReport* r) {
  const std::vector<const LogPoint*>& pts = p.pts;
  // Robust scale of point-to-point changes: 1.4826 * MAD.
  std::vector<double> diffs;
  for (size_t i = 1; i < pts.size(); ++i) diffs.push_back(pts[i]->loss - pts[i - 1]->loss);
  double med = Median(diffs);
  std::vector<double> dev;
  for (double d : diffs) dev.push_back(std::fabs(d - med));
  const double sd = 1.4826 * Median(dev);
  const double threshold = std::max(0.5, 8 * sd);
  for (size_t i = 1; i < pts.size(); ++i) {
    const double before = pts[i - 1]->loss, after = pts[i]->loss;
    if (pts[i]->step < pts[i - 1]->step) {
      r->discontinuities.push_back({i, pts[i]->step, "step-reset", before, after, *p.src[i]});
      continue;
    }
    if (!IsDiscontinuity(pts, i, threshold)) continue;
    r->discontinuities.push_back({i, pts[i]->step, after - before < 0 ? "loss-drop" : "loss-jump",
                                  before, after, *p.src[i]});
  }
  if (!r->discontinuities.empty()) r->flags.push_back("discontinuity");
}

}  // namespace

Result<LogReport> CheckTrainingLogs(const std::vector<TrainingLog>& logs,
                                    const LogCheckOptions& opt) {
  LINEAGE_RETURN_IF_ERROR(CheckOptions(opt));
  LogReport r;
  Points p;
  for (const TrainingLog& l : logs) {
    r.sources.push_back(l.source);
    for (const LogPoint& lp : l.points) {
      p.pts.push_back(&lp);
      p.src.push_back(&l.source);
    }
  }
  if (p.pts.empty()) return InvalidArgument("no loss values in the given logs");
  r.points = p.pts.size();
  r.first_step = p.pts.front()->step;
  r.last_step = p.pts.back()->step;
  r.final_loss = p.pts.back()->loss;
  r.initial_loss = p.pts.front()->loss;
  CheckStart(opt, &r);
  CheckTokens(p, opt, &r);
  FindDiscontinuities(p, &r);
  return r;
}

nlohmann::json LogReportJson(const LogReport& r) {
  using nlohmann::json;
  json j;
  j["initial_loss"] = r.initial_loss;
  j["ln_vocab"] = r.ln_vocab ? json(*r.ln_vocab) : json(nullptr);
  j["warm_start"] = r.warm_start;
  j["final_loss"] = r.final_loss;
  j["points"] = r.points;
  j["first_step"] = r.first_step;
  j["last_step"] = r.last_step;
  j["sources"] = r.sources;
  j["tokens_logged"] = r.tokens_logged ? json(*r.tokens_logged) : json(nullptr);
  j["tokens_ratio"] = r.tokens_ratio ? json(*r.tokens_ratio) : json(nullptr);
  j["tokens_match"] = r.tokens_match ? json(*r.tokens_match) : json(nullptr);
  j["discontinuities"] = json::array();
  for (const auto& d : r.discontinuities) {
    j["discontinuities"].push_back({{"index", d.index},
                                    {"step", d.step},
                                    {"kind", d.kind},
                                    {"before", d.before},
                                    {"after", d.after},
                                    {"source", d.source}});
  }
  j["flags"] = r.flags;
  j["thresholds"] = {{"warm_start_below_fraction_of_ln_vocab", kWarmStartFraction},
                     {"near_random_fraction_of_ln_vocab", kNearRandomFraction},
                     {"token_tolerance", kTokenTolerance}};
  return j;
}

nlohmann::json LogsJson(const LogReport& r, const std::vector<TrainingLog>& logs) {
  nlohmann::json j = LogReportJson(r);
  j["format"] = logs.front().format;
  j["loss_key"] = logs.front().loss_key;
  return j;
}

}  // namespace lineage
