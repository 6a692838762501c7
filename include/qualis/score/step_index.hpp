/// @file
/// @brief The step index of the scoring layer: the weighted completion of the eleven-step working method
/// (十一步工作法) per cluster and period on 0..100, its maturity stage, its change since the last assessment
/// and the weakest steps (step_index()), and the blend of a composite score with the step index (blend()).
///
/// Everything here builds on qualis/model/steps.hpp: the index is completion() times 100, the weakest steps
/// are weakest_steps(), and the assessments are those of a StepAssessmentSet.
#ifndef QUALIS_SCORE_STEP_INDEX_HPP
#define QUALIS_SCORE_STEP_INDEX_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/names.hpp"
#include "qualis/model/period.hpp"
#include "qualis/model/steps.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// One maturity stage of the step index: the lowest index that reaches it, and its names.
struct StageDefinition {
  /// The lowest step index (0..100) that reaches this stage. The first stage of a scale starts at 0; the
  /// thresholds rise strictly.
  double threshold = 0.0;
  Names names;  ///< Chinese and English names, e.g. {"已落实", "In place"}.
};

/// Options of step_index().
struct StepIndexOptions {
  /// Missing-value rule for unrated steps, passed to completion(). Default `exclude`, completion()'s own
  /// default: a step nobody assessed is unknown, not "not started"; `as_zero` counts it at level 0.
  UnratedPolicy unrated = UnratedPolicy::exclude;
  /// The clusters, in the order the rows shall have (e.g. a Panel's units, to line up with a composite).
  /// Default (empty): every cluster of the set, in byte-wise ascending order (StepAssessmentSet::clusters()).
  /// A listed cluster without any assessment gets a row of missing values.
  std::vector<std::string> units;
  /// The periods of the columns, in any order; they are stored sorted (Period's order). Default (empty):
  /// every period of the set (StepAssessmentSet::periods()). A listed period nobody was assessed in gets a
  /// column of missing values.
  std::vector<Period> periods;
  /// The maturity stages. Default (empty): rubric_stages() of the framework, one stage per rubric level.
  std::vector<StageDefinition> stages;
  /// How many weakest steps to report per assessed cell (weakest_steps()'s k). Default 3, qualis' choice:
  /// a short list of where to act first; 0 reports none.
  std::size_t weakest = 3;
};

/// The step index of every cluster (row) in every period (column), from step_index().
///
/// Every matrix has `units.size()` rows and `periods.size()` columns; cell (i, j) is cluster `units[i]` in
/// period `periods[j]`. A cell is missing (NaN, or -1 in the integer matrices) where the cluster has no
/// assessment in that period, e.g. before it joined the programme.
struct StepIndexResult {
  std::vector<std::string> units;  ///< Cluster ids of the rows.
  std::vector<Period> periods;     ///< Periods of the columns, ascending in Period's order.
  /// The step index 100 * completion ratio, in [0, 100]. NaN where the cluster was not assessed, and where it
  /// was but the ratio is undefined (under `exclude`, no step with a positive weight rated).
  Eigen::MatrixXd index;
  /// True where the cluster has an assessment in the period (even one whose index is NaN).
  Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> assessed;
  /// Steps rated in the assessment (StepCompletion::rated); 0 where not assessed.
  Eigen::MatrixXi rated;
  /// Weighted coverage weight_rated / weight_total in [0, 1]: the share of the step weight that was rated.
  /// NaN where not assessed.
  Eigen::MatrixXd coverage;
  /// The stage reached: a position in `stages` (see stage_of()); -1 where the index is NaN.
  Eigen::MatrixXi stage;
  /// The stage scale used (options.stages, or rubric_stages() of the framework).
  std::vector<StageDefinition> stages;
  /// The column of the base period of `change`: the latest earlier period in which the cluster has an index
  /// (not NaN). -1 where there is none or where the cell's own index is NaN.
  Eigen::MatrixXi base;
  /// index - index at the base period, in index points. NaN where `base` is -1.
  Eigen::MatrixXd change;
  /// change / years elapsed, with years = (first month of this period - first month of the base period) / 12
  /// counted from January of year 1 (so 1 between two years, 0.5 between consecutive half-years). NaN where
  /// `change` is NaN, and where both periods start in the same month (e.g. 2021 and 2021H1, nested periods).
  Eigen::MatrixXd change_per_year;
  /// weakest[i][j]: weakest_steps() of the assessment of cell (i, j), at most options.weakest steps, weakest
  /// first; empty where the cluster was not assessed or rated no step.
  std::vector<std::vector<std::vector<StepGap>>> weakest;
  std::size_t assessed_cells = 0;  ///< Cells with an assessment.
  /// Assessed cells whose index is NaN because no step with a positive weight was rated (only under
  /// `exclude`).
  std::size_t nothing_rated_cells = 0;

