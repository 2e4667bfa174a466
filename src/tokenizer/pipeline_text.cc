#include "tokenizer/pipeline_text.h"

#include <string_view>
#include <vector>

namespace lineage {
namespace {

using simdjson::dom::element;

constexpr std::string_view kMetaspace = "\xE2\x96\x81";  // U+2581
// What a ByteLevel pre-tokenizer with use_regex applies first (GPT-2's pattern).
constexpr std::string_view kGpt2Regex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

std::string_view Str(element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return v;
}

bool Bool(element e, std::string_view key, bool fallback) {
  bool v;
  if (e[key].get_bool().get(v) != simdjson::SUCCESS) return fallback;
  return v;
}

// The pattern of a Split/Replace step: {"Regex": ...} or {"String": ...}; strings are quoted so
// they never compare equal to a regex.
std::string Pattern(element e) {
  element p;
  if (e["pattern"].get(p) != simdjson::SUCCESS) return {};
  std::string_view v;
  if (p["Regex"].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  if (p["String"].get_string().get(v) == simdjson::SUCCESS) return "\"" + std::string(v) + "\"";
  return {};
}

void Join(std::string* out, const std::string& step) {
  if (step.empty()) return;
  if (!out->empty()) *out += " + ";
  *out += step;
}

struct Walker {
  PipelineText* text;
  bool prefix_space = false;  // a Prepend("▁") normalizer or Metaspace with a prefix
  std::vector<std::string> regexes;

  // The steps of a Sequence (the array under `key`), described and joined with " + ". Nesting
  // is bounded by the parser's depth limit.
  std::string Sequence(element e, std::string_view key, std::string (Walker::*describe)(element)) {
    std::string out;
    simdjson::dom::array items;
    if (e[key].get_array().get(items) == simdjson::SUCCESS) {
      for (element item : items) Join(&out, (this->*describe)(item));
    }
    return out;
  }

  std::string Normalizer(element e) {
    std::string_view type = Str(e, "type");
    if (type == "Sequence") return Sequence(e, "normalizers", &Walker::Normalizer);
    if (type == "Prepend" && Str(e, "prepend") == kMetaspace) {
      text->metaspace = true;
      prefix_space = true;
      return {};
    }
    if (type == "Replace" && Pattern(e) == "\" \"" && Str(e, "content") == kMetaspace) {
      text->metaspace = true;
      return {};
    }
    if (type == "Replace")
      return "replace(" + Pattern(e) + " -> \"" + std::string(Str(e, "content")) + "\")";
    if (type == "Precompiled") return "sentencepiece-charsmap";
    if (type == "Lowercase") return "lowercase";
    if (type == "StripAccents") return "strip-accents";
    if (type == "Strip") return "strip";
    if (type == "BertNormalizer") {
      return std::string("bert(") + (Bool(e, "lowercase", true) ? "lowercase" : "cased") + ")";
    }
    return std::string(type);  // NFC, NFD, NFKC, NFKD and anything newer, by name
  }

  std::string PreTokenizer(element e) {
    std::string_view type = Str(e, "type");
    if (type == "Sequence") return Sequence(e, "pretokenizers", &Walker::PreTokenizer);
    if (type == "Split") {
      std::string pattern = Pattern(e);
      regexes.push_back(pattern);
      std::string_view behavior = Str(e, "behavior");
      bool invert = Bool(e, "invert", false);
      // "Isolated" keeps each match as a piece; "Removed" + invert keeps the matches and drops
      // the gaps. With a pattern that matches every character (cl100k's ends in \s+) the two
      // split text identically, so they get one description.
      if ((behavior == "Isolated" && !invert) || (behavior == "Removed" && invert)) {
        return "split(/" + pattern + "/)";
      }
      return "split(/" + pattern + "/, " + std::string(behavior) + (invert ? ", invert" : "") + ")";
    }
    if (type == "ByteLevel") {
      text->byte_level = true;
      std::string out;
      if (Bool(e, "use_regex", true)) {
        regexes.emplace_back(kGpt2Regex);
        out = "split(/" + std::string(kGpt2Regex) + "/) + ";
      }
      return out + (Bool(e, "add_prefix_space", false) ? "bytelevel(prefix-space)" : "bytelevel");
    }
    if (type == "Metaspace") {
      text->metaspace = true;
      std::string_view scheme = Str(e, "prepend_scheme");
      bool prefix = scheme.empty() ? Bool(e, "add_prefix_space", true) : scheme != "never";
      if (prefix) prefix_space = true;
      return {};
    }
    if (type == "Digits") {
      return Bool(e, "individual_digits", false) ? "digits(single)" : "digits(runs)";
    }
    if (type == "Whitespace") return "whitespace";
    if (type == "WhitespaceSplit") return "whitespace-split";
    if (type == "BertPreTokenizer") return "bert";
    if (type == "Punctuation") return "punctuation";
    if (type == "UnicodeScripts") return "unicode-scripts";
    return std::string(type);
  }
};

}  // namespace

std::string DigitSplittingOfRegex(const std::string& regex) {
  // Checked from the most to the least specific spelling.
  for (std::string_view n : {std::string_view(R"(\p{N})"), std::string_view(R"(\d)")}) {
    size_t at = regex.find(n);
    while (at != std::string::npos) {
      std::string_view rest = std::string_view(regex).substr(at + n.size());
      if (rest.substr(0, 5) == "{1,3}") return "groups of 1-3";
      if (!rest.empty() && rest[0] == '+') return "runs";
      if (rest.empty() || rest[0] == '|' || rest[0] == ')') return "single";
      at = regex.find(n, at + n.size());
    }
  }
  return {};
}

PipelineText DescribePipeline(element root) {
  PipelineText text;
  Walker w{&text, false, {}};
  element e;
  if (root["normalizer"].get(e) == simdjson::SUCCESS && !e.is_null())
    text.normalizer = w.Normalizer(e);
  std::string pre;
  if (root["pre_tokenizer"].get(e) == simdjson::SUCCESS && !e.is_null()) pre = w.PreTokenizer(e);
  if (root["decoder"].get(e) == simdjson::SUCCESS && !e.is_null()) {
    // Only what the decoder implies about token spelling: byte alphabet or metaspace.
    std::string_view dump;
    std::string s = simdjson::minify(e);
    dump = s;
    if (dump.find("\"ByteLevel\"") != std::string_view::npos) text.byte_level = true;
    if (dump.find(kMetaspace) != std::string_view::npos ||
        dump.find("\"Metaspace\"") != std::string_view::npos) {
      text.metaspace = true;
    }
  }
  if (text.metaspace) {
    std::string ms = w.prefix_space ? "metaspace(prefix)" : "metaspace";
    pre = pre.empty() ? ms : ms + " + " + pre;
  }
  text.pre_tokenizer = pre;
  if (pre.find("digits(single)") != std::string::npos) {
    text.digit_splitting = "single";
  } else if (pre.find("digits(runs)") != std::string::npos) {
    text.digit_splitting = "runs";
  } else {
    for (const std::string& r : w.regexes) {
      std::string d = DigitSplittingOfRegex(r);
      if (!d.empty()) {
        text.digit_splitting = d;
        break;
      }
    }
  }
  return text;
}

}  // namespace lineage
