// Tests of qualis/assessment/uncertainty.hpp: the uncertainty and sensitivity analyses of an assessment.
//
// The independent reference of a replication is run() itself: the replication's point is drawn again here
// (random_points(), the documented stream of replication r), decoded by the documented rules (a discrete
// factor's level is floor(u * levels); a uniform weight multiplier is 1 + share (2u - 1)) into an equivalent
// model and framework (weights set to the perturbed values, a left-out indicator removed from the framework,
// the alternative normalisation or aggregation set in the model), and run() on it must give the replication's
// scores and ranks. Rank statistics are recomputed from the kept replications (R type-7 quantiles).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <qualis/assessment/uncertainty.hpp>
#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "support/framework.hpp"
#include "support/threads.hpp"

namespace {

using namespace qualis;  // NOLINT(google-build-using-namespace): a test of the whole pipeline names most of it
using qualis_test::expect_error;

const Period y2022 = Period::annual(2022);
const Period y2023 = Period::annual(2023);

using qualis_test::dimension;
using qualis_test::indicator;

const std::vector<std::string> kIndicators = {"rev", "emp", "pass", "compl", "rd"};

// composite -> econ {rev, emp}, qual {pass (2), compl (lower is better)}, innov {rd}
std::vector<Dimension> dimensions() { return {dimension("econ"), dimension("qual", "", 2.0), dimension("innov")}; }
std::vector<Indicator> indicators() {
  return {indicator("rev", "econ"), indicator("emp", "econ"), indicator("pass", "qual", 2.0),
          indicator("compl", "qual", 1.0, Direction::lower_is_better), indicator("rd", "innov")};
}

const std::size_t kUnits = 15;

std::string unit_id(std::size_t u) { return "u" + std::to_string(u + 10); }

Inputs inputs() {
  std::vector<Cluster> cs;
  std::vector<std::string> ids;
  for (std::size_t u = 0; u < kUnits; ++u) {
    Cluster c;
    c.id = unit_id(u);
    c.region = "130100";
    c.cohort = u < 10 ? "2019" : "X";
    c.joined = Period::annual(2019);
    cs.push_back(c);
    ids.push_back(c.id);
  }
  Panel p(ids, kIndicators, {y2022, y2023});
  for (std::size_t t = 0; t < 2; ++t) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(kUnits), 5);
    for (std::size_t u = 0; u < kUnits; ++u) {
      for (std::size_t i = 0; i < 5; ++i) {
        // Spread, unequal, no ties: a fixed arithmetic pattern.
        m(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(i)) =
            10.0 + static_cast<double>((u * (3 + 2 * i) + 7 * i + 5 * t) % 17) * (1.0 + 0.5 * static_cast<double>(i)) +
            0.013 * static_cast<double>(u * u) + 0.1 * static_cast<double>(t);
      }
    }
    m(3, 1) = std::numeric_limits<double>::quiet_NaN();  // one missing value
    p.set_period_matrix(t, m);
  }
  return Inputs{Framework(dimensions(), indicators()), ClusterSet(cs), std::nullopt, p, std::nullopt};
}

Model base_model() {
  Model m;
  m.preparation.screen = false;
  m.audit.scope = AuditScope::none;
  m.diagnosis.enabled = false;
  m.ranking.grades = GradeScheme::fixed;
  m.ranking.bands = {GradeBand{"A", 70.0}, GradeBand{"B", 50.0}, GradeBand{"C", 0.0}};
  m.uncertainty.replications = 400;
  m.uncertainty.seed = 7;
  m.uncertainty.top = 5;
  return m;
}

NormalizeOptions z100() {
  NormalizeOptions o;
  o.method = NormalizationMethod::z_score;
  o.z_score.mean = 100.0;
  o.z_score.sd = 10.0;
  return o;
}

AggregateOptions geometric() {
  AggregateOptions o;
  o.method = AggregationMethod::geometric_mean;
  o.shift = 1.0;
  return o;
}

