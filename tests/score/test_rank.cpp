// Tests for qualis/score/rank.hpp: ranks with every tie rule, ranks within groups, fixed and quantile grades.
//
// Reference values marked "scipy" / "numpy" were printed by tests/reference/aggregate.py
// (scipy.stats.rankdata with nan_policy="omit", scipy 1.10; numpy.quantile, method "linear", numpy 1.24).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "qualis/score/rank.hpp"
#include "support/expect_error.hpp"
#include "support/threads.hpp"

namespace {

using Eigen::VectorXd;
using qualis::ErrorCode;
using qualis::GradeBand;
using qualis::GradeResult;
using qualis::GradeStatus;
using qualis::RankOptions;
using qualis::RankResult;
using qualis::TieMethod;
using qualis_test::expect_error;
using ::testing::ElementsAre;
using Strings = std::vector<std::string>;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

VectorXd vec(std::initializer_list<double> values) {
  VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (const double x : values) v[i++] = x;
  return v;
}

// Ranks are small integers or halves: exact comparison, NaN matching NaN.
void expect_ranks(const VectorXd& actual, std::initializer_list<double> expected) {
  ASSERT_EQ(actual.size(), static_cast<Eigen::Index>(expected.size()));
  Eigen::Index i = 0;
  for (const double e : expected) {
    if (std::isnan(e)) {
      EXPECT_TRUE(std::isnan(actual[i])) << "unit (row) " << i << " has rank " << actual[i];
    } else {
      EXPECT_EQ(actual[i], e) << "unit (row) " << i;
    }
    ++i;
  }
}

RankOptions opts(TieMethod ties, bool descending = true) {
  RankOptions o;
  o.ties = ties;
  o.descending = descending;
  return o;
}

// Ties (7.0 three times, 3.5 twice) and two missing scores.
VectorXd tied_scores() { return vec({3.5, 7.0, nan, 7.0, 1.0, 3.5, 9.25, 7.0, nan, 0.5}); }

// ---------------------------------------------------------------------------------------------------
// The example of docs/reference/rank.md

TEST(Rank, DocumentationExample) {
  const Eigen::VectorXd scores = (Eigen::VectorXd(5) << 91.0, 78.5, NAN, 78.5, 62.0).finished();
  const qualis::RankResult r = qualis::rank(scores);  // ties "min", best first
  expect_ranks(r.ranks, {1, 2, nan, 2, 4});
  EXPECT_EQ(r.ranked, 4);
  EXPECT_EQ(r.unranked, 1);

  const qualis::GradeResult g = qualis::grade_fixed(scores, {{"A", 90.0}, {"B", 80.0}, {"C", 60.0}, {"D", -INFINITY}});
  EXPECT_THAT(g.grades, ElementsAre("A", "C", "", "C", "C"));
  EXPECT_EQ(g.missing, 1);
}

// ---------------------------------------------------------------------------------------------------
// rank()

TEST(Rank, TieRulesMatchScipyRankdata) {
  const VectorXd s = tied_scores();
  // scipy: rankdata(-s, method=..., nan_policy="omit")
  expect_ranks(qualis::rank(s, opts(TieMethod::min)).ranks, {5, 2, nan, 2, 7, 5, 1, 2, nan, 8});
  expect_ranks(qualis::rank(s, opts(TieMethod::max)).ranks, {6, 4, nan, 4, 7, 6, 1, 4, nan, 8});
  expect_ranks(qualis::rank(s, opts(TieMethod::average)).ranks, {5.5, 3, nan, 3, 7, 5.5, 1, 3, nan, 8});
  expect_ranks(qualis::rank(s, opts(TieMethod::dense)).ranks, {3, 2, nan, 2, 4, 3, 1, 2, nan, 5});
  expect_ranks(qualis::rank(s, opts(TieMethod::first)).ranks, {5, 2, nan, 3, 7, 6, 1, 4, nan, 8});
  // scipy: rankdata(s, method="average", nan_policy="omit")
  expect_ranks(qualis::rank(s, opts(TieMethod::average, false)).ranks, {3.5, 6, nan, 6, 2, 3.5, 8, 6, nan, 1});
}

TEST(Rank, DefaultsAreMinAndDescendingAndMissingScoresAreCounted) {
  const RankResult r = qualis::rank(tied_scores());
  expect_ranks(r.ranks, {5, 2, nan, 2, 7, 5, 1, 2, nan, 8});
  EXPECT_EQ(r.ranked, 8);
  EXPECT_EQ(r.unranked, 2);
  const RankResult none = qualis::rank(vec({nan, nan}));
  expect_ranks(none.ranks, {nan, nan});
  EXPECT_EQ(none.ranked, 0);
  EXPECT_EQ(none.unranked, 2);
}

TEST(Rank, WithoutTiesEveryRuleAgreesAndRanksPermuteWithUnits) {
  const VectorXd s = vec({0.3, -1.0, 2.5, 0.0, 1.25});
  for (const TieMethod t : {TieMethod::min, TieMethod::max, TieMethod::average, TieMethod::dense, TieMethod::first}) {
    expect_ranks(qualis::rank(s, opts(t)).ranks, {3, 5, 1, 4, 2});
    expect_ranks(qualis::rank(s, opts(t, false)).ranks, {3, 1, 5, 2, 4});
  }
  // Rows in the order 4, 2, 0, 3, 1: ranks follow their units.
  expect_ranks(qualis::rank(vec({1.25, 2.5, 0.3, 0.0, -1.0})).ranks, {2, 1, 3, 4, 5});
  // Ascending and descending ranks mirror each other: r_desc = n + 1 - r_asc (no ties).
  const VectorXd up = qualis::rank(s, opts(TieMethod::min, false)).ranks;
  const VectorXd down = qualis::rank(s).ranks;
  for (Eigen::Index i = 0; i < s.size(); ++i) EXPECT_EQ(up[i] + down[i], 6.0);
}

TEST(Rank, AllTied) {
  const VectorXd s = VectorXd::Constant(4, 2.0);
  expect_ranks(qualis::rank(s, opts(TieMethod::min)).ranks, {1, 1, 1, 1});
  expect_ranks(qualis::rank(s, opts(TieMethod::max)).ranks, {4, 4, 4, 4});
  expect_ranks(qualis::rank(s, opts(TieMethod::average)).ranks, {2.5, 2.5, 2.5, 2.5});
  expect_ranks(qualis::rank(s, opts(TieMethod::dense)).ranks, {1, 1, 1, 1});
  expect_ranks(qualis::rank(s, opts(TieMethod::first)).ranks, {1, 2, 3, 4});
}

TEST(Rank, TieMethodNames) {
  for (const TieMethod t : {TieMethod::min, TieMethod::max, TieMethod::average, TieMethod::dense, TieMethod::first}) {
    EXPECT_EQ(qualis::parse_tie_method(qualis::to_string(t)), t);
  }
  EXPECT_EQ(qualis::parse_tie_method("Ordinal"), TieMethod::first);
  EXPECT_EQ(qualis::parse_tie_method("AVERAGE"), TieMethod::average);
  EXPECT_STREQ(qualis::to_string(static_cast<TieMethod>(9)), "unknown");
  expect_error<qualis::ParseError>([] { (void)qualis::parse_tie_method("mean"); }, ErrorCode::parse_error,
                                   {"tie method", "\"mean\"", "min, max, average, dense, first"});
}

TEST(Rank, BadInputs) {
  expect_error<qualis::InvalidInput>([] { (void)qualis::rank(VectorXd(0)); }, ErrorCode::empty_input,
                                     {"rank", "empty"});
  expect_error<qualis::InvalidInput>(
      [] {
        (void)qualis::rank(vec({1.0, inf, 2.0}));
      },
      ErrorCode::not_finite, {"qualis: rank:", "unit (row) 1", "infinite"});
  expect_error<qualis::InvalidInput>(
      [] {
        (void)qualis::rank(vec({1.0, 2.0}), opts(static_cast<TieMethod>(9)));
      },
      ErrorCode::invalid_argument, {"tie method 9"});
}

// ---------------------------------------------------------------------------------------------------
// rank_within()

TEST(RankWithin, RanksRestartInEveryGroup) {
  const VectorXd s = vec({80.0, 92.5, 71.0, 92.5, nan, 65.0, 88.0, 71.0});
  const Strings g = {"hebei", "shandong", "hebei", "hebei", "shandong", "shandong", "", "hebei"};
  // hebei: 80 (2), 71 (3), 92.5 (1), 71 (3); shandong: 92.5 (1), NaN, 65 (2); "": 88 (1).
  const RankResult r = qualis::rank_within(s, g);
  expect_ranks(r.ranks, {2, 1, 3, 1, nan, 2, 1, 3});
  EXPECT_EQ(r.ranked, 7);
  EXPECT_EQ(r.unranked, 1);
  // first: ties by row order within the group (rows 2 and 7 in hebei).
  expect_ranks(qualis::rank_within(s, g, opts(TieMethod::first)).ranks, {2, 1, 3, 1, nan, 2, 1, 4});
  expect_ranks(qualis::rank_within(s, g, opts(TieMethod::average, false)).ranks, {3, 2, 1.5, 4, nan, 1, 1, 1.5});
  // One group only: the same as rank().
  const Strings one(8, "all");
  for (const TieMethod t : {TieMethod::min, TieMethod::max, TieMethod::average, TieMethod::dense, TieMethod::first}) {
    const VectorXd a = qualis::rank_within(s, one, opts(t)).ranks;
    const VectorXd b = qualis::rank(s, opts(t)).ranks;
    for (Eigen::Index i = 0; i < s.size(); ++i) {
      EXPECT_TRUE(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])));
    }
  }
}

