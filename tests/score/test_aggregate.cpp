// Tests for qualis/score/aggregate.hpp: weighted power means, MPI/AMPI, Borda and Copeland, the registry,
// missing-value rules and bad inputs.
//
// Reference values marked "numpy" were printed by tests/reference/aggregate.py (numpy 1.24, formulas
// written out from the papers, independently of this library).
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
#include "qualis/score/aggregate.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"
#include "support/registry.hpp"
#include "support/threads.hpp"

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using qualis::AggregateMissingPolicy;
using qualis::AggregateOptions;
using qualis::AggregateResult;
using qualis::AggregateStatus;
using qualis::AggregateUnitStatus;
using qualis::AggregationMethod;
using qualis::ErrorCode;
using qualis::Interval;
using qualis::MissingRule;
using qualis::MpiPenalty;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::vec;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Every missing score is explained, every explained unit has a missing score, and the counts add up.
void expect_explained(const AggregateResult& r, Eigen::Index cols) {
  ASSERT_EQ(r.unit_status.size(), static_cast<std::size_t>(r.scores.size()));
  Eigen::Index scored = 0;
  for (Eigen::Index i = 0; i < r.scores.size(); ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const bool ok = r.unit_status[ui] == AggregateUnitStatus::scored;
    EXPECT_EQ(std::isnan(r.scores[i]), !ok) << "unit " << i;
    if (ok) {
      ++scored;
      EXPECT_GT(r.values_used[ui], 0);
    } else {
      EXPECT_EQ(r.values_used[ui], 0);
    }
    EXPECT_EQ(r.values_used[ui] + r.values_excluded[ui], cols);
  }
  EXPECT_EQ(r.units_scored, scored);
  if (scored < r.scores.size()) {
    EXPECT_EQ(r.status, AggregateStatus::incomplete);
  }
}

AggregateOptions with(AggregationMethod method) {
  AggregateOptions o;
  o.method = method;
  return o;
}

const AggregationMethod all_methods[] = {
    AggregationMethod::arithmetic_mean,
    AggregationMethod::geometric_mean,
    AggregationMethod::harmonic_mean,
    AggregationMethod::power_mean,
    AggregationMethod::mazziotta_pareto,
    AggregationMethod::adjusted_mazziotta_pareto,
    AggregationMethod::borda,
    AggregationMethod::copeland,
};

// Five units, four criteria, values in (0, 1].
MatrixXd means_matrix() {
  MatrixXd x(5, 4);
  x << 0.62, 0.80, 0.45, 0.90,  //
      0.35, 0.55, 0.70, 0.40,   //
      0.90, 0.20, 0.65, 0.75,   //
      0.50, 0.50, 0.50, 0.50,   //
      0.15, 0.95, 0.30, 0.60;
  return x;
}
// Unnormalised on purpose: 4:3:2:1 is 0.4, 0.3, 0.2, 0.1.
VectorXd means_weights() { return vec({4.0, 3.0, 2.0, 1.0}); }

// Six units, four raw indicators on different scales (revenue, pass rate %, growth %, a share), all
// higher-is-better.
MatrixXd mpi_matrix() {
  MatrixXd y(6, 4);
  y << 120.5, 96.2, 3.1, 45.0,  //
      80.0, 98.5, 2.4, 60.0,    //
      150.2, 91.0, 4.8, 38.0,   //
      95.7, 97.3, 1.9, 52.0,    //
      60.3, 99.1, 3.6, 70.0,    //
      110.0, 94.4, 2.8, 41.0;
  return y;
}

// ---------------------------------------------------------------------------------------------------
// The example of docs/reference/aggregate.md

TEST(Aggregate, DocumentationExample) {
  Eigen::MatrixXd x(3, 3);  // three clusters, three indicators normalised to [1, 100], higher is better
  x << 80.0, 65.0, 90.0,    //
      55.0, NAN, 70.0,      // a missing value
      95.0, 40.0, 60.0;
  const Eigen::VectorXd w = Eigen::Vector3d(2.0, 1.0, 1.0);  // only the ratios matter

  qualis::AggregateOptions options;  // arithmetic mean, skip rule
  const qualis::AggregateResult wsm = qualis::aggregate(x, w, options);
  expect_close(wsm.scores, {78.75, 60.0, 72.5});

  options.method = qualis::AggregationMethod::geometric_mean;
  options.missing.min_available_share = 1.0;  // only complete units
  const qualis::AggregateResult wpm = qualis::aggregate(x, w, options);
  EXPECT_TRUE(std::isnan(wpm.scores(1)));
  EXPECT_EQ(wpm.unit_status[1], qualis::AggregateUnitStatus::below_availability);
}

// ---------------------------------------------------------------------------------------------------
// Registry

TEST(AggregateRegistry, OneEntryPerMethodInEnumOrderWithUniqueNames) {
  const auto& table = qualis::aggregation_methods();
  qualis_test::expect_registry_in_enum_order<AggregationMethod>(
      table, std::size(all_methods), [](const char* name) { return qualis::parse_aggregation_method(name); });
  for (std::size_t k = 0; k < table.size(); ++k) {
    EXPECT_EQ(static_cast<int>(all_methods[k]), static_cast<int>(k));
    EXPECT_FALSE(table[k].parameters.empty());
  }
  EXPECT_STREQ(qualis::to_string(static_cast<AggregationMethod>(99)), "unknown");
}

TEST(AggregateRegistry, ParseAcceptsAliasesAndCaseAndRejectsTheRest) {
  EXPECT_EQ(qualis::parse_aggregation_method("WSM"), AggregationMethod::arithmetic_mean);
  EXPECT_EQ(qualis::parse_aggregation_method("wpm"), AggregationMethod::geometric_mean);
  EXPECT_EQ(qualis::parse_aggregation_method("MPI"), AggregationMethod::mazziotta_pareto);
  EXPECT_EQ(qualis::parse_aggregation_method("ampi"), AggregationMethod::adjusted_mazziotta_pareto);
  EXPECT_EQ(qualis::parse_aggregation_method("Copeland"), AggregationMethod::copeland);
  for (const char* bad : {"", " borda", "mean", "arithmetic"}) {
    expect_error<qualis::ParseError>([bad] { (void)qualis::parse_aggregation_method(bad); }, ErrorCode::parse_error,
                                     {"aggregation method", "is not an aggregation method", "arithmetic_mean",
                                      "adjusted_mazziotta_pareto", "copeland"});
  }
}

