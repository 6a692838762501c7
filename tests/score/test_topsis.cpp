// Tests for TOPSIS in qualis/score/mcda.hpp, and for the family's registry (McdaMethod, to_string, parse,
// mcda_methods()) and its dispatch entry point mcda().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "qualis/detail/parallel.hpp"
#include "qualis/score/mcda.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"
#include "support/registry.hpp"
#include "support/threads.hpp"

namespace {

using qualis::Direction;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::McdaMethod;
using qualis::McdaStatus;
using qualis::TopsisDistance;
using qualis::TopsisNormalization;
using qualis::TopsisOptions;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::ranks_of;
using qualis_test::vec;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
const Direction up = Direction::higher_is_better;
const Direction down = Direction::lower_is_better;

// Hwang & Yoon (1981), Multiple Attribute Decision Making, the fighter-aircraft example (p. 133): 4 aircraft x
// maximum speed, ferry range, maximum payload, purchasing cost (cost), reliability, manoeuvrability.
Eigen::MatrixXd aircraft() {
  return Eigen::MatrixXd{{2.0, 1500, 20000, 5.5, 5, 9},
                         {2.5, 2700, 18000, 6.5, 3, 5},
                         {1.8, 2000, 21000, 4.5, 7, 7},
                         {2.2, 1800, 20000, 5.0, 5, 5}};
}
const std::vector<Direction> aircraft_dirs = {up, up, up, down, up, up};
const Eigen::VectorXd aircraft_w = vec({0.2, 0.1, 0.1, 0.1, 0.2, 0.3});

// A 5 x 4 matrix with a cost criterion, used with every normalisation and distance.
Eigen::MatrixXd m5() { return Eigen::MatrixXd{{7, 9, 9, 8}, {8, 7, 8, 7}, {9, 6, 8, 9}, {6, 7, 8, 6}, {7.5, 8, 6, 5}}; }
const std::vector<Direction> m5_dirs = {up, up, down, up};
const Eigen::VectorXd m5_w = vec({0.3, 0.2, 0.4, 0.1});

TEST(Topsis, HwangYoonFighterAircraftPublishedValues) {
  const auto r = qualis::topsis(aircraft(), aircraft_w, aircraft_dirs);
  // Published (Hwang & Yoon 1981, p. 133, three decimals). The book computes from rounded intermediate matrices,
  // which moves the third decimal of A3 (0.6135 exactly, printed 0.613): hence 1e-3, not half a unit of 5e-4.
  expect_close(r.scores, vec({0.643, 0.268, 0.613, 0.312}), 1e-3);
  expect_close(r.d_plus, vec({0.0545, 0.1197, 0.0580, 0.1009}), 1e-3);
  expect_close(r.d_minus, vec({0.0983, 0.0439, 0.0920, 0.0458}), 1e-3);
  // Full precision: tests/reference/mcda.py (independent numpy implementation of the same formulas); the peer
  // pyDecision (Valdecy/pyDecision, topsis_method) gives the same values to 1e-15.
  expect_close(r.scores, vec({0.6432770005532701, 0.26838356771941185, 0.6135422900072309, 0.31229106558175435}));
  expect_close(r.d_plus, vec({0.05455744831303299, 0.11967930762346222, 0.0579767162518354, 0.10093671059896048}));
  expect_close(r.d_minus, vec({0.09838320423151972, 0.04390273119214908, 0.09204413920714918, 0.04583571818204115}));
  EXPECT_THAT(ranks_of(r.ranks), ElementsAre(1, 4, 2, 3));
  EXPECT_EQ(r.status, McdaStatus::ok);
  EXPECT_TRUE(r.constant_criteria.empty());
  // Vector normalisation: unit column norms; the ideal takes the minimum of the cost column.
  for (Eigen::Index j = 0; j < 6; ++j) EXPECT_NEAR(r.normalized.col(j).norm(), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.ideal[3], r.weighted.col(3).minCoeff());
  EXPECT_DOUBLE_EQ(r.anti_ideal[3], r.weighted.col(3).maxCoeff());
  EXPECT_DOUBLE_EQ(r.ideal[0], r.weighted.col(0).maxCoeff());
  EXPECT_DOUBLE_EQ(r.weighted(1, 5), r.normalized(1, 5) * 0.3);
}

TEST(Topsis, OpricovicTzengExampleWithMinMax) {
  // Opricovic & Tzeng (2004) EJOR 156:445, numerical example: f1 minimised, f2 maximised, equal weights.
  // 0.500, 0.617, 0.500 with linear (min-max) normalisation, as pymcdm's test suite reproduces it.
  const Eigen::MatrixXd x{{1, 3000}, {2, 3750}, {5, 4500}};
  TopsisOptions opt;
  opt.normalization = TopsisNormalization::min_max;
  const auto r = qualis::topsis(x, vec({0.5, 0.5}), {down, up}, opt);
  expect_close(r.scores, vec({0.500, 0.617, 0.500}), 5e-4);
  expect_close(r.scores, vec({0.5, 0.6172177814626812, 0.5}));  // tests/reference/mcda.py
  EXPECT_THAT(ranks_of(r.ranks), ElementsAre(2, 1, 2));         // tie: both get the smaller rank
}

TEST(Topsis, EveryNormalisationAndDistanceMatchesIndependentComputation) {
  struct Case {
    TopsisNormalization norm;
    TopsisDistance dist;
    Eigen::VectorXd want;  // tests/reference/mcda.py
  };
  const std::vector<Case> cases = {
      {TopsisNormalization::vector, TopsisDistance::euclidean,
       vec({0.3643786921766144, 0.44939291959732103, 0.5209399416049798, 0.25743544524966355, 0.6671936012774067})},
      {TopsisNormalization::vector, TopsisDistance::manhattan,
       vec({0.3970794668245372, 0.4534144062138845, 0.5536302195737168, 0.224694503367615, 0.6512639732656235})},
      {TopsisNormalization::vector, TopsisDistance::chebyshev,
       vec({0.3447759543861455, 0.4379603023463051, 0.5389262925136352, 0.2996074014261336, 0.719622809199948})},
      {TopsisNormalization::min_max, TopsisDistance::euclidean,
       vec({0.3449295990598088, 0.4441269613183944, 0.5072830983549995, 0.2602927390607446, 0.699547705700127})},
      {TopsisNormalization::min_max, TopsisDistance::manhattan,
       vec({0.375, 0.45, 0.5333333333333333, 0.22500000000000003, 0.6833333333333333})},
      {TopsisNormalization::min_max, TopsisDistance::chebyshev,
       vec({0.3333333333333333, 0.42857142857142855, 0.5294117647058824, 0.30769230769230776, 0.7272727272727273})},
      {TopsisNormalization::sum, TopsisDistance::euclidean,
       vec({0.3651020372738863, 0.44954739499644963, 0.5214470511125014, 0.2573656483903441, 0.6659597646407048})},
      {TopsisNormalization::sum, TopsisDistance::manhattan,
       vec({0.3978406273424437, 0.4535163082127277, 0.5543350823579157, 0.22470641373080405, 0.6501326183474601})},
      {TopsisNormalization::sum, TopsisDistance::chebyshev,
       vec({0.34513274336283184, 0.4382022471910113, 0.5391705069124424, 0.29940119760479056, 0.7194244604316548})},
      {TopsisNormalization::max, TopsisDistance::euclidean,
       vec({0.35325623873783063, 0.44543629054340583, 0.5152724517425774, 0.2600636039272391, 0.6790953238181021})},
      {TopsisNormalization::max, TopsisDistance::manhattan,
       vec({0.3870967741935484, 0.4516129032258065, 0.5483870967741935, 0.2258064516129032, 0.6612903225806452})},
      {TopsisNormalization::max, TopsisDistance::chebyshev,
       vec({0.3333333333333333, 0.42857142857142855, 0.5294117647058824, 0.3076923076923077, 0.7272727272727274})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(qualis::to_string(c.norm)) + " / " + qualis::to_string(c.dist));
    TopsisOptions opt;
    opt.normalization = c.norm;
    opt.distance = c.dist;
    const auto r = qualis::topsis(m5(), m5_w, m5_dirs, opt);
    expect_close(r.scores, c.want);
    EXPECT_THAT(ranks_of(r.ranks), ElementsAre(4, 3, 2, 5, 1));
  }
}

TEST(Topsis, WeightsAreNormalisedInternally) {
  const auto a = qualis::topsis(aircraft(), aircraft_w, aircraft_dirs);
  const auto b = qualis::topsis(aircraft(), aircraft_w * 10.0, aircraft_dirs);
  expect_close(b.scores, a.scores, 1e-14);
  expect_close(b.ideal, a.ideal, 1e-14);
}

TEST(Topsis, PositiveScalingOfAColumnLeavesScoresUnchanged) {
  for (const auto norm : {TopsisNormalization::vector, TopsisNormalization::min_max, TopsisNormalization::sum,
                          TopsisNormalization::max}) {
    SCOPED_TRACE(qualis::to_string(norm));
    TopsisOptions opt;
    opt.normalization = norm;
    Eigen::MatrixXd scaled = aircraft();
    scaled.col(1) *= 1e-3;
    scaled.col(3) *= 7.5;
    expect_close(qualis::topsis(scaled, aircraft_w, aircraft_dirs, opt).scores,
                 qualis::topsis(aircraft(), aircraft_w, aircraft_dirs, opt).scores, 1e-12);
  }
  // Min-max is also invariant to shifting a column.
  TopsisOptions opt;
  opt.normalization = TopsisNormalization::min_max;
  Eigen::MatrixXd shifted = aircraft();
  shifted.col(2).array() -= 50000.0;
  expect_close(qualis::topsis(shifted, aircraft_w, aircraft_dirs, opt).scores,
               qualis::topsis(aircraft(), aircraft_w, aircraft_dirs, opt).scores, 1e-12);
}

TEST(Topsis, ReversingADirectionAndNegatingTheColumnLeavesScoresUnchanged) {
  // -x is a cost criterion exactly when x is a benefit one; vector and min-max normalisation accept negatives.
  for (const auto norm : {TopsisNormalization::vector, TopsisNormalization::min_max}) {
    for (const auto dist : {TopsisDistance::euclidean, TopsisDistance::manhattan, TopsisDistance::chebyshev}) {
      TopsisOptions opt;
      opt.normalization = norm;
      opt.distance = dist;
      Eigen::MatrixXd flipped = aircraft();
      flipped.col(0) = -flipped.col(0);
      flipped.col(3) = -flipped.col(3);
      std::vector<Direction> dirs = aircraft_dirs;
      dirs[0] = down;
      dirs[3] = up;
      expect_close(qualis::topsis(flipped, aircraft_w, dirs, opt).scores,
                   qualis::topsis(aircraft(), aircraft_w, aircraft_dirs, opt).scores, 1e-12);
    }
  }
}

TEST(Topsis, PermutingUnitsPermutesScores) {
  const Eigen::MatrixXd x = m5();
  const std::vector<Eigen::Index> perm = {3, 0, 4, 2, 1};
  Eigen::MatrixXd px(5, 4);
  for (Eigen::Index i = 0; i < 5; ++i) px.row(i) = x.row(perm[static_cast<std::size_t>(i)]);
  const auto a = qualis::topsis(x, m5_w, m5_dirs);
  const auto b = qualis::topsis(px, m5_w, m5_dirs);
  for (Eigen::Index i = 0; i < 5; ++i) {
    const Eigen::Index src = perm[static_cast<std::size_t>(i)];
    EXPECT_NEAR(b.scores[i], a.scores[src], 1e-14);
    EXPECT_EQ(b.ranks[i], a.ranks[src]);
  }
}

TEST(Topsis, DominatingUnitScoresAtLeastAsWell) {
  // Unit 4 is at least as good as unit 0 on every criterion (cost column 2 lower), strictly on some.
  Eigen::MatrixXd x = m5();
  x.row(4) << 7.5, 9, 8, 8;
  for (const auto dist : {TopsisDistance::euclidean, TopsisDistance::manhattan, TopsisDistance::chebyshev}) {
    TopsisOptions opt;
    opt.distance = dist;
    const auto r = qualis::topsis(x, m5_w, m5_dirs, opt);
    EXPECT_GE(r.scores[4], r.scores[0]);
    EXPECT_LE(r.d_plus[4], r.d_plus[0]);
    EXPECT_GE(r.d_minus[4], r.d_minus[0]);
  }
}

TEST(Topsis, IdenticalUnitsTieWithMinRank) {
  Eigen::MatrixXd x(5, 4);
  x << m5().topRows(4), m5().row(2);  // unit 4 repeats unit 2, the best
  const auto r = qualis::topsis(x, m5_w, m5_dirs);
  EXPECT_EQ(r.scores[4], r.scores[2]);
  EXPECT_EQ(r.ranks[2], 1);
  EXPECT_EQ(r.ranks[4], 1);
  EXPECT_EQ(r.ranks.maxCoeff(), 5);  // the next distinct score gets rank 3, the worst rank 5
  EXPECT_EQ((r.ranks.array() == 3).count(), 1);
}

TEST(Topsis, AllUnitsAlikeGiveOneHalfAndNoDiscrimination) {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(3, 2, 4.0);
  for (const auto norm : {TopsisNormalization::vector, TopsisNormalization::min_max, TopsisNormalization::sum,
                          TopsisNormalization::max}) {
    TopsisOptions opt;
    opt.normalization = norm;
    const auto r = qualis::topsis(x, vec({1, 1}), {up, down}, opt);
    EXPECT_EQ(r.status, McdaStatus::no_discrimination);
    EXPECT_TRUE(r.scores.isApproxToConstant(0.5));
    EXPECT_TRUE(r.scores.allFinite());
    EXPECT_THAT(ranks_of(r.ranks), ElementsAre(1, 1, 1));
    EXPECT_THAT(r.constant_criteria, ElementsAre(0, 1));
  }
  // A single unit is its own ideal and anti-ideal.
  const auto one = qualis::topsis(Eigen::MatrixXd{{1, 2, 3}}, vec({1, 1, 1}), {up, up, down});
  EXPECT_EQ(one.status, McdaStatus::no_discrimination);
  EXPECT_EQ(one.scores[0], 0.5);
  EXPECT_EQ(one.ranks[0], 1);
}

TEST(Topsis, ConstantOrAllZeroCriterionAddsNoDistance) {
  for (const double c : {0.0, 3.0}) {  // 0: zero norm / sum / max; 3: zero range
    for (const auto norm : {TopsisNormalization::vector, TopsisNormalization::min_max, TopsisNormalization::sum,
                            TopsisNormalization::max}) {
      SCOPED_TRACE(std::string(qualis::to_string(norm)) + " constant " + std::to_string(c));
      TopsisOptions opt;
      opt.normalization = norm;
      Eigen::MatrixXd x(5, 5);
      x << m5(), Eigen::VectorXd::Constant(5, c);
      Eigen::VectorXd w(5);
      w << m5_w, 0.25;
      std::vector<Direction> dirs = m5_dirs;
      dirs.push_back(up);
      const auto with = qualis::topsis(x, w, dirs, opt);
      const auto without = qualis::topsis(m5(), m5_w, m5_dirs, opt);
      // Only the weights of the other criteria change (they are renormalised): distances scale by 1 / 1.25.
      expect_close(with.d_plus * 1.25, without.d_plus, 1e-12);
      expect_close(with.scores, without.scores, 1e-12);
      EXPECT_THAT(with.constant_criteria, ElementsAre(4));
      EXPECT_TRUE(with.normalized.allFinite());
      EXPECT_EQ(with.status, McdaStatus::ok);
    }
  }
}

TEST(Topsis, RejectsBadInput) {
  const Eigen::MatrixXd x = m5();
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(Eigen::MatrixXd(0, 3), vec({1, 1, 1}), {up, up, up});
      },
      ErrorCode::empty_input, {"qualis: topsis:", "empty"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, m5_w, {up, up, down});
      },
      ErrorCode::size_mismatch, {"3 criterion directions for 4 criteria"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, vec({1, 1, 1}), m5_dirs);
      },
      ErrorCode::size_mismatch, {"3 weights for 4 criteria"});
  Eigen::MatrixXd bad = x;
  bad(2, 1) = nan;
  expect_error<InvalidInput>([&] { qualis::topsis(bad, m5_w, m5_dirs); }, ErrorCode::not_finite,
                             {"unit (row) 2, criterion (column) 1", "missing (NaN)"});
  bad(2, 1) = -inf;
  expect_error<InvalidInput>([&] { qualis::topsis(bad, m5_w, m5_dirs); }, ErrorCode::not_finite,
                             {"unit (row) 2, criterion (column) 1", "infinite"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, vec({1, -1, 1, 1}), m5_dirs);
      },
      ErrorCode::out_of_range, {"weight of criterion (column) 1 is negative"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, vec({1, nan, 1, 1}), m5_dirs);
      },
      ErrorCode::not_finite, {"weight of criterion (column) 1"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, vec({0, 0, 0, 0}), m5_dirs);
      },
      ErrorCode::inconsistent, {"every weight is zero"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, m5_w, {up, Direction::target_is_best, down, up});
      },
      ErrorCode::invalid_argument, {"criterion (column) 1", "target_is_best is not supported by TOPSIS"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, m5_w, {up, up, down, Direction::range_is_best});
      },
      ErrorCode::invalid_argument, {"criterion (column) 3", "range_is_best"});
  expect_error<InvalidInput>(
      [&] {
        qualis::topsis(x, m5_w, {up, up, static_cast<Direction>(9), up});
      },
      ErrorCode::invalid_argument, {"criterion (column) 2", "9 is not a Direction"});
  TopsisOptions opt;
  opt.missing = qualis::MissingRule::skip;
  expect_error<InvalidInput>([&] { qualis::topsis(x, m5_w, m5_dirs, opt); }, ErrorCode::invalid_argument,
                             {"options.missing is \"skip\"", "only \"reject\""});
  opt = {};
  opt.normalization = static_cast<TopsisNormalization>(7);
  expect_error<InvalidInput>([&] { qualis::topsis(x, m5_w, m5_dirs, opt); }, ErrorCode::invalid_argument,
                             {"options.normalization (7)"});
  opt = {};
  opt.distance = static_cast<TopsisDistance>(7);
  expect_error<InvalidInput>([&] { qualis::topsis(x, m5_w, m5_dirs, opt); }, ErrorCode::invalid_argument,
                             {"options.distance (7)"});
  Eigen::MatrixXd negative = x;
  negative(3, 2) = -1.0;
  for (const auto norm : {TopsisNormalization::sum, TopsisNormalization::max}) {
    opt = {};
    opt.normalization = norm;
    expect_error<InvalidInput>([&] { qualis::topsis(negative, m5_w, m5_dirs, opt); }, ErrorCode::out_of_range,
                               {"unit (row) 3, criterion (column) 2", "negative", "non-negative"});
  }
  // Negative values are fine for vector and min-max normalisation.
  EXPECT_NO_THROW(qualis::topsis(negative, m5_w, m5_dirs));
  opt = {};
  opt.normalization = TopsisNormalization::min_max;
  Eigen::MatrixXd huge = x;
  huge(0, 0) = 1e308;
  huge(1, 0) = -1e308;
  expect_error<InvalidInput>([&] { qualis::topsis(huge, m5_w, m5_dirs, opt); }, ErrorCode::out_of_range,
                             {"criterion (column) 0", "not finite"});
  EXPECT_TRUE(qualis::topsis(huge, m5_w, m5_dirs).scores.allFinite());  // vector norm is computed stably
}

