// Tests for qualis/score/weights.hpp: the weighting registry and dispatch, and each method against
// published worked examples and independent numpy computations.
//
// Reference values marked "numpy" were printed by tests/reference/weights.py (numpy 1.24, written from the
// formulas, not from the C++ code); they are compared with relative tolerance 1e-9 for closed-form methods.
// Published values are rounded as printed in their source and compared at half a unit of the last digit.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qualis/score/weights.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/eigen.hpp"
#include "support/expect_error.hpp"
#include "support/registry.hpp"
#include "support/threads.hpp"

namespace {

using qualis::CombinationRule;
using qualis::CombineOptions;
using qualis::CriticCostHandling;
using qualis::CriticOptions;
using qualis::CvOptions;
using qualis::DeviationKind;
using qualis::Direction;
using qualis::EntropyOptions;
using qualis::EntropyZeroRule;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::MissingRule;
using qualis::PcaOptions;
using qualis::PcaRotation;
using qualis::SdOptions;
using qualis::WeightingMethod;
using qualis::WeightNormalization;
using qualis::WeightOptions;
using qualis::WeightResult;
using qualis::WeightStatus;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::rows;
using qualis_test::vec;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const Direction kUp = Direction::higher_is_better;
const Direction kDown = Direction::lower_is_better;

// Every weight finite and >= 0, summing to 1: the contract of every method.
void expect_valid(const WeightResult& r) {
  ASSERT_GT(r.weights.size(), 0);
  for (Eigen::Index j = 0; j < r.weights.size(); ++j) {
    EXPECT_TRUE(std::isfinite(r.weights[j])) << j;
    EXPECT_GE(r.weights[j], 0.0) << j;
  }
  EXPECT_NEAR(r.weights.sum(), 1.0, 1e-12);
}

std::vector<Direction> ups(int n) { return std::vector<Direction>(static_cast<std::size_t>(n), kUp); }

// Xu (2004), EJOR 156(2):530-532, decision matrix of the example (4 alternatives x 4 attributes).
Eigen::MatrixXd xu_matrix() { return rows({{30, 30, 38, 29}, {19, 54, 86, 29}, {19, 15, 85, 28.9}, {68, 70, 60, 29}}); }
// Zavadskas & Podvezko (2016), IJITDM 15(2):267-283, example matrix; criteria 0 and 2 are cost criteria.
Eigen::MatrixXd zp_matrix() { return rows({{3.0, 100, 10, 7}, {2.5, 80, 8, 5}, {1.8, 50, 20, 11}, {2.2, 70, 12, 9}}); }
// Tus & Aytac Adali (2019), Opsearch 56(2):528-538, time-and-attendance software data; criterion 0 is cost.
Eigen::MatrixXd tus_matrix() {
  return rows(
      {{5000, 3, 3, 4, 3, 2}, {680, 5, 3, 2, 2, 1}, {2000, 3, 2, 3, 4, 3}, {600, 4, 3, 1, 2, 2}, {800, 2, 4, 3, 3, 4}});
}
// OECD/JRC (2008) Handbook pp. 152-153: Technology Achievement Index, 23 countries x 8 indicators
// (patents, royalties, internet, tech exports, telephones (log), electricity (log), schooling, university).
Eigen::MatrixXd tai_matrix() {
  return rows({{187, 125.6, 200.2, 50.7, 3.08, 4.15, 10, 27.4},  {289, 130, 179.1, 66.2, 3, 4.07, 12, 13.9},
               {271, 156.6, 125.8, 59.7, 3.1, 4.14, 11.4, 15.3}, {994, 64.6, 49, 80.8, 3, 3.86, 9.5, 10},
               {779, 9.8, 4.8, 66.7, 2.97, 3.65, 10.8, 23.2},    {189, 151.2, 136, 50.9, 3.02, 3.77, 9.4, 9.5},
               {82, 134, 57.4, 61.9, 3.02, 3.73, 9.4, 14.9},     {31, 38.6, 108, 48.7, 2.94, 4.18, 11.6, 14.2},
               {75, 18.2, 125.9, 16.2, 2.94, 3.94, 10.9, 25.3},  {8, 25.5, 72.3, 74.9, 2.95, 3.83, 7.1, 24.2},
               {235, 36.8, 41.2, 64.2, 2.94, 3.75, 10.2, 14.4},  {103, 20.2, 193.6, 19, 3.12, 4.39, 11.9, 11.2},
               {106, 110.3, 48.6, 53.6, 2.97, 3.68, 9.4, 12.3},  {72, 73.9, 58.9, 47.6, 2.91, 3.86, 9.3, 13.6},
               {103, 13, 146.7, 15.4, 2.86, 3.91, 11.7, 13.1},   {165, 14.8, 84.2, 50.3, 2.99, 3.79, 8.4, 13.6},
               {205, 33.6, 36.4, 58.9, 2.97, 3.8, 7.9, 12.6},    {74, 43.6, 43.2, 45, 2.96, 3.74, 9.6, 11},
               {42, 8.6, 21, 53.4, 2.86, 3.62, 7.3, 15.6},       {13, 9.8, 30.4, 51, 3, 3.65, 7.2, 13},
               {28, 4.2, 25, 51.7, 2.75, 3.68, 9.5, 8.2},        {26, 6.2, 21.6, 63.5, 2.73, 3.46, 9.1, 7.7},
               {105, 4, 20.3, 49.5, 2.84, 3.71, 7.1, 10.6}});
}

EntropyOptions raw_entropy() {
  EntropyOptions o;
  o.normalization = WeightNormalization::none;
  return o;
}

// Reverses the row order (a permutation of units).
Eigen::MatrixXd reverse_rows(const Eigen::MatrixXd& m) { return m.colwise().reverse(); }

// Moves column 0 to the end: (c0, c1, ..., ck) -> (c1, ..., ck, c0).
Eigen::MatrixXd rotate_columns(const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out(m.rows(), m.cols());
  out.leftCols(m.cols() - 1) = m.rightCols(m.cols() - 1);
  out.col(m.cols() - 1) = m.col(0);
  return out;
}
Eigen::VectorXd rotate(const Eigen::VectorXd& v) {
  Eigen::VectorXd out(v.size());
  out.head(v.size() - 1) = v.tail(v.size() - 1);
  out[v.size() - 1] = v[0];
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Registry, enum, names

TEST(WeightingRegistry, OneEntryPerMethodInEnumOrderWithUniqueNames) {
  qualis_test::expect_registry_in_enum_order<WeightingMethod>(
      qualis::weighting_methods(), 8, [](const char* name) { return qualis::parse_weighting_method(name); });
  EXPECT_STREQ(qualis::to_string(static_cast<WeightingMethod>(99)), "unknown");
}

TEST(WeightingRegistry, ParseAcceptsAliasesIgnoringCase) {
  // The command-line tool's spellings (`qualis weights --method cv|std`) are registry aliases.
  EXPECT_EQ(qualis::parse_weighting_method("cv"), WeightingMethod::coefficient_of_variation);
  EXPECT_EQ(qualis::parse_weighting_method("std"), WeightingMethod::standard_deviation);
  EXPECT_EQ(qualis::parse_weighting_method("sd"), WeightingMethod::standard_deviation);
  EXPECT_EQ(qualis::parse_weighting_method("Entropy"), WeightingMethod::entropy);
  EXPECT_EQ(qualis::parse_weighting_method("CRITIC"), WeightingMethod::critic);
}

TEST(WeightingRegistry, ParseRejectsUnknownNamesListingTheValidOnes) {
  expect_error<qualis::ParseError>([] { qualis::parse_weighting_method("entropie"); }, ErrorCode::parse_error,
                                   {"\"entropie\"", "entropy", "critic", "coefficient_of_variation (cv)", "pca"});
  expect_error<qualis::ParseError>([] { qualis::parse_weighting_method(""); }, ErrorCode::parse_error, {"equal"});
}

TEST(WeightingRegistry, OptionEnumsHaveStableNames) {
  EXPECT_STREQ(qualis::to_string(WeightNormalization::min_max), "min_max");
  EXPECT_STREQ(qualis::to_string(EntropyZeroRule::zero_log_zero), "zero_log_zero");
  EXPECT_STREQ(qualis::to_string(DeviationKind::population), "population");
  EXPECT_STREQ(qualis::to_string(CriticCostHandling::reverse), "reverse");
  EXPECT_STREQ(qualis::to_string(PcaRotation::varimax), "varimax");
  EXPECT_STREQ(qualis::to_string(CombinationRule::multiplicative), "multiplicative");
  EXPECT_STREQ(qualis::to_string(WeightStatus::all_degenerate), "all_degenerate");
}

// ---------------------------------------------------------------------------------------------------
// Equal and fixed

TEST(EqualWeights, AreOneOverM) {
  const WeightResult r = qualis::equal_weights(4);
  expect_close(r.weights, vec({0.25, 0.25, 0.25, 0.25}), 1e-15);
  EXPECT_EQ(r.method, WeightingMethod::equal);
  EXPECT_EQ(r.status, WeightStatus::ok);
  expect_error<InvalidInput>([] { qualis::equal_weights(0); }, ErrorCode::empty_input, {"at least 1"});
}

TEST(FixedWeights, AreNormalisedRawWeights) {
  const WeightResult r = qualis::fixed_weights(vec({2, 1, 1, 0}));
  expect_close(r.weights, vec({0.5, 0.25, 0.25, 0.0}), 1e-15);
  expect_close(r.information, vec({2, 1, 1, 0}), 0);
  EXPECT_EQ(r.method, WeightingMethod::fixed);
}

TEST(FixedWeights, RejectBadWeightsNamingTheCriterion) {
  expect_error<InvalidInput>(
      [] {
        qualis::fixed_weights(vec({1, -1}));
      },
      ErrorCode::out_of_range, {"criterion (column) 1", "negative"});
  expect_error<InvalidInput>(
      [] {
        qualis::fixed_weights(vec({1, kNaN}));
      },
      ErrorCode::not_finite, {"criterion (column) 1"});
  expect_error<InvalidInput>(
      [] {
        qualis::fixed_weights(vec({kInf, 1}));
      },
      ErrorCode::not_finite, {"criterion (column) 0"});
  expect_error<InvalidInput>([] { qualis::fixed_weights(vec({0, 0})); }, ErrorCode::inconsistent, {"zero"});
  expect_error<InvalidInput>([] { qualis::fixed_weights(Eigen::VectorXd()); }, ErrorCode::empty_input);
}

// ---------------------------------------------------------------------------------------------------
// Entropy

TEST(EntropyWeights, ReproduceXu2004OnRawData) {
  // Published (Xu 2004, as printed): 0.4630, 0.3992, 0.1378, 0.0000. The fourth column varies only in one
  // value (28.9 vs 29), so its entropy is 1 - 8.1e-7 and its weight 3.3e-6.
  const WeightResult r = qualis::entropy_weights(xu_matrix(), ups(4), raw_entropy());
  expect_close(r.weights, vec({0.4630, 0.3992, 0.1378, 0.0000}), 5e-5);
  // numpy: entropy_raw_xu_w / _e
  expect_close(r.weights, vec({0.4629522868993797, 0.3992035489895921, 0.1378408561385327, 3.3079724954949016e-06}),
               1e-9);
  expect_close(r.entropy, vec({0.8872040802423209, 0.9027361290719847, 0.9664157914577686, 0.9999991940296857}), 1e-9);
  expect_close(r.information, Eigen::VectorXd::Ones(4) - r.entropy, 1e-15);
  EXPECT_EQ(r.status, WeightStatus::ok);
  EXPECT_EQ(r.units_used, 4);
  EXPECT_EQ(r.units_excluded, 0);
}

TEST(EntropyWeights, ReproduceZavadskasPodvezko2016OnRawData) {
  // Published: 0.1146, 0.1981, 0.4185, 0.2689 (p_ij on the raw values; directions play no part).
  const std::vector<Direction> dirs = {kDown, kUp, kDown, kUp};
  const WeightResult r = qualis::entropy_weights(zp_matrix(), dirs, raw_entropy());
  expect_close(r.weights, vec({0.1146, 0.1981, 0.4185, 0.2689}), 5e-5);
  // numpy: entropy_raw_zp_w
  expect_close(r.weights, vec({0.1145754498950897, 0.19808197181903742, 0.41846124455960365, 0.2688813337262692}),
               1e-9);
}

TEST(EntropyWeights, HwangYoonFighterAircraftDataMatchNumpy) {
  // Data of Hwang & Yoon's (1981) fighter-aircraft example (qualitative ratings as 3/5/7/9).
  const Eigen::MatrixXd x = rows({{2.0, 1500, 20000, 5.5, 5, 9},
                                  {2.5, 2700, 18000, 6.5, 3, 5},
                                  {1.8, 2000, 21000, 4.5, 7, 7},
                                  {2.2, 1800, 20000, 5.0, 5, 5}});
  const WeightResult r = qualis::entropy_weights(x, ups(6), raw_entropy());
  // numpy: entropy_raw_hy_w
  expect_close(r.weights,
               vec({0.06418973460150276, 0.20608816423562373, 0.013444590874367555, 0.08132562861545618,
                    0.35868002434480767, 0.2762718573282421}),
               1e-9);
}

TEST(EntropyWeights, MinMaxDefaultHonoursDirections) {
  const std::vector<Direction> dirs = {kDown, kUp, kDown, kUp};
  const WeightResult r = qualis::entropy_weights(zp_matrix(), dirs);
  // numpy: entropy_minmax_zp_e / _w (cost columns as (max - x)/(max - min), 0 ln 0 = 0)
  expect_close(r.entropy, vec({0.7493442852255486, 0.7427376486136671, 0.782798115178801, 0.7295739585136225}), 1e-9);
  expect_close(r.weights, vec({0.2517771320167485, 0.25841332628789515, 0.2181736318205327, 0.27163590987482367}),
               1e-9);
}

TEST(EntropyWeights, ShiftVariantAddsTheShiftBeforeP) {
  EntropyOptions o;
  o.zeros = EntropyZeroRule::shift;  // default shift 1e-4
  const WeightResult r = qualis::entropy_weights(zp_matrix(), {kDown, kUp, kDown, kUp}, o);
  // numpy: entropy_shift_zp_w
  expect_close(r.weights, vec({0.25177280543878633, 0.2584027042065016, 0.21818608361107655, 0.2716384067436355}),
               1e-9);
}

TEST(EntropyWeights, RawWeightsAreInvariantToScalingAColumn) {
  Eigen::MatrixXd x = xu_matrix();
  const WeightResult base = qualis::entropy_weights(x, ups(4), raw_entropy());
  x.col(1) *= 1000.0;
  x.col(2) *= 0.01;
  expect_close(qualis::entropy_weights(x, ups(4), raw_entropy()).weights, base.weights, 1e-12);
}

TEST(EntropyWeights, MinMaxWeightsAreInvariantToScalingAndShiftingAColumn) {
  Eigen::MatrixXd x = zp_matrix();
  const std::vector<Direction> dirs = {kDown, kUp, kDown, kUp};
  const WeightResult base = qualis::entropy_weights(x, dirs);
  x.col(0) = 7.0 * x.col(0).array() - 100.0;  // negative values are fine under min-max
  expect_close(qualis::entropy_weights(x, dirs).weights, base.weights, 1e-12);
}

TEST(EntropyWeights, ReversingADirectionAndNegatingTheColumnChangesNothing) {
  Eigen::MatrixXd x = zp_matrix();
  const WeightResult base = qualis::entropy_weights(x, {kDown, kUp, kDown, kUp});
  x.col(0) = -x.col(0);
  expect_close(qualis::entropy_weights(x, {kUp, kUp, kDown, kUp}).weights, base.weights, 1e-12);
  // whereas flipping the direction alone changes the normalised column, hence the weights
  EXPECT_GT(std::abs(qualis::entropy_weights(zp_matrix(), ups(4)).weights[0] - base.weights[0]), 1e-3);
}

TEST(EntropyWeights, PermutingUnitsLeavesWeightsAndPermutingCriteriaPermutesThem) {
  const Eigen::MatrixXd x = xu_matrix();
  const WeightResult base = qualis::entropy_weights(x, ups(4), raw_entropy());
  expect_close(qualis::entropy_weights(reverse_rows(x), ups(4), raw_entropy()).weights, base.weights, 1e-12);
  expect_close(qualis::entropy_weights(rotate_columns(x), ups(4), raw_entropy()).weights, rotate(base.weights), 1e-12);
}

// An independent evaluation of the textbook formula on a column long enough for many chunks: p_ij = y_ij / sum y,
// e_j = -sum p ln p / ln n, straight from the definition (std::log per cell, no rewriting).
TEST(EntropyWeights, MatchTheDefinitionOnALongMatrix) {
  const Eigen::MatrixXd x = qualis_test::random_matrix(3 * qualis::detail::column_chunk + 5, 4, 47);
  const std::vector<Direction> directions = {kUp, kDown, kUp, kUp};
  const auto r = qualis::entropy_weights(x, directions);
  const double n = static_cast<double>(x.rows());
  Eigen::VectorXd d(4);
  for (Eigen::Index j = 0; j < 4; ++j) {
    const double lo = x.col(j).minCoeff();
    const double hi = x.col(j).maxCoeff();
    Eigen::VectorXd y(x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      y[i] = directions[static_cast<std::size_t>(j)] == kUp ? (x(i, j) - lo) / (hi - lo) : (hi - x(i, j)) / (hi - lo);
    }
    const double total = y.sum();
    double plogp = 0.0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double p = y[i] / total;
      if (p > 0.0) plogp += p * std::log(p);
    }
    const double e = -plogp / std::log(n);
    expect_close(vec({r.entropy[j]}), vec({e}), 1e-12);
    d[j] = 1.0 - e;
  }
  expect_close(r.weights, d / d.sum(), 1e-9);
}

// With normalization none, p = x / sum x does not change when a column is scaled; near 1e307 the sum of u ln u
// overflows and the weights are computed from p directly: still the same weights.
TEST(EntropyWeights, RawWeightsSurviveHugeValues) {
  const Eigen::MatrixXd x = xu_matrix();
  const auto plain = qualis::entropy_weights(x, ups(4), raw_entropy());
  Eigen::MatrixXd huge = x;
  huge.col(1) *= 1e305;  // values up to 7e306: u ln u overflows, sum u does not
  huge.col(2) *= 1e-300;
  const auto r = qualis::entropy_weights(huge, ups(4), raw_entropy());
  ASSERT_TRUE(r.weights.allFinite());
  expect_close(r.weights, plain.weights, 1e-12);
  expect_close(r.entropy, plain.entropy, 1e-12);
}

TEST(EntropyWeights, ConstantColumnGetsWeightZeroAndIsReported) {
  Eigen::MatrixXd x(4, 3);
  x.col(0) = zp_matrix().col(1);
  x.col(1).setConstant(5.0);
  x.col(2) = zp_matrix().col(3);
  for (const auto norm : {WeightNormalization::min_max, WeightNormalization::none}) {
    EntropyOptions o;
    o.normalization = norm;
    const WeightResult r = qualis::entropy_weights(x, ups(3), o);
    expect_valid(r);
    EXPECT_EQ(r.weights[1], 0.0);
    EXPECT_EQ(r.entropy[1], 1.0);
    EXPECT_EQ(r.status, WeightStatus::degenerate_columns);
    EXPECT_EQ(r.degenerate_columns, std::vector<Eigen::Index>({1}));
    // the other weights are those of the matrix without the constant column
    Eigen::MatrixXd y(4, 2);
    y << x.col(0), x.col(2);
    const WeightResult s = qualis::entropy_weights(y, ups(2), o);
    EXPECT_NEAR(r.weights[0], s.weights[0], 1e-15);
    EXPECT_NEAR(r.weights[2], s.weights[1], 1e-15);
  }
}

TEST(EntropyWeights, AllConstantColumnsGiveEqualWeightsWithStatus) {
  const Eigen::MatrixXd x = rows({{1, 0}, {1, 0}, {1, 0}});
  for (const auto norm : {WeightNormalization::min_max, WeightNormalization::none}) {
    EntropyOptions o;
    o.normalization = norm;
    const WeightResult r = qualis::entropy_weights(x, ups(2), o);
    expect_close(r.weights, vec({0.5, 0.5}), 1e-15);
    EXPECT_EQ(r.status, WeightStatus::all_degenerate);
    EXPECT_EQ(r.degenerate_columns, std::vector<Eigen::Index>({0, 1}));
  }
}

TEST(EntropyWeights, SkipDropsUnitsWithAMissingValue) {
  Eigen::MatrixXd x(5, 4);
  x << xu_matrix().topRows(2), rows({{kNaN, 1, 2, 3}}), xu_matrix().bottomRows(2);
  EntropyOptions o = raw_entropy();
  o.missing = MissingRule::skip;
  const WeightResult r = qualis::entropy_weights(x, ups(4), o);
  expect_close(r.weights, qualis::entropy_weights(xu_matrix(), ups(4), raw_entropy()).weights, 1e-15);
  EXPECT_EQ(r.units_used, 4);
  EXPECT_EQ(r.units_excluded, 1);
}

TEST(EntropyWeights, RejectBadInput) {
  const auto x = xu_matrix();
  expect_error<InvalidInput>([] { qualis::entropy_weights(Eigen::MatrixXd(0, 3), ups(3)); }, ErrorCode::empty_input,
                             {"empty"});
  expect_error<InvalidInput>([&] { qualis::entropy_weights(x, ups(3)); }, ErrorCode::size_mismatch,
                             {"3 criterion directions for 4"});
  Eigen::MatrixXd bad = x;
  bad(2, 1) = kNaN;
  expect_error<InvalidInput>([&] { qualis::entropy_weights(bad, ups(4)); }, ErrorCode::not_finite,
                             {"unit (row) 2, criterion (column) 1", "missing"});
  bad(2, 1) = kInf;
  expect_error<InvalidInput>(
      [&] {
        EntropyOptions o;
        o.missing = MissingRule::skip;
        qualis::entropy_weights(bad, ups(4), o);
      },
      ErrorCode::not_finite, {"unit (row) 2, criterion (column) 1", "infinite"});
  bad(2, 1) = -3.0;
  expect_error<InvalidInput>([&] { qualis::entropy_weights(bad, ups(4), raw_entropy()); }, ErrorCode::out_of_range,
                             {"unit (row) 2, criterion (column) 1", "-3", "negative"});
  EXPECT_NO_THROW(qualis::entropy_weights(bad, ups(4)));  // min-max accepts negative values
  expect_error<InvalidInput>(
      [&] {
        qualis::entropy_weights(x, {kUp, Direction::target_is_best, kUp, kUp});
      },
      ErrorCode::invalid_argument, {"criterion (column) 1", "target_is_best"});
  expect_error<InvalidInput>(
      [&] {
        EntropyOptions o;
        o.missing = MissingRule::propagate;
        qualis::entropy_weights(x, ups(4), o);
      },
      ErrorCode::invalid_argument, {"propagate"});
  expect_error<InvalidInput>([&] { qualis::entropy_weights(x.topRows(1), ups(4)); }, ErrorCode::out_of_range,
                             {"1 complete units", "at least 2"});
  for (const double shift : {0.0, -1.0, kNaN}) {
    expect_error<InvalidInput>(
        [&] {
          EntropyOptions o;
          o.zeros = EntropyZeroRule::shift;
          o.shift = shift;
          qualis::entropy_weights(x, ups(4), o);
        },
        ErrorCode::out_of_range, {"shift"});
  }
}

// ---------------------------------------------------------------------------------------------------
// CRITIC

TEST(CriticWeights, ReproduceTusAytacAdali2019WithCostNotReversed) {
  // Published (Tus & Aytac Adali 2019): 0.157, 0.249, 0.168, 0.121, 0.154, 0.151. These come out only when
  // every column is normalised as (x - min)/(max - min), i.e. CriticCostHandling::ignore.
  CriticOptions o;
  o.cost = CriticCostHandling::ignore;
  const std::vector<Direction> dirs = {kDown, kUp, kUp, kUp, kUp, kUp};
  const WeightResult r = qualis::critic_weights(tus_matrix(), dirs, o);
  expect_close(r.weights, vec({0.157, 0.249, 0.168, 0.121, 0.154, 0.151}), 5e-4);
  // numpy: critic_ignore_w / _c (sample sd)
  expect_close(r.weights,
               vec({0.157003432041533, 0.24948924316364143, 0.1676752491926968, 0.1211002224302237, 0.15409929158594757,
                    0.15063256158595756}),
               1e-9);
  expect_close(r.information,
               vec({1.8702983072378163, 2.9720325415533915, 1.9974259839607884, 1.4426024837307685, 1.8357028279706786,
                    1.794405518948054}),
               1e-9);
  EXPECT_EQ(r.status, WeightStatus::ok);
  EXPECT_NEAR(r.correlation(0, 0), 1.0, 0.0);
  EXPECT_NEAR(r.correlation(1, 4), r.correlation(4, 1), 1e-15);
}

TEST(CriticWeights, DefaultReversesCostCriteria) {
  const WeightResult r = qualis::critic_weights(tus_matrix(), {kDown, kUp, kUp, kUp, kUp, kUp});
  // numpy: critic_reverse_w / _c
  expect_close(r.weights,
               vec({0.18406640733144122, 0.21302897851094368, 0.1422141623205031, 0.158300641222839, 0.1683822212826746,
                    0.13400758933159843}),
               1e-9);
  expect_close(r.information,
               vec({2.377501317614156, 2.7515975589601935, 1.8369150743055478, 2.0446967403930945, 2.1749158837087554,
                    1.7309145369066476}),
               1e-9);
}

TEST(CriticWeights, PopulationSdScalesCButLeavesWeights) {
  CriticOptions o;
  o.deviation = DeviationKind::population;
  const std::vector<Direction> dirs = {kDown, kUp, kUp, kUp, kUp, kUp};
  const WeightResult s = qualis::critic_weights(tus_matrix(), dirs);
  const WeightResult p = qualis::critic_weights(tus_matrix(), dirs, o);
  expect_close(p.weights, s.weights, 1e-12);
  expect_close(p.information, s.information * std::sqrt(4.0 / 5.0), 1e-12);
}

TEST(CriticWeights, InvariantsUnderPermutations) {
  const Eigen::MatrixXd x = tus_matrix();
  const std::vector<Direction> dirs = {kDown, kUp, kUp, kUp, kUp, kUp};
  const WeightResult base = qualis::critic_weights(x, dirs);
  expect_close(qualis::critic_weights(reverse_rows(x), dirs).weights, base.weights, 1e-12);
  const std::vector<Direction> rotated = {kUp, kUp, kUp, kUp, kUp, kDown};
  expect_close(qualis::critic_weights(rotate_columns(x), rotated).weights, rotate(base.weights), 1e-12);
}

TEST(CriticWeights, ConstantColumnIsLeftOutAsIfAbsent) {
  Eigen::MatrixXd x(5, 7);
  x << tus_matrix().leftCols(3), Eigen::VectorXd::Constant(5, 2.0), tus_matrix().rightCols(3);
  const std::vector<Direction> dirs = {kDown, kUp, kUp, kUp, kUp, kUp, kUp};
  const WeightResult r = qualis::critic_weights(x, dirs);
  expect_valid(r);
  EXPECT_EQ(r.weights[3], 0.0);
  EXPECT_EQ(r.deviation[3], 0.0);
  EXPECT_EQ(r.status, WeightStatus::degenerate_columns);
  EXPECT_EQ(r.degenerate_columns, std::vector<Eigen::Index>({3}));
  EXPECT_EQ(r.correlation(3, 0), 0.0);
  const WeightResult without = qualis::critic_weights(tus_matrix(), {kDown, kUp, kUp, kUp, kUp, kUp});
  Eigen::VectorXd expected(7);
  expected << without.weights.head(3), 0.0, without.weights.tail(3);
  expect_close(r.weights, expected, 1e-12);
}

TEST(CriticWeights, NoConflictFallsBackToStandardDeviations) {
  // Column 1 = 3 * column 0 + 1 (r = 1) and column 2 constant: every C_j is 0 up to rounding.
  const Eigen::MatrixXd x = rows({{1, 4, 7}, {2, 7, 7}, {4, 13, 7}, {8, 25, 7}});
  const WeightResult r = qualis::critic_weights(x, ups(3));
  expect_valid(r);
  EXPECT_EQ(r.status, WeightStatus::no_conflict);
  // min-max makes columns 0 and 1 identical, so their sds, hence weights, are equal
  expect_close(r.weights, vec({0.5, 0.5, 0.0}), 1e-12);
  // a single varying column takes all the weight
  const WeightResult one = qualis::critic_weights(x.col(0), ups(1));
  expect_close(one.weights, vec({1.0}), 0);
  EXPECT_EQ(one.status, WeightStatus::no_conflict);
}

TEST(CriticWeights, AllConstantGiveEqualWeights) {
  const WeightResult r = qualis::critic_weights(rows({{1, 2, 3}, {1, 2, 3}}), ups(3));
  expect_close(r.weights, vec({1.0 / 3, 1.0 / 3, 1.0 / 3}), 1e-15);
  EXPECT_EQ(r.status, WeightStatus::all_degenerate);
}

TEST(CriticWeights, RejectBadInput) {
  const auto x = tus_matrix();
  expect_error<InvalidInput>([&] { qualis::critic_weights(x, ups(5)); }, ErrorCode::size_mismatch, {"5", "6"});
  expect_error<InvalidInput>(
      [&] {
        qualis::critic_weights(x, {kUp, kUp, Direction::range_is_best, kUp, kUp, kUp});
      },
      ErrorCode::invalid_argument, {"criterion (column) 2", "range_is_best"});
  CriticOptions ignore;
  ignore.cost = CriticCostHandling::ignore;  // directions are then not read, only counted
  EXPECT_NO_THROW(qualis::critic_weights(x, {kUp, kUp, Direction::range_is_best, kUp, kUp, kUp}, ignore));
  Eigen::MatrixXd bad = x;
  bad(4, 5) = kNaN;
  expect_error<InvalidInput>([&] { qualis::critic_weights(bad, ups(6)); }, ErrorCode::not_finite,
                             {"unit (row) 4, criterion (column) 5"});
  CriticOptions skip;
  skip.missing = MissingRule::skip;
  const WeightResult r = qualis::critic_weights(bad, ups(6), skip);
  EXPECT_EQ(r.units_used, 4);
  expect_close(r.weights, qualis::critic_weights(x.topRows(4), ups(6)).weights, 1e-15);
  expect_error<InvalidInput>([] { qualis::critic_weights(Eigen::MatrixXd(3, 0), {}); }, ErrorCode::empty_input);
}

// ---------------------------------------------------------------------------------------------------
// Coefficient of variation and standard deviation

TEST(CvWeights, MatchNumpyAndIgnoreScale) {
  const WeightResult r = qualis::coefficient_of_variation_weights(zp_matrix());
  // numpy: cv_zp_w (sample sd over |mean|)
  expect_close(r.weights, vec({0.17257457754018993, 0.2249114956251933, 0.340981073716497, 0.26153285311811975}), 1e-9);
  Eigen::MatrixXd scaled = zp_matrix();
  scaled.col(2) *= 250.0;
  expect_close(qualis::coefficient_of_variation_weights(scaled).weights, r.weights, 1e-12);
  CvOptions pop;
  pop.deviation = DeviationKind::population;
  expect_close(qualis::coefficient_of_variation_weights(zp_matrix(), pop).weights, r.weights, 1e-12);
  expect_close(qualis::coefficient_of_variation_weights(reverse_rows(zp_matrix())).weights, r.weights, 1e-12);
}

TEST(CvWeights, RejectZeroMeanButNotAConstantZeroColumn) {
  const Eigen::MatrixXd x = rows({{1, -2, 0}, {2, 2, 0}, {3, 0, 0}});
  expect_error<InvalidInput>([&] { qualis::coefficient_of_variation_weights(x); }, ErrorCode::out_of_range,
                             {"criterion (column) 1", "mean 0"});
  const WeightResult r = qualis::coefficient_of_variation_weights(x.leftCols(1).replicate(1, 1));
  expect_close(r.weights, vec({1.0}), 0);
  Eigen::MatrixXd y(3, 2);
  y << x.col(0), x.col(2);  // all-zero column: constant, so weight 0 rather than an error
  const WeightResult s = qualis::coefficient_of_variation_weights(y);
  expect_close(s.weights, vec({1.0, 0.0}), 0);
  EXPECT_EQ(s.status, WeightStatus::degenerate_columns);
}

TEST(SdWeights, ReproduceSalabunEtAl2020OnDataInUnitRange) {
  // Published (Salabun, Watrobski & Shekhovtsov 2020): 0.217, 0.294, 0.488, sd of the given values.
  const Eigen::MatrixXd x = rows({{0.619, 0.449, 0.447},
                                  {0.862, 0.466, 0.006},
                                  {0.458, 0.698, 0.771},
                                  {0.777, 0.631, 0.491},
                                  {0.567, 0.992, 0.968}});
  SdOptions o;
  o.normalization = WeightNormalization::none;
  const WeightResult r = qualis::standard_deviation_weights(x, o);
  expect_close(r.weights, vec({0.217, 0.294, 0.488}), 5e-4);
  // numpy: sd_none_sal_w
  expect_close(r.weights, vec({0.21732619182884244, 0.2944915058879696, 0.48818230228318804}), 1e-9);
  expect_close(r.information, r.deviation, 0);
}

TEST(SdWeights, MinMaxDefaultMatchesNumpyAndIgnoresDirection) {
  const WeightResult r = qualis::standard_deviation_weights(zp_matrix());
  // numpy: sd_minmax_zp_w
  expect_close(r.weights, vec({0.2469980228154928, 0.2439704361545662, 0.2568581385628991, 0.25217340246704206}), 1e-9);
  Eigen::MatrixXd negated = zp_matrix();
  negated.col(0) = -negated.col(0);  // a cost column turned round: same spread
  expect_close(qualis::standard_deviation_weights(negated).weights, r.weights, 1e-12);
}

TEST(DispersionWeights, ConstantColumnsAndBadInput) {
  const Eigen::MatrixXd x = rows({{1, 5, 2}, {2, 5, 4}, {4, 5, 5}});
  for (const WeightResult& r : {qualis::standard_deviation_weights(x), qualis::coefficient_of_variation_weights(x)}) {
    expect_valid(r);
    EXPECT_EQ(r.weights[1], 0.0);
    EXPECT_EQ(r.status, WeightStatus::degenerate_columns);
  }
  const Eigen::MatrixXd flat = rows({{1, 5}, {1, 5}});
  EXPECT_EQ(qualis::standard_deviation_weights(flat).status, WeightStatus::all_degenerate);
  EXPECT_EQ(qualis::coefficient_of_variation_weights(flat).status, WeightStatus::all_degenerate);
  Eigen::MatrixXd bad = x;
  bad(1, 2) = -kInf;
  expect_error<InvalidInput>([&] { qualis::standard_deviation_weights(bad); }, ErrorCode::not_finite,
                             {"unit (row) 1, criterion (column) 2"});
  expect_error<InvalidInput>([&] { qualis::coefficient_of_variation_weights(bad); }, ErrorCode::not_finite,
                             {"unit (row) 1, criterion (column) 2"});
}

// ---------------------------------------------------------------------------------------------------
// PCA (OECD/JRC 2008, section 6.1)

TEST(PcaWeights, ReproduceHandbookTable16Eigenvalues) {
  PcaOptions o;
  o.factors = 4;
  const WeightResult r = qualis::pca_weights(tai_matrix(), o);
  // Handbook Table 16 (one decimal): eigenvalues 3.3 1.7 1.0 0.9 0.5 0.3 0.2 0.1; variance (%) 41.9 21.8
  // 12.3 11.1 6.0 3.7 2.2 0.9. Ours are 11.17 and 5.89 where it prints 11.1 and 6.0 (its column adds to
  // 99.9); its cumulative 87.2 after four factors agrees with ours, so shares are compared at 0.15 points.
  const Eigen::VectorXd published = vec({3.3, 1.7, 1.0, 0.9, 0.5, 0.3, 0.2, 0.1});
  const Eigen::VectorXd share = vec({41.9, 21.8, 12.3, 11.1, 6.0, 3.7, 2.2, 0.9});
  ASSERT_EQ(r.pca.eigenvalues.size(), 8);
  for (Eigen::Index q = 0; q < 8; ++q) {
    EXPECT_NEAR(r.pca.eigenvalues[q], published[q], 0.06) << q;
    EXPECT_NEAR(100.0 * r.pca.variance_share[q], share[q], 0.15) << q;
  }
  EXPECT_NEAR(100.0 * r.pca.variance_share.head(4).sum(), 87.2, 0.05);
  // numpy: pca_tai_eigenvalues (numpy.linalg.eigh of the correlation matrix)
  expect_close(r.pca.eigenvalues,
               vec({3.3543612072880014, 1.7460601162146994, 0.9848620302345866, 0.8939157330866081, 0.4711961306614235,
                    0.2994520318731194, 0.17442218145165916, 0.07573056918990353}),
               1e-9);
}

TEST(PcaWeights, ReproduceHandbookTable17PatentsRowAndNumpyWeights) {
  PcaOptions o;
  o.factors = 4;  // the Handbook keeps four factors
  const WeightResult r = qualis::pca_weights(tai_matrix(), o);
  expect_valid(r);
  EXPECT_EQ(r.pca.factors, 4);
  EXPECT_TRUE(r.pca.rotation_converged);
  EXPECT_EQ(r.status, WeightStatus::ok);
  // Handbook Table 17, patents: rotated loadings 0.07 0.97 0.06 0.06 (in some factor order and sign),
  // squared loading scaled to unity sum 0.67 on its factor. Published to two decimals and from another
  // varimax implementation, so compared at 0.02.
  std::vector<double> patents;
  for (Eigen::Index q = 0; q < 4; ++q) patents.push_back(std::abs(r.pca.loadings(0, q)));
  std::sort(patents.begin(), patents.end());
  EXPECT_NEAR(patents[3], 0.97, 0.02);
  EXPECT_NEAR(patents[2], 0.07, 0.02);
  EXPECT_NEAR(patents[1], 0.06, 0.02);
  EXPECT_NEAR(patents[0], 0.06, 0.02);
  const Eigen::Index f = r.pca.factor_of_criterion[0];
  EXPECT_NEAR(r.pca.loadings(0, f) * r.pca.loadings(0, f) / r.pca.explained_variance[f], 0.67, 0.01);
  // numpy: pca_tai4_explained (sorted) and pca_tai4_w, from an SVD-based varimax (a different algorithm
  // converging to the same rotation). Iterative: each stops once its rotation moves by less than 1e-12
  // (C++, angle) or 1e-15 (numpy, matrix entries); they agree to ~1e-12, so 1e-10 is a safe bound.
  Eigen::VectorXd ex = r.pca.explained_variance;
  std::sort(ex.data(), ex.data() + ex.size(), std::greater<>());
  expect_close(ex, vec({2.6323733432439114, 1.7829912915935415, 1.3851946555226833, 1.178639796463756}), 1e-10);
  expect_close(r.weights,
               vec({0.16798381786612615, 0.15464636736016538, 0.11127831510697962, 0.0564827458697426,
                    0.08621076291194275, 0.11858444757567145, 0.138779524063522, 0.16603401924585004}),
               1e-10);
  EXPECT_NEAR(r.pca.factor_share.sum(), 1.0, 1e-12);
}

TEST(PcaWeights, RetentionRuleKeepsTwoFactorsOnTai) {
  // Rules (1) eigenvalue > 1 and (2) share > 10% keep factors 1 and 2 (63.8% >= 60%, rule 3 satisfied).
  const WeightResult r = qualis::pca_weights(tai_matrix());
  EXPECT_EQ(r.pca.factors, 2);
  // numpy: pca_tai2_w
  expect_close(r.weights,
               vec({0.12478766449548412, 0.05195084677487631, 0.18814060499850163, 0.16541896275128465,
                    0.1336336455256069, 0.18436282255543515, 0.1220060651782693, 0.02969938772054192}),
               1e-10);
  PcaOptions strict;
  strict.cumulative_variance_min = 0.8;  // rule 3 then adds factors 3 and 4 (76.1% < 80% <= 87.2%)
  EXPECT_EQ(qualis::pca_weights(tai_matrix(), strict).pca.factors, 4);
}

TEST(PcaWeights, UnrotatedLoadingsMatchNumpy) {
  PcaOptions o;
  o.factors = 4;
  o.rotation = PcaRotation::none;
  const WeightResult r = qualis::pca_weights(tai_matrix(), o);
  EXPECT_EQ(r.pca.rotation_sweeps, 0);
  // numpy: pca_tai4_norot_w (closed form: eigen-decomposition only)
  expect_close(r.weights,
               vec({0.08023362611133501, 0.06338783366531942, 0.18514096927676885, 0.15839735559025717,
                    0.12746408736995393, 0.18079562019881443, 0.03519736518101605, 0.1693831426065352}),
               1e-9);
}

TEST(PcaWeights, InvariantToUnitOrderAndColumnScale) {
  PcaOptions o;
  o.factors = 4;
  const WeightResult base = qualis::pca_weights(tai_matrix(), o);
  expect_close(qualis::pca_weights(reverse_rows(tai_matrix()), o).weights, base.weights, 1e-9);
  Eigen::MatrixXd scaled = tai_matrix();
  scaled.col(3) = -0.5 * scaled.col(3).array() + 3.0;  // correlations change sign only: squared loadings same
  expect_close(qualis::pca_weights(scaled, o).weights, base.weights, 1e-9);
}

TEST(PcaWeights, ConstantColumnIsLeftOut) {
  Eigen::MatrixXd x(23, 9);
  x << tai_matrix(), Eigen::VectorXd::Constant(23, 1.0);
  PcaOptions o;
  o.factors = 4;
  const WeightResult r = qualis::pca_weights(x, o);
  expect_valid(r);
  EXPECT_EQ(r.weights[8], 0.0);
  EXPECT_EQ(r.pca.factor_of_criterion[8], -1);
  EXPECT_EQ(r.status, WeightStatus::degenerate_columns);
  expect_close(r.weights.head(8), qualis::pca_weights(tai_matrix(), o).weights, 1e-12);
  const WeightResult flat = qualis::pca_weights(rows({{1, 2}, {1, 2}, {1, 2}}));
  EXPECT_EQ(flat.status, WeightStatus::all_degenerate);
  expect_close(flat.weights, vec({0.5, 0.5}), 0);
}

TEST(PcaWeights, RotationLimitIsReportedNotThrown) {
  PcaOptions o;
  o.factors = 4;
  o.max_sweeps = 1;
  const WeightResult r = qualis::pca_weights(tai_matrix(), o);
  expect_valid(r);
  EXPECT_EQ(r.status, WeightStatus::not_converged);
  EXPECT_FALSE(r.pca.rotation_converged);
  EXPECT_EQ(r.pca.rotation_sweeps, 1);
}

TEST(PcaWeights, RejectBadOptions) {
  const auto x = tai_matrix();
  const auto with = [&](auto set) {
    return [&x, set] {
      PcaOptions o;
      set(o);
      qualis::pca_weights(x, o);
    };
  };
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.factors = 9; }), ErrorCode::out_of_range, {"factors", "8"});
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.factors = -1; }), ErrorCode::out_of_range, {"factors"});
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.variance_share_min = 1.5; }), ErrorCode::out_of_range,
                             {"variance_share_min"});
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.cumulative_variance_min = kNaN; }), ErrorCode::out_of_range,
                             {"cumulative_variance_min"});
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.eigenvalue_min = -1; }), ErrorCode::out_of_range,
                             {"eigenvalue_min"});
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.max_sweeps = 0; }), ErrorCode::out_of_range, {"max_sweeps"});
  expect_error<InvalidInput>(with([](PcaOptions& o) { o.rotation_tolerance = 0; }), ErrorCode::out_of_range,
                             {"rotation_tolerance"});
  Eigen::MatrixXd bad = x;
  bad(0, 0) = kNaN;
  expect_error<InvalidInput>([&] { qualis::pca_weights(bad); }, ErrorCode::not_finite,
                             {"unit (row) 0, criterion (column) 0"});
}

