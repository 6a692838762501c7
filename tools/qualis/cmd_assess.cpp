// qualis assess, qualis validate and qualis demo: the whole assessment from a model file and its data.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <qualis/detail/text.hpp>
#include <qualis/error.hpp>
#include <system_error>

#include "assess.hpp"
#include "counted.hpp"
#include "tool.hpp"
#include "uncertainty_tables.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace qualis_tool {

namespace fs = std::filesystem;

namespace {

struct AssessArgs {
  AssessmentFiles files;
  std::string out;
  bool force = false;
  std::string format = "text";
  UncertaintyOverride uncertainty;
  std::optional<int> threads;
  // Command-line values, moved into `uncertainty` and `threads` when given.
  std::size_t replications_value = 0;
  std::uint64_t seed_value = 0;
  int threads_value = 1;
};

// Moves the uncertainty options that were given on the command line into the overrides.
void take_options(AssessArgs& a, const CLI::Option* replications, const CLI::Option* seed, const CLI::Option* threads) {
  if (replications != nullptr && replications->count() > 0) a.uncertainty.replications = a.replications_value;
  if (seed != nullptr && seed->count() > 0) a.uncertainty.seed = a.seed_value;
  if (threads != nullptr && threads->count() > 0) a.threads = a.threads_value;
}

// --threads: the number of OpenMP threads (results do not depend on it).
void set_threads(const std::optional<int>& threads) {
#ifdef _OPENMP
  if (threads) omp_set_num_threads(*threads);
#else
  (void)threads;
#endif
}

// "file:line:column: [code] id: message" (position parts and the id only when known; the id is not repeated when
// the message already starts with it, as the library's messages of a record often do).
std::string problem_line(const qualis::Problem& p) {
  std::string out = p.file;
  if (p.line > 0) {
    out += ':' + std::to_string(p.line);
    if (p.column > 0) out += ':' + std::to_string(p.column);
  }
  out += ": [";
  out += qualis::to_string(p.code);
  out += "] ";
  if (!p.id.empty() && p.message.compare(0, p.id.size() + 2, p.id + ": ") != 0) out += p.id + ": ";
  out += p.message;
  return out;
}

// A one-line progress bar redrawn in place on a terminal; nothing otherwise.
class ProgressBar {
 public:
  explicit ProgressBar(const Io& io) : err_(io.terminal ? io.err : nullptr) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { finish(); }

  Progress stage(const std::string& phase) {
    if (err_ == nullptr) return {};
    return [this, phase](std::size_t done, std::size_t total, const std::string& what) {
      constexpr std::size_t width = 30;
      const std::size_t filled = total == 0 ? width : std::min(width, done * width / total);
      *err_ << "\r\x1b[2K" << phase << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
            << done << '/' << total << ' ' << what << std::flush;
      drawn_ = true;
    };
  }

  void finish() {
    if (err_ != nullptr && drawn_) *err_ << "\r\x1b[2K" << std::flush;
    drawn_ = false;
  }

 private:
  std::ostream* err_;
  bool drawn_ = false;
};

// Prints the problems to stderr (or as JSON to stdout) and returns the exit code: 0 without problems.
int report_problems(const qualis::Problems& problems, const Io& io, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& p : problems.list()) {
      list.push_back({{"file", p.file},
                      {"line", p.line},
                      {"column", p.column},
                      {"id", p.id},
                      {"code", qualis::to_string(p.code)},
                      {"message", p.message}});
    }
    *io.out << nlohmann::ordered_json{{"problems", list}}.dump(2) << '\n';
  } else {
    for (const auto& p : problems.list()) *io.err << problem_line(p) << '\n';
  }
  if (problems.empty()) return exit_ok;
  *io.err << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " found\n";
  return exit_data;
}