// ---------------------------------------------------------------------------------------------------------------
// Registry and dispatch of the family
// ---------------------------------------------------------------------------------------------------------------

TEST(McdaRegistry, EnumToStringParseAndRegistryAgree) {
  const std::vector<McdaMethod> all = {McdaMethod::topsis, McdaMethod::vikor, McdaMethod::gra, McdaMethod::fce};
  const auto& reg = qualis::mcda_methods();
  qualis_test::expect_registry_in_enum_order<McdaMethod>(
      reg, all.size(), [](const char* name) { return qualis::parse_mcda_method(name); });
  std::set<std::string> names;
  for (std::size_t k = 0; k < all.size(); ++k) {
    EXPECT_EQ(static_cast<std::size_t>(all[k]), k);
    names.insert(reg[k].name);
    EXPECT_GT(std::string(reg[k].summary).size(), 10U);
    EXPECT_GT(std::string(reg[k].source).size(), 10U);
    ASSERT_FALSE(reg[k].parameters.empty());
    EXPECT_STREQ(reg[k].parameters.back().name, "missing");
    EXPECT_STREQ(reg[k].parameters.back().default_value, "reject");
  }
  EXPECT_EQ(names.size(), all.size());
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("topsis", "vikor", "gra", "fce"));
  EXPECT_EQ(&reg, &qualis::mcda_methods());  // built once
  EXPECT_EQ(qualis::parse_mcda_method("TOPSIS"), McdaMethod::topsis);
  EXPECT_STREQ(qualis::to_string(static_cast<McdaMethod>(42)), "unknown");
  static_assert(qualis::to_string(McdaMethod::gra)[0] == 'g', "to_string is constexpr");
  // Defaults listed in the registry are those of the option structs.
  EXPECT_STREQ(reg[0].parameters[0].default_value, qualis::to_string(TopsisOptions{}.normalization));
  EXPECT_STREQ(reg[0].parameters[1].default_value, qualis::to_string(TopsisOptions{}.distance));
  EXPECT_STREQ(reg[2].parameters[1].default_value, qualis::to_string(qualis::GraOptions{}.normalization));
  EXPECT_STREQ(reg[3].parameters[0].default_value, qualis::to_string(qualis::FuzzyOptions{}.composition));
  EXPECT_EQ(std::stod(reg[1].parameters[0].default_value), qualis::VikorOptions{}.v);
  EXPECT_EQ(std::stod(reg[2].parameters[0].default_value), qualis::GraOptions{}.rho);
}

