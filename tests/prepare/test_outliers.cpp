// Tests for qualis/prepare/outliers.hpp: COINr-style skewness/kurtosis rule, winsorisation and log fallback.
// Reference figures: tests/reference/outliers.py (independent numpy/scipy implementation; scipy.stats.skew(bias=False)
// and kurtosis(bias=False) are the e1071 type-2 estimators COINr uses) and the COINr vignette "Outlier Treatment"
// (COINr 1.1.14, vignettes/treat.Rmd), which prints skew 3.063241 / kurt 9.741391 for x = 1..10, 30, 100 and
// 1.712038 / 1.815781 after one point is winsorised.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "qualis/model/panel.hpp"
#include "qualis/prepare/outliers.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::OutlierAction;
using qualis::OutlierOptions;
using qualis::OutlierStatus;
using qualis::OutlierTreatment;
using qualis::Period;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::vec;
using ::testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

void near(double actual, double expected, double rel = 1e-9) {
  EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::abs(expected)));
}

Eigen::VectorXd column(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

std::vector<double> vignette() { return {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100}; }

std::vector<double> base() {
  return {1.0, 1.2, 1.3, 1.5, 1.6, 1.8, 2.0, 2.1, 2.3, 2.5, 2.6, 2.8, 3.0,
          3.1, 3.3, 3.6, 3.8, 4.0, 4.4, 4.9, 5.5, 6.2, 7.0, 8.1, 9.5};
}
std::vector<double> with_tail(std::vector<double> tail) {
  std::vector<double> v = base();
  v.insert(v.end(), tail.begin(), tail.end());
  return v;
}
std::vector<double> sample_a() { return with_tail({30, 45, 70, 110, 180, 300}); }

// A units x 1 matrix treated with id "x".
qualis::OutlierResult treat1(const std::vector<double>& v, const OutlierOptions& o = {}) {
  return qualis::treat_outliers(column(v), {"x"}, o);
}

TEST(Skewness, CoinrVignettePublishedAndScipy) {
  const Eigen::VectorXd x = column(vignette());
  near(qualis::skewness(x), 3.063241, 1e-6);
  near(qualis::kurtosis(x), 9.741391, 1e-6);
  near(qualis::skewness(x), 3.0632410342394993);
  near(qualis::kurtosis(x), 9.741390834569144);
}

TEST(Skewness, SkipsMissingValues) {
  std::vector<double> v = sample_a();
  v[3] = nan;
  v[10] = nan;
  near(qualis::skewness(column(v)), 3.2756667003392637);  // scipy on the 29 observed values
  near(qualis::kurtosis(column(v)), 11.305305625188092);
}

TEST(Skewness, InvariantUnderPositiveAffineMapAndSignFlip) {
  const Eigen::VectorXd x = column(sample_a());
  const Eigen::VectorXd y = (3.0 * x.array() + 7.0).matrix();
  near(qualis::skewness(y), qualis::skewness(x), 1e-12);
  near(qualis::kurtosis(y), qualis::kurtosis(x), 1e-12);
  near(qualis::skewness(-x), -qualis::skewness(x), 1e-12);
  near(qualis::kurtosis(-x), qualis::kurtosis(x), 1e-12);
}

TEST(Skewness, BadInput) {
  expect_error<InvalidInput>([] { (void)qualis::skewness(Eigen::VectorXd()); }, ErrorCode::empty_input,
                             {"skewness", "no observed value"});
  expect_error<InvalidInput>([] { (void)qualis::skewness(vec({nan, nan})); }, ErrorCode::empty_input);
  expect_error<InvalidInput>(
      [] {
        (void)qualis::skewness(vec({1, 2, nan}));
      },
      ErrorCode::inconsistent, {"2 observed values; at least 3"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::kurtosis(vec({1, 2, 5}));
      },
      ErrorCode::inconsistent, {"kurtosis", "at least 4"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::kurtosis(vec({2, 2, 2, 2, nan}));
      },
      ErrorCode::inconsistent, {"all observed values are equal"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::skewness(vec({1, 2, inf, 4}));
      },
      ErrorCode::not_finite, {"position 2"});
}

TEST(TreatOutliers, CoinrVignetteOnePointWinsorised) {
  OutlierOptions o;
  o.max_winsorised = 2;  // as in the vignette; one point suffices
  const auto r = treat1(vignette(), o);
  const auto& rep = r.indicators.at(0);
  EXPECT_EQ(rep.indicator, "x");
  EXPECT_EQ(rep.status, OutlierStatus::treated);
  EXPECT_EQ(rep.treatment, OutlierTreatment::winsorised);
  near(rep.skew_before, 3.063241, 1e-6);
  near(rep.kurtosis_before, 9.741391, 1e-6);
  near(rep.skew_after, 1.712038, 1e-6);
  near(rep.kurtosis_after, 1.815781, 1e-6);
  near(rep.skew_after, 1.7120380600890506);
  near(rep.kurtosis_after, 1.8157805377242031);
  EXPECT_EQ(rep.winsorised, 1U);
  ASSERT_EQ(rep.cells.size(), 1U);
  EXPECT_EQ(rep.cells[0].row, 11);
  EXPECT_EQ(rep.cells[0].before, 100.0);
  EXPECT_EQ(rep.cells[0].after, 30.0);
  EXPECT_TRUE(rep.cells[0].unit.empty());
  EXPECT_EQ(r.values(11, 0), 30.0);
  EXPECT_EQ(r.values(10, 0), 30.0);
}

TEST(TreatOutliers, WinsorisationSequenceMatchesScipyReference) {
  const auto r = treat1(sample_a());
  const auto& rep = r.indicators.at(0);
  near(rep.skew_before, 3.4012080424749045);
  near(rep.kurtosis_before, 12.23754766538488);
  ASSERT_EQ(rep.steps.size(), 3U);
  const double from[] = {300, 180, 110};
  const double to[] = {180, 110, 70};
  const double skew[] = {2.6979014626774704, 2.210304636184699, 1.8842974022012942};
  const double kurt[] = {6.564096474207808, 3.595274510672672, 1.9665292921998798};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_TRUE(rep.steps[k].high);
    EXPECT_EQ(rep.steps[k].from, from[k]);
    EXPECT_EQ(rep.steps[k].to, to[k]);
    near(rep.steps[k].skew, skew[k]);
    near(rep.steps[k].kurtosis, kurt[k]);
  }
  EXPECT_THAT(rep.steps[0].rows, ElementsAre(30));
  EXPECT_THAT(rep.steps[1].rows, ElementsAre(29, 30));
  EXPECT_THAT(rep.steps[2].rows, ElementsAre(28, 29, 30));
  EXPECT_EQ(rep.winsorised, 3U);
  EXPECT_EQ(rep.status, OutlierStatus::treated);
  near(rep.skew_after, 1.8842974022012942);
  near(rep.kurtosis_after, 1.9665292921998798);
  ASSERT_EQ(rep.cells.size(), 3U);
  EXPECT_EQ(rep.cells[0].row, 28);
  EXPECT_EQ(rep.cells[0].before, 110.0);
  EXPECT_EQ(rep.cells[2].before, 300.0);
  for (const auto& c : rep.cells) EXPECT_EQ(c.after, 70.0);
  // Every other cell is untouched, bit for bit.
  const std::vector<double> a = sample_a();
  for (Eigen::Index i = 0; i < 28; ++i) EXPECT_EQ(r.values(i, 0), a[static_cast<std::size_t>(i)]);
}

