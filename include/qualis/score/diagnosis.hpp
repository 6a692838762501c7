/// @file
/// @brief Diagnosis of assessment results: obstacle degree, indicator contributions to a composite, gaps to a
/// benchmark, coupling coordination degree between subsystems, and each unit's strengths and weaknesses.
#ifndef QUALIS_SCORE_DIAGNOSIS_HPP
#define QUALIS_SCORE_DIAGNOSIS_HPP

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/score/common.hpp"
#include "qualis/score/rank.hpp"

QUALIS_NAMESPACE_BEGIN

/// One indicator of one unit with the value that placed it in a list (an obstacle degree, a rank, a value).
struct IndicatorValue {
  Eigen::Index indicator = 0;  ///< Position of the indicator (column).
  double value = 0.0;          ///< The value it was selected by (see the function that returns it).
};

/// Outcome of a diagnosis for one unit (row).
enum class DiagnosisUnitStatus : int {
  ok = 0,            ///< The unit's shares are defined and sum to 1 over its observed indicators.
  no_deviation = 1,  ///< obstacle_degree(): no weighted deviation (best on every weighted indicator); all zeros.
  zero_score = 2,    ///< indicator_contribution(): the weighted score is zero; all shares are zero.
  no_data = 3,       ///< No observed indicator with a positive weight (skip rule); the row is missing (NaN).
  missing = 4,       ///< Propagate rule: the unit has a missing input, so its whole row is missing (NaN).
};

/// The stable name of a diagnosis unit status.
/// @param status the status.
/// @return "ok", "no_deviation", "zero_score", "no_data" or "missing"; "unknown" outside the enumeration.
constexpr const char* to_string(DiagnosisUnitStatus status) noexcept {
  switch (status) {
    case DiagnosisUnitStatus::ok:
      return "ok";
    case DiagnosisUnitStatus::no_deviation:
      return "no_deviation";
    case DiagnosisUnitStatus::zero_score:
      return "zero_score";
    case DiagnosisUnitStatus::no_data:
      return "no_data";
    case DiagnosisUnitStatus::missing:
      return "missing";
  }
  return "unknown";
}

/// Options of obstacle_degree().
struct ObstacleOptions {
  /// Maximum S of the normalised scale: values lie in [0, S] and the deviation is I_ij = 1 - x_ij / S.
  /// Default 1 (min-max normalisation onto [0, 1]); use 100 for data on [0, 100].
  double scale_max = 1.0;
  /// Missing-value rule. Default skip: a missing indicator is left out of that unit's sum (the other
  /// indicators' shares are renormalised over the observed ones) and its obstacle degree stays missing.
  /// propagate: a unit with any missing value gets a missing row. reject: a missing value is an error.
  MissingRule missing = MissingRule::skip;
};

/// Result of obstacle_degree().
struct ObstacleResult {
  /// Indicator deviation I_ij = 1 - x_ij / S (units x indicators); NaN exactly where the input is missing.
  Eigen::MatrixXd deviation;
  /// Obstacle degree O_ij = F_j I_ij / sum_k F_k I_ik as a share in [0, 1] (multiply by 100 for percent).
  /// Rows of `ok` units sum to 1 over the observed indicators; rows of `no_deviation` units are 0 on the
  /// observed indicators; NaN on missing cells and on whole rows of `no_data` and `missing` units.
  Eigen::MatrixXd degree;
  std::vector<DiagnosisUnitStatus> unit_status;  ///< Per unit: see DiagnosisUnitStatus.
  Eigen::Index no_deviation_units = 0;           ///< Number of units with status no_deviation.
  Eigen::Index missing_units = 0;                ///< Number of units with status no_data or missing.
};

/// Result of dimension_obstacle_degree().
struct DimensionObstacleResult {
  /// U_id = sum of O_ij over the observed indicators j of dimension d (units x dimensions). NaN for a unit
  /// whose obstacle row is missing, and for a dimension none of whose indicators is observed for the unit.
  Eigen::MatrixXd degree;
  /// Dimension names in column order: the labels in order of first appearance (label overload), or "0",
  /// "1", ... (index overload).
  std::vector<std::string> dimensions;
};

/// Options of indicator_contribution().
struct ContributionOptions {
  /// Missing-value rule. Default skip: a missing indicator is left out of the unit's weighted sum, and its
  /// share stays missing; propagate: a unit with any missing value gets a missing row; reject: an error.
  MissingRule missing = MissingRule::skip;
};

/// Result of indicator_contribution().
struct ContributionResult {
  /// Share c_ij = w_j x_ij / sum_k w_k x_ik of the weighted sum (units x indicators). Rows of `ok` units sum
  /// to 1; rows of `zero_score` units are 0 on the observed indicators; NaN on missing cells and on whole
  /// rows of `no_data` and `missing` units.
  Eigen::MatrixXd share;
  /// The weighted arithmetic mean sum_k w_k x_ik / sum_k w_k over the unit's observed indicators (weights
  /// renormalised over them); NaN for `no_data` and `missing` units.
  Eigen::VectorXd score;
  std::vector<DiagnosisUnitStatus> unit_status;  ///< Per unit: ok, zero_score, no_data or missing.
};

