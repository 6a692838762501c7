// Tests for qualis/prepare/impute.hpp: cross-sectional mean/median (optionally by group) and time-based
// imputation (last observation carried forward, linear interpolation) with records of every imputed cell.
// Every expected value is computed by hand in the comment next to it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "qualis/model/panel.hpp"
#include "qualis/prepare/impute.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::CrossSectionImputeOptions;
using qualis::EmptyGroupRule;
using qualis::ErrorCode;
using qualis::ImputeMethod;
using qualis::ImputeStatistic;
using qualis::InvalidInput;
using qualis::NoDataRule;
using qualis::NotFound;
using qualis::Panel;
using qualis::Period;
using qualis::TimeAxis;
using qualis::TimeImputeMethod;
using qualis::TimeImputeOptions;
using qualis_test::expect_error;
using qualis_test::rows;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// 4 units x 3 indicators; the third indicator has no observed value.
Eigen::MatrixXd small() { return rows({{1, nan, nan}, {3, 4, nan}, {nan, 8, nan}, {8, nan, nan}}); }

Period y(int year) { return Period::annual(year); }

// One unit, one indicator, the given periods and values.
Panel series(const std::vector<Period>& periods, const std::vector<double>& values) {
  Panel p({"u"}, {"i"}, periods);
  for (std::size_t k = 0; k < values.size(); ++k) p.set(0, 0, p.period_index(periods[k]), values[k]);
  return p;
}

std::vector<double> values_of(const Panel& p) {
  std::vector<double> out;
  for (std::size_t k = 0; k < p.period_count(); ++k) out.push_back(p.value(0, 0, k));
  return out;
}

// Element-wise equality with NaN matching NaN.
void expect_same(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    if (std::isnan(expected[k])) {
      EXPECT_TRUE(std::isnan(actual[k])) << "at " << k << ": " << actual[k];
    } else {
      EXPECT_NEAR(actual[k], expected[k], 1e-12 * std::max(1.0, std::abs(expected[k]))) << "at " << k;
    }
  }
}

TEST(ImputeCrossSection, MeanByHand) {
  const auto r = qualis::impute_cross_section(small());
  // Column 0: mean(1, 3, 8) = 4; column 1: mean(4, 8) = 6; column 2: nothing to impute from.
  EXPECT_EQ(r.values(2, 0), 4.0);
  EXPECT_EQ(r.values(0, 1), 6.0);
  EXPECT_EQ(r.values(3, 1), 6.0);
  ASSERT_EQ(r.cells.size(), 3U);
  EXPECT_EQ(r.cells[0].row, 2);
  EXPECT_EQ(r.cells[0].column, 0);
  EXPECT_EQ(r.cells[0].method, ImputeMethod::mean);
  EXPECT_EQ(r.cells[0].value, 4.0);
  EXPECT_EQ(r.cells[1].row, 0);
  EXPECT_EQ(r.cells[2].row, 3);
  EXPECT_EQ(r.cells[2].column, 1);
  EXPECT_THAT(r.no_data, ElementsAre(2));
  EXPECT_EQ(r.left_missing, 4U);
  EXPECT_TRUE(r.values.col(2).array().isNaN().all());
  // Observed cells are untouched.
  EXPECT_EQ(r.values(0, 0), 1.0);
  EXPECT_EQ(r.values(2, 1), 8.0);
}

TEST(ImputeCrossSection, MedianByHand) {
  CrossSectionImputeOptions o;
  o.statistic = ImputeStatistic::median;
  o.no_data = NoDataRule::flag;
  const auto r = qualis::impute_cross_section(small(), o);
  EXPECT_EQ(r.values(2, 0), 3.0);  // median(1, 3, 8)
  EXPECT_EQ(r.values(0, 1), 6.0);  // median(4, 8) = (4 + 8) / 2
  EXPECT_EQ(r.cells[0].method, ImputeMethod::median);
  // Even count with unsorted input: median(10, 2, 7, 1) = (2 + 7) / 2 = 4.5.
  const auto e = qualis::impute_cross_section(rows({{10}, {2}, {nan}, {7}, {1}}), o);
  EXPECT_EQ(e.values(2, 0), 4.5);
}

