/// @file
/// @brief Screening units and indicators of a panel by data coverage, with forced inclusion and exclusion,
/// joining periods of late joiners and a zero-variance check: every decision recorded with its reason.
///
/// Screening is step 3 of the OECD/JRC Handbook on Constructing Composite Indicators (2008, "imputation of
/// missing data" starts with deciding what has too little data to be imputed) and the `Screen()` function of
/// COINr (Becker, 2022). A unit is removed when the share of its cells that hold a value is below
/// `min_unit_coverage`; an indicator when the share of its cells is below `min_indicator_coverage`. Only cells
/// of periods in which a unit is active count, so a late joiner of the "26+X" programme is never penalised
/// for the years before it joined.
#ifndef QUALIS_PREPARE_SCREEN_HPP
#define QUALIS_PREPARE_SCREEN_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/cluster.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"

QUALIS_NAMESPACE_BEGIN

/// What screening decided for one unit or indicator.
enum class ScreenDecision : int {
  kept = 0,            ///< Passes every rule and is not on a force list.
  forced_in = 1,       ///< On the forced-inclusion list: kept whatever the data rules say.
  below_coverage = 2,  ///< Removed: its coverage share is below the threshold.
  constant = 3,        ///< Removed: an indicator with zero variance (only with ConstantRule::remove).
  forced_out = 4,      ///< Removed: on the forced-exclusion list.
  inactive = 5,        ///< A unit not active in the period(s) screened: neither kept nor removed.
};

/// The stable name of a screening decision.
/// @param decision the decision.
/// @return "kept", "forced_in", "below_coverage", "constant", "forced_out" or "inactive"; "unknown" for a
///         value outside the enumeration.
constexpr const char* to_string(ScreenDecision decision) noexcept {
  switch (decision) {
    case ScreenDecision::kept:
      return "kept";
    case ScreenDecision::forced_in:
      return "forced_in";
    case ScreenDecision::below_coverage:
      return "below_coverage";
    case ScreenDecision::constant:
      return "constant";
    case ScreenDecision::forced_out:
      return "forced_out";
    case ScreenDecision::inactive:
      return "inactive";
  }
  return "unknown";
}

/// What to do with an indicator whose observed values in a period are all equal (zero variance), which
/// per-period normalisations such as min-max or z-scores cannot handle.
enum class ConstantRule : int {
  ignore = 0,  ///< Do not check.
  flag = 1,    ///< Record the periods in ScreenRecord::constant_in and ScreenResult::constant_indicators (default).
  remove = 2,  ///< Record as for `flag` and remove the indicator (ScreenDecision::constant).
};

/// The stable name of a constant rule.
/// @param rule the rule.
/// @return "ignore", "flag" or "remove"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(ConstantRule rule) noexcept {
  switch (rule) {
    case ConstantRule::ignore:
      return "ignore";
    case ConstantRule::flag:
      return "flag";
    case ConstantRule::remove:
      return "remove";
  }
  return "unknown";
}

/// Options of screen_period(), screen_each_period() and screen_pooled().
struct ScreenOptions {
  /// Minimum share of observed cells per unit, in [0, 1]; a unit with a smaller share is removed (a share
  /// equal to the threshold passes). Default 2/3: COINr `Screen()` sets `dat_thresh <- 2/3` when none is
  /// given (its manual says 0.66; the two differ only for shares in [0.66, 2/3), e.g. 33 of 50).
  double min_unit_coverage = 2.0 / 3.0;
  /// Minimum share of observed cells per indicator, in [0, 1]; a smaller share removes the indicator. Default
  /// 0.65: COINr `get_stats()`'s data-availability flag `t_avail = 0.65`. 0 turns indicator screening off.
  double min_indicator_coverage = 0.65;
  /// Unit ids kept whatever the data rules say (COINr `Force` with `Include = TRUE`).
  std::vector<std::string> include_units;
  /// Unit ids removed whatever the data rules say (COINr `Force` with `Include = FALSE`).
  std::vector<std::string> exclude_units;
  /// Indicator ids kept whatever the data rules say.
  std::vector<std::string> include_indicators;
  /// Indicator ids removed whatever the data rules say.
  std::vector<std::string> exclude_indicators;
  /// The period from which a unit is active (its joining period, Cluster::joined); a unit not listed is
  /// active in every period. Activity follows is_active_in(): a unit that joined in 2021M05 is active in
  /// 2021, 2021H1 and 2021Q2, not in 2021Q1. Build it from a ClusterSet with joining_periods().
  std::map<std::string, Period> active_from;
  /// The zero-variance check (default ConstantRule::flag).
  ConstantRule constant = ConstantRule::flag;
};

