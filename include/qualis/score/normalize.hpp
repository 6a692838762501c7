/// @file
/// @brief Normalisation of a decision matrix: min-max, z-scores, goalposts, distances to a target or to the
/// frontier, ratio, rank and categorical scales, and the orientation ("positivisation") of cost, target and
/// range indicators.
#ifndef QUALIS_SCORE_NORMALIZE_HPP
#define QUALIS_SCORE_NORMALIZE_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/indicator.hpp"
#include "qualis/score/common.hpp"
#include "qualis/score/rank.hpp"

QUALIS_NAMESPACE_BEGIN

// ---------------------------------------------------------------------------------------------------------------
// Column specifications
// ---------------------------------------------------------------------------------------------------------------

/// What a normalisation needs to know about one column (indicator) of the decision matrix: its polarity and,
/// where the method or the polarity calls for them, a target, a best range and goalposts.
///
/// Rules, checked by every function that takes specs: `target` is required when `direction` is target_is_best
/// (the ideal value) and may also be given for higher_is_better and lower_is_better columns (a policy target
/// for normalize_distance_to_target()); it is not allowed with range_is_best. `best_range` is required exactly
/// when `direction` is range_is_best (finite, low <= high). `goalposts`, when given, are finite with low < high.
struct ColumnSpec {
  Direction direction = Direction::higher_is_better;  ///< Which values are better.
  std::optional<double> target;                       ///< Ideal value (target_is_best) or policy target.
  std::optional<Interval> best_range;                 ///< Best values of a range_is_best column.
  std::optional<Interval> goalposts;                  ///< Fixed bounds for normalize_goalposts().
};

/// Column specs from indicator records: direction, target, best range and goalposts are copied as they are.
/// @param indicators one indicator per column, in column order.
/// @return one ColumnSpec per indicator.
inline std::vector<ColumnSpec> column_specs(const std::vector<Indicator>& indicators) {
  std::vector<ColumnSpec> out;
  out.reserve(indicators.size());
  for (const Indicator& ind : indicators)
    out.push_back(ColumnSpec{ind.direction, ind.target, ind.best_range, ind.goalposts});
  return out;
}

/// Column specs from directions alone (no targets, ranges or goalposts).
/// @param directions one direction per column, in column order.
/// @return one ColumnSpec per direction.
inline std::vector<ColumnSpec> column_specs(const std::vector<Direction>& directions) {
  std::vector<ColumnSpec> out;
  out.reserve(directions.size());
  for (const Direction d : directions) out.push_back(ColumnSpec{d, std::nullopt, std::nullopt, std::nullopt});
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Methods, options and results
// ---------------------------------------------------------------------------------------------------------------

/// The normalisation methods (OECD/JRC 2008 Handbook, step 5; COINr's `n_*` functions; MCDA practice).
/// Each has its own function, e.g. normalize_min_max(); normalize() dispatches on this enumeration.
enum class NormalizationMethod : int {
  min_max = 0,               ///< `(x - min) / (max - min)`, mapped onto a chosen range.
  z_score = 1,               ///< `(x - mean) / sd`, optionally rescaled to a chosen mean and sd.
  goalposts = 2,             ///< Min-max over fixed goalposts instead of the observed extremes.
  distance_to_target = 3,    ///< Ratio, relative gap or scaled distance to a target.
  distance_to_frontier = 4,  ///< Ratio, relative gap or range distance to the best observed unit.
  fraction_of_max = 5,       ///< `x / max`.
  rank = 6,                  ///< Rank among the units; the best unit gets the highest rank.
  percentile_rank = 7,       ///< `(rank - 1) / (n - 1)`.
  borda = 8,                 ///< `rank - 1`: the number of units beaten.
  vector = 9,                ///< `x / sqrt(sum of x^2)` (TOPSIS).
  sum = 10,                  ///< `x / sum of x`.
  logarithmic = 11,          ///< `ln x / sum of ln x` (Zavadskas & Turskis 2008).
  categorical = 12,          ///< Thresholds map values to categories and category scores.
};

/// The stable name of a normalisation method, e.g. "min_max"; parse_normalization_method() reads it back.
/// @param method the method.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(NormalizationMethod method) noexcept {
  switch (method) {
    case NormalizationMethod::min_max:
      return "min_max";
    case NormalizationMethod::z_score:
      return "z_score";
    case NormalizationMethod::goalposts:
      return "goalposts";
    case NormalizationMethod::distance_to_target:
      return "distance_to_target";
    case NormalizationMethod::distance_to_frontier:
      return "distance_to_frontier";
    case NormalizationMethod::fraction_of_max:
      return "fraction_of_max";
    case NormalizationMethod::rank:
      return "rank";
    case NormalizationMethod::percentile_rank:
      return "percentile_rank";
    case NormalizationMethod::borda:
      return "borda";
    case NormalizationMethod::vector:
      return "vector";
    case NormalizationMethod::sum:
      return "sum";
    case NormalizationMethod::logarithmic:
      return "logarithmic";
    case NormalizationMethod::categorical:
      return "categorical";
  }
  return "unknown";
}

/// What happened to one column.
enum class ColumnStatus : int {
  ok = 0,          ///< Normalised by the method's formula.
  degenerate = 1,  ///< The formula is undefined for this column (e.g. zero range); DegenerateRule::constant applied.
  no_data = 2,     ///< Every value of the column is missing; the output column is all missing (NaN).
};

/// The stable name of a column status.
/// @param status the status.
/// @return "ok", "degenerate" or "no_data"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ColumnStatus status) noexcept {
  switch (status) {
    case ColumnStatus::ok:
      return "ok";
    case ColumnStatus::degenerate:
      return "degenerate";
    case ColumnStatus::no_data:
      return "no_data";
  }
  return "unknown";
}

/// How a column on which the method's formula is undefined is treated: a column whose observed values are all
/// equal (zero range, zero standard deviation), all zero (zero maximum, norm or sum), or otherwise degenerate as
/// each method documents.
enum class DegenerateRule : int {
  constant = 0,  ///< Every observed cell gets one constant (NormalizeRules::degenerate_value or the method's
                 ///< neutral value); the column's status is ColumnStatus::degenerate.
  reject = 1,    ///< InvalidInput (ErrorCode::inconsistent) naming the column.
};

/// The stable name of a degenerate-column rule.
/// @param rule the rule.
/// @return "constant" or "reject"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(DegenerateRule rule) noexcept {
  switch (rule) {
    case DegenerateRule::constant:
      return "constant";
    case DegenerateRule::reject:
      return "reject";
  }
  return "unknown";
}

/// Policies shared by every normalisation method.
struct NormalizeRules {
  /// Missing values: MissingRule::skip (default; statistics use the observed values of the column, missing cells
  /// stay missing) or MissingRule::reject (any NaN is an error). MissingRule::propagate is not supported (each
  /// cell is normalised on its own, so there is nothing to propagate) and is rejected.
  MissingRule missing = MissingRule::skip;
  /// Degenerate columns: DegenerateRule::constant (default) or DegenerateRule::reject.
  DegenerateRule degenerate = DegenerateRule::constant;
  /// The constant for degenerate columns under DegenerateRule::constant; when empty (default), the method's
  /// neutral value: the centre of the scale for interval-scale methods (min_max, z_score, percentile_rank,
  /// distance_to_frontier with the range formula), and for the other methods the value every unit gets when
  /// all observed values of a column are equal and non-zero (e.g. 1 for fraction_of_max, `1/n` for sum).
  std::optional<double> degenerate_value;
};

/// The result of a normalisation or of orient().
struct NormalizeResult {
  Eigen::MatrixXd values;              ///< Normalised matrix, same shape as the input; missing cells stay NaN.
  std::vector<ColumnStatus> status;    ///< One status per column.
  std::vector<Eigen::Index> observed;  ///< Per column: number of observed (non-missing) values used.
  std::vector<Eigen::Index> capped;    ///< Per column: number of values clipped (goalposts, distance_to_target).
};

/// Options of normalize_min_max().
struct MinMaxOptions {
  /// Output range [low, high], low < high: [0, 1] (default, the Handbook's min-max) or e.g. [0, 100] (COINr's
  /// default) or [1, 10].
  Interval range{0.0, 1.0};
};

/// Which standard deviation z-scores divide by.
enum class StandardDeviation : int {
  sample = 0,      ///< `sqrt(sum (x - mean)^2 / (n - 1))`, as R's sd() in COINr and Compind.
  population = 1,  ///< `sqrt(sum (x - mean)^2 / n)`, as in the Mazziotta-Pareto index.
};

/// The stable name of a standard-deviation kind.
/// @param kind the kind.
/// @return "sample" or "population"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(StandardDeviation kind) noexcept {
  switch (kind) {
    case StandardDeviation::sample:
      return "sample";
    case StandardDeviation::population:
      return "population";
  }
  return "unknown";
}

/// Options of normalize_z_score().
struct ZScoreOptions {
  StandardDeviation deviation = StandardDeviation::sample;  ///< Sample sd (default; COINr, Compind) or population.
  double mean = 0.0;  ///< Mean of the output (default 0); e.g. 100 for the Mazziotta-Pareto index. Finite.
  double sd = 1.0;    ///< Standard deviation of the output (default 1); e.g. 10. Finite and > 0.
};

/// Options of normalize_goalposts().
struct GoalpostsOptions {
  Interval range{0.0, 1.0};  ///< Output range [low, high], low < high; default [0, 1].
  bool cap = true;           ///< Clip to the goalposts (default true, as COINr's trunc2posts and the UNDP HDI).
};

/// Which distance to a target normalize_distance_to_target() computes (T = the column's target).
enum class TargetFormula : int {
  ratio = 0,         ///< `x / T` (benefit), `T / x` (cost): the Handbook's "distance to a reference".
  relative_gap = 1,  ///< `(x - T) / T` (benefit), `(T - x) / T` (cost): the Handbook's relative distance.
  scaled = 2,        ///< `(x - min) / (T - min)` (benefit), `(max - x) / (max - T)` (cost): COINr n_dist2targ.
};

