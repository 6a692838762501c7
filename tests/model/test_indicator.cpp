// Tests for qualis/model/indicator.hpp: directions, their text forms, and the checks of one indicator record.
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

#include "qualis/model/indicator.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::Direction;
using qualis::ErrorCode;
using qualis::Indicator;
using qualis::Interval;
using qualis_test::expect_error;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Runs validate_indicator and expects InvalidInput with `code` and every fragment in the message.
void expect_invalid(const Indicator& ind, ErrorCode code, std::initializer_list<std::string_view> fragments) {
  SCOPED_TRACE("indicator \"" + ind.id + "\"");
  expect_error<qualis::InvalidInput>([&] { qualis::validate_indicator(ind); }, code, fragments);
}

// 营业收入 (operating revenue) in 亿元: a benefit indicator, valid as given.
Indicator revenue() {
  Indicator ind;
  ind.id = "revenue";
  ind.names = {"营业收入", "Operating revenue"};
  ind.unit = "亿元";
  ind.description = "规模以上企业营业收入合计";
  ind.source = "统计局";
  ind.parent = "scale";
  return ind;
}

TEST(Direction, CanonicalNamesRoundTrip) {
  for (const Direction d :
       {Direction::higher_is_better, Direction::lower_is_better, Direction::target_is_best, Direction::range_is_best}) {
    EXPECT_EQ(qualis::parse_direction(qualis::to_string(d)), d);
  }
  EXPECT_STREQ(qualis::to_string(Direction::higher_is_better), "higher_is_better");
  EXPECT_STREQ(qualis::to_string(Direction::lower_is_better), "lower_is_better");
  EXPECT_STREQ(qualis::to_string(Direction::target_is_best), "target_is_best");
  EXPECT_STREQ(qualis::to_string(Direction::range_is_best), "range_is_best");
  EXPECT_STREQ(qualis::to_string(static_cast<Direction>(42)), "unknown");
  static_assert(qualis::to_string(Direction::range_is_best)[0] == 'r', "to_string is constexpr");
}

TEST(Direction, StreamsItsCanonicalName) {
  std::ostringstream os;
  os << Direction::lower_is_better;
  EXPECT_EQ(os.str(), "lower_is_better");
}

TEST(Direction, AcceptsTheDocumentedAliasesIgnoringCase) {
  EXPECT_EQ(qualis::parse_direction("+"), Direction::higher_is_better);
  EXPECT_EQ(qualis::parse_direction("positive"), Direction::higher_is_better);
  EXPECT_EQ(qualis::parse_direction("benefit"), Direction::higher_is_better);
  EXPECT_EQ(qualis::parse_direction("max"), Direction::higher_is_better);
  EXPECT_EQ(qualis::parse_direction("MAX"), Direction::higher_is_better);
  EXPECT_EQ(qualis::parse_direction("min"), Direction::lower_is_better);
  EXPECT_EQ(qualis::parse_direction("-"), Direction::lower_is_better);
  EXPECT_EQ(qualis::parse_direction("negative"), Direction::lower_is_better);
  EXPECT_EQ(qualis::parse_direction("cost"), Direction::lower_is_better);
  EXPECT_EQ(qualis::parse_direction("target"), Direction::target_is_best);
  EXPECT_EQ(qualis::parse_direction("range"), Direction::range_is_best);
  EXPECT_EQ(qualis::parse_direction("Higher_Is_Better"), Direction::higher_is_better);
  EXPECT_EQ(qualis::parse_direction("COST"), Direction::lower_is_better);
  EXPECT_EQ(qualis::parse_direction("Target"), Direction::target_is_best);
}

TEST(Direction, RejectsAnythingElseWithAClearMessage) {
  for (const char* bad :
       {"", " +", "+ ", "maximum", "mi", "higher", "higher-is-better", "1", "-1", "++", "better", "range_is_bestx"}) {
    SCOPED_TRACE(bad);
    expect_error<qualis::ParseError>([&] { (void)qualis::parse_direction(bad); }, ErrorCode::parse_error,
                                     {std::string("\"") + bad + "\" is not a direction",
                                      "higher_is_better (or +, max, positive, benefit)", "range_is_best (or range)"},
                                     [](const qualis::ParseError& e) { EXPECT_EQ(e.source(), "direction"); });
  }
}

