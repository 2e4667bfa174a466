#include "weights/calibration/calibration_panel.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "io/byte_source.h"
#include "util/data_dir.h"
#include "util/json.h"
#include "weights/calibration/model_identity.h"

namespace lineage {

namespace fs = std::filesystem;

namespace {

using J = nlohmann::ordered_json;

constexpr uint64_t kMaxPanelFileBytes = uint64_t{64} << 20;
constexpr size_t kMaxLineBytes = size_t{1} << 20;
constexpr int kMaxRecordDepth = 16;
constexpr size_t kMaxStringBytes = 4096;
constexpr size_t kMaxListItems = 4096;
// Widths, counts and sizes beyond this are not a model shape: refuse rather than trust them.
constexpr double kMaxCount = 1e12;

// Field access with errors that name the record ("file:line") and the key path.
class Fields {
 public:
  Fields(const nlohmann::json& j, std::string where, std::string path)
      : j_(j), where_(std::move(where)), path_(std::move(path)) {}

  Status Object() const {
    return j_.is_object() ? Status::Ok() : Bad(path_.empty() ? "record" : path_, "not an object");
  }
  bool Has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

  Status Str(const char* key, std::string* out, bool required = true) const {
    if (!Has(key)) return required ? Bad(Path(key), "missing") : Status::Ok();
    const nlohmann::json& v = j_.at(key);
    if (!v.is_string()) return Bad(Path(key), "not a string");
    if (v.get_ref<const std::string&>().size() > kMaxStringBytes) {
      return Bad(Path(key), "longer than " + std::to_string(kMaxStringBytes) + " bytes");
    }
    *out = v.get<std::string>();
    return Status::Ok();
  }
  Status Num(const char* key, double* out, double lo, double hi) const {
    if (!Has(key)) return Bad(Path(key), "missing");
    return NumValue(j_.at(key), Path(key), out, lo, hi);
  }
  Status Count(const char* key, int64_t* out) const {
    double v = 0;
    LINEAGE_RETURN_IF_ERROR(Num(key, &v, 0, kMaxCount));
    if (v != std::floor(v)) return Bad(Path(key), "not an integer");
    *out = static_cast<int64_t>(v);
    return Status::Ok();
  }
  // A [candidate, base] pair of counts.
  Status CountPair(const char* key, int64_t* a, int64_t* b) const {
    if (!Has(key)) return Bad(Path(key), "missing");
    const nlohmann::json& v = j_.at(key);
    if (!v.is_array() || v.size() != 2) return Bad(Path(key), "not a [candidate, base] pair");
    double x[2];
    for (int i = 0; i < 2; ++i) {
      LINEAGE_RETURN_IF_ERROR(
          NumValue(v[i], Path(key) + "[" + std::to_string(i) + "]", &x[i], 0, kMaxCount));
      if (x[i] != std::floor(x[i])) return Bad(Path(key), "not integers");
    }
    *a = static_cast<int64_t>(x[0]);
    *b = static_cast<int64_t>(x[1]);
    return Status::Ok();
  }
  Status StrPair(const char* key, std::string* a, std::string* b) const {
    if (!Has(key)) return Bad(Path(key), "missing");
    const nlohmann::json& v = j_.at(key);
    if (!v.is_array() || v.size() != 2 || !v[0].is_string() || !v[1].is_string()) {
      return Bad(Path(key), "not a [candidate, base] pair of strings");
    }
    *a = v[0].get<std::string>();
    *b = v[1].get<std::string>();
    if (a->size() > kMaxStringBytes || b->size() > kMaxStringBytes)
      return Bad(Path(key), "too long");
    return Status::Ok();
  }
  Status NumList(const char* key, std::vector<double>* out, double lo, double hi) const {
    if (!Has(key)) return Status::Ok();
    const nlohmann::json& v = j_.at(key);
    if (!v.is_array()) return Bad(Path(key), "not a list");
    if (v.size() > kMaxListItems)
      return Bad(Path(key), "more than " + std::to_string(kMaxListItems) + " items");
    for (size_t i = 0; i < v.size(); ++i) {
      double x = 0;
      LINEAGE_RETURN_IF_ERROR(
          NumValue(v[i], Path(key) + "[" + std::to_string(i) + "]", &x, lo, hi));
      out->push_back(x);
    }
    return Status::Ok();
  }
  Fields Sub(const char* key) const {
    static const nlohmann::json kNull;
    return Fields(Has(key) ? j_.at(key) : kNull, where_, Path(key));
  }
  Status Bad(const std::string& path, const std::string& what) const {
    return Corrupt(where_, "calibration record: " + path + ": " + what);
  }
  const nlohmann::json& json() const { return j_; }
  const std::string& where() const { return where_; }
  std::string Path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  Status NumValue(const nlohmann::json& v, const std::string& path, double* out, double lo,
                  double hi) const {
    if (!v.is_number()) return Bad(path, "not a number");
    double x = v.get<double>();
    if (!std::isfinite(x)) return Bad(path, "not finite");
    if (x < lo || x > hi) return Bad(path, fmt::format("{} outside [{}, {}]", x, lo, hi));
    *out = x;
    return Status::Ok();
  }

