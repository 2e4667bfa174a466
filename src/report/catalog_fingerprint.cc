// The catalog's entries for `lineage fingerprint` (src/cli/cmd_fingerprint.cc): its --help and its
// text output, English and Korean. Part of the one catalog (report/catalog.h). The comparison is
// a screening: its lines say "related" or "no relation found", never "derived" or "ancestor".
#include "report/catalog_tables.h"

namespace lineage {
namespace {

constexpr CatalogEntry kFingerprintEntries[] = {
    {"help.fingerprint",
     "compact weight fingerprint of a model; with two, a screening comparison of their sketches",
     "모델의 간결한 가중치 지문; 두 개를 주면 스케치로 하는 선별 비교"},
    {"help.app.fingerprint",
     "Writes a model's fingerprint (docs/FORMATS.md); with two models or fingerprints, screens "
     "them for relatedness by their sketches (docs/METHODS.md §14)",
     "모델의 지문을 기록합니다 (docs/FORMATS.md); 모델이나 지문 두 개를 주면 스케치로 관련성을 "
     "선별합니다 (docs/METHODS.md §14)"},
    {"help.opt.fingerprint.model",
     "one MODEL (write its fingerprint) or two MODELs or fingerprint files (compare them)",
     "MODEL 하나 (지문 기록) 또는 MODEL이나 지문 파일 둘 (비교)"},
    {"help.opt.fingerprint.output", "fingerprint file to write (default: <model name>.lfp)",
     "기록할 지문 파일 (기본값: <모델 이름>.lfp)"},
    {"help.opt.fingerprint.seed",
     "projection seed of the registry (default 0x4C494E4541474531); fingerprints made with "
     "different seeds cannot be compared",
     "레지스트리의 투영 시드 (기본값 0x4C494E4541474531); 시드가 다른 지문끼리는 비교할 수 "
     "없음"},
    {"fingerprint.output_with_two", "-o/--output writes one fingerprint: give one MODEL",
     "-o/--output은 지문 하나를 기록합니다: MODEL을 하나만 주십시오"},
    {"fingerprint.written",
     "fingerprint written to {}: {} bytes, {} blocks, {} probe tokens, up to {} units per block",
     "지문을 {}에 기록함: {} 바이트, 블록 {}개, 탐침 토큰 {}개, 블록당 최대 유닛 {}개"},
    {"fingerprint.identical", "byte-identical tensors: {} of {}", "바이트가 동일한 텐서: {} / {}"},
    {"fingerprint.tokens",
     "tokenizer Jaccard {:.3f}, same id {:.1f}%; shared probe tokens {}; embedding alignment "
     "(context): {}",
     "토크나이저 Jaccard {:.3f}, 같은 ID {:.1f}%; 공유 탐침 토큰 {}개; 임베딩 정렬 (참고): {}"},
    {"fingerprint.block",
     "block {}: {} of {} kept units hit their own label (width {}), log10 p ≤ {:.2f}; gate/up "
     "agreement {:.2f} (chance {:.3f})",
     "블록 {}: 보관한 유닛 {}/{}개가 자기 번호와 일치 (폭 {}), log10 p ≤ {:.2f}; gate/up 일치도 "
     "{:.2f} (우연 수준 {:.3f})"},
    {"fingerprint.block_hits_only",
     "block {} ↔ {}: {} of {} kept units hit their own label (width {}), log10 p ≤ {:.2f}",
     "블록 {} ↔ {}: 보관한 유닛 {}/{}개가 자기 번호와 일치 (폭 {}), log10 p ≤ {:.2f}"},
    {"fingerprint.block_pair",
     "block {} ↔ {}: {} of {} kept units hit their own label (width {}), log10 p ≤ {:.2f}; gate/up "
     "agreement {:.2f} (chance {:.3f})",
     "블록 {} ↔ {}: 보관한 유닛 {}/{}개가 자기 번호와 일치 (폭 {}), log10 p ≤ {:.2f}; gate/up "
     "일치도 {:.2f} (우연 수준 {:.3f})"},
    {"fingerprint.hits_map",
     "unit-identity hit count on sketches, smallest p of {} block pairs times {} (exact null): "
     "log10 p ≤ {:.2f}",
     "스케치의 유닛 동일성 일치 수, 블록 쌍 {}개 중 가장 작은 p에 {}를 곱함 (정확한 귀무분포): "
     "log10 p ≤ {:.2f}"},
    {"fingerprint.block_widths",
     "block {}: widths {} and {} differ (no hit count); gate/up agreement {:.2f} (chance {:.3f})",
     "블록 {}: 폭 {}와 {}가 달라 일치 수를 세지 않음; gate/up 일치도 {:.2f} (우연 수준 {:.3f})"},
    {"fingerprint.hits",
     "unit-identity hit count on sketches, Fisher over {} blocks (exact null): log10 p ≤ {:.2f}",
     "스케치의 유닛 동일성 일치 수, 블록 {}개 Fisher 결합 (정확한 귀무분포): log10 p ≤ {:.2f}"},
    {"fingerprint.agreement",
     "gate/up agreement on sketches (robust, no exact null): mean {:.2f}, effect floor {:.2f}",
     "스케치의 gate/up 일치도 (강건, 정확한 귀무분포 없음): 평균 {:.2f}, 효과 하한 {:.2f}"},
    {"fingerprint.related_exact",
     "related (exact sketch test, log10 p ≤ {:.2f}): run `lineage compare` for the evidence in "
     "full; a screening says nothing about which model came first",
     "관련됨 (스케치 정확 검정, log10 p ≤ {:.2f}): 전체 증거는 `lineage compare`로 확인하십시오; "
     "선별 결과는 어느 모델이 먼저인지 말하지 않습니다"},
    {"fingerprint.related_robust",
     "related (gate/up agreement above its effect floor; no p-value: the exact test sees "
     "relabelled units as unrelated, log10 p ≤ {:.2f}): run `lineage compare`",
     "관련됨 (gate/up 일치도가 효과 하한 이상; p값 없음: 정확 검정은 번호가 바뀐 유닛을 보지 "
     "못함, log10 p ≤ {:.2f}): `lineage compare`를 실행하십시오"},
    {"fingerprint.not_related",
     "no relation found by the sketches (log10 p ≤ {:.2f}); not a verdict: heavy training, a "
     "change of depth or few shared probe tokens can hide a relation that `lineage compare` "
     "would find",
     "스케치로는 관련성을 찾지 못함 (log10 p ≤ {:.2f}); 판정이 아님: 많은 추가 학습, 깊이 변경, "
     "적은 공유 탐침 토큰은 `lineage compare`가 찾을 관련성을 가릴 수 있음"},
    // ---- lineage registry (src/cli/cmd_registry.cc) ---------------------------------------
    {"help.registry", "the fingerprint registry: add, search (screening), ls, rm, build",
     "지문 레지스트리: 추가, 검색 (선별), 목록, 삭제, 구축"},
    {"help.app.registry",
     "The fingerprint registry (an SQLite file, or a shared PostgreSQL): add models or "
     "fingerprints, screen a candidate against every registered model, list, remove "
     "(docs/METHODS.md §14)",
     "지문 레지스트리 (SQLite 파일 또는 공유 PostgreSQL): 모델이나 지문을 추가하고, 후보를 등록된 "
     "모든 모델과 선별 "
     "비교하고, 목록을 보고, 삭제합니다 (docs/METHODS.md §14)"},
    {"help.registry.add", "add MODELs or fingerprint files (idempotent)",
     "MODEL이나 지문 파일 추가 (같은 모델은 한 번만)"},
    {"help.registry.search", "screen a candidate against every registered model",
     "후보를 등록된 모든 모델과 선별 비교"},
    {"help.registry.ls", "list the registered models", "등록된 모델 목록"},
    {"help.registry.rm", "remove models by id or reference", "ID나 참조로 모델 삭제"},
    {"help.opt.registry.path",
     "registry database: an SQLite file, or postgresql://user:password@host:port/db (the "
     "password is never printed; default: $XDG_DATA_HOME/lineage/registry.sqlite)",
     "레지스트리 데이터베이스: SQLite 파일 또는 postgresql://user:password@host:port/db "
     "(비밀번호는 "
     "출력하지 않음; 기본값: $XDG_DATA_HOME/lineage/registry.sqlite)"},
    {"help.opt.registry.inputs", "MODELs or fingerprint files to add",
     "추가할 MODEL 또는 지문 파일"},
    {"help.opt.registry.candidate", "candidate MODEL or fingerprint file",
     "후보 MODEL 또는 지문 파일"},
    {"help.opt.registry.top", "registry models compared in full after the prefilter (default 10)",
     "사전 선별 뒤 전체 비교할 레지스트리 모델 수 (기본값 10)"},
    {"help.opt.registry.rm", "ids or references to remove", "삭제할 ID 또는 참조"},
    {"help.opt.registry.search_threads",
     "worker threads: fingerprinting a MODEL candidate (default: all cores) and the full "
     "comparisons (default: 1, faster on a busy machine)",
     "작업 스레드 수: MODEL 후보의 지문 생성 (기본값: 모든 코어)과 전체 비교 (기본값: 1, 바쁜 "
     "머신에서 더 빠름)"},
    {"registry.added", "added {} as #{}", "{}을(를) #{}로 추가함"},
    {"registry.exists", "{} is already registered as #{}", "{}은(는) 이미 #{}로 등록되어 있음"},
    {"registry.removed", "removed {}: {} model(s)", "{} 삭제: 모델 {}개"},
    {"registry.none_removed", "no registered model has id or reference '{}'",
     "ID나 참조가 '{}'인 등록 모델이 없음"},
    {"compare.registry.nothing",
     "no base given and the registry search found no related model: nothing to compare",
     "기반 모델이 주어지지 않았고 레지스트리 검색에서 관련된 모델을 찾지 못함: 비교할 대상이 없음"},
    {"help.registry.build",
     "fingerprint every model of a list and add it (resumable, several workers)",
     "목록의 모든 모델을 지문으로 만들어 추가 (재개 가능, 여러 작업자)"},
    {"help.opt.registry.list",
     "model list: one per line, tab-separated reference, revision, then free columns "
     "(data/registry/base-models.tsv)",
     "모델 목록: 한 줄에 하나, 탭으로 구분한 참조, 리비전, 이후 자유 열 "
     "(data/registry/base-models.tsv)"},
    {"help.opt.registry.jobs", "models fingerprinted at once (default 1)",
     "동시에 지문을 만들 모델 수 (기본값 1)"},
    {"registry.build.header", "building: {} model(s) into {} (holding {} already), {} worker(s)",
     "구축: 모델 {}개를 {}에 추가 (이미 {}개 보유), 작업자 {}개"},
    {"registry.build.added", "[{}/{}] {}: added as #{} ({} read, {:.1f} s)",
     "[{}/{}] {}: #{}로 추가함 ({} 읽음, {:.1f}초)"},
    {"registry.build.skipped", "[{}/{}] {}: already registered, skipped",
     "[{}/{}] {}: 이미 등록되어 있어 건너뜀"},
    {"registry.build.failed", "[{}/{}] {}: failed: {}", "[{}/{}] {}: 실패: {}"},
    {"registry.build.total", "{} added, {} already registered, {} failed; {} read in total",
     "{}개 추가, {}개 이미 등록됨, {}개 실패; 모두 {} 읽음"},
    {"registry.ls.header", "registry {}: {} model(s)", "레지스트리 {}: 모델 {}개"},
    {"registry.search.header",
     "screening {} against {} registered model(s); {} compared in full after the prefilter",
     "{}을(를) 등록된 모델 {}개와 선별 비교; 사전 선별 뒤 {}개를 전체 비교"},
    {"registry.search.exact",
     "  related: #{} {} (exact sketch test, log10 p ≤ {:.2f} after Bonferroni; gate/up "
     "agreement {:.2f})",
     "  관련됨: #{} {} (스케치 정확 검정, Bonferroni 보정 후 log10 p ≤ {:.2f}; gate/up 일치도 "
     "{:.2f})"},
    {"registry.search.robust",
     "  related: #{} {} (gate/up agreement above its floor, no p-value; exact test log10 p ≤ "
     "{:.2f} after Bonferroni; agreement {:.2f})",
     "  관련됨: #{} {} (gate/up 일치도가 하한 이상, p값 없음; 정확 검정 Bonferroni 보정 후 "
     "log10 p ≤ {:.2f}; 일치도 {:.2f})"},
    {"registry.search.footer",
     "a screening, not a verdict: run `lineage compare` against these models; it says nothing "
     "about which model came first",
     "판정이 아닌 선별 결과입니다: 이 모델들에 대해 `lineage compare`를 실행하십시오; 어느 모델이 "
     "먼저인지는 말하지 않습니다"},
    {"registry.search.none",
     "no related model found among those compared; not a verdict (see docs/METHODS.md §14)",
     "비교한 모델 중 관련된 모델을 찾지 못함; 판정이 아님 (docs/METHODS.md §14 참고)"},
};

}  // namespace

std::span<const CatalogEntry> FingerprintCatalogEntries() { return kFingerprintEntries; }

}  // namespace lineage