TEST(McdaRegistry, ParseRejectsUnknownNamesListingTheValidOnes) {
  expect_error<qualis::ParseError>([] { (void)qualis::parse_mcda_method("ahp"); }, ErrorCode::parse_error,
                                   {"mcda method", "\"ahp\" is not an MCDA method", "topsis, vikor, gra or fce"});
  expect_error<qualis::ParseError>([] { (void)qualis::parse_mcda_method(" topsis"); }, ErrorCode::parse_error);
  expect_error<qualis::ParseError>([] { (void)qualis::parse_topsis_normalization("l2"); }, ErrorCode::parse_error,
                                   {"vector, min_max, sum or max"});
  expect_error<qualis::ParseError>([] { (void)qualis::parse_topsis_distance("l2"); }, ErrorCode::parse_error,
                                   {"euclidean, manhattan or chebyshev"});
  expect_error<qualis::ParseError>([] { (void)qualis::parse_gra_normalization("z"); }, ErrorCode::parse_error,
                                   {"min_max, initial_value, mean_value or none"});
  expect_error<qualis::ParseError>([] { (void)qualis::parse_fuzzy_operator("avg"); }, ErrorCode::parse_error,
                                   {"max_min, max_product, bounded_min_sum or weighted_average"});
}

TEST(McdaRegistry, OptionEnumsRoundTrip) {
  for (const auto v : {TopsisNormalization::vector, TopsisNormalization::min_max, TopsisNormalization::sum,
                       TopsisNormalization::max}) {
    EXPECT_EQ(qualis::parse_topsis_normalization(qualis::to_string(v)), v);
  }
  for (const auto v : {TopsisDistance::euclidean, TopsisDistance::manhattan, TopsisDistance::chebyshev}) {
    EXPECT_EQ(qualis::parse_topsis_distance(qualis::to_string(v)), v);
  }
  for (const auto v : {qualis::GraNormalization::min_max, qualis::GraNormalization::initial_value,
                       qualis::GraNormalization::mean_value, qualis::GraNormalization::none}) {
    EXPECT_EQ(qualis::parse_gra_normalization(qualis::to_string(v)), v);
  }
  for (const auto v : {qualis::FuzzyOperator::max_min, qualis::FuzzyOperator::max_product,
                       qualis::FuzzyOperator::bounded_min_sum, qualis::FuzzyOperator::weighted_average}) {
    EXPECT_EQ(qualis::parse_fuzzy_operator(qualis::to_string(v)), v);
  }
  EXPECT_STREQ(qualis::to_string(McdaStatus::ok), "ok");
  EXPECT_STREQ(qualis::to_string(McdaStatus::no_discrimination), "no_discrimination");
  EXPECT_STREQ(qualis::to_string(static_cast<TopsisDistance>(9)), "unknown");
}

