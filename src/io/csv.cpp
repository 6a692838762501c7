// Strict RFC 4180 CSV reader and writer, and decision-matrix files (see include/qualis/io/csv.hpp).
#include "qualis/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "table_support.hpp"

QUALIS_NAMESPACE_BEGIN
namespace {

using io_support::hex_byte;
using io_support::id_problem;
using io_support::Locator;
using io_support::parse_value;
using io_support::shown;
using io_support::starts_character;
using io_support::ValueKind;

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::size_t count_characters(std::string_view text) noexcept {
  std::size_t n = 0;
  for (const char ch : text) n += starts_character(ch) ? 1U : 0U;
  return n;
}

// The character starting at byte `i` of valid UTF-8 text, for "unexpected character" messages.
std::string character_at(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t len = 1;
  if (c >= 0xF0U) {
    len = 4;
  } else if (c >= 0xE0U) {
    len = 3;
  } else if (c >= 0xC0U) {
    len = 2;
  }
  return shown(text.substr(i, len));
}

void check_delimiter(char delimiter) {
  const auto c = static_cast<unsigned char>(delimiter);
  if (c == '\t' || (c >= 0x20U && c <= 0x7EU && c != '"')) return;
  throw InvalidInput(ErrorCode::invalid_argument, "csv_options",
                     "delimiter " + hex_byte(c) +
                         " is not allowed: use a tab or an ASCII character from space to '~' other than '\"'");
}

// ---------------------------------------------------------------------------------------------------
// Reader

class Parser {
 public:
  Parser(std::string_view text, const std::string& source, char delimiter)
      : text_(text), source_(source), delimiter_(delimiter) {}

