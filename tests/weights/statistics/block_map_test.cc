#include "weights/statistics/block_map.h"

#include <cmath>

#include <gtest/gtest.h>

namespace lineage {
namespace {

// A map whose matched pairs carry log10 p = -50 and the rest 0.
BlockMap Synthetic(int la, int lb, const std::vector<std::pair<int, int>>& matched) {
  BlockMap m;
  m.blocks_a = la;
  m.blocks_b = lb;
  m.log10_p.assign(static_cast<size_t>(la) * lb, 0.0);
  m.log10_threshold = -2 - std::log10(double(la) * lb);
  for (auto [i, j] : matched) m.log10_p[static_cast<size_t>(i) * lb + j] = -50;
  FindBestPath(m, -m.log10_threshold);
  return m;
}

TEST(BlockMap, DiagonalForSameDepth) {
  BlockMap m = Synthetic(4, 4, {{0, 0}, {1, 1}, {2, 2}, {3, 3}});
  EXPECT_TRUE(m.diagonal);
  EXPECT_EQ(m.restarts, 0);
  EXPECT_TRUE(m.skipped_base.empty());
}

TEST(BlockMap, DepthUpscalingIsARestart) {
  // SOLAR-like: base blocks 0-2 then 1-3.
  BlockMap m = Synthetic(6, 4, {{0, 0}, {1, 1}, {2, 2}, {3, 1}, {4, 2}, {5, 3}, {1, 1}});
  ASSERT_EQ(m.path.size(), 6u);
  EXPECT_EQ(m.restarts, 1);
  EXPECT_EQ(m.path[3].base, 1);
}

TEST(BlockMap, DroppedLayersAreSkipped) {
  BlockMap m = Synthetic(3, 5, {{0, 0}, {1, 2}, {2, 4}});
  EXPECT_EQ(m.path.size(), 3u);
  EXPECT_EQ(m.skipped_base, (std::vector<int>{1, 3}));
  EXPECT_EQ(m.restarts, 0);
}

TEST(BlockMap, NewBlocksStayUnmatched) {
  BlockMap m = Synthetic(4, 4, {{0, 0}, {1, 1}});
  EXPECT_EQ(m.unmatched_candidate, (std::vector<int>{2, 3}));
  EXPECT_FALSE(m.diagonal);
}

TEST(BlockMap, NothingMatchedGivesAnEmptyPath) {
  BlockMap m = Synthetic(3, 3, {});
  EXPECT_TRUE(m.path.empty());
  EXPECT_EQ(m.unmatched_candidate.size(), 3u);
}

TEST(BlockMap, SignaturesOfCopiesMatchAndOfStrangersDoNot) {
  SignatureOptions so;
  so.dims = 32;
  so.sample_m = 64;
  Mat proj = SignatureProjection(40, so);
  Mat units = Mat::Random(150, 40), other = Mat::Random(150, 40);
  Mat noisy = units + 0.3f * Mat::Random(150, 40);
  std::vector<Mat> sa = {BlockSignature(noisy, proj, true, so),
                         BlockSignature(other, proj, true, so)};
  std::vector<Mat> sb = {BlockSignature(units, proj, false, so)};
  std::vector<std::vector<int32_t>> rows = {SignatureRows(150, so), SignatureRows(150, so)};
  ThreadPool pool(2);
  Result<BlockMap> m = BuildBlockMap(sa, sb, rows, {150, 150}, pool);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_LT(m->at(0, 0), -20);
  EXPECT_GT(m->at(1, 0), -3);
  ASSERT_EQ(m->path.size(), 1u);
  EXPECT_EQ(m->path[0].candidate, 0);
  // The cells are scored in parallel, each into its own slot: one worker gives the same map.
  ThreadPool one(1);
  Result<BlockMap> serial = BuildBlockMap(sa, sb, rows, {150, 150}, one);
  ASSERT_TRUE(serial.ok()) << serial.status().ToString();
  EXPECT_EQ(serial->log10_p, m->log10_p);
}

TEST(BlockMap, RefusesSampleListsThatDoNotFitTheBlocks) {
  SignatureOptions so;
  Mat proj = SignatureProjection(8, so);
  std::vector<Mat> sa = {BlockSignature(Mat::Random(20, 8), proj, true, so)};
  std::vector<Mat> sb = {BlockSignature(Mat::Random(20, 8), proj, false, so)};
  ThreadPool pool(2);
  Result<BlockMap> m = BuildBlockMap(sa, sb, {}, {20}, pool);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace lineage
