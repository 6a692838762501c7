// The version macros, qualis::version() and the CMake project version agree.
#include <gtest/gtest.h>

#include <qualis/version.hpp>  // the umbrella header is compiled by the header check
#include <string>

namespace {

TEST(Version, MacrosAndFunctionAgree) {
  const std::string composed = std::to_string(QUALIS_VERSION_MAJOR) + "." + std::to_string(QUALIS_VERSION_MINOR) + "." +
                               std::to_string(QUALIS_VERSION_PATCH);
  EXPECT_EQ(composed, QUALIS_VERSION_STRING);
  EXPECT_EQ(std::string(qualis::version()), QUALIS_VERSION_STRING);
  EXPECT_EQ(qualis::version_number(), QUALIS_VERSION_MAJOR * 10000 + QUALIS_VERSION_MINOR * 100 + QUALIS_VERSION_PATCH);
  EXPECT_EQ(qualis::version(), "0.1.0");
  static_assert(qualis::version_number() == 100, "0.1.0 encodes as 100");
}

TEST(Version, InlineNamespaceIsV1) {
  // Users write qualis::, the ABI carries qualis::v1.
  EXPECT_EQ(qualis::v1::version(), qualis::version());
}

}  // namespace
