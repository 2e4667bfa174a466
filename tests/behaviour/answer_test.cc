#include "behaviour/answer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lineage {
namespace {

const char* kCompletion = R"({"id":"cmpl-1","object":"text_completion","model":"base",
  "system_fingerprint":"fp-1","choices":[{"index":0,"text":" sm big","finish_reason":"length",
  "logprobs":{"tokens":[" sm"," big"],"token_logprobs":[-0.5,-2.0],
  "top_logprobs":[{" sm":-0.5," went":-1.9},{" big":-2.0,"ld":-2.1}],"text_offset":[0,3]}}],
  "usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}})";

TEST(ParseAnswerJson, CompletionWithLogprobs) {
  auto a = ParseAnswerJson(kCompletion, "u", ApiKind::kCompletions);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->model, "base");
  EXPECT_EQ(a->text, " sm big");
  EXPECT_EQ(a->system_fingerprint, "fp-1");
  EXPECT_EQ(a->finish_reason, "length");
  ASSERT_TRUE(a->has_logprobs);
  EXPECT_EQ(a->tokens, (std::vector<std::string>{" sm", " big"}));
  EXPECT_DOUBLE_EQ(a->token_logprobs[1], -2.0);
  ASSERT_EQ(a->top_logprobs.size(), 2u);
  EXPECT_EQ(a->top_logprobs[0].size(), 2u);
  EXPECT_EQ(a->completion_tokens, 2);
}

TEST(ParseAnswerJson, ChatWithoutLogprobs) {
  auto a = ParseAnswerJson(
      R"({"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},
      "finish_reason":"stop"}]})",
      "u", ApiKind::kChat);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text, "hi");
  EXPECT_FALSE(a->has_logprobs);
  EXPECT_TRUE(a->tokens.empty());
}

TEST(ParseAnswerJson, MalformedAnswersAreCorrupt) {
  for (
      const char* body :
      {R"({"id": "x", "choices": [{"text": "trunc)", "[]", R"({"model":"m"})",
       R"({"model":"m","choices":[]})", R"({"model":"m","choices":[{"text":3}]})",
       R"({"model":"m","choices":[{"text":"a","logprobs":{"tokens":["a"],"token_logprobs":[]}}]})",
       R"({"model":"m","choices":[{"text":"a","logprobs":{"tokens":["a"],"token_logprobs":["x"]}}]})",
       R"({"model":"m","choices":[{"text":"a","logprobs":{"tokens":["a"],"token_logprobs":[0.5]}}]})",
       R"({"error":{"message":"overloaded"}})", R"({"choices":[{"text":"a"}]})"}) {
    auto a = ParseAnswerJson(body, "http://h/v1/completions", ApiKind::kCompletions);
    ASSERT_FALSE(a.ok()) << body;
    EXPECT_EQ(a.status().code(), Status::Code::kCorrupt) << body;
    EXPECT_NE(a.status().message().find("http://h/v1/completions"), std::string::npos);
  }
}

TEST(ParseAnswerSse, ChatChunksAccumulate) {
  const std::string body =
      "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
      "\"assistant\",\"content\":\"a\"},\"logprobs\":{\"content\":[{\"token\":\"a\",\"logprob\":"
      "-1,\"top_logprobs\":[{\"token\":\"a\",\"logprob\":-1}]}]},\"finish_reason\":null}]}\n\n"
      "data: {\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" "
      "b\"},\"logprobs\":{\"content\":[{\"token\":\" b\",\"logprob\":-2}]},\"finish_reason\":"
      "\"length\"}]}\n\ndata: [DONE]\n\n";
  auto a = ParseAnswerSse(body, "u", ApiKind::kChat);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text, "a b");
  EXPECT_EQ(a->tokens, (std::vector<std::string>{"a", " b"}));
  EXPECT_EQ(a->finish_reason, "length");
}

