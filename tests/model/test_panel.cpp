// Tests for qualis::Panel: storage layout and zero-copy views, missing values and coverage, long-format
// building and round trips, subsetting, identity, and every bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <qualis/model/panel.hpp>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::Coverage;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::Observation;
using qualis::Panel;
using qualis::Period;
using qualis_test::expect_error;
using testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

const Period y2019 = Period::annual(2019);
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);

// Both missing, or equal.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// The hand-built panel of these tests: 3 units x 2 indicators x 3 periods (given out of order).
// Cell (u, i, p) holds 100(u+1) + 10(i+1) + (p+1), p counted in sorted order 2019, 2020, 2021, except
//   - "ag" joins in 2021 (a late joiner, as the nine clusters of 2021-05-07): 2019 and 2020 missing;
//   - "ts" has a gap: its profit for 2020 is missing.
// So 5 of the 18 cells are missing and 13 are observed.
double expected(std::size_t u, std::size_t i, std::size_t p) {
  if (u == 2 && p < 2) return nan;
  if (u == 1 && i == 1 && p == 1) return nan;
  return 100.0 * static_cast<double>(u + 1) + 10.0 * static_cast<double>(i + 1) + static_cast<double>(p + 1);
}

Panel fixture() {
  Panel panel({"dz", "ts", "ag"}, {"rev", "profit"}, {y2021, y2019, y2020});
  for (std::size_t u = 0; u < 3; ++u) {
    for (std::size_t i = 0; i < 2; ++i) {
      for (std::size_t p = 0; p < 3; ++p) panel.set(u, i, p, expected(u, i, p));
    }
  }
  return panel;
}

TEST(Panel, DefaultIsEmptyAndLooksUpNothing) {
  const qualis::Panel panel;
  EXPECT_EQ(panel.unit_count(), 0U);
  EXPECT_EQ(panel.indicator_count(), 0U);
  EXPECT_EQ(panel.period_count(), 0U);
  EXPECT_EQ(panel.cell_count(), 0U);
  EXPECT_EQ(panel.matrix().size(), 0);
  EXPECT_FALSE(panel.has_unit("a"));
  EXPECT_THROW((void)panel.unit_index("a"), NotFound);
  EXPECT_THROW((void)panel.period_index(qualis::Period::annual(2020)), NotFound);
  // Assigning a real panel to it works as for any value.
  qualis::Panel target;
  target = qualis::Panel({"a"}, {"x"}, {qualis::Period::annual(2020)});
  EXPECT_EQ(target.cell_count(), 1U);
}

TEST(Panel, FromMatrixTakesOverTheStorageLayout) {
  // Columns [p*I, (p+1)*I) are period p: the cell (u, i, p) is matrix(u, p*I + i), as for any panel.
  Eigen::MatrixXd m(2, 6);
  m << 1, 2, 3, 4, 5, 6,  //
      7, 8, std::numeric_limits<double>::quiet_NaN(), 10, 11, 12;
  const qualis::Panel panel = qualis::Panel::from_matrix(
      {"a", "b"}, {"x", "y", "z"}, {qualis::Period::annual(2020), qualis::Period::annual(2021)}, m);
  EXPECT_EQ(panel.value("a", "y", qualis::Period::annual(2021)), 5.0);
  EXPECT_EQ(panel.value("b", "x", qualis::Period::annual(2020)), 7.0);
  EXPECT_TRUE(panel.is_missing("b", "z", qualis::Period::annual(2020)));
  EXPECT_TRUE(panel.matrix().cwiseEqual(m).count() == 11);
  EXPECT_EQ(panel.missing_count(), 1U);
}

TEST(Panel, FromMatrixRejectsBadInput) {
  const std::vector<qualis::Period> years = {qualis::Period::annual(2020), qualis::Period::annual(2021)};
  qualis_test::expect_error<InvalidInput>(
      [&] { (void)qualis::Panel::from_matrix({"a"}, {"x"}, years, Eigen::MatrixXd::Zero(1, 3)); },
      ErrorCode::size_mismatch, {"1 x 3", "expected 1 x 2"});
  Eigen::MatrixXd infinite = Eigen::MatrixXd::Zero(1, 2);
  infinite(0, 1) = std::numeric_limits<double>::infinity();
  qualis_test::expect_error<InvalidInput>([&] { (void)qualis::Panel::from_matrix({"a"}, {"x"}, years, infinite); },
                                          ErrorCode::not_finite, {"unit=a", "indicator=x", "period=2021"});
  qualis_test::expect_error<InvalidInput>(
      [&] {
        (void)qualis::Panel::from_matrix({"a"}, {"x"}, {years[1], years[0]}, Eigen::MatrixXd::Zero(1, 2));
      },
      ErrorCode::inconsistent, {"ascending", "2021 comes before 2020"});
  qualis_test::expect_error<InvalidInput>(
      [&] {
        (void)qualis::Panel::from_matrix({"a", "a"}, {"x"}, years, Eigen::MatrixXd::Zero(2, 2));
      },
      ErrorCode::duplicate_id, {"a"});
}

