// The trajectory analysis (training/trajectory.h) end to end, decided as the commands decide it
// (compare/trajectory_decision.h).
#include "training/trajectory.h"

#include <gtest/gtest.h>

#include "compare/trajectory_decision.h"
#include "model/model.h"
#include "test_util.h"
#include "weights/source/model_weight_source.h"

namespace lineage {
namespace {

using testing::Example;

std::vector<Model> LoadAll(const std::vector<std::string>& rel) {
  std::vector<Model> out;
  for (const auto& r : rel) {
    auto m = LoadModel(Example("models/" + r));
    EXPECT_TRUE(m.ok()) << r << ": " << m.status().ToString();
    out.push_back(std::move(m).value());
  }
  return out;
}

std::vector<const Model*> Ptrs(const std::vector<Model>& v, size_t from = 0, size_t to = SIZE_MAX) {
  std::vector<const Model*> out;
  for (size_t i = from; i < std::min(to, v.size()); ++i) out.push_back(&v[i]);
  return out;
}

TrajectoryOptions Fast() {
  TrajectoryOptions o;
  o.threads = 2;
  return o;
}

TEST(TrajectoryTest, ShippedRunPasses) {
  auto models = LoadAll({"traj-s1/step-00000", "traj-s1/step-00050", "traj-s1/step-00200",
                         "traj-s1/step-01000", "traj-s1/step-02400", "base"});
  auto r = CheckAndDecideTrajectory(Ptrs(models, 0, 5), Ptrs(models, 5), Fast());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->random_start);
  EXPECT_TRUE(r->continuous);
  EXPECT_FALSE(r->first_break.has_value());
  ASSERT_EQ(r->steps.size(), 4u);
  for (const auto& s : r->steps) {
    EXPECT_TRUE(s.derived) << s.index << " " << s.verdict << " " << s.log10_p;
    EXPECT_GT(s.drift, 0);
  }
  ASSERT_EQ(r->against.size(), 1u);
  EXPECT_FALSE(r->against[0].derived);
  EXPECT_TRUE(r->unrelated_to_bases);
  nlohmann::json j = TrajectoryJson(*r);
  EXPECT_EQ(j["random_start"], true);
  EXPECT_EQ(j["continuous"], true);
  EXPECT_TRUE(j["first_break"].is_null());
}

TEST(TrajectoryTest, ForeignCheckpointBreaksTheChainAtItsIndex) {
  // base (a different lineage) swapped in for step 200.
  auto models = LoadAll({"traj-s1/step-00000", "traj-s1/step-00050", "base", "traj-s1/step-01000",
                         "traj-s1/step-02400"});
  auto r = CheckAndDecideTrajectory(Ptrs(models), {}, Fast());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->continuous);
  ASSERT_TRUE(r->first_break.has_value());
  EXPECT_EQ(*r->first_break, 2);
  EXPECT_TRUE(r->steps[0].derived);
  EXPECT_FALSE(r->steps[1].derived);
}

TEST(TrajectoryTest, TrainedFirstCheckpointIsNotARandomStart) {
  auto models = LoadAll({"base", "ft-sft"});
  auto r = CheckAndDecideTrajectory(Ptrs(models), {}, Fast());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->random_start);
  EXPECT_TRUE(r->continuous);  // ft-sft is derived from base
}

TEST(TrajectoryTest, RelativeDriftOfIdenticalModelsIsZero) {
  auto models = LoadAll({"base"});
  ModelWeightSource a(models[0]);
  auto d = RelativeDrift(a, a);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, 0.0);
  EXPECT_FALSE(
      CheckTrajectory(Ptrs(models), {}, Fast()).ok());  // one checkpoint is not a trajectory
}

}  // namespace
}  // namespace lineage
