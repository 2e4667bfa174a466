// Checkpoint: what a format reader produces. Named, typed, located tensors plus format metadata.
// Readers never compute statistics; see model/ for roles and f32 streaming.
//
// Contract:
//   - `shape` is row-major with the outermost dimension first (HF/PyTorch order). GGUF's `ne`
//     (fastest first) is reversed by its reader. The innermost dimension is contiguous.
//   - A TensorInfo's bytes are [offset, offset + nbytes) of *source, already validated by the
//     reader to lie inside the source, to match dtype × shape, and not to overlap another tensor
//     — except that PyTorch views of one shared storage (tied weights) may overlap.
//   - The Checkpoint owns its sources; TensorInfo::source pointers stay valid while it lives,
//     including after the Checkpoint is moved. Read-only use is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "format/dtype.h"
#include "format/metadata.h"
#include "io/byte_source.h"
#include "io/file_opener.h"
#include "util/status.h"

namespace lineage {

// Limits every reader shares, so a hostile header cannot make any of them allocate more:
// a tensor's rank, and the size of a *.index.json shard map (safetensors or PyTorch).
inline constexpr size_t kMaxTensorDims = 64;
inline constexpr uint64_t kMaxShardIndexBytes = uint64_t{64} << 20;

struct TensorInfo {
  std::string name;
  DType dtype = DType::kUnknown;
  std::vector<uint64_t> shape;
  const ByteSource* source = nullptr;
  uint64_t offset = 0;
  uint64_t nbytes = 0;

  uint64_t numel() const;  // product of shape (1 for 0-d); callers rely on readers' overflow checks
  uint64_t rows() const;   // product of all but the last dim (1 for 0-d and 1-d)
  uint64_t cols() const;   // last dim (numel for 1-d, 1 for 0-d)
};

struct Checkpoint {
  std::string format;              // "safetensors", "gguf", "llama2c", "torch"
  std::vector<std::string> files;  // every file read, in order
  std::vector<std::unique_ptr<ByteSource>> sources;
  std::vector<TensorInfo> tensors;  // in file order
  Metadata metadata;                // GGUF KVs, safetensors __metadata__, llama2.c header fields
  // Oddities the reader tolerated (a GGUF key written twice, ...): English, one per line, each
  // naming the file and byte offsets; callers surface them as warnings/notes.
  std::vector<std::string> warnings;

  const TensorInfo* Find(const std::string& name) const;
};

// Sniffs the format from the first bytes (FORMATS.md §0), never from the file name.
enum class FileKind {
  kUnknown,
  kSafetensors,
  kGguf,
  kTorchZip,
  kTorchLegacy,
  kLlama2c,
  kSentencePiece,
  kTiktoken,
  kGpt2Merges,
  kJson,
  kGzip,
};
const char* FileKindName(FileKind k);
// The one sniffer: `head` is the start of a file of `file_size` bytes (any length; 16 bytes are
// enough for every magic, more lets leading JSON whitespace and a tiktoken line be longer).
FileKind SniffBytes(std::span<const uint8_t> head, uint64_t file_size);
// SniffBytes over the first 16 bytes of `src`; a read error is returned, not taken for kUnknown.
Result<FileKind> SniffFileKind(const ByteSource& src);

// Opens one weights file of any supported format (safetensors, GGUF, llama2.c, torch zip), or a
// sharded index (`*.index.json`). Directories are handled by model/LoadModel. Weight files (the
// file itself, a split set's other GGUF files, an index's shards) are opened through `files`;
// an index's JSON is small and read from the local path.
Result<Checkpoint> OpenCheckpoint(const std::string& path,
                                  const FileOpener& files = *LocalFileOpener());

}  // namespace lineage
