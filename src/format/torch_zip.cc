// PyTorch zip checkpoints. See torch_zip.h and FORMATS.md §4.
//
// The archive is `<prefix>/data.pkl` (a pickled state_dict), `<prefix>/data/<key>` (raw storage
// bytes, stored uncompressed) and small text members. data.pkl goes through the restricted
// unpickler; each tensor becomes a TensorInfo pointing straight into its storage member.
#include "format/torch_zip.h"

#include <map>
#include <unordered_set>

#include "format/pickle.h"
#include "format/zip_reader.h"

namespace lineage {
namespace {

constexpr uint64_t kMaxPickleBytes = 256ull << 20;
constexpr int kMaxDictNesting = 8;

using Kind = PickleValue::Kind;

struct Archive {
  std::string prefix;  // "archive/" (with the slash)
  std::map<std::string, const ZipMember*> by_name;
};

bool StartsWith(const std::string& s, const std::string& p) {
  return s.compare(0, p.size(), p) == 0;
}

Result<Archive> IndexArchive(const std::string& file, const std::vector<ZipMember>& members) {
  Archive a;
  const ZipMember* pkl = nullptr;
  for (const ZipMember& m : members) {
    a.by_name[m.name] = &m;
    const size_t slash = m.name.find('/');
    const std::string rest = slash == std::string::npos ? m.name : m.name.substr(slash + 1);
    if (rest == "constants.pkl" || StartsWith(rest, "code/")) {
      return Refused(file + ": is a TorchScript archive (it contains '" + m.name +
                     "'); lineage never loads code. Export a state_dict instead");
    }
    if (slash != std::string::npos && rest == "data.pkl") {
      if (pkl != nullptr) {
        return Corrupt(file, m.header_offset,
                       "more than one data.pkl ('" + pkl->name + "' and '" + m.name + "')");
      }
      pkl = &m;
      a.prefix = m.name.substr(0, slash + 1);
    }
  }
  if (pkl == nullptr)
    return Corrupt(file, "ZIP archive has no <folder>/data.pkl: not a PyTorch checkpoint");
  return a;
}

// Reads a small stored member, refusing compressed or encrypted ones.
Result<std::string> ReadMember(const ByteSource& src, const ZipMember& m, uint64_t max_bytes) {
  if (m.encrypted) return Unsupported(src.name() + ": member '" + m.name + "' is encrypted");
  if (m.method != 0) {
    return Unsupported(src.name() + ": member '" + m.name + "' is compressed (method " +
                       std::to_string(m.method) + "); only stored members are read in place");
  }
  if (m.size > max_bytes) {
    return Refused(src.name() + ": member '" + m.name + "' is " + std::to_string(m.size) +
                   " bytes, more than the " + std::to_string(max_bytes) + " allowed");
  }
  std::string s(m.size, '\0');
  LINEAGE_RETURN_IF_ERROR(src.ReadAt(
      m.data_offset, std::span<uint8_t>(reinterpret_cast<uint8_t*>(s.data()), s.size())));
  return s;
}

// Checks a tensor view against its storage member and makes the TensorInfo.
Result<TensorInfo> MakeInfo(const ByteSource& src, const Archive& a, const std::string& name,
                            const PickleValue& t) {
  const std::string& file = src.name();
  const PickleValue& s = *t.storage;
  const uint64_t elem = BlockBytes(t.dtype);
  uint64_t numel = 1;
  for (uint64_t d : t.shape) {
    if (__builtin_mul_overflow(numel, d, &numel)) {
      return Corrupt(file, "tensor '" + name + "': shape overflows 64 bits");
    }
  }
  // Contiguous row-major: stride[i] = product of later dims (size-1 dims may say anything).
  uint64_t expect = 1;
  for (size_t i = t.shape.size(); i-- > 0;) {
    if (t.shape[i] != 1 && t.stride[i] != expect && numel != 0) {
      return Unsupported(file + ": tensor '" + name + "' is not contiguous (stride " +
                         std::to_string(t.stride[i]) + " in dimension " + std::to_string(i) +
                         ", expected " + std::to_string(expect) + ")");
    }
    expect *= t.shape[i];
  }
  auto it = a.by_name.find(a.prefix + "data/" + s.storage_key);
  if (it == a.by_name.end()) {
    return Corrupt(file, "tensor '" + name + "': storage member '" + a.prefix + "data/" +
                             s.storage_key + "' is missing");
  }
  const ZipMember& m = *it->second;
  if (m.method != 0 || m.encrypted) {
    return Unsupported(file + ": storage '" + m.name + "' of tensor '" + name +
                       "' is compressed or encrypted; tensors are read in place");
  }
  uint64_t storage_bytes, end, begin;
  if (__builtin_mul_overflow(s.storage_numel, elem, &storage_bytes) || storage_bytes != m.size) {
    return Corrupt(file, m.data_offset,
                   "storage '" + m.name + "' holds " + std::to_string(m.size) + " bytes, not " +
                       std::to_string(s.storage_numel) + " elements of " + DTypeName(t.dtype));
  }
  if (__builtin_add_overflow(t.storage_offset, numel, &end) ||
      __builtin_mul_overflow(end, elem, &end) || end > storage_bytes) {
    return Corrupt(file, m.data_offset,
                   "tensor '" + name + "' (offset " + std::to_string(t.storage_offset) + ", " +
                       std::to_string(numel) + " elements) overruns storage '" + m.name + "'");
  }
  begin = t.storage_offset * elem;
  TensorInfo info;
  info.name = name;
  info.dtype = t.dtype;
  info.shape = t.shape;
  info.source = &src;
  info.offset = m.data_offset + begin;
  info.nbytes = numel * elem;
  return info;
}

// Walks the top-level dict; nested dicts of tensors ({"model": state_dict}) get dotted names.
// Non-tensor leaves (epochs, config strings) are not weights and are skipped. A pickle can make a
// dict contain itself or one dict appear under many keys, so each dict is walked at most once:
// otherwise a few bytes could demand an exponential walk.
Status Collect(const ByteSource& src, const Archive& a, const PickleValue& dict,
               const std::string& prefix, int depth, std::unordered_set<const PickleValue*>* seen,
               std::vector<TensorInfo>* out) {
  if (depth > kMaxDictNesting) return Unsupported(src.name() + ": state_dict nested too deeply");
  if (!seen->insert(&dict).second) {
    return Unsupported(src.name() +
                       ": the same dict appears twice in the state_dict (pickle offset " +
                       std::to_string(dict.offset) + ")");
  }
  for (const auto& [key, value] : dict.entries) {
    if (key->kind != Kind::kString) {
      return Corrupt(src.name(), "state_dict key is not a string (pickle offset " +
                                     std::to_string(key->offset) + ")");
    }
    const std::string name = prefix + key->s;
    if (value->kind == Kind::kTensor) {
      LINEAGE_ASSIGN_OR_RETURN(TensorInfo info, MakeInfo(src, a, name, *value));
      out->push_back(std::move(info));
    } else if (value->kind == Kind::kDict) {
      LINEAGE_RETURN_IF_ERROR(Collect(src, a, *value, name + ".", depth + 1, seen, out));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Checkpoint> ParseTorchZip(std::unique_ptr<ByteSource> src) {
  const std::string file = src->name();
  LINEAGE_ASSIGN_OR_RETURN(std::vector<ZipMember> members, ReadZipDirectory(*src));
  LINEAGE_ASSIGN_OR_RETURN(Archive archive, IndexArchive(file, members));

  Checkpoint ckpt;
  auto bo = archive.by_name.find(archive.prefix + "byteorder");
  if (bo != archive.by_name.end()) {
    LINEAGE_ASSIGN_OR_RETURN(std::string order, ReadMember(*src, *bo->second, 64));
    while (!order.empty() && (order.back() == '\n' || order.back() == ' ')) order.pop_back();
    if (order == "big") {
      return Unsupported(file + ": big-endian PyTorch checkpoint (byteorder 'big')");
    }
    if (order != "little") {
      return Corrupt(file, bo->second->data_offset, "byteorder is '" + order + "'");
    }
    MetaValue v;
    v.s = order;
    ckpt.metadata["torch.byteorder"] = v;
  }

  const ZipMember& pkl = *archive.by_name.at(archive.prefix + "data.pkl");
  LINEAGE_ASSIGN_OR_RETURN(std::string pickle, ReadMember(*src, pkl, kMaxPickleBytes));
  RestrictedUnpickler unpickler(
      file + ": " + pkl.name,
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(pickle.data()), pickle.size()));
  LINEAGE_ASSIGN_OR_RETURN(const PickleValue* root, unpickler.Run());
  if (root->kind != Kind::kDict) {
    return Unsupported(file + ": data.pkl holds a " +
                       std::string(root->kind == Kind::kTensor ? "single tensor" : "non-dict") +
                       ", not a state_dict");
  }
  std::unordered_set<const PickleValue*> seen;
  LINEAGE_RETURN_IF_ERROR(Collect(*src, archive, *root, "", 0, &seen, &ckpt.tensors));
  std::unordered_set<std::string> names;
  for (const TensorInfo& t : ckpt.tensors) {
    if (!names.insert(t.name).second) {
      return Corrupt(file, "tensor name '" + t.name + "' appears twice in the state_dict");
    }
  }
  ckpt.format = "torch";
  ckpt.files.push_back(file);
  ckpt.sources.push_back(std::move(src));
  return ckpt;
}

Result<Checkpoint> OpenTorchZip(const std::string& path, const FileOpener& files) {
  LINEAGE_ASSIGN_OR_RETURN(auto src, files.Open(path));
  return ParseTorchZip(std::move(src));
}

}  // namespace lineage
