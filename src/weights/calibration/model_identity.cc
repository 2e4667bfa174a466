#include "weights/calibration/model_identity.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <vector>

#include "weights/hash/sha256.h"
#include "weights/source/read_ahead.h"

namespace lineage {

namespace {

constexpr size_t kMaxTensors = 256;

void HashInt(Sha256& h, int64_t v) { h.Update(&v, sizeof v); }

// The rows a tensor contributes: the first, the middle and the last (ascending, distinct).
std::vector<int64_t> FingerprintRows(uint64_t rows) {
  std::vector<int64_t> pick = {0};
  if (rows > 2) pick.push_back(static_cast<int64_t>(rows / 2));
  if (rows > 1) pick.push_back(static_cast<int64_t>(rows - 1));
  return pick;
}

}  // namespace

Result<std::string> ModelFingerprint(const WeightSource& source) {
  std::vector<TensorKey> keys = source.Keys();
  if (keys.empty()) return InvalidArgument("empty model: no weight tensors to fingerprint");
  Sha256 h;
  if (!h.ok()) return Status(Status::Code::kInternal, "SHA-256 unavailable");
  const size_t n = keys.size();
  const size_t take = std::min(n, kMaxTensors);
  // Up to 768 scattered rows, read one after another: on a cold page cache each is a disk round
  // trip, so ask the kernel for all of them first (local mapped files only; read_ahead.h).
  std::vector<ReadAheadRange> ahead;
  for (size_t t = 0; t < take; ++t) {
    const TensorKey& k = keys[t * n / take];
    const uint64_t rows = source.Shape(k).first;
    if (rows > 0 && rows <= static_cast<uint64_t>(INT32_MAX)) {
      const std::vector<int64_t> pick = FingerprintRows(rows);
      AddRowsAhead(source, k, std::vector<int32_t>(pick.begin(), pick.end()), ahead);
    }
  }
  const ReadAhead read_ahead(std::move(ahead), ReadAheadCap());
  for (size_t t = 0; t < take; ++t) {
    const TensorKey& k = keys[t * n / take];
    const auto [rows, cols] = source.Shape(k);
    h.Update(k.component.data(), k.component.size() + 1);  // with the NUL: unambiguous
    const std::string role = RoleName(k.role);  // names, not enum values: stable across versions
    h.Update(role.data(), role.size() + 1);
    HashInt(h, k.layer);
    HashInt(h, k.expert);
    HashInt(h, static_cast<int64_t>(rows));
    HashInt(h, static_cast<int64_t>(cols));
    if (rows == 0 || cols == 0) continue;
    Result<Mat> m = source.ReadRows(k, FingerprintRows(rows));
    if (!m.ok()) return m.status().WithContext("fingerprint of tensor " + std::to_string(t));
    // Mat is row-major f32: the bytes are the values in row order (little-endian hosts only,
    // like every reader here).
    h.Update(m->data(), static_cast<uint64_t>(m->size()) * sizeof(float));
  }
  return h.HexDigest();
}

}  // namespace lineage
