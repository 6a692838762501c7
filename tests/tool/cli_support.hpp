// Shared helpers of the command-line tool tests: run `qualis_tool::run` in-process with captured streams,
// find the data files, read the tool's CSV output back and compare numbers.
#ifndef QUALIS_TESTS_TOOL_CLI_SUPPORT_HPP
#define QUALIS_TESTS_TOOL_CLI_SUPPORT_HPP

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <qualis/io/csv.hpp>
#include <qualis/score/common.hpp>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "tool.hpp"

namespace qualis_cli_test {

/// What one run of the tool produced.
struct ToolRun {
  int code = -1;    ///< The exit code run() returned.
  std::string out;  ///< Standard output.
  std::string err;  ///< Standard error.
};

/// Runs the tool on `args` (without the program name); `input` is what "-" reads.
inline ToolRun run_tool(const std::vector<std::string>& args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  ToolRun r;
  r.code = qualis_tool::run(args, in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

/// The path of a file under tests/data/tool/.
inline std::string data_file(const std::string& name) { return std::string(QUALIS_TEST_DATA_DIR) + "/tool/" + name; }

/// The whole content of a file, byte for byte.
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The matrix as the tool reads it, for calling the library directly on the same numbers.
inline qualis::MatrixFile load_matrix(const std::string& name) {
  return qualis::read_matrix(qualis::read_csv_file(data_file(name)), name);
}

/// A number as the tool writes it (shortest round-trip text); empty means missing (NaN).
inline double number(const std::string& text) {
  if (text.empty()) return std::numeric_limits<double>::quiet_NaN();
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  EXPECT_TRUE(ec == std::errc() && end == text.data() + text.size()) << "not a number: \"" << text << "\"";
  return value;
}

/// The tool's CSV output read back with the library's strict reader.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Position of a column by name; a test failure if absent.
  [[nodiscard]] std::size_t col(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << "no column " << name;
    return it == header.end() ? 0 : static_cast<std::size_t>(it - header.begin());
  }
  /// One column as numbers, in row order.
  [[nodiscard]] std::vector<double> numbers(const std::string& name) const {
    const std::size_t j = col(name);
    std::vector<double> out;
    for (const auto& row : rows) out.push_back(number(row[j]));
    return out;
  }
  /// One column as text, in row order.
  [[nodiscard]] std::vector<std::string> texts(const std::string& name) const {
    const std::size_t j = col(name);
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row[j]);
    return out;
  }
};

/// Parses CSV output (a test failure, and an empty table, if it is not valid CSV).
inline Table parse_output(const std::string& csv) {
  Table t;
  try {
    const qualis::CsvTable table = qualis::parse_csv(csv, "output");
    t.header = table.header;
    t.rows = table.rows;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "the output is not valid CSV: " << e.what() << "\n" << csv;
  }
  return t;
}

/// |actual - expected| <= rel * max(1, |expected|); NaN matches NaN only.
inline void expect_rel(double actual, double expected, double rel = 1e-12) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << "expected missing, got " << actual;
    return;
  }
  EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::abs(expected)));
}

/// Element-wise expect_rel of a column against a vector of the same size.
template <class Vector>
void expect_column(const std::vector<double>& actual, const Vector& expected, double rel = 1e-12) {
  ASSERT_EQ(actual.size(), static_cast<std::size_t>(expected.size()));
  for (std::size_t i = 0; i < actual.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    expect_rel(actual[i], static_cast<double>(expected[static_cast<Eigen::Index>(i)]), rel);
  }
}

/// A failed run: the exit code, nothing on standard output, and every fragment in the message on stderr.
inline void expect_failure(const ToolRun& r, int code, const std::vector<std::string>& fragments) {
  EXPECT_EQ(r.code, code) << "stderr: " << r.err;
  EXPECT_EQ(r.out, "") << "a failed run writes nothing to standard output";
  EXPECT_FALSE(r.err.empty());
  for (const auto& f : fragments) EXPECT_THAT(r.err, ::testing::HasSubstr(f));
}

/// A data error (exit 1): exactly one line on stderr, "qualis: <where>: <what>", containing the fragments.
inline void expect_data_error(const ToolRun& r, const std::vector<std::string>& fragments) {
  expect_failure(r, qualis_tool::exit_data, fragments);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one message, one line: " << r.err;
  EXPECT_EQ(r.err.rfind("qualis: ", 0), 0U) << r.err;
}

/// A command-line error (exit 2) containing the fragments.
inline void expect_usage_error(const ToolRun& r, const std::vector<std::string>& fragments) {
  expect_failure(r, qualis_tool::exit_usage, fragments);
}

/// A fresh, empty directory, removed with its content at the end of the scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = info != nullptr ? std::string(info->test_suite_name()) + "." + info->name() : "qualis";
    path_ = std::filesystem::temp_directory_path() /
            ("qualis_cli_test_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  /// A path inside the directory, as a string for the command line.
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// The names of the entries in the directory, sorted.
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path path_;
};

/// Writes `content` to `path` byte for byte.
inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

/// Every name of a registry (not the aliases).
inline std::vector<std::string> names_of(const std::vector<qualis::MethodInfo>& registry) {
  std::vector<std::string> out;
  for (const auto& m : registry) out.emplace_back(m.name);
  return out;
}

}  // namespace qualis_cli_test

#endif  // QUALIS_TESTS_TOOL_CLI_SUPPORT_HPP
