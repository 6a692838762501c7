// Panel and step-rating files (see include/qualis/io/data_files.hpp).
#include "qualis/io/data_files.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qualis/detail/text.hpp"
#include "table_support.hpp"

QUALIS_NAMESPACE_BEGIN
namespace {

using io_support::id_problem;
using io_support::Locator;
using io_support::parse_value;
using io_support::shown;
using io_support::ValueKind;

// ---------------------------------------------------------------------------------------------------
// Helpers. The value and id rules are those of csv.cpp (table_support.hpp), so that these files accept
// exactly what read_matrix() and read_series() accept.

ErrorCode id_code(std::string_view id) {
  return detail::find_invalid_utf8(id) == std::string_view::npos ? ErrorCode::invalid_id : ErrorCode::invalid_text;
}

// "line 7", or "data row 3" for a table without line numbers.
std::string row_name(const Locator& at, std::size_t r) {
  const std::size_t line = at.line(r);
  return line > 0 ? "line " + std::to_string(line) : "data row " + std::to_string(r + 1);
}

// "lines 3 and 7" (or data rows) for duplicate messages.
std::string both_rows(const Locator& at, std::size_t first, std::size_t second) {
  const std::size_t a = at.line(first);
  const std::size_t b = at.line(second);
  if (a > 0 && b > 0) return "lines " + std::to_string(a) + " and " + std::to_string(b);
  return "data rows " + std::to_string(first + 1) + " and " + std::to_string(second + 1);
}

// Collects problems for one reader: adds the source, then records or throws through report().
class Reporter {
 public:
  Reporter(const std::string& source, Problems* sink) : source_(source), sink_(sink) {}

  void operator()(CsvPosition p, std::string id, ErrorCode code, std::string message) {
    report(sink_, Problem{source_, p.line, p.column, std::move(id), code, std::move(message)});
  }

