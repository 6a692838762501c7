// qualis assess, validate and demo on the shipped example (examples/hebei-26x) and on broken copies of it.
//
// The numbers are checked three ways: against the example's documented facts (generate.py: 26 clusters of the
// 2019 cohort, 9 of 2021, the published 2020 totals 8453 亿元 revenue and 465 亿元 profit), by recomputing
// outputs from other outputs independently (composite = weighted sum of the dimensions with the weights of
// weights.csv, final score = 0.8 composite + 0.2 step index, grades from the fixed bands, rank changes and
// "score up and rank up" from the ranks and scores), and against a golden copy of ranking.csv
// (tests/data/golden/hebei-26x/ranking.csv) that guards the whole chain against unnoticed change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <qualis/io/csv.hpp>
#include <qualis/io/data_files.hpp>
#include <qualis/io/model_file.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "assess.hpp"
#include "tool/cli_support.hpp"

namespace {

using qualis_cli_test::run_tool;
using qualis_cli_test::ToolRun;
namespace fs = std::filesystem;

const fs::path example_dir = fs::path(QUALIS_TEST_DATA_DIR) / ".." / ".." / "examples" / "hebei-26x";
const fs::path golden_dir = fs::path(QUALIS_TEST_DATA_DIR) / "golden" / "hebei-26x";

// A fresh, empty folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "qualis-test-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = buffer.data();
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::string str(const std::string& name = {}) const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The table of a CSV output as rows of column -> field.
struct Table {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};

Table read_table(const fs::path& p) {
  const qualis::CsvTable t = qualis::read_csv_file(p.string());
  Table out;
  out.header = t.header;
  for (const auto& r : t.rows) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < t.header.size(); ++c) row[t.header[c]] = r[c];
    out.rows.push_back(std::move(row));
  }
  return out;
}

double num(const std::string& text) { return text.empty() ? NAN : std::stod(text); }

// One run of `qualis assess` on the unchanged example, shared by the tests that only read its outputs.
class ExampleAssessment : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    out_ = dir_->str("out");
    run_ = new ToolRun(run_tool({"assess", "--model", (example_dir / "model.json").string(), "--out", out_}));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete dir_;
  }
  static TempDir* dir_;
  static std::string out_;
  static ToolRun* run_;
};
TempDir* ExampleAssessment::dir_ = nullptr;
std::string ExampleAssessment::out_;
ToolRun* ExampleAssessment::run_ = nullptr;

TEST_F(ExampleAssessment, WritesEveryOutput) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  EXPECT_NE(run_->out.find("35 clusters, 6 periods (2019 to 2024)"), std::string::npos) << run_->out;
  EXPECT_NE(run_->out.find("report: "), std::string::npos);
  for (const std::string& f : qualis_tool::assessment_outputs()) {
    ASSERT_TRUE(fs::is_regular_file(fs::path(out_) / f)) << f;
    EXPECT_GT(fs::file_size(fs::path(out_) / f), 100U) << f;
  }
  // Nothing else: no staging folder left next to the output.
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir_->path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1U);
}

TEST_F(ExampleAssessment, ExampleDataMatchThePublishedTotalsOf2020) {
  // generate.py scales the synthetic values so that the 2020 sums are the published figures:
  // operating revenue 8453 亿元 (845.3 billion yuan) and profit 465 亿元 across the 26 clusters of that year.
  const qualis::PanelFile data = qualis::read_panel_file((example_dir / "data.csv").string());
  const qualis::Period y2020 = qualis::Period::parse("2020");
  double revenue = 0.0;
  double profit = 0.0;
  std::size_t reporting = 0;
  for (const std::string& u : data.panel.units()) {
    const double r = data.panel.value(u, "revenue", y2020);
    if (std::isnan(r)) continue;
    ++reporting;
    revenue += r;
    profit += data.panel.value(u, "profit", y2020);
  }
  EXPECT_EQ(reporting, 26U);
  EXPECT_NEAR(revenue, 8453.0, 1e-9 * 8453.0);
  EXPECT_NEAR(profit, 465.0, 1e-9 * 465.0);
}