/// Result of gap_to_best(), gap_to_group_best() and gap_to_target().
struct GapResult {
  /// Benchmark b_ij that unit i is compared with on indicator j (units x indicators); NaN when there is
  /// none (every peer missing on that indicator).
  Eigen::MatrixXd benchmark;
  /// Absolute gap b_ij - x_ij: positive = below the benchmark, negative = above it (only possible for a
  /// given target). NaN where x_ij or b_ij is missing.
  Eigen::MatrixXd absolute;
  /// Relative gap (b_ij - x_ij) / |b_ij|; 0 where b_ij = x_ij = 0; NaN where x_ij or b_ij is missing, and
  /// where b_ij = 0 and x_ij != 0 (undefined; counted in relative_undefined).
  Eigen::MatrixXd relative;
  Eigen::Index relative_undefined = 0;  ///< Cells with an observed x_ij != 0 and a benchmark of exactly 0.
};

/// Options of coupling_coordination().
struct CouplingOptions {
  /// Weights a_i of the subsystems in T = sum_i a_i U_i; empty (default) = equal weights 1/n. Given weights
  /// must be finite and non-negative with a positive sum; they are divided by their sum (as SPSSAU does), so
  /// that T, and hence D, stays in [0, 1].
  Eigen::VectorXd weights;
  /// Missing-value rule: reject (default; a NaN subsystem score is an error) or propagate (the unit's C, T
  /// and D are NaN, grade 0, status missing). skip is not supported: leaving out a subsystem changes n and so
  /// the meaning of C.
  MissingRule missing = MissingRule::reject;
};

/// Outcome of coupling_coordination() for one unit.
enum class CouplingStatus : int {
  ok = 0,        ///< C, T and D are defined.
  all_zero = 1,  ///< Every subsystem score is 0: C is 0/0, reported as C = 0 (and T = D = 0, grade 1).
  missing = 2,   ///< Propagate rule: a subsystem score is missing; C, T and D are NaN and the grade is 0.
};

/// The stable name of a coupling status.
/// @param status the status.
/// @return "ok", "all_zero" or "missing"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(CouplingStatus status) noexcept {
  switch (status) {
    case CouplingStatus::ok:
      return "ok";
    case CouplingStatus::all_zero:
      return "all_zero";
    case CouplingStatus::missing:
      return "missing";
  }
  return "unknown";
}

/// One of the ten grades of the coupling coordination degree D.
struct CoordinationGrade {
  int number = 0;       ///< 1 (extreme imbalance) .. 10 (high-quality coordination).
  const char* zh = "";  ///< Chinese name, e.g. "优质协调".
  const char* en = "";  ///< English name, e.g. "high-quality coordination".
  double lower = 0.0;   ///< Inclusive lower bound of D.
  double upper = 0.0;   ///< Exclusive upper bound of D (inclusive for grade 10, whose upper bound is 1).
};

/// Result of coupling_coordination().
struct CouplingResult {
  Eigen::VectorXd coupling;            ///< Coupling degree C per unit, in [0, 1].
  Eigen::VectorXd development;         ///< Comprehensive coordination index T = sum_i a_i U_i, in [0, 1].
  Eigen::VectorXd coordination;        ///< Coupling coordination degree D = sqrt(C T), in [0, 1].
  std::vector<int> grade;              ///< Grade number 1..10 of D (coordination_grade()); 0 when D is NaN.
  std::vector<CouplingStatus> status;  ///< Per unit: see CouplingStatus.
};

/// What strengths_weaknesses() compares across a unit's indicators.
enum class StandingBasis : int {
  /// The unit's rank among the units on each indicator (1 = best, TieMethod::min, among the units observed
  /// on that indicator). Default: it needs no common scale across indicators.
  rank = 0,
  /// The unit's normalised value on each indicator (higher is better); meaningful only when every indicator
  /// is normalised onto the same scale.
  value = 1,
};

/// The stable name of a StandingBasis value, e.g. "rank" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(StandingBasis value) noexcept {
  switch (value) {
    case StandingBasis::rank:
      return "rank";
    case StandingBasis::value:
      return "value";
  }
  return "unknown";
}

/// Options of strengths_weaknesses().
struct StrengthOptions {
  Eigen::Index k = 3;                         ///< Length of each list (at least 1). Default 3.
  StandingBasis basis = StandingBasis::rank;  ///< Default rank (see StandingBasis).
};

/// One unit's strengths and weaknesses.
struct UnitStanding {
  /// Up to k indicators where the unit stands best: smallest rank (or largest value) first, ties by the
  /// smaller indicator position. `value` is the rank (rank basis) or the normalised value (value basis).
  std::vector<IndicatorValue> strengths;
  /// Up to k indicators where the unit stands worst: largest rank (or smallest value) first, ties by the
  /// smaller indicator position.
  std::vector<IndicatorValue> weaknesses;
};

/// Result of strengths_weaknesses().
struct StrengthResult {
  /// Rank of every unit on every indicator (units x indicators; 1 = best; TieMethod::min; NaN where
  /// missing). Computed for both bases.
  Eigen::MatrixXd ranks;
  std::vector<UnitStanding> units;  ///< One entry per unit (row).
};

