#include "fingerprint/build.h"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <utility>

#include <fmt/format.h>

#include "stats/rng.h"
#include "tokenizer/vocab.h"
#include "weights/align/norm_folding.h"
#include "weights/align/shared_tokens.h"
#include "weights/hash/hash.h"
#include "weights/hash/sha256.h"
#include "weights/source/model_weight_source.h"
#include "weights/statistics/block_tests.h"

namespace lineage {
namespace {

constexpr size_t kShortTokenBytes = 4;

std::string Sha256Hex(const std::string& bytes) {
  Sha256 h;
  h.Update(bytes.data(), bytes.size());
  return h.HexDigest();
}

bool IsRegular(const Token& t) { return t.kind == TokenKind::kRegular && !t.added; }

FingerprintTokenizer TokenizerPart(const Vocab& v) {
  FingerprintTokenizer out;
  Sha256 digest;
  std::vector<std::pair<uint64_t, uint32_t>> ids;
  for (const Token& t : v.tokens) {
    if (!IsRegular(t)) continue;
    const uint64_t id = static_cast<uint64_t>(t.id);
    const uint32_t len = static_cast<uint32_t>(t.bytes.size());
    digest.Update(&id, sizeof(id));
    digest.Update(&len, sizeof(len));
    digest.Update(t.bytes.data(), t.bytes.size());
    ids.emplace_back(TokenHash(t.bytes), static_cast<uint32_t>(t.id));
  }
  std::sort(ids.begin(), ids.end());
  out.vocab_sha256 = digest.HexDigest();
  for (const auto& p : ids) {
    out.token_hashes.push_back(p.first);
    out.token_ids.push_back(p.second);
  }
  return out;
}

}  // namespace

std::vector<std::pair<uint64_t, int64_t>> SelectProbeTokens(const Vocab* vocab, int64_t rows,
                                                            uint64_t seed) {
  struct Cand {
    uint64_t key, hash;
    int64_t row;
  };
  std::vector<Cand> shorts, all;
  if (vocab != nullptr) {
    for (const Token& t : vocab->tokens) {
      if (!IsRegular(t) || t.id >= rows || t.bytes.empty()) continue;
      const uint64_t h = TokenHash(t.bytes);
      const Cand c{ProbeKey(h, seed), h, t.id};
      all.push_back(c);
      if (t.bytes.size() <= kShortTokenBytes) shorts.push_back(c);
    }
  } else {
    for (int64_t id = 0; id < rows; ++id) {
      const uint64_t h = TokenHash("id:" + std::to_string(id));
      all.push_back({ProbeKey(h, seed), h, id});
    }
  }
  std::vector<Cand>& pool = shorts.size() >= kSketchTokens ? shorts : all;
  const size_t n = std::min<size_t>(kSketchTokens, pool.size());
  std::partial_sort(
      pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(n), pool.end(),
      [](const Cand& a, const Cand& b) { return a.key != b.key ? a.key < b.key : a.row < b.row; });
  std::vector<std::pair<uint64_t, int64_t>> out;
  for (size_t i = 0; i < n; ++i) out.emplace_back(pool[i].hash, pool[i].row);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

FingerprintProvenance ProvenancePart(const Model& m) {
  FingerprintProvenance p;
  p.reference = m.location.as_given.empty() ? m.path : m.location.as_given;
  p.repo = m.location.repo;
  p.revision = m.location.revision;
  p.lineage_version = LINEAGE_VERSION;
  return p;
}

FingerprintConfig ConfigPart(const WeightSource& src, int64_t vocab_rows, int64_t dim) {
  FingerprintConfig c;
  const WeightLayout& l = src.layout();
  c.architecture = l.architecture;
  int64_t ffn = 0;
  for (int layer = 0; layer < l.num_layers && ffn == 0; ++layer)
    ffn = static_cast<int64_t>(MlpUnitShape(src, layer, SignatureExpert(src, layer)).first);
  c.shape = fmt::format("d={};layers={};ffn={};experts={};heads={};kv_heads={};vocab={}", dim,
                        l.num_layers, ffn, l.num_experts, l.num_heads, l.num_kv_heads, vocab_rows);
  c.shape_sha256 = Sha256Hex(c.shape);
  return c;
}

// Row-major tokens × units copy of an Eigen product.
std::vector<float> Flatten(const Mat& m) {
  return std::vector<float>(m.data(), m.data() + m.size());
}

Result<std::optional<BlockSketch>> SketchBlock(const WeightSource& src, int layer,
                                               const Mat& probes) {
  const int expert = SignatureExpert(src, layer);
  if (!HasMlp(src, layer, expert)) return std::optional<BlockSketch>();
  const auto [gk, uk] = MlpUnitKeys(src, layer, expert);
  LINEAGE_ASSIGN_OR_RETURN(Mat g, ReadFolded(src, gk));
  LINEAGE_ASSIGN_OR_RETURN(Mat u, ReadFolded(src, uk));
  ScrubNonFinite(g);
  ScrubNonFinite(u);
  BlockSketch b;
  b.layer = layer;
  b.gated = gk.role == Role::kGate;
  if (!b.gated) u.transposeInPlace();  // fc2 (d × h) → its columns are the units' write vectors
  if (g.cols() != probes.cols() || u.cols() != probes.cols() || g.rows() != u.rows()) {
    return InvalidArgument(fmt::format("block {}: MLP {}x{} / {}x{} does not fit width {}", layer,
                                       g.rows(), g.cols(), u.rows(), u.cols(), probes.cols()));
  }
  b.width = static_cast<uint32_t>(g.rows());
  const Eigen::VectorXf norms = g.rowwise().norm();
  std::vector<int32_t> order(static_cast<size_t>(g.rows()));
  std::iota(order.begin(), order.end(), 0);
  const size_t keep = std::min<size_t>(kSketchUnits, order.size());
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
      [&](int32_t x, int32_t y) { return norms[x] != norms[y] ? norms[x] > norms[y] : x < y; });
  order.resize(keep);
  std::sort(order.begin(), order.end());
  for (int32_t i : order) b.units.push_back(static_cast<uint32_t>(i));
  b.gate_resp = Flatten(probes * SelectRows(g, order).transpose());
  b.up_resp = Flatten(probes * SelectRows(u, order).transpose());
  return std::optional<BlockSketch>(std::move(b));
}

}  // namespace

