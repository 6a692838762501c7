/// @file
/// @brief Reporting periods: years and sub-year periods (half-years, quarters, months).
#ifndef QUALIS_MODEL_PERIOD_HPP
#define QUALIS_MODEL_PERIOD_HPP

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/error.hpp"

QUALIS_NAMESPACE_BEGIN

/// How long a period is.
enum class Frequency : int {
  year = 1,     ///< A calendar year, written "2021".
  half = 2,     ///< A half-year, written "2021H1" or "2021H2".
  quarter = 4,  ///< A quarter, written "2021Q1" to "2021Q4".
  month = 12,   ///< A month, written "2021M01" to "2021M12".
};

/// The stable name of a Frequency value, e.g. "year" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(Frequency value) noexcept {
  switch (value) {
    case Frequency::year:
      return "year";
    case Frequency::half:
      return "half";
    case Frequency::quarter:
      return "quarter";
    case Frequency::month:
      return "month";
  }
  return "unknown";
}

/// The number of periods of a frequency in one year (1, 2, 4 or 12).
/// @param f the frequency.
/// @return periods per year.
constexpr int periods_per_year(Frequency f) noexcept { return static_cast<int>(f); }

/// A reporting period: a calendar year or a half-year, quarter or month of it.
///
/// Periods are ordered by their first month, then by their last month, so that 2021H1 < 2021 <
/// 2021H2 and 2020Q4 < 2021Q1; two periods are equal only if year, frequency and index are equal.
/// The canonical text forms are "2021", "2021H1", "2021Q3" and "2021M07"; parse() also accepts lower
/// case letters and a hyphen before the letter ("2021-h1"), and "2021-07" for a month.
/// Years run from 1 to 9999 and are written with four digits. `std::hash<qualis::Period>` is
/// specialised, so periods can key unordered containers.
class Period {
 public:
  /// The year 1970 (a default exists so that Period can live in standard containers).
  constexpr Period() noexcept = default;

  /// A calendar year.
  /// @param year 1..9999.
  /// @return the period.
  /// @throws InvalidInput (out_of_range) for a year outside 1..9999.
  static Period annual(int year) { return Period(year, Frequency::year, 1); }
  /// A half-year.
  /// @param year 1..9999.
  /// @param half 1 or 2.
  /// @return the period.
  /// @throws InvalidInput (out_of_range) for a year or half out of range.
  static Period half_year(int year, int half) { return Period(year, Frequency::half, half); }
  /// A quarter.
  /// @param year 1..9999.
  /// @param quarter 1..4.
  /// @return the period.
  /// @throws InvalidInput (out_of_range) for a year or quarter out of range.
  static Period quarter(int year, int quarter) { return Period(year, Frequency::quarter, quarter); }
  /// A month.
  /// @param year 1..9999.
  /// @param month 1..12.
  /// @return the period.
  /// @throws InvalidInput (out_of_range) for a year or month out of range.
  static Period month(int year, int month) { return Period(year, Frequency::month, month); }

  /// A period of any frequency.
  /// @param year 1..9999.
  /// @param frequency the frequency.
  /// @param index 1-based index of the period within the year (1 for a year).
  /// @throws InvalidInput (out_of_range) if the year or index is out of range.
  Period(int year, Frequency frequency, int index) : year_(year), frequency_(frequency), index_(index) {
    if (year < 1 || year > 9999) {
      throw InvalidInput(ErrorCode::out_of_range, "period", "year " + std::to_string(year) + " is outside 1..9999");
    }
    const int n = periods_per_year(frequency);
    if (n != 1 && n != 2 && n != 4 && n != 12) {
      throw InvalidInput(ErrorCode::out_of_range, "period", "unknown frequency " + std::to_string(n));
    }
    if (index < 1 || index > n) {
      throw InvalidInput(ErrorCode::out_of_range, "period",
                         "index " + std::to_string(index) + " is outside 1.." + std::to_string(n) + " for year " +
                             std::to_string(year));
    }
  }

