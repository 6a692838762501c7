/// @file
/// @brief Weighting methods: equal, fixed (expert), entropy, CRITIC, coefficient of variation, standard
/// deviation, PCA (OECD/JRC 2008) and combined subjective x objective weights, with their registry.
#ifndef QUALIS_SCORE_WEIGHTS_HPP
#define QUALIS_SCORE_WEIGHTS_HPP

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/indicator.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// The weighting methods of compute_weights(). Each returns one weight per criterion (column), each
/// >= 0, summing to 1.
enum class WeightingMethod : int {
  equal = 0,                     ///< w_j = 1/m (OECD/JRC 2008, the most common choice).
  fixed = 1,                     ///< Expert weights given by the caller, normalised to sum 1.
  entropy = 2,                   ///< Shannon entropy weight method (Hwang & Yoon 1981; Zeleny 1982).
  critic = 3,                    ///< CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995).
  coefficient_of_variation = 4,  ///< w_j proportional to sd_j / |mean_j| of the raw data.
  standard_deviation = 5,        ///< w_j proportional to the standard deviation of the (normalised) data.
  pca = 6,                       ///< Principal components with varimax, OECD/JRC (2008) section 6.1.
  combined = 7,                  ///< Subjective (fixed) weights blended with an objective method.
};

/// Whether a method rescales each column before measuring its information.
enum class WeightNormalization : int {
  none = 0,     ///< Use the values as given (they must already be comparable, and >= 0 for entropy).
  min_max = 1,  ///< (x - min)/(max - min) for benefit criteria, (max - x)/(max - min) for cost criteria.
};

/// How the entropy method treats p_ij = 0, where ln p is undefined.
enum class EntropyZeroRule : int {
  zero_log_zero = 0,  ///< 0 * ln 0 = 0, the limit of p ln p as p -> 0 (Shannon 1948).
  shift = 1,          ///< Add EntropyOptions::shift to every value before p_ij is formed ("translation").
};

/// Which standard deviation a method reports. Both give the same weights: the factor sqrt(n/(n-1))
/// is common to every criterion and cancels when the weights are normalised.
enum class DeviationKind : int {
  sample = 0,      ///< Divisor n - 1.
  population = 1,  ///< Divisor n.
};

/// How CRITIC treats cost (lower_is_better) criteria.
enum class CriticCostHandling : int {
  reverse = 0,  ///< Normalise cost criteria as (max - x)/(max - min), so all are benefit-oriented (Diakoulaki 1995).
  ignore = 1,   ///< Normalise every criterion as (x - min)/(max - min), as in e.g. Tus & Aytac Adali (2019).
};

/// Factor rotation in PCA weighting.
enum class PcaRotation : int {
  varimax = 0,  ///< Varimax with Kaiser normalisation (Kaiser 1958), as in the OECD/JRC Handbook example.
  none = 1,     ///< Unrotated principal-component loadings.
};

/// How combine_weights() merges subjective and objective weights.
enum class CombinationRule : int {
  linear = 0,          ///< w = alpha * ws + (1 - alpha) * wo.
  multiplicative = 1,  ///< w_j = ws_j * wo_j / sum_k ws_k * wo_k.
};

/// What happened numerically. Degenerate columns are always listed in WeightResult::degenerate_columns;
/// the status names the most severe outcome.
enum class WeightStatus : int {
  ok = 0,                  ///< Every criterion varied; the method ran as defined.
  degenerate_columns = 1,  ///< Some criteria were constant over the units used; they got weight 0.
  all_degenerate = 2,      ///< No criterion carried information; equal weights 1/m were returned.
  no_conflict = 3,         ///< CRITIC only: the varying criteria were perfectly correlated; weights follow sd.
  not_converged = 4,       ///< PCA only: the varimax rotation hit its sweep limit; last rotation used.
};

/// The stable name of a weighting method, e.g. "entropy".
/// @param method the method.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(WeightingMethod method) noexcept {
  switch (method) {
    case WeightingMethod::equal:
      return "equal";
    case WeightingMethod::fixed:
      return "fixed";
    case WeightingMethod::entropy:
      return "entropy";
    case WeightingMethod::critic:
      return "critic";
    case WeightingMethod::coefficient_of_variation:
      return "coefficient_of_variation";
    case WeightingMethod::standard_deviation:
      return "standard_deviation";
    case WeightingMethod::pca:
      return "pca";
    case WeightingMethod::combined:
      return "combined";
  }
  return "unknown";
}

/// The stable name of a column normalisation choice.
/// @param value the choice.
/// @return "none" or "min_max"; "unknown" otherwise.
constexpr const char* to_string(WeightNormalization value) noexcept {
  switch (value) {
    case WeightNormalization::none:
      return "none";
    case WeightNormalization::min_max:
      return "min_max";
  }
  return "unknown";
}

/// The stable name of an entropy zero rule.
/// @param value the rule.
/// @return "zero_log_zero" or "shift"; "unknown" otherwise.
constexpr const char* to_string(EntropyZeroRule value) noexcept {
  switch (value) {
    case EntropyZeroRule::zero_log_zero:
      return "zero_log_zero";
    case EntropyZeroRule::shift:
      return "shift";
  }
  return "unknown";
}

/// The stable name of a standard-deviation kind.
/// @param value the kind.
/// @return "sample" or "population"; "unknown" otherwise.
constexpr const char* to_string(DeviationKind value) noexcept {
  switch (value) {
    case DeviationKind::sample:
      return "sample";
    case DeviationKind::population:
      return "population";
  }
  return "unknown";
}

/// The stable name of a CRITIC cost handling.
/// @param value the handling.
/// @return "reverse" or "ignore"; "unknown" otherwise.
constexpr const char* to_string(CriticCostHandling value) noexcept {
  switch (value) {
    case CriticCostHandling::reverse:
      return "reverse";
    case CriticCostHandling::ignore:
      return "ignore";
  }
  return "unknown";
}

/// The stable name of a PCA rotation.
/// @param value the rotation.
/// @return "varimax" or "none"; "unknown" otherwise.
constexpr const char* to_string(PcaRotation value) noexcept {
  switch (value) {
    case PcaRotation::varimax:
      return "varimax";
    case PcaRotation::none:
      return "none";
  }
  return "unknown";
}

/// The stable name of a combination rule.
/// @param value the rule.
/// @return "linear" or "multiplicative"; "unknown" otherwise.
constexpr const char* to_string(CombinationRule value) noexcept {
  switch (value) {
    case CombinationRule::linear:
      return "linear";
    case CombinationRule::multiplicative:
      return "multiplicative";
  }
  return "unknown";
}

/// The stable name of a weight status.
/// @param value the status.
/// @return e.g. "ok" or "degenerate_columns"; "unknown" otherwise.
constexpr const char* to_string(WeightStatus value) noexcept {
  switch (value) {
    case WeightStatus::ok:
      return "ok";
    case WeightStatus::degenerate_columns:
      return "degenerate_columns";
    case WeightStatus::all_degenerate:
      return "all_degenerate";
    case WeightStatus::no_conflict:
      return "no_conflict";
    case WeightStatus::not_converged:
      return "not_converged";
  }
  return "unknown";
}