  /// The row of a cluster.
  /// @param cluster the cluster id.
  /// @return the 0-based row.
  /// @throws NotFound (context `step_index_result`) if the cluster has no row.
  [[nodiscard]] Eigen::Index row_of(std::string_view cluster) const {
    const auto it = std::find(units.begin(), units.end(), cluster);
    if (it == units.end()) {
      throw NotFound("step_index_result", "no row for cluster \"" + std::string(cluster) + "\"");
    }
    return static_cast<Eigen::Index>(it - units.begin());
  }

  /// The column of a period.
  /// @param period the period.
  /// @return the 0-based column.
  /// @throws NotFound (context `step_index_result`) if the period has no column.
  [[nodiscard]] Eigen::Index column_of(const Period& period) const {
    const auto it = std::find(periods.begin(), periods.end(), period);
    if (it == periods.end()) {
      throw NotFound("step_index_result", "no column for period " + period.to_string());
    }
    return static_cast<Eigen::Index>(it - periods.begin());
  }
};

namespace detail {

// An index reaches a threshold t when index >= t - 1e-9 index points: the weighted sum may land a few ulps
// below an exact threshold (74.99999999999999 for 75).
constexpr double stage_tolerance = 1e-9;

// Runs `f`; re-raises its InvalidInput or NotFound under context `ctx`, keeping code and message.
template <class F>
auto with_context(const std::string& ctx, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const InvalidInput& e) {
    throw InvalidInput(e.code(), ctx, without_prefix(e.what()));
  } catch (const NotFound& e) {
    throw NotFound(ctx, without_prefix(e.what()));
  }
}

inline std::string stage_label(std::size_t k, const StageDefinition& s) {
  std::string out = "stage " + std::to_string(k);
  const std::string name = s.names.preferred();
  if (!name.empty()) out += " (" + name + ")";
  return out;
}

// At least one stage; thresholds finite, the first 0, strictly rising, at most 100; names UTF-8.
inline void check_stages(const std::string& ctx, const std::vector<StageDefinition>& stages) {
  if (stages.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "the stage scale has no stages");
  for (std::size_t k = 0; k < stages.size(); ++k) {
    const StageDefinition& s = stages[k];
    check_utf8(ctx, "the Chinese name of stage " + std::to_string(k), s.names.zh);
    check_utf8(ctx, "the English name of stage " + std::to_string(k), s.names.en);
    const std::string label = stage_label(k, s);
    if (!std::isfinite(s.threshold)) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         label + ": threshold " + number_text(s.threshold) + " is not finite");
    }
    if (k == 0 && s.threshold != 0.0) {
      throw InvalidInput(
          ErrorCode::out_of_range, ctx,
          label + ": threshold " + number_text(s.threshold) + " must be 0, so that every index in 0..100 has a stage");
    }
    if (s.threshold < 0.0 || s.threshold > 100.0) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         label + ": threshold " + number_text(s.threshold) + " is outside 0..100");
    }
    if (k > 0 && !(s.threshold > stages[k - 1].threshold)) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         label + ": threshold " + number_text(s.threshold) + " is not above the threshold " +
                             number_text(stages[k - 1].threshold) + " of " + stage_label(k - 1, stages[k - 1]));
    }
  }
}

// The stage of an index already checked to lie in 0..100; the scale already checked.
inline std::size_t stage_unchecked(double index, const std::vector<StageDefinition>& stages) noexcept {
  std::size_t k = 0;
  while (k + 1 < stages.size() && index >= stages[k + 1].threshold - stage_tolerance) ++k;
  return k;
}

