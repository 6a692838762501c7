// Tests for grey relational analysis in qualis/score/mcda.hpp: a published example, every normalisation,
// reference sequences, invariants, degenerate cases and bad input.
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
using qualis::GraNormalization;
using qualis::GraOptions;
using qualis::InvalidInput;
using qualis::McdaStatus;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::ranks_of;
using qualis_test::vec;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
const Direction up = Direction::higher_is_better;
const Direction down = Direction::lower_is_better;

GraOptions with_normalization(GraNormalization n) {
  GraOptions opt;
  opt.normalization = n;
  return opt;
}

// Si Shoukui & Sun Xijing (2011), 数学建模算法与应用 (National Defense Industry Press), ch. 14, supplier
// selection: 6 suppliers x 9 indicators (quality, price*, location*, after-sales*, technology, economic benefit,
// supply capacity, market influence, delivery; * = cost). The book lists indicators in rows; here suppliers are.
Eigen::MatrixXd suppliers() {
  const Eigen::MatrixXd by_indicator{
      {0.83, 0.90, 0.99, 0.92, 0.87, 0.95}, {326, 295, 340, 287, 310, 303},       {21, 38, 25, 19, 27, 10},
      {3.2, 2.4, 2.2, 2.0, 0.9, 1.7},       {0.20, 0.25, 0.12, 0.33, 0.20, 0.09}, {0.15, 0.20, 0.14, 0.09, 0.15, 0.17},
      {250, 180, 300, 200, 150, 175},       {0.23, 0.15, 0.27, 0.30, 0.18, 0.26}, {0.87, 0.95, 0.99, 0.89, 0.82, 0.94}};
  return by_indicator.transpose();
}
const std::vector<Direction> supplier_dirs = {up, down, down, down, up, up, up, up, up};

Eigen::MatrixXd m5() { return Eigen::MatrixXd{{7, 9, 9, 8}, {8, 7, 8, 7}, {9, 6, 8, 9}, {6, 7, 8, 6}, {7.5, 8, 6, 5}}; }
const std::vector<Direction> m5_dirs = {up, up, down, up};
const Eigen::VectorXd m5_w = vec({0.3, 0.2, 0.4, 0.1});

TEST(Gra, SiSunSupplierSelectionExample) {
  // Min-max normalisation, ideal reference, rho = 0.5, equal weights (the classic unweighted grade).
  const auto r = qualis::grey_relational_analysis(suppliers(), Eigen::VectorXd::Ones(9), supplier_dirs);
  // Relational grades to four decimals as the worked example gives them; full precision from
  // tests/reference/mcda.py. pyDecision's gra_method agrees to 1e-15 once its grade, which it divides by the
  // number of units instead of the number of criteria, is rescaled.
  expect_close(r.scores, vec({0.4630, 0.5560, 0.6491, 0.6527, 0.4936, 0.6130}), 5e-5);
  expect_close(r.scores, vec({0.4629924298666394, 0.5559942769728997, 0.6490736285124805, 0.6527227019980644,
                              0.49356200151899077, 0.6130150408567572}));
  expect_close(r.coefficients.col(0), vec({1.0 / 3, 8.0 / 17, 1.0, 8.0 / 15, 0.4, 2.0 / 3}));
  EXPECT_THAT(ranks_of(r.ranks), ElementsAre(6, 4, 2, 1, 5, 3));  // supplier 4 is chosen
  EXPECT_DOUBLE_EQ(r.delta_min, 0.0);
  EXPECT_DOUBLE_EQ(r.delta_max, 1.0);
  EXPECT_TRUE(r.reference.isOnes());
  EXPECT_DOUBLE_EQ(r.normalized(0, 1), 14.0 / 53);  // price (cost): (340 - 326) / (340 - 287)
  expect_close(r.scores, r.coefficients.rowwise().mean(), 1e-14);
  EXPECT_EQ(r.status, McdaStatus::ok);
}

