#include "io/http/headers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

namespace lineage {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<unsigned> FixedDigits(std::string_view s) {
  unsigned v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v;
}

bool DaysInMonthOk(unsigned y, unsigned m, unsigned d) {
  static constexpr std::array<unsigned, 12> kDays = {31, 29, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

}  // namespace

std::string_view TrimHeaderValue(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() &&
         (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n'))
    v.remove_suffix(1);
  return v;
}

std::optional<uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::optional<ContentRange> ParseContentRange(std::string_view value) {
  value = TrimHeaderValue(value);
  constexpr std::string_view kUnit = "bytes ";
  if (value.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  value.remove_prefix(kUnit.size());
  const size_t dash = value.find('-');
  const size_t slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || dash > slash)
    return std::nullopt;
  auto first = ParseDecimal(value.substr(0, dash));
  auto last = ParseDecimal(value.substr(dash + 1, slash - dash - 1));
  auto total = ParseDecimal(value.substr(slash + 1));
  if (!first || !last || !total || *first > *last || *last >= *total) return std::nullopt;
  return ContentRange{*first, *last, *total};
}

std::optional<uint64_t> ParseContentLength(std::string_view value) {
  return ParseDecimal(TrimHeaderValue(value));
}

std::optional<int64_t> ParseHttpDate(std::string_view v) {
  v = TrimHeaderValue(v);
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 characters.
  if (v.size() != 29 || v[3] != ',' || v[4] != ' ' || v[7] != ' ' || v[11] != ' ' || v[16] != ' ' ||
      v[19] != ':' || v[22] != ':' || v[25] != ' ' || v.substr(26) != "GMT")
    return std::nullopt;
  static constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                            "Fri", "Sat", "Sun"};
  if (std::find(kDays.begin(), kDays.end(), v.substr(0, 3)) == kDays.end()) return std::nullopt;
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto mon = std::find(kMonths.begin(), kMonths.end(), v.substr(8, 3));
  if (mon == kMonths.end()) return std::nullopt;
  const unsigned month = static_cast<unsigned>(mon - kMonths.begin()) + 1;
  auto day = FixedDigits(v.substr(5, 2));
  auto year = FixedDigits(v.substr(12, 4));
  auto hh = FixedDigits(v.substr(17, 2));
  auto mm = FixedDigits(v.substr(20, 2));
  auto ss = FixedDigits(v.substr(23, 2));
  if (!day || !year || !hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 60 ||
      !DaysInMonthOk(*year, month, *day))
    return std::nullopt;
  return DaysFromCivil(*year, month, *day) * 86400 + *hh * 3600 + *mm * 60 + *ss;
}

std::optional<double> ParseRetryAfter(std::string_view value, int64_t now_unix, double cap_s) {
  value = TrimHeaderValue(value);
  double wait = 0;
  if (auto secs = ParseDecimal(value)) {
    wait = static_cast<double>(*secs);
  } else if (auto when = ParseHttpDate(value)) {
    wait = *when > now_unix ? static_cast<double>(*when - now_unix) : 0.0;
  } else {
    return std::nullopt;
  }
  return std::min(wait, cap_s);
}

std::optional<std::string> ParseEtag(std::string_view value) {
  value = TrimHeaderValue(value);
  if (value.substr(0, 2) == "W/") value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  if (value.empty() || value.size() > 256) return std::nullopt;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '\\') return std::nullopt;
  }
  return std::string(value);
}

std::optional<std::string> ParseCommitSha(std::string_view value) {
  value = TrimHeaderValue(value);
  if (value.size() != 40) return std::nullopt;
  std::string out(value);
  for (char& c : out) {
    if (!IsHex(c)) return std::nullopt;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace lineage
