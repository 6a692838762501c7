// Shared test helpers of the trend layer: series built from plain vectors and a relative comparison. They exist
// so that every trend test builds its inputs the same way instead of each file carrying its own copies.
#ifndef QUALIS_TESTS_SUPPORT_TREND_HPP
#define QUALIS_TESTS_SUPPORT_TREND_HPP

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>
#include <qualis/trend/common.hpp>
#include <vector>

namespace qualis_test {

// A vector as an Eigen vector (a copy).
inline Eigen::VectorXd to_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// A series with the given time stamps and values (NaN = missing), unchecked: the functions under test check it.
inline qualis::Series series(const std::vector<double>& t, const std::vector<double>& y) {
  qualis::Series s;
  s.time = to_vector(t);
  s.value = to_vector(y);
  return s;
}

// A series over the positions 0, 1, ..., n - 1.
inline qualis::Series series_of(const std::vector<double>& y) { return qualis::make_series(to_vector(y)); }

// |got - want| <= rel * |want|: a relative comparison (exact when want is 0).
inline void expect_rel(double got, double want, double rel = 1e-9) {
  EXPECT_NEAR(got, want, rel * std::fabs(want)) << "want " << want;
}

}  // namespace qualis_test

#endif  // QUALIS_TESTS_SUPPORT_TREND_HPP
