// Tests for qualis/prepare/screen.hpp: coverage screening of units and indicators per period and pooled, late
// joiners, force lists, the zero-variance check, apply_screen(), joining_periods(), invariants and bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <qualis/prepare/screen.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::ConstantRule;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::Panel;
using qualis::Period;
using qualis::ScreenDecision;
using qualis::ScreenOptions;
using qualis::ScreenRecord;
using qualis::ScreenResult;
using qualis_test::expect_error;
using testing::ElementsAre;
using testing::IsEmpty;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);
const std::string baoding = "保定市";

// 4 units x 3 indicators x 2 periods, hand-checkable (tests/reference/screen.py computes every share below):
//   2020: 保定市 {10, 5, -}   dz {20, 6, 1}   ts {-, -, 2}   hs {-, -, -}  (hs joins in 2021)
//   2021: 保定市 {11, 5, 1}   dz {21, -, 1}   ts {30, -, -}  hs {40, 7, -}
// "pat" is constant in 2021 (1 and 1 observed).
Panel panel() {
  Panel p({baoding, "dz", "ts", "hs"}, {"rev", "emp", "pat"}, {y2021, y2020});
  const double v2020[4][3] = {{10, 5, nan}, {20, 6, 1}, {nan, nan, 2}, {nan, nan, nan}};
  const double v2021[4][3] = {{11, 5, 1}, {21, nan, 1}, {30, nan, nan}, {40, 7, nan}};
  for (std::size_t u = 0; u < 4; ++u) {
    for (std::size_t i = 0; i < 3; ++i) {
      p.set(u, i, 0, v2020[u][i]);
      p.set(u, i, 1, v2021[u][i]);
    }
  }
  return p;
}

ScreenOptions joining() {
  ScreenOptions o;
  o.active_from = {{"hs", y2021}};
  return o;
}

const ScreenRecord& record(const std::vector<ScreenRecord>& records, const std::string& id) {
  const auto it = std::find_if(records.begin(), records.end(), [&](const ScreenRecord& r) { return r.id == id; });
  if (it == records.end()) throw std::runtime_error("no record " + id);
  return *it;
}

void expect_coverage(const ScreenRecord& r, std::size_t observed, std::size_t total) {
  EXPECT_EQ(r.coverage.observed, observed) << r.id;
  EXPECT_EQ(r.coverage.total, total) << r.id;
  EXPECT_DOUBLE_EQ(r.coverage.share, total == 0 ? 0.0 : static_cast<double>(observed) / static_cast<double>(total))
      << r.id;
}

TEST(Screen, DefaultsAreCoinrs) {
  const ScreenOptions o;
  EXPECT_EQ(o.min_unit_coverage, 2.0 / 3.0);  // COINr Screen.data.frame: dat_thresh <- 2/3
  EXPECT_EQ(o.min_indicator_coverage, 0.65);  // COINr get_stats: t_avail = 0.65
  EXPECT_EQ(o.constant, ConstantRule::flag);
}

TEST(Screen, CoinrTestCaseTenByTen) {
  // COINr's own test (tests/testthat/test-Screen.R, "screendf"): 10 units x 10 indicators; unit 1 lacks 5
  // values (50 %), unit 2 lacks 1 (90 %). At 0.75 only unit 1 goes; at 1 units 1 and 2; forcing unit 6 ("f")
  // out at 1 removes 1, 2 and 6. COINr screens units only, hence min_indicator_coverage = 0.
  std::vector<std::string> ids;
  std::vector<std::string> cols;
  for (char c = 'a'; c <= 'j'; ++c) ids.emplace_back(1, c);
  for (int j = 1; j <= 10; ++j) cols.push_back("V" + std::to_string(j));
  Panel p(ids, cols, {y2020});
  for (std::size_t u = 0; u < 10; ++u) {
    for (std::size_t i = 0; i < 10; ++i) p.set(u, i, 0, static_cast<double>(u * 10 + i) + 0.5);
  }
  for (std::size_t i = 0; i < 5; ++i) p.clear(0, i, 0);
  p.clear(1, 0, 0);
  ScreenOptions o;
  o.min_indicator_coverage = 0.0;
  o.min_unit_coverage = 0.75;
  EXPECT_THAT(qualis::screen_period(p, y2020, o).removed_units, ElementsAre("a"));
  o.min_unit_coverage = 1.0;
  EXPECT_THAT(qualis::screen_period(p, y2020, o).removed_units, ElementsAre("a", "b"));
  o.exclude_units = {"f"};
  const ScreenResult r = qualis::screen_period(p, y2020, o);
  EXPECT_THAT(r.removed_units, ElementsAre("a", "b", "f"));
  EXPECT_EQ(record(r.units, "f").decision, ScreenDecision::forced_out);
  EXPECT_FALSE(record(r.units, "f").below_threshold);
  EXPECT_EQ(record(r.units, "a").decision, ScreenDecision::below_coverage);
  expect_coverage(record(r.units, "a"), 5, 10);
  EXPECT_THAT(r.removed_indicators, IsEmpty());
}

