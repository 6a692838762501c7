/// @file
/// @brief Multi-criteria decision analysis on a decision matrix: TOPSIS, VIKOR, grey relational analysis and
/// fuzzy comprehensive evaluation, with their registry and one dispatch entry point.
///
/// Every method takes the raw decision matrix (units or alternatives in rows, criteria in columns), one weight
/// per criterion (finite, >= 0, not all zero; normalised to sum 1 internally) and one Direction per criterion,
/// and returns a named result with `scores` (higher is better for every method of this family) and `ranks`
/// (1 = best; tied units share the smallest rank of their group, "min" ranking). The methods need complete
/// data: MissingRule::reject is the only rule they support, and the default.
#ifndef QUALIS_SCORE_MCDA_HPP
#define QUALIS_SCORE_MCDA_HPP

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/sort.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/indicator.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

// ---------------------------------------------------------------------------------------------------------------
// Enumerations and their names
// ---------------------------------------------------------------------------------------------------------------

/// The multi-criteria methods of this family, in registry order (see mcda_methods()).
enum class McdaMethod : int {
  topsis = 0,  ///< TOPSIS, closeness to the ideal solution (Hwang & Yoon 1981).
  vikor = 1,   ///< VIKOR, compromise ranking (Opricovic 1998; Opricovic & Tzeng 2004).
  gra = 2,     ///< Grey relational analysis (Deng 1982, 1989).
  fce = 3,     ///< Fuzzy comprehensive evaluation, 模糊综合评价 (Zadeh 1965; Wang Peizhuang's operators).
};

/// How TOPSIS makes the criteria commensurable before weighting. Every variant is a positive linear map of each
/// column, so the ideal is still the column maximum (benefit) or minimum (cost) afterwards.
enum class TopsisNormalization : int {
  vector = 0,   ///< r = x / sqrt(sum_i x^2), Hwang & Yoon's original (default).
  min_max = 1,  ///< r = (x - min) / (max - min).
  sum = 2,      ///< r = x / sum_i x; needs non-negative values.
  max = 3,      ///< r = x / max_i x; needs non-negative values.
};

/// The distance TOPSIS measures to the ideal and the anti-ideal solution, on the weighted normalised matrix.
enum class TopsisDistance : int {
  euclidean = 0,  ///< sqrt(sum_j d_j^2), Hwang & Yoon's original (default).
  manhattan = 1,  ///< sum_j |d_j| (city-block).
  chebyshev = 2,  ///< max_j |d_j|.
};

/// How grey relational analysis makes the sequences comparable before the deviations are taken.
enum class GraNormalization : int {
  min_max = 0,        ///< Range (interval) normalisation per criterion, benefit or cost (default).
  initial_value = 1,  ///< Division by the reference value of the criterion (初值化): x / x0.
  mean_value = 2,     ///< Division by the mean of the criterion over the units (均值化): x / mean.
  none = 3,           ///< The values as given (already normalised by the caller).
};

/// The composition operator B = W o R of fuzzy comprehensive evaluation (Wang Peizhuang's four models).
enum class FuzzyOperator : int {
  max_min = 0,           ///< M(min, max), Zadeh: b_k = max_j min(w_j, r_jk).
  max_product = 1,       ///< M(product, max): b_k = max_j w_j r_jk.
  bounded_min_sum = 2,   ///< M(min, bounded sum): b_k = min(1, sum_j min(w_j, r_jk)).
  weighted_average = 3,  ///< M(product, bounded sum): b_k = min(1, sum_j w_j r_jk), the weighted average (default).
};

/// Whether the data separated the units. Degenerate outcomes follow a documented rule instead of giving NaN.
enum class McdaStatus : int {
  ok = 0,                 ///< The method's formula applied as written.
  no_discrimination = 1,  ///< The data do not separate the units; every unit got the same score by the rule.
};

/// The stable name of a method, as the registry, the tool and the model file spell it.
/// @param method the method.
/// @return "topsis", "vikor", "gra" or "fce"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(McdaMethod method) noexcept {
  switch (method) {
    case McdaMethod::topsis:
      return "topsis";
    case McdaMethod::vikor:
      return "vikor";
    case McdaMethod::gra:
      return "gra";
    case McdaMethod::fce:
      return "fce";
  }
  return "unknown";
}

/// The stable name of a TOPSIS normalisation.
/// @param normalization the normalisation.
/// @return "vector", "min_max", "sum" or "max"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TopsisNormalization normalization) noexcept {
  switch (normalization) {
    case TopsisNormalization::vector:
      return "vector";
    case TopsisNormalization::min_max:
      return "min_max";
    case TopsisNormalization::sum:
      return "sum";
    case TopsisNormalization::max:
      return "max";
  }
  return "unknown";
}

/// The stable name of a TOPSIS distance.
/// @param distance the distance.
/// @return "euclidean", "manhattan" or "chebyshev"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TopsisDistance distance) noexcept {
  switch (distance) {
    case TopsisDistance::euclidean:
      return "euclidean";
    case TopsisDistance::manhattan:
      return "manhattan";
    case TopsisDistance::chebyshev:
      return "chebyshev";
  }
  return "unknown";
}

/// The stable name of a grey-relational normalisation.
/// @param normalization the normalisation.
/// @return "min_max", "initial_value", "mean_value" or "none"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(GraNormalization normalization) noexcept {
  switch (normalization) {
    case GraNormalization::min_max:
      return "min_max";
    case GraNormalization::initial_value:
      return "initial_value";
    case GraNormalization::mean_value:
      return "mean_value";
    case GraNormalization::none:
      return "none";
  }
  return "unknown";
}

/// The stable name of a fuzzy composition operator.
/// @param op the operator.
/// @return "max_min", "max_product", "bounded_min_sum" or "weighted_average"; "unknown" outside the enumeration.
constexpr const char* to_string(FuzzyOperator op) noexcept {
  switch (op) {
    case FuzzyOperator::max_min:
      return "max_min";
    case FuzzyOperator::max_product:
      return "max_product";
    case FuzzyOperator::bounded_min_sum:
      return "bounded_min_sum";
    case FuzzyOperator::weighted_average:
      return "weighted_average";
  }
  return "unknown";
}

/// The stable name of an MCDA status.
/// @param status the status.
/// @return "ok" or "no_discrimination"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(McdaStatus status) noexcept {
  switch (status) {
    case McdaStatus::ok:
      return "ok";
    case McdaStatus::no_discrimination:
      return "no_discrimination";
  }
  return "unknown";
}

namespace detail {

// Reads one of `values` by its to_string() name; throws ParseError(source) listing the valid names otherwise.
template <class E, std::size_t N>
E mcda_parse(std::string_view text, const char* source, const char* what, const std::array<E, N>& values) {
  for (const E value : values) {
    if (iequals(text, to_string(value))) return value;
  }
  std::string expected;
  for (std::size_t k = 0; k < N; ++k) {
    if (k > 0) expected += (k + 1 == N) ? " or " : ", ";
    expected += to_string(values[k]);
  }
  throw ParseError(source, 0, 0, "\"" + std::string(text) + "\" is not " + what + ": expected " + expected);
}

}  // namespace detail

/// Reads a method name, ignoring ASCII case.
/// @param text "topsis", "vikor", "gra" or "fce".
/// @return the method.
/// @throws ParseError (source "mcda method") naming the text and listing the valid names.
inline McdaMethod parse_mcda_method(std::string_view text) {
  return detail::mcda_parse(
      text, "mcda method", "an MCDA method",
      std::array<McdaMethod, 4>{McdaMethod::topsis, McdaMethod::vikor, McdaMethod::gra, McdaMethod::fce});
}

/// Reads a TOPSIS normalisation name, ignoring ASCII case.
/// @param text "vector", "min_max", "sum" or "max".
/// @return the normalisation.
/// @throws ParseError (source "topsis normalization") naming the text and listing the valid names.
inline TopsisNormalization parse_topsis_normalization(std::string_view text) {
  return detail::mcda_parse(
      text, "topsis normalization", "a TOPSIS normalisation",
      std::array<TopsisNormalization, 4>{TopsisNormalization::vector, TopsisNormalization::min_max,
                                         TopsisNormalization::sum, TopsisNormalization::max});
}

/// Reads a TOPSIS distance name, ignoring ASCII case.
/// @param text "euclidean", "manhattan" or "chebyshev".
/// @return the distance.
/// @throws ParseError (source "topsis distance") naming the text and listing the valid names.
inline TopsisDistance parse_topsis_distance(std::string_view text) {
  return detail::mcda_parse(
      text, "topsis distance", "a TOPSIS distance",
      std::array<TopsisDistance, 3>{TopsisDistance::euclidean, TopsisDistance::manhattan, TopsisDistance::chebyshev});
}