TEST(Panel, SortsPeriodsAndKeepsIdOrder) {
  const Panel panel = fixture();
  EXPECT_THAT(panel.units(), ElementsAre("dz", "ts", "ag"));
  EXPECT_THAT(panel.indicators(), ElementsAre("rev", "profit"));
  EXPECT_THAT(panel.periods(), ElementsAre(y2019, y2020, y2021));
  EXPECT_EQ(panel.unit_count(), 3U);
  EXPECT_EQ(panel.indicator_count(), 2U);
  EXPECT_EQ(panel.period_count(), 3U);
  EXPECT_EQ(panel.cell_count(), 18U);
  EXPECT_EQ(panel.unit_index("ag"), 2U);
  EXPECT_EQ(panel.indicator_index("profit"), 1U);
  EXPECT_EQ(panel.period_index(y2021), 2U);
  EXPECT_TRUE(panel.has_unit("ts"));
  EXPECT_FALSE(panel.has_unit("TS"));
  EXPECT_TRUE(panel.has_indicator("rev"));
  EXPECT_FALSE(panel.has_indicator("revenue"));
  EXPECT_TRUE(panel.has_period(y2019));
  EXPECT_FALSE(panel.has_period(Period::half_year(2021, 1)));
  EXPECT_EQ(panel.matrix().rows(), 3);
  EXPECT_EQ(panel.matrix().cols(), 6);
}

TEST(Panel, SortsMixedFrequenciesByPeriodOrder) {
  // 2021H1 covers months 1-6 and 2021 months 1-12, so 2021H1 sorts first (Period::operator<).
  const Panel panel({"dz"}, {"output"}, {Period::half_year(2021, 2), y2021, Period::half_year(2021, 1), y2019});
  EXPECT_THAT(panel.periods(), ElementsAre(y2019, Period::half_year(2021, 1), y2021, Period::half_year(2021, 2)));
  EXPECT_EQ(panel.period_index(Period::half_year(2021, 2)), 3U);
}

TEST(Panel, StartsWithEveryValueMissing) {
  const Panel panel({"dz", "ts"}, {"rev"}, {y2020, y2021});
  EXPECT_EQ(panel.missing_count(), 4U);
  const Coverage c = panel.coverage();
  EXPECT_EQ(c.observed, 0U);
  EXPECT_EQ(c.total, 4U);
  EXPECT_EQ(c.share, 0.0);
  EXPECT_TRUE(panel.is_missing("ts", "rev", y2021));
  EXPECT_TRUE(std::isnan(panel.value(1, 0, 1)));
}

TEST(Panel, ValuesByIdsAndIndicesAgree) {
  const Panel panel = fixture();
  EXPECT_EQ(panel.value("dz", "rev", y2019), 111.0);
  EXPECT_EQ(panel.value("ts", "profit", y2021), 223.0);
  EXPECT_EQ(panel.value("ag", "rev", y2021), 313.0);
  EXPECT_TRUE(std::isnan(panel.value("ag", "profit", y2020)));
  EXPECT_TRUE(std::isnan(panel.value("ts", "profit", y2020)));
  for (std::size_t u = 0; u < 3; ++u) {
    for (std::size_t i = 0; i < 2; ++i) {
      for (std::size_t p = 0; p < 3; ++p) {
        const double by_ids = panel.value(panel.units()[u], panel.indicators()[i], panel.periods()[p]);
        EXPECT_TRUE(same(panel.value(u, i, p), expected(u, i, p))) << u << i << p;
        EXPECT_TRUE(same(by_ids, expected(u, i, p))) << u << i << p;
        EXPECT_EQ(panel.is_missing(u, i, p), std::isnan(expected(u, i, p)));
      }
    }
  }
}

