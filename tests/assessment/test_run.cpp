// Tests for qualis/assessment/run.hpp: every stage and choice of the assessment pipeline run(model, inputs) —
// members and late joiners, screening, imputation, outlier treatment, denomination, the normalisation reference,
// per-node weights and aggregation (geometric mean, computed weights, AHP, MCDA, availability threshold), the
// step index and its blend, ranks and grades, diagnosis and audit — with invariants and bad input.
//
// Expected values are worked out by hand in the comments (min-max: OECD/JRC 2008 Handbook, step 5, x' = (x - min)
// / (max - min) * 100 on COINr's [0, 100] range; weighted arithmetic mean: Handbook step 6) or obtained by calling
// the lower-level library functions (normalize, aggregate, compute_weights, ahp_weights, mcda, rank, rank_within,
// grade_fixed, grade_quantile, obstacle_degree, coupling_coordination), which are tested elsewhere against
// published examples, on the same matrices: composing them by hand is an independent check of run()'s plumbing.
// The complete hand-checked model is in test_run_end_to_end.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <qualis/assessment/run.hpp>
#include <string>
#include <vector>

#include "support/eigen.hpp"
#include "support/expect_error.hpp"
#include "support/framework.hpp"

namespace {

using namespace qualis;  // NOLINT(google-build-using-namespace): a test of the whole pipeline names most of it
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::rows;
using qualis_test::vec;
using testing::HasSubstr;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);

// |a - e| <= 1e-9 * max(1, |e|), the suite's rule for closed-form numbers.
void near(double actual, double expected, const std::string& what = "") {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

// Bitwise equality of two doubles (NaN equal to NaN of the same bits).
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }

using qualis_test::dimension;
using qualis_test::indicator;

// The framework of most tests:
//   composite -> econ (weight 1) -> rev (1), emp (1)
//             -> qual (weight 1) -> pass (2), compl (1, lower is better)
Framework framework() {
  return Framework({dimension("econ"), dimension("qual")},
                   {indicator("rev", "econ"), indicator("emp", "econ"), indicator("pass", "qual", 2.0),
                    indicator("compl", "qual", 1.0, Direction::lower_is_better)});
}

Cluster cluster(const std::string& id, const std::string& region, const std::string& cohort, int joined = 1970) {
  Cluster c;
  c.id = id;
  c.region = region;
  c.cohort = cohort;
  c.joined = Period::annual(joined);
  return c;
}

// a, b, c: cohort c19, members from the start; d: cohort c21, joined in 2021. Regions: a, b in r1a and d in r1b
// (both under r1), c in r2.
ClusterSet clusters() {
  return ClusterSet({cluster("a", "r1a", "c19"), cluster("b", "r1a", "c19"), cluster("c", "r2", "c19"),
                     cluster("d", "r1b", "c21", 2021)});
}

RegionTree regions() {
  Region r1;
  r1.code = "r1";
  r1.level = RegionLevel::prefecture;
  Region r1a;
  r1a.code = "r1a";
  r1a.parent = "r1";
  Region r1b;
  r1b.code = "r1b";
  r1b.parent = "r1";
  Region r2;
  r2.code = "r2";
  r2.level = RegionLevel::prefecture;
  return RegionTree({r1, r1a, r1b, r2});
}

const std::vector<std::string> kIndicators = {"rev", "emp", "pass", "compl"};

// Raw values, units a, b, c, d x indicators rev, emp, pass, compl. d's 2020 row lies before it joined (ignored).
//   2020: a {10, 5, 90, 3}   b {20, 7, 80, 1}   c {30, 6, 70, 2}   d {100, 1, 1, 9}
//   2021: a {12, 6, 85, 2}   b {24, 8, 95, 4}   c {18, 4, 75, 1}   d {40, 10, 60, 3}
Eigen::MatrixXd raw2020() { return rows({{10, 5, 90, 3}, {20, 7, 80, 1}, {30, 6, 70, 2}, {100, 1, 1, 9}}); }
Eigen::MatrixXd raw2021() { return rows({{12, 6, 85, 2}, {24, 8, 95, 4}, {18, 4, 75, 1}, {40, 10, 60, 3}}); }

Panel panel() {
  Panel p({"a", "b", "c", "d"}, kIndicators, {y2020, y2021});
  p.set_period_matrix(y2020, raw2020());
  p.set_period_matrix(y2021, raw2021());
  return p;
}

Inputs inputs() {
  Inputs in{framework(), clusters(), std::nullopt, panel(), std::nullopt};
  return in;
}

// A model whose only work is normalise -> aggregate -> rank: no screening, outlier treatment or audit, so that the
// expected values of a test depend only on the stage it is about.
Model plain_model() {
  Model m;
  m.preparation.screen = false;
  m.preparation.treat_outliers = false;
  m.audit.scope = AuditScope::none;
  return m;
}

// Entropy weights computed from the data of each period.
NodeMethod entropy_weights_method() {
  NodeMethod m;
  m.weight_source = WeightSource::computed;
  m.weights.method = WeightingMethod::entropy;
  return m;
}

// Default normalisation of the run: min-max onto [0, 100].
NormalizeOptions min_max_100() {
  NormalizeOptions o;
  o.min_max.range = Interval{0.0, 100.0};
  return o;
}

std::vector<ColumnSpec> specs() { return column_specs(framework().indicators()); }

// The framework-weight composition of the default path on normalised values z (rows = units, columns rev, emp,
// pass, compl): econ = mean(rev, emp), qual = (2 pass + compl) / 3, composite = mean(econ, qual), each through
// qualis::aggregate (skip missing).
struct Composed {
  Eigen::VectorXd econ, qual, composite;
};
Composed compose(const Eigen::MatrixXd& z) {
  Composed c;
  c.econ = aggregate(z.leftCols(2), vec({1, 1})).scores;
  c.qual = aggregate(z.rightCols(2), vec({2, 1})).scores;
  Eigen::MatrixXd dims(z.rows(), 2);
  dims.col(0) = c.econ;
  dims.col(1) = c.qual;
  c.composite = aggregate(dims, vec({1, 1})).scores;
  return c;
}

// The values of one node for the given units in a period.
Eigen::VectorXd column(const Result& r, const std::string& node, const Period& p, const std::vector<std::string>& us) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(us.size()));
  for (std::size_t k = 0; k < us.size(); ++k) out[static_cast<Eigen::Index>(k)] = r.score(us[k], node, p);
  return out;
}

const std::vector<std::string> abc = {"a", "b", "c"};
const std::vector<std::string> abcd = {"a", "b", "c", "d"};

// ---------------------------------------------------------------------------------------------------------------
// The default path and its layout
// ---------------------------------------------------------------------------------------------------------------

TEST(RunLayout, NodesStatesAndDefaultPathComposeTheLowerLevelFunctions) {
  const Result r = run(plain_model(), inputs());
  ASSERT_EQ(r.nodes.size(), 8U);  // score, composite, then the framework in pre-order (no step assessments)
  const std::vector<std::string> ids = {"score", "composite", "econ", "rev", "emp", "qual", "pass", "compl"};
  const std::vector<NodeKind> kinds = {NodeKind::score,     NodeKind::composite, NodeKind::dimension,
                                       NodeKind::indicator, NodeKind::indicator, NodeKind::dimension,
                                       NodeKind::indicator, NodeKind::indicator};
  for (std::size_t n = 0; n < ids.size(); ++n) {
    EXPECT_EQ(r.nodes[n].id, ids[n]);
    EXPECT_EQ(r.nodes[n].kind, kinds[n]) << ids[n];
  }
  EXPECT_EQ(r.nodes[2].parent, "composite");
  EXPECT_EQ(r.nodes[3].parent, "econ");
  EXPECT_EQ(r.nodes[3].depth, 2U);
  EXPECT_EQ(r.units, abcd);
  EXPECT_EQ(r.periods, (std::vector<Period>{y2020, y2021}));

  // 2020, active a, b, c (hand, min-max x 100):
  //   rev 10, 20, 30 -> 0, 50, 100;  emp 5, 7, 6 -> 0, 100, 50;  pass 90, 80, 70 -> 100, 50, 0;
  //   compl (lower is better) 3, 1, 2 -> 0, 100, 50.
  //   econ = (rev + emp) / 2 = 0, 75, 75;  qual = (2 pass + compl) / 3 = 200/3, 200/3, 50/3;
  //   composite = (econ + qual) / 2 = 100/3, 425/6, 275/6.
  expect_close(column(r, "rev", y2020, abc), {0, 50, 100});
  expect_close(column(r, "compl", y2020, abc), {0, 100, 50});
  expect_close(column(r, "econ", y2020, abc), {0, 75, 75});
  expect_close(column(r, "qual", y2020, abc), {200.0 / 3, 200.0 / 3, 50.0 / 3});
  expect_close(column(r, "composite", y2020, abc), {100.0 / 3, 425.0 / 6, 275.0 / 6});
  expect_close(column(r, "score", y2020, abc), {100.0 / 3, 425.0 / 6, 275.0 / 6});

  // 2021, all four active: the composition of normalize() and aggregate() on the same matrix.
  const Eigen::MatrixXd z = normalize(raw2021(), specs(), min_max_100()).values;
  const Composed c = compose(z);
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    expect_close(column(r, kIndicators[i], y2021, abcd), z.col(static_cast<Eigen::Index>(i)));
  }
  expect_close(column(r, "econ", y2021, abcd), c.econ);
  expect_close(column(r, "qual", y2021, abcd), c.qual);
  expect_close(column(r, "composite", y2021, abcd), c.composite);
  expect_close(column(r, "score", y2021, abcd), c.composite);
  // Spot check by hand: d's rev 40 is the maximum (100), its pass 60 the minimum (0).
  near(r.score("d", "rev", y2021), 100.0);
  near(r.score("d", "pass", y2021), 0.0);

  for (const std::string& u : abc) EXPECT_EQ(r.state_of(u, y2020), UnitState::scored) << u;
  for (const std::string& u : abcd) EXPECT_EQ(r.state_of(u, y2021), UnitState::scored) << u;
  EXPECT_FALSE(r.choices.empty());
  EXPECT_EQ(r.model.score_id, "score");
}

