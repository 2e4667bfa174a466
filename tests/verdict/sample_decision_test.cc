// The report tests' sample result (tests/report/sample_result.h) decided by DecidePair and
// DecideRelations: its synthetic statistics must give the known lineage of examples/models.
#include <gtest/gtest.h>

#include "report/sample_result.h"
#include "verdict/decide.h"

namespace lineage {
namespace {

TEST(SampleDecisionTest, SampleDecidesLikeTheKnownLineage) {
  // The sample's synthetic statistics mimic examples/models: ft-sft descends from base, not from
  // indep-s1. The verdicts come from DecidePair.
  CompareResult r = testing::SampleCompareResult();
  EXPECT_EQ(FindPair(r, "base")->verdict, Verdict::kDerived);
  EXPECT_EQ(FindPair(r, "indep-s1")->verdict, Verdict::kIndependent);
  // Schema 2.0: base is the most related base; a fine-tune's shared weights show no direction,
  // so no parent is named.
  ASSERT_TRUE(r.most_related.has_value());
  EXPECT_EQ(*r.most_related, "base");
  EXPECT_FALSE(r.parent.has_value());
  EXPECT_EQ(FindPair(r, "base")->ancestry.ancestry, Ancestry::kUnknown);
  EXPECT_EQ(r.schema_version, kCompareSchemaVersion);
  EXPECT_EQ(r.candidate.files.size(), 3u);
  EXPECT_EQ(r.candidate.files[1].sha256,
            "37cd84df008f59caa3426e3da856d45b4fdced723ef86c9f0f43ab41ba4a3bd8");  // MANIFEST.md
}

}  // namespace
}  // namespace lineage
