/// @file
/// @brief Strict RFC 4180 CSV reading and writing (UTF-8), and decision-matrix files built on it.
#ifndef QUALIS_IO_CSV_HPP
#define QUALIS_IO_CSV_HPP

#include <Eigen/Core>
#include <cstddef>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/error.hpp"
#include "qualis/model/period.hpp"

QUALIS_NAMESPACE_BEGIN

/// Options of the CSV readers and writers. The defaults give RFC 4180 files with Unix line ends.
struct CsvOptions {
  /// Field separator. Default ',' (RFC 4180, section 2). Any ASCII character from space to '~' or a
  /// tab, except the quote '"'; a semicolon and a tab are the usual alternatives.
  char delimiter = ',';
  /// Writers only: end records with CR LF, as RFC 4180 prescribes, instead of the default LF. The
  /// readers accept either.
  bool write_crlf = false;
  /// Writers only: start the output with a UTF-8 byte order mark, which Excel on Windows needs to read
  /// a file as UTF-8 rather than in the local code page (GBK for Chinese). Default off. The readers skip
  /// a byte order mark at the start in any case.
  bool write_bom = false;
};

/// Where a field starts in its source text: 1-based line and column, both 0 when unknown (for a
/// table built in code).
struct CsvPosition {
  std::size_t line = 0;    ///< 1-based physical line; a line break inside a quoted field starts a new line.
  std::size_t column = 0;  ///< 1-based column in characters (Unicode code points), the byte order mark not counted.
};

/// A parsed CSV file: the header record and the data records, each row as wide as the header.
///
/// The readers fill every field; a table built in code for the writers or for read_matrix() needs only
/// `header` and `rows` (the position fields may stay empty, error messages then lack the position).
struct CsvTable {
  std::vector<std::string> header;             ///< The first record: one name per column.
  std::vector<std::vector<std::string>> rows;  ///< The data records, in file order.
  std::vector<std::size_t> row_lines;          ///< The 1-based line where each row starts.
  /// Where each header field starts (same size as `header`).
  std::vector<CsvPosition> header_positions;
  /// Where each field of each row starts (same shape as `rows`), for error messages that point at a
  /// value, such as those of read_matrix().
  std::vector<std::vector<CsvPosition>> field_positions;
};

/// Parses CSV text strictly by RFC 4180, extended to UTF-8 and a choice of delimiter.
///
/// Rules:
/// - The text must be valid UTF-8 (RFC 3629). One byte order mark (EF BB BF) at the very start is
///   skipped and not counted in columns.
/// - The first record is the header; every later record must have as many fields as the header.
/// - Records end with CR LF or LF; the last record may end with a line break or at the end of the text.
///   A carriage return that is not followed by a line feed is an error outside quotes.
/// - A field is either quoted, `"..."`, where a quote is written as two quotes (`""`) and delimiters, CR
///   and LF are ordinary characters; or unquoted, where a quote is an error. Nothing but a delimiter or
///   a line end may follow the closing quote. Fields are not trimmed: spaces belong to the field.
/// - An empty line is a record with one empty field: fine in a one-column file, a field-count error
///   otherwise (this includes blank lines at the end of the file).
///
/// Errors carry the position of the offending character: line = 1-based physical line (each LF starts
/// a new line, also inside a quoted field); column = 1-based count of characters (Unicode code points,
/// not bytes) from the start of that line, a tab counting as one. An unterminated quoted field is
/// reported at its opening quote; a record with too many fields at its first extra field; a record
/// with too few fields at its end (the line break, or the end of the text).
/// @param text the CSV text.
/// @param source the name used in error messages: a file name, or `<stdin>`.
/// @param options the delimiter (the writer options are ignored).
/// @return the table, with the line of every row and the position of every field.
/// @throws ParseError with source, line and column for: invalid UTF-8; empty input (nothing, or only a
///   byte order mark); an unterminated quoted field; a quote inside an unquoted field; a character
///   other than a delimiter or line end after a closing quote; a carriage return without a line feed
///   outside quotes; a record whose number of fields differs from the header's (the message gives the
///   expected and the actual count and names the missing column).
/// @throws InvalidInput (invalid_argument) if `options.delimiter` is not allowed.
CsvTable parse_csv(std::string_view text, const std::string& source, const CsvOptions& options = {});