// A model that varies every kind of choice.
Model varied_model() {
  Model m = base_model();
  m.uncertainty.normalizations = {z100()};
  m.uncertainty.aggregations = {geometric()};
  m.uncertainty.aggregation_nodes = {"econ", "qual"};
  m.uncertainty.imputations = {ImputationKind::cross_section};
  m.uncertainty.exclusion = Exclusion::indicators;
  m.uncertainty.keep_replications = true;
  return m;
}

std::size_t level(double u, std::size_t levels) {
  return std::min(static_cast<std::size_t>(std::floor(u * static_cast<double>(levels))), levels - 1);
}

// The run() equivalent of replication r of varied_model(); returns the final scores of the period's units.
Result equivalent_run(const Model& varied, const Inputs& in, std::size_t r, const std::vector<std::string>& factors) {
  // Coordinates: weights:composite (3), weights:econ (2), weights:qual (2), weights:innov (1), normalisation,
  // aggregation, imputation, exclusion.
  const std::vector<std::string> expected = {"weights:composite", "weights:econ", "weights:qual", "weights:innov",
                                             "normalisation",     "aggregation",  "imputation",   "exclusion"};
  EXPECT_EQ(factors, expected);
  const Eigen::MatrixXd x = random_points(12, 1, varied.uncertainty.seed, r);
  const double share = varied.uncertainty.weight_share;
  const auto mult = [&](Eigen::Index k) { return 1.0 + share * (2.0 * x(0, k) - 1.0); };
  std::vector<Dimension> dims = dimensions();
  std::vector<Indicator> inds = indicators();
  // Nominal normalised weights times the multipliers (the framework renormalises them).
  const double wsum_root = 1.0 + 2.0 + 1.0;
  dims[0].weight = 1.0 / wsum_root * mult(0);
  dims[1].weight = 2.0 / wsum_root * mult(1);
  dims[2].weight = 1.0 / wsum_root * mult(2);
  inds[0].weight = 0.5 * mult(3);
  inds[1].weight = 0.5 * mult(4);
  inds[2].weight = 2.0 / 3.0 * mult(5);
  inds[3].weight = 1.0 / 3.0 * mult(6);
  inds[4].weight = 1.0 * mult(7);
  Model m = varied;
  if (level(x(0, 8), 2) == 1) m.normalization.options = z100();
  if (level(x(0, 9), 2) == 1) {
    m.methods["econ"].aggregation = geometric();
    m.methods["qual"].aggregation = geometric();
  }
  if (level(x(0, 10), 2) == 1) m.preparation.imputation = ImputationKind::cross_section;
  const std::size_t out = level(x(0, 11), 6);  // none, rev, emp, pass, compl, rd
  if (out > 0) {
    const std::string gone = kIndicators[out - 1];
    inds.erase(std::remove_if(inds.begin(), inds.end(), [&](const Indicator& i) { return i.id == gone; }), inds.end());
    if (gone == "rd") dims.erase(dims.begin() + 2);  // innov is left empty
  }
  Inputs eq = in;
  eq.framework = Framework(dims, inds);
  return run(m, eq);
}

TEST(Uncertainty, NothingUncertainCollapsesToTheNominalRanks) {
  Model m = base_model();
  m.uncertainty.weights = WeightPerturbation::none;
  const Inputs in = inputs();
  const UncertaintyResult r = analyse_uncertainty(m, in);
  const Result nominal = run(m, in);
  EXPECT_TRUE(r.factors.empty());
  EXPECT_EQ(r.period, y2023);
  ASSERT_EQ(r.units.size(), kUnits);
  EXPECT_EQ(r.mean_abs_shift, 0.0);
  for (const UnitUncertainty& u : r.units) {
    const double rank = nominal.rank(u.unit, "score", y2023);
    EXPECT_EQ(u.nominal_rank, rank) << u.unit;
    EXPECT_EQ(u.nominal_score, nominal.score(u.unit, "score", y2023)) << u.unit;
    EXPECT_EQ(u.scored, 400U);
    EXPECT_EQ(u.median_rank, rank);
    EXPECT_EQ(u.rank_low, rank);
    EXPECT_EQ(u.rank_high, rank);
    EXPECT_EQ(u.mean_rank, rank);
    EXPECT_EQ(u.mean_abs_shift, 0.0);
    EXPECT_EQ(u.top_probability, rank <= 5 ? 1.0 : 0.0);
    EXPECT_EQ(u.mean_score, u.nominal_score);
    EXPECT_EQ(u.sd_score, 0.0);
    const double band = nominal.grades->value(u.unit, "score", y2023);
    ASSERT_EQ(u.grade_probabilities.size(), 3U);
    for (std::size_t g = 0; g < 3; ++g) EXPECT_EQ(u.grade_probabilities[g], band == static_cast<double>(g) ? 1.0 : 0.0);
  }
  EXPECT_TRUE(r.choices.empty());
}