/// Reads a grey-relational normalisation name, ignoring ASCII case.
/// @param text "min_max", "initial_value", "mean_value" or "none".
/// @return the normalisation.
/// @throws ParseError (source "gra normalization") naming the text and listing the valid names.
inline GraNormalization parse_gra_normalization(std::string_view text) {
  return detail::mcda_parse(text, "gra normalization", "a grey-relational normalisation",
                            std::array<GraNormalization, 4>{GraNormalization::min_max, GraNormalization::initial_value,
                                                            GraNormalization::mean_value, GraNormalization::none});
}

/// Reads a fuzzy composition operator name, ignoring ASCII case.
/// @param text "max_min", "max_product", "bounded_min_sum" or "weighted_average".
/// @return the operator.
/// @throws ParseError (source "fuzzy operator") naming the text and listing the valid names.
inline FuzzyOperator parse_fuzzy_operator(std::string_view text) {
  return detail::mcda_parse(
      text, "fuzzy operator", "a fuzzy composition operator",
      std::array<FuzzyOperator, 4>{FuzzyOperator::max_min, FuzzyOperator::max_product, FuzzyOperator::bounded_min_sum,
                                   FuzzyOperator::weighted_average});
}

namespace detail {

// Ranks 1 = best; ties share the smallest rank of their group ("min" ranking). Scores hold no NaN here.
inline Eigen::VectorXi mcda_ranks(const Eigen::VectorXd& scores, bool higher_is_better) {
  const Eigen::Index m = scores.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(m));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  stable_sort_by_value(scores, order, higher_is_better);
  Eigen::VectorXi ranks(m);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Eigen::Index i = order[k];
    ranks[i] = (k > 0 && scores[order[k - 1]] == scores[i]) ? ranks[order[k - 1]] : static_cast<int>(k + 1);
  }
  return ranks;
}

// Indices of the units in increasing order of `values`, ties by unit index (deterministic).
inline std::vector<Eigen::Index> mcda_ascending_order(const Eigen::VectorXd& values) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(values.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
  return order;
}

inline std::string mcda_column(Eigen::Index j) { return "criterion (column) " + std::to_string(j); }

// The checks every method of the family shares, in this order: the missing-value rule, the matrix (empty,
// infinite, NaN), the number and kind of directions, the weights. Returns the weights normalised to sum 1.
inline Eigen::VectorXd mcda_prepare(const std::string& ctx, const char* method, MatrixCRef x, VectorCRef weights,
                                    const std::vector<Direction>& directions, MissingRule missing) {
  if (missing != MissingRule::reject) {
    const char* name = to_string(missing);
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       std::string("options.missing is \"") + name + "\" but " + method +
                           " needs complete data: only \"reject\" is supported");
  }
  check_matrix(ctx, x, false);
  check_directions(ctx, directions, x.cols());
  for (std::size_t j = 0; j < directions.size(); ++j) {
    const Direction d = directions[j];
    if (d == Direction::higher_is_better || d == Direction::lower_is_better) continue;
    const auto col = static_cast<Eigen::Index>(j);
    if (d == Direction::target_is_best || d == Direction::range_is_best) {
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         mcda_column(col) + ": direction " + to_string(d) + " is not supported by " + method +
                             " (only higher_is_better and lower_is_better); transform the criterion first, e.g. "
                             "to its distance from the target, and pass it as lower_is_better");
    }
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       mcda_column(col) + ": direction " + std::to_string(static_cast<int>(d)) + " is not a Direction");
  }
  check_weight_vector(ctx, weights, x.cols());
  return weights / weights.sum();
}

// Throws if hi - lo overflows: the normalisations divide by it and would give inf/inf = NaN.
inline void mcda_check_range(const std::string& ctx, Eigen::Index j, double lo, double hi) {
  if (!std::isfinite(hi - lo)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       mcda_column(j) + ": the range max - min (" + number_text(hi) + " - " + number_text(lo) +
                           ") is not finite; rescale the criterion");
  }
}

inline std::vector<Eigen::Index> mcda_constant_columns(MatrixCRef x) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (x.col(j).minCoeff() == x.col(j).maxCoeff()) out.push_back(j);
  }
  return out;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------------------------
// TOPSIS
// ---------------------------------------------------------------------------------------------------------------

/// Options of topsis().
struct TopsisOptions {
  /// Column normalisation; vector normalisation is Hwang & Yoon's (1981) original.
  TopsisNormalization normalization = TopsisNormalization::vector;
  /// Distance to the ideal and anti-ideal solutions; Euclidean is Hwang & Yoon's (1981) original.
  TopsisDistance distance = TopsisDistance::euclidean;
  /// Missing-value rule; only MissingRule::reject is supported (TOPSIS needs complete data).
  MissingRule missing = MissingRule::reject;
  /// Keep the normalised and weighted matrices in TopsisResult (default). false leaves them empty, which saves
  /// two matrices the size of the input on large problems; every other field is the same, bit for bit.
  bool store_matrices = true;
};

/// Result of topsis(). Fields are only appended in later versions.
struct TopsisResult {
  Eigen::VectorXd scores;      ///< Relative closeness C_i = D-_i / (D+_i + D-_i), in [0, 1]; higher is better.
  Eigen::VectorXi ranks;       ///< 1 = best (highest closeness); ties share the smallest rank of their group.
  Eigen::MatrixXd normalized;  ///< The normalised matrix r_ij (units x criteria); empty without store_matrices.
  Eigen::MatrixXd weighted;    ///< The weighted normalised matrix v_ij = w_j r_ij; empty without store_matrices.
  Eigen::VectorXd ideal;       ///< Ideal solution v+_j: max_i v_ij for benefit, min_i v_ij for cost criteria.
  Eigen::VectorXd anti_ideal;  ///< Anti-ideal (negative-ideal) solution v-_j: min for benefit, max for cost.
  Eigen::VectorXd d_plus;      ///< D+_i, the distance of unit i to the ideal solution.
  Eigen::VectorXd d_minus;     ///< D-_i, the distance of unit i to the anti-ideal solution.
  std::vector<Eigen::Index> constant_criteria;  ///< Criteria with one value for all units; they add no distance.
  McdaStatus status = McdaStatus::ok;           ///< no_discrimination: D+ + D- = 0 for every unit, so every C_i = 0.5.
};

