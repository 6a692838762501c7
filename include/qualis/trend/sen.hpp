/// @file
/// @brief Theil-Sen slope on real time stamps, its rank-based confidence interval, Conover's intercept, and the
/// seasonal Sen slope (Hirsch et al. 1982).
#ifndef QUALIS_TREND_SEN_HPP
#define QUALIS_TREND_SEN_HPP

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/kendall.hpp"
#include "qualis/error.hpp"
#include "qualis/trend/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// How the confidence interval of a Sen slope picks its order statistics. Both use the normal quantile z of
/// the confidence level and the variance of Kendall's S (tie-corrected): C = z * sqrt(Var S), over the N
/// ascending pairwise slopes.
enum class SenInterval : int {
  /// Gilbert (1987, ch. 16): lower = the slope of (1-based) rank M1 = (N - C) / 2, upper = the slope of
  /// rank M2 + 1 with M2 = (N + C) / 2, interpolating linearly between neighbouring order statistics at
  /// fractional ranks (as R's `trend::sens.slope`). The default.
  gilbert = 0,
  /// Sen (1968) with the ranks rounded half to even, as `scipy.stats.theilslopes`: lower = 0-based rank
  /// round((N - C) / 2) - 1, upper = 0-based rank round((N + C) / 2).
  sen_rounded = 1,
};

/// The stable name of an interval rule: "gilbert" or "sen_rounded".
/// @param rule the rule.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(SenInterval rule) noexcept {
  switch (rule) {
    case SenInterval::gilbert:
      return "gilbert";
    case SenInterval::sen_rounded:
      return "sen_rounded";
  }
  return "unknown";
}

/// Options of sen_slope() and seasonal_sen_slope().
struct SenOptions {
  double confidence = 0.95;                     ///< Confidence level of the interval, in (0, 1); 0.95 as Gilbert.
  SenInterval interval = SenInterval::gilbert;  ///< Which order statistics bound the interval.
};

/// A Sen slope with its interval and intercept.
struct SenResult {
  double slope = std::numeric_limits<double>::quiet_NaN();      ///< Median pairwise slope, per unit of time.
  double intercept = std::numeric_limits<double>::quiet_NaN();  ///< median(y) - slope * median(t) (Conover).
  double lower = std::numeric_limits<double>::quiet_NaN();      ///< Lower end of the confidence interval.
  double upper = std::numeric_limits<double>::quiet_NaN();      ///< Upper end of the confidence interval.
  /// True when a rank of the interval fell outside 1..N and was clamped to the smallest or largest slope: the
  /// series is too short for the interval at this confidence, whose end is then the extreme slope.
  bool interval_truncated = false;
  double var_s = std::numeric_limits<double>::quiet_NaN();  ///< Var S used by the interval (tie-corrected).
  std::int64_t pairs = 0;   ///< N: the pairwise slopes (pairs within a season for the seasonal slope).
  std::size_t n = 0;        ///< Observed values used.
  std::size_t missing = 0;  ///< Missing (NaN) values dropped with their time stamps.
  TrendStatus status = TrendStatus::too_short;  ///< ok, too_short (no pair) or constant (all slopes 0).
};

namespace detail {

// The k-th smallest (0-based) of v; v is reordered.
inline double order_statistic(std::vector<double>& v, std::size_t k) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Median as numpy computes it: the middle value, or the mean of the two middle values; v is reordered.
inline double median_of(std::vector<double>& v) {
  const std::size_t m = v.size() / 2;
  const double hi = order_statistic(v, m);
  if (v.size() % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m));
  return (lo + hi) / 2.0;
}

// Var S of Mann-Kendall with ties in y (Kendall 1975): (n(n-1)(2n+5) - sum_g t(t-1)(2t+5)) / 18. The numerator is
// an exact integer, divided once, as pymannkendall (Python integers) does.
inline double mk_variance(std::vector<double> y) {
  std::sort(y.begin(), y.end());
  const auto n = static_cast<std::int64_t>(y.size());
  const bool fits = n < 1000000;  // 2 n^3 < 2^63
  std::int64_t num = n * (n - 1) * (2 * n + 5);
  double num_d = static_cast<double>(n) * static_cast<double>(n - 1) * static_cast<double>(2 * n + 5);
  std::size_t start = 0;
  for (std::size_t k = 1; k <= y.size(); ++k) {
    if (k == y.size() || y[k] != y[k - 1]) {
      const auto t = static_cast<std::int64_t>(k - start);
      num -= t * (t - 1) * (2 * t + 5);
      num_d -= static_cast<double>(t) * static_cast<double>(t - 1) * static_cast<double>(2 * t + 5);
      start = k;
    }
  }
  return fits ? static_cast<double>(num) / 18.0 : num_d / 18.0;
}

