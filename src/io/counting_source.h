// Counting reads: a FileOpener whose sources add the bytes read from them to a ReadStats.
//
// Contract:
//   - A counting source forwards every call to the source it wraps. It adds to
//     stats->bytes_read the length of every ReadAt (format headers included) and every
//     NoteMappedRead(len) (the bytes that readers consumed through data(), reported once per
//     chunk). One relaxed atomic add per call: nothing per row.
//   - bytes_read therefore counts what lineage asked for, not what the disk delivered: a range
//     read twice counts twice, and page-cache hits count like disk reads.
//   - CountingOpener(inner, stats) opens through `inner` and wraps each source; Extra, Size and
//     ClaimedSha256 are inner's. Immutable and thread-safe like its parts.
#pragma once

#include <memory>

#include "io/byte_source.h"
#include "io/file_opener.h"
#include "io/read_stats.h"

namespace lineage {

std::unique_ptr<ByteSource> CountReads(std::unique_ptr<ByteSource> inner,
                                       std::shared_ptr<ReadStats> stats);

std::shared_ptr<const FileOpener> CountingOpener(std::shared_ptr<const FileOpener> inner,
                                                 std::shared_ptr<ReadStats> stats);

}  // namespace lineage
