// End-to-end test of qualis::run() (qualis/assessment/run.hpp) on a model small enough to check by hand: three
// levels (composite -> capacity {scale, innovation} and quality -> 7 indicators, one lower_is_better), two
// cohorts (five clusters of 2019, two late joiners of 2021), three yearly periods, missing values, a unit
// screened out by coverage, min-max onto [0, 100] per period, a dimension of weight 2, a geometric-mean
// sub-dimension, AHP weights from a 3x3 matrix, the eleven-step index blended with share 0.2, ranks overall and
// within cohort, fixed grades, the diagnosis and the coupling coordination of the two top dimensions.
//
// Every expected number comes from tests/reference/assessment.py, which computes it from the published formulas
// (cited there and below), not from the library; the literals are pasted from its output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <qualis/assessment/run.hpp>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

using qualis::AggregationMethod;
using qualis::Cluster;
using qualis::ClusterSet;
using qualis::Dimension;
using qualis::Direction;
using qualis::Framework;
using qualis::GradeBand;
using qualis::GradeScheme;
using qualis::Indicator;
using qualis::Inputs;
using qualis::Model;
using qualis::NodeKind;
using qualis::NodeMethod;
using qualis::Panel;
using qualis::Period;
using qualis::Result;
using qualis::StepAssessment;
using qualis::StepAssessmentSet;
using qualis::StepRating;
using qualis::UnitState;
using qualis::WeightRecord;
using qualis::WeightSource;
using testing::ElementsAre;
using testing::IsEmpty;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const Period y2019 = Period::annual(2019);
const Period y2020 = Period::annual(2020);
const Period y2021 = Period::annual(2021);
const std::vector<std::string> unit_ids = {"a", "b", "c", "d", "e", "x1", "x2"};
const std::vector<std::string> indicator_ids = {"rev", "emp", "pat", "rd", "pass", "compl", "std"};

// 1e-9 relative (with a floor of 1e-12 for expected zeros); a NaN expectation means "missing". Stricter than the
// suite's max(1, |expected|) rule, since most numbers here are shares below 1.
void expect_value(double actual, double expected, const std::string& what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << " = " << actual << ", expected missing";
  } else {
    EXPECT_NEAR(actual, expected, std::max(1e-9 * std::abs(expected), 1e-12)) << what;
  }
}

void expect_values(const Eigen::VectorXd& actual, const std::vector<double>& expected, const std::string& what) {
  ASSERT_EQ(actual.size(), static_cast<Eigen::Index>(expected.size())) << what;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    expect_value(actual[static_cast<Eigen::Index>(k)], expected[k], what + "[" + std::to_string(k) + "]");
  }
}

// Raw values, the table `raw` of tests/reference/assessment.py. "e" has 6 of its 21 cells (2/7 < 2/3: screened
// out, pooled); x1 and x2 join in 2021, and x1's 2020 values (7 cells) were reported before it joined.
Panel panel() {
  Panel p(unit_ids, indicator_ids, {y2019, y2020, y2021});
  const std::map<int, std::vector<std::vector<double>>> raw = {
      {2019,
       {{10, 200, 5, 2.0, 90, 4, 3},
        {30, 150, 15, 3.0, 95, 2, 5},
        {20, nan, 10, 1.0, 85, 6, 2},
        {50, 400, 20, 4.0, 80, 8, 4},
        {nan, nan, nan, 1.5, nan, nan, 1},
        {nan, nan, nan, nan, nan, nan, nan},
        {nan, nan, nan, nan, nan, nan, nan}}},
      {2020,
       {{12, 210, 6, 2.5, 92, 3, 3},
        {28, 160, 18, 3.5, 96, 2, 6},
        {25, 180, 12, nan, 88, 5, 2},
        {45, 380, 22, 4.5, 82, 7, 5},
        {nan, 300, nan, nan, nan, nan, 2},
        {40, 100, 9, 2.0, 91, 3, 4},
        {nan, nan, nan, nan, nan, nan, nan}}},
      {2021,
       {{15, 220, 8, 3.0, 93, 3, 4},
        {26, 170, 20, 3.0, 97, 1, 6},
        {30, 190, 14, 2.0, 90, nan, 3},
        {40, 360, 25, 5.0, 84, 6, 5},
        {8, nan, nan, nan, 70, nan, nan},
        {60, 250, 30, 6.0, 95, 2, 7},
        {18, 120, nan, 1.0, 86, 4, 2}}},
  };
  for (const auto& [year, table] : raw) {
    for (std::size_t u = 0; u < table.size(); ++u) {
      for (std::size_t i = 0; i < table[u].size(); ++i)
        p.set(unit_ids[u], indicator_ids[i], Period::annual(year), table[u][i]);
    }
  }
  return p;
}

