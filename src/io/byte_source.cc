#include "io/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace lineage {
namespace {

bool InRange(uint64_t size, uint64_t offset, uint64_t len) {
  return offset <= size && len <= size - offset;
}

class MappedFile final : public ByteSource {
 public:
  MappedFile(std::string name, const uint8_t* base, uint64_t size)
      : name_(std::move(name)), base_(base), size_(size) {}
  ~MappedFile() override {
    if (base_ != nullptr) munmap(const_cast<uint8_t*>(base_), size_);
  }
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return size_; }
  const uint8_t* data() const override { return base_; }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    if (!InRange(size_, offset, out.size())) {
      return Corrupt(name_, offset,
                     "read of " + std::to_string(out.size()) + " bytes past end of file (size " +
                         std::to_string(size_) + ")");
    }
    if (!out.empty()) std::memcpy(out.data(), base_ + offset, out.size());
    return Status::Ok();
  }
  void WillNeed(uint64_t offset, uint64_t len) const override {
    Advise(offset, len, MADV_WILLNEED);
  }
  void DontNeed(uint64_t offset, uint64_t len) const override {
    Advise(offset, len, MADV_DONTNEED);
  }

 private:
  void Advise(uint64_t offset, uint64_t len, int advice) const {
    if (base_ == nullptr || !InRange(size_, offset, len)) return;
    const uint64_t page = 4096;
    uint64_t begin = offset & ~(page - 1);
    madvise(const_cast<uint8_t*>(base_) + begin, len + (offset - begin), advice);
  }
  std::string name_;
  const uint8_t* base_;
  uint64_t size_;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string name, std::vector<uint8_t> bytes)
      : name_(std::move(name)), bytes_(std::move(bytes)) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return bytes_.size(); }
  const uint8_t* data() const override { return bytes_.data(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    if (!InRange(bytes_.size(), offset, out.size())) {
      return Corrupt(name_, offset,
                     "read of " + std::to_string(out.size()) + " bytes past end (size " +
                         std::to_string(bytes_.size()) + ")");
    }
    if (!out.empty()) std::memcpy(out.data(), bytes_.data() + offset, out.size());
    return Status::Ok();
  }

 private:
  std::string name_;
  std::vector<uint8_t> bytes_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenMappedFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(path + ": no such file");
    return IoError(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return IoError(path + ": cannot stat: " + std::strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgument(path + ": is a directory, expected a file");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  const uint8_t* base = nullptr;
  if (size > 0) {
    void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      int e = errno;
      ::close(fd);
      return IoError(path + ": cannot map: " + std::strerror(e));
    }
    base = static_cast<const uint8_t*>(p);
  }
  ::close(fd);
  return std::unique_ptr<ByteSource>(new MappedFile(path, base, size));
}

std::unique_ptr<ByteSource> MakeMemorySource(std::string name, std::vector<uint8_t> bytes) {
  return std::make_unique<MemorySource>(std::move(name), std::move(bytes));
}

Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path, uint64_t max_bytes) {
  LINEAGE_ASSIGN_OR_RETURN(auto src, OpenMappedFile(path));
  if (src->size() > max_bytes) {
    return Refused(path + ": file is " + std::to_string(src->size()) + " bytes, more than the " +
                   std::to_string(max_bytes) + " allowed for this kind of file");
  }
  std::vector<uint8_t> out(src->size());
  LINEAGE_RETURN_IF_ERROR(src->ReadAt(0, out));
  return out;
}

Result<std::vector<uint8_t>> ReadMaybeGzipFile(const std::string& path, uint64_t max_bytes) {
  LINEAGE_ASSIGN_OR_RETURN(auto raw, ReadWholeFile(path, max_bytes));
  if (raw.size() < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Internal("zlib init failed");
  std::vector<uint8_t> out;
  std::vector<uint8_t> chunk(1 << 20);
  zs.next_in = raw.data();
  zs.avail_in = static_cast<uInt>(raw.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = chunk.data();
    zs.avail_out = static_cast<uInt>(chunk.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      uint64_t at = zs.total_in;
      inflateEnd(&zs);
      return Corrupt(path, at, "gzip stream is corrupt or truncated");
    }
    out.insert(out.end(), chunk.data(), chunk.data() + (chunk.size() - zs.avail_out));
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return Refused(path + ": decompresses to more than " + std::to_string(max_bytes) + " bytes");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Corrupt(path, zs.total_in, "gzip stream is truncated");
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace lineage
