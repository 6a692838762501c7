/// @file
/// @brief Growth over reporting periods: period-over-period (环比) and year-on-year (同比) change, compound annual
/// growth rate, index numbers, and the contributions of units to the growth of a total.
#ifndef QUALIS_TREND_GROWTH_HPP
#define QUALIS_TREND_GROWTH_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/period.hpp"
#include "qualis/trend/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// Which earlier period a growth rate compares with.
enum class GrowthBase : int {
  previous_period = 0,  ///< Period::previous(): 2021H1 against 2020H2 (环比, period over period).
  year_ago = 1,         ///< Period::year_ago(): 2021H1 against 2020H1 (同比, year on year).
};

/// The stable name of a GrowthBase value, e.g. "previous_period" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(GrowthBase value) noexcept {
  switch (value) {
    case GrowthBase::previous_period:
      return "previous_period";
    case GrowthBase::year_ago:
      return "year_ago";
  }
  return "unknown";
}

/// Change of a series against a base period, period by period. Element k of every vector belongs to periods[k].
struct Growth {
  std::vector<Period> periods;  ///< The input periods.
  /// The value of the base period; NaN when the base period is not in the list or its value is missing.
  Eigen::VectorXd base;
  Eigen::VectorXd change;            ///< Absolute change: value - base (NaN if either is missing).
  Eigen::VectorXd rate;              ///< Relative change: (value - base) / base, only for base > 0; else NaN.
  std::size_t computed = 0;          ///< Periods with a rate.
  std::size_t missing_value = 0;     ///< Periods whose own value is NaN.
  std::size_t missing_base = 0;      ///< Periods with a value whose base period is absent from the list or NaN.
  std::size_t nonpositive_base = 0;  ///< Periods with a change but a base <= 0, so no rate.
};

/// A compound annual growth rate.
struct Cagr {
  double rate = std::numeric_limits<double>::quiet_NaN();   ///< (end / start)^(1 / years) - 1.
  double years = std::numeric_limits<double>::quiet_NaN();  ///< The span in years.
  TrendStatus status = TrendStatus::too_short;              ///< See cagr().
};

/// Index numbers of a series against one base period (base = 100).
struct IndexNumbers {
  std::vector<Period> periods;  ///< The input periods.
  Eigen::VectorXd index;        ///< 100 * value / base value; NaN where the value is missing or status not ok.
  Period base;                  ///< The base period.
  double base_value = std::numeric_limits<double>::quiet_NaN();  ///< Its value.
  std::size_t missing = 0;                                       ///< Periods whose value is NaN.
  TrendStatus status = TrendStatus::undefined;                   ///< See index_numbers().
};

/// The contributions of units (e.g. clusters) to the growth of a total (e.g. the province). Units in rows and
/// periods in columns, as in the input.
struct GrowthContributions {
  std::vector<Period> periods;  ///< The input periods (columns).
  /// Contribution of unit i in period j in rate units: (x_ij - x_ib) / T_b, b the base period of j.
  Eigen::MatrixXd contribution;
  Eigen::VectorXd total_rate;  ///< Growth rate of the total: (T_j - T_b) / T_b.
  /// Share of the total's change: (x_ij - x_ib) / (T_j - T_b) = contribution / total_rate; NaN when the total did
  /// not change.
  Eigen::MatrixXd share;
  /// total_rate - sum_i contribution: the growth coming from outside the units (0 up to rounding when the units
  /// make up the total); NaN when any contribution of the column is missing.
  Eigen::VectorXd remainder;
  std::size_t undefined_periods = 0;  ///< Columns without a total rate (base absent, total missing or <= 0).
  std::size_t missing_cells = 0;      ///< Cells of the other columns without a contribution (a unit value missing).
};