// ---------------------------------------------------------------------------------------------------
// Combined weights

TEST(CombinedWeights, LinearAndMultiplicative) {
  const Eigen::VectorXd ws = vec({2, 1, 1});  // -> 0.5, 0.25, 0.25
  const Eigen::VectorXd wo = vec({0.2, 0.2, 0.6});
  CombineOptions lin;
  lin.alpha = 0.25;
  const WeightResult a = qualis::combine_weights(ws, wo, lin);
  expect_close(a.weights, vec({0.275, 0.2125, 0.5125}), 1e-15);  // 0.25*ws + 0.75*wo
  expect_close(a.subjective, vec({0.5, 0.25, 0.25}), 1e-15);
  EXPECT_EQ(a.method, WeightingMethod::combined);
  CombineOptions mul;
  mul.rule = CombinationRule::multiplicative;
  // products 0.1, 0.05, 0.15 over 0.3
  expect_close(qualis::combine_weights(ws, wo, mul).weights, vec({1.0 / 3, 1.0 / 6, 0.5}), 1e-15);
  CombineOptions edge;
  edge.alpha = 1.0;
  expect_close(qualis::combine_weights(ws, wo, edge).weights, vec({0.5, 0.25, 0.25}), 1e-15);
}

TEST(CombinedWeights, RejectBadInput) {
  expect_error<InvalidInput>(
      [] {
        qualis::combine_weights(vec({1, 1}), vec({1, 1, 1}));
      },
      ErrorCode::size_mismatch, {"objective", "3 weights for 2"});
  expect_error<InvalidInput>(
      [] {
        CombineOptions o;
        o.alpha = 1.5;
        qualis::combine_weights(vec({1, 1}), vec({1, 1}), o);
      },
      ErrorCode::out_of_range, {"alpha", "1.5"});
  expect_error<InvalidInput>(
      [] {
        CombineOptions o;
        o.rule = CombinationRule::multiplicative;
        qualis::combine_weights(vec({1, 0}), vec({0, 1}), o);
      },
      ErrorCode::inconsistent, {"multiplicative"});
  expect_error<InvalidInput>(
      [] {
        qualis::combine_weights(vec({1, -1}), vec({1, 1}));
      },
      ErrorCode::out_of_range, {"subjective", "criterion (column) 1"});
  expect_error<InvalidInput>([] { qualis::combine_weights(Eigen::VectorXd(), Eigen::VectorXd()); },
                             ErrorCode::empty_input);
}

