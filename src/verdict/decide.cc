#include "verdict/decide.h"

#include "stats/binomial_bound.h"
#include "stats/combine.h"
#include "stats/distributions.h"
#include "stats/log_p.h"

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

// The exact family: a p-value over the exchangeable-units null (METHODS §4). Its p may itself be
// approximate (the LAP Spearman's normal tail, a Monte Carlo permutation p), but the null it
// approximates is exact, so it joins the exact tests' multiplicity and thresholds.
bool IsExact(const Finding& f) {
  if (!f.log10_p) return false;
  if (!f.approximate) return true;
  return f.null && (f.null->kind == "exact" || f.null->kind == "permutation");
}

// z_adj against a calibrated panel when the null describes one; otherwise the analysis' own z.
std::optional<double> AdjustedZ(const Finding& f) {
  if (f.null && f.null->mean && f.null->sd && *f.null->sd > 0 && f.null->samples > 0) {
    double n0 = f.null->samples;
    return (f.value - *f.null->mean) / (*f.null->sd * std::sqrt(1.0 + 1.0 / n0));
  }
  return f.z;
}

// Threshold comparisons with a margin: a statistic within a relative `tol` of a threshold counts
// on the conservative side, so the last bits of a sum (thread count, vector width) never decide.
bool ClearlyBelow(double x, double t, double tol) { return x < t - tol * std::abs(t); }
bool ClearlyAbove(double x, double t, double tol) { return x > t + tol * std::abs(t); }

// One weighable finding scored against its null.
struct Scored {
  const Finding* finding = nullptr;
  bool exact = false;
  // Exact: the corrected p. Robust: the corrected calibrated p (absent for a lower-bound panel,
  // which is not the null of trained independent models and so yields no p-value).
  std::optional<double> log10_p_adj;
  double z_adj = 0;                // robust only
  const char* p_method = nullptr;  // robust only: kPMethod*
  bool beyond_panel = false;       // robust only
  double strength = 0;             // −log10 p_adj, or −log10 Φ̄(z_adj) without a p
};

struct ComponentState {
  std::vector<Scored> scored;
};

double Log10TailOfZ(double z) { return LogNormalSf(z) / kLn10; }

// METHODS §10 "with agreeing effect sizes": a robust statistic decides only at or above the
// effect size its analysis states a derived pair reaches; a value measured on a sample is held
// to that floor at the low end of its sampling interval.
bool EffectAgrees(const Finding& f, double tol) {
  const double value = f.value_interval ? f.value_interval->first : f.value;
  return !f.effect_floor || !ClearlyBelow(value, *f.effect_floor, tol);
}

// Above every panel member when the null lists its maximum, else above its 99 % point, else
// z_adj beyond null_z.
bool BeyondPanel(const Finding& f, double z_adj, const DecideOptions& o) {
  if (f.null && f.null->max) return ClearlyAbove(f.value, *f.null->max, o.relative_tolerance);
  if (f.null && f.null->quantile_99) {
    return ClearlyAbove(f.value, *f.null->quantile_99, o.relative_tolerance);
  }
  return ClearlyAbove(z_adj, o.null_z, o.relative_tolerance);
}

// The calibrated p of a robust statistic against a panel that is its null (METHODS §10.3): the
// t tail on n0 − 1 df from min_parametric_panel records on, else the rank p (1 + r)/(n0 + 1).
// Returns the uncorrected log10 p; sets the method.
std::optional<double> CalibratedLog10P(const Finding& f, double z_adj, bool beyond,
                                       const DecideOptions& o, const char** method) {
  const int n0 = f.null ? f.null->samples : 0;
  if (f.panel_is_lower_bound || n0 < 2) {
    *method = kPMethodLowerBound;
    return std::nullopt;
  }
  if (n0 >= o.min_parametric_panel) {
    *method = kPMethodStudentT;
    return LnToLog10P(LogStudentTSf(z_adj, n0 - 1.0)).value;
  }
  *method = kPMethodRank;
  if (f.null->rank_p) return std::log10(*f.null->rank_p);
  // Without the rank recorded, only "beyond every member" is known: the smallest rank p.
  return beyond ? -std::log10(n0 + 1.0) : 0.0;
}