/// The stable name of a target formula.
/// @param formula the formula.
/// @return "ratio", "relative_gap" or "scaled"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TargetFormula formula) noexcept {
  switch (formula) {
    case TargetFormula::ratio:
      return "ratio";
    case TargetFormula::relative_gap:
      return "relative_gap";
    case TargetFormula::scaled:
      return "scaled";
  }
  return "unknown";
}

/// Options of normalize_distance_to_target().
struct DistanceToTargetOptions {
  TargetFormula formula = TargetFormula::ratio;  ///< Default: the Handbook's ratio `x / T`.
  /// Clip at the target: a unit that has reached its target scores as the target (1 for ratio and scaled, 0 for
  /// relative_gap). Default true, since a target once met is met (COINr's cap_max, whose default is false).
  bool cap = true;
};

/// Which distance to the best observed unit normalize_distance_to_frontier() computes.
enum class FrontierFormula : int {
  ratio = 0,         ///< `x / max` (benefit), `min / x` (cost): the Handbook's distance to the leader.
  relative_gap = 1,  ///< `(x - max) / max` (benefit), `(min - x) / min` (cost): 0 at the frontier, negative below.
  range = 2,         ///< `(x - min) / (max - min)` (benefit): COINr n_dist2max, World Bank "distance to frontier".
};

/// The stable name of a frontier formula.
/// @param formula the formula.
/// @return "ratio", "relative_gap" or "range"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(FrontierFormula formula) noexcept {
  switch (formula) {
    case FrontierFormula::ratio:
      return "ratio";
    case FrontierFormula::relative_gap:
      return "relative_gap";
    case FrontierFormula::range:
      return "range";
  }
  return "unknown";
}

/// Options of normalize_distance_to_frontier().
struct DistanceToFrontierOptions {
  FrontierFormula formula = FrontierFormula::ratio;  ///< Default: the Handbook's ratio to the leader.
};

/// How ratio-scale methods (fraction_of_max, vector, sum) reverse a cost column; peers disagree (pymcdm uses
/// the reciprocal for sum but the complement for vector and max normalisation).
enum class RatioCostRule : int {
  reciprocal = 0,  ///< Apply the benefit formula to `1/x`: `min/x`, `(1/x) / norm(1/x)`, `(1/x) / sum(1/x)`.
  complement = 1,  ///< One minus the benefit formula: `1 - x/max`, `1 - x/norm(x)`, `1 - x/sum(x)`.
};

/// The stable name of a ratio cost rule.
/// @param rule the rule.
/// @return "reciprocal" or "complement"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(RatioCostRule rule) noexcept {
  switch (rule) {
    case RatioCostRule::reciprocal:
      return "reciprocal";
    case RatioCostRule::complement:
      return "complement";
  }
  return "unknown";
}

/// Options of normalize_fraction_of_max(), normalize_vector() and normalize_sum().
struct NormalizeRatioOptions {
  RatioCostRule cost = RatioCostRule::reciprocal;  ///< Cost reversal; default reciprocal (scale-free).
};

/// Options of normalize_rank(), normalize_percentile_rank() and normalize_borda().
struct NormalizeRankOptions {
  /// Rank shared by tied units (the TieMethod of rank()): average (default; Compind, rank statistics), min
  /// (COINr's default) or max. dense and first are not supported here: dense ranks would not end at n, and
  /// first would make the scores depend on the order of the rows.
  TieMethod ties = TieMethod::average;
};

/// What the categorical thresholds are.
enum class ThresholdKind : int {
  value = 0,     ///< Thresholds in the column's own units (after orientation, see normalize_categorical()).
  quantile = 1,  ///< Probabilities in [0, 1]; the thresholds are the column's empirical quantiles (R type 7).
};

/// The stable name of a threshold kind.
/// @param kind the kind.
/// @return "value" or "quantile"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ThresholdKind kind) noexcept {
  switch (kind) {
    case ThresholdKind::value:
      return "value";
    case ThresholdKind::quantile:
      return "quantile";
  }
  return "unknown";
}

/// Options of normalize_categorical().
struct CategoricalOptions {
  /// Strictly increasing, finite thresholds t1 < ... < tk: one list shared by every column, or one list per column.
  /// Required (no default).
  std::vector<std::vector<double>> thresholds;
  ThresholdKind kind = ThresholdKind::value;  ///< Values (default) or quantile probabilities.
  /// Scores of categories 0..k, finite and non-decreasing, k + 1 of them for every column; empty (default) means
  /// the category numbers 0, 1, ..., k. The Handbook's example uses 0, 20, 40, 60, 80, 100.
  std::vector<double> scores;
};

/// All options of normalize(): the method and the options of every method (only those of the chosen method
/// are read).
struct NormalizeOptions {
  NormalizationMethod method = NormalizationMethod::min_max;  ///< Default min-max (Handbook; COINr's default).
  MinMaxOptions min_max;                                      ///< For NormalizationMethod::min_max.
  ZScoreOptions z_score;                                      ///< For NormalizationMethod::z_score.
  GoalpostsOptions goalposts;                                 ///< For NormalizationMethod::goalposts.
  DistanceToTargetOptions distance_to_target;                 ///< For NormalizationMethod::distance_to_target.
  DistanceToFrontierOptions distance_to_frontier;             ///< For NormalizationMethod::distance_to_frontier.
  NormalizeRatioOptions ratio;                                ///< For fraction_of_max, vector and sum.
  NormalizeRankOptions rank;                                  ///< For rank, percentile_rank and borda.
  CategoricalOptions categorical;                             ///< For NormalizationMethod::categorical.
  NormalizeRules rules;  ///< Missing-value and degenerate-column policies of every method.
};

/// How orient() turns a cost (lower_is_better) column into a benefit column.
enum class CostTransform : int {
  max_minus_x = 0,  ///< `max - x` (the usual 极小型 to 极大型 transform; keeps differences).
  reciprocal = 1,   ///< `1 / x`; needs positive values.
  negate = 2,       ///< `-x`.
};

/// The stable name of a cost transform.
/// @param transform the transform.
/// @return "max_minus_x", "reciprocal" or "negate"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(CostTransform transform) noexcept {
  switch (transform) {
    case CostTransform::max_minus_x:
      return "max_minus_x";
    case CostTransform::reciprocal:
      return "reciprocal";
    case CostTransform::negate:
      return "negate";
  }
  return "unknown";
}

/// Options of orient().
struct OrientOptions {
  CostTransform cost = CostTransform::max_minus_x;  ///< Default `max - x`.
  MissingRule missing = MissingRule::skip;          ///< skip (default) or reject; see NormalizeRules::missing.
};

// ---------------------------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------------------------

// Internals of the normalisation family, in their own namespace so that generic names (check_rules,
// quantile_sorted ...) cannot clash with other headers' detail helpers.
namespace detail::norm {

// A column being normalised: a view of one output column, which the kernels rewrite in place.
using ColumnRef = Eigen::Ref<Eigen::VectorXd>;
using ColumnCRef = const Eigen::Ref<const Eigen::VectorXd>&;

inline std::string column_label(Eigen::Index j) { return "criterion (column) " + std::to_string(j); }

inline std::string normalize_context(NormalizationMethod method) {
  return context("normalize", "method", to_string(method));
}

inline void check_missing_rule(const std::string& ctx, MissingRule rule) {
  switch (rule) {
    case MissingRule::skip:
    case MissingRule::reject:
      return;
    case MissingRule::propagate:
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "missing rule \"propagate\" is not supported: normalisation keeps every missing cell missing "
                         "and supports \"skip\" (default) and \"reject\"");
  }
  throw InvalidInput(ErrorCode::invalid_argument, ctx,
                     "missing rule " + std::to_string(static_cast<int>(rule)) + " is not a MissingRule");
}

inline void check_rules(const std::string& ctx, const NormalizeRules& rules) {
  check_missing_rule(ctx, rules.missing);
  if (rules.degenerate != DegenerateRule::constant && rules.degenerate != DegenerateRule::reject) {
    throw InvalidInput(
        ErrorCode::invalid_argument, ctx,
        "degenerate rule " + std::to_string(static_cast<int>(rules.degenerate)) + " is not a DegenerateRule");
  }
  if (rules.degenerate_value && !std::isfinite(*rules.degenerate_value)) {
    throw InvalidInput(ErrorCode::not_finite, ctx,
                       "degenerate_value " + number_text(*rules.degenerate_value) + " is not finite");
  }
}

inline void check_column_specs(const std::string& ctx, const std::vector<ColumnSpec>& specs, Eigen::Index cols) {
  if (static_cast<Eigen::Index>(specs.size()) != cols) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(specs.size()) + " column specs for " + std::to_string(cols) + " criteria (columns)");
  }
  for (Eigen::Index j = 0; j < cols; ++j) {
    const ColumnSpec& s = specs[static_cast<std::size_t>(j)];
    const std::string col = column_label(j);
    switch (s.direction) {
      case Direction::higher_is_better:
      case Direction::lower_is_better:
      case Direction::target_is_best:
      case Direction::range_is_best:
        break;
      default:
        throw InvalidInput(
            ErrorCode::invalid_argument, ctx,
            col + ": direction " + std::to_string(static_cast<int>(s.direction)) + " is not a Direction");
    }
    if (s.target && !std::isfinite(*s.target)) {
      throw InvalidInput(ErrorCode::not_finite, ctx, col + ": target " + number_text(*s.target) + " is not finite");
    }
    if (s.direction == Direction::target_is_best && !s.target) {
      throw InvalidInput(ErrorCode::inconsistent, ctx, col + ": direction is target_is_best but no target is given");
    }
    if (s.direction == Direction::range_is_best && s.target) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         col + ": a target is given but direction is range_is_best (which uses best_range)");
    }
    if (s.direction == Direction::range_is_best && !s.best_range) {
      throw InvalidInput(ErrorCode::inconsistent, ctx, col + ": direction is range_is_best but no best range is given");
    }
    if (s.direction != Direction::range_is_best && s.best_range) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         col + ": a best range is given but direction is " + to_string(s.direction) +
                             " (a best range needs range_is_best)");
    }
    if (s.best_range) check_interval(ctx, col + ": best range", *s.best_range, false);
    if (s.goalposts) check_interval(ctx, col + ": goalposts", *s.goalposts, true);
  }
}