  const nlohmann::json& j_;
  std::string where_;
  std::string path_;
};

bool IsHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status ParseModel(const Fields& f, PanelModel* m) {
  LINEAGE_RETURN_IF_ERROR(f.Object());
  LINEAGE_RETURN_IF_ERROR(f.Str("path", &m->path));
  LINEAGE_RETURN_IF_ERROR(f.Str("fingerprint", &m->fingerprint));
  if (!IsHex64(m->fingerprint)) return f.Bad(f.Path("fingerprint"), "not 64 lower-case hex digits");
  LINEAGE_RETURN_IF_ERROR(f.Str("lineage", &m->lineage, /*required=*/false));
  if (!f.Has("files")) return Status::Ok();
  const nlohmann::json& files = f.json().at("files");
  if (!files.is_array()) return f.Bad(f.Path("files"), "not a list");
  if (files.size() > kMaxListItems) return f.Bad(f.Path("files"), "too many files");
  for (size_t i = 0; i < files.size(); ++i) {
    Fields ff(files[i], f.where(), f.Path("files") + "[" + std::to_string(i) + "]");
    LINEAGE_RETURN_IF_ERROR(ff.Object());
    FileDigest d;
    int64_t bytes = 0;
    LINEAGE_RETURN_IF_ERROR(ff.Str("path", &d.path));
    LINEAGE_RETURN_IF_ERROR(ff.Count("bytes", &bytes));
    LINEAGE_RETURN_IF_ERROR(ff.Str("sha256", &d.sha256));
    if (!IsHex64(d.sha256)) return ff.Bad(ff.Path("sha256"), "not 64 lower-case hex digits");
    d.bytes = static_cast<uint64_t>(bytes);
    m->files.push_back(std::move(d));
  }
  return Status::Ok();
}

Status ParseShape(const Fields& f, PairShape* s) {
  LINEAGE_RETURN_IF_ERROR(f.Object());
  int64_t ha = 0, hb = 0, ka = 0, kb = 0;
  LINEAGE_RETURN_IF_ERROR(f.StrPair("family", &s->family_a, &s->family_b));
  LINEAGE_RETURN_IF_ERROR(f.CountPair("residual", &s->residual_a, &s->residual_b));
  LINEAGE_RETURN_IF_ERROR(f.CountPair("mlp_width", &s->mlp_width_a, &s->mlp_width_b));
  LINEAGE_RETURN_IF_ERROR(f.CountPair("heads", &ha, &hb));
  LINEAGE_RETURN_IF_ERROR(f.CountPair("kv_heads", &ka, &kb));
  if (std::max({ha, hb, ka, kb}) > (int64_t{1} << 30))
    return f.Bad(f.Path("heads"), "too many heads");
  s->heads_a = static_cast<int>(ha);
  s->heads_b = static_cast<int>(hb);
  s->kv_heads_a = static_cast<int>(ka);
  s->kv_heads_b = static_cast<int>(kb);
  return Status::Ok();
}

Status BlockCount(const Fields& f, int* out) {
  int64_t b = 0;
  LINEAGE_RETURN_IF_ERROR(f.Count("blocks", &b));
  if (b < 1 || b > (int64_t{1} << 20)) return f.Bad(f.Path("blocks"), "must be 1 to 2^20");
  *out = static_cast<int>(b);
  return Status::Ok();
}

Status ParseS2(const Fields& f, S2Stat* s) {
  LINEAGE_RETURN_IF_ERROR(f.Object());
  LINEAGE_RETURN_IF_ERROR(f.Str("definition", &s->definition));
  LINEAGE_RETURN_IF_ERROR(f.Num("agreement", &s->agreement, 0, 1));
  LINEAGE_RETURN_IF_ERROR(BlockCount(f, &s->blocks));
  LINEAGE_RETURN_IF_ERROR(f.Count("units", &s->units));
  LINEAGE_RETURN_IF_ERROR(f.Count("probes", &s->probes));
  return f.NumList("per_block", &s->per_block, 0, 1);
}

Status ParseS4(const Fields& f, S4Stat* s) {
  LINEAGE_RETURN_IF_ERROR(f.Object());
  LINEAGE_RETURN_IF_ERROR(f.Str("definition", &s->definition));
  LINEAGE_RETURN_IF_ERROR(f.Num("score", &s->score, -1, 1));
  LINEAGE_RETURN_IF_ERROR(BlockCount(f, &s->blocks));
  return f.Count("probes", &s->probes);
}

Status ParseCka(const Fields& f, CkaStat* s) {
  LINEAGE_RETURN_IF_ERROR(f.Object());
  LINEAGE_RETURN_IF_ERROR(f.Str("definition", &s->definition));
  // Unbiased CKA can be slightly negative or exceed 1 in small samples; bound it loosely.
  LINEAGE_RETURN_IF_ERROR(f.Num("q", &s->q, -10, 10));
  LINEAGE_RETURN_IF_ERROR(f.Num("k", &s->k, -10, 10));
  LINEAGE_RETURN_IF_ERROR(BlockCount(f, &s->blocks));
  return f.Count("dims", &s->dims);
}

J ModelJson(const PanelModel& m) {
  J files = J::array();
  for (const FileDigest& d : m.files) {
    files.push_back({{"path", d.path}, {"bytes", d.bytes}, {"sha256", d.sha256}});
  }
  J j = {{"path", m.path}, {"fingerprint", m.fingerprint}};
  if (!m.lineage.empty()) j["lineage"] = m.lineage;
  j["files"] = files;
  return j;
}

bool SameFamilies(const PairShape& a, const PairShape& b) {
  return a.family_a == b.family_a && a.family_b == b.family_b && a.residual_a == b.residual_a &&
         a.residual_b == b.residual_b;
}

Status ReadPanelFile(const std::string& path, CalibrationPanels* out) {
  Result<std::unique_ptr<ByteSource>> src = OpenMappedFile(path);
  if (!src.ok()) return src.status();
  const uint64_t size = (*src)->size();
  if (size > kMaxPanelFileBytes) {
    return Refused(path + ": calibration panel larger than " +
                   std::to_string(kMaxPanelFileBytes >> 20) + " MB");
  }
  std::string text(size, '\0');
  LINEAGE_RETURN_IF_ERROR(
      (*src)->ReadAt(0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(text.data()), size)));
  const std::string panel_id = fs::path(path).stem().string();
  size_t start = 0;
  for (int line = 1; start < text.size(); ++line) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view row(text.data() + start, end - start);
    start = end + 1;
    const std::string where = path + ":" + std::to_string(line);
    if (row.size() > kMaxLineBytes) {
      return Corrupt(where,
                     "calibration record longer than " + std::to_string(kMaxLineBytes) + " bytes");
    }
    size_t first = row.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || row[first] == '#') continue;
    LINEAGE_ASSIGN_OR_RETURN(PanelRecord r, ParsePanelRecord(row, where));
    r.panel_id = panel_id;
    r.origin = where;
    out->records.push_back(std::move(r));
  }
  out->files.push_back(path);
  return Status::Ok();
}

}  // namespace

