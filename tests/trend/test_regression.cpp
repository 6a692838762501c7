// Tests for qualis/trend/regression.hpp: the OLS line with inference against scipy.stats.linregress and the
// textbook formulas (tests/reference/trend_regression.py), Anscombe's published numbers, prediction and
// confidence intervals, statuses, invariants and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <qualis/trend/regression.hpp>
#include <vector>

#include "support/expect_error.hpp"
#include "support/trend.hpp"

namespace {

using qualis_test::expect_rel;
using qualis_test::series;

using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::LinearTrend;
using qualis::Series;
using qualis::TrendStatus;
using qualis_test::expect_error;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Anscombe, F. J. (1973), "Graphs in statistical analysis", The American Statistician 27(1), 17-21: data set I
// (sorted by x, since time stamps must increase). Published: intercept 3.00, slope 0.500, r^2 0.67.
Series anscombe() {
  return series({4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
                {4.26, 5.68, 7.24, 4.82, 6.95, 8.81, 8.04, 8.33, 10.84, 7.58, 9.96});
}

TEST(LinearTrend, AnscombePublishedValues) {
  const LinearTrend r = qualis::linear_trend(anscombe());
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_NEAR(r.intercept, 3.00, 0.005);
  EXPECT_NEAR(r.slope, 0.500, 0.0005);
  EXPECT_NEAR(r.r_squared, 0.67, 0.005);
}

TEST(LinearTrend, AnscombeMatchesScipyAndTextbookFormulas) {
  // tests/reference/trend_regression.py: scipy.stats.linregress and the numpy formulas.
  const LinearTrend r = qualis::linear_trend(anscombe());
  EXPECT_EQ(r.n, 11U);
  EXPECT_EQ(r.missing, 0U);
  expect_rel(r.slope, 0.5000909090909091);
  expect_rel(r.intercept, 3.0000909090909076);
  expect_rel(r.slope_se, 0.11790550059563408);
  expect_rel(r.intercept_se, 1.1247467908086437);
  expect_rel(r.slope_t, 4.2414552888928325);
  expect_rel(r.slope_p, 0.00216962887307879);
  expect_rel(r.intercept_t, 2.667347827624361);
  expect_rel(r.intercept_p, 0.02573405139916249);
  expect_rel(r.slope_lower, 0.23337013639193327);
  expect_rel(r.slope_upper, 0.766811681789885);
  expect_rel(r.intercept_lower, 0.45573689999319056);
  expect_rel(r.intercept_upper, 5.544444918188624);
  expect_rel(r.r_squared, 0.666542459508775);
  expect_rel(r.residual_sd, 1.236603322726321);
  expect_rel(r.time_mean, 9.0);
  expect_rel(r.time_sxx, 110.0);
}

TEST(LinearTrend, AnscombePrediction) {
  const LinearTrend r = qualis::linear_trend(anscombe());
  const Eigen::Vector2d at(9.0, 20.0);
  const qualis::LinearPrediction p = qualis::predict(r, at);
  EXPECT_EQ(p.status, TrendStatus::ok);
  expect_rel(p.fit[0], 7.50090909090909);
  expect_rel(p.se_mean[0], 0.3728499305445432);
  expect_rel(p.mean_lower[0], 6.65746394990027);
  expect_rel(p.mean_upper[0], 8.34435423191791);
  expect_rel(p.se_prediction[0], 1.2915900466033516);
  expect_rel(p.lower[0], 4.579129415660347);
  expect_rel(p.upper[0], 10.422688766157833);
  // Extrapolation to t = 20, far beyond the data (4..14): wider intervals.
  expect_rel(p.fit[1], 13.001909090909091);
  expect_rel(p.se_mean[1], 1.3494901356670326);
  expect_rel(p.mean_lower[1], 9.949150314461601);
  expect_rel(p.mean_upper[1], 16.05466786735658);
  expect_rel(p.se_prediction[1], 1.8303855888966136);
  expect_rel(p.lower[1], 8.861289220408729);
  expect_rel(p.upper[1], 17.142528961409454);
}

// period_time() stamps of 2015H1..2019H2 with 2017H2, 2018H2, 2019H1 absent (gaps) and 2016H2 missing (NaN).
Series half_years() {
  return series({2015.25, 2015.75, 2016.25, 2016.75, 2017.75, 2018.25, 2019.75},
                {10.2, 11.1, 11.9, nan, 13.8, 14.1, 17.9});
}

TEST(LinearTrend, GapsMissingValueAndLevel90) {
  qualis::LinearTrendOptions o;
  o.confidence = 0.90;
  const LinearTrend r = qualis::linear_trend(half_years(), o);
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.n, 6U);
  EXPECT_EQ(r.missing, 1U);
  EXPECT_EQ(r.confidence, 0.90);
  expect_rel(r.slope, 1.589801699716714);
  expect_rel(r.intercept, -3193.728328611898);
  expect_rel(r.slope_se, 0.14152969968041648);
  expect_rel(r.intercept_se, 285.48907853660154);
  expect_rel(r.slope_t, 11.232989989423984);
  expect_rel(r.slope_p, 0.00035773834480945396);
  expect_rel(r.intercept_p, 0.00036352066436225547);
  expect_rel(r.slope_lower, 1.288082064989448);
  expect_rel(r.slope_upper, 1.8915213344439799);
  expect_rel(r.intercept_lower, -3802.3473017969736);
  expect_rel(r.intercept_upper, -2585.1093554268227);
  expect_rel(r.r_squared, 0.9692733290033678);
  expect_rel(r.residual_sd, 0.5427868492691471);

  const qualis::LinearPrediction p = qualis::predict(r, Eigen::Vector2d(2021.25, 2016.0), 0.90);
  expect_rel(p.fit[0], 19.658356940509748);
  expect_rel(p.se_mean[0], 0.6189396528964588);
  expect_rel(p.mean_lower[0], 18.338872433641033);
  expect_rel(p.mean_upper[0], 20.977841447378463);
  expect_rel(p.se_prediction[0], 0.8232277070574804);
  expect_rel(p.lower[0], 17.903361602912405);
  expect_rel(p.upper[0], 21.41335227810709);
  expect_rel(p.fit[1], 11.31189801699702);
  expect_rel(p.lower[1], 10.013422291513317);
  expect_rel(p.upper[1], 12.610373742480723);
}

TEST(LinearTrend, ThreePointsByHand) {
  // (0,1), (1,3), (2,2): tbar = 1, ybar = 2, Sxx = 2, Sxy = (-1)(-1) + 0 + (1)(0) = 1, so b = 1/2, a = 3/2;
  // residuals -1/2, 1, -1/2, SSE = 3/2, s^2 = 3/2, se(b) = sqrt(3/4), se(a) = sqrt(3/2 * (1/3 + 1/2)) =
  // sqrt(5/4); SST = 2, R^2 = 1 - 3/4 = 1/4. With 1 df, t = 1/sqrt(3) and p = 1 - 2 atan(t) / pi = 2/3.
  const LinearTrend r = qualis::linear_trend(qualis::make_series(Eigen::Vector3d(1, 3, 2)));
  EXPECT_EQ(r.status, TrendStatus::ok);
  expect_rel(r.slope, 0.5);
  expect_rel(r.intercept, 1.5);
  expect_rel(r.slope_se, std::sqrt(0.75));
  expect_rel(r.intercept_se, std::sqrt(1.25));
  expect_rel(r.r_squared, 0.25);
  expect_rel(r.slope_p, 2.0 / 3.0);
  expect_rel(r.intercept_p, 0.40776916889433185);  // reference script
}

TEST(LinearTrend, TwoPointsGiveTheLineButNoInference) {
  const LinearTrend r = qualis::linear_trend(series({2020.5, 2022.5}, {10, 14}));
  EXPECT_EQ(r.status, TrendStatus::too_short);
  EXPECT_EQ(r.n, 2U);
  expect_rel(r.slope, 2.0);  // (14 - 10) / 2 years
  expect_rel(r.intercept, 10.0 - 2.0 * 2020.5);
  expect_rel(r.r_squared, 1.0);
  EXPECT_TRUE(std::isnan(r.slope_se));
  EXPECT_TRUE(std::isnan(r.slope_p));
  EXPECT_TRUE(std::isnan(r.residual_sd));
  EXPECT_TRUE(std::isnan(r.slope_lower));
  const qualis::LinearPrediction p = qualis::predict(r, Eigen::VectorXd::Constant(1, 2024.5));
  EXPECT_EQ(p.status, TrendStatus::too_short);
  expect_rel(p.fit[0], 18.0);
  EXPECT_TRUE(std::isnan(p.lower[0]));
  EXPECT_TRUE(std::isnan(p.se_mean[0]));
}

TEST(LinearTrend, FewerThanTwoObservedPoints) {
  for (const auto& y : {std::vector<double>{}, std::vector<double>{5.0}, std::vector<double>{nan, 3.0, nan}}) {
    std::vector<double> t(y.size());
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = static_cast<double>(k);
    const LinearTrend r = qualis::linear_trend(series(t, y));
    EXPECT_EQ(r.status, TrendStatus::too_short);
    EXPECT_TRUE(std::isnan(r.slope));
    EXPECT_TRUE(std::isnan(r.intercept));
    const qualis::LinearPrediction p = qualis::predict(r, Eigen::VectorXd::Constant(1, 1.0));
    EXPECT_TRUE(std::isnan(p.fit[0]));
  }
}

TEST(LinearTrend, ConstantSeries) {
  const LinearTrend r = qualis::linear_trend(qualis::make_series(Eigen::Vector4d(7, 7, nan, 7)));
  EXPECT_EQ(r.status, TrendStatus::constant);
  EXPECT_EQ(r.n, 3U);
  EXPECT_EQ(r.slope, 0.0);
  EXPECT_EQ(r.intercept, 7.0);
  EXPECT_EQ(r.residual_sd, 0.0);
  EXPECT_EQ(r.slope_se, 0.0);
  EXPECT_EQ(r.slope_lower, 0.0);
  EXPECT_EQ(r.slope_upper, 0.0);
  EXPECT_TRUE(std::isnan(r.r_squared));
  EXPECT_TRUE(std::isnan(r.slope_t));
  EXPECT_TRUE(std::isnan(r.slope_p));
  const qualis::LinearPrediction p = qualis::predict(r, Eigen::VectorXd::Constant(1, 10.0));
  EXPECT_EQ(p.status, TrendStatus::constant);
  EXPECT_EQ(p.fit[0], 7.0);
  EXPECT_EQ(p.lower[0], 7.0);
  EXPECT_EQ(p.upper[0], 7.0);
}

TEST(LinearTrend, ExactFitHasZeroStandardErrors) {
  // y = 1 + 2t at t = 0, 1, 2, 3: every sum is exact in binary, so SSE = 0.
  const LinearTrend r = qualis::linear_trend(qualis::make_series(Eigen::Vector4d(1, 3, 5, 7)));
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.slope, 2.0);
  EXPECT_EQ(r.intercept, 1.0);
  EXPECT_EQ(r.slope_se, 0.0);
  EXPECT_EQ(r.slope_t, inf);
  EXPECT_EQ(r.slope_p, 0.0);
  EXPECT_EQ(r.r_squared, 1.0);
}