// Extremes and count of the observed (non-NaN) values of a column.
struct ObservedStats {
  Eigen::Index count = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
};

inline ObservedStats observed_stats(ColumnCRef col) {
  ObservedStats s;
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    const double v = col[i];
    if (std::isnan(v)) continue;
    ++s.count;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
  }
  return s;
}

// Copies `from` into `to` and returns the statistics of its observed values, in one pass that also screens the
// values as check_matrix() does: `bad` is set for an infinite value, and for a NaN unless `allow_missing`.
// Chunk by chunk (each in cache): a chunk whose values are all finite, the common case, is copied and reduced by
// vectorised sweeps; only a chunk holding a NaN or an infinity goes through the scalar loop. The minimum and
// maximum are exact either way, so the statistics do not depend on the path taken.
inline ObservedStats copy_observed(ColumnCRef from, ColumnRef to, bool allow_missing, bool& bad) {
  ObservedStats s;
  bool seen_bad = false;
  for_chunks(from.size(), [&](Eigen::Index begin, Eigen::Index len) {
    const auto source = from.segment(begin, len);
    to.segment(begin, len) = source;
    if ((source.array() * 0.0).sum() == 0.0) {  // NaN for any NaN or infinity, else 0
      s.count += len;
      s.min = std::min(s.min, source.minCoeff());
      s.max = std::max(s.max, source.maxCoeff());
      return;
    }
    for (Eigen::Index i = 0; i < len; ++i) {
      const double v = source[i];
      if (std::isnan(v)) {
        seen_bad |= !allow_missing;
        continue;
      }
      seen_bad |= std::isinf(v);
      ++s.count;
      s.min = std::min(s.min, v);
      s.max = std::max(s.max, v);
    }
  });
  bad = seen_bad;
  return s;
}

inline double observed_sum(ColumnCRef col) {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i])) sum += col[i];
  }
  return sum;
}

// Euclidean norm of the observed values, scaled by the largest magnitude so that squares neither overflow nor
// underflow (as LAPACK's dnrm2 does).
inline double observed_norm(ColumnCRef col) {
  double scale = 0.0;
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i])) scale = std::max(scale, std::abs(col[i]));
  }
  if (scale == 0.0) return 0.0;
  double ss = 0.0;
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i])) {
      const double r = col[i] / scale;
      ss += r * r;
    }
  }
  return scale * std::sqrt(ss);
}

// The positivisation transforms (正向化) of target_is_best and range_is_best columns, in place; NaN stays NaN.
inline void positivize_target(ColumnRef col, double target) {
  double far = 0.0;
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i])) far = std::max(far, std::abs(col[i] - target));
  }
  // Every observed value is on target: all are best, no division needed.
  if (far == 0.0) {
    for (Eigen::Index i = 0; i < col.size(); ++i) {
      if (!std::isnan(col[i])) col[i] = 1.0;
    }
    return;
  }
  col = 1.0 - (col.array() - target).abs() / far;
}

inline void positivize_range(ColumnRef col, const Interval& best, const ObservedStats& s) {
  const double far = std::max(best.low - s.min, s.max - best.high);
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    const double v = col[i];
    if (std::isnan(v)) continue;
    if (v < best.low) {
      col[i] = 1.0 - (best.low - v) / far;  // far > 0 here: some value lies below the range
    } else if (v > best.high) {
      col[i] = 1.0 - (v - best.high) / far;
    } else {
      col[i] = 1.0;
    }
  }
}

enum class Needs { nonnegative, positive };

inline void require_values(const std::string& ctx, ColumnCRef col, Eigen::Index j, Needs needs, bool oriented,
                           std::string_view why) {
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    const double v = col[i];
    if (std::isnan(v)) continue;
    const bool bad = needs == Needs::nonnegative ? v < 0.0 : !(v > 0.0);
    if (bad) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         cell_position(i, j) + ": value " + number_text(v) + (oriented ? " (after orientation)" : "") +
                             " is " + (v < 0.0 ? "negative" : "zero") + "; " + std::string(why));
    }
  }
}

// Maps the observed values onto [0, 1] by the observed extremes: (x - min)/(max - min), or (max - x)/(max - min)
// for a cost column. Requires max > min.
inline void to_unit_interval(ColumnRef col, double mn, double mx, bool benefit) {
  const double range = mx - mn;
  if (std::isfinite(range)) {
    if (benefit) {
      col = (col.array() - mn) / range;
    } else {
      col = (mx - col.array()) / range;
    }
    return;
  }
  // The range overflows: halving every term is exact (short of subnormals) and keeps the ratio.
  const double hmn = 0.5 * mn;
  const double hmx = 0.5 * mx;
  const double hr = hmx - hmn;
  if (benefit) {
    col = (0.5 * col.array() - hmn) / hr;
  } else {
    col = (hmx - 0.5 * col.array()) / hr;
  }
}

// min-max onto [lo, lo + width]: to_unit_interval() and the affine map in one pass, with the same operations in
// the same order, hence the same values.
inline void min_max_in_place(ColumnRef col, double mn, double mx, bool benefit, double lo, double width) {
  const double range = mx - mn;
  if (std::isfinite(range)) {
    if (benefit) {
      col = lo + width * ((col.array() - mn) / range);
    } else {
      col = lo + width * ((mx - col.array()) / range);
    }
    return;
  }
  const double hmn = 0.5 * mn;
  const double hmx = 0.5 * mx;
  const double hr = hmx - hmn;
  if (benefit) {
    col = lo + width * ((0.5 * col.array() - hmn) / hr);
  } else {
    col = lo + width * ((hmx - 0.5 * col.array()) / hr);
  }
}

inline Eigen::Index clip_above(ColumnRef col, double cap) {
  Eigen::Index n = 0;
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i]) && col[i] > cap) {
      col[i] = cap;
      ++n;
    }
  }
  return n;
}

// Ranks of the observed values, in place: the worst unit gets 1, the best gets n (benefit: the largest value is
// best; cost: the smallest). Sorting on (key, row) keeps the order fully determined.
inline void rank_in_place(ColumnRef col, bool benefit, TieMethod ties,
                          std::vector<std::pair<double, Eigen::Index>>& buf) {
  buf.clear();
  for (Eigen::Index i = 0; i < col.size(); ++i) {
    if (!std::isnan(col[i])) buf.emplace_back(benefit ? col[i] : -col[i], i);
  }
  std::sort(buf.begin(), buf.end());
  std::size_t a = 0;
  while (a < buf.size()) {
    std::size_t b = a + 1;
    while (b < buf.size() && buf[b].first == buf[a].first) ++b;
    // average, min or max (check_tie_rule() rejects the others before any column is ranked)
    const double r = ties == TieMethod::average ? 0.5 * (static_cast<double>(a + 1) + static_cast<double>(b))
                     : ties == TieMethod::min   ? static_cast<double>(a + 1)
                                                : static_cast<double>(b);
    for (std::size_t k = a; k < b; ++k) col[buf[k].second] = r;
    a = b;
  }
}

inline void check_tie_rule(const std::string& ctx, TieMethod ties) {
  if (ties == TieMethod::average || ties == TieMethod::min || ties == TieMethod::max) return;
  if (ties == TieMethod::dense || ties == TieMethod::first) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       std::string("ties \"") + to_string(ties) +
                           "\" is not supported for normalisation (supported: average, min, max)");
  }
  throw InvalidInput(ErrorCode::invalid_argument, ctx,
                     "ties " + std::to_string(static_cast<int>(ties)) + " is not a TieMethod");
}

inline void check_ratio_cost(const std::string& ctx, RatioCostRule rule) {
  if (rule != RatioCostRule::reciprocal && rule != RatioCostRule::complement) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "cost rule " + std::to_string(static_cast<int>(rule)) + " is not a RatioCostRule");
  }
}

inline void check_output_range(const std::string& ctx, const Interval& range) {
  check_interval(ctx, "output range", range, true);
  if (!std::isfinite(range.high - range.low)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "output range [" + number_text(range.low) + ", " + number_text(range.high) +
                           "] is too wide (its width overflows)");
  }
}

// What a column kernel reports back to the driver.
struct ColumnOutcome {
  bool degenerate = false;  // the formula is undefined; `neutral` is the method's constant and `reason` says why
  double neutral = 0.0;
  std::string reason;
  Eigen::Index capped = 0;
  bool finite = false;  // the kernel's values are finite by construction, so the overflow guard is skipped
};

// Whether the driver positivises target_is_best and range_is_best columns before the kernel sees them.
enum class Prepare { orient_special, raw };

struct NoExtraChecks {
  void operator()() const {}
};

