/// @file
/// @brief How sure is a rank? The uncertainty analysis (Monte Carlo over the model's methodological choices:
/// rank intervals, grade and top-k probabilities, the effect of each choice) and the sensitivity analysis
/// (first- and total-order Sobol indices of each choice on every unit's rank and score) of an assessment.
///
/// Both analyses vary what Model::uncertainty declares (Uncertainty) and re-score one period (Uncertainty::
/// period, default the last) under each sampled set of choices:
/// - **Data variants.** Every combination of imputation and normalisation (nominal and alternatives) is
///   prepared once by run() (without diagnosis or audit): the normalised indicator values, the nominal weights
///   of every aggregate (also computed or AHP weights), the step index and which nodes take part.
/// - **Replications.** For a sample point the period is aggregated bottom-up again from the chosen variant's
///   normalised values: each aggregate's nominal weights, perturbed and renormalised; the nominal or an
///   alternative aggregation (the same aggregate() and mcda() calls run() makes); a left-out indicator or
///   dimension removed as if absent from the framework (its siblings' weights renormalised; an aggregate left
///   without children leaves its parent). Then the step blend, the ranking and the grades, as run() does.
///   Data-driven weights are held at the values the variant's run() computed (the analysis varies the declared
///   choices only). With no choice varied, a replication reproduces run()'s scores bit for bit.
///
/// Draws: replication r of the Monte Carlo reads the pseudo-random stream (seed, r) (random_stream()); the
/// sensitivity analysis reads Sobol points (sobol_indices()). Replications run in parallel (OpenMP) and are
/// summarised in replication order per unit, so results are bit-identical for any number of threads; memory
/// does not grow with the replications unless Uncertainty::keep_replications asks for it (a unit's rank
/// distribution is an exact histogram over the ranks it took).
#ifndef QUALIS_ASSESSMENT_UNCERTAINTY_HPP
#define QUALIS_ASSESSMENT_UNCERTAINTY_HPP

#include <Eigen/Core>
#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "qualis/assessment/model.hpp"
#include "qualis/assessment/run.hpp"
#include "qualis/config.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/error.hpp"
#include "qualis/uncertainty/sampling.hpp"
#include "qualis/uncertainty/sobol.hpp"

QUALIS_NAMESPACE_BEGIN

/// What the uncertainty analysis found for one unit.
///
/// Ranks are overall ranks among the period's scored units (Ranking::options). Rank statistics count only
/// the replications in which the unit has a score (`scored`); probabilities are shares of all replications.
/// Rank quantiles interpolate between order statistics (R's default, type 7, as COINr reports them).
struct UnitUncertainty {
  std::string unit;                                                 ///< Unit id.
  double nominal_score = std::numeric_limits<double>::quiet_NaN();  ///< run()'s score; NaN when unscored.
  double nominal_rank = std::numeric_limits<double>::quiet_NaN();   ///< run()'s rank; NaN when unscored.
  std::size_t scored = 0;                                           ///< Replications in which it had a score.
  double mean_rank = std::numeric_limits<double>::quiet_NaN();      ///< Mean rank; NaN when never scored.
  double median_rank = std::numeric_limits<double>::quiet_NaN();    ///< Median rank.
  double rank_low = std::numeric_limits<double>::quiet_NaN();       ///< Lower end of the central rank interval.
  double rank_high = std::numeric_limits<double>::quiet_NaN();      ///< Upper end of the central rank interval.
  /// Mean |rank - nominal rank| over the replications in which the unit has both; NaN when there are none.
  double mean_abs_shift = std::numeric_limits<double>::quiet_NaN();
  double top_probability = 0.0;             ///< Share of replications with a rank <= Uncertainty::top.
  std::vector<double> grade_probabilities;  ///< Per grade band (best first): share of replications in it.
  double mean_score = std::numeric_limits<double>::quiet_NaN();  ///< Mean score over the scored replications.
  double sd_score = std::numeric_limits<double>::quiet_NaN();    ///< Standard deviation of the score (divisor n).
};

/// How much the ranking moves when one choice alone varies (one at a time, every other choice nominal).
struct ChoiceEffect {
  std::string factor;  ///< The factor, e.g. "normalisation" or "weights:quality".
  /// The level: the alternative for a discrete factor (e.g. "z_score", "without r_d"); "draws" for weights.
  std::string level;
  std::size_t runs = 0;  ///< Evaluations.
  /// Mean over the runs of the mean |rank - nominal rank| over the units ranked in both.
  double mean_abs_shift = 0.0;
  double max_abs_shift = 0.0;  ///< The largest |rank - nominal rank| of any unit in any run.
  double changed_share = 0.0;  ///< Mean over the runs of the share of those units whose rank changed.
};

/// The result of analyse_uncertainty().
struct UncertaintyResult {
  Period period;                          ///< The period analysed.
  std::size_t replications = 0;           ///< Monte Carlo replications.
  std::uint64_t seed = 0;                 ///< The seed.
  std::vector<std::string> factors;       ///< The uncertain factors, in sampling order.
  std::vector<std::string> grade_labels;  ///< Grade names, best first (empty without grades).
  std::size_t top = 0;                    ///< k of UnitUncertainty::top_probability.
  double interval = 0.0;                  ///< Level of the central rank interval.
  std::vector<UnitUncertainty> units;     ///< The units assessed in the period (active, not screened out).
  double mean_abs_shift = 0.0;            ///< Mean |rank - nominal rank| over units and replications.
  std::vector<ChoiceEffect> choices;      ///< One-at-a-time effects; empty when Uncertainty::one_at_a_time is 0.
  /// Every replication's ranks (replications x units, NaN where unscored), when Uncertainty::keep_replications.
  Eigen::MatrixXd replication_ranks;
  Eigen::MatrixXd replication_scores;  ///< Every replication's scores, likewise.
};

