// Tests of the strict CSV reader/writer and of decision-matrix files (include/qualis/io/csv.hpp).
// Expected values are written out by hand from RFC 4180 and the documented rules; positions are counted
// by hand (1-based line, 1-based column in characters).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <qualis/io/csv.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::CsvOptions;
using qualis::CsvTable;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::IoError;
using qualis::MatrixFile;
using qualis::ParseError;
using qualis_test::expect_error;
using Rows = std::vector<std::vector<std::string>>;
using Fields = std::vector<std::string>;

const double nan_value = std::numeric_limits<double>::quiet_NaN();

// Parsing `text` must fail with a ParseError at `line`:`column` of source "t.csv" whose message holds
// every fragment.
void expect_csv_error(const std::string& text, std::size_t line, std::size_t column,
                      std::initializer_list<std::string_view> fragments, const CsvOptions& options = {}) {
  SCOPED_TRACE("input: " + text);
  expect_error<ParseError>([&] { (void)qualis::parse_csv(text, "t.csv", options); }, ErrorCode::parse_error, fragments,
                           [&](const ParseError& e) {
                             EXPECT_EQ(e.source(), "t.csv");
                             EXPECT_EQ(e.line(), line);
                             EXPECT_EQ(e.column(), column);
                           });
}

// read_matrix(parse_csv(text)) must fail at `line`:`column`.
void expect_matrix_error(const std::string& text, std::size_t line, std::size_t column,
                         std::initializer_list<std::string_view> fragments, const CsvOptions& options = {}) {
  SCOPED_TRACE("input: " + text);
  const CsvTable table = qualis::parse_csv(text, "m.csv", options);
  expect_error<ParseError>([&] { (void)qualis::read_matrix(table, "m.csv"); }, ErrorCode::parse_error, fragments,
                           [&](const ParseError& e) {
                             EXPECT_EQ(e.source(), "m.csv");
                             EXPECT_EQ(e.line(), line);
                             EXPECT_EQ(e.column(), column);
                           });
}

std::string write_table(const CsvTable& table, const CsvOptions& options = {}) {
  std::ostringstream out;
  qualis::write_csv(out, table, options);
  return out.str();
}

std::string write_matrix_text(const MatrixFile& matrix, const CsvOptions& options = {}) {
  std::ostringstream out;
  qualis::write_matrix(out, matrix, options);
  return out.str();
}

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// Equal bit for bit, except that every NaN equals every NaN (the file form of NaN is the empty field).
void expect_same_values(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      if (std::isnan(a(i, j))) {
        EXPECT_TRUE(std::isnan(b(i, j))) << "(" << i << ", " << j << ")";
      } else {
        EXPECT_EQ(bits(a(i, j)), bits(b(i, j))) << "(" << i << ", " << j << "): " << a(i, j) << " vs " << b(i, j);
      }
    }
  }
}

// A file under the test temp dir, named after the running test, removed at the end of the scope.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "qualis_csv_" + info->test_suite_name() + "_" + info->name() + suffix;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  void write(const std::string& bytes) const {
    std::ofstream out(path_, std::ios::binary);
    out << bytes;
  }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------------------------------
// Reader: accepted input

TEST(CsvRead, SimpleFileWithLf) {
  const CsvTable t = qualis::parse_csv("id,a,b\nx,1,2\ny,3,4\n", "t.csv");
  EXPECT_EQ(t.header, (Fields{"id", "a", "b"}));
  EXPECT_EQ(t.rows, (Rows{{"x", "1", "2"}, {"y", "3", "4"}}));
  EXPECT_EQ(t.row_lines, (std::vector<std::size_t>{2, 3}));
  ASSERT_EQ(t.header_positions.size(), 3U);
  EXPECT_EQ(t.header_positions[2].line, 1U);
  EXPECT_EQ(t.header_positions[2].column, 6U);
  ASSERT_EQ(t.field_positions.size(), 2U);
  EXPECT_EQ(t.field_positions[1][1].line, 3U);
  EXPECT_EQ(t.field_positions[1][1].column, 3U);
}

TEST(CsvRead, CrlfAndLfLineEndsAndFinalLineWithoutBreak) {
  const Rows expected{{"1", "2"}, {"3", "4"}};
  EXPECT_EQ(qualis::parse_csv("a,b\r\n1,2\r\n3,4\r\n", "t.csv").rows, expected);
  EXPECT_EQ(qualis::parse_csv("a,b\r\n1,2\r\n3,4", "t.csv").rows, expected);
  EXPECT_EQ(qualis::parse_csv("a,b\n1,2\n3,4", "t.csv").rows, expected);
  const CsvTable mixed = qualis::parse_csv("a,b\r\n1,2\n3,4\r\n", "t.csv");
  EXPECT_EQ(mixed.rows, expected);
  EXPECT_EQ(mixed.row_lines, (std::vector<std::size_t>{2, 3}));
}

TEST(CsvRead, HeaderOnly) {
  for (const char* text : {"a,b", "a,b\n", "a,b\r\n"}) {
    const CsvTable t = qualis::parse_csv(text, "t.csv");
    EXPECT_EQ(t.header, (Fields{"a", "b"}));
    EXPECT_TRUE(t.rows.empty());
    EXPECT_TRUE(t.row_lines.empty());
  }
}

