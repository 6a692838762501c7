/// @file
/// @brief Aggregation of normalised indicators into one composite score per unit: weighted arithmetic,
/// geometric, harmonic and power means, the Mazziotta–Pareto index (MPI) and its adjusted form (AMPI),
/// the Borda count and the Copeland score, with a registry and one dispatch entry point.
#ifndef QUALIS_SCORE_AGGREGATE_HPP
#define QUALIS_SCORE_AGGREGATE_HPP

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
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// The aggregation methods: how the normalised values of one unit (a row) become its composite score.
/// Every method reads "higher is better" on every criterion, so cost criteria must have been turned
/// around by the normalisation before.
enum class AggregationMethod : int {
  arithmetic_mean = 0,            ///< Weighted arithmetic mean, the weighted sum model (WSM); fully compensatory.
  geometric_mean = 1,             ///< Weighted geometric mean, the weighted product model (WPM); positive values.
  harmonic_mean = 2,              ///< Weighted harmonic mean; positive values.
  power_mean = 3,                 ///< Weighted power (generalised) mean with exponent AggregateOptions::power.
  mazziotta_pareto = 4,           ///< Mazziotta–Pareto index (MPI): mean of z-scores on 100 ± 10, penalised.
  adjusted_mazziotta_pareto = 5,  ///< Adjusted MPI (AMPI): min-max on goalposts to 70..130, penalised.
  borda = 6,                      ///< Weighted Borda count: alternatives beaten per criterion, ties half.
  copeland = 7,                   ///< Copeland score: pairwise weighted-majority wins minus losses.
};

/// The stable name of an aggregation method, as the registry, the tool and model files spell it.
/// @param method the method.
/// @return e.g. "arithmetic_mean"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(AggregationMethod method) noexcept {
  switch (method) {
    case AggregationMethod::arithmetic_mean:
      return "arithmetic_mean";
    case AggregationMethod::geometric_mean:
      return "geometric_mean";
    case AggregationMethod::harmonic_mean:
      return "harmonic_mean";
    case AggregationMethod::power_mean:
      return "power_mean";
    case AggregationMethod::mazziotta_pareto:
      return "mazziotta_pareto";
    case AggregationMethod::adjusted_mazziotta_pareto:
      return "adjusted_mazziotta_pareto";
    case AggregationMethod::borda:
      return "borda";
    case AggregationMethod::copeland:
      return "copeland";
  }
  return "unknown";
}

/// Reads an aggregation method from text (model files, the command line).
///
/// Accepted, ignoring ASCII case: the names to_string() gives, and the aliases "wsm" (arithmetic_mean),
/// "wpm" (geometric_mean), "mpi" (mazziotta_pareto) and "ampi" (adjusted_mazziotta_pareto). Nothing else,
/// not even surrounding spaces.
/// @param text the text to read.
/// @return the method.
/// @throws ParseError (source "aggregation method") naming the text and listing the valid names.
inline AggregationMethod parse_aggregation_method(std::string_view text) {
  const auto is = [text](std::string_view word) { return detail::iequals(text, word); };
  constexpr AggregationMethod all[] = {
      AggregationMethod::arithmetic_mean,
      AggregationMethod::geometric_mean,
      AggregationMethod::harmonic_mean,
      AggregationMethod::power_mean,
      AggregationMethod::mazziotta_pareto,
      AggregationMethod::adjusted_mazziotta_pareto,
      AggregationMethod::borda,
      AggregationMethod::copeland,
  };
  for (const AggregationMethod m : all) {
    if (is(to_string(m))) return m;
  }
  if (is("wsm")) return AggregationMethod::arithmetic_mean;
  if (is("wpm")) return AggregationMethod::geometric_mean;
  if (is("mpi")) return AggregationMethod::mazziotta_pareto;
  if (is("ampi")) return AggregationMethod::adjusted_mazziotta_pareto;
  std::string names;
  for (const AggregationMethod m : all) {
    if (!names.empty()) names += ", ";
    names += to_string(m);
  }
  throw ParseError("aggregation method", 0, 0,
                   "\"" + std::string(text) + "\" is not an aggregation method: expected one of " + names +
                       " (aliases: wsm, wpm, mpi, ampi)");
}

/// The registry of aggregation methods: one entry per AggregationMethod, in enumeration order, with
/// `name == to_string(method)`. The tool, model files, the report and the docs read it.
/// @return a static table.
inline const std::vector<MethodInfo>& aggregation_methods() {
  static const std::vector<MethodInfo> table = [] {
    const ParameterInfo missing{"missing", "skip",
                                "missing-value rule: skip (renormalise the weights over the observed criteria), "
                                "propagate (missing score) or reject (error)"};
    const ParameterInfo share{"min_available_share", "0",
                              "minimum share of observed criteria per unit, in [0, 1]; below it the score is missing"};
    const ParameterInfo shift{"shift", "0",
                              "constant added to every value before averaging and subtracted afterwards "
                              "(shifted mean), e.g. to admit zeros"};
    const ParameterInfo penalty{"mpi_penalty", "subtract",
                                "subtract (MPI-: higher index is better) or add (MPI+: higher index is worse)"};
    return std::vector<MethodInfo>{
        {"arithmetic_mean",
         "weighted arithmetic mean (weighted sum model); fully compensatory",
         "OECD/JRC (2008) Handbook on Constructing Composite Indicators, step 6",
         {missing, share}},
        {"geometric_mean",
         "weighted geometric mean (weighted product model); needs positive values",
         "OECD/JRC (2008) Handbook on Constructing Composite Indicators, step 6",
         {shift, missing, share}},
        {"harmonic_mean",
         "weighted harmonic mean; needs positive values",
         "Hardy, Littlewood & Polya (1934) Inequalities, ch. II",
         {shift, missing, share}},
        {"power_mean",
         "weighted power (generalised) mean of order p",
         "Hardy, Littlewood & Polya (1934) Inequalities, ch. II",
         {{"power", "1",
           "exponent p, any real or +/-inf: 1 arithmetic, 0 geometric, -1 harmonic, +inf maximum, -inf minimum"},
          shift,
          missing,
          share}},
        {"mazziotta_pareto",
         "Mazziotta-Pareto index: mean of z-scores (100 +/- 10) minus a penalty for unbalance",
         "De Muro, Mazziotta & Pareto (2011) Soc. Indic. Res. 104; Mazziotta & Pareto (2016) Soc. Indic. Res. 127",
         {penalty, missing, share}},
        {"adjusted_mazziotta_pareto",
         "adjusted Mazziotta-Pareto index: min-max on goalposts to 70..130, mean minus a penalty for unbalance",
         "Mazziotta & Pareto (2016) Soc. Indic. Res. 127; Mazziotta & Pareto (2018) Soc. Indic. Res. 136",
         {{"goalposts", "column mean +/- half the observed range",
           "per criterion [low, high], mapped to 70 and 130 (low < high, finite)"},
          penalty,
          missing,
          share}},
        {"borda",
         "weighted Borda count: number of alternatives beaten on each criterion, ties count half",
         "Borda (1781); OECD/JRC (2008) Handbook, step 6 (non-compensatory aggregation)",
         {missing, share}},
        {"copeland",
         "Copeland score: pairwise weighted-majority wins minus losses",
         "Copeland (1951); OECD/JRC (2008) Handbook, step 6 (non-compensatory aggregation)",
         {missing, share}},
    };
  }();
  return table;
}

