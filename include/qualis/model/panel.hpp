/// @file
/// @brief The panel of indicator values: units (clusters) x indicators x periods, with missing values.
#ifndef QUALIS_MODEL_PANEL_HPP
#define QUALIS_MODEL_PANEL_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/period.hpp"

QUALIS_NAMESPACE_BEGIN

/// How many cells of some slice of a panel hold a value.
struct Coverage {
  std::size_t observed = 0;  ///< Cells holding a value (not NaN).
  std::size_t total = 0;     ///< All cells of the slice, observed or missing.
  double share = 0.0;        ///< `observed / total`; 0 when `total` is 0 (an empty slice covers nothing).
};

/// One value in long format: which unit, indicator and period it belongs to.
struct Observation {
  std::string unit;       ///< Unit (cluster) id.
  std::string indicator;  ///< Indicator id.
  Period period;          ///< Reporting period.
  /// The value; NaN means "explicitly missing" (the default).
  double value = std::numeric_limits<double>::quiet_NaN();
};

/// Values of units (industrial clusters) x indicators x periods. Missing values are NaN.
///
/// Panels are unbalanced by nature: under the "26+X" model 26 clusters were chosen in 2019 and nine
/// more joined in 2021, so a late joiner has no values before it joined. A panel therefore starts
/// with every cell missing, and every statistic it offers says how many cells hold a value.
///
/// **Ids.** Units and indicators are plain string ids (non-empty UTF-8, no control characters, no
/// leading or trailing spaces); each occurs once. Periods are qualis::Period values, each once, and
/// are **stored sorted ascending** by `Period::operator<` whatever order they were given in
/// (2019 < 2020 < 2021H1 < 2021). Units and indicators keep the order they were given in.
///
/// **Storage.** One contiguous column-major `Eigen::MatrixXd` with `unit_count()` rows and
/// `period_count() * indicator_count()` columns; period `p` occupies columns `[p*I, (p+1)*I)` where
/// `I = indicator_count()`, so cell (u, i, p) is `matrix()(u, p*I + i)`. A period's units x indicators
/// matrix is thus contiguous, and period_matrix(), indicator_matrix() and unit_matrix() are zero-copy
/// views into it. The views stay valid while the panel lives and is not assigned to; they are
/// read-only: values change only through set(), clear() and set_period_matrix(), which reject
/// infinite values.
///
/// **Missing values.** Any NaN means missing; ±infinity is never stored (rejected with
/// ErrorCode::not_finite, the message naming unit, indicator and period).
///
/// **Positions** in error messages (`unit id at position 2`, `record 17`) are 0-based indices into
/// the vector that was passed.
class Panel {
 public:
  /// A units x indicators view of one period (contiguous; converts to
  /// `Eigen::Ref<const Eigen::MatrixXd>` without a copy).
  using PeriodView = Eigen::Map<const Eigen::MatrixXd>;
  /// A units x periods view of one indicator (columns `unit_count() * indicator_count()` apart;
  /// converts to `Eigen::Ref<const Eigen::MatrixXd>` without a copy).
  using IndicatorView = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
  /// An indicators x periods view of one unit (strided both ways; converts without a copy only to a
  /// `Ref` with `Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>`, a plain `Ref<const MatrixXd>` copies).
  using UnitView = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
  /// A boolean array, true where a value is missing.
  using MissingMask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

  /// An empty panel: no units, indicators or periods (a placeholder to assign a real panel to later, e.g. a
  /// member of a result). Every lookup in it fails with NotFound and every count is 0.
  Panel() = default;

  /// A panel with every value missing.
  /// @param units unit (cluster) ids, in the order rows will have.
  /// @param indicators indicator ids, in the order columns will have within a period.
  /// @param periods the periods, in any order; they are stored sorted ascending.
  /// @throws InvalidInput (empty_input) if a list is empty; (invalid_id / invalid_text) for a bad id,
  ///         naming its position; (duplicate_id) for an id or period given twice, naming it and both
  ///         positions; (out_of_range) if the panel would have more cells than `Eigen::Index` holds.
  Panel(std::vector<std::string> units, std::vector<std::string> indicators, std::vector<Period> periods)
      : Panel(Unfilled{}, std::move(units), std::move(indicators), std::move(periods)) {
    values_ = Eigen::MatrixXd::Constant(idx(units_.size()), idx(periods_.size() * indicators_.size()),
                                        std::numeric_limits<double>::quiet_NaN());
  }

