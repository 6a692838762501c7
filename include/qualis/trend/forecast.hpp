/// @file
/// @brief Short-horizon forecasts of one series: Holt's linear exponential smoothing (level and trend) and the
/// GM(1,1) grey model for short, positive, roughly exponential series.
#ifndef QUALIS_TREND_FORECAST_HPP
#define QUALIS_TREND_FORECAST_HPP

#include <Eigen/Core>
#include <Eigen/QR>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/trend/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// How Holt's method starts its level and trend.
enum class HoltInit : int {
  /// R's `HoltWinters(x, gamma = FALSE)`: level l_2 = y_2, trend b_2 = y_2 - y_1; one-step forecasts and
  /// residuals exist for t = 3..n (n - 2 of them). The default.
  first_difference = 0,
  /// State-space start (Hyndman & Athanasopoulos' l_0, b_0) with the same heuristic values: l_0 = y_1,
  /// b_0 = y_2 - y_1 before the first observation; every t = 1..n has a one-step forecast (n residuals).
  state_space = 1,
};

/// The stable name of a HoltInit value, e.g. "first_difference" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(HoltInit value) noexcept {
  switch (value) {
    case HoltInit::first_difference:
      return "first_difference";
    case HoltInit::state_space:
      return "state_space";
  }
  return "unknown";
}

/// Options of holt(). NaN in `alpha` or `beta` means "fit it".
struct HoltOptions {
  /// Smoothing parameter of the level in [0, 1]; NaN (default) = fitted by minimising the one-step SSE.
  double alpha = std::numeric_limits<double>::quiet_NaN();
  /// Smoothing parameter of the trend (R's and statsmodels' beta, FPP's beta*) in [0, 1]; NaN (default) =
  /// fitted.
  double beta = std::numeric_limits<double>::quiet_NaN();
  /// The initialisation; default R's first_difference.
  HoltInit init = HoltInit::first_difference;
  /// Coverage of the prediction intervals, in (0, 1); default 0.95 (FPP's usual choice).
  double interval_level = 0.95;
  /// The fit stops refining when the search box's half-width falls below this (default 1e-8); in (0, 0.05].
  double tolerance = 1e-8;
};

/// Result of holt(). Vectors indexed by position run over the fitted span (first to last observed value).
struct HoltResult {
  TrendStatus status = TrendStatus::too_short;  ///< ok, too_short (< 3 values) or constant (all values equal).
  double alpha = std::numeric_limits<double>::quiet_NaN();  ///< Level smoothing parameter used.
  double beta = std::numeric_limits<double>::quiet_NaN();   ///< Trend smoothing parameter used.
  bool fitted_parameters = false;                           ///< True when alpha and/or beta were estimated.
  HoltInit init = HoltInit::first_difference;               ///< The initialisation used.
  Eigen::VectorXd time;                                     ///< Time stamps of the fitted span.
  Eigen::VectorXd value;                                    ///< Observed values of the fitted span.
  Eigen::VectorXd
      fitted;  ///< One-step forecasts l_{t-1} + b_{t-1}; NaN where none exists (first_difference: t = 1, 2).
  Eigen::VectorXd residuals;                                 ///< value - fitted; NaN where fitted is.
  Eigen::Index residual_count = 0;                           ///< Number of one-step residuals (n - 2 or n).
  double sse = std::numeric_limits<double>::quiet_NaN();     ///< Sum of squared one-step residuals.
  double sigma2 = std::numeric_limits<double>::quiet_NaN();  ///< sse / residual_count.
  double level = std::numeric_limits<double>::quiet_NaN();   ///< Final level l_n.
  double trend = std::numeric_limits<double>::quiet_NaN();   ///< Final trend b_n.
  std::size_t leading_missing = 0;                           ///< NaN values dropped before the first observed value.
  std::size_t trailing_missing = 0;                          ///< NaN values dropped after the last observed value.
  double interval_level = 0.95;                              ///< Coverage of lower/upper.
  Eigen::VectorXd forecast_time;                             ///< Time stamps last + h * step, h = 1..horizon.
  Eigen::VectorXd forecast;                                  ///< l_n + h b_n.
  Eigen::VectorXd forecast_sd;  ///< sqrt(sigma2 [1 + sum_{j=1}^{h-1} alpha^2 (1 + j beta)^2]).
  Eigen::VectorXd lower;        ///< forecast - z forecast_sd.
  Eigen::VectorXd upper;        ///< forecast + z forecast_sd.
};

