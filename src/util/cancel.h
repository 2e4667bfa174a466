// CancelFlag: a caller's request that long work stop early (Ctrl-C in the Python module, a
// failing progress callback).
//
// Contract: the caller owns the flag and keeps it alive until the work it was handed to returns;
// options carry it as `const CancelFlag* cancel` (null: the work cannot be cancelled). Cancel() may
// be called from any thread at any time (a lock-free atomic store, also safe in a signal handler)
// and is never undone. Work polls Cancelled() at its stage boundaries and inside its long loops
// (once per block pair, control, replica, base, tensor) and then returns CancelledError(), the
// status code kCancelled: it stops within one such unit, not instantly, and what it returns then
// is only that status (no partial result, nothing cached).
#pragma once

#include <atomic>

#include "util/status.h"

namespace lineage {

class CancelFlag {
 public:
  void Cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

// True when `flag` is set; a null flag is never set.
inline bool Cancelled(const CancelFlag* flag) { return flag != nullptr && flag->cancelled(); }

// The status of work that stopped because its flag was set (code kCancelled).
Status CancelledError();

// CancelledError() when `flag` is set, else ok: LINEAGE_RETURN_IF_ERROR(CheckCancel(flag)).
inline Status CheckCancel(const CancelFlag* flag) {
  return Cancelled(flag) ? CancelledError() : Status::Ok();
}

}  // namespace lineage
