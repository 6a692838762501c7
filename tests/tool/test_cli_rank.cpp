// `qualis rank`: TOPSIS on Hwang & Yoon's fighter-aircraft example, VIKOR (S, R, Q), GRA and the weighted sum
// against an independent computation, every MCDA and aggregation method against the library called directly,
// the JSON form, computed weights, missing values, ties and every bad option.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <qualis/score/aggregate.hpp>
#include <qualis/score/mcda.hpp>
#include <qualis/score/normalize.hpp>
#include <qualis/score/rank.hpp>
#include <qualis/score/weights.hpp>

#include "tool/cli_support.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace qualis_cli_test;

const std::string kTypes = "max,max,max,min,max,max";
const std::string kWeights = "0.2,0.1,0.1,0.1,0.2,0.3";
const std::vector<std::string> kAlternatives = {"A1", "A2", "A3", "A4"};

std::vector<qualis::Direction> aircraft_directions() {
  const auto max = qualis::Direction::higher_is_better;
  const auto min = qualis::Direction::lower_is_better;
  return {max, max, max, min, max, max};
}

Eigen::VectorXd aircraft_weights() {
  Eigen::VectorXd w(6);
  w << 0.2, 0.1, 0.1, 0.1, 0.2, 0.3;
  return w;
}

// `qualis rank` on the aircraft data with the example's types and weights, plus `extra`.
ToolRun rank_aircraft(const std::string& method, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"rank", "--method", method, "--types", kTypes, "--weights", kWeights};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(data_file("aircraft.csv"));
  return run_tool(args);
}

// The parsed output of a successful run with its alternative column checked.
Table ranked(const ToolRun& r, const std::vector<std::string>& alternatives = kAlternatives) {
  EXPECT_EQ(r.code, 0) << r.err;
  const Table t = parse_output(r.out);
  EXPECT_EQ(t.texts("alternative"), alternatives);
  return t;
}

// ---------------------------------------------------------------------------------------------------------------
// MCDA methods
// ---------------------------------------------------------------------------------------------------------------

TEST(CliRank, TopsisReproducesHwangAndYoonsFighterAircraftExample) {
  // Hwang & Yoon (1981), Multiple Attribute Decision Making, ch. 3 (TOPSIS), the fighter-aircraft example:
  // weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3), cost the only cost criterion; relative closeness
  // 0.6433, 0.2684, 0.6135, 0.3123, hence the order A1 > A3 > A4 > A2.
  const ToolRun r = rank_aircraft("topsis");
  const Table t = ranked(r);
  EXPECT_EQ(t.header, (std::vector<std::string>{"alternative", "score", "rank"}));
  expect_column(t.numbers("score"), std::vector<double>{0.6433, 0.2684, 0.6135, 0.3123}, 5e-5);
  EXPECT_EQ(t.texts("rank"), (std::vector<std::string>{"1", "4", "2", "3"}));
  // The library on the same matrix, to 1e-12.
  const auto expected = qualis::topsis(load_matrix("aircraft.csv").values, aircraft_weights(), aircraft_directions());
  expect_column(t.numbers("score"), expected.scores);
  expect_column(t.numbers("rank"), expected.ranks);
  EXPECT_EQ(r.err, "");
}

