// Tests of the model file (include/qualis/io/model_file.hpp, docs/model-file.md): round trips of the shipped
// example, of a minimal and of a non-default model; Chinese text and bad UTF-8; and a catalogue of broken
// models, each with the exact problems a Problems sink receives and the error thrown without a sink.
//
// Positions are 1-based lines and columns in Unicode code points. Every expected position below was counted
// by hand on the test text (the comment next to it says which character it points at).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <qualis/io/model_file.hpp>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis::ModelFile;
using qualis::Problem;
using qualis::Problems;
using qualis_test::expect_error;

const std::string kSource = "m.json";
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string example_path() { return QUALIS_TEST_DATA_DIR "/../../examples/hebei-26x/model.json"; }

// The smallest valid model: the version, one cluster and one indicator (the reader requires "clusters" and
// "framework" with "indicators"; everything else takes the C++ defaults).
const std::string kMinimal = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x"}]}
})";

// Reads with a sink and expects no problem.
ModelFile read_clean(const std::string& text) {
  Problems problems;
  ModelFile m = qualis::read_model(text, kSource, "", &problems);
  for (const Problem& p : problems.list()) ADD_FAILURE() << "unexpected problem: " << p.to_string();
  return m;
}

struct Expected {
  std::size_t line;
  std::size_t column;
  ErrorCode code;
  std::string id;
  std::string fragment;  // a part of the message
};

// Reads `text` with a sink and compares the problems with `expected`, both ordered by position (the order
// in which the reader finds them is not part of the contract).
std::vector<Problem> expect_problems(const std::string& text, std::vector<Expected> expected) {
  Problems problems;
  EXPECT_NO_THROW(qualis::read_model(text, kSource, "", &problems)) << "a reader with a sink must not throw";
  std::vector<Problem> got = problems.list();
  const auto by_position = [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  };
  std::stable_sort(got.begin(), got.end(), by_position);
  std::stable_sort(expected.begin(), expected.end(), by_position);
  EXPECT_EQ(got.size(), expected.size());
  for (std::size_t k = 0; k < std::min(got.size(), expected.size()); ++k) {
    SCOPED_TRACE("problem " + std::to_string(k) + ": " + got[k].to_string());
    EXPECT_EQ(got[k].file, kSource);
    EXPECT_EQ(got[k].line, expected[k].line);
    EXPECT_EQ(got[k].column, expected[k].column);
    EXPECT_EQ(got[k].code, expected[k].code) << qualis::to_string(got[k].code);
    EXPECT_EQ(got[k].id, expected[k].id);
    EXPECT_THAT(got[k].message, ::testing::HasSubstr(expected[k].fragment));
  }
  for (std::size_t k = expected.size(); k < got.size(); ++k) ADD_FAILURE() << "extra problem: " << got[k].to_string();
  return got;
}

// Without a sink the reader throws at the first problem it finds. Every problem of a model text has a
// position, so report() throws a ParseError (code parse_error) whatever the code in the sink would be.
void expect_throws_at(const std::string& text, std::size_t line, std::size_t column,
                      std::initializer_list<std::string_view> fragments) {
  expect_error<qualis::ParseError>([&] { (void)qualis::read_model(text, kSource); }, ErrorCode::parse_error, fragments,
                                   [&](const qualis::ParseError& e) {
                                     EXPECT_EQ(e.source(), kSource);
                                     EXPECT_EQ(e.line(), line);
                                     EXPECT_EQ(e.column(), column);
                                   });
}

