// Weight-pipeline benchmark helpers, driven by bench/weights.sh:
//   weights_bench gen DIR SEED [BASE_SEED NOISE]  writes a 1B-shaped synthetic BF16 Llama
//   checkpoint
//       (d=2048, h=8192, 16 blocks, 128k vocab, tied) as one shard per block plus an index, one
//       block in memory at a time. With BASE_SEED, values are the base's plus NOISE × N(0, σ²)
//       (a derived model); otherwise independent.
//   weights_bench pertensor A B THREADS  times the same-role per-tensor pass (load, stream,
//       BF16→f32, cosine / Pearson / rel L2 / identity for every tensor pair).
// Shapes can be overridden with LINEAGE_BENCH_{D,H,L,V} for quick runs; LINEAGE_BENCH_KV sets the
// key/value heads (default half the heads, as Llama-3 does; Llama-2-7B has all 32) and
// LINEAGE_BENCH_UNTIED=1 adds a separate lm_head (Llama-2-7B's 13.5 GB needs both).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "format/safetensors_writer.h"
#include "model/model.h"
#include "util/thread_pool.h"
#include "weights/source/model_weight_source.h"
#include "weights/statistics/per_tensor.h"

namespace {

using lineage::DType;

int64_t EnvInt(const char* name, int64_t dflt) {
  const char* v = std::getenv(name);
  return v ? std::atoll(v) : dflt;
}

// splitmix64 → approximately normal values (sum of 4 uniforms, rescaled): fast and deterministic.
struct FastRng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  float Normal() {
    uint64_t r = Next();
    float sum = 0;
    for (int i = 0; i < 4; ++i) sum += static_cast<float>((r >> (16 * i)) & 0xFFFF) / 65535.0f;
    return (sum - 2.0f) * 1.7320508f;  // variance of the sum of 4 U(0,1) is 1/3
  }
};

