/// @file
/// @brief Imputation of missing values: indicator mean or median (optionally within groups of units) on one
/// period, and last observation carried forward or linear interpolation over the periods of a panel.
///
/// OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 4 (imputation of missing data); the
/// cross-sectional methods follow COINr's `Impute()` (`i_mean`, `i_median`, `i_mean_grp`, `i_median_grp`) and the
/// time methods its `impute_panel()` ("latest" and "linear"), except that nothing is extrapolated. Every result
/// records each imputed cell (where, how, which value and from which periods) so that the imputation can be
/// reported and undone.
#ifndef QUALIS_PREPARE_IMPUTE_HPP
#define QUALIS_PREPARE_IMPUTE_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// The imputation method that produced a value.
enum class ImputeMethod : int {
  mean = 0,          ///< Mean of the indicator's observed values over all units of the period.
  median = 1,        ///< Median of the indicator's observed values over all units of the period.
  group_mean = 2,    ///< Mean over the units of the same group in the period.
  group_median = 3,  ///< Median over the units of the same group in the period.
  locf = 4,          ///< Last observation (of the same unit and indicator) carried forward.
  linear = 5,        ///< Linear interpolation between the unit's observations before and after.
};

/// The stable name of an imputation method.
/// @param method the method.
/// @return "mean", "median", "group_mean", "group_median", "locf" or "linear"; "unknown" otherwise.
constexpr const char* to_string(ImputeMethod method) noexcept {
  switch (method) {
    case ImputeMethod::mean:
      return "mean";
    case ImputeMethod::median:
      return "median";
    case ImputeMethod::group_mean:
      return "group_mean";
    case ImputeMethod::group_median:
      return "group_median";
    case ImputeMethod::locf:
      return "locf";
    case ImputeMethod::linear:
      return "linear";
  }
  return "unknown";
}

/// The statistic of a cross-sectional imputation.
enum class ImputeStatistic : int {
  mean = 0,    ///< Arithmetic mean of the observed values (default; COINr `i_mean`).
  median = 1,  ///< Median of the observed values; the mean of the two middle values for an even count (as R).
};

/// The stable name of a ImputeStatistic value, e.g. "mean" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ImputeStatistic value) noexcept {
  switch (value) {
    case ImputeStatistic::mean:
      return "mean";
    case ImputeStatistic::median:
      return "median";
  }
  return "unknown";
}

/// What a group imputation does for a group in which the indicator has no observed value.
enum class EmptyGroupRule : int {
  overall = 0,        ///< Use the statistic over all units (default); the record's method is then mean or median.
  leave_missing = 1,  ///< Leave the cells missing, as COINr's `i_mean_grp` does; they are counted in `left_missing`.
};

/// The stable name of a EmptyGroupRule value, e.g. "overall" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(EmptyGroupRule value) noexcept {
  switch (value) {
    case EmptyGroupRule::overall:
      return "overall";
    case EmptyGroupRule::leave_missing:
      return "leave_missing";
  }
  return "unknown";
}

/// What happens when an indicator has no observed value to impute from.
enum class NoDataRule : int {
  flag = 0,    ///< Its cells stay missing and the indicator is listed in the result's `no_data` (default).
  reject = 1,  ///< InvalidInput (ErrorCode::inconsistent) naming the indicator (and period).
};

/// The stable name of a NoDataRule value, e.g. "flag" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(NoDataRule value) noexcept {
  switch (value) {
    case NoDataRule::flag:
      return "flag";
    case NoDataRule::reject:
      return "reject";
  }
  return "unknown";
}

/// The time-based imputation methods.
enum class TimeImputeMethod : int {
  locf = 0,    ///< Last observation carried forward (default; COINr `impute_panel(imp_type = "latest")`).
  linear = 1,  ///< Linear interpolation between the nearest observations before and after.
};

/// The stable name of a TimeImputeMethod value, e.g. "locf" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TimeImputeMethod value) noexcept {
  switch (value) {
    case TimeImputeMethod::locf:
      return "locf";
    case TimeImputeMethod::linear:
      return "linear";
  }
  return "unknown";
}

