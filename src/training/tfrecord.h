// TFRecord framing (TensorBoard event files): each record is
//   u64 length (LE) | u32 masked CRC32C of the length bytes | data[length] | u32 masked CRC32C of
//   data.
//
// Contract:
//   - ReadTfRecords walks `data` record by record and calls `on_record(payload, offset)` with a
//     view into `data` (no copies, so memory is bounded by the caller's buffer). Any violation —
//     a truncated header or payload, a length larger than what remains, a CRC mismatch — stops
//     with Corrupt naming `name` and the record's byte offset. A callback error stops the walk.
//   - FrameTfRecord builds one record (used by tests and fixture writers).
//   - Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace lineage {

using TfRecordCallback = std::function<Status(std::string_view payload, uint64_t offset)>;

Status ReadTfRecords(std::string_view data, const std::string& name,
                     const TfRecordCallback& on_record);

std::string FrameTfRecord(std::string_view payload);

// True when `data` starts with a well-formed record header (length CRC matches): a content sniff.
bool LooksLikeTfRecord(std::string_view data);

}  // namespace lineage
