// The catalog's entries for the text output of the single-analysis commands (tokenizer, arch,
// compute, logs, trajectory, inspect --init-check, inspect, hash, weights, calibrate). They are
// part of the one catalog (report/catalog.h), kept in their own file so the report's own entries
// and these can be edited without touching each other. Analyses never see these strings: they
// return labels and numbers, and the CLI renders them through Tr()/Trf().
#include "report/catalog_tables.h"

namespace lineage {
namespace {

constexpr CatalogEntry kCommandEntries[] = {
    // ---- lineage tokenizer (tokenizer/compare.h) -------------------------------------------
    // Explanations take six arguments, always in this order: {0} Jaccard (fraction), {1}
    // containment (%), {2} same-id rate (%), {3} ids kept (%), {4} tokens added (count),
    // {5} relative id order kept (%). Each template uses the ones it needs.
    {"tokenizer.explain.identical",
     "A and B are the same tokenizer: every regular token has the same id in both (Jaccard "
     "{0:.3f}).",
     "A와 B는 같은 토크나이저입니다: 모든 일반 토큰이 양쪽에서 같은 ID를 가집니다 (Jaccard "
     "{0:.3f})."},
    {"tokenizer.explain.extends",
     "A extends B: {3:.1f}% of B's tokens keep their id in A, and A appends {4} tokens.",
     "A는 B를 확장합니다: B 토큰의 {3:.1f}%가 A에서 같은 ID를 유지하고, A는 토큰 {4}개를 "
     "추가했습니다."},
    {"tokenizer.explain.subset",
     "A is a subset of B: {3:.1f}% of A's tokens keep their id in B, and B has {4} tokens that A "
     "lacks.",
     "A는 B의 부분집합입니다: A 토큰의 {3:.1f}%가 B에서 같은 ID를 유지하며, B에는 A에 없는 토큰 "
     "{4}개가 "
     "있습니다."},
    {"tokenizer.explain.reindexed",
     "A re-indexes B's vocabulary: {1:.1f}% of the smaller vocabulary is shared, but only {2:.1f}% "
     "of "
     "shared tokens keep their id (ids shifted or permuted; {5:.1f}% keep their relative order).",
     "A는 B의 어휘를 재색인했습니다: 작은 쪽 어휘의 {1:.1f}%를 공유하지만 같은 ID를 유지한 공유 "
     "토큰은 "
     "{2:.1f}%뿐입니다 (ID가 밀리거나 재배열됨; {5:.1f}%가 상대 순서 유지)."},
    {"tokenizer.explain.overlapping",
     "A and B overlap substantially (Jaccard {0:.3f}; {1:.1f}% of the smaller vocabulary shared) "
     "but "
     "their ids and order are unrelated ({2:.1f}% same id): consistent with tokenizers trained "
     "separately on similar data.",
     "A와 B는 상당히 겹치지만 (Jaccard {0:.3f}; 작은 쪽 어휘의 {1:.1f}% 공유) ID와 순서는 서로 "
     "무관합니다 (같은 ID {2:.1f}%): 비슷한 데이터로 따로 학습된 토크나이저와 일치합니다."},
    {"tokenizer.explain.unrelated",
     "A and B share little (Jaccard {0:.3f}; {1:.1f}% of the smaller vocabulary): unrelated "
     "tokenizers.",
     "A와 B는 공유하는 토큰이 적습니다 (Jaccard {0:.3f}; 작은 쪽 어휘의 {1:.1f}%): 서로 무관한 "
     "토크나이저입니다."},
    {"tokenizer.caveat",
     "Tokenizer reuse alone does not show that the weights were derived: many models trained from "
     "scratch reuse an existing tokenizer, and a different tokenizer does not prove independent "
     "weights.",
     "토크나이저 재사용만으로는 가중치가 파생되었음을 보여주지 못합니다: 처음부터 학습된 많은 "
     "모델이 "
     "기존 토크나이저를 재사용하며, 토크나이저가 다르다고 가중치가 독립적임이 증명되지도 "
     "않습니다."},
    {"tokenizer.side", "{}: {} [{}, {}] vocabulary size {}, merges {}, special tokens {}",
     "{}: {} [{}, {}] 어휘 크기 {}, 병합 규칙 {}, 특수 토큰 {}"},
    {"tokenizer.note", "  note: {}", "  참고: {}"},
    {"tokenizer.special_flags", "special in one file only (not counted as regular): {}",
     "한쪽 파일에서만 특수 토큰 (일반 토큰으로 세지 않음): {}"},
    {"tokenizer.added_only", "added tokens only in {}: {}", "{}에만 있는 추가 토큰: {}"},
    {"tokenizer.relation", "relation: {}", "관계: {}"},
    {"tokenizer.metrics",
     "Jaccard {:.4f} | containment {:.4f} | shared regular tokens {} | same-id rate {:.4f} | "
     "identical id prefix {}",
     "Jaccard {:.4f} | 포함률 {:.4f} | 공유 일반 토큰 {} | 같은 ID 비율 {:.4f} | 동일 ID 접두 구간 "
     "{}"},
    {"tokenizer.merges", "merges: shared {}, rank correlation {:.4f}, identical prefix {}",
     "병합 규칙: 공유 {}, 순위 상관 {:.4f}, 동일 접두 구간 {}"},
    {"tokenizer.added", "added tokens by script: A {} | B {}",
     "추가된 토큰 (문자 체계별): A {} | B {}"},
    {"tokenizer.pipeline", "pre-tokenizer: {}; special tokens only in A: {}, only in B: {}",
     "사전 토크나이저: {}; A에만 있는 특수 토큰: {}, B에만 있는 특수 토큰: {}"},
    {"tokenizer.deciding", "deciding metrics:", "판단 근거 지표:"},
    {"tokenizer.none", "none", "없음"},
    {"tokenizer.match.same", "same", "같음"},
    {"tokenizer.match.different", "different", "다름"},
    {"tokenizer.match.unknown", "unknown", "알 수 없음"},

    // ---- lineage arch (arch/compare.h) ------------------------------------------------------
    {"arch.not_evidence",
     "Architecture reuse is allowed under the programme's rules (open architectures and code may "
     "be "
     "reused); it is not evidence of weight reuse.",
     "아키텍처 재사용은 프로그램 규칙상 허용되며(공개 아키텍처와 코드는 재사용 가능), 가중치 "
     "재사용의 "
     "증거가 아닙니다."},
    {"arch.identical", "Architecture: identical ({}/{} fields the same)",
     "아키텍처: 동일 ({}/{}개 필드 동일)"},
    {"arch.different", "Architecture: different ({}/{} fields the same)",
     "아키텍처: 다름 ({}/{}개 필드 동일)"},
    {"arch.differences", "Differences:", "차이점:"},
    {"arch.near", "near", "근사"},
    {"arch.one_sided", "Stated by one config only (the other may use a library default):",
     "한쪽 설정에만 명시됨(다른 쪽은 라이브러리 기본값일 수 있음):"},
    {"arch.rare_shared", "Rare values shared:", "공유된 희귀 값:"},
    {"arch.catalog_of", "{}/{} catalog configs stating the key",
     "해당 키를 가진 카탈로그 설정 {1}개 중 {0}개"},
    {"arch.catalog_small", "The catalog is too small to call any value rare.",
     "카탈로그가 작아 희귀 값을 판단할 수 없습니다."},
    {"arch.metadata_differences",
     "Metadata differences (not architecture):", "메타데이터 차이(아키텍처 아님):"},
    {"arch.remote_code", "Remote code declared (auto_map) in {}: reported, never run",
     "{}에 원격 코드 선언(auto_map): 보고만 하며 실행하지 않음"},
    {"arch.none", "none", "없음"},

    // ---- lineage compute (arch/compute.h) ---------------------------------------------------
    {"compute.title", "Compute plausibility", "연산량 타당성"},
    {"compute.params", "  Parameters: {} ({} active per token)", "  파라미터: {} (토큰당 활성 {})"},
    {"compute.tokens", "  Training tokens: {}", "  학습 토큰: {}"},
    {"compute.flops",
     "  Training compute: {} FLOPs  [approximation C = 6 * N_active * D: ignores attention FLOPs "
     "at "
     "long context and activation recomputation]",
     "  학습 연산량: {} FLOPs  [근사식 C = 6 * N_active * D: 긴 문맥의 어텐션 연산과 활성값 "
     "재계산은 "
     "제외]"},
    {"compute.gpu_hours",
     "  GPU-hours needed: {} {}-hours at MFU {:.0f}%{}  [a lower bound: real runs also spend time "
     "on "
     "restarts, evaluation and idling]",
     "  필요한 GPU 시간: {} {}-시간 (MFU {:.0f}% 기준){}  [하한값: 실제 학습은 재시작, 평가, 유휴 "
     "시간도 소요]"},
    {"compute.reference_gpu", " (reference GPU)", " (기준 GPU)"},
    {"compute.claimed_budget", "  Claimed budget: {} {}-hours", "  주장된 예산: {} {}-시간"},
    {"compute.implied_mfu", "  Implied MFU: {:.1f}%", "  암시된 MFU: {:.1f}%"},
    {"compute.budget_buys", "  The claimed budget buys, at 60% MFU: {} tokens",
     "  주장된 예산으로 60% MFU에서 가능한 학습량: 토큰 {}개"},
    {"compute.cost", "  Cost: ${}", "  비용: ${}"},
    {"compute.flag.mfu-not-credible",
     "implied MFU above 60% is not credible for large-scale training",
     "암시된 MFU가 60%를 넘으며, 대규모 학습에서 신뢰할 수 없습니다"},
    {"compute.flag.mfu-impossible",
     "implied MFU above 100%: the claimed hardware cannot do this work",
     "암시된 MFU가 100%를 넘습니다: 주장된 하드웨어로는 불가능한 작업량입니다"},
    {"compute.flag.fits-fine-tune-not-pretraining",
     "the budget fits a fine-tune or continued pretraining, not pretraining this model from "
     "scratch",
     "이 예산은 미세조정이나 추가 사전학습에는 맞지만, 이 모델을 처음부터 사전학습하기에는 "
     "부족합니다"},
    {"compute.flag.few-tokens-per-param",
     "claimed tokens are below 20 per parameter (the compute-optimal minimum for pretraining)",
     "주장된 토큰 수가 파라미터당 20개(사전학습의 연산 최적 최소치)보다 적습니다"},
    {"compute.scratch_vs_ft", "From scratch vs fine-tune, same model ({}, MFU {:.0f}%):",
     "같은 모델의 처음부터 학습과 미세조정 비교 ({}, MFU {:.0f}%):"},
    {"compute.row", "  {:<34} {:>10} tokens {:>10} FLOPs {:>10} GPU-hours",
     "  {:<34} 토큰 {:>10} FLOPs {:>10} GPU 시간 {:>10}"},
    {"compute.row.from-scratch", "from scratch (claimed tokens)", "처음부터 학습 (주장된 토큰)"},
    {"compute.row.from-scratch-chinchilla-minimum", "from scratch, 20 tokens per parameter",
     "처음부터 학습, 파라미터당 토큰 20개"},
    {"compute.row.continued-pretraining-100B", "continued pretraining, 100B tokens",
     "추가 사전학습, 토큰 1000억 개"},
    {"compute.row.fine-tune-1B", "fine-tune, 1B tokens", "미세조정, 토큰 10억 개"},
    {"compute.estimated_from", "  (parameters estimated from {})", "  (파라미터 추정 출처: {})"},

    // ---- lineage logs (training/log_checks.h) -----------------------------------------------
    {"logs.title", "Training log: {} points, steps {}..{} ({}, {})",
     "학습 로그: {}개 기록, 스텝 {}..{} ({}, {})"},
    {"logs.initial_loss", "  Initial loss: {:.4g}", "  초기 손실: {:.4g}"},
    {"logs.ln_vocab", "  ln(vocabulary size), the loss of a random model: {:.4g}",
     "  ln(어휘 크기), 무작위 모델의 손실: {:.4g}"},
    {"logs.no_vocab", "  (give --vocab-size to compare the initial loss with a random model's)",
     "  (초기 손실을 무작위 모델과 비교하려면 --vocab-size를 지정하세요)"},
    {"logs.random_start", "  -> consistent with training from random initialisation",
     "  -> 무작위 초기화에서 시작한 학습과 일치합니다"},
    {"logs.warm_start",
     "  -> WARM START: the log begins far below ln(V), as a model that was already trained would",
     "  -> 웜 스타트: 로그가 ln(V)보다 훨씬 낮게 시작하며, 이미 학습된 모델에서 시작한 것으로 "
     "보입니다"},
    {"logs.below_random",
     "  -> starts below ln(V): the first logged step may come after early training, or the run did "
     "not start from random weights",
     "  -> ln(V)보다 낮게 시작합니다: 첫 기록이 초기 학습 이후일 수 있거나, 무작위 가중치에서 "
     "시작하지 "
     "않았을 수 있습니다"},
    {"logs.tokens", "  Tokens logged: {:.4g}", "  기록된 토큰: {:.4g}"},
    {"logs.tokens_match", "  Tokens logged: {:.4g} ({:.3g}x, matches the claim)",
     "  기록된 토큰: {:.4g} ({:.3g}배, 주장과 일치)"},
    {"logs.tokens_mismatch", "  Tokens logged: {:.4g} ({:.3g}x, does NOT match the claim)",
     "  기록된 토큰: {:.4g} ({:.3g}배, 주장과 일치하지 않음)"},
    {"logs.tokens_not_logged", "  the log has no token count (give --tokens-per-step)",
     "  로그에 토큰 수가 없습니다(--tokens-per-step 지정)"},
    {"logs.discontinuities", "  Discontinuities (possible restart from another model): {}",
     "  불연속 구간(다른 모델에서 재시작했을 가능성): {}"},
    {"logs.discontinuity", "    #{} step {} {}: {:.4g} -> {:.4g} ({})",
     "    #{} 스텝 {} {}: {:.4g} -> {:.4g} ({})"},
    {"logs.none", "none", "없음"},

    // ---- lineage trajectory (training/trajectory.h) -----------------------------------------
    {"trajectory.title", "Checkpoint trajectory: {} checkpoints",
     "체크포인트 궤적: 체크포인트 {}개"},
    {"trajectory.random_start", "  (a) first checkpoint looks like random initialisation",
     "  (a) 첫 체크포인트가 무작위 초기화처럼 보입니다"},
    {"trajectory.not_random_start",
     "  (a) first checkpoint does NOT look like random initialisation",
     "  (a) 첫 체크포인트가 무작위 초기화처럼 보이지 않습니다"},
    {"trajectory.continuous", "  (b) every consecutive pair is derived: one continuous run",
     "  (b) 모든 연속 쌍이 파생 관계입니다: 하나의 연속된 학습"},
    {"trajectory.break", "  (b) chain broken at checkpoint {}", "  (b) 체인이 끊긴 체크포인트: {}"},
    {"trajectory.step", "      {} <- {}  {:<12} log10 p {:9.1f}  relative drift {:.4f}{}  {}",
     "      {} <- {}  {:<12} log10 p {:9.1f}  상대 변화량 {:.4f}{}  {}"},
    {"trajectory.jump", "  (drift jumps here)", "  (여기서 변화량이 급변합니다)"},
    {"trajectory.against", "  (c) first checkpoint vs base {}: {} (log10 p {:.1f})",
     "  (c) 첫 체크포인트 대 기준 모델 {}: {} (log10 p {:.1f})"},
    {"trajectory.derived", "DERIVED", "파생됨"},
    {"trajectory.unrelated", "no evidence of derivation", "파생 증거 없음"},

    // ---- lineage inspect --init-check (training/init_signature.h) ---------------------------
    {"init.title", "Random-initialisation signature: {}", "무작위 초기화 서명: {}"},
    {"init.verdict.random", "  -> looks like random initialisation",
     "  -> 무작위 초기화처럼 보입니다"},
    {"init.verdict.trained", "  -> trained", "  -> 학습됨"},
    {"init.verdict.mixed", "  -> MIXED: some components look trained, others fresh",
     "  -> 혼합: 일부 구성요소는 학습된 것으로, 나머지는 새로 초기화된 것으로 보입니다"},
    {"init.component", "  {:<16} {:<8} {}/{} tensors look trained{}",
     "  {0:<16} {1:<8} 텐서 {3}개 중 {2}개가 학습된 것으로 보임{4}"},
    {"init.state.random", "random", "무작위"},
    {"init.state.trained", "trained", "학습됨"},
    {"init.state.mixed", "mixed", "혼합"},

    // ---- lineage inspect (model/model.h) ----------------------------------------------------
    {"inspect.format", "  format:            {} ({} files)", "  형식:              {} (파일 {}개)"},
    {"inspect.architecture", "  architecture:      {}, {} layers",
     "  아키텍처:          {}, {}개 층"},
    {"inspect.tensors", "  tensors:           {} canonical ({} stored)",
     "  텐서:              정규화 {}개 (저장된 텐서 {}개)"},
    {"inspect.parameters", "  parameters:        {}", "  파라미터:          {}"},
    {"inspect.active", "  active per token:  {}", "  토큰당 활성:       {}"},
    {"inspect.dtypes", "  dtypes:            {}", "  데이터 타입:       {}"},
    {"inspect.tied", "  tied embeddings:   {}", "  임베딩 공유:       {}"},
    {"inspect.tokenizer", "  tokenizer:         {}", "  토크나이저:        {}"},
    {"inspect.tokenizer_size", "{}, {} tokens", "{}, 토큰 {}개"},
    {"inspect.vocab", "  vocab size:        {}", "  어휘 크기:         {}"},
    {"inspect.roles", "  roles:             {}", "  역할:              {}"},
    {"inspect.unmapped", "  unmapped:          {}", "  역할 미지정:       {}"},
    {"inspect.more", "    … {} more (see --json)", "    … 외 {}개 (--json 참고)"},
    {"inspect.note", "  note: {}", "  참고: {}"},

    // ---- lineage hash (weights/hash/hash.h) -----------------------------------------------------
    {"hash.identical", "byte-identical stored tensors: {} of {}",
     "바이트 단위로 동일한 저장 텐서: {1}개 중 {0}개"},
    {"hash.value_identical", "value-identical canonical tensors: {} of {}",
     "값이 동일한 정규화 텐서: {1}개 중 {0}개"},
    {"hash.more", "  … {} more (see --json)", "  … 외 {}개 (--json 참고)"},
    {"hash.casts", "lossy-dtype pairs equal after rounding to the narrower dtype: {} of {}",
     "더 좁은 데이터 타입으로 반올림했을 때 같은 손실 변환 쌍: {1}개 중 {0}개"},

    // ---- lineage weights (weights/pair/pair_analysis.h) -----------------------------------------
    {"weights.title", "weights lineage: {} vs base {}", "가중치 계보: {} 대 기반 모델 {}"},
    {"weights.verdict", "  verdict:     {}{}", "  판정:        {}{}"},
    {"weights.ancestry", "  ancestry:    {} ({})", "  계보 방향:   {} ({})"},
    {"weights.ancestry_evidence", "    evidence: {}", "    근거: {}"},
    {"weights.exact",
     "  exact:       log10 p = {} (Bonferroni over every exact test; strongest: {})",
     "  정확 검정:   log10 p = {} (모든 정확 검정에 Bonferroni 보정; 가장 강한 증거: {})"},
    {"weights.none", "none", "없음"},
    {"weights.robust",
     "  robust:      {} = {:.3f}, z_adj = {:.1f} against {} random-init replicas{} (calibrated, "
     "not "
     "exact)",
     "  강건 검정:   {0} = {1:.3f}, 무작위 초기화 복제본 {3}개 대비 z_adj = {2:.1f}{4} (보정값이며 "
     "정확 검정 "
     "아님)"},
    {"weights.robust_trained",
     "  robust:      {} = {:.3f}, z_adj = {:.1f} against {} trained independent pairs{} (panel {}; "
     "calibrated, not exact)",
     "  강건 검정:   {0} = {1:.3f}, 학습된 독립 모델 쌍 {3}개 대비 z_adj = {2:.1f}{4} (패널 {5}; "
     "보정값이며 "
     "정확 검정 아님)"},
    {"weights.beyond_panel", ", beyond every one", ", 모든 패널 값을 넘어섬"},
    {"alignment.identity", "identity", "항등"},
    {"alignment.signed-permutation", "signed-permutation", "부호 있는 순열"},
    {"alignment.rotation", "rotation", "회전"},
    {"alignment.none", "none", "없음"},
    {"weights.alignment",
     "  alignment:   {} (held-out cosine identity {:.3f}, permutation {:.3f}, rotation {:.3f}; {} "
     "shared tokens)",
     "  정렬:        {} (보류 표본 코사인: 항등 {:.3f}, 순열 {:.3f}, 회전 {:.3f}; 공유 토큰 {}개)"},
    {"weights.block_map", "  block map:  {}", "  블록 대응:  {}"},
    {"weights.no_blocks", " (no matched blocks)", " (대응된 블록 없음)"},
    {"weights.power", "  power:       {}", "  검정력:      {}"},
    {"weights.sampling", "  reading:     {}", "  판독:        {}"},
    {"weights.power_unmeasured", "  power:       not measured (a negative stays inconclusive)",
     "  검정력:      측정하지 않음 (음성 결과는 판단 불가로 남음)"},
    {"weights.note", "  note: {}", "  참고: {}"},
    {"weights.reading", "  reading {}: {}", "  {} 읽기: {}"},

    // ---- lineage calibrate (weights/calibration/calibration_panel.h) ----------------------------
    {"calibrate.title", "calibration record: {} vs {} (declared known-independent)",
     "보정 기록: {} 대 {} (독립으로 알려진 쌍으로 선언됨)"},
    {"calibrate.s2", "  S2 gate/up agreement {:.4f} over {} blocks ({} units, {} probe tokens)",
     "  S2 게이트/업 일치도 {:.4f}, 블록 {}개 (유닛 {}개, 탐침 토큰 {}개)"},
    {"calibrate.s4", "  S4 HuRef invariant cosine {:.4f} over {} blocks ({} probe tokens)",
     "  S4 HuRef 불변량 코사인 {:.4f}, 블록 {}개 (탐침 토큰 {}개)"},
    {"calibrate.cka", "  S3 unbiased CKA q {:.4f}, k {:.4f} (mean over {} blocks)",
     "  S3 비편향 CKA q {:.4f}, k {:.4f} (블록 {}개 평균)"},
    {"calibrate.appended", "  record appended to {}", "  기록을 {}에 추가함"},
    {"calibrate.no_how", "--how must say how the pair is known to be independent",
     "--how에 이 쌍이 독립임을 어떻게 아는지 적어야 합니다"},
    {"calibrate.refused_derived",
     "refused: {} and {} are not independent (verdict derived: {}); a calibration panel may hold "
     "known-independent pairs only",
     "거부됨: {}와 {}는 독립이 아닙니다 (판정: 파생, {}); 보정 패널에는 독립으로 알려진 쌍만 넣을 "
     "수 "
     "있습니다"},
    {"calibrate.refused_same_lineage",
     "refused: {} and {} have the same lineage id ({}); a calibration panel may hold "
     "known-independent pairs only",
     "거부됨: {}와 {}의 계보 ID가 같습니다 ({}); 보정 패널에는 독립으로 알려진 쌍만 넣을 수 "
     "있습니다"},
    {"calibrate.refused_identical",
     "refused: {} and {} share value-identical tensors ({}); a calibration panel may hold "
     "known-independent pairs only",
     "거부됨: {}와 {}는 값이 동일한 텐서를 공유합니다 ({}); 보정 패널에는 독립으로 알려진 쌍만 "
     "넣을 수 "
     "있습니다"},
    {"calibrate.no_statistics",
     "{} and {}: no robust statistic could be measured (no shared probe tokens or no gated MLP)",
     "{}와 {}: 강건 통계를 측정할 수 없습니다 (공유 탐침 토큰 또는 게이트 MLP 없음)"},

    // ---- `lineage --help` and each command's `--help` summary (cli/commands.cc, cmd_*.cc) ------
    {"help.title", "lineage {}: evidence of whether an LLM was derived from another",
     "lineage {}: 어떤 LLM이 다른 모델에서 파생되었는지에 대한 증거"},
    {"help.usage", "usage: lineage <command> [options]", "사용법: lineage <명령> [옵션]"},
    {"help.commands", "commands:", "명령:"},
    {"help.more", "'lineage <command> --help' describes a command's options.",
     "'lineage <명령> --help'로 각 명령의 옵션 설명을 볼 수 있습니다."},
    {"help.unknown_command", "unknown command '{}'", "알 수 없는 명령 '{}'"},
    {"help.inspect",
     "what a checkpoint holds: format, tensors, parameters, dtypes, config, tokenizer",
     "체크포인트의 내용: 형식, 텐서, 파라미터, 데이터 타입, 설정, 토크나이저"},
    {"help.hash", "per-tensor SHA-256 manifest; with two models, byte- and value-identical tensors",
     "텐서별 SHA-256 목록; 모델 두 개를 주면 바이트와 값이 동일한 텐서"},
    {"help.tokenizer",
     "tokenizer lineage: identical, extends, subset, reindexed, overlapping, unrelated",
     "토크나이저 계보: 동일, 확장, 부분집합, ID 재배정, 부분 중복, 무관"},
    {"help.arch",
     "architecture lineage: compare two configs (reuse is allowed, not weight evidence)",
     "아키텍처 계보: 두 설정 비교 (재사용은 허용되며 가중치 증거가 아님)"},
    {"help.weights", "weight lineage of CANDIDATE against BASE (exact and calibrated statistics)",
     "CANDIDATE(후보 모델)의 BASE(기반 모델) 대비 가중치 계보 (정확 통계량과 보정 통계량)"},
    {"help.compare", "all evidence against one or more bases, one verdict per base (the main job)",
     "하나 이상의 기반 모델에 대한 모든 증거와 기반 모델별 판정 (주 기능)"},
    {"help.compute", "compute plausibility of a training claim (FLOPs, GPU-hours, implied MFU)",
     "학습 주장의 연산량 타당성 (FLOPs, GPU 시간, 추정 MFU)"},
    {"help.logs", "training-log evidence: initial loss vs ln(V), tokens consumed, restarts",
     "학습 로그 증거: 초기 손실과 ln(V) 비교, 사용한 토큰 수, 재시작"},
    {"help.trajectory", "does a run start from random weights and train continuously?",
     "학습이 무작위 가중치에서 시작해 끊김 없이 이어졌는가?"},
    {"help.calibrate", "add a known-independent pair's robust statistics to a calibration panel",
     "독립으로 알려진 모델 쌍의 강건 통계량을 보정 패널에 추가"},
    {"help.cache", "list or prune lineage's cache of byte ranges of hub models",
     "허브 모델 바이트 범위 캐시의 목록 보기 또는 정리"},
    {"help.behaviour", "output agreement of served models (OpenAI-compatible APIs) with controls",
     "서비스 중인 모델(OpenAI 호환 API)의 출력 일치 검정, 대조 모델과 비교"},
    {"help.transcripts", "export the transcripts of queried served models",
     "질의한 서비스 모델의 기록(트랜스크립트) 내보내기"},
    {"help.app.behaviour",
     "Is a served CANDIDATE functionally closer to a BASE than to every CONTROL? (greedy output "
     "agreement on seeded random token prompts; never a weight verdict)",
     "서비스 중인 CANDIDATE(후보 모델)가 모든 CONTROL(대조 모델)보다 BASE(기반 모델)에 기능적으로 "
     "더 가까운가? (시드 고정 무작위 토큰 프롬프트에 대한 탐욕적 출력 일치; 가중치 판정이 아님)"},
    {"help.app.transcripts",
     "The transcript store of served-model queries ($XDG_CACHE_HOME/lineage/transcripts.sqlite)",
     "서비스 모델 질의 기록 저장소 ($XDG_CACHE_HOME/lineage/transcripts.sqlite)"},
    {"help.transcripts.export", "print every stored request and answer, one JSON object a line",
     "저장된 모든 요청과 응답을 한 줄에 JSON 객체 하나씩 출력"},
    {"help.app.inspect",
     "What a checkpoint holds: format, tensors, parameters, dtypes, config, tokenizer",
     "체크포인트의 내용: 형식, 텐서, 파라미터, 데이터 타입, 설정, 토크나이저"},
    {"help.app.hash",
     "Per-tensor SHA-256 manifest; with two models, byte- and value-identical tensors",
     "텐서별 SHA-256 목록; 모델 두 개를 주면 바이트와 값이 동일한 텐서"},
    {"help.app.tokenizer",
     "Tokenizer lineage: how tokenizer A relates to tokenizer B (extends = A extends B)",
     "토크나이저 계보: 토크나이저 A와 B의 관계 (확장 = A가 B를 확장함)"},
    {"help.app.arch", "Architecture lineage: compare two models' configs field by field",
     "아키텍처 계보: 두 모델의 설정을 필드별로 비교"},
    {"help.app.weights", "Weight lineage: do CANDIDATE and BASE share trained weights?",
     "가중치 계보: CANDIDATE(후보 모델)와 BASE(기반 모델)가 학습된 가중치를 공유하는가?"},
    {"help.app.compare",
     "Compare CANDIDATE with one or more possible BASEs along every line of evidence",
     "CANDIDATE(후보 모델)를 하나 이상의 BASE(기반 모델 후보)와 모든 증거 항목에 걸쳐 비교"},
    {"help.app.compute",
     "Compute plausibility of a training claim: FLOPs, GPU-hours, implied MFU, cost",
     "학습 주장의 연산량 타당성: FLOPs, GPU 시간, 추정 MFU, 비용"},
    {"help.app.logs", "Training-log evidence: initial loss vs ln(V), tokens consumed, restarts",
     "학습 로그 증거: 초기 손실과 ln(V) 비교, 사용한 토큰 수, 재시작"},
    {"help.app.trajectory",
     "Checkpoint trajectory: random start, unbroken chain, no parent among the given bases",
     "체크포인트 궤적: 무작위 시작, 끊김 없는 연결, 주어진 기반 모델 중 모체 모델 없음"},
    {"help.app.calibrate", "Add a known-independent pair to a calibration panel",
     "독립으로 알려진 모델 쌍을 보정 패널에 추가"},
    {"help.app.cache", "lineage's cache of byte ranges of hub models ($HF_HOME/lineage/ranges)",
     "허브 모델의 바이트 범위를 담은 lineage 캐시 ($HF_HOME/lineage/ranges)"},
    {"trajectory.two_needed", "give at least two checkpoints", "체크포인트를 두 개 이상 주십시오"},
    {"help.run_help", "Run with --help for more information.",
     "자세한 내용은 --help로 확인하십시오."},
};

}  // namespace

std::span<const CatalogEntry> CommandCatalogEntries() { return kCommandEntries; }

}  // namespace lineage