  /// Builds a panel that takes over a storage matrix laid out as matrix() documents (period `p` in columns
  /// `[p*I, (p+1)*I)`), without copying it: the fast way to return a computed units x indicators x periods
  /// table. NaN entries are missing cells.
  /// @param units unit ids, as for the three-argument constructor.
  /// @param indicators indicator ids, as for the three-argument constructor.
  /// @param periods the periods, **ascending** (the order of the matrix's column blocks).
  /// @param values a `units.size()` x `periods.size() * indicators.size()` matrix; moved from.
  /// @return the panel.
  /// @throws InvalidInput as the three-argument constructor; (inconsistent) if the periods are not ascending;
  ///         (size_mismatch) for a matrix of another shape; (not_finite) for an infinite entry, naming its unit,
  ///         indicator and period.
  static Panel from_matrix(std::vector<std::string> units, std::vector<std::string> indicators,
                           std::vector<Period> periods, Eigen::MatrixXd values) {
    for (std::size_t k = 1; k < periods.size(); ++k) {
      if (!(periods[k - 1] < periods[k])) {
        throw InvalidInput(ErrorCode::inconsistent, "panel",
                           "periods must be ascending for from_matrix(): " + periods[k - 1].to_string() +
                               " comes before " + periods[k].to_string());
      }
    }
    Panel out(Unfilled{}, std::move(units), std::move(indicators), std::move(periods));
    const Eigen::Index rows = idx(out.units_.size());
    const Eigen::Index cols = idx(out.periods_.size() * out.indicators_.size());
    if (values.rows() != rows || values.cols() != cols) {
      throw InvalidInput(ErrorCode::size_mismatch, "panel",
                         "matrix is " + std::to_string(values.rows()) + " x " + std::to_string(values.cols()) +
                             ", expected " + std::to_string(rows) + " x " + std::to_string(cols));
    }
    const std::size_t ni = out.indicators_.size();
    for (Eigen::Index c = 0; c < cols; ++c) {
      for (Eigen::Index u = 0; u < rows; ++u) {
        if (std::isinf(values(u, c))) {
          const auto column_index = static_cast<std::size_t>(c);
          throw InvalidInput(ErrorCode::not_finite,
                             out.cell_context(static_cast<std::size_t>(u), column_index % ni, column_index / ni),
                             "value is not finite");
        }
      }
    }
    out.values_ = std::move(values);
    return out;
  }

 private:
  struct Unfilled {};
  // Validates and indexes the ids and periods; leaves values_ empty for the caller to fill.
  Panel(Unfilled /*tag*/, std::vector<std::string> units, std::vector<std::string> indicators,
        std::vector<Period> periods)
      : units_(std::move(units)), indicators_(std::move(indicators)), periods_(std::move(periods)) {
    index_ids(units_, "unit", unit_index_);
    index_ids(indicators_, "indicator", indicator_index_);
    if (periods_.empty()) throw InvalidInput(ErrorCode::empty_input, "panel", "no periods given");
    // Duplicates are found before sorting, so that the message can give the positions as passed.
    std::unordered_map<Period, std::size_t> seen;
    seen.reserve(periods_.size());
    for (std::size_t k = 0; k < periods_.size(); ++k) {
      const auto [it, fresh] = seen.emplace(periods_[k], k);
      if (!fresh) {
        throw InvalidInput(
            ErrorCode::duplicate_id, detail::context("panel", "period", periods_[k].to_string()),
            "period occurs twice (positions " + std::to_string(it->second) + " and " + std::to_string(k) + ")");
      }
    }
    std::sort(periods_.begin(), periods_.end());
    period_index_.reserve(periods_.size());
    for (std::size_t k = 0; k < periods_.size(); ++k) period_index_.emplace(periods_[k], k);

    const auto max_index = static_cast<std::size_t>(std::numeric_limits<Eigen::Index>::max());
    const std::size_t columns = periods_.size() * indicators_.size();
    if (columns / periods_.size() != indicators_.size() || columns > max_index / units_.size()) {
      throw InvalidInput(ErrorCode::out_of_range, "panel", "too many cells for one matrix");
    }
  }