/// The result of analyse_sensitivity(): Sobol indices of every factor on the ranking and on each unit.
///
/// Output rows of `indices`: row 0 is the ranking as a whole (the mean |rank - nominal rank| over the units
/// ranked in both), rows 1..U the units' ranks and rows U+1..2U their scores, U = units.size(). A unit that
/// loses its score in some evaluation has status missing_values on its rows.
struct SensitivityResult {
  Period period;                   ///< The period analysed.
  std::vector<std::string> units;  ///< The units assessed in the period, in the order of the output rows.
  SobolResult indices;             ///< The indices; indices.factors names the factors.
};

namespace detail::uq {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;
inline Eigen::Index ix(std::size_t k) { return static_cast<Eigen::Index>(k); }
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t none = static_cast<std::size_t>(-1);

// One aggregate of the framework, in post-order (children before parents; the composite last).
struct Aggregate {
  std::string id;                     // dimension id; "" for the composite
  std::string name;                   // id, or the composite id
  std::size_t position = none;        // framework preorder position; none for the composite
  std::vector<std::size_t> children;  // framework preorder positions of the children
  NodeMethod method;                  // the nominal method
  bool perturbed = false;             // its children's weights are a factor
  std::size_t weight_offset = 0;      // first coordinate of that factor (one per child)
  bool alternative = false;           // the aggregation factor applies to it
};

// One prepared data variant (an imputation x normalisation combination), for the analysed period.
struct Variant {
  Mat values;                 // rows x framework nodes (preorder): indicators filled, dimensions NaN
  std::vector<char> present;  // per framework node: takes part in the period
  std::vector<Vec> weights;   // per aggregate: nominal weights over its present children, in child order
  Vec steps;                  // step index per row (when blended)
};

// A discrete factor: its coordinate and levels (level 0 = the nominal choice).
struct Discrete {
  std::string name;
  std::size_t coordinate = 0;
  std::vector<std::string> levels;
};

// The level a coordinate selects; NaN selects the nominal level.
inline std::size_t level_of(const Vec& x, const std::optional<Discrete>& d) {
  if (!d) return 0;
  const double u = x[ix(d->coordinate)];
  if (std::isnan(u)) return 0;
  const std::size_t n = d->levels.size();
  return std::min(static_cast<std::size_t>(std::floor(u * static_cast<double>(n))), n - 1);
}

// An exact histogram of the (doubled, so that average ties stay integers) ranks one unit took.
struct RankHistogram {
  std::int64_t first = 0;             // doubled rank of counts[0]
  std::vector<std::uint32_t> counts;  // grows to cover the ranks seen
  std::uint64_t n = 0;

  void add(double rank) {
    const auto v = static_cast<std::int64_t>(std::llround(2.0 * rank));
    if (counts.empty()) {
      first = v;
      counts.assign(1, 0);
    } else if (v < first) {
      counts.insert(counts.begin(), static_cast<std::size_t>(first - v), 0);
      first = v;
    } else if (v >= first + static_cast<std::int64_t>(counts.size())) {
      counts.resize(static_cast<std::size_t>(v - first + 1), 0);
    }
    ++counts[static_cast<std::size_t>(v - first)];
    ++n;
  }
  // The k-th smallest value (0-based).
  [[nodiscard]] double order_statistic(std::uint64_t k) const {
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      seen += counts[i];
      if (seen > k) return static_cast<double>(first + static_cast<std::int64_t>(i)) / 2.0;
    }
    return nan;
  }
  // The p-quantile, R type 7.
  [[nodiscard]] double quantile(double p) const {
    if (n == 0) return nan;
    const double h = (static_cast<double>(n) - 1.0) * p;
    const auto lo = static_cast<std::uint64_t>(std::floor(h));
    const double a = order_statistic(lo);
    const double b = order_statistic(std::min(lo + 1, n - 1));
    return a + (h - static_cast<double>(lo)) * (b - a);
  }
};

inline std::string where_of(const std::string& name, const Period& p) {
  return "uncertainty[node=" + name + ", period=" + p.to_string() + "]";
}

// Everything a replication needs, prepared once from the model and inputs.
struct Engine {
  Model model;
  Period period;
  std::vector<std::string> units;    // analysed units (rows), panel order
  std::vector<FrameworkNode> nodes;  // framework preorder
  std::vector<Aggregate> aggregates;
  std::vector<std::size_t> aggregate_of;  // per framework node: its aggregate's index (dimensions), else none
  std::vector<Variant> variants;          // imputation level * normalisation levels + normalisation level
  std::size_t normalisation_levels = 1;
  std::vector<SobolFactor> factors;
  std::size_t dims = 0;
  std::optional<Discrete> normalisation;
  std::optional<Discrete> aggregation;
  std::optional<Discrete> imputation;
  std::optional<Discrete> exclusion;
  std::vector<std::size_t> excluded;  // framework positions of the exclusion candidates (level k -> k - 1)
  Vec nominal_score;
  Vec nominal_rank;
  bool blended = false;
  std::vector<std::string> grade_labels;

