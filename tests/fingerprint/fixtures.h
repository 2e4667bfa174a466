// Fingerprints of the shipped example models (examples/models/MANIFEST.md), built once per test
// process: base, ft-sft and perm (derived), indep-s1 and the traj-s1 steps (independent of base).
#pragma once

#include <string>

#include "fingerprint/fingerprint.h"

namespace lineage::testing {

// The fingerprint of examples/models/<name> with the default projection seed; fails the test
// (and returns an empty fingerprint) when it cannot be built.
const Fingerprint& ExampleFingerprint(const std::string& name);

}  // namespace lineage::testing
