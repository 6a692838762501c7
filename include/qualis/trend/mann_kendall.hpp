/// @file
/// @brief The Mann-Kendall family of monotonic trend tests, matching pymannkendall: the original test, the
/// Hamed-Rao and Yue-Wang variance corrections, pre-whitening, trend-free pre-whitening, the seasonal and the
/// regional test, with Kendall's tau, Sen's slope and an exact null distribution of S for small samples.
#ifndef QUALIS_TREND_MANN_KENDALL_HPP
#define QUALIS_TREND_MANN_KENDALL_HPP

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/kendall.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/score/common.hpp"
#include "qualis/trend/common.hpp"
#include "qualis/trend/sen.hpp"

QUALIS_NAMESPACE_BEGIN

/// The methods of the Mann-Kendall family. Names (to_string) and the command-line spellings that
/// parse_mann_kendall_method() accepts: original ("mk"), hamed_rao ("hamed-rao"), yue_wang ("yue-wang"),
/// pre_whitening ("pw"), trend_free_pre_whitening ("tfpw"), seasonal, regional.
enum class MannKendallMethod : int {
  original = 0,                  ///< Mann (1945), Kendall (1975): mann_kendall_test().
  hamed_rao = 1,                 ///< Hamed & Rao (1998) variance correction: hamed_rao_test().
  yue_wang = 2,                  ///< Yue & Wang (2004) variance correction: yue_wang_test().
  pre_whitening = 3,             ///< Yue & Wang (2002) pre-whitening: pre_whitening_test().
  trend_free_pre_whitening = 4,  ///< Yue et al. (2002) trend-free pre-whitening: trend_free_pre_whitening_test().
  seasonal = 5,                  ///< Hirsch, Slack & Smith (1982): seasonal_test().
  regional = 6,                  ///< Helsel & Frans (2006): regional_test() over several sites.
};

/// The stable name of a Mann-Kendall method, e.g. "hamed_rao".
/// @param method the method.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(MannKendallMethod method) noexcept {
  switch (method) {
    case MannKendallMethod::original:
      return "original";
    case MannKendallMethod::hamed_rao:
      return "hamed_rao";
    case MannKendallMethod::yue_wang:
      return "yue_wang";
    case MannKendallMethod::pre_whitening:
      return "pre_whitening";
    case MannKendallMethod::trend_free_pre_whitening:
      return "trend_free_pre_whitening";
    case MannKendallMethod::seasonal:
      return "seasonal";
    case MannKendallMethod::regional:
      return "regional";
  }
  return "unknown";
}

/// How the p value is computed.
enum class PValueMethod : int {
  /// Normal approximation with continuity correction, z = (S - sign(S)) / sqrt(Var S), p = 2 (1 - Phi(|z|))
  /// (Kendall 1975; pymannkendall). The default.
  normal = 0,
  /// The exact null distribution of S (Kendall 1975: permutations counted by S), p = P(|S| >= |s|), for the
  /// original, pre-whitening and trend-free pre-whitening tests when the tested values have no ties and
  /// n <= mann_kendall_exact_max_n; otherwise the normal approximation is used and
  /// MannKendallResult::exact_p says so.
  exact = 1,
};

/// The stable name of a PValueMethod value, e.g. "normal" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(PValueMethod value) noexcept {
  switch (value) {
    case PValueMethod::normal:
      return "normal";
    case PValueMethod::exact:
      return "exact";
  }
  return "unknown";
}

/// Which sum the Hamed-Rao correction uses.
enum class HamedRaoSum : int {
  /// Hamed & Rao (1998), eq. 18: n/n* = 1 + 2 / (n(n-1)(n-2)) * sum_i (n-i)(n-i-1)(n-i-2) rho_s(i), the sum
  /// signed, so strong negative autocorrelation can drive it to <= 0 (status variance_not_positive). Default.
  published = 0,
  /// pymannkendall 1.4: the absolute value of that sum, so the correction never shrinks the variance.
  absolute = 1,
};

/// The stable name of a HamedRaoSum value, e.g. "published" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(HamedRaoSum value) noexcept {
  switch (value) {
    case HamedRaoSum::published:
      return "published";
    case HamedRaoSum::absolute:
      return "absolute";
  }
  return "unknown";
}

/// Which autocorrelations enter the Yue-Wang correction 1 + 2 sum_{k=1}^{L} (1 - k/n) rho_k.
enum class YueWangCorrelation : int {
  /// The sample autocorrelation of the detrended series at each lag k = 1..L, significant or not (Yue & Wang
  /// 2004, eq. 9; pymannkendall). The default.
  sample = 0,
  /// The AR(1) form rho_k = r1^k from the lag-1 sample autocorrelation, for a series assumed to be AR(1) as in
  /// Yue & Wang's (2004) simulations.
  ar1 = 1,
};

