// A GGUF's vocabulary: the GGUF reader (format/gguf.h) parses the file's metadata, this module
// interprets the tokenizer.ggml.* keys. Tensor data is never read.
#include "format/gguf.h"
#include "tokenizer/gguf_vocab.h"

namespace lineage {

Result<Vocab> LoadGgufVocab(const std::string& path) {
  LINEAGE_ASSIGN_OR_RETURN(Checkpoint ckpt, OpenGguf(path));
  LINEAGE_ASSIGN_OR_RETURN(Vocab v, VocabFromGgufMetadata(ckpt.metadata, path));
  v.notes.insert(v.notes.end(), ckpt.warnings.begin(), ckpt.warnings.end());
  return v;
}

}  // namespace lineage
