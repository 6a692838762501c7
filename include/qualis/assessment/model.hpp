/// @file
/// @brief The assessment model: every methodological choice of an assessment in one value, with defaults
/// (Model), and what is assessed (Inputs). run() (qualis/assessment/run.hpp) turns the two into a Result.
///
/// A Model names no data. It says how to prepare the panel (denomination, screening, imputation, outlier
/// treatment), how to normalise the indicators and against which reference (each period, all periods pooled,
/// or a base period), how to weight and aggregate every dimension of the framework up to the composite, how
/// the step index enters the final score, how to rank and grade, and what to diagnose and audit. Every field
/// has a default, the field's usual choice, documented with its source; a default-constructed Model runs.
#ifndef QUALIS_ASSESSMENT_MODEL_HPP
#define QUALIS_ASSESSMENT_MODEL_HPP

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/model/cluster.hpp"
#include "qualis/model/framework.hpp"
#include "qualis/model/indicator.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"
#include "qualis/model/region.hpp"
#include "qualis/model/steps.hpp"
#include "qualis/prepare/denominate.hpp"
#include "qualis/prepare/impute.hpp"
#include "qualis/prepare/outliers.hpp"
#include "qualis/prepare/screen.hpp"
#include "qualis/score/aggregate.hpp"
#include "qualis/score/ahp.hpp"
#include "qualis/score/audit.hpp"
#include "qualis/score/diagnosis.hpp"
#include "qualis/score/mcda.hpp"
#include "qualis/score/normalize.hpp"
#include "qualis/score/rank.hpp"
#include "qualis/score/step_index.hpp"
#include "qualis/score/weights.hpp"

QUALIS_NAMESPACE_BEGIN

// ---------------------------------------------------------------------------------------------------------------
// Preparation
// ---------------------------------------------------------------------------------------------------------------

/// Which screening decisions apply where.
enum class ScreenScope : int {
  /// One decision for the whole assessment (screen_pooled()): a removed unit or indicator is left out of every
  /// period. Default: the framework stays the same in every period, so scores stay comparable over time.
  pooled = 0,
  /// A decision per period (screen_period()): a unit removed in a period is not scored in that period; an
  /// indicator removed in a period is treated as missing for every unit of that period.
  per_period = 1,
};

/// The stable name of a screening scope.
/// @param scope the scope.
/// @return "pooled" or "per_period"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ScreenScope scope) noexcept {
  switch (scope) {
    case ScreenScope::pooled:
      return "pooled";
    case ScreenScope::per_period:
      return "per_period";
  }
  return "unknown";
}

/// How missing values are imputed before scoring.
enum class ImputationKind : int {
  /// None (default, COINr's default path): missing values stay missing and each aggregation re-weights over a
  /// unit's observed indicators (AggregateMissingPolicy); the availability threshold says how few are too few.
  none = 0,
  cross_section = 1,  ///< Mean or median of the period's active units (optionally within a group).
  over_time = 2,      ///< Carry the last observation forward or interpolate (impute_over_time()).
  /// Over time first, then the cross-section for what is left (a unit with no observation of an indicator).
  over_time_then_cross_section = 3,
};

/// The stable name of an imputation kind.
/// @param kind the kind.
/// @return e.g. "over_time"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ImputationKind kind) noexcept {
  switch (kind) {
    case ImputationKind::none:
      return "none";
    case ImputationKind::cross_section:
      return "cross_section";
    case ImputationKind::over_time:
      return "over_time";
    case ImputationKind::over_time_then_cross_section:
      return "over_time_then_cross_section";
  }
  return "unknown";
}

/// A grouping of the clusters, for imputation within groups and for gaps to the group's best.
enum class UnitGrouping : int {
  none = 0,    ///< No groups: all active units together.
  cohort = 1,  ///< Cluster::cohort (e.g. the 26 of 2019 and the X of 2021).
  region = 2,  ///< Cluster::region (the code the cluster sits in; not its ancestors).
};

