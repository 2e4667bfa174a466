// Long work that Ctrl-C can interrupt. The library has no cancellation hook, so the work runs on a
// worker thread while the calling Python thread waits with the GIL released, in 50 ms slices,
// checking for signals between them (PyErr_CheckSignals): SIGINT raises KeyboardInterrupt within
// a slice. The interrupted work itself cannot be stopped: it runs to its end in the background
// and its result is discarded. The module keeps such threads and joins them at interpreter exit
// (atexit), so exit waits for them rather than freeing memory under them.
//
// Contract: `work` runs without the GIL and must not touch Python objects; it must own what it
// reads (captured by value or shared_ptr), since it may outlive the call. An exception thrown by
// `work` is rethrown in the caller. Call with the GIL held, after RegisterInterrupt.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <pybind11/pybind11.h>

namespace lineage::python {

// Adds the registry of interrupted work to the module and registers its join with atexit.
void RegisterInterrupt(pybind11::module_& m);

void RunInterruptible(std::function<void()> work);

// RunInterruptible for work that returns a value.
template <typename T>
T RunInterruptibleFor(std::function<T()> work) {
  auto out = std::make_shared<std::optional<T>>();
  RunInterruptible([work = std::move(work), out] { out->emplace(work()); });
  return std::move(**out);
}

}  // namespace lineage::python
