// Tests for qualis/trend/rank_dynamics.hpp: ranks per period (overall and within groups), rank and score changes,
// 增比进位 (score up and rank up) and its runs, movers and fallers, the agreement of two periods' rankings
// (Kendall tau-b, Spearman rho) against scipy, invariants and bad input.
//
// Expected ranks, changes and correlations come from tests/reference/trend_rank.py (scipy.stats.rankdata,
// kendalltau(method="asymptotic"), spearmanr); the runs and the small examples are worked by hand in comments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qualis/trend/rank_dynamics.hpp>
#include <string>
#include <vector>

#include "support/eigen.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::AdvanceStreak;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::Period;
using qualis::RankAgreement;
using qualis::RankDynamics;
using qualis::RankOptions;
using qualis::TieMethod;
using qualis::TrendStatus;
using qualis_test::expect_error;
using qualis_test::rows;
using qualis_test::vec;
using testing::ElementsAre;
using testing::IsEmpty;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// |actual - expected| <= 1e-9 * max(1, |expected|), the suite's rule for closed-form numbers.
void expect_near(double actual, double expected) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected)));
}

// Equal element by element, NaN matching NaN.
void expect_same(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (Eigen::Index i = 0; i < expected.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << "at index " << i << ": " << actual[i];
    } else {
      EXPECT_EQ(actual[i], expected[i]) << "at index " << i;
    }
  }
}

// The elements of an integer vector or row, for gmock's ElementsAre.
template <class D>
std::vector<int> ints(const Eigen::DenseBase<D>& x) {
  std::vector<int> out;
  for (Eigen::Index k = 0; k < x.size(); ++k) out.push_back(x(k));
  return out;
}

std::vector<Period> years(int first, int count) {
  std::vector<Period> out;
  for (int k = 0; k < count; ++k) out.push_back(Period::annual(first + k));
  return out;
}

const Period y2019 = Period::annual(2019);
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);
const Period y2022 = Period::annual(2022);
const std::vector<std::string> ids = {"a", "b", "c", "d", "e", "保定f"};
const std::vector<std::string> cohorts = {"A", "A", "B", "B", "A", "B"};

// The case of tests/reference/trend_rank.py: d joins in 2020 (late joiner, 26+X), e is not scored in 2020 (a
// gap), b and 保定f tie in 2019, 保定f is flat from 2020 to 2021.
Eigen::MatrixXd case_scores() {
  return rows(
      {{80, 82, 85, 90}, {70, 75, 88, 86}, {90, 85, 80, 70}, {nan, 60, 78, 92}, {65, nan, 70, 75}, {70, 72, 72, 60}});
}

RankDynamics case_dynamics(const RankOptions& o = {}) {
  return qualis::rank_dynamics(case_scores(), ids, years(2019, 4), o);
}

TEST(RankDynamics, RanksAndChangesMatchScipy) {
  const RankDynamics d = case_dynamics();
  // trend_rank.py "overall ranks (min)": rankdata(-scores, "min") per period, NaN left out.
  expect_same(d.ranks.col(0), vec({2, 3, 1, nan, 5, 3}));
  expect_same(d.ranks.col(1), vec({2, 3, 1, 5, nan, 4}));
  expect_same(d.ranks.col(2), vec({2, 1, 3, 4, 6, 5}));
  expect_same(d.ranks.col(3), vec({2, 3, 5, 1, 4, 6}));
  EXPECT_THAT(d.ranked, ElementsAre(5, 5, 6, 6));
  // trend_rank.py "rank change (earlier - later), consecutive"; column 0 has no predecessor.
  expect_same(d.rank_change.col(0), vec({nan, nan, nan, nan, nan, nan}));
  expect_same(d.rank_change.col(1), vec({0, 0, 0, nan, nan, -1}));
  expect_same(d.rank_change.col(2), vec({0, 2, -2, 1, nan, -1}));
  expect_same(d.rank_change.col(3), vec({0, -2, -2, 3, 2, -1}));
  // Score changes, later minus earlier, by hand: e.g. b 2021 - 2020 = 88 - 75 = 13.
  expect_same(d.score_change.col(2), vec({3, 13, -5, 18, nan, 0}));
  EXPECT_EQ(d.units, ids);
  EXPECT_THAT(d.groups, IsEmpty());
  EXPECT_EQ(d.row_of("保定f"), 5);
  EXPECT_EQ(d.column_of(y2021), 2);
}

