#include "weights/source/width_reduction.h"

#include <algorithm>
#include <cmath>

#include "stats/rng.h"

namespace lineage {

namespace {

// Which axis of a trunk tensor is the residual stream, and which holds MLP units.
enum class Axis { kNone, kRows, kCols };

Axis ResidualAxis(Role r) {
  switch (r) {
    case Role::kEmbed:
    case Role::kLmHead:
    case Role::kPosEmbed:
    case Role::kFinalNorm:
    case Role::kAttnNorm:
    case Role::kMlpNorm:
    case Role::kPostAttnNorm:
    case Role::kPostMlpNorm:
    case Role::kQ:
    case Role::kK:
    case Role::kV:
    case Role::kQA:
    case Role::kKVA:
    case Role::kGate:
    case Role::kUp:
    case Role::kRouter:
      return Axis::kCols;
    case Role::kO:
    case Role::kDown:
      return Axis::kRows;
    default:
      return Axis::kNone;
  }
}

Axis UnitAxis(Role r) {
  if (r == Role::kGate || r == Role::kUp) return Axis::kRows;
  return r == Role::kDown ? Axis::kCols : Axis::kNone;
}

int64_t Scaled(int64_t n, double factor) {
  return std::clamp<int64_t>(std::llround(static_cast<double>(n) * factor), 1, n);
}

std::vector<int64_t> Widen(const std::vector<int32_t>& v) { return {v.begin(), v.end()}; }

// Attention heads are narrowed by whole KV groups (each with its query heads), when the layout
// states the head counts and every q, k, v and o divides into them; MLA keeps its heads.
struct HeadPlan {
  int heads = 0, kv_heads = 0, kept_groups = 0;  // kept_groups 0: heads kept whole
  int per_group() const { return heads / kv_heads; }
};

bool DividesIntoHeads(const WeightSource& base, const HeadPlan& h) {
  for (const TensorKey& k : base.Keys()) {
    if (k.component != "trunk") continue;
    if (k.role == Role::kQB || k.role == Role::kKVB) return false;
    const auto [rows, cols] = base.Shape(k);
    if ((k.role == Role::kQ && rows % h.heads != 0) ||
        (k.role == Role::kO && cols % h.heads != 0) ||
        ((k.role == Role::kK || k.role == Role::kV) && rows % h.kv_heads != 0)) {
      return false;
    }
  }
  return true;
}

HeadPlan PlanHeads(const WeightSource& base, double factor) {
  HeadPlan h{base.layout().num_heads, base.layout().num_kv_heads, 0};
  if (h.kv_heads <= 0) h.kv_heads = h.heads;
  if (factor >= 1 || h.heads <= 0 || h.heads % h.kv_heads != 0 || !DividesIntoHeads(base, h)) {
    return h;
  }
  h.kept_groups = static_cast<int>(Scaled(h.kv_heads, factor));
  return h;
}

// Row (or column) ranges of `width` entries for each index in `which`.
std::vector<int64_t> Ranges(const std::vector<int64_t>& which, int64_t width) {
  std::vector<int64_t> out;
  for (int64_t i : which) {
    for (int64_t j = 0; j < width; ++j) out.push_back(i * width + j);
  }
  return out;
}

// Residual dimensions and MLP units are kept in runs of 16 consecutive indices at seeded places
// (Rng::SampleRuns): both are exchangeable (METHODS §10.9), so a run is as random a subset as
// scattered indices, and a remote base's kept rows then come in few ranges instead of touching
// every range-cache chunk of every matrix. Vocabulary rows are not exchangeable (ids follow
// frequency) and stay scattered.
constexpr size_t kSampleRun = 16;

// The seeded subsets of one reduction. Streams: 0 residual, 1 vocabulary, 2 + (layer, expert)
// units, 2⁴⁰ + layer heads, so a subset never depends on which other tensors the model has.
class Plan {
 public:
  Plan(const WidthReduction& red, const WidthOptions& o, HeadPlan heads)
      : red_(red), o_(o), heads_(heads), rng_(o.seed) {
    residual_ = Widen(rng_.Fork(0).SampleRuns(static_cast<size_t>(red.residual),
                                              static_cast<size_t>(red.residual_kept), kSampleRun));
  }
  const std::vector<int64_t>& residual() const { return residual_; }
  std::vector<int64_t> Rows(int64_t n) const {  // vocabulary rows of an n-row embedding
    int64_t keep = Scaled(n, red_.factor);
    if (red_.residual_kept > 0 && o_.max_vocab_per_dim > 0) {
      const double cap = o_.max_vocab_per_dim * static_cast<double>(red_.residual_kept);
      keep = std::min(keep, std::max<int64_t>(1, std::llround(cap)));
    }
    return Widen(rng_.Fork(1).Sample(static_cast<size_t>(n), static_cast<size_t>(keep)));
  }
  std::vector<int64_t> Units(const TensorKey& k, int64_t h) const {
    const uint64_t stream =
        2 + (static_cast<uint64_t>(k.layer + 1) << 20) + static_cast<uint64_t>(k.expert + 1);
    return Widen(rng_.Fork(stream).SampleRuns(
        static_cast<size_t>(h), static_cast<size_t>(Scaled(h, red_.factor)), kSampleRun));
  }
  const HeadPlan& heads() const { return heads_; }
  // The kept rows of q, k or v (or columns of o) of a tensor with `n` of them; empty: all.
  std::vector<int64_t> HeadRows(const TensorKey& k, int64_t n) const {
    if (heads_.kept_groups == 0) return {};
    const std::vector<int64_t> groups = Widen(
        rng_.Fork((uint64_t{1} << 40) + static_cast<uint64_t>(k.layer + 1))
            .Sample(static_cast<size_t>(heads_.kv_heads), static_cast<size_t>(heads_.kept_groups)));
    if (k.role == Role::kK || k.role == Role::kV) return Ranges(groups, n / heads_.kv_heads);
    std::vector<int64_t> q_heads;
    for (int64_t g : groups) {
      for (int j = 0; j < heads_.per_group(); ++j) q_heads.push_back(g * heads_.per_group() + j);
    }
    return Ranges(q_heads, n / heads_.heads);
  }

