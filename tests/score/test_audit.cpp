// Tests for the framework audit in qualis/score/audit.hpp: indicator statistics and the JRC/COINr outlier rule,
// pairwise Pearson and Spearman correlations, Cronbach's alpha, PCA per dimension and audit_framework().
//
// Full-precision reference values come from tests/reference/audit.py (an independent numpy/scipy computation:
// scipy.stats.skew/kurtosis, spearmanr, np.corrcoef, np.linalg.eigvalsh). Published values: COINr's
// check_SkewKurt() example and get_stats(mtcars) table (COINr reference manual, Becker 2022+), and pingouin's
// cronbach_alpha() example on its cronbach_wide_missing data set (pingouin docs, checked there against R psych).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "qualis/model/framework.hpp"
#include "qualis/score/audit.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"
#include "support/threads.hpp"

namespace {

using qualis::AlphaStatus;
using qualis::AuditOptions;
using qualis::CorrelationMethod;
using qualis::DimensionAggregate;
using qualis::ErrorCode;
using qualis::IndicatorStatus;
using qualis::InvalidInput;
using qualis::MomentEstimator;
using qualis::PcaStatus;
using qualis::StatisticsOptions;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::vec;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// The fixed 10 x 6 matrix of tests/reference/audit.py. Dimension 0 = columns 0, 1, 2 (column 0 has an outlier,
// column 2 ties and a missing value); dimension 1 = columns 3, 4, 5 (column 4 has a missing value, column 5 runs
// against the other two).
Eigen::MatrixXd data() {
  return Eigen::MatrixXd{{1.2, 2.3, 3, 10.5, 0.51, 7.1},   {2.5, 3.1, 3, 12.0, 0.62, 6.3},
                         {3.1, 4.0, 5, 11.2, nan, 6.8},    {4.8, 5.2, 4, 14.9, 0.80, 5.0},
                         {5.0, 5.1, nan, 15.5, 0.79, 4.1}, {6.7, 7.9, 6, 13.1, 0.70, 5.9},
                         {7.2, 7.0, 6, 18.2, 0.95, 3.2},   {8.9, 9.4, 8, 17.0, 0.91, 3.9},
                         {9.4, 9.0, 8, 19.9, 1.02, 2.2},   {30.0, 11.3, 9, 21.4, 1.10, 1.5}};
}
const std::vector<Eigen::Index> groups = {0, 0, 0, 1, 1, 1};

// A row-major 6 x 6 matrix from the reference script's flat output.
Eigen::MatrixXd square(std::initializer_list<double> values) {
  Eigen::MatrixXd m(6, 6);
  auto it = values.begin();
  for (Eigen::Index i = 0; i < 6; ++i) {
    for (Eigen::Index j = 0; j < 6; ++j) m(i, j) = *it++;
  }
  return m;
}

void expect_close_matrix(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, double rel = 1e-9) {
  ASSERT_EQ(actual.rows(), expected.rows());
  ASSERT_EQ(actual.cols(), expected.cols());
  for (Eigen::Index j = 0; j < expected.cols(); ++j) expect_close(actual.col(j), expected.col(j), rel);
}

const Eigen::MatrixXd ref_pearson = square({1.0,
                                            0.8086179915598051,
                                            0.7740787793119619,
                                            0.7758555450338797,
                                            0.7565428331036622,
                                            -0.7634626061013075,
                                            0.8086179915598051,
                                            1.0,
                                            0.9650022963645608,
                                            0.864244414622928,
                                            0.8756806227853758,
                                            -0.8386552714482183,
                                            0.7740787793119619,
                                            0.9650022963645608,
                                            1.0,
                                            0.8549779530237283,
                                            0.8862952330762842,
                                            -0.8497458523261687,
                                            0.7758555450338797,
                                            0.864244414622928,
                                            0.8549779530237281,
                                            1.0,
                                            0.9938862671617947,
                                            -0.9961593289150852,
                                            0.7565428331036621,
                                            0.8756806227853758,
                                            0.8862952330762841,
                                            0.9938862671617948,
                                            1.0,
                                            -0.9829904076366391,
                                            -0.7634626061013075,
                                            -0.8386552714482183,
                                            -0.8497458523261687,
                                            -0.9961593289150851,
                                            -0.9829904076366391,
                                            1.0});
const Eigen::MatrixXd ref_spearman = square({1.0,
                                             0.9636363636363635,
                                             0.9705418934551804,
                                             0.9393939393939393,
                                             0.9166666666666666,
                                             -0.9393939393939393,
                                             0.9636363636363635,
                                             1.0,
                                             0.9705418934551804,
                                             0.8545454545454544,
                                             0.8333333333333333,
                                             -0.8545454545454544,
                                             0.9705418934551804,
                                             0.9705418934551804,
                                             1.0,
                                             0.8523889672954192,
                                             0.8971179931924131,
                                             -0.8523889672954192,
                                             0.9393939393939393,
                                             0.8545454545454544,
                                             0.8523889672954194,
                                             1.0,
                                             0.9833333333333333,
                                             -0.9999999999999999,
                                             0.9166666666666666,
                                             0.8333333333333333,
                                             0.8971179931924131,
                                             0.9833333333333333,
                                             1.0,
                                             -0.9833333333333333,
                                             -0.9393939393939393,
                                             -0.8545454545454544,
                                             -0.8523889672954194,
                                             -0.9999999999999999,
                                             -0.9833333333333333,
                                             1.0});

// ---------------------------------------------------------------------------------------------------------------
// indicator_statistics
// ---------------------------------------------------------------------------------------------------------------

TEST(IndicatorStatistics, ReproducesScipySampleAdjusted) {
  const auto s = qualis::indicator_statistics(data());
  EXPECT_EQ(s.units, 10);
  EXPECT_EQ(s.estimator, MomentEstimator::sample_adjusted);
  EXPECT_THAT(s.observed, ElementsAre(10, 10, 9, 10, 9, 10));
  expect_close(s.coverage, {1.0, 1.0, 0.9, 1.0, 0.9, 1.0});
  expect_close(s.mean, {7.880000000000001, 6.43, 5.777777777777778, 15.370000000000001, 0.8222222222222223, 4.6});
  expect_close(s.sd, {8.22392174627707, 2.962000075024382, 2.223610677354389, 3.7327529310743888, 0.19207926604515244,
                      1.9407902170679516});
  expect_close(s.min, {1.2, 2.3, 3.0, 10.5, 0.51, 1.5});
  expect_close(s.max, {30.0, 11.3, 9.0, 21.4, 1.1, 7.1});
  // scipy.stats.skew(bias=False), kurtosis(fisher=True, bias=False).
  expect_close(s.skewness, {2.5494298108562616, 0.19295074377122384, 0.09456370907716664, 0.2700526466413736,
                            -0.19602788464202245, -0.2542071922661243});
  expect_close(s.kurtosis, {7.251762138900508, -1.0986885953747205, -1.4378054718920765, -1.1523134274761937,
                            -0.7913983863580887, -1.2103996285647165});
  for (const IndicatorStatus st : s.status) EXPECT_EQ(st, IndicatorStatus::ok);
  // Column 0: |2.55| > 2 and 7.25 > 3.5. Full coverage is not low.
  EXPECT_THAT(s.outliers, ElementsAre(0));
  EXPECT_TRUE(s.low_coverage.empty());
}

TEST(IndicatorStatistics, PopulationAndMinitabEstimators) {
  StatisticsOptions o;
  o.estimator = MomentEstimator::population;  // scipy bias=True
  auto s = qualis::indicator_statistics(data(), o);
  EXPECT_EQ(s.estimator, MomentEstimator::population);
  expect_close(s.skewness, {2.1498679832101475, 0.1627103537441638, 0.07801107993305247, 0.22772838707822957,
                            -0.16171475428736645, -0.21436632670861147});
  expect_close(s.kurtosis, {3.5565523209942267, -1.166934963040246, -1.3548478727433402, -1.1972682014006752,
                            -1.0154841528379965, -1.2301250424204457});
  EXPECT_THAT(s.outliers, ElementsAre(0));  // 2.15 > 2 and 3.557 > 3.5
  o.estimator = MomentEstimator::minitab;   // type 3, from g1 and g2 by the Joanes & Gill formulas
  s = qualis::indicator_statistics(data(), o);
  expect_close(s.skewness, {1.8355894638165084, 0.13892453551528117, 0.06537737911507815, 0.19443790558178894,
                            -0.13552545111053407, -0.18302917843160954});
  expect_close(s.kurtosis, {2.3108073800053237, -1.5152173200625991, -1.700126714266343, -1.539787243134547,
                            -1.4319874787855775, -1.566401284360561});
  EXPECT_TRUE(s.outliers.empty());  // 1.84 is not > 2
  // The estimators differ: each test above can fail for the wrong formula.
  EXPECT_THAT(qualis::to_string(MomentEstimator::minitab), ::testing::StrEq("minitab"));
}

TEST(IndicatorStatistics, CoinrPublishedExamples) {
  // COINr reference manual, check_SkewKurt(): x <- c(1:10, 30, 100) gives Skew 3.063241, Kurt 9.741391 and fails
  // the test (an outlier).
  Eigen::MatrixXd x(12, 1);
  for (Eigen::Index i = 0; i < 10; ++i) x(i, 0) = static_cast<double>(i + 1);
  x(10, 0) = 30;
  x(11, 0) = 100;
  const auto s = qualis::indicator_statistics(x);
  EXPECT_NEAR(s.skewness[0], 3.063241, 5e-7);
  EXPECT_NEAR(s.kurtosis[0], 9.741391, 5e-7);
  expect_close(s.skewness, {3.0632410342394993});  // tests/reference/audit.py
  expect_close(s.kurtosis, {9.741390834569144});
  EXPECT_THAT(s.outliers, ElementsAre(0));

  // COINr reference manual, get_stats(mtcars), rows mpg and hp (three significant figures): Mean 20.1 / 147,
  // Std 6.03 / 68.6, Skew 0.672 / 0.799, Kurt -0.022 / 0.275, Flag.SkewKurt ok.
  const Eigen::VectorXd mpg =
      vec({21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4,
           14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4});
  const Eigen::VectorXd hp = vec({110, 110, 93, 110, 175, 105, 245, 62,  95,  123, 123, 180, 180, 180, 205, 215,
                                  230, 66,  52, 65,  97,  150, 150, 245, 175, 66,  91,  113, 264, 175, 335, 109});
  Eigen::MatrixXd cars(32, 2);
  cars << mpg, hp;
  const auto c = qualis::indicator_statistics(cars);
  EXPECT_NEAR(c.mean[0], 20.1, 0.05);
  EXPECT_NEAR(c.mean[1], 147, 0.5);
  EXPECT_NEAR(c.sd[0], 6.03, 0.005);
  EXPECT_NEAR(c.sd[1], 68.6, 0.05);
  EXPECT_NEAR(c.skewness[0], 0.672, 0.0005);
  EXPECT_NEAR(c.skewness[1], 0.799, 0.0005);
  EXPECT_NEAR(c.kurtosis[0], -0.022, 0.0005);
  EXPECT_NEAR(c.kurtosis[1], 0.275, 0.0005);
  EXPECT_TRUE(c.outliers.empty());
  // Full precision, scipy (tests/reference/audit.py run on the same columns).
  expect_close(c.skewness, {0.6723771376290805, 0.7994066925956383});
  expect_close(c.kurtosis, {-0.0220062914240855, 0.2752115875371124});
}

TEST(IndicatorStatistics, OutlierRuleNeedsBothThresholdsAndSignedKurtosis) {
  StatisticsOptions o;
  o.kurtosis_max = 7.3;  // column 0 has kurtosis 7.2518: no longer flagged
  EXPECT_TRUE(qualis::indicator_statistics(data(), o).outliers.empty());
  o.kurtosis_max = 3.5;
  o.skewness_max = 2.6;  // skewness 2.549
  EXPECT_TRUE(qualis::indicator_statistics(data(), o).outliers.empty());
  // Negative skewness counts by its absolute value: mirror column 0.
  Eigen::MatrixXd x = data();
  x.col(0) *= -1.0;
  const auto s = qualis::indicator_statistics(x);
  EXPECT_NEAR(s.skewness[0], -2.5494298108562616, 1e-12);
  EXPECT_THAT(s.outliers, ElementsAre(0));
  // Kurtosis is signed (COINr): a flat column with very negative kurtosis is never an outlier.
  o = {};
  o.skewness_max = 0.0;
  o.kurtosis_max = 1.0;
  const auto flat = qualis::indicator_statistics(data(), o);  // all other kurtoses are < 0
  EXPECT_THAT(flat.outliers, ElementsAre(0));
}

TEST(IndicatorStatistics, CoverageFlag) {
  StatisticsOptions o;
  o.coverage_min = 0.95;
  EXPECT_THAT(qualis::indicator_statistics(data(), o).low_coverage, ElementsAre(2, 4));
  o.coverage_min = 0.9;  // 0.9 is not < 0.9 (COINr: LOW only when below t_avail)
  EXPECT_TRUE(qualis::indicator_statistics(data(), o).low_coverage.empty());
}

TEST(IndicatorStatistics, MissingValuesAreSkippedPerColumn) {
  // Column 2 equals the statistics of its 9 observed values alone.
  const Eigen::MatrixXd x = data();
  Eigen::MatrixXd observed(9, 1);
  Eigen::Index r = 0;
  for (Eigen::Index i = 0; i < 10; ++i) {
    if (!std::isnan(x(i, 2))) observed(r++, 0) = x(i, 2);
  }
  const auto all = qualis::indicator_statistics(x);
  const auto alone = qualis::indicator_statistics(observed);
  EXPECT_DOUBLE_EQ(all.mean[2], alone.mean[0]);
  EXPECT_DOUBLE_EQ(all.sd[2], alone.sd[0]);
  EXPECT_DOUBLE_EQ(all.skewness[2], alone.skewness[0]);
  EXPECT_DOUBLE_EQ(all.kurtosis[2], alone.kurtosis[0]);
  EXPECT_DOUBLE_EQ(alone.coverage[0], 1.0);
  EXPECT_DOUBLE_EQ(all.coverage[2], 0.9);
}

TEST(IndicatorStatistics, InvariantToUnitOrderAndScaling) {
  const Eigen::MatrixXd x = data();
  Eigen::MatrixXd p = x.colwise().reverse();
  p.row(1).swap(p.row(6));
  const auto a = qualis::indicator_statistics(x);
  const auto b = qualis::indicator_statistics(p);
  expect_close(b.mean, a.mean, 1e-12);
  expect_close(b.skewness, a.skewness, 1e-12);
  expect_close(b.kurtosis, a.kurtosis, 1e-12);
  // Skewness and kurtosis do not depend on a positive scale or a shift; sd scales.
  Eigen::MatrixXd y = x;
  y.col(3) = y.col(3) * 250.0 + Eigen::VectorXd::Constant(10, 17.0);
  const auto c = qualis::indicator_statistics(y);
  EXPECT_NEAR(c.skewness[3], a.skewness[3], 1e-12);
  EXPECT_NEAR(c.kurtosis[3], a.kurtosis[3], 1e-12);
  EXPECT_NEAR(c.sd[3], 250.0 * a.sd[3], 1e-9);
}

TEST(IndicatorStatistics, DegenerateColumnsHaveAStatusNotASilentNaN) {
  // Column 0 constant; column 1 with 3 observed values; column 2 with 1; column 3 with none; column 4 constant
  // over 2 values.
  const Eigen::MatrixXd x{{5, 1, nan, nan, 2}, {5, 2, nan, nan, 2}, {5, 4, 7, nan, nan}, {5, nan, nan, nan, nan}};
  const auto s = qualis::indicator_statistics(x);
  EXPECT_THAT(s.status, ElementsAre(IndicatorStatus::constant, IndicatorStatus::too_few_observations,
                                    IndicatorStatus::too_few_observations, IndicatorStatus::no_observations,
                                    IndicatorStatus::too_few_observations));
  EXPECT_THAT(s.observed, ElementsAre(4, 3, 1, 0, 2));
  // Constant: sd, skewness and kurtosis 0.
  EXPECT_EQ(s.sd[0], 0.0);
  EXPECT_EQ(s.skewness[0], 0.0);
  EXPECT_EQ(s.kurtosis[0], 0.0);
  EXPECT_EQ(s.mean[0], 5.0);
  // Three values: skewness defined (n >= 3), kurtosis not (n < 4).
  EXPECT_NEAR(s.skewness[1], 0.9352195295828235, 1e-12);  // scipy.stats.skew([1, 2, 4], bias=False)
  EXPECT_TRUE(std::isnan(s.kurtosis[1]));
  // One value: mean/min/max, no sd.
  EXPECT_EQ(s.mean[2], 7.0);
  EXPECT_EQ(s.min[2], 7.0);
  EXPECT_TRUE(std::isnan(s.sd[2]));
  EXPECT_TRUE(std::isnan(s.skewness[2]));
  // None: all NaN, coverage 0.
  EXPECT_EQ(s.coverage[3], 0.0);
  EXPECT_TRUE(std::isnan(s.mean[3]) && std::isnan(s.min[3]) && std::isnan(s.max[3]) && std::isnan(s.sd[3]));
  // Two equal values: sd 0, skewness undefined.
  EXPECT_EQ(s.sd[4], 0.0);
  EXPECT_TRUE(std::isnan(s.skewness[4]));
  EXPECT_TRUE(s.outliers.empty());
  EXPECT_THAT(s.low_coverage, ElementsAre(2, 3, 4));  // 0.25, 0, 0.5 < 0.65
  EXPECT_STREQ(qualis::to_string(IndicatorStatus::no_observations), "no_observations");
}

TEST(IndicatorStatistics, BadInput) {
  expect_error<InvalidInput>([] { qualis::indicator_statistics(Eigen::MatrixXd(0, 3)); }, ErrorCode::empty_input,
                             {"indicator_statistics", "empty"});
  expect_error<InvalidInput>([] { qualis::indicator_statistics(Eigen::MatrixXd(3, 0)); }, ErrorCode::empty_input);
  Eigen::MatrixXd x = data();
  x(4, 3) = -inf;
  expect_error<InvalidInput>([&] { qualis::indicator_statistics(x); }, ErrorCode::not_finite,
                             {"unit (row) 4, criterion (column) 3", "infinite"});
  StatisticsOptions o;
  o.skewness_max = -1;
  expect_error<InvalidInput>([&] { qualis::indicator_statistics(data(), o); }, ErrorCode::out_of_range,
                             {"skewness_max"});
  o = {};
  o.kurtosis_max = nan;
  expect_error<InvalidInput>([&] { qualis::indicator_statistics(data(), o); }, ErrorCode::out_of_range,
                             {"kurtosis_max"});
  o = {};
  o.coverage_min = 1.5;
  expect_error<InvalidInput>([&] { qualis::indicator_statistics(data(), o); }, ErrorCode::out_of_range,
                             {"coverage_min"});
  o = {};
  o.estimator = static_cast<MomentEstimator>(9);
  expect_error<InvalidInput>([&] { qualis::indicator_statistics(data(), o); }, ErrorCode::invalid_argument,
                             {"estimator 9"});
}

// ---------------------------------------------------------------------------------------------------------------
// correlation_matrices
// ---------------------------------------------------------------------------------------------------------------

TEST(CorrelationMatrices, ReproducesNumpyAndScipyPairwise) {
  const auto c = qualis::correlation_matrices(data());
  expect_close_matrix(c.pearson, ref_pearson);
  expect_close_matrix(c.spearman, ref_spearman);
  // Pairs: 10 everywhere except with column 2 or 4 (9), and 8 for the pair (2, 4).
  for (Eigen::Index j = 0; j < 6; ++j) {
    for (Eigen::Index k = 0; k < 6; ++k) {
      const bool two = j == 2 || k == 2;
      const bool four = j == 4 || k == 4;
      const Eigen::Index expected = (two && four && j != k) ? 8 : (two || four) ? 9 : 10;
      EXPECT_EQ(c.pairs(j, k), expected) << j << ", " << k;
      EXPECT_TRUE(c.defined(j, k));
    }
  }
  EXPECT_TRUE(c.pearson.isApprox(c.pearson.transpose(), 0.0));
  EXPECT_TRUE(c.spearman.isApprox(c.spearman.transpose(), 0.0));
}

TEST(CorrelationMatrices, SpearmanAveragesTiedRanks) {
  // Ranks of x are 1, 2.5, 2.5, 4: rho = 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10) (hand computation). A "min" or "first"
  // tie rule gives another value (0.9233805168766388 and 1 respectively).
  const Eigen::MatrixXd x{{1, 10}, {2, 20}, {2, 30}, {3, 40}};
  const auto c = qualis::correlation_matrices(x);
  EXPECT_NEAR(c.spearman(0, 1), 3.0 / std::sqrt(10.0), 1e-15);
  // Spearman depends on the order only: a monotone transform of a column changes Pearson, not Spearman.
  Eigen::MatrixXd y = data();
  y.col(0) = y.col(0).array().exp();
  const auto t = qualis::correlation_matrices(y);
  expect_close_matrix(t.spearman, ref_spearman, 1e-12);
  EXPECT_GT(std::abs(t.pearson(0, 1) - ref_pearson(0, 1)), 0.1);
}

TEST(CorrelationMatrices, EqualsThePairByPairDefinitionWithTiesAndGaps) {
  // correlation_matrices() sorts each column once and ranks every pair's subset in a linear walk; the definition
  // gathers each pair's complete rows and ranks them afresh (detail::audit::pair_correlation, used for the
  // dimension aggregates). Same values to the bit, on data with many ties (values rounded to integers 0..9) and
  // missing cells (about 15%), and one column with few distinct values.
  Eigen::MatrixXd x = qualis_test::random_matrix(300, 6, 20261127);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      x(i, j) = std::floor(x(i, j) / (j == 5 ? 40.0 : 10.0));
      if ((i * 7 + j * 13) % 20 < 3) x(i, j) = std::numeric_limits<double>::quiet_NaN();
    }
  }
  const auto c = qualis::correlation_matrices(x);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index k = 0; k < x.cols(); ++k) {
      const auto d = qualis::detail::audit::pair_correlation(x.col(j).data(), x.col(k).data(), x.rows());
      EXPECT_EQ(c.pairs(j, k), d.pairs);
      ASSERT_TRUE(c.defined(j, k));
      if (j == k) continue;
      EXPECT_EQ(c.pearson(j, k), *d.pearson) << j << ", " << k;
      EXPECT_EQ(c.spearman(j, k), *d.spearman) << j << ", " << k;
    }
  }
