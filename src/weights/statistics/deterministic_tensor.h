// Tensors that are equal across independent models by construction (METHODS.md §3): sinusoidal
// position tables, rotary inverse-frequency buffers and constant-initialised tensors (all-ones
// norms never trained, zero biases). Their equality is no evidence of shared training, so they are
// recognised here and excluded from identity evidence.
//
// Contract:
//   - ClassifyDeterministic recomputes the analytic tables it knows from the tensor's shape and
//     compares them with the values (absolute tolerance 1e-3, enough for F16/BF16 storage and the
//     float rounding of other implementations); it never reads anything else.
//   - Known tables: the Transformer sinusoid (Vaswani et al. 2017) with sin/cos interleaved or in
//     two halves (fairseq, Whisper), positions from 0 or from a small offset (padding rows);
//     rotary inverse frequencies 1/θ^(2i/d) for any θ the values imply.
//   - Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "weights/source/weight_source.h"
#include "weights/statistics/per_tensor.h"

namespace lineage {

enum class DeterministicKind { kNone, kConstant, kSinusoidal, kRotaryInvFreq };
// "", "constant", "sinusoidal", "rotary-inv-freq".
const char* DeterministicKindName(DeterministicKind k);

DeterministicKind ClassifyDeterministic(const Mat& values);

// Marks the value-identical tensors of `tensors` that are deterministic (TensorComparison::
// deterministic), reading each candidate tensor once (only value-identical ones of at most
// 2^24 elements are read; constants are known from the moments). Returns one English report line
// naming them, or "" when there are none.
Result<std::string> MarkDeterministicTensors(const WeightSource& a,
                                             std::vector<TensorComparison>* tensors);

}  // namespace lineage
