// Tests for qualis/prepare/denominate.hpp: values against an independent computation, scale factors, new and
// replaced indicators, missing values and late joiners, zero and negative denominators, overflow, invariants
// and every bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <qualis/prepare/denominate.hpp>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::DenominateOptions;
using qualis::DenominateResult;
using qualis::DenominationRule;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::NumericalError;
using qualis::Panel;
using qualis::Period;
using qualis::ZeroDenominator;
using qualis_test::expect_error;
using testing::ElementsAre;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);
const std::string baoding = "保定市";

// 3 units x {rev (yuan), ent (enterprises), profit (yuan)} x 2 periods; "hs" joins in 2021 (no 2020 data),
// "dz" reports 0 enterprises in 2020 and a loss:
//   2020: 保定市 {2e9, 40, 1e8}   dz {5e8, 0, -2e7}   hs {-, -, -}
//   2021: 保定市 {3e9, 50, 1.5e8} dz {6e8, 10, 3e7}   hs {1e8, 4, -}
Panel panel() {
  Panel p({baoding, "dz", "hs"}, {"rev", "ent", "profit"}, {y2020, y2021});
  const double v2020[3][3] = {{2e9, 40, 1e8}, {5e8, 0, -2e7}, {nan, nan, nan}};
  const double v2021[3][3] = {{3e9, 50, 1.5e8}, {6e8, 10, 3e7}, {1e8, 4, nan}};
  for (std::size_t u = 0; u < 3; ++u) {
    for (std::size_t i = 0; i < 3; ++i) {
      p.set(u, i, 0, v2020[u][i]);
      p.set(u, i, 1, v2021[u][i]);
    }
  }
  return p;
}

// |a - b| <= 1e-9 max(1, |b|), or both missing.
void expect_value(const Panel& p, const std::string& unit, const std::string& indicator, const Period& period,
                  double want) {
  const double got = p.value(unit, indicator, period);
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << unit << " " << indicator << " " << period << ": " << got;
  } else {
    EXPECT_NEAR(got, want, 1e-9 * std::max(1.0, std::abs(want))) << unit << " " << indicator << " " << period;
  }
}

const std::vector<DenominationRule> rules = {
    {"rev", "ent", 1.0, "rev_per_ent"},  // revenue per enterprise, a new indicator
    {"profit", "rev", 1e8, ""},          // profit per 100 million yuan of revenue, replacing profit
};

TEST(Denominate, ValuesMatchIndependentComputation) {
  // Expected values: tests/reference/denominate.py.
  const DenominateResult r = qualis::denominate(panel(), rules);
  const Panel& p = r.panel;
  EXPECT_THAT(p.units(), ElementsAre(baoding, "dz", "hs"));
  EXPECT_THAT(p.indicators(), ElementsAre("rev", "ent", "profit", "rev_per_ent"));
  EXPECT_THAT(p.periods(), ElementsAre(y2020, y2021));
  expect_value(p, baoding, "rev_per_ent", y2020, 5e7);
  expect_value(p, "dz", "rev_per_ent", y2020, nan);  // 0 enterprises
  expect_value(p, "hs", "rev_per_ent", y2020, nan);  // not yet joined
  expect_value(p, baoding, "rev_per_ent", y2021, 6e7);
  expect_value(p, "dz", "rev_per_ent", y2021, 6e7);
  expect_value(p, "hs", "rev_per_ent", y2021, 2.5e7);
  expect_value(p, baoding, "profit", y2020, 5e6);
  expect_value(p, "dz", "profit", y2020, -4e6);  // a negative numerator is fine
  expect_value(p, "hs", "profit", y2020, nan);
  expect_value(p, baoding, "profit", y2021, 5e6);
  expect_value(p, "dz", "profit", y2021, 5e6);
  expect_value(p, "hs", "profit", y2021, nan);  // profit missing
  // Untouched indicators are copied exactly, missing cells included.
  expect_value(p, baoding, "rev", y2021, 3e9);
  expect_value(p, "dz", "ent", y2020, 0.0);
  expect_value(p, "hs", "rev", y2020, nan);
  expect_value(p, "hs", "ent", y2021, 4.0);
  EXPECT_EQ(p.missing_count(), 6u);  // hs 2020 (4 cells), dz rev_per_ent 2020, hs profit 2021
}