namespace detail {

inline void check_diagnosis_rule(const std::string& ctx, MissingRule rule, bool allow_skip) {
  switch (rule) {
    case MissingRule::reject:
    case MissingRule::propagate:
      return;
    case MissingRule::skip:
      if (allow_skip) return;
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "missing-value rule skip is not supported (use reject or propagate)");
  }
  throw InvalidInput(ErrorCode::invalid_argument, ctx,
                     "missing-value rule " + std::to_string(static_cast<int>(rule)) + " is not a MissingRule");
}

inline bool row_has_missing(MatrixCRef x, Eigen::Index i) {
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (std::isnan(x(i, j))) return true;
  }
  return false;
}

// Shares s_ij = v_ij / sum_k v_ik of per-cell non-negative contributions v (NaN = missing), row by row,
// with the status of each unit. `zero` is the status of a row whose observed contributions sum to 0;
// `weights` tells which indicators count (a row whose observed indicators all have weight 0 is no_data).
inline void row_shares(MatrixCRef x, const Eigen::MatrixXd& v, VectorCRef weights, MissingRule rule,
                       DiagnosisUnitStatus zero, Eigen::MatrixXd& share, std::vector<DiagnosisUnitStatus>& status) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  share = Eigen::MatrixXd::Constant(x.rows(), x.cols(), nan);
  status.assign(static_cast<std::size_t>(x.rows()), DiagnosisUnitStatus::ok);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    auto& st = status[static_cast<std::size_t>(i)];
    if (rule == MissingRule::propagate && row_has_missing(x, i)) {
      st = DiagnosisUnitStatus::missing;
      continue;
    }
    double total = 0.0;
    double wsum = 0.0;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (std::isnan(x(i, j))) continue;
      total += v(i, j);
      wsum += weights[j];
    }
    if (!(wsum > 0.0)) {
      st = DiagnosisUnitStatus::no_data;
      continue;
    }
    if (!(total > 0.0)) st = zero;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (std::isnan(x(i, j))) continue;
      share(i, j) = st == DiagnosisUnitStatus::ok ? v(i, j) / total : 0.0;
    }
  }
}

inline void check_top_k(const std::string& ctx, Eigen::Index k) {
  if (k < 1) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "k must be at least 1 (got " + std::to_string(k) + ")");
  }
}

// Up to k observed cells of row i of m ordered by `better` (strict weak order on values), ties by position.
template <class Better>
std::vector<IndicatorValue> top_of_row(const Eigen::MatrixXd& m, Eigen::Index i, Eigen::Index k, Better better,
                                       bool positive_only) {
  std::vector<IndicatorValue> items;
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    const double v = m(i, j);
    if (std::isnan(v) || (positive_only && !(v > 0.0))) continue;
    items.push_back(IndicatorValue{j, v});
  }
  std::stable_sort(items.begin(), items.end(),
                   [&better](const IndicatorValue& a, const IndicatorValue& b) { return better(a.value, b.value); });
  if (static_cast<Eigen::Index>(items.size()) > k) items.resize(static_cast<std::size_t>(k));
  return items;
}

inline DimensionObstacleResult sum_by_dimension(const std::string& ctx, const ObstacleResult& obstacles,
                                                const std::vector<std::size_t>& dim_of,
                                                std::vector<std::string> names) {
  const Eigen::MatrixXd& o = obstacles.degree;
  if (o.rows() == 0 || o.cols() == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx, "the obstacle degree matrix is empty");
  }
  if (obstacles.unit_status.size() != static_cast<std::size_t>(o.rows())) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(obstacles.unit_status.size()) + " unit statuses for " + std::to_string(o.rows()) +
                           " units (rows): not a result of obstacle_degree()");
  }
  const auto dims = static_cast<Eigen::Index>(names.size());
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  DimensionObstacleResult r;
  r.degree = Eigen::MatrixXd::Constant(o.rows(), dims, nan);
  for (Eigen::Index i = 0; i < o.rows(); ++i) {
    const auto st = obstacles.unit_status[static_cast<std::size_t>(i)];
    if (st == DiagnosisUnitStatus::no_data || st == DiagnosisUnitStatus::missing) continue;
    for (Eigen::Index j = 0; j < o.cols(); ++j) {
      const double v = o(i, j);
      if (std::isnan(v)) continue;
      const auto d = static_cast<Eigen::Index>(dim_of[static_cast<std::size_t>(j)]);
      r.degree(i, d) = std::isnan(r.degree(i, d)) ? v : r.degree(i, d) + v;
    }
  }
  r.dimensions = std::move(names);
  return r;
}

inline void check_gap_input(const std::string& ctx, MatrixCRef x) { check_matrix(ctx, x, true); }

inline void fill_gaps(MatrixCRef x, GapResult& r) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  r.absolute = Eigen::MatrixXd::Constant(x.rows(), x.cols(), nan);
  r.relative = Eigen::MatrixXd::Constant(x.rows(), x.cols(), nan);
  r.relative_undefined = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double v = x(i, j);
      const double b = r.benchmark(i, j);
      if (std::isnan(v) || std::isnan(b)) continue;
      r.absolute(i, j) = b - v;
      if (b != 0.0) {
        r.relative(i, j) = (b - v) / std::abs(b);
      } else if (v == 0.0) {
        r.relative(i, j) = 0.0;
      } else {
        ++r.relative_undefined;
      }
    }
  }
}

}  // namespace detail

