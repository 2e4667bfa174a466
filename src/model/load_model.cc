// LoadModel: a directory in Hugging Face layout, a single weights file, or a sharded index →
// canonical Model. Reads headers and small JSON files only. See model.h.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "format/checkpoint.h"
#include "io/counting_source.h"
#include "io/json_file.h"
#include "model/fused_split.h"
#include "model/model.h"
#include "model/model_config.h"
#include "model/naming.h"

namespace lineage {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// The component a nested sub-model folder stands for, from its name.
std::string ComponentOfFolder(const std::string& folder) {
  auto has = [&](const char* w) { return folder.find(w) != std::string::npos; };
  if (has("vision") || has("visual") || has("image") || has("vit")) return "vision";
  if (has("audio") || has("speech") || has("whisper")) return "audio";
  if (has("projector") || has("resampler") || has("connector")) return "projector";
  return folder;
}

std::string ArchFromGguf(const Metadata& md) {
  auto it = md.find("general.architecture");
  if (it == md.end() || !it->second.AsString()) return "";
  return *it->second.AsString();
}

bool IsF8(DType t) {
  return t == DType::kF8_E4M3 || t == DType::kF8_E5M2 || t == DType::kF8_E4M3FNUZ ||
         t == DType::kF8_E5M2FNUZ;
}

constexpr std::string_view kScaleSuffix = "_scale_inv";

// quantization_config.weight_block_size, [128, 128] when absent (DeepSeek-V3's value).
std::pair<uint64_t, uint64_t> Fp8BlockSize(const Model& m) {
  if (m.config && m.config->is_object()) {
    auto q = m.config->find("quantization_config");
    if (q != m.config->end() && q->is_object()) {
      auto b = q->find("weight_block_size");
      if (b != q->end() && b->is_array() && b->size() == 2 && (*b)[0].is_number_unsigned() &&
          (*b)[1].is_number_unsigned() && (*b)[0].get<uint64_t>() > 0 &&
          (*b)[1].get<uint64_t>() > 0) {
        return {(*b)[0].get<uint64_t>(), (*b)[1].get<uint64_t>()};
      }
    }
  }
  return {128, 128};
}

// The block scale of an F8 weight, when its `<name>_scale_inv` companion exists. An F8 weight
// whose companion is missing or malformed is an error: decoding it unscaled would report values
// off by the scale, so it is kept out of the analyses (unmapped, with a note) instead.
using TensorsByName = std::unordered_map<std::string_view, const TensorInfo*>;

const TensorInfo* FindIn(const TensorsByName& by_name, std::string_view name) {
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : it->second;
}

Result<std::optional<BlockScale>> FindBlockScale(const TensorsByName& by_name, const TensorInfo& w,
                                                 const Model& m) {
  if (!IsF8(w.dtype)) return std::optional<BlockScale>();
  const TensorInfo* s = FindIn(by_name, w.name + std::string(kScaleSuffix));
  if (s == nullptr) return std::optional<BlockScale>();  // per-tensor F8 without a block scale
  auto [br, bc] = Fp8BlockSize(m);
  uint64_t rows = w.rows(), cols = w.cols();
  bool shape_ok = w.shape.size() == 2 && s->shape.size() == 2 &&
                  s->shape[0] == (rows + br - 1) / br && s->shape[1] == (cols + bc - 1) / bc;
  if (!shape_ok ||
      !(s->dtype == DType::kF32 || s->dtype == DType::kBF16 || s->dtype == DType::kF16)) {
    return Corrupt(w.name, "block-FP8 scale " + s->name + " does not match the weight's " +
                               std::to_string(br) + "x" + std::to_string(bc) + " blocks");
  }
  return std::optional<BlockScale>(BlockScale{*s, br, bc});
}

bool IsScaleOfF8Weight(const TensorsByName& by_name, const TensorInfo& info) {
  std::string_view n = info.name;
  if (n.size() <= kScaleSuffix.size() || !n.ends_with(kScaleSuffix)) return false;
  const TensorInfo* w = FindIn(by_name, n.substr(0, n.size() - kScaleSuffix.size()));
  return w != nullptr && IsF8(w->dtype);
}

// Roles, splits and transforms for every tensor of one checkpoint.
void Canonicalise(const Checkpoint& ckpt, Model* m) {
  bool gguf = ckpt.format == "gguf";
  bool meta = !gguf && std::any_of(ckpt.tensors.begin(), ckpt.tensors.end(),
                                   [](const TensorInfo& t) { return IsMetaName(t.name); });
  ExpandOptions opt;
  if (m->config) opt.geometry = GeometryFromConfig(*m->config);
  opt.gguf = gguf;
  // llama.cpp permutes Q/K only for the architectures it runs with interleaved RoPE ("llama",
  // which covers Mistral and Mixtral); Meta and llama2.c files are interleaved by origin.
  opt.interleaved_qk = (gguf && m->architecture == "llama") || meta;
  opt.gate_up_interleaved = m->architecture == "gpt_oss";
  // Only block-FP8 checkpoints need lookups by name; others skip building the index.
  TensorsByName by_name;
  if (!gguf && std::any_of(ckpt.tensors.begin(), ckpt.tensors.end(),
                           [](const TensorInfo& t) { return IsF8(t.dtype); })) {
    for (const TensorInfo& t : ckpt.tensors) by_name.emplace(t.name, &t);
  }
  for (const TensorInfo& info : ckpt.tensors) {
    // A block scale is part of its weight's value, not a tensor of its own.
    if (!by_name.empty() && IsScaleOfF8Weight(by_name, info)) continue;
    auto scale = by_name.empty() ? Result<std::optional<BlockScale>>(std::optional<BlockScale>())
                                 : FindBlockScale(by_name, info, *m);
    NameRole nr = gguf   ? MapGgufName(info.name, m->architecture)
                  : meta ? MapMetaName(info.name)
                         : MapHfName(info.name, m->architecture);
    if (nr.component == "trunk" && opt.geometry.layers > 0 && nr.layer >= 0 &&
        static_cast<uint64_t>(nr.layer) >= opt.geometry.layers) {
      nr.component = "mtp";  // DeepSeek-V3 / GLM-4.5 next-token-prediction layers
    }
    if (!scale.ok()) m->notes.push_back(scale.status().message() + " (kept unscaled, unmapped)");
    ExpandOptions tower_opt = opt;
    if (nr.component != "trunk" && nr.component != "mtp" && nr.fused == Fused::kQkv) {
      // A tower's fused qkv follows the tower's geometry, never the language trunk's.
      tower_opt.geometry = TowerGeometry(m->config ? *m->config : nlohmann::json(), nr.component);
      tower_opt.interleaved_qk = false;
    }
    auto expanded = ExpandTensor(info, nr, tower_opt);
    if (!expanded.ok()) {
      m->notes.push_back(expanded.status().message() + " (kept whole, unmapped)");
      NameRole whole = nr;
      whole.role = Role::kOther;
      whole.fused = Fused::kNone;
      ExpandOptions plain;
      expanded = ExpandTensor(info, whole, plain);
      if (!expanded.ok()) {
        m->notes.push_back(expanded.status().message());
        continue;
      }
    }
    for (ModelTensor& t : *expanded) {
      if (!scale.ok()) {
        t.role = Role::kOther;
      } else if (scale->has_value()) {
        t.block_scale = **scale;
      }
      if (t.role == Role::kOther && (m->unmapped.empty() || m->unmapped.back() != t.name)) {
        m->unmapped.push_back(t.name);
      }
      m->tensors.push_back(std::move(t));
    }
  }
}

Result<std::vector<Checkpoint>> OpenTorchIndex(const fs::path& index, const FileOpener& opener) {
  LINEAGE_ASSIGN_OR_RETURN(nlohmann::json j, ReadJsonFile(index.string(), kMaxShardIndexBytes));
  auto wm = j.find("weight_map");
  if (wm == j.end() || !wm->is_object()) {
    return Corrupt(index.string(), "no \"weight_map\" object in the index");
  }
  std::set<std::string> files;
  for (const auto& [name, file] : wm->items()) {
    if (!file.is_string())
      return Corrupt(index.string(), "weight_map entry " + name + " is not a file name");
    std::string f = file.get<std::string>();
    if (f.find('/') != std::string::npos || f == "..") {
      return Corrupt(index.string(), "weight_map names a file outside the folder: " + f);
    }
    files.insert(f);
  }
  std::vector<Checkpoint> out;
  for (const std::string& f : files) {
    LINEAGE_ASSIGN_OR_RETURN(Checkpoint c,
                             OpenCheckpoint((index.parent_path() / f).string(), opener));
    out.push_back(std::move(c));
  }
  return out;
}

// The names of a folder's files: its regular files on disk, plus the files the opener serves
// there without a local copy (a hub snapshot's weight shards that were never downloaded).
Result<std::set<std::string>> ListFiles(const fs::path& dir, const FileOpener& opener) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) names.insert(e.path().filename().string());
  }
  if (ec) return IoError(dir.string() + ": cannot list: " + ec.message());
  for (std::string& n : opener.Extra(dir.string())) names.insert(std::move(n));
  return names;
}

