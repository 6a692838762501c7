// Tests for qualis/trend/growth.hpp: period-over-period and year-on-year change over half-years with a missing
// value and gaps, CAGR (spans from periods, statuses), index numbers, contributions of clusters to a province's
// growth, invariants and bad input. Expected numbers are ratios written out in the comments (and printed by
// tests/reference/trend_regression.py).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <qualis/trend/growth.hpp>
#include <vector>

#include "support/expect_error.hpp"
#include "support/trend.hpp"

namespace {

using qualis_test::expect_rel;

using qualis::Cagr;
using qualis::ErrorCode;
using qualis::Growth;
using qualis::GrowthBase;
using qualis::GrowthContributions;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::Period;
using qualis::TrendStatus;
using qualis_test::expect_error;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

Period h(int year, int half) { return Period::half_year(year, half); }

// 2020H1..2022H2 = 100, 110, 121, NaN, 133.1, 150.
const std::vector<Period> halves = {h(2020, 1), h(2020, 2), h(2021, 1), h(2021, 2), h(2022, 1), h(2022, 2)};
const Eigen::VectorXd half_values = qualis_test::to_vector({100, 110, 121, nan, 133.1, 150});

TEST(Growth, PeriodOverPeriod) {
  const Growth g = qualis::period_over_period(halves, half_values);
  ASSERT_EQ(g.rate.size(), 6);
  EXPECT_TRUE(std::isnan(g.rate[0]));  // 2019H2 is not in the list
  EXPECT_TRUE(std::isnan(g.base[0]));
  expect_rel(g.base[1], 100.0);
  expect_rel(g.change[1], 10.0);
  expect_rel(g.rate[1], 0.1);            // 110 / 100 - 1
  expect_rel(g.rate[2], 0.1);            // 121 / 110 - 1
  EXPECT_TRUE(std::isnan(g.change[3]));  // own value missing
  EXPECT_TRUE(std::isnan(g.rate[4]));    // base 2021H2 missing
  EXPECT_TRUE(std::isnan(g.base[4]));
  expect_rel(g.change[5], 150.0 - 133.1);
  expect_rel(g.rate[5], 150.0 / 133.1 - 1.0);  // 0.12697220135236664
  EXPECT_EQ(g.computed, 3U);
  EXPECT_EQ(g.missing_value, 1U);
  EXPECT_EQ(g.missing_base, 2U);  // 2020H1 (no 2019H2) and 2022H1 (2021H2 is NaN)
  EXPECT_EQ(g.nonpositive_base, 0U);
  EXPECT_EQ(g.periods, halves);
}

TEST(Growth, YearOnYearComparesTheSameHalf) {
  const Growth g = qualis::year_on_year(halves, half_values);
  EXPECT_TRUE(std::isnan(g.rate[0]));
  EXPECT_TRUE(std::isnan(g.rate[1]));
  expect_rel(g.base[2], 100.0);  // 2021H1 against 2020H1
  expect_rel(g.rate[2], 0.21);   // 121 / 100 - 1
  expect_rel(g.change[2], 21.0);
  EXPECT_TRUE(std::isnan(g.rate[3]));          // own value missing
  expect_rel(g.rate[4], 133.1 / 121.0 - 1.0);  // 0.1
  EXPECT_TRUE(std::isnan(g.rate[5]));          // 2021H2 missing
  EXPECT_EQ(g.computed, 2U);
  EXPECT_EQ(g.missing_value, 1U);
  EXPECT_EQ(g.missing_base, 3U);
  // growth() with the enumerator is the same computation.
  const Growth same = qualis::growth(halves, half_values, GrowthBase::year_ago);
  for (Eigen::Index k = 0; k < 6; ++k) {
    EXPECT_TRUE(same.rate[k] == g.rate[k] || (std::isnan(same.rate[k]) && std::isnan(g.rate[k])));
  }
}

TEST(Growth, GapIsNotBridged) {
  // 2019, 2021: 2021's previous period (2020) is absent, so no period-over-period rate spanning two years.
  const Growth g =
      qualis::period_over_period({Period::annual(2019), Period::annual(2021)}, qualis_test::to_vector({10, 12}));
  EXPECT_TRUE(std::isnan(g.rate[1]));
  EXPECT_EQ(g.missing_base, 2U);
  // Quarters: 2021Q1 follows 2020Q4 across the year boundary.
  const Growth q =
      qualis::period_over_period({Period::quarter(2020, 4), Period::quarter(2021, 1)}, qualis_test::to_vector({8, 10}));
  expect_rel(q.rate[1], 0.25);  // 10 / 8 - 1
}

TEST(Growth, ZeroAndNegativeBaseGiveChangeButNoRate) {
  const Growth g = qualis::period_over_period({Period::annual(2020), Period::annual(2021), Period::annual(2022)},
                                              qualis_test::to_vector({0, 5, -5}));
  EXPECT_EQ(g.change[1], 5.0);
  EXPECT_TRUE(std::isnan(g.rate[1]));
  EXPECT_EQ(g.change[2], -10.0);
  expect_rel(g.rate[2], -2.0);  // (-5 - 5) / 5
  EXPECT_EQ(g.nonpositive_base, 1U);
  EXPECT_EQ(g.computed, 1U);
}

TEST(Growth, EmptyAndYearOne) {
  const Growth e = qualis::period_over_period({}, Eigen::VectorXd());
  EXPECT_EQ(e.rate.size(), 0);
  // Year 1 has no previous period and no year-ago period: missing base, not an error.
  const Growth g = qualis::year_on_year({Period::annual(1), Period::annual(2)}, qualis_test::to_vector({1, 2}));
  EXPECT_TRUE(std::isnan(g.rate[0]));
  expect_rel(g.rate[1], 1.0);
  const Growth p = qualis::period_over_period({h(1, 1), h(1, 2)}, qualis_test::to_vector({1, 2}));
  EXPECT_TRUE(std::isnan(p.rate[0]));
  expect_rel(p.rate[1], 1.0);
}

TEST(Growth, ScaleInvariance) {
  // y -> c y (c > 0): rates unchanged, changes scaled by c.
  const Growth a = qualis::period_over_period(halves, half_values);
  const Growth b = qualis::period_over_period(halves, 7.0 * half_values);
  for (Eigen::Index k = 0; k < 6; ++k) {
    if (std::isnan(a.rate[k])) {
      EXPECT_TRUE(std::isnan(b.rate[k]));
    } else {
      expect_rel(b.rate[k], a.rate[k]);
      expect_rel(b.change[k], 7.0 * a.change[k]);
    }
  }
}

TEST(Cagr, NumbersAndSpans) {
  // 100 -> 121 over 2 years: sqrt(1.21) - 1 = 0.1.
  const Cagr a = qualis::cagr(100.0, 121.0, 2.0);
  EXPECT_EQ(a.status, TrendStatus::ok);
  expect_rel(a.rate, 0.1);
  // 2020H1 -> 2022H2: period_time 2020.25 -> 2022.75 = 2.5 years = 5 halves / 2; (150/100)^(1/2.5) - 1.
  const Cagr b = qualis::cagr(halves, half_values, h(2020, 1), h(2022, 2));
  EXPECT_EQ(b.years, 2.5);
  expect_rel(b.rate, 0.17607902252467356);
  expect_rel(b.rate, std::pow(1.5, 0.4) - 1.0);
  // Quarters: 2020Q1 -> 2022Q3 = 10 quarters = 2.5 years, the same as the difference of the middles.
  const Cagr q = qualis::cagr(Period::quarter(2020, 1), 100.0, Period::quarter(2022, 3), 130.0);
  EXPECT_EQ(q.years, 2.5);
  EXPECT_EQ(q.years, static_cast<double>(Period::quarter(2022, 3).periods_since(Period::quarter(2020, 1))) / 4.0);
  expect_rel(q.rate, 0.11065030683432209);
  // Mixed frequencies: middle of 2020 (2020.5) to middle of 2021H2 (2021.75) = 1.25 years.
  const Cagr m = qualis::cagr(Period::annual(2020), 100.0, h(2021, 2), 120.0);
  EXPECT_EQ(m.years, 1.25);
  expect_rel(m.rate, 0.15703100480315269);
  // Decline and no change.
  expect_rel(qualis::cagr(100.0, 81.0, 2.0).rate, -0.1);  // sqrt(0.81) - 1
  EXPECT_EQ(qualis::cagr(5.0, 5.0, 3.0).rate, 0.0);
}

TEST(Cagr, StatusForMissingAndNonPositive) {
  const Cagr missing = qualis::cagr(halves, half_values, h(2020, 1), h(2021, 2));  // 2021H2 is NaN
  EXPECT_EQ(missing.status, TrendStatus::too_short);
  EXPECT_TRUE(std::isnan(missing.rate));
  EXPECT_EQ(missing.years, 1.5);
  for (const auto& se : {std::vector<double>{0, 10}, std::vector<double>{10, 0}, std::vector<double>{-1, 10},
                         std::vector<double>{10, -1}}) {
    const Cagr c = qualis::cagr(se[0], se[1], 2.0);
    EXPECT_EQ(c.status, TrendStatus::undefined);
    EXPECT_TRUE(std::isnan(c.rate));
  }
}

TEST(Cagr, ScaleInvariance) {
  expect_rel(qualis::cagr(3.0 * 100.0, 3.0 * 150.0, 2.5).rate, qualis::cagr(100.0, 150.0, 2.5).rate);
}

TEST(IndexNumbers, BaseIsHundred) {
  const qualis::IndexNumbers r = qualis::index_numbers(halves, half_values, h(2020, 2));
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.base, h(2020, 2));
  EXPECT_EQ(r.base_value, 110.0);
  EXPECT_EQ(r.missing, 1U);
  expect_rel(r.index[0], 100.0 * 100.0 / 110.0);  // 90.909...
  EXPECT_EQ(r.index[1], 100.0);
  expect_rel(r.index[2], 110.0);  // 100 * 121 / 110
  EXPECT_TRUE(std::isnan(r.index[3]));
  expect_rel(r.index[4], 121.0);  // 100 * 133.1 / 110
  expect_rel(r.index[5], 100.0 * 150.0 / 110.0);
  // Ratios of index numbers are ratios of values (scale free): index(2022H2) / index(2020H1) = 1.5.
  expect_rel(r.index[5] / r.index[0], 1.5);
}

