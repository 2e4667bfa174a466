// Checks on a training log (METHODS.md §9): does it start where a randomly initialised model
// starts, did it consume the claimed tokens, and does it jump in a way that suggests a restart
// from another model?
//
// Contract:
//   - Initial loss = the first logged loss (training descends fastest at the start, so any
//     smoothing over later points would understate it). A randomly initialised model predicts
//     roughly uniformly, so its loss is about ln V. `warm_start` is true when the initial loss is
//     below kWarmStartFraction * ln V (far below: e.g. 2-3 nats against 10.4 for V = 32000);
//     between that and kNearRandomFraction
//     * ln V the start is flagged "below-random-start" but not called a warm start, since logs
//     may begin after a few hundred fast steps.
//   - Tokens: the last logged token count (or last step * tokens_per_step) against the claim;
//     a relative gap above kTokenTolerance is a mismatch.
//   - Discontinuities: a step counter that goes backwards ("step-reset", a restart or resume);
//     a drop in loss between consecutive points larger than max(0.5 nats, 8 robust SDs of the
//     point-to-point changes) that persists over the next points and is more than 3x steeper
//     per step than the interval before it ("loss-drop", a splice onto a better model; normal
//     descent slows down per step); an upward jump that persists ("loss-jump"). Transient spikes
//     that recover are ordinary and not reported.
//   - Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "training/log_reader.h"

namespace lineage {

constexpr double kWarmStartFraction = 0.5;
constexpr double kNearRandomFraction = 0.8;
constexpr double kTokenTolerance = 0.05;

struct LogCheckOptions {
  std::optional<double> vocab_size;
  std::optional<double> claimed_tokens;
  std::optional<double> tokens_per_step;
};

struct Discontinuity {
  size_t index = 0;  // point index in the combined series
  int64_t step = 0;
  std::string kind;  // "step-reset", "loss-drop", "loss-jump"
  double before = 0, after = 0;
  std::string source;  // file of the point
};

struct LogReport {
  std::vector<std::string> sources;
  size_t points = 0;
  int64_t first_step = 0, last_step = 0;
  double initial_loss = 0;
  double final_loss = 0;
  std::optional<double> ln_vocab;
  bool warm_start = false;
  std::optional<double> tokens_logged;  // last token count (or steps * tokens_per_step)
  std::optional<double> tokens_ratio;   // logged / claimed
  std::optional<bool> tokens_match;
  std::vector<Discontinuity> discontinuities;
  std::vector<std::string> flags;  // "warm-start", "below-random-start", "tokens-mismatch", ...
};

// Logs are concatenated in the order given (one run split over files).
Result<LogReport> CheckTrainingLogs(const std::vector<TrainingLog>& logs,
                                    const LogCheckOptions& opt);

nlohmann::json LogReportJson(const LogReport& r);

// The `lineage logs --json` document: LogReportJson with the first log's format and loss key.
// `logs` are the ones checked (at least one).
nlohmann::json LogsJson(const LogReport& r, const std::vector<TrainingLog>& logs);

}  // namespace lineage
