// Tests of the panel and step-rating files (include/qualis/io/data_files.hpp).
// Expected values are written out by hand from the small files below; positions are counted by hand
// (1-based line; 1-based column in characters, so a Chinese character counts one).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <qualis/io/data_files.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::CsvPosition;
using qualis::CsvTable;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::IoError;
using qualis::Panel;
using qualis::PanelFile;
using qualis::PanelFormat;
using qualis::ParseError;
using qualis::Period;
using qualis::Problems;
using qualis::StepAssessment;
using qualis::StepRating;
using qualis::StepsFile;
using qualis_test::expect_error;

const double nan_value = std::numeric_limits<double>::quiet_NaN();

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

PanelFile panel_of(const std::string& text, Problems* problems = nullptr) {
  return qualis::read_panel(qualis::parse_csv(text, "d.csv"), "d.csv", problems);
}

StepsFile steps_of(const std::string& text, Problems* problems = nullptr) {
  static const qualis::StepFramework framework = qualis::eleven_step_method();
  return qualis::read_steps(qualis::parse_csv(text, "s.csv"), "s.csv", framework, problems);
}

void expect_position(CsvPosition p, std::size_t line, std::size_t column) {
  EXPECT_EQ(p.line, line);
  EXPECT_EQ(p.column, column);
}

// One expected problem: position, id, code and a fragment of the message.
struct Expected {
  std::size_t line;
  std::size_t column;
  std::string id;
  ErrorCode code;
  std::string fragment;
};

// In sink mode `read` must record exactly `expected` (in this order); in throw mode it must throw a ParseError
// at the first one.
template <class Read>
void expect_problems(const std::string& text, const std::string& source, Read read,
                     const std::vector<Expected>& expected) {
  SCOPED_TRACE("input: " + text);
  Problems sink;
  read(text, &sink);
  ASSERT_EQ(sink.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    SCOPED_TRACE("problem " + std::to_string(k) + ": " + sink.list()[k].to_string());
    const qualis::Problem& p = sink.list()[k];
    EXPECT_EQ(p.file, source);
    EXPECT_EQ(p.line, expected[k].line);
    EXPECT_EQ(p.column, expected[k].column);
    EXPECT_EQ(p.id, expected[k].id);
    EXPECT_EQ(p.code, expected[k].code) << qualis::to_string(p.code);
    EXPECT_THAT(p.message, ::testing::HasSubstr(expected[k].fragment));
  }
  const Expected& first = expected.front();
  expect_error<ParseError>([&] { read(text, nullptr); }, ErrorCode::parse_error, {first.fragment},
                           [&](const ParseError& e) {
                             EXPECT_EQ(e.source(), source);
                             EXPECT_EQ(e.line(), first.line);
                             EXPECT_EQ(e.column(), first.column);
                           });
}

void expect_panel_problems(const std::string& text, const std::vector<Expected>& expected) {
  expect_problems(
      text, "d.csv", [](const std::string& t, Problems* p) { (void)panel_of(t, p); }, expected);
}

void expect_steps_problems(const std::string& text, const std::vector<Expected>& expected) {
  expect_problems(
      text, "s.csv", [](const std::string& t, Problems* p) { (void)steps_of(t, p); }, expected);
}

// Same ids in the same order and every value bit for bit (NaN matching NaN, -0 only -0).
void expect_same_panel(const Panel& a, const Panel& b) {
  ASSERT_EQ(a.units(), b.units());
  ASSERT_EQ(a.indicators(), b.indicators());
  ASSERT_EQ(a.periods(), b.periods());
  for (std::size_t u = 0; u < a.unit_count(); ++u) {
    for (std::size_t i = 0; i < a.indicator_count(); ++i) {
      for (std::size_t p = 0; p < a.period_count(); ++p) {
        const double x = a.value(u, i, p);
        const double y = b.value(u, i, p);
        if (std::isnan(x)) {
          EXPECT_TRUE(std::isnan(y)) << u << "," << i << "," << p;
        } else {
          EXPECT_EQ(bits(x), bits(y)) << u << "," << i << "," << p << ": " << x << " vs " << y;
        }
      }
    }
  }
}

std::string long_text(const Panel& panel) {
  std::ostringstream out;
  qualis::write_panel_long(out, panel);
  return out.str();
}

std::string wide_text(const Panel& panel) {
  std::ostringstream out;
  qualis::write_panel_wide(out, panel);
  return out.str();
}

// ---------------------------------------------------------------------------------------------------
// Reading

