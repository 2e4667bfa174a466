// `lineage hash MODEL [--json]`: per-tensor SHA-256 of stored bytes (llama-gguf-hash-style lines
// for GGUF). `lineage hash A B`: tensors that are byte-identical and value-identical.
// JSON keys relied on by scripts: tensors[] (name, dtype, shape, sha256); for A B: identical and
// value_identical (names, or [nameA, nameB] pairs where the names differ).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "model/model.h"
#include "report/catalog.h"
#include "weights/hash/hash.h"
#include "weights/hash/hash_compare.h"
#include "weights/statistics/cast_equivalence.h"

namespace lineage::cli {
namespace {

nlohmann::json StoredJson(const std::vector<StoredDigest>& ds) {
  nlohmann::json arr = nlohmann::json::array();
  for (const StoredDigest& d : ds) {
    arr.push_back({{"name", d.name},
                   {"file", d.file},
                   {"role", d.roles},
                   {"dtype", DTypeName(d.dtype)},
                   {"shape", d.shape},
                   {"nbytes", d.nbytes},
                   {"sha256", d.sha256}});
  }
  return arr;
}

nlohmann::json ValuesJson(const std::vector<ValueDigest>& ds) {
  nlohmann::json arr = nlohmann::json::array();
  for (const ValueDigest& d : ds) {
    nlohmann::json e = {{"name", d.name},
                        {"key", d.key},
                        {"dtype", DTypeName(d.dtype)},
                        {"shape", d.shape},
                        {"value_sha256", d.sha256}};
    if (!d.note.empty()) e["note"] = d.note;
    arr.push_back(std::move(e));
  }
  return arr;
}

nlohmann::json PairsJson(const std::vector<DigestPair>& pairs) {
  nlohmann::json arr = nlohmann::json::array();
  for (const DigestPair& p : pairs) {
    if (p.a == p.b)
      arr.push_back(p.a);
    else
      arr.push_back(nlohmann::json::array({p.a, p.b}));
  }
  return arr;
}

// llama-gguf-hash's manifest line: "<type padded to 8>  <hex>  <file>:<tensor>".
std::vector<std::string> GgufManifest(const Model& m, const std::vector<StoredDigest>& ds) {
  std::vector<std::string> lines;
  if (m.format != "gguf" && !(m.checkpoints.size() == 1 && m.checkpoints[0].format == "gguf"))
    return lines;
  for (const StoredDigest& d : ds)
    lines.push_back("sha256    " + d.sha256 + "  " + d.file + ":" + d.name);
  return lines;
}

int HashOne(const Model& m, const HashOptions& opt, bool json) {
  auto digests = HashModel(m, opt);
  if (!digests.ok()) return ReportError("hash", digests.status());
  std::vector<std::string> manifest = GgufManifest(m, digests->stored);
  if (json) {
    nlohmann::json j;
    j["path"] = m.path;
    j["format"] = m.format;
    j["tensors"] = StoredJson(digests->stored);
    if (opt.values) j["values"] = ValuesJson(digests->values);
    if (!manifest.empty()) j["llama_gguf_hash"] = manifest;
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  if (!manifest.empty()) {
    for (const std::string& line : manifest) std::printf("%s\n", line.c_str());
  } else {
    for (const StoredDigest& d : digests->stored) {
      std::printf("%s  %-6s %s\n", d.sha256.c_str(), DTypeName(d.dtype), d.name.c_str());
    }
  }
  for (const ValueDigest& d : digests->values) {
    std::printf("value %s  %s  %s\n", d.sha256.empty() ? "-" : d.sha256.c_str(), d.key.c_str(),
                d.name.c_str());
  }
  return kExitOk;
}

void PrintPairs(Lang lang, const char* key, const std::vector<DigestPair>& pairs, size_t of) {
  fmt::print("{}\n", Trf(lang, key, pairs.size(), of));
  size_t shown = 0;
  for (const DigestPair& p : pairs) {
    if (++shown > 40) {
      fmt::print("{}\n", Trf(lang, "hash.more", pairs.size() - 40));
      break;
    }
    if (p.a == p.b)
      fmt::print("  {}\n", p.a);
    else
      fmt::print("  {}  =  {}\n", p.a, p.b);
  }
}

int HashTwo(const Model& a, const Model& b, HashOptions opt, bool json, Lang lang) {
  opt.values = true;
  auto da = HashModel(a, opt);
  if (!da.ok()) return ReportError("hash", da.status(), lang);
  auto db = HashModel(b, opt);
  if (!db.ok()) return ReportError("hash", db.status(), lang);
  HashComparison c = CompareDigests(*da, *db);
  // Lossy pairs (F32 vs BF16, ...): whole tensors in memory, so bound them (2 × 64 MB).
  std::vector<CastPair> casts = CompareCastsByKey(a, b, uint64_t{16} << 20);
  if (json) {
    nlohmann::json cj = nlohmann::json::array();
    for (const CastPair& p : casts) {
      nlohmann::json e = {{"a", p.a}, {"b", p.b}};
      if (p.note.empty()) {
        e["rounded_to"] = DTypeName(p.eq.narrow);
        e["equal_fraction"] = p.eq.equal_fraction;
        e["shifted_equal_fraction"] = p.eq.shifted_fraction;
      } else {
        e["note"] = p.note;
      }
      cj.push_back(std::move(e));
    }
    nlohmann::json j;
    j["a"] = {{"path", a.path},
              {"format", a.format},
              {"stored_tensors", c.stored_a},
              {"canonical_tensors", c.values_a}};
    j["b"] = {{"path", b.path},
              {"format", b.format},
              {"stored_tensors", c.stored_b},
              {"canonical_tensors", c.values_b}};
    j["identical"] = PairsJson(c.identical);
    j["value_identical"] = PairsJson(c.value_identical);
    j["canonical_keys_in_both"] = c.same_key_a;
    j["cast_equivalence"] = std::move(cj);
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("A: %s (%s)\nB: %s (%s)\n", a.path.c_str(), a.format.c_str(), b.path.c_str(),
              b.format.c_str());
  PrintPairs(lang, "hash.identical", c.identical, std::min(c.stored_a, c.stored_b));
  PrintPairs(lang, "hash.value_identical", c.value_identical, std::min(c.values_a, c.values_b));
  if (!casts.empty()) {
    size_t full = 0;
    for (const CastPair& p : casts) full += p.note.empty() && p.eq.equal_fraction == 1.0;
    fmt::print("{}\n", Trf(lang, "hash.casts", full, casts.size()));
  }
  return kExitOk;
}

}  // namespace

int RunHash(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.hash")};
  std::vector<std::string> paths;
  bool json = false, quiet = false, values = false;
  unsigned threads = 0;
  std::string lang = "en";
  app.add_option("MODEL", paths, "help.opt.hash.model")->required()->expected(1, 2);
  app.add_flag("--json", json, "help.opt.json");
  app.add_flag("--values", values, "help.opt.hash.values");
  app.add_option("--threads", threads, "help.opt.hash.threads");
  AddLangOption(app, &lang);
  app.add_flag("--quiet", quiet, "help.opt.quiet");
  ModelFlags model_flags;
  AddModelFlags(app, &model_flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  HashOptions opt;
  opt.threads = threads;
  opt.values = values;
  opt.progress = !quiet;
  std::vector<ModelLocation> locations;
  for (const std::string& p : paths) {
    Result<ModelLocation> loc = ResolveModelArg(p, model_flags);
    if (!loc.ok()) return ReportError("hash", loc.status(), LangOf(lang));
    locations.push_back(std::move(loc).value());
  }
  auto a = LoadModel(locations[0]);
  if (!a.ok()) return ReportError("hash", a.status(), LangOf(lang));
  if (paths.size() == 1) return HashOne(*a, opt, json);
  auto b = LoadModel(locations[1]);
  if (!b.ok()) return ReportError("hash", b.status(), LangOf(lang));
  return HashTwo(*a, *b, opt, json, LangOf(lang));
}

}  // namespace lineage::cli
