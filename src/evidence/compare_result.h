// CompareResult: everything `lineage compare` concludes, in one plain value that every report
// (terminal, JSON, Markdown, HTML) renders without recomputing anything.
//
// Contract:
//   - Filled by the compare orchestration from analyses' Findings and the decision
//     (verdict/decide.h). Reports read it only. Plain values, copyable, no shared state;
//     thread-compatible. The parts live beside it in evidence/ (pair_result.h, blocks.h, ...).
//   - Everything is in the order it should be shown: reports sort nothing themselves, so the same
//     inputs give byte-identical JSON.
//   - Numbers carry their nulls (Finding::null, BlockStat's null band). p-values are log10.
//   - Optional sections (tokenizer, architecture, block map, PCA, training, compute) are absent
//     when the analysis did not run; `limitations` then says why, in stable ids the catalog
//     translates (report/catalog.h).
//   - No timestamps unless the user asked (`timestamp` is empty by default).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evidence/finding.h"
#include "evidence/model_ref.h"
#include "evidence/pair_result.h"
#include "evidence/pca.h"
#include "evidence/trajectory_summary.h"

namespace lineage {

// Bumped on any change of the JSON layout: minor for added keys, major for changed or removed
// ones (docs/JSON_SCHEMA.md).
inline constexpr const char* kCompareSchemaVersion = "2.6";

// One base in the ranking: derived bases first, then by corrected exact log10 p (smaller first),
// then by the largest calibrated z_adj, then in the order given.
struct RankedBase {
  std::string base;
  Verdict verdict = Verdict::kInconclusive;
  Ancestry ancestry = Ancestry::kUnknown;
  std::optional<double> log10_p_adjusted;
  std::optional<double> max_z_adj;
};

// Two bases that both share trained weights with the candidate: they may be siblings (one
// unseen ancestor) or one may descend from the other; the run did not compare them.
struct SiblingNote {
  std::string first, second;  // base labels, in ranking order
  std::string reason;         // catalog id, ranking.h: kSiblingsBothShare
};

struct CompareResult {
  std::string schema_version = kCompareSchemaVersion;
  std::string tool_version;
  uint64_t seed = 0;
  std::string panel;      // calibration panel ids used for robust nulls (trained-independent
                          // panels, calibration_panel.h), empty when only random-init replicas
  std::string timestamp;  // ISO 8601 UTC, only when asked (--timestamp)
  ModelRef candidate;
  std::vector<ModelRef> bases;
  std::vector<std::string> components_covered;  // e.g. "trunk", "embed", "vision"
  std::vector<PairResult> results;              // one per base, in `bases` order
  // Bases ranked by the strength of their shared-weights evidence (verdict/ranking.h).
  std::vector<RankedBase> ranking;
  std::optional<std::string> most_related;  // the strongest base that shares trained weights
  std::string most_related_reason;          // ranking.h: kRelated*
  // A parent: the highest-ranked base whose ancestry is candidate_from_base, else none.
  std::optional<std::string> parent;
  std::string parent_reason;          // ranking.h: kParent*
  std::vector<SiblingNote> siblings;  // pairs of bases that both share weights with the candidate
  std::optional<PcaIllustration> pca;
  std::vector<Finding> training;                // training evidence, when run
  std::optional<TrajectorySummary> trajectory;  // when checkpoints were given
  std::vector<Finding> compute;                 // compute plausibility, when run
  std::vector<std::string> warnings;            // free text from the orchestration (English)
  // Behaviour (compare --endpoint): the "behaviour" object of cli/behaviour_run.h as JSON text
  // (its types live in behaviour/, above this layer), "" when not run; and its finding's
  // catalog key (behaviour.closer / behaviour.no_evidence). Never an input to the verdict.
  std::string behaviour_json;
  std::string behaviour_finding;
};

// Looks up a base's result by label; nullptr when absent.
const PairResult* FindPair(const CompareResult& r, const std::string& base_label);

}  // namespace lineage
