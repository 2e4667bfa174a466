#include "training/text.h"

#include "arch/text.h"

namespace lineage {
namespace {

constexpr TextEntry kTrainingText[] = {
    {"logs_title", "Training log", "학습 로그"},
    {"points", "points", "개 기록"},
    {"initial_loss", "Initial loss", "초기 손실"},
    {"ln_vocab", "ln(vocabulary size), the loss of a random model", "ln(어휘 크기), 무작위 모델의 손실"},
    {"no_vocab", "give --vocab-size to compare the initial loss with a random model's",
     "초기 손실을 무작위 모델과 비교하려면 --vocab-size를 지정하세요"},
    {"random_start", "consistent with training from random initialisation",
     "무작위 초기화에서 시작한 학습과 일치합니다"},
    {"warm_start", "WARM START: the log begins far below ln(V), as a model that was already trained would",
     "웜 스타트: 로그가 ln(V)보다 훨씬 낮게 시작하며, 이미 학습된 모델에서 시작한 것으로 보입니다"},
    {"below_random", "starts below ln(V): the first logged step may come after early training, or the run did not start from random weights",
     "ln(V)보다 낮게 시작합니다: 첫 기록이 초기 학습 이후일 수 있거나, 무작위 가중치에서 시작하지 않았을 수 있습니다"},
    {"tokens", "Tokens logged", "기록된 토큰"},
    {"tokens_match", "matches the claim", "주장과 일치"},
    {"tokens_mismatch", "does NOT match the claim", "주장과 일치하지 않음"},
    {"tokens_not_logged", "the log has no token count (give --tokens-per-step)",
     "로그에 토큰 수가 없습니다(--tokens-per-step 지정)"},
    {"discontinuities", "Discontinuities (possible restart from another model)",
     "불연속 구간(다른 모델에서 재시작했을 가능성)"},
    {"none", "none", "없음"},
    // trajectory
    {"traj_title", "Checkpoint trajectory", "체크포인트 궤적"},
    {"traj_random_start", "first checkpoint looks like random initialisation",
     "첫 체크포인트가 무작위 초기화처럼 보입니다"},
    {"traj_not_random_start", "first checkpoint does NOT look like random initialisation",
     "첫 체크포인트가 무작위 초기화처럼 보이지 않습니다"},
    {"traj_continuous", "every consecutive pair is derived: one continuous run",
     "모든 연속 쌍이 파생 관계입니다: 하나의 연속된 학습"},
    {"traj_break", "chain broken at checkpoint", "체인이 끊긴 체크포인트"},
    {"traj_drift", "relative drift", "상대 변화량"},
    {"traj_against", "first checkpoint vs base", "첫 체크포인트 대 기준 모델"},
    {"traj_unrelated", "no evidence of derivation", "파생 증거 없음"},
    {"traj_derived", "DERIVED", "파생됨"},
    {"traj_jump", "drift jumps here", "여기서 변화량이 급변합니다"},
    // init check
    {"init_title", "Random-initialisation signature", "무작위 초기화 서명"},
    {"init_random", "looks like random initialisation", "무작위 초기화처럼 보입니다"},
    {"init_trained", "trained", "학습됨"},
    {"init_mixed", "MIXED: some components look trained, others fresh",
     "혼합: 일부 구성요소는 학습된 것으로, 나머지는 새로 초기화된 것으로 보입니다"},
    {"init_trained_components", "trained-looking components", "학습된 것으로 보이는 구성요소"},
};

}  // namespace

std::string TrainingText(std::string_view id, std::string_view lang) {
  return LookupText(kTrainingText, sizeof kTrainingText / sizeof kTrainingText[0], id, lang);
}

}  // namespace lineage