/// Accuracy grade of a GM(1,1) model by its posterior error ratio C and small-error probability P.
enum class GreyGrade : int {
  good = 1,         ///< C <= 0.35 and P >= 0.95.
  qualified = 2,    ///< C <= 0.50 and P >= 0.80.
  barely = 3,       ///< C <= 0.65 and P >= 0.70.
  unqualified = 4,  ///< Anything else.
  not_graded = 0,   ///< C or P undefined (constant series, S1 = 0) or too few values.
};

/// The stable name of a grey accuracy grade, e.g. "qualified".
/// @param grade the grade.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(GreyGrade grade) noexcept {
  switch (grade) {
    case GreyGrade::good:
      return "good";
    case GreyGrade::qualified:
      return "qualified";
    case GreyGrade::barely:
      return "barely";
    case GreyGrade::unqualified:
      return "unqualified";
    case GreyGrade::not_graded:
      return "not_graded";
  }
  return "unknown";
}

/// The grade of a GM(1,1) model from its posterior error ratio and small-error probability (Liu Sifeng's
/// table; every condition of a grade must hold, the best grade met is returned).
/// @param c posterior error ratio S2 / S1.
/// @param p small-error probability.
/// @return the grade; not_graded when c or p is NaN.
inline GreyGrade grey_grade(double c, double p) noexcept {
  if (std::isnan(c) || std::isnan(p)) return GreyGrade::not_graded;
  if (c <= 0.35 && p >= 0.95) return GreyGrade::good;
  if (c <= 0.50 && p >= 0.80) return GreyGrade::qualified;
  if (c <= 0.65 && p >= 0.70) return GreyGrade::barely;
  return GreyGrade::unqualified;
}

/// Result of grey_gm11(). Vectors indexed by position run over the fitted span (positions k = 1..n).
struct GreyResult {
  TrendStatus status = TrendStatus::too_short;          ///< ok, too_short (< 4 values) or constant (S1 = 0: no C, P).
  double a = std::numeric_limits<double>::quiet_NaN();  ///< Development coefficient.
  double b = std::numeric_limits<double>::quiet_NaN();  ///< Grey input.
  Eigen::VectorXd time;                                 ///< Time stamps of the fitted span.
  Eigen::VectorXd value;                                ///< x0(k), the observed values.
  Eigen::VectorXd accumulated;                          ///< x1(k), the AGO.
  Eigen::VectorXd background;                           ///< z(k) = (x1(k) + x1(k-1)) / 2 for k = 2..n; NaN at k = 1.
  Eigen::VectorXd fitted_accumulated;                   ///< x1^(k) from the time response.
  Eigen::VectorXd fitted;                               ///< x0^(k) restored by IAGO; x0^(1) = x0(1).
  Eigen::VectorXd residuals;                            ///< e(k) = x0(k) - x0^(k); e(1) = 0.
  Eigen::VectorXd relative_errors;                      ///< |e(k)| / x0(k).
  double mean_relative_error = std::numeric_limits<double>::quiet_NaN();  ///< Mean of relative_errors, k = 2..n.
  double s1 = std::numeric_limits<double>::quiet_NaN();                   ///< Std. deviation of x0 (divisor n).
  double s2 = std::numeric_limits<double>::quiet_NaN();  ///< Std. deviation of e (k = 1..n, divisor n).
  double c = std::numeric_limits<double>::quiet_NaN();   ///< Posterior error ratio S2 / S1.
  double p = std::numeric_limits<double>::quiet_NaN();   ///< Share of k with |e(k) - mean e| < 0.6745 S1.
  GreyGrade grade = GreyGrade::not_graded;               ///< grey_grade(c, p).
  Eigen::VectorXd class_ratios;                          ///< sigma(k) = x0(k-1) / x0(k), k = 2..n (size n - 1).
  double class_ratio_lower = std::numeric_limits<double>::quiet_NaN();  ///< e^{-2/(n+1)}.
  double class_ratio_upper = std::numeric_limits<double>::quiet_NaN();  ///< e^{2/(n+2)}.
  bool class_ratios_admissible = false;  ///< Every sigma(k) strictly inside (lower, upper); reported only.
  std::size_t leading_missing = 0;       ///< NaN values dropped before the first observed value.
  std::size_t trailing_missing = 0;      ///< NaN values dropped after the last observed value.
  Eigen::VectorXd forecast_time;         ///< Time stamps last + h * step, h = 1..horizon.
  Eigen::VectorXd forecast;              ///< x0^(n + h) = x1^(n + h) - x1^(n + h - 1).
};