TEST(RankDynamics, AdvanceAndStreaksByHand) {
  const RankDynamics d = case_dynamics();
  // advance = score up AND rank change > 0 (from the two tables above):
  //   a: scores rise every year but the rank stays 2 -> 0 0 0 (score up alone is not 增比进位)
  //   b: 2021 +13 and 3 -> 1 -> 1; 2020 score up, rank flat -> 0; 2022 down -> 0
  //   d: 2020 unranked in 2019 -> -1; 2021 +18, 5 -> 4; 2022 +14, 4 -> 1 -> 1 1
  //   e: unranked 2020 -> -1 -1; 2022 +5, 6 -> 4 -> 1
  //   保定f: 2020 score up, rank down -> 0; 2021 score flat -> 0
  EXPECT_EQ(d.advance.row(0), Eigen::RowVector4i(-1, 0, 0, 0));
  EXPECT_EQ(d.advance.row(1), Eigen::RowVector4i(-1, 0, 1, 0));
  EXPECT_EQ(d.advance.row(2), Eigen::RowVector4i(-1, 0, 0, 0));
  EXPECT_EQ(d.advance.row(3), Eigen::RowVector4i(-1, -1, 1, 1));
  EXPECT_EQ(d.advance.row(4), Eigen::RowVector4i(-1, -1, -1, 1));
  EXPECT_EQ(d.advance.row(5), Eigen::RowVector4i(-1, 0, 0, 0));

  const AdvanceStreak& a = d.streaks[0];
  EXPECT_EQ(a.unit, "a");
  EXPECT_EQ(a.current, 0);
  EXPECT_EQ(a.longest, 0);
  EXPECT_FALSE(a.longest_first.has_value());
  EXPECT_FALSE(a.longest_last.has_value());
  const AdvanceStreak& b = d.streaks[1];
  EXPECT_EQ(b.current, 0);
  EXPECT_EQ(b.longest, 1);
  EXPECT_EQ(b.longest_first, y2021);
  EXPECT_EQ(b.longest_last, y2021);
  // The late joiner d: a run of 2 ending now, from 2021 (against 2020, its first year) to 2022.
  const AdvanceStreak& dj = d.streaks[3];
  EXPECT_EQ(dj.current, 2);
  EXPECT_EQ(dj.longest, 2);
  EXPECT_EQ(dj.advances, 2);
  EXPECT_EQ(dj.longest_first, y2021);
  EXPECT_EQ(dj.longest_last, y2022);
  const AdvanceStreak& e = d.streaks[4];
  EXPECT_EQ(e.current, 1);
  EXPECT_EQ(e.longest, 1);
  EXPECT_EQ(e.longest_first, y2022);
}

