/// @file
/// @brief Outlier treatment as the JRC practice and COINr's `Treat()` do it: an indicator whose absolute skewness
/// and kurtosis both reach their thresholds is winsorised point by point up to a limit, and log-transformed if
/// that does not bring it within the limits.
///
/// Sources: OECD/JRC (2008) *Handbook on Constructing Composite Indicators*, step 4; the JRC COIN audits' rule
/// |skewness| >= 2 and kurtosis >= 3.5; COINr 1.1.14 (Becker et al. 2022, "COINr: An R package for developing
/// composite indicators", JOSS 7(78), 4567), functions `Treat()`, `check_SkewKurt()`, `winsorise()`, `log_CT()`,
/// `log_CT_plus()`, `skew()` and `kurt()`, whose algorithm, defaults and estimators are reproduced here.
#ifndef QUALIS_PREPARE_OUTLIERS_HPP
#define QUALIS_PREPARE_OUTLIERS_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/moments.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// What to do with one indicator.
enum class OutlierAction : int {
  automatic = 0,  ///< The rule: treat only if |skew| >= threshold and kurtosis >= threshold (default).
  none = 1,       ///< Leave the indicator as it is (COINr indiv_specs "none").
  winsorise = 2,  ///< Winsorise up to the limit whatever the rule says, no log fallback (COINr `force_win = TRUE`).
  log = 3,        ///< Log-transform whatever the rule says.
};

/// The log transform used as the fallback (or forced). With `a = 0.01 * (max - min)` over the observed values:
enum class LogForm : int {
  /// COINr `log_CT_plus`: `log(x - min + a)` if the skewness is > 0, else `-log(max + a - x)`, so that negative
  /// skew is reduced too (default).
  skew_aware = 0,
  /// COINr `log_CT`, the default `f2` of COINr's `Treat()`: `log(x - min + a)` whatever the direction of the skew.
  coin_tool = 1,
};

/// The stable name of a LogForm value, e.g. "skew_aware" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(LogForm value) noexcept {
  switch (value) {
    case LogForm::skew_aware:
      return "skew_aware";
    case LogForm::coin_tool:
      return "coin_tool";
  }
  return "unknown";
}

/// The treatment that was applied to an indicator.
enum class OutlierTreatment : int {
  none = 0,          ///< Values unchanged.
  winsorised = 1,    ///< Extreme values replaced by the next value (see treat_outliers()).
  log_positive = 2,  ///< `log(x - min + a)` on every observed value.
  log_negative = 3,  ///< `-log(max + a - x)` on every observed value.
};

/// The outcome for one indicator.
enum class OutlierStatus : int {
  within_limits = 0,   ///< The rule was satisfied as given: nothing done.
  treated = 1,         ///< A treatment was applied and the rule is satisfied afterwards.
  not_satisfied = 2,   ///< A treatment was applied and the rule still fails afterwards.
  skipped = 3,         ///< OutlierAction::none: nothing done, statistics reported.
  too_few_values = 4,  ///< Fewer than 4 observed values: kurtosis undefined, nothing done.
  constant = 5,        ///< All observed values equal: skewness and kurtosis undefined, nothing done.
};

/// @param a the action.
/// @return "automatic", "none", "winsorise" or "log"; "unknown" otherwise.
constexpr const char* to_string(OutlierAction a) noexcept {
  switch (a) {
    case OutlierAction::automatic:
      return "automatic";
    case OutlierAction::none:
      return "none";
    case OutlierAction::winsorise:
      return "winsorise";
    case OutlierAction::log:
      return "log";
  }
  return "unknown";
}

/// @param t the treatment.
/// @return "none", "winsorised", "log_positive" or "log_negative"; "unknown" otherwise.
constexpr const char* to_string(OutlierTreatment t) noexcept {
  switch (t) {
    case OutlierTreatment::none:
      return "none";
    case OutlierTreatment::winsorised:
      return "winsorised";
    case OutlierTreatment::log_positive:
      return "log_positive";
    case OutlierTreatment::log_negative:
      return "log_negative";
  }
  return "unknown";
}

