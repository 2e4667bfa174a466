#include "arch/text.h"

namespace lineage {
namespace {

constexpr TextEntry kArchText[] = {
    {"not_evidence",
     "Architecture reuse is allowed under the programme's rules (open architectures and code may be "
     "reused); it is not evidence of weight reuse.",
     "아키텍처 재사용은 프로그램 규칙상 허용되며(공개 아키텍처와 코드는 재사용 가능), 가중치 재사용의 "
     "증거가 아닙니다."},
    {"arch_identical", "Architecture: identical", "아키텍처: 동일"},
    {"arch_different", "Architecture: different", "아키텍처: 다름"},
    {"fields_same", "fields the same", "개 필드 동일"},
    {"differences", "Differences", "차이점"},
    {"near", "near", "근사"},
    {"one_sided", "Stated by one config only (the other may use a library default)",
     "한쪽 설정에만 명시됨(다른 쪽은 라이브러리 기본값일 수 있음)"},
    {"only_in", "only in", "한쪽에만 있음:"},
    {"rare_shared", "Rare values shared", "공유된 희귀 값"},
    {"catalog_of", "catalog configs stating the key", "해당 키를 가진 카탈로그 설정"},
    {"catalog_small", "The catalog is too small to call any value rare.",
     "카탈로그가 작아 희귀 값을 판단할 수 없습니다."},
    {"metadata_differences", "Metadata differences (not architecture)", "메타데이터 차이(아키텍처 아님)"},
    {"remote_code", "Remote code declared (auto_map): reported, never run",
     "원격 코드 선언(auto_map): 보고만 하며 실행하지 않음"},
    {"none", "none", "없음"},
    {"implied", "implied by the family", "모델 계열에서 암시됨"},
    // compute
    {"compute_title", "Compute plausibility", "연산량 타당성"},
    {"params", "Parameters", "파라미터"},
    {"active", "active per token", "토큰당 활성"},
    {"tokens", "Training tokens", "학습 토큰"},
    {"flops", "Training compute", "학습 연산량"},
    {"flops_approx",
     "approximation C = 6 * N_active * D: ignores attention FLOPs at long context and activation "
     "recomputation",
     "근사식 C = 6 * N_active * D: 긴 문맥의 어텐션 연산과 활성값 재계산은 제외"},
    {"gpu_hours", "GPU-hours needed", "필요한 GPU 시간"},
    {"at_mfu", "at MFU", "MFU 기준"},
    {"lower_bound", "a lower bound: real runs also spend time on restarts, evaluation and idling",
     "하한값: 실제 학습은 재시작, 평가, 유휴 시간도 소요"},
    {"claimed_budget", "Claimed budget", "주장된 예산"},
    {"implied_mfu", "Implied MFU", "암시된 MFU"},
    {"cost", "Cost", "비용"},
    {"flag_mfu_not_credible", "implied MFU above 60% is not credible for large-scale training",
     "암시된 MFU가 60%를 넘으며, 대규모 학습에서 신뢰할 수 없습니다"},
    {"flag_mfu_impossible", "implied MFU above 100%: the claimed hardware cannot do this work",
     "암시된 MFU가 100%를 넘습니다: 주장된 하드웨어로는 불가능한 작업량입니다"},
    {"flag_finetune_only",
     "the budget fits a fine-tune or continued pretraining, not pretraining this model from scratch",
     "이 예산은 미세조정이나 추가 사전학습에는 맞지만, 이 모델을 처음부터 사전학습하기에는 부족합니다"},
    {"flag_few_tokens",
     "claimed tokens are below 20 per parameter (the compute-optimal minimum for pretraining)",
     "주장된 토큰 수가 파라미터당 20개(사전학습의 연산 최적 최소치)보다 적습니다"},
    {"scratch_vs_ft", "From scratch vs fine-tune, same model", "같은 모델의 처음부터 학습과 미세조정 비교"},
    {"from_scratch", "from scratch", "처음부터 학습"},
    {"fine_tune", "fine-tune / continued pretraining", "미세조정 / 추가 사전학습"},
    {"budget_buys", "the claimed budget buys, at 60% MFU", "주장된 예산으로 60% MFU에서 가능한 학습량"},
};

}  // namespace

std::string LookupText(const TextEntry* table, size_t n, std::string_view id, std::string_view lang) {
  for (size_t i = 0; i < n; ++i) {
    if (id == table[i].id) return lang == "ko" && table[i].ko ? table[i].ko : table[i].en;
  }
  return std::string(id);
}

std::string ArchText(std::string_view id, std::string_view lang) {
  return LookupText(kArchText, sizeof kArchText / sizeof kArchText[0], id, lang);
}

}  // namespace lineage
