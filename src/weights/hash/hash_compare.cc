#include "weights/hash/hash_compare.h"

#include <map>
#include <set>
#include <unordered_map>

namespace lineage {
namespace {

// Pairs items of A and B with equal digests: first those whose identities agree, then the rest,
// one-to-one, in A's order. `id` and `digest` read an item's identity and digest.
template <typename T, typename Id, typename Digest>
std::vector<DigestPair> Pair(const std::vector<T>& a, const std::vector<T>& b, Id id,
                             Digest digest) {
  std::vector<DigestPair> out;
  std::unordered_map<std::string, size_t> b_by_id;
  std::unordered_multimap<std::string, size_t> b_by_digest;
  for (size_t j = 0; j < b.size(); ++j) {
    b_by_id.emplace(id(b[j]), j);
    if (!digest(b[j]).empty()) b_by_digest.emplace(digest(b[j]), j);
  }
  std::vector<bool> a_used(a.size(), false), b_used(b.size(), false);
  for (size_t i = 0; i < a.size(); ++i) {
    if (digest(a[i]).empty()) continue;
    auto it = b_by_id.find(id(a[i]));
    if (it == b_by_id.end() || b_used[it->second] || digest(b[it->second]) != digest(a[i]))
      continue;
    a_used[i] = b_used[it->second] = true;
    out.push_back({a[i].name, b[it->second].name, true});
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a_used[i] || digest(a[i]).empty()) continue;
    auto range = b_by_digest.equal_range(digest(a[i]));
    for (auto it = range.first; it != range.second; ++it) {
      if (b_used[it->second]) continue;
      b_used[it->second] = a_used[i] = true;
      out.push_back({a[i].name, b[it->second].name, false});
      break;
    }
  }
  return out;
}

}  // namespace

HashComparison CompareDigests(const ModelDigests& a, const ModelDigests& b) {
  HashComparison c;
  c.stored_a = a.stored.size();
  c.stored_b = b.stored.size();
  c.values_a = a.values.size();
  c.values_b = b.values.size();
  c.identical = Pair(
      a.stored, b.stored, [](const StoredDigest& d) { return d.name; },
      [](const StoredDigest& d) -> const std::string& { return d.sha256; });
  c.value_identical = Pair(
      a.values, b.values, [](const ValueDigest& d) { return d.key; },
      [](const ValueDigest& d) -> const std::string& { return d.sha256; });
  std::set<std::string> b_keys;
  for (const ValueDigest& d : b.values) b_keys.insert(d.key);
  for (const ValueDigest& d : a.values) c.same_key_a += b_keys.count(d.key);
  return c;
}

}  // namespace lineage
