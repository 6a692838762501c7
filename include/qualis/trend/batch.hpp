/// @file
/// @brief One entry point for the trend family: the method registry, uniform per-series summaries (a status, a
/// reason when no result could be computed, and the method's quantities as named columns), and runners over a
/// Panel (one row per unit x indicator, late joiners cut at their joining period) or a units x periods table.
#ifndef QUALIS_TREND_BATCH_HPP
#define QUALIS_TREND_BATCH_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/cluster.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"
#include "qualis/score/common.hpp"
#include "qualis/trend/change_point.hpp"
#include "qualis/trend/common.hpp"
#include "qualis/trend/forecast.hpp"
#include "qualis/trend/growth.hpp"
#include "qualis/trend/mann_kendall.hpp"
#include "qualis/trend/regression.hpp"
#include "qualis/trend/sen.hpp"

QUALIS_NAMESPACE_BEGIN

/// The trend methods that trend_summary() runs, in registry order. The names (to_string) are the command-line
/// spellings with '_' for '-': mk, hamed_rao, yue_wang, pw, tfpw, seasonal, regional, sen, ols, pettitt, cagr,
/// holt, gm11.
enum class TrendMethod : int {
  mk = 0,         ///< Original Mann-Kendall test: mann_kendall_test().
  hamed_rao = 1,  ///< Mann-Kendall with the Hamed-Rao variance correction: hamed_rao_test().
  yue_wang = 2,   ///< Mann-Kendall with the Yue-Wang variance correction: yue_wang_test().
  pw = 3,         ///< Mann-Kendall after pre-whitening: pre_whitening_test().
  tfpw = 4,       ///< Mann-Kendall after trend-free pre-whitening: trend_free_pre_whitening_test().
  seasonal = 5,   ///< Seasonal Mann-Kendall test: seasonal_test().
  regional = 6,   ///< Regional Mann-Kendall test over several series (sites): regional_test().
  sen = 7,        ///< Theil-Sen slope with its interval: sen_slope().
  ols = 8,        ///< Least-squares line with its inference: linear_trend().
  pettitt = 9,    ///< Pettitt's change-point test: pettitt_test().
  cagr = 10,      ///< Compound annual growth rate from the first to the last observed value: cagr().
  holt = 11,      ///< Holt's linear exponential smoothing with forecasts: holt().
  gm11 = 12,      ///< GM(1,1) grey model with forecasts: grey_gm11().
};

/// The stable name of a trend method, e.g. "hamed_rao".
/// @param method the method.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TrendMethod method) noexcept {
  switch (method) {
    case TrendMethod::mk:
      return "mk";
    case TrendMethod::hamed_rao:
      return "hamed_rao";
    case TrendMethod::yue_wang:
      return "yue_wang";
    case TrendMethod::pw:
      return "pw";
    case TrendMethod::tfpw:
      return "tfpw";
    case TrendMethod::seasonal:
      return "seasonal";
    case TrendMethod::regional:
      return "regional";
    case TrendMethod::sen:
      return "sen";
    case TrendMethod::ols:
      return "ols";
    case TrendMethod::pettitt:
      return "pettitt";
    case TrendMethod::cagr:
      return "cagr";
    case TrendMethod::holt:
      return "holt";
    case TrendMethod::gm11:
      return "gm11";
  }
  return "unknown";
}

/// The registry of trend methods: one entry per TrendMethod in enumeration order, name = to_string(method), with
/// its summary, primary source and the TrendOptions fields it reads. The command-line help, `qualis methods` and
/// the reference page read this one table.
/// @return a static list.
inline const std::vector<MethodInfo>& trend_methods() {
  static const std::vector<MethodInfo> methods = [] {
    const ParameterInfo alpha{"alpha", "0.05", "significance level in (0, 1)"};
    const ParameterInfo lag{"lag", "0", "highest autocorrelation lag, >= 0; 0 = every lag 1..n-1"};
    const ParameterInfo confidence{"confidence", "0.95", "level of the Sen slope interval, in (0, 1)"};
    const ParameterInfo horizon{"horizon", "3", "number of steps to forecast, >= 0"};
    return std::vector<MethodInfo>{
        {"mk",
         "Mann-Kendall S, tie-corrected Var S, z, p, Kendall's tau and the Sen slope",
         "Mann (1945); Kendall (1975)",
         {alpha, confidence}},
        {"hamed_rao",
         "Mann-Kendall with Var S scaled by n/n* from significant rank autocorrelations",
         "Hamed & Rao (1998)",
         {alpha, lag, confidence}},
        {"yue_wang",
         "Mann-Kendall with Var S scaled by 1 + 2 sum (1 - k/n) rho_k",
         "Yue & Wang (2004)",
         {alpha, lag, confidence}},
        {"pw", "Mann-Kendall on the pre-whitened series y_k - r1 y_{k-1}", "Yue & Wang (2002)", {alpha, confidence}},
        {"tfpw",
         "Mann-Kendall after trend-free pre-whitening",
         "Yue, Pilon, Phinney & Cavadias (2002)",
         {alpha, confidence}},
        {"seasonal",
         "Mann-Kendall S and Var S summed over the seasons",
         "Hirsch, Slack & Smith (1982)",
         {alpha, {"season_length", "12", "season length, >= 1 (12 monthly, 4 quarterly)"}, confidence}},
        {"regional",
         "Mann-Kendall S and Var S summed over the series (sites)",
         "Helsel & Frans (2006)",
         {alpha, confidence}},
        {"sen",
         "median of the pairwise slopes, with a rank-based interval and Conover's intercept",
         "Theil (1950); Sen (1968)",
         {confidence}},
        {"ols",
         "least-squares line y = a + b t with se, t test, interval and R^2 of the slope",
         "Montgomery, Peck & Vining (2012)",
         {{"confidence", "0.95", "level of the slope interval, in (0, 1)"}}},
        {"pettitt", "one change point in the level: K, p and the last period before the change", "Pettitt (1979)", {}},
        {"cagr",
         "compound annual growth rate from the first to the last observed value",
         "OECD Glossary of Statistical Terms",
         {}},
        {"holt",
         "Holt's linear exponential smoothing with fitted alpha and beta, and forecasts",
         "Holt (1957); Hyndman & Athanasopoulos (2018)",
         {horizon, {"confidence", "0.95", "forecast interval level"}}},
        {"gm11",
         "GM(1,1) grey model with the posterior-error check and forecasts",
         "Deng (1982); Liu & Lin (2010)",
         {horizon}},
    };
  }();
  return methods;
}

