/// @file
/// @brief Variance-based sensitivity analysis: first-order and total-order Sobol indices of any model f(x) on
/// the unit hypercube, by the Saltelli sampling design with the Saltelli et al. (2010) first-order and Jansen
/// (1999) total-order estimators, with streaming Poisson-bootstrap confidence intervals.
///
/// The model maps a point x in [0, 1)^D to one or more outputs. Its inputs are grouped into factors (a factor
/// is one coordinate, or a group of coordinates that vary together, e.g. the weights of one node); indices are
/// per factor and per output. With N base samples the design evaluates f at N (k + 2) points, k the number of
/// factors: A_j, B_j and, for every factor i, A_j with factor i's coordinates taken from B_j (Saltelli 2002).
///
/// Memory does not grow with N: evaluations are summarised as they are made (sums per output and factor), and
/// the bootstrap is the Poisson bootstrap (each base sample j enters bootstrap replicate b with a Poisson(1)
/// weight; Oza and Russell 2001, Hanley and MacGibbon 2006, Chamandy et al. 2012), which streams where the
/// classic resampling of rows would have to keep every evaluation. Evaluations run in parallel (OpenMP), in
/// waves of a size fixed by the problem alone, and every sum is accumulated in base-sample order by one thread:
/// results are bit-identical for any number of threads.
#ifndef QUALIS_UNCERTAINTY_SOBOL_HPP
#define QUALIS_UNCERTAINTY_SOBOL_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/error.hpp"
#include "qualis/uncertainty/sampling.hpp"

QUALIS_NAMESPACE_BEGIN

/// A progress callback: called with (done, total) units of work from the calling thread between waves of
/// evaluations (for a progress bar). An empty callback is not called.
using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

/// One uncertain factor of a sensitivity analysis: one coordinate of the sample point, or a group of them
/// that is varied as a whole (a grouped factor's indices are those of the group; Saltelli et al. 2008, 1.2.15).
struct SobolFactor {
  std::string name;            ///< A unique, non-empty name, e.g. "weights:quality".
  std::size_t dimensions = 1;  ///< Number of coordinates of the point the factor reads; at least 1.
};

/// Options of sobol_indices().
struct SobolOptions {
  /// Base samples N; f is evaluated N (k + 2) times. Default 1024. At least 2.
  std::size_t samples = 1024;
  Sampling sampling = Sampling::sobol;  ///< Sobol quasi-random points (default) or pseudo-random points.
  /// Seed of the bootstrap weights and, for Sampling::random, of the points. Default 1.
  std::uint64_t seed = 1;
  /// Poisson-bootstrap replicates B for the confidence intervals; 0 = no intervals. Default 200. The
  /// summaries take 8 (2k + 5) (B + 1) bytes per output.
  std::size_t bootstrap = 200;
  double confidence = 0.95;   ///< Level of the percentile intervals, in (0, 1); default 0.95.
  ProgressCallback progress;  ///< Called with (base samples done, samples) after each wave; may be empty.
};

/// Whether an output's indices could be estimated.
enum class SobolStatus : int {
  ok = 0,              ///< Estimated.
  no_variance = 1,     ///< The output did not vary over the sample (its indices are undefined, left NaN).
  missing_values = 2,  ///< Some evaluation gave a non-finite value for this output (indices left NaN).
};

/// The stable name of a status: "ok", "no_variance" or "missing_values".
/// @param status the status.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(SobolStatus status) noexcept {
  switch (status) {
    case SobolStatus::ok:
      return "ok";
    case SobolStatus::no_variance:
      return "no_variance";
    case SobolStatus::missing_values:
      return "missing_values";
  }
  return "unknown";
}