TEST(RankDynamics, StreakBrokenByGapKeepsEarliestLongest) {
  // Fillers f1..f5 keep 50 40 30 20 10; s climbs 5 -> 15 -> 25 (ranks 6 -> 5 -> 4), is not scored in p3,
  // then 12 -> 22 -> 35 (ranks 5 -> 4 -> 3). advance of s: -1 1 1 -1 -1 1 1: two runs of 2, the earliest
  // (2011..2012) is the longest; the current run is 2; 4 advances in all.
  Eigen::MatrixXd x(6, 7);
  x.row(0) << 5, 15, 25, nan, 12, 22, 35;
  for (int f = 0; f < 5; ++f) x.row(f + 1).setConstant(50.0 - 10.0 * f);
  const RankDynamics d = qualis::rank_dynamics(x, {"s", "f1", "f2", "f3", "f4", "f5"}, years(2010, 7));
  EXPECT_THAT(ints(d.advance.row(0)), ElementsAre(-1, 1, 1, -1, -1, 1, 1));
  const AdvanceStreak& s = d.streaks[0];
  EXPECT_EQ(s.longest, 2);
  EXPECT_EQ(s.longest_first, Period::annual(2011));
  EXPECT_EQ(s.longest_last, Period::annual(2012));
  EXPECT_EQ(s.current, 2);
  EXPECT_EQ(s.advances, 4);
  // f5 (10) moves up when s drops out (6 -> 5 in 2013) but its score is flat: rank up alone is no advance.
  expect_same(d.rank_change.row(5).transpose(), vec({nan, -1, 0, 1, -1, 0, 0}));
  EXPECT_EQ(d.streaks[5].longest, 0);
}

TEST(RankDynamics, TiesDecideWhetherTheRankRose) {
  // u: 10 20 30, v: 20 20 30. Min ties: p0 v 1, u 2; p1 both 1 (u rose 2 -> 1, score up: advance);
  // p2 both 1 again (u score up, rank flat: no advance). Max ties: p1 both 2, so u's rank stays 2: no advance.
  const Eigen::MatrixXd x = rows({{10, 20, 30}, {20, 20, 30}});
  const RankDynamics dmin = qualis::rank_dynamics(x, {"u", "v"}, years(2020, 3));
  EXPECT_EQ(dmin.advance.row(0), Eigen::RowVector3i(-1, 1, 0));
  EXPECT_EQ(dmin.advance.row(1), Eigen::RowVector3i(-1, 0, 0));
  RankOptions o;
  o.ties = TieMethod::max;
  const RankDynamics dmax = qualis::rank_dynamics(x, {"u", "v"}, years(2020, 3), o);
  EXPECT_EQ(dmax.advance.row(0), Eigen::RowVector3i(-1, 0, 0));
  // Average ties: p1 both 1.5, u 2 -> 1.5 = +0.5 and advances.
  o.ties = TieMethod::average;
  const RankDynamics davg = qualis::rank_dynamics(x, {"u", "v"}, years(2020, 3), o);
  expect_same(davg.rank_change.row(0).transpose(), vec({nan, 0.5, 0}));
  EXPECT_EQ(davg.advance.row(0), Eigen::RowVector3i(-1, 1, 0));
}

TEST(RankDynamics, AscendingOrderImprovesByFalling) {
  // Lower is better (e.g. a defect rate): u 5 -> 3 falls below v's 4, so u's score improved and its rank rose.
  RankOptions o;
  o.descending = false;
  const RankDynamics d = qualis::rank_dynamics(rows({{5, 3}, {4, 4}}), {"u", "v"}, years(2020, 2), o);
  expect_same(d.ranks.col(0), vec({2, 1}));
  expect_same(d.ranks.col(1), vec({1, 2}));
  EXPECT_EQ(d.score_change(0, 1), -2.0);
  EXPECT_EQ(d.advance(0, 1), 1);
  EXPECT_EQ(d.advance(1, 1), 0);
}

TEST(RankDynamics, WithinGroupsMatchesScipy) {
  const RankDynamics d = qualis::rank_dynamics(case_scores(), ids, years(2019, 4), cohorts);
  // trend_rank.py "within-group ranks (min)": cohort A = a, b, e; cohort B = c, d, 保定f.
  expect_same(d.ranks.col(0), vec({1, 2, 1, nan, 3, 2}));
  expect_same(d.ranks.col(1), vec({1, 2, 1, 3, nan, 2}));
  expect_same(d.ranks.col(2), vec({2, 1, 1, 2, 3, 3}));
  expect_same(d.ranks.col(3), vec({1, 2, 2, 1, 3, 3}));
  EXPECT_EQ(d.groups, cohorts);
  // d within cohort B: 3 -> 2 -> 1 with rising scores: advances 2021 and 2022, as overall.
  EXPECT_EQ(d.streaks[3].current, 2);
  // e within cohort A: 3 -> 3 in 2022 (overall it rose 6 -> 4): no advance within its cohort.
  EXPECT_EQ(d.advance(4, 3), 0);
}

