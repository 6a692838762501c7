// Tests for qualis/model/steps.hpp: the step framework and its validation, the eleven-step preset,
// step assessments and their set, and the summaries (completion, weakest steps, stage counts).
// Every expected number is worked out by hand in the comment beside it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <qualis/model/steps.hpp>
#include <set>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::CompletionOptions;
using qualis::ErrorCode;
using qualis::Period;
using qualis::RubricLevel;
using qualis::Step;
using qualis::StepAssessment;
using qualis::StepAssessmentSet;
using qualis::StepFramework;
using qualis::StepRating;
using qualis::UnratedPolicy;
using qualis_test::expect_error;

// A rubric with levels 0..top and placeholder names.
std::vector<RubricLevel> rubric_to(int top) {
  std::vector<RubricLevel> out;
  for (int l = 0; l <= top; ++l) out.push_back({l, {"级" + std::to_string(l), "L" + std::to_string(l)}, "", ""});
  return out;
}

Step make_step(const std::string& id, double weight, int top = 4) {
  Step s;
  s.id = id;
  s.names = {"步骤" + id, "Step " + id};
  s.weight = weight;
  s.rubric = rubric_to(top);
  return s;
}

// ---------------------------------------------------------------------------------------------------
// The preset

TEST(ElevenStepMethod, HasTheElevenStepsInOrderWithExactNames) {
  const StepFramework f = qualis::eleven_step_method();
  ASSERT_EQ(f.size(), 11U);
  const std::vector<std::string> ids = {"plan",
                                        "industrial_chain",
                                        "leading_enterprises",
                                        "benchmarking",
                                        "innovation",
                                        "certification",
                                        "workforce",
                                        "trading_platforms",
                                        "regional_brand",
                                        "international_cooperation",
                                        "anti_counterfeiting"};
  const std::vector<std::string> zh = {"定好产业提升规划", "构建完整产业链条", "抓好龙头企业带动", "建立对标对表制度",
                                       "注重强化科技创新", "落实质量体系认证", "加强企业队伍建设", "重视交易平台作用",
                                       "做好区域品牌培树", "积极开展国际合作", "严打假冒伪劣行为"};
  const std::vector<std::string> en = {"Set the industry upgrading plan",
                                       "Build a complete industrial chain",
                                       "Let leading enterprises pull the cluster",
                                       "Institute benchmarking against standards and best peers",
                                       "Strengthen science and technology innovation",
                                       "Implement quality-system certification",
                                       "Build the enterprise workforce",
                                       "Make use of trading platforms",
                                       "Cultivate the regional brand",
                                       "Pursue international cooperation",
                                       "Crack down on counterfeit and shoddy goods"};
  EXPECT_EQ(f.ids(), ids);
  std::set<std::string> unique;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const Step& s = f.steps()[k];
    EXPECT_EQ(s.names.zh, zh[k]);
    // Eight CJK characters of three UTF-8 bytes each: the bytes went through unchanged.
    EXPECT_EQ(s.names.zh.size(), 24U) << s.id;
    EXPECT_EQ(s.names.en, en[k]);
    EXPECT_EQ(s.names.preferred(), zh[k]);
    EXPECT_EQ(s.weight, 1.0);
    EXPECT_FALSE(s.description.empty()) << s.id;
    EXPECT_FALSE(s.description_zh.empty()) << s.id;
    EXPECT_EQ(f.index_of(s.id), k);
    EXPECT_EQ(f.max_level(s.id), 4);
    unique.insert(s.id);
  }
  EXPECT_EQ(unique.size(), 11U);
  EXPECT_EQ(f.total_weight(), 11.0);
}

TEST(ElevenStepMethod, EveryStepUsesTheDefaultRubric) {
  const StepFramework f = qualis::eleven_step_method();
  const std::vector<RubricLevel> d = qualis::default_rubric();
  for (const Step& s : f.steps()) {
    ASSERT_EQ(s.rubric.size(), d.size()) << s.id;
    for (std::size_t l = 0; l < d.size(); ++l) {
      EXPECT_EQ(s.rubric[l].level, static_cast<int>(l));
      EXPECT_EQ(s.rubric[l].names, d[l].names);
      EXPECT_EQ(s.rubric[l].description, d[l].description);
    }
  }
}

TEST(ElevenStepMethod, RoundTripsThroughTheConstructor) {
  const StepFramework f = qualis::eleven_step_method();
  const StepFramework copy(f.steps());
  ASSERT_EQ(copy.size(), f.size());
  for (std::size_t k = 0; k < f.size(); ++k) {
    EXPECT_EQ(copy.steps()[k].id, f.steps()[k].id);
    EXPECT_EQ(copy.steps()[k].names, f.steps()[k].names);
    EXPECT_EQ(copy.steps()[k].description_zh, f.steps()[k].description_zh);
  }
}

