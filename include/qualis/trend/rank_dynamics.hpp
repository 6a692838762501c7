/// @file
/// @brief Rank dynamics (增比进位): ranks of units per period, rank and score changes, runs of periods in which
/// a unit's score and rank both rose, the largest movers, and the agreement of two periods' rankings
/// (Kendall's tau-b and Spearman's rho with p-values).
#ifndef QUALIS_TREND_RANK_DYNAMICS_HPP
#define QUALIS_TREND_RANK_DYNAMICS_HPP

#include <Eigen/Core>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/kendall.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/period.hpp"
#include "qualis/score/rank.hpp"
#include "qualis/trend/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// Runs of 增比进位 of one unit: consecutive periods in which its score improved and its rank rose against
/// the period before (RankDynamics::advance is 1).
///
/// A run is counted in periods (columns), each compared with the column before it; a column where the unit
/// is unranked (or unranked in the column before) has advance -1 and breaks the run like a column without a
/// rise. The base of a run, the column before its first period, is not part of its length.
struct AdvanceStreak {
  std::string unit;          ///< Unit id.
  Eigen::Index current = 0;  ///< Length of the run that ends in the last period; 0 if the unit did not advance then.
  Eigen::Index longest = 0;  ///< Length of the longest run; 0 if the unit never advanced.
  std::optional<Period> longest_first;  ///< First period of the longest run (the earliest such run); empty if none.
  std::optional<Period> longest_last;   ///< Last period of the longest run; empty if none.
  Eigen::Index advances = 0;            ///< Number of periods with advance 1, in any run.
};

/// Ranks of units over periods with their changes, as rank_dynamics() computes them.
///
/// Matrices have the units in rows and the periods in columns, in the order given. Sign convention: a
/// positive rank change means the unit moved up (towards rank 1), i.e. `rank(earlier) - rank(later)`; a score
/// change is `score(later) - score(earlier)`.
struct RankDynamics {
  std::vector<std::string> units;   ///< Unit ids, one per row.
  std::vector<Period> periods;      ///< Periods, one per column, strictly increasing.
  std::vector<std::string> groups;  ///< Group label per unit when ranked within groups; empty for one overall ranking.
  RankOptions options;              ///< Tie rule and order used.
  Eigen::MatrixXd scores;           ///< The scores; NaN = not scored.
  Eigen::MatrixXd ranks;            ///< Rank per unit and period (1 = best, within the group if any); NaN if unscored.
  /// `ranks(i, j-1) - ranks(i, j)`: positive = moved up. Column 0, and cells where either rank is NaN, are NaN.
  Eigen::MatrixXd rank_change;
  /// `scores(i, j) - scores(i, j-1)`. Column 0, and cells where either score is NaN, are NaN.
  Eigen::MatrixXd score_change;
  /// 增比进位 against the previous column: 1 if the score improved (rose for a descending ranking, fell for an
  /// ascending one) and the rank rose (rank_change > 0); 0 if either did not; -1 in column 0 and where the unit
  /// is unranked in either column.
  Eigen::MatrixXi advance;
  std::vector<Eigen::Index> ranked;    ///< Per period: number of ranked (scored) units.
  std::vector<AdvanceStreak> streaks;  ///< Per unit (row order): its runs of advance.

  /// The row of a unit.
  /// @param unit the unit id.
  /// @return its row.
  /// @throws NotFound (context `rank_dynamics`) naming the id.
  [[nodiscard]] Eigen::Index row_of(const std::string& unit) const {
    const auto it = std::find(units.begin(), units.end(), unit);
    if (it == units.end()) throw NotFound("rank_dynamics", "no unit with id \"" + unit + "\"");
    return static_cast<Eigen::Index>(it - units.begin());
  }
  /// The column of a period.
  /// @param period the period.
  /// @return its column.
  /// @throws NotFound (context `rank_dynamics`) naming the period.
  [[nodiscard]] Eigen::Index column_of(const Period& period) const {
    const auto it = std::find(periods.begin(), periods.end(), period);
    if (it == periods.end()) throw NotFound("rank_dynamics", "no period " + period.to_string());
    return static_cast<Eigen::Index>(it - periods.begin());
  }
};