RobustStats MeasuredRobustStats(const WeightsResult& r, const WeightLayout& cand,
                                const WeightLayout& base) {
  RobustStats s;
  const DerivationDiagnostics& d = r.diagnostics;
  s.shape.family_a = cand.architecture;
  s.shape.family_b = base.architecture;
  s.shape.residual_a = d.residual_a;
  s.shape.residual_b = d.residual_b;
  s.shape.mlp_width_a = d.mlp_width_a;
  s.shape.mlp_width_b = d.mlp_width_b;
  s.shape.heads_a = cand.num_heads;
  s.shape.heads_b = base.num_heads;
  s.shape.kv_heads_a = cand.num_kv_heads;
  s.shape.kv_heads_b = base.num_kv_heads;
  if (r.gate_up_agreement) {
    // The trunk S2 is the mean over the blocks that carry the panel (pair_analysis.h).
    S2Stat s2;
    s2.agreement = *r.gate_up_agreement;
    for (const BlockResult& b : r.blocks) {
      if (!b.robust_set || !b.gate_up_agreement || !b.test.gate_up) continue;
      s2.per_block.push_back(*b.gate_up_agreement);
      s2.units = std::max(s2.units, b.test.gate_up->units_tested);
      s2.probes = b.test.gate_up->n_probes;
    }
    s2.blocks = static_cast<int>(s2.per_block.size());
    if (s2.blocks > 0) s.s2 = std::move(s2);
  }
  if (r.huref && r.huref->blocks > 0) {
    S4Stat s4;
    s4.score = r.huref->score;
    s4.blocks = r.huref->blocks;
    s4.probes = r.huref->probes;
    s.s4 = s4;
  }
  CkaStat cka;
  for (const BlockResult& b : r.blocks) {
    if (!b.diagonal || !b.test.cka_q || !b.test.cka_k) continue;
    cka.q += *b.test.cka_q;
    cka.k += *b.test.cka_k;
    cka.dims = b.test.cka_dims;
    ++cka.blocks;
  }
  if (cka.blocks > 0) {
    cka.q /= cka.blocks;
    cka.k /= cka.blocks;
    s.cka = cka;
  }
  return s;
}

