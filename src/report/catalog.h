// The message catalog: every user-facing string of the reports and the CLI summary, in English
// and Korean, under stable keys. Code never spells user-facing text inline; it asks Tr()/Trf().
//
// Contract:
//   - Keys are ASCII ids ("verdict.derived", "section.block_map"). Every key has an English and a
//     Korean text (a test enforces it). An unknown key returns the key itself, so a gap is visible
//     rather than silently English.
//   - Trf() formats with fmt's "{}" placeholders; a template that does not match its arguments
//     yields the bare template, never an exception.
//   - Static, immutable tables: thread-safe. There is no other string table: analyses (tokenizer,
//     arch, training, weights) return labels and numbers, and report/ and cli/ render them here.
//     The reports' entries live in catalog.cc, the commands' text output in catalog_commands.cc,
//     the phrases of the analyses' English diagnostics (see TrText) in catalog_phrases.cc, and
//     every command's --help (options, CLI11's labels) in catalog_options.cc.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "util/lang.h"
#include "util/status.h"

namespace lineage {

struct CatalogEntry {
  const char* key;
  const char* en;
  const char* ko;
};

// Every entry of every folded table, in table order.
std::span<const CatalogEntry> CatalogEntries();
bool HasCatalogKey(std::string_view key);

std::string_view Tr(Lang lang, std::string_view key);

template <typename... Args>
std::string Trf(Lang lang, std::string_view key, const Args&... args) {
  std::string_view pattern = Tr(lang, key);
  try {
    return fmt::format(fmt::runtime(pattern), args...);
  } catch (const fmt::format_error&) {
    return std::string(pattern);
  }
}

// Text for a key built from a prefix and a stable label, e.g. ("verdict", "derived"). Labels the
// catalog does not know (a new test id from an analysis) come back as the label itself: ids are
// language-neutral, and the catalog test lists which ones the reports know.
std::string_view TrLabel(Lang lang, std::string_view prefix, std::string_view label);

// Text that is either a catalog key or an English sentence an analysis wrote (a note, a null
// description, a limitation, a Status message): analyses keep writing English (their JSON says so),
// and this is where such text meets the reader's language. A key renders as Tr(). Otherwise, in
// English the text comes back byte for byte; in Korean it is matched against the phrase table's
// English templates ("phrase.*" keys): the whole text first, else each "; "-separated part (outside
// brackets) on its own. A matched template's placeholders capture the varying parts, which are
// translated the same way (recursively, depth-bounded) and put into the Korean template by index.
// Unmatched text comes back unchanged, so a gap shows as English (the Korean output tests catch
// it) rather than disappearing.
std::string TrText(Lang lang, std::string_view text);

// "<code>: <message>" in `lang` (Status::ToString() in English): how the CLI and the Python
// bindings show an error.
std::string StatusText(Lang lang, const Status& st);

}  // namespace lineage
