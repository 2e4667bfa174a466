// Hostile and broken tokenizer files: each must give a clear error naming the file, never a
// crash or a silently wrong vocabulary.
#include <gtest/gtest.h>

#include <string>

#include "test_util.h"
#include "tokenizer/gguf_vocab.h"
#include "tokenizer/vocab.h"

namespace lineage {
namespace {

using testing::TempDir;
using testing::TestData;
using testing::WriteFile;

// Writes `content` to a fresh file called `name` and loads it; expects an error naming it.
Status LoadBad(const std::string& name, const std::string& content) {
  std::string dir = TempDir("bad");
  std::string path = dir + "/" + name;
  WriteFile(path, content);
  auto v = LoadVocab(path);
  EXPECT_FALSE(v.ok()) << name << " loaded " << (v.ok() ? v->size() : 0) << " tokens";
  if (v.ok()) return Status::Ok();
  EXPECT_NE(v.status().message().find(path), std::string::npos) << v.status().ToString();
  return v.status();
}

std::string Json(const std::string& model) {
  return R"({"added_tokens": [], "model": )" + model + "}";
}

TEST(BadInputTest, MalformedJsonNamesFileAndOffset) {
  Status s = LoadBad("tokenizer.json", R"({"model": {"type": "BPE", "vocab": {"a": 0,, "b": 1}}})");
  EXPECT_NE(s.message().find("offset"), std::string::npos) << s.ToString();
  EXPECT_FALSE(LoadBad("tokenizer.json", R"({"model": {"type": "BPE", "vocab": {"a": 0)")
                   .ok());  // truncated
  EXPECT_FALSE(LoadBad("tokenizer.json", std::string(1000, '[') + "{\"model\": 1}")
                   .ok());  // hostile nesting
}

TEST(BadInputTest, WrongMergesFormat) {
  const std::string vocab = R"("vocab": {"a": 0, "b": 1, "ab": 2})";
  Status s =
      LoadBad("tokenizer.json", Json(R"({"type": "BPE", )" + vocab + R"(, "merges": ["ab"]})"));
  EXPECT_NE(s.message().find("merges[0]"), std::string::npos) << s.ToString();
  EXPECT_FALSE(
      LoadBad("tokenizer.json", Json(R"({"type": "BPE", )" + vocab + R"(, "merges": [["a"]]})"))
          .ok());
  EXPECT_FALSE(
      LoadBad("tokenizer.json", Json(R"({"type": "BPE", )" + vocab + R"(, "merges": [7]})")).ok());
  EXPECT_FALSE(
      LoadBad("tokenizer.json", Json(R"({"type": "BPE", )" + vocab + R"(, "merges": "a b"})"))
          .ok());
}

TEST(BadInputTest, DuplicateTokensAndIds) {
  Status s = LoadBad("tokenizer.json",
                     Json(R"({"type": "BPE", "vocab": {"a": 0, "b": 1, "a": 2}, "merges": []})"));
  EXPECT_NE(s.message().find("duplicate token"), std::string::npos) << s.ToString();
  s = LoadBad("tokenizer.json",
              Json(R"({"type": "BPE", "vocab": {"a": 0, "b": 0}, "merges": []})"));
  EXPECT_NE(s.message().find("duplicate id"), std::string::npos) << s.ToString();
  // An added token claiming an id that the vocabulary gives to another token.
  EXPECT_FALSE(
      LoadBad("tokenizer.json", R"({"added_tokens": [{"id": 0, "content": "<s>", "special": true}],
      "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})")
          .ok());
  s = LoadBad("x.tiktoken", "YQ== 0\nYg== 1\nYQ== 2\n");
  EXPECT_NE(s.message().find("line 3"), std::string::npos) << s.ToString();
  EXPECT_FALSE(LoadBad("x.tiktoken", "YQ== 0\nYg== 0\n").ok());
}

TEST(BadInputTest, InvalidBase64InTiktoken) {
  Status s = LoadBad("cl.tiktoken", "YQ== 0\nY!== 1\n");
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("base64"), std::string::npos) << s.ToString();
  EXPECT_FALSE(LoadBad("cl.tiktoken", "YQ== 0\nYQ 1\n").ok());     // not a multiple of 4
  EXPECT_FALSE(LoadBad("cl.tiktoken", "YQ== 0\nY=Q= 1\n").ok());   // padding in the middle
  EXPECT_FALSE(LoadBad("cl.tiktoken", "YQ== 0\nYg== x1\n").ok());  // rank not a number
}

TEST(BadInputTest, IdsOutOfRange) {
  Status s = LoadBad("tokenizer.json",
                     Json(R"({"type": "BPE", "vocab": {"a": 0, "b": 99999999999}, "merges": []})"));
  EXPECT_NE(s.message().find("outside"), std::string::npos) << s.ToString();
  EXPECT_FALSE(
      LoadBad("tokenizer.json", Json(R"({"type": "BPE", "vocab": {"a": -1}, "merges": []})")).ok());
  EXPECT_FALSE(LoadBad("x.tiktoken", "YQ== 999999999\n").ok());
}

TEST(BadInputTest, TruncatedSentencePieceModelFailsCleanly) {
  auto bytes = testing::ReadFile(TestData("tokenizers/llama2/tokenizer.model"));
  ASSERT_GT(bytes.size(), 1000u);
  std::string dir = TempDir("spm");
  // Cut points across the pieces, the trainer spec and the normalizer spec at the end.
  for (size_t cut : {size_t{1}, size_t{2}, size_t{7}, size_t{100}, size_t{4097}, bytes.size() / 2,
                     bytes.size() - 300, bytes.size() - 40, bytes.size() - 1}) {
    std::string path = dir + "/cut" + std::to_string(cut) + ".model";
    WriteFile(path,
              std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(cut)));
    auto v = LoadVocab(path);
    ASSERT_FALSE(v.ok()) << "cut at " << cut;
    EXPECT_NE(v.status().message().find(path), std::string::npos) << v.status().ToString();
  }
  // Cut exactly after the 10th piece: a valid protobuf prefix, caught by the missing specs.
  size_t pos = 0;
  for (int k = 0; k < 10; ++k) {
    ASSERT_EQ(bytes[pos], 0x0A);
    size_t len = 0, shift = 0, i = pos + 1;
    while (bytes[i] & 0x80)
      len |= static_cast<size_t>(bytes[i++] & 0x7F) << (shift += 7, shift - 7);
    len |= static_cast<size_t>(bytes[i++]) << shift;
    pos = i + len;
  }
  std::string path = dir + "/boundary.model";
  WriteFile(path, std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(pos)));
  auto v = LoadVocab(path);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("truncated"), std::string::npos) << v.status().ToString();
}