ClusterSet clusters() {
  std::vector<Cluster> out;
  for (const std::string& id : unit_ids) {
    Cluster c;
    c.id = id;
    c.region = "130682";
    const bool late = id[0] == 'x';
    c.cohort = late ? "X" : "2019";
    c.joined = late ? y2021 : y2019;
    out.push_back(c);
  }
  return ClusterSet(out);
}

// composite -> capacity (weight 2) -> scale {rev (weight 2), emp} and innovation {pat, rd};
// composite -> quality (weight 1) -> {pass, compl (lower is better), std}.
Framework framework() {
  const auto dim = [](const std::string& id, const std::string& parent, double weight) {
    Dimension d;
    d.id = id;
    d.parent = parent;
    d.weight = weight;
    return d;
  };
  const auto ind = [](const std::string& id, const std::string& parent, double weight, Direction direction) {
    Indicator i;
    i.id = id;
    i.parent = parent;
    i.weight = weight;
    i.direction = direction;
    return i;
  };
  const Direction up = Direction::higher_is_better;
  return Framework({dim("capacity", "", 2.0), dim("scale", "capacity", 1.0), dim("innovation", "capacity", 1.0),
                    dim("quality", "", 1.0)},
                   {ind("rev", "scale", 2.0, up), ind("emp", "scale", 1.0, up), ind("pat", "innovation", 1.0, up),
                    ind("rd", "innovation", 1.0, up), ind("pass", "quality", 1.0, up),
                    ind("compl", "quality", 1.0, Direction::lower_is_better), ind("std", "quality", 1.0, up)});
}

// Levels of the eleven steps in the method's order, '-' = not rated (the table `steps` of the reference).
// x1 in 2020 (before joining) and e in 2021 (screened out) are not assessed by run().
StepAssessmentSet steps() {
  const qualis::StepFramework method = qualis::eleven_step_method();
  const std::vector<std::string> ids = method.ids();
  const std::vector<std::tuple<std::string, int, std::string>> table = {
      {"a", 2019, "21021110100"},  {"a", 2020, "22121211-10"},  {"a", 2021, "32232221211"},  {"b", 2019, "32221221112"},
      {"b", 2020, "33232321212"},  {"b", 2021, "43332332322"},  {"c", 2019, "1100-000100"},  {"c", 2020, "21110101100"},
      {"c", 2021, "2121121-211"},  {"d", 2019, "43332332232"},  {"d", 2020, "43333343332"},  {"d", 2021, "44343443433"},
      {"x1", 2020, "11111111111"}, {"x1", 2021, "3223222-122"}, {"x2", 2021, "10100010000"}, {"e", 2021, "22222222222"},
  };
  std::vector<StepAssessment> out;
  for (const auto& [unit, year, levels] : table) {
    StepAssessment a;
    a.cluster = unit;
    a.period = Period::annual(year);
    for (std::size_t k = 0; k < levels.size(); ++k) {
      if (levels[k] != '-') a.ratings.push_back(StepRating{ids[k], levels[k] - '0', ""});
    }
    out.push_back(a);
  }
  return StepAssessmentSet(method, out);
}

// The AHP matrix of quality's children (pass, compl, std); slightly inconsistent (CR about 0.016).
Eigen::MatrixXd pairwise() {
  Eigen::MatrixXd m(3, 3);
  m << 1.0, 2.0, 4.0, 0.5, 1.0, 3.0, 0.25, 1.0 / 3.0, 1.0;
  return m;
}