// Picks the weight files of a Hugging Face folder, in order of preference.
Result<std::vector<Checkpoint>> OpenFolderWeights(const fs::path& dir, const FileOpener& opener) {
  LINEAGE_ASSIGN_OR_RETURN(const std::set<std::string> listed, ListFiles(dir, opener));
  std::vector<fs::path> safetensors, ggufs, bins, indexes;  // sorted: `listed` is
  for (const std::string& n : listed) {
    if (EndsWith(n, ".safetensors.index.json"))
      indexes.push_back(dir / n);
    else if (EndsWith(n, ".safetensors"))
      safetensors.push_back(dir / n);
    else if (EndsWith(n, ".gguf"))
      ggufs.push_back(dir / n);
    else if (EndsWith(n, ".bin") || EndsWith(n, ".pth") || EndsWith(n, ".pt"))
      bins.push_back(dir / n);
  }
  auto has = [&listed](const char* name) { return listed.count(name) > 0; };
  auto open_all = [&opener](const std::vector<fs::path>& paths) -> Result<std::vector<Checkpoint>> {
    std::vector<Checkpoint> out;
    for (const fs::path& p : paths) {
      LINEAGE_ASSIGN_OR_RETURN(Checkpoint c, OpenCheckpoint(p.string(), opener));
      out.push_back(std::move(c));
    }
    return out;
  };
  if (has("model.safetensors.index.json")) return open_all({dir / "model.safetensors.index.json"});
  if (has("model.safetensors")) return open_all({dir / "model.safetensors"});
  if (!indexes.empty()) return open_all({indexes.front()});
  if (has("pytorch_model.bin.index.json")) {
    return OpenTorchIndex(dir / "pytorch_model.bin.index.json", opener);
  }
  if (has("pytorch_model.bin")) return open_all({dir / "pytorch_model.bin"});
  if (!safetensors.empty()) {
    // Mistral ships consolidated.safetensors (Meta names) beside HF shards: prefer the HF ones.
    std::vector<fs::path> hf;
    for (const fs::path& p : safetensors) {
      if (p.filename().string().rfind("consolidated", 0) != 0) hf.push_back(p);
    }
    return open_all(hf.empty() ? safetensors : hf);
  }
  if (!ggufs.empty()) {
    bool split = std::all_of(ggufs.begin(), ggufs.end(), [](const fs::path& p) {
      return p.filename().string().find("-of-") != std::string::npos;
    });
    if (ggufs.size() > 1 && !split) {
      return InvalidArgument(dir.string() + ": holds " + std::to_string(ggufs.size()) +
                             " GGUF files; name the one to read");
    }
    // The GGUF reader opens a whole split set (-NNNNN-of-MMMMM) from any one member.
    return open_all(split ? std::vector<fs::path>{ggufs.front()} : ggufs);
  }
  if (!bins.empty()) return open_all(bins);
  return NotFound(dir.string() +
                  ": no weights file (model.safetensors, shards and index, "
                  "pytorch_model.bin, *.gguf)");
}