  // One evaluation at x (NaN coordinates = nominal): the score and rank of every row.
  void evaluate(const Vec& x, Vec& score, Vec& ranks) const {
    const Uncertainty& uc = model.uncertainty;
    const Variant& v = variants[level_of(x, imputation) * normalisation_levels + level_of(x, normalisation)];
    const std::size_t alt = level_of(x, aggregation);
    const std::size_t out_level = level_of(x, exclusion);
    const Eigen::Index R = v.values.rows();
    Mat D(R, ix(aggregates.size()));  // the scores of the dimensions computed so far
    std::vector<char> present = v.present;
    if (out_level > 0) present[excluded[out_level - 1]] = 0;
    Vec composite;
    for (std::size_t a = 0; a < aggregates.size(); ++a) {
      const Aggregate& ag = aggregates[a];
      const bool is_root = ag.position == none;
      if (!is_root && present[ag.position] == 0) continue;
      std::vector<std::size_t> live;
      for (std::size_t k = 0; k < ag.children.size(); ++k) {
        if (present[ag.children[k]] != 0) live.push_back(k);
      }
      if (live.empty()) {
        if (is_root) {
          throw InvalidInput(ErrorCode::inconsistent, where_of(ag.name, period), "no child of the composite is left");
        }
        present[ag.position] = 0;
        continue;
      }
      // The nominal weights, over the variant's present children in child order.
      const Vec& nominal = v.weights[a];
      Vec w(ix(live.size()));
      std::size_t n = 0;
      std::size_t c = 0;
      for (std::size_t k = 0; k < ag.children.size() && c < live.size(); ++k) {
        if (v.present[ag.children[k]] == 0) continue;
        if (k == live[c]) w[ix(c++)] = nominal[ix(n)];
        ++n;
      }
      bool changed = live.size() != static_cast<std::size_t>(nominal.size());
      if (ag.perturbed && uc.weights != WeightPerturbation::none) {
        for (std::size_t j = 0; j < live.size(); ++j) {
          const double u = x[ix(ag.weight_offset + live[j])];
          if (std::isnan(u)) continue;
          changed = true;
          if (uc.weights == WeightPerturbation::uniform) {
            w[ix(j)] *= 1.0 + uc.weight_share * (2.0 * u - 1.0);
          } else {
            const double shape = uc.weight_concentration * w[ix(j)];
            w[ix(j)] = shape > 0.0 ? boost::math::gamma_p_inv(shape, u) : 0.0;
          }
        }
      }
      if (changed) {
        const double sum = w.sum();
        if (!(sum > 0.0) || !std::isfinite(sum)) {
          throw InvalidInput(ErrorCode::inconsistent, where_of(ag.name, period),
                             "the varied weights of the node's children are all zero");
        }
        w /= sum;
      }
      Mat xs(R, ix(live.size()));
      for (std::size_t j = 0; j < live.size(); ++j) {
        const std::size_t child = ag.children[live[j]];
        if (aggregate_of[child] == none) {
          xs.col(ix(j)) = v.values.col(ix(child));
        } else {
          xs.col(ix(j)) = D.col(ix(aggregate_of[child]));
        }
      }
      Vec out = Vec::Constant(R, nan);
      const NodeMethod& nm = ag.method;
      const bool use_alternative = ag.alternative && alt > 0;
      const std::string where = where_of(ag.name, period);
      if (R > 0 && !use_alternative && nm.mcda) {
        std::vector<Eigen::Index> complete;
        for (Eigen::Index r = 0; r < R; ++r) {
          if (!xs.row(r).array().isNaN().any()) complete.push_back(r);
        }
        if (!complete.empty()) {
          Mat xc(ix(complete.size()), xs.cols());
          for (std::size_t r = 0; r < complete.size(); ++r) xc.row(ix(r)) = xs.row(complete[r]);
          const std::vector<Direction> dirs(live.size(), Direction::higher_is_better);
          const McdaResult mr = detail::assess::within(where, [&] { return mcda(xc, w, dirs, *nm.mcda); });
          for (std::size_t r = 0; r < complete.size(); ++r) out[complete[r]] = mr.scores[ix(r)];
        }
      } else if (R > 0) {
        const AggregateOptions& ao = use_alternative ? uc.aggregations[alt - 1] : nm.aggregation;
        out = detail::assess::within(where, [&] { return aggregate(xs, w, ao); }).scores;
      }
      if (is_root) {
        composite = std::move(out);
      } else {
        D.col(ix(a)) = out;
      }
    }
    score = composite;
    if (blended && R > 0) {
      const BlendResult br = detail::assess::within("uncertainty[stage=blend, period=" + period.to_string() + "]", [&] {
        return blend(Mat(composite), Mat(v.steps), model.steps.share, model.steps.blend);
      });
      score = br.score.col(0);
    }
    if (R == 0) {
      ranks = Vec();
      return;
    }
    ranks = detail::assess::within("uncertainty[stage=rank, period=" + period.to_string() + "]", [&] {
              return rank(score, model.ranking.options);
            }).ranks;
  }