Model model() {
  Model m;
  m.preparation.screen = true;  // pooled, unit coverage 2/3, indicator coverage 0.65 (the defaults)
  m.preparation.treat_outliers = false;
  // Normalisation: the default, min-max onto [0, 100] per period.
  NodeMethod geometric;
  geometric.aggregation.method = AggregationMethod::geometric_mean;
  geometric.aggregation.shift = 1.0;  // min-max gives zeros; exp(mean ln(x + 1)) - 1
  m.methods["innovation"] = geometric;
  NodeMethod ahp;
  ahp.weight_source = WeightSource::ahp;
  ahp.pairwise = pairwise();
  m.methods["quality"] = ahp;
  m.steps.share = 0.2;
  m.ranking.grades = GradeScheme::fixed;
  m.ranking.bands = {GradeBand{"A", 70.0}, GradeBand{"B", 50.0}, GradeBand{"C", 30.0},
                     GradeBand{"D", -std::numeric_limits<double>::infinity()}};
  m.diagnosis.coupling = {"capacity", "quality"};
  return m;
}

const Result& result() {
  static const Result r = [] {
    Inputs in{framework(), clusters(), std::nullopt, panel(), steps()};
    return qualis::run(model(), in);
  }();
  return r;
}

// AHP eigenvector weights of pairwise() (Saaty 1980), from the reference's power iteration.
const std::vector<double> ahp_w = {0.5584245430947973, 0.31961826393597564, 0.1219571929692271};

const WeightRecord& weight_record(const std::string& node) {
  const auto& ws = result().weights;
  const auto it = std::find_if(ws.begin(), ws.end(), [&](const WeightRecord& w) { return w.node == node; });
  if (it == ws.end()) throw std::runtime_error("no weight record of " + node);
  EXPECT_EQ(std::count_if(ws.begin(), ws.end(), [&](const WeightRecord& w) { return w.node == node; }), 1) << node;
  return *it;
}

TEST(RunEndToEnd, NodesStatesAndRecord) {
  const Result& r = result();
  EXPECT_THAT(r.units, ElementsAre("a", "b", "c", "d", "e", "x1", "x2"));
  EXPECT_THAT(r.periods, ElementsAre(y2019, y2020, y2021));
  std::vector<std::string> ids;
  for (const auto& n : r.nodes) ids.push_back(n.id);
  EXPECT_THAT(ids, ElementsAre("score", "composite", "step_index", "capacity", "scale", "rev", "emp", "innovation",
                               "pat", "rd", "quality", "pass", "compl", "std"));
  EXPECT_EQ(r.nodes[3].kind, NodeKind::dimension);
  EXPECT_EQ(r.nodes[5].parent, "scale");
  EXPECT_EQ(r.nodes[5].depth, 3u);

  // States: e screened out (pooled coverage 6/21 < 2/3); the late joiners inactive before 2021, scored in 2021.
  for (const Period& p : {y2019, y2020, y2021}) {
    for (const std::string u : {"a", "b", "c", "d"}) EXPECT_EQ(r.state_of(u, p), UnitState::scored) << u << p;
    EXPECT_EQ(r.state_of("e", p), UnitState::screened_out) << p;
  }
  for (const std::string u : {"x1", "x2"}) {
    EXPECT_EQ(r.state_of(u, y2019), UnitState::inactive) << u;
    EXPECT_EQ(r.state_of(u, y2020), UnitState::inactive) << u;
    EXPECT_EQ(r.state_of(u, y2021), UnitState::scored) << u;
  }

  // Preparation record: one pooled screening; x1's 7 cells of 2020 ignored; two step assessments ignored.
  ASSERT_EQ(r.preparation.screening.size(), 1u);
  const qualis::ScreenResult& s = r.preparation.screening.front();
  EXPECT_THAT(s.periods, ElementsAre(y2019, y2020, y2021));
  EXPECT_THAT(s.removed_units, ElementsAre("e"));
  EXPECT_THAT(s.kept_units, ElementsAre("a", "b", "c", "d", "x1", "x2"));
  EXPECT_THAT(s.removed_indicators, IsEmpty());
  expect_value(s.units[4].coverage.share, 6.0 / 21.0, "coverage of e");          // 6 of 7 x 3 cells
  expect_value(s.units[6].coverage.share, 6.0 / 7.0, "coverage of x2");          // 2021 only
  expect_value(s.indicators[2].coverage.share, 13.0 / 17.0, "coverage of pat");  // 17 active (unit, period)
  EXPECT_EQ(r.preparation.ignored_before_joining, 7u);
  EXPECT_EQ(r.preparation.ignored_step_assessments, 2u);
  EXPECT_THAT(r.preparation.imputed, IsEmpty());
  EXPECT_THAT(r.preparation.outliers, IsEmpty());
  EXPECT_THAT(r.normalization, IsEmpty());

  // Choices.
  const auto has = [&](const std::string& stage, const std::string& choice, const std::string& value) {
    return std::any_of(r.choices.begin(), r.choices.end(), [&](const qualis::ChoiceRecord& c) {
      return c.stage == stage && c.choice == choice && c.value == value;
    });
  };
  EXPECT_TRUE(has("normalisation", "method", "min_max"));
  EXPECT_TRUE(has("normalisation", "reference", "per_period"));
  EXPECT_TRUE(has("preparation", "screen", "pooled"));
  EXPECT_TRUE(has("preparation", "imputation", "none"));
  EXPECT_TRUE(has("preparation", "outliers", "off"));
  EXPECT_TRUE(has("aggregation", "innovation", "geometric_mean"));
  EXPECT_TRUE(has("weights", "quality", "ahp"));
}

