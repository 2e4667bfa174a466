// Loading real tokenizers (tests/data/tokenizers, see its MANIFEST.md) in every format.
#include "tokenizer/vocab.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace lineage {
namespace {

using testing::TestData;

Vocab Load(const std::string& rel) {
  auto v = LoadVocab(TestData("tokenizers/" + rel));
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? std::move(v).value() : Vocab{};
}

size_t CountKind(const Vocab& v, TokenKind k) {
  size_t n = 0;
  for (const Token& t : v.tokens) n += t.kind == k;
  return n;
}

const Token* ById(const Vocab& v, int64_t id) {
  for (const Token& t : v.tokens)
    if (t.id == id) return &t;
  return nullptr;
}

TEST(LoadVocabTest, SentencePieceLlama2) {
  Vocab v = Load("llama2/tokenizer.model");
  EXPECT_EQ(v.format, "sentencepiece");
  EXPECT_EQ(v.model, VocabModel::kBpe);
  ASSERT_EQ(v.size(), 32000u);
  EXPECT_EQ(CountKind(v, TokenKind::kByte), 256u);
  EXPECT_EQ(CountKind(v, TokenKind::kSpecial), 3u);  // <unk>, <s>, </s>
  EXPECT_TRUE(v.byte_fallback);
  EXPECT_EQ(v.digit_splitting, "single");
  EXPECT_NE(v.trainer_spec.find("spm_model_32k_200M"), std::string::npos) << v.trainer_spec;
  // Token 3 is <0x00>; "▁the" is canonical " the".
  EXPECT_EQ(ById(v, 3)->bytes, std::string(1, '\0'));
  auto the = v.FindRegular(" the");
  ASSERT_TRUE(the.has_value());
  EXPECT_EQ(ById(v, *the)->surface, "\xE2\x96\x81the");
  EXPECT_TRUE(ById(v, 100)->score.has_value());
}

TEST(LoadVocabTest, Llama2cTokenizerBin) {
  Vocab v = Load("llama2/llama2c-tokenizer.bin");
  EXPECT_EQ(v.format, "llama2c");
  ASSERT_EQ(v.size(), 32000u);
  EXPECT_EQ(CountKind(v, TokenKind::kByte), 256u);
  EXPECT_EQ(CountKind(v, TokenKind::kSpecial), 3u);
  EXPECT_EQ(ById(v, 1)->bytes, "<s>");
}

TEST(LoadVocabTest, TiktokenCl100k) {
  Vocab v = Load("cl100k_base/cl100k_base.tiktoken");
  EXPECT_EQ(v.model, VocabModel::kTiktokenBpe);
  ASSERT_EQ(v.size(), 100256u);
  EXPECT_EQ(CountKind(v, TokenKind::kByte), 256u);
  EXPECT_TRUE(v.merges_derived);
  // Every multi-byte token is reachable by BPE over lower ranks, so one merge per token.
  EXPECT_EQ(v.merges.size(), 100256u - 256u);
}

TEST(LoadVocabTest, TokenizerJsonCl100k) {
  Vocab v = Load("cl100k_base/tokenizer.json");
  EXPECT_EQ(v.format, "tokenizer.json");
  EXPECT_TRUE(v.byte_level);
  EXPECT_EQ(CountKind(v, TokenKind::kSpecial), 5u);
  EXPECT_EQ(v.merges.size(), 100000u);
  EXPECT_EQ(v.digit_splitting, "groups of 1-3");
  EXPECT_EQ(ById(v, 100257)->surface, "<|endoftext|>");
}

TEST(LoadVocabTest, Gpt2BothNamings) {
  Vocab hf = Load("gpt2-whisper-en/vocab.json");
  Vocab openai = Load("gpt2-openai-original/vocab.bpe");
  for (const Vocab* v : {&hf, &openai}) {
    EXPECT_EQ(v->size(), 50257u);
    EXPECT_EQ(v->merges.size(), 50000u);
    EXPECT_EQ(CountKind(*v, TokenKind::kSpecial), 1u);  // <|endoftext|>: no merge produces it
    EXPECT_EQ(ById(*v, 50256)->kind, TokenKind::kSpecial);
  }
  // "Ġthe" is " the".
  EXPECT_TRUE(hf.FindRegular(" the").has_value());
}

TEST(LoadVocabTest, GzippedJsonAndDirectories) {
  Vocab llama3 = Load("llama3/tokenizer.json.gz");
  EXPECT_EQ(llama3.size(), 128256u);
  EXPECT_EQ(CountKind(llama3, TokenKind::kSpecial), 256u);
  // A directory: tokenizer.json.gz plus tokenizer_config.json (roles, chat template).
  Vocab dir = Load("llama3");
  EXPECT_EQ(dir.size(), 128256u);
  EXPECT_EQ(dir.special_roles["bos"], "<|begin_of_text|>");
  EXPECT_TRUE(dir.chat_template.has_value());
}

TEST(LoadVocabTest, UnigramAndWordPieceJson) {
  // Written here: a tiny Unigram and a tiny WordPiece tokenizer.json.
  std::string dir = testing::TempDir("hfjson");
  testing::WriteFile(dir + "/uni.json", std::string(R"({"model": {"type": "Unigram", "unk_id": 0,
    "vocab": [["<unk>", 0.0], ["\u2581a", -1.5], ["<0x41>", -2.0]]},
    "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always"},
    "added_tokens": [{"id": 0, "content": "<unk>", "special": true}]})"));
  auto uni = LoadVocab(dir + "/uni.json");
  ASSERT_TRUE(uni.ok()) << uni.status().ToString();
  EXPECT_EQ(uni->model, VocabModel::kUnigram);
  EXPECT_EQ(uni->tokens[1].bytes, " a");
  EXPECT_FLOAT_EQ(*uni->tokens[1].score, -1.5f);
  EXPECT_EQ(uni->tokens[2].kind, TokenKind::kByte);
  EXPECT_EQ(uni->tokens[0].kind, TokenKind::kSpecial);
  EXPECT_EQ(uni->pre_tokenizer, "metaspace(prefix)");

  testing::WriteFile(dir + "/wp.json", std::string(R"({"model": {"type": "WordPiece",
    "continuing_subword_prefix": "##", "vocab": {"[UNK]": 0, "play": 1, "##ing": 2}},
    "pre_tokenizer": {"type": "BertPreTokenizer"}})"));
  auto wp = LoadVocab(dir + "/wp.json");
  ASSERT_TRUE(wp.ok()) << wp.status().ToString();
  EXPECT_EQ(wp->tokens[2].bytes, "ing");
  EXPECT_TRUE(wp->tokens[2].continuation);
  EXPECT_FALSE(wp->tokens[1].continuation);
}

TEST(LoadVocabTest, MergesAsPairs) {
  // Qwen3 writes merges as [a, b] pairs (tokenizers >= 0.20).
  Vocab v = Load("qwen3/tokenizer.json.gz");
  EXPECT_EQ(v.size(), 151669u);
  EXPECT_EQ(v.merges.size(), 151387u);
  EXPECT_EQ(v.normalizer, "NFC");
}

}  // namespace
}  // namespace lineage
