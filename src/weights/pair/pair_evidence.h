// The evidence side of a weights comparison (METHODS.md §4, §10): what AnalyzeWeights measured,
// turned into derivation types (how a derived model was made), Findings (every statistic beside
// its null) and the PairResult fields that verdict/decide reads. Nothing here decides: the only
// decision rule is DecidePair (verdict/decide.h), for `lineage weights` and `lineage compare`
// alike.
//
// Contract:
//   - Pure functions of a WeightsResult; they never read tensor data. Thread-safe on distinct
//     results.
//   - Exact findings carry raw log10 p and the number of tests they were selected from
//     (multiplicity); decide applies Bonferroni over candidates × all exact tests. After
//     sequential reading stopped early (r.sampling: blocks_read < blocks_total), each tested
//     block's exact findings count for ⌈total / read⌉ planned pairs, so the factor is at least
//     that of a run that tested every planned pair (METHODS §10.8); the note says so.
//   - Robust findings (S2, S4) carry their panel (mean, sd, size, max, source) and an effect
//     floor. The trunk S2 and S4 use the trained-independent panel `trained` selected for this
//     pair (calibration_panel.h; panel_is_lower_bound = false) when it has one, else the
//     random-init replicas AnalyzeWeights built, as before, with the reason stated.
//   - Power is not evidence of the pair: compare/positive_controls.h measures it.
#pragma once

#include <string>
#include <vector>

#include "evidence/compare_result.h"
#include "weights/pair/pair_analysis.h"

namespace lineage {

struct TrainedPanels;  // calibration_panel.h

// Derivation types the diagnostics describe (evidence.h labels). They say how, never whether:
// decide keeps them only for a derived verdict.
std::vector<std::string> DerivationTypes(const WeightsResult& r);

// Every weight statistic as a Finding, exact family first (components: "trunk", "embed",
// "block i" for candidate block i, "lm_head" and sub-models).
std::vector<Finding> WeightsFindings(const WeightsResult& r,
                                     const TrainedPanels* trained = nullptr);

// Appends the weights evidence to `pair` (findings, derivation types, power, block map, per-block
// statistics, limitations, and the notes of `trained`). Call DecidePair afterwards.
void AddWeightsEvidence(const WeightsResult& r, PairResult* pair,
                        const TrainedPanels* trained = nullptr);

}  // namespace lineage