/// Obstacle degree (障碍度) of every indicator for every unit: which indicators hold a unit back most.
///
/// With factor contribution F_j = w_j (the indicator's weight; only ratios matter, so the weights need not
/// sum to 1) and indicator deviation I_ij = 1 - x_ij / S (S = options.scale_max), the obstacle degree is
/// O_ij = F_j I_ij / sum_k F_k I_ik, a share of the unit's total weighted shortfall from the best value S.
///
/// Degenerate case: a unit with sum_k F_k I_ik = 0 (at S on every indicator with positive weight) has no
/// obstacle: its row is 0 on the observed indicators and its status is no_deviation (never NaN).
///
/// Missing values (options.missing): skip (default) leaves a missing indicator out of the unit's sum, so the
/// unit's observed obstacle degrees still sum to 1, and leaves O_ij missing (NaN); a unit with no observed
/// indicator of positive weight gets status no_data and a NaN row. propagate: a unit with any missing value
/// gets status missing and a NaN row. reject: a missing value is an error.
/// @param normalised normalised values, higher is better, in [0, S]; units in rows, indicators in columns.
/// @param weights one non-negative weight per indicator, positive sum (the effective weights of the model).
/// @param options scale maximum and missing-value rule.
/// @return deviations, obstacle degrees and the status of every unit.
/// @throws InvalidInput with context `obstacle_degree`: empty_input (empty matrix), not_finite (an infinite
///   value; a missing one under reject; a non-finite weight or scale maximum), out_of_range (a value outside
///   [0, S], naming unit and criterion; a negative weight; scale maximum not positive), size_mismatch (weights
///   and columns differ), inconsistent (every weight zero), invalid_argument (a rule outside MissingRule).
inline ObstacleResult obstacle_degree(MatrixCRef normalised, VectorCRef weights, const ObstacleOptions& options = {}) {
  const std::string ctx = "obstacle_degree";
  detail::check_diagnosis_rule(ctx, options.missing, true);
  if (!std::isfinite(options.scale_max)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, "the scale maximum is not finite");
  }
  if (!(options.scale_max > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "the scale maximum must be positive (got " + detail::number_text(options.scale_max) + ")");
  }
  detail::check_matrix(ctx, normalised, options.missing != MissingRule::reject);
  detail::check_weight_vector(ctx, weights, normalised.cols());
  const double s = options.scale_max;
  for (Eigen::Index j = 0; j < normalised.cols(); ++j) {
    for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
      const double v = normalised(i, j);
      if (!std::isnan(v) && (v < 0.0 || v > s)) {
        throw InvalidInput(ErrorCode::out_of_range, ctx,
                           detail::cell_position(i, j) + ": value " + detail::number_text(v) +
                               " is outside the normalised scale [0, " + detail::number_text(s) + "]");
      }
    }
  }
  ObstacleResult r;
  r.deviation = (1.0 - normalised.array() / s).matrix();
  Eigen::MatrixXd contribution = r.deviation;
  for (Eigen::Index j = 0; j < contribution.cols(); ++j) contribution.col(j) *= weights[j];
  detail::row_shares(normalised, contribution, weights, options.missing, DiagnosisUnitStatus::no_deviation, r.degree,
                     r.unit_status);
  for (const auto st : r.unit_status) {
    if (st == DiagnosisUnitStatus::no_deviation) ++r.no_deviation_units;
    if (st == DiagnosisUnitStatus::no_data || st == DiagnosisUnitStatus::missing) ++r.missing_units;
  }
  return r;
}

/// Obstacle degree of every dimension for every unit: U_id = sum of O_ij over the indicators j of dimension d.
///
/// Missing values: the sum runs over the unit's observed indicators of the dimension; it is NaN when none
/// is observed, and the whole row is NaN for units of status no_data or missing. Rows of ok units sum to 1.
/// @param obstacles the result of obstacle_degree().
/// @param dimension_of per indicator (column), the position 0, 1, ... of its dimension; every dimension from 0
///   to the largest position must have at least one indicator.
/// @return one column per dimension; dimension names "0", "1", ...
/// @throws InvalidInput with context `dimension_obstacle_degree`: empty_input (empty result), size_mismatch
///   (mapping and indicators differ in number; a malformed result), inconsistent (a dimension position with
///   no indicator).
inline DimensionObstacleResult dimension_obstacle_degree(const ObstacleResult& obstacles,
                                                         const std::vector<std::size_t>& dimension_of) {
  const std::string ctx = "dimension_obstacle_degree";
  if (static_cast<Eigen::Index>(dimension_of.size()) != obstacles.degree.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(dimension_of.size()) + " dimension positions for " +
                           std::to_string(obstacles.degree.cols()) + " indicators (columns)");
  }
  std::size_t dims = 0;
  for (const std::size_t d : dimension_of) dims = std::max(dims, d + 1);
  std::vector<bool> used(dims, false);
  for (const std::size_t d : dimension_of) used[d] = true;
  for (std::size_t d = 0; d < dims; ++d) {
    if (!used[d]) {
      throw InvalidInput(ErrorCode::inconsistent, ctx, "dimension " + std::to_string(d) + " has no indicator");
    }
  }
  std::vector<std::string> names;
  for (std::size_t d = 0; d < dims; ++d) names.push_back(std::to_string(d));
  return detail::sum_by_dimension(ctx, obstacles, dimension_of, std::move(names));
}

