// A small synthetic assessment for the report tests (tests/tool/test_report.cpp) and the browser test
// (tests/browser/make_report.cpp): a framework of two dimensions (quality: pass rate, certifications, complaints
// (lower is better); innovation: patents, R&D share), five clusters in two cohorts ("2019": c1 to c4;
// "X": c5, which joins in 2021 and has no step assessment, so that with the default blend rule it is never
// scored), three yearly periods, eleven-step assessments for c1 to c4, fixed grades and a step share of 0.2.
// Cluster "c2<&>" has a Chinese name with "<&>" in it.
//
// The values are built from a position q (0 = best) per cluster and period: every indicator is monotone in q, and
// so is every step level (3 - q). Min-max per period and weighted means keep that order, so the final ranking of a
// period is the order of q: in 2021 c1, c2<&>, c3, c4 (c5 unscored); in 2020 c2<&>, c3, c1, c4; in 2019 c2<&>,
// c1, c3, c4. That is the expected order of the tests, derived from the construction, not from the library.
#ifndef QUALIS_TESTS_BROWSER_REPORT_FIXTURE_HPP
#define QUALIS_TESTS_BROWSER_REPORT_FIXTURE_HPP

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <qualis/assessment/model.hpp>
#include <qualis/assessment/run.hpp>
#include <qualis/trend/batch.hpp>
#include <string>
#include <vector>

#include "report/report.hpp"