TEST(AggregateRegistry, StatusNames) {
  EXPECT_STREQ(qualis::to_string(AggregateUnitStatus::below_availability), "below_availability");
  EXPECT_STREQ(qualis::to_string(AggregateUnitStatus::undefined), "undefined");
  EXPECT_STREQ(qualis::to_string(AggregateStatus::degenerate_columns), "degenerate_columns");
  EXPECT_STREQ(qualis::to_string(MpiPenalty::add), "add");
}

// ---------------------------------------------------------------------------------------------------
// Power means (numpy reference values; weights 0.4, 0.3, 0.2, 0.1)

TEST(PowerMeans, MatchIndependentComputation) {
  const MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  // numpy: sum(w x), exp(sum(w log x)), 1 / sum(w / x), (sum(w x^p))^(1/p)
  expect_close(qualis::weighted_arithmetic_mean(x, w).scores, {0.668, 0.485, 0.625, 0.5, 0.465});
  expect_close(qualis::weighted_geometric_mean(x, w).scores,
               {0.6515540153915036, 0.46661815454297223, 0.5273449605633189, 0.5, 0.3443443497721585});
  expect_close(qualis::weighted_harmonic_mean(x, w).scores,
               {0.6346317884560703, 0.4496350364963502, 0.4192045861698316, 0.5, 0.2620689655172413});
  expect_close(qualis::weighted_power_mean(x, w, 2.0).scores,
               {0.6835641886465382, 0.5037360419902471, 0.6904708538381618, 0.5, 0.5777110004145672});
  expect_close(qualis::weighted_power_mean(x, w, -0.5).scores,
               {0.6431219217942941, 0.457896111737413, 0.47171433787452627, 0.5, 0.2970332573299093});
  expect_close(qualis::weighted_power_mean(x, w, 3.7).scores,
               {0.707349792977307, 0.5336018076186715, 0.7510781710240602, 0.5, 0.6990877235991565});
  expect_close(qualis::weighted_power_mean(x, w, -40.0).scores,
               {0.46847530762541684, 0.35809936503387346, 0.2061113767783781, 0.5, 0.15347574820465587});
}

TEST(PowerMeans, DispatchAgreesWithTheFunctions) {
  const MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  AggregateOptions o = with(AggregationMethod::power_mean);
  o.power = 2.0;
  expect_close(qualis::aggregate(x, w, o).scores, qualis::weighted_power_mean(x, w, 2.0).scores);
  expect_close(qualis::aggregate(x, w).scores, qualis::weighted_arithmetic_mean(x, w).scores);  // default
  expect_close(qualis::aggregate(x, w, with(AggregationMethod::geometric_mean)).scores,
               qualis::weighted_geometric_mean(x, w).scores);
  expect_close(qualis::aggregate(x, w, with(AggregationMethod::harmonic_mean)).scores,
               qualis::weighted_harmonic_mean(x, w).scores);
  // The special orders are the named means.
  o.power = 0.0;
  expect_close(qualis::aggregate(x, w, o).scores, qualis::weighted_geometric_mean(x, w).scores);
  o.power = -1.0;
  expect_close(qualis::aggregate(x, w, o).scores, qualis::weighted_harmonic_mean(x, w).scores);
  o.power = 1.0;
  expect_close(qualis::aggregate(x, w, o).scores, qualis::weighted_arithmetic_mean(x, w).scores);
}

TEST(PowerMeans, InfiniteOrdersAreMaxAndMinOverCriteriaOfPositiveWeight) {
  MatrixXd x = means_matrix();
  VectorXd w = means_weights();
  expect_close(qualis::weighted_power_mean(x, w, inf).scores, {0.9, 0.7, 0.9, 0.5, 0.95});
  expect_close(qualis::weighted_power_mean(x, w, -inf).scores, {0.45, 0.35, 0.2, 0.5, 0.15});
  w[1] = 0.0;  // the 0.95 of unit 4 and the 0.20 of unit 2 no longer count
  expect_close(qualis::weighted_power_mean(x, w, inf).scores, {0.9, 0.7, 0.9, 0.5, 0.6});
  expect_close(qualis::weighted_power_mean(x, w, -inf).scores, {0.45, 0.35, 0.65, 0.5, 0.15});
  // Max and min take any real values.
  x(0, 0) = -3.0;
  EXPECT_DOUBLE_EQ(qualis::weighted_power_mean(x, w, -inf).scores[0], -3.0);
}

TEST(PowerMeans, MonotoneInTheOrder) {
  const MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  const double orders[] = {-inf, -40.0, -3.0, -1.0, -0.5, -1e-6, 0.0, 1e-6, 0.5, 1.0, 2.0, 3.7, 40.0, inf};
  VectorXd previous = VectorXd::Constant(x.rows(), -inf);
  for (const double p : orders) {
    const VectorXd s = qualis::weighted_power_mean(x, w, p).scores;
    for (Eigen::Index i = 0; i < s.size(); ++i) {
      EXPECT_GE(s[i], previous[i] - 1e-12) << "p = " << p << ", unit " << i;
    }
    previous = s;
  }
  // The classic chain: min <= harmonic <= geometric <= arithmetic <= max.
  const VectorXd mn = qualis::weighted_power_mean(x, w, -inf).scores;
  const VectorXd hm = qualis::weighted_harmonic_mean(x, w).scores;
  const VectorXd gm = qualis::weighted_geometric_mean(x, w).scores;
  const VectorXd am = qualis::weighted_arithmetic_mean(x, w).scores;
  const VectorXd mx = qualis::weighted_power_mean(x, w, inf).scores;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    EXPECT_LE(mn[i], hm[i] + 1e-15);
    EXPECT_LE(hm[i], gm[i] + 1e-15);
    EXPECT_LE(gm[i], am[i] + 1e-15);
    EXPECT_LE(am[i], mx[i] + 1e-15);
  }
  // All means of a constant row are that constant (unit 3 is all 0.5).
  for (const double p : orders) EXPECT_NEAR(qualis::weighted_power_mean(x, w, p).scores[3], 0.5, 1e-15);
}