// Appends the pairwise slopes (y_j - y_i) / (t_j - t_i), i < j, of one group of observed points.
inline void append_slopes(const std::vector<double>& t, const std::vector<double>& y, std::vector<double>& out) {
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    for (std::size_t j = i + 1; j < t.size(); ++j) out.push_back((y[j] - y[i]) / (t[j] - t[i]));
  }
}

// How the order statistics of the pairwise slopes are found. automatic: all_pairs up to sen_all_pairs_max pairs,
// bisection above. The two others force a path (tests and benchmarks compare them).
enum class SlopeSelection : int { automatic = 0, all_pairs = 1, bisection = 2 };

// Above this many pooled pairwise slopes the order statistics are selected by bisection instead of forming every
// slope: 128 * 127 / 2, i.e. a single series of more than 128 observed values. Measured (GCC 12 -O2, one core):
// forming the slopes is faster up to about n = 90 (n = 30: 4.6 vs 4.2 us, about even; n = 10: 0.7 vs 1.3 us),
// bisection from n = 128 on (57 vs 39 us; n = 512: 3.4 vs 0.8 ms; n = 10,000: 3.8 s vs 45 ms).
inline constexpr std::int64_t sen_all_pairs_max = 8128;

// Whether the order statistics of `pairs` slopes are found by bisection.
constexpr bool use_bisection(SlopeSelection selection, std::int64_t pairs) noexcept {
  return selection == SlopeSelection::bisection ||
         (selection == SlopeSelection::automatic && pairs > sen_all_pairs_max);
}

// Values at the sorted distinct 0-based ranks of v (the k-th smallest for each k); v is reordered.
inline std::vector<double> order_statistics(std::vector<double>& v, const std::vector<std::int64_t>& ranks) {
  std::vector<double> out;
  out.reserve(ranks.size());
  if (ranks.size() > 16) {  // many ranks (tests): one sort beats an nth_element per rank
    std::sort(v.begin(), v.end());
    for (const std::int64_t k : ranks) out.push_back(v[static_cast<std::size_t>(k)]);
    return out;
  }
  auto from = v.begin();
  for (const std::int64_t k : ranks) {
    const auto at = v.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(from, at, v.end());
    out.push_back(*at);
    from = at + 1;  // the ranks above k lie after it now
  }
  return out;
}