// ---------------------------------------------------------------------------------------------------------------
// Late joiners
// ---------------------------------------------------------------------------------------------------------------

TEST(RunLateJoiner, InactiveBeforeJoiningWithNaNScoresAndRanksAndIgnoredValuesCounted) {
  const Result r = run(plain_model(), inputs());
  EXPECT_EQ(r.state_of("d", y2020), UnitState::inactive);
  for (const ResultNode& n : r.nodes) {
    EXPECT_TRUE(std::isnan(r.score("d", n.id, y2020))) << n.id;
    EXPECT_TRUE(std::isnan(r.rank("d", n.id, y2020))) << n.id;
    for (const GroupRanking& g : r.group_ranks) EXPECT_TRUE(std::isnan(g.ranks.value("d", n.id, y2020))) << n.id;
  }
  // d reported four values in 2020, the year before it joined: all ignored and counted.
  EXPECT_EQ(r.preparation.ignored_before_joining, 4U);
  for (const std::string& id : kIndicators) EXPECT_TRUE(std::isnan(r.prepared.value("d", id, y2020))) << id;
  // The joiner does not change the others' min-max in 2020: rev 10, 20, 30 -> 0, 50, 100 although d's
  // ignored 100 would have been the maximum (with it, a, b, c would be 0, 1/9, 2/9 x 100).
  expect_close(column(r, "rev", y2020, abc), {0, 50, 100});
  // emp: d's ignored 1 would have been the minimum; without it 5, 7, 6 -> 0, 100, 50.
  expect_close(column(r, "emp", y2020, abc), {0, 100, 50});
  // Ranks of the 2020 composite (100/3, 425/6, 275/6) among a, b, c only: 3, 1, 2.
  EXPECT_EQ(r.rank("a", "score", y2020), 3.0);
  EXPECT_EQ(r.rank("b", "score", y2020), 1.0);
  EXPECT_EQ(r.rank("c", "score", y2020), 2.0);
  EXPECT_EQ(r.state_of("d", y2021), UnitState::scored);
}

// ---------------------------------------------------------------------------------------------------------------
// Screening
// ---------------------------------------------------------------------------------------------------------------

// The panel of the screening tests: a and b miss emp in 2021, c misses everything in 2021.
//   pooled:     c has 4 of 8 cells (0.5 < 2/3): removed; emp has 4 of 7 active cells (a, b, c in 2020, d in 2021;
//               0.571 < 0.65): removed; a and b have 7 of 8 (kept), d 4 of 4.
//   per period: 2020 everything kept (full data); 2021 c 0 of 4 (removed), emp 1 of 4 (0.25: removed),
//               a and b 3 of 4 (0.75: kept).
Inputs screening_inputs() {
  Inputs in = inputs();
  in.panel.clear("a", "emp", y2021);
  in.panel.clear("b", "emp", y2021);
  for (const std::string& id : kIndicators) in.panel.clear("c", id, y2021);
  return in;
}

Model screening_model(ScreenScope scope) {
  Model m = plain_model();
  m.preparation.screen = true;
  m.preparation.screen_scope = scope;
  return m;
}

// Effective weight of a node in a period.
double eff(const Result& r, const std::string& node, std::size_t p) {
  for (std::size_t n = 0; n < r.nodes.size(); ++n) {
    if (r.nodes[n].id == node) return r.effective_weights(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(p));
  }
  ADD_FAILURE() << "no node " << node;
  return nan;
}

// The weight records of a node.
std::vector<WeightRecord> records_of(const Result& r, const std::string& node) {
  std::vector<WeightRecord> out;
  for (const WeightRecord& w : r.weights) {
    if (w.node == node) out.push_back(w);
  }
  return out;
}

TEST(RunScreening, PooledRemovesAUnitEverywhereAndReweightsTheSiblingsOfARemovedIndicator) {
  const Result r = run(screening_model(ScreenScope::pooled), screening_inputs());
  ASSERT_EQ(r.preparation.screening.size(), 1U);
  EXPECT_EQ(r.state_of("c", y2020), UnitState::screened_out);
  EXPECT_EQ(r.state_of("c", y2021), UnitState::screened_out);
  EXPECT_EQ(r.state_of("d", y2020), UnitState::inactive);  // inactive takes precedence: d was not a member
  EXPECT_EQ(r.state_of("a", y2020), UnitState::scored);
  EXPECT_TRUE(std::isnan(r.score("c", "score", y2020)));
  EXPECT_TRUE(std::isnan(r.rank("c", "score", y2020)));
  EXPECT_TRUE(std::isnan(r.score("a", "emp", y2020)));  // emp is out of every period
  // 2020 among a, b only (c is out): rev 10, 20 -> 0, 100; pass 90, 80 -> 100, 0; compl 3, 1 -> 0, 100;
  // econ = rev alone (emp removed, rev re-weighted to 1) = 0, 100; qual = 200/3, 100/3;
  // composite = (0 + 200/3) / 2 = 100/3 and (100 + 100/3) / 2 = 200/3.
  expect_close(column(r, "econ", y2020, {"a", "b"}), {0, 100});
  expect_close(column(r, "pass", y2020, {"a", "b"}), {100, 0});
  expect_close(column(r, "score", y2020, {"a", "b"}), {100.0 / 3, 200.0 / 3});
  for (std::size_t p = 0; p < 2; ++p) {
    near(eff(r, "emp", p), 0.0, "emp");
    near(eff(r, "rev", p), 0.5, "rev");  // econ 1/2 x rev 1
    near(eff(r, "pass", p), 1.0 / 3, "pass");
  }
  const std::vector<WeightRecord> econ = records_of(r, "econ");
  ASSERT_EQ(econ.size(), 1U);  // the same children in every period: one record without a period
  EXPECT_FALSE(econ[0].period.has_value());
  EXPECT_EQ(econ[0].children, std::vector<std::string>{"rev"});
  expect_close(econ[0].weights, {1.0});
}

TEST(RunScreening, PerPeriodDecidesEachPeriodOnItsOwn) {
  const Result r = run(screening_model(ScreenScope::per_period), screening_inputs());
  ASSERT_EQ(r.preparation.screening.size(), 2U);
  EXPECT_EQ(r.state_of("c", y2020), UnitState::scored);
  EXPECT_EQ(r.state_of("c", y2021), UnitState::screened_out);
  // 2020: full data, so the default path's values (see RunLayout): emp 0, 100, 50 and effective weight 1/4.
  expect_close(column(r, "emp", y2020, abc), {0, 100, 50});
  near(eff(r, "emp", 0), 0.25);
  near(eff(r, "emp", 1), 0.0);
  near(eff(r, "rev", 1), 0.5);
  // 2021 among a, b, d (c out): rev 12, 24, 40 -> 0, 300/7, 100, and econ = rev.
  expect_close(column(r, "econ", y2021, {"a", "b", "d"}), {0, 1200.0 / 28, 100});
  const std::vector<WeightRecord> econ = records_of(r, "econ");
  ASSERT_EQ(econ.size(), 2U);  // the children differ between the periods
  EXPECT_EQ(econ[0].period, y2020);
  EXPECT_EQ(econ[0].children, (std::vector<std::string>{"rev", "emp"}));
  EXPECT_EQ(econ[1].period, y2021);
  EXPECT_EQ(econ[1].children, std::vector<std::string>{"rev"});
}

TEST(RunScreening, ADimensionEmptiedByScreeningLeavesItsParent) {
  Model m = screening_model(ScreenScope::pooled);
  m.preparation.screening.exclude_indicators = {"pass", "compl"};
  const Result r = run(m, inputs());
  for (std::size_t p = 0; p < 2; ++p) {
    near(eff(r, "econ", p), 1.0);
    near(eff(r, "qual", p), 0.0);
    near(eff(r, "pass", p), 0.0);
    near(eff(r, "rev", p), 0.5);
  }
  EXPECT_TRUE(std::isnan(r.score("a", "qual", y2020)));
  // The composite is econ alone: 2020 econ = 0, 75, 75 (see RunLayout).
  expect_close(column(r, "composite", y2020, abc), {0, 75, 75});
  const std::vector<WeightRecord> comp = records_of(r, "composite");
  ASSERT_EQ(comp.size(), 1U);
  EXPECT_EQ(comp[0].children, std::vector<std::string>{"econ"});
}

// As above with the first dimension emptied (econ, whose aggregate run() visits after qual's): econ must have no
// weight record and qual exactly one (framework weights, the same children in every period).
TEST(RunScreening, AnEmptiedDimensionAddsNoWeightRecord) {
  Model m = screening_model(ScreenScope::pooled);
  m.preparation.screening.exclude_indicators = {"rev", "emp"};
  const Result r = run(m, inputs());
  EXPECT_TRUE(records_of(r, "econ").empty());
  EXPECT_EQ(records_of(r, "qual").size(), 1U);
  EXPECT_EQ(records_of(r, "composite").size(), 1U);
  EXPECT_EQ(r.weights.size(), 2U);  // qual and the composite
  // The composite is qual alone: 2020 qual = 200/3, 200/3, 50/3 (see RunLayout).
  expect_close(column(r, "composite", y2020, abc), {200.0 / 3, 200.0 / 3, 50.0 / 3});
  near(eff(r, "econ", 0), 0.0);
  near(eff(r, "qual", 1), 1.0);
}

