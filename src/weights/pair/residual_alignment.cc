#include "weights/pair/residual_alignment.h"

#include <algorithm>
#include <string>
#include <vector>

#include "stats/rng.h"
#include "weights/align/alignment.h"
#include "weights/pair/block_pairs.h"
#include "weights/pair/block_signatures.h"
#include "weights/source/weight_source.h"

namespace lineage {

namespace {

struct Widths {
  bool has_embed = false;
  int64_t a = 0, b = 0;  // residual widths
};

// The residual widths, from the embeddings, else from the reading width of block 0's MLP (gate,
// or fc1 when ungated); the same-id fraction of the shared rows.
Result<Widths> ResidualWidths(PairState& s) {
  const WeightSource &cand = s.in.candidate, &base = s.in.base;
  DerivationDiagnostics& diag = s.result.diagnostics;
  const TensorKey ek = Key(Role::kEmbed);
  Widths w;
  w.has_embed = cand.Has(ek) && base.Has(ek);
  if (w.has_embed) {
    diag.vocab_rows_a = static_cast<int64_t>(cand.Shape(ek).first);
    diag.vocab_rows_b = static_cast<int64_t>(base.Shape(ek).first);
    w.a = static_cast<int64_t>(cand.Shape(ek).second);
    w.b = static_cast<int64_t>(base.Shape(ek).second);
  } else {
    w.a = static_cast<int64_t>(MlpUnitShape(cand, 0, SignatureExpert(cand, 0)).second);
    w.b = static_cast<int64_t>(MlpUnitShape(base, 0, SignatureExpert(base, 0)).second);
  }
  diag.residual_a = w.a;
  diag.residual_b = w.b;
  if (w.a == 0 || w.b == 0) {
    return InvalidArgument(
        "no embedding and no block-0 MLP in one of the models: nothing to compare");
  }
  const SharedTokenRows& shared = s.shared;
  int64_t same_ids = 0;
  for (size_t k = 0; k < shared.size(); ++k) same_ids += shared.rows_a[k] == shared.rows_b[k];
  diag.same_id_fraction = shared.size() ? double(same_ids) / shared.size() : 0;
  diag.same_ids_assumed = shared.assumed_same_ids;
  if (shared.assumed_same_ids) {
    s.result.notes.push_back(
        "no tokenizer: embedding rows paired by id (assumed shared vocabulary)");
  }
  return w;
}

// Reads the shared embedding rows of both models (NaN/Inf zeroed and counted) and derives the S2
// probes from them: rmsnorm of the first s2_probes probe tokens' rows.
Status ReadSharedRows(PairState& s, const SharedTokenRows& shared, Mat* emb_a, Mat* emb_b) {
  const TensorKey ek = Key(Role::kEmbed);
  std::vector<int64_t> ra(shared.rows_a.begin(), shared.rows_a.end());
  std::vector<int64_t> rb(shared.rows_b.begin(), shared.rows_b.end());
  LINEAGE_ASSIGN_OR_RETURN(*emb_a, s.in.candidate.ReadRows(ek, ra));
  LINEAGE_ASSIGN_OR_RETURN(*emb_b, s.in.base.ReadRows(ek, rb));
  int64_t bad = ScrubNonFinite(*emb_a) + ScrubNonFinite(*emb_b);
  if (bad) {
    s.result.non_finite += bad;
    s.result.notes.push_back(std::to_string(bad) + " NaN/Inf embedding values zeroed");
  }
  const int cap = s.in.options.s2_probes;
  std::vector<int32_t> s2_probes = shared.probes;
  if (cap > 0 && s2_probes.size() > static_cast<size_t>(cap)) {
    s2_probes.resize(static_cast<size_t>(cap));
    s.result.notes.push_back("S2 probe responses use the first " + std::to_string(cap) + " of " +
                             std::to_string(shared.probes.size()) +
                             " probe tokens (hash order, independent of the weights)");
  }
  s.probes_a = RmsNormRows(SelectRows(*emb_a, s2_probes));
  s.probes_b = RmsNormRows(SelectRows(*emb_b, s2_probes));
  return Status::Ok();
}

// No shared tokens to align through: the identity basis, which needs equal widths.
Status AssumeIdentityBasis(PairState& s, const Widths& w) {
  if (w.a != w.b) {
    return InvalidArgument("residual widths " + std::to_string(w.a) + " and " +
                           std::to_string(w.b) +
                           " differ and there are no shared tokens to align them through");
  }
  WeightsResult& res = s.result;
  res.alignment = IdentityAlignment(w.a, w.has_embed ? "no shared tokens: identity basis assumed"
                                                     : "no embeddings: identity basis assumed");
  if (w.has_embed) {
    res.notes.push_back(res.alignment.note +
                        "; residual camouflage (permutation, rotation) cannot be undone and S2 "
                        "cannot be probed");
    return Status::Ok();
  }
  // Towers (vision, audio) read patches, not tokens: S2 probes the assumed common basis with a
  // seeded sample of its unit vectors, the same dims on both sides, so the responses are the MLP
  // weights' own columns. It still survives MLP-unit permutation, not residual camouflage.
  const int64_t da = w.a;
  const std::vector<int32_t> dims =
      Rng(s.in.options.seed ^ 0xD135)
          .Sample(static_cast<size_t>(da),
                  static_cast<size_t>(std::min<int64_t>(da, std::max(3, s.in.options.s2_probes))));
  s.probes_a = Mat::Zero(static_cast<Eigen::Index>(dims.size()), da);
  for (size_t k = 0; k < dims.size(); ++k) s.probes_a(static_cast<Eigen::Index>(k), dims[k]) = 1;
  s.probes_b = s.probes_a;
  res.notes.push_back(res.alignment.note +
                      "; residual camouflage (permutation, rotation) "
                      "cannot be undone; S2 probes the basis itself (" +
                      std::to_string(dims.size()) + " of " + std::to_string(da) +
                      " unit vectors, seeded), not token embeddings, and S4 is not run");
  return Status::Ok();
}

}  // namespace

size_t SampledAlignmentRows(int64_t width) {
  return static_cast<size_t>(std::max<int64_t>(kSampledAlignmentRowsMin, 3 * width));
}

Status AlignResidualStreams(PairState& s) {
  LINEAGE_ASSIGN_OR_RETURN(const Widths w, ResidualWidths(s));
  s.token_probes = w.has_embed;
  if (!w.has_embed || s.shared.size() == 0) return AssumeIdentityBasis(s, w);
  // Sampled reading (METHODS.md §4.1 "Sampled reading"): no d × d SVD that cannot matter, and
  // the first rows in hash order only, enough to fit a rotation.
  const bool sampled = ReadsSampled(s.in.candidate, s.in.options.sampling.mode);
  const SharedTokenRows rows =
      sampled ? FirstPairs(s.shared, SampledAlignmentRows(std::max(w.a, w.b))) : s.shared;
  if (rows.size() < s.shared.size()) {
    s.result.notes.push_back("the residual alignment used the first " +
                             std::to_string(rows.size()) + " of " +
                             std::to_string(s.shared.size()) +
                             " shared tokens (hash order, independent of the weights)");
  }
  Mat emb_a, emb_b;
  LINEAGE_RETURN_IF_ERROR(ReadSharedRows(s, rows, &emb_a, &emb_b));
  // Reading the rows and aligning them are the stage's two long steps.
  LINEAGE_RETURN_IF_ERROR(CheckCancel(s.in.options.cancel));
  AlignmentOptions ao;
  ao.seed = s.in.options.seed;
  ao.cancel = s.in.options.cancel;
  // Neither SVD can change a decision (METHODS.md §4.1): sampled reading and an analysis that keeps
  // only its decision (the power controls) skip both.
  if (sampled || s.in.options.decision_only) {
    ao.procrustes_shuffles = 0;
    ao.skip_dominated_rotation = true;
  }
  LINEAGE_ASSIGN_OR_RETURN(s.result.alignment,
                           AlignResidual(std::move(emb_a), std::move(emb_b), rows, ao));
  return Status::Ok();
}

}  // namespace lineage