TEST(DefaultRubric, HasFiveLevelsWithBilingualDescriptors) {
  const std::vector<RubricLevel> r = qualis::default_rubric();
  ASSERT_EQ(r.size(), 5U);
  const std::vector<std::string> zh = {"未启动", "已规划", "推进中", "已落实", "成效显著"};
  const std::vector<std::string> en = {"Not started", "Planned", "Under way", "In place", "Effective and exemplary"};
  for (std::size_t l = 0; l < r.size(); ++l) {
    EXPECT_EQ(r[l].level, static_cast<int>(l));
    EXPECT_EQ(r[l].names.zh, zh[l]);
    EXPECT_EQ(r[l].names.en, en[l]);
    EXPECT_FALSE(r[l].description.empty());
    EXPECT_FALSE(r[l].description_zh.empty());
  }
}

// ---------------------------------------------------------------------------------------------------
// StepFramework lookups and validation

TEST(StepFramework, Lookups) {
  const StepFramework f({make_step("a", 2.0), make_step("b", 1.0, 2)});
  EXPECT_TRUE(f.contains("a"));
  EXPECT_FALSE(f.contains("c"));
  EXPECT_FALSE(f.contains(""));
  EXPECT_EQ(f.step("b").weight, 1.0);
  EXPECT_EQ(f.index_of("b"), 1U);
  EXPECT_EQ(f.max_level("a"), 4);
  EXPECT_EQ(f.max_level("b"), 2);
  EXPECT_EQ(f.max_level_at(1), 2);
  EXPECT_EQ(f.total_weight(), 3.0);
  EXPECT_EQ(f.ids(), (std::vector<std::string>{"a", "b"}));
  expect_error<qualis::NotFound>([&] { (void)f.step("c"); }, ErrorCode::not_found,
                                 {"step_framework", "no step \"c\"", "the steps are a, b"});
  expect_error<qualis::NotFound>([&] { (void)f.index_of("c"); }, ErrorCode::not_found, {"\"c\""});
  expect_error<qualis::NotFound>([&] { (void)f.max_level("c"); }, ErrorCode::not_found, {"\"c\""});
  expect_error<qualis::NotFound>([&] { (void)f.max_level_at(2); }, ErrorCode::not_found, {"position 2"});
  // A NotFound is also a std::out_of_range.
  EXPECT_THROW((void)f.step("c"), std::out_of_range);
}

TEST(StepFramework, RejectsBadSteps) {
  using Steps = std::vector<Step>;
  const auto build = [](const Steps& steps) { return [steps] { (void)StepFramework(steps); }; };

  expect_error<qualis::InvalidInput>(build({}), ErrorCode::empty_input, {"step_framework", "no steps"});
  expect_error<qualis::InvalidInput>(build({make_step("a", 1), make_step("", 1)}), ErrorCode::invalid_id,
                                     {"step_framework[position=2]", "step id is empty"});
  expect_error<qualis::InvalidInput>(build({make_step(" plan", 1)}), ErrorCode::invalid_id,
                                     {"step_framework[position=1]", "leading or trailing spaces"});
  expect_error<qualis::InvalidInput>(build({make_step("pl\tan", 1)}), ErrorCode::invalid_id, {"control character"});
  expect_error<qualis::InvalidInput>(build({make_step("plan", 1), make_step("chain", 1), make_step("plan", 1)}),
                                     ErrorCode::duplicate_id,
                                     {"step_framework[step=plan]", "occurs twice (positions 1 and 3)"});

  Step bad_name = make_step("plan", 1);
  bad_name.names.zh = "定好\xff规划";
  expect_error<qualis::InvalidInput>(build({bad_name}), ErrorCode::invalid_text,
                                     {"step_framework[step=plan]", "Chinese name is not valid UTF-8 (byte offset 6)"});
  Step bad_description = make_step("plan", 1);
  bad_description.description = "\xc0\xaf";  // an overlong '/'
  expect_error<qualis::InvalidInput>(build({bad_description}), ErrorCode::invalid_text,
                                     {"step_framework[step=plan]", "description is not valid UTF-8"});

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  expect_error<qualis::InvalidInput>(build({make_step("plan", nan)}), ErrorCode::not_finite,
                                     {"step_framework[step=plan]", "weight nan is not finite"});
  expect_error<qualis::InvalidInput>(build({make_step("plan", inf)}), ErrorCode::not_finite,
                                     {"weight inf is not finite"});
  expect_error<qualis::InvalidInput>(build({make_step("plan", 1), make_step("chain", -0.5)}), ErrorCode::out_of_range,
                                     {"step_framework[step=chain]", "weight -0.5 is negative"});
  expect_error<qualis::InvalidInput>(build({make_step("plan", 0), make_step("chain", 0)}), ErrorCode::inconsistent,
                                     {"step_framework", "every step weight is zero"});
  const double big = std::numeric_limits<double>::max();
  expect_error<qualis::InvalidInput>(build({make_step("plan", big), make_step("chain", big)}), ErrorCode::not_finite,
                                     {"sum of the step weights"});
}