  CsvTable run() {
    std::size_t skipped = 0;
    if (text_.substr(0, utf8_bom.size()) == utf8_bom) {
      text_.remove_prefix(utf8_bom.size());
      skipped = utf8_bom.size();
    }
    check_utf8(skipped);
    if (text_.empty()) fail(1, 1, "empty input: a CSV file needs at least a header line");

    CsvTable table;
    read_record(table.header, table.header_positions);
    const std::size_t width = table.header.size();
    // Every row but the last ends with a line feed, so this bounds the row count and spares the
    // reallocations of growing three vectors row by row.
    const auto lines =
        static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(i_), text_.end(), '\n')) + 1;
    table.rows.reserve(lines);
    table.field_positions.reserve(lines);
    table.row_lines.reserve(lines);
    while (i_ < text_.size()) {
      const std::size_t start_line = line_;
      std::vector<std::string> fields;
      std::vector<CsvPosition> positions;
      fields.reserve(width);
      positions.reserve(width);
      const CsvPosition end = read_record(fields, positions);
      if (fields.size() != width) field_count_error(table.header, fields, positions, end);
      table.rows.push_back(std::move(fields));
      table.field_positions.push_back(std::move(positions));
      table.row_lines.push_back(start_line);
    }
    return table;
  }

 private:
  [[noreturn]] void fail(std::size_t line, std::size_t column, std::string_view problem) const {
    throw ParseError(source_, line, column, problem);
  }

  // Validates the whole text up front, so that the parser itself may rely on valid UTF-8 when it
  // counts characters.
  void check_utf8(std::size_t skipped) const {
    const std::size_t bad = detail::find_invalid_utf8(text_);
    if (bad == std::string_view::npos) return;
    const std::string_view before = text_.substr(0, bad);
    std::size_t line = 1;
    for (const char ch : before) line += ch == '\n' ? 1U : 0U;
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    const std::size_t column = count_characters(before.substr(line_start)) + 1;
    fail(line, column,
         "invalid UTF-8: the sequence starting with byte " + hex_byte(static_cast<unsigned char>(text_[bad])) +
             " (byte offset " + std::to_string(bad + skipped) + ") is not valid; the file must be UTF-8");
  }

  // Reads one record and its line end; returns the position where the record ended (its line break,
  // or the end of the text), which is where a record with too few fields is reported.
  CsvPosition read_record(std::vector<std::string>& fields, std::vector<CsvPosition>& positions) {
    const std::size_t n = text_.size();
    for (;;) {
      positions.push_back({line_, column_});
      std::string& field = fields.emplace_back();
      if (i_ < n && text_[i_] == '"') {
        read_quoted(field);
      } else {
        read_unquoted(field);
      }
      const CsvPosition end{line_, column_};
      if (i_ == n) return end;
      const char ch = text_[i_];
      if (ch == delimiter_) {
        ++i_;
        ++column_;
        continue;
      }
      if (ch == '\n') {
        ++i_;
        ++line_;
        column_ = 1;
        return end;
      }
      if (ch == '\r') {
        if (i_ + 1 < n && text_[i_ + 1] == '\n') {
          i_ += 2;
          ++line_;
          column_ = 1;
          return end;
        }
        fail(line_, column_,
             "carriage return not followed by a line feed outside quotes (records end with CR LF or LF)");
      }
      // Only a quoted field can stop at another character: read_unquoted() stops at delimiters and line
      // ends only.
      fail(line_, column_,
           "unexpected character " + character_at(text_, i_) +
               " after the closing quote of a field: a field ends at the delimiter or the line end, and a "
               "quote inside a quoted field is written twice (\"\")");
    }
  }

  void read_unquoted(std::string& field) {
    const std::size_t n = text_.size();
    std::size_t j = i_;
    while (j < n) {
      const char ch = text_[j];
      if (ch == delimiter_ || ch == '\n' || ch == '\r') break;
      if (ch == '"') {
        fail(line_, column_ + count_characters(text_.substr(i_, j - i_)),
             "quote inside an unquoted field: quote the whole field and write the quote twice (\"\")");
      }
      ++j;
    }
    const std::string_view span = text_.substr(i_, j - i_);
    field.assign(span);
    column_ += count_characters(span);
    i_ = j;
  }

  void read_quoted(std::string& field) {
    const CsvPosition open{line_, column_};
    ++i_;
    ++column_;
    for (;;) {
      const std::size_t quote = text_.find('"', i_);
      const std::string_view span =
          text_.substr(i_, quote == std::string_view::npos ? std::string_view::npos : quote - i_);
      field.append(span);
      for (const char ch : span) {
        if (ch == '\n') {
          ++line_;
          column_ = 1;
        } else if (starts_character(ch)) {
          ++column_;
        }
      }
      if (quote == std::string_view::npos) {
        fail(open.line, open.column,
             "quoted field starting here is not closed: the input ends before its closing quote");
      }
      i_ = quote + 1;
      ++column_;
      if (i_ < text_.size() && text_[i_] == '"') {
        field += '"';
        ++i_;
        ++column_;
        continue;
      }
      return;
    }
  }

  [[noreturn]] void field_count_error(const std::vector<std::string>& header, const std::vector<std::string>& fields,
                                      const std::vector<CsvPosition>& positions, CsvPosition end) const {
    const std::size_t expected = header.size();
    const std::size_t got = fields.size();
    std::string problem =
        "expected " + std::to_string(expected) + " fields (as in the header), got " + std::to_string(got) + ": ";
    if (got < expected) {
      // An empty line is one empty field; say so, since stray blank lines are the usual cause.
      const bool blank_line = got == 1 && fields[0].empty() && end.line == positions[0].line && end.column == 1;
      problem += blank_line
                     ? "the line is empty"
                     : "the record ends before column " + std::to_string(got + 1) + " (" + shown(header[got]) + ")";
      fail(end.line, end.column, problem);
    }
    problem += "the first extra field starts here";
    fail(positions[expected].line, positions[expected].column, problem);
  }

  std::string_view text_;
  const std::string& source_;
  char delimiter_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

// ---------------------------------------------------------------------------------------------------
// Writer

bool is_blank(char ch) noexcept { return ch == ' ' || ch == '\t'; }

bool needs_quotes(std::string_view field, char delimiter, bool only_field) noexcept {
  if (field.empty()) return only_field;
  if (is_blank(field.front()) || is_blank(field.back())) return true;
  if (field.substr(0, utf8_bom.size()) == utf8_bom) return true;
  return std::any_of(field.begin(), field.end(),
                     [delimiter](char ch) { return ch == delimiter || ch == '"' || ch == '\r' || ch == '\n'; });
}

