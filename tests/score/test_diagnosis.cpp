// Tests for qualis/score/diagnosis.hpp: obstacle degree, indicator contributions, gaps to a benchmark, the
// coupling coordination degree model and strengths and weaknesses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "qualis/score/diagnosis.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::CouplingOptions;
using qualis::CouplingStatus;
using qualis::DiagnosisUnitStatus;
using qualis::ErrorCode;
using qualis::IndicatorValue;
using qualis::InvalidInput;
using qualis::MissingRule;
using qualis::ObstacleOptions;
using qualis::StandingBasis;
using qualis::StrengthOptions;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::rows;
using qualis_test::vec;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Row-by-row comparison of matrices with the suite's tolerance rule.
void expect_close_matrix(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, double rel = 1e-9) {
  ASSERT_EQ(actual.rows(), expected.rows());
  ASSERT_EQ(actual.cols(), expected.cols());
  for (Eigen::Index i = 0; i < expected.rows(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    expect_close(actual.row(i).transpose(), expected.row(i).transpose(), rel);
  }
}

// The list's indicator positions.
std::vector<Eigen::Index> positions(const std::vector<IndicatorValue>& list) {
  std::vector<Eigen::Index> out;
  for (const auto& item : list) out.push_back(item.indicator);
  return out;
}

// Worked example of tests/reference/diagnosis.py: 4 units x 5 indicators on [0, 100]; weights that sum to 2
// (only their ratios matter); unit 1 is at the best value everywhere.
Eigen::MatrixXd x4() {
  return rows({{80, 60, 90, 40, 70}, {100, 100, 100, 100, 100}, {20, 50, 0, 75, 100}, {55, 30, 65, 10, 45}});
}
const Eigen::VectorXd w4 = vec({0.6, 0.4, 0.5, 0.3, 0.2});

ObstacleOptions on_100() {
  ObstacleOptions o;
  o.scale_max = 100.0;
  return o;
}

// ---------------------------------------------------------------------------------------------------------------
// obstacle_degree

TEST(ObstacleDegree, WorkedExampleMatchesNumpy) {
  const auto r = qualis::obstacle_degree(x4(), w4, on_100());
  // tests/reference/diagnosis.py, block "obstacle" (independent numpy computation of O = F I / sum F I).
  expect_close_matrix(
      r.degree,
      rows({{0.21052631578947362, 0.28070175438596495, 0.087719298245614, 0.31578947368421045, 0.10526315789473685},
            {0, 0, 0, 0, 0},
            {0.38247011952191234, 0.15936254980079684, 0.39840637450199207, 0.05976095617529881, 0},
            {0.2443438914027149, 0.25339366515837103, 0.1583710407239819, 0.24434389140271495, 0.09954751131221722}}));
  expect_close_matrix(
      r.deviation,
      rows({{0.2, 0.4, 0.1, 0.6, 0.3}, {0, 0, 0, 0, 0}, {0.8, 0.5, 1.0, 0.25, 0}, {0.45, 0.7, 0.35, 0.9, 0.55}}));
  EXPECT_THAT(r.unit_status, ::testing::ElementsAre(DiagnosisUnitStatus::ok, DiagnosisUnitStatus::no_deviation,
                                                    DiagnosisUnitStatus::ok, DiagnosisUnitStatus::ok));
  EXPECT_EQ(r.no_deviation_units, 1);
  EXPECT_EQ(r.missing_units, 0);
  // Hand check of one cell: unit 0, indicator 3: 0.3 * 0.6 / (0.6*0.2 + 0.4*0.4 + 0.5*0.1 + 0.3*0.6 + 0.2*0.3).
  EXPECT_NEAR(r.degree(0, 3), 0.18 / 0.57, 1e-12);
}

TEST(ObstacleDegree, RowsSumToOneAndScaleAndWeightScalingDoNotMatter) {
  const auto r = qualis::obstacle_degree(x4(), w4, on_100());
  for (const Eigen::Index i : {0, 2, 3}) EXPECT_NEAR(r.degree.row(i).sum(), 1.0, 1e-12);
  // Same data on [0, 1] with the default scale, and weights scaled by 7: same obstacle degrees.
  const auto unit = qualis::obstacle_degree(x4() / 100.0, w4 * 7.0);
  expect_close_matrix(unit.degree, r.degree, 1e-12);
  EXPECT_TRUE((r.degree.array() >= 0.0).all());
}

TEST(ObstacleDegree, PermutingUnitsPermutesRows) {
  const Eigen::MatrixXd x = x4();
  Eigen::MatrixXd p(4, 5);
  const std::vector<Eigen::Index> order = {3, 0, 2, 1};
  for (Eigen::Index i = 0; i < 4; ++i) p.row(i) = x.row(order[static_cast<std::size_t>(i)]);
  const auto a = qualis::obstacle_degree(x, w4, on_100());
  const auto b = qualis::obstacle_degree(p, w4, on_100());
  for (Eigen::Index i = 0; i < 4; ++i) {
    expect_close(b.degree.row(i).transpose(), a.degree.row(order[static_cast<std::size_t>(i)]).transpose(), 1e-15);
  }
}

TEST(ObstacleDegree, MonotoneInOwnDeviation) {
  // Worsening one indicator of a unit raises that indicator's obstacle degree.
  Eigen::MatrixXd x = x4();
  const auto before = qualis::obstacle_degree(x, w4, on_100());
  x(0, 2) = 50.0;
  const auto after = qualis::obstacle_degree(x, w4, on_100());
  EXPECT_GT(after.degree(0, 2), before.degree(0, 2));
  EXPECT_LT(after.degree(0, 0), before.degree(0, 0));
}

TEST(ObstacleDegree, ZeroWeightOnlyDeviationIsNoDeviation) {
  // Unit 0 falls short only on an indicator of weight 0: no weighted deviation, zeros and a status.
  const auto r = qualis::obstacle_degree(rows({{1.0, 0.2}, {0.5, 0.5}}), vec({1.0, 0.0}));
  EXPECT_EQ(r.unit_status[0], DiagnosisUnitStatus::no_deviation);
  expect_close(r.degree.row(0).transpose(), {0.0, 0.0});
  expect_close(r.degree.row(1).transpose(), {1.0, 0.0});
}

TEST(ObstacleDegree, MissingSkipRenormalisesOverObservedIndicators) {
  Eigen::MatrixXd x = x4();
  x(3, 1) = nan;
  x(1, 4) = nan;
  const auto r = qualis::obstacle_degree(x, w4, on_100());
  // tests/reference/diagnosis.py, block "unit 3 skipping indicator 1".
  EXPECT_TRUE(std::isnan(r.degree(3, 1)));
  EXPECT_TRUE(std::isnan(r.deviation(3, 1)));
  expect_close(vec({r.degree(3, 0), r.degree(3, 2), r.degree(3, 3), r.degree(3, 4)}),
               {0.32727272727272727, 0.21212121212121213, 0.3272727272727273, 0.13333333333333336});
  EXPECT_EQ(r.unit_status[3], DiagnosisUnitStatus::ok);
  // A unit at the best on everything observed is still no_deviation; its missing cell stays missing.
  EXPECT_EQ(r.unit_status[1], DiagnosisUnitStatus::no_deviation);
  EXPECT_TRUE(std::isnan(r.degree(1, 4)));
  EXPECT_EQ(r.degree(1, 0), 0.0);
  // Other units are unchanged.
  const auto full = qualis::obstacle_degree(x4(), w4, on_100());
  expect_close(r.degree.row(0).transpose(), full.degree.row(0).transpose(), 1e-15);
}

TEST(ObstacleDegree, MissingSkipUnitWithoutDataIsNoData) {
  const auto r = qualis::obstacle_degree(rows({{nan, 0.5}, {0.2, 0.4}}), vec({1.0, 0.0}));
  EXPECT_EQ(r.unit_status[0], DiagnosisUnitStatus::no_data);
  EXPECT_TRUE(r.degree.row(0).array().isNaN().all());
  EXPECT_EQ(r.missing_units, 1);
}

TEST(ObstacleDegree, MissingPropagateAndReject) {
  Eigen::MatrixXd x = x4();
  x(2, 3) = nan;
  ObstacleOptions o = on_100();
  o.missing = MissingRule::propagate;
  const auto r = qualis::obstacle_degree(x, w4, o);
  EXPECT_EQ(r.unit_status[2], DiagnosisUnitStatus::missing);
  EXPECT_TRUE(r.degree.row(2).array().isNaN().all());
  EXPECT_EQ(r.missing_units, 1);
  EXPECT_NEAR(r.degree.row(0).sum(), 1.0, 1e-12);
  o.missing = MissingRule::reject;
  expect_error<InvalidInput>([&] { qualis::obstacle_degree(x, w4, o); }, ErrorCode::not_finite,
                             {"obstacle_degree", "unit (row) 2, criterion (column) 3", "missing"});
}

TEST(ObstacleDegree, BadInput) {
  const Eigen::MatrixXd x = x4();
  expect_error<InvalidInput>(
      [] {
        qualis::obstacle_degree(Eigen::MatrixXd(0, 3), vec({1, 1, 1}));
      },
      ErrorCode::empty_input, {"qualis: obstacle_degree: "});
  expect_error<InvalidInput>(
      [&] {
        qualis::obstacle_degree(x, vec({1, 1}), on_100());
      },
      ErrorCode::size_mismatch, {"2 weights for 5 criteria"});
  expect_error<InvalidInput>(
      [&] {
        qualis::obstacle_degree(x, vec({1, -1, 1, 1, 1}), on_100());
      },
      ErrorCode::out_of_range, {"criterion (column) 1", "negative"});
  expect_error<InvalidInput>(
      [&] {
        qualis::obstacle_degree(x, vec({0, 0, 0, 0, 0}), on_100());
      },
      ErrorCode::inconsistent, {"every weight is zero"});
  expect_error<InvalidInput>(
      [&] {
        qualis::obstacle_degree(x, vec({1, nan, 1, 1, 1}), on_100());
      },
      ErrorCode::not_finite, {"criterion (column) 1"});
  // Values above the scale maximum (data on [0, 100] read with the default scale 1).
  expect_error<InvalidInput>([&] { qualis::obstacle_degree(x, w4); }, ErrorCode::out_of_range,
                             {"unit (row) 0, criterion (column) 0", "outside the normalised scale [0, 1]"});
  expect_error<InvalidInput>(
      [] {
        qualis::obstacle_degree(rows({{0.5, -0.1}}), vec({1, 1}));
      },
      ErrorCode::out_of_range, {"unit (row) 0, criterion (column) 1"});
  expect_error<InvalidInput>(
      [] {
        qualis::obstacle_degree(rows({{0.5, inf}}), vec({1, 1}));
      },
      ErrorCode::not_finite, {"unit (row) 0, criterion (column) 1", "infinite"});
  ObstacleOptions o;
  o.scale_max = 0.0;
  expect_error<InvalidInput>([&] { qualis::obstacle_degree(rows({{0.0}}), vec({1}), o); }, ErrorCode::out_of_range,
                             {"scale maximum"});
  o.scale_max = inf;
  expect_error<InvalidInput>([&] { qualis::obstacle_degree(rows({{0.0}}), vec({1}), o); }, ErrorCode::not_finite,
                             {"scale maximum"});
  o.scale_max = 1.0;
  o.missing = static_cast<MissingRule>(9);
  expect_error<InvalidInput>([&] { qualis::obstacle_degree(rows({{0.0}}), vec({1}), o); }, ErrorCode::invalid_argument,
                             {"9 is not a MissingRule"});
}

// ---------------------------------------------------------------------------------------------------------------
// dimension_obstacle_degree, top_obstacles

TEST(DimensionObstacleDegree, SumsOverDimensionIndicators) {
  const auto r = qualis::obstacle_degree(x4(), w4, on_100());
  const auto d = qualis::dimension_obstacle_degree(r, std::vector<std::size_t>{0, 0, 1, 1, 2});
  // tests/reference/diagnosis.py, block "dimension obstacle".
  expect_close_matrix(d.degree, rows({{0.49122807017543857, 0.4035087719298245, 0.10526315789473685},
                                      {0, 0, 0},
                                      {0.5418326693227091, 0.4581673306772909, 0},
                                      {0.4977375565610859, 0.40271493212669685, 0.09954751131221722}}));
  EXPECT_THAT(d.dimensions, ::testing::ElementsAre("0", "1", "2"));
  for (const Eigen::Index i : {0, 2, 3}) EXPECT_NEAR(d.degree.row(i).sum(), 1.0, 1e-12);
  // Labels: order of first appearance; same sums.
  const auto l =
      qualis::dimension_obstacle_degree(r, std::vector<std::string>{"创新", "创新", "green", "green", "open"});
  EXPECT_THAT(l.dimensions, ::testing::ElementsAre("创新", "green", "open"));
  expect_close_matrix(l.degree, d.degree, 1e-15);
  const auto l2 = qualis::dimension_obstacle_degree(r, std::vector<std::string>{"b", "a", "b", "a", "b"});
  EXPECT_THAT(l2.dimensions, ::testing::ElementsAre("b", "a"));
  EXPECT_NEAR(l2.degree(0, 0), r.degree(0, 0) + r.degree(0, 2) + r.degree(0, 4), 1e-15);
}

TEST(DimensionObstacleDegree, MissingValues) {
  Eigen::MatrixXd x = x4();
  x(3, 4) = nan;  // the only indicator of dimension 2
  x(0, 0) = nan;
  const auto r = qualis::obstacle_degree(x, w4, on_100());
  const auto d = qualis::dimension_obstacle_degree(r, std::vector<std::size_t>{0, 0, 1, 1, 2});
  EXPECT_TRUE(std::isnan(d.degree(3, 2)));
  EXPECT_NEAR(d.degree(3, 0) + d.degree(3, 1), 1.0, 1e-12);
  EXPECT_NEAR(d.degree(0, 0), r.degree(0, 1), 1e-15);
  ObstacleOptions o = on_100();
  o.missing = MissingRule::propagate;
  const auto p =
      qualis::dimension_obstacle_degree(qualis::obstacle_degree(x, w4, o), std::vector<std::size_t>{0, 0, 1, 1, 2});
  EXPECT_TRUE(p.degree.row(0).array().isNaN().all());
  EXPECT_TRUE(p.degree.row(3).array().isNaN().all());
}

TEST(DimensionObstacleDegree, BadInput) {
  const auto r = qualis::obstacle_degree(x4(), w4, on_100());
  expect_error<InvalidInput>(
      [&] {
        qualis::dimension_obstacle_degree(r, std::vector<std::size_t>{0, 0, 1});
      },
      ErrorCode::size_mismatch, {"dimension_obstacle_degree", "3 dimension positions for 5 indicators"});
  expect_error<InvalidInput>(
      [&] {
        qualis::dimension_obstacle_degree(r, std::vector<std::size_t>{0, 0, 2, 2, 2});
      },
      ErrorCode::inconsistent, {"dimension 1 has no indicator"});
  expect_error<InvalidInput>(
      [&] {
        qualis::dimension_obstacle_degree(r, std::vector<std::string>{"a", "", "b", "b", "b"});
      },
      ErrorCode::invalid_id, {"criterion (column) 1"});
  expect_error<InvalidInput>([&] { qualis::dimension_obstacle_degree(r, std::vector<std::string>{"a"}); },
                             ErrorCode::size_mismatch, {"1 dimension labels for 5 indicators"});
  expect_error<InvalidInput>(
      [] { qualis::dimension_obstacle_degree(qualis::ObstacleResult{}, std::vector<std::size_t>{}); },
      ErrorCode::empty_input, {"dimension_obstacle_degree"});
  qualis::ObstacleResult broken = r;
  broken.unit_status.pop_back();
  expect_error<InvalidInput>(
      [&] {
        qualis::dimension_obstacle_degree(broken, std::vector<std::size_t>{0, 0, 1, 1, 2});
      },
      ErrorCode::size_mismatch, {"3 unit statuses for 4 units"});
}

TEST(TopObstacles, LargestFirstTiesByPosition) {
  const auto r = qualis::obstacle_degree(x4(), w4, on_100());
  const auto top = qualis::top_obstacles(r, 3);
  ASSERT_EQ(top.size(), 4U);
  EXPECT_THAT(positions(top[0]), ::testing::ElementsAre(3, 1, 0));
  EXPECT_NEAR(top[0][0].value, 0.31578947368421045, 1e-12);
  EXPECT_TRUE(top[1].empty());  // no_deviation: nothing is an obstacle
  EXPECT_THAT(positions(top[2]), ::testing::ElementsAre(2, 0, 1));
  // Unit 3: indicators 0 and 3 tie in exact arithmetic (0.6 * 0.45 = 0.3 * 0.9) but not in floating point, where
  // 1 - 0.55 = 0.44999999999999996 makes indicator 0 the smaller (numpy agrees: 0.2443438914027149 against
  // 0.24434389140271495), so 3 comes first.
  EXPECT_THAT(positions(top[3]), ::testing::ElementsAre(1, 3, 0));
  // Unit 2 has only 4 positive obstacle degrees: k = 10 lists 4.
  EXPECT_EQ(qualis::top_obstacles(r, 10)[2].size(), 4U);
  // Exact tie check on equal inputs.
  const auto tie = qualis::top_obstacles(qualis::obstacle_degree(rows({{0.5, 0.5, 0.5}}), vec({1, 1, 1})), 2);
  EXPECT_THAT(positions(tie[0]), ::testing::ElementsAre(0, 1));
}

TEST(TopObstacles, BadInput) {
  const auto r = qualis::obstacle_degree(x4(), w4, on_100());
  expect_error<InvalidInput>([&] { qualis::top_obstacles(r, 0); }, ErrorCode::invalid_argument,
                             {"top_obstacles", "k must be at least 1"});
  expect_error<InvalidInput>([] { qualis::top_obstacles(qualis::ObstacleResult{}, 1); }, ErrorCode::empty_input,
                             {"top_obstacles"});
}

// ---------------------------------------------------------------------------------------------------------------
// indicator_contribution

TEST(IndicatorContribution, WorkedExampleMatchesNumpy) {
  const auto r = qualis::indicator_contribution(x4(), w4);
  // tests/reference/diagnosis.py, blocks "contribution" and "score".
  expect_close_matrix(
      r.share,
      rows({{0.3356643356643357, 0.16783216783216784, 0.3146853146853147, 0.08391608391608392, 0.0979020979020979},
            {0.3, 0.2, 0.25, 0.15, 0.1},
            {0.1610738255033557, 0.2684563758389262, 0, 0.30201342281879195, 0.2684563758389262},
            {0.3687150837988827, 0.1340782122905028, 0.36312849162011174, 0.0335195530726257, 0.1005586592178771}}));
  expect_close(r.score, {71.5, 100.0, 37.25, 44.75});
  for (Eigen::Index i = 0; i < 4; ++i) EXPECT_NEAR(r.share.row(i).sum(), 1.0, 1e-12);
  // Equal values: the shares are the normalised weights.
  expect_close(r.share.row(1).transpose(), w4 / w4.sum(), 1e-15);
}

TEST(IndicatorContribution, ZeroScoreAndMissing) {
  const auto z = qualis::indicator_contribution(rows({{0, 0, 0}, {1, 2, 3}}), vec({1, 1, 1}));
  EXPECT_EQ(z.unit_status[0], DiagnosisUnitStatus::zero_score);
  expect_close(z.share.row(0).transpose(), {0, 0, 0});
  EXPECT_EQ(z.score[0], 0.0);
  expect_close(z.share.row(1).transpose(), {1.0 / 6, 2.0 / 6, 3.0 / 6});
  // Skip: the missing share stays missing, the rest renormalise; score over observed weights.
  const auto s = qualis::indicator_contribution(rows({{nan, 2, 6}, {nan, nan, nan}}), vec({1, 1, 2}));
  EXPECT_TRUE(std::isnan(s.share(0, 0)));
  EXPECT_NEAR(s.share(0, 1), 2.0 / 14, 1e-15);
  EXPECT_NEAR(s.share(0, 2), 12.0 / 14, 1e-15);
  EXPECT_NEAR(s.score[0], 14.0 / 3, 1e-14);
  EXPECT_EQ(s.unit_status[1], DiagnosisUnitStatus::no_data);
  EXPECT_TRUE(std::isnan(s.score[1]));
  qualis::ContributionOptions o;
  o.missing = MissingRule::propagate;
  const auto p = qualis::indicator_contribution(rows({{nan, 2, 6}, {1, 1, 1}}), vec({1, 1, 2}), o);
  EXPECT_EQ(p.unit_status[0], DiagnosisUnitStatus::missing);
  EXPECT_TRUE(p.share.row(0).array().isNaN().all());
  EXPECT_TRUE(std::isnan(p.score[0]));
  EXPECT_EQ(p.unit_status[1], DiagnosisUnitStatus::ok);
  o.missing = MissingRule::reject;
  expect_error<InvalidInput>(
      [&] {
        qualis::indicator_contribution(rows({{nan, 2, 6}}), vec({1, 1, 2}), o);
      },
      ErrorCode::not_finite, {"indicator_contribution", "unit (row) 0, criterion (column) 0"});
}

TEST(IndicatorContribution, PermutingUnitsPermutesRows) {
  Eigen::MatrixXd x = x4();
  Eigen::MatrixXd p = x.colwise().reverse();
  const auto a = qualis::indicator_contribution(x, w4);
  const auto b = qualis::indicator_contribution(p, w4);
  expect_close_matrix(b.share, a.share.colwise().reverse(), 1e-15);
}

TEST(IndicatorContribution, BadInput) {
  expect_error<InvalidInput>([] { qualis::indicator_contribution(Eigen::MatrixXd(2, 0), Eigen::VectorXd(0)); },
                             ErrorCode::empty_input, {"indicator_contribution"});
  expect_error<InvalidInput>(
      [] {
        qualis::indicator_contribution(rows({{1, -2}}), vec({1, 1}));
      },
      ErrorCode::out_of_range, {"unit (row) 0, criterion (column) 1", "negative"});
  expect_error<InvalidInput>(
      [] {
        qualis::indicator_contribution(rows({{1, 2}}), vec({1}));
      },
      ErrorCode::size_mismatch, {"1 weights for 2 criteria"});
  expect_error<InvalidInput>(
      [] {
        qualis::indicator_contribution(rows({{1, 2}}), vec({0, 0}));
      },
      ErrorCode::inconsistent, {"every weight is zero"});
  expect_error<InvalidInput>(
      [] {
        qualis::indicator_contribution(rows({{1, 2}}), vec({inf, 1}));
      },
      ErrorCode::not_finite, {"weight of criterion (column) 0"});
  expect_error<InvalidInput>(
      [] {
        qualis::indicator_contribution(rows({{1, -inf}}), vec({1, 1}));
      },
      ErrorCode::not_finite, {"infinite"});
  qualis::ContributionOptions o;
  o.missing = static_cast<MissingRule>(-1);
  expect_error<InvalidInput>(
      [&] {
        qualis::indicator_contribution(rows({{1, 2}}), vec({1, 1}), o);
      },
      ErrorCode::invalid_argument, {"not a MissingRule"});
}

// ---------------------------------------------------------------------------------------------------------------
// gap_to_best, gap_to_group_best, gap_to_target

TEST(Gap, ToBestPeer) {
  const Eigen::MatrixXd x = rows({{0.2, 0.0, 0.9}, {0.8, 0.0, nan}, {0.5, 0.0, 0.3}});
  const auto r = qualis::gap_to_best(x);
  expect_close(r.benchmark.row(0).transpose(), {0.8, 0.0, 0.9});
  expect_close(r.absolute.col(0), {0.6, 0.0, 0.3});
  expect_close(r.relative.col(0), {0.75, 0.0, 0.375});
  // Column of zeros: gap 0, relative 0 (0 / 0 defined as no gap).
  expect_close(r.relative.col(1), {0, 0, 0});
  EXPECT_TRUE(std::isnan(r.absolute(1, 2)));
  EXPECT_TRUE(std::isnan(r.relative(1, 2)));
  EXPECT_NEAR(r.absolute(2, 2), 0.6, 1e-15);
  EXPECT_EQ(r.relative_undefined, 0);
  EXPECT_TRUE((r.absolute.array().isNaN() || r.absolute.array() >= 0.0).all());
  // All-missing column: no benchmark.
  const auto m = qualis::gap_to_best(rows({{nan, 1}, {nan, 2}}));
  EXPECT_TRUE(m.benchmark.col(0).array().isNaN().all());
  EXPECT_TRUE(m.absolute.col(0).array().isNaN().all());
  // Permuting units permutes gaps.
  const auto p = qualis::gap_to_best(x.colwise().reverse());
  EXPECT_NEAR(p.absolute(2, 0), r.absolute(0, 0), 1e-15);
}

TEST(Gap, ToGroupBest) {
  const Eigen::MatrixXd x = rows({{0.2, 1.0}, {0.8, 0.5}, {0.5, nan}, {0.4, 0.25}});
  const auto r = qualis::gap_to_group_best(x, {"north", "south", "north", "south"});
  expect_close(r.benchmark.col(0), {0.5, 0.8, 0.5, 0.8});
  expect_close(r.absolute.col(0), {0.3, 0.0, 0.0, 0.4});
  expect_close(r.relative.col(0), {0.6, 0.0, 0.0, 0.5});
  expect_close(r.benchmark.col(1), {1.0, 0.5, 1.0, 0.5});
  EXPECT_TRUE(std::isnan(r.absolute(2, 1)));
  // One group: same as the best peer.
  const auto one = qualis::gap_to_group_best(x, {"g", "g", "g", "g"});
  const auto all = qualis::gap_to_best(x);
  expect_close_matrix(one.benchmark, all.benchmark, 0.0);
}

TEST(Gap, ToTarget) {
  const auto r = qualis::gap_to_target(rows({{0.5, 0.2}, {0.9, nan}, {0.8, 0.0}}), vec({0.8, 0.0}));
  expect_close(r.absolute.col(0), {0.3, -0.1, 0.0});
  expect_close(r.relative.col(0), {0.375, -0.125, 0.0});
  // Target 0: relative gap undefined for x != 0 (counted), 0 for x = 0.
  EXPECT_TRUE(std::isnan(r.relative(0, 1)));
  EXPECT_EQ(r.relative(2, 1), 0.0);
  EXPECT_NEAR(r.absolute(0, 1), -0.2, 1e-15);
  EXPECT_TRUE(std::isnan(r.absolute(1, 1)));
  EXPECT_EQ(r.relative_undefined, 1);
  // Negative target: relative gap divides by |b|, so a shortfall is still positive.
  const auto n = qualis::gap_to_target(rows({{-2.0}}), vec({-1.0}));
  EXPECT_NEAR(n.relative(0, 0), 1.0, 1e-15);
}

TEST(Gap, BadInput) {
  expect_error<InvalidInput>([] { qualis::gap_to_best(Eigen::MatrixXd(0, 0)); }, ErrorCode::empty_input,
                             {"gap_to_best"});
  expect_error<InvalidInput>([] { qualis::gap_to_best(rows({{inf}})); }, ErrorCode::not_finite,
                             {"gap_to_best", "unit (row) 0, criterion (column) 0"});
  expect_error<InvalidInput>(
      [] {
        qualis::gap_to_group_best(rows({{1}, {2}}), {"a"});
      },
      ErrorCode::size_mismatch, {"gap_to_group_best", "1 group labels for 2 units"});
  expect_error<InvalidInput>([] { qualis::gap_to_group_best(Eigen::MatrixXd(0, 1), {}); }, ErrorCode::empty_input,
                             {"gap_to_group_best"});
  expect_error<InvalidInput>(
      [] {
        qualis::gap_to_group_best(rows({{1}, {-inf}}), {"a", "b"});
      },
      ErrorCode::not_finite, {"unit (row) 1"});
  expect_error<InvalidInput>(
      [] {
        qualis::gap_to_target(rows({{1, 2}}), vec({1}));
      },
      ErrorCode::size_mismatch, {"gap_to_target", "1 targets for 2 criteria"});
  expect_error<InvalidInput>(
      [] {
        qualis::gap_to_target(rows({{1, 2}}), vec({1, nan}));
      },
      ErrorCode::not_finite, {"target of criterion (column) 1"});
  expect_error<InvalidInput>([] { qualis::gap_to_target(Eigen::MatrixXd(0, 1), vec({1})); }, ErrorCode::empty_input,
                             {"gap_to_target"});
}

// ---------------------------------------------------------------------------------------------------------------
// coupling_coordination, coordination_grade

TEST(CouplingCoordination, HandCheckableTwoSubsystems) {
  // U = (0.5, 0.5): C = 2 * sqrt(0.25 / 1) = 1, T = 0.5, D = sqrt(0.5) = 0.7071..., grade 8 中级协调.
  // U = (0.2, 0.8): C = 2 * sqrt(0.16 / 1) = 0.8, T = 0.5, D = sqrt(0.4) = 0.6325 (grade 7 初级协调).
  // U = (0, 0.6): C = 0 (a zero factor), T = 0.3, D = 0, grade 1.
  const auto r = qualis::coupling_coordination(rows({{0.5, 0.5}, {0.2, 0.8}, {0.0, 0.6}}));
  expect_close(r.coupling, {1.0, 0.8, 0.0}, 1e-12);
  expect_close(r.development, {0.5, 0.5, 0.3});
  expect_close(r.coordination, {std::sqrt(0.5), std::sqrt(0.4), 0.0}, 1e-12);
  EXPECT_THAT(r.grade, ::testing::ElementsAre(8, 7, 1));
  EXPECT_THAT(r.status, ::testing::ElementsAre(CouplingStatus::ok, CouplingStatus::ok, CouplingStatus::ok));
}

TEST(CouplingCoordination, ThreeSubsystemsMatchNumpyBothForms) {
  // tests/reference/diagnosis.py, blocks "C", "T", "D": the normative form n [prod / sum^n]^(1/n) and the
  // variant [prod / (sum / n)^n]^(1/n) agree there to 1e-15 (Wang et al. 2021 discuss the two spellings).
  CouplingOptions o;
  o.weights = vec({5, 3, 2});  // divided by their sum: (0.5, 0.3, 0.2)
  const auto r =
      qualis::coupling_coordination(rows({{0.2, 0.5, 0.8}, {0.6, 0.6, 0.6}, {0.9, 0.1, 0.4}, {0.05, 0.3, 0.0}}), o);
  expect_close(r.coupling, {0.8617738760127536, 1.0, 0.7075558390488487, 0.0}, 1e-12);
  expect_close(r.development, {0.41000000000000003, 0.6, 0.56, 0.11499999999999999});
  expect_close(r.coordination, {0.5944133992140731, 0.7745966692414834, 0.629469038052989, 0.0}, 1e-12);
  EXPECT_THAT(r.grade, ::testing::ElementsAre(6, 8, 7, 1));
}

TEST(CouplingCoordination, Invariants) {
  // D in [0, 1]; C = 1 iff all U equal; C symmetric in the subsystems; units independent of each other.
  Eigen::MatrixXd u(60, 3);
  for (Eigen::Index i = 0; i < 60; ++i) {
    const double t = static_cast<double>(i);
    u.row(i) << std::fmod(t * 0.37, 1.0), std::fmod(t * 0.61 + 0.1, 1.0), std::fmod(t * 0.13 + 0.5, 1.0);
  }
  u.row(7) << 0.3, 0.3, 0.3;
  u.row(8) << 1.0, 1.0, 1.0;
  const auto r = qualis::coupling_coordination(u);
  for (Eigen::Index i = 0; i < 60; ++i) {
    EXPECT_GE(r.coordination[i], 0.0);
    EXPECT_LE(r.coordination[i], 1.0);
    EXPECT_LE(r.coupling[i], 1.0);
    const bool equal = u(i, 0) == u(i, 1) && u(i, 1) == u(i, 2);
    if (equal) {
      EXPECT_NEAR(r.coupling[i], 1.0, 1e-14) << i;
    } else {
      EXPECT_LT(r.coupling[i], 1.0 - 1e-6) << i;
    }
    EXPECT_EQ(r.grade[static_cast<std::size_t>(i)], qualis::coordination_grade(r.coordination[i]).number);
  }
  EXPECT_NEAR(r.coordination[8], 1.0, 1e-14);
  EXPECT_EQ(r.grade[8], 10);
  Eigen::MatrixXd swapped = u;
  swapped.col(0).swap(swapped.col(2));
  expect_close(qualis::coupling_coordination(swapped).coupling, r.coupling, 1e-13);
  const auto rev = qualis::coupling_coordination(u.colwise().reverse());
  expect_close(rev.coordination, r.coordination.reverse(), 1e-15);
  // Many subsystems with small scores: no underflow of the product (C is 1 for equal scores).
  const auto many = qualis::coupling_coordination(Eigen::MatrixXd::Constant(1, 400, 1e-3));
  EXPECT_NEAR(many.coupling[0], 1.0, 1e-12);
}

TEST(CouplingCoordination, AllZeroMissingAndWeights) {
  const auto z = qualis::coupling_coordination(rows({{0, 0, 0}}));
  EXPECT_EQ(z.status[0], CouplingStatus::all_zero);
  EXPECT_EQ(z.coupling[0], 0.0);
  EXPECT_EQ(z.coordination[0], 0.0);
  EXPECT_EQ(z.grade[0], 1);
  CouplingOptions o;
  o.missing = MissingRule::propagate;
  const auto p = qualis::coupling_coordination(rows({{0.5, nan}, {0.4, 0.4}}), o);
  EXPECT_EQ(p.status[0], CouplingStatus::missing);
  EXPECT_TRUE(std::isnan(p.coupling[0]) && std::isnan(p.development[0]) && std::isnan(p.coordination[0]));
  EXPECT_EQ(p.grade[0], 0);
  EXPECT_EQ(p.status[1], CouplingStatus::ok);
  // Weights change T (hence D) but not C.
  o.missing = MissingRule::reject;
  o.weights = vec({1, 0});
  const auto w = qualis::coupling_coordination(rows({{0.2, 0.8}}), o);
  EXPECT_NEAR(w.development[0], 0.2, 1e-15);
  EXPECT_NEAR(w.coupling[0], 0.8, 1e-12);
  EXPECT_NEAR(w.coordination[0], 0.4, 1e-12);
}

TEST(CouplingCoordination, BadInput) {
  expect_error<InvalidInput>([] { qualis::coupling_coordination(Eigen::MatrixXd(0, 2)); }, ErrorCode::empty_input,
                             {"coupling_coordination"});
  expect_error<InvalidInput>([] { qualis::coupling_coordination(rows({{0.5}})); }, ErrorCode::invalid_argument,
                             {"at least 2 subsystems"});
  expect_error<InvalidInput>(
      [] {
        qualis::coupling_coordination(rows({{0.5, 1.2}}));
      },
      ErrorCode::out_of_range, {"unit (row) 0, subsystem (column) 1", "outside [0, 1]"});
  expect_error<InvalidInput>(
      [] {
        qualis::coupling_coordination(rows({{0.5, 0.5}, {-0.1, 0.5}}));
      },
      ErrorCode::out_of_range, {"unit (row) 1, subsystem (column) 0"});
  expect_error<InvalidInput>(
      [] {
        qualis::coupling_coordination(rows({{nan, 0.5}}));
      },
      ErrorCode::not_finite, {"unit (row) 0, criterion (column) 0", "missing"});
  expect_error<InvalidInput>(
      [] {
        qualis::coupling_coordination(rows({{inf, 0.5}}));
      },
      ErrorCode::not_finite, {"infinite"});
  CouplingOptions o;
  o.missing = MissingRule::skip;
  expect_error<InvalidInput>(
      [&] {
        qualis::coupling_coordination(rows({{0.5, 0.5}}), o);
      },
      ErrorCode::invalid_argument, {"skip is not supported"});
  o.missing = MissingRule::reject;
  o.weights = vec({1, 1, 1});
  expect_error<InvalidInput>(
      [&] {
        qualis::coupling_coordination(rows({{0.5, 0.5}}), o);
      },
      ErrorCode::size_mismatch, {"3 weights for 2"});
  o.weights = vec({1, -1});
  expect_error<InvalidInput>(
      [&] {
        qualis::coupling_coordination(rows({{0.5, 0.5}}), o);
      },
      ErrorCode::out_of_range, {"negative"});
  o.weights = vec({0, 0});
  expect_error<InvalidInput>(
      [&] {
        qualis::coupling_coordination(rows({{0.5, 0.5}}), o);
      },
      ErrorCode::inconsistent, {"every weight is zero"});
  o.weights = vec({nan, 1});
  expect_error<InvalidInput>(
      [&] {
        qualis::coupling_coordination(rows({{0.5, 0.5}}), o);
      },
      ErrorCode::not_finite, {"weight of criterion (column) 0"});
}

TEST(CoordinationGrade, TenGradesAndBoundaries) {
  // Names of Tian et al. (2021), Acta Geographica Sinica 76(4), Table 1; bounds in steps of 0.1.
  const auto& g = qualis::coordination_grades();
  ASSERT_EQ(g.size(), 10U);
  EXPECT_STREQ(g[0].zh, "极度失调");
  EXPECT_STREQ(g[0].en, "extreme imbalance");
  EXPECT_STREQ(g[4].zh, "濒临失调");
  EXPECT_STREQ(g[5].zh, "勉强协调");
  EXPECT_STREQ(g[9].zh, "优质协调");
  EXPECT_STREQ(g[9].en, "high-quality coordination");
  for (std::size_t k = 0; k < 10; ++k) EXPECT_EQ(g[k].number, static_cast<int>(k) + 1);
  EXPECT_EQ(qualis::coordination_grade(0.0).number, 1);
  EXPECT_EQ(qualis::coordination_grade(0.0999999).number, 1);
  EXPECT_EQ(qualis::coordination_grade(0.1).number, 2);
  EXPECT_EQ(qualis::coordination_grade(0.3).number, 4);
  EXPECT_EQ(qualis::coordination_grade(0.5).number, 6);
  EXPECT_EQ(qualis::coordination_grade(0.7).number, 8);
  EXPECT_EQ(qualis::coordination_grade(0.8999).number, 9);
  EXPECT_EQ(qualis::coordination_grade(0.9).number, 10);
  EXPECT_EQ(qualis::coordination_grade(1.0).number, 10);
  EXPECT_STREQ(qualis::coordination_grade(std::sqrt(0.5)).zh, "中级协调");
}

TEST(CoordinationGrade, BadInput) {
  expect_error<InvalidInput>([] { qualis::coordination_grade(1.01); }, ErrorCode::out_of_range,
                             {"coordination_grade", "1.01", "outside [0, 1]"});
  expect_error<InvalidInput>([] { qualis::coordination_grade(-0.01); }, ErrorCode::out_of_range, {"-0.01"});
  expect_error<InvalidInput>([] { qualis::coordination_grade(nan); }, ErrorCode::not_finite, {"not finite"});
}

// ---------------------------------------------------------------------------------------------------------------
// strengths_weaknesses

TEST(StrengthsWeaknesses, RankBasisDefault) {
  // Columns on different scales: the rank basis compares positions among peers.
  const Eigen::MatrixXd x = rows({{10, 0.2, 300, 5}, {20, 0.9, 100, 5}, {30, 0.5, 200, 1}});
  StrengthOptions o;
  o.k = 2;
  const auto r = qualis::strengths_weaknesses(x, o);
  expect_close_matrix(r.ranks, rows({{3, 3, 1, 1}, {2, 1, 3, 1}, {1, 2, 2, 3}}), 0.0);
  ASSERT_EQ(r.units.size(), 3U);
  // Unit 0: rank 1 on indicators 2 and 3 (tie by position), rank 3 on 0 and 1.
  EXPECT_THAT(positions(r.units[0].strengths), ::testing::ElementsAre(2, 3));
  EXPECT_THAT(positions(r.units[0].weaknesses), ::testing::ElementsAre(0, 1));
  EXPECT_EQ(r.units[0].strengths[0].value, 1.0);
  EXPECT_THAT(positions(r.units[1].strengths), ::testing::ElementsAre(1, 3));
  EXPECT_THAT(positions(r.units[1].weaknesses), ::testing::ElementsAre(2, 0));
  EXPECT_THAT(positions(r.units[2].strengths), ::testing::ElementsAre(0, 1));
  EXPECT_THAT(positions(r.units[2].weaknesses), ::testing::ElementsAre(3, 1));
  // Permuting units: each unit keeps its lists.
  const auto p = qualis::strengths_weaknesses(x.colwise().reverse(), o);
  EXPECT_THAT(positions(p.units[2].strengths), ::testing::ElementsAre(2, 3));
  EXPECT_THAT(positions(p.units[0].weaknesses), ::testing::ElementsAre(3, 1));
}

TEST(StrengthsWeaknesses, ValueBasisAndMissing) {
  const Eigen::MatrixXd x = rows({{0.9, 0.1, 0.5, nan}, {0.95, 0.92, 0.97, 0.99}});
  StrengthOptions o;
  o.k = 2;
  o.basis = StandingBasis::value;
  const auto r = qualis::strengths_weaknesses(x, o);
  EXPECT_THAT(positions(r.units[0].strengths), ::testing::ElementsAre(0, 2));
  EXPECT_THAT(positions(r.units[0].weaknesses), ::testing::ElementsAre(1, 2));
  EXPECT_EQ(r.units[0].weaknesses[0].value, 0.1);
  // Same unit, rank basis: last among 2 units on indicators 0..2, and 3 is missing (not listed).
  o.basis = StandingBasis::rank;
  o.k = 5;
  const auto k = qualis::strengths_weaknesses(x, o);
  EXPECT_THAT(positions(k.units[0].strengths), ::testing::ElementsAre(0, 1, 2));
  EXPECT_TRUE(std::isnan(k.ranks(0, 3)));
  EXPECT_EQ(k.ranks(1, 3), 1.0);
  // A unit with no observed value gets empty lists.
  const auto e = qualis::strengths_weaknesses(rows({{nan, nan}, {1, 2}}), o);
  EXPECT_TRUE(e.units[0].strengths.empty() && e.units[0].weaknesses.empty());
  // Value basis works with one unit.
  o.basis = StandingBasis::value;
  const auto one = qualis::strengths_weaknesses(rows({{0.3, 0.7}}), o);
  EXPECT_THAT(positions(one.units[0].strengths), ::testing::ElementsAre(1, 0));
}

TEST(StrengthsWeaknesses, BadInput) {
  StrengthOptions o;
  o.k = 0;
  expect_error<InvalidInput>(
      [&] {
        qualis::strengths_weaknesses(rows({{1}, {2}}), o);
      },
      ErrorCode::invalid_argument, {"strengths_weaknesses", "k must be at least 1"});
  o.k = 1;
  expect_error<InvalidInput>(
      [&] {
        qualis::strengths_weaknesses(rows({{1, 2}}), o);
      },
      ErrorCode::invalid_argument, {"at least 2 units"});
  expect_error<InvalidInput>([&] { qualis::strengths_weaknesses(Eigen::MatrixXd(0, 2), o); }, ErrorCode::empty_input,
                             {"strengths_weaknesses"});
  expect_error<InvalidInput>(
      [&] {
        qualis::strengths_weaknesses(rows({{1}, {inf}}), o);
      },
      ErrorCode::not_finite, {"unit (row) 1, criterion (column) 0"});
  o.basis = static_cast<StandingBasis>(7);
  expect_error<InvalidInput>(
      [&] {
        qualis::strengths_weaknesses(rows({{1}, {2}}), o);
      },
      ErrorCode::invalid_argument, {"7 is not a StandingBasis"});
}

TEST(Diagnosis, DocumentationExample) {
  // The example of docs/reference/diagnosis.md.
  Eigen::MatrixXd x(3, 4);
  x << 0.5, 0.75, 0.9, 0.0, 1.0, 1.0, 1.0, 1.0, 0.2, 0.5, 0.0, 0.75;
  Eigen::VectorXd w(4);
  w << 0.4, 0.2, 0.3, 0.1;
  const qualis::ObstacleResult ob = qualis::obstacle_degree(x, w);
  // Weighted deviations of unit 0: 0.2, 0.05, 0.03, 0.1 (sum 0.38).
  expect_close(ob.degree.row(0).transpose(), {0.2 / 0.38, 0.05 / 0.38, 0.03 / 0.38, 0.1 / 0.38}, 1e-12);
  EXPECT_NEAR(ob.degree(0, 0), 0.526, 5e-4);
  EXPECT_NEAR(ob.degree(0, 3), 0.263, 5e-4);
  expect_close(ob.degree.row(1).transpose(), {0, 0, 0, 0});
  EXPECT_EQ(ob.unit_status[1], DiagnosisUnitStatus::no_deviation);
  const auto dims =
      qualis::dimension_obstacle_degree(ob, std::vector<std::string>{"innovation", "innovation", "green", "green"});
  expect_close(dims.degree.row(0).transpose(), {0.25 / 0.38, 0.13 / 0.38}, 1e-12);
  EXPECT_NEAR(dims.degree(0, 0), 0.658, 5e-4);
  const auto top = qualis::top_obstacles(ob, 2);
  EXPECT_THAT(positions(top[0]), ::testing::ElementsAre(0, 3));
  EXPECT_TRUE(top[1].empty());
  Eigen::MatrixXd u(2, 2);
  u << 0.5, 0.5, 0.2, 0.8;
  const qualis::CouplingResult cc = qualis::coupling_coordination(u);
  expect_close(cc.coupling, {1.0, 0.8}, 1e-12);
  expect_close(cc.development, {0.5, 0.5});
  EXPECT_NEAR(cc.coordination[0], 0.7071, 5e-5);
  EXPECT_NEAR(cc.coordination[1], 0.6325, 5e-5);
  EXPECT_THAT(cc.grade, ::testing::ElementsAre(8, 7));
  EXPECT_STREQ(qualis::coordination_grade(cc.coordination[0]).zh, "中级协调");
  EXPECT_STREQ(qualis::coordination_grade(cc.coordination[1]).en, "primary coordination");
}

TEST(DiagnosisNames, StableStatusNames) {
  EXPECT_STREQ(qualis::to_string(DiagnosisUnitStatus::no_deviation), "no_deviation");
  EXPECT_STREQ(qualis::to_string(DiagnosisUnitStatus::zero_score), "zero_score");
  EXPECT_STREQ(qualis::to_string(DiagnosisUnitStatus::missing), "missing");
  EXPECT_STREQ(qualis::to_string(static_cast<DiagnosisUnitStatus>(42)), "unknown");
  EXPECT_STREQ(qualis::to_string(CouplingStatus::all_zero), "all_zero");
  EXPECT_STREQ(qualis::to_string(static_cast<CouplingStatus>(42)), "unknown");
}

}  // namespace