/// Reads a trend method from its command-line spelling, ignoring ASCII case and treating '-' as '_': mk,
/// hamed-rao, yue-wang, pw, tfpw, seasonal, regional, sen, ols, pettitt, cagr, holt, gm11 (and hamed_rao,
/// yue_wang).
/// @param text the name.
/// @return the method.
/// @throws ParseError (source "trend method", line 0) quoting the text and listing the valid names.
inline TrendMethod parse_trend_method(std::string_view text) {
  return static_cast<TrendMethod>(detail::find_method(trend_methods(), text, "trend method", true));
}

/// Options of trend_summary() and the runners. The shared fields (alpha, lag, season_length, confidence) are
/// copied into the per-method structs, over the same fields there.
struct TrendOptions {
  TrendMethod method = TrendMethod::mk;  ///< The method.
  double alpha = 0.05;                   ///< Significance level of the Mann-Kendall family, in (0, 1) (pymannkendall).
  /// Highest autocorrelation lag of hamed_rao and yue_wang, >= 0; 0 = every lag (MannKendallOptions::lag).
  int lag = 0;
  int season_length = 12;  ///< Season length of the seasonal test, >= 1 (MannKendallOptions::period).
  /// Steps forecast by holt and gm11, >= 0; default 3, the short horizon a yearly panel supports.
  Eigen::Index horizon = 3;
  /// Level of the Sen interval (Mann-Kendall family, sen), of the ols slope interval and of the holt forecast
  /// interval, in (0, 1); 0.95 as Gilbert (1987) and the usual level.
  double confidence = 0.95;
  MannKendallOptions mann_kendall = {};  ///< p value method, Hamed-Rao sum, Yue-Wang correlation.
  SenOptions sen = {};                   ///< Interval rule of the Sen slope (also the one the tests report).
  LinearTrendOptions ols = {};           ///< (confidence comes from the shared field).
  HoltOptions holt = {};                 ///< Fixed alpha/beta, initialisation, tolerance.
};

/// The uniform result of one trend method on one series (or, for regional, on all series). `values` and `texts`
/// run over trend_columns(method, horizon): a number column holds its number in `values` (NaN where it does not
/// exist) and an empty text; a text column (mk's `trend`, gm11's `grade`) holds its text in `texts` and NaN; a
/// period column (pettitt's `change_point`, cagr's `start` and `end`) holds the time stamp in `values` and, when
/// the series came with periods, the period's name in `texts`.
struct TrendSummary {
  TrendMethod method = TrendMethod::mk;         ///< The method.
  TrendStatus status = TrendStatus::too_short;  ///< The method's status.
  /// Why there is no (complete) result, e.g. "2 observed values; mk needs at least 3"; empty when status is ok.
  std::string reason;
  std::size_t n = 0;               ///< Observed values used.
  std::size_t missing = 0;         ///< Missing (NaN) values of the series.
  Eigen::Index horizon = 0;        ///< Forecast columns (holt, gm11); 0 for the other methods.
  std::vector<double> values;      ///< One per column; NaN for text columns and for quantities that do not exist.
  std::vector<std::string> texts;  ///< One per column; empty for number columns.

  /// A number column by name.
  /// @param column the column name, as trend_columns() lists it.
  /// @return its value (NaN when it does not exist).
  /// @throws NotFound (context `TrendSummary`) for a column the method does not have.
  [[nodiscard]] double value(std::string_view column) const { return values[index_of(column)]; }
  /// A text (or period) column by name.
  /// @param column the column name, as trend_columns() lists it.
  /// @return its text (empty when it does not exist or is a number column).
  /// @throws NotFound (context `TrendSummary`) for a column the method does not have.
  [[nodiscard]] const std::string& text(std::string_view column) const { return texts[index_of(column)]; }