// The ranking of the latest period as a few lines for the terminal.
void print_summary(const Assessment& a, const std::string& dir, std::ostream& out) {
  const qualis::Result& r = a.result;
  out << "qualis assess: " << counted(r.units.size(), "cluster") << ", " << counted(r.periods.size(), "period");
  if (!r.periods.empty()) out << " (" << r.periods.front().to_string() << " to " << r.periods.back().to_string() << ')';
  out << '\n';
  if (!r.periods.empty()) {
    const std::size_t p = r.periods.size() - 1;
    const std::size_t s = r.scores.indicator_index(r.model.score_id);
    std::vector<std::pair<double, std::size_t>> order;
    for (std::size_t u = 0; u < r.units.size(); ++u) {
      const double rank = r.ranks.value(u, s, p);
      if (!std::isnan(rank)) order.emplace_back(rank, u);
    }
    std::sort(order.begin(), order.end());
    out << "top of " << r.periods[p].to_string() << ":\n";
    for (std::size_t k = 0; k < order.size() && k < 5; ++k) {
      const std::size_t u = order[k].second;
      const qualis::Cluster* c = a.inputs.clusters.find(r.units[u]);
      out << "  " << qualis::format_number(order[k].first) << ". " << r.units[u];
      if (c != nullptr && !c->names.preferred().empty()) out << ' ' << c->names.preferred();
      out << "  " << qualis::format_number(std::round(r.scores.value(u, s, p) * 100.0) / 100.0) << '\n';
    }
  }
  out << "outputs in " << dir << ":";
  for (const auto& f : assessment_outputs(a.uncertainty.has_value())) out << ' ' << f;
  out << "\nreport: " << (fs::path(dir) / "report.html").string() << '\n';
}

// Loads, checks cheaply, runs and writes; the problems are printed and end the command with exit code 1.
int assess(const AssessArgs& args, const Io& io) {
  qualis::Problems problems;
  const LoadedAssessment loaded = load_assessment(args.files, problems);
  check_assessment(loaded, problems, false);
  if (!problems.empty()) return report_problems(problems, io, "text");
  ProgressBar bar(io);
  std::optional<Assessment> a;
  try {
    set_threads(args.threads);
    a.emplace(compute_assessment(loaded, bar.stage("assess"), args.uncertainty));
  } catch (const qualis::Error& e) {
    bar.finish();
    problems.add(problem_of_error(loaded, e));
    return report_problems(problems, io, "text");
  }
  write_folder_atomically(args.out, args.force,
                          [&](const std::string& dir) { write_assessment(dir, loaded, *a, bar.stage("write")); });
  bar.finish();
  print_summary(*a, args.out, *io.out);
  return exit_ok;
}

