// Introspection parsers: known fields of the right type only; anything else left out, never an
// error or an exception.
#include "behaviour/introspect.h"

#include <gtest/gtest.h>

namespace lineage {
namespace {

TEST(Introspect, TgiInfoKeepsKnownTypedFields) {
  const auto j = ParseTgiInfo(R"({"model_id": "org/m", "model_sha": null, "model_dtype":
      "torch.float16", "max_input_tokens": 4095, "max_total_tokens": "4096", "version": "2.0.4",
      "extra": {"x": 1}})");
  EXPECT_EQ(j["model_id"], "org/m");
  EXPECT_EQ(j["model_dtype"], "torch.float16");
  EXPECT_EQ(j["max_input_tokens"], 4095);
  EXPECT_FALSE(j.contains("model_sha"));         // null is not a string
  EXPECT_FALSE(j.contains("max_total_tokens"));  // a string where a number belongs
  EXPECT_FALSE(j.contains("extra"));
}

TEST(Introspect, OllamaShowLeavesOutTokenizerAndTemplate) {
  const auto j = ParseOllamaShow(R"({"modelfile": "FROM x", "template": "{{ .Prompt }}",
      "details": {"family": "llama", "parameter_size": "8.0B", "quantization_level": "Q4_0",
                  "families": ["llama"]},
      "model_info": {"general.architecture": "llama", "general.parameter_count": 8030261248,
                     "tokenizer.ggml.tokens": ["a", "b"]}, "license": "LLAMA 3 COMMUNITY"})");
  EXPECT_EQ(j["details"]["family"], "llama");
  EXPECT_EQ(j["details"]["quantization_level"], "Q4_0");
  EXPECT_FALSE(j["details"].contains("families"));
  EXPECT_EQ(j["model_info"]["general.parameter_count"], 8030261248);
  EXPECT_FALSE(j["model_info"].contains("tokenizer.ggml.tokens"));
  EXPECT_FALSE(j.contains("template"));
  EXPECT_FALSE(j.contains("modelfile"));
  EXPECT_EQ(j["license"], "LLAMA 3 COMMUNITY");
}

TEST(Introspect, BadBodiesGiveEmptyObjects) {
  for (const char* body : {"", "{", "[1,2]", "null", "\"x\"", R"({"details": 3, "model_info": []})",
                           R"({"model_path": 7})"}) {
    EXPECT_TRUE(ParseTgiInfo(body).empty()) << body;
    EXPECT_TRUE(ParseOllamaShow(body).empty()) << body;
    EXPECT_TRUE(ParseLlamaCppProps(body).empty()) << body;
  }
  const auto long_id = ParseTgiInfo("{\"model_id\": \"" + std::string(1000, 'a') + "\"}");
  EXPECT_EQ(long_id["model_id"].get<std::string>().size(), 256u);
}

}  // namespace
}  // namespace lineage