/// @param s the status.
/// @return "within_limits", "treated", "not_satisfied", "skipped", "too_few_values" or "constant"; "unknown"
///         otherwise.
constexpr const char* to_string(OutlierStatus s) noexcept {
  switch (s) {
    case OutlierStatus::within_limits:
      return "within_limits";
    case OutlierStatus::treated:
      return "treated";
    case OutlierStatus::not_satisfied:
      return "not_satisfied";
    case OutlierStatus::skipped:
      return "skipped";
    case OutlierStatus::too_few_values:
      return "too_few_values";
    case OutlierStatus::constant:
      return "constant";
  }
  return "unknown";
}

/// A per-indicator override of the options; unset fields take the global value.
struct OutlierOverride {
  OutlierAction action = OutlierAction::automatic;  ///< What to do with the indicator.
  std::optional<double> skew_threshold;             ///< Threshold on |skewness|.
  std::optional<double> kurtosis_threshold;         ///< Threshold on (excess) kurtosis.
  std::optional<std::size_t> max_winsorised;        ///< Maximum number of winsorised points.
};

/// Options of the outlier treatment; the defaults are COINr's `Treat()` defaults.
struct OutlierOptions {
  double skew_threshold = 2.0;      ///< Threshold on |skewness|, finite and >= 0; COINr default 2.
  double kurtosis_threshold = 3.5;  ///< Threshold on excess kurtosis (G2), finite; COINr default 3.5.
  std::size_t max_winsorised = 5;   ///< COINr `winmax`, default 5; 0 = go to the log fallback at once.
  /// Log-transform (the original values) when winsorisation does not satisfy the rule; default true (COINr f2).
  bool log_fallback = true;
  LogForm log_form = LogForm::skew_aware;            ///< Default skew-aware (COINr `log_CT_plus`); see LogForm.
  std::map<std::string, OutlierOverride> overrides;  ///< Indicator id -> override; every id must exist.
};

/// One step of winsorisation: the most extreme value (all cells tied at it) replaced by the next value.
struct WinsorisationStep {
  bool high = true;                ///< True: the maximum was replaced (skewness >= 0); false: the minimum.
  double from = 0.0;               ///< The extreme value replaced.
  double to = 0.0;                 ///< The next value that replaced it.
  std::vector<Eigen::Index> rows;  ///< Rows that held `from` (ascending).
  double skew = 0.0;               ///< Skewness after the step (NaN if the values became constant).
  double kurtosis = 0.0;           ///< Kurtosis after the step (NaN if the values became constant).
};

/// One changed cell.
struct ChangedCell {
  Eigen::Index row = 0;  ///< Unit (row).
  std::string unit;      ///< Unit id (Panel overload; empty for the matrix overload).
  double before = 0.0;   ///< Value before treatment.
  double after = 0.0;    ///< Value after treatment.
};

/// What happened to one indicator (in one period).
struct IndicatorOutlierReport {
  std::string indicator;                                ///< Indicator id.
  std::optional<Period> period;                         ///< Period (Panel overload; empty for the matrix overload).
  OutlierAction action = OutlierAction::automatic;      ///< The action asked for (after overrides).
  OutlierTreatment treatment = OutlierTreatment::none;  ///< The treatment applied to the returned values.
  OutlierStatus status = OutlierStatus::within_limits;  ///< The outcome.
  double skew_threshold = 2.0;                          ///< Effective threshold on |skewness|.
  double kurtosis_threshold = 3.5;                      ///< Effective threshold on kurtosis.
  std::size_t max_winsorised = 5;                       ///< Effective winsorisation limit.
  std::size_t observed = 0;                             ///< Observed (non-missing) values.
  /// Skewness before treatment; NaN when status is too_few_values (fewer than 3 values) or constant.
  double skew_before = 0.0;
  double kurtosis_before = 0.0;  ///< Kurtosis before; NaN when status is too_few_values or constant.
  double skew_after = 0.0;       ///< Skewness of the returned values (equal to before if unchanged).
  double kurtosis_after = 0.0;   ///< Kurtosis of the returned values (equal to before if unchanged).
  /// Winsorisation steps tried, in order, also when they did not satisfy the rule and the log fallback was
  /// applied to the original values instead.
  std::vector<WinsorisationStep> steps;
  std::size_t winsorised = 0;      ///< Distinct cells changed by those steps (COINr `nwin`).
  std::vector<ChangedCell> cells;  ///< Every cell of the returned values that differs from the input, by row.
};

