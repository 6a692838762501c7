/// @file
/// @brief The qualis error hierarchy: typed exceptions with stable codes and messages that say where.
#ifndef QUALIS_ERROR_HPP
#define QUALIS_ERROR_HPP

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "qualis/config.hpp"

QUALIS_NAMESPACE_BEGIN

/// Stable error codes. The numbers never change meaning; new codes are only appended.
/// The hundreds digit names the family (1 invalid input, 2 not found, 3 numerical, 4 parse, 5 I/O).
enum class ErrorCode : int {
  invalid_argument = 100,  ///< An argument is invalid in a way no more specific code describes.
  empty_input = 101,       ///< A required collection, matrix or text is empty.
  size_mismatch = 102,     ///< Sizes of related inputs disagree.
  not_finite = 103,        ///< A value is infinite (or NaN where missing values are not allowed).
  out_of_range = 104,      ///< A value lies outside its allowed range.
  duplicate_id = 105,      ///< An id (or key such as unit x indicator x period) occurs twice.
  invalid_id = 106,        ///< An id is empty, has control characters or surrounding white space.
  cycle = 107,             ///< A parent chain returns to where it started.
  invalid_text = 108,      ///< Text is not valid UTF-8.
  inconsistent = 109,      ///< Inputs contradict each other (e.g. an empty dimension, a bad rubric).
  not_found = 200,         ///< An id, code or period was looked up and does not exist.
  numerical = 300,         ///< A computation failed for numerical reasons.
  parse_error = 400,       ///< Text could not be parsed (a period, a CSV or JSON file).
  io_error = 500,          ///< A file could not be read or written.
};

/// The stable name of an error code, e.g. "duplicate_id".
/// @param code the code to name.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::empty_input:
      return "empty_input";
    case ErrorCode::size_mismatch:
      return "size_mismatch";
    case ErrorCode::not_finite:
      return "not_finite";
    case ErrorCode::out_of_range:
      return "out_of_range";
    case ErrorCode::duplicate_id:
      return "duplicate_id";
    case ErrorCode::invalid_id:
      return "invalid_id";
    case ErrorCode::cycle:
      return "cycle";
    case ErrorCode::invalid_text:
      return "invalid_text";
    case ErrorCode::inconsistent:
      return "inconsistent";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::numerical:
      return "numerical";
    case ErrorCode::parse_error:
      return "parse_error";
    case ErrorCode::io_error:
      return "io_error";
  }
  return "unknown";
}

/// Base of every exception qualis throws. Catch `qualis::Error` for all of them, or the matching
/// standard exception (`std::invalid_argument`, `std::out_of_range`, `std::runtime_error`), which each
/// concrete error also derives from; `std::exception` catches them all too.
///
/// Messages read `qualis: <context>: <problem>`, where the context names the object and the offending
/// element, e.g. `qualis: panel[unit=dz-sport, indicator=rev, period=2021]: value is not finite`.
class Error {
 public:
  virtual ~Error() = default;

  /// The full message.
  /// @return a null-terminated string owned by the exception.
  [[nodiscard]] virtual const char* what() const noexcept = 0;

  /// The stable code of this error.
  /// @return the code given at construction.
  [[nodiscard]] ErrorCode code() const noexcept { return code_; }

  /// Where the error was found, e.g. `panel[unit=dz-sport, period=2021]` or `data.csv:3:7`.
  /// @return the context given at construction (may be empty).
  [[nodiscard]] const std::string& context() const noexcept { return context_; }

 protected:
  /// Records the code and context; the message lives in the standard-exception base.
  /// @param code the stable code.
  /// @param context where the error was found.
  Error(ErrorCode code, std::string context) : code_(code), context_(std::move(context)) {}
  /// Copyable, as exceptions must be.
  /// @param other the error to copy.
  Error(const Error& other) = default;
  /// Movable.
  /// @param other the error to move from.
  Error(Error&& other) noexcept = default;
  /// Copy-assignable.
  /// @param other the error to copy.
  /// @return this error.
  Error& operator=(const Error& other) = default;
  /// Move-assignable.
  /// @param other the error to move from.
  /// @return this error.
  Error& operator=(Error&& other) noexcept = default;