/// Rank and score changes of every unit between two chosen periods, as rank_change() computes them.
struct RankChange {
  Period from;                     ///< The base period.
  Period to;                       ///< The compared period.
  std::vector<std::string> units;  ///< Unit ids, in the rows' order.
  Eigen::VectorXd rank_from;       ///< Rank in `from`; NaN if unranked.
  Eigen::VectorXd rank_to;         ///< Rank in `to`; NaN if unranked.
  Eigen::VectorXd change;          ///< `rank_from - rank_to` (positive = moved up); NaN if unranked in either.
  Eigen::VectorXd score_change;    ///< `score(to) - score(from)`; NaN if either is missing.
  Eigen::VectorXi advance;         ///< 1 score improved and rank rose, 0 not, -1 unranked in either (as RankDynamics).
  Eigen::Index compared = 0;       ///< Units ranked in both periods.
};

/// One unit among the movers or fallers.
struct Mover {
  std::string unit;           ///< Unit id.
  Eigen::Index row = 0;       ///< Its row in RankDynamics.
  double rank_from = 0.0;     ///< Rank in the base period.
  double rank_to = 0.0;       ///< Rank in the compared period.
  double change = 0.0;        ///< `rank_from - rank_to`: positive for movers, negative for fallers.
  double score_change = 0.0;  ///< `score(to) - score(from)`.
};

/// The largest rank gains and losses between two periods, as movers() computes them.
struct Movers {
  Period from;                 ///< The base period.
  Period to;                   ///< The compared period.
  std::vector<Mover> gainers;  ///< At most k units with change > 0, largest gain first.
  std::vector<Mover> fallers;  ///< At most k units with change < 0, largest loss first.
  Eigen::Index compared = 0;   ///< Units ranked in both periods.
};

/// Agreement of the rankings of two periods on the units ranked in both, as rank_agreement() computes it.
struct RankAgreement {
  Period from;                                              ///< First period.
  Period to;                                                ///< Second period.
  Eigen::Index pairs = 0;                                   ///< Units ranked in both periods (n).
  double tau_b = std::numeric_limits<double>::quiet_NaN();  ///< Kendall's tau-b; NaN when status is constant or n < 2.
  /// z of S under the normal approximation; NaN unless status is ok.
  double tau_z = std::numeric_limits<double>::quiet_NaN();
  /// Two-sided p-value of tau_b; NaN unless status is ok.
  double tau_p = std::numeric_limits<double>::quiet_NaN();
  /// Spearman's rho; NaN when status is constant or n < 2.
  double rho = std::numeric_limits<double>::quiet_NaN();
  /// t statistic of rho with n - 2 degrees of freedom; +-infinity when |rho| = 1; NaN unless status is ok.
  double rho_t = std::numeric_limits<double>::quiet_NaN();
  /// Two-sided p-value of rho (0 when |rho| = 1); NaN unless status is ok.
  double rho_p = std::numeric_limits<double>::quiet_NaN();
  std::int64_t s = 0;                    ///< Kendall's S: concordant minus discordant pairs.
  TrendStatus status = TrendStatus::ok;  ///< ok; too_short (n < 3); constant (one ranking has a single value).
};

namespace detail {

// Positions of the units ranked in both columns a and b of `ranks`.
inline std::vector<Eigen::Index> ranked_in_both(const Eigen::MatrixXd& ranks, Eigen::Index a, Eigen::Index b) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < ranks.rows(); ++i) {
    if (!std::isnan(ranks(i, a)) && !std::isnan(ranks(i, b))) rows.push_back(i);
  }
  return rows;
}

// 增比进位 of one unit between columns a (base) and b: 1, 0, or -1 when unranked in either.
inline int advance_of(const RankDynamics& d, Eigen::Index i, Eigen::Index a, Eigen::Index b) {
  const double ra = d.ranks(i, a);
  const double rb = d.ranks(i, b);
  if (std::isnan(ra) || std::isnan(rb)) return -1;
  const double ds = d.scores(i, b) - d.scores(i, a);
  const bool improved = d.options.descending ? ds > 0.0 : ds < 0.0;
  return improved && ra - rb > 0.0 ? 1 : 0;
}