/// The axis on which linear interpolation measures distances between periods.
enum class TimeAxis : int {
  /// Time (default): a period sits at the middle of its months, `t = 12 * year + (first_month - 1 + last_month) / 2`
  /// (every month counted as equally long), so, counted in months from January 2020, 2020 sits at 6, 2021H1 at 15
  /// and 2021 at 18. These middles must increase strictly along the panel's periods; a panel that holds nested
  /// periods whose middles do not (2021 and 2021Q2) is rejected with ErrorCode::inconsistent.
  time = 0,
  /// Position in the panel's sorted period list: neighbouring periods are one step apart whatever their length.
  position = 1,
};

/// The stable name of a TimeAxis value, e.g. "time" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TimeAxis value) noexcept {
  switch (value) {
    case TimeAxis::time:
      return "time";
    case TimeAxis::position:
      return "position";
  }
  return "unknown";
}

/// Options of the cross-sectional imputation (mean or median, optionally within groups).
struct CrossSectionImputeOptions {
  ImputeStatistic statistic = ImputeStatistic::mean;  ///< Mean (default) or median.
  /// Empty (default): no groups. Otherwise one group label per unit, in row order (for a Panel, in
  /// `panel.units()` order); labels are compared exactly (e.g. a cohort "2019"/"2021" or a region code).
  std::vector<std::string> groups;
  /// Group without an observed value; default overall (a qualis choice, so that every cell an indicator can fill is
  /// filled; COINr's `i_mean_grp` corresponds to leave_missing).
  EmptyGroupRule empty_group = EmptyGroupRule::overall;
  NoDataRule no_data = NoDataRule::flag;  ///< Indicator without an observed value; default flag.
};

/// Options of the time-based imputation on a panel.
struct TimeImputeOptions {
  TimeImputeMethod method = TimeImputeMethod::locf;  ///< Carry forward (default) or interpolate.
  /// Maximum gap, counted in positions of the panel's period list; 0 (default) = no limit. Carrying forward fills
  /// a cell only if the last observation lies at most `max_gap` positions before it (the first `max_gap` cells of a
  /// longer run are filled); interpolation fills a run of missing cells only if it is at most `max_gap` long.
  std::size_t max_gap = 0;
  TimeAxis axis = TimeAxis::time;  ///< Distances for interpolation; default time (see TimeAxis).
  /// Unit id -> the period the unit joined (e.g. 2021 for the "+X" clusters of the 26+X model); units not listed
  /// belong from the start. A unit's series starts at its joining period: cells of periods that sort before it
  /// are neither imputed nor used as sources, and any values there are left as they are.
  std::map<std::string, Period> joined;
  NoDataRule no_data = NoDataRule::flag;  ///< Indicator observed in no period for no unit; default flag.
};

/// One imputed cell of a matrix, by position.
struct ImputedPosition {
  Eigen::Index row = 0;                      ///< Unit (row).
  Eigen::Index column = 0;                   ///< Indicator (column).
  ImputeMethod method = ImputeMethod::mean;  ///< How the value was obtained (mean/median for an overall fallback).
  double value = 0.0;                        ///< The imputed value.
};

/// Result of a cross-sectional imputation of one matrix.
struct MatrixImputation {
  Eigen::MatrixXd values;              ///< The input with the imputed cells filled in.
  std::vector<ImputedPosition> cells;  ///< Every imputed cell, in column-major order (column, then row).
  std::vector<Eigen::Index> no_data;   ///< Columns with no observed value (left all missing), ascending.
  std::size_t left_missing = 0;        ///< Missing cells left missing (no-data columns and empty groups).
};

/// One imputed cell of a panel, by ids.
struct ImputedCell {
  std::string unit;                          ///< Unit id.
  std::string indicator;                     ///< Indicator id.
  Period period;                             ///< Period of the imputed cell.
  ImputeMethod method = ImputeMethod::mean;  ///< How the value was obtained.
  double value = 0.0;                        ///< The imputed value.
  /// Periods of the observations the value came from: none for cross-sectional methods, the carried period for
  /// locf, the periods before and after for linear.
  std::vector<Period> sources;
};

/// An indicator that had no observed value to impute from.
struct NoDataIndicator {
  std::string indicator;         ///< Indicator id.
  std::optional<Period> period;  ///< The period (cross-sectional imputation); empty for time-based imputation.
};

/// Result of an imputation of a panel.
struct PanelImputation {
  Panel panel;                           ///< The input panel with the imputed cells filled in.
  std::vector<ImputedCell> cells;        ///< Every imputed cell, ordered by period, indicator, unit.
  std::vector<NoDataIndicator> no_data;  ///< Indicators without any observed value to impute from.
  std::size_t left_missing = 0;          ///< Missing cells still missing afterwards.
};

