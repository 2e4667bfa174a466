// Restricted pickle interpreter. See pickle.h. Opcode semantics follow CPython's
// Lib/pickletools.py documentation; only the data-building subset is implemented.
#include "format/pickle.h"

#include <bit>
#include <cstring>

#include "format/checkpoint.h"
#include "util/json.h"
#include "util/utf8.h"

namespace lineage {
namespace {

constexpr size_t kMaxObjects = 1 << 20;
constexpr size_t kMaxStack = 1 << 20;
constexpr size_t kMaxMarks = 1 << 16;
constexpr size_t kMaxMemo = 1 << 20;
constexpr size_t kMaxLine = 256;  // GLOBAL module/name lines

using Kind = PickleValue::Kind;
using Global = PickleValue::Global;

struct StorageTag {
  const char* name;
  DType dtype;
};
constexpr StorageTag kStorageTags[] = {
    {"FloatStorage", DType::kF32},  {"HalfStorage", DType::kF16}, {"BFloat16Storage", DType::kBF16},
    {"DoubleStorage", DType::kF64}, {"LongStorage", DType::kI64}, {"IntStorage", DType::kI32},
    {"ShortStorage", DType::kI16},  {"CharStorage", DType::kI8},  {"ByteStorage", DType::kU8},
    {"BoolStorage", DType::kBool},
};

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return "str";
    case Kind::kBytes:
      return "bytes";
    case Kind::kTuple:
      return "tuple";
    case Kind::kList:
      return "list";
    case Kind::kDict:
      return "dict";
    case Kind::kGlobal:
      return "global";
    case Kind::kStorage:
      return "storage";
    case Kind::kTensor:
      return "tensor";
  }
  return "?";
}

// Reads a non-negative integer element of a tuple.
bool AsUint(const PickleValue* v, uint64_t* out) {
  if (v == nullptr || v->kind != Kind::kInt || v->i < 0) return false;
  *out = static_cast<uint64_t>(v->i);
  return true;
}

bool UintTuple(const PickleValue* v, std::vector<uint64_t>* out) {
  if (v == nullptr || v->kind != Kind::kTuple || v->items.size() > kMaxTensorDims) return false;
  for (const PickleValue* item : v->items) {
    uint64_t x;
    if (!AsUint(item, &x)) return false;
    out->push_back(x);
  }
  return true;
}

}  // namespace

RestrictedUnpickler::RestrictedUnpickler(std::string name, std::span<const uint8_t> bytes)
    : name_(std::move(name)), bytes_(bytes) {}

PickleValue* RestrictedUnpickler::New(Kind kind) {
  if (arena_.size() >= kMaxObjects) return nullptr;
  arena_.push_back(std::make_unique<PickleValue>());
  PickleValue* v = arena_.back().get();
  v->kind = kind;
  v->offset = op_at_;
  return v;
}

Status RestrictedUnpickler::Error(const std::string& msg) const {
  return Corrupt(name_, op_at_, msg);
}

Status RestrictedUnpickler::Refuse(const std::string& msg) const {
  return Refused(name_ + ": offset " + std::to_string(op_at_) + ": " + msg +
                 "; lineage only reads plain state_dicts and never runs code from a model file");
}

Status RestrictedUnpickler::Push(PickleValue* v) {
  if (v == nullptr)
    return Refused(name_ + ": more than " + std::to_string(kMaxObjects) + " pickle objects");
  if (stack_.size() >= kMaxStack) return Error("pickle stack exceeds " + std::to_string(kMaxStack));
  stack_.push_back(v);
  return Status::Ok();
}

Result<PickleValue*> RestrictedUnpickler::Pop() {
  const size_t floor = marks_.empty() ? 0 : marks_.back();
  if (stack_.size() <= floor) return Error("pickle stack underflow");
  PickleValue* v = stack_.back();
  stack_.pop_back();
  return v;
}

Result<std::vector<PickleValue*>> RestrictedUnpickler::PopToMark() {
  if (marks_.empty()) return Error("opcode needs a MARK but none is set");
  const size_t m = marks_.back();
  marks_.pop_back();
  std::vector<PickleValue*> items(stack_.begin() + static_cast<ptrdiff_t>(m), stack_.end());
  stack_.resize(m);
  return items;
}

Status RestrictedUnpickler::Need(uint64_t n) const {
  if (n > bytes_.size() - pos_) {
    return Corrupt(name_, pos_, "pickle truncated: needs " + std::to_string(n) + " more bytes");
  }
  return Status::Ok();
}

Result<uint64_t> RestrictedUnpickler::ReadUint(int n) {
  LINEAGE_RETURN_IF_ERROR(Need(n));
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | bytes_[pos_ + i];
  pos_ += n;
  return v;
}