/// Which way the Mazziotta–Pareto penalty goes (De Muro, Mazziotta & Pareto 2011, section 3).
enum class MpiPenalty : int {
  subtract = 0,  ///< MPI- = M - S * cv: for an index where higher is better (development, quality). Default.
  add = 1,       ///< MPI+ = M + S * cv: for an index where higher is worse (poverty, risk).
};

/// The stable name of an MPI penalty direction.
/// @param penalty the direction.
/// @return "subtract" or "add"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(MpiPenalty penalty) noexcept {
  switch (penalty) {
    case MpiPenalty::subtract:
      return "subtract";
    case MpiPenalty::add:
      return "add";
  }
  return "unknown";
}

/// How aggregation treats missing values (NaN) and units with too little data.
///
/// Every rule counts missing values over all criteria (columns), including criteria of zero weight.
struct AggregateMissingPolicy {
  /// skip (default): a unit is scored on its observed criteria, the weights renormalised over them — the
  /// JRC/COINr convention for aggregating with missing data. propagate: a unit with any missing value
  /// gets a missing score. reject: any missing value is an error.
  MissingRule rule = MissingRule::skip;
  /// Availability threshold in [0, 1]: a unit whose share of observed criteria, (observed count) /
  /// (criteria count), is below this (strictly, as COINr's `dat_thresh`) gets a missing score, flagged
  /// below_availability. 0 (default) turns the threshold off, as COINr's default `dat_thresh = NULL`.
  double min_available_share = 0.0;
};

/// Options of aggregate(). Fields a method does not use are ignored (and not validated).
struct AggregateOptions {
  AggregationMethod method = AggregationMethod::arithmetic_mean;  ///< The method; default the WSM (OECD/JRC 2008).
  AggregateMissingPolicy missing;  ///< Missing-value rule and availability threshold; default skip, no threshold.
  /// Exponent p of power_mean: any real number or +/-infinity (not NaN). Default 1, the arithmetic mean.
  double power = 1.0;
  /// Shift c of the geometric, harmonic and power means: the score is mean(x + c) - c, the "shifted"
  /// mean, so that zeros (with c > 0) can be admitted. Must be finite. Default 0: no shift.
  double shift = 0.0;
  MpiPenalty mpi_penalty = MpiPenalty::subtract;  ///< MPI/AMPI penalty sign; default subtract (MPI-).
  /// AMPI goalposts, one [low, high] per criterion (column), finite with low < high; low maps to 70 and
  /// high to 130. Empty (default): data-driven goalposts, the column mean +/- half the observed range
  /// (Mazziotta & Pareto 2016: reference value +/- (Sup - Inf) / 2, the reference being the mean).
  std::vector<Interval> goalposts;
};

/// What happened to one unit (row) in an aggregation.
enum class AggregateUnitStatus : int {
  scored = 0,              ///< The unit has a score.
  below_availability = 1,  ///< Share of observed criteria below AggregateMissingPolicy::min_available_share.
  missing_propagated = 2,  ///< MissingRule::propagate and the unit has a missing value.
  no_data = 3,             ///< No observed value on a criterion of positive weight.
  undefined = 4,           ///< MPI/AMPI: the mean of the rescaled values is <= 0, so cv = S / M is undefined.
};

/// The stable name of a unit status.
/// @param status the status.
/// @return e.g. "below_availability"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(AggregateUnitStatus status) noexcept {
  switch (status) {
    case AggregateUnitStatus::scored:
      return "scored";
    case AggregateUnitStatus::below_availability:
      return "below_availability";
    case AggregateUnitStatus::missing_propagated:
      return "missing_propagated";
    case AggregateUnitStatus::no_data:
      return "no_data";
    case AggregateUnitStatus::undefined:
      return "undefined";
  }
  return "unknown";
}

/// Summary outcome of an aggregation, in order of precedence.
enum class AggregateStatus : int {
  ok = 0,                  ///< Every unit is scored and no degenerate column was met.
  incomplete = 1,          ///< Some unit has a missing score; AggregateResult::unit_status says why.
  degenerate_columns = 2,  ///< Every unit is scored, but some MPI/AMPI column was constant (set to 100).
};

/// The stable name of an aggregation status.
/// @param status the status.
/// @return "ok", "incomplete" or "degenerate_columns"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(AggregateStatus status) noexcept {
  switch (status) {
    case AggregateStatus::ok:
      return "ok";
    case AggregateStatus::incomplete:
      return "incomplete";
    case AggregateStatus::degenerate_columns:
      return "degenerate_columns";
  }
  return "unknown";
}

/// The composite scores of an aggregation and how each was obtained. Every missing (NaN) score has a
/// unit_status other than scored.
struct AggregateResult {
  Eigen::VectorXd scores;                        ///< One score per unit (row); NaN exactly for unscored units.
  std::vector<AggregateUnitStatus> unit_status;  ///< Per unit: scored, or why not.
  /// Per unit: values that entered its score (observed, on a criterion of positive weight); 0 if unscored.
  std::vector<Eigen::Index> values_used;
  std::vector<Eigen::Index> values_missing;   ///< Per unit: missing (NaN) values over all criteria.
  std::vector<Eigen::Index> values_excluded;  ///< Per unit: criteria count minus values_used.
  Eigen::Index units_scored = 0;              ///< Number of units with a score.
  /// MPI/AMPI: criteria (columns) of positive weight whose observed values are all equal (or a single
  /// value); their rescaled values are set to 100, the neutral value, since a z-score or range is
  /// undefined. Empty for the other methods.
  std::vector<Eigen::Index> constant_columns;
  AggregateStatus status = AggregateStatus::ok;  ///< Summary, see AggregateStatus.
};

namespace detail {

// "aggregate[method=geometric_mean]": the context of every error of an aggregation.
inline std::string aggregation_context(AggregationMethod method) {
  return context("aggregate", "method", to_string(method));
}

// What every method shares: validated inputs, normalised weights, which cells enter the score and
// which units are scored. A cell (i, j) is used when unit i is scored, criterion j has a positive weight
// and x(i, j) is observed; used() answers that from the matrix, so no n x m mask is stored.
struct AggregationPlan {
  Eigen::VectorXd weights;              // normalised to sum 1
  std::vector<unsigned char> positive;  // per criterion: weight > 0
  std::vector<unsigned char> scored;    // per unit: the unit gets a score
  Eigen::VectorXd observed_weight;      // per unit: sum of the weights of its used cells; > 0 if scored, else 0
  std::vector<Eigen::Index> eligible;   // scored units, ascending
  AggregateResult result;               // statuses and counts filled in, scores NaN
  bool complete = false;                // the matrix has no missing value: every unit is scored on every
                                        // criterion of positive weight

