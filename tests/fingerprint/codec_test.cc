// The fingerprint file format (fingerprint/codec.h): round trip, determinism, and every bad input
// the contract names gives a clear error that names the file.
#include "fingerprint/codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fingerprint/build.h"
#include "fingerprint/fixtures.h"
#include "model/model.h"
#include "test_util.h"
#include "tokenizer/vocab.h"
#include "weights/hash/sha256.h"

namespace lineage {
namespace {

using testing::ExampleFingerprint;

// Replaces the trailing checksum so that a change in the body reaches the section parser.
void Reseal(std::vector<uint8_t>& bytes) {
  Sha256 h;
  h.Update(bytes.data(), bytes.size() - 64);
  const std::string sum = h.HexDigest();
  std::copy(sum.begin(), sum.end(), bytes.end() - 64);
}

TEST(FingerprintCodec, RoundTripKeepsEveryField) {
  const Fingerprint& fp = ExampleFingerprint("base");
  ASSERT_FALSE(fp.blocks.empty());
  const std::vector<uint8_t> bytes = EncodeFingerprint(fp);
  Result<Fingerprint> back = DecodeFingerprint("base.lfp", bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(EncodeFingerprint(*back), bytes);
  EXPECT_EQ(back->provenance.reference, fp.provenance.reference);
  EXPECT_EQ(back->provenance.files.size(), fp.provenance.files.size());
  EXPECT_EQ(back->tokenizer.token_hashes, fp.tokenizer.token_hashes);
  EXPECT_EQ(back->tokenizer.token_ids, fp.tokenizer.token_ids);
  EXPECT_EQ(back->config.shape, fp.config.shape);
  EXPECT_EQ(back->tensors.size(), fp.tensors.size());
  EXPECT_EQ(back->embedding.rows, fp.embedding.rows);
  ASSERT_EQ(back->blocks.size(), fp.blocks.size());
  EXPECT_EQ(back->blocks[2].units, fp.blocks[2].units);
  EXPECT_EQ(back->blocks[2].up_resp, fp.blocks[2].up_resp);
}

TEST(FingerprintCodec, SameModelAndSeedGiveTheSameBytesAndAnotherSeedOthers) {
  Result<Model> m = LoadModel(testing::Example("models/ft-sft"));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  FingerprintOptions one;
  one.threads = 1;
  Result<Fingerprint> a = BuildFingerprint(*m, one);
  Result<Fingerprint> b = BuildFingerprint(*m, FingerprintOptions{});
  FingerprintOptions other;
  other.seed = 7;
  Result<Fingerprint> c = BuildFingerprint(*m, other);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(EncodeFingerprint(*a), EncodeFingerprint(*b));
  EXPECT_EQ(c->projection_seed, 7u);
  EXPECT_NE(EncodeFingerprint(*a), EncodeFingerprint(*c));
  // The examples' vocabulary has fewer regular tokens than kSketchTokens, so every seed keeps all
  // of them; the seed orders the candidates by ProbeKey, which it changes.
  EXPECT_EQ(a->embedding.token_hashes, c->embedding.token_hashes);
  const uint64_t h = a->embedding.token_hashes.front();
  EXPECT_NE(ProbeKey(h, kDefaultProjectionSeed), ProbeKey(h, 7));
}

TEST(FingerprintCodec, FileRoundTripAndSeedCheck) {
  const std::string path = testing::TempDir("fp") + "/base.lfp";
  ASSERT_TRUE(WriteFingerprintFile(path, ExampleFingerprint("base")).ok());
  EXPECT_TRUE(ReadFingerprintFile(path, kDefaultProjectionSeed).ok());
  Result<Fingerprint> other = ReadFingerprintFile(path, 1234);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find(path), std::string::npos);
  EXPECT_NE(other.status().message().find("projection seed"), std::string::npos);
}

TEST(FingerprintCodec, TruncatedCorruptAndOtherVersionAreRefusedWithTheFileName) {
  const std::vector<uint8_t> good = EncodeFingerprint(ExampleFingerprint("base"));
  auto expect_error = [](const std::vector<uint8_t>& bytes, const std::string& needle) {
    Result<Fingerprint> r = DecodeFingerprint("bad.lfp", bytes);
    ASSERT_FALSE(r.ok()) << needle;
    EXPECT_NE(r.status().message().find("bad.lfp"), std::string::npos) << r.status().ToString();
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().ToString();
  };
  for (size_t cut : {size_t{0}, size_t{10}, size_t{100}, good.size() / 2, good.size() - 1}) {
    expect_error(std::vector<uint8_t>(good.begin(), good.begin() + static_cast<long>(cut)),
                 cut < 88 ? "too short" : "checksum");
  }
  std::vector<uint8_t> flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  expect_error(flipped, "checksum");
  std::vector<uint8_t> magic = good;
  magic[0] = 'X';
  expect_error(magic, "not a lineage fingerprint");
  std::vector<uint8_t> version = good;
  version[8] = 2;
  expect_error(version, "fingerprint version 2");
}

TEST(FingerprintCodec, ResealedLiesInsideSectionsAreCaught) {
  const std::vector<uint8_t> good = EncodeFingerprint(ExampleFingerprint("base"));
  // Section count, first section tag and first section length (header is 24 bytes).
  for (size_t at : {size_t{20}, size_t{24}, size_t{28}, size_t{35}}) {
    std::vector<uint8_t> bad = good;
    bad[at] ^= 0x5A;
    Reseal(bad);
    Result<Fingerprint> r = DecodeFingerprint("lie.lfp", bad);
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_NE(r.status().message().find("lie.lfp"), std::string::npos);
  }
  // Every byte of the body flipped in turn (a sparse sweep): never a crash, never a silent
  // partial result: either an error, or a fingerprint that encodes back to the same bytes.
  const size_t step = good.size() / 50 + 1;
  for (size_t at = 24; at + 64 < good.size(); at += step) {
    std::vector<uint8_t> bad = good;
    bad[at] ^= 0xFF;
    Reseal(bad);
    Result<Fingerprint> r = DecodeFingerprint("sweep.lfp", bad);
    if (r.ok()) {
      EXPECT_EQ(EncodeFingerprint(*r), bad) << at;
    }
  }
}

// A vocabulary of 3000 short tokens: the seed decides which kSketchTokens are kept; the choice
// follows token strings, not ids (the same strings under other ids give the same hashes).
TEST(FingerprintCodec, ProbeTokensFollowTheSeedAndTheStringsNotTheIds) {
  Vocab v, shuffled;
  for (int i = 0; i < 3000; ++i) {
    Token t;
    t.id = i;
    t.bytes = "t" + std::to_string(i);
    v.tokens.push_back(t);
    t.id = 2999 - i;
    shuffled.tokens.push_back(t);
  }
  const auto a = SelectProbeTokens(&v, 3000, kDefaultProjectionSeed);
  const auto b = SelectProbeTokens(&v, 3000, 99);
  const auto c = SelectProbeTokens(&shuffled, 3000, kDefaultProjectionSeed);
  ASSERT_EQ(a.size(), kSketchTokens);
  EXPECT_EQ(a, SelectProbeTokens(&v, 3000, kDefaultProjectionSeed));
  EXPECT_NE(a, b);
  ASSERT_EQ(c.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].first, c[i].first);
    EXPECT_EQ(c[i].second, 2999 - a[i].second);
  }
  // Rows beyond the embedding are never chosen.
  for (const auto& p : SelectProbeTokens(&v, 100, 5)) EXPECT_LT(p.second, 100);
}

}  // namespace
}  // namespace lineage