TEST(Screen, PeriodWithLateJoinerIsNotPenalised) {
  // tests/reference/screen.py, "2020 joining".
  const ScreenResult r = qualis::screen_period(panel(), y2020, joining());
  EXPECT_THAT(r.periods, ElementsAre(y2020));
  EXPECT_THAT(r.kept_units, ElementsAre(baoding, "dz"));  // 保定市: 2 of 3 equals the threshold 2/3: kept
  EXPECT_THAT(r.removed_units, ElementsAre("ts"));
  EXPECT_THAT(r.inactive_units, ElementsAre("hs"));
  EXPECT_THAT(r.kept_indicators, ElementsAre("rev", "emp", "pat"));
  EXPECT_THAT(r.removed_indicators, IsEmpty());
  expect_coverage(record(r.units, baoding), 2, 3);
  expect_coverage(record(r.units, "dz"), 3, 3);
  expect_coverage(record(r.units, "ts"), 1, 3);
  expect_coverage(record(r.units, "hs"), 0, 0);
  EXPECT_EQ(record(r.units, "hs").decision, ScreenDecision::inactive);
  EXPECT_FALSE(record(r.units, "hs").is_kept());
  EXPECT_FALSE(record(r.units, "hs").is_removed());
  for (const auto& id : {"rev", "emp", "pat"}) expect_coverage(record(r.indicators, id), 2, 3);
  EXPECT_EQ(record(r.units, "ts").decision, ScreenDecision::below_coverage);
  EXPECT_TRUE(record(r.units, "ts").below_threshold);
  EXPECT_EQ(record(r.units, "ts").threshold, 2.0 / 3.0);
  EXPECT_EQ(record(r.indicators, "rev").threshold, 0.65);
}

TEST(Screen, PeriodWithoutJoiningPeriodsPenalisesTheLateJoiner) {
  // tests/reference/screen.py, "2020 no-joining": hs counts as 0 of 3 and drags every indicator to 2 of 4.
  const ScreenResult r = qualis::screen_period(panel(), y2020);
  EXPECT_THAT(r.removed_units, ElementsAre("ts", "hs"));
  EXPECT_THAT(r.inactive_units, IsEmpty());
  EXPECT_THAT(r.removed_indicators, ElementsAre("rev", "emp", "pat"));
  expect_coverage(record(r.indicators, "rev"), 2, 4);
}

TEST(Screen, Period2021AndConstantIndicator) {
  // tests/reference/screen.py, "2021 joining": every unit is active.
  const ScreenResult r = qualis::screen_period(panel(), y2021, joining());
  EXPECT_THAT(r.kept_units, ElementsAre(baoding, "dz", "hs"));
  EXPECT_THAT(r.removed_units, ElementsAre("ts"));
  EXPECT_THAT(r.kept_indicators, ElementsAre("rev"));
  EXPECT_THAT(r.removed_indicators, ElementsAre("emp", "pat"));
  expect_coverage(record(r.indicators, "emp"), 2, 4);
  EXPECT_THAT(r.constant_indicators, ElementsAre("pat"));
  EXPECT_THAT(record(r.indicators, "pat").constant_in, ElementsAre(y2021));
  // Coverage comes first: pat is below_coverage, not constant, even with ConstantRule::remove.
  ScreenOptions o = joining();
  o.constant = ConstantRule::remove;
  EXPECT_EQ(record(qualis::screen_period(panel(), y2021, o).indicators, "pat").decision,
            ScreenDecision::below_coverage);
}

