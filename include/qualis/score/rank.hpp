/// @file
/// @brief Ranking and grading of scores: ranks with a choice of tie rule, ranks within groups, grades on
/// fixed bands and grades on quantiles of the scores.
#ifndef QUALIS_SCORE_RANK_HPP
#define QUALIS_SCORE_RANK_HPP

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/sort.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/score/common.hpp"

QUALIS_NAMESPACE_BEGIN

/// How tied scores are ranked. Names and meanings as `scipy.stats.rankdata` and R's `rank()`; the
/// example gives the ranks of the scores 9, 7, 7, 5 in descending order.
enum class TieMethod : int {
  min = 0,      ///< Every tied unit gets the smallest rank of the tie: 1, 2, 2, 4 ("competition" ranking). Default.
  max = 1,      ///< Every tied unit gets the largest rank of the tie: 1, 3, 3, 4.
  average = 2,  ///< Every tied unit gets the mean rank of the tie: 1, 2.5, 2.5, 4.
  dense = 3,    ///< Like min, but the next distinct score gets the next integer: 1, 2, 2, 3.
  first = 4,    ///< Ordinal: ties broken by position (the earlier row first): 1, 2, 3, 4.
};

/// The stable name of a tie method.
/// @param ties the method.
/// @return "min", "max", "average", "dense" or "first"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(TieMethod ties) noexcept {
  switch (ties) {
    case TieMethod::min:
      return "min";
    case TieMethod::max:
      return "max";
    case TieMethod::average:
      return "average";
    case TieMethod::dense:
      return "dense";
    case TieMethod::first:
      return "first";
  }
  return "unknown";
}

/// Reads a tie method from text: "min", "max", "average", "dense" or "first" (alias "ordinal", as in
/// scipy), ignoring ASCII case.
/// @param text the text to read.
/// @return the tie method.
/// @throws ParseError (source "tie method") naming the text and listing the valid names.
inline TieMethod parse_tie_method(std::string_view text) {
  const auto is = [text](std::string_view word) { return detail::iequals(text, word); };
  for (const TieMethod t : {TieMethod::min, TieMethod::max, TieMethod::average, TieMethod::dense, TieMethod::first}) {
    if (is(to_string(t))) return t;
  }
  if (is("ordinal")) return TieMethod::first;
  throw ParseError("tie method", 0, 0,
                   "\"" + std::string(text) +
                       "\" is not a tie method: expected one of min, max, average, dense, first (alias ordinal)");
}

/// Options of rank() and rank_within().
struct RankOptions {
  /// Tie rule. Default min, the "1224" competition ranking that league tables of composite indicators
  /// publish (a tie shares the better rank and the next rank is skipped).
  TieMethod ties = TieMethod::min;
  bool descending = true;  ///< true (default): the highest score gets rank 1, as for a composite score.
};

/// Ranks of a score vector.
struct RankResult {
  Eigen::VectorXd ranks;      ///< One rank per unit, from 1; NaN exactly for units with a missing (NaN) score.
  Eigen::Index ranked = 0;    ///< Number of units with a rank.
  Eigen::Index unranked = 0;  ///< Number of units with a missing score, hence no rank.
};

/// Where a score falls in a grading scheme: the band with the highest lower bound not above it.
struct GradeBand {
  std::string name;  ///< Grade name, e.g. "A" or "优秀": non-empty UTF-8, no control characters or outer spaces.
  /// Inclusive lower bound: a score s gets this grade if lower <= s < (lower bound of the band above).
  /// Finite, or -infinity for a bottom band that catches every score.
  double lower = -std::numeric_limits<double>::infinity();
};

/// Summary outcome of a grading.
enum class GradeStatus : int {
  ok = 0,          ///< Every unit has a grade.
  incomplete = 1,  ///< Some unit has no grade: a missing score, or a score below the lowest band.
  no_scores = 2,   ///< grade_quantile() only: no score is present, so the quantiles are undefined.
};