TEST(CliRank, VikorPrintsSRAndQ) {
  // numpy (float64) from Opricovic & Tzeng (2004), section 3, v = 0.5: d_ij = (f*_j - f_ij) / (f*_j - f-_j),
  // S_i = sum_j w_j d_ij, R_i = max_j w_j d_ij, Q_i from S and R; score = 1 - Q, ranked by Q ascending.
  const ToolRun r = rank_aircraft("vikor");
  const Table t = ranked(r);
  EXPECT_EQ(t.header, (std::vector<std::string>{"alternative", "score", "rank", "S", "R", "Q"}));
  const std::vector<double> s = {0.42619047619047623, 0.7, 0.4083333333333333, 0.6190476190476191};
  const std::vector<double> rr = {0.14285714285714288, 0.3, 0.2, 0.3};
  const std::vector<double> q = {0.03061224489795927, 1.0, 0.18181818181818182, 0.8612244897959185};
  expect_column(t.numbers("S"), s);
  expect_column(t.numbers("R"), rr);
  expect_column(t.numbers("Q"), q);
  for (std::size_t i = 0; i < 4; ++i) expect_rel(t.numbers("score")[i], 1.0 - q[i]);
  EXPECT_EQ(t.texts("rank"), (std::vector<std::string>{"1", "4", "2", "3"}));
  // Q(A3) - Q(A1) = 0.15 < DQ = 1/3: no acceptable advantage, so the compromise set is {A1, A3}.
  EXPECT_EQ(r.err,
            "qualis rank: vikor compromise set [\"A1\",\"A3\"] (acceptable advantage: no, acceptable stability: "
            "yes)\n");

  const ToolRun json = rank_aircraft("vikor", {"--format", "json"});
  ASSERT_EQ(json.code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["method"], "vikor");
  EXPECT_EQ(doc["columns"], (std::vector<std::string>{"alternative", "score", "rank", "S", "R", "Q"}));
  expect_rel(doc["rows"][1]["S"].get<double>(), 0.7);
  expect_rel(doc["rows"][3]["Q"].get<double>(), q[3]);
  EXPECT_EQ(doc["details"]["compromise"], (std::vector<std::string>{"A1", "A3"}));
  EXPECT_EQ(doc["details"]["acceptable_advantage"], false);
  EXPECT_EQ(doc["details"]["acceptable_stability"], true);
  expect_rel(doc["details"]["dq"].get<double>(), 1.0 / 3.0);

  // v reaches the library.
  qualis::VikorOptions o;
  o.v = 0.3;
  const auto expected = qualis::vikor(load_matrix("aircraft.csv").values, aircraft_weights(), aircraft_directions(), o);
  const Table t3 = ranked(rank_aircraft("vikor", {"--v", "0.3"}));
  expect_column(t3.numbers("Q"), expected.q);
  expect_column(t3.numbers("S"), expected.s);
  expect_column(t3.numbers("R"), expected.r);
  expect_column(t3.numbers("rank"), expected.ranks);
}

TEST(CliRank, GreyRelationalGradeMatchesAnIndependentComputation) {
  // numpy (float64) from Deng (1989): direction-aware min-max data, ideal reference 1, global Delta_min and
  // Delta_max, xi = (Delta_min + rho Delta_max) / (Delta + rho Delta_max), rho = 0.5, grade = sum_j w_j xi_ij.
  const Table t = ranked(rank_aircraft("gra"));
  expect_column(t.numbers("score"),
                std::vector<double>{0.625686274509804, 0.5333333333333333, 0.6628205128205128, 0.47435897435897434});
  EXPECT_EQ(t.texts("rank"), (std::vector<std::string>{"2", "3", "1", "4"}));

  qualis::GraOptions o;
  o.rho = 0.8;
  o.normalization = qualis::GraNormalization::initial_value;
  const auto expected = qualis::grey_relational_analysis(load_matrix("aircraft.csv").values, aircraft_weights(),
                                                         aircraft_directions(), o);
  const Table t8 = ranked(rank_aircraft("gra", {"--rho", "0.8", "--normalization", "initial_value"}));
  expect_column(t8.numbers("score"), expected.scores);
  expect_column(t8.numbers("rank"), expected.ranks);
}

TEST(CliRank, TopsisOptionsReachTheLibrary) {
  qualis::TopsisOptions o;
  o.normalization = qualis::TopsisNormalization::min_max;
  o.distance = qualis::TopsisDistance::manhattan;
  const auto expected =
      qualis::topsis(load_matrix("aircraft.csv").values, aircraft_weights(), aircraft_directions(), o);
  const Table t = ranked(rank_aircraft("topsis", {"--normalization", "min_max", "--distance", "manhattan"}));
  expect_column(t.numbers("score"), expected.scores);
  expect_column(t.numbers("rank"), expected.ranks);
}

