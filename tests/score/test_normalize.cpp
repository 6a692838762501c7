// Tests of qualis/score/normalize.hpp: every method against published peer output (COINr) or independent
// numpy/scipy computations, the invariants of the methods, and every bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <qualis/score/normalize.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "support/registry.hpp"
#include "support/threads.hpp"

namespace {

using qualis::ColumnSpec;
using qualis::ColumnStatus;
using qualis::Direction;
using qualis::ErrorCode;
using qualis::Interval;
using qualis::InvalidInput;
using qualis::NormalizationMethod;
using qualis::NormalizeOptions;
using qualis::NormalizeResult;
using qualis::NormalizeRules;
using qualis_test::expect_error;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Eigen::MatrixXd rows_to_matrix(Eigen::Index rows, Eigen::Index cols, const std::vector<double>& v) {
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = v[static_cast<std::size_t>(i * cols + j)];
  }
  return m;
}

// Relative tolerance 1e-9 (absolute below 1), as the conventions ask for closed-form methods; NaN must match NaN.
void expect_matrix_near(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, double tol = 1e-9) {
  ASSERT_EQ(actual.rows(), expected.rows());
  ASSERT_EQ(actual.cols(), expected.cols());
  for (Eigen::Index i = 0; i < actual.rows(); ++i) {
    for (Eigen::Index j = 0; j < actual.cols(); ++j) {
      const double a = actual(i, j);
      const double e = expected(i, j);
      if (std::isnan(e)) {
        EXPECT_TRUE(std::isnan(a)) << "cell (" << i << ", " << j << ") should be missing, got " << a;
      } else {
        EXPECT_NEAR(a, e, tol * std::max(1.0, std::abs(e))) << "cell (" << i << ", " << j << ")";
      }
    }
  }
}

// Absolute tolerance, for comparisons with values published to a fixed number of decimals.
void expect_within(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, double abs_tol) {
  ASSERT_EQ(actual.rows(), expected.rows());
  ASSERT_EQ(actual.cols(), expected.cols());
  for (Eigen::Index i = 0; i < actual.rows(); ++i) {
    for (Eigen::Index j = 0; j < actual.cols(); ++j) {
      EXPECT_NEAR(actual(i, j), expected(i, j), abs_tol) << "cell (" << i << ", " << j << ")";
    }
  }
}

void expect_rows_near(const Eigen::MatrixXd& actual, const std::vector<double>& expected_rows, double tol = 1e-9) {
  expect_matrix_near(actual, rows_to_matrix(actual.rows(), actual.cols(), expected_rows), tol);
}

// ---------------------------------------------------------------------------------------------------------------
// Reference values printed by tests/reference/normalize.py (numpy 1.24, scipy 1.10), row-major, for the main
// matrix below; see that script for how each array was computed.
// clang-format off
const std::vector<double> kOrientMax = {
    12.5, 5.0, 0.4666666666666668, 0.5, 0.42, 30.0, 0.0, 1.0, 1.0, kNaN, 7.25, 7.0, 0.26666666666666694, 0.5, 0.77,
    18.0, 3.0, 0.8666666666666666, 1.0, 0.31, 30.0, 8.0, 0.3999999999999998, 0.0, 0.65, 3.5, 2.0, 0.0, 0.9, kNaN,
    22.75, 6.0, 0.8000000000000002, 1.0, 0.58};
const std::vector<double> kOrientReciprocal = {
    12.5, 0.25, 0.4666666666666668, 0.5, 0.42, 30.0, 0.1111111111111111, 1.0, 1.0, kNaN, 7.25, 0.5,
    0.26666666666666694, 0.5, 0.77, 18.0, 0.16666666666666666, 0.8666666666666666, 1.0, 0.31, 30.0, 1.0,
    0.3999999999999998, 0.0, 0.65, 3.5, 0.14285714285714285, 0.0, 0.9, kNaN, 22.75, 0.3333333333333333,
    0.8000000000000002, 1.0, 0.58};
const std::vector<double> kMinMax01 = {
    0.33962264150943394, 0.625, 0.4666666666666668, 0.5, 0.23913043478260865, 1.0, 0.0, 1.0, 1.0, kNaN,
    0.14150943396226415, 0.875, 0.26666666666666694, 0.5, 1.0, 0.5471698113207547, 0.375, 0.8666666666666666, 1.0,
    0.0, 1.0, 1.0, 0.3999999999999998, 0.0, 0.7391304347826088, 0.0, 0.25, 0.0, 0.9, kNaN, 0.7264150943396226, 0.75,
    0.8000000000000002, 1.0, 0.5869565217391304};
const std::vector<double> kMinMax0100 = {
    33.9622641509434, 62.5, 46.66666666666668, 50.0, 23.913043478260864, 100.0, 0.0, 100.0, 100.0, kNaN,
    14.150943396226415, 87.5, 26.666666666666693, 50.0, 100.0, 54.716981132075475, 37.5, 86.66666666666666, 100.0,
    0.0, 100.0, 100.0, 39.99999999999998, 0.0, 73.91304347826086, 0.0, 25.0, 0.0, 90.0, kNaN, 72.64150943396227, 75.0,
    80.00000000000001, 100.0, 58.69565217391303};
const std::vector<double> kZSample = {
    -0.49489819397883383, 0.19851666679418598, -0.21170244960998513, -0.5222329678670936, -0.6891319045962075,
    1.1660614981419095, -1.538504167654942, 1.2702146976599114, 0.7833494518006401, kNaN, -0.9931861016150568,
    0.8933250005738371, -0.7674213798361961, -0.5222329678670936, 1.2251233859488126, 0.02711770925911408,
    -0.49629166698546523, 0.899735410842437, 0.7833494518006401, -1.2907549959103566, 1.1660614981419095,
    1.2407291674636627, -0.39694209301872313, -1.8278153875348273, 0.5688072863333773, -1.3491060356409306,
    -0.8436958338752908, -1.5083799534711453, 0.5222329678670934, kNaN, 0.4779496256918873, 0.5459208336840116,
    0.7144957674337006, 0.7833494518006401, 0.18595622822437294};
const std::vector<double> kZPopulation100x10 = {
    94.65448855452138, 102.14422506967558, 97.71335219809988, 94.35923925182233, 92.2952710792949, 112.59490367975786,
    83.38225571001418, 113.7198868114007, 108.4611411222665, kNaN, 89.27236401695043, 109.64901281354015,
    91.71090171811208, 94.35923925182233, 113.69729585903129, 100.29290473673855, 94.63943732581103,
    109.7182531580755, 108.4611411222665, 85.5689204342349, 112.59490367975786, 113.40140668547244, 95.71253537143727,
    80.25733738137818, 106.3594587916931, 85.4279893472569, 90.88704345387875, 83.70763441146165, 105.64076074817766,
    kNaN, 105.16244598501703, 105.89661894160787, 107.7174363314129, 108.4611411222665, 102.07905383574581};
const std::vector<double> kGoalposts = {
    0.3125, 0.6, 0.6000000000000001, 0.75, 0.06666666666666655, 0.75, 0.1, 1.0, 1.0, kNaN, 0.18125, 0.8,
    0.4500000000000002, 0.75, 1.0, 0.45, 0.4, 0.8999999999999999, 1.0, 0.0, 0.75, 0.9, 0.5499999999999998, 0.5,
    0.8333333333333335, 0.0875, 0.3, 0.25, 0.95, kNaN, 0.56875, 0.7, 0.8500000000000001, 1.0, 0.6};
const std::vector<double> kGoalpostsUncapped0100 = {
    31.25, 60.0, 60.00000000000001, 75.0, 6.666666666666655, 75.0, 10.0, 100.0, 100.0, kNaN, 18.125, 80.0,
    45.000000000000014, 75.0, 123.33333333333336, 45.0, 40.0, 89.99999999999999, 100.0, -30.000000000000014, 75.0,
    90.0, 54.999999999999986, 50.0, 83.33333333333334, 8.75, 30.0, 25.0, 95.0, kNaN, 56.875, 70.0, 85.00000000000001,
    100.0, 60.0};
const std::vector<double> kTarget_ratio = {
    0.5, 0.75, 0.4666666666666668, 0.5, 0.7, 1.0, 0.3333333333333333, 1.0, 1.0, kNaN, 0.29, 1.0, 0.26666666666666694,
    0.5, 1.0, 0.72, 0.5, 0.8666666666666666, 1.0, 0.5166666666666667, 1.0, 1.0, 0.3999999999999998, 0.0, 1.0, 0.14,
    0.42857142857142855, 0.0, 0.9, kNaN, 0.91, 1.0, 0.8000000000000002, 1.0, 0.9666666666666667};
const std::vector<double> kTarget_gap = {
    -0.5, -0.3333333333333333, -0.5333333333333332, -0.5, -0.3, 0.0, -2.0, 0.0, 0.0, kNaN, -0.71, 0.0,
    -0.7333333333333331, -0.5, 0.0, -0.28, -1.0, -0.13333333333333341, 0.0, -0.48333333333333334, 0.0, 0.0,
    -0.6000000000000002, -1.0, 0.0, -0.86, -1.3333333333333333, -1.0, -0.09999999999999998, kNaN, -0.09, 0.0,
    -0.19999999999999984, 0.0, -0.03333333333333337};
const std::vector<double> kTarget_scaled = {
    0.4186046511627907, 0.8333333333333334, 0.4666666666666668, 0.5, 0.3793103448275862, 1.0, 0.0, 1.0, 1.0, kNaN,
    0.1744186046511628, 1.0, 0.26666666666666694, 0.5, 1.0, 0.6744186046511628, 0.5, 0.8666666666666666, 1.0, 0.0,
    1.0, 1.0, 0.3999999999999998, 0.0, 1.0, 0.0, 0.3333333333333333, 0.0, 0.9, kNaN, 0.8953488372093024, 1.0,
    0.8000000000000002, 1.0, 0.9310344827586207};
const std::vector<double> kTarget_ratio_uncapped = {
    0.5, 0.75, 0.4666666666666668, 0.5, 0.7, 1.2, 0.3333333333333333, 1.0, 1.0, kNaN, 0.29, 1.5, 0.26666666666666694,
    0.5, 1.2833333333333334, 0.72, 0.5, 0.8666666666666666, 1.0, 0.5166666666666667, 1.2, 3.0, 0.3999999999999998,
    0.0, 1.0833333333333335, 0.14, 0.42857142857142855, 0.0, 0.9, kNaN, 0.91, 1.0, 0.8000000000000002, 1.0,
    0.9666666666666667};
const std::vector<double> kFrontier_ratio = {
    0.4166666666666667, 0.25, 0.4666666666666668, 0.5, 0.5454545454545454, 1.0, 0.1111111111111111, 1.0, 1.0, kNaN,
    0.24166666666666667, 0.5, 0.26666666666666694, 0.5, 1.0, 0.6, 0.16666666666666666, 0.8666666666666666, 1.0,
    0.40259740259740256, 1.0, 1.0, 0.3999999999999998, 0.0, 0.8441558441558442, 0.11666666666666667,
    0.14285714285714285, 0.0, 0.9, kNaN, 0.7583333333333333, 0.3333333333333333, 0.8000000000000002, 1.0,
    0.7532467532467532};
const std::vector<double> kFrontier_gap = {
    -0.5833333333333334, -3.0, -0.5333333333333332, -0.5, -0.4545454545454546, 0.0, -8.0, 0.0, 0.0, kNaN,
    -0.7583333333333333, -1.0, -0.7333333333333331, -0.5, 0.0, -0.4, -5.0, -0.13333333333333341, 0.0,
    -0.5974025974025974, 0.0, 0.0, -0.6000000000000002, -1.0, -0.15584415584415584, -0.8833333333333333, -6.0, -1.0,
    -0.09999999999999998, kNaN, -0.24166666666666667, -2.0, -0.19999999999999984, 0.0, -0.24675324675324684};
