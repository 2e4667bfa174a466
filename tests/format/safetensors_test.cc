// safetensors reader against the real example models and adapters, and against hostile input.
#include "format/safetensors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "format/safetensors_writer.h"
#include "test_util.h"

namespace lineage {
namespace {

using testing::Example;
using testing::TestData;

// A safetensors file from a literal header (unpadded unless the caller pads) and `data_len` bytes.
std::vector<uint8_t> StBytes(const std::string& header, size_t data_len) {
  // Sized up front: GCC 12 reports a false -Warray-bounds when insert() grows an 8-byte vector.
  std::vector<uint8_t> b(8 + header.size());
  uint64_t n = header.size();
  std::memcpy(b.data(), &n, 8);
  std::copy(header.begin(), header.end(), b.begin() + 8);
  for (size_t i = 0; i < data_len; ++i) b.push_back(static_cast<uint8_t>(i));
  return b;
}

Result<Checkpoint> Parse(const std::vector<uint8_t>& bytes, const std::string& name = "t.st") {
  return ParseSafetensors(MakeMemorySource(name, bytes));
}

// The error names the file and, when `offset` is given, the offset.
void ExpectError(const Result<Checkpoint>& r, const std::string& needle, int64_t offset = -1) {
  ASSERT_FALSE(r.ok()) << "expected an error containing: " << needle;
  const std::string& m = r.status().message();
  EXPECT_NE(m.find("t.st"), std::string::npos) << m;
  EXPECT_NE(m.find(needle), std::string::npos) << m;
  if (offset >= 0) {
    EXPECT_NE(m.find("offset " + std::to_string(offset) + ":"), std::string::npos) << m;
  }
}

nlohmann::json ReadConfig(const std::string& dir) {
  std::ifstream f(dir + "/config.json");
  return nlohmann::json::parse(f);
}

TEST(SafetensorsTest, ExampleBaseModelMatchesConfig) {
  auto r = OpenSafetensors(Example("models/base/model.safetensors"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const nlohmann::json cfg = ReadConfig(Example("models/base"));
  const uint64_t hidden = cfg["hidden_size"], layers = cfg["num_hidden_layers"];
  const uint64_t heads = cfg["num_attention_heads"], kv = cfg["num_key_value_heads"];
  const uint64_t ffn = cfg["intermediate_size"], vocab = cfg["vocab_size"];
  const uint64_t head_dim = hidden / heads;
  EXPECT_EQ(hidden, 64u);
  EXPECT_EQ(r->format, "safetensors");
  EXPECT_EQ(r->tensors.size(), 2 + 9 * layers);   // embed, final norm; 9 per layer
  EXPECT_EQ(r->Find("lm_head.weight"), nullptr);  // tied
  ASSERT_NE(r->Find("model.embed_tokens.weight"), nullptr);
  EXPECT_EQ(r->Find("model.embed_tokens.weight")->shape, (std::vector<uint64_t>{vocab, hidden}));
  for (uint64_t l = 0; l < layers; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    auto shape = [&](const std::string& n) {
      const TensorInfo* t = r->Find(p + n);
      EXPECT_NE(t, nullptr) << p + n;
      return t ? t->shape : std::vector<uint64_t>{};
    };
    EXPECT_EQ(shape("self_attn.q_proj.weight"), (std::vector<uint64_t>{heads * head_dim, hidden}));
    EXPECT_EQ(shape("self_attn.k_proj.weight"), (std::vector<uint64_t>{kv * head_dim, hidden}));
    EXPECT_EQ(shape("self_attn.v_proj.weight"), (std::vector<uint64_t>{kv * head_dim, hidden}));
    EXPECT_EQ(shape("self_attn.o_proj.weight"), (std::vector<uint64_t>{hidden, hidden}));
    EXPECT_EQ(shape("mlp.gate_proj.weight"), (std::vector<uint64_t>{ffn, hidden}));
    EXPECT_EQ(shape("mlp.up_proj.weight"), (std::vector<uint64_t>{ffn, hidden}));
    EXPECT_EQ(shape("mlp.down_proj.weight"), (std::vector<uint64_t>{hidden, ffn}));
    EXPECT_EQ(shape("input_layernorm.weight"), (std::vector<uint64_t>{hidden}));
    EXPECT_EQ(shape("post_attention_layernorm.weight"), (std::vector<uint64_t>{hidden}));
  }
  uint64_t params = 0;
  for (const TensorInfo& t : r->tensors) {
    EXPECT_EQ(t.dtype, DType::kF32);
    EXPECT_EQ(t.nbytes, t.numel() * 4);
    EXPECT_EQ(t.rows() * t.cols(), t.numel());
    params += t.numel();
  }
  EXPECT_EQ(params, 260032u);  // MANIFEST fact
  EXPECT_EQ(*r->metadata.at("format").AsString(), "pt");
  // Tensors are in data order and tile the file.
  uint64_t at = r->tensors.front().offset;
  for (const TensorInfo& t : r->tensors) {
    EXPECT_EQ(t.offset, at);
    at += t.nbytes;
  }
  EXPECT_EQ(at, std::filesystem::file_size(Example("models/base/model.safetensors")));
  // RMSNorm weights of a trained model are positive and near 1, not noise: a decoding check.
  const TensorInfo* norm = r->Find("model.norm.weight");
  std::vector<float> v(norm->numel());
  ASSERT_TRUE(
      DecodeToF32(norm->dtype, norm->source->data() + norm->offset, v.size(), v.data()).ok());
  double mean = 0;
  for (float x : v) mean += x;
  mean /= v.size();
  EXPECT_GT(mean, 0.2);
  EXPECT_LT(mean, 5.0);
}

TEST(SafetensorsTest, MlxLoraAdapter) {
  auto r =
      OpenSafetensors(TestData("weights/lora-discollama-llama3-8b-instruct/adapters.safetensors"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->metadata.empty());  // MLX writes "__metadata__": null
  std::set<std::string> names;
  for (const TensorInfo& t : r->tensors) {
    names.insert(t.name);
    EXPECT_EQ(t.dtype, DType::kF32);
    // Llama-3-8B: hidden 4096; q projects to 32×128 = 4096, v to 8 KV heads × 128 = 1024.
    const uint64_t out = t.name.find(".q_proj.") != std::string::npos ? 4096 : 1024;
    if (t.name.ends_with("lora_a"))
      EXPECT_EQ(t.shape, (std::vector<uint64_t>{4096, 8}));
    else
      EXPECT_EQ(t.shape, (std::vector<uint64_t>{8, out}));
  }
  std::set<std::string> expected;
  for (int l : {30, 31})
    for (const char* p : {"q", "v"})
      for (const char* ab : {"a", "b"})
        expected.insert("model.layers." + std::to_string(l) + ".self_attn." + p + "_proj.lora_" +
                        ab);
  EXPECT_EQ(names, expected);
}

TEST(SafetensorsTest, PeftGpt2Adapter) {
  auto r = OpenSafetensors(TestData("weights/lora-peft-gpt2-seqcls/adapter_model.safetensors"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // 12 GPT-2 blocks × (lora_A, lora_B) + the score head. (The header has 26 keys counting
  // __metadata__, which is not a tensor.)
  EXPECT_EQ(r->tensors.size(), 25u);
  ASSERT_NE(r->Find("base_model.model.score.weight"), nullptr);
  EXPECT_EQ(r->Find("base_model.model.score.weight")->shape, (std::vector<uint64_t>{6, 768}));
  int lora = 0;
  for (const TensorInfo& t : r->tensors) lora += t.name.find(".c_attn.lora_") != std::string::npos;
  EXPECT_EQ(lora, 24);  // 12 GPT-2 blocks × (A, B)
}

TEST(SafetensorsTest, ZeroDimEmptyUnpaddedAndRightPadded) {
  // Unpadded (MLX style): data starts at an odd offset.
  const std::string h = R"({"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},)"
                        R"("e":{"dtype":"BF16","shape":[0,5],"data_offsets":[4,4]},)"
                        R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[4,10]}})";
  ASSERT_NE(h.size() % 8, 0u);
  auto r = Parse(StBytes(h, 10));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tensors.size(), 3u);
  EXPECT_EQ(r->Find("s")->numel(), 1u);
  EXPECT_EQ(r->Find("s")->shape.size(), 0u);
  EXPECT_EQ(r->Find("e")->numel(), 0u);
  EXPECT_EQ(r->Find("b")->offset, 8 + h.size() + 4);
  // Right-padded with spaces (the official writer).
  std::string padded = h + std::string(7, ' ');
  EXPECT_TRUE(Parse(StBytes(padded, 10)).ok());
  // Unicode names are fine when valid.
  EXPECT_TRUE(
      Parse(StBytes(R"({"가중치":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", 2)).ok());
}

TEST(SafetensorsTest, TruncatedFiles) {
  const std::string h = R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
  std::vector<uint8_t> good = StBytes(h, 16);
  ASSERT_TRUE(Parse(good).ok());
  std::vector<uint8_t> cut(good.begin(), good.end() - 3);
  ExpectError(Parse(cut), "outside the 13-byte data buffer", 9);
  std::vector<uint8_t> cut_header(good.begin(), good.begin() + 20);
  ExpectError(Parse(cut_header), "exceeds the file size", 0);
  ExpectError(Parse(std::vector<uint8_t>(good.begin(), good.begin() + 5)), "too short", 0);
  ExpectError(Parse({}), "too short", 0);
}

TEST(SafetensorsTest, HeaderLengthBeyondFileOrLimit) {
  std::vector<uint8_t> b = StBytes("{}", 0);
  uint64_t huge = 9'000'000'000'000ull;
  std::memcpy(b.data(), &huge, 8);
  ExpectError(Parse(b), "exceeds the 100000000-byte limit", 0);
  uint64_t just_over = 3;
  std::memcpy(b.data(), &just_over, 8);
  ExpectError(Parse(b), "exceeds the file size", 0);
}

TEST(SafetensorsTest, OffsetsOutOfRangeOverlappingAndGaps) {
  const std::string out = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[100,108]}})";
  ExpectError(Parse(StBytes(out, 8)), "lie outside the 8-byte data buffer", 9);

  const std::string overlap = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                              R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})";
  const uint64_t start = 8 + overlap.size();
  ExpectError(Parse(StBytes(overlap, 12)), "tensor 'b' [4, 12) overlaps tensor 'a' [0, 8)",
              start + 4);

  const std::string gap = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                          R"("b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})";
  ExpectError(Parse(StBytes(gap, 20)), "gap of 4 bytes", 8 + gap.size() + 8);
  ExpectError(Parse(StBytes(gap, 20)), "before tensor 'b' [12, 20)");

  const std::string tail = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  ExpectError(Parse(StBytes(tail, 10)), "2 bytes at the end of the data buffer",
              8 + tail.size() + 8);

  const std::string reversed = R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})";
  ExpectError(Parse(StBytes(reversed, 8)), "end before they begin", 9);

  const std::string wrong_size = R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})";
  ExpectError(Parse(StBytes(wrong_size, 8)), "= 12 bytes, but its data_offsets [0, 8) span 8", 9);
}

