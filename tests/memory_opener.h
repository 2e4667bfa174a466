// A test double of the FileOpener interface (io/file_opener.h), not of a server: it serves the
// weight files of a copied model folder from memory while they are absent from the folder on
// disk, as a hub opener serves shards that were never downloaded. Every other file is opened
// from disk. Optionally states a claimed SHA-256 per served file.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/file_opener.h"
#include "io/model_location.h"
#include "test_util.h"

namespace lineage::testing {

class MemoryOpener final : public FileOpener {
 public:
  // Serves `path` (in a folder) from `bytes`, with an optional claimed digest.
  void Serve(const std::string& path, std::vector<uint8_t> bytes, std::string claim = "") {
    files_[path] = File{std::move(bytes), std::move(claim)};
  }
  Result<std::unique_ptr<ByteSource>> Open(const std::string& path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return LocalFileOpener()->Open(path);
    ++opened_;
    return MakeMemorySource(path, it->second.bytes);
  }
  std::vector<std::string> Extra(const std::string& dir) const override {
    std::vector<std::string> names;
    for (const auto& [path, file] : files_) {
      std::filesystem::path p(path);
      if (p.parent_path() == std::filesystem::path(dir)) names.push_back(p.filename().string());
    }
    return names;
  }
  Result<uint64_t> Size(const std::string& path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return LocalFileOpener()->Size(path);
    return static_cast<uint64_t>(it->second.bytes.size());
  }
  std::string ClaimedSha256(const std::string& path) const override {
    auto it = files_.find(path);
    return it == files_.end() ? "" : it->second.claim;
  }
  int opened() const { return opened_; }

 private:
  struct File {
    std::vector<uint8_t> bytes;
    std::string claim;
  };
  std::map<std::string, File> files_;
  mutable int opened_ = 0;  // tests run single-threaded loads
};

// Copies `model_dir`'s files into a fresh temp folder, except its *.safetensors files, which the
// returned location's opener serves from memory (with `claim` as their claimed digest).
inline ModelLocation MemoryServedCopy(const std::string& model_dir, const std::string& tag,
                                      std::shared_ptr<MemoryOpener>* opener_out = nullptr,
                                      const std::string& claim = "") {
  namespace fs = std::filesystem;
  const std::string dir = TempDir(tag);
  auto opener = std::make_shared<MemoryOpener>();
  for (const auto& e : fs::directory_iterator(model_dir)) {
    const std::string name = e.path().filename().string();
    const std::string to = (fs::path(dir) / name).string();
    if (e.path().extension() == ".safetensors") {
      opener->Serve(to, ReadFile(e.path().string()), claim);
    } else {
      fs::copy_file(e.path(), to);
    }
  }
  ModelLocation loc;
  loc.as_given = model_dir;
  loc.path = dir;
  loc.files = opener;
  if (opener_out != nullptr) *opener_out = opener;
  return loc;
}

}  // namespace lineage::testing
