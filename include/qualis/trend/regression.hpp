/// @file
/// @brief Linear trend by ordinary least squares, y = a + b t over real time stamps: coefficients, standard
/// errors, t tests, confidence intervals, R^2, and extrapolation with confidence and prediction intervals.
#ifndef QUALIS_TREND_REGRESSION_HPP
#define QUALIS_TREND_REGRESSION_HPP

#include <Eigen/Core>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/trend/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// Options of linear_trend().
struct LinearTrendOptions {
  /// Two-sided confidence level of the coefficient intervals, in (0, 1). Default 0.95, the usual level.
  double confidence = 0.95;
};

/// An ordinary least-squares line y = intercept + slope * t, with its inference. Quantities that do not exist
/// for the data are NaN, and `status` says why (see linear_trend()).
struct LinearTrend {
  double intercept = std::numeric_limits<double>::quiet_NaN();        ///< a: the fitted value at t = 0.
  double slope = std::numeric_limits<double>::quiet_NaN();            ///< b: change of y per unit of time.
  double intercept_se = std::numeric_limits<double>::quiet_NaN();     ///< Standard error of a.
  double slope_se = std::numeric_limits<double>::quiet_NaN();         ///< Standard error of b.
  double intercept_t = std::numeric_limits<double>::quiet_NaN();      ///< a / se(a).
  double slope_t = std::numeric_limits<double>::quiet_NaN();          ///< b / se(b).
  double intercept_p = std::numeric_limits<double>::quiet_NaN();      ///< Two-sided p of H0: a = 0 (t, n - 2 df).
  double slope_p = std::numeric_limits<double>::quiet_NaN();          ///< Two-sided p of H0: b = 0 (t, n - 2 df).
  double intercept_lower = std::numeric_limits<double>::quiet_NaN();  ///< Lower confidence limit of a.
  double intercept_upper = std::numeric_limits<double>::quiet_NaN();  ///< Upper confidence limit of a.
  double slope_lower = std::numeric_limits<double>::quiet_NaN();      ///< Lower confidence limit of b.
  double slope_upper = std::numeric_limits<double>::quiet_NaN();      ///< Upper confidence limit of b.
  double r_squared = std::numeric_limits<double>::quiet_NaN();        ///< 1 - SSE / SST (NaN for a constant series).
  double residual_sd = std::numeric_limits<double>::quiet_NaN();      ///< s = sqrt(SSE / (n - 2)).
  double confidence = 0.95;                                           ///< The level of the intervals.
  std::size_t n = 0;                                                  ///< Observed points used.
  std::size_t missing = 0;                                            ///< NaN values left out.
  double time_mean = std::numeric_limits<double>::quiet_NaN();        ///< Mean of the observed time stamps.
  double time_sxx = std::numeric_limits<double>::quiet_NaN();         ///< Sum of (t - mean)^2 over observed points.
  TrendStatus status = TrendStatus::too_short;                        ///< How the fit ended.
};

/// The fitted line at new time stamps, with the confidence interval of the mean and the prediction interval of a
/// new observation. Element k of every vector belongs to time stamp k.
struct LinearPrediction {
  Eigen::VectorXd time;           ///< The requested time stamps.
  Eigen::VectorXd fit;            ///< a + b t.
  Eigen::VectorXd se_mean;        ///< s * sqrt(1/n + (t - tbar)^2 / Sxx): standard error of the fitted mean.
  Eigen::VectorXd mean_lower;     ///< fit - q * se_mean.
  Eigen::VectorXd mean_upper;     ///< fit + q * se_mean.
  Eigen::VectorXd se_prediction;  ///< s * sqrt(1 + 1/n + (t - tbar)^2 / Sxx): for a new observation.
  Eigen::VectorXd lower;          ///< fit - q * se_prediction: lower prediction limit.
  Eigen::VectorXd upper;          ///< fit + q * se_prediction: upper prediction limit.
  double confidence = 0.95;       ///< The level of both intervals.
  TrendStatus status = TrendStatus::too_short;  ///< The status of the trend the prediction came from.
};