/// The stable name of a grade status.
/// @param status the status.
/// @return "ok", "incomplete" or "no_scores"; "unknown" for a value outside the enumeration.
constexpr const char* to_string(GradeStatus status) noexcept {
  switch (status) {
    case GradeStatus::ok:
      return "ok";
    case GradeStatus::incomplete:
      return "incomplete";
    case GradeStatus::no_scores:
      return "no_scores";
  }
  return "unknown";
}

/// The grades of a score vector.
struct GradeResult {
  std::vector<std::string> grades;               ///< Per unit: the grade name, or "" when ungraded.
  std::vector<std::optional<std::size_t>> band;  ///< Per unit: index of the band (0 = best), empty when ungraded.
  std::vector<Eigen::Index> counts;              ///< Per band: number of units with that grade.
  /// Per band: the lower bound used, the band's own for grade_fixed(), the quantile for grade_quantile()
  /// (the last band's is -infinity there; all NaN when status is no_scores).
  std::vector<double> thresholds;
  Eigen::Index missing = 0;              ///< Units with a missing (NaN) score: no grade.
  Eigen::Index below_lowest = 0;         ///< Units whose score is below the lowest band's lower bound: no grade.
  GradeStatus status = GradeStatus::ok;  ///< Summary, see GradeStatus.
};

namespace detail {

inline void check_rank_options(const std::string& ctx, const RankOptions& options) {
  switch (options.ties) {
    case TieMethod::min:
    case TieMethod::max:
    case TieMethod::average:
    case TieMethod::dense:
    case TieMethod::first:
      return;
  }
  throw InvalidInput(ErrorCode::invalid_argument, ctx,
                     "tie method " + std::to_string(static_cast<int>(options.ties)) + " is not a TieMethod");
}

// Rejects an empty score vector and infinite scores (NaN is missing and allowed).
inline void check_scores(const std::string& ctx, VectorCRef scores) {
  if (scores.size() == 0) throw InvalidInput(ErrorCode::empty_input, ctx, "the score vector is empty");
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    if (std::isinf(scores[i])) {
      throw InvalidInput(ErrorCode::not_finite, ctx, "unit (row) " + std::to_string(i) + ": score is infinite");
    }
  }
}

// Ranks the units listed in `idx` (non-NaN scores) among themselves, writing into `ranks`; reorders `idx`.
inline void rank_subset(VectorCRef scores, std::vector<Eigen::Index>& idx, const RankOptions& options,
                        Eigen::VectorXd& ranks) {
  // A stable sort keeps ties in row order, which is what TieMethod::first needs.
  stable_sort_by_value(scores, idx, options.descending);
  std::size_t start = 0;
  double dense = 0.0;
  while (start < idx.size()) {
    std::size_t end = start + 1;
    while (end < idx.size() && scores[idx[end]] == scores[idx[start]]) ++end;
    dense += 1.0;
    const double lo = static_cast<double>(start + 1);
    const double hi = static_cast<double>(end);
    for (std::size_t k = start; k < end; ++k) {
      double r = lo;
      switch (options.ties) {
        case TieMethod::min:
          r = lo;
          break;
        case TieMethod::max:
          r = hi;
          break;
        case TieMethod::average:
          r = (lo + hi) / 2.0;
          break;
        case TieMethod::dense:
          r = dense;
          break;
        case TieMethod::first:
          r = static_cast<double>(k + 1);
          break;
      }
      ranks[idx[k]] = r;
    }
    start = end;
  }
}

// Validates grade names: valid ids (non-empty UTF-8, no control characters, no outer spaces), unique.
inline void check_grade_names(const std::string& ctx, const std::vector<std::string>& names) {
  std::unordered_set<std::string_view> seen;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const std::string field = "name of band " + std::to_string(k);
    check_id(ctx, field, names[k]);
    if (!seen.insert(names[k]).second) {
      throw InvalidInput(ErrorCode::duplicate_id, ctx, field + " \"" + names[k] + "\" is used twice");
    }
  }
}