uint64_t NameSeed(const std::string& name, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

lineage::WriterTensor MakeTensor(const std::string& name, std::vector<uint64_t> shape,
                                 uint64_t seed, int64_t base_seed, double noise, bool norm) {
  uint64_t n = 1;
  for (uint64_t s : shape) n *= s;
  lineage::WriterTensor t;
  t.name = name;
  t.dtype = DType::kBF16;
  t.shape = shape;
  t.data.resize(n * 2);
  const float sd = 0.02f;
  FastRng a{NameSeed(name, base_seed >= 0 ? static_cast<uint64_t>(base_seed) : seed)};
  FastRng b{NameSeed(name, seed ^ 0xABCDEF)};
  for (uint64_t i = 0; i < n; ++i) {
    float v = norm ? 1.0f + 0.05f * a.Normal() : sd * a.Normal();
    if (base_seed >= 0) v += static_cast<float>(noise) * (norm ? 0.05f : sd) * b.Normal();
    uint16_t h = lineage::FloatToBF16(v);
    std::memcpy(&t.data[2 * i], &h, 2);
  }
  return t;
}

int Gen(const std::string& dir, uint64_t seed, int64_t base_seed, double noise) {
  const int64_t d = EnvInt("LINEAGE_BENCH_D", 2048), h = EnvInt("LINEAGE_BENCH_H", 8192),
                L = EnvInt("LINEAGE_BENCH_L", 16), V = EnvInt("LINEAGE_BENCH_V", 131072);
  const int64_t heads = d / 128 > 0 ? d / 128 : 1;
  const int64_t kv = EnvInt("LINEAGE_BENCH_KV", heads / 2 > 0 ? heads / 2 : 1);
  const bool tied = EnvInt("LINEAGE_BENCH_UNTIED", 0) == 0;
  const int64_t hd = d / heads;
  std::filesystem::create_directories(dir);
  std::string index = "{\"metadata\": {}, \"weight_map\": {";
  bool first = true;
  const int shards = static_cast<int>(L + 1) + (tied ? 0 : 1);
  auto write_shard = [&](int s, std::vector<lineage::WriterTensor> ts) -> bool {
    char fname[64];
    std::snprintf(fname, sizeof fname, "model-%05d-of-%05d.safetensors", s + 1, shards);
    lineage::Status st = lineage::WriteSafetensors(dir + "/" + fname, ts);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      return false;
    }
    for (const auto& t : ts) {
      index += std::string(first ? "" : ", ") + "\"" + t.name + "\": \"" + fname + "\"";
      first = false;
    }
    return true;
  };
  if (!write_shard(
          0, {MakeTensor("model.embed_tokens.weight", {uint64_t(V), uint64_t(d)}, seed, base_seed,
                         noise, false),
              MakeTensor("model.norm.weight", {uint64_t(d)}, seed, base_seed, noise, true)})) {
    return 1;
  }
  // The untied head goes in the last shard so that shard 1 stays one embedding's size.
  const int head_shard = tied ? -1 : static_cast<int>(L + 1);
  for (int64_t l = 0; l < L; ++l) {
    std::string p = "model.layers." + std::to_string(l) + ".";
    auto u = [](int64_t x) { return static_cast<uint64_t>(x); };
    std::vector<lineage::WriterTensor> ts;
    ts.push_back(MakeTensor(p + "input_layernorm.weight", {u(d)}, seed, base_seed, noise, true));
    ts.push_back(
        MakeTensor(p + "post_attention_layernorm.weight", {u(d)}, seed, base_seed, noise, true));
    ts.push_back(MakeTensor(p + "self_attn.q_proj.weight", {u(heads * hd), u(d)}, seed, base_seed,
                            noise, false));
    ts.push_back(MakeTensor(p + "self_attn.k_proj.weight", {u(kv * hd), u(d)}, seed, base_seed,
                            noise, false));
    ts.push_back(MakeTensor(p + "self_attn.v_proj.weight", {u(kv * hd), u(d)}, seed, base_seed,
                            noise, false));
    ts.push_back(MakeTensor(p + "self_attn.o_proj.weight", {u(d), u(heads * hd)}, seed, base_seed,
                            noise, false));
    ts.push_back(
        MakeTensor(p + "mlp.gate_proj.weight", {u(h), u(d)}, seed, base_seed, noise, false));
    ts.push_back(MakeTensor(p + "mlp.up_proj.weight", {u(h), u(d)}, seed, base_seed, noise, false));
    ts.push_back(
        MakeTensor(p + "mlp.down_proj.weight", {u(d), u(h)}, seed, base_seed, noise, false));
    if (!write_shard(static_cast<int>(l + 1), std::move(ts))) return 1;
  }
  if (head_shard >= 0 &&
      !write_shard(head_shard, {MakeTensor("lm_head.weight", {uint64_t(V), uint64_t(d)}, seed,
                                           base_seed, noise, false)})) {
    return 1;
  }
  index += "}}\n";
  std::ofstream(dir + "/model.safetensors.index.json") << index;
  std::ofstream(dir + "/config.json")
      << "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\", "
      << "\"hidden_size\": " << d << ", \"intermediate_size\": " << h
      << ", \"num_hidden_layers\": " << L << ", \"num_attention_heads\": " << heads
      << ", \"num_key_value_heads\": " << kv << ", \"vocab_size\": " << V
      << ", \"tie_word_embeddings\": " << (tied ? "true" : "false")
      << ", \"rms_norm_eps\": 1e-05, \"torch_dtype\": \"bfloat16\"}\n";
  return 0;
}

int PerTensor(const std::string& a, const std::string& b, unsigned threads) {
  auto t0 = std::chrono::steady_clock::now();
  lineage::Result<lineage::Model> ma = lineage::LoadModel(a), mb = lineage::LoadModel(b);
  if (!ma.ok() || !mb.ok()) {
    std::fprintf(stderr, "%s\n", (!ma.ok() ? ma.status() : mb.status()).ToString().c_str());
    return 1;
  }
  lineage::ModelWeightSource sa(*ma), sb(*mb);
  lineage::ThreadPool pool(threads);
  auto r = lineage::ComparePerTensor(sa, sb, pool, lineage::PerTensorOptions());
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cos_sum = 0;
  for (const auto& t : *r) cos_sum += t.cosine;
  std::printf("lineage pertensor tensors %zu seconds %.3f mean_cosine %.6f\n", r->size(), secs,
              r->empty() ? 0.0 : cos_sum / r->size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "gen") {
    int64_t base_seed = argc >= 6 ? std::atoll(argv[4]) : -1;
    double noise = argc >= 6 ? std::atof(argv[5]) : 0;
    return Gen(argv[2], std::strtoull(argv[3], nullptr, 10), base_seed, noise);
  }
  if (argc >= 5 && std::string(argv[1]) == "pertensor") {
    return PerTensor(argv[2], argv[3], static_cast<unsigned>(std::atoi(argv[4])));
  }
  std::fprintf(stderr,
               "usage: weights_bench gen DIR SEED [BASE_SEED NOISE] | pertensor A B THREADS\n");
  return 2;
}