TEST(RankDynamics, ChangeBetweenChosenPeriods) {
  const RankDynamics d = case_dynamics();
  const qualis::RankChange c = qualis::rank_change(d, y2019, y2022);
  // trend_rank.py "rank change 2019 -> 2022".
  expect_same(c.change, vec({0, 0, -4, nan, 1, -3}));
  expect_same(c.rank_from, vec({2, 3, 1, nan, 5, 3}));
  expect_same(c.score_change, vec({10, 16, -20, nan, 10, -10}));
  EXPECT_THAT(ints(c.advance), ElementsAre(0, 0, 0, -1, 1, 0));
  EXPECT_EQ(c.compared, 5);
  // Swapping the periods negates both changes (reversing the direction of time).
  const qualis::RankChange r = qualis::rank_change(d, y2022, y2019);
  expect_same(r.change, -c.change);
  expect_same(r.score_change, -c.score_change);
  // Between consecutive periods it equals the matrices of RankDynamics.
  expect_same(qualis::rank_change(d, y2020, y2021).change, d.rank_change.col(2));
}

TEST(RankDynamics, MoversAndFallers) {
  const RankDynamics d = case_dynamics();
  // 2019 -> 2021: a 0, b 3 -> 1 (+2), c 1 -> 3 (-2), d unranked, e 5 -> 6 (-1), 保定f 3 -> 5 (-2).
  const qualis::Movers m = qualis::movers(d, y2019, y2021, 2);
  ASSERT_EQ(m.gainers.size(), 1U);  // only b gained; a (0) is no mover
  EXPECT_EQ(m.gainers[0].unit, "b");
  EXPECT_EQ(m.gainers[0].change, 2.0);
  EXPECT_EQ(m.gainers[0].row, 1);
  ASSERT_EQ(m.fallers.size(), 2U);
  // c and 保定f both lost 2: c first, its 2021 rank (3) is better than 保定f's (5).
  EXPECT_EQ(m.fallers[0].unit, "c");
  EXPECT_EQ(m.fallers[1].unit, "保定f");
  EXPECT_EQ(m.fallers[1].rank_from, 3.0);
  EXPECT_EQ(m.fallers[1].rank_to, 5.0);
  EXPECT_EQ(m.fallers[1].score_change, 2.0);
  EXPECT_EQ(m.compared, 5);
  EXPECT_EQ(qualis::movers(d, y2019, y2021, 3).fallers.size(), 3U);
  const qualis::Movers none = qualis::movers(d, y2019, y2021, 0);
  EXPECT_THAT(none.gainers, IsEmpty());
  EXPECT_THAT(none.fallers, IsEmpty());
}

TEST(RankDynamics, MoverTiesBrokenById) {
  // p0: z 1, y 1, x 5 -> x rank 1, y and z rank 2; p1: z 9, y 9, x 1 -> y and z rank 1, x rank 3. y and z both
  // gain 1 and share rank 1 in p1: the id decides, "y" < "z".
  const RankDynamics d = qualis::rank_dynamics(rows({{1, 9}, {1, 9}, {5, 1}}), {"z", "y", "x"}, years(2020, 2));
  const qualis::Movers m = qualis::movers(d, y2020, y2021, 5);
  ASSERT_EQ(m.gainers.size(), 2U);
  EXPECT_EQ(m.gainers[0].unit, "y");
  EXPECT_EQ(m.gainers[1].unit, "z");
  ASSERT_EQ(m.fallers.size(), 1U);
  EXPECT_EQ(m.fallers[0].change, -2.0);
}

