/// @file
/// @brief Denomination: dividing indicators by other indicators of the same panel (revenue per enterprise,
/// profit per 100 million yuan of revenue), with a record of every cell that could not be computed.
///
/// Denomination turns an extensive quantity into an intensive one so that large clusters do not rank high
/// merely for being large (OECD/JRC Handbook on Constructing Composite Indicators, 2008; COINr `Denominate()`,
/// Becker 2022, whose `ScaleFactor` multiplies the quotient). For each rule and each cell,
/// `value = (numerator / denominator) * scale`.
#ifndef QUALIS_PREPARE_DENOMINATE_HPP
#define QUALIS_PREPARE_DENOMINATE_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"

QUALIS_NAMESPACE_BEGIN

/// One denomination: `numerator / denominator * scale`, written over the numerator or into a new indicator.
struct DenominationRule {
  std::string numerator;    ///< Indicator id of the numerator, e.g. "revenue".
  std::string denominator;  ///< Indicator id of the denominator, e.g. "enterprises".
  /// Factor the quotient is multiplied by; finite and > 0. Default 1; e.g. 1e8 for "per 100 million yuan"
  /// when the denominator is in yuan, 100 for a percentage.
  double scale = 1.0;
  /// Id of a new indicator that receives the result, appended after the panel's indicators in rule order;
  /// empty (the default) replaces the numerator's values in place.
  std::string new_id;
};

/// What a zero denominator (0 or -0) does.
enum class ZeroDenominator : int {
  missing = 0,  ///< The cell becomes missing (NaN) and is listed in DenominateResult::zero_denominator_cells (default).
  reject = 1,   ///< InvalidInput (out_of_range) naming the unit, indicators and period.
};

/// The stable name of a zero-denominator rule.
/// @param rule the rule.
/// @return "missing" or "reject"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ZeroDenominator rule) noexcept {
  switch (rule) {
    case ZeroDenominator::missing:
      return "missing";
    case ZeroDenominator::reject:
      return "reject";
  }
  return "unknown";
}

/// Options of denominate().
struct DenominateOptions {
  /// What a zero denominator does (default ZeroDenominator::missing: a size of zero has no per-unit value).
  ZeroDenominator zero_denominator = ZeroDenominator::missing;
  /// Accept negative denominators (default false: sizes such as revenue or headcount are never negative, so a
  /// negative one is a data error, InvalidInput out_of_range naming the cell).
  bool allow_negative_denominator = false;
};

/// What one rule did, counted over all units and periods.
struct DenominateRuleRecord {
  std::string numerator;                 ///< The numerator id.
  std::string denominator;               ///< The denominator id.
  std::string target;                    ///< The indicator written: the numerator (replaced) or the new id.
  double scale = 1.0;                    ///< The scale factor applied.
  bool replaced = false;                 ///< Whether the numerator's values were replaced (no new id).
  std::size_t computed = 0;              ///< Cells that received a value.
  std::size_t missing_input = 0;         ///< Cells missing because the numerator or the denominator is missing.
  std::size_t zero_denominator = 0;      ///< Cells made missing by a zero denominator.
  std::size_t negative_denominator = 0;  ///< Cells computed from a negative denominator (when allowed).
};

/// A cell made missing because its denominator is zero.
struct DenominateCell {
  std::size_t rule = 0;  ///< Position of the rule in the list passed.
  std::string unit;      ///< Unit id.
  std::string target;    ///< The indicator written (numerator or new id).
  Period period;         ///< The period.
  double numerator = 0;  ///< The numerator value there (NaN if missing too).
};

/// The denominated panel and the record of what was done.
struct DenominateResult {
  /// The input panel with the numerators replaced and the new indicators appended (in rule order); units
  /// and periods unchanged.
  Panel panel;
  std::vector<DenominateRuleRecord> rules;  ///< One record per rule, in the order given.
  /// Every cell made missing by a zero denominator, by rule, then period, then unit (ZeroDenominator::missing).
  std::vector<DenominateCell> zero_denominator_cells;
};