nlohmann::ordered_json PanelRecordToJson(const PanelRecord& r) {
  const PairShape& s = r.stats.shape;
  J j;
  j["format"] = kPanelFormat;
  j["version"] = fmt::format("{}.{}", kPanelFormatMajor, kPanelFormatMinor);
  j["candidate"] = ModelJson(r.candidate);
  j["base"] = ModelJson(r.base);
  j["shape"] = {{"family", {s.family_a, s.family_b}},
                {"residual", {s.residual_a, s.residual_b}},
                {"mlp_width", {s.mlp_width_a, s.mlp_width_b}},
                {"heads", {s.heads_a, s.heads_b}},
                {"kv_heads", {s.kv_heads_a, s.kv_heads_b}}};
  if (r.stats.s2) {
    const S2Stat& x = *r.stats.s2;
    j["s2"] = {{"definition", x.definition}, {"agreement", x.agreement},
               {"blocks", x.blocks},         {"units", x.units},
               {"probes", x.probes},         {"per_block", x.per_block}};
  }
  if (r.stats.s4) {
    const S4Stat& x = *r.stats.s4;
    j["s4"] = {{"definition", x.definition},
               {"score", x.score},
               {"blocks", x.blocks},
               {"probes", x.probes}};
  }
  if (r.stats.cka) {
    const CkaStat& x = *r.stats.cka;
    j["cka"] = {{"definition", x.definition},
                {"q", x.q},
                {"k", x.k},
                {"blocks", x.blocks},
                {"dims", x.dims}};
  }
  j["tool_version"] = r.tool_version;
  j["seed"] = r.seed;
  j["date"] = r.date;
  j["how"] = r.how;
  j["same_data"] = r.same_data;
  return j;
}

