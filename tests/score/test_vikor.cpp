// Tests for VIKOR in qualis/score/mcda.hpp: published examples, the compromise-solution rules, invariants,
// degenerate cases and bad input.
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
using qualis::InvalidInput;
using qualis::McdaStatus;
using qualis::VikorOptions;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::ranks_of;
using qualis_test::vec;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
const Direction up = Direction::higher_is_better;
const Direction down = Direction::lower_is_better;

const std::vector<Direction> all_up3 = {up, up, up};
const Eigen::VectorXd equal3 = vec({1, 1, 1});

TEST(Vikor, OpricovicTzeng2004NumericalExample) {
  // Opricovic & Tzeng (2004) EJOR 156:445-455, section 5: A1 (1, 3000), A2 (2, 3750), A3 (5, 4500), f1 minimised,
  // f2 maximised, w = (0.5, 0.5), v = 0.5. Q = (1, 0, 1): A2 is the compromise solution (values as pymcdm's test
  // suite reproduces them; S and R worked by hand: S = 0.5 (0 + 1), 0.5 (0.25 + 0.5), 0.5 (1 + 0)).
  const Eigen::MatrixXd x{{1, 3000}, {2, 3750}, {5, 4500}};
  const auto r = qualis::vikor(x, vec({0.5, 0.5}), {down, up});
  expect_close(r.q, vec({1, 0, 1}));
  expect_close(r.s, vec({0.5, 0.375, 0.5}));
  expect_close(r.r, vec({0.5, 0.25, 0.5}));
  expect_close(r.f_best, vec({1, 4500}));
  expect_close(r.f_worst, vec({5, 3000}));
  expect_close(r.scores, vec({0, 1, 0}));  // 1 - Q
  EXPECT_THAT(ranks_of(r.ranks), ElementsAre(2, 1, 2));
  EXPECT_THAT(ranks_of(r.ranks_s), ElementsAre(2, 1, 2));
  EXPECT_THAT(ranks_of(r.ranks_r), ElementsAre(2, 1, 2));
  EXPECT_DOUBLE_EQ(r.dq, 0.5);
  EXPECT_TRUE(r.acceptable_advantage);
  EXPECT_TRUE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(1));
  EXPECT_EQ(r.status, McdaStatus::ok);
}

TEST(Vikor, YangWu2020Example) {
  // Yang & Wu (2020) IEEE Access 8:21261, as reproduced in pymcdm's tests: Q = 0.5679, 0.7667, 1, 0.7493, 0
  // (four decimals). Full precision from tests/reference/mcda.py; pyDecision's vikor_method agrees to 1e-15.
  const Eigen::MatrixXd x{{78, 56, 34, 6}, {4, 45, 3, 97}, {18, 2, 50, 63}, {9, 14, 11, 92}, {85, 9, 100, 29}};
  const auto r = qualis::vikor(x, vec({0.25, 0.25, 0.25, 0.25}), {up, up, up, up});
  expect_close(r.q, vec({0.5679, 0.7667, 1, 0.7493, 0}), 5e-5);
  expect_close(r.q, vec({0.5679069948039763, 0.7667330359024042, 1.0, 0.7492842103993278, 0.0}));
  expect_close(
      r.s, vec({0.4417080310551101, 0.5509259259259259, 0.6790626962448268, 0.6721300527142451, 0.4044057794057794}));
  expect_close(r.r, vec({0.25, 0.25, 0.25, 0.2345679012345679, 0.2175925925925926}));
  EXPECT_THAT(ranks_of(r.ranks), ElementsAre(2, 4, 5, 3, 1));
  EXPECT_THAT(ranks_of(r.ranks_r), ElementsAre(3, 3, 3, 2, 1));  // three-way tie at R = 0.25
  EXPECT_DOUBLE_EQ(r.dq, 0.25);
  EXPECT_TRUE(r.acceptable_advantage);
  EXPECT_TRUE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(4));
}