/// TOPSIS, the technique for order preference by similarity to an ideal solution (Hwang & Yoon 1981,
/// *Multiple Attribute Decision Making*, Springer, ch. 3).
///
/// Steps, for units i and criteria j, with weights w normalised to sum 1:
/// 1. r_ij = normalisation of column j (TopsisOptions::normalization): vector x_ij / sqrt(sum_i x_ij^2) (default);
///    min_max (x_ij - min_i x_ij) / (max_i x_ij - min_i x_ij); sum x_ij / sum_i x_ij; max x_ij / max_i x_ij.
///    All four keep the order of the column, so direction is applied through the ideal, not the normalisation.
/// 2. v_ij = w_j r_ij.
/// 3. Ideal v+_j = max_i v_ij for a benefit (higher_is_better) criterion and min_i v_ij for a cost
///    (lower_is_better) one; anti-ideal v-_j the other way round.
/// 4. D+_i = distance(v_i, v+), D-_i = distance(v_i, v-): Euclidean (default), Manhattan or Chebyshev.
/// 5. C_i = D-_i / (D+_i + D-_i); higher is better.
///
/// Degenerate cases: a column that is all zero (vector, sum, max) or constant (min_max) normalises to 0 and
/// adds no distance (listed in `constant_criteria` whenever all units share one value). D+_i + D-_i = 0 happens
/// only when every unit equals the ideal and the anti-ideal on every weighted criterion (all units alike, or a
/// single unit); then C_i = 0.5 for every unit and `status` is McdaStatus::no_discrimination.
///
/// Missing values: MissingRule::reject only (the default); any NaN is an error.
/// @param x decision matrix, units (alternatives) in rows, criteria in columns; finite values; the sum and max
///   normalisations need non-negative values.
/// @param weights one weight per criterion: finite, >= 0, not all zero; normalised to sum 1.
/// @param directions one per criterion: higher_is_better (benefit) or lower_is_better (cost).
/// @param options normalisation, distance and missing-value rule.
/// @return closeness scores, ranks and every intermediate quantity.
/// @throws InvalidInput (context "topsis"): empty_input (empty matrix), not_finite (NaN or infinite value, naming
///   the unit and criterion; non-finite weight), size_mismatch (directions or weights vs criteria),
///   invalid_argument (a rule other than reject, a target_is_best or range_is_best direction, an option outside its
///   enumeration), out_of_range (negative weight; negative value under sum or max normalisation; a range or sum
///   that overflows), inconsistent (every weight zero).
inline TopsisResult topsis(MatrixCRef x, VectorCRef weights, const std::vector<Direction>& directions,
                           const TopsisOptions& options = {}) {
  const std::string ctx = "topsis";
  const Eigen::VectorXd w = detail::mcda_prepare(ctx, "TOPSIS", x, weights, directions, options.missing);
  switch (options.normalization) {
    case TopsisNormalization::vector:
    case TopsisNormalization::min_max:
    case TopsisNormalization::sum:
    case TopsisNormalization::max:
      break;
    default:
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "options.normalization (" + std::to_string(static_cast<int>(options.normalization)) +
                             ") is not a TopsisNormalization");
  }
  switch (options.distance) {
    case TopsisDistance::euclidean:
    case TopsisDistance::manhattan:
    case TopsisDistance::chebyshev:
      break;
    default:
      throw InvalidInput(
          ErrorCode::invalid_argument, ctx,
          "options.distance (" + std::to_string(static_cast<int>(options.distance)) + ") is not a TopsisDistance");
  }
  const Eigen::Index m = x.rows();
  const Eigen::Index n = x.cols();
  TopsisResult out;
  // Pass 1, over the columns in parallel: the divisor of each column's normalisation.
  Eigen::VectorXd shift = Eigen::VectorXd::Zero(n);  // subtracted before dividing: lo for min_max, else 0
  Eigen::VectorXd divisor(n);                        // 1 stands in for a zero divisor (the column becomes 0)
  std::vector<unsigned char> zero(static_cast<std::size_t>(n), 0);  // the divisor is 0: the column is all 0
  std::vector<unsigned char> constant(static_cast<std::size_t>(n), 0);
  Eigen::VectorXd col_min(n);
  Eigen::VectorXd col_max(n);
  const TopsisNormalization normalization = options.normalization;
  detail::parallel_for(n, x.size(), [&](Eigen::Index j) {
    const auto ju = static_cast<std::size_t>(j);
    const auto col = x.col(j);
    // One sweep of the column for its minimum, maximum and (by normalisation) sum or sum of squares: each
    // reduction runs over a cache-sized chunk at a time, in a fixed order, whatever the thread count.
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    double total = 0.0;
    detail::for_chunks(m, [&](Eigen::Index begin, Eigen::Index len) {
      const auto chunk = col.segment(begin, len);
      lo = std::min(lo, chunk.minCoeff());
      hi = std::max(hi, chunk.maxCoeff());
      if (normalization == TopsisNormalization::vector) total += chunk.squaredNorm();
      if (normalization == TopsisNormalization::sum) total += chunk.sum();
    });
    const bool needs_non_negative =
        normalization == TopsisNormalization::sum || normalization == TopsisNormalization::max;
    if (needs_non_negative && lo < 0.0) {
      Eigen::Index bad = 0;
      col.minCoeff(&bad);
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         detail::cell_position(bad, j) + ": value " + detail::number_text(lo) + " is negative, but " +
                             to_string(normalization) + " normalisation needs non-negative values");
    }
    double d = 0.0;
    switch (normalization) {
      case TopsisNormalization::vector: {
        // The plain sum of squares is exact enough (relative error about 1e-16 times the square root of the
        // chunk count); only where squares could overflow or underflow is the column rescaled, by stableNorm().
        const double largest = std::max(std::abs(lo), std::abs(hi));
        const bool safe = largest == 0.0 || (largest > 1e-140 && largest < 1e140);
        d = safe ? std::sqrt(total) : col.stableNorm();
        break;
      }
      case TopsisNormalization::min_max:
        detail::mcda_check_range(ctx, j, lo, hi);
        d = hi - lo;
        shift[j] = lo;
        break;
      case TopsisNormalization::sum:
        d = total;
        if (!std::isfinite(d)) {
          throw InvalidInput(ErrorCode::out_of_range, ctx,
                             detail::mcda_column(j) + ": the column sum is not finite; rescale the criterion");
        }
        break;
      case TopsisNormalization::max:
        d = hi;
        break;
    }
    // A zero divisor means an all-zero (vector, sum, max) or constant (min_max) column: it becomes 0.
    zero[ju] = d > 0.0 ? 0 : 1;
    divisor[j] = d > 0.0 ? d : 1.0;
    constant[ju] = lo == hi ? 1 : 0;
    col_min[j] = lo;
    col_max[j] = hi;
  });
  for (Eigen::Index j = 0; j < n; ++j) {
    if (constant[static_cast<std::size_t>(j)] != 0) out.constant_criteria.push_back(j);
  }
  // r_ij = (x_ij - shift_j) / divisor_j is computed as (x_ij - shift_j) * (1 / divisor_j): one division per column,
  // unless 1 / divisor_j overflows (a subnormal divisor), where the division stays.
  const Eigen::VectorXd inverse = divisor.cwiseInverse();
  const auto normalise = [&](double value, Eigen::Index j) {
    return std::isfinite(inverse[j]) ? (value - shift[j]) * inverse[j] : (value - shift[j]) / divisor[j];
  };
  // r_ij = (x_ij - shift_j) / divisor_j and v_ij = r_ij w_j are non-decreasing in x_ij (w_j >= 0), so the
  // extremes of column j of v are those functions of its extremes: the ideal needs no pass over v.
  out.ideal.resize(n);
  out.anti_ideal.resize(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const auto ju = static_cast<std::size_t>(j);
    const double vmax = zero[ju] != 0 ? 0.0 : normalise(col_max[j], j) * w[j];
    const double vmin = zero[ju] != 0 ? 0.0 : normalise(col_min[j], j) * w[j];
    const bool benefit = directions[ju] == Direction::higher_is_better;
    out.ideal[j] = benefit ? vmax : vmin;
    out.anti_ideal[j] = benefit ? vmin : vmax;
  }
  // Pass 2, over fixed blocks of rows in parallel: r, v and the distances, in one sweep of the matrix. Each
  // unit's distance sums run over the criteria in column order, whatever the number of threads. Without
  // store_matrices, r and v are written to a block-sized buffer instead: the same operations, the same scores.
  const bool store = options.store_matrices;
  if (store) {
    out.normalized.resize(m, n);
    out.weighted.resize(m, n);
  }
  out.d_plus.resize(m);
  out.d_minus.resize(m);
  const TopsisDistance distance = options.distance;
  detail::parallel_for_row_blocks(m, n, [&](Eigen::Index begin, Eigen::Index end) {
    const Eigen::Index len = end - begin;
    auto dp = out.d_plus.segment(begin, len).array();
    auto dm = out.d_minus.segment(begin, len).array();
    dp.setZero();
    dm.setZero();
    Eigen::ArrayXd r_buffer;
    Eigen::ArrayXd v_buffer;
    if (!store) {
      r_buffer.resize(len);
      v_buffer.resize(len);
    }
    // Column by column through the block, which stays in cache: each statement below is one vectorised sweep.
    for (Eigen::Index j = 0; j < n; ++j) {
      Eigen::Map<Eigen::ArrayXd> r(store ? out.normalized.col(j).data() + begin : r_buffer.data(), len);
      Eigen::Map<Eigen::ArrayXd> v(store ? out.weighted.col(j).data() + begin : v_buffer.data(), len);
      if (zero[static_cast<std::size_t>(j)] != 0) {
        r.setZero();
      } else if (std::isfinite(inverse[j])) {
        r = (x.col(j).segment(begin, len).array() - shift[j]) * inverse[j];
      } else {
        r = (x.col(j).segment(begin, len).array() - shift[j]) / divisor[j];
      }
      v = r * w[j];
      const double best = out.ideal[j];
      const double worst = out.anti_ideal[j];
      switch (distance) {
        case TopsisDistance::euclidean:
          dp += (v - best).square();
          dm += (v - worst).square();
          break;
        case TopsisDistance::manhattan:
          dp += (v - best).abs();
          dm += (v - worst).abs();
          break;
        case TopsisDistance::chebyshev:
          dp = dp.max((v - best).abs());
          dm = dm.max((v - worst).abs());
          break;
      }
    }
    if (distance == TopsisDistance::euclidean) {
      dp = dp.sqrt();
      dm = dm.sqrt();
    }
  });
  out.scores.resize(m);
  bool all_degenerate = true;
  for (Eigen::Index i = 0; i < m; ++i) {
    const double total = out.d_plus[i] + out.d_minus[i];
    if (total > 0.0) {
      out.scores[i] = out.d_minus[i] / total;
      all_degenerate = false;
    } else {
      out.scores[i] = 0.5;  // unit equals both the ideal and the anti-ideal
    }
  }
  if (all_degenerate) out.status = McdaStatus::no_discrimination;
  out.ranks = detail::mcda_ranks(out.scores, true);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// VIKOR
// ---------------------------------------------------------------------------------------------------------------

/// Options of vikor().
struct VikorOptions {
  /// Weight of the strategy of maximum group utility S against individual regret R, in [0, 1]; 0.5 ("by
  /// consensus") is the value Opricovic & Tzeng (2004) use.
  double v = 0.5;
  /// Missing-value rule; only MissingRule::reject is supported (VIKOR needs complete data).
  MissingRule missing = MissingRule::reject;
};

