#include <gtest/gtest.h>

#include "io/hub/repo_names.h"
#include "io/hub/resolve.h"

namespace lineage {
namespace {
const std::string kHub = "https://huggingface.co";
}

TEST(HubRefTest, RepoAndRevision) {
  auto r = ParseHubRef("meta-llama/Llama-2-7b-hf", kHub);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo, "meta-llama/Llama-2-7b-hf");
  EXPECT_EQ(r->revision, "main");
  EXPECT_EQ(r->file, "");
  r = ParseHubRef("org/name@v1.0", kHub);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->revision, "v1.0");
  r = ParseHubRef("hf://org/name@refs/pr/1", kHub);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo, "org/name");
  EXPECT_EQ(r->revision, "refs/pr/1");
  r = ParseHubRef("hf://org/name", kHub);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->revision, "main");
}

TEST(HubRefTest, ResolveUrl) {
  auto r = ParseHubRef(kHub +
                           "/org/name/resolve/0123456789abcdef0123456789abcdef01234567/"
                           "sub/model.safetensors",
                       kHub);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo, "org/name");
  EXPECT_EQ(r->revision, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(r->file, "sub/model.safetensors");
  r = ParseHubRef("http://127.0.0.1:8080/mirror/org/name/resolve/refs%2Fpr%2F2/m.gguf",
                  "http://127.0.0.1:8080/mirror");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->revision, "refs/pr/2");
  EXPECT_EQ(r->file, "m.gguf");
  // Another host than the endpoint, or not a resolve URL: not a hub reference.
  EXPECT_FALSE(ParseHubRef("https://evil.example/org/name/resolve/main/m.gguf", kHub));
  EXPECT_FALSE(ParseHubRef(kHub + "/org/name/blob/main/m.gguf", kHub));
  EXPECT_FALSE(ParseHubRef(kHub + "/org/name/resolve/main/", kHub));
  EXPECT_FALSE(ParseHubRef(kHub + "/org/name/resolve/main/a%2F..%2Fb", kHub));
}

TEST(HubRefTest, RefusesInvalidNames) {
  for (const char* bad : {"org", "org/name/extra", "../name", "org/..", "org/na me", "/org/name",
                          "org/name@", "org/name@../x", "org/name@a//b", "hf://org", "org/.x",
                          "org/-x", "org/x@/main", "", "./model", "org/name@a b"}) {
    EXPECT_FALSE(ParseHubRef(bad, kHub)) << bad;
  }
}

TEST(RepoNamesTest, FilePaths) {
  EXPECT_TRUE(IsValidRepoFilePath("model.safetensors"));
  EXPECT_TRUE(IsValidRepoFilePath("original/params.json"));
  EXPECT_FALSE(IsValidRepoFilePath("/etc/passwd"));
  EXPECT_FALSE(IsValidRepoFilePath("a/../b"));
  EXPECT_FALSE(IsValidRepoFilePath(".."));
  EXPECT_FALSE(IsValidRepoFilePath("a//b"));
  EXPECT_FALSE(IsValidRepoFilePath("a/"));
  EXPECT_FALSE(IsValidRepoFilePath(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidRepoFilePath("a\\b"));
  EXPECT_FALSE(IsValidRepoFilePath(std::string(2000, 'a')));
  EXPECT_EQ(RepoFolderName("org/name"), "models--org--name");
  EXPECT_EQ(PercentDecode("a%2Fb"), "a/b");
  EXPECT_EQ(PercentDecode("a%2"), "");
  EXPECT_EQ(PercentDecode("a%00"), "");
}

}  // namespace lineage
