#include "weights/calibration/calibration_panel.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "stats/panel.h"
#include "stats/super_uniformity.h"
#include "test_util.h"
#include "weights/calibration/model_identity.h"
#include "weights/pair/pair_evidence.h"
#include "weights/statistics/huref.h"

namespace lineage {
namespace {

std::string Fp(char c) { return std::string(64, c); }

PanelRecord SampleRecord(char fa, char fb, double agreement) {
  PanelRecord r;
  r.candidate.path = "models/a";
  r.candidate.fingerprint = Fp(fa);
  r.candidate.files.push_back({"model.safetensors", 1234, std::string(64, '0'), "computed"});
  r.base.path = "models/b";
  r.base.fingerprint = Fp(fb);
  r.stats.shape = {"llama", "llama", 64, 64, 172, 172, 8, 8, 4, 4};
  S2Stat s2;
  s2.agreement = agreement;
  s2.blocks = 2;
  s2.units = 172;
  s2.probes = 253;
  s2.per_block = {agreement, agreement};
  r.stats.s2 = s2;
  S4Stat s4;
  s4.score = 0.05 + agreement;
  s4.blocks = 2;
  s4.probes = 253;
  r.stats.s4 = s4;
  CkaStat cka;
  cka.q = 0.15;
  cka.k = -0.01;
  cka.blocks = 2;
  cka.dims = 64;
  r.stats.cka = cka;
  r.tool_version = "0.1.0";
  r.seed = 18762350;
  r.date = "2026-11-28";
  r.how = "independent by construction";
  return r;
}

std::string Line(const PanelRecord& r) { return PanelRecordToJson(r).dump(); }

TEST(CalibrationPanel, RecordRoundTrips) {
  const PanelRecord in = SampleRecord('a', 'b', 0.0093);
  Result<PanelRecord> out = ParsePanelRecord(Line(in), "x.jsonl:1");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->candidate.path, in.candidate.path);
  EXPECT_EQ(out->candidate.fingerprint, in.candidate.fingerprint);
  ASSERT_EQ(out->candidate.files.size(), 1u);
  EXPECT_EQ(out->candidate.files[0].bytes, 1234u);
  EXPECT_EQ(out->base.fingerprint, in.base.fingerprint);
  EXPECT_EQ(out->stats.shape.family_a, "llama");
  EXPECT_EQ(out->stats.shape.mlp_width_b, 172);
  EXPECT_EQ(out->stats.shape.kv_heads_a, 4);
  ASSERT_TRUE(out->stats.s2 && out->stats.s4 && out->stats.cka);
  EXPECT_EQ(out->stats.s2->agreement, 0.0093);
  EXPECT_EQ(out->stats.s2->per_block, in.stats.s2->per_block);
  EXPECT_EQ(out->stats.s2->definition, kS2Definition);
  EXPECT_EQ(out->stats.s4->score, in.stats.s4->score);
  EXPECT_EQ(out->stats.cka->k, -0.01);
  EXPECT_EQ(out->seed, 18762350u);
  EXPECT_EQ(out->how, in.how);
  // Serialising again gives the same bytes.
  EXPECT_EQ(Line(*out), Line(in));
}

TEST(CalibrationPanel, LoadsDirectoryAndFilesWithOrigins) {
  const std::string dir = testing::TempDir("panels");
  testing::WriteFile(dir + "/b-panel.jsonl", "# comment\n\n" + Line(SampleRecord('a', 'b', 0.01)) +
                                                 "\n" + Line(SampleRecord('c', 'd', 0.02)) + "\n");
  testing::WriteFile(dir + "/a-panel.jsonl", Line(SampleRecord('e', 'f', 0.03)));  // no newline
  testing::WriteFile(dir + "/ignored.json", "not a panel");
  const std::string extra = testing::TempDir("panels-extra") + "/mine.jsonl";
  testing::WriteFile(extra, Line(SampleRecord('1', '2', 0.04)) + "\n");
  Result<CalibrationPanels> p = LoadCalibrationPanels({dir}, {extra});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->records.size(), 4u);
  EXPECT_EQ(p->records[0].panel_id, "a-panel");  // files in name order
  EXPECT_EQ(p->records[1].panel_id, "b-panel");
  EXPECT_EQ(p->records[1].origin, dir + "/b-panel.jsonl:3");
  EXPECT_EQ(p->records[2].origin, dir + "/b-panel.jsonl:4");
  EXPECT_EQ(p->records[3].panel_id, "mine");
  EXPECT_EQ(p->files.size(), 3u);
}

