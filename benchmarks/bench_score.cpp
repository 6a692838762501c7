// Benchmarks of the scoring layer's hot paths, each printed beside a plain memory-streaming pass over the same
// matrix in the same binary: BM_StreamRead (sum of every cell) is the floor for a method that only reads the
// matrix, BM_StreamCopy (read and write every cell) the floor for a method that also writes a matrix of the same
// size. The goal is to stay within 4x of them. Every benchmark reports the bytes of the input matrix as processed
// and the wall-clock time (UseRealTime), so that parallel speed shows; set OMP_NUM_THREADS to choose the number
// of threads (the "threads" counter shows how many OpenMP may use).
//
//   cmake --preset release && cmake --build --preset release --target qualis_bench_score
//   OMP_NUM_THREADS=1 ./build/release/benchmarks/qualis_bench_score
//   OMP_NUM_THREADS=2 ./build/release/benchmarks/qualis_bench_score
//
// The methods return new matrices (TOPSIS two, normalisation one), and first touching fresh pages can cost far
// more than streaming through them (BM_StreamCopyAlloc against BM_StreamCopy shows how much on this machine).
// glibc hands blocks this large back to the OS on free; to measure steady state with the memory recycled, run
// with MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=17179869184 in the environment.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <utility>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "qualis/detail/parallel.hpp"
#include "qualis/score/aggregate.hpp"
#include "qualis/score/mcda.hpp"
#include "qualis/score/normalize.hpp"
#include "qualis/score/rank.hpp"
#include "qualis/score/weights.hpp"

namespace {

constexpr std::uint64_t seed = 20240611;

// A deterministic synthetic decision matrix: column j is uniform on [0, 10 (j + 1)), so that the columns have
// different scales; every third column is a cost (lower_is_better) criterion.
struct Problem {
  Eigen::MatrixXd x;
  std::vector<qualis::Direction> directions;
  std::vector<qualis::ColumnSpec> specs;
  Eigen::VectorXd weights;  // fixed positive weights for the weighted mean
};

const Problem& problem(Eigen::Index rows, Eigen::Index cols) {
  static std::map<std::pair<Eigen::Index, Eigen::Index>, Problem> cache;
  auto it = cache.find({rows, cols});
  if (it != cache.end()) return it->second;
  Problem p;
  p.x.resize(rows, cols);
  std::mt19937_64 engine(seed);
  for (Eigen::Index j = 0; j < cols; ++j) {
    std::uniform_real_distribution<double> uniform(0.0, 10.0 * static_cast<double>(j + 1));
    for (Eigen::Index i = 0; i < rows; ++i) p.x(i, j) = uniform(engine);
    p.directions.push_back(j % 3 == 2 ? qualis::Direction::lower_is_better : qualis::Direction::higher_is_better);
  }
  p.specs = qualis::column_specs(p.directions);
  std::uniform_real_distribution<double> weight(0.5, 1.5);
  p.weights.resize(cols);
  for (Eigen::Index j = 0; j < cols; ++j) p.weights[j] = weight(engine);
  return cache.emplace(std::make_pair(rows, cols), std::move(p)).first->second;
}

void annotate(benchmark::State& state, const Eigen::MatrixXd& x) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(x.size()) *
                          static_cast<std::int64_t>(sizeof(double)));
#ifdef _OPENMP
  state.counters["threads"] = omp_get_max_threads();
#else
  state.counters["threads"] = 1;
#endif
}

// The read floor: the sum of every cell, columns in parallel (as the methods run).
void BM_StreamRead(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  Eigen::VectorXd sums(p.x.cols());
  for (auto _ : state) {
    qualis::detail::parallel_for(p.x.cols(), p.x.size(), [&](Eigen::Index j) { sums[j] = p.x.col(j).sum(); });
    double total = sums.sum();
    benchmark::DoNotOptimize(total);
  }
  annotate(state, p.x);
}