#ifdef _OPENMP
  const auto [one, four] = qualis_test::with_1_and_4_threads([&] { return qualis::correlation_matrices(x); });
  EXPECT_TRUE(qualis_test::same_bits(one.pearson, four.pearson));
  EXPECT_TRUE(qualis_test::same_bits(one.spearman, four.spearman));
  EXPECT_TRUE(one.pairs == four.pairs);
#endif
}

TEST(CorrelationMatrices, InvariantToUnitOrderAndPositiveScaling) {
  const Eigen::MatrixXd x = data();
  Eigen::MatrixXd p = x.colwise().reverse();
  p.row(0).swap(p.row(5));
  const auto a = qualis::correlation_matrices(p);
  expect_close_matrix(a.pearson, ref_pearson, 1e-12);
  expect_close_matrix(a.spearman, ref_spearman, 1e-12);
  Eigen::MatrixXd y = x;
  y.col(1) *= 1000.0;
  y.col(4) *= 0.003;
  const auto b = qualis::correlation_matrices(y);
  expect_close_matrix(b.pearson, ref_pearson, 1e-12);
  expect_close_matrix(b.spearman, ref_spearman, 1e-12);
  // A negative scale flips the sign of the column's correlations (and only of those).
  y.col(1) *= -1.0;
  const auto c = qualis::correlation_matrices(y);
  EXPECT_NEAR(c.pearson(0, 1), -ref_pearson(0, 1), 1e-12);
  EXPECT_NEAR(c.spearman(1, 3), -ref_spearman(1, 3), 1e-12);
  EXPECT_NEAR(c.pearson(0, 3), ref_pearson(0, 3), 1e-12);
  EXPECT_EQ(c.pearson(1, 1), 1.0);
}