const std::vector<double> kFractionReciprocal = {
    0.4166666666666667, 0.25, 0.4666666666666668, 0.5, 0.5454545454545454, 1.0, 0.1111111111111111, 1.0, 1.0, kNaN,
    0.24166666666666667, 0.5, 0.26666666666666694, 0.5, 1.0, 0.6, 0.16666666666666666, 0.8666666666666666, 1.0,
    0.40259740259740256, 1.0, 1.0, 0.3999999999999998, 0.0, 0.8441558441558442, 0.11666666666666667,
    0.14285714285714285, 0.0, 0.9, kNaN, 0.7583333333333333, 0.3333333333333333, 0.8000000000000002, 1.0,
    0.7532467532467532};
const std::vector<double> kFractionComplement = {
    0.4166666666666667, 0.5555555555555556, 0.4666666666666668, 0.5, 0.5454545454545454, 1.0, 0.0, 1.0, 1.0, kNaN,
    0.24166666666666667, 0.7777777777777778, 0.26666666666666694, 0.5, 1.0, 0.6, 0.33333333333333337,
    0.8666666666666666, 1.0, 0.40259740259740256, 1.0, 0.8888888888888888, 0.3999999999999998, 0.0,
    0.8441558441558442, 0.11666666666666667, 0.2222222222222222, 0.0, 0.9, kNaN, 0.7583333333333333,
    0.6666666666666667, 0.8000000000000002, 1.0, 0.7532467532467532};
const std::vector<double> kRank_average = {
    3.0, 4.0, 4.0, 2.5, 2.0, 6.5, 1.0, 7.0, 6.0, kNaN, 2.0, 6.0, 2.0, 2.5, 5.0, 4.0, 3.0, 6.0, 6.0, 1.0, 6.5, 7.0,
    3.0, 1.0, 4.0, 1.0, 2.0, 1.0, 4.0, kNaN, 5.0, 5.0, 5.0, 6.0, 3.0};
const std::vector<double> kRank_min = {
    3.0, 4.0, 4.0, 2.0, 2.0, 6.0, 1.0, 7.0, 5.0, kNaN, 2.0, 6.0, 2.0, 2.0, 5.0, 4.0, 3.0, 6.0, 5.0, 1.0, 6.0, 7.0,
    3.0, 1.0, 4.0, 1.0, 2.0, 1.0, 4.0, kNaN, 5.0, 5.0, 5.0, 5.0, 3.0};
const std::vector<double> kRank_max = {
    3.0, 4.0, 4.0, 3.0, 2.0, 7.0, 1.0, 7.0, 7.0, kNaN, 2.0, 6.0, 2.0, 3.0, 5.0, 4.0, 3.0, 6.0, 7.0, 1.0, 7.0, 7.0,
    3.0, 1.0, 4.0, 1.0, 2.0, 1.0, 4.0, kNaN, 5.0, 5.0, 5.0, 7.0, 3.0};
const std::vector<double> kPercentile = {
    0.3333333333333333, 0.5, 0.5, 0.25, 0.25, 0.9166666666666666, 0.0, 1.0, 0.8333333333333334, kNaN,
    0.16666666666666666, 0.8333333333333334, 0.16666666666666666, 0.25, 1.0, 0.5, 0.3333333333333333,
    0.8333333333333334, 0.8333333333333334, 0.0, 0.9166666666666666, 1.0, 0.3333333333333333, 0.0, 0.75, 0.0,
    0.16666666666666666, 0.0, 0.5, kNaN, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666,
    0.8333333333333334, 0.5};
const std::vector<double> kBordaMin = {
    2.0, 3.0, 3.0, 1.0, 1.0, 5.0, 0.0, 6.0, 4.0, kNaN, 1.0, 5.0, 1.0, 1.0, 4.0, 3.0, 2.0, 5.0, 4.0, 0.0, 5.0, 6.0,
    2.0, 0.0, 3.0, 0.0, 1.0, 0.0, 3.0, kNaN, 4.0, 4.0, 4.0, 4.0, 2.0};
const std::vector<double> k_vec_rec = {
    0.23362955573168345, 0.2052117263843648, 0.27691572024523253, 0.24084152542954398, 0.32954609383637784,
    0.5607109337560403, 0.09120521172638435, 0.5933908290969268, 0.48168305085908797, kNaN, 0.1355051423243764,
    0.4104234527687296, 0.15823755442584728, 0.24084152542954398, 0.6041678387000261, 0.33642656025362416,
    0.13680781758957652, 0.5142720518840032, 0.48168305085908797, 0.24323640259351698, 0.5607109337560403,
    0.8208469055374592, 0.23735633163877057, 0.0, 0.5100118118896324, 0.06541627560487137, 0.11726384364820845, 0.0,
    0.43351474577317917, kNaN, 0.4252057914316639, 0.27361563517915305, 0.47471266327754147, 0.48168305085908797,
    0.4550874629169027};
const std::vector<double> k_vec_cmp = {
    0.23362955573168345, 0.7142857142857143, 0.27691572024523253, 0.24084152542954398, 0.32954609383637784,
    0.5607109337560403, 0.3571428571428571, 0.5933908290969268, 0.48168305085908797, kNaN, 0.1355051423243764,
    0.8571428571428572, 0.15823755442584728, 0.24084152542954398, 0.6041678387000261, 0.33642656025362416,
    0.5714285714285714, 0.5142720518840032, 0.48168305085908797, 0.24323640259351698, 0.5607109337560403,
    0.9285714285714286, 0.23735633163877057, 0.0, 0.5100118118896324, 0.06541627560487137, 0.5, 0.0,
    0.43351474577317917, kNaN, 0.4252057914316639, 0.7857142857142857, 0.47471266327754147, 0.48168305085908797,
    0.4550874629169027};
const std::vector<double> k_sum_rec = {
    0.10080645161290322, 0.09984152139461173, 0.12280701754385966, 0.1020408163265306, 0.15384615384615385,
    0.24193548387096775, 0.04437400950871632, 0.26315789473684204, 0.2040816326530612, kNaN, 0.05846774193548387,
    0.19968304278922347, 0.0701754385964913, 0.1020408163265306, 0.28205128205128205, 0.14516129032258066,
    0.06656101426307448, 0.22807017543859642, 0.2040816326530612, 0.11355311355311355, 0.24193548387096775,
    0.39936608557844694, 0.10526315789473677, 0.0, 0.2380952380952381, 0.028225806451612902, 0.057052297939778125,
    0.0, 0.18367346938775508, kNaN, 0.18346774193548387, 0.13312202852614896, 0.21052631578947367, 0.2040816326530612,
    0.21245421245421245};
const std::vector<double> k_sum_cmp = {
    0.10080645161290322, 0.875, 0.12280701754385966, 0.1020408163265306, 0.15384615384615385, 0.24193548387096775,
    0.71875, 0.26315789473684204, 0.2040816326530612, kNaN, 0.05846774193548387, 0.9375, 0.0701754385964913,
    0.1020408163265306, 0.28205128205128205, 0.14516129032258066, 0.8125, 0.22807017543859642, 0.2040816326530612,
    0.11355311355311355, 0.24193548387096775, 0.96875, 0.10526315789473677, 0.0, 0.2380952380952381,
    0.028225806451612902, 0.78125, 0.0, 0.18367346938775508, kNaN, 0.18346774193548387, 0.90625, 0.21052631578947367,
    0.2040816326530612, 0.21245421245421245};
const std::vector<double> kLogarithmic = {
    0.1191565987823292, 0.2119413996867078, 0.21535826530488583, 0.29782846879667996, 0.3574697963469876,
    0.25309762954324494, 0.03134228516188572, kNaN, 0.27667305440391143, 0.23713250197336722};
const std::vector<double> kCategoricalValue = {
    50.0, 50.0, 0.0, 50.0, 50.0, 100.0, 0.0, 100.0, 100.0, kNaN, 0.0, 100.0, 0.0, 50.0, 100.0, 50.0, 0.0, 50.0, 100.0,
    0.0, 100.0, 100.0, 0.0, 0.0, 100.0, 0.0, 0.0, 0.0, 50.0, kNaN, 100.0, 50.0, 50.0, 100.0, 50.0};
const std::vector<double> kCategoricalQuantile = {
    20.0, 20.0, 60.0, 20.0, 20.0, 100.0, 0.0, 100.0, 100.0, kNaN, 0.0, 100.0, 0.0, 20.0, 100.0, 60.0, 20.0, 100.0,
    100.0, 0.0, 100.0, 100.0, 20.0, 0.0, 100.0, 0.0, 0.0, 0.0, 60.0, kNaN, 60.0, 60.0, 60.0, 100.0, 60.0};
const std::vector<double> kAircraftVector = {
    0.4671418358670517, 0.36618055688195544, 0.5055601391655586, 0.5068532453425005, 0.4811252243246881,
    0.6708203932499369, 0.5839272948338147, 0.6591250023875198, 0.4550041252490028, 0.5990083808593188,
    0.28867513459481287, 0.37267799624996495, 0.42042765228034656, 0.48824074250927396, 0.5308381461238366,
    0.4146981098256822, 0.6735753140545634, 0.5217491947499509, 0.5138560194537569, 0.4394166682583466,
    0.5055601391655586, 0.4607756775840914, 0.4811252243246881, 0.37267799624996495};
// clang-format on
// ---------------------------------------------------------------------------------------------------------------

// Main matrix: 7 units; columns benefit, cost, target (T = 7), range ([10, 20]), benefit with two missing values.
Eigen::MatrixXd main_matrix() {
  return rows_to_matrix(7, 5, {12.5,  4, 6.2, 5,  0.42,  //
                               30.0,  9, 7.0, 12, kNaN,  //
                               7.25,  2, 8.1, 25, 0.77,  //
                               18.0,  6, 6.8, 18, 0.31,  //
                               30.0,  1, 7.9, 30, 0.65,  //
                               3.5,   7, 5.5, 9,  kNaN,  //
                               22.75, 3, 7.3, 15, 0.58});
}

std::vector<ColumnSpec> main_specs() {
  std::vector<ColumnSpec> s(5);
  s[0].direction = Direction::higher_is_better;
  s[1].direction = Direction::lower_is_better;
  s[2].direction = Direction::target_is_best;
  s[2].target = 7.0;
  s[3].direction = Direction::range_is_best;
  s[3].best_range = Interval{10.0, 20.0};
  s[4].direction = Direction::higher_is_better;
  return s;
}

// The same specs with goalposts, and with policy targets on the benefit and cost columns.
std::vector<ColumnSpec> main_specs_goalposts() {
  auto s = main_specs();
  s[0].goalposts = Interval{0, 40};
  s[1].goalposts = Interval{0, 10};
  s[2].goalposts = Interval{5, 9};
  s[3].goalposts = Interval{0, 40};
  s[4].goalposts = Interval{0.4, 0.7};
  return s;
}

std::vector<ColumnSpec> main_specs_targets() {
  auto s = main_specs();
  s[0].target = 25.0;
  s[1].target = 3.0;
  s[4].target = 0.6;
  return s;
}

std::vector<ColumnSpec> specs_of(std::initializer_list<Direction> dirs) {
  return qualis::column_specs(std::vector<Direction>(dirs));
}

void expect_status(const NormalizeResult& r, const std::vector<ColumnStatus>& expected) {
  ASSERT_EQ(r.status.size(), expected.size());
  for (std::size_t j = 0; j < expected.size(); ++j) {
    EXPECT_EQ(r.status[j], expected[j]) << "column " << j << ": " << qualis::to_string(r.status[j]);
  }
}

const std::vector<ColumnStatus> kAllOk(5, ColumnStatus::ok);

