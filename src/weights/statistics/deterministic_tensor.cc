#include "weights/statistics/deterministic_tensor.h"

#include <cmath>

#include <fmt/format.h>

namespace lineage {

namespace {

constexpr double kTolerance = 1e-3;
constexpr uint64_t kMaxElements = uint64_t{1} << 24;

bool IsConstant(const Mat& m) {
  if (m.size() == 0) return false;
  const float first = m.data()[0];
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    if (m.data()[i] != first) return false;
  }
  return true;
}

// Row `pos` of a sinusoidal table over `cols` columns, shifted by `offset` positions.
double SinusoidAt(int64_t pos, int64_t col, int64_t cols, bool halves) {
  const int64_t half = cols / 2;
  int64_t i = halves ? col % half : col / 2;
  bool is_sin = halves ? col < half : col % 2 == 0;
  // Interleaved: frequency 1/10000^(2i/d); halves (fairseq/Whisper): 1/10000^(i/(half − 1)).
  const double exponent = halves ? static_cast<double>(i) / std::max<int64_t>(1, half - 1)
                                 : 2.0 * static_cast<double>(i) / static_cast<double>(cols);
  const double angle = static_cast<double>(pos) / std::pow(10000.0, exponent);
  return is_sin ? std::sin(angle) : std::cos(angle);
}

bool MatchesSinusoid(const Mat& m, int offset, bool halves) {
  const int64_t cols = m.cols();
  if (cols < 2 || cols % 2 != 0) return false;
  for (int64_t r = 0; r < m.rows(); ++r) {
    // Rows before the offset are padding rows (often zero) and are not checked.
    if (r < offset) continue;
    for (int64_t c = 0; c < cols; ++c) {
      if (std::abs(m(r, c) - SinusoidAt(r - offset, c, cols, halves)) > kTolerance) return false;
    }
  }
  return m.rows() > offset + 1;
}

bool IsSinusoidal(const Mat& m) {
  for (int offset : {0, 1, 2}) {
    for (bool halves : {false, true}) {
      if (MatchesSinusoid(m, offset, halves)) return true;
    }
  }
  return false;
}

// A single row (or column) x_i = θ^(−2i/d) with x_0 = 1: rotary inverse frequencies.
bool IsRotaryInvFreq(const Mat& m) {
  if (m.rows() != 1 && m.cols() != 1) return false;
  const Eigen::Index n = m.size();
  if (n < 2 || std::abs(m.data()[0] - 1.0) > kTolerance || !(m.data()[1] > 0)) return false;
  const double ratio = m.data()[1];  // θ^(−2/d), with d = 2n
  if (!(ratio < 1)) return false;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double expected = std::pow(ratio, static_cast<double>(i));
    if (std::abs(m.data()[i] - expected) > kTolerance * std::max(1e-3, expected)) return false;
  }
  return true;
}

}  // namespace

const char* DeterministicKindName(DeterministicKind k) {
  switch (k) {
    case DeterministicKind::kConstant:
      return "constant";
    case DeterministicKind::kSinusoidal:
      return "sinusoidal";
    case DeterministicKind::kRotaryInvFreq:
      return "rotary-inv-freq";
    case DeterministicKind::kNone:
      break;
  }
  return "";
}

DeterministicKind ClassifyDeterministic(const Mat& values) {
  if (IsConstant(values)) return DeterministicKind::kConstant;
  if (IsRotaryInvFreq(values)) return DeterministicKind::kRotaryInvFreq;
  if (IsSinusoidal(values)) return DeterministicKind::kSinusoidal;
  return DeterministicKind::kNone;
}

Result<std::string> MarkDeterministicTensors(const WeightSource& a,
                                             std::vector<TensorComparison>* tensors) {
  std::string names;
  for (TensorComparison& t : *tensors) {
    if (!t.value_identical) continue;
    DeterministicKind kind = DeterministicKind::kNone;
    if (t.sd_a == 0) {
      kind = DeterministicKind::kConstant;
    } else if (t.rows * t.cols <= kMaxElements) {
      LINEAGE_ASSIGN_OR_RETURN(Mat m, a.Read(t.key));
      kind = ClassifyDeterministic(m);
    }
    if (kind == DeterministicKind::kNone) continue;
    t.deterministic = DeterministicKindName(kind);
    names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", t.name, t.deterministic);
  }
  if (names.empty()) return std::string();
  return fmt::format(
      "deterministic by construction, equal in independent models, excluded from identity "
      "evidence: {}",
      names);
}

}  // namespace lineage