namespace detail {

// Checks a period list against its values: sizes, one frequency, strictly increasing, no duplicate, no infinity.
inline void check_period_values(const std::string& ctx, const std::vector<Period>& periods, Eigen::Index values) {
  if (static_cast<Eigen::Index>(periods.size()) != values) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(periods.size()) + " periods for " + std::to_string(values) + " values");
  }
  for (std::size_t k = 1; k < periods.size(); ++k) {
    const Period& a = periods[k - 1];
    const Period& b = periods[k];
    if (a.frequency() != b.frequency()) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "periods " + a.to_string() + " and " + b.to_string() + " have different frequencies");
    }
    if (a == b) throw InvalidInput(ErrorCode::duplicate_id, ctx, "period " + a.to_string() + " appears twice");
    if (!(a < b)) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "periods must increase: " + a.to_string() + " is followed by " + b.to_string());
    }
  }
}

inline void check_not_infinite(const std::string& ctx, const Period& period, double value, const std::string& what) {
  if (std::isinf(value)) {
    throw InvalidInput(ErrorCode::not_finite, context(ctx, "period", period.to_string()), what + " is infinite");
  }
}

// Column of `p` in the sorted list, or -1.
inline Eigen::Index period_position(const std::vector<Period>& periods, const Period& p) {
  const auto it = std::lower_bound(periods.begin(), periods.end(), p);
  if (it == periods.end() || !(*it == p)) return -1;
  return static_cast<Eigen::Index>(it - periods.begin());
}

// Column of the base period of periods[k], or -1 when it is not in the list (or would precede year 1).
inline Eigen::Index base_position(const std::vector<Period>& periods, std::size_t k, GrowthBase base) {
  const Period& p = periods[k];
  if (p.year() == 1 && (base == GrowthBase::year_ago || p.index() == 1)) return -1;
  return period_position(periods, base == GrowthBase::year_ago ? p.year_ago() : p.previous());
}

}  // namespace detail

/// Absolute and relative change of each period against its base period.
///
/// change_k = y_k - y_b and rate_k = (y_k - y_b) / y_b (i.e. y_k / y_b - 1), b = Period::previous() for
/// GrowthBase::previous_period (环比) or Period::year_ago() for GrowthBase::year_ago (同比, e.g. 2021H1 against
/// 2020H1); for annual periods both are the previous year. The base is looked up by period, not by position:
/// a gap in the list (2019, 2021) leaves 2021 without a period-over-period base rather than comparing two
/// years apart.
///
/// Missing values: a NaN value gives NaN change and rate (counted in `missing_value`); a base period absent from
/// the list or NaN gives NaN change and rate (`missing_base`); a base <= 0 gives the change but no rate
/// (`nonpositive_base`), since a rate against a zero or negative level has no meaning. Minimum length: none
/// (the first period never has a base in the list). Ties: equal values give change 0 and rate 0.
/// @param periods the periods, one frequency, strictly increasing.
/// @param values one value per period; NaN = missing.
/// @param base which earlier period to compare with.
/// @return the changes.
/// @throws InvalidInput (context `growth`): size_mismatch; inconsistent for periods of mixed frequency or not in
///   increasing order (naming both); duplicate_id for a repeated period; not_finite for an infinite value
///   (context `growth[period=...]`).
inline Growth growth(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values,
                     GrowthBase base) {
  const std::string ctx = "growth";
  detail::check_period_values(ctx, periods, values.size());
  for (std::size_t k = 0; k < periods.size(); ++k)
    detail::check_not_infinite(ctx, periods[k], values[static_cast<Eigen::Index>(k)], "value");
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::Index n = values.size();
  Growth g;
  g.periods = periods;
  g.base = Eigen::VectorXd::Constant(n, nan);
  g.change = Eigen::VectorXd::Constant(n, nan);
  g.rate = Eigen::VectorXd::Constant(n, nan);
  for (std::size_t k = 0; k < periods.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    const Eigen::Index b = detail::base_position(periods, k, base);
    if (b >= 0) g.base[i] = values[b];
    if (std::isnan(values[i])) {
      ++g.missing_value;
      continue;
    }
    if (std::isnan(g.base[i])) {
      ++g.missing_base;
      continue;
    }
    g.change[i] = values[i] - g.base[i];
    if (g.base[i] > 0.0) {
      g.rate[i] = g.change[i] / g.base[i];
      ++g.computed;
    } else {
      ++g.nonpositive_base;
    }
  }
  return g;
}

