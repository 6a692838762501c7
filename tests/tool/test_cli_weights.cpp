// `qualis weights`: the objective methods against an independent computation and the library called directly,
// AHP on a perfectly consistent matrix (w back, CR = 0), on an inconsistent one (rejected with CR, accepted with
// --consistency warn) and on the house example, the JSON form, missing values and every bad option.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <qualis/score/ahp.hpp>
#include <qualis/score/weights.hpp>

#include "tool/cli_support.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace qualis_cli_test;

const std::string kAircraftTypes = "max,max,max,min,max,max";
const std::vector<std::string> kAircraftCriteria = {"speed", "range",       "payload",
                                                    "cost",  "reliability", "maneuverability"};

std::vector<qualis::Direction> aircraft_directions() {
  const auto max = qualis::Direction::higher_is_better;
  const auto min = qualis::Direction::lower_is_better;
  return {max, max, max, min, max, max};
}

// The weights of a CSV run, in criterion order, after checking the criterion column.
std::vector<double> weights_of(const ToolRun& r, const std::vector<std::string>& criteria) {
  EXPECT_EQ(r.code, 0) << r.err;
  const Table t = parse_output(r.out);
  EXPECT_EQ(t.header, (std::vector<std::string>{"criterion", "weight"}));
  EXPECT_EQ(t.texts("criterion"), criteria);
  return t.numbers("weight");
}

// ---------------------------------------------------------------------------------------------------------------
// Decision-matrix methods
// ---------------------------------------------------------------------------------------------------------------

TEST(CliWeights, ObjectiveMethodsMatchAnIndependentComputation) {
  // numpy (float64) on the aircraft data of Hwang & Yoon (1981), from the formulas of each method's source:
  // entropy on direction-aware min-max data with 0 ln 0 = 0 (Shannon; Hwang & Yoon 1981); CRITIC on the same
  // data, sd (ddof 1) times sum of (1 - Pearson r) (Diakoulaki et al. 1995); cv = sd / |mean| of the raw data;
  // std = sd of the min-max data.
  const std::map<std::string, std::vector<double>> expected = {
      {"entropy",
       {0.15593793359869085, 0.17389257761663351, 0.11910549936705064, 0.12613444225392953, 0.13432649300436067,
        0.2906030541593348}},
      {"critic",
       {0.23587443831557697, 0.2088184566705272, 0.12700027279059142, 0.1306154747275454, 0.12092615890445788,
        0.17676519859130096}},
      {"cv",
       {0.11339289338400822, 0.20573121170443265, 0.05141177321631829, 0.1281971707318938, 0.26354687288251466,
        0.23772007808083243}},
      {"std",
       {0.16503161458817442, 0.16438771195885962, 0.16226649132235288, 0.1651761467553492, 0.1579386049452878,
        0.18519943042997614}},
  };
  for (const auto& [method, w] : expected) {
    SCOPED_TRACE(method);
    const ToolRun r = run_tool({"weights", "--method", method, "--types", kAircraftTypes, data_file("aircraft.csv")});
    expect_column(weights_of(r, kAircraftCriteria), w, 1e-12);
    EXPECT_EQ(r.err, "");
  }
}