TEST(IndexNumbers, UndefinedBase) {
  const qualis::IndexNumbers m = qualis::index_numbers(halves, half_values, h(2021, 2));  // base NaN
  EXPECT_EQ(m.status, TrendStatus::undefined);
  EXPECT_TRUE(m.index.array().isNaN().all());
  const qualis::IndexNumbers z = qualis::index_numbers({Period::annual(2020), Period::annual(2021)},
                                                       qualis_test::to_vector({0, 3}), Period::annual(2020));
  EXPECT_EQ(z.status, TrendStatus::undefined);
  EXPECT_TRUE(z.index.array().isNaN().all());
}

// Three clusters of one province, 2020-2022:
//   clusters  [50 55 60]  [30 33 30]  [20 20 25]   (sum 100 108 115)
//   province  200 220 230
const std::vector<Period> years = {Period::annual(2020), Period::annual(2021), Period::annual(2022)};
Eigen::MatrixXd clusters() {
  Eigen::MatrixXd m(3, 3);
  m << 50, 55, 60, 30, 33, 30, 20, 20, 25;
  return m;
}

TEST(GrowthContributions, ClustersShareOfProvinceGrowth) {
  const GrowthContributions r = qualis::growth_contributions(years, clusters(), Eigen::Vector3d(200, 220, 230));
  EXPECT_TRUE(r.contribution.col(0).array().isNaN().all());
  EXPECT_EQ(r.undefined_periods, 1U);
  EXPECT_EQ(r.missing_cells, 0U);
  // 2021: province +20 on 200 = 0.10; clusters +5, +3, 0 on 200 = 0.025, 0.015, 0; remainder 0.06; shares of
  // the province's change 5/20, 3/20, 0.
  expect_rel(r.total_rate[1], 0.10);
  expect_rel(r.contribution(0, 1), 0.025);
  expect_rel(r.contribution(1, 1), 0.015);
  EXPECT_EQ(r.contribution(2, 1), 0.0);
  expect_rel(r.remainder[1], 0.06);
  expect_rel(r.share(0, 1), 0.25);
  expect_rel(r.share(1, 1), 0.15);
  // 2022: province +10 on 220; clusters +5, -3, +5 -> 5/220, -3/220, 5/220; remainder 3/220; shares 0.5, -0.3, 0.5.
  expect_rel(r.total_rate[2], 10.0 / 220.0);
  expect_rel(r.contribution(1, 2), -3.0 / 220.0);
  expect_rel(r.remainder[2], 3.0 / 220.0);
  expect_rel(r.share(0, 2), 0.5);
  expect_rel(r.share(1, 2), -0.3);
  expect_rel(r.share(2, 2), 0.5);
}

