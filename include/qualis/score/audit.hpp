/// @file
/// @brief Framework audit before a composite index is published (the JRC's statistical coherence checks):
/// indicator statistics with the JRC/COINr outlier rule, Pearson and Spearman correlations with
/// within-dimension flags, correlation with the own dimension, Cronbach's alpha and PCA per dimension.
///
/// Every function takes a data matrix with units in rows and indicators in columns; missing values are NaN
/// and are skipped pairwise (statistics, correlations) or by complete units of a dimension (Cronbach's
/// alpha, PCA), as each function documents. Undefined results never appear as silent NaN: correlations that
/// do not exist are 0 with a `defined` mask, alpha is an empty std::optional with a status, and statistics
/// without data are NaN with a per-indicator status that says why.
#ifndef QUALIS_SCORE_AUDIT_HPP
#define QUALIS_SCORE_AUDIT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/kendall.hpp"
#include "qualis/detail/moments.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/framework.hpp"
#include "qualis/score/common.hpp"
#include "qualis/score/rank.hpp"
#include "qualis/score/weights.hpp"

QUALIS_NAMESPACE_BEGIN

// ---------------------------------------------------------------------------------------------------------------
// Enumerations and their names
// ---------------------------------------------------------------------------------------------------------------

/// Estimator of skewness and kurtosis (excess kurtosis, 0 for the normal distribution). The names of Joanes
/// & Gill (1998), "Comparing measures of sample skewness and kurtosis", and the `type` argument of R's
/// e1071::skewness() and e1071::kurtosis(). With m_r = sum_i (x_i - mean)^r / n, g1 = m3 / m2^(3/2) and
/// g2 = m4 / m2^2 - 3:
enum class MomentEstimator : int {
  /// Type 2, G1 = g1 sqrt(n (n - 1)) / (n - 2) and G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2) (n - 3)): Excel's
  /// SKEW and KURT, SAS, SPSS, scipy's skew(bias=False) and kurtosis(bias=False), and COINr's skew() and
  /// kurt(), which the JRC/COINr outlier rule is stated with. Default.
  sample_adjusted = 0,
  /// Type 1, g1 and g2 themselves (the population moments of the sample): scipy's skew() and kurtosis() with
  /// their default bias=True.
  population = 1,
  /// Type 3, b1 = g1 ((n - 1) / n)^(3/2) and b2 = (g2 + 3) (1 - 1/n)^2 - 3: MINITAB and BMDP, the default of
  /// e1071.
  minitab = 2,
};

/// Which data an indicator's statistics could be computed from.
enum class IndicatorStatus : int {
  ok = 0,        ///< Every statistic is defined.
  constant = 1,  ///< At least 4 observed values, all equal: sd = 0, skewness and kurtosis set to 0.
  /// 1 to 3 observed values: kurtosis is NaN (n < 4), and skewness (n < 3) and sd (n < 2) too.
  too_few_observations = 2,
  no_observations = 3,  ///< No observed value: every statistic is NaN, coverage 0.
};

/// Which correlation a flag or a dimension check uses.
enum class CorrelationMethod : int {
  pearson = 0,   ///< Pearson's product-moment correlation. Default (COINr get_corr_flags()).
  spearman = 1,  ///< Spearman's rank correlation: Pearson's r of the average ranks.
};

/// What an indicator is correlated with when it is checked against its own dimension.
enum class DimensionAggregate : int {
  /// The mean of all the dimension's indicators, the indicator itself included: the dimension score as the
  /// JRC audits and COINr's get_corr(withparent = TRUE) correlate it. Default.
  all = 0,
  /// The mean of the dimension's other indicators (leave-one-out, the "corrected item-total correlation"):
  /// free of the indicator's own share of the aggregate.
  others = 1,
};

/// Outcome of Cronbach's alpha.
enum class AlphaStatus : int {
  ok = 0,                ///< alpha is defined (it may be negative).
  single_indicator = 1,  ///< Fewer than 2 indicators: alpha is not defined (k / (k - 1) has no value).
  too_few_units = 2,     ///< Fewer than 2 complete units: no variance can be estimated.
  zero_variance = 3,     ///< The sum over the indicators has zero variance on the complete units.
};

/// Outcome of the PCA of a dimension.
enum class PcaStatus : int {
  ok = 0,                     ///< Eigenvalues of the correlation matrix of the non-constant indicators.
  too_few_units = 1,          ///< Fewer than 2 complete units: no correlation matrix.
  no_varying_indicators = 2,  ///< Every indicator is constant on the complete units: no correlation matrix.
};

/// The stable name of a moment estimator.
/// @param estimator the estimator.
/// @return "sample_adjusted", "population" or "minitab"; "unknown" outside the enumeration.
constexpr const char* to_string(MomentEstimator estimator) noexcept {
  switch (estimator) {
    case MomentEstimator::sample_adjusted:
      return "sample_adjusted";
    case MomentEstimator::population:
      return "population";
    case MomentEstimator::minitab:
      return "minitab";
  }
  return "unknown";
}

/// The stable name of an indicator status.
/// @param status the status.
/// @return "ok", "constant", "too_few_observations" or "no_observations"; "unknown" outside the enumeration.
constexpr const char* to_string(IndicatorStatus status) noexcept {
  switch (status) {
    case IndicatorStatus::ok:
      return "ok";
    case IndicatorStatus::constant:
      return "constant";
    case IndicatorStatus::too_few_observations:
      return "too_few_observations";
    case IndicatorStatus::no_observations:
      return "no_observations";
  }
  return "unknown";
}

/// The stable name of a correlation method.
/// @param method the method.
/// @return "pearson" or "spearman"; "unknown" outside the enumeration.
constexpr const char* to_string(CorrelationMethod method) noexcept {
  switch (method) {
    case CorrelationMethod::pearson:
      return "pearson";
    case CorrelationMethod::spearman:
      return "spearman";
  }
  return "unknown";
}

/// The stable name of a dimension aggregate.
/// @param aggregate the aggregate.
/// @return "all" or "others"; "unknown" outside the enumeration.
constexpr const char* to_string(DimensionAggregate aggregate) noexcept {
  switch (aggregate) {
    case DimensionAggregate::all:
      return "all";
    case DimensionAggregate::others:
      return "others";
  }
  return "unknown";
}

