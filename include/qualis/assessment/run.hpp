/// @file
/// @brief The assessment pipeline: run() turns a Model (every choice) and Inputs (framework, clusters,
/// regions, panel, step assessments) into a Result for every period: prepared values, normalised indicators,
/// scores of every dimension, the composite, the step index and the final score, their ranks (overall and
/// within cohorts and regions) and grades, effective weights, a diagnosis of every unit and a framework audit,
/// with a record of every choice and every change made to the data.
#ifndef QUALIS_ASSESSMENT_RUN_HPP
#define QUALIS_ASSESSMENT_RUN_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qualis/assessment/model.hpp"
#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"

QUALIS_NAMESPACE_BEGIN

/// What a unit is in a period of a Result.
enum class UnitState : int {
  scored = 0,        ///< Active and has a final score.
  inactive = 1,      ///< Not yet a member of the programme (it joined later, Cluster::joined): not assessed.
  screened_out = 2,  ///< Removed by the coverage screening (Preparation::screen): not assessed.
  unscored = 3,      ///< Assessed, but its final score is missing (too little data, a missing side of a blend).
};

/// The stable name of a unit state.
/// @param state the state.
/// @return e.g. "screened_out"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(UnitState state) noexcept {
  switch (state) {
    case UnitState::scored:
      return "scored";
    case UnitState::inactive:
      return "inactive";
    case UnitState::screened_out:
      return "screened_out";
    case UnitState::unscored:
      return "unscored";
  }
  return "unknown";
}

/// What a column of the Result's score tables is.
enum class NodeKind : int {
  score = 0,       ///< The final score (the composite, blended with the step index when StepBlend::share > 0).
  composite = 1,   ///< The indicator composite: the framework's root.
  step_index = 2,  ///< The step index (0..100), present when step assessments are given.
  dimension = 3,   ///< A dimension of the framework.
  indicator = 4,   ///< An indicator of the framework: its normalised value.
};

/// The stable name of a node kind.
/// @param kind the kind.
/// @return e.g. "dimension"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(NodeKind kind) noexcept {
  switch (kind) {
    case NodeKind::score:
      return "score";
    case NodeKind::composite:
      return "composite";
    case NodeKind::step_index:
      return "step_index";
    case NodeKind::dimension:
      return "dimension";
    case NodeKind::indicator:
      return "indicator";
  }
  return "unknown";
}

/// One column of the Result's score, rank and grade tables.
struct ResultNode {
  std::string id;                       ///< The node's id (Model::score_id etc. for the first ones).
  NodeKind kind = NodeKind::indicator;  ///< What it is.
  /// The id of the aggregate it feeds: a dimension's id, or Model::composite_id for a child of the root;
  /// empty for the score, the composite and the step index.
  std::string parent;
  std::size_t depth = 0;  ///< 0 for score, composite and step index; framework depth (1, 2, ...) otherwise.
};

/// The weights one aggregate gave its children.
struct WeightRecord {
  std::string node;                               ///< The aggregate: a dimension id or Model::composite_id.
  std::optional<Period> period;                   ///< The period; empty when the same weights hold for every period.
  std::vector<std::string> children;              ///< The children that took part (screened-out children are left out).
  Eigen::VectorXd weights;                        ///< Their weights, normalised to sum 1.
  WeightSource source = WeightSource::framework;  ///< Where they came from.
  /// The weighting method of WeightSource::computed (e.g. "entropy"), "ahp" or "framework".
  std::string method;
  std::optional<AhpResult> ahp;  ///< The AHP result (lambda_max, CI, CR) for WeightSource::ahp.
};

/// The groups of one within-group ranking.
struct GroupRanking {
  /// "cohort", or "region:<code>" for a region and its descendants.
  std::string name;
  /// Per unit (Result::units order): its group label (the cohort, or the region code), or empty when the unit
  /// is not in the grouping (a cluster outside the region). For cohorts a cluster without a cohort is in the
  /// group "" too: `member` tells.
  std::vector<std::string> group;
  std::vector<bool> member;  ///< Per unit: whether it takes part in this ranking.
  Panel ranks;               ///< Units x nodes x periods; NaN for non-members and unscored cells.
};

/// One finding of the diagnosis: an indicator and the value it was selected by.
struct Finding {
  std::string indicator;  ///< Indicator id.
  double value = 0.0;     ///< Obstacle degree (share), rank, or normalised value, as the list documents.
};

/// The diagnosis of one unit in one period.
struct UnitFindings {
  std::vector<Finding> obstacles;   ///< Largest obstacle degrees first (top_obstacles()); value = degree.
  std::vector<Finding> strengths;   ///< Best standing first (strengths_weaknesses()); value = rank or value.
  std::vector<Finding> weaknesses;  ///< Worst standing first; value = rank or value.
};

/// The coupling coordination degree of the chosen subsystems, per unit and period.
struct CouplingTable {
  std::vector<std::string> subsystems;  ///< The node ids whose scores (scaled to [0, 1]) are the subsystems.
  Eigen::MatrixXd coupling;             ///< C, units x periods; NaN where not computed.
  Eigen::MatrixXd development;          ///< T, units x periods.
  Eigen::MatrixXd coordination;         ///< D = sqrt(C T), units x periods.
  Eigen::MatrixXi grade;                ///< Grade 1..10 of D (coordination_grades()); 0 where D is missing.
};

/// The framework audit of one scope.
struct AuditRecord {
  std::optional<Period> period;  ///< The period audited; empty for AuditScope::pooled.
  /// The indicator ids of the audit's columns (the framework's indicators): FrameworkAudit's column positions
  /// index this list.
  std::vector<std::string> indicators;
  FrameworkAudit audit;  ///< Statistics, correlations, alpha, PCA and flags.
};

/// A normalised column that was not normalised by the formula (degenerate or without data).
struct NormalizationNote {
  std::string indicator;                   ///< Indicator id.
  std::optional<Period> period;            ///< The period; empty for a pooled normalisation.
  ColumnStatus status = ColumnStatus::ok;  ///< degenerate or no_data.
};

/// Every change the preparation made to the data, by ids.
struct PreparationRecord {
  std::vector<DenominateRuleRecord> denominations;  ///< One per rule.
  /// Cells observed in periods before their unit joined: ignored (set missing) as outside the programme.
  std::size_t ignored_before_joining = 0;
  /// The screening: one pooled result, or one per period (ScreenScope).
  std::vector<ScreenResult> screening;
  std::vector<ImputedCell> imputed;              ///< Every imputed cell.
  std::vector<NoDataIndicator> no_data;          ///< (Indicator, period) pairs nothing could be imputed from.
  std::vector<IndicatorOutlierReport> outliers;  ///< One per (period, indicator) treated; `period` is set.
  std::vector<std::string> ignored_clusters;     ///< Clusters of Inputs::clusters that are not panel units.
  /// Step assessments of a (cluster, period) in which the cluster is not assessed (inactive, screened out).
  std::size_t ignored_step_assessments = 0;
};

/// One recorded choice, e.g. {"normalisation", "method", "min_max"}.
struct ChoiceRecord {
  std::string stage;   ///< The pipeline stage: preparation, normalisation, weights, aggregation, ...
  std::string choice;  ///< What was chosen, e.g. "method" or "dimension quality: aggregation".
  std::string value;   ///< The value, e.g. "geometric_mean".
};

/// Everything run() found, by ids.
///
/// The score tables (`scores`, `ranks`, `grades`, GroupRanking::ranks) are Panels with one "indicator" per
/// ResultNode, in `nodes` order: the final score, the composite, the step index (when step assessments are
/// given), then every dimension and indicator of the framework in depth-first pre-order. An indicator's score
/// is its normalised value; a cell is missing (NaN) where the unit was not assessed in that period or the value
/// could not be computed (`state` tells which).
struct Result {
  std::vector<std::string> units;  ///< Unit ids, the panel's order (every unit, also those never scored).
  std::vector<Period> periods;     ///< The panel's periods, ascending.
  std::vector<ResultNode> nodes;   ///< The columns of the score tables.
  std::vector<UnitState> state;    ///< Per unit and period: `state[p * units.size() + u]`; see state_of().
  Panel prepared;  ///< Framework indicators after denomination, screening, imputation and outlier treatment.
  Panel scores;    ///< Units x nodes x periods.
  Panel ranks;     ///< Overall ranks among the period's scored units (1 = best); NaN where unscored.
  std::vector<GroupRanking> group_ranks;  ///< Within cohorts, then within each region of Ranking::within_regions.
  std::vector<std::string> grade_labels;  ///< The grade names, best first; empty without grades.
  /// Grades as band positions into `grade_labels` (0 = best), NaN where ungraded; present when graded.
  std::optional<Panel> grades;
  /// Effective weight of every node in the composite per period: nodes x periods, rows in `nodes` order;
  /// 1 for the composite, the product of normalised weights along the path for dimensions and indicators,
  /// 0 for a screened-out node, NaN for the score and step-index rows.
  Eigen::MatrixXd effective_weights;
  std::vector<WeightRecord> weights;             ///< The weights of every aggregate.
  std::optional<StepIndexResult> step_index;     ///< The step index with stages, changes, weakest steps.
  std::optional<BlendResult> blend;              ///< The blend counts when StepBlend::share > 0.
  std::vector<NormalizationNote> normalization;  ///< Columns not normalised by the formula.
  /// Obstacle degree of every indicator (units x indicators x periods); present with the diagnosis.
  std::optional<Panel> obstacles;
  /// Obstacle degree of every dimension: the sum over the indicators under it; present with the diagnosis
  /// when the framework has dimensions.
  std::optional<Panel> dimension_obstacles;
  std::optional<Panel> contributions;               ///< Share of each indicator in the unit's weighted sum.
  std::optional<Panel> gaps;                        ///< Benchmark minus value on the diagnosis scale (Diagnosis::gap).
  std::optional<Panel> relative_gaps;               ///< Gap divided by the benchmark (NaN where the benchmark is 0).
  std::vector<std::vector<UnitFindings>> findings;  ///< [period][unit]: top obstacles, strengths, weaknesses.
  std::optional<CouplingTable> coupling;            ///< When Diagnosis::coupling is set.
  std::size_t diagnosis_clipped = 0;  ///< Normalised cells clipped to Diagnosis::scale before the diagnosis.
  std::vector<AuditRecord> audits;    ///< The framework audits (Audit::scope).
  PreparationRecord preparation;      ///< Every change made to the data.
  std::vector<ChoiceRecord> choices;  ///< Every choice, in pipeline order, to reproduce and explain the result.
  Model model;                        ///< The model that produced the result.

