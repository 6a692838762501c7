// Tests of qualis/uncertainty/sampling.hpp: Sobol points against an independent construction from the
// direction numbers (Bratley and Fox 1988, Algorithm 659; Joe and Kuo 2008 for the second dimension),
// point indexing, pseudo-random streams and bad arguments.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <qualis/uncertainty/sampling.hpp>
#include <set>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis_test::expect_error;

// Coordinate of point `index` (the usual numbering from 0) of a Sobol dimension with direction numbers
// m_1, m_2, ... (v_k = m_k / 2^k): the XOR of the v_k of the set bits of the Gray code of the index.
double sobol_coordinate(std::uint64_t index, const std::vector<std::uint64_t>& m) {
  const std::uint64_t gray = index ^ (index >> 1U);
  std::uint64_t x = 0;  // 32 fractional bits
  for (std::size_t k = 0; k < m.size(); ++k) {
    if (((gray >> k) & 1U) != 0) x ^= m[k] << (31U - k);
  }
  return static_cast<double>(x) / 4294967296.0;
}

// Dimension 1: m_k = 1 (van der Corput in base 2). Dimension 2 (Joe-Kuo: s = 1, a = 0, m_1 = 1):
// m_k = 2 m_{k-1} XOR m_{k-1}.
std::vector<std::uint64_t> directions(int dimension, std::size_t bits) {
  std::vector<std::uint64_t> m(bits, 1);
  if (dimension == 2) {
    for (std::size_t k = 1; k < bits; ++k) m[k] = (m[k - 1] << 1U) ^ m[k - 1];
  }
  return m;
}

TEST(SobolPoints, FirstTwoDimensionsMatchTheDirectionNumbers) {
  // Boost leaves out point 0 (all zero): row k is point k + 1 of the usual numbering.
  const Eigen::MatrixXd x = qualis::sobol_points(2, 1000);
  const auto m1 = directions(1, 20);
  const auto m2 = directions(2, 20);
  for (Eigen::Index k = 0; k < x.rows(); ++k) {
    const auto index = static_cast<std::uint64_t>(k + 1);
    EXPECT_EQ(x(k, 0), sobol_coordinate(index, m1)) << "point " << k;
    EXPECT_EQ(x(k, 1), sobol_coordinate(index, m2)) << "point " << k;
  }
  // The familiar start of the 2-D sequence.
  EXPECT_EQ(x(0, 0), 0.5);
  EXPECT_EQ(x(0, 1), 0.5);
  EXPECT_EQ(x(1, 0), 0.75);
  EXPECT_EQ(x(1, 1), 0.25);
  EXPECT_EQ(x(2, 0), 0.25);
  EXPECT_EQ(x(2, 1), 0.75);
}

TEST(SobolPoints, AnyRunStartsWhereTheWholeSequenceHasIt) {
  const Eigen::MatrixXd whole = qualis::sobol_points(7, 300);
  for (const std::uint64_t first : {std::uint64_t{1}, std::uint64_t{64}, std::uint64_t{199}}) {
    const Eigen::MatrixXd part = qualis::sobol_points(7, 300 - first, first);
    EXPECT_TRUE(part == whole.bottomRows(static_cast<Eigen::Index>(300 - first))) << "first " << first;
  }
}

TEST(SobolPoints, NeverZeroOrOneAndEvenlySpread) {
  const Eigen::MatrixXd x = qualis::sobol_points(40, 4096);
  EXPECT_GT(x.minCoeff(), 0.0);
  EXPECT_LT(x.maxCoeff(), 1.0);
  // Each coordinate's mean over 4096 low-discrepancy points is 1/2 to within a few 1/4096.
  for (Eigen::Index d = 0; d < x.cols(); ++d) EXPECT_NEAR(x.col(d).mean(), 0.5, 3.0 / 4096) << "dimension " << d;
}

