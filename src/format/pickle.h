// A restricted pickle interpreter: enough of the pickle VM to read a PyTorch state_dict, and
// nothing that can run code. FORMATS.md §4.
//
// Contract:
//   - Only data opcodes are interpreted. The only globals accepted are collections.OrderedDict,
//     torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and the torch.*Storage
//     dtype tags; REDUCE only calls those (by building values, never by executing anything);
//     BUILD only attaches (and ignores) state on dictionaries. Any other global or opcode stops
//     with kRefused naming it and its offset in the pickle.
//   - Resources are bounded: objects, stack, memo and nesting have fixed caps, so memory is
//     O(pickle size) whatever the input.
//   - A RestrictedUnpickler owns every PickleValue it creates; pointers stay valid while it
//     lives. Not thread-safe; use one per pickle.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "format/dtype.h"
#include "util/status.h"

namespace lineage {

struct PickleValue {
  enum class Kind {
    kNone,
    kBool,
    kInt,
    kFloat,
    kString,
    kBytes,
    kTuple,
    kList,
    kDict,
    kGlobal,   // an allowlisted callable or dtype tag (see `global`)
    kStorage,  // a persistent-id storage reference
    kTensor,   // the result of _rebuild_tensor_v2
  };
  enum class Global { kNone, kOrderedDict, kRebuildTensorV2, kRebuildParameter, kStorageTag };

  Kind kind = Kind::kNone;
  uint64_t offset = 0;  // pickle offset of the opcode that made it, for messages
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                          // string, bytes, or "module.name" of a global
  std::vector<const PickleValue*> items;  // tuple, list
  std::vector<std::pair<const PickleValue*, const PickleValue*>> entries;  // dict, in order
  Global global = Global::kNone;
  DType dtype = DType::kUnknown;  // storage tags and storages
  // Storage: key of its `data/<key>` member and element count. Tensor: its storage and view.
  std::string storage_key;
  uint64_t storage_numel = 0;
  const PickleValue* storage = nullptr;
  uint64_t storage_offset = 0;
  std::vector<uint64_t> shape;
  std::vector<uint64_t> stride;
};

class RestrictedUnpickler {
 public:
  // `name` is used in messages ("archive/data.pkl"); `bytes` must outlive Run().
  RestrictedUnpickler(std::string name, std::span<const uint8_t> bytes);
  // Interprets the pickle up to STOP and returns the value left on the stack.
  Result<const PickleValue*> Run();

 private:
  PickleValue* New(PickleValue::Kind kind);
  Status Error(const std::string& msg) const;   // kCorrupt at the current opcode
  Status Refuse(const std::string& msg) const;  // kRefused at the current opcode
  Status Push(PickleValue* v);
  Result<PickleValue*> Pop();
  Result<std::vector<PickleValue*>> PopToMark();
  Status Need(uint64_t n) const;
  Result<uint64_t> ReadUint(int bytes);
  Result<std::string> ReadBytes(uint64_t n);
  Result<std::string> ReadLine();
  Status Put(uint64_t index);
  Status Get(uint64_t index);
  Status DoGlobal(const std::string& module, const std::string& name);
  Status DoReduce();
  Status DoBuild();
  Status DoPersistentId();
  // Run's stages: one opcode, dispatched to its family.
  Status Execute(uint8_t op);
  Status DoStackControl(uint8_t op);  // PROTO, FRAME, MARK, POP, POP_MARK, DUP
  Status DoScalar(uint8_t op);        // None, bools, ints, floats
  Status DoText(uint8_t op);          // str and bytes
  Status DoContainer(uint8_t op);     // tuples, lists, dicts and their fillers
  Status DoMemo(uint8_t op);          // PUT, GET, MEMOIZE
  Status DoObject(uint8_t op);        // GLOBAL, STACK_GLOBAL, REDUCE, BUILD, BINPERSID
  Status RefuseOpcode(uint8_t op) const;
  Status SetItems(const std::vector<PickleValue*>& kv);
  Status Append(const std::vector<PickleValue*>& items);
  Status Tuple(std::vector<PickleValue*> items);
  Result<PickleValue*> MakeTensor(const PickleValue& args);

  std::string name_;
  std::span<const uint8_t> bytes_;
  uint64_t pos_ = 0;
  uint64_t op_at_ = 0;  // offset of the opcode being interpreted
  std::vector<std::unique_ptr<PickleValue>> arena_;
  std::vector<PickleValue*> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, PickleValue*> memo_;
};

}  // namespace lineage
