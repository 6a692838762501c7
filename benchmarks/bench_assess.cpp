// Benchmark of `qualis assess`, the whole job from files to files, on a synthetic province: 10,000 clusters x 50
// indicators (5 dimensions of 10, every fifth indicator lower_is_better) x 10 yearly periods (2015..2024), two
// cohorts (the second, a quarter of the clusters, joining in 2018), about 2% of the active cells missing, the
// eleven-step assessments of every active cluster and period blended into the final score with share 0.2, fixed
// grade bands, ranks within cohorts, the diagnosis, and Mann-Kendall and Sen trends of the final score and of five
// key indicators. The files (model.json, a 5,000,000-row long data.csv, steps.csv) are generated once, from a
// seeded std::mt19937_64, into a temporary folder.
//
//   BM_AssessLoad     read and check the model, the data and the step files (load_assessment, cross-checks)
//   BM_AssessCompute  the pipeline, rank dynamics and trends (compute_assessment)
//   BM_AssessWrite    the CSV tables, results.json, the resolved model and report.html (write_assessment)
//   BM_Assess         the command itself, `qualis assess --model ... --out ... --force`
//   BM_UncertaintyHebei  10,000 replications of the uncertainty analysis of the shipped example
//                     (examples/hebei-26x: 35 clusters, the weights of every aggregate varied by up to +/- 25 %),
//                     without the one-at-a-time effects; the goal is under 1 s on 2 cores
//   BM_SensitivityHebei  the Sobol indices of the same example, 1,024 base samples (N (k + 2) evaluations)
//
//   cmake --preset release && cmake --build --preset release --target qualis_bench_assess
//   ./build/release/benchmarks/qualis_bench_assess --benchmark_repetitions=3
//
// Peak memory: with QUALIS_BENCH_PEAK set, the binary runs no benchmark; it writes the files, then runs the command
// once in this fresh process and prints the time of each stage and the peak resident set size
// (getrusage(RUSAGE_SELF).ru_maxrss) after each:
//
//   QUALIS_BENCH_PEAK=1 ./build/release/benchmarks/qualis_bench_assess
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <qualis/assessment/uncertainty.hpp>
#include <qualis/io/data_files.hpp>
#include <qualis/io/model_file.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "assess.hpp"
#include "tool.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int clusters = 10000;
constexpr int dimensions = 5;
constexpr int per_dimension = 10;
constexpr int first_year = 2015;
constexpr int years = 10;
constexpr int late_join = 2018;

std::string cluster_id(int c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "c%05d", c);
  return buf;
}

std::string indicator_id(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "i%02d", i);
  return buf;
}

// The synthetic province's files, written once per process.
struct Province {
  fs::path dir;
  std::string model;
  std::string out;

