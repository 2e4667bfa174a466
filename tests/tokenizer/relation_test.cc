// The relation rule on synthetic vocabularies, one edit at a time, so that each label is shown to
// follow from its definition and not from the shipped fixtures.
#include "tokenizer/relation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace lineage {
namespace {

// n regular tokens "t<i>" at ids 0..n-1 plus, optionally, 256 byte tokens first.
Vocab Synthetic(int n, int first_id = 0) {
  Vocab v;
  v.model = VocabModel::kBpe;
  for (int i = 0; i < n; ++i) {
    Token t;
    t.id = first_id + i;
    t.bytes = t.surface = "t" + std::to_string(i);
    v.tokens.push_back(t);
  }
  return v;
}

Relation Rel(const Vocab& a, const Vocab& b) { return CompareVocabs(a, b).relation; }

// Gives the tokens a random permutation of their ids (seeded).
void ShuffleIds(Vocab* v, unsigned seed) {
  std::vector<int64_t> ids;
  for (const Token& t : v->tokens) ids.push_back(t.id);
  std::mt19937 rng(seed);
  std::shuffle(ids.begin(), ids.end(), rng);
  for (size_t i = 0; i < v->tokens.size(); ++i) v->tokens[i].id = ids[i];
  ASSERT_TRUE(FinalizeVocab("shuffled", v).ok());
}

TEST(RelationTest, Identical) {
  Vocab a = Synthetic(5000);
  EXPECT_EQ(Rel(a, a), Relation::kIdentical);
  // Specials may differ.
  Vocab b = a;
  Token s;
  s.id = 5000;
  s.bytes = s.surface = "<|end|>";
  s.kind = TokenKind::kSpecial;
  b.tokens.push_back(s);
  EXPECT_EQ(Rel(a, b), Relation::kIdentical);
}

TEST(RelationTest, ExtendsAndSubset) {
  Vocab base = Synthetic(5000);
  Vocab grown = Synthetic(6000);  // same first 5000, 1000 appended
  EXPECT_EQ(Rel(grown, base), Relation::kExtends);
  EXPECT_EQ(Rel(base, grown), Relation::kSubset);
  // One changed token in a thousand stays within the rule; one in a hundred does not.
  Vocab edited = grown;
  for (int i = 0; i < 4; ++i)
    edited.tokens[static_cast<size_t>(i) * 1000].bytes = "x" + std::to_string(i);
  EXPECT_EQ(Rel(edited, base), Relation::kExtends);
  for (int i = 0; i < 60; ++i)
    edited.tokens[static_cast<size_t>(i) * 80 + 1].bytes = "y" + std::to_string(i);
  EXPECT_NE(Rel(edited, base), Relation::kExtends);
}

TEST(RelationTest, ShiftAndPermutationAreReindexed) {
  Vocab base = Synthetic(5000);
  Vocab shifted = Synthetic(5000, /*first_id=*/7);  // tokens inserted before: every id moves
  TokenizerComparison c = CompareVocabs(shifted, base);
  EXPECT_EQ(c.relation, Relation::kReindexed);
  EXPECT_EQ(c.dominant_offset, -7);
  EXPECT_DOUBLE_EQ(c.dominant_offset_share, 1.0);

  Vocab permuted = base;
  ShuffleIds(&permuted, 7);
  c = CompareVocabs(permuted, base);
  EXPECT_EQ(c.relation, Relation::kReindexed);
  EXPECT_LT(c.id_order_kept, 0.5);  // decided by the same set, not by order
}

TEST(RelationTest, LargeIndependentVocabularyContainingASmallOneIsNotReindexed) {
  // B's tokens all occur in A, but in an unrelated order: what a big tokenizer trained on
  // similar data looks like. Containment alone must not make it a re-indexed copy.
  Vocab small = Synthetic(2000);
  Vocab big = Synthetic(20000);
  ShuffleIds(&big, 11);
  TokenizerComparison c = CompareVocabs(big, small);
  EXPECT_DOUBLE_EQ(c.containment, 1.0);
  EXPECT_EQ(c.relation, Relation::kOverlapping);
}

TEST(RelationTest, OverlappingAndUnrelatedByJaccard) {
  Vocab a = Synthetic(1000);
  Vocab b;
  auto fill = [&](int shared) {  // `shared` of a's strings at reversed ids, the rest b's own
    b.tokens.clear();
    for (int i = 0; i < 1000; ++i) {
      Token t;
      t.id = i;
      t.bytes = t.surface = i < shared ? "t" + std::to_string(999 - i) : "u" + std::to_string(i);
      b.tokens.push_back(t);
    }
  };
  fill(600);  // Jaccard 600/1400 = 0.43
  EXPECT_EQ(Rel(a, b), Relation::kOverlapping);
  fill(400);  // Jaccard 0.25, containment 0.4
  EXPECT_EQ(Rel(a, b), Relation::kUnrelated);
  for (int i = 0; i < 1000; ++i) b.tokens[static_cast<size_t>(i)].bytes = "v" + std::to_string(i);
  EXPECT_EQ(Rel(a, b), Relation::kUnrelated);
}

}  // namespace
}  // namespace lineage
