// Validation of the names a hub reference and a hub answer carry: repository ids, revisions and
// file paths inside a repository. They become URL paths and cache paths, so anything that could
// climb out of a folder, hide a byte from a log line or collide with another name is refused.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lineage {

// "org/name": two components of [A-Za-z0-9._-], 1..96 characters each, not "." or "..", not
// starting or ending with '.' or '-'.
bool IsValidRepoId(std::string_view repo);

// A branch, tag or commit: [A-Za-z0-9._/-], 1..255 characters, no "..", no "//", no leading or
// trailing '/' (so "refs/pr/1" is accepted).
bool IsValidRevision(std::string_view rev);

// 40 hex digits (lowercase, as the hub writes commits).
bool IsCommitSha(std::string_view s);

// A file path relative to the repository root: '/'-separated components, none empty, "." or
// "..", no NUL or other control byte, no backslash, at most 1024 bytes and 255 per component.
bool IsValidRepoFilePath(std::string_view path);

// "org/name" → "models--org--name", huggingface_hub's folder name for a model repository.
std::string RepoFolderName(std::string_view repo);

// Percent-decodes a URL path segment; "" when it holds a malformed escape or a NUL.
std::string PercentDecode(std::string_view s);

}  // namespace lineage
