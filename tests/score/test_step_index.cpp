// Tests for qualis/score/step_index.hpp: the step index per cluster and period (step_index()), its stages
// (rubric_stages(), stage_of()), its change and weakest steps, and the blend with a composite (blend()).
// Every expected number is worked out by hand in the comment beside it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "qualis/model/steps.hpp"
#include "qualis/score/step_index.hpp"
#include "support/eigen.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::BlendOptions;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::MissingRule;
using qualis::NotFound;
using qualis::Period;
using qualis::StageDefinition;
using qualis::Step;
using qualis::StepAssessment;
using qualis::StepAssessmentSet;
using qualis::StepFramework;
using qualis::StepIndexOptions;
using qualis::StepIndexResult;
using qualis::UnratedPolicy;
using qualis_test::expect_close;
using qualis_test::expect_error;
using qualis_test::rows;
using qualis_test::vec;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

const std::string dingzhou = "定州市体育用品";  // a Chinese cluster id
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);
const Period y2022 = Period::annual(2022);

Step make_step(const std::string& id, double weight, int top = 4) {
  Step s;
  s.id = id;
  s.names = {"步骤" + id, "Step " + id};
  s.weight = weight;
  s.rubric = qualis::default_rubric();
  if (top != 4) {
    s.rubric.clear();
    for (int l = 0; l <= top; ++l) s.rubric.push_back({l, {"级" + std::to_string(l), "L" + std::to_string(l)}, "", ""});
  }
  return s;
}

// Three steps on the default rubric (0..4): plan (weight 2), chain (1), brand (1); total weight 4.
StepFramework small() {
  return StepFramework({make_step("plan", 2.0), make_step("chain", 1.0), make_step("brand", 1.0)});
}

StepAssessment assess(const std::string& cluster, const Period& period,
                      std::vector<std::pair<std::string, int>> levels) {
  StepAssessment a;
  a.cluster = cluster;
  a.period = period;
  for (auto& [step, level] : levels) a.ratings.push_back({step, level, ""});
  return a;
}

// The worked example. Index = 100 * sum_k w_k (l_k / 4) / W, W = sum of the weights counted.
//   定州 2020: plan 2, chain 1, brand 0 -> 2*0.5 + 0.25 + 0 = 1.25; / 4 = 0.3125 -> 31.25
//   定州 2021: plan 4, chain 3, brand 2 -> 2*1 + 0.75 + 0.5 = 3.25; / 4 = 0.8125 -> 81.25
//   bd-luggage 2020: plan 3, brand 1, chain unrated -> 2*0.75 + 0.25 = 1.75;
//        exclude: / 3 -> 58.333...; as_zero: / 4 -> 43.75
//   bd-luggage 2021: not assessed
//   bd-luggage 2022: plan 3, chain 2, brand 2 -> 1.5 + 0.5 + 0.5 = 2.5; / 4 -> 62.5
//   xt-glass (joins 2022): plan 1, chain 1, brand 1 -> 0.5 + 0.25 + 0.25 = 1; / 4 -> 25
//   empty-one 2021: no rating -> exclude: undefined (NaN); as_zero: 0
std::vector<StepAssessment> example_assessments() {
  return {
      assess(dingzhou, y2020, {{"plan", 2}, {"chain", 1}, {"brand", 0}}),
      assess("bd-luggage", y2020, {{"plan", 3}, {"brand", 1}}),
      assess(dingzhou, y2021, {{"brand", 2}, {"plan", 4}, {"chain", 3}}),
      assess("bd-luggage", y2022, {{"plan", 3}, {"chain", 2}, {"brand", 2}}),
      assess("xt-glass", y2022, {{"plan", 1}, {"chain", 1}, {"brand", 1}}),
      assess("empty-one", y2021, {}),
  };
}

StepAssessmentSet example_set() { return StepAssessmentSet(small(), example_assessments()); }

// Element-wise equality treating NaN as equal to NaN.
void expect_same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  ASSERT_EQ(a.rows(), b.rows());
  ASSERT_EQ(a.cols(), b.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (std::isnan(b(i, j))) {
        EXPECT_TRUE(std::isnan(a(i, j))) << "at (" << i << ", " << j << ")";
      } else {
        EXPECT_EQ(a(i, j), b(i, j)) << "at (" << i << ", " << j << ")";
      }
    }
  }
}

void expect_same(const StepIndexResult& a, const StepIndexResult& b) {
  EXPECT_EQ(a.units, b.units);
  EXPECT_EQ(a.periods, b.periods);
  expect_same(a.index, b.index);
  expect_same(a.coverage, b.coverage);
  expect_same(a.change, b.change);
  expect_same(a.change_per_year, b.change_per_year);
  EXPECT_TRUE((a.assessed == b.assessed).all());
  EXPECT_EQ(a.rated, b.rated);
  EXPECT_EQ(a.stage, b.stage);
  EXPECT_EQ(a.base, b.base);
  EXPECT_EQ(a.assessed_cells, b.assessed_cells);
  EXPECT_EQ(a.nothing_rated_cells, b.nothing_rated_cells);
  ASSERT_EQ(a.weakest.size(), b.weakest.size());
  for (std::size_t i = 0; i < a.weakest.size(); ++i) {
    ASSERT_EQ(a.weakest[i].size(), b.weakest[i].size());
    for (std::size_t j = 0; j < a.weakest[i].size(); ++j) {
      ASSERT_EQ(a.weakest[i][j].size(), b.weakest[i][j].size());
      for (std::size_t k = 0; k < a.weakest[i][j].size(); ++k) {
        EXPECT_EQ(a.weakest[i][j][k].step, b.weakest[i][j][k].step);
        EXPECT_EQ(a.weakest[i][j][k].weighted_gap, b.weakest[i][j][k].weighted_gap);
      }
    }
  }
}

// A deterministic pseudo-random generator (64-bit LCG), so the invariant tests are reproducible.
struct Lcg {
  std::uint64_t state;
  int below(int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  }
};

// ---------------------------------------------------------------------------------------------------
// step_index(): the worked example

