// Exact evidence (METHODS.md §3): per-tensor SHA-256 of stored bytes, and canonical value hashes.
//
// - A stored digest is the SHA-256 of a tensor's raw payload as the file holds it (no header):
//   equal digests mean a verbatim copy within a format.
// - A value digest is the SHA-256 of the canonical tensor (HF orientation, fused tensors split,
//   GGUF/Meta Q/K rows un-permuted) as f32 little-endian: a BF16 tensor and its exact F32 upcast,
//   or a GGUF F32 tensor and its safetensors twin, hash equal. Its identity key (component, role,
//   layer, expert, bias) lets two models be matched whatever their files call the tensors.
//
// - A file digest (HashOptions::files) is the SHA-256 of a whole weight file. It comes from the
//   same pass as the stored digests: each file is read once, front to back, and every tensor's
//   bytes feed its own digest on the way (one task per file), so a model's weights are read once
//   for both instead of twice.
//
// Contract: HashModel reads each tensor once per requested digest kind, in bounded memory
// (mapped pages are released as they are hashed; decoded values stream in ~4 MB chunks), on
// `threads` threads (one tensor per task, largest first). Results are in the model's tensor
// order, independent of scheduling. Errors name the file and tensor. Thread-safe; no state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/checkpoint.h"
#include "model/model.h"
#include "util/cancel.h"
#include "util/progress.h"
#include "util/status.h"

namespace lineage {

struct StoredDigest {
  std::string name;
  std::string file;
  std::string roles;  // canonical role(s) the stored tensor yields, e.g. "q,k,v" for a fused qkv
  DType dtype = DType::kUnknown;
  std::vector<uint64_t> shape;
  uint64_t nbytes = 0;
  std::string sha256;  // lower-case hex
};

struct ValueDigest {
  std::string name;
  std::string key;  // "trunk/q/L3" style identity: component, role, layer, expert, bias
  DType dtype = DType::kUnknown;
  std::vector<uint64_t> shape;  // canonical
  std::string sha256;           // of the canonical values as f32 LE; empty if not decodable
  std::string note;             // why sha256 is empty
};

struct HashOptions {
  unsigned threads = 0;                // 0 = all cores
  bool stored = true;                  // raw-byte digests
  bool values = false;                 // canonical value digests (decodes every tensor)
  bool files = false;                  // whole-file digests too, in the stored digests' pass
  bool progress = false;               // progress bar on a terminal
  ProgressSink progress_sink;          // also hand progress events to it (util/progress.h)
  const CancelFlag* cancel = nullptr;  // stops between tensors (util/cancel.h)
};

struct FileDigestHex {
  std::string name;    // the source's name (its path)
  std::string sha256;  // lower-case hex of the whole file
};

struct ModelDigests {
  std::vector<FileDigestHex> files;  // with HashOptions::files: every source, in model order
  std::vector<StoredDigest> stored;
  std::vector<ValueDigest> values;
};

Result<ModelDigests> HashModel(const Model& m, const HashOptions& opt);

// SHA-256 of bytes [offset, offset + len) of a source, hex. Uses the mapping when there is one.
Result<std::string> Sha256OfRange(const ByteSource& src, uint64_t offset, uint64_t len);
// SHA-256 of a canonical tensor's values as f32 little-endian, hex.
Result<std::string> Sha256OfValues(const ModelTensor& t);
// The identity key of a canonical tensor.
std::string CanonicalKey(const ModelTensor& t);

}  // namespace lineage