/// The stable name of a unit grouping.
/// @param grouping the grouping.
/// @return "none", "cohort" or "region"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(UnitGrouping grouping) noexcept {
  switch (grouping) {
    case UnitGrouping::none:
      return "none";
    case UnitGrouping::cohort:
      return "cohort";
    case UnitGrouping::region:
      return "region";
  }
  return "unknown";
}

/// Data preparation, in the order run() applies it: denominate, screen, impute, treat outliers.
///
/// Every stage works on the units active in a period only (Cluster::joined, is_active_in()): a late joiner's
/// cells before it joined are neither screened, imputed, treated nor scored.
struct Preparation {
  /// Denomination rules (denominate()), applied first to the whole panel; empty (default) = none. A rule that
  /// writes a new indicator id makes that id available to the framework.
  std::vector<DenominationRule> denominations;
  DenominateOptions denominate;  ///< Zero and negative denominators; defaults of denominate().
  /// Whether to screen by data coverage. Default true (OECD/JRC 2008 step 3; COINr Screen()).
  bool screen = true;
  ScreenScope screen_scope = ScreenScope::pooled;  ///< Pooled (default) or per period.
  /// Thresholds, force lists and the constant rule. ScreenOptions::active_from is filled in by run() from the
  /// clusters' joining periods and must be left empty here. Defaults: unit coverage 2/3, indicator 0.65.
  ScreenOptions screening;
  ImputationKind imputation = ImputationKind::none;  ///< Default none (see ImputationKind::none).
  /// Options of the cross-sectional imputation; `groups` must be left empty (use `impute_within`).
  CrossSectionImputeOptions cross_section;
  UnitGrouping impute_within = UnitGrouping::none;  ///< Groups of the cross-sectional imputation; default none.
  /// Options of the imputation over time; `joined` is filled in by run() and must be left empty here.
  TimeImputeOptions over_time;
  /// Whether to treat outliers (treat_outliers(), COINr Treat(): winsorisation while |skew| > 2 and kurtosis
  /// > 3.5, then a log transform). Default true, the JRC's practice. Applied to each period's active units.
  bool treat_outliers = true;
  OutlierOptions outliers;  ///< Thresholds, winsorisation limit, log fallback and per-indicator overrides.
};

// ---------------------------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------------------------

/// The data a normalisation's parameters (minimum, maximum, mean, sd, ranks...) are taken from.
enum class NormalizationReference : int {
  /// Each period on its own (default): a unit's score says where it stands among the units of that period.
  per_period = 0,
  /// All periods pooled: one set of parameters over every (unit, period) row, so that scores are comparable
  /// over time (a rise means a better value, not a weaker field).
  pooled = 1,
  /// A fixed base period: the parameters of Normalization::base_period are applied to every period, so scores
  /// are comparable over time and may leave the output range (a value above the base maximum scores above the
  /// top). Supported for min_max (goalposts at the base period's observed extremes, uncapped), z_score (the
  /// base period's mean and sd; higher_is_better and lower_is_better only) and the methods that take no
  /// parameter from the data (goalposts, distance_to_target, categorical); other methods are rejected.
  base_period = 2,
};

/// The stable name of a normalisation reference.
/// @param reference the reference.
/// @return "per_period", "pooled" or "base_period"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(NormalizationReference reference) noexcept {
  switch (reference) {
    case NormalizationReference::per_period:
      return "per_period";
    case NormalizationReference::pooled:
      return "pooled";
    case NormalizationReference::base_period:
      return "base_period";
  }
  return "unknown";
}

/// How indicators are normalised.
struct Normalization {
  /// The method and its options. Default min-max onto [0, 100] (COINr's default range), so that composites
  /// are on the 0..100 scale of the step index and of grade bands.
  NormalizeOptions options = [] {
    NormalizeOptions o;
    o.min_max.range = Interval{0.0, 100.0};
    return o;
  }();
  NormalizationReference reference = NormalizationReference::per_period;  ///< Default per period.
  std::optional<Period> base_period;  ///< Required exactly when `reference` is base_period; a panel period.
  /// Per-indicator methods that replace `options` for the listed indicators (e.g. goalposts for a rate with
  /// policy bounds); empty by default.
  std::map<std::string, NormalizeOptions> per_indicator;
};

