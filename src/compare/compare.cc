#include "compare/compare.h"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "arch/catalog.h"
#include "arch/compare.h"
#include "arch/config.h"
#include "arch/param_count.h"
#include "compare/pca_illustration.h"
#include "compare/positive_controls.h"
#include "compare/sequential_stop.h"
#include "compare/submodels.h"
#include "io/byte_source.h"
#include "model/model.h"
#include "tokenizer/compare.h"
#include "tokenizer/findings.h"
#include "tokenizer/vocab.h"
#include "util/thread_pool.h"
#include "verdict/decide.h"
#include "verdict/ranking.h"
#include "weights/align/shared_tokens.h"
#include "weights/calibration/calibration_panel.h"
#include "weights/pair/pair_analysis.h"
#include "weights/pair/pair_evidence.h"
#include "weights/source/model_weight_source.h"

namespace lineage {

std::string ModelLabel(const std::string& path) {
  std::filesystem::path p(path);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();
  std::string name = p.filename().string();
  return name.empty() ? path : name;
}

void StampAccounting(const Model& m, uint64_t controls_bytes, ModelRef* ref) {
  ref->revision = m.location.revision;
  const uint64_t read = m.location.stats->bytes_read.load(std::memory_order_relaxed);
  ref->bytes_read_controls = std::min(read, controls_bytes);
  ref->bytes_read = read - ref->bytes_read_controls;
  ref->bytes_total = m.location.bytes_total;
  ref->requests = m.location.stats->requests.load(std::memory_order_relaxed);
}

void StampRun(const CompareOptions& options, CompareResult* result) {
  result->tool_version = LINEAGE_VERSION;
  result->seed = options.seed;
  if (options.timestamp) {
    char buf[32];
    std::time_t now = std::time(nullptr);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    result->timestamp = buf;
  }
}

namespace {

namespace fs = std::filesystem;

// Files bigger than this are listed with their size but not hashed here: hashing them would
// read every weight byte a second time. `lineage hash` gives their per-tensor digests.
constexpr uint64_t kMaxHashedFileBytes = uint64_t{256} << 20;

std::optional<std::string> Sha256File(const std::string& path) {
  auto src = OpenMappedFile(path);
  if (!src.ok() || (*src)->size() > kMaxHashedFileBytes) return std::nullopt;
  std::vector<uint8_t> buf((*src)->size());
  if (!(*src)->ReadAt(0, buf).ok()) return std::nullopt;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(buf.data(), buf.size(), md, &len, EVP_sha256(), nullptr) != 1) return std::nullopt;
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex.push_back(kHex[md[i] >> 4]);
    hex.push_back(kHex[md[i] & 15]);
  }
  return hex;
}

// The digest of one file of the model: hashed here when it is on disk (and not too big), else
// the opener's claim. Never reads a file that is not on disk: that would fetch it whole.
void DigestFile(const std::string& f, const Model& m, bool weights, uint64_t budget, FileDigest* d,
                std::vector<std::string>* warnings) {
  std::error_code ec;
  const bool on_disk = fs::is_regular_file(f, ec);
  if (!on_disk) {
    const FileOpener& files = *m.location.files;
    Result<uint64_t> size = files.Size(f);
    d->bytes = size.ok() ? *size : 0;
    d->sha256 = files.ClaimedSha256(f);
    if (!d->sha256.empty()) d->sha256_source = "hub-claim";
    return;
  }
  d->bytes = fs::file_size(f, ec);
  // Under a read budget the weights analysis gets the bytes: hashing would read the file whole.
  if (weights && budget > 0) {
    if (warnings != nullptr) warnings->push_back(f + ": not hashed under a read budget (--budget)");
    return;
  }
  std::optional<std::string> sha = Sha256File(f);
  if (sha) {
    d->sha256 = *sha;
    d->sha256_source = "computed";
    if (weights) m.location.stats->bytes_read.fetch_add(d->bytes, std::memory_order_relaxed);
  } else if (warnings != nullptr) {
    warnings->push_back(
        f + ": not hashed here (larger than 256 MB); `lineage hash` gives per-tensor digests");
  }
}

