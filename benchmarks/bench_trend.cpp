// Benchmarks of the trend layer on many series, run in parallel over the series with detail::parallel_for (each
// series is computed by one thread, so the results do not depend on the thread count; the setup checks that 1 and
// 2 threads give identical bits and aborts otherwise):
//
//   BM_MannKendallSen/100000/30    the original Mann-Kendall test (S by detail::kendall_counts, Var S, z, p) and
//                                  the Sen slope with its Gilbert interval, for 100,000 series of 30 values
//                                  (every slope formed: 435 pairs).
//   BM_MannKendallSen/1000/10000   the same for 1,000 series of 10,000 values (the Sen slope by bisection with
//                                  inversion counting: 49,995,000 pairs per series are never formed).
//   BM_KendallS/10000              Kendall's S of one series of 10,000 values in O(n log n) (Knight's merge sort,
//   BM_KendallSDirect/10000        detail::kendall_counts) against the O(n^2) definition (kendall_counts_direct).
//
// Series: y_k = 0.01 k + AR(1) noise (phi 0.5, unit innovations) rounded to 0.1 (so values tie), 5% missing, from a
// seeded std::mt19937_64. Times are wall-clock (UseRealTime); OMP_NUM_THREADS chooses the threads. Built by hand,
// pass Eigen as -isystem (GCC 12 -O2 warns inside Eigen with -I):
//
//   g++ -std=c++17 -O2 -DNDEBUG -fopenmp -Iinclude -isystem /usr/include/eigen3 benchmarks/bench_trend.cpp
//       -lbenchmark -lpthread -o bench_trend     (one line)
//   OMP_NUM_THREADS=1 ./bench_trend && OMP_NUM_THREADS=2 ./bench_trend
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <utility>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "qualis/detail/kendall.hpp"
#include "qualis/detail/parallel.hpp"
#include "qualis/trend/mann_kendall.hpp"
#include "qualis/trend/sen.hpp"

namespace {

constexpr std::uint64_t seed = 20240612;

qualis::Series make_one(std::size_t n, std::mt19937_64& engine) {
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  qualis::Series s;
  s.time = Eigen::VectorXd::LinSpaced(static_cast<Eigen::Index>(n), 0.0, static_cast<double>(n) - 1.0);
  s.value.resize(static_cast<Eigen::Index>(n));
  double e = 0.0;
  for (Eigen::Index k = 0; k < s.value.size(); ++k) {
    e = 0.5 * e + noise(engine);
    const double y = std::round(10.0 * (0.01 * static_cast<double>(k) + e)) / 10.0;
    s.value[k] = uniform(engine) < 0.05 ? std::numeric_limits<double>::quiet_NaN() : y;
  }
  return s;
}

const std::vector<qualis::Series>& panel(std::size_t count, std::size_t length) {
  static std::map<std::pair<std::size_t, std::size_t>, std::vector<qualis::Series>> cache;
  auto it = cache.find({count, length});
  if (it != cache.end()) return it->second;
  std::mt19937_64 engine(seed + length);
  std::vector<qualis::Series> all;
  all.reserve(count);
  for (std::size_t k = 0; k < count; ++k) all.push_back(make_one(length, engine));
  return cache.emplace(std::make_pair(count, length), std::move(all)).first->second;
}

// What one series gives: the test's S, z, p and the Sen slope and interval.
struct Out {
  double z = 0.0, p = 0.0, slope = 0.0, lower = 0.0, upper = 0.0;
  std::int64_t s = 0;
};

void run_all(const std::vector<qualis::Series>& series, std::vector<Out>& out) {
  out.resize(series.size());
  const auto count = static_cast<Eigen::Index>(series.size());
  const Eigen::Index work = count * series.front().value.size();
  qualis::detail::parallel_for(count, work, [&](Eigen::Index k) {
    const auto r = qualis::mann_kendall_test(series[static_cast<std::size_t>(k)]);
    out[static_cast<std::size_t>(k)] = {r.z, r.p, r.slope, r.sen.lower, r.sen.upper, r.s};
  });
}

bool same_bits(const std::vector<Out>& a, const std::vector<Out>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double x[5] = {a[k].z, a[k].p, a[k].slope, a[k].lower, a[k].upper};
    const double y[5] = {b[k].z, b[k].p, b[k].slope, b[k].lower, b[k].upper};
    if (std::memcmp(x, y, sizeof x) != 0 || a[k].s != b[k].s) return false;
  }
  return true;
}

// Runs the first `check` series with 1 and with 2 threads and aborts unless the bits agree.
void check_threads(const std::vector<qualis::Series>& series, std::size_t check) {
#ifdef _OPENMP
  const std::vector<qualis::Series> some(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(check));
  const int saved = omp_get_max_threads();
  std::vector<Out> one;
  std::vector<Out> two;
  omp_set_num_threads(1);
  run_all(some, one);
  omp_set_num_threads(2);
  run_all(some, two);
  omp_set_num_threads(saved);
  if (!same_bits(one, two)) {
    std::fprintf(stderr, "bench_trend: 1 and 2 threads disagree\n");
    std::abort();
  }
#else
  (void)series;
  (void)check;
#endif
}

void annotate(benchmark::State& state, std::size_t series) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(series));
#ifdef _OPENMP
  state.counters["threads"] = omp_get_max_threads();
#else
  state.counters["threads"] = 1;
#endif
}

void BM_MannKendallSen(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto length = static_cast<std::size_t>(state.range(1));
  const std::vector<qualis::Series>& series = panel(count, length);
  check_threads(series, length > 1000 ? 8 : 2000);
  std::vector<Out> out;
  for (auto _ : state) {
    run_all(series, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  annotate(state, count);
}
BENCHMARK(BM_MannKendallSen)->Args({100000, 30})->Args({1000, 10000})->Unit(benchmark::kMillisecond)->UseRealTime();

// One series without missing values, as doubles in time order.
const std::pair<std::vector<double>, std::vector<double>>& kendall_input(std::size_t n) {
  static std::map<std::size_t, std::pair<std::vector<double>, std::vector<double>>> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  std::mt19937_64 engine(seed);
  qualis::Series s = make_one(n, engine);
  std::vector<double> t(n);
  std::vector<double> y(n);
  for (std::size_t k = 0; k < n; ++k) {
    t[k] = s.time[static_cast<Eigen::Index>(k)];
    const double v = s.value[static_cast<Eigen::Index>(k)];
    y[k] = std::isnan(v) ? 0.0 : v;
  }
  return cache.emplace(n, std::make_pair(std::move(t), std::move(y))).first->second;
}

void BM_KendallS(benchmark::State& state) {
  const auto& [t, y] = kendall_input(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(qualis::detail::kendall_counts(t.data(), y.data(), t.size()).s);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_KendallS)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_KendallSDirect(benchmark::State& state) {
  const auto& [t, y] = kendall_input(static_cast<std::size_t>(state.range(0)));
  const auto fast = qualis::detail::kendall_counts(t.data(), y.data(), t.size());
  for (auto _ : state) {
    const auto direct = qualis::detail::kendall_counts_direct(t.data(), y.data(), t.size());
    if (direct.s != fast.s || direct.n2 != fast.n2) state.SkipWithError("O(n^2) and O(n log n) S disagree");
    benchmark::DoNotOptimize(direct.s);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_KendallSDirect)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