namespace detail {

/// The contiguous span of a series that a forecast model fits.
struct ForecastSpan {
  std::vector<double> time;
  std::vector<double> value;
  std::size_t leading = 0;   // NaN values before the span
  std::size_t trailing = 0;  // NaN values after it
  std::size_t first = 0;     // position of the span's first value in the series
  double step = 1.0;         // time between consecutive values (1 when fewer than 2)
};

/// Checks a series for a recursive forecast model: leading and trailing NaN are dropped, NaN inside the span
/// and uneven spacing are errors (the recursions assume consecutive, equally spaced observations).
/// @param ctx context of errors.
/// @param s the series.
/// @return the span.
/// @throws InvalidInput: as observed_points(); not_finite naming the position of a NaN inside the span;
///   inconsistent naming the positions where the spacing changes.
inline ForecastSpan forecast_span(const std::string& ctx, const Series& s) {
  const ObservedSeries checked = observed_points(ctx, s);  // validates sizes, times, infinities
  (void)checked;
  ForecastSpan out;
  const Eigen::Index n = s.value.size();
  Eigen::Index lo = 0;
  while (lo < n && std::isnan(s.value[lo])) ++lo;
  Eigen::Index hi = n;
  while (hi > lo && std::isnan(s.value[hi - 1])) --hi;
  out.leading = static_cast<std::size_t>(lo);
  out.trailing = static_cast<std::size_t>(n - hi);
  out.first = static_cast<std::size_t>(lo);
  for (Eigen::Index k = lo; k < hi; ++k) {
    if (std::isnan(s.value[k])) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         "value at position " + std::to_string(k) +
                             " is missing (NaN) inside the fitted span; the recursion needs consecutive values");
    }
    out.time.push_back(s.time[k]);
    out.value.push_back(s.value[k]);
  }
  if (out.time.size() >= 2) {
    out.step = out.time[1] - out.time[0];
    for (std::size_t k = 2; k < out.time.size(); ++k) {
      const double d = out.time[k] - out.time[k - 1];
      if (std::abs(d - out.step) > 1e-9 * std::abs(out.step)) {
        const std::size_t pos = out.first + k;
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           "time stamps must be equally spaced: positions " + std::to_string(pos - 1) + " and " +
                               std::to_string(pos) + " are " + number_text(d) + " apart, the first two " +
                               number_text(out.step));
      }
    }
  }
  return out;
}

/// What one run of Holt's recursions gives: the SSE of the one-step residuals, the final level and trend, and
/// the number of residuals.
struct HoltRun {
  double sse = 0.0;
  double level = 0.0;
  double trend = 0.0;
  Eigen::Index count = 0;
};

