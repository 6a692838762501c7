// libFuzzer target for `qualis validate` and `qualis assess` (tools/qualis/assess.hpp) on in-memory files.
//
// The input is up to three texts separated by NUL bytes: the model file (JSON), the data file (CSV) and, when
// present, the step file (CSV). load_assessment_texts() and check_assessment() (cross-checks and the dry run of
// the pipeline) must record every problem and never throw; every problem must name one of the three files, have
// a message and a position inside that file's text (or none). When there is no problem, compute_assessment() must
// succeed and the HTML report must render. Anything else escaping (any exception, a failed check that aborts, a
// sanitizer report) is a bug.
//
// Build with the fuzz preset (cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_validate) and run
// on a copy of tests/fuzz/corpus/validate (each seed: the trimmed example's model, data and steps).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <qualis/io/problems.hpp>
#include <string>
#include <string_view>

#include "assess.hpp"
#include "report/report.hpp"

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_validate: check failed: %s\n", what);
    std::abort();
  }
}

std::size_t lines_of(std::string_view text) {
  std::size_t n = 1;
  for (const char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t first = input.find('\0');
  if (first == std::string_view::npos) return 0;
  const std::string_view model = input.substr(0, first);
  std::string_view rest = input.substr(first + 1);
  std::string_view csv = rest;
  std::optional<std::string_view> steps;
  const std::size_t second = rest.find('\0');
  if (second != std::string_view::npos) {
    csv = rest.substr(0, second);
    steps = rest.substr(second + 1);
  }
  qualis::Problems problems;
  const qualis_tool::LoadedAssessment loaded =
      qualis_tool::load_assessment_texts(model, "model.json", csv, "data.csv", steps, "steps.csv", problems);
  qualis_tool::check_assessment(loaded, problems, true);
  for (const qualis::Problem& p : problems.list()) {
    check(!p.message.empty(), "a problem without a message");
    std::string_view text;
    if (p.file == "model.json") {
      text = model;
    } else if (p.file == "data.csv") {
      text = csv;
    } else if (p.file == "steps.csv" && steps) {
      text = *steps;
    } else {
      check(false, "a problem names an unknown file");
    }
    check(p.line <= lines_of(text), "a problem's line lies outside its file");
    check(p.line > 0 || p.column == 0, "a column without a line");
  }
  if (!problems.empty()) return 0;
  // Two replications of the uncertainty analysis, as validate's dry run: its settings are checked, not its speed.
  qualis_tool::UncertaintyOverride cheap;
  cheap.replications = std::min<std::size_t>(loaded.model.model.uncertainty.replications, 2);
  cheap.one_at_a_time = std::min<std::size_t>(loaded.model.model.uncertainty.one_at_a_time, 1);
  const qualis_tool::Assessment a = qualis_tool::compute_assessment(loaded, {}, cheap);
  qualis_tool::ReportInput in;
  in.inputs = &a.inputs;
  in.result = &a.result;
  in.dynamics = &a.dynamics;
  in.trends = a.score_trends;
  in.language = loaded.model.report.language;
  in.key_indicators = loaded.model.report.key_indicators;
  const std::string html = qualis_tool::render_report(in);
  check(html.rfind("<!DOCTYPE html>", 0) == 0, "the report does not start with <!DOCTYPE html>");
  return 0;
}