TEST(GrowthContributions, ContributionsAddUpToTheTotalOfTheUnits) {
  // Total = sum of the clusters: 100, 108, 115. 2021: 5/100 + 3/100 + 0 = 0.08 = 108/100 - 1.
  const GrowthContributions r = qualis::growth_contributions(years, clusters());
  expect_rel(r.total_rate[1], 0.08);
  expect_rel(r.contribution(0, 1), 0.05);
  expect_rel(r.total_rate[2], 7.0 / 108.0);
  for (Eigen::Index j = 1; j < 3; ++j) {
    expect_rel(r.contribution.col(j).sum(), r.total_rate[j]);
    EXPECT_NEAR(r.remainder[j], 0.0, 1e-15);
    expect_rel(r.share.col(j).sum(), 1.0);
  }
  // Scaling every value leaves contributions unchanged.
  const GrowthContributions s = qualis::growth_contributions(years, 4.0 * clusters());
  for (Eigen::Index j = 1; j < 3; ++j) {
    for (Eigen::Index i = 0; i < 3; ++i) expect_rel(s.contribution(i, j), r.contribution(i, j));
  }
}

TEST(GrowthContributions, MissingValuesYearOnYearAndFlatTotal) {
  Eigen::MatrixXd m = clusters();
  m(1, 2) = nan;  // cluster 2 unknown in 2022
  const GrowthContributions r = qualis::growth_contributions(years, m, Eigen::Vector3d(200, 220, 220));
  EXPECT_EQ(r.missing_cells, 1U);
  EXPECT_TRUE(std::isnan(r.contribution(1, 2)));
  expect_rel(r.contribution(0, 2), 5.0 / 220.0);
  EXPECT_TRUE(std::isnan(r.remainder[2]));
  EXPECT_EQ(r.total_rate[2], 0.0);
  EXPECT_TRUE(r.share.col(2).array().isNaN().all());  // the province did not change
  // Sum as total: a missing unit value makes the column's total unknown.
  const GrowthContributions s = qualis::growth_contributions(years, m);
  EXPECT_TRUE(std::isnan(s.total_rate[2]));
  EXPECT_EQ(s.undefined_periods, 2U);
  // Year on year over half-years: 2021H1 against 2020H1.
  const std::vector<Period> hp = {h(2020, 1), h(2020, 2), h(2021, 1)};
  Eigen::MatrixXd u(2, 3);
  u << 10, 12, 15, 30, 28, 25;
  const GrowthContributions y = qualis::growth_contributions(hp, u, GrowthBase::year_ago);
  // Total 40 -> 40: rate 0; contributions +5/40 and -5/40.
  EXPECT_EQ(y.total_rate[2], 0.0);
  expect_rel(y.contribution(0, 2), 0.125);
  expect_rel(y.contribution(1, 2), -0.125);
  EXPECT_EQ(y.undefined_periods, 2U);
}

