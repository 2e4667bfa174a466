// The `--init-check` part of `lineage inspect`: renders InitCheck (training/init_signature.h) for
// an already-loaded model. Returns the exit code.
#pragma once

#include <string>

#include "model/model.h"

namespace lineage::cli {

int RunInitCheck(const Model& model, bool json, const std::string& lang, unsigned threads);

}  // namespace lineage::cli