/// Result of treat_outliers() on a matrix.
struct OutlierResult {
  Eigen::MatrixXd values;                          ///< The treated matrix (missing cells stay missing).
  std::vector<IndicatorOutlierReport> indicators;  ///< One report per column, in column order.
};

/// Result of treat_outliers() on a panel.
struct PanelOutlierResult {
  Panel panel;                                     ///< The treated panel.
  std::vector<IndicatorOutlierReport> indicators;  ///< One per (period, indicator), period by period.
};

namespace detail {

// Observed values of a vector, rejecting infinity.
inline std::vector<double> observed_values(const std::string& ctx, VectorCRef x) {
  std::vector<double> v;
  v.reserve(static_cast<std::size_t>(x.size()));
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isinf(x[i])) {
      throw InvalidInput(ErrorCode::not_finite, ctx, "value at position " + std::to_string(i) + " is infinite");
    }
    if (!std::isnan(x[i])) v.push_back(x[i]);
  }
  return v;
}

inline bool all_equal(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [&](double x) { return x == v.front(); });
}

inline void check_moment_input(const std::string& ctx, const std::vector<double>& v, std::size_t need) {
  if (v.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no observed value");
  if (v.size() < need) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       std::to_string(v.size()) + " observed values; at least " + std::to_string(need) + " needed");
  }
  if (all_equal(v)) throw InvalidInput(ErrorCode::inconsistent, ctx, "all observed values are equal");
}

// Skewness and kurtosis of observed values known to be >= 4 and not all equal.
struct Shape {
  double skew = 0.0;
  double kurt = 0.0;
};

inline Shape shape(const std::vector<double>& v) {
  const CentralMoments m = central_moments(v);
  return Shape{skewness_type2(m), kurtosis_type2(m)};
}

// COINr check_SkewKurt: passes if |skew| < ts or kurt < tk.
inline bool shape_passes(const Shape& s, double ts, double tk) { return std::abs(s.skew) < ts || s.kurt < tk; }