// Tie statistics of a sample: sum t(t-1), sum t(t-1)(t-2), sum t(t-1)(2t+5) over groups of equal values.
struct TieSums {
  double t1 = 0.0;
  double t2 = 0.0;
  double t5 = 0.0;
};

inline TieSums tie_sums(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  TieSums out;
  std::size_t start = 0;
  for (std::size_t k = 1; k <= v.size(); ++k) {
    if (k == v.size() || v[k] != v[start]) {
      const auto t = static_cast<double>(k - start);
      out.t1 += t * (t - 1.0);
      out.t2 += t * (t - 1.0) * (t - 2.0);
      out.t5 += t * (t - 1.0) * (2.0 * t + 5.0);
      start = k;
    }
  }
  return out;
}

inline void check_rank_dynamics_input(const std::string& ctx, const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                      const std::vector<std::string>& units, const std::vector<Period>& periods,
                                      const std::vector<std::string>* groups) {
  if (units.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no units are given");
  if (periods.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no periods are given");
  if (scores.rows() != static_cast<Eigen::Index>(units.size()) ||
      scores.cols() != static_cast<Eigen::Index>(periods.size())) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       "scores are " + std::to_string(scores.rows()) + " x " + std::to_string(scores.cols()) + " for " +
                           std::to_string(units.size()) + " units x " + std::to_string(periods.size()) + " periods");
  }
  if (groups != nullptr && groups->size() != units.size()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(groups->size()) + " group labels for " + std::to_string(units.size()) + " units");
  }
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < units.size(); ++i) {
    check_id(ctx, "unit " + std::to_string(i), units[i]);
    if (!seen.insert(units[i]).second) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx, "unit \"" + units[i] + "\" occurs twice");
    }
  }
  for (std::size_t j = 1; j < periods.size(); ++j) {
    if (periods[j] == periods[j - 1]) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx, "period " + periods[j].to_string() + " occurs twice");
    }
    if (!(periods[j - 1] < periods[j])) {
      throw InvalidInput(
          ErrorCode::inconsistent, ctx,
          "periods must increase: " + periods[j - 1].to_string() + " is followed by " + periods[j].to_string());
    }
  }
  for (Eigen::Index j = 0; j < scores.cols(); ++j) {
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      if (std::isinf(scores(i, j))) {
        throw InvalidInput(ErrorCode::not_finite, ctx,
                           "unit " + units[static_cast<std::size_t>(i)] + ", period " +
                               periods[static_cast<std::size_t>(j)].to_string() + ": score is infinite");
      }
    }
  }
}

inline RankDynamics rank_dynamics_impl(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                       const std::vector<std::string>& units, const std::vector<Period>& periods,
                                       const std::vector<std::string>* groups, const RankOptions& options) {
  const std::string ctx = "rank_dynamics";
  check_rank_options(ctx, options);
  check_rank_dynamics_input(ctx, scores, units, periods, groups);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::Index n = scores.rows();
  const Eigen::Index p = scores.cols();
  RankDynamics d;
  d.units = units;
  d.periods = periods;
  if (groups != nullptr) d.groups = *groups;
  d.options = options;
  d.scores = scores;
  d.ranks.resize(n, p);
  d.ranked.resize(static_cast<std::size_t>(p));
  for (Eigen::Index j = 0; j < p; ++j) {
    const Eigen::VectorXd column = scores.col(j);
    const RankResult r = groups != nullptr ? rank_within(column, *groups, options) : rank(column, options);
    d.ranks.col(j) = r.ranks;
    d.ranked[static_cast<std::size_t>(j)] = r.ranked;
  }
  d.rank_change = Eigen::MatrixXd::Constant(n, p, nan);
  d.score_change = Eigen::MatrixXd::Constant(n, p, nan);
  d.advance = Eigen::MatrixXi::Constant(n, p, -1);
  for (Eigen::Index j = 1; j < p; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      d.rank_change(i, j) = d.ranks(i, j - 1) - d.ranks(i, j);  // NaN propagates
      d.score_change(i, j) = d.scores(i, j) - d.scores(i, j - 1);
      d.advance(i, j) = advance_of(d, i, j - 1, j);
    }
  }
  d.streaks.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    AdvanceStreak& s = d.streaks[static_cast<std::size_t>(i)];
    s.unit = units[static_cast<std::size_t>(i)];
    Eigen::Index run = 0;
    for (Eigen::Index j = 1; j < p; ++j) {
      if (d.advance(i, j) == 1) {
        ++run;
        ++s.advances;
        // Strictly longer only: of equally long runs the earliest is kept.
        if (run > s.longest) {
          s.longest = run;
          s.longest_first = periods[static_cast<std::size_t>(j - run + 1)];
          s.longest_last = periods[static_cast<std::size_t>(j)];
        }
      } else {
        run = 0;
      }
    }
    s.current = run;
  }
  return d;
}

}  // namespace detail

