// `lineage fingerprint MODEL [-o FILE]`: writes the model's fingerprint (fingerprint/build.h, the
// format of docs/FORMATS.md "Fingerprints"). `lineage fingerprint A B`: compares two models or
// fingerprint files by their sketches (fingerprint/compare.h): a screening that says whether a
// full `lineage compare` is worth running, never a verdict and never a claim of ancestry.
// JSON of the comparison: schema "lineage.fingerprint-compare" 1.1 (docs/JSON_SCHEMA.md).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "cli/fingerprint_input.h"
#include "fingerprint/build.h"
#include "fingerprint/codec.h"
#include "fingerprint/compare.h"
#include "model/model.h"
#include "report/catalog.h"

namespace lineage::cli {
namespace {

struct FingerprintFlags {
  std::vector<std::string> inputs;
  std::string output;
  std::string seed;  // decimal or 0x-hex; empty = kDefaultProjectionSeed
  bool json = false, quiet = false;
  unsigned threads = 0;
  std::string lang = "en";
  ModelFlags model;
};

// A fingerprint file as it is (its seed must be `seed`), or a model fingerprinted now.
Result<Fingerprint> Obtain(const std::string& arg, uint64_t seed, const FingerprintFlags& f,
                           uint64_t* bytes_read = nullptr) {
  return ObtainFingerprint(arg, seed, f.threads, f.model, bytes_read);
}

std::string DefaultOutput(const std::string& arg) {
  std::string name = std::filesystem::path(arg).filename().string();
  if (name.empty()) name = std::filesystem::path(arg).parent_path().filename().string();
  for (char& c : name) {
    if (c == '@' || c == '/' || c == ':') c = '_';
  }
  return (name.empty() ? std::string("model") : name) + ".lfp";
}

int Make(const FingerprintFlags& f, uint64_t seed, Lang lang) {
  uint64_t bytes_read = 0;
  Result<Fingerprint> fp = Obtain(f.inputs[0], seed, f, &bytes_read);
  if (!fp.ok()) return ReportError("fingerprint", fp.status(), lang);
  const std::string out = f.output.empty() ? DefaultOutput(f.inputs[0]) : f.output;
  Status st = WriteFingerprintFile(out, *fp);
  if (!st.ok()) return ReportError("fingerprint", st, lang);
  const uintmax_t bytes = std::filesystem::file_size(out);
  size_t units = 0;
  for (const BlockSketch& b : fp->blocks) units = std::max(units, b.units.size());
  if (f.json) {
    PrintJson({{"schema", "lineage.fingerprint"},
               {"schema_version", "1.1"},
               {"bytes_read", bytes_read},
               {"file", out},
               {"bytes", bytes},
               {"format_version", fp->version},
               {"projection_seed", fp->projection_seed},
               {"blocks", fp->blocks.size()},
               {"probe_tokens", fp->embedding.token_hashes.size()},
               {"units_per_block", units},
               {"tensors", fp->tensors.size()}});
  } else if (!f.quiet) {
    fmt::print("{}\n", Trf(lang, "fingerprint.written", out, bytes, fp->blocks.size(),
                           fp->embedding.token_hashes.size(), units));
  }
  return kExitOk;
}

nlohmann::json CompareJson(const SketchComparison& c, const FingerprintFlags& f) {
  nlohmann::json blocks = nlohmann::json::array();
  for (const SketchBlockResult& b : c.blocks) {
    nlohmann::json j = {{"layer", b.layer},     {"layer_b", b.layer_b}, {"width_a", b.width_a},
                        {"width_b", b.width_b}, {"kept_a", b.kept_a},   {"kept_b", b.kept_b}};
    if (b.agreement_run) {
      j["agreement"] = b.agreement;
      j["chance_agreement"] = b.chance_agreement;
    }
    if (b.hit_test_valid) j["hits"] = {{"count", b.hits}, {"log10_p", b.hit_log10_p}};
    blocks.push_back(std::move(j));
  }
  return {{"schema", "lineage.fingerprint-compare"},
          {"schema_version", "1.1"},
          {"a", f.inputs[0]},
          {"b", f.inputs[1]},
          {"identical_tensors", c.identical_tensors},
          {"tensors_a", c.tensors_a},
          {"tensors_b", c.tensors_b},
          {"token_jaccard", c.token_jaccard},
          {"same_id_fraction", c.same_id_fraction},
          {"shared_probe_tokens", c.shared_probe_tokens},
          {"alignment_context", c.alignment},
          {"hit_blocks", c.hit_blocks},
          {"depth_map", c.depth_map},
          {"map_cells", c.map_cells},
          {"hits_log10_p", c.hits_log10_p},
          {"s2_blocks", c.s2_blocks},
          {"mean_agreement", c.mean_agreement},
          {"related_exact", RelatedExact(c)},
          {"related_robust", RelatedRobust(c)},
          {"note", c.note},
          {"blocks", std::move(blocks)}};
}

// One block's line: its partner when that is not its own layer (a depth map), S2 where it ran.
void PrintBlock(const SketchBlockResult& b, Lang lang) {
  if (b.hit_test_valid && !b.agreement_run) {
    fmt::print("{}\n", Trf(lang, "fingerprint.block_hits_only", b.layer, b.layer_b, b.hits,
                           b.kept_a, b.width_a, b.hit_log10_p));
  } else if (b.hit_test_valid && b.layer_b != b.layer) {
    fmt::print("{}\n", Trf(lang, "fingerprint.block_pair", b.layer, b.layer_b, b.hits, b.kept_a,
                           b.width_a, b.hit_log10_p, b.agreement, b.chance_agreement));
  } else if (b.hit_test_valid) {
    fmt::print("{}\n", Trf(lang, "fingerprint.block", b.layer, b.hits, b.kept_a, b.width_a,
                           b.hit_log10_p, b.agreement, b.chance_agreement));
  } else if (b.agreement_run) {
    fmt::print("{}\n", Trf(lang, "fingerprint.block_widths", b.layer, b.width_a, b.width_b,
                           b.agreement, b.chance_agreement));
  }
}

void PrintComparison(const SketchComparison& c, const FingerprintFlags& f, Lang lang) {
  fmt::print("A: {}\nB: {}\n", f.inputs[0], f.inputs[1]);
  fmt::print("{}\n", Trf(lang, "fingerprint.identical", c.identical_tensors,
                         std::min(c.tensors_a, c.tensors_b)));
  fmt::print("{}\n", Trf(lang, "fingerprint.tokens", c.token_jaccard, 100 * c.same_id_fraction,
                         c.shared_probe_tokens, c.alignment));
  for (const SketchBlockResult& b : c.blocks) PrintBlock(b, lang);
  if (c.depth_map) {
    fmt::print("{}\n", Trf(lang, "fingerprint.hits_map", c.map_cells, c.map_cells, c.hits_log10_p));
  } else {
    fmt::print("{}\n", Trf(lang, "fingerprint.hits", c.hit_blocks, c.hits_log10_p));
  }
  fmt::print("{}\n", Trf(lang, "fingerprint.agreement", c.mean_agreement, kSketchAgreementFloor));
  if (!c.note.empty()) fmt::print("{}\n", TrText(lang, c.note));
  const char* key = RelatedExact(c)    ? "fingerprint.related_exact"
                    : RelatedRobust(c) ? "fingerprint.related_robust"
                                       : "fingerprint.not_related";
  fmt::print("{}\n", Trf(lang, key, c.hits_log10_p));
}

int Compare(const FingerprintFlags& f, uint64_t seed, Lang lang) {
  Result<Fingerprint> a = Obtain(f.inputs[0], seed, f);
  if (!a.ok()) return ReportError("fingerprint", a.status(), lang);
  Result<Fingerprint> b = Obtain(f.inputs[1], seed, f);
  if (!b.ok()) return ReportError("fingerprint", b.status(), lang);
  Result<SketchComparison> c = CompareFingerprints(*a, *b);
  if (!c.ok()) return ReportError("fingerprint", c.status(), lang);
  if (f.json)
    PrintJson(CompareJson(*c, f));
  else
    PrintComparison(*c, f, lang);
  return kExitOk;
}

}  // namespace

int RunFingerprint(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.fingerprint")};
  FingerprintFlags f;
  app.add_option("MODEL", f.inputs, "help.opt.fingerprint.model")->required()->expected(1, 2);
  app.add_option("-o,--output", f.output, "help.opt.fingerprint.output");
  app.add_option("--projection-seed", f.seed, "help.opt.fingerprint.seed");
  app.add_flag("--json", f.json, "help.opt.json");
  app.add_option("--threads", f.threads, "help.opt.hash.threads");
  AddLangOption(app, &f.lang);
  app.add_flag("--quiet", f.quiet, "help.opt.quiet");
  AddModelFlags(app, &f.model);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const Lang lang = LangOf(f.lang);
  Result<uint64_t> seed = ParseProjectionSeed(f.seed);
  if (!seed.ok()) return Fail("fingerprint", seed.status().message(), kExitUsage, lang);
  if (f.inputs.size() == 2 && !f.output.empty())
    return Fail("fingerprint", "fingerprint.output_with_two", kExitUsage, lang);
  return f.inputs.size() == 1 ? Make(f, *seed, lang) : Compare(f, *seed, lang);
}

}  // namespace lineage::cli