Result<std::string> RestrictedUnpickler::ReadBytes(uint64_t n) {
  LINEAGE_RETURN_IF_ERROR(Need(n));
  std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
  pos_ += n;
  return s;
}

Result<std::string> RestrictedUnpickler::ReadLine() {
  for (uint64_t i = pos_; i < bytes_.size() && i - pos_ <= kMaxLine; ++i) {
    if (bytes_[i] == '\n') {
      std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), i - pos_);
      pos_ = i + 1;
      return s;
    }
  }
  return Error("GLOBAL operand is not a short newline-terminated line");
}

Status RestrictedUnpickler::Put(uint64_t index) {
  if (stack_.empty()) return Error("memo put on an empty stack");
  if (memo_.size() >= kMaxMemo && memo_.find(index) == memo_.end()) {
    return Error("pickle memo exceeds " + std::to_string(kMaxMemo) + " entries");
  }
  memo_[index] = stack_.back();
  return Status::Ok();
}

Status RestrictedUnpickler::Get(uint64_t index) {
  auto it = memo_.find(index);
  if (it == memo_.end()) return Error("memo index " + std::to_string(index) + " was never set");
  return Push(it->second);
}

Status RestrictedUnpickler::DoGlobal(const std::string& module, const std::string& name) {
  PickleValue* g = New(Kind::kGlobal);
  if (g == nullptr) return Push(nullptr);
  g->s = module + "." + name;
  if (module == "collections" && name == "OrderedDict") {
    g->global = Global::kOrderedDict;
  } else if (module == "torch._utils" && name == "_rebuild_tensor_v2") {
    g->global = Global::kRebuildTensorV2;
  } else if (module == "torch._utils" && name == "_rebuild_parameter") {
    g->global = Global::kRebuildParameter;
  } else if (module == "torch") {
    for (const StorageTag& t : kStorageTags) {
      if (name == t.name) {
        g->global = Global::kStorageTag;
        g->dtype = t.dtype;
      }
    }
  }
  if (g->global == Global::kNone) return Refuse("refused global '" + g->s + "'");
  return Push(g);
}

Status RestrictedUnpickler::Tuple(std::vector<PickleValue*> items) {
  PickleValue* t = New(Kind::kTuple);
  if (t != nullptr) t->items.assign(items.begin(), items.end());
  return Push(t);
}

Status RestrictedUnpickler::SetItems(const std::vector<PickleValue*>& kv) {
  if (kv.size() % 2 != 0) return Error("SETITEMS with an odd number of stack items");
  if (stack_.empty() || stack_.back()->kind != Kind::kDict) {
    return Error("SETITEM(S) target is not a dict");
  }
  PickleValue* dict = stack_.back();
  for (size_t i = 0; i < kv.size(); i += 2) dict->entries.emplace_back(kv[i], kv[i + 1]);
  return Status::Ok();
}

Status RestrictedUnpickler::Append(const std::vector<PickleValue*>& items) {
  if (stack_.empty() || stack_.back()->kind != Kind::kList) {
    return Error("APPEND(S) target is not a list");
  }
  PickleValue* list = stack_.back();
  list->items.insert(list->items.end(), items.begin(), items.end());
  return Status::Ok();
}

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks
// [, metadata]). Only the view is recorded; bounds are checked against the archive later.
Result<PickleValue*> RestrictedUnpickler::MakeTensor(const PickleValue& args) {
  if (args.items.size() < 6 || args.items.size() > 7) {
    return Error("_rebuild_tensor_v2 takes 6 or 7 arguments, got " +
                 std::to_string(args.items.size()));
  }
  const PickleValue* storage = args.items[0];
  if (storage->kind != Kind::kStorage) {
    return Error("_rebuild_tensor_v2's first argument is a " +
                 std::string(KindName(storage->kind)) + ", not a storage");
  }
  PickleValue* t = New(Kind::kTensor);
  if (t == nullptr) return Refused(name_ + ": too many pickle objects");
  t->storage = storage;
  t->dtype = storage->dtype;
  if (!AsUint(args.items[1], &t->storage_offset) || !UintTuple(args.items[2], &t->shape) ||
      !UintTuple(args.items[3], &t->stride) || t->shape.size() != t->stride.size()) {
    return Error("_rebuild_tensor_v2 has a malformed offset, size or stride");
  }
  return t;
}