// ---------------------------------------------------------------------------------------------------
// Dispatch

TEST(ComputeWeights, DispatchesToEachMethod) {
  const Eigen::MatrixXd x = zp_matrix();
  const std::vector<Direction> dirs = {kDown, kUp, kDown, kUp};
  WeightOptions o;
  o.fixed = vec({1, 2, 3, 4});
  const auto run = [&](WeightingMethod m) {
    WeightOptions p = o;
    p.method = m;
    const WeightResult r = qualis::compute_weights(x, dirs, p);
    EXPECT_EQ(r.method, m);
    expect_valid(r);
    return r.weights;
  };
  expect_close(run(WeightingMethod::equal), qualis::equal_weights(4).weights, 0);
  expect_close(run(WeightingMethod::fixed), vec({0.1, 0.2, 0.3, 0.4}), 1e-15);
  expect_close(run(WeightingMethod::entropy), qualis::entropy_weights(x, dirs).weights, 0);
  expect_close(run(WeightingMethod::critic), qualis::critic_weights(x, dirs).weights, 0);
  expect_close(run(WeightingMethod::coefficient_of_variation), qualis::coefficient_of_variation_weights(x).weights, 0);
  expect_close(run(WeightingMethod::standard_deviation), qualis::standard_deviation_weights(x).weights, 0);
  expect_close(run(WeightingMethod::pca), qualis::pca_weights(x).weights, 0);
  const Eigen::VectorXd combined = run(WeightingMethod::combined);
  expect_close(combined, 0.5 * vec({0.1, 0.2, 0.3, 0.4}) + 0.5 * qualis::entropy_weights(x, dirs).weights, 1e-15);
  EXPECT_EQ(WeightOptions{}.method, WeightingMethod::equal);
}

