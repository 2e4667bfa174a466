#include "io/counting_source.h"

#include <utility>

namespace lineage {
namespace {

class CountingSource final : public ByteSource {
 public:
  CountingSource(std::unique_ptr<ByteSource> inner, std::shared_ptr<ReadStats> stats)
      : inner_(std::move(inner)), stats_(std::move(stats)) {}
  const std::string& name() const override { return inner_->name(); }
  uint64_t size() const override { return inner_->size(); }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    stats_->bytes_read.fetch_add(out.size(), std::memory_order_relaxed);
    return inner_->ReadAt(offset, out);
  }
  const uint8_t* data() const override { return inner_->data(); }
  void WillNeed(uint64_t offset, uint64_t len) const override { inner_->WillNeed(offset, len); }
  void DontNeed(uint64_t offset, uint64_t len) const override { inner_->DontNeed(offset, len); }
  void NoteMappedRead(uint64_t len) const override {
    stats_->bytes_read.fetch_add(len, std::memory_order_relaxed);
    inner_->NoteMappedRead(len);
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::shared_ptr<ReadStats> stats_;
};

class CountingFileOpener final : public FileOpener {
 public:
  CountingFileOpener(std::shared_ptr<const FileOpener> inner, std::shared_ptr<ReadStats> stats)
      : inner_(std::move(inner)), stats_(std::move(stats)) {}
  Result<std::unique_ptr<ByteSource>> Open(const std::string& path) const override {
    LINEAGE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src, inner_->Open(path));
    return CountReads(std::move(src), stats_);
  }
  std::vector<std::string> Extra(const std::string& dir) const override {
    return inner_->Extra(dir);
  }
  Result<uint64_t> Size(const std::string& path) const override { return inner_->Size(path); }
  std::string ClaimedSha256(const std::string& path) const override {
    return inner_->ClaimedSha256(path);
  }

 private:
  std::shared_ptr<const FileOpener> inner_;
  std::shared_ptr<ReadStats> stats_;
};

}  // namespace

std::unique_ptr<ByteSource> CountReads(std::unique_ptr<ByteSource> inner,
                                       std::shared_ptr<ReadStats> stats) {
  return std::make_unique<CountingSource>(std::move(inner), std::move(stats));
}

std::shared_ptr<const FileOpener> CountingOpener(std::shared_ptr<const FileOpener> inner,
                                                 std::shared_ptr<ReadStats> stats) {
  return std::make_shared<CountingFileOpener>(std::move(inner), std::move(stats));
}

}  // namespace lineage
