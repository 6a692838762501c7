/// @file
/// @brief Indicator metadata: polarity (direction), ideal targets and ranges, goalposts, place in the framework.
#ifndef QUALIS_MODEL_INDICATOR_HPP
#define QUALIS_MODEL_INDICATOR_HPP

#include <cmath>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/names.hpp"

QUALIS_NAMESPACE_BEGIN

/// Which values of an indicator are better: its polarity (OECD/JRC 2008 Handbook, step 5; the
/// "Direction" column of COINr's indicator metadata, which there is +1 or -1).
///
/// Normalisation uses it to turn every indicator into "higher is better" before aggregation.
enum class Direction {
  higher_is_better,  ///< Benefit indicator, e.g. operating revenue or the inspection pass rate.
  lower_is_better,   ///< Cost indicator, e.g. the number of complaints.
  target_is_best,    ///< The best value is Indicator::target; the further away, the worse.
  range_is_best,     ///< Every value inside Indicator::best_range is best; outside it, the further, the worse.
};

/// The canonical name of a direction, e.g. "higher_is_better"; parse_direction() reads it back.
/// @param direction the direction to name.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(Direction direction) noexcept {
  switch (direction) {
    case Direction::higher_is_better:
      return "higher_is_better";
    case Direction::lower_is_better:
      return "lower_is_better";
    case Direction::target_is_best:
      return "target_is_best";
    case Direction::range_is_best:
      return "range_is_best";
  }
  return "unknown";
}

/// Writes the canonical name of a direction.
/// @param os the stream.
/// @param direction the direction.
/// @return the stream.
inline std::ostream& operator<<(std::ostream& os, Direction direction) { return os << to_string(direction); }

/// Reads a direction from text, as found in indicator tables and model files.
///
/// Accepted, ignoring ASCII case: the canonical names "higher_is_better", "lower_is_better",
/// "target_is_best" and "range_is_best"; the aliases "+", "positive" and "benefit" (higher is better),
/// "-", "negative" and "cost" (lower is better), "target" and "range". Nothing else, not even
/// surrounding spaces: a reader that trims fields does so before calling.
/// @param text the text to read.
/// @return the direction.
/// @throws ParseError (source "direction") naming the text and listing the accepted forms.
inline Direction parse_direction(std::string_view text) {
  const auto is = [text](std::string_view word) { return detail::iequals(text, word); };
  if (is("higher_is_better") || is("+") || is("max") || is("positive") || is("benefit")) {
    return Direction::higher_is_better;
  }
  if (is("lower_is_better") || is("-") || is("min") || is("negative") || is("cost")) {
    return Direction::lower_is_better;
  }
  if (is("target_is_best") || is("target")) return Direction::target_is_best;
  if (is("range_is_best") || is("range")) return Direction::range_is_best;
  throw ParseError(
      "direction", 0, 0,
      "\"" + std::string(text) +
          "\" is not a direction: expected higher_is_better (or +, max, positive, benefit), "
          "lower_is_better (or -, min, negative, cost), target_is_best (or target) or range_is_best (or range)");
}

/// A closed interval [low, high] of indicator values, e.g. the best range of an indicator or its
/// goalposts. A plain record: it is validated where it is used (finite bounds, `low <= high`, or
/// `low < high` for goalposts; see validate_indicator()).
struct Interval {
  double low = 0.0;   ///< Lower bound, inclusive.
  double high = 0.0;  ///< Upper bound, inclusive.

  /// Both bounds are equal.
  /// @param a left operand.
  /// @param b right operand.
  /// @return true if the lower and the upper bounds are equal.
  friend bool operator==(const Interval& a, const Interval& b) { return a.low == b.low && a.high == b.high; }
  /// Some bound differs.
  /// @param a left operand.
  /// @param b right operand.
  /// @return the negation of `a == b`.
  friend bool operator!=(const Interval& a, const Interval& b) { return !(a == b); }
};

/// One indicator of an assessment framework: what it measures, which values are better, and where it
/// sits in the framework tree. A plain record; Framework validates it (see validate_indicator()).
///
/// The fields mirror the indicator-metadata table of composite-indicator tools (COINr's iMeta:
/// code, name, unit, direction, parent, weight), extended by the ideal target or range and goalposts.
struct Indicator {
  std::string id;    ///< Stable identifier, e.g. "revenue": non-empty, no control characters or outer spaces.
  Names names;       ///< Display names, e.g. {"营业收入", "Operating revenue"}.
  std::string unit;  ///< Unit of the values, e.g. "亿元" or "%"; may be empty.
  Direction direction = Direction::higher_is_better;  ///< Which values are better.
  std::optional<double> target;        ///< The best value; present exactly when direction is target_is_best.
  std::optional<Interval> best_range;  ///< The best values; present exactly when direction is range_is_best.
  std::optional<Interval> goalposts;   ///< Optional fixed bounds for normalisation (min-max over goalposts).
  std::string description;             ///< Definition or formula of the indicator; may be empty.
  std::string source;                  ///< Where the values come from; may be empty.
  std::string parent;                  ///< Id of the dimension it belongs to; empty = directly under the root.
  double weight = 1.0;                 ///< Weight among its siblings (finite, >= 0); normalised by Framework.
};