// Every field of the two model files that the file format carries, compared one by one.
void expect_same(const ModelFile& a, const ModelFile& b) {
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.data_key, b.data_key);
  EXPECT_EQ(a.steps_key, b.steps_key);
  EXPECT_EQ(a.regions.regions(), b.regions.regions());
  EXPECT_EQ(a.clusters.clusters(), b.clusters.clusters());
  ASSERT_TRUE(a.framework.has_value());
  ASSERT_TRUE(b.framework.has_value());
  const auto& da = a.framework->dimensions();
  const auto& db = b.framework->dimensions();
  ASSERT_EQ(da.size(), db.size());
  for (std::size_t k = 0; k < da.size(); ++k) {
    SCOPED_TRACE("dimension " + da[k].id);
    EXPECT_EQ(da[k].id, db[k].id);
    EXPECT_EQ(da[k].names, db[k].names);
    EXPECT_EQ(da[k].parent, db[k].parent);
    EXPECT_EQ(da[k].weight, db[k].weight);
    EXPECT_EQ(da[k].description, db[k].description);
  }
  const auto& ia = a.framework->indicators();
  const auto& ib = b.framework->indicators();
  ASSERT_EQ(ia.size(), ib.size());
  for (std::size_t k = 0; k < ia.size(); ++k) {
    SCOPED_TRACE("indicator " + ia[k].id);
    EXPECT_EQ(ia[k].id, ib[k].id);
    EXPECT_EQ(ia[k].names, ib[k].names);
    EXPECT_EQ(ia[k].unit, ib[k].unit);
    EXPECT_EQ(ia[k].direction, ib[k].direction);
    EXPECT_EQ(ia[k].target, ib[k].target);
    EXPECT_EQ(ia[k].best_range, ib[k].best_range);
    EXPECT_EQ(ia[k].goalposts, ib[k].goalposts);
    EXPECT_EQ(ia[k].description, ib[k].description);
    EXPECT_EQ(ia[k].source, ib[k].source);
    EXPECT_EQ(ia[k].parent, ib[k].parent);
    EXPECT_EQ(ia[k].weight, ib[k].weight);
  }
  EXPECT_EQ(a.default_steps, b.default_steps);
  const auto& sa = a.step_framework.steps();
  const auto& sb = b.step_framework.steps();
  ASSERT_EQ(sa.size(), sb.size());
  for (std::size_t k = 0; k < sa.size(); ++k) {
    EXPECT_EQ(sa[k].id, sb[k].id);
    EXPECT_EQ(sa[k].names, sb[k].names);
    EXPECT_EQ(sa[k].weight, sb[k].weight);
    EXPECT_EQ(sa[k].rubric.size(), sb[k].rubric.size());
  }
  // The model's choices.
  const qualis::Model& ma = a.model;
  const qualis::Model& mb = b.model;
  EXPECT_EQ(ma.normalization.options.method, mb.normalization.options.method);
  EXPECT_EQ(ma.normalization.options.min_max.range, mb.normalization.options.min_max.range);
  EXPECT_EQ(ma.normalization.options.goalposts.range, mb.normalization.options.goalposts.range);
  EXPECT_EQ(ma.normalization.reference, mb.normalization.reference);
  EXPECT_EQ(ma.normalization.base_period, mb.normalization.base_period);
  EXPECT_EQ(ma.normalization.per_indicator.size(), mb.normalization.per_indicator.size());
  EXPECT_EQ(ma.default_method.weight_source, mb.default_method.weight_source);
  EXPECT_EQ(ma.default_method.weights.method, mb.default_method.weights.method);
  EXPECT_EQ(ma.default_method.aggregation.method, mb.default_method.aggregation.method);
  EXPECT_EQ(ma.default_method.aggregation.shift, mb.default_method.aggregation.shift);
  ASSERT_EQ(ma.methods.size(), mb.methods.size());
  for (auto ita = ma.methods.begin(), itb = mb.methods.begin(); ita != ma.methods.end(); ++ita, ++itb) {
    EXPECT_EQ(ita->first, itb->first);
    EXPECT_EQ(ita->second.weight_source, itb->second.weight_source);
    EXPECT_EQ(ita->second.weights.method, itb->second.weights.method);
    EXPECT_EQ(ita->second.aggregation.method, itb->second.aggregation.method);
    EXPECT_EQ(ita->second.pairwise, itb->second.pairwise);
  }
  EXPECT_EQ(ma.composite_method.has_value(), mb.composite_method.has_value());
  EXPECT_EQ(ma.steps.share, mb.steps.share);
  EXPECT_EQ(ma.ranking.within_cohort, mb.ranking.within_cohort);
  EXPECT_EQ(ma.ranking.grades, mb.ranking.grades);
  ASSERT_EQ(ma.ranking.bands.size(), mb.ranking.bands.size());
  for (std::size_t k = 0; k < ma.ranking.bands.size(); ++k) {
    EXPECT_EQ(ma.ranking.bands[k].name, mb.ranking.bands[k].name);
    EXPECT_EQ(ma.ranking.bands[k].lower, mb.ranking.bands[k].lower);
  }
  EXPECT_EQ(ma.ranking.quantile_labels, mb.ranking.quantile_labels);
  EXPECT_EQ(ma.ranking.quantile_probabilities, mb.ranking.quantile_probabilities);
  EXPECT_EQ(ma.diagnosis.top, mb.diagnosis.top);
  EXPECT_EQ(ma.diagnosis.gap, mb.diagnosis.gap);
  EXPECT_EQ(ma.diagnosis.coupling, mb.diagnosis.coupling);
  EXPECT_EQ(ma.audit.scope, mb.audit.scope);
  EXPECT_EQ(ma.audit.options.statistics.kurtosis_max, mb.audit.options.statistics.kurtosis_max);
  EXPECT_EQ(ma.preparation.outliers.skew_threshold, mb.preparation.outliers.skew_threshold);
  EXPECT_EQ(ma.score_id, mb.score_id);
  EXPECT_EQ(ma.composite_id, mb.composite_id);
  EXPECT_EQ(ma.step_index_id, mb.step_index_id);
  // Trend and report.
  EXPECT_EQ(a.trend.methods, b.trend.methods);
  EXPECT_EQ(a.trend.indicators, b.trend.indicators);
  EXPECT_EQ(a.trend.options.alpha, b.trend.options.alpha);
  EXPECT_EQ(a.trend.options.confidence, b.trend.options.confidence);
  EXPECT_EQ(a.trend.options.horizon, b.trend.options.horizon);
  // NaN (the "fitted" default) must stay NaN; a set value must stay that value.
  EXPECT_EQ(std::isnan(a.trend.options.holt.alpha), std::isnan(b.trend.options.holt.alpha));
  if (!std::isnan(a.trend.options.holt.alpha)) {
    EXPECT_EQ(a.trend.options.holt.alpha, b.trend.options.holt.alpha);
  }
  EXPECT_EQ(a.report.language, b.report.language);
  EXPECT_EQ(a.report.key_indicators, b.report.key_indicators);
}

// Writes, reads back, compares, writes again: the second text must equal the first (a fixed point).
ModelFile round_trip(const ModelFile& first) {
  const std::string text1 = qualis::model_to_json(first);
  std::ostringstream written;
  qualis::write_model(written, first);
  EXPECT_EQ(written.str(), text1) << "write_model() writes model_to_json()";
  const ModelFile second = read_clean(text1);
  expect_same(first, second);
  EXPECT_EQ(qualis::model_to_json(second), text1) << "writing the re-read model changes the text";
  return second;
}

// ---------------------------------------------------------------------------------------------------------
// The shipped example.

