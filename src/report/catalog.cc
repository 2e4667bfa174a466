#include "report/catalog.h"

#include "report/catalog_tables.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace lineage {
namespace {

// Korean terminology: 학습된 가중치 공유 (derived: shares trained weights), 파생 (derived from,
// only with a direction), 계보 방향 (ancestry), 독립 (independent), 판단 불가 (inconclusive),
// 귀무가설 (H0), 후보 모델 (candidate), 기반 모델 (base), 모체 모델 (parent), 검정력 (power).
constexpr CatalogEntry kReportEntries[] = {
    // Verdicts and decision reasons (verdict/decide.h).
    // `derived` is the JSON id; the text says what it shows: shared trained weights, no direction.
    {"verdict.derived", "shares trained weights", "학습된 가중치 공유"},
    {"verdict.independent", "independent", "독립"},
    {"verdict.inconclusive", "inconclusive", "판단 불가"},
    {"verdict.not-compared", "not compared", "비교하지 않음"},
    {"verdict.not-comparable", "not comparable", "비교 불가"},
    {"verdict.independent.long", "no evidence of trained weights shared with this base",
     "이 기반 모델과 학습된 가중치를 공유한다는 증거 없음"},
    {"reason.exact", "an exact test rejects independent initialisation (log10 p_adj ≤ −12)",
     "정확 검정이 독립 초기화 귀무가설을 기각함 (log10 p_adj ≤ −12)"},
    {"reason.robust",
     "a calibrated statistic rejects independence against a panel of trained independent pairs "
     "that includes same-data pairs (log10 p_adj ≤ −12, beyond every panel value, with agreeing "
     "effect sizes)",
     "같은 데이터 쌍을 포함한 학습된 독립 쌍 패널에 대해 보정된 통계량이 독립 가설을 기각함 "
     "(log10 p_adj ≤ −12, 모든 패널 값을 넘어섬, 효과 크기도 일치함)"},
    {"reason.robust_effect",
     "a robust statistic lies far beyond every random-init replica (z_adj > 10) at an effect size "
     "no trained independent pair reaches; an effect-size decision, not a calibrated p-value",
     "강건 통계량이 모든 무작위 초기화 복제본을 크게 넘어서고 (z_adj > 10) 학습된 독립 쌍이 "
     "도달하지 않는 효과 크기에 이름; 보정된 p값이 아니라 효과 크기에 따른 판정임"},
    {"reason.null_with_power",
     "every statistic lies inside its null range, and the 95% lower bound on the tests' power, "
     "measured on positive controls through the same pipeline, is at least 0.90",
     "모든 통계량이 귀무 범위 안에 있고, 같은 파이프라인을 거친 양성 대조군으로 측정한 검정력의 "
     "95% 하한이 0.90 이상임"},
    {"reason.null_without_power",
     "every statistic lies inside its null range, but the 95% lower bound on the tests' power was "
     "not shown to reach 0.90, so a negative cannot be claimed",
     "모든 통계량이 귀무 범위 안에 있으나 검정력의 95% 하한이 0.90 이상임이 입증되지 않아 음성 "
     "판정을 내릴 수 없음"},
    {"reason.no_own_power",
     "every statistic lies inside its null range, but the positive controls measured no power for "
     "this component itself, so it is not comparable (it never borrows the trunk's power)",
     "모든 통계량이 귀무 범위 안에 있으나 양성 대조군이 이 구성 요소 자체의 검정력을 측정하지 "
     "않았으므로 비교 불가임 (본체의 검정력을 빌려 쓰지 않음)"},
    {"reason.mixed",
     "some statistics are significant at the corrected level (log10 p_adj ≤ −3) or reach a "
     "derived effect size that their panel cannot make significant, without reaching the decision "
     "level",
     "일부 통계량이 보정된 수준에서 유의하거나 (log10 p_adj ≤ −3) 패널로는 유의성을 보일 수 없는 "
     "파생 수준의 효과 크기에 이르렀으나 판정 기준에는 미치지 못함"},
    {"reason.no_weight_evidence",
     "no weight statistic could be computed; tokenizer and architecture findings never decide",
     "가중치 통계량을 계산할 수 없었음. 토크나이저와 아키텍처 결과만으로는 판정하지 않음"},
    {"reason.budget_spent",
     "the read budget (--budget) was spent before the decision: what was read shows no shared "
     "weights, and the parts not read could, so a negative cannot be claimed",
     "판정 전에 읽기 예산(--budget)을 모두 썼음. 읽은 부분에서는 공유 가중치가 보이지 않지만 읽지 "
     "않은 부분에 있을 수 있으므로 음성 판정을 내릴 수 없음"},

    // Relations among the bases (verdict/ranking.h) and ancestry (verdict/ancestry.h).
    {"related.none", "No evidence of trained weights shared with any base checked.",
     "검토한 기반 모델 중 어느 것과도 학습된 가중치를 공유한다는 증거가 없습니다."},
    {"related.unchecked",
     "No weights could be compared for any base, so nothing is said about shared weights either "
     "way.",
     "어느 기반 모델과도 가중치를 비교할 수 없었으므로 가중치 공유 여부에 대해서는 어느 쪽으로도 "
     "말하지 않습니다."},
    {"related.single", "Most related base: {} (shares trained weights with the candidate)",
     "가장 관련된 기반 모델: {} (후보 모델과 학습된 가중치를 공유함)"},
    {"related.strongest_of_several",
     "Most related base: {} (the strongest evidence among several bases that share trained "
     "weights with the candidate)",
     "가장 관련된 기반 모델: {} (후보 모델과 학습된 가중치를 공유하는 여러 기반 모델 중 증거가 "
     "가장 강함)"},
    {"parent.none", "Parent: none (no base shares trained weights with the candidate).",
     "모체 모델: 없음 (후보 모델과 학습된 가중치를 공유하는 기반 모델이 없음)."},
    {"parent.from_ancestry", "Parent: {} (the candidate was derived from it; evidence below)",
     "모체 모델: {} (후보 모델이 이 모델에서 파생됨. 근거는 아래에 있음)"},
    {"parent.direction_unknown",
     "Parent: not named (shared weights show relatedness, not which model came first).",
     "모체 모델: 지정하지 않음 (가중치 공유는 관련성을 보여줄 뿐, 어느 모델이 먼저인지는 보여주지 "
     "않음)."},
    {"siblings.both_share_weights",
     "{} and {} both share trained weights with the candidate: these bases may be siblings or one "
     "may descend from the other (they were not compared with each other).",
     "{}와 {}는 모두 후보 모델과 학습된 가중치를 공유합니다: 두 기반 모델은 형제 모델이거나 한쪽이 "
     "다른 쪽에서 파생되었을 수 있습니다 (서로 비교하지는 않았음)."},
    {"ancestry.candidate_from_base", "{0} was derived from {1}.",
     "{0}은(는) {1}에서 파생되었습니다."},
    {"ancestry.base_from_candidate", "{1} was derived from {0}.",
     "{1}은(는) {0}에서 파생되었습니다."},
    {"ancestry.common_ancestor",
     "{0} and {1} share trained weights and each has weights the other lacks: neither was made "
     "from the other; both descend from a common ancestor.",
     "{0}와 {1}는 학습된 가중치를 공유하고 서로 상대에게 없는 가중치를 가집니다: 어느 쪽도 다른 "
     "쪽에서 만들어지지 않았으며, 둘 다 공통 조상에서 나왔습니다."},
    {"ancestry.unknown", "{0} and {1} share trained weights; which came first is unknown.",
     "{0}와 {1}는 학습된 가중치를 공유합니다. 어느 쪽이 먼저인지는 알 수 없습니다."},
    {"ancestry.reason.not_related", "the models were not shown to share trained weights",
     "두 모델이 학습된 가중치를 공유한다는 것이 보이지 않음"},
    {"ancestry.reason.no_direction_evidence",
     "nothing measured has a direction: shared weights alone do not say which model came first",
     "방향을 가진 측정 결과가 없음: 가중치 공유만으로는 어느 모델이 먼저인지 알 수 없음"},
    {"ancestry.reason.evidence", "every direction-bearing measurement points the same way",
     "방향을 가진 모든 측정 결과가 같은 방향을 가리킴"},
    {"ancestry.reason.each_adds",
     "each model adds weights the other lacks, so neither can be the other's source",
     "각 모델이 상대에게 없는 가중치를 더했으므로 어느 쪽도 다른 쪽의 출처일 수 없음"},
    {"ancestry.reason.conflict",
     "the direction-bearing measurements point both ways, so the direction is left unknown",
     "방향을 가진 측정 결과가 서로 반대 방향을 가리키므로 방향을 알 수 없음으로 둠"},
    {"ancestry.evidence.vocab_extension",
     "vocabulary extension: one vocabulary strictly contains the other, shared tokens at the same "
     "ids",
     "어휘 확장: 한쪽 어휘가 다른 쪽 어휘를 엄격히 포함하며 공유 토큰의 ID가 같음"},
    {"ancestry.evidence.vocab_both_extended",
     "each vocabulary has tokens the other lacks, shared tokens at the same ids",
     "각 어휘에 상대에게 없는 토큰이 있으며 공유 토큰의 ID가 같음"},
    {"ancestry.evidence.depth_upscaling",
     "depth up-scaling: the deeper model repeats blocks of the other",
     "깊이 확장: 깊은 모델이 다른 모델의 블록을 반복함"},
    {"ancestry.evidence.depth_pruning",
     "depth pruning: every block of the shallower model is a distinct block of the deeper one",
     "깊이 가지치기: 얕은 모델의 모든 블록이 깊은 모델의 서로 다른 블록과 일치함"},
    {"ancestry.evidence.width_pruning", "width pruning: fewer MLP units on one side",
     "너비 가지치기: 한쪽의 MLP 유닛이 더 적음"},
    {"ancestry.evidence.moe_upcycling",
     "MoE upcycling: experts on one side, a dense MLP on the other",
     "MoE 업사이클링: 한쪽은 전문가(expert) 구조, 다른 쪽은 밀집 MLP"},
    {"ancestry.evidence.quantization", "quantisation: one side block-quantised, the other not",
     "양자화: 한쪽만 블록 양자화됨"},
    {"ancestry.evidence.precision_cast",
     "precision loss: one side is a lower-precision image of the other",
     "정밀도 손실: 한쪽이 다른 쪽의 낮은 정밀도 사본임"},
    {"ancestry.evidence.trajectory_from_base",
     "training trajectory: an unbroken checkpoint chain to the candidate starts at this base",
     "학습 궤적: 후보 모델에 이르는 끊김 없는 체크포인트 사슬이 이 기반 모델에서 시작함"},
    {"ancestry.points_to", "points to: {}", "가리키는 방향: {}"},
    {"ancestry_id.candidate_from_base", "candidate from base", "기반 모델 → 후보 모델"},
    {"ancestry_id.base_from_candidate", "base from candidate", "후보 모델 → 기반 모델"},
    {"ancestry_id.common_ancestor", "common ancestor", "공통 조상"},
    {"ancestry_id.unknown", "unknown", "알 수 없음"},

    // Titles and sections.
    {"report.title", "Model lineage report", "모델 계보 보고서"},
    {"report.subtitle", "Was this model trained from scratch, or derived from an existing one?",
     "이 모델은 처음부터 학습되었는가, 기존 모델에서 파생되었는가?"},
    {"section.overall", "Overall", "종합 판단"},
    {"section.verdicts", "Verdict per base", "기반 모델별 판정"},
    {"section.components", "Per-component verdicts", "구성 요소별 판정"},
    {"section.strongest", "Strongest evidence", "가장 강한 증거"},
    {"section.block_map", "Block map: candidate blocks × base blocks (−log10 p)",
     "블록 대응도: 후보 블록 × 기반 블록 (−log10 p)"},
    {"section.block_stats", "Per-block statistics against their null band",
     "블록별 통계량과 귀무 범위"},
    {"section.tokenizer", "Tokenizer lineage (context, not evidence of weight reuse)",
     "토크나이저 계보 (참고 정보이며 가중치 재사용의 증거가 아님)"},
    {"section.architecture", "Architecture lineage (context, not evidence of weight reuse)",
     "아키텍처 계보 (참고 정보이며 가중치 재사용의 증거가 아님)"},
    {"section.pca", "Weight-signature PCA (illustration, not evidence)",
     "가중치 특징 주성분 분석 (예시 그림이며 증거가 아님)"},
    {"section.statements", "What the verdict means", "판정의 의미"},
    {"section.findings", "All findings", "전체 분석 결과"},
    {"section.training", "Training evidence", "학습 증거"},
    {"section.compute", "Compute plausibility", "연산량 타당성"},
    {"section.limitations", "Limitations of this comparison", "이 비교의 한계"},
    {"section.files", "Files checked", "검사한 파일"},
    {"section.run", "Run", "실행 정보"},
    {"section.warnings", "Warnings", "경고"},

    // Statements every verdict carries (METHODS §1, §10).
    {"statement.h0",
     "H0: the candidate and the base were initialised independently. Shared data, recipe or "
     "architecture do not violate H0; rejecting it means the two share trained weights (one "
     "descends from the other, or both from a common ancestor: the ancestry says which, when "
     "anything measured does).",
     "귀무가설(H0): 후보 모델과 기반 모델은 서로 독립적으로 초기화되었다. 데이터, 학습 방법, "
     "아키텍처를 공유해도 귀무가설에 어긋나지 않으며, 귀무가설을 기각한다는 것은 두 모델이 "
     "학습된 가중치를 공유한다는 뜻이다 (한쪽이 다른 쪽에서 나왔거나 둘 다 공통 조상에서 나왔음. "
     "어느 쪽인지는 측정된 근거가 있을 때 계보 방향이 말해 준다)."},
    {"statement.candidates",
     "Candidates checked: {}. A negative is relative to these bases and to the power of the tests; "
     "it never means \"trained from scratch\".",
     "검토한 기반 모델: {}. 음성 판정은 이 기반 모델들과 검정력에 한정되며, \"처음부터 "
     "학습되었다\"는 "
     "뜻이 결코 아니다."},
    {"statement.components", "Components covered: {}.", "검토한 구성 요소: {}."},
    {"statement.invisible",
     "Weights cannot show distillation into freshly initialised weights, nor derivation from a "
     "parent that was not checked or not released.",
     "가중치로는 새로 초기화된 모델로의 증류나, 검토하지 않았거나 공개되지 않은 모체 모델로부터의 "
     "파생을 확인할 수 없다."},
    {"statement.context",
     "Architecture and tokenizer reuse are reported separately and are not evidence of weight "
     "reuse: reusing an open architecture, code or tokenizer is allowed.",
     "아키텍처와 토크나이저 재사용은 별도로 보고하며 가중치 재사용의 증거가 아니다. 공개된 "
     "아키텍처, 코드, 토크나이저의 재사용은 허용된다."},

    {"statement.power", "Power behind a negative: {}", "음성 판정을 뒷받침하는 검정력: {}"},

    // Labels.
    {"label.candidate", "Candidate", "후보 모델"},
    {"label.base", "Base", "기반 모델"},
    {"label.bases", "Bases", "기반 모델"},
    {"label.verdict", "Verdict", "판정"},
    {"label.reason", "Why", "근거"},
    {"label.component", "Component", "구성 요소"},
    {"label.derivation", "What differs", "차이 유형"},
    {"label.ancestry", "Ancestry", "계보 방향"},
    {"label.ancestry_evidence", "Ancestry evidence", "계보 방향의 근거"},
    {"label.ranking", "Bases ranked by strength of shared weights",
     "가중치 공유 증거의 강도에 따른 기반 모델 순위"},
    {"label.rank", "Rank", "순위"},
    {"label.max_z_adj", "largest z_adj", "최대 z_adj"},
    {"label.siblings", "Possible siblings", "형제 모델 가능성"},
    {"label.analysis", "Analysis", "분석"},
    {"label.test", "Test", "검정"},
    {"label.statistic", "Statistic", "통계량"},
    {"label.value", "Value", "값"},
    {"label.null", "Null", "귀무분포"},
    {"label.direction", "Direction", "방향"},
    {"label.note", "Note", "비고"},
    {"label.decisive", "Decides", "판정 근거"},
    {"label.context_only", "context only", "참고 정보"},
    {"label.illustration", "illustration, not evidence", "예시 그림, 증거 아님"},
    {"label.yes", "yes", "예"},
    {"label.no", "no", "아니요"},
    {"label.none", "none", "없음"},
    {"label.log10_p", "log10 p", "log10 p"},
    {"label.log10_p_exact", "Exact test, log10 p", "정확 검정 log10 p"},
    {"label.log10_p_adjusted", "Adjusted for multiple testing, log10 p_adj",
     "다중 검정 보정 후 log10 p_adj"},
    {"label.bf_cap", "Largest Bayes factor this p-value can support, log10",
     "이 p값이 뒷받침할 수 있는 최대 베이즈 인자 (log10)"},
    {"label.z_adj", "z_adj", "z_adj"},
    {"label.robust", "Calibrated statistics (z against the null panel)",
     "보정 통계량 (귀무 패널 대비 z)"},
    {"label.panel_size", "panel size", "패널 크기"},
    {"label.beyond_panel", "beyond the panel", "패널 범위 밖"},
    {"label.extrapolated", "tail extrapolated beyond what the panel can show",
     "패널로 확인할 수 있는 범위를 넘어 꼬리를 외삽함"},
    {"label.approximate", "approximate null", "근사 귀무분포"},
    {"label.approximate_p", "approximate p-value of an exact null", "정확한 귀무분포의 근사 p값"},
    {"label.power", "Power", "검정력"},
    {"label.power_measured",
     "≥ {:.2f} ({:.0f}% lower bound; {} of {} positive controls detected: {})",
     "≥ {0:.2f} ({1:.0f}% 하한; 양성 대조군 {3}개 중 {2}개 검출: {4})"},
    {"label.power_kind", "{} {} of {}", "{0} {2}개 중 {1}개"},
    {"label.power_component", "{} ≥ {:.2f}", "{0} 하한 {1:.2f} 이상"},
    {"label.power_component_copy_check",
     "{} copy check only (by construction no power against fine-tune-like drift)",
     "{} 복사 검사만 해당 (구조상 미세 조정 수준의 변화에 대한 검정력 없음)"},
    {"label.power_components", "per component: {}", "구성 요소별: {}"},
    {"label.power_cached", "read from the power cache", "검정력 캐시에서 읽음"},
    {"label.power_narrowed",
     "controls on a copy of the base narrowed to {} of its {} residual dimensions",
     "기반 모델의 잔차 차원 {1}개 중 {0}개로 좁힌 사본에서 대조군 측정"},
    {"power_kind.fine-tune", "fine-tune", "미세 조정"},
    {"power_kind.permutation", "permutation", "순열"},
    {"power_kind.rotation", "rotation", "회전"},
    {"power_kind.rescaling", "rescaling", "재조정"},
    {"power_kind.pruning", "pruning", "가지치기"},
    {"power_kind.rotation+permutation+rescaling", "rotation+permutation+rescaling",
     "회전+순열+재조정"},
    {"label.sampling", "Block reading", "블록 판독"},
    {"label.sampling_full", "full: all {} block pairs tested", "전체: 블록 쌍 {}개를 모두 검정함"},
    {"label.sampling_sequential",
     "sequential: {} of {} block pairs read in a seeded order, {} of {} planned looks; every p "
     "corrected as if all pairs were tested and for the looks",
     "순차: 시드로 정한 순서로 블록 쌍 {1}개 중 {0}개 읽음, 미리 정한 확인 시점 {3}개 중 {2}개; "
     "모든 p는 모든 쌍을 검정한 것처럼, 그리고 확인 시점 수만큼 보정함"},
    {"label.sampling_stopped_derived", "stopped on derived", "파생으로 판정되어 멈춤"},
    {"label.sampling_stopped_independent",
     "stopped on independent: a derivation confined to the unread blocks (partial block reuse) "
     "is not covered",
     "독립으로 판정되어 멈춤: 읽지 않은 블록에만 있는 파생 (블록 일부 재사용)은 다루지 않음"},
    {"label.sampling_full_cut",
     "full order: {} of {} block pairs tested; every p corrected as if all pairs were tested",
     "전체 순서: 블록 쌍 {1}개 중 {0}개 검정함; 모든 p는 모든 쌍을 검정한 것처럼 보정함"},
    {"label.sampling_budget", "read budget {} per model", "모델당 읽기 예산 {}"},
    {"label.sampling_stopped_budget", "stopped: the read budget was spent before the decision",
     "판정 전에 읽기 예산을 모두 써서 멈춤"},
    {"label.sampling_not_read", "not checked for the budget: {}", "예산 때문에 확인하지 않음: {}"},
    {"label.sampling_unread_pairs", "block pairs not tested: {}", "검정하지 않은 블록 쌍: {}"},
    {"stage.same_role_tensors", "same-role tensor identity", "역할이 같은 텐서의 동일성"},
    {"stage.alignment", "residual alignment", "잔차 정렬"},
    {"stage.block_signatures", "block signatures and block map", "블록 서명과 블록 맵"},
    {"stage.block_tests", "block tests (S1, S2, S3)", "블록 검정 (S1, S2, S3)"},
    {"stage.huref", "S4 (HuRef) invariants", "S4 (HuRef) 불변량"},
    {"label.power_unmeasured", "not measured: a negative result stays inconclusive",
     "측정하지 않음: 음성 결과는 판단 불가로 남음"},
    {"label.power_not_needed",
     "not measured: no verdict rests on it (no component inside its null needed it), so the "
     "positive controls were not run",
     "측정하지 않음: 검정력에 의존하는 판정이 없어 (귀무 범위 안에서 검정력이 필요한 구성요소 "
     "없음) 양성 대조군을 실행하지 않음"},
    {"label.strongest_for", "Strongest evidence for derivation", "파생을 지지하는 가장 강한 증거"},
    {"label.strongest_against", "Strongest evidence against derivation",
     "파생에 반하는 가장 강한 증거"},
    {"label.relation", "Relation", "관계"},
    {"label.jaccard", "Jaccard", "자카드 유사도"},
    {"label.containment", "Containment", "포함률"},
    {"label.same_id_rate", "Same-id rate", "동일 ID 비율"},
    {"label.vocab", "Vocabulary size", "어휘 크기"},
    {"label.shared_tokens", "Shared tokens", "공유 토큰"},
    {"label.added_scripts", "Tokens only in the candidate, by script",
     "후보 모델에만 있는 토큰 (문자 체계별)"},
    {"label.script", "Script", "문자 체계"},
    {"label.tokens", "Tokens", "토큰 수"},
    {"label.arch_identical", "Identical architecture", "아키텍처 동일"},
    {"label.arch_differs", "{} fields differ", "{}개 항목이 다름"},
    {"label.field", "Field", "항목"},
    {"label.rare_shared", "Rare values shared", "공유하는 드문 값"},
    {"label.catalog_share", "{} of {} catalogued configs", "카탈로그 설정 {1}개 중 {0}개"},
    {"label.block", "Block", "블록"},
    {"label.candidate_block", "Candidate block", "후보 블록"},
    {"label.base_block", "Base block", "기반 블록"},
    {"label.neg_log10_p", "−log10 p", "−log10 p"},
    {"label.null_band", "Null band", "귀무 범위"},
    {"label.matched", "Matched pair", "대응 쌍"},
    {"label.matched_path", "Matched blocks (candidate → base)", "대응 블록 (후보 → 기반)"},
    {"label.threshold", "match threshold", "대응 기준"},
    {"label.model", "Model", "모델"},
    {"label.pc1", "PC1 ({:.0f}% of variance)", "제1주성분 (분산의 {:.0f}%)"},
    {"label.pc2", "PC2 ({:.0f}% of variance)", "제2주성분 (분산의 {:.0f}%)"},
    {"label.features", "Signature features", "특징 구성"},
    {"label.file", "File", "파일"},
    {"label.bytes", "Bytes", "바이트"},
    {"label.sha256", "SHA-256", "SHA-256"},
    {"label.format", "Format", "형식"},
    {"label.path", "Path", "경로"},
    {"label.schema_version", "Schema version", "스키마 버전"},
    {"label.tool_version", "lineage version", "lineage 버전"},
    {"label.seed", "Seed", "난수 시드"},
    {"label.panel", "Calibration panel", "보정 패널"},
    {"label.timestamp", "Time", "시각"},
    {"label.verdicts_count", "Verdicts", "판정"},
    {"label.chart_errors", "Charts that failed to render", "그리지 못한 차트"},
    {"label.generated_by", "Generated by lineage {}", "lineage {}(으)로 생성"},
    {"label.figures_offline", "This report is self-contained and opens with no network.",
     "이 보고서는 모든 자료를 포함하고 있어 네트워크 없이 열립니다."},

    {"pca.caption",
     "Illustration, not evidence. Each point is one block's weight signature in the aligned basis, "
     "projected on the top two principal components of all models' signatures. Models derived "
     "from a base tend to sit on its track; independent models do not. Verdicts come only from the "
     "tests above.",
     "예시 그림이며 증거가 아닙니다. 각 점은 정렬된 기저에서 한 블록의 가중치 특징을 모든 모델의 "
     "특징에 대한 상위 두 주성분에 투영한 것입니다. 기반 모델에서 파생된 모델은 그 궤적 위에 "
     "놓이는 "
     "경향이 있고, 독립 모델은 그렇지 않습니다. 판정은 위의 검정으로만 내립니다."},
    {"block_map.caption",
     "Each cell is S1 (unit identity) between a candidate block and a base block as −log10 p; "
     "outlined cells are the matched path. Unrelated blocks stay near 0.",
     "각 칸은 후보 블록과 기반 블록 사이의 S1(유닛 동일성) 검정 결과를 −log10 p로 나타냅니다. "
     "테두리가 있는 칸이 대응 경로입니다. 관련 없는 블록은 0 근처에 머뭅니다."},
    {"block_stats.caption",
     "Bars are the statistic per candidate block; the shaded band is its null range (independent "
     "models fall inside it).",
     "막대는 후보 블록별 통계량이고, 음영 띠는 귀무 범위입니다 (독립 모델은 그 안에 들어갑니다)."},
    {"tokenizer.caption",
     "Overlap of regular tokens on canonical bytes. Tokenizer reuse is common among models trained "
     "from scratch.",
     "정규 토큰의 바이트 기준 중복도입니다. 처음부터 학습한 모델 사이에서도 토크나이저 재사용은 "
     "흔합니다."},

    // Directions (evidence/finding.h).
    {"direction.for-derivation", "for derivation", "파생 지지"},
    {"direction.against-derivation", "against derivation", "파생 반대"},
    {"direction.neutral", "neutral", "중립"},

    // Analyses.
    {"analysis.tokenizer", "tokenizer", "토크나이저"},
    {"analysis.architecture", "architecture", "아키텍처"},
    {"analysis.hash", "exact hashes", "정확 해시"},
    {"analysis.weights", "weights", "가중치"},
    {"analysis.training", "training", "학습"},
    {"analysis.compute", "compute", "연산량"},

    // Null kinds (evidence/finding.h NullModel::kind).
    {"null.exact", "exact", "정확"},
    {"null.permutation", "permutation", "순열"},
    {"null.shuffle", "shuffle", "셔플"},
    {"null.calibrated-panel", "calibrated panel", "보정 패널"},
    {"null.analytic", "analytic", "해석적"},

    // Tokenizer relations (METHODS §6).
    {"relation.identical", "identical", "동일"},
    {"relation.extends", "extends", "확장"},
    {"relation.subset", "subset", "부분집합"},
    {"relation.reindexed", "reindexed", "재색인"},
    {"relation.overlapping", "overlapping (independently trained on similar data)",
     "부분 중복 (비슷한 데이터로 독립 학습)"},
    {"relation.unrelated", "unrelated", "무관"},

    // Derivation types (evidence/pair_result.h).
    // They say what differs between the two, never which came first (that is the ancestry).
    {"derivation.fine-tuned", "values moved by training (fine-tune-like drift)",
     "학습으로 값이 달라짐 (미세 조정 수준의 변화)"},
    {"derivation.camouflaged-permutation", "hidden units permuted between the two",
     "두 모델 사이에 은닉 유닛 순서가 바뀜 (순열 위장)"},
    {"derivation.camouflaged-rotation", "residual basis rotated between the two",
     "두 모델 사이에 잔차 기저가 회전됨 (회전 위장)"},
    {"derivation.depth-upscaled", "depth differs: the candidate repeats blocks",
     "깊이 차이: 후보 모델이 블록을 반복함"},
    {"derivation.depth-pruned", "depth differs: the candidate has fewer blocks",
     "깊이 차이: 후보 모델의 블록이 더 적음"},
    {"derivation.width-pruned", "width differs: the candidate is narrower",
     "너비 차이: 후보 모델이 더 좁음"},
    {"derivation.moe-upcycled", "MoE experts matching a dense MLP",
     "MoE 전문가가 밀집 MLP와 일치함"},
    {"derivation.vocab-extended", "vocabulary differs: the candidate has more rows",
     "어휘 차이: 후보 모델의 행이 더 많음"},
    {"derivation.quantized", "one side quantised", "한쪽이 양자화됨"},
    {"derivation.dtype-cast", "float precision differs", "부동소수점 정밀도 차이"},
    {"derivation.component-reuse", "a component shared", "구성 요소 공유"},
    {"derivation.identical-copy", "identical copy", "동일 사본"},

    // Components.
    {"component.trunk", "trunk", "본체"},
    {"component.embed", "embeddings", "임베딩"},
    {"component.lm_head", "LM head", "출력 헤드"},
    {"component.vision", "vision encoder", "비전 인코더"},
    {"component.audio", "audio encoder", "오디오 인코더"},
    {"component.projector", "projector", "프로젝터"},
    {"component.mtp", "MTP head", "MTP 헤드"},
    {"component.norms", "norm vectors", "정규화 벡터"},

    // Tests (METHODS §3-5). Unknown ids render as themselves.
    {"test.tensor_hash", "per-tensor SHA-256 identity", "텐서별 SHA-256 동일성"},
    {"test.canonical_hash", "canonical value hash", "정규화 값 해시"},
    {"test.embedding_alignment", "residual-basis alignment (embeddings)",
     "잔차 기저 정렬 (임베딩)"},
    {"test.unit_identity_hits", "S1 unit identity, hit count", "S1 유닛 동일성 (적중 수)"},
    {"test.unit_identity_lap", "S1 unit identity, LAP + Spearman",
     "S1 유닛 동일성 (LAP + 스피어만)"},
    {"test.unit_identity_fisher", "S1 unit identity, Fisher over blocks",
     "S1 유닛 동일성 (블록 피셔 결합)"},
    {"test.gate_up_consistency", "S2 gate/up consistency", "S2 게이트/업 일관성"},
    {"test.cka_q", "S3 unbiased CKA, W_q", "S3 비편향 CKA (W_q)"},
    {"test.cka_k", "S3 unbiased CKA, W_k", "S3 비편향 CKA (W_k)"},
    {"test.huref_invariants", "S4 HuRef invariants", "S4 HuRef 불변량"},
    {"test.norm_pearson", "norm-vector Pearson (shuffle null)", "정규화 벡터 피어슨 (셔플 귀무)"},
    {"test.tokenizer_relation", "tokenizer relation", "토크나이저 관계"},
    {"test.config_fields", "config fields", "설정 항목"},

    // Limitations the orchestration reports (partial evidence).
    {"limitation.no_tokenizer_candidate",
     "The candidate has no tokenizer: tokenizer lineage was skipped and weights were aligned "
     "without a shared-token map.",
     "후보 모델에 토크나이저가 없어 토크나이저 계보를 건너뛰었고, 공유 토큰 대응 없이 가중치를 "
     "정렬했습니다."},
    {"limitation.no_tokenizer_base",
     "The base has no tokenizer: tokenizer lineage was skipped and weights were aligned without a "
     "shared-token map.",
     "기반 모델에 토크나이저가 없어 토크나이저 계보를 건너뛰었고, 공유 토큰 대응 없이 가중치를 "
     "정렬했습니다."},
    {"limitation.endpoint_only",
     "One side is known only as a served endpoint: weight, tokenizer and architecture evidence is "
     "not available, so the verdict cannot go beyond \"inconclusive\". The behaviour section "
     "says how the served models answer; it never decides the verdict.",
     "한쪽이 서비스 엔드포인트로만 알려져 있어 가중치·토크나이저·아키텍처 근거를 얻을 수 "
     "없으므로 판정은 \"판단 불가\"를 넘을 수 없습니다. 행동 절은 서비스 모델의 응답을 "
     "보여 줄 뿐 판정을 정하지 않습니다."},
    {"limitation.no_config", "A config.json is missing: architecture lineage was skipped.",
     "config.json이 없어 아키텍처 계보를 건너뛰었습니다."},
    {"limitation.family_mismatch",
     "The two models belong to different architecture families: only statistics that survive "
     "the mismatch were computed.",
     "두 모델의 아키텍처 계열이 달라, 그 차이와 무관한 통계량만 계산했습니다."},
    {"limitation.weights_not_compared",
     "Weights were not compared: no verdict beyond \"inconclusive\" is possible.",
     "가중치를 비교하지 않았으므로 \"판단 불가\" 이상의 판정을 내릴 수 없습니다."},
    {"limitation.small_width",
     "Hidden layers are narrow (h < 100): permutation nulls were used instead of the normal "
     "approximation.",
     "은닉층이 좁아 (h < 100) 정규 근사 대신 순열 귀무분포를 사용했습니다."},

    // Terminal summary.
    {"term.candidate_line", "Candidate {}", "후보 모델 {}"},
    {"term.base_line", "  vs {}: {}", "  {} 대비: {}"},
    {"term.ancestry", "ancestry: {}", "계보 방향: {}"},
    {"term.evidence_for", "    for:     {}", "    지지:   {}"},
    {"term.evidence_against", "    against: {}", "    반대:   {}"},
    {"term.context", "    context: tokenizer {}, architecture {}",
     "    참고:   토크나이저 {}, 아키텍처 {}"},
    {"term.arch_identical", "identical", "동일"},
    {"term.arch_differs", "differs in {} fields", "{}개 항목 다름"},
    {"term.not_run", "not compared", "비교 안 함"},
    {"term.power", "    power:   {}", "    검정력: {}"},
    {"term.sampling", "    reading: {}", "    판독:   {}"},
    // Reading accounting of one model: bytes read, their share of the checkpoint, and where from.
    {"reading.endpoint_only", "served only (an --endpoint with no files): nothing read",
     "서비스로만 존재 (파일 없는 --endpoint): 읽은 것 없음"},
    {"reading.not_read", "not read: the other side of every pair has no weights to compare",
     "읽지 않음: 모든 쌍의 상대편에 비교할 가중치가 없음"},
    {"reading.local", "read {} of {} ({}), local files", "{1} 중 {0} 읽음 ({2}), 로컬 파일"},
    {"reading.hub", "read {} of {} ({}), {} requests, revision {}",
     "{1} 중 {0} 읽음 ({2}), 요청 {3}회, 리비전 {4}"},
    {"section.reading", "Bytes read", "읽은 바이트"},
    {"reading.controls", "{} more to build the power controls",
     "검정력 대조군을 만드는 데 {} 더 읽음"},
    {"label.hub_claim", "hub's claim, not verified", "허브가 밝힌 값, 검증 안 함"},
};

// Compare: training evidence, trajectory and compute findings (METHODS.md §9).
constexpr CatalogEntry kCompareTrainingEntries[] = {
    {"section.trajectory", "Checkpoint trajectory", "체크포인트 궤적"},
    {"limitation.component_not_compared",
     "A sub-model (vision, audio or projector tower) was not compared: it exists on one side only "
     "or has no blocks to test (see the component table).",
     "하위 모델(비전, 오디오 또는 프로젝터 타워)은 비교하지 않았습니다. 한쪽에만 있거나 검정할 "
     "블록이 "
     "없습니다 (구성 요소 표 참고)."},
    {"training.caption",
     "Context, not weight evidence: these findings never change a verdict above. They say whether "
     "the supplied training artefacts are consistent with training from scratch.",
     "참고 정보이며 가중치 증거가 아닙니다. 이 결과는 위의 판정을 바꾸지 않으며, 제출된 학습 "
     "자료가 "
     "처음부터 학습한 것과 일치하는지를 보여 줍니다."},
    {"trajectory.caption",
     "Relative drift ‖θᵢ − θᵢ₋₁‖ / ‖θᵢ₋₁‖ per step; each point is coloured by whether checkpoint i "
     "derives from checkpoint i − 1 under the exact unit-identity test. The candidate is the last "
     "step.",
     "단계별 상대 변화량 ‖θᵢ − θᵢ₋₁‖ / ‖θᵢ₋₁‖입니다. 각 점의 색은 정확 유닛 동일성 검정에서 "
     "체크포인트 i가 "
     "i − 1에서 파생되었는지를 나타냅니다. 마지막 단계가 후보 모델입니다."},
    {"trajectory.start", "random start: {} (checkpoint 0 looks {})",
     "무작위 시작: {} (체크포인트 0의 상태: {})"},
    {"trajectory.report_break", "chain broken at checkpoint {} ({})",
     "체크포인트 {} ({})에서 연결이 끊김"},
    {"trajectory.report_continuous", "every checkpoint derives from the one before",
     "모든 체크포인트가 직전 체크포인트에서 파생됨"},
    {"trajectory.not_continuous", "the chain is not continuous", "연결이 이어지지 않음"},
    {"trajectory.step_derived", "derived from the previous", "직전 체크포인트에서 파생"},
    {"trajectory.step_break", "not derived (break)", "파생 아님 (단절)"},
    {"label.checkpoint_step", "Checkpoint", "체크포인트"},
    {"label.drift", "Relative drift", "상대 변화량"},
    {"label.step_link", "Link to previous", "직전과의 관계"},

    {"test.log_initial_loss", "Initial training loss vs ln V", "초기 학습 손실과 ln V 비교"},
    {"test.log_tokens_vs_claim", "Logged tokens vs claimed tokens",
     "기록된 토큰 수와 주장한 토큰 수 비교"},
    {"test.log_discontinuity", "Discontinuity in the training log", "학습 로그의 불연속"},
    {"test.trajectory_random_start", "Trajectory starts from a random init",
     "궤적이 무작위 초기화에서 시작"},
    {"test.trajectory_continuous", "Trajectory is one unbroken chain", "궤적이 끊김 없이 이어짐"},
    {"test.trajectory_start_vs_base", "First checkpoint vs this base",
     "첫 체크포인트와 이 기반 모델 비교"},
    {"test.candidate_init_check", "Random-init signature of the candidate",
     "후보 모델의 무작위 초기화 특징"},
    {"test.compute_active_params", "Active parameters N_active", "활성 파라미터 수 N_active"},
    {"test.compute_flops", "Training FLOPs 6·N_active·D (approximation)",
     "학습 연산량 6·N_active·D (근사)"},
    {"test.compute_gpu_hours", "GPU-hours needed at the stated MFU (lower bound)",
     "명시한 MFU에서 필요한 GPU 시간 (하한)"},
    {"test.compute_implied_mfu", "MFU implied by the claimed cluster",
     "주장한 클러스터가 뜻하는 MFU"},
    {"test.compute_flag", "Compute plausibility flag", "연산량 타당성 경고"},

    {"note.warm-start", "warm start: far below ln V, as a pretrained model starts",
     "웜 스타트: ln V보다 훨씬 낮음 (사전학습된 모델의 시작과 같음)"},
    {"note.below-random-start", "below ln V, but not far enough to call a warm start",
     "ln V보다 낮지만 웜 스타트라 하기에는 부족함"},
    {"note.random-start", "starts near ln V, as a random init does",
     "무작위 초기화처럼 ln V 근처에서 시작함"},
    {"note.no-vocab-size", "vocabulary size unknown: ln V not checked",
     "어휘 크기를 알 수 없어 ln V를 확인하지 않음"},
    {"note.tokens-match", "matches the claim", "주장과 일치"},
    {"note.tokens-mismatch", "does not match the claim", "주장과 일치하지 않음"},
    {"note.step-reset", "the step counter goes backwards (restart or resume)",
     "스텝 카운터가 뒤로 감 (재시작 또는 재개)"},
    {"note.loss-drop", "a persistent drop in loss (splice onto a better model?)",
     "지속적인 손실 급감 (더 나은 모델로 교체?)"},
    {"note.loss-jump", "a persistent jump in loss", "지속적인 손실 급증"},
    {"note.random", "random-init-like", "무작위 초기화 상태"},
    {"note.trained", "trained", "학습됨"},
    {"note.mixed", "mixed: some components random-init-like, others trained",
     "혼합: 일부 구성 요소는 무작위 초기화 상태, 나머지는 학습됨"},
    {"note.chain-continuous", "every checkpoint derives from the one before",
     "모든 체크포인트가 직전 체크포인트에서 파생됨"},
    {"note.chain-break", "a checkpoint does not derive from the one before",
     "어떤 체크포인트가 직전 체크포인트에서 파생되지 않음"},
    {"note.derived", "derived", "파생됨"},
    {"note.independent", "independent", "독립"},
    {"note.inconclusive", "inconclusive", "판단 불가"},
    {"note.params-from-flags", "from --params/--active", "--params/--active 값 사용"},
    {"note.params-from-config", "estimated from the candidate's config", "후보 모델 설정에서 추정"},
    {"note.mfu-not-credible", "implied MFU above 60 %: not credible",
     "추정 MFU가 60 %를 넘음: 신뢰하기 어려움"},
    {"note.mfu-impossible", "implied MFU above 100 %: impossible",
     "추정 MFU가 100 %를 넘음: 불가능"},
    {"note.fits-fine-tune-not-pretraining", "the budget fits a fine-tune, not pretraining",
     "이 예산은 미세조정에는 맞지만 사전학습에는 부족함"},
    {"note.few-tokens-per-param", "few training tokens per parameter",
     "파라미터당 학습 토큰 수가 적음"},
};

// The tables of the one catalog: the reports' own entries above, the commands' text output
// (report/catalog_commands.cc) and compare's training-evidence entries.
std::span<const CatalogEntry> Tables(size_t i) {
  switch (i) {
    case 0:
      return kReportEntries;
    case 1:
      return CommandCatalogEntries();
    case 2:
      return kCompareTrainingEntries;
    case 3:
      return PhraseCatalogEntries();
    case 4:
      return OptionCatalogEntries();
    case 5:
      return FingerprintCatalogEntries();
  }
  return {};
}
constexpr size_t kTableCount = 6;

struct Index {
  std::vector<CatalogEntry> all;
  std::unordered_map<std::string_view, size_t> by_key;
};

const Index& GetIndex() {
  static const Index index = [] {
    Index idx;
    for (size_t i = 0; i < kTableCount; ++i) {
      std::span<const CatalogEntry> t = Tables(i);
      idx.all.insert(idx.all.end(), t.begin(), t.end());
    }
    for (size_t i = 0; i < idx.all.size(); ++i) idx.by_key.emplace(idx.all[i].key, i);
    return idx;
  }();
  return index;
}

}  // namespace

std::span<const CatalogEntry> CatalogEntries() { return GetIndex().all; }

bool HasCatalogKey(std::string_view key) { return GetIndex().by_key.count(key) > 0; }

std::string_view Tr(Lang lang, std::string_view key) {
  const Index& idx = GetIndex();
  auto it = idx.by_key.find(key);
  if (it == idx.by_key.end()) return key;
  const CatalogEntry& e = idx.all[it->second];
  return lang == Lang::kKo ? e.ko : e.en;
}

std::string_view TrLabel(Lang lang, std::string_view prefix, std::string_view label) {
  std::string key = std::string(prefix) + "." + std::string(label);
  const Index& idx = GetIndex();
  auto it = idx.by_key.find(key);
  if (it == idx.by_key.end()) return label;
  const CatalogEntry& e = idx.all[it->second];
  return lang == Lang::kKo ? e.ko : e.en;
}

std::string StatusText(Lang lang, const Status& st) {
  if (lang == Lang::kEn || st.ok()) return st.ToString();
  return TrText(lang, CodeName(st.code())) + ": " + TrText(lang, st.message());
}

}  // namespace lineage
