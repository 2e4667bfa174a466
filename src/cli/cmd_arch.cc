// lineage arch A B: architecture lineage from two configs (model directories or config files).
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "arch/catalog.h"
#include "arch/compare.h"
#include "arch/config.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

void PrintText(const ArchComparison& cmp, Lang lang) {
  auto T = [&](const char* key) { return std::string(Tr(lang, key)); };
  int arch_fields = 0, same = 0;
  for (const auto& f : cmp.fields) {
    if (f.category == "metadata") continue;
    ++arch_fields;
    same += f.relation == FieldRelation::kSame;
  }
  fmt::print("{}\n",
             Trf(lang, cmp.identical ? "arch.identical" : "arch.different", same, arch_fields));
  fmt::print("  A: {} ({})\n  B: {} ({})\n", cmp.a.source, cmp.a.family, cmp.b.source,
             cmp.b.family);
  auto value = [](const std::optional<nlohmann::json>& v) {
    return v ? FormatValue(*v) : std::string("-");
  };
  auto diffs = cmp.Differences();
  if (!diffs.empty()) {
    fmt::print("{}\n", T("arch.differences"));
    for (const auto* f : diffs) {
      fmt::print("  {:<32} {} | {}{}\n", f->key, value(f->a), value(f->b),
                 f->relation == FieldRelation::kNear ? "  (" + T("arch.near") + ")" : "");
    }
  }
  auto one = cmp.OneSided();
  if (!one.empty()) {
    fmt::print("{}\n", T("arch.one_sided"));
    for (const auto* f : one) fmt::print("  {:<32} {} | {}\n", f->key, value(f->a), value(f->b));
  }
  auto rare = cmp.RareShared();
  fmt::print("{} ", T("arch.rare_shared"));
  if (cmp.catalog_configs < kMinCatalogForRarity) {
    fmt::print("{}\n", T("arch.catalog_small"));
  } else if (rare.empty()) {
    fmt::print("{}\n", T("arch.none"));
  } else {
    fmt::print("\n");
    for (const auto* f : rare) {
      fmt::print("  {:<32} {}  ({})\n", f->key, value(f->a),
                 Trf(lang, "arch.catalog_of", f->catalog_same, f->catalog_stating));
    }
  }
  auto meta = cmp.MetadataDifferences();
  if (!meta.empty()) {
    fmt::print("{}\n", T("arch.metadata_differences"));
    for (const auto* f : meta) fmt::print("  {:<32} {} | {}\n", f->key, value(f->a), value(f->b));
  }
  for (const ArchConfig* c : {&cmp.a, &cmp.b}) {
    if (c->remote_code.empty()) continue;
    fmt::print("{}\n", Trf(lang, "arch.remote_code", c->source));
    for (const auto& r : c->remote_code) fmt::print("  {}\n", r);
  }
  fmt::print("{}\n", T("arch.not_evidence"));
}

}  // namespace

int RunArch(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.arch")};
  CommonFlags common;
  std::string a_path, b_path;
  std::vector<std::string> catalogs;
  app.add_option("A", a_path, "help.opt.arch.model")->required();
  app.add_option("B", b_path, "help.opt.arch.model")->required();
  ModelFlags model_flags;
  AddModelFlags(app, &model_flags);
  app.add_option("--catalog", catalogs, "help.opt.catalog");
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;

  // A hub model's config is small: resolution puts it in its local snapshot folder.
  Result<ModelLocation> la = ResolveModelArg(a_path, model_flags);
  if (!la.ok()) return ReportError("arch", la.status(), LangOf(common.lang));
  Result<ModelLocation> lb = ResolveModelArg(b_path, model_flags);
  if (!lb.ok()) return ReportError("arch", lb.status(), LangOf(common.lang));
  Result<ArchConfig> a = LoadArchConfig(la->path);
  if (!a.ok())
    return Fail("arch", StatusText(LangOf(common.lang), a.status()), kExitBadInput,
                LangOf(common.lang));
  Result<ArchConfig> b = LoadArchConfig(lb->path);
  if (!b.ok())
    return Fail("arch", StatusText(LangOf(common.lang), b.status()), kExitBadInput,
                LangOf(common.lang));

  Result<std::string> shipped = DefaultCatalogDir();
  if (!shipped.ok()) return Fail("arch", shipped.status().ToString(), kExitBadInput);
  std::vector<std::string> dirs{*shipped};
  dirs.insert(dirs.end(), catalogs.begin(), catalogs.end());
  Result<ConfigCatalog> catalog = LoadCatalog(dirs);
  if (!catalog.ok())
    return Fail("arch", StatusText(LangOf(common.lang), catalog.status()), kExitBadInput,
                LangOf(common.lang));

  ArchComparison cmp = CompareArch(*a, *b, *catalog);
  if (common.json) {
    nlohmann::json j = ArchComparisonJson(cmp);
    j["statement"] = std::string(Tr(LangOf(common.lang), "arch.not_evidence"));
    j["catalog_dirs"] = catalog->dirs;
    j["catalog_skipped"] = catalog->skipped;
    PrintJson(j);
  } else {
    PrintText(cmp, LangOf(common.lang));
  }
  return kExitOk;
}

}  // namespace lineage::cli