TEST(CliWeights, EveryMethodOfTheRegistryMatchesTheLibrary) {
  const qualis::MatrixFile m = load_matrix("aircraft.csv");
  std::map<std::string, std::pair<std::vector<std::string>, qualis::WeightOptions>> cases;
  const auto with = [](qualis::WeightingMethod method) {
    qualis::WeightOptions o;
    o.method = method;
    return o;
  };
  using WM = qualis::WeightingMethod;
  Eigen::VectorXd raw(6);
  raw << 3, 1, 1, 2, 2, 1;
  cases["equal"] = {{}, with(WM::equal)};
  {
    auto o = with(WM::fixed);
    o.fixed = raw;
    cases["fixed"] = {{"--fixed", "3,1,1,2,2,1"}, o};
  }
  {
    auto o = with(WM::entropy);
    o.entropy.normalization = qualis::WeightNormalization::none;
    cases["entropy"] = {{"--normalization", "none"}, o};
  }
  cases["critic"] = {{}, with(WM::critic)};
  cases["coefficient_of_variation"] = {{}, with(WM::coefficient_of_variation)};
  cases["standard_deviation"] = {{}, with(WM::standard_deviation)};
  {
    auto o = with(WM::pca);
    o.pca.rotation = qualis::PcaRotation::none;
    cases["pca"] = {{"--rotation", "none"}, o};
  }
  {
    auto o = with(WM::combined);
    o.fixed = raw;
    o.combine.rule = qualis::CombinationRule::linear;
    o.combine.alpha = 0.3;
    o.combine.objective = WM::critic;
    cases["combined"] = {{"--fixed", "3,1,1,2,2,1", "--alpha", "0.3", "--objective", "critic"}, o};
  }
  for (const auto& name : names_of(qualis::weighting_methods())) {
    SCOPED_TRACE(name);
    ASSERT_EQ(cases.count(name), 1U) << "a registry method without a test case";
    const auto& [options, library] = cases.at(name);
    std::vector<std::string> args = {"weights", "--method", name, "--types", kAircraftTypes};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(data_file("aircraft.csv"));
    const qualis::WeightResult expected = qualis::compute_weights(m.values, aircraft_directions(), library);
    expect_column(weights_of(run_tool(args), kAircraftCriteria), expected.weights);
  }
}