TEST(Interval, IsAnAggregateWithEquality) {
  static_assert(std::is_aggregate_v<Interval>, "Interval is a plain record");
  const Interval a{80.0, 100.0};
  EXPECT_EQ(a.low, 80.0);
  EXPECT_EQ(a.high, 100.0);
  EXPECT_EQ(a, (Interval{80.0, 100.0}));
  EXPECT_NE(a, (Interval{80.0, 99.0}));
}

TEST(Indicator, DefaultsAreHigherIsBetterWithUnitWeight) {
  static_assert(std::is_aggregate_v<Indicator>, "Indicator is a plain record");
  const Indicator ind;
  EXPECT_EQ(ind.direction, Direction::higher_is_better);
  EXPECT_EQ(ind.weight, 1.0);
  EXPECT_FALSE(ind.target);
  EXPECT_FALSE(ind.best_range);
  EXPECT_FALSE(ind.goalposts);
  EXPECT_TRUE(ind.parent.empty());
}

TEST(ValidateIndicator, AcceptsValidRecordsOfEveryDirection) {
  EXPECT_NO_THROW(qualis::validate_indicator(revenue()));

  Indicator complaints = revenue();
  complaints.id = "complaints";
  complaints.names = {"投诉量", "Complaints"};
  complaints.unit = "件";
  complaints.direction = Direction::lower_is_better;
  complaints.goalposts = Interval{0.0, 500.0};
  complaints.weight = 0.0;  // zero is allowed for one record; Framework checks the siblings together
  EXPECT_NO_THROW(qualis::validate_indicator(complaints));

  Indicator cert = revenue();
  cert.id = "cert_share";
  cert.names = {"三体系认证覆盖率", "Three-system certification share"};
  cert.unit = "%";
  cert.direction = Direction::target_is_best;
  cert.target = 100.0;
  EXPECT_NO_THROW(qualis::validate_indicator(cert));

  Indicator rd = revenue();
  rd.id = "rd_intensity";
  rd.names = {"研发投入强度", "R&D intensity"};
  rd.unit = "%";
  rd.direction = Direction::range_is_best;
  rd.best_range = Interval{2.5, 5.0};
  EXPECT_NO_THROW(qualis::validate_indicator(rd));
  rd.best_range = Interval{3.0, 3.0};  // a one-point best range is allowed (it is a target)
  EXPECT_NO_THROW(qualis::validate_indicator(rd));

  Indicator top_level = revenue();
  top_level.parent.clear();  // directly under the root
  EXPECT_NO_THROW(qualis::validate_indicator(top_level));
}

TEST(ValidateIndicator, RejectsBadIds) {
  Indicator ind = revenue();
  ind.id = "";
  expect_invalid(ind, ErrorCode::invalid_id, {"qualis: indicator: id is empty"});
  ind.id = " revenue";
  expect_invalid(ind, ErrorCode::invalid_id, {"indicator: id \" revenue\" has leading or trailing spaces"});
  ind.id = "rev\tenue";
  expect_invalid(ind, ErrorCode::invalid_id, {"control character"});
  ind.id = "rev\xC3";
  expect_invalid(ind, ErrorCode::invalid_text, {"indicator: id is not valid UTF-8 (byte offset 3)"});
}

TEST(ValidateIndicator, RejectsInvalidUtf8InEveryTextField) {
  Indicator ind = revenue();
  ind.names.zh = "营业\xE6\x94";  // a three-byte sequence cut short
  expect_invalid(ind, ErrorCode::invalid_text, {"indicator[id=revenue]", "Chinese name is not valid UTF-8"});
  ind = revenue();
  ind.names.en = "Revenue \xFF";
  expect_invalid(ind, ErrorCode::invalid_text, {"indicator[id=revenue]", "English name"});
  ind = revenue();
  ind.unit = "\xC0\xAF";  // overlong encoding of '/'
  expect_invalid(ind, ErrorCode::invalid_text, {"indicator[id=revenue]", "unit is not valid UTF-8"});
  ind = revenue();
  ind.description = "\xED\xA0\x80";  // a surrogate
  expect_invalid(ind, ErrorCode::invalid_text, {"indicator[id=revenue]", "description"});
  ind = revenue();
  ind.source = "\x80";
  expect_invalid(ind, ErrorCode::invalid_text, {"indicator[id=revenue]", "source"});
  ind = revenue();
  ind.parent = "scale ";
  expect_invalid(ind, ErrorCode::invalid_id, {"indicator[id=revenue]", "parent \"scale \" has leading"});
}