TEST(Normalize, DocumentationExample) {
  // The example of docs/reference/normalize.md.
  Eigen::MatrixXd x(3, 3);
  x << 82.8, 4, 0.55,  //
      60.1, 9, 0.72,   //
      12.0, 2, 0.30;
  std::vector<qualis::ColumnSpec> specs(3);  // higher_is_better unless set
  specs[1].direction = qualis::Direction::lower_is_better;
  specs[2].direction = qualis::Direction::range_is_best;
  specs[2].best_range = qualis::Interval{0.4, 0.6};
  qualis::NormalizeOptions options;  // min-max by default
  options.min_max.range = qualis::Interval{0, 100};
  const qualis::NormalizeResult r = qualis::normalize(x, specs, options);
  // Revenue (x - 12) / 70.8; complaints (9 - x) / 7; debt ratio oriented with M = max(0.4 - 0.3, 0.72 - 0.6) =
  // 0.12 to 1, 0, 1 - 0.1 / 0.12, whose min-max leaves them as they are.
  expect_rows_near(r.values, {100, 100 * 5.0 / 7, 100, 100 * 48.1 / 70.8, 0, 0, 0, 100, 100 * (1 - 0.1 / 0.12)});
  EXPECT_NEAR(r.values(1, 0), 67.94, 0.005);
  EXPECT_NEAR(r.values(2, 2), 16.67, 0.005);
  expect_status(r, {ColumnStatus::ok, ColumnStatus::ok, ColumnStatus::ok});
}

// ---------------------------------------------------------------------------------------------------------------
// Column specs
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeColumnSpecs, FromIndicatorsCopiesPolarityTargetRangeAndGoalposts) {
  std::vector<qualis::Indicator> inds(3);
  inds[0].direction = Direction::lower_is_better;
  inds[0].goalposts = Interval{0, 10};
  inds[1].direction = Direction::target_is_best;
  inds[1].target = 7.0;
  inds[2].direction = Direction::range_is_best;
  inds[2].best_range = Interval{1, 2};
  const auto s = qualis::column_specs(inds);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].direction, Direction::lower_is_better);
  EXPECT_EQ(s[0].goalposts, (Interval{0, 10}));
  EXPECT_FALSE(s[0].target);
  EXPECT_EQ(s[1].target, 7.0);
  EXPECT_EQ(s[2].best_range, (Interval{1, 2}));
}

TEST(NormalizeColumnSpecs, FromDirections) {
  const auto s = specs_of({Direction::lower_is_better, Direction::higher_is_better});
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].direction, Direction::lower_is_better);
  EXPECT_EQ(s[1].direction, Direction::higher_is_better);
  EXPECT_FALSE(s[0].target || s[0].best_range || s[0].goalposts);
}

// ---------------------------------------------------------------------------------------------------------------
// Orientation (positivisation)
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeOrient, MaxMinusXAndChinesePracticeTargetAndRangeTransforms) {
  const auto r = qualis::orient(main_matrix(), main_specs());
  expect_rows_near(r.values, kOrientMax);
  expect_status(r, kAllOk);
  EXPECT_EQ(r.observed, (std::vector<Eigen::Index>{7, 7, 7, 7, 5}));
  EXPECT_EQ(r.capped, (std::vector<Eigen::Index>(5, 0)));
}

TEST(NormalizeOrient, HandWorkedTargetAndRange) {
  // Target 7: deviations 1, 0, 0.5, 2 -> 1 - dev / 2.  Range [10, 20], observed 4..26: M = max(6, 6) = 6.
  Eigen::MatrixXd x(4, 2);
  x << 6, 4, 7, 10, 7.5, 26, 9, 15;
  std::vector<ColumnSpec> s(2);
  s[0].direction = Direction::target_is_best;
  s[0].target = 7.0;
  s[1].direction = Direction::range_is_best;
  s[1].best_range = Interval{10, 20};
  const auto r = qualis::orient(x, s);
  expect_rows_near(r.values, {0.5, 0.0, 1.0, 1.0, 0.75, 0.0, 0.0, 1.0});
}

TEST(NormalizeOrient, ReciprocalAndNegate) {
  const auto x = main_matrix();
  expect_rows_near(qualis::orient(x, main_specs(), {qualis::CostTransform::reciprocal}).values, kOrientReciprocal);
  const auto neg = qualis::orient(x, main_specs(), {qualis::CostTransform::negate});
  Eigen::MatrixXd expected = rows_to_matrix(7, 5, kOrientMax);
  expected.col(1) = -x.col(1);
  expect_matrix_near(neg.values, expected);
}

TEST(NormalizeOrient, EveryValueOnTargetOrInsideRangeIsBest) {
  Eigen::MatrixXd x(3, 2);
  x << 7, 12, 7, 15, kNaN, 20;
  std::vector<ColumnSpec> s(2);
  s[0].direction = Direction::target_is_best;
  s[0].target = 7.0;
  s[1].direction = Direction::range_is_best;
  s[1].best_range = Interval{10, 20};
  const auto r = qualis::orient(x, s);
  expect_rows_near(r.values, {1, 1, 1, 1, kNaN, 1});
  expect_status(r, {ColumnStatus::ok, ColumnStatus::ok});
}

TEST(NormalizeOrient, AnyMethodCanFollowOrientation) {
  // Orienting first with max - x and then min-max on benefit columns equals min-max with the cost reversal.
  const auto x = main_matrix();
  const auto oriented = qualis::orient(x, main_specs());
  const auto all_benefit = qualis::column_specs(std::vector<Direction>(5, Direction::higher_is_better));
  expect_matrix_near(qualis::normalize_min_max(oriented.values, all_benefit).values,
                     qualis::normalize_min_max(x, main_specs()).values);
}

TEST(NormalizeOrient, BadInput) {
  const auto x = main_matrix();
  expect_error<InvalidInput>([&] { qualis::orient(-x, main_specs(), {qualis::CostTransform::reciprocal}); },
                             ErrorCode::out_of_range,
                             {"orient", "unit (row) 0, criterion (column) 1", "needs values > 0"});
  expect_error<InvalidInput>([&] { qualis::orient(x, main_specs(), {static_cast<qualis::CostTransform>(9)}); },
                             ErrorCode::invalid_argument, {"cost transform 9"});
  expect_error<InvalidInput>(
      [&] {
        qualis::orient(x, main_specs(), {{}, qualis::MissingRule::reject});
      },
      ErrorCode::not_finite, {"unit (row) 1, criterion (column) 4", "missing"});
}

// ---------------------------------------------------------------------------------------------------------------
// Min-max
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeMinMax, IndependentReference) {
  const auto r = qualis::normalize_min_max(main_matrix(), main_specs());
  expect_rows_near(r.values, kMinMax01);
  expect_status(r, kAllOk);
  EXPECT_EQ(r.observed, (std::vector<Eigen::Index>{7, 7, 7, 7, 5}));
  expect_rows_near(qualis::normalize_min_max(main_matrix(), main_specs(), {Interval{0, 100}}).values, kMinMax0100);
}

TEST(NormalizeMinMax, ReproducesCoinrVignetteIris) {
  // COINr "Normalisation" vignette: Normalise(iris) |> head() (n_minmax onto [0, 100]). The first six iris rows,
  // plus the rows holding each column's minimum and maximum (iris rows 10, 14, 16, 23, 61, 101, 119, 132), so that
  // the column extremes are those of the full data set (4.3-7.9, 2.0-4.4, 1.0-6.9, 0.1-2.5).
  const Eigen::MatrixXd iris = rows_to_matrix(
      14, 4, {5.1, 3.5, 1.4, 0.2, 4.9, 3.0, 1.4, 0.2, 4.7, 3.2, 1.3, 0.2, 4.6, 3.1, 1.5, 0.2, 5.0, 3.6, 1.4,
              0.2, 5.4, 3.9, 1.7, 0.4, 4.9, 3.1, 1.5, 0.1, 4.3, 3.0, 1.1, 0.1, 5.7, 4.4, 1.5, 0.4, 4.6, 3.6,
              1.0, 0.2, 5.0, 2.0, 3.5, 1.0, 6.3, 3.3, 6.0, 2.5, 7.7, 2.6, 6.9, 2.3, 7.9, 3.8, 6.4, 2.0});
  const auto r = qualis::normalize_min_max(iris, qualis::column_specs(std::vector<Direction>(4)), {Interval{0, 100}});
  const std::vector<double> published = {22.222222, 62.50000, 6.779661,  4.166667, 16.666667, 41.66667,
                                         6.779661,  4.166667, 11.111111, 50.00000, 5.084746,  4.166667,
                                         8.333333,  45.83333, 8.474576,  4.166667, 19.444444, 66.66667,
                                         6.779661,  4.166667, 30.555556, 79.16667, 11.864407, 12.500000};
  // Printed to 5-6 decimals: half a unit of the coarsest printed digit.
  expect_within(r.values.topRows(6), rows_to_matrix(6, 4, published), 5e-6);
}

TEST(NormalizeMinMax, DegenerateColumnGetsMidpointOrRejects) {
  Eigen::MatrixXd x(3, 2);
  x << 1, 4, 2, 4, 3, kNaN;
  const auto specs = specs_of({Direction::higher_is_better, Direction::lower_is_better});
  const auto r = qualis::normalize_min_max(x, specs, {Interval{0, 100}});
  expect_rows_near(r.values, {0, 50, 50, 50, 100, kNaN});
  expect_status(r, {ColumnStatus::ok, ColumnStatus::degenerate});
  NormalizeRules custom;
  custom.degenerate_value = 1.0;
  expect_rows_near(qualis::normalize_min_max(x, specs, {}, custom).values, {0, 1, 0.5, 1, 1, kNaN});
  NormalizeRules reject;
  reject.degenerate = qualis::DegenerateRule::reject;
  expect_error<InvalidInput>(
      [&] { qualis::normalize_min_max(x, specs, {}, reject); }, ErrorCode::inconsistent,
      {"normalize[method=min_max]", "criterion (column) 1", "every observed value equals 4", "zero range"});
}

TEST(NormalizeMinMax, RangeThatOverflowsIsHalvedNotLost) {
  Eigen::MatrixXd x(3, 1);
  x << -1.5e308, 0.0, 1.5e308;
  expect_rows_near(qualis::normalize_min_max(x, specs_of({Direction::higher_is_better})).values, {0.0, 0.5, 1.0});
}

// ---------------------------------------------------------------------------------------------------------------
// Z-scores
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeZScore, IndependentReference) {
  const auto x = main_matrix();
  const auto r = qualis::normalize_z_score(x, main_specs());
  expect_rows_near(r.values, kZSample);
  expect_status(r, kAllOk);
  qualis::ZScoreOptions mpi{qualis::StandardDeviation::population, 100.0, 10.0};
  expect_rows_near(qualis::normalize_z_score(x, main_specs(), mpi).values, kZPopulation100x10);
}

TEST(NormalizeZScore, OutputHasTheRequestedMeanAndSd) {
  const auto r = qualis::normalize_z_score(main_matrix(), main_specs(), {qualis::StandardDeviation::sample, 50, 10});
  const Eigen::VectorXd c = r.values.col(0);
  const double mean = c.mean();
  const double sd = std::sqrt((c.array() - mean).square().sum() / 6.0);
  EXPECT_NEAR(mean, 50.0, 1e-9 * 50);
  EXPECT_NEAR(sd, 10.0, 1e-9 * 10);
}

TEST(NormalizeZScore, DegenerateColumnGetsTheOutputMean) {
  Eigen::MatrixXd x(3, 2);
  x << 0.1, 1, 0.1, 2, 0.1, 3;  // 0.1 three times: a computed sd would be rounding noise, not 0
  const auto r = qualis::normalize_z_score(x, specs_of({Direction::higher_is_better, Direction::higher_is_better}),
                                           {qualis::StandardDeviation::sample, 100, 10});
  expect_rows_near(r.values, {100, 90, 100, 100, 100, 110});
  expect_status(r, {ColumnStatus::degenerate, ColumnStatus::ok});
  Eigen::MatrixXd one(2, 1);
  one << 3.0, kNaN;
  const auto single = qualis::normalize_z_score(one, specs_of({Direction::higher_is_better}));
  expect_status(single, {ColumnStatus::degenerate});
  NormalizeRules reject;
  reject.degenerate = qualis::DegenerateRule::reject;
  expect_error<InvalidInput>(
      [&] { qualis::normalize_z_score(one, specs_of({Direction::higher_is_better}), {}, reject); },
      ErrorCode::inconsistent, {"criterion (column) 0", "single observed value"});
}