TEST(StepIndex, WorkedExampleExcludePolicy) {
  const StepIndexResult r = qualis::step_index(example_set());
  // Rows in byte-wise order (ASCII before the UTF-8 bytes of 定), columns sorted.
  EXPECT_EQ(r.units, (std::vector<std::string>{"bd-luggage", "empty-one", "xt-glass", dingzhou}));
  EXPECT_EQ(r.periods, (std::vector<Period>{y2020, y2021, y2022}));
  expect_same(r.index, rows({{175.0 / 3.0, nan, 62.5},  // 100 * 1.75 / 3 = 58.33...
                             {nan, nan, nan},
                             {nan, nan, 25.0},
                             {31.25, 81.25, nan}}));
  EXPECT_TRUE(std::isnan(r.index(1, 1)));  // assessed with nothing rated: undefined under exclude
  EXPECT_TRUE(r.assessed(1, 1));
  EXPECT_FALSE(r.assessed(0, 1));
  EXPECT_EQ(r.assessed_cells, 6U);
  EXPECT_EQ(r.nothing_rated_cells, 1U);
  EXPECT_EQ(r.rated, (Eigen::MatrixXi{{2, 0, 3}, {0, 0, 0}, {0, 0, 3}, {3, 3, 0}}));
  // Coverage = rated weight / 4: bd 2020 rated plan + brand = 3 -> 0.75; empty-one rated nothing -> 0.
  expect_same(r.coverage, rows({{0.75, nan, 1.0}, {nan, 0.0, nan}, {nan, nan, 1.0}, {1.0, 1.0, nan}}));
  // Stages 0, 25, 50, 75, 100: 58.3 -> 2 推进中, 62.5 -> 2, 25 -> 1 exactly at the threshold, 31.25 -> 1,
  // 81.25 -> 3 已落实.
  EXPECT_EQ(r.stage, (Eigen::MatrixXi{{2, -1, 2}, {-1, -1, -1}, {-1, -1, 1}, {1, 3, -1}}));
  EXPECT_EQ(r.stages[3].names.zh, "已落实");
  EXPECT_EQ(r.stages[3].names.en, "In place");
  // Change: 定州 2021 - 2020 = 81.25 - 31.25 = 50 over one year; bd 2022 - 2020 (2021 not assessed, so the
  // base is 2020) = 62.5 - 58.333... = 4.1666..., over two years = 2.0833...
  EXPECT_EQ(r.base, (Eigen::MatrixXi{{-1, -1, 0}, {-1, -1, -1}, {-1, -1, -1}, {-1, 0, -1}}));
  expect_same(r.change, rows({{nan, nan, 62.5 - 175.0 / 3.0}, {nan, nan, nan}, {nan, nan, nan}, {nan, 50.0, nan}}));
  EXPECT_NEAR(r.change(0, 2), 4.166666666666667, 1e-12);
  EXPECT_NEAR(r.change_per_year(0, 2), 2.0833333333333335, 1e-12);
  EXPECT_EQ(r.change_per_year(3, 1), 50.0);
  EXPECT_TRUE(std::isnan(r.change_per_year(3, 0)));
  // Weakest of 定州 2020 (plan 2/4, chain 1/4, brand 0/4): brand (gap 1, weighted 1/4 * 1 = 0.25), chain
  // (gap 0.75, weighted 1/4 * 0.75 = 0.1875), plan (gap 0.5, weighted 2/4 * 0.5 = 0.25).
  const auto& w = r.weakest[3][0];
  ASSERT_EQ(w.size(), 3U);
  EXPECT_EQ(w[0].step, "brand");
  EXPECT_EQ(w[1].step, "chain");
  EXPECT_EQ(w[2].step, "plan");
  EXPECT_DOUBLE_EQ(w[0].weighted_gap, 0.25);
  EXPECT_DOUBLE_EQ(w[1].weighted_gap, 0.1875);
  EXPECT_DOUBLE_EQ(w[2].weighted_gap, 0.25);
  EXPECT_TRUE(r.weakest[1][1].empty());  // nothing rated
  EXPECT_TRUE(r.weakest[0][1].empty());  // not assessed
}

TEST(StepIndex, WorkedExampleAsZeroPolicy) {
  StepIndexOptions opt;
  opt.unrated = UnratedPolicy::as_zero;
  const StepIndexResult r = qualis::step_index(example_set(), opt);
  // bd 2020: 1.75 / 4 = 43.75 (stage 1); empty-one 2021: 0 (stage 0, no longer missing).
  expect_same(r.index, rows({{43.75, nan, 62.5}, {nan, 0.0, nan}, {nan, nan, 25.0}, {31.25, 81.25, nan}}));
  EXPECT_EQ(r.nothing_rated_cells, 0U);
  EXPECT_EQ(r.stage(0, 0), 1);
  EXPECT_EQ(r.stage(1, 1), 0);
  // bd change 62.5 - 43.75 = 18.75 over 2 years = 9.375 per year.
  EXPECT_EQ(r.change(0, 2), 18.75);
  EXPECT_EQ(r.change_per_year(0, 2), 9.375);
}

TEST(StepIndex, IndexIsCompletionTimesHundredForEveryCell) {
  const StepAssessmentSet set = example_set();
  for (const UnratedPolicy policy : {UnratedPolicy::exclude, UnratedPolicy::as_zero}) {
    StepIndexOptions opt;
    opt.unrated = policy;
    const StepIndexResult r = qualis::step_index(set, opt);
    for (const StepAssessment& a : set.assessments()) {
      const auto c = qualis::completion(set.framework(), a, {policy});
      const double got = r.index(r.row_of(a.cluster), r.column_of(a.period));
      if (c.ratio) {
        EXPECT_EQ(got, 100.0 * *c.ratio);
      } else {
        EXPECT_TRUE(std::isnan(got));
      }
    }
  }
}