inline std::vector<StageDefinition> rubric_stages_impl(const std::string& ctx, const StepFramework& framework) {
  const std::vector<Step>& steps = framework.steps();
  const Step& first = steps.front();
  for (const Step& s : steps) {
    if (s.rubric.size() != first.rubric.size()) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "step " + first.id + " has a rubric of " + std::to_string(first.rubric.size()) +
                             " levels but step " + s.id + " one of " + std::to_string(s.rubric.size()) +
                             ", so no stage scale follows from the rubric; give the stages explicitly");
    }
    for (std::size_t l = 0; l < s.rubric.size(); ++l) {
      if (s.rubric[l].names != first.rubric[l].names) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           "steps " + first.id + " and " + s.id + " name rubric level " + std::to_string(l) +
                               " differently (\"" + first.rubric[l].names.preferred() + "\" and \"" +
                               s.rubric[l].names.preferred() +
                               "\"), so no stage scale follows from the rubric; give the stages explicitly");
      }
    }
  }
  const double top = static_cast<double>(first.rubric.size() - 1);
  std::vector<StageDefinition> out;
  out.reserve(first.rubric.size());
  for (std::size_t l = 0; l < first.rubric.size(); ++l) {
    out.push_back({100.0 * static_cast<double>(l) / top, first.rubric[l].names});
  }
  return out;
}

// Years from the start of `from` to the start of `to` (first months), e.g. 1.0 from 2020 to 2021.
inline double years_between(const Period& from, const Period& to) noexcept {
  const long a = static_cast<long>(from.year()) * 12 + from.first_month();
  const long b = static_cast<long>(to.year()) * 12 + to.first_month();
  return static_cast<double>(b - a) / 12.0;
}

}  // namespace detail

/// The stage scale that follows from the framework's rubric: one stage per rubric level l = 0..m (m the top
/// level), named as the level, with threshold 100 * l / m. A cluster is at stage l when its index reaches
/// the share l / m of the top level, i.e. when its steps are on (weighted) average at least at level l. For
/// the default rubric: 未启动 Not started from 0, 已规划 Planned from 25, 推进中 Under way from 50, 已落实 In
/// place from 75, 成效显著 Effective and exemplary at 100 only (every counted step at the top level).
/// @param framework the steps; every step must have the same rubric (number of levels and level names).
/// @return the stages, lowest first.
/// @throws InvalidInput `inconsistent` (context `rubric_stages`) naming two steps whose rubrics differ in
///   length or level names: then no common scale exists, and the stages must be given explicitly.
inline std::vector<StageDefinition> rubric_stages(const StepFramework& framework) {
  return detail::rubric_stages_impl("rubric_stages", framework);
}

/// The maturity stage a step index reaches: the last stage k whose threshold the index reaches, i.e.
/// index >= threshold_k - 1e-9 (the tolerance absorbs rounding of the weighted sum).
///
/// Missing-value rule: propagate, a NaN index has no stage (an empty result).
/// @param index a step index on 0..100, or NaN.
/// @param stages the stage scale: at least one stage; thresholds finite, the first 0, strictly rising, at
///   most 100; names valid UTF-8.
/// @return the 0-based position of the stage in `stages`; empty for a NaN index.
/// @throws InvalidInput (context `stage_of`) `empty_input` for no stages; `not_finite`, `out_of_range` or
///   `inconsistent` for a bad threshold, naming the stage; `invalid_text` for a name that is not UTF-8;
///   `not_finite` for an infinite index; `out_of_range` for an index outside 0..100.
inline std::optional<std::size_t> stage_of(double index, const std::vector<StageDefinition>& stages) {
  const std::string ctx = "stage_of";
  detail::check_stages(ctx, stages);
  if (std::isnan(index)) return std::nullopt;
  if (std::isinf(index))
    throw InvalidInput(ErrorCode::not_finite, ctx, "index " + detail::number_text(index) + " is not finite");
  if (index < 0.0 || index > 100.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "index " + detail::number_text(index) + " is outside 0..100");
  }
  return detail::stage_unchecked(index, stages);
}