/// Ranks every period's scores and derives rank changes, score changes, 增比进位 (score up and rank up) and its
/// runs, with one overall ranking per period.
///
/// Ranks follow rank() with `options` (default: highest score first, ties "min", 1224), period by period and
/// among the units scored in that period. A unit's rank can therefore change because units joined or left
/// (e.g. a late joiner of the 26+X programme entering above it); compare RankDynamics::ranked across periods.
/// Changes are between consecutive columns, whatever the calendar distance of their periods; see
/// RankDynamics for the sign convention and AdvanceStreak for runs.
///
/// Minimum length: one period (changes need two). Missing values: a NaN score means the unit was not scored
/// (not yet joined, or dropped); it has no rank, its changes to and from that period are NaN and its advance
/// is -1, which breaks a run. Ties: as `options.ties`; a tied score or rank is neither up nor down.
/// @param scores units x periods; NaN = not scored; no infinity.
/// @param units unit ids, one per row: valid ids, unique.
/// @param periods one per column, strictly increasing.
/// @param options tie rule and order (defaults min, descending).
/// @return the ranks, changes, advances and runs.
/// @throws InvalidInput with context `rank_dynamics`: empty_input (no units or no periods), size_mismatch
///   (matrix shape), invalid_id / duplicate_id (unit ids), duplicate_id (a period twice), inconsistent (periods
///   not increasing, naming both), not_finite (an infinite score, naming unit and period), invalid_argument
///   (a tie method outside the enumeration).
inline RankDynamics rank_dynamics(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                  const std::vector<std::string>& units, const std::vector<Period>& periods,
                                  const RankOptions& options = {}) {
  return detail::rank_dynamics_impl(scores, units, periods, nullptr, options);
}

/// As the overall rank_dynamics(), but every period is ranked within groups (rank_within()), e.g. within the
/// cohort that joined the programme together or within a province: ranks restart at 1 in every group.
/// @param scores units x periods; NaN = not scored; no infinity.
/// @param units unit ids, one per row: valid ids, unique.
/// @param periods one per column, strictly increasing.
/// @param groups group label per unit (compared as byte strings; the empty label is a group too).
/// @param options tie rule and order (defaults min, descending).
/// @return the ranks within groups, changes, advances and runs; RankDynamics::groups holds the labels.
/// @throws InvalidInput with context `rank_dynamics`: as the overall version, plus size_mismatch when the
///   number of group labels differs from the number of units.
inline RankDynamics rank_dynamics(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                  const std::vector<std::string>& units, const std::vector<Period>& periods,
                                  const std::vector<std::string>& groups, const RankOptions& options = {}) {
  return detail::rank_dynamics_impl(scores, units, periods, &groups, options);
}

