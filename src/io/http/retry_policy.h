// When and how long the HTTP client waits before trying again. Pure functions; thread-safe.
#pragma once

#include <optional>

namespace lineage {

// 429 (too many requests), 408 (request timeout) and every 5xx are worth another try.
bool IsRetryableHttpStatus(long status);

// Exponential backoff with jitter: initial * 2^retry, capped at max, times a factor in [0.5, 1)
// taken from `unit_random` in [0, 1) (so many clients that failed together spread out).
// A Retry-After the server sent (already capped) wins when it is longer.
double BackoffSeconds(int retry, double initial_s, double max_s, double unit_random,
                      std::optional<double> retry_after_s);

}  // namespace lineage