/// First- and total-order indices of every factor on every output, with their intervals.
///
/// Matrices are outputs x factors. First-order estimates of factors with no first-order effect scatter around
/// 0 and may be slightly negative; total-order estimates are never negative. Where an output's status is not
/// ok its row is NaN.
struct SobolResult {
  std::vector<std::string> factors;     ///< Factor names, the columns.
  std::size_t samples = 0;              ///< Base samples N.
  std::size_t evaluations = 0;          ///< Evaluations of f: N (k + 2).
  Sampling sampling = Sampling::sobol;  ///< The sampling used.
  std::uint64_t seed = 0;               ///< The seed used.
  std::size_t bootstrap = 0;            ///< Bootstrap replicates B (0: the interval matrices are empty).
  double confidence = 0.0;              ///< Level of the intervals.
  Eigen::MatrixXd first;                ///< First-order indices S_i (Saltelli et al. 2010, table 2 (b)).
  Eigen::MatrixXd total;                ///< Total-order indices S_Ti (Jansen 1999; Saltelli et al. 2010 (f)).
  Eigen::MatrixXd first_low;            ///< Lower percentile bounds of S_i (empty without bootstrap).
  Eigen::MatrixXd first_high;           ///< Upper percentile bounds of S_i.
  Eigen::MatrixXd total_low;            ///< Lower percentile bounds of S_Ti.
  Eigen::MatrixXd total_high;           ///< Upper percentile bounds of S_Ti.
  Eigen::VectorXd mean;                 ///< Mean of each output over the A and B samples.
  Eigen::VectorXd variance;             ///< Variance of each output over the A and B samples (divisor 2N).
  std::vector<SobolStatus> status;      ///< Per output.
  std::vector<std::size_t> missing;     ///< Per output: evaluations with a non-finite value.
};

namespace detail::sobol {

// Cumulative Poisson(1) probabilities P(K <= k), k = 0..17 (rounded to double; the next is 1).
inline constexpr double poisson1_cdf[] = {
    0.36787944117144233, 0.7357588823428847, 0.9196986029286058, 0.9810118431238462, 0.9963401531726563,
    0.9994058151824183,  0.999916758850712,  0.9999897508033253, 0.999998874797402,  0.9999998885745217,
    0.9999999899522336,  0.9999999991683892, 0.9999999999364022, 0.9999999999954802, 0.9999999999997,
    0.9999999999999813,  0.9999999999999989, 0.9999999999999999};

// A Poisson(1) count by inversion of a uniform number.
inline unsigned char poisson1(double u) {
  unsigned char k = 0;
  while (k < sizeof(poisson1_cdf) / sizeof(poisson1_cdf[0]) && u >= poisson1_cdf[k]) ++k;
  return k;
}

// Sums of one output over the base samples, centred at c (the output's first A value): the A and B values,
// their squares, and per factor sum_j (B_j - c)(AB_ij - A_j) and sum_j (A_j - AB_ij)^2. Layout: 5 + 2k slots
// [weight, sA, sAA, sB, sBB, first_1..first_k, total_1..total_k]; the plain sums use weight 1.
inline std::size_t slots(std::size_t k) { return 5 + 2 * k; }

// The p-quantile of sorted values by linear interpolation between order statistics (R type 7).
inline double quantile_sorted(const std::vector<double>& v, double p) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// The indices from one set of sums; false when the variance is not positive.
inline bool indices_of(const double* s, std::size_t k, double scale, double* first, double* total) {
  const double n = s[0];
  if (!(n > 0.0)) return false;
  const double mean = (s[1] + s[3]) / (2.0 * n);
  const double var = (s[2] + s[4]) / (2.0 * n) - mean * mean;
  const double floor = 1e-12 * scale;
  if (!(var > floor * floor)) return false;
  for (std::size_t i = 0; i < k; ++i) {
    first[i] = s[5 + i] / n / var;
    total[i] = s[5 + k + i] / (2.0 * n) / var;
  }
  return true;
}

// Evaluates f at x into column `col` of y (outputs x evaluations), checking the output's size.
template <class F>
void evaluate_into(F& f, const Eigen::VectorXd& x, Eigen::MatrixXd& y, Eigen::Index col) {
  using R = std::decay_t<decltype(f(x))>;
  if constexpr (std::is_arithmetic_v<R>) {
    if (y.rows() != 1) {
      throw InvalidInput(ErrorCode::size_mismatch, "sobol_indices",
                         "the model returns one number but " + std::to_string(y.rows()) + " outputs were declared");
    }
    y(0, col) = static_cast<double>(f(x));
  } else {
    const R out = f(x);
    if (static_cast<Eigen::Index>(out.size()) != y.rows()) {
      throw InvalidInput(ErrorCode::size_mismatch, "sobol_indices",
                         "the model returned " + std::to_string(out.size()) + " outputs, " + std::to_string(y.rows()) +
                             " were declared");
    }
    for (Eigen::Index o = 0; o < y.rows(); ++o)
      y(o, col) = static_cast<double>(out[static_cast<decltype(out.size())>(o)]);
  }
}

}  // namespace detail::sobol