TEST(BadInputTest, TruncatedLlama2cTokenizer) {
  auto bytes = testing::ReadFile(TestData("tokenizers/llama2/llama2c-tokenizer.bin"));
  std::string dir = TempDir("l2c");
  std::string path = dir + "/tokenizer.bin";
  WriteFile(path, std::vector<uint8_t>(bytes.begin(), bytes.end() - 3));
  auto v = LoadVocab(path);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find(path), std::string::npos) << v.status().ToString();
}

TEST(BadInputTest, Gpt2FilesWithBrokenMerges) {
  std::string dir = TempDir("gpt2");
  WriteFile(dir + "/vocab.json", std::string(R"({"a": 0, "b": 1, "ab": 2})"));
  WriteFile(dir + "/merges.txt", std::string("#version: 0.2\na b\na  b\n"));
  auto v = LoadVocab(dir + "/merges.txt");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("line 3"), std::string::npos) << v.status().ToString();
  WriteFile(dir + "/merges.txt", std::string("#version: 0.2\na c\n"));
  v = LoadVocab(dir);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("merges.txt"), std::string::npos) << v.status().ToString();
}

TEST(BadInputTest, GgufVocabularyArraysMustAgree) {
  Metadata meta;
  MetaValue tokens;
  tokens.kind = MetaValue::Kind::kArray;
  for (const char* t : {"a", "b", "c"}) {
    MetaValue s;
    s.kind = MetaValue::Kind::kString;
    s.s = t;
    tokens.array.push_back(s);
  }
  meta["tokenizer.ggml.tokens"] = tokens;
  MetaValue types;
  types.kind = MetaValue::Kind::kArray;
  types.array.resize(2);  // one short
  meta["tokenizer.ggml.token_type"] = types;
  auto v = VocabFromGgufMetadata(meta, "x.gguf");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("x.gguf"), std::string::npos);
  EXPECT_NE(v.status().message().find("token_type"), std::string::npos);
  meta.erase("tokenizer.ggml.token_type");
  meta["tokenizer.ggml.tokens"].array[2].s = "a";  // duplicate
  EXPECT_FALSE(VocabFromGgufMetadata(meta, "x.gguf").ok());
}

TEST(BadInputTest, NotATokenizer) {
  EXPECT_FALSE(LoadBad("weights.bin", std::string("\x01\x02\x03\x04garbage", 11)).ok());
  auto missing = LoadVocab("/nonexistent/tokenizer.json");
  EXPECT_FALSE(missing.ok());
  std::string dir = TempDir("empty");
  auto none = LoadVocab(dir);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find(dir), std::string::npos);
}

}  // namespace
}  // namespace lineage