/// The registry of weighting methods: one entry per WeightingMethod, in enumeration order, with
/// `name == to_string(method)`. The command-line tool, the model file and the docs read it.
/// @return a static table.
inline const std::vector<MethodInfo>& weighting_methods() {
  static const std::vector<MethodInfo> table = {
      {"equal", "Equal weights 1/m for the m criteria", "OECD/JRC (2008) Handbook, step 6", {}},
      {"fixed",
       "Expert (subjective) weights given by the caller, normalised to sum 1",
       "OECD/JRC (2008) Handbook, step 6 (budget allocation, expert opinion)",
       {{"fixed", "", "one raw weight per criterion, finite, >= 0, not all 0"}}},
      {"entropy",
       "Shannon entropy weights: w_j proportional to 1 - e_j, e_j = -sum_i p_ij ln p_ij / ln n",
       "Shannon (1948); Hwang & Yoon (1981); Zeleny (1982)",
       {{"normalization", "min_max", "min_max (honours directions) or none (values must be >= 0)"},
        {"zeros", "zero_log_zero", "zero_log_zero (0 ln 0 = 0) or shift"},
        {"shift", "0.0001", "added to every value when zeros = shift; finite, > 0"},
        {"missing", "reject", "reject or skip (complete units only)"}}},
      {"critic",
       "CRITIC: w_j proportional to sd_j * sum_k (1 - r_jk) on min-max normalised data",
       "Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research 22(7)",
       {{"cost", "reverse", "reverse (cost criteria as (max - x)/(max - min)) or ignore"},
        {"deviation", "sample", "sample or population (same weights)"},
        {"missing", "reject", "reject or skip (complete units only)"}}},
      {"coefficient_of_variation",
       "w_j proportional to sd_j / |mean_j| of the raw data; a zero mean is rejected",
       "OECD/JRC (2008) Handbook; e.g. Zavadskas & Podvezko (2016)",
       {{"deviation", "sample", "sample or population (same weights)"},
        {"missing", "reject", "reject or skip (complete units only)"}},
       {"cv"}},
      {"standard_deviation",
       "w_j proportional to the standard deviation of the (min-max normalised) data",
       "e.g. Salabun, Watrobski & Shekhovtsov (2020), Symmetry 12(9)",
       {{"normalization", "min_max", "min_max or none"},
        {"deviation", "sample", "sample or population (same weights)"},
        {"missing", "reject", "reject or skip (complete units only)"}},
       {"std", "sd"}},
      {"pca",
       "Squared (varimax-rotated) loadings scaled to unity sum per factor, times each factor's share of "
       "explained variance",
       "OECD/JRC (2008) Handbook, section 6.1 (Nicoletti, Scarpetta & Boylaud 2000)",
       {{"factors", "0", "number of factors; 0 = retention rule below"},
        {"eigenvalue_min", "1", "retain factors with eigenvalue > this (Kaiser)"},
        {"variance_share_min", "0.1", "... that each explain more than this share of variance"},
        {"cumulative_variance_min", "0.6", "add factors until they explain at least this share"},
        {"rotation", "varimax", "varimax or none"},
        {"missing", "reject", "reject or skip (complete units only)"}}},
      {"combined",
       "Subjective (fixed) weights combined with an objective method, linearly or multiplicatively",
       "e.g. Xu (2004), European Journal of Operational Research 156(2)",
       {{"fixed", "", "the subjective weights"},
        {"objective", "entropy", "the objective method (not fixed or combined)"},
        {"rule", "linear", "linear or multiplicative"},
        {"alpha", "0.5", "share of the subjective weights in the linear rule, in [0, 1]"}}},
  };
  return table;
}

/// Reads a weighting method from its stable name or an alias ("cv", "std", "sd"), ignoring ASCII case.
/// @param text the name, e.g. "critic".
/// @return the method.
/// @throws ParseError (source "weighting method") quoting the text and listing the valid names.
inline WeightingMethod parse_weighting_method(std::string_view text) {
  return static_cast<WeightingMethod>(detail::find_method(weighting_methods(), text, "weighting method"));
}

/// Options of entropy_weights(). Defaults: min-max normalisation honouring directions and 0 ln 0 = 0.
struct EntropyOptions {
  /// Column rescaling before p_ij is formed. Default min_max: it accepts data of any sign (growth rates),
  /// honours directions, is invariant to positive scaling and shifting of a column, and leaves min-max
  /// normalised input unchanged; none reproduces the textbook examples on positive raw data.
  WeightNormalization normalization = WeightNormalization::min_max;
  EntropyZeroRule zeros = EntropyZeroRule::zero_log_zero;  ///< Treatment of p_ij = 0.
  double shift = 1e-4;                                     ///< Added to every value when zeros == shift.
  MissingRule missing = MissingRule::reject;               ///< reject (default) or skip (complete units).
};

/// Options of critic_weights(). Defaults as in Diakoulaki et al. (1995).
struct CriticOptions {
  CriticCostHandling cost = CriticCostHandling::reverse;  ///< How cost criteria are normalised.
  DeviationKind deviation = DeviationKind::sample;        ///< Reported sd (weights do not depend on it).
  MissingRule missing = MissingRule::reject;              ///< reject (default) or skip (complete units).
};

/// Options of coefficient_of_variation_weights().
struct CvOptions {
  DeviationKind deviation = DeviationKind::sample;  ///< Reported sd (weights do not depend on it).
  MissingRule missing = MissingRule::reject;        ///< reject (default) or skip (complete units).
};

/// Options of standard_deviation_weights().
struct SdOptions {
  /// Column rescaling before the sd is taken. Default min_max makes the sd unit-free (raw sds are only
  /// comparable when every column is already on one scale); direction does not matter, sd(1 - x) = sd(x).
  WeightNormalization normalization = WeightNormalization::min_max;
  DeviationKind deviation = DeviationKind::sample;  ///< Reported sd (weights do not depend on it).
  MissingRule missing = MissingRule::reject;        ///< reject (default) or skip (complete units).
};

/// Options of pca_weights(). Defaults follow the OECD/JRC (2008) Handbook, section 6.1.
struct PcaOptions {
  Eigen::Index factors = 0;                     ///< Number of factors to keep; 0 applies the rule below.
  double eigenvalue_min = 1.0;                  ///< Rule (1): eigenvalue larger than this (Kaiser criterion).
  double variance_share_min = 0.10;             ///< Rule (2): each factor explains more than this share.
  double cumulative_variance_min = 0.6;         ///< Rule (3): keep adding factors until this share is reached.
  PcaRotation rotation = PcaRotation::varimax;  ///< Rotation of the retained loadings.
  int max_sweeps = 1000;                        ///< Varimax sweeps over all factor pairs before giving up.
  double rotation_tolerance = 1e-12;            ///< Stop when every planar rotation angle is below this (rad).
  MissingRule missing = MissingRule::reject;    ///< reject (default) or skip (complete units).
};