/// The stable name of a YueWangCorrelation value, e.g. "sample" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(YueWangCorrelation value) noexcept {
  switch (value) {
    case YueWangCorrelation::sample:
      return "sample";
    case YueWangCorrelation::ar1:
      return "ar1";
  }
  return "unknown";
}

/// Options of the Mann-Kendall tests; each test reads the fields it needs.
struct MannKendallOptions {
  MannKendallMethod method = MannKendallMethod::original;  ///< For mann_kendall() dispatch.
  double alpha = 0.05;                                     ///< Significance level in (0, 1); 0.05 as pymannkendall.
  /// Highest autocorrelation lag of the Hamed-Rao and Yue-Wang corrections; 0 = every lag 1..n-1
  /// (pymannkendall's default lag=None). A lag above n - 1 is used as n - 1 (higher lags do not exist).
  int lag = 0;
  int period = 12;                              ///< Season length of the seasonal test (12 monthly, 4 quarterly), >= 1.
  PValueMethod p_value = PValueMethod::normal;  ///< Normal approximation or exact.
  HamedRaoSum hamed_rao_sum = HamedRaoSum::published;        ///< Published sum or pymannkendall's |sum|.
  YueWangCorrelation yue_wang = YueWangCorrelation::sample;  ///< Sample ACF at each lag or AR(1).
  SenOptions sen = {};                                       ///< Interval of the Sen slope reported with the test.
};

/// The outcome of a Mann-Kendall test: pymannkendall's fields (trend, h, p, z, Tau, s, var_s, slope,
/// intercept) and more.
struct MannKendallResult {
  TrendDirection trend = TrendDirection::no_trend;  ///< Significant direction, or no_trend.
  bool h = false;                                   ///< True when the null hypothesis of no trend is rejected at alpha.
  double p = std::numeric_limits<double>::quiet_NaN();    ///< Two-sided p value (NaN unless status is ok).
  double z = std::numeric_limits<double>::quiet_NaN();    ///< Standardised statistic (NaN unless status is ok).
  double tau = std::numeric_limits<double>::quiet_NaN();  ///< Kendall's tau-a, S / (n(n-1)/2) (pymannkendall's Tau).
  std::int64_t s = 0;  ///< Mann-Kendall score S (of the whitened series for pw and tfpw).
  double var_s = std::numeric_limits<double>::quiet_NaN();  ///< Var S, corrected where the method corrects it.
  double slope = std::numeric_limits<double>::quiet_NaN();  ///< Sen slope per unit of time (seasonal: within seasons).
  double intercept = std::numeric_limits<double>::quiet_NaN();  ///< median(y) - slope * median(t) (Conover).
  TrendStatus status = TrendStatus::too_short;                  ///< ok, too_short, constant or variance_not_positive.
  std::size_t n = 0;        ///< Observed values of the input (all sites or seasons together).
  std::size_t missing = 0;  ///< Missing (NaN) values dropped with their time stamps.
  /// Kendall's tau-b, S / sqrt((D0 - D1)(D0 - D2)) with D0 the pairs, D1 the pairs tied in time (none) and D2 those
  /// tied in value, summed over seasons or sites for the seasonal and regional tests.
  double tau_b = std::numeric_limits<double>::quiet_NaN();
  double var_s_uncorrected = std::numeric_limits<double>::quiet_NaN();  ///< Var S before a correction.
  /// Hamed-Rao n/n* or Yue-Wang 1 + 2 sum (1 - k/n) rho_k; 1 for the methods without a correction.
  double correction = std::numeric_limits<double>::quiet_NaN();
  int lags_used = 0;  ///< Highest lag of the Hamed-Rao or Yue-Wang correction; 0 otherwise.
  double r1 = std::numeric_limits<double>::quiet_NaN();  ///< Lag-1 autocorrelation removed by pw or tfpw.
  std::size_t n_tested = 0;                              ///< Values whose S was computed (n - 1 after pre-whitening).
  bool exact_p = false;                                  ///< True when p comes from the exact null distribution.
  SenResult sen = {};                                    ///< The full Sen slope result (interval, pairs).
};

/// Largest n for which the exact null distribution of S is computed (O(n^3) time, O(n^2) memory).
constexpr std::size_t mann_kendall_exact_max_n = 300;