// The read + write floor: copy every cell into a preallocated matrix whose pages are already touched, columns in
// parallel.
void BM_StreamCopy(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  // Not Zero(): the compiler may turn malloc + memset(0) into calloc, which leaves the pages untouched.
  Eigen::MatrixXd y = Eigen::MatrixXd::Constant(p.x.rows(), p.x.cols(), 1.0);
  for (auto _ : state) {
    qualis::detail::parallel_for(p.x.cols(), p.x.size(), [&](Eigen::Index j) { y.col(j) = p.x.col(j); });
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  annotate(state, p.x);
}

// The same copy into a freshly allocated matrix, as a function returning a new matrix must do: the difference
// from BM_StreamCopy is the cost of first touching new pages, which depends on the allocator and the OS (glibc
// returns blocks above M_MMAP_THRESHOLD to the OS on free, so every such allocation faults its pages in again;
// MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ in the environment make it recycle them instead).
void BM_StreamCopyAlloc(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  for (auto _ : state) {
    Eigen::MatrixXd y(p.x.rows(), p.x.cols());
    qualis::detail::parallel_for(p.x.cols(), p.x.size(), [&](Eigen::Index j) { y.col(j) = p.x.col(j); });
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  annotate(state, p.x);
}

// The logarithm floor: sum x ln x over every cell, columns in parallel. Entropy weights cannot avoid one
// logarithm per cell; this pass shows what that alone costs with the vector code the build allows (see
// QUALIS_BENCHMARK_NATIVE).
void BM_StreamLog(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  Eigen::VectorXd sums(p.x.cols());
  for (auto _ : state) {
    qualis::detail::parallel_for(p.x.cols(), p.x.size(), [&](Eigen::Index j) {
      const auto col = p.x.col(j).array();
      sums[j] = (col * col.max(std::numeric_limits<double>::min()).log()).sum();
    });
    double total = sums.sum();
    benchmark::DoNotOptimize(total);
  }
  annotate(state, p.x);
}

// Entropy weights, then TOPSIS with them (vector normalisation, Euclidean distance: the defaults).
qualis::TopsisResult entropy_topsis(const Problem& p) {
  const qualis::WeightResult w = qualis::entropy_weights(p.x, p.directions);
  return qualis::topsis(p.x, w.weights, p.directions);
}

void BM_EntropyTopsis(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  benchmark::DoNotOptimize(entropy_topsis(p).scores.data());  // warm-up, untimed
  for (auto _ : state) {
    const qualis::TopsisResult t = entropy_topsis(p);
    benchmark::DoNotOptimize(t.scores.data());
    benchmark::DoNotOptimize(t.ranks.data());
  }
  annotate(state, p.x);
}

// The same, keeping only the scores (TopsisOptions::store_matrices = false): what ranking a large population
// needs, without writing the normalised and weighted matrices.
qualis::TopsisResult entropy_topsis_scores(const Problem& p) {
  const qualis::WeightResult w = qualis::entropy_weights(p.x, p.directions);
  qualis::TopsisOptions options;
  options.store_matrices = false;
  return qualis::topsis(p.x, w.weights, p.directions, options);
}

void BM_EntropyTopsisScores(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  benchmark::DoNotOptimize(entropy_topsis_scores(p).scores.data());  // warm-up, untimed
  for (auto _ : state) {
    const qualis::TopsisResult t = entropy_topsis_scores(p);
    benchmark::DoNotOptimize(t.scores.data());
    benchmark::DoNotOptimize(t.ranks.data());
  }
  annotate(state, p.x);
}

// Min-max normalisation, the weighted arithmetic mean, then the ranks of the composite scores.
qualis::RankResult normalise_mean_rank(const Problem& p) {
  const qualis::NormalizeResult n = qualis::normalize(p.x, p.specs);
  const qualis::AggregateResult a = qualis::weighted_arithmetic_mean(n.values, p.weights);
  return qualis::rank(a.scores);
}

void BM_NormaliseMeanRank(benchmark::State& state) {
  const Problem& p = problem(state.range(0), state.range(1));
  benchmark::DoNotOptimize(normalise_mean_rank(p).ranks.data());  // warm-up, untimed
  for (auto _ : state) {
    const qualis::RankResult r = normalise_mean_rank(p);
    benchmark::DoNotOptimize(r.ranks.data());
  }
  annotate(state, p.x);
}

void sizes(benchmark::internal::Benchmark* b) {
  b->Args({100000, 50})->Args({1000000, 50})->UseRealTime()->MinTime(1.0)->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_StreamRead)->Apply(sizes);
BENCHMARK(BM_StreamCopy)->Apply(sizes);
BENCHMARK(BM_StreamCopyAlloc)->Apply(sizes);
BENCHMARK(BM_StreamLog)->Apply(sizes);
BENCHMARK(BM_EntropyTopsis)->Apply(sizes);
BENCHMARK(BM_EntropyTopsisScores)->Apply(sizes);
BENCHMARK(BM_NormaliseMeanRank)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
