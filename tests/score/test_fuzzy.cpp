// Tests for fuzzy comprehensive evaluation in qualis/score/mcda.hpp: linear membership, the four composition
// operators, published single- and two-level examples, the value-based evaluation, invariants and bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "qualis/score/mcda.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::Direction;
using qualis::ErrorCode;
using qualis::FuzzyOperator;
using qualis::FuzzyOptions;
using qualis::InvalidInput;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::vec;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
const Direction up = Direction::higher_is_better;
const Direction down = Direction::lower_is_better;

Eigen::VectorXd row(const Eigen::MatrixXd& m, Eigen::Index i) { return m.row(i).transpose(); }

// Si Shoukui & Sun Xijing (2011), 数学建模算法与应用, ch. 14, year-end appraisal of an employee (一级模糊综合评判):
// factors political record, ability, attitude, achievement; grades 优秀 良好 一般 较差 差.
const Eigen::VectorXd appraisal_w = vec({0.25, 0.2, 0.25, 0.3});
Eigen::MatrixXd appraisal_r() {
  return Eigen::MatrixXd{{0.1, 0.5, 0.4, 0, 0}, {0.2, 0.5, 0.2, 0.1, 0}, {0.2, 0.5, 0.3, 0, 0}, {0.2, 0.6, 0.2, 0, 0}};
}

FuzzyOptions with_operator(FuzzyOperator op) {
  FuzzyOptions opt;
  opt.composition = op;
  return opt;
}

TEST(LinearMembership, HandValuesForBenefitAndCostBreakpoints) {
  const Eigen::VectorXd benefit = vec({95, 85, 75, 65, 50});
  expect_close(qualis::linear_membership(88, benefit), vec({0.3, 0.7, 0, 0, 0}), 1e-12);
  expect_close(qualis::linear_membership(97, benefit), vec({1, 0, 0, 0, 0}));  // beyond the best: half-trapezoid
  expect_close(qualis::linear_membership(95, benefit), vec({1, 0, 0, 0, 0}));
  expect_close(qualis::linear_membership(75, benefit), vec({0, 0, 1, 0, 0}));  // at a breakpoint: one grade
  expect_close(qualis::linear_membership(57.5, benefit), vec({0, 0, 0, 0.5, 0.5}));
  expect_close(qualis::linear_membership(10, benefit), vec({0, 0, 0, 0, 1}));
  const Eigen::VectorXd cost = vec({1, 2, 4, 6, 10});
  expect_close(qualis::linear_membership(3, cost), vec({0, 0.5, 0.5, 0, 0}));
  expect_close(qualis::linear_membership(7, cost), vec({0, 0, 0, 0.75, 0.25}));
  expect_close(qualis::linear_membership(0.5, cost), vec({1, 0, 0, 0, 0}));
  expect_close(qualis::linear_membership(10, cost), vec({0, 0, 0, 0, 1}));
  expect_close(qualis::linear_membership(-3, vec({0, -10})), vec({0.7, 0.3}));  // two grades, negative values
}

