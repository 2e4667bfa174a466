// Dense f32 matrices for weight statistics: a non-owning row-major view and an owning matrix.
//
// Contract:
//   - Row-major, rows = units (HF orientation: out × in). `data` holds rows * cols floats.
//   - MatrixView never owns; the caller keeps the storage alive for the view's lifetime.
//   - MatrixF owns its storage; its view() is valid while it lives and is not resized.
//   - Values are plain; concurrent reads are safe, writes need external synchronisation.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lineage {

struct MatrixView {
  const float* data = nullptr;
  size_t rows = 0;
  size_t cols = 0;

  std::span<const float> row(size_t i) const { return {data + i * cols, cols}; }
  size_t size() const { return rows * cols; }
  bool empty() const { return rows == 0 || cols == 0; }
};

struct MatrixF {
  std::vector<float> data;
  size_t rows = 0;
  size_t cols = 0;

  MatrixF() = default;
  MatrixF(size_t r, size_t c) : data(r * c, 0.0f), rows(r), cols(c) {}
  MatrixF(std::vector<float> d, size_t r, size_t c) : data(std::move(d)), rows(r), cols(c) {}

  MatrixView view() const { return {data.data(), rows, cols}; }
  float& at(size_t i, size_t j) { return data[i * cols + j]; }
  float at(size_t i, size_t j) const { return data[i * cols + j]; }
  std::span<float> row(size_t i) { return {data.data() + i * cols, cols}; }
  std::span<const float> row(size_t i) const { return {data.data() + i * cols, cols}; }
};

}  // namespace lineage
