#include "python/errors.h"

#include <string>

#include "report/catalog.h"

namespace lineage::python {

namespace py = pybind11;

namespace {

struct ErrorClass {
  Status::Code code;
  const char* name;
};

constexpr ErrorClass kErrorClasses[] = {
    {Status::Code::kInvalidArgument, "InvalidArgumentError"},
    {Status::Code::kNotFound, "NotFoundError"},
    {Status::Code::kCorrupt, "CorruptError"},
    {Status::Code::kUnsupported, "UnsupportedError"},
    {Status::Code::kRefused, "RefusedError"},
    {Status::Code::kIoError, "IoError"},
    {Status::Code::kNetwork, "NetworkError"},
    {Status::Code::kAuth, "AuthError"},
    {Status::Code::kInternal, "InternalError"},
    {Status::Code::kCancelled, "CancelledError"},
};

// A new exception class lineage.<name> deriving from `base`, added to `m`.
py::object AddClass(py::module_& m, const char* name, PyObject* base) {
  const std::string qualified = std::string("lineage.") + name;
  py::object cls =
      py::reinterpret_steal<py::object>(PyErr_NewException(qualified.c_str(), base, nullptr));
  if (!cls) throw py::error_already_set();
  m.attr(name) = cls;
  return cls;
}

}  // namespace

void RegisterErrors(py::module_& m) {
  py::object base = AddClass(m, "Error", PyExc_Exception);
  for (const ErrorClass& c : kErrorClasses) AddClass(m, c.name, base.ptr());
}

void ThrowStatus(const Status& st, Lang lang) {
  const char* name = "InternalError";
  for (const ErrorClass& c : kErrorClasses) {
    if (c.code == st.code()) name = c.name;
  }
  py::object cls = py::module_::import("lineage._lineage").attr(name);
  py::object error = cls(StatusText(lang, st));
  error.attr("code") = CodeName(st.code());
  PyErr_SetObject(cls.ptr(), error.ptr());
  throw py::error_already_set();
}

Lang ParseLangOrThrow(const std::string& code) {
  Result<Lang> lang = ParseLang(code);
  if (!lang.ok()) ThrowStatus(lang.status());
  return *lang;
}

}  // namespace lineage::python