TEST(CorrelationMatrices, UndefinedCorrelationsAreZeroAndMarked) {
  // Column 1 constant; columns 2 and 3 share only one observed unit; column 4 has one observation.
  const Eigen::MatrixXd x{{1, 7, 1, nan, nan}, {2, 7, 2, nan, 3}, {4, 7, nan, 5, nan}, {3, 7, nan, 6, nan}};
  const auto c = qualis::correlation_matrices(x);
  for (Eigen::Index j = 0; j < 5; ++j) {
    for (Eigen::Index k = 0; k < 5; ++k) {
      EXPECT_FALSE(std::isnan(c.pearson(j, k)));
      EXPECT_FALSE(std::isnan(c.spearman(j, k)));
    }
  }
  EXPECT_FALSE(c.defined(0, 1));
  EXPECT_EQ(c.pearson(0, 1), 0.0);
  EXPECT_EQ(c.spearman(1, 0), 0.0);
  EXPECT_FALSE(c.defined(1, 1));  // a constant column is not even correlated with itself
  EXPECT_EQ(c.pearson(1, 1), 0.0);
  EXPECT_EQ(c.pairs(1, 1), 4);
  EXPECT_EQ(c.pairs(2, 3), 0);
  EXPECT_FALSE(c.defined(2, 3));
  EXPECT_FALSE(c.defined(4, 4));
  EXPECT_EQ(c.pairs(4, 4), 1);
  EXPECT_TRUE(c.defined(0, 2));  // two pairs: r = 1
  EXPECT_EQ(c.pearson(0, 2), 1.0);
  EXPECT_TRUE(c.defined(0, 0));
  EXPECT_EQ(c.pearson(0, 0), 1.0);
}