TEST(CliRank, FuzzyComprehensiveEvaluationMatchesTheLibrary) {
  // Grade breakpoints per criterion, best grade first (the cost criterion increases), five grades scored
  // 95, 85, 75, 65, 50 by default.
  const std::string thresholds =
      "2.5,2.3,2.1,1.9,1.7/2800,2400,2000,1700,1400/21000,20000,19000,18000,17000/4.5,5,5.5,6,6.5/7,6,5,4,3/"
      "9,8,7,6,5";
  const ToolRun r = rank_aircraft("fce", {"--thresholds", thresholds});
  const Table t = ranked(r);
  EXPECT_EQ(t.header, (std::vector<std::string>{"alternative", "score", "rank", "grade"}));
  qualis::McdaOptions o;
  o.method = qualis::McdaMethod::fce;
  o.fce.thresholds.resize(6, 5);
  o.fce.thresholds << 2.5, 2.3, 2.1, 1.9, 1.7, 2800, 2400, 2000, 1700, 1400, 21000, 20000, 19000, 18000, 17000, 4.5, 5,
      5.5, 6, 6.5, 7, 6, 5, 4, 3, 9, 8, 7, 6, 5;
  const auto expected = qualis::mcda(load_matrix("aircraft.csv").values, aircraft_weights(), aircraft_directions(), o);
  ASSERT_TRUE(expected.fce.has_value());
  expect_column(t.numbers("score"), expected.scores);
  expect_column(t.numbers("rank"), expected.ranks);
  expect_column(t.numbers("grade"), (expected.fce->grade.array() + 1).matrix().eval());  // 1 = best grade

  // The operator and the grade scores reach the library too.
  o.fce.composition = qualis::FuzzyOperator::max_product;
  o.fce.grade_scores.resize(5);
  o.fce.grade_scores << 100, 80, 60, 40, 20;
  const auto other = qualis::mcda(load_matrix("aircraft.csv").values, aircraft_weights(), aircraft_directions(), o);
  const Table t2 = ranked(rank_aircraft(
      "fce", {"--thresholds", thresholds, "--operator", "max_product", "--grade-scores", "100,80,60,40,20"}));
  expect_column(t2.numbers("score"), other.scores);
}

// ---------------------------------------------------------------------------------------------------------------
// Aggregation methods
// ---------------------------------------------------------------------------------------------------------------

TEST(CliRank, WeightedSumMatchesAnIndependentComputation) {
  // numpy: sum_j w_j r_ij on the direction-aware min-max data (values in test_cli_normalize.cpp).
  const ToolRun r = rank_aircraft("wsm");
  const Table t = ranked(r);
  expect_column(t.numbers("score"),
                std::vector<double>{0.5738095238095238, 0.30000000000000004, 0.5916666666666667, 0.38095238095238104});
  EXPECT_EQ(t.texts("rank"), (std::vector<std::string>{"2", "4", "1", "3"}));
  EXPECT_EQ(r.err, "");
}

