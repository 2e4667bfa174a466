#include "tokenizer/relation_text.h"

#include <fmt/format.h>

namespace lineage {
namespace {

struct RelationText {
  Relation relation;
  const char* en;
  const char* ko;
};

// Placeholders: {jaccard} (a fraction), {containment}, {same_id_rate}, {kept}, {order} (percent),
// {added} (a count), all filled from the comparison.
constexpr RelationText kRelationText[] = {
    {Relation::kIdentical,
     "A and B are the same tokenizer: every regular token has the same id in both (Jaccard {jaccard:.3f}).",
     "A와 B는 같은 토크나이저입니다: 모든 일반 토큰이 양쪽에서 같은 ID를 가집니다 (Jaccard {jaccard:.3f})."},
    {Relation::kExtends,
     "A extends B: {kept:.1f}% of B's tokens keep their id in A, and A appends {added} tokens.",
     "A는 B를 확장합니다: B 토큰의 {kept:.1f}%가 A에서 같은 ID를 유지하고, A는 토큰 {added}개를 추가했습니다."},
    {Relation::kSubset,
     "A is a subset of B: {kept:.1f}% of A's tokens keep their id in B, and B has {added} tokens that A lacks.",
     "A는 B의 부분집합입니다: A 토큰의 {kept:.1f}%가 B에서 같은 ID를 유지하며, B에는 A에 없는 토큰 {added}개가 있습니다."},
    {Relation::kReindexed,
     "A re-indexes B's vocabulary: {containment:.1f}% of the smaller vocabulary is shared, but only "
     "{same_id_rate:.1f}% of shared tokens keep their id (ids shifted or permuted; {order:.1f}% keep "
     "their relative order).",
     "A는 B의 어휘를 재색인했습니다: 작은 쪽 어휘의 {containment:.1f}%를 공유하지만 같은 ID를 유지한 "
     "공유 토큰은 {same_id_rate:.1f}%뿐입니다 (ID가 밀리거나 재배열됨; {order:.1f}%가 상대 순서 유지)."},
    {Relation::kOverlapping,
     "A and B overlap substantially (Jaccard {jaccard:.3f}; {containment:.1f}% of the smaller "
     "vocabulary shared) but their ids and order are unrelated ({same_id_rate:.1f}% same id): "
     "consistent with tokenizers trained separately on similar data.",
     "A와 B는 상당히 겹치지만 (Jaccard {jaccard:.3f}; 작은 쪽 어휘의 {containment:.1f}% 공유) ID와 "
     "순서는 서로 무관합니다 (같은 ID {same_id_rate:.1f}%): 비슷한 데이터로 따로 학습된 토크나이저와 "
     "일치합니다."},
    {Relation::kUnrelated,
     "A and B share little (Jaccard {jaccard:.3f}; {containment:.1f}% of the smaller vocabulary): "
     "unrelated tokenizers.",
     "A와 B는 공유하는 토큰이 적습니다 (Jaccard {jaccard:.3f}; 작은 쪽 어휘의 {containment:.1f}%): "
     "서로 무관한 토크나이저입니다."},
};

constexpr const char* kCaveatEn =
    "Tokenizer reuse alone does not show that the weights were derived: many models trained from "
    "scratch reuse an existing tokenizer, and a different tokenizer does not prove independent weights.";
constexpr const char* kCaveatKo =
    "토크나이저 재사용만으로는 가중치가 파생되었음을 보여주지 못합니다: 처음부터 학습된 많은 모델이 "
    "기존 토크나이저를 재사용하며, 토크나이저가 다르다고 가중치가 독립적임이 증명되지도 않습니다.";

struct LabelText {
  const char* key;
  const char* en;
  const char* ko;
};

constexpr LabelText kLabels[] = {
    {"relation", "relation", "관계"},
    {"vocab_size", "vocabulary size", "어휘 크기"},
    {"shared", "shared regular tokens", "공유 일반 토큰"},
    {"same_id_rate", "same-id rate", "같은 ID 비율"},
    {"merges", "merges", "병합 규칙"},
    {"specials", "special tokens", "특수 토큰"},
    {"added", "added tokens by script", "추가된 토큰 (문자 체계별)"},
    {"pre_tokenizer", "pre-tokenizer", "사전 토크나이저"},
    {"deciding", "deciding metrics", "판단 근거 지표"},
    {"none", "none", "없음"},
    {"notes", "notes", "참고"},
    {"only_in", "only in", "한쪽에만 있음"},
};

}  // namespace

std::string TokenizerCaveat(Lang lang) { return lang == Lang::kKo ? kCaveatKo : kCaveatEn; }

std::string RelationExplanation(const TokenizerComparison& c, Lang lang) {
  const char* pattern = kRelationText[0].en;
  for (const RelationText& t : kRelationText) {
    if (t.relation == c.relation) pattern = lang == Lang::kKo ? t.ko : t.en;
  }
  double kept = c.relation == Relation::kSubset ? c.a_ids_kept_in_b : c.b_ids_kept_in_a;
  int64_t added = c.relation == Relation::kSubset ? c.added_in_b.count : c.added_in_a.count;
  std::string line = fmt::format(fmt::runtime(pattern), fmt::arg("jaccard", c.jaccard),
                                 fmt::arg("containment", 100 * c.containment),
                                 fmt::arg("same_id_rate", 100 * c.same_id_rate), fmt::arg("kept", 100 * kept),
                                 fmt::arg("added", added), fmt::arg("order", 100 * c.id_order_kept));
  return line + " " + TokenizerCaveat(lang);
}

std::string Label(std::string_view key, Lang lang) {
  for (const LabelText& l : kLabels) {
    if (key == l.key) return lang == Lang::kKo ? l.ko : l.en;
  }
  return std::string(key);
}

}  // namespace lineage
