#include "weights/statistics/per_tensor.h"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "format/dtype.h"
#include "stats/rng.h"
#include "util/fnv1a.h"
#include "weights/kernels/kernels.h"

namespace lineage {

std::string TensorKeyName(const TensorKey& key) {
  std::string s;
  if (key.component != "trunk") s += key.component + " ";
  if (key.layer >= 0) s += "block " + std::to_string(key.layer) + " ";
  if (key.expert >= 0) s += "expert " + std::to_string(key.expert) + " ";
  if (key.expert == -2) s += "shared expert ";
  return s + RoleName(key.role);
}

namespace {

// Bounded hand-off of B's row chunks from a producer thread to the consumer of A's chunks.
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t capacity) : capacity_(capacity) {}
  void Push(std::vector<float> chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < capacity_ || closed_; });
    if (closed_) return;
    q_.push_back(std::move(chunk));
    not_empty_.notify_one();
  }
  // Copies exactly n floats into out; false if the producer ended first.
  bool Pop(float* out, size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    while (n > 0) {
      not_empty_.wait(lock, [&] { return !q_.empty() || done_; });
      if (q_.empty()) return false;
      std::vector<float>& front = q_.front();
      size_t take = std::min(n, front.size() - offset_);
      std::memcpy(out, front.data() + offset_, take * sizeof(float));
      out += take;
      n -= take;
      offset_ += take;
      if (offset_ == front.size()) {
        q_.pop_front();
        offset_ = 0;
        not_full_.notify_one();
      }
    }
    return true;
  }
  void Finish(Status st) {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    status_ = std::move(st);
    not_empty_.notify_all();
  }
  // The consumer gives up: unblock the producer.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_full_.notify_all();
  }
  Status status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::vector<float>> q_;
  size_t offset_ = 0;
  bool done_ = false, closed_ = false;
  Status status_;
};

// Equal-element fraction after rounding a's values to b's narrower float type.
struct CastCounter {
  DType narrow = DType::kUnknown;
  bool a_is_wide = true;
  uint64_t equal = 0, total = 0;
  void Add(const float* a, const float* b, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      float wide = a_is_wide ? a[i] : b[i], narrow_v = a_is_wide ? b[i] : a[i];
      float rounded = narrow == DType::kBF16 ? BF16Round(wide) : HalfToFloat(FloatToHalf(wide));
      equal += rounded == narrow_v || (rounded != rounded && narrow_v != narrow_v);
      ++total;
    }
  }
  static float BF16Round(float f) {
    uint32_t bits = static_cast<uint32_t>(FloatToBF16(f)) << 16;
    float out;
    std::memcpy(&out, &bits, 4);
    return out;
  }
};

std::optional<DType> ParseDType(const std::string& s) { return DTypeFromSafetensors(s); }

bool SameStoredBytes(const TensorInfo* x, const TensorInfo* y) {
  if (!x || !y || x->dtype != y->dtype || x->nbytes != y->nbytes || !x->source || !y->source) {
    return false;
  }
  std::vector<uint8_t> bx, by;
  const uint64_t step = uint64_t{1} << 20;
  for (uint64_t off = 0; off < x->nbytes; off += step) {
    uint64_t n = std::min(step, x->nbytes - off);
    const uint8_t* px = x->source->data();
    const uint8_t* py = y->source->data();
    if (px && py) {
      x->source->NoteMappedRead(n);
      y->source->NoteMappedRead(n);
      if (std::memcmp(px + x->offset + off, py + y->offset + off, n) != 0) return false;
      continue;
    }
    bx.resize(n);
    by.resize(n);
    if (!x->source->ReadAt(x->offset + off, bx).ok() ||
        !y->source->ReadAt(y->offset + off, by).ok()) {
      return false;
    }
    if (bx != by) return false;
  }
  return true;
}

// Element width of the plain IEEE types the fused pass decodes itself; 0 for everything else.
uint64_t DirectWidth(DType t) {
  switch (t) {
    case DType::kF32:
      return 4;
    case DType::kF16:
    case DType::kBF16:
      return 2;
    default:
      return 0;
  }
}

// A tensor pair both models store as plain IEEE floats in canonical row-major order: compared
// by one fused pass over the stored bytes, split into element ranges across the pool.
struct DirectPair {
  const TensorInfo* a = nullptr;
  const TensorInfo* b = nullptr;
  bool same_dtype = false;
  bool count_cast = false;
  CastCounter cast_proto;  // which side is narrow; counts start at zero
};