TEST_F(ExampleAssessment, RankingCoversEveryClusterAndPeriodWithItsCohort) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const Table t = read_table(fs::path(out_) / "ranking.csv");
  ASSERT_EQ(t.rows.size(), 35U * 6U);
  std::map<std::string, std::set<std::string>> cohorts;
  std::map<std::string, std::vector<double>> ranks_by_period;
  for (const auto& r : t.rows) {
    cohorts[r.at("cohort")].insert(r.at("unit"));
    const bool late = r.at("cohort") == "X";
    const bool early_period = r.at("period") == "2019" || r.at("period") == "2020";
    if (late && early_period) {
      EXPECT_EQ(r.at("state"), "inactive") << r.at("unit") << " " << r.at("period");
      EXPECT_TRUE(r.at("rank").empty());
    } else {
      EXPECT_EQ(r.at("state"), "scored") << r.at("unit") << " " << r.at("period");
      ranks_by_period[r.at("period")].push_back(num(r.at("rank")));
    }
    EXPECT_FALSE(r.at("name_zh").empty());
  }
  EXPECT_EQ(cohorts["2019"].size(), 26U);
  EXPECT_EQ(cohorts["X"].size(), 9U);
  // The ranks of each period are 1..n (no ties in the example).
  for (auto& [period, ranks] : ranks_by_period) {
    std::sort(ranks.begin(), ranks.end());
    const std::size_t n = period == "2019" || period == "2020" ? 26 : 35;
    ASSERT_EQ(ranks.size(), n) << period;
    for (std::size_t k = 0; k < n; ++k) EXPECT_EQ(ranks[k], static_cast<double>(k + 1)) << period;
  }
}

TEST_F(ExampleAssessment, FinalScoreBlendsCompositeAndStepIndexAndGradesFollowTheBands) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const Table t = read_table(fs::path(out_) / "ranking.csv");
  std::size_t checked = 0;
  for (const auto& r : t.rows) {
    if (r.at("state") != "scored") continue;
    const double score = num(r.at("score"));
    // The model's steps.share is 0.2: score = 0.8 composite + 0.2 step index.
    EXPECT_NEAR(score, 0.8 * num(r.at("composite")) + 0.2 * num(r.at("step_index")), 1e-9 * 100);
    // Fixed bands A >= 80, B >= 65, C >= 50, D below.
    const std::string expected = score >= 80 ? "A" : score >= 65 ? "B" : score >= 50 ? "C" : "D";
    EXPECT_EQ(r.at("grade"), expected) << r.at("unit") << " " << r.at("period") << " " << score;
    ++checked;
  }
  EXPECT_EQ(checked, 26U * 2 + 35U * 4);
}

TEST_F(ExampleAssessment, CompositeIsTheWeightedSumOfTheDimensions) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const Table weights = read_table(fs::path(out_) / "weights.csv");
  const Table scores = read_table(fs::path(out_) / "scores.csv");
  // The composite's weights over the dimensions (framework weights: the same for every period).
  std::map<std::string, double> w;
  for (const auto& r : weights.rows) {
    if (r.at("node") == "composite") w[r.at("child")] = num(r.at("weight"));
  }
  ASSERT_EQ(w.size(), 6U);
  double total = 0.0;
  for (const auto& [id, v] : w) total += v;
  EXPECT_NEAR(total, 1.0, 1e-12);
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> cell;  // (unit, period) -> node
  for (const auto& r : scores.rows) cell[{r.at("unit"), r.at("period")}][r.at("node")] = num(r.at("score"));
  std::size_t checked = 0;
  for (const auto& [key, nodes] : cell) {
    const double composite = nodes.at("composite");
    if (std::isnan(composite)) continue;
    double sum = 0.0;
    for (const auto& [id, v] : w) sum += v * nodes.at(id);
    EXPECT_NEAR(composite, sum, 1e-9 * 100) << key.first << " " << key.second;
    ++checked;
  }
  EXPECT_EQ(checked, 26U * 2 + 35U * 4);
}

