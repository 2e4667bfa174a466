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
  const std::string fresh = TempDir("cal-regen") + "/family-tiny-llama.jsonl";
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
      records(std::string(LINEAGE_SOURCE_DIR) + "/data/calibration/family-tiny-llama.jsonl");
  const std::vector<nlohmann::json> again = records(fresh);
  ASSERT_EQ(shipped.size(), 45u);
  ASSERT_EQ(again.size(), shipped.size());
  for (size_t i = 0; i < shipped.size(); ++i) EXPECT_EQ(again[i], shipped[i]) << "record " << i;
}

const nlohmann::json* TrunkFinding(const nlohmann::json& findings, const std::string& test) {
  for (const auto& f : findings) {
    if (f["test"] == test && f["component"] == "trunk") return &f;
  }
  return nullptr;
}

// Leave-lineage-out on the shipped family panel: a pair of examples keeps only records of other
// roots, and those hold same-data pairs, so the panel is the trunk's S2 null and its calibrated p
// (t tail) decides with the exact tests. base's 9 records leave for every pair with base; indep-s1
// is a panel root too, so its 8 other records leave as well. ft-sft and perm are unknown to the
// panel: only base's lineage is known for them.
TEST(CliCalibrate, ShippedPanelCalibratesTheExamplesWithoutTheirOwnLineages) {
  struct Case {
    std::string candidate, verdict;
    int records;
  };
  const std::vector<Case> cases = {{"models/ft-sft", "derived", 36},
                                   {"models/perm", "derived", 36},
                                   {"models/indep-s1", "independent", 28}};
  for (const Case& c : cases) {
    CliResult r = RunCli({"weights", Example(c.candidate), Example("models/base"), "--json",
                          "--quiet", "--threads", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["verdict"], c.verdict) << c.candidate;
    const nlohmann::json* f = TrunkFinding(j["findings"], "gate_up_consistency");
    ASSERT_NE(f, nullptr) << c.candidate;
    EXPECT_EQ((*f)["null"]["source"], "family-tiny-llama") << c.candidate;
    EXPECT_EQ((*f)["null"]["samples"], c.records) << c.candidate;
    EXPECT_EQ((*f)["panel_is_lower_bound"], false) << c.candidate;
    const nlohmann::json* s4 = TrunkFinding(j["findings"], "huref_invariants");
    ASSERT_NE(s4, nullptr) << c.candidate;
    EXPECT_EQ((*s4)["decisive"], false) << c.candidate;  // context against any panel
  }
  // The report names the panel and the records left after leave-lineage-out.
  CliResult text = RunCli(
      {"weights", Example("models/indep-s1"), Example("models/base"), "--quiet", "--threads", "2"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("against 28 trained independent pairs (panel family-tiny-llama"),
            std::string::npos)
      << text.out;
}

// A user's panel of other lineages adds to the shipped one: here the first 9 shipped records under
// new fingerprints and lineage ids, so none of them leaves for indep-s1 vs base.
std::string OtherLineagePanel() {
  const std::string path = TempDir("cal-other") + "/other-lineages.jsonl";
  std::istringstream in(
      Slurp(std::string(LINEAGE_SOURCE_DIR) + "/data/calibration/family-tiny-llama.jsonl"));
  std::string text;
  int i = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || i == 9) continue;
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
  EXPECT_EQ((*f)["null"]["source"], "family-tiny-llama, other-lineages");
  EXPECT_EQ((*f)["null"]["samples"], 28 + 9);
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