TEST(Denominate, RecordOfEveryRuleAndEveryZeroDenominator) {
  const DenominateResult r = qualis::denominate(panel(), rules);
  ASSERT_EQ(r.rules.size(), 2u);
  const auto& a = r.rules[0];
  EXPECT_EQ(a.numerator, "rev");
  EXPECT_EQ(a.denominator, "ent");
  EXPECT_EQ(a.target, "rev_per_ent");
  EXPECT_EQ(a.scale, 1.0);
  EXPECT_FALSE(a.replaced);
  EXPECT_EQ(a.computed, 4u);
  EXPECT_EQ(a.missing_input, 1u);  // hs 2020
  EXPECT_EQ(a.zero_denominator, 1u);
  EXPECT_EQ(a.negative_denominator, 0u);
  const auto& b = r.rules[1];
  EXPECT_EQ(b.target, "profit");
  EXPECT_TRUE(b.replaced);
  EXPECT_EQ(b.scale, 1e8);
  EXPECT_EQ(b.computed, 4u);
  EXPECT_EQ(b.missing_input, 2u);  // hs 2020 (both missing), hs 2021 (profit missing)
  EXPECT_EQ(b.zero_denominator, 0u);
  ASSERT_EQ(r.zero_denominator_cells.size(), 1u);
  const auto& c = r.zero_denominator_cells[0];
  EXPECT_EQ(c.rule, 0u);
  EXPECT_EQ(c.unit, "dz");
  EXPECT_EQ(c.target, "rev_per_ent");
  EXPECT_EQ(c.period, y2020);
  EXPECT_EQ(c.numerator, 5e8);
  // Every cell of every rule is accounted for: computed + missing + zero = units x periods.
  for (const auto& rec : r.rules) EXPECT_EQ(rec.computed + rec.missing_input + rec.zero_denominator, 6u);
}

TEST(Denominate, ZeroDenominatorCellsInRuleThenPeriodThenUnitOrder) {
  Panel p = panel();
  p.set("保定市", "ent", y2021, 0.0);
  p.set("hs", "rev", y2021, -0.0);  // -0 is zero too
  const DenominateResult r = qualis::denominate(p, {{"profit", "rev", 1.0, "margin"}, {"rev", "ent", 1.0, ""}});
  ASSERT_EQ(r.zero_denominator_cells.size(), 3u);
  EXPECT_EQ(r.zero_denominator_cells[0].rule, 0u);
  EXPECT_EQ(r.zero_denominator_cells[0].unit, "hs");
  EXPECT_TRUE(std::isnan(r.zero_denominator_cells[0].numerator));  // profit of hs is missing in 2021
  EXPECT_EQ(r.zero_denominator_cells[1].rule, 1u);
  EXPECT_EQ(r.zero_denominator_cells[1].unit, "dz");
  EXPECT_EQ(r.zero_denominator_cells[1].period, y2020);
  EXPECT_EQ(r.zero_denominator_cells[2].unit, baoding);
  EXPECT_EQ(r.zero_denominator_cells[2].period, y2021);
  EXPECT_EQ(r.zero_denominator_cells[2].target, "rev");
  expect_value(r.panel, baoding, "rev", y2021, nan);
}

TEST(Denominate, ZeroDenominatorRejectedByOption) {
  DenominateOptions o;
  o.zero_denominator = ZeroDenominator::reject;
  expect_error<InvalidInput>([&] { (void)qualis::denominate(panel(), rules, o); }, ErrorCode::out_of_range,
                             {"denominate", "unit \"dz\"", "\"rev\" / \"ent\"", "period 2020", "denominator is zero"});
  // Without a zero denominator the option changes nothing.
  const DenominateResult r = qualis::denominate(panel(), {rules[1]}, o);
  expect_value(r.panel, "dz", "profit", y2020, -4e6);
}

TEST(Denominate, NegativeDenominator) {
  Panel p = panel();
  p.set("dz", "rev", y2021, -6e8);
  expect_error<InvalidInput>([&] { (void)qualis::denominate(p, rules); }, ErrorCode::out_of_range,
                             {"unit \"dz\"", "\"profit\" / \"rev\"", "period 2021", "-600000000 is negative"});
  DenominateOptions o;
  o.allow_negative_denominator = true;
  const DenominateResult r = qualis::denominate(p, rules, o);
  expect_value(r.panel, "dz", "profit", y2021, -5e6);
  EXPECT_EQ(r.rules[1].negative_denominator, 1u);
  EXPECT_EQ(r.rules[0].negative_denominator, 0u);
}

