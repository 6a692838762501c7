// `qualis trend`: golden outputs of mk (pymannkendall), ols, cagr and holt/gm11 against the library, the reasons of
// too-short, all-missing and constant series, regional as one row, the JSON form, UTF-8 ids, and bad command lines
// and bad files (exit codes, positions in the messages, nothing written).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <qualis/trend/batch.hpp>

#include "tool/cli_support.hpp"

namespace {

using ::testing::HasSubstr;
using namespace qualis_cli_test;

const std::vector<std::string> kFixed = {"series", "method", "status", "n", "missing"};

std::vector<std::string> header_of(qualis::TrendMethod m, Eigen::Index horizon = 3) {
  std::vector<std::string> h = kFixed;
  const auto cols = qualis::trend_columns(m, horizon);
  h.insert(h.end(), cols.begin(), cols.end());
  h.emplace_back("reason");
  return h;
}

TEST(CliTrend, MannKendallMatchesPymannkendall) {
  const ToolRun r = run_tool({"trend", "--method", "mk", data_file("trend_basic.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const Table t = parse_output(r.out);
  EXPECT_EQ(t.header, header_of(qualis::TrendMethod::mk));
  // Series in the order of first appearance; the Chinese id round-trips byte for byte.
  EXPECT_EQ(t.texts("series"), (std::vector<std::string>{"产业集群A", "short", "gone", "flat", "down"}));
  EXPECT_EQ(t.texts("status"), (std::vector<std::string>{"ok", "too_short", "too_short", "constant", "ok"}));
  EXPECT_EQ(t.texts("trend"), (std::vector<std::string>{"increasing", "", "", "no trend", "no trend"}));
  EXPECT_EQ(t.texts("h"), (std::vector<std::string>{"1", "", "", "0", "0"}));
  EXPECT_EQ(t.texts("s"), (std::vector<std::string>{"40", "", "", "0", "-11"}));
  // pymannkendall 1.4 original_test (tests/reference/trend_batch.py); intercept: pymannkendall's minus
  // slope * (first year + 0.5), since qualis stamps year Y at Y + 0.5.
  const auto p = t.numbers("p");
  const auto z = t.numbers("z");
  const auto tau = t.numbers("tau");
  const auto var_s = t.numbers("var_s");
  const auto slope = t.numbers("slope");
  const auto intercept = t.numbers("intercept");
  expect_rel(p[0], 0.0004612540671704579, 1e-9);
  expect_rel(z[0], 3.502303389522111, 1e-9);
  expect_rel(tau[0], 0.8888888888888888, 1e-12);
  expect_rel(var_s[0], 124.0, 1e-12);
  expect_rel(slope[0], 0.40000000000000036, 1e-9);
  expect_rel(intercept[0], -802.4500000000007, 1e-9);
  expect_rel(p[4], 0.060289173990602185, 1e-9);
  expect_rel(z[4], -1.8786728732554487, 1e-9);
  expect_rel(tau[4], -0.7333333333333333, 1e-12);
  expect_rel(var_s[4], 28.333333333333332, 1e-12);
  expect_rel(slope[4], -0.4666666666666668, 1e-9);
  expect_rel(intercept[4], 951.2166666666669, 1e-9);
  // Reasons, and the counts.
  const auto reason = t.texts("reason");
  EXPECT_EQ(reason[0], "");
  EXPECT_EQ(reason[1], "2 observed values; mk needs at least 3");
  EXPECT_EQ(reason[2], "every value is missing");
  EXPECT_THAT(reason[3], HasSubstr("every observed value is equal"));
  EXPECT_EQ(t.texts("n"), (std::vector<std::string>{"10", "2", "0", "4", "6"}));
  EXPECT_EQ(t.texts("missing"), (std::vector<std::string>{"0", "0", "3", "0", "0"}));
  EXPECT_THAT(r.err, HasSubstr("3 of 5 row(s) without a complete result"));
}

TEST(CliTrend, SpellingsAndCaseAreAccepted) {
  const std::string file = data_file("trend_basic.csv");
  const ToolRun a = run_tool({"trend", "--method", "hamed-rao", file});
  const ToolRun b = run_tool({"trend", "--method", "HAMED_RAO", file});
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(parse_output(a.out).header, header_of(qualis::TrendMethod::hamed_rao));
  // Yue-Wang of pymannkendall (tests/reference/trend_batch.py): var_s of 产业集群A.
  const ToolRun y = run_tool({"trend", "--method", "yue-wang", file});
  ASSERT_EQ(y.code, 0) << y.err;
  expect_rel(parse_output(y.out).numbers("var_s")[0], 20.46889952153109, 1e-9);
}

TEST(CliTrend, EveryMethodMatchesTheLibrary) {
  const qualis::SeriesFile f = qualis::read_series(qualis::read_csv_file(data_file("trend_growth.csv")), "x");
  for (const auto& info : qualis::trend_methods()) {
    if (std::string(info.name) == "regional") continue;
    SCOPED_TRACE(info.name);
    const ToolRun r = run_tool({"trend", "--method", info.name, "--horizon", "2", data_file("trend_growth.csv")});
    ASSERT_EQ(r.code, 0) << r.err;
    const Table t = parse_output(r.out);
    qualis::TrendOptions o;
    o.method = qualis::parse_trend_method(info.name);
    o.horizon = 2;
    const auto cols = qualis::trend_columns(o.method, 2);
    ASSERT_EQ(t.rows.size(), f.series.size());
    for (std::size_t k = 0; k < f.series.size(); ++k) {
      const auto& e = f.series[k];
      const qualis::TrendSummary s = qualis::trend_summary(
          e.periods, Eigen::Map<const Eigen::VectorXd>(e.values.data(), static_cast<Eigen::Index>(e.values.size())), o);
      EXPECT_EQ(t.rows[k][t.col("status")], qualis::to_string(s.status));
      EXPECT_EQ(t.rows[k][t.col("reason")], s.reason);
      for (std::size_t c = 0; c < cols.size(); ++c) {
        if (qualis::trend_column_is_text(cols[c])) {
          EXPECT_EQ(t.rows[k][t.col(cols[c])], s.texts[c]) << cols[c];
        } else {
          expect_rel(number(t.rows[k][t.col(cols[c])]), s.values[c], 0.0);
        }
      }
    }
  }
}

TEST(CliTrend, CagrOlsAndReasonsOfTheForecasts) {
  const ToolRun c = run_tool({"trend", "--method", "cagr", data_file("trend_growth.csv")});
  ASSERT_EQ(c.code, 0) << c.err;
  const Table tc = parse_output(c.out);
  expect_rel(tc.numbers("rate")[0], 0.1381687923779309, 1e-12);  // (19.1 / 10)^(1/5) - 1 (OECD)
  EXPECT_EQ(tc.texts("start")[0], "2018");
  EXPECT_EQ(tc.texts("end")[0], "2023");
  EXPECT_EQ(tc.texts("status")[2], "ok");  // cagr needs only the ends: 3 and 5 are positive

  const ToolRun g = run_tool({"trend", "--method", "gm11", "--horizon", "1", data_file("trend_growth.csv")});
  ASSERT_EQ(g.code, 0) << g.err;
  const Table tg = parse_output(g.out);
  EXPECT_EQ(tg.header, header_of(qualis::TrendMethod::gm11, 1));
  EXPECT_EQ(tg.texts("status"), (std::vector<std::string>{"ok", "undefined", "undefined"}));
  EXPECT_EQ(tg.texts("reason")[1],
            "the value of 2019 is missing inside the observed span; gm11 needs consecutive values");
  EXPECT_EQ(tg.texts("reason")[2], "the value of 2020 (-1) is not positive; gm11 needs positive values");

  const ToolRun o = run_tool({"trend", "--method", "ols", data_file("trend_basic.csv")});
  ASSERT_EQ(o.code, 0) << o.err;
  const Table to = parse_output(o.out);
  // b = Sxy / Sxx over t = 2015.5..2024.5 (Montgomery, Peck & Vining 2012), numpy in tests/reference/trend_batch.py.
  expect_rel(to.numbers("slope")[0], 0.40121212121212113, 1e-12);
  expect_rel(to.numbers("intercept")[0], -804.7684848484847, 1e-9);
  EXPECT_THAT(to.texts("reason")[1], HasSubstr("2 observed values; ols needs at least 3"));
}

TEST(CliTrend, RegionalIsOneRowAndJsonCarriesTheDetails) {
  const ToolRun r = run_tool({"trend", "--method", "regional", "--format", "json", data_file("trend_basic.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["command"], "trend");
  EXPECT_EQ(doc["method"], "regional");
  ASSERT_EQ(doc["rows"].size(), 1U);
  const auto& row = doc["rows"][0];
  EXPECT_EQ(row["series"], "");
  EXPECT_EQ(row["status"], "ok");
  // S and n summed over the sites: 40 + 1 (short) + 0 (flat) - 11 (down); n = 10 + 2 + 0 + 4 + 6.
  EXPECT_EQ(row["s"], 30);
  EXPECT_EQ(row["n"], 22);
  EXPECT_EQ(row["missing"], 3);
  EXPECT_EQ(doc["details"]["series"], 5);
  EXPECT_EQ(doc["details"]["alpha"], 0.05);
}

TEST(CliTrend, JsonOfMkHasIntegersAndNulls) {
  const ToolRun r = run_tool({"trend", "--method", "mk", "--format", "json", data_file("trend_basic.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["rows"][0]["series"], "产业集群A");
  EXPECT_EQ(doc["rows"][0]["h"], 1);
  EXPECT_EQ(doc["rows"][0]["s"], 40);
  EXPECT_TRUE(doc["rows"][2]["p"].is_null());
  EXPECT_EQ(r.err, "");  // notes go to stderr in CSV mode only
}

TEST(CliTrend, OutputFileIsWrittenAtomically) {
  const TempDir dir;
  const ToolRun r = run_tool({"trend", "--method", "sen", "-o", dir.file("out.csv"), data_file("trend_basic.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out.csv"}));
  const ToolRun bad =
      run_tool({"trend", "--method", "sen", "-o", dir.file("bad.csv"), data_file("trend_bad_value.csv")});
  EXPECT_EQ(bad.code, qualis_tool::exit_data);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out.csv"}));  // nothing partial
}

TEST(CliTrend, StandardInput) {
  const ToolRun r = run_tool({"trend", "--method", "mk", "-"}, "series,period,value\nx,2020,1\nx,2021,2\nx,2022,4\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(parse_output(r.out).texts("s"), (std::vector<std::string>{"3"}));
}

TEST(CliTrend, BadCommandLinesAreUsageErrors) {
  const std::string file = data_file("trend_basic.csv");
  expect_usage_error(run_tool({"trend", "--method", "spline", file}),
                     {"\"spline\" is not a trend method", "mk, hamed-rao, yue-wang, pw, tfpw", "gm11"});
  expect_usage_error(run_tool({"trend", file}), {"--method"});
  expect_usage_error(run_tool({"trend", "--method", "mk", "--alpha", "1", file}), {"alpha = 1 is outside (0, 1)"});
  expect_usage_error(run_tool({"trend", "--method", "mk", "--alpha", "0", file}), {"alpha = 0 is outside"});
  expect_usage_error(run_tool({"trend", "--method", "mk", "--confidence", "x", file}), {"confidence", "not a number"});
  expect_usage_error(run_tool({"trend", "--method", "hamed-rao", "--lag", "-1", file}), {"--lag"});
  expect_usage_error(run_tool({"trend", "--method", "seasonal", "--season-length", "0", file}), {"--season-length"});
  expect_usage_error(run_tool({"trend", "--method", "holt", "--horizon", "-2", file}), {"--horizon"});
  expect_usage_error(run_tool({"trend", "--method", "mk", "--format", "xml", file}), {"--format"});
  expect_usage_error(run_tool({"trend", "--method", "mk"}), {"FILE"});
}

TEST(CliTrend, BadFilesAreDataErrorsWithPositions) {
  expect_data_error(run_tool({"trend", "--method", "mk", data_file("trend_duplicate.csv")}),
                    {"trend_duplicate.csv:4:", "period 2021 twice", "lines 3 and 4"});
  expect_data_error(run_tool({"trend", "--method", "mk", data_file("trend_bad_period.csv")}),
                    {"trend_bad_period.csv:3:", "20x1"});
  expect_data_error(run_tool({"trend", "--method", "mk", data_file("trend_bad_value.csv")}),
                    {"trend_bad_value.csv:3:", "abc"});
  expect_data_error(run_tool({"trend", "--method", "mk", data_file("trend_bad_header.csv")}),
                    {"trend_bad_header.csv:1:", "series,period,value"});
  expect_data_error(run_tool({"trend", "--method", "mk", data_file("no_such_file.csv")}), {"no_such_file.csv"});
  // Periods of mixed frequencies whose middles go back in time: the series and both lines are named.
  const ToolRun mixed =
      run_tool({"trend", "--method", "mk", "-"}, "series,period,value\nm,2021Q3,1\nm,2021,2\nm,2022,3\n");
  if (mixed.code != 0) expect_data_error(mixed, {"series=m", "line"});
}

TEST(CliTrend, MethodsListsTheTrendFamily) {
  const ToolRun r = run_tool({"methods", "trend"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const auto& name : names_of(qualis::trend_methods())) EXPECT_THAT(r.out, HasSubstr("  " + name)) << name;
  EXPECT_THAT(r.out, HasSubstr("Hamed & Rao (1998)"));
  const ToolRun help = run_tool({"--help"});
  EXPECT_THAT(help.out, HasSubstr("trend --method:"));
}

}  // namespace