namespace detail {

// P(S >= s) for n untied values (s >= 1 meaningful), by Kendall's recursion on the number of inversions k of a
// random permutation (S = n(n-1)/2 - 2k): P_m(k) = (1/m) sum_{j=0}^{m-1} P_{m-1}(k - j). Only the lower tail
// of k is summed, computed from small terms only, so small tail probabilities keep their relative accuracy.
inline double mk_exact_upper(std::size_t n, std::int64_t s) {
  const auto n0 = static_cast<std::int64_t>(n) * (static_cast<std::int64_t>(n) - 1) / 2;
  if (s > n0) return 0.0;
  if (s <= -n0) return 1.0;
  // S >= s  <=>  k <= (n0 - s) / 2.
  const auto limit = static_cast<std::size_t>((n0 - s) / 2);  // s >= 1 here, so 0 <= limit < n0
  std::vector<double> p(limit + 1, 0.0);
  std::vector<double> q(limit + 1, 0.0);
  p[0] = 1.0;
  for (std::size_t m = 2; m <= n; ++m) {
    double window = 0.0;
    for (std::size_t k = 0; k <= limit; ++k) {
      window += p[k];
      if (k >= m) window -= p[k - m];
      q[k] = window / static_cast<double>(m);
    }
    p.swap(q);
  }
  double tail = 0.0;
  for (std::size_t k = 0; k <= limit; ++k) tail += p[k];
  return std::min(tail, 1.0);
}

// Biased sample autocorrelation (divisor n), lags 0..max_lag, as statsmodels' acf and pymannkendall: when the
// variance is 0 the autocovariances (all 0) are returned unscaled.
inline std::vector<double> autocorrelation(const std::vector<double>& x, std::size_t max_lag) {
  const std::size_t n = x.size();
  double mean = 0.0;
  for (const double v : x) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> y(n);
  for (std::size_t k = 0; k < n; ++k) y[k] = x[k] - mean;
  std::vector<double> out(max_lag + 1, 0.0);
  for (std::size_t lag = 0; lag <= max_lag && lag < n; ++lag) {
    double sum = 0.0;
    for (std::size_t t = 0; t + lag < n; ++t) sum += y[t] * y[t + lag];
    out[lag] = sum / static_cast<double>(n);
  }
  if (out[0] != 0.0) {
    const double c0 = out[0];
    for (double& v : out) v /= c0;
  }
  return out;
}

// S, Var S, tau, tau-b of one group of observed points (t increasing, so no ties in time).
struct MkGroup {
  std::int64_t s = 0;
  std::int64_t n0 = 0;
  std::int64_t n2 = 0;
  double var_s = 0.0;
};

inline MkGroup mk_group(const std::vector<double>& t, const std::vector<double>& y) {
  MkGroup g;
  if (y.size() < 2) return g;
  const KendallCounts c = kendall_counts(t.data(), y.data(), y.size());
  g.s = c.s;
  g.n0 = c.n0;
  g.n2 = c.n2;
  g.var_s = mk_variance(y);
  return g;
}

inline void check_options(const std::string& ctx, const MannKendallOptions& o) {
  if (!(o.alpha > 0.0 && o.alpha < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "alpha " + number_text(o.alpha) + " must lie strictly between 0 and 1");
  }
  if (o.lag < 0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "lag " + std::to_string(o.lag) + " must be >= 0 (0 = every lag)");
  }
  check_confidence(ctx, o.sen.confidence);
}

// z, p, h and the direction from S and Var S (status ok assumed set by the caller when var_s > 0).
inline void mk_decide(MannKendallResult& r, const MannKendallOptions& o, bool exact_allowed, bool untied) {
  if (!(r.var_s > 0.0)) {
    r.status = r.var_s_uncorrected == 0.0 ? TrendStatus::constant : TrendStatus::variance_not_positive;
    return;
  }
  r.status = TrendStatus::ok;
  const auto s = static_cast<double>(r.s);
  r.z = r.s > 0 ? (s - 1.0) / std::sqrt(r.var_s) : r.s < 0 ? (s + 1.0) / std::sqrt(r.var_s) : 0.0;
  const boost::math::normal_distribution<double> normal;
  if (o.p_value == PValueMethod::exact && exact_allowed && untied && r.n_tested <= mann_kendall_exact_max_n) {
    r.exact_p = true;
    r.p = r.s == 0 ? 1.0 : std::min(1.0, 2.0 * mk_exact_upper(r.n_tested, r.s > 0 ? r.s : -r.s));
    r.h = r.p <= o.alpha;
  } else {
    // 2 Q(|z|) computed as a complement, accurate where pymannkendall's 2 (1 - Phi(|z|)) loses digits.
    r.p = 2.0 * boost::math::cdf(boost::math::complement(normal, std::abs(r.z)));
    r.h = std::abs(r.z) > boost::math::quantile(normal, 1.0 - o.alpha / 2.0);
  }
  if (r.h) r.trend = r.s > 0 ? TrendDirection::increasing : TrendDirection::decreasing;
}

