// Fingerprint: a compact, deterministic sketch of one model that keeps enough to screen it for
// relatedness without its weights (docs/METHODS.md §14, docs/FORMATS.md "Fingerprints").
//
// Contents: provenance, tokenizer digest and regular-token ids, config digests, per-tensor
// SHA-256 of the stored bytes, and the weight sketches:
//   - the embedding rows (norm-free, as stored) of a seeded set T of common tokens, identified by
//     TokenHash of their canonical bytes, so two fingerprints pair rows by token string;
//   - per block, for up to kSketchUnits MLP units chosen by a label-free rule (largest folded
//     gate-row norms), their labels (unit indices) and their responses to T: gate_resp = X Gᵀ and
//     up_resp = X Uᵀ, X = rmsnorm(E[T]), γ folded (the probes of METHODS.md §4.3). Responses are
//     computed in the model's own basis, so they are unchanged by any orthogonal transform of the
//     residual stream (signed permutation, rotation) and by scale moved between γ and W.
//
// Contract:
//   - Plain values; the projection seed is the registry's (kDefaultProjectionSeed unless a
//     registry says otherwise), never a run's. Same model + same seed → the same value and bytes.
//   - Matrices are row-major f32: emb is tokens × d, gate_resp / up_resp are tokens × units.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lineage {

inline constexpr uint32_t kFingerprintVersion = 1;
// The default projection seed of a registry (docs/FORMATS.md): "LINEAGE1" in ASCII.
inline constexpr uint64_t kDefaultProjectionSeed = 0x4C494E4541474531ull;
// Probe tokens kept (rows of E[T]) and MLP units kept per block.
inline constexpr uint32_t kSketchTokens = 256;
inline constexpr uint32_t kSketchUnits = 256;

struct FingerprintFile {
  std::string name;    // file name relative to the model, or the hub path
  std::string sha256;  // lower-case hex
};

struct FingerprintProvenance {
  std::string reference;               // what the user gave: a path or "org/name@rev"
  std::string repo, revision;          // hub models: "org/name" and the resolved commit
  std::string lineage_version;         // of the build that made the fingerprint
  std::vector<FingerprintFile> files;  // local models: sha256 of every weight file
};

struct FingerprintTokenizer {
  std::string vocab_sha256;  // of the regular tokens' (id, canonical bytes), in id order
  // Every regular token: TokenHash of its canonical bytes and its id, sorted by hash.
  std::vector<uint64_t> token_hashes;
  std::vector<uint32_t> token_ids;
};

struct FingerprintConfig {
  std::string architecture;
  std::string shape;  // canonical "d=…;layers=…;ffn=…;heads=…;kv_heads=…;vocab=…"
  std::string shape_sha256;   // of `shape`
  std::string config_sha256;  // of the config JSON as parsed and dumped (sorted keys); "" if none
};

struct TensorDigest {
  std::string name;
  std::string sha256;  // stored bytes, lower-case hex
};

struct EmbeddingSketch {
  uint32_t dim = 0;
  std::vector<uint64_t> token_hashes;  // T, one per row
  std::vector<float> rows;             // token_hashes.size() × dim
};

struct BlockSketch {
  int32_t layer = 0;
  uint32_t width = 0;           // h: the block's MLP units
  bool gated = true;            // false: fc1/fc2 MLP ("gate" = fc1, "up" = fc2 write responses)
  std::vector<uint32_t> units;  // labels of the kept units, increasing
  std::vector<float> gate_resp, up_resp;  // tokens × units.size(), tokens = T in EmbeddingSketch
};

struct Fingerprint {
  uint32_t version = kFingerprintVersion;
  uint64_t projection_seed = kDefaultProjectionSeed;
  FingerprintProvenance provenance;
  FingerprintTokenizer tokenizer;
  FingerprintConfig config;
  std::vector<TensorDigest> tensors;
  EmbeddingSketch embedding;
  std::vector<BlockSketch> blocks;
};

}  // namespace lineage
