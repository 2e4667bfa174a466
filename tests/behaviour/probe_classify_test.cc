// The probe classifiers on answers we wrote and labelled (tests/data/behaviour/MANIFEST.md), in
// English and Korean; the accuracy per language is printed and must reach the stated level.
#include "behaviour/probe_classify.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lineage {
namespace {

using Json = nlohmann::json;

// Stated before the labelled sets were scored: a classifier that misreads more than one answer
// in ten (refusal: one in five, the hardest) is not one we can explain in a report.
constexpr double kRefusalAccuracy = 0.8;
constexpr double kMentionAccuracy = 0.9;
constexpr double kCutoffAccuracy = 0.9;

std::vector<Json> ReadJsonl(const std::string& rel) {
  std::ifstream in(testing::TestData(rel));
  std::vector<Json> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(Json::parse(line));
  }
  return out;
}

ProbeSuites Suites() {
  auto dir = DefaultProbeDir();
  EXPECT_TRUE(dir.ok()) << dir.status().ToString();
  auto s = LoadProbeSuites(dir.ok() ? *dir : "");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : ProbeSuites{};
}

// Accuracy per language of `right(row)` over the rows of a labelled set.
std::map<std::string, std::pair<int, int>> Score(const std::vector<Json>& rows,
                                                 const std::function<bool(const Json&)>& right) {
  std::map<std::string, std::pair<int, int>> acc;
  for (const Json& r : rows) {
    auto& [ok, n] = acc[r["lang"].get<std::string>()];
    ++n;
    if (right(r)) {
      ++ok;
    } else {
      std::printf("  misread (%s): %s\n", r["lang"].get<std::string>().c_str(),
                  r["answer"].get<std::string>().c_str());
    }
  }
  return acc;
}

void ExpectAccuracy(const std::map<std::string, std::pair<int, int>>& acc, double level,
                    const char* what) {
  ASSERT_EQ(acc.size(), 2u) << what << ": both languages labelled";
  for (const auto& [lang, okn] : acc) {
    const double a = okn.first / static_cast<double>(okn.second);
    std::printf("%s accuracy (%s): %d/%d = %.3f\n", what, lang.c_str(), okn.first, okn.second, a);
    EXPECT_GE(a, level) << what << " (" << lang << ")";
  }
}

TEST(ProbeClassify, RefusalClassifierOnLabelledAnswers) {
  const ProbeSuites s = Suites();
  auto acc = Score(ReadJsonl("behaviour/refusal_labelled.jsonl"), [&](const Json& r) {
    const auto& pat = r["lang"] == "ko" ? s.refusal_patterns_ko : s.refusal_patterns_en;
    return ClassifyRefusal(r["answer"], pat, s.refusal_window) == r["label"];
  });
  ExpectAccuracy(acc, kRefusalAccuracy, "refusal");
}

TEST(ProbeClassify, NameMentionsOnLabelledAnswers) {
  const ProbeSuites s = Suites();
  auto acc = Score(ReadJsonl("behaviour/identity_labelled.jsonl"), [&](const Json& r) {
    const std::vector<std::string> got = MentionedNames(r["answer"], s.names);
    const auto want = r["mentions"].get<std::vector<std::string>>();
    return std::set<std::string>(got.begin(), got.end()) ==
           std::set<std::string>(want.begin(), want.end());
  });
  ExpectAccuracy(acc, kMentionAccuracy, "identity mentions");
}

TEST(ProbeClassify, CutoffAnswersOnLabelledAnswers) {
  const ProbeSuites s = Suites();
  auto acc = Score(ReadJsonl("behaviour/cutoff_labelled.jsonl"), [&](const Json& r) {
    for (const CutoffItem& c : s.cutoff) {
      if (c.id == r["id"] && c.lang == r["lang"]) {
        return CutoffAnswerCorrect(r["answer"], c) == r["correct"].get<bool>();
      }
    }
    ADD_FAILURE() << "no cutoff item " << r["id"] << " " << r["lang"];
    return false;
  });
  ExpectAccuracy(acc, kCutoffAccuracy, "cutoff answers");
}