// Fills S, Var S, tau and tau-b of the tested values.
inline void mk_fill(MannKendallResult& r, const MkGroup& g) {
  r.s = g.s;
  r.var_s = g.var_s;
  r.var_s_uncorrected = g.var_s;
  r.tau = g.n0 > 0 ? static_cast<double>(g.s) / static_cast<double>(g.n0) : std::numeric_limits<double>::quiet_NaN();
  const double d = static_cast<double>(g.n0) * static_cast<double>(g.n0 - g.n2);
  r.tau_b = d > 0.0 ? static_cast<double>(g.s) / std::sqrt(d) : std::numeric_limits<double>::quiet_NaN();
  r.correction = 1.0;
}

inline void take_sen(MannKendallResult& r, const SenResult& sen) {
  r.sen = sen;
  r.slope = sen.slope;
  r.intercept = sen.intercept;
}

inline bool has_ties(std::vector<double> y) {
  std::sort(y.begin(), y.end());
  return std::adjacent_find(y.begin(), y.end()) != y.end();
}

// Variance-corrected tests (Hamed-Rao, Yue-Wang): shared preparation.
inline std::size_t effective_lag(const MannKendallOptions& o, std::size_t n) {
  const std::size_t all = n - 1;
  return o.lag == 0 ? all : std::min(static_cast<std::size_t>(o.lag), all);
}

}  // namespace detail

/// Two-sided exact p value of the Mann-Kendall S for n untied values: P(|S| >= |s|) under the null hypothesis that
/// all n! orders are equally likely (Kendall 1975, ch. 4: the permutations counted by S). E.g. n = 4: the
/// counts of S = 6, 4, 2, 0 are 1, 3, 5, 6 (of 24), so P(S >= 4) = 4/24 and the two-sided p of s = 4 is 1/3.
/// @param n number of values, 1..mann_kendall_exact_max_n.
/// @param s the observed S.
/// @return the two-sided p value (1 for s = 0).
/// @throws InvalidInput (context `mann_kendall_exact_p`): out_of_range for n outside 1..mann_kendall_exact_max_n
///   or |s| > n(n-1)/2.
inline double mann_kendall_exact_p(std::size_t n, std::int64_t s) {
  const std::string ctx = "mann_kendall_exact_p";
  if (n < 1 || n > mann_kendall_exact_max_n) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "n = " + std::to_string(n) + " is outside 1.." + std::to_string(mann_kendall_exact_max_n));
  }
  const auto n0 = static_cast<std::int64_t>(n) * (static_cast<std::int64_t>(n) - 1) / 2;
  if (s > n0 || s < -n0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "S = " + std::to_string(s) + " is impossible for n = " + std::to_string(n));
  }
  if (s == 0) return 1.0;
  return std::min(1.0, 2.0 * detail::mk_exact_upper(n, s > 0 ? s : -s));
}

namespace detail {

// The common start of the single-series tests: options checked, the observed points, n and missing counted,
// and, from 3 observed values on, S, Var S and ties (mk_fill) and the Sen slope filled in.
inline ObservedSeries mk_start(const std::string& ctx, const Series& series, const MannKendallOptions& options,
                               MannKendallResult& r) {
  check_options(ctx, options);
  ObservedSeries obs = observed_points(ctx, series);
  r.n = obs.value.size();
  r.missing = obs.missing;
  if (r.n < 3) return obs;
  r.n_tested = r.n;
  mk_fill(r, mk_group(obs.time, obs.value));
  take_sen(r, sen_slope(series, options.sen));
  return obs;
}

// y - slope * t over the observed points.
inline std::vector<double> detrend(const ObservedSeries& obs, double slope) {
  std::vector<double> out(obs.value.size());
  for (std::size_t k = 0; k < out.size(); ++k) out[k] = obs.value[k] - slope * obs.time[k];
  return out;
}

}  // namespace detail

