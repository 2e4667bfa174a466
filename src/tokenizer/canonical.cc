#include "tokenizer/canonical.h"

#include <array>

namespace lineage {
namespace {

// GPT-2's table: printable Latin-1 bytes map to themselves; the other 68 bytes, in increasing
// order, map to U+0100, U+0101, ... . Built once at compile time, so there is no global state.
struct ByteAlphabet {
  std::array<uint16_t, 256> byte_to_cp{};
  std::array<int16_t, 512> cp_to_byte{};  // every code point used is < 0x144
  constexpr ByteAlphabet() {
    for (auto& v : cp_to_byte) v = -1;
    int next = 0;
    for (int b = 0; b < 256; ++b) {
      bool printable =
          (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      uint16_t cp = printable ? static_cast<uint16_t>(b) : static_cast<uint16_t>(0x100 + next++);
      byte_to_cp[b] = cp;
      cp_to_byte[cp] = static_cast<int16_t>(b);
    }
  }
};
constexpr ByteAlphabet kAlphabet;

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

bool AppendByteLevelBytes(std::string_view token, std::string* out) {
  // The alphabet uses code points below U+0144 only: one- or two-byte UTF-8, decoded inline
  // because this runs for every token and merge of a byte-level vocabulary. Decodes into a
  // stack buffer (tokens are short) and appends only a complete, valid result.
  char small[256];
  std::string large;
  char* dst = small;
  if (token.size() > sizeof small) {
    large.resize(token.size());
    dst = large.data();
  }
  const auto* p = reinterpret_cast<const unsigned char*>(token.data());
  const size_t len = token.size();
  size_t n = 0, i = 0;
  while (i < len) {
    uint32_t cp = p[i];
    if (cp >= 0x80) {
      if ((cp & 0xE0) != 0xC0 || i + 1 >= len || (p[i + 1] & 0xC0) != 0x80) return false;
      cp = ((cp & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
      if (cp < 0x80) return false;  // overlong
      ++i;
    }
    ++i;
    if (cp >= kAlphabet.cp_to_byte.size() || kAlphabet.cp_to_byte[cp] < 0) return false;
    dst[n++] = static_cast<char>(kAlphabet.cp_to_byte[cp]);
  }
  out->append(dst, n);
  return true;
}

std::optional<std::string> ByteLevelToBytes(std::string_view token) {
  std::string out;
  if (!AppendByteLevelBytes(token, &out)) return std::nullopt;
  return out;
}

std::string BytesToByteLevel(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) AppendUtf8(kAlphabet.byte_to_cp[static_cast<unsigned char>(c)], &out);
  return out;
}

void AppendSentencePieceBytes(std::string_view piece, std::string* out) {
  static constexpr std::string_view kSpace = "\xE2\x96\x81";  // U+2581
  size_t i = 0;
  while (i < piece.size()) {
    size_t at = piece.find(kSpace, i);
    if (at == std::string_view::npos) {
      out->append(piece.substr(i));
      return;
    }
    out->append(piece.substr(i, at - i));
    out->push_back(' ');
    i = at + kSpace.size();
  }
}

std::string SentencePieceToBytes(std::string_view piece) {
  std::string out;
  out.reserve(piece.size());
  AppendSentencePieceBytes(piece, &out);
  return out;
}

std::optional<uint8_t> ParseByteToken(std::string_view piece) {
  if (piece.size() != 6 || piece.substr(0, 3) != "<0x" || piece[5] != '>') return std::nullopt;
  int hi = HexValue(piece[3]), lo = HexValue(piece[4]);
  if (hi < 0 || lo < 0) return std::nullopt;
  return static_cast<uint8_t>(hi * 16 + lo);
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=') {
        // Padding only at the very end, and at most two characters.
        if (i + 4 != text.size() || k < 2) return std::nullopt;
        v[k] = 0;
        ++pad;
      } else {
        if (pad > 0) return std::nullopt;
        v[k] = Base64Value(c);
        if (v[k] < 0) return std::nullopt;
      }
    }
    uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>(n >> 16));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

}  // namespace lineage