std::optional<DirectPair> AsDirectPair(const WeightSource& a, const WeightSource& b,
                                       const TensorKey& key) {
  auto [rows, cols] = a.Shape(key);
  if (IsNormRole(key.role) && rows == 1) return std::nullopt;  // the norm test wants the vectors
  if (!a.StoredIsCanonical(key) || !b.StoredIsCanonical(key)) return std::nullopt;
  DirectPair p;
  p.a = a.Stored(key);
  p.b = b.Stored(key);
  if (!p.a || !p.b || DirectWidth(p.a->dtype) == 0 || DirectWidth(p.b->dtype) == 0)
    return std::nullopt;
  if (p.a->numel() != rows * cols || p.b->numel() != rows * cols) return std::nullopt;
  if (p.a->nbytes != rows * cols * DirectWidth(p.a->dtype) ||
      p.b->nbytes != rows * cols * DirectWidth(p.b->dtype)) {
    return std::nullopt;
  }
  p.same_dtype = p.a->dtype == p.b->dtype;
  const bool narrow_a = p.a->dtype != DType::kF32, narrow_b = p.b->dtype != DType::kF32;
  if (narrow_a != narrow_b) {
    p.count_cast = true;
    p.cast_proto.narrow = narrow_a ? p.a->dtype : p.b->dtype;
    p.cast_proto.a_is_wide = !narrow_a;
  }
  return p;
}

// Sums of one element range of a direct pair.
struct DirectPartial {
  PairMoments moments;
  bool bytes_equal = true;
  CastCounter cast;
};

// Pointer to `len` stored bytes at `offset` of a tensor: into the mapping when there is one,
// else read into `buf`.
Result<const uint8_t*> StoredBytes(const TensorInfo& t, uint64_t offset, uint64_t len,
                                   std::vector<uint8_t>& buf) {
  if (const uint8_t* base = t.source->data()) return base + t.offset + offset;
  buf.resize(len);
  LINEAGE_RETURN_IF_ERROR(t.source->ReadAt(t.offset + offset, buf));
  return buf.data();
}

void DecodeDirect(DType t, const uint8_t* src, size_t n, float* dst) {
  if (t == DType::kBF16)
    DecodeBF16(src, n, dst);
  else if (t == DType::kF16)
    DecodeF16(src, n, dst);
  else
    std::memcpy(dst, src, n * sizeof(float));
}

// One sweep over elements [first, first + n): decode a block of each side into L1-sized buffers,
// accumulate the pair moments (f64, kernels.h), compare the stored words and count casts.
Status AccumulateDirect(const DirectPair& p, uint64_t first, uint64_t n, DirectPartial* out) {
  constexpr size_t kStep = 4096;  // the kernels' accumulation block: same merge tree
  const uint64_t wa = DirectWidth(p.a->dtype), wb = DirectWidth(p.b->dtype);
  p.a->source->WillNeed(p.a->offset + first * wa, n * wa);
  p.b->source->WillNeed(p.b->offset + first * wb, n * wb);
  // The mapped path reads through StoredBytes in L1-sized steps: account for the range once.
  if (p.a->source->data() != nullptr) p.a->source->NoteMappedRead(n * wa);
  if (p.b->source->data() != nullptr) p.b->source->NoteMappedRead(n * wb);
  std::vector<uint8_t> buf_a, buf_b;
  alignas(64) float fa[kStep], fb[kStep];
  out->cast = p.cast_proto;
  for (uint64_t done = 0; done < n; done += kStep) {
    const size_t k = static_cast<size_t>(std::min<uint64_t>(kStep, n - done));
    LINEAGE_ASSIGN_OR_RETURN(const uint8_t* ra,
                             StoredBytes(*p.a, (first + done) * wa, k * wa, buf_a));
    LINEAGE_ASSIGN_OR_RETURN(const uint8_t* rb,
                             StoredBytes(*p.b, (first + done) * wb, k * wb, buf_b));
    if (p.same_dtype && out->bytes_equal) out->bytes_equal = std::memcmp(ra, rb, k * wa) == 0;
    DecodeDirect(p.a->dtype, ra, k, fa);
    DecodeDirect(p.b->dtype, rb, k, fb);
    out->moments.Merge(
        AccumulatePair(std::span<const float>(fa, k), std::span<const float>(fb, k)));
    if (p.count_cast) out->cast.Add(fa, fb, k);
  }
  return Status::Ok();
}

