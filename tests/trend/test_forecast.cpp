// Tests for holt() and grey_gm11(): hand examples, a published GM(1,1) example, an independent numpy/scipy
// computation (tests/reference/trend_forecast.py; statsmodels is not installed) and the invariants.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <qualis/trend/forecast.hpp>
#include <vector>

#include "support/expect_error.hpp"
#include "support/trend.hpp"

namespace {

using qualis_test::series_of;

using qualis::ErrorCode;
using qualis::GreyGrade;
using qualis::HoltInit;
using qualis::HoltOptions;
using qualis::InvalidInput;
using qualis::TrendStatus;
using qualis_test::expect_error;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
// The 0.975 normal quantile, scipy.stats.norm.ppf(0.975).
constexpr double z975 = 1.959963984540054;

void expect_rel_floor1(double got, double expected, double tol = 1e-9) {
  EXPECT_NEAR(got, expected, tol * std::max(1.0, std::abs(expected))) << "expected " << expected;
}

HoltOptions fixed(double alpha, double beta, HoltInit init = HoltInit::first_difference) {
  HoltOptions o;
  o.alpha = alpha;
  o.beta = beta;
  o.init = init;
  return o;
}

// A cluster's annual output (made up) and a noisy series whose SSE minimum is inside [0, 1]^2; both as in
// tests/reference/trend_forecast.py.
const std::vector<double> cluster_output = {41.2, 44.8, 47.1, 52.3, 55.0, 58.9, 61.4, 66.8, 70.2, 73.5, 79.1, 83.0};
const std::vector<double> noisy = {50.7, 50.5, 52.6, 51.7, 53.4, 53.3, 56.5, 58.3,
                                   60.9, 61.6, 63.3, 62.8, 66.4, 67.4, 69.1};

// ---------------------------------------------------------------------------------------------- Holt

TEST(Holt, HandExample) {
  // y = 1 3 4 8, alpha = beta = 0.5, R's start l2 = 3, b2 = 2 (FPP sec. 8.2 recursions, by hand):
  // t=3: yhat = 5, e = -1, l3 = 0.5*4 + 0.5*5 = 4.5, b3 = 0.5*1.5 + 0.5*2 = 1.75;
  // t=4: yhat = 6.25, e = 1.75, l4 = 0.5*8 + 0.5*6.25 = 7.125, b4 = 0.5*2.625 + 0.5*1.75 = 2.1875.
  // SSE = 1 + 3.0625 = 4.0625, sigma2 = 4.0625 / 2; forecasts 9.3125, 11.5;
  // sd_1^2 = sigma2, sd_2^2 = sigma2 (1 + 0.5^2 (1 + 0.5)^2) = sigma2 * 1.5625.
  const auto r = qualis::holt(series_of({1, 3, 4, 8}), 2, fixed(0.5, 0.5));
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_FALSE(r.fitted_parameters);
  EXPECT_TRUE(std::isnan(r.fitted[0]));
  EXPECT_TRUE(std::isnan(r.fitted[1]));
  EXPECT_TRUE(std::isnan(r.residuals[1]));
  EXPECT_DOUBLE_EQ(r.fitted[2], 5.0);
  EXPECT_DOUBLE_EQ(r.fitted[3], 6.25);
  EXPECT_DOUBLE_EQ(r.residuals[3], 1.75);
  EXPECT_EQ(r.residual_count, 2);
  EXPECT_DOUBLE_EQ(r.sse, 4.0625);
  EXPECT_DOUBLE_EQ(r.sigma2, 2.03125);
  EXPECT_DOUBLE_EQ(r.level, 7.125);
  EXPECT_DOUBLE_EQ(r.trend, 2.1875);
  ASSERT_EQ(r.forecast.size(), 2);
  EXPECT_DOUBLE_EQ(r.forecast[0], 9.3125);
  EXPECT_DOUBLE_EQ(r.forecast[1], 11.5);
  expect_rel_floor1(r.forecast_sd[0], std::sqrt(2.03125));
  expect_rel_floor1(r.forecast_sd[1], std::sqrt(2.03125 * 1.5625));
  expect_rel_floor1(r.lower[1], 11.5 - z975 * std::sqrt(2.03125 * 1.5625));
  expect_rel_floor1(r.upper[0], 9.3125 + z975 * std::sqrt(2.03125));
  EXPECT_DOUBLE_EQ(r.forecast_time[0], 4.0);
  EXPECT_DOUBLE_EQ(r.forecast_time[1], 5.0);
}

TEST(Holt, FixedParametersMatchReference) {
  // trend_forecast.py, "output fixed" (alpha 0.5, beta 0.3), both starts.
  const auto r = qualis::holt(series_of(cluster_output), 3, fixed(0.5, 0.3));
  expect_rel_floor1(r.fitted[2], 48.39999999999999);
  expect_rel_floor1(r.fitted[11], 82.15931855418964);
  expect_rel_floor1(r.sse, 10.610327582796952);
  expect_rel_floor1(r.sigma2, 1.0610327582796952);
  expect_rel_floor1(r.level, 82.57965927709482);
  expect_rel_floor1(r.trend, 4.095161109512372);
  expect_rel_floor1(r.forecast[2], 94.86514260563193);
  expect_rel_floor1(r.forecast_sd[2], 1.4793174317744895);
  expect_rel_floor1(r.lower[1], 88.36208050879425);
  expect_rel_floor1(r.upper[2], 97.76455149361222);

  const auto s = qualis::holt(series_of(cluster_output), 3, fixed(0.5, 0.3, HoltInit::state_space));
  EXPECT_EQ(s.residual_count, 12);
  expect_rel_floor1(s.fitted[0], 44.8);
  expect_rel_floor1(s.fitted[11], 82.1038277661445);
  expect_rel_floor1(s.sse, 31.254938925096788);
  expect_rel_floor1(s.level, 82.55191388307225);
  expect_rel_floor1(s.trend, 4.113955975885307);
  expect_rel_floor1(s.forecast[0], 86.66586985895755);
  expect_rel_floor1(s.forecast_sd[1], 1.9248409159579523);
  expect_rel_floor1(s.upper[2], 99.43647885011313);
}

// The fit is iterative on both sides (our grid refinement, scipy's L-BFGS-B / Nelder-Mead from 25 starts), so
// the SSE is compared tightly (ours may not be worse than 1e-9 relative, nor better by more than 1e-7) and the
// parameters loosely (1e-6: near the minimum the SSE is flat to second order, so both optimisers stop within
// ~1e-7 of each other in the parameters while their SSEs agree to ~1e-14; observed 4e-8).
void expect_fit(const qualis::HoltResult& r, double alpha, double beta, double sse) {
  EXPECT_TRUE(r.fitted_parameters);
  EXPECT_LE(r.sse, sse * (1 + 1e-9));
  EXPECT_GE(r.sse, sse * (1 - 1e-7));
  EXPECT_NEAR(r.alpha, alpha, 1e-6);
  EXPECT_NEAR(r.beta, beta, 1e-6);
}

TEST(Holt, FitMatchesScipyInsideTheSquare) {
  const auto r = qualis::holt(series_of(noisy), 2);
  expect_fit(r, 0.6290734091039765, 0.5157015001200751, 27.072001390970932);
  EXPECT_NEAR(r.forecast[0], 70.64057969697721, 1e-4);
  EXPECT_NEAR(r.forecast_sd[1], 1.993917641078439, 1e-4);
  HoltOptions o;
  o.init = HoltInit::state_space;
  const auto s = qualis::holt(series_of(noisy), 2, o);
  expect_fit(s, 0.6266241263195187, 0.5084746518811502, 26.768112921148894);
  EXPECT_NEAR(s.forecast[1], 72.25158167152604, 1e-4);
}

TEST(Holt, FitMatchesScipyOnTheBoundary) {
  const auto r = qualis::holt(series_of(cluster_output), 2);
  expect_fit(r, 0.3130635030105278, 1.0, 8.996410199129166);
  HoltOptions o;
  o.init = HoltInit::state_space;
  const auto s = qualis::holt(series_of(cluster_output), 2, o);
  expect_fit(s, 0.8262710545976595, 0.0, 25.695011265298117);
  expect_rel_floor1(s.trend, 3.6, 1e-12);  // beta = 0 keeps b_0 = 44.8 - 41.2
}

TEST(Holt, FitIsDeterministicAndNeverWorseThanGivenParameters) {
  const auto a = qualis::holt(series_of(noisy), 3);
  const auto b = qualis::holt(series_of(noisy), 3);
  EXPECT_EQ(a.alpha, b.alpha);
  EXPECT_EQ(a.beta, b.beta);
  EXPECT_EQ(a.forecast, b.forecast);
  for (const double alpha : {0.0, 0.3, 0.63, 1.0}) {
    for (const double beta : {0.0, 0.5, 1.0}) {
      EXPECT_LE(a.sse, qualis::holt(series_of(noisy), 0, fixed(alpha, beta)).sse);
    }
  }
  // One parameter fixed: only the other is searched.
  HoltOptions o;
  o.alpha = 0.4;
  const auto c = qualis::holt(series_of(noisy), 1, o);
  EXPECT_TRUE(c.fitted_parameters);
  EXPECT_EQ(c.alpha, 0.4);
  for (const double beta : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    EXPECT_LE(c.sse, qualis::holt(series_of(noisy), 0, fixed(0.4, beta)).sse);
  }
}

TEST(Holt, AddingAConstantShiftsFittedValuesAndForecasts) {
  std::vector<double> shifted = noisy;
  for (double& v : shifted) v += 1000.0;
  const auto a = qualis::holt(series_of(noisy), 3, fixed(0.6, 0.4));
  const auto b = qualis::holt(series_of(shifted), 3, fixed(0.6, 0.4));
  for (Eigen::Index h = 0; h < 3; ++h) {
    EXPECT_NEAR(b.forecast[h], a.forecast[h] + 1000.0, 1e-9);
    EXPECT_NEAR(b.forecast_sd[h], a.forecast_sd[h], 1e-9);
  }
  EXPECT_NEAR(b.sse, a.sse, 1e-9);
  EXPECT_NEAR(b.trend, a.trend, 1e-9);
  // Fitted parameters: the SSE surface is the same up to rounding, so the fit lands at the same point.
  const auto c = qualis::holt(series_of(noisy), 2);
  const auto d = qualis::holt(series_of(shifted), 2);
  EXPECT_NEAR(d.alpha, c.alpha, 1e-6);
  EXPECT_NEAR(d.beta, c.beta, 1e-6);
  EXPECT_NEAR(d.forecast[1], c.forecast[1] + 1000.0, 1e-5);
}

TEST(Holt, ConstantAndTooShortSeries) {
  const auto c = qualis::holt(series_of({5, 5, 5, 5, 5}), 2);
  EXPECT_EQ(c.status, TrendStatus::constant);
  EXPECT_EQ(c.sse, 0.0);
  EXPECT_EQ(c.alpha, 0.0);  // every point has SSE 0; the search keeps the first
  EXPECT_EQ(c.beta, 0.0);
  EXPECT_EQ(c.forecast[1], 5.0);
  EXPECT_EQ(c.forecast_sd[1], 0.0);

  const auto s = qualis::holt(series_of({1, 2}), 3);
  EXPECT_EQ(s.status, TrendStatus::too_short);
  EXPECT_EQ(s.forecast.size(), 0);
  EXPECT_TRUE(std::isnan(s.sse));
  EXPECT_EQ(s.value.size(), 2);

  // Three values: one residual under R's start.
  const auto t = qualis::holt(series_of({1, 2, 4}), 1, fixed(0.5, 0.5));
  EXPECT_EQ(t.status, TrendStatus::ok);
  EXPECT_EQ(t.residual_count, 1);
  EXPECT_DOUBLE_EQ(t.sse, 1.0);  // yhat_3 = 2 + 1 = 3
}

TEST(Holt, MissingValuesAtTheEndsAreDroppedInsideRejected) {
  std::vector<double> padded = {nan, nan};
  padded.insert(padded.end(), noisy.begin(), noisy.end());
  padded.push_back(nan);
  const auto a = qualis::holt(series_of(padded), 2, fixed(0.6, 0.4));
  const auto b = qualis::holt(series_of(noisy), 2, fixed(0.6, 0.4));
  EXPECT_EQ(a.leading_missing, 2U);
  EXPECT_EQ(a.trailing_missing, 1U);
  EXPECT_EQ(a.forecast, b.forecast);
  EXPECT_DOUBLE_EQ(a.time[0], 2.0);
  EXPECT_DOUBLE_EQ(a.forecast_time[0], 17.0);  // last observed at position 16, step 1

  std::vector<double> holed = noisy;
  holed[3] = nan;
  expect_error<InvalidInput>([&] { qualis::holt(series_of(holed), 1); }, ErrorCode::not_finite,
                             {"holt", "position 3", "missing"});
  padded[5] = nan;  // position 5 of the padded series
  expect_error<InvalidInput>([&] { qualis::holt(series_of(padded), 1); }, ErrorCode::not_finite, {"position 5"});
}

TEST(Holt, BadInput) {
  const auto s = series_of(noisy);
  expect_error<InvalidInput>([&] { qualis::holt(s, -1); }, ErrorCode::out_of_range, {"holt", "horizon"});
  expect_error<InvalidInput>([&] { qualis::holt(s, 1, fixed(1.5, 0.1)); }, ErrorCode::out_of_range, {"alpha"});
  expect_error<InvalidInput>([&] { qualis::holt(s, 1, fixed(0.5, -0.1)); }, ErrorCode::out_of_range, {"beta"});
  expect_error<InvalidInput>([&] { qualis::holt(s, 1, fixed(0.5, std::numeric_limits<double>::infinity())); },
                             ErrorCode::not_finite, {"beta"});
  HoltOptions o;
  o.interval_level = 1.0;
  expect_error<InvalidInput>([&] { qualis::holt(s, 1, o); }, ErrorCode::out_of_range, {"interval_level"});
  o = {};
  o.tolerance = 0.0;
  expect_error<InvalidInput>([&] { qualis::holt(s, 1, o); }, ErrorCode::out_of_range, {"tolerance"});
  o = {};
  o.init = static_cast<HoltInit>(7);
  expect_error<InvalidInput>([&] { qualis::holt(s, 1, o); }, ErrorCode::invalid_argument, {"init"});
  qualis::Series uneven = series_of({1, 2, 3, 4, 5});
  uneven.time[4] = 5.0;
  expect_error<InvalidInput>([&] { qualis::holt(uneven, 1); }, ErrorCode::inconsistent,
                             {"equally spaced", "positions 3 and 4"});
  qualis::Series inf = series_of({1, 2, 3, 4, 5});
  inf.value[2] = std::numeric_limits<double>::infinity();
  expect_error<InvalidInput>([&] { qualis::holt(inf, 1); }, ErrorCode::not_finite, {"position 2"});
}

TEST(Holt, PeriodTimeStampsGiveForecastTimes) {
  std::vector<qualis::Period> periods;
  for (int y = 2015; y <= 2026; ++y) periods.push_back(qualis::Period::annual(y));
  const auto s = qualis::make_series(periods, Eigen::Map<const Eigen::VectorXd>(cluster_output.data(), 12));
  const auto r = qualis::holt(s, 2, fixed(0.5, 0.3));
  EXPECT_DOUBLE_EQ(r.forecast_time[0], 2027.5);
  EXPECT_DOUBLE_EQ(r.forecast_time[1], 2028.5);
  expect_rel_floor1(r.forecast[1], 90.76998149611956);  // same as positions: the model ignores the time origin
}

// ------------------------------------------------------------------------------------------- GM(1,1)

TEST(GreyGm11, HandExampleGeometricSeries) {
  // x0 = 1 2 4 8: x1 = 1 3 7 15, z = 2 5 11, and x0(k) = 2 4 8 lie exactly on 2/3 z + 2/3, so
  // a = -2/3, b = 2/3, b/a = -1 and x1^(k+1) = (1 + 1) e^{2k/3} - 1 (Liu & Lin's time response).
  const auto r = qualis::grey_gm11(series_of({1, 2, 4, 8}), 1);
  EXPECT_EQ(r.status, TrendStatus::ok);
  expect_rel_floor1(r.a, -2.0 / 3.0, 1e-12);
  expect_rel_floor1(r.b, 2.0 / 3.0, 1e-12);
  expect_rel_floor1(r.background[3], 11.0);
  EXPECT_TRUE(std::isnan(r.background[0]));
  expect_rel_floor1(r.fitted[0], 1.0);
  expect_rel_floor1(r.fitted[1], 2.0 * (std::exp(2.0 / 3.0) - 1.0));
  expect_rel_floor1(r.fitted[3], 2.0 * (std::exp(2.0) - std::exp(4.0 / 3.0)));
  expect_rel_floor1(r.forecast[0], 2.0 * (std::exp(8.0 / 3.0) - std::exp(2.0)));
  expect_rel_floor1(r.fitted_accumulated[3], 2.0 * std::exp(2.0) - 1.0);
  EXPECT_EQ(r.residuals[0], 0.0);
  // trend_forecast.py
  expect_rel_floor1(r.c, 0.11609034000683628);
  expect_rel_floor1(r.p, 1.0);
  expect_rel_floor1(r.mean_relative_error, 0.07681732702306798);
  EXPECT_EQ(r.grade, GreyGrade::good);
  // sigma(k) = 0.5 each, below e^{-2/5} = 0.6703: reported, not enforced.
  EXPECT_DOUBLE_EQ(r.class_ratios[2], 0.5);
  expect_rel_floor1(r.class_ratio_lower, std::exp(-0.4));
  expect_rel_floor1(r.class_ratio_upper, std::exp(2.0 / 6.0));
  EXPECT_FALSE(r.class_ratios_admissible);
}

TEST(GreyGm11, PublishedDryBulkFleetExample) {
  // The AGO series X(1) = 2.86, 5.80, ..., 89.08 printed in "国际干散货航运市场船舶运力的预测以及浅析"
  // (table 2, https://mtoou.info/tubiao/992967.html); x0 is its first difference. The paper reports
  // a = -0.0749, b = 2.5948, P = 1 and the grade "good" (C < 0.35, P > 0.95). Its C = 0.2096 is not
  // reproduced (we get 0.1999 = S2/S1 with divisor n over k = 1..n, as do the other divisor/range choices
  // to within 0.2060); the grade is the same.
  const std::vector<double> x0 = {2.86, 2.94, 3.01, 3.21, 3.44, 3.67, 3.92, 4.19, 4.62,
                                  5.41, 6.21, 6.87, 7.27, 7.58, 7.77, 7.94, 8.17};
  const auto r = qualis::grey_gm11(series_of(x0), 2);
  EXPECT_NEAR(r.a, -0.0749, 0.00005);
  EXPECT_NEAR(r.b, 2.5948, 0.00005);
  EXPECT_EQ(r.p, 1.0);
  EXPECT_LT(r.c, 0.35);
  EXPECT_EQ(r.grade, GreyGrade::good);
  // trend_forecast.py (numpy lstsq) to 1e-9.
  expect_rel_floor1(r.a, -0.07486256884408099);
  expect_rel_floor1(r.b, 2.5947853525278415);
  expect_rel_floor1(r.fitted[1], 2.9167062892471023);
  expect_rel_floor1(r.fitted[16], 8.965586528294125);
  expect_rel_floor1(r.residuals[9], 0.10125454109662613, 1e-8);
  expect_rel_floor1(r.s1, 1.9475686199494395);
  expect_rel_floor1(r.s2, 0.38924852876960436);
  expect_rel_floor1(r.c, 0.1998638326693257);
  expect_rel_floor1(r.mean_relative_error, 0.060790247792267355);
  expect_rel_floor1(r.forecast[0], 9.662535597542842);
  expect_rel_floor1(r.forecast[1], 10.41366271789775);
  // 4.62 / 5.41 = 0.854 < e^{-2/18} = 0.8948: the class ratio test fails, the model is still fitted.
  EXPECT_FALSE(r.class_ratios_admissible);
}

TEST(GreyGm11, ClusterOutputMatchesReference) {
  const auto r = qualis::grey_gm11(series_of({41.2, 44.8, 47.1, 52.3, 55.0, 58.9}), 3);
  expect_rel_floor1(r.a, -0.06990263015359645);
  expect_rel_floor1(r.b, 40.2237742060592);
  expect_rel_floor1(r.fitted[5], 59.04947892731025);
  expect_rel_floor1(r.c, 0.08391845908439281);
  EXPECT_EQ(r.p, 1.0);
  EXPECT_EQ(r.grade, GreyGrade::good);
  EXPECT_TRUE(r.class_ratios_admissible);
  expect_rel_floor1(r.forecast[0], 63.324883014008265);
  expect_rel_floor1(r.forecast[2], 72.82677010286045);
  EXPECT_DOUBLE_EQ(r.forecast_time[2], 8.0);
}

TEST(GreyGm11, ScalingTheSeriesScalesTheForecasts) {
  const std::vector<double> x = {41.2, 44.8, 47.1, 52.3, 55.0, 58.9};
  std::vector<double> y = x;
  for (double& v : y) v *= 1000.0;
  const auto a = qualis::grey_gm11(series_of(x), 3);
  const auto b = qualis::grey_gm11(series_of(y), 3);
  expect_rel_floor1(b.a, a.a);
  expect_rel_floor1(b.b, 1000.0 * a.b);
  expect_rel_floor1(b.c, a.c);
  for (Eigen::Index h = 0; h < 3; ++h) expect_rel_floor1(b.forecast[h], 1000.0 * a.forecast[h]);
}

TEST(GreyGm11, ConstantTooShortMissingAndBadInput) {
  const auto c = qualis::grey_gm11(series_of({3, 3, 3, 3, 3}), 2);
  EXPECT_EQ(c.status, TrendStatus::constant);
  EXPECT_NEAR(c.a, 0.0, 1e-12);
  EXPECT_NEAR(c.b, 3.0, 1e-12);
  EXPECT_NEAR(c.forecast[1], 3.0, 1e-9);
  EXPECT_TRUE(std::isnan(c.c));
  EXPECT_EQ(c.grade, GreyGrade::not_graded);

  const auto s = qualis::grey_gm11(series_of({1, 2, 3}), 2);
  EXPECT_EQ(s.status, TrendStatus::too_short);
  EXPECT_EQ(s.forecast.size(), 0);
  EXPECT_TRUE(std::isnan(s.a));

  const auto m = qualis::grey_gm11(series_of({nan, 1, 2, 4, 8, nan}), 1);
  EXPECT_EQ(m.leading_missing, 1U);
  EXPECT_EQ(m.trailing_missing, 1U);
  expect_rel_floor1(m.a, -2.0 / 3.0, 1e-12);

  expect_error<InvalidInput>(
      [] {
        qualis::grey_gm11(series_of({1, 2, nan, 4, 8}), 1);
      },
      ErrorCode::not_finite, {"grey_gm11", "position 2"});
  expect_error<InvalidInput>(
      [] {
        qualis::grey_gm11(series_of({1, 2, 0, 4, 8}), 1);
      },
      ErrorCode::out_of_range, {"grey_gm11", "position 2", "not positive"});
  expect_error<InvalidInput>(
      [] {
        qualis::grey_gm11(series_of({nan, 1, 2, -4, 8}), 1);
      },
      ErrorCode::out_of_range, {"position 3"});
  expect_error<InvalidInput>(
      [] {
        qualis::grey_gm11(series_of({1, 2, 4, 8}), -2);
      },
      ErrorCode::out_of_range, {"horizon"});
}

TEST(GreyGm11, GradeTable) {
  // Liu & Lin's accuracy grades (C <= 0.35/0.50/0.65 with P >= 0.95/0.80/0.70), boundaries included.
  EXPECT_EQ(qualis::grey_grade(0.35, 0.95), GreyGrade::good);
  EXPECT_EQ(qualis::grey_grade(0.36, 1.0), GreyGrade::qualified);
  EXPECT_EQ(qualis::grey_grade(0.1, 0.94), GreyGrade::qualified);
  EXPECT_EQ(qualis::grey_grade(0.5, 0.8), GreyGrade::qualified);
  EXPECT_EQ(qualis::grey_grade(0.65, 0.7), GreyGrade::barely);
  EXPECT_EQ(qualis::grey_grade(0.66, 1.0), GreyGrade::unqualified);
  EXPECT_EQ(qualis::grey_grade(0.2, 0.69), GreyGrade::unqualified);
  EXPECT_EQ(qualis::grey_grade(nan, 1.0), GreyGrade::not_graded);
  EXPECT_STREQ(qualis::to_string(GreyGrade::barely), "barely");
}

}  // namespace

