// User-facing strings of the arch and compute commands, in English and Korean, in one table so
// the report catalog can absorb them. Lookup falls back to English, then to the id itself.
// Pure functions over static tables; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lineage {

struct TextEntry {
  const char* id;
  const char* en;
  const char* ko;
};

// lang is "en" or "ko".
std::string LookupText(const TextEntry* table, size_t n, std::string_view id, std::string_view lang);
std::string ArchText(std::string_view id, std::string_view lang);

}  // namespace lineage