namespace detail {

// Mean or median of the observed (non-NaN) values at rows `rows` of column `col`; NaN if none.
inline double impute_statistic(const Eigen::Ref<const Eigen::MatrixXd>& x, Eigen::Index col,
                               const std::vector<Eigen::Index>& rows, ImputeStatistic statistic) {
  std::vector<double> v;
  v.reserve(rows.size());
  for (const Eigen::Index r : rows) {
    const double value = x(r, col);
    if (!std::isnan(value)) v.push_back(value);
  }
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (statistic == ImputeStatistic::mean) {
    double sum = 0.0;
    for (const double value : v) sum += value;
    return sum / static_cast<double>(v.size());
  }
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lower + (upper - lower) / 2.0;
}

inline void check_impute_enums(const std::string& ctx, const CrossSectionImputeOptions& o) {
  if (o.statistic != ImputeStatistic::mean && o.statistic != ImputeStatistic::median) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown statistic");
  }
  if (o.empty_group != EmptyGroupRule::overall && o.empty_group != EmptyGroupRule::leave_missing) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown empty-group rule");
  }
  if (o.no_data != NoDataRule::flag && o.no_data != NoDataRule::reject) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown no-data rule");
  }
}

// The core of the cross-sectional imputation; `column_name(j)` names a column in messages.
template <typename Name>
MatrixImputation impute_cross_section_core(const std::string& ctx, const Eigen::Ref<const Eigen::MatrixXd>& x,
                                           const CrossSectionImputeOptions& options, const Name& column_name) {
  const Eigen::Index n = x.rows();
  const bool grouped = !options.groups.empty();
  if (grouped && options.groups.size() != static_cast<std::size_t>(n)) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(options.groups.size()) + " group labels for " + std::to_string(n) + " units");
  }
  // Rows of each group, in order of first appearance.
  std::vector<std::size_t> group_of(static_cast<std::size_t>(n), 0);
  std::vector<std::vector<Eigen::Index>> members;
  if (grouped) {
    std::unordered_map<std::string, std::size_t> index;
    for (Eigen::Index r = 0; r < n; ++r) {
      const auto [it, fresh] = index.emplace(options.groups[static_cast<std::size_t>(r)], members.size());
      if (fresh) members.emplace_back();
      group_of[static_cast<std::size_t>(r)] = it->second;
      members[it->second].push_back(r);
    }
  }
  std::vector<Eigen::Index> all(static_cast<std::size_t>(n));
  for (Eigen::Index r = 0; r < n; ++r) all[static_cast<std::size_t>(r)] = r;

  MatrixImputation out;
  out.values = x;
  const ImputeMethod overall_method =
      options.statistic == ImputeStatistic::mean ? ImputeMethod::mean : ImputeMethod::median;
  const ImputeMethod group_method =
      options.statistic == ImputeStatistic::mean ? ImputeMethod::group_mean : ImputeMethod::group_median;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto missing = static_cast<std::size_t>(x.col(j).array().isNaN().count());
    if (missing == 0) continue;
    const double overall = impute_statistic(x, j, all, options.statistic);
    if (std::isnan(overall)) {
      if (options.no_data == NoDataRule::reject) {
        throw InvalidInput(ErrorCode::inconsistent, ctx, column_name(j) + " has no observed value to impute from");
      }
      out.no_data.push_back(j);
      out.left_missing += missing;
      continue;
    }
    std::vector<double> group_value(members.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t g = 0; g < members.size(); ++g) {
      group_value[g] = impute_statistic(x, j, members[g], options.statistic);
    }
    for (Eigen::Index r = 0; r < n; ++r) {
      if (!std::isnan(x(r, j))) continue;
      double value = overall;
      ImputeMethod method = overall_method;
      if (grouped) {
        value = group_value[group_of[static_cast<std::size_t>(r)]];
        method = group_method;
        if (std::isnan(value)) {
          if (options.empty_group == EmptyGroupRule::leave_missing) {
            ++out.left_missing;
            continue;
          }
          value = overall;
          method = overall_method;
        }
      }
      out.values(r, j) = value;
      out.cells.push_back(ImputedPosition{r, j, method, value});
    }
  }
  return out;
}