TEST(NormalizeZScore, OverflowIsReportedNotReturnedAsNaN) {
  Eigen::MatrixXd x(3, 1);
  x << 1e308, 1e308, -1e308;
  expect_error<qualis::NumericalError>([&] { qualis::normalize_z_score(x, specs_of({Direction::higher_is_better})); },
                                       ErrorCode::numerical,
                                       {"normalize[method=z_score]", "criterion (column) 0", "not finite"});
}

TEST(NormalizeZScore, BadOptions) {
  const auto x = main_matrix();
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_z_score(x, main_specs(), {{}, 0.0, 0.0});
      },
      ErrorCode::out_of_range, {"output sd 0 is not > 0"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_z_score(x, main_specs(), {{}, 0.0, -1.0});
      },
      ErrorCode::out_of_range, {"output sd -1"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_z_score(x, main_specs(), {{}, kNaN, 1.0});
      },
      ErrorCode::not_finite, {"output mean nan"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_z_score(x, main_specs(), {{}, 0.0, kInf});
      },
      ErrorCode::not_finite, {"output sd inf"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_z_score(x, main_specs(), {static_cast<qualis::StandardDeviation>(5), 0, 1});
      },
      ErrorCode::invalid_argument, {"deviation 5"});
}

// ---------------------------------------------------------------------------------------------------------------
// Goalposts
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeGoalposts, IndependentReference) {
  const auto x = main_matrix();
  const auto r = qualis::normalize_goalposts(x, main_specs_goalposts());
  expect_rows_near(r.values, kGoalposts);
  // Column 4: 0.77 above and 0.31 below the goalposts [0.4, 0.7]; column 3: 30 is at the upper goalpost's
  // distance D = 20 exactly (t = 0.5), nothing else outside.
  EXPECT_EQ(r.capped, (std::vector<Eigen::Index>{0, 0, 0, 0, 2}));
  const auto u = qualis::normalize_goalposts(x, main_specs_goalposts(), {Interval{0, 100}, false});
  expect_rows_near(u.values, kGoalpostsUncapped0100);
  EXPECT_EQ(u.capped, (std::vector<Eigen::Index>(5, 0)));
}

TEST(NormalizeGoalposts, ReproducesCoinrTestValues) {
  // COINr tests/testthat/test-normalise.R: n_goalposts(x, c(0, 10, 1)) gives 0.1, 1, 0 for x = 1, 11, -1, and
  // 0.9, 0, 1 with direction = -1.
  Eigen::MatrixXd x(3, 2);
  x << 1, 1, 11, 11, -1, -1;
  auto specs = specs_of({Direction::higher_is_better, Direction::lower_is_better});
  specs[0].goalposts = specs[1].goalposts = Interval{0, 10};
  const auto r = qualis::normalize_goalposts(x, specs);
  expect_rows_near(r.values, {0.1, 0.9, 1.0, 0.0, 0.0, 1.0});
  EXPECT_EQ(r.capped, (std::vector<Eigen::Index>{2, 2}));
}