TEST(StepIndex, LateJoinerHasNoValuesBeforeItJoined) {
  const StepIndexResult r = qualis::step_index(example_set());
  const Eigen::Index i = r.row_of("xt-glass");
  for (Eigen::Index j = 0; j < 2; ++j) {  // 2020 and 2021: not yet in the programme
    EXPECT_TRUE(std::isnan(r.index(i, j)));
    EXPECT_FALSE(r.assessed(i, j));
    EXPECT_TRUE(std::isnan(r.coverage(i, j)));
    EXPECT_EQ(r.stage(i, j), -1);
    EXPECT_EQ(r.rated(i, j), 0);
    EXPECT_TRUE(r.weakest[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].empty());
  }
  // Its first assessment has no earlier one: no change, not a change from 0.
  EXPECT_EQ(r.index(i, 2), 25.0);
  EXPECT_EQ(r.base(i, 2), -1);
  EXPECT_TRUE(std::isnan(r.change(i, 2)));
  EXPECT_TRUE(std::isnan(r.change_per_year(i, 2)));
}

TEST(StepIndex, ExplicitRowsAndColumnsLineUpWithAPanel) {
  StepIndexOptions opt;
  opt.units = {dingzhou, "xt-glass", "never-assessed", "empty-one", "bd-luggage"};
  opt.periods = {y2022, Period::annual(2019), y2020, y2021};  // any order; stored sorted
  const StepIndexResult r = qualis::step_index(example_set(), opt);
  EXPECT_EQ(r.units, opt.units);
  EXPECT_EQ(r.periods, (std::vector<Period>{Period::annual(2019), y2020, y2021, y2022}));
  EXPECT_EQ(r.index(0, 2), 81.25);                    // 定州 2021
  EXPECT_EQ(r.index(1, 3), 25.0);                     // xt-glass 2022
  EXPECT_TRUE(r.index.row(2).array().isNaN().all());  // listed but never assessed
  EXPECT_TRUE(r.index.col(0).array().isNaN().all());  // 2019: nobody assessed
  EXPECT_EQ(r.base(4, 3), 1);                         // bd 2022 against 2020 (column 1 now)
}

TEST(StepIndex, ChineseIdsRoundTrip) {
  const StepIndexResult r = qualis::step_index(example_set());
  const Eigen::Index i = r.row_of(dingzhou);
  EXPECT_EQ(r.units[static_cast<std::size_t>(i)], dingzhou);
  EXPECT_EQ(r.units[static_cast<std::size_t>(i)].size(), dingzhou.size());  // byte for byte
  EXPECT_EQ(r.index(i, r.column_of(y2021)), 81.25);
  // Chinese ids in messages come out as given.
  StepIndexOptions opt;
  opt.units = {"bd-luggage", "xt-glass", "empty-one"};
  expect_error<NotFound>([&] { (void)qualis::step_index(example_set(), opt); }, ErrorCode::not_found,
                         {"step_index", "cluster 定州市体育用品", "period 2020", "not in options.units"});
  expect_error<InvalidInput>(
      [&] {
        Eigen::MatrixXd composite = Eigen::MatrixXd::Constant(4, 3, 50.0);
        composite(3, 1) = 150.0;
        (void)qualis::blend(composite, r, 0.5);
      },
      ErrorCode::out_of_range, {"blend", "cluster 定州市体育用品, period 2021", "composite 150 is outside 0..100"});
}

TEST(StepIndex, HalfYearsGivePerYearChangeOverHalfAYear) {
  // 2021H1: plan 2 -> 2*0.5 = 1; chain, brand 0 -> 1/4 = 25. 2021H2: plan 3 -> 1.5/4 = 37.5.
  // 2022H2 (2022H1 skipped): plan 4, chain 4 -> 2 + 1 = 3/4 = 75.
  // Changes: 12.5 over 0.5 years = 25 per year; 37.5 over 1 year = 37.5 per year.
  const StepAssessmentSet set(small(),
                              {assess("c", Period::half_year(2021, 1), {{"plan", 2}, {"chain", 0}, {"brand", 0}}),
                               assess("c", Period::half_year(2021, 2), {{"plan", 3}, {"chain", 0}, {"brand", 0}}),
                               assess("c", Period::half_year(2022, 2), {{"plan", 4}, {"chain", 4}, {"brand", 0}})});
  const StepIndexResult r = qualis::step_index(set);
  expect_same(r.index, rows({{25.0, 37.5, 75.0}}));
  expect_same(r.change, rows({{nan, 12.5, 37.5}}));
  expect_same(r.change_per_year, rows({{nan, 25.0, 37.5}}));
}

TEST(StepIndex, NestedPeriodsStartingTogetherHaveNoPerYearChange) {
  // 2021H1 sorts before 2021 (same first month, earlier last month); both start in January 2021, so no time
  // elapses between their starts: the change is defined (100 - 25 = 75), the change per year is not.
  const StepAssessmentSet set(small(), {assess("c", Period::annual(2021), {{"plan", 4}}),
                                        assess("c", Period::half_year(2021, 1), {{"plan", 1}})});
  // Under exclude only plan counts: 2021: 4/4 -> 100; 2021H1: 1/4 -> 25.
  const StepIndexResult r = qualis::step_index(set);
  EXPECT_EQ(r.periods, (std::vector<Period>{Period::half_year(2021, 1), Period::annual(2021)}));
  expect_same(r.index, rows({{25.0, 100.0}}));
  EXPECT_EQ(r.change(0, 1), 75.0);
  EXPECT_TRUE(std::isnan(r.change_per_year(0, 1)));
  EXPECT_EQ(r.stage(0, 1), 4);  // 100: every counted step at the top, 成效显著
}

TEST(StepIndex, ChangeSkipsBackOverAnAssessmentWithNothingRated) {
  // 2020: plan 2 -> 50; 2021: assessed, nothing rated (NaN under exclude); 2022: plan 3 -> 75.
  // The 2022 change is against 2020: 25 over 2 years = 12.5 per year.
  const StepAssessmentSet set(
      small(), {assess("c", y2020, {{"plan", 2}}), assess("c", y2021, {}), assess("c", y2022, {{"plan", 3}})});
  const StepIndexResult r = qualis::step_index(set);
  EXPECT_EQ(r.base(0, 2), 0);
  EXPECT_EQ(r.change(0, 2), 25.0);
  EXPECT_EQ(r.change_per_year(0, 2), 12.5);
  EXPECT_TRUE(std::isnan(r.change(0, 1)));
}