TEST(Growth, BadInput) {
  expect_error<InvalidInput>(
      [] {
        (void)qualis::period_over_period(halves, qualis_test::to_vector({1, 2}));
      },
      ErrorCode::size_mismatch, {"growth", "6 periods for 2 values"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::year_on_year({Period::annual(2021), Period::annual(2020)}, qualis_test::to_vector({1, 2}));
      },
      ErrorCode::inconsistent, {"growth", "2021 is followed by 2020"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::year_on_year({Period::annual(2021), Period::annual(2021)}, qualis_test::to_vector({1, 2}));
      },
      ErrorCode::duplicate_id, {"growth", "period 2021 appears twice"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::period_over_period({Period::annual(2020), h(2021, 1)}, qualis_test::to_vector({1, 2}));
      },
      ErrorCode::inconsistent, {"growth", "2020 and 2021H1", "frequencies"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::period_over_period({h(2020, 1), h(2020, 2)}, qualis_test::to_vector({1, inf}));
      },
      ErrorCode::not_finite, {"growth[period=2020H2]", "value is infinite"});
}

TEST(Cagr, BadInput) {
  expect_error<InvalidInput>([] { (void)qualis::cagr(1.0, 2.0, 0.0); }, ErrorCode::out_of_range,
                             {"cagr", "span of 0 years"});
  expect_error<InvalidInput>([] { (void)qualis::cagr(1.0, 2.0, -1.0); }, ErrorCode::out_of_range, {"cagr"});
  expect_error<InvalidInput>([] { (void)qualis::cagr(1.0, 2.0, nan); }, ErrorCode::not_finite, {"cagr", "span"});
  expect_error<InvalidInput>([] { (void)qualis::cagr(inf, 2.0, 1.0); }, ErrorCode::not_finite,
                             {"cagr", "start value is infinite"});
  expect_error<InvalidInput>([] { (void)qualis::cagr(Period::annual(2022), 1.0, Period::annual(2020), 2.0); },
                             ErrorCode::inconsistent, {"cagr", "2020", "2022"});
  expect_error<InvalidInput>([] { (void)qualis::cagr(Period::annual(2022), 1.0, Period::annual(2022), 2.0); },
                             ErrorCode::inconsistent, {"cagr", "does not lie after"});
  expect_error<InvalidInput>([] { (void)qualis::cagr(Period::annual(2020), 1.0, Period::annual(2022), -inf); },
                             ErrorCode::not_finite, {"cagr[period=2022]", "infinite"});
  expect_error<NotFound>([] { (void)qualis::cagr(halves, half_values, h(2019, 1), h(2022, 2)); }, ErrorCode::not_found,
                         {"cagr", "period 2019H1 is not in the list"});
  expect_error<NotFound>([] { (void)qualis::cagr(halves, half_values, h(2020, 1), h(2023, 2)); }, ErrorCode::not_found,
                         {"cagr", "2023H2"});
}