TEST(TreatOutliers, LogFallbackOnOriginalValuesWhenLimitReached) {
  OutlierOptions o;
  o.max_winsorised = 2;  // two points are not enough for sample A (kurtosis 3.595 >= 3.5 after two)
  const auto r = treat1(sample_a(), o);
  const auto& rep = r.indicators.at(0);
  EXPECT_EQ(rep.treatment, OutlierTreatment::log_positive);
  EXPECT_EQ(rep.status, OutlierStatus::treated);
  EXPECT_EQ(rep.steps.size(), 2U);  // the attempt is recorded
  EXPECT_EQ(rep.winsorised, 2U);
  // log(x - min + a), a = 0.01 (max - min), applied to the original values (scipy reference "A log").
  expect_close(r.values.col(0),
               vec({1.095273387402595,  1.1600209167967532, 1.1908875647772805, 1.2499017362143359, 1.2781522025001875,
                    1.332366019094335,  1.3837912309017721, 1.4085449700547104, 1.4562867329399256, 1.501852701754163,
                    1.5238800240724537, 1.5665304114228238, 1.6074359097634272, 1.6272778305624314, 1.665818245870208,
                    1.7209792871670078, 1.7561322915849038, 1.790091412127358,  1.8547342683894434, 1.9300710850255671,
                    2.013568797529128,  2.102913897864978,  2.196112848483529,  2.3115448343655176, 2.4414770918606643,
                    3.4654233539614268, 3.849934813114724,  4.276527220481212,  4.718409581594602,  5.2039517405123155,
                    5.710393904243855}));
  near(rep.skew_after, 1.6593920369741897);
  near(rep.kurtosis_after, 1.7373222906730579);
  EXPECT_EQ(rep.cells.size(), 31U);  // every observed cell changes
  EXPECT_EQ(rep.cells[0].before, 1.0);
  near(rep.cells[0].after, 1.095273387402595);
}

