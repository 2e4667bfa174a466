// BuildFingerprint: one model → its Fingerprint (fingerprint.h), read through the model's own
// streaming reader (local files or hub references alike: model/model.h), one block at a time.
//
// Contract:
//   - Probe tokens T: among the model's regular tokens of 1–4 canonical bytes (short tokens are
//     frequent in every corpus, so their embeddings are trained), the kSketchTokens with the
//     smallest ProbeKey(TokenHash(bytes), seed); all regular tokens when fewer are short.
//     Without a tokenizer, ids stand for tokens ("id:N", as weights/align/shared_tokens.h does).
//     The choice depends on token strings and the seed only, never on weights.
//   - Kept units per block: the min(h, kSketchUnits) units with the largest folded gate-row norm
//     (fc1 for an ungated MLP), ties to the lower label: a rule that never looks at unit labels,
//     so under H0 the base's labels of its kept units stay uniformly random (METHODS.md §14).
//   - Memory: one block's MLP matrices at a time plus the sketch. Deterministic in the model and
//     options.seed (the thread count changes nothing). Errors name the model.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "fingerprint/fingerprint.h"
#include "model/model.h"
#include "util/status.h"
#include "weights/source/weight_source.h"

namespace lineage {

struct Vocab;

struct FingerprintOptions {
  uint64_t seed = kDefaultProjectionSeed;  // the registry's projection seed
  unsigned threads = 0;                    // for the tensor hashes; 0 = all cores
  bool file_digests = true;  // sha256 of local weight files (skipped for hub models: commit)
};

Result<Fingerprint> BuildFingerprint(const Model& model, const FingerprintOptions& options);

// The weight part alone (config shape, embedding sketch, block sketches) from any WeightSource:
// what BuildFingerprint does after the digests, and what power measurements on generated models
// (in-memory sources) call directly. Fills fp->config (but config_sha256), embedding and blocks.
Status SketchWeights(const WeightSource& src, const Vocab* vocab, uint64_t seed, Fingerprint* fp);

// The probe-token keyed hash (a seeded Rng's first draw from token_hash ⊕ seed).
uint64_t ProbeKey(uint64_t token_hash, uint64_t seed);

// The probe tokens T as (TokenHash of the canonical bytes, embedding row), sorted by hash; `vocab`
// may be null (ids stand for tokens). Rows at or above `rows` are never chosen.
std::vector<std::pair<uint64_t, int64_t>> SelectProbeTokens(const Vocab* vocab, int64_t rows,
                                                            uint64_t seed);

}  // namespace lineage