std::string FindTokenizer(const fs::path& dir) {
  for (const char* f :
       {"tokenizer.json", "tokenizer.model", "tokenizer.tiktoken", "vocab.json", "tokenizer.bin"}) {
    if (IsRegularFile(dir / f)) return (dir / f).string();
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (EndsWith(e.path().filename().string(), ".tiktoken")) return e.path().string();
  }
  return "";
}

void SetDerivedFields(Model* m) {
  if (m->architecture.empty() && m->config) m->architecture = ArchitectureFromConfig(*m->config);
  bool has_lm_head = m->Find(Role::kLmHead) != nullptr;
  const nlohmann::json* c = m->config ? &*m->config : nullptr;
  if (c && !c->contains("tie_word_embeddings") && c->contains("text_config"))
    c = &(*c)["text_config"];
  if (c && c->is_object() && c->contains("tie_word_embeddings") &&
      (*c)["tie_word_embeddings"].is_boolean()) {
    m->tied_embeddings = (*c)["tie_word_embeddings"].get<bool>();
    if (!m->tied_embeddings && !has_lm_head) {
      m->notes.push_back("config says the embeddings are untied but no lm_head is stored");
    }
  } else {
    m->tied_embeddings = !has_lm_head && m->Find(Role::kEmbed) != nullptr;
  }
}

