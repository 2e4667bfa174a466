// LoadVocab: dispatch on content (FORMATS.md §0), never on names, except to pair GPT-2's two files
// and to find a tokenizer inside a model directory.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include <simdjson.h>

#include "format/checkpoint.h"
#include "io/byte_source.h"
#include "tokenizer/gguf_vocab.h"
#include "tokenizer/gpt2_files.h"
#include "tokenizer/hf_json.h"
#include "tokenizer/llama2c_tokenizer.h"
#include "tokenizer/sentencepiece.h"
#include "tokenizer/side_files.h"
#include "tokenizer/tiktoken.h"
#include "tokenizer/vocab.h"

namespace lineage {

// Defined in gguf_vocab_file.cc: reads a GGUF's metadata and interprets its vocabulary.
Result<Vocab> LoadGgufVocab(const std::string& path);

namespace {

namespace fs = std::filesystem;
constexpr uint64_t kMaxTokenizerFileBytes = uint64_t{512} << 20;

// A tokenizer.json has `"model": {`; a flat vocab.json may contain the token "model" too, but
// its value is an id.
bool HasModelObject(std::string_view text) {
  size_t at = text.find("\"model\"");
  while (at != std::string_view::npos) {
    size_t i = at + 7;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i < text.size() && text[i] == ':') {
      ++i;
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      if (i < text.size() && text[i] == '{') return true;
    }
    at = text.find("\"model\"", at + 7);
  }
  return false;
}

std::string Sibling(const std::string& path, std::initializer_list<const char*> names) {
  fs::path dir = fs::path(path).parent_path();
  for (const char* n : names) {
    fs::path p = dir / n;
    if (fs::is_regular_file(p)) return p.string();
  }
  return {};
}

Result<Vocab> LoadFile(const std::string& path) {
  // Work from the mapping (no copy); only gzip input is decompressed into memory.
  LINEAGE_ASSIGN_OR_RETURN(auto src, OpenMappedFile(path));
  std::string_view text(reinterpret_cast<const char*>(src->data()), src->data() ? src->size() : 0);
  if (text.size() >= 4 && text.substr(0, 4) == "GGUF") return LoadGgufVocab(path);
  if (text.size() > kMaxTokenizerFileBytes) {
    return Refused(path + ": " + std::to_string(text.size()) +
                   " bytes is larger than any tokenizer file");
  }
  std::vector<uint8_t> inflated;
  bool padded = (text.size() % 4096) + simdjson::SIMDJSON_PADDING <= 4096;
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f &&
      static_cast<unsigned char>(text[1]) == 0x8b) {
    LINEAGE_ASSIGN_OR_RETURN(inflated, ReadMaybeGzipFile(path, kMaxTokenizerFileBytes));
    text = std::string_view(reinterpret_cast<const char*>(inflated.data()), inflated.size());
    padded = false;
  }
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  switch (SniffBytes(bytes, text.size())) {
    case FileKind::kGguf:
      return Unsupported(path + ": a gzip-compressed GGUF; decompress it first");
    case FileKind::kJson: {
      // A tokenizer is a JSON object; an array is no tokenizer (tried as llama2.c below).
      if (text[text.find_first_not_of(" \t\r\n")] != '{') break;
      // tokenizer.json has a "model"; vocab.json / encoder.json is a flat token -> id object.
      if (HasModelObject(text)) return ParseHfTokenizerJson(text, path, padded);
      // tiktoken's JSON form (Claude v1's claude.json): ranks as one string.
      if (text.find("\"bpe_ranks\"") != std::string_view::npos) {
        return ParseTiktokenJson(text, path);
      }
      std::string merges = Sibling(path, {"merges.txt", "vocab.bpe"});
      if (merges.empty()) {
        return NotFound(path +
                        ": looks like a GPT-2 vocab.json/encoder.json, but no merges.txt or "
                        "vocab.bpe beside it");
      }
      return LoadGpt2Files(path, merges);
    }
    case FileKind::kGpt2Merges: {
      std::string vocab = Sibling(path, {"vocab.json", "encoder.json"});
      if (vocab.empty())
        return NotFound(path + ": a merges file, but no vocab.json or encoder.json beside it");
      return LoadGpt2Files(vocab, path);
    }
    case FileKind::kSentencePiece:
      return ParseSentencePieceModel(text, path);
    case FileKind::kTiktoken:
      return ParseTiktoken(text, path);
    default:  // weights formats and unknown bytes: only llama2.c's magic-less file is left
      break;
  }
  // llama2.c's tokenizer.bin has no magic: accept it only if it parses cleanly to the end.
  auto l2c = ParseLlama2cTokenizer(text, path);
  if (l2c.ok()) return l2c;
  return Unsupported(path +
                     ": not a recognised tokenizer file (tokenizer.json, SentencePiece .model, "
                     "tiktoken, GPT-2 vocab/merges, GGUF, llama2.c tokenizer.bin); as llama2.c: " +
                     l2c.status().message());
}

// The tokenizer files of a model directory, most complete first.
Result<std::string> PickTokenizerFile(const std::string& dir) {
  for (const char* n : {"tokenizer.json", "tokenizer.json.gz", "tokenizer.model", "vocab.json",
                        "encoder.json", "tokenizer.bin"}) {
    fs::path p = fs::path(dir) / n;
    if (fs::is_regular_file(p)) return p.string();
  }
  std::vector<std::string> candidates;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".tiktoken" || ext == ".gguf"))
      candidates.push_back(e.path().string());
  }
  if (ec) return IoError(dir + ": cannot list directory: " + ec.message());
  std::sort(candidates.begin(), candidates.end());  // deterministic choice
  for (const std::string& c : candidates) {
    if (c.size() > 9 && c.compare(c.size() - 9, 9, ".tiktoken") == 0) return c;
  }
  if (!candidates.empty()) return candidates.front();
  return NotFound(dir +
                  ": no tokenizer file (tokenizer.json, tokenizer.model, vocab.json + merges.txt, "
                  "*.tiktoken, tokenizer.bin, *.gguf)");
}

}  // namespace

Result<Vocab> LoadVocab(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    LINEAGE_ASSIGN_OR_RETURN(std::string file, PickTokenizerFile(path));
    LINEAGE_ASSIGN_OR_RETURN(Vocab v, LoadFile(file));
    LINEAGE_RETURN_IF_ERROR(ApplySideFiles(path, &v));
    return v;
  }
  if (!fs::exists(path, ec)) return NotFound(path + ": no such file or directory");
  return LoadFile(path);
}

}  // namespace lineage
