// What every matrix command shares: reading the input, parsing list options, writing the result.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <qualis/detail/text.hpp>
#include <qualis/error.hpp>
#include <sstream>

#include "tool.hpp"

namespace qualis_tool {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string current;
  for (const char c : text) {
    if (c == sep) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

double parse_number(const std::string& text, const std::string& option, std::size_t position) {
  const std::string t = trim(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option " + option,
                               "item " + std::to_string(position + 1) + " \"" + text + "\" is not a finite number");
  }
  return value;
}

}  // namespace

namespace {

// The message of a library error without its "qualis: <context>: " prefix.
std::string problem_of(const qualis::Error& e, const char* what) {
  const std::string text = what;
  const std::string prefix = "qualis: " + e.context() + ": ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

// The message with the library's 0-based row and column positions replaced by the file's ids, as run() does
// with its units and children (detail::name_positions); a position outside the file is left as it is.
std::string ids_in(const std::string& text, const qualis::MatrixFile& m) {
  return qualis::detail::name_positions(text, [&m](bool row, std::size_t k) -> std::string {
    const std::vector<std::string>& ids = row ? m.row_ids : m.column_ids;
    return k < ids.size() ? "\"" + ids[k] + "\"" : std::string();
  });
}

}  // namespace

Cell rank_cell(double rank) {
  const bool whole = std::isfinite(rank) && std::abs(rank) < 9.0e15 && std::floor(rank) == rank;
  return whole ? Cell{static_cast<std::int64_t>(rank)} : Cell{rank};
}

void with_ids(const qualis::MatrixFile& m, const std::function<void()>& body) {
  try {
    body();
  } catch (const qualis::InvalidInput& e) {
    throw qualis::InvalidInput(e.code(), e.context(), ids_in(problem_of(e, e.what()), m));
  } catch (const qualis::NumericalError& e) {
    throw qualis::NumericalError(e.context(), ids_in(problem_of(e, e.what()), m));
  }
}

std::function<std::string(const std::string&)> range_check(const std::string& name, double low, double high,
                                                           bool low_open) {
  return [name, low, high, low_open](const std::string& text) -> std::string {
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || std::isnan(value)) {
      return name + " = \"" + text + "\" is not a number";
    }
    const bool inside = (low_open ? value > low : value >= low) && value <= high;
    if (inside) return {};
    std::ostringstream interval;
    interval << (low_open ? "(" : "[") << low << ", " << high << "]";
    return name + " = " + text + " is outside " + interval.str();
  };
}

std::vector<double> parse_numbers(const std::string& text, std::size_t expected, const std::string& option) {
  const auto parts = split(text, ',');
  if (expected != 0 && parts.size() != expected) {
    throw qualis::InvalidInput(
        qualis::ErrorCode::size_mismatch, "option " + option,
        std::to_string(parts.size()) + " values given, " + std::to_string(expected) + " expected");
  }
  std::vector<double> out;
  out.reserve(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) out.push_back(parse_number(parts[k], option, k));
  return out;
}

std::vector<CriterionType> parse_types(const std::string& text, std::size_t expected, const std::string& option) {
  const auto parts = split(text, ',');
  if (parts.size() != expected) {
    throw qualis::InvalidInput(
        qualis::ErrorCode::size_mismatch, "option " + option,
        std::to_string(parts.size()) + " criterion types for " + std::to_string(expected) + " criteria (columns)");
  }
  std::vector<CriterionType> out;
  out.reserve(parts.size());
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const auto fields = split(trim(parts[k]), ':');
    CriterionType t;
    try {
      t.direction = qualis::parse_direction(fields[0]);
    } catch (const qualis::ParseError& e) {
      throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option " + option,
                                 "item " + std::to_string(k + 1) + ": " + e.what());
    }
    const std::size_t needed = t.direction == qualis::Direction::target_is_best  ? 2
                               : t.direction == qualis::Direction::range_is_best ? 3
                                                                                 : 1;
    if (fields.size() != needed) {
      throw qualis::InvalidInput(
          qualis::ErrorCode::invalid_argument, "option " + option,
          "item " + std::to_string(k + 1) + " \"" + parts[k] + "\": write max, min, target:VALUE or range:LOW:HIGH");
    }
    if (needed == 2) t.target = parse_number(fields[1], option, k);
    if (needed == 3) {
      t.low = parse_number(fields[1], option, k);
      t.high = parse_number(fields[2], option, k);
      if (t.low > t.high) {
        throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, "option " + option,
                                   "item " + std::to_string(k + 1) + " \"" + parts[k] + "\": the range is inverted");
      }
    }
    out.push_back(t);
  }
  return out;
}

std::vector<qualis::Direction> directions_of(const std::vector<CriterionType>& types) {
  std::vector<qualis::Direction> out;
  out.reserve(types.size());
  for (std::size_t k = 0; k < types.size(); ++k) {
    const auto d = types[k].direction;
    if (d != qualis::Direction::higher_is_better && d != qualis::Direction::lower_is_better) {
      throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --types",
                                 "item " + std::to_string(k + 1) +
                                     ": this method takes max or min criteria only (normalise target or range "
                                     "criteria first with `qualis normalize`)");
    }
    out.push_back(d);
  }
  return out;
}

