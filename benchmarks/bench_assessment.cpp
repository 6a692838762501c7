// Benchmarks of the whole assessment pipeline, qualis::run(), on a synthetic province: 10,000 clusters x 50
// indicators x 10 yearly periods (2015..2024), a three-level framework (composite -> 5 dimensions -> 2
// sub-dimensions each -> 5 indicators each, the fifth of every sub-dimension lower_is_better), two cohorts (the
// second, 25% of the clusters, joining in 2018, the fourth period) and about 2% of the active cells missing at
// random. Every number comes from a seeded std::mt19937_64, so the inputs are the same on every run.
//
//   BM_StreamPanel  the floor: one pass copying the panel's 5,000,000 doubles into a matrix whose pages are
//                   already touched, columns in parallel (as BM_StreamCopy of bench_score.cpp). Quote the
//                   others as a multiple of it.
//   BM_Run          the default Model: screening, outlier treatment, min-max normalisation, aggregation, ranks
//                   overall and within cohorts, diagnosis, and the audit of every period.
//   BM_RunLean      the same without the diagnosis and the audit (AuditScope::none), to separate their cost.
//   BM_RunSteps     the default Model with eleven-step assessments of every active cluster in every period
//                   (eleven_step_method()) blended into the final score with share 0.2.
//   BM_Uncertainty  1,000 replications of the uncertainty analysis (analyse_uncertainty(): the weights of every
//                   aggregate varied by up to +/- 25 %) of the last period, on the lean model; it includes the
//                   one lean run() that prepares the data, and no one-at-a-time effects.
//
// The inputs are built once, outside the timed loop (and the first run() of each benchmark is an untimed
// warm-up); the Result is destroyed outside the timed region too, so the times are those of run() alone.
// Times are wall-clock (UseRealTime); OMP_NUM_THREADS chooses the threads. As for bench_score, run with
// MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=17179869184 so that glibc recycles large blocks:
//
//   cmake --preset release && cmake --build --preset release --target qualis_bench_assessment
//   OMP_NUM_THREADS=2 ./build/release/benchmarks/qualis_bench_assessment --benchmark_repetitions=3
//
// (add --benchmark_report_aggregates_only=true to print only the mean, median and spread). Built by hand rather
// than with CMake, pass Eigen as -isystem /usr/include/eigen3, as CMake does for the imported Eigen target: with
// -I, GCC 12 at -O2 stops on false -Wmaybe-uninitialized warnings inside Eigen's own headers.
//
// Peak memory: with QUALIS_BENCH_PEAK set, the binary runs no benchmark; it builds the inputs, runs run() once
// and prints the peak resident set size (getrusage(RUSAGE_SELF).ru_maxrss, a high-water mark) after building
// the inputs and after run(), then exits; it also prints the time of that one cold run(), which pays for first
// touching every page the Result and the temporaries use and so can be several times the benchmark's (warm)
// time. Run it in a fresh process for each variant:
//
//   QUALIS_BENCH_PEAK=1 ./qualis_bench_assessment       (the default Model, as BM_Run; also "default")
//   QUALIS_BENCH_PEAK=lean ./qualis_bench_assessment    (as BM_RunLean)
//   QUALIS_BENCH_PEAK=steps ./qualis_bench_assessment   (as BM_RunSteps; its inputs are a second copy of the
//                                                        panel plus the steps, so its "inputs" line is higher)
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "qualis/assessment/model.hpp"
#include "qualis/assessment/run.hpp"
#include "qualis/assessment/uncertainty.hpp"
#include "qualis/detail/parallel.hpp"

