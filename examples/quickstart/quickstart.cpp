// The quickstart: a few Hebei industrial clusters of the "26+X" programme, their indicators and their
// eleven-step assessments, with a printed summary. All values are synthetic.
//
// Build and run from the repository root with:  bash scripts/demo.sh
#include <cstdio>
#include <iostream>
#include <qualis/qualis.hpp>
#include <string>
#include <vector>

namespace {

// Regions with their administrative division codes; development zones carry codes of our own.
qualis::RegionTree hebei_regions() {
  using L = qualis::RegionLevel;
  return qualis::RegionTree({
      {"130000", {"河北省", "Hebei"}, L::province, ""},
      {"130200", {"唐山市", "Tangshan"}, L::prefecture, "130000"},
      {"130300", {"秦皇岛市", "Qinhuangdao"}, L::prefecture, "130000"},
      {"130600", {"保定市", "Baoding"}, L::prefecture, "130000"},
      {"131100", {"衡水市", "Hengshui"}, L::prefecture, "130000"},
      {"130682", {"定州市", "Dingzhou"}, L::county_level, "130600"},
      {"130683", {"安国市", "Anguo"}, L::county_level, "130600"},
      {"130322", {"昌黎县", "Changli County"}, L::county_level, "130300"},
      {"130200-hz", {"唐山市高新区", "Tangshan High-tech Zone"}, L::development_zone, "130200"},
      {"131100-hz", {"衡水市高新区", "Hengshui High-tech Zone"}, L::development_zone, "131100"},
  });
}

qualis::ClusterSet hebei_clusters(const qualis::RegionTree& regions) {
  const auto y2019 = qualis::Period::annual(2019);
  return qualis::ClusterSet(
      {
          {"dz-sports", {"定州市体育用品", "Dingzhou sports goods"}, "130682", "sports goods", "2019", y2019, {}},
          {"ts-robotics", {"唐山市高新区机器人", "Tangshan robotics"}, "130200-hz", "robotics", "2019", y2019, {}},
          {"ag-tcm", {"安国市中药", "Anguo traditional Chinese medicine"}, "130683", "TCM", "2019", y2019, {}},
          {"cl-wine", {"昌黎县葡萄酒", "Changli wine"}, "130322", "wine", "2019", y2019, {}},
          {"hs-lamp-poles",
           {"衡水市高新区智慧灯杆", "Hengshui smart lamp poles"},
           "131100-hz",
           "smart lamp poles and telecom towers",
           "X",
           qualis::Period::annual(2021),
           {}},
      },
      regions);
}

qualis::Framework quality_framework() {
  using D = qualis::Direction;
  std::vector<qualis::Dimension> dims = {
      {"scale", {"规模与增长", "Scale and growth"}, "", 1.0, ""},
      {"quality", {"质量与标准", "Quality and standards"}, "", 1.0, ""},
  };
  const auto indicator = [](std::string id, qualis::Names names, std::string unit, D direction, std::string parent,
                            double weight) {
    qualis::Indicator ind;
    ind.id = std::move(id);
    ind.names = std::move(names);
    ind.unit = std::move(unit);
    ind.direction = direction;
    ind.parent = std::move(parent);
    ind.weight = weight;
    return ind;
  };
  std::vector<qualis::Indicator> inds = {
      indicator("revenue", {"营业收入", "Operating revenue"}, "100 million yuan", D::higher_is_better, "scale", 1.0),
      indicator("profit", {"利润总额", "Total profit"}, "100 million yuan", D::higher_is_better, "scale", 1.0),
      indicator("pass_rate", {"监督抽查合格率", "Inspection pass rate"}, "%", D::higher_is_better, "quality", 2.0),
      indicator("complaints", {"质量投诉量", "Quality complaints"}, "cases", D::lower_is_better, "quality", 1.0),
      indicator("standards", {"主导制定标准数", "Standards led"}, "count", D::higher_is_better, "quality", 1.0),
  };
  return qualis::Framework(std::move(dims), std::move(inds));
}

// Synthetic long-format records: every base cluster reports every indicator in 2019-2021; the X
// cluster only from its joining year; ag-tcm did not report its complaints in 2020.
std::vector<qualis::Observation> synthetic_values(const qualis::ClusterSet& clusters,
                                                  const qualis::Framework& framework) {
  std::vector<qualis::Observation> out;
  const std::vector<double> base = {120.0, 8.0, 95.0, 40.0, 3.0};
  for (int year = 2019; year <= 2021; ++year) {
    const auto period = qualis::Period::annual(year);
    for (std::size_t c = 0; c < clusters.size(); ++c) {
      const auto& cluster = clusters.clusters()[c];
      if (!qualis::is_active_in(cluster, period)) continue;
      for (std::size_t i = 0; i < framework.indicator_count(); ++i) {
        const std::string& indicator = framework.indicator_ids()[i];
        if (cluster.id == "ag-tcm" && indicator == "complaints" && year == 2020) continue;
        const double trend = 1.0 + 0.05 * (year - 2019) + 0.1 * static_cast<double>(c);
        out.push_back({cluster.id, indicator, period, base[i] * (i == 2 ? 1.0 : trend)});
      }
    }
  }
  return out;
}

// Eleven-step levels per cluster in 2021 (0 not started .. 4 effective and exemplary).
std::vector<qualis::StepAssessment> step_assessments(const qualis::StepFramework& steps) {
  const std::vector<std::pair<std::string, std::vector<int>>> levels = {
      {"dz-sports", {4, 4, 4, 3, 3, 4, 3, 4, 4, 3, 0}},  // the eleventh is rated below as "not assessed"
      {"ts-robotics", {4, 3, 3, 3, 4, 3, 3, 2, 3, 2, 3}}, {"ag-tcm", {3, 3, 2, 2, 2, 3, 2, 4, 3, 2, 3}},
      {"cl-wine", {3, 2, 2, 2, 1, 3, 2, 2, 3, 2, 3}},     {"hs-lamp-poles", {2, 1, 2, 1, 2, 1, 1, 0, 1, 0, 1}},
  };
  std::vector<qualis::StepAssessment> out;
  for (const auto& [cluster, lv] : levels) {
    qualis::StepAssessment a{cluster, qualis::Period::annual(2021), {}, "provincial expert team"};
    for (std::size_t k = 0; k < steps.size(); ++k) {
      if (cluster == "dz-sports" && k == 10) continue;  // not assessed this year
      a.ratings.push_back({steps.steps()[k].id, lv[k], ""});
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%5.1f %%", 100.0 * share);
  return buf;
}

}  // namespace

int main() {
  try {
    const qualis::RegionTree regions = hebei_regions();
    const qualis::ClusterSet clusters = hebei_clusters(regions);
    const qualis::Framework framework = quality_framework();
    const qualis::StepFramework steps = qualis::eleven_step_method();
    const auto periods = qualis::period_range(qualis::Period::annual(2019), qualis::Period::annual(2021));
    const qualis::Panel panel = qualis::Panel::from_long(synthetic_values(clusters, framework), clusters.ids(),
                                                         framework.indicator_ids(), periods);
    const qualis::StepAssessmentSet assessments(steps, step_assessments(steps));

    std::cout << "qualis " << qualis::version() << " quickstart (synthetic values)\n\n";
    std::cout << clusters.size() << " clusters in " << clusters.cohorts().size() << " cohorts, " << regions.size()
              << " regions of " << regions.at("130000").names.preferred() << "\n";
    for (const auto& cohort : clusters.cohorts()) {
      std::cout << "  cohort " << cohort << ": " << clusters.in_cohort(cohort).size() << " cluster(s)\n";
    }
    std::cout << "  within 保定市 Baoding: " << clusters.within_region(regions, "130600").size() << " cluster(s)\n\n";

    std::cout << "Indicator framework (" << framework.indicator_count() << " indicators, depth "
              << framework.max_depth() << "), effective weight in the composite:\n";
    for (const auto& node : framework.preorder()) {
      const std::string indent(2 * node.depth, ' ');
      const std::string& name =
          node.is_indicator ? framework.indicator(node.id).names.zh : framework.dimension(node.id).names.zh;
      std::cout << indent << node.id << " " << name << "  " << percent(framework.effective_weight(node.id)) << "\n";
    }

    std::cout << "\nPanel coverage by period:\n";
    const auto by_period = panel.coverage_by_period();
    for (std::size_t p = 0; p < panel.period_count(); ++p) {
      const auto& period = panel.periods()[p];
      std::cout << "  " << period << "  " << clusters.active_in(period).size() << " / " << clusters.size()
                << " active  " << by_period[p].observed << " / " << by_period[p].total << " values  "
                << percent(by_period[p].share) << "\n";
    }

    const auto year = qualis::Period::annual(2021);
    std::cout << "\nEleven-step completion in " << year << " (unrated steps excluded) and weakest steps:\n";
    for (const auto& cluster : clusters.clusters()) {
      const qualis::StepAssessment& a = assessments.at(cluster.id, year);
      const qualis::StepCompletion c = qualis::completion(steps, a);
      std::cout << "  " << cluster.id << " " << percent(c.ratio.value_or(0.0)) << " (" << c.rated << " rated, "
                << c.unrated << " unrated)  weakest:";
      for (const auto& gap : qualis::weakest_steps(steps, a, 2)) {
        std::cout << " " << steps.step(gap.step).names.zh << " (" << gap.level << "/" << gap.max_level << ")";
      }
      std::cout << "\n";
    }
    return 0;
  } catch (const qualis::Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