TEST(ComputeWeights, CombinedKeepsObjectiveDiagnostics) {
  WeightOptions o;
  o.method = WeightingMethod::combined;
  o.fixed = vec({1, 1, 1, 1, 1, 1});
  o.combine.objective = WeightingMethod::critic;
  o.combine.rule = CombinationRule::multiplicative;
  const std::vector<Direction> dirs = {kDown, kUp, kUp, kUp, kUp, kUp};
  const WeightResult r = qualis::compute_weights(tus_matrix(), dirs, o);
  // equal subjective weights times CRITIC weights, renormalised, are the CRITIC weights
  expect_close(r.weights, qualis::critic_weights(tus_matrix(), dirs).weights, 1e-12);
  EXPECT_EQ(r.correlation.rows(), 6);
  expect_close(r.objective, r.weights, 1e-12);
}

TEST(ComputeWeights, RejectBadInput) {
  const Eigen::MatrixXd x = zp_matrix();
  WeightOptions o;
  expect_error<InvalidInput>([&] { qualis::compute_weights(Eigen::MatrixXd(0, 0), {}, o); }, ErrorCode::empty_input);
  expect_error<InvalidInput>([&] { qualis::compute_weights(x, ups(3), o); }, ErrorCode::size_mismatch,
                             {"3 criterion directions for 4"});
  o.method = WeightingMethod::fixed;
  o.fixed = vec({1, 2});
  expect_error<InvalidInput>([&] { qualis::compute_weights(x, ups(4), o); }, ErrorCode::size_mismatch,
                             {"2 fixed weights for 4"});
  o.method = WeightingMethod::combined;
  o.fixed = vec({1, 2, 3, 4});
  o.combine.objective = WeightingMethod::fixed;
  expect_error<InvalidInput>([&] { qualis::compute_weights(x, ups(4), o); }, ErrorCode::invalid_argument,
                             {"objective", "fixed"});
  o.method = static_cast<WeightingMethod>(42);
  expect_error<InvalidInput>([&] { qualis::compute_weights(x, ups(4), o); }, ErrorCode::invalid_argument,
                             {"unknown weighting method 42"});
}

