// Tests for qualis/trend/change_point.hpp: Pettitt's test on Pettitt's (1979) published example, against the
// double-sum definition (tests/reference/trend_regression.py), by hand, with ties and missing values, statuses,
// invariants and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <qualis/trend/change_point.hpp>
#include <random>
#include <vector>

#include "support/expect_error.hpp"
#include "support/trend.hpp"

namespace {

using qualis_test::expect_rel;
using qualis_test::series;

using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::PettittResult;
using qualis::Series;
using qualis::TrendStatus;
using qualis_test::expect_error;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Page's simulated data, Table 1 of Pettitt (1979), as shipped in R's trend package (data(PagesData)).
const std::vector<double> pages = {-1.05, 0.96, 1.22,  0.58,  -0.98, -0.03, -1.54, -0.71, -0.35, 0.66,
                                   0.44,  0.91, -0.02, -1.42, 1.26,  -1.02, -0.81, 1.66,  1.05,  0.97,
                                   2.14,  1.22, -0.24, 1.6,   0.72,  -0.12, 0.44,  0.03,  0.66,  0.56,
                                   1.37,  1.66, 0.1,   0.8,   1.29,  0.49,  -0.07, 1.18,  3.29,  1.84};

// O(n^2) definition, for the comparison on random data.
std::vector<double> u_by_definition(const std::vector<double>& x) {
  std::vector<double> u;
  for (std::size_t t = 1; t < x.size(); ++t) {
    double s = 0;
    for (std::size_t i = 0; i < t; ++i) {
      for (std::size_t j = t; j < x.size(); ++j) s += (x[i] > x[j]) - (x[i] < x[j]);
    }
    u.push_back(s);
  }
  return u;
}

TEST(Pettitt, PublishedPagesExample) {
  // Pettitt (1979): change point at i = 17 with p = 0.014; R trend::pettitt.test(PagesData) reports U* = 232,
  // p-value = 0.01456, probable change point at time K = 17.
  const PettittResult r = qualis::pettitt_test(qualis::make_series(qualis_test::to_vector(pages)));
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.n, 40U);
  EXPECT_EQ(r.k, 232.0);
  EXPECT_EQ(r.observed_index, 16);  // tau = 17, 1-based
  EXPECT_EQ(r.index, 16);
  EXPECT_EQ(r.time, 16.0);
  EXPECT_NEAR(r.p_value, 0.01456, 5e-6);
  // tests/reference/trend_regression.py: 2 exp(-6 * 232^2 / (40^3 + 40^2)), and the segment means.
  expect_rel(r.p_value, 0.014555597539789477);
  expect_rel(r.mean_before, -0.11176470588235293);
  expect_rel(r.mean_after, 0.9843478260869564);
  const std::vector<double> u = {-35,  -24,  -4,   -5,   -36,  -53,  -92,  -119, -144, -142, -150, -141, -156,
                                 -193, -170, -203, -232, -200, -185, -172, -135, -115, -138, -109, -104, -125,
                                 -133, -146, -144, -147, -120, -88,  -99,  -92,  -67,  -72,  -91,  -74,  -35};
  ASSERT_EQ(r.u.size(), 39);
  for (Eigen::Index k = 0; k < 39; ++k) EXPECT_EQ(r.u[k], u[static_cast<std::size_t>(k)]) << "t = " << k + 1;
}

TEST(Pettitt, TiesAndMissingValue) {
  // Observed x = 3 3 2 3 5 6 5 5 7 (the NaN at position 3 is left out). By the double sum (reference script):
  // U = -4 -8 -16 -20 -18 -12 -10 -8, K = 20 at t = 4 (1-based), p = 2 exp(-6*400/(729+81)) = 0.10333...
  // U_1 by hand: sgn(3-3) + sgn(3-2) + 5 * sgn(3 - larger) + sgn(3-3) = 0 + 1 - 5 + 0 = -4.
  const PettittResult r =
      qualis::pettitt_test(qualis::make_series(qualis_test::to_vector({3, 3, 2, nan, 3, 5, 6, 5, 5, 7})));
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.n, 9U);
  EXPECT_EQ(r.missing, 1U);
  EXPECT_EQ(r.k, 20.0);
  EXPECT_EQ(r.observed_index, 3);
  EXPECT_EQ(r.index, 4);  // the input position, past the missing value
  EXPECT_EQ(r.time, 4.0);
  expect_rel(r.p_value, 0.10333121375776921);
  expect_rel(r.p_value, 2.0 * std::exp(-6.0 * 400.0 / 810.0));
  expect_rel(r.mean_before, 2.75);  // (3 + 3 + 2 + 3) / 4
  expect_rel(r.mean_after, 5.6);    // (5 + 6 + 5 + 5 + 7) / 5
  const std::vector<double> u = {-4, -8, -16, -20, -18, -12, -10, -8};
  for (Eigen::Index k = 0; k < 8; ++k) EXPECT_EQ(r.u[k], u[static_cast<std::size_t>(k)]);
}

