// Small string helpers shared by the naming schemes. Pure functions.
#pragma once

#include <string_view>
#include <vector>

namespace lineage {

// "a.b.c" → {"a", "b", "c"}; views into `s`.
std::vector<std::string_view> SplitDots(std::string_view s);
// Parses a non-negative decimal index (no sign, no leading '+', at most 9 digits).
bool ParseIndex(std::string_view s, int* out);

}  // namespace lineage