TEST(CliRank, EveryAggregationMethodMatchesNormaliseAggregateRankInTheLibrary) {
  // The tool normalises first (min_max; fraction_of_max for the geometric and harmonic means; z_score for MPI,
  // as `qualis rank --help` says), then aggregates and ranks with ties sharing the smallest rank.
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  const auto specs = qualis::column_specs(aircraft_directions());
  using AM = qualis::AggregationMethod;
  const std::map<AM, qualis::NormalizationMethod> normalization = {
      {AM::geometric_mean, qualis::NormalizationMethod::fraction_of_max},
      {AM::harmonic_mean, qualis::NormalizationMethod::fraction_of_max},
      {AM::mazziotta_pareto, qualis::NormalizationMethod::z_score},
      {AM::adjusted_mazziotta_pareto, qualis::NormalizationMethod::z_score}};
  for (const auto& name : names_of(qualis::aggregation_methods())) {
    SCOPED_TRACE(name);
    qualis::AggregateOptions o;
    o.method = qualis::parse_aggregation_method(name);
    o.power = 2.0;  // for power_mean; the others ignore it
    qualis::NormalizeOptions n;
    const auto it = normalization.find(o.method);
    n.method = it == normalization.end() ? qualis::NormalizationMethod::min_max : it->second;
    const auto x = qualis::normalize(m.values, specs, n).values;
    const auto scores = qualis::aggregate(x, aircraft_weights(), o).scores;
    const auto ranks = qualis::rank(scores).ranks;

    const ToolRun r = rank_aircraft(name, {"--power", "2", "--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["method"], name);
    EXPECT_EQ(doc["details"]["normalization"], qualis::to_string(n.method));
    for (std::size_t i = 0; i < 4; ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      EXPECT_EQ(doc["rows"][i]["alternative"], kAlternatives[i]);
      expect_rel(doc["rows"][i]["score"].get<double>(), scores[k]);
      expect_rel(doc["rows"][i]["rank"].get<double>(), ranks[k]);
    }
  }
}

TEST(CliRank, ShortNamesOfTheContractSelectTheAggregation) {
  for (const auto& [alias, name] : std::vector<std::pair<std::string, std::string>>{
           {"wsm", "arithmetic_mean"}, {"wpm", "geometric_mean"}, {"mpi", "mazziotta_pareto"}, {"TOPSIS", "topsis"}}) {
    const ToolRun r = rank_aircraft(alias, {"--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["method"], name) << alias;
  }
}

TEST(CliRank, BordaAndCopelandOnRawDataMatchTheLibrary) {
  // --normalization none keeps the raw values (every criterion max), which these rank-based methods allow.
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  for (const auto& [name, method] : std::vector<std::pair<std::string, qualis::AggregationMethod>>{
           {"borda", qualis::AggregationMethod::borda}, {"copeland", qualis::AggregationMethod::copeland}}) {
    SCOPED_TRACE(name);
    qualis::AggregateOptions o;
    o.method = method;
    const auto scores = qualis::aggregate(m.values, aircraft_weights(), o).scores;
    const Table t = ranked(run_tool(
        {"rank", "--method", name, "--weights", kWeights, "--normalization", "none", data_file("aircraft.csv")}));
    expect_column(t.numbers("score"), scores);
    expect_column(t.numbers("rank"), qualis::rank(scores).ranks);
  }
}

TEST(CliRank, TiesFollowTheTieOption) {
  const std::string text = "id,a,b\nx,1,2\ny,1,2\nz,0,0\n";
  EXPECT_EQ(run_tool({"rank", "--method", "wsm", "-"}, text).out, "alternative,score,rank\nx,1,1\ny,1,1\nz,0,3\n");
  EXPECT_EQ(run_tool({"rank", "--method", "wsm", "--ties", "average", "-"}, text).out,
            "alternative,score,rank\nx,1,1.5\ny,1,1.5\nz,0,3\n");
  EXPECT_EQ(run_tool({"rank", "--method", "wsm", "--ties", "dense", "-"}, text).out,
            "alternative,score,rank\nx,1,1\ny,1,1\nz,0,2\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Weights: given, computed, reported
// ---------------------------------------------------------------------------------------------------------------

TEST(CliRank, JsonReportsTheNormalisedWeightsAndTheirSource) {
  const ToolRun r = run_tool({"rank", "--method", "topsis", "--types", kTypes, "--weights", "2,1,1,1,2,3", "--format",
                              "json", data_file("aircraft.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["command"], "rank");
  EXPECT_EQ(doc["method"], "topsis");
  EXPECT_EQ(doc["columns"], (std::vector<std::string>{"alternative", "score", "rank"}));
  EXPECT_EQ(doc["details"]["weights_source"], "given");
  EXPECT_EQ(doc["details"]["status"], "ok");
  expect_rel(doc["details"]["weights"]["speed"].get<double>(), 0.2);
  expect_rel(doc["details"]["weights"]["maneuverability"].get<double>(), 0.3);
  // Weights 2,1,1,1,2,3 are the example's weights times 10: the same closeness.
  expect_rel(doc["rows"][0]["score"].get<double>(), 0.6433, 5e-5);
  // Ranks are JSON integers, not 1.0.
  ASSERT_TRUE(doc["rows"][0]["rank"].is_number_integer());
  EXPECT_EQ(doc["rows"][0]["rank"].get<int>(), 1);
  EXPECT_EQ(doc["rows"][1]["rank"].get<int>(), 4);
}

TEST(CliRank, WeightsMethodComputesTheWeightsAsTheLibraryDoes) {
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  {
    // MCDA: the weights come from the raw matrix and the criterion types.
    qualis::WeightOptions wo;
    wo.method = qualis::WeightingMethod::entropy;
    const auto w = qualis::compute_weights(m.values, aircraft_directions(), wo).weights;
    const auto expected = qualis::topsis(m.values, w, aircraft_directions());
    const ToolRun r = run_tool({"rank", "--method", "topsis", "--types", kTypes, "--weights-method", "entropy",
                                "--format", "json", data_file("aircraft.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["details"]["weights_source"], "entropy");
    for (std::size_t i = 0; i < 4; ++i) {
      expect_rel(doc["rows"][i]["score"].get<double>(), expected.scores[static_cast<Eigen::Index>(i)]);
    }
    expect_rel(doc["details"]["weights"]["maneuverability"].get<double>(), w[5]);
  }
  {
    // Aggregation: the weights come from the normalised, benefit-oriented matrix that is aggregated.
    const auto x = qualis::normalize(m.values, qualis::column_specs(aircraft_directions())).values;
    qualis::WeightOptions wo;
    wo.method = qualis::WeightingMethod::critic;
    const auto w = qualis::compute_weights(x, std::vector<qualis::Direction>(6), wo).weights;
    const auto scores = qualis::aggregate(x, w).scores;
    const Table t = ranked(run_tool(
        {"rank", "--method", "wsm", "--types", kTypes, "--weights-method", "critic", data_file("aircraft.csv")}));
    expect_column(t.numbers("score"), scores);
  }
  {
    // Neither option: equal weights.
    const auto expected = qualis::topsis(m.values, Eigen::VectorXd::Ones(6), aircraft_directions());
    const Table t = ranked(run_tool({"rank", "--method", "topsis", "--types", kTypes, data_file("aircraft.csv")}));
    expect_column(t.numbers("score"), expected.scores);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Missing values
// ---------------------------------------------------------------------------------------------------------------

TEST(CliRank, McdaMethodsRejectMissingValuesNamingTheCell) {
  for (const char* method : {"topsis", "vikor", "gra"}) {
    SCOPED_TRACE(method);
    expect_data_error(run_tool({"rank", "--method", method, data_file("missing_values.csv")}),
                      {"missing_values.csv[alternative=u2, criterion=b]", "value is missing",
                       std::string(method) + " needs complete data"});
  }
}

TEST(CliRank, LibraryErrorsNameTheRowAndColumnIdsNotPositions) {
  // The library knows positions only ("unit (row) 1, criterion (column) 1"); the tool names the file's ids.
  const std::string negative = "firm,cost,quality\nalpha,3,7\nbeta,-2,9\n";
  const ToolRun r = run_tool({"rank", "--method", "topsis", "--normalization", "sum", "-"}, negative);
  expect_data_error(r, {"unit \"beta\", criterion \"cost\"", "value -2 is negative", "sum normalisation"});
  EXPECT_THAT(r.err, Not(HasSubstr("(row)")));
  EXPECT_THAT(r.err, Not(HasSubstr("(column)")));
}

TEST(CliRank, AggregationsSkipOrPropagateMissingValues) {
  const std::vector<std::string> ids = {"u1", "u2", "u3", "u4", "u5"};
  const qualis::MatrixFile m = load_matrix("missing_values.csv");
  const auto x = qualis::normalize(m.values, std::vector<qualis::ColumnSpec>(3)).values;
  {
    // skip (default): the weights are renormalised over each alternative's observed criteria.
    const auto scores = qualis::aggregate(x, Eigen::VectorXd::Ones(3)).scores;
    const ToolRun r = run_tool({"rank", "--method", "wsm", data_file("missing_values.csv")});
    const Table t = ranked(r, ids);
    expect_column(t.numbers("score"), scores);
    EXPECT_EQ(r.err, "");
  }
  {
    // propagate: u2 and u3 get no score and no rank (empty fields, JSON null) and a note each.
    const ToolRun r = run_tool({"rank", "--method", "wsm", "--missing", "propagate", data_file("missing_values.csv")});
    const Table t = ranked(r, ids);
    EXPECT_EQ(t.rows[1], (std::vector<std::string>{"u2", "", ""}));
    EXPECT_EQ(t.rows[2], (std::vector<std::string>{"u3", "", ""}));
    EXPECT_EQ(t.texts("rank"), (std::vector<std::string>{"3", "", "", "2", "1"}));
    EXPECT_EQ(r.err,
              "qualis rank: alternative u2: missing_propagated\nqualis rank: alternative u3: missing_propagated\n");
    const ToolRun json = run_tool(
        {"rank", "--method", "wsm", "--missing", "propagate", "--format", "json", data_file("missing_values.csv")});
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_TRUE(doc["rows"][1]["score"].is_null());
    EXPECT_TRUE(doc["rows"][1]["rank"].is_null());
    EXPECT_EQ(doc["details"]["status"], "incomplete");
  }
  expect_data_error(run_tool({"rank", "--method", "wsm", "--missing", "reject", data_file("missing_values.csv")}),
                    {"missing"});
}

// ---------------------------------------------------------------------------------------------------------------
// Bad command lines
// ---------------------------------------------------------------------------------------------------------------

TEST(CliRank, UnknownMethodListsEveryMcdaAndAggregationNameBeforeReadingTheFile) {
  const ToolRun r = run_tool({"rank", "--method", "electre", data_file("no_such_file.csv")});
  expect_usage_error(r, {"--method", "\"electre\" is not a rank method", "wsm", "wpm", "mpi"});
  for (const auto& name : names_of(qualis::mcda_methods())) EXPECT_THAT(r.err, HasSubstr(name));
  for (const auto& name : names_of(qualis::aggregation_methods())) EXPECT_THAT(r.err, HasSubstr(name));
  EXPECT_THAT(r.err, Not(HasSubstr("cannot open")));
}

TEST(CliRank, TypesAndWeightsMustMatchTheCriteria) {
  const std::string file = data_file("aircraft.csv");
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--types", "max,min", "--weights", kWeights, file}),
                     {"option --types", "2 criterion types for 6 criteria"});
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--types", kTypes, "--weights", "0.5,0.5", file}),
                     {"option --weights", "2 values given, 6 expected"});
  expect_usage_error(run_tool({"rank", "--method", "wsm", "--weights", "0.2,0.1,0.1,0.1,0.2,0.3,0.1", file}),
                     {"option --weights", "7 values given, 6 expected"});
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--weights", "0.2,0.1,-0.1,0.1,0.2,0.3", file}),
                     {"option --weights", "item 3 (criterion payload) is negative"});
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--weights", "0,0,0,0,0,0", file}),
                     {"option --weights", "every weight is zero"});
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--types", "max,max,max,target:5,max,max", file}),
                     {"option --types", "item 4", "max or min criteria only"});
  expect_usage_error(
      run_tool({"rank", "--method", "topsis", "--weights", kWeights, "--weights-method", "entropy", file}),
      {"--weights and --weights-method", "not both"});
}

TEST(CliRank, MethodOptionsAreChecked) {
  const std::string file = data_file("aircraft.csv");
  {
    const ToolRun r = run_tool({"rank", "--method", "topsis", "--weights-method", "ahp", file});
    expect_usage_error(r, {"--weights-method", "\"ahp\" is not a weighting method"});
    for (const auto& name : names_of(qualis::weighting_methods())) EXPECT_THAT(r.err, HasSubstr(name));
  }
  expect_usage_error(run_tool({"rank", "--method", "vikor", "--normalization", "vector", file}),
                     {"option --normalization", "applies to topsis and gra"});
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--normalization", "z_score", file}),
                     {"\"z_score\" is not a TOPSIS normalisation", "vector, min_max, sum or max"});
  expect_usage_error(run_tool({"rank", "--method", "wsm", "--normalization", "unit", file}),
                     {"\"unit\" is not a normalization method"});
  expect_usage_error(run_tool({"rank", "--method", "wsm", "--types", kTypes, "--normalization", "none", file}),
                     {"option --normalization", "criterion cost is not"});
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--distance", "hamming", file}),
                     {"--distance", "euclidean, manhattan or chebyshev"});
  expect_usage_error(run_tool({"rank", "--method", "wsm", "--ties", "random", file}), {"--ties", "\"random\""});
  expect_usage_error(run_tool({"rank", "--method", "wsm", "--missing", "impute", file}),
                     {"option --missing", "skip, propagate or reject"});
  expect_usage_error(run_tool({"rank", "--method", "fce", file}), {"option --thresholds", "fce needs"});
  expect_usage_error(run_tool({"rank", "--method", "fce", "--thresholds", "1,2,3,4,5/1,2,3,4,5", file}),
                     {"option --thresholds", "2 breakpoint lists for 6 criteria"});
  expect_usage_error(run_tool({"rank", "--method", "fce", "--operator", "max_sum", "--thresholds", "1,2,3,4,5", file}),
                     {"--operator", "\"max_sum\""});
  expect_usage_error(run_tool({"rank", "--method", "vikor", "--v", "half", file}), {"--v"});
  // Option values outside their range are usage errors too, found before the file is read.
  expect_usage_error(run_tool({"rank", "--method", "vikor", "--v", "1.5", file}), {"--v", "v = 1.5", "[0, 1]"});
  expect_usage_error(run_tool({"rank", "--method", "vikor", "--v", "-0.1", file}), {"--v", "[0, 1]"});
  expect_usage_error(run_tool({"rank", "--method", "gra", "--rho", "0", file}), {"--rho", "rho = 0", "(0, 1]"});
  expect_usage_error(run_tool({"rank", "--method", "gra", "--rho", "1.01", "/no/such/file.csv"}), {"--rho", "(0, 1]"});
  expect_usage_error(run_tool({"rank", "--method", "vikor", "--v", "nan", file}), {"--v"});
}

}  // namespace