/// Result of vikor(). Fields are only appended in later versions.
struct VikorResult {
  Eigen::VectorXd scores;   ///< 1 - Q_i, in [0, 1], so that higher is better as for every method of the family.
  Eigen::VectorXi ranks;    ///< Ranking by Q (ascending): 1 = smallest Q = best; ties share the smallest rank.
  Eigen::VectorXd q;        ///< The compromise index Q_i; lower is better.
  Eigen::VectorXd s;        ///< Group utility S_i = sum_j w_j d_ij; lower is better.
  Eigen::VectorXd r;        ///< Individual regret R_i = max_j w_j d_ij; lower is better.
  Eigen::VectorXi ranks_s;  ///< Ranking by S (ascending), min ranking for ties.
  Eigen::VectorXi ranks_r;  ///< Ranking by R (ascending), min ranking for ties.
  Eigen::VectorXd f_best;   ///< f*_j: the best value of criterion j (max for benefit, min for cost).
  Eigen::VectorXd f_worst;  ///< f-_j: the worst value of criterion j (min for benefit, max for cost).
  /// The compromise solution: unit indices (0-based) in order of Q. One unit when both conditions hold; the
  /// first two when only acceptable stability fails; a'(1) .. a'(M) when acceptable advantage fails.
  std::vector<Eigen::Index> compromise;
  bool acceptable_advantage = false;            ///< C1: Q(a'') - Q(a') >= DQ, a' and a'' first and second by Q.
  bool acceptable_stability = false;            ///< C2: a' is also ranked first (rank 1, ties included) by S or by R.
  double dq = 0.0;                              ///< DQ = 1 / (m - 1), m the number of units.
  bool s_range_zero = false;                    ///< S- = S*: every unit has the same S; the S term of Q is taken as 0.
  bool r_range_zero = false;                    ///< R- = R*: every unit has the same R; the R term of Q is taken as 0.
  std::vector<Eigen::Index> constant_criteria;  ///< Criteria with f*_j = f-_j; their terms d_ij are taken as 0.
  McdaStatus status = McdaStatus::ok;           ///< no_discrimination when S- = S* and R- = R* (then every Q_i = 0).
};