qualis::MatrixFile read_matrix_input(const Io& io) {
  if (io.input == "-") {
    const qualis::CsvTable table = qualis::read_csv(*io.in, "<stdin>");
    return qualis::read_matrix(table, "<stdin>");
  }
  const qualis::CsvTable table = qualis::read_csv_file(io.input);
  return qualis::read_matrix(table, io.input);
}

std::string source_name(const Io& io) { return io.input == "-" ? std::string("<stdin>") : io.input; }

void require_complete(const qualis::MatrixFile& m, const std::string& source, const std::string& row_kind,
                      const std::string& column_kind, const std::string& why) {
  for (Eigen::Index i = 0; i < m.values.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.values.cols(); ++j) {
      if (std::isnan(m.values(i, j))) {
        throw qualis::InvalidInput(qualis::ErrorCode::not_finite,
                                   source + "[" + row_kind + "=" + m.row_ids[static_cast<std::size_t>(i)] + ", " +
                                       column_kind + "=" + m.column_ids[static_cast<std::size_t>(j)] + "]",
                                   "value is missing; " + why);
      }
    }
  }
}

std::function<std::string(const std::string&)> name_check(std::function<void(const std::string&)> parse) {
  return [parse = std::move(parse)](const std::string& text) -> std::string {
    try {
      parse(text);
      return {};
    } catch (const qualis::Error& e) {
      // CLI11 prefixes the option name; drop the "qualis: <what>: " of the library's message.
      std::string message = e.what();
      const std::string prefix = "qualis: " + e.context() + ": ";
      if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
      return message;
    }
  };
}

std::string name_list(const std::vector<qualis::MethodInfo>& methods) {
  std::string out;
  for (const auto& m : methods) {
    if (!out.empty()) out += ", ";
    out += m.name;
    for (const char* alias : m.aliases) out += std::string(" (") + alias + ")";
  }
  return out;
}

std::string method_list(const std::vector<qualis::MethodInfo>& methods) {
  std::string out;
  for (const auto& m : methods) {
    std::string name = m.name;
    if (name.size() < 22) name.resize(22, ' ');
    out += "\n  " + name + " " + m.summary;
  }
  return out;
}

void add_io_options(CLI::App& command, Io& io) {
  command.add_option("FILE", io.input, "Input matrix file (CSV, UTF-8); - reads standard input")->required();
  command.add_option("--format", io.format, "Output format")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  command.add_option("--output,-o", io.output, "Write to this file (atomically) instead of standard output");
}

namespace {

void write_csv_result(const Result& r, std::ostream& out) {
  qualis::write_csv_row(out, r.columns);
  std::vector<std::string> fields;
  for (const auto& row : r.rows) {
    fields.clear();
    for (const auto& cell : row) {
      if (const auto* s = std::get_if<std::string>(&cell)) {
        fields.push_back(*s);
      } else if (const auto* k = std::get_if<std::int64_t>(&cell)) {
        fields.push_back(std::to_string(*k));
      } else {
        fields.push_back(qualis::format_number(std::get<double>(cell)));
      }
    }
    qualis::write_csv_row(out, fields);
  }
}

void write_json_result(const Result& r, std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["command"] = r.command;
  doc["method"] = r.method;
  doc["columns"] = r.columns;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < row.size() && c < r.columns.size(); ++c) {
      if (const auto* s = std::get_if<std::string>(&row[c])) {
        obj[r.columns[c]] = *s;
      } else if (const auto* k = std::get_if<std::int64_t>(&row[c])) {
        obj[r.columns[c]] = *k;
      } else {
        const double v = std::get<double>(row[c]);
        if (std::isfinite(v)) {
          obj[r.columns[c]] = v;
        } else {
          obj[r.columns[c]] = nullptr;
        }
      }
    }
    rows.push_back(std::move(obj));
  }
  doc["rows"] = std::move(rows);
  if (!r.details.empty()) doc["details"] = r.details;
  out << doc.dump(2) << "\n";
}

}  // namespace

void emit(const Result& result, const Io& io) {
  if (result.command.empty()) return;  // a command that printed its own output (e.g. methods)
  std::ostringstream text;
  if (io.format == "json") {
    write_json_result(result, text);
  } else {
    write_csv_result(result, text);
    for (const auto& note : result.notes) *io.err << "qualis " << result.command << ": " << note << "\n";
  }
  if (io.output.empty()) {
    *io.out << text.str();
    io.out->flush();
    return;
  }
  // Atomic: the whole result goes to a temporary file beside the target, which is then renamed over it,
  // so a reader never sees a half-written file and a failure leaves nothing behind.
  const std::filesystem::path target(io.output);
  const std::filesystem::path temp = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) throw qualis::IoError(io.output, "cannot create a temporary file beside the output");
    file << text.str();
    file.flush();
    if (!file) {
      file.close();
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw qualis::IoError(io.output, "writing failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw qualis::IoError(io.output, "cannot move the result into place: " + ec.message());
  }
}

}  // namespace qualis_tool