 private:
  [[nodiscard]] std::size_t index_of(std::string_view column) const;
};

namespace detail {

constexpr double trend_nan = std::numeric_limits<double>::quiet_NaN();

// Collects the named columns of one summary; when `names` is given it also records the names, so that
// trend_columns() and the summaries come from the same code.
struct TrendFill {
  std::vector<std::string>* names = nullptr;
  std::vector<double> values;
  std::vector<std::string> texts;
  void num(const std::string& name, double v) {
    if (names != nullptr) names->push_back(name);
    values.push_back(v);
    texts.emplace_back();
  }
  void text(const std::string& name, std::string t, double v = trend_nan) {
    if (names != nullptr) names->push_back(name);
    values.push_back(v);
    texts.push_back(std::move(t));
  }
};

inline void fill_mk(TrendFill& f, TrendMethod m, const MannKendallResult& r) {
  // The verdict exists once the test ran: ok, or constant (no trend, h = 0, as pymannkendall says).
  const bool decided = r.status == TrendStatus::ok || r.status == TrendStatus::constant;
  const bool ran = r.status != TrendStatus::too_short;
  f.text("trend", decided ? to_string(r.trend) : "");
  f.num("h", decided ? (r.h ? 1.0 : 0.0) : trend_nan);
  f.num("p", r.p);
  f.num("z", r.z);
  f.num("tau", r.tau);
  f.num("s", ran ? static_cast<double>(r.s) : trend_nan);
  f.num("var_s", r.var_s);
  f.num("slope", r.slope);
  f.num("intercept", r.intercept);
  if (m == TrendMethod::hamed_rao || m == TrendMethod::yue_wang) {
    f.num("var_s_uncorrected", r.var_s_uncorrected);
    f.num("correction", r.correction);
    f.num("lags", ran ? static_cast<double>(r.lags_used) : trend_nan);
  }
  if (m == TrendMethod::pw || m == TrendMethod::tfpw) {
    f.num("r1", r.r1);
    f.num("n_tested", ran ? static_cast<double>(r.n_tested) : trend_nan);
  }
}

inline void fill_sen(TrendFill& f, const SenResult& r) {
  f.num("slope", r.slope);
  f.num("intercept", r.intercept);
  f.num("lower", r.lower);
  f.num("upper", r.upper);
  f.num("pairs", r.status == TrendStatus::too_short ? trend_nan : static_cast<double>(r.pairs));
}

inline void fill_ols(TrendFill& f, const LinearTrend& r) {
  f.num("slope", r.slope);
  f.num("intercept", r.intercept);
  f.num("se", r.slope_se);
  f.num("t", r.slope_t);
  f.num("p", r.slope_p);
  f.num("lower", r.slope_lower);
  f.num("upper", r.slope_upper);
  f.num("r2", r.r_squared);
  f.num("residual_sd", r.residual_sd);
}

inline void fill_forecasts(TrendFill& f, const Eigen::VectorXd& forecast, Eigen::Index horizon) {
  for (Eigen::Index h = 0; h < horizon; ++h) {
    f.num("forecast_" + std::to_string(h + 1), h < forecast.size() ? forecast[h] : trend_nan);
  }
}

inline void fill_holt(TrendFill& f, const HoltResult& r, Eigen::Index horizon) {
  f.num("alpha", r.alpha);
  f.num("beta", r.beta);
  f.num("level", r.level);
  f.num("trend", r.trend);
  f.num("sigma2", r.sigma2);
  fill_forecasts(f, r.forecast, horizon);
}

inline void fill_gm11(TrendFill& f, const GreyResult& r, Eigen::Index horizon) {
  f.num("a", r.a);
  f.num("b", r.b);
  f.num("c", r.c);
  f.num("p", r.p);
  f.text("grade", r.grade == GreyGrade::not_graded ? "" : to_string(r.grade));
  f.num("mean_relative_error", r.mean_relative_error);
  fill_forecasts(f, r.forecast, horizon);
}

// Pettitt and cagr: period columns take the name of the period when the series has labels.
inline void fill_pettitt(TrendFill& f, const PettittResult& r, const std::string& label) {
  f.num("k", r.k);
  f.num("p", r.p_value);
  f.text("change_point", label, r.time);
  f.num("mean_before", r.mean_before);
  f.num("mean_after", r.mean_after);
}

struct CagrFill {
  double rate = trend_nan;
  double start = trend_nan;
  double end = trend_nan;
  std::string start_label;
  std::string end_label;
  double start_value = trend_nan;
  double end_value = trend_nan;
  double years = trend_nan;
};

inline void fill_cagr(TrendFill& f, const CagrFill& c) {
  f.num("rate", c.rate);
  f.text("start", c.start_label, c.start);
  f.text("end", c.end_label, c.end);
  f.num("start_value", c.start_value);
  f.num("end_value", c.end_value);
  f.num("years", c.years);
}

inline bool is_mann_kendall(TrendMethod m) noexcept {
  return static_cast<int>(m) >= static_cast<int>(TrendMethod::mk) &&
         static_cast<int>(m) <= static_cast<int>(TrendMethod::regional);
}

inline void check_trend_method(const std::string& ctx, TrendMethod m) {
  if (static_cast<int>(m) < 0 || static_cast<int>(m) > static_cast<int>(TrendMethod::gm11)) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "method " + std::to_string(static_cast<int>(m)) + " is not a TrendMethod");
  }
}