// The common frame of every method: input checks (then `extra_checks()`, for checks that need valid specs), then
// the columns, in parallel: each is copied into its output column, which the kernel rewrites in place; then
// missing columns, degenerate columns, and a final guard that no observed cell came out non-finite.
// kernel(j, col, benefit, stats, outcome) turns the (prepared) column into its normalised values in place; it is
// called concurrently for different columns, so it may write only to `col` and `outcome`.
//
// Errors come out as a serial run would give them: the rules, then the matrix (empty, infinite, NaN under
// MissingRule::reject), then the specs, then the first failing column. The matrix is screened while the columns
// are copied, to save a sweep over it; so a spec error waits for a full matrix check, and a column error is only
// reported once no column has met a bad value.
template <class Kernel, class Checks = NoExtraChecks>
NormalizeResult normalize_columns(const std::string& ctx, MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                  const NormalizeRules& rules, Prepare prepare, Kernel&& kernel,
                                  Checks&& extra_checks = Checks{}) {
  check_rules(ctx, rules);
  const bool allow_missing = rules.missing != MissingRule::reject;
  if (x.rows() == 0 || x.cols() == 0) check_matrix(ctx, x, allow_missing);  // throws: empty matrix
  try {
    check_column_specs(ctx, specs, x.cols());
    extra_checks();
  } catch (...) {
    check_matrix(ctx, x, allow_missing);  // a bad matrix is reported first
    throw;
  }
  const Eigen::Index rows = x.rows();
  const Eigen::Index cols = x.cols();
  NormalizeResult r;
  r.values.resize(rows, cols);
  r.status.assign(static_cast<std::size_t>(cols), ColumnStatus::ok);
  r.observed.assign(static_cast<std::size_t>(cols), 0);
  r.capped.assign(static_cast<std::size_t>(cols), 0);
  std::vector<unsigned char> bad_values(static_cast<std::size_t>(cols), 0);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(cols));
  parallel_for(cols, rows * cols, [&](Eigen::Index j) {
    const auto ju = static_cast<std::size_t>(j);
    try {
      const ColumnSpec& spec = specs[ju];
      const auto source = x.col(j);
      ColumnRef col = r.values.col(j);
      bool bad = false;
      ObservedStats stats = copy_observed(source, col, allow_missing, bad);
      if (bad) {
        bad_values[ju] = 1;
        return;
      }
      r.observed[ju] = stats.count;
      if (stats.count == 0) {
        r.status[ju] = ColumnStatus::no_data;
        return;
      }
      if (prepare == Prepare::orient_special) {
        if (spec.direction == Direction::target_is_best) {
          positivize_target(col, *spec.target);
          stats = observed_stats(col);
        } else if (spec.direction == Direction::range_is_best) {
          positivize_range(col, *spec.best_range, stats);
          stats = observed_stats(col);
        }
      }
      ColumnOutcome out;
      kernel(j, col, spec.direction != Direction::lower_is_better, stats, out);
      if (out.degenerate) {
        if (rules.degenerate == DegenerateRule::reject) {
          throw InvalidInput(ErrorCode::inconsistent, ctx,
                             column_label(j) + ": " + out.reason +
                                 ", so the column cannot be normalised "
                                 "(degenerate rule \"reject\")");
        }
        const double c = rules.degenerate_value.value_or(out.neutral);
        for (Eigen::Index i = 0; i < rows; ++i) {
          if (!std::isnan(source[i])) col[i] = c;
        }
        r.status[ju] = ColumnStatus::degenerate;
      }
      // The output is tested first: the input is read again only where the output is NaN or infinite.
      for (Eigen::Index i = 0; i < rows && !(out.finite && !out.degenerate); ++i) {
        if (!std::isfinite(col[i]) && !std::isnan(source[i])) {
          throw NumericalError(
              ctx, cell_position(i, j) + ": the normalised value is not finite (overflow); rescale the column");
        }
      }
      r.capped[ju] = out.capped;
    } catch (...) {
      errors[ju] = std::current_exception();
    }
  });
  if (std::find(bad_values.begin(), bad_values.end(), 1) != bad_values.end()) check_matrix(ctx, x, allow_missing);
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return r;
}

inline std::string equal_values_reason(const ObservedStats& s, bool oriented) {
  if (s.count == 1) return std::string("it has a single observed value") + (oriented ? " (after orientation)" : "");
  return "every observed value" + std::string(oriented ? " (after orientation)" : "") + " equals " +
         number_text(s.min) + " (zero range)";
}

inline bool is_oriented(const ColumnSpec& s) {
  return s.direction == Direction::target_is_best || s.direction == Direction::range_is_best;
}

// Type-7 quantile (R's default, numpy's "linear") of sorted values.
inline double quantile_sorted(const std::vector<double>& v, double p) {
  const double h = static_cast<double>(v.size() - 1) * p;
  const double lo = std::floor(h);
  const auto l = static_cast<std::size_t>(lo);
  const std::size_t u = std::min(l + 1, v.size() - 1);
  return v[l] + (h - lo) * (v[u] - v[l]);
}

}  // namespace detail::norm

// ---------------------------------------------------------------------------------------------------------------
// Orientation
// ---------------------------------------------------------------------------------------------------------------

/// Orients every column so that higher is better ("positivisation", 指标正向化), leaving the scale otherwise
/// as it is, so that any method can be applied afterwards to a matrix of benefit columns.
///
/// Per direction, with min, max over the observed values of the column:
/// - higher_is_better: unchanged.
/// - lower_is_better (极小型): `max - x` (default), `1 / x` or `-x` (OrientOptions::cost).
/// - target_is_best (中间型), target T: `1 - abs(x - T) / M` with `M = max abs(x - T)` over the observed values;
///   1 at the target, 0 for the unit farthest from it. If every observed value equals T, all get 1.
/// - range_is_best (区间型), best range [a, b]: 1 inside [a, b]; `1 - (a - x) / M` below a; `1 - (x - b) / M`
///   above b; `M = max(a - min, max - b)`. If every observed value lies in [a, b], all get 1.
///
/// Source: the positivisation transforms of Chinese evaluation practice, as taught with TOPSIS and the entropy
/// weight method in mathematical-modelling textbooks; OECD/JRC (2008) Handbook, step 5, on reversing the polarity
/// of indicators.
///
/// Missing values: skip (default; M, min and max use the observed values, NaN stays NaN) or reject. A column
/// with no observed value stays all NaN with status no_data. No column is degenerate here.
/// @param x decision matrix, units in rows, indicators in columns.
/// @param specs one spec per column (direction, target, best range).
/// @param options cost transform and missing rule.
/// @return the oriented matrix, status no_data or ok per column, observed counts; capped counts are 0.
/// @throws InvalidInput (context `orient`) for an empty matrix (empty_input), an infinite value or a NaN under
///   MissingRule::reject (not_finite), a spec count unequal to the column count (size_mismatch), an inconsistent
///   spec (inconsistent, not_finite), an unsupported missing rule or enumerator (invalid_argument), and a value
///   that is not positive under CostTransform::reciprocal (out_of_range, naming the cell).
/// @throws NumericalError if a result overflows.
inline NormalizeResult orient(MatrixCRef x, const std::vector<ColumnSpec>& specs, const OrientOptions& options = {}) {
  const std::string ctx = "orient";
  if (options.cost != CostTransform::max_minus_x && options.cost != CostTransform::reciprocal &&
      options.cost != CostTransform::negate) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "cost transform " + std::to_string(static_cast<int>(options.cost)) + " is not a CostTransform");
  }
  NormalizeRules rules;
  rules.missing = options.missing;
  return detail::norm::normalize_columns(ctx, x, specs, rules, detail::norm::Prepare::orient_special,
                                         [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit,
                                             const detail::norm::ObservedStats& s, detail::norm::ColumnOutcome&) {
                                           if (benefit) return;
                                           switch (options.cost) {
                                             case CostTransform::max_minus_x:
                                               col = s.max - col.array();
                                               break;
                                             case CostTransform::reciprocal:
                                               detail::norm::require_values(ctx, col, j, detail::norm::Needs::positive,
                                                                            false,
                                                                            "the cost transform 1/x needs values > 0");
                                               col = col.array().inverse();
                                               break;
                                             case CostTransform::negate:
                                               col = -col;
                                               break;
                                           }
                                         });
}

// ---------------------------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------------------------

/// Min-max normalisation onto [a, b] = MinMaxOptions::range.
///
/// Formula, with min and max over the observed values of the column: benefit `a + (b - a) (x - min) / (max -
/// min)`; cost `a + (b - a) (max - x) / (max - min)`. target_is_best and range_is_best columns are first oriented
/// as in orient() and then treated as benefit columns. Invariant to positive affine rescaling of a column.
///
/// Source: OECD/JRC (2008) Handbook, step 5 (min-max); Compind normalise_ci method 2; COINr n_minmax.
/// Defaults: range [0, 1]. Degenerate: max == min (all observed values equal, or only one); neutral value the
/// midpoint `(a + b) / 2`. Missing values: skip (default) or reject (see NormalizeRules).
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options output range.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=min_max]`) for an empty matrix (empty_input), an infinite
///   value or a NaN under MissingRule::reject (not_finite, naming the cell), a spec count unequal to the column
///   count (size_mismatch), an inconsistent spec or output range (inconsistent, not_finite, out_of_range), an
///   unsupported rule (invalid_argument), and a degenerate column under DegenerateRule::reject (inconsistent,
///   naming the column).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_min_max(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                         const MinMaxOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::min_max);
  detail::norm::check_output_range(ctx, options.range);
  const double lo = options.range.low;
  const double width = options.range.high - options.range.low;
  return detail::norm::normalize_columns(ctx, x, specs, rules, detail::norm::Prepare::orient_special,
                                         [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit,
                                             const detail::norm::ObservedStats& s, detail::norm::ColumnOutcome& out) {
                                           if (s.max == s.min) {
                                             out.degenerate = true;
                                             out.neutral = lo + 0.5 * width;
                                             out.reason = detail::norm::equal_values_reason(
                                                 s, detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]));
                                             return;
                                           }
                                           detail::norm::min_max_in_place(col, s.min, s.max, benefit, lo, width);
                                           // (x - min) / (max - min) lies in [0, 1], so |lo + width * t| <= |lo| +
                                           // width: finite, with room for rounding, for any sensible range.
                                           out.finite = std::abs(lo) + width < 0.5 * std::numeric_limits<double>::max();
                                         });
}

/// Standardisation (z-scores), optionally rescaled: benefit `m + s (x - mean) / sd`, cost `m - s (x - mean) /
/// sd`, with mean and sd over the observed values, and m, s = ZScoreOptions::mean, ZScoreOptions::sd.
///
/// The sd is the sample sd `sqrt(sum (x - mean)^2 / (n - 1))` (default; COINr n_zscore and Compind use R's sd())
/// or the population sd `sqrt(sum (x - mean)^2 / n)` (ZScoreOptions::deviation). target_is_best and range_is_best
/// columns are first oriented as in orient(). Invariant to positive affine rescaling of a column.
///
/// Source: OECD/JRC (2008) Handbook, step 5 (standardisation); Compind normalise_ci method 1 (z.mean, z.std);
/// COINr n_zscore (m_sd); m = 100, s = 10 as in the Mazziotta-Pareto index (Mazziotta & Pareto 2016).
/// Defaults: sample sd, m = 0, s = 1. Degenerate: all observed values equal or only one observed value (sd is
/// zero or undefined); neutral value m. Missing values: skip (default) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options sd kind and output mean and sd.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=z_score]`) as normalize_min_max(), and for an output mean that
///   is not finite or an output sd that is not finite or not > 0 (not_finite, out_of_range).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_z_score(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                         const ZScoreOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::z_score);
  if (options.deviation != StandardDeviation::sample && options.deviation != StandardDeviation::population) {
    throw InvalidInput(
        ErrorCode::invalid_argument, ctx,
        "deviation " + std::to_string(static_cast<int>(options.deviation)) + " is not a StandardDeviation");
  }
  if (!std::isfinite(options.mean)) {
    throw InvalidInput(ErrorCode::not_finite, ctx,
                       "output mean " + detail::number_text(options.mean) + " is not finite");
  }
  if (!std::isfinite(options.sd)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, "output sd " + detail::number_text(options.sd) + " is not finite");
  }
  if (!(options.sd > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "output sd " + detail::number_text(options.sd) + " is not > 0");
  }
  return detail::norm::normalize_columns(ctx, x, specs, rules, detail::norm::Prepare::orient_special,
                                         [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit,
                                             const detail::norm::ObservedStats& s, detail::norm::ColumnOutcome& out) {
                                           // Zero range is tested on the extremes, not on the computed sd, which
                                           // rounding can leave a hair above 0.
                                           if (s.max == s.min) {
                                             out.degenerate = true;
                                             out.neutral = options.mean;
                                             out.reason = detail::norm::equal_values_reason(
                                                 s, detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]));
                                             return;
                                           }
                                           const auto n = static_cast<double>(s.count);
                                           const double mean = detail::norm::observed_sum(col) / n;
                                           double scale = 0.0;
                                           for (Eigen::Index i = 0; i < col.size(); ++i) {
                                             if (!std::isnan(col[i])) scale = std::max(scale, std::abs(col[i] - mean));
                                           }
                                           double ss = 0.0;
                                           for (Eigen::Index i = 0; i < col.size(); ++i) {
                                             if (!std::isnan(col[i])) {
                                               const double d = (col[i] - mean) / scale;
                                               ss += d * d;
                                             }
                                           }
                                           const double dof =
                                               options.deviation == StandardDeviation::sample ? n - 1.0 : n;
                                           const double sd = scale * std::sqrt(ss / dof);
                                           const double sign = benefit ? 1.0 : -1.0;
                                           col = options.mean + (sign * options.sd) * ((col.array() - mean) / sd);
                                         });
}

