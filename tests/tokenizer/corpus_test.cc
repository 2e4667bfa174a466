// Every real tokenizer file of tests/data/tokenizers is read, and its size agrees with the
// MANIFEST.md beside it (which states each vocabulary's size as its publisher gives it).
#include <gtest/gtest.h>

#include "test_util.h"
#include "tokenizer/vocab.h"

namespace lineage {
namespace {

struct CorpusCase {
  const char* file;  // under tests/data/tokenizers
  size_t tokens;     // every token, whatever its kind
  size_t specials;   // TokenKind::kSpecial
  const char* manifest;
};

// clang-format off
const CorpusCase kCorpus[] = {
    {"cl100k_base/cl100k_base.tiktoken", 100256, 0, "cl100k_base tiktoken rank file, 100256 lines"},
    {"cl100k_base/tokenizer.json", 100261, 5, "the json adds 5 special tokens"},
    {"deepseek-v3/tokenizer.json.gz", 128815, 0, "128000 BPE + 818 added (3 already in the BPE)"},
    {"gemma/tokenizer.json.gz", 256000, 0, "vocab 256000"},
    {"gguf-vocab/ggml-vocab-bert-bge.gguf", 30522, 0, "BERT WordPiece 30522"},
    {"gguf-vocab/ggml-vocab-falcon.gguf", 65024, 0, "falcon-7b 65024 BPE"},
    {"gguf-vocab/ggml-vocab-gpt-2.gguf", 50257, 0, "gpt2 50257 BPE"},
    {"gguf-vocab/ggml-vocab-gpt-neox.gguf", 50432, 0, "the GGUF token list holds 50,432"},
    {"gguf-vocab/ggml-vocab-llama-spm.gguf", 32000, 0, "Llama-2 32000"},
    {"gguf-vocab/ggml-vocab-mpt.gguf", 50432, 0, "GPT-NeoX-20B tokenizer (= NeoX)"},
    {"gpt2-openai-original/encoder.json", 50257, 0, "encoder.json (50257)"},
    {"gpt2-whisper-en/gpt2.tiktoken", 50256, 0, "r50k_base lacks <|endoftext|>, 50256"},
    {"gpt2-whisper-en/vocab.json", 50257, 0, "GPT-2 vocab.json"},
    {"llama2/tokenizer.model", 32000, 0, "SentencePiece BPE, 32000"},
    {"llama2/llama2c-tokenizer.bin", 32000, 0, "llama2.c export of tokenizer.model"},
    {"llama3/tokenizer.model", 128000, 0, "tiktoken BPE, 128000 (+ 256 specials in code)"},
    {"llama3/tokenizer.json.gz", 128256, 256, "128000 + 256 added"},
    {"minicpm3/tokenizer.json", 73448, 0, "MiniCPM3-4B (73448)"},
    {"mistral-v1/tokenizer.model", 32000, 0, "SentencePiece (32000)"},
    {"mistral-v1/tokenizer.json", 32000, 0, "HF tokenizer.json (32000)"},
    {"o200k_base/tokenizer.json.gz", 200000, 2, "199998 + special"},
    {"openllama-v1/tokenizer.model", 32000, 0, "SentencePiece 32000"},
    {"qwen3/tokenizer.json.gz", 151669, 14, "151643 byte-level BPE + 26 added"},
    {"claude-v1/claude.json.gz", 65000, 5, "npm @anthropic-ai/tokenizer claude.json"},
    {"tiktoken-npm/r50k_base.json.gz", 50257, 1, "npm tiktoken r50k_base.json"},
    {"tiktoken-npm/p50k_base.json.gz", 50281, 1, "npm tiktoken p50k_base.json"},
};
// clang-format on

TEST(CorpusTest, EveryRealTokenizerIsReadWithItsManifestSize) {
  for (const CorpusCase& c : kCorpus) {
    SCOPED_TRACE(std::string(c.file) + " (MANIFEST: " + c.manifest + ")");
    auto v = LoadVocab(testing::TestData(std::string("tokenizers/") + c.file));
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_EQ(v->size(), c.tokens);
    size_t specials = 0;
    for (const Token& t : v->tokens) specials += t.kind == TokenKind::kSpecial;
    if (c.specials > 0) {
      EXPECT_EQ(specials, c.specials);
    }
  }
}

TEST(CorpusTest, ModelDirectoriesWithConfigsAreRead) {
  // A directory: the tokenizer plus tokenizer_config.json (roles).
  for (const char* dir : {"deepseek-v3", "gemma", "llama3", "minicpm3", "mistral-v1", "qwen3"}) {
    SCOPED_TRACE(dir);
    auto v = LoadVocab(testing::TestData(std::string("tokenizers/") + dir));
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_FALSE(v->special_roles.empty());
  }
}

}  // namespace
}  // namespace lineage