/// The decision on one unit or indicator and the figures it rests on.
struct ScreenRecord {
  std::string id;                                  ///< The unit or indicator id.
  ScreenDecision decision = ScreenDecision::kept;  ///< What was decided.
  /// The counted cells: for a unit, its cells in the periods where it is active, over the indicators not
  /// forced out; for an indicator, its cells of active units not forced out. Zero cells for an inactive unit.
  Coverage coverage;
  double threshold = 0.0;        ///< The threshold the share was compared with.
  bool below_threshold = false;  ///< `coverage.share < threshold`; computed for forced ids too, false if inactive.
  /// Indicators only: the screened periods in which its observed values (of active units not forced out) are
  /// all equal, a single observed value included; empty for units and when ConstantRule::ignore.
  std::vector<Period> constant_in;
  /// Units only: observed cells in periods where the unit is not active; they are not counted (a value
  /// reported before the joining period is left in the panel but plays no part in the decision).
  std::size_t observed_while_inactive = 0;

  /// @return true for ScreenDecision::kept and ScreenDecision::forced_in.
  [[nodiscard]] bool is_kept() const noexcept {
    return decision == ScreenDecision::kept || decision == ScreenDecision::forced_in;
  }
  /// @return true for ScreenDecision::below_coverage, ScreenDecision::constant and ScreenDecision::forced_out.
  [[nodiscard]] bool is_removed() const noexcept {
    return decision == ScreenDecision::below_coverage || decision == ScreenDecision::constant ||
           decision == ScreenDecision::forced_out;
  }
};

/// The result of a screening: one record per unit and per indicator, and the id lists they sum up to.
struct ScreenResult {
  std::vector<Period> periods;                  ///< The periods screened (one for screen_period()), ascending.
  std::vector<ScreenRecord> units;              ///< One record per unit of the panel, in panel order.
  std::vector<ScreenRecord> indicators;         ///< One record per indicator of the panel, in panel order.
  std::vector<std::string> kept_units;          ///< Units kept (ScreenRecord::is_kept()), in panel order.
  std::vector<std::string> removed_units;       ///< Units removed (ScreenRecord::is_removed()), in panel order.
  std::vector<std::string> inactive_units;      ///< Units not active in any screened period, in panel order.
  std::vector<std::string> kept_indicators;     ///< Indicators kept, in panel order.
  std::vector<std::string> removed_indicators;  ///< Indicators removed, in panel order.
  /// Indicators with zero variance in at least one screened period (see ScreenRecord::constant_in), in panel
  /// order, whether removed or not.
  std::vector<std::string> constant_indicators;
};

/// One line saying what was decided and why, for logs and reports, e.g.
/// `unit "保定市": below_coverage: coverage 0.5 (2 of 4 cells) is below the threshold 0.666666666666667`.
/// @param record a record of a ScreenResult.
/// @param kind "unit" or "indicator", the word put before the id.
/// @return the line.
inline std::string describe(const ScreenRecord& record, const std::string& kind) {
  std::string out = kind + " \"" + record.id + "\": " + to_string(record.decision);
  const std::string cov = "coverage " + detail::number_text(record.coverage.share) + " (" +
                          std::to_string(record.coverage.observed) + " of " + std::to_string(record.coverage.total) +
                          " cells)";
  const std::string cmp = record.below_threshold ? " is below the threshold " : " meets the threshold ";
  switch (record.decision) {
    case ScreenDecision::inactive:
      out += ": not active in the screened period(s)";
      break;
    case ScreenDecision::forced_out:
    case ScreenDecision::forced_in:
      out += ": forced (" + cov + cmp + detail::number_text(record.threshold) + ")";
      break;
    case ScreenDecision::constant:
      out += ": zero variance in " + std::to_string(record.constant_in.size()) + " period(s)";
      if (!record.constant_in.empty()) out += ", first " + record.constant_in.front().to_string();
      break;
    case ScreenDecision::kept:
    case ScreenDecision::below_coverage:
      out += ": " + cov + cmp + detail::number_text(record.threshold);
      break;
  }
  return out;
}

