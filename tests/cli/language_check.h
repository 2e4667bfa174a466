// Detectors for text that should not reach a reader: a message id instead of its sentence, and (in
// `--lang ko` output) English prose.
//
// Raw ids: the catalog's keys are "<prefix>.<rest>" with a handful of prefixes ("reason",
// "verdict", "phrase", ...). Any "<prefix>.<word>" in the output whose prefix is one of them is a
// leaked id, whether or not the catalog knows the full key (Tr() returns an unknown key as it is).
// File names share the shape ("tokenizer.json"), so a suffix that is a file extension is not an
// id.
//
// English prose: a run of 3 or more consecutive English words. A word is a whitespace-separated
// token made of ASCII letters only (apostrophes and inner hyphens allowed) once its surrounding
// punctuation is stripped. Everything else breaks a run:
//   - tokens with digits, '_', '/', '.', ':' inside or Hangul: numbers, ids of statistics and
//     tensors (gate_up_consistency, attn_norm), paths and file names (models/base, config.json);
//   - single letters: notation (A, B, K, d, h, m, r, z);
//   - the allow-list below: proper names of methods, formats and units that Korean text keeps
//     in Latin letters by convention (docs/GLOSSARY.ko.md);
//   - quoted data ("...", '...', `...`) and HTML <script>/<style> blocks and tags are removed
//     first, as data or markup rather than text.
// The detector reads words, not the catalog, so it also catches English that never went through
// the catalog (an analysis's note, a Status message, a hard-coded string). It is deterministic on
// a given text: no threshold on frequencies, no sampling.
#pragma once

#include <cctype>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report/catalog.h"

namespace lineage::testing {

// Proper names and units kept in Latin letters in Korean text (see docs/GLOSSARY.ko.md).
inline const std::set<std::string>& LatinAllowList() {
  static const std::set<std::string> kNames = {
      // the product and the formats and libraries it reads
      "lineage", "safetensors", "GGUF", "gguf", "PyTorch", "zip", "llama", "BPE", "SentencePiece",
      "tiktoken", "JSON", "JSONL", "HTML", "Markdown", "SHA", "hf-dir", "Unigram", "WordPiece",
      // statistical methods named after people or papers
      "Bonferroni", "Fisher", "Pearson", "Spearman", "Jaccard", "Procrustes", "Poisson", "HuRef",
      "Holm", "Monte", "Carlo",
      // abbreviations
      "LAP", "CKA", "AWM", "CLT", "MFU", "FLOPs", "GPU", "MLP", "LM", "MTP", "ID", "PCA", "NaN",
      "Inf", "CPU", "LLM", "BF16", "F16", "F32", "df", "sd", "sqrt", "min", "max", "log", "ln",
      "exp", "cos", "vs", "n/a", "true", "false", "null"};
  return kNames;
}

inline std::string StripMarkup(std::string text) {
  auto erase_between = [&text](const std::string& open, const std::string& close) {
    for (size_t i = text.find(open); i != std::string::npos; i = text.find(open, i)) {
      size_t j = text.find(close, i + open.size());
      text.replace(i, j == std::string::npos ? std::string::npos : j + close.size() - i, " | ");
    }
  };
  erase_between("<script", "</script>");
  erase_between("<style", "</style>");
  // A tag ends a run of words: table cells and list items are separate texts, and an inline tag
  // inside a sentence only splits it (less strict, never flaky).
  erase_between("<", ">");
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (size_t i = text.find(entity); i != std::string::npos; i = text.find(entity, i + 1))
      text.replace(i, entity.size(), c);
  }
  return text;
}

// Removes "…"-, '…'- and `…`-quoted spans (data: token contents, config values, flag names).
inline std::string StripQuoted(const std::string& text) {
  std::string out;
  char open = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool boundary = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    if (open == 0 && (c == '"' || c == '`' || (c == '\'' && boundary))) {
      open = c;
      out += ' ';
    } else if (open != 0 && c == open) {
      open = 0;
    } else if (open == 0) {
      out += c;
    } else if (c == '\n') {
      open = 0;  // quotes never span lines; an unmatched one must not hide the rest
      out += c;
    }
  }
  return out;
}

inline bool IsEnglishWord(std::string token) {
  auto punct = [](char c) { return std::string("()[]{},.;:!?|—–-·").find(c) != std::string::npos; };
  while (!token.empty() && punct(token.front())) token.erase(0, 1);
  while (!token.empty() && punct(token.back())) token.pop_back();
  if (token.size() < 2) return false;
  if (LatinAllowList().count(token)) return false;
  for (char c : token) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && c != '\'' && c != '-') return false;
  }
  return true;
}

// Runs of 3+ consecutive English words, one string per run.
inline std::vector<std::string> EnglishRuns(const std::string& raw) {
  std::vector<std::string> runs;
  std::istringstream lines(StripQuoted(StripMarkup(raw)));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string w, run;
    int n = 0;
    auto flush = [&] {
      if (n >= 3) runs.push_back(run);
      run.clear();
      n = 0;
    };
    while (words >> w) {
      if (!IsEnglishWord(w)) {
        flush();
        continue;
      }
      run += (n ? " " : "") + w;
      ++n;
    }
    flush();
  }
  return runs;
}

// "<prefix>.<word>" where <prefix> opens some catalog key and <word> is not a file extension.
inline std::vector<std::string> RawIds(const std::string& text) {
  static const std::set<std::string> kExtensions = {
      "json", "jsonl", "safetensors", "gguf", "model", "tiktoken", "bin",   "pt",  "pth",
      "md",   "html",  "txt",         "csv",  "c",     "py",       "index", "ckpt"};
  std::set<std::string> prefixes;
  for (const CatalogEntry& e : CatalogEntries()) {
    std::string k = e.key;
    prefixes.insert(k.substr(0, k.find('.')));
  }
  auto id_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  };
  std::vector<std::string> found;
  for (size_t dot = text.find('.'); dot != std::string::npos; dot = text.find('.', dot + 1)) {
    size_t b = dot;
    while (b > 0 && id_char(text[b - 1])) --b;
    size_t e = dot + 1;
    while (e < text.size() && (id_char(text[e]) || text[e] == '.')) ++e;
    while (e > dot + 1 && text[e - 1] == '.') --e;  // a sentence's full stop
    if (b == dot || e == dot + 1) continue;
    if (b > 0 && (text[b - 1] == '/' || text[b - 1] == '.')) continue;  // inside a path
    std::string prefix = text.substr(b, dot - b);
    std::string rest = text.substr(dot + 1, e - dot - 1);
    std::string first = rest.substr(0, rest.find('.'));
    if (!prefixes.count(prefix) || kExtensions.count(first)) continue;
    if (!std::islower(static_cast<unsigned char>(first[0]))) continue;
    found.push_back(prefix + "." + rest);
  }
  return found;
}

}  // namespace lineage::testing