namespace {

constexpr std::uint64_t seed = 20240611;
constexpr std::size_t unit_count = 10000;
constexpr std::size_t x_cohort_start = 7500;  // clusters 7500..9999 form the second cohort (25%)
constexpr int first_year = 2015;
constexpr int period_count = 10;
constexpr int x_join_year = 2018;  // the fourth period
constexpr int dimension_count = 5;
constexpr int sub_dimension_count = 2;  // per dimension
constexpr int indicators_per_sub = 5;   // per sub-dimension
constexpr double missing_share = 0.02;  // of the active cells

std::string padded(std::size_t k, int width) {
  std::string s = std::to_string(k);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// d1 .. d5 under the root, d1a d1b under d1, indicators d1a_1 .. d1a_5 under d1a; the fifth indicator of every
// sub-dimension is a cost (lower_is_better). Sibling weights vary a little so that weights are not all equal.
qualis::Framework make_framework() {
  std::vector<qualis::Dimension> dims;
  std::vector<qualis::Indicator> inds;
  for (int d = 1; d <= dimension_count; ++d) {
    qualis::Dimension dim;
    dim.id = "d" + std::to_string(d);
    dim.weight = 1.0 + 0.25 * (d % 3);
    dims.push_back(dim);
    for (int s = 0; s < sub_dimension_count; ++s) {
      qualis::Dimension sub;
      sub.id = dim.id + static_cast<char>('a' + s);
      sub.parent = dim.id;
      sub.weight = s == 0 ? 0.6 : 0.4;
      dims.push_back(sub);
      for (int k = 1; k <= indicators_per_sub; ++k) {
        qualis::Indicator ind;
        ind.id = sub.id + "_" + std::to_string(k);
        ind.parent = sub.id;
        ind.direction =
            k == indicators_per_sub ? qualis::Direction::lower_is_better : qualis::Direction::higher_is_better;
        ind.weight = 1.0 + 0.1 * k;
        inds.push_back(ind);
      }
    }
  }
  return qualis::Framework(std::move(dims), std::move(inds));
}

// Values: a latent quality q of each cluster (standard normal) raises its benefit indicators and lowers its
// costs, a common trend of 2% a year lifts every level, and the indicators differ in scale and shape (every
// fifth lognormal, so heavily skewed and treated as outliers; every fifth gamma; the rest normal).
qualis::Inputs make_inputs() {
  qualis::Framework framework = make_framework();
  const std::vector<std::string>& ind_ids = framework.indicator_ids();
  const std::vector<qualis::Indicator>& inds = framework.indicators();
  const std::size_t I = ind_ids.size();

  std::vector<qualis::Period> periods;
  for (int y = first_year; y < first_year + period_count; ++y) periods.push_back(qualis::Period::annual(y));
  std::vector<std::string> unit_ids;
  std::vector<qualis::Cluster> clusters;
  for (std::size_t u = 0; u < unit_count; ++u) {
    qualis::Cluster c;
    c.id = "c" + padded(u, 5);
    c.region = "1306" + padded(u % 25, 2);
    const bool x = u >= x_cohort_start;
    c.cohort = x ? "x-2018" : "base-2015";
    c.joined = qualis::Period::annual(x ? x_join_year : first_year);
    unit_ids.push_back(c.id);
    clusters.push_back(std::move(c));
  }
  qualis::Panel panel(unit_ids, ind_ids, periods);

  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> quality(unit_count);
  for (double& q : quality) q = normal(engine);
  const auto indicator_value = [&](std::size_t i, double q, int t) {
    const double scale = 1.0 + static_cast<double>(i % 7) * 10.0;
    const double sign = inds[i].direction == qualis::Direction::lower_is_better ? -1.0 : 1.0;
    const double level = scale * std::exp(0.3 * sign * q + 0.02 * t);
    switch (i % 5) {
      case 0:
        return level * std::exp(normal(engine));  // lognormal
      case 1: {
        std::gamma_distribution<double> gamma(2.0, 0.5);
        return level * gamma(engine);
      }
      default:
        return level * std::max(0.01, 1.0 + 0.2 * normal(engine));
    }
  };
  Eigen::MatrixXd m(static_cast<Eigen::Index>(unit_count), static_cast<Eigen::Index>(I));
  for (int t = 0; t < period_count; ++t) {
    const int year = first_year + t;
    for (std::size_t u = 0; u < unit_count; ++u) {
      const bool active = u < x_cohort_start || year >= x_join_year;
      for (std::size_t i = 0; i < I; ++i) {
        double v = std::nan("");
        if (active && uniform(engine) >= missing_share) v = indicator_value(i, quality[u], t);
        m(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(i)) = v;
      }
    }
    panel.set_period_matrix(static_cast<std::size_t>(t), m);
  }
  return qualis::Inputs{std::move(framework), qualis::ClusterSet(std::move(clusters)), std::nullopt, std::move(panel),
                        std::nullopt};
}

const qualis::Inputs& province() {
  static const qualis::Inputs inputs = make_inputs();
  return inputs;
}

// Step assessments of every active cluster in every period, all eleven steps rated, levels 0..4 rising with the
// cluster's quality and with time. Built from their own engine, so that the panel does not depend on them.
qualis::Inputs make_inputs_with_steps() {
  const qualis::Inputs& base = province();
  std::mt19937_64 engine(seed + 1);
  std::normal_distribution<double> normal(0.0, 1.0);
  const qualis::StepFramework steps = qualis::eleven_step_method();
  std::vector<double> quality(unit_count);
  for (double& q : quality) q = normal(engine);
  std::vector<qualis::StepAssessment> assessments;
  for (int year = first_year; year < first_year + period_count; ++year) {
    for (std::size_t u = 0; u < unit_count; ++u) {
      if (u >= x_cohort_start && year < x_join_year) continue;
      qualis::StepAssessment a;
      a.cluster = base.panel.units()[u];
      a.period = qualis::Period::annual(year);
      for (const qualis::Step& s : steps.steps()) {
        const double raw = 1.0 + quality[u] + 0.3 * (year - first_year) + normal(engine);
        const int level = static_cast<int>(std::lround(std::min(4.0, std::max(0.0, raw))));
        a.ratings.push_back(qualis::StepRating{s.id, level, {}});
      }
      assessments.push_back(std::move(a));
    }
  }
  qualis::Inputs out = base;
  out.steps = qualis::StepAssessmentSet(steps, std::move(assessments));
  return out;
}

const qualis::Inputs& province_with_steps() {
  static const qualis::Inputs inputs = make_inputs_with_steps();
  return inputs;
}

qualis::Model default_model() { return qualis::Model{}; }

qualis::Model lean_model() {
  qualis::Model m;
  m.diagnosis.enabled = false;
  m.audit.scope = qualis::AuditScope::none;
  return m;
}

qualis::Model steps_model() {
  qualis::Model m;
  m.steps.share = 0.2;
  return m;
}

void annotate(benchmark::State& state, const qualis::Panel& panel) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(panel.matrix().size()) * static_cast<std::int64_t>(sizeof(double)));
#ifdef _OPENMP
  state.counters["threads"] = omp_get_max_threads();
#else
  state.counters["threads"] = 1;
#endif
}