TEST(ModelFile, ExampleReadsWithTheValuesOfTheFile) {
  Problems problems;
  const ModelFile m = qualis::read_model_file(example_path(), &problems);
  for (const Problem& p : problems.list()) ADD_FAILURE() << p.to_string();
  // Figures read off examples/hebei-26x/model.json (and its README: 35 clusters, six dimensions).
  EXPECT_EQ(m.title.zh, "河北省区域特色产业集群质量提升评价（26+X，模拟数据）");
  EXPECT_EQ(m.data_key, "data.csv");
  EXPECT_EQ(m.steps_key, "steps.csv");
  EXPECT_THAT(m.data, ::testing::EndsWith("examples/hebei-26x/data.csv")) << "resolved against the model's folder";
  EXPECT_EQ(m.clusters.clusters().size(), 35U);
  const qualis::Cluster& first = m.clusters.clusters().front();
  EXPECT_EQ(first.id, "dz-sports");
  EXPECT_EQ(first.names.zh, "定州市体育用品");
  EXPECT_EQ(first.names.en, "Dingzhou sports goods");
  EXPECT_EQ(first.industry, "体育用品");
  EXPECT_EQ(first.cohort, "2019");
  EXPECT_EQ(first.region, "130682");
  EXPECT_EQ(m.regions.at("130682").names.zh, "定州市");
  EXPECT_EQ(m.regions.at("130000").level, qualis::RegionLevel::province);
  EXPECT_EQ(m.regions.at("130100-hitech").level, qualis::RegionLevel::development_zone);
  ASSERT_TRUE(m.framework.has_value());
  ASSERT_EQ(m.framework->dimensions().size(), 6U);
  EXPECT_EQ(m.framework->dimensions()[1].id, "quality");
  EXPECT_EQ(m.framework->dimensions()[1].names.zh, "质量表现");
  EXPECT_EQ(m.framework->dimensions()[1].weight, 0.25);
  const qualis::Indicator& revenue = m.framework->indicators().front();
  EXPECT_EQ(revenue.id, "revenue");
  EXPECT_EQ(revenue.unit, "亿元");
  EXPECT_EQ(revenue.direction, qualis::Direction::higher_is_better);
  EXPECT_TRUE(m.default_steps);
  EXPECT_EQ(m.step_framework.steps().size(), 11U);
  EXPECT_EQ(m.model.normalization.options.method, qualis::NormalizationMethod::min_max);
  EXPECT_EQ(m.model.normalization.options.min_max.range, (qualis::Interval{0.0, 100.0}));
  EXPECT_EQ(m.model.default_method.aggregation.method, qualis::AggregationMethod::arithmetic_mean);
  ASSERT_EQ(m.model.methods.count("green"), 1U);
  EXPECT_EQ(m.model.methods.at("green").weight_source, qualis::WeightSource::computed);
  EXPECT_EQ(m.model.methods.at("green").weights.method, qualis::WeightingMethod::entropy);
  EXPECT_EQ(m.model.steps.share, 0.2);
  EXPECT_TRUE(m.model.ranking.within_cohort);
  EXPECT_EQ(m.model.ranking.grades, qualis::GradeScheme::fixed);
  ASSERT_EQ(m.model.ranking.bands.size(), 4U);
  EXPECT_EQ(m.model.ranking.bands[0].name, "A");
  EXPECT_EQ(m.model.ranking.bands[0].lower, 80.0);
  EXPECT_EQ(m.model.ranking.bands[3].name, "D");
  EXPECT_EQ(m.model.ranking.bands[3].lower, -kInf) << "left out: the C++ default, -infinity";
  EXPECT_EQ(m.model.diagnosis.top, 3U);
  EXPECT_EQ(m.model.diagnosis.gap, qualis::GapBenchmark::best);
  EXPECT_EQ(m.model.diagnosis.coupling, (std::vector<std::string>{"quality", "technology", "brand"}));
  EXPECT_EQ(m.model.audit.scope, qualis::AuditScope::latest);
  EXPECT_EQ(m.trend.methods, (std::vector<qualis::TrendMethod>{qualis::TrendMethod::mk, qualis::TrendMethod::sen}));
  EXPECT_EQ(m.trend.indicators,
            (std::vector<std::string>{"revenue", "profit", "pass_rate", "three_systems", "rd_intensity"}));
  EXPECT_EQ(m.report.language, "zh");
  EXPECT_EQ(m.report.key_indicators.size(), 6U);
  // Positions of the JSON values are kept: the first cluster's id is on line 418, column 13.
  EXPECT_EQ(m.locate("/clusters/0/id").line, 418U);
  EXPECT_EQ(m.locate("/clusters/0/id").column, 13U);
}

TEST(ModelFile, ExampleRoundTripsToAFixedPoint) {
  const ModelFile m = qualis::read_model_file(example_path());
  const ModelFile again = round_trip(m);
  // The written file records every choice, the defaults included (e.g. the bottom band's -infinity and the
  // "fitted" NaN of Holt's alpha, written as "-inf" and null).
  const std::string text = qualis::model_to_json(m);
  EXPECT_THAT(text, ::testing::HasSubstr("\"lower\": \"-inf\""));
  EXPECT_THAT(text, ::testing::HasSubstr("\"alpha\": null"));
  EXPECT_THAT(text, ::testing::HasSubstr("\"zh\": \"定州市体育用品\"")) << "UTF-8 is written as is, not escaped";
  EXPECT_EQ(again.model.ranking.bands[3].lower, -kInf);
  EXPECT_TRUE(std::isnan(again.trend.options.holt.alpha));
}

TEST(ModelFile, MinimalModelTakesTheDefaultsAndRoundTrips) {
  const ModelFile m = read_clean(kMinimal);
  ASSERT_EQ(m.clusters.clusters().size(), 1U);
  EXPECT_EQ(m.clusters.clusters()[0].id, "a");
  EXPECT_EQ(m.clusters.clusters()[0].region, "r");
  EXPECT_TRUE(m.regions.empty());
  ASSERT_TRUE(m.framework.has_value());
  EXPECT_EQ(m.framework->indicator_ids(), std::vector<std::string>{"x"});
  EXPECT_TRUE(m.default_steps);
  EXPECT_EQ(m.step_framework.steps().size(), 11U);
  EXPECT_EQ(m.model.normalization.options.min_max.range, (qualis::Interval{0.0, 100.0}));
  EXPECT_EQ(m.model.score_id, "score");
  EXPECT_EQ(m.trend.methods, (std::vector<qualis::TrendMethod>{qualis::TrendMethod::mk, qualis::TrendMethod::sen}));
  EXPECT_EQ(m.report.language, "zh");
  EXPECT_TRUE(m.data.empty());
  const ModelFile again = round_trip(m);
  EXPECT_THAT(qualis::model_to_json(again), ::testing::Not(::testing::HasSubstr("\"data\"")))
      << "no data file named, none written";
}