  // The grade band of every row (-1: none) for scores; empty without grades.
  [[nodiscard]] std::vector<int> grades(const Vec& score) const {
    const Ranking& rk = model.ranking;
    if (rk.grades == GradeScheme::none || score.size() == 0) return {};
    const std::string where = "uncertainty[stage=grade, period=" + period.to_string() + "]";
    const GradeResult g = detail::assess::within(where, [&] {
      return rk.grades == GradeScheme::fixed ? grade_fixed(score, rk.bands)
                                             : grade_quantile(score, rk.quantile_labels, rk.quantile_probabilities);
    });
    std::vector<int> out(g.band.size(), -1);
    for (std::size_t i = 0; i < g.band.size(); ++i) {
      if (g.band[i]) out[i] = static_cast<int>(*g.band[i]);
    }
    return out;
  }

  // The all-nominal point.
  [[nodiscard]] Vec nominal_point() const { return Vec::Constant(ix(dims), nan); }
};

inline void check_ids(const std::string& what, const std::vector<std::string>& ids, const Framework& fw,
                      bool dimensions_only, bool indicators_only, const std::string& composite_id) {
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (id.empty()) throw InvalidInput(ErrorCode::invalid_id, "model.uncertainty", what + " holds an empty id");
    if (!seen.insert(id).second) {
      throw InvalidInput(ErrorCode::duplicate_id, "model.uncertainty", what + " names \"" + id + "\" twice");
    }
    const bool ok = (id == composite_id && dimensions_only) || (dimensions_only   ? fw.is_dimension(id)
                                                                : indicators_only ? fw.is_indicator(id)
                                                                                  : fw.contains(id));
    if (!ok) {
      throw NotFound("model.uncertainty", what + " names \"" + id + "\", which is not " +
                                              (dimensions_only   ? "an aggregate (a dimension or the composite)"
                                               : indicators_only ? "an indicator of the framework"
                                                                 : "a node of the framework"));
    }
  }
}