TEST(RankWithin, BadInputs) {
  expect_error<qualis::InvalidInput>(
      [] {
        (void)qualis::rank_within(vec({1.0, 2.0, 3.0}), Strings{"a", "b"});
      },
      ErrorCode::size_mismatch, {"rank_within", "2 group labels for 3 scores"});
  expect_error<qualis::InvalidInput>([] { (void)qualis::rank_within(VectorXd(0), Strings{}); }, ErrorCode::empty_input,
                                     {"rank_within", "empty"});
  expect_error<qualis::InvalidInput>([] { (void)qualis::rank_within(vec({-inf}), Strings{"a"}); },
                                     ErrorCode::not_finite, {"unit (row) 0", "infinite"});
}

// ---------------------------------------------------------------------------------------------------
// grade_fixed()

std::vector<GradeBand> abcd() { return {{"A", 90.0}, {"B", 80.0}, {"C", 60.0}, {"D", -inf}}; }

TEST(GradeFixed, HalfOpenBands) {
  const VectorXd s = vec({95.0, 90.0, 89.999, 80.0, 79.5, 60.0, 59.99, nan, -1e9});
  const GradeResult r = qualis::grade_fixed(s, abcd());
  EXPECT_THAT(r.grades, ElementsAre("A", "A", "B", "B", "C", "C", "D", "", "D"));
  EXPECT_EQ(r.band[0], std::optional<std::size_t>(0));
  EXPECT_EQ(r.band[6], std::optional<std::size_t>(3));
  EXPECT_FALSE(r.band[7].has_value());
  EXPECT_THAT(r.counts, ElementsAre(2, 2, 2, 2));
  EXPECT_THAT(r.thresholds, ElementsAre(90.0, 80.0, 60.0, -inf));
  EXPECT_EQ(r.missing, 1);
  EXPECT_EQ(r.below_lowest, 0);
  EXPECT_EQ(r.status, GradeStatus::incomplete);
  EXPECT_EQ(qualis::grade_fixed(vec({91.0, 10.0}), abcd()).status, GradeStatus::ok);
}

