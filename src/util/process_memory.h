// The calling process's private (anonymous) resident memory, for `--verbose` stage lines.
//
// Contract: reads /proc/self/status on Linux; returns -1 where that file or its RssAnon line is
// missing (other kernels, restricted /proc). Thread-safe (no shared state). Only diagnostics use
// it: no result depends on it.
//
// Why RssAnon and not RSS: checkpoints are memory-mapped, so their pages count in RSS although
// the kernel can drop them at any time; the private heap is what competes with the user's work.
#ifndef LINEAGE_UTIL_PROCESS_MEMORY_H_
#define LINEAGE_UTIL_PROCESS_MEMORY_H_

#include <cstdint>
#include <string_view>

namespace lineage {

// Bytes of RssAnon now, or -1 when unknown.
[[nodiscard]] int64_t CurrentRssAnonBytes();

// The RssAnon value in a /proc/<pid>/status text, in bytes, or -1 when it has no such line.
[[nodiscard]] int64_t ParseRssAnonBytes(std::string_view status_text);

}  // namespace lineage

#endif  // LINEAGE_UTIL_PROCESS_MEMORY_H_