/// The stable name of an alpha status.
/// @param status the status.
/// @return "ok", "single_indicator", "too_few_units" or "zero_variance"; "unknown" outside the enumeration.
constexpr const char* to_string(AlphaStatus status) noexcept {
  switch (status) {
    case AlphaStatus::ok:
      return "ok";
    case AlphaStatus::single_indicator:
      return "single_indicator";
    case AlphaStatus::too_few_units:
      return "too_few_units";
    case AlphaStatus::zero_variance:
      return "zero_variance";
  }
  return "unknown";
}

/// The stable name of a PCA status.
/// @param status the status.
/// @return "ok", "too_few_units" or "no_varying_indicators"; "unknown" outside the enumeration.
constexpr const char* to_string(PcaStatus status) noexcept {
  switch (status) {
    case PcaStatus::ok:
      return "ok";
    case PcaStatus::too_few_units:
      return "too_few_units";
    case PcaStatus::no_varying_indicators:
      return "no_varying_indicators";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------------------------------
// Options and results
// ---------------------------------------------------------------------------------------------------------------

/// Options of indicator_statistics(). Defaults are COINr's get_stats() (t_skew = 2, t_kurt = 3.5,
/// t_avail = 0.65), which implements the JRC outlier rule "absolute skewness > 2 and kurtosis > 3.5".
struct StatisticsOptions {
  MomentEstimator estimator = MomentEstimator::sample_adjusted;  ///< Skewness and kurtosis estimator.
  double skewness_max = 2.0;   ///< Outlier rule: |skewness| > this (finite, >= 0). COINr t_skew = 2.
  double kurtosis_max = 3.5;   ///< Outlier rule: and excess kurtosis > this (finite). COINr t_kurt = 3.5.
  double coverage_min = 0.65;  ///< Low-coverage flag: observed share < this, in [0, 1]. COINr t_avail = 0.65.
};

/// Per-indicator statistics; every vector has one entry per indicator (column), in column order.
struct IndicatorStatistics {
  Eigen::Index units = 0;              ///< Rows of the data matrix.
  std::vector<Eigen::Index> observed;  ///< Observed (non-NaN) values.
  Eigen::VectorXd coverage;            ///< observed / units.
  Eigen::VectorXd mean;                ///< Mean of the observed values; NaN without any.
  Eigen::VectorXd sd;        ///< Sample standard deviation (divisor n - 1); NaN with fewer than 2 observed values.
  Eigen::VectorXd min;       ///< Smallest observed value; NaN without any.
  Eigen::VectorXd max;       ///< Largest observed value; NaN without any.
  Eigen::VectorXd skewness;  ///< By the chosen estimator; NaN below 3 observed values, 0 if constant.
  Eigen::VectorXd kurtosis;  ///< Excess kurtosis; NaN below 4 observed values, 0 if constant.
  std::vector<IndicatorStatus> status;  ///< Which statistics are defined, see IndicatorStatus.
  /// Columns flagged by the outlier rule |skewness| > skewness_max and kurtosis > kurtosis_max (COINr's
  /// Flag.SkewKurt = "OUT"), in column order. Columns whose skewness or kurtosis is NaN are never flagged.
  std::vector<Eigen::Index> outliers;
  std::vector<Eigen::Index> low_coverage;  ///< Columns with coverage < coverage_min, in column order.
  MomentEstimator estimator = MomentEstimator::sample_adjusted;  ///< The estimator used.
};

/// A matrix of counts, one per pair of indicators.
using CountMatrix = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>;
/// A matrix of yes/no answers, one per pair of indicators.
using BoolMatrix = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>;

/// Pearson and Spearman correlation matrices on pairwise complete observations. All four matrices are
/// indicators x indicators and symmetric.
struct CorrelationMatrices {
  /// Pearson r_jk on the units where both j and k are observed; 0 where not defined (see `defined`).
  Eigen::MatrixXd pearson;
  /// Spearman rho_jk: Pearson r of the average ranks (ties share the mean of their ranks), the ranks taken
  /// among the units where both j and k are observed; 0 where not defined.
  Eigen::MatrixXd spearman;
  CountMatrix pairs;  ///< Units where both j and k are observed; on the diagonal, those where j is observed.
  /// True where the correlation exists: at least 2 pairs and neither indicator constant on them. On the
  /// diagonal (value 1), true when the indicator has at least 2 different observed values.
  BoolMatrix defined;
};

/// Cronbach's alpha of a group of indicators on its complete units.
struct CronbachResult {
  /// alpha = k / (k - 1) * (1 - sum_j var_j / var(sum_j x_j)) (Cronbach 1951); empty unless status is ok.
  std::optional<double> alpha;
  /// Standardised alpha = k rbar / (1 + (k - 1) rbar), rbar the mean inter-indicator Pearson correlation: the
  /// alpha of the z-scored indicators, unchanged by a positive rescaling of any indicator. Empty unless
  /// status is ok, no indicator is constant and 1 + (k - 1) rbar > 0.
  std::optional<double> standardized_alpha;
  std::optional<double> mean_correlation;  ///< rbar, when every correlation is defined.
  AlphaStatus status = AlphaStatus::ok;    ///< Why alpha is or is not defined.
  Eigen::Index indicators = 0;             ///< k, the number of columns.
  Eigen::Index units_used = 0;             ///< Complete units (no missing value in any column).
  Eigen::Index units_excluded = 0;         ///< Units left out for a missing value.
  double item_variance_sum = 0.0;          ///< sum_j var_j (sample variances, divisor n - 1); 0 if not computed.
  double total_variance = 0.0;             ///< var(sum_j x_j); 0 if not computed.
};

/// Eigenvalues of the correlation matrix of a group of indicators on its complete units.
struct PcaEigenResult {
  Eigen::VectorXd eigenvalues;       ///< Descending; they sum to the number of non-constant indicators m'.
  Eigen::VectorXd variance_share;    ///< eigenvalue / m'.
  Eigen::VectorXd cumulative_share;  ///< Running sums of variance_share; the last is 1 up to rounding.
  /// Number of eigenvalues > 1 (Kaiser 1960); an eigenvalue within 1e-10 of 1 is rounding and not counted.
  Eigen::Index kaiser = 0;
  std::vector<Eigen::Index> constant_indicators;  ///< Columns constant on the complete units: left out.
  Eigen::Index units_used = 0;                    ///< Complete units.
  Eigen::Index units_excluded = 0;                ///< Units left out for a missing value.
  PcaStatus status = PcaStatus::ok;               ///< Whether eigenvalues could be computed.
};

/// One flagged pair of indicators of the same dimension.
struct CorrelationFlag {
  Eigen::Index dimension = 0;  ///< Position of the dimension in FrameworkAudit::dimensions.
  Eigen::Index first = 0;      ///< Column of the first indicator (the smaller position).
  Eigen::Index second = 0;     ///< Column of the second indicator.
  double r = 0.0;              ///< The correlation (of the flag method) that triggered the flag.
  Eigen::Index pairs = 0;      ///< Units it was computed on.
};

/// Options of audit_framework().
struct AuditOptions {
  StatisticsOptions statistics;                                ///< Options of the indicator statistics.
  CorrelationMethod flag_method = CorrelationMethod::pearson;  ///< Correlation the flags read (COINr default).
  /// Collinearity flag: |r| > this, within a dimension; in [0, 1]. Default 0.9, COINr get_corr_flags()'s
  /// cor_thresh and plot_corr()'s "high" threshold.
  double collinear_min = 0.9;
  /// Negative-correlation flag: r < this, within a dimension; in [-1, 1]. Default -0.4, COINr plot_corr()'s
  /// negative threshold.
  double negative_max = -0.4;
  DimensionAggregate aggregate = DimensionAggregate::all;  ///< What an indicator's dimension check uses.
};

/// The audit of one dimension.
struct DimensionAudit {
  /// The dimension's name: the number for audit_framework() with positions, the label, or the Framework
  /// dimension id ("" for indicators directly under the root).
  std::string label;
  std::vector<Eigen::Index> indicators;  ///< Its columns, ascending.
  CronbachResult reliability;            ///< Cronbach's alpha on the dimension's complete units.
  PcaEigenResult pca;                    ///< PCA of the dimension's correlation matrix.
};

/// The full audit of a data matrix and its grouping into dimensions.
struct FrameworkAudit {
  IndicatorStatistics statistics;          ///< Per-indicator statistics and outlier flags.
  CorrelationMatrices correlations;        ///< All-indicator correlation matrices.
  std::vector<Eigen::Index> dimension_of;  ///< Per column: position of its dimension in `dimensions`.
  /// Per column: Pearson r with its dimension aggregate (see AuditOptions::aggregate); 0 where undefined.
  Eigen::VectorXd pearson_with_dimension;
  Eigen::VectorXd spearman_with_dimension;         ///< Per column: Spearman rho with the aggregate; 0 where undefined.
  std::vector<Eigen::Index> pairs_with_dimension;  ///< Per column: units with both the value and the aggregate.
  /// Per column: whether the two correlations with the dimension exist (at least 2 pairs, neither side
  /// constant). Always false for a one-indicator dimension under DimensionAggregate::others.
  std::vector<bool> defined_with_dimension;
  std::vector<CorrelationFlag> collinear;  ///< Pairs within a dimension with |r| > collinear_min.
  std::vector<CorrelationFlag> negative;   ///< Pairs within a dimension with r < negative_max.
  std::vector<DimensionAudit> dimensions;  ///< One per dimension, in the order documented per overload.
  AuditOptions options;                    ///< The options used.
};

// ---------------------------------------------------------------------------------------------------------------
// Implementation details
// ---------------------------------------------------------------------------------------------------------------

namespace detail::audit {

inline void check_statistics_options(const std::string& ctx, const StatisticsOptions& o) {
  switch (o.estimator) {
    case MomentEstimator::sample_adjusted:
    case MomentEstimator::population:
    case MomentEstimator::minitab:
      break;
    default:
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "estimator " + std::to_string(static_cast<int>(o.estimator)) + " is not a MomentEstimator");
  }
  if (!std::isfinite(o.skewness_max) || o.skewness_max < 0.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "skewness_max must be finite and >= 0, got " + number_text(o.skewness_max));
  }
  if (!std::isfinite(o.kurtosis_max)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "kurtosis_max must be finite, got " + number_text(o.kurtosis_max));
  }
  if (!(o.coverage_min >= 0.0 && o.coverage_min <= 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "coverage_min must be in [0, 1], got " + number_text(o.coverage_min));
  }
}