TEST(CsvRead, QuotedFieldsWithEscapesDelimitersAndLineBreaks) {
  const std::string text =
      "name,note\n"
      "\"a,b\",\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",\"crlf\r\ninside\"\n"
      "\"\",x\n";
  const CsvTable t = qualis::parse_csv(text, "t.csv");
  EXPECT_EQ(t.rows, (Rows{{"a,b", "say \"hi\""}, {"two\nlines", "crlf\r\ninside"}, {"", "x"}}));
  // The second record holds two line breaks and spans lines 3-5; the third starts on line 6.
  EXPECT_EQ(t.row_lines, (std::vector<std::size_t>{2, 3, 6}));
  // "crlf\r\ninside" starts on line 3 after `"two` + LF + `lines",`: line 4, column 8.
  EXPECT_EQ(t.field_positions[1][1].line, 4U);
  EXPECT_EQ(t.field_positions[1][1].column, 8U);
}

TEST(CsvRead, EmptyFieldsAndSpacesAreKept) {
  const CsvTable t = qualis::parse_csv("a,b,c\n,,\n x , y,z \n", "t.csv");
  EXPECT_EQ(t.rows, (Rows{{"", "", ""}, {" x ", " y", "z "}}));
}

TEST(CsvRead, ByteOrderMarkIsSkippedAndNotCounted) {
  const CsvTable t = qualis::parse_csv("\xEF\xBB\xBFid,b\nx,1\n", "t.csv");
  EXPECT_EQ(t.header, (Fields{"id", "b"}));
  EXPECT_EQ(t.header_positions[0].column, 1U);
  EXPECT_EQ(t.header_positions[1].column, 4U);
  // An error on the first line is counted from after the mark.
  expect_csv_error(
      "\xEF\xBB\xBF"
      "ab\"c\n",
      1, 3, {"quote inside an unquoted field"});
  // Only the first mark is skipped: a second one is an ordinary character (U+FEFF).
  EXPECT_EQ(qualis::parse_csv("\xEF\xBB\xBF\xEF\xBB\xBFid", "t.csv").header, (Fields{"\xEF\xBB\xBFid"}));
}

TEST(CsvRead, Utf8ContentAndColumnsInCharacters) {
  const CsvTable t = qualis::parse_csv("地区,产值\n定州市体育用品,12.5\n", "t.csv");
  EXPECT_EQ(t.header, (Fields{"地区", "产值"}));
  EXPECT_EQ(t.rows, (Rows{{"定州市体育用品", "12.5"}}));
  // Seven characters (21 bytes) and a comma precede the second field: column 9, not byte 23.
  EXPECT_EQ(t.field_positions[0][1].column, 9U);
  expect_csv_error("地区,产值\n定州市,1\"2\n", 2, 6, {"quote inside an unquoted field"});
}

TEST(CsvRead, OtherDelimiters) {
  CsvOptions semicolon;
  semicolon.delimiter = ';';
  const CsvTable t = qualis::parse_csv("id;value\nx;\"1;5\"\ny;1,5\n", "t.csv", semicolon);
  EXPECT_EQ(t.rows, (Rows{{"x", "1;5"}, {"y", "1,5"}}));
  CsvOptions tab;
  tab.delimiter = '\t';
  EXPECT_EQ(qualis::parse_csv("id\tv\nx\t a,b\n", "t.csv", tab).rows, (Rows{{"x", " a,b"}}));
}