 public:
  /// Builds a panel from long-format records on given dimensions; cells without a record are missing.
  ///
  /// A record whose value is NaN is accepted and marks its cell as explicitly missing; it still
  /// counts as that cell's record, so a second record for the cell is a duplicate.
  /// @param records the values, one per (unit, indicator, period); any order.
  /// @param units unit ids, as for the constructor.
  /// @param indicators indicator ids, as for the constructor.
  /// @param periods periods, as for the constructor (stored sorted).
  /// @return the panel.
  /// @throws InvalidInput as the constructor does; (not_finite) for an infinite value and
  ///         (duplicate_id) for two records of one cell, naming unit, indicator, period and the record
  ///         positions.
  /// @throws NotFound if a record names a unit, indicator or period not in the lists, naming the
  ///         record position and the id.
  static Panel from_long(const std::vector<Observation>& records, std::vector<std::string> units,
                         std::vector<std::string> indicators, std::vector<Period> periods) {
    Panel out(std::move(units), std::move(indicators), std::move(periods));
    // One flag per cell; the first record of a duplicate pair is searched again only on failure.
    std::vector<bool> filled(out.cell_count(), false);
    for (std::size_t k = 0; k < records.size(); ++k) {
      const Observation& r = records[k];
      const std::size_t u = find_or_throw(out.unit_index_, r.unit, "unit", k);
      const std::size_t i = find_or_throw(out.indicator_index_, r.indicator, "indicator", k);
      const auto p_it = out.period_index_.find(r.period);
      if (p_it == out.period_index_.end()) {
        throw NotFound("panel.from_long", "record " + std::to_string(k) + ": unknown period " + r.period.to_string());
      }
      const std::size_t p = p_it->second;
      if (std::isinf(r.value)) {
        throw InvalidInput(ErrorCode::not_finite, out.cell_context(u, i, p),
                           "record " + std::to_string(k) + ": value is not finite");
      }
      const std::size_t cell = static_cast<std::size_t>(out.column(i, p)) * out.units_.size() + u;
      if (filled[cell]) {
        std::size_t first = 0;
        while (!(records[first].unit == r.unit && records[first].indicator == r.indicator &&
                 records[first].period == r.period)) {
          ++first;
        }
        throw InvalidInput(ErrorCode::duplicate_id, out.cell_context(u, i, p),
                           "records " + std::to_string(first) + " and " + std::to_string(k) +
                               " are both for this unit, indicator and period");
      }
      filled[cell] = true;
      out.values_(idx(u), out.column(i, p)) = r.value;
    }
    return out;
  }

  /// Builds a panel from long-format records alone: units and indicators in the order of their first
  /// appearance, periods sorted ascending. Cells without a record are missing; NaN records are
  /// explicitly missing, as for the other overload.
  /// @param records the values; at least one.
  /// @return the panel.
  /// @throws InvalidInput (empty_input) if there are no records; (invalid_id / invalid_text) for a bad
  ///         id, naming the record position; otherwise as the other overload.
  static Panel from_long(const std::vector<Observation>& records) {
    if (records.empty()) {
      throw InvalidInput(ErrorCode::empty_input, "panel.from_long",
                         "no records to infer units, indicators and periods from");
    }
    std::vector<std::string> units;
    std::vector<std::string> indicators;
    std::vector<Period> periods;
    std::unordered_set<std::string> unit_seen;
    std::unordered_set<std::string> indicator_seen;
    std::unordered_set<Period> period_seen;
    for (std::size_t k = 0; k < records.size(); ++k) {
      const Observation& r = records[k];
      // Each distinct id is checked once, when first seen, so the message can name that record.
      if (unit_seen.insert(r.unit).second) {
        detail::check_id("panel.from_long", "record " + std::to_string(k) + ": unit id", r.unit);
        units.push_back(r.unit);
      }
      if (indicator_seen.insert(r.indicator).second) {
        detail::check_id("panel.from_long", "record " + std::to_string(k) + ": indicator id", r.indicator);
        indicators.push_back(r.indicator);
      }
      if (period_seen.insert(r.period).second) periods.push_back(r.period);
    }
    return from_long(records, std::move(units), std::move(indicators), std::move(periods));
  }