TEST_F(ExampleAssessment, RankChangesAndStreaksFollowFromRanksAndScores) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const Table t = read_table(fs::path(out_) / "ranking.csv");
  std::map<std::string, std::map<std::string, const std::map<std::string, std::string>*>> by_unit;
  for (const auto& r : t.rows) by_unit[r.at("unit")][r.at("period")] = &r;
  const std::vector<std::string> years = {"2019", "2020", "2021", "2022", "2023", "2024"};
  std::size_t advances = 0;
  for (const auto& [unit, rows] : by_unit) {
    std::size_t streak = 0;
    std::size_t longest = 0;
    for (std::size_t k = 0; k < years.size(); ++k) {
      const auto& r = *rows.at(years[k]);
      if (k == 0 || r.at("rank").empty() || rows.at(years[k - 1])->at("rank").empty()) {
        EXPECT_TRUE(r.at("rank_change").empty()) << unit << " " << years[k];
        EXPECT_TRUE(r.at("advance").empty()) << unit << " " << years[k];
        streak = 0;
      } else {
        const auto& prev = *rows.at(years[k - 1]);
        const double change = num(prev.at("rank")) - num(r.at("rank"));
        EXPECT_EQ(num(r.at("rank_change")), change) << unit << " " << years[k];
        const double score_change = num(r.at("score")) - num(prev.at("score"));
        EXPECT_NEAR(num(r.at("score_change")), score_change, 1e-9 * 100);
        // 增比进位: the score rose and the rank rose.
        const bool advance = score_change > 0 && change > 0;
        EXPECT_EQ(r.at("advance"), advance ? "1" : "0") << unit << " " << years[k];
        streak = advance ? streak + 1 : 0;
        advances += advance ? 1 : 0;
      }
      longest = std::max(longest, streak);
      EXPECT_EQ(r.at("streak"), std::to_string(streak)) << unit << " " << years[k];
    }
    EXPECT_EQ(rows.at("2024")->at("longest_streak"), std::to_string(longest)) << unit;
  }
  EXPECT_GT(advances, 0U);
}

TEST_F(ExampleAssessment, RankingMatchesTheGoldenCopy) {
  // To renew after a deliberate change of the example or a method: run `qualis assess` on the example and copy
  // its ranking.csv to tests/data/golden/hebei-26x/ranking.csv (and say why in the commit).
  ASSERT_EQ(run_->code, 0) << run_->err;
  const qualis::CsvTable got = qualis::read_csv_file((fs::path(out_) / "ranking.csv").string());
  const qualis::CsvTable want = qualis::read_csv_file((golden_dir / "ranking.csv").string());
  ASSERT_EQ(got.header, want.header);
  ASSERT_EQ(got.rows.size(), want.rows.size());
  for (std::size_t r = 0; r < got.rows.size(); ++r) {
    for (std::size_t c = 0; c < got.header.size(); ++c) {
      const std::string& g = got.rows[r][c];
      const std::string& w = want.rows[r][c];
      char* end = nullptr;
      const double wv = std::strtod(w.c_str(), &end);
      if (!w.empty() && end != nullptr && *end == '\0') {
        EXPECT_NEAR(num(g), wv, 1e-9 * std::max(1.0, std::abs(wv))) << "row " << r + 2 << ", column " << got.header[c];
      } else {
        EXPECT_EQ(g, w) << "row " << r + 2 << ", column " << got.header[c];
      }
    }
  }
}

TEST_F(ExampleAssessment, TrendsCoverTheScoreAndTheKeyIndicatorsOfEveryCluster) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const Table t = read_table(fs::path(out_) / "trends.csv");
  // mk and sen on the final score (35 units) and on the model's five trend indicators (35 x 5).
  EXPECT_EQ(t.rows.size(), 2U * (35U + 35U * 5U));
  std::map<std::string, std::size_t> per_series;
  for (const auto& r : t.rows) ++per_series[r.at("series") + "/" + r.at("method")];
  EXPECT_EQ(per_series["score/mk"], 35U);
  EXPECT_EQ(per_series["pass_rate/sen"], 35U);
  // dz-sports (cohort 2019) has 6 scored years: n = 6 for its score series.
  for (const auto& r : t.rows) {
    if (r.at("series") == "score" && r.at("unit") == "dz-sports") {
      EXPECT_EQ(r.at("n"), "6");
    }
  }
}

