// Long work that Ctrl-C can interrupt, with progress reported to a Python callback. The work runs
// on a worker thread while the calling Python thread waits with the GIL released, in 50 ms
// slices. Between slices, with the GIL held, the waiting thread delivers the progress events the
// work queued (the worker never calls Python) and checks for signals (PyErr_CheckSignals).
//   - SIGINT sets the work's cancel flag (util/cancel.h); the library then stops within one unit
//     of work (a block pair, a control, a base) and the waiting thread raises KeyboardInterrupt
//     once the worker has returned. A second SIGINT while it waits stops the waiting: the worker
//     then ends in the background, in the module's registry, which joins it at interpreter exit
//     (atexit), so exit never frees memory under it.
//   - An exception raised by the progress callback cancels the work the same way and propagates
//     once the worker has returned.
//   - `progress`: None or False, silent; True, the C++ bar on stderr when sys.stderr is a
//     terminal (util/progress.h); a callable, called with a lineage.ProgressEvent (stage, done,
//     total, unit, bytes_read, finished) at most ~10 times a second per stage and at its end.
//
// Contract: `work` runs without the GIL and must not touch Python objects; it must own what it
// reads (captured by value or shared_ptr), since it may outlive the call; the WorkHooks it is
// given stay valid for as long as it runs. An exception thrown by `work` is rethrown in the
// caller. Call with the GIL held, after RegisterInterrupt.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <pybind11/pybind11.h>

#include "util/cancel.h"
#include "util/progress.h"

namespace lineage::python {

// What the work is handed: copy these into the library's options (cancel, progress,
// progress_sink).
struct WorkHooks {
  const CancelFlag* cancel = nullptr;
  bool progress_bar = false;
  ProgressSink progress_sink;
};

// Adds the registry of interrupted work, lineage.ProgressEvent and _running_workers() (how many
// workers are still running: tests check that cancelled work stops) to the module, and registers
// the registry's join with atexit.
void RegisterInterrupt(pybind11::module_& m);

void RunInterruptible(const pybind11::object& progress, std::function<void(const WorkHooks&)> work);

// RunInterruptible for work that returns a value.
template <typename T>
T RunInterruptibleFor(const pybind11::object& progress, std::function<T(const WorkHooks&)> work) {
  auto out = std::make_shared<std::optional<T>>();
  RunInterruptible(progress,
                   [work = std::move(work), out](const WorkHooks& h) { out->emplace(work(h)); });
  return std::move(**out);
}

// Work that neither reports progress nor polls the flag (short calls: open, inspect).
template <typename T>
T RunInterruptibleFor(std::function<T()> work) {
  return RunInterruptibleFor<T>(pybind11::none(),
                                [work = std::move(work)](const WorkHooks&) { return work(); });
}

}  // namespace lineage::python