TEST(Pettitt, ThreePointsByHandAndCappedP) {
  // x = 1 2 3: U_1 = sgn(1-2) + sgn(1-3) = -2, U_2 = -2 + sgn(2-3) - sgn(2-1) = -2; first maximum at t = 1.
  // p = 2 exp(-6*4/36) = 1.0268... > 1, capped at 1.
  const PettittResult r = qualis::pettitt_test(series({2019.5, 2020.5, 2021.5}, {1, 2, 3}));
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.k, 2.0);
  EXPECT_EQ(r.index, 0);
  EXPECT_EQ(r.time, 2019.5);
  EXPECT_EQ(r.p_value, 1.0);
  EXPECT_EQ(r.mean_before, 1.0);
  EXPECT_EQ(r.mean_after, 2.5);
}

TEST(Pettitt, EqualsTheDoubleSumOnRandomDataWithTies) {
  std::mt19937_64 engine(7);
  for (const std::size_t n : {3U, 4U, 10U, 57U, 200U}) {
    std::uniform_int_distribution<int> draw(0, 5);
    std::vector<double> x(n);
    for (auto& v : x) v = draw(engine);
    if (n == 3U) x = {1, 2, 1};
    const PettittResult r = qualis::pettitt_test(qualis::make_series(qualis_test::to_vector(x)));
    const std::vector<double> u = u_by_definition(x);
    ASSERT_EQ(static_cast<std::size_t>(r.u.size()), u.size());
    double k = 0;
    for (std::size_t t = 0; t < u.size(); ++t) {
      EXPECT_EQ(r.u[static_cast<Eigen::Index>(t)], u[t]) << "n = " << n << ", t = " << t + 1;
      k = std::max(k, std::fabs(u[t]));
    }
    EXPECT_EQ(r.k, k);
    EXPECT_EQ(std::fabs(r.u[r.observed_index]), k);
    for (Eigen::Index t = 0; t < r.observed_index; ++t) EXPECT_LT(std::fabs(r.u[t]), k);  // the first maximum
  }
}

TEST(Pettitt, TooShortAndConstant) {
  for (const auto& y : {std::vector<double>{}, std::vector<double>{1.0, 2.0}, std::vector<double>{1.0, nan, 2.0}}) {
    const PettittResult r = qualis::pettitt_test(qualis::make_series(qualis_test::to_vector(y)));
    EXPECT_EQ(r.status, TrendStatus::too_short);
    EXPECT_EQ(r.index, -1);
    EXPECT_TRUE(std::isnan(r.k));
    EXPECT_TRUE(std::isnan(r.p_value));
    EXPECT_EQ(r.u.size(), 0);
  }
  const PettittResult c = qualis::pettitt_test(qualis::make_series(qualis_test::to_vector({4, 4, nan, 4, 4})));
  EXPECT_EQ(c.status, TrendStatus::constant);
  EXPECT_EQ(c.n, 4U);
  EXPECT_EQ(c.k, 0.0);
  EXPECT_EQ(c.p_value, 1.0);
  EXPECT_EQ(c.index, -1);
  EXPECT_EQ(c.observed_index, -1);
  EXPECT_TRUE(std::isnan(c.time));
  EXPECT_TRUE(std::isnan(c.mean_before));
  EXPECT_TRUE((c.u.array() == 0.0).all());
}

TEST(Pettitt, Invariants) {
  const PettittResult a = qualis::pettitt_test(qualis::make_series(qualis_test::to_vector(pages)));
  // A monotone increasing transform of the values (rank test) and any time stamps in the same order leave U,
  // K, p and the location unchanged; the means follow the transform.
  Series s = qualis::make_series(qualis_test::to_vector(pages));
  s.value = 5.0 * s.value.array() + 2.0;
  s.time = s.time.array() * 0.25 + 2001.0;
  const PettittResult b = qualis::pettitt_test(s);
  EXPECT_EQ(b.k, a.k);
  EXPECT_EQ(b.index, a.index);
  EXPECT_EQ(b.time, 2001.0 + 0.25 * 16.0);
  EXPECT_EQ(b.p_value, a.p_value);
  expect_rel(b.mean_before, 5.0 * a.mean_before + 2.0);
  EXPECT_TRUE((b.u.array() == a.u.array()).all());
  // Negating the values negates U and keeps K and the location.
  s.value = -qualis::make_series(qualis_test::to_vector(pages)).value;
  const PettittResult c = qualis::pettitt_test(s);
  EXPECT_EQ(c.k, a.k);
  EXPECT_EQ(c.index, a.index);
  EXPECT_TRUE((c.u.array() == -a.u.array()).all());
}

TEST(Pettitt, BadInput) {
  expect_error<InvalidInput>(
      [] {
        (void)qualis::pettitt_test(series({0, 1}, {1, 2, 3}));
      },
      ErrorCode::size_mismatch, {"pettitt_test", "2 time stamps for 3 values"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::pettitt_test(series({0, 1, 2}, {1, -inf, 3}));
      },
      ErrorCode::not_finite, {"pettitt_test", "position 1", "infinite"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::pettitt_test(series({0, inf, 2}, {1, 2, 3}));
      },
      ErrorCode::not_finite, {"pettitt_test", "position 1"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::pettitt_test(series({0, 1, 1, 2}, {1, 2, 3, 4}));
      },
      ErrorCode::inconsistent, {"pettitt_test", "position 2"});
  expect_error<InvalidInput>(
      [] {
        (void)qualis::pettitt_test(series({3, 2, 1}, {1, 2, 3}));
      },
      ErrorCode::inconsistent, {"pettitt_test", "position 1"});
}

}  // namespace
