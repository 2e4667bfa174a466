#include "util/cancel.h"

namespace lineage {

Status CancelledError() {
  return Status(Status::Code::kCancelled, "stopped at the caller's request");
}

}  // namespace lineage
