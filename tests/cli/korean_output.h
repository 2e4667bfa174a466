// Checks that a command's `--lang ko` text output is Korean wherever the catalog speaks.
//
// The English side of the catalog is cut at its placeholders into literal fragments; a fragment
// of at least two words that no Korean template also contains is an English sentence the
// catalog owns. The English run must contain at least one of them (so the check can fail), the
// Korean run none, and the Korean run must contain Hangul. No output is hard-coded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "report/catalog.h"
#include "test_util.h"

namespace lineage::testing {

inline bool ContainsHangul(std::string_view s) {
  // Hangul syllables U+AC00..U+D7A3 are encoded EA B0 80 .. ED 9E A3 in UTF-8.
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xEA && c <= 0xED) return true;
  }
  return false;
}

// Literal runs of an English template with at least two words of three or more letters.
inline std::vector<std::string> EnglishFragments() {
  std::vector<std::string> out;
  std::vector<std::string_view> korean;
  for (const CatalogEntry& e : CatalogEntries()) korean.emplace_back(e.ko);
  for (const CatalogEntry& e : CatalogEntries()) {
    std::string_view t = e.en;
    size_t i = 0;
    while (i < t.size()) {
      size_t open = t.find('{', i);
      std::string_view piece =
          t.substr(i, open == std::string_view::npos ? std::string_view::npos : open - i);
      i = open == std::string_view::npos ? t.size() : t.find('}', open) + 1;
      while (!piece.empty() && (piece.front() == ' ' || piece.front() == '('))
        piece.remove_prefix(1);
      while (!piece.empty() && (piece.back() == ' ' || piece.back() == '(')) piece.remove_suffix(1);
      int words = 0, letters = 0;
      for (char c : piece) {
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        letters = alpha ? letters + 1 : 0;
        words += letters == 3;
      }
      if (words < 2) continue;
      bool shared = false;
      for (std::string_view k : korean) shared = shared || k.find(piece) != std::string_view::npos;
      if (!shared) out.emplace_back(piece);
    }
  }
  return out;
}

// The catalog's English sentences found in `text`.
inline std::vector<std::string> EnglishSentencesIn(const std::string& text) {
  std::vector<std::string> found;
  for (const std::string& f : EnglishFragments()) {
    if (text.find(f) != std::string::npos) found.push_back(f);
  }
  return found;
}

inline void ExpectKoreanOutput(const CliResult& en, const CliResult& ko) {
  ASSERT_EQ(en.exit_code, 0) << en.err;
  ASSERT_EQ(ko.exit_code, 0) << ko.err;
  EXPECT_FALSE(EnglishSentencesIn(en.out).empty()) << "the English run shows no catalog text:\n"
                                                   << en.out;
  for (const std::string& f : EnglishSentencesIn(ko.out))
    ADD_FAILURE() << "English in --lang ko: '" << f << "'\n" << ko.out;
  EXPECT_TRUE(ContainsHangul(ko.out)) << ko.out;
  // Trf() returns the bare template when its arguments do not fit: no placeholder may survive.
  for (const std::string* out : {&en.out, &ko.out}) {
    for (const char* p : {"{}", "{:", "{0", "{1", "{2", "{3", "{4", "{5"}) {
      EXPECT_EQ(out->find(p), std::string::npos) << "unformatted template in:\n" << *out;
    }
  }
}

}  // namespace lineage::testing