TEST(Screen, ConstantRules) {
  ScreenOptions o = joining();
  o.min_indicator_coverage = 0.5;  // pat (2 of 4) now passes coverage
  const ScreenResult flagged = qualis::screen_period(panel(), y2021, o);
  EXPECT_EQ(record(flagged.indicators, "pat").decision, ScreenDecision::kept);
  EXPECT_THAT(flagged.constant_indicators, ElementsAre("pat"));

  o.constant = ConstantRule::remove;
  const ScreenResult removed = qualis::screen_period(panel(), y2021, o);
  EXPECT_EQ(record(removed.indicators, "pat").decision, ScreenDecision::constant);
  EXPECT_THAT(removed.removed_indicators, ElementsAre("pat"));
  EXPECT_THAT(qualis::describe(record(removed.indicators, "pat"), "indicator"),
              testing::HasSubstr("zero variance in 1 period(s), first 2021"));
  o.include_indicators = {"pat"};  // forcing overrides the constant rule too
  EXPECT_EQ(record(qualis::screen_period(panel(), y2021, o).indicators, "pat").decision, ScreenDecision::forced_in);

  o = joining();
  o.constant = ConstantRule::ignore;
  const ScreenResult ignored = qualis::screen_period(panel(), y2021, o);
  EXPECT_THAT(ignored.constant_indicators, IsEmpty());
  EXPECT_THAT(record(ignored.indicators, "pat").constant_in, IsEmpty());

  // A single observed value is constant; no observed value is not.
  Panel p({"a", "b"}, {"x", "y"}, {y2020});
  p.set(0, 0, 0, 3.0);
  p.set(0, 1, 0, 1.0);
  p.set(1, 1, 0, 2.0);
  ScreenOptions none;
  none.min_indicator_coverage = 0.0;
  none.min_unit_coverage = 0.0;
  EXPECT_THAT(qualis::screen_period(p, y2020, none).constant_indicators, ElementsAre("x"));
  p.clear(0, 0, 0);
  EXPECT_THAT(qualis::screen_period(p, y2020, none).constant_indicators, IsEmpty());
}

TEST(Screen, PooledWithLateJoiner) {
  // tests/reference/screen.py, "pooled joining": hs is judged on 2021 only (2 of 3).
  const ScreenResult r = qualis::screen_pooled(panel(), joining());
  EXPECT_THAT(r.periods, ElementsAre(y2020, y2021));
  EXPECT_THAT(r.kept_units, ElementsAre(baoding, "dz", "hs"));
  EXPECT_THAT(r.removed_units, ElementsAre("ts"));
  expect_coverage(record(r.units, baoding), 5, 6);
  expect_coverage(record(r.units, "dz"), 5, 6);
  expect_coverage(record(r.units, "ts"), 2, 6);
  expect_coverage(record(r.units, "hs"), 2, 3);
  expect_coverage(record(r.indicators, "rev"), 6, 7);
  expect_coverage(record(r.indicators, "emp"), 4, 7);
  expect_coverage(record(r.indicators, "pat"), 4, 7);
  EXPECT_THAT(r.kept_indicators, ElementsAre("rev"));
  EXPECT_THAT(r.removed_indicators, ElementsAre("emp", "pat"));
  EXPECT_THAT(r.constant_indicators, ElementsAre("pat"));

  // "pooled no-joining": hs falls to 2 of 6, rev to 6 of 8.
  const ScreenResult plain = qualis::screen_pooled(panel());
  EXPECT_THAT(plain.removed_units, ElementsAre("ts", "hs"));
  expect_coverage(record(plain.units, "hs"), 2, 6);
  expect_coverage(record(plain.indicators, "rev"), 6, 8);
}

