/// @file
/// @brief Shared vocabulary of the scoring methods: decision-matrix conventions and input checks.
#ifndef QUALIS_SCORE_COMMON_HPP
#define QUALIS_SCORE_COMMON_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/indicator.hpp"

QUALIS_NAMESPACE_BEGIN

/// A decision matrix as the scoring functions take it: units (alternatives) in rows, indicators
/// (criteria) in columns, missing values as NaN. Any dense column-major Eigen expression with unit inner
/// stride binds to it without a copy (a Panel's period_matrix(), a MatrixXd, a block of columns).
using MatrixCRef = const Eigen::Ref<const Eigen::MatrixXd>&;
/// A vector argument (weights, a column): any contiguous double vector binds without a copy.
using VectorCRef = const Eigen::Ref<const Eigen::VectorXd>&;

/// How a method treats missing values (NaN) in its input. Each method documents which rules it
/// supports and its default; a rule a method does not support is rejected with InvalidInput.
enum class MissingRule : int {
  reject = 0,     ///< Any NaN is an error (ErrorCode::not_finite) naming the unit (row) and criterion (column).
  skip = 1,       ///< Statistics use the observed values only; missing cells stay missing in the output.
  propagate = 2,  ///< A unit with a missing input gets a missing (NaN) output, reported in the result.
};

/// The stable name of a missing-value rule.
/// @param rule the rule.
/// @return "reject", "skip" or "propagate".
constexpr const char* to_string(MissingRule rule) noexcept {
  switch (rule) {
    case MissingRule::reject:
      return "reject";
    case MissingRule::skip:
      return "skip";
    case MissingRule::propagate:
      return "propagate";
  }
  return "unknown";
}

/// One parameter of a method, as the registry lists it for the tool, the docs and the model file.
struct ParameterInfo {
  const char* name = "";           ///< Option name as the tool and the model file spell it, e.g. "rho".
  const char* default_value = "";  ///< The default, as text, e.g. "0.5".
  const char* description = "";    ///< One line: meaning and valid range.
};

/// One method of a family (normalisation, weighting, aggregation ...): the registry entry that the
/// command-line tool, the model file, the report's methods section and the docs all read, so that a
/// method is added in one place.
struct MethodInfo {
  const char* name = "";                  ///< Stable name, e.g. "min_max", "entropy", "topsis".
  const char* summary = "";               ///< One line: what it does.
  const char* source = "";                ///< Primary source, e.g. "Hwang & Yoon (1981)".
  std::vector<ParameterInfo> parameters;  ///< The options that apply, in display order.
  /// Other accepted spellings, e.g. {"cv"} for "coefficient_of_variation" or {"wsm"} for the weighted
  /// arithmetic mean: the short names that the command-line tool's documentation and peer tools use.
  std::vector<const char*> aliases;

  /// An empty entry.
  MethodInfo() = default;
  /// A registry entry (a constructor, so that tables may leave the trailing fields out).
  /// @param name_ stable name.
  /// @param summary_ one-line description.
  /// @param source_ primary source.
  /// @param parameters_ the options that apply.
  /// @param aliases_ other accepted spellings.
  MethodInfo(const char* name_, const char* summary_, const char* source_, std::vector<ParameterInfo> parameters_ = {},
             std::vector<const char*> aliases_ = {})
      : name(name_),
        summary(summary_),
        source(source_),
        parameters(std::move(parameters_)),
        aliases(std::move(aliases_)) {}
};

namespace detail {

// Position of the registry entry whose name or alias equals `text` (ASCII case ignored); throws
// ParseError(source = family) quoting the text and listing every valid name otherwise. With `dashes`, a '-' in
// `text` reads as '_' (command-line spellings such as hamed-rao) and the list shows names with '-'.
inline std::size_t find_method(const std::vector<MethodInfo>& table, std::string_view text, const char* family,
                               bool dashes = false) {
  std::string key(text);
  if (dashes) std::replace(key.begin(), key.end(), '-', '_');
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (iequals(key, table[i].name)) return i;
    for (const char* alias : table[i].aliases) {
      if (iequals(key, alias)) return i;
    }
  }
  const auto shown = [dashes](const char* name) {
    std::string out(name);
    if (dashes) std::replace(out.begin(), out.end(), '_', '-');
    return out;
  };
  std::string names;
  for (const auto& info : table) {
    if (!names.empty()) names += ", ";
    names += shown(info.name);
    for (const char* alias : info.aliases) names += " (" + shown(alias) + ")";
  }
  throw ParseError(family, 0, 0, "\"" + std::string(text) + "\" is not a " + family + "; valid names: " + names);
}