inline void check_audit_options(const std::string& ctx, const AuditOptions& o) {
  check_statistics_options(ctx, o.statistics);
  if (o.flag_method != CorrelationMethod::pearson && o.flag_method != CorrelationMethod::spearman) {
    throw InvalidInput(
        ErrorCode::invalid_argument, ctx,
        "flag_method " + std::to_string(static_cast<int>(o.flag_method)) + " is not a CorrelationMethod");
  }
  if (o.aggregate != DimensionAggregate::all && o.aggregate != DimensionAggregate::others) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "aggregate " + std::to_string(static_cast<int>(o.aggregate)) + " is not a DimensionAggregate");
  }
  if (!(o.collinear_min >= 0.0 && o.collinear_min <= 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "collinear_min must be in [0, 1], got " + number_text(o.collinear_min));
  }
  if (!(o.negative_max >= -1.0 && o.negative_max <= 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "negative_max must be in [-1, 1], got " + number_text(o.negative_max));
  }
}

// True if every value is equal (an empty or one-element list counts as constant).
inline bool is_constant(const std::vector<double>& v) {
  if (v.empty()) return true;
  const auto mm = std::minmax_element(v.begin(), v.end());
  return *mm.first == *mm.second;
}

inline double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (const double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Pearson r of two equally long lists by the two-pass (centred) formula; nullopt when fewer than 2 pairs or
// either list is constant. Clamped to [-1, 1] against rounding.
inline std::optional<double> pearson(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2 || is_constant(a) || is_constant(b)) return std::nullopt;
  const double ma = mean_of(a);
  const double mb = mean_of(b);
  double sab = 0.0;
  double saa = 0.0;
  double sbb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double da = a[i] - ma;
    const double db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (!(saa > 0.0) || !(sbb > 0.0)) return std::nullopt;
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

// Pearson and Spearman of two data columns (NaN = missing) on their complete pairs.
struct PairCorrelation {
  std::optional<double> pearson;
  std::optional<double> spearman;
  Eigen::Index pairs = 0;
};

inline PairCorrelation pair_correlation(const double* a, const double* b, Eigen::Index rows) {
  std::vector<double> va;
  std::vector<double> vb;
  va.reserve(static_cast<std::size_t>(rows));
  vb.reserve(static_cast<std::size_t>(rows));
  for (Eigen::Index i = 0; i < rows; ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    va.push_back(a[i]);
    vb.push_back(b[i]);
  }
  PairCorrelation out;
  out.pairs = static_cast<Eigen::Index>(va.size());
  out.pearson = pearson(va, vb);
  if (out.pearson) out.spearman = pearson(average_ranks(va), average_ranks(vb));
  return out;
}

// Average ranks (1-based; ties share the mean of their positions) of the values of one column on a subset of
// rows, written to ranks[slot[row]], from the column's observed rows sorted by value (`order`). Only rows with
// slot[row] >= 0 take part. The positions are counted among those rows, so the ranks are those of
// detail::average_ranks() on the subset, exactly: (first + last) / 2 of two integers is exact in double.
inline void subset_average_ranks(const double* col, const std::vector<Eigen::Index>& order,
                                 const std::vector<Eigen::Index>& slot, std::vector<double>& ranks,
                                 std::vector<Eigen::Index>& run) {
  run.clear();
  Eigen::Index position = 0;  // 1-based position of the last row placed
  double current = 0.0;
  const auto flush = [&]() {
    if (run.empty()) return;
    const auto first = static_cast<double>(position - static_cast<Eigen::Index>(run.size()) + 1);
    const double average = (first + static_cast<double>(position)) / 2.0;
    for (const Eigen::Index row : run) ranks[static_cast<std::size_t>(slot[static_cast<std::size_t>(row)])] = average;
    run.clear();
  };
  for (const Eigen::Index row : order) {
    if (slot[static_cast<std::size_t>(row)] < 0) continue;
    const double v = col[row];
    if (!run.empty() && v != current) flush();
    current = v;
    run.push_back(row);
    ++position;
  }
  flush();
}

// The rows of x without a missing value in any column, copied; reports the counts.
inline Eigen::MatrixXd complete_units(MatrixCRef x, Eigen::Index& used, Eigen::Index& excluded) {
  std::vector<Eigen::Index> keep;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    bool complete = true;
    for (Eigen::Index j = 0; j < x.cols() && complete; ++j) complete = !std::isnan(x(i, j));
    if (complete) keep.push_back(i);
  }
  used = static_cast<Eigen::Index>(keep.size());
  excluded = x.rows() - used;
  Eigen::MatrixXd y(used, x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index r = 0; r < used; ++r) y(r, j) = x(keep[static_cast<std::size_t>(r)], j);
  }
  return y;
}