/// Original Mann-Kendall test (Mann 1945; Kendall 1975): S = sum_{i<j} sign(y_j - y_i) over the observed values
/// in time order (O(n log n), detail::kendall_counts), Var S = (n(n-1)(2n+5) - sum t(t-1)(2t+5)) / 18 with t the
/// sizes of groups of tied values, z = (S - sign S) / sqrt(Var S), p = 2 (1 - Phi(|z|)), h = |z| > z_{1-alpha/2};
/// tau = S / (n(n-1)/2); slope and intercept from sen_slope(). PValueMethod::exact replaces p by the exact
/// null probability when there are no ties. Same numbers as pymannkendall.original_test().
///
/// Minimum length: 3 observed values (too_short otherwise, with n and missing only). Missing values are
/// dropped with their time stamps (pymannkendall's "skip"). All values equal: status constant, S = 0,
/// Var S = 0, slope 0, z and p NaN (pymannkendall reports z = 0, p = 1).
/// @param series the series.
/// @param options alpha, p value method, Sen interval.
/// @return the test result.
/// @throws InvalidInput (context `mann_kendall_test`): as detail::observed_points (size_mismatch, not_finite,
///   inconsistent), out_of_range for alpha outside (0, 1), a negative lag or a confidence outside (0, 1).
inline MannKendallResult mann_kendall_test(const Series& series, const MannKendallOptions& options = {}) {
  MannKendallResult r;
  const detail::ObservedSeries obs = detail::mk_start("mann_kendall_test", series, options, r);
  if (r.n < 3) return r;
  detail::mk_decide(r, options, true, !detail::has_ties(obs.value));
  return r;
}

/// Mann-Kendall test with the Hamed & Rao (1998) variance correction for autocorrelation. The series is
/// detrended with its Sen slope (y - slope * t), ranked (average ranks), and the lag-i autocorrelations rho_s(i)
/// of the ranks (divisor n) for i = 1..L are kept only when significant, |rho_s(i)| > z_{1-alpha/2} / sqrt(n);
/// then n/n* = 1 + 2 / (n(n-1)(n-2)) * sum (n-i)(n-i-1)(n-i-2) rho_s(i) and Var S* = Var S * n/n*.
/// HamedRaoSum::published (default) uses the signed sum as the paper; HamedRaoSum::absolute its absolute value as
/// pymannkendall.hamed_rao_modification_test(), which then gives the same numbers (lag 0 = its lag=None, lag L =
/// its lag=L). Hamed & Rao suggest L = 3 as an alternative to all lags.
///
/// Minimum length: 3 observed values. Missing values are dropped with their time stamps; lags count
/// consecutive observed values. Ties: average ranks and the tie-corrected Var S. A correction <= 0 gives
/// status variance_not_positive (var_s reported, z and p NaN).
/// @param series the series.
/// @param options alpha (also the level of the autocorrelation screen), lag, hamed_rao_sum, Sen interval.
/// @return the test result; correction = n/n*, lags_used = L.
/// @throws InvalidInput (context `hamed_rao_test`): as mann_kendall_test().
inline MannKendallResult hamed_rao_test(const Series& series, const MannKendallOptions& options = {}) {
  MannKendallResult r;
  const detail::ObservedSeries obs = detail::mk_start("hamed_rao_test", series, options, r);
  if (r.n < 3) return r;
  const std::size_t n = r.n;
  const std::size_t lags = detail::effective_lag(options, n);
  r.lags_used = static_cast<int>(lags);
  const std::vector<double> detrended = detail::detrend(obs, r.slope);
  const std::vector<double> rho = detail::autocorrelation(detail::average_ranks(detrended), lags);
  const boost::math::normal_distribution<double> normal;
  const double bound = boost::math::quantile(normal, 1.0 - options.alpha / 2.0) / std::sqrt(static_cast<double>(n));
  double sum = 0.0;
  for (std::size_t i = 1; i <= lags; ++i) {
    if (rho[i] <= bound && rho[i] >= -bound) continue;  // not significant
    const auto m = static_cast<double>(n - i);
    sum += m * (m - 1.0) * (m - 2.0) * rho[i];
  }
  if (options.hamed_rao_sum == HamedRaoSum::absolute) sum = std::abs(sum);
  const auto nd = static_cast<double>(n);
  r.correction = 1.0 + (2.0 / (nd * (nd - 1.0) * (nd - 2.0))) * sum;
  r.var_s = r.var_s_uncorrected * r.correction;
  detail::mk_decide(r, options, false, false);
  return r;
}