  // Whether cell (i, j) of `x`, the matrix the plan was made for, enters the score.
  bool used(MatrixCRef x, Eigen::Index i, Eigen::Index j) const {
    return scored[static_cast<std::size_t>(i)] != 0 && positive[static_cast<std::size_t>(j)] != 0 &&
           !std::isnan(x(i, j));
  }
};

// A plan for n units and the (valid) weights w, before the matrix is read: weights normalised, result sized
// with every unit scored and no value used, scores NaN.
inline AggregationPlan plan_skeleton(VectorCRef w, Eigen::Index n) {
  const Eigen::Index m = w.size();
  AggregationPlan plan;
  plan.weights = w / w.sum();
  plan.positive.resize(static_cast<std::size_t>(m));
  for (Eigen::Index j = 0; j < m; ++j) plan.positive[static_cast<std::size_t>(j)] = w[j] > 0.0 ? 1 : 0;
  AggregateResult& r = plan.result;
  const auto un = static_cast<std::size_t>(n);
  r.scores = Eigen::VectorXd::Constant(n, std::numeric_limits<double>::quiet_NaN());
  r.unit_status.assign(un, AggregateUnitStatus::scored);
  r.values_used.assign(un, 0);
  r.values_missing.assign(un, 0);
  r.values_excluded.assign(un, m);
  return plan;
}

// Completes a skeleton for a matrix without missing values: every unit has the same counts and observed weight
// (the same sum, in the same order, as the sweep of aggregation_plan() would form) and is scored, since its share
// of observed criteria is 1 and some weight is > 0.
inline void complete_plan(AggregationPlan& plan) {
  AggregateResult& r = plan.result;
  const auto n = static_cast<Eigen::Index>(r.unit_status.size());
  const auto un = static_cast<std::size_t>(n);
  const Eigen::Index m = plan.weights.size();
  plan.complete = true;
  Eigen::Index usable = 0;
  double weight = 0.0;
  for (Eigen::Index j = 0; j < m; ++j) {
    if (plan.positive[static_cast<std::size_t>(j)] == 0) continue;
    ++usable;
    weight += plan.weights[j];
  }
  r.values_used.assign(un, usable);
  r.values_excluded.assign(un, m - usable);
  plan.scored.assign(un, 1);
  plan.observed_weight = Eigen::VectorXd::Constant(n, weight);
  plan.eligible.resize(un);
  for (Eigen::Index i = 0; i < n; ++i) plan.eligible[static_cast<std::size_t>(i)] = i;
}

inline AggregationPlan aggregation_plan(const std::string& ctx, MatrixCRef x, VectorCRef w,
                                        const AggregateMissingPolicy& policy) {
  switch (policy.rule) {
    case MissingRule::reject:
    case MissingRule::skip:
    case MissingRule::propagate:
      break;
    default:
      throw InvalidInput(
          ErrorCode::invalid_argument, ctx,
          "missing-value rule " + std::to_string(static_cast<int>(policy.rule)) + " is not a MissingRule");
  }
  const Eigen::Index missing_cells = check_matrix_count_missing(ctx, x, policy.rule != MissingRule::reject);
  check_weight_vector(ctx, w, x.cols());
  if (!(policy.min_available_share >= 0.0 && policy.min_available_share <= 1.0)) {
    throw InvalidInput(std::isnan(policy.min_available_share) ? ErrorCode::not_finite : ErrorCode::out_of_range, ctx,
                       "min_available_share " + number_text(policy.min_available_share) + " is not in [0, 1]");
  }
  const Eigen::Index n = x.rows();
  const Eigen::Index m = x.cols();
  AggregationPlan plan = plan_skeleton(w, n);
  if (missing_cells == 0) {
    complete_plan(plan);
    return plan;
  }
  AggregateResult& r = plan.result;
  const auto un = static_cast<std::size_t>(n);
  plan.scored.assign(un, 0);
  plan.observed_weight = Eigen::VectorXd::Zero(n);
  // One sweep of the matrix, over fixed blocks of rows in parallel: per unit, the missing and usable counts and
  // the observed weight, summed over the criteria in column order; then the unit's status.
  parallel_for_row_blocks(n, m, [&](Eigen::Index begin, Eigen::Index end) {
    Eigen::Index* missing = r.values_missing.data();
    Eigen::Index* usable = r.values_used.data();
    double* weight = plan.observed_weight.data();
    for (Eigen::Index j = 0; j < m; ++j) {
      const double* xj = x.col(j).data();
      if (plan.positive[static_cast<std::size_t>(j)] != 0) {
        const double wj = plan.weights[j];
        for (Eigen::Index i = begin; i < end; ++i) {
          const bool nan = std::isnan(xj[i]);
          missing[i] += nan ? 1 : 0;
          usable[i] += nan ? 0 : 1;
          weight[i] += nan ? 0.0 : wj;
        }
      } else {
        for (Eigen::Index i = begin; i < end; ++i) missing[i] += std::isnan(xj[i]) ? 1 : 0;
      }
    }
    for (Eigen::Index i = begin; i < end; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      const Eigen::Index miss = missing[i];
      const double share = static_cast<double>(m - miss) / static_cast<double>(m);
      AggregateUnitStatus status = AggregateUnitStatus::scored;
      if (share < policy.min_available_share) {
        status = AggregateUnitStatus::below_availability;
      } else if (policy.rule == MissingRule::propagate && miss > 0) {
        status = AggregateUnitStatus::missing_propagated;
      } else if (usable[i] == 0) {
        status = AggregateUnitStatus::no_data;
      }
      r.unit_status[ui] = status;
      if (status == AggregateUnitStatus::scored) {
        plan.scored[ui] = 1;
        r.values_excluded[ui] = m - usable[i];
      } else {
        usable[i] = 0;
        weight[i] = 0.0;
      }
    }
  });
  for (Eigen::Index i = 0; i < n; ++i) {
    if (plan.scored[static_cast<std::size_t>(i)] != 0) plan.eligible.push_back(i);
  }
  return plan;
}

// Rejects an observed value on a criterion of positive weight that is below `bound` (or not above it when
// `strict`); `what` says what the method needs, e.g. "the geometric mean needs values > 0". Columns are checked
// in parallel; the error names the first bad cell in column order, as a serial scan would.
inline void check_value_bound(const std::string& ctx, MatrixCRef x, VectorCRef w, double shift, double bound,
                              bool strict, const char* what) {
  parallel_for(x.cols(), x.size(), [&](Eigen::Index j) {
    if (!(w[j] > 0.0)) return;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double v = x(i, j) + shift;
      if (std::isnan(v)) continue;
      if (v < bound || (strict && v == bound)) {
        std::string problem = cell_position(i, j) + ": value " + number_text(x(i, j));
        if (shift != 0.0) problem += " (shifted by " + number_text(shift) + ": " + number_text(v) + ")";
        throw InvalidInput(ErrorCode::out_of_range, ctx, problem + " is out of range: " + what);
      }
    }
  });
}

