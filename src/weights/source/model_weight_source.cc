#include "weights/source/model_weight_source.h"

#include <algorithm>
#include <set>

#include "model/model_config.h"

namespace lineage {

namespace {

int ConfigInt(const Model& m, std::initializer_list<const char*> keys) {
  if (!m.config || !m.config->is_object()) return 0;
  for (const char* k : keys) {
    auto it = m.config->find(k);
    if (it != m.config->end() && it->is_number_integer()) return it->get<int>();
    // VLMs nest the language model's config.
    auto tc = m.config->find("text_config");
    if (tc != m.config->end() && tc->is_object()) {
      auto jt = tc->find(k);
      if (jt != tc->end() && jt->is_number_integer()) return jt->get<int>();
    }
  }
  return 0;
}

}  // namespace

ModelWeightSource::ModelWeightSource(const Model& model, uint64_t max_elems)
    : model_(model), max_elems_(max_elems) {
  std::set<std::string> components;
  int max_expert = -1;
  for (const ModelTensor& t : model.tensors) {
    if (t.bias || t.role == Role::kOther) continue;
    TensorKey k;
    k.role = t.role;
    k.layer = t.layer;
    k.expert = t.shared_expert ? -2 : t.expert;
    k.component = t.component;
    index_.emplace(k, &t);
    components.insert(t.component);
    max_expert = std::max(max_expert, t.expert);
  }
  layout_.num_layers = model.num_layers();
  layout_.num_experts = max_expert + 1;
  layout_.num_heads = ConfigInt(model, {"num_attention_heads", "n_heads"});
  layout_.num_kv_heads = ConfigInt(model, {"num_key_value_heads", "n_kv_heads"});
  if (layout_.num_kv_heads == 0) layout_.num_kv_heads = layout_.num_heads;
  layout_.architecture = model.architecture;
  layout_.gemma_norm_offset = model.architecture.rfind("gemma", 0) == 0;
  layout_.tied_embeddings = model.tied_embeddings;
  layout_.components.assign(components.begin(), components.end());
  for (const std::string& c : layout_.components) {
    if (c == "trunk" || !model.config) continue;
    if (uint64_t heads = TowerHeads(*model.config, c); heads > 0) {
      layout_.component_heads[c] = static_cast<int>(heads);
    }
  }
}

std::pair<uint64_t, uint64_t> ModelWeightSource::Shape(const TensorKey& key) const {
  auto it = index_.find(key);
  if (it == index_.end()) return {0, 0};
  return {it->second->rows(), it->second->cols()};
}

Result<Mat> ModelWeightSource::Read(const TensorKey& key) const {
  auto it = index_.find(key);
  if (it == index_.end()) {
    return NotFound(model_.path + ": no " + RoleName(key.role) + " tensor for layer " +
                    std::to_string(key.layer));
  }
  const ModelTensor& t = *it->second;
  if (t.numel() > max_elems_) {
    return Refused(t.name + ": " + std::to_string(t.numel()) +
                   " elements exceed the caller's bound of " + std::to_string(max_elems_));
  }
  // Decoded straight into the matrix: no zero-filled staging vector, no second copy.
  Mat out(static_cast<Eigen::Index>(t.rows()), static_cast<Eigen::Index>(t.cols()));
  if (static_cast<uint64_t>(out.size()) != t.numel()) {
    return Internal(t.name + ": " + std::to_string(t.numel()) + " values for shape " +
                    std::to_string(t.rows()) + "x" + std::to_string(t.cols()));
  }
  LINEAGE_RETURN_IF_ERROR(
      ReadF32Into(t, std::span<float>(out.data(), static_cast<size_t>(out.size()))));
  return out;
}

std::vector<TensorKey> ModelWeightSource::Keys() const {
  std::vector<TensorKey> keys;
  for (const auto& [k, t] : index_) keys.push_back(k);
  return keys;
}

std::string ModelWeightSource::DTypeOf(const TensorKey& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? std::string() : DTypeName(it->second->info.dtype);
}

Result<Mat> ModelWeightSource::ReadRows(const TensorKey& key,
                                        const std::vector<int64_t>& rows) const {
  auto it = index_.find(key);
  if (it == index_.end()) return Read(key);  // produces the NotFound message
  const ModelTensor& t = *it->second;
  // Only the asked rows are decoded (ReadRowsF32): memory and time follow rows.size(), not the
  // tensor's row count.
  Mat out(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(t.cols()));
  LINEAGE_RETURN_IF_ERROR(
      ReadRowsF32(t, rows, std::span<float>(out.data(), static_cast<size_t>(out.size()))));
  return out;
}

Status ModelWeightSource::Stream(const TensorKey& key, uint64_t chunk_rows,
                                 const RowCallback& cb) const {
  auto it = index_.find(key);
  if (it == index_.end()) return Read(key).status();
  return StreamRows(*it->second, chunk_rows, cb);
}

const TensorInfo* ModelWeightSource::Stored(const TensorKey& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &it->second->info;
}

bool ModelWeightSource::StoredIsCanonical(const TensorKey& key) const {
  auto it = index_.find(key);
  if (it == index_.end()) return false;
  const ModelTensor& t = *it->second;
  const RowTransform& tr = t.transform;
  return tr.run_len == 0 && tr.unpermute_head_dim == 0 && !tr.transpose &&
         t.info.numel() == t.numel() && t.info.source != nullptr;
}

}  // namespace lineage