TEST(LinearMembership, PartitionOfUnityWithAtMostTwoNeighbouringGrades) {
  const Eigen::VectorXd b = vec({0.9, 0.8, 0.7, 0.6, 0.5});
  for (double x = 0.3; x <= 1.1; x += 0.0137) {
    const Eigen::VectorXd mu = qualis::linear_membership(x, b);
    EXPECT_NEAR(mu.sum(), 1.0, 1e-12) << x;
    EXPECT_TRUE((mu.array() >= 0.0).all() && (mu.array() <= 1.0).all()) << x;
    Eigen::Index first = -1;
    Eigen::Index last = -1;
    for (Eigen::Index k = 0; k < mu.size(); ++k) {
      if (mu[k] > 0.0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    EXPECT_LE(last - first, 1) << x;
  }
}

TEST(FuzzyCompose, SiSunAppraisalWithEveryOperator) {
  // Weighted average M(product, bounded sum): B = (0.175, 0.53, 0.275, 0.02, 0), as published; verdict 良好.
  expect_close(qualis::fuzzy_compose(appraisal_w, appraisal_r(), FuzzyOperator::weighted_average),
               vec({0.175, 0.53, 0.275, 0.02, 0}), 1e-12);
  // The other three operators: tests/reference/mcda.py.
  expect_close(qualis::fuzzy_compose(appraisal_w, appraisal_r(), FuzzyOperator::max_min),
               vec({0.2, 0.3, 0.25, 0.1, 0}));
  expect_close(qualis::fuzzy_compose(appraisal_w, appraisal_r(), FuzzyOperator::max_product),
               vec({0.06, 0.18, 0.1, 0.02, 0}));
  expect_close(qualis::fuzzy_compose(appraisal_w, appraisal_r(), FuzzyOperator::bounded_min_sum),
               vec({0.7, 1.0, 0.9, 0.1, 0}));  // the second grade is capped at 1 (sum of mins 1.15)
  // Weights are normalised first.
  expect_close(qualis::fuzzy_compose(appraisal_w * 4.0, appraisal_r(), FuzzyOperator::max_min),
               vec({0.2, 0.3, 0.25, 0.1, 0}));
}

TEST(FuzzyEvaluation, SiSunAppraisalFromMemberships) {
  const std::vector<Eigen::MatrixXd> units = {appraisal_r()};
  const auto r = qualis::fuzzy_evaluation(units, appraisal_w);
  expect_close(row(r.membership, 0), vec({0.175, 0.53, 0.275, 0.02, 0}), 1e-12);
  EXPECT_EQ(r.grade[0], 1);  // 良好
  EXPECT_NEAR(r.margin[0], 0.53 - 0.275, 1e-12);
  EXPECT_NEAR(r.scores[0], 83.6, 1e-9);  // 0.175*95 + 0.53*85 + 0.275*75 + 0.02*65
  EXPECT_TRUE(r.unit_memberships.empty());
  EXPECT_TRUE(r.tied_units.empty());
  // Normalised B and scores for the other operators (tests/reference/mcda.py).
  struct Case {
    FuzzyOperator op;
    Eigen::VectorXd b;
    double score;
  };
  const std::vector<Case> cases = {
      {FuzzyOperator::max_min,
       vec({0.23529411764705885, 0.35294117647058826, 0.29411764705882354, 0.11764705882352942, 0}), 82.05882352941177},
      {FuzzyOperator::max_product, vec({1.0 / 6, 0.5, 0.2777777777777778, 0.05555555555555557, 0}), 82.77777777777777},
      {FuzzyOperator::bounded_min_sum,
       vec({0.25925925925925924, 0.3703703703703704, 0.3333333333333333, 0.03703703703703704, 0}), 83.51851851851852},
  };
  for (const Case& c : cases) {
    const auto got = qualis::fuzzy_evaluation(units, appraisal_w, with_operator(c.op));
    expect_close(row(got.membership, 0), c.b);
    EXPECT_NEAR(got.scores[0], c.score, 1e-9 * c.score);
    EXPECT_EQ(got.grade[0], 1);
  }
}

TEST(FuzzyEvaluation, SiSunTwoLevelAppraisal) {
  // Si & Sun (2011), ch. 14, multi-level evaluation (多层次模糊综合评判, data mhdata.txt): 18 sub-factors in 4
  // groups; weighted-average composition within each group, then across groups. Published B =
  // (0.288, 0.354, 0.2355, 0.0865, 0.036).
  const Eigen::MatrixXd r{{0.8, 0.15, 0.05, 0, 0},     {0.2, 0.6, 0.1, 0.1, 0},   {0.5, 0.4, 0.1, 0, 0},
                          {0.1, 0.3, 0.5, 0.05, 0.05}, {0.3, 0.5, 0.15, 0.05, 0}, {0.2, 0.2, 0.4, 0.1, 0.1},
                          {0.4, 0.4, 0.1, 0.1, 0},     {0.1, 0.3, 0.3, 0.2, 0.1}, {0.3, 0.2, 0.2, 0.2, 0.1},
                          {0.1, 0.3, 0.5, 0.1, 0},     {0.2, 0.3, 0.3, 0.1, 0.1}, {0.2, 0.3, 0.35, 0.15, 0},
                          {0.1, 0.3, 0.4, 0.1, 0.1},   {0.1, 0.4, 0.3, 0.1, 0.1}, {0.3, 0.4, 0.2, 0.1, 0},
                          {0.1, 0.4, 0.3, 0.1, 0.1},   {0.2, 0.3, 0.4, 0.1, 0},   {0.4, 0.3, 0.2, 0.1, 0}};
  const std::vector<Eigen::VectorXd> group_w = {vec({0.2, 0.3, 0.3, 0.2}), vec({0.3, 0.2, 0.1, 0.2, 0.2}),
                                                vec({0.1, 0.2, 0.3, 0.2, 0.2}), vec({0.3, 0.2, 0.2, 0.3})};
  Eigen::MatrixXd level1(4, 5);
  Eigen::Index start = 0;
  for (Eigen::Index g = 0; g < 4; ++g) {
    const Eigen::VectorXd& w = group_w[static_cast<std::size_t>(g)];
    level1.row(g) = qualis::fuzzy_compose(w, r.middleRows(start, w.size()), FuzzyOperator::weighted_average);
    start += w.size();
  }
  const auto top = qualis::fuzzy_evaluation({level1}, vec({0.4, 0.3, 0.2, 0.1}));
  expect_close(row(top.composite, 0), vec({0.288, 0.354, 0.2355, 0.0865, 0.036}), 1e-12);
  EXPECT_EQ(top.grade[0], 1);  // 良好, as the example concludes
}

// Three units x three criteria (a 0-100 score, a cost count, a benefit rate), five grades.
Eigen::MatrixXd fce_values() { return Eigen::MatrixXd{{88, 3.0, 0.86}, {97, 0.5, 0.40}, {70, 7.0, 0.75}}; }
Eigen::MatrixXd fce_thresholds() {
  return Eigen::MatrixXd{{95, 85, 75, 65, 50}, {1, 2, 4, 6, 10}, {0.9, 0.8, 0.7, 0.6, 0.5}};
}
const std::vector<Direction> fce_dirs = {up, down, up};
const Eigen::VectorXd fce_w = vec({0.5, 0.3, 0.2});

TEST(FuzzyEvaluation, ValueBasedMatchesIndependentComputation) {
  // tests/reference/mcda.py computes the memberships by np.interp of the grade indicator vectors.
  FuzzyOptions opt;
  opt.thresholds = fce_thresholds();
  const auto r = qualis::fuzzy_evaluation(fce_values(), fce_w, fce_dirs, opt);
  expect_close(row(r.membership, 0), vec({0.27, 0.58, 0.15, 0, 0}));
  expect_close(row(r.membership, 1), vec({0.8, 0, 0, 0, 0.2}));
  expect_close(row(r.membership, 2), vec({0, 0.1, 0.35, 0.475, 0.075}));
  expect_close(r.scores, vec({86.2, 86.0, 69.375}));
  EXPECT_THAT(std::vector<int>(r.ranks.data(), r.ranks.data() + 3), ElementsAre(1, 2, 3));
  EXPECT_THAT(std::vector<int>(r.grade.data(), r.grade.data() + 3), ElementsAre(1, 0, 3));
  ASSERT_EQ(r.unit_memberships.size(), 3U);
  expect_close(row(r.unit_memberships[0], 2), vec({0.6, 0.4, 0, 0, 0}));
  expect_close(row(r.unit_memberships[2], 1), vec({0, 0, 0, 0.75, 0.25}));
  EXPECT_TRUE(r.composite.isApprox(r.membership, 1e-14));  // weighted average of unit rows already sums to 1

  opt.composition = FuzzyOperator::max_min;
  const auto z = qualis::fuzzy_evaluation(fce_values(), fce_w, fce_dirs, opt);
  expect_close(row(z.membership, 0), vec({0.27272727272727276, 0.45454545454545453, 0.2727272727272727, 0, 0}));
  expect_close(row(z.membership, 1), vec({0.7142857142857143, 0, 0, 0, 0.28571428571428575}));
  expect_close(row(z.membership, 2),
               vec({0, 0.13793103448275862, 0.3448275862068966, 0.3448275862068966, 0.1724137931034483}));
  expect_close(z.scores, vec({85.0, 82.14285714285715, 68.62068965517241}));
  // Unit 2 has a tie between grades 2 and 3: the better grade is reported, the margin is 0.
  EXPECT_EQ(z.grade[2], 2);
  EXPECT_EQ(z.margin[2], 0.0);
  EXPECT_THAT(z.tied_units, ElementsAre(2));
}

TEST(FuzzyEvaluation, ScoreRisesWithABenefitValueAndFallsWithACostValue) {
  FuzzyOptions opt;
  opt.thresholds = fce_thresholds();
  double previous = -inf;
  for (double v = 40; v <= 100; v += 2.5) {
    const Eigen::MatrixXd x{{v, 3.0, 0.86}};
    const double s = qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt).scores[0];
    EXPECT_GE(s, previous) << v;
    previous = s;
  }
  previous = inf;
  for (double v = 0; v <= 12; v += 0.5) {
    const Eigen::MatrixXd x{{88, v, 0.86}};
    const double s = qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt).scores[0];
    EXPECT_LE(s, previous) << v;
    previous = s;
  }
}