/// Mann-Kendall test with the Yue & Wang (2004) variance correction by an effective sample size: the series is
/// detrended with its Sen slope, and Var S* = Var S * (1 + 2 sum_{k=1}^{L} (1 - k/n) rho_k) with rho_k the
/// autocorrelation (divisor n) of the detrended series at every lag 1..L, significant or not
/// (YueWangCorrelation::sample, as pymannkendall.yue_wang_modification_test(); lag 0 = all lags 1..n-1 = its
/// lag=None; lag 1 = Yue & Wang's lag-1 form), or rho_k = r1^k (YueWangCorrelation::ar1).
///
/// Minimum length: 3 observed values. Missing values and ties as hamed_rao_test(). A correction <= 0 (strong
/// negative autocorrelation) gives status variance_not_positive.
/// @param series the series.
/// @param options alpha, lag, yue_wang, Sen interval.
/// @return the test result; correction = the factor, lags_used = L.
/// @throws InvalidInput (context `yue_wang_test`): as mann_kendall_test().
inline MannKendallResult yue_wang_test(const Series& series, const MannKendallOptions& options = {}) {
  MannKendallResult r;
  const detail::ObservedSeries obs = detail::mk_start("yue_wang_test", series, options, r);
  if (r.n < 3) return r;
  const std::size_t n = r.n;
  const std::size_t lags = detail::effective_lag(options, n);
  r.lags_used = static_cast<int>(lags);
  const std::vector<double> detrended = detail::detrend(obs, r.slope);
  const bool ar1 = options.yue_wang == YueWangCorrelation::ar1;
  const std::vector<double> rho = detail::autocorrelation(detrended, ar1 ? 1 : lags);
  const auto nd = static_cast<double>(n);
  double sum = 0.0;
  double power = 1.0;
  for (std::size_t k = 1; k <= lags; ++k) {
    power *= ar1 ? rho[1] : 1.0;
    sum += (1.0 - static_cast<double>(k) / nd) * (ar1 ? power : rho[k]);
  }
  r.correction = 1.0 + 2.0 * sum;
  r.var_s = r.var_s_uncorrected * r.correction;
  detail::mk_decide(r, options, false, false);
  return r;
}

namespace detail {

// Pre-whitening of consecutive observed values: w_k = x_k - r1 x_{k-1}, k = 1..n-1.
inline std::vector<double> prewhiten(const std::vector<double>& x, double r1) {
  std::vector<double> w(x.size() - 1);
  for (std::size_t k = 1; k < x.size(); ++k) w[k - 1] = x[k] - x[k - 1] * r1;
  return w;
}

inline MannKendallResult whitened_test(const std::string& ctx, const Series& series, const MannKendallOptions& o,
                                       bool trend_free) {
  check_options(ctx, o);
  const ObservedSeries obs = observed_points(ctx, series);
  MannKendallResult r;
  r.n = obs.value.size();
  r.missing = obs.missing;
  if (r.n < 4) return r;
  take_sen(r, sen_slope(series, o.sen));
  std::vector<double> base = obs.value;
  if (trend_free) {
    for (std::size_t k = 0; k < r.n; ++k) base[k] -= r.slope * obs.time[k];
  }
  r.r1 = autocorrelation(base, 1)[1];
  std::vector<double> w = prewhiten(base, r.r1);
  std::vector<double> t(obs.time.begin() + 1, obs.time.end());
  if (trend_free) {
    for (std::size_t k = 0; k < w.size(); ++k) w[k] += r.slope * t[k];
  }
  r.n_tested = w.size();
  mk_fill(r, mk_group(t, w));
  mk_decide(r, o, true, !has_ties(w));
  return r;
}

}  // namespace detail

/// Mann-Kendall test after pre-whitening (Yue & Wang 2002; von Storch 1995): the lag-1 autocorrelation r1
/// (divisor n) of the observed values is removed, w_k = y_k - r1 y_{k-1}, and the original test runs on the n - 1
/// values w (S, Var S, tau over them). Slope and intercept are the Sen slope of the input series. Same numbers
/// as pymannkendall.pre_whitening_modification_test().
///
/// Minimum length: 4 observed values. Missing values are dropped with their time stamps; "lag 1" pairs
/// consecutive observed values, as pymannkendall. Ties as mann_kendall_test() on w.
/// @param series the series.
/// @param options alpha, p value method, Sen interval.
/// @return the test result; r1 and n_tested = n - 1.
/// @throws InvalidInput (context `pre_whitening_test`): as mann_kendall_test().
inline MannKendallResult pre_whitening_test(const Series& series, const MannKendallOptions& options = {}) {
  return detail::whitened_test("pre_whitening_test", series, options, false);
}

/// Mann-Kendall test after trend-free pre-whitening (Yue, Pilon, Phinney & Cavadias 2002): detrend with the Sen
/// slope b (d = y - b t), remove the lag-1 autocorrelation r1 of d (e_k = d_k - r1 d_{k-1}), add the trend back
/// (w_k = e_k + b t_k) and run the original test on the n - 1 values w. Same numbers as
/// pymannkendall.trend_free_pre_whitening_modification_test() (which detrends with b (k + 1), a constant shift
/// that changes neither r1 nor S).
///
/// Minimum length: 4 observed values. Missing values and ties as pre_whitening_test().
/// @param series the series.
/// @param options alpha, p value method, Sen interval.
/// @return the test result; r1 and n_tested = n - 1.
/// @throws InvalidInput (context `trend_free_pre_whitening_test`): as mann_kendall_test().
inline MannKendallResult trend_free_pre_whitening_test(const Series& series, const MannKendallOptions& options = {}) {
  return detail::whitened_test("trend_free_pre_whitening_test", series, options, true);
}