TEST(StepFramework, RejectsBadRubricsNamingTheStep) {
  const auto build = [](const Step& s) { return [s] { (void)StepFramework({make_step("plan", 1), s}); }; };

  Step one_level = make_step("chain", 1);
  one_level.rubric = rubric_to(0);
  expect_error<qualis::InvalidInput>(build(one_level), ErrorCode::inconsistent,
                                     {"step_framework[step=chain]", "rubric has 1 level(s); at least 2 are needed"});
  Step no_levels = make_step("chain", 1);
  no_levels.rubric.clear();
  expect_error<qualis::InvalidInput>(build(no_levels), ErrorCode::inconsistent, {"rubric has 0 level(s)"});
  Step gap = make_step("chain", 1);
  gap.rubric[2].level = 3;  // 0, 1, 3, 3, 4
  expect_error<qualis::InvalidInput>(
      build(gap), ErrorCode::inconsistent,
      {"step_framework[step=chain]", "rubric level at position 3 is 3", "levels must be 0, 1, ..., 4 in order"});
  Step one_based = make_step("chain", 1);
  for (auto& level : one_based.rubric) ++level.level;  // 1..5
  expect_error<qualis::InvalidInput>(build(one_based), ErrorCode::inconsistent, {"rubric level at position 1 is 1"});
  Step bad_text = make_step("chain", 1);
  bad_text.rubric[2].description_zh = "推进\xe4";  // truncated three-byte sequence
  expect_error<qualis::InvalidInput>(build(bad_text), ErrorCode::invalid_text,
                                     {"step_framework[step=chain, level=2]", "Chinese description is not valid UTF-8"});
  Step bad_level_name = make_step("chain", 1);
  bad_level_name.rubric[4].names.en = "\xed\xa0\x80";  // a surrogate
  expect_error<qualis::InvalidInput>(build(bad_level_name), ErrorCode::invalid_text,
                                     {"step_framework[step=chain, level=4]", "English name"});
}

TEST(StepFramework, AcceptsZeroWeightStepsAndTwoLevelRubrics) {
  const StepFramework f({make_step("yes_no", 0.0, 1), make_step("plan", 1.0)});
  EXPECT_EQ(f.max_level("yes_no"), 1);
  EXPECT_EQ(f.total_weight(), 1.0);
}

// ---------------------------------------------------------------------------------------------------
// Assessments and validate()

StepAssessment dz_sports_2021() {
  // A plausible, synthetic assessment of Dingzhou sports goods (定州市体育用品) for 2021.
  return {"dz-sports",
          Period::annual(2021),
          {{"plan", 4, "《定州市体育用品产业提升规划》印发"},
           {"industrial_chain", 3, ""},
           {"leading_enterprises", 3, ""},
           {"benchmarking", 2, ""},
           {"innovation", 2, ""},
           {"certification", 3, "三体系认证企业数增加"},
           {"workforce", 1, ""},
           {"trading_platforms", 4, ""},
           {"regional_brand", 2, ""},
           {"international_cooperation", 0, ""},
           {"anti_counterfeiting", 3, ""}},
          "河北省产品质量监督检验研究院"};
}

TEST(ValidateStepAssessment, AcceptsAGoodAssessment) {
  const StepFramework f = qualis::eleven_step_method();
  EXPECT_NO_THROW(qualis::validate(f, dz_sports_2021()));
  // Rating no step at all is valid: every step is simply not assessed.
  EXPECT_NO_THROW(qualis::validate(f, StepAssessment{"ts-robotics", Period::half_year(2021, 1), {}, ""}));
}

