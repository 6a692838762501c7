/// @file
/// @brief Data files of an assessment: indicator panels (long or wide CSV) and step ratings (CSV).
#ifndef QUALIS_IO_DATA_FILES_HPP
#define QUALIS_IO_DATA_FILES_HPP

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/error.hpp"
#include "qualis/io/csv.hpp"
#include "qualis/io/problems.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"
#include "qualis/model/steps.hpp"

QUALIS_NAMESPACE_BEGIN

/// The layout of a panel file, told apart by its header.
enum class PanelFormat : int {
  long_format = 0,  ///< Header `unit,indicator,period,value`: one value per row.
  wide_format = 1,  ///< Header `unit,period,<indicator>,...`: one row per unit and period, one column per indicator.
};

/// The name of a panel format, as the documentation uses it.
/// @param format the format.
/// @return "long" or "wide"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(PanelFormat format) noexcept {
  switch (format) {
    case PanelFormat::long_format:
      return "long";
    case PanelFormat::wide_format:
      return "wide";
  }
  return "unknown";
}

/// A panel as read from a file, with where each of its ids first appears there, so that later checks
/// against a model can point at the file (`data.csv:7:1: unit "x" is not a cluster of the model`).
///
/// The position vectors run parallel to the panel's own lists: `unit_positions[k]` belongs to
/// `panel.units()[k]`, `period_positions[k]` to `panel.periods()[k]` (ascending). Positions are those of
/// the field: the unit or period field of the first row that has it; the indicator field of the first row
/// (long format) or the indicator's header field (wide format). A table built in code without positions
/// gives `{line, 0}` or `{0, 0}`.
struct PanelFile {
  /// The values: units and indicators in the order of their first appearance, periods ascending, cells
  /// the file does not give (or gives as missing) NaN. Empty (`Panel()`, every count 0) when no row could
  /// be read, which happens only when problems were recorded.
  Panel panel;
  PanelFormat format = PanelFormat::long_format;  ///< The format detected from the header.
  std::vector<CsvPosition> unit_positions;        ///< Where each unit first appears (parallel to panel.units()).
  /// Where each indicator first appears (parallel to panel.indicators()).
  std::vector<CsvPosition> indicator_positions;
  std::vector<CsvPosition> period_positions;  ///< Where each period first appears (parallel to panel.periods()).
  std::size_t row_count = 0;                  ///< Data rows in the table (header not counted), read or skipped.

  /// Where a unit first appears.
  /// @param id the unit id.
  /// @return its position.
  /// @throws NotFound if the panel has no such unit.
  [[nodiscard]] CsvPosition unit_position(const std::string& id) const {
    return unit_positions.at(panel.unit_index(id));
  }
  /// Where an indicator first appears.
  /// @param id the indicator id.
  /// @return its position.
  /// @throws NotFound if the panel has no such indicator.
  [[nodiscard]] CsvPosition indicator_position(const std::string& id) const {
    return indicator_positions.at(panel.indicator_index(id));
  }
  /// Where a period first appears.
  /// @param period the period.
  /// @return its position.
  /// @throws NotFound if the panel has no such period.
  [[nodiscard]] CsvPosition period_position(const Period& period) const {
    return period_positions.at(panel.period_index(period));
  }
};

/// Interprets a parsed CSV table as a panel of indicator values, in long or wide format.
///
/// **Format**, detected from the header (names exact, in this order, lower case):
/// - long: exactly `unit,indicator,period,value`; each row gives one cell.
/// - wide: `unit,period` followed by at least one indicator id; each row gives one unit in one period,
///   one value per indicator column. Indicator ids follow the id rules and are unique.
///
/// **Fields.** Unit and indicator ids: non-empty, no control characters, no leading or trailing spaces
/// (the rules of every qualis id). Periods: Period::parse() (2021, 2021H1, 2021Q3, 2021M05, 2021-07).
/// Values as read_matrix() reads them: `std::from_chars` in general format; an empty field, `NA` or `NaN`
/// (any letter case) is missing. Rows may come in any order.
///
/// **Missing-value rule.** A cell no row gives is missing (NaN), exactly as a cell given as missing: both
/// read as NaN. A long row with a missing value still counts as that cell's row (a second row for the cell
/// is a duplicate) and still makes its unit, indicator and period part of the panel.
///
/// **Problems** (code; position; `Problem::id`):
/// - header neither long nor wide (parse_error; the first header field that departs from both; that field);
///   `unit,period` without indicator columns (parse_error; the last header field; that field);
/// - invalid indicator id in a wide header (invalid_id; its header field; the id); an indicator column
///   given twice (duplicate_id; the second header field; the id; the message names both columns);
/// - no data rows (empty_input; the first header field; empty id);
/// - invalid unit or indicator id (invalid_id; the field; the id as written);
/// - period that does not parse (parse_error; the field; the text);
/// - value that is neither a number nor a missing marker (parse_error), infinite (not_finite) or beyond
///   the range of a double such as 1e400 (out_of_range) (the field; the unit id; the message names unit,
///   indicator and period);
/// - the same unit, indicator and period twice in long format, or the same unit and period twice in wide
///   format (duplicate_id; the unit field of the later row; the unit id; the message names both lines);
/// - a row of another width than the header, possible only in a table built in code (parse_error).
///
/// With a sink every problem is recorded, in file order, and reading goes on: a bad header field ends
/// reading (wide format: a bad or repeated indicator column is left out and the rest is read); a row with
/// a bad unit, indicator or period, or a duplicate row, is left out; a bad value leaves its cell missing
/// but keeps the row's ids. Without a sink the first problem is thrown through report().
/// @param table the table, as parse_csv() returns it (or built in code).
/// @param source the name used in problems and errors (the file name, or `<stdin>`).
/// @param problems where to record problems, or nullptr to throw at the first.
/// @return the panel file; when problems were recorded, what could be read of it.
/// @throws ParseError (ParseError::code() is always parse_error; the problem's own code is listed above)
///   at the field's line and column for the first problem when `problems` is nullptr; InvalidInput with
///   the problem's code instead when the table has no line numbers.
PanelFile read_panel(const CsvTable& table, const std::string& source, Problems* problems = nullptr);