ModelRef DescribeModel(const Model& m, uint64_t budget, std::vector<std::string>* warnings) {
  const std::string& path = m.location.path;
  ModelRef ref;
  // A hub model is labelled by its repository's name; its revision is reported beside it.
  ref.label = ModelLabel(m.location.remote() ? m.location.repo : m.location.as_given);
  ref.path = m.location.as_given;
  ref.format = m.format;
  ref.revision = m.location.revision;
  std::set<std::string> files, weights;
  for (const Checkpoint& c : m.checkpoints) {
    files.insert(c.files.begin(), c.files.end());
    if (warnings != nullptr)
      warnings->insert(warnings->end(), c.warnings.begin(), c.warnings.end());
  }
  weights = files;
  if (fs::is_directory(path)) {
    for (const char* f : {"config.json", "generation_config.json", "tokenizer.json",
                          "tokenizer_config.json", "tokenizer.model"}) {
      if (fs::exists(fs::path(path) / f)) files.insert((fs::path(path) / f).string());
    }
  }
  for (const std::string& f : files) {
    FileDigest d;
    std::error_code ec;
    // Lexical: a hub snapshot's files are symlinks into blobs/, which must not be followed.
    d.path = fs::is_directory(path, ec) ? fs::path(f)
                                              .lexically_normal()
                                              .lexically_relative(fs::path(path).lexically_normal())
                                              .string()
                                        : ModelLabel(f);
    if (d.path.empty()) d.path = f;
    DigestFile(f, m, weights.count(f) > 0, budget, &d, warnings);
    ref.files.push_back(std::move(d));
  }
  return ref;
}

struct Loaded {
  Model model;
  std::optional<Vocab> vocab;
  std::string vocab_error;
  std::optional<ArchConfig> arch;
  std::string arch_error;
};

Result<Loaded> Load(const ModelLocation& location) {
  Loaded l;
  LINEAGE_ASSIGN_OR_RETURN(l.model, LoadModel(location));
  const std::string& path = location.as_given;
  if (!l.model.tokenizer_path.empty()) {
    Result<Vocab> v = LoadVocab(l.model.tokenizer_path);
    if (v.ok()) {
      l.vocab = std::move(v).value();
    } else {
      l.vocab_error = v.status().ToString();
    }
  } else {
    l.vocab_error = "no tokenizer found";
  }
  if (l.model.config) {
    Result<ArchConfig> a = ArchConfigFromJson(*l.model.config, path);
    if (a.ok()) {
      l.arch = std::move(a).value();
    } else {
      l.arch_error = a.status().ToString();
    }
  } else {
    l.arch_error = "no config";
  }
  return l;
}

TokenizerSummary SummariseTokenizer(const TokenizerComparison& c) {
  TokenizerSummary s;
  s.relation = RelationLabel(c.relation);
  s.candidate_vocab = static_cast<int>(c.a.vocab_size);
  s.base_vocab = static_cast<int>(c.b.vocab_size);
  s.shared_tokens = static_cast<int>(c.shared);
  s.jaccard = c.jaccard;
  s.containment = c.containment;
  s.same_id_rate = c.same_id_rate;
  s.added_token_scripts = c.added_in_a.scripts;
  return s;
}

std::string Render(const nlohmann::json* j) {
  if (j == nullptr) return "";
  return j->is_string() ? j->get<std::string>() : j->dump();
}

ArchitectureSummary SummariseArch(const ArchComparison& c) {
  ArchitectureSummary s;
  s.identical = c.identical;
  for (const FieldComparison* f : c.Differences()) {
    s.differences.push_back({f->key, f->a ? Render(&*f->a) : "", f->b ? Render(&*f->b) : ""});
  }
  for (const FieldComparison* f : c.RareShared()) {
    s.rare_shared.push_back(
        {f->key, f->a ? Render(&*f->a) : "", f->catalog_stating, f->catalog_same});
  }
  return s;
}