// qual emptied in 2021 only (per period: pass and compl have no 2021 value; units need half their cells): its
// one weight record must be that of 2020, since no weights held for qual in 2021 (WeightRecord::period is empty
// only "when the same weights hold for every period").
TEST(RunScreening, ADimensionEmptiedInOnePeriodKeepsItsOtherPeriodsRecord) {
  Inputs in = inputs();
  for (const std::string& u : abcd) {
    in.panel.clear(u, "pass", y2021);
    in.panel.clear(u, "compl", y2021);
  }
  Model m = screening_model(ScreenScope::per_period);
  m.preparation.screening.min_unit_coverage = 0.5;
  const Result r = run(m, in);
  near(eff(r, "qual", 0), 0.5);
  near(eff(r, "qual", 1), 0.0);
  near(eff(r, "econ", 1), 1.0);
  const std::vector<WeightRecord> qual = records_of(r, "qual");
  ASSERT_EQ(qual.size(), 1U);
  EXPECT_EQ(qual[0].period, y2020);
  const std::vector<WeightRecord> comp = records_of(r, "composite");
  ASSERT_EQ(comp.size(), 2U);
  EXPECT_EQ(comp[1].children, std::vector<std::string>{"econ"});
  EXPECT_EQ(r.state_of("a", y2021), UnitState::scored);
}

TEST(RunScreening, OffKeepsEveryUnitAndAUnitWithoutDataIsUnscored) {
  const Result r = run(plain_model(), screening_inputs());
  EXPECT_TRUE(r.preparation.screening.empty());
  EXPECT_EQ(r.state_of("c", y2020), UnitState::scored);
  EXPECT_EQ(r.state_of("c", y2021), UnitState::unscored);  // no value at all in 2021
  EXPECT_TRUE(std::isnan(r.rank("c", "score", y2021)));
  near(eff(r, "emp", 1), 0.25);
  // emp 2021 is observed for d only: a single value is a degenerate min-max column, noted as such.
  bool noted = false;
  for (const NormalizationNote& n : r.normalization) {
    noted = noted || (n.indicator == "emp" && n.period == y2021 && n.status == ColumnStatus::degenerate);
  }
  EXPECT_TRUE(noted);
}

// ---------------------------------------------------------------------------------------------------------------
// Imputation
// ---------------------------------------------------------------------------------------------------------------

// Five clusters: a, b, c (c19, from the start) and d, e (c21, joined 2021).
//   a misses rev in 2021 (observed 10 in 2020), c misses compl in 2021 (2 in 2020), e misses emp in 2021 and has
//   no earlier value (it joined in 2021); d's and e's 2020 cells are missing (not members).
Inputs imputation_inputs() {
  ClusterSet cs({cluster("a", "r1a", "c19"), cluster("b", "r1a", "c19"), cluster("c", "r2", "c19"),
                 cluster("d", "r1b", "c21", 2021), cluster("e", "r1b", "c21", 2021)});
  Panel p({"a", "b", "c", "d", "e"}, kIndicators, {y2020, y2021});
  p.set_period_matrix(
      y2020, rows({{10, 5, 90, 3}, {20, 7, 80, 1}, {30, 6, 70, 2}, {nan, nan, nan, nan}, {nan, nan, nan, nan}}));
  p.set_period_matrix(y2021,
                      rows({{nan, 6, 85, 2}, {24, 8, 95, 4}, {18, 4, 75, nan}, {40, 10, 60, 3}, {30, nan, 70, 1}}));
  Inputs in{framework(), cs, std::nullopt, p, std::nullopt};
  return in;
}

const ImputedCell* imputed(const Result& r, const std::string& unit, const std::string& ind, const Period& p) {
  for (const ImputedCell& c : r.preparation.imputed) {
    if (c.unit == unit && c.indicator == ind && c.period == p) return &c;
  }
  return nullptr;
}

TEST(RunImputation, OverTimeThenCrossSectionWithinCohortRecordsEveryCellAndNeverFillsInactiveCells) {
  Model m = plain_model();
  m.preparation.imputation = ImputationKind::over_time_then_cross_section;
  m.preparation.impute_within = UnitGrouping::cohort;
  const Result r = run(m, imputation_inputs());
  ASSERT_EQ(r.preparation.imputed.size(), 3U);
  // Carried forward: a's rev 2021 = its 2020 value 10, c's compl 2021 = 2.
  const ImputedCell* a = imputed(r, "a", "rev", y2021);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->method, ImputeMethod::locf);
  EXPECT_EQ(a->value, 10.0);
  EXPECT_EQ(r.prepared.value("a", "rev", y2021), 10.0);
  const ImputedCell* c = imputed(r, "c", "compl", y2021);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->method, ImputeMethod::locf);
  EXPECT_EQ(c->value, 2.0);
  // e has no earlier emp: the cross-section within its cohort c21 (d, e) gives d's 10.
  const ImputedCell* e = imputed(r, "e", "emp", y2021);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->method, ImputeMethod::group_mean);
  EXPECT_EQ(e->value, 10.0);
  EXPECT_EQ(r.prepared.value("e", "emp", y2021), 10.0);
  // Inactive cells (d, e in 2020) are neither filled nor recorded.
  for (const std::string& u : {std::string("d"), std::string("e")}) {
    for (const std::string& id : kIndicators) {
      EXPECT_TRUE(std::isnan(r.prepared.value(u, id, y2020))) << u << " " << id;
      EXPECT_EQ(imputed(r, u, id, y2020), nullptr) << u << " " << id;
    }
    EXPECT_EQ(r.state_of(u, y2020), UnitState::inactive);
  }
}

TEST(RunImputation, CrossSectionAloneUsesTheCohortMeanAndOverTimeAloneLeavesUnobservedSeries) {
  Model m = plain_model();
  m.preparation.imputation = ImputationKind::cross_section;
  m.preparation.impute_within = UnitGrouping::cohort;
  const Result cs = run(m, imputation_inputs());
  // a's rev 2021: mean of its cohort's observed values, b 24 and c 18 = 21 (not the carried 10).
  EXPECT_EQ(cs.prepared.value("a", "rev", y2021), 21.0);
  // c's compl 2021: cohort c19 observed a 2, b 4 -> 3.
  EXPECT_EQ(cs.prepared.value("c", "compl", y2021), 3.0);
  ASSERT_NE(imputed(cs, "a", "rev", y2021), nullptr);
  EXPECT_EQ(imputed(cs, "a", "rev", y2021)->method, ImputeMethod::group_mean);

  m.preparation.imputation = ImputationKind::over_time;
  const Result ot = run(m, imputation_inputs());
  EXPECT_EQ(ot.prepared.value("a", "rev", y2021), 10.0);
  EXPECT_TRUE(std::isnan(ot.prepared.value("e", "emp", y2021)));  // nothing earlier to carry
  EXPECT_EQ(ot.preparation.imputed.size(), 2U);
}

// ---------------------------------------------------------------------------------------------------------------
// Outliers and denomination
// ---------------------------------------------------------------------------------------------------------------

// Eight clusters u1..u8 in one period, flat framework {x, y}: x = 1, 2, ..., 7, 100 (one clear outlier), y = 1..8.
Inputs outlier_inputs() {
  std::vector<Cluster> cs;
  std::vector<std::string> us;
  for (int k = 1; k <= 8; ++k) {
    us.push_back("u" + std::to_string(k));
    cs.push_back(cluster(us.back(), "r1a", "c19"));
  }
  Panel p(us, {"x", "y"}, {y2021});
  for (std::size_t k = 0; k < 8; ++k) {
    p.set(k, 0, 0, k == 7 ? 100.0 : static_cast<double>(k + 1));
    p.set(k, 1, 0, static_cast<double>(k + 1));
  }
  Inputs in{Framework({indicator("x", ""), indicator("y", "")}), ClusterSet(cs), std::nullopt, p, std::nullopt};
  return in;
}

TEST(RunOutliers, AClearOutlierIsWinsorisedAndRecordedWithPeriodAndUnitIds) {
  Model m = plain_model();
  m.preparation.treat_outliers = true;
  const Result r = run(m, outlier_inputs());
  // x = 1..7, 100: mean 16, deviations -15..-9 and 84; m2 = 8092, m3 = 579600, m4 = 49956676 (sums of powers):
  // G1 = sqrt(8) * 579600 / 8092^1.5 * sqrt(56) / 6 = 2.81 >= 2 and G2 = 7.92 >= 3.5 (COINr Treat() rule), so the
  // maximum 100 is replaced by the next value 7, after which |G1| < 2. y = 1..8 is symmetric (G1 = 0).
  ASSERT_EQ(r.preparation.outliers.size(), 2U);
  const IndicatorOutlierReport& x = r.preparation.outliers[0];
  EXPECT_EQ(x.indicator, "x");
  EXPECT_EQ(x.period, y2021);
  EXPECT_EQ(x.status, OutlierStatus::treated);
  EXPECT_EQ(x.treatment, OutlierTreatment::winsorised);
  ASSERT_EQ(x.cells.size(), 1U);
  EXPECT_EQ(x.cells[0].unit, "u8");
  EXPECT_EQ(x.cells[0].before, 100.0);
  EXPECT_EQ(x.cells[0].after, 7.0);
  EXPECT_NEAR(x.skew_before, 2.81, 0.01);  // hand value to two decimals; the moments are tested elsewhere
  EXPECT_EQ(r.preparation.outliers[1].indicator, "y");
  EXPECT_EQ(r.preparation.outliers[1].period, y2021);
  EXPECT_EQ(r.preparation.outliers[1].status, OutlierStatus::within_limits);
  EXPECT_TRUE(r.preparation.outliers[1].cells.empty());
  EXPECT_EQ(r.prepared.value("u8", "x", y2021), 7.0);
  // Normalised on the treated values 1..7, 7: u7 and u8 share the maximum (100), u1 is 0, u4 is 50.
  near(r.score("u8", "x", y2021), 100.0);
  near(r.score("u7", "x", y2021), 100.0);
  near(r.score("u4", "x", y2021), 50.0);
}