/// Options of combine_weights() and of the `combined` method.
struct CombineOptions {
  CombinationRule rule = CombinationRule::linear;        ///< Linear blend or product.
  double alpha = 0.5;                                    ///< Subjective share in the linear rule, in [0, 1].
  WeightingMethod objective = WeightingMethod::entropy;  ///< Objective method used by compute_weights().
};

/// Options of compute_weights(): the method and every method's options.
struct WeightOptions {
  /// The method. Default equal, the most common choice in composite indicators (OECD/JRC 2008, step 6).
  WeightingMethod method = WeightingMethod::equal;
  Eigen::VectorXd fixed;   ///< Raw expert weights, one per criterion (methods fixed and combined).
  EntropyOptions entropy;  ///< Options of the entropy method.
  CriticOptions critic;    ///< Options of CRITIC.
  CvOptions cv;            ///< Options of the coefficient-of-variation method.
  SdOptions sd;            ///< Options of the standard-deviation method.
  PcaOptions pca;          ///< Options of PCA weighting.
  CombineOptions combine;  ///< Options of the combined method.
};

/// PCA diagnostics, filled by pca_weights() only. Rows are criteria (columns of the input); constant
/// columns take no part in the analysis and have zero rows and factor -1.
struct PcaDiagnostics {
  Eigen::VectorXd eigenvalues;         ///< Eigenvalues of the correlation matrix of the varying columns, descending.
  Eigen::VectorXd variance_share;      ///< eigenvalue / number of varying columns.
  Eigen::Index factors = 0;            ///< Number of factors retained.
  Eigen::MatrixXd loadings;            ///< criteria x factors; rotated when rotation is varimax.
  Eigen::VectorXd explained_variance;  ///< Per factor: sum of squared loadings ("Expl.Var").
  Eigen::VectorXd factor_share;        ///< explained_variance / its sum ("Expl./Tot").
  std::vector<Eigen::Index> factor_of_criterion;  ///< Factor each criterion is assigned to; -1 if constant.
  int rotation_sweeps = 0;                        ///< Varimax sweeps performed.
  bool rotation_converged = true;                 ///< False when max_sweeps was reached.
};

/// The result of every weighting method: the weights and what they were computed from.
/// Fields that do not apply to a method are left empty (size 0).
struct WeightResult {
  Eigen::VectorXd weights;                          ///< One weight per criterion, each >= 0, summing to 1.
  WeightingMethod method = WeightingMethod::equal;  ///< The method that produced the weights.
  WeightStatus status = WeightStatus::ok;           ///< Numerical outcome, see WeightStatus.
  std::vector<Eigen::Index> degenerate_columns;     ///< Criteria constant over the units used (weight 0).
  /// The unnormalised per-criterion quantity the weights are proportional to: 1 (equal), the raw weight
  /// (fixed), d_j = 1 - e_j (entropy), C_j (CRITIC), sd/|mean| (cv), sd (standard_deviation), the
  /// scaled squared loading times the factor share (pca), the blend or product (combined).
  Eigen::VectorXd information;
  Eigen::Index units_used = 0;      ///< Units (rows) that entered the computation.
  Eigen::Index units_excluded = 0;  ///< Units dropped for a missing value (MissingRule::skip).
  Eigen::VectorXd entropy;          ///< Entropy e_j of each criterion (entropy method).
  Eigen::VectorXd mean;             ///< Column means of the data the method measured (cv, sd, critic).
  Eigen::VectorXd deviation;        ///< Column standard deviations of that data (cv, sd, critic).
  Eigen::MatrixXd correlation;      ///< Pearson correlations (CRITIC); 0 off the diagonal for constant columns.
  PcaDiagnostics pca;               ///< PCA diagnostics (pca method).
  Eigen::VectorXd subjective;       ///< Normalised subjective weights (combined).
  Eigen::VectorXd objective;        ///< Normalised objective weights (combined).
};

namespace detail::weighting {

inline void check_missing_rule(const std::string& ctx, MissingRule rule) {
  if (rule != MissingRule::reject && rule != MissingRule::skip) {
    throw InvalidInput(
        ErrorCode::invalid_argument, ctx,
        std::string("missing rule ") + to_string(rule) + " is not supported by weighting methods: use reject or skip");
  }
}

// Validates the matrix under the missing rule and returns the complete units (rows) in order, or an empty list
// when every unit is complete (always so under MissingRule::reject, which check_matrix() has enforced), so that
// the caller need not copy the matrix.
inline std::vector<Eigen::Index> complete_rows(const std::string& ctx, MatrixCRef x, MissingRule rule,
                                               WeightResult& out) {
  check_missing_rule(ctx, rule);
  check_matrix(ctx, x, rule == MissingRule::skip);
  std::vector<Eigen::Index> keep;
  Eigen::Index used = x.rows();
  if (rule == MissingRule::skip) {
    // Column by column, so that the matrix is read contiguously.
    std::vector<unsigned char> missing(static_cast<std::size_t>(x.rows()), 0);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (std::isnan(x(i, j))) missing[static_cast<std::size_t>(i)] = 1;
      }
    }
    used = static_cast<Eigen::Index>(std::count(missing.begin(), missing.end(), 0));
    if (used < x.rows()) {
      keep.reserve(static_cast<std::size_t>(used));
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (missing[static_cast<std::size_t>(i)] == 0) keep.push_back(i);
      }
    }
  }
  out.units_used = used;
  out.units_excluded = x.rows() - used;
  if (used < 2) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       std::to_string(used) + " complete units (rows) of " + std::to_string(x.rows()) +
                           "; a data-driven weighting method needs at least 2");
  }
  return keep;
}

// The rows `keep` of `x`, copied.
inline Eigen::MatrixXd gather_rows(MatrixCRef x, const std::vector<Eigen::Index>& keep) {
  const auto used = static_cast<Eigen::Index>(keep.size());
  Eigen::MatrixXd y(used, x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index r = 0; r < used; ++r) y(r, j) = x(keep[static_cast<std::size_t>(r)], j);
  }
  return y;
}

// Validates the matrix under the missing rule and returns the complete units (rows), copied once.
inline Eigen::MatrixXd complete_units(const std::string& ctx, MatrixCRef x, MissingRule rule, WeightResult& out) {
  const std::vector<Eigen::Index> keep = complete_rows(ctx, x, rule, out);
  if (keep.empty()) return x;
  return gather_rows(x, keep);
}

// Rejects target/range directions where a method needs benefit or cost criteria.
inline void check_benefit_or_cost(const std::string& ctx, const std::vector<Direction>& directions) {
  for (std::size_t j = 0; j < directions.size(); ++j) {
    if (directions[j] != Direction::higher_is_better && directions[j] != Direction::lower_is_better) {
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "criterion (column) " + std::to_string(j) + " has direction " + to_string(directions[j]) +
                             "; weighting methods take benefit or cost criteria only: normalise such a column "
                             "first and pass higher_is_better");
    }
  }
}