TEST(GradeFixed, ScoresBelowAFiniteLowestBandAreCounted) {
  const std::vector<GradeBand> bands = {{"优秀", 85.0}, {"良好", 70.0}, {"合格", 60.0}};
  const GradeResult r = qualis::grade_fixed(vec({86.0, 59.0, 70.0}), bands);
  EXPECT_THAT(r.grades, ElementsAre("优秀", "", "良好"));
  EXPECT_EQ(r.below_lowest, 1);
  EXPECT_EQ(r.missing, 0);
  EXPECT_EQ(r.status, GradeStatus::incomplete);
}

TEST(GradeFixed, BadBands) {
  const VectorXd s = vec({50.0});
  const auto fails = [&s](std::vector<GradeBand> bands, ErrorCode code, std::initializer_list<std::string_view> frag) {
    expect_error<qualis::InvalidInput>([&] { (void)qualis::grade_fixed(s, bands); }, code, frag);
  };
  fails({}, ErrorCode::empty_input, {"grade_fixed", "no grade bands"});
  fails({{"A", 90.0}, {"B", 90.0}}, ErrorCode::inconsistent,
        {"band 1 (\"B\")", "lower bound 90 is not below that of band 0 (90)", "decrease strictly"});
  fails({{"A", 80.0}, {"B", 90.0}}, ErrorCode::inconsistent, {"band 1 (\"B\")"});
  fails({{"A", -inf}, {"B", -inf}}, ErrorCode::inconsistent, {"band 1 (\"B\")"});
  fails({{"A", 90.0}, {"B", nan}}, ErrorCode::not_finite, {"band 1 (\"B\")", "lower bound nan"});
  fails({{"A", inf}}, ErrorCode::not_finite, {"band 0 (\"A\")", "lower bound inf"});
  fails({{"A", 90.0}, {"A", 80.0}}, ErrorCode::duplicate_id, {"name of band 1", "\"A\" is used twice"});
  fails({{"A", 90.0}, {"", 80.0}}, ErrorCode::invalid_id, {"name of band 1", "empty"});
  fails({{" A", 90.0}}, ErrorCode::invalid_id, {"name of band 0", "leading or trailing spaces"});
  fails({{"A\xff", 90.0}}, ErrorCode::invalid_text, {"name of band 0", "not valid UTF-8"});
  expect_error<qualis::InvalidInput>([] { (void)qualis::grade_fixed(vec({inf}), abcd()); }, ErrorCode::not_finite,
                                     {"grade_fixed", "unit (row) 0", "infinite"});
  expect_error<qualis::InvalidInput>([] { (void)qualis::grade_fixed(VectorXd(0), abcd()); }, ErrorCode::empty_input,
                                     {"grade_fixed", "empty"});
}