RobustScore MakeRobust(const Scored& s) {
  const Finding& f = *s.finding;
  RobustScore r;
  r.test = f.test;
  r.component = f.component;
  r.value = f.value;
  r.z_adj = s.z_adj;
  r.panel_size = f.null ? f.null->samples : 0;
  r.panel_is_lower_bound = f.panel_is_lower_bound;
  if (f.null) r.panel_source = f.null->source;
  r.beyond_panel = s.beyond_panel;
  r.log10_p_adj = s.log10_p_adj;
  r.p_method = s.p_method ? s.p_method : "";
  // A panel of n0 nulls can vouch for tails down to about 1/(n0 + 1); smaller claimed tails rest on
  // the fitted distribution.
  double empirical_floor = -std::log10(static_cast<double>(r.panel_size) + 1.0);
  r.extrapolated = Log10TailOfZ(s.z_adj) < empirical_floor;
  return r;
}

// Power as a one-sided Clopper–Pearson lower bound, for the pair and for each component class the
// controls exercised (detections are counted where the controls ran: compare/positive_controls.h).
void MeasurePower(PowerStatement* power) {
  if (power->controls <= 0) return;
  power->measured = true;
  power->power = static_cast<double>(power->detections) / power->controls;
  power->lower_bound = ClopperPearsonLower(power->detections, power->controls, power->confidence);
  for (ComponentPower& c : power->components) {
    c.lower_bound = ClopperPearsonLower(c.detections, c.controls, power->confidence);
  }
}

enum class Powered { kYes, kNo, kNotOwn };

// Whether a negative on `component` is backed by power of its own: its class's lower bound
// reaches the required bound (kYes), falls short (kNo), or was never measured while other
// components were (kNotOwn: "not-comparable", never the trunk's power borrowed). Without
// per-class power the pair's bound is the trunk's.
Powered ComponentPowered(const DecideOptions& o, const PowerStatement& power,
                         const std::string& component) {
  if (!power.measured) return Powered::kNo;
  const std::string cls = PowerClass(component);
  double bound = -1;
  for (const ComponentPower& c : power.components) {
    if (c.component == cls) bound = c.lower_bound;
  }
  if (power.components.empty() && cls == "trunk") bound = power.lower_bound;
  if (bound < 0) return Powered::kNotOwn;
  return bound >= o.required_power_lower_bound ? Powered::kYes : Powered::kNo;
}

// Derived-level evidence (METHODS §10.2). Exact: log10 p_adj ≤ −12. Robust against a panel that is
// its null: the same level on the calibrated p, beyond every member, at the effect floor. Robust
// against a lower bound (random-init replicas, or no same-data pairs): the effect-size route,
// z_adj > 10 beyond every member at the effect floor, which no trained independent pair reaches.
bool DerivedLevel(const Scored& s, const DecideOptions& o) {
  const double tol = o.relative_tolerance;
  if (s.exact) return ClearlyBelow(*s.log10_p_adj, o.derived_log10_p, tol);
  const Finding& f = *s.finding;
  if (!s.beyond_panel || !EffectAgrees(f, tol)) return false;
  if (f.panel_is_lower_bound) return ClearlyAbove(s.z_adj, o.derived_z, tol);
  return s.log10_p_adj && ClearlyBelow(*s.log10_p_adj, o.derived_log10_p, tol);
}

// Outside its null (keeps a pair from "independent"): an exact or calibrated p at the corrected
// null level (within the margin counts as outside), or a robust statistic at a derived effect
// size beyond its panel that the panel cannot make significant. A lower-bound panel alone never
// shows that a pair lies outside the null of trained independent models.
bool OutsideNull(const Scored& s, const DecideOptions& o) {
  const double tol = o.relative_tolerance;
  if (s.log10_p_adj && !ClearlyAbove(*s.log10_p_adj, o.null_log10_p, tol)) return true;
  if (s.exact) return false;
  const Finding& f = *s.finding;
  return s.beyond_panel && f.effect_floor && EffectAgrees(f, tol);
}

// Log10 of the Bonferroni factor over every test that can decide for this base: the exact tests
// (Σ multiplicity) and the robust statistics calibrated against their null, times the candidates
// and, after sequential reading, the planned looks (METHODS §10.8: optional stopping spends its
// error by Bonferroni over the looks).
double Log10Multiplicity(const DecideOptions& o, const PairResult& pair) {
  double m = std::max(1, o.candidates_checked);
  if (pair.sampling) m *= std::max(1, pair.sampling->looks_planned);
  double tests = 0;
  for (const Finding& f : pair.findings) {
    if (IsContext(f)) continue;
    if (IsExact(f)) {
      tests += std::max(1, f.multiplicity);
    } else if (!f.panel_is_lower_bound && f.null && f.null->samples >= 2 && AdjustedZ(f)) {
      tests += 1;
    }
  }
  return std::log10(m * std::max(1.0, tests));
}