TEST(ImputeCrossSection, GroupMeanAndMedianByHand) {
  CrossSectionImputeOptions o;
  o.groups = {"a", "a", "b", "b"};
  const auto r = qualis::impute_cross_section(small(), o);
  EXPECT_EQ(r.values(2, 0), 8.0);  // group b observed in column 0: {8}
  EXPECT_EQ(r.values(0, 1), 4.0);  // group a observed in column 1: {4}
  EXPECT_EQ(r.values(3, 1), 8.0);  // group b: {8}
  EXPECT_EQ(r.cells[0].method, ImputeMethod::group_mean);
  const auto m = qualis::impute_cross_section(rows({{1}, {nan}, {5}, {100}, {nan}, {3}, {4}}), [] {
    CrossSectionImputeOptions g;
    g.statistic = ImputeStatistic::median;
    g.groups = {"x", "x", "x", "x", "y", "y", "y"};
    return g;
  }());
  EXPECT_EQ(m.values(1, 0), 5.0);  // median(1, 5, 100)
  EXPECT_EQ(m.values(4, 0), 3.5);  // median(3, 4)
  EXPECT_EQ(m.cells[0].method, ImputeMethod::group_median);
}

TEST(ImputeCrossSection, EmptyGroupFallsBackOrStaysMissing) {
  CrossSectionImputeOptions o;
  o.groups = {"a", "b", "b", "c"};  // column 1: group a (row 0) and group c (row 3) have no observed value
  const auto r = qualis::impute_cross_section(small(), o);
  EXPECT_EQ(r.values(0, 1), 6.0);  // overall mean(4, 8)
  EXPECT_EQ(r.values(3, 1), 6.0);
  EXPECT_EQ(r.cells[1].method, ImputeMethod::mean);  // the record says the overall statistic was used
  EXPECT_EQ(r.values(2, 0), 3.0);                    // group b in column 0: {3}
  EXPECT_EQ(r.cells[0].method, ImputeMethod::group_mean);
  o.empty_group = EmptyGroupRule::leave_missing;
  const auto l = qualis::impute_cross_section(small(), o);
  EXPECT_TRUE(std::isnan(l.values(0, 1)));
  EXPECT_TRUE(std::isnan(l.values(3, 1)));
  EXPECT_EQ(l.cells.size(), 1U);
  EXPECT_EQ(l.left_missing, 6U);  // 2 empty-group cells + 4 of the no-data column
}

TEST(ImputeCrossSection, NoDataColumnCanBeAnError) {
  CrossSectionImputeOptions o;
  o.no_data = NoDataRule::reject;
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(small(), o); }, ErrorCode::inconsistent,
                             {"impute_cross_section", "criterion (column) 2", "no observed value"});
}

TEST(ImputeCrossSection, CompleteMatrixIsUnchanged) {
  const Eigen::MatrixXd x = rows({{1, 2}, {3, 4}});
  const auto r = qualis::impute_cross_section(x);
  EXPECT_TRUE(r.cells.empty());
  EXPECT_EQ(r.values, x);
  EXPECT_EQ(r.left_missing, 0U);
}

TEST(ImputeCrossSection, PermutationOfUnitsPermutesTheResult) {
  const Eigen::MatrixXd x = rows({{1, nan}, {nan, 2}, {5, 9}, {2.5, nan}, {nan, 7}, {4, 1}});
  CrossSectionImputeOptions o;
  o.groups = {"p", "q", "p", "q", "p", "q"};
  o.statistic = ImputeStatistic::median;
  const auto r = qualis::impute_cross_section(x, o);
  const std::vector<Eigen::Index> perm = {5, 3, 0, 4, 1, 2};
  CrossSectionImputeOptions op = o;
  for (std::size_t k = 0; k < perm.size(); ++k) op.groups[k] = o.groups[static_cast<std::size_t>(perm[k])];
  const Eigen::MatrixXd xp = x(perm, Eigen::all);
  const auto s = qualis::impute_cross_section(xp, op);
  for (Eigen::Index i = 0; i < 6; ++i) {
    for (Eigen::Index j = 0; j < 2; ++j) EXPECT_EQ(s.values(i, j), r.values(perm[static_cast<std::size_t>(i)], j));
  }
  EXPECT_EQ(s.cells.size(), r.cells.size());
}