/// VIKOR, multicriteria optimisation and compromise solution (Opricovic 1998; Opricovic & Tzeng 2004, *EJOR*
/// 156(2):445-455, section 3).
///
/// With weights w normalised to sum 1, f*_j = max_i f_ij and f-_j = min_i f_ij for a benefit criterion
/// (the other way round for a cost criterion), d_ij = (f*_j - f_ij) / (f*_j - f-_j) in [0, 1]:
/// - S_i = sum_j w_j d_ij (group utility), R_i = max_j w_j d_ij (individual regret);
/// - Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*), S* = min_i S_i, S- = max_i S_i,
///   R* = min_i R_i, R- = max_i R_i; v = 0.5 by default;
/// - ranks by Q, S and R, ascending (lower is better);
/// - a' and a'' are the first and second units by Q (ties by unit index); DQ = 1 / (m - 1);
///   C1 acceptable advantage: Q(a'') - Q(a') >= DQ (exact comparison); C2 acceptable stability: a' is also
///   ranked first by S or by R (a shared first place counts);
/// - compromise solution: {a'} if C1 and C2 hold; {a', a''} if only C2 fails; if C1 fails (whether or not C2
///   holds), every unit a(k) in Q order with Q(a(k)) - Q(a') < DQ, which always includes a' and a''.
///
/// Degenerate cases: a criterion with f*_j = f-_j cannot separate the units; its d_ij is taken as 0 (listed in
/// `constant_criteria`). If S- = S* the S term of Q is 0, if R- = R* the R term is 0 (flags `s_range_zero`,
/// `r_range_zero`); when both hold every Q_i = 0 and `status` is McdaStatus::no_discrimination.
///
/// `scores` holds 1 - Q so that higher is better, as for the other methods of the family; `q` holds Q itself.
/// Missing values: MissingRule::reject only (the default).
/// @param x decision matrix, units (alternatives) in rows, criteria in columns; finite values; at least 2 units.
/// @param weights one weight per criterion: finite, >= 0, not all zero; normalised to sum 1.
/// @param directions one per criterion: higher_is_better (benefit) or lower_is_better (cost).
/// @param options v and the missing-value rule.
/// @return Q, S, R, their rankings, the conditions and the compromise solution.
/// @throws InvalidInput (context "vikor"): empty_input, not_finite (NaN or infinite value, non-finite weight or v),
///   size_mismatch, invalid_argument (a rule other than reject, a target_is_best or range_is_best direction),
///   out_of_range (fewer than 2 units, v outside [0, 1], negative weight, a range that overflows),
///   inconsistent (every weight zero).
inline VikorResult vikor(MatrixCRef x, VectorCRef weights, const std::vector<Direction>& directions,
                         const VikorOptions& options = {}) {
  const std::string ctx = "vikor";
  const Eigen::VectorXd w = detail::mcda_prepare(ctx, "VIKOR", x, weights, directions, options.missing);
  if (x.rows() < 2) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "VIKOR needs at least 2 units (rows) to rank; got " + std::to_string(x.rows()));
  }
  if (!std::isfinite(options.v)) throw InvalidInput(ErrorCode::not_finite, ctx, "options.v is not finite");
  if (options.v < 0.0 || options.v > 1.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "options.v = " + detail::number_text(options.v) + " is outside [0, 1]");
  }
  const Eigen::Index m = x.rows();
  const Eigen::Index n = x.cols();
  VikorResult out;
  out.f_best.resize(n);
  out.f_worst.resize(n);
  Eigen::MatrixXd regret(m, n);  // w_j d_ij
  for (Eigen::Index j = 0; j < n; ++j) {
    const bool benefit = directions[static_cast<std::size_t>(j)] == Direction::higher_is_better;
    const double hi = x.col(j).maxCoeff();
    const double lo = x.col(j).minCoeff();
    detail::mcda_check_range(ctx, j, lo, hi);
    out.f_best[j] = benefit ? hi : lo;
    out.f_worst[j] = benefit ? lo : hi;
    if (hi == lo) {
      out.constant_criteria.push_back(j);
      regret.col(j).setZero();
    } else {
      regret.col(j) = (w[j] / (out.f_best[j] - out.f_worst[j])) * (out.f_best[j] - x.col(j).array()).matrix();
    }
  }
  out.s = regret.rowwise().sum();
  out.r = regret.rowwise().maxCoeff();
  const double s_star = out.s.minCoeff();
  const double s_minus = out.s.maxCoeff();
  const double r_star = out.r.minCoeff();
  const double r_minus = out.r.maxCoeff();
  out.s_range_zero = !(s_minus > s_star);
  out.r_range_zero = !(r_minus > r_star);
  out.q = Eigen::VectorXd::Zero(m);
  if (!out.s_range_zero) out.q.array() += options.v * (out.s.array() - s_star) / (s_minus - s_star);
  if (!out.r_range_zero) out.q.array() += (1.0 - options.v) * (out.r.array() - r_star) / (r_minus - r_star);
  if (out.s_range_zero && out.r_range_zero) out.status = McdaStatus::no_discrimination;
  out.scores = (1.0 - out.q.array()).matrix();
  out.ranks = detail::mcda_ranks(out.q, false);
  out.ranks_s = detail::mcda_ranks(out.s, false);
  out.ranks_r = detail::mcda_ranks(out.r, false);

  out.dq = 1.0 / static_cast<double>(m - 1);
  const std::vector<Eigen::Index> order = detail::mcda_ascending_order(out.q);
  const Eigen::Index first = order[0];
  const Eigen::Index second = order[1];
  out.acceptable_advantage = out.q[second] - out.q[first] >= out.dq;
  out.acceptable_stability = out.ranks_s[first] == 1 || out.ranks_r[first] == 1;
  if (!out.acceptable_advantage) {
    for (const Eigen::Index i : order) {
      if (out.q[i] - out.q[first] < out.dq) out.compromise.push_back(i);
    }
  } else if (!out.acceptable_stability) {
    out.compromise = {first, second};
  } else {
    out.compromise = {first};
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Grey relational analysis
// ---------------------------------------------------------------------------------------------------------------

/// Options of grey_relational_analysis().
struct GraOptions {
  /// Distinguishing (resolution) coefficient rho in (0, 1]; 0.5 is Deng's (1989) customary value.
  double rho = 0.5;
  /// Normalisation of the criteria; range (min-max) normalisation, the usual choice in multi-attribute
  /// evaluation (Liu Sifeng et al., *Grey Systems: Theory and Applications*; Kuo, Yang & Huang 2008).
  GraNormalization normalization = GraNormalization::min_max;
  /// Reference sequence x0 in the units of the raw data, one value per criterion. Empty (the default): the
  /// ideal, max_i x_ij for a benefit and min_i x_ij for a cost criterion.
  Eigen::VectorXd reference;
  /// Missing-value rule; only MissingRule::reject is supported (the method needs complete data).
  MissingRule missing = MissingRule::reject;
};

/// Result of grey_relational_analysis(). Fields are only appended in later versions.
struct GraResult {
  Eigen::VectorXd scores;        ///< Grey relational grade gamma_i = sum_j w_j xi_ij, in (0, 1]; higher is better.
  Eigen::VectorXi ranks;         ///< 1 = best (highest grade); ties share the smallest rank of their group.
  Eigen::MatrixXd normalized;    ///< The normalised comparison sequences x'_ij (units x criteria).
  Eigen::VectorXd reference;     ///< The normalised reference sequence x'0_j.
  Eigen::MatrixXd deviations;    ///< Delta_ij = |x'0_j - x'_ij|.
  Eigen::MatrixXd coefficients;  ///< Grey relational coefficients xi_ij, in (0, 1].
  double delta_min = 0.0;        ///< Delta_min = min over all i, j of Delta_ij.
  double delta_max = 0.0;        ///< Delta_max = max over all i, j of Delta_ij.
  /// Criteria on which every unit and the reference share one value: Delta = 0 there, so xi = 1 for every unit.
  std::vector<Eigen::Index> constant_criteria;
  McdaStatus status = McdaStatus::ok;  ///< no_discrimination: Delta_max = 0, every xi_ij = 1 and every grade 1.
};

/// Grey relational analysis (Deng Julong 1982, *Systems & Control Letters* 1(5); Deng 1989, *J. Grey System*
/// 1(1); Liu Sifeng et al., *Grey Systems: Theory and Applications*), used as a multi-attribute evaluation:
/// each unit's criterion values form a comparison sequence, compared with a reference sequence.
///
/// Steps, with weights w normalised to sum 1:
/// 1. Reference x0_j: GraOptions::reference if given, else the ideal (max_i x_ij for benefit, min_i x_ij for
///    cost criteria).
/// 2. Normalisation of units and reference alike (GraOptions::normalization):
///    - min_max (default): lo_j and hi_j are the minimum and maximum over the units and the reference;
///      benefit x' = (x - lo_j) / (hi_j - lo_j), cost x' = (hi_j - x) / (hi_j - lo_j). With the ideal
///      reference x'0_j = 1. A criterion with hi_j = lo_j becomes 1 for units and reference.
///    - initial_value: x' = x / x0_j (needs x0_j != 0), so x'0_j = 1.
///    - mean_value: x' = x / mean_i x_ij, the mean over the units (needs a non-zero mean).
///    - none: x' = x.
///    Directions therefore only choose the ideal reference: Delta is the same for the benefit and the cost form.
/// 3. Delta_ij = |x'0_j - x'_ij|; Delta_min and Delta_max are global, over all units i and criteria j (Deng's
///    two-level minimum and maximum).
/// 4. xi_ij = (Delta_min + rho Delta_max) / (Delta_ij + rho Delta_max), rho in (0, 1], 0.5 by default.
/// 5. gamma_i = sum_j w_j xi_ij. Equal weights give Deng's classic (unweighted mean) grade.
///
/// Degenerate case: Delta_max = 0 (every unit equals the reference) gives xi_ij = 1 and gamma_i = 1 for every
/// unit, with `status` McdaStatus::no_discrimination.
/// Missing values: MissingRule::reject only (the default).
/// @param x decision matrix, units (alternatives) in rows, criteria in columns; finite values.
/// @param weights one weight per criterion: finite, >= 0, not all zero; normalised to sum 1. Pass equal weights
///   for the classic unweighted grade.
/// @param directions one per criterion: higher_is_better (benefit) or lower_is_better (cost).
/// @param options rho, normalisation, reference sequence and missing-value rule.
/// @return grades, ranks, the coefficient matrix and the intermediate quantities.
/// @throws InvalidInput (context "grey_relational_analysis"): empty_input, not_finite (NaN or infinite value,
///   non-finite weight, rho or reference value), size_mismatch (directions, weights or reference vs criteria),
///   invalid_argument (a rule other than reject, a target_is_best or range_is_best direction, an option outside
///   its enumeration), out_of_range (rho outside (0, 1], negative weight, a zero divisor of initial-value or
///   mean-value normalisation, a range that overflows), inconsistent (every weight zero).
inline GraResult grey_relational_analysis(MatrixCRef x, VectorCRef weights, const std::vector<Direction>& directions,
                                          const GraOptions& options = {}) {
  const std::string ctx = "grey_relational_analysis";
  const Eigen::VectorXd w =
      detail::mcda_prepare(ctx, "grey relational analysis", x, weights, directions, options.missing);
  if (!std::isfinite(options.rho)) throw InvalidInput(ErrorCode::not_finite, ctx, "options.rho is not finite");
  if (!(options.rho > 0.0) || options.rho > 1.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "options.rho = " + detail::number_text(options.rho) + " is outside (0, 1]");
  }
  switch (options.normalization) {
    case GraNormalization::min_max:
    case GraNormalization::initial_value:
    case GraNormalization::mean_value:
    case GraNormalization::none:
      break;
    default:
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "options.normalization (" + std::to_string(static_cast<int>(options.normalization)) +
                             ") is not a GraNormalization");
  }
  const Eigen::Index m = x.rows();
  const Eigen::Index n = x.cols();
  Eigen::VectorXd ref(n);
  if (options.reference.size() > 0) {
    if (options.reference.size() != n) {
      throw InvalidInput(ErrorCode::size_mismatch, ctx,
                         "options.reference has " + std::to_string(options.reference.size()) + " values for " +
                             std::to_string(n) + " criteria (columns)");
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!std::isfinite(options.reference[j])) {
        throw InvalidInput(ErrorCode::not_finite, ctx,
                           "options.reference value of " + detail::mcda_column(j) + " is not finite");
      }
    }
    ref = options.reference;
  } else {
    for (Eigen::Index j = 0; j < n; ++j) {
      const bool benefit = directions[static_cast<std::size_t>(j)] == Direction::higher_is_better;
      ref[j] = benefit ? x.col(j).maxCoeff() : x.col(j).minCoeff();
    }
  }
  GraResult out;
  out.normalized.resize(m, n);
  out.reference.resize(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const auto col = x.col(j);
    const double lo = std::min(col.minCoeff(), ref[j]);
    const double hi = std::max(col.maxCoeff(), ref[j]);
    if (lo == hi) out.constant_criteria.push_back(j);
    switch (options.normalization) {
      case GraNormalization::min_max: {
        detail::mcda_check_range(ctx, j, lo, hi);
        if (lo == hi) {
          out.normalized.col(j).setOnes();
          out.reference[j] = 1.0;
        } else if (directions[static_cast<std::size_t>(j)] == Direction::higher_is_better) {
          out.normalized.col(j) = (col.array() - lo) / (hi - lo);
          out.reference[j] = (ref[j] - lo) / (hi - lo);
        } else {
          out.normalized.col(j) = (hi - col.array()) / (hi - lo);
          out.reference[j] = (hi - ref[j]) / (hi - lo);
        }
        break;
      }
      case GraNormalization::initial_value:
        if (ref[j] == 0.0) {
          throw InvalidInput(
              ErrorCode::out_of_range, ctx,
              detail::mcda_column(j) + ": initial-value normalisation divides by the reference value, which is 0");
        }
        out.normalized.col(j) = col / ref[j];
        out.reference[j] = 1.0;
        break;
      case GraNormalization::mean_value: {
        const double mean = col.mean();
        if (mean == 0.0) {
          throw InvalidInput(
              ErrorCode::out_of_range, ctx,
              detail::mcda_column(j) + ": mean-value normalisation divides by the mean of the criterion, which is 0");
        }
        out.normalized.col(j) = col / mean;
        out.reference[j] = ref[j] / mean;
        break;
      }
      case GraNormalization::none:
        out.normalized.col(j) = col;
        out.reference[j] = ref[j];
        break;
    }
  }
  out.deviations = (out.normalized.rowwise() - out.reference.transpose()).cwiseAbs();
  out.delta_min = out.deviations.minCoeff();
  out.delta_max = out.deviations.maxCoeff();
  if (!std::isfinite(out.delta_max)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "the deviations |x'0 - x'| overflow; rescale the criteria");
  }
  if (out.delta_max > 0.0) {
    const double rho_max = options.rho * out.delta_max;
    out.coefficients = ((out.delta_min + rho_max) / (out.deviations.array() + rho_max)).matrix();
  } else {
    out.coefficients = Eigen::MatrixXd::Ones(m, n);
    out.status = McdaStatus::no_discrimination;
  }
  out.scores = out.coefficients * w;
  out.ranks = detail::mcda_ranks(out.scores, true);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Fuzzy comprehensive evaluation
// ---------------------------------------------------------------------------------------------------------------

namespace detail {

// 优 95, 良 85, 中 75, 合格 65, 差 50. Filled element by element: GCC 12 flags the comma initialiser in a default
// member initialiser as maybe-uninitialized.
inline Eigen::VectorXd fce_default_grade_scores() {
  Eigen::VectorXd s(5);
  s[0] = 95.0;
  s[1] = 85.0;
  s[2] = 75.0;
  s[3] = 65.0;
  s[4] = 50.0;
  return s;
}

}  // namespace detail