// Non-default choices in many places, infinities spelt in several ways, nested dimensions, a custom step
// framework and an AHP matrix.
const std::string kNonDefault = R"({
  "$schema": "../../docs/model.schema.json",
  "qualis_model": 1,
  "title": {"zh": "测试模型", "en": "Test model"},
  "description": "非默认选项 / non-default choices",
  "data": "values.csv",
  "regions": [
    {"code": "130000", "names": {"zh": "河北省", "en": "Hebei"}, "level": "province"},
    {"code": "130682", "names": "定州市", "level": "county_level", "parent": "130000"}
  ],
  "clusters": [
    {"id": "dz", "names": {"zh": "定州市体育用品"}, "region": "130682", "industry": "体育用品",
     "cohort": "X", "joined": "2021M05", "attributes": {"lead": "龙头企业"}},
    {"id": "hb", "names": "Hebei other", "region": "130000", "joined": 2019}
  ],
  "framework": {
    "dimensions": [
      {"id": "top", "weight": 2},
      {"id": "sub", "parent": "top", "weight": 0.5, "description": "子维度"}
    ],
    "indicators": [
      {"id": "a", "parent": "sub", "direction": "lower_is_better", "unit": "%", "goalposts": [0, 50]},
      {"id": "b", "parent": "sub", "direction": "target_is_best", "target": 7.5},
      {"id": "c", "parent": "top", "direction": "range_is_best", "best_range": [1, 2], "weight": 3}
    ]
  },
  "step_framework": {"steps": [
    {"id": "s1", "names": {"zh": "第一步"}, "weight": 2, "rubric": [{"level": 0}, {"level": 1}]},
    {"id": "s2", "rubric": [{"level": 0}, {"level": 1}, {"level": 2}]}
  ]},
  "model": {
    "preparation": {"imputation": "over_time", "outliers": {"skew_threshold": "inf"}},
    "normalization": {"options": {"method": "goalposts", "goalposts": {"range": [0, 1], "cap": false}},
                      "reference": "base_period", "base_period": "2020",
                      "per_indicator": {"a": {"method": "Z-Score"}}},
    "default_method": {"weight_source": "computed", "weights": {"method": "critic"},
                       "aggregation": {"method": "geometric_mean", "shift": 1}},
    "methods": {"sub": {"weight_source": "ahp", "pairwise": [[1, 3], [0.3333333333333333, 1]]}},
    "composite_method": {"aggregation": {"method": "harmonic_mean"}},
    "steps": {"share": 0.3},
    "ranking": {"grades": "quantile", "quantile_labels": ["优", "良", "差"], "quantile_probabilities": [0.8, 0.4],
                "bands": [{"name": "A", "lower": 90}, {"name": "B", "lower": "-Infinity"}]},
    "diagnosis": {"top": 5, "gap": "group_best", "group": "cohort"},
    "audit": {"scope": "pooled", "options": {"statistics": {"kurtosis_max": "Inf"}}},
    "score_id": "final"
  },
  "trend": {"methods": ["ols", "holt"], "indicators": ["a"], "options": {"horizon": 2, "holt": {"alpha": 0.4}}},
  "report": {"language": "en", "key_indicators": ["c", "a"]}
})";

TEST(ModelFile, NonDefaultChoicesAreReadAndRoundTrip) {
  const ModelFile m = read_clean(kNonDefault);
  EXPECT_EQ(m.title, (qualis::Names{"测试模型", "Test model"}));
  EXPECT_EQ(m.regions.at("130682").names.zh, "定州市") << "a single non-ASCII name is the Chinese one";
  EXPECT_EQ(m.clusters.clusters()[1].names.en, "Hebei other") << "a single ASCII name is the English one";
  EXPECT_EQ(m.clusters.clusters()[0].joined, qualis::Period::parse("2021M05"));
  EXPECT_EQ(m.clusters.clusters()[1].joined, qualis::Period::parse("2019")) << "an integer year is a period";
  EXPECT_EQ(m.clusters.clusters()[0].attributes.at("lead"), "龙头企业");
  ASSERT_TRUE(m.framework.has_value());
  const auto& ind = m.framework->indicators();
  EXPECT_EQ(ind[0].direction, qualis::Direction::lower_is_better);
  EXPECT_EQ(ind[0].goalposts, (qualis::Interval{0.0, 50.0}));
  EXPECT_EQ(ind[1].target, 7.5);
  EXPECT_EQ(ind[2].best_range, (qualis::Interval{1.0, 2.0}));
  EXPECT_EQ(ind[2].weight, 3.0);
  EXPECT_FALSE(m.default_steps);
  ASSERT_EQ(m.step_framework.steps().size(), 2U);
  EXPECT_EQ(m.step_framework.steps()[0].weight, 2.0);
  EXPECT_EQ(m.step_framework.steps()[1].rubric.size(), 3U);
  const qualis::Model& x = m.model;
  EXPECT_EQ(x.preparation.imputation, qualis::ImputationKind::over_time);
  EXPECT_EQ(x.preparation.outliers.skew_threshold, kInf);
  EXPECT_EQ(x.normalization.options.method, qualis::NormalizationMethod::goalposts);
  EXPECT_FALSE(x.normalization.options.goalposts.cap);
  EXPECT_EQ(x.normalization.reference, qualis::NormalizationReference::base_period);
  EXPECT_EQ(x.normalization.base_period, qualis::Period::parse("2020"));
  EXPECT_EQ(x.normalization.per_indicator.at("a").method, qualis::NormalizationMethod::z_score)
      << "enumeration names are read in any case, with - for _";
  EXPECT_EQ(x.default_method.weight_source, qualis::WeightSource::computed);
  EXPECT_EQ(x.default_method.weights.method, qualis::WeightingMethod::critic);
  EXPECT_EQ(x.default_method.aggregation.method, qualis::AggregationMethod::geometric_mean);
  EXPECT_EQ(x.default_method.aggregation.shift, 1.0);
  const qualis::NodeMethod& sub = x.methods.at("sub");
  EXPECT_EQ(sub.weight_source, qualis::WeightSource::ahp);
  ASSERT_EQ(sub.pairwise.rows(), 2);
  ASSERT_EQ(sub.pairwise.cols(), 2);
  EXPECT_EQ(sub.pairwise(0, 1), 3.0);
  EXPECT_EQ(sub.pairwise(1, 0), 0.3333333333333333);
  ASSERT_TRUE(x.composite_method.has_value());
  EXPECT_EQ(x.composite_method->aggregation.method, qualis::AggregationMethod::harmonic_mean);
  EXPECT_EQ(x.steps.share, 0.3);
  EXPECT_EQ(x.ranking.grades, qualis::GradeScheme::quantile);
  EXPECT_EQ(x.ranking.quantile_labels, (std::vector<std::string>{"优", "良", "差"}));
  EXPECT_EQ(x.ranking.bands[1].lower, -kInf);
  EXPECT_EQ(x.diagnosis.top, 5U);
  EXPECT_EQ(x.diagnosis.gap, qualis::GapBenchmark::group_best);
  EXPECT_EQ(x.diagnosis.group, qualis::UnitGrouping::cohort);
  EXPECT_EQ(x.audit.scope, qualis::AuditScope::pooled);
  EXPECT_EQ(x.audit.options.statistics.kurtosis_max, kInf);
  EXPECT_EQ(x.score_id, "final");
  EXPECT_EQ(m.trend.methods, (std::vector<qualis::TrendMethod>{qualis::TrendMethod::ols, qualis::TrendMethod::holt}));
  EXPECT_EQ(m.trend.options.horizon, 2U);
  EXPECT_EQ(m.trend.options.holt.alpha, 0.4);
  EXPECT_EQ(m.report.language, "en");
  const ModelFile again = round_trip(m);
  const std::string text = qualis::model_to_json(again);
  EXPECT_THAT(text, ::testing::HasSubstr("\"skew_threshold\": \"inf\""));
  EXPECT_THAT(text, ::testing::HasSubstr("\"method\": \"z_score\"")) << "written by the stable name";
  EXPECT_THAT(text, ::testing::HasSubstr("\"joined\": \"2019\""));
}