// Validates Model::uncertainty and prepares the variants.
inline Engine prepare(const Model& model, const Inputs& inputs) {
  const Uncertainty& uc = model.uncertainty;
  const std::string ctx = "model.uncertainty";
  const Framework& fw = inputs.framework;
  if (uc.weights != WeightPerturbation::none && uc.weights != WeightPerturbation::uniform &&
      uc.weights != WeightPerturbation::dirichlet) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "weights is not a WeightPerturbation");
  }
  if (uc.exclusion != Exclusion::none && uc.exclusion != Exclusion::indicators &&
      uc.exclusion != Exclusion::dimensions) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx, "exclusion is not an Exclusion");
  }
  if (!(uc.weight_share >= 0.0 && uc.weight_share < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "weight_share " + detail::number_text(uc.weight_share) + " is outside [0, 1)");
  }
  if (!(uc.weight_concentration > 0.0) || std::isinf(uc.weight_concentration)) {
    throw InvalidInput(
        ErrorCode::out_of_range, ctx,
        "weight_concentration " + detail::number_text(uc.weight_concentration) + " must be positive and finite");
  }
  if (!(uc.interval > 0.0 && uc.interval < 1.0)) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       "interval " + detail::number_text(uc.interval) + " is outside (0, 1)");
  }
  if (uc.top == 0) throw InvalidInput(ErrorCode::out_of_range, ctx, "top must be at least 1");
  check_ids("weight_nodes", uc.weight_nodes, fw, true, false, model.composite_id);
  check_ids("aggregation_nodes", uc.aggregation_nodes, fw, true, false, model.composite_id);
  if (!uc.aggregation_nodes.empty() && uc.aggregations.empty()) {
    throw InvalidInput(ErrorCode::inconsistent, ctx, "aggregation_nodes are given but no alternative aggregation");
  }
  if (uc.exclusion == Exclusion::none && !uc.exclude.empty()) {
    throw InvalidInput(ErrorCode::inconsistent, ctx, "exclude lists ids but exclusion is none");
  }
  check_ids("exclude", uc.exclude, fw, uc.exclusion == Exclusion::dimensions, uc.exclusion == Exclusion::indicators,
            "");
  {
    std::set<int> seen{static_cast<int>(model.preparation.imputation)};
    for (const ImputationKind k : uc.imputations) {
      if (!seen.insert(static_cast<int>(k)).second) {
        throw InvalidInput(
            ErrorCode::duplicate_id, ctx,
            std::string("imputations lists \"") + to_string(k) + "\" twice or as well as the model's own imputation");
      }
    }
  }

  Engine e;
  e.model = model;
  const Uncertainty& u = e.model.uncertainty;
  // The lean model of the variant runs: no diagnosis, audit or group ranks.
  Model lean = model;
  lean.diagnosis.enabled = false;
  lean.audit.scope = AuditScope::none;
  lean.ranking.within_cohort = false;
  lean.ranking.within_regions.clear();

  std::vector<ImputationKind> imps{model.preparation.imputation};
  imps.insert(imps.end(), u.imputations.begin(), u.imputations.end());
  std::vector<const NormalizeOptions*> norms{&model.normalization.options};
  for (const NormalizeOptions& o : u.normalizations) norms.push_back(&o);
  e.normalisation_levels = norms.size();

  e.nodes = fw.preorder();
  std::map<std::string, std::size_t> pos_of;
  for (std::size_t n = 0; n < e.nodes.size(); ++n) pos_of.emplace(e.nodes[n].id, n);
  // Aggregates in post-order, the composite last.
  for (auto it = fw.dimensions().rbegin(); it != fw.dimensions().rend(); ++it) {
    Aggregate a;
    a.id = it->id;
    a.name = it->id;
    a.position = pos_of.at(it->id);
    e.aggregates.push_back(std::move(a));
  }
  {
    Aggregate root;
    root.name = model.composite_id;
    e.aggregates.push_back(std::move(root));
  }
  const auto listed = [](const std::vector<std::string>& list, const std::string& name) {
    return list.empty() || std::find(list.begin(), list.end(), name) != list.end();
  };
  e.aggregate_of.assign(e.nodes.size(), none);
  for (std::size_t a = 0; a + 1 < e.aggregates.size(); ++a) e.aggregate_of[e.aggregates[a].position] = a;
  for (Aggregate& a : e.aggregates) {
    for (const std::string& k : fw.children(a.id)) a.children.push_back(pos_of.at(k));
    a.method = detail::assess::method_of(model, a.id);
    a.perturbed = u.weights != WeightPerturbation::none && listed(u.weight_nodes, a.name);
    a.alternative = !u.aggregations.empty() && listed(u.aggregation_nodes, a.name);
  }
  // Factors: weights of each perturbed aggregate (composite first, then dimensions in preorder), then the
  // discrete choices.
  std::vector<std::size_t> weight_order;
  for (std::size_t a = e.aggregates.size(); a-- > 0;) {
    if (e.aggregates[a].perturbed) weight_order.push_back(a);
  }
  std::sort(weight_order.begin(), weight_order.end(), [&](std::size_t x, std::size_t y) {
    const std::size_t px = e.aggregates[x].position == none ? 0 : e.aggregates[x].position + 1;
    const std::size_t py = e.aggregates[y].position == none ? 0 : e.aggregates[y].position + 1;
    return px < py;
  });
  for (const std::size_t a : weight_order) {
    e.aggregates[a].weight_offset = e.dims;
    e.factors.push_back(SobolFactor{"weights:" + e.aggregates[a].name, e.aggregates[a].children.size()});
    e.dims += e.aggregates[a].children.size();
  }
  const auto add_discrete = [&](const std::string& name, std::vector<std::string> levels) {
    Discrete d;
    d.name = name;
    d.coordinate = e.dims;
    d.levels = std::move(levels);
    e.factors.push_back(SobolFactor{name, 1});
    ++e.dims;
    return d;
  };
  if (!u.normalizations.empty()) {
    std::vector<std::string> levels;
    for (const NormalizeOptions* o : norms) levels.emplace_back(to_string(o->method));
    e.normalisation = add_discrete("normalisation", levels);
  }
  if (!u.aggregations.empty()) {
    std::vector<std::string> levels{"nominal"};
    for (const AggregateOptions& o : u.aggregations) levels.emplace_back(to_string(o.method));
    e.aggregation = add_discrete("aggregation", levels);
  }
  if (!u.imputations.empty()) {
    std::vector<std::string> levels;
    for (const ImputationKind k : imps) levels.emplace_back(to_string(k));
    e.imputation = add_discrete("imputation", levels);
  }
  if (u.exclusion != Exclusion::none) {
    std::vector<std::string> levels{"none"};
    for (const FrameworkNode& n : e.nodes) {
      const bool kind = u.exclusion == Exclusion::indicators ? n.is_indicator : !n.is_indicator;
      if (kind && listed(u.exclude, n.id)) {
        e.excluded.push_back(pos_of.at(n.id));
        levels.push_back("without " + n.id);
      }
    }
    if (e.excluded.empty()) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         std::string("exclusion is ") + to_string(u.exclusion) + " but the framework has none");
    }
    e.exclusion = add_discrete("exclusion", levels);
  }

  // The variants.
  bool first = true;
  for (std::size_t i = 0; i < imps.size(); ++i) {
    for (std::size_t k = 0; k < norms.size(); ++k) {
      Model m = lean;
      m.preparation.imputation = imps[i];
      m.normalization.options = *norms[k];
      const std::string where = "uncertainty[imputation=" + std::string(to_string(imps[i])) +
                                ", normalisation=" + to_string(norms[k]->method) + "]";
      const Result r = detail::assess::within(where, [&] { return run(m, inputs); });
      if (first) {
        if (r.periods.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "the panel has no period");
        e.period = u.period ? *u.period : r.periods.back();
        if (std::find(r.periods.begin(), r.periods.end(), e.period) == r.periods.end()) {
          throw NotFound(ctx, "period " + e.period.to_string() + " is not a period of the panel");
        }
      }
      const std::size_t p = r.scores.period_index(e.period);
      std::vector<std::size_t> rows;
      for (std::size_t uu = 0; uu < r.units.size(); ++uu) {
        const UnitState st = r.state[p * r.units.size() + uu];
        if (st == UnitState::scored || st == UnitState::unscored) rows.push_back(uu);
      }
      if (first) {
        for (const std::size_t uu : rows) e.units.push_back(r.units[uu]);
        e.nominal_score.resize(ix(rows.size()));
        e.nominal_rank.resize(ix(rows.size()));
        for (std::size_t j = 0; j < rows.size(); ++j) {
          e.nominal_score[ix(j)] = r.scores.value(rows[j], 0, p);
          e.nominal_rank[ix(j)] = r.ranks.value(rows[j], 0, p);
        }
        e.blended = inputs.steps.has_value() && model.steps.share > 0.0;
        e.grade_labels = r.grade_labels;
      }
      Variant v;
      v.values = Mat::Constant(ix(rows.size()), ix(e.nodes.size()), nan);
      v.present.assign(e.nodes.size(), 0);
      std::map<std::string, std::size_t> col;
      for (std::size_t c = 0; c < r.nodes.size(); ++c) col.emplace(r.nodes[c].id, c);
      for (std::size_t n = 0; n < e.nodes.size(); ++n) {
        if (!e.nodes[n].is_indicator) continue;
        for (std::size_t j = 0; j < rows.size(); ++j)
          v.values(ix(j), ix(n)) = r.scores.value(rows[j], col.at(e.nodes[n].id), p);
      }
      // Nominal weights and presence from the weight records (a record lists the children that took part).
      v.weights.resize(e.aggregates.size());
      std::vector<char> has_record(e.aggregates.size(), 0);
      for (std::size_t a = 0; a < e.aggregates.size(); ++a) {
        const Aggregate& ag = e.aggregates[a];
        for (const WeightRecord& rec : r.weights) {
          if (rec.node != ag.name || (rec.period && *rec.period != e.period)) continue;
          v.weights[a] = rec.weights;
          has_record[a] = 1;
          for (const std::string& child : rec.children) v.present[pos_of.at(child)] = 1;
        }
      }
      for (std::size_t a = 0; a < e.aggregates.size(); ++a) {
        const Aggregate& ag = e.aggregates[a];
        if (ag.position != none && has_record[a] == 0) v.present[ag.position] = 0;
        if (ag.position == none && has_record[a] == 0) {
          throw InvalidInput(ErrorCode::inconsistent, ctx,
                             "the composite has no weights in period " + e.period.to_string());
        }
      }
      if (e.blended) {
        v.steps.resize(ix(rows.size()));
        for (std::size_t j = 0; j < rows.size(); ++j)
          v.steps[ix(j)] = r.scores.value(rows[j], col.at(model.step_index_id), p);
      }
      e.variants.push_back(std::move(v));
      first = false;
    }
  }
  // Every exclusion must leave the composite something, in every variant.
  for (std::size_t level = 1; level <= e.excluded.size(); ++level) {
    for (const Variant& v : e.variants) {
      std::vector<char> present = v.present;
      present[e.excluded[level - 1]] = 0;
      for (const Aggregate& ag : e.aggregates) {
        if (ag.position != none && present[ag.position] == 0) continue;
        bool any = false;
        for (const std::size_t c : ag.children) any = any || present[c] != 0;
        if (!any && ag.position == none) {
          throw InvalidInput(ErrorCode::inconsistent, ctx,
                             "leaving out \"" + e.nodes[e.excluded[level - 1]].id +
                                 "\" leaves the composite without children; remove it from exclude");
        }
        if (!any) present[ag.position] = 0;
      }
    }
  }
  return e;
}