TEST(CliWeights, ShortNamesSelectTheRegistryMethod) {
  for (const auto& [spelling, name] : std::vector<std::pair<std::string, std::string>>{
           {"cv", "coefficient_of_variation"}, {"std", "standard_deviation"}, {"CRITIC", "critic"}}) {
    const ToolRun r = run_tool({"weights", "--method", spelling, "--format", "json", data_file("aircraft.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["method"], name) << spelling;
  }
}

TEST(CliWeights, JsonCarriesTheWeightsAndTheirProvenance) {
  const ToolRun r = run_tool(
      {"weights", "--method", "entropy", "--types", kAircraftTypes, "--format", "json", data_file("aircraft.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["command"], "weights");
  EXPECT_EQ(doc["method"], "entropy");
  EXPECT_EQ(doc["columns"], (std::vector<std::string>{"criterion", "weight"}));
  ASSERT_EQ(doc["rows"].size(), 6U);
  double total = 0.0;
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(doc["rows"][k]["criterion"], kAircraftCriteria[k]);
    total += doc["rows"][k]["weight"].get<double>();
  }
  expect_rel(total, 1.0);
  expect_rel(doc["rows"][5]["weight"].get<double>(), 0.2906030541593348);  // as in the independent computation
  EXPECT_EQ(doc["details"]["status"], "ok");
  EXPECT_EQ(doc["details"]["units_used"], 4);
  EXPECT_EQ(doc["details"]["units_excluded"], 0);
  EXPECT_TRUE(doc["details"]["degenerate_criteria"].empty());
}

TEST(CliWeights, AConstantCriterionGetsWeightZeroAndIsReported) {
  const std::string text = "id,a,b,c\nu1,1,5,2\nu2,2,5,9\nu3,4,5,4\n";
  const ToolRun r = run_tool({"weights", "--method", "critic", "-"}, text);
  const auto w = weights_of(r, {"a", "b", "c"});
  EXPECT_EQ(w[1], 0.0);
  EXPECT_THAT(r.err, HasSubstr("qualis weights: constant criteria get weight 0: [\"b\"]"));
  const ToolRun json = run_tool({"weights", "--method", "critic", "--format", "json", "-"}, text);
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["details"]["status"], "degenerate_columns");
  EXPECT_EQ(doc["details"]["degenerate_criteria"], std::vector<std::string>{"b"});
}

TEST(CliWeights, MissingValuesAreRejectedNamingTheCellOrSkippedOnRequest) {
  expect_data_error(run_tool({"weights", "--method", "entropy", data_file("missing_values.csv")}),
                    {"missing_values.csv[alternative=u2, criterion=b]", "value is missing", "--missing skip"});

  // skip: u2 and u3 are left out; the library on the three complete units gives the same weights.
  const ToolRun r = run_tool({"weights", "--method", "critic", "--missing", "skip", data_file("missing_values.csv")});
  Eigen::MatrixXd complete(3, 3);
  complete << 1, 2, 3, 2, 5, 1, 3, 3, 4;
  qualis::WeightOptions o;
  o.method = qualis::WeightingMethod::critic;
  const auto expected = qualis::compute_weights(complete, std::vector<qualis::Direction>(3), o);
  expect_column(weights_of(r, {"a", "b", "c"}), expected.weights);
  EXPECT_EQ(r.err, "qualis weights: 2 unit(s) with missing values left out\n");

  const ToolRun json = run_tool(
      {"weights", "--method", "critic", "--missing", "skip", "--format", "json", data_file("missing_values.csv")});
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc["details"]["units_used"], 3);
  EXPECT_EQ(doc["details"]["units_excluded"], 2);

  // Equal weights need no data.
  expect_column(
      weights_of(run_tool({"weights", "--method", "equal", data_file("missing_values.csv")}), {"a", "b", "c"}),
      std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3});
}

TEST(CliWeights, BadOptionsAreCommandLineErrors) {
  const std::string file = data_file("aircraft.csv");
  {
    const ToolRun r = run_tool({"weights", "--method", "entorpy", file});
    expect_usage_error(r, {"--method", "\"entorpy\" is not a weighting method", "ahp"});
    for (const auto& name : names_of(qualis::weighting_methods())) EXPECT_THAT(r.err, HasSubstr(name));
  }
  expect_usage_error(run_tool({"weights", "--method", "entropy", "--types", "max,min", file}),
                     {"option --types", "2 criterion types for 6 criteria"});
  expect_usage_error(run_tool({"weights", "--method", "entropy", "--types", "max,max,max,target:5,max,max", file}),
                     {"option --types", "item 4", "max or min criteria only"});
  expect_usage_error(run_tool({"weights", "--method", "fixed", file}),
                     {"option --fixed", "one raw weight per criterion"});
  expect_usage_error(run_tool({"weights", "--method", "fixed", "--fixed", "1,2,3", file}),
                     {"option --fixed", "3 values given, 6 expected"});
  expect_usage_error(run_tool({"weights", "--method", "fixed", "--fixed", "1,2,3,4,5,six", file}),
                     {"option --fixed", "item 6", "\"six\" is not a finite number"});
  expect_usage_error(run_tool({"weights", "--method", "entropy", "--missing", "propagate", file}),
                     {"option --missing", "reject or skip"});
  expect_usage_error(run_tool({"weights", "--method", "entropy", "--normalization", "z_score", file}),
                     {"option --normalization", "min_max or none"});
  expect_usage_error(run_tool({"weights", "--method", "pca", "--rotation", "promax", file}), {"--rotation", "promax"});
  expect_usage_error(
      run_tool({"weights", "--method", "combined", "--fixed", "1,1,1,1,1,1", "--rule", "geometric", file}),
      {"--rule", "geometric"});
  expect_usage_error(
      run_tool({"weights", "--method", "combined", "--fixed", "1,1,1,1,1,1", "--objective", "nope", file}),
      {"--objective", "\"nope\" is not a weighting method"});
}

// ---------------------------------------------------------------------------------------------------------------
// AHP
// ---------------------------------------------------------------------------------------------------------------

const std::vector<std::string> kAhpCriteria = {"scale", "innovation", "brand", "cooperation"};

TEST(CliAhp, APerfectlyConsistentMatrixGivesBackItsWeightsWithCrZero) {
  // a_ij = w_i / w_j for w = (8, 4, 2, 1) / 15: every derivation returns w, lambda_max = n = 4, CI = CR = 0
  // (Saaty 1980; the matrix has rank one).
  const std::vector<double> w = {8.0 / 15, 4.0 / 15, 2.0 / 15, 1.0 / 15};
  for (const std::string derivation :
       {"eigenvector", "geometric_mean", "geometric", "normalized_column_mean", "column"}) {
    SCOPED_TRACE(derivation);
    const ToolRun r =
        run_tool({"weights", "--method", "ahp", "--derivation", derivation, data_file("ahp_consistent.csv")});
    expect_column(weights_of(r, kAhpCriteria), w);
    // lambda_max is 4 up to rounding (3.999999999999999 for the geometric mean); CI is clamped at 0.
    EXPECT_THAT(r.err, HasSubstr("qualis weights: ahp "));
    EXPECT_THAT(r.err, HasSubstr("CI=0 CR=0 (RI=0.9, consistent at 0.1)"));

    const ToolRun json = run_tool({"weights", "--method", "ahp", "--derivation", derivation, "--format", "json",
                                   data_file("ahp_consistent.csv")});
    ASSERT_EQ(json.code, 0) << json.err;
    EXPECT_EQ(json.err, "");
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["command"], "weights");
    EXPECT_EQ(doc["method"], "ahp");
    EXPECT_EQ(doc["details"]["derivation"], qualis::to_string(qualis::parse_ahp_derivation(derivation)));
    expect_rel(doc["details"]["lambda_max"].get<double>(), 4.0);
    EXPECT_NEAR(doc["details"]["ci"].get<double>(), 0.0, 1e-12);
    EXPECT_NEAR(doc["details"]["cr"].get<double>(), 0.0, 1e-12);
    EXPECT_EQ(doc["details"]["ri"].get<double>(), 0.9);
    EXPECT_EQ(doc["details"]["random_index_table"], "saaty");
    EXPECT_EQ(doc["details"]["consistent"], true);
    for (std::size_t k = 0; k < 4; ++k) {
      EXPECT_EQ(doc["rows"][k]["criterion"], kAhpCriteria[k]);
      expect_rel(doc["rows"][k]["weight"].get<double>(), w[k]);
    }
  }
}

TEST(CliAhp, AnInconsistentMatrixIsRejectedWithItsCr) {
  // a > b (3), b > c (3) but c > a (3): a cycle. Each row sums to 1 + 3 + 1/3, so w = (1/3, 1/3, 1/3) and
  // lambda_max = 13/3, CI = (13/3 - 3) / 2 = 2/3, CR = CI / RI(3) = (2/3) / 0.58 = 1.149 (Saaty's RI).
  const std::string file = data_file("ahp_inconsistent.csv");
  expect_data_error(run_tool({"weights", "--method", "ahp", file}),
                    {file, "consistency ratio CR = 1.149 exceeds the threshold 0.1", "RI(3) = 0.58",
                     "lambda_max = 4.333", "--consistency warn"});
  expect_data_error(run_tool({"weights", "--method", "ahp", "--derivation", "geometric", file}), {"CR = 1.149"});
}

TEST(CliAhp, AnInconsistentMatrixIsAcceptedWithConsistencyWarn) {
  const std::string file = data_file("ahp_inconsistent.csv");
  const ToolRun r = run_tool({"weights", "--method", "ahp", "--consistency", "warn", file});
  expect_column(weights_of(r, {"a", "b", "c"}), std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3});
  EXPECT_THAT(r.err, HasSubstr("NOT consistent at 0.1"));

  const ToolRun json = run_tool({"weights", "--method", "ahp", "--consistency", "warn", "--format", "json", file});
  ASSERT_EQ(json.code, 0) << json.err;
  const auto d = nlohmann::json::parse(json.out)["details"];
  expect_rel(d["lambda_max"].get<double>(), 13.0 / 3.0);
  expect_rel(d["ci"].get<double>(), 2.0 / 3.0);
  expect_rel(d["cr"].get<double>(), (2.0 / 3.0) / 0.58);
  EXPECT_EQ(d["ri"].get<double>(), 0.58);
  EXPECT_EQ(d["threshold"].get<double>(), 0.1);
  EXPECT_EQ(d["consistent"], false);

  // Another random-index table: Alonso & Lamata (2006), RI(3) = 0.5245.
  const ToolRun al = run_tool(
      {"weights", "--method", "ahp", "--consistency", "warn", "--ri-table", "alonso_lamata", "--format", "json", file});
  ASSERT_EQ(al.code, 0) << al.err;
  expect_rel(nlohmann::json::parse(al.out)["details"]["cr"].get<double>(), (2.0 / 3.0) / 0.5245);
}