// Every malformed record is a Corrupt error naming the file and line, and the field.
TEST(CalibrationPanel, MalformedRecordsNameFileLineAndField) {
  const std::string good = Line(SampleRecord('a', 'b', 0.01));
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  struct Case {
    std::string line;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {"{not json", "offset"},
      {std::string(40, '[') + std::string(40, ']'), "nested deeper"},
      {"{\"format\": \"\xff\"}", "UTF-8"},
      {"[1, 2]", "not an object"},
      {with("lineage-calibration", "other"), "format"},
      {with("\"version\":\"1.1\"", "\"version\":\"2.0\""), "major version 2"},
      {with("\"version\":\"1.1\"", "\"version\":\"x\""), "MAJOR.MINOR"},
      {with("\"fingerprint\":\"" + Fp('a') + "\"", "\"fingerprint\":\"xyz\""),
       "candidate.fingerprint"},
      {with("\"fingerprint\":\"" + Fp('b') + "\",", ""), "base.fingerprint: missing"},
      {with("\"agreement\":0.01", "\"agreement\":NaN"), "offset"},
      {with("\"agreement\":0.01", "\"agreement\":1e999"), ""},
      {with("\"agreement\":0.01", "\"agreement\":1.5"), "s2.agreement"},
      {with("\"agreement\":0.01", "\"agreement\":\"high\""), "s2.agreement: not a number"},
      {with("\"units\":172", "\"units\":17.5"), "s2.units: not an integer"},
      {with("\"units\":172", "\"units\":1e300"), "s2.units"},
      {with("\"mlp_width\":[172,172]", "\"mlp_width\":[172]"), "shape.mlp_width"},
      {with("\"per_block\":[0.01,0.01]", "\"per_block\":[0.01,-3]"), "s2.per_block[1]"},
      {with("\"blocks\":2,\"units\"", "\"blocks\":0,\"units\""), "s2.blocks"},
      {with("\"how\":\"independent by construction\"", "\"how\":\"\""), "how: empty"},
      {with("\"seed\":18762350", "\"seed\":-1"), "seed"},
      {with("\"seed\":18762350", "\"seed\":1.5"), "seed"},
  };
  for (const Case& c : cases) {
    Result<PanelRecord> r = ParsePanelRecord(c.line, "p.jsonl:7");
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt) << r.status().ToString();
    EXPECT_NE(r.status().message().find("p.jsonl:7"), std::string::npos) << r.status().ToString();
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos)
        << "want '" << c.expect << "' in " << r.status().ToString();
  }
  // A record without any statistic says so.
  PanelRecord none = SampleRecord('a', 'b', 0.01);
  none.stats.s2.reset();
  none.stats.s4.reset();
  none.stats.cka.reset();
  EXPECT_FALSE(ParsePanelRecord(Line(none), "p.jsonl:1").ok());
}

TEST(CalibrationPanel, FileErrorsNameTheLine) {
  const std::string dir = testing::TempDir("panels-bad");
  testing::WriteFile(dir + "/p.jsonl",
                     Line(SampleRecord('a', 'b', 0.01)) + "\n# ok\n{\"format\": 1}\n");
  Result<CalibrationPanels> p = LoadCalibrationPanels({}, {dir + "/p.jsonl"});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find(dir + "/p.jsonl:3"), std::string::npos)
      << p.status().ToString();

  testing::WriteFile(dir + "/long.jsonl", std::string((1 << 20) + 10, ' ') + "\n");
  p = LoadCalibrationPanels({}, {dir + "/long.jsonl"});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("long.jsonl:1"), std::string::npos) << p.status().ToString();

  EXPECT_EQ(LoadCalibrationPanels({}, {dir + "/missing.jsonl"}).status().code(),
            Status::Code::kNotFound);
  EXPECT_EQ(LoadCalibrationPanels({dir + "/no-such-dir"}, {}).status().code(),
            Status::Code::kNotFound);
  testing::WriteFile(dir + "/empty.jsonl", "");
  Result<CalibrationPanels> empty = LoadCalibrationPanels({}, {dir + "/empty.jsonl"});
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->records.empty());
}

