#include "format/llama2c.h"

#include <cstring>
#include <string>
#include <vector>

namespace lineage {

namespace {

struct Header {
  int32_t version = 0;  // 0 = legacy, no magic
  int32_t dim = 0, hidden_dim = 0, n_layers = 0, n_heads = 0, n_kv_heads = 0, vocab_size = 0,
          seq_len = 0;
  bool shared_classifier = true;
  int32_t group_size = 0;  // v2 only
  uint64_t fields_at = 0;  // offset of `dim`, for error messages
  uint64_t payload_at = 0;
};

// Lays tensors out one after another from the payload start, with overflow checks.
class Layout {
 public:
  Layout(const ByteSource* src, uint64_t start, Checkpoint* ckpt)
      : src_(src), pos_(start), ckpt_(ckpt) {}

  void Add(std::string name, DType dtype, uint64_t elem_bytes, std::vector<uint64_t> shape) {
    uint64_t numel = 1, nbytes = 0;
    for (uint64_t d : shape) overflow_ |= __builtin_mul_overflow(numel, d, &numel);
    overflow_ |= __builtin_mul_overflow(numel, elem_bytes, &nbytes);
    TensorInfo t;
    t.name = std::move(name);
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.source = src_;
    t.offset = pos_;
    t.nbytes = nbytes;
    overflow_ |= __builtin_add_overflow(pos_, nbytes, &pos_);
    if (!overflow_) ckpt_->tensors.push_back(std::move(t));
  }
  void Skip(uint64_t bytes) { overflow_ |= __builtin_add_overflow(pos_, bytes, &pos_); }

  bool overflow() const { return overflow_; }
  uint64_t end() const { return pos_; }

