// hub_generator: a Hugging Face hub on loopback whose models are synthesised on the fly, for the
// scale bench of issue #12 (bench/hub100b.sh). Nothing is stored: every byte of every file is a
// deterministic function of the repository, the file and the offset, computed when a request asks
// for it, so a 200 GB checkpoint costs nothing until it is read.
//
// Repositories (one layout, three models):
//   gen/base     seed 1
//   gen/derived  base + 0.3 sd of seeded noise, element by element (cosine ≈ 0.958 with the base)
//   gen/indep    seed 2
// The layout is a Qwen3-MoE-like decoder (`--layout 100b`, the default: d 5120, 48 blocks of 64
// experts with 2048 units each, vocab 152064, BF16, ≈ 101 B parameters in 5 GB shards), or a tiny
// one for the unit test (`--layout tiny`). Tensor element i of tensor `name` in a model of seed s
// is sd · N(s, name, i) (norm weights 1 + 0.05 · N), where N is the splitmix64 hash of
// (FNV-1a(name) ^ s) + (i + 1) · golden, its four 16-bit quarters summed and centred to unit
// variance (as bench/weights_bench.cc), computed in double and rounded to BF16 (nearest even).
// The derived model adds 0.3 · sd · N(seed 1001, name, i). tests/io/hub/hub_generator_test.py
// recomputes values from this definition.
//
// Protocol (as tests/io/hub/README.md; lineage's src/io/hub reads it):
//   GET /api/models/<repo>[/revision/<rev>]  JSON: sha, siblings[].rfilename and .size
//   GET|HEAD /<repo>/resolve/<rev>/<file>    rev = main or the commit; Range: bytes=a-b → 206 with
//       Content-Range; X-Repo-Commit, ETag, and for weights X-Linked-Etag and X-Linked-Size. The
//       ETag is an opaque id, not a sha256 (no one hashes 200 GB here), so lineage never takes it
//       for the file's LFS digest.
//   GET /stats                                JSON: requests and body bytes, in total and per repo
// Served directly (no redirect to a CDN host): the redirect is the protocol tests' business.
//
// Usage: hub_generator [--layout 100b|tiny] [--port N]   (binds 127.0.0.1; port 0 = a free one)
// Prints "port N" on stdout once listening. One thread per connection; runs until killed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t NameKey(const std::string& name, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

// A unit-variance, approximately normal value: element i of the stream `key`.
double Normal(uint64_t key, uint64_t i) {
  const uint64_t r = Mix(key + (i + 1) * kGolden);
  const double sum = static_cast<double>(r & 0xFFFF) + static_cast<double>((r >> 16) & 0xFFFF) +
                     static_cast<double>((r >> 32) & 0xFFFF) + static_cast<double>(r >> 48);
  return (sum / 65535.0 - 2.0) * 1.7320508075688772;  // the sum of 4 U(0,1) has variance 1/3
}