// ---------------------------------------------------------------------------------------------------------------
// Weights and aggregation per node
// ---------------------------------------------------------------------------------------------------------------

/// Where the weights of a node's children come from.
enum class WeightSource : int {
  /// The `weight` fields of the framework's records (default): expert weights among siblings.
  framework = 0,
  /// compute_weights() with NodeMethod::weights (entropy, CRITIC, CV, SD, PCA, fixed, combined, equal) on the
  /// children's values, every column higher-is-better at that point.
  computed = 1,
  /// ahp_weights() of NodeMethod::pairwise, rows and columns in the order of the node's children.
  ahp = 2,
};

/// The stable name of a weight source.
/// @param source the source.
/// @return "framework", "computed" or "ahp"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(WeightSource source) noexcept {
  switch (source) {
    case WeightSource::framework:
      return "framework";
    case WeightSource::computed:
      return "computed";
    case WeightSource::ahp:
      return "ahp";
  }
  return "unknown";
}

/// Which data data-driven weights are computed from.
enum class WeightReference : int {
  per_period = 0,  ///< Each period's values (default): weights may differ from period to period.
  pooled = 1,      ///< All periods' values stacked: one set of weights for every period.
};

/// The stable name of a weight reference.
/// @param reference the reference.
/// @return "per_period" or "pooled"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(WeightReference reference) noexcept {
  switch (reference) {
    case WeightReference::per_period:
      return "per_period";
    case WeightReference::pooled:
      return "pooled";
  }
  return "unknown";
}

/// How one aggregate of the framework (a dimension, or the composite) is scored from its children.
struct NodeMethod {
  WeightSource weight_source = WeightSource::framework;  ///< Default: the framework's weights.
  /// For WeightSource::computed: the method and its options. Every child column is higher-is-better at this
  /// point, so directions are not needed. Missing values follow each method's own rule (most reject).
  WeightOptions weights;
  WeightReference weight_reference = WeightReference::per_period;  ///< For computed weights; default per period.
  Eigen::MatrixXd pairwise;  ///< For WeightSource::ahp: the pairwise comparison matrix, children x children.
  AhpOptions ahp;            ///< For WeightSource::ahp: derivation, RI table, consistency policy.
  /// The aggregation, with its missing-value rule and availability threshold
  /// (AggregateMissingPolicy::min_available_share). Default the weighted arithmetic mean, skip missing values,
  /// no threshold (OECD/JRC 2008; COINr).
  AggregateOptions aggregation;
  /// When set, the node is scored by an MCDA method (TOPSIS, VIKOR, GRA, fuzzy evaluation) instead of
  /// `aggregation`. These need complete data: a unit with a missing child value is not scored at this node
  /// (NodeStatus below_availability is not used; the unit's status says incomplete_children).
  std::optional<McdaOptions> mcda;
};

// ---------------------------------------------------------------------------------------------------------------
// Step index, ranking, grading, diagnosis, audit
// ---------------------------------------------------------------------------------------------------------------

/// How the eleven-step (or any step) assessments enter the assessment.
struct StepBlend {
  /// The weight s of the step index in the final score: score = (1 - s) * composite + s * step index. Default
  /// 0: the step index is computed and reported (when step assessments are given) but the final score is the
  /// composite. Must be in [0, 1]; s > 0 needs step assessments and a composite on 0..100.
  double share = 0.0;
  StepIndexOptions options;  ///< Unrated steps, stages, number of weakest steps; `units`/`periods` set by run().
  BlendOptions blend;        ///< A missing side; default propagate.
};

/// Grading of scores into bands.
enum class GradeScheme : int {
  none = 0,      ///< No grades (default).
  fixed = 1,     ///< Fixed bands on the score scale (grade_fixed()), e.g. A >= 85, B >= 70.
  quantile = 2,  ///< Quantile bands among the period's scored units (grade_quantile()).
};