namespace detail {

// Validated options resolved to positions.
struct ScreenPlan {
  std::vector<char> unit_in, unit_out, indicator_in, indicator_out;  // flags by position
  std::vector<std::vector<char>> active;                             // active[u][p]
  std::size_t eligible_indicators = 0;                               // indicators not forced out
};

inline void screen_check_threshold(const std::string& ctx, const char* name, double t) {
  if (!std::isfinite(t)) throw InvalidInput(ErrorCode::not_finite, ctx, std::string(name) + " is not finite");
  if (t < 0.0 || t > 1.0) {
    throw InvalidInput(ErrorCode::out_of_range, ctx,
                       std::string(name) + " " + number_text(t) + " is outside [0, 1] (it is a share of cells)");
  }
}

// Marks the ids of one force list; unknown ids -> NotFound, repeats -> duplicate_id.
template <class Lookup>
void screen_mark(const std::string& ctx, const std::vector<std::string>& ids, const char* list, const char* kind,
                 bool (Panel::*has)(const std::string&) const, Lookup&& index, const Panel& panel,
                 std::vector<char>& flags) {
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (!(panel.*has)(ids[k])) {
      throw NotFound(ctx, std::string(kind) + " \"" + ids[k] + "\" in " + list + " is not in the panel");
    }
    const std::size_t pos = index(ids[k]);
    if (flags[pos] != 0) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx,
                         std::string(kind) + " \"" + ids[k] + "\" occurs twice in " + list);
    }
    flags[pos] = 1;
  }
}

inline ScreenPlan screen_plan(const std::string& ctx, const Panel& panel, const ScreenOptions& opt) {
  screen_check_threshold(ctx, "min_unit_coverage", opt.min_unit_coverage);
  screen_check_threshold(ctx, "min_indicator_coverage", opt.min_indicator_coverage);
  if (opt.constant != ConstantRule::ignore && opt.constant != ConstantRule::flag &&
      opt.constant != ConstantRule::remove) {
    throw InvalidInput(ErrorCode::invalid_argument, ctx,
                       "unknown constant rule " + std::to_string(static_cast<int>(opt.constant)));
  }
  const std::size_t nu = panel.unit_count();
  const std::size_t ni = panel.indicator_count();
  ScreenPlan plan;
  plan.unit_in.assign(nu, 0);
  plan.unit_out.assign(nu, 0);
  plan.indicator_in.assign(ni, 0);
  plan.indicator_out.assign(ni, 0);
  const auto unit_pos = [&panel](const std::string& id) { return panel.unit_index(id); };
  const auto indicator_pos = [&panel](const std::string& id) { return panel.indicator_index(id); };
  screen_mark(ctx, opt.include_units, "include_units", "unit", &Panel::has_unit, unit_pos, panel, plan.unit_in);
  screen_mark(ctx, opt.exclude_units, "exclude_units", "unit", &Panel::has_unit, unit_pos, panel, plan.unit_out);
  screen_mark(ctx, opt.include_indicators, "include_indicators", "indicator", &Panel::has_indicator, indicator_pos,
              panel, plan.indicator_in);
  screen_mark(ctx, opt.exclude_indicators, "exclude_indicators", "indicator", &Panel::has_indicator, indicator_pos,
              panel, plan.indicator_out);
  for (std::size_t u = 0; u < nu; ++u) {
    if (plan.unit_in[u] != 0 && plan.unit_out[u] != 0) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "unit \"" + panel.units()[u] + "\" is both in include_units and in exclude_units");
    }
  }
  for (std::size_t i = 0; i < ni; ++i) {
    if (plan.indicator_in[i] != 0 && plan.indicator_out[i] != 0) {
      throw InvalidInput(
          ErrorCode::inconsistent, ctx,
          "indicator \"" + panel.indicators()[i] + "\" is both in include_indicators and in exclude_indicators");
    }
    if (plan.indicator_out[i] == 0) ++plan.eligible_indicators;
  }
  if (plan.eligible_indicators == 0) {
    throw InvalidInput(ErrorCode::inconsistent, ctx, "every indicator is in exclude_indicators");
  }
  bool any_unit = false;
  for (std::size_t u = 0; u < nu; ++u) any_unit = any_unit || plan.unit_out[u] == 0;
  if (!any_unit) throw InvalidInput(ErrorCode::inconsistent, ctx, "every unit is in exclude_units");

  const std::size_t np = panel.period_count();
  plan.active.assign(nu, std::vector<char>(np, 1));
  for (const auto& entry : opt.active_from) {
    if (!panel.has_unit(entry.first)) {
      throw NotFound(ctx, "unit \"" + entry.first + "\" in active_from is not in the panel");
    }
    Cluster probe;
    probe.joined = entry.second;
    std::vector<char>& row = plan.active[panel.unit_index(entry.first)];
    for (std::size_t p = 0; p < np; ++p) row[p] = is_active_in(probe, panel.periods()[p]) ? 1 : 0;
  }
  return plan;
}

