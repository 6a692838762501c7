// Tests for qualis/score/ahp.hpp: pairwise-matrix validation, the three derivations, lambda_max, CI, CR
// and the random-index tables, against Saaty's published house example and numpy.
//
// "numpy" values were printed by tests/reference/weights.py (numpy.linalg.eig for the principal eigenpair,
// written from the formulas, not from the C++ code). Power iteration stops when no weight moves by more
// than 1e-12, so eigenvector results are compared at 1e-10; the closed-form derivations at 1e-9 relative.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <qualis/score/ahp.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/eigen.hpp"
#include "support/expect_error.hpp"
#include "support/registry.hpp"

namespace {

using qualis::AhpDerivation;
using qualis::AhpLambdaEstimate;
using qualis::AhpOptions;
using qualis::AhpResult;
using qualis::AhpScale;
using qualis::AhpStatus;
using qualis::ConsistencyPolicy;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::RandomIndexTable;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::rows;
using qualis_test::vec;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Saaty (1990), "How to make a decision: the Analytic Hierarchy Process", EJOR 48:9-26, house example:
// the criteria (size, transportation, neighbourhood, age, yard, modern facilities, general condition,
// financing) compared for their importance. Saaty prints priorities .173 .054 .188 .018 .031 .036 .167
// .333, lambda_max = 9.669, CI = 0.238, CR = 0.169.
Eigen::MatrixXd house() {
  return rows({{1, 5, 3, 7, 6, 6, 1.0 / 3, 1.0 / 4},
               {1.0 / 5, 1, 1.0 / 3, 5, 3, 3, 1.0 / 5, 1.0 / 7},
               {1.0 / 3, 3, 1, 6, 3, 4, 6, 1.0 / 5},
               {1.0 / 7, 1.0 / 5, 1.0 / 6, 1, 1.0 / 3, 1.0 / 4, 1.0 / 7, 1.0 / 8},
               {1.0 / 6, 1.0 / 3, 1.0 / 3, 3, 1, 1.0 / 2, 1.0 / 5, 1.0 / 6},
               {1.0 / 6, 1.0 / 3, 1.0 / 4, 4, 2, 1, 1.0 / 5, 1.0 / 6},
               {3, 5, 1.0 / 6, 7, 5, 5, 1, 1.0 / 2},
               {4, 7, 5, 8, 6, 6, 2, 1}});
}

// Same paper, houses A, B, C compared on "size of house": priorities .754 .181 .065, lambda_max = 3.136,
// CI = 0.068, CR = 0.117.
Eigen::MatrixXd size_of_house() { return rows({{1, 6, 8}, {1.0 / 6, 1, 4}, {1.0 / 8, 1.0 / 4, 1}}); }

AhpOptions warn(AhpDerivation d = AhpDerivation::eigenvector) {
  AhpOptions o;
  o.derivation = d;
  o.policy = ConsistencyPolicy::warn;
  return o;
}

// a_ij = w_i / w_j: perfectly consistent.
Eigen::MatrixXd consistent_from(const Eigen::VectorXd& w) { return w * w.cwiseInverse().transpose(); }

// ---------------------------------------------------------------------------------------------------
// Registry and names

TEST(AhpRegistry, DerivationsRoundTripWithUniqueNames) {
  const auto& table = qualis::ahp_derivations();
  qualis_test::expect_registry_in_enum_order<AhpDerivation>(
      table, 3, [](const char* name) { return qualis::parse_ahp_derivation(name); });
  for (const auto& info : table) EXPECT_FALSE(info.parameters.empty()) << info.name;
  // The tool's spellings `--derivation eigenvector|geometric|column` are aliases.
  EXPECT_EQ(qualis::parse_ahp_derivation("geometric"), AhpDerivation::geometric_mean);
  EXPECT_EQ(qualis::parse_ahp_derivation("column"), AhpDerivation::normalized_column_mean);
  EXPECT_EQ(qualis::parse_ahp_derivation("Eigenvector"), AhpDerivation::eigenvector);
  expect_error<qualis::ParseError>(
      [] { qualis::parse_ahp_derivation("eigen"); }, ErrorCode::parse_error,
      {"\"eigen\"", "eigenvector", "geometric_mean (geometric)", "normalized_column_mean (column)"});
}

TEST(AhpRegistry, RandomIndexTablesRoundTrip) {
  for (const auto t : {RandomIndexTable::saaty, RandomIndexTable::alonso_lamata, RandomIndexTable::chinese_textbook,
                       RandomIndexTable::custom}) {
    EXPECT_EQ(qualis::parse_random_index_table(qualis::to_string(t)), t);
  }
  expect_error<qualis::ParseError>([] { qualis::parse_random_index_table("noble"); }, ErrorCode::parse_error,
                                   {"\"noble\"", "alonso_lamata"});
  EXPECT_STREQ(qualis::to_string(ConsistencyPolicy::warn), "warn");
  EXPECT_STREQ(qualis::to_string(AhpScale::any_positive), "any_positive");
  EXPECT_STREQ(qualis::to_string(AhpLambdaEstimate::mean_ratio), "mean_ratio");
  EXPECT_STREQ(qualis::to_string(AhpStatus::not_converged), "not_converged");
}

// ---------------------------------------------------------------------------------------------------
// Random index

TEST(RandomIndex, TablesAsPublished) {
  // Saaty (1980): 0 0 .58 .90 1.12 1.24 1.32 1.41 1.45 1.49 1.51 1.48 1.56 1.57 1.59
  const std::vector<double> saaty = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                     1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  // Alonso & Lamata (2006), n = 3..15
  const std::vector<double> al = {0,      0,      0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
                                  1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838};
  // The 15-order table of Chinese textbooks
  const std::vector<double> cn = {0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59};
  for (Eigen::Index n = 1; n <= 15; ++n) {
    const auto i = static_cast<std::size_t>(n - 1);
    EXPECT_EQ(qualis::random_index(RandomIndexTable::saaty, n), saaty[i]) << n;
    EXPECT_EQ(qualis::random_index(RandomIndexTable::alonso_lamata, n), al[i]) << n;
    EXPECT_EQ(qualis::random_index(RandomIndexTable::chinese_textbook, n), cn[i]) << n;
  }
  expect_error<InvalidInput>([] { qualis::random_index(RandomIndexTable::saaty, 16); }, ErrorCode::out_of_range,
                             {"n = 16", "n <= 15"});
  expect_error<InvalidInput>([] { qualis::random_index(RandomIndexTable::saaty, 0); }, ErrorCode::out_of_range,
                             {"at least 1"});
  expect_error<InvalidInput>([] { qualis::random_index(RandomIndexTable::custom, 3); }, ErrorCode::invalid_argument,
                             {"custom"});
}

// ---------------------------------------------------------------------------------------------------
// Published examples

TEST(AhpWeights, ReproduceSaaty1990HouseCriteria) {
  const AhpResult r = qualis::ahp_weights(house(), warn());
  expect_close(r.weights, vec({0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333}), 5e-4);
  EXPECT_NEAR(r.lambda_max, 9.669, 5e-4);
  EXPECT_NEAR(r.ci, 0.238, 5e-4);
  EXPECT_NEAR(r.cr, 0.169, 5e-4);
  EXPECT_EQ(r.ri, 1.41);
  EXPECT_FALSE(r.consistent);
  EXPECT_EQ(r.status, AhpStatus::ok);
  EXPECT_GT(r.iterations, 1);
  // numpy: ahp_house_eig_w and ahp_house_lambda (numpy.linalg.eig)
  expect_close(r.weights,
               vec({0.17301747464834766, 0.053975722999039306, 0.1881102988574409, 0.017507911308195706,
                    0.031043736403902292, 0.03632220215465611, 0.16683367362634793, 0.3331889800020701}),
               1e-10);
  EXPECT_NEAR(r.lambda_max, 9.66888731711815, 1e-10 * 9.67);
  EXPECT_NEAR(r.ci, (9.66888731711815 - 8) / 7, 1e-10);
}

TEST(AhpWeights, RejectModeThrowsWithTheConsistencyRatio) {
  expect_error<InvalidInput>([] { qualis::ahp_weights(house()); }, ErrorCode::inconsistent,
                             {"CR = 0.1691", "threshold 0.1", "RI(8) = 1.41", "warn"});
  AhpOptions loose;
  loose.threshold = 0.2;
  EXPECT_TRUE(qualis::ahp_weights(house(), loose).consistent);
}

TEST(AhpWeights, ReproduceSaaty1990SizeOfHouse) {
  const AhpResult r = qualis::ahp_weights(size_of_house(), warn());
  expect_close(r.weights, vec({0.754, 0.181, 0.065}), 5e-4);
  EXPECT_NEAR(r.lambda_max, 3.136, 5e-4);
  EXPECT_NEAR(r.ci, 0.068, 5e-4);
  EXPECT_NEAR(r.cr, 0.117, 5e-4);
  EXPECT_FALSE(r.consistent);  // Saaty's own example exceeds 0.10
  // numpy: ahp_size_eig_w, ahp_size_lambda
  expect_close(r.weights, vec({0.7535538990234708, 0.18113546451167886, 0.06531063646485041}), 1e-10);
  EXPECT_NEAR(r.lambda_max, 3.1356108446580437, 1e-10);
}

TEST(AhpWeights, GeometricAndColumnDerivationsMatchNumpy) {
  AhpResult r = qualis::ahp_weights(house(), warn(AhpDerivation::geometric_mean));
  EXPECT_EQ(r.derivation, AhpDerivation::geometric_mean);
  EXPECT_EQ(r.iterations, 0);
  // numpy: ahp_house_gm_w, ahp_house_gm_lambda (mean of (A w)_i / w_i)
  expect_close(r.weights,
               vec({0.17480508967594263, 0.06264651344526855, 0.1487063356611066, 0.019344908653629447,
                    0.035570280083140206, 0.042300430157509915, 0.16701626297151737, 0.3496101793518853}),
               1e-9);
  EXPECT_NEAR(r.lambda_max, 9.593203329671034, 1e-9 * 9.6);
  EXPECT_NEAR(r.cr, (9.593203329671034 - 8) / 7 / 1.41, 1e-9);
  r = qualis::ahp_weights(house(), warn(AhpDerivation::normalized_column_mean));
  // numpy: ahp_house_cm_w, ahp_house_cm_lambda
  expect_close(r.weights,
               vec({0.17437492384838837, 0.06608449083968757, 0.17015215186835408, 0.01889929722237991,
                    0.0352504763592837, 0.04445701659354435, 0.1784887930700104, 0.31229285019835157}),
               1e-9);
  EXPECT_NEAR(r.lambda_max, 9.618186582148443, 1e-9 * 9.6);
  // For n = 3 the geometric mean is the eigenvector (Crawford & Williams 1985).
  r = qualis::ahp_weights(size_of_house(), warn(AhpDerivation::geometric_mean));
  expect_close(r.weights, vec({0.7535538990234707, 0.1811354645116788, 0.06531063646485041}), 1e-12);
  r = qualis::ahp_weights(size_of_house(), warn(AhpDerivation::normalized_column_mean));
  expect_close(r.weights, vec({0.7390547902227547, 0.19155186674652747, 0.06939334303071788}), 1e-9);
  EXPECT_NEAR(r.lambda_max, 3.139919493887945, 1e-9 * 3.1);
}

TEST(AhpWeights, PrincipalEigenvalueOptionForApproximateDerivations) {
  AhpOptions o = warn(AhpDerivation::geometric_mean);
  o.lambda = AhpLambdaEstimate::principal_eigenvalue;
  const AhpResult r = qualis::ahp_weights(house(), o);
  EXPECT_NEAR(r.lambda_max, 9.66888731711815, 1e-10 * 9.67);  // numpy: ahp_house_lambda
  EXPECT_GT(r.iterations, 0);
  // the weights stay the geometric means
  EXPECT_NEAR(r.weights[0], 0.17480508967594263, 1e-9);
}

TEST(AhpWeights, OtherRandomIndexTablesChangeOnlyCr) {
  AhpOptions o = warn();
  const AhpResult s = qualis::ahp_weights(house(), o);
  o.random_index = RandomIndexTable::alonso_lamata;
  const AhpResult a = qualis::ahp_weights(house(), o);
  EXPECT_EQ(a.ri, 1.4056);
  EXPECT_EQ(a.random_index, RandomIndexTable::alonso_lamata);
  EXPECT_NEAR(a.cr, s.ci / 1.4056, 1e-15);
  expect_close(a.weights, s.weights, 0);
  o.random_index = RandomIndexTable::chinese_textbook;
  EXPECT_EQ(qualis::ahp_weights(house(), o).ri, 1.41);
  o.random_index = RandomIndexTable::custom;
  o.custom_random_index = {0, 0, 0.5, 0.9, 1.1, 1.2, 1.3, 2.0};
  EXPECT_NEAR(qualis::ahp_weights(house(), o).cr, s.ci / 2.0, 1e-15);
  o.custom_random_index = {0, 0, 0.5};
  expect_error<InvalidInput>([&] { qualis::ahp_weights(house(), o); }, ErrorCode::out_of_range,
                             {"custom", "n = 8", "n <= 3"});
  o.custom_random_index = {0, 0, 0.5, 0.9, 1.1, 1.2, 1.3, 0.0};
  expect_error<InvalidInput>([&] { qualis::ahp_weights(house(), o); }, ErrorCode::out_of_range, {"RI(8) = 0"});
  o.custom_random_index.clear();
  expect_error<InvalidInput>([&] { qualis::ahp_weights(house(), o); }, ErrorCode::invalid_argument,
                             {"custom_random_index is empty"});
}

// ---------------------------------------------------------------------------------------------------
// Invariants

TEST(AhpWeights, ConsistentMatrixGivesBackItsWeightsUnderEveryDerivation) {
  const Eigen::VectorXd w = vec({0.4, 0.3, 0.15, 0.1, 0.05});
  for (const auto d :
       {AhpDerivation::eigenvector, AhpDerivation::geometric_mean, AhpDerivation::normalized_column_mean}) {
    AhpOptions o;
    o.derivation = d;
    const AhpResult r = qualis::ahp_weights(consistent_from(w), o);  // default policy reject: must not throw
    expect_close(r.weights, w, 1e-14);
    EXPECT_NEAR(r.lambda_max, 5.0, 1e-13);
    EXPECT_NEAR(r.cr, 0.0, 1e-13);
    EXPECT_GE(r.ci, 0.0);
    EXPECT_TRUE(r.consistent);
  }
  // power iteration reaches the eigenvector of a rank-one matrix in one step and confirms it in the next
  EXPECT_LE(qualis::ahp_weights(consistent_from(w)).iterations, 2);
}

TEST(AhpWeights, PermutingCriteriaPermutesWeights) {
  // P A P^T with P reversing the order: the weights come back reversed, CR unchanged.
  const Eigen::MatrixXd a = house();
  const Eigen::MatrixXd p = a.colwise().reverse().rowwise().reverse();
  for (const auto d :
       {AhpDerivation::eigenvector, AhpDerivation::geometric_mean, AhpDerivation::normalized_column_mean}) {
    const AhpResult r = qualis::ahp_weights(a, warn(d));
    const AhpResult s = qualis::ahp_weights(p, warn(d));
    expect_close(s.weights, r.weights.reverse(), 1e-12);
    EXPECT_NEAR(s.cr, r.cr, 1e-12);
  }
}

TEST(AhpWeights, OrdersOneAndTwoAreAlwaysConsistent) {
  AhpResult r = qualis::ahp_weights(rows({{1}}));
  expect_close(r.weights, vec({1.0}), 0);
  EXPECT_EQ(r.cr, 0.0);
  EXPECT_EQ(r.ri, 0.0);
  r = qualis::ahp_weights(rows({{1, 3}, {1.0 / 3, 1}}));
  expect_close(r.weights, vec({0.75, 0.25}), 1e-14);
  EXPECT_EQ(r.ci, 0.0);
  EXPECT_EQ(r.cr, 0.0);
  EXPECT_TRUE(r.consistent);
}

TEST(AhpWeights, ReciprocalsTypedToThreeDecimalsAreAcceptedByDefault) {
  const Eigen::MatrixXd typed = rows({{1, 3, 7}, {0.333, 1, 3}, {0.143, 0.333, 1}});
  EXPECT_NO_THROW(qualis::ahp_weights(typed));
  AhpOptions strict;
  strict.reciprocal_tolerance = 1e-6;
  expect_error<InvalidInput>([&] { qualis::ahp_weights(typed, strict); }, ErrorCode::inconsistent,
                             {"cell (row 0, column 1) is 3", "cell (row 1, column 0) is 0.333", "reciprocal"});
}

TEST(AhpWeights, IterationLimitIsReportedNotThrown) {
  AhpOptions o = warn();
  o.max_iterations = 1;
  const AhpResult r = qualis::ahp_weights(house(), o);
  EXPECT_EQ(r.status, AhpStatus::not_converged);
  EXPECT_EQ(r.iterations, 1);
  EXPECT_NEAR(r.weights.sum(), 1.0, 1e-14);
}

// ---------------------------------------------------------------------------------------------------
// Bad input

TEST(AhpWeights, RejectMalformedMatrices) {
  expect_error<InvalidInput>([] { qualis::ahp_weights(Eigen::MatrixXd(0, 0)); }, ErrorCode::empty_input,
                             {"empty", "0 x 0"});
  expect_error<InvalidInput>([] { qualis::ahp_weights(Eigen::MatrixXd::Ones(2, 3)); }, ErrorCode::size_mismatch,
                             {"not square", "2 x 3"});
  Eigen::MatrixXd a = size_of_house();
  a(0, 1) = kNaN;
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::not_finite,
                             {"cell (row 0, column 1)", "missing"});
  a(0, 1) = kInf;
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::not_finite, {"cell (row 0, column 1)"});
  a(0, 1) = 0.0;
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::out_of_range,
                             {"cell (row 0, column 1) is 0", "> 0"});
  a(0, 1) = -6.0;
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::out_of_range, {"cell (row 0, column 1)"});
  a = size_of_house();
  a(1, 1) = 2.0;
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::inconsistent,
                             {"cell (row 1, column 1) is 2", "diagonal"});
  a = size_of_house();
  a(2, 0) = 8.0;  // a_02 = 8 and a_20 = 8: not reciprocal
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::inconsistent,
                             {"cell (row 0, column 2) is 8", "cell (row 2, column 0) is 8", "0.125"});
}

