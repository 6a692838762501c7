// Tests for qualis::Period: construction, parsing, printing, order, year-on-year and shifting.
#include <gtest/gtest.h>

#include <algorithm>
#include <qualis/model/period.hpp>
#include <sstream>
#include <unordered_set>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis::Frequency;
using qualis::Period;
using qualis_test::expect_error;

TEST(Period, ParsesAndPrintsCanonicalForms) {
  const std::vector<std::string> canonical = {"2021",   "2021H1",  "2021H2",  "2021Q1",
                                              "2021Q4", "2021M01", "2021M12", "0999"};
  for (const auto& text : canonical) EXPECT_EQ(Period::parse(text).to_string(), text);
  const Period h = Period::parse("2021H1");
  EXPECT_EQ(h.year(), 2021);
  EXPECT_EQ(h.frequency(), Frequency::half);
  EXPECT_EQ(h.index(), 1);
  EXPECT_EQ(Period::parse("2020M07"), Period::month(2020, 7));
  EXPECT_EQ(Period::parse("2020Q3"), Period::quarter(2020, 3));
}

TEST(Period, AcceptsLowerCaseHyphenAndIsoMonth) {
  EXPECT_EQ(Period::parse("2021h2"), Period::half_year(2021, 2));
  EXPECT_EQ(Period::parse("2021-H2"), Period::half_year(2021, 2));
  EXPECT_EQ(Period::parse("2021-q4"), Period::quarter(2021, 4));
  EXPECT_EQ(Period::parse("2021-07"), Period::month(2021, 7));
  EXPECT_EQ(Period::parse("2021m07").to_string(), "2021M07");
}

