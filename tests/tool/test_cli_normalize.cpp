// `qualis normalize`: every normalisation method against the library called directly on the same matrix, closed
// forms computed here, the JSON form, missing values, degenerate columns and every bad option.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <qualis/score/normalize.hpp>

#include "tool/cli_support.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace qualis_cli_test;

const std::string kAircraftTypes = "max,max,max,min,max,max";

std::vector<qualis::ColumnSpec> aircraft_specs() {
  const auto max = qualis::Direction::higher_is_better;
  const auto min = qualis::Direction::lower_is_better;
  return qualis::column_specs(std::vector<qualis::Direction>{max, max, max, min, max, max});
}

// Every cell of the tool's CSV output against a library result, row ids and header included.
void expect_matrix(const ToolRun& r, const qualis::MatrixFile& m, const Eigen::MatrixXd& expected, double rel = 1e-12) {
  ASSERT_EQ(r.code, 0) << r.err;
  const Table t = parse_output(r.out);
  std::vector<std::string> header = {m.id_column};
  header.insert(header.end(), m.column_ids.begin(), m.column_ids.end());
  EXPECT_EQ(t.header, header);
  EXPECT_EQ(t.texts(m.id_column), m.row_ids);
  for (std::size_t j = 0; j < m.column_ids.size(); ++j) {
    SCOPED_TRACE("criterion " + m.column_ids[j]);
    expect_column(t.numbers(m.column_ids[j]), Eigen::VectorXd(expected.col(static_cast<Eigen::Index>(j))), rel);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Correct runs
// ---------------------------------------------------------------------------------------------------------------

TEST(CliNormalize, MinMaxOnTheAircraftDataMatchesTheHandComputation) {
  // (x - min) / (max - min) for benefit and (max - x) / (max - min) for the cost criterion, e.g. speed
  // 2.0 in [1.8, 2.5] gives 0.2 / 0.7 and cost 5.5 in [4.5, 6.5] gives 1 / 2. Values typed from the data.
  const ToolRun r =
      run_tool({"normalize", "--method", "min_max", "--types", kAircraftTypes, data_file("aircraft.csv")});
  Eigen::MatrixXd expected(4, 6);
  expected << 0.2 / 0.7, 0.0, 2.0 / 3.0, 0.5, 0.5, 1.0,  //
      1.0, 1.0, 0.0, 0.0, 0.0, 0.0,                      //
      0.0, 500.0 / 1200.0, 1.0, 1.0, 1.0, 0.5,           //
      0.4 / 0.7, 300.0 / 1200.0, 2.0 / 3.0, 0.75, 0.5, 0.0;
  expect_matrix(r, load_matrix("aircraft.csv"), expected, 1e-12);
  EXPECT_EQ(r.err, "");
}

TEST(CliNormalize, VectorNormalisationIsHwangAndYoonsColumnOverItsNorm) {
  // r_ij = x_ij / sqrt(sum_i x_ij^2) (Hwang & Yoon 1981, TOPSIS step 1), computed here column by column.
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  Eigen::MatrixXd expected = m.values;
  for (Eigen::Index j = 0; j < expected.cols(); ++j) expected.col(j) /= expected.col(j).norm();
  expect_matrix(run_tool({"normalize", "--method", "vector", data_file("aircraft.csv")}), m, expected);
}

TEST(CliNormalize, ZScoreRescaledMatchesTheClosedForm) {
  // 100 + 10 (x - mean) / sd with the population sd (divisor n), computed here.
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  Eigen::MatrixXd expected = m.values;
  for (Eigen::Index j = 0; j < expected.cols(); ++j) {
    const double mean = expected.col(j).mean();
    const double sd = std::sqrt((expected.col(j).array() - mean).square().sum() / 4.0);
    expected.col(j) = (100.0 + 10.0 * (expected.col(j).array() - mean) / sd).matrix();
  }
  expect_matrix(run_tool({"normalize", "--method", "z_score", "--sd", "population", "--rescale", "100,10",
                          data_file("aircraft.csv")}),
                m, expected);
}

TEST(CliNormalize, EveryMethodOfTheRegistryMatchesTheLibrary) {
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  struct Case {
    std::vector<std::string> options;
    qualis::NormalizeOptions library;
    std::vector<qualis::ColumnSpec> specs;
  };
  std::map<std::string, Case> cases;
  const auto base = [&](qualis::NormalizationMethod method) {
    Case c;
    c.options = {"--types", kAircraftTypes};
    c.library.method = method;
    c.specs = aircraft_specs();
    return c;
  };
  using NM = qualis::NormalizationMethod;
  {
    Case c = base(NM::min_max);
    c.options.insert(c.options.end(), {"--range", "0,100"});
    c.library.min_max.range = qualis::Interval{0.0, 100.0};
    cases["min_max"] = c;
  }
  {
    Case c = base(NM::z_score);
    c.options.insert(c.options.end(), {"--sd", "population", "--rescale", "100,10"});
    c.library.z_score.deviation = qualis::StandardDeviation::population;
    c.library.z_score.mean = 100.0;
    c.library.z_score.sd = 10.0;
    cases["z_score"] = c;
  }
  {
    Case c = base(NM::goalposts);
    c.options.insert(c.options.end(), {"--goalposts", "1:3,1000:3000,15000:25000,4:7,1:9,1:9", "--no-cap"});
    const std::vector<qualis::Interval> g = {{1, 3}, {1000, 3000}, {15000, 25000}, {4, 7}, {1, 9}, {1, 9}};
    for (std::size_t j = 0; j < g.size(); ++j) c.specs[j].goalposts = g[j];
    c.library.goalposts.cap = false;
    cases["goalposts"] = c;
  }
  {
    Case c = base(NM::distance_to_target);
    c.options = {"--types", "target:2.5,target:3000,target:21000,target:4.5,target:7,target:9", "--formula", "scaled"};
    const std::vector<double> targets = {2.5, 3000, 21000, 4.5, 7, 9};
    for (std::size_t j = 0; j < targets.size(); ++j) {
      c.specs[j].direction = qualis::Direction::target_is_best;
      c.specs[j].target = targets[j];
    }
    c.library.distance_to_target.formula = qualis::TargetFormula::scaled;
    cases["distance_to_target"] = c;
  }
  {
    Case c = base(NM::distance_to_frontier);
    c.options.insert(c.options.end(), {"--formula", "relative_gap"});
    c.library.distance_to_frontier.formula = qualis::FrontierFormula::relative_gap;
    cases["distance_to_frontier"] = c;
  }
  {
    Case c = base(NM::fraction_of_max);
    c.options.insert(c.options.end(), {"--cost-rule", "complement"});
    c.library.ratio.cost = qualis::RatioCostRule::complement;
    cases["fraction_of_max"] = c;
  }
  {
    Case c = base(NM::rank);
    c.options.insert(c.options.end(), {"--ties", "min"});
    c.library.rank.ties = qualis::TieMethod::min;
    cases["rank"] = c;
  }
  cases["percentile_rank"] = base(NM::percentile_rank);
  {
    Case c = base(NM::borda);
    c.options.insert(c.options.end(), {"--ties", "max"});
    c.library.rank.ties = qualis::TieMethod::max;
    cases["borda"] = c;
  }
  cases["vector"] = base(NM::vector);
  cases["sum"] = base(NM::sum);
  cases["logarithmic"] = base(NM::logarithmic);
  {
    Case c = base(NM::categorical);
    c.options.insert(c.options.end(),
                     {"--thresholds", "0.25,0.75", "--threshold-kind", "quantile", "--scores", "0,50,100"});
    c.library.categorical.thresholds = {{0.25, 0.75}};
    c.library.categorical.kind = qualis::ThresholdKind::quantile;
    c.library.categorical.scores = {0.0, 50.0, 100.0};
    cases["categorical"] = c;
  }

  for (const auto& name : names_of(qualis::normalization_methods())) {
    SCOPED_TRACE(name);
    ASSERT_EQ(cases.count(name), 1U) << "a registry method without a test case";
    const Case& c = cases.at(name);
    std::vector<std::string> args = {"normalize", "--method", name};
    args.insert(args.end(), c.options.begin(), c.options.end());
    args.push_back(data_file("aircraft.csv"));
    const qualis::NormalizeResult expected = qualis::normalize(m.values, c.specs, c.library);
    expect_matrix(run_tool(args), m, expected.values);
  }
}

TEST(CliNormalize, AliasesAndAnyLetterCaseSelectTheRegistryMethod) {
  for (const char* spelling : {"minmax", "MIN_MAX", "Min_Max"}) {
    const ToolRun r = run_tool({"normalize", "--method", spelling, "--format", "json", data_file("aircraft.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["method"], "min_max") << spelling;
  }
}

TEST(CliNormalize, JsonCarriesColumnsRowsAndColumnStatus) {
  const ToolRun csv = run_tool({"normalize", "--method", "sum", "--types", kAircraftTypes, data_file("aircraft.csv")});
  const ToolRun json = run_tool(
      {"normalize", "--method", "sum", "--types", kAircraftTypes, "--format", "json", data_file("aircraft.csv")});
  ASSERT_EQ(json.code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["command"], "normalize");
  EXPECT_EQ(doc["method"], "sum");
  EXPECT_EQ(doc["columns"], (std::vector<std::string>{"alternative", "speed", "range", "payload", "cost", "reliability",
                                                      "maneuverability"}));
  ASSERT_EQ(doc["rows"].size(), 4U);
  EXPECT_EQ(doc["rows"][2]["alternative"], "A3");
  const Table t = parse_output(csv.out);
  for (std::size_t i = 0; i < 4; ++i) {
    for (const auto& c : {"speed", "cost", "maneuverability"}) {
      EXPECT_EQ(doc["rows"][i][c].get<double>(), t.numbers(c)[i]) << "CSV and JSON carry the same numbers";
    }
  }
  for (const auto& c : {"speed", "range", "payload", "cost", "reliability", "maneuverability"}) {
    EXPECT_EQ(doc["details"]["column_status"][c], "ok");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Missing values and degenerate columns
// ---------------------------------------------------------------------------------------------------------------

TEST(CliNormalize, MissingValuesStayMissingAndStatisticsUseTheObservedValues) {
  // b observes 2, 8, 5, 3 (min 2, max 8); c observes 3, 6, 1, 4 (min 1, max 6).
  const ToolRun r = run_tool({"normalize", "--method", "min_max", data_file("missing_values.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const Table t = parse_output(r.out);
  EXPECT_EQ(t.rows[1][2], "") << "u2's missing b is an empty field";
  EXPECT_EQ(t.rows[2][3], "") << "u3's NA c is an empty field";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  expect_column(t.numbers("b"), std::vector<double>{0.0, nan, 1.0, 0.5, 1.0 / 6.0});
  expect_column(t.numbers("c"), std::vector<double>{0.4, 1.0, nan, 0.0, 0.6});

  const ToolRun json =
      run_tool({"normalize", "--method", "min_max", "--format", "json", data_file("missing_values.csv")});
  ASSERT_EQ(json.code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_TRUE(doc["rows"][1]["b"].is_null());
  EXPECT_TRUE(doc["rows"][2]["c"].is_null());
  EXPECT_EQ(doc["rows"][3]["b"].get<double>(), 0.5);
}

TEST(CliNormalize, MissingRejectNamesTheAlternativeAndCriterion) {
  expect_data_error(
      run_tool({"normalize", "--method", "min_max", "--missing", "reject", data_file("missing_values.csv")}),
      {"missing_values.csv[alternative=u2, criterion=b]", "value is missing"});
}

TEST(CliNormalize, ADegenerateColumnGetsTheNeutralValueAndANote) {
  const std::string text = "id,a,b\nu1,1,5\nu2,2,5\nu3,3,5\n";
  const ToolRun r = run_tool({"normalize", "--method", "min_max", "-"}, text);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "id,a,b\nu1,0,0.5\nu2,0.5,0.5\nu3,1,0.5\n");
  EXPECT_EQ(r.err, "qualis normalize: criterion b: degenerate\n");

  const ToolRun json = run_tool({"normalize", "--method", "min_max", "--format", "json", "-"}, text);
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(json.err, "") << "JSON carries the status itself";
  EXPECT_EQ(nlohmann::json::parse(json.out)["details"]["column_status"]["b"], "degenerate");

  expect_data_error(run_tool({"normalize", "--method", "min_max", "--degenerate", "reject", "-"}, text), {});
}

// ---------------------------------------------------------------------------------------------------------------
// Bad command lines
// ---------------------------------------------------------------------------------------------------------------

TEST(CliNormalize, UnknownMethodListsEveryValidNameBeforeReadingTheFile) {
  const ToolRun r = run_tool({"normalize", "--method", "minimax", data_file("no_such_file.csv")});
  expect_usage_error(r, {"--method", "\"minimax\" is not a normalization method"});
  for (const auto& name : names_of(qualis::normalization_methods())) EXPECT_THAT(r.err, HasSubstr(name));
  EXPECT_THAT(r.err, Not(HasSubstr("cannot open")));
}

TEST(CliNormalize, TypesMustMatchTheCriteria) {
  expect_usage_error(run_tool({"normalize", "--method", "min_max", "--types", "max,min", data_file("aircraft.csv")}),
                     {"option --types", "2 criterion types for 6 criteria"});
  expect_usage_error(
      run_tool({"normalize", "--method", "min_max", "--types", "max,best,max,min,max,max", data_file("aircraft.csv")}),
      {"option --types", "item 2", "best"});
  expect_usage_error(run_tool({"normalize", "--method", "min_max", "--types", "max,max,max,min,max,range:9:1",
                               data_file("aircraft.csv")}),
                     {"option --types", "item 6", "the range is inverted"});
  expect_usage_error(run_tool({"normalize", "--method", "min_max", "--types", "max,max,max,min,max,target",
                               data_file("aircraft.csv")}),
                     {"option --types", "item 6", "target:VALUE"});
}

TEST(CliNormalize, MethodOptionsAreChecked) {
  const std::string file = data_file("aircraft.csv");
  expect_usage_error(run_tool({"normalize", "--method", "min_max", "--formula", "ratio", file}),
                     {"option --formula", "distance_to_target and distance_to_frontier only"});
  expect_usage_error(run_tool({"normalize", "--method", "z_score", "--sd", "biased", file}),
                     {"option --sd", "\"biased\"", "sample, population"});
  expect_usage_error(run_tool({"normalize", "--method", "min_max", "--range", "0", file}),
                     {"option --range", "1 values given, 2 expected"});
  expect_usage_error(run_tool({"normalize", "--method", "goalposts", file}), {"option --goalposts"});
  expect_usage_error(run_tool({"normalize", "--method", "goalposts", "--goalposts", "1:3,0:1", file}),
                     {"option --goalposts", "2 goalpost pairs for 6 criteria"});
  expect_usage_error(run_tool({"normalize", "--method", "categorical", file}), {"option --thresholds"});
  expect_usage_error(run_tool({"normalize", "--method", "categorical", "--thresholds", "1,x", file}),
                     {"option --thresholds", "item 2", "\"x\" is not a finite number"});
  expect_usage_error(run_tool({"normalize", "--method", "min_max", "--missing", "propagate2", file}),
                     {"option --missing"});
}

}  // namespace
