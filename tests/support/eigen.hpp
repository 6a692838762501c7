// Shared test helpers for Eigen data: building vectors and matrices from lists, and comparing vectors with
// the tolerance rule of the test suite, |actual - expected| <= rel * max(1, |expected|) element by element
// (relative for large values, absolute near zero; rel = 1e-9 for closed-form methods).
#ifndef QUALIS_TESTS_SUPPORT_EIGEN_HPP
#define QUALIS_TESTS_SUPPORT_EIGEN_HPP

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <vector>

namespace qualis_test {

// A vector from a list (GCC 12 warns, wrongly, about `(VectorXd(n) << ...).finished()` at -O1).
inline Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double v : values) out[i++] = v;
  return out;
}

// A matrix from a list of rows of equal length.
inline Eigen::MatrixXd rows(std::initializer_list<std::initializer_list<double>> list) {
  const Eigen::Index cols = list.size() == 0 ? 0 : static_cast<Eigen::Index>(list.begin()->size());
  Eigen::MatrixXd m(static_cast<Eigen::Index>(list.size()), cols);
  Eigen::Index i = 0;
  for (const auto& r : list) {
    EXPECT_EQ(static_cast<Eigen::Index>(r.size()), cols) << "row " << i << " of a test matrix";
    Eigen::Index j = 0;
    for (const double v : r) {
      if (j < cols) m(i, j) = v;
      ++j;
    }
    ++i;
  }
  return m;
}

// |actual - expected| <= rel * max(1, |expected|) for every element.
inline void expect_close(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected, double rel = 1e-9) {
  ASSERT_EQ(actual.size(), expected.size());
  for (Eigen::Index i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], rel * std::max(1.0, std::abs(expected[i]))) << "at index " << i;
  }
}

inline void expect_close(const Eigen::VectorXd& actual, std::initializer_list<double> expected, double rel = 1e-9) {
  expect_close(actual, vec(expected), rel);
}

// Integer ranks as a std::vector, for gmock matchers such as ElementsAre.
inline std::vector<int> ranks_of(const Eigen::VectorXi& r) { return {r.data(), r.data() + r.size()}; }

}  // namespace qualis_test

#endif  // QUALIS_TESTS_SUPPORT_EIGEN_HPP