Status RestrictedUnpickler::DoReduce() {
  LINEAGE_ASSIGN_OR_RETURN(PickleValue * args, Pop());
  LINEAGE_ASSIGN_OR_RETURN(PickleValue * callable, Pop());
  if (callable->kind != Kind::kGlobal || callable->global == Global::kStorageTag) {
    return Refuse("REDUCE may only call allowlisted functions, not a " +
                  std::string(KindName(callable->kind)) +
                  (callable->kind == Kind::kGlobal ? " '" + callable->s + "'" : std::string()));
  }
  if (args->kind != Kind::kTuple) return Error("REDUCE arguments are not a tuple");
  switch (callable->global) {
    case Global::kOrderedDict: {
      PickleValue* d = New(Kind::kDict);
      if (d == nullptr) return Push(nullptr);
      if (!args->items.empty()) {
        // OrderedDict(iterable of pairs)
        const PickleValue* init = args->items[0];
        if (args->items.size() != 1 || (init->kind != Kind::kList && init->kind != Kind::kTuple)) {
          return Error("OrderedDict called with unexpected arguments");
        }
        for (const PickleValue* pair : init->items) {
          if (pair->kind != Kind::kTuple || pair->items.size() != 2) {
            return Error("OrderedDict initialiser is not a list of pairs");
          }
          d->entries.emplace_back(pair->items[0], pair->items[1]);
        }
      }
      return Push(d);
    }
    case Global::kRebuildTensorV2: {
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * t, MakeTensor(*args));
      return Push(t);
    }
    case Global::kRebuildParameter: {
      // _rebuild_parameter(data, requires_grad, backward_hooks): the parameter is its data.
      if (args->items.size() != 3 || args->items[0]->kind != Kind::kTensor) {
        return Error("_rebuild_parameter expects (tensor, requires_grad, hooks)");
      }
      return Push(const_cast<PickleValue*>(args->items[0]));
    }
    default:
      return Refuse("REDUCE on '" + callable->s + "'");
  }
}

// BUILD sets an object's state. A state_dict's OrderedDict carries `_metadata` this way; any
// other target would mean calling __setstate__ on an arbitrary object.
Status RestrictedUnpickler::DoBuild() {
  LINEAGE_ASSIGN_OR_RETURN(PickleValue * state, Pop());
  (void)state;
  if (stack_.empty()) return Error("BUILD on an empty stack");
  const PickleValue* target = stack_.back();
  if (target->kind != Kind::kDict) {
    return Refuse("BUILD on a " + std::string(KindName(target->kind)) +
                  (target->kind == Kind::kGlobal ? " '" + target->s + "'" : std::string()));
  }
  return Status::Ok();
}

// Persistent id ('storage', torch.<T>Storage, key, location, numel).
Status RestrictedUnpickler::DoPersistentId() {
  LINEAGE_ASSIGN_OR_RETURN(PickleValue * pid, Pop());
  const auto& it = pid->items;
  if (pid->kind != Kind::kTuple || it.size() != 5 || it[0]->kind != Kind::kString ||
      it[0]->s != "storage") {
    return Refuse("persistent id is not a ('storage', type, key, location, numel) tuple");
  }
  if (it[1]->kind != Kind::kGlobal || it[1]->global != Global::kStorageTag) {
    return Refuse("storage type is not a torch.*Storage dtype tag");
  }
  if (it[2]->kind != Kind::kString || it[3]->kind != Kind::kString) {
    return Error("storage key or location is not a string");
  }
  PickleValue* s = New(Kind::kStorage);
  if (s == nullptr) return Push(nullptr);
  s->dtype = it[1]->dtype;
  s->storage_key = it[2]->s;
  if (!AsUint(it[4], &s->storage_numel)) return Error("storage size is not a non-negative int");
  return Push(s);
}

Status RestrictedUnpickler::DoStackControl(uint8_t op) {
  switch (op) {
    case 0x80: {  // PROTO
      LINEAGE_ASSIGN_OR_RETURN(uint64_t proto, ReadUint(1));
      if (proto > 5) return Error("unknown pickle protocol " + std::to_string(proto));
      return Status::Ok();
    }
    case 0x95: {  // FRAME: a length hint only
      LINEAGE_ASSIGN_OR_RETURN(uint64_t ignored, ReadUint(8));
      (void)ignored;
      return Status::Ok();
    }
    case '(':  // MARK
      if (marks_.size() >= kMaxMarks) return Error("too many nested MARKs");
      marks_.push_back(stack_.size());
      return Status::Ok();
    case '0': {  // POP
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * ignored, Pop());
      (void)ignored;
      return Status::Ok();
    }
    case '1': {  // POP_MARK
      LINEAGE_ASSIGN_OR_RETURN(auto ignored, PopToMark());
      (void)ignored;
      return Status::Ok();
    }
    case '2':  // DUP
      if (stack_.empty()) return Error("DUP on an empty stack");
      return Push(stack_.back());
    default:
      return RefuseOpcode(op);
  }
}