TEST(PanelRead, LongFormatWithConcreteValuesAndPositions) {
  const std::string text =
      "unit,indicator,period,value\n"
      "定州,rev,2021,1.5\n"
      "定州,rev,2020,2\n"
      "bz,emp,2021,NA\n"
      "bz,rev,2021,-3e2\n";
  const PanelFile f = panel_of(text);
  EXPECT_EQ(f.format, PanelFormat::long_format);
  EXPECT_EQ(f.row_count, 4U);
  EXPECT_EQ(f.panel.units(), (std::vector<std::string>{"定州", "bz"}));
  EXPECT_EQ(f.panel.indicators(), (std::vector<std::string>{"rev", "emp"}));
  EXPECT_EQ(f.panel.periods(), (std::vector<Period>{Period::annual(2020), Period::annual(2021)}));
  EXPECT_EQ(f.panel.value("定州", "rev", Period::annual(2020)), 2.0);
  EXPECT_EQ(f.panel.value("定州", "rev", Period::annual(2021)), 1.5);
  EXPECT_EQ(f.panel.value("bz", "rev", Period::annual(2021)), -300.0);
  EXPECT_TRUE(f.panel.is_missing("bz", "emp", Period::annual(2021)));  // NA
  EXPECT_TRUE(f.panel.is_missing("bz", "rev", Period::annual(2020)));  // not given
  EXPECT_TRUE(f.panel.is_missing("定州", "emp", Period::annual(2021)));
  // "定州," is 3 characters, "定州,rev," 7.
  expect_position(f.unit_position("定州"), 2, 1);
  expect_position(f.unit_position("bz"), 4, 1);
  expect_position(f.indicator_position("rev"), 2, 4);
  expect_position(f.indicator_position("emp"), 4, 4);
  expect_position(f.period_position(Period::annual(2021)), 2, 8);
  expect_position(f.period_position(Period::annual(2020)), 3, 8);
  // Parallel vectors, periods sorted: 2020 first.
  expect_position(f.period_positions[0], 3, 8);
  expect_error<qualis::NotFound>([&] { (void)f.unit_position("x"); }, ErrorCode::not_found, {"x"});
}