  /// The state of a unit in a period.
  /// @param unit unit id.
  /// @param period the period.
  /// @return the state.
  /// @throws NotFound for an unknown unit or period.
  [[nodiscard]] UnitState state_of(const std::string& unit, const Period& period) const {
    return state[scores.period_index(period) * units.size() + scores.unit_index(unit)];
  }
  /// A score: the value of a node for a unit in a period.
  /// @param unit unit id.
  /// @param node node id (see `nodes`).
  /// @param period the period.
  /// @return the score; NaN where missing.
  /// @throws NotFound for an unknown unit, node or period.
  [[nodiscard]] double score(const std::string& unit, const std::string& node, const Period& period) const {
    return scores.value(unit, node, period);
  }
  /// An overall rank.
  /// @param unit unit id.
  /// @param node node id.
  /// @param period the period.
  /// @return the rank (1 = best); NaN where unscored.
  /// @throws NotFound for an unknown unit, node or period.
  [[nodiscard]] double rank(const std::string& unit, const std::string& node, const Period& period) const {
    return ranks.value(unit, node, period);
  }
};

namespace detail::assess {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

inline Eigen::Index ix(std::size_t k) { return static_cast<Eigen::Index>(k); }

// Runs f; re-raises a library error with `where` in front of its message, keeping its type and code. The positions
// the lower-level message names ("unit (row) 2", "criterion (column) 1") are rewritten into ids by `name` (see
// detail::name_positions(); called only when there is an error).
template <class F, class Name>
auto within(const std::string& where, F&& f, const Name& name) -> decltype(f()) {
  try {
    return f();
  } catch (const InvalidInput& e) {
    throw InvalidInput(e.code(), where, name_positions(without_prefix(e.what()), name));
  } catch (const NotFound& e) {
    throw NotFound(where, name_positions(without_prefix(e.what()), name));
  } catch (const NumericalError& e) {
    throw NumericalError(where, name_positions(without_prefix(e.what()), name));
  }
}

// As above, for a function whose messages name no rows or columns: the message is kept as it is.
template <class F>
auto within(const std::string& where, F&& f) -> decltype(f()) {
  return within(where, std::forward<F>(f), [](bool, std::size_t) { return std::string(); });
}

inline std::string quoted(const std::string& id) { return "\"" + id + "\""; }

// Names for a matrix whose row k is row_ids[rows[k]] and whose column k is column_ids[columns[k]]; a null index
// vector means position k is id k.
inline auto names_of(const std::vector<std::string>& row_ids, const std::vector<std::size_t>* rows,
                     const std::vector<std::string>& column_ids, const std::vector<std::size_t>* columns) {
  return [&row_ids, rows, &column_ids, columns](bool row, std::size_t k) -> std::string {
    const std::vector<std::string>& ids = row ? row_ids : column_ids;
    const std::vector<std::size_t>* at = row ? rows : columns;
    if (at != nullptr) {
      if (k >= at->size()) return {};
      k = (*at)[k];
    }
    return k < ids.size() ? quoted(ids[k]) : std::string();
  };
}

// Names for a pooled matrix: the rows of periods[0] (units[rows[0][...]]), then those of periods[1], and so on.
inline auto pooled_names(const std::vector<std::string>& units, const std::vector<Period>& periods,
                         const std::vector<std::vector<std::size_t>>& rows, const std::vector<std::string>& columns) {
  return [&units, &periods, &rows, &columns](bool row, std::size_t k) -> std::string {
    if (!row) return k < columns.size() ? quoted(columns[k]) : std::string();
    for (std::size_t p = 0; p < rows.size() && p < periods.size(); ++p) {
      if (k < rows[p].size()) return quoted(units[rows[p][k]]) + " (period " + periods[p].to_string() + ")";
      k -= rows[p].size();
    }
    return {};
  };
}

inline std::string node_where(const std::string& node, const Period* period) {
  std::string out = "run[node=" + node;
  if (period != nullptr) out += ", period=" + period->to_string();
  return out + "]";
}

// Units x columns storage with the Panel layout: period p in columns [p*C, (p+1)*C).
struct Table {
  std::size_t columns = 0;
  Mat values;
  Table() = default;
  Table(std::size_t units, std::size_t cols, std::size_t periods)
      : columns(cols), values(Mat::Constant(ix(units), ix(cols * periods), nan)) {}
  double& at(std::size_t u, std::size_t c, std::size_t p) { return values(ix(u), ix(p * columns + c)); }
  [[nodiscard]] double at(std::size_t u, std::size_t c, std::size_t p) const {
    return values(ix(u), ix(p * columns + c));
  }
};

inline Panel to_panel(const std::vector<std::string>& units, const std::vector<std::string>& cols,
                      const std::vector<Period>& periods, Table&& t) {
  return Panel::from_matrix(units, cols, periods, std::move(t.values));
}

// The model's node method of an aggregate ("" = the root).
inline const NodeMethod& method_of(const Model& m, const std::string& node) {
  if (node.empty()) return m.composite_method ? *m.composite_method : m.default_method;
  const auto it = m.methods.find(node);
  return it == m.methods.end() ? m.default_method : it->second;
}

inline void check_enum(const std::string& ctx, const char* name, int value, int count) {
  if (value < 0 || value >= count) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       std::string(name) + " " + std::to_string(value) + " is outside its enumeration");
  }
}

