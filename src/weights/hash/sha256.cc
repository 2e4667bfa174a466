#include "weights/hash/sha256.h"

#include <openssl/evp.h>

namespace lineage {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  if (md == nullptr) return;
  if (EVP_DigestInit_ex(md, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(md);
    return;
  }
  ctx_ = new Ctx{md};
}

Sha256::~Sha256() {
  if (ctx_) {
    EVP_MD_CTX_free(ctx_->md);
    delete ctx_;
  }
}

void Sha256::Update(const void* data, uint64_t len) {
  if (ctx_ && len > 0) EVP_DigestUpdate(ctx_->md, data, len);
}

std::string Sha256::HexDigest() {
  if (!ctx_) return "";
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx_->md, out, &n) != 1) return "";
  return ToHex(out, n);
}

std::string ToHex(const uint8_t* bytes, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return s;
}

}  // namespace lineage