uint16_t ToBF16(double v) {
  const float f = static_cast<float>(v);
  uint32_t u = 0;
  std::memcpy(&u, &f, 4);
  return static_cast<uint16_t>((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

struct Layout {
  uint64_t hidden, layers, experts, experts_per_tok, moe_inter, heads, kv_heads, head_dim, vocab;
  uint64_t shard_bytes;
};

Layout LayoutNamed(const std::string& name) {
  if (name == "tiny") return {64, 3, 4, 2, 32, 4, 2, 16, 384, 96 << 10};
  return {5120, 48, 64, 8, 2048, 40, 8, 128, 152064, uint64_t{5} << 30};  // "100b"
}

struct Tensor {
  std::string name;
  std::vector<uint64_t> shape;
  bool norm = false;
  uint64_t offset = 0;  // within the shard's data section
  uint64_t bytes() const {
    uint64_t n = 2;
    for (uint64_t s : shape) n *= s;
    return n;
  }
};

struct Shard {
  std::string file;
  std::vector<Tensor> tensors;
  std::string header;  // the 8-byte length and the JSON header
  uint64_t size = 0;
};

std::vector<Tensor> LayoutTensors(const Layout& l) {
  std::vector<Tensor> t;
  const uint64_t d = l.hidden, q = l.heads * l.head_dim, kv = l.kv_heads * l.head_dim;
  t.push_back({"model.embed_tokens.weight", {l.vocab, d}});
  for (uint64_t b = 0; b < l.layers; ++b) {
    const std::string p = "model.layers." + std::to_string(b) + ".";
    t.push_back({p + "input_layernorm.weight", {d}, true});
    t.push_back({p + "self_attn.q_proj.weight", {q, d}});
    t.push_back({p + "self_attn.k_proj.weight", {kv, d}});
    t.push_back({p + "self_attn.v_proj.weight", {kv, d}});
    t.push_back({p + "self_attn.o_proj.weight", {d, q}});
    t.push_back({p + "self_attn.q_norm.weight", {l.head_dim}, true});
    t.push_back({p + "self_attn.k_norm.weight", {l.head_dim}, true});
    t.push_back({p + "post_attention_layernorm.weight", {d}, true});
    t.push_back({p + "mlp.gate.weight", {l.experts, d}});
    for (uint64_t e = 0; e < l.experts; ++e) {
      const std::string x = p + "mlp.experts." + std::to_string(e) + ".";
      t.push_back({x + "gate_proj.weight", {l.moe_inter, d}});
      t.push_back({x + "up_proj.weight", {l.moe_inter, d}});
      t.push_back({x + "down_proj.weight", {d, l.moe_inter}});
    }
  }
  t.push_back({"model.norm.weight", {d}, true});
  t.push_back({"lm_head.weight", {l.vocab, d}});
  return t;
}

std::string ShapeJson(const std::vector<uint64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

void FinishShard(Shard& s) {
  std::string json = "{\"__metadata__\":{\"format\":\"pt\"}";
  uint64_t at = 0;
  for (Tensor& t : s.tensors) {
    t.offset = at;
    json += ",\"" + t.name + "\":{\"dtype\":\"BF16\",\"shape\":" + ShapeJson(t.shape) +
            ",\"data_offsets\":[" + std::to_string(at) + "," + std::to_string(at + t.bytes()) +
            "]}";
    at += t.bytes();
  }
  json += "}";
  while ((8 + json.size()) % 8 != 0) json += ' ';
  const uint64_t n = json.size();
  s.header.assign(8, '\0');
  for (int i = 0; i < 8; ++i) s.header[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  s.header += json;
  s.size = s.header.size() + at;
}

// Tensors in order, packed greedily into shards of at most shard_bytes (a tensor is never split).
std::vector<Shard> MakeShards(const Layout& l) {
  std::vector<Shard> shards(1);
  uint64_t used = 0;
  for (Tensor& t : LayoutTensors(l)) {
    if (used > 0 && used + t.bytes() > l.shard_bytes) {
      shards.emplace_back();
      used = 0;
    }
    used += t.bytes();
    shards.back().tensors.push_back(std::move(t));
  }
  char name[64];
  for (size_t i = 0; i < shards.size(); ++i) {
    std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", i + 1, shards.size());
    shards[i].file = name;
    FinishShard(shards[i]);
  }
  return shards;
}

std::string ConfigJson(const Layout& l) {
  auto n = [](uint64_t v) { return std::to_string(v); };
  return "{\n  \"architectures\": [\"Qwen3MoeForCausalLM\"],\n  \"model_type\": \"qwen3_moe\",\n"
         "  \"hidden_size\": " +
         n(l.hidden) + ",\n  \"num_hidden_layers\": " + n(l.layers) +
         ",\n  \"num_attention_heads\": " + n(l.heads) +
         ",\n  \"num_key_value_heads\": " + n(l.kv_heads) + ",\n  \"head_dim\": " + n(l.head_dim) +
         ",\n  \"num_experts\": " + n(l.experts) +
         ",\n  \"num_experts_per_tok\": " + n(l.experts_per_tok) +
         ",\n  \"moe_intermediate_size\": " + n(l.moe_inter) +
         ",\n  \"intermediate_size\": " + n(l.moe_inter * 4) +
         ",\n  \"decoder_sparse_step\": 1,\n  \"mlp_only_layers\": [],\n  \"norm_topk_prob\": true,"
         "\n  \"vocab_size\": " +
         n(l.vocab) +
         ",\n  \"max_position_embeddings\": 32768,\n  \"rms_norm_eps\": 1e-06,\n"
         "  \"rope_theta\": 1000000.0,\n  \"hidden_act\": \"silu\",\n"
         "  \"attention_bias\": false,\n  \"tie_word_embeddings\": false,\n"
         "  \"bos_token_id\": 1,\n  \"eos_token_id\": 2,\n  \"torch_dtype\": \"bfloat16\"\n}\n";
}

std::string IndexJson(const std::vector<Shard>& shards) {
  uint64_t total = 0;
  for (const Shard& s : shards) {
    for (const Tensor& t : s.tensors) total += t.bytes();
  }
  std::string j =
      "{\"metadata\": {\"total_size\": " + std::to_string(total) + "}, \"weight_map\": {";
  bool first = true;
  for (const Shard& s : shards) {
    for (const Tensor& t : s.tensors) {
      j += std::string(first ? "" : ", ") + "\"" + t.name + "\": \"" + s.file + "\"";
      first = false;
    }
  }
  return j + "}}\n";
}

std::string JsonEscape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
    } else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else {
      o += static_cast<char>(c);
    }
  }
  return o;
}

// A byte-level BPE tokenizer (Llama style: ▁ for space, byte fallback) with exactly `vocab`
// tokens: specials, the 256 bytes, ▁ and a-z, then seeded merges of earlier tokens. Every model
// of the generator shares it, as models built on one tokenizer do.
std::string TokenizerJson(uint64_t vocab) {
  std::vector<std::string> toks = {"<unk>", "<s>", "</s>"};
  char b[16];
  for (int i = 0; i < 256; ++i) {
    std::snprintf(b, sizeof b, "<0x%02X>", i);
    toks.push_back(b);
  }
  const size_t first_piece = toks.size();
  toks.push_back("\xE2\x96\x81");
  for (char c = 'a'; c <= 'z'; ++c) toks.push_back(std::string(1, c));
  std::set<std::string> seen(toks.begin(), toks.end());
  std::vector<std::pair<std::string, std::string>> merges;
  for (uint64_t k = 0; toks.size() < vocab; ++k) {
    const size_t pool = std::min<size_t>(toks.size() - first_piece, 4096);
    const uint64_t r = Mix(k * kGolden + 77);
    const std::string& a = toks[first_piece + (r % pool)];
    const std::string& c = toks[first_piece + ((r >> 32) % pool)];
    if (a.size() + c.size() > 16 || seen.count(a + c)) continue;
    merges.emplace_back(a, c);
    seen.insert(a + c);
    toks.push_back(a + c);
  }
  std::string j =
      "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":["
      "{\"id\":0,\"content\":\"<unk>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
      "\"normalized\":false,\"special\":true},{\"id\":1,\"content\":\"<s>\",\"single_word\":false,"
      "\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},{\"id\":2,"
      "\"content\":\"</s>\",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,"
      "\"normalized\":false,\"special\":true}],\"normalizer\":{\"type\":\"Sequence\","
      "\"normalizers\":[{\"type\":\"Prepend\",\"prepend\":\"\xE2\x96\x81\"},{\"type\":\"Replace\","
      "\"pattern\":{\"String\":\" \"},\"content\":\"\xE2\x96\x81\"}]},\"pre_tokenizer\":null,"
      "\"post_processor\":null,\"decoder\":{\"type\":\"Sequence\",\"decoders\":[{\"type\":"
      "\"Replace\",\"pattern\":{\"String\":\"\xE2\x96\x81\"},\"content\":\" \"},{\"type\":"
      "\"ByteFallback\"},{\"type\":\"Fuse\"},{\"type\":\"Strip\",\"content\":\" \",\"start\":1,"
      "\"stop\":0}]},\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":\"<unk>\","
      "\"continuing_subword_prefix\":null,\"end_of_word_suffix\":null,\"fuse_unk\":true,"
      "\"byte_fallback\":true,\"ignore_merges\":false,\"vocab\":{";
  for (size_t i = 0; i < toks.size(); ++i) {
    j += (i ? ",\"" : "\"") + JsonEscape(toks[i]) + "\":" + std::to_string(i);
  }
  j += "},\"merges\":[";
  for (size_t i = 0; i < merges.size(); ++i) {
    j += (i ? ",\"" : "\"") + JsonEscape(merges[i].first) + " " + JsonEscape(merges[i].second) +
         "\"";
  }
  return j + "]}}\n";
}

const char kTokenizerConfig[] =
    "{\n  \"add_bos_token\": true,\n  \"add_eos_token\": false,\n  \"bos_token\": \"<s>\",\n"
    "  \"eos_token\": \"</s>\",\n  \"unk_token\": \"<unk>\",\n  \"pad_token\": null,\n"
    "  \"model_max_length\": 32768,\n  \"tokenizer_class\": \"LlamaTokenizerFast\"\n}\n";

struct Repo {
  std::string name;
  uint64_t seed = 0;
  double noise = 0;  // > 0: base (seed 1) + noise · sd · N(seed 1001)
  std::string commit;
};

constexpr uint64_t kBaseSeed = 1, kNoiseSeed = 1001;

struct Counters {
  std::atomic<uint64_t> requests{0}, bytes{0};
  // Body bytes by tensor class (the name with its block and expert numbers as '#'; "header" for
  // the safetensors header), to see which statistic's reads the server paid for.
  std::mutex mu;
  std::map<std::string, uint64_t> by_class;
};

struct Server {
  Layout layout{};
  std::vector<Shard> shards;
  std::map<std::string, std::string> small;  // file → body, shared by every repository
  std::vector<Repo> repos;
  std::map<std::string, std::unique_ptr<Counters>> per_repo;
  Counters total;
};

// Element values of [first, first + n) of tensor t in repository r, as BF16 bytes.
void FillTensor(const Repo& r, const Tensor& t, uint64_t first, uint64_t n, uint8_t* out) {
  const double sd = t.norm ? 0.05 : 0.02, mean = t.norm ? 1.0 : 0.0;
  const uint64_t key = NameKey(t.name, r.noise > 0 ? kBaseSeed : r.seed);
  const uint64_t noise_key = NameKey(t.name, kNoiseSeed);
  for (uint64_t k = 0; k < n; ++k) {
    double v = mean + sd * Normal(key, first + k);
    if (r.noise > 0) v += r.noise * sd * Normal(noise_key, first + k);
    const uint16_t h = ToBF16(v);
    out[2 * k] = static_cast<uint8_t>(h & 0xFF);
    out[2 * k + 1] = static_cast<uint8_t>(h >> 8);
  }
}

// Bytes [offset, offset + n) of a shard of repository r.
void FillShard(const Repo& r, const Shard& s, uint64_t offset, uint64_t n, uint8_t* out) {
  const uint64_t hsize = s.header.size();
  while (n > 0 && offset < hsize) {
    *out++ = static_cast<uint8_t>(s.header[offset++]);
    --n;
  }
  if (n == 0) return;
  uint64_t data = offset - hsize;
  auto it = std::upper_bound(s.tensors.begin(), s.tensors.end(), data,
                             [](uint64_t x, const Tensor& t) { return x < t.offset; });
  for (--it; n > 0; ++it) {
    const uint64_t in = data - it->offset;
    const uint64_t take = std::min(n, it->bytes() - in);
    uint64_t e0 = in / 2, e1 = (in + take + 1) / 2;
    uint8_t buf[4096];
    uint64_t done = 0;
    // Whole elements into buf, then the asked-for bytes of them (an odd offset cuts one).
    for (uint64_t e = e0; e < e1; e += sizeof buf / 2) {
      const uint64_t m = std::min<uint64_t>(e1 - e, sizeof buf / 2);
      FillTensor(r, *it, e, m, buf);
      const uint64_t lo = e == e0 ? in % 2 : 0;
      const uint64_t len = std::min(m * 2 - lo, take - done);
      std::memcpy(out + done, buf + lo, len);
      done += len;
    }
    out += take;
    data += take;
    n -= take;
  }
}

bool SendAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

struct Request {
  std::string method, path, range;
};

// Reads one request head; false at the end of the connection.
bool ReadRequest(int fd, std::string& buf, Request& req) {
  size_t end;
  while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (buf.size() > 65536) return false;
    char tmp[4096];
    const ssize_t n = recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf.append(tmp, static_cast<size_t>(n));
  }
  const std::string head = buf.substr(0, end);
  buf.erase(0, end + 4);
  const size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
  req = {head.substr(0, sp1), head.substr(sp1 + 1, sp2 - sp1 - 1), ""};
  size_t at = head.find("\r\n");
  while (at != std::string::npos) {
    const size_t next = head.find("\r\n", at + 2);
    std::string line =
        head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("range:", 0) == 0) {
      req.range = line.substr(6);
      req.range.erase(0, req.range.find_first_not_of(' '));
    }
    at = next;
  }
  return true;
}

struct Answer {
  int status = 200;
  std::string headers;           // extra header lines, each ending in \r\n
  std::string body;              // small bodies
  const Shard* shard = nullptr;  // or a range of a shard of `repo`
  const Repo* repo = nullptr;
  uint64_t offset = 0, length = 0;
};

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 206:
      return "Partial Content";
    case 404:
      return "Not Found";
    case 416:
      return "Range Not Satisfiable";
    default:
      return "Bad Request";
  }
}