TEST(RunDenomination, ARuleCreatesANewIndicatorTheFrameworkUses) {
  Inputs in = inputs();
  // Staff per unit; rev_pc = rev / staff replaces rev in the framework.
  Panel p({"a", "b", "c", "d"}, {"rev", "emp", "pass", "compl", "staff"}, {y2020, y2021});
  Eigen::MatrixXd m20(4, 5);
  m20 << raw2020(), vec({2, 4, 5, 1});
  Eigen::MatrixXd m21(4, 5);
  m21 << raw2021(), vec({3, 4, 6, 8});
  p.set_period_matrix(y2020, m20);
  p.set_period_matrix(y2021, m21);
  in.panel = p;
  in.framework = Framework({dimension("econ"), dimension("qual")},
                           {indicator("rev_pc", "econ"), indicator("emp", "econ"), indicator("pass", "qual", 2.0),
                            indicator("compl", "qual", 1.0, Direction::lower_is_better)});
  Model m = plain_model();
  DenominationRule rule;
  rule.numerator = "rev";
  rule.denominator = "staff";
  rule.new_id = "rev_pc";
  m.preparation.denominations = {rule};
  const Result r = run(m, in);
  ASSERT_EQ(r.preparation.denominations.size(), 1U);
  EXPECT_EQ(r.preparation.denominations[0].target, "rev_pc");
  EXPECT_FALSE(r.preparation.denominations[0].replaced);
  EXPECT_EQ(r.preparation.denominations[0].computed, 8U);  // every cell, d's 2020 included (ignored later)
  // rev_pc 2020 = 10/2, 20/4, 30/5 = 5, 5, 6 -> 0, 0, 100; 2021 = 12/3, 24/4, 18/6, 40/8 = 4, 6, 3, 5
  // -> 100/3, 100, 0, 200/3.
  EXPECT_EQ(r.prepared.value("b", "rev_pc", y2020), 5.0);
  expect_close(column(r, "rev_pc", y2020, abc), {0, 0, 100});
  expect_close(column(r, "rev_pc", y2021, abcd), {100.0 / 3, 100, 0, 200.0 / 3});
  EXPECT_EQ(r.preparation.ignored_before_joining, 4U);  // d's 2020 rev_pc, emp, pass, compl
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation reference
// ---------------------------------------------------------------------------------------------------------------

TEST(RunNormalization, PooledEqualsNormalisingTheStackedActiveRows) {
  Model m = plain_model();
  m.normalization.reference = NormalizationReference::pooled;
  const Result r = run(m, inputs());
  // Stack 2020 (a, b, c: d is not a member) over 2021 (a, b, c, d) and normalise once.
  Eigen::MatrixXd stacked(7, 4);
  stacked << raw2020().topRows(3), raw2021();
  const Eigen::MatrixXd z = normalize(stacked, specs(), min_max_100()).values;
  for (std::size_t i = 0; i < kIndicators.size(); ++i) {
    const auto j = static_cast<Eigen::Index>(i);
    expect_close(column(r, kIndicators[i], y2020, abc), z.col(j).head(3));
    expect_close(column(r, kIndicators[i], y2021, abcd), z.col(j).tail(4));
  }
  // By hand: rev pooled range [10, 40], so a's 2020 rev 10 -> 0 and b's 2021 rev 24 -> 14/30 x 100.
  near(r.score("b", "rev", y2021), 1400.0 / 30);
  const Composed c = compose(z);
  expect_close(column(r, "composite", y2021, abcd), c.composite.tail(4));
}

TEST(RunNormalization, BasePeriodMinMaxGoesBeyondTheBaseRangeAndTheDiagnosisCountsClippedCells) {
  Model m = plain_model();
  m.normalization.reference = NormalizationReference::base_period;
  m.normalization.base_period = y2020;
  const Result r = run(m, inputs());
  // Goalposts = the 2020 extremes of a, b, c, uncapped: rev [10, 30]: 2021 12, 24, 18, 40 -> 10, 70, 40, 150.
  expect_close(column(r, "rev", y2021, abcd), {10, 70, 40, 150});
  // compl (lower is better) [1, 3]: (3 - x) / 2 x 100: 2021 2, 4, 1, 3 -> 50, -50, 100, 0.
  expect_close(column(r, "compl", y2021, abcd), {50, -50, 100, 0});
  // 2020 is the base itself: the per-period values.
  expect_close(column(r, "rev", y2020, abc), {0, 50, 100});
  // Cells outside [0, 100] in 2021: rev d (150); emp [5, 7]: 6, 8, 4, 10 -> 50, 150, -50, 250 (3 cells);
  // pass [70, 90]: 85, 95, 75, 60 -> 75, 125, 25, -50 (2); compl b (-50): 1 + 3 + 2 + 1 = 7.
  EXPECT_EQ(r.diagnosis_clipped, 7U);
  EXPECT_GT(r.score("d", "composite", y2021), 0.0);
}

TEST(RunNormalization, BasePeriodZScoresUseTheBaseMeanAndSd) {
  Model m = plain_model();
  m.normalization.reference = NormalizationReference::base_period;
  m.normalization.base_period = y2020;
  m.normalization.options.method = NormalizationMethod::z_score;
  const Result r = run(m, inputs());
  // rev 2020: 10, 20, 30, mean 20, sample sd 10: 2021 12, 24, 18, 40 -> -0.8, 0.4, -0.2, 2.
  expect_close(column(r, "rev", y2021, abcd), {-0.8, 0.4, -0.2, 2.0});
  // compl 2020: 3, 1, 2, mean 2, sd 1, lower is better: -(x - 2): 2021 2, 4, 1, 3 -> 0, -2, 1, -1.
  expect_close(column(r, "compl", y2021, abcd), {0, -2, 1, -1});
}

TEST(RunNormalization, BasePeriodWithAMethodThatHasNoBaseReferenceIsRejected) {
  Model m = plain_model();
  m.normalization.reference = NormalizationReference::base_period;
  m.normalization.base_period = y2020;
  m.normalization.options.method = NormalizationMethod::rank;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::invalid_argument,
                             {"normalisation method rank has no base-period reference"});
}

// ---------------------------------------------------------------------------------------------------------------
// Per-node methods
// ---------------------------------------------------------------------------------------------------------------

TEST(RunNodeMethods, GeometricMeanAtOneDimension) {
  Model m = plain_model();
  NodeMethod geo;
  geo.aggregation.method = AggregationMethod::geometric_mean;
  geo.aggregation.shift = 1.0;  // min-max gives zeros
  m.methods["econ"] = geo;
  const Result r = run(m, inputs());
  // 2020 econ by hand: shifted geometric mean sqrt((rev + 1)(emp + 1)) - 1: a 0, b sqrt(51 x 101) - 1,
  // c sqrt(101 x 51) - 1.
  expect_close(column(r, "econ", y2020, abc), {0, std::sqrt(5151.0) - 1, std::sqrt(5151.0) - 1});
  const Eigen::MatrixXd z = normalize(raw2021(), specs(), min_max_100()).values;
  const Eigen::VectorXd econ = aggregate(z.leftCols(2), vec({1, 1}), geo.aggregation).scores;
  expect_close(column(r, "econ", y2021, abcd), econ);
  // qual keeps the default (arithmetic) and the composite averages the two.
  const Composed c = compose(z);
  expect_close(column(r, "qual", y2021, abcd), c.qual);
  expect_close(column(r, "composite", y2021, abcd), (econ + c.qual) / 2.0);
}

// The children matrix [econ, qual] of the composite in 2021 under the default path.
Eigen::MatrixXd dims2021() {
  const Composed c = compose(normalize(raw2021(), specs(), min_max_100()).values);
  Eigen::MatrixXd d(4, 2);
  d << c.econ, c.qual;
  return d;
}
Eigen::MatrixXd dims2020() {
  const Composed c = compose(normalize(raw2020().topRows(3), specs(), min_max_100()).values);
  Eigen::MatrixXd d(3, 2);
  d << c.econ, c.qual;
  return d;
}