TEST(AhpWeights, ScaleIsCheckedUnlessAnyPositiveRatioIsAllowed) {
  const Eigen::MatrixXd a = rows({{1, 12, 2}, {1.0 / 12, 1, 1.0 / 6}, {0.5, 6, 1}});
  expect_error<InvalidInput>([&] { qualis::ahp_weights(a); }, ErrorCode::out_of_range,
                             {"cell (row 0, column 1) is 12", "1-9 scale", "any_positive"});
  AhpOptions any;
  any.scale = AhpScale::any_positive;
  const AhpResult r = qualis::ahp_weights(a, any);  // consistent: w proportional to (12, 1, 6)
  expect_close(r.weights, vec({12.0 / 19, 1.0 / 19, 6.0 / 19}), 1e-13);
  EXPECT_NEAR(r.cr, 0.0, 1e-13);
  // 1/9 and 9 themselves, and a reciprocal typed as 0.111, are on the scale
  EXPECT_NO_THROW(qualis::ahp_weights(rows({{1, 9}, {0.111, 1}})));
}

TEST(AhpWeights, RejectBadOptions) {
  const auto with = [](auto set) {
    return [set] {
      AhpOptions o;
      set(o);
      qualis::ahp_weights(size_of_house(), o);
    };
  };
  expect_error<InvalidInput>(with([](AhpOptions& o) { o.threshold = 0; }), ErrorCode::out_of_range, {"threshold"});
  expect_error<InvalidInput>(with([](AhpOptions& o) { o.threshold = kNaN; }), ErrorCode::out_of_range, {"threshold"});
  expect_error<InvalidInput>(with([](AhpOptions& o) { o.reciprocal_tolerance = 1.0; }), ErrorCode::out_of_range,
                             {"reciprocal_tolerance"});
  expect_error<InvalidInput>(with([](AhpOptions& o) { o.reciprocal_tolerance = -0.1; }), ErrorCode::out_of_range,
                             {"reciprocal_tolerance"});
  expect_error<InvalidInput>(with([](AhpOptions& o) { o.eigen_tolerance = 0; }), ErrorCode::out_of_range,
                             {"eigen_tolerance"});
  expect_error<InvalidInput>(with([](AhpOptions& o) { o.max_iterations = 0; }), ErrorCode::out_of_range,
                             {"max_iterations"});
}

TEST(AhpWeights, OrderBeyondTheTableIsRejected) {
  const Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(16, 1.0, 2.5);
  expect_error<InvalidInput>([&] { qualis::ahp_weights(consistent_from(w)); }, ErrorCode::out_of_range,
                             {"saaty", "n = 16"});
}

}  // namespace
