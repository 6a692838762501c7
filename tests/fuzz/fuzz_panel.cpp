// libFuzzer target for the panel-file reader and writers (read_panel, write_panel_long, write_panel_wide in
// include/qualis/io/data_files.hpp).
//
// Arbitrary bytes are parsed as CSV (a syntax error must be a ParseError, and ends the run), then read as a
// panel twice:
//  1. With a Problems sink, which must never throw. Every problem names the source and has a line, a
//     column and a message; the result's position vectors run parallel to the panel's lists and point at
//     fields that hold the id (or the period); the panel holds no infinity; it is empty only when problems
//     were recorded.
//  2. Without a sink, which must throw a ParseError exactly when the sink recorded a problem, at the first
//     problem's line and column, and otherwise give the same panel.
// Any non-empty panel (also one read with problems) must round trip bit for bit through write_panel_long()
// and write_panel_wide() -> parse_csv() -> read_panel(), reading back without problems, and writing what
// was read back must give the same text. Only qualis::Error is expected: any other exception, a failed
// check (abort) or a sanitizer report is a bug.
//
// Build and run (the fuzz preset, or by hand against the qualis_io library of a clang build):
//   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_panel
//   cp -r tests/fuzz/corpus/panel /tmp/corpus_panel && build/fuzz/tests/fuzz/fuzz_panel -max_total_time=120 \
//       /tmp/corpus_panel
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <qualis/io/csv.hpp>
#include <qualis/io/data_files.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_panel: check failed: %s\n", what);
    std::abort();
  }
}

[[noreturn]] void unexpected(const char* where, const std::exception& e) {
  std::fprintf(stderr, "fuzz_panel: unexpected exception in %s: %s\n", where, e.what());
  std::abort();
}

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// Same ids in the same order and every value bit for bit (NaN equal to NaN).
bool same_panel(const qualis::Panel& a, const qualis::Panel& b) {
  if (a.units() != b.units() || a.indicators() != b.indicators() || a.periods() != b.periods()) return false;
  for (std::size_t u = 0; u < a.unit_count(); ++u) {
    for (std::size_t i = 0; i < a.indicator_count(); ++i) {
      for (std::size_t p = 0; p < a.period_count(); ++p) {
        const double x = a.value(u, i, p);
        const double y = b.value(u, i, p);
        if (std::isnan(x) ? !std::isnan(y) : bits(x) != bits(y)) return false;
      }
    }
  }
  return true;
}

using Key = std::pair<std::size_t, std::size_t>;

// The text of every field of the table by its position.
std::map<Key, std::string> fields_by_position(const qualis::CsvTable& t) {
  std::map<Key, std::string> out;
  for (std::size_t j = 0; j < t.header.size(); ++j)
    out[{t.header_positions[j].line, t.header_positions[j].column}] = t.header[j];
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t j = 0; j < t.rows[r].size(); ++j) {
      out[{t.field_positions[r][j].line, t.field_positions[r][j].column}] = t.rows[r][j];
    }
  }
  return out;
}

const std::string* field_at(const std::map<Key, std::string>& fields, qualis::CsvPosition p) {
  const auto it = fields.find({p.line, p.column});
  return it == fields.end() ? nullptr : &it->second;
}

void check_read(const qualis::PanelFile& f, const qualis::Problems& problems, const qualis::CsvTable& table) {
  for (const qualis::Problem& p : problems.list()) {
    check(p.file == "fuzz", "a problem names the source");
    check(p.line >= 1 && p.column >= 1, "a problem in a parsed table has a line and a column");
    check(!p.message.empty(), "a problem has a message");
  }
  check(f.row_count == table.rows.size(), "row_count counts the data rows");
  const qualis::Panel& panel = f.panel;
  const bool empty = panel.unit_count() == 0 || panel.indicator_count() == 0 || panel.period_count() == 0;
  check(!empty || !problems.empty(), "a panel read without problems is not empty");
  if (empty) {
    check(panel.unit_count() == 0 && panel.indicator_count() == 0 && panel.period_count() == 0,
          "an empty result has no ids at all");
    return;
  }
  check(f.unit_positions.size() == panel.unit_count(), "one position per unit");
  check(f.indicator_positions.size() == panel.indicator_count(), "one position per indicator");
  check(f.period_positions.size() == panel.period_count(), "one position per period");
  const auto fields = fields_by_position(table);
  for (std::size_t u = 0; u < panel.unit_count(); ++u) {
    const std::string* text = field_at(fields, f.unit_positions[u]);
    check(text != nullptr && *text == panel.units()[u], "a unit position points at the unit's field");
  }
  for (std::size_t i = 0; i < panel.indicator_count(); ++i) {
    const std::string* text = field_at(fields, f.indicator_positions[i]);
    check(text != nullptr && *text == panel.indicators()[i], "an indicator position points at the indicator's field");
  }
  for (std::size_t p = 0; p < panel.period_count(); ++p) {
    const std::string* text = field_at(fields, f.period_positions[p]);
    check(text != nullptr, "a period position points at a field");
    check(qualis::Period::parse(*text) == panel.periods()[p], "a period position points at the period's field");
    if (p > 0) check(panel.periods()[p - 1] < panel.periods()[p], "periods ascend");
  }
  for (std::size_t u = 0; u < panel.unit_count(); ++u) {
    for (std::size_t i = 0; i < panel.indicator_count(); ++i) {
      for (std::size_t p = 0; p < panel.period_count(); ++p)
        check(!std::isinf(panel.value(u, i, p)), "no infinite values");
    }
  }
}

