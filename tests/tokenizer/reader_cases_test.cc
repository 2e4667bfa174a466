// Files users bring that the readers once refused: real ones from npm packages
// (tests/data/tokenizers/claude-v1, tiktoken-npm) and fixtures reproducing the byte-level feature
// of real files not available here (tests/data/fixtures, written by make_fixtures.py).
#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"
#include "tokenizer/compare.h"
#include "tokenizer/vocab.h"

namespace lineage {
namespace {

using testing::TestData;

Vocab Load(const std::string& rel) {
  auto v = LoadVocab(TestData(rel));
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? std::move(v).value() : Vocab{};
}

size_t CountKind(const Vocab& v, TokenKind k) {
  return static_cast<size_t>(
      std::count_if(v.tokens.begin(), v.tokens.end(), [&](const Token& t) { return t.kind == k; }));
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += s + "\n";
  return out;
}

// --- GGUF -------------------------------------------------------------------------------------

TEST(ReaderCasesTest, GgufDuplicateKeyIsReadFirstValueWinsAndWarns) {
  Vocab v = Load("fixtures/gguf-duplicate-key.gguf");
  EXPECT_EQ(v.size(), 12u);
  EXPECT_EQ(v.special_roles["bos"], "<s>");  // the first bos_token_id (1), not the second (2)
  ASSERT_EQ(v.notes.size(), 1u) << Joined(v.notes);
  EXPECT_NE(v.notes[0].find("'tokenizer.ggml.bos_token_id' appears twice (offsets "),
            std::string::npos)
      << v.notes[0];
}

TEST(ReaderCasesTest, GgufV1VocabularyIsIdenticalToItsV3Twin) {
  Vocab v1 = Load("fixtures/gguf-v1.gguf");
  Vocab v3 = Load("fixtures/gguf-v3-same-as-v1.gguf");
  EXPECT_EQ(v1.size(), 12u);
  EXPECT_EQ(CountKind(v1, TokenKind::kByte), 4u);
  EXPECT_EQ(CompareVocabs(v1, v3).relation, Relation::kIdentical);
}

// --- tiktoken -------------------------------------------------------------------------------

TEST(ReaderCasesTest, TiktokenEmptyTokenLineIsKeptAsUnused) {
  // Whisper's multilingual.tiktoken has a line "= <rank>": Python's tiktoken loads it.
  Vocab v = Load("fixtures/whisper-like-empty-token.tiktoken");
  ASSERT_EQ(v.size(), 267u);
  EXPECT_EQ(CountKind(v, TokenKind::kUnused), 1u);
  EXPECT_EQ(v.tokens.back().id, 266);
  EXPECT_TRUE(v.tokens.back().bytes.empty());
  ASSERT_EQ(v.notes.size(), 1u);
  EXPECT_NE(v.notes[0].find("empty token"), std::string::npos) << v.notes[0];
  // The rest of the file is the same vocabulary as the file without the line.
  EXPECT_EQ(CompareVocabs(v, Load("fixtures/qwen-like.tiktoken")).relation, Relation::kIdentical);
}

TEST(ReaderCasesTest, ClaudeV1JsonRanksAreRead) {
  // npm @anthropic-ai/tokenizer@0.0.4 claude.json: 5 specials (ids 0-4), 64995 ranks 5..64999
  // compressed into one "! 5 <base64>..." line.
  Vocab v = Load("tokenizers/claude-v1/claude.json.gz");
  EXPECT_EQ(v.format, "tiktoken-json");
  EXPECT_EQ(v.model, VocabModel::kTiktokenBpe);
  ASSERT_EQ(v.size(), 65000u);
  EXPECT_EQ(CountKind(v, TokenKind::kSpecial), 5u);
  EXPECT_EQ(v.tokens[0].surface, "<EOT>");
  EXPECT_EQ(v.tokens[4].surface, "<SOS>");
  EXPECT_EQ(v.tokens[5].bytes, "!");
  EXPECT_EQ(CountKind(v, TokenKind::kByte), 256u);
  EXPECT_NE(v.pre_tokenizer.find("\\p{L}+"), std::string::npos) << v.pre_tokenizer;
  // The file's explicit_n_vocab (64739) disagrees with its contents: said, not fatal.
  ASSERT_EQ(v.notes.size(), 1u);
  EXPECT_NE(v.notes[0].find("explicit_n_vocab says 64739"), std::string::npos) << v.notes[0];
}

TEST(ReaderCasesTest, TiktokenNpmEncodersMatchGpt2) {
  // npm tiktoken@1.0.22 encoders/r50k_base.json is GPT-2's vocabulary (MANIFEST), p50k_base.json
  // appends 24 runs of spaces to it (ids 50257..50280) and keeps every id.
  Vocab r50k = Load("tokenizers/tiktoken-npm/r50k_base.json.gz");
  ASSERT_EQ(r50k.size(), 50257u);
  EXPECT_EQ(CountKind(r50k, TokenKind::kSpecial), 1u);
  for (const char* other :
       {"tokenizers/gpt2-whisper-en/gpt2.tiktoken", "tokenizers/gpt2-whisper-en/vocab.json",
        "tokenizers/gguf-vocab/ggml-vocab-gpt-2.gguf"}) {
    EXPECT_EQ(CompareVocabs(r50k, Load(other)).relation, Relation::kIdentical) << other;
  }
  Vocab p50k = Load("tokenizers/tiktoken-npm/p50k_base.json.gz");
  EXPECT_EQ(p50k.size(), 50281u);
  TokenizerComparison c = CompareVocabs(p50k, r50k);
  EXPECT_EQ(c.relation, Relation::kExtends);
  EXPECT_EQ(c.added_in_a.count, 24);
}

TEST(ReaderCasesTest, UnsupportedJsonRanksSayWhat) {
  std::string dir = testing::TempDir("tiktoken_json");
  testing::WriteFile(dir + "/ranks.json", std::string(R"({"bpe_ranks": {"IQ==": 0}})"));
  auto r = LoadVocab(dir + "/ranks.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(r.status().message().find("\"bpe_ranks\" is not a string"), std::string::npos)
      << r.status().message();
  testing::WriteFile(dir + "/bad.json", std::string(R"({"bpe_ranks": "a b c\n"})"));
  auto bad = LoadVocab(dir + "/bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kUnsupported) << bad.status().ToString();
}

// --- specials decided for the pair ------------------------------------------------------------

TEST(ReaderCasesTest, FalconLikeSpecialFlagsOnlyAreIdentical) {
  // Falcon's tokenizer v2 vs v3: the same tokens and ids, only the `special` flags differ.
  Vocab v2 = Load("fixtures/falcon-like-v2-tokenizer.json");
  Vocab v3 = Load("fixtures/falcon-like-v3-tokenizer.json");
  for (bool swap : {false, true}) {
    TokenizerComparison c = swap ? CompareVocabs(v3, v2) : CompareVocabs(v2, v3);
    EXPECT_EQ(c.relation, Relation::kIdentical) << swap;
    EXPECT_EQ(c.special_on_one_side, (std::vector<std::string>{">>TITLE<<", ">>ABSTRACT<<"}));
    EXPECT_EQ(c.added_in_a.count + c.added_in_b.count, 0);
  }
}

TEST(ReaderCasesTest, QwenLikeTiktokenAndJsonAreIdenticalWithSpecialsListed) {
  // qwen.tiktoken holds the regular ranks; Qwen's tokenizer.json the same ids plus specials and
  // non-special added tokens after them.
  Vocab tk = Load("fixtures/qwen-like.tiktoken");
  Vocab js = Load("fixtures/qwen-like-tokenizer.json");
  TokenizerComparison c = CompareVocabs(tk, js);
  EXPECT_EQ(c.relation, Relation::kIdentical) << Joined(c.deciding);
  EXPECT_EQ(c.specials_only_b.size(), 3u);
  EXPECT_TRUE(Contains(c.specials_only_b, "<|im_start|>"));
  EXPECT_EQ(c.added_only_b, (std::vector<std::string>{"<tool_call>", "<think>"}));
  EXPECT_TRUE(c.added_only_a.empty());
  TokenizerComparison r = CompareVocabs(js, tk);
  EXPECT_EQ(r.relation, Relation::kIdentical);
  EXPECT_EQ(r.added_only_a.size(), 2u);
  EXPECT_EQ(r.specials_only_a.size(), 3u);
}

TEST(ReaderCasesTest, AddedTokensJsonTokensAreAddedNotRegular) {
  // A slow tokenizer's folder: the vocabulary file plus added_tokens.json with ids after it. The
  // added tokens are listed beside the relation and do not make the folder "extend" the bare file.
  const std::string dir = testing::TempDir("added-tokens-json");
  std::vector<uint8_t> ranks = testing::ReadFile(TestData("fixtures/qwen-like.tiktoken"));
  testing::WriteFile(dir + "/qwen.tiktoken", std::string(ranks.begin(), ranks.end()));
  testing::WriteFile(dir + "/added_tokens.json", R"({"<tool_call>": 266, "<think>": 267})");
  Vocab bare = Load("fixtures/qwen-like.tiktoken");
  auto folder = LoadVocab(dir);
  ASSERT_TRUE(folder.ok()) << folder.status().ToString();
  TokenizerComparison c = CompareVocabs(*folder, bare);
  EXPECT_EQ(c.relation, Relation::kIdentical) << Joined(c.deciding);
  EXPECT_EQ(c.added_only_a, (std::vector<std::string>{"<tool_call>", "<think>"}));
  EXPECT_TRUE(c.added_only_b.empty());
}

}  // namespace
}  // namespace lineage