TEST(SafetensorsTest, ElementCountOverflow) {
  const std::string numel =
      R"({"a":{"dtype":"U8","shape":[4294967296,4294967296,2],"data_offsets":[0,0]}})";
  ExpectError(Parse(StBytes(numel, 0)), "more elements than fit in 64 bits", 9);
  const std::string bytes =
      R"({"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,0]}})";
  ExpectError(Parse(StBytes(bytes, 0)), "overflow a 64-bit byte count", 9);
  const std::string too_big =
      R"({"a":{"dtype":"U8","shape":[18446744073709551616],"data_offsets":[0,0]}})";
  ExpectError(Parse(StBytes(too_big, 0)), "'shape' is malformed", 9);
}

TEST(SafetensorsTest, BadUtf8InName) {
  std::string h = R"({"ok":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b)";
  const size_t bad_at = h.size();
  h += "\xff\xfe";
  h += R"(":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})";
  ExpectError(Parse(StBytes(h, 2)), "not valid UTF-8", 8 + bad_at);
  std::string overlong = "{\"\xc0\xaf\":{}}";  // overlong '/'
  ExpectError(Parse(StBytes(overlong, 0)), "not valid UTF-8", 10);
}

TEST(SafetensorsTest, DeeplyNestedHeader) {
  std::string h = R"({"a":)";
  for (int i = 0; i < 100000; ++i) h += "[";
  for (int i = 0; i < 100000; ++i) h += "]";
  h += "}";
  // Level 9 opens at byte 5 + 7 of the header: '{' is level 1, the 8th '[' is level 9.
  ExpectError(Parse(StBytes(h, 0)), "nests deeper than 8 levels", 8 + 5 + 7);
}