TEST(RunEndToEnd, WeightRecordsPerNode) {
  // Framework weights normalised among siblings (Framework docs; COINr), AHP eigenvector for quality. No child is
  // screened out, so each node has one record valid for every period.
  const WeightRecord& comp = weight_record("composite");
  EXPECT_FALSE(comp.period.has_value());
  EXPECT_THAT(comp.children, ElementsAre("capacity", "quality"));
  expect_values(comp.weights, {2.0 / 3.0, 1.0 / 3.0}, "composite weights");
  EXPECT_EQ(comp.source, WeightSource::framework);
  const WeightRecord& cap = weight_record("capacity");
  EXPECT_THAT(cap.children, ElementsAre("scale", "innovation"));
  expect_values(cap.weights, {0.5, 0.5}, "capacity weights");
  const WeightRecord& scale = weight_record("scale");
  EXPECT_THAT(scale.children, ElementsAre("rev", "emp"));
  expect_values(scale.weights, {2.0 / 3.0, 1.0 / 3.0}, "scale weights");
  const WeightRecord& inn = weight_record("innovation");
  EXPECT_THAT(inn.children, ElementsAre("pat", "rd"));
  expect_values(inn.weights, {0.5, 0.5}, "innovation weights");
  const WeightRecord& q = weight_record("quality");
  EXPECT_FALSE(q.period.has_value());
  EXPECT_THAT(q.children, ElementsAre("pass", "compl", "std"));
  EXPECT_EQ(q.source, WeightSource::ahp);
  expect_values(q.weights, ahp_w, "quality weights (AHP)");
  ASSERT_TRUE(q.ahp.has_value());
  // lambda_max, CI = (lambda - 3) / 2, CR = CI / 0.58 (Saaty's RI(3)); tests/reference/assessment.py.
  expect_value(q.ahp->lambda_max, 3.0182947072896305, "lambda_max");
  expect_value(q.ahp->ci, 0.009147353644815226, "CI");
  expect_value(q.ahp->cr, 0.01577129938761246, "CR");
}

TEST(RunEndToEnd, EffectiveWeights) {
  // Product of normalised sibling weights on the path (OECD/JRC 2008; COINr get_eff_weights); NaN for the score
  // and step-index rows, 1 for the composite. Same in every period.
  const Result& r = result();
  const std::vector<double> expected = {
      nan,       1.0,       nan,       2.0 / 3.0, 1.0 / 3.0,      2.0 / 9.0,      1.0 / 9.0,
      1.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 3.0, ahp_w[0] / 3.0, ahp_w[1] / 3.0, ahp_w[2] / 3.0};
  ASSERT_EQ(r.effective_weights.rows(), 14);
  ASSERT_EQ(r.effective_weights.cols(), 3);
  for (Eigen::Index p = 0; p < 3; ++p) {
    for (Eigen::Index n = 0; n < 14; ++n) {
      expect_value(
          r.effective_weights(n, p), expected[static_cast<std::size_t>(n)],
          "effective weight of " + r.nodes[static_cast<std::size_t>(n)].id + " in period " + std::to_string(p));
    }
  }
}

