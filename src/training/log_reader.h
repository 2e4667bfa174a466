// Training logs: CSV, JSONL and TensorBoard event files, reduced to one loss series.
//
// Contract:
//   - The format is detected from content, never from the file name: a valid TFRecord header
//     means TensorBoard, a leading '{' means JSONL, anything else is CSV with a header row.
//   - Column / tag choice: step from step|global_step|iteration|iter|_step (else the row index);
//     loss from an exact name (loss, train_loss, train/loss, training_loss, lm_loss, loss/train)
//     or else the first name containing "loss" that is not validation/eval or a loss scale;
//     tokens from tokens|num_tokens|consumed_tokens|tokens_seen|train/tokens. No loss column is
//     an InvalidArgument naming the file and the columns it saw.
//   - Rows whose loss is missing or not finite are skipped and counted. Bounded: files up to
//     1 GiB (mapped, not copied), lines up to 1 MiB, at most 50 million points.
//   - ParseTrainingLog works on bytes (fuzzable); ReadTrainingLog opens a file. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace lineage {

struct LogPoint {
  int64_t step = 0;
  double loss = 0;
  std::optional<double> tokens;
};

struct TrainingLog {
  std::string source;
  std::string format;            // "csv", "jsonl", "tensorboard"
  std::string loss_key;          // column or tag used for the loss
  std::string tokens_key;        // empty if none
  std::vector<LogPoint> points;  // in file order
  uint64_t skipped = 0;          // rows without a usable loss
};

Result<TrainingLog> ParseTrainingLog(std::string_view bytes, const std::string& name);
Result<TrainingLog> ReadTrainingLog(const std::string& path);

}  // namespace lineage
