// ScriptCount: how many tokens are written in one script (tokenizer/scripts.h classifies them).
// A plain value shared by the tokenizer analysis, which counts, and the tokenizer summary of a
// compare result, which reports; it sits here so that evidence needs nothing from tokenizer/.
#pragma once

#include <cstdint>
#include <string>

namespace lineage {

struct ScriptCount {
  std::string script;  // class name, e.g. "Han", "Latin", "code" (tokenizer/scripts.h)
  int64_t count = 0;
};

}  // namespace lineage
