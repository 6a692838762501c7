// libFuzzer target for the matrix-file path (read_matrix, write_matrix, format_number in
// include/qualis/io/csv.hpp). One input drives three checks:
//  1. The bytes as a CSV file: if parse_csv() and read_matrix() accept them, write_matrix() must accept
//     the matrix, reading the output back must give it bit for bit, and writing that again must give
//     the same text (the writer is a function of the matrix alone).
//  2. The first 128 bytes as 16 raw doubles: format_number() must give at most 24 characters that
//     std::from_chars reads back to the same bits; a matrix of them must round trip bit for bit through
//     write_matrix() -> parse_csv() -> read_matrix(), or be rejected as not_finite if it holds an infinity.
//  3. The bytes split at line feeds as row ids: write_matrix() either rejects them (InvalidInput) or its
//     output reads back to the same ids; the reader must then reject exactly what the writer rejected.
// Only qualis::Error is caught: any other exception, a failed check (abort) or a sanitizer report is a bug.
//
// Build and run (see docs/reference/csv.md):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -I/usr/include/eigen3 \
//       tests/fuzz/fuzz_matrix.cpp src/io/csv.cpp -o /tmp/fuzz_matrix
//   cp -r tests/fuzz/corpus/csv /tmp/corpus_matrix && /tmp/fuzz_matrix -max_total_time=120 /tmp/corpus_matrix
#include <charconv>
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
#include <system_error>
#include <vector>

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_matrix: check failed: %s\n", what);
    std::abort();
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

std::string write(const qualis::MatrixFile& m, const qualis::CsvOptions& options) {
  std::ostringstream out;
  qualis::write_matrix(out, m, options);
  return out.str();
}

// Reads `text` back and compares with `m`; returns the text written from what was read.
std::string check_round_trip(const qualis::MatrixFile& m, const std::string& text, const qualis::CsvOptions& options) {
  const qualis::MatrixFile back = qualis::read_matrix(qualis::parse_csv(text, "fuzz", options), "fuzz");
  check(back.id_column == m.id_column, "id column name round trips");
  check(back.row_ids == m.row_ids, "row ids round trip");
  check(back.column_ids == m.column_ids, "column ids round trip");
  check(same_values(back.values, m.values), "values round trip bit for bit");
  return write(back, options);
}

qualis::CsvOptions options_for(std::size_t size) {
  qualis::CsvOptions options;
  constexpr char delimiters[] = {',', ';', '\t', '|'};
  options.delimiter = delimiters[size % 4];
  options.write_crlf = (size & 4U) != 0;
  options.write_bom = (size & 8U) != 0;
  return options;
}

void csv_path(std::string_view text, const qualis::CsvOptions& options) {
  qualis::MatrixFile m;
  try {
    m = qualis::read_matrix(qualis::parse_csv(text, "fuzz"), "fuzz");
  } catch (const qualis::Error& e) {
    check(dynamic_cast<const qualis::ParseError*>(&e) != nullptr, "reading throws ParseError only");
    return;
  }
  const std::string first = write(m, options);  // must not throw for a matrix that was read
  check(check_round_trip(m, first, options) == first, "writing is deterministic");
}

void number_path(std::string_view bytes, const qualis::CsvOptions& options) {
  const std::size_t n = std::min<std::size_t>(bytes.size() / 8, 16);
  if (n == 0) return;
  qualis::MatrixFile m;
  m.values.resize(static_cast<Eigen::Index>(n), 1);
  m.column_ids = {"v"};
  bool infinite = false;
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0.0;
    std::memcpy(&x, bytes.data() + 8 * i, sizeof x);
    m.values(static_cast<Eigen::Index>(i), 0) = x;
    m.row_ids.push_back("r" + std::to_string(i));
    if (std::isinf(x)) {
      infinite = true;
      continue;
    }
    const std::string text = qualis::format_number(x);
    check(text.size() <= 24, "shortest form has at most 24 characters");
    if (std::isnan(x)) {
      check(text.empty(), "NaN is written as an empty field");
      continue;
    }
    double y = 0.0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), y);
    check(result.ec == std::errc() && result.ptr == text.data() + text.size(), "number text parses");
    check(bits(x) == bits(y), "number text reads back bit for bit");
  }
  std::string text;
  try {
    text = write(m, options);
  } catch (const qualis::Error& e) {
    check(infinite && e.code() == qualis::ErrorCode::not_finite, "only infinities are rejected");
    return;
  }
  check(!infinite, "infinities are rejected");
  (void)check_round_trip(m, text, options);
}

void id_path(std::string_view bytes, const qualis::CsvOptions& options) {
  qualis::MatrixFile m;
  m.column_ids = {"c"};
  std::size_t start = 0;
  while (start <= bytes.size() && m.row_ids.size() < 8) {
    const std::size_t lf = std::min(bytes.find('\n', start), bytes.size());
    m.row_ids.emplace_back(bytes.substr(start, lf - start));
    start = lf + 1;
  }
  m.values = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(m.row_ids.size()), 1);
  std::string text;
  try {
    text = write(m, options);
  } catch (const qualis::Error& e) {
    check(e.code() == qualis::ErrorCode::invalid_id || e.code() == qualis::ErrorCode::invalid_text ||
              e.code() == qualis::ErrorCode::duplicate_id,
          "bad ids are rejected with an id code");
    // The reader must reject the same ids when they come in a file.
    qualis::CsvTable table;
    table.header = {"id", "c"};
    for (const auto& id : m.row_ids) table.rows.push_back({id, "0"});
    try {
      (void)qualis::read_matrix(table, "fuzz");
    } catch (const qualis::ParseError&) {
      return;
    }
    check(false, "the reader rejects what the writer rejects");
  }
  (void)check_round_trip(m, text, options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const qualis::CsvOptions options = options_for(size);
  csv_path(bytes, options);
  number_path(bytes, options);
  id_path(bytes, options);
  return 0;
}