TEST(ValidateStepAssessment, RejectsBadInputNamingClusterPeriodStepAndLevel) {
  const StepFramework f = qualis::eleven_step_method();
  const auto check = [&](const StepAssessment& a) { return [&f, a] { qualis::validate(f, a); }; };
  const Period h1 = Period::half_year(2021, 1);

  expect_error<qualis::InvalidInput>(check({"", h1, {}, ""}), ErrorCode::invalid_id,
                                     {"step_assessment[period=2021H1]", "cluster id is empty"});
  expect_error<qualis::InvalidInput>(check({"dz-sports ", h1, {}, ""}), ErrorCode::invalid_id,
                                     {"step_assessment[period=2021H1]", "cluster id \"dz-sports \""});
  expect_error<qualis::NotFound>(check({"dz-sports", Period::annual(2021), {{"planning", 2, ""}}, ""}),
                                 ErrorCode::not_found,
                                 {"step_assessment[cluster=dz-sports, period=2021, step=planning]",
                                  "the framework has no such step", "plan, industrial_chain"});
  expect_error<qualis::InvalidInput>(
      check({"dz-sports", h1, {{"plan", 2, ""}, {"", 1, ""}}, ""}), ErrorCode::invalid_id,
      {"step_assessment[cluster=dz-sports, period=2021H1]", "step id of rating 2 is empty"});
  expect_error<qualis::InvalidInput>(
      check({"dz-sports", h1, {{"plan", 2, ""}, {"innovation", 1, ""}, {"plan", 3, ""}}, ""}), ErrorCode::duplicate_id,
      {"step_assessment[cluster=dz-sports, period=2021H1, step=plan]", "rated twice (ratings 1 and 3)"});
  expect_error<qualis::InvalidInput>(
      check({"dz-sports", h1, {{"certification", 5, ""}}, ""}), ErrorCode::out_of_range,
      {"step_assessment[cluster=dz-sports, period=2021H1, step=certification]", "level 5 is outside 0..4"});
  expect_error<qualis::InvalidInput>(check({"dz-sports", Period::annual(2021), {{"workforce", -1, ""}}, ""}),
                                     ErrorCode::out_of_range,
                                     {"[cluster=dz-sports, period=2021, step=workforce]", "level -1 is outside 0..4"});
  expect_error<qualis::InvalidInput>(check({"dz-sports", h1, {{"regional_brand", 2, "品牌\xff"}}, ""}),
                                     ErrorCode::invalid_text,
                                     {"[cluster=dz-sports, period=2021H1, step=regional_brand]", "evidence"});
  expect_error<qualis::InvalidInput>(check({"dz-sports", h1, {}, "\x80"}), ErrorCode::invalid_text,
                                     {"step_assessment[cluster=dz-sports, period=2021H1]", "assessor"});
}

TEST(ValidateStepAssessment, UsesEachStepsOwnTopLevel) {
  const StepFramework f({make_step("a", 1, 4), make_step("b", 1, 2)});
  EXPECT_NO_THROW(qualis::validate(f, {"dz-sports", Period::annual(2021), {{"a", 4, ""}, {"b", 2, ""}}, ""}));
  expect_error<qualis::InvalidInput>(
      [&] {
        qualis::validate(f, {"dz-sports", Period::annual(2021), {{"b", 3, ""}}, ""});
      },
      ErrorCode::out_of_range, {"step=b", "level 3 is outside 0..2"});
}

TEST(FindRating, DistinguishesNotAssessedFromLevelZero) {
  const StepAssessment a = dz_sports_2021();
  ASSERT_NE(qualis::find_rating(a, "international_cooperation"), nullptr);
  EXPECT_EQ(qualis::find_rating(a, "international_cooperation")->level, 0);
  const StepAssessment empty{"dz-sports", Period::annual(2022), {}, ""};
  EXPECT_EQ(qualis::find_rating(empty, "international_cooperation"), nullptr);
}

// ---------------------------------------------------------------------------------------------------
// StepAssessmentSet