/// Obstacle degree of every dimension for every unit, with dimensions given by label (as
/// dimension_obstacle_degree() with positions; dimensions in order of first appearance of their label).
/// @param obstacles the result of obstacle_degree().
/// @param dimension_of per indicator (column), the label of its dimension (a valid id: non-empty UTF-8, no
///   control characters or outer spaces).
/// @return one column per distinct label, named by it.
/// @throws InvalidInput with context `dimension_obstacle_degree`: empty_input (empty result), size_mismatch
///   (mapping and indicators differ in number), invalid_id or invalid_text (a bad label, naming the indicator).
inline DimensionObstacleResult dimension_obstacle_degree(const ObstacleResult& obstacles,
                                                         const std::vector<std::string>& dimension_of) {
  const std::string ctx = "dimension_obstacle_degree";
  if (static_cast<Eigen::Index>(dimension_of.size()) != obstacles.degree.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(dimension_of.size()) + " dimension labels for " +
                           std::to_string(obstacles.degree.cols()) + " indicators (columns)");
  }
  std::vector<std::string> names;
  std::vector<std::size_t> positions;
  std::map<std::string, std::size_t> seen;
  for (std::size_t j = 0; j < dimension_of.size(); ++j) {
    detail::check_id(ctx, "dimension label of criterion (column) " + std::to_string(j), dimension_of[j]);
    const auto it = seen.emplace(dimension_of[j], names.size());
    if (it.second) names.push_back(dimension_of[j]);
    positions.push_back(it.first->second);
  }
  return detail::sum_by_dimension(ctx, obstacles, positions, std::move(names));
}

/// The k main obstacles of every unit: its indicators with the largest obstacle degree, largest first, ties
/// broken by the smaller indicator position.
///
/// Only observed indicators with a positive obstacle degree are listed (an indicator at the best value is no
/// obstacle), so a list is shorter than k when the unit has fewer such indicators, and empty for units of
/// status no_deviation, no_data or missing.
/// @param obstacles the result of obstacle_degree().
/// @param k the number of obstacles per unit, at least 1.
/// @return per unit (row), the list of (indicator position, obstacle degree).
/// @throws InvalidInput with context `top_obstacles`: invalid_argument (k < 1), empty_input (empty result).
inline std::vector<std::vector<IndicatorValue>> top_obstacles(const ObstacleResult& obstacles, Eigen::Index k) {
  const std::string ctx = "top_obstacles";
  detail::check_top_k(ctx, k);
  if (obstacles.degree.rows() == 0 || obstacles.degree.cols() == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx, "the obstacle degree matrix is empty");
  }
  std::vector<std::vector<IndicatorValue>> out;
  out.reserve(static_cast<std::size_t>(obstacles.degree.rows()));
  for (Eigen::Index i = 0; i < obstacles.degree.rows(); ++i) {
    out.push_back(detail::top_of_row(
        obstacles.degree, i, k, [](double a, double b) { return a > b; }, true));
  }
  return out;
}

/// Contribution of every indicator to a weighted arithmetic composite: c_ij = w_j x_ij / sum_k w_k x_ik, the
/// share of unit i's weighted score that indicator j provides.
///
/// Degenerate case: a unit whose weighted sum is 0 gets shares 0 on its observed indicators and status
/// zero_score (never NaN).
///
/// Missing values (options.missing): skip (default) leaves a missing indicator out of the unit's sum (the
/// observed shares still sum to 1; the score is the weighted mean over the observed indicators, weights
/// renormalised), and the share stays missing; a unit with no observed indicator of positive weight gets
/// status no_data. propagate: a unit with any missing value gets status missing and NaN. reject: an error.
/// @param normalised normalised values, higher is better, non-negative; units in rows, indicators in columns.
/// @param weights one non-negative weight per indicator, positive sum.
/// @param options missing-value rule.
/// @return the shares, the weighted scores and the status of every unit.
/// @throws InvalidInput with context `indicator_contribution`: empty_input, not_finite (an infinite value; a
///   missing one under reject; a non-finite weight), out_of_range (a negative value, naming unit and criterion;
///   a negative weight), size_mismatch (weights and columns differ), inconsistent (every weight zero),
///   invalid_argument (a rule outside MissingRule).
inline ContributionResult indicator_contribution(MatrixCRef normalised, VectorCRef weights,
                                                 const ContributionOptions& options = {}) {
  const std::string ctx = "indicator_contribution";
  detail::check_diagnosis_rule(ctx, options.missing, true);
  detail::check_matrix(ctx, normalised, options.missing != MissingRule::reject);
  detail::check_weight_vector(ctx, weights, normalised.cols());
  for (Eigen::Index j = 0; j < normalised.cols(); ++j) {
    for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
      if (normalised(i, j) < 0.0) {
        throw InvalidInput(ErrorCode::out_of_range, ctx,
                           detail::cell_position(i, j) + ": value " + detail::number_text(normalised(i, j)) +
                               " is negative; contributions need non-negative values");
      }
    }
  }
  Eigen::MatrixXd v = normalised;
  for (Eigen::Index j = 0; j < v.cols(); ++j) v.col(j) *= weights[j];
  ContributionResult r;
  detail::row_shares(normalised, v, weights, options.missing, DiagnosisUnitStatus::zero_score, r.share, r.unit_status);
  r.score = Eigen::VectorXd::Constant(normalised.rows(), std::numeric_limits<double>::quiet_NaN());
  for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
    const auto st = r.unit_status[static_cast<std::size_t>(i)];
    if (st == DiagnosisUnitStatus::no_data || st == DiagnosisUnitStatus::missing) continue;
    double sum = 0.0;
    double wsum = 0.0;
    for (Eigen::Index j = 0; j < normalised.cols(); ++j) {
      if (std::isnan(normalised(i, j))) continue;
      sum += v(i, j);
      wsum += weights[j];
    }
    r.score[i] = sum / wsum;
  }
  return r;
}