// "row 3" / "column 2" style positions: the scoring layer knows positions, not ids; callers that know
// ids (the pipeline, the tool) translate them.
inline std::string cell_position(Eigen::Index row, Eigen::Index col) {
  return "unit (row) " + std::to_string(row) + ", criterion (column) " + std::to_string(col);
}

// Rejects an empty matrix and infinite values; rejects NaN too unless `allow_missing`; returns the number of
// missing (NaN) cells. Columns are scanned in parallel by a branch-free test; only a column that fails it is
// rescanned for the error, which names the first bad cell in column order, as a serial scan would.
inline Eigen::Index check_matrix_count_missing(const std::string& ctx, MatrixCRef m, bool allow_missing) {
  if (m.rows() == 0 || m.cols() == 0) {
    throw InvalidInput(
        ErrorCode::empty_input, ctx,
        "the decision matrix is empty (" + std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ")");
  }
  const Eigen::Index rows = m.rows();
  std::vector<Eigen::Index> missing(static_cast<std::size_t>(m.cols()), 0);
  parallel_for(m.cols(), m.size(), [&](Eigen::Index j) {
    const double* col = m.col(j).data();
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double largest = std::numeric_limits<double>::max();
    bool bad = false;
    if (allow_missing) {
      Eigen::Index nan = 0;
      for (Eigen::Index i = 0; i < rows; ++i) {
        bad |= std::abs(col[i]) == inf;  // false for NaN
        nan += col[i] != col[i] ? 1 : 0;
      }
      missing[static_cast<std::size_t>(j)] = nan;
    } else {
      for (Eigen::Index i = 0; i < rows; ++i) bad |= !(std::abs(col[i]) <= largest);  // true for NaN and inf
    }
    if (!bad) return;
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double v = col[i];
      if (std::isinf(v)) throw InvalidInput(ErrorCode::not_finite, ctx, cell_position(i, j) + ": value is infinite");
      if (!allow_missing && std::isnan(v)) {
        throw InvalidInput(ErrorCode::not_finite, ctx,
                           cell_position(i, j) + ": value is missing (NaN) and this method needs complete data");
      }
    }
  });
  Eigen::Index total = 0;
  for (const Eigen::Index k : missing) total += k;
  return total;
}

// Rejects an empty matrix and infinite values; rejects NaN too unless `allow_missing`.
inline void check_matrix(const std::string& ctx, MatrixCRef m, bool allow_missing) {
  check_matrix_count_missing(ctx, m, allow_missing);
}

// One direction per column.
inline void check_directions(const std::string& ctx, const std::vector<Direction>& directions, Eigen::Index cols) {
  if (static_cast<Eigen::Index>(directions.size()) != cols) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(directions.size()) + " criterion directions for " + std::to_string(cols) +
                           " criteria (columns)");
  }
}

// Weights: one per column, finite, >= 0, positive sum.
inline void check_weight_vector(const std::string& ctx, VectorCRef w, Eigen::Index cols) {
  if (w.size() != cols) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(w.size()) + " weights for " + std::to_string(cols) + " criteria (columns)");
  }
  double sum = 0.0;
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    if (!std::isfinite(w[j])) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         "weight of criterion (column) " + std::to_string(j) + " is not finite");
    }
    if (w[j] < 0.0) {
      throw InvalidInput(
          ErrorCode::out_of_range, ctx,
          "weight of criterion (column) " + std::to_string(j) + " is negative (" + number_text(w[j]) + ")");
    }
    sum += w[j];
  }
  if (!(sum > 0.0)) throw InvalidInput(ErrorCode::inconsistent, ctx, "every weight is zero");
}

}  // namespace detail

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_COMMON_HPP
