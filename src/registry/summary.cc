#include "registry/summary.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lineage {
namespace {

double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

template <typename T>
void Put(std::vector<uint8_t>& out, T v) {
  const auto* b = reinterpret_cast<const uint8_t*>(&v);
  out.insert(out.end(), b, b + sizeof(T));
}

}  // namespace

ModelSummary SummarizeFingerprint(const Fingerprint& fp) {
  ModelSummary s;
  const size_t t = std::min<size_t>(kSummaryTokens, fp.embedding.token_hashes.size());
  s.token_hashes.assign(fp.embedding.token_hashes.begin(), fp.embedding.token_hashes.begin() + t);
  const size_t n = fp.blocks.size(), b = std::min<size_t>(kSummaryBlocks, n);
  for (size_t k = 0; k < b; ++k) {
    const BlockSketch& block = fp.blocks[b > 1 ? k * (n - 1) / (b - 1) : 0];
    const size_t m = block.units.size();
    std::vector<float> profile(t, 0.0f);
    for (size_t i = 0; i < t && m > 0; ++i) {
      double sum = 0;
      for (size_t u = 0; u < m; ++u)
        sum += double(block.gate_resp[i * m + u]) * block.gate_resp[i * m + u];
      profile[i] = static_cast<float>(sum / static_cast<double>(m));
    }
    s.profiles.push_back(std::move(profile));
  }
  return s;
}

double SummaryScore(const ModelSummary& a, const ModelSummary& b) {
  std::vector<std::pair<size_t, size_t>> shared;
  for (size_t i = 0, j = 0; i < a.token_hashes.size() && j < b.token_hashes.size();) {
    if (a.token_hashes[i] < b.token_hashes[j]) {
      ++i;
    } else if (b.token_hashes[j] < a.token_hashes[i]) {
      ++j;
    } else {
      shared.emplace_back(i++, j++);
    }
  }
  const size_t blocks = std::min(a.profiles.size(), b.profiles.size());
  if (shared.size() < 8 || blocks == 0) return -1;
  double total = 0;
  for (size_t k = 0; k < blocks; ++k) {
    std::vector<double> x, y;
    for (const auto& [i, j] : shared) {
      x.push_back(a.profiles[k][i]);
      y.push_back(b.profiles[k][j]);
    }
    total += Pearson(x, y);
  }
  return total / static_cast<double>(blocks);
}

std::vector<uint8_t> EncodeSummary(const ModelSummary& s) {
  std::vector<uint8_t> out;
  Put<uint32_t>(out, static_cast<uint32_t>(s.token_hashes.size()));
  Put<uint32_t>(out, static_cast<uint32_t>(s.profiles.size()));
  for (uint64_t h : s.token_hashes) Put(out, h);
  for (const auto& p : s.profiles)
    for (float v : p) Put(out, v);
  return out;
}

Result<ModelSummary> DecodeSummary(const std::string& what, const std::vector<uint8_t>& bytes) {
  uint32_t t = 0, b = 0;
  if (bytes.size() < 8) return Corrupt(what, "summary too short");
  std::memcpy(&t, bytes.data(), 4);
  std::memcpy(&b, bytes.data() + 4, 4);
  if (t > kSummaryTokens || b > kSummaryBlocks ||
      bytes.size() != 8 + uint64_t{t} * 8 + uint64_t{b} * t * 4) {
    return Corrupt(what, "summary lengths do not match its size");
  }
  ModelSummary s;
  s.token_hashes.resize(t);
  if (t > 0) std::memcpy(s.token_hashes.data(), bytes.data() + 8, t * 8);
  const uint8_t* p = bytes.data() + 8 + size_t{t} * 8;
  for (uint32_t k = 0; k < b; ++k) {
    std::vector<float> profile(t);
    if (t > 0) std::memcpy(profile.data(), p + size_t{k} * t * 4, size_t{t} * 4);
    s.profiles.push_back(std::move(profile));
  }
  return s;
}

}  // namespace lineage
