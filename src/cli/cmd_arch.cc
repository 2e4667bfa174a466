// lineage arch A B: architecture lineage from two configs (model directories or config files).
#include <cstdio>
#include <string>
#include <vector>

#include "arch/catalog.h"
#include "arch/compare.h"
#include "arch/config.h"
#include "arch/text.h"
#include "cli/cmd_common.h"
#include "cli/commands.h"

namespace lineage::cli {
namespace {

void PrintText(const ArchComparison& cmp, const std::string& lang) {
  auto T = [&](const char* id) { return ArchText(id, lang); };
  int arch_fields = 0, same = 0;
  for (const auto& f : cmp.fields) {
    if (f.category == "metadata") continue;
    ++arch_fields;
    same += f.relation == FieldRelation::kSame;
  }
  std::printf("%s (%d/%d %s)\n", T(cmp.identical ? "arch_identical" : "arch_different").c_str(), same,
              arch_fields, T("fields_same").c_str());
  std::printf("  A: %s (%s)\n  B: %s (%s)\n", cmp.a.source.c_str(), cmp.a.family.c_str(),
              cmp.b.source.c_str(), cmp.b.family.c_str());
  auto value = [](const std::optional<nlohmann::json>& v) { return v ? FormatValue(*v) : std::string("-"); };
  auto diffs = cmp.Differences();
  if (!diffs.empty()) {
    std::printf("%s:\n", T("differences").c_str());
    for (const auto* f : diffs) {
      std::printf("  %-32s %s | %s%s\n", f->key.c_str(), value(f->a).c_str(), value(f->b).c_str(),
                  f->relation == FieldRelation::kNear ? ("  (" + T("near") + ")").c_str() : "");
    }
  }
  auto one = cmp.OneSided();
  if (!one.empty()) {
    std::printf("%s:\n", T("one_sided").c_str());
    for (const auto* f : one) {
      std::printf("  %-32s %s | %s\n", f->key.c_str(), value(f->a).c_str(), value(f->b).c_str());
    }
  }
  auto rare = cmp.RareShared();
  std::printf("%s: ", T("rare_shared").c_str());
  if (cmp.catalog_configs < kMinCatalogForRarity) {
    std::printf("%s\n", T("catalog_small").c_str());
  } else if (rare.empty()) {
    std::printf("%s\n", T("none").c_str());
  } else {
    std::printf("\n");
    for (const auto* f : rare) {
      std::printf("  %-32s %s  (%d/%d %s)\n", f->key.c_str(), value(f->a).c_str(), f->catalog_same,
                  f->catalog_stating, T("catalog_of").c_str());
    }
  }
  auto meta = cmp.MetadataDifferences();
  if (!meta.empty()) {
    std::printf("%s:\n", T("metadata_differences").c_str());
    for (const auto* f : meta) {
      std::printf("  %-32s %s | %s\n", f->key.c_str(), value(f->a).c_str(), value(f->b).c_str());
    }
  }
  for (const ArchConfig* c : {&cmp.a, &cmp.b}) {
    if (c->remote_code.empty()) continue;
    std::printf("%s (%s):\n", T("remote_code").c_str(), c->source.c_str());
    for (const auto& r : c->remote_code) std::printf("  %s\n", r.c_str());
  }
  std::printf("%s\n", T("not_evidence").c_str());
}

}  // namespace

int RunArch(int argc, char** argv) {
  CLI::App app{"Architecture lineage: compare two models' configs field by field"};
  CommonFlags common;
  std::string a_path, b_path;
  std::vector<std::string> catalogs;
  app.add_option("A", a_path, "Model directory or config.json / params.json")->required();
  app.add_option("B", b_path, "Model directory or config.json / params.json")->required();
  app.add_option("--catalog", catalogs, "Extra directory of config JSON files for rarity (repeatable)");
  AddCommonFlags(app, &common);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;

  Result<ArchConfig> a = LoadArchConfig(a_path);
  if (!a.ok()) return Fail("arch", a.status().ToString(), kExitBadInput);
  Result<ArchConfig> b = LoadArchConfig(b_path);
  if (!b.ok()) return Fail("arch", b.status().ToString(), kExitBadInput);

  std::vector<std::string> dirs;
  if (std::string def = DefaultCatalogDir(); !def.empty()) dirs.push_back(def);
  dirs.insert(dirs.end(), catalogs.begin(), catalogs.end());
  Result<ConfigCatalog> catalog = LoadCatalog(dirs);
  if (!catalog.ok()) return Fail("arch", catalog.status().ToString(), kExitBadInput);

  ArchComparison cmp = CompareArch(*a, *b, *catalog);
  if (common.json) {
    nlohmann::json j = ArchComparisonJson(cmp);
    j["catalog_dirs"] = catalog->dirs;
    j["catalog_skipped"] = catalog->skipped;
    PrintJson(j);
  } else {
    PrintText(cmp, common.lang);
  }
  return kExitOk;
}

}  // namespace lineage::cli
