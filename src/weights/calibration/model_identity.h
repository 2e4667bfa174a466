// Model identity for calibration panels: a fingerprint of a model's canonical weight values, cheap
// enough to compute for every pair under test, so a panel record that involves either model can be
// left out (calibration_panel.h) whatever container the weights come in.
//
// Contract:
//   - ModelFingerprint is the SHA-256 (hex) over, for up to 256 tensors spread evenly over the
//     source's stable key order: the tensor's identity (component, role, layer, expert), its
//     canonical shape and the f32 values of its first, middle and last rows. It reads those rows
//     only (memory: three rows per tensor), after asking the kernel for all of them at once when
//     they lie in mapped local files (weights/source/read_ahead.h). The same values in safetensors
//     or GGUF F32, or a BF16 tensor and its exact F32 upcast, give the same fingerprint; any change
//     of the sampled values (training, quantisation) changes it. Equal fingerprints are treated as
//     the same model: two different models that agree on every sampled row (e.g. a fine-tune that
//     froze exactly those rows) would be conflated, which only removes panel records
//     (conservative).
//   - Non-finite values are hashed as they are. Errors name the tensor. Thread-safe for distinct
//     sources (and for one source, as WeightSource reads are).
#pragma once

#include <string>

#include "util/status.h"
#include "weights/source/weight_source.h"

namespace lineage {

Result<std::string> ModelFingerprint(const WeightSource& source);

}  // namespace lineage
