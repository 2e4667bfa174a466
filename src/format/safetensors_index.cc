// Sharded safetensors: `model.safetensors.index.json` (FORMATS.md §1.1). See safetensors.h.
//
// Each shard named in weight_map is opened once (headers only). The map and the shards must
// agree exactly: every mapped tensor lives in its shard, every shard tensor is in the map and
// no name appears in two shards. A wrong metadata.total_size is only a warning: writers differ on
// what they count, and it says nothing about where tensors are.
#include <map>
#include <unordered_map>

#include "format/safetensors.h"
#include "util/json.h"

namespace lineage {
namespace {

constexpr size_t kMaxNamesInError = 5;

// Shard names come from a downloaded file: keep them inside the index's directory.
bool IsSafeRelativePath(const std::string& p) {
  if (p.empty() || p[0] == '/') return false;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    std::string part = p.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return p.find('\0') == std::string::npos;
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// "a, b, c, d, e and 4 more"
std::string NameList(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < kMaxNamesInError; ++i) {
    if (i > 0) s += ", ";
    s += names[i];
  }
  if (names.size() > kMaxNamesInError) {
    s += " and " + std::to_string(names.size() - kMaxNamesInError) + " more";
  }
  return s;
}

// The weight_map: shards in order of first mention, and tensor → shard as the map says.
struct WeightMap {
  std::vector<std::string> shards;
  std::unordered_map<std::string, size_t> shard_of;
};

Result<WeightMap> ReadWeightMap(const std::string& index_path, const nlohmann::json& wm) {
  WeightMap m;
  std::map<std::string, size_t> shard_ids;
  for (auto it = wm.begin(); it != wm.end(); ++it) {
    if (!it.value().is_string()) {
      return Corrupt(index_path, "weight_map entry '" + it.key() + "' is not a file name");
    }
    const std::string& shard = it.value().get_ref<const std::string&>();
    if (!IsSafeRelativePath(shard)) {
      return Refused(index_path + ": weight_map names shard '" + shard +
                     "' outside the index's directory");
    }
    auto [pos, inserted] = shard_ids.emplace(shard, m.shards.size());
    if (inserted) m.shards.push_back(shard);
    m.shard_of[it.key()] = pos->second;
  }
  return m;
}

// Opens every shard into `ckpt`, checking each tensor is in the shard the map names, once.
// Returns the tensors' total bytes; `found` maps each tensor to the shard it was found in.
Result<uint64_t> MergeShards(const std::string& index_path, const WeightMap& map,
                             const ShardOpener& open_shard, Checkpoint* ckpt,
                             std::unordered_map<std::string, size_t>* found) {
  std::vector<std::string> unmapped, misplaced, duplicated;
  uint64_t data_bytes = 0;
  const std::vector<std::string>& shards = map.shards;
  for (size_t s = 0; s < shards.size(); ++s) {
    Result<Checkpoint> shard = open_shard(shards[s]);
    if (!shard.ok()) return shard.status().WithContext(index_path + ": shard '" + shards[s] + "'");
    if (ckpt->metadata.empty()) ckpt->metadata = shard->metadata;
    for (TensorInfo& t : shard->tensors) {
      if (!found->emplace(t.name, s).second) duplicated.push_back("'" + t.name + "'");
      auto m = map.shard_of.find(t.name);
      if (m == map.shard_of.end())
        unmapped.push_back("'" + t.name + "' (in '" + shards[s] + "')");
      else if (m->second != s)
        misplaced.push_back("'" + t.name + "' (in '" + shards[s] + "')");
      data_bytes += t.nbytes;
      ckpt->tensors.push_back(std::move(t));
    }
    for (const std::string& f : shard->files) ckpt->files.push_back(f);
    for (auto& src : shard->sources) ckpt->sources.push_back(std::move(src));
  }
  if (!duplicated.empty()) {
    return Corrupt(index_path, "tensors present in several shards: " + NameList(duplicated));
  }
  if (!unmapped.empty()) {
    return Corrupt(index_path, "shard tensors missing from weight_map: " + NameList(unmapped));
  }
  if (!misplaced.empty()) {
    return Corrupt(index_path,
                   "tensors stored in another shard than weight_map says: " + NameList(misplaced));
  }
  return data_bytes;
}

Status CheckNoneMissing(const std::string& index_path, const nlohmann::json& wm,
                        const std::unordered_map<std::string, size_t>& found) {
  std::vector<std::string> missing;
  for (auto it = wm.begin(); it != wm.end(); ++it) {
    if (found.find(it.key()) == found.end()) {
      missing.push_back("'" + it.key() + "' (mapped to '" +
                        it.value().get_ref<const std::string&>() + "')");
    }
  }
  if (!missing.empty()) {
    return NotFound(index_path +
                    ": weight_map tensors absent from their shard: " + NameList(missing));
  }
  return Status::Ok();
}

// The index's metadata.total_size, with a warning when it differs from the shards' bytes.
void RecordTotalSize(const nlohmann::json& index, uint64_t data_bytes, Checkpoint* ckpt) {
  auto meta = index.find("metadata");
  if (meta != index.end() && meta->is_object()) {
    auto total = meta->find("total_size");
    if (total != meta->end()) {
      MetaValue v;
      v.kind = MetaValue::Kind::kUint;
      v.gguf_type = 10;
      if (total->is_number_unsigned()) v.u = total->get<uint64_t>();
      ckpt->metadata["total_size"] = v;
      if (!total->is_number_unsigned() || v.u != data_bytes) {
        MetaValue w;
        w.s = "metadata.total_size " + total->dump() + " differs from the " +
              std::to_string(data_bytes) + " tensor bytes in the shards";
        ckpt->metadata["warning.total_size"] = w;
      }
    }
  }
}

}  // namespace

Result<Checkpoint> OpenSafetensorsIndex(const std::string& index_path, const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(std::vector<uint8_t> text,
                           ReadWholeFile(index_path, kMaxShardIndexBytes));
  const std::string dir = DirName(index_path);
  return ParseSafetensorsIndex(
      index_path, std::string_view(reinterpret_cast<const char*>(text.data()), text.size()),
      [&dir, &files](const std::string& shard) {
        return OpenSafetensors(dir + "/" + shard, files);
      });
}

Result<Checkpoint> ParseSafetensorsIndex(const std::string& index_path, std::string_view json,
                                         const ShardOpener& open_shard) {
  LINEAGE_ASSIGN_OR_RETURN(nlohmann::json index, ParseJson(json, index_path));
  if (!index.is_object()) return Corrupt(index_path, "index is not a JSON object");
  auto wm = index.find("weight_map");
  if (wm == index.end() || !wm->is_object()) {
    return Corrupt(index_path, "index has no 'weight_map' object");
  }
  LINEAGE_ASSIGN_OR_RETURN(const WeightMap map, ReadWeightMap(index_path, *wm));
  Checkpoint ckpt;
  ckpt.format = "safetensors";
  ckpt.files.push_back(index_path);
  std::unordered_map<std::string, size_t> found;  // tensor → shard it was found in
  LINEAGE_ASSIGN_OR_RETURN(const uint64_t data_bytes,
                           MergeShards(index_path, map, open_shard, &ckpt, &found));
  LINEAGE_RETURN_IF_ERROR(CheckNoneMissing(index_path, *wm, found));
  RecordTotalSize(index, data_bytes, &ckpt);
  return ckpt;
}

}  // namespace lineage