/// Reads a panel file: read_csv_file() then read_panel() with the path as the source name.
/// @param path the file.
/// @param problems where to record problems, or nullptr to throw at the first. With a sink, a file that
///   cannot be read is one problem (io_error, line 0) and a CSV syntax error is one problem (parse_error,
///   at its line and column); either way the result is empty.
/// @param options the delimiter.
/// @return the panel file.
/// @throws IoError (without a sink) if the file cannot be opened or read.
/// @throws ParseError (without a sink) for a CSV syntax error or the first problem of read_panel().
/// @throws InvalidInput (invalid_argument) if `options.delimiter` is not allowed, with or without a sink.
PanelFile read_panel_file(const std::string& path, Problems* problems = nullptr, const CsvOptions& options = {});

/// Writes a panel in long format, `unit,indicator,period,value`, so that read_panel() gives back the same
/// units, indicators and periods in the same order and every value bit for bit (format_number(): the
/// shortest text that reads back as the same double; -0 stays -0).
///
/// Rows run by unit (panel order), then indicator (panel order), then period (ascending). Missing cells
/// are left out, except where a unit, indicator or period would otherwise not appear, or an indicator
/// would first appear out of its order: then one row with an empty value marks it (a cell that is
/// missing in the panel, so reading it back changes nothing).
/// @param out the stream.
/// @param panel the panel; at least one unit, indicator and period.
/// @param options the delimiter, the line end and the byte order mark.
/// @throws InvalidInput (empty_input) for an empty panel; (invalid_argument) for a delimiter that is not
///   allowed. Nothing is written in these cases.
/// @throws IoError if the stream fails.
void write_panel_long(std::ostream& out, const Panel& panel, const CsvOptions& options = {});

/// Writes a panel in wide format, `unit,period,<indicator>,...`: one row per unit and period (units in
/// panel order, periods ascending within a unit), also when every cell of the row is missing, so that
/// read_panel() gives back the same panel bit for bit. Missing cells are empty fields; values as
/// format_number() writes them.
/// @param out the stream.
/// @param panel the panel; at least one unit, indicator and period.
/// @param options the delimiter, the line end and the byte order mark.
/// @throws InvalidInput (empty_input) for an empty panel; (invalid_argument) for a delimiter that is not
///   allowed. Nothing is written in these cases.
/// @throws IoError if the stream fails.
void write_panel_wide(std::ostream& out, const Panel& panel, const CsvOptions& options = {});

/// Step ratings as read from a file, with where each unit and each assessment first appears.
struct StepsFile {
  /// One assessment per (unit, period), in the order each pair first appears; ratings in file order.
  std::vector<StepAssessment> assessments;
  /// Where each assessment's first accepted row starts (its unit field; parallel to `assessments`).
  std::vector<CsvPosition> assessment_positions;
  std::vector<std::string> units;           ///< The distinct units, in the order of their first appearance.
  std::vector<CsvPosition> unit_positions;  ///< Where each unit first appears (parallel to `units`).
  std::size_t row_count = 0;                ///< Data rows in the table (header not counted), read or skipped.

