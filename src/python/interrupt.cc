#include "python/interrupt.h"

#include <chrono>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace lineage::python {

namespace py = pybind11;

namespace {

constexpr std::chrono::milliseconds kSlice{50};

// Threads of interrupted work, still running or finished, joined at exit.
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

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

// Hands interrupted work to the module's registry; detaches it when the registry is gone (the
// module is being torn down), which is all that is left to do with it.
void KeepRunning(std::thread worker) {
  try {
    py::module_::import("lineage._lineage")
        .attr("_background")
        .cast<Background&>()
        .Keep(std::move(worker));
  } catch (const py::error_already_set&) {
    if (worker.joinable()) worker.detach();
  }
}

}  // namespace

void RegisterInterrupt(py::module_& m) {
  py::class_<Background>(m, "_Background").def(py::init<>()).def("join_all", &Background::JoinAll);
  py::object background = m.attr("_Background")();
  m.attr("_background") = background;
  py::module_::import("atexit").attr("register")(background.attr("join_all"));
}

void RunInterruptible(std::function<void()> work) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  std::thread worker([work = std::move(work), done] {
    try {
      work();
      done->set_value();
    } catch (...) {
      done->set_exception(std::current_exception());
    }
  });
  for (;;) {
    bool ready = false;
    {
      py::gil_scoped_release release;
      ready = finished.wait_for(kSlice) == std::future_status::ready;
    }
    if (ready) break;
    if (PyErr_CheckSignals() != 0) {
      py::error_already_set interrupted;  // takes the pending KeyboardInterrupt
      KeepRunning(std::move(worker));
      throw interrupted;
    }
  }
  worker.join();
  finished.get();  // rethrows the work's exception, if any
}

}  // namespace lineage::python