  /// Parses the text forms listed in the class description.
  /// @param text e.g. "2021", "2021H1", "2021-Q3", "2021M07", "2021-07".
  /// @return the period.
  /// @throws ParseError (source "period", column of the first bad character) if the text is not a period.
  static Period parse(std::string_view text) {
    const auto fail = [&](std::size_t column, const std::string& why) -> ParseError {
      return ParseError(
          "period", 0, 0,
          "\"" + std::string(text) + "\" is not a period: " + why + " (at character " + std::to_string(column) + ")");
    };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (text.size() < 4) throw fail(1, "expected a four-digit year");
    for (std::size_t i = 0; i < 4; ++i) {
      if (!digit(text[i])) throw fail(i + 1, "expected a four-digit year");
    }
    const int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    if (year == 0) throw fail(1, "year 0000 does not exist");
    if (text.size() == 4) return annual(year);
    std::size_t pos = 4;
    if (text[pos] == '-') ++pos;
    if (pos >= text.size()) throw fail(pos + 1, "expected H, Q or M and a number after the year");
    Frequency f = Frequency::year;
    if (digit(text[pos]) && pos == 5) {
      f = Frequency::month;  // "2021-07"
    } else {
      switch (text[pos]) {
        case 'H':
        case 'h':
          f = Frequency::half;
          break;
        case 'Q':
        case 'q':
          f = Frequency::quarter;
          break;
        case 'M':
        case 'm':
          f = Frequency::month;
          break;
        default:
          throw fail(pos + 1, "expected H, Q or M after the year");
      }
      ++pos;
    }
    const std::size_t start = pos;
    if (pos >= text.size()) throw fail(pos + 1, "expected a number");
    int index = 0;
    while (pos < text.size()) {
      if (!digit(text[pos])) throw fail(pos + 1, "expected a digit");
      if (pos - start >= 2) throw fail(pos + 1, "sub-period number is too long");
      index = index * 10 + (text[pos] - '0');
      ++pos;
    }
    if (f == Frequency::month && pos - start != 2) throw fail(start + 1, "a month is written with two digits");
    if (f != Frequency::month && pos - start != 1) throw fail(start + 1, "expected a one-digit half or quarter");
    const int n = periods_per_year(f);
    if (index < 1 || index > n) {
      throw fail(start + 1, "sub-period " + std::to_string(index) + " is outside 1.." + std::to_string(n));
    }
    return Period(year, f, index);
  }

  /// The canonical text form.
  /// @return "2021", "2021H1", "2021Q3" or "2021M07".
  [[nodiscard]] std::string to_string() const {
    std::string y = std::to_string(year_);
    std::string out(4 - y.size(), '0');
    out += y;
    switch (frequency_) {
      case Frequency::year:
        break;
      case Frequency::half:
        out += 'H';
        out += static_cast<char>('0' + index_);
        break;
      case Frequency::quarter:
        out += 'Q';
        out += static_cast<char>('0' + index_);
        break;
      case Frequency::month:
        out += 'M';
        out += static_cast<char>('0' + index_ / 10);
        out += static_cast<char>('0' + index_ % 10);
        break;
    }
    return out;
  }

  /// @return the calendar year.
  [[nodiscard]] constexpr int year() const noexcept { return year_; }
  /// @return the frequency.
  [[nodiscard]] constexpr Frequency frequency() const noexcept { return frequency_; }
  /// @return the 1-based index within the year (1 for a year, 1-2 for halves, 1-4 quarters, 1-12 months).
  [[nodiscard]] constexpr int index() const noexcept { return index_; }

  /// @return the first calendar month covered, 1..12.
  [[nodiscard]] constexpr int first_month() const noexcept { return (index_ - 1) * months() + 1; }
  /// @return the last calendar month covered, 1..12.
  [[nodiscard]] constexpr int last_month() const noexcept { return index_ * months(); }
  /// Whether this period lies inside (or equals) another, e.g. 2021Q2 is within 2021H1 and 2021.
  /// @param outer the enclosing candidate.
  /// @return true if every month of this period belongs to `outer`.
  [[nodiscard]] constexpr bool is_within(const Period& outer) const noexcept {
    return year_ == outer.year_ && first_month() >= outer.first_month() && last_month() <= outer.last_month();
  }

