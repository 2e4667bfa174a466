// GGUF reader, v1, v2 and v3 (FORMATS.md §2). Metadata of every KV type, tensor infos, alignment.
//
// Contract:
//   - All counts and lengths are bounded by the bytes left in the file before anything is
//     allocated; arrays nest at most kGgufMaxArrayDepth deep and the whole metadata holds at most
//     kGgufMaxMetaValues values and a file at most kGgufMaxTensors tensors (kRefused beyond):
//     hostile files cannot make us allocate unboundedly.
//   - Keys (≤ 65,535 bytes) and tensor names (≤ 64 bytes) must be valid UTF-8; tensor names
//     unique. A key written twice keeps its FIRST value and adds a Checkpoint::warnings line
//     naming the key and both byte offsets (never refused for that alone). String
//     values are kept byte-exact, even when they are not UTF-8 (some vocabularies hold raw bytes).
//   - Tensor data ranges are validated: inside the file, offsets multiples of the alignment
//     (`general.alignment`, a u32 multiple of 8, default 32), non-overlapping, and size =
//     type × ne with ne[0] a multiple of the type's block; n_dims ≤ 4; all products
//     overflow-checked. Shapes are reported outermost-first (ne reversed).
//   - Metadata keys keep their GGUF names; MetaValue::gguf_type keeps the value type. For arrays
//     (gguf_type 9), MetaValue::u holds the element type, so empty arrays round-trip.
//   - Version 1 (2023) is read: its string lengths, array counts, tensor/KV counts and tensor
//     dimensions are u32 (v2 widened them to u64); everything else is as in v2.
//   - Big-endian files and tensor type ids unknown to lineage are kUnsupported; types
//     known but not decoded (IQ2_XXS, ...) load, and fail only when decoded.
//   - Every error names the file and the byte offset of the offending field.
//   - Split sets (`name-00001-of-0000N.gguf`, keys split.no (0-based), split.count,
//     split.tensors.count): OpenGguf, given any file of a set, opens all N in order; tensors come
//     from every split (names unique across them), metadata from the first (its split.* keys are
//     kept), warnings from every split. ParseGguf reads exactly one file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "format/checkpoint.h"

namespace lineage {

constexpr int kGgufMaxArrayDepth = 8;
constexpr uint64_t kGgufMaxMetaValues = uint64_t{1} << 22;  // ~4M values (largest real vocab: ~1M)
constexpr uint64_t kGgufMaxTensors = uint64_t{1} << 20;     // per file
constexpr uint64_t kGgufMaxKeyBytes = 65535;
constexpr uint64_t kGgufMaxNameBytes = 64;
constexpr uint32_t kGgufMaxDims = 4;
constexpr uint32_t kGgufDefaultAlignment = 32;

// GGUF metadata value types (FORMATS.md §2).
enum GgufValueType : uint32_t {
  kGgufU8 = 0,
  kGgufI8 = 1,
  kGgufU16 = 2,
  kGgufI16 = 3,
  kGgufU32 = 4,
  kGgufI32 = 5,
  kGgufF32 = 6,
  kGgufBool = 7,
  kGgufString = 8,
  kGgufArray = 9,
  kGgufU64 = 10,
  kGgufI64 = 11,
  kGgufF64 = 12,
};

// Opens `path` and, for a split set, its other files, through `files` (default: local).
Result<Checkpoint> OpenGguf(const std::string& path, const FileOpener& files = *LocalFileOpener());
// The same with `path` already open as `src` (OpenCheckpoint sniffs before it knows the format).
Result<Checkpoint> OpenGguf(const std::string& path, std::unique_ptr<ByteSource> src,
                            const FileOpener& files);
Result<Checkpoint> ParseGguf(std::unique_ptr<ByteSource> src);

}  // namespace lineage