// "bytes=a-b" / "bytes=a-" / "bytes=-n" of a body of `size` bytes; false when unsatisfiable.
bool ParseRange(const std::string& r, uint64_t size, uint64_t& a, uint64_t& b) {
  if (r.rfind("bytes=", 0) != 0 || r.find(',') != std::string::npos) return false;
  const std::string spec = r.substr(6);
  const size_t dash = spec.find('-');
  if (dash == std::string::npos) return false;
  const std::string lo = spec.substr(0, dash), hi = spec.substr(dash + 1);
  if (lo.empty()) {
    const uint64_t n = std::stoull(hi);
    if (n == 0) return false;
    a = size > n ? size - n : 0;
    b = size - 1;
  } else {
    a = std::stoull(lo);
    b = hi.empty() ? size - 1 : std::min<uint64_t>(std::stoull(hi), size - 1);
  }
  return a < size && a <= b;
}

std::string EtagFor(const Repo& r, const std::string& file) {
  char b[40];
  std::snprintf(b, sizeof b, "gen-%016llx",
                static_cast<unsigned long long>(Mix(NameKey(r.name + "/" + file, 7))));
  return b;
}

Answer NotFound(const std::string& code) {
  Answer a;
  a.status = 404;
  a.headers = "X-Error-Code: " + code + "\r\n";
  a.body = "{\"error\": \"" + code + "\"}";
  return a;
}

