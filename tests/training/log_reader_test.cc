#include "training/log_reader.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "training/event_proto.h"
#include "training/tfrecord.h"

namespace lineage {
namespace {

TEST(LogReaderTest, CsvWithStepLossTokens) {
  auto l = ParseTrainingLog(
      "step,lr,train/loss,val_loss,tokens\n0,0.001,10.4,10.5,0\n10,0.001,8.0,,40960\n"
      "20,0.001,nan,,81920\n30,0.001,\"6.5\",6.6,122880\n",
      "run.csv");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->format, "csv");
  EXPECT_EQ(l->loss_key, "train/loss");
  ASSERT_EQ(l->points.size(), 3u);
  EXPECT_EQ(l->skipped, 1u);
  EXPECT_EQ(l->points[2].step, 30);
  EXPECT_DOUBLE_EQ(l->points[2].loss, 6.5);
  EXPECT_DOUBLE_EQ(*l->points[2].tokens, 122880);
}

TEST(LogReaderTest, JsonlSkipsLinesWithoutLoss) {
  auto l = ParseTrainingLog(
      "{\"config\": \"x\"}\n{\"step\": 1, \"loss\": 10.3}\n{\"step\": 2, \"eval_loss\": 9}\n"
      "{\"step\": 3, \"loss\": 9.9, \"num_tokens\": 2048}\n",
      "run.jsonl");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->format, "jsonl");
  ASSERT_EQ(l->points.size(), 2u);
  EXPECT_EQ(l->points[1].step, 3);
  EXPECT_DOUBLE_EQ(*l->points[1].tokens, 2048);
}

TEST(LogReaderTest, TensorBoardFileWrittenByTheTest) {
  std::string file = FrameTfRecord(EncodeFileVersionEvent(1.0));
  for (int s = 0; s < 5; ++s) {
    file += FrameTfRecord(
        EncodeScalarEvent(1.0 + s, s * 100, {{"train/loss", 10.0 - s}, {"lr", 1e-3}}, s % 2 == 1));
  }
  std::string dir = testing::TempDir("tb");
  std::string path = dir + "/events.out.tfevents.123.host";
  testing::WriteFile(path, file);
  auto l = ReadTrainingLog(path);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(l->format, "tensorboard");
  EXPECT_EQ(l->loss_key, "train/loss");
  ASSERT_EQ(l->points.size(), 5u);
  EXPECT_EQ(l->points[4].step, 400);
  EXPECT_DOUBLE_EQ(l->points[3].loss, 7.0);
}

TEST(LogReaderTest, CorruptTensorBoardNamesFileAndOffset) {
  std::string a = FrameTfRecord(EncodeScalarEvent(1, 0, {{"loss", 10}}));
  std::string file = a + FrameTfRecord(EncodeScalarEvent(2, 1, {{"loss", 9}}));
  file[a.size() + 14] ^= 0x40;
  auto l = ParseTrainingLog(file, "events.tf");
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.status().message().find("events.tf: offset " + std::to_string(a.size())),
            std::string::npos)
      << l.status().message();
  auto trunc = ParseTrainingLog(file.substr(0, a.size() + 20), "events.tf");
  EXPECT_EQ(trunc.status().code(), Status::Code::kCorrupt);
}

TEST(LogReaderTest, NoLossColumnIsAClearError) {
  auto csv = ParseTrainingLog("step,lr,grad_norm\n0,1,2\n", "x.csv");
  ASSERT_FALSE(csv.ok());
  EXPECT_NE(csv.status().message().find("no training-loss column"), std::string::npos);
  EXPECT_NE(csv.status().message().find("grad_norm"), std::string::npos);
  auto tb = ParseTrainingLog(FrameTfRecord(EncodeScalarEvent(1, 0, {{"lr", 1}})), "t");
  EXPECT_FALSE(tb.ok());
  auto jsonl = ParseTrainingLog("{\"val_loss\": 3}\n", "j");
  EXPECT_FALSE(jsonl.ok());
  auto bad_json = ParseTrainingLog("{\"loss\": 3}\n{\"loss\": \n", "j2");
  EXPECT_EQ(bad_json.status().code(), Status::Code::kCorrupt);
  EXPECT_FALSE(ParseTrainingLog("", "empty").ok());
  EXPECT_FALSE(ReadTrainingLog("/nonexistent/log.csv").ok());
}

}  // namespace
}  // namespace lineage
