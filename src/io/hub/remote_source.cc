#include "io/hub/remote_source.h"

namespace lineage {
namespace {

class RemoteByteSource final : public ByteSource {
 public:
  RemoteByteSource(std::string name, RangeCachedFile cache,
                   std::shared_ptr<const RangeFetcher> fetch, std::shared_ptr<ReadStats> stats)
      : name_(std::move(name)),
        cache_(std::move(cache)),
        fetch_(std::move(fetch)),
        stats_(std::move(stats)) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return cache_.meta().size; }
  Status ReadAt(uint64_t offset, std::span<uint8_t> out) const override {
    stats_->bytes_read.fetch_add(out.size(), std::memory_order_relaxed);
    uint64_t from_cache = 0;
    Status st = cache_.Read(offset, out, fetch_.get(), &from_cache);
    stats_->bytes_from_cache.fetch_add(from_cache, std::memory_order_relaxed);
    return st;
  }

 private:
  std::string name_;
  RangeCachedFile cache_;
  std::shared_ptr<const RangeFetcher> fetch_;
  std::shared_ptr<ReadStats> stats_;
};

}  // namespace

std::unique_ptr<ByteSource> MakeRemoteByteSource(std::string name, RangeCachedFile cache,
                                                 std::shared_ptr<const RangeFetcher> fetch,
                                                 std::shared_ptr<ReadStats> stats) {
  return std::make_unique<RemoteByteSource>(std::move(name), std::move(cache), std::move(fetch),
                                            std::move(stats));
}

}  // namespace lineage