TEST(ParseAnswerSse, DroppedLogprobsAndTwoModelsAreRefused) {
  const std::string dropped =
      "data: {\"model\":\"m\",\"choices\":[{\"text\":\"a\",\"logprobs\":{\"tokens\":[\"a\"],"
      "\"token_logprobs\":[-1]}}]}\n\n"
      "data: {\"model\":\"m\",\"choices\":[{\"text\":\"b\"}]}\n\ndata: [DONE]\n\n";
  EXPECT_EQ(ParseAnswerSse(dropped, "u", ApiKind::kCompletions).status().code(),
            Status::Code::kCorrupt);
  const std::string two =
      "data: {\"model\":\"m\",\"choices\":[{\"text\":\"a\"}]}\n\n"
      "data: {\"model\":\"n\",\"choices\":[{\"text\":\"b\"}]}\n\ndata: [DONE]\n\n";
  EXPECT_EQ(ParseAnswerSse(two, "u", ApiKind::kCompletions).status().code(),
            Status::Code::kCorrupt);
}

TEST(AnswerJson, RoundTripsLosslessly) {
  auto a = ParseAnswerJson(kCompletion, "u", ApiKind::kCompletions);
  ASSERT_TRUE(a.ok());
  auto b = AnswerFromJson(AnswerToJson(*a), "store");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(AnswerToJson(*a), AnswerToJson(*b));
  EXPECT_EQ(AnswerFromJson(nlohmann::json::object(), "store").status().code(),
            Status::Code::kCorrupt);
}

TEST(ParseModelList, IdsAndVocabulary) {
  auto m = ParseModelList(R"({"data":[{"id":"a","meta":{"n_vocab":512}},{"id":"b"}]})", "u");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].n_vocab, 512);
  EXPECT_EQ((*m)[1].n_vocab, 0);
  EXPECT_FALSE(ParseModelList(R"({"data":[]})", "u").ok());
  EXPECT_FALSE(ParseModelList(R"({"data":[{"name":"a"}]})", "u").ok());
}

// POST /tokenize answers: llama.cpp's and vLLM's shapes are read; hostile bodies are refused as
// kCorrupt naming the URL, never read as ids.
TEST(ParseTokenizeJson, LlamaCppAndVllmShapes) {
  auto a = ParseTokenizeJson(R"({"tokens":[1,15043,2]})", "u/tokenize");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(*a, (std::vector<int64_t>{1, 15043, 2}));
  auto v = ParseTokenizeJson(R"({"count":2,"max_model_len":4096,"tokens":[7,8]})", "u");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (std::vector<int64_t>{7, 8}));
  auto pieces =
      ParseTokenizeJson(R"({"tokens":[{"id":5,"piece":"a"},{"id":6,"piece":[98]}]})", "u");
  ASSERT_TRUE(pieces.ok());
  EXPECT_EQ(*pieces, (std::vector<int64_t>{5, 6}));
  auto empty = ParseTokenizeJson(R"({"tokens":[]})", "u");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParseTokenizeJson, HostileBodiesAreCorrupt) {
  const char* bodies[] = {
      "",
      "{",
      "[1,2,3]",
      R"({"tokens":null})",
      R"({"tokens":"1 2 3"})",
      R"({"tokens":[1,2.5]})",
      R"({"tokens":[1,-1]})",
      R"({"tokens":[1,2147483648]})",
      R"({"tokens":[18446744073709551615]})",
      R"({"tokens":[1e400]})",
      R"({"tokens":[true]})",
      R"({"tokens":[[1]]})",
      R"({"tokens":[{"piece":"a"}]})",
      R"({"error":{"message":"no such route","code":404}})",
      "{\"tokens\":[1,2]} trailing",
  };
  for (const char* body : bodies) {
    auto r = ParseTokenizeJson(body, "http://h/x/tokenize");
    EXPECT_FALSE(r.ok()) << body;
    if (r.ok()) continue;
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt) << body;
    EXPECT_NE(r.status().message().find("http://h/x/tokenize"), std::string::npos) << body;
  }
  std::string deep(100000, '[');
  EXPECT_FALSE(ParseTokenizeJson("{\"tokens\":" + deep, "u").ok());
}

}  // namespace
}  // namespace lineage