/// Period-over-period (环比) change: growth() against Period::previous().
/// @param periods the periods, one frequency, strictly increasing.
/// @param values one value per period; NaN = missing.
/// @return the changes (see growth() for formulas, missing values and ties).
/// @throws InvalidInput as growth().
inline Growth period_over_period(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values) {
  return growth(periods, values, GrowthBase::previous_period);
}

/// Year-on-year (同比) change: growth() against Period::year_ago(), e.g. 2021H1 against 2020H1; NaN where the
/// year-ago period is absent from the list.
/// @param periods the periods, one frequency, strictly increasing.
/// @param values one value per period; NaN = missing.
/// @return the changes (see growth() for formulas, missing values and ties).
/// @throws InvalidInput as growth().
inline Growth year_on_year(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values) {
  return growth(periods, values, GrowthBase::year_ago);
}

/// Compound annual growth rate over a span of years: (end / start)^(1 / years) - 1, the constant yearly rate
/// that takes `start` to `end` (OECD, *Glossary of Statistical Terms*, "compound annual growth rate").
///
/// Status: `too_short` when start or end is NaN (missing); `undefined` when either is <= 0 (the root of a
/// non-positive ratio has no meaning, and a zero start has no growth rate); otherwise `ok`. Ties: end = start
/// gives 0.
/// @param start_value the value at the start; NaN = missing.
/// @param end_value the value at the end; NaN = missing.
/// @param years the span in years, finite and > 0 (fractions allowed: 1.5 for 2020H1 to 2021H2).
/// @return the rate, the span and the status.
/// @throws InvalidInput (context `cagr`): not_finite for an infinite value or a span that is not finite;
///   out_of_range for a span <= 0.
inline Cagr cagr(double start_value, double end_value, double years) {
  const std::string ctx = "cagr";
  if (!std::isfinite(years)) throw InvalidInput(ErrorCode::not_finite, ctx, "span of years is not finite");
  if (!(years > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "span of " + detail::number_text(years) + " years must be positive");
  }
  if (std::isinf(start_value)) throw InvalidInput(ErrorCode::not_finite, ctx, "start value is infinite");
  if (std::isinf(end_value)) throw InvalidInput(ErrorCode::not_finite, ctx, "end value is infinite");
  Cagr c;
  c.years = years;
  if (std::isnan(start_value) || std::isnan(end_value)) return c;
  if (!(start_value > 0.0) || !(end_value > 0.0)) {
    c.status = TrendStatus::undefined;
    return c;
  }
  // expm1/log form: accurate for small rates, equal to the power form.
  c.rate = std::expm1(std::log(end_value / start_value) / years);
  c.status = TrendStatus::ok;
  return c;
}

/// Compound annual growth rate between two periods, the span in years being period_time(end) - period_time(start)
/// (middle to middle). For two periods of one frequency this equals end.periods_since(start) / periods per year
/// (2020Q1 to 2022Q3: 10 quarters = 2.5 years); for mixed frequencies it compares the middles (2020 to 2021H2:
/// 1.25 years).
/// @param start the start period.
/// @param start_value its value; NaN = missing.
/// @param end the end period, later than start.
/// @param end_value its value; NaN = missing.
/// @return the rate, the span and the status (see cagr(double, double, double)).
/// @throws InvalidInput (context `cagr`): inconsistent when the end does not lie after the start (naming both);
///   not_finite for an infinite value (context `cagr[period=...]`).
inline Cagr cagr(const Period& start, double start_value, const Period& end, double end_value) {
  const std::string ctx = "cagr";
  const double years = period_time(end) - period_time(start);
  if (!(years > 0.0)) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       "end period " + end.to_string() + " does not lie after start period " + start.to_string());
  }
  detail::check_not_infinite(ctx, start, start_value, "value");
  detail::check_not_infinite(ctx, end, end_value, "value");
  return cagr(start_value, end_value, years);
}

