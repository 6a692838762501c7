/// @file
/// @brief Pettitt's (1979) non-parametric test for a single change point in the level of a series.
#ifndef QUALIS_TREND_CHANGE_POINT_HPP
#define QUALIS_TREND_CHANGE_POINT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/error.hpp"
#include "qualis/trend/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// The result of pettitt_test(). Quantities that do not exist for the data are NaN (or -1 for the indices), and
/// `status` says why.
struct PettittResult {
  /// U_t for t = 1 .. n - 1 over the observed points (element t - 1); U_n = 0 is left out.
  Eigen::VectorXd u;
  double k = std::numeric_limits<double>::quiet_NaN();        ///< K = max_t |U_t|, the test statistic.
  double p_value = std::numeric_limits<double>::quiet_NaN();  ///< min(1, 2 exp(-6 K^2 / (n^3 + n^2))).
  /// Position in the input series (missing values included) of the last point of the first segment; -1 when
  /// there is no change point (status not ok).
  Eigen::Index index = -1;
  /// Position of that point among the observed points, i.e. tau - 1 with tau as R's pettitt.test reports it; -1
  /// when there is no change point.
  Eigen::Index observed_index = -1;
  double time = std::numeric_limits<double>::quiet_NaN();         ///< Time stamp of that point.
  double mean_before = std::numeric_limits<double>::quiet_NaN();  ///< Mean of the observed values up to it.
  double mean_after = std::numeric_limits<double>::quiet_NaN();   ///< Mean of the observed values after it.
  std::size_t n = 0;                                              ///< Observed points used.
  std::size_t missing = 0;                                        ///< NaN values left out.
  TrendStatus status = TrendStatus::too_short;                    ///< How the test ended.
};

/// Pettitt's test for one shift in the central tendency of a series (Pettitt, A. N. (1979), "A non-parametric
/// approach to the change point problem", *Applied Statistics* 28(2), 126-135).
///
/// Over the n observed values x_1..x_n in time order:
/// - U_t = sum_{i <= t} sum_{j > t} sgn(x_i - x_j), t = 1 .. n - 1 (the Mann-Whitney statistic of the two
///   segments; positive when the first segment is higher). Computed as U_t = U_{t-1} + sum_j sgn(x_t - x_j),
///   the inner sum counted by binary search in the sorted values, in O(n log n).
/// - K = max_t |U_t|; the change point tau is the first t at which |U_t| = K, i.e. **the last point of the first
///   segment**, as R's trend::pettitt.test reports it (R lists all tied maxima; this takes the first).
/// - p = 2 exp(-6 K^2 / (n^3 + n^2)), capped at 1 (Pettitt's approximation, good for p <= 0.5).
/// - mean_before / mean_after: means of x_1..x_tau and x_{tau+1}..x_n.
///
/// Ties: sgn(0) = 0, so tied values add nothing to U (equivalent to mid-ranks in R's rank form
/// U_t = 2 sum_{i<=t} r_i - t (n + 1)). Minimum length: 3 observed points; fewer gives `too_short` with n and
/// missing only. All values equal: `constant`, U = 0, K = 0, p = 1 and no change point (index -1).
/// Missing values: NaN values are left out and counted in `missing`; U, tau and the means are over the observed
/// points, `index` maps tau back to the input position. Time stamps only order the points (the test is by rank
/// and position), so uneven gaps do not change U.
/// @param series the series (time stamps strictly increasing and finite; values finite or NaN).
/// @return the test result.
/// @throws InvalidInput (context `pettitt_test`): size_mismatch, not_finite or inconsistent from the series
///   check (naming the position).
inline PettittResult pettitt_test(const Series& series) {
  const std::string ctx = "pettitt_test";
  const detail::ObservedSeries obs = detail::observed_points(ctx, series);
  PettittResult r;
  r.n = obs.value.size();
  r.missing = obs.missing;
  if (r.n < 3) return r;
  const std::size_t n = r.n;
  std::vector<double> sorted = obs.value;
  std::sort(sorted.begin(), sorted.end());
  r.u.resize(static_cast<Eigen::Index>(n - 1));
  double u = 0.0;
  r.k = 0.0;
  std::size_t tau = 0;
  for (std::size_t t = 0; t + 1 < n; ++t) {
    const double x = obs.value[t];
    const auto less = std::lower_bound(sorted.begin(), sorted.end(), x) - sorted.begin();
    const auto greater = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), x);
    u += static_cast<double>(less - greater);
    r.u[static_cast<Eigen::Index>(t)] = u;
    if (std::fabs(u) > r.k) {
      r.k = std::fabs(u);
      tau = t;
    }
  }
  const double nd = static_cast<double>(n);
  r.p_value = std::min(1.0, 2.0 * std::exp(-6.0 * r.k * r.k / (nd * nd * nd + nd * nd)));
  if (sorted.front() == sorted.back()) {
    r.status = TrendStatus::constant;
    return r;
  }
  r.observed_index = static_cast<Eigen::Index>(tau);
  r.time = obs.time[tau];
  // Map back to the input position through the time stamp (times are strictly increasing).
  for (Eigen::Index k = 0; k < series.time.size(); ++k) {
    if (series.time[k] == r.time) {
      r.index = k;
      break;
    }
  }
  double before = 0.0;
  double after = 0.0;
  for (std::size_t i = 0; i < n; ++i) (i <= tau ? before : after) += obs.value[i];
  r.mean_before = before / static_cast<double>(tau + 1);
  r.mean_after = after / static_cast<double>(n - tau - 1);
  r.status = TrendStatus::ok;
  return r;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_CHANGE_POINT_HPP