void expect_agreement(const RankAgreement& r, Eigen::Index n, double tau, double tau_p, double rho, double rho_p) {
  EXPECT_EQ(r.status, TrendStatus::ok);
  EXPECT_EQ(r.pairs, n);
  expect_near(r.tau_b, tau);
  expect_near(r.tau_p, tau_p);
  expect_near(r.rho, rho);
  expect_near(r.rho_p, rho_p);
}

TEST(RankAgreement, MatchesScipyOnTheCase) {
  const RankDynamics d = case_dynamics();
  // trend_rank.py "agreement ...": scipy.stats.kendalltau(method="asymptotic") and spearmanr on the ranks of
  // the units ranked in both periods.
  expect_agreement(qualis::rank_agreement(d, y2019, y2022), 5, 0.10540925533894596, 0.8005421074231263,
                   0.05129891760425771, 0.934712848108234);
  expect_agreement(qualis::rank_agreement(d, y2020, y2021), 5, 0.19999999999999998, 0.624206114766406,
                   0.49999999999999994, 0.39100221895577053);
  expect_agreement(qualis::rank_agreement(d, y2019, y2020), 4, 0.912870929175277, 0.07095149242730563,
                   0.9486832980505139, 0.051316701949486114);
  // Symmetric in the two periods.
  const RankAgreement r = qualis::rank_agreement(d, y2022, y2019);
  expect_near(r.tau_b, 0.10540925533894596);
  expect_near(r.rho_p, 0.934712848108234);
  // 2020 -> 2021 by hand: x = 2 3 1 5 4, y = 2 1 3 4 5 over a b c d 保定f; 10 pairs, 6 concordant, 4
  // discordant: S = 2, tau = 2 / 10.
  EXPECT_EQ(qualis::rank_agreement(d, y2020, y2021).s, 2);
}

Eigen::MatrixXd big_scores() {
  // The same formulas as trend_rank.py: s1 = (7 i) mod 11, s2 = (5 i + 3) mod 13, i = 0..29 (many ties).
  Eigen::MatrixXd x(30, 2);
  for (int i = 0; i < 30; ++i) {
    x(i, 0) = static_cast<double>((i * 7) % 11);
    x(i, 1) = static_cast<double>((i * 5 + 3) % 13);
  }
  return x;
}

std::vector<std::string> big_ids() {
  std::vector<std::string> out;
  for (int i = 0; i < 30; ++i) out.push_back("u" + std::to_string(i));
  return out;
}

TEST(RankAgreement, MatchesScipyWithManyTiesForEveryTieRule) {
  // trend_rank.py "big min/average/dense/max" (all equal, as tau-b and rho only see the order and the ties)
  // and "big scores" (the same on the scores themselves).
  for (const TieMethod t : {TieMethod::min, TieMethod::average, TieMethod::dense, TieMethod::max}) {
    SCOPED_TRACE(qualis::to_string(t));
    RankOptions o;
    o.ties = t;
    const RankDynamics d = qualis::rank_dynamics(big_scores(), big_ids(), years(2020, 2), o);
    expect_agreement(qualis::rank_agreement(d, y2020, y2021), 30, 0.1435561357748052, 0.2882790772091983,
                     0.2530796659596697, 0.17722085880533792);
  }
  // "big first": ties broken by row order (scipy's ordinal ranks).
  RankOptions o;
  o.ties = TieMethod::first;
  const RankDynamics d = qualis::rank_dynamics(big_scores(), big_ids(), years(2020, 2), o);
  expect_agreement(qualis::rank_agreement(d, y2020, y2021), 30, 0.0896551724137931, 0.48655395826013204,
                   0.2516129032258065, 0.1798301760189161);
}