/// The step index of every cluster in every period, with its stage, its change since the cluster's last
/// assessment and the weakest steps.
///
/// For the assessment a of cluster i in period j:
///
///     index_ij = 100 * completion(framework, a, {options.unrated}).ratio
///              = 100 * sum_k w_k (l_k / m_k) / sum_k w_k
///
/// (see completion() for which steps the sums run over under each UnratedPolicy). The stage is
/// stage_of(index_ij, stages); the change is index_ij - index_ib with b the latest earlier column where
/// cluster i has an index; change per year divides by the years between the starts of the two periods;
/// the weakest steps are weakest_steps(framework, a, options.weakest).
///
/// Missing-value rules: a cluster without an assessment in a period (e.g. before it joined) gets NaN there
/// (and -1 stage and base, NaN coverage and change, no weakest steps); so does an assessment with no rated
/// step of positive weight under `exclude` (counted in nothing_rated_cells). Unrated steps follow
/// options.unrated. The change skips back over missing cells to the last period with an index; there is none
/// for a cluster's first index, which therefore has no change (NaN).
/// @param framework the steps, weights and rubrics to score with; may differ from set.framework() (e.g. the
///   same steps re-weighted), in which case every assessment is validated against it.
/// @param set the assessments.
/// @param options missing-value rule, rows, columns, stages and number of weakest steps.
/// @return the matrices, with their row and column ids.
/// @throws InvalidInput (context `step_index`): `invalid_argument` for an unknown options.unrated;
///   `empty_input` when there are no rows or no columns (an empty set and no options.units or
///   options.periods); `invalid_id`/`invalid_text` or `duplicate_id` for a bad or repeated cluster id in
///   options.units, `duplicate_id` for a repeated period in options.periods; the errors of stage_of() for a
///   bad options.stages, and of rubric_stages() when they are derived; the errors of validate() for an
///   assessment that does not fit `framework` (e.g. `out_of_range` for a level outside its rubric), the
///   message naming the cluster, the period and the step.
/// @throws NotFound (context `step_index`) for an assessed cluster not in options.units or an assessment in
///   a period not in options.periods (naming the cluster and the period), and for a rated step that
///   `framework` does not have (naming cluster, period and step).
inline StepIndexResult step_index(const StepFramework& framework, const StepAssessmentSet& set,
                                  const StepIndexOptions& options = {}) {
  const std::string ctx = "step_index";
  if (options.unrated != UnratedPolicy::exclude && options.unrated != UnratedPolicy::as_zero) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "options.unrated is " + std::to_string(static_cast<int>(options.unrated)) +
                           ", not an UnratedPolicy (exclude or as_zero)");
  }
  StepIndexResult r;
  r.stages = options.stages.empty() ? detail::rubric_stages_impl(ctx, framework) : options.stages;
  detail::check_stages(ctx, r.stages);

  // Rows.
  r.units = options.units.empty() ? set.clusters() : options.units;
  std::map<std::string, std::size_t, std::less<>> row;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    detail::check_id(ctx, "options.units cluster id at position " + std::to_string(i), r.units[i]);
    const auto [it, fresh] = row.emplace(r.units[i], i);
    if (!fresh) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx,
                         "cluster " + r.units[i] + " occurs twice in options.units (positions " +
                             std::to_string(it->second) + " and " + std::to_string(i) + ")");
    }
  }
  // Columns.
  r.periods = options.periods.empty() ? set.periods() : options.periods;
  std::sort(r.periods.begin(), r.periods.end());
  for (std::size_t j = 1; j < r.periods.size(); ++j) {
    if (r.periods[j] == r.periods[j - 1]) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx,
                         "period " + r.periods[j].to_string() + " occurs twice in options.periods");
    }
  }
  if (r.units.empty()) {
    throw InvalidInput(ErrorCode::empty_input, ctx,
                       "no clusters: the set holds no assessment and options.units is empty");
  }
  if (r.periods.empty()) {
    throw InvalidInput(ErrorCode::empty_input, ctx,
                       "no periods: the set holds no assessment and options.periods is empty");
  }
  std::map<Period, std::size_t> column;
  for (std::size_t j = 0; j < r.periods.size(); ++j) column.emplace(r.periods[j], j);
  // Every assessment must have its cell: none is dropped silently.
  for (const StepAssessment& a : set.assessments()) {
    if (row.find(a.cluster) == row.end()) {
      throw NotFound(
          ctx, "cluster " + a.cluster + " (assessed in period " + a.period.to_string() + ") is not in options.units");
    }
    if (column.find(a.period) == column.end()) {
      throw NotFound(ctx, "period " + a.period.to_string() + " (cluster " + a.cluster +
                              " is assessed in it) is not in options.periods");
    }
  }

  const auto rows = static_cast<Eigen::Index>(r.units.size());
  const auto cols = static_cast<Eigen::Index>(r.periods.size());
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  r.index = Eigen::MatrixXd::Constant(rows, cols, nan);
  r.assessed = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(rows, cols, false);
  r.rated = Eigen::MatrixXi::Zero(rows, cols);
  r.coverage = Eigen::MatrixXd::Constant(rows, cols, nan);
  r.stage = Eigen::MatrixXi::Constant(rows, cols, -1);
  r.base = Eigen::MatrixXi::Constant(rows, cols, -1);
  r.change = Eigen::MatrixXd::Constant(rows, cols, nan);
  r.change_per_year = Eigen::MatrixXd::Constant(rows, cols, nan);
  r.weakest.assign(r.units.size(), std::vector<std::vector<StepGap>>(r.periods.size()));

  const CompletionOptions completion_options{options.unrated};
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    for (const StepAssessment* a : set.for_cluster(r.units[i])) {
      const std::size_t j = column.at(a->period);
      const auto jj = static_cast<Eigen::Index>(j);
      const StepCompletion c = detail::with_context(ctx, [&] { return completion(framework, *a, completion_options); });
      r.assessed(ii, jj) = true;
      ++r.assessed_cells;
      r.rated(ii, jj) = static_cast<int>(c.rated);
      r.coverage(ii, jj) = c.weight_rated / c.weight_total;
      if (c.ratio) {
        r.index(ii, jj) = 100.0 * *c.ratio;
        r.stage(ii, jj) = static_cast<int>(detail::stage_unchecked(r.index(ii, jj), r.stages));
      } else {
        ++r.nothing_rated_cells;
      }
      r.weakest[i][j] = detail::with_context(ctx, [&] { return weakest_steps(framework, *a, options.weakest); });
    }
    // Change since the last period with an index.
    Eigen::Index last = -1;
    for (Eigen::Index j = 0; j < cols; ++j) {
      if (std::isnan(r.index(ii, j))) continue;
      if (last >= 0) {
        r.base(ii, j) = static_cast<int>(last);
        r.change(ii, j) = r.index(ii, j) - r.index(ii, last);
        const double years =
            detail::years_between(r.periods[static_cast<std::size_t>(last)], r.periods[static_cast<std::size_t>(j)]);
        if (years > 0.0) r.change_per_year(ii, j) = r.change(ii, j) / years;
      }
      last = j;
    }
  }
  return r;
}