// The rows of one wave of evaluations.
struct Wave {
  Mat scores;  // units x replications of the wave
  Mat ranks;
  std::vector<std::vector<int>> grades;  // per replication
};

}  // namespace detail::uq

/// The uncertainty analysis of an assessment: a Monte Carlo over the choices Model::uncertainty declares.
///
/// Replication r draws its point from the pseudo-random stream (Uncertainty::seed, r): a uniform number per
/// coordinate (weights of a perturbed aggregate: one per child; each discrete choice: one, selecting its
/// nominal value or an alternative with equal probability). Per unit it reports the nominal rank, the median,
/// mean and central interval of its ranks, the mean absolute rank shift, the probability of the top k and of
/// each grade, and the mean and standard deviation of its score. Per choice it reports how much the ranking
/// moves when that choice alone varies (ChoiceEffect): each alternative of a discrete choice once, and
/// Uncertainty::one_at_a_time draws of a weight factor (from streams of seed + 1).
/// @param model the model; Model::uncertainty says what varies, how often and for which period.
/// @param inputs framework, clusters, regions, panel, step assessments.
/// @param progress called with (done, total) replications between waves; may be empty.
/// @return the result.
/// @throws InvalidInput for a bad Model::uncertainty (replications 0, weight_share outside [0, 1),
///   concentration not positive, interval outside (0, 1), top 0, duplicate or unknown ids, an exclusion that
///   empties the composite, an imputation listed twice, ...) and as run() throws for a variant (the message
///   names the variant).
/// @throws NotFound for an id of Model::uncertainty that is not in the framework, or a period not in the panel.
inline UncertaintyResult analyse_uncertainty(const Model& model, const Inputs& inputs,
                                             const ProgressCallback& progress = {}) {
  namespace du = detail::uq;
  using du::ix;
  const Uncertainty& uc = model.uncertainty;
  if (uc.replications == 0) {
    throw InvalidInput(ErrorCode::out_of_range, "model.uncertainty", "replications is 0: no analysis to run");
  }
  const du::Engine e = du::prepare(model, inputs);
  const std::size_t U = e.units.size();
  const std::size_t N = uc.replications;
  const std::size_t G = e.grade_labels.size();
  UncertaintyResult res;
  res.period = e.period;
  res.replications = N;
  res.seed = uc.seed;
  for (const SobolFactor& f : e.factors) res.factors.push_back(f.name);
  res.grade_labels = e.grade_labels;
  res.top = uc.top;
  res.interval = uc.interval;
  if (uc.keep_replications) {
    res.replication_ranks = du::Mat::Constant(ix(N), ix(U), du::nan);
    res.replication_scores = res.replication_ranks;
  }
  // Accumulators per unit.
  std::vector<du::RankHistogram> hist(U);
  std::vector<double> shift_sum(U, 0.0);
  std::vector<std::uint64_t> shift_n(U, 0);
  std::vector<std::uint64_t> top(U, 0);
  std::vector<std::vector<std::uint64_t>> grade_count(U, std::vector<std::uint64_t>(G, 0));
  std::vector<double> mean(U, 0.0);
  std::vector<double> m2(U, 0.0);
  const std::size_t wave = std::clamp<std::size_t>((std::size_t{1} << 20U) / (2 * U + 1), 1, 256);
  du::Mat scores(ix(U), ix(wave));
  du::Mat ranks(ix(U), ix(wave));
  std::vector<std::vector<int>> grades(wave);
  for (std::size_t r0 = 0; r0 < N; r0 += wave) {
    const std::size_t w = std::min(wave, N - r0);
    detail::parallel_for(ix(w), detail::parallel_min_work, [&](Eigen::Index j) {
      du::Vec x;
      if (e.dims > 0) {
        x = random_points(e.dims, 1, uc.seed, r0 + static_cast<std::size_t>(j)).row(0).transpose();
      }
      du::Vec s;
      du::Vec rk;
      e.evaluate(x, s, rk);
      scores.col(j) = s;
      ranks.col(j) = rk;
      grades[static_cast<std::size_t>(j)] = e.grades(s);
    });
    detail::parallel_for(ix(U), ix(U * w), [&](Eigen::Index uu) {
      const auto u = static_cast<std::size_t>(uu);
      const double nominal = e.nominal_rank[uu];
      for (std::size_t j = 0; j < w; ++j) {
        const double s = scores(uu, ix(j));
        const double rk = ranks(uu, ix(j));
        if (uc.keep_replications) {
          res.replication_scores(ix(r0 + j), uu) = s;
          res.replication_ranks(ix(r0 + j), uu) = rk;
        }
        if (!std::isnan(rk)) {
          hist[u].add(rk);
          if (rk <= static_cast<double>(uc.top)) ++top[u];
          if (!std::isnan(nominal)) {
            shift_sum[u] += std::abs(rk - nominal);
            ++shift_n[u];
          }
          // Welford's update, in replication order.
          const double n = static_cast<double>(hist[u].n);
          const double d = s - mean[u];
          mean[u] += d / n;
          m2[u] += d * (s - mean[u]);
        }
        if (!grades[j].empty() && grades[j][u] >= 0) ++grade_count[u][static_cast<std::size_t>(grades[j][u])];
      }
    });
    if (progress) progress(r0 + w, N);
  }
  double total_shift = 0.0;
  std::uint64_t total_n = 0;
  const double lo_p = (1.0 - uc.interval) / 2.0;
  for (std::size_t u = 0; u < U; ++u) {
    UnitUncertainty out;
    out.unit = e.units[u];
    out.nominal_score = e.nominal_score[ix(u)];
    out.nominal_rank = e.nominal_rank[ix(u)];
    out.scored = static_cast<std::size_t>(hist[u].n);
    if (hist[u].n > 0) {
      double sum = 0.0;
      for (std::size_t i = 0; i < hist[u].counts.size(); ++i) {
        sum +=
            static_cast<double>(hist[u].counts[i]) * static_cast<double>(hist[u].first + static_cast<std::int64_t>(i));
      }
      out.mean_rank = sum / 2.0 / static_cast<double>(hist[u].n);
      out.median_rank = hist[u].quantile(0.5);
      out.rank_low = hist[u].quantile(lo_p);
      out.rank_high = hist[u].quantile(1.0 - lo_p);
      out.mean_score = mean[u];
      out.sd_score = std::sqrt(m2[u] / static_cast<double>(hist[u].n));
    }
    if (shift_n[u] > 0) out.mean_abs_shift = shift_sum[u] / static_cast<double>(shift_n[u]);
    out.top_probability = static_cast<double>(top[u]) / static_cast<double>(N);
    for (std::size_t g = 0; g < G; ++g) {
      out.grade_probabilities.push_back(static_cast<double>(grade_count[u][g]) / static_cast<double>(N));
    }
    total_shift += shift_sum[u];
    total_n += shift_n[u];
    res.units.push_back(std::move(out));
  }
  res.mean_abs_shift = total_n > 0 ? total_shift / static_cast<double>(total_n) : 0.0;

  // One choice at a time.
  if (uc.one_at_a_time > 0 && !e.factors.empty()) {
    struct Job {
      std::size_t effect;
      du::Vec x;
    };
    std::vector<Job> jobs;
    const auto discrete = [&](const std::optional<du::Discrete>& d) {
      if (!d) return;
      for (std::size_t level = 1; level < d->levels.size(); ++level) {
        du::Vec x = e.nominal_point();
        x[ix(d->coordinate)] = (static_cast<double>(level) + 0.5) / static_cast<double>(d->levels.size());
        res.choices.push_back(ChoiceEffect{d->name, d->levels[level], 0, 0.0, 0.0, 0.0});
        jobs.push_back(Job{res.choices.size() - 1, std::move(x)});
      }
    };
    for (std::size_t f = 0; f < e.factors.size(); ++f) {
      const std::string& name = e.factors[f].name;
      if (name.rfind("weights:", 0) != 0) continue;
      std::size_t offset = 0;
      for (const du::Aggregate& ag : e.aggregates) {
        if (ag.perturbed && "weights:" + ag.name == name) offset = ag.weight_offset;
      }
      res.choices.push_back(ChoiceEffect{name, "draws", 0, 0.0, 0.0, 0.0});
      for (std::size_t d = 0; d < uc.one_at_a_time; ++d) {
        du::Vec x = e.nominal_point();
        const du::Vec u = random_points(e.factors[f].dimensions, 1, stream_seed(uc.seed, 1U + f), d).row(0).transpose();
        x.segment(ix(offset), u.size()) = u;
        jobs.push_back(Job{res.choices.size() - 1, std::move(x)});
      }
    }
    discrete(e.normalisation);
    discrete(e.aggregation);
    discrete(e.imputation);
    discrete(e.exclusion);
    std::vector<double> job_mean(jobs.size(), 0.0);
    std::vector<double> job_max(jobs.size(), 0.0);
    std::vector<double> job_changed(jobs.size(), 0.0);
    detail::parallel_for(ix(jobs.size()), detail::parallel_min_work, [&](Eigen::Index j) {
      du::Vec s;
      du::Vec rk;
      e.evaluate(jobs[static_cast<std::size_t>(j)].x, s, rk);
      double sum = 0.0;
      double mx = 0.0;
      std::size_t n = 0;
      std::size_t changed = 0;
      for (Eigen::Index u = 0; u < rk.size(); ++u) {
        if (std::isnan(rk[u]) || std::isnan(e.nominal_rank[u])) continue;
        const double d = std::abs(rk[u] - e.nominal_rank[u]);
        sum += d;
        mx = std::max(mx, d);
        changed += d > 0.0 ? 1 : 0;
        ++n;
      }
      const auto k = static_cast<std::size_t>(j);
      job_mean[k] = n > 0 ? sum / static_cast<double>(n) : 0.0;
      job_max[k] = mx;
      job_changed[k] = n > 0 ? static_cast<double>(changed) / static_cast<double>(n) : 0.0;
    });
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      ChoiceEffect& c = res.choices[jobs[j].effect];
      ++c.runs;
      c.mean_abs_shift += job_mean[j];
      c.changed_share += job_changed[j];
      c.max_abs_shift = std::max(c.max_abs_shift, job_max[j]);
    }
    for (ChoiceEffect& c : res.choices) {
      if (c.runs == 0) continue;
      c.mean_abs_shift /= static_cast<double>(c.runs);
      c.changed_share /= static_cast<double>(c.runs);
    }
  }
  return res;
}

