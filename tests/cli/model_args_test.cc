// Model arguments across the commands: an argument that is neither a local path nor a hub
// reference is bad input (exit 1) named in the message; --help states the accepted forms and the
// exit codes; JSON outputs carry the reading accounting of local models.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::RunCli;

// Three path components: no hub form (org/name) can be read into it.
constexpr const char* kMissing = "/nonexistent-lineage-dir/a/b";

TEST(ModelArgsTest, NeitherPathNorHubReferenceIsBadInputNamingIt) {
  const std::string base = Example("models/base");
  const std::vector<std::vector<std::string>> commands = {
      {"inspect", kMissing},
      {"hash", kMissing},
      {"tokenizer", kMissing, base},
      {"arch", base, kMissing},
      {"weights", kMissing, base},
      {"compare", base, kMissing, "--quiet"},
      {"compare", base, base, "--checkpoints", kMissing, "--quiet"},
      {"trajectory", kMissing, base},
      {"calibrate", base, kMissing, "--how", "test"},
  };
  for (const std::vector<std::string>& args : commands) {
    testing::CliResult r = RunCli(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find(kMissing), std::string::npos) << args[0] << ": " << r.err;
  }
}

TEST(ModelArgsTest, HelpStatesModelFormsHubFlagsAndExitCodes) {
  for (const char* cmd :
       {"inspect", "hash", "tokenizer", "arch", "weights", "compare", "trajectory", "calibrate"}) {
    testing::CliResult r = RunCli({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    for (const char* want : {"org/name[@rev]", "hf://", "a local path that exists always wins",
                             "--ca-bundle", "--insecure", "--timeout", "--offline", "--full",
                             "--verbose", "4 network or authentication"}) {
      EXPECT_NE(r.out.find(want), std::string::npos) << cmd << " --help lacks " << want;
    }
  }
}

TEST(ModelArgsTest, JsonOutputsCarryLocalAccounting) {
  const std::string base = Example("models/base");
  const uint64_t size = std::filesystem::file_size(base + "/model.safetensors");
  testing::CliResult inspect = RunCli({"inspect", base, "--json"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  nlohmann::json i = nlohmann::json::parse(inspect.out);
  EXPECT_TRUE(i["revision"].is_null());
  EXPECT_EQ(i["bytes_total"], size);
  EXPECT_GT(i["bytes_read"].get<uint64_t>(), 0u);  // the header
  EXPECT_LT(i["bytes_read"].get<uint64_t>(), size);
  EXPECT_EQ(i["requests"], 0);

  testing::CliResult weights =
      RunCli({"weights", Example("models/ft-sft"), base, "--json", "--quiet"});
  ASSERT_EQ(weights.exit_code, 0) << weights.err;
  nlohmann::json w = nlohmann::json::parse(weights.out);
  ASSERT_TRUE(w.contains("models"));
  EXPECT_EQ(w["models"]["base"]["path"], base);
  EXPECT_EQ(w["models"]["base"]["bytes_total"], size);
  EXPECT_GT(w["models"]["base"]["bytes_read"].get<uint64_t>(), 0u);
  EXPECT_TRUE(w["models"]["candidate"]["revision"].is_null());
  EXPECT_EQ(w["models"]["candidate"]["requests"], 0);
}

TEST(ModelArgsTest, CompareReportsStateTheBytesRead) {
  testing::CliResult r =
      RunCli({"compare", Example("models/ft-sft"), Example("models/base"), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("local files"), std::string::npos) << r.out;
  testing::CliResult ko = RunCli(
      {"compare", Example("models/ft-sft"), Example("models/base"), "--quiet", "--lang", "ko"});
  ASSERT_EQ(ko.exit_code, 0) << ko.err;
  EXPECT_NE(ko.out.find("로컬 파일"), std::string::npos) << ko.out;
}

}  // namespace
}  // namespace lineage