TEST(CorrelationMatrices, BadInput) {
  expect_error<InvalidInput>([] { qualis::correlation_matrices(Eigen::MatrixXd(0, 2)); }, ErrorCode::empty_input,
                             {"correlation_matrices"});
  Eigen::MatrixXd x = data();
  x(0, 5) = inf;
  expect_error<InvalidInput>([&] { qualis::correlation_matrices(x); }, ErrorCode::not_finite,
                             {"unit (row) 0, criterion (column) 5"});
}

// ---------------------------------------------------------------------------------------------------------------
// cronbach_alpha
// ---------------------------------------------------------------------------------------------------------------

// pingouin's cronbach_wide_missing data set (raphaelvallat/pingouin, src/pingouin/datasets): 12 respondents x 11
// binary items, 4 missing answers in 3 respondents.
Eigen::MatrixXd pingouin_wide_missing() {
  return Eigen::MatrixXd{
      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},   {1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0}, {nan, 0, 1, 1, nan, 1, 1, 1, 1, 0, 0},
      {1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0},   {1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0}, {0, 1, nan, 0, 1, 1, 1, 1, 0, 0, 0},
      {1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0},   {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0},
      {1, 0, 0, 1, 0, 1, 0, 0, nan, 0, 0}, {1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}};
}

TEST(CronbachAlpha, PingouinPublishedExampleListwise) {
  // pingouin docs, cronbach_alpha(): "After listwise deletion of missing values ... In R:
  // psych:alpha(data, use="complete.obs")": (0.8016949152542373, array([0.581, 0.933])).
  const auto a = qualis::cronbach_alpha(pingouin_wide_missing());
  ASSERT_TRUE(a.alpha.has_value());
  EXPECT_NEAR(*a.alpha, 0.8016949152542373, 1e-12);
  EXPECT_EQ(a.status, AlphaStatus::ok);
  EXPECT_EQ(a.indicators, 11);
  EXPECT_EQ(a.units_used, 9);
  EXPECT_EQ(a.units_excluded, 3);
  // pingouin docs: with each column's missing values replaced by its median, 0.7380191693290734. The medians of
  // columns 0, 2 and 8 (0/1 items) are 1, 1 and 0.
  Eigen::MatrixXd filled = pingouin_wide_missing();
  filled(2, 0) = 1;
  filled(2, 4) = 1;  // column 4: seven 1s and four 0s observed
  filled(5, 2) = 1;
  filled(9, 8) = 0;
  const auto b = qualis::cronbach_alpha(filled);
  ASSERT_TRUE(b.alpha.has_value());
  EXPECT_NEAR(*b.alpha, 0.7380191693290734, 1e-12);
  EXPECT_EQ(b.units_used, 12);
}