TEST(Vikor, MixedDirectionsAndVMatchIndependentComputation) {
  const Eigen::MatrixXd x{{7, 9, 9, 8}, {8, 7, 8, 7}, {9, 6, 8, 9}, {6, 7, 8, 6}, {7.5, 8, 6, 5}};
  const std::vector<Direction> dirs = {up, up, down, up};
  const Eigen::VectorXd w = vec({0.3, 0.2, 0.4, 0.1});
  // tests/reference/mcda.py
  const auto a = qualis::vikor(x, w, dirs);
  expect_close(a.s, vec({0.6250000000000001, 0.55, 0.4666666666666667, 0.7749999999999999, 0.31666666666666665}));
  expect_close(a.r, vec({0.4000000000000001, 0.26666666666666666, 0.26666666666666666, 0.3, 0.15}));
  expect_close(a.q, vec({0.8363636363636365, 0.48787878787878786, 0.3969696969696969, 0.7999999999999998, 0.0}));
  VikorOptions opt;
  opt.v = 0.3;
  const auto b = qualis::vikor(x, w, dirs, opt);
  expect_close(b.q, vec({0.9018181818181819, 0.47939393939393926, 0.4248484848484847, 0.7199999999999998, 0.0}));
  expect_close(b.s, a.s, 1e-15);  // v only changes Q
  // v = 1 ranks by S alone, v = 0 by R alone.
  opt.v = 1.0;
  EXPECT_EQ(qualis::vikor(x, w, dirs, opt).ranks, a.ranks_s);
  opt.v = 0.0;
  EXPECT_EQ(qualis::vikor(x, w, dirs, opt).ranks, a.ranks_r);
}

// The four combinations of the conditions (C1 acceptable advantage, C2 acceptable stability), 5 units x 3 benefit
// criteria, equal weights; Q order and compromise sets from tests/reference/mcda.py, which applies the rules of
// Opricovic & Tzeng (2004) section 3 independently. DQ = 1/4.
TEST(Vikor, CompromiseWhenBothConditionsHold) {
  const Eigen::MatrixXd x{{5, 4, 3}, {1, 6, 6}, {5, 9, 9}, {2, 6, 6}, {3, 3, 5}};
  const auto r = qualis::vikor(x, equal3, all_up3);
  expect_close(r.q, vec({0.923076923076923, 0.9615384615384615, 0.0, 0.7788461538461537, 1.0}));
  EXPECT_TRUE(r.acceptable_advantage);
  EXPECT_TRUE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(2));
}

TEST(Vikor, CompromiseWhenOnlyStabilityFails) {
  // a' = unit 1 leads by Q with advantage 0.396 >= DQ, but unit 4 has the least S and unit 3 the least R.
  const Eigen::MatrixXd x{{7, 1, 3}, {8, 2, 7}, {7, 6, 3}, {3, 3, 5}, {2, 8, 8}};
  const auto r = qualis::vikor(x, equal3, all_up3);
  expect_close(r.q, vec({1.0, 0.09591836734693898, 0.6938775510204082, 0.49183673469387756, 0.5}));
  expect_close(
      r.s, vec({0.7222222222222221, 0.35238095238095235, 0.4841269841269841, 0.7158730158730158, 0.3333333333333333}));
  EXPECT_EQ(r.ranks[1], 1);
  EXPECT_NE(r.ranks_s[1], 1);
  EXPECT_NE(r.ranks_r[1], 1);
  EXPECT_TRUE(r.acceptable_advantage);
  EXPECT_FALSE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(1, 3));  // a' and a''
}

TEST(Vikor, CompromiseWhenOnlyAdvantageFails) {
  const Eigen::MatrixXd x{{2, 7, 7}, {1, 2, 5}, {4, 8, 5}, {4, 4, 6}, {6, 2, 7}};
  const auto r = qualis::vikor(x, equal3, all_up3);
  expect_close(r.q, vec({0.20000000000000004, 1.0, 0.6065573770491803, 0.14754098360655735, 0.5081967213114754}));
  EXPECT_FALSE(r.acceptable_advantage);
  EXPECT_TRUE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(3, 0));  // every unit with Q - Q(a') < DQ, in Q order
}

TEST(Vikor, CompromiseWhenBothConditionsFail) {
  const Eigen::MatrixXd x{{4, 5, 8}, {6, 9, 5}, {7, 4, 9}, {2, 5, 2}, {1, 1, 3}};
  const auto r = qualis::vikor(x, equal3, all_up3);
  expect_close(r.q, vec({0.11599999999999999, 0.09676190476190476, 0.12499999999999997, 0.8826666666666667, 1.0}));
  EXPECT_FALSE(r.acceptable_advantage);
  EXPECT_FALSE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(1, 0, 2));  // the rule for a failed C1 applies
}