Status SketchWeights(const WeightSource& src, const Vocab* vocab, uint64_t seed, Fingerprint* fp) {
  const TensorKey ek = Key(Role::kEmbed);
  if (!src.Has(ek)) return InvalidArgument("no token embedding to fingerprint");
  const auto [rows, dim] = src.Shape(ek);
  fp->config = ConfigPart(src, static_cast<int64_t>(rows), static_cast<int64_t>(dim));
  const auto probes = SelectProbeTokens(vocab, static_cast<int64_t>(rows), seed);
  if (probes.empty()) return InvalidArgument("no regular token to probe with");
  std::vector<int64_t> ids;
  for (const auto& p : probes) {
    fp->embedding.token_hashes.push_back(p.first);
    ids.push_back(p.second);
  }
  LINEAGE_ASSIGN_OR_RETURN(Mat e, src.ReadRows(ek, ids));
  ScrubNonFinite(e);
  fp->embedding.dim = static_cast<uint32_t>(e.cols());
  fp->embedding.rows = Flatten(e);
  const Mat x = RmsNormRows(e);
  for (int layer = 0; layer < src.layout().num_layers; ++layer) {
    LINEAGE_ASSIGN_OR_RETURN(std::optional<BlockSketch> b, SketchBlock(src, layer, x));
    if (b) fp->blocks.push_back(std::move(*b));
  }
  return Status::Ok();
}

uint64_t ProbeKey(uint64_t token_hash, uint64_t seed) { return Rng(token_hash ^ seed).Next(); }

Result<Fingerprint> BuildFingerprint(const Model& m, const FingerprintOptions& opt) {
  Fingerprint fp;
  fp.projection_seed = opt.seed;
  fp.provenance = ProvenancePart(m);
  std::optional<Vocab> vocab;
  if (!m.tokenizer_path.empty()) {
    Result<Vocab> v = LoadVocab(m.tokenizer_path);
    if (!v.ok()) return v.status();
    vocab = std::move(v).value();
    fp.tokenizer = TokenizerPart(*vocab);
  }
  // The file digests (local models; a hub model is named by its commit) come from the same read
  // as the per-tensor digests.
  HashOptions hash;
  hash.threads = opt.threads;
  hash.files = opt.file_digests && !m.location.remote();
  LINEAGE_ASSIGN_OR_RETURN(ModelDigests digests, HashModel(m, hash));
  for (const StoredDigest& d : digests.stored) fp.tensors.push_back({d.name, d.sha256});
  for (const FileDigestHex& f : digests.files)
    fp.provenance.files.push_back({std::filesystem::path(f.name).filename().string(), f.sha256});
  const ModelWeightSource src(m);
  Status sketched = SketchWeights(src, vocab ? &*vocab : nullptr, opt.seed, &fp);
  if (!sketched.ok()) return Status(sketched.code(), m.path + ": " + sketched.message());
  if (m.config) fp.config.config_sha256 = Sha256Hex(m.config->dump());
  return fp;
}

}  // namespace lineage
