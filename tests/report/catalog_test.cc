// The catalog is complete: every key has English and Korean text, the Korean is Korean, the
// placeholders agree, and every key the report code asks for exists.
#include "report/catalog.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace lineage {
namespace {

bool HasHangul(std::string_view s) {
  // Hangul syllables U+AC00..U+D7A3 are encoded EA B0 80 .. ED 9E A3 in UTF-8.
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    unsigned char c = s[i];
    if (c >= 0xEA && c <= 0xED) return true;
  }
  return false;
}

int Placeholders(std::string_view s) {
  int n = 0;
  for (char c : s) n += c == '{';
  return n;
}

// Keys whose text is notation, the same in both languages.
const std::set<std::string> kLanguageNeutral = {"label.log10_p", "label.z_adj", "label.sha256",
                                                "label.neg_log10_p"};

TEST(CatalogTest, EveryKeyHasEnglishAndKorean) {
  std::set<std::string> seen;
  for (const CatalogEntry& e : CatalogEntries()) {
    SCOPED_TRACE(e.key);
    EXPECT_TRUE(seen.insert(e.key).second) << "duplicate key";
    ASSERT_NE(e.en, nullptr);
    ASSERT_NE(e.ko, nullptr);
    EXPECT_GT(std::string_view(e.en).size(), 0u);
    EXPECT_GT(std::string_view(e.ko).size(), 0u);
    if (!kLanguageNeutral.count(e.key)) {
      EXPECT_TRUE(HasHangul(e.ko)) << e.ko;
    }
    EXPECT_EQ(Placeholders(e.en), Placeholders(e.ko));
  }
  EXPECT_GT(seen.size(), 100u);
}

TEST(CatalogTest, LookupAndFormatting) {
  // `derived` shows shared trained weights, not a direction (issue 13).
  EXPECT_EQ(Tr(Lang::kEn, "verdict.derived"), "shares trained weights");
  EXPECT_EQ(Tr(Lang::kKo, "verdict.derived"), "학습된 가중치 공유");
  EXPECT_EQ(Tr(Lang::kKo, "verdict.independent"), "독립");
  EXPECT_EQ(Tr(Lang::kKo, "verdict.inconclusive"), "판단 불가");
  EXPECT_EQ(Tr(Lang::kEn, "no.such.key"), "no.such.key");
  EXPECT_EQ(Trf(Lang::kEn, "ancestry.base_from_candidate", "cand", "base"),
            "base was derived from cand.");
  // Korean reorders arguments by index.
  EXPECT_EQ(Trf(Lang::kKo, "label.catalog_share", 2, 40), "카탈로그 설정 40개 중 2개");
  // A template/argument mismatch returns the template instead of throwing.
  EXPECT_EQ(Trf(Lang::kEn, "parent.from_ancestry"),
            "Parent: {} (the candidate was derived from it; evidence below)");
  EXPECT_EQ(TrLabel(Lang::kKo, "relation", "identical"), "동일");
  EXPECT_EQ(TrLabel(Lang::kKo, "test", "brand_new_test"), "brand_new_test");
}

TEST(CatalogTest, ParseLang) {
  EXPECT_EQ(ParseLang("en").value(), Lang::kEn);
  EXPECT_EQ(ParseLang("ko").value(), Lang::kKo);
  Result<Lang> bad = ParseLang("fr");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("en or ko"), std::string::npos);
  EXPECT_STREQ(LangCode(Lang::kKo), "ko");
}

TEST(CatalogTest, EveryKeyTheCodeUsesExists) {
  // Scan the renderers and the decision rule for catalog-shaped string literals.
  const std::regex key_re(
      "\"((?:verdict|reason|parent|report|section|statement|label|pca|block_map|block_stats|"
      "tokenizer|direction|analysis|null|relation|derivation|component|test|limitation|term|"
      "arch|compute|logs|trajectory|init|inspect|hash|weights|ancestry|ancestry_id|related|"
      "siblings)"
      "\\.[a-z0-9_.-]+)\"");
  namespace fs = std::filesystem;
  int files = 0, keys = 0;
  // A literal may also be a prefix that TrLabel completes with a label ("compute.flag").
  auto known = [](std::string k) {
    if (HasCatalogKey(k)) return true;
    if (k.back() == '.') k.pop_back();  // "tokenizer.explain." + label
    for (const CatalogEntry& e : CatalogEntries()) {
      if (std::string_view(e.key).rfind(k + ".", 0) == 0) return true;
    }
    return false;
  };
  for (const char* dir : {"src/report", "src/verdict", "src/cli"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(LINEAGE_SOURCE_DIR) / dir)) {
      std::string name = entry.path().filename().string();
      if (name == "catalog.cc" || name == "catalog_commands.cc") continue;
      std::ifstream in(entry.path());
      std::stringstream ss;
      ss << in.rdbuf();
      std::string text = ss.str();
      ++files;
      for (std::sregex_iterator it(text.begin(), text.end(), key_re), end; it != end; ++it) {
        ++keys;
        EXPECT_TRUE(known((*it)[1].str())) << name << " uses " << (*it)[1].str();
      }
    }
  }
  EXPECT_GT(files, 5);
  EXPECT_GT(keys, 50);
}

