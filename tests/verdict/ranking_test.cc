// RankBases: bases ranked by strength, the most related base, a parent only with ancestry, and
// sibling notes for bases that both share weights with the candidate.
#include "verdict/ranking.h"

#include <gtest/gtest.h>

#include "verdict/decide.h"

namespace lineage {
namespace {

PairResult Pair(const std::string& base, Verdict v, std::optional<double> log10_p_adj,
                Ancestry a = Ancestry::kUnknown) {
  PairResult p;
  p.base = base;
  p.verdict = v;
  p.log10_p_adjusted = log10_p_adj;
  p.ancestry.ancestry = a;
  return p;
}

TEST(RankingTest, NoWeightEvidenceAnywhereIsNotANegativeResult) {
  // Every pair inconclusive for want of weights (endpoint-only models): nothing was tested, so
  // the overall line must not read "no shared weights".
  CompareResult r;
  r.results = {Pair("served-a", Verdict::kInconclusive, std::nullopt),
               Pair("served-b", Verdict::kInconclusive, std::nullopt)};
  for (PairResult& p : r.results) p.reason = kReasonNoWeightEvidence;
  RankBases(&r);
  EXPECT_FALSE(r.most_related.has_value());
  EXPECT_EQ(r.most_related_reason, kRelatedUnchecked);
  // One base with weights checked and found independent: the usual negative line.
  r.results[1].verdict = Verdict::kIndependent;
  r.results[1].reason = kReasonExact;
  RankBases(&r);
  EXPECT_EQ(r.most_related_reason, kRelatedNone);
}

TEST(RankingTest, StrongestDerivedBaseIsMostRelatedButNotAParentWithoutAncestry) {
  CompareResult r;
  r.results = {Pair("grandparent", Verdict::kDerived, -30),
               Pair("unrelated", Verdict::kIndependent, -0.5),
               Pair("parent", Verdict::kDerived, -90)};
  RankBases(&r);
  ASSERT_EQ(r.ranking.size(), 3u);
  EXPECT_EQ(r.ranking[0].base, "parent");
  EXPECT_EQ(r.ranking[1].base, "grandparent");
  EXPECT_EQ(r.ranking[2].base, "unrelated");
  ASSERT_TRUE(r.most_related.has_value());
  EXPECT_EQ(*r.most_related, "parent");
  EXPECT_EQ(r.most_related_reason, kRelatedStrongest);
  EXPECT_FALSE(r.parent.has_value());
  EXPECT_EQ(r.parent_reason, kParentDirectionUnknown);
  ASSERT_EQ(r.siblings.size(), 1u);
  EXPECT_EQ(r.siblings[0].first, "parent");
  EXPECT_EQ(r.siblings[0].second, "grandparent");
  EXPECT_EQ(r.siblings[0].reason, kSiblingsBothShare);
}

TEST(RankingTest, ParentOnlyWhereAncestryNamesTheCandidateLater) {
  CompareResult r;
  r.results = {Pair("child", Verdict::kDerived, -90, Ancestry::kBaseFromCandidate),
               Pair("source", Verdict::kDerived, -30, Ancestry::kCandidateFromBase)};
  RankBases(&r);
  EXPECT_EQ(*r.most_related, "child");
  ASSERT_TRUE(r.parent.has_value());
  EXPECT_EQ(*r.parent, "source");
  EXPECT_EQ(r.parent_reason, kParentFromAncestry);
}

TEST(RankingTest, CalibratedStrengthBreaksTiesThenInputOrder) {
  CompareResult r;
  r.results = {Pair("a", Verdict::kDerived, std::nullopt),
               Pair("b", Verdict::kDerived, std::nullopt),
               Pair("c", Verdict::kDerived, std::nullopt)};
  RobustScore strong, weaker;
  strong.z_adj = 40;
  weaker.z_adj = 20;
  r.results[1].robust.push_back(strong);
  r.results[2].robust.push_back(weaker);
  RankBases(&r);
  EXPECT_EQ(r.ranking[0].base, "b");
  EXPECT_EQ(r.ranking[1].base, "c");
  EXPECT_EQ(r.ranking[2].base, "a");
  EXPECT_EQ(r.siblings.size(), 3u);
}

TEST(RankingTest, NothingRelated) {
  CompareResult r;
  r.results = {Pair("x", Verdict::kInconclusive, -1)};
  RankBases(&r);
  EXPECT_FALSE(r.most_related.has_value());
  EXPECT_FALSE(r.parent.has_value());
  EXPECT_EQ(r.most_related_reason, kRelatedNone);
  EXPECT_EQ(r.parent_reason, kParentNoneRelated);
  EXPECT_TRUE(r.siblings.empty());
  ASSERT_EQ(r.ranking.size(), 1u);
}

}  // namespace
}  // namespace lineage