TEST(CronbachAlpha, ReproducesNumpyPerDimension) {
  const Eigen::MatrixXd x = data();
  const auto d0 = qualis::cronbach_alpha(x.leftCols(3));
  ASSERT_TRUE(d0.alpha && d0.standardized_alpha && d0.mean_correlation);
  EXPECT_NEAR(*d0.alpha, 0.7366309611429978, 1e-12);
  EXPECT_NEAR(d0.item_variance_sum, 89.5038888888889, 1e-9 * 89.5);
  EXPECT_NEAR(d0.total_variance, 175.87277777777774, 1e-9 * 175.9);
  EXPECT_NEAR(*d0.standardized_alpha, 0.9436773032080202, 1e-12);
  EXPECT_NEAR(*d0.mean_correlation, 0.8481384173697307, 1e-12);
  EXPECT_EQ(d0.units_used, 9);
  // Dimension 1 has a column that runs against the others: alpha is negative, and reported as such.
  const auto d1 = qualis::cronbach_alpha(x.rightCols(3));
  ASSERT_TRUE(d1.alpha && d1.standardized_alpha);
  EXPECT_NEAR(*d1.alpha, -5.069146649044232, 1e-9 * 5.07);
  EXPECT_NEAR(*d1.standardized_alpha, -2.8653298901313486, 1e-9 * 2.87);
  EXPECT_NEAR(d1.total_variance, 3.85031111111111, 1e-9 * 3.85);
}

TEST(CronbachAlpha, StandardisedAlphaIsAlphaOfZScoresAndScaleInvariant) {
  const Eigen::MatrixXd x = data().leftCols(3);
  const auto a = qualis::cronbach_alpha(x);
  // z-score the complete units (rows without NaN) by hand and take the raw alpha.
  Eigen::MatrixXd y(9, 3);
  Eigen::Index r = 0;
  for (Eigen::Index i = 0; i < 10; ++i) {
    if (!x.row(i).hasNaN()) y.row(r++) = x.row(i);
  }
  for (Eigen::Index j = 0; j < 3; ++j) {
    const double m = y.col(j).mean();
    const double sd = std::sqrt((y.col(j).array() - m).square().sum() / 8.0);
    y.col(j) = (y.col(j).array() - m) / sd;
  }
  EXPECT_NEAR(*qualis::cronbach_alpha(y).alpha, *a.standardized_alpha, 1e-12);
  EXPECT_NEAR(*a.standardized_alpha, 0.9436773032080201, 1e-12);  // alpha_of_z, tests/reference/audit.py
  // Positive scaling of a column: the standardised alpha stays, the raw alpha moves.
  Eigen::MatrixXd s = x;
  s.col(0) *= 0.1;
  const auto b = qualis::cronbach_alpha(s);
  EXPECT_NEAR(*b.standardized_alpha, *a.standardized_alpha, 1e-12);
  EXPECT_GT(std::abs(*b.alpha - *a.alpha), 0.05);
  // Order of units.
  const Eigen::MatrixXd p = x.colwise().reverse();
  EXPECT_NEAR(*qualis::cronbach_alpha(p).alpha, *a.alpha, 1e-12);
}

TEST(CronbachAlpha, DegenerateCasesHaveAStatus) {
  const auto one = qualis::cronbach_alpha(data().col(0));
  EXPECT_EQ(one.status, AlphaStatus::single_indicator);
  EXPECT_FALSE(one.alpha.has_value());
  EXPECT_FALSE(one.standardized_alpha.has_value());
  EXPECT_EQ(one.indicators, 1);

  const Eigen::MatrixXd few{{1, 2}, {nan, 3}, {2, nan}};
  const auto f = qualis::cronbach_alpha(few);
  EXPECT_EQ(f.status, AlphaStatus::too_few_units);
  EXPECT_FALSE(f.alpha.has_value());
  EXPECT_EQ(f.units_used, 1);
  EXPECT_EQ(f.units_excluded, 2);

  const Eigen::MatrixXd flat{{3, 4}, {3, 4}, {3, 4}};
  EXPECT_EQ(qualis::cronbach_alpha(flat).status, AlphaStatus::zero_variance);
  // Two columns that cancel: the sum is constant although each column varies.
  const Eigen::MatrixXd cancel{{0.1, -0.1}, {0.7, -0.7}, {0.3, -0.3}};
  const auto c = qualis::cronbach_alpha(cancel);
  EXPECT_EQ(c.status, AlphaStatus::zero_variance);
  EXPECT_FALSE(c.alpha.has_value());
  EXPECT_GT(c.item_variance_sum, 0.0);

  // A constant column among varying ones: alpha exists, the standardised alpha does not.
  const Eigen::MatrixXd part{{1, 2, 5}, {2, 3, 5}, {4, 3, 5}, {3, 5, 5}};
  const auto p = qualis::cronbach_alpha(part);
  EXPECT_EQ(p.status, AlphaStatus::ok);
  EXPECT_TRUE(p.alpha.has_value());
  EXPECT_FALSE(p.standardized_alpha.has_value());
  EXPECT_FALSE(p.mean_correlation.has_value());
  EXPECT_STREQ(qualis::to_string(AlphaStatus::zero_variance), "zero_variance");
}