TEST_F(ExampleAssessment, ResultsJsonHoldsTheTablesAndTheModelFileReadsBack) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const nlohmann::json j = nlohmann::json::parse(slurp(fs::path(out_) / "results.json"));
  ASSERT_EQ(j.at("periods").size(), 6U);
  ASSERT_EQ(j.at("units").size(), 35U);
  const std::size_t nodes = j.at("nodes").size();
  EXPECT_EQ(nodes, 3U + 6U + 30U);  // score, composite, step index, 6 dimensions, 30 indicators
  ASSERT_EQ(j.at("scores").size(), 6U);
  ASSERT_EQ(j.at("scores")[5].size(), 35U);
  EXPECT_EQ(j.at("scores")[5][0].size(), nodes);
  EXPECT_EQ(j.at("units")[0].at("names").at("zh").get<std::string>().empty(), false);
  // The same number in the JSON and in ranking.csv: dz-sports, 2024, final score.
  const Table t = read_table(fs::path(out_) / "ranking.csv");
  for (const auto& r : t.rows) {
    if (r.at("unit") == "dz-sports" && r.at("period") == "2024") {
      std::size_t u = 0;
      while (j.at("units")[u].at("id") != "dz-sports") ++u;
      EXPECT_EQ(j.at("scores")[5][u][0].get<double>(), num(r.at("score")));
    }
  }
  // The resolved model (every choice explicit) reads back and gives the same ranking.
  const qualis::ModelFile resolved = qualis::read_model_file((fs::path(out_) / "model.json").string());
  EXPECT_EQ(resolved.clusters.size(), 35U);
  TempDir again;
  const ToolRun r2 = run_tool({"assess", "--model", (fs::path(out_) / "model.json").string(), "--data",
                               (example_dir / "data.csv").string(), "--steps", (example_dir / "steps.csv").string(),
                               "--out", again.str("out")});
  ASSERT_EQ(r2.code, 0) << r2.err;
  EXPECT_EQ(slurp(again.path() / "out" / "ranking.csv"), slurp(fs::path(out_) / "ranking.csv"));
}