TEST(RunNodeMethods, ComputedEntropyWeightsPerPeriodAndPooled) {
  Model m = plain_model();
  const NodeMethod ent = entropy_weights_method();
  m.composite_method = ent;
  const std::vector<Direction> hib(2, Direction::higher_is_better);
  {
    const Result r = run(m, inputs());
    const std::vector<WeightRecord> rec = records_of(r, "composite");
    ASSERT_EQ(rec.size(), 2U);  // one per period: data-driven weights may differ
    const Eigen::VectorXd w20 = compute_weights(dims2020(), hib, ent.weights).weights;
    const Eigen::VectorXd w21 = compute_weights(dims2021(), hib, ent.weights).weights;
    EXPECT_EQ(rec[0].period, y2020);
    EXPECT_EQ(rec[0].source, WeightSource::computed);
    EXPECT_EQ(rec[0].method, "entropy");
    expect_close(rec[0].weights, w20);
    expect_close(rec[1].weights, w21);
    expect_close(column(r, "composite", y2021, abcd), aggregate(dims2021(), w21).scores);
    expect_close(column(r, "composite", y2020, abc), aggregate(dims2020(), w20).scores);
    near(eff(r, "econ", 1), w21[0]);
    near(eff(r, "rev", 1), w21[0] / 2);
  }
  {
    m.composite_method->weight_reference = WeightReference::pooled;
    const Result r = run(m, inputs());
    Eigen::MatrixXd stacked(7, 2);
    stacked << dims2020(), dims2021();
    const Eigen::VectorXd w = compute_weights(stacked, hib, ent.weights).weights;
    const std::vector<WeightRecord> rec = records_of(r, "composite");
    ASSERT_EQ(rec.size(), 1U);
    EXPECT_FALSE(rec[0].period.has_value());
    expect_close(rec[0].weights, w);
    expect_close(column(r, "composite", y2021, abcd), aggregate(dims2021(), w).scores);
  }
}

TEST(RunNodeMethods, AhpWeightsAreRecordedWithTheirConsistencyRatio) {
  Model m = plain_model();
  NodeMethod ahp;
  ahp.weight_source = WeightSource::ahp;
  ahp.pairwise = rows({{1, 3}, {1.0 / 3, 1}});  // pass 3 times as important as compl
  m.methods["qual"] = ahp;
  const Result r = run(m, inputs());
  const std::vector<WeightRecord> rec = records_of(r, "qual");
  ASSERT_EQ(rec.size(), 1U);
  EXPECT_EQ(rec[0].source, WeightSource::ahp);
  EXPECT_EQ(rec[0].method, "ahp");
  ASSERT_TRUE(rec[0].ahp.has_value());
  // A consistent 2 x 2 matrix: w = (3/4, 1/4), lambda_max = 2, CR = 0 (Saaty 1980).
  expect_close(rec[0].weights, {0.75, 0.25});
  near(rec[0].ahp->lambda_max, 2.0);
  near(rec[0].ahp->cr, 0.0);
  expect_close(rec[0].ahp->weights, ahp_weights(ahp.pairwise).weights);
  // qual 2020 = 0.75 pass + 0.25 compl: a 75, b 62.5, c 12.5; effective weights pass 3/8, compl 1/8.
  expect_close(column(r, "qual", y2020, abc), {75, 62.5, 12.5});
  near(eff(r, "pass", 0), 0.375);
  near(eff(r, "compl", 0), 0.125);
}

TEST(RunNodeMethods, TopsisNodeLeavesAUnitWithAMissingChildUnscoredThere) {
  Inputs in = inputs();
  in.panel.clear("b", "emp", y2021);
  Model m = plain_model();
  NodeMethod top;
  top.mcda = McdaOptions{};  // TOPSIS
  m.methods["econ"] = top;
  const Result r = run(m, in);
  EXPECT_TRUE(std::isnan(r.score("b", "econ", y2021)));
  // The others: TOPSIS on the complete rows a, c, d of (rev, emp) normalised in 2021, equal weights.
  Eigen::MatrixXd x = raw2021();
  x(1, 1) = nan;
  const Eigen::MatrixXd z = normalize(x, specs(), min_max_100()).values;
  const Eigen::MatrixXd complete = rows({{z(0, 0), z(0, 1)}, {z(2, 0), z(2, 1)}, {z(3, 0), z(3, 1)}});
  const McdaResult t = mcda(complete, vec({0.5, 0.5}), {Direction::higher_is_better, Direction::higher_is_better}, {});
  expect_close(column(r, "econ", y2021, {"a", "c", "d"}), t.scores);
  // b is still scored overall: the composite skips the missing econ, so it equals b's qual.
  EXPECT_EQ(r.state_of("b", y2021), UnitState::scored);
  near(r.score("b", "composite", y2021), r.score("b", "qual", y2021));
  // 2020 has complete data: every unit scored at econ.
  EXPECT_FALSE(std::isnan(r.score("b", "econ", y2020)));
}

TEST(RunNodeMethods, AvailabilityThresholdLeavesAUnitUnscored) {
  Inputs in = inputs();
  for (const std::string& id : std::vector<std::string>{"emp", "pass", "compl"}) in.panel.clear("c", id, y2021);
  Model m = plain_model();
  m.default_method.aggregation.missing.min_available_share = 0.75;
  const Result r = run(m, in);
  // c 2021: econ has 1 of 2 children (0.5 < 0.75) -> missing; qual 0 of 2 -> missing; composite missing.
  EXPECT_TRUE(std::isnan(r.score("c", "econ", y2021)));
  EXPECT_TRUE(std::isnan(r.score("c", "score", y2021)));
  EXPECT_EQ(r.state_of("c", y2021), UnitState::unscored);
  EXPECT_TRUE(std::isnan(r.rank("c", "score", y2021)));
  EXPECT_EQ(r.state_of("c", y2020), UnitState::scored);
  EXPECT_EQ(r.state_of("a", y2021), UnitState::scored);
  // The other three are ranked among themselves: ranks 1..3.
  std::vector<double> ranks;
  for (const std::string& u : std::vector<std::string>{"a", "b", "d"}) ranks.push_back(r.rank(u, "score", y2021));
  std::sort(ranks.begin(), ranks.end());
  EXPECT_EQ(ranks, (std::vector<double>{1, 2, 3}));
}

TEST(RunNodeMethods, EffectiveWeightsSumToOneOverIndicatorsInEveryPeriod) {
  Model ahp_model = plain_model();
  NodeMethod ahp;
  ahp.weight_source = WeightSource::ahp;
  ahp.pairwise = rows({{1, 3}, {1.0 / 3, 1}});
  ahp_model.methods["qual"] = ahp;
  Model ent_model = plain_model();
  const NodeMethod ent = entropy_weights_method();
  ent_model.default_method = ent;
  const std::vector<std::pair<Model, Inputs>> cases = {{plain_model(), inputs()},
                                                       {screening_model(ScreenScope::per_period), screening_inputs()},
                                                       {ahp_model, inputs()},
                                                       {ent_model, inputs()}};
  for (const auto& [model, in] : cases) {
    const Result r = run(model, in);
    for (std::size_t p = 0; p < r.periods.size(); ++p) {
      double sum = 0.0;
      for (const std::string& id : kIndicators) sum += eff(r, id, p);
      near(sum, 1.0, "period " + r.periods[p].to_string());
      near(eff(r, "composite", p), 1.0);
      EXPECT_TRUE(std::isnan(eff(r, "score", p)));
      near(eff(r, "econ", p), eff(r, "rev", p) + eff(r, "emp", p));
    }
  }
  // Default framework weights by hand: rev, emp 1/4; pass 1/2 x 2/3 = 1/3; compl 1/6.
  const Result r = run(plain_model(), inputs());
  near(eff(r, "rev", 0), 0.25);
  near(eff(r, "pass", 0), 1.0 / 3);
  near(eff(r, "compl", 1), 1.0 / 6);
}

// ---------------------------------------------------------------------------------------------------------------
// Step index and blend
// ---------------------------------------------------------------------------------------------------------------

// Two steps of weight 1 with rubric levels 0..4; index = 100 x (l1/4 + l2/4) / 2 (completion(), a weighted mean
// of min-max normalised levels).
//   2020: a (4, 2) -> 75, b (2, 2) -> 50, c (0, 1) -> 12.5, d (1, 1) -> 25 (d not a member yet: ignored)
//   2021: a (4, 4) -> 100, b (3, 1) -> 50, c (2, 2) -> 50, d (1, 3) -> 50
StepAssessmentSet step_set() {
  std::vector<RubricLevel> rubric;
  for (int l = 0; l <= 4; ++l) {
    RubricLevel level;
    level.level = l;
    level.names = Names{"", "level " + std::to_string(l)};
    rubric.push_back(level);
  }
  Step s1;
  s1.id = "s1";
  s1.rubric = rubric;
  Step s2 = s1;
  s2.id = "s2";
  const auto a = [](const std::string& c, const Period& p, int l1, int l2) {
    StepAssessment x;
    x.cluster = c;
    x.period = p;
    x.ratings = {StepRating{"s1", l1, ""}, StepRating{"s2", l2, ""}};
    return x;
  };
  return StepAssessmentSet(StepFramework({s1, s2}),
                           {a("a", y2020, 4, 2), a("b", y2020, 2, 2), a("c", y2020, 0, 1), a("d", y2020, 1, 1),
                            a("a", y2021, 4, 4), a("b", y2021, 3, 1), a("c", y2021, 2, 2), a("d", y2021, 1, 3)});
}

Inputs step_inputs() {
  Inputs in = inputs();
  in.steps = step_set();
  return in;
}

TEST(RunSteps, StepIndexColumnAndShareZeroLeavesTheComposite) {
  const Result r = run(plain_model(), step_inputs());
  ASSERT_GE(r.nodes.size(), 3U);
  EXPECT_EQ(r.nodes[2].id, "step_index");
  EXPECT_EQ(r.nodes[2].kind, NodeKind::step_index);
  EXPECT_EQ(r.nodes[3].id, "econ");
  expect_close(column(r, "step_index", y2020, abc), {75, 50, 12.5});
  expect_close(column(r, "step_index", y2021, abcd), {100, 50, 50, 50});
  EXPECT_TRUE(std::isnan(r.score("d", "step_index", y2020)));  // not a member: its assessment is ignored
  EXPECT_EQ(r.preparation.ignored_step_assessments, 1U);
  ASSERT_TRUE(r.step_index.has_value());
  EXPECT_FALSE(r.blend.has_value());
  for (const Period& p : r.periods) {
    for (const std::string& u : abcd) {
      EXPECT_TRUE(same_bits(r.score(u, "score", p), r.score(u, "composite", p))) << u << " " << p.to_string();
    }
  }
  // The step index column is ranked too: 2021 a first, b, c, d tied at 2 (min ties).
  EXPECT_EQ(r.rank("a", "step_index", y2021), 1.0);
  EXPECT_EQ(r.rank("d", "step_index", y2021), 2.0);
  EXPECT_TRUE(std::isnan(eff(r, "step_index", 0)));  // not a framework node: no effective weight
}

