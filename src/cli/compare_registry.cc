#include "cli/compare_registry.h"

#include <fmt/format.h>

#include "cli/fingerprint_input.h"
#include "registry/registry.h"
#include "registry/search.h"

namespace lineage::cli {

Result<RegistryBases> SearchRegistryBases(const std::string& location, const std::string& candidate,
                                          size_t top, unsigned threads, const ModelFlags& flags) {
  LINEAGE_ASSIGN_OR_RETURN(std::unique_ptr<Registry> reg, Registry::Open(location));
  LINEAGE_ASSIGN_OR_RETURN(Fingerprint fp,
                           ObtainFingerprint(candidate, reg->projection_seed(), threads, flags));
  LINEAGE_ASSIGN_OR_RETURN(SearchResult s, SearchRegistry(*reg, fp, top, threads));
  const std::string mine = FingerprintIdentity(fp);
  RegistryBases out;
  for (const SearchHit& h : s.hits) {
    if (!h.related() || h.entry.identity == mine) continue;
    RegistryBase b;
    b.argument = h.entry.repo.empty() ? h.entry.reference : h.entry.repo + "@" + h.entry.revision;
    // Two whole sentences, not one with an optional part: the phrase table matches whole texts.
    const char* how = h.related_exact
                          ? "base {} comes from the registry {} (#{}): related by the sketch "
                            "screening (exact test log10 p ≤ {:.2f} after Bonferroni over {} "
                            "registered models)"
                          : "base {} comes from the registry {} (#{}): related by the sketch "
                            "screening (gate/up agreement above its floor; exact test log10 p ≤ "
                            "{:.2f} after Bonferroni over {} registered models)";
    b.found = {reg->location(), h.entry.id, s.registry_size, h.log10_p_bonferroni,
               h.related_exact ? "exact" : "robust"};
    b.note = fmt::format(fmt::runtime(how), b.argument, reg->location(), h.entry.id,
                         h.log10_p_bonferroni, s.registry_size);
    out.bases.push_back(std::move(b));
  }
  out.summary = fmt::format(
      "registry {}: {} registered models screened, {} compared in full, {} related added as bases",
      reg->location(), s.registry_size, s.compared, out.bases.size());
  return out;
}

}  // namespace lineage::cli