TEST(PowerMeans, AccurateNearZeroOrderAndNoOverflowForLargeOrders) {
  const MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  // (sum w x^p)^(1/p) written naively loses every digit at p = 1e-12; the log1p/expm1 form does not.
  expect_close(qualis::weighted_power_mean(x, w, 1e-12).scores, qualis::weighted_geometric_mean(x, w).scores);
  expect_close(qualis::weighted_power_mean(x, w, -1e-12).scores, qualis::weighted_geometric_mean(x, w).scores);
  // 1e200^3 overflows a double; scaled by the row maximum it does not. Exact: (0.5 * 1e600 + 0.5 * 0)^(1/3).
  MatrixXd big(1, 2);
  big << 1e200, 0.0;
  const VectorXd half = vec({1.0, 1.0});
  expect_close(qualis::weighted_power_mean(big, half, 3.0).scores, {1e200 * std::cbrt(0.5)});
  // The same for large negative orders: (0.5 * (1e-200)^-3 + 0.5 * 1^-3)^(-1/3) ~ 1e-200 * 2^(1/3).
  big << 1e-200, 1.0;
  expect_close(qualis::weighted_power_mean(big, half, -3.0).scores, {1e-200 * std::cbrt(2.0)});
  // A row of zeros has power mean 0 for p > 0.
  big << 0.0, 0.0;
  EXPECT_EQ(qualis::weighted_power_mean(big, half, 2.0).scores[0], 0.0);
}

TEST(PowerMeans, ShiftedMeansAdmitZeros) {
  const MatrixXd x = means_matrix().topRows(2);
  const VectorXd w = means_weights();
  // numpy: exp(sum(w log(x + 0.5))) - 0.5
  expect_close(qualis::weighted_geometric_mean(x, w, 0.5).scores, {0.6588513722892289, 0.4758540304148632});
  AggregateOptions o = with(AggregationMethod::geometric_mean);
  o.shift = 0.5;
  expect_close(qualis::aggregate(x, w, o).scores, {0.6588513722892289, 0.4758540304148632});
  // The arithmetic mean is shift-equivariant, so the shift cancels.
  o.method = AggregationMethod::power_mean;
  o.power = 1.0;
  expect_close(qualis::aggregate(x, w, o).scores, {0.668, 0.485});
  // A zero with a positive shift is fine: geometric mean of (0 + 1, 3 + 1) with equal weights, minus 1.
  MatrixXd z(1, 2);
  z << 0.0, 3.0;
  expect_close(qualis::weighted_geometric_mean(z, VectorXd::Ones(2), 1.0).scores, {2.0 - 1.0});
}

