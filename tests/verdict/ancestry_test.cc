// DecideAncestry on synthetic pairs: a direction only from direction-bearing evidence, mirrored
// when candidate and base swap, unknown on conflict, common ancestor when each side adds.
#include "verdict/ancestry.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

PairResult Derived() {
  PairResult p;
  p.base = "b";
  p.verdict = Verdict::kDerived;
  return p;
}

// The same pair seen from the other side: sides of the structure, tokenizer and block map swap.
PairResult Swapped(const PairResult& p) {
  PairResult q = p;
  if (p.structure) std::swap(q.structure->candidate, q.structure->base);
  if (p.tokenizer) {
    std::swap(q.tokenizer->candidate_vocab, q.tokenizer->base_vocab);
    if (p.tokenizer->relation == "extends") q.tokenizer->relation = "subset";
    if (p.tokenizer->relation == "subset") q.tokenizer->relation = "extends";
  }
  if (p.block_map) {
    const BlockMapSummary& m = *p.block_map;
    BlockMapSummary t = m;
    std::swap(t.candidate_blocks, t.base_blocks);
    for (int i = 0; i < m.candidate_blocks; ++i) {
      for (int j = 0; j < m.base_blocks; ++j) {
        t.neg_log10_p[static_cast<size_t>(j) * m.candidate_blocks + i] =
            m.neg_log10_p[static_cast<size_t>(i) * m.base_blocks + j];
      }
    }
    q.block_map = t;
  }
  return q;
}

Ancestry Decided(PairResult p) {
  DecideAncestry({}, &p);
  return p.ancestry.ancestry;
}

void ExpectMirrors(const PairResult& p, Ancestry expected) {
  EXPECT_EQ(Decided(p), expected);
  EXPECT_EQ(Decided(Swapped(p)), MirrorAncestry(expected));
}

// `rows` blocks on the candidate side; block i matches base block map[i] (or nothing when -1).
BlockMapSummary Map(int base_blocks, const std::vector<int>& map) {
  BlockMapSummary m;
  m.candidate_blocks = static_cast<int>(map.size());
  m.base_blocks = base_blocks;
  m.match_threshold = 5;
  m.neg_log10_p.assign(map.size() * base_blocks, 0.3);
  for (size_t i = 0; i < map.size(); ++i) {
    if (map[i] >= 0) m.neg_log10_p[i * base_blocks + map[i]] = 40;
  }
  return m;
}

TEST(AncestryTest, SharedWeightsAloneHaveNoDirection) {
  PairResult p = Derived();
  p.structure = PairStructure{};
  p.structure->candidate = {256, 512, 128, 0, "F32", false};
  p.structure->base = p.structure->candidate;
  p.block_map = Map(5, {0, 1, 2, 3, 4});
  DecideAncestry({}, &p);
  EXPECT_EQ(p.ancestry.ancestry, Ancestry::kUnknown);
  EXPECT_EQ(p.ancestry.reason, kAncestryNoEvidence);
  EXPECT_TRUE(p.ancestry.evidence.empty());
}

TEST(AncestryTest, NotDerivedIsNotRelated) {
  PairResult p = Derived();
  p.verdict = Verdict::kInconclusive;
  p.tokenizer = TokenizerSummary{"extends", 300, 256, 256, 0.85, 1, 1, {}};
  DecideAncestry({}, &p);
  EXPECT_EQ(p.ancestry.ancestry, Ancestry::kUnknown);
  EXPECT_EQ(p.ancestry.reason, kAncestryNotRelated);
}

TEST(AncestryTest, VocabularyExtensionMirrors) {
  PairResult p = Derived();
  p.tokenizer = TokenizerSummary{"extends", 300, 256, 256, 0.85, 1, 1, {}};
  ExpectMirrors(p, Ancestry::kCandidateFromBase);
  // Without tokenizers: more rows with the shared ids kept, unless the ids were only assumed.
  PairResult q = Derived();
  q.structure = PairStructure{};
  q.structure->candidate.embed_rows = 300;
  q.structure->base.embed_rows = 256;
  q.structure->same_id_fraction = 1;
  ExpectMirrors(q, Ancestry::kCandidateFromBase);
  q.structure->same_ids_assumed = true;
  ExpectMirrors(q, Ancestry::kUnknown);
}