TEST(RankAgreement, PerfectReversalAndStatuses) {
  // trend_rank.py "reversal": tau_b = -1 with p 0.11718508719813801 (z = -3 / sqrt(3 * 2 * 11 / 18)); rho = -1
  // with p = 0 (scipy's t is infinite).
  const RankDynamics rev = qualis::rank_dynamics(rows({{3, 1}, {2, 2}, {1, 3}}), {"a", "b", "c"}, years(2020, 2));
  const RankAgreement r = qualis::rank_agreement(rev, y2020, y2021);
  expect_agreement(r, 3, -1.0, 0.11718508719813801, -1.0, 0.0);
  expect_near(r.tau_z, -3.0 / std::sqrt(66.0 / 18.0));
  EXPECT_TRUE(std::isinf(r.rho_t));

  // Two common units (c joins late): tau_b and rho exist (+1), p-values do not.
  const RankDynamics two = qualis::rank_dynamics(rows({{3, 4}, {2, 1}, {nan, 9}}), {"a", "b", "c"}, years(2020, 2));
  const RankAgreement t = qualis::rank_agreement(two, y2020, y2021);
  EXPECT_EQ(t.status, TrendStatus::too_short);
  EXPECT_EQ(t.pairs, 2);
  EXPECT_EQ(t.tau_b, 1.0);
  EXPECT_EQ(t.rho, 1.0);
  EXPECT_TRUE(std::isnan(t.tau_p));
  EXPECT_TRUE(std::isnan(t.rho_p));

  // No common unit at all.
  const RankDynamics none = qualis::rank_dynamics(rows({{3, nan}, {nan, 1}}), {"a", "b"}, years(2020, 2));
  const RankAgreement z = qualis::rank_agreement(none, y2020, y2021);
  EXPECT_EQ(z.status, TrendStatus::too_short);
  EXPECT_EQ(z.pairs, 0);
  EXPECT_TRUE(std::isnan(z.tau_b));

  // Every unit tied in 2021: no ordering to agree with.
  const RankDynamics flat = qualis::rank_dynamics(rows({{3, 5}, {2, 5}, {1, 5}}), {"a", "b", "c"}, years(2020, 2));
  const RankAgreement f = qualis::rank_agreement(flat, y2020, y2021);
  EXPECT_EQ(f.status, TrendStatus::constant);
  EXPECT_EQ(f.pairs, 3);
  EXPECT_TRUE(std::isnan(f.tau_b));
  EXPECT_TRUE(std::isnan(f.rho));
  EXPECT_TRUE(std::isnan(f.tau_p));
}

TEST(RankDynamics, InvariantsUnderShiftScaleAndPermutation) {
  const RankDynamics d = case_dynamics();
  // Adding a constant (or a positive factor) to every score changes no rank, advance or agreement.
  const Eigen::MatrixXd shifted = (case_scores().array() * 2.5 + 100.0).matrix();
  const RankDynamics s = qualis::rank_dynamics(shifted, ids, years(2019, 4));
  for (Eigen::Index j = 0; j < 4; ++j) expect_same(s.ranks.col(j), d.ranks.col(j));
  EXPECT_EQ(s.advance, d.advance);
  expect_near(qualis::rank_agreement(s, y2019, y2022).tau_p, qualis::rank_agreement(d, y2019, y2022).tau_p);
  // Reversing the row order changes nothing per unit (ties here are exact, not broken by row).
  const Eigen::MatrixXd flipped = case_scores().colwise().reverse();
  const std::vector<std::string> flipped_ids(ids.rbegin(), ids.rend());
  const RankDynamics f = qualis::rank_dynamics(flipped, flipped_ids, years(2019, 4));
  for (Eigen::Index i = 0; i < 6; ++i) {
    const Eigen::Index k = f.row_of(ids[static_cast<std::size_t>(i)]);
    expect_same(f.ranks.row(k).transpose(), d.ranks.row(i).transpose());
    EXPECT_EQ(f.advance.row(k), d.advance.row(i));
    EXPECT_EQ(f.streaks[static_cast<std::size_t>(k)].longest, d.streaks[static_cast<std::size_t>(i)].longest);
  }
  // Negating the scores and ranking ascending gives the same ranks and the same advances.
  RankOptions asc;
  asc.descending = false;
  const RankDynamics n = qualis::rank_dynamics(-case_scores(), ids, years(2019, 4), asc);
  for (Eigen::Index j = 0; j < 4; ++j) expect_same(n.ranks.col(j), d.ranks.col(j));
  EXPECT_EQ(n.advance, d.advance);
}