/// First- and total-order Sobol indices of a model on the unit hypercube.
///
/// The design: 2D-dimensional points (Sobol or pseudo-random, point j = base sample j); A_j is the first D
/// coordinates, B_j the last D; AB_ij is A_j with factor i's coordinates from B_j. With V the variance of the
/// 2N values f(A_j), f(B_j):
///   S_i  = (1/N) sum_j f(B_j) (f(AB_ij) - f(A_j)) / V        (Saltelli et al. 2010, eq. (b) of table 2)
///   S_Ti = (1/2N) sum_j (f(A_j) - f(AB_ij))^2 / V            (Jansen 1999; Saltelli et al. 2010, eq. (f))
/// Outputs are centred at their first value f(A_0) before summing, which leaves both estimators' expectations
/// unchanged and keeps the sums of large outputs exact enough. Intervals are percentile intervals over the B
/// Poisson-bootstrap replicates that have a positive variance.
///
/// @param f the model: `f(x)` with `x` an Eigen::VectorXd of D = sum of the factors' dimensions coordinates
///   in [0, 1), returning a vector-like value of `outputs` numbers (Eigen::VectorXd, std::vector<double>) or,
///   when outputs is 1, a number. It is called from several threads at once (when OpenMP is on) and must be
///   safe to call so; it is never called with the same point twice in a row on purpose, and its results must
///   depend on x alone.
/// @param factors the factors, in the order of the coordinates they read.
/// @param outputs number of outputs of f, at least 1.
/// @param options samples, sampling, seed, bootstrap and confidence.
/// @return indices per output and factor, with means, variances and statuses.
/// @throws InvalidInput for no factors, an empty or duplicate factor name, a factor of 0 dimensions, fewer than
///   2 samples, 0 outputs, a confidence outside (0, 1), more than sobol_max_dimensions() / 2 coordinates for
///   Sobol points (size_mismatch when f returns the wrong number of outputs).
/// @throws whatever f throws (the exception of the lowest base sample, as a serial run would meet it).
template <class F>
SobolResult sobol_indices(F&& f, const std::vector<SobolFactor>& factors, std::size_t outputs,
                          const SobolOptions& options = {}) {
  namespace ds = detail::sobol;
  const char* ctx = "sobol_indices";
  if (factors.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no factors");
  std::set<std::string> seen;
  std::vector<std::size_t> offset;
  std::size_t dims = 0;
  for (const SobolFactor& fa : factors) {
    if (fa.name.empty()) throw InvalidInput(ErrorCode::invalid_id, ctx, "a factor has an empty name");
    if (!seen.insert(fa.name).second) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx, "factor \"" + fa.name + "\" is named twice");
    }
    if (fa.dimensions == 0) {
      throw InvalidInput(ErrorCode::out_of_range, ctx, "factor \"" + fa.name + "\" has 0 dimensions");
    }
    offset.push_back(dims);
    dims += fa.dimensions;
  }
  if (options.samples < 2) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "samples must be at least 2, got " + std::to_string(options.samples));
  }
  if (outputs == 0) throw InvalidInput(ErrorCode::out_of_range, ctx, "outputs must be at least 1");
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "confidence must be in (0, 1)");
  }
  if (options.sampling == Sampling::sobol && 2 * dims > sobol_max_dimensions()) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "the factors have " + std::to_string(dims) + " coordinates; Sobol points allow at most " +
                           std::to_string(sobol_max_dimensions() / 2));
  }
  if (options.sampling != Sampling::sobol && options.sampling != Sampling::random) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "unknown sampling");
  }

  const std::size_t k = factors.size();
  const std::size_t N = options.samples;
  const std::size_t B = options.bootstrap;
  const std::size_t S = ds::slots(k);
  const auto O = static_cast<Eigen::Index>(outputs);
  const auto per_row = static_cast<Eigen::Index>(k + 2);
  // Rows per wave: fixed by the problem alone (about 16 MiB of outputs), never by the thread count.
  const std::size_t wave = std::clamp<std::size_t>((std::size_t{1} << 21U) / ((k + 2) * outputs), 1, 256);
  const std::uint64_t boot_seed = stream_seed(options.seed, 0xB0075B0075ULL);

  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(S), O);      // slots x outputs
  Eigen::MatrixXd boot = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(S * B), O);  // B blocks of slots
  Eigen::VectorXd centre(O);
  Eigen::VectorXd scale = Eigen::VectorXd::Zero(O);  // largest |value - centre|, for the variance floor
  std::vector<std::size_t> missing(outputs, 0);
  Eigen::MatrixXd y(O, static_cast<Eigen::Index>(wave) * per_row);
  std::vector<unsigned char> weights(wave * B);

  for (std::size_t j0 = 0; j0 < N; j0 += wave) {
    const std::size_t w = std::min(wave, N - j0);
    const Eigen::MatrixXd points = sample_points(options.sampling, 2 * dims, w, options.seed, j0);
    detail::parallel_for(static_cast<Eigen::Index>(w), detail::parallel_min_work, [&](Eigen::Index r) {
      const Eigen::VectorXd a = points.row(r).head(static_cast<Eigen::Index>(dims)).transpose();
      const Eigen::VectorXd b = points.row(r).tail(static_cast<Eigen::Index>(dims)).transpose();
      const Eigen::Index col = r * per_row;
      ds::evaluate_into(f, a, y, col);
      ds::evaluate_into(f, b, y, col + 1);
      Eigen::VectorXd x = a;
      for (std::size_t i = 0; i < k; ++i) {
        const auto off = static_cast<Eigen::Index>(offset[i]);
        const auto len = static_cast<Eigen::Index>(factors[i].dimensions);
        x.segment(off, len) = b.segment(off, len);
        ds::evaluate_into(f, x, y, col + 2 + static_cast<Eigen::Index>(i));
        x.segment(off, len) = a.segment(off, len);
      }
    });
    if (j0 == 0) centre = y.col(0);
    for (std::size_t r = 0; r < w; ++r) {
      RandomEngine engine = random_stream(boot_seed, j0 + r);
      for (std::size_t b = 0; b < B; ++b) weights[r * B + b] = ds::poisson1(uniform01(engine));
    }
    // Accumulate per output, rows in order: one thread per output, so sums do not depend on the threads.
    const auto work = static_cast<Eigen::Index>(w * (k + 2) * (B + 1) * outputs);
    detail::parallel_for(O, work, [&](Eigen::Index o) {
      double* s = sums.col(o).data();
      double* bs = boot.col(o).data();
      const double c = centre[o];
      for (std::size_t r = 0; r < w; ++r) {
        const Eigen::Index col = static_cast<Eigen::Index>(r) * per_row;
        const double ya = y(o, col) - c;
        const double yb = y(o, col + 1) - c;
        bool finite = std::isfinite(ya) && std::isfinite(yb);
        for (std::size_t i = 0; i < k; ++i)
          finite = finite && std::isfinite(y(o, col + 2 + static_cast<Eigen::Index>(i)));
        if (!finite) {
          for (Eigen::Index e = 0; e < per_row; ++e)
            missing[static_cast<std::size_t>(o)] += std::isfinite(y(o, col + e)) ? 0 : 1;
        }
        scale[o] = std::max({scale[o], std::abs(ya), std::abs(yb)});
        s[0] += 1.0;
        s[1] += ya;
        s[2] += ya * ya;
        s[3] += yb;
        s[4] += yb * yb;
        for (std::size_t i = 0; i < k; ++i) {
          const double yab = y(o, col + 2 + static_cast<Eigen::Index>(i)) - c;
          s[5 + i] += yb * (yab - ya);
          s[5 + k + i] += (ya - yab) * (ya - yab);
        }
        for (std::size_t b = 0; b < B; ++b) {
          const unsigned char wt = weights[r * B + b];
          if (wt == 0) continue;
          const double wd = wt;
          double* t = bs + b * S;
          t[0] += wd;
          t[1] += wd * ya;
          t[2] += wd * ya * ya;
          t[3] += wd * yb;
          t[4] += wd * yb * yb;
          for (std::size_t i = 0; i < k; ++i) {
            const double yab = y(o, col + 2 + static_cast<Eigen::Index>(i)) - c;
            t[5 + i] += wd * yb * (yab - ya);
            t[5 + k + i] += wd * (ya - yab) * (ya - yab);
          }
        }
      }
    });
    if (options.progress) options.progress(j0 + w, N);
  }

  SobolResult res;
  for (const SobolFactor& fa : factors) res.factors.push_back(fa.name);
  res.samples = N;
  res.evaluations = N * (k + 2);
  res.sampling = options.sampling;
  res.seed = options.seed;
  res.bootstrap = B;
  res.confidence = options.confidence;
  const auto K = static_cast<Eigen::Index>(k);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  res.first = Eigen::MatrixXd::Constant(O, K, nan);
  res.total = Eigen::MatrixXd::Constant(O, K, nan);
  if (B > 0) {
    res.first_low = res.first;
    res.first_high = res.first;
    res.total_low = res.first;
    res.total_high = res.first;
  }
  res.mean.resize(O);
  res.variance.resize(O);
  res.status.assign(outputs, SobolStatus::ok);
  res.missing = missing;
  const double lo_p = (1.0 - options.confidence) / 2.0;
  const double hi_p = 1.0 - lo_p;
  detail::parallel_for(O, static_cast<Eigen::Index>(B * k) * O, [&](Eigen::Index o) {
    const auto uo = static_cast<std::size_t>(o);
    const double* s = sums.col(o).data();
    const double n = s[0];
    res.mean[o] = centre[o] + (s[1] + s[3]) / (2.0 * n);
    const double m = (s[1] + s[3]) / (2.0 * n);
    res.variance[o] = (s[2] + s[4]) / (2.0 * n) - m * m;
    if (missing[uo] > 0) {
      res.status[uo] = SobolStatus::missing_values;
      res.mean[o] = nan;
      res.variance[o] = nan;
      return;
    }
    const double sc = std::max(scale[o], std::abs(centre[o]));
    std::vector<double> first(k);
    std::vector<double> total(k);
    if (!ds::indices_of(s, k, sc, first.data(), total.data())) {
      res.status[uo] = SobolStatus::no_variance;
      return;
    }
    for (std::size_t i = 0; i < k; ++i) {
      res.first(o, static_cast<Eigen::Index>(i)) = first[i];
      res.total(o, static_cast<Eigen::Index>(i)) = total[i];
    }
    if (B == 0) return;
    std::vector<std::vector<double>> bf(k);
    std::vector<std::vector<double>> bt(k);
    const double* bs = boot.col(o).data();
    for (std::size_t b = 0; b < B; ++b) {
      if (!ds::indices_of(bs + b * S, k, sc, first.data(), total.data())) continue;
      for (std::size_t i = 0; i < k; ++i) {
        bf[i].push_back(first[i]);
        bt[i].push_back(total[i]);
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      std::sort(bf[i].begin(), bf[i].end());
      std::sort(bt[i].begin(), bt[i].end());
      const auto c = static_cast<Eigen::Index>(i);
      res.first_low(o, c) = ds::quantile_sorted(bf[i], lo_p);
      res.first_high(o, c) = ds::quantile_sorted(bf[i], hi_p);
      res.total_low(o, c) = ds::quantile_sorted(bt[i], lo_p);
      res.total_high(o, c) = ds::quantile_sorted(bt[i], hi_p);
    }
  });
  return res;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_UNCERTAINTY_SOBOL_HPP
