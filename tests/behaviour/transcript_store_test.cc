#include "behaviour/transcript_store.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(TranscriptStore, FirstAnswerIsTheReferenceAndRecordsAreAppended) {
  const std::string path = TempDir("transcripts") + "/sub/t.sqlite";
  auto s = TranscriptStore::Open(path, false);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const std::string key = "POST http://h/v1/completions\n{\"prompt\":[1,2]}";
  ASSERT_TRUE((*s)->Put({key, "base", "{}", 200, "first", 3.5, ""}).ok());
  ASSERT_TRUE((*s)->Put({key, "base", "{}", 200, "second", 2.0, ""}).ok());
  auto got = (*s)->Get(key);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->response, "first");
  EXPECT_EQ(*(*s)->Count(key), 2);
  auto none = (*s)->Get("GET http://h/v1/models\n");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(TranscriptStore, ExportsOneJsonObjectPerLine) {
  const std::string path = TempDir("transcripts-export") + "/t.sqlite";
  auto s = TranscriptStore::Open(path, false);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Put({"GET http://h/v1/models\n", "b", "{}", 200, "{\"data\":[]}", 1, ""}).ok());
  ASSERT_TRUE((*s)->Put({"POST http://h/v1/completions\n{}", "b", "{}", 200, "x", 1, ""}).ok());
  std::ostringstream out;
  ASSERT_TRUE((*s)->ExportJsonl(out).ok());
  std::istringstream in(out.str());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["url"], n == 0 ? "http://h/v1/models" : "http://h/v1/completions");
    EXPECT_EQ(j["method"], n == 0 ? "GET" : "POST");
    ++n;
  }
  EXPECT_EQ(n, 2);
}

TEST(TranscriptStore, ReplayNeedsAnExistingStoreAndRefusesOtherFiles) {
  const std::string dir = TempDir("transcripts-bad");
  EXPECT_EQ(TranscriptStore::Open(dir + "/absent.sqlite", true).status().code(),
            Status::Code::kNotFound);
  WriteFile(dir + "/junk.sqlite", std::string(4096, 'x'));
  auto s = TranscriptStore::Open(dir + "/junk.sqlite", false);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("junk.sqlite"), std::string::npos);
}

TEST(DefaultTranscriptPath, XdgThenHome) {
  EXPECT_EQ(DefaultTranscriptPath([](const char* k) -> const char* {
              return std::string(k) == "XDG_CACHE_HOME" ? "/x" : "/home/u";
            }),
            "/x/lineage/transcripts.sqlite");
  EXPECT_EQ(DefaultTranscriptPath([](const char* k) -> const char* {
              return std::string(k) == "HOME" ? "/home/u" : nullptr;
            }),
            "/home/u/.cache/lineage/transcripts.sqlite");
  EXPECT_EQ(DefaultTranscriptPath([](const char*) -> const char* { return nullptr; }), "");
}

}  // namespace
}  // namespace lineage