TEST(RankDynamics, SinglePeriodHasNoChanges) {
  const RankDynamics d = qualis::rank_dynamics(rows({{1}, {2}}), {"a", "b"}, years(2020, 1));
  expect_same(d.ranks.col(0), vec({2, 1}));
  EXPECT_EQ(d.advance, Eigen::Vector2i(-1, -1));
  EXPECT_EQ(d.streaks[1].current, 0);
  EXPECT_EQ(qualis::rank_agreement(d, y2020, y2020).status, TrendStatus::too_short);
}

TEST(RankDynamics, BadInput) {
  const Eigen::MatrixXd x = case_scores();
  const std::vector<Period> p = years(2019, 4);
  expect_error<InvalidInput>(
      [&] {
        qualis::rank_dynamics(x, {"a", "b"}, p);
      },
      ErrorCode::size_mismatch, {"rank_dynamics", "6 x 4", "2 units"});
  expect_error<InvalidInput>([&] { qualis::rank_dynamics(x, ids, years(2019, 3)); }, ErrorCode::size_mismatch,
                             {"3 periods"});
  expect_error<InvalidInput>([&] { qualis::rank_dynamics(x, ids, p, std::vector<std::string>{"A"}); },
                             ErrorCode::size_mismatch, {"1 group labels for 6 units"});
  expect_error<InvalidInput>(
      [&] {
        qualis::rank_dynamics(x, ids, {y2019, y2021, y2020, y2022});
      },
      ErrorCode::inconsistent, {"2021 is followed by 2020"});
  expect_error<InvalidInput>(
      [&] {
        qualis::rank_dynamics(x, ids, {y2019, y2020, y2020, y2022});
      },
      ErrorCode::duplicate_id, {"period 2020 occurs twice"});
  expect_error<InvalidInput>(
      [&] {
        qualis::rank_dynamics(x, {"a", "b", "c", "d", "e", "a"}, p);
      },
      ErrorCode::duplicate_id, {"unit \"a\" occurs twice"});
  expect_error<InvalidInput>(
      [&] {
        qualis::rank_dynamics(x, {"a", "b", "c", "d", "e", ""}, p);
      },
      ErrorCode::invalid_id, {"unit 5"});
  Eigen::MatrixXd inf = x;
  inf(3, 2) = std::numeric_limits<double>::infinity();
  expect_error<InvalidInput>([&] { qualis::rank_dynamics(inf, ids, p); }, ErrorCode::not_finite,
                             {"unit d, period 2021", "infinite"});
  expect_error<InvalidInput>([&] { qualis::rank_dynamics(Eigen::MatrixXd(0, 4), {}, p); }, ErrorCode::empty_input,
                             {"no units"});
  expect_error<InvalidInput>([&] { qualis::rank_dynamics(Eigen::MatrixXd(6, 0), ids, {}); }, ErrorCode::empty_input,
                             {"no periods"});
  RankOptions o;
  o.ties = static_cast<TieMethod>(9);
  expect_error<InvalidInput>([&] { qualis::rank_dynamics(x, ids, p, o); }, ErrorCode::invalid_argument,
                             {"tie method 9"});
  const RankDynamics d = case_dynamics();
  expect_error<NotFound>([&] { qualis::rank_agreement(d, y2019, Period::annual(2030)); }, ErrorCode::not_found,
                         {"no period 2030"});
  expect_error<NotFound>([&] { qualis::movers(d, Period::half_year(2020, 1), y2021, 3); }, ErrorCode::not_found,
                         {"2020H1"});
  expect_error<NotFound>([&] { qualis::rank_change(d, y2019, Period::annual(2018)); }, ErrorCode::not_found, {"2018"});
  expect_error<NotFound>([&] { (void)d.row_of("zz"); }, ErrorCode::not_found, {"\"zz\""});
}

}  // namespace