/// Gap of every unit to the best peer on every indicator: the benchmark is the column maximum over the
/// observed values (normalised data, higher is better), so every gap is >= 0 and the best unit's is 0.
///
/// Missing values: skipped in the maximum; a missing x_ij has missing gaps; a column with no observed value
/// has a missing benchmark.
/// @param normalised normalised values, higher is better; units in rows, indicators in columns.
/// @return benchmarks, absolute gaps b - x and relative gaps (b - x) / |b|.
/// @throws InvalidInput with context `gap_to_best`: empty_input, not_finite (an infinite value).
inline GapResult gap_to_best(MatrixCRef normalised) {
  const std::string ctx = "gap_to_best";
  detail::check_gap_input(ctx, normalised);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  GapResult r;
  r.benchmark = Eigen::MatrixXd::Constant(normalised.rows(), normalised.cols(), nan);
  for (Eigen::Index j = 0; j < normalised.cols(); ++j) {
    double best = nan;
    for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
      const double v = normalised(i, j);
      if (!std::isnan(v) && (std::isnan(best) || v > best)) best = v;
    }
    r.benchmark.col(j).setConstant(best);
  }
  detail::fill_gaps(normalised, r);
  return r;
}

/// Gap of every unit to the best unit of its own group (e.g. its province or industry) on every indicator:
/// the benchmark is the maximum of the indicator over the observed units with the same group label
/// (labels compared as exact byte strings).
///
/// Missing values: as gap_to_best(), within each group.
/// @param normalised normalised values, higher is better; units in rows, indicators in columns.
/// @param groups one group label per unit (row), any string.
/// @return benchmarks, absolute gaps b - x and relative gaps (b - x) / |b|.
/// @throws InvalidInput with context `gap_to_group_best`: empty_input, not_finite (an infinite value),
///   size_mismatch (labels and units differ in number).
inline GapResult gap_to_group_best(MatrixCRef normalised, const std::vector<std::string>& groups) {
  const std::string ctx = "gap_to_group_best";
  detail::check_gap_input(ctx, normalised);
  if (static_cast<Eigen::Index>(groups.size()) != normalised.rows()) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(groups.size()) + " group labels for " + std::to_string(normalised.rows()) + " units (rows)");
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::map<std::string, std::size_t> index;
  std::vector<std::size_t> group_of;
  for (const auto& g : groups) group_of.push_back(index.emplace(g, index.size()).first->second);
  Eigen::MatrixXd best = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(index.size()), normalised.cols(), nan);
  for (Eigen::Index j = 0; j < normalised.cols(); ++j) {
    for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
      const double v = normalised(i, j);
      const auto g = static_cast<Eigen::Index>(group_of[static_cast<std::size_t>(i)]);
      if (!std::isnan(v) && (std::isnan(best(g, j)) || v > best(g, j))) best(g, j) = v;
    }
  }
  GapResult r;
  r.benchmark.resize(normalised.rows(), normalised.cols());
  for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
    r.benchmark.row(i) = best.row(static_cast<Eigen::Index>(group_of[static_cast<std::size_t>(i)]));
  }
  detail::fill_gaps(normalised, r);
  return r;
}