/// Options of fuzzy_evaluation().
struct FuzzyOptions {
  /// Composition operator B = W o R; the weighted average M(product, bounded sum) is the usual choice in
  /// comprehensive evaluation because every criterion's memberships count, whereas the max-based operators keep
  /// only the dominant criterion per grade.
  FuzzyOperator composition = FuzzyOperator::weighted_average;
  /// Representative score of each grade, best grade first, strictly decreasing; e.g. 优 95, 良 85, 中 75,
  /// 合格 65, 差 50 (the default, five grades).
  Eigen::VectorXd grade_scores = detail::fce_default_grade_scores();
  /// Grade breakpoints for the value-based evaluation: one row per criterion, one column per grade (best first).
  /// Entry (j, k) is the value of criterion j that belongs fully to grade k; a row strictly decreases for a
  /// higher_is_better criterion and strictly increases for a lower_is_better one. Empty by default: required by
  /// the value-based overload, unused when membership matrices are given.
  Eigen::MatrixXd thresholds;
  /// Given membership matrices: whether every row must sum to 1 (within row_sum_tolerance).
  bool require_unit_rows = true;
  /// Tolerance of the row-sum check, >= 0.
  double row_sum_tolerance = 1e-6;
  /// Missing-value rule; only MissingRule::reject is supported.
  MissingRule missing = MissingRule::reject;
};

/// Result of fuzzy_evaluation(). Fields are only appended in later versions.
struct FuzzyResult {
  Eigen::VectorXd scores;      ///< Weighted-average score sum_k b_k s_k of the normalised B; higher is better.
  Eigen::VectorXi ranks;       ///< 1 = best (highest score); ties share the smallest rank of their group.
  Eigen::MatrixXd composite;   ///< B = W o R per unit (units x grades), before normalisation.
  Eigen::MatrixXd membership;  ///< B normalised to sum 1 per unit (units x grades).
  Eigen::VectorXi grade;       ///< Maximum-membership grade per unit, 0-based (0 = best); ties take the better.
  /// Largest minus second-largest normalised membership per unit: how clear the maximum-membership verdict is.
  /// A small margin means the principle is unreliable and the score is the better summary; 0 means a tie.
  Eigen::VectorXd margin;
  std::vector<Eigen::Index> tied_units;  ///< Units whose largest membership is shared by two or more grades.
  /// The membership matrices R (criteria x grades) derived from the values, one per unit; empty when the
  /// membership matrices were given by the caller.
  std::vector<Eigen::MatrixXd> unit_memberships;
};

namespace detail {

// Strictly monotone breakpoints, at least 2, finite; returns true if decreasing (best grade has the largest
// value, as for a benefit criterion).
inline bool fce_check_breakpoints(const std::string& ctx, const std::string& what,
                                  const Eigen::Ref<const Eigen::RowVectorXd, 0, Eigen::InnerStride<>>& b) {
  if (b.size() < 2) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       what + ": " + std::to_string(b.size()) + " grade breakpoints; at least 2 grades are needed");
  }
  for (Eigen::Index k = 0; k < b.size(); ++k) {
    if (!std::isfinite(b[k])) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         what + ": breakpoint of grade " + std::to_string(k) + " is not finite");
    }
  }
  const bool decreasing = b[0] > b[1];
  for (Eigen::Index k = 0; k + 1 < b.size(); ++k) {
    if (decreasing ? !(b[k] > b[k + 1]) : !(b[k] < b[k + 1])) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         what + ": breakpoints must be strictly monotone from the best grade to the worst (grade " +
                             std::to_string(k) + " = " + number_text(b[k]) + ", grade " + std::to_string(k + 1) +
                             " = " + number_text(b[k + 1]) + ")");
    }
  }
  return decreasing;
}

// Linear (triangular) membership of `value` over the grades with characteristic values `b` (strictly monotone,
// checked by the caller); writes g memberships summing to 1 into `out`.
template <class Row, class Out>
void fce_linear_membership(double value, const Row& b, Out&& out) {
  const Eigen::Index g = b.size();
  const bool decreasing = b[0] > b[1];
  const auto at_least_as_good = [decreasing](double v, double c) { return decreasing ? v >= c : v <= c; };
  out.setZero();
  if (at_least_as_good(value, b[0])) {
    out[0] = 1.0;
    return;
  }
  for (Eigen::Index k = 0; k + 1 < g; ++k) {
    if (at_least_as_good(value, b[k + 1])) {  // value lies between b[k] (excluded) and b[k + 1]
      out[k] = (value - b[k + 1]) / (b[k] - b[k + 1]);
      out[k + 1] = 1.0 - out[k];
      return;
    }
  }
  out[g - 1] = 1.0;
}

// B = W o R for one unit; `w` sums to 1.
inline Eigen::RowVectorXd fce_compose(const Eigen::VectorXd& w, const Eigen::MatrixXd& r, FuzzyOperator op) {
  const Eigen::Index g = r.cols();
  Eigen::RowVectorXd b(g);
  switch (op) {
    case FuzzyOperator::max_min:
      for (Eigen::Index k = 0; k < g; ++k) b[k] = r.col(k).cwiseMin(w).maxCoeff();
      break;
    case FuzzyOperator::max_product:
      for (Eigen::Index k = 0; k < g; ++k) b[k] = r.col(k).cwiseProduct(w).maxCoeff();
      break;
    case FuzzyOperator::bounded_min_sum:
      for (Eigen::Index k = 0; k < g; ++k) b[k] = std::min(1.0, r.col(k).cwiseMin(w).sum());
      break;
    case FuzzyOperator::weighted_average:
      b = (w.transpose() * r).cwiseMin(1.0);
      break;
  }
  return b;
}

// "unit (row) i, criterion (column) j, grade k" for messages; a negative unit or grade is left out. Built only
// when an error is thrown, so that the checks allocate nothing.
inline std::string fce_position(Eigen::Index unit, Eigen::Index criterion, Eigen::Index grade) {
  std::string out = unit >= 0 ? "unit (row) " + std::to_string(unit) + ", " : std::string();
  out += mcda_column(criterion);
  if (grade >= 0) out += ", grade " + std::to_string(grade);
  return out;
}

inline void fce_check_operator(const std::string& ctx, FuzzyOperator op) {
  switch (op) {
    case FuzzyOperator::max_min:
    case FuzzyOperator::max_product:
    case FuzzyOperator::bounded_min_sum:
    case FuzzyOperator::weighted_average:
      return;
  }
  throw InvalidInput(ErrorCode::invalid_argument, ctx,
                     "options.composition (" + std::to_string(static_cast<int>(op)) + ") is not a FuzzyOperator");
}

inline void fce_check_grade_scores(const std::string& ctx, const Eigen::VectorXd& s) {
  if (s.size() < 2) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "options.grade_scores has " + std::to_string(s.size()) + " grades; at least 2 are needed");
  }
  for (Eigen::Index k = 0; k < s.size(); ++k) {
    if (!std::isfinite(s[k])) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         "options.grade_scores: score of grade " + std::to_string(k) + " is not finite");
    }
    if (k > 0 && !(s[k] < s[k - 1])) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "options.grade_scores must strictly decrease from the best grade to the worst (grade " +
                             std::to_string(k - 1) + " = " + number_text(s[k - 1]) + ", grade " + std::to_string(k) +
                             " = " + number_text(s[k]) + ")");
    }
  }
}

inline void fce_check_missing(const std::string& ctx, MissingRule missing) {
  if (missing != MissingRule::reject) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       std::string("options.missing is \"") + to_string(missing) +
                           "\" but fuzzy comprehensive evaluation needs complete data: only \"reject\" is supported");
  }
}

// Composition, normalisation, score, maximum-membership grade and ranks for every unit.
template <class MembershipOf>
FuzzyResult fce_evaluate(Eigen::Index m, const Eigen::VectorXd& w, const FuzzyOptions& options,
                         MembershipOf&& membership_of) {
  const Eigen::Index g = options.grade_scores.size();
  FuzzyResult out;
  out.composite.resize(m, g);
  out.membership.resize(m, g);
  out.grade.resize(m);
  out.margin.resize(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    out.composite.row(i) = fce_compose(w, membership_of(i), options.composition);
    // Every membership row has a positive entry and some weight is positive, so the sum is positive.
    out.membership.row(i) = out.composite.row(i) / out.composite.row(i).sum();
    Eigen::Index best = 0;
    const double top = out.membership.row(i).maxCoeff(&best);  // first maximum: the better grade on a tie
    double second = 0.0;
    for (Eigen::Index k = 0; k < g; ++k) {
      if (k != best) second = std::max(second, out.membership(i, k));
    }
    out.grade[i] = static_cast<int>(best);
    out.margin[i] = top - second;
    if (top == second) out.tied_units.push_back(i);
  }
  out.scores = out.membership * options.grade_scores;
  out.ranks = mcda_ranks(out.scores, true);
  return out;
}

}  // namespace detail