/// The stable name of a grade scheme.
/// @param scheme the scheme.
/// @return "none", "fixed" or "quantile"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(GradeScheme scheme) noexcept {
  switch (scheme) {
    case GradeScheme::none:
      return "none";
    case GradeScheme::fixed:
      return "fixed";
    case GradeScheme::quantile:
      return "quantile";
  }
  return "unknown";
}

/// Ranking and grading of every node (indicators, dimensions, composite, step index, score), per period.
struct Ranking {
  RankOptions options;  ///< Ties and order; default min ties ("1224"), highest score first.
  /// Rank within each cohort too (Cluster::cohort; clusters without a cohort form the group ""). Default true.
  bool within_cohort = true;
  /// Region codes to rank within: each code forms a group of the clusters in that region or any region below
  /// it (RegionTree::is_within()), so a province and its prefectures can all be listed. Needs Inputs::regions.
  std::vector<std::string> within_regions;
  GradeScheme grades = GradeScheme::none;    ///< Default none.
  std::vector<GradeBand> bands;              ///< For GradeScheme::fixed: the bands, as grade_fixed() takes them.
  std::vector<std::string> quantile_labels;  ///< For GradeScheme::quantile: labels, best first.
  /// For GradeScheme::quantile: one fewer than the labels, strictly decreasing, each in (0, 1), as
  /// grade_quantile() takes them (p_k = the share of units expected below grade k's threshold).
  std::vector<double> quantile_probabilities;
};

/// The benchmark of the gaps reported by the diagnosis.
enum class GapBenchmark : int {
  best = 0,        ///< The best active unit of the period (default; 对标先进).
  group_best = 1,  ///< The best active unit of the unit's group (Diagnosis::group).
  target = 2,      ///< The top of the score scale (Diagnosis::scale high): the distance to full marks.
};

/// The stable name of a gap benchmark.
/// @param benchmark the benchmark.
/// @return "best", "group_best" or "target"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(GapBenchmark benchmark) noexcept {
  switch (benchmark) {
    case GapBenchmark::best:
      return "best";
    case GapBenchmark::group_best:
      return "group_best";
    case GapBenchmark::target:
      return "target";
  }
  return "unknown";
}

/// What the diagnosis computes for every unit in every period.
struct Diagnosis {
  bool enabled = true;  ///< Default true.
  /// The score scale [low, high] the diagnosis reads normalised values on; default [0, 100], the default
  /// normalisation's range. Values outside it (z-scores, a base-period reference) are clipped to it first;
  /// run() counts the clipped cells.
  Interval scale{0.0, 100.0};
  Eigen::Index top = 3;                       ///< Length of the top-obstacle, strength and weakness lists; default 3.
  GapBenchmark gap = GapBenchmark::best;      ///< Default best peer.
  UnitGrouping group = UnitGrouping::cohort;  ///< Groups of GapBenchmark::group_best; default cohort.
  /// Dimension (or indicator) ids whose scores are the subsystems of the coupling coordination degree
  /// (coupling_coordination()); empty (default) = not computed; otherwise at least two distinct ids.
  std::vector<std::string> coupling;
  CouplingOptions coupling_options;  ///< Subsystem weights and missing rule of coupling_coordination().
  StrengthOptions strengths;         ///< Basis of the strengths and weaknesses; `k` is set from `top`.
};

/// Which data the framework audit reads.
enum class AuditScope : int {
  none = 0,         ///< No audit.
  each_period = 1,  ///< Every period's prepared (raw) values of the active units (default).
  latest = 2,       ///< The last period only.
  pooled = 3,       ///< All periods' rows stacked.
};

/// The stable name of an audit scope.
/// @param scope the scope.
/// @return e.g. "each_period"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(AuditScope scope) noexcept {
  switch (scope) {
    case AuditScope::none:
      return "none";
    case AuditScope::each_period:
      return "each_period";
    case AuditScope::latest:
      return "latest";
    case AuditScope::pooled:
      return "pooled";
  }
  return "unknown";
}