Answer RevisionAnswer(const Server& s, const Repo& r, const std::string& rev) {
  if (rev != "main" && rev != r.commit) return NotFound("RevisionNotFound");
  std::string j = "{\"id\": \"" + r.name + "\", \"sha\": \"" + r.commit + "\", \"siblings\": [";
  bool first = true;
  for (const auto& [file, body] : s.small) {
    j += std::string(first ? "" : ", ") + "{\"rfilename\": \"" + file +
         "\", \"size\": " + std::to_string(body.size()) + "}";
    first = false;
  }
  for (const Shard& sh : s.shards) {
    j += ", {\"rfilename\": \"" + sh.file + "\", \"size\": " + std::to_string(sh.size) + "}";
  }
  Answer a;
  a.body = j + "]}";
  a.headers = "Content-Type: application/json\r\n";
  return a;
}

Answer ResolveAnswer(const Server& s, const Repo& r, const std::string& rev,
                     const std::string& file, const std::string& range) {
  if (rev != "main" && rev != r.commit) return NotFound("RevisionNotFound");
  Answer a;
  a.repo = &r;
  uint64_t size = 0;
  const std::string etag = EtagFor(r, file);
  a.headers = "X-Repo-Commit: " + r.commit + "\r\nETag: \"" + etag + "\"\r\n";
  if (auto it = s.small.find(file); it != s.small.end()) {
    a.body = it->second;
    size = a.body.size();
  } else {
    for (const Shard& sh : s.shards) {
      if (sh.file == file) a.shard = &sh;
    }
    if (a.shard == nullptr) return NotFound("EntryNotFound");
    size = a.shard->size;
    a.headers +=
        "X-Linked-Etag: \"" + etag + "\"\r\nX-Linked-Size: " + std::to_string(size) + "\r\n";
  }
  a.headers += "Accept-Ranges: bytes\r\n";
  a.offset = 0;
  a.length = size;
  if (!range.empty()) {
    uint64_t lo = 0, hi = 0;
    if (!ParseRange(range, size, lo, hi)) {
      Answer bad;
      bad.status = 416;
      bad.headers = "Content-Range: bytes */" + std::to_string(size) + "\r\n";
      return bad;
    }
    a.status = 206;
    a.offset = lo;
    a.length = hi - lo + 1;
    a.headers += "Content-Range: bytes " + std::to_string(lo) + "-" + std::to_string(hi) + "/" +
                 std::to_string(size) + "\r\n";
  }
  if (a.shard == nullptr) a.body = a.body.substr(a.offset, a.length);
  return a;
}