// Exact order statistics of the pooled pairwise slopes (y_j - y_i) / (t_j - t_i), i < j within each group, without
// forming them all. Each group's times must increase strictly (observed_points() guarantees it), so every pair
// has a slope and none is excluded.
//
// Counting: for a real theta and t_i < t_j, the slope of (i, j) is < theta exactly when
// w_j < w_i with w_k = y_k - theta t_k, so the slopes below theta are the inversions of w in time order, counted by
// a merge sort in O(n log n). Bisection on theta keeps, for each wanted rank k, a bracket [lo, hi) with
// count(lo) <= k < count(hi), splitting the set of wanted ranks when a midpoint falls between them, until the
// bracket holds at most `budget` slopes. Enumeration: a pair is in [lo, hi) when its order by w(lo) and by w(hi)
// differ (i before j at lo, after j at hi), so a merge sort of the w(hi)-ranks listed in w(lo) order emits exactly
// those pairs in O(n log n + W). Their slopes are computed with the same expression as append_slopes(), so the
// k-th smallest is the (k - count(lo))-th of the window, picked with nth_element.
//
// Exactness: w is rounded, and the computed slope differs from the real one by a few ulps, so a pair within a tiny
// margin of lo or hi may be counted on the wrong side. margin() bounds that zone (u = 2^-53): a key errs by at most
// u (|y| + 2|theta t|), a pair is misclassified only if |slope - theta| < 2 * that / min(t_j - t_i), and the computed
// slope is within 3u relative of the real one. The selected value v is accepted only if it lies at least a margin
// inside [lo, hi): then every slope counted below lo is <= v and every slope above the window is >= v, so v is the
// k-th smallest computed slope, the very number the all-pairs path returns. Otherwise (a value repeated exactly at
// a boundary, e.g. many zero slopes from ties) the bracket is widened and the window enumerated again; bisection
// stops before a bracket gets narrower than 256 margins, and after a few failed widenings the all-pairs path
// answers (never met in the tests; it keeps the result exact whatever the data).
class PairwiseSlopes {
 public:
  // ts[g], ys[g]: the times (strictly increasing) and values of group g.
  PairwiseSlopes(const std::vector<std::vector<double>>& ts, const std::vector<std::vector<double>>& ys)
      : ts_(ts), ys_(ys) {
    double ymin = std::numeric_limits<double>::infinity();
    double ymax = -ymin;
    for (std::size_t g = 0; g < ts_.size(); ++g) {
      const std::size_t n = ts_[g].size();
      pairs_ += static_cast<std::int64_t>(n) * (static_cast<std::int64_t>(n) - 1) / 2;
      points_ += n;
      for (std::size_t k = 0; k < n; ++k) {
        abs_y_ = std::max(abs_y_, std::abs(ys_[g][k]));
        abs_t_ = std::max(abs_t_, std::abs(ts_[g][k]));
        ymin = std::min(ymin, ys_[g][k]);
        ymax = std::max(ymax, ys_[g][k]);
        if (k > 0) min_dt_ = std::min(min_dt_, ts_[g][k] - ts_[g][k - 1]);
      }
    }
    // Every slope lies in [-bound, bound]; the odd factors keep the bisection points off round numbers such as
    // 0 or 1/2, where the slopes of integer data pile up.
    constant_ = !(ymax > ymin);
    const double bound = pairs_ > 0 ? (ymax - ymin) / min_dt_ : 0.0;
    lo0_ = -2.3183 * bound - 1.0761;
    hi0_ = 2.1347 * bound + 1.0357;
    budget_ = std::max<std::int64_t>(static_cast<std::int64_t>(2 * points_), 1024);
  }

  std::int64_t pairs() const { return pairs_; }

  // Slopes whose real value is below theta, up to the misclassification zone of margin().
  std::int64_t count_below(double theta) {
    std::int64_t count = 0;
    for (std::size_t g = 0; g < ts_.size(); ++g) {
      const std::size_t n = ts_[g].size();
      keys_.resize(n);
      for (std::size_t k = 0; k < n; ++k) keys_[k] = ys_[g][k] - theta * ts_[g][k];
      count += inversions(keys_);
    }
    return count;
  }

  // The computed slopes of the pairs counted below hi but not below lo.
  std::vector<double> window(double lo, double hi) {
    std::vector<double> out;
    for (std::size_t g = 0; g < ts_.size(); ++g) window_of(ts_[g], ys_[g], lo, hi, out);
    return out;
  }

