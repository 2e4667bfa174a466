#include "util/lang.h"

#include <string>

namespace lineage {

Result<Lang> ParseLang(std::string_view code) {
  if (code == "en") return Lang::kEn;
  if (code == "ko") return Lang::kKo;
  return InvalidArgument("unknown language '" + std::string(code) + "' (expected en or ko)");
}

const char* LangCode(Lang lang) { return lang == Lang::kKo ? "ko" : "en"; }

}  // namespace lineage