TEST(Panel, EveryViewElementMatchesValue) {
  const Panel panel = fixture();
  for (std::size_t u = 0; u < 3; ++u) {
    const auto uu = static_cast<Eigen::Index>(u);
    for (std::size_t i = 0; i < 2; ++i) {
      const auto ii = static_cast<Eigen::Index>(i);
      for (std::size_t p = 0; p < 3; ++p) {
        const auto pp = static_cast<Eigen::Index>(p);
        const double v = panel.value(u, i, p);
        const std::string& unit = panel.units()[u];
        const std::string& indicator = panel.indicators()[i];
        const Period& period = panel.periods()[p];
        EXPECT_TRUE(same(panel.period_matrix(p)(uu, ii), v));
        EXPECT_TRUE(same(panel.period_matrix(period)(uu, ii), v));
        EXPECT_TRUE(same(panel.indicator_matrix(i)(uu, pp), v));
        EXPECT_TRUE(same(panel.indicator_matrix(indicator)(uu, pp), v));
        EXPECT_TRUE(same(panel.unit_matrix(u)(ii, pp), v));
        EXPECT_TRUE(same(panel.unit_matrix(unit)(ii, pp), v));
        EXPECT_TRUE(same(panel.matrix()(uu, pp * 2 + ii), v));  // the documented layout
      }
    }
  }
  EXPECT_EQ(panel.period_matrix(0).rows(), 3);
  EXPECT_EQ(panel.period_matrix(0).cols(), 2);
  EXPECT_EQ(panel.indicator_matrix(0).rows(), 3);
  EXPECT_EQ(panel.indicator_matrix(0).cols(), 3);
  EXPECT_EQ(panel.unit_matrix(0).rows(), 2);
  EXPECT_EQ(panel.unit_matrix(0).cols(), 3);
}

TEST(Panel, ViewsShareTheStorage) {
  Panel panel = fixture();
  const double* base = panel.matrix().data();
  // Period p starts at column p * I, i.e. p * I * U doubles into the column-major storage.
  EXPECT_EQ(panel.period_matrix(y2020).data(), base + 1 * 2 * 3);
  const Eigen::Ref<const Eigen::MatrixXd> ref = panel.period_matrix(y2020);
  EXPECT_EQ(ref.data(), base + 6);

  EXPECT_EQ(panel.indicator_matrix("profit").data(), base + 3);
  EXPECT_EQ(panel.indicator_matrix("profit").outerStride(), 6);
  const Eigen::Ref<const Eigen::MatrixXd> ind_ref = panel.indicator_matrix("profit");
  EXPECT_EQ(ind_ref.data(), base + 3);

  const Panel::UnitView unit = panel.unit_matrix("ts");
  EXPECT_EQ(unit.data(), base + 1);
  EXPECT_EQ(unit.innerStride(), 3);
  EXPECT_EQ(unit.outerStride(), 6);
  const Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>> unit_ref = unit;
  EXPECT_EQ(unit_ref.data(), base + 1);
  // A plain Ref cannot express an inner stride, so it takes a copy, as the documentation warns.
  const Eigen::Ref<const Eigen::MatrixXd> unit_copy = unit;
  EXPECT_NE(unit_copy.data(), base + 1);
  EXPECT_EQ(unit_copy(0, 2), 213.0);

  // The views are live: a later set() shows through a view taken earlier.
  const Panel::PeriodView view = panel.period_matrix(y2021);
  panel.set("ag", "profit", y2021, 42.0);
  EXPECT_EQ(view(2, 1), 42.0);
  EXPECT_EQ(panel.matrix().data(), base);
}