// Fills the statistics every path shares from the merged moments.
void FillFromMoments(const PairMoments& moments, TensorComparison* tc) {
  PairStats ps = Summarize(moments);
  tc->cosine = ps.cosine;
  tc->pearson = ps.pearson;
  tc->rel_l2 = ps.rel_l2;
  tc->sd_a = ps.sd_a;
  tc->non_finite = ps.non_finite;
  tc->value_identical = ps.non_finite == 0 && moments.sq_diff == 0 && ps.n == tc->compared;
}

TensorComparison Describe(const WeightSource& a, const WeightSource& b, const TensorKey& key) {
  TensorComparison tc;
  tc.key = key;
  tc.name = TensorKeyName(key);
  auto [rows, cols] = a.Shape(key);
  tc.rows = rows;
  tc.cols = cols;
  tc.dtype_a = a.DTypeOf(key);
  tc.dtype_b = b.DTypeOf(key);
  return tc;
}

// Which side is narrow when the two dtypes differ in width; nullopt when no cast is counted.
std::optional<CastCounter> CastOf(const TensorComparison& tc) {
  std::optional<DType> da = ParseDType(tc.dtype_a), db = ParseDType(tc.dtype_b);
  if (!da || !db || *da == *db) return std::nullopt;
  auto narrow = [](DType t) { return t == DType::kBF16 || t == DType::kF16; };
  CastCounter cast;
  if (narrow(*db) && !narrow(*da)) {
    cast.narrow = *db;
    cast.a_is_wide = true;
  } else if (narrow(*da) && !narrow(*db)) {
    cast.narrow = *da;
    cast.a_is_wide = false;
  } else {
    return std::nullopt;
  }
  return cast;
}

// Sampled reading of a streamed (quantised or transformed) matrix: a seeded run of consecutive
// rows holding about sample_elems elements, read by ReadRows on both sides. Stored bytes are not
// compared (byte_identical stays false: not checked).
Result<TensorComparison> CompareRowWindow(const WeightSource& a, const WeightSource& b,
                                          const TensorKey& key, const PerTensorOptions& options,
                                          TensorComparison tc) {
  const uint64_t k = std::min<uint64_t>(
      tc.rows, std::max<uint64_t>(1, options.sample_elems / std::max<uint64_t>(1, tc.cols)));
  const uint64_t first = Rng(options.seed ^ Fnv1aOf(tc.name)).Below(tc.rows - k + 1);
  std::vector<int64_t> rows(k);
  for (uint64_t i = 0; i < k; ++i) rows[i] = static_cast<int64_t>(first + i);
  LINEAGE_ASSIGN_OR_RETURN(Mat ma, a.ReadRows(key, rows));
  LINEAGE_ASSIGN_OR_RETURN(Mat mb, b.ReadRows(key, rows));
  const size_t n = static_cast<size_t>(k * tc.cols);
  if (static_cast<size_t>(ma.size()) != n || static_cast<size_t>(mb.size()) != n) {
    return Internal(tc.name + ": sampled rows of unexpected size");
  }
  tc.compared = n;
  FillFromMoments(AccumulatePair({ma.data(), n}, {mb.data(), n}), &tc);
  if (std::optional<CastCounter> cast = CastOf(tc)) {
    cast->Add(ma.data(), mb.data(), n);
    tc.cast_equal_fraction = cast->total ? double(cast->equal) / cast->total : 0.0;
  }
  return tc;
}

