#include "training/log_reader.h"

#include <cmath>
#include <cstdlib>
#include <map>

#include "io/byte_source.h"
#include "training/event_proto.h"
#include "training/tfrecord.h"
#include "util/json.h"

namespace lineage {
namespace {

constexpr uint64_t kMaxFileBytes = 1ull << 30;
constexpr size_t kMaxLine = 1 << 20;
constexpr size_t kMaxPoints = 50'000'000;

const char* const kStepNames[] = {"step", "global_step", "iteration",
                                  "iter", "_step",       "train/step"};
const char* const kLossNames[] = {"loss",    "train_loss", "train/loss",   "training_loss",
                                  "lm_loss", "loss/train", "train/lm_loss"};
const char* const kTokenNames[] = {"tokens",      "num_tokens",   "consumed_tokens",
                                   "tokens_seen", "train/tokens", "num_input_tokens_seen"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Index of the column to use for `names`, or -1.
int Pick(const std::vector<std::string>& cols, const char* const* names, size_t n) {
  for (size_t k = 0; k < n; ++k) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (Lower(cols[i]) == names[k]) return static_cast<int>(i);
    }
  }
  return -1;
}

int PickLoss(const std::vector<std::string>& cols) {
  int exact = Pick(cols, kLossNames, std::size(kLossNames));
  if (exact >= 0) return exact;
  for (size_t i = 0; i < cols.size(); ++i) {
    std::string c = Lower(cols[i]);
    if (c.find("loss") == std::string::npos) continue;
    if (c.find("val") != std::string::npos || c.find("eval") != std::string::npos ||
        c.find("test") != std::string::npos || c.find("scale") != std::string::npos) {
      continue;
    }
    return static_cast<int>(i);
  }
  return -1;
}

Status NoLoss(const std::string& name, const std::vector<std::string>& cols) {
  std::string seen;
  for (size_t i = 0; i < cols.size() && i < 20; ++i) seen += (i ? ", " : "") + cols[i];
  return InvalidArgument(
      name +
      ": no training-loss column (looked for loss, train_loss, train/loss, ...); "
      "columns seen: " +
      (seen.empty() ? "none" : seen));
}

bool ParseDouble(std::string_view s, double* out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\r')) s.remove_suffix(1);
  if (s.empty() || s.size() > 64) return false;
  std::string t(s);
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return false;
  *out = v;
  return true;
}

// Splits a CSV line on commas, honouring double quotes (no embedded newlines).
std::vector<std::string_view> SplitCsv(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && line[i] == '"') quoted = !quoted;
    if (i == line.size() || (line[i] == ',' && !quoted)) {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Calls fn(line, offset) for every line; lines longer than kMaxLine are an error.
template <typename Fn>
Status ForEachLine(std::string_view bytes, const std::string& name, Fn fn) {
  size_t off = 0;
  while (off < bytes.size()) {
    size_t nl = bytes.find('\n', off);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    if (end - off > kMaxLine) return Corrupt(name, off, "line longer than 1 MiB");
    LINEAGE_RETURN_IF_ERROR(fn(bytes.substr(off, end - off), off));
    off = end + 1;
  }
  return Status::Ok();
}

Status AddPoint(TrainingLog* log, const std::string& name, LogPoint p) {
  if (log->points.size() >= kMaxPoints) return Refused(name + ": more than 50 million log points");
  log->points.push_back(p);
  return Status::Ok();
}

Result<TrainingLog> ParseCsv(std::string_view bytes, const std::string& name) {
  TrainingLog log;
  log.source = name;
  log.format = "csv";
  std::vector<std::string> header;
  int step_col = -1, loss_col = -1, tok_col = -1;
  int64_t row = 0;
  Status st = ForEachLine(bytes, name, [&](std::string_view line, size_t off) -> Status {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') return Status::Ok();
    auto cells = SplitCsv(line);
    if (header.empty()) {
      for (auto c : cells) {
        std::string h(c);
        while (!h.empty() && (h.front() == ' ' || h.front() == '"')) h.erase(h.begin());
        while (!h.empty() && (h.back() == ' ' || h.back() == '"')) h.pop_back();
        header.push_back(h);
      }
      step_col = Pick(header, kStepNames, std::size(kStepNames));
      loss_col = PickLoss(header);
      tok_col = Pick(header, kTokenNames, std::size(kTokenNames));
      if (loss_col < 0) return NoLoss(name, header);
      log.loss_key = header[loss_col];
      if (tok_col >= 0) log.tokens_key = header[tok_col];
      return Status::Ok();
    }
    LogPoint p;
    double v;
    if (static_cast<size_t>(loss_col) >= cells.size() || !ParseDouble(cells[loss_col], &v) ||
        !std::isfinite(v)) {
      ++log.skipped;
      ++row;
      return Status::Ok();
    }
    p.loss = v;
    p.step = row;
    if (step_col >= 0 && static_cast<size_t>(step_col) < cells.size() &&
        ParseDouble(cells[step_col], &v) && std::isfinite(v) && std::fabs(v) < 9e18) {
      p.step = static_cast<int64_t>(v);
    }
    if (tok_col >= 0 && static_cast<size_t>(tok_col) < cells.size() &&
        ParseDouble(cells[tok_col], &v) && std::isfinite(v)) {
      p.tokens = v;
    }
    ++row;
    return AddPoint(&log, name, p);
  });
  if (!st.ok()) return st;
  if (header.empty()) return InvalidArgument(name + ": empty log (no header row)");
  return log;
}

Result<TrainingLog> ParseJsonl(std::string_view bytes, const std::string& name) {
  TrainingLog log;
  log.source = name;
  log.format = "jsonl";
  std::vector<std::string> keys_seen;
  int64_t row = 0;
  Status st = ForEachLine(bytes, name, [&](std::string_view line, size_t off) -> Status {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) return Status::Ok();
    Result<nlohmann::json> j = ParseJson(line, name, 32);
    if (!j.ok()) return Corrupt(name, off, "line is not valid JSON: " + j.status().message());
    if (!j->is_object()) return Corrupt(name, off, "line is not a JSON object");
    std::vector<std::string> keys;
    for (auto it = j->begin(); it != j->end(); ++it) {
      if (it->is_number()) keys.push_back(it.key());
    }
    if (keys_seen.size() < 64) {
      for (const auto& k : keys) {
        if (std::find(keys_seen.begin(), keys_seen.end(), k) == keys_seen.end())
          keys_seen.push_back(k);
      }
    }
    int li = PickLoss(keys);
    ++row;
    if (li < 0) {
      ++log.skipped;  // e.g. an eval-only or config line
      return Status::Ok();
    }
    if (log.loss_key.empty()) log.loss_key = keys[li];
    if (keys[li] != log.loss_key) {  // stay on one series
      ++log.skipped;
      return Status::Ok();
    }
    LogPoint p;
    p.loss = (*j)[keys[li]].get<double>();
    if (!std::isfinite(p.loss)) {
      ++log.skipped;
      return Status::Ok();
    }
    p.step = row - 1;
    if (int si = Pick(keys, kStepNames, std::size(kStepNames)); si >= 0) {
      double s = (*j)[keys[si]].get<double>();
      if (std::isfinite(s) && std::fabs(s) < 9e18) p.step = static_cast<int64_t>(s);
    }
    if (int ti = Pick(keys, kTokenNames, std::size(kTokenNames)); ti >= 0) {
      p.tokens = (*j)[keys[ti]].get<double>();
      log.tokens_key = keys[ti];
    }
    return AddPoint(&log, name, p);
  });
  if (!st.ok()) return st;
  if (log.loss_key.empty()) return NoLoss(name, keys_seen);
  return log;
}

Result<TrainingLog> ParseTensorBoard(std::string_view bytes, const std::string& name) {
  TrainingLog log;
  log.source = name;
  log.format = "tensorboard";
  // First pass collects every scalar; the loss tag is chosen once all tags are known.
  struct Tagged {
    int64_t step;
    std::string tag;
    double value;
  };
  std::vector<Tagged> all;
  std::vector<std::string> tags;
  Status st = ReadTfRecords(bytes, name, [&](std::string_view rec, uint64_t off) -> Status {
    LINEAGE_ASSIGN_OR_RETURN(Event ev, ParseEvent(rec, name, off + 12));
    for (auto& sv : ev.scalars) {
      if (all.size() >= kMaxPoints) return Refused(name + ": more than 50 million scalars");
      if (std::find(tags.begin(), tags.end(), sv.tag) == tags.end() && tags.size() < 10000)
        tags.push_back(sv.tag);
      all.push_back({ev.step, std::move(sv.tag), sv.value});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  int li = PickLoss(tags);
  if (li < 0) return NoLoss(name, tags);
  log.loss_key = tags[li];
  int ti = Pick(tags, kTokenNames, std::size(kTokenNames));
  if (ti >= 0) log.tokens_key = tags[ti];
  std::map<int64_t, double> tokens_at;
  if (ti >= 0) {
    for (const auto& t : all) {
      if (t.tag == log.tokens_key) tokens_at[t.step] = t.value;
    }
  }
  for (const auto& t : all) {
    if (t.tag != log.loss_key) continue;
    if (!std::isfinite(t.value)) {
      ++log.skipped;
      continue;
    }
    LogPoint p{t.step, t.value, std::nullopt};
    if (auto it = tokens_at.find(t.step); it != tokens_at.end()) p.tokens = it->second;
    log.points.push_back(p);
  }
  return log;
}

}  // namespace

Result<TrainingLog> ParseTrainingLog(std::string_view bytes, const std::string& name) {
  if (LooksLikeTfRecord(bytes)) return ParseTensorBoard(bytes, name);
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && bytes[first] == '{') return ParseJsonl(bytes, name);
  if (first == std::string_view::npos) return InvalidArgument(name + ": empty log");
  return ParseCsv(bytes, name);
}

Result<TrainingLog> ReadTrainingLog(const std::string& path) {
  LINEAGE_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src, OpenMappedFile(path));
  if (src->size() > kMaxFileBytes) return Refused(path + ": log larger than 1 GiB");
  std::vector<uint8_t> copy;
  const char* data = reinterpret_cast<const char*>(src->data());
  if (!data && src->size() > 0) {
    LINEAGE_ASSIGN_OR_RETURN(copy, ReadWholeFile(path, kMaxFileBytes));
    data = reinterpret_cast<const char*>(copy.data());
  }
  return ParseTrainingLog(std::string_view(data ? data : "", src->size()), path);
}

}  // namespace lineage