TEST(CronbachAlpha, BadInput) {
  expect_error<InvalidInput>([] { qualis::cronbach_alpha(Eigen::MatrixXd(0, 0)); }, ErrorCode::empty_input,
                             {"cronbach_alpha"});
  const Eigen::MatrixXd x{{1, 2}, {inf, 3}, {2, 4}};
  expect_error<InvalidInput>([&] { qualis::cronbach_alpha(x); }, ErrorCode::not_finite,
                             {"unit (row) 1, criterion (column) 0"});
}

// ---------------------------------------------------------------------------------------------------------------
// correlation_pca
// ---------------------------------------------------------------------------------------------------------------

TEST(CorrelationPca, ReproducesNumpyEigvalsh) {
  const auto p = qualis::correlation_pca(data().leftCols(3));
  EXPECT_EQ(p.status, PcaStatus::ok);
  EXPECT_EQ(p.units_used, 9);
  EXPECT_EQ(p.units_excluded, 1);
  expect_close(p.eigenvalues, {2.699141850736213, 0.2673831365878555, 0.03347501267593255});
  expect_close(p.variance_share, {0.8997139502454043, 0.08912771219595184, 0.011158337558644184});
  expect_close(p.cumulative_share, {0.8997139502454043, 0.9888416624413562, 1.0000000000000004});
  EXPECT_EQ(p.kaiser, 1);
  EXPECT_TRUE(p.constant_indicators.empty());
  const auto q = qualis::correlation_pca(data().rightCols(3));
  expect_close(q.eigenvalues, {2.981575375931156, 0.017062802057078105, 0.0013618220117650468});
  EXPECT_EQ(q.kaiser, 1);
}

TEST(CorrelationPca, InvariantToScalingAndUnitOrder) {
  Eigen::MatrixXd x = data().leftCols(3);
  const auto a = qualis::correlation_pca(x);
  x.col(0) *= 37.0;
  x.col(2) *= 0.01;
  x = x.colwise().reverse().eval();
  const auto b = qualis::correlation_pca(x);
  expect_close(b.eigenvalues, a.eigenvalues, 1e-12);
  // Uncorrelated columns: every eigenvalue is 1 up to rounding, and none counts for Kaiser.
  const Eigen::MatrixXd u{{1, 1}, {-1, 1}, {1, -1}, {-1, -1}};
  const auto c = qualis::correlation_pca(u);
  expect_close(c.eigenvalues, {1.0, 1.0}, 1e-12);
  EXPECT_EQ(c.kaiser, 0);
}

TEST(CorrelationPca, DegenerateCases) {
  // A constant column is left out; the shares are of the 2 varying columns.
  const Eigen::MatrixXd x{{1, 5, 2}, {2, 5, 1}, {3, 5, 4}, {4, 5, 3}};
  const auto p = qualis::correlation_pca(x);
  EXPECT_EQ(p.status, PcaStatus::ok);
  EXPECT_THAT(p.constant_indicators, ElementsAre(1));
  ASSERT_EQ(p.eigenvalues.size(), 2);
  const double r = 0.6;  // Pearson of (1, 2, 3, 4) and (2, 1, 4, 3): 3 / 5
  expect_close(p.eigenvalues, {1.0 + r, 1.0 - r}, 1e-12);
  expect_close(p.variance_share, {(1.0 + r) / 2.0, (1.0 - r) / 2.0}, 1e-12);
  EXPECT_EQ(p.kaiser, 1);

  const Eigen::MatrixXd flat{{1, 2}, {1, 2}, {1, 2}};
  const auto f = qualis::correlation_pca(flat);
  EXPECT_EQ(f.status, PcaStatus::no_varying_indicators);
  EXPECT_EQ(f.eigenvalues.size(), 0);
  EXPECT_EQ(f.kaiser, 0);

  const Eigen::MatrixXd few{{1, 2}, {nan, 3}};
  const auto g = qualis::correlation_pca(few);
  EXPECT_EQ(g.status, PcaStatus::too_few_units);
  EXPECT_EQ(g.units_used, 1);
  EXPECT_STREQ(qualis::to_string(PcaStatus::too_few_units), "too_few_units");
}

TEST(CorrelationPca, BadInput) {
  expect_error<InvalidInput>([] { qualis::correlation_pca(Eigen::MatrixXd(2, 0)); }, ErrorCode::empty_input,
                             {"correlation_pca"});
  const Eigen::MatrixXd x{{1, 2}, {3, -inf}};
  expect_error<InvalidInput>([&] { qualis::correlation_pca(x); }, ErrorCode::not_finite,
                             {"unit (row) 1, criterion (column) 1"});
}

// ---------------------------------------------------------------------------------------------------------------
// audit_framework
// ---------------------------------------------------------------------------------------------------------------

TEST(AuditFramework, FullAuditAgainstReference) {
  const auto a = qualis::audit_framework(data(), groups);
  ASSERT_EQ(a.dimensions.size(), 2u);
  EXPECT_EQ(a.dimensions[0].label, "0");
  EXPECT_THAT(a.dimensions[0].indicators, ElementsAre(0, 1, 2));
  EXPECT_THAT(a.dimensions[1].indicators, ElementsAre(3, 4, 5));
  EXPECT_THAT(a.dimension_of, ElementsAre(0, 0, 0, 1, 1, 1));
  EXPECT_THAT(a.statistics.outliers, ElementsAre(0));
  expect_close_matrix(a.correlations.pearson, ref_pearson);
  // Correlation with the mean of the dimension (tests/reference/audit.py, rule "all").
  expect_close(a.pearson_with_dimension, {0.9713367293124271, 0.9228571352957595, 0.8986913732951459,
                                          0.3587856970952665, 0.9964055895860074, -0.3440668522200239});
  expect_close(a.spearman_with_dimension, {0.9878787878787878, 0.9757575757575757, 0.9705418934551804,
                                           0.5515151515151515, 1.0, -0.5515151515151515});
  EXPECT_THAT(a.pairs_with_dimension, ElementsAre(10, 10, 9, 10, 9, 10));
  for (const bool d : a.defined_with_dimension) EXPECT_TRUE(d);
  // Collinear (|r| > 0.9, Pearson) within a dimension: (1, 2) and all three pairs of dimension 1; (0, 5) at
  // -0.76 is negative but lies across dimensions and is not flagged.
  ASSERT_EQ(a.collinear.size(), 4u);
  EXPECT_EQ(a.collinear[0].dimension, 0);
  EXPECT_EQ(a.collinear[0].first, 1);
  EXPECT_EQ(a.collinear[0].second, 2);
  EXPECT_NEAR(a.collinear[0].r, 0.9650022963645608, 1e-12);
  EXPECT_EQ(a.collinear[0].pairs, 9);
  EXPECT_EQ(a.collinear[1].first, 3);
  EXPECT_EQ(a.collinear[1].second, 4);
  EXPECT_EQ(a.collinear[2].first, 3);
  EXPECT_EQ(a.collinear[2].second, 5);
  EXPECT_NEAR(a.collinear[2].r, -0.9961593289150852, 1e-12);
  EXPECT_EQ(a.collinear[3].dimension, 1);
  ASSERT_EQ(a.negative.size(), 2u);
  EXPECT_EQ(a.negative[0].first, 3);
  EXPECT_EQ(a.negative[0].second, 5);
  EXPECT_EQ(a.negative[1].first, 4);
  EXPECT_EQ(a.negative[1].second, 5);
  EXPECT_NEAR(a.negative[1].r, -0.9829904076366391, 1e-12);
  EXPECT_EQ(a.negative[1].dimension, 1);
  // Per dimension: the building blocks on the dimension's columns.
  EXPECT_NEAR(*a.dimensions[0].reliability.alpha, 0.7366309611429978, 1e-12);
  EXPECT_NEAR(*a.dimensions[1].reliability.alpha, -5.069146649044232, 1e-9 * 5.07);
  expect_close(a.dimensions[0].pca.eigenvalues, {2.699141850736213, 0.2673831365878555, 0.03347501267593255});
  expect_close(a.dimensions[1].pca.eigenvalues, {2.981575375931156, 0.017062802057078105, 0.0013618220117650468});
}