TEST(StepAssessmentSet, LookupsAndOrder) {
  const Period y2021 = Period::annual(2021);
  const Period h1 = Period::half_year(2021, 1);
  const Period y2022 = Period::annual(2022);
  std::vector<StepAssessment> input = {
      {"dz-sports", y2022, {{"plan", 4, ""}}, ""},
      {"ts-robotics", y2021, {{"plan", 2, ""}}, ""},
      {"dz-sports", h1, {{"plan", 3, ""}}, ""},
      {"ag-tcm", y2021, {}, ""},
      {"dz-sports", y2021, {{"plan", 3, ""}, {"innovation", 2, ""}}, ""},
  };
  const StepAssessmentSet set(qualis::eleven_step_method(), input);
  EXPECT_EQ(set.size(), 5U);
  EXPECT_FALSE(set.empty());
  EXPECT_EQ(set.framework().size(), 11U);

  // assessments(): input order.
  ASSERT_EQ(set.assessments().size(), 5U);
  for (std::size_t i = 0; i < input.size(); ++i) {
    EXPECT_EQ(set.assessments()[i].cluster, input[i].cluster);
    EXPECT_EQ(set.assessments()[i].period, input[i].period);
  }

  const StepAssessment* found = set.find("dz-sports", y2021);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->ratings.size(), 2U);
  EXPECT_EQ(found, &set.assessments()[4]);
  EXPECT_EQ(set.find("dz-sports", Period::annual(2020)), nullptr);
  EXPECT_EQ(set.find("hs-lamp-poles", y2021), nullptr);
  EXPECT_EQ(&set.at("ts-robotics", y2021), &set.assessments()[1]);
  expect_error<qualis::NotFound>([&] { (void)set.at("dz-sports", Period::half_year(2021, 2)); }, ErrorCode::not_found,
                                 {"step_assessment_set", "cluster \"dz-sports\"", "period 2021H2"});

  // for_cluster: by period, 2021H1 < 2021 < 2022 (first month, then last month).
  const auto dz = set.for_cluster("dz-sports");
  ASSERT_EQ(dz.size(), 3U);
  EXPECT_EQ(dz[0]->period, h1);
  EXPECT_EQ(dz[1]->period, y2021);
  EXPECT_EQ(dz[2]->period, y2022);
  EXPECT_TRUE(set.for_cluster("hs-lamp-poles").empty());

  EXPECT_EQ(set.clusters(), (std::vector<std::string>{"ag-tcm", "dz-sports", "ts-robotics"}));
  EXPECT_EQ(set.periods(), (std::vector<Period>{h1, y2021, y2022}));
}

TEST(StepAssessmentSet, EmptySetIsValid) {
  const StepAssessmentSet set(qualis::eleven_step_method(), {});
  EXPECT_TRUE(set.empty());
  EXPECT_TRUE(set.clusters().empty());
  EXPECT_TRUE(set.periods().empty());
  EXPECT_EQ(set.find("dz-sports", Period::annual(2021)), nullptr);
}

TEST(StepAssessmentSet, RejectsDuplicateClusterPeriod) {
  const Period h1 = Period::half_year(2021, 1);
  std::vector<StepAssessment> input = {
      {"dz-sports", h1, {{"plan", 3, ""}}, ""},
      {"dz-sports", Period::annual(2021), {}, ""},  // a different period: fine
      {"dz-sports", h1, {{"plan", 4, ""}}, ""},
  };
  expect_error<qualis::InvalidInput>(
      [&] { (void)StepAssessmentSet(qualis::eleven_step_method(), input); }, ErrorCode::duplicate_id,
      {"step_assessment_set[cluster=dz-sports, period=2021H1]", "assessed twice in this period (assessments 1 and 3)"});
}

TEST(StepAssessmentSet, ValidatesEveryAssessment) {
  std::vector<StepAssessment> input = {dz_sports_2021(), {"ts-robotics", Period::annual(2021), {{"plan", 7, ""}}, ""}};
  expect_error<qualis::InvalidInput>([&] { (void)StepAssessmentSet(qualis::eleven_step_method(), input); },
                                     ErrorCode::out_of_range,
                                     {"cluster=ts-robotics, period=2021, step=plan", "level 7 is outside 0..4"});
  input[1].ratings = {{"brand", 2, ""}};
  expect_error<qualis::NotFound>([&] { (void)StepAssessmentSet(qualis::eleven_step_method(), input); },
                                 ErrorCode::not_found, {"cluster=ts-robotics, period=2021, step=brand"});
}

// ---------------------------------------------------------------------------------------------------
// completion()

// Four steps with unequal weights and rubric lengths:
//   a: w = 3, levels 0..4     b: w = 1, levels 0..2     c: w = 2, levels 0..4     d: w = 0, levels 0..4
StepFramework unequal() {
  return StepFramework({make_step("a", 3.0, 4), make_step("b", 1.0, 2), make_step("c", 2.0, 4), make_step("d", 0.0)});
}