// Screens the periods `ps` (positions, ascending) together.
inline ScreenResult screen_periods_impl(const std::string& ctx, const Panel& panel, const ScreenOptions& opt,
                                        const std::vector<std::size_t>& ps) {
  const ScreenPlan plan = screen_plan(ctx, panel, opt);
  const std::size_t nu = panel.unit_count();
  const std::size_t ni = panel.indicator_count();
  const auto at = [](std::size_t k) { return static_cast<Eigen::Index>(k); };

  ScreenResult out;
  for (const std::size_t p : ps) out.periods.push_back(panel.periods()[p]);

  // Units: cells of active periods over indicators not forced out.
  std::vector<std::size_t> active_periods(nu, 0);
  bool any_active = false;
  out.units.resize(nu);
  for (std::size_t u = 0; u < nu; ++u) {
    ScreenRecord& r = out.units[u];
    r.id = panel.units()[u];
    r.threshold = opt.min_unit_coverage;
    std::size_t observed = 0;
    for (const std::size_t p : ps) {
      const auto m = panel.period_matrix(p);
      if (plan.active[u][p] == 0) {
        for (std::size_t i = 0; i < ni; ++i) r.observed_while_inactive += std::isnan(m(at(u), at(i))) ? 0 : 1;
        continue;
      }
      ++active_periods[u];
      for (std::size_t i = 0; i < ni; ++i) {
        if (plan.indicator_out[i] == 0 && !std::isnan(m(at(u), at(i)))) ++observed;
      }
    }
    const std::size_t total = active_periods[u] * plan.eligible_indicators;
    r.coverage =
        Coverage{observed, total, total == 0 ? 0.0 : static_cast<double>(observed) / static_cast<double>(total)};
    if (active_periods[u] == 0) {
      r.decision = ScreenDecision::inactive;
      continue;
    }
    if (plan.unit_out[u] == 0) any_active = true;
    r.below_threshold = r.coverage.share < r.threshold;
    if (plan.unit_out[u] != 0) {
      r.decision = ScreenDecision::forced_out;
    } else if (plan.unit_in[u] != 0) {
      r.decision = ScreenDecision::forced_in;
    } else {
      r.decision = r.below_threshold ? ScreenDecision::below_coverage : ScreenDecision::kept;
    }
  }
  if (!any_active) {
    const std::string which = ps.size() == 1 ? "period " + panel.periods()[ps.front()].to_string() : "any period";
    throw InvalidInput(ErrorCode::inconsistent, ctx, "no unit outside exclude_units is active in " + which);
  }

  // Indicators: cells of active units not forced out; zero variance per period.
  out.indicators.resize(ni);
  for (std::size_t i = 0; i < ni; ++i) {
    ScreenRecord& r = out.indicators[i];
    r.id = panel.indicators()[i];
    r.threshold = opt.min_indicator_coverage;
    std::size_t observed = 0;
    std::size_t total = 0;
    for (const std::size_t p : ps) {
      const auto m = panel.period_matrix(p);
      std::size_t seen = 0;
      double lo = 0.0;
      double hi = 0.0;
      for (std::size_t u = 0; u < nu; ++u) {
        if (plan.unit_out[u] != 0 || plan.active[u][p] == 0) continue;
        ++total;
        const double v = m(at(u), at(i));
        if (std::isnan(v)) continue;
        lo = seen == 0 ? v : std::min(lo, v);
        hi = seen == 0 ? v : std::max(hi, v);
        ++seen;
      }
      observed += seen;
      if (opt.constant != ConstantRule::ignore && seen > 0 && lo == hi) r.constant_in.push_back(panel.periods()[p]);
    }
    r.coverage =
        Coverage{observed, total, total == 0 ? 0.0 : static_cast<double>(observed) / static_cast<double>(total)};
    r.below_threshold = r.coverage.share < r.threshold;
    if (plan.indicator_out[i] != 0) {
      r.decision = ScreenDecision::forced_out;
    } else if (plan.indicator_in[i] != 0) {
      r.decision = ScreenDecision::forced_in;
    } else if (r.below_threshold) {
      r.decision = ScreenDecision::below_coverage;
    } else if (opt.constant == ConstantRule::remove && !r.constant_in.empty()) {
      r.decision = ScreenDecision::constant;
    } else {
      r.decision = ScreenDecision::kept;
    }
  }

  for (const ScreenRecord& r : out.units) {
    if (r.is_kept()) out.kept_units.push_back(r.id);
    if (r.is_removed()) out.removed_units.push_back(r.id);
    if (r.decision == ScreenDecision::inactive) out.inactive_units.push_back(r.id);
  }
  for (const ScreenRecord& r : out.indicators) {
    (r.is_kept() ? out.kept_indicators : out.removed_indicators).push_back(r.id);
    if (!r.constant_in.empty()) out.constant_indicators.push_back(r.id);
  }
  return out;
}

}  // namespace detail

