// The tables the one catalog (report/catalog.h) is assembled from. Internal to report/: code
// outside it asks Tr()/Trf() and never sees a table.
//
// Contract: each function returns a static, immutable array (thread-safe); keys are unique
// across all tables (the catalog test enforces it).
#pragma once

#include <span>

#include "report/catalog.h"

namespace lineage {

// Text output of the single-analysis commands: tokenizer, arch, compute, logs, trajectory,
// inspect (and --init-check), hash, weights (report/catalog_commands.cc).
std::span<const CatalogEntry> CommandCatalogEntries();

// Templates of the analyses' English diagnostics, keyed "phrase.*", for TrText
// (report/catalog_phrases.cc). Their Korean side uses {} or {N} only: arguments arrive as text.
std::span<const CatalogEntry> PhraseCatalogEntries();

// Every command's --help: option descriptions, the model footer and CLI11's labels, keyed
// "help.opt.*", "help.footer.*", "help.cache.*" and "help.cli11.*" (report/catalog_options.cc).
std::span<const CatalogEntry> OptionCatalogEntries();

// `lineage fingerprint`: its --help and text output (report/catalog_fingerprint.cc).
std::span<const CatalogEntry> FingerprintCatalogEntries();

}  // namespace lineage