/// Holt's recursions for given parameters; writes the one-step forecasts (NaN where none) when `fitted` is
/// not null.
inline HoltRun holt_run(const std::vector<double>& y, double alpha, double beta, HoltInit init,
                        Eigen::VectorXd* fitted) {
  // Hyndman & Athanasopoulos, FPP (2nd ed.) sec. 7.2 / (3rd ed.) sec. 8.2:
  //   l_t = alpha y_t + (1 - alpha)(l_{t-1} + b_{t-1}),  b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}.
  HoltRun r;
  const std::size_t n = y.size();
  if (fitted != nullptr) fitted->setConstant(static_cast<Eigen::Index>(n), std::numeric_limits<double>::quiet_NaN());
  double l = y[0];
  double b = y[1] - y[0];
  std::size_t start = 0;
  if (init == HoltInit::first_difference) {
    l = y[1];  // R HoltWinters: l.start = x[2], b.start = x[2] - x[1]
    start = 2;
  }
  for (std::size_t t = start; t < n; ++t) {
    const double yhat = l + b;
    const double e = y[t] - yhat;
    if (fitted != nullptr) (*fitted)[static_cast<Eigen::Index>(t)] = yhat;
    r.sse += e * e;
    ++r.count;
    const double l_new = alpha * y[t] + (1.0 - alpha) * yhat;
    b = beta * (l_new - l) + (1.0 - beta) * b;
    l = l_new;
  }
  r.level = l;
  r.trend = b;
  return r;
}

/// One level of the deterministic grid search: a (m+1) x (m+1) grid over [a_lo, a_hi] x [b_lo, b_hi] (a
/// degenerate side when that parameter is fixed); replaces the best point only on a strictly smaller SSE, so
/// ties keep the first point in alpha-major order.
inline void holt_grid(const std::vector<double>& y, HoltInit init, double a_lo, double a_hi, double b_lo, double b_hi,
                      int m, double& best_a, double& best_b, double& best_sse) {
  const int ma = a_hi > a_lo ? m : 0;
  const int mb = b_hi > b_lo ? m : 0;
  for (int i = 0; i <= ma; ++i) {
    const double a = ma == 0 ? a_lo : (i == ma ? a_hi : a_lo + (a_hi - a_lo) * i / ma);
    for (int j = 0; j <= mb; ++j) {
      const double b = mb == 0 ? b_lo : (j == mb ? b_hi : b_lo + (b_hi - b_lo) * j / mb);
      const double sse = holt_run(y, a, b, init, nullptr).sse;
      if (sse < best_sse) {
        best_sse = sse;
        best_a = a;
        best_b = b;
      }
    }
  }
}

}  // namespace detail