TEST(ModelFile, UncertaintySettingsAreReadAndRoundTrip) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x"}, {"id": "y"}]},
  "model": {"uncertainty": {
    "replications": 5000, "seed": 18446744073709551615, "weights": "dirichlet", "weight_concentration": 80,
    "weight_nodes": ["composite"],
    "normalizations": [{"method": "z_score", "z_score": {"mean": 100, "sd": 10}}, {"method": "rank"}],
    "aggregations": [{"method": "geometric_mean", "shift": 1}], "imputations": ["cross_section"],
    "exclusion": "indicators", "exclude": ["y"], "period": "2023", "top": 3, "interval": 0.8,
    "one_at_a_time": 10, "keep_replications": true, "sensitivity_samples": 2048, "bootstrap": 50,
    "confidence": 0.9}}
})";
  const ModelFile m = read_clean(text);
  const qualis::Uncertainty& u = m.model.uncertainty;
  EXPECT_EQ(u.replications, 5000U);
  EXPECT_EQ(u.seed, 18446744073709551615ULL);
  EXPECT_EQ(u.weights, qualis::WeightPerturbation::dirichlet);
  EXPECT_EQ(u.weight_concentration, 80.0);
  EXPECT_EQ(u.weight_share, 0.25) << "a left-out key keeps the default";
  EXPECT_EQ(u.weight_nodes, std::vector<std::string>{"composite"});
  ASSERT_EQ(u.normalizations.size(), 2U);
  EXPECT_EQ(u.normalizations[0].z_score.mean, 100.0);
  EXPECT_EQ(u.normalizations[1].method, qualis::NormalizationMethod::rank);
  ASSERT_EQ(u.aggregations.size(), 1U);
  EXPECT_EQ(u.aggregations[0].method, qualis::AggregationMethod::geometric_mean);
  EXPECT_EQ(u.imputations, std::vector<qualis::ImputationKind>{qualis::ImputationKind::cross_section});
  EXPECT_EQ(u.exclusion, qualis::Exclusion::indicators);
  EXPECT_EQ(u.exclude, std::vector<std::string>{"y"});
  EXPECT_EQ(u.period, qualis::Period::parse("2023"));
  EXPECT_EQ(u.top, 3U);
  EXPECT_EQ(u.interval, 0.8);
  EXPECT_EQ(u.one_at_a_time, 10U);
  EXPECT_TRUE(u.keep_replications);
  EXPECT_EQ(u.sensitivity_samples, 2048U);
  EXPECT_EQ(u.bootstrap, 50U);
  EXPECT_EQ(u.confidence, 0.9);
  const ModelFile again = round_trip(m);
  EXPECT_EQ(again.model.uncertainty.seed, u.seed);
  EXPECT_EQ(again.model.uncertainty.normalizations.size(), 2U);
  // A bad name is reported where it stands.
  expect_problems(R"({"qualis_model": 1, "clusters": [{"id": "a", "region": "r"}],
"framework": {"indicators": [{"id": "x"}]}, "model": {"uncertainty": {"weights": "gaussian"}}})",
                  {{2, 82, ErrorCode::parse_error, "model.uncertainty.weights",
                    "unknown value \"gaussian\"; one of none, uniform, dirichlet"}});
}

// ---------------------------------------------------------------------------------------------------------
// Chinese text and UTF-8.

TEST(ModelFile, ChineseTextRoundTripsByteForByte) {
  // \u escapes (including a surrogate pair, U+20000 𠀀) are decoded to UTF-8 and written back raw.
  const std::string text = R"({
  "qualis_model": 1,
  "title": {"zh": "\u4e2d\u6587标题 \ud840\udc00", "en": "Title"},
  "description": "全角：（，）。、",
  "clusters": [{"id": "集群-1", "names": {"zh": "安平县丝网", "en": ""}, "region": "r", "industry": "丝网"}],
  "framework": {"indicators": [{"id": "营业收入", "unit": "亿元"}]},
  "trend": {"indicators": ["营业收入"]}
})";
  const ModelFile m = read_clean(text);
  EXPECT_EQ(m.title.zh, "中文标题 \xF0\xA0\x80\x80");
  EXPECT_EQ(m.description, "全角：（，）。、");
  EXPECT_EQ(m.clusters.clusters()[0].id, "集群-1");
  EXPECT_EQ(m.clusters.clusters()[0].names.zh, "安平县丝网");
  EXPECT_EQ(m.framework->indicators()[0].id, "营业收入");
  const std::string written = qualis::model_to_json(m);
  EXPECT_THAT(written, ::testing::HasSubstr("\"zh\": \"中文标题 \xF0\xA0\x80\x80\""));
  EXPECT_THAT(written, ::testing::HasSubstr("\"unit\": \"亿元\""));
  const ModelFile again = round_trip(m);
  EXPECT_EQ(again.title.zh, m.title.zh);
  EXPECT_EQ(again.trend.indicators, std::vector<std::string>{"营业收入"});
}

