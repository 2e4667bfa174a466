#include "io/http/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace lineage {

bool IsRetryableHttpStatus(long status) {
  return status == 429 || status == 408 || (status >= 500 && status <= 599);
}

double BackoffSeconds(int retry, double initial_s, double max_s, double unit_random,
                      std::optional<double> retry_after_s) {
  const double base = std::min(max_s, initial_s * std::ldexp(1.0, std::clamp(retry, 0, 30)));
  const double jittered = base * (0.5 + 0.5 * std::clamp(unit_random, 0.0, 1.0));
  return retry_after_s ? std::max(*retry_after_s, jittered) : jittered;
}

}  // namespace lineage