TEST(ProbeClassify, TermsMatchAtWordEdgesOnly) {
  EXPECT_TRUE(ContainsTerm(NormaliseAnswer("I am LLaMA3."), "llama"));
  EXPECT_FALSE(ContainsTerm(NormaliseAnswer("metadata"), "meta"));
  EXPECT_FALSE(ContainsTerm(NormaliseAnswer("ChatGPT"), "gpt"));
  EXPECT_TRUE(ContainsTerm(NormaliseAnswer("ChatGPT"), "chatgpt"));
  EXPECT_TRUE(ContainsTerm(NormaliseAnswer("I  can\xE2\x80\x99t\nhelp"), "I can't help"));
  EXPECT_TRUE(ContainsTerm(NormaliseAnswer("저는 메타의 모델"), "메타"));
  EXPECT_FALSE(ContainsTerm("", "x"));
  EXPECT_EQ(ClassifyRefusal(" \n", {"x"}, 240), "empty");
}

TEST(ProbeClassify, RefusalOnlyCountsInTheOpeningWindow) {
  const std::string late = std::string(300, 'a') + " i cannot";
  EXPECT_EQ(ClassifyRefusal(late, {"i cannot"}, 240), "compliance");
  EXPECT_EQ(ClassifyRefusal("I cannot. " + late, {"i cannot"}, 240), "refusal");
  // A window cut inside a Hangul syllable is moved back to a character boundary.
  EXPECT_EQ(ClassifyRefusal(std::string(239, 'a') + "죄송", {"죄"}, 240), "compliance");
}

std::vector<std::pair<int, bool>> Step(int months, int known, int per_month) {
  std::vector<std::pair<int, bool>> v;
  for (int m = 0; m < months; ++m) {
    for (int i = 0; i < per_month; ++i) v.push_back({24000 + m, m <= known});
  }
  return v;
}

TEST(ProbeClassify, CutoffEstimateFindsAStep) {
  const CutoffEstimate e = EstimateCutoff(Step(30, 19, 2));
  ASSERT_TRUE(e.estimated) << e.note;
  EXPECT_EQ(e.last_known, 24019);
  EXPECT_LE(e.range_lo, 24019);
  EXPECT_GE(e.range_hi, 24019);
  EXPECT_DOUBLE_EQ(e.rate_before, 1.0);
  EXPECT_DOUBLE_EQ(e.rate_after, 0.0);
  EXPECT_EQ(MonthName(e.last_known), "2001-08");  // 24019 = 2001 * 12 + 7
}

TEST(ProbeClassify, CutoffEstimateWidensWithNoise) {
  // Known until month 19, but one miss in each known month and one lucky hit after: the drop is
  // still found, and the range is not narrower than in the clean case.
  std::vector<std::pair<int, bool>> v;
  for (int m = 0; m < 30; ++m) {
    for (int i = 0; i < 3; ++i) v.push_back({m, m <= 19 ? i != 0 : (m == 25 && i == 0)});
  }
  const CutoffEstimate e = EstimateCutoff(v);
  ASSERT_TRUE(e.estimated);
  EXPECT_LE(e.range_lo, 19);
  EXPECT_GE(e.range_hi, 19);
  EXPECT_LT(e.rate_before, 1.0);
  EXPECT_GT(e.rate_after, 0.0);
}

TEST(ProbeClassify, NoEstimateWithoutADrop) {
  EXPECT_FALSE(EstimateCutoff(Step(10, -1, 2)).estimated);  // nothing right
  const CutoffEstimate all = EstimateCutoff(Step(10, 99, 2));
  EXPECT_FALSE(all.estimated);
  EXPECT_TRUE(all.lower_bound);
  std::vector<std::pair<int, bool>> rising;  // wrong early, right late: not a cutoff
  for (int m = 0; m < 10; ++m) rising.push_back({m, m >= 5});
  EXPECT_FALSE(EstimateCutoff(rising).estimated);
  std::vector<std::pair<int, bool>> flat;  // every other answer right, all along
  for (int m = 0; m < 20; ++m) flat.push_back({m, m % 2 == 0});
  EXPECT_FALSE(EstimateCutoff(flat).estimated);
}

}  // namespace
}  // namespace lineage