TEST(ComputeWeights, NeverNaNOnDegenerateData) {
  // A constant column, a two-valued column and a single outlier: every method stays finite.
  const Eigen::MatrixXd x = rows({{3, 1, 0, 1}, {3, 2, 0, 1}, {3, 1, 0, 1}, {3, 2, 0, 50}});
  for (std::size_t i = 0; i < qualis::weighting_methods().size(); ++i) {
    WeightOptions o;
    o.method = static_cast<WeightingMethod>(i);
    o.fixed = vec({1, 1, 1, 1});
    if (o.method == WeightingMethod::coefficient_of_variation) continue;  // column 2 has mean 0 and is constant
    const WeightResult r = qualis::compute_weights(x, ups(4), o);
    expect_valid(r);
  }
  const WeightResult cv = qualis::coefficient_of_variation_weights(x);
  expect_valid(cv);
  EXPECT_EQ(cv.degenerate_columns, std::vector<Eigen::Index>({0, 2}));
}

// Entropy weights reduce each column on one thread, in a fixed order: the same bits with 1 and 4 threads, for the
// default options, the shift rule, normalization none and the skip rule with incomplete units.
#ifdef _OPENMP
TEST(EntropyWeights, SameBitsForOneAndFourThreads) {
  Eigen::MatrixXd x = qualis_test::random_matrix(2000, 30, 21);
  std::vector<Direction> directions(static_cast<std::size_t>(x.cols()), Direction::higher_is_better);
  for (std::size_t j = 1; j < directions.size(); j += 3) directions[j] = Direction::lower_is_better;
  x.col(4).setConstant(3.0);  // a degenerate column on the way
  Eigen::MatrixXd with_missing = x;
  for (Eigen::Index j = 0; j < x.cols(); ++j) with_missing((j * 131) % x.rows(), j) = std::nan("");
  EntropyOptions shift;
  shift.zeros = EntropyZeroRule::shift;
  EntropyOptions none;
  none.normalization = WeightNormalization::none;
  EntropyOptions skip;
  skip.missing = MissingRule::skip;
  const struct {
    const char* name;
    const Eigen::MatrixXd& data;
    EntropyOptions options;
  } cases[] = {{"default", x, {}}, {"shift", x, shift}, {"none", x, none}, {"skip", with_missing, skip}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto [one, four] =
        qualis_test::with_1_and_4_threads([&] { return qualis::entropy_weights(c.data, directions, c.options); });
    EXPECT_TRUE(qualis_test::same_bits(one.weights, four.weights));
    EXPECT_TRUE(qualis_test::same_bits(one.entropy, four.entropy));
    EXPECT_TRUE(qualis_test::same_bits(one.information, four.information));
    EXPECT_EQ(one.degenerate_columns, four.degenerate_columns);
    EXPECT_EQ(one.units_used, four.units_used);
  }
}

