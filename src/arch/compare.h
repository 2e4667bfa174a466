// Architecture lineage: field-by-field comparison of two normalised configs, with the rarity
// of shared values measured against the config catalog.
//
// Contract:
//   - CompareArch is a pure function of its inputs; fields come out sorted by key.
//   - `identical` means no architecture field stated by both sides differs. Metadata (dtype,
//     token ids) is compared and listed but does not break identity; a field stated by one side
//     only is listed as unstated, since the other config may rely on a library default.
//   - A shared value is "rare" when the catalog has at least kMinCatalogForRarity other configs
//     stating the key and at most kRareShare of them hold the same value. Configs whose
//     architecture equals either compared config are left out of the counts, so a model never
//     makes its own values look common. Booleans and metadata are never called rare.
//   - Architecture reuse is allowed under the programme's rules and is never evidence of
//     weight reuse: ArchFindings emits findings with decisive = false only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "arch/catalog.h"
#include "arch/config.h"
#include "evidence/finding.h"

namespace lineage {

constexpr int kMinCatalogForRarity = 5;
constexpr double kRareShare = 0.10;
constexpr double kNearRelative = 0.01;  // numbers within 1% (e.g. vocab 32000 vs 32001) are "near"

enum class FieldRelation { kSame, kNear, kDifferent, kOnlyA, kOnlyB };
const char* FieldRelationName(FieldRelation r);  // "same", "near", "different", "only-a", "only-b"

struct FieldComparison {
  std::string key;
  std::string category;  // KeyCategory(key)
  std::optional<nlohmann::json> a, b;
  FieldRelation relation = FieldRelation::kSame;
  // Rarity of a shared value (relation == kSame).
  int catalog_stating = 0;  // other catalog configs that state the key
  int catalog_same = 0;     // ... and hold the same value
  bool rare = false;
};

struct ArchComparison {
  ArchConfig a, b;
  bool identical = false;
  std::vector<FieldComparison> fields;  // every key of either side, sorted
  int catalog_configs = 0;              // catalog size used for rarity (after exclusions)

  std::vector<const FieldComparison*> Differences() const;  // different or near, both stated
  std::vector<const FieldComparison*> OneSided() const;     // stated on one side only
  std::vector<const FieldComparison*> RareShared() const;
  std::vector<const FieldComparison*> MetadataDifferences() const;
};

ArchComparison CompareArch(const ArchConfig& a, const ArchConfig& b, const ConfigCatalog& catalog);

// Findings for `lineage compare`: analysis = "architecture", decisive = false, direction neutral.
std::vector<Finding> ArchFindings(const ArchComparison& cmp);

// Machine-readable form (the `lineage arch --json` body): identical, differences, rare_shared,
// metadata_differences, same, sources, remote_code, catalog_configs, weight_evidence (false).
// The plain-language `statement` is added by the caller in the reader's language (the catalog's
// "arch.not_evidence"); this module holds no user-facing text.
nlohmann::json ArchComparisonJson(const ArchComparison& cmp);

}  // namespace lineage
