// `lineage registry add|search|ls|rm`: the fingerprint registry (registry/registry.h) at
// --registry PATH (default $XDG_DATA_HOME/lineage/registry.sqlite, else ~/.local/share/...).
// `search` screens a candidate against every registered model (registry/search.h): it reports
// "related" with a Bonferroni-corrected p, never a verdict and never which model came first.
// JSON of search: schema "lineage.registry-search" 1.1 (docs/JSON_SCHEMA.md); of ls:
// "lineage.registry-ls" 1.0.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/fingerprint_input.h"
#include "cli/registry_build.h"
#include "registry/registry.h"
#include "registry/search.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

struct RegistryFlags {
  std::string path, seed, lang = "en", list;
  unsigned jobs = 1;
  std::vector<std::string> inputs;
  bool json = false;
  size_t top = 10;
  unsigned threads = 0;
  ModelFlags model;
};

Result<std::unique_ptr<Registry>> OpenRegistryAt(const RegistryFlags& f) {
  LINEAGE_ASSIGN_OR_RETURN(uint64_t seed, ParseProjectionSeed(f.seed));
  RegistryOptions o;
  o.projection_seed = seed;
  return Registry::Open(f.path, o);
}

int RegistryAddAll(Registry& reg, const RegistryFlags& f, Lang lang) {
  for (const std::string& in : f.inputs) {
    Result<Fingerprint> fp = ObtainFingerprint(in, reg.projection_seed(), f.threads, f.model);
    if (!fp.ok()) return ReportError("registry", fp.status(), lang);
    Result<RegistryAdd> r = reg.Add(*fp);
    if (!r.ok()) return ReportError("registry", r.status(), lang);
    fmt::print("{}\n", Trf(lang, r->added ? "registry.added" : "registry.exists", in, r->id));
  }
  return kExitOk;
}

int RegistryList(Registry& reg, const RegistryFlags& f, Lang lang) {
  Result<std::vector<RegistryEntry>> list = reg.List();
  if (!list.ok()) return ReportError("registry", list.status(), lang);
  if (f.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const RegistryEntry& e : *list) {
      arr.push_back({{"id", e.id},
                     {"reference", e.reference},
                     {"repo", e.repo},
                     {"revision", e.revision},
                     {"identity", e.identity},
                     {"fingerprint_version", e.fingerprint_version},
                     {"bytes", e.bytes},
                     {"added_at", e.added_at}});
    }
    PrintJson({{"schema", "lineage.registry-ls"},
               {"schema_version", "1.0"},
               {"registry", reg.location()},
               {"projection_seed", reg.projection_seed()},
               {"models", std::move(arr)}});
    return kExitOk;
  }
  fmt::print("{}\n", Trf(lang, "registry.ls.header", reg.location(), list->size()));
  for (const RegistryEntry& e : *list)
    fmt::print("{:>6}  {}  {}  {}\n", e.id, e.added_at, e.reference, e.identity);
  return kExitOk;
}

int RegistryRemove(Registry& reg, const RegistryFlags& f, Lang lang) {
  for (const std::string& what : f.inputs) {
    Result<int> n = reg.Remove(what);
    if (!n.ok()) return ReportError("registry", n.status(), lang);
    if (*n == 0)
      return Fail("registry", Trf(lang, "registry.none_removed", what), kExitBadInput, lang);
    fmt::print("{}\n", Trf(lang, "registry.removed", what, *n));
  }
  return kExitOk;
}

nlohmann::json HitJson(const SearchHit& h) {
  const SketchComparison& c = h.comparison;
  return {{"id", h.entry.id},
          {"reference", h.entry.reference},
          {"related", h.related()},
          {"related_exact", h.related_exact},
          {"related_robust", h.related_robust},
          {"log10_p", c.hits_log10_p},
          {"log10_p_bonferroni", h.log10_p_bonferroni},
          {"hit_blocks", c.hit_blocks},
          {"depth_map", c.depth_map},
          {"s2_blocks", c.s2_blocks},
          {"mean_agreement", c.mean_agreement},
          {"identical_tensors", c.identical_tensors},
          {"token_jaccard", c.token_jaccard},
          {"summary_score", h.summary_score}};
}

