/// @file
/// @brief Problems found in input files, collected rather than thrown, so that a check can report all of them.
#ifndef QUALIS_IO_PROBLEMS_HPP
#define QUALIS_IO_PROBLEMS_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/error.hpp"

QUALIS_NAMESPACE_BEGIN

/// One problem in an input file: where it is, which id it concerns and what is wrong.
struct Problem {
  std::string file;        ///< The file as the user named it (or `<stdin>`, or the model file for a cross-check).
  std::size_t line = 0;    ///< 1-based line; 0 when the problem concerns the file as a whole.
  std::size_t column = 0;  ///< 1-based column in characters (Unicode code points); 0 when unknown.
  std::string id;          ///< The unit, indicator, period, step or key concerned; may be empty.
  ErrorCode code = ErrorCode::invalid_argument;  ///< The kind of problem, as the typed errors use it.
  std::string message;                           ///< What is wrong, as a sentence without the position.

  /// The problem as one line: `file:line:column: message` (line and column left out when 0).
  /// @return the formatted line.
  [[nodiscard]] std::string to_string() const {
    std::string out = file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
    out += message;
    return out;
  }
};

/// Where readers put the problems they find. A reader given a Problems sink records every problem and goes
/// on with the rest of its input; a reader given none throws at the first (ParseError or InvalidInput).
class Problems {
 public:
  /// Records one problem.
  /// @param problem the problem.
  void add(Problem problem) { list_.push_back(std::move(problem)); }
  /// @return true if no problem was recorded.
  [[nodiscard]] bool empty() const noexcept { return list_.empty(); }
  /// @return the number of problems recorded.
  [[nodiscard]] std::size_t size() const noexcept { return list_.size(); }
  /// @return the problems, in the order they were found.
  [[nodiscard]] const std::vector<Problem>& list() const noexcept { return list_; }

 private:
  std::vector<Problem> list_;
};

/// Records a problem in `sink`, or throws it when there is no sink: a ParseError when the problem has a
/// line, an InvalidInput otherwise. The readers of qualis::io report through this one function.
/// @param sink where to record, or nullptr to throw.
/// @param problem the problem.
/// @throws ParseError or InvalidInput when `sink` is nullptr.
inline void report(Problems* sink, Problem problem) {
  if (sink != nullptr) {
    sink->add(std::move(problem));
    return;
  }
  if (problem.line > 0 || problem.code == ErrorCode::parse_error) {
    throw ParseError(problem.file, problem.line, problem.column, problem.message);
  }
  throw InvalidInput(problem.code, problem.file, problem.message);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_IO_PROBLEMS_HPP