TEST(TreatOutliers, NegativeSkewUsesMirroredLogAndCoinToolFormDoesNot) {
  std::vector<double> b = sample_a();
  for (double& v : b) v = -v;
  OutlierOptions o;
  o.max_winsorised = 2;
  const auto r = treat1(b, o);
  const auto& rep = r.indicators.at(0);
  near(rep.skew_before, -3.4012080424749045);
  // Mirror image of sample A: winsorisation works on the low side.
  ASSERT_EQ(rep.steps.size(), 2U);
  EXPECT_FALSE(rep.steps[0].high);
  EXPECT_EQ(rep.steps[0].from, -300.0);
  EXPECT_EQ(rep.steps[0].to, -180.0);
  EXPECT_EQ(rep.treatment, OutlierTreatment::log_negative);
  near(r.values(0, 0), -1.095273387402595);
  near(r.values(30, 0), -5.710393904243855);
  near(rep.skew_after, -1.6593920369741897);
  EXPECT_EQ(rep.status, OutlierStatus::treated);
  // COINr's default log_CT, log(x - min + a), worsens a negative skew (scipy: -5.198, 27.92).
  o.log_form = qualis::LogForm::coin_tool;
  const auto c = treat1(b, o).indicators.at(0);
  EXPECT_EQ(c.treatment, OutlierTreatment::log_positive);
  EXPECT_EQ(c.status, OutlierStatus::not_satisfied);
  near(c.skew_after, -5.198469957426026);
  near(c.kurtosis_after, 27.921821879230386);
}

TEST(TreatOutliers, TiedExtremesAreWinsorisedTogether) {
  // Two equal maxima (300, 300): both replaced by 20 in the first step, so two points count at once.
  const auto u = treat1(with_tail({20, 300, 300})).indicators.at(0);
  ASSERT_EQ(u.steps.size(), 1U);
  EXPECT_THAT(u.steps[0].rows, ElementsAre(26, 27));
  EXPECT_EQ(u.steps[0].to, 20.0);
  near(u.steps[0].skew, 2.0619111575589297);
  near(u.steps[0].kurtosis, 3.3593027463124567);
  EXPECT_EQ(u.winsorised, 2U);
  // A replaced maximum joins the tie at the next value, and the tie moves as one group: 400 -> 60, then the three
  // 60s -> 40 (scipy reference "T").
  const auto t = treat1(with_tail({40, 60, 60, 400})).indicators.at(0);
  ASSERT_EQ(t.steps.size(), 2U);
  EXPECT_THAT(t.steps[0].rows, ElementsAre(28));
  EXPECT_THAT(t.steps[1].rows, ElementsAre(26, 27, 28));
  near(t.steps[1].skew, 2.1061881995756675);
  near(t.steps[1].kurtosis, 2.821400862713123);
  EXPECT_EQ(t.winsorised, 3U);
  EXPECT_EQ(t.status, OutlierStatus::treated);
  // The count may pass the limit by a tie (as in COINr): with a limit of 2 the second step still moves 3 cells.
  OutlierOptions o;
  o.max_winsorised = 2;
  const auto t2 = treat1(with_tail({40, 60, 60, 400}), o).indicators.at(0);
  EXPECT_EQ(t2.winsorised, 3U);
  EXPECT_EQ(t2.treatment, OutlierTreatment::winsorised);
}

