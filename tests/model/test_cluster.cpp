// Tests for qualis/model/cluster.hpp: Cluster, is_active_in and ClusterSet.
// Clusters and regions are those named in the 2021 report on Hebei's 26+X programme (see
// shared/context/SEED-SUMMARY.md): the 26 base clusters were chosen on 2019-04-15, nine more on 2021-05-07.
// Industries and attributes are descriptive; no figure here is data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/model/cluster.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::Cluster;
using qualis::ClusterSet;
using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::Period;
using qualis::Region;
using qualis::RegionLevel;
using qualis::RegionTree;
using qualis_test::expect_error;
using ::testing::ElementsAre;

RegionTree hebei_tree() {
  const auto r = [](std::string code, std::string zh, std::string en, RegionLevel level, std::string parent) {
    return Region{std::move(code), qualis::Names{std::move(zh), std::move(en)}, level, std::move(parent)};
  };
  return RegionTree({
      r("130000", "河北省", "Hebei", RegionLevel::province, ""),
      r("130100", "石家庄市", "Shijiazhuang", RegionLevel::prefecture, "130000"),
      r("130200", "唐山市", "Tangshan", RegionLevel::prefecture, "130000"),
      r("130600", "保定市", "Baoding", RegionLevel::prefecture, "130000"),
      r("131100", "衡水市", "Hengshui", RegionLevel::prefecture, "130000"),
      r("130300", "秦皇岛市", "Qinhuangdao", RegionLevel::prefecture, "130000"),
      r("130682", "定州市", "Dingzhou", RegionLevel::county_level, "130600"),
      r("130683", "安国市", "Anguo", RegionLevel::county_level, "130600"),
      r("130322", "昌黎县", "Changli County", RegionLevel::county_level, "130300"),
      r("130271", "唐山市高新区", "Tangshan High-tech Zone", RegionLevel::development_zone, "130200"),
      r("130171", "石家庄市高新区", "Shijiazhuang High-tech Zone", RegionLevel::development_zone, "130100"),
      r("131171", "衡水市高新区", "Hengshui High-tech Zone", RegionLevel::development_zone, "131100"),
  });
}

Cluster cluster(std::string id, std::string zh, std::string en, std::string region, std::string industry,
                std::string cohort, Period joined) {
  return Cluster{std::move(id),
                 qualis::Names{std::move(zh), std::move(en)},
                 std::move(region),
                 std::move(industry),
                 std::move(cohort),
                 joined,
                 {}};
}

// Input order is not id order, so that order tests can tell the two apart.
std::vector<Cluster> hebei_clusters() {
  std::vector<Cluster> out = {
      cluster("dz-sports", "定州市体育用品", "Dingzhou sports goods", "130682", "sports goods", "2019",
              Period::annual(2019)),
      cluster("ts-robotics", "唐山市高新区机器人", "Tangshan High-tech Zone robotics", "130271", "robotics", "2019",
              Period::annual(2019)),
      cluster("hs-lamp-poles", "衡水市高新区智慧灯杆", "Hengshui High-tech Zone smart lamp poles", "131171",
              "smart lamp poles", "X", Period::annual(2021)),
      cluster("ag-tcm", "安国市中药", "Anguo traditional Chinese medicine", "130683", "traditional Chinese medicine",
              "2019", Period::annual(2019)),
      cluster("hs-towers", "衡水市高新区通信铁塔", "Hengshui High-tech Zone telecom towers", "131171", "telecom towers",
              "X", Period::month(2021, 5)),
      cluster("cl-wine", "昌黎县葡萄酒", "Changli County wine", "130322", "wine", "2019", Period::month(2019, 4)),
      cluster("sjz-biomed", "石家庄市高新区生物医药", "Shijiazhuang High-tech Zone biomedicine", "130171",
              "biomedicine", "2019", Period::annual(2019)),
  };
  out[0].attributes = {{"lead_enterprise", "某体育器材有限公司"}, {"platform", "定州体育用品交易市场"}};
  return out;
}

// Builds a ClusterSet from `clusters` and expects InvalidInput with `code` and every fragment in the message.
void expect_rejected(std::vector<Cluster> clusters, ErrorCode code,
                     std::initializer_list<std::string_view> fragments = {}) {
  expect_error<InvalidInput>([&] { ClusterSet set(std::move(clusters)); }, code, fragments);
}