  // The computed slopes at the sorted distinct 0-based ranks, each as the all-pairs path would find it.
  std::vector<double> select(const std::vector<std::int64_t>& ranks) {
    std::vector<double> out(ranks.size());
    if (ranks.empty()) return out;
    if (constant_) return out;  // every slope is (y - y) / dt = +0
    if (!(std::isfinite(lo0_) && std::isfinite(hi0_))) return all_pairs(ranks);
    std::vector<Task> todo{{lo0_, hi0_, count_below(lo0_), count_below(hi0_), 0, ranks.size(), 0}};
    while (!todo.empty()) {
      Task task = todo.back();
      todo.pop_back();
      for (int step = 0; step < 400 && task.below_hi - task.below_lo > budget_; ++step) {
        if (task.hi - task.lo <= 256.0 * (margin(task.lo) + margin(task.hi))) break;
        const double mid = task.lo + (task.hi - task.lo) / 2.0;
        const std::int64_t below_mid = count_below(mid);
        // Ranks < below_mid have their slope below mid; the others at or above it.
        std::size_t split = task.first;
        while (split < task.last && ranks[split] < below_mid) ++split;
        if (split > task.first && split < task.last) {
          todo.push_back({mid, task.hi, below_mid, task.below_hi, split, task.last, 0});
        }
        if (split > task.first) {
          task = {task.lo, mid, task.below_lo, below_mid, task.first, split, 0};
        } else {
          task = {mid, task.hi, below_mid, task.below_hi, task.first, task.last, 0};
        }
      }
      if (!finish(task, ranks, out)) {
        if (task.widened >= 6) {
          const std::vector<std::int64_t> some(ranks.begin() + static_cast<std::ptrdiff_t>(task.first),
                                               ranks.begin() + static_cast<std::ptrdiff_t>(task.last));
          const std::vector<double> values = all_pairs(some);
          std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(task.first));
          continue;
        }
        const double widen = std::max(task.hi - task.lo, 256.0 * (margin(task.lo) + margin(task.hi)));
        task.lo = std::max(lo0_, task.lo - 0.7549 * widen);
        task.hi = std::min(hi0_, task.hi + 0.6823 * widen);
        task.below_lo = count_below(task.lo);
        task.below_hi = count_below(task.hi);
        ++task.widened;
        todo.push_back(task);
      }
    }
    return out;
  }

  // The all-pairs path for the same ranks (O(pairs) memory).
  std::vector<double> all_pairs(const std::vector<std::int64_t>& ranks) const {
    std::vector<double> slopes;
    slopes.reserve(static_cast<std::size_t>(pairs_));
    for (std::size_t g = 0; g < ts_.size(); ++g) append_slopes(ts_[g], ys_[g], slopes);
    return order_statistics(slopes, ranks);
  }

 private:
  // A bracket [lo, hi) of slopes holding the wanted ranks ranks[first..last).
  struct Task {
    double lo, hi;
    std::int64_t below_lo, below_hi;  // count_below(lo), count_below(hi)
    std::size_t first, last;
    int widened;  // times the bracket was widened after a failed check
  };

  // Half-width of the zone around theta where a slope may be counted on the wrong side of theta, or where its
  // computed value may cross theta (see the class comment); generous by a factor of about 4.
  double margin(double theta) const {
    constexpr double u = std::numeric_limits<double>::epsilon() / 2.0;
    const double g = 8.0 * u * (abs_y_ + 2.01 * std::abs(theta) * abs_t_) / min_dt_;
    return g + 8.0 * u * (std::abs(theta) + g) + 4.0 * std::numeric_limits<double>::denorm_min();
  }

  // Picks the task's ranks from its window if they are provably the right ones; false if not.
  bool finish(const Task& task, const std::vector<std::int64_t>& ranks, std::vector<double>& out) {
    std::vector<double> w = window(task.lo, task.hi);
    std::vector<std::int64_t> local;
    for (std::size_t r = task.first; r < task.last; ++r) {
      const std::int64_t k = ranks[r] - task.below_lo;
      if (k < 0 || k >= static_cast<std::int64_t>(w.size())) return false;
      local.push_back(k);
    }
    const std::vector<double> values = order_statistics(w, local);
    const double lowest = task.lo + margin(task.lo);
    const double highest = task.hi - margin(task.hi);
    if (task.lo > lo0_ && !(values.front() >= lowest)) return false;
    if (task.hi < hi0_ && !(values.back() <= highest)) return false;
    std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(task.first));
    return true;
  }

  // Pairs i < j with a[j] < a[i] (a is consumed: sorted).
  std::int64_t inversions(std::vector<double>& a) { return sort_counting_inversions(a, scratch_); }

  // Appends the slopes of the pairs of one group that are not below lo but below hi: the pairs whose order by
  // (w(lo), index) and by (w(hi), index) differ with the earlier time first at lo.
  static void window_of(const std::vector<double>& t, const std::vector<double>& y, double lo, double hi,
                        std::vector<double>& out) {
    const std::size_t n = t.size();
    if (n < 2) return;
    std::vector<double> key_lo(n);
    std::vector<double> key_hi(n);
    for (std::size_t k = 0; k < n; ++k) {
      key_lo[k] = y[k] - lo * t[k];
      key_hi[k] = y[k] - hi * t[k];
    }
    auto by = [](const std::vector<double>& key) {
      return [&key](std::size_t a, std::size_t b) { return key[a] < key[b] || (key[a] == key[b] && a < b); };
    };
    std::vector<std::size_t> order_hi(n);
    std::iota(order_hi.begin(), order_hi.end(), std::size_t{0});
    std::sort(order_hi.begin(), order_hi.end(), by(key_hi));
    std::vector<std::size_t> rank_hi(n);
    for (std::size_t p = 0; p < n; ++p) rank_hi[order_hi[p]] = p;
    std::vector<std::size_t> a(n);  // point indices in (w(lo), index) order, merge-sorted by rank_hi
    std::iota(a.begin(), a.end(), std::size_t{0});
    std::sort(a.begin(), a.end(), by(key_lo));
    std::vector<std::size_t> b(n);
    for (std::size_t width = 1; width < n; width *= 2) {
      for (std::size_t first = 0; first < n; first += 2 * width) {
        const std::size_t mid = std::min(first + width, n);
        const std::size_t last = std::min(first + 2 * width, n);
        std::size_t i = first;
        std::size_t j = mid;
        std::size_t k = first;
        while (i < mid && j < last) {
          if (rank_hi[a[j]] < rank_hi[a[i]]) {
            // a[j] jumps over a[i..mid): each came before it at lo and comes after it at hi.
            const std::size_t q = a[j];
            for (std::size_t m = i; m < mid; ++m) {
              const std::size_t p = a[m];
              if (p < q) out.push_back((y[q] - y[p]) / (t[q] - t[p]));  // as append_slopes(), i = p < j = q
            }
            b[k++] = a[j++];
          } else {
            b[k++] = a[i++];
          }
        }
        while (i < mid) b[k++] = a[i++];
        while (j < last) b[k++] = a[j++];
      }
      a.swap(b);
    }
  }

  const std::vector<std::vector<double>>& ts_;
  const std::vector<std::vector<double>>& ys_;
  std::int64_t pairs_ = 0;
  std::size_t points_ = 0;
  double abs_y_ = 0.0;
  double abs_t_ = 0.0;
  double min_dt_ = std::numeric_limits<double>::infinity();
  bool constant_ = true;  // all values equal
  double lo0_ = 0.0;
  double hi0_ = 0.0;
  std::int64_t budget_ = 0;
  std::vector<double> keys_;
  std::vector<double> scratch_;
};