  /// The values in long format, ordered by period (ascending), then unit (as in units()), then
  /// indicator (as in indicators()).
  /// @param include_missing also emit missing cells (with a NaN value), so that every cell appears.
  /// @return the records; from_long() on them with this panel's ids gives an identical() panel.
  [[nodiscard]] std::vector<Observation> to_long(bool include_missing = false) const {
    std::vector<Observation> out;
    out.reserve(include_missing ? cell_count() : cell_count() - missing_count());
    for (std::size_t p = 0; p < periods_.size(); ++p) {
      for (std::size_t u = 0; u < units_.size(); ++u) {
        for (std::size_t i = 0; i < indicators_.size(); ++i) {
          const double v = values_(idx(u), column(i, p));
          if (include_missing || !std::isnan(v)) out.push_back(Observation{units_[u], indicators_[i], periods_[p], v});
        }
      }
    }
    return out;
  }

  /// @return the unit ids, in row order.
  [[nodiscard]] const std::vector<std::string>& units() const noexcept { return units_; }
  /// @return the indicator ids, in column order within a period.
  [[nodiscard]] const std::vector<std::string>& indicators() const noexcept { return indicators_; }
  /// @return the periods, sorted ascending.
  [[nodiscard]] const std::vector<Period>& periods() const noexcept { return periods_; }
  /// @return the number of units (rows).
  [[nodiscard]] std::size_t unit_count() const noexcept { return units_.size(); }
  /// @return the number of indicators.
  [[nodiscard]] std::size_t indicator_count() const noexcept { return indicators_.size(); }
  /// @return the number of periods.
  [[nodiscard]] std::size_t period_count() const noexcept { return periods_.size(); }
  /// @return the number of cells, `unit_count() * indicator_count() * period_count()`.
  [[nodiscard]] std::size_t cell_count() const noexcept { return units_.size() * indicators_.size() * periods_.size(); }

  /// @param id a unit id.
  /// @return its row index.
  /// @throws NotFound if there is no such unit.
  [[nodiscard]] std::size_t unit_index(const std::string& id) const {
    const auto it = unit_index_.find(id);
    if (it == unit_index_.end()) throw NotFound("panel", "no unit with id \"" + id + "\"");
    return it->second;
  }
  /// @param id an indicator id.
  /// @return its index within a period.
  /// @throws NotFound if there is no such indicator.
  [[nodiscard]] std::size_t indicator_index(const std::string& id) const {
    const auto it = indicator_index_.find(id);
    if (it == indicator_index_.end()) throw NotFound("panel", "no indicator with id \"" + id + "\"");
    return it->second;
  }
  /// @param period a period.
  /// @return its index in periods().
  /// @throws NotFound if the panel has no such period.
  [[nodiscard]] std::size_t period_index(const Period& period) const {
    const auto it = period_index_.find(period);
    if (it == period_index_.end()) throw NotFound("panel", "no period " + period.to_string());
    return it->second;
  }
  /// @param id a unit id.
  /// @return whether the panel has this unit.
  [[nodiscard]] bool has_unit(const std::string& id) const { return unit_index_.count(id) != 0; }
  /// @param id an indicator id.
  /// @return whether the panel has this indicator.
  [[nodiscard]] bool has_indicator(const std::string& id) const { return indicator_index_.count(id) != 0; }
  /// @param period a period.
  /// @return whether the panel has this period.
  [[nodiscard]] bool has_period(const Period& period) const { return period_index_.count(period) != 0; }

  /// One value by ids.
  /// @param unit unit id.
  /// @param indicator indicator id.
  /// @param period period.
  /// @return the value; NaN if missing.
  /// @throws NotFound for an unknown id or period.
  [[nodiscard]] double value(const std::string& unit, const std::string& indicator, const Period& period) const {
    return values_(idx(unit_index(unit)), column(indicator_index(indicator), period_index(period)));
  }
  /// One value by indices.
  /// @param u unit index.
  /// @param i indicator index.
  /// @param p period index.
  /// @return the value; NaN if missing.
  /// @throws InvalidInput (out_of_range) for an index out of range.
  [[nodiscard]] double value(std::size_t u, std::size_t i, std::size_t p) const {
    check_cell(u, i, p);
    return values_(idx(u), column(i, p));
  }