TEST(Gra, WeightsRhoNormalisationsAndReferencesMatchIndependentComputation) {
  // tests/reference/mcda.py
  expect_close(
      qualis::grey_relational_analysis(m5(), m5_w, m5_dirs).scores,
      vec({0.5285714285714286, 0.4871428571428571, 0.638095238095238, 0.39714285714285713, 0.7033333333333334}));
  GraOptions opt;
  opt.rho = 0.3;
  expect_close(
      qualis::grey_relational_analysis(m5(), m5_w, m5_dirs, opt).scores,
      vec({0.4399565951290089, 0.36581215970961883, 0.5702917771883289, 0.2840090943539219, 0.6303137651821863}));
  expect_close(
      qualis::grey_relational_analysis(m5(), m5_w, m5_dirs, with_normalization(GraNormalization::initial_value)).scores,
      vec({0.5613876319758673, 0.5379444085326439, 0.6571428571428571, 0.44873949579831934, 0.7544615384615385}));
  expect_close(
      qualis::grey_relational_analysis(m5(), m5_w, m5_dirs, with_normalization(GraNormalization::mean_value)).scores,
      vec({0.5923308837384587, 0.5681340431340431, 0.6934923750566209, 0.47858858858858866, 0.745583738082389}));
  opt = {};
  opt.reference = vec({10, 10, 5, 10});  // beyond every unit: min-max over units and reference together
  const auto custom = qualis::grey_relational_analysis(m5(), m5_w, m5_dirs, opt);
  expect_close(custom.scores, vec({0.619111111111111, 0.6096363636363635, 0.6973333333333332, 0.5298461538461539,
                                   0.7466666666666666}));
  EXPECT_TRUE(custom.reference.isOnes());
  opt.normalization = GraNormalization::initial_value;
  expect_close(qualis::grey_relational_analysis(m5(), m5_w, m5_dirs, opt).scores,
               vec({0.6642857142857143, 0.6642857142857143, 0.725, 0.5928571428571429, 0.7863247863247864}));
}

TEST(Gra, NormalisationOutputsFollowTheirDefinitions) {
  const Eigen::MatrixXd x = m5();
  const auto none = qualis::grey_relational_analysis(x, m5_w, m5_dirs, with_normalization(GraNormalization::none));
  EXPECT_EQ(none.normalized, x);
  expect_close(none.reference, vec({9, 9, 6, 9}));  // the ideal: max, max, min (cost), max
  expect_close(none.deviations.row(4), vec({1.5, 1, 0, 4}));
  EXPECT_DOUBLE_EQ(none.delta_max, 4.0);
  const auto init =
      qualis::grey_relational_analysis(x, m5_w, m5_dirs, with_normalization(GraNormalization::initial_value));
  EXPECT_TRUE(init.reference.isOnes());
  EXPECT_DOUBLE_EQ(init.normalized(0, 2), 9.0 / 6.0);
  const auto mean =
      qualis::grey_relational_analysis(x, m5_w, m5_dirs, with_normalization(GraNormalization::mean_value));
  expect_close(mean.normalized.colwise().mean().transpose(), vec({1, 1, 1, 1}), 1e-14);
  EXPECT_DOUBLE_EQ(mean.reference[2], 6.0 / 7.8);
  // xi = (Delta_min + rho Delta_max) / (Delta + rho Delta_max), Delta_min and Delta_max global.
  const double dmin = none.delta_min;
  const double dmax = none.delta_max;
  EXPECT_DOUBLE_EQ(dmin, 0.0);
  EXPECT_DOUBLE_EQ(none.coefficients(3, 3), (dmin + 0.5 * dmax) / (3.0 + 0.5 * dmax));
}

