// Tests for the qualis::Error hierarchy: catchable as qualis::Error and as the matching std exception,
// stable codes and names, messages that say where.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <qualis/error.hpp>
#include <stdexcept>
#include <string>

#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis_test::expect_error;
using testing::HasSubstr;

TEST(Error, InvalidInputIsCatchableBothWays) {
  const auto thrower = [] {
    throw qualis::InvalidInput(ErrorCode::not_finite, "panel[unit=dz-sport, indicator=rev, period=2021]",
                               "value is not finite");
  };
  const std::string message = expect_error<qualis::Error>(
      thrower, ErrorCode::not_finite, {},
      [](const qualis::Error& e) { EXPECT_EQ(e.context(), "panel[unit=dz-sport, indicator=rev, period=2021]"); });
  EXPECT_EQ(message, "qualis: panel[unit=dz-sport, indicator=rev, period=2021]: value is not finite");
  EXPECT_THROW(thrower(), std::invalid_argument);
  EXPECT_THROW(thrower(), std::exception);
}

TEST(Error, EachFamilyDerivesFromItsStandardException) {
  EXPECT_THROW(throw qualis::NotFound("cluster_set", "no cluster with id \"x\""), std::out_of_range);
  EXPECT_THROW(throw qualis::NumericalError("ahp_weights", "no convergence"), std::runtime_error);
  EXPECT_THROW(throw qualis::ParseError("data.csv", 3, 7, "unterminated quote"), std::runtime_error);
  EXPECT_THROW(throw qualis::IoError("model.json", "cannot open"), std::runtime_error);
  EXPECT_THROW(throw qualis::NotFound("x", "y"), qualis::Error);
  EXPECT_THROW(throw qualis::IoError("x", "y"), qualis::Error);
}

TEST(Error, ParseErrorReportsFileLineColumn) {
  const qualis::ParseError e("data.csv", 3, 7, "unterminated quote");
  EXPECT_STREQ(e.what(), "qualis: data.csv:3:7: unterminated quote");
  EXPECT_EQ(e.source(), "data.csv");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 7u);
  EXPECT_EQ(e.code(), ErrorCode::parse_error);
  const qualis::ParseError no_column("data.csv", 3, 0, "bad row");
  EXPECT_STREQ(no_column.what(), "qualis: data.csv:3: bad row");
  const qualis::ParseError no_line("period", 0, 0, "bad");
  EXPECT_STREQ(no_line.what(), "qualis: period: bad");
}

TEST(Error, EmptyContextIsLeftOut) {
  const qualis::InvalidInput e(ErrorCode::empty_input, "", "no units");
  EXPECT_STREQ(e.what(), "qualis: no units");
}

TEST(Error, CodesAreStableNumbersWithNames) {
  // These numbers are part of the API: changing one is a breaking change.
  EXPECT_EQ(static_cast<int>(ErrorCode::invalid_argument), 100);
  EXPECT_EQ(static_cast<int>(ErrorCode::duplicate_id), 105);
  EXPECT_EQ(static_cast<int>(ErrorCode::cycle), 107);
  EXPECT_EQ(static_cast<int>(ErrorCode::inconsistent), 109);
  EXPECT_EQ(static_cast<int>(ErrorCode::not_found), 200);
  EXPECT_EQ(static_cast<int>(ErrorCode::numerical), 300);
  EXPECT_EQ(static_cast<int>(ErrorCode::parse_error), 400);
  EXPECT_EQ(static_cast<int>(ErrorCode::io_error), 500);
  EXPECT_STREQ(qualis::to_string(ErrorCode::duplicate_id), "duplicate_id");
  EXPECT_STREQ(qualis::to_string(ErrorCode::invalid_text), "invalid_text");
  EXPECT_STREQ(qualis::to_string(static_cast<ErrorCode>(999)), "unknown");
  EXPECT_EQ(qualis::NotFound("a", "b").code(), ErrorCode::not_found);
  EXPECT_EQ(qualis::NumericalError("a", "b").code(), ErrorCode::numerical);
  EXPECT_EQ(qualis::IoError("a", "b").code(), ErrorCode::io_error);
}

TEST(Error, CopiesKeepMessageAndCode) {
  const qualis::NotFound original("region_tree", "no region with code \"130682\"");
  const qualis::NotFound copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_STREQ(copy.what(), original.what());
  EXPECT_EQ(copy.code(), ErrorCode::not_found);
  EXPECT_EQ(copy.context(), "region_tree");
}

}  // namespace