TEST(ImputeCrossSection, PanelOverloadWorksPeriodByPeriodWithIds) {
  Panel p({"a", "b", "c"}, {"rev", "pat"}, {y(2021), y(2020)});
  p.set("a", "rev", y(2020), 10);
  p.set("b", "rev", y(2020), 20);
  p.set("a", "rev", y(2021), 100);
  p.set("c", "pat", y(2021), 7);
  const auto r = qualis::impute_cross_section(p);
  // 2020: rev of c = mean(10, 20) = 15; pat has no value in 2020.
  // 2021: rev of b and c = 100 (only a observed); pat of a and b = 7.
  EXPECT_EQ(r.panel.value("c", "rev", y(2020)), 15.0);
  EXPECT_EQ(r.panel.value("b", "rev", y(2021)), 100.0);
  EXPECT_EQ(r.panel.value("a", "pat", y(2021)), 7.0);
  EXPECT_TRUE(r.panel.is_missing("a", "pat", y(2020)));
  ASSERT_EQ(r.cells.size(), 5U);
  EXPECT_EQ(r.cells[0].unit, "c");
  EXPECT_EQ(r.cells[0].indicator, "rev");
  EXPECT_EQ(r.cells[0].period, y(2020));
  EXPECT_TRUE(r.cells[0].sources.empty());
  EXPECT_EQ(r.cells[1].period, y(2021));
  ASSERT_EQ(r.no_data.size(), 1U);
  EXPECT_EQ(r.no_data[0].indicator, "pat");
  EXPECT_EQ(*r.no_data[0].period, y(2020));
  EXPECT_EQ(r.left_missing, 3U);
  // The input panel is not modified.
  EXPECT_TRUE(p.is_missing("c", "rev", y(2020)));
  CrossSectionImputeOptions o;
  o.no_data = NoDataRule::reject;
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(p, o); }, ErrorCode::inconsistent,
                             {"indicator pat in period 2020"});
  o.no_data = NoDataRule::flag;
  o.groups = {"g"};
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(p, o); }, ErrorCode::size_mismatch,
                             {"1 group labels for 3 units"});
}

TEST(ImputeCrossSection, BadInput) {
  expect_error<InvalidInput>([] { (void)qualis::impute_cross_section(Eigen::MatrixXd(0, 0)); }, ErrorCode::empty_input,
                             {"impute_cross_section"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::impute_cross_section(rows({{1, 2}, {inf, nan}}));
      },
      ErrorCode::not_finite, {"unit (row) 1, criterion (column) 0"});
  CrossSectionImputeOptions o;
  o.groups = {"a", "b", "c"};
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(small(), o); }, ErrorCode::size_mismatch,
                             {"3 group labels for 4 units"});
  CrossSectionImputeOptions e;
  e.statistic = static_cast<ImputeStatistic>(9);
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(small(), e); }, ErrorCode::invalid_argument);
  e = {};
  e.empty_group = static_cast<EmptyGroupRule>(9);
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(small(), e); }, ErrorCode::invalid_argument);
  e = {};
  e.no_data = static_cast<NoDataRule>(9);
  expect_error<InvalidInput>([&] { (void)qualis::impute_cross_section(small(), e); }, ErrorCode::invalid_argument);
}

const std::vector<Period> five = {y(2019), y(2020), y(2021), y(2022), y(2023)};

TEST(ImputeOverTime, LastObservationCarriedForward) {
  const auto r = qualis::impute_over_time(series(five, {1, nan, nan, 4, nan}));
  expect_same(values_of(r.panel), {1, 1, 1, 4, 4});
  ASSERT_EQ(r.cells.size(), 3U);
  EXPECT_EQ(r.cells[0].period, y(2020));
  EXPECT_EQ(r.cells[0].method, ImputeMethod::locf);
  EXPECT_THAT(r.cells[0].sources, ElementsAre(y(2019)));
  EXPECT_THAT(r.cells[2].sources, ElementsAre(y(2022)));
  EXPECT_EQ(r.cells[2].value, 4.0);
  EXPECT_EQ(r.left_missing, 0U);
}