namespace detail {

// The seasonal and regional tests: S, Var S and the pair counts summed over independent groups.
inline void grouped_test(const std::vector<std::vector<double>>& ts, const std::vector<std::vector<double>>& ys,
                         const MannKendallOptions& o, MannKendallResult& r) {
  MkGroup total;
  for (std::size_t g = 0; g < ys.size(); ++g) {
    const MkGroup one = mk_group(ts[g], ys[g]);
    total.s += one.s;
    total.n0 += one.n0;
    total.n2 += one.n2;
    total.var_s += one.var_s;
  }
  r.n_tested = r.n;
  if (total.n0 == 0) return;  // too_short: no group has two values
  mk_fill(r, total);
  mk_decide(r, o, false, false);
}

}  // namespace detail

/// Seasonal Mann-Kendall test (Hirsch, Slack & Smith 1982): S and Var S are summed over the seasons, each
/// season's values tested on their own (S_g over season g in time order, tie-corrected Var S_g), then
/// z = (S - sign S) / sqrt(sum Var S_g); tau = S / sum n_g(n_g-1)/2; slope = seasonal_sen_slope(). The k-th
/// entry of the series (missing entries counted) is in season k mod period. Same numbers as
/// pymannkendall.seasonal_test(x, period) for t = k / period (its slope is per cycle).
///
/// Minimum length: one season with 2 observed values (too_short otherwise). Missing values are dropped within
/// their season. Every season constant: status constant. Seasons are assumed independent (no covariance term).
/// @param series the series, first entry in the first season.
/// @param options alpha, period (>= 1), Sen interval.
/// @return the test result.
/// @throws InvalidInput (context `seasonal_test`): as mann_kendall_test(), and out_of_range for period < 1.
inline MannKendallResult seasonal_test(const Series& series, const MannKendallOptions& options = {}) {
  const std::string ctx = "seasonal_test";
  detail::check_options(ctx, options);
  if (options.period < 1) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "period " + std::to_string(options.period) + " must be at least 1");
  }
  (void)detail::observed_points(ctx, series);
  MannKendallResult r;
  const auto p = static_cast<std::size_t>(options.period);
  std::vector<std::vector<double>> ts(p);
  std::vector<std::vector<double>> ys(p);
  for (Eigen::Index k = 0; k < series.value.size(); ++k) {
    if (std::isnan(series.value[k])) {
      ++r.missing;
      continue;
    }
    const auto g = static_cast<std::size_t>(k) % p;
    ts[g].push_back(series.time[k]);
    ys[g].push_back(series.value[k]);
    ++r.n;
  }
  detail::grouped_test(ts, ys, options, r);
  if (r.n_tested > 0 && r.var_s_uncorrected == r.var_s_uncorrected) {
    detail::take_sen(r, seasonal_sen_slope(series, options.period, options.sen));
  }
  return r;
}

