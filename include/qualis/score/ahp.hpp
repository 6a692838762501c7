/// @file
/// @brief Analytic Hierarchy Process: weights from a pairwise comparison matrix, with Saaty's
/// consistency index and ratio and a choice of derivations and random-index tables.
#ifndef QUALIS_SCORE_AHP_HPP
#define QUALIS_SCORE_AHP_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <locale>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// How the priority vector is derived from the pairwise comparison matrix A (n x n).
enum class AhpDerivation : int {
  eigenvector = 0,             ///< Principal right eigenvector, A w = lambda_max w (Saaty 1977, 1980).
  geometric_mean = 1,          ///< Row geometric means, normalised (Crawford & Williams 1985).
  normalized_column_mean = 2,  ///< Columns normalised to sum 1, then row means (Saaty 1980's approximation).
};

/// Tables of the random index RI(n): the mean consistency index of random reciprocal matrices of order n.
enum class RandomIndexTable : int {
  /// Saaty (1980), The Analytic Hierarchy Process, n = 1..15: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
  /// 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59.
  saaty = 0,
  /// Alonso & Lamata (2006), Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4):445-459,
  /// 100,000 matrices per order, n = 3..15: 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854,
  /// 1.5141, 1.5365, 1.5551, 1.5713, 1.5838.
  alonso_lamata = 1,
  /// The 15-order table of Chinese AHP textbooks (1000 random matrices per order), n = 1..15: 0, 0, 0.52,
  /// 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59.
  chinese_textbook = 2,
  custom = 3,  ///< AhpOptions::custom_random_index, RI for n = 1, 2, ... given by the caller.
};

/// Which values a pairwise comparison may take.
enum class AhpScale : int {
  saaty = 0,         ///< Saaty's fundamental scale: values in [1/9, 9] (intermediate values such as 1.5 allowed).
  any_positive = 1,  ///< Any positive ratio (e.g. ratios of measured quantities).
};

/// What ahp_weights() does when CR exceeds the threshold.
enum class ConsistencyPolicy : int {
  reject = 0,  ///< Throw InvalidInput (inconsistent) quoting CR: Saaty's rule that such judgements be revised.
  warn = 1,    ///< Return the weights with AhpResult::consistent = false.
};

/// How lambda_max is estimated for the geometric_mean and normalized_column_mean derivations.
enum class AhpLambdaEstimate : int {
  mean_ratio = 0,            ///< lambda = (1/n) sum_i (A w)_i / w_i with the derived w (the textbook estimate).
  principal_eigenvalue = 1,  ///< The principal eigenvalue of A, by power iteration (as for eigenvector).
};

/// Numerical outcome of ahp_weights().
enum class AhpStatus : int {
  ok = 0,             ///< Done as defined (power iteration converged when it was used).
  not_converged = 1,  ///< Power iteration hit max_iterations; the last iterate was used.
};

/// Options of ahp_weights(). Defaults follow Saaty (1980): eigenvector, Saaty's RI table, CR <= 0.10.
struct AhpOptions {
  AhpDerivation derivation = AhpDerivation::eigenvector;    ///< How w is derived.
  RandomIndexTable random_index = RandomIndexTable::saaty;  ///< RI table for CR = CI / RI(n).
  std::vector<double> custom_random_index;                  ///< RI(1), RI(2), ... when random_index == custom.
  double threshold = 0.10;                                  ///< Largest acceptable CR (Saaty 1980), > 0.
  ConsistencyPolicy policy = ConsistencyPolicy::reject;     ///< What to do when CR > threshold.
  AhpScale scale = AhpScale::saaty;                         ///< Allowed comparison values.
  /// Relative tolerance of the reciprocity and diagonal checks: |a_ij * a_ji - 1| <= tol, |a_ii - 1| <= tol.
  /// 0.01 accepts reciprocals typed to three decimals (0.333 for 1/3 is off by 0.1%, 0.143 for 1/7 by 0.1%)
  /// and rejects any swapped or un-inverted judgement (off by a factor of at least 4/3 on the 1-9 scale).
  double reciprocal_tolerance = 0.01;
  AhpLambdaEstimate lambda = AhpLambdaEstimate::mean_ratio;  ///< lambda_max of non-eigenvector derivations.
  /// Power iteration stops when max_i |w_i(t+1) - w_i(t)| <= this (weights sum to 1). The remaining
  /// error is about this times rho/(1 - rho), rho = |lambda_2|/lambda_max < 1, so 1e-12 leaves weights
  /// exact far beyond any printed digit while staying above double rounding (~n * 1e-16).
  double eigen_tolerance = 1e-12;
  int max_iterations = 1000;  ///< Power-iteration limit, >= 1.
};