void AddCheckpoints(std::vector<Checkpoint> ckpts, Model* m) {
  for (Checkpoint& c : ckpts) {
    m->notes.insert(m->notes.end(), c.warnings.begin(), c.warnings.end());  // reader oddities
    Canonicalise(c, m);
    m->checkpoints.push_back(std::move(c));
  }
}

Result<Model> LoadFolder(const fs::path& dir, bool nested, const FileOpener& opener) {
  Model m;
  m.path = dir.string();
  m.format = "hf-dir";
  if (IsRegularFile(dir / "config.json")) {
    LINEAGE_ASSIGN_OR_RETURN(nlohmann::json c, ReadJsonFile((dir / "config.json").string()));
    m.config = std::move(c);
  } else if (IsRegularFile(dir / "params.json")) {
    LINEAGE_ASSIGN_OR_RETURN(nlohmann::json c, ReadJsonFile((dir / "params.json").string()));
    m.config = std::move(c);
  }
  if (IsRegularFile(dir / "generation_config.json")) {
    LINEAGE_ASSIGN_OR_RETURN(nlohmann::json g,
                             ReadJsonFile((dir / "generation_config.json").string()));
    m.generation_config = std::move(g);
  }
  if (m.config) m.architecture = ArchitectureFromConfig(*m.config);
  LINEAGE_ASSIGN_OR_RETURN(std::vector<Checkpoint> ckpts, OpenFolderWeights(dir, opener));
  // A folder with no config.json is just a container for its weights: report their format.
  if (!m.config && !ckpts.empty()) m.format = ckpts[0].format;
  if (!ckpts.empty() && ckpts[0].format == "gguf") {
    if (!m.config) m.config = ConfigFromGguf(ckpts[0].metadata);
    m.architecture = ArchFromGguf(ckpts[0].metadata);
    m.tokenizer_path = ckpts[0].files.empty() ? "" : ckpts[0].files[0];
  } else if (!ckpts.empty() && ckpts[0].format == "llama2c") {
    if (!m.config) m.config = ConfigFromLlama2c(ckpts[0].metadata);
    if (m.architecture.empty()) m.architecture = "llama";
  }
  std::string tok = FindTokenizer(dir);
  if (!tok.empty()) m.tokenizer_path = tok;
  AddCheckpoints(std::move(ckpts), &m);
  if (!nested) {
    // Nested sub-models (a vision tower saved as its own HF folder) become components.
    std::vector<fs::path> subs;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.is_directory(ec) && IsRegularFile(e.path() / "config.json")) subs.push_back(e.path());
    }
    std::sort(subs.begin(), subs.end());
    for (const fs::path& sub : subs) {
      auto sm = LoadFolder(sub, /*nested=*/true, opener);
      if (!sm.ok()) {
        m.notes.push_back("sub-model " + sub.filename().string() + ": " + sm.status().message());
        continue;
      }
      std::string folder = sub.filename().string();
      std::string component = ComponentOfFolder(folder);
      for (ModelTensor& t : sm->tensors) {
        if (t.component == "trunk") t.component = component;
        t.name = folder + "/" + t.name;
        m.tensors.push_back(std::move(t));
      }
      for (const std::string& u : sm->unmapped) m.unmapped.push_back(folder + "/" + u);
      for (Checkpoint& c : sm->checkpoints) m.checkpoints.push_back(std::move(c));
    }
  }
  SetDerivedFields(&m);
  return m;
}