TEST(StepIndex, WeakestCountIsAnOption) {
  StepIndexOptions opt;
  opt.weakest = 1;
  const StepIndexResult one = qualis::step_index(example_set(), opt);
  ASSERT_EQ(one.weakest[3][0].size(), 1U);
  EXPECT_EQ(one.weakest[3][0][0].step, "brand");
  opt.weakest = 0;
  const StepIndexResult none = qualis::step_index(example_set(), opt);
  for (const auto& row : none.weakest) {
    for (const auto& cell : row) EXPECT_TRUE(cell.empty());
  }
}

TEST(StepIndex, ElevenStepMethodExample) {
  // 11 steps, weight 1, levels 0..4. Ratings: plan 4, certification 3, workforce 1 (8 unrated).
  // Exclude: (1 + 0.75 + 0.25) / 3 = 2/3 -> 66.67 (stage 2 推进中). As zero: 2 / 11 -> 18.18 (stage 0 未启动).
  const StepAssessmentSet set(
      qualis::eleven_step_method(),
      {assess("dz-sports", Period::half_year(2021, 1), {{"plan", 4}, {"certification", 3}, {"workforce", 1}})});
  const StepIndexResult r = qualis::step_index(set);
  EXPECT_NEAR(r.index(0, 0), 200.0 / 3.0, 1e-12);
  EXPECT_EQ(r.stage(0, 0), 2);
  EXPECT_EQ(r.stages[static_cast<std::size_t>(r.stage(0, 0))].names.zh, "推进中");
  EXPECT_NEAR(r.coverage(0, 0), 3.0 / 11.0, 1e-15);
  StepIndexOptions opt;
  opt.unrated = UnratedPolicy::as_zero;
  const StepIndexResult z = qualis::step_index(set, opt);
  EXPECT_NEAR(z.index(0, 0), 200.0 / 11.0, 1e-12);
  EXPECT_EQ(z.stage(0, 0), 0);
  EXPECT_EQ(z.weakest[0][0][0].step, "workforce");  // 1/4 is the lowest rated level
}

TEST(StepIndex, AnotherFrameworkReweightsTheSameAssessments) {
  // The same steps with plan weight 0: 定州 2020 becomes (0.25 + 0) / 2 = 0.125 -> 12.5.
  const StepFramework reweighted({make_step("plan", 0.0), make_step("chain", 1.0), make_step("brand", 1.0)});
  const StepIndexResult r = qualis::step_index(reweighted, example_set());
  EXPECT_EQ(r.index(r.row_of(dingzhou), 0), 12.5);
  // Weights are validated where a framework is built: negative, not finite or all zero is an error.
  expect_error<InvalidInput>([] { (void)StepFramework({make_step("plan", -1.0)}); }, ErrorCode::out_of_range,
                             {"step=plan", "negative"});
  expect_error<InvalidInput>([] { (void)StepFramework({make_step("plan", nan)}); }, ErrorCode::not_finite,
                             {"step=plan"});
  expect_error<InvalidInput>(
      [] {
        (void)StepFramework({make_step("plan", 0.0), make_step("chain", 0.0)});
      },
      ErrorCode::inconsistent, {"every step weight is zero"});
}

TEST(StepIndex, CallerStages) {
  // Three stages: 起步 below 40, 发展 from 40, 领先 from 80.
  StepIndexOptions opt;
  opt.stages = {{0.0, {"起步", "Starting"}}, {40.0, {"发展", "Developing"}}, {80.0, {"领先", "Leading"}}};
  const StepIndexResult r = qualis::step_index(example_set(), opt);
  // 58.3 -> 1, 62.5 -> 1, 25 -> 0, 31.25 -> 0, 81.25 -> 2.
  EXPECT_EQ(r.stage, (Eigen::MatrixXi{{1, -1, 1}, {-1, -1, -1}, {-1, -1, 0}, {0, 2, -1}}));
  EXPECT_EQ(r.stages[2].names.en, "Leading");
}

TEST(StepIndexResult, LookupsThrowNotFoundForUnknownIds) {
  const StepIndexResult r = qualis::step_index(example_set());
  EXPECT_EQ(r.column_of(y2022), 2);
  expect_error<NotFound>([&] { (void)r.row_of("nobody"); }, ErrorCode::not_found,
                         {"step_index_result", "cluster \"nobody\""});
  expect_error<NotFound>([&] { (void)r.column_of(Period::annual(2030)); }, ErrorCode::not_found,
                         {"step_index_result", "period 2030"});
}

// ---------------------------------------------------------------------------------------------------
// Invariants

TEST(StepIndexInvariants, RatingOneStepHigherNeverLowersTheIndex) {
  const StepFramework method = qualis::eleven_step_method();
  const std::vector<std::string> ids = method.ids();
  Lcg rng{12345};
  for (int trial = 0; trial < 40; ++trial) {
    StepAssessment a;
    a.cluster = "c";
    a.period = y2021;
    for (const std::string& id : ids) {
      if (rng.below(4) == 0) continue;  // about a quarter unrated
      a.ratings.push_back({id, rng.below(5), ""});
    }
    for (const UnratedPolicy policy : {UnratedPolicy::exclude, UnratedPolicy::as_zero}) {
      StepIndexOptions opt;
      opt.unrated = policy;
      const double before = qualis::step_index(StepAssessmentSet(method, {a}), opt).index(0, 0);
      for (std::size_t k = 0; k < a.ratings.size(); ++k) {
        if (a.ratings[k].level == 4) continue;
        StepAssessment up = a;
        ++up.ratings[k].level;
        const StepIndexResult after = qualis::step_index(StepAssessmentSet(method, {up}), opt);
        EXPECT_GT(after.index(0, 0), before) << "trial " << trial << ", step " << up.ratings[k].step;
        EXPECT_GE(after.stage(0, 0), qualis::step_index(StepAssessmentSet(method, {a}), opt).stage(0, 0));
      }
    }
  }
}

