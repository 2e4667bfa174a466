#include "compare/power_cache.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "io/atomic_file.h"
#include "weights/hash/sha256.h"

namespace lineage {

namespace {

using Json = nlohmann::ordered_json;

Json CountsToJson(const PowerStatement& p) {
  Json kinds = Json::array(), components = Json::array();
  for (const PowerKind& k : p.kinds) {
    kinds.push_back({{"kind", k.kind}, {"controls", k.controls}, {"detections", k.detections}});
  }
  for (const ComponentPower& c : p.components) {
    components.push_back({{"component", c.component},
                          {"controls", c.controls},
                          {"detections", c.detections},
                          {"copy_check_only", c.copy_check_only}});
  }
  return {{"controls", p.controls},
          {"detections", p.detections},
          {"kinds", kinds},
          {"components", components},
          {"confidence", p.confidence},
          {"description", p.description},
          {"residual_width", p.residual_width},
          {"control_width", p.control_width}};
}

// j's "controls" and "detections", when both are integers with 0 ≤ detections ≤ controls > 0.
bool Counts(const Json& j, int* controls, int* detections) {
  if (!j.is_object() || !j.contains("controls") || !j.contains("detections") ||
      !j["controls"].is_number_integer() || !j["detections"].is_number_integer()) {
    return false;
  }
  *controls = j["controls"].get<int>();
  *detections = j["detections"].get<int>();
  return *controls > 0 && *detections >= 0 && *detections <= *controls;
}

bool String(const Json& j, const char* name, std::string* out) {
  if (!j.contains(name) || !j[name].is_string()) return false;
  *out = j[name].get<std::string>();
  return true;
}

// The counts of a cache file's "power"; nullopt when any is missing or inconsistent.
std::optional<PowerStatement> CountsFromJson(const Json& j) {
  PowerStatement p;
  if (!Counts(j, &p.controls, &p.detections) || !String(j, "description", &p.description) ||
      !j.contains("confidence") || !j["confidence"].is_number() || !j.contains("kinds") ||
      !j["kinds"].is_array() || !j.contains("components") || !j["components"].is_array()) {
    return std::nullopt;
  }
  p.confidence = j["confidence"].get<double>();
  for (auto [name, out] : {std::pair{"residual_width", &p.residual_width},
                           std::pair{"control_width", &p.control_width}}) {
    if (!j.contains(name) || !j[name].is_number_integer() || j[name].get<int64_t>() < 0) return {};
    *out = j[name].get<int64_t>();
  }
  for (const Json& k : j["kinds"]) {
    PowerKind pk;
    if (!Counts(k, &pk.controls, &pk.detections) || !String(k, "kind", &pk.kind)) return {};
    p.kinds.push_back(pk);
  }
  for (const Json& c : j["components"]) {
    ComponentPower cp;
    if (!Counts(c, &cp.controls, &cp.detections) || !String(c, "component", &cp.component) ||
        !c.contains("copy_check_only") || !c["copy_check_only"].is_boolean()) {
      return std::nullopt;
    }
    cp.copy_check_only = c["copy_check_only"].get<bool>();
    p.components.push_back(cp);
  }
  return p;
}

}  // namespace

std::string PowerCacheDir(const std::function<const char*(const char*)>& getenv) {
  auto get = [&](const char* name) {
    const char* v = getenv(name);
    return std::string(v ? v : "");
  };
  if (std::string dir = get("LINEAGE_POWER_CACHE"); !dir.empty()) return dir;
  if (std::string xdg = get("XDG_CACHE_HOME"); !xdg.empty()) return xdg + "/lineage/power";
  if (std::string home = get("HOME"); !home.empty()) return home + "/.cache/lineage/power";
  return "";
}

std::string PowerCachePath(const std::string& dir, const Json& key) {
  const std::string text = key.dump();
  Sha256 sha;
  sha.Update(text.data(), text.size());
  return dir + "/" + sha.HexDigest().substr(0, 32) + ".json";
}

std::optional<PowerStatement> LoadCachedPower(const std::string& dir, const Json& key,
                                              std::string* warning) {
  const std::string path = PowerCachePath(dir, key);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  auto reject = [&](const std::string& why) {
    *warning = "power cache file " + path + " " + why + "; power recomputed";
    return std::nullopt;
  };
  Json j = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return reject("is not valid JSON");
  if (!j.contains("key") || j["key"] != key) return reject("belongs to another key");
  std::optional<PowerStatement> p = j.contains("power") ? CountsFromJson(j["power"]) : std::nullopt;
  if (!p) return reject("is incomplete or inconsistent");
  p->from_cache = true;
  return p;
}

Status StoreCachedPower(const std::string& dir, const Json& key, const PowerStatement& power) {
  const std::string text = Json{{"key", key}, {"power", CountsToJson(power)}}.dump(1) + "\n";
  return WriteFileAtomic(PowerCachePath(dir, key),
                         {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

}  // namespace lineage