// Grades `scores` on bands given by names and lower bounds (strictly decreasing, already validated).
inline GradeResult grade_on(VectorCRef scores, const std::vector<std::string>& names,
                            const std::vector<double>& lower) {
  GradeResult r;
  const auto n = static_cast<std::size_t>(scores.size());
  r.grades.assign(n, std::string());
  r.band.assign(n, std::nullopt);
  r.counts.assign(names.size(), 0);
  r.thresholds = lower;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = scores[static_cast<Eigen::Index>(i)];
    if (std::isnan(s)) {
      ++r.missing;
      continue;
    }
    // First band (from the best) whose lower bound the score reaches.
    const auto it = std::find_if(lower.begin(), lower.end(), [s](double bound) { return s >= bound; });
    if (it == lower.end()) {
      ++r.below_lowest;
      continue;
    }
    const auto k = static_cast<std::size_t>(it - lower.begin());
    r.band[i] = k;
    r.grades[i] = names[k];
    ++r.counts[k];
  }
  r.status = (r.missing + r.below_lowest > 0) ? GradeStatus::incomplete : GradeStatus::ok;
  return r;
}

}  // namespace detail

/// Ranks scores, best first by default.
///
/// Rank 1 goes to the highest score (descending, the default) or the lowest (ascending); ties follow
/// `options.ties` (default min, "1224"), exactly as `scipy.stats.rankdata(-scores, method)` with
/// `nan_policy="omit"`: min, max, average (ties get the mean rank, e.g. 2.5), dense and first
/// ("ordinal": ties broken by row order). Ties are exact equality of the scores.
///
/// Missing values: a NaN score is missing; the unit gets no rank (NaN), is counted in
/// RankResult::unranked, and the other units are ranked among themselves (n_ranked is the largest
/// possible rank). Infinite scores are rejected.
/// @param scores one score per unit; NaN = missing.
/// @param options tie rule and order; defaults min and descending.
/// @return the ranks (as doubles, since average ties give halves) and the counts.
/// @throws InvalidInput with context `rank`: empty_input (no scores), not_finite (an infinite score,
///   naming the unit (row)), invalid_argument (a tie method outside the enumeration).
inline RankResult rank(VectorCRef scores, const RankOptions& options = {}) {
  const std::string ctx = "rank";
  detail::check_scores(ctx, scores);
  detail::check_rank_options(ctx, options);
  RankResult r;
  r.ranks = Eigen::VectorXd::Constant(scores.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<Eigen::Index> idx;
  idx.reserve(static_cast<std::size_t>(scores.size()));
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    if (!std::isnan(scores[i])) idx.push_back(i);
  }
  r.ranked = static_cast<Eigen::Index>(idx.size());
  r.unranked = scores.size() - r.ranked;
  detail::rank_subset(scores, idx, options, r.ranks);
  return r;
}

/// Ranks scores inside each group, e.g. clusters within their province or within their industry.
///
/// Every unit is ranked among the units with the same group label (compared as exact byte strings), by
/// the rules of rank(); ranks restart at 1 in every group.
///
/// Missing values: as rank(): a NaN score gets no rank (NaN) and is counted in RankResult::unranked.
/// @param scores one score per unit; NaN = missing.
/// @param groups one group label per unit (any string, the empty one included).
/// @param options tie rule and order; defaults min and descending.
/// @return the ranks within groups and the counts.
/// @throws InvalidInput with context `rank_within`: as rank(), plus size_mismatch when `groups` and
///   `scores` differ in length.
inline RankResult rank_within(VectorCRef scores, const std::vector<std::string>& groups,
                              const RankOptions& options = {}) {
  const std::string ctx = "rank_within";
  detail::check_scores(ctx, scores);
  detail::check_rank_options(ctx, options);
  if (static_cast<Eigen::Index>(groups.size()) != scores.size()) {
    throw InvalidInput(
        ErrorCode::size_mismatch, ctx,
        std::to_string(groups.size()) + " group labels for " + std::to_string(scores.size()) + " scores");
  }
  RankResult r;
  r.ranks = Eigen::VectorXd::Constant(scores.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<Eigen::Index> idx;
  idx.reserve(groups.size());
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    if (!std::isnan(scores[i])) idx.push_back(i);
  }
  r.ranked = static_cast<Eigen::Index>(idx.size());
  r.unranked = scores.size() - r.ranked;
  const auto group_of = [&groups](Eigen::Index i) -> const std::string& { return groups[static_cast<std::size_t>(i)]; };
  std::stable_sort(idx.begin(), idx.end(), [&](Eigen::Index a, Eigen::Index b) { return group_of(a) < group_of(b); });
  std::vector<Eigen::Index> members;
  std::size_t start = 0;
  while (start < idx.size()) {
    std::size_t end = start + 1;
    while (end < idx.size() && group_of(idx[end]) == group_of(idx[start])) ++end;
    // Within a run the indices are ascending (stable sort), as rank_subset needs for TieMethod::first.
    members.assign(idx.begin() + static_cast<std::ptrdiff_t>(start), idx.begin() + static_cast<std::ptrdiff_t>(end));
    detail::rank_subset(scores, members, options, r.ranks);
    start = end;
  }
  return r;
}

