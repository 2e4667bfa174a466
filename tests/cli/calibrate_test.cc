// `lineage calibrate` and the use of calibration panels by `lineage weights` / `compare`.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/korean_output.h"
#include "report/shell.h"
#include "test_util.h"
#include "weights/calibration/calibration_panel.h"

namespace lineage::testing {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliCalibrate, RefusesADerivedPair) {
  for (const char* derived : {"models/ft-sft", "models/perm"}) {
    const std::string out = TempDir("cal-refuse") + "/p.jsonl";
    CliResult r = RunCli({"calibrate", Example(derived), Example("models/base"), "--how", "test",
                          "--out", out, "--quiet"});
    EXPECT_EQ(r.exit_code, 1) << derived << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("refused"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << "a refused pair must not be written";
  }
  // The same weights in another container: identical values.
  CliResult same = RunCli({"calibrate", Example("models/base-gguf-f32/base-gguf-f32.gguf"),
                           Example("models/base"), "--how", "test", "--quiet"});
  EXPECT_EQ(same.exit_code, 1) << same.out << same.err;
}

TEST(CliCalibrate, RequiresProvenance) {
  CliResult r = RunCli({"calibrate", Example("models/indep-s1"), Example("models/base")});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST(CliCalibrate, RecordsAnIndependentPair) {
  CliResult r = RunCli({"calibrate", Example("models/indep-s1"), Example("models/base"), "--how",
                        "independent by construction", "--quiet", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // stdout is one JSONL record the loader accepts.
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  Result<PanelRecord> rec = ParsePanelRecord(r.out.substr(0, r.out.size() - 1), "stdout");
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->how, "independent by construction");
  EXPECT_NE(rec->candidate.fingerprint, rec->base.fingerprint);
  ASSERT_EQ(rec->candidate.files.size(), 1u);
  // The file digest is the real SHA-256 of the weights (examples/models/MANIFEST.md).
  EXPECT_EQ(rec->candidate.files[0].sha256,
            "2654d1506b007f97253cabf284f675d02e83ab0e41c81b35cb95085888421058");
  ASSERT_TRUE(rec->stats.s2 && rec->stats.s4 && rec->stats.cka);
  EXPECT_EQ(rec->stats.shape.mlp_width_a, 172);
  EXPECT_EQ(rec->stats.s2->blocks, 5);
  EXPECT_EQ(rec->stats.s2->per_block.size(), 5u);
  EXPECT_LT(rec->stats.s2->agreement, 0.5);  // independent: far below a derived pair's agreement

  // --out appends, and the summary is printed instead.
  const std::string out = TempDir("cal-out") + "/mine.jsonl";
  for (int i = 0; i < 2; ++i) {
    CliResult a = RunCli({"calibrate", Example("models/indep-s1"), Example("models/base"), "--how",
                          "independent by construction", "--out", out, "--quiet"});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    EXPECT_NE(a.out.find(out), std::string::npos) << a.out;
  }
  Result<CalibrationPanels> p = LoadCalibrationPanels({}, {out});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->records.size(), 2u);
}

TEST(CliCalibrate, KoreanSummary) {
  auto run = [](const char* lang) {
    return RunCli({"calibrate", Example("models/traj-s1/step-01000"), Example("models/base"),
                   "--how", "test", "--out", TempDir("cal-ko") + "/p.jsonl", "--quiet", "--lang",
                   lang});
  };
  ExpectKoreanOutput(run("en"), run("ko"));
}

// scripts/make-calibration-panels.sh regenerates the shipped panel record for record (the seed is
// fixed; only the production date may differ).
TEST(CliCalibrate, ShippedPanelRegenerates) {
  const std::string fresh = TempDir("cal-regen") + "/examples-tiny-llama.jsonl";
  const std::string build = fs::path(LINEAGE_BINARY).parent_path().string();
  ShellResult r =
      RunShell(Quote(std::string(LINEAGE_SOURCE_DIR) + "/scripts/make-calibration-panels.sh") +
               " " + Quote(build) + " " + Quote(fresh) + " 2>&1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto records = [](const std::string& path) {
    std::vector<nlohmann::json> out;
    std::istringstream in(Slurp(path));
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      nlohmann::json j = nlohmann::json::parse(line);
      j.erase("date");
      out.push_back(j);
    }
    return out;
  };
  const std::vector<nlohmann::json> shipped =
      records(std::string(LINEAGE_SOURCE_DIR) + "/data/calibration/examples-tiny-llama.jsonl");
  const std::vector<nlohmann::json> again = records(fresh);
  ASSERT_EQ(shipped.size(), 9u);
  ASSERT_EQ(again.size(), shipped.size());
  for (size_t i = 0; i < shipped.size(); ++i) EXPECT_EQ(again[i], shipped[i]) << "record " << i;
}

const nlohmann::json* TrunkFinding(const nlohmann::json& findings, const std::string& test) {
  for (const auto& f : findings) {
    if (f["test"] == test && f["component"] == "trunk") return &f;
  }
  return nullptr;
}

// With the shipped panel (found beside the binary) the example verdicts stay right, and the
// trunk's robust statistics are calibrated against the trained panel, not random init.
TEST(CliCalibrate, ShippedPanelCalibratesTheExamplePairs) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"models/ft-sft", "derived"}, {"models/perm", "derived"}, {"models/indep-s1", "independent"}};
  for (const auto& [cand, verdict] : expected) {
    CliResult r = RunCli(
        {"weights", Example(cand), Example("models/base"), "--json", "--quiet", "--threads", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["verdict"], verdict) << cand;
    EXPECT_EQ(j["panel"], "examples-tiny-llama") << cand;
    for (const char* test : {"gate_up_consistency", "huref_invariants"}) {
      const nlohmann::json* f = TrunkFinding(j["findings"], test);
      ASSERT_NE(f, nullptr) << cand << " " << test;
      EXPECT_EQ((*f)["null"]["kind"], "calibrated-panel");
      EXPECT_EQ((*f)["null"]["source"], "examples-tiny-llama") << cand << " " << test;
      EXPECT_EQ((*f)["panel_is_lower_bound"], false);
      EXPECT_TRUE((*f)["null"]["max"].is_number());
      EXPECT_TRUE((*f)["effect_floor"].is_number());
      // Leave-one-out: records involving the candidate or the base are not in the panel.
      EXPECT_LT((*f)["null"]["samples"].get<int>(), 9) << cand;
      EXPECT_GE((*f)["null"]["samples"].get<int>(), 2) << cand;
    }
    bool robust_named = false;
    for (const auto& s : j["robust"]) {
      if (s["component"] == "trunk" && s["test"] == "gate_up_consistency") {
        robust_named = s["panel_source"] == "examples-tiny-llama" && !s["panel_is_lower_bound"];
      }
    }
    EXPECT_TRUE(robust_named) << cand;
  }
}

TEST(CliCalibrate, CompareNamesThePanel) {
  CliResult r = RunCli({"compare", Example("models/indep-s1"), Example("models/base"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["panel"], "examples-tiny-llama");
  EXPECT_EQ(j["results"][0]["verdict"], "independent");
  const nlohmann::json* f = TrunkFinding(j["results"][0]["evidence"], "gate_up_consistency");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["null"]["source"], "examples-tiny-llama");
  EXPECT_EQ((*f)["panel_is_lower_bound"], false);
}

TEST(CliCalibrate, MalformedUserPanelIsAnErrorNamingFileAndLine) {
  const std::string bad = TempDir("cal-bad") + "/bad.jsonl";
  WriteFile(bad,
            std::string("# header\n{\"format\": \"lineage-calibration\", \"version\": \"1.0\"}\n"));
  for (const char* cmd : {"weights", "compare"}) {
    CliResult r = RunCli({cmd, Example("models/indep-s1"), Example("models/base"), "--panel", bad});
    EXPECT_EQ(r.exit_code, 1) << cmd << r.err;
    EXPECT_NE(r.err.find(bad + ":2"), std::string::npos) << cmd << " " << r.err;
  }
}

}  // namespace
}  // namespace lineage::testing