TEST_F(ExampleAssessment, ReportIsSelfContainedAndNamesEveryCluster) {
  ASSERT_EQ(run_->code, 0) << run_->err;
  const std::string html = slurp(fs::path(out_) / "report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_NE(html.find("河北省区域特色产业集群质量提升评价"), std::string::npos);
  const qualis::ModelFile m = qualis::read_model_file((example_dir / "model.json").string());
  for (const auto& c : m.clusters.clusters()) EXPECT_NE(html.find(c.names.zh), std::string::npos) << c.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Output folder handling

// The half-year monitoring model of the example (examples/hebei-26x/half-years.json): its data are split by
// generate.py from the annual data, and an independent reading of both files checks the split.
TEST(HalfYears, HalvesAddUpOrAverageToTheirYear) {
  const qualis::PanelFile annual = qualis::read_panel_file((example_dir / "data.csv").string());
  const qualis::PanelFile halves = qualis::read_panel_file((example_dir / "half-years.csv").string());
  ASSERT_EQ(halves.panel.units(), annual.panel.units());
  ASSERT_EQ(halves.panel.periods().size(), 6U);
  EXPECT_EQ(halves.panel.periods().front().to_string(), "2022H1");
  EXPECT_EQ(halves.panel.periods().back().to_string(), "2024H2");
  const std::set<std::string> flows = {"revenue", "profit", "complaints"};  // the halves add up to the year
  const std::set<std::string> rates = {"pass_rate", "rd_intensity"};        // the halves average to the year
  ASSERT_EQ(halves.panel.indicators().size(), flows.size() + rates.size());
  std::size_t checked = 0;
  std::size_t missing = 0;
  for (const std::string& u : halves.panel.units()) {
    for (const std::string& i : halves.panel.indicators()) {
      ASSERT_TRUE(flows.count(i) + rates.count(i) == 1) << i;
      for (int year = 2022; year <= 2024; ++year) {
        const double y = annual.panel.value(u, i, qualis::Period::annual(year));
        const double h1 = halves.panel.value(u, i, qualis::Period::half_year(year, 1));
        const double h2 = halves.panel.value(u, i, qualis::Period::half_year(year, 2));
        if (std::isnan(y)) {  // a year missing in data.csv is missing in both halves
          EXPECT_TRUE(std::isnan(h1) && std::isnan(h2)) << u << " " << i << " " << year;
          ++missing;
          continue;
        }
        const double expected = flows.count(i) == 1 ? y : 2.0 * y;
        EXPECT_NEAR(h1 + h2, expected, 1e-9 * std::max(1.0, expected)) << u << " " << i << " " << year;
        EXPECT_GE(std::min(h1, h2), 0.0) << u << " " << i << " " << year;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked + missing, 35U * 5U * 3U);
  EXPECT_GT(checked, 35U * 5U * 3U * 9U / 10U);
}

TEST(HalfYears, AssessScoresEveryHalfYearAndTrendSlopesArePerYear) {
  const std::string model = (example_dir / "half-years.json").string();
  const ToolRun v = run_tool({"validate", "--model", model});
  EXPECT_EQ(v.code, 0) << v.err;
  EXPECT_NE(v.out.find("35 clusters, 5 indicators"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("35 units, 6 periods"), std::string::npos) << v.out;

  TempDir dir;
  const std::string out = dir.str("out");
  const ToolRun r = run_tool({"assess", "--model", model, "--out", out});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("35 clusters, 6 periods (2022H1 to 2024H2)"), std::string::npos) << r.out;

  // Every cluster is scored in every half-year; without step assessments the score is the composite.
  const Table ranking = read_table(fs::path(out) / "ranking.csv");
  ASSERT_EQ(ranking.rows.size(), 35U * 6U);
  std::map<std::string, std::map<std::string, double>> score;  // unit -> period -> score
  for (const auto& row : ranking.rows) {
    EXPECT_EQ(row.at("state"), "scored") << row.at("unit") << " " << row.at("period");
    EXPECT_TRUE(row.at("step_index").empty());
    EXPECT_EQ(row.at("score"), row.at("composite"));
    score[row.at("unit")][row.at("period")] = num(row.at("score"));
  }
  ASSERT_EQ(score.size(), 35U);

  // Sen's slope of each score series, computed here from the scores on a time axis of half a year per
  // period: the median of the 15 pairwise slopes. A slope per half-year would be half as large.
  const std::vector<std::string> periods = {"2022H1", "2022H2", "2023H1", "2023H2", "2024H1", "2024H2"};
  const Table trends = read_table(fs::path(out) / "trends.csv");
  std::size_t compared = 0;
  for (const auto& row : trends.rows) {
    if (row.at("series") != "score" || row.at("method") != "sen") continue;
    const std::map<std::string, double>& s = score.at(row.at("unit"));
    std::vector<double> slopes;
    for (std::size_t a = 0; a < periods.size(); ++a) {
      for (std::size_t b = a + 1; b < periods.size(); ++b) {
        slopes.push_back((s.at(periods[b]) - s.at(periods[a])) / (0.5 * static_cast<double>(b - a)));
      }
    }
    std::sort(slopes.begin(), slopes.end());
    const double expected = slopes[slopes.size() / 2];  // 15 slopes: the 8th
    EXPECT_NEAR(num(row.at("slope")), expected, 1e-9 * std::max(1.0, std::abs(expected))) << row.at("unit");
    EXPECT_EQ(row.at("n"), "6");
    ++compared;
  }
  EXPECT_EQ(compared, 35U);
  const std::string report = slurp(fs::path(out) / "report.html");
  EXPECT_NE(report.find("2024H2"), std::string::npos);
}

TEST(Assess, RefusesANonEmptyFolderWithoutForceAndReplacesItWithForce) {
  TempDir dir;
  fs::create_directories(dir.path() / "out");
  spit(dir.path() / "out" / "keep.txt", "mine");
  const std::string model = (example_dir / "model.json").string();
  const ToolRun refused = run_tool({"assess", "--model", model, "--out", dir.str("out")});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("is not empty; give --force"), std::string::npos) << refused.err;
  EXPECT_EQ(slurp(dir.path() / "out" / "keep.txt"), "mine");

  const ToolRun forced = run_tool({"assess", "--model", model, "--out", dir.str("out"), "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "keep.txt"));
  EXPECT_TRUE(fs::exists(dir.path() / "out" / "report.html"));
}

TEST(Assess, AnEmptyExistingFolderIsUsedAndAFileIsRefused) {
  TempDir dir;
  fs::create_directories(dir.path() / "empty");
  const std::string model = (example_dir / "model.json").string();
  EXPECT_EQ(run_tool({"assess", "--model", model, "--out", dir.str("empty")}).code, 0);
  spit(dir.path() / "file", "x");
  const ToolRun r = run_tool({"assess", "--model", model, "--out", dir.str("file")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("exists and is not a folder"), std::string::npos) << r.err;
}

TEST(Assess, AFailedWriteLeavesTheFolderAsItWas) {
  TempDir dir;
  fs::create_directories(dir.path() / "out");
  spit(dir.path() / "out" / "old.csv", "old");
  EXPECT_THROW(qualis_tool::write_folder_atomically(dir.str("out"), true,
                                                    [](const std::string& staging) {
                                                      spit(fs::path(staging) / "half.csv", "half");
                                                      throw qualis::IoError(staging, "disk full");
                                                    }),
               qualis::IoError);
  EXPECT_EQ(slurp(dir.path() / "out" / "old.csv"), "old");
  EXPECT_FALSE(fs::exists(dir.path() / "out" / "half.csv"));
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 1U);  // no staging folder left behind
}

TEST(Assess, ProblemsStopTheRunBeforeAnyOutput) {
  TempDir dir;
  fs::copy(example_dir, dir.path() / "ex");
  spit(dir.path() / "ex" / "data.csv", slurp(example_dir / "data.csv") + "nobody,revenue,2024,1\n");
  const ToolRun r = run_tool({"assess", "--model", dir.str("ex/model.json"), "--out", dir.str("out")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("nobody"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

// ---------------------------------------------------------------------------------------------------------------
// validate: a catalogue of broken inputs, each problem asserted with its position

struct Broken {
  TempDir dir;
  Broken() { fs::copy(example_dir, dir.path() / "ex"); }
  [[nodiscard]] fs::path file(const std::string& name) const { return dir.path() / "ex" / name; }
  void append(const std::string& name, const std::string& text) const { spit(file(name), slurp(file(name)) + text); }
  void replace(const std::string& name, const std::string& from, const std::string& to) const {
    std::string text = slurp(file(name));
    const std::size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("fixture: text not found: " + from);
    text.replace(at, from.size(), to);
    spit(file(name), text);
  }
  [[nodiscard]] ToolRun validate(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"validate", "--model", file("model.json").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_tool(args);
  }
  // The line a row appended to `name` lands on.
  [[nodiscard]] std::size_t next_line(const std::string& name) const { return line_count(slurp(file(name))) + 1; }
};

// The problems of a validate run, as JSON.
nlohmann::json problems_of(const Broken& b) {
  const ToolRun r = b.validate({"--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  return nlohmann::json::parse(r.out).at("problems");
}

void expect_problem(const nlohmann::json& p, const std::string& file_end, std::size_t line, std::size_t column,
                    const std::string& id, const std::string& code, const std::string& fragment) {
  const std::string file = p.at("file");
  EXPECT_EQ(file.substr(file.size() - std::min(file.size(), file_end.size())), file_end) << p.dump();
  EXPECT_EQ(p.at("line").get<std::size_t>(), line) << p.dump();
  EXPECT_EQ(p.at("column").get<std::size_t>(), column) << p.dump();
  EXPECT_EQ(p.at("id"), id) << p.dump();
  EXPECT_EQ(p.at("code"), code) << p.dump();
  EXPECT_NE(p.at("message").get<std::string>().find(fragment), std::string::npos) << p.dump();
}

TEST(Validate, TheExampleIsClean) {
  const ToolRun r = run_tool({"validate", "--model", (example_dir / "model.json").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ok: "), std::string::npos);
  EXPECT_NE(r.out.find("35 clusters, 30 indicators"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("192 step assessments"), std::string::npos) << r.out;  // 26 x 2 + 35 x 4 (unit, period)
}

TEST(Validate, DataUnitThatIsNoCluster) {
  Broken b;
  const std::size_t line = b.next_line("data.csv");
  b.append("data.csv", "nobody,revenue,2024,1\n");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 1U) << p.dump();
  expect_problem(p[0], "data.csv", line, 1, "nobody", "not_found", "is not a cluster of the model");
}

TEST(Validate, DataIndicatorThatIsNotInTheFramework) {
  Broken b;
  const std::size_t line = b.next_line("data.csv");
  b.append("data.csv", "dz-sports,revenu,2024,1\n");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 1U) << p.dump();
  expect_problem(p[0], "data.csv", line, 11, "revenu", "not_found", "is not in the model's framework");
}

TEST(Validate, DataValueThatIsNotANumberAndADuplicateRow) {
  Broken b;
  const std::size_t line = b.next_line("data.csv");
  b.append("data.csv", "dz-sports,revenue,2025,abc\ndz-sports,revenue,2019,1\n");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 2U) << p.dump();
  EXPECT_EQ(p[0].at("line"), line);
  EXPECT_EQ(p[0].at("column"), 24);  // the value field
  EXPECT_EQ(p[1].at("line"), line + 1);
  EXPECT_EQ(p[1].at("code"), "duplicate_id");
  EXPECT_NE(p[1].at("message").get<std::string>().find("(lines 2 and " + std::to_string(line + 1) + ")"),
            std::string::npos)
      << p[1].dump();
}

TEST(Validate, StepLevelOutOfRangeAndStepUnitThatIsNoCluster) {
  Broken b;
  const std::size_t line = b.next_line("steps.csv");
  b.append("steps.csv", "dz-sports,2025,plan,9,,\nghost,2024,plan,2,,\n");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 2U) << p.dump();
  expect_problem(p[0], "steps.csv", line, 21, "plan", "out_of_range", "level 9 of step \"plan\" is outside 0..4");
  expect_problem(p[1], "steps.csv", line + 1, 1, "ghost", "not_found", "is not a cluster of the model");
}

TEST(Validate, FrameworkIndicatorWithoutData) {
  Broken b;
  // Rename the data's indicator "trademarks" so that the framework's has no values (and the data's is unknown).
  std::string data = slurp(b.file("data.csv"));
  std::size_t at = 0;
  while ((at = data.find(",trademarks,", at)) != std::string::npos) data.replace(at, 12, ",trademark5,");
  spit(b.file("data.csv"), data);
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 2U) << p.dump();
  EXPECT_EQ(p[0].at("id"), "trademark5");
  EXPECT_EQ(p[0].at("code"), "not_found");
  expect_problem(p[1], "model.json", p[1].at("line"), p[1].at("column"), "trademarks", "not_found", "has no values in");
  // The position is the indicator's entry in the model file.
  const std::string model = slurp(b.file("model.json"));
  std::istringstream lines(model);
  std::string text;
  for (std::size_t k = 0; k < p[1].at("line").get<std::size_t>(); ++k) std::getline(lines, text);
  EXPECT_NE(text.find('{'), std::string::npos) << text;
}

TEST(Validate, AProblemLineNamesItsIdOnce) {
  Broken b;
  b.replace("model.json", "\"weight\": 0.2,", "\"weight\": -1,");
  const ToolRun r = b.validate();
  EXPECT_EQ(r.code, 1);
  const std::size_t at = r.err.find("[out_of_range] ");
  ASSERT_NE(at, std::string::npos) << r.err;
  const std::string line = r.err.substr(at, r.err.find('\n', at) - at);
  const std::string id = "framework[dimension=scale]";
  EXPECT_EQ(line.find(id + ": "), std::string("[out_of_range] ").size()) << line;
  EXPECT_EQ(line.find(id, line.find(id) + id.size()), std::string::npos) << line;  // once, not "id: id: ..."
  EXPECT_NE(line.find("-1"), std::string::npos) << line;
}

TEST(Validate, MalformedModelGivesLineAndColumn) {
  Broken b;
  b.replace("model.json", "\"qualis_model\": 1,", "\"qualis_model\": 1,,");
  const auto p = problems_of(b);
  ASSERT_GE(p.size(), 1U);
  expect_problem(p[0], "model.json", 2, 21, "", "parse_error", "unexpected ','");  // the second comma
}

TEST(Validate, MissingDataFile) {
  Broken b;
  fs::remove(b.file("data.csv"));
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 1U) << p.dump();
  expect_problem(p[0], "data.csv", 0, 0, "", "io_error", "cannot be opened");
}

TEST(Validate, OptionsOverrideTheModelsFiles) {
  Broken b;
  spit(b.dir.path() / "other.csv", "unit,indicator,period,value\nnobody,revenue,2024,1\n");
  const ToolRun r = b.validate({"--data", (b.dir.path() / "other.csv").string(), "--format", "json"});
  EXPECT_EQ(r.code, 1);
  const auto p = nlohmann::json::parse(r.out).at("problems");
  // The unknown unit and the 29 framework indicators without data in other.csv.
  ASSERT_EQ(p.size(), 1U + 29U) << p.dump();
  expect_problem(p[0], "other.csv", 2, 1, "nobody", "not_found", "is not a cluster");
}

TEST(Validate, StepShareWithoutStepAssessmentsIsFoundByTheDryRun) {
  Broken b;
  b.replace("model.json", "\"steps\": \"steps.csv\",", "");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 1U) << p.dump();
  EXPECT_EQ(p[0].at("file").get<std::string>().find("model.json") != std::string::npos, true) << p.dump();
  EXPECT_GT(p[0].at("line").get<std::size_t>(), 0U);
  EXPECT_NE(p[0].at("message").get<std::string>().find("step"), std::string::npos) << p[0].dump();
}

TEST(Validate, ALowerLevelErrorFoundByTheDryRunNamesIdsNotPositions) {
  // An AHP matrix of the "green" dimension whose (energy_intensity, nc_rate) cells are not reciprocal: ahp_weights()
  // knows cells by position; validate names the two indicators compared.
  Broken b;
  b.replace("model.json", R"("weight_source": "computed",
        "weights": {
          "method": "entropy"
        })",
            R"("weight_source": "ahp",
        "pairwise": [[1, 2, 1, 1], [3, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]])");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 1U) << p.dump();
  const std::string message = p[0].at("message");
  EXPECT_EQ(p[0].at("code"), "inconsistent") << p.dump();
  EXPECT_NE(message.find(R"(cell (row "energy_intensity", column "nc_rate") is 2)"), std::string::npos) << message;
  EXPECT_NE(message.find(R"(cell (row "nc_rate", column "energy_intensity") is 3)"), std::string::npos) << message;
  EXPECT_EQ(message.find("(row 0"), std::string::npos) << message;
}

TEST(Validate, EveryProblemIsReportedNotOnlyTheFirst) {
  Broken b;
  const std::size_t data_line = b.next_line("data.csv");
  const std::size_t steps_line = b.next_line("steps.csv");
  b.append("data.csv", "nobody,revenue,2024,1\nnobody2,revenue,2024,1\n");
  b.append("steps.csv", "ghost,2024,plan,2,,\n");
  const ToolRun r = b.validate();
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("data.csv:" + std::to_string(data_line) + ":1: [not_found] nobody: "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("data.csv:" + std::to_string(data_line + 1) + ":1: [not_found] nobody2: "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("steps.csv:" + std::to_string(steps_line) + ":1: [not_found] ghost: "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("3 problems found"), std::string::npos) << r.err;
}

TEST(Validate, ChineseIdsRoundTripIntoTheMessages) {
  Broken b;
  b.append("data.csv", "无名集群,revenue,2024,1\n");
  const auto p = problems_of(b);
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].at("id"), "无名集群");
}

TEST(Validate, UnknownOptionIsAUsageError) {
  EXPECT_EQ(run_tool({"validate", "--model"}).code, 2);
  EXPECT_EQ(run_tool({"validate", "--model", "m.json", "--format", "xml"}).code, 2);
  EXPECT_EQ(run_tool({"assess", "--model", "m.json"}).code, 2);  // --out is required
}

// ---------------------------------------------------------------------------------------------------------------
// demo

TEST(Demo, RunsTheShippedExampleIntoTheGivenFolder) {
  TempDir dir;
  const ToolRun r = run_tool({"demo", "--out", dir.str("demo")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("hebei-26x"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("report: " + (dir.path() / "demo" / "report.html").string()), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "demo" / "report.html"));
}

TEST(Demo, WithoutOutWritesAFreshFolderAndSaysWhere) {
  const ToolRun r = run_tool({"demo"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::size_t at = r.out.find("report: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string path = r.out.substr(at + 8, r.out.find('\n', at) - at - 8);
  EXPECT_TRUE(fs::is_regular_file(path)) << path;
  std::error_code ec;
  fs::remove_all(fs::path(path).parent_path(), ec);
}

}  // namespace