TEST(RunSteps, ShareOneGivesTheStepIndexAndAHalfShareTheMean) {
  Model m = plain_model();
  m.steps.share = 1.0;
  const Result one = run(m, step_inputs());
  ASSERT_TRUE(one.blend.has_value());
  for (const std::string& u : abc) near(one.score(u, "score", y2020), one.score(u, "step_index", y2020), u);
  expect_close(column(one, "score", y2021, abcd), {100, 50, 50, 50});
  m.steps.share = 0.5;
  const Result half = run(m, step_inputs());
  // score = (1 - s) composite + s step index; 2020 composite 100/3, 425/6, 275/6 (RunLayout).
  expect_close(column(half, "score", y2020, abc), {(100.0 / 3 + 75) / 2, (425.0 / 6 + 50) / 2, (275.0 / 6 + 12.5) / 2});
  EXPECT_EQ(half.state_of("d", y2020), UnitState::inactive);
}

TEST(RunSteps, APositiveShareWithoutStepAssessmentsIsRejected) {
  Model m = plain_model();
  m.steps.share = 0.3;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent,
                             {"steps.share is 0.3 but no step assessments are given"});
}

// ---------------------------------------------------------------------------------------------------------------
// Ranking and grading
// ---------------------------------------------------------------------------------------------------------------

// The ranks of one node for every unit in a period, from a score table (r.ranks or a group's ranks).
Eigen::VectorXd ranks_in(const Panel& table, const std::string& node, const Period& p) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(abcd.size()));
  for (std::size_t k = 0; k < abcd.size(); ++k) out[static_cast<Eigen::Index>(k)] = table.value(abcd[k], node, p);
  return out;
}

// Element-wise equality with NaN == NaN (ranks are exact small integers).
void expect_same(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (Eigen::Index i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << what << " at " << i;
    } else {
      EXPECT_EQ(actual[i], expected[i]) << what << " at " << i;
    }
  }
}

TEST(RunRanking, OverallWithinCohortAndWithinRegionsWithTies) {
  Inputs in = inputs();
  in.regions = regions();
  Model m = plain_model();
  m.ranking.within_regions = {"r1", "r1a"};
  const Result r = run(m, in);
  ASSERT_EQ(r.group_ranks.size(), 3U);
  EXPECT_EQ(r.group_ranks[0].name, "cohort");
  EXPECT_EQ(r.group_ranks[1].name, "region:r1");
  EXPECT_EQ(r.group_ranks[2].name, "region:r1a");
  // r1 holds a, b (r1a) and d (r1b, a child of r1); c sits in r2.
  EXPECT_EQ(r.group_ranks[1].member, (std::vector<bool>{true, true, false, true}));
  EXPECT_EQ(r.group_ranks[2].member, (std::vector<bool>{true, true, false, false}));
  const std::vector<std::string> cohorts = {"c19", "c19", "c19", "c21"};
  EXPECT_EQ(r.group_ranks[0].group, cohorts);
  for (const Period& p : r.periods) {
    for (const ResultNode& n : r.nodes) {
      const std::string what = n.id + " " + p.to_string();
      const Eigen::VectorXd v = column(r, n.id, p, abcd);
      expect_same(ranks_in(r.ranks, n.id, p), rank(v).ranks, "overall " + what);
      expect_same(ranks_in(r.group_ranks[0].ranks, n.id, p), rank_within(v, cohorts).ranks, "cohort " + what);
      Eigen::VectorXd in_r1 = v;
      in_r1[2] = nan;  // c is outside r1
      expect_same(ranks_in(r.group_ranks[1].ranks, n.id, p), rank(in_r1).ranks, "r1 " + what);
      Eigen::VectorXd in_r1a = in_r1;
      in_r1a[3] = nan;  // d is in r1b
      expect_same(ranks_in(r.group_ranks[2].ranks, n.id, p), rank(in_r1a).ranks, "r1a " + what);
    }
  }
  // By hand, 2020 econ = 0, 75, 75: b and c tie for first (min ties, "1224"), a is 3rd.
  EXPECT_EQ(r.rank("b", "econ", y2020), 1.0);
  EXPECT_EQ(r.rank("c", "econ", y2020), 1.0);
  EXPECT_EQ(r.rank("a", "econ", y2020), 3.0);
  // 2021: d is alone in cohort c21, so first there whatever its score.
  EXPECT_EQ(r.group_ranks[0].ranks.value("d", "score", y2021), 1.0);
  EXPECT_TRUE(std::isnan(r.group_ranks[1].ranks.value("c", "score", y2021)));
  // Other tie rules pass through: max ties put b and c at 2.
  m.ranking.options.ties = TieMethod::max;
  const Result mx = run(m, in);
  EXPECT_EQ(mx.rank("b", "econ", y2020), 2.0);
  EXPECT_EQ(mx.rank("c", "econ", y2020), 2.0);
}