TEST(Denominate, ScaleFactorScalesLinearly) {
  const DenominateResult one = qualis::denominate(panel(), {{"rev", "ent", 1.0, "x"}});
  const DenominateResult hundred = qualis::denominate(panel(), {{"rev", "ent", 100.0, "x"}});
  for (const auto& u : {baoding, std::string("dz"), std::string("hs")}) {
    for (const auto& y : {y2020, y2021}) {
      const double a = one.panel.value(u, "x", y);
      const double b = hundred.panel.value(u, "x", y);
      EXPECT_EQ(std::isnan(a), std::isnan(b));
      if (!std::isnan(a)) {
        EXPECT_NEAR(b, 100.0 * a, 1e-12 * std::abs(b));
      }
    }
  }
  expect_value(hundred.panel, "hs", "x", y2021, 2.5e9);  // tests/reference/denominate.py
  EXPECT_EQ(DenominationRule{}.scale, 1.0);
}

TEST(Denominate, EveryRuleReadsTheInputAndRuleOrderOnlyMovesNewIndicators) {
  // Rule 0 replaces rev; rule 1 divides by rev: it still sees the original revenue.
  const std::vector<DenominationRule> forward = {{"rev", "ent", 1.0, ""}, {"profit", "rev", 1e8, "margin"}};
  const std::vector<DenominationRule> backward = {forward[1], forward[0]};
  const DenominateResult f = qualis::denominate(panel(), forward);
  const DenominateResult b = qualis::denominate(panel(), backward);
  expect_value(f.panel, baoding, "margin", y2020, 5e6);
  expect_value(f.panel, baoding, "rev", y2020, 5e7);
  EXPECT_TRUE(f.panel.identical(b.panel));  // one new indicator: the same panel either way
  const std::vector<DenominationRule> two_new = {{"rev", "ent", 1.0, "a"}, {"profit", "ent", 1.0, "b"}};
  const DenominateResult x = qualis::denominate(panel(), two_new);
  const DenominateResult y = qualis::denominate(panel(), {two_new[1], two_new[0]});
  EXPECT_THAT(x.panel.indicators(), ElementsAre("rev", "ent", "profit", "a", "b"));
  EXPECT_THAT(y.panel.indicators(), ElementsAre("rev", "ent", "profit", "b", "a"));
  EXPECT_TRUE(x.panel.identical(y.panel.select_indicators({"rev", "ent", "profit", "a", "b"})));
}

TEST(Denominate, UnitOrderDoesNotChangeValues) {
  const Panel p = panel();
  const Panel q = p.select_units({"hs", "dz", baoding});
  const DenominateResult a = qualis::denominate(p, rules);
  const DenominateResult b = qualis::denominate(q, rules);
  EXPECT_TRUE(a.panel.identical(b.panel.select_units(p.units())));
}

TEST(Denominate, ChineseIdsRoundTrip) {
  Panel p({baoding, "定州市"}, {"营业收入", "企业数"}, {y2021});
  p.set(0, 0, 0, 1e9);
  p.set(0, 1, 0, 20);
  p.set(1, 0, 0, 4e8);
  p.set(1, 1, 0, 0);
  const DenominateResult r = qualis::denominate(p, {{"营业收入", "企业数", 1.0, "户均营业收入"}});
  EXPECT_THAT(r.panel.indicators(), ElementsAre("营业收入", "企业数", "户均营业收入"));
  expect_value(r.panel, baoding, "户均营业收入", y2021, 5e7);
  ASSERT_EQ(r.zero_denominator_cells.size(), 1u);
  EXPECT_EQ(r.zero_denominator_cells[0].unit, "定州市");
  EXPECT_EQ(r.zero_denominator_cells[0].target, "户均营业收入");
  EXPECT_EQ(r.rules[0].target, "\xe6\x88\xb7\xe5\x9d\x87\xe8\x90\xa5\xe4\xb8\x9a\xe6\x94\xb6\xe5\x85\xa5");
}

TEST(Denominate, OverflowIsAnErrorNamingTheCell) {
  Panel p = panel();
  p.set("dz", "rev", y2021, 1e300);
  p.set("dz", "ent", y2021, 1e-10);
  expect_error<NumericalError>(
      [&] { (void)qualis::denominate(p, rules); }, ErrorCode::numerical,
      {"denominate", "unit \"dz\"", "\"rev\" / \"ent\"", "period 2021", "overflows", "1e+300 / 1e-10 * 1"});
  // The scale can overflow a finite quotient too.
  p = panel();
  expect_error<NumericalError>(
      [&] {
        (void)qualis::denominate(p, {{"rev", "ent", 1e305, "x"}});
      },
      ErrorCode::numerical, {"unit \"保定市\"", "period 2020", "overflows"});
}