TEST(McdaDispatch, EachMethodMatchesItsDirectCall) {
  const Eigen::MatrixXd x = m5();
  qualis::McdaOptions opt;
  opt.topsis.distance = TopsisDistance::manhattan;
  opt.vikor.v = 0.3;
  opt.gra.rho = 0.3;
  opt.fce.thresholds = Eigen::MatrixXd{{10, 9, 8, 7, 6}, {10, 9, 8, 7, 6}, {5, 6, 7, 8, 9}, {10, 9, 8, 7, 6}};

  const auto t = qualis::mcda(x, m5_w, m5_dirs, opt);  // topsis is the default method
  EXPECT_EQ(t.method, McdaMethod::topsis);
  ASSERT_TRUE(t.topsis.has_value());
  EXPECT_FALSE(t.vikor || t.gra || t.fce);
  EXPECT_EQ(t.scores, qualis::topsis(x, m5_w, m5_dirs, opt.topsis).scores);
  EXPECT_EQ(t.ranks, t.topsis->ranks);

  opt.method = McdaMethod::vikor;
  const auto v = qualis::mcda(x, m5_w, m5_dirs, opt);
  ASSERT_TRUE(v.vikor.has_value());
  EXPECT_EQ(v.scores, qualis::vikor(x, m5_w, m5_dirs, opt.vikor).scores);
  EXPECT_EQ(v.ranks, v.vikor->ranks);

  opt.method = McdaMethod::gra;
  const auto g = qualis::mcda(x, m5_w, m5_dirs, opt);
  ASSERT_TRUE(g.gra.has_value());
  EXPECT_EQ(g.scores, qualis::grey_relational_analysis(x, m5_w, m5_dirs, opt.gra).scores);

  opt.method = McdaMethod::fce;
  const auto f = qualis::mcda(x, m5_w, m5_dirs, opt);
  ASSERT_TRUE(f.fce.has_value());
  EXPECT_EQ(f.scores, qualis::fuzzy_evaluation(x, m5_w, m5_dirs, opt.fce).scores);
  EXPECT_EQ(f.status, McdaStatus::ok);

  opt.method = static_cast<McdaMethod>(8);
  expect_error<InvalidInput>([&] { qualis::mcda(x, m5_w, m5_dirs, opt); }, ErrorCode::invalid_argument,
                             {"qualis: mcda:", "options.method (8)"});
  opt.method = McdaMethod::fce;
  opt.fce.thresholds.resize(0, 0);
  expect_error<InvalidInput>([&] { qualis::mcda(x, m5_w, m5_dirs, opt); }, ErrorCode::empty_input,
                             {"fuzzy_evaluation", "options.thresholds is empty"});
}