RobustStats Measured() { return SampleRecord('x', 'y', 0.0).stats; }

CalibrationPanels PanelOf(std::vector<PanelRecord> records) {
  CalibrationPanels p;
  for (PanelRecord& r : records) r.panel_id = "test-panel";
  p.records = std::move(records);
  return p;
}

TEST(CalibrationPanel, ComparableMeansSameDefinitionAndShapeClass) {
  const RobustStats m = Measured();
  PanelRecord r = SampleRecord('a', 'b', 0.01);
  EXPECT_TRUE(ComparableS2(r, m));
  EXPECT_TRUE(ComparableS4(r, m));
  // What S2's null depends on: MLP widths, matched units, probes, blocks averaged, definition.
  for (auto change : std::vector<void (*)(PanelRecord&)>{
           [](PanelRecord& x) { x.stats.shape.mlp_width_b = 11008; },
           [](PanelRecord& x) { x.stats.s2->units = 512; },
           [](PanelRecord& x) { x.stats.s2->probes = 512; },
           [](PanelRecord& x) { x.stats.s2->blocks = 8; },
           [](PanelRecord& x) { x.stats.s2->definition = "gate_up_agreement/2"; },
           [](PanelRecord& x) { x.stats.shape.family_b = "qwen2"; },
           [](PanelRecord& x) { x.stats.shape.residual_a = 4096; }}) {
    PanelRecord c = r;
    change(c);
    EXPECT_FALSE(ComparableS2(c, m));
  }
  // S4 does not read the MLP but depends on the heads.
  PanelRecord wide = r;
  wide.stats.shape.mlp_width_a = 11008;
  EXPECT_TRUE(ComparableS4(wide, m));
  PanelRecord heads = r;
  heads.stats.shape.kv_heads_b = 8;
  EXPECT_FALSE(ComparableS4(heads, m));
  EXPECT_TRUE(ComparableS2(heads, m));
  PanelRecord probes = r;
  probes.stats.s4->probes = 128;
  EXPECT_FALSE(ComparableS4(probes, m));
}

// Lineages: a (a base) and b (its fine-tune) are L1; c is L2, d is L3, e is L4.
PanelRecord LineageRecord(char fa, char fb, double agreement, bool same_data) {
  auto lineage = [](char f) {
    return std::string(f == 'a' || f == 'b' ? "L1" : f == 'c' ? "L2" : f == 'd' ? "L3" : "L4");
  };
  PanelRecord r = SampleRecord(fa, fb, agreement);
  r.candidate.lineage = lineage(fa);
  r.base.lineage = lineage(fb);
  r.same_data = same_data;
  return r;
}

TEST(CalibrationPanel, LeaveLineageOutRemovesRelativesNotOnlyTheModel) {
  CalibrationPanels p =
      PanelOf({LineageRecord('c', 'a', 0.020, false), LineageRecord('d', 'b', 0.021, false),
               LineageRecord('c', 'd', 0.010, true), LineageRecord('e', 'c', 0.011, true),
               LineageRecord('e', 'd', 0.012, true)});
  // Testing b (lineage L1, known from its own record) against an unknown model x: c·a involves
  // b's parent a, so it leaves too, although neither fingerprint is b's.
  TrainedPanels t = SelectTrainedPanels(p, Measured(), Fp('b'), Fp('x'));
  ASSERT_TRUE(t.s2.has_value());
  EXPECT_EQ(t.s2->values, (std::vector<double>{0.010, 0.011, 0.012}));
  EXPECT_EQ(t.s2->same_data_records, 3);
  EXPECT_NE(t.s2->description.find("2 left out"), std::string::npos) << t.s2->description;
  // An unknown pair keeps everything: its lineage is unknown, only fingerprints could match.
  TrainedPanels unknown = SelectTrainedPanels(p, Measured(), Fp('x'), Fp('y'));
  ASSERT_TRUE(unknown.s2.has_value());
  EXPECT_EQ(unknown.s2->values.size(), 5u);
  // Testing c against d: every record touches L2 or L3, so no trained panel is left.
  TrainedPanels none = SelectTrainedPanels(p, Measured(), Fp('c'), Fp('d'));
  EXPECT_FALSE(none.s2.has_value());
}