std::string TensorClass(const std::string& name) {
  std::string c;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i]))) {
      c += '#';
      while (i + 1 < name.size() && std::isdigit(static_cast<unsigned char>(name[i + 1]))) ++i;
    } else {
      c += name[i];
    }
  }
  return c;
}

// Adds the bytes [offset, offset + n) of shard `s` to c.by_class.
void CountClasses(Counters& c, const Shard& s, uint64_t offset, uint64_t n) {
  std::lock_guard<std::mutex> lock(c.mu);
  const uint64_t hsize = s.header.size();
  if (offset < hsize) {
    const uint64_t h = std::min(n, hsize - offset);
    c.by_class["header"] += h;
    offset += h;
    n -= h;
  }
  for (const Tensor& t : s.tensors) {
    const uint64_t b = hsize + t.offset, e = b + t.bytes();
    const uint64_t lo = std::max(b, offset), hi = std::min(e, offset + n);
    if (lo < hi) c.by_class[TensorClass(t.name)] += hi - lo;
  }
}

std::string StatsJson(Server& s) {
  std::string j = "{\"requests\": " + std::to_string(s.total.requests.load()) +
                  ", \"bytes\": " + std::to_string(s.total.bytes.load()) + ", \"repos\": {";
  bool first = true;
  for (const auto& [name, c] : s.per_repo) {
    j += std::string(first ? "" : ", ") + "\"" + name +
         "\": {\"requests\": " + std::to_string(c->requests.load()) +
         ", \"bytes\": " + std::to_string(c->bytes.load()) + ", \"by_class\": {";
    std::lock_guard<std::mutex> lock(c->mu);
    bool first_class = true;
    for (const auto& [cls, bytes] : c->by_class) {
      j += std::string(first_class ? "" : ", ") + "\"" + cls + "\": " + std::to_string(bytes);
      first_class = false;
    }
    j += "}}";
    first = false;
  }
  return j + "}}\n";
}