// The 0-based ranks finish_sen_with() needs, and how it combines them.
struct SenRanks {
  std::vector<std::int64_t> ranks;  // sorted, distinct
  void want(std::int64_t k) {
    const auto it = std::lower_bound(ranks.begin(), ranks.end(), k);
    if (it == ranks.end() || *it != k) ranks.insert(it, k);
  }
};

// Fills slope, interval and intercept from N pooled slopes, whose order statistics select(ranks) returns (ranks
// sorted and distinct), and the pooled observed points.
template <class Select>
void finish_sen_with(std::int64_t pairs, Select&& select, std::vector<double> all_t, std::vector<double> all_y,
                     double var_s, const SenOptions& options, SenResult& r) {
  r.pairs = pairs;
  r.var_s = var_s;
  if (pairs == 0) {
    r.status = TrendStatus::too_short;
    return;
  }
  const auto nn = static_cast<double>(pairs);
  const std::int64_t last = pairs - 1;
  const boost::math::normal_distribution<double> normal;
  const double z = boost::math::quantile(normal, 0.5 + options.confidence / 2.0);
  const double c = z * std::sqrt(std::max(var_s, 0.0));
  // First the ranks: the median's one or two, then the interval's.
  SenRanks need;
  const std::int64_t m = pairs / 2;
  need.want(m);
  if (pairs % 2 == 0) need.want(m - 1);
  std::int64_t il = 0;
  std::int64_t iu = 0;
  struct Fractional {
    std::int64_t k = 0;
    double frac = 0.0;
    bool next = false;  // whether rank k + 1 enters
  };
  Fractional gl;
  Fractional gu;
  // 1-based fractional ranks, interpolated linearly (Gilbert 1987, ch. 16).
  auto fractional = [&](double rank) {
    Fractional f;
    if (rank < 1.0 || rank > nn) r.interval_truncated = true;
    const double clamped = std::min(std::max(rank, 1.0), nn);
    f.k = static_cast<std::int64_t>(std::floor(clamped)) - 1;
    f.frac = clamped - std::floor(clamped);
    f.next = !(f.frac == 0.0 || f.k == last);
    need.want(f.k);
    if (f.next) need.want(f.k + 1);
    return f;
  };
  if (options.interval == SenInterval::sen_rounded) {
    const double up = std::nearbyint((nn + c) / 2.0);        // 0-based, rounded half to even as numpy
    const double lo = std::nearbyint((nn - c) / 2.0) - 1.0;  // 0-based
    r.interval_truncated = up > static_cast<double>(last) || lo < 0.0;
    iu = static_cast<std::int64_t>(std::min(std::max(up, 0.0), static_cast<double>(last)));
    il = static_cast<std::int64_t>(std::min(std::max(lo, 0.0), static_cast<double>(last)));
    need.want(il);
    need.want(iu);
  } else {
    gl = fractional((nn - c) / 2.0);
    gu = fractional((nn + c) / 2.0 + 1.0);
  }
  const std::vector<double> values = select(need.ranks);
  auto at = [&](std::int64_t k) {
    return values[static_cast<std::size_t>(std::lower_bound(need.ranks.begin(), need.ranks.end(), k) -
                                           need.ranks.begin())];
  };
  r.slope = pairs % 2 == 1 ? at(m) : (at(m - 1) + at(m)) / 2.0;  // as numpy's median
  r.intercept = median_of(all_y) - r.slope * median_of(all_t);
  if (options.interval == SenInterval::sen_rounded) {
    r.lower = at(il);
    r.upper = at(iu);
  } else {
    auto value = [&](const Fractional& f) {
      const double a = at(f.k);
      return f.next ? a + f.frac * (at(f.k + 1) - a) : a;
    };
    r.lower = value(gl);
    r.upper = value(gu);
  }
  // Var S is 0 exactly when every group is constant (then every slope is 0).
  r.status = var_s == 0.0 ? TrendStatus::constant : TrendStatus::ok;
}

