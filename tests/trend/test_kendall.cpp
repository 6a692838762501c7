// Tests for detail::kendall_counts(): Knight's O(n log n) counting equals the O(n^2) definition exactly, with
// and without ties, and reproduces a textbook value.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <qualis/detail/kendall.hpp>
#include <random>
#include <vector>

namespace {

void expect_same(const qualis::detail::KendallCounts& a, const qualis::detail::KendallCounts& b) {
  EXPECT_EQ(a.s, b.s);
  EXPECT_EQ(a.n0, b.n0);
  EXPECT_EQ(a.n1, b.n1);
  EXPECT_EQ(a.n2, b.n2);
  EXPECT_EQ(a.n3, b.n3);
}

TEST(KendallCounts, MannKendallExampleByHand) {
  // y = 1 2 3 5 4 6 8 7 9 10 over t = 0..9: 45 pairs, 2 discordant (5>4, 8>7), so S = 43 - 2 = 41, as
  // pymannkendall.original_test reports for this series (s=41.0).
  const std::vector<double> t = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> y = {1, 2, 3, 5, 4, 6, 8, 7, 9, 10};
  const auto c = qualis::detail::kendall_counts(t.data(), y.data(), t.size());
  EXPECT_EQ(c.s, 41);
  EXPECT_EQ(c.n0, 45);
  EXPECT_EQ(c.n1, 0);
  EXPECT_EQ(c.n2, 0);
}

TEST(KendallCounts, TiesInBothCountedOnce) {
  // x = 1 1 2 2, y = 1 1 1 2 (by hand): pairs (0,1) tied in both; (0,2), (1,2) tied in y only; (2,3) tied in
  // x only; (0,3), (1,3) concordant. S = 2, n1 = 2, n2 = 3, n3 = 1.
  const std::vector<double> x = {1, 1, 2, 2};
  const std::vector<double> y = {1, 1, 1, 2};
  const auto c = qualis::detail::kendall_counts(x.data(), y.data(), x.size());
  EXPECT_EQ(c.s, 2);
  EXPECT_EQ(c.n1, 2);
  EXPECT_EQ(c.n2, 3);
  EXPECT_EQ(c.n3, 1);
  expect_same(c, qualis::detail::kendall_counts_direct(x.data(), y.data(), x.size()));
}

TEST(KendallCounts, EqualsTheDefinitionOnRandomDataWithTies) {
  std::mt19937_64 engine(42);
  for (const std::size_t n : {0U, 1U, 2U, 3U, 7U, 64U, 257U, 1000U}) {
    for (const int levels : {3, 20, 1000000}) {
      std::uniform_int_distribution<int> draw(0, levels);
      std::vector<double> x(n);
      std::vector<double> y(n);
      for (std::size_t k = 0; k < n; ++k) {
        x[k] = draw(engine);
        y[k] = draw(engine);
      }
      SCOPED_TRACE(testing::Message() << "n=" << n << " levels=" << levels);
      expect_same(qualis::detail::kendall_counts(x.data(), y.data(), n),
                  qualis::detail::kendall_counts_direct(x.data(), y.data(), n));
    }
  }
}

}  // namespace