TEST(RunRanking, FixedAndQuantileGrades) {
  Model m = plain_model();
  m.ranking.grades = GradeScheme::fixed;
  m.ranking.bands = {GradeBand{"A", 60.0}, GradeBand{"B", 40.0},
                     GradeBand{"C", -std::numeric_limits<double>::infinity()}};
  const Result fx = run(m, inputs());
  EXPECT_EQ(fx.grade_labels, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_TRUE(fx.grades.has_value());
  // 2020 score 100/3 -> C (band 2), 425/6 = 70.8 -> A (0), 275/6 = 45.8 -> B (1); d not a member -> NaN.
  EXPECT_EQ(fx.grades->value("a", "score", y2020), 2.0);
  EXPECT_EQ(fx.grades->value("b", "score", y2020), 0.0);
  EXPECT_EQ(fx.grades->value("c", "score", y2020), 1.0);
  EXPECT_TRUE(std::isnan(fx.grades->value("d", "score", y2020)));
  // econ 2020 = 0, 75, 75 -> C, A, A.
  EXPECT_EQ(fx.grades->value("a", "econ", y2020), 2.0);
  EXPECT_EQ(fx.grades->value("c", "econ", y2020), 0.0);

  m.ranking.grades = GradeScheme::quantile;
  m.ranking.quantile_labels = {"upper", "lower"};
  m.ranking.quantile_probabilities = {0.5};
  const Result q = run(m, inputs());
  EXPECT_EQ(q.grade_labels, (std::vector<std::string>{"upper", "lower"}));
  ASSERT_TRUE(q.grades.has_value());
  for (const Period& p : q.periods) {
    for (const std::string& node : std::vector<std::string>{"score", "econ", "rev"}) {
      const GradeResult g = grade_quantile(column(q, node, p, abcd), {"upper", "lower"}, {0.5});
      for (std::size_t u = 0; u < abcd.size(); ++u) {
        const double expected = g.band[u] ? static_cast<double>(*g.band[u]) : nan;
        const double got = q.grades->value(abcd[u], node, p);
        if (std::isnan(expected)) {
          EXPECT_TRUE(std::isnan(got)) << node << " " << abcd[u];
        } else {
          EXPECT_EQ(got, expected) << node << " " << abcd[u];
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnosis
// ---------------------------------------------------------------------------------------------------------------

// The normalised indicator matrix (rows a, b, c, d) of a period from a result.
Eigen::MatrixXd normalised(const Result& r, const Period& p) {
  Eigen::MatrixXd x(4, 4);
  for (std::size_t u = 0; u < 4; ++u) {
    for (std::size_t i = 0; i < 4; ++i) {
      x(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(i)) = r.score(abcd[u], kIndicators[i], p);
    }
  }
  return x;
}

TEST(RunDiagnosis, ObstacleRowsSumToOneAndMatchObstacleDegree) {
  Inputs in = inputs();
  in.panel.clear("b", "emp", y2021);
  const Result r = run(plain_model(), in);
  ASSERT_TRUE(r.obstacles.has_value());
  ASSERT_TRUE(r.dimension_obstacles.has_value());
  const Eigen::MatrixXd x = normalised(r, y2021);
  ObstacleOptions o;
  o.scale_max = 100.0;
  const ObstacleResult expected = obstacle_degree(x, vec({0.25, 0.25, 1.0 / 3, 1.0 / 6}), o);
  for (std::size_t u = 0; u < 4; ++u) {
    double sum = 0.0;
    for (std::size_t i = 0; i < 4; ++i) {
      const double v = r.obstacles->value(abcd[u], kIndicators[i], y2021);
      const double e = expected.degree(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(i));
      if (std::isnan(e)) {
        EXPECT_TRUE(std::isnan(v)) << abcd[u] << " " << kIndicators[i];
        continue;
      }
      near(v, e, abcd[u] + " " + kIndicators[i]);
      sum += v;
    }
    near(sum, 1.0, "obstacle row of " + abcd[u]);  // over the observed indicators (b has no emp)
    // The dimension obstacle is the sum over its indicators.
    const double econ = r.dimension_obstacles->value(abcd[u], "econ", y2021);
    const double qual = r.dimension_obstacles->value(abcd[u], "qual", y2021);
    near(econ + qual, 1.0, "dimension obstacles of " + abcd[u]);
  }
  EXPECT_TRUE(std::isnan(r.obstacles->value("b", "emp", y2021)));
  EXPECT_TRUE(std::isnan(r.obstacles->value("d", "rev", y2020)));  // d not a member in 2020
  ASSERT_EQ(r.findings.size(), 2U);
  EXPECT_EQ(r.findings[1][0].obstacles.size(), 3U);  // top 3 by default
  EXPECT_TRUE(r.findings[0][3].obstacles.empty());   // d in 2020
}

TEST(RunDiagnosis, GapBenchmarksBestGroupBestAndTarget) {
  Model m = plain_model();
  const Result best = run(m, inputs());
  m.diagnosis.gap = GapBenchmark::group_best;
  const Result group = run(m, inputs());
  m.diagnosis.gap = GapBenchmark::target;
  const Result target = run(m, inputs());
  ASSERT_TRUE(best.gaps && group.gaps && target.gaps);
  const Eigen::MatrixXd x = normalised(best, y2021);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto j = static_cast<Eigen::Index>(i);
    const double all = x.col(j).maxCoeff();
    const double c19 = x.col(j).head(3).maxCoeff();
    for (std::size_t u = 0; u < 4; ++u) {
      const auto k = static_cast<Eigen::Index>(u);
      const std::string what = abcd[u] + " " + kIndicators[i];
      near(best.gaps->value(abcd[u], kIndicators[i], y2021), all - x(k, j), what);
      // group_best by cohort: a, b, c against the best of c19, d (alone in c21) against itself.
      near(group.gaps->value(abcd[u], kIndicators[i], y2021), (u < 3 ? c19 : x(k, j)) - x(k, j), what);
      near(target.gaps->value(abcd[u], kIndicators[i], y2021), 100.0 - x(k, j), what);
    }
  }
  // By hand: a's 2021 rev is the minimum (0) and d's 40 the maximum (100): gap 100 to the best; among c19 the
  // best rev is b's 24 -> (24 - 12) / 28 x 100 = 300/7.
  near(best.gaps->value("a", "rev", y2021), 100.0);
  near(group.gaps->value("a", "rev", y2021), 300.0 / 7);
  near(best.relative_gaps->value("a", "rev", y2021), 1.0);
}

TEST(RunDiagnosis, CouplingCoordinationOfTwoDimensions) {
  Model m = plain_model();
  m.diagnosis.coupling = {"econ", "qual"};
  const Result r = run(m, inputs());
  ASSERT_TRUE(r.coupling.has_value());
  EXPECT_EQ(r.coupling->subsystems, (std::vector<std::string>{"econ", "qual"}));
  // Subsystem scores scaled to [0, 1] by the diagnosis scale [0, 100].
  Eigen::MatrixXd u(4, 2);
  u << column(r, "econ", y2021, abcd) / 100.0, column(r, "qual", y2021, abcd) / 100.0;
  const CouplingResult c = coupling_coordination(u);
  expect_close(r.coupling->coupling.col(1), c.coupling);
  expect_close(r.coupling->coordination.col(1), c.coordination);
  EXPECT_TRUE(std::isnan(r.coupling->coordination(3, 0)));  // d in 2020
  EXPECT_EQ(r.coupling->grade(3, 0), 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------------------------

// Eight clusters, all members from the start, in two periods, values without ties or outliers.
Inputs audit_inputs() {
  std::vector<Cluster> cs;
  std::vector<std::string> us;
  for (int k = 1; k <= 8; ++k) {
    us.push_back("u" + std::to_string(k));
    cs.push_back(cluster(us.back(), "r1a", "c19"));
  }
  Panel p(us, kIndicators, {y2020, y2021});
  const double base[8][4] = {{10, 5, 90, 3}, {20, 7, 80, 1}, {30, 6, 70, 2}, {25, 9, 60, 4},
                             {15, 4, 85, 6}, {35, 8, 75, 5}, {12, 3, 65, 7}, {28, 10, 95, 8}};
  for (std::size_t u = 0; u < 8; ++u) {
    for (std::size_t i = 0; i < 4; ++i) {
      p.set(u, i, 0, base[u][i]);
      p.set(u, i, 1, base[u][i] * 1.1 + static_cast<double>((u * 3 + i) % 5));
    }
  }
  Inputs in{framework(), ClusterSet(cs), std::nullopt, p, std::nullopt};
  return in;
}

TEST(RunAudit, ScopesGiveOneRecordPerPeriodTheLatestOnePooledOrNone) {
  Model m = plain_model();
  m.audit.scope = AuditScope::each_period;
  const Result each = run(m, audit_inputs());
  ASSERT_EQ(each.audits.size(), 2U);
  EXPECT_EQ(each.audits[0].period, y2020);
  EXPECT_EQ(each.audits[1].period, y2021);
  EXPECT_EQ(each.audits[0].indicators, kIndicators);
  m.audit.scope = AuditScope::latest;
  const Result latest = run(m, audit_inputs());
  ASSERT_EQ(latest.audits.size(), 1U);
  EXPECT_EQ(latest.audits[0].period, y2021);
  m.audit.scope = AuditScope::pooled;
  const Result pooled = run(m, audit_inputs());
  ASSERT_EQ(pooled.audits.size(), 1U);
  EXPECT_FALSE(pooled.audits[0].period.has_value());
  m.audit.scope = AuditScope::none;
  EXPECT_TRUE(run(m, audit_inputs()).audits.empty());
}

// ---------------------------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------------------------

TEST(RunInvariants, PermutingTheUnitsPermutesTheResults) {
  const Result r = run(plain_model(), inputs());
  Inputs in = inputs();
  const std::vector<std::string> order = {"d", "b", "a", "c"};
  Panel p(order, kIndicators, {y2020, y2021});
  for (const std::string& u : order) {
    for (const std::string& id : kIndicators) {
      for (const Period& per : {y2020, y2021}) p.set(u, id, per, in.panel.value(u, id, per));
    }
  }
  in.panel = p;
  const Result q = run(plain_model(), in);
  EXPECT_EQ(q.units, order);
  for (const Period& per : r.periods) {
    for (const ResultNode& n : r.nodes) {
      for (const std::string& u : abcd) {
        const double a = r.score(u, n.id, per);
        const double b = q.score(u, n.id, per);
        if (std::isnan(a)) {
          EXPECT_TRUE(std::isnan(b)) << u << " " << n.id;
        } else {
          near(b, a, u + " " + n.id);
          EXPECT_EQ(q.rank(u, n.id, per), r.rank(u, n.id, per)) << u << " " << n.id;
        }
        EXPECT_EQ(q.state_of(u, per), r.state_of(u, per));
      }
    }
  }
}

TEST(RunInvariants, ScalingAnIndicatorLeavesMinMaxScoresUnchanged) {
  const Result r = run(plain_model(), inputs());
  Inputs in = inputs();
  for (const std::string& u : abcd) {
    for (const Period& per : {y2020, y2021}) in.panel.set(u, "rev", per, in.panel.value(u, "rev", per) * 1000.0);
  }
  const Result q = run(plain_model(), in);
  for (const Period& per : r.periods) {
    for (const ResultNode& n : r.nodes) {
      for (const std::string& u : abcd) {
        const double a = r.score(u, n.id, per);
        if (std::isnan(a)) {
          EXPECT_TRUE(std::isnan(q.score(u, n.id, per)));
        } else {
          near(q.score(u, n.id, per), a, u + " " + n.id);
        }
      }
    }
  }
}

TEST(RunInvariants, TwoRunsGiveBitIdenticalScores) {
  Model m;  // the full default path: screening, outliers, diagnosis and audit on
  m.diagnosis.coupling = {"econ", "qual"};
  const Result a = run(m, audit_inputs());
  const Result b = run(m, audit_inputs());
  const Eigen::MatrixXd& x = a.scores.matrix();
  const Eigen::MatrixXd& y = b.scores.matrix();
  ASSERT_EQ(x.size(), y.size());
  for (Eigen::Index k = 0; k < x.size(); ++k) EXPECT_TRUE(same_bits(x.data()[k], y.data()[k])) << k;
  ASSERT_EQ(a.effective_weights.size(), b.effective_weights.size());
  for (Eigen::Index k = 0; k < a.effective_weights.size(); ++k) {
    EXPECT_TRUE(same_bits(a.effective_weights.data()[k], b.effective_weights.data()[k])) << k;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------------------------

TEST(RunBadInput, PanelUnitNotInTheClusters) {
  Inputs in = inputs();
  in.clusters = ClusterSet({cluster("a", "r1a", "c19"), cluster("b", "r1a", "c19"), cluster("c", "r2", "c19")});
  expect_error<NotFound>([&] { run(plain_model(), in); }, ErrorCode::not_found,
                         {"unit \"d\" of the panel is not in the cluster set"});
}

TEST(RunBadInput, FrameworkIndicatorNotInThePanel) {
  Inputs in = inputs();
  in.framework = Framework({dimension("econ"), dimension("qual")},
                           {indicator("rev", "econ"), indicator("patents", "econ"), indicator("pass", "qual")});
  expect_error<NotFound>([&] { run(plain_model(), in); }, ErrorCode::not_found,
                         {"indicator \"patents\" of the framework is not in the panel"});
}

TEST(RunBadInput, MethodsNamingAnUnknownIdOrAnIndicator) {
  Model m = plain_model();
  m.methods["nosuch"] = NodeMethod{};
  expect_error<NotFound>([&] { run(m, inputs()); }, ErrorCode::not_found, {"\"nosuch\""});
  m.methods.clear();
  m.methods["rev"] = NodeMethod{};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent, {"\"rev\"", "an indicator"});
}

TEST(RunBadInput, WeightsNotMatchingTheChildren) {
  Model m = plain_model();
  NodeMethod ahp;
  ahp.weight_source = WeightSource::ahp;
  ahp.pairwise = Eigen::MatrixXd::Ones(3, 3);
  m.methods["qual"] = ahp;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::size_mismatch,
                             {"run[node=qual]", "3 x 3", "2 children"});
  m.methods.clear();
  NodeMethod fixed;
  fixed.weight_source = WeightSource::computed;
  fixed.weights.method = WeightingMethod::fixed;
  fixed.weights.fixed = vec({1, 2, 3});
  m.methods["econ"] = fixed;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::size_mismatch,
                             {"run[node=econ]", "3 fixed weights", "2 children"});
  // The composite's own method is checked too, named by composite_id.
  m.methods.clear();
  m.composite_method = ahp;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::size_mismatch, {"run[node=composite]"});
}

TEST(RunBadInput, BasePeriodMissingOrNotInThePanel) {
  Model m = plain_model();
  m.normalization.reference = NormalizationReference::base_period;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent, {"no base_period is given"});
  m.normalization.base_period = Period::annual(2019);
  expect_error<NotFound>([&] { run(m, inputs()); }, ErrorCode::not_found,
                         {"the base period 2019 is not a period of the panel"});
  m.normalization.reference = NormalizationReference::per_period;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent,
                             {"base_period is given but the reference is not base_period"});
}

TEST(RunBadInput, StepShareOutsideTheUnitInterval) {
  Model m = plain_model();
  for (const double s : {1.5, -0.1, nan}) {
    m.steps.share = s;
    expect_error<InvalidInput>([&] { run(m, step_inputs()); }, ErrorCode::out_of_range, {"steps.share", "[0, 1]"});
  }
}

TEST(RunBadInput, ResultIdCollidingWithAFrameworkId) {
  Model m = plain_model();
  m.score_id = "econ";
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::duplicate_id,
                             {"score_id \"econ\" is also an id of the framework"});
  m = plain_model();
  m.composite_id = "score";
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::duplicate_id, {"\"score\""});
}

TEST(RunBadInput, FieldsRunFillsInMustBeEmpty) {
  Model m = plain_model();
  m.preparation.screening.active_from = {{"d", y2021}};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent,
                             {"preparation.screening.active_from must be empty"});
}