TEST(Screen, ValuesBeforeJoiningAreRecordedNotCounted) {
  Panel p = panel();
  p.set("hs", "rev", y2020, 99.0);
  const ScreenResult r = qualis::screen_pooled(p, joining());
  EXPECT_EQ(record(r.units, "hs").observed_while_inactive, 1u);
  expect_coverage(record(r.units, "hs"), 2, 3);
  expect_coverage(record(r.indicators, "rev"), 6, 7);
  const ScreenResult r2020 = qualis::screen_period(p, y2020, joining());
  EXPECT_EQ(record(r2020.units, "hs").observed_while_inactive, 1u);
  EXPECT_EQ(record(r2020.units, "hs").decision, ScreenDecision::inactive);
}

TEST(Screen, UnitActiveInNoPeriodIsInactiveWhenPooled) {
  ScreenOptions o;
  o.active_from = {{"hs", Period::annual(2022)}};
  const ScreenResult r = qualis::screen_pooled(panel(), o);
  EXPECT_THAT(r.inactive_units, ElementsAre("hs"));
  EXPECT_THAT(r.removed_units, ElementsAre("ts"));
}

TEST(Screen, ActivityFollowsIsActiveInAcrossFrequencies) {
  // Joined 2021M05: active in the annual period 2021 and in 2021Q2, not in 2021Q1.
  Panel p({"a", "b"}, {"x"}, {Period::quarter(2021, 1), Period::quarter(2021, 2), y2021});
  p.set(0, 0, 0, 1.0);
  p.set(0, 0, 1, 2.0);
  p.set(0, 0, 2, 3.0);
  p.set(1, 0, 1, 4.0);
  p.set(1, 0, 2, 5.0);
  ScreenOptions o;
  o.active_from = {{"b", Period::month(2021, 5)}};
  const std::vector<ScreenResult> each = qualis::screen_each_period(p, o);
  ASSERT_EQ(each.size(), 3u);
  EXPECT_THAT(p.periods(), ElementsAre(Period::quarter(2021, 1), y2021, Period::quarter(2021, 2)));
  EXPECT_THAT(each[0].inactive_units, ElementsAre("b"));
  for (std::size_t k = 1; k < 3; ++k) {
    EXPECT_THAT(each[k].inactive_units, IsEmpty());
    EXPECT_THAT(each[k].kept_units, ElementsAre("a", "b"));
  }
}

TEST(Screen, EachPeriodEqualsScreenPeriod) {
  const std::vector<ScreenResult> each = qualis::screen_each_period(panel(), joining());
  ASSERT_EQ(each.size(), 2u);
  for (std::size_t p = 0; p < 2; ++p) {
    const ScreenResult one = qualis::screen_period(panel(), panel().periods()[p], joining());
    EXPECT_EQ(each[p].kept_units, one.kept_units);
    EXPECT_EQ(each[p].removed_units, one.removed_units);
    EXPECT_EQ(each[p].inactive_units, one.inactive_units);
    EXPECT_EQ(each[p].kept_indicators, one.kept_indicators);
    EXPECT_EQ(each[p].removed_indicators, one.removed_indicators);
    EXPECT_EQ(each[p].constant_indicators, one.constant_indicators);
  }
}

