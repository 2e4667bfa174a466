#include "weights/statistics/norm_vector.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "stats/log_p.h"
#include "stats/rng.h"
#include "weights/kernels/kernels.h"
#include "weights/statistics/findings.h"

namespace lineage {

Result<NormVectorResult> CompareNormVectors(std::span<const float> a, std::span<const float> b,
                                            int shuffles, uint64_t seed) {
  if (a.size() != b.size()) return InvalidArgument("norm vectors differ in length");
  if (a.size() < 2) return InvalidArgument("norm vectors need at least 2 elements");
  for (size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
      return InvalidArgument(fmt::format("norm vector element {} is not finite", i));
    }
  }
  const PairStats s = Summarize(AccumulatePair(a, b));
  NormVectorResult r;
  r.n = static_cast<int64_t>(a.size());
  r.cosine = s.cosine;
  r.pearson = s.pearson;
  r.rel_l2 = s.rel_l2;
  r.mean_a = s.mean_a;
  r.mean_b = s.mean_b;
  r.sd_a = s.sd_a;
  r.sd_b = s.sd_b;
  r.mean_dominated = r.cosine > 0.9 && r.pearson < 0.1;

  Rng rng(seed);
  std::vector<float> shuffled(b.begin(), b.end());
  r.shuffles = shuffles > 0 ? shuffles : 0;
  for (int t = 0; t < r.shuffles; ++t) {
    rng.Shuffle(std::span<float>(shuffled));
    const PairStats st = Summarize(AccumulatePair(a, shuffled));
    if (t == 0) r.shuffled_cosine = st.cosine;
    if (std::fabs(st.pearson) >= std::fabs(r.pearson)) ++r.exceed;
  }
  r.shuffle_log10_p = std::log10((1.0 + r.exceed) / (1.0 + r.shuffles));
  return r;
}

Finding NormVectorFinding(const NormVectorResult& r, const std::string& component) {
  Finding f = WeightsFinding("norm_vector_pearson", component, "pearson", r.pearson);
  f.log10_p = r.shuffle_log10_p;
  NullModel null;
  null.kind = "shuffle";
  null.description =
      fmt::format("Pearson after permuting one vector's coordinates, T = {}", r.shuffles);
  null.samples = r.shuffles;
  f.null = null;
  f.decisive = false;  // norm vectors are context (METHODS §5, §12)
  f.approximate = true;
  f.direction = Direction::kNeutral;
  f.note = fmt::format(
      "raw cosine {:.5f}, Pearson {:.5f}, rel L2 {:.4f}, means {:.4f}/{:.4f}, sds {:.4f}/{:.4f}",
      r.cosine, r.pearson, r.rel_l2, r.mean_a, r.mean_b, r.sd_a, r.sd_b);
  if (r.mean_dominated)
    f.note += "; mean-dominated, uninformative (high raw cosine from the shared constant)";
  return f;
}

}  // namespace lineage