 private:
  WidthReduction red_;
  WidthOptions o_;
  HeadPlan heads_;
  Rng rng_;
  std::vector<int64_t> residual_;
};

// The rows a reduced tensor keeps (all when `rows` is empty), read through ReadRows so that a
// file-backed base reads only those.
Result<Mat> ReadSelected(const WeightSource& base, const TensorKey& k,
                         const std::vector<int64_t>& rows) {
  if (rows.empty()) return base.Read(k);
  return base.ReadRows(k, rows);
}

Result<Mat> ReduceTensor(const WeightSource& base, const TensorKey& k, const Plan& plan,
                         int64_t d) {
  const auto [rows, cols] = base.Shape(k);
  const Axis res = ResidualAxis(k.role), unit = UnitAxis(k.role);
  const bool vocab = k.role == Role::kEmbed || k.role == Role::kLmHead;
  const bool res_rows = res == Axis::kRows && static_cast<int64_t>(rows) == d;
  const bool res_cols = res == Axis::kCols && static_cast<int64_t>(cols) == d;
  std::vector<int64_t> keep_rows;
  if (res_rows) keep_rows = plan.residual();
  if (unit == Axis::kRows) keep_rows = plan.Units(k, static_cast<int64_t>(rows));
  if (vocab) keep_rows = plan.Rows(static_cast<int64_t>(rows));
  if (k.role == Role::kQ || k.role == Role::kK || k.role == Role::kV) {
    keep_rows = plan.HeadRows(k, static_cast<int64_t>(rows));
  }
  LINEAGE_ASSIGN_OR_RETURN(Mat m, ReadSelected(base, k, keep_rows));
  if (res_cols) m = SelectCols(m, plan.residual());
  if (k.role == Role::kO) {
    if (std::vector<int64_t> c = plan.HeadRows(k, static_cast<int64_t>(cols)); !c.empty()) {
      m = SelectCols(m, c);
    }
  }
  if (unit == Axis::kCols) {
    // The unit stream depends on (layer, expert) only: down's columns are gate's and up's rows.
    m = SelectCols(m, plan.Units(k, static_cast<int64_t>(cols)));
  }
  return m;
}

}  // namespace

std::optional<int64_t> ResidualWidth(const WeightSource& src) {
  if (src.Has(Key(Role::kEmbed))) return static_cast<int64_t>(src.Shape(Key(Role::kEmbed)).second);
  for (const TensorKey& k : src.Keys()) {
    if (k.component == "trunk" && IsResidualNormRole(k.role))
      return static_cast<int64_t>(src.Shape(k).second);
  }
  return std::nullopt;
}

Result<WidthReduced> WidthReduced::Build(const WeightSource& base, const WidthOptions& options) {
  WidthReduced out(base);
  WidthReduction& red = out.reduction_;
  const int64_t d = ResidualWidth(base).value_or(0);
  red.residual = d;
  red.residual_kept = d > 0 ? std::clamp<int64_t>(options.width, 1, d) : 0;
  red.factor = d > 0 ? static_cast<double>(red.residual_kept) / static_cast<double>(d) : 1;
  const Plan plan(red, options, PlanHeads(base, red.factor));
  out.trunk_ = InMemoryWeights(base.layout());
  if (const HeadPlan& h = plan.heads(); h.kept_groups > 0) {
    out.trunk_.mutable_layout().num_heads = h.kept_groups * h.per_group();
    out.trunk_.mutable_layout().num_kv_heads = h.kept_groups;
    red.heads = h.heads;
    red.heads_kept = h.kept_groups * h.per_group();
  }
  for (const TensorKey& k : base.Keys()) {
    if (k.component != "trunk" || k.role == Role::kOther) continue;
    LINEAGE_ASSIGN_OR_RETURN(Mat m, ReduceTensor(base, k, plan, d));
    out.trunk_.Set(k, std::move(m), base.DTypeOf(k));
  }
  if (base.Has(Key(Role::kEmbed))) {
    red.vocab = static_cast<int64_t>(base.Shape(Key(Role::kEmbed)).first);
    red.vocab_kept = static_cast<int64_t>(out.trunk_.Shape(Key(Role::kEmbed)).first);
  }
  return out;
}

bool WidthReduced::Has(const TensorKey& key) const {
  return key.component == "trunk" ? trunk_.Has(key) : base_->Has(key);
}

std::pair<uint64_t, uint64_t> WidthReduced::Shape(const TensorKey& key) const {
  return key.component == "trunk" ? trunk_.Shape(key) : base_->Shape(key);
}

Result<Mat> WidthReduced::Read(const TensorKey& key) const {
  return key.component == "trunk" ? trunk_.Read(key) : base_->Read(key);
}

std::vector<TensorKey> WidthReduced::Keys() const {
  std::vector<TensorKey> keys = trunk_.Keys();
  for (const TensorKey& k : base_->Keys()) {
    if (k.component != "trunk") keys.push_back(k);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::string WidthReduced::DTypeOf(const TensorKey& key) const {
  return key.component == "trunk" ? trunk_.DTypeOf(key) : base_->DTypeOf(key);
}

}  // namespace lineage
