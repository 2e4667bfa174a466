#include "behaviour/sse.h"

namespace lineage {
namespace {

// The next line of `body` from `pos` without its LF/CRLF; `complete` is false for a last line
// with no line ending (the stream was cut inside it).
std::string_view NextLine(std::string_view body, size_t& pos, bool& complete) {
  const size_t end = body.find('\n', pos);
  complete = end != std::string_view::npos;
  const size_t stop = complete ? end : body.size();
  std::string_view line = body.substr(pos, stop - pos);
  pos = complete ? end + 1 : body.size();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Result<std::vector<std::string>> SplitSseData(std::string_view body, const std::string& source) {
  std::vector<std::string> events;
  std::string data;
  bool in_event = false, done = false;
  size_t pos = 0;
  while (pos < body.size()) {
    bool complete = false;
    const std::string_view line = NextLine(body, pos, complete);
    if (done) {
      if (!line.empty()) return Corrupt(source, "event stream has data after [DONE]");
      continue;
    }
    if (!complete) return Corrupt(source, "event stream cut off inside a line");
    if (line.empty()) {
      if (!in_event) continue;
      if (data == "[DONE]") {
        done = true;
      } else {
        events.push_back(std::move(data));
      }
      data.clear();
      in_event = false;
      continue;
    }
    if (line.front() == ':') continue;
    const size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    if (field != "data") continue;
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (in_event) data.push_back('\n');
    data.append(value);
    in_event = true;
  }
  if (in_event) {
    if (data != "[DONE]") return Corrupt(source, "event stream cut off inside an event");
    done = true;
  }
  if (!done) return Corrupt(source, "event stream ended without its [DONE] event");
  return events;
}

}  // namespace lineage