TEST(PowerMeans, WeightScaleAndUnitPermutation) {
  const MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  // Rows in the order 4, 2, 0, 3, 1.
  const std::vector<Eigen::Index> perm = {4, 2, 0, 3, 1};
  MatrixXd xp(x.rows(), x.cols());
  for (std::size_t k = 0; k < perm.size(); ++k) xp.row(static_cast<Eigen::Index>(k)) = x.row(perm[k]);
  for (const AggregationMethod m : all_methods) {
    const VectorXd base = qualis::aggregate(x, w, with(m)).scores;
    expect_close(qualis::aggregate(x, 2.0 * w, with(m)).scores, base);
    expect_close(qualis::aggregate(x, w / 10.0, with(m)).scores, base);
    const VectorXd permuted = qualis::aggregate(xp, w, with(m)).scores;
    for (std::size_t k = 0; k < perm.size(); ++k) {
      EXPECT_NEAR(permuted[static_cast<Eigen::Index>(k)], base[perm[k]], 1e-9 * std::max(1.0, std::abs(base[perm[k]])))
          << qualis::to_string(m);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Missing values

MatrixXd means_matrix_with_gaps() {
  MatrixXd x = means_matrix();
  x(1, 2) = nan;
  x(4, 0) = nan;
  x(4, 3) = nan;
  return x;
}

TEST(AggregateMissing, SkipRenormalisesTheWeightsOverObservedCriteria) {
  const MatrixXd x = means_matrix_with_gaps();
  const VectorXd w = means_weights();
  // numpy, weights renormalised per unit: unit 1 over criteria 0, 1, 3 (0.4, 0.3, 0.1) / 0.8, e.g.
  // (0.4 * 0.35 + 0.3 * 0.55 + 0.1 * 0.40) / 0.8 = 0.345 / 0.8 = 0.43125.
  const AggregateResult r = qualis::weighted_arithmetic_mean(x, w);
  expect_close(r.scores, {0.668, 0.43125, 0.625, 0.5, 0.69});
  expect_close(qualis::weighted_geometric_mean(x, w).scores,
               {0.6515540153915036, 0.42162614116475206, 0.5273449605633189, 0.5, 0.5990770258717496});
  EXPECT_EQ(r.status, AggregateStatus::ok);
  EXPECT_EQ(r.units_scored, 5);
  EXPECT_EQ(r.values_used, (std::vector<Eigen::Index>{4, 3, 4, 4, 2}));
  EXPECT_EQ(r.values_missing, (std::vector<Eigen::Index>{0, 1, 0, 0, 2}));
  EXPECT_EQ(r.values_excluded, (std::vector<Eigen::Index>{0, 1, 0, 0, 2}));
  expect_explained(r, 4);
}

TEST(AggregateMissing, PropagateGivesExplainedMissingScores) {
  const MatrixXd x = means_matrix_with_gaps();
  const VectorXd w = means_weights();
  for (const AggregationMethod m : all_methods) {
    AggregateOptions o = with(m);
    o.missing.rule = MissingRule::propagate;
    const AggregateResult r = qualis::aggregate(x, w, o);
    SCOPED_TRACE(qualis::to_string(m));
    EXPECT_TRUE(std::isnan(r.scores[1]));
    EXPECT_TRUE(std::isnan(r.scores[4]));
    EXPECT_EQ(r.unit_status[1], AggregateUnitStatus::missing_propagated);
    EXPECT_EQ(r.unit_status[4], AggregateUnitStatus::missing_propagated);
    EXPECT_EQ(r.units_scored, 3);
    EXPECT_EQ(r.status, AggregateStatus::incomplete);
    EXPECT_EQ(r.values_missing[4], 2);
    expect_explained(r, 4);
  }
  AggregateOptions o;
  o.missing.rule = MissingRule::propagate;
  expect_close(qualis::aggregate(x, w, o).scores.topRows(1), {0.668});
}

TEST(AggregateMissing, RejectNamesTheCell) {
  const MatrixXd x = means_matrix_with_gaps();
  for (const AggregationMethod m : all_methods) {
    AggregateOptions o = with(m);
    o.missing.rule = MissingRule::reject;
    expect_error<qualis::InvalidInput>(
        [&] { (void)qualis::aggregate(x, means_weights(), o); }, ErrorCode::not_finite,
        {"aggregate[method=", qualis::to_string(m), "unit (row) 4, criterion (column) 0", "missing"});
  }
}

TEST(AggregateMissing, AvailabilityThreshold) {
  const MatrixXd x = means_matrix_with_gaps();
  const VectorXd w = means_weights();
  for (const AggregationMethod m : all_methods) {
    AggregateOptions o = with(m);
    o.missing.min_available_share = 0.75;  // unit 1 has 3 of 4 (not below), unit 4 has 2 of 4
    const AggregateResult r = qualis::aggregate(x, w, o);
    SCOPED_TRACE(qualis::to_string(m));
    EXPECT_FALSE(std::isnan(r.scores[1]));
    EXPECT_TRUE(std::isnan(r.scores[4]));
    EXPECT_EQ(r.unit_status[4], AggregateUnitStatus::below_availability);
    EXPECT_EQ(r.status, AggregateStatus::incomplete);
    expect_explained(r, 4);
  }
  AggregateOptions o;
  o.missing.min_available_share = 0.75;
  expect_close(qualis::aggregate(x, w, o).scores.topRows(4), {0.668, 0.43125, 0.625, 0.5});
  o.missing.min_available_share = 1.0;  // complete units only
  const AggregateResult r = qualis::aggregate(x, w, o);
  EXPECT_EQ(r.unit_status[1], AggregateUnitStatus::below_availability);
  EXPECT_EQ(r.units_scored, 3);
}

TEST(AggregateMissing, UnitsWithoutWeightedDataAreFlagged) {
  MatrixXd x = means_matrix();
  VectorXd w = means_weights();
  x.row(2).setConstant(nan);  // nothing observed
  w[3] = 0.0;
  x(4, 0) = nan;  // only criterion 3 (weight 0) left for unit 4
  x(4, 1) = nan;
  x(4, 2) = nan;
  for (const AggregationMethod m : all_methods) {
    const AggregateResult r = qualis::aggregate(x, w, with(m));
    SCOPED_TRACE(qualis::to_string(m));
    EXPECT_EQ(r.unit_status[2], AggregateUnitStatus::no_data);
    EXPECT_EQ(r.unit_status[4], AggregateUnitStatus::no_data);
    EXPECT_EQ(r.values_missing[2], 4);
    EXPECT_EQ(r.values_missing[4], 3);
    expect_explained(r, 4);
  }
}

// ---------------------------------------------------------------------------------------------------
// Domain of the means

TEST(PowerMeans, NonPositiveValuesAreRejectedWithTheirCell) {
  MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  x(2, 1) = 0.0;
  expect_error<qualis::InvalidInput>(
      [&] { (void)qualis::weighted_geometric_mean(x, w); }, ErrorCode::out_of_range,
      {"aggregate[method=geometric_mean]", "unit (row) 2, criterion (column) 1", "value 0", "needs values > 0"});
  expect_error<qualis::InvalidInput>([&] { (void)qualis::weighted_harmonic_mean(x, w); }, ErrorCode::out_of_range,
                                     {"aggregate[method=harmonic_mean]", "unit (row) 2, criterion (column) 1"});
  expect_error<qualis::InvalidInput>([&] { (void)qualis::weighted_power_mean(x, w, -0.5); }, ErrorCode::out_of_range,
                                     {"aggregate[method=power_mean]", "unit (row) 2, criterion (column) 1"});
  expect_error<qualis::InvalidInput>([&] { (void)qualis::weighted_power_mean(x, w, 0.0); }, ErrorCode::out_of_range,
                                     {"unit (row) 2, criterion (column) 1"});
  // p > 0 admits zeros: sqrt(0.4 * 0.9^2 + 0.3 * 0 + 0.2 * 0.65^2 + 0.1 * 0.75^2).
  EXPECT_NEAR(qualis::weighted_power_mean(x, w, 2.0).scores[2], std::sqrt(0.4 * 0.81 + 0.2 * 0.4225 + 0.1 * 0.5625),
              1e-12);
  x(2, 1) = -0.25;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::weighted_power_mean(x, w, 2.0); }, ErrorCode::out_of_range,
                                     {"unit (row) 2, criterion (column) 1", "value -0.25", "needs values >= 0"});
  // A shift that does not lift the value above zero is named in the message.
  expect_error<qualis::InvalidInput>([&] { (void)qualis::weighted_geometric_mean(x, w, 0.25); },
                                     ErrorCode::out_of_range, {"value -0.25", "shifted by 0.25: 0"});
  // The arithmetic mean takes any real values.
  EXPECT_NEAR(qualis::weighted_arithmetic_mean(x, w).scores[2], 0.4 * 0.9 - 0.3 * 0.25 + 0.2 * 0.65 + 0.1 * 0.75,
              1e-12);
  // A criterion of zero weight takes no part, so its values are not checked.
  VectorXd w0 = w;
  w0[1] = 0.0;
  EXPECT_NO_THROW((void)qualis::weighted_geometric_mean(x, w0));
}

// ---------------------------------------------------------------------------------------------------
// Mazziotta–Pareto index

TEST(MazziottaPareto, MatchesIndependentComputation) {
  const MatrixXd y = mpi_matrix();
  const VectorXd eq = VectorXd::Ones(4);
  // numpy: z = 100 + 10 (y - mean) / std(ddof=0); M, S (population) per row; MPI = M -/+ S^2 / M.
  const AggregateResult r = qualis::mazziotta_pareto_index(y, eq);
  expect_close(r.scores, {100.13339457914742, 99.70455964438041, 98.47794226689165, 97.05159422976863,
                          103.30879255310983, 95.85565800840187});
  EXPECT_EQ(r.status, AggregateStatus::ok);
  EXPECT_TRUE(r.constant_columns.empty());
  expect_close(qualis::mazziotta_pareto_index(y, eq, MpiPenalty::add).scores,
               {100.46467232812557, 101.00772177174453, 103.81895695562223, 97.91660431446715, 106.02958584155981,
                96.23051750678103});
  // Weighted MPI (Mazziotta & Pareto 2022): weighted mean and weighted population sd of the z-scores.
  AggregateOptions o = with(AggregationMethod::mazziotta_pareto);
  expect_close(qualis::aggregate(y, vec({2.0, 1.0, 1.0, 1.0}), o).scores,
               {101.28323902902997, 98.06407890039624, 101.77477163666512, 97.14999314387161, 99.06072886882536,
                97.11849024396444});
}

TEST(MazziottaPareto, PenaltyBracketsTheMeanAndAffineRescalingChangesNothing) {
  const MatrixXd y = mpi_matrix();
  const VectorXd eq = VectorXd::Ones(4);
  const VectorXd minus = qualis::mazziotta_pareto_index(y, eq).scores;
  const VectorXd plus = qualis::mazziotta_pareto_index(y, eq, MpiPenalty::add).scores;
  // (MPI- + MPI+) / 2 is M, the mean of the z-scores; the mean of M over units is 100.
  EXPECT_NEAR(((minus + plus) / 2.0).mean(), 100.0, 1e-12);
  for (Eigen::Index i = 0; i < y.rows(); ++i) EXPECT_LE(minus[i], plus[i]);
  // Standardisation is part of the method: a positive affine map of any column leaves the MPI unchanged.
  MatrixXd t = y;
  t.col(0) = 1e-3 * t.col(0).array() + 7.0;
  t.col(2) = 250.0 * t.col(2).array() - 3.0;
  expect_close(qualis::mazziotta_pareto_index(t, eq).scores, minus);
}

TEST(MazziottaPareto, BalancedProfilesAreNotPenalised) {
  // Units 0 and 1 have z-scores 110, 110 and 90, 90: S = 0, so MPI = M.
  MatrixXd y(2, 2);
  y << 3.0, 30.0,  //
      1.0, 10.0;
  const AggregateResult r = qualis::mazziotta_pareto_index(y, VectorXd::Ones(2));
  expect_close(r.scores, {110.0, 90.0});
}

TEST(MazziottaPareto, ConstantColumnIsNeutralAndReported) {
  MatrixXd y = mpi_matrix();
  y.col(1).setConstant(95.0);
  const AggregateResult r = qualis::mazziotta_pareto_index(y, VectorXd::Ones(4));
  EXPECT_EQ(r.constant_columns, (std::vector<Eigen::Index>{1}));
  EXPECT_EQ(r.status, AggregateStatus::degenerate_columns);
  EXPECT_EQ(r.units_scored, 6);
  // The same as replacing the column by z = 100 by hand: standardise the other columns, append 100.
  MatrixXd z(6, 4);
  for (Eigen::Index j = 0; j < 4; ++j) {
    const Eigen::ArrayXd c = y.col(j).array();
    const double sd = std::sqrt((c - c.mean()).square().mean());
    z.col(j) = j == 1 ? Eigen::VectorXd(Eigen::VectorXd::Constant(6, 100.0))
                      : Eigen::VectorXd((100.0 + 10.0 * (c - c.mean()) / sd).matrix());
  }
  for (Eigen::Index i = 0; i < 6; ++i) {
    const double m = z.row(i).mean();
    const double s2 = (z.row(i).array() - m).square().mean();
    EXPECT_NEAR(r.scores[i], m - s2 / m, 1e-9 * m);
  }
  // A zero-weight constant column is not reported: it takes no part.
  VectorXd w = VectorXd::Ones(4);
  w[1] = 0.0;
  EXPECT_TRUE(qualis::mazziotta_pareto_index(y, w).constant_columns.empty());
}

TEST(MazziottaPareto, NonPositiveMeanIsUndefinedNotSilent) {
  // 200 units at 0 and one at 1 on criterion 0: the outlier's z is 100 + 10 * sqrt(200) ~ 241, the others
  // ~ 99.3. Criterion 1 puts the outlier more than 10 standard deviations below the mean: z ~ -41.
  const Eigen::Index n = 201;
  MatrixXd y = MatrixXd::Zero(n, 2);
  y(n - 1, 0) = 1.0;
  y(n - 1, 1) = -1.0;
  VectorXd w(2);
  w << 0.1, 0.9;  // M of the outlier = 0.1 * 241.4 + 0.9 * (-41.4) < 0
  const AggregateResult r = qualis::mazziotta_pareto_index(y, w);
  EXPECT_EQ(r.unit_status[static_cast<std::size_t>(n - 1)], AggregateUnitStatus::undefined);
  EXPECT_TRUE(std::isnan(r.scores[n - 1]));
  EXPECT_EQ(r.units_scored, n - 1);
  EXPECT_EQ(r.status, AggregateStatus::incomplete);
  expect_explained(r, 2);
}

TEST(AdjustedMazziottaPareto, MatchesIndependentComputation) {
  const MatrixXd y = mpi_matrix();
  const VectorXd eq = VectorXd::Ones(4);
  // numpy: data-driven goalposts mean +/- (max - min) / 2; r = 70 + 60 (y - low) / (high - low).
  expect_close(qualis::adjusted_mazziotta_pareto_index(y, eq).scores,
               {99.69548763303094, 98.7052815294002, 90.71080296771308, 93.66425056747657, 104.80776014296738,
                91.02309042514652});
  const std::vector<Interval> gp = {{50.0, 160.0}, {90.0, 100.0}, {1.0, 5.0}, {30.0, 80.0}};
  AggregateOptions o = with(AggregationMethod::adjusted_mazziotta_pareto);
  o.goalposts = gp;
  expect_close(qualis::aggregate(y, eq, o).scores, {100.6396815213866, 99.26287606278613, 96.12714488065619,
                                                    95.94988325085754, 103.48206115287444, 94.29192132221897});
  o.mpi_penalty = MpiPenalty::add;
  expect_close(qualis::aggregate(y, eq, o).scores, {101.93759120588614, 102.91894211903205, 107.50012784661654,
                                                    98.36375311277882, 110.12702975621646, 95.37171504141739});
}

TEST(AdjustedMazziottaPareto, FixedGoalpostsMakeScoresComparableAcrossSubsets) {
  // With fixed goalposts a unit's AMPI depends on its own values only (unlike the MPI).
  const MatrixXd y = mpi_matrix();
  const std::vector<Interval> gp = {{50.0, 160.0}, {90.0, 100.0}, {1.0, 5.0}, {30.0, 80.0}};
  const VectorXd all = qualis::adjusted_mazziotta_pareto_index(y, VectorXd::Ones(4), gp).scores;
  const VectorXd two = qualis::adjusted_mazziotta_pareto_index(y.topRows(2), VectorXd::Ones(4), gp).scores;
  expect_close(two, all.topRows(2));
  // A constant column with data-driven goalposts is set to 100 and reported.
  MatrixXd c = y;
  c.col(3).setConstant(50.0);
  const AggregateResult r = qualis::adjusted_mazziotta_pareto_index(c, VectorXd::Ones(4));
  EXPECT_EQ(r.constant_columns, (std::vector<Eigen::Index>{3}));
  EXPECT_EQ(r.status, AggregateStatus::degenerate_columns);
}

TEST(AdjustedMazziottaPareto, BadGoalposts) {
  const MatrixXd y = mpi_matrix();
  const VectorXd eq = VectorXd::Ones(4);
  expect_error<qualis::InvalidInput>(
      [&] {
        (void)qualis::adjusted_mazziotta_pareto_index(y, eq, {{0.0, 1.0}});
      },
      ErrorCode::size_mismatch, {"aggregate[method=adjusted_mazziotta_pareto]", "1 goalposts for 4 criteria"});
  std::vector<Interval> gp = {{50.0, 160.0}, {90.0, 100.0}, {5.0, 5.0}, {30.0, 80.0}};
  expect_error<qualis::InvalidInput>([&] { (void)qualis::adjusted_mazziotta_pareto_index(y, eq, gp); },
                                     ErrorCode::inconsistent, {"goalposts of criterion (column) 2", "empty"});
  gp[2] = {6.0, 5.0};
  expect_error<qualis::InvalidInput>([&] { (void)qualis::adjusted_mazziotta_pareto_index(y, eq, gp); },
                                     ErrorCode::inconsistent, {"goalposts of criterion (column) 2", "inverted"});
  gp[2] = {1.0, inf};
  expect_error<qualis::InvalidInput>([&] { (void)qualis::adjusted_mazziotta_pareto_index(y, eq, gp); },
                                     ErrorCode::not_finite, {"goalposts of criterion (column) 2", "not finite"});
}

// ---------------------------------------------------------------------------------------------------
// Borda and Copeland

// The Tennessee capital election, the textbook example of Borda and Condorcet methods (e.g. Wikipedia,
// "Borda count" and "Condorcet method"): 42% of voters rank Memphis > Nashville > Chattanooga > Knoxville,
// 26% Nashville > Chattanooga > Knoxville > Memphis, 15% Chattanooga > Knoxville > Nashville > Memphis,
// 17% Knoxville > Chattanooga > Nashville > Memphis. Criteria = voter blocks (weights 42, 26, 15, 17),
// values = 3 for a block's first choice down to 0 for its last.
MatrixXd tennessee() {
  MatrixXd x(4, 4);  // rows Memphis, Nashville, Chattanooga, Knoxville
  x << 3, 0, 0, 0,   //
      2, 3, 1, 1,    //
      1, 2, 3, 2,    //
      0, 1, 2, 3;
  return x;
}
VectorXd tennessee_weights() { return vec({42.0, 26.0, 15.0, 17.0}); }

TEST(Borda, TennesseeCapital) {
  // Published Borda points per 100 voters: Memphis 126, Nashville 194, Chattanooga 173, Knoxville 107.
  // With weights normalised to 1: Nashville = 2 * .42 + 3 * .26 + 1 * .15 + 1 * .17 = .84 + .78 + .15 + .17 = 1.94.
  expect_close(qualis::borda_count(tennessee(), tennessee_weights()).scores, {1.26, 1.94, 1.73, 1.07});
}

// Five units, four criteria with ties; weights 0.35, 0.25, 0.25, 0.15.
MatrixXd tie_matrix() {
  MatrixXd b(5, 4);
  b << 3, 1, 2, 2,  //
      1, 3, 2, 0,   //
      2, 2, 3, 1,   //
      3, 0, 1, 2,   //
      0, 2, 2, 3;
  return b;
}
VectorXd tie_weights() { return vec({0.35, 0.25, 0.25, 0.15}); }

TEST(Borda, TiesCountHalf) {
  // By hand, points per criterion (beaten + half the tied):
  //   column 0 (3, 1, 2, 3, 0): 3.5, 1, 2, 3.5, 0      column 1 (1, 3, 2, 0, 2): 1, 4, 2.5, 0, 2.5
  //   column 2 (2, 2, 3, 1, 2): 2, 2, 4, 0, 2          column 3 (2, 0, 1, 2, 3): 2.5, 0, 1, 2.5, 4
  // unit 0: .35 * 3.5 + .25 * 1 + .25 * 2 + .15 * 2.5 = 1.225 + .25 + .5 + .375 = 2.35
  // unit 1: .35 + 1 + .5 + 0 = 1.85;  unit 2: .7 + .625 + 1 + .15 = 2.475
  // unit 3: 1.225 + 0 + 0 + .375 = 1.6;  unit 4: 0 + .625 + .5 + .6 = 1.725   (brute force in numpy agrees)
  const AggregateResult r = qualis::borda_count(tie_matrix(), tie_weights());
  expect_close(r.scores, {2.35, 1.85, 2.475, 1.6, 1.725});
  // Only the order matters: a strictly increasing map of every column changes nothing.
  const MatrixXd t = (tie_matrix().array() * 10.0).exp().matrix();
  expect_close(qualis::borda_count(t, tie_weights()).scores, r.scores);
  // A column where all units tie gives everyone (n - 1) / 2.
  const MatrixXd flat = MatrixXd::Constant(5, 1, 0.3);
  expect_close(qualis::borda_count(flat, VectorXd::Ones(1)).scores, {2.0, 2.0, 2.0, 2.0, 2.0});
}

TEST(Borda, SkipComparesOnlyObservedUnits) {
  MatrixXd x(3, 2);
  x << 1.0, 5.0,  //
      2.0, nan,   //
      3.0, 4.0;
  // Column 0: points 0, 1, 2. Column 1 among units 0 and 2: 1, -, 0.
  // Equal weights: unit 0 = (0 + 1) / 2 = 0.5; unit 1 = 1 (column 0 only); unit 2 = (2 + 0) / 2 = 1.
  const AggregateResult r = qualis::borda_count(x, VectorXd::Ones(2));
  expect_close(r.scores, {0.5, 1.0, 1.0});
  EXPECT_EQ(r.values_used, (std::vector<Eigen::Index>{2, 1, 2}));
}

TEST(Copeland, TennesseeCapital) {
  // Nashville beats every city (68-32 Chattanooga and Knoxville, 58-42 Memphis): 3 - 0 = 3. Chattanooga
  // beats Memphis (58-42) and Knoxville (83-17) and loses to Nashville: 2 - 1 = 1. Knoxville beats Memphis
  // only: 1 - 2 = -1. Memphis loses every contest: -3.
  expect_close(qualis::copeland_score(tennessee(), tennessee_weights()).scores, {-3.0, 3.0, 1.0, -1.0});
}

TEST(Copeland, ExactWeightTiesAreTies) {
  // By hand, net support (row over column) with weights .35, .25, .25, .15:
  //   0-1: +.35 - .25 + 0 + .15 = +.25 win      0-2: +.35 - .25 - .25 + .15 = 0 tie
  //   0-3: +.35 + .25 + .25 + 0 = win          0-4: +.35 - .25 + 0 - .15 = -.05 loss
  //   1-2: loss (-.5); 1-3: 0 tie; 1-4: +.45 win; 2-3: 0 tie; 2-4: +.45 win; 3-4: -.3 loss
  // Scores: unit 0: 2 - 1 = 1; unit 1: 1 - 2 = -1; unit 2: 2 - 0 = 2; unit 3: 0 - 2 = -2; unit 4: 2 - 2 = 0.
  // In floating point .35 - .25 - .25 + .15 is -2.8e-17, not 0: without the tie tolerance 0-2 would be a
  // loss (a brute force in numpy with float weights gets 0, 0, 4, -4, 0; with exact fractions it gets these).
  expect_close(qualis::copeland_score(tie_matrix(), tie_weights()).scores, {1.0, -1.0, 2.0, -2.0, 0.0});
  // Only the order matters.
  const MatrixXd t = (tie_matrix().array() * 3.0 - 1.0).cube().matrix();
  expect_close(qualis::copeland_score(t, tie_weights()).scores, {1.0, -1.0, 2.0, -2.0, 0.0});
}

TEST(Copeland, SkipComparesPairsOnSharedCriteria) {
  MatrixXd x(3, 3);
  x << 1.0, 5.0, nan,  //
      2.0, nan, 7.0,   //
      3.0, 4.0, 6.0;
  // 0 vs 1 share criterion 0 only: 1 wins. 0 vs 2: criteria 0 (2 wins) and 1 (0 wins), equal weights: tie.
  // 1 vs 2: criteria 0 (2 wins) and 2 (1 wins): tie. Scores: 0: -1, 1: +1, 2: 0.
  expect_close(qualis::copeland_score(x, VectorXd::Ones(3)).scores, {-1.0, 1.0, 0.0});
  // Weighting criterion 0 double breaks both ties in favour of unit 2.
  expect_close(qualis::copeland_score(x, vec({2.0, 1.0, 1.0})).scores, {-2.0, 0.0, 2.0});
}

// ---------------------------------------------------------------------------------------------------
// Bad inputs common to every method

TEST(AggregateErrors, EmptyMatrix) {
  for (const AggregationMethod m : all_methods) {
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(MatrixXd(0, 0), VectorXd(0), with(m)); },
                                       ErrorCode::empty_input, {qualis::to_string(m), "empty (0 x 0)"});
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(MatrixXd(3, 0), VectorXd(0), with(m)); },
                                       ErrorCode::empty_input, {"empty (3 x 0)"});
  }
}

