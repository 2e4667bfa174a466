// Library errors as Python exceptions: lineage.Error, with one subclass per Status code
// (InvalidArgumentError, NotFoundError, CorruptError, UnsupportedError, RefusedError, IoError,
// NetworkError, AuthError, InternalError, CancelledError). The message is the one the CLI prints
// after "lineage <command>: " (report/catalog.h StatusText, in the call's language); `code` holds
// the code's name (util/status.h CodeName: "not found", ...).
//
// Contract: RegisterErrors creates the classes once, as attributes of the module; ThrowStatus
// sets the Python error and throws pybind11::error_already_set. Call with the GIL held.
#pragma once

#include <pybind11/pybind11.h>

#include "util/lang.h"
#include "util/status.h"

namespace lineage::python {

void RegisterErrors(pybind11::module_& m);

// `st` must not be ok.
[[noreturn]] void ThrowStatus(const Status& st, Lang lang = Lang::kEn);

// The value of a Result, or ThrowStatus of its status.
template <typename T>
T ValueOrThrow(Result<T> r, Lang lang = Lang::kEn) {
  if (!r.ok()) ThrowStatus(r.status(), lang);
  return std::move(r).value();
}

// The language a `lang` argument names ("en", "ko"); InvalidArgumentError otherwise.
Lang ParseLangOrThrow(const std::string& code);

}  // namespace lineage::python