Result<Model> LoadFile(const fs::path& file, const FileOpener& opener) {
  LINEAGE_ASSIGN_OR_RETURN(Checkpoint ckpt, OpenCheckpoint(file.string(), opener));
  Model m;
  m.path = file.string();
  m.format = ckpt.format;
  if (ckpt.format == "gguf") {
    m.config = ConfigFromGguf(ckpt.metadata);
    m.architecture = ArchFromGguf(ckpt.metadata);
    m.tokenizer_path = file.string();
  } else if (ckpt.format == "llama2c") {
    m.config = ConfigFromLlama2c(ckpt.metadata);
    m.architecture = "llama";
  } else {
    // A bare safetensors/torch file: its folder's config.json gives the geometry for splits.
    fs::path cfg = file.parent_path() / "config.json";
    if (IsRegularFile(cfg)) {
      LINEAGE_ASSIGN_OR_RETURN(nlohmann::json c, ReadJsonFile(cfg.string()));
      m.config = std::move(c);
      m.architecture = ArchitectureFromConfig(*m.config);
    }
  }
  std::vector<Checkpoint> one;
  one.push_back(std::move(ckpt));
  AddCheckpoints(std::move(one), &m);
  SetDerivedFields(&m);
  return m;
}

// The sum of the sizes of the checkpoints' files (weights and shard indexes), each once.
uint64_t CheckpointBytes(const Model& m, const FileOpener& opener) {
  std::set<std::string> files;
  for (const Checkpoint& c : m.checkpoints) files.insert(c.files.begin(), c.files.end());
  uint64_t total = 0;
  for (const std::string& f : files) {
    Result<uint64_t> n = opener.Size(f);
    if (n.ok()) total += *n;
  }
  return total;
}

Result<Model> LoadAt(const std::string& path, const FileOpener& opener) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!ec && fs::is_directory(st)) return LoadFolder(path, /*nested=*/false, opener);
  // A single file may be served by the opener without a local copy (a hub file URL).
  if ((ec || !fs::exists(st)) && !opener.Size(path).ok()) {
    return NotFound(path + ": no such file or directory");
  }
  return LoadFile(path, opener);
}

}  // namespace

Result<Model> LoadModel(const ModelLocation& location) {
  // The local opener counts nothing itself; every other opener counts its own reads.
  const bool local = location.files == LocalFileOpener();
  const std::shared_ptr<const FileOpener> opener =
      local ? CountingOpener(location.files, location.stats) : location.files;
  Result<Model> loaded = LoadAt(location.path, *opener);
  if (!loaded.ok() && location.remote()) {
    // The snapshot folder is lineage's cache; the user named the repository.
    return loaded.status().WithContext(location.repo + "@" + location.revision);
  }
  if (!loaded.ok()) return loaded.status();
  Model m = std::move(loaded).value();
  m.location = location;
  if (m.location.bytes_total == 0) m.location.bytes_total = CheckpointBytes(m, *opener);
  return m;
}

Result<Model> LoadModel(const std::string& path) { return LoadModel(LocalLocation(path)); }

}  // namespace lineage