TEST(SafetensorsTest, DuplicateNamesAndStructure) {
  const std::string dup = R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                          R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})";
  ExpectError(Parse(StBytes(dup, 2)), "duplicate tensor name 'a'", 8 + dup.rfind("\"a\""));
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"Q9","shape":[1],"data_offsets":[0,1]}})", 1)),
              "unknown dtype 'Q9'", 9);
  EXPECT_EQ(
      Parse(StBytes(R"({"a":{"dtype":"Q9","shape":[1],"data_offsets":[0,1]}})", 1)).status().code(),
      Status::Code::kUnsupported);
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"U8","shape":[1]}})", 0)), "has no 'data_offsets'", 9);
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}})", 1)),
              "'data_offsets' has more than 2 entries", 9);
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}})", 1)),
              "'shape' is malformed");
  ExpectError(Parse(StBytes(R"({"a":7})", 0)), "tensor 'a' is not an object", 9);
  ExpectError(Parse(StBytes(R"({"__metadata__":{"format":1}})", 0)), "must be a string");
  ExpectError(Parse(StBytes(R"([1,2,3])", 0)), "does not start with '{'", 8);
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}} {})", 1)),
              "unexpected content after", 8 + 54);
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}} xyz)", 1)),
              "header is not a JSON object", 8);
  ExpectError(Parse(StBytes(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]})", 1)),
              "malformed header", 8);
  std::string dims = R"({"a":{"dtype":"U8","shape":[)";
  for (int i = 0; i < 65; ++i) dims += "1,";
  dims += R"(1],"data_offsets":[0,1]}})";
  ExpectError(Parse(StBytes(dims, 1)), "more than 64 entries", 9);
}