TEST(StepIndexInvariants, PermutingAssessmentsChangesNothing) {
  const std::vector<StepAssessment> base = example_assessments();
  const StepIndexResult want = qualis::step_index(StepAssessmentSet(small(), base));
  std::vector<StepAssessment> reversed(base.rbegin(), base.rend());
  expect_same(qualis::step_index(StepAssessmentSet(small(), reversed)), want);
  std::vector<StepAssessment> rotated = base;
  std::rotate(rotated.begin(), rotated.begin() + 2, rotated.end());
  expect_same(qualis::step_index(StepAssessmentSet(small(), rotated)), want);
  // The order of the ratings inside an assessment does not matter either.
  std::vector<StepAssessment> shuffled = base;
  for (StepAssessment& a : shuffled) std::reverse(a.ratings.begin(), a.ratings.end());
  expect_same(qualis::step_index(StepAssessmentSet(small(), shuffled)), want);
}

TEST(StepIndexInvariants, IndexStaysWithinZeroAndHundred) {
  // Every step at the top gives exactly 100, every step at 0 exactly 0, whatever the weights.
  const StepFramework f({make_step("a", 0.1), make_step("b", 0.7), make_step("c", 0.3, 2)});
  StepIndexOptions opt;
  opt.stages = {{0.0, {"低", "Low"}}, {50.0, {"高", "High"}}};  // rubrics differ: give the stages
  const StepAssessmentSet set(
      f, {assess("top", y2021, {{"a", 4}, {"b", 4}, {"c", 2}}), assess("zero", y2021, {{"a", 0}, {"b", 0}, {"c", 0}})});
  const StepIndexResult r = qualis::step_index(set, opt);
  EXPECT_EQ(r.index(r.row_of("top"), 0), 100.0);
  EXPECT_EQ(r.index(r.row_of("zero"), 0), 0.0);
}

// ---------------------------------------------------------------------------------------------------
// rubric_stages() and stage_of()

TEST(RubricStages, DefaultRubricGivesQuarterSteps) {
  const std::vector<StageDefinition> s = qualis::rubric_stages(qualis::eleven_step_method());
  ASSERT_EQ(s.size(), 5U);
  const std::vector<double> thresholds = {0.0, 25.0, 50.0, 75.0, 100.0};  // 100 * l / 4
  const std::vector<std::string> zh = {"未启动", "已规划", "推进中", "已落实", "成效显著"};
  for (std::size_t l = 0; l < 5; ++l) {
    EXPECT_EQ(s[l].threshold, thresholds[l]);
    EXPECT_EQ(s[l].names.zh, zh[l]);
  }
  EXPECT_EQ(s[4].names.en, "Effective and exemplary");
}

TEST(RubricStages, ThreeLevelRubricGivesThirds) {
  const std::vector<StageDefinition> s =
      qualis::rubric_stages(StepFramework({make_step("a", 1.0, 2), make_step("b", 1.0, 2)}));
  ASSERT_EQ(s.size(), 3U);
  EXPECT_EQ(s[1].threshold, 50.0);  // 100 * 1 / 2
  EXPECT_EQ(s[2].threshold, 100.0);
  EXPECT_EQ(s[1].names.en, "L1");
}

TEST(RubricStages, DifferentRubricsAreRejected) {
  expect_error<InvalidInput>(
      [] {
        (void)qualis::rubric_stages(StepFramework({make_step("a", 1.0), make_step("b", 1.0, 2)}));
      },
      ErrorCode::inconsistent, {"rubric_stages", "step a has a rubric of 5 levels but step b one of 3"});
  Step renamed = make_step("b", 1.0);
  renamed.rubric[2].names = {"进行中", "Ongoing"};
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::rubric_stages(StepFramework({make_step("a", 1.0), renamed}));
      },
      ErrorCode::inconsistent, {"rubric_stages", "steps a and b name rubric level 2 differently"});
  // step_index() derives them too, so it fails the same way (under its own name) unless stages are given.
  const StepFramework mixed({make_step("a", 1.0), make_step("b", 1.0, 2)});
  const StepAssessmentSet set(mixed, {assess("c", y2021, {{"a", 4}})});
  expect_error<InvalidInput>([&] { (void)qualis::step_index(set); }, ErrorCode::inconsistent,
                             {"qualis: step_index:", "give the stages explicitly"});
}

TEST(StageOf, ThresholdsAreReachedInclusivelyWithATolerance) {
  const std::vector<StageDefinition> s = qualis::rubric_stages(qualis::eleven_step_method());
  EXPECT_EQ(qualis::stage_of(0.0, s), 0U);
  EXPECT_EQ(qualis::stage_of(24.999, s), 0U);
  EXPECT_EQ(qualis::stage_of(25.0, s), 1U);
  EXPECT_EQ(qualis::stage_of(75.0 - 1e-12, s), 3U);  // rounding just below 75 still reaches it
  EXPECT_EQ(qualis::stage_of(75.0 - 1e-6, s), 2U);   // a real shortfall does not
  EXPECT_EQ(qualis::stage_of(99.99, s), 3U);
  EXPECT_EQ(qualis::stage_of(100.0, s), 4U);
  EXPECT_FALSE(qualis::stage_of(nan, s).has_value());  // propagate
  // Monotone: a higher index never has a lower stage.
  std::size_t last = 0;
  for (int k = 0; k <= 1000; ++k) {
    const std::size_t st = *qualis::stage_of(k / 10.0, s);
    EXPECT_GE(st, last);
    last = st;
  }
}