TEST(Uncertainty, EveryReplicationIsTheRunOfItsEquivalentModel) {
  const Model m = varied_model();
  const Inputs in = inputs();
  const UncertaintyResult r = analyse_uncertainty(m, in);
  ASSERT_EQ(r.replication_ranks.rows(), 400);
  ASSERT_EQ(r.replication_ranks.cols(), static_cast<Eigen::Index>(kUnits));
  for (const std::size_t rep : {std::size_t{0}, std::size_t{1}, std::size_t{17}, std::size_t{123}, std::size_t{399}}) {
    const Result eq = equivalent_run(m, in, rep, r.factors);
    for (std::size_t u = 0; u < kUnits; ++u) {
      const double score = eq.score(r.units[u].unit, "score", y2023);
      const double got = r.replication_scores(static_cast<Eigen::Index>(rep), static_cast<Eigen::Index>(u));
      EXPECT_NEAR(got, score, 1e-12 * std::max(1.0, std::abs(score)))
          << "replication " << rep << ", " << r.units[u].unit;
      EXPECT_EQ(r.replication_ranks(static_cast<Eigen::Index>(rep), static_cast<Eigen::Index>(u)),
                eq.rank(r.units[u].unit, "score", y2023))
          << "replication " << rep << ", " << r.units[u].unit;
    }
  }
}