TEST(McdaDispatch, EveryMethodScoresHigherIsBetter) {
  // Unit 2 dominates unit 3 on every criterion: every method must score it higher.
  Eigen::MatrixXd x = m5();
  x.row(3) << 6, 6, 9, 5;
  qualis::McdaOptions opt;
  opt.fce.thresholds = Eigen::MatrixXd{{10, 9, 8, 7, 6}, {10, 9, 8, 7, 6}, {5, 6, 7, 8, 9}, {10, 9, 8, 7, 6}};
  for (const auto method : {McdaMethod::topsis, McdaMethod::vikor, McdaMethod::gra, McdaMethod::fce}) {
    opt.method = method;
    const auto r = qualis::mcda(x, m5_w, m5_dirs, opt);
    EXPECT_GT(r.scores[2], r.scores[3]) << qualis::to_string(method);
    EXPECT_LT(r.ranks[2], r.ranks[3]) << qualis::to_string(method);
  }
}

// Without store_matrices the scores come from the same operations on a block buffer: identical bits, and the two
// matrices are left empty. Tall enough for several blocks of rows and several chunks of a column.
TEST(Topsis, WithoutStoredMatricesEveryOtherFieldIsIdentical) {
  const Eigen::MatrixXd x = qualis_test::random_matrix(2 * qualis::detail::row_block + 77, 6, 41);
  const std::vector<Direction> directions = {up, down, up, up, down, up};
  const Eigen::VectorXd weights = vec({0.1, 0.3, 0.2, 0.15, 0.05, 0.2});
  for (const TopsisNormalization normalization : {TopsisNormalization::vector, TopsisNormalization::min_max,
                                                  TopsisNormalization::sum, TopsisNormalization::max}) {
    for (const TopsisDistance distance :
         {TopsisDistance::euclidean, TopsisDistance::manhattan, TopsisDistance::chebyshev}) {
      SCOPED_TRACE(std::string(qualis::to_string(normalization)) + " / " + qualis::to_string(distance));
      TopsisOptions stored;
      stored.normalization = normalization;
      stored.distance = distance;
      TopsisOptions lean = stored;
      lean.store_matrices = false;
      const qualis::TopsisResult a = qualis::topsis(x, weights, directions, stored);
      const qualis::TopsisResult b = qualis::topsis(x, weights, directions, lean);
      EXPECT_EQ(a.normalized.rows(), x.rows());
      EXPECT_EQ(b.normalized.size(), 0);
      EXPECT_EQ(b.weighted.size(), 0);
      EXPECT_TRUE(qualis_test::same_bits(a.scores, b.scores));
      EXPECT_TRUE(qualis_test::same_bits(a.ranks, b.ranks));
      EXPECT_TRUE(qualis_test::same_bits(a.d_plus, b.d_plus));
      EXPECT_TRUE(qualis_test::same_bits(a.d_minus, b.d_minus));
      EXPECT_TRUE(qualis_test::same_bits(a.ideal, b.ideal));
      EXPECT_TRUE(qualis_test::same_bits(a.anti_ideal, b.anti_ideal));
    }
  }
}