Result<PanelRecord> ParsePanelRecord(std::string_view line, const std::string& where) {
  LINEAGE_ASSIGN_OR_RETURN(nlohmann::json j, ParseJson(line, where, kMaxRecordDepth));
  Fields f(j, where, "");
  LINEAGE_RETURN_IF_ERROR(f.Object());
  std::string format, version;
  LINEAGE_RETURN_IF_ERROR(f.Str("format", &format));
  if (format != kPanelFormat) return f.Bad("format", "'" + format + "' is not " + kPanelFormat);
  LINEAGE_RETURN_IF_ERROR(f.Str("version", &version));
  const size_t dot = version.find('.');
  const std::string major = version.substr(0, dot);
  if (major.empty() || major.size() > 6 ||
      !std::all_of(major.begin(), major.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return f.Bad("version", "'" + version + "' is not MAJOR.MINOR");
  }
  if (std::stoi(major) != kPanelFormatMajor) {
    return f.Bad("version", fmt::format("major version {} is not supported (this lineage reads {})",
                                        major, kPanelFormatMajor));
  }
  PanelRecord r;
  LINEAGE_RETURN_IF_ERROR(ParseModel(f.Sub("candidate"), &r.candidate));
  LINEAGE_RETURN_IF_ERROR(ParseModel(f.Sub("base"), &r.base));
  LINEAGE_RETURN_IF_ERROR(ParseShape(f.Sub("shape"), &r.stats.shape));
  if (f.Has("s2")) LINEAGE_RETURN_IF_ERROR(ParseS2(f.Sub("s2"), &r.stats.s2.emplace()));
  if (f.Has("s4")) LINEAGE_RETURN_IF_ERROR(ParseS4(f.Sub("s4"), &r.stats.s4.emplace()));
  if (f.Has("cka")) LINEAGE_RETURN_IF_ERROR(ParseCka(f.Sub("cka"), &r.stats.cka.emplace()));
  if (!r.stats.s2 && !r.stats.s4 && !r.stats.cka) return f.Bad("s2", "no statistic in the record");
  double seed = 0;
  LINEAGE_RETURN_IF_ERROR(f.Str("tool_version", &r.tool_version));
  LINEAGE_RETURN_IF_ERROR(f.Num("seed", &seed, 0, 18446744073709551615.0));
  // Seeds are integers; JSON integers above 2^53 keep their exact value in nlohmann's uint64.
  r.seed = j.at("seed").is_number_unsigned() ? j.at("seed").get<uint64_t>()
                                             : static_cast<uint64_t>(seed);
  if (!j.at("seed").is_number_integer()) return f.Bad("seed", "not a non-negative integer");
  LINEAGE_RETURN_IF_ERROR(f.Str("date", &r.date));
  LINEAGE_RETURN_IF_ERROR(f.Str("how", &r.how));
  if (r.how.empty())
    return f.Bad("how", "empty: a record must say how the pair is known to be independent");
  if (f.Has("same_data")) {
    if (!j.at("same_data").is_boolean()) return f.Bad("same_data", "not true or false");
    r.same_data = j.at("same_data").get<bool>();
  }
  return r;
}

Result<CalibrationPanels> LoadCalibrationPanels(const std::vector<std::string>& dirs,
                                                const std::vector<std::string>& files) {
  CalibrationPanels out;
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return NotFound(dir + ": calibration directory not found");
    std::vector<std::string> found;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".jsonl" && it->is_regular_file(ec)) {
        found.push_back(it->path().string());
      }
      if (found.size() > kMaxListItems) return Refused(dir + ": too many calibration files");
    }
    if (ec) return IoError(dir + ": cannot list calibration directory: " + ec.message());
    std::sort(found.begin(), found.end());  // directory order is unspecified
    for (const std::string& f : found) LINEAGE_RETURN_IF_ERROR(ReadPanelFile(f, &out));
  }
  for (const std::string& f : files) LINEAGE_RETURN_IF_ERROR(ReadPanelFile(f, &out));
  return out;
}