// Fills slope, interval and intercept from groups of observed points (times strictly increasing in each), the
// slopes taken within groups, choosing the path by the number of pairs (or as forced).
inline void finish_sen_groups(const std::vector<std::vector<double>>& ts, const std::vector<std::vector<double>>& ys,
                              double var_s, const SenOptions& options, SlopeSelection selection, SenResult& r) {
  std::vector<double> all_t;
  std::vector<double> all_y;
  for (std::size_t g = 0; g < ts.size(); ++g) {
    all_t.insert(all_t.end(), ts[g].begin(), ts[g].end());
    all_y.insert(all_y.end(), ys[g].begin(), ys[g].end());
  }
  PairwiseSlopes slopes(ts, ys);
  if (use_bisection(selection, slopes.pairs())) {
    finish_sen_with(
        slopes.pairs(), [&](const std::vector<std::int64_t>& ranks) { return slopes.select(ranks); }, std::move(all_t),
        std::move(all_y), var_s, options, r);
  } else {
    finish_sen_with(
        slopes.pairs(), [&](const std::vector<std::int64_t>& ranks) { return slopes.all_pairs(ranks); },
        std::move(all_t), std::move(all_y), var_s, options, r);
  }
}

// sen_slope() with the path forced (SlopeSelection::automatic is sen_slope() itself).
inline SenResult sen_slope_with(const Series& series, const SenOptions& options, SlopeSelection selection) {
  const std::string ctx = "sen_slope";
  check_confidence(ctx, options.confidence);
  ObservedSeries obs = observed_points(ctx, series);
  SenResult r;
  r.n = obs.value.size();
  r.missing = obs.missing;
  if (r.n < 2) return r;
  const double var_s = mk_variance(obs.value);
  const std::vector<std::vector<double>> ts{std::move(obs.time)};
  const std::vector<std::vector<double>> ys{std::move(obs.value)};
  finish_sen_groups(ts, ys, var_s, options, selection, r);
  return r;
}

// seasonal_sen_slope() with the path forced.
inline SenResult seasonal_sen_slope_with(const Series& series, int period, const SenOptions& options,
                                         SlopeSelection selection) {
  const std::string ctx = "seasonal_sen_slope";
  check_confidence(ctx, options.confidence);
  if (period < 1) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "period " + std::to_string(period) + " must be at least 1");
  }
  (void)observed_points(ctx, series);  // validates the whole series
  SenResult r;
  const auto p = static_cast<Eigen::Index>(period);
  std::vector<std::vector<double>> ts(static_cast<std::size_t>(period));
  std::vector<std::vector<double>> ys(static_cast<std::size_t>(period));
  double var_s = 0.0;
  for (Eigen::Index season = 0; season < p; ++season) {
    auto& t = ts[static_cast<std::size_t>(season)];
    auto& y = ys[static_cast<std::size_t>(season)];
    for (Eigen::Index k = season; k < series.value.size(); k += p) {
      if (std::isnan(series.value[k])) {
        ++r.missing;
        continue;
      }
      t.push_back(series.time[k]);
      y.push_back(series.value[k]);
    }
    if (y.size() >= 2) var_s += mk_variance(y);
    r.n += y.size();
  }
  finish_sen_groups(ts, ys, var_s, options, selection, r);
  return r;
}

}  // namespace detail