TEST(Completion, UnequalWeightsBothPolicies) {
  const StepFramework f = unequal();
  // a = 3, b = 1, c not assessed, d = 4.
  const StepAssessment a{"dz-sports", Period::annual(2021), {{"a", 3, ""}, {"b", 1, ""}, {"d", 4, ""}}, ""};
  // Numerator over rated steps: 3 * 3/4 + 1 * 1/2 + 0 * 4/4 = 2.25 + 0.5 + 0 = 2.75.
  // exclude: denominator 3 + 1 + 0 = 4, ratio = 2.75 / 4 = 0.6875 (exact in binary).
  const auto ex = qualis::completion(f, a);
  ASSERT_TRUE(ex.ratio.has_value());
  EXPECT_DOUBLE_EQ(*ex.ratio, 0.6875);
  EXPECT_EQ(ex.rated, 3U);  // the zero-weight d counts as rated
  EXPECT_EQ(ex.unrated, 1U);
  EXPECT_DOUBLE_EQ(ex.weight_rated, 4.0);
  EXPECT_DOUBLE_EQ(ex.weight_total, 6.0);
  // as_zero: denominator 3 + 1 + 2 + 0 = 6, ratio = 2.75 / 6 = 11/24 = 0.458333...
  const auto z = qualis::completion(f, a, CompletionOptions{UnratedPolicy::as_zero});
  ASSERT_TRUE(z.ratio.has_value());
  EXPECT_DOUBLE_EQ(*z.ratio, 11.0 / 24.0);
  EXPECT_EQ(z.rated, 3U);
  EXPECT_EQ(z.unrated, 1U);
  EXPECT_DOUBLE_EQ(z.weight_rated, 4.0);
}

TEST(Completion, ZeroWeightStepsDoNotMoveTheRatio) {
  const StepFramework f = unequal();
  // The same a, b, c ratings with d at 0, at 4, and not assessed: the ratio must not change.
  // a = 4, b = 0, c = 2: numerator 3 * 1 + 1 * 0 + 2 * 1/2 = 4; denominator 6; ratio 2/3 under both policies.
  for (const int d : {-1, 0, 4}) {
    StepAssessment a{"dz-sports", Period::half_year(2021, 1), {{"a", 4, ""}, {"b", 0, ""}, {"c", 2, ""}}, ""};
    if (d >= 0) a.ratings.push_back({"d", d, ""});
    for (const auto policy : {UnratedPolicy::exclude, UnratedPolicy::as_zero}) {
      const auto c = qualis::completion(f, a, {policy});
      ASSERT_TRUE(c.ratio.has_value());
      EXPECT_DOUBLE_EQ(*c.ratio, 2.0 / 3.0) << "d = " << d;
      EXPECT_EQ(c.rated, d >= 0 ? 4U : 3U);
      EXPECT_EQ(c.unrated, d >= 0 ? 0U : 1U);
    }
  }
}

TEST(Completion, NothingRatedIsEmptyNotNaN) {
  const StepFramework f = unequal();
  const StepAssessment none{"dz-sports", Period::annual(2021), {}, ""};
  const auto ex = qualis::completion(f, none);
  EXPECT_FALSE(ex.ratio.has_value());
  EXPECT_EQ(ex.rated, 0U);
  EXPECT_EQ(ex.unrated, 4U);
  EXPECT_EQ(ex.weight_rated, 0.0);
  // as_zero: every step counts as level 0, so the ratio is 0 / 6 = 0.
  const auto z = qualis::completion(f, none, {UnratedPolicy::as_zero});
  ASSERT_TRUE(z.ratio.has_value());
  EXPECT_EQ(*z.ratio, 0.0);

  // Only the zero-weight step rated: under exclude the denominator is 0, so no ratio; under as_zero 0 / 6.
  const StepAssessment only_d{"dz-sports", Period::annual(2021), {{"d", 4, ""}}, ""};
  const auto ex_d = qualis::completion(f, only_d);
  EXPECT_FALSE(ex_d.ratio.has_value());
  EXPECT_EQ(ex_d.rated, 1U);
  EXPECT_EQ(*qualis::completion(f, only_d, {UnratedPolicy::as_zero}).ratio, 0.0);
}

TEST(Completion, ElevenStepExample) {
  const StepFramework f = qualis::eleven_step_method();
  // Levels 4+3+3+2+2+3+1+4+2+0+3 = 27 of 11 * 4 = 44 with equal weights: 27/44 = 0.613636...
  const auto c = qualis::completion(f, dz_sports_2021());
  ASSERT_TRUE(c.ratio.has_value());
  EXPECT_NEAR(*c.ratio, 27.0 / 44.0, 1e-15);
  EXPECT_EQ(c.rated, 11U);
  EXPECT_EQ(c.unrated, 0U);
  EXPECT_NEAR(*qualis::completion(f, dz_sports_2021(), {UnratedPolicy::as_zero}).ratio, 27.0 / 44.0, 1e-15);

  // Everything at the top gives exactly 1 (w * (l/m) adds exactly w per step).
  StepAssessment top{"dz-sports", Period::annual(2022), {}, ""};
  for (const auto& id : f.ids()) top.ratings.push_back({id, 4, ""});
  EXPECT_EQ(*qualis::completion(f, top).ratio, 1.0);
}

