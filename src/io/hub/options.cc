// HubOptionsFromEnvironment (io/hub/resolve.h): huggingface_hub's environment variables.
#include <fstream>
#include <sstream>
#include <string_view>

#include "io/http/headers.h"
#include "io/hub/resolve.h"

namespace lineage {
namespace {

std::string Get(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* v = getenv(name);
  return v == nullptr ? "" : std::string(v);
}

bool Truthy(std::string v) {
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

// huggingface_hub's login writes the token to $HF_HOME/token. A token is one line; a bigger file
// is not a token (and is not read whole).
std::string ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return "";
  std::string line;
  std::getline(in, line);
  std::string token(TrimHeaderValue(line));
  for (char c : token) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return "";
  }
  return token.size() <= 4096 ? token : "";
}

}  // namespace

HubOptions HubOptionsFromEnvironment(const std::function<const char*(const char*)>& getenv) {
  HubOptions o;
  std::string endpoint = Get(getenv, "HF_ENDPOINT");
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  if (!endpoint.empty()) o.endpoint = endpoint;
  o.hf_home = Get(getenv, "HF_HOME");
  if (o.hf_home.empty()) {
    std::string xdg = Get(getenv, "XDG_CACHE_HOME");
    if (xdg.empty()) {
      const std::string home = Get(getenv, "HOME");
      xdg = (home.empty() ? std::string(".") : home) + "/.cache";
    }
    o.hf_home = xdg + "/huggingface";
  }
  o.token = Get(getenv, "HF_TOKEN");
  if (o.token.empty()) o.token = ReadTokenFile(o.hf_home + "/token");
  o.offline = Truthy(Get(getenv, "HF_HUB_OFFLINE"));
  o.ca_bundle = Get(getenv, "CURL_CA_BUNDLE");
  if (o.ca_bundle.empty()) o.ca_bundle = Get(getenv, "SSL_CERT_FILE");
  return o;
}

}  // namespace lineage