TEST(CsvRead, EmptyLineIsOneEmptyFieldInOneColumnFile) {
  const CsvTable t = qualis::parse_csv("name\n\nx\n", "t.csv");
  EXPECT_EQ(t.rows, (Rows{{""}, {"x"}}));
  EXPECT_EQ(t.row_lines, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(qualis::parse_csv("\n", "t.csv").header, (Fields{""}));
}

TEST(CsvRead, CarriageReturnInsideQuotesIsContent) {
  EXPECT_EQ(qualis::parse_csv("a,b\n\"x\ry\",1\n", "t.csv").rows, (Rows{{"x\ry", "1"}}));
}

TEST(CsvRead, NulAndControlCharactersArePlainContent) {
  const std::string text("a,b\n\x01,x\0y\n", 10);
  EXPECT_EQ(qualis::parse_csv(text, "t.csv").rows, (Rows{{"\x01", std::string("x\0y", 3)}}));
}

// ---------------------------------------------------------------------------------------------------
// Reader: errors, each with its line and column

TEST(CsvReadErrors, EmptyInput) {
  expect_csv_error("", 1, 1, {"empty input"});
  expect_csv_error("\xEF\xBB\xBF", 1, 1, {"empty input"});
}

TEST(CsvReadErrors, UnterminatedQuoteIsReportedAtTheOpeningQuote) {
  expect_csv_error("a,b\n1,\"open\n", 2, 3, {"not closed", "closing quote"});
  expect_csv_error("a,b\n1,\"x\"\"\n2,3\n", 2, 3, {"not closed"});
  expect_csv_error("\"", 1, 1, {"not closed"});
  expect_csv_error("a,b\n中文,\"x", 2, 4, {"not closed"});
}

TEST(CsvReadErrors, QuoteInsideUnquotedField) {
  expect_csv_error("a,b\n1,x\"y\"\n", 2, 4, {"quote inside an unquoted field", "\"\""});
  expect_csv_error("a,b\n1, \"y\"\n", 2, 4, {"quote inside an unquoted field"});
  expect_csv_error("a\"\n", 1, 2, {"quote inside an unquoted field"});
}

TEST(CsvReadErrors, GarbageAfterClosingQuote) {
  expect_csv_error("a,b\n\"x\"y,1\n", 2, 4, {"unexpected character \"y\"", "after the closing quote"});
  expect_csv_error("a,b\n\"x\" ,1\n", 2, 4, {"unexpected character \" \""});
  expect_csv_error("a,b\n1,\"中\"文\n", 2, 6, {"unexpected character \"文\""});
  // The position of text after a quoted field that spans lines is on the field's last line.
  expect_csv_error("a,b\n1,\"x\ny\"z\n", 3, 3, {"after the closing quote"});
}

TEST(CsvReadErrors, CarriageReturnWithoutLineFeed) {
  expect_csv_error("a,b\r1,2\n", 1, 4, {"carriage return not followed by a line feed"});
  expect_csv_error("a,b\n1,2\r", 2, 4, {"carriage return"});
  expect_csv_error("a,b\n\"1\"\r2,3\n", 2, 4, {"carriage return"});
}

TEST(CsvReadErrors, TooFewFieldsNamesTheMissingColumn) {
  expect_csv_error("id,a,b\nx,1\n", 2, 4, {"expected 3 fields", "got 2", "before column 3 (\"b\")"});
  expect_csv_error("id,a,b\nx,1", 2, 4, {"expected 3 fields", "got 2"});
  expect_csv_error("id,a,b\r\nx\r\n", 2, 2, {"expected 3 fields", "got 1", "column 2 (\"a\")"});
}

TEST(CsvReadErrors, TooManyFieldsPointsAtTheFirstExtraField) {
  expect_csv_error("id,a\nx,1,2,3\n", 2, 5, {"expected 2 fields", "got 4", "first extra field"});
  expect_csv_error("id,a\nx,1,\n", 2, 5, {"expected 2 fields", "got 3"});
}

TEST(CsvReadErrors, BlankLinesInAWiderFile) {
  expect_csv_error("a,b\n1,2\n\n3,4\n", 3, 1, {"expected 2 fields", "got 1", "the line is empty"});
  expect_csv_error("a,b\n1,2\n\n", 3, 1, {"the line is empty"});
  expect_csv_error("a,b\r\n1,2\r\n\r\n", 3, 1, {"the line is empty"});
}

TEST(CsvReadErrors, InvalidUtf8WithPosition) {
  // Lone continuation byte after two characters on line 2.
  expect_csv_error("a,b\nxy\x80,1\n", 2, 3, {"invalid UTF-8", "0x80", "byte offset 6"});
  // Overlong encoding of '/', surrogate, code point above U+10FFFF, truncated sequence at the end.
  expect_csv_error("a\n\xC0\xAF", 2, 1, {"invalid UTF-8", "0xC0"});
  expect_csv_error("a,\xED\xA0\x80", 1, 3, {"0xED"});
  expect_csv_error("\xF4\x90\x80\x80", 1, 1, {"0xF4"});
  expect_csv_error("中文\xE4\xB8", 1, 3, {"0xE4"});
  // Inside a quoted field too; the offset counts the byte order mark.
  expect_csv_error(
      "\xEF\xBB\xBF"
      "a\n\"x\n\xFF\"",
      3, 1, {"0xFF", "byte offset 8"});
}

TEST(CsvReadErrors, SourceNameIsUsedVerbatim) {
  expect_error<ParseError>([] { (void)qualis::parse_csv("a,b\n1\n", "<stdin>"); }, ErrorCode::parse_error,
                           {"qualis: <stdin>:2:2: expected 2 fields"});
}

TEST(CsvReadErrors, DelimiterMustBeAllowed) {
  for (const char bad : {'"', '\n', '\r', '\0', '\x7F', static_cast<char>(0xC3)}) {
    CsvOptions options;
    options.delimiter = bad;
    expect_error<InvalidInput>([&] { (void)qualis::parse_csv("a", "t.csv", options); }, ErrorCode::invalid_argument,
                               {"csv_options", "delimiter"});
    std::ostringstream out;
    expect_error<InvalidInput>([&] { qualis::write_csv_row(out, {"a"}, options); }, ErrorCode::invalid_argument,
                               {"delimiter"});
    EXPECT_TRUE(out.str().empty());
  }
  CsvOptions space;
  space.delimiter = ' ';
  EXPECT_EQ(qualis::parse_csv("a b\n1 2", "t.csv", space).rows, (Rows{{"1", "2"}}));
}

// ---------------------------------------------------------------------------------------------------
// Streams and files

TEST(CsvStreams, ReadFromStream) {
  std::istringstream in("a,b\r\n1,2\r\n");
  EXPECT_EQ(qualis::read_csv(in, "<stdin>").rows, (Rows{{"1", "2"}}));
}

TEST(CsvStreams, StreamLongerThanOneReadChunk) {
  std::string text = "id,v\n";
  for (int i = 0; i < 20000; ++i) text += "unit" + std::to_string(i) + ",\"" + std::to_string(i) + "\"\n";
  std::istringstream in(text);
  const CsvTable t = qualis::read_csv(in, "<stdin>");
  ASSERT_EQ(t.rows.size(), 20000U);
  EXPECT_EQ(t.rows[19999], (Fields{"unit19999", "19999"}));
  EXPECT_EQ(t.row_lines[19999], 20001U);
}

TEST(CsvStreams, ParseErrorFromStreamNamesTheSource) {
  std::istringstream in("a,b\n1\n");
  expect_error<ParseError>([&] { (void)qualis::read_csv(in, "<stdin>"); }, ErrorCode::parse_error, {"<stdin>:2:2"});
}

TEST(CsvStreams, FailedStreamIsAnIoError) {
  std::istringstream in("a,b\n");
  in.setstate(std::ios::failbit);
  expect_error<IoError>([&] { (void)qualis::read_csv(in, "<stdin>"); }, ErrorCode::io_error, {"<stdin>", "failed"});
}

TEST(CsvFiles, ReadFileWithBomAndCrlf) {
  const TempFile file(".csv");
  file.write("\xEF\xBB\xBFid,产值\r\n定州市体育用品,1\r\n");
  const CsvTable t = qualis::read_csv_file(file.path());
  EXPECT_EQ(t.header, (Fields{"id", "产值"}));
  EXPECT_EQ(t.rows, (Rows{{"定州市体育用品", "1"}}));
}

TEST(CsvFiles, ParseErrorNamesTheFile) {
  const TempFile file(".csv");
  file.write("a,b\n1,\"2\n");
  expect_error<ParseError>([&] { (void)qualis::read_csv_file(file.path()); }, ErrorCode::parse_error,
                           {file.path() + ":2:3", "not closed"},
                           [&](const ParseError& e) { EXPECT_EQ(e.source(), file.path()); });
}

TEST(CsvFiles, MissingFileAndDirectoryAreIoErrors) {
  const std::string missing = ::testing::TempDir() + "qualis_csv_no_such_file.csv";
  expect_error<IoError>([&] { (void)qualis::read_csv_file(missing); }, ErrorCode::io_error,
                        {missing, "cannot open for reading", "No such file"});
  expect_error<IoError>([&] { (void)qualis::read_csv_file(::testing::TempDir()); }, ErrorCode::io_error,
                        {"is a directory"});
}

// ---------------------------------------------------------------------------------------------------
// Writer

TEST(CsvWrite, QuotesOnlyWhenNeeded) {
  std::ostringstream out;
  qualis::write_csv_row(
      out, {"plain", "定州市", "a,b", "say \"hi\"", "two\nlines", "cr\rx", " lead", "trail ", "\tt", "", "in side",
            "\xEF\xBB\xBF"
            "bom"});
  EXPECT_EQ(out.str(),
            "plain,定州市,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\",\" lead\",\"trail \",\"\tt\",,"
            "in side,\"\xEF\xBB\xBF"
            "bom\"\n");
}

TEST(CsvWrite, SoleEmptyFieldIsQuoted) {
  std::ostringstream out;
  qualis::write_csv_row(out, {""});
  qualis::write_csv_row(out, {"", ""});
  EXPECT_EQ(out.str(), "\"\"\n,\n");
}

TEST(CsvWrite, DelimiterLineEndAndBomOptions) {
  CsvOptions options;
  options.delimiter = ';';
  options.write_crlf = true;
  options.write_bom = true;
  const CsvTable table{{"id", "v"}, {{"a,b", "1;5"}}, {}, {}, {}};
  EXPECT_EQ(write_table(table, options), "\xEF\xBB\xBFid;v\r\na,b;\"1;5\"\r\n");
  EXPECT_EQ(write_table(table), "id,v\n\"a,b\",1;5\n");
}

TEST(CsvWrite, RoundTripOfAwkwardFields) {
  CsvTable table;
  table.header = {"\xEF\xBB\xBFid", "名称", " x", "\"q\""};
  table.rows = {{"a", "定州市体育用品", "", ""},
                {"line\nbreak", "crlf\r\nin", "lone\rcr", "a,b;c\td"},
                {"", " ", "\"\"", "x\"y"}};
  for (const char delimiter : {',', ';', '\t', ' ', '|'}) {
    for (const bool crlf : {false, true}) {
      for (const bool bom : {false, true}) {
        CsvOptions options;
        options.delimiter = delimiter;
        options.write_crlf = crlf;
        options.write_bom = bom;
        const std::string text = write_table(table, options);
        const CsvTable back = qualis::parse_csv(text, "t.csv", options);
        EXPECT_EQ(back.header, table.header) << text;
        EXPECT_EQ(back.rows, table.rows) << text;
      }
    }
  }
}

TEST(CsvWrite, OneColumnTableWithEmptyValuesRoundTrips) {
  CsvTable table;
  table.header = {""};
  table.rows = {{""}, {"x"}, {""}};
  const std::string text = write_table(table);
  EXPECT_EQ(text, "\"\"\n\"\"\nx\n\"\"\n");
  const CsvTable back = qualis::parse_csv(text, "t.csv");
  EXPECT_EQ(back.header, table.header);
  EXPECT_EQ(back.rows, table.rows);
}

TEST(CsvWrite, LargeTableRoundTrips) {
  // Larger than the writer's 64 KiB output pieces, so that the table is written in several.
  CsvTable table;
  table.header = {"id", "名称", "v"};
  for (int i = 0; i < 5000; ++i) {
    table.rows.push_back({"r" + std::to_string(i), "定州市\"" + std::to_string(i) + "\"", std::to_string(i * 0.5)});
  }
  const std::string text = write_table(table);
  ASSERT_GT(text.size(), 1U << 17U);
  const CsvTable back = qualis::parse_csv(text, "t.csv");
  EXPECT_EQ(back.header, table.header);
  EXPECT_EQ(back.rows, table.rows);
  EXPECT_EQ(back.row_lines.back(), 5001U);
}

TEST(CsvWrite, InvalidTablesAreRejectedBeforeWriting) {
  std::ostringstream out;
  expect_error<InvalidInput>([&] { qualis::write_csv(out, CsvTable{}); }, ErrorCode::empty_input,
                             {"csv_table[header]", "no fields"});
  const CsvTable ragged{{"a", "b"}, {{"1", "2"}, {"3"}}, {}, {}, {}};
  expect_error<InvalidInput>([&] { qualis::write_csv(out, ragged); }, ErrorCode::size_mismatch,
                             {"csv_table[row=1]", "1 fields", "header 2"});
  const CsvTable bad_text{{"a", "b"}, {{"1", "2"}, {"3", "\xFF"}}, {}, {}, {}};
  expect_error<InvalidInput>([&] { qualis::write_csv(out, bad_text); }, ErrorCode::invalid_text,
                             {"csv_table[row=1, field=1]", "not valid UTF-8"});
  const CsvTable bad_header{{"a", "\xC3"}, {}, {}, {}, {}};
  expect_error<InvalidInput>([&] { qualis::write_csv(out, bad_header); }, ErrorCode::invalid_text,
                             {"csv_table[header, field=1]"});
  expect_error<InvalidInput>([&] { qualis::write_csv_row(out, {}); }, ErrorCode::empty_input, {"no fields"});
  EXPECT_TRUE(out.str().empty());
}

TEST(CsvWrite, StreamFailureIsAnIoError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  expect_error<IoError>([&] { qualis::write_csv_row(out, {"a"}); }, ErrorCode::io_error, {"writing"});
  const CsvTable table{{"a"}, {{"1"}}, {}, {}, {}};
  expect_error<IoError>([&] { qualis::write_csv(out, table); }, ErrorCode::io_error, {"writing"});
}

// ---------------------------------------------------------------------------------------------------
// format_number

TEST(FormatNumber, ShortestRoundTripForms) {
  EXPECT_EQ(qualis::format_number(0.1), "0.1");
  EXPECT_EQ(qualis::format_number(12.5), "12.5");
  EXPECT_EQ(qualis::format_number(-3.0), "-3");
  EXPECT_EQ(qualis::format_number(0.0), "0");
  EXPECT_EQ(qualis::format_number(-0.0), "-0");
  EXPECT_EQ(qualis::format_number(1e21), "1e+21");
  EXPECT_EQ(qualis::format_number(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(qualis::format_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(qualis::format_number(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(qualis::format_number(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(qualis::format_number(nan_value), "");
}

TEST(FormatNumber, InfinityIsRejected) {
  expect_error<InvalidInput>([] { (void)qualis::format_number(std::numeric_limits<double>::infinity()); },
                             ErrorCode::not_finite, {"format_number", "infinite"});
  expect_error<InvalidInput>([] { (void)qualis::format_number(-std::numeric_limits<double>::infinity()); },
                             ErrorCode::not_finite, {"-inf"});
}

TEST(FormatNumber, RandomBitPatternsReadBackExactly) {
  std::mt19937_64 rng(20240601);  // fixed seed: the test is deterministic
  CsvTable table;
  table.header = {"id", "v"};
  std::vector<double> values;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t b = rng();
    double x = 0.0;
    std::memcpy(&x, &b, sizeof x);
    if (!std::isfinite(x)) continue;
    values.push_back(x);
    table.rows.push_back({"r" + std::to_string(i), qualis::format_number(x)});
  }
  const MatrixFile m = qualis::read_matrix(qualis::parse_csv(write_table(table), "t.csv"), "t.csv");
  ASSERT_EQ(m.values.rows(), static_cast<Eigen::Index>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(bits(m.values(static_cast<Eigen::Index>(i), 0)), bits(values[i])) << table.rows[i][1];
  }
}

// ---------------------------------------------------------------------------------------------------
// Matrix files: reading

TEST(MatrixRead, ValuesIdsAndMissingMarkers) {
  const std::string text =
      "地区,产值,增速,\"专利\"\n"
      "定州市体育用品,12.5,-0.25,3e2\n"
      "清河县羊绒,,NA,na\n"
      "白沟箱包,NaN,nan,\"7\"\n";
  const MatrixFile m = qualis::read_matrix(qualis::parse_csv(text, "m.csv"), "m.csv");
  EXPECT_EQ(m.id_column, "地区");
  EXPECT_EQ(m.row_ids, (Fields{"定州市体育用品", "清河县羊绒", "白沟箱包"}));
  EXPECT_EQ(m.column_ids, (Fields{"产值", "增速", "专利"}));
  ASSERT_EQ(m.values.rows(), 3);
  ASSERT_EQ(m.values.cols(), 3);
  EXPECT_EQ(m.values(0, 0), 12.5);
  EXPECT_EQ(m.values(0, 1), -0.25);
  EXPECT_EQ(m.values(0, 2), 300.0);
  for (Eigen::Index j = 0; j < 3; ++j) EXPECT_TRUE(std::isnan(m.values(1, j))) << j;
  EXPECT_TRUE(std::isnan(m.values(2, 0)));
  EXPECT_TRUE(std::isnan(m.values(2, 1)));
  EXPECT_EQ(m.values(2, 2), 7.0);
}

TEST(MatrixRead, EmptyIdColumnNameAsPandasWritesIt) {
  const MatrixFile m = qualis::read_matrix(qualis::parse_csv(",c\nr,1\n", "m.csv"), "m.csv");
  EXPECT_EQ(m.id_column, "");
  EXPECT_EQ(m.values(0, 0), 1.0);
}

TEST(MatrixRead, NumberGrammarEdgeCases) {
  const MatrixFile m =
      qualis::read_matrix(qualis::parse_csv("id,a,b,c,d,e\nr,1.,.5,-0,1E-3,4.9e-324\n", "m.csv"), "m.csv");
  EXPECT_EQ(m.values(0, 0), 1.0);
  EXPECT_EQ(m.values(0, 1), 0.5);
  EXPECT_EQ(bits(m.values(0, 2)), bits(-0.0));
  EXPECT_EQ(m.values(0, 3), 1e-3);
  EXPECT_EQ(m.values(0, 4), std::numeric_limits<double>::denorm_min());
}

TEST(MatrixReadErrors, ValuesThatAreNotFiniteNumbers) {
  // Each bad value sits in row "定州", column "产值", at line 2, column 4.
  const auto bad = [](const std::string& value, std::string_view fragment) {
    expect_matrix_error("id,产值\n定州," + value + "\n", 2, 4, {"row \"定州\"", "column \"产值\"", fragment});
  };
  for (const char* value : {"abc", " 1", "1 ", "+1", "0x10", "1e", "1.2.3", "1,5", "nan(1)", "-nan", "N/A", "--1"}) {
    SCOPED_TRACE(value);
    bad(std::string("\"") + value + "\"", "is not a finite number");
  }
  bad("inf", "is infinite");
  bad("-Infinity", "is infinite");
  bad("1e400", "out of the range");
  bad("1e-400", "out of the range");
}

TEST(MatrixReadErrors, ValuePositionsAcrossLineBreaks) {
  // The id column's name may hold a line break, so the header spans lines 1-2 and the row is on line 3.
  expect_matrix_error("\"id\nname\",a\nr,x\n", 3, 3, {"value \"x\"", "row \"r\", column \"a\""});
  // A value with a line break is reported where it starts, with the break escaped in the message.
  expect_matrix_error("id,a,b\nr,\"1\n\",x\n", 2, 3, {"value \"1\\n\"", "row \"r\", column \"a\""});
}

TEST(MatrixReadErrors, HeaderAndShape) {
  expect_matrix_error("id\nr\n", 1, 1, {"at least one criterion column", "1 field"});
  expect_matrix_error("id,a\n", 1, 1, {"no rows"});
  expect_matrix_error("id,a\r\n", 1, 1, {"no rows"});
}

TEST(MatrixReadErrors, InvalidIds) {
  expect_matrix_error("id,a,\nr,1,2\n", 1, 6, {"column id \"\" is empty"});
  expect_matrix_error("id,\" a\"\nr,1\n", 1, 4, {"column id \" a\"", "leading or trailing spaces"});
  expect_matrix_error("id,a\n,1\n", 2, 1, {"row id \"\" is empty"});
  expect_matrix_error("id,a\n\"r \",1\n", 2, 1, {"row id \"r \"", "leading or trailing spaces"});
  expect_matrix_error("id,a\n\"r\tx\",1\n", 2, 1, {"row id \"r\\tx\"", "control character"});
  expect_matrix_error("id,a\n\"x\ny\",1\n", 2, 1, {"row id \"x\\ny\"", "control character"});
}

TEST(MatrixReadErrors, DuplicateIdsNameBothPlaces) {
  expect_matrix_error(
      "id,产值,增速,产值\nr,1,2,3\n", 1, 10,
      {"duplicate column id \"产值\"", "header fields 2 and 4", "line 1, column 4 and line 1, column 10"});
  expect_matrix_error("id,a\n定州市,1\n清河县,2\n定州市,3\n", 4, 1, {"duplicate row id \"定州市\"", "lines 2 and 4"});
}

TEST(MatrixReadErrors, TableBuiltInCodeHasNoPositions) {
  CsvTable table;
  table.header = {"id", "a"};
  table.rows = {{"r", "x"}};
  expect_error<ParseError>([&] { (void)qualis::read_matrix(table, "built"); }, ErrorCode::parse_error,
                           {"qualis: built: value \"x\""},
                           [](const ParseError& e) {
                             EXPECT_EQ(e.line(), 0U);
                             EXPECT_EQ(e.column(), 0U);
                           });
  table.rows = {{"r", "1"}, {"s"}};
  table.row_lines = {2, 3};
  expect_error<ParseError>([&] { (void)qualis::read_matrix(table, "built"); }, ErrorCode::parse_error,
                           {"built:3:", "expected 2 fields", "got 1"},
                           [](const ParseError& e) {
                             EXPECT_EQ(e.line(), 3U);
                             EXPECT_EQ(e.column(), 0U);
                           });
  table.rows = {{"r", "1"}, {"r", "2"}};
  table.row_lines.clear();
  expect_error<ParseError>([&] { (void)qualis::read_matrix(table, "built"); }, ErrorCode::parse_error,
                           {"duplicate row id \"r\": data rows 1 and 2"});
  table.header = {"id", "\xFF"};
  expect_error<ParseError>([&] { (void)qualis::read_matrix(table, "built"); }, ErrorCode::parse_error,
                           {"column id", "not valid UTF-8"});
}

// ---------------------------------------------------------------------------------------------------
// Matrix files: writing and round trips

MatrixFile sample_matrix() {
  MatrixFile m;
  m.id_column = "地区";
  m.row_ids = {"定州市体育用品", "清河县羊绒", "白沟箱包", "a,b \"c\""};
  m.column_ids = {"产值(亿元)", "增速", "专利;数"};
  m.values.resize(4, 3);
  m.values << 0.1, 1.0 / 3.0, -0.0,            //
      123456789.123456789, nan_value, 5e-324,  //
      -1e-300, 1.7976931348623157e308, 2.5,    //
      0.30000000000000004, 1e21, -7.0;
  return m;
}

TEST(MatrixWrite, WrittenText) {
  MatrixFile m;
  m.row_ids = {"定州市体育用品", "x y"};
  m.column_ids = {"c1", "c,2"};
  m.values.resize(2, 2);
  m.values << 0.1, nan_value, -0.0, 1e21;
  EXPECT_EQ(write_matrix_text(m), "id,c1,\"c,2\"\n定州市体育用品,0.1,\nx y,-0,1e+21\n");
}

TEST(MatrixWrite, RoundTripIsBitForBitIncludingChineseIds) {
  const MatrixFile m = sample_matrix();
  for (const char delimiter : {',', ';', '\t'}) {
    for (const bool crlf : {false, true}) {
      for (const bool bom : {false, true}) {
        CsvOptions options;
        options.delimiter = delimiter;
        options.write_crlf = crlf;
        options.write_bom = bom;
        const std::string text = write_matrix_text(m, options);
        const MatrixFile back = qualis::read_matrix(qualis::parse_csv(text, "m.csv", options), "m.csv");
        EXPECT_EQ(back.id_column, m.id_column);
        EXPECT_EQ(back.row_ids, m.row_ids);
        EXPECT_EQ(back.column_ids, m.column_ids);
        expect_same_values(m.values, back.values);
      }
    }
  }
}

TEST(MatrixWrite, RoundTripThroughAFile) {
  const MatrixFile m = sample_matrix();
  const TempFile file(".csv");
  file.write(write_matrix_text(m));
  const MatrixFile back = qualis::read_matrix(qualis::read_csv_file(file.path()), file.path());
  EXPECT_EQ(back.row_ids, m.row_ids);
  expect_same_values(m.values, back.values);
}

TEST(MatrixWrite, BadMatricesAreRejectedBeforeWriting) {
  std::ostringstream out;
  MatrixFile m = sample_matrix();
  m.values.resize(0, 3);
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::empty_input, {"matrix_file", "0 x 3"});

  m = sample_matrix();
  m.row_ids.pop_back();
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::size_mismatch, {"3 row ids for 4 rows"});
  m = sample_matrix();
  m.column_ids.push_back("x");
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::size_mismatch,
                             {"4 column ids for 3 columns"});

  m = sample_matrix();
  m.row_ids[1] = " 清河";
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::invalid_id,
                             {"matrix_file[row id=1]", "leading or trailing spaces"});
  m = sample_matrix();
  m.column_ids[2] = "";
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::invalid_id,
                             {"matrix_file[column id=2]", "is empty"});
  m = sample_matrix();
  m.column_ids[0] = "\xE5\xAE";
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::invalid_text, {"not valid UTF-8"});
  m = sample_matrix();
  m.id_column = "\xFF";
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::invalid_text, {"id column name"});

  m = sample_matrix();
  m.row_ids[3] = "定州市体育用品";
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::duplicate_id,
                             {"matrix_file[row id=定州市体育用品]", "positions 0 and 3"});

  m = sample_matrix();
  m.values(2, 1) = -std::numeric_limits<double>::infinity();
  expect_error<InvalidInput>([&] { qualis::write_matrix(out, m); }, ErrorCode::not_finite,
                             {"matrix_file[row=白沟箱包, column=增速]", "-inf", "infinite"});
  EXPECT_TRUE(out.str().empty());
}