Status RestrictedUnpickler::DoScalar(uint8_t op) {
  switch (op) {
    case 'N':
      return Push(New(Kind::kNone));
    case 0x88:    // NEWTRUE
    case 0x89: {  // NEWFALSE
      PickleValue* v = New(Kind::kBool);
      if (v != nullptr) v->b = op == 0x88;
      return Push(v);
    }
    case 'J':
    case 'K':
    case 'M': {  // BININT, BININT1, BININT2
      const int width = op == 'J' ? 4 : op == 'K' ? 1 : 2;
      LINEAGE_ASSIGN_OR_RETURN(uint64_t u, ReadUint(width));
      PickleValue* v = New(Kind::kInt);
      if (v != nullptr) v->i = op == 'J' ? static_cast<int32_t>(u) : static_cast<int64_t>(u);
      return Push(v);
    }
    case 0x8a: {  // LONG1: little-endian two's complement of n bytes
      LINEAGE_ASSIGN_OR_RETURN(uint64_t n, ReadUint(1));
      if (n > 8) return Refuse("integer wider than 64 bits");
      LINEAGE_ASSIGN_OR_RETURN(uint64_t u, ReadUint(static_cast<int>(n)));
      if (n > 0 && n < 8 && (u >> (8 * n - 1)) & 1) u |= ~uint64_t{0} << (8 * n);  // sign
      PickleValue* v = New(Kind::kInt);
      if (v != nullptr) v->i = static_cast<int64_t>(u);
      return Push(v);
    }
    case 'G': {  // BINFLOAT: big-endian double
      LINEAGE_RETURN_IF_ERROR(Need(8));
      uint64_t u = 0;
      for (int i = 0; i < 8; ++i) u = (u << 8) | bytes_[pos_ + i];
      pos_ += 8;
      PickleValue* v = New(Kind::kFloat);
      if (v != nullptr) v->f = std::bit_cast<double>(u);
      return Push(v);
    }
    default:
      return RefuseOpcode(op);
  }
}

// BINUNICODE, SHORT_BINUNICODE, BINUNICODE8; BINSTRING, SHORT_BINSTRING (protocol ≤ 2 str);
// BINBYTES, SHORT_BINBYTES, BINBYTES8.
Status RestrictedUnpickler::DoText(uint8_t op) {
  const int width = (op == 0x8c || op == 'U' || op == 'C') ? 1 : (op == 0x8d || op == 0x8e) ? 8 : 4;
  LINEAGE_ASSIGN_OR_RETURN(uint64_t n, ReadUint(width));
  LINEAGE_ASSIGN_OR_RETURN(std::string s, ReadBytes(n));
  const bool text = op == 'X' || op == 0x8c || op == 0x8d;
  if (text && FindInvalidUtf8(s) != std::string::npos) return Error("string is not UTF-8");
  PickleValue* v = New(op == 'B' || op == 'C' || op == 0x8e ? Kind::kBytes : Kind::kString);
  if (v != nullptr) v->s = std::move(s);
  return Push(v);
}

Status RestrictedUnpickler::DoContainer(uint8_t op) {
  switch (op) {
    case ')':
      return Tuple({});
    case 0x85:
    case 0x86:
    case 0x87: {  // TUPLE1..3
      const size_t n = op - 0x84;
      std::vector<PickleValue*> items(n);
      for (size_t i = n; i-- > 0;) {
        LINEAGE_ASSIGN_OR_RETURN(items[i], Pop());
      }
      return Tuple(std::move(items));
    }
    case 't': {  // TUPLE
      LINEAGE_ASSIGN_OR_RETURN(auto items, PopToMark());
      return Tuple(std::move(items));
    }
    case ']':
      return Push(New(Kind::kList));
    case 'l': {  // LIST
      LINEAGE_ASSIGN_OR_RETURN(auto items, PopToMark());
      PickleValue* v = New(Kind::kList);
      if (v != nullptr) v->items.assign(items.begin(), items.end());
      return Push(v);
    }
    case 'a': {  // APPEND
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * item, Pop());
      return Append({item});
    }
    case 'e': {  // APPENDS
      LINEAGE_ASSIGN_OR_RETURN(auto items, PopToMark());
      return Append(items);
    }
    case '}':
      return Push(New(Kind::kDict));
    case 'd': {  // DICT
      LINEAGE_ASSIGN_OR_RETURN(auto kv, PopToMark());
      LINEAGE_RETURN_IF_ERROR(Push(New(Kind::kDict)));
      return SetItems(kv);
    }
    case 's': {  // SETITEM
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * value, Pop());
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * key, Pop());
      return SetItems({key, value});
    }
    case 'u': {  // SETITEMS
      LINEAGE_ASSIGN_OR_RETURN(auto kv, PopToMark());
      return SetItems(kv);
    }
    default:
      return RefuseOpcode(op);
  }
}