// --- construction and lookups ---------------------------------------------------------------------

TEST(ClusterSet, Empty) {
  const ClusterSet by_default;
  const ClusterSet from_empty(std::vector<Cluster>{});
  for (const ClusterSet* set : {&by_default, &from_empty}) {
    EXPECT_TRUE(set->empty());
    EXPECT_EQ(set->size(), 0U);
    EXPECT_TRUE(set->ids().empty());
    EXPECT_TRUE(set->cohorts().empty());
    EXPECT_EQ(set->find("dz-sports"), nullptr);
    EXPECT_TRUE(set->active_in(Period::annual(2021)).empty());
  }
}

TEST(ClusterSet, LookupsById) {
  const ClusterSet set(hebei_clusters());
  EXPECT_EQ(set.size(), 7U);
  EXPECT_FALSE(set.empty());
  EXPECT_TRUE(set.contains("dz-sports"));
  EXPECT_FALSE(set.contains("dz-sport"));
  EXPECT_FALSE(set.contains(""));

  const Cluster* dz = set.find("dz-sports");
  ASSERT_NE(dz, nullptr);
  EXPECT_EQ(dz->names.zh, "定州市体育用品");
  EXPECT_EQ(dz->region, "130682");
  EXPECT_EQ(dz->cohort, "2019");
  EXPECT_EQ(dz->joined, Period::annual(2019));
  EXPECT_EQ(dz->attributes.at("platform"), "定州体育用品交易市场");
  EXPECT_EQ(set.find("xx"), nullptr);

  EXPECT_EQ(&set.at("dz-sports"), dz);
  EXPECT_EQ(set.at("hs-lamp-poles").names.en, "Hengshui High-tech Zone smart lamp poles");
  EXPECT_EQ(set.at("hs-lamp-poles").joined, Period::annual(2021));

  EXPECT_EQ(set.index_of("dz-sports"), 0U);
  EXPECT_EQ(set.index_of("ag-tcm"), 3U);
  EXPECT_EQ(set.index_of("sjz-biomed"), 6U);
  // index_of and clusters() agree for every cluster.
  for (std::size_t i = 0; i < set.size(); ++i) EXPECT_EQ(set.index_of(set.clusters()[i].id), i);
}

TEST(ClusterSet, KeepsInputOrder) {
  const std::vector<Cluster> input = hebei_clusters();
  const ClusterSet set(input);
  EXPECT_EQ(set.clusters(), input);
  EXPECT_THAT(set.ids(),
              ElementsAre("dz-sports", "ts-robotics", "hs-lamp-poles", "ag-tcm", "hs-towers", "cl-wine", "sjz-biomed"));
  EXPECT_THAT(set.cohorts(), ElementsAre("2019", "X"));
}

TEST(ClusterSet, CohortsIncludeTheEmptyCohort) {
  std::vector<Cluster> input = hebei_clusters();
  input[3].cohort = "";
  const ClusterSet set(input);
  EXPECT_THAT(set.cohorts(), ElementsAre("2019", "X", ""));
  EXPECT_THAT(set.in_cohort("").ids(), ElementsAre("ag-tcm"));
  // Every cluster is in exactly one cohort.
  std::size_t total = 0;
  for (const std::string& cohort : set.cohorts()) total += set.in_cohort(cohort).size();
  EXPECT_EQ(total, set.size());
}

TEST(ClusterSet, AcceptsRegionsWithoutATree) {
  // The one-argument constructor does not know the regions: any valid id is accepted.
  std::vector<Cluster> input = hebei_clusters();
  input[0].region = "not-a-region-code";
  EXPECT_EQ(ClusterSet(input).at("dz-sports").region, "not-a-region-code");
}

TEST(ClusterSet, AcceptsRegionsInTheTree) {
  const RegionTree tree = hebei_tree();
  const ClusterSet set(hebei_clusters(), tree);
  EXPECT_EQ(set.clusters(), hebei_clusters());
}

// --- filters --------------------------------------------------------------------------------------