// Weighted mean, per scored unit, of f = value(x_ij, i, j) over its used cells: sum_j f w_j over the criteria in
// column order, divided by the unit's observed weight. f is evaluated on the fly (no n x m matrix is formed),
// also on cells of unscored units, whose entries are left unspecified.
template <class Value>
Eigen::VectorXd masked_weighted_mean(const AggregationPlan& plan, MatrixCRef x, Value&& value) {
  const Eigen::Index n = x.rows();
  const Eigen::Index m = x.cols();
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(n);
  parallel_for_row_blocks(n, m, [&](Eigen::Index begin, Eigen::Index end) {
    double* acc = mean.data();
    for (Eigen::Index j = 0; j < m; ++j) {
      if (plan.positive[static_cast<std::size_t>(j)] == 0) continue;
      const double* xj = x.col(j).data();
      const double wj = plan.weights[j];
      if (plan.complete) {  // the same sums without the mask
        for (Eigen::Index i = begin; i < end; ++i) acc[i] += value(xj[i], i, j) * wj;
      } else {
        for (Eigen::Index i = begin; i < end; ++i) {
          const double v = xj[i];
          acc[i] += std::isnan(v) ? 0.0 : value(v, i, j) * wj;
        }
      }
    }
    for (Eigen::Index i = begin; i < end; ++i) acc[i] /= plan.observed_weight[i];
  });
  return mean;
}

// Per unit, the largest (or smallest) shifted value x_ij + shift over its used cells; -inf (+inf) if none.
inline Eigen::VectorXd row_extreme(const AggregationPlan& plan, MatrixCRef x, double shift, bool largest) {
  const Eigen::Index n = x.rows();
  const Eigen::Index m = x.cols();
  const double inf = std::numeric_limits<double>::infinity();
  Eigen::VectorXd out = Eigen::VectorXd::Constant(n, largest ? -inf : inf);
  parallel_for_row_blocks(n, m, [&](Eigen::Index begin, Eigen::Index end) {
    double* e = out.data();
    for (Eigen::Index j = 0; j < m; ++j) {
      if (plan.positive[static_cast<std::size_t>(j)] == 0) continue;
      const double* xj = x.col(j).data();
      for (Eigen::Index i = begin; i < end; ++i) {
        if (std::isnan(xj[i]) || plan.scored[static_cast<std::size_t>(i)] == 0) continue;
        const double y = xj[i] + shift;
        e[i] = largest ? std::max(e[i], y) : std::min(e[i], y);
      }
    }
  });
  return out;
}

// The weighted arithmetic mean of x + shift for complete data, in one sweep of the matrix that screens it and
// sums at once, instead of a screening sweep and a summing sweep. The sums are those of masked_weighted_mean()
// on a complete plan, term for term. Returns false, with `out` untouched, when the inputs are not plainly valid
// or a cell is missing or infinite: the caller then takes the general path, which reports any error in its order.
inline bool complete_arithmetic_mean(MatrixCRef x, VectorCRef w, double shift, const AggregateMissingPolicy& policy,
                                     AggregateResult& out) {
  const Eigen::Index n = x.rows();
  const Eigen::Index m = x.cols();
  const bool rule_ok =
      policy.rule == MissingRule::reject || policy.rule == MissingRule::skip || policy.rule == MissingRule::propagate;
  if (!rule_ok || n == 0 || m == 0 || w.size() != m || !(w.array() >= 0.0).all() || !w.allFinite() ||
      !(w.sum() > 0.0) || !(policy.min_available_share >= 0.0 && policy.min_available_share <= 1.0)) {
    return false;
  }
  AggregationPlan plan = plan_skeleton(w, n);
  complete_plan(plan);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(n);
  std::vector<unsigned char> bad(static_cast<std::size_t>((n + row_block - 1) / row_block), 0);
  parallel_for_row_blocks(n, m, [&](Eigen::Index begin, Eigen::Index end) {
    const Eigen::Index len = end - begin;
    auto acc = mean.segment(begin, len).array();
    bool seen_bad = false;
    for (Eigen::Index j = 0; j < m; ++j) {
      const auto xj = x.col(j).segment(begin, len).array();
      if (plan.positive[static_cast<std::size_t>(j)] != 0) {
        acc += (xj + shift) * plan.weights[j];  // a NaN or an infinity shows in the sum, tested below
      } else {
        seen_bad |= !((xj * 0.0).sum() == 0.0);  // NaN for any NaN or infinity
      }
    }
    acc /= plan.observed_weight.segment(begin, len).array();
    // Not finite: a missing or infinite value, or an overflow; the general path sorts out which.
    bad[static_cast<std::size_t>(begin / row_block)] = seen_bad || !acc.isFinite().all() ? 1 : 0;
  });
  if (std::find(bad.begin(), bad.end(), 1) != bad.end()) return false;
  AggregateResult& r = plan.result;
  for (Eigen::Index i = 0; i < n; ++i) r.scores[i] = mean[i] - shift;
  out = std::move(r);
  return true;
}

// Sets result.units_scored and result.status from the unit statuses and constant columns.
inline void finish_aggregation(AggregateResult& r) {
  r.units_scored = 0;
  for (std::size_t i = 0; i < r.unit_status.size(); ++i) {
    if (r.unit_status[i] == AggregateUnitStatus::scored) {
      ++r.units_scored;
    } else {
      r.scores[static_cast<Eigen::Index>(i)] = std::numeric_limits<double>::quiet_NaN();
      r.values_excluded[i] += r.values_used[i];
      r.values_used[i] = 0;
    }
  }
  if (r.units_scored < static_cast<Eigen::Index>(r.unit_status.size())) {
    r.status = AggregateStatus::incomplete;
  } else if (!r.constant_columns.empty()) {
    r.status = AggregateStatus::degenerate_columns;
  } else {
    r.status = AggregateStatus::ok;
  }
}

inline void check_shift(const std::string& ctx, double shift) {
  if (!std::isfinite(shift))
    throw InvalidInput(ErrorCode::not_finite, ctx, "shift " + number_text(shift) + " is not finite");
}

