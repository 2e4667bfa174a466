// Calibration panels (METHODS.md §10.3): the robust statistics (S2 gate/up agreement,
// S4 HuRef M_a/M_b, S3 CKA q/k) of pairs of models known to be independent, kept as data so the
// null of a robust statistic grows with real trained models instead of being a constant.
//
// Format (docs/CALIBRATION.md): JSON Lines, one record per known-independent pair, written by
// `lineage calibrate A B`. A panel's id is its file name without `.jsonl`.
//
// Contract:
//   - LoadCalibrationPanels reads every `*.jsonl` file directly inside each directory (sorted by
//     name; a missing directory is an error, the caller skips a shipped one that does not exist)
//     and then each listed file. Hostile input: files above 64 MB, lines above 1 MB, JSON deeper
//     than 16 levels, invalid UTF-8, syntax errors, missing or mistyped fields, non-finite or
//     out-of-range numbers, an unknown format or a newer major version → a Corrupt status naming
//     the file and the line. Unknown keys are ignored (minor versions may add them). Blank lines
//     and lines starting with '#' are skipped.
//   - A record's statistics are comparable with a pair under test only under the same statistic
//     definition and the same shape class that statistic's null depends on (ComparableS2/S4):
//     families, residual widths and, for S2, MLP widths, probe count, matched units and blocks
//     averaged; for S4, head counts, probe count and blocks. Nothing else is assumed comparable.
//   - SelectTrainedPanels leaves out every record that involves a model of the same lineage as
//     either model under test (leave-lineage-out): a model under test has the lineage ids the
//     panel records give its fingerprint (model_identity.h), or none when the panels do not know
//     it, in which case only records with its fingerprint leave. Each unordered pair of models
//     counts once. Fewer than `min_records` comparable records →
//     no trained panel for that statistic (the caller falls back to random-init replicas).
//   - Plain values; pure functions except the loader's file reads; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/compare_result.h"
#include "util/status.h"
#include "weights/pair/pair_analysis.h"
#include "weights/statistics/findings.h"

