// The catalog's entries for the `--help` of each command: the option and positional descriptions,
// the help footer of the commands that read models, and the words CLI11's help formatter prints
// around them (its labels). Part of the one catalog (report/catalog.h). The commands register
// these keys as descriptions, and cli/cmd_common's ParseArgs renders every one in the language
// asked for before CLI11 prints help, so an option has one text per language and no English
// twin inline in the command.
#include "report/catalog_tables.h"

namespace lineage {
namespace {

constexpr CatalogEntry kOptionEntries[] = {
    // ---- CLI11's labels (CLI::Formatter::label), and its --help flag ----------------------------
    {"help.cli11.usage", "Usage", "사용법"},
    {"help.cli11.options_marker", "OPTIONS", "옵션"},
    {"help.cli11.subcommand_marker", "SUBCOMMAND", "하위 명령"},
    {"help.cli11.positionals", "Positionals", "위치 인자"},
    {"help.cli11.options", "Options", "옵션"},
    {"help.cli11.subcommands", "Subcommands", "하위 명령"},
    {"help.cli11.required", "REQUIRED", "필수"},
    {"help.cli11.text", "TEXT", "텍스트"},
    {"help.cli11.uint", "UINT", "자연수"},
    {"help.cli11.int", "INT", "정수"},
    {"help.cli11.float", "FLOAT", "실수"},
    {"help.cli11.help", "Print this help message and exit", "이 도움말을 출력하고 끝냄"},
    // ---- shared by several commands ---------------------------------------------------------
    {"help.opt.json", "Print machine-readable JSON", "기계가 읽을 수 있는 JSON을 출력"},
    {"help.opt.lang", "Language of the text output: en or ko", "텍스트 출력의 언어: en 또는 ko"},
    {"help.opt.threads", "Worker threads (0 = all cores)", "작업 스레드 수 (0 = 모든 코어)"},
    {"help.opt.quiet", "No progress output", "진행 상황을 출력하지 않음"},
    {"help.opt.seed", "Seed for sampling, panels and controls", "표본 추출, 패널, 대조군의 시드"},
    {"help.opt.catalog", "Extra directory of config JSON files for rarity (repeatable)",
     "희귀도를 계산할 설정 JSON 파일의 추가 디렉터리 (반복 가능)"},
    {"help.opt.panel",
     "Extra calibration panel (JSONL of known-independent pairs, from `lineage calibrate`); "
     "repeatable",
     "추가 보정 패널 (독립으로 알려진 쌍의 JSONL, `lineage calibrate`가 만듦); 반복 가능"},
    {"help.opt.tokens_per_step", "Tokens per optimizer step, when the logs have no token count",
     "로그에 토큰 수가 없을 때 옵티마이저 단계당 토큰 수"},
    // ---- models and the hub (AddModelFlags) -------------------------------------------------
    {"help.opt.ca_bundle",
     "CA certificates (PEM) to verify hub servers with (default: CURL_CA_BUNDLE, SSL_CERT_FILE, "
     "else the system's)",
     "허브 서버를 검증할 CA 인증서(PEM) (기본값: CURL_CA_BUNDLE, SSL_CERT_FILE, 없으면 시스템의 "
     "인증서)"},
    {"help.opt.insecure",
     "do NOT verify TLS certificates of hub servers (for mirrors only; unsafe)",
     "허브 서버의 TLS 인증서를 검증하지 않음 (미러 전용; 안전하지 않음)"},
    {"help.opt.timeout", "seconds to wait for a hub connection, and for a stalled transfer",
     "허브 연결과 멈춘 전송을 기다릴 시간(초)"},
    {"help.opt.offline", "use only the local hub cache, never the network (as HF_HUB_OFFLINE=1)",
     "로컬 허브 캐시만 쓰고 네트워크는 쓰지 않음 (HF_HUB_OFFLINE=1과 같음)"},
    {"help.opt.full",
     "test every block pair (no sequential reading); the default for local models under 1e8 "
     "block parameters",
     "모든 블록 쌍을 검정함 (순차 판독 없음); 블록 매개변수가 1e8개 미만인 로컬 모델의 기본값"},
    {"help.opt.sequential",
     "sequential block reading: seeded order, planned looks, stop once the decision is made "
     "(METHODS §10.8); the default for hub models and local models from 1e8 block parameters",
     "순차 블록 판독: 시드로 정한 순서, 미리 정한 확인 시점, 결정이 나면 멈춤 (METHODS §10.8); "
     "허브 "
     "모델과 블록 매개변수가 1e8개 이상인 로컬 모델의 기본값"},
    {"help.opt.always_measure_power",
     "run the positive controls even when no verdict rests on them (by default they run only "
     "when a component inside its null needs measured power to be called independent)",
     "판정이 검정력에 의존하지 않을 때도 양성 대조군을 실행 (기본값: 귀무 범위 안의 구성요소가 "
     "독립 판정을 받는 데 측정된 검정력이 필요할 때만 실행)"},
    {"help.opt.budget",
     "read at most SIZE bytes of each model (5GB, 500MB = powers of 1000; 1.5GiB, 512MiB = powers "
     "of 1024; a bare number is bytes): a stage or block pair that would go past it is not read, "
     "and a budget spent before the decision gives inconclusive (METHODS §10.8)",
     "모델마다 최대 SIZE 바이트만 읽음 (5GB, 500MB = 1000의 거듭제곱; 1.5GiB, 512MiB = 1024의 "
     "거듭제곱; 단위 없는 수는 바이트): 예산을 넘게 될 단계나 블록 쌍은 읽지 않으며, 판정 전에 "
     "예산을 다 쓰면 판단 불가 (METHODS §10.8)"},
    {"help.opt.verbose", "one line per hub request on stderr (no secrets)",
     "허브 요청마다 stderr에 한 줄 (비밀 정보 없음)"},
    {"help.footer.model",
     "MODEL is a local path, or a hub reference org/name[@rev], hf://org/name[@rev] or an https "
     "…/resolve/<rev>/<file> URL; a local path that exists always wins.\n"
     "Hub environment: HF_ENDPOINT, HF_TOKEN (or $HF_HOME/token), HF_HOME, HF_HUB_OFFLINE.\n"
     "Exit codes: 0 done (whatever the verdict), 1 bad input, 2 usage error, 3 internal error, 4 "
     "network or authentication failure.",
     "MODEL은 로컬 경로이거나, 허브 참조 org/name[@rev], hf://org/name[@rev] 또는 https "
     "…/resolve/<rev>/<file> URL입니다; 존재하는 로컬 경로가 항상 우선합니다.\n"
     "허브 환경 변수: HF_ENDPOINT, HF_TOKEN (또는 $HF_HOME/token), HF_HOME, HF_HUB_OFFLINE.\n"
     "종료 코드: 0 완료 (판정과 무관), 1 잘못된 입력, 2 사용법 오류, 3 내부 오류, 4 네트워크 또는 "
     "인증 실패."},
    // ---- training claims (AddClaimFlags) ----------------------------------------------------
    {"help.opt.params", "Total parameters, e.g. 102.6B", "전체 파라미터 수, 예: 102.6B"},
    {"help.opt.active", "Active parameters per token (MoE), e.g. 12B",
     "토큰당 활성 파라미터 수 (MoE), 예: 12B"},
    {"help.opt.gpu", "GPU model: A100|H100|H800|H200|B200|MI300X|TPUv5p",
     "GPU 종류: A100|H100|H800|H200|B200|MI300X|TPUv5p"},
    {"help.opt.gpus", "Number of GPUs in the claimed cluster", "주장된 클러스터의 GPU 수"},
    {"help.opt.days", "Claimed wall-clock days", "주장된 실제 학습 기간(일)"},
    {"help.opt.gpu_hours", "Claimed GPU-hours, e.g. 2.788M", "주장된 GPU 시간, 예: 2.788M"},
    {"help.opt.mfu", "Assumed model FLOPs utilisation, a fraction in (0, 1]",
     "가정한 모델 FLOPs 활용률, (0, 1] 범위의 비율"},
    {"help.opt.price", "$ per GPU-hour", "GPU 시간당 $"},
    {"help.opt.tokens", "Training tokens, e.g. 19.7T", "학습 토큰 수, 예: 19.7T"},
    // ---- arch -------------------------------------------------------------------------------
    {"help.opt.arch.model", "MODEL (directory or hub reference) or config.json / params.json",
     "MODEL (디렉터리 또는 허브 참조) 또는 config.json / params.json"},
    // ---- behaviour --------------------------------------------------------------------------
    {"help.opt.behaviour.candidate", "the served model under examination, LABEL=URL",
     "검사할 서비스 모델, LABEL=URL"},
    {"help.opt.behaviour.base", "the served possible parent, LABEL=URL",
     "기반 모델 후보인 서비스 모델, LABEL=URL"},
    {"help.opt.behaviour.control", "an unrelated served model, LABEL=URL (repeatable)",
     "무관한 서비스 모델, LABEL=URL (반복 가능)"},
    {"help.opt.behaviour.endpoint_model",
     "LABEL=ID: the model to ask on a multi-model server (else /v1/models decides)",
     "LABEL=ID: 여러 모델을 제공하는 서버에서 질의할 모델 (없으면 /v1/models로 결정)"},
    {"help.opt.behaviour.transcripts",
     "transcript store FILE (default $XDG_CACHE_HOME/lineage/transcripts.sqlite)",
     "기록 저장소 FILE (기본값 $XDG_CACHE_HOME/lineage/transcripts.sqlite)"},
    {"help.opt.behaviour.replay", "answer from the transcript store only; no request is sent",
     "기록 저장소에서만 응답을 읽음; 요청을 보내지 않음"},
    {"help.opt.behaviour.no_store", "do not record the requests and answers",
     "요청과 응답을 기록하지 않음"},
    {"help.opt.behaviour.prompts", "number of prompts (default 0: planned for the --power target)",
     "프롬프트 수 (기본값 0: --power 목표에 맞춰 계획)"},
    {"help.opt.behaviour.max_queries", "cap on the queries to all endpoints together (0: none)",
     "모든 엔드포인트에 보내는 질의 수 상한 (0: 없음)"},
    {"help.opt.behaviour.seed", "seed of the random token prompts", "무작위 토큰 프롬프트의 시드"},
    {"help.opt.behaviour.continuation", "greedy continuation length in tokens (16..256)",
     "탐욕적 이어쓰기 길이(토큰, 16..256)"},
    {"help.opt.behaviour.alpha", "family-wise significance level (Holm across controls)",
     "가족별 유의수준 (대조 모델 간 Holm 보정)"},
    {"help.opt.behaviour.power", "power target used to plan the number of prompts",
     "프롬프트 수를 계획할 때 쓰는 검정력 목표"},
    {"help.opt.behaviour.concurrency", "requests in flight at once (1..64)",
     "동시에 보내는 요청 수 (1..64)"},
    {"help.opt.behaviour.stream", "ask for streamed (SSE) answers", "스트리밍(SSE) 응답을 요청"},
    {"help.opt.behaviour.timeout", "seconds one request may take", "요청 하나에 허용하는 시간(초)"},
    {"help.opt.behaviour.retries", "retries after 429, 5xx and timeouts (with backoff)",
     "429, 5xx, 시간 초과 후 재시도 횟수 (백오프 적용)"},
    {"help.opt.behaviour.probes",
     "probe suites to run on every endpoint: all, or a list of identity,cutoff,refusal,tokenizer "
     "(observations, never a verdict)",
     "모든 엔드포인트에서 실행할 탐침 묶음: all 또는 identity,cutoff,refusal,tokenizer 목록 "
     "(관찰일 뿐 판정이 아님)"},
    {"help.opt.behaviour.probe_lang",
     "probe languages: en, ko or en,ko (default); the first also picks the chat prompts' language",
     "탐침 언어: en, ko 또는 en,ko (기본값). 첫 언어가 대화 프롬프트의 언어도 정함"},
    {"help.opt.behaviour.probe_tokens", "answer length of a probe in tokens (default 64)",
     "탐침 응답 길이(토큰, 기본값 64)"},
    {"help.opt.behaviour.prompt_mode",
     "agreement prompts: tokens (random token ids to /v1/completions), chat (shipped "
     "natural-language prompts, for chat-only servers) or auto (tokens when the servers report "
     "one vocabulary, default)",
     "일치 검정 프롬프트: tokens (/v1/completions에 무작위 토큰 id), chat (제공된 자연어 "
     "프롬프트, 채팅 전용 서버용) 또는 auto (서버가 같은 어휘를 알려 주면 tokens, 기본값)"},
    {"help.opt.compare.endpoint",
     "LABEL=URL: the served model of the candidate or a base with that label (repeatable; with "
     "--control, runs the output-agreement test); a model argument that is only a LABEL, with "
     "no files, is endpoint-only (no weight evidence: inconclusive)",
     "LABEL=URL: 해당 레이블을 가진 후보 모델 또는 기반 모델의 서비스 모델 (반복 가능; --control과 "
     "함께 출력 일치 검정을 실행). 파일 없이 LABEL만인 모델 인자는 엔드포인트 전용 모델 (가중치 "
     "근거 없음: 판단 불가)"},
    {"help.opt.transcripts.jsonl", "JSON Lines output (required: the only export format)",
     "JSON Lines 출력 (필수: 유일한 내보내기 형식)"},
    // ---- cache ------------------------------------------------------------------------------
    {"help.cache.ls", "each cached file: repo, commit, bytes cached / size",
     "캐시된 파일마다: 저장소, 커밋, 캐시된 바이트 / 크기"},
    {"help.cache.prune",
     "remove least recently used chunks down to a size (default: the cache cap, 20GB)",
     "가장 오래 쓰지 않은 청크부터 지워 크기를 줄임 (기본값: 캐시 상한, 20GB)"},
    {"help.opt.max_size", "keep at most SIZE (e.g. 5GB, 500MiB)",
     "최대 SIZE까지만 남김 (예: 5GB, 500MiB)"},
    {"help.opt.all", "remove every cached range", "캐시된 범위를 모두 지움"},
    // ---- calibrate --------------------------------------------------------------------------
    {"help.opt.calibrate.a", "first model (analysed as the candidate)",
     "첫 번째 모델 (후보 모델로 분석)"},
    {"help.opt.calibrate.b", "second model, known to be independent of the first (the base)",
     "첫 번째와 독립으로 알려진 두 번째 모델 (기반 모델)"},
    {"help.opt.calibrate.out", "append the record to this JSONL panel file (default: print it)",
     "기록을 이 JSONL 패널 파일에 덧붙임 (기본값: 출력)"},
    {"help.opt.calibrate.how",
     "provenance: how the pair is known to be independent (stored in the record)",
     "출처: 이 쌍이 독립임을 아는 근거 (기록에 저장됨)"},
    {"help.opt.calibrate.lineage_a",
     "lineage id of the first model: the root its weights descend from (recorded; calibration "
     "leaves out every record of a tested model's lineage)",
     "첫 번째 모델의 계보 ID: 가중치가 유래한 뿌리(기록됨; 보정은 검사 대상 모델의 계보에 속한 "
     "모든 기록을 제외함)"},
    {"help.opt.calibrate.lineage_b", "lineage id of the second model", "두 번째 모델의 계보 ID"},
    {"help.opt.calibrate.same_data",
     "both models were trained on the same data (recorded: a panel is the null of the statistics "
     "shared data moves only when it holds such pairs)",
     "두 모델이 같은 데이터로 학습되었음(기록됨: 공유 데이터가 움직이는 통계량의 영가설 패널은 "
     "이런 쌍을 포함할 때만 유효함)"},
    {"help.opt.calibrate.json", "print the record as indented JSON", "기록을 들여쓴 JSON으로 출력"},
    {"help.opt.calibrate.seed", "seed for sampling and panels (recorded)",
     "표본 추출과 패널의 시드 (기록됨)"},
    {"help.opt.calibrate.quiet", "no progress bar and no summary on stderr",
     "stderr에 진행 막대와 요약을 출력하지 않음"},
    // ---- compare ----------------------------------------------------------------------------
    {"help.opt.compare.candidate", "the model under examination (a MODEL)",
     "검사할 모델 (MODEL 하나)"},
    {"help.opt.compare.bases", "possible parents (one or more MODELs)",
     "가능한 모체 모델 (MODEL 하나 이상)"},
    {"help.opt.compare.registry",
     "also compare against the related models a fingerprint registry search finds (PATH or "
     "postgresql:// URI; no value: the default registry; put it after the models)",
     "지문 레지스트리 검색이 찾은 관련 모델과도 비교 (PATH 또는 postgresql:// URI; 값이 없으면 "
     "기본 "
     "레지스트리; 모델 인자 뒤에 쓰십시오)"},
    {"help.opt.compare.json", "print the JSON report (docs/JSON_SCHEMA.md) on stdout",
     "JSON 보고서(docs/JSON_SCHEMA.md)를 stdout에 출력"},
    {"help.opt.compare.html", "write a self-contained HTML report to FILE",
     "자체 완결형 HTML 보고서를 FILE에 기록"},
    {"help.opt.compare.md", "write a Markdown report to FILE", "Markdown 보고서를 FILE에 기록"},
    {"help.opt.compare.lang", "language of the reports: en or ko", "보고서의 언어: en 또는 ko"},
    {"help.opt.compare.timestamp", "record the time of the run in the reports",
     "실행 시각을 보고서에 기록"},
    {"help.opt.compare.logs",
     "training logs of the candidate's run (CSV, JSONL, TensorBoard), in order",
     "후보 모델 학습 실행의 학습 로그 (CSV, JSONL, TensorBoard), 순서대로"},
    {"help.opt.compare.checkpoints",
     "checkpoints (MODELs) of the candidate's run from step 0, in order (the candidate is "
     "appended as the last step)",
     "0단계부터 후보 모델 학습 실행의 체크포인트 (MODEL), 순서대로 (후보 모델이 마지막 단계로 "
     "덧붙음)"},
    {"help.opt.compare.vocab_size",
     "V for the logs' ln V check (default: the candidate's embedding rows)",
     "로그의 ln V 검사에 쓸 V (기본값: 후보 모델의 임베딩 행 수)"},
    {"help.opt.compare.init_check", "random-initialisation signature of the candidate",
     "후보 모델의 무작위 초기화 흔적"},
    // ---- compute, hash, inspect, logs -------------------------------------------------------
    {"help.opt.compute.model", "Model directory or config.json to count parameters from",
     "파라미터를 셀 모델 디렉터리 또는 config.json"},
    {"help.opt.hash.model", "one model (manifest) or two (comparison)",
     "모델 하나 (매니페스트) 또는 둘 (비교)"},
    {"help.opt.hash.values", "also hash canonical f32 values (one model)",
     "정규화한 f32 값도 해시 (모델 하나)"},
    {"help.opt.hash.threads", "worker threads (default: all cores)",
     "작업 스레드 수 (기본값: 모든 코어)"},
    {"help.opt.inspect.model",
     "HF folder, .safetensors, .gguf, llama2.c .bin, a sharded index, or a hub reference",
     "HF 폴더, .safetensors, .gguf, llama2.c .bin, 샤드 인덱스, 또는 허브 참조"},
    {"help.opt.inspect.threads", "unused: inspect reads headers only",
     "쓰이지 않음: inspect는 헤더만 읽음"},
    {"help.opt.inspect.init_check",
     "does every weight matrix still look like random initialisation?",
     "모든 가중치 행렬이 아직 무작위 초기화처럼 보이는가?"},
    {"help.opt.logs.files", "CSV, JSONL or TensorBoard event files of one run, in order",
     "한 실행의 CSV, JSONL 또는 TensorBoard 이벤트 파일, 순서대로"},
    {"help.opt.logs.vocab_size", "Vocabulary size V (initial loss of a random model is ~ln V)",
     "어휘 크기 V (무작위 모델의 초기 손실은 약 ln V)"},
    {"help.opt.logs.claimed_tokens", "Claimed training tokens, e.g. 19.7T",
     "주장된 학습 토큰 수, 예: 19.7T"},
    // ---- tokenizer, trajectory, weights -----------------------------------------------------
    {"help.opt.tokenizer.a", "MODEL (directory or hub reference) or tokenizer file (candidate)",
     "MODEL (디렉터리 또는 허브 참조) 또는 토크나이저 파일 (후보 모델)"},
    {"help.opt.tokenizer.b", "MODEL (directory or hub reference) or tokenizer file (base)",
     "MODEL (디렉터리 또는 허브 참조) 또는 토크나이저 파일 (기반 모델)"},
    {"help.opt.tokenizer.threads",
     "1 loads A then B on one thread; otherwise A and B load in parallel",
     "1이면 한 스레드에서 A 다음에 B를 읽음; 그 밖에는 A와 B를 병렬로 읽음"},
    {"help.opt.tokenizer.quiet", "print only the relation (text mode)",
     "관계만 출력 (텍스트 모드)"},
    {"help.opt.trajectory.ckpt", "Checkpoints (MODELs) of one run, in training order",
     "한 실행의 체크포인트 (MODEL), 학습 순서대로"},
    {"help.opt.trajectory.against",
     "Possible parents (MODELs) the first checkpoint must not derive from",
     "첫 체크포인트가 파생되지 않았어야 할 가능한 모체 모델 (MODEL)"},
    {"help.opt.weights.candidate", "candidate MODEL (directory, file, index or hub reference)",
     "후보 MODEL (디렉터리, 파일, 인덱스 또는 허브 참조)"},
    {"help.opt.weights.base", "possible base MODEL", "가능한 기반 MODEL"},
    {"help.opt.weights.verbose",
     "wall-clock seconds per stage, and one line per hub request, on stderr",
     "단계별 경과 시간(초)과 허브 요청마다 한 줄을 stderr에 출력"},
};

}  // namespace

std::span<const CatalogEntry> OptionCatalogEntries() { return kOptionEntries; }

}  // namespace lineage