inline void check_trend_options(const std::string& ctx, const TrendOptions& o) {
  check_trend_method(ctx, o.method);
  if (!(o.alpha > 0.0 && o.alpha < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "alpha " + number_text(o.alpha) + " must lie strictly between 0 and 1");
  }
  if (o.lag < 0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "lag " + std::to_string(o.lag) + " must be >= 0 (0 = every lag)");
  }
  if (o.season_length < 1) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "season length " + std::to_string(o.season_length) + " must be at least 1");
  }
  if (o.horizon < 0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "horizon " + std::to_string(o.horizon) + " is negative");
  }
  if (!(o.confidence > 0.0 && o.confidence < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "confidence " + number_text(o.confidence) + " must lie strictly between 0 and 1");
  }
}

inline MannKendallOptions mk_options_of(const TrendOptions& o) {
  MannKendallOptions k = o.mann_kendall;
  k.alpha = o.alpha;
  k.lag = o.lag;
  k.period = o.season_length;
  k.sen = o.sen;
  k.sen.confidence = o.confidence;
  return k;
}

}  // namespace detail

/// The fewest observed values a method needs for status ok (seasonal: in one season; regional: in one site):
/// mk, hamed_rao, yue_wang, pettitt, ols, holt 3; pw, tfpw, gm11 4; seasonal, regional, sen, cagr 2.
/// @param method the method.
/// @return the minimum.
/// @throws InvalidInput (context `trend_min_length`): invalid_argument for a method outside the enumeration.
inline std::size_t trend_min_length(TrendMethod method) {
  detail::check_trend_method("trend_min_length", method);
  switch (method) {
    case TrendMethod::pw:
    case TrendMethod::tfpw:
    case TrendMethod::gm11:
      return 4;
    case TrendMethod::seasonal:
    case TrendMethod::regional:
    case TrendMethod::sen:
    case TrendMethod::cagr:
      return 2;
    default:
      return 3;
  }
}

/// The columns of a method's summaries, in order (after the fixed series, method, status, n, missing):
/// - mk, seasonal, regional: trend, h, p, z, tau, s, var_s, slope, intercept (pymannkendall's set; h is 1 or 0);
///   hamed_rao and yue_wang add var_s_uncorrected, correction, lags; pw and tfpw add r1, n_tested;
/// - sen: slope, intercept, lower, upper, pairs;
/// - ols: slope, intercept, se, t, p, lower, upper (all of the slope), r2, residual_sd;
/// - pettitt: k, p, change_point (the last period before the change), mean_before, mean_after;
/// - cagr: rate, start, end (periods of the first and last observed value), start_value, end_value, years;
/// - holt: alpha, beta, level, trend, sigma2, forecast_1 .. forecast_<horizon>;
/// - gm11: a, b, c, p, grade, mean_relative_error, forecast_1 .. forecast_<horizon>.
/// @param method the method.
/// @param horizon the number of forecast columns of holt and gm11 (ignored by the others), >= 0.
/// @return the names.
/// @throws InvalidInput (context `trend_columns`): invalid_argument for a method outside the enumeration,
///   out_of_range for a negative horizon.
inline std::vector<std::string> trend_columns(TrendMethod method, Eigen::Index horizon = 3) {
  const std::string ctx = "trend_columns";
  detail::check_trend_method(ctx, method);
  if (horizon < 0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "horizon " + std::to_string(horizon) + " is negative");
  }
  std::vector<std::string> names;
  detail::TrendFill f;
  f.names = &names;
  switch (method) {
    case TrendMethod::sen:
      detail::fill_sen(f, SenResult{});
      break;
    case TrendMethod::ols:
      detail::fill_ols(f, LinearTrend{});
      break;
    case TrendMethod::pettitt:
      detail::fill_pettitt(f, PettittResult{}, "");
      break;
    case TrendMethod::cagr:
      detail::fill_cagr(f, detail::CagrFill{});
      break;
    case TrendMethod::holt:
      detail::fill_holt(f, HoltResult{}, horizon);
      break;
    case TrendMethod::gm11:
      detail::fill_gm11(f, GreyResult{}, horizon);
      break;
    default:
      detail::fill_mk(f, method, MannKendallResult{});
      break;
  }
  return names;
}

/// True for the columns that hold text or a period name rather than a number: trend, grade, change_point,
/// start, end.
/// @param column a column name.
/// @return whether TrendSummary::texts carries it.
inline bool trend_column_is_text(std::string_view column) noexcept {
  return column == "trend" || column == "grade" || column == "change_point" || column == "start" || column == "end";
}

inline std::size_t TrendSummary::index_of(std::string_view column) const {
  const std::vector<std::string> names = trend_columns(method, horizon);
  for (std::size_t k = 0; k < names.size() && k < values.size(); ++k) {
    if (names[k] == column) return k;
  }
  throw NotFound("TrendSummary",
                 "method " + std::string(to_string(method)) + " has no column \"" + std::string(column) + "\"");
}