/// Compound annual growth rate between two periods of a series, looked up in the list.
/// @param periods the periods, one frequency, strictly increasing.
/// @param values one value per period; NaN = missing.
/// @param start the start period, in the list.
/// @param end the end period, in the list and later than start.
/// @return the rate, the span and the status (see cagr(double, double, double)).
/// @throws InvalidInput (context `cagr`) as growth() for the list and as cagr(const Period&, double, const
///   Period&, double) for the span; NotFound (context `cagr`) when start or end is not in the list.
inline Cagr cagr(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values,
                 const Period& start, const Period& end) {
  const std::string ctx = "cagr";
  detail::check_period_values(ctx, periods, values.size());
  const Eigen::Index a = detail::period_position(periods, start);
  if (a < 0) throw NotFound(ctx, "period " + start.to_string() + " is not in the list");
  const Eigen::Index b = detail::period_position(periods, end);
  if (b < 0) throw NotFound(ctx, "period " + end.to_string() + " is not in the list");
  return cagr(start, values[a], end, values[b]);
}

/// Index numbers with a fixed base period: index_k = 100 * y_k / y_base, so the base period reads 100 (a fixed-base
/// index; OECD, *Glossary of Statistical Terms*, "index number").
///
/// Status: `undefined` (every index NaN) when the base value is missing or <= 0; otherwise `ok`. Missing values:
/// a NaN value gives a NaN index, counted in `missing`. Minimum length: 1 (the base itself). Ties: a value equal
/// to the base reads 100.
/// @param periods the periods, one frequency, strictly increasing.
/// @param values one value per period; NaN = missing.
/// @param base the base period, in the list.
/// @return the index numbers.
/// @throws InvalidInput (context `index_numbers`) as growth() for the list; NotFound (context `index_numbers`)
///   when the base period is not in the list.
inline IndexNumbers index_numbers(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values,
                                  const Period& base) {
  const std::string ctx = "index_numbers";
  detail::check_period_values(ctx, periods, values.size());
  for (std::size_t k = 0; k < periods.size(); ++k)
    detail::check_not_infinite(ctx, periods[k], values[static_cast<Eigen::Index>(k)], "value");
  const Eigen::Index b = detail::period_position(periods, base);
  if (b < 0) throw NotFound(ctx, "base period " + base.to_string() + " is not in the list");
  IndexNumbers r;
  r.periods = periods;
  r.base = base;
  r.base_value = values[b];
  r.index = Eigen::VectorXd::Constant(values.size(), std::numeric_limits<double>::quiet_NaN());
  for (Eigen::Index k = 0; k < values.size(); ++k) r.missing += std::isnan(values[k]) ? 1U : 0U;
  if (!(r.base_value > 0.0)) return r;
  r.index = 100.0 * values / r.base_value;  // NaN values stay NaN
  r.status = TrendStatus::ok;
  return r;
}

