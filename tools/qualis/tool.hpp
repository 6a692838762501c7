// The qualis command-line tool as a library: run() is main() without the process, so tests can call it.
#ifndef QUALIS_TOOL_TOOL_HPP
#define QUALIS_TOOL_TOOL_HPP

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <qualis/io/csv.hpp>
#include <qualis/model/indicator.hpp>
#include <qualis/score/common.hpp>
#include <string>
#include <variant>
#include <vector>

namespace CLI {
class App;
}

namespace qualis_tool {

/// Exit codes: 0 success, 1 bad input data or a failed computation, 2 bad command line.
enum ExitCode : int { exit_ok = 0, exit_data = 1, exit_usage = 2 };

/// Runs the tool on `args` (without the program name); `in` is what "-" reads.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

/// Where a command reads its input and writes its output.
struct Io {
  std::string input;           // a path, or "-" for `in`
  std::string format = "csv";  // csv or json
  std::string output;          // a path; empty for stdout
  std::istream* in = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool terminal = false;  // stderr is a terminal: long commands draw a progress bar there
};

/// One cell of a result table: text, a number (NaN is written as an empty CSV field / JSON null) or a whole
/// number such as a rank (a JSON integer).
using Cell = std::variant<std::string, double, std::int64_t>;

/// A rank as a cell: a whole number when it is one (every tie rule but "average" gives whole ranks), otherwise
/// the number itself (a shared average rank such as 2.5, or NaN for a unit left unranked).
Cell rank_cell(double rank);

/// What a command produces: a table plus details that only the JSON form carries in full (and the CSV
/// form reports on stderr as notes).
struct Result {
  std::string command;
  std::string method;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  std::vector<std::string> notes;  // one line each, printed to stderr in CSV mode
  /// Set by a command that writes its own output (assess, validate, demo): run() returns it and emits nothing.
  std::optional<int> exit_code;
};

/// Reads the decision matrix named by io.input (a file or "-").
qualis::MatrixFile read_matrix_input(const Io& io);

/// The input's name in messages: the path, or <stdin> for "-".
std::string source_name(const Io& io);

/// Rejects a missing value for a method that needs complete data, naming the cell by its row and column ids
/// (the library can only name 0-based positions): "<source>[<row_kind>=u2, <column_kind>=b]: value is missing; ..."
void require_complete(const qualis::MatrixFile& m, const std::string& source, const std::string& row_kind,
                      const std::string& column_kind, const std::string& why);

/// A check for CLI11's Option::check(): empty when `parse` accepts the text, otherwise the parser's message (which
/// lists the valid names). An unknown name is thus a command-line error (exit 2), reported before any input is read.
std::function<std::string(const std::string&)> name_check(std::function<void(const std::string&)> parse);

/// Runs `body`, which computes on `m`; a library error from it (InvalidInput or NumericalError) is rethrown with
/// the same type and code, its 0-based positions ("unit (row) 3", "criterion (column) 1", "cell (row 0, column
/// 1)") replaced by the file's ids (`unit "x"`, `criterion "b"`, `cell (row "x", column "b")`), as in the
/// errors of qualis::run().
void with_ids(const qualis::MatrixFile& m, const std::function<void()>& body);

/// A check for CLI11's Option::check(): empty when the text is a number in [low, high] ((low, high] when
/// `low_open`), otherwise "<name> = <text> is outside [low, high]" or "... is not a number" (exit 2).
std::function<std::string(const std::string&)> range_check(const std::string& name, double low, double high,
                                                           bool low_open);

/// The names of a registry with their aliases, "a (alias), b, ...", for messages.
std::string name_list(const std::vector<qualis::MethodInfo>& methods);

/// Parses "--types max,min,target:100,range:2.5:5" into one spec per criterion.
struct CriterionType {
  qualis::Direction direction = qualis::Direction::higher_is_better;
  double target = 0.0;
  double low = 0.0;
  double high = 0.0;
};
std::vector<CriterionType> parse_types(const std::string& text, std::size_t expected, const std::string& option);

/// Directions only (criteria types that are max/min); rejects target/range where a method needs benefit/cost.
std::vector<qualis::Direction> directions_of(const std::vector<CriterionType>& types);

/// Parses a comma-separated list of numbers for `option`, expecting `expected` values (0: any count).
std::vector<double> parse_numbers(const std::string& text, std::size_t expected, const std::string& option);

/// Writes `result` as CSV or JSON, atomically to io.output when given (a temporary file renamed into place),
/// otherwise to io.out; notes go to io.err in CSV mode.
void emit(const Result& result, const Io& io);

/// A registry as help text: one "name  summary" line per method of a family.
std::string method_list(const std::vector<qualis::MethodInfo>& methods);

/// Adds the options every matrix command shares: FILE (or -), --format, --output.
void add_io_options(CLI::App& command, Io& io);

/// Registers the commands on the app. Each returns a callback run after parsing.
void add_normalize_command(CLI::App& app, Io& io, Result& result);
void add_weights_command(CLI::App& app, Io& io, Result& result);
void add_rank_command(CLI::App& app, Io& io, Result& result);
void add_trend_command(CLI::App& app, Io& io, Result& result);
void add_methods_command(CLI::App& app, Io& io, Result& result);
void add_assess_commands(CLI::App& app, Io& io, Result& result);  // assess, validate, demo, sensitivity

}  // namespace qualis_tool

#endif  // QUALIS_TOOL_TOOL_HPP