TEST(LinearTrend, ShiftAndScaleOfValues) {
  // y -> c y + d: slope and its interval scale by c, intercept -> c a + d, se by |c|; t (for the slope), p and
  // R^2 do not change.
  const LinearTrend a = qualis::linear_trend(anscombe());
  Series s = anscombe();
  s.value = 3.0 * s.value.array() + 100.0;
  const LinearTrend b = qualis::linear_trend(s);
  expect_rel(b.slope, 3.0 * a.slope);
  expect_rel(b.intercept, 3.0 * a.intercept + 100.0);
  expect_rel(b.slope_se, 3.0 * a.slope_se);
  expect_rel(b.intercept_se, 3.0 * a.intercept_se);
  expect_rel(b.slope_t, a.slope_t);
  expect_rel(b.slope_p, a.slope_p);
  expect_rel(b.r_squared, a.r_squared);
  expect_rel(b.residual_sd, 3.0 * a.residual_sd);
  expect_rel(b.slope_lower, 3.0 * a.slope_lower);
  // A negative scale flips the slope and the interval.
  s.value = -2.0 * anscombe().value;
  const LinearTrend c = qualis::linear_trend(s);
  expect_rel(c.slope, -2.0 * a.slope);
  expect_rel(c.slope_lower, -2.0 * a.slope_upper);
  expect_rel(c.slope_p, a.slope_p);
}

