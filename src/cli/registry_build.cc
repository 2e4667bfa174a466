#include "cli/registry_build.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "fingerprint/build.h"
#include "model/model.h"
#include "registry/registry.h"
#include "report/describe.h"
#include "util/thread_pool.h"

namespace lineage::cli {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
    out.push_back(line.substr(start, tab - start));
  out.push_back(line.substr(start));
  for (std::string& s : out) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  }
  return out;
}

enum class Outcome { kAdded, kSkipped, kFailed };

struct ModelOutcome {
  Outcome outcome = Outcome::kFailed;
  int64_t id = 0;
  uint64_t bytes_read = 0;
  double seconds = 0;
  Status error;
};

// The state the workers share: the next model, the totals, stdout.
struct Shared {
  std::atomic<size_t> next{0};
  std::mutex mu;  // guards the fields below and stdout
  size_t done = 0, added = 0, skipped = 0, failed = 0;
  uint64_t bytes_read = 0;
};

// Resolves, skips what the registry holds, else reads, fingerprints and adds one model.
ModelOutcome BuildOne(Registry& reg, const std::string& arg, const std::set<std::string>& held_refs,
                      const BuildOptions& o, const ModelFlags& flags) {
  const auto t0 = std::chrono::steady_clock::now();
  ModelOutcome out;
  auto fail = [&](const Status& st) {
    out.error = st;
    return out;
  };
  Result<ModelLocation> loc = ResolveModelArg(arg, flags);
  if (!loc.ok()) return fail(loc.status());
  Result<bool> held = loc->remote()
                          ? reg.Contains(HubIdentity(kFingerprintVersion, loc->repo, loc->revision))
                          : Result<bool>(held_refs.count(arg) > 0);
  if (!held.ok()) return fail(held.status());
  if (*held) {
    out.outcome = Outcome::kSkipped;
    return out;
  }
  Result<Model> m = LoadModel(*loc);
  if (!m.ok()) return fail(m.status());
  FingerprintOptions fo;
  fo.seed = reg.projection_seed();
  fo.threads = o.threads;
  Result<Fingerprint> fp = BuildFingerprint(*m, fo);
  if (!fp.ok()) return fail(fp.status());
  Result<RegistryAdd> add = reg.Add(*fp);
  if (!add.ok()) return fail(add.status());
  out.outcome = add->added ? Outcome::kAdded : Outcome::kSkipped;
  out.id = add->id;
  out.bytes_read = loc->stats->bytes_read.load();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

void Report(Shared& s, size_t total, const std::string& arg, const ModelOutcome& r, Lang lang) {
  std::lock_guard<std::mutex> lock(s.mu);
  ++s.done;
  s.bytes_read += r.bytes_read;
  if (r.outcome == Outcome::kAdded) {
    ++s.added;
    fmt::print("{}\n", Trf(lang, "registry.build.added", s.done, total, arg, r.id,
                           FormatBytes(r.bytes_read), r.seconds));
  } else if (r.outcome == Outcome::kSkipped) {
    ++s.skipped;
    fmt::print("{}\n", Trf(lang, "registry.build.skipped", s.done, total, arg));
  } else {
    ++s.failed;
    fmt::print("{}\n",
               Trf(lang, "registry.build.failed", s.done, total, arg, StatusText(lang, r.error)));
  }
  std::fflush(stdout);
}

void Worker(const std::vector<ListedModel>& models, const std::set<std::string>& held_refs,
            const BuildOptions& o, const ModelFlags& flags, Shared& s, Lang lang) {
  ModelFlags mine = flags;
  mine.resolver = nullptr;  // one hub client per worker: ResolveModelArg is not thread-safe
  RegistryOptions ro;
  ro.projection_seed = o.projection_seed;
  Result<std::unique_ptr<Registry>> reg = Registry::Open(o.registry, ro);
  for (size_t i; (i = s.next++) < models.size();) {
    ModelOutcome r;
    if (reg.ok())
      r = BuildOne(**reg, models[i].argument, held_refs, o, mine);
    else
      r.error = reg.status();
    Report(s, models.size(), models[i].argument, r, lang);
  }
}

}  // namespace

Result<std::vector<ListedModel>> ReadModelList(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound(path + ": cannot open the model list");
  std::vector<ListedModel> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::vector<std::string> cols = SplitTabs(line);
    if (cols[0].empty() && cols.size() == 1) continue;
    if (cols[0].starts_with("#")) continue;
    if (cols[0].empty())
      return InvalidArgument(fmt::format("{}:{}: a line without a model reference", path, n));
    ListedModel m;
    m.line = n;
    std::error_code ec;
    const bool local = std::filesystem::exists(cols[0], ec);
    const bool pinned = cols.size() > 1 && !cols[1].empty();
    m.argument = !local && pinned ? cols[0] + "@" + cols[1] : cols[0];
    out.push_back(std::move(m));
  }
  return out;
}

int RunRegistryBuild(const std::vector<ListedModel>& models, const BuildOptions& o,
                     const ModelFlags& flags, Lang lang) {
  // Opened once first: migrations and the seed settle before the workers connect, and local
  // models are skipped by the references held now.
  RegistryOptions ro;
  ro.projection_seed = o.projection_seed;
  Result<std::unique_ptr<Registry>> reg = Registry::Open(o.registry, ro);
  if (!reg.ok()) return ReportError("registry", reg.status(), lang);
  Result<std::vector<RegistryEntry>> held = (*reg)->List();
  if (!held.ok()) return ReportError("registry", held.status(), lang);
  std::set<std::string> held_refs;
  for (const RegistryEntry& e : *held) held_refs.insert(e.reference);
  fmt::print("{}\n", Trf(lang, "registry.build.header", models.size(), (*reg)->location(),
                         held->size(), std::max(1u, o.jobs)));
  reg->reset();
  Shared s;
  // One long task per worker, not one per model: each holds its own registry connection and hub
  // client for the whole run. A pool of 1 runs the worker on this thread.
  const unsigned jobs = std::max(1u, o.jobs);
  ThreadPool pool(jobs);
  for (unsigned j = 0; j < jobs; ++j)
    pool.Submit([&] { Worker(models, held_refs, o, flags, s, lang); });
  pool.Wait();
  fmt::print("{}\n", Trf(lang, "registry.build.total", s.added, s.skipped, s.failed,
                         FormatBytes(s.bytes_read)));
  return s.failed == 0 ? kExitOk : kExitBadInput;
}

}  // namespace lineage::cli
