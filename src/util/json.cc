#include "util/json.h"

#include "util/utf8.h"

namespace lineage {

size_t FindExcessiveJsonDepth(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > max_depth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::string_view::npos;
}

Result<nlohmann::json> ParseJson(std::string_view text, const std::string& name, int max_depth) {
  size_t bad = FindExcessiveJsonDepth(text, max_depth);
  if (bad != std::string_view::npos) {
    return Corrupt(name, bad, "JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }
  bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) return Corrupt(name, bad, "invalid UTF-8 in JSON");
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Locate the error with the SAX interface (no exceptions).
    struct Locator : nlohmann::json_sax<nlohmann::json> {
      size_t pos = 0;
      bool null() override { return true; }
      bool boolean(bool) override { return true; }
      bool number_integer(number_integer_t) override { return true; }
      bool number_unsigned(number_unsigned_t) override { return true; }
      bool number_float(number_float_t, const string_t&) override { return true; }
      bool string(string_t&) override { return true; }
      bool binary(binary_t&) override { return true; }
      bool start_object(std::size_t) override { return true; }
      bool key(string_t&) override { return true; }
      bool end_object() override { return true; }
      bool start_array(std::size_t) override { return true; }
      bool end_array() override { return true; }
      bool parse_error(std::size_t p, const std::string&,
                       const nlohmann::detail::exception&) override {
        pos = p;
        return false;
      }
    } loc;
    nlohmann::json::sax_parse(text.begin(), text.end(), &loc, nlohmann::json::input_format_t::json,
                              /*strict=*/true);
    return Corrupt(name, loc.pos > 0 ? loc.pos - 1 : 0, "malformed JSON");
  }
  return j;
}

}  // namespace lineage