TEST(Panel, CoverageCountedByHand) {
  const Panel panel = fixture();
  // Missing: ag 2019 rev, ag 2019 profit, ag 2020 rev, ag 2020 profit, ts 2020 profit.
  EXPECT_EQ(panel.missing_count(), 5U);
  const Coverage all = panel.coverage();
  EXPECT_EQ(all.observed, 13U);
  EXPECT_EQ(all.total, 18U);
  EXPECT_DOUBLE_EQ(all.share, 13.0 / 18.0);

  // Units: dz 6 of 6; ts 5 of 6 (the gap); ag 2 of 6 (2021 only).
  const auto by_unit = panel.coverage_by_unit();
  ASSERT_EQ(by_unit.size(), 3U);
  EXPECT_EQ(by_unit[0].observed, 6U);
  EXPECT_EQ(by_unit[1].observed, 5U);
  EXPECT_EQ(by_unit[2].observed, 2U);
  for (const auto& c : by_unit) EXPECT_EQ(c.total, 6U);
  EXPECT_DOUBLE_EQ(by_unit[0].share, 1.0);
  EXPECT_DOUBLE_EQ(by_unit[1].share, 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(by_unit[2].share, 2.0 / 6.0);

  // Indicators: rev misses ag 2019 and ag 2020, 7 of 9; profit also misses ts 2020, 6 of 9.
  const auto by_indicator = panel.coverage_by_indicator();
  ASSERT_EQ(by_indicator.size(), 2U);
  EXPECT_EQ(by_indicator[0].observed, 7U);
  EXPECT_EQ(by_indicator[1].observed, 6U);
  EXPECT_EQ(by_indicator[0].total, 9U);
  EXPECT_DOUBLE_EQ(by_indicator[1].share, 6.0 / 9.0);

  // Periods: 2019 misses ag x2, 4 of 6; 2020 misses ag x2 and ts profit, 3 of 6; 2021 complete.
  const auto by_period = panel.coverage_by_period();
  ASSERT_EQ(by_period.size(), 3U);
  EXPECT_EQ(by_period[0].observed, 4U);
  EXPECT_EQ(by_period[1].observed, 3U);
  EXPECT_EQ(by_period[2].observed, 6U);
  EXPECT_EQ(by_period[1].total, 6U);
  EXPECT_DOUBLE_EQ(by_period[1].share, 0.5);

  // One unit in one period, over its 2 indicators.
  EXPECT_EQ(panel.coverage("ts", y2020).observed, 1U);
  EXPECT_EQ(panel.coverage("ts", y2020).total, 2U);
  EXPECT_DOUBLE_EQ(panel.coverage("ts", y2020).share, 0.5);
  EXPECT_EQ(panel.coverage("ag", y2019).observed, 0U);
  EXPECT_DOUBLE_EQ(panel.coverage("ag", y2021).share, 1.0);
}

TEST(Panel, CoverageOfNothingHasShareZero) {
  const Coverage empty{};
  EXPECT_EQ(empty.total, 0U);
  EXPECT_EQ(empty.share, 0.0);
}

TEST(Panel, MissingMaskMarksNaN) {
  const Panel panel = fixture();
  Panel::MissingMask expected_2020(3, 2);
  expected_2020 << false, false,  // dz
      false, true,                // ts: profit gap
      true, true;                 // ag: not yet joined
  EXPECT_TRUE((panel.missing_mask(y2020) == expected_2020).all());
  EXPECT_TRUE((panel.missing_mask(std::size_t{1}) == expected_2020).all());
  EXPECT_FALSE(panel.missing_mask(y2021).any());
  EXPECT_EQ(panel.missing_mask(y2019).count(), 2);
}

TEST(Panel, SetClearAndNaNMakeMissing) {
  Panel panel = fixture();
  panel.set("ag", "rev", y2019, 0.5);
  EXPECT_FALSE(panel.is_missing("ag", "rev", y2019));
  EXPECT_EQ(panel.value("ag", "rev", y2019), 0.5);
  panel.set("ag", "rev", y2019, nan);
  EXPECT_TRUE(panel.is_missing("ag", "rev", y2019));
  panel.clear("dz", "rev", y2019);
  EXPECT_TRUE(panel.is_missing("dz", "rev", y2019));
  panel.clear(0, 1, 2);
  EXPECT_TRUE(panel.is_missing("dz", "profit", y2021));
  EXPECT_EQ(panel.missing_count(), 7U);
  // Negative values and zero are ordinary values (a loss is a value, not a missing one).
  panel.set(0, 1, 2, -3.5);
  EXPECT_EQ(panel.value("dz", "profit", y2021), -3.5);
}

TEST(Panel, SetRejectsInfinityNamingTheCell) {
  Panel panel = fixture();
  const std::string msg =
      expect_error<InvalidInput>([&] { panel.set("dz", "rev", y2021, inf); }, ErrorCode::not_finite);
  EXPECT_EQ(msg, "qualis: panel[unit=dz, indicator=rev, period=2021]: value is not finite");
  expect_error<InvalidInput>([&] { panel.set(1, 1, 0, -inf); }, ErrorCode::not_finite,
                             {"panel[unit=ts, indicator=profit, period=2019]"});
  EXPECT_EQ(panel.value("dz", "rev", y2021), 113.0);  // unchanged
  EXPECT_EQ(panel.value("ts", "profit", y2019), 221.0);
}

TEST(Panel, SetPeriodMatrixValidatesAndIsAllOrNothing) {
  Panel panel = fixture();
  Eigen::MatrixXd m(3, 2);
  m << 1, 2, 3, nan, 5, 6;
  panel.set_period_matrix(y2020, m);
  EXPECT_EQ(panel.value("ag", "rev", y2020), 5.0);
  EXPECT_TRUE(panel.is_missing("ts", "profit", y2020));
  EXPECT_EQ(panel.value("dz", "profit", y2020), 2.0);
  panel.set_period_matrix(std::size_t{0}, m * 10.0);
  EXPECT_EQ(panel.value("dz", "rev", y2019), 10.0);
  // Other periods untouched.
  EXPECT_EQ(panel.value("dz", "rev", y2021), 113.0);

  const Panel before = panel;
  expect_error<InvalidInput>([&] { panel.set_period_matrix(y2021, Eigen::MatrixXd::Zero(2, 3)); },
                             ErrorCode::size_mismatch, {"panel[period=2021]", "2 x 3", "3 units x 2 indicators"});
  Eigen::MatrixXd bad = Eigen::MatrixXd::Zero(3, 2);
  bad(2, 1) = -inf;
  EXPECT_EQ(expect_error<InvalidInput>([&] { panel.set_period_matrix(y2021, bad); }, ErrorCode::not_finite),
            "qualis: panel[unit=ag, indicator=profit, period=2021]: value is not finite");
  EXPECT_TRUE(panel.identical(before));  // the zeros before the bad entry were not written
  expect_error<NotFound>([&] { panel.set_period_matrix(Period::annual(2022), m); }, ErrorCode::not_found, {"2022"});
  expect_error<InvalidInput>([&] { panel.set_period_matrix(std::size_t{3}, m); }, ErrorCode::out_of_range,
                             {"period index 3"});
}

TEST(Panel, ToLongOrderIsPeriodUnitIndicator) {
  const Panel panel = fixture();
  const auto all = panel.to_long(true);
  ASSERT_EQ(all.size(), 18U);
  std::size_t k = 0;
  for (std::size_t p = 0; p < 3; ++p) {
    for (std::size_t u = 0; u < 3; ++u) {
      for (std::size_t i = 0; i < 2; ++i, ++k) {
        EXPECT_EQ(all[k].period, panel.periods()[p]);
        EXPECT_EQ(all[k].unit, panel.units()[u]);
        EXPECT_EQ(all[k].indicator, panel.indicators()[i]);
        EXPECT_TRUE(same(all[k].value, expected(u, i, p)));
      }
    }
  }
  const auto observed = panel.to_long();
  ASSERT_EQ(observed.size(), 13U);
  // The first 2019 records skip nothing for dz and ts; ag's 2019 cells are left out.
  EXPECT_EQ(observed[0].unit, "dz");
  EXPECT_EQ(observed[0].indicator, "rev");
  EXPECT_EQ(observed[0].value, 111.0);
  EXPECT_EQ(observed[3].unit, "ts");
  EXPECT_EQ(observed[3].indicator, "profit");
  EXPECT_EQ(observed[4].period, y2020);
  for (const auto& r : observed) EXPECT_FALSE(std::isnan(r.value));
}

TEST(Panel, LongRoundTripWithGivenDimensions) {
  const Panel panel = fixture();
  for (const bool include_missing : {false, true}) {
    const Panel back =
        Panel::from_long(panel.to_long(include_missing), panel.units(), panel.indicators(), panel.periods());
    EXPECT_TRUE(back.identical(panel)) << include_missing;
    EXPECT_EQ(back, panel);
  }
}

TEST(Panel, LongRoundTripWithChineseIdsAndUnsortedPeriods) {
  const Period h1 = Period::half_year(2021, 1);
  // Dingzhou sports goods output in 2021H1 was 8.28 billion yuan (82.8 亿元), the press report's figure;
  // the other values are synthetic.
  const std::vector<Observation> records = {
      {"定州体育", "产值", h1, 82.8},    {"唐山机器人", "产值", y2020, 30.5}, {"定州体育", "利润总额", y2021, 7.25},
      {"安国中药", "产值", y2021, 41.0}, {"定州体育", "产值", y2019, 60.1},   {"唐山机器人", "利润总额", h1, nan},
      {"定州体育", "产值", y2020, 71.4},
  };
  const Panel panel = Panel::from_long(records);
  EXPECT_THAT(panel.units(), ElementsAre("定州体育", "唐山机器人", "安国中药"));  // first appearance
  EXPECT_THAT(panel.indicators(), ElementsAre("产值", "利润总额"));
  EXPECT_THAT(panel.periods(), ElementsAre(y2019, y2020, h1, y2021));  // sorted: 2021H1 before 2021
  EXPECT_EQ(panel.value("定州体育", "产值", h1), 82.8);
  EXPECT_EQ(panel.value("安国中药", "产值", y2021), 41.0);
  EXPECT_TRUE(panel.is_missing("唐山机器人", "利润总额", h1));  // explicit NaN record
  EXPECT_TRUE(panel.is_missing("安国中药", "产值", y2019));     // no record
  EXPECT_EQ(panel.coverage().observed, 6U);
  EXPECT_EQ(panel.coverage().total, 24U);

  const auto out = panel.to_long();
  ASSERT_EQ(out.size(), 6U);
  EXPECT_EQ(out.front().unit, "定州体育");
  EXPECT_EQ(out.front().period, y2019);
  EXPECT_EQ(out[3].period, h1);
  EXPECT_EQ(out.back().unit, "安国中药");
  EXPECT_EQ(out.back().period, y2021);
  EXPECT_TRUE(Panel::from_long(out, panel.units(), panel.indicators(), panel.periods()).identical(panel));
  EXPECT_TRUE(Panel::from_long(panel.to_long(true)).identical(panel));
}

TEST(Panel, ConstructorRejectsDuplicatesEmptiesAndBadIds) {
  expect_error<InvalidInput>(
      [] {
        Panel({"dz", "ts", "dz"}, {"rev"}, {y2021});
      },
      ErrorCode::duplicate_id, {"panel[unit=dz]", "positions 0 and 2"});
  expect_error<InvalidInput>(
      [] {
        Panel({"dz"}, {"利润", "利润"}, {y2021});
      },
      ErrorCode::duplicate_id, {"panel[indicator=利润]", "positions 0 and 1"});
  expect_error<InvalidInput>(
      [] {
        Panel({"dz"}, {"rev"}, {y2021, y2019, y2021});
      },
      ErrorCode::duplicate_id, {"panel[period=2021]", "positions 0 and 2"});
  expect_error<InvalidInput>([] { Panel({}, {"rev"}, {y2021}); }, ErrorCode::empty_input, {"no units"});
  expect_error<InvalidInput>([] { Panel({"dz"}, {}, {y2021}); }, ErrorCode::empty_input, {"no indicators"});
  expect_error<InvalidInput>([] { Panel({"dz"}, {"rev"}, {}); }, ErrorCode::empty_input, {"no periods"});
  expect_error<InvalidInput>(
      [] {
        Panel({"dz", ""}, {"rev"}, {y2021});
      },
      ErrorCode::invalid_id, {"unit id at position 1 is empty"});
  expect_error<InvalidInput>([] { Panel({"dz"}, {"rev "}, {y2021}); }, ErrorCode::invalid_id,
                             {"indicator id at position 0 \"rev \""});
  expect_error<InvalidInput>([] { Panel({"d\tz"}, {"rev"}, {y2021}); }, ErrorCode::invalid_id, {"control character"});
  expect_error<InvalidInput>([] { Panel({"\xff"}, {"rev"}, {y2021}); }, ErrorCode::invalid_text, {"not valid UTF-8"});
}

TEST(Panel, LookupsOfUnknownIdsThrowNotFound) {
  const Panel panel = fixture();
  expect_error<NotFound>([&] { (void)panel.value("xx", "rev", y2019); }, ErrorCode::not_found,
                         {"no unit with id \"xx\""});
  expect_error<NotFound>([&] { (void)panel.value("dz", "yy", y2019); }, ErrorCode::not_found,
                         {"no indicator with id \"yy\""});
  expect_error<NotFound>([&] { (void)panel.value("dz", "rev", Period::half_year(2019, 1)); }, ErrorCode::not_found,
                         {"no period 2019H1"});
  EXPECT_THROW((void)panel.unit_index("xx"), NotFound);
  EXPECT_THROW((void)panel.indicator_index("xx"), NotFound);
  EXPECT_THROW((void)panel.period_index(Period::annual(2018)), NotFound);
  EXPECT_THROW((void)panel.period_matrix(Period::annual(2018)), NotFound);
  EXPECT_THROW((void)panel.indicator_matrix("xx"), NotFound);
  EXPECT_THROW((void)panel.unit_matrix("xx"), NotFound);
  EXPECT_THROW((void)panel.missing_mask(Period::annual(2018)), NotFound);
  EXPECT_THROW((void)panel.coverage("xx", y2019), NotFound);
  Panel copy = panel;
  EXPECT_THROW(copy.set("xx", "rev", y2019, 1.0), NotFound);
  EXPECT_THROW(copy.clear("dz", "rev", Period::annual(2018)), NotFound);
  EXPECT_THROW((void)copy.is_missing("dz", "xx", y2019), NotFound);
  EXPECT_THROW((void)copy.is_missing("dz", "rev", Period::annual(2018)), std::out_of_range);  // NotFound's std base
  EXPECT_TRUE(copy.identical(panel));
}

TEST(Panel, IndicesOutOfRangeAreRejected) {
  Panel panel = fixture();
  expect_error<InvalidInput>([&] { (void)panel.value(3, 0, 0); }, ErrorCode::out_of_range,
                             {"unit index 3 is out of range (the panel has 3 units)"});
  expect_error<InvalidInput>([&] { (void)panel.value(0, 2, 0); }, ErrorCode::out_of_range, {"indicator index 2"});
  expect_error<InvalidInput>([&] { (void)panel.value(0, 0, 3); }, ErrorCode::out_of_range, {"period index 3"});
  EXPECT_THROW(panel.set(0, 0, 99, 1.0), InvalidInput);
  EXPECT_THROW(panel.clear(99, 0, 0), InvalidInput);
  EXPECT_THROW((void)panel.is_missing(0, 99, 0), InvalidInput);
  EXPECT_THROW((void)panel.period_matrix(std::size_t{3}), InvalidInput);
  EXPECT_THROW((void)panel.indicator_matrix(std::size_t{2}), InvalidInput);
  EXPECT_THROW((void)panel.unit_matrix(std::size_t{3}), InvalidInput);
  EXPECT_THROW((void)panel.missing_mask(std::size_t{3}), InvalidInput);
  EXPECT_TRUE(panel.identical(fixture()));
}

TEST(Panel, FromLongRejectsUnknownIdsWithRecordPosition) {
  const std::vector<std::string> units = {"dz", "ts"};
  const std::vector<std::string> indicators = {"rev"};
  const std::vector<Period> periods = {y2020, y2021};
  const auto build = [&](const std::vector<Observation>& records) {
    (void)Panel::from_long(records, units, indicators, periods);
  };
  expect_error<NotFound>(
      [&] {
        build({{"dz", "rev", y2020, 1}, {"ts", "rev", y2020, 2}, {"唐山", "rev", y2020, 3}});
      },
      ErrorCode::not_found, {"record 2", "unknown unit \"唐山\""});
  expect_error<NotFound>(
      [&] {
        build({{"dz", "rev", y2020, 1}, {"dz", "profit", y2021, 2}});
      },
      ErrorCode::not_found, {"record 1", "unknown indicator \"profit\""});
  expect_error<NotFound>(
      [&] {
        build({{"dz", "rev", Period::half_year(2021, 1), 1}});
      },
      ErrorCode::not_found, {"record 0", "unknown period 2021H1"});
}

TEST(Panel, FromLongRejectsDuplicateRecordsNamingCellAndPositions) {
  const std::vector<Observation> records = {
      {"dz", "rev", y2020, 1}, {"ts", "rev", y2020, 2}, {"dz", "rev", y2021, 3}, {"dz", "rev", y2020, nan}};
  expect_error<InvalidInput>([&] { (void)Panel::from_long(records); }, ErrorCode::duplicate_id,
                             {"unit=dz", "indicator=rev", "period=2020", "records 0 and 3"});
  expect_error<InvalidInput>(
      [&] {
        (void)Panel::from_long(records, {"dz", "ts"}, {"rev"}, {y2021, y2020});
      },
      ErrorCode::duplicate_id, {"records 0 and 3"});
}

TEST(Panel, FromLongRejectsInfinityAcceptsNaN) {
  const std::vector<Observation> records = {{"dz", "rev", y2020, 1}, {"ts", "rev", y2021, -inf}};
  EXPECT_EQ(expect_error<InvalidInput>([&] { (void)Panel::from_long(records); }, ErrorCode::not_finite),
            "qualis: panel[unit=ts, indicator=rev, period=2021]: record 1: value is not finite");
  const Panel panel = Panel::from_long({{"dz", "rev", y2020, nan}});
  EXPECT_EQ(panel.unit_count(), 1U);
  EXPECT_TRUE(panel.is_missing("dz", "rev", y2020));
}

TEST(Panel, FromLongInferringRejectsEmptyAndBadIds) {
  expect_error<InvalidInput>([] { (void)Panel::from_long({}); }, ErrorCode::empty_input, {"no records"});
  expect_error<InvalidInput>(
      [] {
        (void)Panel::from_long({{"dz", "rev", y2020, 1}, {" dz", "rev", y2020, 2}});
      },
      ErrorCode::invalid_id, {"record 1: unit id \" dz\""});
  expect_error<InvalidInput>(
      [] {
        (void)Panel::from_long({{"dz", "", y2020, 1}});
      },
      ErrorCode::invalid_id, {"record 0: indicator id is empty"});
  // With given dimensions an empty record list is a panel with every value missing.
  EXPECT_EQ(Panel::from_long({}, {"dz"}, {"rev"}, {y2020}).missing_count(), 1U);
}

TEST(Panel, SelectUnitsIndicatorsPeriods) {
  const Panel panel = fixture();
  const Panel units = panel.select_units({"ag", "dz"});
  EXPECT_THAT(units.units(), ElementsAre("ag", "dz"));
  EXPECT_EQ(units.periods(), panel.periods());
  EXPECT_EQ(units.indicators(), panel.indicators());
  const Panel indicators = panel.select_indicators({"profit"});
  EXPECT_THAT(indicators.indicators(), ElementsAre("profit"));
  const Panel periods = panel.select_periods({y2021, y2019});
  EXPECT_THAT(periods.periods(), ElementsAre(y2019, y2021));  // sorted, as in every panel
  for (const auto& u : panel.units()) {
    for (const auto& i : panel.indicators()) {
      for (const auto& p : panel.periods()) {
        const double v = panel.value(u, i, p);
        if (units.has_unit(u)) {
          EXPECT_TRUE(same(units.value(u, i, p), v));
        }
        if (indicators.has_indicator(i)) {
          EXPECT_TRUE(same(indicators.value(u, i, p), v));
        }
        if (periods.has_period(p)) {
          EXPECT_TRUE(same(periods.value(u, i, p), v));
        }
      }
    }
  }
  EXPECT_EQ(units.coverage().observed, 8U);       // dz 6 + ag 2
  EXPECT_EQ(indicators.coverage().observed, 6U);  // profit 6 of 9
  EXPECT_EQ(periods.coverage().observed, 10U);    // 2019: 4, 2021: 6
  EXPECT_TRUE(panel.select_units(panel.units()).identical(panel));
  EXPECT_TRUE(panel.select_periods({y2021, y2020, y2019}).identical(panel));

  expect_error<NotFound>([&] { (void)panel.select_units({"dz", "xx"}); }, ErrorCode::not_found, {"\"xx\""});
  EXPECT_THROW((void)panel.select_indicators({"xx"}), NotFound);
  EXPECT_THROW((void)panel.select_periods({Period::annual(2022)}), NotFound);
  expect_error<InvalidInput>([&] { (void)panel.select_units({"dz", "dz"}); }, ErrorCode::duplicate_id, {"unit=dz"});
  EXPECT_THROW((void)panel.select_indicators({}), InvalidInput);
  EXPECT_THROW((void)panel.select_periods({y2019, y2019}), InvalidInput);
}

TEST(Panel, IdenticalTreatsMissingAsEqual) {
  const Panel a = fixture();
  Panel b = fixture();
  EXPECT_TRUE(a.identical(b));  // both hold NaN in the same 5 cells
  EXPECT_TRUE(a == b);
  b.set("ts", "profit", y2020, 1.0);
  EXPECT_FALSE(a.identical(b));
  EXPECT_TRUE(a != b);
  b.clear("ts", "profit", y2020);
  EXPECT_TRUE(a == b);
  b.set("dz", "rev", y2019, 111.0 + 1e-12);
  EXPECT_FALSE(a == b);
  const Panel other_order({"ts", "dz", "ag"}, {"rev", "profit"}, {y2019, y2020, y2021});
  EXPECT_FALSE(Panel({"dz", "ts", "ag"}, {"rev", "profit"}, {y2019, y2020, y2021}) == other_order);
  EXPECT_TRUE(Panel({"dz"}, {"rev"}, {y2019}) == Panel({"dz"}, {"rev"}, {y2019}));
}

// The example of docs/reference/panel.md, kept here so that it compiles and runs.
TEST(Panel, DocumentationExample) {
  using qualis::Panel;
  using qualis::Period;
  const Period p2020 = Period::annual(2020);
  const Period p2021 = Period::annual(2021);
  // "hs" joins in 2021, so its 2020 values are missing.
  const Panel panel = Panel::from_long({
      {"dz", "revenue", p2020, 60.1},
      {"dz", "revenue", p2021, 82.8},
      {"dz", "profit", p2021, 7.3},
      {"hs", "revenue", p2021, 12.0},
  });
  const Eigen::Ref<const Eigen::MatrixXd> x = panel.period_matrix(p2021);  // units x indicators, no copy
  const qualis::Coverage c = panel.coverage();                             // 4 of 8 cells observed
  EXPECT_EQ(x.rows(), 2);
  EXPECT_EQ(x(1, 0), 12.0);
  EXPECT_EQ(c.observed, 4U);
  EXPECT_EQ(c.total, 8U);
  EXPECT_TRUE(std::isnan(panel.value("hs", "profit", p2021)));
  EXPECT_EQ(panel.coverage_by_period()[0].observed, 1U);
}

}  // namespace
