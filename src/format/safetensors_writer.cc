// safetensors writer. See safetensors_writer.h.
#include "format/safetensors_writer.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace lineage {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Result<uint64_t> CheckedBytes(const std::string& path, const WriterTensor& t) {
  if (IsQuantized(t.dtype) || t.dtype == DType::kUnknown) {
    return InvalidArgument(path + ": tensor '" + t.name + "': safetensors cannot store dtype " +
                           DTypeName(t.dtype));
  }
  uint64_t numel = 1;
  for (uint64_t d : t.shape) {
    if (__builtin_mul_overflow(numel, d, &numel)) {
      return InvalidArgument(path + ": tensor '" + t.name + "': shape overflows 64 bits");
    }
  }
  Result<uint64_t> bytes = TensorBytes(t.dtype, numel, numel);
  if (!bytes.ok()) return bytes.status().WithContext(path + ": tensor '" + t.name + "'");
  return *bytes;
}

std::string ShardName(int i, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "model-%05d-of-%05d.safetensors", i, n);
  return buf;
}

}  // namespace

Status WriteSafetensors(const std::string& path, const std::vector<WriterTensor>& tensors,
                        const std::map<std::string, std::string>& metadata,
                        const SafetensorsWriteOptions& options) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::set<std::string> names;
  uint64_t offset = 0;
  for (const WriterTensor& t : tensors) {
    if (t.name == "__metadata__" || !names.insert(t.name).second) {
      return InvalidArgument(path + ": tensor name '" + t.name + "' is reserved or repeated");
    }
    LINEAGE_ASSIGN_OR_RETURN(uint64_t bytes, CheckedBytes(path, t));
    const bool hole = options.sparse && t.data.empty();
    if (!hole && t.data.size() != bytes) {
      return InvalidArgument(path + ": tensor '" + t.name + "' has " +
                             std::to_string(t.data.size()) +
                             " bytes of data, its dtype and shape need " + std::to_string(bytes));
    }
    header[t.name] = {{"dtype", DTypeName(t.dtype)},
                      {"shape", t.shape},
                      {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');

  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "wb"));
  if (!f) return IoError(path + ": cannot create");
  uint8_t len[8];
  for (int i = 0; i < 8; ++i)
    len[i] = static_cast<uint8_t>(static_cast<uint64_t>(text.size()) >> (8 * i));
  bool ok = std::fwrite(len, 1, 8, f.get()) == 8 &&
            std::fwrite(text.data(), 1, text.size(), f.get()) == text.size();
  uint64_t end = 8 + text.size();
  for (const WriterTensor& t : tensors) {
    if (!ok) break;
    if (t.data.empty()) {
      end += CheckedBytes(path, t).value();  // a hole (sparse) or an empty tensor
      ok = std::fseek(f.get(), static_cast<long>(end), SEEK_SET) == 0;
    } else {
      ok = std::fwrite(t.data.data(), 1, t.data.size(), f.get()) == t.data.size();
      end += t.data.size();
    }
  }
  // A trailing hole needs the file extended explicitly: seeking alone does not grow it.
  if (ok && std::fflush(f.get()) == 0) {
    ok = std::fseek(f.get(), 0, SEEK_END) == 0 && std::ftell(f.get()) >= 0;
    if (ok && static_cast<uint64_t>(std::ftell(f.get())) < end) {
      ok = std::fseek(f.get(), static_cast<long>(end - 1), SEEK_SET) == 0 &&
           std::fputc(0, f.get()) != EOF;
    }
  }
  if (!ok || std::fflush(f.get()) != 0) return IoError(path + ": write failed");
  return Status::Ok();
}

Result<std::string> WriteSafetensorsShards(const std::string& dir,
                                           const std::vector<WriterTensor>& tensors, int num_shards,
                                           const std::map<std::string, std::string>& metadata,
                                           const SafetensorsWriteOptions& options) {
  if (num_shards < 1 || static_cast<size_t>(num_shards) > tensors.size()) {
    return InvalidArgument(dir + ": cannot split " + std::to_string(tensors.size()) +
                           " tensors into " + std::to_string(num_shards) + " shards");
  }
  nlohmann::ordered_json weight_map = nlohmann::ordered_json::object();
  uint64_t total = 0;
  const size_t n = tensors.size();
  for (int s = 0; s < num_shards; ++s) {
    const size_t begin = n * s / num_shards, end = n * (s + 1) / num_shards;
    std::vector<WriterTensor> part(tensors.begin() + begin, tensors.begin() + end);
    const std::string name = ShardName(s + 1, num_shards);
    LINEAGE_RETURN_IF_ERROR(WriteSafetensors(dir + "/" + name, part, metadata, options));
    for (const WriterTensor& t : part) {
      weight_map[t.name] = name;
      total += CheckedBytes(dir, t).value();
    }
  }
  nlohmann::ordered_json index = {{"metadata", {{"total_size", total}}},
                                  {"weight_map", weight_map}};
  const std::string index_path = dir + "/model.safetensors.index.json";
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(index_path.c_str(), "wb"));
  const std::string text = index.dump(2);
  if (!f || std::fwrite(text.data(), 1, text.size(), f.get()) != text.size() ||
      std::fflush(f.get()) != 0) {
    return IoError(index_path + ": write failed");
  }
  return index_path;
}

}  // namespace lineage
