#include "python/model_object.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "model/model.h"
#include "python/documents.h"
#include "python/errors.h"
#include "python/interrupt.h"
#include "python/tokenizer_object.h"
#include "report/inspect_json.h"

namespace lineage::python {

namespace py = pybind11;

namespace {

struct PyModel {
  std::shared_ptr<const Model> model;
  py::object tokenizer;  // python/tokenizer_object.h, loaded when first asked for (GIL-guarded)
  bool tokenizer_loaded = false;
};

py::object Tokenizer(PyModel& pm) {
  if (!pm.tokenizer_loaded) {
    pm.tokenizer = TokenizerOf(*pm.model);
    pm.tokenizer_loaded = true;
  }
  return pm.tokenizer;
}

Result<Model> OpenModel(const std::string& arg) {
  LINEAGE_ASSIGN_OR_RETURN(ModelLocation loc, Resolve(arg));
  return LoadModel(loc);
}

PyModel Open(const std::string& path) {
  Result<Model> m = RunInterruptibleFor<Result<Model>>([=] { return OpenModel(path); });
  PyModel pm;
  pm.model = std::make_shared<const Model>(ValueOrThrow(std::move(m)));
  return pm;
}

const ModelTensor& FindTensor(const Model& m, const std::string& name) {
  for (const ModelTensor& t : m.tensors) {
    if (t.name == name) return t;
  }
  ThrowStatus(NotFound(m.path + ": no tensor named '" + name + "' (see tensor_names())"));
}

// The numpy dtype of a zero-copy view of `t`, or none when its values must be computed.
std::optional<py::dtype> ViewDtype(const ModelTensor& t) {
  const RowTransform& x = t.transform;
  const bool identity = x.start == 0 && x.run_len == 0 && x.unpermute_head_dim == 0 && !x.transpose;
  if (!identity || t.block_scale || !t.info.source || !t.info.source->data()) return std::nullopt;
  switch (t.info.dtype) {
    case DType::kF64:
      return py::dtype("<f8");
    case DType::kF32:
      return py::dtype("<f4");
    case DType::kF16:
      return py::dtype("<f2");
    default:
      return std::nullopt;
  }
}

py::array Tensor(py::object self, const std::string& name) {
  const Model& m = *self.cast<const PyModel&>().model;
  const ModelTensor& t = FindTensor(m, name);
  if (std::optional<py::dtype> dtype = ViewDtype(t)) {
    const uint8_t* bytes = t.info.source->data() + t.info.offset;
    t.info.source->NoteMappedRead(t.info.nbytes);
    std::vector<py::ssize_t> shape(t.info.shape.begin(), t.info.shape.end());
    // The array's base is the Python Model, which keeps the mapping alive.
    py::array view(*dtype, shape, {}, bytes, self);
    view.attr("flags").attr("writeable") = false;
    return view;
  }
  std::vector<py::ssize_t> shape(t.shape.begin(), t.shape.end());
  py::array_t<float> out(shape);
  Status st;
  {
    py::gil_scoped_release release;
    st = ReadF32Into(t, std::span<float>(out.mutable_data(), static_cast<size_t>(out.size())));
  }
  if (!st.ok()) ThrowStatus(st);
  return out;
}

py::object JsonToPython(const nlohmann::json& j) { return ToPython(Dump(j)); }

// What tensor(name) returns and how it is made from the stored bytes.
py::dict TensorInfo(const PyModel& pm, const std::string& name) {
  const ModelTensor& t = FindTensor(*pm.model, name);
  const RowTransform& x = t.transform;
  py::dict d;
  d["name"] = t.name;
  d["role"] = RoleName(t.role);
  d["layer"] = t.layer;
  d["component"] = t.component;
  d["dtype"] = DTypeName(t.info.dtype);
  d["stored_shape"] = t.info.shape;
  d["shape"] = t.shape;
  d["row_selection"] = x.run_len != 0;
  d["unpermute_head_dim"] = x.unpermute_head_dim;
  d["transpose"] = x.transpose;
  d["block_scale"] = t.block_scale.has_value();
  d["zero_copy"] = ViewDtype(t).has_value();
  return d;
}

std::vector<std::string> TensorNames(const PyModel& pm) {
  std::vector<std::string> names;
  for (const ModelTensor& t : pm.model->tensors) names.push_back(t.name);
  return names;
}

}  // namespace

void RegisterModel(py::module_& m) {
  py::class_<PyModel>(m, "Model")
      .def_property_readonly("path", [](const PyModel& p) { return p.model->path; })
      .def_property_readonly("format", [](const PyModel& p) { return p.model->format; })
      .def_property_readonly("architecture", [](const PyModel& p) { return p.model->architecture; })
      .def_property_readonly("config",
                             [](const PyModel& p) {
                               const auto& c = p.model->config;
                               return c ? JsonToPython(*c) : py::none();
                             })
      .def_property_readonly("tokenizer_path",
                             [](const PyModel& p) { return p.model->tokenizer_path; })
      .def_property_readonly("tokenizer", &Tokenizer)
      .def("tensor_names", &TensorNames)
      .def("tensor", &Tensor, py::arg("name"))
      .def("tensor_info", &TensorInfo, py::arg("name"))
      .def("inspect", [](const PyModel& p) { return JsonToPython(InspectJson(*p.model)); })
      .def("__repr__", [](const PyModel& p) {
        return "<lineage.Model " + p.model->path + " (" + p.model->format + ", " +
               std::to_string(p.model->tensors.size()) + " tensors)>";
      });
  m.def("open", &Open, py::arg("model"));
}

}  // namespace lineage::python