// Columns with max == min over the units used.
inline std::vector<bool> constant_columns(const Eigen::MatrixXd& y) {
  std::vector<bool> out(static_cast<std::size_t>(y.cols()));
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    out[static_cast<std::size_t>(j)] = y.col(j).maxCoeff() == y.col(j).minCoeff();
  }
  return out;
}

// In-place min-max normalisation; constant columns become 0. `reverse[j]` flips cost columns.
inline void min_max_columns(Eigen::MatrixXd& y, const std::vector<bool>& reverse) {
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    const double lo = y.col(j).minCoeff();
    const double hi = y.col(j).maxCoeff();
    if (!(hi > lo)) {
      y.col(j).setZero();
      continue;
    }
    if (!reverse.empty() && reverse[static_cast<std::size_t>(j)]) {
      y.col(j) = (hi - y.col(j).array()) / (hi - lo);
    } else {
      y.col(j) = (y.col(j).array() - lo) / (hi - lo);
    }
  }
}

inline std::vector<bool> cost_columns(const std::vector<Direction>& directions) {
  std::vector<bool> out(directions.size());
  for (std::size_t j = 0; j < directions.size(); ++j) out[j] = directions[j] == Direction::lower_is_better;
  return out;
}

inline Eigen::VectorXd column_sd(const Eigen::MatrixXd& y, const Eigen::VectorXd& mean, DeviationKind kind) {
  const auto n = static_cast<double>(y.rows());
  const double divisor = kind == DeviationKind::sample ? n - 1.0 : n;
  return ((y.rowwise() - mean.transpose()).colwise().squaredNorm().transpose() / divisor).cwiseSqrt();
}

// Normalises `raw` (>= 0) to sum 1 and records constant columns; falls back to equal weights, with status
// all_degenerate, when nothing is positive.
inline void finish_weights(WeightResult& out, const Eigen::VectorXd& raw, const std::vector<bool>& constant) {
  out.information = raw;
  out.degenerate_columns.clear();
  for (std::size_t j = 0; j < constant.size(); ++j) {
    if (constant[j]) out.degenerate_columns.push_back(static_cast<Eigen::Index>(j));
  }
  const double sum = raw.sum();
  if (!(sum > 0.0)) {
    out.weights = Eigen::VectorXd::Constant(raw.size(), 1.0 / static_cast<double>(raw.size()));
    out.status = WeightStatus::all_degenerate;
    return;
  }
  out.weights = raw / sum;
  out.status = out.degenerate_columns.empty() ? WeightStatus::ok : WeightStatus::degenerate_columns;
}

// U^T U, by a symmetric rank update (Eigen's SYRK kernel, which runs on the calling thread with a fixed blocking):
// a general product would be split between OpenMP threads with a blocking, and so sums, that depend on their
// number, and the result would change with the thread count.
inline Eigen::MatrixXd gram(const Eigen::MatrixXd& u) {
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(u.cols(), u.cols());
  g.selfadjointView<Eigen::Lower>().rankUpdate(u.transpose());
  return g.selfadjointView<Eigen::Lower>();
}

inline void check_positive_finite(const std::string& ctx, const char* name, double value) {
  if (!std::isfinite(value) || !(value > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       std::string(name) + " must be finite and > 0, got " + number_text(value));
  }
}

}  // namespace detail::weighting

/// Equal weights: w_j = 1/m.
///
/// Source: OECD/JRC (2008) Handbook, step 6. Reads no data, so no missing-value rule applies.
/// @param criteria the number m of criteria.
/// @return weights 1/m, information 1, status ok.
/// @throws InvalidInput (empty_input) if `criteria` < 1.
inline WeightResult equal_weights(Eigen::Index criteria) {
  if (criteria < 1) {
    throw InvalidInput(ErrorCode::empty_input, "equal_weights",
                       "the number of criteria must be at least 1, got " + std::to_string(criteria));
  }
  WeightResult out;
  out.method = WeightingMethod::equal;
  out.information = Eigen::VectorXd::Ones(criteria);
  out.weights = Eigen::VectorXd::Constant(criteria, 1.0 / static_cast<double>(criteria));
  return out;
}

/// Fixed (expert) weights: w_j = v_j / sum_k v_k for the raw weights v given by the caller, e.g. from a
/// budget allocation or an AHP (see ahp_weights()).
///
/// Source: OECD/JRC (2008) Handbook, step 6. Reads no data, so no missing-value rule applies.
/// @param raw one raw weight per criterion: finite, >= 0, not all 0.
/// @return the normalised weights; information holds `raw`.
/// @throws InvalidInput empty_input (no weight), not_finite, out_of_range (negative) or inconsistent
///         (all zero), naming the criterion (column).
inline WeightResult fixed_weights(VectorCRef raw) {
  const std::string ctx = "fixed_weights";
  if (raw.size() == 0) throw InvalidInput(ErrorCode::empty_input, ctx, "no weights given");
  detail::check_weight_vector(ctx, raw, raw.size());
  WeightResult out;
  out.method = WeightingMethod::fixed;
  out.information = raw;
  out.weights = raw / raw.sum();
  return out;
}

