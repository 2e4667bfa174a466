// The shipped probe suites (data/probes) load, hold both languages, and are well formed; a
// broken suite file is refused naming it.
#include "behaviour/probe_suite.h"

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "behaviour/probe_classify.h"
#include "test_util.h"

namespace lineage {
namespace {

ProbeSuites Shipped() {
  auto dir = DefaultProbeDir();
  EXPECT_TRUE(dir.ok()) << dir.status().ToString();
  auto s = LoadProbeSuites(dir.ok() ? *dir : "");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : ProbeSuites{};
}

TEST(ProbeSuite, ShippedSuitesHaveEveryPromptInBothLanguages) {
  const ProbeSuites s = Shipped();
  std::map<std::string, std::set<std::string>> langs;  // "suite/id" → languages
  for (const ProbePrompt& p : s.identity) langs["identity/" + p.id].insert(p.lang);
  for (const ProbePrompt& p : s.refusal) langs["refusal/" + p.id].insert(p.lang);
  for (const CutoffItem& c : s.cutoff) langs["cutoff/" + c.id].insert(c.lang);
  ASSERT_FALSE(langs.empty());
  for (const auto& [id, l] : langs) EXPECT_EQ(l.size(), 2u) << id;
  std::map<std::string, int> categories;
  for (const ProbePrompt& p : s.refusal) categories[p.category + "/" + p.lang]++;
  for (const char* k : {"harmful/en", "harmful/ko", "benign/en", "benign/ko"}) {
    EXPECT_GE(categories[k], 4) << k;
  }
  EXPECT_GE(s.tokenizer.size(), 8u);
}

TEST(ProbeSuite, NoDatedQuestionGivesAwayItsAnswer) {
  const ProbeSuites s = Shipped();
  std::set<int> months;
  for (const CutoffItem& c : s.cutoff) {
    months.insert(c.month_index);
    const std::string q = NormaliseAnswer(c.question);
    for (const std::string& a : c.answers) EXPECT_FALSE(ContainsTerm(q, a)) << c.id << ": " << a;
  }
  EXPECT_GE(months.size(), 20u) << "the estimate needs months to split";
}

TEST(ProbeSuite, IdentityAnswersMentionNoNameInTheQuestion) {
  const ProbeSuites s = Shipped();
  for (const ProbePrompt& p : s.identity) {
    EXPECT_TRUE(MentionedNames(p.text, s.names).empty()) << p.id << " " << p.lang;
  }
}

TEST(ProbeSuite, BrokenSuitesAreRefusedNamingTheFile) {
  const ProbeSuites s = Shipped();
  const std::string dir = testing::TempDir("probes");
  for (const char* f : {"identity.json", "cutoff.json", "refusal.json", "tokenizer.json"}) {
    testing::WriteFile(dir + "/" + f, testing::ReadFile(s.dir + "/" + f));
  }
  ASSERT_TRUE(LoadProbeSuites(dir).ok());
  testing::WriteFile(dir + "/cutoff.json",
                     std::string(R"({"items": [{"id": "x", "month": "2024-13", "en": {}}]})"));
  auto bad = LoadProbeSuites(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cutoff.json"), std::string::npos);
  EXPECT_NE(bad.status().message().find("YYYY-MM"), std::string::npos);
  testing::WriteFile(dir + "/cutoff.json", std::string("{not json"));
  bad = LoadProbeSuites(dir);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cutoff.json"), std::string::npos);
  auto missing = LoadProbeSuites(dir + "/nowhere");
  EXPECT_FALSE(missing.ok());
}

// The agreement test's chat prompts: 100 per language, each list in its own language (every
// Korean prompt has Hangul, no English one has), no prompt in both, and a file whose `lang`
// is not the one asked for is refused naming it.
TEST(ProbeSuite, ChatPromptsInBothLanguages) {
  const ProbeSuites s = Shipped();
  auto en = LoadChatPrompts(s.dir, "en");
  auto ko = LoadChatPrompts(s.dir, "ko");
  ASSERT_TRUE(en.ok()) << en.status().ToString();
  ASSERT_TRUE(ko.ok()) << ko.status().ToString();
  EXPECT_EQ(en->size(), 100u);
  EXPECT_EQ(ko->size(), 100u);
  auto hangul = [](const std::string& t) {
    return t.find("\xEA") != std::string::npos || t.find("\xEB") != std::string::npos ||
           t.find("\xEC") != std::string::npos || t.find("\xED") != std::string::npos;
  };
  for (const std::string& p : *ko) EXPECT_TRUE(hangul(p)) << p;
  for (const std::string& p : *en) EXPECT_FALSE(hangul(p)) << p;
  std::set<std::string> both(en->begin(), en->end());
  for (const std::string& p : *ko) EXPECT_EQ(both.count(p), 0u) << p;
  EXPECT_FALSE(LoadChatPrompts(s.dir, "fr").ok());
  const std::string dir = testing::TempDir("chat-prompts");
  testing::WriteFile(dir + "/chat_prompts_ko.json",
                     testing::ReadFile(s.dir + "/chat_prompts.json"));
  auto wrong = LoadChatPrompts(dir, "ko");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("chat_prompts_ko.json"), std::string::npos);
}

TEST(ProbeSuite, MonthsRoundTrip) {
  EXPECT_EQ(MonthName(MonthIndex("2024-02")), "2024-02");
  EXPECT_EQ(MonthIndex("2024-2"), -1);
  EXPECT_EQ(MonthIndex("2024-00"), -1);
  EXPECT_EQ(MonthIndex("2024-02x"), -1);
}

}  // namespace
}  // namespace lineage