Result<TensorComparison> CompareOne(const WeightSource& a, const WeightSource& b,
                                    const TensorKey& key, const PerTensorOptions& options) {
  TensorComparison tc = Describe(a, b, key);
  const uint64_t rows = tc.rows, cols = tc.cols;
  const bool is_norm = IsNormRole(key.role) && rows == 1;
  if (options.sample_elems > 0 && !is_norm && rows > 1 && rows * cols > options.sample_elems) {
    return CompareRowWindow(a, b, key, options, std::move(tc));
  }
  tc.compared = rows * cols;
  tc.byte_identical = SameStoredBytes(a.Stored(key), b.Stored(key));
  const std::optional<CastCounter> cast_of = CastOf(tc);
  CastCounter cast = cast_of.value_or(CastCounter());
  const bool count_cast = cast_of.has_value();

  const uint64_t chunk_rows =
      std::max<uint64_t>(1, options.chunk_elems / std::max<uint64_t>(1, cols));
  ChunkQueue queue(3);
  std::thread producer([&] {
    Status st = b.Stream(key, chunk_rows, [&](const float* data, uint64_t, uint64_t n) -> Status {
      queue.Push(std::vector<float>(data, data + n * cols));
      return Status::Ok();
    });
    queue.Finish(st);
  });
  PairMoments moments;
  std::vector<float> bbuf;
  std::vector<float> norm_a, norm_b;
  Status st = a.Stream(key, chunk_rows, [&](const float* data, uint64_t, uint64_t n) -> Status {
    bbuf.resize(n * cols);
    if (!queue.Pop(bbuf.data(), bbuf.size())) {
      Status qs = queue.status();
      return qs.ok() ? Internal(tc.name + ": the base tensor ended early") : qs;
    }
    moments.Merge(AccumulatePair({data, n * cols}, {bbuf.data(), n * cols}));
    if (count_cast) cast.Add(data, bbuf.data(), n * cols);
    if (is_norm) {
      norm_a.insert(norm_a.end(), data, data + n * cols);
      norm_b.insert(norm_b.end(), bbuf.begin(), bbuf.end());
    }
    return Status::Ok();
  });
  queue.Close();
  // Drain so the producer can finish if the consumer stopped early.
  std::vector<float> sink(1);
  while (queue.Pop(sink.data(), 1)) {
  }
  producer.join();
  LINEAGE_RETURN_IF_ERROR(st);
  LINEAGE_RETURN_IF_ERROR(queue.status());
  FillFromMoments(moments, &tc);
  if (count_cast) tc.cast_equal_fraction = cast.total ? double(cast.equal) / cast.total : 0.0;
  if (is_norm && norm_a.size() >= 2) {
    Result<NormVectorResult> nv =
        CompareNormVectors(norm_a, norm_b, options.norm_shuffles, options.seed);
    if (nv.ok()) tc.norm = *nv;
  }
  return tc;
}

// k of the indexes in `all`, chosen by the seed alone (all of them when k <= 0 or k >= size).
std::set<int> SeededSubset(const std::set<int>& all, int k, uint64_t seed) {
  if (k <= 0 || all.size() <= static_cast<size_t>(k)) return all;
  const std::vector<int> v(all.begin(), all.end());
  std::set<int> out;
  for (int32_t i : Rng(seed).Sample(v.size(), static_cast<size_t>(k))) out.insert(v[i]);
  return out;
}

// The keys both sides hold with the same shape; with sampled reading, only the tensors of the
// seeded blocks and experts among the blocks' tensors (weight-independent: seed and names only).
std::vector<TensorKey> ComparedKeys(const WeightSource& a, const WeightSource& b,
                                    const PerTensorOptions& o) {
  std::vector<TensorKey> keys;
  std::set<int> layers, experts;
  for (const TensorKey& k : a.Keys()) {
    if (!b.Has(k) || a.Shape(k) != b.Shape(k)) continue;
    keys.push_back(k);
    if (k.layer >= 0) layers.insert(k.layer);
    if (k.expert >= 0) experts.insert(k.expert);
  }
  if (o.sample_elems > 0) {
    layers = SeededSubset(layers, o.sample_blocks, o.seed ^ 0xB10C5);
    experts = SeededSubset(experts, o.sample_experts, o.seed ^ 0xE4BE7);
    std::erase_if(keys, [&](const TensorKey& k) {
      return k.layer >= 0 &&
             (layers.count(k.layer) == 0 || (k.expert >= 0 && experts.count(k.expert) == 0));
    });
  }
  if (o.copy_checks_only) {
    std::erase_if(keys,
                  [&](const TensorKey& k) { return !IsCopyCheckTensor(k, a.Shape(k).first); });
  }
  return keys;
}

// The element window a direct pair compares: all of it, or with sampled reading one seeded window
// of sample_elems elements (aligned to the kernels' 4096-element blocks), the same on both sides.
std::pair<uint64_t, uint64_t> CompareWindow(const TensorKey& key, uint64_t numel,
                                            const PerTensorOptions& o) {
  constexpr uint64_t kAlign = 4096;
  const uint64_t w = std::max(kAlign, o.sample_elems / kAlign * kAlign);
  if (o.sample_elems == 0 || numel <= w) return {0, numel};
  Rng rng(o.seed ^ Fnv1aOf(TensorKeyName(key)));
  return {rng.Below((numel - w) / kAlign + 1) * kAlign, w};
}

}  // namespace

