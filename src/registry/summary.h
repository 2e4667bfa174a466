// The per-model summary a registry search ranks with before any full sketch comparison
// (registry/search.h): small (≈ 2.5 KB), basis-free and unit-order-free.
//
// Contract:
//   - Summary: the first kSummaryTokens probe tokens by hash (their hashes), and for up to
//     kSummaryBlocks blocks spread evenly over depth, each token's mean squared gate response over
//     the block's kept units (a token profile: unchanged by unit permutation, residual orthogonal
//     maps and the choice of kept units' order).
//   - SummaryScore: mean over blocks of the Pearson correlation of the two profiles on the tokens
//     both summaries hold (blocks paired by position); −1 when fewer than 8 tokens are shared.
//     A ranking heuristic with no null: it only decides which registry models get the full
//     comparison (fingerprint/compare.h), never what is reported.
//   - Encode/Decode: little-endian u32 tokens, u32 blocks, tokens × u64 hashes, blocks × tokens
//     f32; Decode checks every length. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fingerprint/fingerprint.h"
#include "util/status.h"

namespace lineage {

inline constexpr uint32_t kSummaryTokens = 64;
inline constexpr uint32_t kSummaryBlocks = 8;

struct ModelSummary {
  std::vector<uint64_t> token_hashes;
  std::vector<std::vector<float>> profiles;  // per block, one value per token
};

ModelSummary SummarizeFingerprint(const Fingerprint& fp);
double SummaryScore(const ModelSummary& a, const ModelSummary& b);

std::vector<uint8_t> EncodeSummary(const ModelSummary& s);
Result<ModelSummary> DecodeSummary(const std::string& what, const std::vector<uint8_t>& bytes);

}  // namespace lineage