TEST(ImputeOverTime, CarryForwardRespectsMaximumGap) {
  TimeImputeOptions o;
  o.max_gap = 1;
  const auto r = qualis::impute_over_time(series(five, {1, nan, nan, 4, nan}), o);
  expect_same(values_of(r.panel), {1, 1, nan, 4, 4});  // 2021 is two periods after 2019
  EXPECT_EQ(r.left_missing, 1U);
}

TEST(ImputeOverTime, NeverBackwardsAndNeverExtrapolated) {
  expect_same(values_of(qualis::impute_over_time(series(five, {nan, 2, nan, nan, nan})).panel), {nan, 2, 2, 2, 2});
  TimeImputeOptions o;
  o.method = TimeImputeMethod::linear;
  // Linear: 2020..2021 between 1 (2019) and 4 (2022): 2, 3; nothing before the first or after the last observation.
  expect_same(values_of(qualis::impute_over_time(series(five, {1, nan, nan, 4, nan}), o).panel), {1, 2, 3, 4, nan});
  expect_same(values_of(qualis::impute_over_time(series(five, {nan, 2, nan, 6, nan}), o).panel), {nan, 2, 4, 6, nan});
  const auto one = qualis::impute_over_time(series(five, {nan, nan, 5, nan, nan}), o);
  expect_same(values_of(one.panel), {nan, nan, 5, nan, nan});
  EXPECT_TRUE(one.cells.empty());
  EXPECT_EQ(one.left_missing, 4U);
}

TEST(ImputeOverTime, LinearRecordsBothSources) {
  TimeImputeOptions o;
  o.method = TimeImputeMethod::linear;
  const auto r = qualis::impute_over_time(series(five, {1, nan, nan, 4, nan}), o);
  ASSERT_EQ(r.cells.size(), 2U);
  EXPECT_EQ(r.cells[1].method, ImputeMethod::linear);
  EXPECT_THAT(r.cells[1].sources, ElementsAre(y(2019), y(2022)));
  EXPECT_EQ(r.cells[1].value, 3.0);
}

TEST(ImputeOverTime, LinearMaximumGapIsAllOrNothing) {
  TimeImputeOptions o;
  o.method = TimeImputeMethod::linear;
  o.max_gap = 1;
  const std::vector<Period> six = {y(2018), y(2019), y(2020), y(2021), y(2022), y(2023)};
  // Run 2019-2020 (2 long) is skipped; run 2022 (1 long) is filled with (4 + 8) / 2.
  expect_same(values_of(qualis::impute_over_time(series(six, {1, nan, nan, 4, nan, 8}), o).panel),
              {1, nan, nan, 4, 6, 8});
}

TEST(ImputeOverTime, UnevenPeriodsByTimeAndByPosition) {
  // 2020 (middle at month 6 of 2020), 2021H1 (month 12 + 3), 2021H2 (month 12 + 9): 2021H1 lies 9/15 of the way
  // from 2020 to 2021H2, so by time 10 + (25 - 10) * 0.6 = 19; by position it is halfway, 17.5.
  const std::vector<Period> ps = {y(2020), Period::half_year(2021, 1), Period::half_year(2021, 2)};
  TimeImputeOptions o;
  o.method = TimeImputeMethod::linear;
  expect_same(values_of(qualis::impute_over_time(series(ps, {10, nan, 25}), o).panel), {10, 19, 25});
  o.axis = TimeAxis::position;
  expect_same(values_of(qualis::impute_over_time(series(ps, {10, nan, 25}), o).panel), {10, 17.5, 25});
  // A year missing from the panel: 2020 between 2019 (0) and 2022 (3) is at 1/3 by time, 1/2 by position.
  const std::vector<Period> gap = {y(2019), y(2020), y(2022)};
  o.axis = TimeAxis::time;
  expect_same(values_of(qualis::impute_over_time(series(gap, {0, nan, 3}), o).panel), {0, 1, 3});
  o.axis = TimeAxis::position;
  expect_same(values_of(qualis::impute_over_time(series(gap, {0, nan, 3}), o).panel), {0, 1.5, 3});
}