Answer Route(Server& s, const Request& req) {
  std::string path = req.path.substr(0, req.path.find('?'));
  if (path == "/stats") {
    Answer a;
    a.body = StatsJson(s);
    return a;
  }
  for (const Repo& r : s.repos) {
    const std::string api = "/api/models/" + r.name;
    if (path == api) return RevisionAnswer(s, r, "main");
    if (path.rfind(api + "/revision/", 0) == 0) {
      return RevisionAnswer(s, r, path.substr(api.size() + 10));
    }
    const std::string res = "/" + r.name + "/resolve/";
    if (path.rfind(res, 0) == 0) {
      const std::string rest = path.substr(res.size());
      const size_t slash = rest.find('/');
      if (slash == std::string::npos) return NotFound("EntryNotFound");
      return ResolveAnswer(s, r, rest.substr(0, slash), rest.substr(slash + 1), req.range);
    }
  }
  return NotFound("RepoNotFound");
}

void Count(Server& s, const Request& req, const Answer& a, uint64_t body) {
  s.total.requests.fetch_add(1);
  s.total.bytes.fetch_add(body);
  for (const Repo& r : s.repos) {
    if (req.path.find("/" + r.name + "/") != std::string::npos ||
        req.path.ends_with("/" + r.name)) {
      s.per_repo.at(r.name)->requests.fetch_add(1);
      s.per_repo.at(r.name)->bytes.fetch_add(body);
      if (a.shard != nullptr && body > 0)
        CountClasses(*s.per_repo.at(r.name), *a.shard, a.offset, body);
    }
  }
}

