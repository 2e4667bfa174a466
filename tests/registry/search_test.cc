// Registry search (registry/search.h) on the shipped examples, on both back ends
// (registry/backends.h): a derived candidate finds its relative first, with a Bonferroni-corrected
// p; an independent one finds nothing related.
#include "registry/search.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "fingerprint/fixtures.h"
#include "registry/backends.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::ExampleFingerprint;
using testing::RegistryBackend;

class RegistrySearch : public testing::RegistryBackendTest {
 protected:
  std::unique_ptr<Registry> Filled(const std::string& tag,
                                   std::initializer_list<const char*> names);
};

std::unique_ptr<Registry> RegistrySearch::Filled(const std::string& tag,
                                                 std::initializer_list<const char*> names) {
  auto r = Registry::Open(Fresh(tag));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return nullptr;
  for (const char* n : names) EXPECT_TRUE((*r)->Add(ExampleFingerprint(n)).ok()) << n;
  return std::move(r).value();
}

TEST_P(RegistrySearch, DerivedCandidatesFindTheirRelativeFirst) {
  auto reg =
      Filled("search-derived", {"indep-s1", "traj-s1/step-00050", "base", "traj-s1/step-00200"});
  ASSERT_NE(reg, nullptr);
  for (const char* candidate : {"ft-sft", "perm"}) {
    Result<SearchResult> s = SearchRegistry(*reg, ExampleFingerprint(candidate), 10);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->registry_size, 4);
    ASSERT_FALSE(s->hits.empty());
    const SearchHit& top = s->hits.front();
    EXPECT_EQ(top.entry.reference, ExampleFingerprint("base").provenance.reference) << candidate;
    EXPECT_TRUE(top.related()) << candidate;
    // Bonferroni over the registry's 4 models.
    EXPECT_NEAR(top.log10_p_bonferroni,
                std::min(0.0, top.comparison.hits_log10_p + std::log10(4.0)), 1e-9);
    for (size_t i = 1; i < s->hits.size(); ++i) EXPECT_FALSE(s->hits[i].related()) << candidate;
  }
}

TEST_P(RegistrySearch, IndependentCandidateFindsNothingRelated) {
  auto reg = Filled("search-indep", {"base", "ft-sft", "perm"});
  ASSERT_NE(reg, nullptr);
  Result<SearchResult> s = SearchRegistry(*reg, ExampleFingerprint("indep-s1"), 10);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->compared, 3u);
  for (const SearchHit& h : s->hits) EXPECT_FALSE(h.related()) << h.entry.reference;
}

TEST_P(RegistrySearch, TopKBoundsTheFullComparisons) {
  auto reg = Filled("search-topk", {"base", "indep-s1", "traj-s1/step-00050"});
  ASSERT_NE(reg, nullptr);
  Result<SearchResult> s = SearchRegistry(*reg, ExampleFingerprint("ft-sft"), 1);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->compared, 1u);
  EXPECT_EQ(s->hits[0].entry.reference, ExampleFingerprint("base").provenance.reference);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistrySearch,
                         ::testing::Values(RegistryBackend::kSqlite, RegistryBackend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace lineage