TEST(ModelFile, ColumnsCountCharactersNotBytes) {
  // "titel" follows two Chinese characters (3 bytes each): column 46 in code points, 50 in bytes.
  const std::string text =
      R"({"qualis_model": 1, "description": "中文[[[[", "titel": 1, "clusters": [{"id": "a", "region": "r"}], )"
      R"("framework": {"indicators": [{"id": "x"}]}})";
  expect_problems(text, {{1, 46, ErrorCode::parse_error, "titel", "unknown key \"titel\""}});
  // A byte-order mark is skipped and not counted.
  const std::string bom =
      "\xEF\xBB\xBF{\"qualis_model\": 1, \"titel\": 1, " + kMinimal.substr(kMinimal.find("\"clusters"));
  expect_problems(bom, {{1, 21, ErrorCode::parse_error, "titel", "unknown key \"titel\""}});
}

TEST(ModelFile, InvalidUtf8IsReportedAtTheBadByte) {
  // The reader rejects ill-formed UTF-8 through the JSON grammar: a parse_error at the offending byte.
  // (The code is parse_error, not ErrorCode::invalid_text, because nlohmann::json finds the bad byte.)
  const std::string tail = R"(, "clusters": [{"id": "a", "region": "r"}], "framework": {"indicators": [{"id": "x"}]}})";
  // 0xFF can never occur in UTF-8: column 30 is the opening quote, 31 the byte.
  const std::string ff = std::string(R"({"qualis_model": 1, "title": ")") + "\xFF\xFE\"" + tail;
  expect_problems(ff, {{1, 31, ErrorCode::parse_error, "", "ill-formed UTF-8"}});
  expect_throws_at(ff, 1, 31, {"m.json:1:31", "UTF-8"});
  // An overlong encoding of '/' (C0 AF).
  const std::string overlong = std::string(R"({"qualis_model": 1, "title": ")") + "\xC0\xAF\"" + tail;
  expect_problems(overlong, {{1, 31, ErrorCode::parse_error, "", "ill-formed UTF-8"}});
  // A truncated sequence (E4 B8 of 中, then the closing quote at column 14 of line 2).
  const std::string truncated = std::string("{\"qualis_model\": 1,\n  \"title\": \"\xE4\xB8\"") + tail;
  expect_problems(truncated, {{2, 14, ErrorCode::parse_error, "", "ill-formed UTF-8"}});
  // A lone high surrogate escape: reported at the closing quote (column 37).
  const std::string surrogate = std::string(R"({"qualis_model": 1, "title": "\ud800")") + tail;
  expect_problems(surrogate, {{1, 37, ErrorCode::parse_error, "", "surrogate"}});
}

// ---------------------------------------------------------------------------------------------------------
// Broken models: syntax.

TEST(ModelFileBroken, TrailingComma) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"},],
  "framework": {"indicators": [{"id": "x"}]}
})";
  // Line 3, column 43: the ']' after the trailing comma.
  expect_problems(text, {{3, 43, ErrorCode::parse_error, "", "invalid JSON"}});
  expect_throws_at(text, 3, 43, {"m.json:3:43", "unexpected ']'"});
}

TEST(ModelFileBroken, UnterminatedString) {
  // Line 3, column 22: the line break inside the string (col 18 is the quote, 19-21 "abc").
  const std::string text = "{\n  \"qualis_model\": 1,\n  \"description\": \"abc\n}\n";
  expect_problems(text, {{3, 22, ErrorCode::parse_error, "", "invalid JSON"}});
  expect_throws_at(text, 3, 22, {"control character"});
  // At the end of the text: column 22 is just past "abc".
  const std::string at_end = "{\n  \"qualis_model\": 1,\n  \"description\": \"abc";
  expect_problems(at_end, {{3, 22, ErrorCode::parse_error, "", "missing closing quote"}});
}

TEST(ModelFileBroken, EmptyAndNonObjectDocuments) {
  expect_problems("", {{1, 1, ErrorCode::parse_error, "", "unexpected end of input"}});
  expect_throws_at("", 1, 1, {"invalid JSON"});
  expect_problems("  \n\n", {{3, 1, ErrorCode::parse_error, "", "unexpected end of input"}});
  expect_problems("[1, 2]\n", {{1, 1, ErrorCode::parse_error, "the document", "a JSON object, found an array"}});
  expect_throws_at("[1, 2]\n", 1, 1, {"found an array"});
  expect_problems("\"model\"", {{1, 1, ErrorCode::parse_error, "the document", "found a string"}});
}

TEST(ModelFileBroken, NestingTooDeep) {
  // {"qualis_model": 1, "description": [[[...]]]}: the '{' is depth 1, the first '[' (column 36) depth 2, so
  // depth 201 is the 200th '[' at column 235.
  const std::string text =
      R"({"qualis_model": 1, "description": )" + std::string(250, '[') + std::string(250, ']') + "}";
  expect_problems(text, {{1, 235, ErrorCode::parse_error, "", "nested more than 200 deep"}});
  expect_throws_at(text, 1, 235, {"nested more than 200 deep"});
  // Brackets inside strings do not count.
  const std::string in_string = R"({"qualis_model": 1, "description": ")" + std::string(300, '[') + "\", " +
                                kMinimal.substr(kMinimal.find("\"clusters"));
  EXPECT_EQ(read_clean(in_string).description, std::string(300, '['));
}

TEST(ModelFileBroken, DuplicateKeys) {
  const std::string text = R"({
  "qualis_model": 1,
  "description": "a",
  "description": "b",
  "clusters": [{"id": "a", "region": "r", "region": "s"}],
  "framework": {"indicators": [{"id": "x"}]}
})";
  // The second occurrences: line 4 column 3, line 5 column 43.
  expect_problems(text, {{4, 3, ErrorCode::duplicate_id, "description", "occurs twice (first at line 3)"},
                         {5, 43, ErrorCode::duplicate_id, "clusters[0].region", "occurs twice"}});
  expect_throws_at(text, 4, 3, {"key description occurs twice"});
}

// ---------------------------------------------------------------------------------------------------------
// Broken models: the version.