TEST(NormalizeGoalposts, BadSpecs) {
  const auto x = main_matrix();
  expect_error<InvalidInput>([&] { qualis::normalize_goalposts(x, main_specs()); }, ErrorCode::inconsistent,
                             {"normalize[method=goalposts]", "criterion (column) 0 has no goalposts"});
  auto s = main_specs_goalposts();
  s[3].goalposts = Interval{12, 18};  // inside the best range [10, 20]
  expect_error<InvalidInput>([&] { qualis::normalize_goalposts(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 3", "lie within the best range"});
  s = main_specs_goalposts();
  s[1].goalposts = Interval{5, 5};
  expect_error<InvalidInput>([&] { qualis::normalize_goalposts(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 1: goalposts", "empty"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_goalposts(x, main_specs_goalposts(), {Interval{1, 0}});
      },
      ErrorCode::inconsistent, {"output range [1, 0]", "inverted"});
}

// ---------------------------------------------------------------------------------------------------------------
// Distance to target
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeDistanceToTarget, IndependentReference) {
  using qualis::TargetFormula;
  const auto x = main_matrix();
  const auto s = main_specs_targets();
  const auto ratio = qualis::normalize_distance_to_target(x, s);
  expect_rows_near(ratio.values, kTarget_ratio);
  // Capped: column 0 has 30, 30 above 25; cost column 1 has 2, 1 below 3; column 4 has 0.77, 0.65 above 0.6.
  EXPECT_EQ(ratio.capped, (std::vector<Eigen::Index>{2, 2, 0, 0, 2}));
  expect_rows_near(qualis::normalize_distance_to_target(x, s, {TargetFormula::relative_gap}).values, kTarget_gap);
  expect_rows_near(qualis::normalize_distance_to_target(x, s, {TargetFormula::scaled}).values, kTarget_scaled);
  expect_rows_near(qualis::normalize_distance_to_target(x, s, {TargetFormula::ratio, false}).values,
                   kTarget_ratio_uncapped);
}

TEST(NormalizeDistanceToTarget, ReproducesCoinrTestValues) {
  // COINr tests/testthat/test-normalise.R: n_dist2targ(c(0, 5, 11), targ = 10) gives 0, 0.5, 1.1 (1 when capped);
  // with direction = -1, n_dist2targ(c(-1, 1, 10), targ = 0) gives 1.1, 0.9, 0 (1, 0.9, 0 when capped).
  Eigen::MatrixXd x(3, 2);
  x << 0, -1, 5, 1, 11, 10;
  auto specs = specs_of({Direction::higher_is_better, Direction::lower_is_better});
  specs[0].target = 10.0;
  specs[1].target = 0.0;
  const qualis::DistanceToTargetOptions uncapped{qualis::TargetFormula::scaled, false};
  expect_rows_near(qualis::normalize_distance_to_target(x, specs, uncapped).values, {0, 1.1, 0.5, 0.9, 1.1, 0});
  const auto capped = qualis::normalize_distance_to_target(x, specs, {qualis::TargetFormula::scaled, true});
  expect_rows_near(capped.values, {0, 1, 0.5, 0.9, 1, 0});
  EXPECT_EQ(capped.capped, (std::vector<Eigen::Index>{1, 1}));
}

TEST(NormalizeDistanceToTarget, ScaledWhenEveryUnitMeetsTheTargetIsDegenerate) {
  Eigen::MatrixXd x(2, 1);
  x << 5, 8;
  auto specs = specs_of({Direction::higher_is_better});
  specs[0].target = 5.0;
  const auto r = qualis::normalize_distance_to_target(x, specs, {qualis::TargetFormula::scaled});
  expect_rows_near(r.values, {1, 1});
  expect_status(r, {ColumnStatus::degenerate});
  NormalizeRules reject;
  reject.degenerate = qualis::DegenerateRule::reject;
  expect_error<InvalidInput>(
      [&] { qualis::normalize_distance_to_target(x, specs, {qualis::TargetFormula::scaled}, reject); },
      ErrorCode::inconsistent, {"criterion (column) 0", "falls short of the target 5"});
}

TEST(NormalizeDistanceToTarget, BadInput) {
  const auto x = main_matrix();
  expect_error<InvalidInput>([&] { qualis::normalize_distance_to_target(x, main_specs()); }, ErrorCode::inconsistent,
                             {"normalize[method=distance_to_target]", "criterion (column) 0 has no target"});
  auto s = main_specs_targets();
  s[1].target = 0.0;
  expect_error<InvalidInput>([&] { qualis::normalize_distance_to_target(x, s); }, ErrorCode::out_of_range,
                             {"criterion (column) 1: target 0 is not > 0", "ratio"});
  Eigen::MatrixXd neg = x;
  neg(2, 0) = -1.0;
  expect_error<InvalidInput>([&] { qualis::normalize_distance_to_target(neg, main_specs_targets()); },
                             ErrorCode::out_of_range, {"unit (row) 2, criterion (column) 0", "value -1 is negative"});
  Eigen::MatrixXd zero = x;
  zero(3, 1) = 0.0;
  expect_error<InvalidInput>([&] { qualis::normalize_distance_to_target(zero, main_specs_targets()); },
                             ErrorCode::out_of_range, {"unit (row) 3, criterion (column) 1", "value 0 is zero"});
  expect_error<InvalidInput>(
      [&] { qualis::normalize_distance_to_target(x, main_specs_targets(), {static_cast<qualis::TargetFormula>(7)}); },
      ErrorCode::invalid_argument, {"formula 7"});
}

// ---------------------------------------------------------------------------------------------------------------
// Distance to frontier, fraction of max
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeDistanceToFrontier, IndependentReferenceAndEquivalences) {
  using qualis::FrontierFormula;
  const auto x = main_matrix();
  expect_rows_near(qualis::normalize_distance_to_frontier(x, main_specs()).values, kFrontier_ratio);
  expect_rows_near(qualis::normalize_distance_to_frontier(x, main_specs(), {FrontierFormula::relative_gap}).values,
                   kFrontier_gap);
  // ratio == fraction_of_max with the reciprocal cost rule; range == min_max onto [0, 1].
  expect_matrix_near(qualis::normalize_distance_to_frontier(x, main_specs()).values,
                     qualis::normalize_fraction_of_max(x, main_specs()).values);
  expect_rows_near(qualis::normalize_distance_to_frontier(x, main_specs(), {FrontierFormula::range}).values, kMinMax01);
}

TEST(NormalizeDistanceToFrontier, ReproducesCoinrVignetteMtcars) {
  // COINr "Normalisation" vignette: Normalise(mtcars, global_specs = list(f_n = "n_dist2max")) |> head(), i.e.
  // 1 - (max - x) / (max - min) on all 32 cars (R's mtcars data set, 11 columns, all "higher is better").
  const Eigen::MatrixXd mtcars = rows_to_matrix(
      32, 11,
      {21.0, 6, 160.0, 110, 3.90, 2.620, 16.46, 0, 1, 4, 4, 21.0, 6, 160.0, 110, 3.90, 2.875, 17.02, 0, 1, 4, 4,
       22.8, 4, 108.0, 93,  3.85, 2.320, 18.61, 1, 1, 4, 1, 21.4, 6, 258.0, 110, 3.08, 3.215, 19.44, 1, 0, 3, 1,
       18.7, 8, 360.0, 175, 3.15, 3.440, 17.02, 0, 0, 3, 2, 18.1, 6, 225.0, 105, 2.76, 3.460, 20.22, 1, 0, 3, 1,
       14.3, 8, 360.0, 245, 3.21, 3.570, 15.84, 0, 0, 3, 4, 24.4, 4, 146.7, 62,  3.69, 3.190, 20.00, 1, 0, 4, 2,
       22.8, 4, 140.8, 95,  3.92, 3.150, 22.90, 1, 0, 4, 2, 19.2, 6, 167.6, 123, 3.92, 3.440, 18.30, 1, 0, 4, 4,
       17.8, 6, 167.6, 123, 3.92, 3.440, 18.90, 1, 0, 4, 4, 16.4, 8, 275.8, 180, 3.07, 4.070, 17.40, 0, 0, 3, 3,
       17.3, 8, 275.8, 180, 3.07, 3.730, 17.60, 0, 0, 3, 3, 15.2, 8, 275.8, 180, 3.07, 3.780, 18.00, 0, 0, 3, 3,
       10.4, 8, 472.0, 205, 2.93, 5.250, 17.98, 0, 0, 3, 4, 10.4, 8, 460.0, 215, 3.00, 5.424, 17.82, 0, 0, 3, 4,
       14.7, 8, 440.0, 230, 3.23, 5.345, 17.42, 0, 0, 3, 4, 32.4, 4, 78.7,  66,  4.08, 2.200, 19.47, 1, 1, 4, 1,
       30.4, 4, 75.7,  52,  4.93, 1.615, 18.52, 1, 1, 4, 2, 33.9, 4, 71.1,  65,  4.22, 1.835, 19.90, 1, 1, 4, 1,
       21.5, 4, 120.1, 97,  3.70, 2.465, 20.01, 1, 0, 3, 1, 15.5, 8, 318.0, 150, 2.76, 3.520, 16.87, 0, 0, 3, 2,
       15.2, 8, 304.0, 150, 3.15, 3.435, 17.30, 0, 0, 3, 2, 13.3, 8, 350.0, 245, 3.73, 3.840, 15.41, 0, 0, 3, 4,
       19.2, 8, 400.0, 175, 3.08, 3.845, 17.05, 0, 0, 3, 2, 27.3, 4, 79.0,  66,  4.08, 1.935, 18.90, 1, 1, 4, 1,
       26.0, 4, 120.3, 91,  4.43, 2.140, 16.70, 0, 1, 5, 2, 30.4, 4, 95.1,  113, 3.77, 1.513, 16.90, 1, 1, 5, 2,
       15.8, 8, 351.0, 264, 4.22, 3.170, 14.50, 0, 1, 5, 4, 19.7, 6, 145.0, 175, 3.62, 2.770, 15.50, 0, 1, 5, 6,
       15.0, 8, 301.0, 335, 3.54, 3.570, 14.60, 0, 1, 5, 8, 21.4, 4, 121.0, 109, 4.11, 2.780, 18.60, 1, 1, 4, 2});
  const auto r = qualis::normalize_distance_to_frontier(mtcars, qualis::column_specs(std::vector<Direction>(11)),
                                                        {qualis::FrontierFormula::range});
  const std::vector<double> published = {
      0.4510638, 0.5, 0.2217511, 0.2049470, 0.5253456, 0.2830478, 0.2333333, 0, 1, 0.5, 0.4285714,  //
      0.4510638, 0.5, 0.2217511, 0.2049470, 0.5253456, 0.3482485, 0.3000000, 0, 1, 0.5, 0.4285714,  //
      0.5276596, 0.0, 0.0920429, 0.1448763, 0.5023041, 0.2063411, 0.4892857, 1, 1, 0.5, 0.0000000,  //
      0.4680851, 0.5, 0.4662010, 0.2049470, 0.1474654, 0.4351828, 0.5880952, 1, 0, 0.0, 0.0000000,  //
      0.3531915, 1.0, 0.7206286, 0.4346290, 0.1797235, 0.4927129, 0.3000000, 0, 0, 0.0, 0.1428571,  //
      0.3276596, 0.5, 0.3838863, 0.1872792, 0.0000000, 0.4978266, 0.6809524, 1, 0, 0.0, 0.0000000};
  // Printed to 7 decimals: half a unit of the last digit.
  expect_within(r.values.topRows(6), rows_to_matrix(6, 11, published), 5e-8);
}

TEST(NormalizeDistanceToFrontier, ZeroMaximumIsDegenerate) {
  Eigen::MatrixXd x(3, 1);
  x << 0, 0, kNaN;
  const auto specs = specs_of({Direction::higher_is_better});
  const auto ratio = qualis::normalize_distance_to_frontier(x, specs);
  expect_rows_near(ratio.values, {1, 1, kNaN});
  expect_status(ratio, {ColumnStatus::degenerate});
  expect_rows_near(qualis::normalize_distance_to_frontier(x, specs, {qualis::FrontierFormula::relative_gap}).values,
                   {0, 0, kNaN});
  expect_rows_near(qualis::normalize_distance_to_frontier(x, specs, {qualis::FrontierFormula::range}).values,
                   {0.5, 0.5, kNaN});
}

TEST(NormalizeFractionOfMax, IndependentReferenceBothCostRules) {
  const auto x = main_matrix();
  expect_rows_near(qualis::normalize_fraction_of_max(x, main_specs()).values, kFractionReciprocal);
  expect_rows_near(qualis::normalize_fraction_of_max(x, main_specs(), {qualis::RatioCostRule::complement}).values,
                   kFractionComplement);
}

TEST(NormalizeFractionOfMax, NeedsNonNegativeValues) {
  Eigen::MatrixXd x = main_matrix();
  x(4, 0) = -2.5;
  expect_error<InvalidInput>(
      [&] { qualis::normalize_fraction_of_max(x, main_specs()); }, ErrorCode::out_of_range,
      {"normalize[method=fraction_of_max]", "unit (row) 4, criterion (column) 0", "-2.5 is negative", "values >= 0"});
  x = main_matrix();
  x(0, 1) = 0.0;
  expect_error<InvalidInput>([&] { qualis::normalize_fraction_of_max(x, main_specs()); }, ErrorCode::out_of_range,
                             {"unit (row) 0, criterion (column) 1", "min / x needs values > 0"});
  // The complement rule accepts a zero cost.
  EXPECT_NO_THROW(qualis::normalize_fraction_of_max(x, main_specs(), {qualis::RatioCostRule::complement}));
  Eigen::MatrixXd zeros = Eigen::MatrixXd::Zero(3, 2);
  const auto r = qualis::normalize_fraction_of_max(
      zeros, specs_of({Direction::higher_is_better, Direction::lower_is_better}), {qualis::RatioCostRule::complement});
  expect_rows_near(r.values, {1, 0, 1, 0, 1, 0});
  expect_status(r, {ColumnStatus::degenerate, ColumnStatus::degenerate});
}

// ---------------------------------------------------------------------------------------------------------------
// Ranks
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeRank, IndependentReferenceAllTieMethods) {
  const auto x = main_matrix();
  expect_rows_near(qualis::normalize_rank(x, main_specs()).values, kRank_average);
  expect_rows_near(qualis::normalize_rank(x, main_specs(), {qualis::TieMethod::min}).values, kRank_min);
  expect_rows_near(qualis::normalize_rank(x, main_specs(), {qualis::TieMethod::max}).values, kRank_max);
  expect_rows_near(qualis::normalize_percentile_rank(x, main_specs()).values, kPercentile);
  expect_rows_near(qualis::normalize_borda(x, main_specs(), {qualis::TieMethod::min}).values, kBordaMin);
}

TEST(NormalizeRank, TiesGetEqualRanksAndBestUnitGetsN) {
  Eigen::MatrixXd x(5, 2);
  x << 3, 3, 1, 1, 3, 3, 2, 2, 5, 5;
  const auto specs = specs_of({Direction::higher_is_better, Direction::lower_is_better});
  expect_rows_near(qualis::normalize_rank(x, specs).values, {3.5, 2.5, 1, 5, 3.5, 2.5, 2, 4, 5, 1});
  // Borda with average ties: units beaten plus half of those tied (the two 3s beat 2 units and tie with 1).
  expect_rows_near(qualis::normalize_borda(x, specs).values, {2.5, 1.5, 0, 4, 2.5, 1.5, 1, 3, 4, 0});
  expect_rows_near(qualis::normalize_borda(x, specs, {qualis::TieMethod::max}).values, {3, 2, 0, 4, 3, 2, 1, 3, 4, 0});
  // An all-equal column is tied throughout: rank (n + 1) / 2, percentile 0.5.
  Eigen::MatrixXd same = Eigen::MatrixXd::Constant(4, 1, 2.0);
  expect_rows_near(qualis::normalize_rank(same, specs_of({Direction::higher_is_better})).values, {2.5, 2.5, 2.5, 2.5});
  const auto p = qualis::normalize_percentile_rank(same, specs_of({Direction::higher_is_better}));
  expect_rows_near(p.values, {0.5, 0.5, 0.5, 0.5});
  expect_status(p, {ColumnStatus::ok});
}

TEST(NormalizeRank, MissingUnitsAreNotRanked) {
  Eigen::MatrixXd x(4, 1);
  x << 10, kNaN, 30, 20;
  const auto specs = specs_of({Direction::higher_is_better});
  const auto r = qualis::normalize_rank(x, specs);
  expect_rows_near(r.values, {1, kNaN, 3, 2});
  EXPECT_EQ(r.observed, (std::vector<Eigen::Index>{3}));
  expect_rows_near(qualis::normalize_percentile_rank(x, specs).values, {0, kNaN, 1, 0.5});
}

TEST(NormalizeRank, PercentileOfASingleObservationIsDegenerate) {
  Eigen::MatrixXd x(3, 1);
  x << kNaN, 4, kNaN;
  const auto r = qualis::normalize_percentile_rank(x, specs_of({Direction::higher_is_better}));
  expect_rows_near(r.values, {kNaN, 0.5, kNaN});
  expect_status(r, {ColumnStatus::degenerate});
}

TEST(NormalizeRank, BadTieMethod) {
  const auto x = main_matrix();
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, main_specs(), {static_cast<qualis::TieMethod>(9)}); },
                             ErrorCode::invalid_argument, {"normalize[method=rank]", "ties 9 is not a TieMethod"});
  // dense ranks would not end at n, first would depend on the row order: both rejected.
  expect_error<InvalidInput>([&] { qualis::normalize_percentile_rank(x, main_specs(), {qualis::TieMethod::dense}); },
                             ErrorCode::invalid_argument,
                             {"normalize[method=percentile_rank]", "\"dense\" is not supported"});
  expect_error<InvalidInput>([&] { qualis::normalize_borda(x, main_specs(), {qualis::TieMethod::first}); },
                             ErrorCode::invalid_argument, {"\"first\" is not supported"});
}

// ---------------------------------------------------------------------------------------------------------------
// Vector, sum, logarithmic
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeVector, IndependentReferenceBothCostRules) {
  const auto x = main_matrix();
  expect_rows_near(qualis::normalize_vector(x, main_specs()).values, k_vec_rec);
  expect_rows_near(qualis::normalize_vector(x, main_specs(), {qualis::RatioCostRule::complement}).values, k_vec_cmp);
}

TEST(NormalizeVector, FighterAircraftMatrixOfHwangAndYoon) {
  // Decision matrix of the fighter-aircraft example of Hwang & Yoon (1981), TOPSIS; reference values computed with
  // numpy (tests/reference/normalize.py). Rounded to 4 decimals they are the normalised matrix as reprinted in
  // textbooks, e.g. 0.4671, 0.5839, 0.4204, 0.5139 in the first column.
  Eigen::MatrixXd air(4, 6);
  air << 2.0, 1500, 20000, 5.5, 5, 9, 2.5, 2700, 18000, 6.5, 3, 5, 1.8, 2000, 21000, 4.5, 7, 7, 2.2, 1800, 20000, 5.0,
      5, 5;
  const auto r = qualis::normalize_vector(air, qualis::column_specs(std::vector<Direction>(6)));
  expect_rows_near(r.values, kAircraftVector);
  expect_within(r.values.col(0), Eigen::Vector4d(0.4671, 0.5839, 0.4204, 0.5139), 5e-5);
  // Unit norm per column.
  for (Eigen::Index j = 0; j < 6; ++j) EXPECT_NEAR(r.values.col(j).norm(), 1.0, 1e-12);
}

TEST(NormalizeVector, ZeroColumnIsDegenerateAndTinyValuesDoNotUnderflow) {
  Eigen::MatrixXd x(4, 2);
  x << 0, 1e-200, 0, 1e-200, 0, 1e-200, kNaN, 1e-200;
  const auto r = qualis::normalize_vector(x, specs_of({Direction::higher_is_better, Direction::higher_is_better}));
  expect_rows_near(r.values, {1 / std::sqrt(3.0), 0.5, 1 / std::sqrt(3.0), 0.5, 1 / std::sqrt(3.0), 0.5, kNaN, 0.5});
  expect_status(r, {ColumnStatus::degenerate, ColumnStatus::ok});
}