TEST(ValidateIndicator, TargetIsRequiredExactlyForTargetIsBest) {
  Indicator ind = revenue();
  ind.direction = Direction::target_is_best;
  expect_invalid(ind, ErrorCode::inconsistent,
                 {"indicator[id=revenue]", "direction is target_is_best but no target is given"});
  ind.target = nan;
  expect_invalid(ind, ErrorCode::not_finite, {"indicator[id=revenue]", "target nan is not finite"});
  ind.target = -inf;
  expect_invalid(ind, ErrorCode::not_finite, {"target -inf is not finite"});

  ind = revenue();
  ind.target = 100.0;  // with higher_is_better
  expect_invalid(ind, ErrorCode::inconsistent,
                 {"indicator[id=revenue]", "a target is given but direction is higher_is_better"});
  ind.direction = Direction::range_is_best;
  ind.best_range = Interval{1.0, 2.0};
  expect_invalid(ind, ErrorCode::inconsistent, {"a target is given but direction is range_is_best"});
}

TEST(ValidateIndicator, BestRangeIsRequiredExactlyForRangeIsBestAndOrdered) {
  Indicator ind = revenue();
  ind.id = "rd_intensity";
  ind.direction = Direction::range_is_best;
  expect_invalid(ind, ErrorCode::inconsistent,
                 {"indicator[id=rd_intensity]", "direction is range_is_best but no best range is given"});
  ind.best_range = Interval{5.0, 2.5};
  expect_invalid(ind, ErrorCode::inconsistent,
                 {"indicator[id=rd_intensity]", "best range [5, 2.5] is inverted (low > high)"});
  ind.best_range = Interval{nan, 2.5};
  expect_invalid(ind, ErrorCode::not_finite, {"best range [nan, 2.5] has a bound that is not finite"});
  ind.best_range = Interval{0.0, inf};
  expect_invalid(ind, ErrorCode::not_finite, {"best range [0, inf]"});

  ind = revenue();
  ind.direction = Direction::lower_is_better;
  ind.best_range = Interval{0.0, 1.0};
  expect_invalid(ind, ErrorCode::inconsistent,
                 {"indicator[id=revenue]", "a best range is given but direction is lower_is_better"});
}

TEST(ValidateIndicator, GoalpostsMustBeFiniteAndNonEmpty) {
  Indicator ind = revenue();
  ind.goalposts = Interval{0.0, 0.0};
  expect_invalid(ind, ErrorCode::inconsistent, {"indicator[id=revenue]", "goalposts [0, 0] is empty (low == high)"});
  ind.goalposts = Interval{10.0, 0.5};
  expect_invalid(ind, ErrorCode::inconsistent, {"goalposts [10, 0.5] is inverted"});
  ind.goalposts = Interval{0.0, nan};
  expect_invalid(ind, ErrorCode::not_finite, {"goalposts [0, nan]"});
}

TEST(ValidateIndicator, WeightMustBeFiniteAndNonNegative) {
  Indicator ind = revenue();
  ind.weight = nan;
  expect_invalid(ind, ErrorCode::not_finite, {"indicator[id=revenue]: weight nan is not finite"});
  ind.weight = inf;
  expect_invalid(ind, ErrorCode::not_finite, {"weight inf is not finite"});
  ind.weight = -0.25;
  expect_invalid(ind, ErrorCode::out_of_range, {"indicator[id=revenue]: weight -0.25 is negative"});
}

TEST(ValidateIndicator, RejectsADirectionOutsideTheEnumeration) {
  Indicator ind = revenue();
  ind.direction = static_cast<Direction>(7);
  expect_invalid(ind, ErrorCode::invalid_argument, {"indicator[id=revenue]", "direction 7 is not a Direction"});
}

TEST(ValidateIndicator, ErrorsAreCatchableAsStandardExceptions) {
  Indicator ind = revenue();
  ind.weight = -1.0;
  EXPECT_THROW(qualis::validate_indicator(ind), std::invalid_argument);
  EXPECT_THROW(qualis::validate_indicator(ind), qualis::Error);
}

}  // namespace