TEST(MatrixWrite, WriterAndReaderAgreeOnIds) {
  // Every id the writer accepts reads back; every id it rejects, the reader rejects too.
  for (const std::string id : {"a", "定州市", "a b", "a,b", "a\"b",
                               "\xEF\xBB\xBF"
                               "x",
                               "", " a", "a ", "a\tb", "a\nb", "a\x7F", "\xC2\x80"}) {
    MatrixFile m;
    m.row_ids = {id};
    m.column_ids = {"c"};
    m.values = Eigen::MatrixXd::Constant(1, 1, 1.0);
    std::ostringstream out;
    bool written = true;
    try {
      qualis::write_matrix(out, m);
    } catch (const InvalidInput&) {
      written = false;
    }
    // The reader sees the id as the writer would have written it, quoting included.
    std::ostringstream row;
    qualis::write_csv_row(row, {id, "1"});
    const std::string text = written ? out.str() : "id,c\n" + row.str();
    bool read = true;
    try {
      const MatrixFile back = qualis::read_matrix(qualis::parse_csv(text, "m.csv"), "m.csv");
      EXPECT_EQ(back.row_ids, m.row_ids);
    } catch (const ParseError&) {
      read = false;
    }
    EXPECT_EQ(written, read) << "id " << id;
  }
}

}  // namespace

