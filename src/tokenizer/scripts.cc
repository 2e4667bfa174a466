#include "tokenizer/scripts.h"

#include <algorithm>
#include <map>

#include "tokenizer/canonical.h"
#include "util/utf8.h"

namespace lineage {
namespace {

struct Range {
  uint32_t lo, hi;
  const char* script;
};

// Unicode blocks of the letters that matter for provenance questions; the rest are
// "other-letters" when alphabetic-looking (>= U+00C0) or symbols.
constexpr Range kRanges[] = {
    {0x0041, 0x005A, "Latin"},      {0x0061, 0x007A, "Latin"},  {0x00C0, 0x024F, "Latin"},
    {0x1E00, 0x1EFF, "Latin"},      {0x0370, 0x03FF, "Greek"},  {0x0400, 0x052F, "Cyrillic"},
    {0x0590, 0x05FF, "Hebrew"},     {0x0600, 0x06FF, "Arabic"}, {0x0750, 0x077F, "Arabic"},
    {0x0900, 0x097F, "Devanagari"}, {0x0E00, 0x0E7F, "Thai"},   {0x1100, 0x11FF, "Hangul"},
    {0x3130, 0x318F, "Hangul"},     {0xA960, 0xA97F, "Hangul"}, {0xAC00, 0xD7AF, "Hangul"},
    {0xD7B0, 0xD7FF, "Hangul"},     {0x3040, 0x30FF, "Kana"},   {0x31F0, 0x31FF, "Kana"},
    {0xFF66, 0xFF9F, "Kana"},       {0x2E80, 0x2FDF, "Han"},    {0x3400, 0x4DBF, "Han"},
    {0x4E00, 0x9FFF, "Han"},        {0xF900, 0xFAFF, "Han"},    {0x20000, 0x3134F, "Han"},
};

const char* LetterScript(uint32_t cp) {
  for (const Range& r : kRanges) {
    if (cp >= r.lo && cp <= r.hi) return r.script;
  }
  return nullptr;
}

bool IsCodePunct(uint32_t cp) {
  switch (cp) {
    case '{':
    case '}':
    case '[':
    case ']':
    case '(':
    case ')':
    case ';':
    case '=':
    case '<':
    case '>':
    case '_':
    case '\\':
    case '`':
    case '$':
    case '#':
    case '@':
    case '|':
    case '&':
    case '*':
    case '+':
    case '%':
    case '^':
    case '~':
    case '/':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string ScriptOf(std::string_view bytes) {
  // Letter counts per script name; the names are the string literals of kRanges, so pointer
  // identity is name identity. A token has few distinct scripts: a small array suffices.
  static constexpr const char* kOther = "other-letters";
  struct Count {
    const char* script;
    int n;
  };
  Count letters[8];
  int distinct = 0;
  auto add = [&](const char* script) {
    for (int k = 0; k < distinct; ++k) {
      if (letters[k].script == script) {
        ++letters[k].n;
        return;
      }
    }
    if (distinct < 8) letters[distinct++] = {script, 1};
  };
  bool code = false, digits = false, other = false, all_space = true;
  size_t leading_space = 0;
  bool in_leading = true;
  size_t i = 0;
  while (i < bytes.size()) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(bytes, i, &cp);
    if (len == 0) return "partial-UTF-8";
    i += len;
    bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
    if (in_leading && space)
      ++leading_space;
    else
      in_leading = false;
    if (space) continue;
    all_space = false;
    if (const char* s = LetterScript(cp)) {
      add(s);
    } else if (cp >= '0' && cp <= '9') {
      digits = true;
    } else if (IsCodePunct(cp)) {
      code = true;
    } else if (cp >= 0x00C0 && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
               !(cp >= 0xFF00 && cp <= 0xFF65) && cp < 0x1F000) {
      add(kOther);
    } else {
      other = true;
    }
  }
  if (all_space) return "whitespace";
  if (distinct > 0) {
    int best = 0;
    for (int k = 1; k < distinct; ++k) {
      if (letters[k].n > letters[best].n) best = k;
    }
    std::string name = letters[best].script;
    // Programming text: identifiers with operators, or indented keywords ("    return").
    if (name == "Latin" && (code || leading_space >= 2)) return "code";
    return name;
  }
  if (code) return "code";
  if (digits && !other) return "digits";
  return "symbols";
}

std::vector<ScriptCount> CountScripts(const std::vector<std::string_view>& tokens) {
  std::map<std::string, int64_t> counts;
  for (std::string_view t : tokens) ++counts[ScriptOf(t)];
  std::vector<ScriptCount> out;
  for (auto& [s, n] : counts) out.push_back({s, n});
  std::stable_sort(out.begin(), out.end(),
                   [](const ScriptCount& a, const ScriptCount& b) { return a.count > b.count; });
  return out;
}

}  // namespace lineage