// The floor: copy every cell of the panel into a preallocated matrix whose pages are already touched, columns
// in parallel.
void BM_StreamPanel(benchmark::State& state) {
  const Eigen::MatrixXd& x = province().panel.matrix();
  // Not Zero(): the compiler may turn malloc + memset(0) into calloc, which leaves the pages untouched.
  Eigen::MatrixXd y = Eigen::MatrixXd::Constant(x.rows(), x.cols(), 1.0);
  for (auto _ : state) {
    qualis::detail::parallel_for(x.cols(), x.size(), [&](Eigen::Index j) { y.col(j) = x.col(j); });
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  annotate(state, province().panel);
}

// Times run(model, inputs); the Result is destroyed with the timer paused. `warmed` makes the untimed warm-up
// happen once per benchmark, not once per repetition.
void time_run(benchmark::State& state, const qualis::Model& model, const qualis::Inputs& inputs, bool& warmed) {
  if (!warmed) {
    benchmark::DoNotOptimize(qualis::run(model, inputs).scores.matrix().data());
    warmed = true;
  }
  for (auto _ : state) {
    std::optional<qualis::Result> r = qualis::run(model, inputs);
    benchmark::DoNotOptimize(r->scores.matrix().data());
    state.PauseTiming();
    r.reset();
    state.ResumeTiming();
  }
  annotate(state, inputs.panel);
}

void BM_Run(benchmark::State& state) {
  static bool warmed = false;
  const qualis::Inputs& inputs = province();
  time_run(state, default_model(), inputs, warmed);
}

void BM_RunLean(benchmark::State& state) {
  static bool warmed = false;
  const qualis::Inputs& inputs = province();
  time_run(state, lean_model(), inputs, warmed);
}

void BM_RunSteps(benchmark::State& state) {
  static bool warmed = false;
  const qualis::Inputs& inputs = province_with_steps();
  time_run(state, steps_model(), inputs, warmed);
}

void BM_Uncertainty(benchmark::State& state) {
  qualis::Model model = lean_model();
  model.uncertainty.replications = 1000;
  model.uncertainty.one_at_a_time = 0;
  for (auto _ : state) benchmark::DoNotOptimize(qualis::analyse_uncertainty(model, province()));
  state.counters["replications"] = 1000;
}

BENCHMARK(BM_StreamPanel)->UseRealTime()->MinTime(1.0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Run)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunLean)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunSteps)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Uncertainty)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);

double max_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// QUALIS_BENCH_PEAK mode (see the top of the file). Returns the exit status.
int peak_mode(const std::string& variant) {
  const bool steps = variant == "steps";
  const bool lean = variant == "lean";
  if (!steps && !lean && variant != "1" && variant != "default") {
    std::fprintf(stderr, "QUALIS_BENCH_PEAK must be 1, default, lean or steps, not \"%s\"\n", variant.c_str());
    return 2;
  }
  const double at_start = max_rss_mib();
  const qualis::Inputs& inputs = steps ? province_with_steps() : province();
  const double with_inputs = max_rss_mib();
  const qualis::Model model = steps ? steps_model() : lean ? lean_model() : default_model();
  const auto begin = std::chrono::steady_clock::now();
  const qualis::Result r = qualis::run(model, inputs);
  const auto end = std::chrono::steady_clock::now();
  const double after_run = max_rss_mib();
  const double panel_mib = static_cast<double>(inputs.panel.matrix().size()) * sizeof(double) / (1024.0 * 1024.0);
  std::printf("variant %s: panel %.1f MiB\n", steps ? "steps" : lean ? "lean" : "default", panel_mib);
  std::printf("peak RSS (ru_maxrss): start %.1f MiB, after building the inputs %.1f MiB, after run() %.1f MiB\n",
              at_start, with_inputs, after_run);
  std::printf("run() took %.0f ms (one cold run)\n", std::chrono::duration<double, std::milli>(end - begin).count());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (const char* peak = std::getenv("QUALIS_BENCH_PEAK")) return peak_mode(peak);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
