// libFuzzer target for the model-file reader and writer (include/qualis/io/model_file.hpp).
//
// Arbitrary bytes go through read_model() twice:
//  1. With a Problems sink, which must never throw: every problem is recorded and reading goes on. Each
//     problem names the source, has a message and, when it has a line, a line and column inside the input.
//  2. Without a sink, which must throw exactly when the sink recorded something, and only a ParseError or
//     an InvalidInput (the documented types); a ParseError stands where the first recorded problem stands.
// A document read without problems must have a framework and must round trip: model_to_json() (and
// write_model(), which must write the same text) -> read_model() must read without problems and write the
// same text again. Only qualis::Error is expected: any other exception, a failed check (abort) or a
// sanitizer report is a bug.
//
// Build and run (the fuzz preset, or by hand against the qualis_io library of a clang build):
//   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_model
//   cp -r tests/fuzz/corpus/model /tmp/corpus_model && build/fuzz/tests/fuzz/fuzz_model -max_total_time=120 \
//       /tmp/corpus_model
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <qualis/io/model_file.hpp>
#include <sstream>
#include <string>
#include <string_view>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_model: check failed: %s\n", what);
    std::abort();
  }
}

[[noreturn]] void unexpected(const char* where, const std::exception& e) {
  std::fprintf(stderr, "fuzz_model: unexpected exception in %s: %s\n", where, e.what());
  std::abort();
}

bool starts_character(char ch) { return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U; }

// A position must lie inside the text: a line that exists and at most one column past its end.
void check_position(std::size_t line, std::size_t column, std::string_view text) {
  if (line == 0) {
    check(column == 0, "a problem without a line has no column");
    return;
  }
  check(column >= 1, "a problem with a line has a column");
  std::size_t start = 0;
  for (std::size_t l = 1; l < line; ++l) {
    const std::size_t lf = text.find('\n', start);
    check(lf != std::string_view::npos, "the problem's line exists");
    start = lf + 1;
  }
  const std::size_t end = std::min(text.find('\n', start), text.size());
  std::size_t chars = 0;
  for (std::size_t i = start; i < end; ++i) chars += starts_character(text[i]) ? 1U : 0U;
  check(column <= chars + 1, "the problem's column lies on its line");
}

void check_problems(const qualis::Problems& problems, std::string_view text, const char* source) {
  for (const qualis::Problem& p : problems.list()) {
    check(p.file == source, "a problem names the source");
    check(!p.message.empty(), "a problem has a message");
    check_position(p.line, p.column, text);
  }
}

// write_model() and model_to_json() agree, and what they write reads back without problems to the same text.
void round_trip(const qualis::ModelFile& model) {
  check(model.framework.has_value(), "a model read without problems has a framework");
  std::string first;
  try {
    first = qualis::model_to_json(model);
    std::ostringstream out;
    qualis::write_model(out, model);
    check(out.str() == first, "write_model() writes what model_to_json() returns");
  } catch (const std::exception& e) {
    unexpected("writing a model that was read", e);
  }
  qualis::Problems problems;
  qualis::ModelFile back;
  try {
    back = qualis::read_model(first, "fuzz-written", "base", &problems);
  } catch (const std::exception& e) {
    unexpected("reading a written model with a sink", e);
  }
  if (!problems.empty()) {
    std::fprintf(stderr, "fuzz_model: the written model has problems, the first: %s\n--- written:\n%s\n",
                 problems.list().front().to_string().c_str(), first.c_str());
    check(false, "a written model reads without problems");
  }
  check(back.data == model.data && back.steps == model.steps, "data and steps paths round trip");
  std::string second;
  try {
    second = qualis::model_to_json(back);
  } catch (const std::exception& e) {
    unexpected("writing a model read back", e);
  }
  if (second != first) {
    std::fprintf(stderr, "fuzz_model: first written:\n%s\n--- written again:\n%s\n", first.c_str(), second.c_str());
    check(false, "writing, reading and writing again gives the same text");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  qualis::Problems problems;
  qualis::ModelFile model;
  try {
    model = qualis::read_model(text, "fuzz", "base", &problems);
  } catch (const std::exception& e) {
    unexpected("read_model() with a sink", e);
  }
  check_problems(problems, text, "fuzz");

  try {
    (void)qualis::read_model(text, "fuzz", "base", nullptr);
    check(problems.empty(), "without a sink read_model() throws when the sink recorded problems");
  } catch (const qualis::ParseError& e) {
    check(!problems.empty(), "without a sink read_model() throws only when the sink recorded problems");
    const qualis::Problem& first = problems.list().front();
    check(e.source() == "fuzz", "the error names the source");
    check(e.line() == first.line && e.column() == first.column, "the error stands where the first problem does");
  } catch (const qualis::InvalidInput& e) {
    check(!problems.empty(), "without a sink read_model() throws only when the sink recorded problems");
    check(e.code() == problems.list().front().code, "the error has the first problem's code");
  } catch (const std::exception& e) {
    unexpected("read_model() without a sink (only ParseError and InvalidInput are documented)", e);
  }

  if (problems.empty()) round_trip(model);
  return 0;
}