namespace report_fixture {

inline const std::vector<std::string>& unit_ids() {
  static const std::vector<std::string> ids = {"c1", "c2<&>", "c3", "c4", "c5"};
  return ids;
}

inline const std::vector<int>& years() {
  static const std::vector<int> y = {2019, 2020, 2021};
  return y;
}

// Position q of a cluster in a year (0 = best); NaN for c5 before 2021 (not reported).
inline double position(const std::string& unit, int year) {
  static const std::map<std::string, std::vector<double>> q = {
      {"c1", {1, 2, 0}},
      {"c2<&>", {0, 0, 1}},
      {"c3", {2, 1, 2}},
      {"c4", {3, 3, 3}},
      {"c5", {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(), 2.5}}};
  return q.at(unit)[static_cast<std::size_t>(year - 2019)];
}

inline qualis::Framework framework() {
  const auto dim = [](const std::string& id, const std::string& zh, const std::string& en, double weight) {
    qualis::Dimension d;
    d.id = id;
    d.names = {zh, en};
    d.weight = weight;
    return d;
  };
  const auto ind = [](const std::string& id, const std::string& zh, const std::string& en, const std::string& unit,
                      const std::string& parent, qualis::Direction direction) {
    qualis::Indicator i;
    i.id = id;
    i.names = {zh, en};
    i.unit = unit;
    i.parent = parent;
    i.direction = direction;
    return i;
  };
  const qualis::Direction up = qualis::Direction::higher_is_better;
  return qualis::Framework(
      {dim("quality", "质量表现", "Quality performance", 2.0), dim("innovation", "创新能力", "Innovation", 1.0)},
      {ind("pass_rate", "抽检合格率", "Inspection pass rate", "%", "quality", up),
       ind("certs", "三体系认证数", "Certifications", "家", "quality", up),
       ind("complaints", "质量投诉", "Quality complaints", "件", "quality", qualis::Direction::lower_is_better),
       ind("patents", "发明专利", "Invention patents", "件", "innovation", up),
       ind("rd_share", "研发投入占比", "R&D share", "%", "innovation", up)});
}

inline qualis::ClusterSet clusters() {
  const auto make = [](const std::string& id, const std::string& zh, const std::string& en, const std::string& cohort,
                       int joined) {
    qualis::Cluster c;
    c.id = id;
    c.names = {zh, en};
    c.region = "130000";
    c.cohort = cohort;
    c.joined = qualis::Period::annual(joined);
    c.industry = "manufacturing";
    return c;
  };
  return qualis::ClusterSet({make("c1", "定州市体育用品", "Dingzhou sports goods", "2019", 2019),
                             make("c2<&>", "唐山<机器人&智能>", "Tangshan \"robots\" & <AI>", "2019", 2019),
                             make("c3", "安国市中药材", "Anguo traditional medicine", "2019", 2019),
                             make("c4", "昌黎县葡萄酒", "Changli wine", "2019", 2019),
                             make("c5", "衡水高新区智慧灯杆", "Hengshui smart lamp poles", "X", 2021)});
}

inline qualis::Panel panel() {
  std::vector<qualis::Period> periods;
  for (const int y : years()) periods.push_back(qualis::Period::annual(y));
  qualis::Panel p(unit_ids(), {"pass_rate", "certs", "complaints", "patents", "rd_share"}, periods);
  for (const std::string& u : unit_ids()) {
    for (const int y : years()) {
      const double q = position(u, y);
      if (std::isnan(q)) continue;
      const double t = y - 2019;  // a slow rise of every value over the years
      const qualis::Period period = qualis::Period::annual(y);
      p.set(u, "pass_rate", period, 96.0 - 2.0 * q + 0.5 * t);
      p.set(u, "certs", period, 40.0 - 8.0 * q + 3.0 * t);
      p.set(u, "complaints", period, 5.0 + 4.0 * q - t);
      p.set(u, "patents", period, 120.0 - 25.0 * q + 10.0 * t);
      p.set(u, "rd_share", period, 3.2 - 0.6 * q + 0.1 * t);
    }
  }
  return p;
}

// Step levels 3 - q for c1 to c4 in every year; c4 leaves step 5 unrated in 2021; c5 has none.
inline qualis::StepAssessmentSet steps() {
  const qualis::StepFramework method = qualis::eleven_step_method();
  std::vector<qualis::StepAssessment> out;
  for (const std::string& u : unit_ids()) {
    if (u == "c5") continue;
    for (const int y : years()) {
      qualis::StepAssessment a;
      a.cluster = u;
      a.period = qualis::Period::annual(y);
      const int level = 3 - static_cast<int>(position(u, y));
      for (std::size_t k = 0; k < method.size(); ++k) {
        if (u == "c4" && y == 2021 && k == 4) continue;
        a.ratings.push_back(qualis::StepRating{method.steps()[k].id, level, "site visit <2021> & report"});
      }
      out.push_back(a);
    }
  }
  return qualis::StepAssessmentSet(method, out);
}

inline qualis::Inputs inputs() { return qualis::Inputs{framework(), clusters(), std::nullopt, panel(), steps()}; }

inline qualis::Model model() {
  qualis::Model m;
  m.preparation.treat_outliers = false;  // five units: keep the values as built
  m.steps.share = 0.2;
  m.ranking.grades = qualis::GradeScheme::fixed;
  m.ranking.bands = {{"优 A", 80.0}, {"良 B", 50.0}, {"C", -std::numeric_limits<double>::infinity()}};
  return m;
}

// Trend tables (mk and sen) of the final score of every unit.
inline std::vector<qualis::TrendTable> trends(const qualis::Result& r) {
  const std::size_t col = r.scores.indicator_index(r.model.score_id);
  Eigen::MatrixXd s(static_cast<Eigen::Index>(r.units.size()), static_cast<Eigen::Index>(r.periods.size()));
  for (std::size_t u = 0; u < r.units.size(); ++u) {
    for (std::size_t p = 0; p < r.periods.size(); ++p) {
      s(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(p)) = r.scores.value(u, col, p);
    }
  }
  std::vector<qualis::TrendTable> out;
  for (const qualis::TrendMethod m : {qualis::TrendMethod::mk, qualis::TrendMethod::sen}) {
    qualis::TrendOptions o;
    o.method = m;
    out.push_back(qualis::trend_rows(s, r.units, r.periods, o));
  }
  return out;
}

// A report input for an assessment (the pointers refer to the arguments, which must outlive it).
inline qualis_tool::ReportInput report_input(const qualis::Inputs& in, const qualis::Result& r) {
  qualis_tool::ReportInput ri;
  ri.inputs = &in;
  ri.result = &r;
  ri.trends = trends(r);
  ri.title = {"河北省重点区域质量提升评估（示例）", "Hebei key-region quality improvement (example)"};
  ri.description = "Values are synthetic <test> & made up.\n数值为虚构。";
  ri.key_indicators = {"pass_rate", "certs", "patents"};
  ri.model_file = "model <demo>.json";
  ri.files = {{"panel", "data/panel.csv"}, {"clusters", "data/clusters & more.csv"}};
  return ri;
}

}  // namespace report_fixture

#endif  // QUALIS_TESTS_BROWSER_REPORT_FIXTURE_HPP