  /// Sets one value by ids; NaN makes the cell missing.
  /// @param unit unit id.
  /// @param indicator indicator id.
  /// @param period period.
  /// @param v the value.
  /// @throws NotFound for an unknown id or period.
  /// @throws InvalidInput (not_finite) if `v` is infinite; the panel is then unchanged.
  void set(const std::string& unit, const std::string& indicator, const Period& period, double v) {
    set_cell(unit_index(unit), indicator_index(indicator), period_index(period), v);
  }
  /// Sets one value by indices; NaN makes the cell missing.
  /// @param u unit index.
  /// @param i indicator index.
  /// @param p period index.
  /// @param v the value.
  /// @throws InvalidInput (out_of_range) for an index out of range; (not_finite) if `v` is infinite.
  void set(std::size_t u, std::size_t i, std::size_t p, double v) {
    check_cell(u, i, p);
    set_cell(u, i, p, v);
  }

  /// @param unit unit id.
  /// @param indicator indicator id.
  /// @param period period.
  /// @return whether the cell is missing (NaN).
  /// @throws NotFound for an unknown id or period.
  [[nodiscard]] bool is_missing(const std::string& unit, const std::string& indicator, const Period& period) const {
    return std::isnan(value(unit, indicator, period));
  }
  /// @param u unit index.
  /// @param i indicator index.
  /// @param p period index.
  /// @return whether the cell is missing (NaN).
  /// @throws InvalidInput (out_of_range) for an index out of range.
  [[nodiscard]] bool is_missing(std::size_t u, std::size_t i, std::size_t p) const {
    return std::isnan(value(u, i, p));
  }

  /// Makes one cell missing.
  /// @param unit unit id.
  /// @param indicator indicator id.
  /// @param period period.
  /// @throws NotFound for an unknown id or period.
  void clear(const std::string& unit, const std::string& indicator, const Period& period) {
    set(unit, indicator, period, std::numeric_limits<double>::quiet_NaN());
  }
  /// Makes one cell missing.
  /// @param u unit index.
  /// @param i indicator index.
  /// @param p period index.
  /// @throws InvalidInput (out_of_range) for an index out of range.
  void clear(std::size_t u, std::size_t i, std::size_t p) { set(u, i, p, std::numeric_limits<double>::quiet_NaN()); }

  /// The whole storage matrix: units x (periods * indicators), period `p` in columns `[p*I, (p+1)*I)`.
  /// @return a read-only reference, valid while the panel lives and is not assigned to.
  [[nodiscard]] const Eigen::MatrixXd& matrix() const noexcept { return values_; }

  /// The units x indicators matrix of one period, without a copy.
  /// @param period the period.
  /// @return a read-only view (see PeriodView).
  /// @throws NotFound if the panel has no such period.
  [[nodiscard]] PeriodView period_matrix(const Period& period) const { return period_view(period_index(period)); }
  /// The units x indicators matrix of one period, without a copy.
  /// @param p the period index.
  /// @return a read-only view (see PeriodView).
  /// @throws InvalidInput (out_of_range) for an index out of range.
  [[nodiscard]] PeriodView period_matrix(std::size_t p) const {
    check_index(p, periods_.size(), "period");
    return period_view(p);
  }

  /// The units x periods matrix of one indicator, without a copy.
  /// @param indicator indicator id.
  /// @return a read-only view (see IndicatorView).
  /// @throws NotFound if there is no such indicator.
  [[nodiscard]] IndicatorView indicator_matrix(const std::string& indicator) const {
    return indicator_view(indicator_index(indicator));
  }
  /// The units x periods matrix of one indicator, without a copy.
  /// @param i indicator index.
  /// @return a read-only view (see IndicatorView).
  /// @throws InvalidInput (out_of_range) for an index out of range.
  [[nodiscard]] IndicatorView indicator_matrix(std::size_t i) const {
    check_index(i, indicators_.size(), "indicator");
    return indicator_view(i);
  }

  /// The indicators x periods matrix of one unit, without a copy.
  /// @param unit unit id.
  /// @return a read-only view (see UnitView).
  /// @throws NotFound if there is no such unit.
  [[nodiscard]] UnitView unit_matrix(const std::string& unit) const { return unit_view(unit_index(unit)); }
  /// The indicators x periods matrix of one unit, without a copy.
  /// @param u unit index.
  /// @return a read-only view (see UnitView).
  /// @throws InvalidInput (out_of_range) for an index out of range.
  [[nodiscard]] UnitView unit_matrix(std::size_t u) const {
    check_index(u, units_.size(), "unit");
    return unit_view(u);
  }

