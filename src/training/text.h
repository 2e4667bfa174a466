// User-facing strings of the logs, trajectory and init-check outputs, in English and Korean, in
// one table (see arch/text.h for the lookup rules). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lineage {

std::string TrainingText(std::string_view id, std::string_view lang);

}  // namespace lineage