Status RestrictedUnpickler::DoMemo(uint8_t op) {
  switch (op) {
    case 'q':
    case 'r': {  // BINPUT, LONG_BINPUT
      LINEAGE_ASSIGN_OR_RETURN(uint64_t index, ReadUint(op == 'q' ? 1 : 4));
      return Put(index);
    }
    case 0x94:  // MEMOIZE
      return Put(memo_.size());
    case 'h':
    case 'j': {  // BINGET, LONG_BINGET
      LINEAGE_ASSIGN_OR_RETURN(uint64_t index, ReadUint(op == 'h' ? 1 : 4));
      return Get(index);
    }
    default:
      return RefuseOpcode(op);
  }
}

Status RestrictedUnpickler::DoObject(uint8_t op) {
  switch (op) {
    case 'c': {  // GLOBAL "module\nname\n"
      LINEAGE_ASSIGN_OR_RETURN(std::string module, ReadLine());
      LINEAGE_ASSIGN_OR_RETURN(std::string name, ReadLine());
      return DoGlobal(module, name);
    }
    case 0x93: {  // STACK_GLOBAL
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * name, Pop());
      LINEAGE_ASSIGN_OR_RETURN(PickleValue * module, Pop());
      if (module->kind != Kind::kString || name->kind != Kind::kString) {
        return Error("STACK_GLOBAL operands are not strings");
      }
      return DoGlobal(module->s, name->s);
    }
    case 'R':
      return DoReduce();
    case 'b':
      return DoBuild();
    case 'Q':
      return DoPersistentId();
    default:
      return RefuseOpcode(op);
  }
}

// Everything outside the data-only subset; the named ones say why.
Status RestrictedUnpickler::RefuseOpcode(uint8_t op) const {
  switch (op) {
    case 'i':
      return Refuse("INST opcode (instantiates an arbitrary class)");
    case 'o':
      return Refuse("OBJ opcode (instantiates an arbitrary class)");
    case 0x81:
      return Refuse("NEWOBJ opcode (instantiates an arbitrary class)");
    case 0x92:
      return Refuse("NEWOBJ_EX opcode (instantiates an arbitrary class)");
    case 0x82:
    case 0x83:
    case 0x84:
      return Refuse("EXT opcode (copyreg extension registry)");
    case 'P':
      return Refuse("text PERSID opcode");
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", op);
      return Refuse(std::string("pickle opcode ") + hex + " is outside the data-only subset");
    }
  }
}

Status RestrictedUnpickler::Execute(uint8_t op) {
  switch (op) {
    case 0x80:
    case 0x95:
    case '(':
    case '0':
    case '1':
    case '2':
      return DoStackControl(op);
    case 'N':
    case 0x88:
    case 0x89:
    case 'J':
    case 'K':
    case 'M':
    case 0x8a:
    case 'G':
      return DoScalar(op);
    case 'X':
    case 0x8c:
    case 0x8d:
    case 'T':
    case 'U':
    case 'B':
    case 'C':
    case 0x8e:
      return DoText(op);
    case ')':
    case 0x85:
    case 0x86:
    case 0x87:
    case 't':
    case ']':
    case 'l':
    case 'a':
    case 'e':
    case '}':
    case 'd':
    case 's':
    case 'u':
      return DoContainer(op);
    case 'q':
    case 'r':
    case 0x94:
    case 'h':
    case 'j':
      return DoMemo(op);
    case 'c':
    case 0x93:
    case 'R':
    case 'b':
    case 'Q':
      return DoObject(op);
    default:
      return RefuseOpcode(op);
  }
}

Result<const PickleValue*> RestrictedUnpickler::Run() {
  while (true) {
    op_at_ = pos_;
    if (pos_ >= bytes_.size()) return Corrupt(name_, pos_, "pickle ends without STOP");
    const uint8_t op = bytes_[pos_++];
    if (op == '.') {  // STOP
      if (stack_.size() != 1 || !marks_.empty()) {
        return Error("STOP with " + std::to_string(stack_.size()) + " values on the stack");
      }
      return static_cast<const PickleValue*>(stack_.back());
    }
    LINEAGE_RETURN_IF_ERROR(Execute(op));
  }
}

}  // namespace lineage
