// Status and Result<T>: errors are values, never exceptions, across the whole library.
//
// Contract:
//   - A Status is either ok() or carries a Code and a human-readable message. Messages that concern
//     a file name the file and, where it applies, the byte offset (use the helpers below).
//   - Result<T> holds either a T or a non-ok Status. Accessing value() of an error Result is a bug
//     in the caller (check ok() first): it aborts, in every build type, after printing the status
//     to stderr.
//   - Both are [[nodiscard]]: an error dropped on the floor is a bug. Where ignoring one is right,
//     cast it to (void) with a comment saying why.
//   - Both are plain values: copyable/movable, no shared state, safe to pass between threads.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace lineage {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // the caller (usually the user on the command line) asked for something
                       // wrong
    kNotFound,         // a file, tensor or key that should exist does not
    kCorrupt,          // the bytes violate the format: truncated, out of range, inconsistent
    kUnsupported,      // a valid input we do not decode (e.g. an unsupported quantisation type)
    kRefused,          // an input that would need code execution or unbounded resources
    kIoError,          // the operating system failed to read or write
    kNetwork,          // a remote source could not be reached or misbehaved (after retries)
    kAuth,             // a remote source refused our credentials (HTTP 401/403)
    kInternal,         // a bug in lineage
    kCancelled,        // the caller asked the work to stop (util/cancel.h)
  };

  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "corrupt: model.safetensors: offset 8: header length 9e12 exceeds file size 1024"
  std::string ToString() const;
  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

const char* CodeName(Status::Code code);

Status InvalidArgument(std::string msg);
Status NotFound(std::string msg);
Status Unsupported(std::string msg);
Status Refused(std::string msg);
Status IoError(std::string msg);
// Network and authentication failures name the URL (never a token) and the HTTP status.
Status NetworkError(std::string msg);
Status AuthError(std::string msg);
Status Internal(std::string msg);
// Corrupt input, located: "<file>: offset <offset>: <msg>".
Status Corrupt(const std::string& file, uint64_t offset, const std::string& msg);
// Corrupt input without a meaningful offset: "<file>: <msg>".
Status Corrupt(const std::string& file, const std::string& msg);

namespace internal {
// Prints `what` and the status to stderr, then aborts. Out of line: keeps value() small.
[[noreturn]] void DieOnResultMisuse(const char* what, const Status& status);
}  // namespace internal

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : *std::get_if<Status>(&v_);
  }
  T& value() & { return *Checked(); }
  const T& value() const& { return *Checked(); }
  T&& value() && { return std::move(*Checked()); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  // Every value() goes through here: a std::get would throw instead of saying what broke.
  const T* Checked() const {
    const T* v = std::get_if<T>(&v_);
    if (v == nullptr) internal::DieOnResultMisuse("Result::value() on an error", status());
    return v;
  }
  T* Checked() { return const_cast<T*>(std::as_const(*this).Checked()); }

  std::variant<T, Status> v_;
};

}  // namespace lineage

// Early-return helpers. Keep them few: they are the only macros in the library.
#define LINEAGE_RETURN_IF_ERROR(expr) \
  do {                                \
    ::lineage::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)

#define LINEAGE_CONCAT_INNER(a, b) a##b
#define LINEAGE_CONCAT(a, b) LINEAGE_CONCAT_INNER(a, b)
#define LINEAGE_ASSIGN_OR_RETURN(lhs, expr) \
  LINEAGE_ASSIGN_OR_RETURN_IMPL(LINEAGE_CONCAT(_res_, __LINE__), lhs, expr)
#define LINEAGE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