// The findings scored against their nulls, grouped by component.
struct ScoredComponents {
  std::vector<std::string> order;  // components in order of first appearance, as the analyses ran
  std::map<std::string, ComponentState> states;
};

std::optional<Scored> ScoreOne(const Finding& f, const DecideOptions& o, double log10_m) {
  Scored s;
  s.finding = &f;
  if (IsExact(f)) {
    s.exact = true;
    s.log10_p_adj = std::min(0.0, *f.log10_p + log10_m);
    s.strength = -*s.log10_p_adj;
    return s;
  }
  std::optional<double> z = AdjustedZ(f);
  if (!z) return std::nullopt;  // decisive but without a number against a null: cannot be weighed
  s.z_adj = *z;
  s.beyond_panel = BeyondPanel(f, *z, o);
  if (std::optional<double> lp = CalibratedLog10P(f, *z, s.beyond_panel, o, &s.p_method)) {
    s.log10_p_adj = std::min(0.0, *lp + log10_m);
  }
  s.strength = s.log10_p_adj ? -*s.log10_p_adj : -Log10TailOfZ(*z);
  return s;
}

// Scores every weighable finding; fills pair->robust and the exact p-value summaries.
ScoredComponents ScoreFindings(const DecideOptions& o, double log10_m, PairResult* pair) {
  ScoredComponents sc;
  pair->robust.clear();
  std::optional<double> best_exact, best_exact_adj;
  for (const Finding& f : pair->findings) {
    if (IsContext(f)) continue;
    std::optional<Scored> s = ScoreOne(f, o, log10_m);
    if (!s) continue;
    if (s->exact) {
      if (!best_exact || *f.log10_p < *best_exact) best_exact = *f.log10_p;
      if (!best_exact_adj || *s->log10_p_adj < *best_exact_adj) best_exact_adj = s->log10_p_adj;
    } else {
      pair->robust.push_back(MakeRobust(*s));
    }
    if (!sc.states.count(f.component)) sc.order.push_back(f.component);
    sc.states[f.component].scored.push_back(*s);
  }
  pair->log10_p_exact = best_exact;
  pair->log10_p_adjusted = best_exact_adj;
  pair->log10_bf_cap.reset();
  if (best_exact_adj) pair->log10_bf_cap = Log10BayesFactorCap(*best_exact_adj);
  return sc;
}

struct ComponentTally {
  bool any_derived = false, any_exact_derived = false, all_null = false;
  bool any_unpowered = false, any_independent = false;
};

// The evidence a component's verdict rests on: the derived-level statistic (exact first, then the
// smallest p, then the largest z), or else the smallest p among its statistics.
struct ComponentEvidence {
  const Scored* decided = nullptr;
  std::optional<double> log10_p;
  bool outside = false;
};

ComponentEvidence WeighComponent(const ComponentState& st, const DecideOptions& o) {
  ComponentEvidence e;
  for (const Scored& s : st.scored) {
    if (DerivedLevel(s, o)) {
      const Scored* d = e.decided;
      if (!d || s.exact > d->exact || (s.exact == d->exact && s.strength > d->strength)) {
        e.decided = &s;
      }
    }
    if (s.log10_p_adj && (!e.log10_p || *s.log10_p_adj < *e.log10_p)) e.log10_p = s.log10_p_adj;
    if (OutsideNull(s, o)) e.outside = true;
  }
  // The reported p is the one the decision used: absent when an effect-size route decided.
  if (e.decided) e.log10_p = e.decided->log10_p_adj;
  return e;
}

// A component whose only weighed test is the copy check of matrices without exchangeable units
// (tensor_identity: an lm_head, a tower) has no test of the drift the positive controls model: a
// fine-tuned copy is never value-identical, so the controls can measure no power for it whatever
// the model (METHODS §10.4 (4)). It is derived when the check fires, else not comparable: its
// silence says nothing about derivation, so it neither makes nor spoils independence.
bool CopyCheckOnly(const ComponentState& st) {
  for (const Scored& s : st.scored) {
    if (s.finding->test != "tensor_identity") return false;
  }
  return !st.scored.empty();
}