inline double sample_variance(const Eigen::VectorXd& v) {
  const double m = v.mean();
  return (v.array() - m).square().sum() / static_cast<double>(v.size() - 1);
}

// Validates a grouping by positions: one entry per column, each >= 0, every dimension 0..max non-empty.
inline Eigen::Index check_groups(const std::string& ctx, const std::vector<Eigen::Index>& groups, Eigen::Index cols) {
  if (static_cast<Eigen::Index>(groups.size()) != cols) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(groups.size()) + " dimension assignments for " + std::to_string(cols) + " indicators (columns)");
  }
  Eigen::Index count = 0;
  for (std::size_t j = 0; j < groups.size(); ++j) {
    if (groups[j] < 0) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         "indicator (column) " + std::to_string(j) + " has dimension " + std::to_string(groups[j]) +
                             "; dimensions are numbered from 0");
    }
    count = std::max(count, groups[j] + 1);
  }
  std::vector<bool> used(static_cast<std::size_t>(count), false);
  for (const Eigen::Index g : groups) used[static_cast<std::size_t>(g)] = true;
  for (std::size_t d = 0; d < used.size(); ++d) {
    if (!used[d]) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "dimension " + std::to_string(d) + " has no indicator (column); dimensions 0.." +
                             std::to_string(count - 1) + " must each have one");
    }
  }
  return count;
}

}  // namespace detail::audit

// ---------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------