TEST(TreatOutliers, MissingValuesAreSkippedAndStayMissing) {
  std::vector<double> v = sample_a();
  v[3] = nan;
  v[10] = nan;
  const auto r = treat1(v);
  const auto& rep = r.indicators.at(0);
  EXPECT_EQ(rep.observed, 29U);
  near(rep.skew_before, 3.2756667003392637);
  near(rep.kurtosis_before, 11.305305625188092);
  ASSERT_EQ(rep.steps.size(), 2U);
  EXPECT_THAT(rep.steps[1].rows, ElementsAre(29, 30));  // rows of the matrix, not positions among observed values
  near(rep.steps[1].skew, 2.103352737084863);
  near(rep.steps[1].kurtosis, 3.097158467974909);
  EXPECT_TRUE(std::isnan(r.values(3, 0)));
  EXPECT_TRUE(std::isnan(r.values(10, 0)));
  // A missing cell is missing after a log transform too.
  OutlierOptions o;
  o.overrides["x"].action = OutlierAction::log;
  const auto l = treat1(v, o);
  EXPECT_TRUE(std::isnan(l.values(3, 0)));
  EXPECT_EQ(l.indicators[0].cells.size(), 29U);
}

TEST(TreatOutliers, ColumnWithinLimitsIsUntouched) {
  // Column 0 passes (|skew| < 2); column 1 (sample A) is treated; column 0 must come back bit for bit.
  const std::vector<double> a = sample_a();
  Eigen::MatrixXd x(31, 2);
  for (Eigen::Index i = 0; i < 31; ++i) {
    x(i, 0) = 0.1 * static_cast<double>(i * i % 17) + 1.0 / 3.0;
    x(i, 1) = a[static_cast<std::size_t>(i)];
  }
  x(5, 0) = nan;
  const auto r = qualis::treat_outliers(x, {"flat", "skewed"});
  EXPECT_EQ(r.indicators[0].status, OutlierStatus::within_limits);
  EXPECT_EQ(r.indicators[0].treatment, OutlierTreatment::none);
  EXPECT_TRUE(r.indicators[0].cells.empty());
  EXPECT_TRUE(r.indicators[0].steps.empty());
  EXPECT_EQ(r.indicators[0].skew_before, r.indicators[0].skew_after);
  for (Eigen::Index i = 0; i < 31; ++i) {
    if (i == 5) {
      EXPECT_TRUE(std::isnan(r.values(i, 0)));
    } else {
      EXPECT_EQ(r.values(i, 0), x(i, 0));
    }
  }
  EXPECT_EQ(r.indicators[1].status, OutlierStatus::treated);
}

TEST(TreatOutliers, PermutationOfUnitsPermutesTheResult) {
  const std::vector<double> a = sample_a();
  const Eigen::Index n = static_cast<Eigen::Index>(a.size());
  Eigen::MatrixXd x(n, 2);
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    x(i, 0) = a[static_cast<std::size_t>(i)];
    x(i, 1) = -a[static_cast<std::size_t>(i)] * 2.0;
    perm[static_cast<std::size_t>(i)] = (i * 7 + 3) % n;  // 7 and 31 are coprime
  }
  OutlierOptions o;
  o.overrides["b"].max_winsorised = 1;  // column b goes to the log fallback
  const auto r = qualis::treat_outliers(x, {"a", "b"}, o);
  const Eigen::MatrixXd y = x(perm, Eigen::all);
  const auto s = qualis::treat_outliers(y, {"a", "b"}, o);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < 2; ++j) near(s.values(i, j), r.values(perm[static_cast<std::size_t>(i)], j), 1e-12);
  }
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_EQ(s.indicators[j].treatment, r.indicators[j].treatment);
    near(s.indicators[j].skew_after, r.indicators[j].skew_after, 1e-12);
    EXPECT_EQ(s.indicators[j].cells.size(), r.indicators[j].cells.size());
  }
  EXPECT_EQ(r.indicators[1].treatment, OutlierTreatment::log_negative);
}