// One verdict per component into pair->components.
ComponentTally DecideComponents(const DecideOptions& o, const ScoredComponents& sc,
                                PairResult* pair) {
  ComponentTally t;
  t.all_null = !sc.order.empty();
  pair->components.clear();
  for (const std::string& name : sc.order) {
    const ComponentEvidence e = WeighComponent(sc.states.at(name), o);
    ComponentVerdict cv;
    cv.name = name;
    cv.log10_p = e.log10_p;
    if (e.decided) {
      cv.verdict = VerdictName(Verdict::kDerived);
      cv.note = e.decided->exact                           ? kReasonExact
                : e.decided->finding->panel_is_lower_bound ? kReasonRobustEffect
                                                           : kReasonRobust;
      t.any_derived = true;
      t.any_exact_derived = t.any_exact_derived || e.decided->exact;
      t.all_null = false;
    } else if (const Powered pw = CopyCheckOnly(sc.states.at(name))
                                      ? Powered::kNotOwn
                                      : ComponentPowered(o, pair->power, name);
               !e.outside && pw != Powered::kNo) {
      // Inside its null: independent with power of its own, else not comparable.
      const bool own = pw == Powered::kYes;
      cv.verdict = own ? VerdictName(Verdict::kIndependent) : kNotComparable;
      cv.note = own ? kReasonNullWithPower : kReasonNoOwnPower;
      if (own) t.any_independent = true;
    } else {
      t.any_unpowered = t.any_unpowered || !e.outside;
      cv.verdict = VerdictName(Verdict::kInconclusive);
      cv.note = e.outside ? kReasonMixed : kReasonNullWithoutPower;
      if (e.outside) t.all_null = false;
    }
    pair->components.push_back(cv);
  }
  return t;
}

// Independent when every component that gets a verdict is independent with its own power; a
// not-comparable component (no power of its own) neither helps nor spoils that.
void SetPairVerdict(const ComponentTally& t, bool no_components, PairResult* pair) {
  if (t.any_derived) {
    pair->verdict = Verdict::kDerived;
    pair->reason = kReasonRobust;
    for (const ComponentVerdict& cv : pair->components) {
      if (cv.note == kReasonRobustEffect) pair->reason = kReasonRobustEffect;
    }
    if (t.any_exact_derived) pair->reason = kReasonExact;
  } else if (no_components) {
    pair->verdict = Verdict::kInconclusive;
    pair->reason = kReasonNoWeightEvidence;
  } else if (t.all_null && !t.any_unpowered && t.any_independent) {
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
      bool against = s.finding->direction == Direction::kAgainstDerivation ||
                     (!OutsideNull(s, o) && !DerivedLevel(s, o));
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

// A read budget spent before the decision (METHODS §10.8): what was read neither showed shared
// weights nor let the stop rule call the pair independent, and the unread blocks could hold the
// evidence, so nothing is independent.
void ApplyBudget(PairResult* pair) {
  if (!pair->sampling || pair->sampling->stopped_on != "budget") return;
  if (pair->verdict == Verdict::kDerived) return;
  pair->verdict = Verdict::kInconclusive;
  pair->reason = kReasonBudgetSpent;
  for (ComponentVerdict& cv : pair->components) {
    if (cv.verdict == VerdictName(Verdict::kDerived)) continue;
    cv.verdict = VerdictName(Verdict::kInconclusive);
    cv.note = kReasonBudgetSpent;
  }
}

bool PowerCanDecide(const DecideOptions& o, const PairResult& pair) {
  if (pair.sampling && pair.sampling->stopped_on == "budget") return false;  // ApplyBudget
  // Scored on a copy: ScoreFindings writes the corrected p-values into the pair it reads.
  PairResult scored = pair;
  const ScoredComponents sc = ScoreFindings(o, Log10Multiplicity(o, scored), &scored);
  for (const std::string& name : sc.order) {
    const ComponentState& st = sc.states.at(name);
    const ComponentEvidence e = WeighComponent(st, o);
    // The one branch of DecideComponents that reads the power (ComponentPowered).
    if (!e.decided && !e.outside && !CopyCheckOnly(st)) return true;
  }
  return false;
}

void DecidePair(const DecideOptions& o, PairResult* pair) {
  const double log10_m = Log10Multiplicity(o, *pair);
  MeasurePower(&pair->power);
  const ScoredComponents sc = ScoreFindings(o, log10_m, pair);
  const ComponentTally t = DecideComponents(o, sc, pair);
  SetPairVerdict(t, sc.order.empty(), pair);
  ApplyBudget(pair);
  PickStrongest(o, sc, pair);
  NameDerivation(pair);
}

}  // namespace lineage
