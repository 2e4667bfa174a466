// CRC-32C (Castagnoli), as TFRecord framing uses it, and TensorFlow's CRC mask.
// Table-driven, computed once at compile time; pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lineage {

uint32_t Crc32c(const void* data, size_t n, uint32_t crc = 0);
// TensorFlow stores ((crc >> 15) | (crc << 17)) + 0xa282ead8 so CRCs of CRCs stay distinctive.
uint32_t MaskCrc32c(uint32_t crc);

}  // namespace lineage