  /// The same period one year earlier, the base of year-on-year (同比) growth: 2021H1 -> 2020H1.
  /// @return the counterpart.
  /// @throws InvalidInput (out_of_range) before year 1.
  [[nodiscard]] Period year_ago() const { return Period(year_ - 1, frequency_, index_); }
  /// The preceding period of the same frequency (环比 base): 2021H1 -> 2020H2, 2021 -> 2020.
  /// @return the previous period.
  /// @throws InvalidInput (out_of_range) before year 1.
  [[nodiscard]] Period previous() const { return shifted(-1); }
  /// The following period of the same frequency: 2020H2 -> 2021H1.
  /// @return the next period.
  /// @throws InvalidInput (out_of_range) after year 9999.
  [[nodiscard]] Period next() const { return shifted(1); }
  /// The period `steps` periods of the same frequency away (negative for earlier).
  /// @param steps signed number of periods.
  /// @return the shifted period.
  /// @throws InvalidInput (out_of_range) outside years 1..9999.
  [[nodiscard]] Period shifted(long steps) const {
    const long n = periods_per_year(frequency_);
    const long ordinal = static_cast<long>(year_) * n + (index_ - 1) + steps;
    const long year = ordinal >= 0 ? ordinal / n : -1;
    if (year < 1 || year > 9999) {
      throw InvalidInput(ErrorCode::out_of_range, "period",
                         "shifting " + to_string() + " by " + std::to_string(steps) + " leaves years 1..9999");
    }
    return Period(static_cast<int>(year), frequency_, static_cast<int>(ordinal % n) + 1);
  }
  /// Number of periods of this frequency from `from` to this period (positive if this is later).
  /// @param from the start period; must have the same frequency.
  /// @return the signed distance in periods.
  /// @throws InvalidInput (inconsistent) if the frequencies differ.
  [[nodiscard]] long periods_since(const Period& from) const {
    if (from.frequency_ != frequency_) {
      throw InvalidInput(
          ErrorCode::inconsistent, "period",
          "cannot count periods from " + from.to_string() + " to " + to_string() + ": the frequencies differ");
    }
    const long n = periods_per_year(frequency_);
    return (static_cast<long>(year_) * n + index_) - (static_cast<long>(from.year_) * n + from.index_);
  }

  /// Equality of year, frequency and index.
  /// @param a left operand.
  /// @param b right operand.
  /// @return true if both denote the same period.
  friend constexpr bool operator==(const Period& a, const Period& b) noexcept {
    return a.year_ == b.year_ && a.frequency_ == b.frequency_ && a.index_ == b.index_;
  }
  /// @param a left operand.
  /// @param b right operand.
  /// @return the negation of `a == b`.
  friend constexpr bool operator!=(const Period& a, const Period& b) noexcept { return !(a == b); }
  /// Order by first month, then by last month (see the class description).
  /// @param a left operand.
  /// @param b right operand.
  /// @return true if `a` sorts before `b`.
  friend constexpr bool operator<(const Period& a, const Period& b) noexcept {
    const long fa = static_cast<long>(a.year_) * 12 + a.first_month();
    const long fb = static_cast<long>(b.year_) * 12 + b.first_month();
    if (fa != fb) return fa < fb;
    return a.last_month() < b.last_month();
  }
  /// @param a left operand.
  /// @param b right operand.
  /// @return `b < a`.
  friend constexpr bool operator>(const Period& a, const Period& b) noexcept { return b < a; }
  /// @param a left operand.
  /// @param b right operand.
  /// @return `!(b < a)`.
  friend constexpr bool operator<=(const Period& a, const Period& b) noexcept { return !(b < a); }
  /// @param a left operand.
  /// @param b right operand.
  /// @return `!(a < b)`.
  friend constexpr bool operator>=(const Period& a, const Period& b) noexcept { return !(a < b); }

  /// Writes the canonical text form.
  /// @param os the stream.
  /// @param p the period.
  /// @return the stream.
  friend std::ostream& operator<<(std::ostream& os, const Period& p) { return os << p.to_string(); }

 private:
  [[nodiscard]] constexpr int months() const noexcept { return 12 / periods_per_year(frequency_); }

  int year_ = 1970;
  Frequency frequency_ = Frequency::year;
  int index_ = 1;
};

/// Every period of one frequency from `first` to `last`, inclusive, in order.
/// @param first the first period.
/// @param last the last period; same frequency as `first` and not earlier.
/// @return the periods.
/// @throws InvalidInput (inconsistent) if the frequencies differ or `last` precedes `first`.
inline std::vector<Period> period_range(const Period& first, const Period& last) {
  const long n = last.periods_since(first);
  if (n < 0) {
    throw InvalidInput(ErrorCode::inconsistent, "period_range",
                       "last period " + last.to_string() + " precedes first period " + first.to_string());
  }
  std::vector<Period> out;
  out.reserve(static_cast<std::size_t>(n) + 1);
  for (long k = 0; k <= n; ++k) out.push_back(first.shifted(k));
  return out;
}

QUALIS_NAMESPACE_END

/// @cond QUALIS_STD_SPECIALISATIONS
// Hashing, so that Period can key unordered containers (documented on the Period page).
template <>
struct std::hash<qualis::Period> {
  /// @param p the period.
  /// @return a hash combining year, frequency and index.
  std::size_t operator()(const qualis::Period& p) const noexcept {
    return std::hash<int>{}(p.year() * 1000 + static_cast<int>(p.frequency()) * 20 + p.index());
  }
};
/// @endcond

#endif  // QUALIS_MODEL_PERIOD_HPP
