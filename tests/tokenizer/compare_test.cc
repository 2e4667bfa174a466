// Relations between the real tokenizers of tests/data/tokenizers; expectations come from its
// MANIFEST.md ("Known relations"), not from lineage's own output.
#include "tokenizer/compare.h"

#include <gtest/gtest.h>

#include <map>

#include "test_util.h"

namespace lineage {
namespace {

// Loads each fixture once per test binary (the big ones take a moment).
const Vocab& Fixture(const std::string& rel) {
  static std::map<std::string, Vocab>* cache = new std::map<std::string, Vocab>();
  auto it = cache->find(rel);
  if (it != cache->end()) return it->second;
  auto v = LoadVocab(testing::TestData("tokenizers/" + rel));
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return cache->emplace(rel, v.ok() ? std::move(v).value() : Vocab{}).first->second;
}

std::string Describe(const TokenizerComparison& c) {
  std::string s = std::string(RelationLabel(c.relation)) +
                  ": jaccard=" + std::to_string(c.jaccard) +
                  " containment=" + std::to_string(c.containment) +
                  " same_id_rate=" + std::to_string(c.same_id_rate) +
                  " id_order_kept=" + std::to_string(c.id_order_kept) +
                  " merges_consistent=" + std::to_string(c.merges_consistent) + " regular " +
                  std::to_string(c.a.regular) + "/" + std::to_string(c.b.regular) + " same_id " +
                  std::to_string(c.same_id);
  for (const auto& d : c.deciding) s += "\n  " + d;
  return s;
}

void ExpectRelation(const std::string& a, const std::string& b, Relation want) {
  TokenizerComparison c = CompareVocabs(Fixture(a), Fixture(b));
  EXPECT_EQ(c.relation, want) << a << " vs " << b << "\n" << Describe(c);
}

void ExpectNotDerived(const std::string& a, const std::string& b) {
  for (bool swap : {false, true}) {
    TokenizerComparison c =
        swap ? CompareVocabs(Fixture(b), Fixture(a)) : CompareVocabs(Fixture(a), Fixture(b));
    EXPECT_TRUE(c.relation == Relation::kOverlapping || c.relation == Relation::kUnrelated)
        << a << " vs " << b << (swap ? " (swapped)" : "") << "\n"
        << Describe(c);
  }
}

TEST(CompareTest, Llama2AcrossFormatsIsIdentical) {
  ExpectRelation("llama2/tokenizer.model", "llama2/llama2c-tokenizer.bin", Relation::kIdentical);
  ExpectRelation("llama2/llama2c-tokenizer.bin", "llama2/tokenizer.model", Relation::kIdentical);
}

TEST(CompareTest, Llama2GgufIsIdentical) {
  ExpectRelation("gguf-vocab/ggml-vocab-llama-spm.gguf", "llama2/tokenizer.model",
                 Relation::kIdentical);
  ExpectRelation("llama2/llama2c-tokenizer.bin", "gguf-vocab/ggml-vocab-llama-spm.gguf",
                 Relation::kIdentical);
}

TEST(CompareTest, GptNeoxAndMptAreIdentical) {
  ExpectRelation("gguf-vocab/ggml-vocab-gpt-neox.gguf", "gguf-vocab/ggml-vocab-mpt.gguf",
                 Relation::kIdentical);
}

TEST(CompareTest, Gpt2VsNeoxAndFalconAreNotDerived) {
  // MANIFEST: Jaccard about 0.58 for both pairs.
  for (const char* other :
       {"gguf-vocab/ggml-vocab-gpt-neox.gguf", "gguf-vocab/ggml-vocab-falcon.gguf"}) {
    TokenizerComparison c = CompareVocabs(Fixture("gpt2-whisper-en/vocab.json"), Fixture(other));
    EXPECT_NEAR(c.jaccard, 0.58, 0.04) << other << "\n" << Describe(c);
    ExpectNotDerived("gpt2-whisper-en/vocab.json", other);
  }
}

TEST(CompareTest, Gpt2AcrossFormatsIsIdentical) {
  const char* formats[] = {"gpt2-openai-original/vocab.bpe", "gpt2-whisper-en/vocab.json",
                           "gpt2-whisper-en/gpt2.tiktoken", "gguf-vocab/ggml-vocab-gpt-2.gguf"};
  for (const char* a : formats) {
    for (const char* b : formats) ExpectRelation(a, b, Relation::kIdentical);
  }
}

TEST(CompareTest, Cl100kTiktokenAndJsonAreIdentical) {
  ExpectRelation("cl100k_base/cl100k_base.tiktoken", "cl100k_base/tokenizer.json",
                 Relation::kIdentical);
}

TEST(CompareTest, Llama3TiktokenAndJsonAreIdentical) {
  ExpectRelation("llama3/tokenizer.model", "llama3/tokenizer.json.gz", Relation::kIdentical);
}

TEST(CompareTest, MistralModelAndJsonAreIdentical) {
  ExpectRelation("mistral-v1/tokenizer.model", "mistral-v1/tokenizer.json", Relation::kIdentical);
}

TEST(CompareTest, Llama3ExtendsCl100k) {
  TokenizerComparison c = CompareVocabs(Fixture("llama3/tokenizer.json.gz"),
                                        Fixture("cl100k_base/cl100k_base.tiktoken"));
  EXPECT_EQ(c.relation, Relation::kExtends) << Describe(c);
  EXPECT_EQ(c.b_ids_kept_in_a, 1.0);
  EXPECT_EQ(c.id_prefix, 100256);
  EXPECT_EQ(c.added_in_a.count, 27744);
  ExpectRelation("cl100k_base/tokenizer.json", "llama3/tokenizer.model", Relation::kSubset);
}

TEST(CompareTest, Qwen3IsReindexedSupersetOfCl100k) {
  TokenizerComparison c = CompareVocabs(Fixture("qwen3/tokenizer.json.gz"),
                                        Fixture("cl100k_base/cl100k_base.tiktoken"));
  EXPECT_EQ(c.relation, Relation::kReindexed) << Describe(c);
  EXPECT_GT(c.containment_b_in_a, 0.95);
  EXPECT_LT(c.same_id_rate, 0.05);  // MANIFEST: only about 410 keep their id
}

TEST(CompareTest, IndependentTokenizersAreNotDerived) {
  ExpectNotDerived("llama2/tokenizer.model", "mistral-v1/tokenizer.model");
  ExpectNotDerived("llama2/tokenizer.model", "openllama-v1/tokenizer.model");
  ExpectNotDerived("llama2/tokenizer.model", "gemma/tokenizer.json.gz");
  ExpectNotDerived("cl100k_base/tokenizer.json", "o200k_base/tokenizer.json.gz");
  ExpectNotDerived("gpt2-whisper-en/vocab.json", "cl100k_base/cl100k_base.tiktoken");
  ExpectNotDerived("deepseek-v3/tokenizer.json.gz", "cl100k_base/tokenizer.json");
  ExpectNotDerived("minicpm3/tokenizer.json", "llama2/tokenizer.model");
  ExpectNotDerived("minicpm3/tokenizer.json", "qwen3/tokenizer.json.gz");
}

TEST(CompareTest, SharedTokenMapExcludesAmbiguousStrings) {
  // NeoX's GGUF lists runs of spaces both as byte-level tokens and as user-defined (added)
  // tokens, so some strings have two ids: S leaves every one of them out, identity still holds.
  const Vocab& neox = Fixture("gguf-vocab/ggml-vocab-gpt-neox.gguf");
  auto s = SharedTokenMap(neox, neox);
  TokenizerComparison c = CompareVocabs(neox, neox);
  std::map<std::string, int> ids_of;
  std::map<int64_t, std::string> bytes_of;
  for (const Token& t : neox.tokens) {
    ++ids_of[t.bytes];
    bytes_of[t.id] = t.bytes;
  }
  int64_t ambiguous = 0;
  for (const auto& [bytes, n] : ids_of) ambiguous += n > 1;
  EXPECT_GT(ambiguous, 0);
  EXPECT_EQ(static_cast<int64_t>(s.size()), c.same_id);
  for (const auto& [x, y] : s) {
    ASSERT_EQ(x, y);
    ASSERT_EQ(ids_of[bytes_of[x]], 1) << "an ambiguous string is in S";
  }
}

TEST(CompareTest, Llama2VsMistralMetricsMatchManifest) {
  TokenizerComparison c =
      CompareVocabs(Fixture("llama2/tokenizer.model"), Fixture("mistral-v1/tokenizer.model"));
  EXPECT_NEAR(c.jaccard, 0.61, 0.02) << Describe(c);  // MANIFEST: about 0.61
  // About 270 ids agree, almost all of them the byte and special pieces.
  EXPECT_EQ(c.byte_tokens_same_id, 256);
  EXPECT_LT(c.same_id, 100);
}

}  // namespace
}  // namespace lineage