TEST(ClusterSet, InCohort) {
  const ClusterSet set(hebei_clusters());
  const ClusterSet x = set.in_cohort("X");
  EXPECT_THAT(x.ids(), ElementsAre("hs-lamp-poles", "hs-towers"));
  EXPECT_EQ(x.index_of("hs-towers"), 1U);  // positions are those of the new set
  EXPECT_FALSE(x.contains("dz-sports"));
  EXPECT_THROW((void)x.at("dz-sports"), NotFound);
  EXPECT_THAT(set.in_cohort("2019").ids(), ElementsAre("dz-sports", "ts-robotics", "ag-tcm", "cl-wine", "sjz-biomed"));
  EXPECT_TRUE(set.in_cohort("X-2023").empty());
  EXPECT_TRUE(set.in_cohort("x-2021").empty());  // exact match
}

TEST(ClusterSet, WithinRegion) {
  const RegionTree tree = hebei_tree();
  const ClusterSet set(hebei_clusters(), tree);
  EXPECT_EQ(set.within_region(tree, "130000").clusters(), set.clusters());
  EXPECT_THAT(set.within_region(tree, "130600").ids(), ElementsAre("dz-sports", "ag-tcm"));
  EXPECT_THAT(set.within_region(tree, "130683").ids(), ElementsAre("ag-tcm"));
  EXPECT_THAT(set.within_region(tree, "131100").ids(), ElementsAre("hs-lamp-poles", "hs-towers"));
  EXPECT_THAT(set.within_region(tree, "131171").ids(), ElementsAre("hs-lamp-poles", "hs-towers"));
  EXPECT_TRUE(set.within_region(tree, "130682").in_cohort("X").empty());

  // Each cluster lies in exactly one prefecture.
  std::size_t total = 0;
  for (const std::string& prefecture : tree.children("130000")) total += set.within_region(tree, prefecture).size();
  EXPECT_EQ(total, set.size());
}

TEST(ClusterSet, WithinRegionSkipsClustersOutsideTheTree) {
  std::vector<Cluster> input = hebei_clusters();
  input[1].region = "130299";  // not in the tree; only the one-argument constructor allows this
  const ClusterSet set(input);
  const RegionTree tree = hebei_tree();
  EXPECT_TRUE(set.within_region(tree, "130200").empty());
  EXPECT_EQ(set.within_region(tree, "130000").size(), 6U);
}

TEST(ClusterSet, WithinRegionOfUnknownCodeThrowsNotFound) {
  const RegionTree tree = hebei_tree();
  const ClusterSet set(hebei_clusters(), tree);
  expect_error<NotFound>([&] { (void)set.within_region(tree, "130699"); }, ErrorCode::not_found, {"\"130699\""});
}

TEST(ClusterSet, ActiveIn) {
  const ClusterSet set(hebei_clusters());
  const std::vector<std::string> base = {"dz-sports", "ts-robotics", "ag-tcm", "cl-wine", "sjz-biomed"};
  EXPECT_TRUE(set.active_in(Period::annual(2018)).empty());
  EXPECT_EQ(set.active_in(Period::annual(2019)).ids(), base);
  EXPECT_EQ(set.active_in(Period::annual(2020)).ids(), base);
  EXPECT_EQ(set.active_in(Period::annual(2021)).clusters(), set.clusters());
  EXPECT_EQ(set.active_in(Period::annual(2022)).clusters(), set.clusters());
  // cl-wine joined in 2019M04: not yet a member in 2019Q1, a member in 2019Q2 and 2019H1.
  EXPECT_THAT(set.active_in(Period::quarter(2019, 1)).ids(),
              ElementsAre("dz-sports", "ts-robotics", "ag-tcm", "sjz-biomed"));
  EXPECT_EQ(set.active_in(Period::quarter(2019, 2)).ids(), base);
  EXPECT_EQ(set.active_in(Period::half_year(2019, 1)).ids(), base);
  // hs-towers joined in 2021M05: active in the year 2021 and in 2021H1, but not in 2021Q1 or 2021M04.
  EXPECT_TRUE(set.active_in(Period::quarter(2021, 1)).contains("hs-lamp-poles"));  // joined "2021": from 2021M01
  EXPECT_FALSE(set.active_in(Period::quarter(2021, 1)).contains("hs-towers"));
  EXPECT_FALSE(set.active_in(Period::month(2021, 4)).contains("hs-towers"));
  EXPECT_TRUE(set.active_in(Period::month(2021, 5)).contains("hs-towers"));
  EXPECT_TRUE(set.active_in(Period::half_year(2021, 1)).contains("hs-towers"));
  EXPECT_TRUE(set.active_in(Period::annual(2021)).contains("hs-towers"));
}

