#include "model/row_transform.h"

#include "model/qk_permutation.h"

namespace lineage {

RowView ViewOf(const TensorInfo& info, const RowTransform& t) {
  RowView v;
  bool selects = t.run_len > 0 || t.unpermute_head_dim > 0;
  if (info.shape.size() <= 1 && selects) {
    v.rows = info.numel();
    v.cols = 1;
    v.elementwise = true;
  } else if (t.transpose) {
    v.rows = info.cols();
    v.cols = info.rows();
  } else {
    v.rows = info.rows();
    v.cols = info.cols();
  }
  return v;
}

uint64_t SelectedRows(const RowTransform& t, uint64_t view_rows) {
  return t.run_len == 0 ? view_rows : t.run_len * t.runs;
}

uint64_t ViewRowOf(const RowTransform& t, uint64_t r) {
  if (t.unpermute_head_dim > 0) r = InterleavedRowOfHfRow(r, t.unpermute_head_dim);
  if (t.run_len == 0) return r;
  return t.start + (r / t.run_len) * t.stride + r % t.run_len;
}

bool IsIdentity(const RowTransform& t) {
  return t.run_len == 0 && t.unpermute_head_dim == 0 && !t.transpose;
}

}  // namespace lineage
