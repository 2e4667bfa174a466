// Server-sent events (text/event-stream) as OpenAI-compatible servers stream completions.
//
// Contract: SplitSseData reads a whole stream body and returns the `data:` payload of every event,
// in order, up to the terminating `data: [DONE]` (not included). Events are separated by a blank
// line (LF or CRLF); several `data:` lines of one event are joined with "\n"; comment lines (":")
// and other fields (event:, id:, retry:) are ignored. A stream that ends without [DONE], that has
// bytes after it other than blank lines, or whose last event is cut off is refused as kCorrupt,
// naming `source` (the URL): a broken stream never passes as a shorter answer. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace lineage {

Result<std::vector<std::string>> SplitSseData(std::string_view body, const std::string& source);

}  // namespace lineage