/// Grades scores on fixed bands: a score gets the grade of the first band (best first) whose lower bound
/// it reaches.
///
/// The bands are half-open intervals: with {{"A", 90}, {"B", 80}, {"C", 60}, {"D", -inf}}, A is
/// s >= 90, B is 80 <= s < 90, C is 60 <= s < 80 and D is s < 60. A score below the last lower bound
/// (when that is finite) gets no grade and is counted in GradeResult::below_lowest.
///
/// Missing values: a NaN score gets no grade ("" and an empty band index), counted in
/// GradeResult::missing. Infinite scores are rejected.
/// @param scores one score per unit; NaN = missing.
/// @param bands the grades, best first, with strictly decreasing lower bounds; at least one.
/// @return the grades, band indices and counts; thresholds are the bands' lower bounds.
/// @throws InvalidInput with context `grade_fixed`: empty_input (no scores, no bands), not_finite (an
///   infinite score; a NaN or +infinity lower bound), invalid_id or invalid_text (a bad band name),
///   duplicate_id (a name used twice), inconsistent (lower bounds not strictly decreasing).
inline GradeResult grade_fixed(VectorCRef scores, const std::vector<GradeBand>& bands) {
  const std::string ctx = "grade_fixed";
  detail::check_scores(ctx, scores);
  if (bands.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no grade bands are given");
  std::vector<std::string> names;
  std::vector<double> lower;
  names.reserve(bands.size());
  lower.reserve(bands.size());
  for (const GradeBand& b : bands) {
    names.push_back(b.name);
    lower.push_back(b.lower);
  }
  detail::check_grade_names(ctx, names);
  for (std::size_t k = 0; k < bands.size(); ++k) {
    const double lo = lower[k];
    if (std::isnan(lo) || lo == std::numeric_limits<double>::infinity()) {
      throw InvalidInput(ErrorCode::not_finite, ctx,
                         "band " + std::to_string(k) + " (\"" + names[k] + "\"): lower bound " +
                             detail::number_text(lo) + " is not finite or -inf");
    }
    if (k > 0 && !(lo < lower[k - 1])) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         "band " + std::to_string(k) + " (\"" + names[k] + "\"): lower bound " +
                             detail::number_text(lo) + " is not below that of band " + std::to_string(k - 1) + " (" +
                             detail::number_text(lower[k - 1]) + "); bounds must decrease strictly");
    }
  }
  return detail::grade_on(scores, names, lower);
}