TEST(ModelFileBroken, MissingVersion) {
  const std::string text = R"({
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x"}]}
})";
  expect_problems(text, {{1, 1, ErrorCode::parse_error, "qualis_model", "\"qualis_model\""}});
  expect_throws_at(text, 1, 1, {"is this a qualis model file?"});
}

TEST(ModelFileBroken, WrongVersion) {
  const std::string two = "{\n  \"qualis_model\": 2,\n" + kMinimal.substr(kMinimal.find("  \"clusters"));
  // Line 2, column 19: the value 2. Only the version is reported: a file of another version is not read on.
  expect_problems(two, {{2, 19, ErrorCode::out_of_range, "qualis_model", "format version 2 is not supported"}});
  expect_throws_at(two, 2, 19, {"format version 2"});
  const std::string text = "{\n  \"qualis_model\": \"1\",\n  \"titel\": 0\n}";
  expect_problems(text, {{2, 19, ErrorCode::out_of_range, "qualis_model", "format version \"1\""}});
}

// ---------------------------------------------------------------------------------------------------------
// Broken models: keys, types and names.

TEST(ModelFileBroken, UnknownTopLevelKeyListsTheKeys) {
  const std::string text =
      "{\n  \"qualis_model\": 1,\n  \"titel\": \"x\",\n" + kMinimal.substr(kMinimal.find("  \"clusters"));
  const auto got =
      expect_problems(text, {{3, 3, ErrorCode::parse_error, "titel", "unknown key \"titel\" in the document"}});
  ASSERT_EQ(got.size(), 1U);
  EXPECT_THAT(got[0].message, ::testing::HasSubstr("title, description, data, steps, regions, clusters, model"));
  expect_throws_at(text, 3, 3, {"unknown key \"titel\""});
}

TEST(ModelFileBroken, UnknownNestedKeyListsTheKeys) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r", "cohrt": "c"}],
  "framework": {"indicators": [{"id": "x"}]},
  "model": {"normalization": {"options": {"methd": "rank"}}}
})";
  // Only the two keys: the cluster with the bad key is not also reported as "no clusters".
  const auto got = expect_problems(
      text, {{3, 43, ErrorCode::parse_error, "cohrt",
              "unknown key \"cohrt\" in clusters[0]; the keys are id, names, "
              "region, industry, cohort, joined, attributes"},
             {5, 43, ErrorCode::parse_error, "methd", "unknown key \"methd\" in model.normalization.options"}});
  ASSERT_EQ(got.size(), 2U);
  EXPECT_THAT(got[1].message, ::testing::HasSubstr("the keys are method, min_max, z_score, goalposts"));
  expect_throws_at(text, 3, 43, {"cohrt"});
}

TEST(ModelFileBroken, WrongTypes) {
  const std::string text = R"({
  "qualis_model": 1,
  "description": 5,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x", "weight": "2"}]},
  "model": {"diagnosis": {"top": 2.5, "enabled": "yes"}, "preparation": {"over_time": {"max_gap": -1}}},
  "trend": 3
})";
  // Each at the value: line 3 col 18; line 5 col 54 ("2"); line 6 cols 34 (2.5), 50 ("yes"), 99 (-1);
  // line 7 col 12. The indicator list with a bad element is not validated as a framework on top.
  expect_problems(
      text,
      {{3, 18, ErrorCode::parse_error, "description", "description: expected a string, found a number"},
       {5, 54, ErrorCode::parse_error, "framework.indicators[0].weight", "expected a number"},
       {6, 34, ErrorCode::parse_error, "model.diagnosis.top", "expected an integer, found a number"},
       {6, 50, ErrorCode::parse_error, "model.diagnosis.enabled", "expected true or false, found a string"},
       {6, 99, ErrorCode::out_of_range, "model.preparation.over_time.max_gap", "expected a count (>= 0), found -1"},
       {7, 12, ErrorCode::parse_error, "trend", "expected an object, found a number"}});
  expect_throws_at(text, 3, 18, {"description: expected a string"});
}

TEST(ModelFileBroken, UnknownEnumerationName) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x", "direction": "up"}]},
  "model": {"default_method": {"aggregation": {"method": "median"}}}
})";
  expect_problems(text, {{4, 57, ErrorCode::parse_error, "framework.indicators[0].direction",
                          "unknown value \"up\"; one of higher_is_better, lower_is_better, target_is_best, "
                          "range_is_best"},
                         {5, 58, ErrorCode::parse_error, "model.default_method.aggregation.method",
                          "unknown value \"median\"; one of arithmetic_mean, geometric_mean"}});
  // Without a sink: the first problem found; "model" is read before "framework".
  expect_throws_at(text, 5, 58, {"unknown value \"median\""});
}

TEST(ModelFileBroken, StepFrameworkName) {
  const std::string text = "{\n  \"qualis_model\": 1,\n  \"step_framework\": \"twelve_step\",\n" +
                           kMinimal.substr(kMinimal.find("  \"clusters"));
  expect_problems(text, {{3, 21, ErrorCode::parse_error, "step_framework", "unknown step framework \"twelve_step\""}});
  expect_throws_at(text, 3, 21, {"eleven_step"});
  const std::string number =
      "{\n  \"qualis_model\": 1,\n  \"step_framework\": 11,\n" + kMinimal.substr(kMinimal.find("  \"clusters"));
  expect_problems(number, {{3, 21, ErrorCode::parse_error, "step_framework", "found a number"}});
}

// ---------------------------------------------------------------------------------------------------------
// Broken models: records the types' constructors reject, and cross-checks.

TEST(ModelFileBroken, DuplicateClusterId) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [
    {"id": "a", "region": "r"},
    {"id": "a", "region": "r"}
  ],
  "framework": {"indicators": [{"id": "x"}]}
})";
  // Reported at the first cluster with that id (line 4, column 5); the message gives both positions.
  expect_problems(text, {{4, 5, ErrorCode::duplicate_id, "cluster_set[cluster=a]", "at input positions 0 and 1"}});
  expect_throws_at(text, 4, 5, {"cluster=a", "occurs twice"});
}

