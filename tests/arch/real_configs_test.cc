// Every real config of tests/data/configs is read, and its size parameters agree with the
// MANIFEST.md beside it (vocabulary facts it states) and with each model's published geometry.
#include <gtest/gtest.h>

#include "arch/config.h"
#include "test_util.h"

namespace lineage {
namespace {

struct ConfigCase {
  const char* file;  // under tests/data/configs
  int64_t vocab;     // 0: the file does not state it
  int64_t hidden, layers, heads;
  const char* source;
};

// clang-format off
const ConfigCase kConfigs[] = {
    {"atom-7b/config.json", 65000, 4096, 32, 32, "MANIFEST: Chinese-extended vocab of 65000"},
    {"codegeex2-6b/config.json", 65024, 4096, 28, 32, "MANIFEST: padded_vocab 65024"},
    {"llama-3.1-8b/config.json", 128256, 4096, 32, 32, "Llama-3.1-8B"},
    {"minicpm-v-2/config.json", 122753, 2304, 40, 36, "MANIFEST: vocab 122753"},
    {"minicpm3-4b/config.json", 73448, 2560, 62, 40, "MiniCPM3-4B; tokenizer of 73448"},
    {"mistral-7b-instruct-v0.3/config.json", 32768, 4096, 32, 32, "Mistral-7B v0.3"},
    {"mistral-7b-instruct-v0.3/params.json", 32768, 4096, 32, 32, "Mistral-7B v0.3 (native)"},
    {"openllama-chinese-english-3b/config.json", 32001, 3200, 26, 32,
     "MANIFEST: 3200 hidden, 26 layers, vocab 32001"},
    {"phi-3-mini-128k-instruct/config.json", 32064, 3072, 32, 32, "Phi-3-mini"},
    {"qwen-vl-chat-int4/config.json", 151936, 4096, 32, 32, "Qwen-VL-Chat"},
    {"vicuna-13b-4bit-128g/config.json", 32001, 5120, 40, 40, "MANIFEST: vocab 32001 = +pad"},
    {"vicuna-13b-4bit-128g/config.earlier-version.json", 32001, 5120, 40, 40, "as above"},
    // GGUF metadata of ollama's fingerprints (published geometries of these models).
    {"ollama-gguf-fingerprints/Meta-Llama-3-8B-Instruct.json", 0, 4096, 32, 32, "Llama-3-8B"},
    {"ollama-gguf-fingerprints/Mistral-7B-Instruct-v0.2.json", 0, 4096, 32, 32, "Mistral-7B"},
    {"ollama-gguf-fingerprints/Mixtral-8x7B-Instruct-v0.1.json", 0, 4096, 32, 32, "Mixtral"},
    {"ollama-gguf-fingerprints/Phi-3-mini-128k-instruct.json", 0, 3072, 32, 32, "Phi-3-mini"},
    {"ollama-gguf-fingerprints/Qwen2.5-0.5B-Instruct.json", 0, 896, 24, 14, "Qwen2.5-0.5B"},
    {"ollama-gguf-fingerprints/all-MiniLM-L6-v2.json", 0, 384, 6, 12, "all-MiniLM-L6-v2"},
    {"ollama-gguf-fingerprints/c4ai-command-r-v01.json", 0, 8192, 40, 64, "Command-R 35B"},
    {"ollama-gguf-fingerprints/c4ai-command-r7b-12-2024.json", 0, 4096, 32, 32, "Command R7B"},
    {"ollama-gguf-fingerprints/gemma-2-2b-it.json", 0, 2304, 26, 8, "Gemma-2-2B"},
    {"ollama-gguf-fingerprints/gemma-2b-it.json", 0, 2048, 18, 8, "Gemma-2B"},
    {"ollama-gguf-fingerprints/granite-3.0-2b-base.json", 0, 2048, 40, 32, "Granite-3.0-2B"},
};
// clang-format on

TEST(RealConfigsTest, EveryRealConfigIsReadWithItsPublishedSizes) {
  for (const ConfigCase& c : kConfigs) {
    SCOPED_TRACE(std::string(c.file) + " (" + c.source + ")");
    auto a = LoadArchConfig(testing::TestData(std::string("configs/") + c.file));
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    if (c.vocab > 0) {
      EXPECT_EQ(a->Int("vocab_size"), c.vocab);
    }
    EXPECT_EQ(a->Int("hidden_size"), c.hidden);
    EXPECT_EQ(a->Int("num_layers"), c.layers);
    EXPECT_EQ(a->Int("num_heads"), c.heads);
  }
}

}  // namespace
}  // namespace lineage
