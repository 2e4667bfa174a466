#include "io/hub/weight_files.h"

#include <array>
#include <cctype>
#include <string>

namespace lineage {
namespace {

std::string LowerExtension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(base.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

template <size_t N>
bool OneOf(const std::string& ext, const std::array<std::string_view, N>& list) {
  for (std::string_view e : list) {
    if (ext == e) return true;
  }
  return false;
}

}  // namespace

bool IsWeightFile(std::string_view path, std::optional<uint64_t> size) {
  static constexpr std::array<std::string_view, 6> kAlways = {"safetensors", "gguf", "h5",
                                                              "msgpack",     "onnx", "ckpt"};
  static constexpr std::array<std::string_view, 3> kWhenLarge = {"bin", "pt", "pth"};
  const std::string ext = LowerExtension(path);
  if (OneOf(ext, kAlways)) return true;
  if (OneOf(ext, kWhenLarge)) return !size || *size > kSmallPickleBytes;
  return false;
}

bool IsIgnoredRepoFile(std::string_view path) {
  static constexpr std::array<std::string_view, 8> kIgnored = {"md",  "png", "jpg", "jpeg",
                                                               "gif", "pdf", "mp4", "webp"};
  return path == ".gitattributes" || OneOf(LowerExtension(path), kIgnored);
}

}  // namespace lineage