Result<std::string> DefaultCalibrationDir() {
  return RequireShippedDataDir("LINEAGE_CALIBRATION",
                               {"data/calibration", "share/lineage/calibration"},
                               "calibration panel");
}

bool ComparableS2(const PanelRecord& rec, const RobustStats& m) {
  if (!rec.stats.s2 || !m.s2) return false;
  const S2Stat& a = *rec.stats.s2;
  const S2Stat& b = *m.s2;
  const PairShape& x = rec.stats.shape;
  const PairShape& y = m.shape;
  return a.definition == b.definition && SameFamilies(x, y) && x.mlp_width_a == y.mlp_width_a &&
         x.mlp_width_b == y.mlp_width_b && a.units == b.units && a.probes == b.probes &&
         a.blocks == b.blocks;
}

bool ComparableS4(const PanelRecord& rec, const RobustStats& m) {
  if (!rec.stats.s4 || !m.s4) return false;
  const S4Stat& a = *rec.stats.s4;
  const S4Stat& b = *m.s4;
  const PairShape& x = rec.stats.shape;
  const PairShape& y = m.shape;
  return a.definition == b.definition && SameFamilies(x, y) && x.heads_a == y.heads_a &&
         x.heads_b == y.heads_b && x.kv_heads_a == y.kv_heads_a && x.kv_heads_b == y.kv_heads_b &&
         a.probes == b.probes && a.blocks == b.blocks;
}

