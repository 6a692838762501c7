// libFuzzer target for the CSV reader and writer (include/qualis/io/csv.hpp).
//
// Arbitrary bytes go through parse_csv() with two delimiters. A rejection must be a qualis::ParseError
// whose line and column lie inside the input. An accepted table must have a consistent shape, field
// positions that point at the fields in the input, and must survive write_csv() -> parse_csv()
// unchanged; if read_matrix() accepts it too, write_matrix() -> parse_csv() -> read_matrix() must give
// it back bit for bit. Only qualis::Error is caught: any other exception, a failed check (abort) or a
// sanitizer report is a bug.
//
// Build and run (see docs/reference/csv.md):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -I/usr/include/eigen3 \
//       tests/fuzz/fuzz_csv.cpp src/io/csv.cpp -o /tmp/fuzz_csv
//   cp -r tests/fuzz/corpus/csv /tmp/corpus_csv && /tmp/fuzz_csv -max_total_time=120 /tmp/corpus_csv
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <qualis/io/csv.hpp>
#include <sstream>
#include <string>
#include <string_view>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_csv: check failed: %s\n", what);
    std::abort();
  }
}

bool starts_character(char ch) { return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U; }

std::string_view without_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

// An error must point inside the input: a line that exists and at most one column past its end.
void check_error_position(const qualis::ParseError& e, std::string_view text) {
  check(e.source() == "fuzz", "error names the source");
  check(e.line() >= 1 && e.column() >= 1, "error has a line and a column");
  const std::string_view body = without_bom(text);
  std::size_t line = 1;
  std::size_t start = 0;
  while (line < e.line()) {
    const std::size_t lf = body.find('\n', start);
    check(lf != std::string_view::npos, "error line exists");
    start = lf + 1;
    ++line;
  }
  const std::size_t end = std::min(body.find('\n', start), body.size());
  std::size_t chars = 0;
  for (std::size_t i = start; i < end; ++i) chars += starts_character(body[i]) ? 1U : 0U;
  check(e.column() <= chars + 1, "error column lies on its line");
}

// Walks the input once, in step with the (sorted) field positions, and checks that each position is
// the start of its field: a quote for a quoted field, the field's bytes followed by a delimiter or a
// line end otherwise.
class PositionChecker {
 public:
  PositionChecker(std::string_view text, char delimiter) : body_(without_bom(text)), delimiter_(delimiter) {}

  void field(const qualis::CsvPosition& p, const std::string& value) {
    check(p.line > line_ || (p.line == line_ && p.column >= column_), "positions are in order");
    while (!(line_ == p.line && column_ == p.column && (off_ == body_.size() || starts_character(body_[off_])))) {
      check(off_ < body_.size(), "position lies inside the input");
      const char ch = body_[off_++];
      if (ch == '\n') {
        ++line_;
        column_ = 1;
      } else if (starts_character(ch)) {
        ++column_;
      }
      check(line_ < p.line || (line_ == p.line && column_ <= p.column), "position is reached exactly");
    }
    if (off_ < body_.size() && body_[off_] == '"') return;
    check(body_.substr(off_, value.size()) == value, "unquoted field text is at its position");
    const std::size_t after = off_ + value.size();
    check(after == body_.size() || body_[after] == delimiter_ || body_[after] == '\n' || body_[after] == '\r',
          "unquoted field ends at a delimiter or line end");
  }

 private:
  std::string_view body_;
  char delimiter_;
  std::size_t off_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

void check_table(const qualis::CsvTable& t, std::string_view text, char delimiter) {
  check(!t.header.empty(), "header has fields");
  check(t.header_positions.size() == t.header.size(), "one position per header field");
  check(t.row_lines.size() == t.rows.size(), "one line per row");
  check(t.field_positions.size() == t.rows.size(), "positions for every row");
  PositionChecker positions(text, delimiter);
  check(t.header_positions[0].line == 1 && t.header_positions[0].column == 1, "header starts at 1:1");
  for (std::size_t j = 0; j < t.header.size(); ++j) positions.field(t.header_positions[j], t.header[j]);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    check(t.rows[r].size() == t.header.size(), "rows are as wide as the header");
    check(t.field_positions[r].size() == t.rows[r].size(), "one position per field");
    check(t.field_positions[r][0].line == t.row_lines[r] && t.field_positions[r][0].column == 1,
          "a row starts at column 1 of its line");
    for (std::size_t j = 0; j < t.rows[r].size(); ++j) positions.field(t.field_positions[r][j], t.rows[r][j]);
  }
}

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

bool same_values(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      if (std::isnan(a(i, j)) ? !std::isnan(b(i, j)) : bits(a(i, j)) != bits(b(i, j))) return false;
    }
  }
  return true;
}

void round_trip_matrix(const qualis::CsvTable& table, const qualis::CsvOptions& options, std::string_view text) {
  qualis::MatrixFile m;
  try {
    m = qualis::read_matrix(table, "fuzz");
  } catch (const qualis::Error& e) {
    const auto* parse = dynamic_cast<const qualis::ParseError*>(&e);
    check(parse != nullptr, "read_matrix throws ParseError only");
    check_error_position(*parse, text);
    return;
  }
  check(m.values.rows() == static_cast<Eigen::Index>(m.row_ids.size()), "one row id per row");
  check(m.values.cols() == static_cast<Eigen::Index>(m.column_ids.size()), "one column id per column");
  for (Eigen::Index j = 0; j < m.values.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.values.rows(); ++i) check(!std::isinf(m.values(i, j)), "no infinite values");
  }
  std::ostringstream out;
  qualis::write_matrix(out, m, options);  // must not throw for a matrix that was read
  const qualis::MatrixFile back = qualis::read_matrix(qualis::parse_csv(out.str(), "fuzz", options), "fuzz");
  check(back.id_column == m.id_column, "id column name round trips");
  check(back.row_ids == m.row_ids, "row ids round trip");
  check(back.column_ids == m.column_ids, "column ids round trip");
  check(same_values(back.values, m.values), "values round trip bit for bit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const char delimiter : {',', ';'}) {
    qualis::CsvOptions options;
    options.delimiter = delimiter;
    // Writer options vary with the input so that all four combinations get exercised.
    options.write_crlf = (size & 1U) != 0;
    options.write_bom = (size & 2U) != 0;
    qualis::CsvTable table;
    try {
      table = qualis::parse_csv(text, "fuzz", options);
    } catch (const qualis::Error& e) {
      const auto* parse = dynamic_cast<const qualis::ParseError*>(&e);
      check(parse != nullptr, "parse_csv throws ParseError only");
      check_error_position(*parse, text);
      continue;
    }
    check_table(table, text, delimiter);

    std::ostringstream out;
    qualis::write_csv(out, table, options);  // must not throw for a table that was read
    const qualis::CsvTable back = qualis::parse_csv(out.str(), "fuzz", options);
    check(back.header == table.header, "header round trips");
    check(back.rows == table.rows, "rows round trip");

    round_trip_matrix(table, options, text);
  }
  return 0;
}