TEST(ModelFileBroken, ClusterInUnknownRegion) {
  const std::string text = R"({
  "qualis_model": 1,
  "regions": [{"code": "r", "level": "province"}],
  "clusters": [
    {"id": "a", "region": "r"},
    {"id": "b", "region": "q"}
  ],
  "framework": {"indicators": [{"id": "x"}]}
})";
  expect_problems(text, {{6, 5, ErrorCode::inconsistent, "cluster_set[cluster=b]", "region \"q\" of cluster \"b\""}});
  expect_throws_at(text, 6, 5, {"not in the region tree"});
}

TEST(ModelFileBroken, IndicatorWithUnknownDimension) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {
    "dimensions": [{"id": "d"}],
    "indicators": [
      {"id": "x", "parent": "d"},
      {"id": "y", "parent": "e"}
    ]
  }
})";
  expect_problems(text, {{8, 7, ErrorCode::inconsistent, "framework[indicator=y]", "parent \"e\""}});
  expect_throws_at(text, 8, 7, {"indicator=y"});
}

TEST(ModelFileBroken, NegativeWeights) {
  const std::string indicator = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [
    {"id": "x"},
    {"id": "y", "weight": -1}
  ]}
})";
  expect_problems(indicator, {{6, 5, ErrorCode::out_of_range, "framework[indicator=y]", "weight -1 is negative"}});
  const std::string dimension = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {
    "dimensions": [{"id": "d", "weight": -2}],
    "indicators": [{"id": "x", "parent": "d"}]
  }
})";
  expect_problems(dimension, {{5, 20, ErrorCode::out_of_range, "framework[dimension=d]", "weight -2 is negative"}});
  expect_throws_at(dimension, 5, 20, {"weight -2"});
}

TEST(ModelFileBroken, MatricesAndIntervalsOfTheWrongSize) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x", "goalposts": [1]}]},
  "model": {"default_method": {"weight_source": "ahp", "pairwise": [[1, 2], [0.5]]}}
})";
  // Line 4 col 57: the goalposts value; line 5 col 77: the short second row of the matrix.
  expect_problems(
      text, {{4, 57, ErrorCode::parse_error, "framework.indicators[0].goalposts",
              "expected an interval [low, high], found an array of 1 values"},
             {5, 77, ErrorCode::size_mismatch, "model.default_method.pairwise[1]", "row 2 has 1 values, row 1 has 2"}});
}

TEST(ModelFileBroken, IntervalWithLowAboveHigh) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [
    {"id": "x", "goalposts": [5, 1]}
  ]}
})";
  expect_problems(text, {{5, 5, ErrorCode::inconsistent, "framework[indicator=x]", "goalposts [5, 1] is inverted"}});
  expect_throws_at(text, 5, 5, {"inverted"});
}

TEST(ModelFileBroken, CrossChecksOfIds) {
  const std::string text = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x"}]},
  "model": {"methods": {"nodim": {}}, "normalization": {"per_indicator": {"noind": {}}}},
  "trend": {"indicators": ["x", "nox"]},
  "report": {"key_indicators": ["noy"]}
})";
  // model.methods keys are dimensions (at the key, col 25); per_indicator keys, trend and report ids are
  // indicators (at the key col 75, and at the array elements, col 33 of lines 6 and 7).
  expect_problems(text, {{5, 25, ErrorCode::not_found, "nodim", "not a dimension of the framework"},
                         {5, 75, ErrorCode::not_found, "noind", "not an indicator of the framework"},
                         {6, 33, ErrorCode::not_found, "nox", "trend.indicators names \"nox\""},
                         {7, 33, ErrorCode::not_found, "noy", "report.key_indicators names \"noy\""}});
  expect_throws_at(text, 5, 25, {"model.methods names \"nodim\""});
}

TEST(ModelFileBroken, MissingSections) {
  expect_problems(R"({"qualis_model": 1})", {{1, 1, ErrorCode::empty_input, "framework", "the key \"framework\""},
                                             {1, 1, ErrorCode::empty_input, "clusters", "lists no clusters"}});
  expect_problems(R"({"qualis_model": 1, "clusters": [], "framework": {}})",
                  {{1, 33, ErrorCode::empty_input, "clusters", "lists no clusters"},
                   {1, 50, ErrorCode::empty_input, "framework", "lists no indicators"}});
}

// ---------------------------------------------------------------------------------------------------------
// Several problems in one file: all are reported.

TEST(ModelFileBroken, EveryProblemIsReported) {
  const std::string syntax_level = R"({
  "qualis_model": 1,
  "titel": "x",
  "clusters": [{"id": "a", "region": "r", "size": 3}],
  "framework": {"indicators": [{"id": "x", "direction": "up", "weight": "2"}]},
  "trend": {"indicators": ["nox"]}
})";
  // The trend indicator cannot be checked: the framework was not read.
  expect_problems(syntax_level,
                  {{3, 3, ErrorCode::parse_error, "titel", "unknown key"},
                   {4, 43, ErrorCode::parse_error, "size", "unknown key"},
                   {5, 57, ErrorCode::parse_error, "framework.indicators[0].direction", "unknown value"},
                   {5, 73, ErrorCode::parse_error, "framework.indicators[0].weight", "expected a number"}});
  const std::string semantic = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x"}]},
  "model": {"methods": {"e": {}}},
  "trend": {"indicators": ["y"], "methods": ["mk", "sen"]},
  "report": {"key_indicators": ["x", "z"], "language": "fr"},
  "step_framework": 3
})";
  expect_problems(semantic, {{5, 25, ErrorCode::not_found, "e", "not a dimension"},
                             {6, 28, ErrorCode::not_found, "y", "not an indicator"},
                             {7, 38, ErrorCode::not_found, "z", "not an indicator"},
                             {7, 56, ErrorCode::out_of_range, "report.language", "\"fr\" is not \"zh\" or \"en\""},
                             {8, 21, ErrorCode::parse_error, "step_framework", "found a number"}});
}

TEST(ModelFileBroken, UnreadableFile) {
  const std::string path = QUALIS_TEST_DATA_DIR "/no-such-model.json";
  expect_error<qualis::IoError>([&] { (void)qualis::read_model_file(path); }, ErrorCode::io_error,
                                {"no-such-model.json", "cannot open"});
  Problems problems;
  (void)qualis::read_model_file(path, &problems);
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems.list()[0].code, ErrorCode::io_error);
  EXPECT_EQ(problems.list()[0].line, 0U);
}

}  // namespace
