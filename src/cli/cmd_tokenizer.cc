// `lineage tokenizer A B`: tokenizer lineage of A relative to B (issue 3).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "tokenizer/comparison_json.h"
#include "tokenizer/compare.h"
#include "tokenizer/relation_text.h"
#include "tokenizer/vocab.h"

namespace lineage::cli {
namespace {

std::string Scripts(const Coverage& c, Lang lang) {
  if (c.count == 0) return Label("none", lang);
  std::string out = std::to_string(c.count) + " (";
  for (size_t i = 0; i < c.scripts.size() && i < 6; ++i) {
    if (i) out += ", ";
    out += c.scripts[i].script + " " + std::to_string(c.scripts[i].count);
  }
  return out + ")";
}

void PrintText(const TokenizerComparison& c, Lang lang) {
  auto side = [&](const char* name, const VocabSummary& s) {
    std::printf("%s: %s [%s, %s] %s %lld, %s %lld, %s %zu\n", name, s.source.c_str(), s.format.c_str(),
                s.model.c_str(), Label("vocab_size", lang).c_str(), static_cast<long long>(s.vocab_size),
                Label("merges", lang).c_str(), static_cast<long long>(s.merges), Label("specials", lang).c_str(),
                s.specials.size());
    for (const std::string& n : s.notes) std::printf("  %s: %s\n", Label("notes", lang).c_str(), n.c_str());
  };
  side("A", c.a);
  side("B", c.b);
  std::printf("%s: %s\n", Label("relation", lang).c_str(), RelationLabel(c.relation));
  std::printf("  %s\n", RelationExplanation(c, lang).c_str());
  std::printf("Jaccard %.4f | containment %.4f | %s %lld | %s %.4f | id prefix %lld\n", c.jaccard, c.containment,
              Label("shared", lang).c_str(), static_cast<long long>(c.shared), Label("same_id_rate", lang).c_str(),
              c.same_id_rate, static_cast<long long>(c.id_prefix));
  if (c.merges_compared) {
    std::printf("%s: shared %lld, rank correlation %.4f, identical prefix %lld\n", Label("merges", lang).c_str(),
                static_cast<long long>(c.shared_merges), c.merge_rank_spearman, static_cast<long long>(c.merge_prefix));
  }
  std::printf("%s: A %s | B %s\n", Label("added", lang).c_str(), Scripts(c.added_in_a, lang).c_str(),
              Scripts(c.added_in_b, lang).c_str());
  std::printf("%s: %s; %s: A %zu, B %zu\n", Label("pre_tokenizer", lang).c_str(), c.pre_tokenizer_match.c_str(),
              Label("only_in", lang).c_str(), c.specials_only_a.size(), c.specials_only_b.size());
  std::printf("%s:\n", Label("deciding", lang).c_str());
  for (const std::string& d : c.deciding) std::printf("  - %s\n", d.c_str());
}

}  // namespace

int RunTokenizer(int argc, char** argv) {
  CLI::App app{"Tokenizer lineage: how tokenizer A relates to tokenizer B (extends = A extends B)",
               "lineage tokenizer"};
  std::string a, b, lang_code = "en";
  bool json = false, quiet = false;
  int threads = 0;
  app.add_option("A", a, "model directory or tokenizer file (candidate)")->required();
  app.add_option("B", b, "model directory or tokenizer file (base)")->required();
  app.add_flag("--json", json, "print JSON");
  app.add_option("--lang", lang_code, "language of the explanation: en or ko");
  app.add_option("--threads", threads, "accepted for uniformity; the comparison is single-threaded");
  app.add_flag("--quiet", quiet, "print only the relation (text mode)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  auto lang = ParseLang(lang_code);
  if (!lang.ok()) {
    std::fprintf(stderr, "lineage tokenizer: --lang must be en or ko, not '%s'\n", lang_code.c_str());
    return kExitUsage;
  }
  auto va = LoadVocab(a);
  if (!va.ok()) {
    std::fprintf(stderr, "lineage tokenizer: %s\n", va.status().ToString().c_str());
    return va.status().code() == Status::Code::kInternal ? kExitInternal : kExitBadInput;
  }
  auto vb = LoadVocab(b);
  if (!vb.ok()) {
    std::fprintf(stderr, "lineage tokenizer: %s\n", vb.status().ToString().c_str());
    return vb.status().code() == Status::Code::kInternal ? kExitInternal : kExitBadInput;
  }
  TokenizerComparison c = CompareVocabs(*va, *vb);
  if (json) {
    std::printf("%s\n", TokenizerComparisonJson(c, *lang).dump(2).c_str());
  } else if (quiet) {
    std::printf("%s\n", RelationLabel(c.relation));
  } else {
    PrintText(c, *lang);
  }
  return kExitOk;
}

}  // namespace lineage::cli
