// Training evidence inside `lineage compare` (METHODS.md §9): training logs, a
// checkpoint trajectory leading to the candidate, the candidate's own random-init signature and
// the compute plausibility of a claimed budget, turned into Findings beside the weight evidence.
//
// Contract:
//   - These findings are context, never weight evidence: every one has decisive = false, so the
//     verdict per base (verdict/decide) never changes because of them. Directions say which way
//     they point: a warm start, a spliced trajectory or a first checkpoint derived from a base
//     point toward derivation; a random start and an unbroken chain point against it.
//   - Reuses the training and arch modules (CheckTrainingLogs, CheckAndDecideTrajectory, InitCheck,
//     EvaluateCompute); nothing is recomputed differently from `lineage logs/trajectory/inspect
//     --init-check/compute`.
//   - The trajectory is CKPT0..CKPTn followed by the candidate (unless CKPTn already is the
//     candidate's path): a from-scratch claim is supported only by a chain that ends at the model
//     under examination. CKPT0 is checked against every base of the compare.
//   - Borrows the loaded models; reads checkpoint models itself (each once). Bad files are errors
//     naming the file. Deterministic in the seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arch/compute.h"
#include "evidence/compare_result.h"
#include "io/model_location.h"
#include "model/model.h"
#include "util/status.h"

namespace lineage {

struct TrainingInputs {
  std::vector<std::string> log_files;      // CSV, JSONL or TensorBoard files of one run, in order
  std::vector<ModelLocation> checkpoints;  // trajectory CKPT0.. (the candidate is appended)
  std::optional<double> vocab_size;        // for the ln V check; default: the candidate's vocab
  std::optional<double> claimed_tokens;    // for the logs' token check and the compute claim
  std::optional<double> tokens_per_step;
  std::optional<ComputeClaim> compute;  // claim flags given (tokens filled from claimed_tokens)
  bool init_check = false;              // random-init signature of the candidate

  bool Any() const {
    return !log_files.empty() || !checkpoints.empty() || compute.has_value() || init_check;
  }
};

struct TrainingContext {
  const Model* candidate = nullptr;
  std::string candidate_path;
  std::vector<const Model*> bases;  // in compare order
  std::vector<std::string> base_labels;
  std::optional<double> candidate_vocab;      // regular tokens of the candidate's tokenizer
  std::optional<double> config_total_params;  // from the candidate's config, when parsed
  std::optional<double> config_active_params;
  uint64_t seed = 0;
  unsigned threads = 0;
};

// Fills result->training, result->compute and result->trajectory.
Status AddTrainingEvidence(const TrainingInputs& inputs, const TrainingContext& context,
                           CompareResult* result);

}  // namespace lineage