TEST(SafetensorsTest, WriterRoundTripsBF16CastOfExample) {
  auto base = OpenSafetensors(Example("models/base/model.safetensors"));
  ASSERT_TRUE(base.ok());
  std::vector<WriterTensor> out;
  for (const TensorInfo& t : base->tensors) {
    std::vector<float> f(t.numel());
    ASSERT_TRUE(DecodeToF32(t.dtype, t.source->data() + t.offset, f.size(), f.data()).ok());
    WriterTensor w{t.name, DType::kBF16, t.shape, std::vector<uint8_t>(f.size() * 2)};
    for (size_t i = 0; i < f.size(); ++i) {
      uint16_t h = FloatToBF16(f[i]);
      std::memcpy(&w.data[2 * i], &h, 2);
    }
    out.push_back(std::move(w));
  }
  const std::string path = testing::TempDir("st") + "/bf16.safetensors";
  ASSERT_TRUE(WriteSafetensors(path, out, {{"format", "pt"}}).ok());
  auto r = OpenSafetensors(path);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->tensors.size(), base->tensors.size());
  const std::vector<uint8_t> raw = testing::ReadFile(path);
  uint64_t n;
  std::memcpy(&n, raw.data(), 8);
  EXPECT_EQ(n % 8, 0u);  // padded like the official writer
  for (const TensorInfo& t : r->tensors) {
    const TensorInfo* o = base->Find(t.name);
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(t.shape, o->shape);
    EXPECT_EQ(t.dtype, DType::kBF16);
    std::vector<float> a(t.numel()), b(t.numel());
    ASSERT_TRUE(DecodeToF32(t.dtype, t.source->data() + t.offset, a.size(), a.data()).ok());
    ASSERT_TRUE(DecodeToF32(o->dtype, o->source->data() + o->offset, b.size(), b.data()).ok());
    for (size_t i = 0; i < a.size(); ++i) {
      // BF16 keeps 8 significant bits: rounding moves a value by at most half an ulp ≤ |x|·2^-8.
      ASSERT_LE(std::fabs(a[i] - b[i]), std::fabs(b[i]) * (1.0f / 256)) << t.name << " " << i;
    }
  }
}

TEST(SafetensorsTest, WriterRefusesBadInput) {
  const std::string dir = testing::TempDir("stw");
  EXPECT_FALSE(WriteSafetensors(dir + "/a", {{"x", DType::kF32, {2}, {1, 2, 3}}}).ok());
  EXPECT_FALSE(
      WriteSafetensors(dir + "/b", {{"x", DType::kQ4_0, {32}, std::vector<uint8_t>(18)}}).ok());
  EXPECT_FALSE(
      WriteSafetensors(dir + "/c", {{"x", DType::kU8, {1}, {1}}, {"x", DType::kU8, {1}, {1}}})
          .ok());
}

std::vector<WriterTensor> SmallTensors(int n) {
  std::vector<WriterTensor> ts;
  for (int i = 0; i < n; ++i) {
    ts.push_back({"layers." + std::to_string(i) + ".w",
                  DType::kF16,
                  {2, 3},
                  std::vector<uint8_t>(12, static_cast<uint8_t>(i))});
  }
  return ts;
}

