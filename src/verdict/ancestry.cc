#include "verdict/ancestry.h"

#include <algorithm>
#include <set>
#include <string>

namespace lineage {
namespace {

constexpr double kSameIds = 0.99;    // shared tokens at the same ids: an extension, not a remap
constexpr double kCastImage = 0.99;  // elements equal after rounding: a cast, not training

using Numbers = std::vector<std::pair<std::string, double>>;

// One side of the pair seen as "this" or "other": every rule below is written once, for
// "this model from the other", and run for both orders, which makes the result mirror-symmetric.
struct Sides {
  const SideStructure* self;
  const SideStructure* other;
  const char* self_name;  // "candidate" or "base": the prefix of the numbers' names
  const char* other_name;
  Ancestry self_from_other;
};

std::string Key(const char* side, const char* what) { return std::string(side) + "_" + what; }

AncestryEvidence Item(const char* kind, Ancestry to, Numbers numbers) {
  AncestryEvidence e;
  e.id = std::string("ancestry.evidence.") + kind;
  e.points_to = to;
  e.numbers = std::move(numbers);
  return e;
}

// The block map read from either side: rows are `self`'s blocks.
struct BlockView {
  const BlockMapSummary& m;
  bool transposed;
  int rows() const { return transposed ? m.base_blocks : m.candidate_blocks; }
  int cols() const { return transposed ? m.candidate_blocks : m.base_blocks; }
  double at(int i, int j) const {
    size_t k = transposed ? static_cast<size_t>(j) * m.base_blocks + i
                          : static_cast<size_t>(i) * m.base_blocks + j;
    return k < m.neg_log10_p.size() ? m.neg_log10_p[k] : 0;
  }
  // The best-matching block of the other side for self's block i, or -1 below the threshold.
  int Match(int i) const {
    int best = -1;
    for (int j = 0; j < cols(); ++j) {
      if (at(i, j) >= m.match_threshold && (best < 0 || at(i, j) > at(i, best))) best = j;
    }
    return best;
  }
};

// How many of the row side's matched blocks repeat a block of the other side.
int Duplicated(const BlockView& v, int* matched) {
  std::set<int> hit;  // other's blocks matched by some row block
  *matched = 0;
  for (int i = 0; i < v.rows(); ++i) {
    int j = v.Match(i);
    if (j < 0) continue;
    ++*matched;
    hit.insert(j);
  }
  return *matched - static_cast<int>(hit.size());
}

// Deeper self whose blocks repeat the other's (up-scaling), or shallower self whose every block is
// a distinct block of the other while the other repeats nothing (pruning).
void DepthItems(const BlockView& v, const Sides& s, std::vector<AncestryEvidence>* out) {
  if (v.rows() == v.cols() || v.rows() == 0 || v.cols() == 0) return;
  int matched = 0, other_matched = 0;
  const int duplicated = Duplicated(v, &matched);
  const int other_duplicated = Duplicated({v.m, !v.transposed}, &other_matched);
  Numbers n{{Key(s.self_name, "blocks"), v.rows()}, {Key(s.other_name, "blocks"), v.cols()}};
  if (v.rows() > v.cols() && duplicated > 0) {
    n.push_back({"duplicated_blocks", duplicated});
    out->push_back(Item("depth_upscaling", s.self_from_other, n));
  } else if (v.rows() < v.cols() && duplicated == 0 && matched == v.rows() &&
             other_duplicated == 0) {
    n.push_back({"dropped_blocks", v.cols() - v.rows()});
    out->push_back(Item("depth_pruning", s.self_from_other, n));
  }
}

void StructureItems(const PairStructure& ps, const Sides& s, std::vector<AncestryEvidence>* out) {
  const SideStructure& a = *s.self;
  const SideStructure& b = *s.other;
  if (a.mlp_width > 0 && b.mlp_width > 0 && a.mlp_width < b.mlp_width && a.residual <= b.residual) {
    out->push_back(Item("width_pruning", s.self_from_other,
                        {{Key(s.self_name, "mlp_width"), a.mlp_width},
                         {Key(s.other_name, "mlp_width"), b.mlp_width}}));
  }
  if (a.experts >= 2 && b.experts == 0) {
    Numbers n{{Key(s.self_name, "experts"), a.experts}, {Key(s.other_name, "experts"), 0}};
    // Measured only when the candidate is the MoE side (the weights analysis maps its experts).
    if (ps.experts_matching_dense > 0)
      n.push_back({"experts_matching_dense", ps.experts_matching_dense});
    out->push_back(Item("moe_upcycling", s.self_from_other, n));
  }
  if (a.quantized && !b.quantized) {
    out->push_back(Item("quantization", s.self_from_other,
                        {{Key(s.self_name, "quantized"), 1}, {Key(s.other_name, "quantized"), 0}}));
  }
  auto bits = [](const std::string& t) {
    return t == "F64" ? 64 : t == "F32" ? 32 : (t == "BF16" || t == "F16") ? 16 : 0;
  };
  if (!a.quantized && !b.quantized && bits(a.dtype) > 0 && bits(a.dtype) < bits(b.dtype) &&
      ps.cast_equal_fraction && *ps.cast_equal_fraction >= kCastImage) {
    out->push_back(Item("precision_cast", s.self_from_other,
                        {{Key(s.self_name, "bits"), bits(a.dtype)},
                         {Key(s.other_name, "bits"), bits(b.dtype)},
                         {"cast_equal_fraction", *ps.cast_equal_fraction}}));
  }
}

// Vocabulary: a strict extension from the tokenizers when both were read, else from the embedding
// rows and the share of shared rows at the same ids.
void VocabItems(const PairResult& p, std::vector<AncestryEvidence>* out) {
  if (p.tokenizer) {
    const TokenizerSummary& t = *p.tokenizer;
    Numbers n{{"candidate_vocab", t.candidate_vocab},
              {"base_vocab", t.base_vocab},
              {"same_id_rate", t.same_id_rate}};
    if (t.relation == "extends") {
      out->push_back(Item("vocab_extension", Ancestry::kCandidateFromBase, n));
    } else if (t.relation == "subset") {
      out->push_back(Item("vocab_extension", Ancestry::kBaseFromCandidate, n));
    } else if (t.relation == "overlapping" && t.same_id_rate >= kSameIds &&
               t.shared_tokens < std::min(t.candidate_vocab, t.base_vocab)) {
      n.push_back({"shared_tokens", t.shared_tokens});
      out->push_back(Item("vocab_both_extended", Ancestry::kCommonAncestor, n));
    }
    return;
  }
  if (!p.structure) return;
  const PairStructure& s = *p.structure;
  const int64_t rc = s.candidate.embed_rows, rb = s.base.embed_rows;
  if (rc == rb || rc == 0 || rb == 0 || s.same_ids_assumed || s.same_id_fraction < kSameIds) {
    return;
  }
  out->push_back(Item("vocab_extension",
                      rc > rb ? Ancestry::kCandidateFromBase : Ancestry::kBaseFromCandidate,
                      {{"candidate_embed_rows", static_cast<double>(rc)},
                       {"base_embed_rows", static_cast<double>(rb)},
                       {"same_id_fraction", s.same_id_fraction}}));
}

// A checkpoint trajectory that leads to the candidate, unbroken, and starts at this base.
void TrainingItems(const std::vector<Finding>& training, const PairResult& p,
                   std::vector<AncestryEvidence>* out) {
  bool continuous = false;
  for (const Finding& f : training) {
    if (f.test == "trajectory_continuous" && f.note == "chain-continuous") continuous = true;
  }
  for (const Finding& f : training) {
    if (f.test != "trajectory_start_vs_base" || f.component != p.base || f.value < 1) continue;
    if (!continuous) continue;
    Numbers n{{"start_derived", 1}};
    if (f.log10_p) n.push_back({"log10_p", *f.log10_p});
    out->push_back(Item("trajectory_from_base", Ancestry::kCandidateFromBase, n));
  }
}

bool IsAddition(const AncestryEvidence& e) {
  return e.id == "ancestry.evidence.vocab_extension" ||
         e.id == "ancestry.evidence.vocab_both_extended" ||
         e.id == "ancestry.evidence.depth_upscaling" || e.id == "ancestry.evidence.moe_upcycling";
}

void Conclude(AncestryStatement* st) {
  std::set<Ancestry> to;
  bool all_additions = true;
  for (const AncestryEvidence& e : st->evidence) {
    to.insert(e.points_to);
    all_additions = all_additions && IsAddition(e);
  }
  if (to.empty()) {
    st->reason = kAncestryNoEvidence;
  } else if (to.size() == 1) {
    st->ancestry = *to.begin();
    st->reason = kAncestryEvidence;
  } else if (all_additions) {
    st->ancestry = Ancestry::kCommonAncestor;
    st->reason = kAncestryEachAdds;
  } else {
    st->reason = kAncestryConflict;
  }
}

}  // namespace

void DecideAncestry(const std::vector<Finding>& training, PairResult* pair) {
  AncestryStatement st;
  const bool copy = std::find(pair->derivation.begin(), pair->derivation.end(), "identical-copy") !=
                    pair->derivation.end();
  if (pair->verdict != Verdict::kDerived) {
    st.reason = kAncestryNotRelated;
    pair->ancestry = st;
    return;
  }
  if (!copy) {
    VocabItems(*pair, &st.evidence);
    if (pair->block_map) {
      DepthItems({*pair->block_map, false},
                 {nullptr, nullptr, "candidate", "base", Ancestry::kCandidateFromBase},
                 &st.evidence);
      DepthItems({*pair->block_map, true},
                 {nullptr, nullptr, "base", "candidate", Ancestry::kBaseFromCandidate},
                 &st.evidence);
    }
    if (pair->structure) {
      const PairStructure& s = *pair->structure;
      StructureItems(s, {&s.candidate, &s.base, "candidate", "base", Ancestry::kCandidateFromBase},
                     &st.evidence);
      StructureItems(s, {&s.base, &s.candidate, "base", "candidate", Ancestry::kBaseFromCandidate},
                     &st.evidence);
    }
    TrainingItems(training, *pair, &st.evidence);
  }
  Conclude(&st);
  pair->ancestry = st;
}

}  // namespace lineage