TEST(TreatOutliers, WinsorisationKeepsTheOrderOfUnits) {
  const std::vector<double> a = sample_a();
  const auto r = treat1(a);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (a[i] < a[k]) {
        EXPECT_LE(r.values(static_cast<Eigen::Index>(i), 0), r.values(static_cast<Eigen::Index>(k), 0));
      }
    }
  }
}

TEST(TreatOutliers, Overrides) {
  const std::vector<double> a = sample_a();
  Eigen::MatrixXd x(31, 4);
  for (Eigen::Index j = 0; j < 4; ++j) x.col(j) = column(a);
  OutlierOptions o;
  o.overrides["none"].action = OutlierAction::none;
  o.overrides["thresholds"].skew_threshold = 3.5;  // |3.40| < 3.5 passes
  o.overrides["forced"].action = OutlierAction::winsorise;
  o.overrides["forced"].max_winsorised = 4;
  o.overrides["log"].action = OutlierAction::log;
  const auto r = qualis::treat_outliers(x, {"none", "thresholds", "forced", "log"}, o);
  EXPECT_EQ(r.indicators[0].status, OutlierStatus::skipped);
  EXPECT_EQ(r.indicators[0].action, OutlierAction::none);
  near(r.indicators[0].skew_before, 3.4012080424749045);
  EXPECT_TRUE(r.values.col(0).isApprox(column(a), 0.0));
  EXPECT_EQ(r.indicators[1].status, OutlierStatus::within_limits);
  EXPECT_EQ(r.indicators[1].skew_threshold, 3.5);
  EXPECT_EQ(r.indicators[1].kurtosis_threshold, 3.5);
  // Forced: winsorises past the point where the rule is satisfied (3 points) up to the limit of 4.
  EXPECT_EQ(r.indicators[2].winsorised, 4U);
  EXPECT_EQ(r.indicators[2].steps.size(), 4U);
  EXPECT_EQ(r.indicators[2].max_winsorised, 4U);
  EXPECT_EQ(r.values(30, 2), 45.0);
  EXPECT_EQ(r.indicators[2].treatment, OutlierTreatment::winsorised);
  // Forced log even though winsorisation would have satisfied the rule.
  EXPECT_EQ(r.indicators[3].treatment, OutlierTreatment::log_positive);
  EXPECT_TRUE(r.indicators[3].steps.empty());
  near(r.values(30, 3), 5.710393904243855);
  // Forced winsorisation of a column within limits changes it too (COINr force_win).
  OutlierOptions f;
  f.overrides["x"].action = OutlierAction::winsorise;
  const auto v = treat1(vignette(), f).indicators[0];
  EXPECT_EQ(v.winsorised, 5U);
}

TEST(TreatOutliers, NoLogFallbackKeepsWinsorisedValues) {
  OutlierOptions o;
  o.max_winsorised = 2;
  o.log_fallback = false;
  const auto r = treat1(sample_a(), o);
  const auto& rep = r.indicators[0];
  EXPECT_EQ(rep.treatment, OutlierTreatment::winsorised);
  EXPECT_EQ(rep.status, OutlierStatus::not_satisfied);
  near(rep.skew_after, 2.210304636184699);
  near(rep.kurtosis_after, 3.595274510672672);
  EXPECT_EQ(r.values(30, 0), 110.0);
}

TEST(TreatOutliers, TooFewValuesAndConstantColumnsAreLeftAlone) {
  const auto three = treat1({1, 2, 100, nan}).indicators[0];
  EXPECT_EQ(three.status, OutlierStatus::too_few_values);
  EXPECT_EQ(three.observed, 3U);
  EXPECT_FALSE(std::isnan(three.skew_before));  // defined from 3 values
  EXPECT_TRUE(std::isnan(three.kurtosis_before));
  const auto two = treat1({1, nan, 100, nan}).indicators[0];
  EXPECT_EQ(two.status, OutlierStatus::too_few_values);
  EXPECT_TRUE(std::isnan(two.skew_before));
  const auto none = treat1({nan, nan}).indicators[0];
  EXPECT_EQ(none.status, OutlierStatus::too_few_values);
  EXPECT_EQ(none.observed, 0U);
  const auto flat = treat1({4, 4, 4, 4, 4, nan});
  EXPECT_EQ(flat.indicators[0].status, OutlierStatus::constant);
  EXPECT_TRUE(flat.indicators[0].cells.empty());
  EXPECT_EQ(flat.values(0, 0), 4.0);
  // Even a forced treatment leaves such columns alone.
  OutlierOptions o;
  o.overrides["x"].action = OutlierAction::log;
  EXPECT_EQ(treat1({4, 4, 4, 4}, o).indicators[0].status, OutlierStatus::constant);
}