std::string TrainedPanels::Sources() const {
  std::vector<std::string> ids;
  for (const std::optional<RobustPanel>* p : {&s2, &s4}) {
    if (*p && std::find(ids.begin(), ids.end(), (*p)->source) == ids.end())
      ids.push_back((*p)->source);
  }
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

namespace {

// The models under test as the panels know them: their fingerprints, and the lineage ids that
// records give those fingerprints (leave-lineage-out; a model the panels do not know has none).
struct UnderTest {
  std::set<std::string> fingerprints, lineages;

  UnderTest(const CalibrationPanels& panels, const std::string& fp_a, const std::string& fp_b)
      : fingerprints{fp_a, fp_b} {
    for (const PanelRecord& r : panels.records) {
      for (const PanelModel* m : {&r.candidate, &r.base}) {
        if (!m->lineage.empty() && fingerprints.count(m->fingerprint)) lineages.insert(m->lineage);
      }
    }
  }
  bool Related(const PanelModel& m) const {
    return fingerprints.count(m.fingerprint) || (!m.lineage.empty() && lineages.count(m.lineage));
  }
};

// One statistic's panel: comparable records, minus the relatives of the models under test, each
// unordered pair of models once. Fewer than min_records values → none, with the reason in notes.
std::optional<RobustPanel> SelectPanel(const CalibrationPanels& panels, const RobustStats& measured,
                                       const UnderTest& under_test, int min_records,
                                       const char* name,
                                       bool (*comparable)(const PanelRecord&, const RobustStats&),
                                       double (*value)(const PanelRecord&),
                                       std::vector<std::string>* notes) {
  RobustPanel p;
  std::set<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> ids;
  int comparable_count = 0, related = 0, duplicate = 0;
  for (const PanelRecord& r : panels.records) {
    if (!comparable(r, measured)) continue;
    ++comparable_count;
    // Leave lineage out: a record that involves a model under test, or a relative of one, would
    // put the pair's own lineage into its null.
    if (under_test.Related(r.candidate) || under_test.Related(r.base)) {
      ++related;
      continue;
    }
    auto key = std::minmax(r.candidate.fingerprint, r.base.fingerprint);
    if (!pairs.insert({key.first, key.second}).second) {
      ++duplicate;
      continue;
    }
    p.values.push_back(value(r));
    p.same_data_records += r.same_data ? 1 : 0;
    if (std::find(ids.begin(), ids.end(), r.panel_id) == ids.end()) ids.push_back(r.panel_id);
  }
  const std::string counts = fmt::format(
      "{} comparable record(s), {} left out as involving a model under test or its lineage, {} "
      "duplicate pair(s), {} same-data pair(s) kept",
      comparable_count, related, duplicate, p.same_data_records);
  if (static_cast<int>(p.values.size()) < min_records) {
    notes->push_back(fmt::format(
        "{}: no comparable trained-independent calibration panel ({}; {} needed): calibrated "
        "against random-init replicas only",
        name, counts, min_records));
    return std::nullopt;
  }
  for (const std::string& id : ids) p.source += (p.source.empty() ? "" : ", ") + id;
  p.description = fmt::format(
      "{} known-independent trained pairs of the same statistic definition and shape class "
      "({}; approximate: a small, correlated panel applies only to comparable shapes)",
      p.values.size(), counts);
  return p;
}

}  // namespace

TrainedPanels SelectTrainedPanels(const CalibrationPanels& panels, const RobustStats& measured,
                                  const std::string& fp_cand, const std::string& fp_base,
                                  int min_records) {
  TrainedPanels out;
  const UnderTest under_test(panels, fp_cand, fp_base);
  out.s2 = SelectPanel(
      panels, measured, under_test, min_records, "S2 gate/up consistency", ComparableS2,
      [](const PanelRecord& r) { return r.stats.s2->agreement; }, &out.notes);
  out.s4 = SelectPanel(
      panels, measured, under_test, min_records, "S4 HuRef invariants", ComparableS4,
      [](const PanelRecord& r) { return r.stats.s4->score; }, &out.notes);
  return out;
}

Result<CalibrationPanels> LoadShippedAndUserPanels(const std::vector<std::string>& user_files) {
  LINEAGE_ASSIGN_OR_RETURN(std::string shipped, DefaultCalibrationDir());
  return LoadCalibrationPanels({shipped}, user_files);
}

PairIdentity IdentifyPair(const CalibrationPanels& panels, const WeightSource& candidate,
                          const WeightSource& base) {
  PairIdentity id;
  if (panels.records.empty()) {
    id.why =
        "no calibration panel loaded: robust statistics calibrated against random-init replicas "
        "only";
    return id;
  }
  Result<std::string> fa = ModelFingerprint(candidate);
  Result<std::string> fb = ModelFingerprint(base);
  if (!fa.ok() || !fb.ok()) {
    id.why =
        "calibration panels not used: a model under test could not be fingerprinted for "
        "leave-one-out (" +
        (!fa.ok() ? fa.status() : fb.status()).message() + "); random-init replicas only";
    return id;
  }
  id.candidate = *fa;
  id.base = *fb;
  return id;
}

TrainedPanels TrainedPanelsForPair(const CalibrationPanels& panels, const WeightsResult& r,
                                   const PairIdentity& identity, const WeightLayout& candidate,
                                   const WeightLayout& base) {
  if (!identity.identified()) {
    TrainedPanels none;
    none.notes.push_back(identity.why);
    return none;
  }
  return SelectTrainedPanels(panels, MeasuredRobustStats(r, candidate, base), identity.candidate,
                             identity.base);
}

}  // namespace lineage