namespace detail {

// Throws unless `interval` has finite bounds and low <= high (low < high when `strict`).
inline void check_interval(const std::string& ctx, std::string_view field, const Interval& interval, bool strict) {
  if (!std::isfinite(interval.low) || !std::isfinite(interval.high)) {
    throw InvalidInput(ErrorCode::not_finite, ctx,
                       std::string(field) + " [" + number_text(interval.low) + ", " + number_text(interval.high) +
                           "] has a bound that is not finite");
  }
  if (interval.low > interval.high || (strict && interval.low == interval.high)) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       std::string(field) + " [" + number_text(interval.low) + ", " + number_text(interval.high) +
                           "] is " + (interval.low > interval.high ? "inverted (low > high)" : "empty (low == high)"));
  }
}

// Every check of validate_indicator() except the one of the id itself, reported under `ctx`.
inline void check_indicator_fields(const std::string& ctx, const Indicator& ind) {
  check_names(ctx, ind.names);
  check_utf8(ctx, "unit", ind.unit);
  check_utf8(ctx, "description", ind.description);
  check_utf8(ctx, "source", ind.source);
  if (!ind.parent.empty()) check_id(ctx, "parent", ind.parent);
  switch (ind.direction) {
    case Direction::higher_is_better:
    case Direction::lower_is_better:
    case Direction::target_is_best:
    case Direction::range_is_best:
      break;
    default:
      throw InvalidInput(ErrorCode::invalid_argument, ctx,
                         "direction " + std::to_string(static_cast<int>(ind.direction)) + " is not a Direction");
  }
  const bool wants_target = ind.direction == Direction::target_is_best;
  if (wants_target && !ind.target) {
    throw InvalidInput(ErrorCode::inconsistent, ctx, "direction is target_is_best but no target is given");
  }
  if (!wants_target && ind.target) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       std::string("a target is given but direction is ") + to_string(ind.direction) +
                           " (a target needs target_is_best)");
  }
  if (ind.target && !std::isfinite(*ind.target))
    throw InvalidInput(ErrorCode::not_finite, ctx, "target " + number_text(*ind.target) + " is not finite");
  const bool wants_range = ind.direction == Direction::range_is_best;
  if (wants_range && !ind.best_range) {
    throw InvalidInput(ErrorCode::inconsistent, ctx, "direction is range_is_best but no best range is given");
  }
  if (!wants_range && ind.best_range) {
    throw InvalidInput(ErrorCode::inconsistent, ctx,
                       std::string("a best range is given but direction is ") + to_string(ind.direction) +
                           " (a best range needs range_is_best)");
  }
  if (ind.best_range) check_interval(ctx, "best range", *ind.best_range, false);
  if (ind.goalposts) check_interval(ctx, "goalposts", *ind.goalposts, true);
  check_weight(ctx, ind.weight);
}

}  // namespace detail

/// Checks one indicator record on its own (Framework runs the same checks, plus those that need the
/// whole tree, such as whether the parent exists).
///
/// Checks, in this order: the id is a valid id (non-empty UTF-8, no control characters, no leading or
/// trailing spaces); names, unit, description and source are valid UTF-8; a non-empty parent is a
/// valid id; the direction is one of the enumerators; a target is present exactly when the direction
/// is target_is_best, and finite; a best range is present exactly when the direction is range_is_best,
/// with finite bounds and low <= high; goalposts, if present, are finite with low < high; the weight is
/// finite and >= 0.
/// @param indicator the record to check.
/// @throws InvalidInput with context `indicator[id=<id>]` (just `indicator` if the id itself is bad) and
///   code invalid_id or invalid_text (id, text fields), invalid_argument (direction out of the
///   enumeration), inconsistent (target or best range missing or given for the wrong direction, an
///   inverted range, empty goalposts), not_finite (target, bounds, weight) or out_of_range (negative weight).
inline void validate_indicator(const Indicator& indicator) {
  detail::check_id("indicator", "id", indicator.id);
  detail::check_indicator_fields(detail::context("indicator", "id", indicator.id), indicator);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_INDICATOR_HPP
