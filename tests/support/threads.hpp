// Shared test helpers for the "same results for any thread count" tests of the parallel scoring functions: a
// seeded random decision matrix, a scoped OpenMP thread count, and a bitwise comparison of Eigen results.
// Bitwise, not approximate, because the library promises identical bits (DESIGN: deterministic on any thread
// count); NaN cells compare equal to NaN cells with the same bits.
#ifndef QUALIS_TESTS_SUPPORT_THREADS_HPP
#define QUALIS_TESTS_SUPPORT_THREADS_HPP

#include <Eigen/Core>
#include <cstdint>
#include <cstring>
#include <random>
#include <utility>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace qualis_test {

// A rows x cols matrix of independent uniform values on [0, 100), from a fixed seed: the same on every run.
inline Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(0.0, 100.0);
  Eigen::MatrixXd x(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) x(i, j) = uniform(engine);
  }
  return x;
}

// True when `a` and `b` have the same shape and the same bits in every cell.
template <class A, class B>
bool same_bits(const Eigen::DenseBase<A>& a, const Eigen::DenseBase<B>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const auto x = a(i, j);
      const auto y = b(i, j);
      if (std::memcmp(&x, &y, sizeof x) != 0) return false;
    }
  }
  return true;
}

#ifdef _OPENMP
// Sets the number of OpenMP threads for its lifetime and restores the previous number afterwards, also when a
// fatal assertion leaves the test early.
class ScopedThreads {
 public:
  explicit ScopedThreads(int threads) : saved_(omp_get_max_threads()) { omp_set_num_threads(threads); }
  ~ScopedThreads() { omp_set_num_threads(saved_); }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;
  ScopedThreads(ScopedThreads&&) = delete;
  ScopedThreads& operator=(ScopedThreads&&) = delete;

 private:
  int saved_;
};

// Runs `compute` with 1 thread and with 4 threads and returns both results, in that order.
template <class Compute>
auto with_1_and_4_threads(Compute&& compute) {
  auto one = [&] {
    const ScopedThreads scope(1);
    return compute();
  }();
  auto four = [&] {
    const ScopedThreads scope(4);
    return compute();
  }();
  return std::make_pair(std::move(one), std::move(four));
}
#endif

}  // namespace qualis_test

#endif  // QUALIS_TESTS_SUPPORT_THREADS_HPP