TEST(Completion, ValidatesFirst) {
  const StepFramework f = qualis::eleven_step_method();
  expect_error<qualis::InvalidInput>(
      [&] {
        (void)qualis::completion(f, {"dz-sports", Period::annual(2021), {{"plan", 9, ""}}, ""});
      },
      ErrorCode::out_of_range, {"cluster=dz-sports, period=2021, step=plan", "level 9"});
}

// ---------------------------------------------------------------------------------------------------
// weakest_steps()

// p: w 1, 0..4; q: w 2, 0..2; r: w 2, 0..4; s: w 1, 0..4; t: w 0, 0..4; u: w 1, 0..4. Total weight W = 7.
StepFramework six() {
  return StepFramework({make_step("p", 1, 4), make_step("q", 2, 2), make_step("r", 2, 4), make_step("s", 1, 4),
                        make_step("t", 0, 4), make_step("u", 1, 4)});
}

// p = 2/4, q = 1/2, r = 2/4, s = 1/4, t = 1/4; u not assessed. Ratings deliberately out of order.
StepAssessment six_ratings() {
  return {
      "dz-sports", Period::annual(2021), {{"r", 2, ""}, {"t", 1, ""}, {"p", 2, ""}, {"s", 1, ""}, {"q", 1, ""}}, ""};
}

TEST(WeakestSteps, OrderWithTies) {
  const auto gaps = qualis::weakest_steps(six(), six_ratings(), 10);
  // Normalised 1/4: s (w 1) before t (w 0). Normalised 1/2 (q's 1/2 ties p's and r's 2/4 exactly):
  // q and r (w 2) before p (w 1); q before r by the method's order. u is not assessed: left out.
  ASSERT_EQ(gaps.size(), 5U);
  const std::vector<std::string> order = {"s", "t", "q", "r", "p"};
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(gaps[i].step, order[i]);
  // gap = 1 - l/m; weighted_gap = w / 7 * gap.
  EXPECT_EQ(gaps[0].level, 1);
  EXPECT_EQ(gaps[0].max_level, 4);
  EXPECT_DOUBLE_EQ(gaps[0].gap, 0.75);
  EXPECT_DOUBLE_EQ(gaps[0].weighted_gap, 0.75 / 7.0);
  EXPECT_DOUBLE_EQ(gaps[1].gap, 0.75);
  EXPECT_EQ(gaps[1].weighted_gap, 0.0);
  EXPECT_EQ(gaps[2].level, 1);
  EXPECT_EQ(gaps[2].max_level, 2);
  EXPECT_DOUBLE_EQ(gaps[2].gap, 0.5);
  EXPECT_DOUBLE_EQ(gaps[2].weighted_gap, 1.0 / 7.0);
  EXPECT_DOUBLE_EQ(gaps[3].weighted_gap, 1.0 / 7.0);
  EXPECT_DOUBLE_EQ(gaps[4].gap, 0.5);
  EXPECT_DOUBLE_EQ(gaps[4].weighted_gap, 0.5 / 7.0);
}

TEST(WeakestSteps, KLimitsTheList) {
  const auto two = qualis::weakest_steps(six(), six_ratings(), 2);
  ASSERT_EQ(two.size(), 2U);
  EXPECT_EQ(two[0].step, "s");
  EXPECT_EQ(two[1].step, "t");
  EXPECT_TRUE(qualis::weakest_steps(six(), six_ratings(), 0).empty());
  EXPECT_TRUE(qualis::weakest_steps(six(), {"dz-sports", Period::annual(2021), {}, ""}, 3).empty());
}

TEST(WeakestSteps, WeightedGapsAddUpToOneMinusStrictCompletion) {
  // as_zero ratio = (1*1/2 + 2*1/2 + 2*1/2 + 1*1/4 + 0*1/4 + 1*0) / 7 = 2.75 / 7.
  // Rated weighted gaps: (0.75 + 0 + 1 + 1 + 0.5) / 7 = 3.25 / 7; the unrated u would add 1 * 1 / 7.
  // 3.25/7 + 1/7 = 4.25/7 = 1 - 2.75/7.
  const auto gaps = qualis::weakest_steps(six(), six_ratings(), 10);
  double sum = 0.0;
  for (const auto& g : gaps) sum += g.weighted_gap;
  EXPECT_NEAR(sum, 3.25 / 7.0, 1e-15);
  const auto strict = qualis::completion(six(), six_ratings(), {UnratedPolicy::as_zero});
  EXPECT_NEAR(sum + 1.0 / 7.0, 1.0 - *strict.ratio, 1e-15);
}