inline void validate_model(const Model& m, const Inputs& in) {
  const std::string ctx = "run";
  const Framework& fw = in.framework;
  check_enum(ctx, "preparation.screen_scope", static_cast<int>(m.preparation.screen_scope), 2);
  check_enum(ctx, "preparation.imputation", static_cast<int>(m.preparation.imputation), 4);
  check_enum(ctx, "preparation.impute_within", static_cast<int>(m.preparation.impute_within), 3);
  check_enum(ctx, "normalization.reference", static_cast<int>(m.normalization.reference), 3);
  check_enum(ctx, "ranking.grades", static_cast<int>(m.ranking.grades), 3);
  check_enum(ctx, "diagnosis.gap", static_cast<int>(m.diagnosis.gap), 3);
  check_enum(ctx, "diagnosis.group", static_cast<int>(m.diagnosis.group), 3);
  check_enum(ctx, "audit.scope", static_cast<int>(m.audit.scope), 4);
  if (!m.preparation.screening.active_from.empty()) {
    throw InvalidInput(
        ErrorCode::inconsistent, ctx,
        "preparation.screening.active_from must be empty: run() takes joining periods from the clusters");
  }
  if (!m.preparation.over_time.joined.empty()) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       "preparation.over_time.joined must be empty: run() takes joining periods from the clusters");
  }
  if (!m.preparation.cross_section.groups.empty()) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       "preparation.cross_section.groups must be empty: choose groups with preparation.impute_within");
  }
  // Result ids.
  const std::vector<std::pair<const char*, const std::string*>> ids = {
      {"score_id", &m.score_id}, {"composite_id", &m.composite_id}, {"step_index_id", &m.step_index_id}};
  for (std::size_t a = 0; a < ids.size(); ++a) {
    check_id(ctx, ids[a].first, *ids[a].second);
    if (fw.contains(*ids[a].second)) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx,
                         std::string(ids[a].first) + " \"" + *ids[a].second + "\" is also an id of the framework");
    }
    for (std::size_t b = 0; b < a; ++b) {
      if (*ids[a].second == *ids[b].second) {
        throw InvalidInput(ErrorCode::duplicate_id, ctx,
                           std::string(ids[a].first) + " and " + ids[b].first + " are both \"" + *ids[a].second + "\"");
      }
    }
  }
  // Node methods.
  const auto check_node = [&](const std::string& node, const NodeMethod& nm) {
    const std::string where = "run[node=" + (node.empty() ? m.composite_id : node) + "]";
    check_enum(where, "weight_source", static_cast<int>(nm.weight_source), 3);
    check_enum(where, "weight_reference", static_cast<int>(nm.weight_reference), 2);
    const std::size_t k = fw.children(node).size();
    if (nm.weight_source == WeightSource::ahp) {
      if (nm.pairwise.rows() != ix(k) || nm.pairwise.cols() != ix(k)) {
        throw InvalidInput(ErrorCode::size_mismatch, where,
                           "the pairwise matrix is " + std::to_string(nm.pairwise.rows()) + " x " +
                               std::to_string(nm.pairwise.cols()) + ", the node has " + std::to_string(k) +
                               " children");
      }
    }
    if (nm.weight_source == WeightSource::computed &&
        (nm.weights.method == WeightingMethod::fixed || nm.weights.method == WeightingMethod::combined) &&
        nm.weights.fixed.size() != ix(k)) {
      throw InvalidInput(
          ErrorCode::size_mismatch, where,
          std::to_string(nm.weights.fixed.size()) + " fixed weights for the node's " + std::to_string(k) + " children");
    }
  };
  for (const auto& [id, nm] : m.methods) {
    if (!fw.contains(id)) {
      throw NotFound("run", "model.methods names \"" + id + "\", which is not a dimension of the framework");
    }
    if (fw.is_indicator(id)) {
      throw InvalidInput(ErrorCode::inconsistent, "run",
                         "model.methods names \"" + id + "\", an indicator; methods belong to dimensions");
    }
    check_node(id, nm);
  }
  check_node("", method_of(m, ""));
  for (const Dimension& d : fw.dimensions()) {
    if (m.methods.count(d.id) == 0) check_node(d.id, m.default_method);
  }
  for (const auto& [id, opts] : m.normalization.per_indicator) {
    (void)opts;
    if (!fw.is_indicator(id)) {
      throw NotFound("run",
                     "normalization.per_indicator names \"" + id + "\", which is not an indicator of the framework");
    }
  }
  const bool base = m.normalization.reference == NormalizationReference::base_period;
  if (base != m.normalization.base_period.has_value()) {
    throw InvalidInput(ErrorCode::inconsistent, "run",
                       base ? "normalization.reference is base_period but no base_period is given"
                            : "normalization.base_period is given but the reference is not base_period");
  }
  if (base && !in.panel.has_period(*m.normalization.base_period)) {
    throw NotFound("run",
                   "the base period " + m.normalization.base_period->to_string() + " is not a period of the panel");
  }
  const double s = m.steps.share;
  if (!std::isfinite(s) || s < 0.0 || s > 1.0) {
    throw InvalidInput(ErrorCode::out_of_range, "run", "steps.share " + number_text(s) + " is not in [0, 1]");
  }
  if (s > 0.0 && !in.steps) {
    throw InvalidInput(ErrorCode::inconsistent, "run",
                       "steps.share is " + number_text(s) + " but no step assessments are given");
  }
  if (!m.steps.options.units.empty() || !m.steps.options.periods.empty()) {
    throw InvalidInput(ErrorCode::inconsistent, "run",
                       "steps.options.units and .periods must be empty: run() uses the panel's units and periods");
  }
  if (!m.ranking.within_regions.empty() && !in.regions) {
    throw InvalidInput(ErrorCode::inconsistent, "run", "ranking.within_regions needs the regions (inputs.regions)");
  }
  std::set<std::string> seen_regions;
  for (const std::string& code : m.ranking.within_regions) {
    if (!in.regions->contains(code))
      throw NotFound("run", "ranking.within_regions names unknown region \"" + code + "\"");
    if (!seen_regions.insert(code).second) {
      throw InvalidInput(ErrorCode::duplicate_id, "run", "ranking.within_regions lists \"" + code + "\" twice");
    }
  }
  const Interval& sc = m.diagnosis.scale;
  if (!std::isfinite(sc.low) || !std::isfinite(sc.high) || !(sc.low < sc.high)) {
    throw InvalidInput(ErrorCode::out_of_range, "run",
                       "diagnosis.scale [" + number_text(sc.low) + ", " + number_text(sc.high) +
                           "] is not a finite interval with low < high");
  }
  if (m.diagnosis.enabled && m.diagnosis.top < 1) {
    throw InvalidInput(ErrorCode::out_of_range, "run", "diagnosis.top must be at least 1");
  }
  if (!m.diagnosis.coupling.empty()) {
    if (m.diagnosis.coupling.size() < 2) {
      throw InvalidInput(ErrorCode::inconsistent, "run", "diagnosis.coupling needs at least two subsystems");
    }
    std::set<std::string> seen;
    for (const std::string& id : m.diagnosis.coupling) {
      if (!fw.contains(id))
        throw NotFound("run", "diagnosis.coupling names \"" + id + "\", which is not in the framework");
      if (!seen.insert(id).second) {
        throw InvalidInput(ErrorCode::duplicate_id, "run", "diagnosis.coupling lists \"" + id + "\" twice");
      }
    }
  }
  if (m.ranking.grades == GradeScheme::fixed && m.ranking.bands.empty()) {
    throw InvalidInput(ErrorCode::empty_input, "run", "ranking.grades is fixed but no bands are given");
  }
  if (m.ranking.grades == GradeScheme::quantile && m.ranking.quantile_labels.empty()) {
    throw InvalidInput(ErrorCode::empty_input, "run", "ranking.grades is quantile but no labels are given");
  }
}

// Rows (unit positions) active in period p.
inline std::vector<std::size_t> rows_of(const std::vector<std::vector<char>>& active, std::size_t p) {
  std::vector<std::size_t> rows;
  for (std::size_t u = 0; u < active.size(); ++u) {
    if (active[u][p] != 0) rows.push_back(u);
  }
  return rows;
}

// Normalises the columns `cols` of x with `opts` against the chosen reference, writing into `out` (same
// shape as x). `base` is the base-period matrix (same columns) for NormalizationReference::base_period.
inline NormalizeResult normalize_against(const Mat& x, const std::vector<ColumnSpec>& specs,
                                         const NormalizeOptions& opts, const Mat* base,
                                         const std::vector<std::string>& ids, const Period* base_period) {
  if (base == nullptr) return normalize(x, specs, opts);
  switch (opts.method) {
    case NormalizationMethod::goalposts:
    case NormalizationMethod::distance_to_target:
    case NormalizationMethod::categorical:
      return normalize(x, specs, opts);
    case NormalizationMethod::min_max: {
      std::vector<ColumnSpec> posts = specs;
      for (Eigen::Index j = 0; j < base->cols(); ++j) {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (Eigen::Index i = 0; i < base->rows(); ++i) {
          const double v = (*base)(i, j);
          if (std::isnan(v)) continue;
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
        if (!(lo < hi)) {
          throw InvalidInput(ErrorCode::inconsistent, "run[indicator=" + ids[static_cast<std::size_t>(j)] + "]",
                             "the base period " + base_period->to_string() +
                                 (lo > hi ? " has no value" : " has a single distinct value") +
                                 ", so it gives no min-max reference");
        }
        posts[static_cast<std::size_t>(j)].goalposts = Interval{lo, hi};
      }
      GoalpostsOptions g;
      g.range = opts.min_max.range;
      g.cap = false;
      return normalize_goalposts(x, posts, g, opts.rules);
    }
    case NormalizationMethod::z_score: {
      NormalizeResult r;
      r.values = x;
      r.status.assign(static_cast<std::size_t>(x.cols()), ColumnStatus::ok);
      r.observed.assign(static_cast<std::size_t>(x.cols()), 0);
      r.capped.assign(static_cast<std::size_t>(x.cols()), 0);
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const std::string where = "run[indicator=" + ids[static_cast<std::size_t>(j)] + "]";
        const Direction d = specs[static_cast<std::size_t>(j)].direction;
        if (d != Direction::higher_is_better && d != Direction::lower_is_better) {
          throw InvalidInput(ErrorCode::invalid_argument, where,
                             "z-scores against a base period need a higher_is_better or lower_is_better indicator");
        }
        double sum = 0.0;
        double n = 0.0;
        for (Eigen::Index i = 0; i < base->rows(); ++i) {
          if (!std::isnan((*base)(i, j))) {
            sum += (*base)(i, j);
            n += 1.0;
          }
        }
        const double mean = sum / n;
        double ss = 0.0;
        for (Eigen::Index i = 0; i < base->rows(); ++i) {
          if (!std::isnan((*base)(i, j))) ss += ((*base)(i, j) - mean) * ((*base)(i, j) - mean);
        }
        const double dof = opts.z_score.deviation == StandardDeviation::sample ? n - 1.0 : n;
        const double sd = std::sqrt(ss / dof);
        if (!(n >= 2.0) || !(sd > 0.0) || !std::isfinite(sd)) {
          throw InvalidInput(ErrorCode::inconsistent, where,
                             "the base period " + base_period->to_string() +
                                 " gives no standard deviation (fewer than two values, or all equal)");
        }
        const double sign = d == Direction::higher_is_better ? 1.0 : -1.0;
        Eigen::Index observed = 0;
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
          const double v = x(i, j);
          if (std::isnan(v)) continue;
          if (std::isinf(v)) throw InvalidInput(ErrorCode::not_finite, where, "a value is not finite");
          r.values(i, j) = opts.z_score.mean + sign * opts.z_score.sd * ((v - mean) / sd);
          ++observed;
        }
        r.observed[static_cast<std::size_t>(j)] = observed;
        if (observed == 0) r.status[static_cast<std::size_t>(j)] = ColumnStatus::no_data;
      }
      return r;
    }
    default:
      throw InvalidInput(ErrorCode::invalid_argument, "run",
                         std::string("normalisation method ") + to_string(opts.method) +
                             " has no base-period reference; use min_max, z_score, goalposts, distance_to_target "
                             "or categorical, or the per_period or pooled reference");
  }
}

}  // namespace detail::assess