TEST(ClusterSet, ActiveInMatchesPeriodOrderingForOneFrequency) {
  // For periods of the same frequency the rule is exactly joined <= period.
  for (const auto& make : std::vector<std::function<Period(int, int)>>{
           [](int y, int) { return Period::annual(y); }, [](int y, int k) { return Period::half_year(y, k % 2 + 1); },
           [](int y, int k) { return Period::quarter(y, k % 4 + 1); },
           [](int y, int k) { return Period::month(y, k % 12 + 1); }}) {
    for (int jy = 2018; jy <= 2022; ++jy) {
      for (int jk = 0; jk < 12; ++jk) {
        Cluster c;
        c.joined = make(jy, jk);
        for (int py = 2018; py <= 2022; ++py) {
          for (int pk = 0; pk < 12; ++pk) {
            const Period p = make(py, pk);
            EXPECT_EQ(qualis::is_active_in(c, p), c.joined <= p) << c.joined << " " << p;
          }
        }
      }
    }
  }
}

TEST(ClusterSet, FilterKeepsOrderAndComposes) {
  const RegionTree tree = hebei_tree();
  const ClusterSet set(hebei_clusters(), tree);
  const ClusterSet zones =
      set.filter([&](const Cluster& c) { return tree.at(c.region).level == RegionLevel::development_zone; });
  EXPECT_THAT(zones.ids(), ElementsAre("ts-robotics", "hs-lamp-poles", "hs-towers", "sjz-biomed"));

  // A function object works too.
  struct IsBase {
    bool operator()(const Cluster& c) const { return c.cohort == "2019"; }
  };
  EXPECT_EQ(set.filter(IsBase{}).clusters(), set.in_cohort("2019").clusters());

  // Filters commute, and every result is a subsequence of the input.
  const ClusterSet a = set.in_cohort("X").within_region(tree, "131100");
  const ClusterSet b = set.within_region(tree, "131100").in_cohort("X");
  EXPECT_EQ(a.clusters(), b.clusters());
  for (const ClusterSet& sub : {zones, a, set.active_in(Period::annual(2020))}) {
    std::size_t last = 0;
    for (std::size_t i = 0; i < sub.size(); ++i) {
      const std::size_t at = set.index_of(sub.clusters()[i].id);
      if (i > 0) {
        EXPECT_GT(at, last);
      }
      last = at;
      EXPECT_EQ(sub.index_of(sub.clusters()[i].id), i);
    }
  }
  EXPECT_EQ(set.filter([](const Cluster&) { return true; }).clusters(), set.clusters());
  EXPECT_TRUE(set.filter([](const Cluster&) { return false; }).empty());

  // The predicate sees clusters in order, once each.
  std::vector<std::string> seen;
  (void)set.filter([&](const Cluster& c) {
    seen.push_back(c.id);
    return false;
  });
  EXPECT_EQ(seen, set.ids());
}

// --- failed lookups -------------------------------------------------------------------------------

TEST(ClusterSet, LookupsOfUnknownIdsThrowNotFound) {
  const ClusterSet set(hebei_clusters());
  for (const auto& call :
       std::vector<std::function<void()>>{[&] { (void)set.at("dz-sport"); }, [&] { (void)set.index_of("dz-sport"); }}) {
    expect_error<NotFound>(call, ErrorCode::not_found, {"cluster_set", "\"dz-sport\""});
  }
  EXPECT_THROW((void)set.at("x"), std::out_of_range);
}

// --- bad input ------------------------------------------------------------------------------------

TEST(ClusterSet, RejectsDuplicateIds) {
  std::vector<Cluster> input = hebei_clusters();
  input.push_back(input[3]);
  expect_rejected(input, ErrorCode::duplicate_id, {"cluster_set[cluster=ag-tcm]", "positions 3 and 7"});
}