/// Divides indicators by indicators of the same panel: for each rule, unit and period,
/// `value = (numerator / denominator) * scale`.
///
/// Every rule reads the input panel, never another rule's output, so the order of the rules changes only
/// the order in which new indicators are appended. Missing values propagate: a cell whose numerator or
/// denominator is missing is missing (late joiners stay missing before they joined). Zero denominators
/// follow `options.zero_denominator`; negative denominators are rejected unless
/// `options.allow_negative_denominator`. Negative numerators are allowed (a loss per enterprise). No
/// infinite value is ever produced: a quotient that overflows is an error. All-or-nothing: on error no
/// result is returned.
/// @param panel the panel.
/// @param rules the denominations; at least one.
/// @param options zero and negative denominator handling.
/// @return the new panel and the records.
/// @throws InvalidInput (empty_input) if `rules` is empty; (not_finite / out_of_range) for a scale that is not
///         finite or not > 0, naming the rule; (inconsistent) for a rule dividing an indicator by itself;
///         (invalid_id) for a malformed new id; (duplicate_id) for a new id that is already an indicator of
///         the panel, or two rules writing the same indicator; (out_of_range) for a zero denominator with
///         ZeroDenominator::reject or a negative denominator when not allowed, naming unit, indicator and
///         period.
/// @throws NotFound naming the rule and the id for a numerator or denominator not in the panel.
/// @throws NumericalError naming unit, indicators and period if a result overflows to infinity.
inline DenominateResult denominate(const Panel& panel, const std::vector<DenominationRule>& rules,
                                   const DenominateOptions& options = {}) {
  const std::string ctx = "denominate";
  if (rules.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no denomination rules given");
  if (options.zero_denominator != ZeroDenominator::missing && options.zero_denominator != ZeroDenominator::reject) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "unknown zero-denominator rule " + std::to_string(static_cast<int>(options.zero_denominator)));
  }

  // Validate every rule and resolve its target column before computing anything.
  std::vector<std::string> indicators = panel.indicators();
  std::unordered_map<std::string, std::size_t> writer;  // target id -> rule that writes it
  std::vector<std::size_t> num(rules.size()), den(rules.size()), target(rules.size());
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const DenominationRule& r = rules[k];
    const std::string rule = "rule " + std::to_string(k);
    if (!panel.has_indicator(r.numerator)) {
      throw NotFound(ctx, rule + ": numerator \"" + r.numerator + "\" is not an indicator of the panel");
    }
    if (!panel.has_indicator(r.denominator)) {
      throw NotFound(ctx, rule + ": denominator \"" + r.denominator + "\" is not an indicator of the panel");
    }
    if (r.numerator == r.denominator) {
      throw InvalidInput(ErrorCode::inconsistent, ctx, rule + ": divides \"" + r.numerator + "\" by itself");
    }
    if (!std::isfinite(r.scale)) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         rule + ": scale " + detail::number_text(r.scale) + " is not finite");
    }
    if (!(r.scale > 0.0)) {
      throw InvalidInput(ErrorCode::out_of_range, ctx,
                         rule + ": scale " + detail::number_text(r.scale) + " is not greater than 0");
    }
    num[k] = panel.indicator_index(r.numerator);
    den[k] = panel.indicator_index(r.denominator);
    std::string id = r.numerator;
    if (r.new_id.empty()) {
      target[k] = num[k];
    } else {
      detail::check_id(ctx, rule + ": new id", r.new_id);
      if (panel.has_indicator(r.new_id)) {
        throw InvalidInput(ErrorCode::duplicate_id, ctx,
                           rule + ": new id \"" + r.new_id +
                               "\" is already an indicator of the panel (leave new_id empty to replace the numerator)");
      }
      id = r.new_id;
      target[k] = indicators.size();
    }
    const auto [it, fresh] = writer.emplace(id, k);
    if (!fresh) {
      throw InvalidInput(
          ErrorCode::duplicate_id, ctx,
          "rules " + std::to_string(it->second) + " and " + std::to_string(k) + " both write indicator \"" + id + "\"");
    }
    if (!r.new_id.empty()) indicators.push_back(r.new_id);
  }

  DenominateResult out{Panel(panel.units(), indicators, panel.periods()), {}, {}};
  out.rules.resize(rules.size());
  for (std::size_t k = 0; k < rules.size(); ++k) {
    DenominateRuleRecord& rec = out.rules[k];
    rec.numerator = rules[k].numerator;
    rec.denominator = rules[k].denominator;
    rec.target = indicators[target[k]];
    rec.scale = rules[k].scale;
    rec.replaced = rules[k].new_id.empty();
  }

  const auto at = [](std::size_t k) { return static_cast<Eigen::Index>(k); };
  const std::size_t nu = panel.unit_count();
  const std::size_t ni = panel.indicator_count();
  Eigen::MatrixXd m(at(nu), at(indicators.size()));
  for (std::size_t p = 0; p < panel.period_count(); ++p) {
    const auto in = panel.period_matrix(p);
    m.leftCols(at(ni)) = in;
    const std::string period = panel.periods()[p].to_string();
    for (std::size_t k = 0; k < rules.size(); ++k) {
      DenominateRuleRecord& rec = out.rules[k];
      const auto cell = [&](std::size_t u) {
        return "unit \"" + panel.units()[u] + "\", \"" + rec.numerator + "\" / \"" + rec.denominator + "\", period " +
               period;
      };
      for (std::size_t u = 0; u < nu; ++u) {
        const double x = in(at(u), at(num[k]));
        const double d = in(at(u), at(den[k]));
        double v = std::numeric_limits<double>::quiet_NaN();
        if (std::isnan(d)) {
          ++rec.missing_input;
        } else if (d == 0.0) {
          if (options.zero_denominator == ZeroDenominator::reject) {
            throw InvalidInput(ErrorCode::out_of_range, ctx, cell(u) + ": the denominator is zero");
          }
          ++rec.zero_denominator;
          out.zero_denominator_cells.push_back(DenominateCell{k, panel.units()[u], rec.target, panel.periods()[p], x});
        } else if (d < 0.0 && !options.allow_negative_denominator) {
          throw InvalidInput(ErrorCode::out_of_range, ctx,
                             cell(u) + ": the denominator " + detail::number_text(d) +
                                 " is negative (set allow_negative_denominator to accept it)");
        } else if (std::isnan(x)) {
          ++rec.missing_input;
        } else {
          v = (x / d) * rec.scale;
          if (!std::isfinite(v)) {
            throw NumericalError(ctx, cell(u) + ": the result overflows (" + detail::number_text(x) + " / " +
                                          detail::number_text(d) + " * " + detail::number_text(rec.scale) + ")");
          }
          ++rec.computed;
          if (d < 0.0) ++rec.negative_denominator;
        }
        m(at(u), at(target[k])) = v;
      }
    }
    out.panel.set_period_matrix(p, m);
  }
  // Cells in rule order, as documented (they were gathered period by period).
  std::stable_sort(out.zero_denominator_cells.begin(), out.zero_denominator_cells.end(),
                   [](const DenominateCell& a, const DenominateCell& b) { return a.rule < b.rule; });
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_PREPARE_DENOMINATE_HPP