TEST(FuzzyEvaluation, PermutingUnitsPermutesResultsAndWeightsAreNormalised) {
  FuzzyOptions opt;
  opt.thresholds = fce_thresholds();
  const auto base = qualis::fuzzy_evaluation(fce_values(), fce_w, fce_dirs, opt);
  Eigen::MatrixXd px(3, 3);
  px << fce_values().row(2), fce_values().row(0), fce_values().row(1);
  const auto permuted = qualis::fuzzy_evaluation(px, fce_w * 7.0, fce_dirs, opt);
  EXPECT_NEAR(permuted.scores[0], base.scores[2], 1e-12);
  EXPECT_NEAR(permuted.scores[1], base.scores[0], 1e-12);
  EXPECT_NEAR(permuted.scores[2], base.scores[1], 1e-12);
  EXPECT_EQ(permuted.ranks[0], base.ranks[2]);
}

TEST(FuzzyEvaluation, UnnormalisedRowsWhenAllowed) {
  // Row sums other than 1 (e.g. raw vote shares): the check is optional, the result is normalised anyway.
  const std::vector<Eigen::MatrixXd> units = {Eigen::MatrixXd{{0.5, 0.5, 0.0}, {0.2, 0.2, 0.2}}};
  FuzzyOptions opt;
  opt.grade_scores = vec({3, 2, 1});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation(units, vec({1, 1}), opt);
      },
      ErrorCode::inconsistent, {"unit (row) 0, criterion (column) 1", "sums to 0.6, not 1"});
  opt.require_unit_rows = false;
  const auto r = qualis::fuzzy_evaluation(units, vec({1, 1}), opt);
  expect_close(row(r.composite, 0), vec({0.35, 0.35, 0.1}));
  expect_close(row(r.membership, 0), vec({0.4375, 0.4375, 0.125}));
  EXPECT_EQ(r.grade[0], 0);
  EXPECT_THAT(r.tied_units, ElementsAre(0));
  opt.require_unit_rows = true;
  opt.row_sum_tolerance = 0.5;
  EXPECT_NO_THROW(qualis::fuzzy_evaluation(units, vec({1, 1}), opt));
}

