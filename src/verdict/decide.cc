#include "verdict/decide.h"

#include "stats/combine.h"
#include "stats/distributions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace lineage {
namespace {

constexpr double kLn10 = 2.302585092994046;

bool IsContext(const Finding& f) {
  return !f.decisive || f.analysis == "tokenizer" || f.analysis == "architecture";
}

bool IsExact(const Finding& f) { return f.log10_p.has_value() && !f.approximate; }

// z_adj against a calibrated panel when the null describes one; otherwise the analysis' own z.
std::optional<double> AdjustedZ(const Finding& f) {
  if (f.null && f.null->mean && f.null->sd && *f.null->sd > 0 && f.null->samples > 0) {
    double n0 = f.null->samples;
    return (f.value - *f.null->mean) / (*f.null->sd * std::sqrt(1.0 + 1.0 / n0));
  }
  return f.z;
}

// Evidence strength in −log10 p units, comparable across exact and robust statistics.
struct Scored {
  const Finding* finding = nullptr;
  bool exact = false;
  double log10_p_adj = 0;  // exact only
  double z_adj = 0;        // robust only
  double strength = 0;     // −log10 p_adj, or −log10 Φ̄(z_adj)
};

struct ComponentState {
  std::vector<Scored> scored;
  bool any_against = false;
};

double Log10TailOfZ(double z) { return LogNormalSf(z) / kLn10; }

// beyond_panel: above every panel member when the null lists its maximum, else above the panel's
// 99 % point when given, else z_adj beyond null_z (the same line InsideNull draws).
RobustScore MakeRobust(const Scored& s, double null_z) {
  const Finding& f = *s.finding;
  RobustScore r;
  r.test = f.test;
  r.component = f.component;
  r.value = f.value;
  r.z_adj = s.z_adj;
  r.panel_size = f.null ? f.null->samples : 0;
  r.panel_is_lower_bound = f.panel_is_lower_bound;
  if (f.null) r.panel_source = f.null->source;
  if (f.null && f.null->max) {
    r.beyond_panel = f.value > *f.null->max;
  } else if (f.null && f.null->quantile_99) {
    r.beyond_panel = f.value > *f.null->quantile_99;
  } else {
    r.beyond_panel = s.z_adj >= null_z;
  }
  // A panel of n0 nulls can vouch for tails down to about 1/(n0 + 1); smaller claimed tails rest on
  // the fitted distribution.
  double empirical_floor = -std::log10(static_cast<double>(r.panel_size) + 1.0);
  r.extrapolated = Log10TailOfZ(s.z_adj) < empirical_floor;
  return r;
}

// METHODS §10 "with agreeing effect sizes": a robust statistic decides only at or above the
// effect size its analysis states a derived pair reaches.
bool EffectAgrees(const Finding& f) { return !f.effect_floor || f.value >= *f.effect_floor; }

// Power from raw control p-values, judged at the decision threshold with the pair's own
// Bonferroni factor (log10_m), so a control counts exactly when real evidence would.
void MeasurePower(double log10_m, double threshold, PowerStatement* power) {
  if (power->control_log10_p.empty()) return;
  int detected = 0;
  for (double lp : power->control_log10_p) detected += std::min(0.0, lp + log10_m) <= threshold;
  power->measured = true;
  power->controls = static_cast<int>(power->control_log10_p.size());
  power->power = static_cast<double>(detected) / power->controls;
}

bool InsideNull(const Scored& s, const DecideOptions& o) {
  if (s.exact) return s.log10_p_adj > o.null_log10_p;
  const Finding& f = *s.finding;
  if (f.panel_is_lower_bound) {
    return !(s.z_adj > o.derived_z && EffectAgrees(f) && MakeRobust(s, o.null_z).beyond_panel);
  }
  if (f.null && f.null->quantile_99) return f.value <= *f.null->quantile_99;
  return s.z_adj < o.null_z;
}

// Log10 of the Bonferroni factor over every exact test behind this base's findings, times the
// candidates.
double Log10Multiplicity(const DecideOptions& o, const PairResult& pair) {
  double m = std::max(1, o.candidates_checked);
  double tests = 0;
  for (const Finding& f : pair.findings) {
    if (!IsContext(f) && IsExact(f)) tests += std::max(1, f.multiplicity);
  }
  return std::log10(m * std::max(1.0, tests));
}

// The findings scored against their nulls, grouped by component.
struct ScoredComponents {
  std::vector<std::string> order;  // components in order of first appearance, as the analyses ran
  std::map<std::string, ComponentState> states;
};

// Scores every weighable finding; fills pair->robust and the exact p-value summaries.
ScoredComponents ScoreFindings(const DecideOptions& o, double log10_m, PairResult* pair) {
  ScoredComponents sc;
  pair->robust.clear();
  std::optional<double> best_exact, best_exact_adj;
  for (const Finding& f : pair->findings) {
    if (IsContext(f)) continue;
    Scored s;
    s.finding = &f;
    if (IsExact(f)) {
      s.exact = true;
      s.log10_p_adj = std::min(0.0, *f.log10_p + log10_m);
      s.strength = -s.log10_p_adj;
      if (!best_exact || *f.log10_p < *best_exact) best_exact = *f.log10_p;
      if (!best_exact_adj || s.log10_p_adj < *best_exact_adj) best_exact_adj = s.log10_p_adj;
    } else if (std::optional<double> z = AdjustedZ(f)) {
      s.z_adj = *z;
      s.strength = -Log10TailOfZ(*z);
      pair->robust.push_back(MakeRobust(s, o.null_z));
    } else {
      continue;  // decisive but without a number against a null: cannot be weighed
    }
    if (!sc.states.count(f.component)) sc.order.push_back(f.component);
    ComponentState& st = sc.states[f.component];
    st.scored.push_back(s);
    // Only a robust statistic can contradict a robust one: the exact S1 test is defeated by
    // MLP-unit permutation camouflage (METHODS §4.2, table in §4.7), so its silence is no
    // evidence against what the permutation-invariant statistics see.
    if (f.direction == Direction::kAgainstDerivation && !s.exact) st.any_against = true;
  }
  pair->log10_p_exact = best_exact;
  pair->log10_p_adjusted = best_exact_adj;
  pair->log10_bf_cap.reset();
  if (best_exact_adj) pair->log10_bf_cap = Log10BayesFactorCap(*best_exact_adj);
  return sc;
}

struct ComponentTally {
  bool any_derived = false, any_exact_derived = false, all_null = false;
};

// One verdict per component into pair->components.
ComponentTally DecideComponents(const DecideOptions& o, const ScoredComponents& sc, bool powered,
                                PairResult* pair) {
  ComponentTally t;
  t.all_null = !sc.order.empty();
  pair->components.clear();
  for (const std::string& name : sc.order) {
    const ComponentState& st = sc.states.at(name);
    ComponentVerdict cv;
    cv.name = name;
    bool exact_hit = false, robust_hit = false, inside = true;
    std::optional<double> comp_p;
    for (const Scored& s : st.scored) {
      if (s.exact) {
        if (!comp_p || s.log10_p_adj < *comp_p) comp_p = s.log10_p_adj;
        if (s.log10_p_adj <= o.derived_log10_p) exact_hit = true;
      } else if (s.z_adj > o.derived_z && !st.any_against && EffectAgrees(*s.finding)) {
        const RobustScore r = MakeRobust(s, o.null_z);
        if (r.beyond_panel) robust_hit = true;
      }
      if (!InsideNull(s, o)) inside = false;
    }
    cv.log10_p = comp_p;
    if (exact_hit || robust_hit) {
      cv.verdict = VerdictName(Verdict::kDerived);
      cv.note = exact_hit ? kReasonExact : kReasonRobust;
      t.any_derived = true;
      t.any_exact_derived = t.any_exact_derived || exact_hit;
      t.all_null = false;
    } else if (inside && powered) {
      cv.verdict = VerdictName(Verdict::kIndependent);
      cv.note = kReasonNullWithPower;
    } else {
      cv.verdict = VerdictName(Verdict::kInconclusive);
      cv.note = inside ? kReasonNullWithoutPower : kReasonMixed;
      if (!inside) t.all_null = false;
    }
    pair->components.push_back(cv);
  }
  return t;
}

void SetPairVerdict(const ComponentTally& t, bool no_components, bool powered, PairResult* pair) {
  if (t.any_derived) {
    pair->verdict = Verdict::kDerived;
    pair->reason = t.any_exact_derived ? kReasonExact : kReasonRobust;
  } else if (no_components) {
    pair->verdict = Verdict::kInconclusive;
    pair->reason = kReasonNoWeightEvidence;
  } else if (t.all_null && powered) {
    pair->verdict = Verdict::kIndependent;
    pair->reason = kReasonNullWithPower;
  } else {
    pair->verdict = Verdict::kInconclusive;
    pair->reason = t.all_null ? kReasonNullWithoutPower : kReasonMixed;
  }
}

// Strongest for: the most significant statistic outside its null. Strongest against: the one
// most consistent with independence (inside its null, or pointing against derivation).
void PickStrongest(const DecideOptions& o, const ScoredComponents& sc, PairResult* pair) {
  const Scored* best_for = nullptr;
  const Scored* best_against = nullptr;
  for (const std::string& name : sc.order) {
    for (const Scored& s : sc.states.at(name).scored) {
      bool against = s.finding->direction == Direction::kAgainstDerivation || InsideNull(s, o);
      // Exact evidence outranks calibrated evidence: its null does not rest on a fitted tail.
      if (!against && (!best_for || s.exact > best_for->exact ||
                       (s.exact == best_for->exact && s.strength > best_for->strength))) {
        best_for = &s;
      }
      if (against && (!best_against || s.strength < best_against->strength)) best_against = &s;
    }
  }
  pair->strongest_for.reset();
  pair->strongest_against.reset();
  if (best_for) pair->strongest_for = *best_for->finding;
  if (best_against) pair->strongest_against = *best_against->finding;
}

// A derived pair whose trunk is not derived but another component is: component reuse.
void NameDerivation(PairResult* pair) {
  if (pair->verdict != Verdict::kDerived) {
    pair->derivation.clear();
    return;
  }
  bool trunk_independent = false, other_derived = false;
  for (const ComponentVerdict& cv : pair->components) {
    if (cv.name == "trunk" && cv.verdict != VerdictName(Verdict::kDerived))
      trunk_independent = true;
    if (cv.name != "trunk" && cv.verdict == VerdictName(Verdict::kDerived)) other_derived = true;
  }
  if (trunk_independent && other_derived &&
      std::find(pair->derivation.begin(), pair->derivation.end(), "component-reuse") ==
          pair->derivation.end()) {
    pair->derivation.push_back("component-reuse");
  }
}

}  // namespace

void DecidePair(const DecideOptions& o, PairResult* pair) {
  const double log10_m = Log10Multiplicity(o, *pair);
  MeasurePower(log10_m, o.derived_log10_p, &pair->power);
  const ScoredComponents sc = ScoreFindings(o, log10_m, pair);
  const bool powered = pair->power.measured && pair->power.power >= o.required_power;
  const ComponentTally t = DecideComponents(o, sc, powered, pair);
  SetPairVerdict(t, sc.order.empty(), powered, pair);
  PickStrongest(o, sc, pair);
  NameDerivation(pair);
}

}  // namespace lineage