TEST(Screen, ForceLists) {
  ScreenOptions o = joining();
  o.include_units = {"ts"};
  o.exclude_units = {"dz"};
  o.include_indicators = {"emp"};
  o.exclude_indicators = {"rev"};
  const ScreenResult r = qualis::screen_pooled(panel(), o);
  const ScreenRecord& ts = record(r.units, "ts");
  EXPECT_EQ(ts.decision, ScreenDecision::forced_in);
  EXPECT_TRUE(ts.is_kept());
  EXPECT_TRUE(ts.below_threshold);
  // rev is forced out, so unit shares count emp and pat only: ts has pat 2020 of its 4 cells.
  expect_coverage(ts, 1, 4);
  EXPECT_EQ(record(r.units, "dz").decision, ScreenDecision::forced_out);
  expect_coverage(record(r.units, "dz"), 3, 4);
  // dz is forced out, so indicator shares count 保定市, ts (2 periods) and hs (2021): 5 cells.
  expect_coverage(record(r.indicators, "emp"), 3, 5);  // 5, 5, 7
  expect_coverage(record(r.indicators, "pat"), 2, 5);  // ts 2020, 保定市 2021
  EXPECT_EQ(record(r.indicators, "emp").decision, ScreenDecision::forced_in);
  EXPECT_EQ(record(r.indicators, "rev").decision, ScreenDecision::forced_out);
  EXPECT_EQ(record(r.indicators, "pat").decision, ScreenDecision::below_coverage);
  // hs has emp but not pat in 2021: 1 of 2 once rev is out.
  expect_coverage(record(r.units, "hs"), 1, 2);
  EXPECT_THAT(r.kept_units, ElementsAre(baoding, "ts"));
  EXPECT_THAT(r.removed_units, ElementsAre("dz", "hs"));
  EXPECT_THAT(r.kept_indicators, ElementsAre("emp"));
  EXPECT_THAT(r.removed_indicators, ElementsAre("rev", "pat"));
  EXPECT_THAT(qualis::describe(record(r.units, "dz"), "unit"),
              testing::HasSubstr("unit \"dz\": forced_out: forced (coverage 0.75 (3 of 4 cells) meets the threshold"));
  // A forced-in unit that is inactive stays inactive.
  ScreenOptions inactive = joining();
  inactive.include_units = {"hs"};
  EXPECT_EQ(record(qualis::screen_period(panel(), y2020, inactive).units, "hs").decision, ScreenDecision::inactive);
}

TEST(Screen, ThresholdsZeroAndOne) {
  ScreenOptions o = joining();
  o.min_unit_coverage = 0.0;
  o.min_indicator_coverage = 0.0;
  const ScreenResult all = qualis::screen_pooled(panel(), o);
  EXPECT_THAT(all.removed_units, IsEmpty());
  EXPECT_THAT(all.removed_indicators, IsEmpty());
  o.min_unit_coverage = 1.0;
  o.min_indicator_coverage = 1.0;
  const ScreenResult strict = qualis::screen_period(panel(), y2021, o);
  EXPECT_THAT(strict.kept_units, ElementsAre(baoding));
  EXPECT_THAT(strict.kept_indicators, ElementsAre("rev"));
}

TEST(Screen, RaisingTheThresholdOnlyRemovesMore) {
  std::set<std::string> before;
  for (int k = 0; k <= 20; ++k) {
    ScreenOptions o = joining();
    o.min_unit_coverage = k / 20.0;
    o.min_indicator_coverage = k / 20.0;
    const ScreenResult r = qualis::screen_pooled(panel(), o);
    std::set<std::string> removed(r.removed_units.begin(), r.removed_units.end());
    removed.insert(r.removed_indicators.begin(), r.removed_indicators.end());
    EXPECT_TRUE(std::includes(removed.begin(), removed.end(), before.begin(), before.end())) << "threshold " << k;
    before = removed;
  }
  EXPECT_EQ(before.size(), 7u);  // at 1 no unit or indicator is complete over both periods: all 4 + 3 removed
}

