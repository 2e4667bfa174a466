// Reading a GGUF's vocabulary needs the GGUF reader (format/gguf.h, branch `gguf`). Until that
// reader is merged this entry point reports the format as unsupported rather than guessing.
#include "tokenizer/gguf_vocab.h"

namespace lineage {

Result<Vocab> LoadGgufVocab(const std::string& path) {
  return Unsupported(path + ": GGUF vocabularies need the GGUF reader, not yet in this build");
}

}  // namespace lineage