/// Goalposts: min-max over fixed bounds [L, U] = ColumnSpec::goalposts instead of the observed extremes, so that
/// scores are comparable across periods and samples; then mapped onto [a, b] = GoalpostsOptions::range.
///
/// Formula, before mapping `a + (b - a) t`: benefit `t = (x - L) / (U - L)`; cost `t = (U - x) / (U - L)`;
/// target_is_best (target T) `t = 1 - abs(x - T) / max(T - L, U - T)`; range_is_best (best range [c, d]) `t = 1`
/// inside [c, d], `1 - (c - x) / D` below, `1 - (x - d) / D` above, `D = max(c - L, U - d)`. For the last two the
/// goalposts take the place of the observed extremes of orient(). With GoalpostsOptions::cap (default) t is
/// clipped to [0, 1] and clipped cells are counted in NormalizeResult::capped.
///
/// Source: OECD/JRC (2008) Handbook, step 5 (min-max over reference bounds); UNDP Human Development Index
/// (goalposts); COINr n_goalposts (trunc2posts = TRUE). Defaults: range [0, 1], cap true. No column is
/// degenerate (the goalposts fix the scale). Missing values: skip (default) or reject; a column with no observed
/// value has status no_data.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column; every spec needs goalposts.
/// @param options output range and capping.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status, counts and capped counts.
/// @throws InvalidInput (context `normalize[method=goalposts]`) as normalize_min_max(), and for a column without
///   goalposts or a range_is_best column whose goalposts lie within its best range (inconsistent, naming the
///   column).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_goalposts(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                           const GoalpostsOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::goalposts);
  detail::norm::check_output_range(ctx, options.range);
  const auto checks = [&] {
    for (std::size_t j = 0; j < specs.size(); ++j) {
      const ColumnSpec& s = specs[j];
      const std::string col = detail::norm::column_label(static_cast<Eigen::Index>(j));
      if (!s.goalposts) {
        throw InvalidInput(
            ErrorCode::inconsistent, ctx,
            col + " has no goalposts (the goalposts method needs ColumnSpec::goalposts for every column)");
      }
      if (s.direction == Direction::range_is_best &&
          !(std::max(s.best_range->low - s.goalposts->low, s.goalposts->high - s.best_range->high) > 0.0)) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           col + ": goalposts [" + detail::number_text(s.goalposts->low) + ", " +
                               detail::number_text(s.goalposts->high) + "] lie within the best range [" +
                               detail::number_text(s.best_range->low) + ", " + detail::number_text(s.best_range->high) +
                               "], so no distance from the range can be scaled");
      }
    }
  };
  const double lo = options.range.low;
  const double width = options.range.high - options.range.low;
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::raw,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool, const detail::norm::ObservedStats&,
          detail::norm::ColumnOutcome& out) {
        const ColumnSpec& s = specs[static_cast<std::size_t>(j)];
        const double gl = s.goalposts->low;
        const double gu = s.goalposts->high;
        for (Eigen::Index i = 0; i < col.size(); ++i) {
          const double v = col[i];
          if (std::isnan(v)) continue;
          double t = 0.0;
          switch (s.direction) {
            case Direction::higher_is_better:
              t = (v - gl) / (gu - gl);
              break;
            case Direction::lower_is_better:
              t = (gu - v) / (gu - gl);
              break;
            case Direction::target_is_best: {
              const double far = std::max(*s.target - gl, gu - *s.target);
              t = 1.0 - std::abs(v - *s.target) / far;
              break;
            }
            case Direction::range_is_best: {
              const double far = std::max(s.best_range->low - gl, gu - s.best_range->high);
              if (v < s.best_range->low) {
                t = 1.0 - (s.best_range->low - v) / far;
              } else if (v > s.best_range->high) {
                t = 1.0 - (v - s.best_range->high) / far;
              } else {
                t = 1.0;
              }
              break;
            }
          }
          if (options.cap && (t < 0.0 || t > 1.0)) {
            t = t < 0.0 ? 0.0 : 1.0;
            ++out.capped;
          }
          col[i] = lo + width * t;
        }
      },
      checks);
}

/// Distance to a target T, by DistanceToTargetOptions::formula:
/// - ratio (default): benefit `x / T`, cost `T / x`; capped at 1.
/// - relative_gap: benefit `(x - T) / T`, cost `(T - x) / T`; capped at 0.
/// - scaled: benefit `(x - min) / (T - min)`, cost `(max - x) / (max - T)`, min and max over the observed values;
///   capped at 1.
///
/// Capping (DistanceToTargetOptions::cap, default true) gives every unit beyond its target the target's score;
/// clipped cells are counted in NormalizeResult::capped. For higher_is_better and lower_is_better columns T is
/// ColumnSpec::target, which must be given. ratio and relative_gap divide by T, so T must be > 0 and the values
/// >= 0 (> 0 for the cost ratio, which divides by x); scaled accepts any T and any values.
/// target_is_best and range_is_best columns are first oriented as in orient(), which
/// already measures closeness to the ideal; on that scale the target is 1 (ratio gives the oriented value,
/// relative_gap the oriented value minus 1).
///
/// Source: OECD/JRC (2008) Handbook, step 5 ("distance to a reference", ratio and relative forms); COINr
/// n_dist2targ (scaled, cap_max). Degenerate (scaled only): no observed value is short of the target (T <= min for
/// benefit, T >= max for cost), so every unit has met it; neutral value 1. Missing values: skip (default) or
/// reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column; benefit and cost columns need a target.
/// @param options formula and capping.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status, counts and capped counts.
/// @throws InvalidInput (context `normalize[method=distance_to_target]`) as normalize_min_max(); for a benefit or
///   cost column without a target (inconsistent, naming the column); for a target that is not > 0 with ratio or
///   relative_gap (out_of_range, naming the column); and for a negative value, or a zero value of a cost column
///   under ratio (out_of_range, naming the cell).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_distance_to_target(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                                    const DistanceToTargetOptions& options = {},
                                                    const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::distance_to_target);
  const TargetFormula formula = options.formula;
  if (formula != TargetFormula::ratio && formula != TargetFormula::relative_gap && formula != TargetFormula::scaled) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "formula " + std::to_string(static_cast<int>(formula)) + " is not a TargetFormula");
  }
  const auto checks = [&] {
    for (std::size_t j = 0; j < specs.size(); ++j) {
      const ColumnSpec& s = specs[j];
      if (detail::norm::is_oriented(s)) continue;
      const std::string col = detail::norm::column_label(static_cast<Eigen::Index>(j));
      if (!s.target) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           col + " has no target (distance_to_target needs ColumnSpec::target for " +
                               to_string(s.direction) + " columns)");
      }
      if (formula != TargetFormula::scaled && !(*s.target > 0.0)) {
        throw InvalidInput(ErrorCode::out_of_range, ctx,
                           col + ": target " + detail::number_text(*s.target) + " is not > 0, which the " +
                               to_string(formula) + " formula divides by");
      }
    }
  };
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats& s,
          detail::norm::ColumnOutcome& out) {
        const ColumnSpec& sp = specs[static_cast<std::size_t>(j)];
        const bool oriented = detail::norm::is_oriented(sp);
        const double t = oriented ? 1.0 : *sp.target;
        switch (formula) {
          case TargetFormula::ratio:
            if (!oriented) {
              detail::norm::require_values(
                  ctx, col, j, benefit ? detail::norm::Needs::nonnegative : detail::norm::Needs::positive, false,
                  benefit ? "the ratio x / target needs values >= 0" : "the cost ratio target / x needs values > 0");
            }
            if (benefit) {
              col /= t;
            } else {
              col = t * col.array().inverse();
            }
            if (options.cap) out.capped = detail::norm::clip_above(col, 1.0);
            break;
          case TargetFormula::relative_gap:
            if (!oriented) {
              detail::norm::require_values(ctx, col, j, detail::norm::Needs::nonnegative, false,
                                           "the relative gap to a target needs values >= 0");
            }
            if (benefit) {
              col = (col.array() - t) / t;
            } else {
              col = (t - col.array()) / t;
            }
            if (options.cap) out.capped = detail::norm::clip_above(col, 0.0);
            break;
          case TargetFormula::scaled:
            if (benefit ? !(t > s.min) : !(t < s.max)) {
              out.degenerate = true;
              out.neutral = 1.0;
              out.reason = std::string("no observed value") + (oriented ? " (after orientation)" : "") +
                           " falls short of the target " + detail::number_text(t) + " (target " +
                           (benefit ? "<= min" : ">= max") + ")";
              return;
            }
            if (benefit) {
              col = (col.array() - s.min) / (t - s.min);
            } else {
              col = (s.max - col.array()) / (s.max - t);
            }
            if (options.cap) out.capped = detail::norm::clip_above(col, 1.0);
            break;
        }
      },
      checks);
}