namespace {

TEST(ForecastDocs, Example) {
  // The example of docs/reference/forecast.md; numbers from tests/reference/trend_forecast.py.
  std::vector<qualis::Period> years;
  for (int y = 2015; y <= 2020; ++y) years.push_back(qualis::Period::annual(y));
  Eigen::VectorXd output{{41.2, 44.8, 47.1, 52.3, 55.0, 58.9}};
  qualis::Series s = qualis::make_series(years, output);

  qualis::GreyResult g = qualis::grey_gm11(s, 3);
  EXPECT_NEAR(g.a, -0.0699, 5e-5);
  EXPECT_NEAR(g.b, 40.22, 5e-3);
  EXPECT_NEAR(g.c, 0.084, 5e-4);
  EXPECT_EQ(g.grade, qualis::GreyGrade::good);
  EXPECT_NEAR(g.forecast[0], 63.32, 5e-3);
  EXPECT_NEAR(g.forecast[2], 72.83, 5e-3);
  EXPECT_DOUBLE_EQ(g.forecast_time[2], 2023.5);

  qualis::HoltResult h = qualis::holt(s, 3);
  EXPECT_EQ(h.status, qualis::TrendStatus::ok);
  EXPECT_LT(h.lower[0], h.forecast[0]);
  EXPECT_GT(h.upper[2], h.forecast[2]);
}

}  // namespace