TEST(NormalizeSum, IndependentReferenceBothCostRules) {
  const auto x = main_matrix();
  const auto r = qualis::normalize_sum(x, main_specs());
  expect_rows_near(r.values, k_sum_rec);
  expect_rows_near(qualis::normalize_sum(x, main_specs(), {qualis::RatioCostRule::complement}).values, k_sum_cmp);
  // Benefit columns and reciprocal cost columns sum to 1 over the observed values.
  for (Eigen::Index j = 0; j < 5; ++j) {
    double s = 0;
    for (Eigen::Index i = 0; i < 7; ++i) s += std::isnan(r.values(i, j)) ? 0.0 : r.values(i, j);
    EXPECT_NEAR(s, 1.0, 1e-12) << "column " << j;
  }
}

TEST(NormalizeSum, ZeroSumIsDegenerateAndNegativeValuesAreRejected) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(4, 1);
  const auto r = qualis::normalize_sum(x, specs_of({Direction::higher_is_better}));
  expect_rows_near(r.values, {0.25, 0.25, 0.25, 0.25});
  expect_status(r, {ColumnStatus::degenerate});
  x(2, 0) = -1;
  expect_error<InvalidInput>([&] { qualis::normalize_sum(x, specs_of({Direction::higher_is_better})); },
                             ErrorCode::out_of_range, {"normalize[method=sum]", "unit (row) 2, criterion (column) 0"});
}

TEST(NormalizeLogarithmic, IndependentReference) {
  Eigen::MatrixXd x(5, 2);
  x << 2.0, 4.0, 3.5, 1.5, 8.0, 2.5, 1.2, kNaN, 5.0, 3.0;
  const auto r = qualis::normalize_logarithmic(x, specs_of({Direction::higher_is_better, Direction::lower_is_better}));
  expect_rows_near(r.values, kLogarithmic);
  EXPECT_NEAR(r.values.col(0).sum(), 1.0, 1e-12);
}

TEST(NormalizeLogarithmic, DegenerateAndOrderBreakingColumns) {
  const auto two = specs_of({Direction::higher_is_better, Direction::lower_is_better});
  Eigen::MatrixXd ones(3, 2);
  ones << 1, 0.5, 1, 0.5, 1, 0.5;  // all 1: sum of logs 0 (degenerate); all 0.5: equal shares, fine
  const auto r = qualis::normalize_logarithmic(ones, two);
  expect_matrix_near(r.values, Eigen::MatrixXd::Constant(3, 2, 1.0 / 3));
  expect_status(r, {ColumnStatus::degenerate, ColumnStatus::ok});
  Eigen::MatrixXd single(2, 2);
  single << 2.0, 2.0, kNaN, kNaN;
  expect_status(qualis::normalize_logarithmic(single, two), {ColumnStatus::ok, ColumnStatus::degenerate});
  Eigen::MatrixXd shares(3, 1);
  shares << 0.2, 0.5, 0.9;  // logs all negative: ln x / sum ln x would rank 0.2 first
  expect_error<InvalidInput>([&] { qualis::normalize_logarithmic(shares, specs_of({Direction::higher_is_better})); },
                             ErrorCode::out_of_range,
                             {"normalize[method=logarithmic]", "criterion (column) 0", "not keep the order"});
  shares(1, 0) = 0.0;
  expect_error<InvalidInput>([&] { qualis::normalize_logarithmic(shares, specs_of({Direction::higher_is_better})); },
                             ErrorCode::out_of_range, {"unit (row) 1, criterion (column) 0", "value 0 is zero"});
  // A target column oriented first has a 0 at the unit farthest from the ideal.
  expect_error<InvalidInput>([&] { qualis::normalize_logarithmic(main_matrix(), main_specs()); },
                             ErrorCode::out_of_range, {"criterion (column) 2", "(after orientation)"});
}

// ---------------------------------------------------------------------------------------------------------------
// Categorical
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeCategorical, ValueThresholdsPerColumn) {
  qualis::CategoricalOptions o;
  o.thresholds = {{10, 20}, {3, 6}, {0.5, 0.9}, {0.5, 1.0}, {0.4, 0.6}};
  o.scores = {0, 50, 100};
  expect_rows_near(qualis::normalize_categorical(main_matrix(), main_specs(), o).values, kCategoricalValue);
}

TEST(NormalizeCategorical, QuantileThresholdsSharedByAllColumns) {
  qualis::CategoricalOptions o;
  o.thresholds = {{0.25, 0.5, 0.75}};
  o.kind = qualis::ThresholdKind::quantile;
  o.scores = {0, 20, 60, 100};
  expect_rows_near(qualis::normalize_categorical(main_matrix(), main_specs(), o).values, kCategoricalQuantile);
}

TEST(NormalizeCategorical, DefaultScoresAreCategoryNumbersAndBoundsAreLowerInclusive) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 1, 2, 2, 3, 3, 4, 4;
  qualis::CategoricalOptions o;
  o.thresholds = {{2, 4}};
  expect_rows_near(
      qualis::normalize_categorical(x, specs_of({Direction::higher_is_better, Direction::lower_is_better}), o).values,
      {0, 2, 1, 1, 1, 1, 2, 0});
}

TEST(NormalizeCategorical, BadOptions) {
  const auto x = main_matrix();
  const auto s = main_specs();
  qualis::CategoricalOptions o;
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::empty_input,
                             {"normalize[method=categorical]", "categorical.thresholds is empty"});
  o.thresholds = {{1}, {2}};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::size_mismatch,
                             {"2 threshold lists for 5 criteria"});
  o.thresholds = {{}};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::empty_input,
                             {"categorical.thresholds[0] is empty"});
  o.thresholds = {{1, 1}};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::inconsistent,
                             {"categorical.thresholds[0][1] = 1", "does not exceed"});
  o.thresholds = {{1, kInf}};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::not_finite,
                             {"categorical.thresholds[0][1] = inf"});
  o.thresholds = {{0.5, 1.5}};
  o.kind = qualis::ThresholdKind::quantile;
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::out_of_range,
                             {"1.5 is not a probability"});
  o.kind = static_cast<qualis::ThresholdKind>(3);
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::invalid_argument,
                             {"threshold kind 3"});
  o.kind = qualis::ThresholdKind::value;
  o.thresholds = {{1, 2}};
  o.scores = {0, 1};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::size_mismatch,
                             {"2 category scores for 2 thresholds", "need 3"});
  o.scores = {0, 2, 1};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::inconsistent,
                             {"categorical.scores[2] = 1 is below"});
  o.scores = {0, kNaN, 1};
  expect_error<InvalidInput>([&] { qualis::normalize_categorical(x, s, o); }, ErrorCode::not_finite,
                             {"categorical.scores[1] = nan"});
}

// ---------------------------------------------------------------------------------------------------------------
// Missing values, common bad inputs
// ---------------------------------------------------------------------------------------------------------------

// A decision matrix of positive values (>= 1.5, so that every method applies), with benefit and cost columns,
// goalposts and targets, and the options that make every method applicable to it.
Eigen::MatrixXd positive_matrix(std::mt19937& rng, Eigen::Index rows) {
  std::uniform_real_distribution<double> u(1.5, 10.0);
  Eigen::MatrixXd m(rows, 4);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < 4; ++j) m(i, j) = u(rng);
  }
  return m;
}

std::vector<ColumnSpec> positive_specs() {
  auto s = specs_of({Direction::higher_is_better, Direction::lower_is_better, Direction::higher_is_better,
                     Direction::lower_is_better});
  for (auto& c : s) {
    c.goalposts = Interval{0, 12};
    c.target = 8.0;
  }
  return s;
}

NormalizeOptions options_for(NormalizationMethod m) {
  NormalizeOptions o;
  o.method = m;
  o.categorical.thresholds = {{0.3, 0.7}};
  o.categorical.kind = qualis::ThresholdKind::quantile;
  return o;
}

constexpr int kMethodCount = 13;

TEST(NormalizeMissing, StatisticsUseObservedValuesOnlyForEveryMethod) {
  // Normalising with missing rows must equal normalising the matrix without them, for every method.
  std::mt19937 rng(20240611);
  const Eigen::MatrixXd full = positive_matrix(rng, 9);
  Eigen::MatrixXd holes = full;
  holes(2, 0) = holes(5, 1) = holes(7, 3) = kNaN;
  for (int m = 0; m < kMethodCount; ++m) {
    const auto method = static_cast<NormalizationMethod>(m);
    SCOPED_TRACE(qualis::to_string(method));
    const auto with = qualis::normalize(holes, positive_specs(), options_for(method));
    EXPECT_EQ(with.observed, (std::vector<Eigen::Index>{8, 8, 9, 8}));
    for (Eigen::Index j = 0; j < 4; ++j) {
      std::vector<Eigen::Index> keep;
      for (Eigen::Index i = 0; i < 9; ++i) {
        if (!std::isnan(holes(i, j))) keep.push_back(i);
      }
      Eigen::MatrixXd reduced(static_cast<Eigen::Index>(keep.size()), 1);
      for (std::size_t k = 0; k < keep.size(); ++k) reduced(static_cast<Eigen::Index>(k), 0) = full(keep[k], j);
      const auto alone =
          qualis::normalize(reduced, {positive_specs()[static_cast<std::size_t>(j)]}, options_for(method));
      for (std::size_t k = 0; k < keep.size(); ++k) {
        EXPECT_NEAR(with.values(keep[k], j), alone.values(static_cast<Eigen::Index>(k), 0), 1e-12);
      }
      for (Eigen::Index i = 0; i < 9; ++i) {
        if (std::isnan(holes(i, j))) {
          EXPECT_TRUE(std::isnan(with.values(i, j)));
        }
      }
    }
  }
}

TEST(NormalizeMissing, ColumnWithoutObservedValueIsReportedNotNormalised) {
  Eigen::MatrixXd x(3, 2);
  x << 1, kNaN, 2, kNaN, 3, kNaN;
  for (int m = 0; m < kMethodCount; ++m) {
    const auto method = static_cast<NormalizationMethod>(m);
    SCOPED_TRACE(qualis::to_string(method));
    auto specs = specs_of({Direction::higher_is_better, Direction::lower_is_better});
    for (auto& c : specs) {
      c.goalposts = Interval{0, 4};
      c.target = 2.0;
    }
    const auto r = qualis::normalize(x, specs, options_for(method));
    expect_status(r, {ColumnStatus::ok, ColumnStatus::no_data});
    EXPECT_EQ(r.observed, (std::vector<Eigen::Index>{3, 0}));
    EXPECT_TRUE(r.values.col(1).array().isNaN().all());
  }
}

TEST(NormalizeMissing, RejectAndUnsupportedRules) {
  const auto x = main_matrix();
  NormalizeRules reject;
  reject.missing = qualis::MissingRule::reject;
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, main_specs(), {}, reject); }, ErrorCode::not_finite,
                             {"normalize[method=min_max]", "unit (row) 1, criterion (column) 4", "missing (NaN)"});
  Eigen::MatrixXd complete = x;
  complete(1, 4) = complete(5, 4) = 0.5;
  EXPECT_NO_THROW(qualis::normalize_min_max(complete, main_specs(), {}, reject));
  NormalizeRules propagate;
  propagate.missing = qualis::MissingRule::propagate;
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, main_specs(), {}, propagate); },
                             ErrorCode::invalid_argument, {"\"propagate\" is not supported"});
  NormalizeRules bogus;
  bogus.missing = static_cast<qualis::MissingRule>(8);
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, main_specs(), {}, bogus); },
                             ErrorCode::invalid_argument, {"missing rule 8"});
}