/// Distance to the frontier, i.e. to the best observed unit, by DistanceToFrontierOptions::formula:
/// - ratio (default): benefit `x / max`, cost `min / x` (same as normalize_fraction_of_max() with the reciprocal
///   cost rule).
/// - relative_gap: benefit `(x - max) / max`, cost `(min - x) / min`; 0 at the frontier, negative below it.
/// - range: benefit `(x - min) / (max - min)`, cost `(max - x) / (max - min)` (same as normalize_min_max() onto
///   [0, 1]).
///
/// min and max are over the observed values. ratio and relative_gap need values >= 0 (benefit) or > 0 (cost).
/// target_is_best and range_is_best columns are first oriented as in orient().
///
/// Source: OECD/JRC (2008) Handbook, step 5 ("distance to a reference", the reference being the leading unit);
/// COINr n_dist2max and the World Bank's "distance to frontier" score (range). Degenerate: ratio and relative_gap
/// when the benefit maximum is 0 (all observed values 0; neutral value 1 for ratio, 0 for relative_gap); range
/// when max == min (neutral 0.5). Missing values: skip (default) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options formula.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=distance_to_frontier]`) as normalize_min_max(), and for a
///   negative value, or a zero value of a cost column (out_of_range, naming the cell).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_distance_to_frontier(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                                      const DistanceToFrontierOptions& options = {},
                                                      const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::distance_to_frontier);
  const FrontierFormula formula = options.formula;
  if (formula != FrontierFormula::ratio && formula != FrontierFormula::relative_gap &&
      formula != FrontierFormula::range) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "formula " + std::to_string(static_cast<int>(formula)) + " is not a FrontierFormula");
  }
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats& s,
          detail::norm::ColumnOutcome& out) {
        const bool oriented = detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]);
        if (formula == FrontierFormula::range) {
          if (s.max == s.min) {
            out.degenerate = true;
            out.neutral = 0.5;
            out.reason = detail::norm::equal_values_reason(s, oriented);
            return;
          }
          detail::norm::to_unit_interval(col, s.min, s.max, benefit);
          return;
        }
        detail::norm::require_values(
            ctx, col, j, benefit ? detail::norm::Needs::nonnegative : detail::norm::Needs::positive, oriented,
            benefit ? "the distance to the frontier needs values >= 0"
                    : "the distance to the frontier of a cost column needs values > 0");
        if (benefit && s.max == 0.0) {
          out.degenerate = true;
          out.neutral = formula == FrontierFormula::ratio ? 1.0 : 0.0;
          out.reason =
              std::string("every observed value") + (oriented ? " (after orientation)" : "") + " is 0 (zero maximum)";
          return;
        }
        if (formula == FrontierFormula::ratio) {
          if (benefit) {
            col /= s.max;
          } else {
            col = s.min * col.array().inverse();
          }
        } else if (benefit) {
          col = (col.array() - s.max) / s.max;
        } else {
          col = (s.min - col.array()) / s.min;
        }
      });
}

/// Fraction of the maximum: benefit `x / max`; cost `min / x` (RatioCostRule::reciprocal, default) or
/// `1 - x / max` (RatioCostRule::complement); max and min over the observed values.
///
/// Values must be >= 0, and > 0 for a cost column under the reciprocal rule. target_is_best and range_is_best
/// columns are first oriented as in orient(). Invariant to positive rescaling (not to shifts).
///
/// Source: COINr n_fracmax; OECD/JRC (2008) Handbook, step 5 (distance to the leader); pymcdm's linear and max
/// normalisation for the two cost rules. Degenerate: all observed values 0 (zero maximum); neutral value 1
/// (reciprocal) or 0 (complement), the values of any column of equal non-zero values. Missing values: skip
/// (default) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options cost rule.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=fraction_of_max]`) as normalize_min_max(), and for a negative
///   value, or a zero value of a cost column under the reciprocal rule (out_of_range, naming the cell).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_fraction_of_max(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                                 const NormalizeRatioOptions& options = {},
                                                 const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::fraction_of_max);
  detail::norm::check_ratio_cost(ctx, options.cost);
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats& s,
          detail::norm::ColumnOutcome& out) {
        const bool oriented = detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]);
        if (!benefit && options.cost == RatioCostRule::reciprocal) {
          detail::norm::require_values(ctx, col, j, detail::norm::Needs::positive, oriented,
                                       "the cost reversal min / x needs values > 0");
          col = s.min * col.array().inverse();
          return;
        }
        detail::norm::require_values(ctx, col, j, detail::norm::Needs::nonnegative, oriented,
                                     "fraction_of_max needs values >= 0");
        if (s.max == 0.0) {
          out.degenerate = true;
          out.neutral = benefit ? 1.0 : 0.0;
          out.reason =
              std::string("every observed value") + (oriented ? " (after orientation)" : "") + " is 0 (zero maximum)";
          return;
        }
        col /= s.max;
        if (!benefit) col = 1.0 - col.array();
      });
}

/// Rank normalisation: each observed value is replaced by its rank among the observed values of the column, the
/// worst unit getting 1 and the best n (n = number of observed values), so that, like every normalised score,
/// higher is better. This is a score, not a league-table position (where 1 is best).
///
/// Benefit columns rank ascending values, cost columns descending values; target_is_best and range_is_best
/// columns are first oriented as in orient(). Ties share a rank by RankOptions::ties: average (default), min or
/// max. Invariant to any increasing transformation of a column.
///
/// Source: OECD/JRC (2008) Handbook, step 5 (ranking); Compind normalise_ci method 3 (ties "average"); COINr
/// n_rank (ties "min"). No column is degenerate. Missing values: skip (default; missing cells are not ranked and
/// stay missing) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options tie rule.
/// @param rules missing-value and degenerate-column policies.
/// @return the ranks with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=rank]`) as normalize_min_max().
inline NormalizeResult normalize_rank(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                      const NormalizeRankOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::rank);
  detail::norm::check_tie_rule(ctx, options.ties);
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats&,
          detail::norm::ColumnOutcome&) {
        std::vector<std::pair<double, Eigen::Index>> buf;  // per column: kernels run concurrently
        detail::norm::rank_in_place(col, benefit, options.ties, buf);
      });
}

/// Percentile ranks: `(r - 1) / (n - 1)`, r the rank of normalize_rank() (worst 1, best n) and n the number of
/// observed values; 0 for the worst unit, 1 for the best.
///
/// Ties by RankOptions::ties (default average; an all-equal column then gets 0.5 everywhere). Source: COINr
/// n_prank (whose default ties rule is "min"). Degenerate: a single observed value (n = 1); neutral value 0.5.
/// Missing values: skip (default) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options tie rule.
/// @param rules missing-value and degenerate-column policies.
/// @return the percentile ranks with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=percentile_rank]`) as normalize_min_max().
inline NormalizeResult normalize_percentile_rank(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                                 const NormalizeRankOptions& options = {},
                                                 const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::percentile_rank);
  detail::norm::check_tie_rule(ctx, options.ties);
  return detail::norm::normalize_columns(ctx, x, specs, rules, detail::norm::Prepare::orient_special,
                                         [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit,
                                             const detail::norm::ObservedStats& s, detail::norm::ColumnOutcome& out) {
                                           if (s.count == 1) {
                                             out.degenerate = true;
                                             out.neutral = 0.5;
                                             out.reason = detail::norm::equal_values_reason(
                                                 s, detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]));
                                             return;
                                           }
                                           std::vector<std::pair<double, Eigen::Index>> buf;  // per column
                                           detail::norm::rank_in_place(col, benefit, options.ties, buf);
                                           col = (col.array() - 1.0) / (static_cast<double>(s.count) - 1.0);
                                         });
}

/// Borda scores: `r - 1`, r the rank of normalize_rank(); the number of units a unit beats. With ties "min" it
/// counts the units strictly beaten, with "average" (default) it adds half of the other units tied with it, with
/// "max" all of them.
///
/// Source: Borda count; COINr n_borda (`rank - 1`, ties "min"). No column is degenerate. Missing values: skip
/// (default; a missing unit beats and is beaten by nobody) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options tie rule.
/// @param rules missing-value and degenerate-column policies.
/// @return the Borda scores with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=borda]`) as normalize_min_max().
inline NormalizeResult normalize_borda(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                       const NormalizeRankOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::borda);
  detail::norm::check_tie_rule(ctx, options.ties);
  return detail::norm::normalize_columns(ctx, x, specs, rules, detail::norm::Prepare::orient_special,
                                         [&](Eigen::Index, detail::norm::ColumnRef col, bool benefit,
                                             const detail::norm::ObservedStats&, detail::norm::ColumnOutcome&) {
                                           std::vector<std::pair<double, Eigen::Index>> buf;  // per column
                                           detail::norm::rank_in_place(col, benefit, options.ties, buf);
                                           col.array() -= 1.0;
                                         });
}

