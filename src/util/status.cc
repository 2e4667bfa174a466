#include "util/status.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace lineage {

const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kInvalidArgument:
      return "invalid argument";
    case Status::Code::kNotFound:
      return "not found";
    case Status::Code::kCorrupt:
      return "corrupt";
    case Status::Code::kUnsupported:
      return "unsupported";
    case Status::Code::kRefused:
      return "refused";
    case Status::Code::kIoError:
      return "I/O error";
    case Status::Code::kNetwork:
      return "network error";
    case Status::Code::kAuth:
      return "authentication error";
    case Status::Code::kInternal:
      return "internal error";
    case Status::Code::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  return Status(code_, context + ": " + message_);
}

Status InvalidArgument(std::string msg) {
  return Status(Status::Code::kInvalidArgument, std::move(msg));
}
Status NotFound(std::string msg) { return Status(Status::Code::kNotFound, std::move(msg)); }
Status Unsupported(std::string msg) { return Status(Status::Code::kUnsupported, std::move(msg)); }
Status Refused(std::string msg) { return Status(Status::Code::kRefused, std::move(msg)); }
Status IoError(std::string msg) { return Status(Status::Code::kIoError, std::move(msg)); }
Status NetworkError(std::string msg) { return Status(Status::Code::kNetwork, std::move(msg)); }
Status AuthError(std::string msg) { return Status(Status::Code::kAuth, std::move(msg)); }
Status Internal(std::string msg) { return Status(Status::Code::kInternal, std::move(msg)); }

Status Corrupt(const std::string& file, uint64_t offset, const std::string& msg) {
  return Status(Status::Code::kCorrupt, file + ": offset " + std::to_string(offset) + ": " + msg);
}

Status Corrupt(const std::string& file, const std::string& msg) {
  return Status(Status::Code::kCorrupt, file + ": " + msg);
}

namespace internal {

void DieOnResultMisuse(const char* what, const Status& status) {
  std::fprintf(stderr, "lineage: internal error: %s: %s\n", what, status.ToString().c_str());
  std::abort();
}

}  // namespace internal

}  // namespace lineage
