// Fused-tensor splitting and per-tensor transforms. See fused_split.h and METHODS.md §2.2.
#include "model/fused_split.h"

#include <string>

#include "model/row_transform.h"

namespace lineage {
namespace {

ModelTensor Base(const TensorInfo& info, const NameRole& nr) {
  ModelTensor t;
  t.name = info.name;
  t.role = nr.role;
  t.layer = nr.layer;
  t.expert = nr.expert;
  t.shared_expert = nr.shared_expert;
  t.bias = nr.bias;
  t.component = nr.component;
  t.info = info;
  t.transform.transpose = nr.conv1d && info.shape.size() == 2;
  return t;
}

// Canonical shape: untransformed tensors keep their stored shape; selected 1-D views stay 1-D,
// as do single-row slabs of biases (a GGUF expert's bias); everything else is [rows × cols].
void SetShape(ModelTensor* t) {
  if (IsIdentity(t->transform)) {
    t->shape = t->info.shape;
    return;
  }
  RowView v = ViewOf(t->info, t->transform);
  uint64_t rows = SelectedRows(t->transform, v.rows);
  if (v.elementwise)
    t->shape = {rows};
  else if (t->bias && rows == 1)
    t->shape = {v.cols};
  else
    t->shape = {rows, v.cols};
}

// Rows of the view a selection would apply to.
uint64_t SelectableRows(const ModelTensor& base) {
  RowTransform probe = base.transform;
  probe.run_len = 1;
  return ViewOf(base.info, probe).rows;
}

Status CheckSelection(const ModelTensor& t) {
  const RowTransform& x = t.transform;
  RowView v = ViewOf(t.info, x);
  if (x.run_len > 0) {
    if (x.runs == 0) return Internal(t.name + ": empty row selection");
    uint64_t last = x.start + (x.runs - 1) * x.stride + x.run_len;
    if (last > v.rows) {
      return Corrupt(t.info.source ? t.info.source->name() : t.name,
                     t.name + ": row selection ends at row " + std::to_string(last) +
                         " beyond the tensor's " + std::to_string(v.rows) + " rows");
    }
  }
  if (x.unpermute_head_dim > 0) {
    uint64_t rows = SelectedRows(x, v.rows);
    if (x.unpermute_head_dim % 2 != 0 || rows % x.unpermute_head_dim != 0) {
      return InvalidArgument(t.name + ": cannot un-permute " + std::to_string(rows) +
                             " rows in heads of " + std::to_string(x.unpermute_head_dim));
    }
  }
  return Status::Ok();
}

ModelTensor Part(const ModelTensor& base, Role role, uint64_t start, uint64_t run_len,
                 uint64_t stride, uint64_t runs) {
  ModelTensor t = base;
  t.role = role;
  t.transform.start = start;
  t.transform.run_len = run_len;
  t.transform.stride = stride;
  t.transform.runs = runs;
  return t;
}

Status Mismatch(const ModelTensor& t, const std::string& what, uint64_t rows, uint64_t expected) {
  return InvalidArgument(t.name + ": " + what + " has " + std::to_string(rows) +
                         " rows but the config implies " + std::to_string(expected));
}

Result<std::vector<ModelTensor>> SplitQkv(const ModelTensor& base, const ExpandOptions& opt) {
  const Geometry& g = opt.geometry;
  uint64_t rows = SelectableRows(base);
  uint64_t nh = g.heads, nkv = g.kv_heads;
  if (nh == 0 || nkv == 0 || nh % nkv != 0) {
    return InvalidArgument(base.name +
                           ": fused qkv needs num_attention_heads and "
                           "num_key_value_heads from the config");
  }
  uint64_t d = g.head_dim;
  if (d == 0) {
    if (rows % (nh + 2 * nkv) != 0) return Mismatch(base, "fused qkv", rows, nh + 2 * nkv);
    d = rows / (nh + 2 * nkv);
  }
  uint64_t expected = (nh + 2 * nkv) * d;
  QkvLayout layout = opt.gguf ? QkvLayout::kConcat : g.qkv_layout;
  if (layout == QkvLayout::kPerHead && nh != nkv) {
    return InvalidArgument(base.name + ": per-head fused qkv needs as many KV heads as heads");
  }
  if (rows != expected) return Mismatch(base, "fused qkv", rows, expected);
  std::vector<ModelTensor> out;
  switch (layout) {
    case QkvLayout::kConcat:
      out.push_back(Part(base, Role::kQ, 0, nh * d, 0, 1));
      out.push_back(Part(base, Role::kK, nh * d, nkv * d, 0, 1));
      out.push_back(Part(base, Role::kV, (nh + nkv) * d, nkv * d, 0, 1));
      break;
    case QkvLayout::kGrouped: {
      uint64_t q_per = nh / nkv, group = (q_per + 2) * d;
      out.push_back(Part(base, Role::kQ, 0, q_per * d, group, nkv));
      out.push_back(Part(base, Role::kK, q_per * d, d, group, nkv));
      out.push_back(Part(base, Role::kV, (q_per + 1) * d, d, group, nkv));
      break;
    }
    case QkvLayout::kPerHead:
      out.push_back(Part(base, Role::kQ, 0, d, 3 * d, nh));
      out.push_back(Part(base, Role::kK, d, d, 3 * d, nh));
      out.push_back(Part(base, Role::kV, 2 * d, d, 3 * d, nh));
      break;
  }
  if (opt.interleaved_qk) {
    out[0].transform.unpermute_head_dim = d;
    out[1].transform.unpermute_head_dim = d;
  }
  return out;
}

Result<std::vector<ModelTensor>> SplitGateUp(const ModelTensor& base, bool interleaved) {
  uint64_t rows = SelectableRows(base);
  if (rows % 2 != 0) {
    return InvalidArgument(base.name + ": fused gate_up has an odd number of rows (" +
                           std::to_string(rows) + ")");
  }
  uint64_t h = rows / 2;
  if (interleaved) {
    return std::vector<ModelTensor>{Part(base, Role::kGate, 0, 1, 2, h),
                                    Part(base, Role::kUp, 1, 1, 2, h)};
  }
  return std::vector<ModelTensor>{Part(base, Role::kGate, 0, h, 0, 1),
                                  Part(base, Role::kUp, h, h, 0, 1)};
}

Result<std::vector<ModelTensor>> SplitExperts(const ModelTensor& base) {
  const std::vector<uint64_t>& s = base.info.shape;
  if (s.size() < 2 || s[0] == 0) {
    return InvalidArgument(base.name + ": stacked experts need at least 2 dimensions");
  }
  uint64_t experts = s[0];
  uint64_t per = base.info.rows() / experts;  // [E, h, d] → h rows each; [E, h] biases → 1 row
  std::vector<ModelTensor> out;
  out.reserve(experts);
  for (uint64_t e = 0; e < experts; ++e) {
    ModelTensor t = Part(base, base.role, e * per, per, 0, 1);
    t.expert = static_cast<int>(e);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

Result<std::vector<ModelTensor>> ExpandTensor(const TensorInfo& info, const NameRole& nr,
                                              const ExpandOptions& opt) {
  ModelTensor base = Base(info, nr);
  if ((nr.fused == Fused::kQkv || nr.fused == Fused::kGateUp) && info.shape.size() > 2) {
    return Unsupported(info.name + ": fused tensor with " + std::to_string(info.shape.size()) +
                       " dimensions; only matrices and vectors are split");
  }
  std::vector<ModelTensor> out;
  switch (nr.fused) {
    case Fused::kNone:
      out.push_back(base);
      if (opt.interleaved_qk && (nr.role == Role::kQ || nr.role == Role::kK) && !nr.shared_expert) {
        uint64_t heads = nr.role == Role::kQ ? opt.geometry.heads : opt.geometry.kv_heads;
        uint64_t rows = info.shape.empty() ? 0 : info.shape[0];
        if (heads == 0 || rows % heads != 0) {
          return InvalidArgument(info.name +
                                 ": cannot un-permute Q/K rows: " + std::to_string(rows) +
                                 " rows for " + std::to_string(heads) + " heads");
        }
        out[0].transform.unpermute_head_dim = rows / heads;
      }
      break;
    case Fused::kQkv: {
      LINEAGE_ASSIGN_OR_RETURN(out, SplitQkv(base, opt));
      break;
    }
    case Fused::kGateUp: {
      LINEAGE_ASSIGN_OR_RETURN(out, SplitGateUp(base, opt.gate_up_interleaved));
      break;
    }
    case Fused::kStackedExperts: {
      LINEAGE_ASSIGN_OR_RETURN(out, SplitExperts(base));
      break;
    }
  }
  for (ModelTensor& t : out) {
    LINEAGE_RETURN_IF_ERROR(CheckSelection(t));
    SetShape(&t);
  }
  return out;
}

}  // namespace lineage