TEST(ImputeOverTime, NestedPeriodsNeedThePositionAxis) {
  // 2021 < 2021Q2 in period order, but the middle of 2021 (month 6) is after that of 2021Q2 (month 4.5).
  const std::vector<Period> ps = {y(2020), y(2021), Period::quarter(2021, 2)};
  TimeImputeOptions o;
  o.method = TimeImputeMethod::linear;
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::impute_over_time(series(ps, {1, nan, 3}), o);
      },
      ErrorCode::inconsistent, {"impute_over_time", "2021 and 2021Q2"});
  o.axis = TimeAxis::position;
  expect_same(values_of(qualis::impute_over_time(series(ps, {1, nan, 3}), o).panel), {1, 2, 3});
  o = {};  // carrying forward does not measure time
  expect_same(values_of(qualis::impute_over_time(series(ps, {1, nan, 3}), o).panel), {1, 1, 3});
}

TEST(ImputeOverTime, LateJoinersAreNotImputedBeforeJoining) {
  Panel p({"old", "late"}, {"rev"}, {y(2019), y(2020), y(2021), y(2022)});
  p.set("old", "rev", y(2019), 1);
  p.set("late", "rev", y(2019), 7);  // a value from before the unit joined: neither used nor changed
  p.set("late", "rev", y(2021), 3);
  TimeImputeOptions o;
  o.joined = {{"late", y(2021)}};
  const auto r = qualis::impute_over_time(p, o);
  EXPECT_TRUE(r.panel.is_missing("late", "rev", y(2020)));
  EXPECT_EQ(r.panel.value("late", "rev", y(2019)), 7.0);
  EXPECT_EQ(r.panel.value("late", "rev", y(2022)), 3.0);
  EXPECT_EQ(r.panel.value("old", "rev", y(2022)), 1.0);
  // Without the joining period the 2019 value would be carried into 2020.
  EXPECT_EQ(qualis::impute_over_time(p).panel.value("late", "rev", y(2020)), 7.0);
  // A joining period that is not a panel period: the series starts at the first period not before it.
  o.joined = {{"late", Period::half_year(2020, 2)}};
  EXPECT_TRUE(qualis::impute_over_time(p, o).panel.is_missing("late", "rev", y(2020)));
  // Cells are ordered by period, then indicator, then unit.
  const auto all = qualis::impute_over_time(p);
  ASSERT_EQ(all.cells.size(), 5U);
  EXPECT_EQ(all.cells[0].unit, "old");
  EXPECT_EQ(all.cells[0].period, y(2020));
  EXPECT_EQ(all.cells[1].unit, "late");
  EXPECT_EQ(all.cells[1].period, y(2020));
  EXPECT_EQ(all.cells[2].period, y(2021));
}

TEST(ImputeOverTime, AllMissingIndicatorIsFlaggedOrAnError) {
  Panel p({"a", "b"}, {"rev", "empty"}, {y(2020), y(2021)});
  p.set("a", "rev", y(2020), 5);
  const auto r = qualis::impute_over_time(p);
  ASSERT_EQ(r.no_data.size(), 1U);
  EXPECT_EQ(r.no_data[0].indicator, "empty");
  EXPECT_FALSE(r.no_data[0].period.has_value());
  EXPECT_EQ(r.panel.value("a", "rev", y(2021)), 5.0);
  EXPECT_TRUE(r.panel.is_missing("b", "rev", y(2021)));  // unit b has no observation: stays missing, not flagged
  EXPECT_EQ(r.left_missing, 6U);
  TimeImputeOptions o;
  o.no_data = NoDataRule::reject;
  expect_error<InvalidInput>([&] { (void)qualis::impute_over_time(p, o); }, ErrorCode::inconsistent,
                             {"indicator empty has no observed value in any period"});
}

