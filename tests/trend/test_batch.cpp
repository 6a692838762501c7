// qualis/trend/batch.hpp: the registry and the names, dispatch equal bit for bit to calling each method, the
// reasons of too-short, all-missing, constant and late-joiner series, the panel and row runners, and identical
// tables for 1 and 4 threads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <qualis/trend/batch.hpp>

#include "support/expect_error.hpp"
#include "support/registry.hpp"
#include "support/threads.hpp"

namespace {

using qualis::Period;
using qualis::TrendMethod;
using qualis::TrendStatus;
using ::testing::HasSubstr;

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<Period> years(int first, int count) {
  std::vector<Period> out;
  for (int k = 0; k < count; ++k) out.push_back(Period::annual(first + k));
  return out;
}

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index k = 0;
  for (const double d : v) x[k++] = d;
  return x;
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(TrendBatch, RegistryAndNames) {
  qualis_test::expect_registry_in_enum_order<TrendMethod>(qualis::trend_methods(), 13,
                                                          [](const char* n) { return qualis::parse_trend_method(n); });
  const std::vector<std::pair<std::string, TrendMethod>> spellings = {{"mk", TrendMethod::mk},
                                                                      {"hamed-rao", TrendMethod::hamed_rao},
                                                                      {"hamed_rao", TrendMethod::hamed_rao},
                                                                      {"Yue-Wang", TrendMethod::yue_wang},
                                                                      {"yue_wang", TrendMethod::yue_wang},
                                                                      {"PW", TrendMethod::pw},
                                                                      {"tfpw", TrendMethod::tfpw},
                                                                      {"seasonal", TrendMethod::seasonal},
                                                                      {"regional", TrendMethod::regional},
                                                                      {"sen", TrendMethod::sen},
                                                                      {"OLS", TrendMethod::ols},
                                                                      {"pettitt", TrendMethod::pettitt},
                                                                      {"cagr", TrendMethod::cagr},
                                                                      {"holt", TrendMethod::holt},
                                                                      {"GM11", TrendMethod::gm11}};
  for (const auto& [text, m] : spellings) EXPECT_EQ(qualis::parse_trend_method(text), m) << text;
  qualis_test::expect_error<qualis::ParseError>([] { (void)qualis::parse_trend_method("original"); },
                                                qualis::ErrorCode::parse_error,
                                                {"\"original\" is not a trend method", "hamed-rao", "gm11"},
                                                [](const qualis::ParseError& e) { EXPECT_EQ(e.line(), 0U); });
  EXPECT_EQ(qualis::trend_columns(TrendMethod::mk),
            (std::vector<std::string>{"trend", "h", "p", "z", "tau", "s", "var_s", "slope", "intercept"}));
  EXPECT_EQ(qualis::trend_columns(TrendMethod::holt, 2).back(), "forecast_2");
  EXPECT_EQ(qualis::trend_columns(TrendMethod::gm11, 0).back(), "mean_relative_error");
}

TEST(TrendBatch, DispatchEqualsTheMethodsBitForBit) {
  const std::vector<Period> p = years(2011, 12);
  const Eigen::VectorXd y = vec({3.1, 3.4, nan, 3.9, 4.4, 4.2, 5.0, 5.3, 5.1, 6.2, 6.0, 6.9});
  const qualis::Series s = qualis::make_series(p, y);
  qualis::TrendOptions o;
  qualis::MannKendallOptions mko;
  const auto check = [](const qualis::TrendSummary& t, const qualis::MannKendallResult& r) {
    EXPECT_EQ(t.status, r.status);
    EXPECT_EQ(t.n, r.n);
    EXPECT_EQ(t.missing, r.missing);
    EXPECT_TRUE(same(t.value("p"), r.p));
    EXPECT_TRUE(same(t.value("z"), r.z));
    EXPECT_TRUE(same(t.value("tau"), r.tau));
    EXPECT_TRUE(same(t.value("var_s"), r.var_s));
    EXPECT_TRUE(same(t.value("slope"), r.slope));
    EXPECT_TRUE(same(t.value("intercept"), r.intercept));
    EXPECT_EQ(t.value("s"), static_cast<double>(r.s));
    EXPECT_EQ(t.text("trend"), qualis::to_string(r.trend));
  };
  o.method = TrendMethod::mk;
  check(qualis::trend_summary(s, o), qualis::mann_kendall_test(s, mko));
  o.method = TrendMethod::hamed_rao;
  o.lag = 3;
  mko.lag = 3;
  check(qualis::trend_summary(s, o), qualis::hamed_rao_test(s, mko));
  o.method = TrendMethod::yue_wang;
  check(qualis::trend_summary(s, o), qualis::yue_wang_test(s, mko));
  o.method = TrendMethod::pw;
  check(qualis::trend_summary(s, o), qualis::pre_whitening_test(s, mko));
  o.method = TrendMethod::tfpw;
  check(qualis::trend_summary(s, o), qualis::trend_free_pre_whitening_test(s, mko));
  o.method = TrendMethod::seasonal;
  o.season_length = 4;
  mko.period = 4;
  check(qualis::trend_summary(s, o), qualis::seasonal_test(s, mko));
  o.method = TrendMethod::regional;
  check(qualis::trend_summary(s, o), qualis::regional_test({s}, mko));

  o.method = TrendMethod::sen;
  const qualis::SenResult sen = qualis::sen_slope(s);
  const auto ts = qualis::trend_summary(s, o);
  EXPECT_TRUE(same(ts.value("slope"), sen.slope) && same(ts.value("lower"), sen.lower) &&
              same(ts.value("upper"), sen.upper) && same(ts.value("intercept"), sen.intercept));

  o.method = TrendMethod::ols;
  const qualis::LinearTrend ols = qualis::linear_trend(s);
  const auto to = qualis::trend_summary(s, o);
  EXPECT_TRUE(same(to.value("slope"), ols.slope) && same(to.value("se"), ols.slope_se) &&
              same(to.value("p"), ols.slope_p) && same(to.value("r2"), ols.r_squared));

  o.method = TrendMethod::pettitt;
  const qualis::PettittResult pet = qualis::pettitt_test(s);
  const auto tp = qualis::trend_summary(p, y, o);
  EXPECT_TRUE(same(tp.value("k"), pet.k) && same(tp.value("p"), pet.p_value));
  EXPECT_EQ(tp.text("change_point"), p[static_cast<std::size_t>(pet.index)].to_string());

  o.method = TrendMethod::cagr;
  const auto tc = qualis::trend_summary(p, y, o);
  EXPECT_TRUE(same(tc.value("rate"), qualis::cagr(3.1, 6.9, 11.0).rate));
  EXPECT_EQ(tc.text("start"), "2011");
  EXPECT_EQ(tc.text("end"), "2022");

  // Forecasts need an unbroken span: the complete tail of the series.
  const qualis::Series tail = qualis::make_series(years(2014, 9), y.tail(9));
  o.method = TrendMethod::holt;
  o.horizon = 2;
  const qualis::HoltResult h = qualis::holt(tail, 2);
  const auto th = qualis::trend_summary(tail, o);
  EXPECT_TRUE(same(th.value("alpha"), h.alpha) && same(th.value("beta"), h.beta) &&
              same(th.value("forecast_1"), h.forecast[0]) && same(th.value("forecast_2"), h.forecast[1]));
  o.method = TrendMethod::gm11;
  const qualis::GreyResult g = qualis::grey_gm11(tail, 2);
  const auto tg = qualis::trend_summary(tail, o);
  EXPECT_TRUE(same(tg.value("a"), g.a) && same(tg.value("b"), g.b) && same(tg.value("forecast_2"), g.forecast[1]));
  EXPECT_EQ(tg.text("grade"), qualis::to_string(g.grade));
}

TEST(TrendBatch, ReasonsForSeriesWithoutAResult) {
  qualis::TrendOptions o;
  const auto two = qualis::trend_summary(years(2020, 2), vec({1.0, 2.0}), o);
  EXPECT_EQ(two.status, TrendStatus::too_short);
  EXPECT_EQ(two.reason, "2 observed values; mk needs at least 3");
  EXPECT_TRUE(std::isnan(two.value("p")));
  EXPECT_EQ(two.text("trend"), "");
  const auto none = qualis::trend_summary(years(2020, 3), vec({nan, nan, nan}), o);
  EXPECT_EQ(none.reason, "every value is missing");
  EXPECT_EQ(none.missing, 3U);
  o.method = TrendMethod::pw;
  EXPECT_EQ(qualis::trend_summary(years(2020, 3), vec({1, 2, 3}), o).reason, "3 observed values; pw needs at least 4");
  o.method = TrendMethod::holt;
  const auto gap = qualis::trend_summary(years(2018, 5), vec({1, 2, nan, 4, 5}), o);
  EXPECT_EQ(gap.status, TrendStatus::undefined);
  EXPECT_EQ(gap.reason, "the value of 2020 is missing inside the observed span; holt needs consecutive values");
  o.method = TrendMethod::sen;
  const auto flat = qualis::trend_summary(years(2018, 4), vec({2, 2, 2, 2}), o);
  EXPECT_EQ(flat.status, TrendStatus::constant);
  EXPECT_EQ(flat.value("slope"), 0.0);
  EXPECT_THAT(flat.reason, HasSubstr("every observed value is equal"));
  qualis_test::expect_error<qualis::NotFound>([&] { (void)flat.value("tau"); }, qualis::ErrorCode::not_found,
                                              {"sen has no column \"tau\""}, [](const auto&) {});
}

TEST(TrendBatch, BadOptionsAreRejected) {
  const qualis::Series s = qualis::make_series(vec({1, 2, 3, 4}));
  qualis::TrendOptions o;
  o.alpha = 1.0;
  qualis_test::expect_error<qualis::InvalidInput>([&] { (void)qualis::trend_summary(s, o); },
                                                  qualis::ErrorCode::out_of_range, {"trend_summary", "alpha 1"},
                                                  [](const auto&) {});
  o = {};
  o.horizon = -1;
  qualis_test::expect_error<qualis::InvalidInput>([&] { (void)qualis::trend_summary(s, o); },
                                                  qualis::ErrorCode::out_of_range, {"horizon -1"}, [](const auto&) {});
  o = {};
  qualis_test::expect_error<qualis::InvalidInput>(
      [&] { (void)qualis::trend_summary(std::vector<qualis::Series>{s}, o); }, qualis::ErrorCode::invalid_argument,
      {"regional"}, [](const auto&) {});
}

qualis::Panel late_joiner_panel() {
  // Units a, b (26) and c (+X, joined 2021) x indicators gdp, rd x 2017..2022.
  qualis::Panel panel({"a", "b", "c"}, {"gdp", "rd"}, years(2017, 6));
  for (int y = 2017; y <= 2022; ++y) {
    const double k = y - 2017;
    panel.set("a", "gdp", Period::annual(y), 10 + k * k);
    panel.set("a", "rd", Period::annual(y), 5 - 0.5 * k + (y % 2));
    panel.set("b", "gdp", Period::annual(y), 3.0);
    if (y != 2019) panel.set("b", "rd", Period::annual(y), 1 + k);
    panel.set("c", "gdp", Period::annual(y), y >= 2021 ? 20 + k : 99.0);  // values before 2021 must be ignored
  }
  return panel;
}

TEST(TrendBatch, PanelRowsLateJoinersAndReasons) {
  const qualis::Panel panel = late_joiner_panel();
  qualis::TrendOptions o;
  const qualis::TrendTable t = qualis::trend_panel(panel, o, {{"c", Period::annual(2021)}});
  ASSERT_EQ(t.rows.size(), 6U);
  EXPECT_EQ(t.columns, qualis::trend_columns(TrendMethod::mk));
  EXPECT_EQ(t.rows[0].unit, "a");
  EXPECT_EQ(t.rows[1].indicator, "rd");
  // a/gdp equals the direct call on the same series.
  const auto direct = qualis::trend_summary(panel.periods(), panel.indicator_matrix("gdp").row(0).transpose(), o);
  EXPECT_TRUE(same(t.rows[0].summary.value("p"), direct.value("p")));
  EXPECT_EQ(t.rows[2].summary.status, TrendStatus::constant);  // b/gdp
  EXPECT_EQ(t.rows[3].summary.missing, 1U);                    // b/rd: 2019 missing
  // c/gdp: 2021, 2022 kept (2 values), 4 values before joining ignored and counted.
  const qualis::TrendRow& c = t.rows[4];
  EXPECT_EQ(c.before_joining, 4U);
  EXPECT_EQ(c.summary.n, 2U);
  EXPECT_EQ(c.summary.reason, "joined 2021: 2 observed values; mk needs at least 3");
  EXPECT_EQ(t.rows[5].summary.reason, "joined 2021: every value is missing");
  for (const auto& row : t.rows) {
    EXPECT_TRUE(row.summary.status == TrendStatus::ok || !row.summary.reason.empty()) << row.unit << row.indicator;
  }
  qualis_test::expect_error<qualis::NotFound>(
      [&] {
        (void)qualis::trend_panel(panel, o, {{"zz", Period::annual(2021)}});
      },
      qualis::ErrorCode::not_found, {"trend_panel", "\"zz\""}, [](const auto&) {});
  // Regional: one row per indicator over all units.
  o.method = TrendMethod::regional;
  const qualis::TrendTable r = qualis::trend_panel(panel, o, {{"c", Period::annual(2021)}});
  ASSERT_EQ(r.rows.size(), 2U);
  EXPECT_EQ(r.rows[0].unit, "");
  EXPECT_EQ(r.rows[0].indicator, "gdp");
  EXPECT_EQ(r.rows[0].before_joining, 4U);
  EXPECT_EQ(r.rows[0].summary.n, 14U);  // 6 + 6 + 2
}

TEST(TrendBatch, RowsOfACompositeTable) {
  Eigen::MatrixXd m(2, 4);
  m << 1, 2, 4, 3, 5, nan, 4, 2;
  const qualis::TrendTable t = qualis::trend_rows(m, {"x", "y"}, years(2019, 4), {});
  ASSERT_EQ(t.rows.size(), 2U);
  EXPECT_EQ(t.rows[0].indicator, "");
  // S of 1, 2, 4, 3 by hand: pairs (1,2) (1,4) (1,3) (2,4) (2,3) rise, (4,3) falls: 5 - 1 = 4.
  EXPECT_EQ(t.rows[0].summary.value("s"), 4.0);
  m(0, 1) = std::numeric_limits<double>::infinity();
  qualis_test::expect_error<qualis::InvalidInput>(
      [&] {
        (void)qualis::trend_rows(m, {"x", "y"}, years(2019, 4), {});
      },
      qualis::ErrorCode::not_finite, {"unit=x", "period=2020", "infinite"}, [](const auto&) {});
}

#ifdef _OPENMP
TEST(TrendBatch, SameTableForOneAndFourThreads) {
  const Eigen::MatrixXd x = qualis_test::random_matrix(300, 12, 7);
  std::vector<std::string> ids;
  for (int k = 0; k < 300; ++k) ids.push_back("u" + std::to_string(k));
  for (const TrendMethod m : {TrendMethod::mk, TrendMethod::holt, TrendMethod::pettitt}) {
    qualis::TrendOptions o;
    o.method = m;
    const auto [one, four] = qualis_test::with_1_and_4_threads([&] {
      return qualis::trend_rows(x, ids, years(2010, 12), o, {{"u5", Period::annual(2015)}});
    });
    ASSERT_EQ(one.rows.size(), four.rows.size());
    for (std::size_t k = 0; k < one.rows.size(); ++k) {
      const auto& a = one.rows[k].summary;
      const auto& b = four.rows[k].summary;
      EXPECT_EQ(a.reason, b.reason);
      EXPECT_EQ(a.texts, b.texts);
      ASSERT_EQ(a.values.size(), b.values.size());
      EXPECT_EQ(std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)), 0) << k;
    }
  }
}
#endif

}  // namespace