TEST(WeakestSteps, ElevenStepExample) {
  const auto gaps = qualis::weakest_steps(qualis::eleven_step_method(), dz_sports_2021(), 3);
  // Equal weights, so level then method order: international_cooperation (0), workforce (1),
  // then the first step at 2 in the method's order, benchmarking.
  ASSERT_EQ(gaps.size(), 3U);
  EXPECT_EQ(gaps[0].step, "international_cooperation");
  EXPECT_DOUBLE_EQ(gaps[0].gap, 1.0);
  EXPECT_DOUBLE_EQ(gaps[0].weighted_gap, 1.0 / 11.0);
  EXPECT_EQ(gaps[1].step, "workforce");
  EXPECT_EQ(gaps[2].step, "benchmarking");
}

// ---------------------------------------------------------------------------------------------------
// stage_counts()

TEST(StageCounts, ElevenStepExample) {
  StepAssessment a = dz_sports_2021();
  // Levels: 0: international_cooperation; 1: workforce; 2: benchmarking, innovation, regional_brand;
  // 3: industrial_chain, leading_enterprises, certification, anti_counterfeiting; 4: plan, trading_platforms.
  const auto all = qualis::stage_counts(qualis::eleven_step_method(), a);
  EXPECT_EQ(all.by_level, (std::vector<std::size_t>{1, 1, 3, 4, 2}));
  EXPECT_EQ(all.rated, 11U);
  EXPECT_EQ(all.unrated, 0U);
  // Drop international_cooperation (level 0) and workforce (level 1): they become "not assessed",
  // which is not counted as level 0.
  a.ratings.erase(a.ratings.begin() + 9);
  a.ratings.erase(a.ratings.begin() + 6);
  const auto some = qualis::stage_counts(qualis::eleven_step_method(), a);
  EXPECT_EQ(some.by_level, (std::vector<std::size_t>{0, 0, 3, 4, 2}));
  EXPECT_EQ(some.rated, 9U);
  EXPECT_EQ(some.unrated, 2U);
}

TEST(StageCounts, SizedByTheLongestRubric) {
  // a: 0..4, b: 0..2, c: 0..4, d: 0..4. b = 2 is its top but counts at level 2 of 0..4.
  const StepAssessment a{"dz-sports", Period::annual(2021), {{"b", 2, ""}, {"c", 2, ""}}, ""};
  const auto counts = qualis::stage_counts(unequal(), a);
  EXPECT_EQ(counts.by_level, (std::vector<std::size_t>{0, 0, 2, 0, 0}));
  EXPECT_EQ(counts.rated, 2U);
  EXPECT_EQ(counts.unrated, 2U);
}

// ---------------------------------------------------------------------------------------------------
// The example in docs/reference/steps.md, kept compiling here.

TEST(StepsDocs, Example) {
  const qualis::StepFramework method = qualis::eleven_step_method();
  qualis::StepAssessment a;
  a.cluster = "dz-sports";
  a.period = qualis::Period::half_year(2021, 1);
  a.ratings = {{"plan", 4, "upgrading plan issued"}, {"certification", 3, ""}, {"workforce", 1, ""}};
  a.assessor = "provincial quality institute";

  const qualis::StepCompletion c = qualis::completion(method, a);  // (4/4 + 3/4 + 1/4) / 3 = 2/3
  const qualis::StepCompletion strict =
      qualis::completion(method, a, {qualis::UnratedPolicy::as_zero});               // (1 + 3/4 + 1/4) / 11 = 2/11
  const std::vector<qualis::StepGap> weakest = qualis::weakest_steps(method, a, 1);  // workforce, gap 3/4

  ASSERT_TRUE(c.ratio.has_value());
  EXPECT_NEAR(*c.ratio, 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(*strict.ratio, 2.0 / 11.0, 1e-15);
  EXPECT_EQ(c.unrated, 8U);
  ASSERT_EQ(weakest.size(), 1U);
  EXPECT_EQ(weakest[0].step, "workforce");
  EXPECT_DOUBLE_EQ(weakest[0].gap, 0.75);
}

}  // namespace