bool IsCopyCheckTensor(const TensorKey& key, uint64_t rows) {
  return (key.role == Role::kLmHead || key.component != "trunk") && rows >= 2;
}

PerTensorOptions SampledPerTensorOptions() {
  PerTensorOptions o;
  o.sample_elems = uint64_t{1} << 18;
  return o;
}

Result<std::vector<TensorComparison>> ComparePerTensor(const WeightSource& a, const WeightSource& b,
                                                       ThreadPool& pool,
                                                       const PerTensorOptions& options) {
  const std::vector<TensorKey> keys = ComparedKeys(a, b, options);
  // Work items: element ranges of direct pairs (a fixed split, so the merge order and hence the
  // result do not depend on scheduling) and whole tensors for the streamed path.
  struct Item {
    size_t tensor;
    uint64_t first = 0, n = 0;
    bool direct = false;
  };
  const uint64_t range = std::max<uint64_t>(4096, options.chunk_elems / 4096 * 4096);
  std::vector<std::optional<DirectPair>> direct(keys.size());
  std::vector<Item> items;
  for (size_t t = 0; t < keys.size(); ++t) {
    direct[t] = AsDirectPair(a, b, keys[t]);
    if (!direct[t]) {
      items.push_back({t});
      continue;
    }
    const auto [start, numel] = CompareWindow(keys[t], direct[t]->a->numel(), options);
    if (numel == 0) items.push_back({t, 0, 0, true});
    for (uint64_t first = 0; first < numel; first += range) {
      items.push_back({t, start + first, std::min(range, numel - first), true});
    }
  }
  std::vector<TensorComparison> out(keys.size());
  std::vector<DirectPartial> partials(items.size());
  Status st = ParallelFor(pool, items.size(), [&](size_t i) -> Status {
    const Item& it = items[i];
    if (it.direct) {
      Status s = AccumulateDirect(*direct[it.tensor], it.first, it.n, &partials[i]);
      return s.ok() ? s : s.WithContext(TensorKeyName(keys[it.tensor]));
    }
    Result<TensorComparison> r = CompareOne(a, b, keys[it.tensor], options);
    if (!r.ok()) return r.status().WithContext(TensorKeyName(keys[it.tensor]));
    out[it.tensor] = std::move(r).value();
    return Status::Ok();
  });
  LINEAGE_RETURN_IF_ERROR(st);
  // Merge the ranges of each direct pair in element order.
  for (size_t i = 0; i < items.size();) {
    if (!items[i].direct) {
      ++i;
      continue;
    }
    const size_t t = items[i].tensor;
    const DirectPair& p = *direct[t];
    PairMoments moments;
    bool bytes_equal = p.same_dtype;
    CastCounter cast = p.cast_proto;
    uint64_t compared = 0;
    for (; i < items.size() && items[i].direct && items[i].tensor == t; ++i) {
      compared += items[i].n;
      moments.Merge(partials[i].moments);
      bytes_equal = bytes_equal && partials[i].bytes_equal;
      cast.equal += partials[i].cast.equal;
      cast.total += partials[i].cast.total;
    }
    TensorComparison& tc = out[t];
    tc = Describe(a, b, keys[t]);
    tc.byte_identical = bytes_equal;
    tc.compared = compared;
    FillFromMoments(moments, &tc);
    if (p.count_cast) tc.cast_equal_fraction = cast.total ? double(cast.equal) / cast.total : 0.0;
  }
  return out;
}

std::vector<Finding> PerTensorFindings(const std::vector<TensorComparison>& results) {
  std::vector<Finding> out;
  int64_t byte_same = 0, value_same = 0, matrices = 0;
  for (const TensorComparison& t : results) {
    if (t.rows > 1) ++matrices;
    byte_same += t.byte_identical;
    value_same += t.value_identical;
    if (t.norm) {
      Finding f = NormVectorFinding(*t.norm, t.name);
      out.push_back(f);
    }
  }
  Finding f;
  f.analysis = "weights";
  f.test = "tensor_identity";
  f.component = "all";
  f.statistic = "value_identical_tensors";
  f.value = static_cast<double>(value_same);
  f.direction = value_same > 0 ? Direction::kForDerivation : Direction::kNeutral;
  f.note = std::to_string(byte_same) + " byte-identical and " + std::to_string(value_same) +
           " value-identical of " + std::to_string(results.size()) + " same-role tensors (" +
           std::to_string(matrices) + " matrices); identical matrices are copies";
  out.insert(out.begin(), f);
  return out;
}

}  // namespace lineage