TEST(NormalizeBadInput, EveryMethodRejectsEmptyInfiniteAndMismatchedInput) {
  for (int m = 0; m < kMethodCount; ++m) {
    const auto method = static_cast<NormalizationMethod>(m);
    SCOPED_TRACE(qualis::to_string(method));
    const std::string ctx = std::string("normalize[method=") + qualis::to_string(method) + "]";
    const auto o = options_for(method);
    expect_error<InvalidInput>([&] { qualis::normalize(Eigen::MatrixXd(0, 4), positive_specs(), o); },
                               ErrorCode::empty_input, {ctx, "empty (0 x 4)"});
    std::mt19937 rng(7);
    Eigen::MatrixXd x = positive_matrix(rng, 5);
    expect_error<InvalidInput>([&] { qualis::normalize(x, {positive_specs()[0]}, o); }, ErrorCode::size_mismatch,
                               {ctx, "1 column specs for 4 criteria"});
    x(3, 2) = -kInf;
    expect_error<InvalidInput>([&] { qualis::normalize(x, positive_specs(), o); }, ErrorCode::not_finite,
                               {ctx, "unit (row) 3, criterion (column) 2", "infinite"});
  }
}

TEST(NormalizeBadInput, InconsistentColumnSpecs) {
  const auto x = main_matrix();
  auto s = main_specs();
  s[2].target.reset();
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 2: direction is target_is_best but no target"});
  s = main_specs();
  s[3].best_range.reset();
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 3: direction is range_is_best but no best range"});
  s = main_specs();
  s[0].best_range = Interval{1, 2};
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 0: a best range is given but direction is higher_is_better"});
  s = main_specs();
  s[3].target = 15.0;
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 3: a target is given but direction is range_is_best"});
  s = main_specs();
  s[3].best_range = Interval{20, 10};
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, s); }, ErrorCode::inconsistent,
                             {"criterion (column) 3: best range [20, 10]", "inverted"});
  s = main_specs();
  s[2].target = kNaN;
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, s); }, ErrorCode::not_finite,
                             {"criterion (column) 2: target nan is not finite"});
  s = main_specs();
  s[1].direction = static_cast<Direction>(11);
  expect_error<InvalidInput>([&] { qualis::normalize_rank(x, s); }, ErrorCode::invalid_argument,
                             {"criterion (column) 1: direction 11 is not a Direction"});
}

TEST(NormalizeBadInput, BadRulesAndOptions) {
  const auto x = main_matrix();
  NormalizeRules r;
  r.degenerate_value = kNaN;
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, main_specs(), {}, r); }, ErrorCode::not_finite,
                             {"degenerate_value nan"});
  r = {};
  r.degenerate = static_cast<qualis::DegenerateRule>(6);
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, main_specs(), {}, r); }, ErrorCode::invalid_argument,
                             {"degenerate rule 6"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_min_max(x, main_specs(), {Interval{1, 1}});
      },
      ErrorCode::inconsistent, {"output range [1, 1]", "empty"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_min_max(x, main_specs(), {Interval{0, kNaN}});
      },
      ErrorCode::not_finite, {"output range"});
  expect_error<InvalidInput>(
      [&] {
        qualis::normalize_min_max(x, main_specs(), {Interval{-1e308, 1e308}});
      },
      ErrorCode::out_of_range, {"too wide"});
  expect_error<InvalidInput>(
      [&] { qualis::normalize_vector(x, main_specs(), {static_cast<qualis::RatioCostRule>(2)}); },
      ErrorCode::invalid_argument, {"cost rule 2"});
  expect_error<InvalidInput>(
      [&] { qualis::normalize_distance_to_frontier(x, main_specs(), {static_cast<qualis::FrontierFormula>(3)}); },
      ErrorCode::invalid_argument, {"formula 3"});
  NormalizeOptions o;
  o.method = static_cast<NormalizationMethod>(42);
  expect_error<InvalidInput>([&] { qualis::normalize(x, main_specs(), o); }, ErrorCode::invalid_argument,
                             {"normalize", "method 42"});
}

TEST(NormalizeDegenerate, EveryMethodHasADocumentedRule) {
  // An all-equal column (value 2) under every method: status and constant as documented; with reject, an error.
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(4, 1, 2.0);
  auto specs = specs_of({Direction::higher_is_better});
  specs[0].goalposts = Interval{0, 4};
  specs[0].target = 2.0;
  struct Case {
    NormalizationMethod method;
    ColumnStatus status;
    double value;
  };
  const std::vector<Case> cases = {
      {NormalizationMethod::min_max, ColumnStatus::degenerate, 0.5},
      {NormalizationMethod::z_score, ColumnStatus::degenerate, 0.0},
      {NormalizationMethod::goalposts, ColumnStatus::ok, 0.5},
      {NormalizationMethod::distance_to_target, ColumnStatus::ok, 1.0},
      {NormalizationMethod::distance_to_frontier, ColumnStatus::ok, 1.0},
      {NormalizationMethod::fraction_of_max, ColumnStatus::ok, 1.0},
      {NormalizationMethod::rank, ColumnStatus::ok, 2.5},
      {NormalizationMethod::percentile_rank, ColumnStatus::ok, 0.5},
      {NormalizationMethod::borda, ColumnStatus::ok, 1.5},
      {NormalizationMethod::vector, ColumnStatus::ok, 0.5},
      {NormalizationMethod::sum, ColumnStatus::ok, 0.25},
      {NormalizationMethod::logarithmic, ColumnStatus::ok, 0.25},
      {NormalizationMethod::categorical, ColumnStatus::ok, 2.0},
  };
  ASSERT_EQ(static_cast<int>(cases.size()), kMethodCount);
  for (const Case& c : cases) {
    SCOPED_TRACE(qualis::to_string(c.method));
    auto o = options_for(c.method);
    const auto r = qualis::normalize(x, specs, o);
    expect_status(r, {c.status});
    expect_matrix_near(r.values, Eigen::MatrixXd::Constant(4, 1, c.value));
    o.rules.degenerate = qualis::DegenerateRule::reject;
    if (c.status == ColumnStatus::degenerate) {
      expect_error<InvalidInput>([&] { qualis::normalize(x, specs, o); }, ErrorCode::inconsistent,
                                 {"criterion (column) 0", "degenerate rule \"reject\""});
    } else {
      EXPECT_NO_THROW(qualis::normalize(x, specs, o));
    }
  }
}

TEST(NormalizeDegenerate, ZeroColumnsOfRatioMethods) {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Zero(4, 1);
  const auto specs = specs_of({Direction::higher_is_better});
  expect_matrix_near(qualis::normalize_fraction_of_max(x, specs).values, Eigen::MatrixXd::Constant(4, 1, 1.0));
  expect_matrix_near(qualis::normalize_vector(x, specs).values, Eigen::MatrixXd::Constant(4, 1, 0.5));
  expect_matrix_near(qualis::normalize_sum(x, specs).values, Eigen::MatrixXd::Constant(4, 1, 0.25));
  NormalizeRules custom;
  custom.degenerate_value = -7.0;
  const auto r = qualis::normalize_sum(x, specs, {}, custom);
  expect_matrix_near(r.values, Eigen::MatrixXd::Constant(4, 1, -7.0));
  expect_status(r, {ColumnStatus::degenerate});
}

// ---------------------------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeInvariants, AffineRescalingLeavesIntervalScaleMethodsUnchanged) {
  std::mt19937 rng(99);
  const Eigen::MatrixXd x = positive_matrix(rng, 11);
  const Eigen::MatrixXd y = (x.array() * 37.5 - 1200.0).matrix();
  const auto s = positive_specs();
  for (const auto m : {NormalizationMethod::min_max, NormalizationMethod::z_score, NormalizationMethod::rank,
                       NormalizationMethod::percentile_rank, NormalizationMethod::borda}) {
    SCOPED_TRACE(qualis::to_string(m));
    expect_matrix_near(qualis::normalize(y, s, options_for(m)).values, qualis::normalize(x, s, options_for(m)).values);
  }
}

TEST(NormalizeInvariants, PositiveRescalingLeavesRatioScaleMethodsUnchanged) {
  std::mt19937 rng(5);
  const Eigen::MatrixXd x = positive_matrix(rng, 11);
  const Eigen::MatrixXd y = x * 0.004;
  const auto s = positive_specs();
  for (const auto m : {NormalizationMethod::fraction_of_max, NormalizationMethod::distance_to_frontier,
                       NormalizationMethod::vector, NormalizationMethod::sum}) {
    SCOPED_TRACE(qualis::to_string(m));
    expect_matrix_near(qualis::normalize(y, s, options_for(m)).values, qualis::normalize(x, s, options_for(m)).values);
  }
}

TEST(NormalizeInvariants, CostReversalEqualsNormalisingTheNegatedColumn) {
  std::mt19937 rng(11);
  const Eigen::MatrixXd x = positive_matrix(rng, 9);
  const auto cost = qualis::column_specs(std::vector<Direction>(4, Direction::lower_is_better));
  const auto benefit = qualis::column_specs(std::vector<Direction>(4, Direction::higher_is_better));
  for (const auto m : {NormalizationMethod::min_max, NormalizationMethod::z_score, NormalizationMethod::rank,
                       NormalizationMethod::percentile_rank, NormalizationMethod::borda}) {
    SCOPED_TRACE(qualis::to_string(m));
    expect_matrix_near(qualis::normalize(x, cost, options_for(m)).values,
                       qualis::normalize(-x, benefit, options_for(m)).values);
  }
}

TEST(NormalizeInvariants, PermutingUnitsPermutesTheOutputForEveryMethod) {
  std::mt19937 rng(3);
  Eigen::MatrixXd x = positive_matrix(rng, 10);
  x(4, 1) = kNaN;
  x(7, 0) = x(2, 0);  // a tie
  std::vector<Eigen::Index> perm(10);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  Eigen::MatrixXd px(10, 4);
  for (Eigen::Index i = 0; i < 10; ++i) px.row(i) = x.row(perm[static_cast<std::size_t>(i)]);
  for (int m = 0; m < kMethodCount; ++m) {
    const auto method = static_cast<NormalizationMethod>(m);
    SCOPED_TRACE(qualis::to_string(method));
    const auto r = qualis::normalize(x, positive_specs(), options_for(method));
    const auto pr = qualis::normalize(px, positive_specs(), options_for(method));
    Eigen::MatrixXd expected(10, 4);
    for (Eigen::Index i = 0; i < 10; ++i) expected.row(i) = r.values.row(perm[static_cast<std::size_t>(i)]);
    expect_matrix_near(pr.values, expected, 1e-12);
  }
}

TEST(NormalizeInvariants, MonotoneInTheIndicatorForEveryMethod) {
  // Benefit columns: non-decreasing in x; cost columns: non-increasing (values sorted ascending down each column).
  std::mt19937 rng(17);
  Eigen::MatrixXd x = positive_matrix(rng, 15);
  for (Eigen::Index j = 0; j < 4; ++j) std::sort(x.col(j).data(), x.col(j).data() + 15);
  x(5, 2) = x(6, 2);  // a tie
  for (int m = 0; m < kMethodCount; ++m) {
    const auto method = static_cast<NormalizationMethod>(m);
    SCOPED_TRACE(qualis::to_string(method));
    const auto r = qualis::normalize(x, positive_specs(), options_for(method));
    for (Eigen::Index j = 0; j < 4; ++j) {
      const bool benefit = positive_specs()[static_cast<std::size_t>(j)].direction == Direction::higher_is_better;
      for (Eigen::Index i = 1; i < 15; ++i) {
        if (benefit) {
          EXPECT_GE(r.values(i, j), r.values(i - 1, j)) << "column " << j << ", row " << i;
        } else {
          EXPECT_LE(r.values(i, j), r.values(i - 1, j)) << "column " << j << ", row " << i;
        }
      }
    }
  }
}

