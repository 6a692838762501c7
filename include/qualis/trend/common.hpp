/// @file
/// @brief What every trend method shares: a time series (time stamps and values, NaN = missing), the time
/// stamp of a Period, the verdict of a trend test and the status of a computation.
#ifndef QUALIS_TREND_COMMON_HPP
#define QUALIS_TREND_COMMON_HPP

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/period.hpp"

QUALIS_NAMESPACE_BEGIN

/// The verdict of a trend test, as pymannkendall reports it.
enum class TrendDirection : int {
  no_trend = 0,    ///< The null hypothesis of no trend is not rejected.
  increasing = 1,  ///< A significant upward trend.
  decreasing = 2,  ///< A significant downward trend.
};

/// The stable name of a trend direction: "no trend", "increasing" or "decreasing" (pymannkendall's words).
/// @param direction the direction.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TrendDirection direction) noexcept {
  switch (direction) {
    case TrendDirection::no_trend:
      return "no trend";
    case TrendDirection::increasing:
      return "increasing";
    case TrendDirection::decreasing:
      return "decreasing";
  }
  return "unknown";
}

/// How a trend computation ended. Anything but `ok` comes with the quantities that could be computed and NaN
/// for the others, never a silent NaN: the status says why.
enum class TrendStatus : int {
  ok = 0,                     ///< Computed as documented.
  too_short = 1,              ///< Fewer observed values than the method needs (each method states its minimum).
  constant = 2,               ///< Every observed value is equal: no trend can be measured.
  variance_not_positive = 3,  ///< A corrected variance came out <= 0 (e.g. Hamed-Rao): no z and no p.
  not_converged = 4,          ///< An iterative fit stopped at its iteration limit.
  undefined = 5,              ///< The method's formula is undefined for these data (each method says when).
};

/// The stable name of a trend status, e.g. "too_short".
/// @param status the status.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TrendStatus status) noexcept {
  switch (status) {
    case TrendStatus::ok:
      return "ok";
    case TrendStatus::too_short:
      return "too_short";
    case TrendStatus::constant:
      return "constant";
    case TrendStatus::variance_not_positive:
      return "variance_not_positive";
    case TrendStatus::not_converged:
      return "not_converged";
    case TrendStatus::undefined:
      return "undefined";
  }
  return "unknown";
}

/// A time series: strictly increasing finite time stamps and one value each; NaN values are missing.
///
/// Time stamps are real numbers, so gaps and uneven spacing are honoured by every method that uses time
/// (slopes are per unit of time). period_time() gives the stamp of a Period in years; plain positions
/// 0, 1, 2, ... (what pymannkendall uses) are make_series() with one argument.
struct Series {
  Eigen::VectorXd time;   ///< Time stamps, finite and strictly increasing.
  Eigen::VectorXd value;  ///< Values, one per time stamp; NaN = missing, infinity is rejected.
};

/// The time stamp of a period in years: the middle of its months, `year + (first_month - 1 + last_month) / 24`,
/// every month counted as equally long. 2020 -> 2020.5, 2021H1 -> 2021.25, 2021Q4 -> 2021.875. Differences are
/// in years, so a slope over these stamps is a change per year for any frequency.
/// @param period the period.
/// @return the time stamp.
inline double period_time(const Period& period) noexcept {
  return static_cast<double>(period.year()) +
         static_cast<double>(period.first_month() - 1 + period.last_month()) / 24.0;
}

/// A series over positions 0, 1, ..., n - 1.
/// @param values the values; NaN = missing.
/// @return the series.
inline Series make_series(const Eigen::Ref<const Eigen::VectorXd>& values) {
  Series s;
  s.value = values;
  s.time = Eigen::VectorXd::LinSpaced(values.size(), 0.0, static_cast<double>(values.size()) - 1.0);
  return s;
}

/// A series over periods, stamped by period_time().
/// @param periods the periods, strictly increasing in Period's order.
/// @param values one value per period; NaN = missing.
/// @return the series.
/// @throws InvalidInput (context `make_series`): size_mismatch when the lengths differ; inconsistent when
///   the periods do not increase strictly (naming the two), or when two periods share a time stamp.
inline Series make_series(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values) {
  const std::string ctx = "make_series";
  if (static_cast<Eigen::Index>(periods.size()) != values.size()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(periods.size()) + " periods for " + std::to_string(values.size()) + " values");
  }
  Series s;
  s.value = values;
  s.time.resize(values.size());
  for (std::size_t k = 0; k < periods.size(); ++k) {
    if (k > 0 && !(periods[k - 1] < periods[k])) {
      throw InvalidInput(
          ErrorCode::inconsistent, ctx,
          "periods must increase: " + periods[k - 1].to_string() + " is followed by " + periods[k].to_string());
    }
    s.time[static_cast<Eigen::Index>(k)] = period_time(periods[k]);
    if (k > 0 && !(s.time[static_cast<Eigen::Index>(k)] > s.time[static_cast<Eigen::Index>(k - 1)])) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "periods " + periods[k - 1].to_string() + " and " + periods[k].to_string() +
                             " have the same middle, so they cannot both be points of one series");
    }
  }
  return s;
}

namespace detail {

/// The observed points of a series, after checking it: equal lengths, finite strictly increasing times, no
/// infinite value. NaN values are dropped (their times with them).
struct ObservedSeries {
  std::vector<double> time;   // observed time stamps, increasing
  std::vector<double> value;  // observed values
  std::size_t missing = 0;    // values that were NaN
};

/// Checks a series and returns its observed points.
/// @param ctx context of errors.
/// @param s the series.
/// @return the observed points.
/// @throws InvalidInput: size_mismatch (lengths), not_finite (a time that is not finite, an infinite value,
///   naming the position), inconsistent (times not strictly increasing, naming the positions).
inline ObservedSeries observed_points(const std::string& ctx, const Series& s) {
  if (s.time.size() != s.value.size()) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(s.time.size()) + " time stamps for " + std::to_string(s.value.size()) + " values");
  }
  ObservedSeries out;
  out.time.reserve(static_cast<std::size_t>(s.value.size()));
  out.value.reserve(static_cast<std::size_t>(s.value.size()));
  for (Eigen::Index k = 0; k < s.value.size(); ++k) {
    const double t = s.time[k];
    const double y = s.value[k];
    if (!std::isfinite(t)) {
      throw InvalidInput(ErrorCode::not_finite, ctx, "time stamp at position " + std::to_string(k) + " is not finite");
    }
    if (k > 0 && !(t > s.time[k - 1])) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "time stamps must increase strictly: position " + std::to_string(k) + " (" + number_text(t) +
                             ") does not follow position " + std::to_string(k - 1) + " (" + number_text(s.time[k - 1]) +
                             ")");
    }
    if (std::isinf(y)) {
      throw InvalidInput(ErrorCode::not_finite, ctx, "value at position " + std::to_string(k) + " is infinite");
    }
    if (std::isnan(y)) {
      ++out.missing;
      continue;
    }
    out.time.push_back(t);
    out.value.push_back(y);
  }
  return out;
}

/// Checks a confidence level of an interval.
/// @param ctx context of errors.
/// @param confidence the level.
/// @throws InvalidInput (out_of_range) unless 0 < confidence < 1.
inline void check_confidence(const std::string& ctx, double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "confidence " + number_text(confidence) + " must lie strictly between 0 and 1");
  }
}

}  // namespace detail

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_COMMON_HPP