/// The framework audit (audit_framework()): statistics, correlations, Cronbach's alpha, PCA, flags.
struct Audit {
  AuditScope scope = AuditScope::each_period;  ///< Default every period.
  AuditOptions options;                        ///< Thresholds of the flags; COINr's defaults.
};

// ---------------------------------------------------------------------------------------------------------------
// Uncertainty and sensitivity
// ---------------------------------------------------------------------------------------------------------------

/// How the uncertainty analysis perturbs the weights of an aggregate's children.
enum class WeightPerturbation : int {
  none = 0,  ///< Weights are not varied.
  /// Each weight w is multiplied by 1 + share (2u - 1), u uniform on [0, 1), then the node's weights are
  /// renormalised (the uniform +/- 25 % of Saisana, Saltelli and Tarantola 2005 and of COINr's examples).
  uniform = 1,
  /// The node's weights are drawn from a Dirichlet distribution with parameters concentration x w: their mean
  /// is the nominal w, and larger concentrations keep them closer to it (variance w (1 - w) / (c + 1)).
  dirichlet = 2,
};

/// The stable name of a weight perturbation: "none", "uniform" or "dirichlet".
/// @param kind the perturbation.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(WeightPerturbation kind) noexcept {
  switch (kind) {
    case WeightPerturbation::none:
      return "none";
    case WeightPerturbation::uniform:
      return "uniform";
    case WeightPerturbation::dirichlet:
      return "dirichlet";
  }
  return "unknown";
}

/// Which framework nodes the uncertainty analysis may leave out, one at a time.
enum class Exclusion : int {
  none = 0,        ///< Nothing is left out.
  indicators = 1,  ///< One indicator (or none) per replication.
  dimensions = 2,  ///< One dimension (or none) per replication.
};

/// The stable name of an exclusion: "none", "indicators" or "dimensions".
/// @param exclusion the exclusion.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(Exclusion exclusion) noexcept {
  switch (exclusion) {
    case Exclusion::none:
      return "none";
    case Exclusion::indicators:
      return "indicators";
    case Exclusion::dimensions:
      return "dimensions";
  }
  return "unknown";
}

/// The methodological choices the uncertainty and sensitivity analyses vary, and how
/// (analyse_uncertainty() and analyse_sensitivity() in qualis/assessment/uncertainty.hpp; run() ignores this).
///
/// Each declared choice is one uncertain factor: the weights of each perturbed aggregate ("weights:<id>"),
/// "normalisation", "aggregation", "imputation" and "exclusion". A discrete factor takes its nominal value
/// (the Model's own choice) or one of the alternatives, each with the same probability. The defaults perturb
/// every aggregate's weights by up to +/- 25 % and vary nothing else.
struct Uncertainty {
  /// Monte Carlo replications of the uncertainty analysis; 0 = no analysis. Default 1000.
  std::size_t replications = 1000;
  std::uint64_t seed = 1;  ///< Seed of every draw; the same seed gives the same numbers. Default 1.
  WeightPerturbation weights = WeightPerturbation::uniform;  ///< Default uniform.
  double weight_share = 0.25;          ///< For uniform: the largest relative change, in [0, 1). Default 0.25.
  double weight_concentration = 50.0;  ///< For dirichlet: the concentration c > 0. Default 50.
  /// Aggregates whose children's weights are perturbed: dimension ids or Model::composite_id. Empty (default):
  /// every aggregate.
  std::vector<std::string> weight_nodes;
  /// Alternatives to Normalization::options (the reference and per-indicator methods stay). Default none.
  std::vector<NormalizeOptions> normalizations;
  /// Alternatives to the aggregation of the aggregates in `aggregation_nodes` (each replaces the node's
  /// aggregation or MCDA method, weights unchanged). Default none.
  std::vector<AggregateOptions> aggregations;
  std::vector<std::string> aggregation_nodes;  ///< Aggregates the alternatives apply to; empty (default): all.
  std::vector<ImputationKind> imputations;     ///< Alternatives to Preparation::imputation. Default none.
  Exclusion exclusion = Exclusion::none;       ///< Leave one indicator or dimension out; default none.
  /// Candidates to leave out (indicator or dimension ids per `exclusion`); empty (default): every one.
  std::vector<std::string> exclude;
  std::optional<Period> period;  ///< The period analysed; default the panel's last.
  std::size_t top = 10;          ///< k of the probability of being in the top k; at least 1. Default 10.
  double interval = 0.90;        ///< Level of the central rank interval, in (0, 1): default 0.90 (5 % to 95 %).
  /// Draws per weight factor for the one-at-a-time effect of each choice (a discrete factor is evaluated at each
  /// of its alternatives). Default 64; 0 = no per-choice effects.
  std::size_t one_at_a_time = 64;
  /// Keep every replication's ranks and scores in the result (memory grows with the replications). Default false.
  bool keep_replications = false;
  /// Base samples N of the sensitivity analysis (Sobol indices; N (k + 2) evaluations for k factors).
  /// Default 1024.
  std::size_t sensitivity_samples = 1024;
  std::size_t bootstrap = 100;  ///< Bootstrap replicates of the Sobol-index intervals; default 100.
  double confidence = 0.95;     ///< Level of those intervals; default 0.95.
};

