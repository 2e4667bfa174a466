// The subset of TensorBoard's Event protobuf that carries scalars, read from the wire format
// by hand (no protobuf dependency).
//
//   Event:   wall_time = 1 (double), step = 2 (int64), file_version = 3, summary = 5 (Summary)
//   Summary: value = 1 (repeated Value)
//   Value:   tag = 1 (string), simple_value = 2 (float), tensor = 8 (TensorProto)
//   TensorProto: dtype = 1, tensor_content = 4 (bytes), float_val = 5, double_val = 6
//                (packed or not); a scalar is the first element.
//
// Contract: ParseEvent bounds every length against the bytes it was given, skips unknown fields
// by wire type, refuses groups and malformed varints with Corrupt naming `name` and the offset
// of the event in its file (`base_offset`) plus the position inside it. Nesting is fixed
// (three levels), so hostile input cannot recurse. EncodeScalarEvent writes the same subset,
// for tests and fixtures. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace lineage {

struct ScalarValue {
  std::string tag;
  double value = 0;
};

struct Event {
  double wall_time = 0;
  int64_t step = 0;
  std::vector<ScalarValue> scalars;
};

Result<Event> ParseEvent(std::string_view bytes, const std::string& name, uint64_t base_offset);

// as_tensor = true writes the value as a TensorProto float_val (TF2 style) instead of simple_value.
std::string EncodeScalarEvent(double wall_time, int64_t step,
                              const std::vector<ScalarValue>& scalars, bool as_tensor = false);
// The first record of every event file: file_version "brain.Event:2".
std::string EncodeFileVersionEvent(double wall_time);

}  // namespace lineage