/// The result of ahp_weights().
struct AhpResult {
  Eigen::VectorXd weights;  ///< Priority vector, each > 0, summing to 1.
  double lambda_max = 0.0;  ///< Principal eigenvalue, or its estimate (see AhpLambdaEstimate).
  double ci = 0.0;          ///< Consistency index (lambda_max - n)/(n - 1), 0 for n <= 2.
  double cr = 0.0;          ///< Consistency ratio CI / RI(n), 0 for n <= 2.
  double ri = 0.0;          ///< The random index used, 0 for n <= 2.
  bool consistent = true;   ///< CR <= threshold.
  AhpDerivation derivation = AhpDerivation::eigenvector;    ///< The derivation used.
  RandomIndexTable random_index = RandomIndexTable::saaty;  ///< The RI table used.
  AhpStatus status = AhpStatus::ok;                         ///< Power-iteration outcome.
  int iterations = 0;                                       ///< Power iterations performed (0 when none was needed).
};

/// The stable name of a derivation.
/// @param value the derivation.
/// @return "eigenvector", "geometric_mean" or "normalized_column_mean"; "unknown" otherwise.
constexpr const char* to_string(AhpDerivation value) noexcept {
  switch (value) {
    case AhpDerivation::eigenvector:
      return "eigenvector";
    case AhpDerivation::geometric_mean:
      return "geometric_mean";
    case AhpDerivation::normalized_column_mean:
      return "normalized_column_mean";
  }
  return "unknown";
}

/// The stable name of a random-index table.
/// @param value the table.
/// @return "saaty", "alonso_lamata", "chinese_textbook" or "custom"; "unknown" otherwise.
constexpr const char* to_string(RandomIndexTable value) noexcept {
  switch (value) {
    case RandomIndexTable::saaty:
      return "saaty";
    case RandomIndexTable::alonso_lamata:
      return "alonso_lamata";
    case RandomIndexTable::chinese_textbook:
      return "chinese_textbook";
    case RandomIndexTable::custom:
      return "custom";
  }
  return "unknown";
}

/// The stable name of a comparison scale.
/// @param value the scale.
/// @return "saaty" or "any_positive"; "unknown" otherwise.
constexpr const char* to_string(AhpScale value) noexcept {
  switch (value) {
    case AhpScale::saaty:
      return "saaty";
    case AhpScale::any_positive:
      return "any_positive";
  }
  return "unknown";
}

/// The stable name of a consistency policy.
/// @param value the policy.
/// @return "reject" or "warn"; "unknown" otherwise.
constexpr const char* to_string(ConsistencyPolicy value) noexcept {
  switch (value) {
    case ConsistencyPolicy::reject:
      return "reject";
    case ConsistencyPolicy::warn:
      return "warn";
  }
  return "unknown";
}

/// The stable name of a lambda_max estimate.
/// @param value the estimate.
/// @return "mean_ratio" or "principal_eigenvalue"; "unknown" otherwise.
constexpr const char* to_string(AhpLambdaEstimate value) noexcept {
  switch (value) {
    case AhpLambdaEstimate::mean_ratio:
      return "mean_ratio";
    case AhpLambdaEstimate::principal_eigenvalue:
      return "principal_eigenvalue";
  }
  return "unknown";
}

