// Fuzzes the fingerprint reader (fingerprint/codec.h) on arbitrary bytes, twice: as given (the
// envelope checks: magic, version, checksum) and resealed with a valid checksum, so that the
// section parser sees the mutations too. A decoded fingerprint must encode back to the same bytes
// and compare with itself without error.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fingerprint/codec.h"
#include "fingerprint/compare.h"
#include "weights/hash/sha256.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  (void)lineage::DecodeFingerprint("fuzz.lfp", bytes);
  lineage::Sha256 h;
  h.Update(data, size);
  const std::string sum = h.HexDigest();
  bytes.insert(bytes.end(), sum.begin(), sum.end());
  auto fp = lineage::DecodeFingerprint("fuzz.lfp", bytes);
  if (!fp.ok()) return 0;
  if (lineage::EncodeFingerprint(*fp) != bytes) __builtin_trap();
  auto c = lineage::CompareFingerprints(*fp, *fp);
  (void)c;
  return 0;
}