TEST(Vikor, InvariantToPositiveAffineMapsOfColumnsAndToDirectionReversal) {
  const Eigen::MatrixXd x{{7, 9, 9, 8}, {8, 7, 8, 7}, {9, 6, 8, 9}, {6, 7, 8, 6}, {7.5, 8, 6, 5}};
  const std::vector<Direction> dirs = {up, up, down, up};
  const Eigen::VectorXd w = vec({0.3, 0.2, 0.4, 0.1});
  const auto base = qualis::vikor(x, w, dirs);
  Eigen::MatrixXd y = x;
  y.col(0) = y.col(0) * 1000.0 + Eigen::VectorXd::Constant(5, 17.0);
  y.col(2) = -y.col(2);  // cost -> benefit
  std::vector<Direction> ydirs = dirs;
  ydirs[2] = up;
  const auto moved = qualis::vikor(y, w * 3.0, ydirs);
  expect_close(moved.q, base.q, 1e-12);
  expect_close(moved.s, base.s, 1e-12);
  EXPECT_EQ(moved.compromise, base.compromise);
}

TEST(Vikor, PermutingUnitsPermutesResults) {
  const Eigen::MatrixXd x{{78, 56, 34, 6}, {4, 45, 3, 97}, {18, 2, 50, 63}, {9, 14, 11, 92}, {85, 9, 100, 29}};
  const std::vector<Eigen::Index> perm = {4, 2, 0, 3, 1};
  Eigen::MatrixXd px(5, 4);
  for (Eigen::Index i = 0; i < 5; ++i) px.row(i) = x.row(perm[static_cast<std::size_t>(i)]);
  const std::vector<Direction> dirs = {up, up, up, up};
  const auto a = qualis::vikor(x, vec({1, 2, 3, 4}), dirs);
  const auto b = qualis::vikor(px, vec({1, 2, 3, 4}), dirs);
  for (Eigen::Index i = 0; i < 5; ++i) {
    const Eigen::Index src = perm[static_cast<std::size_t>(i)];
    EXPECT_NEAR(b.q[i], a.q[src], 1e-14);
    EXPECT_EQ(b.ranks[i], a.ranks[src]);
  }
}

TEST(Vikor, DominatingUnitHasSmallerOrEqualSRAndQ) {
  Eigen::MatrixXd x{{7, 9, 9, 8}, {8, 7, 8, 7}, {9, 6, 8, 9}, {6, 7, 8, 6}, {7.5, 8, 6, 5}};
  x.row(3) << 7, 9, 9, 7;  // unit 0 dominates unit 3
  const auto r = qualis::vikor(x, vec({0.3, 0.2, 0.4, 0.1}), {up, up, down, up});
  EXPECT_LE(r.s[0], r.s[3]);
  EXPECT_LE(r.r[0], r.r[3]);
  EXPECT_LE(r.q[0], r.q[3]);
  EXPECT_GE(r.scores[0], r.scores[3]);
}

TEST(Vikor, ConstantCriterionContributesNothing) {
  const Eigen::MatrixXd x{{1, 3000, 7}, {2, 3750, 7}, {5, 4500, 7}};
  const auto r = qualis::vikor(x, vec({0.5, 0.5, 0.0}), {down, up, up});
  EXPECT_THAT(r.constant_criteria, ElementsAre(2));
  expect_close(r.q, vec({1, 0, 1}));
  EXPECT_TRUE(r.s.allFinite());
  // With a weight on the constant criterion the others are renormalised, Q is unchanged.
  const auto weighted = qualis::vikor(x, vec({0.5, 0.5, 1.0}), {down, up, up});
  expect_close(weighted.q, vec({1, 0, 1}));
  expect_close(weighted.s, vec({0.25, 0.1875, 0.25}));
}