/// Screens the units x indicators matrix of one period.
///
/// Counted cells: a unit active in `period` (see ScreenOptions::active_from) counts its cells of the
/// indicators not forced out; an indicator counts its cells of the active units not forced out. A unit not
/// active in `period` is ScreenDecision::inactive, whatever the force lists say, and its cells count for
/// nothing. Both shares are computed once, on the input: removing a unit does not change an indicator's share
/// within the same call (screen the screened panel again to iterate). Then, in this order of precedence:
/// forced out, forced in, share < threshold (below_coverage), zero variance with ConstantRule::remove
/// (constant), else kept. Missing values (NaN) are what is counted; they are never an error.
/// @param panel the panel.
/// @param period the period to screen.
/// @param options thresholds, force lists, joining periods and the constant rule.
/// @return the records and id lists.
/// @throws NotFound if the panel has no such period, or naming an id of a force list or of `active_from`
///         that is not in the panel.
/// @throws InvalidInput (not_finite / out_of_range) for a threshold that is not a finite share in [0, 1];
///         (invalid_argument) for an unknown constant rule; (duplicate_id) for an id repeated within one
///         list; (inconsistent) for an id both forced in and out, when every indicator or every unit is
///         forced out, or when no unit outside `exclude_units` is active in `period`.
inline ScreenResult screen_period(const Panel& panel, const Period& period, const ScreenOptions& options = {}) {
  const std::string ctx = "screen_period";
  if (!panel.has_period(period)) throw NotFound(ctx, "no period " + period.to_string() + " in the panel");
  return detail::screen_periods_impl(ctx, panel, options, {panel.period_index(period)});
}

