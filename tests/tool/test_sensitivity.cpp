// qualis assess --uncertainty and qualis sensitivity on the shipped example (examples/hebei-26x).
//
// The tables are checked against the library run directly on the same files (analyse_uncertainty() and
// analyse_sensitivity() are tested against run() and analytic cases in tests/assessment/test_uncertainty.cpp),
// against the ranking the same command writes, and for reproducibility (seed, thread count).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <qualis/assessment/uncertainty.hpp>
#include <qualis/io/csv.hpp>
#include <qualis/io/data_files.hpp>
#include <qualis/io/model_file.hpp>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "support/threads.hpp"

namespace {

namespace fs = std::filesystem;
using qualis_cli_test::run_tool;
using qualis_cli_test::slurp;
using testing::HasSubstr;

const fs::path example = fs::path(QUALIS_TEST_DATA_DIR) / ".." / ".." / "examples" / "hebei-26x";

std::string fresh(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("qualis-test-sens-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p.string();
}

// A CSV file as rows of named fields.
std::vector<std::map<std::string, std::string>> table(const fs::path& path) {
  const qualis::CsvTable t = qualis::read_csv_file(path.string());
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& row : t.rows) {
    std::map<std::string, std::string> m;
    for (std::size_t c = 0; c < t.header.size(); ++c) m[t.header[c]] = row[c];
    out.push_back(std::move(m));
  }
  return out;
}

double number(const std::string& s) { return s.empty() ? std::nan("") : std::stod(s); }

TEST(AssessUncertainty, WritesRankIntervalsThatAgreeWithTheRanking) {
  const std::string out = fresh("assess");
  const auto r = run_tool(
      {"assess", "--model", (example / "model.json").string(), "--out", out, "--uncertainty", "300", "--seed", "5"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("uncertainty.csv choices.csv"));
  const auto u = table(fs::path(out) / "uncertainty.csv");
  const auto ranking = table(fs::path(out) / "ranking.csv");
  ASSERT_EQ(u.size(), 35U);
  std::map<std::string, double> rank2024;
  for (const auto& row : ranking) {
    if (row.at("period") == "2024") rank2024[row.at("unit")] = number(row.at("rank"));
  }
  for (const auto& row : u) {
    EXPECT_EQ(row.at("period"), "2024");
    const double nominal = number(row.at("nominal_rank"));
    EXPECT_EQ(nominal, rank2024.at(row.at("unit"))) << row.at("unit");
    EXPECT_LE(number(row.at("rank_low")), number(row.at("median_rank")));
    EXPECT_LE(number(row.at("median_rank")), number(row.at("rank_high")));
    EXPECT_EQ(row.at("scored"), "300");
    double grades = 0.0;
    for (const auto& [key, value] : row) {
      if (key.rfind("grade:", 0) == 0) grades += number(value);
    }
    EXPECT_NEAR(grades, 1.0, 1e-12) << row.at("unit");  // every scored cluster has a grade in the example
  }
  const auto choices = table(fs::path(out) / "choices.csv");
  ASSERT_FALSE(choices.empty());
  EXPECT_EQ(choices.front().at("factor"), "weights:composite");
  const std::string report = slurp(fs::path(out) / "report.html");
  EXPECT_THAT(report, HasSubstr("id=\"robustness\""));
  EXPECT_THAT(report, HasSubstr("How sure is the ranking?"));
  // The choices in words, in both languages: the weights of the "quality" dimension by its names.
  EXPECT_THAT(report, HasSubstr("<span class=\"zh\">权重：</span><span class=\"en\">Weights: </span><span "
                                "class=\"zh\">质量表现</span><span class=\"en\">Quality performance</span>"));
  EXPECT_THAT(report, HasSubstr("<span class=\"zh\">随机抽取</span><span class=\"en\">random draws</span>"));
  EXPECT_THAT(report, testing::Not(HasSubstr(">weights:quality<")));
  EXPECT_THAT(slurp(fs::path(out) / "results.json"), HasSubstr("\"uncertainty\": {"));
  fs::remove_all(out);
}

TEST(AssessUncertainty, ZeroReplicationsWritesNoUncertaintyTables) {
  const std::string out = fresh("none");
  const auto r = run_tool({"assess", "--model", (example / "model.json").string(), "--out", out, "--uncertainty", "0"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(fs::exists(fs::path(out) / "uncertainty.csv"));
  EXPECT_FALSE(fs::exists(fs::path(out) / "choices.csv"));
  EXPECT_THAT(slurp(fs::path(out) / "report.html"), testing::Not(HasSubstr("id=\"robustness\"")));
  fs::remove_all(out);
}

TEST(Sensitivity, TablesMatchTheLibraryAndAreReproducible) {
  const std::string a = fresh("a");
  const std::string b = fresh("b");
  const std::vector<std::string> base = {
      "sensitivity", "--model", (example / "model.json").string(), "--replications", "256", "--seed", "3"};
  auto args = base;
  args.insert(args.end(), {"--threads", "1", "--out", a});
  const auto r1 = run_tool(args);
  ASSERT_EQ(r1.code, 0) << r1.err;
  EXPECT_THAT(r1.out, HasSubstr("35 clusters in 2024"));
  args = base;
  args.insert(args.end(), {"--threads", "2", "--out", b});
  const auto r2 = run_tool(args);
  ASSERT_EQ(r2.code, 0) << r2.err;
  for (const char* f : {"uncertainty.csv", "choices.csv", "sensitivity.csv", "sensitivity.json"}) {
    EXPECT_EQ(slurp(fs::path(a) / f), slurp(fs::path(b) / f)) << f << " differs between 1 and 2 threads";
  }
  // The library on the same files and settings.
  const qualis::ModelFile m = qualis::read_model_file((example / "model.json").string());
  const qualis::PanelFile data = qualis::read_panel_file(m.data);
  const qualis::StepsFile steps = qualis::read_steps_file(m.steps, m.step_framework);
  const qualis::Inputs in =
      qualis::make_inputs(m, data.panel, qualis::StepAssessmentSet(m.step_framework, steps.assessments));
  qualis::Model model = m.model;
  model.uncertainty.replications = 256;
  model.uncertainty.sensitivity_samples = 256;
  model.uncertainty.seed = 3;
  const qualis::SensitivityResult s = qualis::analyse_sensitivity(model, in);
  const auto rows = table(fs::path(a) / "sensitivity.csv");
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(s.indices.first.rows()) * s.indices.factors.size());
  EXPECT_EQ(rows.front().at("output"), "ranking");
  for (std::size_t f = 0; f < s.indices.factors.size(); ++f) {
    const auto& row = rows[f];
    EXPECT_EQ(row.at("factor"), s.indices.factors[f]);
    EXPECT_NEAR(number(row.at("total")), s.indices.total(0, static_cast<Eigen::Index>(f)), 1e-9);
    EXPECT_NEAR(number(row.at("first")), s.indices.first(0, static_cast<Eigen::Index>(f)), 1e-9);
  }
  const qualis::UncertaintyResult u = qualis::analyse_uncertainty(model, in);
  const auto urows = table(fs::path(a) / "uncertainty.csv");
  ASSERT_EQ(urows.size(), u.units.size());
  for (std::size_t k = 0; k < u.units.size(); ++k) {
    EXPECT_EQ(urows[k].at("unit"), u.units[k].unit);
    EXPECT_NEAR(number(urows[k].at("mean_abs_shift")), u.units[k].mean_abs_shift, 1e-9);
    EXPECT_EQ(number(urows[k].at("rank_high")), u.units[k].rank_high);
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(Sensitivity, BadSettingsAreReported) {
  const std::string out = fresh("bad");
  const auto r =
      run_tool({"sensitivity", "--model", (example / "model.json").string(), "--replications", "1", "--out", out});
  EXPECT_EQ(r.code, 2) << r.err;  // a command-line error: at least 2
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
