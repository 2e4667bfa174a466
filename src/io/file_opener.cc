#include "io/file_opener.h"

#include <filesystem>
#include <system_error>

namespace lineage {
namespace {

class LocalOpener final : public FileOpener {
 public:
  Result<std::unique_ptr<ByteSource>> Open(const std::string& path) const override {
    return OpenMappedFile(path);
  }
  std::vector<std::string> Extra(const std::string&) const override { return {}; }
  Result<uint64_t> Size(const std::string& path) const override {
    std::error_code ec;
    uint64_t n = std::filesystem::file_size(path, ec);
    if (ec) return NotFound(path + ": " + ec.message());
    return n;
  }
};

}  // namespace

std::shared_ptr<const FileOpener> LocalFileOpener() {
  // Stateless, so one shared instance is not global state.
  static const std::shared_ptr<const FileOpener> kLocal = std::make_shared<LocalOpener>();
  return kLocal;
}

}  // namespace lineage