TEST(TreatOutliers, TwoValuedColumnThatBecomesConstant) {
  // 19 zeros and one 1: G1 = 4.47, G2 = 20 fails; winsorising the 1 makes the column constant, so the rule
  // cannot be met by winsorisation; the log fallback keeps two values, and skewness is unchanged by any monotone
  // map of two values, so the rule still fails.
  std::vector<double> v(20, 0.0);
  v[7] = 1.0;
  const auto r = treat1(v);
  const auto& rep = r.indicators[0];
  ASSERT_EQ(rep.steps.size(), 1U);
  EXPECT_TRUE(std::isnan(rep.steps[0].skew));
  EXPECT_EQ(rep.treatment, OutlierTreatment::log_positive);
  EXPECT_EQ(rep.status, OutlierStatus::not_satisfied);
  near(rep.skew_after, rep.skew_before, 1e-9);
  OutlierOptions o;
  o.log_fallback = false;
  const auto w = treat1(v, o);
  EXPECT_EQ(w.indicators[0].treatment, OutlierTreatment::winsorised);
  EXPECT_EQ(w.indicators[0].status, OutlierStatus::not_satisfied);
  EXPECT_EQ(w.values(7, 0), 0.0);
}

TEST(TreatOutliers, BoundaryOfTheRuleIsInclusiveAsInCoinr) {
  // The rule fails when |skew| >= threshold and kurtosis >= threshold: thresholds equal to the statistics fail.
  const Eigen::VectorXd a = column(sample_a());
  OutlierOptions o;
  o.skew_threshold = qualis::skewness(a);
  o.kurtosis_threshold = qualis::kurtosis(a);
  EXPECT_NE(treat1(sample_a(), o).indicators[0].status, OutlierStatus::within_limits);
  o.skew_threshold = std::nextafter(o.skew_threshold, 10.0);
  EXPECT_EQ(treat1(sample_a(), o).indicators[0].status, OutlierStatus::within_limits);
}

TEST(TreatOutliers, PanelOverloadTreatsEachPeriodWithIds) {
  const std::vector<double> a = sample_a();
  std::vector<std::string> units;
  for (std::size_t i = 0; i < a.size(); ++i) units.push_back("c" + std::to_string(i));
  qualis::Panel panel(units, {"rev", "flat"}, {Period::annual(2021), Period::annual(2020)});
  for (std::size_t i = 0; i < a.size(); ++i) {
    panel.set(i, 0, 0, a[i]);                    // 2020: skewed
    panel.set(i, 0, 1, static_cast<double>(i));  // 2021: uniform
    panel.set(i, 1, 0, 1.0 + static_cast<double>(i % 3));
  }
  OutlierOptions o;
  o.overrides["rev"].max_winsorised = 5;
  const auto r = qualis::treat_outliers(panel, o);
  ASSERT_EQ(r.indicators.size(), 4U);
  EXPECT_EQ(r.indicators[0].indicator, "rev");
  EXPECT_EQ(*r.indicators[0].period, Period::annual(2020));
  EXPECT_EQ(r.indicators[0].status, OutlierStatus::treated);
  ASSERT_EQ(r.indicators[0].cells.size(), 3U);
  EXPECT_EQ(r.indicators[0].cells[2].unit, "c30");
  EXPECT_EQ(r.panel.value("c30", "rev", Period::annual(2020)), 70.0);
  EXPECT_EQ(r.indicators[1].indicator, "flat");
  EXPECT_EQ(r.indicators[1].status, OutlierStatus::within_limits);
  EXPECT_EQ(r.indicators[2].status, OutlierStatus::within_limits);
  EXPECT_EQ(*r.indicators[2].period, Period::annual(2021));
  EXPECT_EQ(r.indicators[3].status, OutlierStatus::too_few_values);  // all missing in 2021
  EXPECT_EQ(r.panel.value("c30", "rev", Period::annual(2021)), 30.0);

  OutlierOptions bad;
  bad.overrides["nope"].action = OutlierAction::none;
  expect_error<NotFound>([&] { (void)qualis::treat_outliers(panel, bad); }, ErrorCode::not_found,
                         {"treat_outliers", "nope"});
}

