#include "training/tfrecord.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "training/crc32c.h"

namespace lineage {
namespace {

// RFC 3720 (iSCSI) test vectors for CRC-32C.
TEST(Crc32cTest, KnownVectors) {
  std::string zeros(32, '\0');
  EXPECT_EQ(Crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);
  std::string ones(32, '\xFF');
  EXPECT_EQ(Crc32c(ones.data(), ones.size()), 0x62A8AB43u);
  std::string inc;
  for (int i = 0; i < 32; ++i) inc.push_back(static_cast<char>(i));
  EXPECT_EQ(Crc32c(inc.data(), inc.size()), 0x46DD794Eu);
  EXPECT_EQ(Crc32c("123456789", 9), 0xE3069283u);
}

TEST(TfRecordTest, RoundTripsRecordsWithOffsets) {
  std::string file =
      FrameTfRecord("first") + FrameTfRecord("") + FrameTfRecord(std::string(1000, 'x'));
  std::vector<std::pair<std::string, uint64_t>> seen;
  Status st = ReadTfRecords(file, "f", [&](std::string_view p, uint64_t off) {
    seen.emplace_back(std::string(p), off);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].first, "first");
  EXPECT_EQ(seen[1].second, 5u + 16);
  EXPECT_EQ(seen[2].first.size(), 1000u);
  EXPECT_TRUE(LooksLikeTfRecord(file));
  EXPECT_FALSE(LooksLikeTfRecord("step,loss\n0,10\n"));
}

Status ReadAll(const std::string& bytes) {
  return ReadTfRecords(bytes, "events.out",
                       [](std::string_view, uint64_t) { return Status::Ok(); });
}

TEST(TfRecordTest, CorruptionIsLocated) {
  std::string good = FrameTfRecord("hello") + FrameTfRecord("world");
  const uint64_t second = 5 + 16;

  std::string bad_data = good;
  bad_data[second + 12] ^= 1;  // flip a payload bit of record 2
  Status st = ReadAll(bad_data);
  EXPECT_EQ(st.code(), Status::Code::kCorrupt);
  EXPECT_NE(st.message().find("events.out: offset 21: record data CRC mismatch"), std::string::npos)
      << st.message();

  std::string bad_len = good;
  bad_len[0] ^= 1;
  EXPECT_NE(ReadAll(bad_len).message().find("offset 0: record length CRC mismatch"),
            std::string::npos);

  for (size_t cut = 1; cut < good.size(); ++cut) {
    if (cut == second) continue;  // a clean record boundary is a valid file
    Status t = ReadAll(good.substr(0, cut));
    EXPECT_EQ(t.code(), Status::Code::kCorrupt) << cut;
  }
}

TEST(TfRecordTest, HugeLengthIsRefusedWithoutAllocation) {
  std::string rec;
  uint64_t len = ~0ull - 5;
  for (int i = 0; i < 8; ++i) rec.push_back(static_cast<char>((len >> (8 * i)) & 0xFF));
  uint32_t crc = MaskCrc32c(Crc32c(rec.data(), 8));
  for (int i = 0; i < 4; ++i) rec.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
  rec += "abcd";
  Status st = ReadAll(rec);
  EXPECT_EQ(st.code(), Status::Code::kCorrupt);
  EXPECT_NE(st.message().find("truncated record"), std::string::npos);
}

}  // namespace
}  // namespace lineage