// ---------------------------------------------------------------------------------------------------------------
// The model and the inputs
// ---------------------------------------------------------------------------------------------------------------

/// Every choice of an assessment, with defaults. A default-constructed Model is the JRC/COINr default path:
/// pooled screening (2/3 of a unit's, 65% of an indicator's cells), no imputation, COINr outlier treatment,
/// min-max onto [0, 100] per period, framework weights, weighted arithmetic means skipping missing values, ranks
/// overall and within cohorts, no grades, the step index reported but not blended, diagnosis and audit on.
struct Model {
  Preparation preparation;      ///< Denominate, screen, impute, treat.
  Normalization normalization;  ///< Method and reference.
  NodeMethod default_method;    ///< The method of every aggregate not listed in `methods` (and of the composite).
  /// Methods of particular aggregates, by dimension id; the composite (the framework's root) is
  /// `composite_method` when set, else `default_method`.
  std::map<std::string, NodeMethod> methods;
  std::optional<NodeMethod> composite_method;  ///< The composite's method; default: `default_method`.
  StepBlend steps;                             ///< Step index and its share in the final score.
  Ranking ranking;                             ///< Ranks and grades.
  Diagnosis diagnosis;                         ///< Obstacles, contributions, gaps, coupling, strengths.
  Audit audit;                                 ///< The framework audit.
  Uncertainty uncertainty;                     ///< What the uncertainty and sensitivity analyses vary.
  /// Result ids of the three scores that are not framework nodes: the final score, the indicator composite
  /// and the step index. They must differ from each other and from every framework id.
  std::string score_id = "score";
  std::string composite_id = "composite";    ///< See `score_id`.
  std::string step_index_id = "step_index";  ///< See `score_id`.
};

/// What is assessed: the framework, the clusters (with their cohorts and joining periods), optionally the
/// regions, the panel of indicator values and optionally the step assessments.
struct Inputs {
  Framework framework;  ///< The indicator tree; its indicators must be panel indicators (after denomination).
  ClusterSet clusters;  ///< Every unit of the panel must be a cluster here; other clusters are ignored.
  /// The regions; needed for Ranking::within_regions and UnitGrouping::region checks, otherwise optional.
  std::optional<RegionTree> regions;
  Panel panel;  ///< Units x indicators x periods; may hold indicators the framework does not use.
  std::optional<StepAssessmentSet> steps;  ///< The step assessments; optional unless StepBlend::share > 0.
};

QUALIS_NAMESPACE_END

#endif  // QUALIS_ASSESSMENT_MODEL_HPP
