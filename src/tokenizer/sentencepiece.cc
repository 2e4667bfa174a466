#include "tokenizer/sentencepiece.h"

#include <cstring>

#include "tokenizer/canonical.h"
#include "tokenizer/wire_reader.h"

namespace lineage {
namespace {

struct Key {
  uint32_t field;
  uint32_t wire;
};

Status ReadKey(WireReader* r, Key* k) {
  uint64_t key = 0;
  LINEAGE_RETURN_IF_ERROR(r->Varint(&key));
  k->field = static_cast<uint32_t>(key >> 3);
  k->wire = static_cast<uint32_t>(key & 7);
  if (k->field == 0) return r->Error("protobuf field number 0");
  return Status::Ok();
}

Status ExpectWire(const WireReader& r, const Key& k, uint32_t wire) {
  if (k.wire == wire) return Status::Ok();
  return r.Error("field " + std::to_string(k.field) + " has wire type " + std::to_string(k.wire) +
                 ", expected " + std::to_string(wire));
}

Status ReadPiece(WireReader r, int64_t id, Token* t) {
  uint64_t type = 1;  // normal
  bool have_piece = false;
  std::string_view piece;
  while (!r.done()) {
    Key k;
    LINEAGE_RETURN_IF_ERROR(ReadKey(&r, &k));
    if (k.field == 1) {
      LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 2));
      LINEAGE_RETURN_IF_ERROR(r.LengthDelimited(&piece));
      have_piece = true;
    } else if (k.field == 2) {
      LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 5));
      uint32_t bits;
      LINEAGE_RETURN_IF_ERROR(r.Fixed32(&bits));
      float score;
      std::memcpy(&score, &bits, 4);
      t->score = score;
    } else if (k.field == 3) {
      LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 0));
      LINEAGE_RETURN_IF_ERROR(r.Varint(&type));
    } else {
      LINEAGE_RETURN_IF_ERROR(r.SkipField(k.wire));
    }
  }
  if (!have_piece) return r.Error("piece " + std::to_string(id) + " has no string");
  t->id = id;
  t->surface = std::string(piece);
  const std::optional<TokenKind> kind = PieceTypeKind(static_cast<int64_t>(type));
  if (!kind)
    return r.Error("piece " + std::to_string(id) + " has unknown type " + std::to_string(type));
  if (*kind == TokenKind::kByte) {
    auto b = ParseByteToken(piece);
    if (!b)
      return r.Error("BYTE piece " + std::to_string(id) + " '" + t->surface + "' is not <0xNN>");
    t->kind = TokenKind::kByte;
    t->bytes = std::string(1, static_cast<char>(*b));
    return Status::Ok();
  }
  t->kind = *kind;
  t->bytes = t->kind == TokenKind::kSpecial ? t->surface : SentencePieceToBytes(piece);
  return Status::Ok();
}

// Reads the TrainerSpec fields that matter for provenance and behaviour.
Status ReadTrainerSpec(WireReader r, Vocab* v) {
  std::string summary;
  auto add = [&summary](const std::string& k, const std::string& val) {
    if (!summary.empty()) summary += "; ";
    summary += k + "=" + val;
  };
  uint64_t model_type = 1;  // proto default: UNIGRAM
  bool split_digits = false;
  while (!r.done()) {
    Key k;
    LINEAGE_RETURN_IF_ERROR(ReadKey(&r, &k));
    std::string_view s;
    uint64_t u = 0;
    uint32_t f32 = 0;
    switch (k.field) {
      case 1:  // input
      case 2:  // model_prefix
        LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 2));
        LINEAGE_RETURN_IF_ERROR(r.LengthDelimited(&s));
        add(k.field == 1 ? "input" : "model_prefix", std::string(s));
        break;
      case 3:   // model_type
      case 4:   // vocab_size
      case 25:  // split_digits
      case 35:  // byte_fallback
        LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 0));
        LINEAGE_RETURN_IF_ERROR(r.Varint(&u));
        if (k.field == 3) model_type = u;
        if (k.field == 4) add("vocab_size", std::to_string(static_cast<int32_t>(u)));
        if (k.field == 25) split_digits = u != 0;
        if (k.field == 35) v->byte_fallback = u != 0;
        break;
      case 10: {  // character_coverage
        LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 5));
        LINEAGE_RETURN_IF_ERROR(r.Fixed32(&f32));
        float cov;
        std::memcpy(&cov, &f32, 4);
        add("character_coverage", std::to_string(cov));
        break;
      }
      default:
        LINEAGE_RETURN_IF_ERROR(r.SkipField(k.wire));
    }
  }
  switch (model_type) {
    case 1:
      v->model = VocabModel::kUnigram;
      break;
    case 2:
      v->model = VocabModel::kBpe;
      break;
    case 3:
      v->model = VocabModel::kWordLevel;
      break;
    default:
      v->model = VocabModel::kUnknown;
      break;
  }
  add("model_type", VocabModelName(v->model));
  add("split_digits", split_digits ? "true" : "false");
  add("byte_fallback", v->byte_fallback ? "true" : "false");
  v->digit_splitting = split_digits ? "single" : "none";
  v->trainer_spec = summary;
  return Status::Ok();
}