// ---------------------------------------------------------------------------------------------------
// grade_quantile()

TEST(GradeQuantile, ThresholdsAreType7QuantilesAndTiesShareTheBetterGrade) {
  const VectorXd s = vec({55.0, 91.5, nan, 72.25, 72.25, 88.0, 40.0, 63.5, 97.0, 72.25, 80.0, nan, 68.0, 59.5});
  // Top 20% A, next 30% B, next 30% C, rest D.
  const GradeResult r = qualis::grade_quantile(s, {"A", "B", "C", "D"}, {0.8, 0.5, 0.2});
  // numpy: quantile(s[~isnan(s)], [0.8, 0.5, 0.2], method="linear") = 86.4, 72.25, 60.3
  ASSERT_EQ(r.thresholds.size(), 4U);
  EXPECT_NEAR(r.thresholds[0], 86.4, 1e-9 * 86.4);
  EXPECT_NEAR(r.thresholds[1], 72.25, 1e-9 * 72.25);
  EXPECT_NEAR(r.thresholds[2], 60.3, 1e-9 * 60.3);
  EXPECT_EQ(r.thresholds[3], -inf);
  // The three 72.25 sit on the median threshold and all get B.
  EXPECT_THAT(r.grades, ElementsAre("D", "A", "", "B", "B", "A", "D", "C", "A", "B", "B", "", "C", "D"));
  EXPECT_THAT(r.counts, ElementsAre(3, 4, 2, 3));
  EXPECT_EQ(r.missing, 2);
  EXPECT_EQ(r.status, GradeStatus::incomplete);
}