namespace detail {

// t / p for a coefficient; an exact fit (se = 0) gives t = +-inf and p = 0, as scipy.stats.linregress does.
inline void t_test(double coef, double se, double df, double& t, double& p) {
  if (se > 0.0) {
    t = coef / se;
    const boost::math::students_t dist(df);
    p = 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(t)));
  } else if (coef != 0.0) {
    t = std::copysign(std::numeric_limits<double>::infinity(), coef);
    p = 0.0;
  }
}

}  // namespace detail

/// Fits the straight line y = a + b t by ordinary least squares to the observed points of a series.
///
/// Formulas (Montgomery, Peck & Vining, *Introduction to Linear Regression Analysis*, 5th ed., 2012, ch. 2;
/// the same as scipy.stats.linregress and statsmodels OLS), with tbar, ybar the means of the n observed
/// points, Sxx = sum (t - tbar)^2, Sxy = sum (t - tbar)(y - ybar), SST = sum (y - ybar)^2:
/// - b = Sxy / Sxx, a = ybar - b tbar; residuals e = y - a - b t, SSE = sum e^2;
/// - s^2 = SSE / (n - 2); se(b) = s / sqrt(Sxx); se(a) = s sqrt(1/n + tbar^2 / Sxx);
/// - t = coefficient / se, two-sided p = 2 P(T > |t|) with T ~ Student t(n - 2) (Boost.Math);
/// - interval coefficient -+ q se, q the (1 + confidence) / 2 quantile of t(n - 2);
/// - R^2 = 1 - SSE / SST.
///
/// Times are centred on tbar before the sums, so shifting all times changes only a (and its se), and the
/// fit is accurate for stamps like 2021.25. Slopes are per unit of time: per year on period_time() stamps.
///
/// Minimum length and status: fewer than 2 observed points: `too_short`, nothing but n. Exactly 2: `too_short`
/// with a, b and R^2 (the line through both points) and NaN for every se, t, p and interval (no residual
/// degree of freedom). At least 3 points, all values equal: `constant`, with b = 0, a = the value, s = 0,
/// se = 0 and zero-width intervals, but R^2, t and p NaN (0/0). Otherwise `ok`; an exact fit then has se = 0,
/// t = +-infinity and p = 0 (scipy.stats.linregress does the same), or t and p NaN for a coefficient that is
/// exactly 0.
///
/// Missing values: NaN values are left out (their time stamps with them) and counted in `missing`; gaps and
/// uneven spacing are used as they are. Ties: repeated values need nothing special; repeated time stamps are
/// rejected by the series check.
/// @param series the series (time stamps strictly increasing and finite; values finite or NaN).
/// @param options the confidence level.
/// @return the fit.
/// @throws InvalidInput (context `linear_trend`): size_mismatch, not_finite or inconsistent from the series check
///   (naming the position); out_of_range for a confidence outside (0, 1).
inline LinearTrend linear_trend(const Series& series, const LinearTrendOptions& options = {}) {
  const std::string ctx = "linear_trend";
  detail::check_confidence(ctx, options.confidence);
  const detail::ObservedSeries obs = detail::observed_points(ctx, series);
  LinearTrend r;
  r.confidence = options.confidence;
  r.n = obs.value.size();
  r.missing = obs.missing;
  if (r.n < 2) return r;
  const double nd = static_cast<double>(r.n);
  double tbar = 0.0;
  double ybar = 0.0;
  for (std::size_t k = 0; k < r.n; ++k) {
    tbar += obs.time[k];
    ybar += obs.value[k];
  }
  tbar /= nd;
  ybar /= nd;
  double sxx = 0.0;
  double sxy = 0.0;
  double sst = 0.0;
  for (std::size_t k = 0; k < r.n; ++k) {
    const double dt = obs.time[k] - tbar;
    const double dy = obs.value[k] - ybar;
    sxx += dt * dt;
    sxy += dt * dy;
    sst += dy * dy;
  }
  r.time_mean = tbar;
  r.time_sxx = sxx;
  r.slope = sxy / sxx;
  r.intercept = ybar - r.slope * tbar;
  double sse = 0.0;
  for (std::size_t k = 0; k < r.n; ++k) {
    const double e = obs.value[k] - ybar - r.slope * (obs.time[k] - tbar);
    sse += e * e;
  }
  const bool constant = sst == 0.0;
  if (!constant) r.r_squared = 1.0 - sse / sst;
  if (r.n < 3) return r;  // status stays too_short: no residual degree of freedom

  const double df = nd - 2.0;
  r.residual_sd = std::sqrt(sse / df);
  r.slope_se = r.residual_sd / std::sqrt(sxx);
  r.intercept_se = r.residual_sd * std::sqrt(1.0 / nd + tbar * tbar / sxx);
  const boost::math::students_t dist(df);
  const double q = boost::math::quantile(dist, 0.5 + options.confidence / 2.0);
  r.slope_lower = r.slope - q * r.slope_se;
  r.slope_upper = r.slope + q * r.slope_se;
  r.intercept_lower = r.intercept - q * r.intercept_se;
  r.intercept_upper = r.intercept + q * r.intercept_se;
  if (constant) {
    r.status = TrendStatus::constant;
    return r;
  }
  detail::t_test(r.slope, r.slope_se, df, r.slope_t, r.slope_p);
  detail::t_test(r.intercept, r.intercept_se, df, r.intercept_t, r.intercept_p);
  r.status = TrendStatus::ok;
  return r;
}