qualis::CsvOptions options_for(std::size_t size) {
  qualis::CsvOptions options;
  constexpr char delimiters[] = {',', ';', '\t', '|'};
  options.delimiter = delimiters[(size >> 2U) % 4];
  options.write_crlf = (size & 1U) != 0;
  options.write_bom = (size & 2U) != 0;
  return options;
}

// Writes `panel` with `write` and reads it back; the result must be the same panel, read without problems,
// and writing it again must give the same text.
template <class Write>
void round_trip(const qualis::Panel& panel, const qualis::CsvOptions& options, qualis::PanelFormat format,
                Write write) {
  std::string text;
  qualis::PanelFile back;
  qualis::Problems problems;
  try {
    std::ostringstream out;
    write(out, panel, options);
    text = out.str();
    back = qualis::read_panel(qualis::parse_csv(text, "fuzz-written", options), "fuzz-written", &problems);
  } catch (const std::exception& e) {
    unexpected(format == qualis::PanelFormat::long_format ? "the long round trip" : "the wide round trip", e);
  }
  if (!problems.empty()) {
    std::fprintf(stderr, "fuzz_panel: the written %s panel has problems, the first: %s\n--- written:\n%s\n",
                 qualis::to_string(format), problems.list().front().to_string().c_str(), text.c_str());
    check(false, "a written panel reads without problems");
  }
  check(back.format == format, "the written format is detected");
  check(same_panel(back.panel, panel), "the panel round trips bit for bit");
  std::ostringstream again;
  write(again, back.panel, options);
  check(again.str() == text, "writing is a function of the panel");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  qualis::CsvOptions read_options;
  // Semicolon files (as Excel writes them in many locales) when a ';' comes before any ','.
  const std::size_t separator = text.find_first_of(",;");
  read_options.delimiter = separator != std::string_view::npos && text[separator] == ';' ? ';' : ',';
  qualis::CsvTable table;
  try {
    table = qualis::parse_csv(text, "fuzz", read_options);
  } catch (const qualis::ParseError&) {
    return 0;  // the CSV syntax is fuzz_csv's business
  } catch (const std::exception& e) {
    unexpected("parse_csv()", e);
  }

  qualis::Problems problems;
  qualis::PanelFile file;
  try {
    file = qualis::read_panel(table, "fuzz", &problems);
  } catch (const std::exception& e) {
    unexpected("read_panel() with a sink", e);
  }
  check_read(file, problems, table);

  try {
    const qualis::PanelFile strict = qualis::read_panel(table, "fuzz");
    check(problems.empty(), "without a sink read_panel() throws when the sink recorded problems");
    check(strict.format == file.format && same_panel(strict.panel, file.panel), "with and without a sink agree");
  } catch (const qualis::ParseError& e) {
    check(!problems.empty(), "without a sink read_panel() throws only when the sink recorded problems");
    const qualis::Problem& first = problems.list().front();
    check(e.source() == "fuzz", "the error names the source");
    check(e.line() == first.line && e.column() == first.column, "the error stands where the first problem does");
  } catch (const std::exception& e) {
    unexpected("read_panel() without a sink (only ParseError is documented for a parsed table)", e);
  }

  const qualis::Panel& panel = file.panel;
  if (panel.unit_count() == 0) return 0;
  const qualis::CsvOptions options = options_for(size);
  round_trip(panel, options, qualis::PanelFormat::long_format,
             [](std::ostream& out, const qualis::Panel& p, const qualis::CsvOptions& o) {
               qualis::write_panel_long(out, p, o);
             });
  round_trip(panel, options, qualis::PanelFormat::wide_format,
             [](std::ostream& out, const qualis::Panel& p, const qualis::CsvOptions& o) {
               qualis::write_panel_wide(out, p, o);
             });
  return 0;
}
