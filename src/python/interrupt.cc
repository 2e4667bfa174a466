#include "python/interrupt.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lineage::python {

namespace py = pybind11;

namespace {

constexpr std::chrono::milliseconds kSlice{50};
// Events queued beyond this many between two deliveries are dropped, except a stage's last.
constexpr size_t kMaxQueuedEvents = 1024;

// Threads of interrupted work, still running or finished, joined at exit; and how many workers
// are running now, interrupted or not.
class Background {
 public:
  void Keep(std::thread t) {
    std::lock_guard<std::mutex> lock(mu_);
    threads_.push_back(std::move(t));
  }
  void JoinAll() {
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      threads.swap(threads_);
    }
    py::gil_scoped_release release;
    for (std::thread& t : threads) t.join();
  }
  std::shared_ptr<std::atomic<int>> running() const { return running_; }

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
  std::shared_ptr<std::atomic<int>> running_ = std::make_shared<std::atomic<int>>(0);
};

Background* Registry() {
  try {
    return &py::module_::import("lineage._lineage").attr("_background").cast<Background&>();
  } catch (const py::error_already_set&) {
    return nullptr;  // the module is being torn down
  }
}

// Hands interrupted work to the module's registry; detaches it when the registry is gone (the
// module is being torn down), which is all that is left to do with it.
void KeepRunning(std::thread worker) {
  if (Background* b = Registry()) {
    b->Keep(std::move(worker));
  } else if (worker.joinable()) {
    worker.detach();
  }
}

// What the waiting thread and the worker share; the worker holds it, so it outlives a call that
// stopped waiting.
struct Call {
  CancelFlag cancel;
  std::promise<void> done;
  std::mutex mu;
  std::vector<ProgressEvent> queue;  // guarded by mu

  void Queue(const ProgressEvent& e) {
    std::lock_guard<std::mutex> lock(mu);
    if (queue.size() < kMaxQueuedEvents || e.finished) queue.push_back(e);
  }
  std::vector<ProgressEvent> Take() {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<ProgressEvent> out;
    out.swap(queue);
    return out;
  }
};

// The hooks for `progress` (interrupt.h); `callback` gets the callable, if it is one.
WorkHooks HooksFor(const py::object& progress, const std::shared_ptr<Call>& call,
                   py::object* callback) {
  WorkHooks hooks;
  hooks.cancel = &call->cancel;
  if (PyCallable_Check(progress.ptr()) != 0) {
    *callback = progress;
    hooks.progress_sink = [call](const ProgressEvent& e) { call->Queue(e); };
  } else if (!progress.is_none() && py::bool_(progress)) {
    hooks.progress_bar = py::module_::import("sys").attr("stderr").attr("isatty")().cast<bool>();
  }
  return hooks;
}

std::thread StartWorker(std::function<void(const WorkHooks&)> work, WorkHooks hooks,
                        std::shared_ptr<Call> call) {
  Background* registry = Registry();
  auto running = registry ? registry->running() : std::make_shared<std::atomic<int>>(0);
  running->fetch_add(1);
  return std::thread([work = std::move(work), hooks = std::move(hooks), call, running] {
    try {
      work(hooks);
      call->done.set_value();
    } catch (...) {
      call->done.set_exception(std::current_exception());
    }
    running->fetch_sub(1);
  });
}

}  // namespace

void RegisterInterrupt(py::module_& m) {
  py::class_<Background>(m, "_Background").def(py::init<>()).def("join_all", &Background::JoinAll);
  py::object background = m.attr("_Background")();
  m.attr("_background") = background;
  py::module_::import("atexit").attr("register")(background.attr("join_all"));
  m.def("_running_workers", [] {
    Background* b = Registry();
    return b ? b->running()->load() : 0;
  });
  py::class_<ProgressEvent>(m, "ProgressEvent", "How far one stage of a long call is")
      .def_readonly("stage", &ProgressEvent::label)
      .def_readonly("done", &ProgressEvent::done)
      .def_readonly("total", &ProgressEvent::total)
      .def_readonly("unit", &ProgressEvent::unit)
      .def_readonly("bytes_read", &ProgressEvent::bytes_read)
      .def_readonly("finished", &ProgressEvent::finished)
      .def("__repr__", [](const ProgressEvent& e) {
        return "<lineage.ProgressEvent " + e.label + " " + std::to_string(e.done) + "/" +
               std::to_string(e.total) + " " + e.unit + (e.finished ? " finished>" : ">");
      });
}

void RunInterruptible(const py::object& progress, std::function<void(const WorkHooks&)> work) {
  auto call = std::make_shared<Call>();
  py::object callback;
  WorkHooks hooks = HooksFor(progress, call, &callback);
  std::future<void> finished = call->done.get_future();
  std::thread worker = StartWorker(std::move(work), std::move(hooks), call);
  // The KeyboardInterrupt or the callback's exception that cancelled the work, raised once the
  // worker has returned.
  std::optional<py::error_already_set> failure;
  for (;;) {
    bool ready = false;
    {
      py::gil_scoped_release release;
      ready = finished.wait_for(kSlice) == std::future_status::ready;
    }
    for (const ProgressEvent& e : call->Take()) {
      if (failure || !callback) break;
      try {
        callback(e);
      } catch (py::error_already_set& raised) {
        failure.emplace(std::move(raised));
        call->cancel.Cancel();
      }
    }
    if (ready) break;
    if (PyErr_CheckSignals() != 0) {
      // A second signal while the cancelled work winds down: stop waiting for it.
      if (failure) KeepRunning(std::move(worker));
      if (failure) throw py::error_already_set();
      failure.emplace();  // takes the pending KeyboardInterrupt
      call->cancel.Cancel();
    }
  }
  worker.join();
  if (failure) throw std::move(*failure);
  finished.get();  // rethrows the work's exception, if any
}

}  // namespace lineage::python