/// The sensitivity analysis of an assessment: first- and total-order Sobol indices of every factor Model::
/// uncertainty declares, on the ranking as a whole and on every unit's rank and score (sobol_indices() with
/// Sobol points, Uncertainty::sensitivity_samples base samples, Uncertainty::bootstrap replicates and
/// Uncertainty::confidence; Uncertainty::seed seeds the bootstrap).
/// @param model the model; Model::uncertainty declares the factors.
/// @param inputs framework, clusters, regions, panel, step assessments.
/// @param progress called with (done, total) base samples between waves; may be empty.
/// @return the indices per output row (see SensitivityResult).
/// @throws InvalidInput as analyse_uncertainty() does, and when no factor is declared or sensitivity_samples is
///   below 2.
/// @throws NotFound as analyse_uncertainty() does.
inline SensitivityResult analyse_sensitivity(const Model& model, const Inputs& inputs,
                                             const ProgressCallback& progress = {}) {
  namespace du = detail::uq;
  using du::ix;
  const Uncertainty& uc = model.uncertainty;
  const du::Engine e = du::prepare(model, inputs);
  if (e.factors.empty()) {
    throw InvalidInput(ErrorCode::inconsistent, "model.uncertainty",
                       "nothing is uncertain: declare weights, normalisations, aggregations, imputations or an "
                       "exclusion");
  }
  const std::size_t U = e.units.size();
  const auto f = [&](const du::Vec& x) {
    du::Vec s;
    du::Vec rk;
    e.evaluate(x, s, rk);
    du::Vec out = du::Vec::Constant(ix(2 * U + 1), du::nan);
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t u = 0; u < U; ++u) {
      out[ix(1 + u)] = rk[ix(u)];
      out[ix(1 + U + u)] = s[ix(u)];
      if (!std::isnan(rk[ix(u)]) && !std::isnan(e.nominal_rank[ix(u)])) {
        sum += std::abs(rk[ix(u)] - e.nominal_rank[ix(u)]);
        ++n;
      }
    }
    out[0] = n > 0 ? sum / static_cast<double>(n) : du::nan;
    return out;
  };
  SobolOptions so;
  so.samples = uc.sensitivity_samples;
  so.sampling = Sampling::sobol;
  so.seed = uc.seed;
  so.bootstrap = uc.bootstrap;
  so.confidence = uc.confidence;
  so.progress = progress;
  SensitivityResult res;
  res.period = e.period;
  res.units = e.units;
  res.indices = sobol_indices(f, e.factors, 2 * U + 1, so);
  return res;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_ASSESSMENT_UNCERTAINTY_HPP
