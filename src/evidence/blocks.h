// Block-level evidence: which candidate block matches which base block, the all-pairs block map
// and one statistic per block with its null band. Plain values, filled by the weights analysis
// (weights/statistics/block_map.h) and rendered by reports; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lineage {

struct BlockPair {
  int candidate = 0;
  int base = 0;
  double log10_p = 0;
};

// S1 over candidate blocks × base blocks, as −log10 p (0 = no evidence), row-major by candidate
// block. The matched path comes from the block-map dynamic programme (METHODS §4.6).
struct BlockMapSummary {
  int candidate_blocks = 0;
  int base_blocks = 0;
  std::vector<double> neg_log10_p;  // candidate_blocks × base_blocks
  std::vector<BlockPair> path;      // matched pairs, in candidate order
  double match_threshold = 0;       // −log10 of the Bonferroni per-pair level α/(L_S·L_B)
  std::string statistic;            // e.g. "unit_identity_lap"
};

// One block's statistic with its null band (e.g. the panel's 1st–99th percentile).
struct BlockStat {
  int block = 0;          // candidate block
  std::string statistic;  // e.g. "spearman_r", "gate_up_agreement"
  double value = 0;
  double null_low = 0;
  double null_high = 0;
  std::optional<double> log10_p;
};

// How the block pairs of a weights comparison were read (METHODS.md §10.8). "full": every chosen
// pair tested. "sequential": pairs tested in a seeded order with looks planned before any block
// was read; the decision at each look corrects every p-value as if all planned pairs were tested
// and over the planned looks, and reading stopped at the first look that reached a decision.
//
// A read budget (`--budget`) ends the reading before a stage or a block pair that would take a
// model past it: stopped_on is "budget" when the look at the pairs read did not decide (0 looks
// when no pair was read), and not_read / unread_pairs say what was left unchecked.
struct BlockSampling {
  std::string mode = "full";  // "full" | "sequential"
  int looks_planned = 1;      // L: the Bonferroni factor over looks (1 for "full")
  int looks_done = 1;
  int blocks_read = 0;        // block pairs tested
  int blocks_total = 0;       // block pairs planned
  std::string stopped_on;     // "" (read to the end) | "derived" | "independent" | "budget"
  uint64_t budget_bytes = 0;  // the per-model read budget (0: none)
  // Stages the budget skipped, as ids: "same_role_tensors", "alignment", "block_signatures",
  // "block_tests", "huref".
  std::vector<std::string> not_read;
  std::vector<std::pair<int, int>> unread_pairs;  // (candidate, base) block pairs not tested
};

}  // namespace lineage
