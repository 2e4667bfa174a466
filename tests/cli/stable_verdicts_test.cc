// METHODS §10.7: the verdict of a pair does not depend on the argument order, the thread count or
// the kernel dispatch, on the shipped examples whose true relations are known
// (examples/models/MANIFEST.md).
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage::testing {
namespace {

struct KnownPair {
  const char* a;
  const char* b;
  const char* relation;  // the true verdict
};

// Every relation the examples hold: fine-tune, permutation camouflage, a camouflaged sibling,
// a distilled independent against the whole base lineage, and a training run's checkpoints.
constexpr KnownPair kPairs[] = {
    {"models/ft-sft", "models/base", "derived"},
    {"models/perm", "models/base", "derived"},
    {"models/perm", "models/ft-sft", "derived"},
    {"models/indep-s1", "models/base", "independent"},
    {"models/indep-s1", "models/ft-sft", "independent"},
    {"models/indep-s1", "models/perm", "independent"},
    {"models/traj-s1/step-01000", "models/base", "independent"},
};

std::string Verdict(const std::string& a, const std::string& b, const char* threads) {
  CliResult r =
      RunCli({"weights", Example(a), Example(b), "--json", "--quiet", "--threads", threads});
  EXPECT_EQ(r.exit_code, 0) << a << " " << b << ": " << r.err;
  if (r.exit_code != 0) return "error";
  return nlohmann::json::parse(r.out)["verdict"].get<std::string>();
}

// Runs every pair (in both orders when `both`); the map holds "a|b" → verdict.
std::map<std::string, std::string> RunAll(const char* threads, bool both) {
  std::map<std::string, std::string> out;
  for (const KnownPair& p : kPairs) {
    out[std::string(p.a) + "|" + p.b] = Verdict(p.a, p.b, threads);
    if (both) out[std::string(p.b) + "|" + p.a] = Verdict(p.b, p.a, threads);
  }
  return out;
}

// About 28 runs of `lineage weights` on the tiny examples: ~60 s of CPU.
TEST(StableVerdicts, BothOrdersThreadCountsAndScalarKernelAgreeWithTheTruth) {
  const std::map<std::string, std::string> both = RunAll("1", true);
  std::map<std::string, std::string> one;
  for (const KnownPair& p : kPairs) {
    const std::string ab = std::string(p.a) + "|" + p.b;
    EXPECT_EQ(both.at(ab), p.relation) << p.a << " vs " << p.b;
    EXPECT_EQ(both.at(std::string(p.b) + "|" + p.a), p.relation) << p.b << " vs " << p.a;
    one[ab] = both.at(ab);
  }
  EXPECT_EQ(RunAll("2", false), one) << "the verdicts depend on the thread count";
  // The pair kernel's baseline variant and OpenBLAS's SSE kernels instead of the CPU's best.
  ASSERT_EQ(setenv("LINEAGE_KERNEL", "baseline", 1), 0);
  ASSERT_EQ(setenv("OPENBLAS_CORETYPE", "Nehalem", 1), 0);
  const std::map<std::string, std::string> scalar = RunAll("2", false);
  unsetenv("LINEAGE_KERNEL");
  unsetenv("OPENBLAS_CORETYPE");
  EXPECT_EQ(scalar, one) << "the verdicts depend on the kernel dispatch";
}

}  // namespace
}  // namespace lineage::testing