/// The stable name of an AHP status.
/// @param value the status.
/// @return "ok" or "not_converged"; "unknown" otherwise.
constexpr const char* to_string(AhpStatus value) noexcept {
  switch (value) {
    case AhpStatus::ok:
      return "ok";
    case AhpStatus::not_converged:
      return "not_converged";
  }
  return "unknown";
}

/// The registry of AHP derivations: one entry per AhpDerivation, in enumeration order, with
/// `name == to_string(derivation)`. Every entry shares the consistency parameters.
/// @return a static table.
inline const std::vector<MethodInfo>& ahp_derivations() {
  static const std::vector<ParameterInfo> common = {
      {"random_index", "saaty", "saaty, alonso_lamata, chinese_textbook or custom"},
      {"threshold", "0.1", "largest acceptable consistency ratio, > 0"},
      {"policy", "reject", "reject (throw) or warn when CR > threshold"},
      {"scale", "saaty", "saaty (values in [1/9, 9]) or any_positive"},
      {"reciprocal_tolerance", "0.01", "relative tolerance of a_ij * a_ji = 1 and a_ii = 1, in [0, 1)"},
  };
  const auto with = [](std::vector<ParameterInfo> extra) {
    std::vector<ParameterInfo> out = common;
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  };
  static const std::vector<MethodInfo> table = {
      {"eigenvector", "Principal right eigenvector of the pairwise matrix (power iteration)",
       "Saaty (1977) J. Math. Psychology 15(3); Saaty (1980) The Analytic Hierarchy Process",
       with({{"eigen_tolerance", "1e-12", "power-iteration stop: max change of a weight"},
             {"max_iterations", "1000", "power-iteration limit, >= 1"}})},
      {"geometric_mean",
       "Normalised row geometric means (logarithmic least squares)",
       "Crawford & Williams (1985) J. Math. Psychology 29(4)",
       with({{"lambda", "mean_ratio", "lambda_max estimate: mean_ratio or principal_eigenvalue"}}),
       {"geometric"}},
      {"normalized_column_mean",
       "Columns normalised to sum 1, then averaged across each row",
       "Saaty (1980) The Analytic Hierarchy Process (approximate method)",
       with({{"lambda", "mean_ratio", "lambda_max estimate: mean_ratio or principal_eigenvalue"}}),
       {"column"}},
  };
  return table;
}

/// Reads a derivation from its stable name or an alias ("geometric", "column"), ignoring ASCII case.
/// @param text the name, e.g. "geometric_mean".
/// @return the derivation.
/// @throws ParseError (source "AHP derivation") quoting the text and listing the valid names.
inline AhpDerivation parse_ahp_derivation(std::string_view text) {
  return static_cast<AhpDerivation>(detail::find_method(ahp_derivations(), text, "AHP derivation"));
}

/// Reads a random-index table from its stable name (exact, as to_string() writes it).
/// @param text the name, e.g. "alonso_lamata".
/// @return the table.
/// @throws ParseError (source "random index table") quoting the text and listing the valid names.
inline RandomIndexTable parse_random_index_table(std::string_view text) {
  for (const auto t : {RandomIndexTable::saaty, RandomIndexTable::alonso_lamata, RandomIndexTable::chinese_textbook,
                       RandomIndexTable::custom}) {
    if (text == to_string(t)) return t;
  }
  throw ParseError("random index table", 0, 0,
                   "\"" + std::string(text) +
                       "\" is not a random index table; valid names: saaty, alonso_lamata, chinese_textbook, custom");
}

