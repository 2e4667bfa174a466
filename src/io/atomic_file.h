// Writing a file so that no reader ever sees it half-written: the bytes go to a temporary file in
// the same folder (unique per process and thread), are flushed, then renamed over the target.
// Two processes writing the same target race harmlessly: each rename installs a complete file.
// A crash leaves at most a temporary ".tmp-*" file, never a torn target.
//
// Thread-safe (no shared state); creates missing parent folders.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "util/status.h"

namespace lineage {

Status WriteFileAtomic(const std::string& path, std::span<const uint8_t> bytes);

// A symlink at `path` pointing at `target` (relative or absolute), installed by rename.
Status SymlinkAtomic(const std::string& target, const std::string& path);

// The prefix of every temporary file WriteFileAtomic leaves behind after a crash.
constexpr const char* kTempFilePrefix = ".tmp-";

}  // namespace lineage