/// Gap of every unit to a given target on every indicator (e.g. a policy goal on the normalised scale);
/// negative gaps mean the unit exceeds the target.
///
/// Missing values: a missing x_ij has missing gaps; targets must be finite.
/// @param normalised values on the scale of the targets, higher is better; units in rows, indicators in columns.
/// @param target one finite target per indicator (column).
/// @return benchmarks (the targets, repeated per unit), absolute gaps t - x and relative gaps (t - x) / |t|.
/// @throws InvalidInput with context `gap_to_target`: empty_input, not_finite (an infinite value; a non-finite
///   target, naming the criterion), size_mismatch (targets and columns differ in number).
inline GapResult gap_to_target(MatrixCRef normalised, VectorCRef target) {
  const std::string ctx = "gap_to_target";
  detail::check_gap_input(ctx, normalised);
  if (target.size() != normalised.cols()) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(target.size()) + " targets for " + std::to_string(normalised.cols()) + " criteria (columns)");
  }
  for (Eigen::Index j = 0; j < target.size(); ++j) {
    if (!std::isfinite(target[j])) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         "target of criterion (column) " + std::to_string(j) + " is not finite");
    }
  }
  GapResult r;
  r.benchmark = target.transpose().replicate(normalised.rows(), 1);
  detail::fill_gaps(normalised, r);
  return r;
}

/// The ten grades of the coupling coordination degree D, in steps of 0.1 from grade 1 (极度失调, extreme
/// imbalance, 0 <= D < 0.1) to grade 10 (优质协调, high-quality coordination, 0.9 <= D <= 1); Chinese names as
/// in Tian et al. (2021, Acta Geographica Sinica 76(4), Table 1), which writes the intervals (lower, upper].
/// @return the grades, grade 1 first.
inline const std::array<CoordinationGrade, 10>& coordination_grades() noexcept {
  static const std::array<CoordinationGrade, 10> grades = {{
      {1, "极度失调", "extreme imbalance", 0.0, 0.1},
      {2, "严重失调", "serious imbalance", 0.1, 0.2},
      {3, "中度失调", "moderate imbalance", 0.2, 0.3},
      {4, "轻度失调", "mild imbalance", 0.3, 0.4},
      {5, "濒临失调", "on the verge of imbalance", 0.4, 0.5},
      {6, "勉强协调", "barely coordinated", 0.5, 0.6},
      {7, "初级协调", "primary coordination", 0.6, 0.7},
      {8, "中级协调", "intermediate coordination", 0.7, 0.8},
      {9, "良好协调", "good coordination", 0.8, 0.9},
      {10, "优质协调", "high-quality coordination", 0.9, 1.0},
  }};
  return grades;
}

/// The grade of a coupling coordination degree: the grade whose half-open interval [lower, upper) holds D,
/// with D = 1 in grade 10. A value on a boundary takes the higher grade (D = 0.5 is 勉强协调).
/// @param d the coupling coordination degree, in [0, 1].
/// @return the grade.
/// @throws InvalidInput with context `coordination_grade`: not_finite (NaN or infinite D), out_of_range (D
///   outside [0, 1]).
inline const CoordinationGrade& coordination_grade(double d) {
  const std::string ctx = "coordination_grade";
  if (!std::isfinite(d)) throw InvalidInput(ErrorCode::not_finite, ctx, "the coordination degree is not finite");
  if (d < 0.0 || d > 1.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "the coordination degree " + detail::number_text(d) + " is outside [0, 1]");
  }
  const auto& grades = coordination_grades();
  for (std::size_t g = grades.size(); g-- > 0;) {
    if (d >= grades[g].lower) return grades[g];
  }
  return grades[0];
}