// Middle of a period in months since year 0 (months counted as equally long).
inline double period_middle(const Period& p) {
  return 12.0 * static_cast<double>(p.year()) + static_cast<double>(p.first_month() - 1 + p.last_month()) / 2.0;
}

}  // namespace detail

/// Fills each missing cell of a units x indicators matrix with its indicator's mean or median, over all units or
/// over the units of the same group (COINr `i_mean`, `i_median`, `i_mean_grp`, `i_median_grp`).
///
/// Missing values: NaN cells are imputed; the statistics use the observed cells of the column only. A group without
/// an observed value follows `options.empty_group`; a column without any observed value follows
/// `options.no_data`. Observed cells are never changed.
/// @param x units x indicators, NaN for missing; at least one row and column.
/// @param options statistic, groups and rules.
/// @return the imputed matrix and a record of every imputed cell.
/// @throws InvalidInput (empty_input) for an empty matrix; (not_finite) for an infinite value, naming row and
///         column; (size_mismatch) if `groups` is not empty and has not one label per row; (inconsistent) for a
///         column without observed values under NoDataRule::reject; (invalid_argument) for an enum value outside
///         its enumeration.
inline MatrixImputation impute_cross_section(MatrixCRef x, const CrossSectionImputeOptions& options = {}) {
  const std::string ctx = "impute_cross_section";
  detail::check_impute_enums(ctx, options);
  detail::check_matrix(ctx, x, true);
  return detail::impute_cross_section_core(ctx, x, options,
                                           [](Eigen::Index j) { return "criterion (column) " + std::to_string(j); });
}

/// Imputes each period of a panel on its own, as the matrix overload does (the statistic of a period uses that
/// period's values only).
/// @param panel the panel.
/// @param options statistic, groups (one label per unit, in `panel.units()` order) and rules.
/// @return the imputed panel, every imputed cell by ids (no sources), and the (indicator, period) pairs without
///         an observed value.
/// @throws InvalidInput (size_mismatch) if `groups` is not empty and has not one label per unit; (inconsistent)
///         for an indicator without observed values in a period under NoDataRule::reject, naming both;
///         (invalid_argument) for an enum value outside its enumeration.
inline PanelImputation impute_cross_section(const Panel& panel, const CrossSectionImputeOptions& options = {}) {
  const std::string ctx = "impute_cross_section";
  detail::check_impute_enums(ctx, options);
  PanelImputation out{panel, {}, {}, 0};
  for (std::size_t p = 0; p < panel.period_count(); ++p) {
    const Period& period = panel.periods()[p];
    const MatrixImputation m =
        detail::impute_cross_section_core(ctx, panel.period_matrix(p), options, [&](Eigen::Index j) {
          return "indicator " + panel.indicators()[static_cast<std::size_t>(j)] + " in period " + period.to_string();
        });
    out.panel.set_period_matrix(p, m.values);
    for (const ImputedPosition& c : m.cells) {
      out.cells.push_back(ImputedCell{panel.units()[static_cast<std::size_t>(c.row)],
                                      panel.indicators()[static_cast<std::size_t>(c.column)],
                                      period,
                                      c.method,
                                      c.value,
                                      {}});
    }
    for (const Eigen::Index j : m.no_data) {
      out.no_data.push_back(NoDataIndicator{panel.indicators()[static_cast<std::size_t>(j)], period});
    }
    out.left_missing += m.left_missing;
  }
  return out;
}