/// Per-indicator statistics and the JRC/COINr outlier and coverage flags (COINr get_stats()).
///
/// For each column, on its n observed values: coverage = n / units; mean; sd with divisor n - 1; min; max;
/// skewness and excess kurtosis by `options.estimator` (formulas at MomentEstimator; default the
/// sample-adjusted type 2 that COINr's skew() and kurt() compute, so that the thresholds mean what they mean
/// in COINr). Skewness needs n >= 3 and kurtosis n >= 4 whatever the estimator (as COINr's skew() and
/// kurt()); below that they are NaN and the status is too_few_observations (also when sd is NaN, n < 2). A
/// column whose observed values are all equal has sd = 0 and skewness = kurtosis = 0 (no asymmetry, no
/// tails; pandas' convention), status constant (too_few_observations takes precedence below 4 values). A
/// column without observed values is all NaN, status no_observations.
///
/// Flags (COINr get_stats()): `outliers` lists the columns with |skewness| > skewness_max and
/// kurtosis > kurtosis_max (kurtosis signed, as in COINr: only heavy tails signal outliers); `low_coverage`
/// those with coverage < coverage_min.
///
/// Missing values: skipped, each column on its own observed values.
/// @param x data matrix, units in rows, indicators in columns; NaN = missing.
/// @param options estimator and flag thresholds.
/// @return the statistics, one entry per column.
/// @throws InvalidInput empty_input (no row or no column), not_finite (an infinite value, naming the cell),
///         invalid_argument (estimator), out_of_range (a threshold).
inline IndicatorStatistics indicator_statistics(MatrixCRef x, const StatisticsOptions& options = {}) {
  const std::string ctx = "indicator_statistics";
  detail::check_matrix(ctx, x, true);
  detail::audit::check_statistics_options(ctx, options);
  const Eigen::Index m = x.cols();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  IndicatorStatistics out;
  out.units = x.rows();
  out.estimator = options.estimator;
  out.observed.assign(static_cast<std::size_t>(m), 0);
  out.status.assign(static_cast<std::size_t>(m), IndicatorStatus::ok);
  out.coverage = Eigen::VectorXd::Zero(m);
  for (Eigen::VectorXd* v : {&out.mean, &out.sd, &out.min, &out.max, &out.skewness, &out.kurtosis}) {
    *v = Eigen::VectorXd::Constant(m, nan);
  }
  std::vector<double> v;
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto js = static_cast<std::size_t>(j);
    v.clear();
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      if (!std::isnan(x(i, j))) v.push_back(x(i, j));
    }
    const auto n = static_cast<Eigen::Index>(v.size());
    const auto nd = static_cast<double>(n);
    out.observed[js] = n;
    out.coverage[j] = nd / static_cast<double>(x.rows());
    if (out.coverage[j] < options.coverage_min) out.low_coverage.push_back(j);
    if (n == 0) {
      out.status[js] = IndicatorStatus::no_observations;
      continue;
    }
    const double mean = detail::audit::mean_of(v);
    out.mean[j] = mean;
    out.min[j] = *std::min_element(v.begin(), v.end());
    out.max[j] = *std::max_element(v.begin(), v.end());
    const bool constant = out.min[j] == out.max[j];
    const detail::CentralMoments cm = detail::central_moments(v);
    if (n >= 2) out.sd[j] = constant ? 0.0 : std::sqrt(cm.m2 * nd / (nd - 1.0));
    const double g1 = constant ? 0.0 : detail::skewness_g1(cm);
    const double g2 = constant ? 0.0 : detail::excess_kurtosis_g2(cm);
    double skew = g1;
    double kurt = g2;
    if (!constant) {
      switch (options.estimator) {
        case MomentEstimator::sample_adjusted:
          skew = n >= 3 ? detail::skewness_type2(cm) : nan;
          kurt = n >= 4 ? detail::kurtosis_type2(cm) : nan;
          break;
        case MomentEstimator::population:
          break;
        case MomentEstimator::minitab:
          skew = g1 * std::pow((nd - 1.0) / nd, 1.5);
          kurt = (g2 + 3.0) * (1.0 - 1.0 / nd) * (1.0 - 1.0 / nd) - 3.0;
          break;
      }
    }
    out.skewness[j] = n >= 3 ? skew : nan;
    out.kurtosis[j] = n >= 4 ? kurt : nan;
    if (n < 4) {
      out.status[js] = IndicatorStatus::too_few_observations;
    } else if (constant) {
      out.status[js] = IndicatorStatus::constant;
    }
    if (n >= 4 && std::abs(out.skewness[j]) > options.skewness_max && out.kurtosis[j] > options.kurtosis_max) {
      out.outliers.push_back(j);
    }
  }
  return out;
}

/// Pearson and Spearman correlation matrices over all indicators on pairwise complete observations (R's
/// cor(use = "pairwise.complete.obs"), which COINr's get_corr() and get_corr_flags() call).
///
/// For each pair j, k: the units where both are observed; Pearson r = sum (a - mean a)(b - mean b) /
/// sqrt(sum (a - mean a)^2 sum (b - mean b)^2) on them (two-pass), Spearman rho = the same of their average
/// ranks (ties share the mean of their ranks; ranks taken among those units, as R and
/// scipy.stats.spearmanr(nan_policy="omit") do). Both are clamped to [-1, 1] against rounding.
///
/// Degenerate pairs: a correlation with fewer than 2 pairs, or with an indicator constant on the pairs, does
/// not exist; it is reported as 0 with defined(j, k) = false (never NaN). The diagonal is 1 and defined when
/// the indicator has two different observed values, else 0 and not defined.
///
/// Missing values: skipped pairwise (see above); `pairs` counts the units each entry used.
/// @param x data matrix, units in rows, indicators in columns; NaN = missing.
/// @return the matrices, indicators x indicators.
/// @throws InvalidInput empty_input (no row or no column), not_finite (an infinite value, naming the cell).
inline CorrelationMatrices correlation_matrices(MatrixCRef x) {
  const std::string ctx = "correlation_matrices";
  detail::check_matrix(ctx, x, true);
  const Eigen::Index m = x.cols();
  CorrelationMatrices out;
  out.pearson = Eigen::MatrixXd::Zero(m, m);
  out.spearman = Eigen::MatrixXd::Zero(m, m);
  out.pairs = CountMatrix::Zero(m, m);
  out.defined = BoolMatrix::Constant(m, m, false);
  const Eigen::Index n = x.rows();
  // Each column's observed rows sorted by value once (ties by row), so that the ranks of any pair's subset
  // follow in one linear walk instead of a sort per pair.
  std::vector<std::vector<Eigen::Index>> order(static_cast<std::size_t>(m));
  detail::parallel_for(m, m * n, [&](Eigen::Index j) {
    std::vector<Eigen::Index>& o = order[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!std::isnan(x(i, j))) o.push_back(i);
    }
    std::stable_sort(o.begin(), o.end(), [&](Eigen::Index a, Eigen::Index b) { return x(a, j) < x(b, j); });
  });
  // Pairs (j, k), k >= j, in row-major order of the upper triangle; each writes only its own two entries.
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  pairs.reserve(static_cast<std::size_t>(m * (m + 1) / 2));
  for (Eigen::Index j = 0; j < m; ++j) {
    for (Eigen::Index k = j; k < m; ++k) pairs.emplace_back(j, k);
  }
  detail::parallel_for(static_cast<Eigen::Index>(pairs.size()), static_cast<Eigen::Index>(pairs.size()) * n,
                       [&](Eigen::Index q) {
                         const auto [j, k] = pairs[static_cast<std::size_t>(q)];
                         const double* a = x.col(j).data();
                         const double* b = x.col(k).data();
                         std::vector<double> va;
                         std::vector<double> vb;
                         std::vector<Eigen::Index> slot(static_cast<std::size_t>(n), -1);
                         for (Eigen::Index i = 0; i < n; ++i) {
                           if (std::isnan(a[i]) || std::isnan(b[i])) continue;
                           slot[static_cast<std::size_t>(i)] = static_cast<Eigen::Index>(va.size());
                           va.push_back(a[i]);
                           vb.push_back(b[i]);
                         }
                         out.pairs(j, k) = out.pairs(k, j) = static_cast<Eigen::Index>(va.size());
                         const std::optional<double> r = detail::audit::pearson(va, vb);
                         if (!r) return;
                         out.defined(j, k) = out.defined(k, j) = true;
                         if (j == k) {
                           out.pearson(j, k) = 1.0;
                           out.spearman(j, k) = 1.0;
                           return;
                         }
                         std::vector<double> ra(va.size());
                         std::vector<double> rb(vb.size());
                         std::vector<Eigen::Index> run;
                         detail::audit::subset_average_ranks(a, order[static_cast<std::size_t>(j)], slot, ra, run);
                         detail::audit::subset_average_ranks(b, order[static_cast<std::size_t>(k)], slot, rb, run);
                         out.pearson(j, k) = out.pearson(k, j) = *r;
                         const std::optional<double> rho = detail::audit::pearson(ra, rb);
                         out.spearman(j, k) = out.spearman(k, j) = rho ? *rho : 0.0;
                       });
  return out;
}

