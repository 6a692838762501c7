/// @file
/// @brief Bilingual display names shared by regions, clusters, indicators, dimensions and steps.
#ifndef QUALIS_MODEL_NAMES_HPP
#define QUALIS_MODEL_NAMES_HPP

#include <string>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"

QUALIS_NAMESPACE_BEGIN

/// A Chinese and an English name (UTF-8). Either may be empty; the containers that hold named
/// things reject names that are not valid UTF-8.
struct Names {
  std::string zh;  ///< Chinese name, e.g. "定州市体育用品".
  std::string en;  ///< English name, e.g. "Dingzhou sports goods".

  /// A name for display: the Chinese one if present, otherwise the English one.
  /// @return a copy of the preferred non-empty name, or an empty string if both are empty.
  [[nodiscard]] std::string preferred() const { return zh.empty() ? en : zh; }

  /// Both names are equal.
  /// @param a left operand.
  /// @param b right operand.
  /// @return true if the Chinese and the English names are equal.
  friend bool operator==(const Names& a, const Names& b) { return a.zh == b.zh && a.en == b.en; }
  /// Some name differs.
  /// @param a left operand.
  /// @param b right operand.
  /// @return the negation of `a == b`.
  friend bool operator!=(const Names& a, const Names& b) { return !(a == b); }
};

namespace detail {
// Throws InvalidInput(invalid_text) if either name is not valid UTF-8.
inline void check_names(const std::string& context, const Names& names) {
  check_utf8(context, "Chinese name", names.zh);
  check_utf8(context, "English name", names.en);
}
}  // namespace detail

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_NAMES_HPP