  Province() {
    dir = fs::temp_directory_path() / ("qualis-bench-assess-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    model = (dir / "model.json").string();
    out = (dir / "out").string();
    std::mt19937_64 gen(20261127);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 1.0);
    {
      std::ofstream m(model);
      m << "{\n\"qualis_model\": 1,\n\"title\": {\"zh\": \"模拟省份\", \"en\": \"Synthetic province\"},\n"
        << "\"description\": \"synthetic benchmark data\",\n\"data\": \"data.csv\",\n\"steps\": \"steps.csv\",\n"
        << "\"clusters\": [\n";
      for (int c = 0; c < clusters; ++c) {
        const bool late = c % 4 == 3;
        m << (c > 0 ? ",\n" : "") << "{\"id\": \"" << cluster_id(c) << "\", \"names\": {\"zh\": \"集群" << c
          << "\", \"en\": \"Cluster " << c << "\"}, \"region\": \"130000\", \"cohort\": \"" << (late ? "late" : "base")
          << "\", \"joined\": \"" << (late ? late_join : first_year) << "\"}";
      }
      m << "\n],\n\"framework\": {\"dimensions\": [";
      for (int d = 0; d < dimensions; ++d) {
        m << (d > 0 ? ", " : "") << "{\"id\": \"d" << d << "\", \"names\": {\"zh\": \"维度" << d
          << "\", \"en\": \"Dimension " << d << "\"}, \"weight\": " << (d + 1) << "}";
      }
      m << "],\n\"indicators\": [\n";
      for (int i = 0; i < dimensions * per_dimension; ++i) {
        m << (i > 0 ? ",\n" : "") << "{\"id\": \"" << indicator_id(i) << "\", \"names\": {\"zh\": \"指标" << i
          << "\", \"en\": \"Indicator " << i << "\"}, \"parent\": \"d" << i / per_dimension << "\", \"direction\": \""
          << (i % 5 == 4 ? "lower_is_better" : "higher_is_better") << "\", \"weight\": " << 1 + i % 3 << "}";
      }
      m << "\n]},\n\"model\": {\"steps\": {\"share\": 0.2}, \"ranking\": {\"within_cohort\": true, \"grades\": "
        << "\"fixed\", \"bands\": [{\"name\": \"A\", \"lower\": 80}, {\"name\": \"B\", \"lower\": 65}, "
        << "{\"name\": \"C\", \"lower\": 50}, {\"name\": \"D\"}]}, \"diagnosis\": {\"top\": 3}},\n"
        << "\"trend\": {\"methods\": [\"mk\", \"sen\"], \"indicators\": [\"i00\", \"i10\", \"i20\", \"i30\", "
           "\"i40\"]},\n"
        << "\"report\": {\"language\": \"en\", \"key_indicators\": [\"i00\", \"i10\", \"i20\", \"i30\"]}\n}\n";
    }
    {
      std::ofstream d(dir / "data.csv");
      d << "unit,indicator,period,value\n";
      std::vector<double> level(static_cast<std::size_t>(dimensions * per_dimension));
      for (int c = 0; c < clusters; ++c) {
        const int join = c % 4 == 3 ? late_join : first_year;
        for (auto& l : level) l = 50.0 + 20.0 * noise(gen);
        for (int y = join; y < first_year + years; ++y) {
          for (int i = 0; i < dimensions * per_dimension; ++i) {
            if (unit(gen) < 0.02) continue;
            const double v = level[static_cast<std::size_t>(i)] + 1.5 * (y - first_year) + 5.0 * noise(gen);
            d << cluster_id(c) << ',' << indicator_id(i) << ',' << y << ',' << static_cast<long>(v * 1000) / 1000.0
              << '\n';
          }
        }
      }
    }
    {
      std::ofstream s(dir / "steps.csv");
      s << "unit,period,step,level\n";
      static const char* const steps[] = {"plan",
                                          "industrial_chain",
                                          "leading_enterprises",
                                          "innovation",
                                          "certification",
                                          "benchmarking",
                                          "regional_brand",
                                          "anti_counterfeiting",
                                          "trading_platforms",
                                          "workforce",
                                          "international_cooperation"};
      for (int c = 0; c < clusters; ++c) {
        const int join = c % 4 == 3 ? late_join : first_year;
        for (int y = join; y < first_year + years; ++y) {
          for (const char* step : steps) {
            const int lvl = std::min(4, static_cast<int>((y - join) / 2 + unit(gen) * 2));
            s << cluster_id(c) << ',' << y << ',' << step << ',' << lvl << '\n';
          }
        }
      }
    }
  }
  Province(const Province&) = delete;
  Province& operator=(const Province&) = delete;
  ~Province() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const Province& province() {
  static const Province p;
  return p;
}

qualis_tool::LoadedAssessment load(const Province& p) {
  qualis::Problems problems;
  qualis_tool::LoadedAssessment loaded = qualis_tool::load_assessment({p.model, {}, {}}, problems);
  qualis_tool::check_assessment(loaded, problems, false);
  if (!problems.empty()) {
    throw std::runtime_error("bench_assess: the synthetic province has problems: " + problems.list()[0].to_string());
  }
  return loaded;
}

void BM_AssessLoad(benchmark::State& state) {
  const Province& p = province();
  for (auto _ : state) benchmark::DoNotOptimize(load(p));
}

void BM_AssessCompute(benchmark::State& state) {
  const qualis_tool::LoadedAssessment loaded = load(province());
  for (auto _ : state) benchmark::DoNotOptimize(qualis_tool::compute_assessment(loaded));
}

void BM_AssessWrite(benchmark::State& state) {
  const Province& p = province();
  const qualis_tool::LoadedAssessment loaded = load(p);
  const qualis_tool::Assessment a = qualis_tool::compute_assessment(loaded);
  fs::create_directories(p.out);
  for (auto _ : state) qualis_tool::write_assessment(p.out, loaded, a);
}

void BM_Assess(benchmark::State& state) {
  const Province& p = province();
  for (auto _ : state) {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    if (qualis_tool::run({"assess", "--model", p.model, "--out", p.out, "--force"}, in, out, err) != 0) {
      state.SkipWithError(err.str().c_str());
      break;
    }
  }
}

// The shipped example, loaded once.
const qualis::Inputs& hebei(qualis::Model& model) {
  static qualis::Model m;
  static const qualis::Inputs in = [] {
    const std::string dir = std::string(QUALIS_BENCH_EXAMPLES_DIR) + "/hebei-26x/model.json";
    const qualis::ModelFile file = qualis::read_model_file(dir);
    const qualis::PanelFile data = qualis::read_panel_file(file.data);
    const qualis::StepsFile steps = qualis::read_steps_file(file.steps, file.step_framework);
    m = file.model;
    return qualis::make_inputs(file, data.panel, qualis::StepAssessmentSet(file.step_framework, steps.assessments));
  }();
  model = m;
  return in;
}

void BM_UncertaintyHebei(benchmark::State& state) {
  qualis::Model model;
  const qualis::Inputs& in = hebei(model);
  model.uncertainty.replications = 10000;
  model.uncertainty.one_at_a_time = 0;
  for (auto _ : state) benchmark::DoNotOptimize(qualis::analyse_uncertainty(model, in));
  state.counters["replications"] = 10000;
}

void BM_SensitivityHebei(benchmark::State& state) {
  qualis::Model model;
  const qualis::Inputs& in = hebei(model);
  model.uncertainty.sensitivity_samples = 1024;
  std::size_t evaluations = 0;
  for (auto _ : state) {
    const qualis::SensitivityResult s = qualis::analyse_sensitivity(model, in);
    evaluations = s.indices.evaluations;
  }
  state.counters["evaluations"] = static_cast<double>(evaluations);
}

BENCHMARK(BM_UncertaintyHebei)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_SensitivityHebei)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_AssessLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_AssessCompute)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_AssessWrite)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_Assess)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

