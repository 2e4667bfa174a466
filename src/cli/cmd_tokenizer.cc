// `lineage tokenizer A B`: tokenizer lineage of A relative to B (METHODS.md §6, docs/TOKENIZER.md).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <thread>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "report/catalog.h"
#include "report/tokenizer_text.h"
#include "tokenizer/compare.h"
#include "tokenizer/comparison_json.h"
#include "tokenizer/vocab.h"

namespace lineage::cli {
namespace {

std::string Scripts(const Coverage& c, Lang lang) {
  if (c.count == 0) return std::string(Tr(lang, "tokenizer.none"));
  std::string out = std::to_string(c.count) + " (";
  for (size_t i = 0; i < c.scripts.size() && i < 6; ++i) {
    if (i) out += ", ";
    out += c.scripts[i].script + " " + std::to_string(c.scripts[i].count);
  }
  return out + ")";
}

// Special flags and added tokens that differ, named (they never decide the relation).
void PrintNamedDifferences(const TokenizerComparison& c, Lang lang) {
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < 20; ++i) out += (i ? ", " : "") + v[i];
    return v.size() > 20 ? out + ", ... (" + std::to_string(v.size()) + ")" : out;
  };
  if (!c.special_on_one_side.empty())
    fmt::print("{}\n", Trf(lang, "tokenizer.special_flags", joined(c.special_on_one_side)));
  if (!c.added_only_a.empty())
    fmt::print("{}\n", Trf(lang, "tokenizer.added_only", "A", joined(c.added_only_a)));
  if (!c.added_only_b.empty())
    fmt::print("{}\n", Trf(lang, "tokenizer.added_only", "B", joined(c.added_only_b)));
}

void PrintText(const TokenizerComparison& c, Lang lang) {
  auto side = [&](const char* name, const VocabSummary& s) {
    fmt::print("{}\n", Trf(lang, "tokenizer.side", name, s.source, s.format, s.model, s.vocab_size,
                           s.merges, s.specials.size()));
    for (const std::string& n : s.notes)
      fmt::print("{}\n", Trf(lang, "tokenizer.note", TrText(lang, n)));
  };
  side("A", c.a);
  side("B", c.b);
  const char* label = RelationLabel(c.relation);
  // The catalog's wording, followed by the stable label scripts and --quiet use when they differ.
  std::string shown(TrLabel(lang, "relation", label));
  if (shown.rfind(label, 0) != 0) shown += std::string(" (") + label + ")";
  fmt::print("{}\n", Trf(lang, "tokenizer.relation", shown));
  fmt::print("  {}\n", TokenizerExplanation(c, lang));
  fmt::print("{}\n", Trf(lang, "tokenizer.metrics", c.jaccard, c.containment, c.shared,
                         c.same_id_rate, c.id_prefix));
  if (c.merges_compared) {
    fmt::print("{}\n", Trf(lang, "tokenizer.merges", c.shared_merges, c.merge_rank_spearman,
                           c.merge_prefix));
  }
  fmt::print("{}\n", Trf(lang, "tokenizer.added", Scripts(c.added_in_a, lang),
                         Scripts(c.added_in_b, lang)));
  fmt::print("{}\n", Trf(lang, "tokenizer.pipeline",
                         TrLabel(lang, "tokenizer.match", c.pre_tokenizer_match),
                         c.specials_only_a.size(), c.specials_only_b.size()));
  PrintNamedDifferences(c, lang);
  fmt::print("{}\n", Tr(lang, "tokenizer.deciding"));
  // Language-neutral notation over the JSON metric names (tokenizer/compare.h).
  for (const std::string& d : c.deciding) fmt::print("  - {}\n", d);
}

// Loads A and B, on two threads unless `threads` is 1: the loads are independent, and each is
// dominated by parsing one file.
void LoadBoth(const std::string& a, const std::string& b, int threads, Result<Vocab>* va,
              Result<Vocab>* vb) {
  if (threads == 1) {
    *va = LoadVocab(a);
    *vb = LoadVocab(b);
    return;
  }
  std::thread other([&] { *vb = LoadVocab(b); });
  *va = LoadVocab(a);
  other.join();
}

int LoadError(const Status& st, Lang lang) {
  std::fprintf(stderr, "lineage tokenizer: %s\n", StatusText(lang, st).c_str());
  return st.code() == Status::Code::kInternal ? kExitInternal : kExitBadInput;
}

}  // namespace

int RunTokenizer(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.tokenizer"), "lineage tokenizer"};
  std::string a, b, lang_code = "en";
  bool json = false, quiet = false;
  int threads = 0;
  app.add_option("A", a, "help.opt.tokenizer.a")->required();
  app.add_option("B", b, "help.opt.tokenizer.b")->required();
  ModelFlags model_flags;
  AddModelFlags(app, &model_flags);
  app.add_flag("--json", json, "help.opt.json");
  AddLangOption(app, &lang_code);
  app.add_option("--threads", threads, "help.opt.tokenizer.threads")->check(CLI::Range(0, 4096));
  app.add_flag("--quiet", quiet, "help.opt.tokenizer.quiet");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const Lang lang = LangOf(lang_code);
  // A hub model's tokenizer files are small: resolution puts them in its local snapshot folder.
  Result<ModelLocation> la = ResolveModelArg(a, model_flags);
  if (!la.ok()) return ReportError("tokenizer", la.status(), lang);
  Result<ModelLocation> lb = ResolveModelArg(b, model_flags);
  if (!lb.ok()) return ReportError("tokenizer", lb.status(), lang);
  Result<Vocab> va = Internal("not loaded"), vb = Internal("not loaded");
  LoadBoth(la->path, lb->path, threads, &va, &vb);
  if (!va.ok()) return LoadError(va.status(), lang);
  if (!vb.ok()) return LoadError(vb.status(), lang);
  TokenizerComparison c = CompareVocabs(*va, *vb);
  if (json) {
    PrintJson(TokenizerComparisonJson(c, TokenizerExplanation(c, lang)));
  } else if (quiet) {
    std::printf("%s\n", RelationLabel(c.relation));
  } else {
    PrintText(c, lang);
  }
  return kExitOk;
}

}  // namespace lineage::cli
