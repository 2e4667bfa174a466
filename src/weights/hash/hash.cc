// Stored-byte and canonical-value SHA-256 digests. See hash.h.
#include "weights/hash/hash.h"

#include <algorithm>
#include <bit>
#include <map>
#include <numeric>
#include <vector>

#include "util/progress.h"
#include "util/thread_pool.h"
#include "weights/hash/sha256.h"

namespace lineage {
namespace {

static_assert(std::endian::native == std::endian::little,
              "value digests hash f32 in host order, which must be little-endian");

constexpr uint64_t kMappedPiece = 16 << 20;  // hash, then release, this much of a mapping at a time
constexpr uint64_t kReadPiece = 4 << 20;     // buffer for sources without a mapping

// Bytes [offset, offset + len) of `src`, handed to fn(piece, at, n) front to back in pieces (a
// mapping's pages released once handed over), each counted as read once.
template <typename Fn>
Status StreamRange(const ByteSource& src, uint64_t offset, uint64_t len, Progress* progress,
                   Fn&& fn) {
  if (offset > src.size() || len > src.size() - offset) {
    return Corrupt(src.name(), offset, "tensor bytes extend past the end of the file");
  }
  if (const uint8_t* base = src.data()) {
    for (uint64_t done = 0; done < len;) {
      uint64_t n = std::min(kMappedPiece, len - done);
      fn(base + offset + done, offset + done, n);
      src.NoteMappedRead(n);
      src.DontNeed(offset + done, n);
      done += n;
      if (progress) progress->Add(n);
    }
    return Status::Ok();
  }
  std::vector<uint8_t> buf(std::min(kReadPiece, len));
  for (uint64_t done = 0; done < len;) {
    uint64_t n = std::min<uint64_t>(buf.size(), len - done);
    LINEAGE_RETURN_IF_ERROR(src.ReadAt(offset + done, std::span<uint8_t>(buf.data(), n)));
    fn(buf.data(), offset + done, n);
    done += n;
    if (progress) progress->Add(n);
  }
  return Status::Ok();
}

Status HashRange(const ByteSource& src, uint64_t offset, uint64_t len, Sha256* sha,
                 Progress* progress) {
  return StreamRange(src, offset, len, progress,
                     [&](const uint8_t* p, uint64_t, uint64_t n) { sha->Update(p, n); });
}

// One file read once: its own digest, and each of `tensors` (all in this file) fed the part of
// every piece that falls in its byte range. Tensors may overlap; each gets exactly its bytes.
Status HashFileAndTensors(const ByteSource& src, const std::vector<const TensorInfo*>& tensors,
                          Sha256* file_sha, std::vector<Sha256>* tensor_sha, Progress* progress) {
  std::vector<size_t> by_offset(tensors.size());
  std::iota(by_offset.begin(), by_offset.end(), 0);
  for (const TensorInfo* t : tensors) {
    if (t->offset > src.size() || t->nbytes > src.size() - t->offset)
      return Corrupt(src.name(), t->offset, "tensor bytes extend past the end of the file")
          .WithContext("tensor " + t->name);
  }
  std::stable_sort(by_offset.begin(), by_offset.end(),
                   [&](size_t a, size_t b) { return tensors[a]->offset < tensors[b]->offset; });
  size_t next = 0;
  std::vector<size_t> open;  // tensors that started before the current piece's end
  return StreamRange(src, 0, src.size(), progress, [&](const uint8_t* p, uint64_t at, uint64_t n) {
    file_sha->Update(p, n);
    while (next < by_offset.size() && tensors[by_offset[next]]->offset < at + n)
      open.push_back(by_offset[next++]);
    std::erase_if(open, [&](size_t i) {
      const uint64_t begin = std::max(at, tensors[i]->offset);
      const uint64_t end = std::min(at + n, tensors[i]->offset + tensors[i]->nbytes);
      if (end > begin) (*tensor_sha)[i].Update(p + (begin - at), end - begin);
      return tensors[i]->offset + tensors[i]->nbytes <= at + n;
    });
  });
}

// Indices of `sizes` from largest to smallest: big tensors start first so threads finish together.
std::vector<size_t> LargestFirst(const std::vector<uint64_t>& sizes) {
  std::vector<size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
  return order;
}

std::string ShapeRoles(const Model& m, const std::string& stored_name) {
  std::string roles;
  std::string last;
  for (const ModelTensor& t : m.tensors) {
    if (t.info.name != stored_name) continue;
    std::string r = RoleName(t.role);
    if (r == last) continue;
    if (!roles.empty()) roles += ",";
    roles += r;
    last = r;
  }
  return roles;
}

}  // namespace

Result<std::string> Sha256OfRange(const ByteSource& src, uint64_t offset, uint64_t len) {
  Sha256 sha;
  if (!sha.ok()) return Internal("OpenSSL SHA-256 context could not be created");
  LINEAGE_RETURN_IF_ERROR(HashRange(src, offset, len, &sha, nullptr));
  return sha.HexDigest();
}

Result<std::string> Sha256OfValues(const ModelTensor& t) {
  Sha256 sha;
  if (!sha.ok()) return Internal("OpenSSL SHA-256 context could not be created");
  uint64_t cols = t.cols();
  LINEAGE_RETURN_IF_ERROR(StreamRows(t, 0, [&](const float* rows, uint64_t, uint64_t n) {
    sha.Update(rows, n * cols * sizeof(float));
    return Status::Ok();
  }));
  return sha.HexDigest();
}

std::string CanonicalKey(const ModelTensor& t) {
  if (t.role == Role::kOther) return t.component + "/other:" + t.name;
  std::string k = t.component + "/" + RoleName(t.role);
  if (t.layer >= 0) k += "/L" + std::to_string(t.layer);
  if (t.expert >= 0) k += "/E" + std::to_string(t.expert);
  if (t.shared_expert) k += "/shared";
  if (t.bias) k += "/bias";
  return k;
}

// HashOptions::files: one task per file (largest first), each reading its file once for the file
// digest and the stored digests of the tensors in it.
Status HashFilesWithStored(const Model& m, const std::vector<const TensorInfo*>& stored,
                           const HashOptions& opt, ThreadPool& pool, Progress* progress,
                           ModelDigests* out) {
  std::vector<const ByteSource*> files;
  for (const Checkpoint& c : m.checkpoints)
    for (const auto& src : c.sources) files.push_back(src.get());
  std::vector<std::vector<size_t>> members(files.size());
  out->stored.resize(stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    const TensorInfo& t = *stored[i];
    out->stored[i] = {t.name, t.source ? t.source->name() : "", "", t.dtype, t.shape, t.nbytes, ""};
    const auto f = std::find(files.begin(), files.end(), t.source);
    if (f == files.end()) return Internal(t.name + ": tensor has no byte source among the files");
    members[f - files.begin()].push_back(i);
  }
  std::vector<uint64_t> sizes;
  for (const ByteSource* f : files) sizes.push_back(f->size());
  const std::vector<size_t> order = LargestFirst(sizes);
  out->files.resize(files.size());
  LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, order.size(), [&](size_t k) -> Status {
    LINEAGE_RETURN_IF_ERROR(CheckCancel(opt.cancel));
    const size_t f = order[k];
    std::vector<const TensorInfo*> tensors;
    for (size_t i : members[f]) tensors.push_back(stored[i]);
    Sha256 file_sha;
    std::vector<Sha256> tensor_sha(tensors.size());
    LINEAGE_RETURN_IF_ERROR(
        HashFileAndTensors(*files[f], tensors, &file_sha, &tensor_sha, progress));
    out->files[f] = {files[f]->name(), file_sha.HexDigest()};
    for (size_t j = 0; j < tensors.size(); ++j)
      out->stored[members[f][j]].sha256 = tensor_sha[j].HexDigest();
    return Status::Ok();
  }));
  for (StoredDigest& d : out->stored) d.roles = ShapeRoles(m, d.name);
  return Status::Ok();
}