TEST(StageOf, BadInput) {
  const std::vector<StageDefinition> good = {{0.0, {"低", "Low"}}, {50.0, {"高", "High"}}};
  expect_error<InvalidInput>([&] { (void)qualis::stage_of(50.0, {}); }, ErrorCode::empty_input,
                             {"stage_of", "no stages"});
  expect_error<InvalidInput>([&] { (void)qualis::stage_of(inf, good); }, ErrorCode::not_finite,
                             {"stage_of", "index inf is not finite"});
  expect_error<InvalidInput>([&] { (void)qualis::stage_of(-0.5, good); }, ErrorCode::out_of_range,
                             {"index -0.5 is outside 0..100"});
  expect_error<InvalidInput>([&] { (void)qualis::stage_of(100.5, good); }, ErrorCode::out_of_range,
                             {"index 100.5 is outside 0..100"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::stage_of(50.0, {{10.0, {"低", "Low"}}});
      },
      ErrorCode::out_of_range, {"stage 0 (低): threshold 10 must be 0"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::stage_of(50.0, {{0.0, {"低", "Low"}}, {0.0, {"高", "High"}}});
      },
      ErrorCode::inconsistent, {"stage 1 (高): threshold 0 is not above the threshold 0 of stage 0 (低)"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::stage_of(50.0, {{0.0, {"低", "Low"}}, {120.0, {"高", "High"}}});
      },
      ErrorCode::out_of_range, {"stage 1 (高): threshold 120 is outside 0..100"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::stage_of(50.0, {{0.0, {"低", "Low"}}, {nan, {"高", "High"}}});
      },
      ErrorCode::not_finite, {"stage 1 (高): threshold nan is not finite"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::stage_of(50.0, {{0.0, {"\xff", "Low"}}});
      },
      ErrorCode::invalid_text, {"the Chinese name of stage 0"});
}

// ---------------------------------------------------------------------------------------------------
// step_index(): bad input

TEST(StepIndexBadInput, UnknownClusterOrPeriodInTheLists) {
  StepIndexOptions opt;
  opt.units = {"bd-luggage", "empty-one", dingzhou};  // xt-glass missing
  expect_error<NotFound>([&] { (void)qualis::step_index(example_set(), opt); }, ErrorCode::not_found,
                         {"qualis: step_index:", "cluster xt-glass (assessed in period 2022) is not in options.units"});
  StepIndexOptions p;
  p.periods = {y2020, y2021};
  expect_error<NotFound>([&] { (void)qualis::step_index(example_set(), p); }, ErrorCode::not_found,
                         {"period 2022", "not in options.periods"});
}

TEST(StepIndexBadInput, BadOrRepeatedIdsInTheLists) {
  StepIndexOptions opt;
  opt.units = {"bd-luggage", "empty-one", "xt-glass", dingzhou, "xt-glass"};
  expect_error<InvalidInput>([&] { (void)qualis::step_index(example_set(), opt); }, ErrorCode::duplicate_id,
                             {"step_index", "cluster xt-glass occurs twice in options.units (positions 2 and 4)"});
  opt.units = {"bd-luggage", ""};
  expect_error<InvalidInput>([&] { (void)qualis::step_index(example_set(), opt); }, ErrorCode::invalid_id,
                             {"step_index", "position 1", "is empty"});
  opt.units = {" padded"};
  expect_error<InvalidInput>([&] { (void)qualis::step_index(example_set(), opt); }, ErrorCode::invalid_id,
                             {"leading or trailing spaces"});
  StepIndexOptions p;
  p.periods = {y2022, y2020, y2021, y2020};
  expect_error<InvalidInput>([&] { (void)qualis::step_index(example_set(), p); }, ErrorCode::duplicate_id,
                             {"period 2020 occurs twice in options.periods"});
}

TEST(StepIndexBadInput, EmptyInput) {
  const StepAssessmentSet empty(small(), {});
  expect_error<InvalidInput>([&] { (void)qualis::step_index(empty); }, ErrorCode::empty_input,
                             {"step_index", "no clusters"});
  StepIndexOptions opt;
  opt.units = {"a"};
  expect_error<InvalidInput>([&] { (void)qualis::step_index(empty, opt); }, ErrorCode::empty_input,
                             {"step_index", "no periods"});
  opt.periods = {y2021};  // rows and columns given: an all-missing result, not an error
  const StepIndexResult r = qualis::step_index(empty, opt);
  EXPECT_TRUE(std::isnan(r.index(0, 0)));
  EXPECT_EQ(r.assessed_cells, 0U);
}

TEST(StepIndexBadInput, AssessmentsThatDoNotFitTheFramework) {
  // A framework without "brand": the rating names an unknown step (NotFound naming cluster, period, step).
  const StepFramework two({make_step("plan", 2.0), make_step("chain", 1.0)});
  expect_error<NotFound>(
      [&] { (void)qualis::step_index(two, example_set()); }, ErrorCode::not_found,
      {"qualis: step_index:", "cluster=bd-luggage, period=2020, step=brand", "the framework has no such step"});
  // A framework whose plan rubric stops at 2: plan 3 is outside the rubric.
  const StepFramework shorter({make_step("plan", 2.0, 2), make_step("chain", 1.0, 2), make_step("brand", 1.0, 2)});
  expect_error<InvalidInput>(
      [&] { (void)qualis::step_index(shorter, example_set()); }, ErrorCode::out_of_range,
      {"qualis: step_index:", "cluster=bd-luggage, period=2020, step=plan", "level 3 is outside 0..2"});
  // Ratings outside the rubric never reach step_index() through a set: the set rejects them.
  expect_error<InvalidInput>(
      [] {
        (void)StepAssessmentSet(small(), {assess(dingzhou, y2021, {{"plan", 5}})});
      },
      ErrorCode::out_of_range, {"cluster=定州市体育用品", "step=plan", "level 5"});
}

TEST(StepIndexBadInput, BadOptions) {
  StepIndexOptions opt;
  opt.unrated = static_cast<UnratedPolicy>(7);
  expect_error<InvalidInput>([&] { (void)qualis::step_index(example_set(), opt); }, ErrorCode::invalid_argument,
                             {"step_index", "options.unrated is 7"});
  StepIndexOptions s;
  s.stages = {{0.0, {"低", "Low"}}, {-5.0, {"高", "High"}}};
  expect_error<InvalidInput>([&] { (void)qualis::step_index(example_set(), s); }, ErrorCode::out_of_range,
                             {"qualis: step_index:", "stage 1 (高): threshold -5 is outside 0..100"});
}