/// The step index with the set's own framework: step_index(set.framework(), set, options).
/// @param set the assessments (already validated against their framework).
/// @param options missing-value rule, rows, columns, stages and number of weakest steps.
/// @return the matrices, with their row and column ids.
/// @throws InvalidInput or NotFound as the overload with a framework.
inline StepIndexResult step_index(const StepAssessmentSet& set, const StepIndexOptions& options = {}) {
  return step_index(set.framework(), set, options);
}

/// Options of blend().
struct BlendOptions {
  /// What a cell gets when one side is missing (NaN). Default `propagate`, the conservative rule: a blended
  /// score needs both of its parts, so the cell is missing. `skip`: use the side that is present alone (the
  /// weighted mean over the observed sides, i.e. that side's value). `reject`: a missing side is an error.
  /// A side whose weight is zero (s = 0 for the step index, s = 1 for the composite) is ignored altogether
  /// and never makes a cell missing.
  MissingRule missing = MissingRule::propagate;
};

/// The blended scores, from blend().
struct BlendResult {
  /// (1 - s) * composite + s * step index per cell, on 0..100; NaN where the missing rule leaves the cell
  /// missing. Same shape as the inputs.
  Eigen::MatrixXd score;
  std::size_t both = 0;             ///< Cells blended from both sides (only when 0 < s < 1).
  std::size_t composite_only = 0;   ///< Cells resting on the composite alone (s = 0, or step index skipped).
  std::size_t step_index_only = 0;  ///< Cells resting on the step index alone (s = 1, or composite skipped).
  std::size_t missing = 0;          ///< Cells left missing (NaN).
};