TEST(RunEndToEnd, NormalisedValues) {
  // 100 (x - min) / (max - min), cost 100 (max - x) / (max - min), over the period's active units (OECD/JRC 2008
  // step 5): e (screened out) and the late joiners before 2021 take no part. tests/reference/assessment.py.
  const Result& r = result();
  const auto row = [&](const std::string& u, const Period& p, const std::vector<double>& expected) {
    for (std::size_t i = 0; i < indicator_ids.size(); ++i) {
      expect_value(r.score(u, indicator_ids[i], p), expected[i], u + " " + indicator_ids[i] + " " + p.to_string());
    }
  };
  // The late joiners in 2021; x2 has no "pat".
  row("x1", y2021, {100.0, 54.166666666666664, 100.0, 100.0, 84.61538461538461, 80.0, 100.0});
  row("x2", y2021, {6.666666666666667, 0.0, nan, 0.0, 15.384615384615385, 40.0, 0.0});
  // c misses emp in 2019 (min-max of emp over a, b, d: 150..400) and compl in 2021.
  row("c", y2019, {25.0, nan, 100.0 / 3.0, 0.0, 100.0 / 3.0, 100.0 / 3.0, 0.0});
  row("c", y2021, {33.333333333333336, 29.166666666666668, 27.272727272727273, 20.0, 46.15384615384615, nan, 20.0});
  // a in 2020: compl 3 among {3, 2, 5, 7} is (7 - 3) / (7 - 2) = 80 (lower is better).
  row("a", y2020, {0.0, 22.727272727272727, 0.0, 0.0, 71.42857142857143, 80.0, 25.0});
  // Not assessed: missing everywhere.
  for (const std::string& i : indicator_ids) {
    expect_value(r.score("e", i, y2021), nan, "e " + i);
    expect_value(r.score("x1", i, y2020), nan, "x1 " + i + " 2020");
  }
  // The prepared panel keeps raw values of the active units, without the ignored cells.
  expect_value(r.prepared.value("x1", "rev", y2021), 60.0, "prepared x1 rev 2021");
  expect_value(r.prepared.value("x1", "rev", y2020), nan, "prepared x1 rev 2020");
  expect_value(r.prepared.value("e", "pass", y2021), nan, "prepared e pass 2021");
}

// Scores of one unit in one period: {score, composite, step_index, capacity, scale, innovation, quality}.
struct Expected {
  std::string unit;
  std::vector<double> values;
};