TEST(ClusterSet, RejectsBadIds) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "id is empty"},
      {" dz-sports", "leading or trailing spaces"},
      {"dz-sports ", "leading or trailing spaces"},
      {"dz\tsports", "control character"},
      {"dz\nsports", "control character"},
  };
  for (const auto& c : cases) {
    std::vector<Cluster> input = hebei_clusters();
    input[2].id = c.first;
    SCOPED_TRACE(c.first);
    expect_rejected(input, ErrorCode::invalid_id, {"cluster_set[index=2]", c.second});
  }
  std::vector<Cluster> input = hebei_clusters();
  input[2].id = "hs-\xed\xa0\x80";  // a UTF-16 surrogate encoded as UTF-8
  expect_rejected(input, ErrorCode::invalid_text, {"cluster_set[index=2]"});
}

TEST(ClusterSet, RejectsBadRegionAndCohort) {
  std::vector<Cluster> input = hebei_clusters();
  input[1].region = "";
  expect_rejected(input, ErrorCode::invalid_id, {"cluster_set[cluster=ts-robotics]", "region is empty"});

  input = hebei_clusters();
  input[1].region = "130271\n";
  expect_rejected(input, ErrorCode::invalid_id, {"cluster_set[cluster=ts-robotics]", "region"});

  input = hebei_clusters();
  input[4].cohort = "X ";
  expect_rejected(input, ErrorCode::invalid_id,
                  {"cluster_set[cluster=hs-towers]", "cohort \"X \" has leading or trailing spaces"});
}

TEST(ClusterSet, RejectsInvalidUtf8Text) {
  std::vector<Cluster> input = hebei_clusters();
  input[3].names.zh = "安国\xff中药";
  expect_rejected(input, ErrorCode::invalid_text,
                  {"cluster_set[cluster=ag-tcm]", "Chinese name is not valid UTF-8 (byte offset 6)"});

  input = hebei_clusters();
  input[3].names.en = "Anguo \x80";
  expect_rejected(input, ErrorCode::invalid_text, {"English name"});

  input = hebei_clusters();
  input[5].industry = "wine \xf5";
  expect_rejected(input, ErrorCode::invalid_text, {"cluster_set[cluster=cl-wine]", "industry"});

  input = hebei_clusters();
  input[0].attributes["platform"] = "定州\xe4";
  expect_rejected(input, ErrorCode::invalid_text,
                  {"cluster_set[cluster=dz-sports]", "attribute \"platform\" is not valid UTF-8"});
}

TEST(ClusterSet, RejectsBadAttributeKeys) {
  std::vector<Cluster> input = hebei_clusters();
  input[0].attributes[""] = "x";
  expect_rejected(input, ErrorCode::invalid_id, {"cluster_set[cluster=dz-sports]", "attribute key is empty"});

  input = hebei_clusters();
  input[0].attributes["lead\tenterprise"] = "x";
  expect_rejected(input, ErrorCode::invalid_id, {"control character"});

  input = hebei_clusters();
  input[0].attributes["\xc3"] = "x";
  expect_rejected(input, ErrorCode::invalid_text, {"attribute key"});
}

TEST(ClusterSet, AcceptsFreeTextWhereAllowed) {
  std::vector<Cluster> input = hebei_clusters();
  input[0].industry = "";
  input[0].cohort = "";
  input[0].names = {};
  input[0].attributes["note"] = "";
  input[0].attributes["说明"] = " leading space and\ttab are fine in a value ";
  const ClusterSet set(input);
  EXPECT_EQ(set.at("dz-sports").attributes.size(), 4U);
}

TEST(ClusterSet, RejectsRegionsOutsideTheTree) {
  const RegionTree tree = hebei_tree();
  std::vector<Cluster> input = hebei_clusters();
  input[5].region = "130399";
  expect_error<InvalidInput>([&] { ClusterSet set(input, tree); }, ErrorCode::inconsistent,
                             {"cluster_set[cluster=cl-wine]", "region \"130399\"", "not in the region tree"});

  // An empty tree has no regions at all.
  EXPECT_THROW(ClusterSet(hebei_clusters(), RegionTree{}), InvalidInput);
  // Validation of the clusters themselves comes first.
  input = hebei_clusters();
  input.push_back(input[0]);
  expect_error<InvalidInput>([&] { ClusterSet set(input, RegionTree{}); }, ErrorCode::duplicate_id);
}

}  // namespace