TEST(Vikor, DegenerateRangesOfSAndR) {
  // Every unit alike: S = R = 0, both terms of Q dropped, Q = 0, every unit tied and in the compromise set.
  const auto same = qualis::vikor(Eigen::MatrixXd::Constant(3, 2, 5.0), vec({1, 1}), {up, down});
  EXPECT_TRUE(same.s_range_zero);
  EXPECT_TRUE(same.r_range_zero);
  EXPECT_EQ(same.status, McdaStatus::no_discrimination);
  EXPECT_TRUE(same.q.isZero());
  EXPECT_THAT(ranks_of(same.ranks), ElementsAre(1, 1, 1));
  EXPECT_FALSE(same.acceptable_advantage);
  EXPECT_TRUE(same.acceptable_stability);
  EXPECT_THAT(same.compromise, ElementsAre(0, 1, 2));
  // Equal S but different R: the S term is dropped, Q = (1 - v) (R - R*) / (R- - R*).
  // Units (1, 0), (0, 1), (0.5, 0.5), benefit, equal weights: S = 0.5 each, R = 0.5, 0.5, 0.25.
  const Eigen::MatrixXd x{{1, 0}, {0, 1}, {0.5, 0.5}};
  const auto r = qualis::vikor(x, vec({1, 1}), {up, up});
  EXPECT_TRUE(r.s_range_zero);
  EXPECT_FALSE(r.r_range_zero);
  EXPECT_EQ(r.status, McdaStatus::ok);
  expect_close(r.q, vec({0.5, 0.5, 0.0}));
  EXPECT_TRUE(r.q.allFinite());
  // Q(a'') - Q(a') = 0.5 = DQ exactly: C1 holds (>=), and unit 2 has the least R, so it stands alone.
  EXPECT_TRUE(r.acceptable_advantage);
  EXPECT_TRUE(r.acceptable_stability);
  EXPECT_THAT(r.compromise, ElementsAre(2));
}

TEST(Vikor, RejectsBadInput) {
  const Eigen::MatrixXd x{{1, 3000}, {2, 3750}, {5, 4500}};
  const Eigen::VectorXd w = vec({0.5, 0.5});
  const std::vector<Direction> dirs = {down, up};
  expect_error<InvalidInput>(
      [&] {
        qualis::vikor(Eigen::MatrixXd{{1, 2}}, w, dirs);
      },
      ErrorCode::out_of_range, {"qualis: vikor:", "at least 2 units (rows)", "got 1"});
  expect_error<InvalidInput>([&] { qualis::vikor(Eigen::MatrixXd(0, 2), w, dirs); }, ErrorCode::empty_input);
  expect_error<InvalidInput>([&] { qualis::vikor(x, w, {up}); }, ErrorCode::size_mismatch);
  expect_error<InvalidInput>([&] { qualis::vikor(x, vec({1}), dirs); }, ErrorCode::size_mismatch);
  Eigen::MatrixXd bad = x;
  bad(1, 0) = nan;
  expect_error<InvalidInput>([&] { qualis::vikor(bad, w, dirs); }, ErrorCode::not_finite,
                             {"unit (row) 1, criterion (column) 0", "NaN"});
  bad(1, 0) = inf;
  expect_error<InvalidInput>([&] { qualis::vikor(bad, w, dirs); }, ErrorCode::not_finite, {"infinite"});
  expect_error<InvalidInput>([&] { qualis::vikor(x, vec({0, 0}), dirs); }, ErrorCode::inconsistent);
  expect_error<InvalidInput>(
      [&] {
        qualis::vikor(x, w, {Direction::target_is_best, up});
      },
      ErrorCode::invalid_argument, {"criterion (column) 0", "not supported by VIKOR"});
  for (const double v : {-0.1, 1.5}) {
    VikorOptions opt;
    opt.v = v;
    expect_error<InvalidInput>([&] { qualis::vikor(x, w, dirs, opt); }, ErrorCode::out_of_range,
                               {"options.v = ", "outside [0, 1]"});
  }
  VikorOptions opt;
  opt.v = nan;
  expect_error<InvalidInput>([&] { qualis::vikor(x, w, dirs, opt); }, ErrorCode::not_finite, {"options.v"});
  opt = {};
  opt.missing = qualis::MissingRule::propagate;
  expect_error<InvalidInput>([&] { qualis::vikor(x, w, dirs, opt); }, ErrorCode::invalid_argument,
                             {"\"propagate\"", "VIKOR needs complete data"});
  Eigen::MatrixXd huge = x;
  huge(0, 1) = -1e308;
  huge(1, 1) = 1e308;
  expect_error<InvalidInput>([&] { qualis::vikor(huge, w, dirs); }, ErrorCode::out_of_range,
                             {"criterion (column) 1", "not finite"});
}

}  // namespace