TEST(RunEndToEnd, ScoresOfEveryUnitAndPeriod) {
  // scale: weighted arithmetic mean (2:1) re-weighted over observed children; innovation: exp(mean ln(x + 1)) - 1;
  // capacity 1:1, quality AHP weights, composite 2:1 (OECD/JRC 2008 step 6); step index 100 * mean(l / 4) over
  // the rated steps (completion(), unrated excluded); score 0.8 composite + 0.2 step index.
  // All from tests/reference/assessment.py.
  const std::map<int, std::vector<Expected>> expected = {
      {2019,
       {{"a",
         {23.85825811618236, 24.709186281591585, 20.454545454545453, 5.763065971874491, 6.666666666666667,
          4.8594652770823155, 62.60142690102577}},
        {"b",
         {61.96969696969698, 66.66666666666667, 43.18181818181818, 50.000000000000014, 33.333333333333336,
          66.6666666666667, 100.0}},
        {"c",
         {17.267349025273266, 19.70918628159158, 7.5, 14.929732638541157, 25.0, 4.8594652770823155,
          29.268093567692432}},
        {"d",
         {69.13782484470546, 69.37682651042728, 68.18181818181819, 100.00000000000001, 100.0, 100.00000000000003,
          8.130479531281807}}}},
      {2020,
       {{"a",
         {26.788430901008113, 25.360538626260137, 32.5, 3.7878787878787876, 7.575757575757575, 0.0, 68.50585830302283}},
        {"b",
         {62.53062743931113, 64.52692066277528, 54.54545454545455, 46.79038099416293, 32.323232323232325,
          61.257529665093536, 100.0}},
        {"c",
         {31.239067708021448, 34.50338008957226, 18.181818181818183, 33.39646464646465, 29.29292929292929,
          37.50000000000001, 36.71721097578748}},
        {"d",
         {71.22702264726334, 69.71559649089735, 77.27272727272727, 100.00000000000001, 100.0, 100.00000000000003,
          9.146789472692031}}}},
      {2021,
       {{"a",
         {31.414136507332685, 27.33585245234767, 47.72727272727273, 9.646006563160869, 13.888888888888888,
          5.403124237432849, 62.71554423072128}},
        {"b",
         {58.30925114606731, 55.841109387129585, 68.18181818181819, 34.981236010386645, 23.240740740740737,
          46.72173128003255, 97.56085614061547}},
        {"c",
         {32.807141489043445, 32.2589268613043, 35.0, 27.65548197410383, 31.944444444444446, 23.366519503763207,
          41.46581663570525}},
        {"d",
         {59.41060332996601, 52.1041632533666, 88.63636363636364, 74.49752909097309, 70.37037037037037,
          78.62468781157581, 7.317431578153625}},
        {"x1",
         {82.43032270044259, 89.91290337555323, 52.5, 92.36111111111111, 84.72222222222221, 100.00000000000003,
          85.01648790443744}},
        {"x2",
         {8.249055515296766, 8.606773939575502, 6.818181818181818, 2.2222222222222223, 4.444444444444445, 0.0,
          21.375877374282062}}}},
  };
  const std::vector<std::string> nodes = {"score", "composite",  "step_index", "capacity",
                                          "scale", "innovation", "quality"};
  const Result& r = result();
  for (const auto& [year, list] : expected) {
    const Period p = Period::annual(year);
    for (const Expected& e : list) {
      for (std::size_t n = 0; n < nodes.size(); ++n) {
        expect_value(r.score(e.unit, nodes[n], p), e.values[n], e.unit + " " + nodes[n] + " " + p.to_string());
      }
    }
    // Units not assessed have no score at any node.
    for (const std::string& u : unit_ids) {
      if (r.state_of(u, p) == UnitState::scored) continue;
      for (const std::string& n : nodes) expect_value(r.score(u, n, p), nan, u + " " + n + " " + p.to_string());
    }
  }
  // Step index record: x1's 2020 assessment is outside the programme, e's 2021 one belongs to a screened-out unit.
  ASSERT_TRUE(r.step_index.has_value());
  ASSERT_TRUE(r.blend.has_value());
  EXPECT_EQ(r.blend->both, 14u);  // 4 + 4 + 6 assessed (unit, period) cells
  EXPECT_EQ(r.blend->missing, 0u);
}

