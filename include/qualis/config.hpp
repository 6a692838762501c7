/// @file
/// @brief Compiler and namespace configuration shared by every qualis header.
#ifndef QUALIS_CONFIG_HPP
#define QUALIS_CONFIG_HPP

/// Opens the versioned public namespace `qualis::v1` (an inline namespace, so users write `qualis::`).
#define QUALIS_NAMESPACE_BEGIN \
  namespace qualis {           \
  inline namespace v1 {
/// Closes the namespace opened by QUALIS_NAMESPACE_BEGIN.
#define QUALIS_NAMESPACE_END \
  }                          \
  }

/// Marks an API element deprecated with a message naming the version and the replacement,
/// e.g. `QUALIS_DEPRECATED("since 0.4; use rank_within()")`.
#define QUALIS_DEPRECATED(msg) [[deprecated(msg)]]

#endif  // QUALIS_CONFIG_HPP