/// Theil-Sen slope: the median of the N = n (n - 1) / 2 pairwise slopes (y_j - y_i) / (t_j - t_i) over the
/// observed points (Theil 1950; Sen 1968), so a gap or uneven spacing is honoured. Intercept (Conover 1980):
/// median(y) - slope * median(t); pymannkendall's sens_slope() uses median(y) - slope * median of the observed
/// positions, which is the same for t = 0, 1, ..., n - 1. The confidence interval is rank based (SenInterval):
/// C = z_{(1+confidence)/2} sqrt(Var S), Var S = (n(n-1)(2n+5) - sum t(t-1)(2t+5)) / 18 over groups of tied
/// values (Kendall 1975).
///
/// Minimum length: 2 observed values (else status too_short, slope NaN). Missing values (NaN) are dropped with
/// their time stamps. Ties in y give zero slopes and shrink Var S; time stamps cannot tie. All values equal:
/// status constant, slope 0 and interval [0, 0].
///
/// Cost: up to 128 observed values every slope is formed and nth_element picks the order statistics (O(n^2)
/// time and memory; fastest for short series). Above, the same order statistics (the median's one or two and the
/// interval's two to four ranks) are selected exactly, without forming the slopes, by bisection with counting:
/// the slopes below theta are the inversions of y - theta t in time order (merge sort, O(n log n)); theta is
/// bisected until a bracket holds at most about 2n slopes, which are then enumerated in O(n log n + 2n) and
/// selected with nth_element. About 30-60 counting passes per series, O(n) memory: n = 10,000 takes ~45 ms
/// instead of ~4 s and 400 MB. A guard on rounding makes the result bit-identical to forming every slope.
/// Selection of the k-th slope in O(n log n) is Cole, Salowe, Steiger & Szemeredi (1989) (deterministic) and
/// Matousek (1991) (randomized); this is the simpler bisection-with-counting variant, whose number of steps
/// depends on the spread of the slopes (bounded by 400 per bracket). Many exactly equal slopes at a wanted rank
/// (e.g. a perfectly linear stretch) stay in the final bracket: its memory grows with their number.
/// @param series the series.
/// @param options confidence level and interval rule.
/// @return slope, interval, intercept and counts.
/// @throws InvalidInput (context `sen_slope`): as detail::observed_points (size_mismatch, not_finite,
///   inconsistent), and out_of_range for a confidence outside (0, 1).
inline SenResult sen_slope(const Series& series, const SenOptions& options = {}) {
  return detail::sen_slope_with(series, options, detail::SlopeSelection::automatic);
}

/// Seasonal Sen slope (Hirsch, Slack & Smith 1982): the median of the pairwise slopes taken within each season
/// only, so a seasonal cycle does not bias it. The k-th entry of the series (counting missing entries) belongs
/// to season k mod period, so the series must start at its first season. Slopes are per unit of time: with
/// period_time() stamps (years) a monthly series gives a change per year; pymannkendall's seasonal_sens_slope()
/// (per cycle) is the case t = k / period. Intercept: median(y) - slope * median(t) over all observed points
/// (Conover 1980). Interval: as sen_slope() with N the within-season pairs and Var S the sum of the seasons'
/// tie-corrected variances (Gilbert 1987, ch. 17).
///
/// Minimum length: one season with 2 observed values (else too_short). Missing values are dropped with their
/// time stamps within their season; ties as sen_slope(). Every season constant: status constant, slope 0. Cost as
/// sen_slope(), with the bisection above 8,128 within-season pairs (counting passes run over each season).
/// @param series the series, entries in season order (first entry = first season).
/// @param period season length, >= 1 (12 for monthly data, 4 for quarterly).
/// @param options confidence level and interval rule.
/// @return slope, interval, intercept and counts.
/// @throws InvalidInput (context `seasonal_sen_slope`): as sen_slope(), and out_of_range for period < 1.
inline SenResult seasonal_sen_slope(const Series& series, int period, const SenOptions& options = {}) {
  return detail::seasonal_sen_slope_with(series, period, options, detail::SlopeSelection::automatic);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_SEN_HPP
