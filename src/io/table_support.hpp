// Private helpers of the CSV-based readers (csv.cpp: matrix and series files; data_files.cpp: panel and step
// files), so that every reader accepts ids and values by the same rules and words its messages alike. Not
// installed; nothing here appears in a public header.
#ifndef QUALIS_SRC_IO_TABLE_SUPPORT_HPP
#define QUALIS_SRC_IO_TABLE_SUPPORT_HPP

#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include "qualis/detail/text.hpp"
#include "qualis/io/csv.hpp"

QUALIS_NAMESPACE_BEGIN
namespace io_support {

/// Columns count characters (code points): every byte but a UTF-8 continuation byte starts one.
inline bool starts_character(char ch) noexcept { return (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U; }

/// "0x1F": a byte in hexadecimal, for messages.
inline std::string hex_byte(unsigned char c) {
  constexpr const char* digits = "0123456789ABCDEF";
  std::string out = "0x";
  out += digits[c >> 4U];
  out += digits[c & 0x0FU];
  return out;
}

/// A field or id for a message: in quotes, control characters escaped so the message stays on one line,
/// cut after 40 characters so that a runaway field does not flood the message.
inline std::string shown(std::string_view text) {
  constexpr std::size_t max_chars = 40;
  std::string out = "\"";
  std::size_t chars = 0;
  for (const char ch : text) {
    if (starts_character(ch) && ++chars > max_chars) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20U || c == 0x7FU) {
      out += "\\x" + hex_byte(c).substr(2);
    } else {
      out += ch;
    }
  }
  out += '"';
  return out;
}

/// The rules of detail::check_id, as a problem description ("" when the id is fine), so that a reader can
/// report them at a file position and a writer as InvalidInput, with identical rules.
inline std::string id_problem(std::string_view id) {
  if (id.empty()) return "is empty";
  if (detail::find_invalid_utf8(id) != std::string_view::npos) return "is not valid UTF-8";
  for (const char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20U || c == 0x7FU) return "contains a control character";
  }
  if (id.front() == ' ' || id.back() == ' ') return "has leading or trailing spaces";
  return {};
}

/// What a value field holds.
enum class ValueKind { number, missing, not_a_number, infinite, out_of_range };

/// Parses a value field: empty, "NA" or "NaN" (any case) is missing; otherwise the whole field must be a finite
/// decimal number (std::from_chars, general format).
inline ValueKind parse_value(std::string_view text, double& value) noexcept {
  if (text.empty() || detail::iequals(text, "na") || detail::iequals(text, "nan")) {
    value = std::numeric_limits<double>::quiet_NaN();
    return ValueKind::missing;
  }
  const char* const first = text.data();
  const char* const last = first + text.size();
  const auto result = std::from_chars(first, last, value, std::chars_format::general);
  if (result.ptr != last) return ValueKind::not_a_number;
  if (result.ec == std::errc::result_out_of_range) return ValueKind::out_of_range;
  if (result.ec != std::errc()) return ValueKind::not_a_number;
  if (std::isinf(value)) return ValueKind::infinite;
  if (std::isnan(value)) return ValueKind::not_a_number;
  return ValueKind::number;
}

/// Positions of a table that may have been built in code without them.
class Locator {
 public:
  explicit Locator(const CsvTable& table) : table_(table) {}

  [[nodiscard]] CsvPosition header(std::size_t j) const {
    if (table_.header_positions.size() == table_.header.size() && j < table_.header_positions.size()) {
      return table_.header_positions[j];
    }
    return {};
  }

  [[nodiscard]] CsvPosition field(std::size_t r, std::size_t j) const {
    if (table_.field_positions.size() == table_.rows.size() &&
        table_.field_positions[r].size() == table_.rows[r].size() && j < table_.rows[r].size()) {
      return table_.field_positions[r][j];
    }
    return {line(r), 0};
  }

  [[nodiscard]] std::size_t line(std::size_t r) const {
    return table_.row_lines.size() == table_.rows.size() ? table_.row_lines[r] : 0;
  }

 private:
  const CsvTable& table_;
};

}  // namespace io_support
QUALIS_NAMESPACE_END

#endif  // QUALIS_SRC_IO_TABLE_SUPPORT_HPP
