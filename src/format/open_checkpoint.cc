// Dispatch from sniffed bytes to the format readers. Never trusts file names, except that an
// `*.index.json` is a sharded index.
#include <cctype>
#include <cstring>

#include "format/checkpoint.h"
#include "format/gguf.h"
#include "format/llama2c.h"
#include "format/safetensors.h"
#include "format/torch_zip.h"

namespace lineage {

const char* FileKindName(FileKind k) {
  switch (k) {
    case FileKind::kUnknown:
      return "unknown";
    case FileKind::kSafetensors:
      return "safetensors";
    case FileKind::kGguf:
      return "gguf";
    case FileKind::kTorchZip:
      return "torch-zip";
    case FileKind::kTorchLegacy:
      return "torch-legacy";
    case FileKind::kLlama2c:
      return "llama2c";
    case FileKind::kSentencePiece:
      return "sentencepiece";
    case FileKind::kTiktoken:
      return "tiktoken";
    case FileKind::kGpt2Merges:
      return "gpt2-merges";
    case FileKind::kJson:
      return "json";
    case FileKind::kGzip:
      return "gzip";
  }
  return "unknown";
}

FileKind SniffBytes(std::span<const uint8_t> bytes, uint64_t file_size) {
  const uint8_t* head = bytes.data();
  const size_t n = bytes.size();
  if (n < 2) return FileKind::kUnknown;
  if (n >= 4 && std::memcmp(head, "GGUF", 4) == 0) return FileKind::kGguf;
  if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
    return FileKind::kTorchZip;
  if (head[0] == 0x1f && head[1] == 0x8b) return FileKind::kGzip;
  if (head[0] == 0x80 && head[1] <= 5) return FileKind::kTorchLegacy;
  if (n >= 4 && head[0] == 0x42 && head[1] == 0x34 && head[2] == 0x6b && head[3] == 0x61)
    return FileKind::kLlama2c;
  if (n >= 9 && head[8] == '{') {
    uint64_t len = 0;
    std::memcpy(&len, head, 8);
    if (len >= 2 && len <= file_size - 8) return FileKind::kSafetensors;
  }
  if (n >= 8 && std::memcmp(head, "#version", 8) == 0) return FileKind::kGpt2Merges;
  size_t i = 0;
  while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  if (i < n && (head[i] == '{' || head[i] == '[')) return FileKind::kJson;
  if (head[0] == 0x0A) return FileKind::kSentencePiece;
  // tiktoken: "<base64> <int>\n" on the first line.
  {
    size_t j = 0;
    auto b64 = [](uint8_t c) { return std::isalnum(c) || c == '+' || c == '/' || c == '='; };
    while (j < n && b64(head[j])) ++j;
    if (j > 0 && j < n && head[j] == ' ' && j + 1 < n && std::isdigit(head[j + 1]))
      return FileKind::kTiktoken;
  }
  // llama2.c v0 has no magic: seven plausible int32s whose size equation matches is checked by
  // the reader itself; here we only say "maybe" by leaving it to OpenCheckpoint's fallback.
  return FileKind::kUnknown;
}

Result<FileKind> SniffFileKind(const ByteSource& src) {
  uint8_t head[16] = {0};
  uint64_t n = src.size() < sizeof head ? src.size() : sizeof head;
  // A failed read (a remote source that timed out) is that error, never "unknown format".
  LINEAGE_RETURN_IF_ERROR(src.ReadAt(0, std::span<uint8_t>(head, n)));
  return SniffBytes(std::span<const uint8_t>(head, n), src.size());
}

static bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<Checkpoint> OpenCheckpoint(const std::string& path, const FileOpener& files) {
  if (EndsWith(path, ".index.json")) {
    if (EndsWith(path, ".safetensors.index.json")) return OpenSafetensorsIndex(path, files);
    return Unsupported(path +
                       ": sharded PyTorch indexes are read through their shards; pass the "
                       "model directory");
  }
  LINEAGE_ASSIGN_OR_RETURN(auto src, files.Open(path));
  LINEAGE_ASSIGN_OR_RETURN(FileKind kind, SniffFileKind(*src));
  switch (kind) {
    case FileKind::kSafetensors:
      return ParseSafetensors(std::move(src));
    case FileKind::kGguf:
      return OpenGguf(path, std::move(src), files);  // also opens the rest of a split set
    case FileKind::kTorchZip:
      return ParseTorchZip(std::move(src));
    case FileKind::kLlama2c:
      return ParseLlama2c(std::move(src));
    case FileKind::kTorchLegacy:
      return Refused(path +
                     ": legacy (pre-1.6, non-zip) PyTorch pickle; lineage refuses to unpickle "
                     "it. Convert it to safetensors with a trusted tool first");
    case FileKind::kUnknown: {
      // llama2.c v0 has no magic; its reader checks the size equation and says no clearly.
      auto r = ParseLlama2c(std::move(src));
      if (r.ok()) return r;
      const Status::Code code = r.status().code();
      if (code == Status::Code::kNetwork || code == Status::Code::kAuth) return r.status();
      return Unsupported(path +
                         ": not a recognised weights format (safetensors, GGUF, PyTorch zip, "
                         "llama2.c)");
    }
    default:
      return Unsupported(path + ": is a " + std::string(FileKindName(kind)) +
                         " file, not a weights file");
  }
}

}  // namespace lineage