TEST(AggregateErrors, Weights) {
  const MatrixXd x = means_matrix();
  for (const AggregationMethod m : all_methods) {
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, VectorXd::Ones(3), with(m)); },
                                       ErrorCode::size_mismatch, {qualis::to_string(m), "3 weights for 4 criteria"});
    VectorXd w = means_weights();
    w[2] = -1.0;
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, with(m)); }, ErrorCode::out_of_range,
                                       {"criterion (column) 2", "negative"});
    w[2] = nan;
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, with(m)); }, ErrorCode::not_finite,
                                       {"criterion (column) 2", "not finite"});
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, VectorXd::Zero(4), with(m)); },
                                       ErrorCode::inconsistent, {"every weight is zero"});
  }
}

TEST(AggregateErrors, InfiniteValues) {
  MatrixXd x = means_matrix();
  x(3, 1) = -inf;
  for (const AggregationMethod m : all_methods) {
    expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, means_weights(), with(m)); },
                                       ErrorCode::not_finite, {"unit (row) 3, criterion (column) 1", "infinite"});
  }
}

TEST(AggregateErrors, BadOptions) {
  const MatrixXd x = means_matrix();
  const VectorXd w = means_weights();
  AggregateOptions o;
  o.missing.min_available_share = 1.5;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::out_of_range,
                                     {"min_available_share 1.5", "[0, 1]"});
  o.missing.min_available_share = -0.1;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::out_of_range,
                                     {"min_available_share -0.1"});
  o.missing.min_available_share = nan;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::not_finite,
                                     {"min_available_share nan"});
  o = AggregateOptions{};
  o.missing.rule = static_cast<MissingRule>(7);
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::invalid_argument,
                                     {"missing-value rule 7"});
  o = with(static_cast<AggregationMethod>(42));
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::invalid_argument,
                                     {"aggregate", "method 42 is not an AggregationMethod"});
  o = with(AggregationMethod::power_mean);
  o.power = nan;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::not_finite,
                                     {"aggregate[method=power_mean]", "power p is NaN"});
  o = with(AggregationMethod::geometric_mean);
  o.shift = inf;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::not_finite,
                                     {"shift inf is not finite"});
  o = with(AggregationMethod::mazziotta_pareto);
  o.mpi_penalty = static_cast<MpiPenalty>(3);
  expect_error<qualis::InvalidInput>([&] { (void)qualis::aggregate(x, w, o); }, ErrorCode::invalid_argument,
                                     {"mpi_penalty 3"});
  // Options a method does not use are not validated.
  o = AggregateOptions{};
  o.power = nan;
  o.shift = inf;
  o.goalposts = {{1.0, 0.0}};
  EXPECT_NO_THROW((void)qualis::aggregate(x, w, o));
}