/// Grades scores on quantiles of the scores themselves, e.g. the top 20% A, the next 30% B, the next 30%
/// C and the rest D: labels {"A", "B", "C", "D"} and probabilities {0.8, 0.5, 0.2}.
///
/// Band k (k < L - 1 for L labels) has as lower bound the quantile Q(p_k) of the present (non-NaN)
/// scores; the last band has -infinity. Q is Hyndman & Fan (1996) type 7, R's default and numpy's
/// "linear": with the n sorted scores s_0 <= ... <= s_{n-1}, h = (n - 1) p, Q(p) = s_floor(h) +
/// (h - floor(h)) (s_floor(h)+1 - s_floor(h)). Grading then follows grade_fixed(): a score equal to a
/// threshold gets the better grade.
///
/// Ties: tied scores always share a grade, so with ties (or few units) the shares per grade differ from
/// the nominal ones; when ties make two thresholds equal, the lower of the two bands stays empty.
///
/// Missing values: NaN scores take no part in the quantiles and get no grade, counted in
/// GradeResult::missing. If every score is missing, the thresholds are NaN, nobody is graded and the
/// status is no_scores. Infinite scores are rejected.
/// @param scores one score per unit; NaN = missing.
/// @param labels the grades, best first; at least one; valid, unique names as in GradeBand.
/// @param probabilities one fewer than the labels, strictly decreasing, each in the open interval (0, 1):
///   p_k is the share of units expected below grade k's threshold.
/// @return the grades, band indices and counts; thresholds are the quantiles used.
/// @throws InvalidInput with context `grade_quantile`: empty_input (no scores, no labels), not_finite (an
///   infinite score, a NaN probability), size_mismatch (probabilities count), out_of_range (a probability
///   outside (0, 1)), inconsistent (probabilities not strictly decreasing), invalid_id, invalid_text or
///   duplicate_id (labels).
inline GradeResult grade_quantile(VectorCRef scores, const std::vector<std::string>& labels,
                                  const std::vector<double>& probabilities) {
  const std::string ctx = "grade_quantile";
  detail::check_scores(ctx, scores);
  if (labels.empty()) throw InvalidInput(ErrorCode::empty_input, ctx, "no grade labels are given");
  detail::check_grade_names(ctx, labels);
  if (probabilities.size() + 1 != labels.size()) {
    throw InvalidInput(ErrorCode::size_mismatch, ctx,
                       std::to_string(probabilities.size()) + " probabilities for " + std::to_string(labels.size()) +
                           " labels (expected one fewer than the labels)");
  }
  for (std::size_t k = 0; k < probabilities.size(); ++k) {
    const double p = probabilities[k];
    const std::string what = "probability " + std::to_string(k) + " (" + detail::number_text(p) + ")";
    if (std::isnan(p)) throw InvalidInput(ErrorCode::not_finite, ctx, what + " is NaN");
    if (!(p > 0.0 && p < 1.0)) throw InvalidInput(ErrorCode::out_of_range, ctx, what + " is not in (0, 1)");
    if (k > 0 && !(p < probabilities[k - 1])) {
      throw InvalidInput(ErrorCode::inconsistent, ctx,
                         what + " is not below probability " + std::to_string(k - 1) +
                             "; probabilities must decrease strictly (best grade first)");
    }
  }
  std::vector<double> sorted;
  sorted.reserve(static_cast<std::size_t>(scores.size()));
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    if (!std::isnan(scores[i])) sorted.push_back(scores[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> lower(labels.size(), -std::numeric_limits<double>::infinity());
  if (sorted.empty()) {
    GradeResult r = detail::grade_on(scores, labels, lower);
    std::fill(r.thresholds.begin(), r.thresholds.end(), std::numeric_limits<double>::quiet_NaN());
    r.status = GradeStatus::no_scores;
    return r;
  }
  const double last = static_cast<double>(sorted.size() - 1);
  for (std::size_t k = 0; k < probabilities.size(); ++k) {
    const double h = last * probabilities[k];
    const double fl = std::floor(h);
    const auto lo = static_cast<std::size_t>(fl);
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double t = h - fl;
    const double a = sorted[lo];
    const double b = sorted[hi];
    // The interpolation numpy uses (from the nearer end), so that thresholds agree to the last bit.
    lower[k] = t < 0.5 ? a + (b - a) * t : b - (b - a) * (1.0 - t);
  }
  return detail::grade_on(scores, labels, lower);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_SCORE_RANK_HPP
