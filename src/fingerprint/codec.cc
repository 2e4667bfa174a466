#include "fingerprint/codec.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "io/atomic_file.h"
#include "io/byte_source.h"
#include "tokenizer/wire_reader.h"
#include "weights/hash/sha256.h"

namespace lineage {

static_assert(std::endian::native == std::endian::little, "fingerprints are little-endian");

namespace {

constexpr char kMagic[8] = {'L', 'N', 'F', 'P', 'R', 'I', 'N', 'T'};
constexpr size_t kHeaderBytes = 8 + 4 + 8 + 4;
constexpr size_t kChecksumBytes = 64;
// A fingerprint of a 1T-parameter model is well under this; anything larger is not ours.
constexpr uint64_t kMaxFingerprintBytes = uint64_t{4} << 30;

constexpr uint32_t Tag(const char (&s)[5]) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) |
         static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[3])) << 24;
}
constexpr uint32_t kProv = Tag("PROV"), kTokn = Tag("TOKN"), kConf = Tag("CONF"),
                   kHash = Tag("HASH"), kEmbd = Tag("EMBD"), kBlks = Tag("BLKS");
constexpr uint32_t kSectionOrder[] = {kProv, kTokn, kConf, kHash, kEmbd, kBlks};

// ---- writing -------------------------------------------------------------------------------

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void I32(int32_t v) { Raw(&v, 4); }
  void Str(const std::string& s) {
    U32(static_cast<uint32_t>(s.size()));
    Raw(s.data(), s.size());
  }
  void Floats(const std::vector<float>& v) { Raw(v.data(), v.size() * sizeof(float)); }
  void Raw(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  std::vector<uint8_t>& bytes() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

void WriteProvenance(const FingerprintProvenance& p, Writer& w) {
  w.Str(p.reference);
  w.Str(p.repo);
  w.Str(p.revision);
  w.Str(p.lineage_version);
  w.U32(static_cast<uint32_t>(p.files.size()));
  for (const FingerprintFile& f : p.files) {
    w.Str(f.name);
    w.Str(f.sha256);
  }
}

void WriteTokenizer(const FingerprintTokenizer& t, Writer& w) {
  w.Str(t.vocab_sha256);
  w.U32(static_cast<uint32_t>(t.token_hashes.size()));
  for (uint64_t h : t.token_hashes) w.U64(h);
  for (uint32_t id : t.token_ids) w.U32(id);
}

void WriteConfig(const FingerprintConfig& c, Writer& w) {
  w.Str(c.architecture);
  w.Str(c.shape);
  w.Str(c.shape_sha256);
  w.Str(c.config_sha256);
}

void WriteTensors(const std::vector<TensorDigest>& ts, Writer& w) {
  w.U32(static_cast<uint32_t>(ts.size()));
  for (const TensorDigest& t : ts) {
    w.Str(t.name);
    w.Str(t.sha256);
  }
}

void WriteEmbedding(const EmbeddingSketch& e, Writer& w) {
  w.U32(static_cast<uint32_t>(e.token_hashes.size()));
  w.U32(e.dim);
  for (uint64_t h : e.token_hashes) w.U64(h);
  w.Floats(e.rows);
}

void WriteBlocks(const std::vector<BlockSketch>& bs, Writer& w) {
  w.U32(static_cast<uint32_t>(bs.size()));
  for (const BlockSketch& b : bs) {
    w.I32(b.layer);
    w.U32(b.width);
    w.U8(b.gated ? 1 : 0);
    w.U32(static_cast<uint32_t>(b.units.size()));
    for (uint32_t u : b.units) w.U32(u);
    w.Floats(b.gate_resp);
    w.Floats(b.up_resp);
  }
}

void WriteSection(uint32_t tag, const Fingerprint& fp, Writer& w) {
  Writer s;
  if (tag == kProv) WriteProvenance(fp.provenance, s);
  if (tag == kTokn) WriteTokenizer(fp.tokenizer, s);
  if (tag == kConf) WriteConfig(fp.config, s);
  if (tag == kHash) WriteTensors(fp.tensors, s);
  if (tag == kEmbd) WriteEmbedding(fp.embedding, s);
  if (tag == kBlks) WriteBlocks(fp.blocks, s);
  w.U32(tag);
  w.U64(s.bytes().size());
  w.Raw(s.bytes().data(), s.bytes().size());
}

std::string Checksum(const uint8_t* data, size_t n) {
  Sha256 h;
  h.Update(data, n);
  return h.HexDigest();
}

// ---- reading -------------------------------------------------------------------------------

// A WireReader with the fingerprint's own fields: strings and counts checked before allocation.
class Reader {
 public:
  // `file` must outlive the reader (WireReader keeps a reference).
  Reader(const std::string& file, std::string_view data, uint64_t base) : in_(file, data, base) {}
  Status U8(uint8_t* v) {
    std::string_view b;
    LINEAGE_RETURN_IF_ERROR(in_.Bytes(1, &b));
    *v = static_cast<uint8_t>(b[0]);
    return Status::Ok();
  }
  Status U32(uint32_t* v) { return in_.Fixed32(v); }
  Status U64(uint64_t* v) { return in_.Fixed64(v); }
  Status I32(int32_t* v) {
    uint32_t u = 0;
    LINEAGE_RETURN_IF_ERROR(in_.Fixed32(&u));
    *v = static_cast<int32_t>(u);
    return Status::Ok();
  }
  Status Str(std::string* s) {
    uint32_t n = 0;
    LINEAGE_RETURN_IF_ERROR(in_.Fixed32(&n));
    std::string_view b;
    LINEAGE_RETURN_IF_ERROR(in_.Bytes(n, &b));
    s->assign(b);
    return Status::Ok();
  }
  // `count` items of `item_bytes` each must fit in what remains.
  Status Fits(uint64_t count, uint64_t item_bytes, const char* what) const {
    if (item_bytes != 0 && count > in_.remaining() / item_bytes) {
      return in_.Error(
          fmt::format("{} count {} does not fit the {} bytes left", what, count, in_.remaining()));
    }
    return Status::Ok();
  }
  Status Floats(uint64_t n, const char* what, std::vector<float>* out) {
    LINEAGE_RETURN_IF_ERROR(Fits(n, sizeof(float), what));
    std::string_view b;
    LINEAGE_RETURN_IF_ERROR(in_.Bytes(n * sizeof(float), &b));
    out->resize(n);
    if (n > 0) std::memcpy(out->data(), b.data(), n * sizeof(float));
    for (float f : *out) {
      if (!std::isfinite(f)) return in_.Error(fmt::format("{} holds a non-finite value", what));
    }
    return Status::Ok();
  }
  Status Error(const std::string& msg) const { return in_.Error(msg); }
  bool done() const { return in_.done(); }

 private:
  WireReader in_;
};

Status ReadProvenance(Reader& r, FingerprintProvenance* p) {
  LINEAGE_RETURN_IF_ERROR(r.Str(&p->reference));
  LINEAGE_RETURN_IF_ERROR(r.Str(&p->repo));
  LINEAGE_RETURN_IF_ERROR(r.Str(&p->revision));
  LINEAGE_RETURN_IF_ERROR(r.Str(&p->lineage_version));
  uint32_t n = 0;
  LINEAGE_RETURN_IF_ERROR(r.U32(&n));
  LINEAGE_RETURN_IF_ERROR(r.Fits(n, 8, "file digest"));
  p->files.resize(n);
  for (FingerprintFile& f : p->files) {
    LINEAGE_RETURN_IF_ERROR(r.Str(&f.name));
    LINEAGE_RETURN_IF_ERROR(r.Str(&f.sha256));
  }
  return Status::Ok();
}

Status ReadTokenizer(Reader& r, FingerprintTokenizer* t) {
  LINEAGE_RETURN_IF_ERROR(r.Str(&t->vocab_sha256));
  uint32_t n = 0;
  LINEAGE_RETURN_IF_ERROR(r.U32(&n));
  LINEAGE_RETURN_IF_ERROR(r.Fits(n, 12, "token"));
  t->token_hashes.resize(n);
  t->token_ids.resize(n);
  for (uint64_t& h : t->token_hashes) LINEAGE_RETURN_IF_ERROR(r.U64(&h));
  for (uint32_t& id : t->token_ids) LINEAGE_RETURN_IF_ERROR(r.U32(&id));
  for (size_t i = 1; i < n; ++i) {
    if (t->token_hashes[i] < t->token_hashes[i - 1]) return r.Error("token hashes are not sorted");
  }
  return Status::Ok();
}

Status ReadConfig(Reader& r, FingerprintConfig* c) {
  LINEAGE_RETURN_IF_ERROR(r.Str(&c->architecture));
  LINEAGE_RETURN_IF_ERROR(r.Str(&c->shape));
  LINEAGE_RETURN_IF_ERROR(r.Str(&c->shape_sha256));
  return r.Str(&c->config_sha256);
}

Status ReadTensors(Reader& r, std::vector<TensorDigest>* ts) {
  uint32_t n = 0;
  LINEAGE_RETURN_IF_ERROR(r.U32(&n));
  LINEAGE_RETURN_IF_ERROR(r.Fits(n, 8, "tensor digest"));
  ts->resize(n);
  for (TensorDigest& t : *ts) {
    LINEAGE_RETURN_IF_ERROR(r.Str(&t.name));
    LINEAGE_RETURN_IF_ERROR(r.Str(&t.sha256));
  }
  return Status::Ok();
}

Status ReadEmbedding(Reader& r, EmbeddingSketch* e) {
  uint32_t n = 0;
  LINEAGE_RETURN_IF_ERROR(r.U32(&n));
  LINEAGE_RETURN_IF_ERROR(r.U32(&e->dim));
  LINEAGE_RETURN_IF_ERROR(r.Fits(n, 8, "probe token"));
  e->token_hashes.resize(n);
  for (uint64_t& h : e->token_hashes) LINEAGE_RETURN_IF_ERROR(r.U64(&h));
  return r.Floats(uint64_t{n} * e->dim, "embedding rows", &e->rows);
}

Status ReadBlock(Reader& r, size_t tokens, BlockSketch* b) {
  uint8_t gated = 0;
  uint32_t n = 0;
  LINEAGE_RETURN_IF_ERROR(r.I32(&b->layer));
  LINEAGE_RETURN_IF_ERROR(r.U32(&b->width));
  LINEAGE_RETURN_IF_ERROR(r.U8(&gated));
  LINEAGE_RETURN_IF_ERROR(r.U32(&n));
  if (gated > 1) return r.Error(fmt::format("block {}: gated flag {}", b->layer, gated));
  b->gated = gated == 1;
  LINEAGE_RETURN_IF_ERROR(r.Fits(n, 4, "unit"));
  b->units.resize(n);
  for (uint32_t& u : b->units) LINEAGE_RETURN_IF_ERROR(r.U32(&u));
  for (size_t i = 0; i < n; ++i) {
    if (b->units[i] >= b->width || (i > 0 && b->units[i] <= b->units[i - 1])) {
      return r.Error(fmt::format("block {}: unit labels must increase below the width {}", b->layer,
                                 b->width));
    }
  }
  LINEAGE_RETURN_IF_ERROR(r.Floats(uint64_t{n} * tokens, "gate responses", &b->gate_resp));
  return r.Floats(uint64_t{n} * tokens, "up responses", &b->up_resp);
}

Status ReadBlocks(Reader& r, size_t tokens, std::vector<BlockSketch>* bs) {
  uint32_t n = 0;
  LINEAGE_RETURN_IF_ERROR(r.U32(&n));
  LINEAGE_RETURN_IF_ERROR(r.Fits(n, 13, "block"));
  bs->resize(n);
  for (BlockSketch& b : *bs) LINEAGE_RETURN_IF_ERROR(ReadBlock(r, tokens, &b));
  return Status::Ok();
}

Status ReadSection(uint32_t tag, Reader& r, Fingerprint* fp) {
  if (tag == kProv) return ReadProvenance(r, &fp->provenance);
  if (tag == kTokn) return ReadTokenizer(r, &fp->tokenizer);
  if (tag == kConf) return ReadConfig(r, &fp->config);
  if (tag == kHash) return ReadTensors(r, &fp->tensors);
  if (tag == kEmbd) return ReadEmbedding(r, &fp->embedding);
  return ReadBlocks(r, fp->embedding.token_hashes.size(), &fp->blocks);
}

// Header fields, checked in the contract's order up to the checksum.
Status CheckEnvelope(const std::string& file, const std::vector<uint8_t>& bytes, Reader& head,
                     Fingerprint* fp) {
  if (bytes.size() < kHeaderBytes + kChecksumBytes)
    return Corrupt(file, fmt::format("{} bytes: too short for a fingerprint", bytes.size()));
  if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
    return Corrupt(file, "not a lineage fingerprint (bad magic)");
  uint64_t magic = 0;
  LINEAGE_RETURN_IF_ERROR(head.U64(&magic));
  LINEAGE_RETURN_IF_ERROR(head.U32(&fp->version));
  if (fp->version != kFingerprintVersion) {
    return InvalidArgument(fmt::format(
        "{}: fingerprint version {}; this lineage reads version {} (make it again with this "
        "build's `lineage fingerprint`)",
        file, fp->version, kFingerprintVersion));
  }
  const size_t body = bytes.size() - kChecksumBytes;
  const std::string stored(reinterpret_cast<const char*>(bytes.data()) + body, kChecksumBytes);
  if (Checksum(bytes.data(), body) != stored)
    return Corrupt(file, "checksum mismatch: the fingerprint is truncated or corrupt");
  return head.U64(&fp->projection_seed);
}

}  // namespace