/// Vector normalisation: benefit `x / sqrt(sum x^2)`; cost `(1/x) / sqrt(sum (1/x)^2)` (RatioCostRule::reciprocal,
/// default) or `1 - x / sqrt(sum x^2)` (RatioCostRule::complement, as pymcdm); sums over the observed values.
///
/// Benefit columns and the complement rule accept any sign; the reciprocal rule needs values > 0.
/// target_is_best and range_is_best columns are first oriented as in orient(). Invariant to positive rescaling.
///
/// Source: Hwang & Yoon (1981), TOPSIS. Degenerate: all observed values 0 (zero norm); neutral value
/// `1 / sqrt(n)` (or `1 - 1 / sqrt(n)` for a complemented cost column), the value of any column of equal
/// positive values. Missing values: skip (default) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options cost rule.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=vector]`) as normalize_min_max(), and for a value that is not
///   positive in a cost column under the reciprocal rule (out_of_range, naming the cell).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_vector(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                        const NormalizeRatioOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::vector);
  detail::norm::check_ratio_cost(ctx, options.cost);
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats& s,
          detail::norm::ColumnOutcome& out) {
        const bool oriented = detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]);
        const bool reciprocal = !benefit && options.cost == RatioCostRule::reciprocal;
        if (reciprocal) {
          detail::norm::require_values(ctx, col, j, detail::norm::Needs::positive, oriented,
                                       "the reciprocal cost rule needs values > 0");
          col = col.array().inverse();
        }
        const double norm = detail::norm::observed_norm(col);
        if (norm == 0.0) {
          const double equal = 1.0 / std::sqrt(static_cast<double>(s.count));
          out.degenerate = true;
          out.neutral = benefit ? equal : 1.0 - equal;
          out.reason =
              std::string("every observed value") + (oriented ? " (after orientation)" : "") + " is 0 (zero norm)";
          return;
        }
        col /= norm;
        if (!benefit && !reciprocal) col = 1.0 - col.array();
      });
}

/// Sum normalisation: benefit `x / sum x`; cost `(1/x) / sum (1/x)` (RatioCostRule::reciprocal, default, as
/// pymcdm) or `1 - x / sum x` (RatioCostRule::complement); sums over the observed values. Benefit columns then
/// sum to 1, as the entropy weight method needs.
///
/// Values must be >= 0, and > 0 for a cost column under the reciprocal rule. target_is_best and range_is_best
/// columns are first oriented as in orient(). Invariant to positive rescaling.
///
/// Source: Hwang & Yoon (1981) (linear normalisation by the sum); the entropy weight method (Zeleny 1982).
/// Degenerate: all observed values 0 (zero sum); neutral value `1 / n` (or `1 - 1 / n` for a complemented cost
/// column), the value of any column of equal positive values. Missing values: skip (default) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options cost rule.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=sum]`) as normalize_min_max(), and for a negative value, or a
///   zero value of a cost column under the reciprocal rule (out_of_range, naming the cell).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_sum(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                     const NormalizeRatioOptions& options = {}, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::sum);
  detail::norm::check_ratio_cost(ctx, options.cost);
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats& s,
          detail::norm::ColumnOutcome& out) {
        const bool oriented = detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]);
        const bool reciprocal = !benefit && options.cost == RatioCostRule::reciprocal;
        if (reciprocal) {
          detail::norm::require_values(ctx, col, j, detail::norm::Needs::positive, oriented,
                                       "the reciprocal cost rule needs values > 0");
          col = col.array().inverse();
        } else {
          detail::norm::require_values(ctx, col, j, detail::norm::Needs::nonnegative, oriented,
                                       "sum needs values >= 0");
        }
        const double sum = detail::norm::observed_sum(col);
        if (sum == 0.0) {
          const double equal = 1.0 / static_cast<double>(s.count);
          out.degenerate = true;
          out.neutral = benefit ? equal : 1.0 - equal;
          out.reason =
              std::string("every observed value") + (oriented ? " (after orientation)" : "") + " is 0 (zero sum)";
          return;
        }
        col /= sum;
        if (!benefit && !reciprocal) col = 1.0 - col.array();
      });
}

/// Logarithmic normalisation: benefit `y = ln x / L` with `L = sum of ln x = ln(product of x)` over the observed
/// values; cost `(1 - y) / (n - 1)` (Zavadskas & Turskis's rule; the reciprocal would change nothing, since
/// `ln(1/x) / sum ln(1/x) = y`). Both sum to 1 over the column.
///
/// Needs every observed value > 0 and, unless all observed values are equal, `L > 0` (a product above 1):
/// otherwise the transform reverses or breaks the order of the units. Rescale such a column first (e.g. percent
/// instead of shares). target_is_best and range_is_best columns are oriented first, and the unit farthest from
/// the ideal then has 0, which the logarithm rejects: use another method for them.
///
/// Source: Zavadskas & Turskis (2008), Informatica 19(2):303-314; pymcdm logarithmic_normalization.
/// Degenerate: all observed values equal to 1 (`L = 0`), or a cost column with a single observed value
/// (`n - 1 = 0`); neutral value `1 / n`, the value of any column of equal values. Missing values: skip (default)
/// or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param rules missing-value and degenerate-column policies.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=logarithmic]`) as normalize_min_max(); for a value that is not
///   > 0 (out_of_range, naming the cell); and for a column of unequal values whose sum of logarithms is not > 0
///   (out_of_range, naming the column).
/// @throws NumericalError if a result overflows.
inline NormalizeResult normalize_logarithmic(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                             const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::logarithmic);
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats& s,
          detail::norm::ColumnOutcome& out) {
        const bool oriented = detail::norm::is_oriented(specs[static_cast<std::size_t>(j)]);
        detail::norm::require_values(ctx, col, j, detail::norm::Needs::positive, oriented,
                                     "the logarithm needs values > 0");
        const auto n = static_cast<double>(s.count);
        col = col.array().log();
        const double total = detail::norm::observed_sum(col);
        const bool all_equal = s.max == s.min;
        if ((all_equal && total == 0.0) || (!benefit && s.count == 1)) {
          out.degenerate = true;
          out.neutral = 1.0 / n;
          out.reason = all_equal && total == 0.0 ? "every observed value equals 1 (the sum of logarithms is 0)"
                                                 : "it has a single observed value (cost form divides by n - 1)";
          return;
        }
        if (all_equal) {
          // ln c / (n ln c): every unit gets exactly its equal share, whatever the sign of ln c.
          for (Eigen::Index i = 0; i < col.size(); ++i) {
            if (!std::isnan(col[i])) col[i] = 1.0 / n;
          }
          return;
        }
        if (!(total > 0.0)) {
          throw InvalidInput(ErrorCode::out_of_range, ctx,
                             detail::norm::column_label(j) + ": the sum of the logarithms of the observed values is " +
                                 detail::number_text(total) +
                                 " (the product is not > 1), so ln(x) / sum ln(x) would not keep the order of the "
                                 "units; rescale the column (e.g. so that its values are >= 1)");
        }
        col /= total;
        if (!benefit) col = (1.0 - col.array()) / (n - 1.0);
      });
}