void append_field(std::string& out, std::string_view field, char delimiter, bool only_field) {
  if (!needs_quotes(field, delimiter, only_field)) {
    out.append(field);
    return;
  }
  out += '"';
  for (const char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

// Appends a checked record and its line end.
void append_record(std::string& out, const std::vector<std::string>& fields, const CsvOptions& options) {
  for (std::size_t j = 0; j < fields.size(); ++j) {
    if (j > 0) out += options.delimiter;
    append_field(out, fields[j], options.delimiter, fields.size() == 1);
  }
  out += options.write_crlf ? "\r\n" : "\n";
}

void write_text(std::ostream& out, const std::string& text) {
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw IoError("csv output", "writing to the stream failed");
}

void check_fields(const std::vector<std::string>& fields, const std::string& what) {
  if (fields.empty()) throw InvalidInput(ErrorCode::empty_input, "csv_table[" + what + "]", "the record has no fields");
  for (std::size_t j = 0; j < fields.size(); ++j) {
    const std::size_t bad = detail::find_invalid_utf8(fields[j]);
    if (bad != std::string_view::npos) {
      throw InvalidInput(ErrorCode::invalid_text, "csv_table[" + what + ", field=" + std::to_string(j) + "]",
                         "the field is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Matrix files

[[noreturn]] void throw_parse_error(const std::string& source, CsvPosition p, std::string_view problem) {
  throw ParseError(source, p.line, p.column, problem);
}

std::string describe(CsvPosition p) {
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

}  // namespace

// -----------------------------------------------------------------------------------------------------

CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
  check_delimiter(options.delimiter);
  return Parser(text, source, options.delimiter).run();
}

CsvTable read_csv(std::istream& in, const std::string& source, const CsvOptions& options) {
  check_delimiter(options.delimiter);
  if (!in) throw IoError(source, "the stream is in a failed state before reading");
  std::string text;
  constexpr std::size_t chunk = 1U << 16U;
  std::vector<char> buffer(chunk);
  for (;;) {
    in.read(buffer.data(), static_cast<std::streamsize>(chunk));
    const std::streamsize got = in.gcount();
    if (got > 0) text.append(buffer.data(), static_cast<std::size_t>(got));
    if (!in) break;
  }
  if (in.bad()) throw IoError(source, "reading failed");
  return parse_csv(text, source, options);
}

CsvTable read_csv_file(const std::string& path, const CsvOptions& options) {
  check_delimiter(options.delimiter);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path, "cannot open for reading: is a directory");
  errno = 0;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const int err = errno;
    std::string reason = "cannot open for reading";
    if (err != 0) reason += ": " + std::generic_category().message(err);
    throw IoError(path, reason);
  }
  return read_csv(file, path, options);
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields, const CsvOptions& options) {
  check_delimiter(options.delimiter);
  check_fields(fields, "record");
  std::string text;
  append_record(text, fields, options);
  write_text(out, text);
}

void write_csv(std::ostream& out, const CsvTable& table, const CsvOptions& options) {
  check_delimiter(options.delimiter);
  check_fields(table.header, "header");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::string what = "row=" + std::to_string(r);
    if (table.rows[r].size() != table.header.size()) {
      throw InvalidInput(ErrorCode::size_mismatch, "csv_table[" + what + "]",
                         "the row has " + std::to_string(table.rows[r].size()) + " fields, the header " +
                             std::to_string(table.header.size()));
    }
    check_fields(table.rows[r], what);
  }
  // Written in pieces of about 64 KiB: big enough to keep stream calls rare, small enough not to
  // double the memory of a large table.
  constexpr std::size_t flush_at = 1U << 16U;
  std::string text;
  if (options.write_bom) text.append(utf8_bom);
  append_record(text, table.header, options);
  for (const auto& row : table.rows) {
    append_record(text, row, options);
    if (text.size() >= flush_at) {
      write_text(out, text);
      text.clear();
    }
  }
  write_text(out, text);
}

std::string format_number(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) {
    throw InvalidInput(ErrorCode::not_finite, "format_number",
                       "value " + detail::number_text(value) + " is infinite; qualis files hold finite numbers only");
  }
  // The longest shortest-round-trip double is 24 characters ("-2.2250738585072014e-308").
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return {buffer.data(), result.ptr};
}

MatrixFile read_matrix(const CsvTable& table, const std::string& source) {
  const Locator at(table);
  const auto fail = [&source](CsvPosition p, std::string_view problem) { throw_parse_error(source, p, problem); };
  const std::size_t width = table.header.size();
  if (width < 2) {
    fail(at.header(0), "a matrix file needs an id column and at least one criterion column; the header has " +
                           std::to_string(width) + " field" + (width == 1 ? "" : "s"));
  }
  if (table.rows.empty()) fail(at.header(0), "the matrix file has a header but no rows");

  MatrixFile result;
  result.id_column = table.header[0];
  if (detail::find_invalid_utf8(result.id_column) != std::string_view::npos) {
    fail(at.header(0), "the id column name is not valid UTF-8");
  }
  std::unordered_map<std::string_view, std::size_t> seen;
  result.column_ids.reserve(width - 1);
  for (std::size_t j = 1; j < width; ++j) {
    const std::string& id = table.header[j];
    const std::string problem = id_problem(id);
    if (!problem.empty()) fail(at.header(j), "column id " + shown(id) + " " + problem);
    const auto [it, inserted] = seen.emplace(id, j);
    if (!inserted) {
      const CsvPosition first = at.header(it->second);
      const CsvPosition second = at.header(j);
      fail(second, "duplicate column id " + shown(id) + ": header fields " + std::to_string(it->second + 1) + " and " +
                       std::to_string(j + 1) +
                       (first.line > 0 ? " (at " + describe(first) + " and " + describe(second) + ")" : ""));
    }
    result.column_ids.push_back(id);
  }

  seen.clear();
  const auto rows = static_cast<Eigen::Index>(table.rows.size());
  const auto cols = static_cast<Eigen::Index>(width - 1);
  result.values.resize(rows, cols);
  result.row_ids.reserve(table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != width) {
      fail(at.field(r, 0),
           "expected " + std::to_string(width) + " fields (as in the header), got " + std::to_string(row.size()));
    }
    const std::string& id = row[0];
    const std::string problem = id_problem(id);
    if (!problem.empty()) fail(at.field(r, 0), "row id " + shown(id) + " " + problem);
    const auto [it, inserted] = seen.emplace(id, r);
    if (!inserted) {
      const std::size_t first = at.line(it->second);
      const std::size_t second = at.line(r);
      fail(at.field(r, 0),
           "duplicate row id " + shown(id) + ": " +
               (second > 0 ? "rows on lines " + std::to_string(first) + " and " + std::to_string(second)
                           : "data rows " + std::to_string(it->second + 1) + " and " + std::to_string(r + 1)));
    }
    result.row_ids.push_back(id);
    for (std::size_t j = 1; j < width; ++j) {
      double value = 0.0;
      const ValueKind kind = parse_value(row[j], value);
      if (kind == ValueKind::number || kind == ValueKind::missing) {
        result.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j - 1)) = value;
        continue;
      }
      std::string what = "value " + shown(row[j]) + " of row " + shown(id) + ", column " + shown(table.header[j]);
      switch (kind) {
        case ValueKind::infinite:
          what += " is infinite";
          break;
        case ValueKind::out_of_range:
          what += " is out of the range of a double";
          break;
        default:
          what += " is not a finite number (missing values are written as an empty field, NA or NaN)";
          break;
      }
      fail(at.field(r, j), what);
    }
  }
  return result;
}