TEST(Screen, UnitOrderDoesNotChangeAnyDecision) {
  const Panel p = panel();
  const Panel reversed = p.select_units({"hs", "ts", "dz", baoding});
  const Panel shuffled = p.select_units({"dz", "hs", baoding, "ts"}).select_indicators({"pat", "rev", "emp"});
  for (const bool pooled : {true, false}) {
    const auto run = [&](const Panel& x) {
      return pooled ? qualis::screen_pooled(x, joining()) : qualis::screen_period(x, y2020, joining());
    };
    const ScreenResult a = run(p);
    for (const Panel* other : {&reversed, &shuffled}) {
      const ScreenResult b = run(*other);
      for (const ScreenRecord& r : a.units) {
        const ScreenRecord& s = record(b.units, r.id);
        EXPECT_EQ(s.decision, r.decision) << r.id;
        EXPECT_EQ(s.coverage.observed, r.coverage.observed) << r.id;
        EXPECT_EQ(s.coverage.total, r.coverage.total) << r.id;
      }
      for (const ScreenRecord& r : a.indicators) {
        const ScreenRecord& s = record(b.indicators, r.id);
        EXPECT_EQ(s.decision, r.decision) << r.id;
        EXPECT_EQ(s.coverage.observed, r.coverage.observed) << r.id;
        EXPECT_EQ(s.constant_in, r.constant_in) << r.id;
      }
    }
  }
}

TEST(Screen, ApplyScreenAndChineseIdsRoundTrip) {
  const Panel p = panel();
  const ScreenResult r = qualis::screen_pooled(p, joining());
  const Panel out = qualis::apply_screen(p, r);
  EXPECT_THAT(out.units(), ElementsAre(baoding, "dz", "hs"));
  EXPECT_THAT(out.indicators(), ElementsAre("rev"));
  EXPECT_THAT(out.periods(), ElementsAre(y2020, y2021));
  EXPECT_EQ(out.value(baoding, "rev", y2021), 11.0);
  EXPECT_TRUE(out.is_missing("hs", "rev", y2020));
  EXPECT_EQ(r.kept_units.front(), "\xe4\xbf\x9d\xe5\xae\x9a\xe5\xb8\x82");  // the UTF-8 bytes of 保定市
  EXPECT_EQ(qualis::describe(record(r.units, baoding), "unit"),
            "unit \"保定市\": kept: coverage 0.833333333333333 (5 of 6 cells) meets the threshold 0.666666666666667");
  EXPECT_EQ(qualis::describe(record(r.units, "ts"), "unit"),
            "unit \"ts\": below_coverage: coverage 0.333333333333333 (2 of 6 cells) is below the threshold "
            "0.666666666666667");
  // Per-period result: the inactive late joiner stays in the panel.
  const Panel p2020 = qualis::apply_screen(p, qualis::screen_period(p, y2020, joining()));
  EXPECT_THAT(p2020.units(), ElementsAre(baoding, "dz", "hs"));
  EXPECT_EQ(qualis::describe(record(qualis::screen_period(p, y2020, joining()).units, "hs"), "unit"),
            "unit \"hs\": inactive: not active in the screened period(s)");
}

TEST(Screen, JoiningPeriodsFromClusterSet) {
  using qualis::Cluster;
  const qualis::ClusterSet clusters({
      Cluster{baoding, {}, "130600", "", "2019", Period::annual(2019), {}},
      Cluster{"dz", {}, "130682", "", "2019", Period::annual(2019), {}},
      Cluster{"ts", {}, "130200", "", "2019", Period::annual(2019), {}},
      Cluster{"hs", {}, "131100", "", "X", Period::month(2021, 5), {}},
      Cluster{"extra", {}, "131100", "", "X", Period::month(2021, 5), {}},
  });
  ScreenOptions o;
  o.active_from = qualis::joining_periods(clusters, panel());
  EXPECT_EQ(o.active_from.size(), 4u);  // "extra" is not in the panel: ignored
  EXPECT_EQ(o.active_from.at("hs"), Period::month(2021, 5));
  EXPECT_THAT(qualis::screen_period(panel(), y2020, o).inactive_units, ElementsAre("hs"));
  const qualis::ClusterSet partial({Cluster{"dz", {}, "130682", "", "", Period::annual(2019), {}}});
  expect_error<NotFound>([&] { (void)qualis::joining_periods(partial, panel()); }, ErrorCode::not_found,
                         {"joining_periods", "保定市", "not in the cluster set"});
}