TEST(FuzzyEvaluation, RejectsBadValueBasedInput) {
  const Eigen::MatrixXd x = fce_values();
  FuzzyOptions opt;
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::empty_input,
                             {"qualis: fuzzy_evaluation:", "options.thresholds is empty"});
  opt.thresholds = fce_thresholds().topRows(2);
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::size_mismatch,
                             {"options.thresholds is 2 x 5, expected 3 x 5"});
  opt.thresholds = fce_thresholds().leftCols(4);
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::size_mismatch,
                             {"expected 3 x 5 (criteria x grades)"});
  opt.thresholds = fce_thresholds();
  opt.thresholds(1, 3) = 4.0;  // 1, 2, 4, 4, 10: not strictly increasing
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::inconsistent,
                             {"criterion (column) 1", "strictly monotone", "grade 2 = 4, grade 3 = 4"});
  opt.thresholds = fce_thresholds();
  opt.thresholds(2, 4) = 0.65;  // 0.9, 0.8, 0.7, 0.6, 0.65
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::inconsistent,
                             {"criterion (column) 2", "strictly monotone"});
  opt.thresholds = fce_thresholds();
  opt.thresholds(0, 2) = nan;
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::not_finite,
                             {"criterion (column) 0", "grade 2 is not finite"});
  opt.thresholds = fce_thresholds();
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation(x, fce_w, {up, up, up}, opt);
      },
      ErrorCode::inconsistent, {"criterion (column) 1", "increase", "higher_is_better", "must decrease"});
  opt.grade_scores = vec({95, 85, 85, 65, 50});
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::inconsistent,
                             {"options.grade_scores must strictly decrease", "grade 1 = 85, grade 2 = 85"});
  opt.grade_scores = vec({50, 65, 75, 85, 95});  // worst first is not accepted
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::inconsistent,
                             {"options.grade_scores"});
  opt.grade_scores = vec({95, inf, 75, 65, 50});
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::not_finite,
                             {"score of grade 1"});
  opt.grade_scores = vec({95});
  opt.thresholds = fce_thresholds().leftCols(1);
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::out_of_range,
                             {"at least 2"});
  opt = {};
  opt.thresholds = fce_thresholds();
  opt.composition = static_cast<FuzzyOperator>(6);
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::invalid_argument,
                             {"options.composition (6)"});
  opt.composition = FuzzyOperator::weighted_average;
  opt.missing = qualis::MissingRule::skip;
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(x, fce_w, fce_dirs, opt); }, ErrorCode::invalid_argument,
                             {"\"skip\"", "only \"reject\""});
  opt.missing = qualis::MissingRule::reject;
  Eigen::MatrixXd bad = x;
  bad(1, 2) = nan;
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation(bad, fce_w, fce_dirs, opt); }, ErrorCode::not_finite,
                             {"unit (row) 1, criterion (column) 2", "NaN"});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation(x, fce_w, {up, Direction::target_is_best, up}, opt);
      },
      ErrorCode::invalid_argument, {"criterion (column) 1", "target_is_best"});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation(x, vec({1, 1}), fce_dirs, opt);
      },
      ErrorCode::size_mismatch, {"2 weights for 3 criteria"});
}