TEST(CliAhp, HouseExampleMatchesTheEigenvectorAndTheThresholdIsAnOption) {
  // numpy.linalg.eig on house_size.csv: principal eigenvector (0.7351934095596669, 0.20669537897713225,
  // 0.05811121146320076), lambda_max = 3.117099769687403, CR = 0.1009480773167269: just above Saaty's 0.10.
  const std::string file = data_file("house_size.csv");
  expect_data_error(run_tool({"weights", "--method", "ahp", file}), {"CR = 0.1009", "--consistency warn"});

  const ToolRun r = run_tool({"weights", "--method", "ahp", "--cr-threshold", "0.11", "--format", "json", file});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const std::vector<double> eig = {0.7351934095596669, 0.20669537897713225, 0.05811121146320076};
  // Power iteration stops at a change of 1e-12 per weight (AhpOptions::eigen_tolerance), hence 1e-9.
  for (std::size_t k = 0; k < 3; ++k) expect_rel(doc["rows"][k]["weight"].get<double>(), eig[k], 1e-9);
  expect_rel(doc["details"]["lambda_max"].get<double>(), 3.117099769687403, 1e-9);
  expect_rel(doc["details"]["cr"].get<double>(), 0.1009480773167269, 1e-8);
  EXPECT_EQ(doc["details"]["consistent"], true);

  // And exactly what the library gives on the same matrix.
  qualis::AhpOptions o;
  o.threshold = 0.11;
  const qualis::AhpResult expected = qualis::ahp_weights(load_matrix("house_size.csv").values, o);
  for (std::size_t k = 0; k < 3; ++k) {
    expect_rel(doc["rows"][k]["weight"].get<double>(), expected.weights[static_cast<Eigen::Index>(k)]);
  }
  expect_rel(doc["details"]["lambda_max"].get<double>(), expected.lambda_max);
  expect_rel(doc["details"]["ci"].get<double>(), expected.ci);
  expect_rel(doc["details"]["cr"].get<double>(), expected.cr);
}