/// Holt's linear exponential smoothing (Holt 1957; Hyndman & Athanasopoulos, *Forecasting: Principles and
/// Practice*, 2nd ed. sec. 7.2, 3rd ed. sec. 8.2) with h-step forecasts and approximate prediction intervals.
///
/// Recursions: l_t = alpha y_t + (1 - alpha)(l_{t-1} + b_{t-1}), b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1};
/// one-step forecast l_{t-1} + b_{t-1}; h-step forecast l_n + h b_n. Start: HoltOptions::init.
/// Fit: alpha and beta (those given as NaN) minimise the one-step SSE over [0, 1]^2 by a deterministic search:
/// a 21 x 21 grid (step 0.05), then repeated 11 x 11 grids on a box of half-width w centred on the best point
/// (clipped to [0, 1]), w = 0.05, 0.0125, ... (divided by 4 each round) until w < tolerance. The best point
/// only changes on a strictly smaller SSE, so the result is a function of the data alone. The search is local
/// after the first grid: a minimum narrower than the grid step can be missed.
/// Intervals: sd_h^2 = sigma2 [1 + sum_{j=1}^{h-1} alpha^2 (1 + j beta)^2] (the forecast-variance table for
/// ETS(A,A,N), FPP 2nd ed. sec. 7.7, 3rd ed. sec. 8.7, there written with beta_ets = alpha beta), sigma2 = sse /
/// residual_count, bounds
/// forecast -/+ z sd_h with z the normal quantile (Boost.Math) of (1 + interval_level) / 2.
///
/// Minimum length: 3 values in the span (status too_short below, with empty vectors). Missing values: NaN
/// before the first or after the last observed value are dropped (counted); NaN inside is an error. Times
/// must be equally spaced. A constant span gives status constant with the fit (SSE 0 everywhere; the search
/// keeps alpha = beta = 0 unless given) and zero-width intervals.
/// @param series the series.
/// @param horizon number of steps to forecast (>= 0).
/// @param options parameters, initialisation, interval level, tolerance.
/// @return the fit and the forecasts.
/// @throws InvalidInput (context `holt`): as observed_points(); not_finite for NaN inside the span or a
///   non-finite option; out_of_range for horizon < 0, alpha or beta outside [0, 1], interval_level outside
///   (0, 1), tolerance outside (0, 0.05]; inconsistent for uneven time stamps; invalid_argument for an unknown
///   init.
inline HoltResult holt(const Series& series, Eigen::Index horizon, const HoltOptions& options = {}) {
  const std::string ctx = "holt";
  if (horizon < 0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "horizon " + std::to_string(horizon) + " is negative");
  }
  for (const auto& [name, v] : {std::pair<const char*, double>{"alpha", options.alpha}, {"beta", options.beta}}) {
    if (std::isinf(v)) throw InvalidInput(ErrorCode::not_finite, ctx, std::string(name) + " is infinite");
    if (!std::isnan(v) && (v < 0.0 || v > 1.0)) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         std::string(name) + " " + detail::number_text(v) + " is outside [0, 1]");
    }
  }
  if (!std::isfinite(options.interval_level)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, "interval_level is not finite");
  }
  if (!(options.interval_level > 0.0 && options.interval_level < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "interval_level " + detail::number_text(options.interval_level) + " is outside (0, 1)");
  }
  if (!std::isfinite(options.tolerance)) throw InvalidInput(ErrorCode::not_finite, ctx, "tolerance is not finite");
  if (!(options.tolerance > 0.0 && options.tolerance <= 0.05)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "tolerance " + detail::number_text(options.tolerance) + " is outside (0, 0.05]");
  }
  if (options.init != HoltInit::first_difference && options.init != HoltInit::state_space) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown init");
  }
  const detail::ForecastSpan span = detail::forecast_span(ctx, series);

  HoltResult r;
  r.init = options.init;
  r.interval_level = options.interval_level;
  r.leading_missing = span.leading;
  r.trailing_missing = span.trailing;
  const auto n = static_cast<Eigen::Index>(span.value.size());
  r.time = Eigen::Map<const Eigen::VectorXd>(span.time.data(), n);
  r.value = Eigen::Map<const Eigen::VectorXd>(span.value.data(), n);
  if (n < 3) {
    r.status = TrendStatus::too_short;
    return r;
  }

  double alpha = options.alpha;
  double beta = options.beta;
  r.fitted_parameters = std::isnan(alpha) || std::isnan(beta);
  if (r.fitted_parameters) {
    const bool fit_a = std::isnan(alpha);
    const bool fit_b = std::isnan(beta);
    double best_a = fit_a ? 0.0 : alpha;
    double best_b = fit_b ? 0.0 : beta;
    double best_sse = std::numeric_limits<double>::infinity();
    detail::holt_grid(span.value, options.init, fit_a ? 0.0 : alpha, fit_a ? 1.0 : alpha, fit_b ? 0.0 : beta,
                      fit_b ? 1.0 : beta, 20, best_a, best_b, best_sse);
    for (double w = 0.05; w >= options.tolerance; w /= 4.0) {
      const double a_lo = fit_a ? std::max(0.0, best_a - w) : best_a;
      const double a_hi = fit_a ? std::min(1.0, best_a + w) : best_a;
      const double b_lo = fit_b ? std::max(0.0, best_b - w) : best_b;
      const double b_hi = fit_b ? std::min(1.0, best_b + w) : best_b;
      detail::holt_grid(span.value, options.init, a_lo, a_hi, b_lo, b_hi, 10, best_a, best_b, best_sse);
    }
    alpha = best_a;
    beta = best_b;
  }
  r.alpha = alpha;
  r.beta = beta;
  const detail::HoltRun run = detail::holt_run(span.value, alpha, beta, options.init, &r.fitted);
  r.residuals = r.value - r.fitted;  // NaN where fitted is NaN
  r.residual_count = run.count;
  r.sse = run.sse;
  r.sigma2 = run.sse / static_cast<double>(run.count);
  r.level = run.level;
  r.trend = run.trend;
  bool constant = true;
  for (const double v : span.value) constant = constant && v == span.value[0];
  r.status = constant ? TrendStatus::constant : TrendStatus::ok;

  const boost::math::normal_distribution<double> normal;
  const double z = boost::math::quantile(normal, 0.5 + options.interval_level / 2.0);
  r.forecast_time.resize(horizon);
  r.forecast.resize(horizon);
  r.forecast_sd.resize(horizon);
  r.lower.resize(horizon);
  r.upper.resize(horizon);
  double sum = 0.0;  // sum_{j=1}^{h-1} alpha^2 (1 + j beta)^2
  for (Eigen::Index h = 1; h <= horizon; ++h) {
    const auto hd = static_cast<double>(h);
    if (h > 1) {
      const double c = alpha * (1.0 + (hd - 1.0) * beta);
      sum += c * c;
    }
    const double sd = std::sqrt(r.sigma2 * (1.0 + sum));
    r.forecast_time[h - 1] = span.time.back() + hd * span.step;
    r.forecast[h - 1] = run.level + hd * run.trend;
    r.forecast_sd[h - 1] = sd;
    r.lower[h - 1] = r.forecast[h - 1] - z * sd;
    r.upper[h - 1] = r.forecast[h - 1] + z * sd;
  }
  return r;
}