namespace detail::pairwise {

// Built-in RI tables, index n - 1.
inline const std::vector<double>& random_index_values(RandomIndexTable table) {
  static const std::vector<double> saaty = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                            1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  static const std::vector<double> alonso_lamata = {0,      0,      0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
                                                    1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838};
  static const std::vector<double> chinese = {0,    0,    0.52, 0.89, 1.12, 1.26, 1.36, 1.41,
                                              1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59};
  static const std::vector<double> none;
  switch (table) {
    case RandomIndexTable::saaty:
      return saaty;
    case RandomIndexTable::alonso_lamata:
      return alonso_lamata;
    case RandomIndexTable::chinese_textbook:
      return chinese;
    case RandomIndexTable::custom:
      return none;
  }
  return none;
}

// RI(n) from a table (index n - 1); n >= 3 must be covered and positive.
inline double lookup_random_index(const std::string& ctx, const std::vector<double>& values, const char* name,
                                  Eigen::Index n) {
  if (n <= 2) return 0.0;
  if (n > static_cast<Eigen::Index>(values.size())) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       std::string("random index table ") + name + " has no value for n = " + std::to_string(n) +
                           " (it covers n <= " + std::to_string(values.size()) +
                           "); choose another table or pass a custom one");
  }
  const double ri = values[static_cast<std::size_t>(n - 1)];
  if (!std::isfinite(ri) || !(ri > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       std::string("random index table ") + name + " gives RI(" + std::to_string(n) +
                           ") = " + number_text(ri) + "; it must be finite and > 0 for n >= 3");
  }
  return ri;
}

// Four significant digits, for messages quoting CR.
inline std::string short_number(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(4);
  out << value;
  return out.str();
}

inline std::string pair_cell(Eigen::Index i, Eigen::Index j) {
  return "cell (row " + std::to_string(i) + ", column " + std::to_string(j) + ")";
}

// Principal eigenpair of a positive matrix by power iteration from the uniform vector. Perron's theorem:
// the principal eigenvalue of a positive matrix is simple and strictly dominant, so this converges.
inline double power_iteration(MatrixCRef a, double tolerance, int max_iterations, Eigen::VectorXd& w, int& iterations,
                              bool& converged) {
  const Eigen::Index n = a.rows();
  w = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  Eigen::VectorXd y(n);
  double lambda = 0.0;
  converged = false;
  iterations = 0;
  while (iterations < max_iterations) {
    ++iterations;
    y.noalias() = a * w;
    lambda = y.sum();  // sum(w) = 1, so sum(A w) -> lambda_max
    y /= lambda;
    const double change = (y - w).cwiseAbs().maxCoeff();
    w.swap(y);
    if (change <= tolerance) {
      converged = true;
      break;
    }
  }
  lambda = (a * w).sum();
  return lambda;
}

}  // namespace detail::pairwise

/// The random index RI(n) of a built-in table; 0 for n <= 2, where every reciprocal matrix is consistent.
/// @param table saaty, alonso_lamata or chinese_textbook.
/// @param n the order of the matrix, >= 1.
/// @return RI(n).
/// @throws InvalidInput out_of_range if n < 1 or the table has no value for n; invalid_argument for custom
///         (it has no built-in values).
inline double random_index(RandomIndexTable table, Eigen::Index n) {
  const std::string ctx = "random_index";
  if (n < 1) throw InvalidInput(ErrorCode::out_of_range, ctx, "n must be at least 1, got " + std::to_string(n));
  if (table == RandomIndexTable::custom) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "the custom table has no built-in values; pass AhpOptions::custom_random_index");
  }
  return detail::pairwise::lookup_random_index(ctx, detail::pairwise::random_index_values(table), to_string(table), n);
}