namespace detail {

inline std::string blend_cell(const std::vector<std::string>* units, const std::vector<Period>* periods, Eigen::Index i,
                              Eigen::Index j) {
  if (units != nullptr && periods != nullptr) {
    return "cluster " + (*units)[static_cast<std::size_t>(i)] + ", period " +
           (*periods)[static_cast<std::size_t>(j)].to_string();
  }
  return "unit (row) " + std::to_string(i) + ", period (column) " + std::to_string(j);
}

inline void check_blend_value(const std::string& ctx, const std::string& cell, const char* side, double v) {
  if (std::isinf(v)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, cell + ": the " + std::string(side) + " is infinite");
  }
  if (v < 0.0 || v > 100.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       cell + ": the " + std::string(side) + " " + number_text(v) +
                           " is outside 0..100; composite and step index must share the 0..100 scale (multiply "
                           "a 0..1 composite by 100)");
  }
}

inline BlendResult blend_impl(const std::string& ctx, MatrixCRef composite, MatrixCRef steps, double share,
                              const BlendOptions& options, const std::vector<std::string>* units,
                              const std::vector<Period>* periods) {
  if (options.missing != MissingRule::reject && options.missing != MissingRule::skip &&
      options.missing != MissingRule::propagate) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "options.missing is " + std::to_string(static_cast<int>(options.missing)) +
                           ", not a MissingRule (reject, skip or propagate)");
  }
  if (std::isnan(share) || std::isinf(share)) {
    throw InvalidInput(ErrorCode::not_finite, ctx, "step share " + number_text(share) + " is not finite");
  }
  if (share < 0.0 || share > 1.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "step share " + number_text(share) + " is outside [0, 1]");
  }
  if (composite.size() == 0) {
    throw InvalidInput(
        ErrorCode::empty_input, ctx,
        "the composite is empty (" + std::to_string(composite.rows()) + " x " + std::to_string(composite.cols()) + ")");
  }
  if (composite.rows() != steps.rows() || composite.cols() != steps.cols()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       "the composite is " + std::to_string(composite.rows()) + " x " +
                           std::to_string(composite.cols()) + " but the step index is " + std::to_string(steps.rows()) +
                           " x " + std::to_string(steps.cols()) + " (units x periods)");
  }
  const double wc = 1.0 - share;
  const bool use_c = share < 1.0;
  const bool use_t = share > 0.0;
  BlendResult r;
  r.score.resize(composite.rows(), composite.cols());
  for (Eigen::Index j = 0; j < composite.cols(); ++j) {
    for (Eigen::Index i = 0; i < composite.rows(); ++i) {
      const double c = composite(i, j);
      const double t = steps(i, j);
      const auto cell = [&] { return blend_cell(units, periods, i, j); };
      if (!(c >= 0.0 && c <= 100.0) && !std::isnan(c)) check_blend_value(ctx, cell(), "composite", c);
      if (!(t >= 0.0 && t <= 100.0) && !std::isnan(t)) check_blend_value(ctx, cell(), "step index", t);
      const bool lack_c = use_c && std::isnan(c);
      const bool lack_t = use_t && std::isnan(t);
      if (!lack_c && !lack_t) {
        if (use_c && use_t) {
          r.score(i, j) = wc * c + share * t;
          ++r.both;
        } else if (use_c) {
          r.score(i, j) = c;
          ++r.composite_only;
        } else {
          r.score(i, j) = t;
          ++r.step_index_only;
        }
        continue;
      }
      if (options.missing == MissingRule::reject) {
        throw InvalidInput(ErrorCode::not_finite, ctx,
                           cell() + ": the " + std::string(lack_c ? "composite" : "step index") +
                               " is missing (NaN) and options.missing is reject");
      }
      if (options.missing == MissingRule::skip && use_c && !lack_c) {
        r.score(i, j) = c;
        ++r.composite_only;
      } else if (options.missing == MissingRule::skip && use_t && !lack_t) {
        r.score(i, j) = t;
        ++r.step_index_only;
      } else {
        r.score(i, j) = std::numeric_limits<double>::quiet_NaN();
        ++r.missing;
      }
    }
  }
  return r;
}

}  // namespace detail