TEST(CalibrationPanel, LineageAndSameDataRoundTrip) {
  PanelRecord r = LineageRecord('c', 'a', 0.02, true);
  Result<PanelRecord> back = ParsePanelRecord(Line(r), "mem:1");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->candidate.lineage, "L2");
  EXPECT_EQ(back->base.lineage, "L1");
  EXPECT_TRUE(back->same_data);
  EXPECT_EQ(PanelRecordToJson(r)["version"], "1.1");
  // A 1.0 record (no lineage, no same_data) still reads, as not same-data.
  nlohmann::ordered_json old = PanelRecordToJson(SampleRecord('c', 'a', 0.02));
  old["version"] = "1.0";
  old.erase("same_data");
  Result<PanelRecord> legacy = ParsePanelRecord(old.dump(), "mem:2");
  ASSERT_TRUE(legacy.ok()) << legacy.status().message();
  EXPECT_TRUE(legacy->candidate.lineage.empty());
  EXPECT_FALSE(legacy->same_data);
  nlohmann::ordered_json bad = PanelRecordToJson(r);
  bad["same_data"] = "yes";
  EXPECT_FALSE(ParsePanelRecord(bad.dump(), "mem:3").ok());
}

TEST(CalibrationPanel, LeaveOneOutAndDuplicates) {
  // Models under test: x (candidate) and y (base).
  CalibrationPanels p = PanelOf({SampleRecord('a', 'b', 0.010), SampleRecord('x', 'b', 0.5),
                                 SampleRecord('a', 'y', 0.6), SampleRecord('b', 'a', 0.011),
                                 SampleRecord('c', 'd', 0.012)});
  TrainedPanels t = SelectTrainedPanels(p, Measured(), Fp('x'), Fp('y'));
  ASSERT_TRUE(t.s2.has_value());
  // x·b and a·y involve a model under test; b·a repeats a·b.
  EXPECT_EQ(t.s2->values, (std::vector<double>{0.010, 0.012}));
  EXPECT_EQ(t.s2->source, "test-panel");
  EXPECT_NE(t.s2->description.find("2 left out"), std::string::npos) << t.s2->description;
  EXPECT_NE(t.s2->description.find("1 duplicate"), std::string::npos) << t.s2->description;
  ASSERT_TRUE(t.s4.has_value());
  EXPECT_EQ(t.Sources(), "test-panel");

  // With one usable record left, no trained panel: the caller falls back and says why.
  TrainedPanels few = SelectTrainedPanels(p, Measured(), Fp('a'), Fp('c'));
  EXPECT_FALSE(few.s2.has_value());
  EXPECT_FALSE(few.s4.has_value());
  ASSERT_EQ(few.notes.size(), 2u);
  EXPECT_NE(few.notes[0].find("random-init"), std::string::npos);
  EXPECT_EQ(few.Sources(), "");
}

// A synthetic weights result: S2 0.9 on the trunk with a random-init panel near chance.
WeightsResult SyntheticResult(double agreement) {
  WeightsResult r;
  r.gate_up_agreement = agreement;
  r.gate_up_panel = {0.004, 0.006, 0.005, 0.007};
  return r;
}

const Finding* TrunkS2(const std::vector<Finding>& fs) {
  for (const Finding& f : fs) {
    if (f.test == "gate_up_consistency" && f.component == "trunk") return &f;
  }
  return nullptr;
}