/// Screens every period of the panel on its own, as screen_period() does for each.
/// @param panel the panel.
/// @param options as for screen_period().
/// @return one result per period, aligned with `panel.periods()`.
/// @throws NotFound, InvalidInput as screen_period(); the context names this function.
inline std::vector<ScreenResult> screen_each_period(const Panel& panel, const ScreenOptions& options = {}) {
  std::vector<ScreenResult> out;
  out.reserve(panel.period_count());
  for (std::size_t p = 0; p < panel.period_count(); ++p) {
    out.push_back(detail::screen_periods_impl("screen_each_period", panel, options, {p}));
  }
  return out;
}

/// Screens all periods pooled: a unit's share is over its cells in every period where it is active, an
/// indicator's over its cells of every active (unit, period) pair. With ConstantRule::remove an indicator is
/// removed if its values are constant in at least one period (a per-period normalisation would fail there).
/// A unit active in no period of the panel is ScreenDecision::inactive. Otherwise as screen_period().
/// @param panel the panel.
/// @param options as for screen_period().
/// @return the records and id lists; `periods` holds every period of the panel.
/// @throws NotFound, InvalidInput as screen_period(); (inconsistent) if no unit outside `exclude_units` is
///         active in any period.
inline ScreenResult screen_pooled(const Panel& panel, const ScreenOptions& options = {}) {
  std::vector<std::size_t> all(panel.period_count());
  for (std::size_t p = 0; p < all.size(); ++p) all[p] = p;
  return detail::screen_periods_impl("screen_pooled", panel, options, all);
}

/// Applies a screening: the panel without the removed units and indicators (inactive units stay, since they
/// are only outside the screened periods), in the panel's order, with every period.
/// @param panel the panel that was screened.
/// @param result a result of screen_period(), screen_each_period() or screen_pooled() on `panel`.
/// @return the screened panel.
/// @throws InvalidInput (empty_input) if every unit or every indicator was removed; (size_mismatch) if the
///         result has another number of units or indicators than the panel.
/// @throws NotFound if the result names an id the panel does not have.
inline Panel apply_screen(const Panel& panel, const ScreenResult& result) {
  const std::string ctx = "apply_screen";
  if (result.units.size() != panel.unit_count() || result.indicators.size() != panel.indicator_count()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       "the result has " + std::to_string(result.units.size()) + " units and " +
                           std::to_string(result.indicators.size()) + " indicators, the panel " +
                           std::to_string(panel.unit_count()) + " and " + std::to_string(panel.indicator_count()));
  }
  std::vector<std::string> units;
  for (const ScreenRecord& r : result.units) {
    if (!panel.has_unit(r.id)) throw NotFound(ctx, "unit \"" + r.id + "\" of the result is not in the panel");
    if (!r.is_removed()) units.push_back(r.id);
  }
  std::vector<std::string> indicators;
  for (const ScreenRecord& r : result.indicators) {
    if (!panel.has_indicator(r.id)) {
      throw NotFound(ctx, "indicator \"" + r.id + "\" of the result is not in the panel");
    }
    if (!r.is_removed()) indicators.push_back(r.id);
  }
  if (units.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "every unit was removed");
  if (indicators.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "every indicator was removed");
  return panel.select_units(units).select_indicators(indicators);
}

/// The joining periods of a panel's units, for ScreenOptions::active_from.
/// @param clusters the clusters; those not in the panel are ignored (the panel may be a subset).
/// @param panel the panel whose units are looked up.
/// @return unit id -> Cluster::joined, for every unit of the panel.
/// @throws NotFound naming a unit of the panel that is not in `clusters`.
inline std::map<std::string, Period> joining_periods(const ClusterSet& clusters, const Panel& panel) {
  std::map<std::string, Period> out;
  for (const std::string& id : panel.units()) {
    const Cluster* c = clusters.find(id);
    if (c == nullptr) throw NotFound("joining_periods", "unit \"" + id + "\" of the panel is not in the cluster set");
    out.emplace(id, c->joined);
  }
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_PREPARE_SCREEN_HPP