TEST(FuzzyEvaluation, RejectsBadMembershipMatrices) {
  FuzzyOptions opt;
  opt.grade_scores = vec({3, 2, 1});
  const Eigen::MatrixXd good{{0.5, 0.5, 0.0}, {0.2, 0.3, 0.5}};
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation(std::vector<Eigen::MatrixXd>{}, vec({1, 1}), opt);
      },
      ErrorCode::empty_input, {"no membership matrices"});
  expect_error<InvalidInput>([&] { qualis::fuzzy_evaluation({good}, Eigen::VectorXd(0), opt); }, ErrorCode::empty_input,
                             {"no weights"});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good, good.leftCols(2)}, vec({1, 1}), opt);
      },
      ErrorCode::size_mismatch, {"unit (row) 1: membership matrix is 2 x 2, expected 2 x 3"});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good}, vec({1, 1, 1}), opt);
      },
      ErrorCode::size_mismatch, {"expected 3 x 3"});
  Eigen::MatrixXd bad = good;
  bad(1, 2) = nan;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good, bad}, vec({1, 1}), opt);
      },
      ErrorCode::not_finite, {"unit (row) 1, criterion (column) 1, grade 2", "NaN"});
  bad(1, 2) = inf;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({bad}, vec({1, 1}), opt);
      },
      ErrorCode::not_finite, {"infinite"});
  bad = good;
  bad(0, 0) = 1.2;
  bad(0, 1) = -0.2;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({bad}, vec({1, 1}), opt);
      },
      ErrorCode::out_of_range, {"unit (row) 0, criterion (column) 0, grade 0", "outside [0, 1]"});
  bad = good;
  bad.row(1).setZero();
  opt.require_unit_rows = false;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({bad}, vec({1, 1}), opt);
      },
      ErrorCode::inconsistent, {"unit (row) 0, criterion (column) 1", "all zero"});
  opt.require_unit_rows = true;
  opt.row_sum_tolerance = -1.0;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good}, vec({1, 1}), opt);
      },
      ErrorCode::out_of_range, {"options.row_sum_tolerance"});
  opt.row_sum_tolerance = nan;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good}, vec({1, 1}), opt);
      },
      ErrorCode::not_finite, {"options.row_sum_tolerance"});
  opt.row_sum_tolerance = 1e-6;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good}, vec({0, 0}), opt);
      },
      ErrorCode::inconsistent, {"every weight is zero"});
  opt.grade_scores = vec({1, 2, 3});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_evaluation({good}, vec({1, 1}), opt);
      },
      ErrorCode::inconsistent, {"options.grade_scores"});
}