TEST(RunEndToEnd, RanksOverallAndWithinCohort) {
  // Highest first, min ties, unscored units unranked (rank(): scipy rankdata(-x, "min") with NaN omitted).
  const Result& r = result();
  ASSERT_EQ(r.group_ranks.size(), 1u);
  const qualis::GroupRanking& g = r.group_ranks.front();
  EXPECT_EQ(g.name, "cohort");
  EXPECT_THAT(g.group, ElementsAre("2019", "2019", "2019", "2019", "2019", "X", "X"));
  struct Case {
    int year;
    std::string node;
    std::vector<double> overall;
    std::vector<double> within;
  };
  // Units in order a, b, c, d, e, x1, x2; tests/reference/assessment.py.
  const std::vector<Case> cases = {
      {2019, "score", {3, 2, 4, 1, nan, nan, nan}, {3, 2, 4, 1, nan, nan, nan}},
      {2019, "composite", {3, 2, 4, 1, nan, nan, nan}, {3, 2, 4, 1, nan, nan, nan}},
      {2020, "score", {4, 2, 3, 1, nan, nan, nan}, {4, 2, 3, 1, nan, nan, nan}},
      {2020, "composite", {4, 2, 3, 1, nan, nan, nan}, {4, 2, 3, 1, nan, nan, nan}},
      {2021, "score", {5, 3, 4, 2, nan, 1, 6}, {4, 2, 3, 1, nan, 1, 2}},
      {2021, "composite", {5, 2, 4, 3, nan, 1, 6}, {4, 1, 3, 2, nan, 1, 2}},
      // rd in 2021: a and b tie at 3.0 and share rank 3; the next is 5 ("1224").
      {2021, "rd", {3, 3, 5, 2, nan, 1, 6}, {2, 2, 4, 1, nan, 1, 2}},
  };
  for (const Case& c : cases) {
    const Period p = Period::annual(c.year);
    for (std::size_t u = 0; u < unit_ids.size(); ++u) {
      const std::string what = unit_ids[u] + " " + c.node + " " + p.to_string();
      expect_value(r.rank(unit_ids[u], c.node, p), c.overall[u], "overall rank of " + what);
      expect_value(g.ranks.value(unit_ids[u], c.node, p), c.within[u], "cohort rank of " + what);
    }
  }
}

TEST(RunEndToEnd, FixedGrades) {
  // Bands A >= 70, B >= 50, C >= 30, D below (grade_fixed()): positions 0..3 of the score; NaN when unscored.
  const Result& r = result();
  ASSERT_TRUE(r.grades.has_value());
  EXPECT_THAT(r.grade_labels, ElementsAre("A", "B", "C", "D"));
  const std::map<int, std::vector<double>> expected = {
      {2019, {3, 1, 3, 1, nan, nan, nan}},
      {2020, {3, 1, 2, 0, nan, nan, nan}},
      {2021, {2, 1, 2, 1, nan, 0, 3}},
  };
  for (const auto& [year, bands] : expected) {
    for (std::size_t u = 0; u < unit_ids.size(); ++u) {
      expect_value(r.grades->value(unit_ids[u], "score", Period::annual(year)), bands[u],
                   "grade of " + unit_ids[u] + " in " + std::to_string(year));
    }
  }
}