SeriesFile read_series(const CsvTable& table, const std::string& source) {
  const Locator at(table);
  const auto fail = [&source](CsvPosition p, std::string_view problem) { throw_parse_error(source, p, problem); };
  const std::vector<std::string> expected = {"series", "period", "value"};
  if (table.header != expected) {
    std::size_t j = 0;
    while (j < table.header.size() && j < expected.size() && table.header[j] == expected[j]) ++j;
    fail(at.header(std::min(j, table.header.empty() ? 0 : table.header.size() - 1)),
         "the header must be series,period,value (one observation per row)");
  }
  if (table.rows.empty()) fail({1, 1}, "the file has a header but no rows");
  SeriesFile out;
  std::unordered_map<std::string, std::size_t> index;
  // Per series: period -> row, to find duplicates and to sort.
  std::vector<std::map<Period, std::size_t>> rows_of;
  std::vector<std::vector<double>> values;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != 3) fail(at.field(r, 0), "expected 3 fields, got " + std::to_string(row.size()));
    const std::string& id = row[0];
    const std::string problem = id_problem(id);
    if (!problem.empty()) fail(at.field(r, 0), "series id " + shown(id) + " " + problem);
    Period period;
    try {
      period = Period::parse(row[1]);
    } catch (const ParseError& e) {
      fail(at.field(r, 1), "period " + shown(row[1]) + " of series " + shown(id) + " does not parse (" +
                               detail::without_prefix(e.what()) + ")");
    }
    double value = 0.0;
    const ValueKind kind = parse_value(row[2], value);
    if (kind != ValueKind::number && kind != ValueKind::missing) {
      fail(at.field(r, 2), "value " + shown(row[2]) + " of series " + shown(id) + ", period " + period.to_string() +
                               (kind == ValueKind::infinite       ? " is infinite"
                                : kind == ValueKind::out_of_range ? " is out of the range of a double"
                                                                  : " is not a finite number (missing values are "
                                                                    "written as an empty field, NA or NaN)"));
    }
    const auto [it, fresh] = index.emplace(id, out.series.size());
    if (fresh) {
      out.series.push_back(SeriesFile::Entry{id, {}, {}, {}});
      rows_of.emplace_back();
    }
    auto& seen = rows_of[it->second];
    const auto [p, inserted] = seen.emplace(period, r);
    if (!inserted) {
      fail(at.field(r, 1), "series " + shown(id) + " has period " + period.to_string() + " twice (lines " +
                               std::to_string(at.line(p->second)) + " and " + std::to_string(at.line(r)) + ")");
    }
  }
  for (std::size_t k = 0; k < out.series.size(); ++k) {
    SeriesFile::Entry& e = out.series[k];
    for (const auto& [period, r] : rows_of[k]) {
      double value = 0.0;
      (void)parse_value(table.rows[r][2], value);
      e.periods.push_back(period);
      e.values.push_back(value);
      e.lines.push_back(at.line(r));
    }
  }
  return out;
}