TEST(SobolPoints, RejectsBadDimensions) {
  expect_error<qualis::InvalidInput>([] { (void)qualis::sobol_points(0, 4); }, ErrorCode::out_of_range,
                                     {"dimensions must be in 1.."});
  expect_error<qualis::InvalidInput>([] { (void)qualis::sobol_points(qualis::sobol_max_dimensions() + 1, 4); },
                                     ErrorCode::out_of_range, {"dimensions"});
  EXPECT_EQ(qualis::sobol_points(3, 0).rows(), 0);
}

TEST(RandomPoints, EveryRowHasItsOwnStream) {
  const Eigen::MatrixXd x = qualis::random_points(5, 50, 42);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    EXPECT_TRUE(qualis::random_points(5, 1, 42, static_cast<std::uint64_t>(r)) == x.row(r)) << "row " << r;
  }
  EXPECT_TRUE(qualis::random_points(5, 50, 42) == x);
  EXPECT_FALSE(qualis::random_points(5, 50, 43) == x);
  expect_error<qualis::InvalidInput>([] { (void)qualis::random_points(0, 3, 1); }, ErrorCode::out_of_range,
                                     {"dimensions"});
}

TEST(RandomPoints, UniformOnTheUnitInterval) {
  const Eigen::MatrixXd x = qualis::random_points(2, 100000, 7);
  EXPECT_GE(x.minCoeff(), 0.0);
  EXPECT_LT(x.maxCoeff(), 1.0);
  // Mean 1/2 and variance 1/12; the standard error of the mean is 0.00091 here, of the variance 0.00027.
  for (Eigen::Index d = 0; d < 2; ++d) {
    const double mean = x.col(d).mean();
    const double var = (x.col(d).array() - mean).square().mean();
    EXPECT_NEAR(mean, 0.5, 0.005);
    EXPECT_NEAR(var, 1.0 / 12.0, 0.0015);
  }
}

TEST(StreamSeed, NearbySeedsAndStreamsDoNotCollide) {
  std::set<std::uint64_t> seen;
  for (std::uint64_t seed = 0; seed < 64; ++seed) {
    for (std::uint64_t stream = 0; stream < 64; ++stream) seen.insert(qualis::stream_seed(seed, stream));
  }
  EXPECT_EQ(seen.size(), 64U * 64U);
  static_assert(qualis::stream_seed(1, 2) != qualis::stream_seed(2, 1), "seed and stream are not symmetric");
}

TEST(Uniform01, UsesTheTop53Bits) {
  struct Fixed {
    std::uint64_t value;
    std::uint64_t operator()() const { return value; }
  };
  Fixed top{~std::uint64_t{0}};
  EXPECT_EQ(qualis::uniform01(top), 1.0 - 0x1.0p-53);
  Fixed zero{0};
  EXPECT_EQ(qualis::uniform01(zero), 0.0);
  Fixed half{std::uint64_t{1} << 63U};
  EXPECT_EQ(qualis::uniform01(half), 0.5);
  Fixed low{(std::uint64_t{1} << 11U) - 1};  // only bits below the top 53
  EXPECT_EQ(qualis::uniform01(low), 0.0);
}

TEST(SamplePoints, DispatchesOnTheSampling) {
  EXPECT_TRUE(qualis::sample_points(qualis::Sampling::sobol, 3, 10, 99, 5) == qualis::sobol_points(3, 10, 5));
  EXPECT_TRUE(qualis::sample_points(qualis::Sampling::random, 3, 10, 99, 5) == qualis::random_points(3, 10, 99, 5));
  expect_error<qualis::InvalidInput>([] { (void)qualis::sample_points(static_cast<qualis::Sampling>(9), 3, 10, 1); },
                                     ErrorCode::out_of_range, {"unknown sampling"});
  EXPECT_STREQ(qualis::to_string(qualis::Sampling::random), "random");
  EXPECT_STREQ(qualis::to_string(static_cast<qualis::Sampling>(9)), "unknown");
}

}  // namespace