/// Cronbach's alpha of a group of indicators (the columns of x), with the standardised alpha.
///
/// On the n complete units (no missing value in any column; R psych's alpha(use = "complete.obs") and
/// pingouin's cronbach_alpha(nan_policy = "listwise")), with k columns, var the sample variance and
/// T_i = sum_j x_ij: alpha = k / (k - 1) * (1 - sum_j var(x_j) / var(T)) (Cronbach 1951). Standardised
/// alpha = k rbar / (1 + (k - 1) rbar) with rbar the mean of the k (k - 1) / 2 Pearson correlations: the
/// alpha of z-scored columns, so it does not change when a column is multiplied by a positive constant,
/// whereas alpha does. alpha can be negative (items that cancel out).
///
/// Degenerate cases (alpha empty, never NaN): k < 2, status single_indicator; n < 2, too_few_units; var(T)
/// zero up to rounding (var(T) <= 64 eps sum_j var(x_j), e.g. every column constant or two columns that
/// cancel), zero_variance. The standardised alpha is also empty when a column is constant on the complete
/// units (its correlations do not exist) or 1 + (k - 1) rbar <= 0.
///
/// Missing values: units with a missing value in any column are left out (units_excluded).
/// @param x data matrix of one group, units in rows, indicators in columns; NaN = missing.
/// @return alpha, standardised alpha and the quantities they come from.
/// @throws InvalidInput empty_input (no row or no column), not_finite (an infinite value, naming the cell).
inline CronbachResult cronbach_alpha(MatrixCRef x) {
  const std::string ctx = "cronbach_alpha";
  detail::check_matrix(ctx, x, true);
  CronbachResult out;
  const Eigen::Index k = x.cols();
  out.indicators = k;
  const Eigen::MatrixXd y = detail::audit::complete_units(x, out.units_used, out.units_excluded);
  if (k < 2) {
    out.status = AlphaStatus::single_indicator;
    return out;
  }
  if (out.units_used < 2) {
    out.status = AlphaStatus::too_few_units;
    return out;
  }
  for (Eigen::Index j = 0; j < k; ++j) out.item_variance_sum += detail::audit::sample_variance(y.col(j));
  out.total_variance = detail::audit::sample_variance(y.rowwise().sum());
  const double kd = static_cast<double>(k);
  if (out.total_variance <= 64.0 * std::numeric_limits<double>::epsilon() * out.item_variance_sum ||
      !(out.total_variance > 0.0)) {
    out.status = AlphaStatus::zero_variance;
    return out;
  }
  out.alpha = kd / (kd - 1.0) * (1.0 - out.item_variance_sum / out.total_variance);
  double sum_r = 0.0;
  for (Eigen::Index j = 0; j < k; ++j) {
    const std::vector<double> a(y.col(j).data(), y.col(j).data() + y.rows());
    for (Eigen::Index l = j + 1; l < k; ++l) {
      const std::vector<double> b(y.col(l).data(), y.col(l).data() + y.rows());
      const std::optional<double> r = detail::audit::pearson(a, b);
      if (!r) return out;
      sum_r += *r;
    }
  }
  const double rbar = sum_r / (kd * (kd - 1.0) / 2.0);
  out.mean_correlation = rbar;
  const double denominator = 1.0 + (kd - 1.0) * rbar;
  if (denominator > 0.0) out.standardized_alpha = kd * rbar / denominator;
  return out;
}