/// Reads a whole stream and parses it as parse_csv() does.
/// @param in the stream; opened in binary mode if it is a file stream, so that CR LF reaches the parser.
/// @param source the name used in error messages: the file name, or `<stdin>` for `std::cin`.
/// @param options the delimiter.
/// @return the table.
/// @throws IoError if the stream is in a failed state before reading or a read fails.
/// @throws ParseError as parse_csv() does.
/// @throws InvalidInput (invalid_argument) if `options.delimiter` is not allowed.
CsvTable read_csv(std::istream& in, const std::string& source, const CsvOptions& options = {});

/// Reads a CSV file and parses it as parse_csv() does; error messages name the file by `path`.
/// @param path the file.
/// @param options the delimiter.
/// @return the table.
/// @throws IoError if the file cannot be opened (the message gives the system's reason), is a directory,
///   or cannot be read.
/// @throws ParseError as parse_csv() does.
/// @throws InvalidInput (invalid_argument) if `options.delimiter` is not allowed.
CsvTable read_csv_file(const std::string& path, const CsvOptions& options = {});

/// Writes one record and its line end (LF, or CR LF with `options.write_crlf`).
///
/// A field is quoted only when it must be: when it contains the delimiter, a quote, CR or LF, begins or
/// ends with a space or tab (which spreadsheet programs would trim), begins with a byte order mark, or
/// is the only field of the record and empty (an empty line would otherwise read back as nothing).
/// Quotes inside a quoted field are doubled. parse_csv() reads the output back field for field.
/// @param out the stream.
/// @param fields the record; at least one field, each valid UTF-8.
/// @param options the delimiter and the line end; `write_bom` is ignored here.
/// @throws InvalidInput (empty_input) for a record without fields; (invalid_text) for a field that is not
///   valid UTF-8, naming its position; (invalid_argument) for a delimiter that is not allowed. Nothing is
///   written in these cases.
/// @throws IoError if the stream fails.
void write_csv_row(std::ostream& out, const std::vector<std::string>& fields, const CsvOptions& options = {});

/// Writes a table: an optional byte order mark, the header, then every row, quoting as write_csv_row()
/// does. The position fields of the table are ignored.
/// @param out the stream.
/// @param table the table; the header must not be empty and every row must be as wide as it.
/// @param options the delimiter, the line end and the byte order mark.
/// @throws InvalidInput (empty_input) for an empty header; (size_mismatch) for a row of another width,
///   naming the row; (invalid_text) for a field that is not valid UTF-8; (invalid_argument) for a
///   delimiter that is not allowed. The whole table is checked before anything is written.
/// @throws IoError if the stream fails.
void write_csv(std::ostream& out, const CsvTable& table, const CsvOptions& options = {});

/// The shortest decimal text that reads back as exactly the same double (`std::to_chars` without a
/// precision, C++17 [charconv]): 0.1 gives "0.1", 1e21 gives "1e+21", -0.0 gives "-0". NaN (missing)
/// gives the empty string, which read_matrix() reads back as missing.
/// @param value the number.
/// @return its text; empty for NaN.
/// @throws InvalidInput (not_finite) for an infinite value, which qualis files cannot hold.
std::string format_number(double value);

/// A decision matrix as a file holds it: alternatives (units) in rows, criteria (indicators) in columns,
/// missing values as NaN.
struct MatrixFile {
  std::vector<std::string> row_ids;     ///< One id per row of `values` (the first column of the file).
  std::vector<std::string> column_ids;  ///< One id per column of `values` (the header after its first cell).
  Eigen::MatrixXd values;               ///< The values; NaN marks a missing value.
  /// The first header cell, naming the id column. Any text, also empty (as pandas writes an unnamed index).
  std::string id_column = "id";
};

