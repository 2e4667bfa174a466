// `lineage cache ls [--json]` and `lineage cache prune [--max-size SIZE | --all]`: lineage's range
// cache of remote files ($HF_HOME/lineage/ranges, io/cache/range_cache.h). huggingface_hub's own
// cache ($HF_HOME/hub) is never touched here: `huggingface-cli delete-cache` manages it.
// JSON keys (ls): files[] (repo, commit, file, bytes_cached, size, last_used as Unix seconds),
// bytes_cached (the total).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cmd_common.h"
#include "cli/commands.h"
#include "io/cache/range_cache_admin.h"
#include "io/hub/resolve.h"
#include "util/byte_size.h"

namespace lineage::cli {
namespace {

std::string LocalTime(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

int List(const std::string& hf_home, bool json) {
  const std::vector<CachedRangeFile> files = ListRangeCache(hf_home);
  uint64_t total = 0;
  for (const CachedRangeFile& f : files) total += f.bytes_cached;
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const CachedRangeFile& f : files) {
      arr.push_back({{"repo", f.meta.repo},
                     {"commit", f.meta.commit},
                     {"file", f.meta.file},
                     {"bytes_cached", f.bytes_cached},
                     {"size", f.meta.size},
                     {"last_used", f.last_used}});
    }
    PrintJson({{"cache", hf_home + "/lineage/ranges"}, {"files", arr}, {"bytes_cached", total}});
    return kExitOk;
  }
  std::printf("range cache: %s/lineage/ranges (%s)\n", hf_home.c_str(),
              FormatByteSize(total).c_str());
  for (const CachedRangeFile& f : files) {
    std::printf("%s@%.12s  %s  %s / %s  last used %s\n", f.meta.repo.c_str(), f.meta.commit.c_str(),
                f.meta.file.c_str(), FormatByteSize(f.bytes_cached).c_str(),
                FormatByteSize(f.meta.size).c_str(), LocalTime(f.last_used).c_str());
  }
  return kExitOk;
}

int Prune(const std::string& hf_home, uint64_t max_bytes) {
  auto r = PruneRangeCache(hf_home, max_bytes);
  if (!r.ok()) return ReportError("cache", r.status());
  std::printf("range cache: removed %s in %llu chunks; %s left\n",
              FormatByteSize(r->bytes_removed).c_str(),
              static_cast<unsigned long long>(r->chunks_removed),
              FormatByteSize(r->bytes_before - r->bytes_removed).c_str());
  return kExitOk;
}

}  // namespace

int RunCache(int argc, char** argv) {
  CLI::App app{HelpDescription(argc, argv, "help.app.cache"), "lineage cache"};
  app.require_subcommand(1);
  bool json = false;
  CLI::App* ls = app.add_subcommand("ls", "help.cache.ls");
  ls->add_flag("--json", json, "help.opt.json");
  std::string max_size;
  bool all = false;
  CLI::App* prune = app.add_subcommand("prune", "help.cache.prune");
  prune->add_option("--max-size", max_size, "help.opt.max_size");
  prune->add_flag("--all", all, "help.opt.all");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const HubOptions options = HubOptionsFromEnvironment(std::getenv);
  if (ls->parsed()) return List(options.hf_home, json);
  uint64_t cap = options.range_cache_cap_bytes;
  if (all) {
    cap = 0;
  } else if (!max_size.empty()) {
    auto parsed = ParseByteSize(max_size);
    if (!parsed) return Fail("cache", "--max-size '" + max_size + "' is not a size", kExitUsage);
    cap = *parsed;
  }
  return Prune(options.hf_home, cap);
}

}  // namespace lineage::cli
