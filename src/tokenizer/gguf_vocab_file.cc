// A GGUF's vocabulary: the GGUF reader (format/gguf.h) parses the file's metadata, this module
// interprets the tokenizer.ggml.* keys. Tensor data is never read.
#include "format/gguf.h"
#include "tokenizer/gguf_vocab.h"

namespace lineage {

Result<Vocab> LoadGgufVocab(const std::string& path) {
  LINEAGE_ASSIGN_OR_RETURN(Checkpoint ckpt, OpenGguf(path));
  return VocabFromGgufMetadata(ckpt.metadata, path);
}

}  // namespace lineage