/// Entropy weights (Shannon entropy weight method).
///
/// On the n used units: y = the data, min-max normalised per column honouring directions (default) or
/// as given; with the shift rule y += shift. Then p_ij = y_ij / sum_i y_ij, e_j = -k sum_i p_ij ln p_ij with
/// k = 1/ln n and 0 ln 0 = 0, d_j = 1 - e_j (clamped at 0 against rounding), w_j = d_j / sum_k d_k.
///
/// Source: Shannon (1948); as a weighting method Hwang & Yoon (1981) and Zeleny (1982).
/// Degenerate cases: a constant column has e_j = 1 by definition (p uniform), so d_j = 0 and weight 0,
/// listed in degenerate_columns (status degenerate_columns); with normalization none an all-zero column
/// is constant too. If every d_j is 0 the result is equal weights with status all_degenerate.
/// Missing values: MissingRule::reject (default) or skip (units with any missing value are left out).
/// @param x decision matrix, units in rows, criteria in columns.
/// @param directions one per column; only benefit and cost directions are accepted.
/// @param options see EntropyOptions.
/// @return weights with entropy (e_j) and information (d_j).
/// @throws InvalidInput empty_input, not_finite (Inf; NaN under reject), size_mismatch (directions),
///         invalid_argument (target/range direction, unsupported missing rule), out_of_range (fewer than
///         2 complete units; a negative value with normalization none; shift <= 0).
inline WeightResult entropy_weights(MatrixCRef x, const std::vector<Direction>& directions,
                                    const EntropyOptions& options = {}) {
  const std::string ctx = "entropy_weights";
  WeightResult out;
  out.method = WeightingMethod::entropy;
  const std::vector<Eigen::Index> keep = detail::weighting::complete_rows(ctx, x, options.missing, out);
  detail::check_directions(ctx, directions, x.cols());
  if (options.zeros == EntropyZeroRule::shift) detail::weighting::check_positive_finite(ctx, "shift", options.shift);
  const bool min_max = options.normalization == WeightNormalization::min_max;
  if (min_max) detail::weighting::check_benefit_or_cost(ctx, directions);
  // Only units with missing values force a copy; otherwise the caller's matrix is read in place.
  Eigen::MatrixXd subset;
  if (!keep.empty()) subset = detail::weighting::gather_rows(x, keep);
  const Eigen::Ref<const Eigen::MatrixXd> y = keep.empty() ? x : Eigen::Ref<const Eigen::MatrixXd>(subset);
  const double shift = options.zeros == EntropyZeroRule::shift ? options.shift : 0.0;
  const double k = 1.0 / std::log(static_cast<double>(y.rows()));
  const Eigen::Index m = y.cols();
  out.entropy = Eigen::VectorXd::Ones(m);
  Eigen::VectorXd d = Eigen::VectorXd::Zero(m);
  std::vector<unsigned char> constant(static_cast<std::size_t>(m), 0);
  // Columns are independent and each is reduced by one thread in a fixed order: the same for any thread count.
  detail::parallel_for(m, y.size(), [&](Eigen::Index j) {
    if (!min_max) {
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        if (x(i, j) < 0.0) {  // NaN compares false: missing cells were dealt with above
          throw InvalidInput(ErrorCode::out_of_range, ctx,
                             detail::cell_position(i, j) + ": value " + detail::number_text(x(i, j)) +
                                 " is negative; entropy weights with normalization none need values >= 0");
        }
      }
    }
    const auto col = y.col(j).array();
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    detail::for_chunks(y.rows(), [&](Eigen::Index begin, Eigen::Index len) {
      lo = std::min(lo, col.segment(begin, len).minCoeff());
      hi = std::max(hi, col.segment(begin, len).maxCoeff());
    });
    if (hi == lo) {  // e_j = 1 by definition, d_j = 0
      constant[static_cast<std::size_t>(j)] = 1;
      return;
    }
    // The rescaled column y = (x - a) / b + shift is never stored: a = lo, b = hi - lo for a benefit column,
    // a = hi, b = -(hi - lo) for a cost one ((hi - x) / (hi - lo) with both signs flipped), a = 0, b = 1 with
    // normalization none. Since p = y / sum(y) = u / sum(u) with u = b y = (x - a) + shift b, b cancels.
    // With U = sum_i u_i, L = sum_i u_i ln u_i and s = 1 / U: sum_i p_i ln p_i = s L + ln s, so one sweep of
    // the column (one chunk in cache at a time) gives both sums.
    const bool reverse = min_max && directions[static_cast<std::size_t>(j)] == Direction::lower_is_better;
    const double a = !min_max ? 0.0 : reverse ? hi : lo;
    const double b = !min_max ? 1.0 : reverse ? -(hi - lo) : hi - lo;
    const double c = shift == 0.0 ? 0.0 : shift * b;  // never 0 * inf
    double sum_u = 0.0;
    double sum_ulogu = 0.0;
    detail::for_chunks(y.rows(), [&](Eigen::Index begin, Eigen::Index len) {
      const auto u = (col.segment(begin, len) - a) + c;
      sum_u += u.sum();
      // 0 ln 0 = 0: u is raised to the smallest normal double before the logarithm, so that u = 0 contributes
      // 0 * ln(tiny) = 0 (and u below it a term under 1e-305), and the expression stays vectorisable.
      sum_ulogu += (u * u.max(std::numeric_limits<double>::min()).log()).sum();
    });
    double scale = 1.0 / sum_u;
    double plogp = scale * sum_ulogu + std::log(scale);
    if (!std::isfinite(plogp)) {
      // u ln u (or U) overflowed on huge values: sum p ln p directly, with p = y / sum(y) formed per cell from
      // y = (x - a) / b + shift, which min-max keeps within [0, 1 + shift].
      double sum_y = 0.0;
      detail::for_chunks(y.rows(), [&](Eigen::Index begin, Eigen::Index len) {
        sum_y += ((col.segment(begin, len) - a) / b + shift).sum();
      });
      if (!std::isfinite(sum_y)) {
        throw InvalidInput(
            ErrorCode::out_of_range, ctx,
            "criterion (column) " + std::to_string(j) + ": the column sum overflows; rescale the criterion");
      }
      scale = 1.0 / sum_y;
      plogp = 0.0;
      detail::for_chunks(y.rows(), [&](Eigen::Index begin, Eigen::Index len) {
        const auto p = ((col.segment(begin, len) - a) / b + shift) * scale;
        plogp += (p * p.max(std::numeric_limits<double>::min()).log()).sum();
      });
    }
    out.entropy[j] = -k * plogp;
    d[j] = std::max(0.0, 1.0 - out.entropy[j]);
  });
  detail::weighting::finish_weights(out, d, std::vector<bool>(constant.begin(), constant.end()));
  return out;
}