namespace detail {

inline std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "the value of 2021" or "the value at position 3".
inline std::string where_of(const Period* labels, Eigen::Index k) {
  return labels != nullptr ? "the value of " + labels[k].to_string() : "the value at position " + std::to_string(k);
}

inline std::string label_of(const Period* labels, Eigen::Index k) {
  return labels != nullptr && k >= 0 ? labels[k].to_string() : std::string();
}

// The reason of a status other than ok, from the counts; `group` is "season" or "site" for the grouped tests.
inline std::string trend_reason(TrendMethod m, TrendStatus status, std::size_t n, std::size_t missing) {
  const std::string name = to_string(m);
  const std::size_t need = trend_min_length(m);
  switch (status) {
    case TrendStatus::ok:
      return {};
    case TrendStatus::too_short:
      if (n == 0) return missing > 0 ? "every value is missing" : "the series is empty";
      if (m == TrendMethod::seasonal) {
        return "no season has 2 observed values (" + plural(n, "observed value", "observed values") +
               "); seasonal needs 2 in at least one season";
      }
      if (m == TrendMethod::regional) {
        return "no series has 2 observed values (" + plural(n, "observed value", "observed values") +
               "); regional needs 2 in at least one series";
      }
      if (m == TrendMethod::ols && n == 2) {
        return "2 observed values; ols needs at least 3 for inference (slope and intercept are those of the line "
               "through both)";
      }
      return plural(n, "observed value", "observed values") + "; " + name + " needs at least " + std::to_string(need);
    case TrendStatus::constant:
      if (m == TrendMethod::seasonal) return "every season is constant: no trend can be measured";
      if (m == TrendMethod::regional) return "every series is constant: no trend can be measured";
      return "every observed value is equal: no trend can be measured";
    case TrendStatus::variance_not_positive:
      return "the corrected variance of S is not positive (strong negative autocorrelation): no z and no p";
    case TrendStatus::not_converged:
      return "the fit stopped at its iteration limit";
    case TrendStatus::undefined:
      return name + " is undefined for these values";
  }
  return "unknown status";
}

// The summary of one series; `labels` (may be null) names the period of each position of the series.
inline TrendSummary summarise(const Series& s, const Period* labels, const TrendOptions& o) {
  const std::string ctx = "trend_summary";
  check_trend_options(ctx, o);
  const ObservedSeries obs = observed_points(ctx, s);
  TrendSummary out;
  out.method = o.method;
  out.n = obs.value.size();
  out.missing = obs.missing;
  const bool forecast = o.method == TrendMethod::holt || o.method == TrendMethod::gm11;
  out.horizon = forecast ? o.horizon : 0;
  TrendFill f;
  std::string special;  // a reason more precise than trend_reason()
  const MannKendallOptions mko = mk_options_of(o);
  switch (o.method) {
    case TrendMethod::mk:
    case TrendMethod::hamed_rao:
    case TrendMethod::yue_wang:
    case TrendMethod::pw:
    case TrendMethod::tfpw:
    case TrendMethod::seasonal: {
      MannKendallResult r;
      if (o.method == TrendMethod::mk) r = mann_kendall_test(s, mko);
      if (o.method == TrendMethod::hamed_rao) r = hamed_rao_test(s, mko);
      if (o.method == TrendMethod::yue_wang) r = yue_wang_test(s, mko);
      if (o.method == TrendMethod::pw) r = pre_whitening_test(s, mko);
      if (o.method == TrendMethod::tfpw) r = trend_free_pre_whitening_test(s, mko);
      if (o.method == TrendMethod::seasonal) r = seasonal_test(s, mko);
      fill_mk(f, o.method, r);
      out.status = r.status;
      if (r.status == TrendStatus::variance_not_positive) {
        special = "the corrected variance of S is not positive (correction " + number_text(r.correction) +
                  ", strong negative autocorrelation): no z and no p";
      }
      break;
    }
    case TrendMethod::regional: {
      const MannKendallResult r = regional_test(std::vector<Series>{s}, mko);
      fill_mk(f, o.method, r);
      out.status = r.status;
      break;
    }
    case TrendMethod::sen: {
      SenOptions so = o.sen;
      so.confidence = o.confidence;
      const SenResult r = sen_slope(s, so);
      fill_sen(f, r);
      out.status = r.status;
      break;
    }
    case TrendMethod::ols: {
      LinearTrendOptions lo = o.ols;
      lo.confidence = o.confidence;
      const LinearTrend r = linear_trend(s, lo);
      fill_ols(f, r);
      out.status = r.status;
      break;
    }
    case TrendMethod::pettitt: {
      const PettittResult r = pettitt_test(s);
      fill_pettitt(f, r, label_of(labels, r.index));
      out.status = r.status;
      break;
    }
    case TrendMethod::cagr: {
      CagrFill c;
      out.status = TrendStatus::too_short;
      if (out.n >= 2) {
        c.start = obs.time.front();
        c.end = obs.time.back();
        c.start_value = obs.value.front();
        c.end_value = obs.value.back();
        c.years = c.end - c.start;
        Eigen::Index first = -1;
        Eigen::Index last = -1;
        for (Eigen::Index k = 0; k < s.value.size(); ++k) {
          if (std::isnan(s.value[k])) continue;
          if (first < 0) first = k;
          last = k;
        }
        c.start_label = label_of(labels, first);
        c.end_label = label_of(labels, last);
        const Cagr r = cagr(c.start_value, c.end_value, c.years);
        c.rate = r.rate;
        out.status = r.status;
        if (r.status == TrendStatus::undefined) {
          const bool start_bad = !(c.start_value > 0.0);
          const Eigen::Index k = start_bad ? first : last;
          special = std::string(start_bad ? "start" : "end") + " value " +
                    number_text(start_bad ? c.start_value : c.end_value) +
                    (labels != nullptr ? " (" + labels[k].to_string() + ")" : "") +
                    " is not positive; cagr needs positive values";
        }
      }
      fill_cagr(f, c);
      break;
    }
    case TrendMethod::holt:
    case TrendMethod::gm11: {
      // The recursions need one unbroken run of values; a gap or (gm11) a non-positive value is a stated reason.
      Eigen::Index lo = 0;
      Eigen::Index hi = s.value.size();
      while (lo < hi && std::isnan(s.value[lo])) ++lo;
      while (hi > lo && std::isnan(s.value[hi - 1])) --hi;
      for (Eigen::Index k = lo; k < hi && special.empty(); ++k) {
        if (std::isnan(s.value[k])) {
          special = where_of(labels, k) + " is missing inside the observed span; " + to_string(o.method) +
                    " needs consecutive values";
        } else if (o.method == TrendMethod::gm11 && !(s.value[k] > 0.0)) {
          special = where_of(labels, k) + " (" + number_text(s.value[k]) +
                    ") is not positive; gm11 needs positive "
                    "values";
        }
      }
      if (special.empty()) {
        try {
          if (o.method == TrendMethod::holt) {
            HoltOptions ho = o.holt;
            ho.interval_level = o.confidence;
            const HoltResult r = holt(s, o.horizon, ho);
            fill_holt(f, r, o.horizon);
            out.status = r.status;
          } else {
            const GreyResult r = grey_gm11(s, o.horizon);
            fill_gm11(f, r, o.horizon);
            out.status = r.status;
          }
        } catch (const InvalidInput& e) {
          // Uneven spacing of the observed span (e.g. periods of mixed frequency): the data, not the call.
          if (e.code() != ErrorCode::inconsistent) throw;
          special = without_prefix(e.what());
        }
      }
      if (!special.empty()) {
        out.status = TrendStatus::undefined;
        f = TrendFill{};
        if (o.method == TrendMethod::holt) {
          fill_holt(f, HoltResult{}, o.horizon);
        } else {
          fill_gm11(f, GreyResult{}, o.horizon);
        }
      }
      break;
    }
  }
  out.values = std::move(f.values);
  out.texts = std::move(f.texts);
  if (out.status != TrendStatus::ok) {
    out.reason = special.empty() ? trend_reason(o.method, out.status, out.n, out.missing) : special;
  }
  return out;
}

inline TrendSummary summarise_regional(const std::vector<Series>& sites, const TrendOptions& o) {
  const std::string ctx = "trend_summary";
  check_trend_options(ctx, o);
  if (o.method != TrendMethod::regional) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       std::string("several series at once are for the regional test; method ") + to_string(o.method) +
                           " takes one series at a time");
  }
  TrendSummary out;
  out.method = o.method;
  if (sites.empty()) {
    out.status = TrendStatus::too_short;
    out.reason = "no series given";
    TrendFill f;
    fill_mk(f, o.method, MannKendallResult{});
    out.values = std::move(f.values);
    out.texts = std::move(f.texts);
    return out;
  }
  const MannKendallResult r = regional_test(sites, mk_options_of(o));
  TrendFill f;
  fill_mk(f, o.method, r);
  out.status = r.status;
  out.n = r.n;
  out.missing = r.missing;
  out.values = std::move(f.values);
  out.texts = std::move(f.texts);
  if (out.status != TrendStatus::ok) out.reason = trend_reason(o.method, out.status, out.n, out.missing);
  return out;
}

}  // namespace detail