TEST(Screen, BadInput) {
  const Panel p = panel();
  const auto run = [&p](const ScreenOptions& o) { (void)qualis::screen_pooled(p, o); };
  expect_error<NotFound>([&] { (void)qualis::screen_period(p, Period::annual(2025), {}); }, ErrorCode::not_found,
                         {"screen_period", "no period 2025"});
  for (const double bad : {-0.1, 1.5}) {
    ScreenOptions o;
    o.min_unit_coverage = bad;
    expect_error<InvalidInput>([&] { run(o); }, ErrorCode::out_of_range, {"screen_pooled", "min_unit_coverage"});
    o = {};
    o.min_indicator_coverage = bad;
    expect_error<InvalidInput>([&] { run(o); }, ErrorCode::out_of_range, {"min_indicator_coverage"});
  }
  ScreenOptions o;
  o.min_unit_coverage = nan;
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::not_finite, {"min_unit_coverage", "not finite"});
  o = {};
  o.constant = static_cast<ConstantRule>(7);
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::invalid_argument, {"constant rule 7"});

  o = {};
  o.include_units = {"保定"};
  expect_error<NotFound>([&] { run(o); }, ErrorCode::not_found, {"unit \"保定\" in include_units is not in the panel"});
  o = {};
  o.exclude_units = {"nope"};
  expect_error<NotFound>([&] { run(o); }, ErrorCode::not_found, {"\"nope\" in exclude_units"});
  o = {};
  o.include_indicators = {"nope"};
  expect_error<NotFound>([&] { run(o); }, ErrorCode::not_found, {"indicator \"nope\" in include_indicators"});
  o = {};
  o.exclude_indicators = {"nope"};
  expect_error<NotFound>([&] { run(o); }, ErrorCode::not_found, {"indicator \"nope\" in exclude_indicators"});
  o = {};
  o.active_from = {{"nope", y2021}};
  expect_error<NotFound>([&] { run(o); }, ErrorCode::not_found, {"unit \"nope\" in active_from"});

  o = {};
  o.include_units = {"dz", "dz"};
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::duplicate_id, {"\"dz\" occurs twice in include_units"});
  o = {};
  o.include_units = {baoding};
  o.exclude_units = {"ts", baoding};
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::inconsistent,
                             {"unit \"保定市\" is both in include_units and in exclude_units"});
  o = {};
  o.include_indicators = {"emp"};
  o.exclude_indicators = {"emp"};
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::inconsistent,
                             {"indicator \"emp\" is both in include_indicators and in exclude_indicators"});
  o = {};
  o.exclude_indicators = {"rev", "emp", "pat"};
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::inconsistent, {"every indicator is in exclude_indicators"});
  o = {};
  o.exclude_units = {"hs", "ts", "dz", baoding};
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::inconsistent, {"every unit is in exclude_units"});
  o = joining();
  o.exclude_units = {"ts", "dz", baoding};
  expect_error<InvalidInput>([&] { (void)qualis::screen_period(p, y2020, o); }, ErrorCode::inconsistent,
                             {"screen_period", "no unit outside exclude_units is active in period 2020"});
  expect_error<InvalidInput>([&] { (void)qualis::screen_each_period(p, o); }, ErrorCode::inconsistent,
                             {"screen_each_period", "period 2020"});
  o.active_from = {{"hs", Period::annual(2030)}};
  expect_error<InvalidInput>([&] { run(o); }, ErrorCode::inconsistent, {"active in any period"});

  // apply_screen
  ScreenOptions all_out;
  all_out.min_unit_coverage = 1.0;
  all_out.min_indicator_coverage = 0.0;
  const ScreenResult none_kept = qualis::screen_period(p, y2020, all_out);
  EXPECT_THAT(none_kept.removed_units, ElementsAre(baoding, "ts", "hs"));  // dz is complete in 2020
  ScreenResult emptied = none_kept;
  emptied.units[1].decision = ScreenDecision::below_coverage;
  expect_error<InvalidInput>([&] { (void)qualis::apply_screen(p, emptied); }, ErrorCode::empty_input,
                             {"apply_screen", "every unit was removed"});
  ScreenResult no_indicator = qualis::screen_period(p, y2020, {});
  for (auto& r : no_indicator.indicators) r.decision = ScreenDecision::forced_out;
  expect_error<InvalidInput>([&] { (void)qualis::apply_screen(p, no_indicator); }, ErrorCode::empty_input,
                             {"every indicator was removed"});
  const ScreenResult other = qualis::screen_period(p.select_units({"dz", "ts"}), y2020, {});
  expect_error<InvalidInput>([&] { (void)qualis::apply_screen(p, other); }, ErrorCode::size_mismatch,
                             {"apply_screen", "2 units"});
  ScreenResult renamed = qualis::screen_period(p, y2020, {});
  renamed.units[0].id = "elsewhere";
  expect_error<NotFound>([&] { (void)qualis::apply_screen(p, renamed); }, ErrorCode::not_found,
                         {"unit \"elsewhere\" of the result"});
  renamed = qualis::screen_period(p, y2020, {});
  renamed.indicators[2].id = "elsewhere";
  expect_error<NotFound>([&] { (void)qualis::apply_screen(p, renamed); }, ErrorCode::not_found,
                         {"indicator \"elsewhere\" of the result"});
}

