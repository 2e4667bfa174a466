#include "arch/compare.h"

#include <cmath>
#include <set>

namespace lineage {
namespace {

using nlohmann::json;

FieldRelation Relate(const json& a, const json& b) {
  if (a == b) return FieldRelation::kSame;
  if (a.is_number() && b.is_number() && !a.is_boolean() && !b.is_boolean()) {
    double x = a.get<double>(), y = b.get<double>();
    if (x == y) return FieldRelation::kSame;
    double scale = std::max(std::fabs(x), std::fabs(y));
    if (scale > 0 && std::fabs(x - y) / scale <= kNearRelative) return FieldRelation::kNear;
  }
  return FieldRelation::kDifferent;
}

bool RarityApplies(const FieldComparison& f) {
  if (f.category == "metadata" || !f.a) return false;
  if (f.a->is_boolean() || f.a->is_null()) return false;
  return f.key != "family";
}

}  // namespace

const char* FieldRelationName(FieldRelation r) {
  switch (r) {
    case FieldRelation::kSame:
      return "same";
    case FieldRelation::kNear:
      return "near";
    case FieldRelation::kDifferent:
      return "different";
    case FieldRelation::kOnlyA:
      return "only-a";
    case FieldRelation::kOnlyB:
      return "only-b";
  }
  return "different";
}

ArchComparison CompareArch(const ArchConfig& a, const ArchConfig& b, const ConfigCatalog& catalog) {
  ArchComparison cmp;
  cmp.a = a;
  cmp.b = b;
  std::vector<const ArchConfig*> others;
  for (const ArchConfig& e : catalog.entries) {
    if (!SameArchitecture(e, a) && !SameArchitecture(e, b)) others.push_back(&e);
  }
  cmp.catalog_configs = static_cast<int>(others.size());

  std::set<std::string> keys;
  for (const auto& [k, v] : a.fields) keys.insert(k);
  for (const auto& [k, v] : b.fields) keys.insert(k);
  cmp.identical = true;
  for (const std::string& k : keys) {
    FieldComparison f;
    f.key = k;
    f.category = KeyCategory(k);
    if (const json* v = a.Get(k)) f.a = *v;
    if (const json* v = b.Get(k)) f.b = *v;
    if (f.a && f.b) {
      f.relation = Relate(*f.a, *f.b);
    } else {
      f.relation = f.a ? FieldRelation::kOnlyA : FieldRelation::kOnlyB;
    }
    if (f.relation == FieldRelation::kSame && RarityApplies(f)) {
      for (const ArchConfig* e : others) {
        const json* v = e->Get(k);
        if (!v) continue;
        ++f.catalog_stating;
        if (Relate(*v, *f.a) == FieldRelation::kSame) ++f.catalog_same;
      }
      f.rare = f.catalog_stating >= kMinCatalogForRarity &&
               f.catalog_same <= kRareShare * f.catalog_stating;
    }
    const bool conflict =
        f.relation == FieldRelation::kDifferent || f.relation == FieldRelation::kNear;
    if (conflict && f.category != "metadata") cmp.identical = false;
    cmp.fields.push_back(std::move(f));
  }
  return cmp;
}

std::vector<const FieldComparison*> ArchComparison::Differences() const {
  std::vector<const FieldComparison*> out;
  for (const auto& f : fields) {
    const bool conflict =
        f.relation == FieldRelation::kDifferent || f.relation == FieldRelation::kNear;
    if (conflict && f.category != "metadata") out.push_back(&f);
  }
  return out;
}

std::vector<const FieldComparison*> ArchComparison::OneSided() const {
  std::vector<const FieldComparison*> out;
  for (const auto& f : fields) {
    const bool one = f.relation == FieldRelation::kOnlyA || f.relation == FieldRelation::kOnlyB;
    if (one && f.category != "metadata") out.push_back(&f);
  }
  return out;
}

std::vector<const FieldComparison*> ArchComparison::RareShared() const {
  std::vector<const FieldComparison*> out;
  for (const auto& f : fields) {
    if (f.rare) out.push_back(&f);
  }
  return out;
}

std::vector<const FieldComparison*> ArchComparison::MetadataDifferences() const {
  std::vector<const FieldComparison*> out;
  for (const auto& f : fields) {
    if (f.relation != FieldRelation::kSame && f.category == "metadata") out.push_back(&f);
  }
  return out;
}

std::vector<Finding> ArchFindings(const ArchComparison& cmp) {
  std::vector<Finding> out;
  int arch_fields = 0, same = 0;
  for (const auto& f : cmp.fields) {
    if (f.category == "metadata") continue;
    ++arch_fields;
    if (f.relation == FieldRelation::kSame) ++same;
  }
  Finding id;
  id.analysis = "architecture";
  id.test = "config_identity";
  id.component = "config";
  id.statistic = "fields_same_fraction";
  id.value = arch_fields ? static_cast<double>(same) / arch_fields : 0.0;
  id.decisive = false;
  id.direction = Direction::kNeutral;
  id.note = std::string(cmp.identical ? "architecture identical" : "architecture differs") + " (" +
            std::to_string(same) + "/" + std::to_string(arch_fields) +
            " fields same); architecture reuse is allowed and is not evidence of weight reuse";
  out.push_back(id);
  for (const FieldComparison* f : cmp.RareShared()) {
    Finding r;
    r.analysis = "architecture";
    r.test = "rare_shared_value";
    r.component = f->key;
    r.statistic = "catalog_share";
    r.value = f->catalog_stating ? static_cast<double>(f->catalog_same) / f->catalog_stating : 0.0;
    NullModel null;
    null.kind = "calibrated-panel";
    null.description = "share of " + std::to_string(f->catalog_stating) +
                       " other catalog configs stating this key that hold the same value";
    null.samples = f->catalog_stating;
    r.null = null;
    r.approximate = true;
    r.decisive = false;
    r.direction = Direction::kNeutral;
    r.note = f->key + " = " + FormatValue(*f->a) + " shared; rare in the catalog (" +
             std::to_string(f->catalog_same) + "/" + std::to_string(f->catalog_stating) +
             "); architecture reuse is allowed and is not evidence of weight reuse";
    out.push_back(std::move(r));
  }
  return out;
}

json ArchComparisonJson(const ArchComparison& cmp) {
  auto field_json = [](const FieldComparison& f) {
    json j = {
        {"key", f.key}, {"category", f.category}, {"relation", FieldRelationName(f.relation)}};
    j["a"] = f.a ? *f.a : json(nullptr);
    j["b"] = f.b ? *f.b : json(nullptr);
    return j;
  };
  json out;
  out["identical"] = cmp.identical;
  out["differences"] = json::array();
  for (const auto* f : cmp.Differences()) out["differences"].push_back(field_json(*f));
  out["rare_shared"] = json::array();
  for (const auto* f : cmp.RareShared()) {
    json j = field_json(*f);
    j["catalog_same"] = f->catalog_same;
    j["catalog_stating"] = f->catalog_stating;
    out["rare_shared"].push_back(j);
  }
  out["stated_on_one_side"] = json::array();
  for (const auto* f : cmp.OneSided()) out["stated_on_one_side"].push_back(field_json(*f));
  out["metadata_differences"] = json::array();
  for (const auto* f : cmp.MetadataDifferences())
    out["metadata_differences"].push_back(field_json(*f));
  out["same"] = json::array();
  for (const auto& f : cmp.fields) {
    if (f.relation == FieldRelation::kSame) out["same"].push_back(f.key);
  }
  auto side = [](const ArchConfig& c) {
    json s = {{"source", c.source},
              {"family", c.family},
              {"remote_code", c.remote_code},
              {"implied", json(std::vector<std::string>(c.implied.begin(), c.implied.end()))},
              {"notes", c.notes}};
    return s;
  };
  out["a"] = side(cmp.a);
  out["b"] = side(cmp.b);
  out["catalog_configs"] = cmp.catalog_configs;
  out["weight_evidence"] = false;
  return out;
}

}  // namespace lineage