TEST(Gra, InvariantToScalingDirectionReversalAndUnitOrder) {
  const Eigen::MatrixXd x = m5();
  for (const auto norm : {GraNormalization::min_max, GraNormalization::initial_value, GraNormalization::mean_value}) {
    SCOPED_TRACE(qualis::to_string(norm));
    const GraOptions opt = with_normalization(norm);
    const auto base = qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt);
    Eigen::MatrixXd scaled = x;
    scaled.col(0) *= 250.0;
    scaled.col(2) *= 0.01;
    expect_close(qualis::grey_relational_analysis(scaled, m5_w, m5_dirs, opt).scores, base.scores, 1e-12);
    // -x as cost is x as benefit, under every normalisation (the ideal flips with it).
    Eigen::MatrixXd flipped = x;
    flipped.col(1) = -flipped.col(1);
    flipped.col(2) = -flipped.col(2);
    expect_close(qualis::grey_relational_analysis(flipped, m5_w, {up, down, up, up}, opt).scores, base.scores, 1e-12);
    const std::vector<Eigen::Index> perm = {2, 4, 1, 0, 3};
    Eigen::MatrixXd px(5, 4);
    for (Eigen::Index i = 0; i < 5; ++i) px.row(i) = x.row(perm[static_cast<std::size_t>(i)]);
    const auto permuted = qualis::grey_relational_analysis(px, m5_w, m5_dirs, opt);
    for (Eigen::Index i = 0; i < 5; ++i) {
      EXPECT_NEAR(permuted.scores[i], base.scores[perm[static_cast<std::size_t>(i)]], 1e-14);
    }
  }
  // Min-max is also invariant to shifting a column.
  Eigen::MatrixXd shifted = x;
  shifted.col(3).array() += 100.0;
  expect_close(qualis::grey_relational_analysis(shifted, m5_w, m5_dirs).scores,
               qualis::grey_relational_analysis(x, m5_w, m5_dirs).scores, 1e-12);
}

TEST(Gra, DominatingUnitHasHigherGradeAndRhoKeepsRanksOfDominance) {
  Eigen::MatrixXd x = m5();
  x.row(1) << 7, 9, 9, 7;  // unit 0 dominates unit 1
  for (const double rho : {0.1, 0.5, 1.0}) {
    GraOptions opt;
    opt.rho = rho;
    const auto r = qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt);
    EXPECT_GE(r.scores[0], r.scores[1]) << rho;
    EXPECT_TRUE((r.coefficients.row(0).array() >= r.coefficients.row(1).array()).all());
    EXPECT_TRUE((r.coefficients.array() > 0.0).all() && (r.coefficients.array() <= 1.0).all());
  }
}

TEST(Gra, DegenerateCases) {
  // Every unit equals the ideal: Delta_max = 0, xi = 1, grade 1, no discrimination.
  const auto same = qualis::grey_relational_analysis(Eigen::MatrixXd::Constant(3, 2, 2.0), vec({1, 3}), {up, down});
  EXPECT_EQ(same.status, McdaStatus::no_discrimination);
  EXPECT_TRUE(same.coefficients.isOnes());
  EXPECT_TRUE(same.scores.isOnes());
  EXPECT_THAT(ranks_of(same.ranks), ElementsAre(1, 1, 1));
  EXPECT_THAT(same.constant_criteria, ElementsAre(0, 1));
  // A single unit is its own ideal.
  const auto one = qualis::grey_relational_analysis(Eigen::MatrixXd{{3, 4}}, vec({1, 1}), {up, down});
  EXPECT_EQ(one.status, McdaStatus::no_discrimination);
  EXPECT_EQ(one.scores[0], 1.0);
  // ... but not against a reference it differs from.
  GraOptions opt;
  opt.reference = vec({5, 4});
  const auto against = qualis::grey_relational_analysis(Eigen::MatrixXd{{3, 4}}, vec({1, 1}), {up, down}, opt);
  EXPECT_EQ(against.status, McdaStatus::ok);
  EXPECT_THAT(against.constant_criteria, ElementsAre(1));
  expect_close(against.coefficients.row(0).transpose(), vec({0.5 / 1.5, 1.0}));
  // A constant criterion (units and reference alike) gives xi = 1 there and keeps the others finite.
  Eigen::MatrixXd x(5, 5);
  x << m5(), Eigen::VectorXd::Constant(5, 3.0);
  Eigen::VectorXd w(5);
  w << m5_w, 1.0;
  for (const auto norm : {GraNormalization::min_max, GraNormalization::initial_value, GraNormalization::mean_value,
                          GraNormalization::none}) {
    const auto r = qualis::grey_relational_analysis(x, w, {up, up, down, up, up}, with_normalization(norm));
    EXPECT_THAT(r.constant_criteria, ElementsAre(4));
    EXPECT_TRUE(r.coefficients.col(4).isOnes());
    EXPECT_TRUE(r.scores.allFinite());
  }
}