TEST(AuditFramework, LeaveOneOutAggregateAndSpearmanFlags) {
  AuditOptions o;
  o.aggregate = DimensionAggregate::others;
  o.flag_method = CorrelationMethod::spearman;
  o.collinear_min = 0.97;
  o.negative_max = -0.9;
  const auto a = qualis::audit_framework(data(), groups, o);
  expect_close(a.pearson_with_dimension, {0.8024040866009913, 0.872699918060244, 0.857508598174859, -0.807450135487011,
                                          0.9955852049496401, -0.6366251719304709});
  expect_close(a.spearman_with_dimension, {0.9757575757575757, 0.9636363636363635, 0.9705418934551804,
                                           -0.9878787878787878, 1.0, -0.6606060606060605});
  // Spearman |rho| > 0.97: (0, 2), (1, 2) at 0.9705; (3, 4) 0.9833; (3, 5) -1; (4, 5) -0.9833.
  ASSERT_EQ(a.collinear.size(), 5u);
  EXPECT_EQ(a.collinear[0].first, 0);
  EXPECT_EQ(a.collinear[0].second, 2);
  EXPECT_NEAR(a.collinear[0].r, 0.9705418934551804, 1e-12);
  EXPECT_NEAR(a.collinear[3].r, -1.0, 1e-12);
  ASSERT_EQ(a.negative.size(), 2u);  // rho < -0.9: (3, 5), (4, 5)
  EXPECT_EQ(a.negative[0].first, 3);
  EXPECT_EQ(a.options.aggregate, DimensionAggregate::others);
}

TEST(AuditFramework, InvariantToUnitOrderAndPositiveScaling) {
  const auto a = qualis::audit_framework(data(), groups);
  Eigen::MatrixXd x = data().colwise().reverse();
  x.row(2).swap(x.row(7));
  x.col(3) *= 4.0;  // scaling one indicator moves the mean aggregate, so compare what is invariant
  const auto b = qualis::audit_framework(x, groups);
  expect_close_matrix(b.correlations.pearson, a.correlations.pearson, 1e-12);
  expect_close_matrix(b.correlations.spearman, a.correlations.spearman, 1e-12);
  expect_close(b.dimensions[1].pca.eigenvalues, a.dimensions[1].pca.eigenvalues, 1e-12);
  EXPECT_NEAR(*b.dimensions[1].reliability.standardized_alpha, *a.dimensions[1].reliability.standardized_alpha, 1e-12);
  EXPECT_EQ(b.collinear.size(), a.collinear.size());
  EXPECT_EQ(b.negative.size(), a.negative.size());
  // Unit order alone leaves the dimension correlations unchanged too.
  const Eigen::MatrixXd p = data().colwise().reverse();
  expect_close(qualis::audit_framework(p, groups).pearson_with_dimension, a.pearson_with_dimension, 1e-12);
}

TEST(AuditFramework, DegenerateDimensionsAndColumns) {
  // Dimension 1 has one indicator; column 2 is constant.
  const Eigen::MatrixXd x{{1, 2, 5, 9}, {2, 3, 5, 7}, {3, 5, 5, 8}, {4, 4, 5, 1}};
  const std::vector<Eigen::Index> g = {0, 0, 0, 1};
  const auto a = qualis::audit_framework(x, g);
  EXPECT_EQ(a.dimensions[1].reliability.status, AlphaStatus::single_indicator);
  EXPECT_TRUE(a.defined_with_dimension[3]);  // aggregate = the indicator itself
  EXPECT_DOUBLE_EQ(a.pearson_with_dimension[3], 1.0);
  EXPECT_FALSE(a.defined_with_dimension[2]);  // constant column
  EXPECT_EQ(a.pearson_with_dimension[2], 0.0);
  EXPECT_EQ(a.statistics.status[2], IndicatorStatus::constant);
  EXPECT_THAT(a.dimensions[0].pca.constant_indicators, ElementsAre(2));
  EXPECT_EQ(a.dimensions[0].pca.eigenvalues.size(), 2);
  AuditOptions o;
  o.aggregate = DimensionAggregate::others;
  const auto b = qualis::audit_framework(x, g, o);
  EXPECT_FALSE(b.defined_with_dimension[3]);  // no other indicator
  EXPECT_EQ(b.pairs_with_dimension[3], 0);
  EXPECT_EQ(b.pearson_with_dimension[3], 0.0);
  for (Eigen::Index j = 0; j < 4; ++j) EXPECT_FALSE(std::isnan(b.spearman_with_dimension[j]));
}

TEST(AuditFramework, LabelsNumberDimensionsByFirstAppearance) {
  const std::vector<std::string> labels = {"openness",   "openness",   "openness",
                                           "innovation", "innovation", "innovation"};
  Eigen::MatrixXd x = data();
  const auto a = qualis::audit_framework(x, labels);
  EXPECT_EQ(a.dimensions[0].label, "openness");
  EXPECT_EQ(a.dimensions[1].label, "innovation");
  EXPECT_EQ(a.collinear.size(), 4u);
  // Interleaved labels: columns 0, 2, 4 in "b" (first seen), 1, 3, 5 in "a".
  const auto b = qualis::audit_framework(x, std::vector<std::string>{"b", "a", "b", "a", "b", "a"});
  EXPECT_EQ(b.dimensions[0].label, "b");
  EXPECT_THAT(b.dimensions[0].indicators, ElementsAre(0, 2, 4));
  EXPECT_THAT(b.dimension_of, ElementsAre(0, 1, 0, 1, 0, 1));
}