/// Runs an assessment: every period of the panel, from raw values to ranks, grades, diagnosis and audit.
///
/// Stages, in order (each documented with its choices in Model):
/// 1. **Members.** A unit of the panel must be a cluster of Inputs::clusters. In each period only the clusters
///    that have joined (is_active_in()) are assessed; values observed before a cluster joined are ignored
///    (counted in PreparationRecord::ignored_before_joining).
/// 2. **Denominate** (Preparation::denominations), then keep the framework's indicators.
/// 3. **Screen** by coverage (pooled or per period, joining periods honoured): screened-out units are not
///    assessed (UnitState::screened_out); a screened-out indicator leaves the aggregates that hold it (their
///    other children's weights renormalised), and an aggregate left without children leaves its parent. If the
///    composite is left without children in a period, run() fails.
/// 4. **Impute** (none, over time, cross-section within groups, or both) and **treat outliers** per period on
///    the active units.
/// 5. **Normalise** each indicator (its direction, target, range, goalposts from the framework) against the
///    reference: per period, pooled over periods, or a base period.
/// 6. **Aggregate** bottom-up: every dimension, then the composite, with its node method (weights from the
///    framework, computed from the data, or AHP; any aggregation or MCDA method; the availability threshold).
///    Effective weights follow from the weights used.
/// 7. **Step index** from the step assessments (when given) and the **blend** with the composite.
/// 8. **Rank and grade** every node overall and within cohorts and regions.
/// 9. **Diagnose** (obstacle degrees of indicators and dimensions, contributions, gaps, strengths and
///    weaknesses, coupling coordination) and **audit** the framework.
///
/// Missing values: missing cells stay missing unless imputed; each aggregation's missing rule and
/// availability threshold decide whether a unit is scored with what it has (default: skip, i.e. re-weight
/// over the observed children). A unit whose final score is missing is UnitState::unscored and takes no
/// rank. Deterministic: the same inputs and model give the same result bit for bit, with any thread count.
/// @param model every choice.
/// @param inputs framework, clusters, regions, panel and step assessments.
/// @return the result of every period, with a record of every choice and change.
/// @throws InvalidInput for an inconsistent model (an id of the model unknown to the framework, weights that
///   do not match a node's children, a base period not in the panel, fields run() fills in given, ...) or bad
///   data as each stage reports it; contexts name the node, indicator, unit and period (`run[node=quality,
///   period=2021]: ...`).
/// @throws NotFound for a panel unit that is not a cluster, a framework indicator not in the panel, an unknown
///   region or id.
/// @throws NumericalError as a method reports it.
inline Result run(const Model& model, const Inputs& inputs) {
  namespace da = detail::assess;
  using da::ix;
  using da::Mat;
  using da::nan;
  const Framework& fw = inputs.framework;
  da::validate_model(model, inputs);

  Result res;
  res.model = model;
  const auto choose = [&res](std::string stage, std::string choice, std::string value) {
    res.choices.push_back(ChoiceRecord{std::move(stage), std::move(choice), std::move(value)});
  };

  // ---- 1-2. Members, denomination, framework indicators ----
  Panel panel = inputs.panel;
  for (const std::string& u : panel.units()) {
    if (inputs.clusters.find(u) == nullptr) {
      throw NotFound("run", "unit \"" + u + "\" of the panel is not in the cluster set");
    }
  }
  for (const Cluster& c : inputs.clusters.clusters()) {
    if (!panel.has_unit(c.id)) res.preparation.ignored_clusters.push_back(c.id);
  }
  if (!model.preparation.denominations.empty()) {
    DenominateResult dr = da::within("run[stage=denominate]", [&] {
      return denominate(panel, model.preparation.denominations, model.preparation.denominate);
    });
    panel = std::move(dr.panel);
    res.preparation.denominations = std::move(dr.rules);
    for (const DenominationRule& r : model.preparation.denominations) {
      choose("preparation", "denominate " + (r.new_id.empty() ? r.numerator : r.new_id),
             r.numerator + " / " + r.denominator + " * " + detail::number_text(r.scale));
    }
  }
  const std::vector<std::string>& ind_ids = fw.indicator_ids();
  for (const std::string& id : ind_ids) {
    if (!panel.has_indicator(id)) {
      throw NotFound("run", "indicator \"" + id + "\" of the framework is not in the panel");
    }
  }
  panel = panel.select_indicators(ind_ids);
  const std::vector<std::string> units = panel.units();
  const std::vector<Period> periods = panel.periods();
  const std::size_t U = units.size();
  const std::size_t P = periods.size();
  const std::size_t I = ind_ids.size();
  res.units = units;
  res.periods = periods;

  std::vector<const Cluster*> cluster_of(U);
  std::map<std::string, Period> joined;
  for (std::size_t u = 0; u < U; ++u) {
    cluster_of[u] = inputs.clusters.find(units[u]);
    joined.emplace(units[u], cluster_of[u]->joined);
  }
  std::vector<std::vector<char>> member(U, std::vector<char>(P, 0));
  {
    Mat all = panel.matrix();
    for (std::size_t u = 0; u < U; ++u) {
      for (std::size_t p = 0; p < P; ++p) {
        member[u][p] = is_active_in(*cluster_of[u], periods[p]) ? 1 : 0;
        if (member[u][p] != 0) continue;
        for (std::size_t i = 0; i < I; ++i) {
          double& v = all(ix(u), ix(p * I + i));
          if (!std::isnan(v)) {
            ++res.preparation.ignored_before_joining;
            v = nan;
          }
        }
      }
    }
    for (std::size_t p = 0; p < P; ++p) panel.set_period_matrix(p, all.middleCols(ix(p * I), ix(I)));
  }
  bool any_member = false;
  for (std::size_t u = 0; u < U && !any_member; ++u) {
    for (std::size_t p = 0; p < P; ++p) any_member = any_member || member[u][p] != 0;
  }
  if (!any_member)
    throw InvalidInput(ErrorCode::inconsistent, "run", "no cluster of the panel is active in any period");

  // ---- 3. Screening ----
  std::vector<std::vector<char>> active = member;                          // active[u][p]
  std::vector<std::vector<char>> removed_ind(I, std::vector<char>(P, 0));  // removed_ind[i][p]
  std::vector<std::vector<char>> screened_unit(U, std::vector<char>(P, 0));
  if (model.preparation.screen) {
    ScreenOptions so = model.preparation.screening;
    so.active_from = joined;
    const auto apply = [&](const ScreenResult& sr, const std::vector<std::size_t>& ps) {
      for (std::size_t u = 0; u < U; ++u) {
        if (!sr.units[u].is_removed()) continue;
        for (const std::size_t p : ps) {
          if (member[u][p] != 0) screened_unit[u][p] = 1;
          active[u][p] = 0;
        }
      }
      for (std::size_t i = 0; i < I; ++i) {
        if (!sr.indicators[i].is_removed()) continue;
        for (const std::size_t p : ps) removed_ind[i][p] = 1;
      }
    };
    if (model.preparation.screen_scope == ScreenScope::pooled) {
      ScreenResult sr = da::within("run[stage=screen]", [&] { return screen_pooled(panel, so); });
      std::vector<std::size_t> all(P);
      for (std::size_t p = 0; p < P; ++p) all[p] = p;
      apply(sr, all);
      res.preparation.screening.push_back(std::move(sr));
    } else {
      for (std::size_t p = 0; p < P; ++p) {
        bool any = false;
        for (std::size_t u = 0; u < U; ++u) any = any || member[u][p] != 0;
        if (!any) continue;  // nobody to screen in this period
        ScreenResult sr = da::within("run[stage=screen, period=" + periods[p].to_string() + "]",
                                     [&] { return screen_period(panel, periods[p], so); });
        apply(sr, {p});
        res.preparation.screening.push_back(std::move(sr));
      }
    }
    choose("preparation", "screen", to_string(model.preparation.screen_scope));
    choose("preparation", "screen min_unit_coverage",
           detail::number_text(model.preparation.screening.min_unit_coverage));
    choose("preparation", "screen min_indicator_coverage",
           detail::number_text(model.preparation.screening.min_indicator_coverage));
  } else {
    choose("preparation", "screen", "off");
  }
  // Cells of inactive units and removed indicators take no part from here on.
  {
    Mat all = panel.matrix();
    for (std::size_t p = 0; p < P; ++p) {
      for (std::size_t u = 0; u < U; ++u) {
        for (std::size_t i = 0; i < I; ++i) {
          if (active[u][p] == 0 || removed_ind[i][p] != 0) all(ix(u), ix(p * I + i)) = nan;
        }
      }
    }
    for (std::size_t p = 0; p < P; ++p) panel.set_period_matrix(p, all.middleCols(ix(p * I), ix(I)));
  }

  // ---- 4. Imputation and outliers ----
  const auto group_labels = [&](UnitGrouping g) {
    std::vector<std::string> out(U);
    for (std::size_t u = 0; u < U; ++u) {
      out[u] = g == UnitGrouping::cohort   ? cluster_of[u]->cohort
               : g == UnitGrouping::region ? cluster_of[u]->region
                                           : "";
    }
    return out;
  };
  const ImputationKind imputation = model.preparation.imputation;
  choose("preparation", "imputation", to_string(imputation));
  if (imputation == ImputationKind::over_time || imputation == ImputationKind::over_time_then_cross_section) {
    TimeImputeOptions to = model.preparation.over_time;
    to.joined = joined;
    PanelImputation pi = da::within("run[stage=impute]", [&] { return impute_over_time(panel, to); });
    // Only cells of active units in kept indicators may be filled.
    Mat all = pi.panel.matrix();
    for (const ImputedCell& c : pi.cells) {
      const std::size_t u = panel.unit_index(c.unit);
      const std::size_t i = panel.indicator_index(c.indicator);
      const std::size_t p = panel.period_index(c.period);
      if (active[u][p] == 0 || removed_ind[i][p] != 0) {
        all(ix(u), ix(p * I + i)) = nan;
      } else {
        res.preparation.imputed.push_back(c);
      }
    }
    for (std::size_t p = 0; p < P; ++p) panel.set_period_matrix(p, all.middleCols(ix(p * I), ix(I)));
    choose("preparation", "imputation over time", to.method == TimeImputeMethod::locf ? "locf" : "linear");
  }
  if (imputation == ImputationKind::cross_section || imputation == ImputationKind::over_time_then_cross_section) {
    const std::vector<std::string> labels = group_labels(model.preparation.impute_within);
    for (std::size_t p = 0; p < P; ++p) {
      const std::vector<std::size_t> rows = da::rows_of(active, p);
      if (rows.empty()) continue;
      std::vector<std::size_t> cols;
      for (std::size_t i = 0; i < I; ++i) {
        if (removed_ind[i][p] == 0) cols.push_back(i);
      }
      if (cols.empty()) continue;
      const auto period_m = panel.period_matrix(p);
      Mat x(ix(rows.size()), ix(cols.size()));
      for (std::size_t c = 0; c < cols.size(); ++c) {
        for (std::size_t r = 0; r < rows.size(); ++r) x(ix(r), ix(c)) = period_m(ix(rows[r]), ix(cols[c]));
      }
      CrossSectionImputeOptions co = model.preparation.cross_section;
      if (model.preparation.impute_within != UnitGrouping::none) {
        for (const std::size_t u : rows) co.groups.push_back(labels[u]);
      }
      const MatrixImputation mi = da::within(
          "run[stage=impute, period=" + periods[p].to_string() + "]", [&] { return impute_cross_section(x, co); },
          da::names_of(units, &rows, ind_ids, &cols));
      Mat full = period_m;
      for (const ImputedPosition& c : mi.cells) {
        const std::size_t u = rows[static_cast<std::size_t>(c.row)];
        const std::size_t i = cols[static_cast<std::size_t>(c.column)];
        full(ix(u), ix(i)) = c.value;
        res.preparation.imputed.push_back(ImputedCell{units[u], ind_ids[i], periods[p], c.method, c.value, {}});
      }
      for (const Eigen::Index j : mi.no_data) {
        res.preparation.no_data.push_back(NoDataIndicator{ind_ids[cols[static_cast<std::size_t>(j)]], periods[p]});
      }
      panel.set_period_matrix(p, full);
    }
    choose("preparation", "imputation cross-section",
           std::string(model.preparation.cross_section.statistic == ImputeStatistic::mean ? "mean" : "median") +
               " within " + to_string(model.preparation.impute_within));
  }
  if (model.preparation.treat_outliers) {
    for (std::size_t p = 0; p < P; ++p) {
      const std::vector<std::size_t> rows = da::rows_of(active, p);
      if (rows.empty()) continue;
      std::vector<std::size_t> cols;
      std::vector<std::string> col_ids;
      for (std::size_t i = 0; i < I; ++i) {
        if (removed_ind[i][p] == 0) {
          cols.push_back(i);
          col_ids.push_back(ind_ids[i]);
        }
      }
      if (cols.empty()) continue;
      const auto period_m = panel.period_matrix(p);
      Mat x(ix(rows.size()), ix(cols.size()));
      for (std::size_t c = 0; c < cols.size(); ++c) {
        for (std::size_t r = 0; r < rows.size(); ++r) x(ix(r), ix(c)) = period_m(ix(rows[r]), ix(cols[c]));
      }
      OutlierOptions oo = model.preparation.outliers;
      // Overrides for indicators outside this period's columns do not apply here.
      for (auto it = oo.overrides.begin(); it != oo.overrides.end();) {
        it = std::find(col_ids.begin(), col_ids.end(), it->first) == col_ids.end() ? oo.overrides.erase(it)
                                                                                   : std::next(it);
      }
      for (const auto& [id, ov] : model.preparation.outliers.overrides) {
        (void)ov;
        if (!fw.is_indicator(id)) {
          throw NotFound(
              "run", "preparation.outliers.overrides names \"" + id + "\", which is not an indicator of the framework");
        }
      }
      OutlierResult orr = da::within(
          "run[stage=outliers, period=" + periods[p].to_string() + "]", [&] { return treat_outliers(x, col_ids, oo); },
          da::names_of(units, &rows, col_ids, nullptr));
      Mat full = period_m;
      for (std::size_t c = 0; c < cols.size(); ++c) {
        for (std::size_t r = 0; r < rows.size(); ++r) full(ix(rows[r]), ix(cols[c])) = orr.values(ix(r), ix(c));
      }
      panel.set_period_matrix(p, full);
      for (IndicatorOutlierReport& rep : orr.indicators) {
        rep.period = periods[p];
        for (ChangedCell& cell : rep.cells) cell.unit = units[rows[static_cast<std::size_t>(cell.row)]];
        res.preparation.outliers.push_back(std::move(rep));
      }
    }
    choose("preparation", "outliers",
           "winsorise while |skew| > " + detail::number_text(model.preparation.outliers.skew_threshold) +
               " and kurtosis > " + detail::number_text(model.preparation.outliers.kurtosis_threshold) + ", at most " +
               std::to_string(model.preparation.outliers.max_winsorised) + " points" +
               (model.preparation.outliers.log_fallback ? ", then log" : ""));
  } else {
    choose("preparation", "outliers", "off");
  }
  res.prepared = panel;

  // ---- Nodes ----
  const bool has_steps = inputs.steps.has_value();
  res.nodes.push_back(ResultNode{model.score_id, NodeKind::score, "", 0});
  res.nodes.push_back(ResultNode{model.composite_id, NodeKind::composite, "", 0});
  if (has_steps) res.nodes.push_back(ResultNode{model.step_index_id, NodeKind::step_index, "", 0});
  const std::size_t first_fw = res.nodes.size();
  for (const FrameworkNode& n : fw.preorder()) {
    res.nodes.push_back(ResultNode{n.id, n.is_indicator ? NodeKind::indicator : NodeKind::dimension,
                                   n.parent.empty() ? model.composite_id : n.parent, n.depth});
  }
  const std::size_t N = res.nodes.size();
  std::vector<std::string> node_ids(N);
  std::unordered_map<std::string, std::size_t> col_of;
  for (std::size_t n = 0; n < N; ++n) {
    node_ids[n] = res.nodes[n].id;
    col_of.emplace(res.nodes[n].id, n);
  }
  const std::size_t SCORE = 0;
  const std::size_t COMPOSITE = 1;
  const std::size_t STEP = 2;
  std::vector<std::size_t> ind_col(I);
  for (std::size_t i = 0; i < I; ++i) ind_col[i] = col_of.at(ind_ids[i]);
  da::Table S(U, N, P);

  // ---- 5. Normalisation ----
  const Normalization& norm = model.normalization;
  choose("normalisation", "method", to_string(norm.options.method));
  choose("normalisation", "reference", to_string(norm.reference));
  if (norm.base_period) choose("normalisation", "base period", norm.base_period->to_string());
  for (const auto& [id, o] : norm.per_indicator) choose("normalisation", "method of " + id, to_string(o.method));
  {
    // Column groups sharing one NormalizeOptions: the default, then each override.
    std::vector<std::pair<const NormalizeOptions*, std::vector<std::size_t>>> groups;
    groups.emplace_back(&norm.options, std::vector<std::size_t>{});
    for (std::size_t i = 0; i < I; ++i) {
      const auto it = norm.per_indicator.find(ind_ids[i]);
      if (it == norm.per_indicator.end()) {
        groups[0].second.push_back(i);
      } else {
        groups.emplace_back(&it->second, std::vector<std::size_t>{i});
      }
    }
    const std::vector<Indicator>& inds = fw.indicators();
    std::vector<std::vector<std::size_t>> rows(P);
    for (std::size_t p = 0; p < P; ++p) rows[p] = da::rows_of(active, p);
    const auto gather = [&](std::size_t p, const std::vector<std::size_t>& cols) {
      const auto m = panel.period_matrix(p);
      Mat x(ix(rows[p].size()), ix(cols.size()));
      for (std::size_t c = 0; c < cols.size(); ++c) {
        for (std::size_t r = 0; r < rows[p].size(); ++r) x(ix(r), ix(c)) = m(ix(rows[p][r]), ix(cols[c]));
      }
      return x;
    };
    for (const auto& group : groups) {
      // Named references rather than a structured binding: C++17 lambdas cannot capture bindings (clang rejects it).
      const auto& opts = group.first;
      const auto& cols = group.second;
      if (cols.empty()) continue;
      std::vector<ColumnSpec> specs;
      std::vector<std::string> ids;
      for (const std::size_t i : cols) {
        specs.push_back(column_specs(std::vector<Indicator>{inds[i]}).front());
        ids.push_back(ind_ids[i]);
      }
      const auto note = [&](const NormalizeResult& nr, const Period* period) {
        for (std::size_t c = 0; c < cols.size(); ++c) {
          if (nr.status[c] != ColumnStatus::ok) {
            res.normalization.push_back(
                NormalizationNote{ids[c], period ? std::optional<Period>(*period) : std::nullopt, nr.status[c]});
          }
        }
      };
      if (norm.reference == NormalizationReference::pooled) {
        std::size_t total = 0;
        for (std::size_t p = 0; p < P; ++p) total += rows[p].size();
        Mat x(ix(total), ix(cols.size()));
        std::size_t at = 0;
        for (std::size_t p = 0; p < P; ++p) {
          const Mat part = gather(p, cols);
          x.middleRows(ix(at), part.rows()) = part;
          at += rows[p].size();
        }
        const NormalizeResult nr = da::within(
            "run[stage=normalise, pooled]", [&] { return normalize(x, specs, *opts); },
            da::pooled_names(units, periods, rows, ids));
        note(nr, nullptr);
        at = 0;
        for (std::size_t p = 0; p < P; ++p) {
          for (std::size_t c = 0; c < cols.size(); ++c) {
            for (std::size_t r = 0; r < rows[p].size(); ++r)
              S.at(rows[p][r], ind_col[cols[c]], p) = nr.values(ix(at + r), ix(c));
          }
          at += rows[p].size();
        }
      } else {
        std::optional<Mat> base;
        if (norm.reference == NormalizationReference::base_period) {
          base = gather(panel.period_index(*norm.base_period), cols);
        }
        for (std::size_t p = 0; p < P; ++p) {
          if (rows[p].empty()) continue;
          const Mat x = gather(p, cols);
          const NormalizeResult nr = da::within(
              "run[stage=normalise, period=" + periods[p].to_string() + "]",
              [&] {
                return da::normalize_against(x, specs, *opts, base ? &*base : nullptr, ids,
                                             norm.base_period ? &*norm.base_period : nullptr);
              },
              da::names_of(units, &rows[p], ids, nullptr));
          note(nr, &periods[p]);
          for (std::size_t c = 0; c < cols.size(); ++c) {
            for (std::size_t r = 0; r < rows[p].size(); ++r)
              S.at(rows[p][r], ind_col[cols[c]], p) = nr.values(ix(r), ix(c));
          }
        }
      }
    }
  }

  // ---- 6. Aggregation, bottom-up ----
  // Aggregates in post-order: every dimension after its sub-dimensions, the root ("") last.
  std::vector<std::string> aggregates;
  for (auto it = fw.dimensions().rbegin(); it != fw.dimensions().rend(); ++it) aggregates.push_back(it->id);
  aggregates.emplace_back();
  // present[n][p]: the node takes part in period p (not screened out, not emptied).
  std::vector<std::vector<char>> present(N, std::vector<char>(P, 1));
  for (std::size_t i = 0; i < I; ++i) {
    for (std::size_t p = 0; p < P; ++p) present[ind_col[i]][p] = removed_ind[i][p] != 0 ? 0 : 1;
  }
  // weight_of[n][p]: the normalised weight of node n among its parent's present children.
  std::vector<std::vector<double>> weight_of(N, std::vector<double>(P, 0.0));
  const auto raw_weight = [&](const std::string& id) {
    return fw.is_indicator(id) ? fw.indicator(id).weight : fw.dimension(id).weight;
  };
  for (const std::string& agg : aggregates) {
    const std::string agg_name = agg.empty() ? model.composite_id : agg;
    const std::size_t agg_col = agg.empty() ? COMPOSITE : col_of.at(agg);
    const NodeMethod& nm = da::method_of(model, agg);
    const std::vector<std::string>& kids = fw.children(agg);
    std::vector<std::size_t> kid_cols;
    for (const std::string& k : kids) kid_cols.push_back(col_of.at(k));
    const std::size_t K = kids.size();
    {
      std::string how =
          nm.mcda ? std::string(to_string(nm.mcda->method)) : std::string(to_string(nm.aggregation.method));
      choose("aggregation", agg_name, how);
      std::string w = to_string(nm.weight_source);
      if (nm.weight_source == WeightSource::computed) {
        w += std::string(" ") + to_string(nm.weights.method) + " (" + to_string(nm.weight_reference) + ")";
      }
      choose("weights", agg_name, w);
      if (!nm.mcda && nm.aggregation.missing.min_available_share > 0.0) {
        choose("aggregation", agg_name + " availability threshold",
               detail::number_text(nm.aggregation.missing.min_available_share));
      }
    }
    // Fixed weights over all children (framework or AHP), computed once.
    Eigen::VectorXd fixed_w;
    std::optional<AhpResult> ahp;
    if (nm.weight_source == WeightSource::framework) {
      fixed_w.resize(ix(K));
      for (std::size_t k = 0; k < K; ++k) fixed_w[ix(k)] = raw_weight(kids[k]);
    } else if (nm.weight_source == WeightSource::ahp) {
      ahp = da::within(
          da::node_where(agg_name, nullptr), [&] { return ahp_weights(nm.pairwise, nm.ahp); },
          da::names_of(kids, nullptr, kids, nullptr));
      fixed_w = ahp->weights;
    }
    const std::vector<Direction> dirs(K, Direction::higher_is_better);
    const auto children_matrix = [&](std::size_t p, const std::vector<std::size_t>& rows) {
      Mat x(ix(rows.size()), ix(K));
      for (std::size_t k = 0; k < K; ++k) {
        for (std::size_t r = 0; r < rows.size(); ++r) x(ix(r), ix(k)) = S.at(rows[r], kid_cols[k], p);
      }
      return x;
    };
    Eigen::VectorXd pooled_w;
    if (nm.weight_source == WeightSource::computed && nm.weight_reference == WeightReference::pooled) {
      std::vector<Mat> parts;
      std::vector<std::vector<std::size_t>> part_rows;
      Eigen::Index total = 0;
      for (std::size_t p = 0; p < P; ++p) {
        part_rows.push_back(da::rows_of(active, p));
        parts.push_back(children_matrix(p, part_rows.back()));
        total += parts.back().rows();
      }
      Mat x(total, ix(K));
      Eigen::Index at = 0;
      for (const Mat& part : parts) {
        x.middleRows(at, part.rows()) = part;
        at += part.rows();
      }
      const WeightResult wr = da::within(
          da::node_where(agg_name, nullptr), [&] { return compute_weights(x, dirs, nm.weights); },
          da::pooled_names(units, periods, part_rows, kids));
      pooled_w = wr.weights;
    }
    bool same_for_all = nm.weight_source != WeightSource::computed || nm.weight_reference == WeightReference::pooled;
    std::optional<std::vector<char>> first_present;
    std::size_t records_added = 0;  // weight records of this node, one per period with present children
    for (std::size_t p = 0; p < P; ++p) {
      const std::string where = da::node_where(agg_name, &periods[p]);
      std::vector<std::size_t> live;  // positions among kids
      for (std::size_t k = 0; k < K; ++k) {
        if (present[kid_cols[k]][p] != 0) live.push_back(k);
      }
      if (live.empty()) {
        if (agg.empty()) {
          throw InvalidInput(ErrorCode::inconsistent, where, "every indicator of the framework was screened out");
        }
        present[agg_col][p] = 0;
        continue;
      }
      std::vector<char> pattern(K, 0);
      for (const std::size_t k : live) pattern[k] = 1;
      if (!first_present) first_present = pattern;
      if (*first_present != pattern) same_for_all = false;
      const std::vector<std::size_t> rows = da::rows_of(active, p);
      const Mat all_kids = children_matrix(p, rows);
      Mat x(all_kids.rows(), ix(live.size()));
      for (std::size_t c = 0; c < live.size(); ++c) x.col(ix(c)) = all_kids.col(ix(live[c]));
      const std::vector<Direction> live_dirs(live.size(), Direction::higher_is_better);
      Eigen::VectorXd w(ix(live.size()));
      std::string method_name = to_string(nm.weight_source);
      if (nm.weight_source == WeightSource::computed) {
        method_name = to_string(nm.weights.method);
        if (nm.weight_reference == WeightReference::pooled) {
          for (std::size_t c = 0; c < live.size(); ++c) w[ix(c)] = pooled_w[ix(live[c])];
        } else {
          WeightOptions wo = nm.weights;
          if (wo.fixed.size() == ix(K)) {
            Eigen::VectorXd f(ix(live.size()));
            for (std::size_t c = 0; c < live.size(); ++c) f[ix(c)] = nm.weights.fixed[ix(live[c])];
            wo.fixed = f;
          }
          if (x.rows() == 0) continue;
          w = da::within(
                  where, [&] { return compute_weights(x, live_dirs, wo); }, da::names_of(units, &rows, kids, &live))
                  .weights;
        }
      } else {
        for (std::size_t c = 0; c < live.size(); ++c) w[ix(c)] = fixed_w[ix(live[c])];
      }
      const double wsum = w.sum();
      if (!(wsum > 0.0) || !std::isfinite(wsum)) {
        throw InvalidInput(ErrorCode::inconsistent, where, "the weights of the node's children are all zero");
      }
      w /= wsum;
      for (std::size_t c = 0; c < live.size(); ++c) weight_of[kid_cols[live[c]]][p] = w[ix(c)];
      WeightRecord rec;
      rec.node = agg_name;
      rec.period = periods[p];
      for (const std::size_t k : live) rec.children.push_back(kids[k]);
      rec.weights = w;
      rec.source = nm.weight_source;
      rec.method = method_name;
      rec.ahp = ahp;
      res.weights.push_back(std::move(rec));
      ++records_added;
      if (rows.empty()) continue;
      Eigen::VectorXd scores = Eigen::VectorXd::Constant(x.rows(), nan);
      if (nm.mcda) {
        std::vector<Eigen::Index> complete;
        std::vector<std::size_t> complete_units;
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
          if (!x.row(r).array().isNaN().any()) {
            complete.push_back(r);
            complete_units.push_back(rows[static_cast<std::size_t>(r)]);
          }
        }
        if (!complete.empty()) {
          Mat xc(ix(complete.size()), x.cols());
          for (std::size_t r = 0; r < complete.size(); ++r) xc.row(ix(r)) = x.row(complete[r]);
          const McdaResult mr = da::within(
              where, [&] { return mcda(xc, w, live_dirs, *nm.mcda); },
              da::names_of(units, &complete_units, kids, &live));
          for (std::size_t r = 0; r < complete.size(); ++r) scores[complete[r]] = mr.scores[ix(r)];
        }
      } else {
        scores = da::within(
                     where, [&] { return aggregate(x, w, nm.aggregation); }, da::names_of(units, &rows, kids, &live))
                     .scores;
      }
      for (std::size_t r = 0; r < rows.size(); ++r) S.at(rows[r], agg_col, p) = scores[ix(r)];
    }
    // One record for all periods when the weights cannot differ between them.
    if (same_for_all && P > 1 && records_added == P) {
      // Keep the last record, drop the period, remove the others of this node.
      WeightRecord last = res.weights.back();
      while (!res.weights.empty() && res.weights.back().node == agg_name) res.weights.pop_back();
      last.period.reset();
      res.weights.push_back(std::move(last));
    }
  }
  // Effective weights, top-down in pre-order.
  res.effective_weights = Mat::Constant(ix(N), ix(P), nan);
  for (std::size_t p = 0; p < P; ++p) {
    res.effective_weights(ix(COMPOSITE), ix(p)) = 1.0;
    for (std::size_t n = first_fw; n < N; ++n) {
      const std::string& parent = fw.parent(res.nodes[n].id);
      const double up = parent.empty() ? 1.0 : res.effective_weights(ix(col_of.at(parent)), ix(p));
      res.effective_weights(ix(n), ix(p)) = present[n][p] != 0 ? up * weight_of[n][p] : 0.0;
    }
  }

  // ---- 7. Step index and blend ----
  for (std::size_t u = 0; u < U; ++u) {
    for (std::size_t p = 0; p < P; ++p) S.at(u, SCORE, p) = S.at(u, COMPOSITE, p);
  }
  if (has_steps) {
    StepIndexOptions so = model.steps.options;
    so.units = units;
    so.periods = periods;
    StepIndexResult sr = da::within(
        "run[stage=step_index]", [&] { return step_index(*inputs.steps, so); },
        [&](bool row, std::size_t k) -> std::string {
          if (row) return k < U ? da::quoted(units[k]) : std::string();
          return k < P ? periods[k].to_string() : std::string();
        });
    for (std::size_t u = 0; u < U; ++u) {
      for (std::size_t p = 0; p < P; ++p) {
        const double v = sr.index(ix(u), ix(p));
        if (active[u][p] != 0) {
          S.at(u, STEP, p) = v;
        } else if (inputs.steps->find(units[u], periods[p]) != nullptr) {
          ++res.preparation.ignored_step_assessments;
        }
      }
    }
    res.step_index = std::move(sr);
    choose("steps", "step index",
           "weighted completion x 100, unrated steps " +
               std::string(model.steps.options.unrated == UnratedPolicy::exclude ? "excluded" : "as zero"));
    choose("steps", "share in the score", detail::number_text(model.steps.share));
    if (model.steps.share > 0.0) {
      std::vector<std::pair<std::size_t, std::size_t>> cells;
      for (std::size_t p = 0; p < P; ++p) {
        for (std::size_t u = 0; u < U; ++u) {
          if (active[u][p] != 0) cells.emplace_back(u, p);
        }
      }
      Mat c(ix(cells.size()), 1);
      Mat t(ix(cells.size()), 1);
      for (std::size_t k = 0; k < cells.size(); ++k) {
        c(ix(k), 0) = S.at(cells[k].first, COMPOSITE, cells[k].second);
        t(ix(k), 0) = S.at(cells[k].first, STEP, cells[k].second);
      }
      BlendResult br;
      try {
        br = blend(c, t, model.steps.share, model.steps.blend);
      } catch (const InvalidInput& e) {
        // Name the cell: the message counts rows of the active cells.
        throw InvalidInput(
            e.code(), "run[stage=blend]",
            detail::without_prefix(e.what()) + " (rows are the assessed (unit, period) cells in period order)");
      }
      for (std::size_t k = 0; k < cells.size(); ++k) S.at(cells[k].first, SCORE, cells[k].second) = br.score(ix(k), 0);
      res.blend = std::move(br);
    }
  }

  // States.
  res.state.assign(U * P, UnitState::scored);
  for (std::size_t p = 0; p < P; ++p) {
    for (std::size_t u = 0; u < U; ++u) {
      UnitState st = UnitState::scored;
      if (member[u][p] == 0) {
        st = UnitState::inactive;
      } else if (screened_unit[u][p] != 0) {
        st = UnitState::screened_out;
      } else if (std::isnan(S.at(u, SCORE, p))) {
        st = UnitState::unscored;
      }
      res.state[p * U + u] = st;
    }
  }

  // ---- 8. Ranks and grades ----
  const RankOptions& ro = model.ranking.options;
  choose("ranking", "ties", to_string(ro.ties));
  da::Table R(U, N, P);
  if (model.ranking.within_cohort) {
    GroupRanking g;
    g.name = "cohort";
    g.group = group_labels(UnitGrouping::cohort);
    g.member.assign(U, true);
    res.group_ranks.push_back(std::move(g));
  }
  for (const std::string& code : model.ranking.within_regions) {
    GroupRanking g;
    g.name = "region:" + code;
    g.group.resize(U);
    g.member.resize(U);
    for (std::size_t u = 0; u < U; ++u) {
      const bool in_region = da::within("run[stage=rank, unit=" + units[u] + "]",
                                        [&] { return inputs.regions->is_within(cluster_of[u]->region, code); });
      g.member[u] = in_region;
      g.group[u] = in_region ? code : "";
    }
    res.group_ranks.push_back(std::move(g));
  }
  std::vector<da::Table> GR(res.group_ranks.size(), da::Table(U, N, P));
  const bool graded = model.ranking.grades != GradeScheme::none;
  da::Table G;
  if (graded) {
    G = da::Table(U, N, P);
    if (model.ranking.grades == GradeScheme::fixed) {
      for (const GradeBand& b : model.ranking.bands) res.grade_labels.push_back(b.name);
    } else {
      res.grade_labels = model.ranking.quantile_labels;
    }
    choose("ranking", "grades", to_string(model.ranking.grades));
  }
  // The members of every group of every grouping, once: rank() on each group's gathered scores equals
  // rank_within() on the whole vector, without comparing group labels for every node and period.
  std::vector<std::vector<std::vector<std::size_t>>> members(res.group_ranks.size());
  for (std::size_t g = 0; g < res.group_ranks.size(); ++g) {
    std::map<std::string, std::size_t> slot;
    for (std::size_t u = 0; u < U; ++u) {
      if (!res.group_ranks[g].member[u]) continue;
      const auto it = slot.emplace(res.group_ranks[g].group[u], members[g].size()).first;
      if (it->second == members[g].size()) members[g].emplace_back();
      members[g][it->second].push_back(u);
    }
  }
  // Every (node, period) is ranked on its own and writes only its own columns: parallel over them, with
  // identical results for any thread count.
  const auto NP = static_cast<Eigen::Index>(N * P);
  detail::parallel_for(NP, NP * ix(U), [&](Eigen::Index q) {
    const std::size_t n = static_cast<std::size_t>(q) % N;
    const std::size_t p = static_cast<std::size_t>(q) / N;
    Eigen::VectorXd v(ix(U));
    for (std::size_t u = 0; u < U; ++u) v[ix(u)] = S.at(u, n, p);
    const std::string where = da::node_where(node_ids[n], &periods[p]);
    const std::vector<std::string> no_columns;
    const RankResult rr = da::within(
        where, [&] { return rank(v, ro); }, da::names_of(units, nullptr, no_columns, nullptr));
    for (std::size_t u = 0; u < U; ++u) R.at(u, n, p) = rr.ranks[ix(u)];
    for (std::size_t g = 0; g < members.size(); ++g) {
      for (const std::vector<std::size_t>& group : members[g]) {
        Eigen::VectorXd w(ix(group.size()));
        for (std::size_t k = 0; k < group.size(); ++k) w[ix(k)] = v[ix(group[k])];
        const RankResult gres = da::within(
            where, [&] { return rank(w, ro); }, da::names_of(units, &group, no_columns, nullptr));
        for (std::size_t k = 0; k < group.size(); ++k) GR[g].at(group[k], n, p) = gres.ranks[ix(k)];
      }
    }
    if (graded) {
      const GradeResult gr = da::within(
          where,
          [&] {
            return model.ranking.grades == GradeScheme::fixed
                       ? grade_fixed(v, model.ranking.bands)
                       : grade_quantile(v, model.ranking.quantile_labels, model.ranking.quantile_probabilities);
          },
          da::names_of(units, nullptr, no_columns, nullptr));
      for (std::size_t u = 0; u < U; ++u) G.at(u, n, p) = gr.band[u] ? static_cast<double>(*gr.band[u]) : nan;
    }
  });

  // ---- 9. Diagnosis ----
  const Diagnosis& dg = model.diagnosis;
  if (dg.enabled) {
    choose("diagnosis", "scale",
           "[" + detail::number_text(dg.scale.low) + ", " + detail::number_text(dg.scale.high) + "]");
    choose("diagnosis", "gap benchmark", to_string(dg.gap));
    const double lo = dg.scale.low;
    const double width = dg.scale.high - dg.scale.low;
    const std::vector<Dimension>& dims = fw.dimensions();
    const std::size_t D = dims.size();
    std::vector<std::vector<std::size_t>> dim_inds(D);
    for (std::size_t d = 0; d < D; ++d) {
      for (const std::string& id : fw.indicators_under(dims[d].id)) dim_inds[d].push_back(fw.indicator_index(id));
    }
    da::Table O(U, I, P);
    da::Table DO(U, std::max<std::size_t>(D, 1), P);
    da::Table C(U, I, P);
    da::Table GA(U, I, P);
    da::Table GRel(U, I, P);
    res.findings.assign(P, std::vector<UnitFindings>(U));
    const std::vector<std::string> diag_groups = group_labels(dg.group);
    StrengthOptions sto = dg.strengths;
    sto.k = dg.top;
    for (std::size_t p = 0; p < P; ++p) {
      const std::vector<std::size_t> rows = da::rows_of(active, p);
      if (rows.empty()) continue;
      const std::string where = "run[stage=diagnosis, period=" + periods[p].to_string() + "]";
      Mat x(ix(rows.size()), ix(I));
      for (std::size_t i = 0; i < I; ++i) {
        for (std::size_t r = 0; r < rows.size(); ++r) {
          double val = S.at(rows[r], ind_col[i], p);
          if (!std::isnan(val)) {
            if (val < dg.scale.low || val > dg.scale.high) {
              ++res.diagnosis_clipped;
              val = std::min(std::max(val, dg.scale.low), dg.scale.high);
            }
            val -= lo;
          }
          x(ix(r), ix(i)) = val;
        }
      }
      Eigen::VectorXd w(ix(I));
      for (std::size_t i = 0; i < I; ++i) w[ix(i)] = res.effective_weights(ix(ind_col[i]), ix(p));
      const auto names = da::names_of(units, &rows, ind_ids, nullptr);
      ObstacleOptions oo;
      oo.scale_max = width;
      const ObstacleResult obs = da::within(
          where, [&] { return obstacle_degree(x, w, oo); }, names);
      const ContributionResult con = da::within(
          where, [&] { return indicator_contribution(x, w); }, names);
      GapResult gap;
      if (dg.gap == GapBenchmark::best) {
        gap = da::within(
            where, [&] { return gap_to_best(x); }, names);
      } else if (dg.gap == GapBenchmark::group_best) {
        std::vector<std::string> labels;
        for (const std::size_t u : rows) labels.push_back(diag_groups[u]);
        gap = da::within(
            where, [&] { return gap_to_group_best(x, labels); }, names);
      } else {
        gap = da::within(
            where, [&] { return gap_to_target(x, Eigen::VectorXd::Constant(ix(I), width)); }, names);
      }
      const StrengthResult st = da::within(
          where, [&] { return strengths_weaknesses(x, sto); }, names);
      const auto tops = da::within(
          where, [&] { return top_obstacles(obs, dg.top); }, names);
      for (std::size_t i = 0; i < I; ++i) {
        for (std::size_t r = 0; r < rows.size(); ++r) {
          const std::size_t u = rows[r];
          O.at(u, i, p) = obs.degree(ix(r), ix(i));
          C.at(u, i, p) = con.share(ix(r), ix(i));
          GA.at(u, i, p) = gap.absolute(ix(r), ix(i));
          GRel.at(u, i, p) = gap.relative(ix(r), ix(i));
        }
      }
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::size_t u = rows[r];
        for (std::size_t d = 0; d < D; ++d) {
          double sum = 0.0;
          bool any = false;
          for (const std::size_t i : dim_inds[d]) {
            const double o = obs.degree(ix(r), ix(i));
            if (!std::isnan(o)) {
              sum += o;
              any = true;
            }
          }
          DO.at(u, d, p) = any ? sum : nan;
        }
        UnitFindings& f = res.findings[p][u];
        for (const IndicatorValue& iv : tops[r])
          f.obstacles.push_back(Finding{ind_ids[static_cast<std::size_t>(iv.indicator)], iv.value});
        for (const IndicatorValue& iv : st.units[r].strengths) {
          f.strengths.push_back(Finding{ind_ids[static_cast<std::size_t>(iv.indicator)], iv.value});
        }
        for (const IndicatorValue& iv : st.units[r].weaknesses) {
          f.weaknesses.push_back(Finding{ind_ids[static_cast<std::size_t>(iv.indicator)], iv.value});
        }
      }
    }
    res.obstacles = da::to_panel(units, ind_ids, periods, std::move(O));
    if (D > 0) {
      std::vector<std::string> dim_ids;
      for (const Dimension& d : dims) dim_ids.push_back(d.id);
      res.dimension_obstacles = da::to_panel(units, dim_ids, periods, std::move(DO));
    }
    res.contributions = da::to_panel(units, ind_ids, periods, std::move(C));
    res.gaps = da::to_panel(units, ind_ids, periods, std::move(GA));
    res.relative_gaps = da::to_panel(units, ind_ids, periods, std::move(GRel));
    if (!dg.coupling.empty()) {
      CouplingTable ct;
      ct.subsystems = dg.coupling;
      ct.coupling = Mat::Constant(ix(U), ix(P), nan);
      ct.development = ct.coupling;
      ct.coordination = ct.coupling;
      ct.grade = Eigen::MatrixXi::Zero(ix(U), ix(P));
      choose("diagnosis", "coupling coordination", [&] {
        std::string s;
        for (const std::string& id : dg.coupling) s += (s.empty() ? "" : ", ") + id;
        return s;
      }());
      for (std::size_t p = 0; p < P; ++p) {
        const std::vector<std::size_t> rows = da::rows_of(active, p);
        if (rows.empty()) continue;
        Mat us(ix(rows.size()), ix(dg.coupling.size()));
        for (std::size_t r = 0; r < rows.size(); ++r) {
          for (std::size_t k = 0; k < dg.coupling.size(); ++k) {
            const double val = S.at(rows[r], col_of.at(dg.coupling[k]), p);
            us(ix(r), ix(k)) = std::isnan(val) ? nan : std::min(1.0, std::max(0.0, (val - lo) / width));
          }
        }
        const CouplingResult cr = da::within(
            "run[stage=coupling, period=" + periods[p].to_string() + "]",
            [&] { return coupling_coordination(us, dg.coupling_options); },
            da::names_of(units, &rows, dg.coupling, nullptr));
        for (std::size_t r = 0; r < rows.size(); ++r) {
          ct.coupling(ix(rows[r]), ix(p)) = cr.coupling[ix(r)];
          ct.development(ix(rows[r]), ix(p)) = cr.development[ix(r)];
          ct.coordination(ix(rows[r]), ix(p)) = cr.coordination[ix(r)];
          ct.grade(ix(rows[r]), ix(p)) = cr.grade[r];
        }
      }
      res.coupling = std::move(ct);
    }
  }

  // ---- Audit ----
  if (model.audit.scope != AuditScope::none) {
    choose("audit", "scope", to_string(model.audit.scope));
    const auto audit_rows = [&](const std::vector<std::size_t>& ps) {
      std::size_t total = 0;
      for (const std::size_t p : ps) total += da::rows_of(active, p).size();
      Mat x(ix(total), ix(I));
      std::size_t at = 0;
      for (const std::size_t p : ps) {
        const auto m = panel.period_matrix(p);
        for (const std::size_t u : da::rows_of(active, p)) {
          for (std::size_t i = 0; i < I; ++i) x(ix(at), ix(i)) = m(ix(u), ix(i));
          ++at;
        }
      }
      return x;
    };
    std::vector<std::vector<std::size_t>> scopes;
    if (model.audit.scope == AuditScope::pooled) {
      std::vector<std::size_t> all(P);
      for (std::size_t p = 0; p < P; ++p) all[p] = p;
      scopes.push_back(all);
    } else {
      for (std::size_t p = model.audit.scope == AuditScope::latest ? P - 1 : 0; p < P; ++p) scopes.push_back({p});
    }
    for (const auto& ps : scopes) {
      const Mat x = audit_rows(ps);
      if (x.rows() == 0) continue;
      const bool pooled = model.audit.scope == AuditScope::pooled;
      const std::string where =
          pooled ? "run[stage=audit, pooled]" : "run[stage=audit, period=" + periods[ps.front()].to_string() + "]";
      AuditRecord rec;
      if (!pooled) rec.period = periods[ps.front()];
      rec.indicators = ind_ids;
      std::vector<std::vector<std::size_t>> audit_units(P);
      for (const std::size_t p : ps) audit_units[p] = da::rows_of(active, p);
      const auto audit = [&] { return audit_framework(x, fw, ind_ids, model.audit.options); };
      rec.audit = pooled ? da::within(where, audit, da::pooled_names(units, periods, audit_units, ind_ids))
                         : da::within(where, audit, da::names_of(units, &audit_units[ps.front()], ind_ids, nullptr));
      res.audits.push_back(std::move(rec));
    }
  }

  res.scores = da::to_panel(units, node_ids, periods, std::move(S));
  res.ranks = da::to_panel(units, node_ids, periods, std::move(R));
  for (std::size_t g = 0; g < res.group_ranks.size(); ++g) {
    res.group_ranks[g].ranks = da::to_panel(units, node_ids, periods, std::move(GR[g]));
  }
  if (graded) res.grades = da::to_panel(units, node_ids, periods, std::move(G));
  return res;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_ASSESSMENT_RUN_HPP
