#include "util/process_memory.h"

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

namespace lineage {

int64_t ParseRssAnonBytes(std::string_view text) {
  constexpr std::string_view kKey = "RssAnon:";
  size_t at = text.find(kKey);
  if (at == std::string_view::npos || (at > 0 && text[at - 1] != '\n')) return -1;
  size_t i = at + kKey.size();
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  int64_t kib = 0;
  size_t digits = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 15;
       ++i, ++digits)
    kib = kib * 10 + (text[i] - '0');
  if (digits == 0) return -1;
  return kib * 1024;  // the kernel writes it in kB (KiB)
}

int64_t CurrentRssAnonBytes() {
  std::ifstream in("/proc/self/status");
  if (!in) return -1;
  std::ostringstream text;
  text << in.rdbuf();
  return ParseRssAnonBytes(text.str());
}

}  // namespace lineage