namespace {

// read_series(parse_csv(text)) must fail at `line`:`column`.
void expect_series_error(const std::string& text, std::size_t line, std::size_t column,
                         std::initializer_list<std::string_view> fragments) {
  SCOPED_TRACE("input: " + text);
  const CsvTable table = qualis::parse_csv(text, "s.csv");
  expect_error<ParseError>([&] { (void)qualis::read_series(table, "s.csv"); }, ErrorCode::parse_error, fragments,
                           [&](const ParseError& e) {
                             EXPECT_EQ(e.source(), "s.csv");
                             EXPECT_EQ(e.line(), line);
                             EXPECT_EQ(e.column(), column);
                           });
}

using ::testing::ElementsAre;

TEST(SeriesFile, GroupsSortsAndKeepsFirstAppearanceOrder) {
  const std::string text =
      "series,period,value\n"
      "保定-箱包,2021,3.5\n"
      "dz-sports,2020,1\n"
      "保定-箱包,2019,NA\n"
      "dz-sports,2019,-2e1\n"
      "保定-箱包,2020H1,\n";
  const qualis::SeriesFile f = qualis::read_series(qualis::parse_csv(text, "s.csv"), "s.csv");
  ASSERT_EQ(f.series.size(), 2U);
  const auto& a = f.series[0];
  EXPECT_EQ(a.id, "保定-箱包");
  ASSERT_EQ(a.periods.size(), 3U);
  EXPECT_EQ(a.periods[0], qualis::Period::annual(2019));
  EXPECT_EQ(a.periods[1], qualis::Period::half_year(2020, 1));
  EXPECT_EQ(a.periods[2], qualis::Period::annual(2021));
  EXPECT_TRUE(std::isnan(a.values[0]));
  EXPECT_TRUE(std::isnan(a.values[1]));
  EXPECT_EQ(a.values[2], 3.5);
  EXPECT_THAT(a.lines, ElementsAre(4U, 6U, 2U));
  const auto& b = f.series[1];
  EXPECT_EQ(b.id, "dz-sports");
  EXPECT_THAT(b.values, ElementsAre(-20.0, 1.0));
  EXPECT_THAT(b.lines, ElementsAre(5U, 3U));
}

TEST(SeriesFile, RejectsBadFilesWithPositions) {
  expect_series_error("series,period\ns,2020\n", 1, 8, {"series,period,value"});
  expect_series_error("series,period,value,note\ns,2020,1,x\n", 1, 21, {"series,period,value"});
  expect_series_error("unit,period,value\ns,2020,1\n", 1, 1, {"series,period,value"});
  expect_series_error("series,period,value\n", 1, 1, {"no rows"});
  expect_series_error("series,period,value\ns,2020,1\n,2021,2\n", 3, 1, {"series id"});
  expect_series_error("series,period,value\ns,2020,1\ns,20x1,2\n", 3, 3, {"period \"20x1\"", "does not parse"});
  expect_series_error("series,period,value\ns,2020,1\ns,2021,1e400\n", 3, 8, {"out of the range"});
  expect_series_error("series,period,value\ns,2020,inf\n", 2, 8, {"infinite"});
  expect_series_error("series,period,value\ns,2020,abc\n", 2, 8, {"not a finite number"});
  expect_series_error("series,period,value\ns,2020,1\nt,2020,1\ns,2020,2\n", 4, 3,
                      {"series \"s\" has period 2020 twice", "lines 2 and 4"});
}

}  // namespace
