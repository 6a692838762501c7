// The qualis command-line tool as a whole, run in-process through qualis_tool::run(): help and the methods
// command (both read the library's registries), exit codes, standard input, --output, CSV errors with their
// file:line:column, and UTF-8 (BOM, Chinese ids) round trips. The numbers of each command are checked in
// test_cli_normalize.cpp, test_cli_weights.cpp and test_cli_rank.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <qualis/score/aggregate.hpp>
#include <qualis/score/ahp.hpp>
#include <qualis/score/mcda.hpp>
#include <qualis/score/normalize.hpp>
#include <qualis/score/weights.hpp>
#include <qualis/version.hpp>

#include "tool/cli_support.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace qualis_cli_test;

const std::string kAircraftTypes = "max,max,max,min,max,max";
const std::string kAircraftWeights = "0.2,0.1,0.1,0.1,0.2,0.3";

void expect_lists(const std::string& text, const std::vector<qualis::MethodInfo>& registry) {
  for (const auto& name : names_of(registry)) EXPECT_THAT(text, HasSubstr(name)) << "method " << name << " not listed";
}

// ---------------------------------------------------------------------------------------------------------------
// Help, version, methods
// ---------------------------------------------------------------------------------------------------------------

TEST(CliHelp, TopLevelHelpListsTheCommandsAndEveryMethodOfEveryRegistry) {
  const ToolRun r = run_tool({"--help"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  EXPECT_EQ(r.err, "");
  for (const char* command : {"normalize", "weights", "rank", "methods"}) EXPECT_THAT(r.out, HasSubstr(command));
  expect_lists(r.out, qualis::normalization_methods());
  expect_lists(r.out, qualis::weighting_methods());
  expect_lists(r.out, qualis::ahp_derivations());
  expect_lists(r.out, qualis::mcda_methods());
  expect_lists(r.out, qualis::aggregation_methods());
  EXPECT_THAT(r.out, HasSubstr("ahp"));
  // The short names of the contract.
  for (const char* alias : {"cv", "std", "wsm", "wpm", "mpi"}) EXPECT_THAT(r.out, HasSubstr(alias));
}

TEST(CliHelp, NormalizeHelpListsEveryNormalizationMethod) {
  const ToolRun r = run_tool({"normalize", "--help"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  expect_lists(r.out, qualis::normalization_methods());
  for (const char* option : {"--method", "--types", "--format", "--output", "FILE"})
    EXPECT_THAT(r.out, HasSubstr(option));
}

TEST(CliHelp, WeightsHelpListsEveryWeightingMethodAhpAndItsDerivations) {
  const ToolRun r = run_tool({"weights", "--help"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  expect_lists(r.out, qualis::weighting_methods());
  expect_lists(r.out, qualis::ahp_derivations());
  for (const char* word : {"ahp", "--derivation", "--consistency", "--types", "--format", "--output"}) {
    EXPECT_THAT(r.out, HasSubstr(word));
  }
}

TEST(CliHelp, RankHelpListsEveryMcdaAggregationAndWeightingMethod) {
  const ToolRun r = run_tool({"rank", "--help"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  expect_lists(r.out, qualis::mcda_methods());
  expect_lists(r.out, qualis::aggregation_methods());
  expect_lists(r.out, qualis::weighting_methods());  // --weights-method
  for (const char* word : {"wsm", "wpm", "mpi", "--weights", "--weights-method", "--normalization", "--v", "--rho"}) {
    EXPECT_THAT(r.out, HasSubstr(word));
  }
}

TEST(CliHelp, VersionPrintsTheLibraryVersion) {
  const ToolRun r = run_tool({"--version"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  EXPECT_THAT(r.out, HasSubstr(qualis::version()));
}

TEST(CliHelp, NoCommandOrAnUnknownCommandIsACommandLineError) {
  expect_usage_error(run_tool({}), {"a command is required",
                                    "assess, validate, demo, sensitivity, normalize, weights, rank, trend or methods"});
  expect_usage_error(run_tool({"frobnicate", "x.csv"}), {"frobnicate"});
  expect_usage_error(run_tool({"rank", "weights"}), {"--method is required"});
}

TEST(CliMethods, ListsEveryMethodOfEveryFamilyWithItsSource) {
  const ToolRun r = run_tool({"methods"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  EXPECT_EQ(r.err, "");
  for (const auto* registry : {&qualis::normalization_methods(), &qualis::weighting_methods(),
                               &qualis::ahp_derivations(), &qualis::aggregation_methods(), &qualis::mcda_methods()}) {
    for (const auto& m : *registry) {
      EXPECT_THAT(r.out, HasSubstr("  " + std::string(m.name))) << m.name;
      EXPECT_THAT(r.out, HasSubstr(std::string("source: ") + m.source)) << m.name;
      for (const char* alias : m.aliases) EXPECT_THAT(r.out, HasSubstr(std::string("| ") + alias));
    }
  }
  // A parameter with its default, as the registry gives it (TOPSIS's distance).
  EXPECT_THAT(r.out, HasSubstr("distance (default euclidean)"));
}

TEST(CliMethods, OneFamilyOnly) {
  const ToolRun r = run_tool({"methods", "mcda"});
  EXPECT_EQ(r.code, qualis_tool::exit_ok);
  expect_lists(r.out, qualis::mcda_methods());
  EXPECT_THAT(r.out, HasSubstr("MCDA methods"));
  EXPECT_THAT(r.out, Not(HasSubstr("Normalisation (")));
  EXPECT_THAT(r.out, Not(HasSubstr("Shannon")));  // the entropy weighting entry
}

TEST(CliMethods, UnknownFamilyIsACommandLineErrorListingTheFamilies) {
  expect_usage_error(run_tool({"methods", "bogus"}),
                     {"bogus", "normalization", "weighting", "ahp", "aggregation", "mcda"});
}

// ---------------------------------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------------------------------

TEST(CliExitCodes, ZeroForSuccessOneForBadDataTwoForABadCommandLine) {
  EXPECT_EQ(run_tool({"normalize", "--method", "min_max", data_file("aircraft.csv")}).code, 0);
  EXPECT_EQ(run_tool({"normalize", "--method", "min_max", data_file("non_numeric.csv")}).code, 1);
  EXPECT_EQ(run_tool({"normalize", "--method", "min_max", "--bogus", data_file("aircraft.csv")}).code, 2);
  EXPECT_EQ(run_tool({"normalize", "--method", "bogus", data_file("aircraft.csv")}).code, 2);
  EXPECT_EQ(run_tool({"normalize", "--method", "min_max", "--format", "xml", data_file("aircraft.csv")}).code, 2);
}

TEST(CliExitCodes, EveryCommandRejectsAnUnknownOption) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"normalize", "--method", "min_max"},
                                               {"weights", "--method", "entropy"},
                                               {"rank", "--method", "topsis"}}) {
    std::vector<std::string> a = args;
    a.emplace_back("--no-such-option");
    a.push_back(data_file("aircraft.csv"));
    SCOPED_TRACE(args[0]);
    expect_usage_error(run_tool(a), {"--no-such-option"});
  }
}

TEST(CliExitCodes, EveryCommandNeedsAFileAndAMethod) {
  for (const auto& [command, method] : std::vector<std::pair<std::string, std::string>>{
           {"normalize", "min_max"}, {"weights", "entropy"}, {"weights", "ahp"}, {"rank", "topsis"}}) {
    SCOPED_TRACE(command);
    expect_usage_error(run_tool({command, "--method", method}), {"FILE is required"});
    expect_usage_error(run_tool({command, data_file("aircraft.csv")}), {"--method is required"});
  }
}

TEST(CliExitCodes, EveryCommandReportsANonexistentFileByName) {
  const std::string missing = data_file("no_such_file.csv");
  const std::vector<std::vector<std::string>> runs = {{"normalize", "--method", "min_max", missing},
                                                      {"weights", "--method", "entropy", missing},
                                                      {"weights", "--method", "ahp", missing},
                                                      {"rank", "--method", "topsis", missing}};
  for (const auto& args : runs) {
    SCOPED_TRACE(args[0] + " " + args[2]);
    expect_data_error(run_tool(args), {missing, "cannot open for reading"});
  }
}

TEST(CliExitCodes, ADirectoryIsNotAnInputFile) {
  expect_data_error(run_tool({"normalize", "--method", "min_max", std::string(QUALIS_TEST_DATA_DIR)}),
                    {"is a directory"});
}

// ---------------------------------------------------------------------------------------------------------------
// Malformed CSV: the message gives file:line:column (column in characters, as documented in io/csv.hpp)
// ---------------------------------------------------------------------------------------------------------------

TEST(CliCsvErrors, UnterminatedQuoteIsReportedAtItsOpeningQuote) {
  // Line 3 is `u2,"3,4`: the quote is the 4th character.
  const std::string file = data_file("unterminated_quote.csv");
  expect_data_error(run_tool({"normalize", "--method", "min_max", file}), {file + ":3:4:", "not closed"});
}

TEST(CliCsvErrors, RaggedRowIsReportedWhereTheRecordEnds) {
  // Line 3 is `u2,3`: it ends (column 5) before the header's third column "b".
  const std::string file = data_file("ragged_row.csv");
  expect_data_error(run_tool({"weights", "--method", "entropy", file}),
                    {file + ":3:5:", "expected 3 fields", "got 2", "\"b\""});
}

TEST(CliCsvErrors, NonNumericCellNamesItsRowAndColumnAndCountsColumnsInCharacters) {
  // Line 3 is `安平县丝网,abc,4`: five Chinese characters and a comma, so "abc" starts at character 7.
  const std::string file = data_file("non_numeric.csv");
  expect_data_error(run_tool({"rank", "--method", "topsis", file}),
                    {file + ":3:7:", "\"abc\"", "安平县丝网", "output", "not a finite number"});
}

TEST(CliCsvErrors, InvalidUtf8IsReportedAtTheBadByte) {
  const std::string file = data_file("invalid_utf8.csv");
  expect_data_error(run_tool({"normalize", "--method", "min_max", file}), {file + ":3:2:", "invalid UTF-8", "0xFF"});
}

TEST(CliCsvErrors, AnEmptyInputIsRejected) {
  expect_data_error(run_tool({"rank", "--method", "wsm", "-"}, ""), {"<stdin>:1:1:", "empty input"});
}

TEST(CliCsvErrors, ErrorsOnStandardInputAreNamedStdin) {
  const std::string text = slurp(data_file("unterminated_quote.csv"));
  expect_data_error(run_tool({"weights", "--method", "entropy", "-"}, text), {"<stdin>:3:4:", "not closed"});
}

// ---------------------------------------------------------------------------------------------------------------
// Standard input
// ---------------------------------------------------------------------------------------------------------------

TEST(CliStdin, EveryCommandReadsDashLikeTheFile) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> runs = {
      {{"normalize", "--method", "vector", "--types", kAircraftTypes}, "aircraft.csv"},
      {{"weights", "--method", "critic", "--types", kAircraftTypes}, "aircraft.csv"},
      {{"weights", "--method", "ahp", "--derivation", "geometric"}, "ahp_consistent.csv"},
      {{"rank", "--method", "topsis", "--types", kAircraftTypes, "--weights", kAircraftWeights}, "aircraft.csv"},
  };
  for (const auto& [args, file] : runs) {
    SCOPED_TRACE(args[0] + " " + args[2]);
    std::vector<std::string> from_file = args;
    from_file.push_back(data_file(file));
    std::vector<std::string> from_stdin = args;
    from_stdin.emplace_back("-");
    const ToolRun a = run_tool(from_file);
    const ToolRun b = run_tool(from_stdin, slurp(data_file(file)));
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(b.out, a.out);
    EXPECT_FALSE(b.out.empty());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// --output: written atomically; on an error nothing is written and an existing file is left as it was
// ---------------------------------------------------------------------------------------------------------------

TEST(CliOutput, WritesTheFileInsteadOfStandardOutputAndLeavesNoTemporaryFile) {
  TempDir dir;
  const std::vector<std::string> base = {"rank",         "--method",  "topsis",        "--types",
                                         kAircraftTypes, "--weights", kAircraftWeights};
  std::vector<std::string> to_stdout = base;
  to_stdout.push_back(data_file("aircraft.csv"));
  const ToolRun expected = run_tool(to_stdout);
  ASSERT_EQ(expected.code, 0);

  std::vector<std::string> to_file = base;
  to_file.insert(to_file.end(), {"--output", dir.file("ranks.csv"), data_file("aircraft.csv")});
  const ToolRun r = run_tool(to_file);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(slurp(dir.file("ranks.csv")), expected.out);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"ranks.csv"});
}

TEST(CliOutput, ReplacesAnExistingFileAndWritesJson) {
  TempDir dir;
  write_file(dir.file("w.json"), "old content\n");
  const ToolRun r = run_tool({"weights", "--method", "entropy", "--types", kAircraftTypes, "--format", "json", "-o",
                              dir.file("w.json"), data_file("aircraft.csv")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const auto doc = nlohmann::json::parse(slurp(dir.file("w.json")));
  EXPECT_EQ(doc["command"], "weights");
  EXPECT_EQ(doc["method"], "entropy");
  EXPECT_EQ(doc["rows"].size(), 6U);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"w.json"});
}

TEST(CliOutput, ADataErrorWritesNothingAndLeavesTheExistingFileUntouched) {
  TempDir dir;
  const std::string existing = "alternative,score,rank\nkeep,1,1\n";
  const std::vector<std::vector<std::string>> failing = {
      {"normalize", "--method", "min_max", "--output", dir.file("out.csv"), data_file("non_numeric.csv")},
      {"weights", "--method", "ahp", "--output", dir.file("out.csv"), data_file("ahp_inconsistent.csv")},
      {"rank", "--method", "topsis", "--output", dir.file("out.csv"), data_file("missing_values.csv")},
      {"rank", "--method", "wsm", "--output", dir.file("out.csv"), data_file("no_such_file.csv")},
  };
  for (const auto& args : failing) {
    SCOPED_TRACE(args[0] + " " + args.back());
    write_file(dir.file("out.csv"), existing);
    expect_data_error(run_tool(args), {});
    EXPECT_EQ(slurp(dir.file("out.csv")), existing);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.csv"});
  }
}

TEST(CliOutput, ACommandLineErrorWritesNothingAndLeavesTheExistingFileUntouched) {
  TempDir dir;
  const std::string existing = "previous result\n";
  write_file(dir.file("out.csv"), existing);
  // Found only after reading the data: three types for six criteria.
  expect_usage_error(run_tool({"rank", "--method", "topsis", "--types", "max,max,min", "--output", dir.file("out.csv"),
                               data_file("aircraft.csv")}),
                     {"--types"});
  EXPECT_EQ(slurp(dir.file("out.csv")), existing);
  // Found while parsing the command line.
  expect_usage_error(
      run_tool({"normalize", "--method", "nope", "--output", dir.file("out.csv"), data_file("aircraft.csv")}),
      {"nope"});
  EXPECT_EQ(slurp(dir.file("out.csv")), existing);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.csv"});
}

TEST(CliOutput, AnOutputInAMissingDirectoryFailsWithoutCreatingAnything) {
  TempDir dir;
  const std::string target = dir.file("no_such_dir/out.csv");
  expect_data_error(run_tool({"normalize", "--method", "min_max", "--output", target, data_file("aircraft.csv")}),
                    {target});
  EXPECT_TRUE(dir.entries().empty());
}

TEST(CliOutput, AFailedRenameRemovesTheTemporaryFile) {
  // The target is an existing directory: the result is written beside it, cannot be moved over it, and the
  // temporary file is removed again.
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "taken");
  write_file(dir.file("taken/inside.txt"), "x");
  expect_data_error(
      run_tool({"weights", "--method", "equal", "--output", dir.file("taken"), data_file("aircraft.csv")}),
      {dir.file("taken"), "cannot move the result into place"});
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"taken"});
  EXPECT_EQ(slurp(dir.file("taken/inside.txt")), "x");
}

// ---------------------------------------------------------------------------------------------------------------
// UTF-8: a byte order mark is skipped; Chinese ids come back unchanged in every format
// ---------------------------------------------------------------------------------------------------------------

TEST(CliUtf8, ChineseIdsRoundTripThroughNormalizeCsv) {
  const ToolRun r =
      run_tool({"normalize", "--method", "min_max", "--types", "max,max,max,min", data_file("bom_chinese.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("集群,产值,利润率,专利数,能耗\n", 0), 0U) << "no BOM in the output, header unchanged";
  const Table t = parse_output(r.out);
  EXPECT_EQ(t.texts("集群"), (std::vector<std::string>{"定州市体育用品", "安平县丝网", "清河县羊绒", "白沟箱包"}));
  // 能耗 (energy use) is a cost: the lowest, 清河县羊绒's 0.55, normalises to 1; the highest, 0.81, to 0.
  expect_column(t.numbers("能耗"), std::vector<double>{(0.81 - 0.62) / 0.26, 0.0, 1.0, (0.81 - 0.7) / 0.26});
}

TEST(CliUtf8, ChineseIdsRoundTripThroughRankJson) {
  const ToolRun r = run_tool(
      {"rank", "--method", "topsis", "--types", "max,max,max,min", "--format", "json", data_file("bom_chinese.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::vector<std::string> ids;
  for (const auto& row : doc["rows"]) ids.push_back(row["alternative"].get<std::string>());
  EXPECT_EQ(ids, (std::vector<std::string>{"定州市体育用品", "安平县丝网", "清河县羊绒", "白沟箱包"}));
  EXPECT_EQ(doc["details"]["weights"].size(), 4U);
  EXPECT_TRUE(doc["details"]["weights"].contains("能耗"));
}

TEST(CliUtf8, ChineseCriterionIdsRoundTripThroughWeightsFromStdin) {
  const ToolRun r = run_tool({"weights", "--method", "equal", "-"}, slurp(data_file("bom_chinese.csv")));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "criterion,weight\n产值,0.25\n利润率,0.25\n专利数,0.25\n能耗,0.25\n");
}

}  // namespace