// Vector normalisation takes sqrt(sum x^2), whose squares overflow near 1e155 and underflow near 1e-160; such
// columns are rescaled, so that scaling a column by 1e250 or 1e-250 (exact powers of two would be too kind)
// changes no score: vector normalisation is invariant to positive scaling of a column.
TEST(Topsis, VectorNormalisationSurvivesHugeAndTinyColumns) {
  const Eigen::MatrixXd x = qualis_test::random_matrix(5000, 3, 43);
  const std::vector<Direction> directions = {up, down, up};
  const Eigen::VectorXd weights = vec({0.5, 0.3, 0.2});
  const qualis::TopsisResult plain = qualis::topsis(x, weights, directions);
  for (const double factor : {1e250, 1e-250}) {
    SCOPED_TRACE(factor);
    Eigen::MatrixXd scaled = x;
    scaled.col(0) *= factor;
    scaled.col(1) *= factor;
    const qualis::TopsisResult r = qualis::topsis(scaled, weights, directions);
    ASSERT_TRUE(r.scores.allFinite());
    expect_close(r.scores, plain.scores, 1e-12);
  }
}

// TOPSIS normalises columns in parallel and sums each unit's distances over fixed blocks of rows, criteria in
// column order: the same bits with 1 and 4 threads for every normalisation and distance. The taller matrix spans
// several row blocks (qualis::detail::row_block rows each), so that the blocks are shared out between threads.
#ifdef _OPENMP
TEST(Topsis, SameBitsForOneAndFourThreads) {
  // 2000 x 30, and a tall narrow matrix whose blocks of rows are shared out between threads.
  const std::pair<Eigen::Index, Eigen::Index> shapes[] = {{2000, 30}, {2 * qualis::detail::row_block + 123, 8}};
  for (const auto& [rows, cols] : shapes) {
    const Eigen::MatrixXd x = qualis_test::random_matrix(rows, cols, 31);
    std::vector<Direction> directions(static_cast<std::size_t>(x.cols()), Direction::higher_is_better);
    for (std::size_t j = 2; j < directions.size(); j += 3) directions[j] = Direction::lower_is_better;
    const Eigen::VectorXd weights = qualis_test::random_matrix(x.cols(), 1, 32).col(0);
    for (const TopsisNormalization normalization : {TopsisNormalization::vector, TopsisNormalization::min_max,
                                                    TopsisNormalization::sum, TopsisNormalization::max}) {
      for (const TopsisDistance distance :
           {TopsisDistance::euclidean, TopsisDistance::manhattan, TopsisDistance::chebyshev}) {
        SCOPED_TRACE(std::to_string(rows) + " rows, " + qualis::to_string(normalization) + " / " +
                     qualis::to_string(distance));
        TopsisOptions options;
        options.normalization = normalization;
        options.distance = distance;
        const auto [one, four] =
            qualis_test::with_1_and_4_threads([&] { return qualis::topsis(x, weights, directions, options); });
        EXPECT_TRUE(qualis_test::same_bits(one.scores, four.scores));
        EXPECT_TRUE(qualis_test::same_bits(one.ranks, four.ranks));
        EXPECT_TRUE(qualis_test::same_bits(one.normalized, four.normalized));
        EXPECT_TRUE(qualis_test::same_bits(one.weighted, four.weighted));
        EXPECT_TRUE(qualis_test::same_bits(one.ideal, four.ideal));
        EXPECT_TRUE(qualis_test::same_bits(one.anti_ideal, four.anti_ideal));
        EXPECT_TRUE(qualis_test::same_bits(one.d_plus, four.d_plus));
        EXPECT_TRUE(qualis_test::same_bits(one.d_minus, four.d_minus));
      }
    }
  }
}
#endif

}  // namespace