// qualis sensitivity: loads and checks like assess, then runs both analyses and writes their tables.
int sensitivity(const AssessArgs& args, const Io& io) {
  qualis::Problems problems;
  const LoadedAssessment loaded = load_assessment(args.files, problems);
  check_assessment(loaded, problems, false);
  if (!problems.empty()) return report_problems(problems, io, "text");
  ProgressBar bar(io);
  qualis::Model model = loaded.model.model;
  model.uncertainty = uncertainty_settings(model, args.uncertainty);
  model.uncertainty.sensitivity_samples = model.uncertainty.replications;
  std::optional<qualis::UncertaintyResult> u;
  std::optional<qualis::SensitivityResult> s;
  std::optional<qualis::Inputs> inputs;
  try {
    set_threads(args.threads);
    std::optional<qualis::StepAssessmentSet> steps;
    if (loaded.steps) steps = qualis::StepAssessmentSet(loaded.model.step_framework, loaded.steps->assessments);
    inputs.emplace(qualis::make_inputs(loaded.model, loaded.data->panel, std::move(steps)));
    const Progress up = bar.stage("uncertainty");
    u.emplace(qualis::analyse_uncertainty(model, *inputs, [&](std::size_t done, std::size_t total) {
      if (up) up(done, total, "replications");
    }));
    const Progress sp = bar.stage("sensitivity");
    s.emplace(qualis::analyse_sensitivity(model, *inputs, [&](std::size_t done, std::size_t total) {
      if (sp) sp(done, total, "base samples");
    }));
  } catch (const qualis::Error& e) {
    bar.finish();
    problems.add(problem_of_error(loaded, e));
    return report_problems(problems, io, "text");
  }
  bar.finish();
  write_folder_atomically(args.out, args.force, [&](const std::string& dir) {
    const auto write = [&](const char* name, const std::function<void(std::ostream&)>& body) {
      const std::string path = (fs::path(dir) / name).string();
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      if (!out) throw qualis::IoError(path, "cannot be opened for writing");
      body(out);
      out.flush();
      if (!out) throw qualis::IoError(path, "could not be written");
    };
    write("uncertainty.csv", [&](std::ostream& out) { write_uncertainty_csv(out, *u, inputs->clusters); });
    write("choices.csv", [&](std::ostream& out) { write_choices_csv(out, *u); });
    write("sensitivity.csv", [&](std::ostream& out) { write_sensitivity_csv(out, *s); });
    write("sensitivity.json", [&](std::ostream& out) {
      const nlohmann::ordered_json j = {{"model_file", loaded.model.source},
                                        {"data_file", loaded.data_path},
                                        {"steps_file", loaded.steps_path},
                                        {"uncertainty", uncertainty_json(*u)},
                                        {"sensitivity", sensitivity_json(*s)}};
      out << j.dump(2) << '\n';
    });
  });
  *io.out << "qualis sensitivity: " << u->units.size() << " clusters in " << u->period.to_string() << ", "
          << u->factors.size() << " uncertain choices, " << u->replications << " replications, "
          << s->indices.evaluations << " evaluations of the Sobol design\n";
  *io.out << "mean absolute rank shift " << qualis::format_number(std::round(u->mean_abs_shift * 1000.0) / 1000.0)
          << "; total-order index on the ranking:";
  for (std::size_t f = 0; f < s->indices.factors.size(); ++f) {
    const double t = s->indices.total(0, static_cast<Eigen::Index>(f));
    *io.out << ' ' << s->indices.factors[f] << ' '
            << (std::isnan(t) ? std::string("-") : qualis::format_number(std::round(t * 1000.0) / 1000.0));
  }
  *io.out << "\noutputs in " << args.out << ": uncertainty.csv choices.csv sensitivity.csv sensitivity.json\n";
  return exit_ok;
}

// The shipped example's model file: next to an installed tool, else in the source tree.
std::string example_model() {
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / QUALIS_EXAMPLES_FROM_BIN / "hebei-26x" / "model.json");
  candidates.emplace_back(fs::path(QUALIS_SOURCE_EXAMPLES_DIR) / "hebei-26x" / "model.json");
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.lexically_normal().string();
  }
  std::string tried;
  for (const auto& c : candidates) tried += "\n  " + c.lexically_normal().string();
  throw qualis::IoError("qualis demo", "the shipped example is not installed; looked for:" + tried);
}

// A fresh folder for the demo's outputs under the system's temporary folder.
std::string fresh_folder() {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = fs::current_path();
  std::string pattern = (base / "qualis-demo-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw qualis::IoError(pattern, "cannot create a fresh folder for the demo's outputs");
  }
  return std::string(buffer.data());
}

void add_file_options(CLI::App& cmd, AssessmentFiles& files, bool model_required) {
  auto* model = cmd.add_option("--model,-M", files.model, "Model file (JSON): framework, clusters, every choice");
  if (model_required) model->required();
  cmd.add_option("--data,-d", files.data,
                 "Indicator data, long CSV unit,indicator,period,value or wide (unit,period,<indicators>); "
                 "default: the file the model names");
  cmd.add_option("--steps,-s", files.steps,
                 "Step assessments CSV unit,period,step,level[,evidence,assessor]; default: the file the model names");
}

}  // namespace