TEST(CliAhp, ReadsStandardInput) {
  const ToolRun r = run_tool({"weights", "--method", "ahp", "-"}, slurp(data_file("ahp_consistent.csv")));
  expect_column(weights_of(r, kAhpCriteria), std::vector<double>{8.0 / 15, 4.0 / 15, 2.0 / 15, 1.0 / 15});
}

TEST(CliAhp, BadPairwiseMatricesAreDataErrors) {
  expect_data_error(run_tool({"weights", "--method", "ahp", data_file("aircraft.csv")}),
                    {"square", "4 rows and 6 columns"});
  expect_data_error(run_tool({"weights", "--method", "ahp", data_file("ahp_order_mismatch.csv")}),
                    {"row 2 is \"innovation\" but column 2 is \"brand\"", "same order"});
  expect_data_error(run_tool({"weights", "--method", "ahp", "-"}, "criterion,a,b\na,1,\nb,1,1\n"),
                    {"<stdin>[row=a, column=b]", "value is missing", "complete pairwise comparison matrix"});
  expect_data_error(
      run_tool({"weights", "--method", "ahp", "-"}, "criterion,a,b\na,1,3\nb,3,1\n"),
      {"cell (row \"a\", column \"b\") is 3", "cell (row \"b\", column \"a\") is 3", "not its reciprocal"});
  const std::string off_scale = "criterion,a,b\na,1,12\nb,0.08333333333333333,1\n";
  expect_data_error(run_tool({"weights", "--method", "ahp", "-"}, off_scale),
                    {"cell (row \"a\", column \"b\") is 12", "1-9 scale"});
  const ToolRun free = run_tool({"weights", "--method", "ahp", "--scale", "any_positive", "-"}, off_scale);
  expect_column(weights_of(free, {"a", "b"}), std::vector<double>{12.0 / 13, 1.0 / 13});
}

TEST(CliAhp, BadAhpOptionsAreCommandLineErrors) {
  const std::string file = data_file("ahp_consistent.csv");
  {
    const ToolRun r = run_tool({"weights", "--method", "ahp", "--derivation", "power", file});
    expect_usage_error(r, {"--derivation", "\"power\""});
    for (const auto& name : names_of(qualis::ahp_derivations())) EXPECT_THAT(r.err, HasSubstr(name));
  }
  expect_usage_error(run_tool({"weights", "--method", "ahp", "--consistency", "ignore", file}), {"--consistency"});
  expect_usage_error(run_tool({"weights", "--method", "ahp", "--ri-table", "random", file}),
                     {"--ri-table", "\"random\"", "alonso_lamata"});
  expect_usage_error(run_tool({"weights", "--method", "ahp", "--scale", "1-9", file}), {"--scale"});
  expect_usage_error(run_tool({"weights", "--method", "ahp", "--cr-threshold", "ten", file}), {"--cr-threshold"});
}

}  // namespace
