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

// Leave-lineage-out: every shipped record involves the base lineage or the independent run, so
// no example pair is calibrated against its own relatives; the trunk's robust statistics fall back
// to random-init replicas (a lower bound) and the verdicts rest on the exact tests.
TEST(CliCalibrate, ShippedPanelLeavesTheExamplesOutOfTheirOwnNull) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"models/ft-sft", "derived"}, {"models/perm", "derived"}, {"models/indep-s1", "independent"}};
  for (const auto& [cand, verdict] : expected) {
    CliResult r = RunCli(
        {"weights", Example(cand), Example("models/base"), "--json", "--quiet", "--threads", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["verdict"], verdict) << cand;
    for (const char* test : {"gate_up_consistency", "huref_invariants"}) {
      const nlohmann::json* f = TrunkFinding(j["findings"], test);
      ASSERT_NE(f, nullptr) << cand << " " << test;
      EXPECT_TRUE(!(*f)["null"].contains("source") || (*f)["null"]["source"].is_null())
          << cand << " " << test << (*f).dump();
      EXPECT_EQ((*f)["panel_is_lower_bound"], true) << cand << " " << test;
    }
  }
  // The report says why: all 9 shipped records belong to the pair's own lineages.
  CliResult text = RunCli(
      {"weights", Example("models/indep-s1"), Example("models/base"), "--quiet", "--threads", "2"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("9 left out as involving a model under test or its lineage"),
            std::string::npos)
      << text.out;
}

// A panel of other lineages with same-data pairs is the trunk's null: the calibrated p decides.
std::string OtherLineagePanel() {
  const std::string path = TempDir("cal-other") + "/other-lineages.jsonl";
  std::istringstream in(
      Slurp(std::string(LINEAGE_SOURCE_DIR) + "/data/calibration/examples-tiny-llama.jsonl"));
  std::string text;
  int i = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line);
    const char hex[] = "0123456789abcdef";
    j["candidate"]["fingerprint"] = std::string(63, 'c') + hex[i];
    j["base"]["fingerprint"] = std::string(63, 'd') + hex[i];
    j["candidate"]["lineage"] = "other/c" + std::to_string(i);
    j["base"]["lineage"] = "other/d" + std::to_string(i);
    j["same_data"] = true;
    text += j.dump() + "\n";
    ++i;
  }
  WriteFile(path, text);
  return path;
}

TEST(CliCalibrate, SameDataPanelOfOtherLineagesIsTheNull) {
  const std::string panel = OtherLineagePanel();
  CliResult r = RunCli({"weights", Example("models/indep-s1"), Example("models/base"), "--panel",
                        panel, "--json", "--quiet", "--threads", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "independent");
  const nlohmann::json* f = TrunkFinding(j["findings"], "gate_up_consistency");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ((*f)["null"]["source"], "other-lineages");
  EXPECT_EQ((*f)["null"]["samples"], 9);
  EXPECT_EQ((*f)["panel_is_lower_bound"], false);
  bool calibrated = false;
  for (const auto& s : j["robust"]) {
    if (s["component"] == "trunk" && s["test"] == "gate_up_consistency") {
      calibrated = s["p_method"] == "student-t" && s["log10_p_adj"].is_number();
    }
  }
  EXPECT_TRUE(calibrated) << j["robust"].dump();

  CliResult c = RunCli(
      {"compare", Example("models/indep-s1"), Example("models/base"), "--panel", panel, "--json"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  nlohmann::json cj = nlohmann::json::parse(c.out);
  EXPECT_EQ(cj["results"][0]["verdict"], "independent");
  EXPECT_NE(cj["panel"].dump().find("other-lineages"), std::string::npos) << cj["panel"];
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
