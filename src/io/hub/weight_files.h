// Which files of a repository are weights (read by ranges, never downloaded whole) and which are
// small files (configs, tokenizers, shard indexes: downloaded whole into the hub cache).
//
// The rule: *.safetensors, *.gguf, *.h5, *.msgpack, *.onnx, *.ckpt are always weights. *.bin, *.pt
// and *.pth are weights when larger than kSmallPickleBytes or of unknown size: the extension is
// shared by small files lineage needs whole (training_args.bin, a tiny test model's
// pytorch_model.bin) and by multi-GB checkpoints, and a pickle is read whole by its parser anyway,
// so one that fits in memory comfortably is cheaper fetched in one request. Small files larger
// than kMaxSmallFileBytes are refused rather than downloaded. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lineage {

constexpr uint64_t kSmallPickleBytes = uint64_t{16} << 20;
constexpr uint64_t kMaxSmallFileBytes = uint64_t{64} << 20;

bool IsWeightFile(std::string_view path, std::optional<uint64_t> size);

// Files no analysis reads (model cards, images, git attributes): never fetched.
bool IsIgnoredRepoFile(std::string_view path);

}  // namespace lineage