// Shared-token rows for aligning the residual bases, from the two vocabularies when both exist.
SharedTokenRows SharedRows(const Loaded& c, const Loaded& b, const WeightSource& sc,
                           const WeightSource& sb, PairResult* pair) {
  auto rows = [](const WeightSource& s) {
    return static_cast<int64_t>(s.Shape(TensorKey{Role::kEmbed}).first);
  };
  SharedTokenRows s =
      SharedRowsFromVocabs(c.vocab ? &*c.vocab : nullptr, b.vocab ? &*b.vocab : nullptr, rows(sc),
                           rows(sb), kPairProbeTokens);
  if (c.vocab && b.vocab) {
    if (s.size() == 0) pair->limitations.push_back("limitation.no_shared_tokens");
  } else {
    pair->limitations.push_back(!c.vocab ? "limitation.no_tokenizer_candidate"
                                         : "limitation.no_tokenizer_base");
  }
  return s;
}

// The shipped catalog of configs, then the user's.
Result<ConfigCatalog> LoadConfigCatalog(const CompareOptions& options) {
  LINEAGE_ASSIGN_OR_RETURN(std::string shipped, DefaultCatalogDir());
  std::vector<std::string> dirs{shipped};
  dirs.insert(dirs.end(), options.catalog_dirs.begin(), options.catalog_dirs.end());
  return LoadCatalog(dirs);
}

// What every pair analysis reads: the candidate and the shared resources.
struct RunContext {
  const CompareOptions& options;
  const Loaded& cand;
  const ModelWeightSource& sc;
  const ConfigCatalog& catalog;
  const CalibrationPanels& panels;
  ThreadPool& pool;
};

// What the pair analyses leave for the decision, the PCA view and the training evidence.
struct BaseRuns {
  // Bases stay loaded (mapped, not read) for the PCA view and the trajectory's base check.
  std::vector<std::unique_ptr<Loaded>> loaded;
  std::vector<std::unique_ptr<ModelWeightSource>> sources;
  std::vector<std::optional<ResidualAlignment>> alignments;
  std::vector<SubmodelOutcome> towers;   // per base: applied after the verdict
  std::vector<uint64_t> controls_bytes;  // per base: read to build its power controls
  std::set<std::string> components;
  std::vector<std::string> panels_used;
};

// Tokenizer and architecture: read from metadata, no weights.
void AddMetadataEvidence(const RunContext& ctx, const Loaded& base, PairResult* pair) {
  if (ctx.cand.vocab && base.vocab) {
    TokenizerComparison tc = CompareVocabs(*ctx.cand.vocab, *base.vocab);
    pair->tokenizer = SummariseTokenizer(tc);
    std::vector<Finding> f = TokenizerFindings(tc);
    pair->findings.insert(pair->findings.end(), f.begin(), f.end());
  }
  if (ctx.cand.arch && base.arch) {
    ArchComparison ac = CompareArch(*ctx.cand.arch, *base.arch, ctx.catalog);
    pair->architecture = SummariseArch(ac);
    std::vector<Finding> f = ArchFindings(ac);
    pair->findings.insert(pair->findings.end(), f.begin(), f.end());
  } else {
    pair->limitations.push_back("limitation.no_config");
  }
}

// The trunk's weights, then the other towers (vision, audio...).
// The decision options of a run against `bases` bases (one Bonferroni factor for all).
DecideOptions DecideOptionsFor(size_t bases) {
  DecideOptions dopts;
  dopts.candidates_checked = static_cast<int>(bases);
  return dopts;
}

