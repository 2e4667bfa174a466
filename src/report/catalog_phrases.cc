// The phrase table and TrText (report/catalog.h): the analyses' English diagnostics, as
// templates, so that `--lang ko` output renders them in Korean without the analyses speaking
// any language but the one their JSON documents.
//
// A template's English side is the producer's text with each varying part written "{}"; it only
// has to match, so specs such as "{:.3f}" are not needed. The Korean side uses "{}" or "{N}"
// (N = the English placeholder's position): arguments arrive as (already translated) text.
// Terms follow docs/GLOSSARY.ko.md.
#include <string>
#include <string_view>
#include <vector>

#include <fmt/args.h>
#include <fmt/format.h>

#include "report/catalog.h"
#include "report/catalog_tables.h"

namespace lineage {
namespace {

constexpr CatalogEntry kPhraseEntries[] = {
    // Behaviour (behaviour/agreement.h): functional closeness of served models, never a verdict.
    {"behaviour.closer", "functionally closer to the base than to every control",
     "모든 대조 모델보다 기반 모델에 기능적으로 더 가까움"},
    {"behaviour.no_evidence", "no behavioural evidence", "행동 증거 없음"},
    {"behaviour.title", "Behaviour (served models; not part of the weight verdict)",
     "행동 (서비스 중인 모델; 가중치 판정에 포함되지 않음)"},
    {"behaviour.agreement_caption",
     "Output agreement: for the same seeded prompts, how often each served model's greedy "
     "continuation starts like the candidate's (first match) and how long the matched prefix is; "
     "a one-sided sign test per control with Holm's correction. Fine-tuning and distillation both "
     "give functional closeness: it is not a weight verdict.",
     "출력 일치: 같은 시드 프롬프트에 대해 각 서비스 모델의 탐욕적 이어쓰기가 후보 모델과 같게 "
     "시작하는 비율(첫 단위 일치)과 일치하는 접두사의 길이; 대조 모델마다 단측 부호 검정, Holm "
     "보정. "
     "미세조정과 증류 모두 기능적 근접성을 만들므로 가중치 판정이 아님."},
    {"behaviour.bars_caption", "First-unit match with the candidate (0–1), per served model",
     "서비스 모델별 후보 모델과의 첫 단위 일치율 (0–1)"},
    {"behaviour.role.base", "base", "기반 모델"},
    {"behaviour.role.control", "control", "대조 모델"},
    {"behaviour.label.served_model", "served model", "서비스 모델"},
    {"behaviour.label.role", "role", "역할"},
    {"behaviour.label.first_match", "first match", "첫 단위 일치율"},
    {"behaviour.label.mean_prefix", "mean matched prefix", "평균 일치 접두사 길이"},
    {"behaviour.label.sign", "base closer / control closer / ties",
     "기반이 더 가까움 / 대조가 더 가까움 / 동률"},
    {"behaviour.label.limitations", "Limitations", "한계"},
    {"behaviour.label.top_k_overlap", "top-k overlap (not tested)", "top-k 겹침 (검정하지 않음)"},
    {"behaviour.probes_title", "Probes (observations, not a verdict)",
     "탐침 (관찰이며 판정이 아님)"},
    {"behaviour.probes_caption",
     "What each served model says and does on lineage's shipped probe suites (English and "
     "Korean). A model's statement about itself is a claim, not evidence of lineage; the refusal "
     "labels come from a pattern classifier and the cutoff from dated questions (METHODS §15).",
     "lineage가 제공하는 탐침 묶음(영어, 한국어)에 대한 각 서비스 모델의 응답과 행동. 모델이 "
     "스스로에 대해 하는 말은 주장일 뿐 계보의 증거가 아님; 거부 여부는 패턴 분류기로, 기준 시점은 "
     "날짜가 있는 질문으로 추정함 (METHODS §15)."},
    {"behaviour.label.names", "names mentioned (answers)", "언급한 이름 (응답 수)"},
    {"behaviour.label.cutoff", "knowledge cutoff estimate", "지식 기준 시점 추정"},
    {"behaviour.label.refusal_harmful", "refusals, harmful prompts", "거부 (유해 프롬프트)"},
    {"behaviour.label.refusal_benign", "refusals, benign prompts", "거부 (무해 프롬프트)"},
    {"behaviour.label.tokenizer", "token counts equal to the candidate's",
     "후보 모델과 같은 토큰 수"},
    {"behaviour.cutoff.estimate", "{} (range {} to {})", "{} (범위 {}~{})"},
    {"behaviour.cutoff.none", "no estimate", "추정 없음"},
    {"behaviour.cutoff.after_last", "after the last probed month (no drop seen)",
     "마지막 탐침 월 이후 (하락 없음)"},
    {"phrase.behaviour.max_queries",
     "--max-queries {} allows {} of the {} prompts planned for the stated power",
     "--max-queries {0}은(는) 명시한 검정력에 맞춰 계획한 프롬프트 {2}개 중 {1}개만 허용함"},
    {"phrase.behaviour.drifts",
     "{} answers differ from the ones stored for the same request: the servers are not "
     "deterministic at temperature 0, or changed",
     "응답 {}개가 같은 요청에 대해 저장된 응답과 다름: 서버가 온도 0에서 결정적이지 않거나 "
     "바뀌었음"},
    {"phrase.behaviour.no_logprobs",
     "an endpoint sent no logprobs tokens: prefixes are measured in bytes of text, and the first "
     "unit is the first byte",
     "logprobs 토큰을 보내지 않은 엔드포인트가 있음: 접두사는 텍스트 바이트로 재고, 첫 단위는 첫 "
     "바이트임"},
    {"phrase.behaviour.no_token_count", "no token count: {}", "토큰 수 없음: {}"},
    {"phrase.behaviour.no_usage", "the server reports no usage.prompt_tokens for some strings",
     "서버가 일부 문자열의 usage.prompt_tokens를 알려 주지 않음"},
    // Status codes (util/status.h CodeName), the head of every CLI error line.
    {"phrase.status.invalid_argument", "invalid argument", "잘못된 인자"},
    {"phrase.status.not_found", "not found", "찾을 수 없음"},
    {"phrase.status.corrupt", "corrupt", "손상됨"},
    {"phrase.status.unsupported", "unsupported", "지원하지 않음"},
    {"phrase.status.refused", "refused", "거부됨"},
    {"phrase.status.internal", "internal", "내부 오류"},
    {"phrase.status.network", "network error", "네트워크 오류"},
    {"phrase.status.auth", "authentication error", "인증 오류"},
    {"phrase.status.cancelled", "cancelled", "취소됨"},
    // Status messages and the contexts wrapped around them.
    {"phrase.error.cancelled", "stopped at the caller's request", "호출자의 요청으로 중단됨"},
    {"phrase.error.no_such_file", "{}: no such file or directory", "{}: 파일이나 디렉터리가 없음"},
    {"phrase.error.not_a_model_argument",
     "{}: neither a local path that exists nor a hub reference (org/name, org/name@revision, "
     "hf://org/name[@revision], or {}/org/name/resolve/<revision>/<file>)",
     "{0}: 존재하는 로컬 경로도 허브 참조(org/name, org/name@revision, hf://org/name[@revision], "
     "{1}/org/name/resolve/<revision>/<file>)도 아님"},
    {"phrase.error.not_weights",
     "{}: not a recognised weights format (safetensors, GGUF, PyTorch zip, llama2.c)",
     "{}: 인식할 수 있는 가중치 형식이 아님 (safetensors, GGUF, PyTorch zip, llama2.c 지원)"},
    {"phrase.error.at_offset", "{}: offset {}: {}", "{0}: 오프셋 {1}: {2}"},
    {"phrase.error.header_not_object", "header is not a JSON object ({})",
     "헤더가 JSON 객체가 아님 ({})"},
    {"phrase.error.header_not_utf8", "header is not valid UTF-8", "헤더가 올바른 UTF-8이 아님"},
    {"phrase.error.header_short", "header length {} is too short", "헤더 길이 {}이(가) 너무 짧음"},
    {"phrase.error.duplicate_tensor", "duplicate tensor name {} in header",
     "헤더에 텐서 이름 {}이(가) 중복됨"},
    // simdjson's own messages (third-party text inside the header errors above).
    {"phrase.error.json_ended_early",
     "JSON document ended early in the middle of an object or array.",
     "JSON 문서가 객체나 배열 도중에 끝남."},
    {"phrase.error.candidate", "candidate: {}", "후보 모델: {}"},
    // compare --registry (cli/compare_registry.cc): bases found by the registry search.
    {"phrase.compare.registry_base_exact",
     "base {} comes from the registry {} (#{}): related by the sketch screening (exact test "
     "log10 p ≤ {} after Bonferroni over {} registered models)",
     "기반 모델 {0}은(는) 레지스트리 {1}(#{2})에서 왔음: 스케치 선별에서 관련됨 (정확 검정, "
     "등록 모델 {4}개에 대한 Bonferroni 보정 후 log10 p ≤ {3})"},
    {"phrase.compare.registry_base_robust",
     "base {} comes from the registry {} (#{}): related by the sketch screening (gate/up "
     "agreement above its floor; exact test log10 p ≤ {} after Bonferroni over {} registered "
     "models)",
     "기반 모델 {0}은(는) 레지스트리 {1}(#{2})에서 왔음: 스케치 선별에서 관련됨 (gate/up 일치도가 "
     "하한 이상; 정확 검정은 등록 모델 {4}개에 대한 Bonferroni 보정 후 log10 p ≤ {3})"},
    {"phrase.compare.registry_summary",
     "registry {}: {} registered models screened, {} compared in full, {} related added as bases",
     "레지스트리 {}: 등록 모델 {}개 선별, {}개 전체 비교, 관련된 {}개를 기반 모델로 추가"},
    {"phrase.compare.bases_required", "bases is required (or --registry)",
     "기반 모델이 필요함 (또는 --registry)"},
    {"phrase.error.base", "base: {}", "기반 모델: {}"},
    {"phrase.error.required", "{} is required", "{}: 필수 인자가 없음"},
    {"phrase.error.not_expected", "The following argument was not expected: {}",
     "예상하지 못한 인자: {}"},
    {"phrase.error.not_expected_many", "The following arguments were not expected: {}",
     "예상하지 못한 인자: {}"},

    // Single words the templates below capture (alignment kinds, tokenizer relations).
    {"phrase.word.identity", "identity", "항등"},
    {"phrase.word.signed_permutation", "signed-permutation", "부호 있는 순열"},
    {"phrase.word.rotation", "rotation", "회전"},
    {"phrase.word.none", "none", "없음"},
    {"phrase.word.identical", "identical", "동일"},
    {"phrase.word.extends", "extends", "확장"},
    {"phrase.word.subset", "subset", "부분집합"},
    {"phrase.word.reindexed", "reindexed", "ID 재배정"},
    {"phrase.word.overlapping", "overlapping", "부분 중복"},
    {"phrase.word.unrelated", "unrelated", "무관"},

    // Null models (Finding::null->description).
    {"phrase.null.replicas",
     "{} seeded random-init replicas of this block against base block {} (approximate: lacks "
     "trained convergent features)",
     "이 블록의 시드 고정 무작위 초기화 복제본 {0}개와 기반 모델 블록 {1}의 비교 (근사: 학습된 "
     "모델의 수렴 특성이 없음)"},
    {"phrase.null.replica_blocks",
     "{} seeded random-init candidate blocks of the same shapes and scales against the base "
     "(approximate: random init lacks the convergent features of trained independent models)",
     "형태와 스케일이 같은 시드 고정 무작위 초기화 후보 블록 {}개와 기반 모델의 비교 (근사: 무작위 "
     "초기화에는 독립적으로 학습된 모델의 수렴 특성이 없음)"},
    {"phrase.null.replica_candidate_blocks",
     "{} seeded random-init candidate blocks of the same shapes against the base (approximate: "
     "lacks trained convergent features)",
     "형태가 같은 시드 고정 무작위 초기화 후보 블록 {}개와 기반 모델의 비교 (근사: 학습된 모델의 "
     "수렴 특성이 없음)"},
    {"phrase.null.no_trained_panel", "no comparable trained-independent panel was found",
     "비교 가능한 독립 학습 모델 패널을 찾지 못함"},
    {"phrase.null.t_tail", "t tail with {} df", "자유도 {}의 t 분포 꼬리"},
    {"phrase.null.extrapolated", "{} (beyond every panel value: fitted-tail extrapolation)",
     "{} (모든 패널 값을 넘어섬: 적합한 꼬리 분포로 외삽)"},
    {"phrase.null.trained_panel",
     "{} known-independent trained pairs of the same statistic definition and shape class ({} "
     "comparable record(s), {} left out as involving a model under test or its lineage, {} "
     "duplicate pair(s), {} same-data pair(s) kept; approximate: a small, correlated panel applies "
     "only to comparable shapes) [panel {}]",
     "통계량 정의와 형태 분류가 같은, 독립으로 알려진 학습 모델 쌍 {0}개 (비교 가능한 기록 {1}건, "
     "검사 대상 모델 또는 그 계보가 포함되어 제외한 기록 {2}건, 중복 쌍 {3}건, 남은 같은 데이터 "
     "쌍 {4}건; 근사: 작고 상관된 패널이므로 비교 가능한 형태에만 적용됨) [패널 {5}]"},
    {"phrase.null.no_same_data", "lower bound: fewer than 2 same-data independent pairs in it",
     "하한: 같은 데이터로 학습한 독립 쌍이 2건 미만임"},
    {"phrase.null.clt", "reduced-basis G ⊙ U is a CLT approximation",
     "축소 기저의 G ⊙ U는 중심극한정리(CLT) 근사임"},
    {"phrase.null.awm", "AWM: {} over {} independent 7B/13B pairs (paper)",
     "AWM: 독립 7B/13B 모델 쌍 {1}개에서 {0} (논문 값)"},
    {"phrase.null.not_recalibrated", "not recalibrated for this family",
     "이 모델 계열에 맞춰 다시 보정하지 않음"},
    {"phrase.null.fisher",
     "Fisher over the diagonal blocks (fixed in advance; blocks independent under H0), each "
     "block's S1 with its exact null",
     "대각 블록에 대한 Fisher 결합 (사전에 고정; 귀무가설에서 블록은 서로 독립), 각 블록의 S1은 "
     "정확 귀무분포 사용"},
    {"phrase.null.lap_cosine", "LAP matched cosine after permuting B's features (row norms kept)",
     "B의 특징을 순열한 뒤 LAP로 대응시킨 코사인 (행 노름 유지)"},
    {"phrase.null.pearson_shuffle", "Pearson after permuting one vector's coordinates, T = {}",
     "한 벡터의 좌표를 순열한 뒤의 Pearson 상관, T = {}"},
    {"phrase.null.procrustes", "Procrustes refitted on randomly re-paired shared tokens",
     "공유 토큰을 무작위로 다시 짝지어 Procrustes를 다시 적합"},
    {"phrase.null.s1_hits",
     "S1 hit count on block signatures, best of the base blocks (Bonferroni over them)",
     "블록 특징에 대한 S1 적중 수, 기반 모델 블록 중 최댓값 (블록 수에 대해 Bonferroni 보정)"},
    {"phrase.null.normal_z", "normal approximation z = r sqrt(h - 1), one-sided",
     "정규 근사 z = r sqrt(h - 1), 단측"},
    {"phrase.null.monte_carlo", "permutation (Monte Carlo, T = {}, seed {})",
     "순열 (몬테카를로, T = {0}, 시드 {1})"},
    {"phrase.null.catalog_share",
     "share of {} other catalog configs stating this key that hold the same value",
     "이 키를 명시한 다른 카탈로그 설정 {}개 중 같은 값을 가진 비율"},
    {"phrase.null.union_dims",
     "union bound on K of d residual dims hitting themselves, exchangeable dims",
     "잔차 차원 d개 중 자기 자신에 적중한 K개에 대한 합집합 상한, 교환 가능한 차원"},
    {"phrase.null.union_units",
     "union bound over K-subsets, K ≈ Poisson(m/h) under exchangeable units (m = {}, h = {})",
     "K-부분집합에 대한 합집합 상한, 교환 가능한 유닛에서 K ≈ Poisson(m/h) (m = {0}, h = {1})"},
    {"phrase.null.conservative", "conservative", "보수적"},
    // Power controls (PowerStatement::description, compare/positive_controls.h) and the power
    // cache's notes (compare/power_cache.h).
    {"phrase.power.controls",
     "{} synthetic derived models made from the base ({} kinds; every one also drifted to a "
     "per-row cosine in [{}, {}]) on {} of {} blocks, each through the same alignment, tests and "
     "decision rule as the pair",
     "기반 모델로 만든 합성 파생 모델 {0}개 (종류 {1}가지, 모두 행별 코사인 [{2}, {3}]까지 "
     "표류시킴)를 블록 {5}개 중 {4}개에서 이 쌍과 같은 정렬, 검정, 판정 규칙으로 검사"},
    {"phrase.power.cache_not_json", "power cache file {} is not valid JSON",
     "검정력 캐시 파일 {}이(가) 올바른 JSON이 아님"},
    {"phrase.power.cache_other_key", "power cache file {} belongs to another key",
     "검정력 캐시 파일 {}이(가) 다른 키의 것임"},
    {"phrase.power.cache_incomplete", "power cache file {} is incomplete or inconsistent",
     "검정력 캐시 파일 {}이(가) 불완전하거나 일관되지 않음"},
    {"phrase.power.recomputed", "power recomputed", "검정력을 다시 계산함"},
    {"phrase.power.cache_not_written", "the power cache was not written ({})",
     "검정력 캐시를 쓰지 못함 ({})"},

    // Finding notes (Finding::note).
    {"phrase.note.identical_tensors",
     "{} byte-identical and {} value-identical of {} same-role tensors ({} matrices)",
     "역할이 같은 텐서 {2}개 (행렬 {3}개) 중 바이트 동일 {0}개, 값 동일 {1}개"},
    {"phrase.note.copies", "identical matrices are copies", "동일한 행렬은 복사본임"},
    {"phrase.note.own_index", "{} of {} sampled units hit their own index",
     "표본 유닛 {1}개 중 {0}개가 자기 인덱스에 적중"},
    {"phrase.note.shared_merges", "{} shared merges", "공유 병합 규칙 {}개"},
    {"phrase.note.identical_prefix", "identical prefix {}", "동일 접두 구간 {}"},
    {"phrase.note.keep_id", "{} of {} shared regular tokens keep their id",
     "공유 일반 토큰 {1}개 중 {0}개가 같은 ID 유지"},
    {"phrase.note.sequential_counts",
     "counts for {} planned block pairs (sequential reading read {} of {})",
     "계획된 블록 쌍 {0}개를 대표함 (순차 판독으로 {2}개 중 {1}개 읽음)"},
    {"phrase.note.budget_not_checked",
     "{} not checked: it would read more than the read budget of {} per model allows",
     "{0} 확인하지 않음: 모델당 읽기 예산 {1}보다 많이 읽어야 함"},
    {"phrase.note.budget_weights", "The weights (alignment, block signatures and block tests)",
     "가중치 (정렬, 블록 서명, 블록 검정)"},
    {"phrase.note.budget_same_role", "Same-role tensor identity", "역할이 같은 텐서의 동일성"},
    {"phrase.note.budget_s4", "S4 (HuRef) invariants", "S4 (HuRef) 불변량"},
    {"phrase.note.budget_pairs",
     "{} of {} planned block pairs not tested: the next would read more than the read budget of "
     "{} per model allows",
     "계획된 블록 쌍 {1}개 중 {0}개 검정하지 않음: 다음 쌍이 모델당 읽기 예산 {2}보다 많이 읽어야 "
     "함"},
    {"phrase.note.lap", "LAP over {} × {} units, Spearman r {}",
     "유닛 {0} × {1}개에 대한 LAP, Spearman r {2}"},
    {"phrase.note.mf_rotated",
     "M_f is not rotation-invariant and the residual basis was rotated: not comparable here",
     "M_f는 회전 불변이 아닌데 잔차 기저가 회전되었으므로 여기서는 비교할 수 없음"},
    {"phrase.note.mf_context", "M_f is not rotation-invariant: context only",
     "M_f는 회전 불변이 아님: 참고용"},
    {"phrase.note.tail_fraction", "empirical tail fraction {}", "경험적 꼬리 비율 {}"},
    {"phrase.note.calibrated", "calibrated, not exact", "보정값이며 정확 검정 아님"},
    {"phrase.note.arch_differs", "architecture differs ({}/{} fields same)",
     "아키텍처 다름 (필드 {1}개 중 {0}개 동일)"},
    {"phrase.note.arch_identical", "architecture identical ({}/{} fields same)",
     "아키텍처 동일 (필드 {1}개 중 {0}개 동일)"},
    {"phrase.note.arch_allowed",
     "architecture reuse is allowed and is not evidence of weight reuse",
     "아키텍처 재사용은 허용되며 가중치 재사용의 증거가 아님"},
    {"phrase.note.block_pair", "candidate block {} ~ base block {}",
     "후보 블록 {0} ~ 기반 블록 {1}"},
    {"phrase.note.cosine_m",
     "cosine of z-scored M_a, M_b over {} blocks, {} probe tokens, γ folded",
     "z 점수화한 M_a, M_b의 코사인 (블록 {0}개, 탐침 토큰 {1}개, γ 반영)"},
    {"phrase.note.identity_basis", "embedding columns matched to the same index (identity basis)",
     "임베딩 열을 같은 인덱스끼리 대응 (항등 기저)"},
    {"phrase.note.identity_blind",
     "context only: the residual basis needed a {}, which this identity-basis test cannot see",
     "참고용: 잔차 기저에 필요한 변환({})을 이 항등 기저 검정은 볼 수 없음"},
    {"phrase.note.shared_value", "{} = {} shared", "{0} = {1} 공유"},
    {"phrase.note.rare", "rare in the catalog ({}/{})", "카탈로그에서 드묾 ({0}/{1})"},
    {"phrase.note.raw_cosine", "raw cosine {}, Pearson {}, rel L2 {}, means {}, sds {}",
     "원시 코사인 {0}, Pearson {1}, 상대 L2 {2}, 평균 {3}, 표준편차 {4}"},
    {"phrase.note.mean_dominated",
     "mean-dominated, uninformative (high raw cosine from the shared constant)",
     "평균이 지배적이어서 정보가 없음 (공통 상수 때문에 원시 코사인이 높음)"},
    {"phrase.note.relation", "relation {}", "관계: {}"},
    {"phrase.note.tokenizer_reuse", "tokenizer reuse alone is not evidence of weight derivation",
     "토크나이저 재사용만으로는 가중치 파생의 증거가 아님"},
    {"phrase.note.shared_regular", "shared {} of min({}, {}) regular tokens",
     "일반 토큰 min({1}, {2})개 중 {0}개 공유"},
    {"phrase.note.transform", "transform: {}", "변환: {}"},
    {"phrase.note.held_out", "held-out cosine identity {}, permutation {}, rotation {}",
     "보류 표본 코사인: 항등 {0}, 순열 {1}, 회전 {2}"},
    {"phrase.note.identity_kept",
     "identity basis kept: the rotation shuffle null was not run (rotation_z {})",
     "항등 기저 유지: 회전 셔플 귀무분포는 실행하지 않음 (rotation_z {})"},
    // PCA features (evidence/pca.h).
    {"phrase.pca.features",
     "log column norms per residual dimension of the norm-folded q, k, v, gate, up matrices, in "
     "{}'s residual basis (each base mapped by its fitted alignment)",
     "정규화 가중치를 반영한 q, k, v, gate, up 행렬의 잔차 차원별 로그 열 노름, {}의 잔차 기저 "
     "기준 (각 기반 모델은 적합한 정렬로 변환)"},
    {"phrase.pca.rows", "at most {} seeded rows per matrix, in runs of 16 (estimates)",
     "행렬당 시드 고정 표본 행 최대 {}개, 연속된 16행 단위 (추정치)"},

    // Weights-analysis and calibration notes (WeightsResult::notes, TrainedPanels::notes).
    {"phrase.weights.by_string",
     "embedding rows paired by canonical token string: {} shared tokens",
     "임베딩 행을 정규화한 토큰 문자열로 짝지음: 공유 토큰 {}개"},
    {"phrase.weights.dropped", "{} ({} outside an embedding dropped)",
     "{0} (임베딩 범위를 벗어난 {1}개 제외)"},
    {"phrase.weights.by_id", "embedding rows paired by token id, not by token string: {}",
     "임베딩 행을 토큰 문자열이 아닌 토큰 ID로 짝지음: {}"},
    {"phrase.weights.no_tokenizer",
     "no tokenizer: embedding rows paired by id (assumed shared vocabulary)",
     "토크나이저 없음: 임베딩 행을 ID로 짝지음 (같은 어휘라고 가정)"},
    {"phrase.weights.non_finite_embed", "{} NaN/Inf embedding values zeroed",
     "임베딩 값 중 NaN/Inf {}개를 0으로 바꿈"},
    {"phrase.weights.non_finite",
     "{} NaN/Inf weight values were excluded (zeroed); they cannot create evidence",
     "가중치 값 중 NaN/Inf {}개를 제외함 (0으로 바꿈); 이 값들은 증거가 될 수 없음"},
    {"phrase.weights.probe_cap",
     "S2 probe responses use the first {} of {} probe tokens (hash order, independent of the "
     "weights)",
     "S2 탐침 응답은 탐침 토큰 {1}개 중 처음 {0}개를 사용 (해시 순서, 가중치와 무관)"},
    {"phrase.weights.alignment_rows",
     "the residual alignment used the first {} of {} shared tokens (hash order, independent of "
     "the weights)",
     "잔차 정렬은 공유 토큰 {1}개 중 처음 {0}개를 사용 (해시 순서, 가중치와 무관)"},
    {"phrase.weights.s2_sample",
     "S2 gate/up consistency matched a fixed seeded sample of {} of up to {} MLP units per block, "
     "each against all base units; its random-init panel draws the same number of units",
     "S2 게이트/업 일관성은 블록당 최대 {1}개의 MLP 유닛 중 시드 고정 표본 {0}개를 기반 모델의 "
     "모든 유닛과 대응시킴; 무작위 초기화 패널도 같은 수의 유닛을 뽑음"},
    {"phrase.weights.no_panel",
     "no calibration panel loaded: robust statistics calibrated against random-init replicas only",
     "보정 패널을 불러오지 않음: 강건 통계량은 무작위 초기화 복제본만으로 보정함"},
    {"phrase.weights.no_trained_panel",
     "{}: no comparable trained-independent calibration panel ({}; {} needed): calibrated against "
     "random-init replicas only",
     "{0}: 비교 가능한 학습된 독립 모델 보정 패널이 없음 ({1}; {2}건 필요): 무작위 초기화 "
     "복제본만으로 보정함"},
    {"phrase.weights.panel_counts",
     "{} comparable record(s), {} left out as involving a model under test or its lineage, {} "
     "duplicate pair(s), {} same-data pair(s) kept",
     "비교 가능한 기록 {0}건, 검사 대상 모델 또는 그 계보가 포함되어 제외한 기록 {1}건, 중복 쌍 "
     "{2}건, 남은 같은 데이터 쌍 {3}건"},
    {"phrase.weights.s4_context",
     "context only: shared training data alone moves it (same-corpus independent seeds reach "
     "0.68)",
     "맥락 정보일 뿐임: 학습 데이터를 공유하는 것만으로도 값이 움직임 (같은 말뭉치로 학습한 독립 "
     "시드 모델이 0.68에 이름)"},
    {"phrase.weights.deterministic",
     "deterministic by construction, equal in independent models, excluded from identity "
     "evidence: {}",
     "구성상 결정되는 텐서로 독립 모델에서도 같으므로 동일성 증거에서 제외함: {}"},
    {"phrase.null.post_selection",
     "selected by the block map: a post-selection p, covered by the Bonferroni factor over every "
     "block-map cell",
     "블록 맵이 선택한 쌍: 선택 후 p값이며, 모든 블록 맵 칸에 대한 본페로니 보정이 이를 포함함"},
    {"phrase.weights.s2_name", "S2 gate/up consistency", "S2 게이트/업 일관성"},
    {"phrase.weights.s4_name", "S4 HuRef invariants", "S4 HuRef 불변량"},
};

constexpr int kMaxDepth = 4;

// The literal runs of a template around its placeholders: n placeholders give n + 1 runs.
std::vector<std::string_view> Literals(std::string_view t) {
  std::vector<std::string_view> out;
  size_t i = 0;
  for (;;) {
    size_t open = t.find('{', i);
    size_t close = open == std::string_view::npos ? open : t.find('}', open);
    if (close == std::string_view::npos) {
      out.push_back(t.substr(i));
      return out;
    }
    out.push_back(t.substr(i, open - i));
    i = close + 1;
  }
}

// Matches `rest` against lits[k..] (a placeholder before each), collecting the captured
// arguments. Placeholders capture at least one character; the earliest fit is tried first.
bool MatchRest(const std::vector<std::string_view>& lits, size_t k, std::string_view rest,
               std::vector<std::string_view>* args) {
  if (k == lits.size()) return rest.empty();
  std::string_view lit = lits[k];
  if (k + 1 == lits.size()) {  // the last literal ends the text
    if (rest.size() <= lit.size() || rest.substr(rest.size() - lit.size()) != lit) return false;
    args->push_back(rest.substr(0, rest.size() - lit.size()));
    return true;
  }
  if (lit.empty()) return false;  // adjacent placeholders are ambiguous: never written
  for (size_t at = rest.find(lit, 1); at != std::string_view::npos; at = rest.find(lit, at + 1)) {
    args->push_back(rest.substr(0, at));
    if (MatchRest(lits, k + 1, rest.substr(at + lit.size()), args)) return true;
    args->pop_back();
  }
  return false;
}

bool Match(std::string_view tmpl, std::string_view text, std::vector<std::string_view>* args) {
  std::vector<std::string_view> lits = Literals(tmpl);
  if (text.substr(0, lits[0].size()) != lits[0]) return false;
  if (lits.size() == 1) return text.size() == lits[0].size();
  return MatchRest(lits, 1, text.substr(lits[0].size()), args);
}

std::string Translate(std::string_view text, int depth);

// The best template for the whole of `text` (the one with the most literal text), rendered.
bool TranslateWhole(std::string_view text, int depth, std::string* out) {
  const CatalogEntry* best = nullptr;
  std::vector<std::string_view> best_args;
  size_t best_literal = 0;
  for (const CatalogEntry& e : PhraseCatalogEntries()) {
    std::vector<std::string_view> args;
    if (!Match(e.en, text, &args)) continue;
    size_t literal = std::string_view(e.en).size();
    if (best == nullptr || literal > best_literal) {
      best = &e;
      best_args = std::move(args);
      best_literal = literal;
    }
  }
  if (best == nullptr) return false;
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (std::string_view a : best_args) store.push_back(Translate(a, depth + 1));
  try {
    *out = fmt::vformat(best->ko, store);
  } catch (const fmt::format_error&) {
    *out = best->ko;
  }
  return true;
}

// "; "-separated parts outside (), [] (a part's own parentheses may hold "; ").
std::vector<std::string_view> Parts(std::string_view text) {
  std::vector<std::string_view> out;
  int nesting = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    nesting += (c == '(' || c == '[') - (c == ')' || c == ']');
    if (nesting == 0 && c == ';' && i + 1 < text.size() && text[i + 1] == ' ') {
      out.push_back(text.substr(start, i - start));
      start = i + 2;
    }
  }
  out.push_back(text.substr(start));
  return out;
}

std::string Translate(std::string_view text, int depth) {
  std::string out;
  if (depth > kMaxDepth) return std::string(text);
  if (TranslateWhole(text, depth, &out)) return out;
  std::vector<std::string_view> parts = Parts(text);
  if (parts.size() == 1) return std::string(text);
  out.clear();
  for (std::string_view p : parts) {
    if (!out.empty()) out += "; ";
    out += Translate(p, depth + 1);
  }
  return out;
}

}  // namespace

std::span<const CatalogEntry> PhraseCatalogEntries() { return kPhraseEntries; }

std::string TrText(Lang lang, std::string_view text) {
  if (HasCatalogKey(text)) return std::string(Tr(lang, text));
  if (lang == Lang::kEn) return std::string(text);
  return Translate(text, 0);
}

}  // namespace lineage