/// Categorical scale: thresholds `t1 < ... < tk` split the column into k + 1 categories; a value x is in
/// category c = the number of thresholds `<= x` (lower bounds inclusive: x = t1 is in category 1), and gets
/// score `s[c]`, or c itself when no scores are given. A cost column is reversed: category `k - c`.
///
/// CategoricalOptions::thresholds holds one list for all columns or one per column; with ThresholdKind::quantile
/// its entries are probabilities in [0, 1] turned into the column's empirical quantiles over the observed values
/// (type 7: `h = (n - 1) p`, linear interpolation between order statistics), e.g. {0.15, 0.25, 0.65, 0.85, 0.95}
/// with scores {0, 20, 40, 60, 80, 100} as in the Handbook's example. target_is_best and range_is_best columns
/// are first oriented as in orient(), and their value thresholds are on that [0, 1] scale.
///
/// Source: OECD/JRC (2008) Handbook, step 5 (categorical scales). No column is degenerate. Missing values: skip
/// (default; quantiles from the observed values) or reject.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options thresholds, their kind and the category scores.
/// @param rules missing-value and degenerate-column policies.
/// @return the category scores with per-column status and counts.
/// @throws InvalidInput (context `normalize[method=categorical]`) as normalize_min_max(), and for: no threshold
///   list or an empty one (empty_input); a list count other than 1 or the column count, or a score count other
///   than k + 1 (size_mismatch); a threshold or score that is not finite (not_finite); thresholds not strictly
///   increasing or scores decreasing (inconsistent); a quantile probability outside [0, 1] (out_of_range); an
///   invalid ThresholdKind (invalid_argument).
inline NormalizeResult normalize_categorical(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                             const CategoricalOptions& options, const NormalizeRules& rules = {}) {
  const std::string ctx = detail::norm::normalize_context(NormalizationMethod::categorical);
  if (options.kind != ThresholdKind::value && options.kind != ThresholdKind::quantile) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "threshold kind " + std::to_string(static_cast<int>(options.kind)) + " is not a ThresholdKind");
  }
  const auto& lists = options.thresholds;
  if (lists.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "categorical.thresholds is empty");
  if (lists.size() != 1 && static_cast<Eigen::Index>(lists.size()) != x.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(lists.size()) + " threshold lists for " + std::to_string(x.cols()) +
                           " criteria (columns); give one list for all or one per column");
  }
  for (std::size_t l = 0; l < lists.size(); ++l) {
    const std::string name = "categorical.thresholds[" + std::to_string(l) + "]";
    if (lists[l].empty()) throw InvalidInput(ErrorCode::empty_input, ctx, name + " is empty");
    for (std::size_t k = 0; k < lists[l].size(); ++k) {
      const double t = lists[l][k];
      const std::string item = name + "[" + std::to_string(k) + "] = " + detail::number_text(t);
      if (!std::isfinite(t)) throw InvalidInput(ErrorCode::not_finite, ctx, item + " is not finite");
      if (options.kind == ThresholdKind::quantile && (t < 0.0 || t > 1.0)) {
        throw InvalidInput(ErrorCode::out_of_range, ctx, item + " is not a probability in [0, 1]");
      }
      if (k > 0 && !(t > lists[l][k - 1])) {
        throw InvalidInput(ErrorCode::inconsistent, ctx, item + " does not exceed the threshold before it");
      }
    }
    if (!options.scores.empty() && options.scores.size() != lists[l].size() + 1) {
      throw InvalidInput(ErrorCode::size_mismatch, ctx,
                         std::to_string(options.scores.size()) + " category scores for " +
                             std::to_string(lists[l].size()) + " thresholds in " + name + " (need " +
                             std::to_string(lists[l].size() + 1) + ")");
    }
  }
  for (std::size_t k = 0; k < options.scores.size(); ++k) {
    const double v = options.scores[k];
    const std::string item = "categorical.scores[" + std::to_string(k) + "] = " + detail::number_text(v);
    if (!std::isfinite(v)) throw InvalidInput(ErrorCode::not_finite, ctx, item + " is not finite");
    if (k > 0 && v < options.scores[k - 1]) {
      throw InvalidInput(ErrorCode::inconsistent, ctx, item + " is below the score before it");
    }
  }
  return detail::norm::normalize_columns(
      ctx, x, specs, rules, detail::norm::Prepare::orient_special,
      [&](Eigen::Index j, detail::norm::ColumnRef col, bool benefit, const detail::norm::ObservedStats&,
          detail::norm::ColumnOutcome&) {
        const std::vector<double>& list = lists.size() == 1 ? lists[0] : lists[static_cast<std::size_t>(j)];
        std::vector<double> sorted;  // per column: kernels run concurrently
        std::vector<double> cuts;
        if (options.kind == ThresholdKind::quantile) {
          sorted.clear();
          for (Eigen::Index i = 0; i < col.size(); ++i) {
            if (!std::isnan(col[i])) sorted.push_back(col[i]);
          }
          std::sort(sorted.begin(), sorted.end());
          cuts.clear();
          for (const double p : list) cuts.push_back(detail::norm::quantile_sorted(sorted, p));
        } else {
          cuts = list;
        }
        const std::size_t k = cuts.size();
        for (Eigen::Index i = 0; i < col.size(); ++i) {
          if (std::isnan(col[i])) continue;
          const auto c = static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), col[i]) - cuts.begin());
          const std::size_t cat = benefit ? c : k - c;
          col[i] = options.scores.empty() ? static_cast<double>(cat) : options.scores[cat];
        }
      });
}

// ---------------------------------------------------------------------------------------------------------------
// Registry and dispatch
// ---------------------------------------------------------------------------------------------------------------

/// The registry of normalisation methods: one entry per NormalizationMethod, in enumeration order, with
/// `name == to_string(method)`. The command-line tool, the model file and the docs read it.
/// @return a static list.
inline const std::vector<MethodInfo>& normalization_methods() {
  static const std::vector<MethodInfo> methods = [] {
    const ParameterInfo missing{"missing", "skip", "missing values: skip (statistics over observed values) or reject"};
    const ParameterInfo degenerate{"degenerate", "constant", "degenerate column: constant or reject"};
    const ParameterInfo degenerate_value{"degenerate_value", "neutral",
                                         "constant for degenerate columns; default the method's neutral value"};
    const ParameterInfo ratio_cost{"cost", "reciprocal", "cost reversal: reciprocal (1/x) or complement (1 - y)"};
    const ParameterInfo ties{"ties", "average", "rank shared by ties: average, min or max"};
    return std::vector<MethodInfo>{
        {"min_max",
         "(x - min) / (max - min), mapped onto [low, high]",
         "OECD/JRC (2008) Handbook, step 5",
         {{"range", "[0, 1]", "output range [low, high], low < high"}, missing, degenerate, degenerate_value},
         {"minmax"}},
        {"z_score",
         "mean + sd * (x - mean(x)) / sd(x)",
         "OECD/JRC (2008) Handbook, step 5",
         {{"deviation", "sample", "standard deviation: sample (n - 1) or population (n)"},
          {"mean", "0", "mean of the output, finite"},
          {"sd", "1", "standard deviation of the output, > 0"},
          missing,
          degenerate,
          degenerate_value},
         {"zscore", "standardization"}},
        {"goalposts",
         "(x - L) / (U - L) over fixed goalposts [L, U], mapped onto [low, high]",
         "OECD/JRC (2008) Handbook, step 5; UNDP Human Development Index",
         {{"range", "[0, 1]", "output range [low, high], low < high"},
          {"cap", "true", "clip to the goalposts"},
          missing},
         {}},
        {"distance_to_target",
         "x / T, (x - T) / T or (x - min) / (T - min) for a target T",
         "OECD/JRC (2008) Handbook, step 5; COINr n_dist2targ",
         {{"formula", "ratio", "ratio, relative_gap or scaled"},
          {"cap", "true", "clip at the target"},
          missing,
          degenerate,
          degenerate_value},
         {"dist2targ"}},
        {"distance_to_frontier",
         "x / max, (x - max) / max or (x - min) / (max - min)",
         "OECD/JRC (2008) Handbook, step 5; COINr n_dist2max",
         {{"formula", "ratio", "ratio, relative_gap or range"}, missing, degenerate, degenerate_value},
         {"dist2max"}},
        {"fraction_of_max",
         "x / max",
         "COINr n_fracmax",
         {ratio_cost, missing, degenerate, degenerate_value},
         {"fracmax"}},
        {"rank", "rank among the units, best = n", "OECD/JRC (2008) Handbook, step 5", {ties, missing}, {}},
        {"percentile_rank",
         "(rank - 1) / (n - 1)",
         "COINr n_prank",
         {ties, missing, degenerate, degenerate_value},
         {"prank"}},
        {"borda", "rank - 1: the number of units beaten", "Borda count; COINr n_borda", {ties, missing}, {}},
        {"vector", "x / sqrt(sum x^2)", "Hwang & Yoon (1981)", {ratio_cost, missing, degenerate, degenerate_value}, {}},
        {"sum", "x / sum x", "Hwang & Yoon (1981)", {ratio_cost, missing, degenerate, degenerate_value}, {}},
        {"logarithmic", "ln x / sum ln x", "Zavadskas & Turskis (2008)", {missing, degenerate, degenerate_value}, {}},
        {"categorical",
         "thresholds t1 < ... < tk map values to categories 0..k and their scores",
         "OECD/JRC (2008) Handbook, step 5",
         {{"thresholds", "", "one strictly increasing list for all columns or one per column"},
          {"threshold_kind", "value", "value or quantile (probabilities in [0, 1])"},
          {"scores", "0..k", "k + 1 non-decreasing category scores"},
          missing},
         {}},
    };
  }();
  return methods;
}

/// Reads a normalisation method from its stable name (as to_string() writes it) or one of its aliases
/// (MethodInfo::aliases: the short names of COINr's n_* functions and of pymcdm, e.g. "minmax", "zscore",
/// "dist2targ", "prank"), ignoring ASCII case.
/// @param text the name, e.g. "min_max", "Z_SCORE" or "minmax".
/// @return the method.
/// @throws ParseError (source "normalization method") quoting the text and listing the valid names.
inline NormalizationMethod parse_normalization_method(std::string_view text) {
  return static_cast<NormalizationMethod>(detail::find_method(normalization_methods(), text, "normalization method"));
}

/// Normalises with the method chosen in NormalizeOptions::method, passing the options of that method and
/// NormalizeOptions::rules; see each method's function for its formula, source, defaults and rules.
/// @param x decision matrix, units in rows, indicators in columns, NaN for missing.
/// @param specs one spec per column.
/// @param options the method, the options of every method and the common rules.
/// @return the normalised matrix with per-column status and counts.
/// @throws InvalidInput as the chosen method does, and (context `normalize`) for a method outside the
///   enumeration (invalid_argument).
/// @throws NumericalError as the chosen method does.
inline NormalizeResult normalize(MatrixCRef x, const std::vector<ColumnSpec>& specs,
                                 const NormalizeOptions& options = {}) {
  switch (options.method) {
    case NormalizationMethod::min_max:
      return normalize_min_max(x, specs, options.min_max, options.rules);
    case NormalizationMethod::z_score:
      return normalize_z_score(x, specs, options.z_score, options.rules);
    case NormalizationMethod::goalposts:
      return normalize_goalposts(x, specs, options.goalposts, options.rules);
    case NormalizationMethod::distance_to_target:
      return normalize_distance_to_target(x, specs, options.distance_to_target, options.rules);
    case NormalizationMethod::distance_to_frontier:
      return normalize_distance_to_frontier(x, specs, options.distance_to_frontier, options.rules);
    case NormalizationMethod::fraction_of_max:
      return normalize_fraction_of_max(x, specs, options.ratio, options.rules);
    case NormalizationMethod::rank:
      return normalize_rank(x, specs, options.rank, options.rules);
    case NormalizationMethod::percentile_rank:
      return normalize_percentile_rank(x, specs, options.rank, options.rules);
    case NormalizationMethod::borda:
      return normalize_borda(x, specs, options.rank, options.rules);
    case NormalizationMethod::vector:
      return normalize_vector(x, specs, options.ratio, options.rules);
    case NormalizationMethod::sum:
      return normalize_sum(x, specs, options.ratio, options.rules);
    case NormalizationMethod::logarithmic:
      return normalize_logarithmic(x, specs, options.rules);
    case NormalizationMethod::categorical:
      return normalize_categorical(x, specs, options.categorical, options.rules);
  }
  throw InvalidInput(ErrorCode::invalid_argument, "normalize",
                     "method " + std::to_string(static_cast<int>(options.method)) + " is not a NormalizationMethod");
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_NORMALIZE_HPP