/// Checks a pairwise comparison matrix (Saaty 1977): square, non-empty, finite, positive, diagonal 1,
/// reciprocal a_ji = 1/a_ij and on the chosen scale, all within `options.reciprocal_tolerance`.
/// Missing values are not allowed (an incomplete matrix needs a completion method first).
/// @param a the matrix, a_ij = how many times more important criterion i is than criterion j.
/// @param options scale and tolerance (the other fields are checked too).
/// @throws InvalidInput empty_input (n = 0), size_mismatch (not square), not_finite (NaN, Inf),
///         out_of_range (a_ij <= 0, off the scale, bad option values), inconsistent (diagonal not 1,
///         not reciprocal), invalid_argument (a custom RI table that is empty); the message names the cell.
inline void validate_pairwise_matrix(MatrixCRef a, const AhpOptions& options = {}) {
  const std::string ctx = "ahp_weights";
  const double tol = options.reciprocal_tolerance;
  if (!(tol >= 0.0 && tol < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "reciprocal_tolerance must be in [0, 1), got " + detail::number_text(tol));
  }
  if (!std::isfinite(options.threshold) || !(options.threshold > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "threshold must be finite and > 0, got " + detail::number_text(options.threshold));
  }
  if (!std::isfinite(options.eigen_tolerance) || !(options.eigen_tolerance > 0.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "eigen_tolerance must be finite and > 0, got " + detail::number_text(options.eigen_tolerance));
  }
  if (options.max_iterations < 1) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "max_iterations must be at least 1, got " + std::to_string(options.max_iterations));
  }
  if (options.random_index == RandomIndexTable::custom && options.custom_random_index.empty()) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "random_index is custom but custom_random_index is empty");
  }
  if (a.rows() == 0 || a.cols() == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx,
                       "the pairwise comparison matrix is empty (" + std::to_string(a.rows()) + " x " +
                           std::to_string(a.cols()) + ")");
  }
  if (a.rows() != a.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       "the pairwise comparison matrix is not square (" + std::to_string(a.rows()) + " x " +
                           std::to_string(a.cols()) + ")");
  }
  const Eigen::Index n = a.rows();
  // Row by row, so that the first offending cell in reading order is named.
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const double v = a(i, j);
      if (std::isnan(v)) {
        throw InvalidInput(ErrorCode::not_finite, ctx,
                           detail::pairwise::pair_cell(i, j) + " is missing (NaN); AHP needs a complete matrix");
      }
      if (!std::isfinite(v))
        throw InvalidInput(ErrorCode::not_finite, ctx, detail::pairwise::pair_cell(i, j) + " is infinite");
      if (!(v > 0.0)) {
        throw InvalidInput(
            ErrorCode::out_of_range, ctx,
            detail::pairwise::pair_cell(i, j) + " is " + detail::number_text(v) + "; comparisons must be > 0");
      }
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::abs(a(i, i) - 1.0) > tol) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         detail::pairwise::pair_cell(i, i) + " is " + detail::number_text(a(i, i)) +
                             "; the diagonal of a pairwise comparison matrix is 1");
    }
  }
  if (options.scale == AhpScale::saaty) {
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) {
        const double v = a(i, j);
        if (v > 9.0 * (1.0 + tol) || v < (1.0 - tol) / 9.0) {
          throw InvalidInput(ErrorCode::out_of_range, ctx,
                             detail::pairwise::pair_cell(i, j) + " is " + detail::number_text(v) +
                                 ", outside Saaty's 1-9 scale [1/9, 9]; use scale any_positive for free ratios");
        }
      }
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      if (std::abs(a(i, j) * a(j, i) - 1.0) > tol) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           detail::pairwise::pair_cell(i, j) + " is " + detail::number_text(a(i, j)) + " but " +
                               detail::pairwise::pair_cell(j, i) + " is " + detail::number_text(a(j, i)) +
                               ", not its reciprocal " + detail::number_text(1.0 / a(i, j)));
      }
    }
  }
}

