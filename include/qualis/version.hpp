/// @file
/// @brief The library version: the single source that CMake also reads.
#ifndef QUALIS_VERSION_HPP
#define QUALIS_VERSION_HPP

#include <string_view>

#include "qualis/config.hpp"

/// Major version: incremented for incompatible API changes (SemVer).
#define QUALIS_VERSION_MAJOR 0
/// Minor version: incremented for compatible additions.
#define QUALIS_VERSION_MINOR 1
/// Patch version: incremented for compatible fixes.
#define QUALIS_VERSION_PATCH 0
/// The version as a string literal, "MAJOR.MINOR.PATCH".
#define QUALIS_VERSION_STRING "0.1.0"

QUALIS_NAMESPACE_BEGIN

/// The version of the qualis headers in use.
/// @return "MAJOR.MINOR.PATCH", equal to QUALIS_VERSION_STRING.
constexpr std::string_view version() noexcept { return QUALIS_VERSION_STRING; }

/// The version as a single comparable number.
/// @return MAJOR * 10000 + MINOR * 100 + PATCH.
constexpr int version_number() noexcept {
  return QUALIS_VERSION_MAJOR * 10000 + QUALIS_VERSION_MINOR * 100 + QUALIS_VERSION_PATCH;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_VERSION_HPP