Result<CalibrationPanels> ShippedPanels() {
  return LoadCalibrationPanels({std::string(LINEAGE_SOURCE_DIR) + "/data/calibration"}, {});
}

// The effect-size route (METHODS §10.2, rule 1) rests on S2's floor lying far above every trained
// independent pair, same-corpus seeds included: check it on every shipped record.
TEST(CalibrationPanel, EffectFloorsLieFarAboveEveryShippedIndependentRecord) {
  Result<CalibrationPanels> shipped = ShippedPanels();
  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  ASSERT_FALSE(shipped->records.empty());
  const std::vector<Finding> findings = WeightsFindings(SyntheticResult(0.9));
  const Finding* s2 = TrunkS2(findings);
  ASSERT_TRUE(s2 != nullptr && s2->effect_floor);
  int same_data = 0;
  for (const PanelRecord& r : shipped->records) {
    ASSERT_TRUE(r.stats.s2) << r.origin;
    EXPECT_LT(r.stats.s2->agreement, *s2->effect_floor / 4) << r.origin;
    same_data += r.same_data;
  }
  EXPECT_GE(same_data, 15);  // the floor is checked where shared data could move S2
}

// S4 is context against any panel (METHODS §10.2): in the shipped panel, shared data alone moves it
// as far as a derivation's effect, so even a trained same-data null cannot make it decisive.
TEST(CalibrationPanel, S4IsContextEvenAgainstATrainedSameDataPanel) {
  Result<CalibrationPanels> shipped = ShippedPanels();
  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  double same_data_max = 0, other_max = 0;
  for (const PanelRecord& r : shipped->records) {
    ASSERT_TRUE(r.stats.s4) << r.origin;
    double& m = r.same_data ? same_data_max : other_max;
    m = std::max(m, r.stats.s4->score);
  }
  // The reason for the rule, measured: same-corpus seeds far above pairs of different data.
  EXPECT_GT(same_data_max, 0.4);
  EXPECT_LT(other_max, 0.1);

  const PanelRecord& any = shipped->records.front();
  TrainedPanels t = SelectTrainedPanels(*shipped, any.stats, Fp('x'), Fp('y'));
  ASSERT_TRUE(t.s4.has_value());
  HurefPairResult huref;
  huref.score = 0.99;
  huref.blocks = 5;
  huref.panel = {0.01, 0.02, 0.03};
  std::vector<Finding> s4 = HurefFindings(huref, false, &*t.s4);
  ASSERT_FALSE(s4.empty());
  EXPECT_EQ(s4[0].test, "huref_invariants");
  EXPECT_FALSE(s4[0].panel_is_lower_bound);
  EXPECT_FALSE(s4[0].decisive);
}

// METHODS §10.6: the calibrated p of every shipped record, computed as a pair under test gets it
// (SelectTrainedPanels leaves its two lineages out; the Student-t tail on n0 − 1 df), is
// super-uniform at α = 0.01, 0.05 and 0.1: each record is a held-out pair of lineages that no
// record of its null shares.
TEST(CalibrationPanel, HeldOutLineagesGiveSuperUniformCalibratedP) {
  Result<CalibrationPanels> shipped = ShippedPanels();
  ASSERT_TRUE(shipped.ok()) << shipped.status().message();
  std::vector<double> s2_p, s4_p;
  for (const PanelRecord& r : shipped->records) {
    TrainedPanels t =
        SelectTrainedPanels(*shipped, r.stats, r.candidate.fingerprint, r.base.fingerprint);
    ASSERT_TRUE(t.s2 && t.s4) << r.origin;
    // 10 roots: the 9 + 8 records of the pair's two roots leave, 28 stay.
    EXPECT_EQ(t.s2->values.size(), 28u) << r.origin;
    Result<PanelCalibration> c2 = CalibrateAgainstPanel(r.stats.s2->agreement, t.s2->values);
    Result<PanelCalibration> c4 = CalibrateAgainstPanel(r.stats.s4->score, t.s4->values);
    ASSERT_TRUE(c2.ok() && c4.ok()) << r.origin;
    s2_p.push_back(c2->log10_p_t);
    s4_p.push_back(c4->log10_p_t);
  }
  ASSERT_EQ(s2_p.size(), 45u);
  const std::vector<double> alphas = {0.01, 0.05, 0.1};
  for (const auto& [name, ps] : {std::pair{"S2", &s2_p}, std::pair{"S4", &s4_p}}) {
    for (const SuperUniformityRow& row : CheckSuperUniform(*ps, alphas)) {
      EXPECT_TRUE(row.ok) << name << " α " << row.alpha << ": " << row.rejections << " of " << row.n
                          << " > " << row.bound;
    }
  }
}