/// Regional Mann-Kendall test (Helsel & Frans 2006): the seasonal test with sites in place of seasons, S and
/// Var S summed over the sites, each site tested on its own series (its own time stamps and gaps), sites
/// assumed independent. tau = S / sum n_g(n_g-1)/2; slope = median of the within-site pairwise slopes (the
/// regional Kendall slope), intercept = median of all observed y - slope * median of all observed t. Same S,
/// Var S, z, p, tau and slope as pymannkendall.regional_test() on the sites as columns; its intercept differs
/// (it takes the median of row + column / sites over the flattened matrix).
///
/// Minimum length: one site with 2 observed values (too_short otherwise). Missing values are dropped within
/// their site. Every site constant: status constant.
/// @param sites one series per site, at least one.
/// @param options alpha, Sen interval.
/// @return the test result.
/// @throws InvalidInput (context `regional_test[site=k]`): as mann_kendall_test() for site k; empty_input
///   (context `regional_test`) when no site is given.
inline MannKendallResult regional_test(const std::vector<Series>& sites, const MannKendallOptions& options = {}) {
  const std::string ctx = "regional_test";
  detail::check_options(ctx, options);
  if (sites.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no site series given");
  MannKendallResult r;
  std::vector<std::vector<double>> ts;
  std::vector<std::vector<double>> ys;
  for (std::size_t g = 0; g < sites.size(); ++g) {
    detail::ObservedSeries obs = detail::observed_points(ctx + "[site=" + std::to_string(g) + "]", sites[g]);
    r.n += obs.value.size();
    r.missing += obs.missing;
    ts.push_back(std::move(obs.time));
    ys.push_back(std::move(obs.value));
  }
  detail::grouped_test(ts, ys, options, r);
  if (!(r.n_tested > 0 && r.var_s_uncorrected == r.var_s_uncorrected)) return r;
  // The regional Kendall slope: within-site pairs pooled, as seasonal_sen_slope() pools seasons.
  SenResult sen;
  sen.n = r.n;
  sen.missing = r.missing;
  detail::finish_sen_groups(ts, ys, r.var_s_uncorrected, options.sen, detail::SlopeSelection::automatic, sen);
  detail::take_sen(r, sen);
  return r;
}

/// Runs the method chosen in MannKendallOptions::method on one series (regional: the series as the only site).
/// @param series the series.
/// @param options the method and its options.
/// @return the test result.
/// @throws InvalidInput as the chosen test, and invalid_argument (context `mann_kendall`) for a method outside
///   the enumeration.
inline MannKendallResult mann_kendall(const Series& series, const MannKendallOptions& options = {}) {
  switch (options.method) {
    case MannKendallMethod::original:
      return mann_kendall_test(series, options);
    case MannKendallMethod::hamed_rao:
      return hamed_rao_test(series, options);
    case MannKendallMethod::yue_wang:
      return yue_wang_test(series, options);
    case MannKendallMethod::pre_whitening:
      return pre_whitening_test(series, options);
    case MannKendallMethod::trend_free_pre_whitening:
      return trend_free_pre_whitening_test(series, options);
    case MannKendallMethod::seasonal:
      return seasonal_test(series, options);
    case MannKendallMethod::regional:
      return regional_test(std::vector<Series>{series}, options);
  }
  throw InvalidInput(ErrorCode::invalid_argument, "mann_kendall",
                     "method " + std::to_string(static_cast<int>(options.method)) + " is not a MannKendallMethod");
}

/// The registry of Mann-Kendall methods: one entry per MannKendallMethod in enumeration order, name =
/// to_string(method), aliases = the command-line spellings (hyphenated forms are also accepted by
/// parse_mann_kendall_method()).
/// @return a static list.
inline const std::vector<MethodInfo>& mann_kendall_methods() {
  static const std::vector<MethodInfo> methods = [] {
    const ParameterInfo alpha{"alpha", "0.05", "significance level in (0, 1)"};
    const ParameterInfo lag{"lag", "0", "highest autocorrelation lag; 0 = every lag 1..n-1"};
    const ParameterInfo p_value{"p_value", "normal", "normal (continuity-corrected) or exact (no ties, small n)"};
    return std::vector<MethodInfo>{
        {"original",
         "S, tie-corrected Var S, continuity-corrected z",
         "Mann (1945); Kendall (1975)",
         {alpha, p_value},
         {"mk", "mann_kendall"}},
        {"hamed_rao",
         "Var S scaled by n/n* from significant rank autocorrelations of the detrended series",
         "Hamed & Rao (1998)",
         {alpha, lag, {"hamed_rao_sum", "published", "published (signed sum) or absolute (pymannkendall)"}},
         {}},
        {"yue_wang",
         "Var S scaled by 1 + 2 sum (1 - k/n) rho_k of the detrended series",
         "Yue & Wang (2004)",
         {alpha, lag, {"yue_wang", "sample", "sample (ACF at each lag) or ar1 (r1^k)"}},
         {}},
        {"pre_whitening", "test on y_k - r1 y_{k-1}", "Yue & Wang (2002)", {alpha, p_value}, {"pw"}},
        {"trend_free_pre_whitening",
         "detrend with the Sen slope, remove r1, restore the trend, test",
         "Yue, Pilon, Phinney & Cavadias (2002)",
         {alpha, p_value},
         {"tfpw"}},
        {"seasonal",
         "S and Var S summed over seasons",
         "Hirsch, Slack & Smith (1982)",
         {alpha, {"period", "12", "season length, >= 1"}},
         {}},
        {"regional", "S and Var S summed over sites", "Helsel & Frans (2006)", {alpha}, {}},
    };
  }();
  return methods;
}

/// Reads a Mann-Kendall method from its name or alias, ignoring ASCII case and treating '-' as '_': "mk",
/// "original", "hamed-rao", "hamed_rao", "yue-wang", "pw", "pre-whitening", "tfpw", "seasonal", "regional".
/// @param text the name.
/// @return the method.
/// @throws ParseError (source "mann-kendall method") quoting the text and listing the valid names.
inline MannKendallMethod parse_mann_kendall_method(std::string_view text) {
  return static_cast<MannKendallMethod>(detail::find_method(mann_kendall_methods(), text, "mann-kendall method", true));
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_MANN_KENDALL_HPP