TEST(Denominate, BadInput) {
  const Panel p = panel();
  const auto run = [&p](const std::vector<DenominationRule>& rs) { (void)qualis::denominate(p, rs); };
  expect_error<InvalidInput>([&] { run({}); }, ErrorCode::empty_input, {"denominate", "no denomination rules"});
  expect_error<NotFound>(
      [&] {
        run({rules[0], {"nope", "ent", 1.0, ""}});
      },
      ErrorCode::not_found, {"denominate", "rule 1: numerator \"nope\" is not an indicator"});
  expect_error<NotFound>(
      [&] {
        run({{"rev", "人口", 1.0, ""}});
      },
      ErrorCode::not_found, {"rule 0: denominator \"人口\" is not an indicator"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "rev", 1.0, "one"}});
      },
      ErrorCode::inconsistent, {"rule 0: divides \"rev\" by itself"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", 0.0, ""}});
      },
      ErrorCode::out_of_range, {"rule 0: scale 0 is not greater than 0"});
  expect_error<InvalidInput>([&] { run({{"rev", "ent", -100.0, ""}}); }, ErrorCode::out_of_range, {"scale -100"});
  expect_error<InvalidInput>([&] { run({{"rev", "ent", nan, ""}}); }, ErrorCode::not_finite, {"scale nan"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", std::numeric_limits<double>::infinity(), ""}});
      },
      ErrorCode::not_finite, {"is not finite"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", 1.0, " padded"}});
      },
      ErrorCode::invalid_id, {"rule 0: new id", "leading or trailing spaces"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", 1.0, "profit"}});
      },
      ErrorCode::duplicate_id, {"new id \"profit\" is already an indicator", "leave new_id empty"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", 1.0, "rev"}});
      },
      ErrorCode::duplicate_id, {"new id \"rev\" is already an indicator"});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", 1.0, "x"}, {"profit", "ent", 1.0, "x"}});
      },
      ErrorCode::duplicate_id, {"rules 0 and 1 both write indicator \"x\""});
  expect_error<InvalidInput>(
      [&] {
        run({{"rev", "ent", 1.0, ""}, {"rev", "profit", 1.0, ""}});
      },
      ErrorCode::duplicate_id, {"rules 0 and 1 both write indicator \"rev\""});
  DenominateOptions o;
  o.zero_denominator = static_cast<ZeroDenominator>(5);
  expect_error<InvalidInput>([&] { (void)qualis::denominate(p, rules, o); }, ErrorCode::invalid_argument,
                             {"zero-denominator rule 5"});
}

TEST(Denominate, DocumentationExample) {
  // docs/reference/denominate.md
  const Period y = Period::annual(2021);
  Panel panel({"保定市", "定州市"}, {"rev", "ent", "profit"}, {y});
  panel.set("保定市", "rev", y, 3e9);
  panel.set("保定市", "ent", y, 50);
  panel.set("保定市", "profit", y, 1.5e8);
  panel.set("定州市", "rev", y, 6e8);
  panel.set("定州市", "ent", y, 0);
  panel.set("定州市", "profit", y, 3e7);
  const qualis::DenominateResult r = qualis::denominate(panel, {
                                                                   {"rev", "ent", 1.0, "rev_per_ent"},
                                                                   {"profit", "rev", 1e8, ""},
                                                               });
  EXPECT_THAT(r.panel.indicators(), ElementsAre("rev", "ent", "profit", "rev_per_ent"));
  expect_value(r.panel, "保定市", "rev_per_ent", y, 6e7);
  expect_value(r.panel, "保定市", "profit", y, 5e6);
  expect_value(r.panel, "定州市", "rev_per_ent", y, nan);
  expect_value(r.panel, "定州市", "profit", y, 5e6);
  ASSERT_EQ(r.zero_denominator_cells.size(), 1u);
  EXPECT_EQ(r.zero_denominator_cells[0].unit, "定州市");
  EXPECT_EQ(r.zero_denominator_cells[0].target, "rev_per_ent");
}

TEST(Denominate, EnumNames) {
  EXPECT_STREQ(qualis::to_string(ZeroDenominator::missing), "missing");
  EXPECT_STREQ(qualis::to_string(ZeroDenominator::reject), "reject");
  EXPECT_STREQ(qualis::to_string(static_cast<ZeroDenominator>(9)), "unknown");
  const DenominateOptions o;
  EXPECT_EQ(o.zero_denominator, ZeroDenominator::missing);
  EXPECT_FALSE(o.allow_negative_denominator);
}

}  // namespace
