#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <thread>

namespace lineage {
namespace {

std::string TempPathFor(const std::string& path) {
  const std::filesystem::path p(path);
  std::random_device rd;
  const std::string unique =
      std::to_string(::getpid()) + "-" +
      std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + "-" +
      std::to_string(rd());
  return (p.parent_path() / (std::string(kTempFilePrefix) + unique)).string();
}

Status MakeParent(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return IoError(path + ": cannot create its folder: " + ec.message());
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomic(const std::string& path, std::span<const uint8_t> bytes) {
  LINEAGE_RETURN_IF_ERROR(MakeParent(path));
  const std::string tmp = TempPathFor(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(tmp + ": cannot create: " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return IoError(path + ": cannot write: " + std::strerror(e));
    }
    done += static_cast<size_t>(n);
  }
  // fdatasync: a crash after the rename must not leave a renamed file with missing data.
  if (::fdatasync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return IoError(path + ": cannot flush: " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return IoError(path + ": cannot rename into place: " + std::strerror(e));
  }
  return Status::Ok();
}

Status SymlinkAtomic(const std::string& target, const std::string& path) {
  LINEAGE_RETURN_IF_ERROR(MakeParent(path));
  const std::string tmp = TempPathFor(path);
  if (::symlink(target.c_str(), tmp.c_str()) != 0) {
    return IoError(path + ": cannot create a symlink: " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return IoError(path + ": cannot rename into place: " + std::strerror(e));
  }
  return Status::Ok();
}

}  // namespace lineage