TEST(LinearTrend, TimeShiftChangesOnlyTheIntercept) {
  const LinearTrend a = qualis::linear_trend(anscombe());
  Series s = anscombe();
  s.time.array() += 2000.0;
  const LinearTrend b = qualis::linear_trend(s);
  expect_rel(b.slope, a.slope);
  expect_rel(b.slope_se, a.slope_se);
  expect_rel(b.slope_p, a.slope_p);
  expect_rel(b.r_squared, a.r_squared);
  expect_rel(b.residual_sd, a.residual_sd);
  expect_rel(b.intercept, a.intercept - 2000.0 * a.slope);
  // Predictions at shifted times are the same.
  const qualis::LinearPrediction pa = qualis::predict(a, Eigen::Vector2d(9.0, 20.0));
  const qualis::LinearPrediction pb = qualis::predict(b, Eigen::Vector2d(2009.0, 2020.0));
  for (Eigen::Index k = 0; k < 2; ++k) {
    expect_rel(pb.fit[k], pa.fit[k]);
    expect_rel(pb.lower[k], pa.lower[k]);
    expect_rel(pb.mean_upper[k], pa.mean_upper[k]);
  }
}

TEST(LinearTrend, PeriodSeriesSlopeIsPerYear) {
  // Quarterly values rising by 1 per quarter: 4 per year on period_time() stamps.
  const std::vector<qualis::Period> q =
      qualis::period_range(qualis::Period::quarter(2020, 1), qualis::Period::quarter(2021, 4));
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(8, 10.0, 17.0);
  const LinearTrend r = qualis::linear_trend(qualis::make_series(q, y));
  expect_rel(r.slope, 4.0);
  expect_rel(r.r_squared, 1.0);
}

