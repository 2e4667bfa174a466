#include "io/hub/revision_info.h"

#include <set>

#include "io/hub/repo_names.h"
#include "util/json.h"

namespace lineage {
namespace {

bool IsSha256Hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<RepoFile> ParseSibling(const nlohmann::json& s, const std::string& name, size_t i) {
  const std::string where = "siblings[" + std::to_string(i) + "]";
  if (!s.is_object() || !s.contains("rfilename") || !s["rfilename"].is_string()) {
    return Corrupt(name, where + " has no string 'rfilename'");
  }
  RepoFile f;
  f.path = s["rfilename"].get<std::string>();
  if (!IsValidRepoFilePath(f.path)) {
    return Corrupt(name, where + ": file name refused (absolute, '..', control bytes or too long)");
  }
  if (s.contains("size") && !s["size"].is_null()) {
    if (!s["size"].is_number_unsigned()) return Corrupt(name, where + ": size is not a byte count");
    f.size = s["size"].get<uint64_t>();
  }
  if (s.contains("lfs") && s["lfs"].is_object()) {
    const nlohmann::json& lfs = s["lfs"];
    if (lfs.contains("sha256")) {
      if (!lfs["sha256"].is_string() || !IsSha256Hex(lfs["sha256"].get<std::string>()))
        return Corrupt(name, where + ": lfs.sha256 is not 64 lowercase hex digits");
      f.lfs_sha256 = lfs["sha256"].get<std::string>();
    }
    if (lfs.contains("size") && lfs["size"].is_number_unsigned() && !f.size) {
      f.size = lfs["size"].get<uint64_t>();
    }
  }
  return f;
}

}  // namespace

const RepoFile* RevisionInfo::Find(const std::string& path) const {
  for (const RepoFile& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

Result<RevisionInfo> ParseRevisionInfo(std::string_view json, const std::string& name) {
  if (json.size() > kMaxRevisionJsonBytes) {
    return Refused(name + ": the revision answer is " + std::to_string(json.size()) +
                   " bytes, more than the " + std::to_string(kMaxRevisionJsonBytes) + " allowed");
  }
  LINEAGE_ASSIGN_OR_RETURN(nlohmann::json j, ParseJson(json, name, 16));
  if (!j.is_object()) return Corrupt(name, "the revision answer is not a JSON object");
  if (!j.contains("sha") || !j["sha"].is_string() || !IsCommitSha(j["sha"].get<std::string>())) {
    return Corrupt(name, "'sha' is not a 40-hex commit");
  }
  RevisionInfo info;
  info.commit = j["sha"].get<std::string>();
  if (!j.contains("siblings") || !j["siblings"].is_array()) {
    return Corrupt(name, "no 'siblings' file list");
  }
  const nlohmann::json& sib = j["siblings"];
  if (sib.size() > kMaxRepoFiles) {
    return Refused(name + ": " + std::to_string(sib.size()) + " files, more than the " +
                   std::to_string(kMaxRepoFiles) + " allowed");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < sib.size(); ++i) {
    LINEAGE_ASSIGN_OR_RETURN(RepoFile f, ParseSibling(sib[i], name, i));
    if (!seen.insert(f.path).second) return Corrupt(name, "file '" + f.path + "' listed twice");
    info.files.push_back(std::move(f));
  }
  return info;
}

}  // namespace lineage