/// CRITIC weights (CRiteria Importance Through Intercriteria Correlation).
///
/// On the n used units: z = min-max normalised data (cost criteria reversed by default), sigma_j = sd of
/// column j, r_jk = Pearson correlation of columns j and k, C_j = sigma_j * sum_k (1 - r_jk),
/// w_j = C_j / sum_k C_k.
///
/// Source: Diakoulaki, Mavrotas & Papayannakis (1995), Computers & Operations Research 22(7):763-770.
/// Degenerate cases: a constant column has sigma_j = 0 and undefined correlations; it is left out of the
/// correlation sums (so the other weights are as if it were absent), gets weight 0 and is listed in
/// degenerate_columns. If the varying columns are all perfectly positively correlated (or only one varies),
/// every C_j is 0; then w_j is proportional to sigma_j with status no_conflict. If no column varies: equal
/// weights, status all_degenerate.
/// Missing values: MissingRule::reject (default) or skip (units with any missing value are left out).
/// @param x decision matrix, units in rows, criteria in columns.
/// @param directions one per column; only benefit and cost directions are accepted when cost == reverse.
/// @param options see CriticOptions.
/// @return weights with deviation (sigma_j), mean, correlation and information (C_j).
/// @throws InvalidInput empty_input, not_finite, size_mismatch, invalid_argument, out_of_range (fewer
///         than 2 complete units).
inline WeightResult critic_weights(MatrixCRef x, const std::vector<Direction>& directions,
                                   const CriticOptions& options = {}) {
  const std::string ctx = "critic_weights";
  WeightResult out;
  out.method = WeightingMethod::critic;
  Eigen::MatrixXd z = detail::weighting::complete_units(ctx, x, options.missing, out);
  detail::check_directions(ctx, directions, x.cols());
  std::vector<bool> reverse;
  if (options.cost == CriticCostHandling::reverse) {
    detail::weighting::check_benefit_or_cost(ctx, directions);
    reverse = detail::weighting::cost_columns(directions);
  }
  const std::vector<bool> constant = detail::weighting::constant_columns(z);
  detail::weighting::min_max_columns(z, reverse);
  const Eigen::Index m = z.cols();
  out.mean = z.colwise().mean().transpose();
  out.deviation = detail::weighting::column_sd(z, out.mean, options.deviation);
  // Pearson r from centred, unit-length columns; constant columns stay out (zero rows and columns).
  Eigen::MatrixXd u = z.rowwise() - out.mean.transpose();
  for (Eigen::Index j = 0; j < m; ++j) {
    if (constant[static_cast<std::size_t>(j)]) {
      u.col(j).setZero();
    } else {
      u.col(j) /= u.col(j).norm();
    }
  }
  out.correlation = detail::weighting::gram(u);
  for (Eigen::Index j = 0; j < m; ++j) out.correlation(j, j) = 1.0;
  Eigen::VectorXd c = Eigen::VectorXd::Zero(m);
  double max_sigma = 0.0;
  for (Eigen::Index j = 0; j < m; ++j) {
    if (constant[static_cast<std::size_t>(j)]) continue;
    double conflict = 0.0;
    for (Eigen::Index k = 0; k < m; ++k) {
      if (!constant[static_cast<std::size_t>(k)]) conflict += 1.0 - out.correlation(j, k);
    }
    c[j] = out.deviation[j] * std::max(0.0, conflict);
    max_sigma = std::max(max_sigma, out.deviation[j]);
  }
  // Conflict of exactly collinear columns is 0 up to rounding (1 - r ~ 1e-16): treat it as none.
  if (max_sigma > 0.0 && c.maxCoeff() <= 1e-12 * max_sigma) {
    Eigen::VectorXd sigma = out.deviation;
    for (Eigen::Index j = 0; j < m; ++j) {
      if (constant[static_cast<std::size_t>(j)]) sigma[j] = 0.0;
    }
    detail::weighting::finish_weights(out, sigma, constant);
    out.information = c;
    out.status = WeightStatus::no_conflict;
    return out;
  }
  detail::weighting::finish_weights(out, c, constant);
  return out;
}

/// Coefficient-of-variation weights: w_j proportional to cv_j = sd_j / |mean_j| of the raw data.
///
/// Source: the dispersion family of objective weights (OECD/JRC 2008 Handbook; e.g. Zavadskas & Podvezko
/// 2016). The cv is scale-free, so no normalisation is applied (min-max would make the mean arbitrary);
/// direction does not matter and is not asked for.
/// Degenerate cases: a constant column has sd 0, weight 0, and is listed in degenerate_columns (even when
/// its mean is 0); a varying column whose mean is 0 (|mean| <= 1e-12 max |x|) makes the cv undefined and
/// is rejected. No varying column: equal weights, status all_degenerate.
/// Missing values: MissingRule::reject (default) or skip (units with any missing value are left out).
/// @param x decision matrix, units in rows, criteria in columns.
/// @param options see CvOptions.
/// @return weights with mean, deviation and information (cv_j).
/// @throws InvalidInput empty_input, not_finite, invalid_argument (missing rule), out_of_range (fewer
///         than 2 complete units; zero mean of a varying criterion).
inline WeightResult coefficient_of_variation_weights(MatrixCRef x, const CvOptions& options = {}) {
  const std::string ctx = "coefficient_of_variation_weights";
  WeightResult out;
  out.method = WeightingMethod::coefficient_of_variation;
  const Eigen::MatrixXd y = detail::weighting::complete_units(ctx, x, options.missing, out);
  const std::vector<bool> constant = detail::weighting::constant_columns(y);
  out.mean = y.colwise().mean().transpose();
  out.deviation = detail::weighting::column_sd(y, out.mean, options.deviation);
  Eigen::VectorXd cv = Eigen::VectorXd::Zero(y.cols());
  for (Eigen::Index j = 0; j < y.cols(); ++j) {
    if (constant[static_cast<std::size_t>(j)]) continue;
    const double scale = y.col(j).cwiseAbs().maxCoeff();
    if (std::abs(out.mean[j]) <= 1e-12 * scale) {
      throw InvalidInput(
          ErrorCode::out_of_range, ctx,
          "criterion (column) " + std::to_string(j) + " has mean 0, so its coefficient of variation is undefined");
    }
    cv[j] = out.deviation[j] / std::abs(out.mean[j]);
  }
  detail::weighting::finish_weights(out, cv, constant);
  return out;
}

/// Standard-deviation weights: w_j proportional to sd_j of the min-max normalised (default) or given data.
///
/// Source: the dispersion family of objective weights; e.g. Salabun, Watrobski & Shekhovtsov (2020),
/// Symmetry 12(9):1549 (on data already in [0, 1], normalization none). Direction does not matter
/// (sd(1 - x) = sd(x)) and is not asked for.
/// Degenerate cases: a constant column has sd 0, weight 0, listed in degenerate_columns; none varies: equal
/// weights, status all_degenerate.
/// Missing values: MissingRule::reject (default) or skip (units with any missing value are left out).
/// @param x decision matrix, units in rows, criteria in columns.
/// @param options see SdOptions.
/// @return weights with mean and deviation of the (normalised) data; information = deviation.
/// @throws InvalidInput empty_input, not_finite, invalid_argument (missing rule), out_of_range (fewer
///         than 2 complete units).
inline WeightResult standard_deviation_weights(MatrixCRef x, const SdOptions& options = {}) {
  const std::string ctx = "standard_deviation_weights";
  WeightResult out;
  out.method = WeightingMethod::standard_deviation;
  Eigen::MatrixXd y = detail::weighting::complete_units(ctx, x, options.missing, out);
  const std::vector<bool> constant = detail::weighting::constant_columns(y);
  if (options.normalization == WeightNormalization::min_max) detail::weighting::min_max_columns(y, {});
  out.mean = y.colwise().mean().transpose();
  out.deviation = detail::weighting::column_sd(y, out.mean, options.deviation);
  Eigen::VectorXd sd = out.deviation;
  for (Eigen::Index j = 0; j < sd.size(); ++j) {
    if (constant[static_cast<std::size_t>(j)]) sd[j] = 0.0;
  }
  detail::weighting::finish_weights(out, sd, constant);
  return out;
}