/// Contributions of units to the growth of a total: how many percentage points of the total's growth rate each
/// unit supplies (e.g. each cluster's part in the growth of the province's output).
///
/// With x_ij the value of unit i in period j, T_j the total and b the base period of j (as in growth()):
/// contribution_ij = (x_ij - x_ib) / T_b; total_rate_j = (T_j - T_b) / T_b; share_ij = (x_ij - x_ib) / (T_j - T_b).
/// When the units make up the total (T = sum_i x_i), the contributions add up to the total's growth rate and
/// the shares to 1 (the additive decomposition of growth; e.g. OECD, *Contributions to growth*, and national
/// accounts' "contribution to GDP growth"). When they are part of it (clusters within a province), `remainder`
/// = total_rate - sum_i contribution is the growth from outside the units.
///
/// Missing values: a column has no total rate (all NaN; counted in `undefined_periods`) when its base period is
/// not in the list, or T_j or T_b is NaN, or T_b <= 0. Otherwise a cell whose x_ij or x_ib is NaN has no
/// contribution or share (counted in `missing_cells`) and its column's remainder is NaN. A column whose total did
/// not change has NaN shares (0 / 0 or x / 0). Minimum length: none. Ties: unchanged values contribute 0.
/// @param periods the periods (columns), one frequency, strictly increasing.
/// @param units values of the units, one row per unit and one column per period; NaN = missing.
/// @param total the total per period (e.g. the province), at least the units' sum when they are part of it; NaN =
///   missing.
/// @param base which earlier period the growth is measured against; default the previous period.
/// @return the contributions.
/// @throws InvalidInput (context `growth_contributions`): size_mismatch (columns or total length against the
///   periods); the period checks of growth(); not_finite for an infinite unit value (naming its row and period)
///   or total.
inline GrowthContributions growth_contributions(const std::vector<Period>& periods,
                                                const Eigen::Ref<const Eigen::MatrixXd>& units,
                                                const Eigen::Ref<const Eigen::VectorXd>& total,
                                                GrowthBase base = GrowthBase::previous_period) {
  const std::string ctx = "growth_contributions";
  detail::check_period_values(ctx, periods, total.size());
  if (units.cols() != total.size()) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(units.cols()) + " unit columns for " + std::to_string(periods.size()) + " periods");
  }
  for (std::size_t k = 0; k < periods.size(); ++k) {
    const auto j = static_cast<Eigen::Index>(k);
    for (Eigen::Index i = 0; i < units.rows(); ++i)
      detail::check_not_infinite(ctx, periods[k], units(i, j), "value of unit row " + std::to_string(i));
    detail::check_not_infinite(ctx, periods[k], total[j], "total");
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  GrowthContributions r;
  r.periods = periods;
  r.contribution = Eigen::MatrixXd::Constant(units.rows(), units.cols(), nan);
  r.share = Eigen::MatrixXd::Constant(units.rows(), units.cols(), nan);
  r.total_rate = Eigen::VectorXd::Constant(total.size(), nan);
  r.remainder = Eigen::VectorXd::Constant(total.size(), nan);
  for (std::size_t k = 0; k < periods.size(); ++k) {
    const auto j = static_cast<Eigen::Index>(k);
    const Eigen::Index b = detail::base_position(periods, k, base);
    if (b < 0 || std::isnan(total[j]) || std::isnan(total[b]) || !(total[b] > 0.0)) {
      ++r.undefined_periods;
      continue;
    }
    const double total_change = total[j] - total[b];
    r.total_rate[j] = total_change / total[b];
    double sum = 0.0;
    for (Eigen::Index i = 0; i < units.rows(); ++i) {
      const double change = units(i, j) - units(i, b);  // NaN if either is missing
      if (std::isnan(change)) {
        ++r.missing_cells;
        sum = nan;
        continue;
      }
      r.contribution(i, j) = change / total[b];
      if (total_change != 0.0) r.share(i, j) = change / total_change;
      sum += r.contribution(i, j);
    }
    r.remainder[j] = r.total_rate[j] - sum;
  }
  return r;
}

/// Contributions of units to the growth of their sum: growth_contributions() with T_j = sum_i x_ij, so the
/// contributions of a column add up to its total rate and the remainder is 0 up to rounding. A column with any
/// missing unit value has no total (the sum is unknown) and so no contributions.
/// @param periods the periods (columns), one frequency, strictly increasing.
/// @param units values of the units, one row per unit and one column per period; NaN = missing.
/// @param base which earlier period the growth is measured against; default the previous period.
/// @return the contributions.
/// @throws InvalidInput as growth_contributions() with a given total.
inline GrowthContributions growth_contributions(const std::vector<Period>& periods,
                                                const Eigen::Ref<const Eigen::MatrixXd>& units,
                                                GrowthBase base = GrowthBase::previous_period) {
  const Eigen::VectorXd total = units.colwise().sum().transpose();  // NaN propagates; infinity is rejected later
  return growth_contributions(periods, units, total, base);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_GROWTH_HPP
