// Internal helpers for validating ids and UTF-8 text. Not part of the public API.
#ifndef QUALIS_DETAIL_TEXT_HPP
#define QUALIS_DETAIL_TEXT_HPP

#include <cmath>
#include <cstddef>
#include <functional>
#include <locale>
#include <sstream>
#include <string>
#include <string_view>

#include "qualis/config.hpp"
#include "qualis/error.hpp"

QUALIS_NAMESPACE_BEGIN
namespace detail {

// ASCII case-insensitive equality, for names read from text (directions, method names); other bytes,
// including every byte of a multi-byte UTF-8 sequence, must match exactly.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Returns the byte offset of the first invalid UTF-8 sequence in `text`, or npos if it is valid.
// Rejects overlong forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF (RFC 3629).
inline std::size_t find_invalid_utf8(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// Throws InvalidInput(invalid_text) naming `context` and `field` if `text` is not valid UTF-8.
inline void check_utf8(const std::string& context, std::string_view field, std::string_view text) {
  const std::size_t bad = find_invalid_utf8(text);
  if (bad != std::string_view::npos) {
    throw InvalidInput(ErrorCode::invalid_text, context,
                       std::string(field) + " is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
  }
}

// Ids: non-empty valid UTF-8, no control characters, no leading or trailing white space.
// Throws InvalidInput(invalid_id or invalid_text) naming `context` and `field`.
inline void check_id(const std::string& context, std::string_view field, std::string_view id) {
  if (id.empty()) throw InvalidInput(ErrorCode::invalid_id, context, std::string(field) + " is empty");
  check_utf8(context, field, id);
  for (const char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      throw InvalidInput(ErrorCode::invalid_id, context,
                         std::string(field) + " \"" + std::string(id) + "\" contains a control character");
    }
  }
  const auto space = [](char ch) { return ch == ' '; };
  if (space(id.front()) || space(id.back())) {
    throw InvalidInput(ErrorCode::invalid_id, context,
                       std::string(field) + " \"" + std::string(id) + "\" has leading or trailing spaces");
  }
}

// A number for an error message: up to 15 significant digits, so that values typed in decimal read back
// as typed ("0.1", not std::to_string's "0.100000"); "nan" and "inf" as such.
inline std::string number_text(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());  // no digit grouping from a global locale
  out.precision(15);
  out << value;
  return out.str();
}

// Throws unless `weight` is finite and >= 0.
inline void check_weight(const std::string& ctx, double weight) {
  if (!std::isfinite(weight))
    throw InvalidInput(ErrorCode::not_finite, ctx, "weight " + number_text(weight) + " is not finite");
  if (weight < 0.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx, "weight " + number_text(weight) + " is negative");
  }
}

// "kind[key=value]" context strings, e.g. context("panel", "unit", "dz-sport").
inline std::string context(std::string_view kind, std::string_view key, std::string_view value) {
  std::string out(kind);
  out += '[';
  out.append(key);
  out += '=';
  out.append(value);
  out += ']';
  return out;
}

// A lower-level function knows positions only: "unit (row) 2", "criterion (column) 1", "cell (row 0, column 1)".
// Rewrites each into the ids of the caller, which knows what its rows and columns are: `name(true, k)` is the text
// for row k, `name(false, k)` for column k (e.g. "\"hb-01\""); a position it returns empty text for is left as it
// is. "unit (row) 2" becomes "unit \"hb-01\"", "cell (row 0, column 1)" becomes "cell (row \"a\", column \"b\")".
inline std::string name_positions(std::string_view text, const std::function<std::string(bool, std::size_t)>& name) {
  // Reads the decimal number at text[at...]; false when there is none (or it is too long to be a position).
  const auto number = [&text](std::size_t at, std::size_t& value, std::size_t& end) {
    end = at;
    value = 0;
    while (end < text.size() && end - at < 10 && text[end] >= '0' && text[end] <= '9') {
      value = value * 10 + static_cast<std::size_t>(text[end] - '0');
      ++end;
    }
    return end > at && (end == text.size() || text[end] < '0' || text[end] > '9');
  };
  const auto starts = [&text](std::size_t at, std::string_view what) { return text.substr(at, what.size()) == what; };
  std::string out;
  out.reserve(text.size() + 32);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t k = 0;
    std::size_t end = 0;
    if (starts(i, "(row) ") || starts(i, "(column) ")) {
      const bool row = text[i + 1] == 'r';
      const std::size_t digits = i + (row ? 6 : 9);
      if (number(digits, k, end)) {
        const std::string id = name(row, k);
        if (!id.empty()) {
          out += id;
          i = end;
          continue;
        }
      }
    } else if (starts(i, "(row ")) {
      // "(row R, column C)"
      std::size_t c = 0;
      std::size_t c_end = 0;
      if (number(i + 5, k, end) && starts(end, ", column ") && number(end + 9, c, c_end) && starts(c_end, ")")) {
        const std::string r_id = name(true, k);
        const std::string c_id = name(false, c);
        if (!r_id.empty() && !c_id.empty()) {
          out += "(row " + r_id + ", column " + c_id + ")";
          i = c_end + 1;
          continue;
        }
      }
    }
    out += text[i];
    ++i;
  }
  return out;
}

// "qualis: <context>: <problem>" -> "<context>: <problem>", to re-raise an error under another context.
inline std::string without_prefix(const char* what) {
  const std::string_view text(what);
  constexpr std::string_view prefix = "qualis: ";
  return std::string(text.substr(0, prefix.size()) == prefix ? text.substr(prefix.size()) : text);
}

}  // namespace detail
QUALIS_NAMESPACE_END

#endif  // QUALIS_DETAIL_TEXT_HPP