void write_matrix(std::ostream& out, const MatrixFile& matrix, const CsvOptions& options) {
  check_delimiter(options.delimiter);
  const std::string ctx = "matrix_file";
  const Eigen::Index rows = matrix.values.rows();
  const Eigen::Index cols = matrix.values.cols();
  if (rows == 0 || cols == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx,
                       "the matrix is empty (" + std::to_string(rows) + " x " + std::to_string(cols) + ")");
  }
  if (static_cast<Eigen::Index>(matrix.row_ids.size()) != rows) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(matrix.row_ids.size()) + " row ids for " + std::to_string(rows) + " rows");
  }
  if (static_cast<Eigen::Index>(matrix.column_ids.size()) != cols) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(matrix.column_ids.size()) + " column ids for " + std::to_string(cols) + " columns");
  }
  if (detail::find_invalid_utf8(matrix.id_column) != std::string_view::npos) {
    throw InvalidInput(ErrorCode::invalid_text, ctx, "the id column name is not valid UTF-8");
  }
  const auto check_ids = [&ctx](const std::vector<std::string>& ids, const char* kind) {
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::string problem = id_problem(ids[i]);
      if (!problem.empty()) {
        const ErrorCode code = detail::find_invalid_utf8(ids[i]) == std::string_view::npos ? ErrorCode::invalid_id
                                                                                           : ErrorCode::invalid_text;
        throw InvalidInput(code, detail::context(ctx, kind, std::to_string(i)), shown(ids[i]) + " " + problem);
      }
      const auto [it, inserted] = seen.emplace(ids[i], i);
      if (!inserted) {
        throw InvalidInput(ErrorCode::duplicate_id, detail::context(ctx, kind, ids[i]),
                           "the id occurs at positions " + std::to_string(it->second) + " and " + std::to_string(i));
      }
    }
  };
  check_ids(matrix.row_ids, "row id");
  check_ids(matrix.column_ids, "column id");
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) {
      if (std::isinf(matrix.values(i, j))) {
        throw InvalidInput(ErrorCode::not_finite,
                           ctx + "[row=" + matrix.row_ids[static_cast<std::size_t>(i)] +
                               ", column=" + matrix.column_ids[static_cast<std::size_t>(j)] + "]",
                           "value " + detail::number_text(matrix.values(i, j)) + " is infinite");
      }
    }
  }

  std::string text;
  if (options.write_bom) text.append(utf8_bom);
  std::vector<std::string> record;
  record.reserve(static_cast<std::size_t>(cols) + 1);
  record.push_back(matrix.id_column);
  record.insert(record.end(), matrix.column_ids.begin(), matrix.column_ids.end());
  append_record(text, record, options);
  for (Eigen::Index i = 0; i < rows; ++i) {
    record.clear();
    record.push_back(matrix.row_ids[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < cols; ++j) record.push_back(format_number(matrix.values(i, j)));
    append_record(text, record, options);
  }
  write_text(out, text);
}

QUALIS_NAMESPACE_END