TEST(Screen, DocumentationExample) {
  // docs/reference/screen.md
  qualis::Panel panel({"保定市", "ts", "hs"}, {"rev", "emp", "pat"}, {Period::annual(2020), Period::annual(2021)});
  // 保定市 complete; ts reports rev only; hs reports everything from 2021, when it joined.
  for (std::size_t p = 0; p < 2; ++p) {
    for (std::size_t i = 0; i < 3; ++i) panel.set(0, i, p, static_cast<double>(10 * i + p + 1));
    panel.set(1, 0, p, static_cast<double>(p + 7));
  }
  for (std::size_t i = 0; i < 3; ++i) panel.set(2, i, 1, static_cast<double>(i + 4));
  qualis::ScreenOptions options;
  options.active_from = {{"hs", Period::annual(2021)}};
  const qualis::ScreenResult r = qualis::screen_pooled(panel, options);
  std::vector<std::string> lines;
  for (const auto& rec : r.units) lines.push_back(qualis::describe(rec, "unit"));
  EXPECT_THAT(lines,
              ElementsAre("unit \"保定市\": kept: coverage 1 (6 of 6 cells) meets the threshold 0.666666666666667",
                          "unit \"ts\": below_coverage: coverage 0.333333333333333 (2 of 6 cells) is below the "
                          "threshold 0.666666666666667",
                          "unit \"hs\": kept: coverage 1 (3 of 3 cells) meets the threshold 0.666666666666667"));
  const qualis::Panel screened = qualis::apply_screen(panel, r);
  EXPECT_THAT(screened.units(), ElementsAre("保定市", "hs"));
  EXPECT_THAT(screened.indicators(), ElementsAre("rev"));  // emp and pat: 3 of 5 cells, below 0.65
}

TEST(Screen, EnumNames) {
  EXPECT_STREQ(qualis::to_string(ScreenDecision::kept), "kept");
  EXPECT_STREQ(qualis::to_string(ScreenDecision::forced_in), "forced_in");
  EXPECT_STREQ(qualis::to_string(ScreenDecision::below_coverage), "below_coverage");
  EXPECT_STREQ(qualis::to_string(ScreenDecision::constant), "constant");
  EXPECT_STREQ(qualis::to_string(ScreenDecision::forced_out), "forced_out");
  EXPECT_STREQ(qualis::to_string(ScreenDecision::inactive), "inactive");
  EXPECT_STREQ(qualis::to_string(static_cast<ScreenDecision>(99)), "unknown");
  EXPECT_STREQ(qualis::to_string(ConstantRule::ignore), "ignore");
  EXPECT_STREQ(qualis::to_string(ConstantRule::flag), "flag");
  EXPECT_STREQ(qualis::to_string(ConstantRule::remove), "remove");
  EXPECT_STREQ(qualis::to_string(static_cast<ConstantRule>(99)), "unknown");
}

}  // namespace