TEST(PanelRead, WideFormatWithConcreteValuesAndPositions) {
  const std::string text =
      "unit,period,rev,emp\n"
      "a,2021,1,\n"
      "a,2020,NA,5\n"
      "b,2021H1,0.25,7\n";
  const PanelFile f = panel_of(text);
  EXPECT_EQ(f.format, PanelFormat::wide_format);
  EXPECT_EQ(f.row_count, 3U);
  EXPECT_EQ(f.panel.units(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.panel.indicators(), (std::vector<std::string>{"rev", "emp"}));
  // Period order: 2021H1 starts in January like 2021 but ends earlier (Period's order).
  EXPECT_EQ(f.panel.periods(),
            (std::vector<Period>{Period::annual(2020), Period::half_year(2021, 1), Period::annual(2021)}));
  EXPECT_EQ(f.panel.value("a", "rev", Period::annual(2021)), 1.0);
  EXPECT_TRUE(f.panel.is_missing("a", "emp", Period::annual(2021)));
  EXPECT_TRUE(f.panel.is_missing("a", "rev", Period::annual(2020)));
  EXPECT_EQ(f.panel.value("a", "emp", Period::annual(2020)), 5.0);
  EXPECT_EQ(f.panel.value("b", "rev", Period::half_year(2021, 1)), 0.25);
  EXPECT_EQ(f.panel.value("b", "emp", Period::half_year(2021, 1)), 7.0);
  EXPECT_TRUE(f.panel.is_missing("b", "rev", Period::annual(2021)));
  // Indicators first appear in the header: "unit,period," is 12 characters.
  expect_position(f.indicator_position("rev"), 1, 13);
  expect_position(f.indicator_position("emp"), 1, 17);
  expect_position(f.unit_position("b"), 4, 1);
  expect_position(f.period_position(Period::annual(2020)), 3, 3);
  expect_position(f.period_position(Period::half_year(2021, 1)), 4, 3);
}

TEST(PanelRead, FormatDetection) {
  EXPECT_EQ(panel_of("unit,indicator,period,value\na,x,2021,1\n").format, PanelFormat::long_format);
  EXPECT_EQ(panel_of("unit,period,x\na,2021,1\n").format, PanelFormat::wide_format);
  // A wide file may have indicators named like the long columns.
  const PanelFile w = panel_of("unit,period,indicator,value\na,2021,1,2\n");
  EXPECT_EQ(w.format, PanelFormat::wide_format);
  EXPECT_EQ(w.panel.indicators(), (std::vector<std::string>{"indicator", "value"}));
  EXPECT_STREQ(qualis::to_string(PanelFormat::long_format), "long");
  EXPECT_STREQ(qualis::to_string(PanelFormat::wide_format), "wide");
  // Headers that are neither: reported at the first field that departs from both formats.
  const std::string expected = "unit,indicator,period,value (long format) or unit,period";
  expect_panel_problems("series,period,value\na,2021,1\n", {{1, 1, "series", ErrorCode::parse_error, expected}});
  // "unit,indicator," is 15 characters: the short header is reported at its last field.
  expect_panel_problems("unit,indicator,period\na,x,2021\n", {{1, 16, "period", ErrorCode::parse_error, expected}});
  expect_panel_problems("unit,indicator,period,value,note\na,x,2021,1,n\n",
                        {{1, 29, "note", ErrorCode::parse_error, "header field 5 is \"note\""}});
  expect_panel_problems("Unit,indicator,period,value\na,x,2021,1\n",
                        {{1, 1, "Unit", ErrorCode::parse_error, expected}});
  expect_panel_problems("unit,period\na,2021\n",
                        {{1, 6, "period", ErrorCode::parse_error, "at least one indicator column"}});
  expect_panel_problems("unit\na\n", {{1, 1, "unit", ErrorCode::parse_error, expected}});
}

// ---------------------------------------------------------------------------------------------------
// Round trips

Panel sample_panel() {
  // Chinese ids, a comma and a quote in ids (so the writer must quote), awkward doubles, missing cells.
  Panel panel({"定州市体育用品", "bz,\"x\"", "c"}, {"营业收入", "emp"},
              {Period::annual(2021), Period::half_year(2020, 2), Period::annual(2020)});
  panel.set("定州市体育用品", "营业收入", Period::annual(2021), 0.1);
  panel.set("定州市体育用品", "emp", Period::annual(2021), 1e-300);
  panel.set("定州市体育用品", "营业收入", Period::annual(2020), 123456789.123456789);
  panel.set("bz,\"x\"", "营业收入", Period::half_year(2020, 2), -0.0);
  panel.set("bz,\"x\"", "emp", Period::annual(2020), 1.0 / 3.0);
  panel.set("c", "emp", Period::annual(2021), DBL_MAX);
  panel.set("c", "营业收入", Period::annual(2020), 4.9406564584124654e-324);  // smallest subnormal
  panel.set("c", "emp", Period::half_year(2020, 2), -2.2250738585072014e-308);
  return panel;
}

TEST(PanelWrite, FormatNumberRoundTripsDoublesExactly) {
  // format_number() is the shortest round-trip text (to_chars); read back with the reader's from_chars rule.
  for (const double x : {0.1, 1e-300, 123456789.123456789, -0.0, 1.0 / 3.0, DBL_MAX, DBL_MIN, 4.9406564584124654e-324,
                         0.30000000000000004, 1e21, 12345678901234567890.0}) {
    const PanelFile f = panel_of("unit,indicator,period,value\na,x,2021," + qualis::format_number(x) + "\n");
    EXPECT_EQ(bits(f.panel.value(0, 0, 0)), bits(x)) << qualis::format_number(x);
  }
  EXPECT_EQ(qualis::format_number(0.1), "0.1");
  EXPECT_EQ(qualis::format_number(123456789.123456789), "123456789.12345679");
}

TEST(PanelWrite, LongTextIsAsDocumented) {
  Panel panel({"a", "定州"}, {"x", "y"}, {Period::annual(2021), Period::annual(2020)});
  panel.set("a", "x", Period::annual(2020), 0.1);
  panel.set("a", "x", Period::annual(2021), 2.0);
  panel.set("定州", "y", Period::annual(2021), -1.5);
  // By unit, indicator, period; missing cells left out.
  EXPECT_EQ(long_text(panel),
            "unit,indicator,period,value\n"
            "a,x,2020,0.1\n"
            "a,x,2021,2\n"
            "定州,y,2021,-1.5\n");
  EXPECT_EQ(wide_text(panel),
            "unit,period,x,y\n"
            "a,2020,0.1,\n"
            "a,2021,2,\n"
            "定州,2020,,\n"
            "定州,2021,,-1.5\n");
}

TEST(PanelWrite, LongRoundTripIsExact) {
  const Panel panel = sample_panel();
  const std::string text = long_text(panel);
  const PanelFile f = panel_of(text);
  EXPECT_EQ(f.format, PanelFormat::long_format);
  expect_same_panel(panel, f.panel);
  EXPECT_TRUE(std::signbit(f.panel.value("bz,\"x\"", "营业收入", Period::half_year(2020, 2))));
  // Writing again gives the same text.
  EXPECT_EQ(long_text(f.panel), text);
}

TEST(PanelWrite, WideRoundTripIsExact) {
  const Panel panel = sample_panel();
  const std::string text = wide_text(panel);
  const PanelFile f = panel_of(text);
  EXPECT_EQ(f.format, PanelFormat::wide_format);
  expect_same_panel(panel, f.panel);
  EXPECT_EQ(f.row_count, 9U);  // 3 units x 3 periods
  EXPECT_EQ(wide_text(f.panel), text);
}

TEST(PanelWrite, LongRoundTripKeepsIdsWithoutValuesAndTheirOrder) {
  // u1 has a value only for the second indicator, u2 none at all, indicator i3 and period 2019 none:
  // without marker rows they would vanish or come back in another order.
  Panel panel({"u1", "u2", "u3"}, {"i1", "i2", "i3"},
              {Period::annual(2019), Period::annual(2020), Period::annual(2021)});
  panel.set("u1", "i2", Period::annual(2021), 1.0);
  panel.set("u3", "i1", Period::annual(2020), 2.0);
  const std::string text = long_text(panel);
  const PanelFile f = panel_of(text);
  expect_same_panel(panel, f.panel);
  // Markers: (u1,i1) before u1's i2 value, u2's own, i3 and 2019 at the end.
  EXPECT_EQ(text,
            "unit,indicator,period,value\n"
            "u1,i1,2019,\n"
            "u1,i2,2021,1\n"
            "u2,i1,2019,\n"
            "u3,i1,2020,2\n"
            "u3,i3,2019,\n");
  // A panel with no value at all.
  const Panel empty_values({"a", "b"}, {"x", "y"}, {Period::annual(2020), Period::annual(2021)});
  expect_same_panel(empty_values, panel_of(long_text(empty_values)).panel);
  expect_same_panel(empty_values, panel_of(wide_text(empty_values)).panel);
}

TEST(PanelWrite, RejectsAnEmptyPanelAndBadDelimiter) {
  std::ostringstream out;
  expect_error<InvalidInput>([&] { qualis::write_panel_long(out, Panel()); }, ErrorCode::empty_input, {"empty"});
  expect_error<InvalidInput>([&] { qualis::write_panel_wide(out, Panel()); }, ErrorCode::empty_input, {"empty"});
  qualis::CsvOptions bad;
  bad.delimiter = '"';
  expect_error<InvalidInput>([&] { qualis::write_panel_long(out, sample_panel(), bad); }, ErrorCode::invalid_argument,
                             {"delimiter"});
  EXPECT_TRUE(out.str().empty());
}

TEST(PanelWrite, SemicolonCrlfAndBomRoundTrip) {
  qualis::CsvOptions options;
  options.delimiter = ';';
  options.write_crlf = true;
  options.write_bom = true;
  std::ostringstream out;
  qualis::write_panel_wide(out, sample_panel(), options);
  const PanelFile f = qualis::read_panel(qualis::parse_csv(out.str(), "x.csv", options), "x.csv");
  expect_same_panel(sample_panel(), f.panel);
}

// ---------------------------------------------------------------------------------------------------
// Broken panel files

const std::string long_header = "unit,indicator,period,value\n";

TEST(PanelProblems, EachKindInLongFormat) {
  expect_panel_problems(long_header, {{1, 1, "", ErrorCode::empty_input, "no data rows"}});
  expect_panel_problems(long_header + ",x,2021,1\n", {{2, 1, "", ErrorCode::invalid_id, "unit id \"\" is empty"}});
  expect_panel_problems(long_header + "\" a\",x,2021,1\n",
                        {{2, 1, " a", ErrorCode::invalid_id, "leading or trailing spaces"}});
  expect_panel_problems(long_header + "a,\"x\ty\",2021,1\n",
                        {{2, 3, "x\ty", ErrorCode::invalid_id, "indicator id \"x\\ty\" contains a control"}});
  expect_panel_problems(long_header + "a,x,2021X,1\n",
                        {{2, 5, "2021X", ErrorCode::parse_error, "period \"2021X\" of unit \"a\" does not parse"}});
  expect_panel_problems(long_header + "a,x,2021Q5,1\n", {{2, 5, "2021Q5", ErrorCode::parse_error, "outside 1..4"}});
  expect_panel_problems(long_header + "a,x,2021,abc\n",
                        {{2, 10, "a", ErrorCode::parse_error, "value \"abc\" of unit \"a\", indicator \"x\""}});
  expect_panel_problems(long_header + "a,x,2021,1 000\n", {{2, 10, "a", ErrorCode::parse_error, "is not a number"}});
  expect_panel_problems(long_header + "a,x,2021,-inf\n", {{2, 10, "a", ErrorCode::not_finite, "infinite"}});
  expect_panel_problems(long_header + "a,x,2021,1e400\n",
                        {{2, 10, "a", ErrorCode::out_of_range, "out of the range of a double"}});
  // Columns count characters: "定州,x,2021," is 10 characters (16 bytes).
  expect_panel_problems(long_header + "定州,x,2021,abc\n", {{2, 11, "定州", ErrorCode::parse_error, "\"abc\""}});
  expect_panel_problems(long_header + "a,x,2021,1\nb,x,2021,2\na,x,2021,NA\n",
                        {{4, 1, "a", ErrorCode::duplicate_id,
                          "unit \"a\", indicator \"x\", period 2021 is given twice (lines 2 and 4)"}});
}

TEST(PanelProblems, EachKindInWideFormat) {
  expect_panel_problems("unit,period,x\n", {{1, 1, "", ErrorCode::empty_input, "no data rows"}});
  expect_panel_problems("unit,period,x,x\na,2021,1,2\n",
                        {{1, 15, "x", ErrorCode::duplicate_id, "header fields 3 and 4"}});
  expect_panel_problems("unit,period,\" x\"\na,2021,1\n",
                        {{1, 13, " x", ErrorCode::invalid_id, "indicator id \" x\" has leading"}});
  expect_panel_problems("unit,period,x\na,2021,1\na,2021,2\n",
                        {{3, 1, "a", ErrorCode::duplicate_id, "unit \"a\", period 2021 has two rows (lines 2 and 3)"}});
  expect_panel_problems("unit,period,x,y\na,2021,1,oops\n",
                        {{2, 10, "a", ErrorCode::parse_error, "value \"oops\" of unit \"a\", indicator \"y\""}});
  expect_panel_problems("unit,period,x\n,2021,1\n", {{2, 1, "", ErrorCode::invalid_id, "is empty"}});
  expect_panel_problems("unit,period,x\na,21,1\n", {{2, 3, "21", ErrorCode::parse_error, "four-digit year"}});
}

TEST(PanelProblems, SinkCollectsEveryProblemAndKeepsTheRest) {
  const std::string text = long_header +
                           "a,x,2021,1\n"        // 2: fine
                           ",x,2021,2\n"         // 3: empty unit
                           "a,y,20x1,3\n"        // 4: bad period (row left out, so y never appears)
                           "a,x,2021,oops\n"     // 5: bad value, then duplicate of line 2
                           "b,x,2021,inf\n"      // 6: infinite (b kept, cell missing)
                           "b,x,2020,4\n"        // 7: fine
                           "c, z,2021,1e999\n";  // 8: bad indicator and out-of-range value
  Problems sink;
  const PanelFile f = panel_of(text, &sink);
  ASSERT_EQ(sink.size(), 7U);
  const std::vector<Expected> expected = {
      {3, 1, "", ErrorCode::invalid_id, "unit id"},     {4, 5, "20x1", ErrorCode::parse_error, "period"},
      {5, 10, "a", ErrorCode::parse_error, "\"oops\""}, {5, 1, "a", ErrorCode::duplicate_id, "lines 2 and 5"},
      {6, 10, "b", ErrorCode::not_finite, "infinite"},  {8, 3, " z", ErrorCode::invalid_id, "indicator id"},
      {8, 11, "c", ErrorCode::out_of_range, "range"},  // "c, z,2021," is 10 characters
  };
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const qualis::Problem& p = sink.list()[k];
    SCOPED_TRACE(p.to_string());
    EXPECT_EQ(p.line, expected[k].line);
    EXPECT_EQ(p.column, expected[k].column);
    EXPECT_EQ(p.id, expected[k].id);
    EXPECT_EQ(p.code, expected[k].code);
    EXPECT_THAT(p.message, ::testing::HasSubstr(expected[k].fragment));
  }
  EXPECT_EQ(sink.list()[0].to_string(), "d.csv:3:1: unit id \"\" is empty");
  // What could be read: a and b, indicator x only, 2020 and 2021.
  EXPECT_EQ(f.panel.units(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.panel.indicators(), (std::vector<std::string>{"x"}));
  EXPECT_EQ(f.panel.periods(), (std::vector<Period>{Period::annual(2020), Period::annual(2021)}));
  EXPECT_EQ(f.panel.value("a", "x", Period::annual(2021)), 1.0);
  EXPECT_TRUE(f.panel.is_missing("b", "x", Period::annual(2021)));
  EXPECT_EQ(f.panel.value("b", "x", Period::annual(2020)), 4.0);
  EXPECT_EQ(f.row_count, 7U);
  // Throw mode stops at the first.
  expect_error<ParseError>([&] { (void)panel_of(text); }, ErrorCode::parse_error, {"d.csv:3:1", "unit id"});
}

TEST(PanelProblems, WideSinkLeavesOutBadColumnsAndKeepsTheRest) {
  Problems sink;
  const PanelFile f = panel_of("unit,period,x,x,\"\ny\"\na,2021,1,2,3\n", &sink);
  ASSERT_EQ(sink.size(), 2U);  // the duplicate x and the id "\ny" with a control character
  EXPECT_EQ(sink.list()[0].code, ErrorCode::duplicate_id);
  EXPECT_EQ(sink.list()[1].code, ErrorCode::invalid_id);
  EXPECT_EQ(f.panel.indicators(), (std::vector<std::string>{"x"}));
  EXPECT_EQ(f.panel.value(0, 0, 0), 1.0);
  expect_position(f.unit_position("a"), 3, 1);  // the quoted header field spans lines 1 and 2
}

TEST(PanelProblems, EverythingBadGivesAnEmptyPanel) {
  Problems sink;
  const PanelFile f = panel_of(long_header + ",x,2021,1\n", &sink);
  EXPECT_EQ(sink.size(), 1U);
  EXPECT_EQ(f.panel.unit_count(), 0U);
  EXPECT_TRUE(f.unit_positions.empty());
  EXPECT_EQ(f.row_count, 1U);
}

TEST(PanelProblems, TableBuiltInCodeWithoutPositions) {
  CsvTable table;
  table.header = {"unit", "indicator", "period", "value"};
  table.rows = {{"a", "x", "2021", "1"}, {"a", "x", "2021", "2"}, {"b", "x"}};
  Problems sink;
  const PanelFile f = qualis::read_panel(table, "code", &sink);
  ASSERT_EQ(sink.size(), 2U);
  EXPECT_EQ(sink.list()[0].code, ErrorCode::duplicate_id);
  EXPECT_THAT(sink.list()[0].message, ::testing::HasSubstr("data rows 1 and 2"));
  EXPECT_EQ(sink.list()[1].code, ErrorCode::parse_error);
  EXPECT_THAT(sink.list()[1].message, ::testing::HasSubstr("expected 4 fields"));
  EXPECT_EQ(f.panel.value(0, 0, 0), 1.0);
  // Without line numbers the first problem is thrown as InvalidInput with its own code.
  expect_error<InvalidInput>([&] { (void)qualis::read_panel(table, "code"); }, ErrorCode::duplicate_id,
                             {"code", "data rows 1 and 2"});
}

// ---------------------------------------------------------------------------------------------------
// Files

class DataFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("qualis_data_files_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(DataFileTest, ReadPanelFileNamesTheFile) {
  const std::string path = write("数据.csv", wide_text(sample_panel()));
  expect_same_panel(sample_panel(), qualis::read_panel_file(path).panel);
  const std::string bad = write("bad.csv", long_header + "a,x,2021,x\n");
  expect_error<ParseError>([&] { (void)qualis::read_panel_file(bad); }, ErrorCode::parse_error,
                           {bad + ":2:10", "\"x\""});
}

TEST_F(DataFileTest, MissingFileAndCsvSyntaxErrors) {
  const std::string missing = (dir_ / "none.csv").string();
  expect_error<IoError>([&] { (void)qualis::read_panel_file(missing); }, ErrorCode::io_error, {"none.csv"});
  Problems sink;
  const PanelFile f = qualis::read_panel_file(missing, &sink);
  ASSERT_EQ(sink.size(), 1U);
  EXPECT_EQ(sink.list()[0].code, ErrorCode::io_error);
  EXPECT_EQ(sink.list()[0].file, missing);
  EXPECT_EQ(sink.list()[0].line, 0U);
  EXPECT_THAT(sink.list()[0].message, ::testing::HasSubstr("cannot open"));
  EXPECT_EQ(f.panel.unit_count(), 0U);

  // An unquoted quote on line 2, column 3.
  const std::string broken = write("broken.csv", long_header + "a,x\"y,2021,1\n");
  Problems sink2;
  (void)qualis::read_panel_file(broken, &sink2);
  ASSERT_EQ(sink2.size(), 1U);
  EXPECT_EQ(sink2.list()[0].code, ErrorCode::parse_error);
  EXPECT_EQ(sink2.list()[0].line, 2U);
  EXPECT_EQ(sink2.list()[0].column, 4U);
  EXPECT_THAT(sink2.list()[0].message, ::testing::StartsWith("quote inside an unquoted field"));
  expect_error<ParseError>([&] { (void)qualis::read_panel_file(broken); }, ErrorCode::parse_error, {":2:4"});

  const std::string steps = write("steps.csv", "unit,period,step,level\na,2021,plan,9\n");
  Problems sink3;
  (void)qualis::read_steps_file(steps, qualis::eleven_step_method(), &sink3);
  ASSERT_EQ(sink3.size(), 1U);
  EXPECT_EQ(sink3.list()[0].code, ErrorCode::out_of_range);
  EXPECT_EQ(sink3.list()[0].file, steps);
  expect_error<IoError>([&] { (void)qualis::read_steps_file(missing, qualis::eleven_step_method()); },
                        ErrorCode::io_error, {"none.csv"});
}

// ---------------------------------------------------------------------------------------------------
// Steps

const std::string steps_header = "unit,period,step,level,evidence,assessor\n";

TEST(StepsRead, GroupsRatingsByUnitAndPeriod) {
  const std::string text = steps_header +
                           "定州,2021,plan,3,规划文件,省院\n"
                           "bz,2021,innovation,1,,\n"
                           "定州,2021,certification,4,\"ISO 9001, 42 firms\",\n"
                           "定州,2020,plan,2,,\n";
  const StepsFile f = steps_of(text);
  EXPECT_EQ(f.row_count, 4U);
  ASSERT_EQ(f.assessments.size(), 3U);
  const StepAssessment& a = f.assessments[0];
  EXPECT_EQ(a.cluster, "定州");
  EXPECT_EQ(a.period, Period::annual(2021));
  EXPECT_EQ(a.assessor, "省院");  // stated on the first row only
  ASSERT_EQ(a.ratings.size(), 2U);
  EXPECT_EQ(a.ratings[0].step, "plan");
  EXPECT_EQ(a.ratings[0].level, 3);
  EXPECT_EQ(a.ratings[0].evidence, "规划文件");
  EXPECT_EQ(a.ratings[1].step, "certification");
  EXPECT_EQ(a.ratings[1].level, 4);
  EXPECT_EQ(a.ratings[1].evidence, "ISO 9001, 42 firms");
  EXPECT_EQ(f.assessments[1].cluster, "bz");
  EXPECT_EQ(f.assessments[1].assessor, "");
  EXPECT_EQ(f.assessments[2].period, Period::annual(2020));
  EXPECT_EQ(f.units, (std::vector<std::string>{"定州", "bz"}));
  expect_position(f.unit_position("bz"), 3, 1);
  expect_position(f.assessment_positions[2], 5, 1);
  for (const StepAssessment& x : f.assessments) EXPECT_NO_THROW(qualis::validate(qualis::eleven_step_method(), x));
}

TEST(StepsRead, ShortHeaders) {
  const StepsFile four = steps_of("unit,period,step,level\na,2021,plan,0\n");
  ASSERT_EQ(four.assessments.size(), 1U);
  EXPECT_EQ(four.assessments[0].ratings[0].evidence, "");
  const StepsFile five = steps_of("unit,period,step,level,evidence\na,2021H1,plan,4,e\n");
  EXPECT_EQ(five.assessments[0].ratings[0].evidence, "e");
  EXPECT_EQ(five.assessments[0].period, Period::half_year(2021, 1));
}

TEST(StepsWrite, RoundTrip) {
  std::vector<StepAssessment> in(2);
  in[0].cluster = "定州市体育用品";
  in[0].period = Period::annual(2021);
  in[0].assessor = "河北省质量院, \"专家组\"";
  in[0].ratings = {StepRating{"plan", 3, "规划\n第二行"}, StepRating{"anti_counterfeiting", 0, ""}};
  in[1].cluster = "bz";
  in[1].period = Period::quarter(2022, 3);
  in[1].ratings = {StepRating{"innovation", 4, " leading space"}};
  std::ostringstream out;
  qualis::write_steps(out, in);
  const StepsFile f = steps_of(out.str());
  ASSERT_EQ(f.assessments.size(), 2U);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(f.assessments[k].cluster, in[k].cluster);
    EXPECT_EQ(f.assessments[k].period, in[k].period);
    EXPECT_EQ(f.assessments[k].assessor, in[k].assessor);
    ASSERT_EQ(f.assessments[k].ratings.size(), in[k].ratings.size());
    for (std::size_t i = 0; i < in[k].ratings.size(); ++i) {
      EXPECT_EQ(f.assessments[k].ratings[i].step, in[k].ratings[i].step);
      EXPECT_EQ(f.assessments[k].ratings[i].level, in[k].ratings[i].level);
      EXPECT_EQ(f.assessments[k].ratings[i].evidence, in[k].ratings[i].evidence);
    }
  }
  EXPECT_THAT(out.str(), ::testing::StartsWith(steps_header + "定州市体育用品,2021,plan,3,\"规划\n第二行\","));
  EXPECT_THAT(out.str(), ::testing::EndsWith("bz,2022Q3,innovation,4,\" leading space\",\n"));
}