TEST(TreatOutliers, BadInput) {
  const Eigen::MatrixXd x = qualis_test::rows({{1, 2}, {3, 4}, {5, 6}, {7, 9}});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::treat_outliers(Eigen::MatrixXd(0, 2), {"a", "b"});
      },
      ErrorCode::empty_input, {"treat_outliers"});
  Eigen::MatrixXd y = x;
  y(2, 1) = inf;
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::treat_outliers(y, {"a", "b"});
      },
      ErrorCode::not_finite, {"unit (row) 2, criterion (column) 1"});
  expect_error<InvalidInput>([&] { (void)qualis::treat_outliers(x, {"a"}); }, ErrorCode::size_mismatch,
                             {"1 indicator ids for 2"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::treat_outliers(x, {"a", "a"});
      },
      ErrorCode::duplicate_id, {"\"a\" occurs twice"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::treat_outliers(x, {"a", ""});
      },
      ErrorCode::invalid_id, {"position 1"});
  OutlierOptions o;
  o.overrides["c"].action = OutlierAction::log;
  expect_error<NotFound>(
      [&] {
        (void)qualis::treat_outliers(x, {"a", "b"}, o);
      },
      ErrorCode::not_found, {"unknown indicator \"c\""});
  OutlierOptions n;
  n.skew_threshold = -1.0;
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::treat_outliers(x, {"a", "b"}, n);
      },
      ErrorCode::out_of_range, {"negative"});
  n.skew_threshold = 2.0;
  n.kurtosis_threshold = nan;
  expect_error<InvalidInput>([&] { (void)qualis::treat_outliers(x, {"a", "b"}, n); }, ErrorCode::not_finite);
  OutlierOptions ov;
  ov.overrides["a"].skew_threshold = inf;
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::treat_outliers(x, {"a", "b"}, ov);
      },
      ErrorCode::not_finite, {"override of indicator a"});
  OutlierOptions e;
  e.log_form = static_cast<qualis::LogForm>(7);
  expect_error<InvalidInput>([&] { (void)qualis::treat_outliers(x, {"a", "b"}, e); }, ErrorCode::invalid_argument);
}

TEST(TreatOutliers, DocumentationExample) {
  // docs/reference/outliers.md
  Eigen::MatrixXd x(12, 1);
  x << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100;
  const qualis::OutlierResult r = qualis::treat_outliers(x, {"flights"});
  const qualis::IndicatorOutlierReport& rep = r.indicators[0];
  near(rep.skew_before, 3.063241, 1e-6);
  near(rep.kurtosis_before, 9.741391, 1e-6);
  ASSERT_EQ(rep.steps.size(), 1U);
  EXPECT_EQ(rep.steps[0].from, 100.0);
  EXPECT_EQ(rep.steps[0].to, 30.0);
  near(rep.skew_after, 1.712038, 1e-6);
  near(rep.kurtosis_after, 1.815781, 1e-6);
  EXPECT_EQ(rep.status, OutlierStatus::treated);
  EXPECT_EQ(rep.treatment, OutlierTreatment::winsorised);
  ASSERT_EQ(rep.cells.size(), 1U);
  EXPECT_EQ(rep.cells[0].row, 11);
  EXPECT_EQ(r.values(11, 0), 30.0);
}

TEST(TreatOutliers, Names) {
  EXPECT_STREQ(qualis::to_string(OutlierAction::winsorise), "winsorise");
  EXPECT_STREQ(qualis::to_string(OutlierTreatment::log_negative), "log_negative");
  EXPECT_STREQ(qualis::to_string(OutlierStatus::too_few_values), "too_few_values");
  EXPECT_STREQ(qualis::to_string(static_cast<OutlierStatus>(42)), "unknown");
}

}  // namespace