// CRITIC and PCA form U^T U of the standardised data. Eigen splits a general matrix product between OpenMP threads
// with a blocking that depends on their number (so 1 and 4 threads gave different correlations here); the
// symmetric rank update they use instead gives the same bits for any thread count.
TEST(CriticAndPcaWeights, SameBitsForOneAndFourThreads) {
  const Eigen::MatrixXd x = qualis_test::random_matrix(2000, 30, 22);
  const std::vector<Direction> directions(static_cast<std::size_t>(x.cols()), Direction::higher_is_better);
  const auto [critic_one, critic_four] =
      qualis_test::with_1_and_4_threads([&] { return qualis::critic_weights(x, directions); });
  EXPECT_TRUE(qualis_test::same_bits(critic_one.correlation, critic_four.correlation));
  EXPECT_TRUE(qualis_test::same_bits(critic_one.weights, critic_four.weights));
  const auto [pca_one, pca_four] = qualis_test::with_1_and_4_threads([&] { return qualis::pca_weights(x); });
  EXPECT_TRUE(qualis_test::same_bits(pca_one.pca.eigenvalues, pca_four.pca.eigenvalues));
  EXPECT_TRUE(qualis_test::same_bits(pca_one.pca.loadings, pca_four.pca.loadings));
  EXPECT_TRUE(qualis_test::same_bits(pca_one.weights, pca_four.weights));
}
#endif

}  // namespace