TEST(IndexNumbers, BadInput) {
  expect_error<NotFound>([] { (void)qualis::index_numbers(halves, half_values, h(2019, 2)); }, ErrorCode::not_found,
                         {"index_numbers", "base period 2019H2"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::index_numbers(halves, qualis_test::to_vector({1, 2, 3, 4, 5, -inf}), h(2020, 1));
      },
      ErrorCode::not_finite, {"index_numbers[period=2022H2]"});
}

TEST(GrowthContributions, BadInput) {
  expect_error<InvalidInput>([] { (void)qualis::growth_contributions(years, clusters(), Eigen::Vector2d(1, 2)); },
                             ErrorCode::size_mismatch, {"growth_contributions", "3 periods for 2 values"});
  expect_error<InvalidInput>(
      [] { (void)qualis::growth_contributions(years, Eigen::MatrixXd::Ones(2, 4), Eigen::Vector3d(1, 2, 3)); },
      ErrorCode::size_mismatch, {"growth_contributions", "4 unit columns for 3 periods"});
  expect_error<InvalidInput>(
      [] {
        Eigen::MatrixXd m = clusters();
        m(2, 1) = inf;
        (void)qualis::growth_contributions(years, m);
      },
      ErrorCode::not_finite, {"growth_contributions[period=2021]", "unit row 2"});
  expect_error<InvalidInput>([] { (void)qualis::growth_contributions(years, clusters(), Eigen::Vector3d(1, inf, 3)); },
                             ErrorCode::not_finite, {"growth_contributions[period=2021]", "total is infinite"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::growth_contributions({Period::annual(2021), Period::annual(2020), Period::annual(2022)},
                                           clusters());
      },
      ErrorCode::inconsistent, {"growth_contributions", "2021 is followed by 2020"});
}

}  // namespace