Result<ModelDigests> HashModel(const Model& m, const HashOptions& opt) {
  ModelDigests out;
  std::vector<const TensorInfo*> stored;
  for (const Checkpoint& c : m.checkpoints) {
    for (const TensorInfo& t : c.tensors) stored.push_back(&t);
  }
  uint64_t total_bytes = 0;
  std::vector<uint64_t> stored_sizes, value_sizes;
  if (opt.stored || opt.files) {
    for (const TensorInfo* t : stored) {
      stored_sizes.push_back(t->nbytes);
      if (!opt.files) total_bytes += t->nbytes;
    }
  }
  if (opt.files) {  // the files are read whole: their headers too
    for (const Checkpoint& c : m.checkpoints)
      for (const auto& src : c.sources) total_bytes += src->size();
  }
  if (opt.values) {
    for (const ModelTensor& t : m.tensors) {
      value_sizes.push_back(t.info.nbytes);
      total_bytes += t.info.nbytes;
    }
  }
  Progress progress("hashing", total_bytes, "B", opt.progress, opt.progress_sink);
  ThreadPool pool(opt.threads);

  if (opt.files) {
    LINEAGE_RETURN_IF_ERROR(HashFilesWithStored(m, stored, opt, pool, &progress, &out));
  } else if (opt.stored) {
    out.stored.resize(stored.size());
    std::vector<size_t> order = LargestFirst(stored_sizes);
    LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, order.size(), [&](size_t k) -> Status {
      LINEAGE_RETURN_IF_ERROR(CheckCancel(opt.cancel));
      size_t i = order[k];
      const TensorInfo& t = *stored[i];
      StoredDigest& d = out.stored[i];
      d.name = t.name;
      d.file = t.source ? t.source->name() : "";
      d.dtype = t.dtype;
      d.shape = t.shape;
      d.nbytes = t.nbytes;
      if (t.source == nullptr) return Internal(t.name + ": tensor has no byte source");
      Sha256 sha;
      if (!sha.ok()) return Internal("OpenSSL SHA-256 context could not be created");
      Status st = HashRange(*t.source, t.offset, t.nbytes, &sha, &progress);
      if (!st.ok()) return st.WithContext("tensor " + t.name);
      d.sha256 = sha.HexDigest();
      return Status::Ok();
    }));
    for (StoredDigest& d : out.stored) d.roles = ShapeRoles(m, d.name);
  }
  if (opt.values) {
    out.values.resize(m.tensors.size());
    // A fused or stacked stored tensor yields several canonical tensors: name them apart.
    std::map<std::string, int> uses;
    for (const ModelTensor& t : m.tensors) ++uses[t.name];
    std::vector<size_t> order = LargestFirst(value_sizes);
    LINEAGE_RETURN_IF_ERROR(ParallelFor(pool, order.size(), [&](size_t k) -> Status {
      LINEAGE_RETURN_IF_ERROR(CheckCancel(opt.cancel));
      size_t i = order[k];
      const ModelTensor& t = m.tensors[i];
      ValueDigest& d = out.values[i];
      d.key = CanonicalKey(t);
      d.name = uses.at(t.name) > 1 ? t.name + "[" + d.key + "]" : t.name;
      d.dtype = t.info.dtype;
      d.shape = t.shape;
      if (!CanDecode(t.info.dtype)) {
        d.note = std::string("dtype ") + DTypeName(t.info.dtype) + " is not decoded";
      } else {
        auto h = Sha256OfValues(t);
        if (!h.ok()) return h.status();
        d.sha256 = *h;
      }
      progress.Add(t.info.nbytes);
      return Status::Ok();
    }));
  }
  progress.Finish();
  return out;
}

}  // namespace lineage