namespace detail::weighting {

// Varimax with Kaiser normalisation by planar rotations of factor pairs (Kaiser 1958): each pair is
// rotated by the angle maximising the raw varimax criterion of the two columns of the normalised loadings.
inline void varimax(Eigen::MatrixXd& loadings, int max_sweeps, double tolerance, PcaDiagnostics& diag) {
  const Eigen::Index p = loadings.rows();
  const Eigen::Index k = loadings.cols();
  diag.rotation_sweeps = 0;
  diag.rotation_converged = true;
  if (k < 2) return;
  Eigen::VectorXd h = loadings.rowwise().norm();
  for (Eigen::Index j = 0; j < p; ++j) {
    if (h[j] > 0.0) loadings.row(j) /= h[j];
  }
  const auto dp = static_cast<double>(p);
  bool converged = false;
  int sweep = 0;
  while (sweep < max_sweeps && !converged) {
    ++sweep;
    converged = true;
    for (Eigen::Index a = 0; a < k - 1; ++a) {
      for (Eigen::Index b = a + 1; b < k; ++b) {
        const Eigen::ArrayXd xa = loadings.col(a).array();
        const Eigen::ArrayXd xb = loadings.col(b).array();
        const Eigen::ArrayXd u = xa.square() - xb.square();
        const Eigen::ArrayXd v = 2.0 * xa * xb;
        const double sa = u.sum();
        const double sb = v.sum();
        const double sc = (u.square() - v.square()).sum();
        const double sd = 2.0 * (u * v).sum();
        const double num = sd - 2.0 * sa * sb / dp;
        const double den = sc - (sa * sa - sb * sb) / dp;
        const double phi = 0.25 * std::atan2(num, den);
        if (std::abs(phi) <= tolerance) continue;
        converged = false;
        const double cs = std::cos(phi);
        const double sn = std::sin(phi);
        loadings.col(a) = (cs * xa + sn * xb).matrix();
        loadings.col(b) = (-sn * xa + cs * xb).matrix();
      }
    }
  }
  diag.rotation_sweeps = sweep;
  diag.rotation_converged = converged;
  for (Eigen::Index j = 0; j < p; ++j) loadings.row(j) *= h[j];
}

}  // namespace detail::weighting

/// PCA weights as in the OECD/JRC (2008) Handbook, section 6.1 (after Nicoletti, Scarpetta & Boylaud 2000).
///
/// On the n used units and the m' varying columns: R = Pearson correlation matrix, eigenvalues
/// lambda_1 >= ... >= lambda_m' with eigenvectors v_q; loadings L_jq = v_jq * sqrt(lambda_q) for the
/// retained factors q = 1..K, rotated by varimax (Kaiser normalisation) unless rotation is none.
/// Expl.Var_q = sum_j L_jq^2; the squared loadings scaled to unity sum are S_jq = L_jq^2 / Expl.Var_q.
/// Each criterion j joins the factor q*(j) where S_jq is largest (first such factor on ties), and
/// w_j = S_jq* * Expl.Var_q* / sum_q Expl.Var_q, normalised to sum 1.
///
/// Retention: K = `factors` if it is > 0; otherwise the leading factors with eigenvalue > eigenvalue_min
/// and share lambda_q/m' > variance_share_min (at least one), extended in order until their cumulative
/// share reaches cumulative_variance_min (the Handbook's three rules, with rule 3 as a floor). The
/// Handbook's TAI example keeps four factors (eigenvalues 3.3, 1.7, 1.0, 0.9), i.e. `factors = 4`.
/// Degenerate cases: constant columns are left out (weight 0, factor -1, listed); one varying column gets
/// weight 1; none varies: equal weights, status all_degenerate. A rotation that reaches max_sweeps keeps
/// its last iterate with status not_converged.
/// Missing values: MissingRule::reject (default) or skip (units with any missing value are left out).
/// @param x decision matrix, units in rows, criteria in columns.
/// @param options see PcaOptions.
/// @return weights with the PCA diagnostics; information = S_jq* times the factor share, before normalising.
/// @throws InvalidInput empty_input, not_finite, invalid_argument (missing rule), out_of_range (fewer than
///         2 complete units; factors < 0 or larger than the number of criteria; bad thresholds,
///         max_sweeps < 1, tolerance <= 0).
inline WeightResult pca_weights(MatrixCRef x, const PcaOptions& options = {}) {
  const std::string ctx = "pca_weights";
  WeightResult out;
  out.method = WeightingMethod::pca;
  const Eigen::MatrixXd y = detail::weighting::complete_units(ctx, x, options.missing, out);
  const Eigen::Index m = y.cols();
  if (options.factors < 0 || options.factors > m) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "factors must be between 0 and the number of criteria (" + std::to_string(m) + "), got " +
                           std::to_string(options.factors));
  }
  if (!std::isfinite(options.eigenvalue_min) || options.eigenvalue_min < 0.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "eigenvalue_min must be finite and >= 0, got " + detail::number_text(options.eigenvalue_min));
  }
  const auto check_share = [&ctx](const char* name, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         std::string(name) + " must be in [0, 1], got " + detail::number_text(v));
    }
  };
  check_share("variance_share_min", options.variance_share_min);
  check_share("cumulative_variance_min", options.cumulative_variance_min);
  if (options.max_sweeps < 1) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "max_sweeps must be at least 1, got " + std::to_string(options.max_sweeps));
  }
  detail::weighting::check_positive_finite(ctx, "rotation_tolerance", options.rotation_tolerance);

  const std::vector<bool> constant = detail::weighting::constant_columns(y);
  std::vector<Eigen::Index> varying;
  for (Eigen::Index j = 0; j < m; ++j) {
    if (!constant[static_cast<std::size_t>(j)]) varying.push_back(j);
  }
  const auto mv = static_cast<Eigen::Index>(varying.size());
  PcaDiagnostics& diag = out.pca;
  diag.factor_of_criterion.assign(static_cast<std::size_t>(m), -1);
  if (mv == 0) {
    detail::weighting::finish_weights(out, Eigen::VectorXd::Zero(m), constant);
    return out;
  }
  // Standardised varying columns: R = U^T U with centred unit-length columns.
  Eigen::MatrixXd u(y.rows(), mv);
  for (Eigen::Index c = 0; c < mv; ++c) {
    const auto col = y.col(varying[static_cast<std::size_t>(c)]);
    u.col(c) = col.array() - col.mean();
    u.col(c) /= u.col(c).norm();
  }
  const Eigen::MatrixXd r = detail::weighting::gram(u);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(r);
  // Ascending from Eigen; reverse to descending. Rounding can leave tiny negative eigenvalues: clamp.
  const Eigen::VectorXd lambda = solver.eigenvalues().reverse().cwiseMax(0.0);
  const Eigen::MatrixXd vectors = solver.eigenvectors().rowwise().reverse();
  diag.eigenvalues = lambda;
  diag.variance_share = lambda / static_cast<double>(mv);

  Eigen::Index k = std::min(options.factors, mv);
  if (options.factors == 0) {
    k = 0;
    while (k < mv && lambda[k] > options.eigenvalue_min && diag.variance_share[k] > options.variance_share_min) ++k;
    k = std::max<Eigen::Index>(k, 1);
    while (k < mv && diag.variance_share.head(k).sum() < options.cumulative_variance_min) ++k;
  }
  k = std::max<Eigen::Index>(k, 1);
  diag.factors = k;
  Eigen::MatrixXd l = vectors.leftCols(k) * lambda.head(k).cwiseSqrt().asDiagonal();
  if (options.rotation == PcaRotation::varimax) {
    detail::weighting::varimax(l, options.max_sweeps, options.rotation_tolerance, diag);
  }
  diag.explained_variance = l.colwise().squaredNorm().transpose();
  diag.factor_share = diag.explained_variance / diag.explained_variance.sum();
  diag.loadings = Eigen::MatrixXd::Zero(m, k);
  Eigen::VectorXd raw = Eigen::VectorXd::Zero(m);
  for (Eigen::Index c = 0; c < mv; ++c) {
    const Eigen::Index j = varying[static_cast<std::size_t>(c)];
    diag.loadings.row(j) = l.row(c);
    Eigen::Index best = 0;
    double best_s = -1.0;
    for (Eigen::Index q = 0; q < k; ++q) {
      const double s = diag.explained_variance[q] > 0.0 ? l(c, q) * l(c, q) / diag.explained_variance[q] : 0.0;
      if (s > best_s) {
        best_s = s;
        best = q;
      }
    }
    diag.factor_of_criterion[static_cast<std::size_t>(j)] = best;
    raw[j] = best_s * diag.factor_share[best];
  }
  detail::weighting::finish_weights(out, raw, constant);
  if (!diag.rotation_converged) out.status = WeightStatus::not_converged;
  return out;
}