  /// Replaces the units x indicators matrix of one period. NaN entries become missing cells.
  /// All-or-nothing: on failure the panel is unchanged.
  /// @param period the period.
  /// @param m a `unit_count()` x `indicator_count()` matrix.
  /// @throws NotFound if the panel has no such period.
  /// @throws InvalidInput (size_mismatch) for a matrix of another shape; (not_finite) for an infinite
  ///         entry, naming its unit, indicator and period.
  void set_period_matrix(const Period& period, const Eigen::Ref<const Eigen::MatrixXd>& m) {
    assign_period(period_index(period), m);
  }
  /// Replaces the units x indicators matrix of one period, as the overload taking a Period.
  /// @param p the period index.
  /// @param m a `unit_count()` x `indicator_count()` matrix.
  /// @throws InvalidInput (out_of_range) for an index out of range; otherwise as the other overload.
  void set_period_matrix(std::size_t p, const Eigen::Ref<const Eigen::MatrixXd>& m) {
    check_index(p, periods_.size(), "period");
    assign_period(p, m);
  }

  /// Where values are missing in one period.
  /// @param period the period.
  /// @return a `unit_count()` x `indicator_count()` array, true where the value is NaN.
  /// @throws NotFound if the panel has no such period.
  [[nodiscard]] MissingMask missing_mask(const Period& period) const { return period_matrix(period).array().isNaN(); }
  /// Where values are missing in one period.
  /// @param p the period index.
  /// @return a `unit_count()` x `indicator_count()` array, true where the value is NaN.
  /// @throws InvalidInput (out_of_range) for an index out of range.
  [[nodiscard]] MissingMask missing_mask(std::size_t p) const { return period_matrix(p).array().isNaN(); }
  /// @return the number of missing cells in the whole panel.
  [[nodiscard]] std::size_t missing_count() const { return static_cast<std::size_t>(values_.array().isNaN().count()); }

  /// Coverage of the whole panel: observed cells over `cell_count()`.
  /// @return the coverage.
  [[nodiscard]] Coverage coverage() const { return make_coverage(cell_count() - missing_count(), cell_count()); }
  /// Coverage of one unit in one period, over its `indicator_count()` cells.
  /// @param unit unit id.
  /// @param period period.
  /// @return the coverage.
  /// @throws NotFound for an unknown unit or period.
  [[nodiscard]] Coverage coverage(const std::string& unit, const Period& period) const {
    const auto row = period_view(period_index(period)).row(idx(unit_index(unit)));
    return make_coverage(observed_in(row), indicators_.size());
  }
  /// Coverage of each unit over its `indicator_count() * period_count()` cells.
  /// @return one entry per unit, aligned with units().
  [[nodiscard]] std::vector<Coverage> coverage_by_unit() const {
    // x == x is false only for NaN.
    const auto observed = (values_.array() == values_.array()).rowwise().count().eval();
    std::vector<Coverage> out(units_.size());
    const std::size_t total = indicators_.size() * periods_.size();
    for (std::size_t u = 0; u < units_.size(); ++u) {
      out[u] = make_coverage(static_cast<std::size_t>(observed(idx(u))), total);
    }
    return out;
  }
  /// Coverage of each indicator over its `unit_count() * period_count()` cells.
  /// @return one entry per indicator, aligned with indicators().
  [[nodiscard]] std::vector<Coverage> coverage_by_indicator() const {
    std::vector<Coverage> out(indicators_.size());
    for (std::size_t i = 0; i < indicators_.size(); ++i) {
      out[i] = make_coverage(observed_in(indicator_view(i)), units_.size() * periods_.size());
    }
    return out;
  }
  /// Coverage of each period over its `unit_count() * indicator_count()` cells.
  /// @return one entry per period, aligned with periods().
  [[nodiscard]] std::vector<Coverage> coverage_by_period() const {
    std::vector<Coverage> out(periods_.size());
    for (std::size_t p = 0; p < periods_.size(); ++p) {
      out[p] = make_coverage(observed_in(period_view(p)), units_.size() * indicators_.size());
    }
    return out;
  }

