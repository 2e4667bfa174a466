#include "cli/fingerprint_input.h"

#include <cstring>
#include <fstream>

#include "fingerprint/build.h"
#include "fingerprint/codec.h"
#include "model/model.h"

namespace lineage::cli {

bool IsFingerprintFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  return in.read(magic, sizeof(magic)) && std::memcmp(magic, "LNFPRINT", 8) == 0;
}

Result<uint64_t> ParseProjectionSeed(const std::string& text) {
  if (text.empty()) return kDefaultProjectionSeed;
  try {
    size_t used = 0;
    const uint64_t v = std::stoull(text, &used, 0);
    if (used == text.size() && text[0] != '-') return v;
  } catch (const std::exception&) {
  }
  return InvalidArgument("--projection-seed '" + text + "' is not an unsigned integer");
}

Result<Fingerprint> ObtainFingerprint(const std::string& arg, uint64_t seed, unsigned threads,
                                      const ModelFlags& flags, uint64_t* bytes_read) {
  if (bytes_read != nullptr) *bytes_read = 0;
  if (IsFingerprintFile(arg)) return ReadFingerprintFile(arg, seed);
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, ResolveModelArg(arg, flags));
  LINEAGE_ASSIGN_OR_RETURN(Model m, LoadModel(loc));
  FingerprintOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  Result<Fingerprint> fp = BuildFingerprint(m, opt);
  if (bytes_read != nullptr && loc.stats) *bytes_read = loc.stats->bytes_read.load();
  return fp;
}

}  // namespace lineage::cli