 private:
  const std::string& source_;
  Problems* sink_;
};

// The number of leading fields of `header` equal to `expected`.
std::size_t common_prefix(const std::vector<std::string>& header, const std::vector<std::string>& expected) {
  std::size_t j = 0;
  while (j < header.size() && j < expected.size() && header[j] == expected[j]) ++j;
  return j;
}

// Checks a period field; reports and returns false when it does not parse.
bool read_period(const std::string& text, CsvPosition p, const std::string& what, Reporter& fail, Period& period) {
  try {
    period = Period::parse(text);
    return true;
  } catch (const Error& e) {
    // Period::parse() says `"<text>" is not a period: <why> (at character k)`; keep the why, the text is
    // named here already.
    std::string why = detail::without_prefix(e.what());
    constexpr std::string_view marker = "is not a period: ";
    const std::size_t at = why.find(marker);
    if (at != std::string::npos) why.erase(0, at + marker.size());
    fail(p, text, ErrorCode::parse_error,
         "period " + shown(text) + what + " does not parse (" + why +
             "; periods are written 2021, 2021H1, "
             "2021Q3 or 2021M07)");
    return false;
  }
}

// Checks an id field; reports and returns false when it breaks the id rules.
bool read_id(const std::string& id, CsvPosition p, const char* kind, Reporter& fail) {
  const std::string problem = id_problem(id);
  if (problem.empty()) return true;
  fail(p, id, id_code(id), std::string(kind) + " id " + shown(id) + " " + problem);
  return false;
}

// Reads a value field; reports and returns false when it is neither a finite number nor a missing marker.
bool read_value(const std::string& text, CsvPosition p, const std::string& unit, const std::string& indicator,
                const std::string& period, Reporter& fail, double& value) {
  const ValueKind kind = parse_value(text, value);
  if (kind == ValueKind::number || kind == ValueKind::missing) return true;
  value = std::numeric_limits<double>::quiet_NaN();  // the cell stays missing, never infinite
  std::string what = "value " + shown(text) + " of unit " + shown(unit) + ", indicator " + shown(indicator) +
                     ", period " + shown(period);
  ErrorCode code = ErrorCode::parse_error;
  switch (kind) {
    case ValueKind::infinite:
      what += " is infinite; qualis files hold finite numbers only";
      code = ErrorCode::not_finite;
      break;
    case ValueKind::out_of_range:
      what += " is out of the range of a double";
      code = ErrorCode::out_of_range;
      break;
    default:
      what += " is not a number (missing values are written as an empty field, NA or NaN)";
      break;
  }
  fail(p, unit, code, std::move(what));
  return false;
}

// The text of a library error without "qualis: <context>: ", to become a Problem's message.
std::string problem_text(const Error& e) {
  std::string text = detail::without_prefix(e.what());
  const std::string& context = e.context();
  if (!context.empty() && text.compare(0, context.size(), context) == 0 && text.compare(context.size(), 2, ": ") == 0) {
    text.erase(0, context.size() + 2);
  }
  return text;
}

// Reads a CSV file for the *_file readers: with a sink, a file or syntax error becomes one problem and the
// result is false.
bool load_table(const std::string& path, Problems* problems, const CsvOptions& options, CsvTable& table) {
  if (problems == nullptr) {
    table = read_csv_file(path, options);
    return true;
  }
  try {
    table = read_csv_file(path, options);
    return true;
  } catch (const ParseError& e) {
    problems->add(Problem{path, e.line(), e.column(), {}, ErrorCode::parse_error, problem_text(e)});
  } catch (const IoError& e) {
    problems->add(Problem{path, 0, 0, {}, ErrorCode::io_error, problem_text(e)});
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Panel reading

// Gathers the dimensions and values of a panel in order of first appearance.
class PanelBuilder {
 public:
  std::size_t unit(const std::string& id, CsvPosition p) { return add(unit_index_, units_, unit_positions_, id, p); }
  std::size_t indicator(const std::string& id, CsvPosition p) {
    return add(indicator_index_, indicators_, indicator_positions_, id, p);
  }
  std::size_t period(const Period& period, CsvPosition p) {
    const auto [it, fresh] = period_index_.emplace(period, periods_.size());
    if (fresh) {
      periods_.push_back(period);
      period_positions_.push_back(p);
    }
    return it->second;
  }
  void value(std::size_t u, std::size_t i, std::size_t p, double v) {
    if (!std::isnan(v)) cells_.push_back({u, i, p, v});
  }

  void build(PanelFile& out) {
    if (units_.empty() || indicators_.empty() || periods_.empty()) return;
    Panel panel(units_, indicators_, periods_);
    // The panel sorts its periods; map each period of first appearance to its sorted index.
    std::vector<std::size_t> sorted(periods_.size());
    std::vector<CsvPosition> period_positions(periods_.size());
    for (std::size_t k = 0; k < periods_.size(); ++k) {
      sorted[k] = panel.period_index(periods_[k]);
      period_positions[sorted[k]] = period_positions_[k];
    }
    for (const Cell& c : cells_) panel.set(c.u, c.i, sorted[c.p], c.v);
    out.panel = std::move(panel);
    out.unit_positions = std::move(unit_positions_);
    out.indicator_positions = std::move(indicator_positions_);
    out.period_positions = std::move(period_positions);
  }

 private:
  struct Cell {
    std::size_t u;
    std::size_t i;
    std::size_t p;
    double v;
  };

  static std::size_t add(std::unordered_map<std::string, std::size_t>& index, std::vector<std::string>& ids,
                         std::vector<CsvPosition>& positions, const std::string& id, CsvPosition p) {
    const auto [it, fresh] = index.emplace(id, ids.size());
    if (fresh) {
      ids.push_back(id);
      positions.push_back(p);
    }
    return it->second;
  }

  std::unordered_map<std::string, std::size_t> unit_index_;
  std::unordered_map<std::string, std::size_t> indicator_index_;
  std::unordered_map<Period, std::size_t> period_index_;
  std::vector<std::string> units_;
  std::vector<std::string> indicators_;
  std::vector<Period> periods_;
  std::vector<CsvPosition> unit_positions_;
  std::vector<CsvPosition> indicator_positions_;
  std::vector<CsvPosition> period_positions_;
  std::vector<Cell> cells_;
};

const std::vector<std::string>& long_header() {
  static const std::vector<std::string> header = {"unit", "indicator", "period", "value"};
  return header;
}

// Reports a row whose width differs from the header's (only a table built in code can have one).
bool check_width(const CsvTable& table, std::size_t r, const Locator& at, Reporter& fail) {
  if (table.rows[r].size() == table.header.size()) return true;
  fail({at.line(r), 0}, {}, ErrorCode::parse_error,
       "expected " + std::to_string(table.header.size()) + " fields (as in the header), got " +
           std::to_string(table.rows[r].size()) + " on " + row_name(at, r));
  return false;
}

void read_long(const CsvTable& table, const Locator& at, Reporter& fail, PanelBuilder& builder) {
  struct Key {
    std::size_t u, i, p;
    bool operator<(const Key& o) const { return std::tie(u, i, p) < std::tie(o.u, o.i, o.p); }
  };
  std::map<Key, std::size_t> seen;  // cell -> first row
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (!check_width(table, r, at, fail)) continue;
    const auto& row = table.rows[r];
    const bool unit_ok = read_id(row[0], at.field(r, 0), "unit", fail);
    const bool indicator_ok = read_id(row[1], at.field(r, 1), "indicator", fail);
    Period period;
    const bool period_ok = read_period(row[2], at.field(r, 2), " of unit " + shown(row[0]), fail, period);
    double value = 0.0;
    (void)read_value(row[3], at.field(r, 3), row[0], row[1], row[2], fail, value);
    if (!unit_ok || !indicator_ok || !period_ok) continue;
    // A duplicate row adds no new id: its first row already added them.
    const std::size_t u = builder.unit(row[0], at.field(r, 0));
    const std::size_t i = builder.indicator(row[1], at.field(r, 1));
    const std::size_t p = builder.period(period, at.field(r, 2));
    const auto [it, fresh] = seen.emplace(Key{u, i, p}, r);
    if (!fresh) {
      fail(at.field(r, 0), row[0], ErrorCode::duplicate_id,
           "unit " + shown(row[0]) + ", indicator " + shown(row[1]) + ", period " + period.to_string() +
               " is given twice (" + both_rows(at, it->second, r) + ")");
      continue;
    }
    builder.value(u, i, p, value);
  }
}

void read_wide(const CsvTable& table, const Locator& at, Reporter& fail, PanelBuilder& builder) {
  const std::size_t width = table.header.size();
  // Indicator of each column (npos for a bad or repeated one, whose cells are left out).
  constexpr auto none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> indicator_of(width, none);
  std::unordered_map<std::string, std::size_t> column_of;
  for (std::size_t j = 2; j < width; ++j) {
    const std::string& id = table.header[j];
    if (!read_id(id, at.header(j), "indicator", fail)) continue;
    const auto [it, fresh] = column_of.emplace(id, j);
    if (!fresh) {
      fail(at.header(j), id, ErrorCode::duplicate_id,
           "indicator " + shown(id) + " has two columns (header fields " + std::to_string(it->second + 1) + " and " +
               std::to_string(j + 1) + ")");
      continue;
    }
    indicator_of[j] = builder.indicator(id, at.header(j));
  }
  struct Key {
    std::size_t u, p;
    bool operator<(const Key& o) const { return std::tie(u, p) < std::tie(o.u, o.p); }
  };
  std::map<Key, std::size_t> seen;  // (unit, period) -> first row
  std::vector<double> values(width);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (!check_width(table, r, at, fail)) continue;
    const auto& row = table.rows[r];
    const bool unit_ok = read_id(row[0], at.field(r, 0), "unit", fail);
    Period period;
    const bool period_ok = read_period(row[1], at.field(r, 1), " of unit " + shown(row[0]), fail, period);
    for (std::size_t j = 2; j < width; ++j) {
      (void)read_value(row[j], at.field(r, j), row[0], table.header[j], row[1], fail, values[j]);
    }
    if (!unit_ok || !period_ok) continue;
    const std::size_t u = builder.unit(row[0], at.field(r, 0));
    const std::size_t p = builder.period(period, at.field(r, 1));
    const auto [it, fresh] = seen.emplace(Key{u, p}, r);
    if (!fresh) {
      fail(at.field(r, 0), row[0], ErrorCode::duplicate_id,
           "unit " + shown(row[0]) + ", period " + period.to_string() + " has two rows (" +
               both_rows(at, it->second, r) + ")");
      continue;
    }
    for (std::size_t j = 2; j < width; ++j) {
      if (indicator_of[j] != none) builder.value(u, indicator_of[j], p, values[j]);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Writing

void check_panel(const Panel& panel, const char* ctx) {
  if (panel.unit_count() == 0 || panel.indicator_count() == 0 || panel.period_count() == 0) {
    throw InvalidInput(ErrorCode::empty_input, ctx,
                       "the panel is empty (" + std::to_string(panel.unit_count()) + " units, " +
                           std::to_string(panel.indicator_count()) + " indicators, " +
                           std::to_string(panel.period_count()) + " periods)");
  }
}

}  // namespace

// -----------------------------------------------------------------------------------------------------

PanelFile read_panel(const CsvTable& table, const std::string& source, Problems* problems) {
  const Locator at(table);
  Reporter fail(source, problems);
  PanelFile out;
  out.row_count = table.rows.size();
  const std::vector<std::string>& header = table.header;
  const std::vector<std::string> wide_start = {"unit", "period"};
  if (header == long_header()) {
    out.format = PanelFormat::long_format;
  } else if (header.size() >= 2 && common_prefix(header, wide_start) == 2) {
    out.format = PanelFormat::wide_format;
    if (header.size() == 2) {
      fail(at.header(1), header[1], ErrorCode::parse_error,
           "a wide panel file needs at least one indicator column after unit,period");
      return out;
    }
  } else {
    const std::size_t j = std::max(common_prefix(header, long_header()), common_prefix(header, wide_start));
    const std::size_t k = header.empty() ? 0 : std::min(j, header.size() - 1);
    fail(at.header(k), header.empty() ? std::string() : header[k], ErrorCode::parse_error,
         "the header must be unit,indicator,period,value (long format) or unit,period followed by one column per "
         "indicator (wide format); header field " +
             std::to_string(k + 1) + " is " + (header.empty() ? std::string("missing") : shown(header[k])));
    return out;
  }
  PanelBuilder builder;
  if (out.format == PanelFormat::long_format) {
    if (table.rows.empty()) {
      fail(at.header(0), {}, ErrorCode::empty_input, "the panel file has a header but no data rows");
      return out;
    }
    read_long(table, at, fail, builder);
  } else {
    read_wide(table, at, fail, builder);
    // The empty-file problem comes after header problems, in file order.
    if (table.rows.empty()) {
      fail(at.header(0), {}, ErrorCode::empty_input, "the panel file has a header but no data rows");
    }
  }
  builder.build(out);
  return out;
}

PanelFile read_panel_file(const std::string& path, Problems* problems, const CsvOptions& options) {
  CsvTable table;
  if (!load_table(path, problems, options, table)) return {};
  return read_panel(table, path, problems);
}

void write_panel_long(std::ostream& out, const Panel& panel, const CsvOptions& options) {
  check_panel(panel, "write_panel_long");
  const std::size_t nu = panel.unit_count();
  const std::size_t ni = panel.indicator_count();
  const std::size_t np = panel.period_count();
  std::vector<std::string> period_text(np);
  for (std::size_t p = 0; p < np; ++p) period_text[p] = panel.periods()[p].to_string();
  CsvTable table;
  table.header = long_header();
  std::vector<bool> period_seen(np, false);
  const auto add = [&](std::size_t u, std::size_t i, std::size_t p, std::string value) {
    table.rows.push_back({panel.units()[u], panel.indicators()[i], period_text[p], std::move(value)});
    period_seen[p] = true;
  };
  // Indicators must first appear in panel order and every unit, indicator and period must appear at all;
  // where the values do not see to that, an empty row marks the id. Every marker is a missing cell: an
  // indicator j not yet seen when unit u reaches a later indicator has no value at u (all of u's cells of j
  // came before and none was written), and a unit without rows has no value at all.
  std::size_t next_indicator = 0;  // indicators [0, next_indicator) have appeared
  for (std::size_t u = 0; u < nu; ++u) {
    bool unit_seen = false;
    for (std::size_t i = 0; i < ni; ++i) {
      for (std::size_t p = 0; p < np; ++p) {
        const double v = panel.value(u, i, p);
        if (std::isnan(v)) continue;
        for (; next_indicator < i; ++next_indicator) add(u, next_indicator, 0, {});
        next_indicator = std::max(next_indicator, i + 1);
        add(u, i, p, format_number(v));
        unit_seen = true;
      }
    }
    if (!unit_seen) {
      // Unit u has no value: (u, 0, 0) is missing. It also introduces indicator 0 if nothing has.
      add(u, 0, 0, {});
      next_indicator = std::max<std::size_t>(next_indicator, 1);
    }
  }
  // Indicators no unit has a value for: missing everywhere, so any cell of theirs is a marker.
  for (; next_indicator < ni; ++next_indicator) add(nu - 1, next_indicator, 0, {});
  // Periods without values; their place in the file does not matter, the reader sorts periods.
  for (std::size_t p = 0; p < np; ++p) {
    if (!period_seen[p]) add(0, 0, p, {});
  }
  write_csv(out, table, options);
}

void write_panel_wide(std::ostream& out, const Panel& panel, const CsvOptions& options) {
  check_panel(panel, "write_panel_wide");
  const std::size_t nu = panel.unit_count();
  const std::size_t ni = panel.indicator_count();
  const std::size_t np = panel.period_count();
  CsvTable table;
  table.header = {"unit", "period"};
  table.header.insert(table.header.end(), panel.indicators().begin(), panel.indicators().end());
  table.rows.reserve(nu * np);
  for (std::size_t u = 0; u < nu; ++u) {
    for (std::size_t p = 0; p < np; ++p) {
      std::vector<std::string> row;
      row.reserve(ni + 2);
      row.push_back(panel.units()[u]);
      row.push_back(panel.periods()[p].to_string());
      for (std::size_t i = 0; i < ni; ++i) row.push_back(format_number(panel.value(u, i, p)));
      table.rows.push_back(std::move(row));
    }
  }
  write_csv(out, table, options);
}

// -----------------------------------------------------------------------------------------------------
// Steps

namespace {

const std::vector<std::string>& steps_header() {
  static const std::vector<std::string> header = {"unit", "period", "step", "level", "evidence", "assessor"};
  return header;
}

// Parses a decimal integer strictly; false when the text is not one. `overflow` tells a number too large for
// an int (which is out of any rubric's range) from text that is not a number.
bool parse_level(std::string_view text, int& level, bool& overflow) noexcept {
  overflow = false;
  if (text.empty()) return false;
  const char* const first = text.data();
  const char* const last = first + text.size();
  const auto result = std::from_chars(first, last, level);
  if (result.ptr != last) return false;
  if (result.ec == std::errc::result_out_of_range) {
    overflow = true;
    return false;
  }
  return result.ec == std::errc();
}

}  // namespace

StepsFile read_steps(const CsvTable& table, const std::string& source, const StepFramework& framework,
                     Problems* problems) {
  const Locator at(table);
  Reporter fail(source, problems);
  StepsFile out;
  out.row_count = table.rows.size();
  const std::vector<std::string>& header = table.header;
  const std::vector<std::string>& full = steps_header();
  const std::size_t prefix = common_prefix(header, full);
  if (prefix != header.size() || header.size() < 4) {
    const std::size_t k = header.empty() ? 0 : std::min(prefix, header.size() - 1);
    fail(at.header(k), header.empty() ? std::string() : header[k], ErrorCode::parse_error,
         "the header must be unit,period,step,level or unit,period,step,level,evidence or "
         "unit,period,step,level,evidence,assessor; header field " +
             std::to_string(k + 1) + " is " + (header.empty() ? std::string("missing") : shown(header[k])));
    return out;
  }
  if (table.rows.empty()) {
    fail(at.header(0), {}, ErrorCode::empty_input, "the steps file has a header but no data rows");
    return out;
  }
  const bool has_evidence = header.size() >= 5;
  const bool has_assessor = header.size() >= 6;

  struct Group {
    std::size_t assessment;        // index into out.assessments, or npos before its first accepted rating
    std::string assessor;          // the assessor stated first ("" if none yet)
    std::size_t assessor_row = 0;  // the row that stated it
  };
  constexpr auto none = static_cast<std::size_t>(-1);
  std::map<std::pair<std::string, Period>, Group> groups;
  std::map<std::tuple<std::string, Period, std::size_t>, std::size_t> seen;  // (unit, period, step) -> row
  std::unordered_map<std::string, std::size_t> unit_index;
  std::string step_list;
  for (const Step& s : framework.steps()) step_list += (step_list.empty() ? "" : ", ") + s.id;

  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (!check_width(table, r, at, fail)) continue;
    const auto& row = table.rows[r];
    const std::string& unit = row[0];
    const std::string& step = row[2];
    const bool unit_ok = read_id(unit, at.field(r, 0), "unit", fail);
    Period period;
    const bool period_ok = read_period(row[1], at.field(r, 1), " of unit " + shown(unit), fail, period);
    std::size_t step_index = none;
    if (framework.contains(step)) {
      step_index = framework.index_of(step);
    } else {
      fail(at.field(r, 2), step, ErrorCode::not_found,
           "unknown step " + shown(step) + " (the steps of the framework are " + step_list + ")");
    }
    int level = 0;
    bool level_ok = false;
    bool overflow = false;
    if (!parse_level(row[3], level, overflow)) {
      if (overflow) {
        fail(at.field(r, 3), step, ErrorCode::out_of_range,
             "level " + shown(row[3]) + " of step " + shown(step) + " is out of range" +
                 (step_index != none ? " 0.." + std::to_string(framework.max_level_at(step_index)) : std::string()));
      } else {
        fail(at.field(r, 3), step, ErrorCode::parse_error,
             "level " + shown(row[3]) + " of step " + shown(step) +
                 " is not an integer (a step not assessed has no row)");
      }
    } else if (step_index != none) {
      const int top = framework.max_level_at(step_index);
      if (level < 0 || level > top) {
        fail(at.field(r, 3), step, ErrorCode::out_of_range,
             "level " + std::to_string(level) + " of step " + shown(step) + " is outside 0.." + std::to_string(top));
      } else {
        level_ok = true;
      }
    }
    const std::string empty;
    const std::string& evidence = has_evidence ? row[4] : empty;
    const std::string& assessor = has_assessor ? row[5] : empty;
    bool text_ok = true;
    for (std::size_t j = 4; j < header.size(); ++j) {
      const std::size_t bad = detail::find_invalid_utf8(row[j]);
      if (bad != std::string_view::npos) {
        fail(at.field(r, j), unit, ErrorCode::invalid_text,
             header[j] + " text is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
        text_ok = false;
      }
    }
    if (!unit_ok || !period_ok || step_index == none) continue;
    const auto [dup, fresh] = seen.emplace(std::make_tuple(unit, period, step_index), r);
    if (!fresh) {
      fail(at.field(r, 2), step, ErrorCode::duplicate_id,
           "unit " + shown(unit) + ", period " + period.to_string() + ", step " + shown(step) + " is rated twice (" +
               both_rows(at, dup->second, r) + ")");
      continue;
    }
    if (!level_ok || !text_ok) continue;

    auto [git, new_group] = groups.try_emplace({unit, period}, Group{none, {}, 0});
    Group& group = git->second;
    (void)new_group;
    if (!assessor.empty()) {
      if (group.assessor.empty()) {
        group.assessor = assessor;
        group.assessor_row = r;
      } else if (group.assessor != assessor) {
        fail(at.field(r, 5), unit, ErrorCode::inconsistent,
             "unit " + shown(unit) + ", period " + period.to_string() + " has two assessors: " + shown(group.assessor) +
                 " and " + shown(assessor) + " (" + both_rows(at, group.assessor_row, r) +
                 "); one (unit, period) has one assessor");
      }
    }
    if (group.assessment == none) {
      group.assessment = out.assessments.size();
      StepAssessment a;
      a.cluster = unit;
      a.period = period;
      out.assessments.push_back(std::move(a));
      out.assessment_positions.push_back(at.field(r, 0));
      if (unit_index.emplace(unit, out.units.size()).second) {
        out.units.push_back(unit);
        out.unit_positions.push_back(at.field(r, 0));
      }
    }
    StepAssessment& a = out.assessments[group.assessment];
    a.assessor = group.assessor;
    a.ratings.push_back(StepRating{step, level, evidence});
  }
  return out;
}

StepsFile read_steps_file(const std::string& path, const StepFramework& framework, Problems* problems,
                          const CsvOptions& options) {
  CsvTable table;
  if (!load_table(path, problems, options, table)) return {};
  return read_steps(table, path, framework, problems);
}

void write_steps(std::ostream& out, const std::vector<StepAssessment>& assessments, const CsvOptions& options) {
  CsvTable table;
  table.header = steps_header();
  std::map<std::pair<std::string, Period>, std::size_t> seen;
  for (std::size_t k = 0; k < assessments.size(); ++k) {
    const StepAssessment& a = assessments[k];
    detail::check_id(detail::context("write_steps", "assessment", std::to_string(k)), "cluster id", a.cluster);
    const std::string ctx = detail::step_assessment_context(a.cluster, a.period);
    const auto [it, fresh] = seen.emplace(std::make_pair(a.cluster, a.period), k);
    if (!fresh) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx,
                         "two assessments of this cluster and period (positions " + std::to_string(it->second) +
                             " and " + std::to_string(k) + "); a steps file holds one per cluster and period");
    }
    if (a.ratings.empty()) {
      throw InvalidInput(ErrorCode::empty_input, ctx,
                         "the assessment has no ratings; a steps file has one row per rating and cannot hold it");
    }
    detail::check_utf8(ctx, "assessor", a.assessor);
    std::map<std::string, std::size_t, std::less<>> steps;
    const std::string period = a.period.to_string();
    for (std::size_t i = 0; i < a.ratings.size(); ++i) {
      const StepRating& rating = a.ratings[i];
      detail::check_id(ctx, "step id of rating " + std::to_string(i + 1), rating.step);
      const std::string rctx = detail::step_assessment_context(a.cluster, a.period, rating.step);
      const auto [s, new_step] = steps.emplace(rating.step, i);
      if (!new_step) {
        throw InvalidInput(
            ErrorCode::duplicate_id, rctx,
            "step is rated twice (ratings " + std::to_string(s->second + 1) + " and " + std::to_string(i + 1) + ")");
      }
      detail::check_utf8(rctx, "evidence", rating.evidence);
      table.rows.push_back({a.cluster, period, rating.step, std::to_string(rating.level), rating.evidence, a.assessor});
    }
  }
  write_csv(out, table, options);
}

QUALIS_NAMESPACE_END
