// Shared test helper: run a callable and check the qualis error it throws (type, code, message).
// It exists so that every test file states "this call must fail like so" the same way, instead of each
// file carrying its own try/catch helper.
#ifndef QUALIS_TESTS_SUPPORT_EXPECT_ERROR_HPP
#define QUALIS_TESTS_SUPPORT_EXPECT_ERROR_HPP

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <exception>
#include <initializer_list>
#include <qualis/error.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace qualis_test {

namespace detail {

// The name of a qualis error type, for failure messages.
template <class E>
constexpr const char* error_type_name() {
  if constexpr (std::is_same_v<E, qualis::InvalidInput>) return "qualis::InvalidInput";
  if constexpr (std::is_same_v<E, qualis::NotFound>) return "qualis::NotFound";
  if constexpr (std::is_same_v<E, qualis::NumericalError>) return "qualis::NumericalError";
  if constexpr (std::is_same_v<E, qualis::ParseError>) return "qualis::ParseError";
  if constexpr (std::is_same_v<E, qualis::IoError>) return "qualis::IoError";
  if constexpr (std::is_same_v<E, qualis::Error>) return "qualis::Error";
  return "the expected exception type";
}

}  // namespace detail

/// Runs `f` and expects it to throw `E` (or a type derived from it) whose code is `code` and whose
/// message contains every one of `fragments`; then calls `inspect(e)` for checks of further fields
/// (e.g. `ParseError::source()`). A failed expectation is a non-fatal test failure.
/// @return the message of the caught error, or an empty string when nothing or another type was thrown.
template <class E, class F, class Inspect>
std::string expect_error(F&& f, qualis::ErrorCode code, std::initializer_list<std::string_view> fragments,
                         Inspect&& inspect) {
  static_assert(std::is_base_of_v<qualis::Error, E>, "E must be a qualis error type");
  const char* const expected = detail::error_type_name<E>();
  try {
    std::forward<F>(f)();
  } catch (const E& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.code(), code) << "expected code " << qualis::to_string(code) << ", got " << qualis::to_string(e.code())
                              << ": " << message;
    for (const std::string_view fragment : fragments) {
      EXPECT_THAT(message, ::testing::HasSubstr(std::string(fragment)));
    }
    std::forward<Inspect>(inspect)(e);
    return message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected " << expected << " with code " << qualis::to_string(code)
                  << ", got another exception: " << e.what();
    return {};
  } catch (...) {
    ADD_FAILURE() << "expected " << expected << " with code " << qualis::to_string(code)
                  << ", got an exception not derived from std::exception";
    return {};
  }
  ADD_FAILURE() << "expected " << expected << " with code " << qualis::to_string(code) << ", nothing was thrown";
  return {};
}

/// As above, without further checks of the caught error.
template <class E, class F>
std::string expect_error(F&& f, qualis::ErrorCode code, std::initializer_list<std::string_view> fragments = {}) {
  return expect_error<E>(std::forward<F>(f), code, fragments, [](const E&) {});
}

}  // namespace qualis_test

#endif  // QUALIS_TESTS_SUPPORT_EXPECT_ERROR_HPP