/// Rank and score changes of every unit between any two periods of a RankDynamics, e.g. the first and the
/// last year of a programme.
///
/// `change = rank(from) - rank(to)`, positive = moved up; `score_change = score(to) - score(from)`; advance as in
/// RankDynamics. `from` may be later than `to`: swapping them negates both changes.
/// Missing values: NaN (advance -1) for units unranked in either period. Ties: a zero change is no move.
/// @param d the rank dynamics.
/// @param from the base period.
/// @param to the compared period.
/// @return the changes per unit.
/// @throws NotFound (context `rank_dynamics`) when a period is not a column of `d`.
inline RankChange rank_change(const RankDynamics& d, const Period& from, const Period& to) {
  const Eigen::Index a = d.column_of(from);
  const Eigen::Index b = d.column_of(to);
  RankChange r;
  r.from = from;
  r.to = to;
  r.units = d.units;
  r.rank_from = d.ranks.col(a);
  r.rank_to = d.ranks.col(b);
  r.change = r.rank_from - r.rank_to;
  r.score_change = d.scores.col(b) - d.scores.col(a);
  r.advance.resize(d.ranks.rows());
  for (Eigen::Index i = 0; i < d.ranks.rows(); ++i) {
    r.advance[i] = detail::advance_of(d, i, a, b);
    if (r.advance[i] >= 0) ++r.compared;
  }
  return r;
}

/// The k units with the largest rank gains (movers, 进位最多) and the k with the largest losses (fallers)
/// between two periods.
///
/// Only units ranked in both periods and with a nonzero change take part, so either list may hold fewer than
/// k units. Order: gainers by change descending, fallers by change ascending (largest loss first); equal
/// changes are ordered by the rank in `to` (better, i.e. smaller, first), then by unit id (byte-wise
/// ascending), so the lists are deterministic. A unit can appear in one list only.
/// @param d the rank dynamics.
/// @param from the base period.
/// @param to the compared period.
/// @param k the maximum length of each list (0 gives empty lists).
/// @return the gainers and fallers.
/// @throws NotFound (context `rank_dynamics`) when a period is not a column of `d`.
inline Movers movers(const RankDynamics& d, const Period& from, const Period& to, std::size_t k) {
  const RankChange c = rank_change(d, from, to);
  Movers m;
  m.from = from;
  m.to = to;
  m.compared = c.compared;
  for (Eigen::Index i = 0; i < c.change.size(); ++i) {
    if (std::isnan(c.change[i]) || c.change[i] == 0.0) continue;
    Mover x;
    x.unit = d.units[static_cast<std::size_t>(i)];
    x.row = i;
    x.rank_from = c.rank_from[i];
    x.rank_to = c.rank_to[i];
    x.change = c.change[i];
    x.score_change = c.score_change[i];
    (x.change > 0.0 ? m.gainers : m.fallers).push_back(std::move(x));
  }
  const auto by_tail = [](const Mover& a, const Mover& b) {
    if (a.rank_to != b.rank_to) return a.rank_to < b.rank_to;
    return a.unit < b.unit;
  };
  std::sort(m.gainers.begin(), m.gainers.end(),
            [&](const Mover& a, const Mover& b) { return a.change != b.change ? a.change > b.change : by_tail(a, b); });
  std::sort(m.fallers.begin(), m.fallers.end(),
            [&](const Mover& a, const Mover& b) { return a.change != b.change ? a.change < b.change : by_tail(a, b); });
  if (m.gainers.size() > k) m.gainers.resize(k);
  if (m.fallers.size() > k) m.fallers.resize(k);
  return m;
}

