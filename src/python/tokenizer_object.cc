#include "python/tokenizer_object.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pybind11/stl.h>

#include "python/errors.h"
#include "python/interrupt.h"
#include "tokenizer/vocab.h"

namespace lineage::python {

namespace py = pybind11;

namespace {

struct PyTokenizer {
  std::shared_ptr<const Vocab> vocab;
  std::unordered_map<int64_t, size_t> by_id;            // id → index in vocab->tokens
  std::unordered_map<std::string, int64_t> by_surface;  // as written → id

  const Token* Find(int64_t id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &vocab->tokens[it->second];
  }
};

PyTokenizer Index(Vocab v) {
  PyTokenizer t;
  t.vocab = std::make_shared<const Vocab>(std::move(v));
  for (size_t i = 0; i < t.vocab->tokens.size(); ++i) {
    const Token& tok = t.vocab->tokens[i];
    t.by_id.emplace(tok.id, i);
    t.by_surface.emplace(tok.surface, tok.id);
  }
  return t;
}

std::optional<std::string> Surface(const PyTokenizer& t, int64_t id) {
  const Token* tok = t.Find(id);
  return tok ? std::optional<std::string>(tok->surface) : std::nullopt;
}

std::optional<py::bytes> CanonicalBytes(const PyTokenizer& t, int64_t id) {
  const Token* tok = t.Find(id);
  return tok ? std::optional<py::bytes>(py::bytes(tok->bytes)) : std::nullopt;
}

std::optional<int64_t> IdOf(const PyTokenizer& t, const std::string& text) {
  auto it = t.by_surface.find(text);
  return it == t.by_surface.end() ? std::nullopt : std::optional<int64_t>(it->second);
}

// {"id", "content"} of the tokens `keep` selects, in id order.
template <typename Keep>
py::list Listed(const PyTokenizer& t, Keep keep) {
  py::list out;
  for (const Token& tok : t.vocab->tokens) {
    if (!keep(tok)) continue;
    py::dict d;
    d["id"] = tok.id;
    d["content"] = tok.surface;
    out.append(d);
  }
  return out;
}

}  // namespace

void RegisterTokenizer(py::module_& m) {
  py::class_<PyTokenizer>(m, "Tokenizer")
      .def_property_readonly("kind",
                             [](const PyTokenizer& t) { return VocabModelName(t.vocab->model); })
      .def_property_readonly("format", [](const PyTokenizer& t) { return t.vocab->format; })
      .def_property_readonly("source", [](const PyTokenizer& t) { return t.vocab->source; })
      .def_property_readonly("byte_level", [](const PyTokenizer& t) { return t.vocab->byte_level; })
      .def_property_readonly("vocab_size", [](const PyTokenizer& t) { return t.vocab->size(); })
      .def_property_readonly("id_space", [](const PyTokenizer& t) { return t.vocab->id_space(); })
      .def("token", &Surface, py::arg("id"))
      .def("token_bytes", &CanonicalBytes, py::arg("id"))
      .def("id", &IdOf, py::arg("text"))
      .def(
          "id_of_bytes",
          [](const PyTokenizer& t, const py::bytes& b) {
            return t.vocab->FindRegular(static_cast<std::string>(b));
          },
          py::arg("canonical"))
      .def_property_readonly(
          "special_tokens",
          [](const PyTokenizer& t) {
            return Listed(t, [](const Token& tok) { return tok.kind == TokenKind::kSpecial; });
          })
      .def_property_readonly("added_tokens",
                             [](const PyTokenizer& t) {
                               return Listed(t, [](const Token& tok) { return tok.added; });
                             })
      .def_property_readonly("special_roles",
                             [](const PyTokenizer& t) { return t.vocab->special_roles; })
      .def("__len__", [](const PyTokenizer& t) { return t.vocab->size(); })
      .def("__repr__", [](const PyTokenizer& t) {
        return "<lineage.Tokenizer " + std::string(VocabModelName(t.vocab->model)) + ", " +
               std::to_string(t.vocab->size()) + " tokens (" + t.vocab->format + ")>";
      });
}

py::object TokenizerOf(const Model& model) {
  if (model.tokenizer_path.empty()) return py::none();
  const std::string path = model.tokenizer_path;
  Result<Vocab> v = RunInterruptibleFor<Result<Vocab>>([=] { return LoadVocab(path); });
  return py::cast(Index(ValueOrThrow(std::move(v))));
}

}  // namespace lineage::python
