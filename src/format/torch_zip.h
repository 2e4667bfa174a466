// PyTorch zip checkpoints (`pytorch_model*.bin`, `.pt`, `.pth`) through a restricted unpickler.
// FORMATS.md §4.
//
// Contract: nothing is ever executed. Only data opcodes are interpreted; the only globals
// accepted are collections.OrderedDict, torch._utils._rebuild_tensor_v2, _rebuild_parameter and
// torch.*Storage dtype tags. Anything else stops with kRefused naming the global and the pickle
// offset. Legacy (non-zip) files and TorchScript archives are refused. Only contiguous tensors
// are exposed (others: kUnsupported naming the tensor).
#pragma once

#include <memory>
#include <string>

#include "format/checkpoint.h"

namespace lineage {

Result<Checkpoint> OpenTorchZip(const std::string& path,
                                const FileOpener& files = *LocalFileOpener());
Result<Checkpoint> ParseTorchZip(std::unique_ptr<ByteSource> src);

}  // namespace lineage