  /// A new panel with some of the units, in the order given, and all indicators and periods.
  /// @param ids unit ids.
  /// @return the sub-panel.
  /// @throws NotFound for an unknown id.
  /// @throws InvalidInput (empty_input) if `ids` is empty, (duplicate_id) if an id repeats.
  [[nodiscard]] Panel select_units(const std::vector<std::string>& ids) const {
    std::vector<Eigen::Index> rows;
    rows.reserve(ids.size());
    for (const auto& id : ids) rows.push_back(idx(unit_index(id)));
    Panel out(ids, indicators_, periods_);
    out.values_ = values_(rows, Eigen::all);
    return out;
  }
  /// A new panel with some of the indicators, in the order given, and all units and periods.
  /// @param ids indicator ids.
  /// @return the sub-panel.
  /// @throws NotFound for an unknown id.
  /// @throws InvalidInput (empty_input) if `ids` is empty, (duplicate_id) if an id repeats.
  [[nodiscard]] Panel select_indicators(const std::vector<std::string>& ids) const {
    std::vector<std::size_t> picked;
    picked.reserve(ids.size());
    for (const auto& id : ids) picked.push_back(indicator_index(id));
    Panel out(units_, ids, periods_);
    std::vector<Eigen::Index> cols;
    cols.reserve(out.indicators_.size() * out.periods_.size());
    for (std::size_t p = 0; p < periods_.size(); ++p) {
      for (const std::size_t i : picked) cols.push_back(column(i, p));
    }
    out.values_ = values_(Eigen::all, cols);
    return out;
  }
  /// A new panel with some of the periods and all units and indicators. As in every panel, the
  /// periods of the result are sorted ascending, whatever order they are given in.
  /// @param periods periods of this panel.
  /// @return the sub-panel.
  /// @throws NotFound for a period this panel does not have.
  /// @throws InvalidInput (empty_input) if `periods` is empty, (duplicate_id) if a period repeats.
  [[nodiscard]] Panel select_periods(const std::vector<Period>& periods) const {
    for (const auto& period : periods) (void)period_index(period);
    Panel out(units_, indicators_, periods);
    std::vector<Eigen::Index> cols;
    cols.reserve(out.indicators_.size() * out.periods_.size());
    for (const auto& period : out.periods_) {
      const std::size_t p = period_index(period);
      for (std::size_t i = 0; i < indicators_.size(); ++i) cols.push_back(column(i, p));
    }
    out.values_ = values_(Eigen::all, cols);
    return out;
  }

  /// Same ids in the same order and the same values, a missing cell matching only a missing cell
  /// (NaN equals NaN here, unlike IEEE comparison; 0.0 equals -0.0).
  /// @param other the panel to compare with.
  /// @return whether the panels are identical.
  [[nodiscard]] bool identical(const Panel& other) const {
    if (units_ != other.units_ || indicators_ != other.indicators_ || periods_ != other.periods_) return false;
    const auto a = values_.array();
    const auto b = other.values_.array();
    return ((a == b) || (a.isNaN() && b.isNaN())).all();
  }
  /// @param a left operand.
  /// @param b right operand.
  /// @return `a.identical(b)` (missing equals missing).
  friend bool operator==(const Panel& a, const Panel& b) { return a.identical(b); }
  /// @param a left operand.
  /// @param b right operand.
  /// @return `!a.identical(b)`.
  friend bool operator!=(const Panel& a, const Panel& b) { return !a.identical(b); }

 private:
  static Eigen::Index idx(std::size_t k) noexcept { return static_cast<Eigen::Index>(k); }

  static Coverage make_coverage(std::size_t observed, std::size_t total) noexcept {
    return Coverage{observed, total, total == 0 ? 0.0 : static_cast<double>(observed) / static_cast<double>(total)};
  }

  template <typename Derived>
  static std::size_t observed_in(const Eigen::DenseBase<Derived>& block) {
    // x == x is false only for NaN.
    return static_cast<std::size_t>((block.derived().array() == block.derived().array()).count());
  }

