// Tests of qualis/uncertainty/sobol.hpp.
//
// Analytic references:
// - Ishigami and Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, a = 7, b = 0.1.
//   V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
//   V13 = b^2 pi^8 (1/18 - 1/50); S_i = V_i / V, S_T1 = (V1 + V13)/V, S_T2 = V2/V, S_T3 = V13/V
//   (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, 4.9; Sobol' and Levitan 1999).
// - Sobol' g-function: g = prod (|4 x_i - 2| + a_i) / (1 + a_i) on [0, 1]^d, V_i = 1 / (3 (1 + a_i)^2),
//   V = prod (1 + V_i) - 1, S_i = V_i / V, S_Ti = V_i prod_{j != i} (1 + V_j) / V (Saltelli et al. 2010, 4.2;
//   Sobol' 2001).
// - The estimators themselves are checked on a small design against the formulas written out here, from the
//   same points (sobol_points()).
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstdint>
#include <qualis/uncertainty/sobol.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "support/threads.hpp"

namespace {

using qualis::ErrorCode;
using qualis::SobolFactor;
using qualis::SobolOptions;
using qualis::SobolResult;
using qualis::SobolStatus;
using qualis_test::expect_error;

constexpr double pi = 3.14159265358979323846;

double ishigami(const Eigen::VectorXd& u) {
  const double x1 = -pi + 2.0 * pi * u[0];
  const double x2 = -pi + 2.0 * pi * u[1];
  const double x3 = -pi + 2.0 * pi * u[2];
  return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

struct Analytic {
  std::vector<double> first;
  std::vector<double> total;
};

Analytic ishigami_indices() {
  const double a = 7.0;
  const double b = 0.1;
  const double p4 = std::pow(pi, 4);
  const double p8 = std::pow(pi, 8);
  const double v = a * a / 8.0 + b * p4 / 5.0 + b * b * p8 / 18.0 + 0.5;
  const double v1 = 0.5 * (1.0 + b * p4 / 5.0) * (1.0 + b * p4 / 5.0);
  const double v2 = a * a / 8.0;
  const double v13 = b * b * p8 * (1.0 / 18.0 - 1.0 / 50.0);
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

const std::vector<double> g_a = {0.0, 1.0, 4.5, 9.0, 99.0, 99.0};

double g_function(const Eigen::VectorXd& u) {
  double g = 1.0;
  for (std::size_t i = 0; i < g_a.size(); ++i) {
    g *= (std::abs(4.0 * u[static_cast<Eigen::Index>(i)] - 2.0) + g_a[i]) / (1.0 + g_a[i]);
  }
  return g;
}

Analytic g_indices() {
  std::vector<double> vi;
  double prod = 1.0;
  for (const double a : g_a) {
    vi.push_back(1.0 / (3.0 * (1.0 + a) * (1.0 + a)));
    prod *= 1.0 + vi.back();
  }
  const double v = prod - 1.0;
  Analytic out;
  for (const double x : vi) {
    out.first.push_back(x / v);
    out.total.push_back(x * prod / (1.0 + x) / v);
  }
  return out;
}

std::vector<SobolFactor> factors(std::size_t k) {
  std::vector<SobolFactor> out;
  for (std::size_t i = 0; i < k; ++i) out.push_back(SobolFactor{"x" + std::to_string(i + 1), 1});
  return out;
}

void expect_recovered(const SobolResult& r, const Analytic& truth, double tolerance) {
  ASSERT_EQ(r.status.front(), SobolStatus::ok);
  for (std::size_t i = 0; i < truth.first.size(); ++i) {
    const auto c = static_cast<Eigen::Index>(i);
    EXPECT_LE(r.first_low(0, c), truth.first[i]) << r.factors[i];
    EXPECT_GE(r.first_high(0, c), truth.first[i]) << r.factors[i];
    EXPECT_LE(r.total_low(0, c), truth.total[i]) << r.factors[i];
    EXPECT_GE(r.total_high(0, c), truth.total[i]) << r.factors[i];
    EXPECT_NEAR(r.first(0, c), truth.first[i], tolerance) << r.factors[i];
    EXPECT_NEAR(r.total(0, c), truth.total[i], tolerance) << r.factors[i];
    EXPECT_LE(r.first_low(0, c), r.first(0, c) + tolerance);
    EXPECT_GE(r.total(0, c), 0.0);
  }
}

TEST(SobolIndices, RecoversTheIshigamiIndices) {
  SobolOptions o;
  o.samples = 8192;
  const SobolResult r = qualis::sobol_indices(ishigami, factors(3), 1, o);
  EXPECT_EQ(r.evaluations, 8192U * 5U);
  EXPECT_EQ(r.bootstrap, 200U);
  // Sobol points at N = 8192 estimate the indices to about 0.01 (Saltelli et al. 2010, fig. 2).
  expect_recovered(r, ishigami_indices(), 0.02);
  // Mean and variance of the output: E f = a/2 = 3.5.
  EXPECT_NEAR(r.mean[0], 3.5, 0.01);
  const double v = 49.0 / 8.0 + 0.1 * std::pow(pi, 4) / 5.0 + 0.01 * std::pow(pi, 8) / 18.0 + 0.5;
  EXPECT_NEAR(r.variance[0], v, 0.01 * v);
}

TEST(SobolIndices, RecoversTheGFunctionIndices) {
  SobolOptions o;
  o.samples = 8192;
  const SobolResult r = qualis::sobol_indices(g_function, factors(6), 1, o);
  expect_recovered(r, g_indices(), 0.02);
}

TEST(SobolIndices, PseudoRandomPointsAlsoRecoverTheIndicesWithinTheirIntervals) {
  SobolOptions o;
  o.samples = 20000;
  o.sampling = qualis::Sampling::random;
  o.seed = 2024;
  const SobolResult r = qualis::sobol_indices(ishigami, factors(3), 1, o);
  // Monte Carlo error at N = 20000 is about 0.02 for these indices; the intervals are what is promised.
  expect_recovered(r, ishigami_indices(), 0.05);
}

TEST(SobolIndices, IntervalsNarrowAsSamplesGrow) {
  SobolOptions small;
  small.samples = 512;
  SobolOptions large;
  large.samples = 8192;
  const SobolResult a = qualis::sobol_indices(ishigami, factors(3), 1, small);
  const SobolResult b = qualis::sobol_indices(ishigami, factors(3), 1, large);
  for (Eigen::Index i = 0; i < 3; ++i) {
    EXPECT_LT(b.total_high(0, i) - b.total_low(0, i), 0.5 * (a.total_high(0, i) - a.total_low(0, i)));
  }
}

// The estimators written out from the design (same points), for a model with two outputs.
TEST(SobolIndices, EstimatorsMatchTheFormulasOnASmallDesign) {
  const auto f = [](const Eigen::VectorXd& x) {
    Eigen::VectorXd y(2);
    y[0] = x[0] + 2.0 * x[1] * x[1] + 3.0 * x[0] * x[2] + x[3];
    y[1] = std::exp(x[1]) * (1.0 + x[2] + x[3]);
    return y;
  };
  // Factors: x1 alone, {x2, x3} as a group, x4 alone.
  const std::vector<SobolFactor> fs = {{"a", 1}, {"bc", 2}, {"d", 1}};
  const std::size_t N = 37;
  SobolOptions o;
  o.samples = N;
  o.bootstrap = 0;
  const SobolResult r = qualis::sobol_indices(f, fs, 2, o);
  EXPECT_EQ(r.first_low.size(), 0);
  const Eigen::MatrixXd pts = qualis::sobol_points(8, N);
  const std::vector<std::vector<Eigen::Index>> cols = {{0}, {1, 2}, {3}};
  for (Eigen::Index out = 0; out < 2; ++out) {
    std::vector<double> ya(N);
    std::vector<double> yb(N);
    std::vector<std::vector<double>> yab(3, std::vector<double>(N));
    for (std::size_t j = 0; j < N; ++j) {
      const Eigen::VectorXd a = pts.row(static_cast<Eigen::Index>(j)).head(4).transpose();
      const Eigen::VectorXd b = pts.row(static_cast<Eigen::Index>(j)).tail(4).transpose();
      ya[j] = f(a)[out];
      yb[j] = f(b)[out];
      for (std::size_t i = 0; i < 3; ++i) {
        Eigen::VectorXd x = a;
        for (const Eigen::Index c : cols[i]) x[c] = b[c];
        yab[i][j] = f(x)[out];
      }
    }
    const double c = ya[0];  // the documented centre
    double mean = 0.0;
    for (std::size_t j = 0; j < N; ++j) mean += (ya[j] - c) + (yb[j] - c);
    mean /= 2.0 * N;
    double var = 0.0;
    for (std::size_t j = 0; j < N; ++j) var += (ya[j] - c) * (ya[j] - c) + (yb[j] - c) * (yb[j] - c);
    var = var / (2.0 * N) - mean * mean;
    EXPECT_NEAR(r.variance[out], var, 1e-12 * var);
    EXPECT_NEAR(r.mean[out], c + mean, 1e-12 * std::abs(c + mean));
    for (std::size_t i = 0; i < 3; ++i) {
      double s1 = 0.0;
      double st = 0.0;
      for (std::size_t j = 0; j < N; ++j) {
        s1 += (yb[j] - c) * (yab[i][j] - ya[j]);
        st += (ya[j] - yab[i][j]) * (ya[j] - yab[i][j]);
      }
      const double first = s1 / N / var;
      const double total = st / (2.0 * N) / var;
      EXPECT_NEAR(r.first(out, static_cast<Eigen::Index>(i)), first, 1e-9 * std::abs(first)) << i;
      EXPECT_NEAR(r.total(out, static_cast<Eigen::Index>(i)), total, 1e-9 * total) << i;
    }
  }
}

TEST(SobolIndices, GroupedFactorsGiveTheGroupIndex) {
  // Ishigami with {x1, x3} as one factor: its first-order index is the closed index (V1 + V3 + V13) / V and
  // its total index is 1 - S2; x2 is additive.
  const Analytic truth = ishigami_indices();
  const auto f = [](const Eigen::VectorXd& u) {
    Eigen::VectorXd v(3);
    v << u[0], u[2], u[1];  // coordinates: x1, x3 (the group), then x2
    return ishigami(v);
  };
  SobolOptions o;
  o.samples = 8192;
  const SobolResult r = qualis::sobol_indices(f, {{"x1x3", 2}, {"x2", 1}}, 1, o);
  const double closed = truth.total[0];  // V1 + V13 over V (V3 = 0)
  EXPECT_NEAR(r.first(0, 0), closed, 0.02);
  EXPECT_NEAR(r.total(0, 0), 1.0 - truth.first[1], 0.02);
  EXPECT_NEAR(r.first(0, 1), truth.first[1], 0.02);
  EXPECT_NEAR(r.total(0, 1), truth.total[1], 0.02);
}

TEST(SobolIndices, AdditiveModelHasEqualFirstAndTotalIndices) {
  // f = x1 + 2 x2 + 3 x3: S_i = S_Ti = c_i^2 / sum c^2 (1/14, 4/14, 9/14).
  const auto f = [](const Eigen::VectorXd& x) { return x[0] + 2.0 * x[1] + 3.0 * x[2]; };
  SobolOptions o;
  o.samples = 4096;
  const SobolResult r = qualis::sobol_indices(f, factors(3), 1, o);
  const std::array<double, 3> truth = {1.0 / 14.0, 4.0 / 14.0, 9.0 / 14.0};
  for (Eigen::Index i = 0; i < 3; ++i) {
    EXPECT_NEAR(r.first(0, i), truth[static_cast<std::size_t>(i)], 0.01);
    EXPECT_NEAR(r.total(0, i), truth[static_cast<std::size_t>(i)], 0.01);
  }
  EXPECT_NEAR(r.variance[0], 14.0 / 12.0, 0.01);
}

TEST(SobolIndices, ConstantAndNonFiniteOutputsGetAStatusNotNumbers) {
  const auto f = [](const Eigen::VectorXd& x) {
    return std::vector<double>{x[0] + x[1], 5.0, x[0] > 0.9 ? std::nan("") : x[1], x[1] < 0.01 ? HUGE_VAL : 1.0};
  };
  SobolOptions o;
  o.samples = 256;
  const SobolResult r = qualis::sobol_indices(f, factors(2), 4, o);
  EXPECT_EQ(r.status[0], SobolStatus::ok);
  EXPECT_EQ(r.status[1], SobolStatus::no_variance);
  EXPECT_TRUE(r.first.row(1).array().isNaN().all());
  EXPECT_TRUE(r.total_high.row(1).array().isNaN().all());
  EXPECT_EQ(r.mean[1], 5.0);
  EXPECT_EQ(r.variance[1], 0.0);
  EXPECT_EQ(r.status[2], SobolStatus::missing_values);
  EXPECT_GT(r.missing[2], 0U);
  EXPECT_TRUE(r.first.row(2).array().isNaN().all());
  EXPECT_EQ(r.status[3], SobolStatus::missing_values);
  EXPECT_EQ(r.missing[0], 0U);
  EXPECT_STREQ(qualis::to_string(SobolStatus::no_variance), "no_variance");
}

#ifdef _OPENMP
TEST(SobolIndices, SameBitsForAnyThreadCount) {
  SobolOptions o;
  o.samples = 1000;
  o.sampling = qualis::Sampling::random;
  const auto [one, four] = qualis_test::with_1_and_4_threads([&] {
    return qualis::sobol_indices(
        [](const Eigen::VectorXd& x) {
          Eigen::VectorXd y(3);
          y << ishigami(x.head(3)), g_function(x), x.sum();
          return y;
        },
        factors(6), 3, o);
  });
  EXPECT_TRUE(qualis_test::same_bits(one.first, four.first));
  EXPECT_TRUE(qualis_test::same_bits(one.total, four.total));
  EXPECT_TRUE(qualis_test::same_bits(one.first_low, four.first_low));
  EXPECT_TRUE(qualis_test::same_bits(one.total_high, four.total_high));
  EXPECT_TRUE(qualis_test::same_bits(one.variance, four.variance));
}
#endif

TEST(SobolIndices, TheSeedFixesEveryDraw) {
  SobolOptions o;
  o.samples = 300;
  o.sampling = qualis::Sampling::random;
  o.seed = 11;
  const SobolResult a = qualis::sobol_indices(ishigami, factors(3), 1, o);
  const SobolResult b = qualis::sobol_indices(ishigami, factors(3), 1, o);
  EXPECT_TRUE(a.first == b.first && a.total_low == b.total_low);
  o.seed = 12;
  const SobolResult c = qualis::sobol_indices(ishigami, factors(3), 1, o);
  EXPECT_FALSE(a.first == c.first);
  // With Sobol points the seed moves only the bootstrap intervals.
  SobolOptions q;
  q.samples = 300;
  q.seed = 1;
  const SobolResult d = qualis::sobol_indices(ishigami, factors(3), 1, q);
  q.seed = 2;
  const SobolResult e = qualis::sobol_indices(ishigami, factors(3), 1, q);
  EXPECT_TRUE(d.first == e.first);
  EXPECT_FALSE(d.first_low == e.first_low);
}

TEST(SobolIndices, RejectsBadProblems) {
  const auto f = [](const Eigen::VectorXd& x) { return x.sum(); };
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(f, {}, 1); }, ErrorCode::empty_input,
                                     {"no factors"});
  expect_error<qualis::InvalidInput>(
      [&] {
        (void)qualis::sobol_indices(f, {{"a", 1}, {"a", 1}}, 1);
      },
      ErrorCode::duplicate_id, {"\"a\" is named twice"});
  expect_error<qualis::InvalidInput>(
      [&] {
        (void)qualis::sobol_indices(f, {{"", 1}}, 1);
      },
      ErrorCode::invalid_id, {"empty name"});
  expect_error<qualis::InvalidInput>(
      [&] {
        (void)qualis::sobol_indices(f, {{"a", 0}}, 1);
      },
      ErrorCode::out_of_range, {"\"a\" has 0 dimensions"});
  SobolOptions o;
  o.samples = 1;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(f, factors(2), 1, o); }, ErrorCode::out_of_range,
                                     {"samples must be at least 2"});
  o.samples = 8;
  o.confidence = 1.0;
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(f, factors(2), 1, o); }, ErrorCode::out_of_range,
                                     {"confidence"});
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(f, factors(2), 0); }, ErrorCode::out_of_range,
                                     {"outputs"});
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(f, factors(2), 3); }, ErrorCode::size_mismatch,
                                     {"one number", "3 outputs"});
  const auto g = [](const Eigen::VectorXd& x) { return std::vector<double>{x[0]}; };
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(g, factors(2), 2); }, ErrorCode::size_mismatch,
                                     {"returned 1 outputs, 2 were declared"});
  const std::vector<SobolFactor> wide = {{"w", qualis::sobol_max_dimensions()}};
  expect_error<qualis::InvalidInput>([&] { (void)qualis::sobol_indices(f, wide, 1); }, ErrorCode::out_of_range,
                                     {"Sobol points allow at most"});
}

TEST(SobolIndices, AnErrorOfTheModelReachesTheCaller) {
  const auto f = [](const Eigen::VectorXd& x) -> double {
    if (x[0] > 0.7) throw std::runtime_error("model failed");
    return x[0];
  };
  SobolOptions o;
  o.samples = 64;
  EXPECT_THROW((void)qualis::sobol_indices(f, factors(1), 1, o), std::runtime_error);
}

}  // namespace