/// AHP weights from a pairwise comparison matrix A (Saaty 1977, 1980).
///
/// Derivations: eigenvector, A w = lambda_max w with sum w = 1 (power iteration, see
/// AhpOptions::eigen_tolerance); geometric_mean, w_i proportional to (prod_j a_ij)^(1/n) (Crawford &
/// Williams 1985); normalized_column_mean, w_i = (1/n) sum_j a_ij / sum_k a_kj. For the last two,
/// lambda_max = (1/n) sum_i (A w)_i / w_i by default (AhpLambdaEstimate). Then CI = (lambda_max - n)/(n - 1)
/// (reported as 0 if rounding or a tolerated non-reciprocity makes it negative, since lambda_max >= n for
/// every positive reciprocal matrix), CR = CI / RI(n); for n <= 2, CI = CR = RI = 0. Consistent when
/// CR <= threshold (0.10, Saaty 1980). A perfectly consistent matrix, a_ij = w_i / w_j, gives back w under
/// every derivation, with CR = 0.
/// Missing values: not allowed (MissingRule::reject); NaN is an error naming the cell.
/// @param a the pairwise comparison matrix, a_ij = importance of criterion i relative to criterion j.
/// @param options derivation, RI table, threshold, policy, scale and tolerances; see AhpOptions.
/// @return weights, lambda_max, CI, CR, RI, consistency flag, derivation and power-iteration outcome.
/// @throws InvalidInput as validate_pairwise_matrix(); out_of_range if the RI table does not cover n;
///         inconsistent with the CR value if CR > threshold under ConsistencyPolicy::reject.
inline AhpResult ahp_weights(MatrixCRef a, const AhpOptions& options = {}) {
  const std::string ctx = "ahp_weights";
  validate_pairwise_matrix(a, options);
  const Eigen::Index n = a.rows();
  AhpResult out;
  out.derivation = options.derivation;
  out.random_index = options.random_index;
  const auto run_power = [&](Eigen::VectorXd& w) {
    bool converged = false;
    const double lambda = detail::pairwise::power_iteration(a, options.eigen_tolerance, options.max_iterations, w,
                                                            out.iterations, converged);
    out.status = converged ? AhpStatus::ok : AhpStatus::not_converged;
    return lambda;
  };
  switch (options.derivation) {
    case AhpDerivation::eigenvector:
      out.lambda_max = run_power(out.weights);
      break;
    case AhpDerivation::geometric_mean:
      out.weights = a.array().log().rowwise().mean().exp().matrix();
      out.weights /= out.weights.sum();
      break;
    case AhpDerivation::normalized_column_mean:
      out.weights = (a.array().rowwise() / a.colwise().sum().array()).rowwise().mean().matrix();
      out.weights /= out.weights.sum();
      break;
  }
  if (options.derivation != AhpDerivation::eigenvector) {
    if (options.lambda == AhpLambdaEstimate::principal_eigenvalue) {
      Eigen::VectorXd principal;
      out.lambda_max = run_power(principal);
    } else {
      out.lambda_max = ((a * out.weights).array() / out.weights.array()).mean();
    }
  }
  if (n <= 2) {
    out.ci = 0.0;
    out.cr = 0.0;
    out.ri = 0.0;
    out.consistent = true;
    return out;
  }
  out.ri = options.random_index == RandomIndexTable::custom
               ? detail::pairwise::lookup_random_index(ctx, options.custom_random_index, "custom", n)
               : detail::pairwise::lookup_random_index(ctx, detail::pairwise::random_index_values(options.random_index),
                                                       to_string(options.random_index), n);
  const auto dn = static_cast<double>(n);
  out.ci = std::max(0.0, (out.lambda_max - dn) / (dn - 1.0));
  out.cr = out.ci / out.ri;
  out.consistent = out.cr <= options.threshold;
  if (!out.consistent && options.policy == ConsistencyPolicy::reject) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       "consistency ratio CR = " + detail::pairwise::short_number(out.cr) + " exceeds the threshold " +
                           detail::number_text(options.threshold) + " (CI = " + detail::pairwise::short_number(out.ci) +
                           ", RI(" + std::to_string(n) + ") = " + detail::number_text(out.ri) +
                           ", lambda_max = " + detail::pairwise::short_number(out.lambda_max) +
                           "); revise the judgements or use ConsistencyPolicy::warn");
  }
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_AHP_HPP