  /// Where a unit first appears.
  /// @param id the unit id.
  /// @return its position.
  /// @throws NotFound if the file has no accepted row of that unit.
  [[nodiscard]] CsvPosition unit_position(const std::string& id) const {
    for (std::size_t k = 0; k < units.size(); ++k) {
      if (units[k] == id) return unit_positions.at(k);
    }
    throw NotFound("steps_file", "no unit \"" + id + "\"");
  }
};

/// Interprets a parsed CSV table as step ratings: one rating per row, grouped into one StepAssessment per
/// (unit, period).
///
/// **Header**, exactly one of (lower case, in this order): `unit,period,step,level`,
/// `unit,period,step,level,evidence`, `unit,period,step,level,evidence,assessor`.
///
/// **Fields.** `unit`: the cluster id (id rules). `period`: Period::parse(). `step`: a step id of
/// `framework`. `level`: a decimal integer (digits, an optional leading minus; no sign '+', spaces or
/// fraction) within 0..max level of that step's rubric. `evidence`: any text. `assessor`: any text; empty
/// means "not stated on this row". A step not assessed has no row (there is no missing marker for a level).
///
/// **Assessor rule.** All non-empty assessor fields of one (unit, period) must be equal (byte for byte);
/// the assessment's assessor is that text, or empty when no row states one. Stating it on the first row
/// only is therefore enough, and write_steps() writes it on every row.
///
/// **Problems** (code; position; `Problem::id`):
/// - header not one of the three (parse_error; the first header field that departs from them; that field);
/// - no data rows (empty_input; the first header field; empty id);
/// - invalid unit id (invalid_id; the field; the id as written); bad period (parse_error; the field; the
///   text); unknown step (not_found; the field; the step id; the message lists the framework's steps);
/// - level not an integer (parse_error) or outside 0..max level (out_of_range) (the field; the step id);
/// - the same unit, period and step twice (duplicate_id; the step field of the later row; the step id; the
///   message names both lines);
/// - an assessor that differs from one stated before for the same unit and period (inconsistent; the
///   assessor field; the unit id; the message names both lines and both texts);
/// - evidence or assessor text that is not UTF-8 or a row of another width, possible only in a table built
///   in code (invalid_text, parse_error).
///
/// With a sink every problem is recorded in file order and reading goes on: a row with any problem but a
/// conflicting assessor is left out (a conflicting assessor is ignored and the rating kept). A (unit,
/// period) appears in the result only with at least one accepted rating. Without a sink the first problem
/// is thrown through report().
/// @param table the table, as parse_csv() returns it (or built in code).
/// @param source the name used in problems and errors.
/// @param framework the steps and their rubrics.
/// @param problems where to record problems, or nullptr to throw at the first.
/// @return the assessments; each passes validate() against `framework`.
/// @throws ParseError (code parse_error) at the field's line and column for the first problem when
///   `problems` is nullptr; InvalidInput with the problem's code instead when the table has no line numbers.
StepsFile read_steps(const CsvTable& table, const std::string& source, const StepFramework& framework,
                     Problems* problems = nullptr);

/// Reads a steps file: read_csv_file() then read_steps() with the path as the source name.
/// @param path the file.
/// @param framework the steps and their rubrics.
/// @param problems where to record problems, or nullptr to throw at the first. With a sink, a file that
///   cannot be read is one problem (io_error, line 0) and a CSV syntax error one problem (parse_error).
/// @param options the delimiter.
/// @return the assessments.
/// @throws IoError (without a sink) if the file cannot be opened or read.
/// @throws ParseError (without a sink) for a CSV syntax error or the first problem of read_steps().
/// @throws InvalidInput (invalid_argument) if `options.delimiter` is not allowed, with or without a sink.
StepsFile read_steps_file(const std::string& path, const StepFramework& framework, Problems* problems = nullptr,
                          const CsvOptions& options = {});

/// Writes step assessments as `unit,period,step,level,evidence,assessor`, one row per rating (assessments
/// in the order given, ratings in their order), the assessor on every row, so that read_steps() gives
/// them back equal. Levels are not checked against a rubric here (there is no framework); read_steps()
/// and validate() do that.
/// @param out the stream.
/// @param assessments the assessments.
/// @param options the delimiter, the line end and the byte order mark.
/// @throws InvalidInput (empty_input) for an assessment without ratings (the format has no row for it);
///   (invalid_id) for a bad cluster or step id; (duplicate_id) for two assessments of one cluster and
///   period, or a step rated twice in one; (invalid_text) for text that is not UTF-8; (invalid_argument)
///   for a delimiter that is not allowed. Messages name the cluster, period and step. Nothing is written
///   in these cases.
/// @throws IoError if the stream fails.
void write_steps(std::ostream& out, const std::vector<StepAssessment>& assessments, const CsvOptions& options = {});

QUALIS_NAMESPACE_END

#endif  // QUALIS_IO_DATA_FILES_HPP