TEST(CalibrationPanel, TrunkS2UsesTheTrainedPanelWhenThereIsOne) {
  TrainedPanels t;
  t.s2 = RobustPanel{{0.02, 0.03, 0.025}, "examples", "3 trained pairs", 3};
  std::vector<Finding> with = WeightsFindings(SyntheticResult(0.9), &t);
  const Finding* g = TrunkS2(with);
  ASSERT_NE(g, nullptr);
  ASSERT_TRUE(g->null && g->null->mean && g->null->max);
  EXPECT_EQ(g->null->kind, "calibrated-panel");
  EXPECT_EQ(g->null->source, "examples");
  EXPECT_EQ(g->null->samples, 3);
  EXPECT_DOUBLE_EQ(*g->null->max, 0.03);
  EXPECT_NEAR(*g->null->mean, 0.025, 1e-12);
  EXPECT_FALSE(g->panel_is_lower_bound);
  EXPECT_TRUE(g->approximate);
  EXPECT_EQ(g->direction, Direction::kForDerivation);  // 0.9 ≫ panel and above the effect floor

  // Without one: the random-init replicas, as before, and the reason stated.
  TrainedPanels none;
  std::vector<Finding> without = WeightsFindings(SyntheticResult(0.9), &none);
  g = TrunkS2(without);
  ASSERT_NE(g, nullptr);
  EXPECT_TRUE(g->null->source.empty());
  EXPECT_EQ(g->null->samples, 4);
  EXPECT_NE(g->null->description.find("no comparable trained-independent panel"),
            std::string::npos);
  // Random-init replicas bound the null from below (METHODS §10.3).
  EXPECT_TRUE(g->panel_is_lower_bound);
  std::vector<Finding> legacy = WeightsFindings(SyntheticResult(0.9));
  ASSERT_NE(TrunkS2(legacy), nullptr);
  EXPECT_EQ(TrunkS2(legacy)->null->samples, 4);

  // A trained panel without same-data independents is a lower bound too: shared data moves S2.
  TrainedPanels other_data;
  other_data.s2 = RobustPanel{{0.02, 0.03, 0.025}, "examples", "3 trained pairs", 1};
  std::vector<Finding> other = WeightsFindings(SyntheticResult(0.9), &other_data);
  ASSERT_NE(TrunkS2(other), nullptr);
  EXPECT_EQ(TrunkS2(other)->null->source, "examples");
  EXPECT_TRUE(TrunkS2(other)->panel_is_lower_bound);
}

TEST(ModelIdentity, FingerprintFollowsValuesNotContainer) {
  auto make = [](float bump, const char* dtype) {
    InMemoryWeights w;
    Mat e = Mat::Zero(6, 4);
    for (int i = 0; i < e.size(); ++i) e.data()[i] = 0.1f * static_cast<float>(i);
    e(5, 3) += bump;  // the last row is sampled
    w.Set(Key(Role::kEmbed), e, dtype);
    w.Set(Key(Role::kGate, 0), Mat::Constant(3, 4, 0.5f), dtype);
    return w;
  };
  Result<std::string> a = ModelFingerprint(make(0, "F32"));
  Result<std::string> b = ModelFingerprint(make(0, "BF16"));
  Result<std::string> c = ModelFingerprint(make(1e-3f, "F32"));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_FALSE(ModelFingerprint(InMemoryWeights()).ok());
}

}  // namespace
}  // namespace lineage