/// The blended score of indicators and process: score = (1 - s) * composite + s * step index, for a step
/// share s in [0, 1], cell by cell (units x periods, or any common shape).
///
/// Scale: both inputs must be on 0..100 (the step index is; a composite from normalised indicators on 0..1,
/// e.g. min-max, must be multiplied by 100 first). Every value is checked to lie in [0, 100], so a composite
/// on another scale is an error rather than a silently skewed blend. The blend of two values in 0..100 is in
/// 0..100 (up to rounding) and lies between them. s = 0 returns the composite exactly, s = 1 the step index.
///
/// Missing-value rule (BlendOptions::missing): `propagate` (default) gives NaN where a side is missing;
/// `skip` uses the other side alone; `reject` throws. A side with weight zero is ignored. A cell where every
/// side with a positive weight is missing is missing under every rule but `reject`.
/// @param composite the composite scores, on 0..100, NaN for missing.
/// @param index_matrix the step indexes (e.g. StepIndexResult::index), same shape, on 0..100, NaN for missing.
/// @param step_share s, the weight of the step index, in [0, 1].
/// @param options the missing-value rule.
/// @return the blended scores and how many cells rest on which side.
/// @throws InvalidInput (context `blend`): `invalid_argument` for an unknown options.missing; `not_finite`
///   for a NaN or infinite s; `out_of_range` for s outside [0, 1]; `empty_input` for an empty composite;
///   `size_mismatch` for shapes that differ; `not_finite` for an infinite value, `out_of_range` for a value
///   outside 0..100, and under `reject` `not_finite` for a missing value, naming the unit (row) and period
///   (column).
inline BlendResult blend(MatrixCRef composite, MatrixCRef index_matrix, double step_share,
                         const BlendOptions& options = {}) {
  return detail::blend_impl("blend", composite, index_matrix, step_share, options, nullptr, nullptr);
}

/// blend() with the step index of a step_index() result: `composite` must have the result's rows (clusters,
/// in `steps.units` order) and columns (periods, in `steps.periods` order), and messages name the cluster
/// and the period.
/// @param composite the composite scores, units x periods as in `steps`, on 0..100, NaN for missing.
/// @param steps the step index and its ids.
/// @param step_share s, the weight of the step index, in [0, 1].
/// @param options the missing-value rule.
/// @return the blended scores, in the rows and columns of `steps`.
/// @throws InvalidInput as the matrix overload, cells named by cluster id and period; `size_mismatch` when
///   `composite` does not have one row per cluster and one column per period of `steps`; `inconsistent` when
///   `steps.index` does not match `steps.units` and `steps.periods` (a result edited by hand).
inline BlendResult blend(MatrixCRef composite, const StepIndexResult& steps, double step_share,
                         const BlendOptions& options = {}) {
  const std::string ctx = "blend";
  const auto rows = static_cast<Eigen::Index>(steps.units.size());
  const auto cols = static_cast<Eigen::Index>(steps.periods.size());
  if (steps.index.rows() != rows || steps.index.cols() != cols) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       "the step index is " + std::to_string(steps.index.rows()) + " x " +
                           std::to_string(steps.index.cols()) + " but names " + std::to_string(rows) +
                           " clusters and " + std::to_string(cols) + " periods");
  }
  if (composite.rows() != rows || composite.cols() != cols) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       "the composite is " + std::to_string(composite.rows()) + " x " +
                           std::to_string(composite.cols()) + " but the step index has " + std::to_string(rows) +
                           " clusters x " + std::to_string(cols) + " periods");
  }
  return detail::blend_impl(ctx, composite, steps.index, step_share, options, &steps.units, &steps.periods);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_STEP_INDEX_HPP