TEST(StepsWrite, RejectsWhatTheFormatCannotHold) {
  std::ostringstream out;
  StepAssessment a;
  a.cluster = "dz";
  a.period = Period::annual(2021);
  expect_error<InvalidInput>([&] { qualis::write_steps(out, {a}); }, ErrorCode::empty_input,
                             {"cluster=dz, period=2021", "no ratings"});
  a.ratings = {StepRating{"plan", 1, ""}, StepRating{"plan", 2, ""}};
  expect_error<InvalidInput>([&] { qualis::write_steps(out, {a}); }, ErrorCode::duplicate_id, {"step=plan", "twice"});
  a.ratings.pop_back();
  expect_error<InvalidInput>(
      [&] {
        qualis::write_steps(out, {a, a});
      },
      ErrorCode::duplicate_id, {"cluster=dz, period=2021", "positions 0 and 1"});
  StepAssessment bad = a;
  bad.cluster = " dz";
  expect_error<InvalidInput>([&] { qualis::write_steps(out, {bad}); }, ErrorCode::invalid_id, {"cluster id"});
  bad = a;
  bad.ratings[0].evidence = "\xFF";
  expect_error<InvalidInput>([&] { qualis::write_steps(out, {bad}); }, ErrorCode::invalid_text, {"evidence"});
  EXPECT_TRUE(out.str().empty());
}

