#include "report/weights_json.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "report/evidence_json.h"

namespace lineage {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Finding NanFinding() {
  Finding f;
  f.analysis = "weights";
  f.test = "unit_identity_lap";
  f.component = "trunk";
  f.statistic = "spearman_r";
  f.value = kNaN;
  f.log10_p = -kInf;
  f.decisive = true;
  return f;
}

// Non-finite numbers are null (docs/JSON_SCHEMA.md): weights --json once wrote them as ±1e308.
TEST(WeightsJsonTest, NanStatisticBecomesNull) {
  WeightsResult r;
  TensorComparison t;
  t.name = "block 0 gate";
  t.cosine = kNaN;
  t.rel_l2 = kInf;
  r.tensors.push_back(t);
  r.block_map.blocks_a = r.block_map.blocks_b = 1;
  r.block_map.log10_p = {-kInf};
  PairResult p;
  p.findings.push_back(NanFinding());
  p.power.power = kNaN;
  const nlohmann::ordered_json j = WeightsResultToJson(r, p);
  const auto& f = j["findings"][0];
  EXPECT_TRUE(f["value"].is_null()) << f.dump();
  EXPECT_TRUE(f["log10_p"].is_null()) << f.dump();
  EXPECT_TRUE(j["tensors"][0]["cosine"].is_null());
  EXPECT_TRUE(j["tensors"][0]["rel_l2"].is_null());
  EXPECT_TRUE(j["block_map_detail"]["log10_p"][0][0].is_null());
  EXPECT_TRUE(j["power"]["power"].is_null());
  const std::string text = j.dump();
  EXPECT_EQ(text.find("1e+308"), std::string::npos) << text;
  EXPECT_EQ(text.find("NaN"), std::string::npos) << text;
}

// One encoder for both documents: the same keys in the same order, absent ones written as null
// (compare) or left out (weights).
TEST(EvidenceJsonTest, FindingKeysAllOrPresent) {
  Finding f = NanFinding();
  f.value = 0.5;
  const nlohmann::ordered_json all = FindingJson(f, Keys::kAll);
  const nlohmann::ordered_json present = FindingJson(f, Keys::kPresent);
  EXPECT_TRUE(all["z"].is_null());
  EXPECT_TRUE(all["null"].is_null());
  EXPECT_EQ(all["multiplicity"], 1);
  EXPECT_EQ(all["note"], "");
  EXPECT_FALSE(present.contains("z"));
  EXPECT_FALSE(present.contains("null"));
  EXPECT_FALSE(present.contains("multiplicity"));
  EXPECT_FALSE(present.contains("note"));
  std::vector<std::string> order;
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (present.contains(it.key())) order.push_back(it.key());
  }
  std::vector<std::string> present_order;
  for (auto it = present.begin(); it != present.end(); ++it) present_order.push_back(it.key());
  EXPECT_EQ(order, present_order);
  EXPECT_EQ(present["value"], 0.5);
}

}  // namespace
}  // namespace lineage
