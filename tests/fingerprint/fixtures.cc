#include "fingerprint/fixtures.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "fingerprint/build.h"
#include "model/model.h"
#include "test_util.h"

namespace lineage::testing {

const Fingerprint& ExampleFingerprint(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, Fingerprint> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  Fingerprint fp;
  Result<Model> m = LoadModel(Example("models/" + name));
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  if (m.ok()) {
    Result<Fingerprint> built = BuildFingerprint(*m, FingerprintOptions{});
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    if (built.ok()) fp = std::move(built).value();
  }
  return cache.emplace(name, std::move(fp)).first->second;
}

}  // namespace lineage::testing