// The power mean of every scored unit; p == 1, 0, -1, +/-inf are computed by their closed forms.
inline AggregateResult power_mean_impl(const std::string& ctx, MatrixCRef x, VectorCRef w, double p, double shift,
                                       const AggregateMissingPolicy& policy) {
  if (std::isnan(p)) throw InvalidInput(ErrorCode::not_finite, ctx, "power p is NaN");
  check_shift(ctx, shift);
  if (p == 1.0) {
    AggregateResult fast;
    if (complete_arithmetic_mean(x, w, shift, policy, fast)) {
      finish_aggregation(fast);
      return fast;
    }
  }
  AggregationPlan plan = aggregation_plan(ctx, x, w, policy);
  AggregateResult& r = plan.result;
  if (std::isinf(p)) {
    // The limits of the weighted power mean: max (p -> +inf) and min (p -> -inf) over the criteria of
    // positive weight; defined for any real values, so no sign check.
    const Eigen::VectorXd extreme = row_extreme(plan, x, shift, p > 0);
    for (const Eigen::Index i : plan.eligible) r.scores[i] = extreme[i] - shift;
  } else if (p == 1.0) {
    const Eigen::VectorXd mean =
        masked_weighted_mean(plan, x, [shift](double v, Eigen::Index, Eigen::Index) { return v + shift; });
    for (const Eigen::Index i : plan.eligible) r.scores[i] = mean[i] - shift;
  } else if (p == 0.0) {
    check_value_bound(ctx, x, w, shift, 0.0, true, "the geometric mean (power 0) needs values > 0");
    const Eigen::VectorXd mean_log =
        masked_weighted_mean(plan, x, [shift](double v, Eigen::Index, Eigen::Index) { return std::log(v + shift); });
    for (const Eigen::Index i : plan.eligible) r.scores[i] = std::exp(mean_log[i]) - shift;
  } else if (p == -1.0) {
    check_value_bound(ctx, x, w, shift, 0.0, true, "the harmonic mean (power -1) needs values > 0");
    const Eigen::VectorXd mean_inv =
        masked_weighted_mean(plan, x, [shift](double v, Eigen::Index, Eigen::Index) { return 1.0 / (v + shift); });
    for (const Eigen::Index i : plan.eligible) r.scores[i] = 1.0 / mean_inv[i] - shift;
  } else {
    if (p < 0.0) {
      check_value_bound(ctx, x, w, shift, 0.0, true, "a power mean of negative order needs values > 0");
    } else {
      check_value_bound(ctx, x, w, shift, 0.0, false, "a power mean of positive order needs values >= 0");
    }
    // Scaled by the unit's largest (p > 0) or smallest (p < 0) value, so that (y / s)^p <= 1 cannot overflow,
    // and written as s * exp(log1p(sum w (expm1(p log(y / s)))) / p), which stays accurate as p -> 0.
    const Eigen::VectorXd scale = row_extreme(plan, x, shift, p > 0);
    const Eigen::VectorXd mean = masked_weighted_mean(plan, x, [&](double v, Eigen::Index i, Eigen::Index) {
      return std::expm1(p * std::log((v + shift) / scale[i]));
    });
    for (const Eigen::Index i : plan.eligible) {
      r.scores[i] = (scale[i] == 0.0 ? 0.0 : scale[i] * std::exp(std::log1p(mean[i]) / p)) - shift;
    }
  }
  finish_aggregation(r);
  return r;
}

// MPI and AMPI share everything but the rescaling of the columns: `rescaled` holds the rescaled values of `x`
// (NaN where missing); computes M, S, cv and the penalised score per scored unit.
inline void mpi_scores(AggregationPlan& plan, MatrixCRef x, const Eigen::ArrayXXd& rescaled, MpiPenalty penalty) {
  const Eigen::VectorXd mean =
      masked_weighted_mean(plan, x, [&rescaled](double, Eigen::Index i, Eigen::Index j) { return rescaled(i, j); });
  const Eigen::VectorXd var = masked_weighted_mean(plan, x, [&](double, Eigen::Index i, Eigen::Index j) {
    const double dev = rescaled(i, j) - mean[i];
    return dev * dev;
  });
  const double sign = penalty == MpiPenalty::subtract ? -1.0 : 1.0;
  for (const Eigen::Index i : plan.eligible) {
    const double mi = mean[i];
    if (!(mi > 0.0)) {
      plan.result.unit_status[static_cast<std::size_t>(i)] = AggregateUnitStatus::undefined;
      continue;
    }
    const double si = std::sqrt(std::max(var[i], 0.0));
    plan.result.scores[i] = mi + sign * si * (si / mi);  // M +/- S * cv
  }
}

// Observed count, mean, minimum and maximum of one column (NaN = missing).
struct ColumnSummary {
  Eigen::Index count = 0;
  double mean = 0.0;
  double min = 0.0;
  double max = 0.0;
};

inline ColumnSummary column_summary(const Eigen::Ref<const Eigen::VectorXd>& col) {
  ColumnSummary s;
  const auto obs = (col.array() == col.array());
  s.count = obs.count();
  if (s.count == 0) return s;
  const double inf = std::numeric_limits<double>::infinity();
  s.mean = obs.select(col.array(), 0.0).sum() / static_cast<double>(s.count);
  s.min = obs.select(col.array(), inf).minCoeff();
  s.max = obs.select(col.array(), -inf).maxCoeff();
  return s;
}

inline void check_mpi_penalty(const std::string& ctx, MpiPenalty penalty) {
  if (penalty != MpiPenalty::subtract && penalty != MpiPenalty::add) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "mpi_penalty " + std::to_string(static_cast<int>(penalty)) + " is not an MpiPenalty");
  }
}

// Borda points of every eligible unit on one criterion: units beaten plus half the units tied, among
// the eligible units observed there. `order` is scratch space, reused across columns.
inline void borda_points(MatrixCRef x, const AggregationPlan& plan, Eigen::Index j, std::vector<Eigen::Index>& order,
                         Eigen::VectorXd& points) {
  order.clear();
  for (const Eigen::Index i : plan.eligible) {
    if (plan.used(x, i, j)) order.push_back(i);
  }
  const auto col = x.col(j);
  std::sort(order.begin(), order.end(), [&col](Eigen::Index a, Eigen::Index b) { return col[a] < col[b]; });
  std::size_t start = 0;
  while (start < order.size()) {
    std::size_t end = start + 1;
    while (end < order.size() && col[order[end]] == col[order[start]]) ++end;
    const double value = static_cast<double>(start) + 0.5 * static_cast<double>(end - start - 1);
    for (std::size_t k = start; k < end; ++k) points[order[k]] = value;
    start = end;
  }
}

}  // namespace detail