void add_assess_commands(CLI::App& app, Io& io, Result& result) {
  auto args = std::make_shared<AssessArgs>();
  CLI::App* assess_cmd = app.add_subcommand(
      "assess",
      "Run a whole assessment from a model file and its data: tables (CSV), results.json, the resolved model and "
      "report.html in --out");
  add_file_options(*assess_cmd, args->files, true);
  assess_cmd->add_option("--out,-o", args->out, "Output folder (created; must be empty unless --force)")->required();
  assess_cmd->add_flag("--force", args->force, "Replace the contents of a non-empty output folder");
  CLI::Option* reps = assess_cmd->add_option(
      "--uncertainty", args->replications_value,
      "Replications of the uncertainty analysis (rank intervals; the model's `uncertainty`); 0 = none; default: the "
      "model's (1000 unless it says otherwise)");
  CLI::Option* seed =
      assess_cmd->add_option("--seed", args->seed_value, "Seed of the uncertainty analysis; default: the model's");
  CLI::Option* threads =
      assess_cmd->add_option("--threads,-t", args->threads_value, "Threads (OpenMP); results do not depend on it")
          ->check(CLI::Range(1, 1024));
  assess_cmd->callback([args, reps, seed, threads, &io, &result] {
    take_options(*args, reps, seed, threads);
    result.exit_code = assess(*args, io);
  });

  auto sargs = std::make_shared<AssessArgs>();
  auto replications = std::make_shared<std::size_t>(1000);
  CLI::App* sens_cmd = app.add_subcommand(
      "sensitivity",
      "Uncertainty and sensitivity analysis alone: rank intervals (uncertainty.csv), the effect of each choice "
      "(choices.csv) and Sobol indices of each choice on the ranking and on every cluster (sensitivity.csv, "
      "sensitivity.json) in --out");
  add_file_options(*sens_cmd, sargs->files, true);
  sens_cmd
      ->add_option("--replications,-n", *replications,
                   "Monte Carlo replications, and base samples of the Sobol design (N (k + 2) evaluations)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{2}, std::size_t{100000000}));
  CLI::Option* sseed =
      sens_cmd->add_option("--seed", sargs->seed_value, "Seed of every draw; default: the model's (1)");
  CLI::Option* sthreads =
      sens_cmd->add_option("--threads,-t", sargs->threads_value, "Threads (OpenMP); results do not depend on it")
          ->check(CLI::Range(1, 1024));
  sens_cmd->add_option("--out,-o", sargs->out, "Output folder (created; must be empty unless --force)")->required();
  sens_cmd->add_flag("--force", sargs->force, "Replace the contents of a non-empty output folder");
  sens_cmd->callback([sargs, replications, sseed, sthreads, &io, &result] {
    take_options(*sargs, nullptr, sseed, sthreads);
    sargs->uncertainty.replications = *replications;
    result.exit_code = sensitivity(*sargs, io);
  });

  auto vargs = std::make_shared<AssessArgs>();
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check a model file and its data and step files: every problem with file:line:column and the id concerned; "
      "exit code 1 if there is any");
  add_file_options(*validate_cmd, vargs->files, true);
  validate_cmd->add_option("--format,-f", vargs->format, "Problem list as text (stderr) or json (stdout)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  validate_cmd->callback([vargs, &io, &result] {
    qualis::Problems problems;
    const LoadedAssessment loaded = load_assessment(vargs->files, problems);
    check_assessment(loaded, problems, true);
    result.exit_code = report_problems(problems, io, vargs->format);
    if (problems.empty() && vargs->format == "text") {
      *io.out << "ok: " << loaded.model.source << " (" << counted(loaded.model.clusters.size(), "cluster") << ", "
              << counted(loaded.model.framework->indicator_count(), "indicator") << "), " << loaded.data_path << " ("
              << counted(loaded.data->panel.unit_count(), "unit") << ", "
              << counted(loaded.data->panel.period_count(), "period") << ')';
      if (loaded.steps) {
        *io.out << ", " << loaded.steps_path << " (" << counted(loaded.steps->assessments.size(), "step assessment")
                << ')';
      }
      *io.out << '\n';
    }
  });

  auto dargs = std::make_shared<AssessArgs>();
  CLI::App* demo_cmd = app.add_subcommand(
      "demo",
      "Run the shipped example (35 Hebei 26+X clusters, synthetic values) end to end and print where the report is");
  demo_cmd->add_option("--out,-o", dargs->out, "Output folder; default: a fresh folder under the temporary folder");
  demo_cmd->add_flag("--force", dargs->force, "Replace the contents of a non-empty output folder");
  demo_cmd->callback([dargs, &io, &result] {
    AssessArgs a = *dargs;
    a.files.model = example_model();
    if (a.out.empty()) {
      a.out = fresh_folder();
    }
    *io.out << "qualis demo: the shipped example " << a.files.model << '\n';
    result.exit_code = assess(a, io);
  });
}

}  // namespace qualis_tool