TEST(GradeQuantile, HandComputedInterpolation) {
  // Sorted 10, 20, 30, 40, 50 (n = 5): p = 0.75 gives h = 4 * 0.75 = 3, exactly 40; p = 0.3 gives h = 1.2,
  // 20 + 0.2 * (30 - 20) = 22.
  const GradeResult r = qualis::grade_quantile(vec({30.0, 10.0, 50.0, 20.0, 40.0}), {"hi", "mid", "lo"}, {0.75, 0.3});
  EXPECT_DOUBLE_EQ(r.thresholds[0], 40.0);
  EXPECT_DOUBLE_EQ(r.thresholds[1], 22.0);
  EXPECT_THAT(r.grades, ElementsAre("mid", "lo", "hi", "lo", "hi"));
  EXPECT_EQ(r.status, GradeStatus::ok);
}

TEST(GradeQuantile, DegenerateCases) {
  // One label: everybody gets it.
  const GradeResult one = qualis::grade_quantile(vec({3.0, nan, 1.0}), {"all"}, {});
  EXPECT_THAT(one.grades, ElementsAre("all", "", "all"));
  // All scores tied: every threshold equals the score, everybody gets the best grade, the rest stay empty.
  const GradeResult tied = qualis::grade_quantile(VectorXd::Constant(4, 5.0), {"A", "B", "C"}, {0.7, 0.4});
  EXPECT_THAT(tied.grades, ElementsAre("A", "A", "A", "A"));
  EXPECT_THAT(tied.counts, ElementsAre(4, 0, 0));
  EXPECT_EQ(tied.status, GradeStatus::ok);
  // A single score is every quantile.
  EXPECT_THAT(qualis::grade_quantile(vec({7.0}), {"A", "B"}, {0.5}).thresholds, ElementsAre(7.0, -inf));
  // No score at all: no thresholds, nobody graded, said so.
  const GradeResult none = qualis::grade_quantile(vec({nan, nan}), {"A", "B"}, {0.5});
  EXPECT_EQ(none.status, GradeStatus::no_scores);
  EXPECT_TRUE(std::isnan(none.thresholds[0]) && std::isnan(none.thresholds[1]));
  EXPECT_THAT(none.grades, ElementsAre("", ""));
  EXPECT_EQ(none.missing, 2);
}

TEST(GradeQuantile, BadProbabilitiesAndLabels) {
  const VectorXd s = vec({1.0, 2.0, 3.0});
  const auto fails = [&s](Strings labels, std::vector<double> p, ErrorCode code,
                          std::initializer_list<std::string_view> frag) {
    expect_error<qualis::InvalidInput>([&] { (void)qualis::grade_quantile(s, labels, p); }, code, frag);
  };
  fails({}, {}, ErrorCode::empty_input, {"grade_quantile", "no grade labels"});
  fails({"A", "B", "C"}, {0.5}, ErrorCode::size_mismatch, {"1 probabilities for 3 labels"});
  fails({"A", "B"}, {0.5, 0.2}, ErrorCode::size_mismatch, {"2 probabilities for 2 labels"});
  fails({"A", "B"}, {0.0}, ErrorCode::out_of_range, {"probability 0 (0)", "not in (0, 1)"});
  fails({"A", "B"}, {1.0}, ErrorCode::out_of_range, {"probability 0 (1)"});
  fails({"A", "B"}, {-0.1}, ErrorCode::out_of_range, {"probability 0 (-0.1)"});
  fails({"A", "B"}, {nan}, ErrorCode::not_finite, {"probability 0 (nan) is NaN"});
  fails({"A", "B", "C"}, {0.2, 0.8}, ErrorCode::inconsistent, {"probability 1 (0.8)", "decrease strictly"});
  fails({"A", "B", "C"}, {0.5, 0.5}, ErrorCode::inconsistent, {"probability 1 (0.5)"});
  fails({"A", "A"}, {0.5}, ErrorCode::duplicate_id, {"\"A\" is used twice"});
  fails({"A", "B\n"}, {0.5}, ErrorCode::invalid_id, {"name of band 1", "control character"});
  expect_error<qualis::InvalidInput>(
      [] {
        (void)qualis::grade_quantile(vec({1.0, -inf}), {"A", "B"}, {0.5});
      },
      ErrorCode::not_finite, {"grade_quantile", "unit (row) 1", "infinite"});
}