/// Runs the method of `options` on one series and returns the uniform summary. Each method is called as its own
/// header documents it (same numbers, bit for bit); regional treats the series as its only site.
///
/// Minimum length: trend_min_length(). Missing values: as each method (dropped with their time stamps); for holt
/// and gm11 a NaN between the first and last observed value, a non-positive value (gm11) or an uneven spacing of
/// the time stamps gives status undefined with the reason, instead of the error the method would throw. Every
/// status other than ok comes with a `reason`.
/// @param series the series (time stamps in years from period_time(), or positions).
/// @param options the method and its options.
/// @return the summary.
/// @throws InvalidInput (context `trend_summary`): out_of_range for alpha or confidence outside (0, 1), a negative
///   lag or horizon, a season length < 1; invalid_argument for a method outside the enumeration; the series
///   checks of detail::observed_points (size_mismatch, not_finite, inconsistent), naming the position.
inline TrendSummary trend_summary(const Series& series, const TrendOptions& options = {}) {
  return detail::summarise(series, nullptr, options);
}

/// Runs the method of `options` on a series over periods (make_series(periods, values)); the period columns
/// (pettitt's change_point, cagr's start and end) and the reasons then name periods instead of positions.
/// @param periods the periods, strictly increasing.
/// @param values one value per period; NaN = missing.
/// @param options the method and its options.
/// @return the summary.
/// @throws InvalidInput as make_series() and as trend_summary(const Series&, const TrendOptions&).
inline TrendSummary trend_summary(const std::vector<Period>& periods, const Eigen::Ref<const Eigen::VectorXd>& values,
                                  const TrendOptions& options = {}) {
  const Series s = make_series(periods, values);
  return detail::summarise(s, periods.empty() ? nullptr : periods.data(), options);
}