// Type-7 quantile of a sample.
double quantile7(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

TEST(Uncertainty, UnitStatisticsAreThoseOfTheReplications) {
  const Model m = varied_model();
  const Inputs in = inputs();
  const UncertaintyResult r = analyse_uncertainty(m, in);
  double total = 0.0;
  for (std::size_t u = 0; u < kUnits; ++u) {
    const UnitUncertainty& uu = r.units[u];
    std::vector<double> ranks;
    double sum = 0.0;
    double shift = 0.0;
    std::size_t top = 0;
    std::vector<double> scores;
    for (Eigen::Index k = 0; k < r.replication_ranks.rows(); ++k) {
      const double rk = r.replication_ranks(k, static_cast<Eigen::Index>(u));
      ranks.push_back(rk);
      sum += rk;
      shift += std::abs(rk - uu.nominal_rank);
      top += rk <= 5.0 ? 1 : 0;
      scores.push_back(r.replication_scores(k, static_cast<Eigen::Index>(u)));
    }
    const double n = static_cast<double>(ranks.size());
    EXPECT_EQ(uu.scored, ranks.size());
    EXPECT_NEAR(uu.mean_rank, sum / n, 1e-12);
    EXPECT_EQ(uu.median_rank, quantile7(ranks, 0.5));
    EXPECT_NEAR(uu.rank_low, quantile7(ranks, 0.05), 1e-12);
    EXPECT_NEAR(uu.rank_high, quantile7(ranks, 0.95), 1e-12);
    EXPECT_NEAR(uu.mean_abs_shift, shift / n, 1e-12);
    EXPECT_EQ(uu.top_probability, static_cast<double>(top) / n);
    double mean = 0.0;
    for (const double s : scores) mean += s;
    mean /= n;
    double var = 0.0;
    for (const double s : scores) var += (s - mean) * (s - mean);
    EXPECT_NEAR(uu.mean_score, mean, 1e-9 * std::abs(mean));
    EXPECT_NEAR(uu.sd_score, std::sqrt(var / n), 1e-9 * std::sqrt(var / n) + 1e-12);
    // Grades: fixed bands at 70 and 50.
    std::vector<double> grade(3, 0.0);
    for (const double s : scores) grade[s >= 70.0 ? 0 : s >= 50.0 ? 1 : 2] += 1.0 / n;
    for (std::size_t g = 0; g < 3; ++g) EXPECT_NEAR(uu.grade_probabilities[g], grade[g], 1e-12);
    EXPECT_LE(uu.rank_low, uu.median_rank);
    EXPECT_LE(uu.median_rank, uu.rank_high);
    total += shift;
  }
  EXPECT_NEAR(r.mean_abs_shift, total / (400.0 * kUnits), 1e-12);
  EXPECT_GT(r.mean_abs_shift, 0.0);
}

TEST(Uncertainty, OneChoiceAtATimeMatchesTheRunOfThatChoice) {
  const Model m = varied_model();
  const Inputs in = inputs();
  const UncertaintyResult r = analyse_uncertainty(m, in);
  const Result nominal = run(m, in);
  std::map<std::string, const ChoiceEffect*> by_level;
  for (const ChoiceEffect& c : r.choices) by_level[c.factor + "|" + c.level] = &c;
  ASSERT_EQ(by_level.count("normalisation|z_score"), 1U);
  ASSERT_EQ(by_level.count("exclusion|without pass"), 1U);
  ASSERT_EQ(by_level.count("weights:econ|draws"), 1U);
  EXPECT_EQ(by_level["weights:econ|draws"]->runs, 64U);
  // z-scores alone.
  Model z = m;
  z.normalization.options = z100();
  const Result zr = run(z, in);
  double sum = 0.0;
  double mx = 0.0;
  double changed = 0.0;
  for (std::size_t u = 0; u < kUnits; ++u) {
    const double d = std::abs(zr.rank(unit_id(u), "score", y2023) - nominal.rank(unit_id(u), "score", y2023));
    sum += d;
    mx = std::max(mx, d);
    changed += d > 0.0 ? 1.0 : 0.0;
  }
  const ChoiceEffect& ze = *by_level["normalisation|z_score"];
  EXPECT_EQ(ze.runs, 1U);
  EXPECT_NEAR(ze.mean_abs_shift, sum / kUnits, 1e-12);
  EXPECT_EQ(ze.max_abs_shift, mx);
  EXPECT_NEAR(ze.changed_share, changed / kUnits, 1e-12);
  // Every discrete alternative is there once: normalisation 1, aggregation 1, imputation 1, exclusion 5.
  std::size_t discrete = 0;
  for (const ChoiceEffect& c : r.choices) discrete += c.level == "draws" ? 0 : 1;
  EXPECT_EQ(discrete, 8U);
}

TEST(Uncertainty, SeedAndThreadCountReproducible) {
  Model m = varied_model();
  const Inputs in = inputs();
  const UncertaintyResult a = analyse_uncertainty(m, in);
  const UncertaintyResult b = analyse_uncertainty(m, in);
  EXPECT_TRUE(a.replication_scores == b.replication_scores);
#ifdef _OPENMP
  const auto [one, four] = qualis_test::with_1_and_4_threads([&] { return analyse_uncertainty(m, in); });
  EXPECT_TRUE(qualis_test::same_bits(one.replication_scores, four.replication_scores));
  for (std::size_t u = 0; u < kUnits; ++u) {
    EXPECT_TRUE(qualis_test::same_bits(
        Eigen::Vector3d(one.units[u].mean_score, one.units[u].sd_score, one.units[u].rank_low),
        Eigen::Vector3d(four.units[u].mean_score, four.units[u].sd_score, four.units[u].rank_low)));
  }
  EXPECT_EQ(one.mean_abs_shift, four.mean_abs_shift);
#endif
  m.uncertainty.seed = 8;
  const UncertaintyResult c = analyse_uncertainty(m, in);
  EXPECT_FALSE(a.replication_scores == c.replication_scores);
  m.uncertainty.keep_replications = false;
  const UncertaintyResult d = analyse_uncertainty(m, in);
  EXPECT_EQ(d.replication_ranks.size(), 0);
  EXPECT_EQ(d.units[3].mean_score, c.units[3].mean_score);
}

TEST(Uncertainty, LargeDirichletConcentrationStaysAtTheNominalRanks) {
  Model m = base_model();
  m.uncertainty.weights = WeightPerturbation::dirichlet;
  m.uncertainty.weight_concentration = 1e10;
  m.uncertainty.replications = 50;
  const UncertaintyResult r = analyse_uncertainty(m, inputs());
  for (const UnitUncertainty& u : r.units) {
    EXPECT_EQ(u.rank_low, u.nominal_rank) << u.unit;
    EXPECT_EQ(u.rank_high, u.nominal_rank) << u.unit;
    EXPECT_NEAR(u.sd_score, 0.0, 1e-2);
  }
  m.uncertainty.weight_concentration = 2.0;
  const UncertaintyResult loose = analyse_uncertainty(m, inputs());
  EXPECT_GT(loose.mean_abs_shift, 0.5);
}

TEST(Uncertainty, BadConfigurationsAreRejected) {
  const Inputs in = inputs();
  const auto expect_bad = [&](auto edit, ErrorCode code, const char* fragment) {
    Model m = base_model();
    edit(m);
    expect_error<InvalidInput>([&] { (void)analyse_uncertainty(m, in); }, code, {fragment});
  };
  expect_bad([](Model& m) { m.uncertainty.replications = 0; }, ErrorCode::out_of_range, "replications is 0");
  expect_bad([](Model& m) { m.uncertainty.weight_share = 1.0; }, ErrorCode::out_of_range, "weight_share 1 is outside");
  expect_bad([](Model& m) { m.uncertainty.weight_share = -0.1; }, ErrorCode::out_of_range, "weight_share");
  expect_bad([](Model& m) { m.uncertainty.weight_concentration = 0.0; }, ErrorCode::out_of_range, "concentration");
  expect_bad([](Model& m) { m.uncertainty.interval = 1.0; }, ErrorCode::out_of_range, "interval");
  expect_bad([](Model& m) { m.uncertainty.top = 0; }, ErrorCode::out_of_range, "top must be at least 1");
  expect_bad(
      [](Model& m) {
        m.uncertainty.weight_nodes = {"econ", "econ"};
      },
      ErrorCode::duplicate_id, "names \"econ\" twice");
  expect_bad([](Model& m) { m.uncertainty.weight_nodes = {""}; }, ErrorCode::invalid_id, "empty id");
  expect_bad([](Model& m) { m.uncertainty.aggregation_nodes = {"econ"}; }, ErrorCode::inconsistent,
             "no alternative aggregation");
  expect_bad([](Model& m) { m.uncertainty.exclude = {"rev"}; }, ErrorCode::inconsistent, "exclusion is none");
  expect_bad([](Model& m) { m.uncertainty.imputations = {ImputationKind::none}; }, ErrorCode::duplicate_id,
             "imputations lists \"none\"");
  expect_bad(
      [](Model& m) {
        m.uncertainty.exclusion = Exclusion::dimensions;
        m.uncertainty.exclude = {"econ"};
        m.uncertainty.weights = static_cast<WeightPerturbation>(7);
      },
      ErrorCode::invalid_argument, "not a WeightPerturbation");
  // Unknown ids and periods.
  Model unknown = base_model();
  unknown.uncertainty.weight_nodes = {"nope"};
  expect_error<NotFound>([&] { (void)analyse_uncertainty(unknown, in); }, ErrorCode::not_found,
                         {"weight_nodes names \"nope\""});
  Model leaf = base_model();
  leaf.uncertainty.exclusion = Exclusion::indicators;
  leaf.uncertainty.exclude = {"econ"};
  expect_error<NotFound>([&] { (void)analyse_uncertainty(leaf, in); }, ErrorCode::not_found,
                         {"exclude names \"econ\"", "indicator"});
  Model period = base_model();
  period.uncertainty.period = Period::annual(2030);
  expect_error<NotFound>([&] { (void)analyse_uncertainty(period, in); }, ErrorCode::not_found, {"2030"});
  // Leaving out the composite's only child.
  Inputs one = in;
  one.framework = Framework({dimension("all")}, {indicator("rev", "all"), indicator("emp", "all")});
  Model only = base_model();
  only.uncertainty.exclusion = Exclusion::dimensions;
  expect_error<InvalidInput>([&] { (void)analyse_uncertainty(only, one); }, ErrorCode::inconsistent,
                             {"leaving out \"all\" leaves the composite without children"});
  // A variant that run() rejects names the variant.
  Model bad_variant = base_model();
  NormalizeOptions bad;
  bad.method = NormalizationMethod::z_score;
  bad.z_score.sd = -1.0;
  bad_variant.uncertainty.normalizations = {bad};
  expect_error<InvalidInput>([&] { (void)analyse_uncertainty(bad_variant, in); }, ErrorCode::out_of_range,
                             {"uncertainty[imputation=none, normalisation=z_score]"});
}

TEST(Sensitivity, ASingleFactorExplainsAllTheVariance) {
  Model m = base_model();
  m.uncertainty.weight_nodes = {"composite"};
  m.uncertainty.sensitivity_samples = 2048;
  const SensitivityResult s = analyse_sensitivity(m, inputs());
  ASSERT_EQ(s.indices.factors, std::vector<std::string>{"weights:composite"});
  ASSERT_EQ(s.indices.first.rows(), static_cast<Eigen::Index>(2 * kUnits + 1));
  std::size_t with_variance = 0;
  for (Eigen::Index o = 0; o < s.indices.first.rows(); ++o) {
    if (s.indices.status[static_cast<std::size_t>(o)] != SobolStatus::ok) continue;
    ++with_variance;
    EXPECT_NEAR(s.indices.total(o, 0), 1.0, 0.05) << "output " << o;
    EXPECT_NEAR(s.indices.first(o, 0), 1.0, 0.05) << "output " << o;
  }
  EXPECT_GT(with_variance, kUnits);  // every score varies
  EXPECT_EQ(s.indices.evaluations, 2048U * 3U);
  EXPECT_EQ(s.units.size(), kUnits);
}

TEST(Sensitivity, AChoiceWithoutEffectHasZeroIndices) {
  Model m = base_model();
  m.uncertainty.weight_nodes = {"econ"};
  AggregateOptions same;  // the nominal arithmetic mean again
  m.uncertainty.aggregations = {same};
  m.uncertainty.sensitivity_samples = 512;
  const SensitivityResult s = analyse_sensitivity(m, inputs());
  ASSERT_EQ(s.indices.factors, (std::vector<std::string>{"weights:econ", "aggregation"}));
  std::size_t ok = 0;
  for (Eigen::Index o = 1 + static_cast<Eigen::Index>(kUnits); o < s.indices.first.rows(); ++o) {
    // Unit u13 has no "emp": its econ score, hence its score, does not move with econ's weights.
    if (s.indices.status[static_cast<std::size_t>(o)] != SobolStatus::ok) continue;
    ++ok;
    EXPECT_EQ(s.indices.total(o, 1), 0.0) << "output " << o;
    EXPECT_EQ(s.indices.first(o, 1), 0.0) << "output " << o;
    EXPECT_NEAR(s.indices.total(o, 0), 1.0, 0.05) << "output " << o;
  }
  EXPECT_EQ(ok, kUnits - 1);
  Model nothing = base_model();
  nothing.uncertainty.weights = WeightPerturbation::none;
  expect_error<InvalidInput>([&] { (void)analyse_sensitivity(nothing, inputs()); }, ErrorCode::inconsistent,
                             {"nothing is uncertain"});
}

}  // namespace