/// Weighted arithmetic mean, the weighted sum model (WSM): fully compensatory linear aggregation.
///
/// Formula: score_i = sum_j w_j x_ij / sum_j w_j, the sums over the criteria j of positive weight that are
/// observed for unit i (with complete data the denominator is 1, the weights being normalised to sum 1).
/// Any real values are allowed.
///
/// Source: OECD/JRC (2008), Handbook on Constructing Composite Indicators, step 6 (linear aggregation).
///
/// Missing values: all three rules (AggregateMissingPolicy); default skip, which renormalises the weights
/// over the observed criteria of each unit. A criterion of zero weight takes no part in the score, but its
/// missing values still count for the rules and the availability share.
/// @param x normalised values, units in rows, criteria in columns, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero; only their ratios matter.
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput with context `aggregate[method=arithmetic_mean]`: empty_input (empty matrix),
///   not_finite (an infinite value; a NaN under reject, naming unit (row) and criterion (column); a NaN
///   weight or share), size_mismatch (weights), out_of_range (negative weight, share outside [0, 1]),
///   inconsistent (all weights zero), invalid_argument (a rule outside the enumeration).
inline AggregateResult weighted_arithmetic_mean(MatrixCRef x, VectorCRef weights,
                                                const AggregateMissingPolicy& missing = {}) {
  return detail::power_mean_impl(detail::aggregation_context(AggregationMethod::arithmetic_mean), x, weights, 1.0, 0.0,
                                 missing);
}

/// Weighted geometric mean, the weighted product model (WPM): partially compensatory; a low value weighs
/// more than in the arithmetic mean.
///
/// Formula: score_i = exp(sum_j w_j ln(x_ij + c) / sum_j w_j) - c over the observed criteria of positive
/// weight, c = `shift` (default 0). Needs x_ij + c > 0 on every observed cell of positive weight: a zero
/// or negative value is an error naming its cell, not a silent zero or NaN. To admit zeros, pass c > 0
/// (the shifted geometric mean) or normalise onto a positive range such as [1, 100], as the Handbook and
/// COINr advise.
///
/// Source: OECD/JRC (2008), Handbook on Constructing Composite Indicators, step 6 (geometric aggregation).
///
/// Missing values: as weighted_arithmetic_mean(); default skip (weights renormalised over observed criteria).
/// @param x normalised values, units in rows, criteria in columns, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param shift the constant c added before and subtracted after averaging; finite; default 0.
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput as weighted_arithmetic_mean() (context `aggregate[method=geometric_mean]`), plus
///   out_of_range naming unit (row) and criterion (column) for a value with x + c <= 0, and not_finite for
///   a shift that is not finite.
inline AggregateResult weighted_geometric_mean(MatrixCRef x, VectorCRef weights, double shift = 0.0,
                                               const AggregateMissingPolicy& missing = {}) {
  return detail::power_mean_impl(detail::aggregation_context(AggregationMethod::geometric_mean), x, weights, 0.0, shift,
                                 missing);
}

/// Weighted harmonic mean: the least compensatory of the three Pythagorean means.
///
/// Formula: score_i = sum_j w_j / sum_j (w_j / (x_ij + c)) - c over the observed criteria of positive
/// weight, c = `shift` (default 0). Needs x_ij + c > 0 on every observed cell of positive weight.
///
/// Source: Hardy, Littlewood & Pólya (1934), Inequalities, chapter II (weighted means of order -1).
///
/// Missing values: as weighted_arithmetic_mean(); default skip (weights renormalised over observed criteria).
/// @param x normalised values, units in rows, criteria in columns, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param shift the constant c added before and subtracted after averaging; finite; default 0.
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput as weighted_geometric_mean(), with context `aggregate[method=harmonic_mean]`.
inline AggregateResult weighted_harmonic_mean(MatrixCRef x, VectorCRef weights, double shift = 0.0,
                                              const AggregateMissingPolicy& missing = {}) {
  return detail::power_mean_impl(detail::aggregation_context(AggregationMethod::harmonic_mean), x, weights, -1.0, shift,
                                 missing);
}

/// Weighted power (generalised, Hölder) mean of order p.
///
/// Formula: M_p = (sum_j w_j (x_ij + c)^p / sum_j w_j)^(1/p) - c over the observed criteria of positive
/// weight, c = `shift`. Limits and special cases, each computed by its closed form: p = 1 arithmetic,
/// p = 0 geometric (the limit p -> 0), p = -1 harmonic, p = +inf the maximum and p = -inf the minimum of
/// the unit's values on criteria of positive weight. M_p is non-decreasing in p (min <= harmonic <=
/// geometric <= arithmetic <= max). Other p are computed as s (exp(log1p(mean of expm1(p ln(y/s)))/p)),
/// y = x + c, s the unit's largest (p > 0) or smallest (p < 0) value, which cannot overflow and stays
/// accurate for p near 0.
///
/// Domain: p > 0 (other than 1) needs x + c >= 0; p <= 0 (other than -inf) needs x + c > 0; p = 1 and
/// p = +/-inf take any real values.
///
/// Source: Hardy, Littlewood & Pólya (1934), Inequalities, chapter II.
///
/// Missing values: as weighted_arithmetic_mean(); default skip (weights renormalised over observed criteria).
/// @param x normalised values, units in rows, criteria in columns, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param p the order: any real number or +/-infinity, not NaN.
/// @param shift the constant c added before and subtracted after averaging; finite; default 0.
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput as weighted_geometric_mean() (context `aggregate[method=power_mean]`), plus
///   not_finite for p NaN; out_of_range names the cell outside the domain of p.
inline AggregateResult weighted_power_mean(MatrixCRef x, VectorCRef weights, double p, double shift = 0.0,
                                           const AggregateMissingPolicy& missing = {}) {
  return detail::power_mean_impl(detail::aggregation_context(AggregationMethod::power_mean), x, weights, p, shift,
                                 missing);
}

