// ReadStats: what reading one model cost: bytes and requests. Counters only; thread-safe
// (relaxed atomics: totals are read after the analyses joined).
#pragma once

#include <atomic>
#include <cstdint>

namespace lineage {

struct ReadStats {
  std::atomic<uint64_t> bytes_read{0};        // bytes the analyses asked for (any source)
  std::atomic<uint64_t> bytes_fetched{0};     // bytes that came over the network
  std::atomic<uint64_t> bytes_from_cache{0};  // bytes served by the range cache
  std::atomic<uint64_t> requests{0};          // HTTP requests, retries and redirects included
};

}  // namespace lineage