// Treats the observed values `v` of one column according to the effective settings in `r` (action, thresholds
// and limit already set); fills the report's statistics, steps, treatment and status.
inline std::vector<double> treat_column(std::vector<double> v, IndicatorOutlierReport& r, bool log_fallback,
                                        LogForm form) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.observed = v.size();
  r.skew_before = r.kurtosis_before = r.skew_after = r.kurtosis_after = nan;
  if (v.size() >= 3 && !all_equal(v)) r.skew_before = r.skew_after = skewness_type2(central_moments(v));
  if (v.size() < 4) {
    r.status = OutlierStatus::too_few_values;
    return v;
  }
  if (all_equal(v)) {
    r.status = OutlierStatus::constant;
    return v;
  }
  const Shape before = shape(v);
  r.kurtosis_before = r.kurtosis_after = before.kurt;
  const double ts = r.skew_threshold;
  const double tk = r.kurtosis_threshold;
  if (r.action == OutlierAction::none) {
    r.status = OutlierStatus::skipped;
    return v;
  }
  const bool pass0 = shape_passes(before, ts, tk);
  if (r.action == OutlierAction::automatic && pass0) {
    r.status = OutlierStatus::within_limits;
    return v;
  }
  const auto finish = [&](const std::vector<double>& w, OutlierTreatment t) {
    const Shape after = shape(w);
    r.skew_after = after.skew;
    r.kurtosis_after = after.kurt;
    r.treatment = t;
    r.status = shape_passes(after, ts, tk) ? OutlierStatus::treated : OutlierStatus::not_satisfied;
  };
  const auto log_transform = [&]() {
    const double mx = *std::max_element(v.begin(), v.end());
    const double mn = *std::min_element(v.begin(), v.end());
    const double a = 0.01 * (mx - mn);
    const bool positive = form == LogForm::coin_tool || before.skew > 0.0;
    std::vector<double> w(v.size());
    for (std::size_t k = 0; k < v.size(); ++k) w[k] = positive ? std::log(v[k] - mn + a) : -std::log(mx + a - v[k]);
    finish(w, positive ? OutlierTreatment::log_positive : OutlierTreatment::log_negative);
    return w;
  };
  if (r.action == OutlierAction::log) return log_transform();

  // Winsorisation (COINr winsorise()): while the rule fails (or always, when forced) and fewer than the limit of
  // distinct cells have been changed, replace every value equal to the current extreme on the side of the skew
  // (maximum if skewness >= 0, else minimum) by the nearest remaining value.
  const bool forced = r.action == OutlierAction::winsorise;
  std::vector<double> w = v;
  std::vector<bool> changed(v.size(), false);
  std::size_t count = 0;
  bool pass = pass0;
  bool defined = true;
  double skew_now = before.skew;
  while ((forced || !pass) && count < r.max_winsorised) {
    const bool high = skew_now >= 0.0;
    const double extreme = high ? *std::max_element(w.begin(), w.end()) : *std::min_element(w.begin(), w.end());
    double next = high ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (const double x : w) {
      if (x != extreme) next = high ? std::max(next, x) : std::min(next, x);
    }
    WinsorisationStep step;
    step.high = high;
    step.from = extreme;
    step.to = next;
    for (std::size_t k = 0; k < w.size(); ++k) {
      if (w[k] == extreme) {
        w[k] = next;
        step.rows.push_back(static_cast<Eigen::Index>(k));  // position among observed values; mapped later
        if (!changed[k]) {
          changed[k] = true;
          ++count;
        }
      }
    }
    if (all_equal(w)) {
      step.skew = step.kurtosis = nan;
      r.steps.push_back(std::move(step));
      defined = false;
      break;
    }
    const Shape s = shape(w);
    step.skew = s.skew;
    step.kurtosis = s.kurt;
    r.steps.push_back(std::move(step));
    skew_now = s.skew;
    pass = shape_passes(s, ts, tk);
  }
  r.winsorised = count;
  if (forced) {
    if (!defined) {
      r.treatment = OutlierTreatment::winsorised;
      r.status = OutlierStatus::not_satisfied;
      return w;
    }
    if (count > 0) {
      finish(w, OutlierTreatment::winsorised);
    } else {
      r.status = pass ? OutlierStatus::treated : OutlierStatus::not_satisfied;
    }
    return w;
  }
  if (defined && pass) {
    finish(w, OutlierTreatment::winsorised);
    return w;
  }
  if (log_fallback) return log_transform();
  if (!defined) {
    r.treatment = OutlierTreatment::winsorised;
    r.status = OutlierStatus::not_satisfied;
    return w;
  }
  if (count > 0) {
    finish(w, OutlierTreatment::winsorised);
  } else {
    r.status = OutlierStatus::not_satisfied;
  }
  return w;
}

inline void check_outlier_options(const std::string& ctx, const OutlierOptions& o) {
  const auto check_thresholds = [&](const std::string& where, double ts, double tk) {
    if (!std::isfinite(ts) || !std::isfinite(tk)) {
      throw InvalidInput(ErrorCode::not_finite, ctx, where + "skewness and kurtosis thresholds must be finite");
    }
    if (ts < 0.0) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         where + "skewness threshold " + number_text(ts) + " is negative");
    }
  };
  check_thresholds("", o.skew_threshold, o.kurtosis_threshold);
  if (o.log_form != LogForm::skew_aware && o.log_form != LogForm::coin_tool) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "unknown log form");
  }
  for (const auto& [id, ov] : o.overrides) {
    if (static_cast<int>(ov.action) < 0 || static_cast<int>(ov.action) > 3) {
      throw InvalidInput(ErrorCode::invalid_argument, ctx, "override of indicator " + id + ": unknown action");
    }
    check_thresholds("override of indicator " + id + ": ", ov.skew_threshold.value_or(o.skew_threshold),
                     ov.kurtosis_threshold.value_or(o.kurtosis_threshold));
  }
}