TEST(ImputeOverTime, ObservedCellsNeverChange) {
  Panel p({"a", "b", "c"}, {"x", "y"}, five);
  double v = 0.5;
  for (std::size_t u = 0; u < 3; ++u) {
    for (std::size_t i = 0; i < 2; ++i) {
      for (std::size_t t = 0; t < 5; ++t) {
        v = v * 3.7 - std::floor(v * 3.7);  // deterministic pseudo-random in [0, 1)
        if (v > 0.4) p.set(u, i, t, v * 100.0);
      }
    }
  }
  for (const auto method : {TimeImputeMethod::locf, TimeImputeMethod::linear}) {
    TimeImputeOptions o;
    o.method = method;
    const auto r = qualis::impute_over_time(p, o);
    for (std::size_t u = 0; u < 3; ++u) {
      for (std::size_t i = 0; i < 2; ++i) {
        for (std::size_t t = 0; t < 5; ++t) {
          if (!p.is_missing(u, i, t)) {
            EXPECT_EQ(r.panel.value(u, i, t), p.value(u, i, t));
          }
        }
      }
    }
    EXPECT_GT(r.cells.size(), 3U);  // the pattern leaves something to impute
    EXPECT_EQ(p.missing_count() - r.cells.size(), r.left_missing);
    for (const auto& c : r.cells) EXPECT_EQ(r.panel.value(c.unit, c.indicator, c.period), c.value);
  }
}

TEST(ImputeOverTime, BadInput) {
  const Panel p = series(five, {1, nan, 2, nan, 3});
  TimeImputeOptions o;
  o.joined = {{"ghost", y(2020)}};
  expect_error<NotFound>([&] { (void)qualis::impute_over_time(p, o); }, ErrorCode::not_found,
                         {"impute_over_time", "ghost"});
  TimeImputeOptions e;
  e.method = static_cast<TimeImputeMethod>(5);
  expect_error<InvalidInput>([&] { (void)qualis::impute_over_time(p, e); }, ErrorCode::invalid_argument);
  e = {};
  e.axis = static_cast<TimeAxis>(5);
  expect_error<InvalidInput>([&] { (void)qualis::impute_over_time(p, e); }, ErrorCode::invalid_argument);
  e = {};
  e.no_data = static_cast<NoDataRule>(5);
  expect_error<InvalidInput>([&] { (void)qualis::impute_over_time(p, e); }, ErrorCode::invalid_argument);
}

TEST(ImputeOverTime, DocumentationExample) {
  // docs/reference/impute.md
  qualis::Panel panel({"a", "b", "c"}, {"rev"},
                      {Period::annual(2019), Period::annual(2020), Period::annual(2021), Period::annual(2022)});
  panel.set("a", "rev", Period::annual(2019), 10);
  panel.set("a", "rev", Period::annual(2022), 16);
  panel.set("b", "rev", Period::annual(2019), 5);
  panel.set("c", "rev", Period::annual(2020), 1);
  panel.set("c", "rev", Period::annual(2021), 8);
  qualis::TimeImputeOptions options;
  options.method = qualis::TimeImputeMethod::linear;
  options.joined = {{"c", Period::annual(2021)}};
  const qualis::PanelImputation r = qualis::impute_over_time(panel, options);
  const auto row = [&](const std::string& u) {
    std::vector<double> out;
    for (std::size_t t = 0; t < 4; ++t) out.push_back(r.panel.value(r.panel.unit_index(u), 0, t));
    return out;
  };
  expect_same(row("a"), {10, 12, 14, 16});
  expect_same(row("b"), {5, nan, nan, nan});
  expect_same(row("c"), {nan, 1, 8, nan});
  ASSERT_EQ(r.cells.size(), 2U);
  EXPECT_THAT(r.cells[0].sources, ElementsAre(y(2019), y(2022)));
  EXPECT_EQ(r.left_missing, 5U);
}

TEST(Impute, Names) {
  EXPECT_STREQ(qualis::to_string(ImputeMethod::group_median), "group_median");
  EXPECT_STREQ(qualis::to_string(ImputeMethod::locf), "locf");
  EXPECT_STREQ(qualis::to_string(static_cast<ImputeMethod>(77)), "unknown");
}

}  // namespace