TEST(LinearTrend, BadInput) {
  expect_error<InvalidInput>(
      [] {
        (void)qualis::linear_trend(series({0, 1, 2}, {1, 2}));
      },
      ErrorCode::size_mismatch, {"linear_trend", "3 time stamps for 2 values"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::linear_trend(series({0, 1, 2}, {1, inf, 2}));
      },
      ErrorCode::not_finite, {"linear_trend", "position 1", "infinite"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::linear_trend(series({0, nan, 2}, {1, 2, 3}));
      },
      ErrorCode::not_finite, {"linear_trend", "position 1"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::linear_trend(series({0, 1, 1}, {1, 2, 3}));
      },
      ErrorCode::inconsistent, {"linear_trend", "position 2"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::linear_trend(series({0, 2, 1}, {1, 2, 3}));
      },
      ErrorCode::inconsistent, {"linear_trend", "position 2", "position 1"});
  for (const double c : {0.0, 1.0, -0.5, nan}) {
    qualis::LinearTrendOptions o;
    o.confidence = c;
    expect_error<InvalidInput>([&] { (void)qualis::linear_trend(anscombe(), o); }, ErrorCode::out_of_range,
                               {"linear_trend", "confidence"});
  }
  const LinearTrend r = qualis::linear_trend(anscombe());
  expect_error<InvalidInput>([&] { (void)qualis::predict(r, Eigen::Vector2d(1.0, inf)); }, ErrorCode::not_finite,
                             {"predict", "position 1"});
  expect_error<InvalidInput>([&] { (void)qualis::predict(r, Eigen::Vector2d(1.0, 2.0), 1.5); }, ErrorCode::out_of_range,
                             {"predict", "confidence 1.5"});
}

}  // namespace