int RegistrySearch(Registry& reg, const RegistryFlags& f, Lang lang) {
  Result<Fingerprint> cand =
      ObtainFingerprint(f.inputs[0], reg.projection_seed(), f.threads, f.model);
  if (!cand.ok()) return ReportError("registry", cand.status(), lang);
  Result<SearchResult> s = SearchRegistry(reg, *cand, f.top, f.threads);
  if (!s.ok()) return ReportError("registry", s.status(), lang);
  if (f.json) {
    nlohmann::json hits = nlohmann::json::array();
    for (const SearchHit& h : s->hits) hits.push_back(HitJson(h));
    PrintJson({{"schema", "lineage.registry-search"},
               {"schema_version", "1.1"},
               {"registry", reg.location()},
               {"candidate", f.inputs[0]},
               {"registry_size", s->registry_size},
               {"compared", s->compared},
               {"hits", std::move(hits)}});
    return kExitOk;
  }
  fmt::print("{}\n",
             Trf(lang, "registry.search.header", f.inputs[0], s->registry_size, s->compared));
  size_t related = 0;
  for (const SearchHit& h : s->hits) {
    if (!h.related()) continue;
    ++related;
    const char* key = h.related_exact ? "registry.search.exact" : "registry.search.robust";
    fmt::print("{}\n", Trf(lang, key, h.entry.id, h.entry.reference, h.log10_p_bonferroni,
                           h.comparison.mean_agreement));
  }
  fmt::print("{}\n", Tr(lang, related > 0 ? "registry.search.footer" : "registry.search.none"));
  return kExitOk;
}

int RegistryBuild(const RegistryFlags& f, Lang lang) {
  Result<uint64_t> seed = ParseProjectionSeed(f.seed);
  if (!seed.ok()) return ReportError("registry", seed.status(), lang);
  Result<std::vector<ListedModel>> models = ReadModelList(f.list);
  if (!models.ok()) return ReportError("registry", models.status(), lang);
  BuildOptions o;
  o.registry = f.path;
  o.projection_seed = *seed;
  o.jobs = f.jobs;
  o.threads = f.threads;
  return RunRegistryBuild(*models, o, f.model, lang);
}

void AddShared(CLI::App* sub, RegistryFlags* f) {
  sub->add_option("--registry", f->path, "help.opt.registry.path");
  sub->add_flag("--json", f->json, "help.opt.json");
  AddLangOption(*sub, &f->lang);
}

}  // namespace

int RunRegistry(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.registry"), "lineage registry"};
  app.require_subcommand(1);
  RegistryFlags f;
  CLI::App* add = app.add_subcommand("add", "help.registry.add");
  add->add_option("FINGERPRINT", f.inputs, "help.opt.registry.inputs")->required();
  add->add_option("--projection-seed", f.seed, "help.opt.fingerprint.seed");
  add->add_option("--threads", f.threads, "help.opt.hash.threads");
  AddModelFlags(*add, &f.model);
  CLI::App* search = app.add_subcommand("search", "help.registry.search");
  search->add_option("CANDIDATE", f.inputs, "help.opt.registry.candidate")->required()->expected(1);
  search->add_option("--top", f.top, "help.opt.registry.top");
  search->add_option("--threads", f.threads, "help.opt.registry.search_threads");
  AddModelFlags(*search, &f.model);
  CLI::App* ls = app.add_subcommand("ls", "help.registry.ls");
  CLI::App* rm = app.add_subcommand("rm", "help.registry.rm");
  rm->add_option("ID", f.inputs, "help.opt.registry.rm")->required();
  CLI::App* build = app.add_subcommand("build", "help.registry.build");
  build->add_option("--list", f.list, "help.opt.registry.list")->required();
  build->add_option("--jobs", f.jobs, "help.opt.registry.jobs");
  build->add_option("--projection-seed", f.seed, "help.opt.fingerprint.seed");
  build->add_option("--threads", f.threads, "help.opt.hash.threads");
  AddModelFlags(*build, &f.model);
  for (CLI::App* sub : {add, search, ls, rm}) AddShared(sub, &f);
  build->add_option("--registry", f.path, "help.opt.registry.path");
  AddLangOption(*build, &f.lang);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const Lang lang = LangOf(f.lang);
  if (build->parsed()) return RegistryBuild(f, lang);
  Result<std::unique_ptr<Registry>> reg = OpenRegistryAt(f);
  if (!reg.ok()) return ReportError("registry", reg.status(), lang);
  if (add->parsed()) return RegistryAddAll(**reg, f, lang);
  if (search->parsed()) return RegistrySearch(**reg, f, lang);
  if (ls->parsed()) return RegistryList(**reg, f, lang);
  return RegistryRemove(**reg, f, lang);
}

}  // namespace lineage::cli