TEST(CatalogTest, LabelsTheAnalysesEmitAreTranslated) {
  for (const char* t :
       {"fine-tuned", "camouflaged-permutation", "camouflaged-rotation", "depth-upscaled",
        "depth-pruned", "width-pruned", "moe-upcycled", "vocab-extended", "quantized", "dtype-cast",
        "component-reuse", "identical-copy"}) {
    EXPECT_TRUE(HasCatalogKey(std::string("derivation.") + t)) << t;
  }
  for (const char* r :
       {"identical", "extends", "subset", "reindexed", "overlapping", "unrelated"}) {
    EXPECT_TRUE(HasCatalogKey(std::string("relation.") + r)) << r;
    EXPECT_TRUE(HasCatalogKey(std::string("tokenizer.explain.") + r)) << r;
  }
  for (const char* n : {"exact", "permutation", "shuffle", "calibrated-panel", "analytic"}) {
    EXPECT_TRUE(HasCatalogKey(std::string("null.") + n)) << n;
  }
  for (const char* d : {"for-derivation", "against-derivation", "neutral"}) {
    EXPECT_TRUE(HasCatalogKey(std::string("direction.") + d)) << d;
  }
}

// Every phrase template, filled with sample arguments the way its producer fills it, comes back
// Korean from TrText, with no literal English run of the template left; English is untouched.
TEST(CatalogTest, TrTextTranslatesEveryPhraseAndKeepsEnglish) {
  int phrases = 0;
  for (const CatalogEntry& e : CatalogEntries()) {
    std::string_view key = e.key;
    if (key.rfind("phrase.", 0) != 0) continue;
    ++phrases;
    SCOPED_TRACE(e.key);
    std::string filled;
    for (std::string_view t = e.en; !t.empty();) {
      size_t open = t.find('{');
      filled += t.substr(0, open);
      if (open == std::string_view::npos) break;
      filled += "7";
      t.remove_prefix(t.find('}', open) + 1);
    }
    EXPECT_EQ(TrText(Lang::kEn, filled), filled);
    std::string ko = TrText(Lang::kKo, filled);
    EXPECT_TRUE(HasHangul(ko)) << filled << " -> " << ko;
    EXPECT_EQ(ko.find('{'), std::string::npos) << ko;
  }
  EXPECT_GT(phrases, 50);
}

TEST(CatalogTest, TrTextComposesPartsAndCaptures) {
  // Keys render as their sentence in both languages (the `reason.*` leak of issue #13).
  EXPECT_EQ(TrText(Lang::kEn, "reason.mixed"), Tr(Lang::kEn, "reason.mixed"));
  EXPECT_EQ(TrText(Lang::kKo, "reason.null_with_power"), Tr(Lang::kKo, "reason.null_with_power"));
  // "; "-separated parts, and a captured part that is itself a phrase.
  EXPECT_EQ(TrText(Lang::kKo,
                   "t tail with 7 df (beyond every panel value: fitted-tail "
                   "extrapolation); calibrated, not exact"),
            "자유도 7의 t 분포 꼬리 (모든 패널 값을 넘어섬: 적합한 꼬리 분포로 외삽); 보정값이며 "
            "정확 검정 아님");
  EXPECT_EQ(TrText(Lang::kKo, "candidate: /x/y: no such file or directory"),
            "후보 모델: /x/y: 파일이나 디렉터리가 없음");
  // Korean reorders captures by index; unknown text comes back as it is.
  EXPECT_EQ(TrText(Lang::kKo, "3 of 8 sampled units hit their own index"),
            "표본 유닛 8개 중 3개가 자기 인덱스에 적중");
  EXPECT_EQ(TrText(Lang::kKo, "a sentence no template knows"), "a sentence no template knows");
}

}  // namespace
}  // namespace lineage