TEST(AggregateErrors, ResultsOfASingleUnitAndCriterion) {
  // Degenerate but valid shapes: one unit, one criterion.
  const MatrixXd one = MatrixXd::Constant(1, 1, 0.7);
  const VectorXd w = VectorXd::Ones(1);
  expect_close(qualis::aggregate(one, w).scores, {0.7});
  expect_close(qualis::aggregate(one, w, with(AggregationMethod::borda)).scores, {0.0});
  expect_close(qualis::aggregate(one, w, with(AggregationMethod::copeland)).scores, {0.0});
  const AggregateResult mpi = qualis::aggregate(one, w, with(AggregationMethod::mazziotta_pareto));
  expect_close(mpi.scores, {100.0});
  EXPECT_EQ(mpi.status, AggregateStatus::degenerate_columns);
}

// Complete data take a shortcut (no mask, one observed weight for all units); a missing value on a criterion of
// weight 0 forces the general path, yet changes no score: both paths sum the same terms in the same order.
TEST(WeightedArithmeticMean, CompleteDataShortcutMatchesTheGeneralPath) {
  const MatrixXd complete = qualis_test::random_matrix(3000, 12, 43);
  MatrixXd with_missing = complete;
  with_missing(17, 5) = nan;
  VectorXd w = qualis_test::random_matrix(12, 1, 44).col(0);
  w[5] = 0.0;
  const AggregateResult a = qualis::weighted_arithmetic_mean(complete, w);
  const AggregateResult b = qualis::weighted_arithmetic_mean(with_missing, w);
  EXPECT_TRUE(qualis_test::same_bits(a.scores, b.scores));
  EXPECT_EQ(a.values_used, b.values_used);
  EXPECT_EQ(b.values_missing[17], 1);
}