/// The linear ("triangular") membership of one value over ordered grades, the membership function of the
/// threshold type used throughout Chinese evaluation practice (e.g. water- and air-quality grading).
///
/// The breakpoints c_0 .. c_(g-1) are the values that belong fully to grades 0 (best) .. g-1 (worst); they are
/// strictly decreasing for a benefit criterion and strictly increasing for a cost criterion. For a value x:
/// - x at or beyond c_0 on the good side: membership 1 in grade 0 (a half-trapezoid);
/// - x at or beyond c_(g-1) on the bad side: membership 1 in grade g-1 (a half-trapezoid);
/// - otherwise x lies between c_k and c_(k+1): mu_k = (x - c_(k+1)) / (c_k - c_(k+1)), mu_(k+1) = 1 - mu_k, and
///   every other grade 0 (triangles peaking at each c_k).
/// The memberships are in [0, 1], sum to 1, and at most two neighbouring grades are positive.
/// @param value the value of the criterion; finite.
/// @param breakpoints one value per grade, best grade first; at least 2, finite, strictly monotone.
/// @return the membership of `value` in each grade, best grade first.
/// @throws InvalidInput (context "linear_membership"): not_finite (value or a breakpoint), out_of_range (fewer
///   than 2 breakpoints), inconsistent (breakpoints not strictly monotone).
inline Eigen::VectorXd linear_membership(double value, VectorCRef breakpoints) {
  const std::string ctx = "linear_membership";
  if (!std::isfinite(value)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, "value " + detail::number_text(value) + " is not finite");
  }
  detail::fce_check_breakpoints(ctx, "breakpoints", breakpoints.transpose());
  Eigen::VectorXd out(breakpoints.size());
  detail::fce_linear_membership(value, breakpoints, out);
  return out;
}

/// Fuzzy composition B = W o R of one unit (Zadeh 1965; Wang Peizhuang's four models), with the weights
/// normalised to sum 1: max_min b_k = max_j min(w_j, r_jk); max_product b_k = max_j w_j r_jk; bounded_min_sum
/// b_k = min(1, sum_j min(w_j, r_jk)); weighted_average b_k = min(1, sum_j w_j r_jk).
/// @param weights one weight per criterion (row of R): finite, >= 0, not all zero; normalised to sum 1.
/// @param membership R, criteria x grades, entries finite and in [0, 1].
/// @param op the composition operator.
/// @return B, one value per grade, not normalised.
/// @throws InvalidInput (context "fuzzy_compose"): empty_input (empty R), size_mismatch (weights vs rows of R),
///   not_finite, out_of_range (an entry of R outside [0, 1], a negative weight), inconsistent (every weight zero),
///   invalid_argument (an operator outside the enumeration).
inline Eigen::VectorXd fuzzy_compose(VectorCRef weights, MatrixCRef membership, FuzzyOperator op) {
  const std::string ctx = "fuzzy_compose";
  detail::fce_check_operator(ctx, op);
  if (membership.rows() == 0 || membership.cols() == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx, "the membership matrix is empty");
  }
  detail::check_weight_vector(ctx, weights, membership.rows());
  for (Eigen::Index j = 0; j < membership.rows(); ++j) {
    for (Eigen::Index k = 0; k < membership.cols(); ++k) {
      const double r = membership(j, k);
      if (!std::isfinite(r)) {
        throw InvalidInput(ErrorCode::not_finite, ctx, detail::fce_position(-1, j, k) + ": membership is not finite");
      }
      if (r < 0.0 || r > 1.0) {
        throw InvalidInput(
            ErrorCode::out_of_range, ctx,
            detail::fce_position(-1, j, k) + ": membership " + detail::number_text(r) + " is outside [0, 1]");
      }
    }
  }
  const Eigen::VectorXd w = weights / weights.sum();
  return detail::fce_compose(w, membership, op).transpose();
}

/// Fuzzy comprehensive evaluation (模糊综合评价) from indicator values: Zadeh (1965), *Information and Control*
/// 8(3); composition operators after Wang Peizhuang.
///
/// For each unit i: R_i (criteria x grades) has row j = linear_membership(x_ij, thresholds row j) (linear
/// membership between the grade breakpoints, see linear_membership()); B_i = W o R_i with the chosen operator
/// (FuzzyOptions::composition; weights normalised to sum 1); b_i = B_i / sum_k B_ik; score_i = sum_k b_ik s_k
/// with s = FuzzyOptions::grade_scores; grade_i = argmax_k b_ik (maximum-membership principle, the better grade on
/// a tie) with `margin` = largest minus second-largest b_ik as a reliability indicator.
///
/// The breakpoint rows must agree with the directions: strictly decreasing for higher_is_better and strictly
/// increasing for lower_is_better. Missing values: MissingRule::reject only (the default).
/// @param x indicator values, units in rows, criteria in columns; finite values.
/// @param weights one weight per criterion: finite, >= 0, not all zero; normalised to sum 1.
/// @param directions one per criterion: higher_is_better or lower_is_better.
/// @param options composition operator, grade scores, breakpoints (required) and missing-value rule.
/// @return scores, ranks, B per unit, maximum-membership grades and the membership matrices.
/// @throws InvalidInput (context "fuzzy_evaluation"): empty_input (empty matrix or no thresholds), not_finite,
///   size_mismatch (directions, weights or threshold rows vs criteria; threshold columns vs grades),
///   invalid_argument (a rule other than reject, a target_is_best or range_is_best direction, an operator outside
///   its enumeration), out_of_range (fewer than 2 grades, negative weight), inconsistent (grade scores not
///   strictly decreasing, breakpoints not strictly monotone or against the direction, every weight zero).
inline FuzzyResult fuzzy_evaluation(MatrixCRef x, VectorCRef weights, const std::vector<Direction>& directions,
                                    const FuzzyOptions& options = {}) {
  const std::string ctx = "fuzzy_evaluation";
  const Eigen::VectorXd w =
      detail::mcda_prepare(ctx, "fuzzy comprehensive evaluation", x, weights, directions, options.missing);
  detail::fce_check_operator(ctx, options.composition);
  detail::fce_check_grade_scores(ctx, options.grade_scores);
  const Eigen::MatrixXd& t = options.thresholds;
  if (t.size() == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx,
                       "options.thresholds is empty: the value-based evaluation needs one row of grade breakpoints "
                       "per criterion");
  }
  if (t.rows() != x.cols() || t.cols() != options.grade_scores.size()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       "options.thresholds is " + std::to_string(t.rows()) + " x " + std::to_string(t.cols()) +
                           ", expected " + std::to_string(x.cols()) + " x " +
                           std::to_string(options.grade_scores.size()) + " (criteria x grades)");
  }
  for (Eigen::Index j = 0; j < t.rows(); ++j) {
    const std::string what = "options.thresholds, " + detail::mcda_column(j);
    const bool decreasing = detail::fce_check_breakpoints(ctx, what, t.row(j));
    const bool benefit = directions[static_cast<std::size_t>(j)] == Direction::higher_is_better;
    if (decreasing != benefit) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         what + ": breakpoints " + (decreasing ? "decrease" : "increase") +
                             " from the best grade to the worst, but the direction is " +
                             to_string(directions[static_cast<std::size_t>(j)]) + " (they must " +
                             (benefit ? "decrease" : "increase") + ")");
    }
  }
  const Eigen::Index n = x.cols();
  const Eigen::Index g = options.grade_scores.size();
  std::vector<Eigen::MatrixXd> memberships(static_cast<std::size_t>(x.rows()), Eigen::MatrixXd(n, g));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    Eigen::MatrixXd& r = memberships[static_cast<std::size_t>(i)];
    for (Eigen::Index j = 0; j < n; ++j) detail::fce_linear_membership(x(i, j), t.row(j), r.row(j));
  }
  FuzzyResult out = detail::fce_evaluate(x.rows(), w, options, [&](Eigen::Index i) -> const Eigen::MatrixXd& {
    return memberships[static_cast<std::size_t>(i)];
  });
  out.unit_memberships = std::move(memberships);
  return out;
}

