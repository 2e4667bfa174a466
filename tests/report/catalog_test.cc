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
  EXPECT_EQ(Tr(Lang::kEn, "verdict.derived"), "derived");
  EXPECT_EQ(Tr(Lang::kKo, "verdict.derived"), "파생");
  EXPECT_EQ(Tr(Lang::kKo, "verdict.independent"), "독립");
  EXPECT_EQ(Tr(Lang::kKo, "verdict.inconclusive"), "판단 불가");
  EXPECT_EQ(Tr(Lang::kEn, "no.such.key"), "no.such.key");
  EXPECT_EQ(Trf(Lang::kEn, "parent.single", "base"), "Most likely parent: base");
  // Korean reorders arguments by index.
  EXPECT_EQ(Trf(Lang::kKo, "label.catalog_share", 2, 40), "카탈로그 설정 40개 중 2개");
  // A template/argument mismatch returns the template instead of throwing.
  EXPECT_EQ(Trf(Lang::kEn, "parent.single"), "Most likely parent: {}");
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
      "arch|compute|logs|trajectory|init|inspect|hash|weights)"
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

}  // namespace
}  // namespace lineage