std::vector<uint8_t> EncodeFingerprint(const Fingerprint& fp) {
  Writer w;
  w.Raw(kMagic, sizeof(kMagic));
  w.U32(fp.version);
  w.U64(fp.projection_seed);
  w.U32(static_cast<uint32_t>(std::size(kSectionOrder)));
  for (uint32_t tag : kSectionOrder) WriteSection(tag, fp, w);
  const std::string sum = Checksum(w.bytes().data(), w.bytes().size());
  w.Raw(sum.data(), sum.size());
  return std::move(w.bytes());
}

Result<Fingerprint> DecodeFingerprint(const std::string& file, const std::vector<uint8_t>& bytes,
                                      std::optional<uint64_t> expected_seed) {
  Fingerprint fp;
  const size_t body = bytes.size() >= kChecksumBytes ? bytes.size() - kChecksumBytes : 0;
  Reader head(file, std::string_view(reinterpret_cast<const char*>(bytes.data()), body), 0);
  LINEAGE_RETURN_IF_ERROR(CheckEnvelope(file, bytes, head, &fp));
  if (expected_seed && *expected_seed != fp.projection_seed) {
    return InvalidArgument(fmt::format(
        "{}: made with projection seed {:#x}, but this registry uses {:#x}: sketches made with "
        "different seeds cannot be compared (fingerprint the model again with --seed {:#x})",
        file, fp.projection_seed, *expected_seed, *expected_seed));
  }
  uint32_t sections = 0;
  LINEAGE_RETURN_IF_ERROR(head.U32(&sections));
  if (sections != std::size(kSectionOrder))
    return head.Error(fmt::format("{} sections, expected {}", sections, std::size(kSectionOrder)));
  const char* base = reinterpret_cast<const char*>(bytes.data());
  uint64_t offset = kHeaderBytes;
  for (uint32_t expected : kSectionOrder) {
    Reader frame(file, std::string_view(base + offset, body - offset), offset);
    uint32_t tag = 0;
    uint64_t len = 0;
    LINEAGE_RETURN_IF_ERROR(frame.U32(&tag));
    LINEAGE_RETURN_IF_ERROR(frame.U64(&len));
    offset += 12;
    if (tag != expected) return frame.Error(fmt::format("section tag {:#010x} out of order", tag));
    if (len > body - offset)
      return frame.Error(fmt::format("section length {} runs past the end", len));
    Reader section(file, std::string_view(base + offset, len), offset);
    LINEAGE_RETURN_IF_ERROR(ReadSection(tag, section, &fp));
    if (!section.done()) return section.Error("unread bytes at the end of a section");
    offset += len;
  }
  if (offset != body) return Corrupt(file, offset, "bytes after the last section");
  return fp;
}

Status WriteFingerprintFile(const std::string& path, const Fingerprint& fp) {
  const std::vector<uint8_t> bytes = EncodeFingerprint(fp);
  // Absolute: WriteFileAtomic creates the parent folder, which a bare file name lacks.
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return WriteFileAtomic(ec ? path : abs.string(), bytes);
}

Result<Fingerprint> ReadFingerprintFile(const std::string& path,
                                        std::optional<uint64_t> expected_seed) {
  LINEAGE_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadWholeFile(path, kMaxFingerprintBytes));
  return DecodeFingerprint(path, bytes, expected_seed);
}

}  // namespace lineage