Status ReadNormalizerSpec(WireReader r, Vocab* v) {
  std::string name;
  bool dummy_prefix = true;  // proto default
  while (!r.done()) {
    Key k;
    LINEAGE_RETURN_IF_ERROR(ReadKey(&r, &k));
    std::string_view s;
    uint64_t u = 0;
    if (k.field == 1) {
      LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 2));
      LINEAGE_RETURN_IF_ERROR(r.LengthDelimited(&s));
      name = std::string(s);
    } else if (k.field == 3) {
      LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 0));
      LINEAGE_RETURN_IF_ERROR(r.Varint(&u));
      dummy_prefix = u != 0;
    } else {
      LINEAGE_RETURN_IF_ERROR(r.SkipField(k.wire));
    }
  }
  // Same spelling as the tokenizer.json descriptions (pipeline_text.h).
  v->normalizer = (name.empty() || name == "identity") ? "" : "sentencepiece-charsmap";
  v->pre_tokenizer = dummy_prefix ? "metaspace(prefix)" : "metaspace";
  return Status::Ok();
}

}  // namespace

Result<Vocab> ParseSentencePieceModel(std::string_view bytes, const std::string& name) {
  Vocab v;
  v.source = name;
  v.format = "sentencepiece";
  v.model = VocabModel::kUnigram;
  v.pre_tokenizer = "metaspace(prefix)";
  WireReader r(name, bytes);
  bool have_specs = false;
  while (!r.done()) {
    Key k;
    LINEAGE_RETURN_IF_ERROR(ReadKey(&r, &k));
    if (k.field == 1 || k.field == 2 || k.field == 3) {
      LINEAGE_RETURN_IF_ERROR(ExpectWire(r, k, 2));
      std::string_view sub;
      LINEAGE_RETURN_IF_ERROR(r.LengthDelimited(&sub));
      if (k.field == 1) {
        Token t;
        LINEAGE_RETURN_IF_ERROR(ReadPiece(r.Sub(sub), static_cast<int64_t>(v.tokens.size()), &t));
        v.tokens.push_back(std::move(t));
        if (static_cast<int64_t>(v.tokens.size()) > kMaxTokenId)
          return r.Error("more than 2^24 pieces");
      } else if (k.field == 2) {
        LINEAGE_RETURN_IF_ERROR(ReadTrainerSpec(r.Sub(sub), &v));
        have_specs = true;
      } else {
        LINEAGE_RETURN_IF_ERROR(ReadNormalizerSpec(r.Sub(sub), &v));
        have_specs = true;
      }
    } else {
      LINEAGE_RETURN_IF_ERROR(r.SkipField(k.wire));
    }
  }
  if (v.tokens.empty()) return Corrupt(name, "no pieces: not a SentencePiece model");
  // Writers put the pieces first and the specs after them, so a file cut at a piece boundary
  // parses as a valid prefix; the missing specs are what reveal it.
  if (!have_specs) {
    return Corrupt(name, r.offset(),
                   "no trainer_spec or normalizer_spec after the pieces: truncated file?");
  }
  LINEAGE_RETURN_IF_ERROR(RejectDuplicateSurfaces(name, v));
  LINEAGE_RETURN_IF_ERROR(FinalizeVocab(name, &v));
  return v;
}

std::optional<TokenKind> PieceTypeKind(int64_t type) {
  switch (type) {
    case 1:  // normal
    case 4:  // user-defined
      return TokenKind::kRegular;
    case 2:  // unknown
    case 3:  // control
      return TokenKind::kSpecial;
    case 5:  // unused
      return TokenKind::kUnused;
    case 6:  // byte
      return TokenKind::kByte;
    default:
      return std::nullopt;
  }
}

}  // namespace lineage