inline void check_override_ids(const std::string& ctx, const OutlierOptions& o,
                               const std::vector<std::string>& indicators) {
  const std::unordered_set<std::string> known(indicators.begin(), indicators.end());
  for (const auto& entry : o.overrides) {
    if (known.count(entry.first) == 0) throw NotFound(ctx, "override for unknown indicator \"" + entry.first + "\"");
  }
}

// Treats every column of `x`; `unit_name(row)` gives the unit id for change records (may be empty).
template <typename UnitName>
OutlierResult treat_matrix(MatrixCRef x, const std::vector<std::string>& indicators, const OutlierOptions& o,
                           const UnitName& unit_name) {
  OutlierResult out;
  out.values = x;
  out.indicators.reserve(indicators.size());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    IndicatorOutlierReport r;
    r.indicator = indicators[static_cast<std::size_t>(j)];
    r.skew_threshold = o.skew_threshold;
    r.kurtosis_threshold = o.kurtosis_threshold;
    r.max_winsorised = o.max_winsorised;
    const auto ov = o.overrides.find(r.indicator);
    if (ov != o.overrides.end()) {
      r.action = ov->second.action;
      r.skew_threshold = ov->second.skew_threshold.value_or(r.skew_threshold);
      r.kurtosis_threshold = ov->second.kurtosis_threshold.value_or(r.kurtosis_threshold);
      r.max_winsorised = ov->second.max_winsorised.value_or(r.max_winsorised);
    }
    std::vector<Eigen::Index> rows;
    std::vector<double> v;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      if (!std::isnan(x(i, j))) {
        rows.push_back(i);
        v.push_back(x(i, j));
      }
    }
    const std::vector<double> w = treat_column(v, r, o.log_fallback, o.log_form);
    for (auto& step : r.steps) {
      for (auto& k : step.rows) k = rows[static_cast<std::size_t>(k)];
    }
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (w[k] != v[k]) {
        out.values(rows[k], j) = w[k];
        r.cells.push_back(ChangedCell{rows[k], unit_name(rows[k]), v[k], w[k]});
      }
    }
    out.indicators.push_back(std::move(r));
  }
  return out;
}

}  // namespace detail

/// Sample skewness G1 of the observed values, as COINr `skew()` (= e1071 `skewness(type = 2)` = Excel SKEW =
/// scipy `skew(bias=False)`): with d = x - mean, m2 = sum d^2, m3 = sum d^3,
/// `G1 = sqrt(n) m3 / m2^1.5 * sqrt(n (n - 1)) / (n - 2)`.
/// Missing values: NaN entries are skipped.
/// @param x the values.
/// @return G1.
/// @throws InvalidInput (empty_input) if no value is observed; (inconsistent) for fewer than 3 observed values or
///         all observed values equal; (not_finite) for an infinite value, naming its position.
inline double skewness(VectorCRef x) {
  const std::string ctx = "skewness";
  const std::vector<double> v = detail::observed_values(ctx, x);
  detail::check_moment_input(ctx, v, 3);
  return detail::skewness_type2(detail::central_moments(v));
}

/// Sample excess kurtosis G2 of the observed values, as COINr `kurt()` (= e1071 `kurtosis(type = 2)` = Excel KURT
/// = scipy `kurtosis(fisher=True, bias=False)`): with r = n m4 / m2^2 (m4 = sum d^4),
/// `G2 = ((n + 1)(r - 3) + 6)(n - 1) / ((n - 2)(n - 3))`. A normal sample gives about 0.
/// Missing values: NaN entries are skipped.
/// @param x the values.
/// @return G2.
/// @throws InvalidInput (empty_input) if no value is observed; (inconsistent) for fewer than 4 observed values or
///         all observed values equal; (not_finite) for an infinite value, naming its position.
inline double kurtosis(VectorCRef x) {
  const std::string ctx = "kurtosis";
  const std::vector<double> v = detail::observed_values(ctx, x);
  detail::check_moment_input(ctx, v, 4);
  return detail::kurtosis_type2(detail::central_moments(v));
}