TEST(Period, RejectsMalformedTextWithPosition) {
  struct Case {
    const char* text;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {"", "four-digit year"},      {"21", "four-digit year"},       {"20a1", "at character 3"},
      {"0000", "year 0000"},        {"2021X1", "H, Q or M"},         {"2021H", "expected a number"},
      {"2021H3", "outside 1..2"},   {"2021Q0", "outside 1..4"},      {"2021Q5", "outside 1..4"},
      {"2021M13", "outside 1..12"}, {"2021M7", "two digits"},        {"2021Q11", "one-digit"},
      {"2021M001", "too long"},     {"2021-", "after the year"},     {" 2021", "four-digit year"},
      {"2021 ", "H, Q or M"},       {"2021H1x", "expected a digit"}, {"２０２１", "four-digit year"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    expect_error<qualis::ParseError>([&] { (void)Period::parse(c.text); }, ErrorCode::parse_error,
                                     {c.fragment, std::string("\"") + c.text + "\""});
  }
}

TEST(Period, ConstructorRejectsOutOfRange) {
  EXPECT_THROW((void)Period::annual(0), qualis::InvalidInput);
  EXPECT_THROW((void)Period::annual(10000), qualis::InvalidInput);
  EXPECT_THROW((void)Period::half_year(2021, 3), qualis::InvalidInput);
  EXPECT_THROW((void)Period::quarter(2021, 0), qualis::InvalidInput);
  EXPECT_THROW((void)Period::month(2021, 13), qualis::InvalidInput);
  expect_error<qualis::InvalidInput>([] { (void)Period::quarter(2021, 5); }, ErrorCode::out_of_range,
                                     {"index 5 is outside 1..4 for year 2021"});
}

TEST(Period, OrdersByFirstThenLastMonth) {
  // 2020 covers months 1-12 of 2020; 2021H1 months 1-6; 2021Q2 months 4-6; 2021 months 1-12.
  std::vector<Period> v = {Period::parse("2021H2"), Period::parse("2021"),   Period::parse("2021Q2"),
                           Period::parse("2020"),   Period::parse("2021H1"), Period::parse("2020Q4"),
                           Period::parse("2021M01")};
  std::sort(v.begin(), v.end());
  std::vector<std::string> got;
  for (const auto& p : v) got.push_back(p.to_string());
  const std::vector<std::string> expected = {"2020", "2020Q4", "2021M01", "2021H1", "2021", "2021Q2", "2021H2"};
  EXPECT_EQ(got, expected);
  // Strict weak order consistent with equality: exactly one of <, ==, > holds for every pair.
  for (const auto& a : v) {
    for (const auto& b : v) {
      const int relations = static_cast<int>(a < b) + static_cast<int>(a == b) + static_cast<int>(b < a);
      EXPECT_EQ(relations, 1) << a << " vs " << b;
      EXPECT_EQ(a <= b, !(b < a));
      EXPECT_EQ(a >= b, !(a < b));
      EXPECT_EQ(a > b, b < a);
      EXPECT_EQ(a != b, !(a == b));
    }
  }
}

TEST(Period, YearOnYearAndSequentialCounterparts) {
  EXPECT_EQ(Period::parse("2021H1").year_ago(), Period::parse("2020H1"));
  EXPECT_EQ(Period::parse("2021Q3").year_ago(), Period::parse("2020Q3"));
  EXPECT_EQ(Period::parse("2021").year_ago(), Period::parse("2020"));
  EXPECT_EQ(Period::parse("2021H1").previous(), Period::parse("2020H2"));
  EXPECT_EQ(Period::parse("2021Q1").previous(), Period::parse("2020Q4"));
  EXPECT_EQ(Period::parse("2020M12").next(), Period::parse("2021M01"));
  EXPECT_EQ(Period::parse("2019").shifted(5), Period::parse("2024"));
  EXPECT_EQ(Period::parse("2019Q2").shifted(-6), Period::parse("2017Q4"));
  EXPECT_EQ(Period::parse("2024H2").periods_since(Period::parse("2019H1")), 11);
  EXPECT_EQ(Period::parse("2019").periods_since(Period::parse("2024")), -5);
  EXPECT_THROW((void)Period::annual(1).year_ago(), qualis::InvalidInput);
  EXPECT_THROW((void)Period::month(9999, 12).next(), qualis::InvalidInput);
  expect_error<qualis::InvalidInput>([] { (void)Period::parse("2021").periods_since(Period::parse("2020H1")); },
                                     ErrorCode::inconsistent, {"2020H1 to 2021"});
}

TEST(Period, MonthsAndContainment) {
  const Period q2 = Period::quarter(2021, 2);
  EXPECT_EQ(q2.first_month(), 4);
  EXPECT_EQ(q2.last_month(), 6);
  EXPECT_TRUE(q2.is_within(Period::half_year(2021, 1)));
  EXPECT_TRUE(q2.is_within(Period::annual(2021)));
  EXPECT_TRUE(q2.is_within(q2));
  EXPECT_FALSE(q2.is_within(Period::half_year(2021, 2)));
  EXPECT_FALSE(q2.is_within(Period::annual(2020)));
  EXPECT_FALSE(Period::annual(2021).is_within(q2));
  EXPECT_EQ(qualis::periods_per_year(Frequency::month), 12);
}

TEST(Period, RangeIsInclusiveAndOrdered) {
  const auto r = qualis::period_range(Period::parse("2020H2"), Period::parse("2022H1"));
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r.front().to_string(), "2020H2");
  EXPECT_EQ(r[1].to_string(), "2021H1");
  EXPECT_EQ(r.back().to_string(), "2022H1");
  EXPECT_TRUE(std::is_sorted(r.begin(), r.end()));
  EXPECT_EQ(qualis::period_range(Period::annual(2021), Period::annual(2021)).size(), 1u);
  EXPECT_THROW((void)qualis::period_range(Period::annual(2022), Period::annual(2021)), qualis::InvalidInput);
  EXPECT_THROW((void)qualis::period_range(Period::annual(2021), Period::quarter(2022, 1)), qualis::InvalidInput);
}

TEST(Period, HashesDistinguishAllPeriodsOfAYearSpan) {
  std::unordered_set<Period> set;
  std::size_t n = 0;
  for (int y = 2018; y <= 2022; ++y) {
    for (Frequency f : {Frequency::year, Frequency::half, Frequency::quarter, Frequency::month}) {
      for (int i = 1; i <= qualis::periods_per_year(f); ++i) {
        set.insert(Period(y, f, i));
        ++n;
      }
    }
  }
  EXPECT_EQ(set.size(), n);
  EXPECT_EQ(n, 5u * 19u);
  std::ostringstream os;
  os << Period::parse("2021h1");
  EXPECT_EQ(os.str(), "2021H1");
}

}  // namespace
