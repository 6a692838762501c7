// libFuzzer target for the step-rating reader and writer (read_steps, write_steps in
// include/qualis/io/data_files.hpp), against the eleven-step framework.
//
// Arbitrary bytes are parsed as CSV (a syntax error must be a ParseError, and ends the run), then read as
// step ratings twice:
//  1. With a Problems sink, which must never throw. Every problem names the source and has a line, a
//     column and a message; the result's position vectors run parallel to its lists and point at fields
//     holding the unit; units are distinct; every assessment has ratings, passes validate() and together
//     they make a StepAssessmentSet.
//  2. Without a sink, which must throw a ParseError exactly when the sink recorded a problem, at the first
//     problem's line and column, and otherwise give the same assessments.
// Whatever was read (also with problems) must round trip through write_steps() -> parse_csv() ->
// read_steps(): read back without problems, equal field for field, and written again to the same text.
// Only qualis::Error is expected: any other exception, a failed check (abort) or a sanitizer report is a bug.
//
// Build and run (the fuzz preset, or by hand against the qualis_io library of a clang build):
//   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_steps
//   cp -r tests/fuzz/corpus/steps /tmp/corpus_steps && build/fuzz/tests/fuzz/fuzz_steps -max_total_time=120 \
//       /tmp/corpus_steps
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <qualis/io/csv.hpp>
#include <qualis/io/data_files.hpp>
#include <qualis/model/steps.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_steps: check failed: %s\n", what);
    std::abort();
  }
}

[[noreturn]] void unexpected(const char* where, const std::exception& e) {
  std::fprintf(stderr, "fuzz_steps: unexpected exception in %s: %s\n", where, e.what());
  std::abort();
}

const qualis::StepFramework& framework() {
  static const qualis::StepFramework f = qualis::eleven_step_method();
  return f;
}

bool same_assessments(const std::vector<qualis::StepAssessment>& a, const std::vector<qualis::StepAssessment>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].cluster != b[k].cluster || !(a[k].period == b[k].period) || a[k].assessor != b[k].assessor ||
        a[k].ratings.size() != b[k].ratings.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a[k].ratings.size(); ++i) {
      const qualis::StepRating& x = a[k].ratings[i];
      const qualis::StepRating& y = b[k].ratings[i];
      if (x.step != y.step || x.level != y.level || x.evidence != y.evidence) return false;
    }
  }
  return true;
}

using Key = std::pair<std::size_t, std::size_t>;

std::map<Key, std::string> fields_by_position(const qualis::CsvTable& t) {
  std::map<Key, std::string> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t j = 0; j < t.rows[r].size(); ++j) {
      out[{t.field_positions[r][j].line, t.field_positions[r][j].column}] = t.rows[r][j];
    }
  }
  return out;
}

bool points_at(const std::map<Key, std::string>& fields, qualis::CsvPosition p, const std::string& text) {
  const auto it = fields.find({p.line, p.column});
  return it != fields.end() && it->second == text;
}

void check_read(const qualis::StepsFile& f, const qualis::Problems& problems, const qualis::CsvTable& table) {
  for (const qualis::Problem& p : problems.list()) {
    check(p.file == "fuzz", "a problem names the source");
    check(p.line >= 1 && p.column >= 1, "a problem in a parsed table has a line and a column");
    check(!p.message.empty(), "a problem has a message");
  }
  check(f.row_count == table.rows.size(), "row_count counts the data rows");
  check(!f.assessments.empty() || !problems.empty(), "a file read without problems has assessments");
  check(f.assessment_positions.size() == f.assessments.size(), "one position per assessment");
  check(f.unit_positions.size() == f.units.size(), "one position per unit");
  const auto fields = fields_by_position(table);
  std::set<std::string> units;
  for (std::size_t k = 0; k < f.assessments.size(); ++k) {
    const qualis::StepAssessment& a = f.assessments[k];
    check(!a.ratings.empty(), "every assessment has ratings");
    check(points_at(fields, f.assessment_positions[k], a.cluster), "an assessment position points at its unit");
    try {
      qualis::validate(framework(), a);
    } catch (const std::exception& e) {
      unexpected("validate() of an assessment that was read", e);
    }
    units.insert(a.cluster);
  }
  check(units.size() == f.units.size(), "units lists each unit of the assessments once");
  for (std::size_t k = 0; k < f.units.size(); ++k) {
    check(units.count(f.units[k]) == 1, "units lists the units of the assessments");
    check(points_at(fields, f.unit_positions[k], f.units[k]), "a unit position points at the unit");
  }
  try {
    (void)qualis::StepAssessmentSet(framework(), f.assessments);
  } catch (const std::exception& e) {
    unexpected("StepAssessmentSet of the assessments that were read", e);
  }
}

void round_trip(const std::vector<qualis::StepAssessment>& assessments, const qualis::CsvOptions& options) {
  std::string text;
  qualis::StepsFile back;
  qualis::Problems problems;
  try {
    std::ostringstream out;
    qualis::write_steps(out, assessments, options);
    text = out.str();
    back = qualis::read_steps(qualis::parse_csv(text, "fuzz-written", options), "fuzz-written", framework(), &problems);
  } catch (const std::exception& e) {
    unexpected("the round trip", e);
  }
  if (!problems.empty()) {
    std::fprintf(stderr, "fuzz_steps: the written ratings have problems, the first: %s\n--- written:\n%s\n",
                 problems.list().front().to_string().c_str(), text.c_str());
    check(false, "written ratings read without problems");
  }
  check(same_assessments(back.assessments, assessments), "the assessments round trip");
  std::ostringstream again;
  qualis::write_steps(again, back.assessments, options);
  check(again.str() == text, "writing is a function of the assessments");
}

qualis::CsvOptions options_for(std::size_t size) {
  qualis::CsvOptions options;
  constexpr char delimiters[] = {',', ';', '\t', '|'};
  options.delimiter = delimiters[(size >> 2U) % 4];
  options.write_crlf = (size & 1U) != 0;
  options.write_bom = (size & 2U) != 0;
  return options;
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
  qualis::StepsFile file;
  try {
    file = qualis::read_steps(table, "fuzz", framework(), &problems);
  } catch (const std::exception& e) {
    unexpected("read_steps() with a sink", e);
  }
  check_read(file, problems, table);

  try {
    const qualis::StepsFile strict = qualis::read_steps(table, "fuzz", framework());
    check(problems.empty(), "without a sink read_steps() throws when the sink recorded problems");
    check(same_assessments(strict.assessments, file.assessments), "with and without a sink agree");
  } catch (const qualis::ParseError& e) {
    check(!problems.empty(), "without a sink read_steps() throws only when the sink recorded problems");
    const qualis::Problem& first = problems.list().front();
    check(e.source() == "fuzz", "the error names the source");
    check(e.line() == first.line && e.column() == first.column, "the error stands where the first problem does");
  } catch (const std::exception& e) {
    unexpected("read_steps() without a sink (only ParseError is documented for a parsed table)", e);
  }

  if (!file.assessments.empty()) round_trip(file.assessments, options_for(size));
  return 0;
}