void AddWeightEvidence(const RunContext& ctx, const Loaded& base, const ModelWeightSource& sb,
                       size_t bases, BaseRuns* runs, PairResult* pair,
                       std::vector<std::string>* warnings) {
  SharedTokenRows shared = SharedRows(ctx.cand, base, ctx.sc, sb, pair);
  WeightsOptions wopts;
  wopts.seed = ctx.options.seed;
  wopts.progress = ctx.options.progress;
  wopts.progress_sink = ctx.options.progress_sink;
  wopts.cancel = ctx.options.cancel;
  wopts.read_counters = {&ctx.cand.model.location.stats->bytes_read,
                         &base.model.location.stats->bytes_read};
  wopts.budget = {ctx.options.budget_bytes, wopts.read_counters[0], wopts.read_counters[1]};
  PowerOptions power;
  power.cache_dir = ctx.options.power_cache_dir;
  power.always = ctx.options.always_measure_power;
  wopts.sampling.mode = ctx.options.sampling;
  // Fingerprinted once per pair: every look and the final decision leave the same lineages out.
  auto identity = std::make_shared<const PairIdentity>(IdentifyPair(ctx.panels, ctx.sc, sb));
  wopts.sampling.look = MakeStopRule(
      {&ctx.panels, identity, &ctx.sc, &sb, DecideOptionsFor(bases), power.max_blocks});
  Result<WeightsResult> w = AnalyzeWeights(ctx.sc, sb, shared, ctx.pool, wopts);
  if (!w.ok()) {
    // Shapes that cannot be compared at all are a finding about this pair, not a failed run.
    pair->limitations.push_back("limitation.weights_not_compared");
    runs->alignments.push_back(std::nullopt);
    runs->towers.emplace_back();
    runs->controls_bytes.push_back(0);
    warnings->push_back(pair->base + ": weights not compared: " + w.status().message());
    return;
  }
  const TrainedPanels trained =
      TrainedPanelsForPair(ctx.panels, *w, *identity, ctx.sc.layout(), sb.layout());
  const std::string used = trained.Sources();
  std::vector<std::string>& panels_used = runs->panels_used;
  if (!used.empty() &&
      std::find(panels_used.begin(), panels_used.end(), used) == panels_used.end()) {
    panels_used.push_back(used);
  }
  AddWeightsEvidence(*w, pair, &trained);
  runs->alignments.push_back(w->alignment);
  runs->components.insert("trunk");
  SubmodelOutcome towers = AnalyzeSubmodels(ctx.sc, sb, ctx.pool, wopts);
  pair->findings.insert(pair->findings.end(), towers.findings.begin(), towers.findings.end());
  runs->components.insert(towers.compared.begin(), towers.compared.end());
  if (!towers.not_compared.empty())
    pair->limitations.push_back("limitation.component_not_compared");
  pair->limitations.insert(pair->limitations.end(), towers.notes.begin(), towers.notes.end());
  towers.findings.clear();
  runs->towers.push_back(std::move(towers));
  // Last, with every finding of the pair in: the controls run only when a verdict can rest on
  // the power (AddControlPower). A pair whose read budget ran out before the decision is
  // inconclusive whatever the power.
  const std::atomic<uint64_t>& base_read = base.model.location.stats->bytes_read;
  const uint64_t before_controls = base_read.load(std::memory_order_relaxed);
  if (w->sampling.stopped_on != "budget") {
    if (Status st = AddControlPower(sb, ctx.pool, ControlWeightsOptions(wopts, *w),
                                    DecideOptionsFor(bases), power, pair);
        !st.ok()) {
      warnings->push_back(pair->base + ": power not measured: " + st.message());
    }
  }
  runs->controls_bytes.push_back(base_read.load(std::memory_order_relaxed) - before_controls);
}

Status CompareBases(const RunContext& ctx, const std::vector<ModelLocation>& bases, BaseRuns* runs,
                    CompareResult* result) {
  for (const ModelLocation& location : bases) {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(ctx.options.cancel));
    Result<Loaded> loaded = Load(location);
    if (!loaded.ok()) return loaded.status().WithContext("base " + location.as_given);
    runs->loaded.push_back(std::make_unique<Loaded>(std::move(loaded).value()));
    const Loaded* base = runs->loaded.back().get();
    result->bases.push_back(
        DescribeModel(base->model, ctx.options.budget_bytes, &result->warnings));
    PairResult pair;
    pair.base = result->bases.back().label;
    AddMetadataEvidence(ctx, *base, &pair);
    runs->sources.push_back(std::make_unique<ModelWeightSource>(base->model));
    AddWeightEvidence(ctx, *base, *runs->sources.back(), bases.size(), runs, &pair,
                      &result->warnings);
    // A cancelled weight analysis reads as "not compared" there; it is the run's end instead.
    LINEAGE_RETURN_IF_ERROR(CheckCancel(ctx.options.cancel));
    result->results.push_back(std::move(pair));
  }
  return Status::Ok();
}