/// Treats each column (indicator) of a units x indicators matrix for outliers, COINr `Treat()` with its defaults.
///
/// Per column, over its observed values (NaN cells are skipped in every statistic and left missing):
/// 1. Fewer than 4 values: status too_few_values; all values equal: status constant; nothing is done.
/// 2. The rule fails when `|skewness| >= skew_threshold` and `kurtosis >= kurtosis_threshold` (COINr
///    `check_SkewKurt` passes when either is strictly below). If it passes, nothing is done (within_limits).
/// 3. Winsorisation: while the rule fails and fewer than `max_winsorised` distinct cells have been changed, the
///    extreme on the side of the current skew (the maximum if skewness >= 0, else the minimum) is replaced by the
///    nearest remaining value. **Ties:** every cell holding the extreme is replaced in the same step, so a step
///    can change several cells and the count can end above the limit (as in COINr).
/// 4. If the rule still fails (or the values became constant), the log transform (`log_form`) is applied to the
///    original values (COINr `combine_treat = FALSE`) if `log_fallback`, and kept even if the rule still fails
///    (status not_satisfied); without the fallback the winsorised values are kept.
///
/// Overrides: OutlierAction::none leaves the column, OutlierAction::winsorise winsorises up to the limit whatever
/// the rule says (direction re-chosen at each step), OutlierAction::log applies the log transform whatever the
/// rule says.
/// @param x units x indicators, NaN for missing; at least one row and column.
/// @param indicators one id per column (names the reports and keys the overrides).
/// @param options thresholds, limit, fallback, log form and overrides.
/// @return the treated matrix and one report per column.
/// @throws InvalidInput (empty_input) for an empty matrix; (not_finite) for an infinite value or threshold;
///         (size_mismatch) if `indicators` has not one id per column; (invalid_id / duplicate_id) for a bad or
///         repeated id; (out_of_range) for a negative skewness threshold; (invalid_argument) for an enum value
///         outside its enumeration.
/// @throws NotFound if an override names an indicator not in `indicators`.
inline OutlierResult treat_outliers(MatrixCRef x, const std::vector<std::string>& indicators,
                                    const OutlierOptions& options = {}) {
  const std::string ctx = "treat_outliers";
  detail::check_outlier_options(ctx, options);
  detail::check_matrix(ctx, x, true);
  if (indicators.size() != static_cast<std::size_t>(x.cols())) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(indicators.size()) + " indicator ids for " + std::to_string(x.cols()) + " criteria (columns)");
  }
  std::unordered_set<std::string> seen;
  for (std::size_t k = 0; k < indicators.size(); ++k) {
    detail::check_id(ctx, "indicator id at position " + std::to_string(k), indicators[k]);
    if (!seen.insert(indicators[k]).second) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx, "indicator id \"" + indicators[k] + "\" occurs twice");
    }
  }
  detail::check_override_ids(ctx, options, indicators);
  return detail::treat_matrix(x, indicators, options, [](Eigen::Index) { return std::string(); });
}

/// Treats each period of a panel on its own, as the matrix overload does (statistics of one indicator in one
/// period, over the units observed in it).
/// @param panel the panel.
/// @param options thresholds, limit, fallback, log form and overrides (keyed by indicator id).
/// @return the treated panel and one report per (period, indicator), with unit ids in the change records.
/// @throws InvalidInput (not_finite) for an infinite threshold; (out_of_range) for a negative skewness threshold;
///         (invalid_argument) for an enum value outside its enumeration.
/// @throws NotFound if an override names an indicator the panel does not have.
inline PanelOutlierResult treat_outliers(const Panel& panel, const OutlierOptions& options = {}) {
  const std::string ctx = "treat_outliers";
  detail::check_outlier_options(ctx, options);
  detail::check_override_ids(ctx, options, panel.indicators());
  PanelOutlierResult out{panel, {}};
  for (std::size_t p = 0; p < panel.period_count(); ++p) {
    OutlierResult r = detail::treat_matrix(panel.period_matrix(p), panel.indicators(), options,
                                           [&](Eigen::Index u) { return panel.units()[static_cast<std::size_t>(u)]; });
    out.panel.set_period_matrix(p, r.values);
    for (auto& report : r.indicators) {
      report.period = panel.periods()[p];
      out.indicators.push_back(std::move(report));
    }
  }
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_PREPARE_OUTLIERS_HPP
