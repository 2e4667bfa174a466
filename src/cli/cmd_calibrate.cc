// `lineage calibrate A B`: adds a pair the user declares known-independent to a calibration panel
// (weights/calibration/calibration_panel.h, docs/CALIBRATION.md). It runs the same weight analysis
// as `lineage weights` and records the robust statistics, the shape class they depend on, the
// models' fingerprints and file digests, the tool version, seed, date and the user's provenance.
// A pair the analysis finds derived, or that shares value-identical tensors, is refused: one
// derived pair in a panel would widen the null and hide derivation in every later comparison.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "compare/weights_pair.h"
#include "io/byte_source.h"
#include "report/catalog.h"
#include "util/progress.h"
#include "verdict/decide.h"
#include "weights/calibration/calibration_panel.h"
#include "weights/calibration/model_identity.h"
#include "weights/hash/hash.h"
#include "weights/pair/pair_evidence.h"

namespace lineage::cli {

namespace {

namespace fs = std::filesystem;

std::string TodayUtc() {
  char buf[16];
  std::time_t now = std::time(nullptr);
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

// The SHA-256 of one weight file: streamed whole when it is on disk; for a file the opener serves
// without a local copy, the opener's claim (reading it whole would fetch it).
Status DigestPanelFile(const std::string& f, const Model& model, FileDigest* d) {
  std::error_code ec;
  if (!fs::is_regular_file(f, ec)) {
    const FileOpener& files = *model.location.files;
    LINEAGE_ASSIGN_OR_RETURN(d->bytes, files.Size(f));
    d->sha256 = files.ClaimedSha256(f);
    if (!d->sha256.empty()) d->sha256_source = "hub-claim";
    return Status::Ok();
  }
  LINEAGE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src, OpenMappedFile(f));
  d->bytes = src->size();
  LINEAGE_ASSIGN_OR_RETURN(d->sha256, Sha256OfRange(*src, 0, src->size()));
  d->sha256_source = "computed";
  return Status::Ok();
}

// Identity and provenance of one model: the weights fingerprint and every weight file's SHA-256,
// paths relative to the model's folder.
Result<PanelModel> DescribePanelModel(const Model& model, const WeightSource& source) {
  const std::string& path = model.location.path;
  PanelModel m;
  m.path = model.location.as_given;
  LINEAGE_ASSIGN_OR_RETURN(m.fingerprint, ModelFingerprint(source));
  std::set<std::string> files;
  for (const Checkpoint& c : model.checkpoints) files.insert(c.files.begin(), c.files.end());
  for (const std::string& f : files) {
    FileDigest d;
    std::error_code ec;
    d.path = fs::is_directory(path, ec) ? fs::relative(f, path, ec).string()
                                        : fs::path(f).filename().string();
    if (ec || d.path.empty()) d.path = fs::path(f).filename().string();
    LINEAGE_RETURN_IF_ERROR(DigestPanelFile(f, model, &d));
    m.files.push_back(std::move(d));
  }
  return m;
}

// Non-constant tensors with identical values: a copy, whatever the statistics say.
int IdenticalTensors(const WeightsResult& r) {
  int n = 0;
  for (const TensorComparison& t : r.tensors)
    n += t.value_identical && t.rows >= 2 && t.pearson > 0.99 && t.deterministic.empty();
  return n;
}

struct CalibrateArgs {
  std::string a_path, b_path, out_path, how, lang = "en";
  std::string lineage_a, lineage_b;  // panel format 1.1 lineage ids
  bool json = false, quiet = false, same_data = false;
  unsigned threads = 0;
  uint64_t seed = WeightsOptions().seed;
  ModelFlags model_flags;
};

void AddCalibrateOptions(CLI::App& app, CalibrateArgs* a) {
  app.add_option("a", a->a_path, "help.opt.calibrate.a")->required();
  app.add_option("b", a->b_path, "help.opt.calibrate.b")->required();
  app.add_option("--out", a->out_path, "help.opt.calibrate.out");
  app.add_option("--how", a->how, "help.opt.calibrate.how")->required();
  app.add_option("--lineage-a", a->lineage_a, "help.opt.calibrate.lineage_a");
  app.add_option("--lineage-b", a->lineage_b, "help.opt.calibrate.lineage_b");
  app.add_flag("--same-data", a->same_data, "help.opt.calibrate.same_data");
  app.add_flag("--json", a->json, "help.opt.calibrate.json");
  app.add_option("--threads", a->threads, "help.opt.threads");
  app.add_option("--seed", a->seed, "help.opt.calibrate.seed");
  AddLangOption(app, &a->lang);
  app.add_flag("--quiet", a->quiet, "help.opt.calibrate.quiet");
  AddModelFlags(app, &a->model_flags);
}

// The stages below return an exit code to stop with, or -1 to go on.

// The pair must not be evidently derived: decided with the random-init replicas only, so no
// existing panel influences what enters a panel.
int RefuseDerived(const WeightsResult& r, const CalibrateArgs& a, Lang lg) {
  PairResult pair;
  AddWeightsEvidence(r, &pair);
  DecidePair(DecideOptions(), &pair);
  if (pair.verdict == Verdict::kDerived) {
    return Fail(
        "calibrate",
        Trf(lg, "calibrate.refused_derived", a.a_path, a.b_path, std::string(Tr(lg, pair.reason))),
        kExitBadInput);
  }
  if (int same = IdenticalTensors(r); same > 0) {
    return Fail("calibrate", Trf(lg, "calibrate.refused_identical", a.a_path, a.b_path, same),
                kExitBadInput);
  }
  return -1;
}

int BuildRecord(const WeightsPairRun& run, const CalibrateArgs& a, Lang lg, PanelRecord* rec) {
  Result<PanelModel> ma = DescribePanelModel(*run.candidate, *run.candidate_source);
  if (!ma.ok()) return ReportError("calibrate", ma.status());
  Result<PanelModel> mb = DescribePanelModel(*run.base, *run.base_source);
  if (!mb.ok()) return ReportError("calibrate", mb.status());
  if (ma->fingerprint == mb->fingerprint) {
    return Fail("calibrate", Trf(lg, "calibrate.refused_identical", a.a_path, a.b_path, "all"),
                kExitBadInput);
  }
  if (!a.lineage_a.empty() && a.lineage_a == a.lineage_b) {
    return Fail("calibrate",
                Trf(lg, "calibrate.refused_same_lineage", a.a_path, a.b_path, a.lineage_a),
                kExitBadInput);
  }
  rec->candidate = std::move(ma).value();
  rec->base = std::move(mb).value();
  rec->candidate.lineage = a.lineage_a;
  rec->base.lineage = a.lineage_b;
  rec->same_data = a.same_data;
  rec->stats =
      MeasuredRobustStats(run.result, run.candidate_source->layout(), run.base_source->layout());
  if (!rec->stats.s2 && !rec->stats.s4 && !rec->stats.cka) {
    return Fail("calibrate", Trf(lg, "calibrate.no_statistics", a.a_path, a.b_path), kExitBadInput);
  }
  rec->tool_version = LINEAGE_VERSION;
  rec->seed = a.seed;
  rec->date = TodayUtc();
  rec->how = a.how;
  return -1;
}

int WriteRecord(const PanelRecord& rec, const CalibrateArgs& a) {
  const nlohmann::ordered_json j = PanelRecordToJson(rec);
  // Round-trip through the loader: a record this command writes must be one it can read back.
  const std::string line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (Result<PanelRecord> back = ParsePanelRecord(line, "new record"); !back.ok()) {
    return ReportError("calibrate", Status(Status::Code::kInternal, back.status().message()));
  }
  if (!a.out_path.empty()) {
    std::ofstream out(a.out_path, std::ios::app | std::ios::binary);
    if (!out || !(out << line << '\n') || !out.flush()) {
      return ReportError("calibrate",
                         IoError(a.out_path + ": cannot append the calibration record"));
    }
  }
  if (a.json) {
    PrintJson(j);
  } else if (a.out_path.empty()) {
    std::printf("%s\n", line.c_str());
  }
  return -1;
}

void PrintSummary(const PanelRecord& rec, const CalibrateArgs& a, Lang lg) {
  if (a.quiet && (a.out_path.empty() || a.json)) return;
  // The summary goes to stdout when the record went to a file, else to stderr beside it.
  std::FILE* to = !a.out_path.empty() && !a.json ? stdout : stderr;
  auto say = [&](const std::string& s) { std::fprintf(to, "%s\n", s.c_str()); };
  say(Trf(lg, "calibrate.title", a.a_path, a.b_path));
  if (const auto& s2 = rec.stats.s2) {
    say(Trf(lg, "calibrate.s2", s2->agreement, s2->blocks, s2->units, s2->probes));
  }
  if (const auto& s4 = rec.stats.s4)
    say(Trf(lg, "calibrate.s4", s4->score, s4->blocks, s4->probes));
  if (const auto& c = rec.stats.cka) say(Trf(lg, "calibrate.cka", c->q, c->k, c->blocks));
  if (!a.out_path.empty()) say(Trf(lg, "calibrate.appended", a.out_path));
}

}  // namespace

int RunCalibrate(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.calibrate"), "lineage calibrate"};
  CalibrateArgs a;
  AddCalibrateOptions(app, &a);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const Lang lg = LangOf(a.lang);
  if (a.how.empty()) return Fail("calibrate", std::string(Tr(lg, "calibrate.no_how")), kExitUsage);

  WeightsOptions options;
  options.seed = a.seed;
  options.progress = !a.quiet && StderrIsTerminal();
  // A panel record is a full reading: its statistics stand for every block of the pair.
  options.sampling.mode = SamplingMode::kFull;
  Result<ModelLocation> la = ResolveModelArg(a.a_path, a.model_flags);
  if (!la.ok()) return ReportError("calibrate", la.status());
  Result<ModelLocation> lb = ResolveModelArg(a.b_path, a.model_flags);
  if (!lb.ok()) return ReportError("calibrate", lb.status());
  Result<WeightsPairRun> run = AnalyzeWeightsPair(*la, *lb, a.threads, options);
  if (!run.ok()) return ReportError("calibrate", run.status());
  if (int rc = RefuseDerived(run->result, a, lg); rc >= 0) return rc;
  PanelRecord rec;
  if (int rc = BuildRecord(*run, a, lg, &rec); rc >= 0) return rc;
  if (int rc = WriteRecord(rec, a); rc >= 0) return rc;
  PrintSummary(rec, a, lg);
  return kExitOk;
}

}  // namespace lineage::cli