/// Evaluates a fitted line at new time stamps (extrapolation or interpolation), with intervals.
///
/// With q the (1 + confidence) / 2 quantile of Student t(n - 2) and d = t - tbar (Montgomery, Peck & Vining
/// 2012, sections 2.4.2 and 2.5): fit = a + b t; se_mean = s sqrt(1/n + d^2 / Sxx) (confidence interval of the
/// mean of y at t); se_prediction = s sqrt(1 + 1/n + d^2 / Sxx) (prediction interval of one new observation).
/// Both widen away from tbar, so far extrapolation shows its uncertainty.
///
/// Status and minimum length: the trend's status is copied. With 2 points (`too_short`) the fit exists and
/// every se and interval is NaN; with fewer, everything is NaN. A `constant` trend gives zero-width intervals.
/// @param trend a result of linear_trend().
/// @param times the time stamps to evaluate at, finite, in any order.
/// @param confidence the two-sided level of both intervals, in (0, 1); default 0.95.
/// @return the prediction.
/// @throws InvalidInput (context `predict`): not_finite for a time stamp that is not finite (naming its
///   position); out_of_range for a confidence outside (0, 1).
inline LinearPrediction predict(const LinearTrend& trend, const Eigen::Ref<const Eigen::VectorXd>& times,
                                double confidence = 0.95) {
  const std::string ctx = "predict";
  detail::check_confidence(ctx, confidence);
  const Eigen::Index m = times.size();
  for (Eigen::Index k = 0; k < m; ++k) {
    if (!std::isfinite(times[k])) {
      throw InvalidInput(ErrorCode::not_finite, ctx, "time stamp at position " + std::to_string(k) + " is not finite");
    }
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  LinearPrediction p;
  p.time = times;
  p.confidence = confidence;
  p.status = trend.status;
  p.fit = Eigen::VectorXd::Constant(m, nan);
  p.se_mean = Eigen::VectorXd::Constant(m, nan);
  p.se_prediction = Eigen::VectorXd::Constant(m, nan);
  p.mean_lower = p.mean_upper = p.lower = p.upper = Eigen::VectorXd::Constant(m, nan);
  if (trend.n < 2) return p;
  for (Eigen::Index k = 0; k < m; ++k) p.fit[k] = trend.intercept + trend.slope * times[k];
  if (trend.n < 3) return p;
  const double nd = static_cast<double>(trend.n);
  const boost::math::students_t dist(nd - 2.0);
  const double q = boost::math::quantile(dist, 0.5 + confidence / 2.0);
  for (Eigen::Index k = 0; k < m; ++k) {
    const double d = times[k] - trend.time_mean;
    const double h = 1.0 / nd + d * d / trend.time_sxx;
    p.se_mean[k] = trend.residual_sd * std::sqrt(h);
    p.se_prediction[k] = trend.residual_sd * std::sqrt(1.0 + h);
    p.mean_lower[k] = p.fit[k] - q * p.se_mean[k];
    p.mean_upper[k] = p.fit[k] + q * p.se_mean[k];
    p.lower[k] = p.fit[k] - q * p.se_prediction[k];
    p.upper[k] = p.fit[k] + q * p.se_prediction[k];
  }
  return p;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_REGRESSION_HPP