TEST(NormalizeInvariants, TargetAndRangeColumnsPeakAtTheIdeal) {
  Eigen::MatrixXd x(7, 2);
  x << 4, 4, 5.5, 8, 6.5, 10, 7, 15, 7.5, 20, 8.5, 23, 10, 30;
  std::vector<ColumnSpec> s(2);
  s[0].direction = Direction::target_is_best;
  s[0].target = 7.0;
  s[1].direction = Direction::range_is_best;
  s[1].best_range = Interval{10, 20};
  for (const auto m : {NormalizationMethod::min_max, NormalizationMethod::z_score, NormalizationMethod::rank,
                       NormalizationMethod::vector}) {
    SCOPED_TRACE(qualis::to_string(m));
    const auto r = qualis::normalize(x, s, options_for(m));
    // Rising up to the ideal (row 3; rows 2-4 for the range), falling after it.
    for (Eigen::Index i = 1; i <= 3; ++i) EXPECT_GE(r.values(i, 0), r.values(i - 1, 0));
    for (Eigen::Index i = 4; i < 7; ++i) EXPECT_LE(r.values(i, 0), r.values(i - 1, 0));
    EXPECT_EQ(r.values(2, 1), r.values(3, 1));
    EXPECT_EQ(r.values(3, 1), r.values(4, 1));
    EXPECT_GT(r.values(2, 1), r.values(1, 1));
    EXPECT_GT(r.values(4, 1), r.values(5, 1));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Registry and dispatch
// ---------------------------------------------------------------------------------------------------------------

TEST(NormalizeRegistry, EnumToStringParseAndRegistryAgree) {
  const auto& methods = qualis::normalization_methods();
  qualis_test::expect_registry_in_enum_order<NormalizationMethod>(
      methods, static_cast<std::size_t>(kMethodCount),
      [](const char* name) { return qualis::parse_normalization_method(name); });
  std::set<std::string> names;
  for (const auto& info : methods) {
    EXPECT_STRNE(info.name, "unknown");
    EXPECT_FALSE(info.parameters.empty()) << info.name;
    names.insert(info.name);
  }
  EXPECT_EQ(qualis::parse_normalization_method("Z_Score"), NormalizationMethod::z_score);
  // Aliases: the short names of COINr's n_* functions and of pymcdm.
  EXPECT_EQ(qualis::parse_normalization_method("minmax"), NormalizationMethod::min_max);
  EXPECT_EQ(qualis::parse_normalization_method("ZScore"), NormalizationMethod::z_score);
  EXPECT_EQ(qualis::parse_normalization_method("dist2targ"), NormalizationMethod::distance_to_target);
  EXPECT_EQ(qualis::parse_normalization_method("dist2max"), NormalizationMethod::distance_to_frontier);
  EXPECT_EQ(qualis::parse_normalization_method("prank"), NormalizationMethod::percentile_rank);
  for (const auto& info : methods) {
    for (const char* alias : info.aliases) EXPECT_EQ(names.count(alias), 0u) << alias << " shadows a method name";
  }
}

TEST(NormalizeRegistry, ParseErrorListsTheValidNames) {
  expect_error<qualis::ParseError>(
      [] { qualis::parse_normalization_method("minimax"); }, ErrorCode::parse_error,
      {"normalization method", "\"minimax\" is not a normalization method", "min_max", "z_score", "categorical"});
  expect_error<qualis::ParseError>([] { qualis::parse_normalization_method(" min_max"); }, ErrorCode::parse_error,
                                   {"\" min_max\""});
}

TEST(NormalizeRegistry, OtherEnumNames) {
  EXPECT_STREQ(qualis::to_string(ColumnStatus::no_data), "no_data");
  EXPECT_STREQ(qualis::to_string(qualis::DegenerateRule::reject), "reject");
  EXPECT_STREQ(qualis::to_string(qualis::StandardDeviation::population), "population");
  EXPECT_STREQ(qualis::to_string(qualis::TargetFormula::relative_gap), "relative_gap");
  EXPECT_STREQ(qualis::to_string(qualis::FrontierFormula::range), "range");
  EXPECT_STREQ(qualis::to_string(qualis::RatioCostRule::complement), "complement");
  EXPECT_STREQ(qualis::to_string(qualis::ThresholdKind::quantile), "quantile");
  EXPECT_STREQ(qualis::to_string(qualis::CostTransform::max_minus_x), "max_minus_x");
  EXPECT_STREQ(qualis::to_string(static_cast<qualis::TargetFormula>(9)), "unknown");
}

TEST(NormalizeRegistry, DispatchEqualsTheMethodFunctions) {
  const auto x = main_matrix();
  const auto s = main_specs_targets();
  auto sg = main_specs_goalposts();
  NormalizeOptions o;
  o.rules.degenerate_value = 0.25;
  o.min_max.range = Interval{0, 100};
  expect_matrix_near(qualis::normalize(x, s, o).values, qualis::normalize_min_max(x, s, o.min_max, o.rules).values);
  o.method = NormalizationMethod::z_score;
  o.z_score = {qualis::StandardDeviation::population, 100, 10};
  expect_rows_near(qualis::normalize(x, s, o).values, kZPopulation100x10);
  o.method = NormalizationMethod::goalposts;
  expect_rows_near(qualis::normalize(x, sg, o).values, kGoalposts);
  o.method = NormalizationMethod::distance_to_target;
  o.distance_to_target.formula = qualis::TargetFormula::scaled;
  expect_rows_near(qualis::normalize(x, s, o).values, kTarget_scaled);
  o.method = NormalizationMethod::distance_to_frontier;
  o.distance_to_frontier.formula = qualis::FrontierFormula::relative_gap;
  expect_rows_near(qualis::normalize(x, s, o).values, kFrontier_gap);
  o.method = NormalizationMethod::fraction_of_max;
  o.ratio.cost = qualis::RatioCostRule::complement;
  expect_rows_near(qualis::normalize(x, s, o).values, kFractionComplement);
  o.method = NormalizationMethod::vector;
  expect_rows_near(qualis::normalize(x, s, o).values, k_vec_cmp);
  o.method = NormalizationMethod::sum;
  expect_rows_near(qualis::normalize(x, s, o).values, k_sum_cmp);
  o.method = NormalizationMethod::rank;
  o.rank.ties = qualis::TieMethod::max;
  expect_rows_near(qualis::normalize(x, s, o).values, kRank_max);
  o.method = NormalizationMethod::borda;
  o.rank.ties = qualis::TieMethod::min;
  expect_rows_near(qualis::normalize(x, s, o).values, kBordaMin);
  o.method = NormalizationMethod::percentile_rank;
  o.rank.ties = qualis::TieMethod::average;
  expect_rows_near(qualis::normalize(x, s, o).values, kPercentile);
  o.method = NormalizationMethod::categorical;
  o.categorical.thresholds = {{10, 20}, {3, 6}, {0.5, 0.9}, {0.5, 1.0}, {0.4, 0.6}};
  o.categorical.scores = {0, 50, 100};
  expect_rows_near(qualis::normalize(x, s, o).values, kCategoricalValue);
  Eigen::MatrixXd lx(5, 2);
  lx << 2.0, 4.0, 3.5, 1.5, 8.0, 2.5, 1.2, kNaN, 5.0, 3.0;
  o.method = NormalizationMethod::logarithmic;
  expect_rows_near(qualis::normalize(lx, specs_of({Direction::higher_is_better, Direction::lower_is_better}), o).values,
                   kLogarithmic);
}

// The matrix is screened while the columns are copied, but its errors still come first, as in a serial run: before
// a bad spec, and before a failing column further left than the bad value.
TEST(NormalizeErrors, MatrixErrorsComeBeforeSpecAndColumnErrors) {
  Eigen::MatrixXd x = qualis_test::random_matrix(50, 6, 14);
  x(7, 4) = std::numeric_limits<double>::infinity();
  std::vector<ColumnSpec> bad_specs(6);
  bad_specs[1].direction = Direction::target_is_best;  // no target
  expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, bad_specs); }, ErrorCode::not_finite,
                             {"unit (row) 7, criterion (column) 4", "infinite"});
  x(3, 1) = -5.0;  // sum normalisation rejects column 1, left of the infinite value
  expect_error<InvalidInput>([&] { qualis::normalize_sum(x, std::vector<ColumnSpec>(6)); }, ErrorCode::not_finite,
                             {"unit (row) 7, criterion (column) 4", "infinite"});
  x(7, 4) = 1.0;
  expect_error<InvalidInput>([&] { qualis::normalize_sum(x, std::vector<ColumnSpec>(6)); }, ErrorCode::out_of_range,
                             {"unit (row) 3, criterion (column) 1", "needs values >= 0"});
  NormalizeRules reject;
  reject.missing = qualis::MissingRule::reject;
  x(9, 2) = std::numeric_limits<double>::quiet_NaN();
  expect_error<InvalidInput>([&] { qualis::normalize_sum(x, std::vector<ColumnSpec>(6), {}, reject); },
                             ErrorCode::not_finite, {"unit (row) 9, criterion (column) 2", "missing"});
}

// The columns are normalised in parallel (OpenMP), each by one thread in a fixed order, so every method must give
// the same bits with 1 and 4 threads, missing cells and target columns included.
#ifdef _OPENMP
TEST(NormalizeThreads, SameBitsForOneAndFourThreads) {
  Eigen::MatrixXd x = qualis_test::random_matrix(2000, 30, 11);
  for (Eigen::Index j = 0; j < x.cols(); ++j) x((j * 97) % x.rows(), j) = std::numeric_limits<double>::quiet_NaN();
  std::vector<ColumnSpec> specs(static_cast<std::size_t>(x.cols()));
  for (std::size_t j = 0; j < specs.size(); ++j) {
    if (j % 3 == 1) specs[j].direction = Direction::lower_is_better;
    if (j % 7 == 5) {
      specs[j].direction = Direction::target_is_best;
      specs[j].target = 40.0;
    }
  }
  for (const NormalizationMethod method :
       {NormalizationMethod::min_max, NormalizationMethod::z_score, NormalizationMethod::distance_to_frontier,
        NormalizationMethod::fraction_of_max, NormalizationMethod::rank, NormalizationMethod::percentile_rank,
        NormalizationMethod::borda, NormalizationMethod::vector, NormalizationMethod::sum,
        NormalizationMethod::categorical}) {
    SCOPED_TRACE(qualis::to_string(method));
    NormalizeOptions o;
    o.method = method;
    o.categorical.thresholds = {{0.2, 0.5, 0.9}};
    o.categorical.kind = qualis::ThresholdKind::quantile;
    const auto [one, four] = qualis_test::with_1_and_4_threads([&] { return qualis::normalize(x, specs, o); });
    EXPECT_TRUE(qualis_test::same_bits(one.values, four.values));
    EXPECT_EQ(one.status, four.status);
    EXPECT_EQ(one.observed, four.observed);
    EXPECT_EQ(one.capped, four.capped);
  }
}

// With bad cells in two columns, the error names the first in column order, as a serial scan would, whatever
// the number of threads.
TEST(NormalizeThreads, ErrorNamesTheFirstBadColumnForAnyThreadCount) {
  Eigen::MatrixXd x = qualis_test::random_matrix(2000, 30, 12);
  x(5, 21) = -std::numeric_limits<double>::infinity();
  x(1500, 8) = std::numeric_limits<double>::infinity();
  x(1600, 8) = std::numeric_limits<double>::infinity();
  const std::vector<ColumnSpec> specs(static_cast<std::size_t>(x.cols()));
  for (const int threads : {1, 4}) {
    const qualis_test::ScopedThreads scope(threads);
    expect_error<InvalidInput>([&] { qualis::normalize_min_max(x, specs); }, ErrorCode::not_finite,
                               {"unit (row) 1500, criterion (column) 8", "infinite"});
  }
  // A kernel error (a value the method cannot take) in two columns: also the lowest column.
  Eigen::MatrixXd y = qualis_test::random_matrix(2000, 30, 13);
  y(7, 25) = -1.0;
  y(900, 3) = -2.0;
  for (const int threads : {1, 4}) {
    const qualis_test::ScopedThreads scope(threads);
    expect_error<InvalidInput>([&] { qualis::normalize_sum(y, specs); }, ErrorCode::out_of_range,
                               {"unit (row) 900, criterion (column) 3", "needs values >= 0"});
  }
}
#endif

}  // namespace