  /// Composes the message `qualis: <context>: <problem>` (the context part is left out when empty).
  /// @param context where the error was found.
  /// @param problem what is wrong.
  /// @return the composed message.
  static std::string compose(std::string_view context, std::string_view problem) {
    std::string out = "qualis: ";
    if (!context.empty()) {
      out.append(context);
      out += ": ";
    }
    out.append(problem);
    return out;
  }

 private:
  ErrorCode code_;
  std::string context_;
};

/// The caller passed invalid data: wrong sizes, duplicates, non-finite values, bad ids, cycles,
/// invalid UTF-8, inconsistent definitions. Derives from `std::invalid_argument`.
class InvalidInput : public std::invalid_argument, public Error {
 public:
  /// @param code the specific code (one of the 1xx family).
  /// @param context where the error was found, e.g. `framework[dimension=quality]`.
  /// @param problem what is wrong.
  InvalidInput(ErrorCode code, const std::string& context, std::string_view problem)
      : std::invalid_argument(compose(context, problem)), Error(code, context) {}
  /// @return the full message.
  [[nodiscard]] const char* what() const noexcept override { return std::invalid_argument::what(); }
};

/// A lookup by id, code or period found nothing. Derives from `std::out_of_range`.
class NotFound : public std::out_of_range, public Error {
 public:
  /// @param context the collection searched, e.g. `cluster_set`.
  /// @param problem what was not found, e.g. `no cluster with id "x"`.
  NotFound(const std::string& context, std::string_view problem)
      : std::out_of_range(compose(context, problem)), Error(ErrorCode::not_found, context) {}
  /// @return the full message.
  [[nodiscard]] const char* what() const noexcept override { return std::out_of_range::what(); }
};

/// A computation failed for numerical reasons that are not reported in a result's status field.
/// Derives from `std::runtime_error`.
class NumericalError : public std::runtime_error, public Error {
 public:
  /// @param context the computation, e.g. `ahp_weights`.
  /// @param problem what went wrong.
  NumericalError(const std::string& context, std::string_view problem)
      : std::runtime_error(compose(context, problem)), Error(ErrorCode::numerical, context) {}
  /// @return the full message.
  [[nodiscard]] const char* what() const noexcept override { return std::runtime_error::what(); }
};

/// Text could not be parsed. Carries the source name and a 1-based line and column (0 when not
/// applicable, e.g. for a period string given in code). Derives from `std::runtime_error`.
class ParseError : public std::runtime_error, public Error {
 public:
  /// @param source a file name or a description such as `period`.
  /// @param line 1-based line number, 0 if unknown.
  /// @param column 1-based column number, counted in characters (Unicode code points, as an editor shows
  ///        them), 0 if unknown.
  /// @param problem what is wrong.
  ParseError(const std::string& source, std::size_t line, std::size_t column, std::string_view problem)
      : std::runtime_error(compose(position(source, line, column), problem)),
        Error(ErrorCode::parse_error, position(source, line, column)),
        source_(source),
        line_(line),
        column_(column) {}
  /// @return the full message.
  [[nodiscard]] const char* what() const noexcept override { return std::runtime_error::what(); }
  /// @return the source name given at construction.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  /// @return the 1-based line, or 0 if unknown.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// @return the 1-based column, or 0 if unknown.
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  static std::string position(const std::string& source, std::size_t line, std::size_t column) {
    std::string out = source;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    return out;
  }

  std::string source_;
  std::size_t line_;
  std::size_t column_;
};

/// A file could not be opened, read or written. Derives from `std::runtime_error`.
class IoError : public std::runtime_error, public Error {
 public:
  /// @param path the file concerned.
  /// @param problem what went wrong.
  IoError(const std::string& path, std::string_view problem)
      : std::runtime_error(compose(path, problem)), Error(ErrorCode::io_error, path) {}
  /// @return the full message.
  [[nodiscard]] const char* what() const noexcept override { return std::runtime_error::what(); }
};

QUALIS_NAMESPACE_END

#endif  // QUALIS_ERROR_HPP