TEST(Gra, RejectsBadInput) {
  const Eigen::MatrixXd x = m5();
  for (const double rho : {0.0, -0.5, 1.0000001}) {
    GraOptions opt;
    opt.rho = rho;
    expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt); },
                               ErrorCode::out_of_range,
                               {"qualis: grey_relational_analysis:", "options.rho = ", "outside (0, 1]"});
  }
  GraOptions opt;
  opt.rho = 1.0;
  EXPECT_NO_THROW(qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt));
  opt.rho = nan;
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt); }, ErrorCode::not_finite,
                             {"options.rho is not finite"});
  opt = {};
  opt.reference = vec({1, 2, 3});
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt); }, ErrorCode::size_mismatch,
                             {"options.reference has 3 values for 4 criteria"});
  opt.reference = vec({1, 2, inf, 4});
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt); }, ErrorCode::not_finite,
                             {"options.reference value of criterion (column) 2"});
  // Initial-value normalisation divides by the reference: a cost ideal of 0 cannot be used.
  Eigen::MatrixXd zero_min = x;
  zero_min(1, 2) = 0.0;
  expect_error<InvalidInput>(
      [&] {
        qualis::grey_relational_analysis(zero_min, m5_w, m5_dirs, with_normalization(GraNormalization::initial_value));
      },
      ErrorCode::out_of_range, {"criterion (column) 2", "initial-value", "which is 0"});
  Eigen::MatrixXd zero_mean = x;
  zero_mean.col(3) << -2, 2, -1, 1, 0;
  expect_error<InvalidInput>(
      [&] {
        qualis::grey_relational_analysis(zero_mean, m5_w, m5_dirs, with_normalization(GraNormalization::mean_value));
      },
      ErrorCode::out_of_range, {"criterion (column) 3", "mean-value", "which is 0"});
  expect_error<InvalidInput>(
      [&] { qualis::grey_relational_analysis(x, m5_w, m5_dirs, with_normalization(static_cast<GraNormalization>(5))); },
      ErrorCode::invalid_argument, {"options.normalization (5)"});
  opt = {};
  opt.missing = qualis::MissingRule::skip;
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt); },
                             ErrorCode::invalid_argument, {"\"skip\"", "only \"reject\""});
  Eigen::MatrixXd bad = x;
  bad(4, 3) = nan;
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(bad, m5_w, m5_dirs); }, ErrorCode::not_finite,
                             {"unit (row) 4, criterion (column) 3", "NaN"});
  bad(4, 3) = inf;
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(bad, m5_w, m5_dirs); }, ErrorCode::not_finite,
                             {"unit (row) 4, criterion (column) 3", "infinite"});
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(Eigen::MatrixXd(2, 0), vec({}), {}); },
                             ErrorCode::empty_input);
  expect_error<InvalidInput>(
      [&] {
        qualis::grey_relational_analysis(x, m5_w, {up, up, down});
      },
      ErrorCode::size_mismatch);
  expect_error<InvalidInput>(
      [&] {
        qualis::grey_relational_analysis(x, vec({1, 1}), m5_dirs);
      },
      ErrorCode::size_mismatch, {"2 weights for 4 criteria"});
  expect_error<InvalidInput>(
      [&] {
        qualis::grey_relational_analysis(x, vec({1, 1, -1, 1}), m5_dirs);
      },
      ErrorCode::out_of_range, {"weight of criterion (column) 2 is negative"});
  expect_error<InvalidInput>(
      [&] {
        qualis::grey_relational_analysis(x, m5_w, {up, up, Direction::range_is_best, up});
      },
      ErrorCode::invalid_argument, {"criterion (column) 2", "range_is_best", "grey relational analysis"});
  Eigen::MatrixXd huge = x;
  huge(0, 0) = 1e308;
  huge(1, 0) = -1e308;
  expect_error<InvalidInput>([&] { qualis::grey_relational_analysis(huge, m5_w, m5_dirs); }, ErrorCode::out_of_range,
                             {"criterion (column) 0"});
  expect_error<InvalidInput>(
      [&] { qualis::grey_relational_analysis(huge, m5_w, m5_dirs, with_normalization(GraNormalization::none)); },
      ErrorCode::out_of_range, {"overflow"});
}

}  // namespace