TEST(SafetensorsTest, ShardedIndex) {
  const std::string dir = testing::TempDir("shards");
  auto index = WriteSafetensorsShards(dir, SmallTensors(7), 3);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  auto r = OpenSafetensorsIndex(*index);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tensors.size(), 7u);
  EXPECT_EQ(r->files.size(), 4u);
  EXPECT_EQ(r->sources.size(), 3u);
  EXPECT_EQ(r->metadata.at("total_size").u, 7u * 12);
  EXPECT_EQ(r->metadata.count("warning.total_size"), 0u);
  for (int i = 0; i < 7; ++i) {
    const TensorInfo* t = r->Find("layers." + std::to_string(i) + ".w");
    ASSERT_NE(t, nullptr);
    uint8_t b;
    ASSERT_TRUE(t->source->ReadAt(t->offset + 11, std::span<uint8_t>(&b, 1)).ok());
    EXPECT_EQ(b, i);  // each view points into the right shard
  }
}

void RewriteIndex(const std::string& path, const std::function<void(nlohmann::json&)>& edit) {
  std::ifstream in(path);
  nlohmann::json j = nlohmann::json::parse(in);
  edit(j);
  testing::WriteFile(path, j.dump());
}

TEST(SafetensorsTest, ShardedIndexInconsistencies) {
  auto fresh = [](const char* tag) {
    return WriteSafetensorsShards(testing::TempDir(tag), SmallTensors(4), 2).value();
  };
  std::string idx = fresh("tot");
  RewriteIndex(idx, [](nlohmann::json& j) { j["metadata"]["total_size"] = 5; });
  auto r = OpenSafetensorsIndex(idx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->metadata.at("warning.total_size").s.find("differs"), std::string::npos);

  idx = fresh("miss");
  RewriteIndex(idx, [](nlohmann::json& j) { j["weight_map"].erase("layers.3.w"); });
  r = OpenSafetensorsIndex(idx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("missing from weight_map: 'layers.3.w'"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find(idx), std::string::npos);

  idx = fresh("ghost");
  RewriteIndex(idx, [](nlohmann::json& j) {
    j["weight_map"]["ghost"] = "model-00001-of-00002.safetensors";
  });
  r = OpenSafetensorsIndex(idx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'ghost'"), std::string::npos) << r.status().message();

  idx = fresh("moved");
  RewriteIndex(idx, [](nlohmann::json& j) {
    j["weight_map"]["layers.0.w"] = "model-00002-of-00002.safetensors";
  });
  r = OpenSafetensorsIndex(idx);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("another shard"), std::string::npos) << r.status().message();

  // The same tensor in two shards.
  const std::string dir = testing::TempDir("dup");
  auto ts = SmallTensors(2);
  ASSERT_TRUE(WriteSafetensors(dir + "/a.safetensors", ts).ok());
  ASSERT_TRUE(WriteSafetensors(dir + "/b.safetensors", {ts[0]}).ok());
  testing::WriteFile(dir + "/model.safetensors.index.json",
                     std::string(R"({"weight_map":{"layers.0.w":"a.safetensors",)"
                                 R"("layers.1.w":"a.safetensors","x":"b.safetensors"}})"));
  r = OpenSafetensorsIndex(dir + "/model.safetensors.index.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("several shards: 'layers.0.w'"), std::string::npos)
      << r.status().message();

  testing::WriteFile(dir + "/evil.index.json",
                     std::string(R"({"weight_map":{"a":"../../etc/passwd"}})"));
  r = OpenSafetensorsIndex(dir + "/evil.index.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kRefused);

  testing::WriteFile(dir + "/broken.index.json",
                     std::string(R"({"weight_map":{"a":"c.safetensors"}})"));
  r = OpenSafetensorsIndex(dir + "/broken.index.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("c.safetensors"), std::string::npos);
}

// A 100B-parameter layout as sparse files: only headers are real, and reading them is instant.
TEST(SafetensorsTest, SparseHugeLayoutReadsHeadersOnly) {
  const std::string dir = testing::TempDir("huge");
  std::vector<WriterTensor> ts;
  const uint64_t rows = 16384, cols = 16384;  // 2^28 BF16 elements = 512 MiB each
  for (int i = 0; i < 373; ++i) {
    ts.push_back({"model.layers." + std::to_string(i) + ".mlp.up_proj.weight",
                  DType::kBF16,
                  {rows, cols},
                  {}});
  }
  SafetensorsWriteOptions sparse;
  sparse.sparse = true;
  auto index = WriteSafetensorsShards(dir, ts, 4, {}, sparse);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  auto r = OpenSafetensorsIndex(*index);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  uint64_t params = 0;
  for (const TensorInfo& t : r->tensors) params += t.numel();
  EXPECT_GT(params, 100'000'000'000ull);
  EXPECT_EQ(r->tensors.back().offset + r->tensors.back().nbytes, r->sources.back()->size());
  // Don't leave ~200 GB of apparent file size behind for backup and disk tools to trip on.
  r = Result<Checkpoint>(NotFound("closed"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lineage