/// Combined subjective x objective weights. Both inputs are first normalised to sum 1 (ws, wo); then
/// linear: w = alpha * ws + (1 - alpha) * wo; multiplicative: w_j = ws_j * wo_j / sum_k ws_k * wo_k.
///
/// Source: the integrated subjective-objective approach, e.g. Xu (2004), European Journal of Operational
/// Research 156(2):530-532 (product form); the linear blend is the common alternative. Reads no data
/// matrix, so no missing-value rule applies.
/// @param subjective raw subjective weights (expert, AHP), one per criterion: finite, >= 0, not all 0.
/// @param objective raw objective weights (entropy, CRITIC ...), same size and rules.
/// @param options rule and alpha (`objective` is not used here).
/// @return method combined; subjective and objective hold the normalised inputs, information the
///         unnormalised blend or product.
/// @throws InvalidInput empty_input, size_mismatch, not_finite, out_of_range (negative weight, alpha outside
///         [0, 1]), inconsistent (all weights zero; every product ws_j * wo_j zero).
inline WeightResult combine_weights(VectorCRef subjective, VectorCRef objective, const CombineOptions& options = {}) {
  const std::string ctx = "combine_weights";
  if (subjective.size() == 0) throw InvalidInput(ErrorCode::empty_input, ctx, "no subjective weights given");
  detail::check_weight_vector(ctx + "[subjective]", subjective, subjective.size());
  detail::check_weight_vector(ctx + "[objective]", objective, subjective.size());
  WeightResult out;
  out.method = WeightingMethod::combined;
  out.subjective = subjective / subjective.sum();
  out.objective = objective / objective.sum();
  if (options.rule == CombinationRule::linear) {
    if (!(options.alpha >= 0.0 && options.alpha <= 1.0)) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         "alpha must be in [0, 1], got " + detail::number_text(options.alpha));
    }
    out.information = options.alpha * out.subjective + (1.0 - options.alpha) * out.objective;
  } else {
    out.information = out.subjective.cwiseProduct(out.objective);
    if (!(out.information.sum() > 0.0)) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "every criterion has weight 0 in the subjective or the objective weights, so the "
                         "multiplicative combination is undefined");
    }
  }
  out.weights = out.information / out.information.sum();
  return out;
}

/// Computes weights with the method named in `options.method`: the one dispatch entry point that the
/// pipeline, the command-line tool and the model file use. Each method's formula, source, defaults and
/// missing-value rule are those of its own function (equal_weights(), fixed_weights(), entropy_weights(),
/// critic_weights(), coefficient_of_variation_weights(), standard_deviation_weights(), pca_weights(),
/// combine_weights()). equal and fixed read only the number of columns of `x`. combined takes
/// `options.fixed` as the subjective weights and computes the objective ones with
/// `options.combine.objective` (any method but fixed and combined); its result keeps the objective
/// method's diagnostics and status.
/// @param x decision matrix, units in rows, criteria in columns.
/// @param directions one per column (checked for size by every method).
/// @param options the method and its options.
/// @return the weights and diagnostics of the method.
/// @throws InvalidInput as the chosen method; size_mismatch if directions or `options.fixed` do not match
///         the columns; invalid_argument for a combined objective of fixed or combined, or an unknown method.
inline WeightResult compute_weights(MatrixCRef x, const std::vector<Direction>& directions,
                                    const WeightOptions& options) {
  const std::string ctx = "compute_weights";
  if (x.rows() == 0 || x.cols() == 0) {
    throw InvalidInput(
        ErrorCode::empty_input, ctx,
        "the decision matrix is empty (" + std::to_string(x.rows()) + " x " + std::to_string(x.cols()) + ")");
  }
  detail::check_directions(ctx, directions, x.cols());
  const auto check_fixed = [&]() {
    if (options.fixed.size() != x.cols()) {
      throw InvalidInput(ErrorCode::size_mismatch, ctx,
                         std::to_string(options.fixed.size()) + " fixed weights for " + std::to_string(x.cols()) +
                             " criteria (columns)");
    }
  };
  switch (options.method) {
    case WeightingMethod::equal:
      return equal_weights(x.cols());
    case WeightingMethod::fixed:
      check_fixed();
      return fixed_weights(options.fixed);
    case WeightingMethod::entropy:
      return entropy_weights(x, directions, options.entropy);
    case WeightingMethod::critic:
      return critic_weights(x, directions, options.critic);
    case WeightingMethod::coefficient_of_variation:
      return coefficient_of_variation_weights(x, options.cv);
    case WeightingMethod::standard_deviation:
      return standard_deviation_weights(x, options.sd);
    case WeightingMethod::pca:
      return pca_weights(x, options.pca);
    case WeightingMethod::combined: {
      const WeightingMethod objective = options.combine.objective;
      if (objective == WeightingMethod::fixed || objective == WeightingMethod::combined) {
        throw InvalidInput(ErrorCode::invalid_argument, ctx,
                           std::string("the objective method of combined weights cannot be ") + to_string(objective));
      }
      check_fixed();
      WeightOptions inner = options;
      inner.method = objective;
      WeightResult base = compute_weights(x, directions, inner);
      const WeightResult mix = combine_weights(options.fixed, base.weights, options.combine);
      base.method = WeightingMethod::combined;
      base.subjective = mix.subjective;
      base.objective = mix.objective;
      base.information = mix.information;
      base.weights = mix.weights;
      return base;
    }
  }
  throw InvalidInput(ErrorCode::invalid_argument, ctx,
                     "unknown weighting method " + std::to_string(static_cast<int>(options.method)));
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_WEIGHTS_HPP