/// Interprets a parsed CSV table as a decision matrix.
///
/// Layout: the header's first cell names the id column and the others are criterion ids; each row
/// starts with an alternative id followed by one value per criterion. Ids must be non-empty, valid
/// UTF-8, without control characters and without leading or trailing spaces (the rules of every qualis
/// id), and unique among the row ids and among the column ids.
///
/// Values are read strictly with `std::from_chars` (general format): an optional minus, digits with an
/// optional '.' fraction, an optional exponent; no plus sign, no spaces, no thousands separators, no
/// decimal comma, no hexadecimal. Missing: an empty field, `NA` or `NaN` in any letter case (as R,
/// pandas and numpy write them) become NaN. Every other text that is not a finite double is an error,
/// including infinities, other NaN spellings and numbers beyond the range of a double (such as 1e400
/// or 1e-400).
/// @param table the table, as parse_csv() returns it (or built in code).
/// @param source the name used in error messages (the file name or `<stdin>`).
/// @return the matrix; `values` is rows x (header size - 1).
/// @throws ParseError at the field's line and column (when the table has positions) for: a header with no
///   criterion column; a table without rows; a row of another width than the header; an invalid row or
///   column id; a duplicate row id or column id (the message names the lines, or columns, of both
///   occurrences); a value that is not a finite number or a missing marker (the message names the row
///   id and the column id).
MatrixFile read_matrix(const CsvTable& table, const std::string& source);

/// Writes a decision matrix so that read_matrix() after parse_csv() gives it back bit for bit: values
/// in the shortest round-trip form of format_number(), NaN as an empty field, ids quoted only where
/// CSV requires it.
/// @param out the stream.
/// @param matrix the matrix; at least one row and one column.
/// @param options the delimiter, the line end and the byte order mark.
/// @throws InvalidInput (empty_input) for a matrix without rows or columns; (size_mismatch) if the id
///   counts differ from the matrix shape; (invalid_id) or (invalid_text) for a bad id; (duplicate_id) for a
///   repeated id; (not_finite) for an infinite value, naming the row and column ids; (invalid_argument)
///   for a delimiter that is not allowed. The whole matrix is checked before anything is written.
/// @throws IoError if the stream fails.
void write_matrix(std::ostream& out, const MatrixFile& matrix, const CsvOptions& options = {});

/// Time series in long format, one per series id, from a file with the columns `series,period,value`.
struct SeriesFile {
  /// One series of the file.
  struct Entry {
    std::string id;                  ///< The series id.
    std::vector<Period> periods;     ///< Its periods, ascending (the file may list them in any order).
    std::vector<double> values;      ///< One value per period; NaN = missing.
    std::vector<std::size_t> lines;  ///< The 1-based line of each value in the file (0 for a table built in code).
  };
  std::vector<Entry> series;  ///< The series, in the order their ids first appear in the file.
};

/// Interprets a parsed CSV table as time series in long format: the header is exactly `series,period,value`
/// (in this order; further columns are an error, so that a misnamed file is not read half), each row one
/// observation. Series ids follow the id rules of read_matrix(); periods are read by Period::parse() (2021,
/// 2021H1, 2021Q3, 2021M05); values as read_matrix() reads them (empty, NA or NaN = missing). A series' rows
/// may come in any order and are sorted by period; rows of different series may interleave.
/// @param table the table, as parse_csv() returns it.
/// @param source the name used in error messages.
/// @return the series.
/// @throws ParseError at the field's line and column for: a header other than `series,period,value`; a table
///   without rows; an invalid series id; a period that does not parse; a value that is not a number or a
///   missing marker; a period given twice for one series (naming both lines).
SeriesFile read_series(const CsvTable& table, const std::string& source);

QUALIS_NAMESPACE_END

#endif  // QUALIS_IO_CSV_HPP