// One verdict per base; the relations among them (ancestry, ranking, parent) wait for the
// training evidence (DecideRelations in RunCompare).
void Decide(const BaseRuns& runs, CompareResult* result) {
  const DecideOptions dopts = DecideOptionsFor(result->results.size());
  for (size_t i = 0; i < result->results.size(); ++i) {
    PairResult& p = result->results[i];
    DecidePair(dopts, &p);
    ApplySubmodelDerivations(runs.towers[i], &p);
    const std::vector<ComponentVerdict>& not_compared = runs.towers[i].not_compared;
    p.components.insert(p.components.end(), not_compared.begin(), not_compared.end());
  }
  for (const std::string& id : runs.panels_used) {
    result->panel += (result->panel.empty() ? "" : ", ") + id;
  }
  result->components_covered.assign(runs.components.begin(), runs.components.end());
}

void DrawPca(const RunContext& ctx, const BaseRuns& runs, CompareResult* result) {
  if (ctx.options.budget_bytes > 0) {
    result->warnings.push_back("PCA illustration not drawn: it is not read under a read budget");
    return;
  }
  std::vector<PcaBaseInput> pca_bases;
  for (size_t i = 0; i < runs.sources.size(); ++i) {
    if (runs.alignments[i])
      pca_bases.push_back({result->bases[i].label, runs.sources[i].get(), &*runs.alignments[i]});
  }
  Result<PcaIllustration> pca =
      BuildPcaIllustration(result->candidate.label, ctx.sc, pca_bases, ctx.options.seed);
  if (pca.ok()) {
    result->pca = std::move(pca).value();
  } else {
    result->warnings.push_back("PCA illustration not drawn: " + pca.status().message());
  }
}

Status AddTraining(const RunContext& ctx, const BaseRuns& runs, CompareResult* result) {
  TrainingContext tc;
  tc.candidate = &ctx.cand.model;
  tc.candidate_path = ctx.cand.model.location.path;
  for (size_t i = 0; i < runs.loaded.size(); ++i) {
    tc.bases.push_back(&runs.loaded[i]->model);
    tc.base_labels.push_back(result->bases[i].label);
  }
  const uint64_t embed_rows = ctx.sc.Shape(Key(Role::kEmbed)).first;
  if (embed_rows > 0) tc.candidate_vocab = static_cast<double>(embed_rows);
  if (ctx.cand.arch) {
    Result<ParamEstimate> est = EstimateParameters(*ctx.cand.arch);
    if (est.ok()) {
      tc.config_total_params = est->total;
      tc.config_active_params = est->active;
    }
  }
  tc.seed = ctx.options.seed;
  tc.threads = ctx.options.threads;
  return AddTrainingEvidence(ctx.options.training, tc, result);
}

}  // namespace

Result<CompareResult> RunCompare(const ModelLocation& candidate,
                                 const std::vector<ModelLocation>& bases,
                                 const CompareOptions& options) {
  if (bases.empty()) return InvalidArgument("compare needs at least one base model");
  CompareResult result;
  StampRun(options, &result);
  Result<Loaded> cand = Load(candidate);
  if (!cand.ok()) return cand.status().WithContext("candidate");
  result.candidate = DescribeModel(cand->model, options.budget_bytes, &result.warnings);
  LINEAGE_ASSIGN_OR_RETURN(ConfigCatalog catalog, LoadConfigCatalog(options));
  LINEAGE_ASSIGN_OR_RETURN(CalibrationPanels panels, LoadShippedAndUserPanels(options.panel_files));

  ThreadPool pool(options.threads);
  ModelWeightSource sc(cand->model);
  const RunContext ctx{options, *cand, sc, catalog, panels, pool};
  BaseRuns runs;
  LINEAGE_RETURN_IF_ERROR(CompareBases(ctx, bases, &runs, &result));
  Decide(runs, &result);
  DrawPca(ctx, runs, &result);
  if (options.training.Any()) {
    LINEAGE_RETURN_IF_ERROR(AddTraining(ctx, runs, &result));
    LINEAGE_RETURN_IF_ERROR(CheckCancel(options.cancel));
  }
  DecideRelations(&result);
  StampAccounting(cand->model, 0, &result.candidate);
  for (size_t i = 0; i < runs.loaded.size(); ++i) {
    const uint64_t controls = i < runs.controls_bytes.size() ? runs.controls_bytes[i] : 0;
    StampAccounting(runs.loaded[i]->model, controls, &result.bases[i]);
  }
  return result;
}

}  // namespace lineage