// ---------------------------------------------------------------------------------------------------
// blend()

// Composite and step index, 2 units x 2 periods:
//   composite  [[60, 80], [NaN, 50]]     step index [[40, NaN], [70, 100]]
const Eigen::MatrixXd composite_2x2 = rows({{60.0, 80.0}, {nan, 50.0}});
const Eigen::MatrixXd steps_2x2 = rows({{40.0, nan}, {70.0, 100.0}});

TEST(Blend, HandExamplePropagate) {
  // s = 0.25: (0,0) 0.75*60 + 0.25*40 = 45 + 10 = 55; (1,1) 0.75*50 + 0.25*100 = 37.5 + 25 = 62.5;
  // (0,1) and (1,0) have a side missing: NaN under propagate (the default).
  const auto r = qualis::blend(composite_2x2, steps_2x2, 0.25);
  expect_same(r.score, rows({{55.0, nan}, {nan, 62.5}}));
  EXPECT_EQ(r.both, 2U);
  EXPECT_EQ(r.missing, 2U);
  EXPECT_EQ(r.composite_only + r.step_index_only, 0U);
}

TEST(Blend, HandExampleSkipUsesTheOtherSide) {
  BlendOptions opt;
  opt.missing = MissingRule::skip;
  const auto r = qualis::blend(composite_2x2, steps_2x2, 0.25, opt);
  // (0,1): step index missing -> composite 80; (1,0): composite missing -> step index 70.
  expect_same(r.score, rows({{55.0, 80.0}, {70.0, 62.5}}));
  EXPECT_EQ(r.both, 2U);
  EXPECT_EQ(r.composite_only, 1U);
  EXPECT_EQ(r.step_index_only, 1U);
  EXPECT_EQ(r.missing, 0U);
}

TEST(Blend, RejectNamesTheCell) {
  BlendOptions opt;
  opt.missing = MissingRule::reject;
  expect_error<InvalidInput>([&] { (void)qualis::blend(composite_2x2, steps_2x2, 0.25, opt); }, ErrorCode::not_finite,
                             {"qualis: blend:", "unit (row) 1, period (column) 0: the composite is missing"});
  // Without missing values, reject blends as usual.
  const auto r = qualis::blend(rows({{60.0}}), rows({{40.0}}), 0.25, opt);
  EXPECT_EQ(r.score(0, 0), 55.0);
}

TEST(Blend, ZeroAndFullShareReturnOneSideExactlyAndIgnoreTheOther) {
  // s = 0: the composite, even where the step index is missing ((0,1) -> 80); (1,0) has no composite.
  const auto zero = qualis::blend(composite_2x2, steps_2x2, 0.0);
  expect_same(zero.score, rows({{60.0, 80.0}, {nan, 50.0}}));
  EXPECT_EQ(zero.composite_only, 3U);
  EXPECT_EQ(zero.missing, 1U);
  // Skip cannot fill (1,0) from the step index: at s = 0 it has no weight.
  BlendOptions skip;
  skip.missing = MissingRule::skip;
  EXPECT_TRUE(std::isnan(qualis::blend(composite_2x2, steps_2x2, 0.0, skip).score(1, 0)));
  // s = 1: the step index.
  const auto full = qualis::blend(composite_2x2, steps_2x2, 1.0);
  expect_same(full.score, rows({{40.0, nan}, {70.0, 100.0}}));
  EXPECT_EQ(full.step_index_only, 3U);
}

TEST(Blend, LiesBetweenTheSidesAndMovesTowardsTheStepIndexAsTheShareGrows) {
  const Eigen::MatrixXd c = rows({{10.0, 90.0, 55.0}});
  const Eigen::MatrixXd t = rows({{70.0, 20.0, 55.0}});
  Eigen::MatrixXd previous = c;
  for (int k = 0; k <= 20; ++k) {
    const double s = k / 20.0;
    const Eigen::MatrixXd b = qualis::blend(c, t, s).score;
    for (Eigen::Index j = 0; j < 3; ++j) {
      EXPECT_GE(b(0, j), std::min(c(0, j), t(0, j)) - 1e-12);
      EXPECT_LE(b(0, j), std::max(c(0, j), t(0, j)) + 1e-12);
    }
    EXPECT_GE(b(0, 0), previous(0, 0) - 1e-12);  // step index above composite: rises with s
    EXPECT_LE(b(0, 1), previous(0, 1) + 1e-12);  // below: falls with s
    EXPECT_NEAR(b(0, 2), 55.0, 1e-12);           // equal sides: unchanged
    previous = b;
  }
}

TEST(Blend, WithAStepIndexResultNamesClustersAndPeriods) {
  const StepIndexResult steps = qualis::step_index(example_set());
  // Composite 40 everywhere, s = 0.5, skip: 定州 2021 = 0.5*40 + 0.5*81.25 = 60.625; empty-one 2021 (no index)
  // keeps the composite 40.
  BlendOptions opt;
  opt.missing = MissingRule::skip;
  const auto r = qualis::blend(Eigen::MatrixXd::Constant(4, 3, 40.0), steps, 0.5, opt);
  EXPECT_EQ(r.score(3, 1), 60.625);
  EXPECT_EQ(r.score(1, 1), 40.0);
  EXPECT_EQ(r.both, 5U);  // the 5 cells with an index
  EXPECT_EQ(r.composite_only, 7U);
  BlendOptions reject;
  reject.missing = MissingRule::reject;
  expect_error<InvalidInput>([&] { (void)qualis::blend(Eigen::MatrixXd::Constant(4, 3, 40.0), steps, 0.5, reject); },
                             ErrorCode::not_finite, {"cluster empty-one, period 2020: the step index is missing"});
}

