// Server introspection beyond /v1/models: llama.cpp's /props, TGI's /info and Ollama's
// /api/show, parsed defensively into the endpoint's identity (behaviour/endpoint.h).
//
// Contract:
//   - Each parser takes a whole response body and returns a JSON object holding only the known
//     fields listed in introspect.cc, each copied only when it has the expected type (strings cut
//     to 256 bytes). Anything else — invalid JSON, a non-object, a field of another type, unknown
//     fields, Ollama's tokenizer arrays — is left out. An empty object means nothing usable.
//   - Identity is context for the reader and the transcript store; it never enters a statistic.
//   - Pure functions; thread-safe; never throw.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace lineage {

nlohmann::json ParseLlamaCppProps(std::string_view body);
nlohmann::json ParseTgiInfo(std::string_view body);
nlohmann::json ParseOllamaShow(std::string_view body);

}  // namespace lineage
