// Sha256: incremental SHA-256 over OpenSSL's EVP interface (uses the CPU's SHA instructions).
// One object per stream; not thread-safe; cheap to create.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "util/status.h"

namespace lineage {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  bool ok() const { return ctx_ != nullptr; }
  void Update(const void* data, uint64_t len);
  std::string HexDigest();  // finalises; call once

 private:
  struct Ctx;
  Ctx* ctx_ = nullptr;
};

std::string ToHex(const uint8_t* bytes, size_t n);

}  // namespace lineage