  // Validates ids, rejects duplicates and fills the id -> position map.
  static void index_ids(const std::vector<std::string>& ids, const char* kind,
                        std::unordered_map<std::string, std::size_t>& index) {
    if (ids.empty()) throw InvalidInput(ErrorCode::empty_input, "panel", std::string("no ") + kind + "s given");
    index.reserve(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
      detail::check_id("panel", std::string(kind) + " id at position " + std::to_string(k), ids[k]);
      const auto [it, fresh] = index.emplace(ids[k], k);
      if (!fresh) {
        throw InvalidInput(ErrorCode::duplicate_id, detail::context("panel", kind, ids[k]),
                           std::string(kind) + " id occurs twice (positions " + std::to_string(it->second) + " and " +
                               std::to_string(k) + ")");
      }
    }
  }

  static std::size_t find_or_throw(const std::unordered_map<std::string, std::size_t>& index, const std::string& id,
                                   const char* kind, std::size_t record) {
    const auto it = index.find(id);
    if (it == index.end()) {
      throw NotFound("panel.from_long", "record " + std::to_string(record) + ": unknown " + kind + " \"" + id + "\"");
    }
    return it->second;
  }

  static void check_index(std::size_t k, std::size_t n, const char* kind) {
    if (k >= n) {
      throw InvalidInput(ErrorCode::out_of_range, "panel",
                         std::string(kind) + " index " + std::to_string(k) + " is out of range (the panel has " +
                             std::to_string(n) + " " + kind + "s)");
    }
  }

  void check_cell(std::size_t u, std::size_t i, std::size_t p) const {
    check_index(u, units_.size(), "unit");
    check_index(i, indicators_.size(), "indicator");
    check_index(p, periods_.size(), "period");
  }

  [[nodiscard]] Eigen::Index column(std::size_t i, std::size_t p) const noexcept {
    return idx(p * indicators_.size() + i);
  }

  [[nodiscard]] std::string cell_context(std::size_t u, std::size_t i, std::size_t p) const {
    return "panel[unit=" + units_[u] + ", indicator=" + indicators_[i] + ", period=" + periods_[p].to_string() + "]";
  }

  void set_cell(std::size_t u, std::size_t i, std::size_t p, double v) {
    if (std::isinf(v)) throw InvalidInput(ErrorCode::not_finite, cell_context(u, i, p), "value is not finite");
    values_(idx(u), column(i, p)) = v;
  }

  void assign_period(std::size_t p, const Eigen::Ref<const Eigen::MatrixXd>& m) {
    if (m.rows() != idx(units_.size()) || m.cols() != idx(indicators_.size())) {
      throw InvalidInput(ErrorCode::size_mismatch, detail::context("panel", "period", periods_[p].to_string()),
                         "matrix is " + std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ", expected " +
                             std::to_string(units_.size()) + " units x " + std::to_string(indicators_.size()) +
                             " indicators");
    }
    // Check everything before writing anything, so that a failure leaves the panel unchanged.
    for (Eigen::Index i = 0; i < m.cols(); ++i) {
      for (Eigen::Index u = 0; u < m.rows(); ++u) {
        if (std::isinf(m(u, i))) {
          throw InvalidInput(ErrorCode::not_finite,
                             cell_context(static_cast<std::size_t>(u), static_cast<std::size_t>(i), p),
                             "value is not finite");
        }
      }
    }
    values_.middleCols(column(0, p), idx(indicators_.size())) = m;
  }

  [[nodiscard]] PeriodView period_view(std::size_t p) const {
    return PeriodView(values_.data() + values_.rows() * column(0, p), values_.rows(), idx(indicators_.size()));
  }
  [[nodiscard]] IndicatorView indicator_view(std::size_t i) const {
    return IndicatorView(values_.data() + values_.rows() * idx(i), values_.rows(), idx(periods_.size()),
                         Eigen::OuterStride<>(values_.rows() * idx(indicators_.size())));
  }
  [[nodiscard]] UnitView unit_view(std::size_t u) const {
    return UnitView(
        values_.data() + idx(u), idx(indicators_.size()), idx(periods_.size()),
        Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(values_.rows() * idx(indicators_.size()), values_.rows()));
  }

  std::vector<std::string> units_;
  std::vector<std::string> indicators_;
  std::vector<Period> periods_;
  std::unordered_map<std::string, std::size_t> unit_index_;
  std::unordered_map<std::string, std::size_t> indicator_index_;
  std::unordered_map<Period, std::size_t> period_index_;
  Eigen::MatrixXd values_;
};

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_PANEL_HPP