qualis::Framework two_pillar_framework() {
  std::vector<qualis::Dimension> dims(3);
  dims[0].id = "index";
  dims[1].id = "scale";
  dims[1].parent = "index";
  dims[2].id = "openness";
  dims[2].parent = "index";
  std::vector<qualis::Indicator> inds(7);
  const char* ids[] = {"rev", "emp", "firms", "exp", "fdi", "imp", "size"};
  const char* parents[] = {"scale", "scale", "scale", "openness", "openness", "openness", ""};
  for (std::size_t i = 0; i < 7; ++i) {
    inds[i].id = ids[i];
    inds[i].parent = parents[i];
  }
  return qualis::Framework(dims, inds);
}

TEST(AuditFramework, FrameworkOverloadGroupsByParent) {
  const qualis::Framework fw = two_pillar_framework();
  Eigen::MatrixXd x(10, 7);
  x.leftCols(6) = data();
  x.col(6) = vec({3, 1, 4, 1, 5, 9, 2, 6, 5, 3});
  // Columns in another order than the framework: openness first.
  Eigen::MatrixXd y(10, 7);
  y << x.col(3), x.col(4), x.col(5), x.col(6), x.col(0), x.col(1), x.col(2);
  const auto a = qualis::audit_framework(y, fw, {"exp", "fdi", "imp", "size", "rev", "emp", "firms"});
  // Pre-order of the framework: "" (root, size) ... the root's children are dimension index first, then size;
  // index's children scale, openness. First appearance among the indicators: scale, openness, root.
  ASSERT_EQ(a.dimensions.size(), 3u);
  EXPECT_EQ(a.dimensions[0].label, "scale");
  EXPECT_THAT(a.dimensions[0].indicators, ElementsAre(4, 5, 6));
  EXPECT_EQ(a.dimensions[1].label, "openness");
  EXPECT_THAT(a.dimensions[1].indicators, ElementsAre(0, 1, 2));
  EXPECT_EQ(a.dimensions[2].label, "");
  EXPECT_THAT(a.dimensions[2].indicators, ElementsAre(3));
  const auto ref = qualis::audit_framework(data(), groups);
  EXPECT_NEAR(*a.dimensions[0].reliability.alpha, *ref.dimensions[0].reliability.alpha, 1e-12);
  EXPECT_NEAR(*a.dimensions[1].reliability.alpha, *ref.dimensions[1].reliability.alpha, 1e-12);
  EXPECT_EQ(a.collinear.size(), 4u);
}

TEST(AuditFramework, BadInput) {
  const Eigen::MatrixXd x = data();
  expect_error<InvalidInput>([] { qualis::audit_framework(Eigen::MatrixXd(0, 0), std::vector<Eigen::Index>{}); },
                             ErrorCode::empty_input, {"audit_framework"});
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(x, std::vector<Eigen::Index>{0, 0, 1});
      },
      ErrorCode::size_mismatch, {"audit_framework", "3 dimension assignments for 6"});
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(x, std::vector<Eigen::Index>{0, 0, -1, 1, 1, 1});
      },
      ErrorCode::out_of_range, {"indicator (column) 2", "-1"});
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(x, std::vector<Eigen::Index>{0, 0, 2, 2, 2, 2});
      },
      ErrorCode::inconsistent, {"dimension 1 has no indicator"});
  Eigen::MatrixXd bad = x;
  bad(7, 1) = inf;
  expect_error<InvalidInput>([&] { qualis::audit_framework(bad, groups); }, ErrorCode::not_finite,
                             {"unit (row) 7, criterion (column) 1"});
  AuditOptions o;
  o.collinear_min = 1.2;
  expect_error<InvalidInput>([&] { qualis::audit_framework(x, groups, o); }, ErrorCode::out_of_range,
                             {"collinear_min"});
  o = {};
  o.negative_max = nan;
  expect_error<InvalidInput>([&] { qualis::audit_framework(x, groups, o); }, ErrorCode::out_of_range, {"negative_max"});
  o = {};
  o.flag_method = static_cast<CorrelationMethod>(5);
  expect_error<InvalidInput>([&] { qualis::audit_framework(x, groups, o); }, ErrorCode::invalid_argument,
                             {"flag_method"});
  o = {};
  o.aggregate = static_cast<DimensionAggregate>(5);
  expect_error<InvalidInput>([&] { qualis::audit_framework(x, groups, o); }, ErrorCode::invalid_argument,
                             {"aggregate"});
  o = {};
  o.statistics.coverage_min = -0.1;
  expect_error<InvalidInput>([&] { qualis::audit_framework(x, groups, o); }, ErrorCode::out_of_range, {"coverage_min"});
  // Labels.
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(x, std::vector<std::string>{"a", "a", "", "b", "b", "b"});
      },
      ErrorCode::invalid_id, {"indicator (column) 2"});
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(x, std::vector<std::string>{"a", "b"});
      },
      ErrorCode::size_mismatch, {"2 dimension labels for 6"});
  // Framework.
  const qualis::Framework fw = two_pillar_framework();
  Eigen::MatrixXd y(10, 7);
  y.leftCols(6) = x;
  y.col(6).setOnes();
  expect_error<qualis::NotFound>(
      [&] {
        qualis::audit_framework(y, fw, {"rev", "emp", "firms", "exp", "fdi", "imp", "scale"});
      },
      ErrorCode::not_found, {"audit_framework", "column 6", "\"scale\""});
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(y, fw, {"rev", "emp", "firms", "exp", "fdi", "rev", "size"});
      },
      ErrorCode::duplicate_id, {"\"rev\"", "columns 0 and 5"});
  expect_error<InvalidInput>(
      [&] {
        qualis::audit_framework(x, fw, {"rev", "emp", "firms", "exp", "fdi", "imp"});
      },
      ErrorCode::size_mismatch, {"framework of 7 indicators"});
  expect_error<InvalidInput>([&] { qualis::audit_framework(y, fw, {"rev"}); }, ErrorCode::size_mismatch,
                             {"1 indicator ids for 7 columns"});
}

TEST(AuditFramework, EnumerationNames) {
  EXPECT_STREQ(qualis::to_string(MomentEstimator::sample_adjusted), "sample_adjusted");
  EXPECT_STREQ(qualis::to_string(MomentEstimator::population), "population");
  EXPECT_STREQ(qualis::to_string(CorrelationMethod::spearman), "spearman");
  EXPECT_STREQ(qualis::to_string(DimensionAggregate::others), "others");
  EXPECT_STREQ(qualis::to_string(IndicatorStatus::too_few_observations), "too_few_observations");
  EXPECT_STREQ(qualis::to_string(AlphaStatus::single_indicator), "single_indicator");
  EXPECT_STREQ(qualis::to_string(PcaStatus::no_varying_indicators), "no_varying_indicators");
  EXPECT_STREQ(qualis::to_string(static_cast<AlphaStatus>(42)), "unknown");
}

}  // namespace