TEST(GradeStatusNames, Stable) {
  EXPECT_STREQ(qualis::to_string(GradeStatus::ok), "ok");
  EXPECT_STREQ(qualis::to_string(GradeStatus::incomplete), "incomplete");
  EXPECT_STREQ(qualis::to_string(GradeStatus::no_scores), "no_scores");
}

// Long score vectors are sorted by a radix sort (qualis/detail/sort.hpp) rather than a comparison sort. With 1
// and 4 OpenMP threads alike, its ranks must equal the definitions, computed here independently by counting: with b
// units strictly better and e units equal (the unit included), min = b + 1, max = b + e, average = b + (e + 1) / 2,
// dense = 1 + the number of distinct better scores, first = b + 1 + the number of equal units in earlier rows. The
// scores mix signs, +0 and -0 (equal), heavy ties, the largest finite magnitudes, a subnormal and missing values.
TEST(Rank, LongVectorsMatchTheCountingDefinition) {
  const Eigen::Index n = 40000;
  VectorXd scores(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<double>((i * 7919) % 4001);  // 4001 distinct values, each about 5 times
    scores[i] = (k - 2000.0) * 0.37;
  }
  scores[10] = 0.0;
  scores[11] = -0.0;
  scores[12] = std::numeric_limits<double>::max();
  scores[13] = -std::numeric_limits<double>::max();
  scores[14] = std::numeric_limits<double>::denorm_min();
  scores[15] = nan;
  scores[n - 1] = nan;
#ifdef _OPENMP
  for (const int threads : {1, 4}) {
    const qualis_test::ScopedThreads scope(threads);
#else
  for (const int threads : {1}) {
#endif
    for (const bool descending : {true, false}) {
      // Reference: sorted observed scores in the ranking direction, and binary searches on them.
      std::vector<double> sorted;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (!std::isnan(scores[i])) sorted.push_back(descending ? -scores[i] : scores[i]);
      }
      std::sort(sorted.begin(), sorted.end());
      std::vector<double> distinct = sorted;
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      for (const TieMethod ties :
           {TieMethod::min, TieMethod::max, TieMethod::average, TieMethod::dense, TieMethod::first}) {
        SCOPED_TRACE(std::string(qualis::to_string(ties)) + (descending ? " descending, " : " ascending, ") +
                     std::to_string(threads) + " threads");
        const RankResult r = qualis::rank(scores, RankOptions{ties, descending});
        ASSERT_EQ(r.ranked, n - 2);
        std::vector<Eigen::Index> earlier_equal(sorted.size() + 1, 0);
        Eigen::Index mismatches = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
          if (std::isnan(scores[i])) {
            if (!std::isnan(r.ranks[i])) ++mismatches;
            continue;
          }
          const double key = descending ? -scores[i] : scores[i];
          const auto lower = std::lower_bound(sorted.begin(), sorted.end(), key);
          const auto upper = std::upper_bound(sorted.begin(), sorted.end(), key);
          const auto b = static_cast<double>(lower - sorted.begin());
          const auto e = static_cast<double>(upper - lower);
          // Units with this score in earlier rows: counted by position of the group, filled as rows go by.
          Eigen::Index& before = earlier_equal[static_cast<std::size_t>(lower - sorted.begin())];
          double expected = 0.0;
          switch (ties) {
            case TieMethod::min:
              expected = b + 1.0;
              break;
            case TieMethod::max:
              expected = b + e;
              break;
            case TieMethod::average:
              expected = b + (e + 1.0) / 2.0;
              break;
            case TieMethod::dense:
              expected =
                  static_cast<double>(std::lower_bound(distinct.begin(), distinct.end(), key) - distinct.begin()) + 1.0;
              break;
            case TieMethod::first:
              expected = b + 1.0 + static_cast<double>(before);
              break;
          }
          ++before;
          if (r.ranks[i] != expected) {
            ++mismatches;
            ADD_FAILURE() << "unit (row) " << i << ": rank " << r.ranks[i] << ", expected " << expected;
            if (mismatches > 5) return;
          }
        }
        EXPECT_EQ(mismatches, 0);
      }
    }
  }
}

}  // namespace
