// GGUF vocabularies from metadata: a byte-level BPE GGUF's user-defined tokens are added tokens
// (listed beside the relation, out of the regular set), a SentencePiece GGUF's are its own.
#include "tokenizer/gguf_vocab.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tokenizer/compare.h"

namespace lineage {
namespace {

MetaValue Str(const std::string& s) {
  MetaValue v;
  v.kind = MetaValue::Kind::kString;
  v.s = s;
  return v;
}

// tokens with their GGUF token types (1 normal, 3 control, 4 user-defined), of `model`.
Metadata Gguf(const std::string& model, const std::vector<std::pair<std::string, int>>& tokens) {
  Metadata meta;
  MetaValue surfaces, types;
  surfaces.kind = types.kind = MetaValue::Kind::kArray;
  for (const auto& [surface, type] : tokens) {
    surfaces.array.push_back(Str(surface));
    MetaValue t;
    t.kind = MetaValue::Kind::kInt;
    t.i = type;
    types.array.push_back(t);
  }
  meta["tokenizer.ggml.model"] = Str(model);
  meta["tokenizer.ggml.tokens"] = surfaces;
  meta["tokenizer.ggml.token_type"] = types;
  return meta;
}

const std::vector<std::pair<std::string, int>> kBase = {
    {"<|endoftext|>", 3}, {"a", 1}, {"b", 1}, {"ab", 1}, {"Ġthe", 1}, {"Ġa", 1}};

TEST(GgufVocab, UserDefinedTokensOfAByteLevelBpeAreAddedAndListed) {
  std::vector<std::pair<std::string, int>> more = kBase;
  more.push_back({"<tool_call>", 4});
  Result<Vocab> a = VocabFromGgufMetadata(Gguf("gpt2", kBase), "a.gguf");
  Result<Vocab> b = VocabFromGgufMetadata(Gguf("gpt2", more), "b.gguf");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(b->tokens.back().added);
  EXPECT_FALSE(b->tokens[1].added);
  const TokenizerComparison c = CompareVocabs(*a, *b);
  EXPECT_EQ(c.relation, Relation::kIdentical) << RelationLabel(c.relation);
  EXPECT_EQ(c.added_only_b, std::vector<std::string>{"<tool_call>"});
}

TEST(GgufVocab, UserDefinedPiecesOfASentencePieceModelStayRegular) {
  std::vector<std::pair<std::string, int>> base = {{"<unk>", 2}, {"▁a", 1}, {"▁b", 1}, {"c", 1}};
  std::vector<std::pair<std::string, int>> more = base;
  more.push_back({"<html>", 4});
  Result<Vocab> a = VocabFromGgufMetadata(Gguf("llama", base), "a.gguf");
  Result<Vocab> b = VocabFromGgufMetadata(Gguf("llama", more), "b.gguf");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(b->tokens.back().added);
  EXPECT_EQ(CompareVocabs(*b, *a).relation, Relation::kExtends);  // b extends a
}

}  // namespace
}  // namespace lineage