TEST(RunBadInput, WithinRegionsWithoutRegionsOrWithAnUnknownCode) {
  Model m = plain_model();
  m.ranking.within_regions = {"r1"};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent,
                             {"ranking.within_regions needs the regions"});
  Inputs in = inputs();
  in.regions = regions();
  m.ranking.within_regions = {"zz"};
  expect_error<NotFound>([&] { run(m, in); }, ErrorCode::not_found, {"unknown region \"zz\""});
}

TEST(RunBadInput, AnAllMissingIndicatorIsScreenedOutByDefaultAndNotedWithoutScreening) {
  Inputs in = inputs();
  for (const std::string& u : abcd) {
    in.panel.clear(u, "compl", y2020);
    in.panel.clear(u, "compl", y2021);
  }
  // Default screening: compl has no observed cell (coverage 0 < 0.65) and is removed; pass carries qual alone.
  Model screened = plain_model();
  screened.preparation.screen = true;
  const Result s = run(screened, in);
  ASSERT_EQ(s.preparation.screening.size(), 1U);
  EXPECT_EQ(s.preparation.screening[0].removed_indicators, std::vector<std::string>{"compl"});
  near(eff(s, "compl", 0), 0.0);
  near(eff(s, "pass", 0), 0.5);
  // Unit coverage 3 of 4 indicators (0.75 >= 2/3): everyone kept; qual = pass (2020: 100, 50, 0).
  expect_close(column(s, "qual", y2020, abc), {100, 50, 0});
  for (const std::string& u : abc) EXPECT_EQ(s.state_of(u, y2020), UnitState::scored);

  // Screening off: the column reaches the normalisation, which reports no_data in each period; units are still
  // scored on the rest (qual skips the missing compl).
  const Result o = run(plain_model(), in);
  std::vector<Period> no_data;
  for (const NormalizationNote& n : o.normalization) {
    if (n.indicator == "compl" && n.status == ColumnStatus::no_data && n.period) no_data.push_back(*n.period);
  }
  EXPECT_EQ(no_data, (std::vector<Period>{y2020, y2021}));
  expect_close(column(o, "qual", y2020, abc), {100, 50, 0});
  for (const std::string& u : abcd) EXPECT_EQ(o.state_of(u, y2021), UnitState::scored) << u;
  // A pooled normalisation notes the column once, without a period.
  Model pooled = plain_model();
  pooled.normalization.reference = NormalizationReference::pooled;
  const Result pr = run(pooled, in);
  ASSERT_EQ(pr.normalization.size(), 1U);
  EXPECT_EQ(pr.normalization[0].indicator, "compl");
  EXPECT_FALSE(pr.normalization[0].period.has_value());
  EXPECT_EQ(pr.normalization[0].status, ColumnStatus::no_data);
}

TEST(RunBadInput, EveryIndicatorScreenedOutNamesTheComposite) {
  // Removed by coverage: per period, 2021 has data for a only, so every indicator has 1 of 4 active cells
  // (0.25 < 0.65) and the composite is left without children in 2021.
  Inputs in = inputs();
  for (const std::string& u : {std::string("b"), std::string("c"), std::string("d")}) {
    for (const std::string& id : kIndicators) in.panel.clear(u, id, y2021);
  }
  expect_error<InvalidInput>([&] { run(screening_model(ScreenScope::per_period), in); }, ErrorCode::inconsistent,
                             {"run[node=composite, period=2021]", "every indicator of the framework was screened out"});
  // Forced out by the exclusion list: the screening stage itself refuses, before any node is built.
  Model m = screening_model(ScreenScope::pooled);
  m.preparation.screening.exclude_indicators = kIndicators;
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent,
                             {"run[stage=screen]", "every indicator is in exclude_indicators"});
}

TEST(RunBadInput, ErrorsOfTheLowerLevelFunctionsNameUnitsAndChildrenByIdNotByPosition) {
  // The scoring functions know rows and columns only ("entropy_weights: unit (row) 1, criterion (column) 0: ...");
  // run() knows which unit and which child each position is, and says so.
  Model m = plain_model();
  const NodeMethod ent = entropy_weights_method();
  m.composite_method = ent;
  // b has no econ score in 2021 (both of its indicators are missing), and entropy weights need complete data.
  Inputs in = inputs();
  in.panel.clear("b", "rev", y2021);
  in.panel.clear("b", "emp", y2021);
  // The message names ids, and no position is left in it.
  const auto expect_named = [](const std::string& what) {
    EXPECT_THAT(what, testing::Not(HasSubstr("(row)")));
    EXPECT_THAT(what, testing::Not(HasSubstr("(column)")));
  };
  expect_named(expect_error<InvalidInput>([&] { run(m, in); }, ErrorCode::not_finite,
                                          {"run[node=composite, period=2021]", "unit \"b\", criterion \"econ\""}));
  // Pooled weights: the rows of 2020 (a, b, c; d joined in 2021) come before those of 2021, so c's 2021 row is
  // row 5 of the stacked matrix.
  m.composite_method->weight_reference = WeightReference::pooled;
  in = inputs();
  in.panel.clear("c", "pass", y2021);
  in.panel.clear("c", "compl", y2021);
  expect_named(expect_error<InvalidInput>([&] { run(m, in); }, ErrorCode::not_finite,
                                          {"run[node=composite]", "unit \"c\" (period 2021), criterion \"qual\""}));
  // A row position inside a node is that node's unit, not the panel's: d is row 3 of 2021 and its econ children
  // rev, emp are columns 0, 1.
  m = plain_model();
  m.methods["econ"] = ent;
  in = inputs();
  in.panel.clear("d", "emp", y2021);
  expect_named(expect_error<InvalidInput>([&] { run(m, in); }, ErrorCode::not_finite,
                                          {"run[node=econ, period=2021]", "unit \"d\", criterion \"emp\""}));
  // AHP: a cell of the pairwise matrix is named by the two children it compares.
  m = plain_model();
  NodeMethod ahp;
  ahp.weight_source = WeightSource::ahp;
  ahp.pairwise = rows({{1, 2}, {3, 1}});
  m.methods["qual"] = ahp;
  expect_named(expect_error<InvalidInput>(
      [&] { run(m, inputs()); }, ErrorCode::inconsistent,
      {"run[node=qual]", "cell (row \"pass\", column \"compl\") is 2", "cell (row \"compl\", column \"pass\") is 3"}));
}

TEST(RunBadInput, DiagnosisScaleAndCoupling) {
  Model m = plain_model();
  m.diagnosis.scale = Interval{100.0, 0.0};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::out_of_range, {"diagnosis.scale [100, 0]"});
  m.diagnosis.scale = Interval{0.0, std::numeric_limits<double>::infinity()};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::out_of_range, {"diagnosis.scale"});
  m = plain_model();
  m.diagnosis.coupling = {"econ"};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::inconsistent, {"at least two subsystems"});
  m.diagnosis.coupling = {"econ", "econ"};
  expect_error<InvalidInput>([&] { run(m, inputs()); }, ErrorCode::duplicate_id,
                             {"diagnosis.coupling lists \"econ\" twice"});
  m.diagnosis.coupling = {"econ", "nosuch"};
  expect_error<NotFound>([&] { run(m, inputs()); }, ErrorCode::not_found, {"\"nosuch\""});
}

}  // namespace