/// How much the rankings of two periods agree on the units ranked in both: Kendall's tau-b and Spearman's
/// rho, each with a two-sided p-value, as `scipy.stats.kendalltau(x, y, method="asymptotic")` and
/// `scipy.stats.spearmanr(x, y)` on x = ranks in `from`, y = ranks in `to`.
///
/// Kendall (Kendall 1945; Kendall & Gibbons 1990, Rank Correlation Methods, ch. 3-4), with S and the tie
/// counts of detail::kendall_counts() (O(n log n)):
///   tau_b = S / sqrt((n0 - n1) (n0 - n2)),
///   Var(S) = [n(n-1)(2n+5) - sum t(t-1)(2t+5) - sum u(u-1)(2u+5)] / 18
///            + [sum t(t-1)(t-2)] [sum u(u-1)(u-2)] / [9 n(n-1)(n-2)] + [sum t(t-1)] [sum u(u-1)] / [2 n(n-1)],
///   z = S / sqrt(Var(S)), p = 2 (1 - Phi(|z|)) (t, u: sizes of tied groups in x, y; no continuity correction).
/// Spearman (Spearman 1904): rho = Pearson correlation of the average ranks (ties get the mean rank) of x and
/// y; t = rho sqrt((n - 2) / ((1 + rho)(1 - rho))) with n - 2 degrees of freedom, p = 2 (1 - F_t(|t|)); p = 0
/// when |rho| = 1. Both are invariant to monotone changes of the scores, so for the tie methods min, max,
/// average and dense they equal the correlations of the scores themselves (on an overall ranking); "first"
/// breaks ties by row, and within-group ranks are compared as they are.
///
/// Minimum: 3 common units for p-values (status too_short below; tau_b and rho are still given for 2).
/// Missing values: units unranked in either period are left out (RankAgreement::pairs counts the rest).
/// Constant: if either ranking gives all common units the same rank, the correlations are undefined (status
/// constant, NaN).
/// @param d the rank dynamics.
/// @param from first period.
/// @param to second period.
/// @return the agreement; the statistics are symmetric in `from` and `to`.
/// @throws NotFound (context `rank_dynamics`) when a period is not a column of `d`.
inline RankAgreement rank_agreement(const RankDynamics& d, const Period& from, const Period& to) {
  const Eigen::Index a = d.column_of(from);
  const Eigen::Index b = d.column_of(to);
  RankAgreement r;
  r.from = from;
  r.to = to;
  const std::vector<Eigen::Index> rows = detail::ranked_in_both(d.ranks, a, b);
  const std::size_t n = rows.size();
  r.pairs = static_cast<Eigen::Index>(n);
  std::vector<double> x(n);
  std::vector<double> y(n);
  for (std::size_t k = 0; k < n; ++k) {
    x[k] = d.ranks(rows[k], a);
    y[k] = d.ranks(rows[k], b);
  }
  if (n < 2) {
    r.status = TrendStatus::too_short;
    return r;
  }
  const detail::KendallCounts c = detail::kendall_counts(x.data(), y.data(), n);
  r.s = c.s;
  if (c.n0 == c.n1 || c.n0 == c.n2) {
    r.status = TrendStatus::constant;
    return r;
  }
  r.tau_b = static_cast<double>(c.s) / std::sqrt(static_cast<double>(c.n0 - c.n1) * static_cast<double>(c.n0 - c.n2));
  const std::vector<double> rx = detail::average_ranks(x);
  const std::vector<double> ry = detail::average_ranks(y);
  // Both average-rank vectors have the mean (n + 1) / 2 exactly.
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;
  double sxy = 0.0;
  double sxx = 0.0;
  double syy = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    sxy += (rx[k] - mean) * (ry[k] - mean);
    sxx += (rx[k] - mean) * (rx[k] - mean);
    syy += (ry[k] - mean) * (ry[k] - mean);
  }
  r.rho = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  if (n < 3) {
    r.status = TrendStatus::too_short;
    return r;
  }
  const double nn = static_cast<double>(n);
  const detail::TieSums tx = detail::tie_sums(x);
  const detail::TieSums ty = detail::tie_sums(y);
  const double m = nn * (nn - 1.0);
  const double var = (m * (2.0 * nn + 5.0) - tx.t5 - ty.t5) / 18.0 + tx.t2 * ty.t2 / (9.0 * m * (nn - 2.0)) +
                     tx.t1 * ty.t1 / (2.0 * m);
  r.tau_z = static_cast<double>(c.s) / std::sqrt(var);
  const boost::math::normal_distribution<double> normal;
  r.tau_p = 2.0 * boost::math::cdf(boost::math::complement(normal, std::abs(r.tau_z)));
  const double df = nn - 2.0;
  if (std::abs(r.rho) >= 1.0) {
    r.rho_t = std::copysign(std::numeric_limits<double>::infinity(), r.rho);
    r.rho_p = 0.0;
  } else {
    r.rho_t = r.rho * std::sqrt(df / ((1.0 + r.rho) * (1.0 - r.rho)));
    const boost::math::students_t_distribution<double> student(df);
    r.rho_p = 2.0 * boost::math::cdf(boost::math::complement(student, std::abs(r.rho_t)));
  }
  r.status = TrendStatus::ok;
  return r;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_TREND_RANK_DYNAMICS_HPP
