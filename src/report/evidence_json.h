// The one JSON encoder of each evidence concept (Finding, NullModel, ComponentVerdict,
// RobustScore, BlockPair) and the one non-finite number rule, shared by `lineage compare --json`
// (report/json_report.h) and `lineage weights --json` (report/weights_json.h), and the ancestry
// evidence items.
//
// Contract:
//   - Non-finite numbers become null (docs/JSON_SCHEMA.md, "Determinism"); finite numbers are
//     written as the double itself (shortest round-trip form when dumped).
//   - Keys come in one fixed order per concept. `Keys::kAll` writes every key, an absent value as
//     null (the versioned compare schema, additionalProperties false); `Keys::kPresent` leaves
//     out the keys whose value is absent or at its default (the weights document, which scripts
//     read by key). The order of the keys that are written is the same under both.
//   - Pure functions of their arguments; thread-safe.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "evidence/blocks.h"
#include "evidence/finding.h"
#include "evidence/model_ref.h"
#include "evidence/pair_result.h"

namespace lineage {

enum class Keys { kAll, kPresent };

// v, or null when v is NaN or ±inf.
nlohmann::ordered_json JsonNumber(double v);
// JsonNumber(*v), or null when v is absent.
nlohmann::ordered_json JsonNumber(const std::optional<double>& v);

nlohmann::ordered_json NullModelJson(const NullModel& n, Keys keys);
nlohmann::ordered_json FindingJson(const Finding& f, Keys keys);
nlohmann::ordered_json ComponentVerdictJson(const ComponentVerdict& c, Keys keys);
nlohmann::ordered_json RobustScoreJson(const RobustScore& s);
nlohmann::ordered_json BlockPairJson(const BlockPair& p);
// {measured, power, controls, detections, lower_bound, confidence, kinds: [{kind, controls,
// detections}], components: [{component, controls, detections, lower_bound}], from_cache,
// description}: the same keys in both documents.
nlohmann::ordered_json PowerJson(const PowerStatement& p);
// {mode, looks_planned, looks_done, blocks_read, blocks_total, stopped_on} (evidence/blocks.h
// BlockSampling; stopped_on null when read to the end), or null when the weights were not compared.
nlohmann::ordered_json SamplingJson(const std::optional<BlockSampling>& s);
// {id, points_to, numbers: {name: value, ...}}: one item of ancestry evidence.
nlohmann::ordered_json AncestryEvidenceJson(const AncestryEvidence& e);
// What reading a model cost: {revision (null for local), bytes_read, bytes_total, requests}.
nlohmann::ordered_json ReadingJson(const ModelRef& m);

}  // namespace lineage