TEST(StepsProblems, EachKind) {
  const std::string steps_list = "plan, industrial_chain, leading_enterprises";
  expect_steps_problems(steps_header, {{1, 1, "", ErrorCode::empty_input, "no data rows"}});
  // "unit,period,step,level," is 23 characters.
  expect_steps_problems("unit,period,step,level,assessor\na,2021,plan,1,x\n",
                        {{1, 24, "assessor", ErrorCode::parse_error, "unit,period,step,level,evidence,assessor"}});
  expect_steps_problems("unit,period,step\na,2021,plan\n", {{1, 13, "step", ErrorCode::parse_error, "header"}});
  expect_steps_problems(steps_header + ",2021,plan,1,,\n",
                        {{2, 1, "", ErrorCode::invalid_id, "unit id \"\" is empty"}});
  expect_steps_problems(steps_header + "a,2021X,plan,1,,\n",
                        {{2, 3, "2021X", ErrorCode::parse_error, "period \"2021X\" of unit \"a\""}});
  expect_steps_problems(
      steps_header + "a,2021,foo,1,,\n",
      {{2, 8, "foo", ErrorCode::not_found, "unknown step \"foo\" (the steps of the framework are " + steps_list}});
  // "a,2021,plan," is 12 characters.
  for (const char* level : {"x", "2.0", "", "+1", " 1", "1e0"}) {
    expect_steps_problems(steps_header + "a,2021,plan," + level + ",,\n",
                          {{2, 13, "plan", ErrorCode::parse_error, "is not an integer"}});
  }
  expect_steps_problems(steps_header + "a,2021,plan,5,,\n",
                        {{2, 13, "plan", ErrorCode::out_of_range, "level 5 of step \"plan\" is outside 0..4"}});
  expect_steps_problems(steps_header + "a,2021,plan,-1,,\n", {{2, 13, "plan", ErrorCode::out_of_range, "level -1"}});
  expect_steps_problems(steps_header + "a,2021,plan,99999999999,,\n",
                        {{2, 13, "plan", ErrorCode::out_of_range, "out of range 0..4"}});
  expect_steps_problems(steps_header + "a,2021,plan,1,,\na,2021,plan,2,,\n",
                        {{3, 8, "plan", ErrorCode::duplicate_id,
                          "unit \"a\", period 2021, step \"plan\" is rated twice (lines 2 and 3)"}});
  // "a,2021,innovation,2,," is 21 characters.
  expect_steps_problems(steps_header + "a,2021,plan,1,,T1\na,2021,innovation,2,,T2\n",
                        {{3, 22, "a", ErrorCode::inconsistent, "two assessors: \"T1\" and \"T2\" (lines 2 and 3)"}});
}