TEST(FuzzyHelpers, RejectBadInput) {
  expect_error<InvalidInput>(
      [] {
        qualis::linear_membership(nan, vec({2, 1}));
      },
      ErrorCode::not_finite, {"qualis: linear_membership:", "value nan is not finite"});
  expect_error<InvalidInput>([] { qualis::linear_membership(1, vec({2})); }, ErrorCode::out_of_range,
                             {"at least 2 grades"});
  expect_error<InvalidInput>(
      [] {
        qualis::linear_membership(1, vec({2, 3, 3}));
      },
      ErrorCode::inconsistent, {"strictly monotone", "grade 1 = 3, grade 2 = 3"});
  expect_error<InvalidInput>([] { qualis::linear_membership(1, vec({2, 3, 1})); }, ErrorCode::inconsistent);
  expect_error<InvalidInput>(
      [] {
        qualis::linear_membership(1, vec({2, -inf}));
      },
      ErrorCode::not_finite, {"grade 1 is not finite"});
  const Eigen::MatrixXd r{{0.5, 0.5}, {1.0, 0.0}};
  expect_error<InvalidInput>([&] { qualis::fuzzy_compose(vec({1}), r, FuzzyOperator::max_min); },
                             ErrorCode::size_mismatch, {"qualis: fuzzy_compose:", "1 weights for 2 criteria"});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_compose(vec({1, 1}), Eigen::MatrixXd(2, 0), FuzzyOperator::max_min);
      },
      ErrorCode::empty_input);
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_compose(vec({1, 1}), r * 2.0, FuzzyOperator::max_min);
      },
      ErrorCode::out_of_range, {"criterion (column) 1, grade 0", "outside [0, 1]"});
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_compose(vec({1, 1}), r, static_cast<FuzzyOperator>(-1));
      },
      ErrorCode::invalid_argument, {"(-1) is not a FuzzyOperator"});
  Eigen::MatrixXd with_nan = r;
  with_nan(0, 1) = nan;
  expect_error<InvalidInput>(
      [&] {
        qualis::fuzzy_compose(vec({1, 1}), with_nan, FuzzyOperator::max_min);
      },
      ErrorCode::not_finite, {"criterion (column) 0, grade 1"});
}

}  // namespace