bool SendBody(int fd, const Answer& a) {
  if (a.shard == nullptr) return SendAll(fd, a.body.data(), a.body.size());
  std::vector<uint8_t> buf(uint64_t{1} << 20);
  for (uint64_t at = 0; at < a.length;) {
    const uint64_t n = std::min<uint64_t>(buf.size(), a.length - at);
    FillShard(*a.repo, *a.shard, a.offset + at, n, buf.data());
    if (!SendAll(fd, reinterpret_cast<const char*>(buf.data()), n)) return false;
    at += n;
  }
  return true;
}

void Serve(Server& s, int fd) {
  std::string buf;
  Request req;
  while (ReadRequest(fd, buf, req)) {
    Answer a;
    try {
      a = Route(s, req);
    } catch (const std::exception&) {
      a = NotFound("BadRequest");
      a.status = 400;
    }
    const uint64_t length = a.shard != nullptr ? a.length : a.body.size();
    std::string head = "HTTP/1.1 " + std::to_string(a.status) + " " + Reason(a.status) + "\r\n" +
                       a.headers + "Content-Length: " + std::to_string(length) + "\r\n\r\n";
    const bool head_only = req.method == "HEAD";
    Count(s, req, a, head_only ? 0 : length);
    if (!SendAll(fd, head.data(), head.size())) break;
    if (!head_only && !SendBody(fd, a)) break;
  }
  close(fd);
}

std::string CommitOf(const std::string& repo) {
  char b[48];
  const uint64_t h = NameKey(repo, 99);
  std::snprintf(b, sizeof b, "%016llx%016llx%08llx", static_cast<unsigned long long>(Mix(h)),
                static_cast<unsigned long long>(Mix(h + 1)),
                static_cast<unsigned long long>(Mix(h + 2) & 0xFFFFFFFFull));
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::string layout_name = "100b";
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--layout") layout_name = argv[i + 1];
    if (k == "--port") port = std::atoi(argv[i + 1]);
  }
  auto s = std::make_unique<Server>();
  s->layout = LayoutNamed(layout_name);
  s->shards = MakeShards(s->layout);
  s->small["config.json"] = ConfigJson(s->layout);
  s->small["generation_config.json"] = "{\"bos_token_id\": 1, \"eos_token_id\": 2}\n";
  s->small["model.safetensors.index.json"] = IndexJson(s->shards);
  s->small["tokenizer.json"] = TokenizerJson(s->layout.vocab);
  s->small["tokenizer_config.json"] = kTokenizerConfig;
  s->repos = {
      {"gen/base", kBaseSeed, 0, ""}, {"gen/derived", kBaseSeed, 0.3, ""}, {"gen/indep", 2, 0, ""}};
  for (Repo& r : s->repos) {
    r.commit = CommitOf(r.name);
    s->per_repo[r.name] = std::make_unique<Counters>();
  }
  const int lfd = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  socklen_t len = sizeof addr;
  if (bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(lfd, 64) != 0 ||
      getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("hub_generator: bind/listen");
    return 1;
  }
  std::printf("port %d\n", ntohs(addr.sin_port));
  std::fflush(stdout);
  for (;;) {
    const int fd = accept(lfd, nullptr, nullptr);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::thread([&srv = *s, fd] { Serve(srv, fd); }).detach();
  }
}