TEST(BlendBadInput, ShareScaleAndShape) {
  const Eigen::MatrixXd c = rows({{60.0, 80.0}});
  const Eigen::MatrixXd t = rows({{40.0, 50.0}});
  expect_error<InvalidInput>([&] { (void)qualis::blend(c, t, -0.1); }, ErrorCode::out_of_range,
                             {"blend", "step share -0.1 is outside [0, 1]"});
  expect_error<InvalidInput>([&] { (void)qualis::blend(c, t, 1.5); }, ErrorCode::out_of_range,
                             {"step share 1.5 is outside [0, 1]"});
  expect_error<InvalidInput>([&] { (void)qualis::blend(c, t, nan); }, ErrorCode::not_finite,
                             {"step share nan is not finite"});
  expect_error<InvalidInput>([&] { (void)qualis::blend(c, t, inf); }, ErrorCode::not_finite, {"step share inf"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::blend(c, rows({{40.0}, {50.0}}), 0.5);
      },
      ErrorCode::size_mismatch, {"the composite is 1 x 2 but the step index is 2 x 1"});
  expect_error<InvalidInput>([&] { (void)qualis::blend(Eigen::MatrixXd(0, 0), Eigen::MatrixXd(0, 0), 0.5); },
                             ErrorCode::empty_input, {"the composite is empty"});
  // A composite on 0..1 next to a step index on 0..100 passes (0.6 is in range), but one above 100 does not.
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::blend(rows({{60.0, 100.5}}), t, 0.5);
      },
      ErrorCode::out_of_range,
      {"unit (row) 0, period (column) 1: the composite 100.5 is outside 0..100", "share the 0..100 scale"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::blend(c, rows({{-1.0, 50.0}}), 0.5);
      },
      ErrorCode::out_of_range, {"unit (row) 0, period (column) 0: the step index -1 is outside 0..100"});
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::blend(c, rows({{40.0, inf}}), 0.5);
      },
      ErrorCode::not_finite, {"unit (row) 0, period (column) 1: the step index is infinite"});
  // The scale is checked on a side with weight zero too.
  expect_error<InvalidInput>(
      [&] {
        (void)qualis::blend(rows({{60.0, 180.0}}), t, 1.0);
      },
      ErrorCode::out_of_range, {"composite 180"});
  BlendOptions bad;
  bad.missing = static_cast<MissingRule>(9);
  expect_error<InvalidInput>([&] { (void)qualis::blend(c, t, 0.5, bad); }, ErrorCode::invalid_argument,
                             {"options.missing is 9"});
}

TEST(BlendBadInput, WithAStepIndexResult) {
  const StepIndexResult steps = qualis::step_index(example_set());
  expect_error<InvalidInput>([&] { (void)qualis::blend(Eigen::MatrixXd::Constant(3, 3, 50.0), steps, 0.5); },
                             ErrorCode::size_mismatch,
                             {"blend", "the composite is 3 x 3 but the step index has 4 clusters x 3 periods"});
  StepIndexResult edited = steps;
  edited.units.pop_back();
  expect_error<InvalidInput>([&] { (void)qualis::blend(Eigen::MatrixXd::Constant(4, 3, 50.0), edited, 0.5); },
                             ErrorCode::inconsistent, {"the step index is 4 x 3 but names 3 clusters and 3 periods"});
  expect_error<InvalidInput>([&] { (void)qualis::blend(Eigen::MatrixXd::Constant(4, 3, 50.0), steps, 2.0); },
                             ErrorCode::out_of_range, {"step share 2"});
}

// ---------------------------------------------------------------------------------------------------
// The example of docs/reference/step_index.md

TEST(StepIndexDocs, Example) {
  const qualis::StepFramework method = qualis::eleven_step_method();
  const qualis::StepAssessmentSet set(
      method, {assess("dz-sports", Period::annual(2020), {{"plan", 2}, {"certification", 2}, {"workforce", 1}}),
               assess("dz-sports", Period::annual(2021), {{"plan", 4}, {"certification", 3}, {"workforce", 1}}),
               assess("bg-luggage", Period::annual(2021), {{"plan", 3}, {"certification", 3}})});
  const qualis::StepIndexResult r = qualis::step_index(set);
  // dz-sports 2020: (2 + 2 + 1) / 4 / 3 = 5/12 -> 41.67, stage 1 (已规划);
  // dz-sports 2021: (4 + 3 + 1) / 4 / 3 = 8/12 -> 66.67, stage 2 (推进中), change +25 in one year;
  // bg-luggage 2021: (3 + 3) / 4 / 2 = 0.75 -> 75, stage 3 (已落实); no 2020 assessment: NaN.
  const Eigen::Index dz = r.row_of("dz-sports");
  const Eigen::Index bg = r.row_of("bg-luggage");
  EXPECT_NEAR(r.index(dz, 0), 500.0 / 12.0, 1e-12);
  EXPECT_NEAR(r.index(dz, 1), 800.0 / 12.0, 1e-12);
  EXPECT_EQ(r.index(bg, 1), 75.0);
  EXPECT_TRUE(std::isnan(r.index(bg, 0)));
  EXPECT_EQ(r.stages[static_cast<std::size_t>(r.stage(dz, 1))].names.zh, "推进中");
  EXPECT_EQ(r.stages[static_cast<std::size_t>(r.stage(bg, 1))].names.en, "In place");
  EXPECT_NEAR(r.change_per_year(dz, 1), 25.0, 1e-12);
  EXPECT_EQ(r.weakest[static_cast<std::size_t>(dz)][1][0].step, "workforce");

  // Blend with a composite on 0..100 (rows and columns as r): s = 0.3.
  // dz 2021: 0.7 * 70 + 0.3 * 66.67 = 49 + 20 = 69; bg 2020 has no step index: NaN (propagate).
  const Eigen::MatrixXd composite = rows({{60.0, 80.0}, {65.0, 70.0}});  // rows: bg-luggage, dz-sports
  const qualis::BlendResult b = qualis::blend(composite, r, 0.3);
  EXPECT_NEAR(b.score(dz, 1), 69.0, 1e-12);
  EXPECT_NEAR(b.score(bg, 1), 78.5, 1e-12);  // 0.7 * 80 + 0.3 * 75 = 56 + 22.5
  EXPECT_TRUE(std::isnan(b.score(bg, 0)));
}

}  // namespace