namespace lineage {

inline constexpr const char* kPanelFormat = "lineage-calibration";
inline constexpr int kPanelFormatMajor = 1;
inline constexpr int kPanelFormatMinor = 1;  // 1.1: lineage ids, same_data
// Statistic definitions: bump when the computation of a statistic changes, so records measured
// under the old definition stop being comparable.
inline constexpr const char* kS2Definition = "gate_up_agreement/1";
inline constexpr const char* kS4Definition = "huref_ma_mb_cosine/1";
inline constexpr const char* kCkaDefinition = "cka_unbiased_qk/1";

struct PanelModel {
  std::string path;               // as given on the command line
  std::string fingerprint;        // ModelFingerprint (model_identity.h), 64 hex digits
  std::vector<FileDigest> files;  // weight files read, with their SHA-256 (provenance)
  // Lineage id (format 1.1): the root of the model's training lineage, shared by every model
  // derived from the same trained weights (a base, its fine-tunes, camouflaged copies, a
  // training run's checkpoints). Empty in 1.0 records: the fingerprint is then the lineage.
  std::string lineage;
};

// What the robust nulls depend on besides the statistic itself, candidate (a) then base (b).
struct PairShape {
  std::string family_a, family_b;  // WeightLayout::architecture
  int64_t residual_a = 0, residual_b = 0;
  int64_t mlp_width_a = 0, mlp_width_b = 0;
  int heads_a = 0, heads_b = 0, kv_heads_a = 0, kv_heads_b = 0;
};

struct S2Stat {
  std::string definition = kS2Definition;
  double agreement = 0;  // mean over `blocks` blocks (the trunk S2 statistic)
  int blocks = 0;
  int64_t units = 0;              // candidate units matched per block
  int64_t probes = 0;             // probe tokens N
  std::vector<double> per_block;  // the blocks' agreements, in test order
};

struct S4Stat {
  std::string definition = kS4Definition;
  double score = 0;
  int blocks = 0;
  int64_t probes = 0;
};

struct CkaStat {
  std::string definition = kCkaDefinition;
  double q = 0, k = 0;  // mean unbiased CKA over `blocks` diagonal blocks
  int blocks = 0;
  int64_t dims = 0;  // residual dims sampled per block
};

// The robust statistics of one analysed pair, as a panel records them.
struct RobustStats {
  PairShape shape;
  std::optional<S2Stat> s2;
  std::optional<S4Stat> s4;
  std::optional<CkaStat> cka;
};

struct PanelRecord {
  PanelModel candidate, base;
  RobustStats stats;
  std::string tool_version;
  uint64_t seed = 0;
  std::string date;  // YYYY-MM-DD (UTC) when the record was produced
  std::string how;   // free-text provenance: why the pair is known to be independent
  // Format 1.1: both models were trained on the same data (same corpus, or one distilled from
  // outputs the other was trained on); such records make the panel the null of the statistics that
  // shared data moves (S2, S4). False in 1.0 records.
  bool same_data = false;
  // Where it was read from (not serialised): panel id (file stem) and "file:line".
  std::string panel_id;
  std::string origin;
};

struct CalibrationPanels {
  std::vector<PanelRecord> records;
  std::vector<std::string> files;  // read, in order
};

// The statistics AnalyzeWeights measured, in panel form (layouts give families and heads).
RobustStats MeasuredRobustStats(const WeightsResult& r, const WeightLayout& candidate,
                                const WeightLayout& base);

nlohmann::ordered_json PanelRecordToJson(const PanelRecord& r);
// One record from one line; `where` ("file:line") prefixes every error.
Result<PanelRecord> ParsePanelRecord(std::string_view line, const std::string& where);
Result<CalibrationPanels> LoadCalibrationPanels(const std::vector<std::string>& dirs,
                                                const std::vector<std::string>& files);
// The shipped panels: $LINEAGE_CALIBRATION, else data/calibration or share/lineage/calibration
// next to or above the executable (util/data_dir.h). NotFound when none is found.
Result<std::string> DefaultCalibrationDir();

bool ComparableS2(const PanelRecord& record, const RobustStats& measured);
bool ComparableS4(const PanelRecord& record, const RobustStats& measured);

// Trained-independent panels chosen for one pair; absent statistics fall back to random-init
// replicas, and `notes` say why (English diagnostic text, like WeightsResult::notes).
struct TrainedPanels {
  std::optional<RobustPanel> s2, s4;
  std::vector<std::string> notes;
  // Panel ids of the records used, comma-separated (empty when none).
  std::string Sources() const;
};

TrainedPanels SelectTrainedPanels(const CalibrationPanels& panels, const RobustStats& measured,
                                  const std::string& candidate_fingerprint,
                                  const std::string& base_fingerprint, int min_records = 2);

// The shipped panels (when DefaultCalibrationDir finds them) plus the user's files, in that
// order. A user file that cannot be read or parsed is an error.
Result<CalibrationPanels> LoadShippedAndUserPanels(const std::vector<std::string>& user_files);

// The two models under test as leave-lineage-out knows them (model_identity.h fingerprints).
// Fingerprinting reads rows of up to 256 tensors per model (remote: as many range requests), so
// a pair is identified once and the identity reused at every sequential look and in the final
// decision. Empty fingerprints with `why` when no panel is loaded (nothing to leave out) or a
// model cannot be fingerprinted.
struct PairIdentity {
  std::string candidate, base;  // ModelFingerprint of each; both empty when not identified
  std::string why;              // the note TrainedPanelsForPair gives when not identified
  bool identified() const { return !candidate.empty() && !base.empty(); }
};

PairIdentity IdentifyPair(const CalibrationPanels& panels, const WeightSource& candidate,
                          const WeightSource& base);

// SelectTrainedPanels for an analysed pair, identified by IdentifyPair, reading the measured
// shape from the result and the layouts. A pair that was not identified cannot be left out of
// the panel, so no trained panel is used then (the note says why).
TrainedPanels TrainedPanelsForPair(const CalibrationPanels& panels, const WeightsResult& r,
                                   const PairIdentity& identity, const WeightLayout& candidate,
                                   const WeightLayout& base);

}  // namespace lineage