TEST(RunEndToEnd, DiagnosisOfUnitsWithMissingValues) {
  // O_ij = w_j (1 - x_ij / 100) / sum_k w_k (1 - x_ik / 100) over the observed k, w = effective weights (the
  // obstacle degree model as documented in score/diagnosis.hpp); dimension obstacle = sum over its indicators;
  // contribution c_ij = w_j x_ij / sum_k w_k x_ik; gap = period's best active value - x_ij.
  // tests/reference/assessment.py.
  const Result& r = result();
  ASSERT_TRUE(r.obstacles.has_value());
  ASSERT_TRUE(r.dimension_obstacles.has_value());
  ASSERT_TRUE(r.contributions.has_value());
  ASSERT_TRUE(r.gaps.has_value());
  ASSERT_TRUE(r.relative_gaps.has_value());
  EXPECT_THAT(r.dimension_obstacles->indicators(), ElementsAre("capacity", "scale", "innovation", "quality"));
  EXPECT_EQ(r.diagnosis_clipped, 0u);
  struct Case {
    std::string unit;
    std::vector<double> obstacles, dimensions, contributions, gaps, relative;
  };
  const std::vector<Case> cases = {
      {"c",
       {0.24122498423668706, 0.12815077287574, 0.19736589619365308, 0.21710248581301836, 0.16320144136810705, nan,
        0.05295441951279434},
       {0.7838441391190986, 0.3693757571124271, 0.41446838200667147, 0.21615586088090138},
       {0.26520256058618347, 0.11602612025645524, 0.162737934905158, 0.11934115226378254, 0.3075832081168126, nan,
        0.029109023871608082},
       {66.66666666666666, 70.83333333333333, 72.72727272727272, 80.0, 53.84615384615385, nan, 80.0},
       {0.6666666666666665, 0.7083333333333333, 0.7272727272727272, 0.8, 0.5384615384615384, nan, 0.8}},
      {"x2",
       {0.27755514115739266, 0.14869025419146034, nan, 0.22303538128719053, 0.21077426765877014, 0.08554341763597227,
        0.05440153806921407},
       {0.6492807766360436, 0.426245395348853, 0.22303538128719053, 0.35071922336395644},
       {0.1721297075864119, 0.0, nan, 0.0, 0.33272810761840316, 0.495142184795185, 0.0},
       {93.33333333333333, 100.0, nan, 100.0, 84.61538461538461, 60.0, 100.0},
       {0.9333333333333332, 1.0, nan, 1.0, 0.8461538461538461, 0.6, 1.0}},
  };
  const std::vector<std::string> dims = {"capacity", "scale", "innovation", "quality"};
  for (const Case& c : cases) {
    for (std::size_t i = 0; i < indicator_ids.size(); ++i) {
      const std::string what = c.unit + " " + indicator_ids[i] + " 2021";
      expect_value(r.obstacles->value(c.unit, indicator_ids[i], y2021), c.obstacles[i], "obstacle " + what);
      expect_value(r.contributions->value(c.unit, indicator_ids[i], y2021), c.contributions[i], "contribution " + what);
      expect_value(r.gaps->value(c.unit, indicator_ids[i], y2021), c.gaps[i], "gap " + what);
      expect_value(r.relative_gaps->value(c.unit, indicator_ids[i], y2021), c.relative[i], "relative gap " + what);
    }
    for (std::size_t d = 0; d < dims.size(); ++d) {
      expect_value(r.dimension_obstacles->value(c.unit, dims[d], y2021), c.dimensions[d],
                   "dimension obstacle " + c.unit + " " + dims[d]);
    }
  }
  // The top obstacle of c in 2021 is rev (0.241...), then rd and pat.
  const auto& tops = r.findings[2][2].obstacles;
  ASSERT_EQ(tops.size(), 3u);
  EXPECT_EQ(tops[0].indicator, "rev");
  EXPECT_EQ(tops[1].indicator, "rd");
  EXPECT_EQ(tops[2].indicator, "pat");
  // Not assessed: no diagnosis.
  expect_value(r.obstacles->value("x1", "rev", y2020), nan, "obstacle x1 rev 2020");
  expect_value(r.obstacles->value("e", "rev", y2021), nan, "obstacle e rev 2021");
}

TEST(RunEndToEnd, CouplingCoordinationOfTheTopDimensions) {
  // U = dimension score / 100; C = 2 sqrt(U1 U2) / (U1 + U2) (n = 2 of C = n [prod U / (sum U)^n]^(1/n),
  // Wang et al. 2021), T = (U1 + U2) / 2, D = sqrt(C T), grade = tenth of [0, 1] holding D.
  // tests/reference/assessment.py.
  const Result& r = result();
  ASSERT_TRUE(r.coupling.has_value());
  const qualis::CouplingTable& ct = *r.coupling;
  EXPECT_THAT(ct.subsystems, ElementsAre("capacity", "quality"));
  struct Case {
    Eigen::Index unit, period;
    double c, t, d;
    int grade;
  };
  const std::vector<Case> cases = {
      {0, 2, 0.6798036688910133, 0.36180775396941073, 0.495941769345578, 5},   // a 2021
      {5, 2, 0.9991423743283431, 0.8868879950777429, 0.9413433896115061, 10},  // x1 2021
      {1, 0, 0.9428090415820635, 0.75, 0.8408964152537146, 9},                 // b 2019
  };
  for (const Case& c : cases) {
    const std::string what = unit_ids[static_cast<std::size_t>(c.unit)] + " period " + std::to_string(c.period);
    expect_value(ct.coupling(c.unit, c.period), c.c, "C " + what);
    expect_value(ct.development(c.unit, c.period), c.t, "T " + what);
    expect_value(ct.coordination(c.unit, c.period), c.d, "D " + what);
    EXPECT_EQ(ct.grade(c.unit, c.period), c.grade) << what;
  }
  // Not assessed: NaN and grade 0.
  expect_value(ct.coordination(5, 1), nan, "D x1 2020");
  EXPECT_EQ(ct.grade(5, 1), 0);
  expect_value(ct.coordination(4, 2), nan, "D e 2021");
}

}  // namespace