/// Coupling coordination degree model between n >= 2 subsystems (dimensions) of every unit.
///
/// With subsystem scores U_1..U_n in [0, 1] (columns):
///   coupling C = n [ (U_1 U_2 ... U_n) / (U_1 + ... + U_n)^n ]^(1/n), the normative form of Wang et al.
///     (2021); the variant C = [ prod U_i / ((sum U_i) / n)^n ]^(1/n) is the same number, since
///     ((sum U_i) / n)^n = (sum U_i)^n / n^n. Either way C = geometric mean / arithmetic mean of the U_i, so
///     C is in [0, 1] and C = 1 exactly when all U_i are equal (and positive); it is computed in that form,
///     through logarithms, so that it does not underflow for many subsystems.
///   comprehensive coordination index T = sum_i a_i U_i (weights a, default 1/n);
///   coupling coordination degree D = sqrt(C T), in [0, 1], graded by coordination_grade().
///
/// Degenerate case: all U_i = 0 makes C = 0/0; such a unit gets C = T = D = 0, grade 1 and status all_zero.
///
/// Missing values (options.missing): reject (default) or propagate (the unit gets NaN C, T, D, grade 0 and
/// status missing); skip is rejected.
/// @param subsystems subsystem scores in [0, 1]; units in rows, subsystems in columns (at least 2).
/// @param options subsystem weights and missing-value rule.
/// @return C, T, D, grade and status per unit.
/// @throws InvalidInput with context `coupling_coordination`: empty_input, invalid_argument (fewer than 2
///   subsystems; the skip rule or a rule outside MissingRule), not_finite (an infinite score; a missing one
///   under reject; a non-finite weight), out_of_range (a score outside [0, 1], naming unit and subsystem; a
///   negative weight), size_mismatch (weights and subsystems differ), inconsistent (every weight zero).
inline CouplingResult coupling_coordination(MatrixCRef subsystems, const CouplingOptions& options = {}) {
  const std::string ctx = "coupling_coordination";
  detail::check_diagnosis_rule(ctx, options.missing, false);
  detail::check_matrix(ctx, subsystems, options.missing == MissingRule::propagate);
  const Eigen::Index n = subsystems.cols();
  if (n < 2) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "the coupling model needs at least 2 subsystems (columns), got " + std::to_string(n));
  }
  Eigen::VectorXd a = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  if (options.weights.size() != 0) {
    detail::check_weight_vector(ctx, options.weights, n);
    a = options.weights / options.weights.sum();
  }
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < subsystems.rows(); ++i) {
      const double u = subsystems(i, j);
      if (!std::isnan(u) && (u < 0.0 || u > 1.0)) {
        throw InvalidInput(ErrorCode::out_of_range, ctx,
                           "unit (row) " + std::to_string(i) + ", subsystem (column) " + std::to_string(j) +
                               ": score " + detail::number_text(u) + " is outside [0, 1]");
      }
    }
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::Index m = subsystems.rows();
  CouplingResult r;
  r.coupling = Eigen::VectorXd::Constant(m, nan);
  r.development = Eigen::VectorXd::Constant(m, nan);
  r.coordination = Eigen::VectorXd::Constant(m, nan);
  r.grade.assign(static_cast<std::size_t>(m), 0);
  r.status.assign(static_cast<std::size_t>(m), CouplingStatus::ok);
  const double dn = static_cast<double>(n);
  for (Eigen::Index i = 0; i < m; ++i) {
    const auto k = static_cast<std::size_t>(i);
    if (detail::row_has_missing(subsystems, i)) {
      r.status[k] = CouplingStatus::missing;
      continue;
    }
    double sum = 0.0;
    double log_sum = 0.0;
    bool has_zero = false;
    double t = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double u = subsystems(i, j);
      sum += u;
      t += a[j] * u;
      if (u == 0.0) {
        has_zero = true;
      } else {
        log_sum += std::log(u);
      }
    }
    double c = 0.0;
    if (sum == 0.0) {
      r.status[k] = CouplingStatus::all_zero;
    } else if (!has_zero) {
      c = std::min(1.0, std::exp(log_sum / dn) / (sum / dn));  // geometric / arithmetic mean
    }
    t = std::min(1.0, std::max(0.0, t));
    r.coupling[i] = c;
    r.development[i] = t;
    r.coordination[i] = std::sqrt(c * t);
    r.grade[k] = coordination_grade(r.coordination[i]).number;
  }
  return r;
}

/// Strengths and weaknesses of every unit: the k indicators where it stands best and the k where it stands
/// worst relative to its peers.
///
/// Basis (options.basis): rank (default) compares the unit's rank among the units on each indicator
/// (rank(), descending, TieMethod::min; 1 = best), so indicators on different scales compare; value compares
/// its normalised values directly (higher is better; for data on a common scale). Ties (equal ranks or
/// values) are broken by the smaller indicator position in both lists. Each list is chosen independently
/// from the unit's observed indicators, so the two overlap when the unit has fewer than 2k of them.
///
/// Missing values: a missing value has no rank and is left out of the unit's lists; ranks on an indicator
/// are among the units observed on it. A unit with no observed value gets empty lists.
/// @param normalised normalised values, higher is better; units in rows, indicators in columns.
/// @param options list length k and basis.
/// @return the rank matrix and, per unit, the strengths and weaknesses.
/// @throws InvalidInput with context `strengths_weaknesses`: empty_input, not_finite (an infinite value),
///   invalid_argument (k < 1; a basis outside StandingBasis; fewer than 2 units under the rank basis).
inline StrengthResult strengths_weaknesses(MatrixCRef normalised, const StrengthOptions& options = {}) {
  const std::string ctx = "strengths_weaknesses";
  detail::check_top_k(ctx, options.k);
  if (options.basis != StandingBasis::rank && options.basis != StandingBasis::value) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "basis " + std::to_string(static_cast<int>(options.basis)) + " is not a StandingBasis");
  }
  detail::check_matrix(ctx, normalised, true);
  if (options.basis == StandingBasis::rank && normalised.rows() < 2) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "ranking against peers needs at least 2 units (rows)");
  }
  StrengthResult r;
  r.ranks.resize(normalised.rows(), normalised.cols());
  for (Eigen::Index j = 0; j < normalised.cols(); ++j) r.ranks.col(j) = rank(normalised.col(j)).ranks;
  const bool by_rank = options.basis == StandingBasis::rank;
  const Eigen::MatrixXd values = by_rank ? r.ranks : Eigen::MatrixXd(normalised);
  const auto lower = [](double x, double y) { return x < y; };
  const auto higher = [](double x, double y) { return x > y; };
  r.units.resize(static_cast<std::size_t>(normalised.rows()));
  for (Eigen::Index i = 0; i < normalised.rows(); ++i) {
    auto& u = r.units[static_cast<std::size_t>(i)];
    if (by_rank) {
      u.strengths = detail::top_of_row(values, i, options.k, lower, false);
      u.weaknesses = detail::top_of_row(values, i, options.k, higher, false);
    } else {
      u.strengths = detail::top_of_row(values, i, options.k, higher, false);
      u.weaknesses = detail::top_of_row(values, i, options.k, lower, false);
    }
  }
  return r;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_DIAGNOSIS_HPP