/// Fuzzy comprehensive evaluation from given membership matrices, e.g. the shares of experts choosing each
/// grade for each criterion (one matrix R_i per unit, criteria x grades). Composition, normalisation, score and
/// maximum-membership grade as in the value-based overload.
///
/// Each R_i must have finite entries in [0, 1], every row a positive entry, and, when
/// FuzzyOptions::require_unit_rows (the default), every row summing to 1 within FuzzyOptions::row_sum_tolerance.
/// Missing values: MissingRule::reject only (the default).
/// @param memberships one membership matrix per unit, each criteria x grades (grades best first).
/// @param weights one weight per criterion (row of R): finite, >= 0, not all zero; normalised to sum 1.
/// @param options composition operator, grade scores, row checks and missing-value rule (thresholds unused).
/// @return scores, ranks, B per unit and maximum-membership grades (`unit_memberships` stays empty).
/// @throws InvalidInput (context "fuzzy_evaluation"): empty_input (no units), size_mismatch (a matrix that is not
///   criteria x grades), not_finite (a NaN or infinite membership, a non-finite weight or tolerance),
///   out_of_range (a membership outside [0, 1], fewer than 2 grades, negative weight or tolerance), inconsistent
///   (a row without a positive entry, a row not summing to 1, grade scores not strictly decreasing, every weight
///   zero), invalid_argument (a rule other than reject, an operator outside its enumeration).
inline FuzzyResult fuzzy_evaluation(const std::vector<Eigen::MatrixXd>& memberships, VectorCRef weights,
                                    const FuzzyOptions& options = {}) {
  const std::string ctx = "fuzzy_evaluation";
  detail::fce_check_missing(ctx, options.missing);
  if (memberships.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no membership matrices (units) given");
  if (weights.size() == 0) throw InvalidInput(ErrorCode::empty_input, ctx, "no weights (criteria) given");
  detail::check_weight_vector(ctx, weights, weights.size());
  detail::fce_check_operator(ctx, options.composition);
  detail::fce_check_grade_scores(ctx, options.grade_scores);
  if (!std::isfinite(options.row_sum_tolerance)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, "options.row_sum_tolerance is not finite");
  }
  if (options.row_sum_tolerance < 0.0) {
    throw InvalidInput(
        ErrorCode::out_of_range, ctx,
        "options.row_sum_tolerance = " + detail::number_text(options.row_sum_tolerance) + " is negative");
  }
  const Eigen::Index n = weights.size();
  const Eigen::Index g = options.grade_scores.size();
  for (std::size_t u = 0; u < memberships.size(); ++u) {
    const Eigen::MatrixXd& r = memberships[u];
    const auto unit = static_cast<Eigen::Index>(u);
    if (r.rows() != n || r.cols() != g) {
      throw InvalidInput(ErrorCode::size_mismatch, ctx,
                         "unit (row) " + std::to_string(u) + ": membership matrix is " + std::to_string(r.rows()) +
                             " x " + std::to_string(r.cols()) + ", expected " + std::to_string(n) + " x " +
                             std::to_string(g) + " (criteria x grades)");
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      for (Eigen::Index k = 0; k < g; ++k) {
        const double v = r(j, k);
        if (std::isnan(v)) {
          throw InvalidInput(
              ErrorCode::not_finite, ctx,
              detail::fce_position(unit, j, k) + ": membership is missing (NaN) and this method needs complete data");
        }
        if (!std::isfinite(v)) {
          throw InvalidInput(ErrorCode::not_finite, ctx, detail::fce_position(unit, j, k) + ": membership is infinite");
        }
        if (v < 0.0 || v > 1.0) {
          throw InvalidInput(
              ErrorCode::out_of_range, ctx,
              detail::fce_position(unit, j, k) + ": membership " + detail::number_text(v) + " is outside [0, 1]");
        }
      }
      const double sum = r.row(j).sum();
      if (!(r.row(j).maxCoeff() > 0.0)) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           detail::fce_position(unit, j, -1) + ": membership row is all zero");
      }
      if (options.require_unit_rows && std::abs(sum - 1.0) > options.row_sum_tolerance) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           detail::fce_position(unit, j, -1) + ": membership row sums to " + detail::number_text(sum) +
                               ", not 1 (tolerance " + detail::number_text(options.row_sum_tolerance) + ")");
      }
    }
  }
  const Eigen::VectorXd w = weights / weights.sum();
  return detail::fce_evaluate(
      static_cast<Eigen::Index>(memberships.size()), w, options,
      [&](Eigen::Index i) -> const Eigen::MatrixXd& { return memberships[static_cast<std::size_t>(i)]; });
}

// ---------------------------------------------------------------------------------------------------------------
// Registry and dispatch
// ---------------------------------------------------------------------------------------------------------------

/// The registry of the family: one entry per McdaMethod, in enumeration order, `name` equal to to_string().
/// @return a static list, built once.
inline const std::vector<MethodInfo>& mcda_methods() {
  static const std::vector<MethodInfo> methods = {
      {"topsis",
       "Closeness to the ideal and distance from the anti-ideal solution, C = D- / (D+ + D-)",
       "Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer",
       {{"normalization", "vector", "column normalisation: vector, min_max, sum or max"},
        {"distance", "euclidean", "distance to the ideal solutions: euclidean, manhattan or chebyshev"},
        {"missing", "reject", "missing-value rule; only reject (complete data needed)"}}},
      {"vikor",
       "Compromise ranking by Q from group utility S and individual regret R, with the compromise set",
       "Opricovic (1998); Opricovic & Tzeng (2004), EJOR 156(2):445-455",
       {{"v", "0.5", "weight of group utility S against individual regret R, in [0, 1]"},
        {"missing", "reject", "missing-value rule; only reject (complete data needed)"}}},
      {"gra",
       "Grey relational grade to a reference (ideal) sequence",
       "Deng (1982), Systems & Control Letters 1(5); Deng (1989), J. Grey System 1(1)",
       {{"rho", "0.5", "distinguishing coefficient, in (0, 1]"},
        {"normalization", "min_max", "min_max, initial_value, mean_value or none"},
        {"reference", "ideal", "reference sequence in raw units, one value per criterion; default the ideal"},
        {"missing", "reject", "missing-value rule; only reject (complete data needed)"}}},
      {"fce",
       "Fuzzy comprehensive evaluation: linear membership over grades, B = W o R, weighted-average score",
       "Zadeh (1965), Information and Control 8(3); Wang Peizhuang's composition operators",
       {{"composition", "weighted_average", "max_min, max_product, bounded_min_sum or weighted_average"},
        {"grade_scores", "95,85,75,65,50", "score of each grade, best first, strictly decreasing"},
        {"thresholds", "", "grade breakpoints, criteria x grades; required for the value-based evaluation"},
        {"missing", "reject", "missing-value rule; only reject (complete data needed)"}}},
  };
  return methods;
}

/// Options of mcda(): the method and every method's own options (only those of the chosen method are read).
struct McdaOptions {
  McdaMethod method = McdaMethod::topsis;  ///< The method to run; TOPSIS by default, the most used of the four.
  TopsisOptions topsis;                    ///< Options when `method` is topsis.
  VikorOptions vikor;                      ///< Options when `method` is vikor.
  GraOptions gra;                          ///< Options when `method` is gra.
  FuzzyOptions fce;                        ///< Options when `method` is fce (FuzzyOptions::thresholds required).
};

/// Result of mcda(): the common part and the full result of the method that ran.
struct McdaResult {
  McdaMethod method = McdaMethod::topsis;  ///< The method that ran.
  Eigen::VectorXd scores;                  ///< The method's scores; higher is better for every method.
  Eigen::VectorXi ranks;                   ///< 1 = best; ties share the smallest rank of their group.
  McdaStatus status = McdaStatus::ok;      ///< The method's status (always ok for fce).
  std::optional<TopsisResult> topsis;      ///< Set when `method` is topsis.
  std::optional<VikorResult> vikor;        ///< Set when `method` is vikor.
  std::optional<GraResult> gra;            ///< Set when `method` is gra.
  std::optional<FuzzyResult> fce;          ///< Set when `method` is fce.
};

/// Runs the method named in `options.method` on a decision matrix: the one entry point of the family, for the
/// pipeline and the tool. See topsis(), vikor(), grey_relational_analysis() and fuzzy_evaluation() (value-based)
/// for the formulas, sources, defaults and degenerate cases; every one supports MissingRule::reject only.
/// @param x decision matrix, units (alternatives) in rows, criteria in columns; finite values.
/// @param weights one weight per criterion: finite, >= 0, not all zero; normalised to sum 1.
/// @param directions one per criterion: higher_is_better or lower_is_better.
/// @param options the method and its options.
/// @return the common scores and ranks, and the method's full result.
/// @throws InvalidInput as the chosen method does; invalid_argument (context "mcda") for a method outside the
///   enumeration.
inline McdaResult mcda(MatrixCRef x, VectorCRef weights, const std::vector<Direction>& directions,
                       const McdaOptions& options = {}) {
  McdaResult out;
  out.method = options.method;
  switch (options.method) {
    case McdaMethod::topsis: {
      TopsisResult r = topsis(x, weights, directions, options.topsis);
      out.scores = r.scores;
      out.ranks = r.ranks;
      out.status = r.status;
      out.topsis = std::move(r);
      return out;
    }
    case McdaMethod::vikor: {
      VikorResult r = vikor(x, weights, directions, options.vikor);
      out.scores = r.scores;
      out.ranks = r.ranks;
      out.status = r.status;
      out.vikor = std::move(r);
      return out;
    }
    case McdaMethod::gra: {
      GraResult r = grey_relational_analysis(x, weights, directions, options.gra);
      out.scores = r.scores;
      out.ranks = r.ranks;
      out.status = r.status;
      out.gra = std::move(r);
      return out;
    }
    case McdaMethod::fce: {
      FuzzyResult r = fuzzy_evaluation(x, weights, directions, options.fce);
      out.scores = r.scores;
      out.ranks = r.ranks;
      out.fce = std::move(r);
      return out;
    }
  }
  throw InvalidInput(ErrorCode::invalid_argument, "mcda",
                     "options.method (" + std::to_string(static_cast<int>(options.method)) + ") is not an McdaMethod");
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_MCDA_HPP