/// Principal component analysis of a group of indicators (the columns of x): the eigenvalues of their
/// Pearson correlation matrix on the complete units (COINr get_PCA(): na.omit, then prcomp(scale = TRUE)),
/// by Eigen's SelfAdjointEigenSolver through pca_weights().
///
/// Eigenvalues come in descending order (negative rounding residue clamped to 0); variance_share =
/// eigenvalue / m' and cumulative_share its running sum, m' the number of non-constant columns; kaiser counts
/// the eigenvalues > 1 (Kaiser 1960; OECD/JRC 2008 Handbook, section 6.1, rule 1), not counting one within
/// 1e-10 of 1.
///
/// Degenerate cases: a column constant on the complete units has no correlation and is left out (listed in
/// constant_indicators); if every column is constant the status is no_varying_indicators and the vectors
/// are empty; fewer than 2 complete units give too_few_units and empty vectors.
///
/// Missing values: units with a missing value in any column are left out (units_excluded).
/// @param x data matrix of one group, units in rows, indicators in columns; NaN = missing.
/// @return eigenvalues, shares and the Kaiser count.
/// @throws InvalidInput empty_input (no row or no column), not_finite (an infinite value, naming the cell).
inline PcaEigenResult correlation_pca(MatrixCRef x) {
  const std::string ctx = "correlation_pca";
  detail::check_matrix(ctx, x, true);
  PcaEigenResult out;
  const Eigen::MatrixXd y = detail::audit::complete_units(x, out.units_used, out.units_excluded);
  if (out.units_used < 2) {
    out.status = PcaStatus::too_few_units;
    return out;
  }
  PcaOptions options;
  options.factors = 1;
  options.rotation = PcaRotation::none;
  const WeightResult w = pca_weights(y, options);
  out.constant_indicators = w.degenerate_columns;
  out.eigenvalues = w.pca.eigenvalues;
  if (out.eigenvalues.size() == 0) {
    out.status = PcaStatus::no_varying_indicators;
    out.variance_share.resize(0);
    out.cumulative_share.resize(0);
    return out;
  }
  out.variance_share = w.pca.variance_share;
  out.cumulative_share.resize(out.variance_share.size());
  double running = 0.0;
  for (Eigen::Index q = 0; q < out.variance_share.size(); ++q) {
    running += out.variance_share[q];
    out.cumulative_share[q] = running;
    if (out.eigenvalues[q] > 1.0 + 1e-10) ++out.kaiser;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The audit
// ---------------------------------------------------------------------------------------------------------------

/// Audits a data matrix against its grouping into dimensions, as the JRC does before publishing a composite
/// index (OECD/JRC 2008 Handbook, steps 4-5; COINr get_stats(), get_corr(), get_corr_flags(), get_cronbach(),
/// get_PCA()).
///
/// It returns: indicator_statistics() of every column; correlation_matrices() over all columns; for each
/// column, the Pearson and Spearman correlation with its dimension aggregate A_i = mean of the observed
/// values of unit i over the dimension's columns (all of them, or all but the column itself, see
/// AuditOptions::aggregate; a unit with none observed has no aggregate), on the units where both exist;
/// flags for pairs j < k of the same dimension whose correlation (AuditOptions::flag_method) exists and has
/// |r| > collinear_min (`collinear`) or r < negative_max (`negative`), listed by first then second column;
/// and per dimension cronbach_alpha() and correlation_pca() on the dimension's own complete units.
///
/// The aggregate is an unweighted mean of the values as given: pass normalised data (as COINr audits its
/// normalised data set) so that no indicator dominates it by its unit of measurement.
///
/// Missing values: skipped pairwise for statistics and correlations; complete units per dimension for alpha
/// and PCA. Degenerate cases follow the building blocks (no NaN correlations; optional alpha with a status).
/// @param x data matrix, units in rows, indicators in columns; NaN = missing.
/// @param dimension_of_column one entry per column: its dimension 0, 1, ..., D - 1 (D = largest entry + 1);
///        `dimensions` follows this numbering and each label is the number.
/// @param options flag thresholds, flag method, aggregate and statistics options.
/// @return the audit.
/// @throws InvalidInput empty_input (no row or no column), not_finite (an infinite value, naming the cell),
///         size_mismatch (not one entry per column), out_of_range (a negative dimension; a threshold),
///         inconsistent (a dimension below D without any column), invalid_argument (an enumeration value).
inline FrameworkAudit audit_framework(MatrixCRef x, const std::vector<Eigen::Index>& dimension_of_column,
                                      const AuditOptions& options = {}) {
  const std::string ctx = "audit_framework";
  detail::check_matrix(ctx, x, true);
  detail::audit::check_audit_options(ctx, options);
  const Eigen::Index dims = detail::audit::check_groups(ctx, dimension_of_column, x.cols());
  const Eigen::Index m = x.cols();
  const Eigen::Index n = x.rows();
  FrameworkAudit out;
  out.options = options;
  out.statistics = indicator_statistics(x, options.statistics);
  out.correlations = correlation_matrices(x);
  out.dimension_of = dimension_of_column;
  out.dimensions.resize(static_cast<std::size_t>(dims));
  for (Eigen::Index j = 0; j < m; ++j) {
    out.dimensions[static_cast<std::size_t>(dimension_of_column[static_cast<std::size_t>(j)])].indicators.push_back(j);
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.pearson_with_dimension = Eigen::VectorXd::Zero(m);
  out.spearman_with_dimension = Eigen::VectorXd::Zero(m);
  out.pairs_with_dimension.assign(static_cast<std::size_t>(m), 0);
  out.defined_with_dimension.assign(static_cast<std::size_t>(m), false);
  const Eigen::MatrixXd& flag_matrix =
      options.flag_method == CorrelationMethod::pearson ? out.correlations.pearson : out.correlations.spearman;
  for (Eigen::Index d = 0; d < dims; ++d) {
    DimensionAudit& dim = out.dimensions[static_cast<std::size_t>(d)];
    dim.label = std::to_string(d);
    const auto k = static_cast<Eigen::Index>(dim.indicators.size());
    Eigen::MatrixXd sub(n, k);
    for (Eigen::Index c = 0; c < k; ++c) sub.col(c) = x.col(dim.indicators[static_cast<std::size_t>(c)]);
    dim.reliability = cronbach_alpha(sub);
    dim.pca = correlation_pca(sub);
    // Per unit: sum and count of the observed values of the dimension.
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(n);
    Eigen::VectorXd count = Eigen::VectorXd::Zero(n);
    for (Eigen::Index c = 0; c < k; ++c) {
      for (Eigen::Index i = 0; i < n; ++i) {
        if (!std::isnan(sub(i, c))) {
          sum[i] += sub(i, c);
          count[i] += 1.0;
        }
      }
    }
    Eigen::VectorXd aggregate(n);
    for (Eigen::Index c = 0; c < k; ++c) {
      const Eigen::Index j = dim.indicators[static_cast<std::size_t>(c)];
      const auto js = static_cast<std::size_t>(j);
      for (Eigen::Index i = 0; i < n; ++i) {
        double s = sum[i];
        double cnt = count[i];
        if (options.aggregate == DimensionAggregate::others && !std::isnan(sub(i, c))) {
          s -= sub(i, c);
          cnt -= 1.0;
        }
        aggregate[i] = cnt > 0.0 ? s / cnt : nan;
      }
      if (options.aggregate == DimensionAggregate::others && k == 1) aggregate.setConstant(nan);
      const detail::audit::PairCorrelation pc = detail::audit::pair_correlation(sub.col(c).data(), aggregate.data(), n);
      out.pairs_with_dimension[js] = pc.pairs;
      if (pc.pearson) {
        out.defined_with_dimension[js] = true;
        out.pearson_with_dimension[j] = *pc.pearson;
        out.spearman_with_dimension[j] = *pc.spearman;
      }
    }
  }
  for (Eigen::Index j = 0; j < m; ++j) {
    const Eigen::Index d = dimension_of_column[static_cast<std::size_t>(j)];
    for (Eigen::Index l = j + 1; l < m; ++l) {
      if (dimension_of_column[static_cast<std::size_t>(l)] != d || !out.correlations.defined(j, l)) continue;
      const double r = flag_matrix(j, l);
      const CorrelationFlag flag{d, j, l, r, out.correlations.pairs(j, l)};
      if (std::abs(r) > options.collinear_min) out.collinear.push_back(flag);
      if (r < options.negative_max) out.negative.push_back(flag);
    }
  }
  return out;
}

/// Audits a data matrix grouped by dimension labels: as audit_framework() with positions, the dimensions
/// numbered in the order their labels first appear among the columns, each DimensionAudit::label the label.
/// @param x data matrix, units in rows, indicators in columns; NaN = missing.
/// @param dimension_of_column one label per column, e.g. {"innovation", "innovation", "openness"}: valid ids
///        (non-empty UTF-8, no control characters or surrounding spaces).
/// @param options as for audit_framework() with positions.
/// @return the audit.
/// @throws InvalidInput as audit_framework() with positions; invalid_id or invalid_text for a bad label
///         (naming its column).
inline FrameworkAudit audit_framework(MatrixCRef x, const std::vector<std::string>& dimension_of_column,
                                      const AuditOptions& options = {}) {
  const std::string ctx = "audit_framework";
  detail::check_matrix(ctx, x, true);
  if (static_cast<Eigen::Index>(dimension_of_column.size()) != x.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(dimension_of_column.size()) + " dimension labels for " +
                           std::to_string(x.cols()) + " indicators (columns)");
  }
  std::map<std::string, Eigen::Index, std::less<>> number;
  std::vector<std::string> labels;
  std::vector<Eigen::Index> groups;
  groups.reserve(dimension_of_column.size());
  for (std::size_t j = 0; j < dimension_of_column.size(); ++j) {
    const std::string& label = dimension_of_column[j];
    detail::check_id(ctx, "dimension label of indicator (column) " + std::to_string(j), label);
    const auto it = number.emplace(label, static_cast<Eigen::Index>(labels.size())).first;
    if (it->second == static_cast<Eigen::Index>(labels.size())) labels.push_back(label);
    groups.push_back(it->second);
  }
  FrameworkAudit out = audit_framework(x, groups, options);
  for (std::size_t d = 0; d < labels.size(); ++d) out.dimensions[d].label = labels[d];
  return out;
}

/// Audits a data matrix against a qualis::Framework: each indicator belongs to the dimension that is its
/// parent (the grouping level just above the indicators, COINr's default grouplev); indicators directly under
/// the root form one group labelled "" (the composite). Dimensions are numbered in the order they first
/// appear among the framework's indicators (depth-first pre-order), each label its dimension id. Dimensions
/// that hold only sub-dimensions are not audited here.
/// @param x data matrix, units in rows, indicators in columns; NaN = missing.
/// @param framework the framework.
/// @param column_ids the indicator id of each column: every indicator of the framework exactly once.
/// @param options as for audit_framework() with positions.
/// @return the audit.
/// @throws InvalidInput as audit_framework() with positions; size_mismatch (not one id per framework
///         indicator, or not one per column), duplicate_id (an id twice).
/// @throws NotFound an id that is not an indicator of the framework.
inline FrameworkAudit audit_framework(MatrixCRef x, const Framework& framework,
                                      const std::vector<std::string>& column_ids, const AuditOptions& options = {}) {
  const std::string ctx = "audit_framework";
  detail::check_matrix(ctx, x, true);
  if (static_cast<Eigen::Index>(column_ids.size()) != x.cols()) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(column_ids.size()) + " indicator ids for " + std::to_string(x.cols()) + " columns");
  }
  if (column_ids.size() != framework.indicator_count()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(column_ids.size()) + " indicator ids for a framework of " +
                           std::to_string(framework.indicator_count()) + " indicators");
  }
  std::vector<std::size_t> column_of(framework.indicator_count(), column_ids.size());
  for (std::size_t j = 0; j < column_ids.size(); ++j) {
    if (!framework.is_indicator(column_ids[j])) {
      throw NotFound(
          ctx, "column " + std::to_string(j) + ": \"" + column_ids[j] + "\" is not an indicator of the framework");
    }
    const std::size_t p = framework.indicator_index(column_ids[j]);
    if (column_of[p] != column_ids.size()) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx,
                         "indicator \"" + column_ids[j] + "\" is given for columns " + std::to_string(column_of[p]) +
                             " and " + std::to_string(j));
    }
    column_of[p] = j;
  }
  std::map<std::string, Eigen::Index, std::less<>> number;
  std::vector<std::string> labels;
  std::vector<Eigen::Index> groups(column_ids.size(), 0);
  for (std::size_t p = 0; p < framework.indicator_count(); ++p) {
    const std::string& parent = framework.parent(framework.indicator_ids()[p]);
    const auto it = number.emplace(parent, static_cast<Eigen::Index>(labels.size())).first;
    if (it->second == static_cast<Eigen::Index>(labels.size())) labels.push_back(parent);
    groups[column_of[p]] = it->second;
  }
  FrameworkAudit out = audit_framework(x, groups, options);
  for (std::size_t d = 0; d < labels.size(); ++d) out.dimensions[d].label = labels[d];
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_AUDIT_HPP