TEST(StepsProblems, SinkCollectsEveryProblemAndKeepsTheRest) {
  const std::string text = steps_header +
                           "a,2021,plan,1,,T1\n"        // 2: fine
                           "a,2021,foo,9,,\n"           // 3: unknown step (level not checked without a rubric)
                           "a,2021,plan,2,,\n"          // 4: duplicate of line 2
                           "a,2021,innovation,2,,T2\n"  // 5: other assessor; rating kept
                           ",2020,plan,x,,\n"           // 6: bad unit and bad level
                           "b,2021,workforce,3,ev,\n";  // 7: fine
  Problems sink;
  const StepsFile f = steps_of(text, &sink);
  const std::vector<Expected> expected = {
      {3, 8, "foo", ErrorCode::not_found, "unknown step"},
      {4, 8, "plan", ErrorCode::duplicate_id, "lines 2 and 4"},
      {5, 22, "a", ErrorCode::inconsistent, "lines 2 and 5"},
      {6, 1, "", ErrorCode::invalid_id, "unit id"},
      {6, 12, "plan", ErrorCode::parse_error, "not an integer"},
  };
  ASSERT_EQ(sink.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const qualis::Problem& p = sink.list()[k];
    SCOPED_TRACE(p.to_string());
    EXPECT_EQ(p.line, expected[k].line);
    EXPECT_EQ(p.column, expected[k].column);
    EXPECT_EQ(p.id, expected[k].id);
    EXPECT_EQ(p.code, expected[k].code);
    EXPECT_THAT(p.message, ::testing::HasSubstr(expected[k].fragment));
  }
  ASSERT_EQ(f.assessments.size(), 2U);
  EXPECT_EQ(f.assessments[0].assessor, "T1");
  ASSERT_EQ(f.assessments[0].ratings.size(), 2U);
  EXPECT_EQ(f.assessments[0].ratings[0].level, 1);
  EXPECT_EQ(f.assessments[0].ratings[1].step, "innovation");
  EXPECT_EQ(f.assessments[1].cluster, "b");
  EXPECT_EQ(f.assessments[1].ratings[0].evidence, "ev");
  EXPECT_EQ(f.units, (std::vector<std::string>{"a", "b"}));
  expect_position(f.unit_position("b"), 7, 1);
  expect_error<ParseError>([&] { (void)steps_of(text); }, ErrorCode::parse_error, {"s.csv:3:8", "unknown step"});
}

}  // namespace