/// The regional test over several series (sites), each with its own time stamps and gaps: one summary for all.
/// @param sites the series; none gives status too_short with the reason "no series given".
/// @param options the options; the method must be regional.
/// @return the summary (n and missing summed over the sites).
/// @throws InvalidInput (context `trend_summary`): invalid_argument for another method; as
///   trend_summary(const Series&, const TrendOptions&) for the options; as regional_test() for a bad site.
inline TrendSummary trend_summary(const std::vector<Series>& sites, const TrendOptions& options) {
  return detail::summarise_regional(sites, options);
}

/// One row of a trend table: one unit's series of one indicator (or, for regional, one indicator over all units).
struct TrendRow {
  std::string unit;                ///< Unit id; empty for a regional row (all units).
  std::string indicator;           ///< Indicator id; empty for trend_rows() (one table, e.g. a composite score).
  std::optional<Period> joined;    ///< The unit's joining period, when one was given for it.
  std::size_t before_joining = 0;  ///< Values (not NaN) before the joining period, left out of the series.
  TrendSummary summary;            ///< The result, or the reason there is none.
};

/// The result of trend_panel() or trend_rows(): the method, its columns and one row per series.
struct TrendTable {
  TrendMethod method = TrendMethod::mk;  ///< The method.
  std::vector<std::string> columns;      ///< trend_columns(method, horizon).
  std::vector<TrendRow> rows;            ///< Units in input order, indicators within a unit (regional: indicators).
};

namespace detail {

// Position of the first period a unit's series keeps (0 when it has no joining period): the first period in which
// it is a member, by the rule of is_active_in() (the period it joined in counts, whatever the precision of either,
// so a cluster that joined in 2021M05 is kept from the annual period 2021 on).
inline std::size_t first_kept(const std::vector<Period>& periods, const std::optional<Period>& joined) {
  if (!joined) return 0;
  Cluster probe;
  probe.joined = *joined;
  std::size_t k = 0;
  while (k < periods.size() && !is_active_in(probe, periods[k])) ++k;
  return k;
}

// The shared runner: `cell(u, i, p)` gives a value of units x indicators x periods.
template <class Cell>
TrendTable run_trend_rows(const std::string& ctx, const std::vector<std::string>& units,
                          const std::vector<std::string>& indicators, const std::vector<Period>& periods,
                          const TrendOptions& options, const std::map<std::string, Period>& joined, Cell&& cell) {
  check_trend_options(ctx, options);
  std::map<std::string, std::size_t> unit_pos;
  for (std::size_t u = 0; u < units.size(); ++u) unit_pos.emplace(units[u], u);
  std::vector<std::optional<Period>> join(units.size());
  for (const auto& [id, period] : joined) {
    const auto it = unit_pos.find(id);
    if (it == unit_pos.end())
      throw NotFound(ctx, "a joining period is given for unit \"" + id + "\", which is not in the table");
    join[it->second] = period;
  }
  // The time stamps once, which also checks the periods (increasing, distinct middles).
  const auto np = static_cast<Eigen::Index>(periods.size());
  const Series full = make_series(periods, Eigen::VectorXd::Zero(np));
  std::vector<std::size_t> start(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) start[u] = first_kept(periods, join[u]);

  const auto series_of = [&](std::size_t u, std::size_t i, std::size_t& before) {
    const std::size_t s0 = start[u];
    Series s;
    const auto len = static_cast<Eigen::Index>(periods.size() - s0);
    s.time = full.time.segment(static_cast<Eigen::Index>(s0), len);
    s.value.resize(len);
    before = 0;
    for (std::size_t p = 0; p < periods.size(); ++p) {
      const double v = cell(u, i, p);
      if (std::isinf(v)) {
        throw InvalidInput(ErrorCode::not_finite,
                           ctx + "[unit=" + units[u] + (indicators[i].empty() ? "" : ", indicator=" + indicators[i]) +
                               ", period=" + periods[p].to_string() + "]",
                           "value is infinite");
      }
      if (p < s0) {
        before += std::isnan(v) ? 0 : 1;
      } else {
        s.value[static_cast<Eigen::Index>(p - s0)] = v;
      }
    }
    return s;
  };
  const auto prefix = [](const std::optional<Period>& j, TrendSummary& summary) {
    if (j && !summary.reason.empty()) summary.reason = "joined " + j->to_string() + ": " + summary.reason;
  };

  TrendTable table;
  table.method = options.method;
  table.columns = trend_columns(options.method, options.horizon);
  // Work per row: the Sen slope inside most methods is O(n^2) in the periods, Holt's grid search ~ 64 n.
  const Eigen::Index work_per_row = np * (np + 64) + 1;
  if (options.method == TrendMethod::regional) {
    table.rows.resize(indicators.size());
    const auto count = static_cast<Eigen::Index>(indicators.size());
    parallel_for(count, count * static_cast<Eigen::Index>(units.size()) * work_per_row, [&](Eigen::Index k) {
      const auto i = static_cast<std::size_t>(k);
      std::vector<Series> sites(units.size());
      TrendRow row;
      row.indicator = indicators[i];
      for (std::size_t u = 0; u < units.size(); ++u) {
        std::size_t before = 0;
        sites[u] = series_of(u, i, before);
        row.before_joining += before;
      }
      row.summary = summarise_regional(sites, options);
      table.rows[i] = std::move(row);
    });
    return table;
  }
  const std::size_t ni = indicators.size();
  table.rows.resize(units.size() * ni);
  const auto count = static_cast<Eigen::Index>(table.rows.size());
  const std::vector<Period>* labels = &periods;
  parallel_for(count, count * work_per_row, [&](Eigen::Index k) {
    const std::size_t u = static_cast<std::size_t>(k) / ni;
    const std::size_t i = static_cast<std::size_t>(k) % ni;
    TrendRow row;
    row.unit = units[u];
    row.indicator = indicators[i];
    row.joined = join[u];
    const Series s = series_of(u, i, row.before_joining);
    try {
      row.summary = summarise(s, labels->empty() ? nullptr : labels->data() + start[u], options);
    } catch (const InvalidInput& e) {
      throw InvalidInput(
          e.code(), ctx + "[unit=" + units[u] + (indicators[i].empty() ? "" : ", indicator=" + indicators[i]) + "]",
          without_prefix(e.what()));
    }
    prefix(row.joined, row.summary);
    table.rows[static_cast<std::size_t>(k)] = std::move(row);
  });
  return table;
}

}  // namespace detail