// The aggregation plan and the means sweep fixed blocks of rows in parallel, each unit's sum running over the
// criteria in column order: the same bits with 1 and 4 threads, with and without missing values, under the
// availability rule. The taller matrix spans several row blocks (qualis::detail::row_block rows each).
#ifdef _OPENMP
TEST(AggregateThreads, SameBitsForOneAndFourThreads) {
  // 2000 x 30, and a tall narrow matrix whose blocks of rows are shared out between threads.
  const std::pair<Eigen::Index, Eigen::Index> shapes[] = {{2000, 30}, {2 * qualis::detail::row_block + 123, 8}};
  for (const auto& [rows, cols] : shapes) {
    const MatrixXd complete = qualis_test::random_matrix(rows, cols, 41).array() + 1.0;
    MatrixXd incomplete = complete;
    for (Eigen::Index k = 0; k < rows / 5; ++k) incomplete((k * 37) % rows, (k * 11) % complete.cols()) = nan;
    VectorXd w = qualis_test::random_matrix(complete.cols(), 1, 42).col(0);
    w[3] = 0.0;  // a criterion of weight 0 is not used
    AggregateMissingPolicy policy;
    policy.min_available_share = 0.95;
    for (const MatrixXd* x : {&complete, static_cast<const MatrixXd*>(&incomplete)}) {
      for (const AggregationMethod method :
           {AggregationMethod::arithmetic_mean, AggregationMethod::geometric_mean, AggregationMethod::harmonic_mean,
            AggregationMethod::power_mean, AggregationMethod::mazziotta_pareto,
            AggregationMethod::adjusted_mazziotta_pareto}) {
        SCOPED_TRACE(std::to_string(rows) + " rows, " + (x == &complete ? "complete, " : "incomplete, ") +
                     qualis::to_string(method));
        AggregateOptions options;
        options.method = method;
        options.missing = policy;
        options.power = 2.5;
        const auto [one, four] = qualis_test::with_1_and_4_threads([&] { return qualis::aggregate(*x, w, options); });
        EXPECT_TRUE(qualis_test::same_bits(one.scores, four.scores));
        EXPECT_EQ(one.unit_status, four.unit_status);
        EXPECT_EQ(one.values_used, four.values_used);
        EXPECT_EQ(one.values_missing, four.values_missing);
        EXPECT_EQ(one.values_excluded, four.values_excluded);
        EXPECT_EQ(one.units_scored, four.units_scored);
      }
    }
  }
}
#endif

}  // namespace
