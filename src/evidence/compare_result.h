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
inline constexpr const char* kCompareSchemaVersion = "1.3";

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
  std::optional<std::string> parent;            // label of the most likely parent, or none
  std::string parent_reason;                    // decide.h: kParent*
  std::optional<PcaIllustration> pca;
  std::vector<Finding> training;                // training evidence, when run
  std::optional<TrajectorySummary> trajectory;  // when checkpoints were given
  std::vector<Finding> compute;                 // compute plausibility, when run
  std::vector<std::string> warnings;            // free text from the orchestration (English)
};

// Looks up a base's result by label; nullptr when absent.
const PairResult* FindPair(const CompareResult& r, const std::string& base_label);

}  // namespace lineage