/// The GM(1,1) grey model (Deng Julong 1982; Liu Sifeng & Lin Yi, *Grey Systems: Theory and Applications*,
/// Springer 2010, ch. on GM(1,1)) with its residual and posterior-error checks and h-step forecasts.
///
/// AGO x1(k) = sum_{i<=k} x0(i); background z(k) = 0.5 x1(k) + 0.5 x1(k-1), k = 2..n; (a, b) by least squares
/// of x0(k) = -a z(k) + b (Householder QR of B = [-z, 1]); time response
/// x1^(k+1) = (x0(1) - b/a) e^{-ak} + b/a, computed as x0(1) e^{-ak} - (b/a) expm1(-ak) (b k when a = 0);
/// restored x0^(1) = x0(1), x0^(k) = x1^(k) - x1^(k-1). Residuals e(k) = x0(k) - x0^(k), relative errors
/// |e(k)| / x0(k) (mean over k = 2..n, since e(1) = 0 by construction). Posterior error test: S1, S2 the
/// standard deviations (divisor n) of x0 and of e over k = 1..n, C = S2 / S1, P = share of k = 1..n with
/// |e(k) - mean e| < 0.6745 S1, graded by grey_grade(). Class ratios sigma(k) = x0(k-1) / x0(k) are checked
/// against (e^{-2/(n+1)}, e^{2/(n+2)}) and reported, not enforced.
///
/// Minimum length: 4 values in the span (status too_short below, with empty vectors). Values must be positive.
/// Missing values: as holt() (leading/trailing NaN dropped, NaN inside an error); times equally spaced. A
/// constant span fits exactly (a = 0, b = x0(1) up to rounding) but S1 = 0, so C, P are NaN, grade not_graded
/// and status constant.
/// @param series the series.
/// @param horizon number of steps to forecast (>= 0).
/// @return the fit, the checks and the forecasts.
/// @throws InvalidInput (context `grey_gm11`): as observed_points(); not_finite for NaN inside the span;
///   out_of_range for horizon < 0 or a value <= 0 (naming its position); inconsistent for uneven time stamps.
inline GreyResult grey_gm11(const Series& series, Eigen::Index horizon) {
  const std::string ctx = "grey_gm11";
  if (horizon < 0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "horizon " + std::to_string(horizon) + " is negative");
  }
  const detail::ForecastSpan span = detail::forecast_span(ctx, series);
  for (std::size_t k = 0; k < span.value.size(); ++k) {
    if (!(span.value[k] > 0.0)) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         "value at position " + std::to_string(span.first + k) + " (" +
                             detail::number_text(span.value[k]) + ") is not positive; GM(1,1) needs positive values");
    }
  }
  GreyResult r;
  r.leading_missing = span.leading;
  r.trailing_missing = span.trailing;
  const auto n = static_cast<Eigen::Index>(span.value.size());
  r.time = Eigen::Map<const Eigen::VectorXd>(span.time.data(), n);
  r.value = Eigen::Map<const Eigen::VectorXd>(span.value.data(), n);
  if (n < 4) {
    r.status = TrendStatus::too_short;
    return r;
  }
  const double nd = static_cast<double>(n);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::VectorXd& x0 = r.value;
  r.accumulated.resize(n);
  double acc = 0.0;
  for (Eigen::Index k = 0; k < n; ++k) {
    acc += x0[k];
    r.accumulated[k] = acc;
  }
  r.background = Eigen::VectorXd::Constant(n, nan);
  Eigen::MatrixXd design(n - 1, 2);
  for (Eigen::Index k = 1; k < n; ++k) {
    r.background[k] = 0.5 * r.accumulated[k] + 0.5 * r.accumulated[k - 1];
    design(k - 1, 0) = -r.background[k];
    design(k - 1, 1) = 1.0;
  }
  const Eigen::VectorXd ab = design.colPivHouseholderQr().solve(x0.tail(n - 1));
  r.a = ab[0];
  r.b = ab[1];
  const auto response = [&](double k) {
    if (r.a == 0.0) return x0[0] + r.b * k;
    return x0[0] * std::exp(-r.a * k) - (r.b / r.a) * std::expm1(-r.a * k);
  };
  r.fitted_accumulated.resize(n);
  r.fitted.resize(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    r.fitted_accumulated[k] = response(static_cast<double>(k));
    r.fitted[k] = k == 0 ? x0[0] : r.fitted_accumulated[k] - r.fitted_accumulated[k - 1];
  }
  r.residuals = x0 - r.fitted;
  r.residuals[0] = 0.0;  // x0^(1) = x0(1) by definition
  r.relative_errors = r.residuals.cwiseAbs().cwiseQuotient(x0);
  r.mean_relative_error = r.relative_errors.tail(n - 1).mean();
  const double mean_x = x0.mean();
  const double mean_e = r.residuals.mean();
  r.s1 = std::sqrt((x0.array() - mean_x).square().sum() / nd);
  r.s2 = std::sqrt((r.residuals.array() - mean_e).square().sum() / nd);
  if (r.s1 > 0.0) {
    r.c = r.s2 / r.s1;
    Eigen::Index small = 0;
    for (Eigen::Index k = 0; k < n; ++k) {
      if (std::abs(r.residuals[k] - mean_e) < 0.6745 * r.s1) ++small;
    }
    r.p = static_cast<double>(small) / nd;
    r.status = TrendStatus::ok;
  } else {
    r.status = TrendStatus::constant;
  }
  r.grade = grey_grade(r.c, r.p);
  r.class_ratios.resize(n - 1);
  r.class_ratio_lower = std::exp(-2.0 / (nd + 1.0));
  r.class_ratio_upper = std::exp(2.0 / (nd + 2.0));
  r.class_ratios_admissible = true;
  for (Eigen::Index k = 1; k < n; ++k) {
    const double sigma = x0[k - 1] / x0[k];
    r.class_ratios[k - 1] = sigma;
    r.class_ratios_admissible = r.class_ratios_admissible && sigma > r.class_ratio_lower && sigma < r.class_ratio_upper;
  }
  r.forecast_time.resize(horizon);
  r.forecast.resize(horizon);
  for (Eigen::Index h = 1; h <= horizon; ++h) {
    const double k = nd - 1.0 + static_cast<double>(h);  // x1^(n+h) is the response at k = n + h - 1
    r.forecast_time[h - 1] = span.time.back() + static_cast<double>(h) * span.step;
    r.forecast[h - 1] = response(k) - response(k - 1.0);
  }
  return r;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_FORECAST_HPP