/// Runs one trend method over every unit x indicator series of a panel, in parallel over the rows
/// (detail::parallel_for; each row is computed by one thread, so the table is identical for any thread count).
///
/// A unit listed in `joined` (a late joiner under the "26+X" model) has its series start at the first period in
/// which it is a member (is_active_in(): the period it joined in counts): the periods before it are left out,
/// their values counted in TrendRow::before_joining, and a
/// reason is prefixed "joined <period>: ". Every row has a result or a stated reason (TrendSummary::reason).
/// Regional: one row per indicator, the units as sites (each cut at its joining period).
/// @param panel the panel; series run over its periods (period_time() stamps, so gaps are honoured).
/// @param options the method and its options.
/// @param joined joining period per unit id; units not listed start at the first period.
/// @return the table: units in panel order, indicators within a unit.
/// @throws InvalidInput (context `trend_panel`): as trend_summary() for the options; as make_series() for
///   periods whose time stamps do not increase; NotFound (context `trend_panel`) for a joining period of a unit
///   the panel does not have.
inline TrendTable trend_panel(const Panel& panel, const TrendOptions& options,
                              const std::map<std::string, Period>& joined = {}) {
  const Eigen::MatrixXd& m = panel.matrix();
  const auto ni = static_cast<Eigen::Index>(panel.indicator_count());
  return detail::run_trend_rows("trend_panel", panel.units(), panel.indicators(), panel.periods(), options, joined,
                                [&](std::size_t u, std::size_t i, std::size_t p) {
                                  return m(static_cast<Eigen::Index>(u),
                                           static_cast<Eigen::Index>(p) * ni + static_cast<Eigen::Index>(i));
                                });
}

/// Runs one trend method over each row of a units x periods table, e.g. a composite score per unit and period;
/// as trend_panel() with one unnamed indicator (TrendRow::indicator empty). Regional: one row over all units.
/// @param values units x periods; NaN = missing.
/// @param units unit ids, one per row.
/// @param periods the periods, one per column, strictly increasing.
/// @param options the method and its options.
/// @param joined joining period per unit id.
/// @return the table, one row per unit in row order.
/// @throws InvalidInput (context `trend_rows`): size_mismatch when the ids or periods do not match the shape;
///   not_finite for an infinite value (naming unit and period); as trend_panel() otherwise.
inline TrendTable trend_rows(const Eigen::Ref<const Eigen::MatrixXd>& values, const std::vector<std::string>& units,
                             const std::vector<Period>& periods, const TrendOptions& options,
                             const std::map<std::string, Period>& joined = {}) {
  const std::string ctx = "trend_rows";
  if (static_cast<Eigen::Index>(units.size()) != values.rows()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(units.size()) + " unit ids for " + std::to_string(values.rows()) + " rows");
  }
  if (static_cast<Eigen::Index>(periods.size()) != values.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(periods.size()) + " periods for " + std::to_string(values.cols()) + " columns");
  }
  return detail::run_trend_rows(ctx, units, std::vector<std::string>{std::string()}, periods, options, joined,
                                [&](std::size_t u, std::size_t /*i*/, std::size_t p) {
                                  return values(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(p));
                                });
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_BATCH_HPP