double peak_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

int peak_run() {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  const Province& p = province();
  const auto seconds = [&t0] {
    const auto t1 = clock::now();
    const double s = std::chrono::duration<double>(t1 - t0).count();
    t0 = t1;
    return s;
  };
  std::printf("files written:    %7.2f s  peak RSS %7.1f MiB  (%s)\n", seconds(), peak_mib(), p.dir.c_str());
  const qualis_tool::LoadedAssessment loaded = load(p);
  std::printf("loaded, checked:  %7.2f s  peak RSS %7.1f MiB\n", seconds(), peak_mib());
  const qualis_tool::Assessment a = qualis_tool::compute_assessment(loaded);
  std::printf("computed:         %7.2f s  peak RSS %7.1f MiB\n", seconds(), peak_mib());
  qualis_tool::write_folder_atomically(p.out, true,
                                       [&](const std::string& dir) { qualis_tool::write_assessment(dir, loaded, a); });
  std::printf("outputs written:  %7.2f s  peak RSS %7.1f MiB\n", seconds(), peak_mib());
  for (const auto& f : qualis_tool::assessment_outputs()) {
    std::printf("  %-14s %9.1f MiB\n", f.c_str(), static_cast<double>(fs::file_size(fs::path(p.out) / f)) / 1048576.0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("QUALIS_BENCH_PEAK") != nullptr) return peak_run();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