/// Mazziotta–Pareto index (MPI): a non-compensatory composite that penalises units whose indicators are
/// unbalanced.
///
/// Formula: each criterion j is standardised to mean 100 and standard deviation 10,
/// z_ij = 100 + 10 (x_ij - mu_j) / sigma_j, with mu_j and sigma_j the mean and the population standard
/// deviation (divisor n_j) of the observed values of column j over all units (scored or not). For unit i,
/// over its observed criteria of positive weight with weights v_j renormalised to sum 1: M_i = sum v_j z_ij,
/// S_i = sqrt(sum v_j (z_ij - M_i)^2) (population form), cv_i = S_i / M_i and
/// MPI_i = M_i - S_i cv_i (penalty subtract, MPI-, the default: for an index where higher is better) or
/// M_i + S_i cv_i (penalty add, MPI+: for an index where higher is worse). With equal weights this is the
/// classic MPI; other weights give the weighted MPI of Mazziotta & Pareto (2022), "Weighting in composite
/// indices construction: the case of the Mazziotta-Pareto Index", RIEDS.
/// The standardisation is part of the method, so any positive affine rescaling of a column beforehand
/// leaves the MPI unchanged; values must be oriented so that higher is better.
///
/// Degenerate cases: a column whose observed values are all equal (or a single value) has no z-score; its
/// values are set to 100 (neutral) and, if its weight is positive, it is listed in constant_columns. A unit
/// with M_i <= 0 (possible only with extreme outliers, more than 10 standard deviations below the mean)
/// gets a missing score, status undefined.
///
/// Sources: De Muro, Mazziotta & Pareto (2011), Social Indicators Research 104:1-18; Mazziotta & Pareto
/// (2016), Social Indicators Research 127:983-1003.
///
/// Missing values: all three rules; default skip (standardise on the observed values of each column,
/// average over each unit's observed criteria).
/// @param x indicator values oriented so that higher is better, units in rows, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param penalty the sign of the penalty; default subtract (MPI-).
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts, and the constant columns.
/// @throws InvalidInput as weighted_arithmetic_mean() (context `aggregate[method=mazziotta_pareto]`), plus
///   invalid_argument for a penalty outside the enumeration.
inline AggregateResult mazziotta_pareto_index(MatrixCRef x, VectorCRef weights,
                                              MpiPenalty penalty = MpiPenalty::subtract,
                                              const AggregateMissingPolicy& missing = {}) {
  const std::string ctx = detail::aggregation_context(AggregationMethod::mazziotta_pareto);
  detail::check_mpi_penalty(ctx, penalty);
  detail::AggregationPlan plan = detail::aggregation_plan(ctx, x, weights, missing);
  Eigen::ArrayXXd z(x.rows(), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const detail::ColumnSummary s = detail::column_summary(x.col(j));
    if (s.count == 0) {  // nobody uses an empty column
      z.col(j).setConstant(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    if (s.min == s.max) {
      if (plan.weights[j] > 0.0) plan.result.constant_columns.push_back(j);
      z.col(j) =
          (x.col(j).array() == x.col(j).array()).select(Eigen::ArrayXd::Constant(x.rows(), 100.0), x.col(j).array());
      continue;
    }
    const auto dev = x.col(j).array() - s.mean;
    const double count = static_cast<double>(s.count);
    const double sd = std::sqrt((dev == dev).select(dev.square(), 0.0).sum() / count);
    z.col(j) = 100.0 + 10.0 * dev / sd;
  }
  detail::mpi_scores(plan, x, z, penalty);
  detail::finish_aggregation(plan.result);
  return plan.result;
}

/// Adjusted Mazziotta–Pareto index (AMPI): the MPI on a min-max rescaling with fixed goalposts, so that
/// scores are comparable across periods.
///
/// Formula: r_ij = 70 + 60 (x_ij - low_j) / (high_j - low_j), so that the goalposts low_j and high_j map
/// to 70 and 130 and their midpoint, the reference value, to 100. Then, as in mazziotta_pareto_index(),
/// M_i and S_i are the weighted mean and population standard deviation of unit i's r_ij over its observed
/// criteria of positive weight, and AMPI_i = M_i - S_i^2 / M_i (penalty subtract, the default) or
/// M_i + S_i^2 / M_i (penalty add).
///
/// Goalposts: given per criterion (for a multi-period analysis, reference value +/- Delta with Delta half
/// the range over all periods, as Mazziotta & Pareto 2016 prescribe), or, if `goalposts` is empty,
/// data-driven: the column mean of the observed values +/- half their range. Values beyond given goalposts
/// are allowed (they map outside 70..130).
///
/// Degenerate cases: with data-driven goalposts, a column whose observed values are all equal is set to
/// 100 and listed in constant_columns; a unit with M_i <= 0 gets a missing score, status undefined.
///
/// Sources: Mazziotta & Pareto (2016), Social Indicators Research 127:983-1003; Mazziotta & Pareto
/// (2018), Social Indicators Research 136:967-976.
///
/// Missing values: all three rules; default skip.
/// @param x indicator values oriented so that higher is better, units in rows, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param goalposts one [low, high] per criterion, or empty for data-driven goalposts.
/// @param penalty the sign of the penalty; default subtract (AMPI-).
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts, and the constant columns.
/// @throws InvalidInput as mazziotta_pareto_index() (context `aggregate[method=adjusted_mazziotta_pareto]`),
///   plus size_mismatch (goalposts count), not_finite (a goalpost bound) and inconsistent (low >= high),
///   naming the criterion (column).
inline AggregateResult adjusted_mazziotta_pareto_index(MatrixCRef x, VectorCRef weights,
                                                       const std::vector<Interval>& goalposts = {},
                                                       MpiPenalty penalty = MpiPenalty::subtract,
                                                       const AggregateMissingPolicy& missing = {}) {
  const std::string ctx = detail::aggregation_context(AggregationMethod::adjusted_mazziotta_pareto);
  detail::check_mpi_penalty(ctx, penalty);
  detail::AggregationPlan plan = detail::aggregation_plan(ctx, x, weights, missing);
  if (!goalposts.empty()) {
    if (static_cast<Eigen::Index>(goalposts.size()) != x.cols()) {
      throw InvalidInput(
          ErrorCode::size_mismatch, ctx,
          std::to_string(goalposts.size()) + " goalposts for " + std::to_string(x.cols()) + " criteria (columns)");
    }
    for (std::size_t j = 0; j < goalposts.size(); ++j) {
      detail::check_interval(ctx, "goalposts of criterion (column) " + std::to_string(j), goalposts[j], true);
    }
  }
  Eigen::ArrayXXd r(x.rows(), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double low = 0.0;
    double high = 0.0;
    if (!goalposts.empty()) {
      low = goalposts[static_cast<std::size_t>(j)].low;
      high = goalposts[static_cast<std::size_t>(j)].high;
    } else {
      const detail::ColumnSummary s = detail::column_summary(x.col(j));
      if (s.count == 0) {  // nobody uses an empty column
        r.col(j).setConstant(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      if (s.min == s.max) {
        if (plan.weights[j] > 0.0) plan.result.constant_columns.push_back(j);
        r.col(j) =
            (x.col(j).array() == x.col(j).array()).select(Eigen::ArrayXd::Constant(x.rows(), 100.0), x.col(j).array());
        continue;
      }
      const double delta = (s.max - s.min) / 2.0;
      low = s.mean - delta;
      high = s.mean + delta;
    }
    r.col(j) = 70.0 + 60.0 * (x.col(j).array() - low) / (high - low);
  }
  detail::mpi_scores(plan, x, r, penalty);
  detail::finish_aggregation(plan.result);
  return plan.result;
}

/// Weighted Borda count: a non-compensatory ranking rule in which every criterion is a voter.
///
/// Formula: on criterion j, unit i earns b_ij = #{k : x_kj < x_ij} + 0.5 #{k != i : x_kj = x_ij}, the
/// number of units it beats plus half the number it ties with (exact equality), counted among the scored
/// units observed on j. score_i = sum_j w_j b_ij / sum_j w_j over i's observed criteria of positive weight;
/// with complete data and weights summing to 1 this is the classic weighted Borda score, between 0 and
/// n - 1. Only the order of the values on each criterion matters.
///
/// Source: Borda (1781), Mémoire sur les élections au scrutin; OECD/JRC (2008), Handbook on Constructing
/// Composite Indicators, step 6 (non-compensatory multi-criteria aggregation).
///
/// Missing values: all three rules; default skip. Units that are not scored (propagated, below the
/// availability threshold, no data) take no part in any comparison; under skip, a unit missing on
/// criterion j is neither beaten nor beating there, and its score averages over its observed criteria.
/// @param x normalised values (any real), units in rows, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput as weighted_arithmetic_mean(), with context `aggregate[method=borda]`.
inline AggregateResult borda_count(MatrixCRef x, VectorCRef weights, const AggregateMissingPolicy& missing = {}) {
  const std::string ctx = detail::aggregation_context(AggregationMethod::borda);
  detail::AggregationPlan plan = detail::aggregation_plan(ctx, x, weights, missing);
  Eigen::ArrayXXd points = Eigen::ArrayXXd::Zero(x.rows(), x.cols());
  std::vector<Eigen::Index> order;
  order.reserve(plan.eligible.size());
  Eigen::VectorXd col_points = Eigen::VectorXd::Zero(x.rows());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    if (!(plan.weights[j] > 0.0)) continue;
    detail::borda_points(x, plan, j, order, col_points);
    points.col(j) = col_points.array();
  }
  const Eigen::VectorXd score =
      detail::masked_weighted_mean(plan, x, [&points](double, Eigen::Index i, Eigen::Index j) { return points(i, j); });
  for (const Eigen::Index i : plan.eligible) plan.result.scores[i] = score[i];
  detail::finish_aggregation(plan.result);
  return plan.result;
}

/// Copeland score: pairwise weighted-majority contests, wins minus losses.
///
/// Formula: for two scored units a and b, support(a over b) = sum of w_j over the criteria j of positive
/// weight observed for both where x_aj > x_bj. a beats b if support(a over b) > support(b over a), and
/// they tie if the two supports are equal (within 1e-12 of the total weight, so that e.g. 0.1 + 0.2
/// against 0.3 ties as intended) or they share no criterion. score_a = wins - losses, between -(n - 1)
/// and n - 1 for n scored units. Only the order of the values on each criterion matters.
///
/// Source: Copeland (1951), "A 'reasonable' social welfare function", University of Michigan seminar;
/// OECD/JRC (2008), Handbook on Constructing Composite Indicators, step 6 (non-compensatory aggregation).
///
/// Missing values: all three rules; default skip, under which each pair is compared on the criteria both
/// units have. Units that are not scored take no part in any contest.
/// Cost: O(n^2 m) time and O(n^2) memory for n scored units and m criteria.
/// @param x normalised values (any real), units in rows, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param missing missing-value rule and availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput as weighted_arithmetic_mean(), with context `aggregate[method=copeland]`.
inline AggregateResult copeland_score(MatrixCRef x, VectorCRef weights, const AggregateMissingPolicy& missing = {}) {
  const std::string ctx = detail::aggregation_context(AggregationMethod::copeland);
  detail::AggregationPlan plan = detail::aggregation_plan(ctx, x, weights, missing);
  const auto k = static_cast<Eigen::Index>(plan.eligible.size());
  Eigen::MatrixXd net = Eigen::MatrixXd::Zero(k, k);  // net(a, b) = support(a over b) - support(b over a), a < b
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double wj = plan.weights[j];
    if (!(wj > 0.0)) continue;
    for (Eigen::Index b = 0; b < k; ++b) {
      const Eigen::Index ub = plan.eligible[static_cast<std::size_t>(b)];
      if (!plan.used(x, ub, j)) continue;
      const double xb = x(ub, j);
      for (Eigen::Index a = 0; a < b; ++a) {
        const Eigen::Index ua = plan.eligible[static_cast<std::size_t>(a)];
        if (!plan.used(x, ua, j)) continue;
        const double xa = x(ua, j);
        if (xa > xb) {
          net(a, b) += wj;
        } else if (xa < xb) {
          net(a, b) -= wj;
        }
      }
    }
  }
  constexpr double tie_tolerance = 1e-12;  // weights sum to 1
  Eigen::VectorXd score = Eigen::VectorXd::Zero(k);
  for (Eigen::Index b = 0; b < k; ++b) {
    for (Eigen::Index a = 0; a < b; ++a) {
      if (net(a, b) > tie_tolerance) {
        score[a] += 1.0;
        score[b] -= 1.0;
      } else if (net(a, b) < -tie_tolerance) {
        score[a] -= 1.0;
        score[b] += 1.0;
      }
    }
  }
  for (Eigen::Index a = 0; a < k; ++a) plan.result.scores[plan.eligible[static_cast<std::size_t>(a)]] = score[a];
  detail::finish_aggregation(plan.result);
  return plan.result;
}

/// Aggregates with the method named in `options`: the one entry point that model files and the tool use.
/// Dispatches to weighted_arithmetic_mean(), weighted_geometric_mean(), weighted_harmonic_mean(),
/// weighted_power_mean(), mazziotta_pareto_index(), adjusted_mazziotta_pareto_index(), borda_count() or
/// copeland_score(); see each for its formula, source and rules. Weights are normalised to sum 1
/// internally, so only their ratios matter.
///
/// Missing values: every method supports reject, skip (default; the weights renormalised over each unit's
/// observed criteria) and propagate, plus the availability threshold; every missing score is explained
/// in AggregateResult::unit_status.
/// @param normalised normalised values, units in rows, criteria in columns, higher is better, NaN = missing.
/// @param weights one weight per criterion, finite, >= 0, not all zero.
/// @param options the method and its options; defaults: arithmetic mean, skip, no availability threshold.
/// @return the scores, per-unit statuses and counts.
/// @throws InvalidInput with context `aggregate[method=<name>]`, as the method's function documents, and
///   invalid_argument (context `aggregate`) for a method outside the enumeration.
inline AggregateResult aggregate(MatrixCRef normalised, VectorCRef weights, const AggregateOptions& options = {}) {
  switch (options.method) {
    case AggregationMethod::arithmetic_mean:
      return weighted_arithmetic_mean(normalised, weights, options.missing);
    case AggregationMethod::geometric_mean:
      return weighted_geometric_mean(normalised, weights, options.shift, options.missing);
    case AggregationMethod::harmonic_mean:
      return weighted_harmonic_mean(normalised, weights, options.shift, options.missing);
    case AggregationMethod::power_mean:
      return weighted_power_mean(normalised, weights, options.power, options.shift, options.missing);
    case AggregationMethod::mazziotta_pareto:
      return mazziotta_pareto_index(normalised, weights, options.mpi_penalty, options.missing);
    case AggregationMethod::adjusted_mazziotta_pareto:
      return adjusted_mazziotta_pareto_index(normalised, weights, options.goalposts, options.mpi_penalty,
                                             options.missing);
    case AggregationMethod::borda:
      return borda_count(normalised, weights, options.missing);
    case AggregationMethod::copeland:
      return copeland_score(normalised, weights, options.missing);
  }
  throw InvalidInput(ErrorCode::invalid_argument, "aggregate",
                     "method " + std::to_string(static_cast<int>(options.method)) + " is not an AggregationMethod");
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_AGGREGATE_HPP
