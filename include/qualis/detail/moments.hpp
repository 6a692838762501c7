// Internal helpers: central moments of a list of values and the skewness and kurtosis estimators built on them,
// shared by the outlier treatment (prepare/outliers.hpp) and the framework audit (score/audit.hpp). Not part of
// the public API.
#ifndef QUALIS_DETAIL_MOMENTS_HPP
#define QUALIS_DETAIL_MOMENTS_HPP

#include <cmath>
#include <vector>

#include "qualis/config.hpp"

QUALIS_NAMESPACE_BEGIN
namespace detail {

// n, the mean and the central moments m_k = sum_i (x_i - mean)^k / n for k = 2, 3, 4 (two passes: the mean,
// then the deviations). The list must not be empty and hold no NaN.
struct CentralMoments {
  double n = 0.0;
  double mean = 0.0;
  double m2 = 0.0;
  double m3 = 0.0;
  double m4 = 0.0;
};

inline CentralMoments central_moments(const std::vector<double>& values) {
  CentralMoments m;
  m.n = static_cast<double>(values.size());
  double sum = 0.0;
  for (const double x : values) sum += x;
  m.mean = sum / m.n;
  for (const double x : values) {
    const double d = x - m.mean;
    const double d2 = d * d;
    m.m2 += d2;
    m.m3 += d2 * d;
    m.m4 += d2 * d2;
  }
  m.m2 /= m.n;
  m.m3 /= m.n;
  m.m4 /= m.n;
  return m;
}

// Population (type 1) skewness g1 = m3 / m2^1.5 and excess kurtosis g2 = m4 / m2^2 - 3. Need m2 > 0.
inline double skewness_g1(const CentralMoments& m) { return m.m3 / std::pow(m.m2, 1.5); }
inline double excess_kurtosis_g2(const CentralMoments& m) { return m.m4 / (m.m2 * m.m2) - 3.0; }

// Sample-adjusted (type 2) estimators, as e1071 type 2, Excel SKEW and KURT, scipy bias=False and COINr:
// G1 = g1 sqrt(n (n - 1)) / (n - 2) (needs n >= 3) and G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2) (n - 3))
// (needs n >= 4); both need m2 > 0.
inline double skewness_type2(const CentralMoments& m) {
  return skewness_g1(m) * std::sqrt(m.n * (m.n - 1.0)) / (m.n - 2.0);
}
inline double kurtosis_type2(const CentralMoments& m) {
  return ((m.n + 1.0) * excess_kurtosis_g2(m) + 6.0) * (m.n - 1.0) / ((m.n - 2.0) * (m.n - 3.0));
}

}  // namespace detail
QUALIS_NAMESPACE_END

#endif  // QUALIS_DETAIL_MOMENTS_HPP
