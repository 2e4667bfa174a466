#include "report/report_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace lineage {
namespace {

Status OsError(const std::string& path, const char* what, int err) {
  return IoError(path + ": " + what + ": " + std::strerror(err));
}

}  // namespace

Status WriteReportFile(const std::string& path, std::string_view content) {
  if (path.empty()) return InvalidArgument("report path is empty");
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return OsError(path, "cannot write", errno);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return OsError(path, "cannot write", err);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return OsError(path, "cannot write", err);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return OsError(path, "cannot replace", err);
  }
  return Status::Ok();
}

}  // namespace lineage