TEST(AncestryTest, DepthUpscalingAndPruningMirror) {
  PairResult up = Derived();
  up.block_map = Map(4, {0, 1, 2, 1, 2, 3});
  ExpectMirrors(up, Ancestry::kCandidateFromBase);
  PairResult pruned = Derived();
  pruned.block_map = Map(5, {0, 1, 3, 4});
  ExpectMirrors(pruned, Ancestry::kCandidateFromBase);
  // Extra blocks that match nothing (new blocks, or unmatched): no pruning claim either way.
  PairResult partial = Derived();
  partial.block_map = Map(5, {0, 1, -1, 4});
  ExpectMirrors(partial, Ancestry::kUnknown);
}

TEST(AncestryTest, PrecisionAndQuantisationMirror) {
  PairResult p = Derived();
  p.structure = PairStructure{};
  p.structure->candidate = {256, 512, 128, 0, "BF16", false};
  p.structure->base = {256, 512, 128, 0, "F32", false};
  p.structure->cast_equal_fraction = 0.999;
  ExpectMirrors(p, Ancestry::kCandidateFromBase);
  p.structure->cast_equal_fraction = 0.6;  // trained after the cast: no longer an image
  ExpectMirrors(p, Ancestry::kUnknown);
  PairResult q = Derived();
  q.structure = PairStructure{};
  q.structure->candidate = {256, 512, 128, 0, "Q8_0", true};
  q.structure->base = {256, 512, 128, 0, "F32", false};
  ExpectMirrors(q, Ancestry::kCandidateFromBase);
}

TEST(AncestryTest, MoeUpcyclingAndWidthPruningMirror) {
  PairResult p = Derived();
  p.structure = PairStructure{};
  p.structure->candidate = {256, 512, 128, 4, "F32", false};
  p.structure->base = {256, 512, 128, 0, "F32", false};
  ExpectMirrors(p, Ancestry::kCandidateFromBase);
  PairResult w = Derived();
  w.structure = PairStructure{};
  w.structure->candidate = {256, 256, 128, 0, "F32", false};
  w.structure->base = {256, 512, 128, 0, "F32", false};
  ExpectMirrors(w, Ancestry::kCandidateFromBase);
}

TEST(AncestryTest, ConflictIsUnknownAndListsBoth) {
  PairResult p = Derived();
  p.tokenizer = TokenizerSummary{"extends", 300, 256, 256, 0.85, 1, 1, {}};  // candidate later
  p.structure = PairStructure{};
  p.structure->candidate = {300, 512, 128, 0, "F32", false};
  p.structure->base = {256, 512, 128, 0, "BF16", false};
  p.structure->cast_equal_fraction = 1.0;  // base is a lower-precision image: base later
  DecideAncestry({}, &p);
  EXPECT_EQ(p.ancestry.ancestry, Ancestry::kUnknown);
  EXPECT_EQ(p.ancestry.reason, kAncestryConflict);
  ASSERT_EQ(p.ancestry.evidence.size(), 2u);
  EXPECT_NE(p.ancestry.evidence[0].points_to, p.ancestry.evidence[1].points_to);
}

TEST(AncestryTest, EachSideAddingWeightsIsACommonAncestor) {
  // The candidate extends the vocabulary; the base repeats blocks: each has what the other lacks.
  PairResult p = Derived();
  p.tokenizer = TokenizerSummary{"extends", 300, 256, 256, 0.85, 1, 1, {}};
  p.block_map = Map(6, {0, 1, 2, 5});
  p.block_map->neg_log10_p[1 * 6 + 3] = 41;  // base blocks 1 and 3 both repeat candidate block 1
  ExpectMirrors(p, Ancestry::kCommonAncestor);
  // Overlapping vocabularies with the shared ids kept: each side added tokens.
  PairResult q = Derived();
  q.tokenizer = TokenizerSummary{"overlapping", 300, 280, 250, 0.76, 0.9, 1, {}};
  ExpectMirrors(q, Ancestry::kCommonAncestor);
}

TEST(AncestryTest, TrajectoryFromTheBaseNamesTheCandidateLater) {
  Finding start = MakeFinding("training", "trajectory_start_vs_base", "b", "derived", 1);
  start.log10_p = -40;
  Finding chain = MakeFinding("training", "trajectory_continuous", "c", "first_break", -1);
  chain.note = "chain-continuous";
  PairResult p = Derived();
  DecideAncestry({start, chain}, &p);
  EXPECT_EQ(p.ancestry.ancestry, Ancestry::kCandidateFromBase);
  chain.note = "chain-break";  // the chain may not reach the candidate
  DecideAncestry({start, chain}, &p);
  EXPECT_EQ(p.ancestry.ancestry, Ancestry::kUnknown);
}

}  // namespace
}  // namespace lineage