 private:
  const ByteSource* src_;
  uint64_t pos_;
  Checkpoint* ckpt_;
  bool overflow_ = false;
};

std::string LayerName(int32_t layer, const char* suffix) {
  return "layers." + std::to_string(layer) + "." + suffix;
}

Status ReadHeader(const ByteSource& src, Header* h) {
  const std::string& file = src.name();
  if (src.size() < 28) {
    return Corrupt(file, 0,
                   "truncated llama2.c header: the file has " + std::to_string(src.size()) +
                       " bytes, the header needs 28");
  }
  uint8_t head[41] = {0};
  uint64_t n = std::min<uint64_t>(src.size(), sizeof head);
  LINEAGE_RETURN_IF_ERROR(src.ReadAt(0, std::span<uint8_t>(head, n)));
  uint32_t magic;
  std::memcpy(&magic, head, 4);
  int32_t f[7];
  if (magic == kLlama2cMagic) {
    if (src.size() < kLlama2cHeaderBytes) {
      return Corrupt(file, 0,
                     "truncated llama2.c header: the file has " + std::to_string(src.size()) +
                         " bytes, the v1/v2 header needs 256");
    }
    std::memcpy(&h->version, head + 4, 4);
    if (h->version != 1 && h->version != 2) {
      return Unsupported(file + ": offset 4: llama2.c version " + std::to_string(h->version) +
                         " is not one lineage reads (0, 1, 2)");
    }
    std::memcpy(f, head + 8, sizeof f);
    if (head[36] > 1)
      return Corrupt(file, 36,
                     "shared-classifier flag " + std::to_string(head[36]) + " is neither 0 nor 1");
    h->shared_classifier = head[36] == 1;
    if (h->version == 2) std::memcpy(&h->group_size, head + 37, 4);
    h->fields_at = 8;
    h->payload_at = kLlama2cHeaderBytes;
  } else {
    std::memcpy(f, head, sizeof f);
    h->version = 0;
    h->fields_at = 0;
    h->payload_at = 28;
  }
  h->dim = f[0];
  h->hidden_dim = f[1];
  h->n_layers = f[2];
  h->n_heads = f[3];
  h->n_kv_heads = f[4];
  h->vocab_size = f[5];
  h->seq_len = f[6];
  if (h->version == 0) {
    // v0 marks an unshared classifier with a negative vocabulary size.
    h->shared_classifier = h->vocab_size > 0;
    if (h->vocab_size < 0 && h->vocab_size != INT32_MIN) h->vocab_size = -h->vocab_size;
  }
  const char* names[7] = {"dim",        "hidden_dim", "n_layers", "n_heads",
                          "n_kv_heads", "vocab_size", "seq_len"};
  for (int i = 0; i < 7; ++i) {
    int32_t v = i == 5 ? h->vocab_size : f[i];
    if (v <= 0) {
      return Corrupt(file, h->fields_at + 4 * i,
                     std::string("not a llama2.c checkpoint: ") + names[i] + " = " +
                         std::to_string(f[i]) + " is not positive");
    }
  }
  if (h->dim % h->n_heads != 0 || h->n_heads % h->n_kv_heads != 0) {
    return Corrupt(file, h->fields_at + 12,
                   "not a llama2.c checkpoint: n_heads " + std::to_string(h->n_heads) +
                       " / n_kv_heads " + std::to_string(h->n_kv_heads) + " do not divide dim " +
                       std::to_string(h->dim));
  }
  if (h->version == 2 && h->group_size <= 0) {
    return Corrupt(file, 37, "group_size " + std::to_string(h->group_size) + " is not positive");
  }
  return Status::Ok();
}

void PutInt(Metadata* meta, const char* key, int64_t v) {
  MetaValue m;
  m.kind = MetaValue::Kind::kInt;
  m.gguf_type = 11;  // i64
  m.i = v;
  (*meta)[key] = m;
}

// Per-layer tensors of one stacked array.
void AddLayers(Layout* out, const Header& h, const char* suffix, DType dtype, uint64_t elem_bytes,
               std::vector<uint64_t> shape) {
  for (int32_t l = 0; l < h.n_layers; ++l) out->Add(LayerName(l, suffix), dtype, elem_bytes, shape);
}

struct WeightSpec {
  std::string name;
  std::vector<uint64_t> shape;
};

// The big matrices in the order v1 and v2 store them (v0 interleaves norms, see LayoutV0).
std::vector<WeightSpec> Matrices(const Header& h) {
  uint64_t dim = h.dim, hidden = h.hidden_dim, kv_dim = dim * h.n_kv_heads / h.n_heads,
           vocab = h.vocab_size;
  std::vector<WeightSpec> out;
  out.push_back({"tok_embeddings.weight", {vocab, dim}});
  const std::pair<const char*, std::vector<uint64_t>> per_layer[] = {
      {"attention.wq.weight", {dim, dim}},       {"attention.wk.weight", {kv_dim, dim}},
      {"attention.wv.weight", {kv_dim, dim}},    {"attention.wo.weight", {dim, dim}},
      {"feed_forward.w1.weight", {hidden, dim}}, {"feed_forward.w2.weight", {dim, hidden}},
      {"feed_forward.w3.weight", {hidden, dim}},
  };
  for (const auto& [suffix, shape] : per_layer) {
    for (int32_t l = 0; l < h.n_layers; ++l) out.push_back({LayerName(l, suffix), shape});
  }
  if (!h.shared_classifier) out.push_back({"output.weight", {vocab, dim}});
  return out;
}

void LayoutV0(const Header& h, Layout* out) {
  uint64_t dim = h.dim, hidden = h.hidden_dim, kv_dim = dim * h.n_kv_heads / h.n_heads,
           vocab = h.vocab_size;
  out->Add("tok_embeddings.weight", DType::kF32, 4, {vocab, dim});
  AddLayers(out, h, "attention_norm.weight", DType::kF32, 4, {dim});
  AddLayers(out, h, "attention.wq.weight", DType::kF32, 4, {dim, dim});
  AddLayers(out, h, "attention.wk.weight", DType::kF32, 4, {kv_dim, dim});
  AddLayers(out, h, "attention.wv.weight", DType::kF32, 4, {kv_dim, dim});
  AddLayers(out, h, "attention.wo.weight", DType::kF32, 4, {dim, dim});
  AddLayers(out, h, "ffn_norm.weight", DType::kF32, 4, {dim});
  AddLayers(out, h, "feed_forward.w1.weight", DType::kF32, 4, {hidden, dim});
  AddLayers(out, h, "feed_forward.w2.weight", DType::kF32, 4, {dim, hidden});
  AddLayers(out, h, "feed_forward.w3.weight", DType::kF32, 4, {hidden, dim});
  out->Add("norm.weight", DType::kF32, 4, {dim});
  // Two obsolete RoPE tables (cos, sin), seq_len × head_size/2 f32 each.
  uint64_t table = 0;
  bool of =
      __builtin_mul_overflow(uint64_t(h.seq_len), uint64_t(h.dim / h.n_heads / 2) * 8, &table);
  out->Skip(of ? UINT64_MAX : table);
  if (!h.shared_classifier) out->Add("output.weight", DType::kF32, 4, {vocab, dim});
}

void LayoutNorms(const Header& h, Layout* out) {
  uint64_t dim = h.dim;
  AddLayers(out, h, "attention_norm.weight", DType::kF32, 4, {dim});
  AddLayers(out, h, "ffn_norm.weight", DType::kF32, 4, {dim});
  out->Add("norm.weight", DType::kF32, 4, {dim});
}

void LayoutV1(const Header& h, Layout* out) {
  LayoutNorms(h, out);
  for (WeightSpec& w : Matrices(h)) out->Add(std::move(w.name), DType::kF32, 4, std::move(w.shape));
}

void LayoutV2(const Header& h, Layout* out) {
  LayoutNorms(h, out);
  uint64_t group = static_cast<uint64_t>(h.group_size);
  for (WeightSpec& w : Matrices(h)) {
    uint64_t numel = 1;
    for (uint64_t d : w.shape) numel *= d;  // bounded: ExpectedSize matched the file size
    out->Add(w.name + "_q8", DType::kI8, 1, w.shape);
    out->Add(w.name + "_scale", DType::kF32, 4, {numel / group});
  }
}

// v2 quantises each matrix in groups; every matrix shape must hold whole groups.
Status CheckGroups(const Header& h, const std::string& file) {
  uint64_t dim = h.dim, group = h.group_size, kv_dim = dim * h.n_kv_heads / h.n_heads;
  const std::pair<const char*, uint64_t> sizes[] = {{"the embedding", uint64_t(h.vocab_size) * dim},
                                                    {"wq/wo", dim * dim},
                                                    {"wk/wv", kv_dim * dim},
                                                    {"w1/w2/w3", uint64_t(h.hidden_dim) * dim}};
  for (auto [what, numel] : sizes) {
    if (numel % group != 0) {
      return Corrupt(file, 37,
                     "group_size " + std::to_string(group) + " does not divide the " +
                         std::to_string(numel) + " elements of " + what);
    }
  }
  return Status::Ok();
}

// Overflow-checked u64 arithmetic: once `overflow` is set the value is meaningless.
struct Checked {
  uint64_t v = 0;
  bool overflow = false;
  Checked() = default;
  Checked(uint64_t x) : v(x) {}  // NOLINT: implicit by design
  friend Checked operator+(Checked a, Checked b) {
    Checked r;
    r.overflow = a.overflow || b.overflow || __builtin_add_overflow(a.v, b.v, &r.v);
    return r;
  }
  friend Checked operator*(Checked a, Checked b) {
    Checked r;
    r.overflow = a.overflow || b.overflow || __builtin_mul_overflow(a.v, b.v, &r.v);
    return r;
  }
};

// The file size the header implies, computed in closed form before any tensor is laid out, so
// that a hostile header (e.g. 2^31 layers) costs nothing. The layout below must agree with it.
Checked ExpectedSize(const Header& h) {
  Checked dim = uint64_t(h.dim), hidden = uint64_t(h.hidden_dim), layers = uint64_t(h.n_layers),
          vocab = uint64_t(h.vocab_size), kv_dim = uint64_t(h.dim) * h.n_kv_heads / h.n_heads;
  Checked classifiers = h.shared_classifier ? 1 : 2;
  Checked per_layer_matrices =
      Checked(2) * dim * dim + Checked(2) * kv_dim * dim + Checked(3) * hidden * dim;
  Checked matrices = classifiers * vocab * dim + layers * per_layer_matrices;
  Checked norms = Checked(2) * layers * dim + dim;
  switch (h.version) {
    case 0: {
      Checked rope =
          Checked(2) * Checked(uint64_t(h.seq_len)) * Checked(uint64_t(h.dim / h.n_heads / 2));
      return Checked(28) + Checked(4) * (matrices + norms + rope);
    }
    case 1:
      return Checked(kLlama2cHeaderBytes) + Checked(4) * (matrices + norms);
    default: {
      Checked scales = Checked(matrices.v / uint64_t(h.group_size));
      scales.overflow = matrices.overflow;
      return Checked(kLlama2cHeaderBytes) + Checked(4) * norms + matrices + Checked(4) * scales;
    }
  }
}

}  // namespace

Result<Checkpoint> ParseLlama2c(std::unique_ptr<ByteSource> src) {
  Header h;
  LINEAGE_RETURN_IF_ERROR(ReadHeader(*src, &h));
  if (h.version == 2) LINEAGE_RETURN_IF_ERROR(CheckGroups(h, src->name()));
  Checked expected = ExpectedSize(h);
  if (expected.overflow || expected.v != src->size()) {
    std::string implied = expected.overflow ? "more than 2^64" : std::to_string(expected.v);
    return Corrupt(
        src->name(), h.fields_at,
        "llama2.c v" + std::to_string(h.version) + " header (dim " + std::to_string(h.dim) +
            ", hidden " + std::to_string(h.hidden_dim) + ", layers " + std::to_string(h.n_layers) +
            ", heads " + std::to_string(h.n_heads) + "/" + std::to_string(h.n_kv_heads) +
            ", vocab " + std::to_string(h.vocab_size) + ", seq " + std::to_string(h.seq_len) +
            ") implies " + implied + " bytes, the file has " + std::to_string(src->size()));
  }
  Checkpoint ckpt;
  ckpt.format = "llama2c";
  ckpt.files.push_back(src->name());
  Layout layout(src.get(), h.payload_at, &ckpt);
  switch (h.version) {
    case 0:
      LayoutV0(h, &layout);
      break;
    case 1:
      LayoutV1(h, &layout);
      break;
    default:
      LayoutV2(h, &layout);
      break;
  }
  if (layout.overflow() || layout.end() != src->size()) {
    return Internal(src->name() + ": llama2.c layout ends at " + std::to_string(layout.end()) +
                    ", not at the size its header implies");
  }
  Metadata& meta = ckpt.metadata;
  PutInt(&meta, "dim", h.dim);
  PutInt(&meta, "hidden_dim", h.hidden_dim);
  PutInt(&meta, "n_layers", h.n_layers);
  PutInt(&meta, "n_heads", h.n_heads);
  PutInt(&meta, "n_kv_heads", h.n_kv_heads);
  PutInt(&meta, "vocab_size", h.vocab_size);
  PutInt(&meta, "seq_len", h.seq_len);
  PutInt(&meta, "version", h.version);
  if (h.version == 2) PutInt(&meta, "group_size", h.group_size);
  MetaValue shared;
  shared.kind = MetaValue::Kind::kBool;
  shared.gguf_type = 7;
  shared.b = h.shared_classifier;
  meta["shared_classifier"] = shared;
  ckpt.sources.push_back(std::move(src));
  return ckpt;
}

Result<Checkpoint> OpenLlama2c(const std::string& path, const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(auto src, files.Open(path));
  return ParseLlama2c(std::move(src));
}

}  // namespace lineage