/// Fills missing cells of each unit's series of each indicator over the panel's periods: by carrying the last
/// observation forward, or by linear interpolation between the nearest observations before and after (COINr
/// `impute_panel`, "latest" and "linear").
///
/// Missing values: only NaN cells are imputed, only from observed cells of the same unit and indicator, and never
/// beyond the series' observations: a cell before the unit's first observation stays missing under both methods,
/// and a cell after its last observation stays missing under linear interpolation (no extrapolation; COINr's
/// `approx(rule = 2)` would repeat the end values). Cells of periods before a unit's joining period
/// (`options.joined`) are neither imputed nor used. A series with no observation stays missing; an indicator with
/// no observation anywhere follows `options.no_data`.
///
/// Linear interpolation of cell t between observations (t0, y0) and (t1, y1):
/// `y = y0 + (y1 - y0) * (t - t0) / (t1 - t0)`, with t the period's middle in months or its position (TimeAxis).
/// @param panel the panel.
/// @param options method, maximum gap, axis, joining periods and the no-data rule.
/// @return the imputed panel and every imputed cell with the periods it came from.
/// @throws NotFound if `joined` names a unit the panel does not have.
/// @throws InvalidInput (inconsistent) under TimeAxis::time with linear interpolation if the middles of the
///         panel's periods do not increase (naming the two periods), or for an indicator without any observation
///         under NoDataRule::reject; (invalid_argument) for an enum value outside its enumeration.
inline PanelImputation impute_over_time(const Panel& panel, const TimeImputeOptions& options = {}) {
  const std::string ctx = "impute_over_time";
  if (options.method != TimeImputeMethod::locf && options.method != TimeImputeMethod::linear) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown method");
  }
  if (options.axis != TimeAxis::time && options.axis != TimeAxis::position) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown time axis");
  }
  if (options.no_data != NoDataRule::flag && options.no_data != NoDataRule::reject) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown no-data rule");
  }
  const std::vector<Period>& periods = panel.periods();
  const std::size_t np = periods.size();
  // First period position of each unit's series.
  std::vector<std::size_t> start(panel.unit_count(), 0);
  for (const auto& [unit, period] : options.joined) {
    if (!panel.has_unit(unit)) throw NotFound(ctx, "joined: no unit with id \"" + unit + "\"");
    std::size_t s = 0;
    while (s < np && periods[s] < period) ++s;
    start[panel.unit_index(unit)] = s;
  }
  std::vector<double> t(np);
  for (std::size_t p = 0; p < np; ++p) {
    t[p] = options.axis == TimeAxis::time ? detail::period_middle(periods[p]) : static_cast<double>(p);
  }
  if (options.method == TimeImputeMethod::linear && options.axis == TimeAxis::time) {
    for (std::size_t p = 1; p < np; ++p) {
      if (!(t[p] > t[p - 1])) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           "periods " + periods[p - 1].to_string() + " and " + periods[p].to_string() +
                               " overlap so that their middles do not increase; interpolate by position instead");
      }
    }
  }
  const ImputeMethod method = options.method == TimeImputeMethod::locf ? ImputeMethod::locf : ImputeMethod::linear;
  PanelImputation out{panel, {}, {}, 0};
  // Cells are found per indicator and unit, then ordered by period, indicator, unit.
  std::vector<std::vector<ImputedCell>> by_period(np);
  for (std::size_t i = 0; i < panel.indicator_count(); ++i) {
    const auto column = panel.indicator_matrix(i);  // units x periods
    if (column.array().isNaN().all()) {
      if (options.no_data == NoDataRule::reject) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           "indicator " + panel.indicators()[i] + " has no observed value in any period");
      }
      out.no_data.push_back(NoDataIndicator{panel.indicators()[i], std::nullopt});
      continue;
    }
    for (std::size_t u = 0; u < panel.unit_count(); ++u) {
      const auto y = [&](std::size_t p) { return column(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(p)); };
      std::optional<std::size_t> last;  // last observed position at or after start
      for (std::size_t p = start[u]; p < np; ++p) {
        if (!std::isnan(y(p))) {
          last = p;
          continue;
        }
        if (!last) continue;  // nothing observed yet: never imputed backwards
        double value = 0.0;
        std::vector<Period> sources;
        if (options.method == TimeImputeMethod::locf) {
          if (options.max_gap != 0 && p - *last > options.max_gap) continue;
          value = y(*last);
          sources = {periods[*last]};
        } else {
          std::size_t next = p + 1;
          while (next < np && std::isnan(y(next))) ++next;
          if (next == np) continue;  // no observation after: no extrapolation
          if (options.max_gap != 0 && next - *last - 1 > options.max_gap) continue;
          const double w = (t[p] - t[*last]) / (t[next] - t[*last]);
          value = y(*last) + (y(next) - y(*last)) * w;
          sources = {periods[*last], periods[next]};
        }
        out.panel.set(u, i, p, value);
        by_period[p].push_back(
            ImputedCell{panel.units()[u], panel.indicators()[i], periods[p], method, value, std::move(sources)});
      }
    }
  }
  for (auto& cells : by_period) {
    for (auto& c : cells) out.cells.push_back(std::move(c));
  }
  out.left_missing = out.panel.missing_count();
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_PREPARE_IMPUTE_HPP
