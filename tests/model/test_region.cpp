// Tests for qualis/model/region.hpp: RegionLevel, Region and RegionTree.
// The regions are real Hebei administrative divisions (codes from the national administrative division
// code table, GB/T 2260); the development-zone codes are custom ids, as the tree allows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/model/region.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis::InvalidInput;
using qualis::NotFound;
using qualis::ParseError;
using qualis::Region;
using qualis::RegionLevel;
using qualis::RegionTree;
using qualis_test::expect_error;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAreArray;

using Codes = std::vector<std::string>;

Region region(std::string code, std::string zh, std::string en, RegionLevel level, std::string parent) {
  return Region{std::move(code), qualis::Names{std::move(zh), std::move(en)}, level, std::move(parent)};
}

// Input order is deliberately not the code order (Qinhuangdao after Hengshui, a zone before its
// county-level siblings) so that the order tests can tell input order from sorted order.
std::vector<Region> hebei_regions() {
  return {
      region("130000", "河北省", "Hebei", RegionLevel::province, ""),
      region("130100", "石家庄市", "Shijiazhuang", RegionLevel::prefecture, "130000"),
      region("130200", "唐山市", "Tangshan", RegionLevel::prefecture, "130000"),
      region("130600", "保定市", "Baoding", RegionLevel::prefecture, "130000"),
      region("131100", "衡水市", "Hengshui", RegionLevel::prefecture, "130000"),
      region("130300", "秦皇岛市", "Qinhuangdao", RegionLevel::prefecture, "130000"),
      region("130682", "定州市", "Dingzhou", RegionLevel::county_level, "130600"),
      region("130683", "安国市", "Anguo", RegionLevel::county_level, "130600"),
      region("130322", "昌黎县", "Changli County", RegionLevel::county_level, "130300"),
      region("130271", "唐山市高新区", "Tangshan High-tech Zone", RegionLevel::development_zone, "130200"),
      region("130171", "石家庄市高新区", "Shijiazhuang High-tech Zone", RegionLevel::development_zone, "130100"),
      region("131171", "衡水市高新区", "Hengshui High-tech Zone", RegionLevel::development_zone, "131100"),
  };
}

// Builds a RegionTree from `regions` and expects InvalidInput with `code` and every fragment in the message.
// Returns the message for further checks.
std::string expect_rejected(std::vector<Region> regions, ErrorCode code,
                            std::initializer_list<std::string_view> fragments = {}) {
  return expect_error<InvalidInput>([&] { RegionTree tree(std::move(regions)); }, code, fragments);
}

// --- RegionLevel ----------------------------------------------------------------------------------

TEST(RegionLevel, NamesRoundTrip) {
  for (const RegionLevel level :
       {RegionLevel::province, RegionLevel::prefecture, RegionLevel::county_level, RegionLevel::development_zone}) {
    EXPECT_EQ(qualis::parse_region_level(qualis::to_string(level)), level);
  }
  EXPECT_STREQ(qualis::to_string(RegionLevel::county_level), "county_level");
  EXPECT_STREQ(qualis::to_string(RegionLevel::development_zone), "development_zone");
  EXPECT_STREQ(qualis::to_string(static_cast<RegionLevel>(42)), "unknown");
  std::ostringstream os;
  os << RegionLevel::prefecture;
  EXPECT_EQ(os.str(), "prefecture");
}

TEST(RegionLevel, ParseRejectsOtherSpellings) {
  for (const char* text :
       {"", "County_level", "county-level", "county level", " province", "province ", "zone", "PROVINCE", "县级"}) {
    SCOPED_TRACE(text);
    expect_error<ParseError>(
        [&] { (void)qualis::parse_region_level(text); }, ErrorCode::parse_error,
        {"\"" + std::string(text) + "\" is not a region level", "development_zone"},  // lists what is accepted
        [](const ParseError& e) { EXPECT_EQ(e.source(), "region level"); });
  }
}

// --- construction and lookups ---------------------------------------------------------------------

TEST(RegionTree, EmptyTrees) {
  const RegionTree by_default;
  const RegionTree from_empty(std::vector<Region>{});
  for (const RegionTree* tree : {&by_default, &from_empty}) {
    EXPECT_EQ(tree->size(), 0U);
    EXPECT_TRUE(tree->empty());
    EXPECT_TRUE(tree->roots().empty());
    EXPECT_FALSE(tree->contains("130000"));
    EXPECT_EQ(tree->find("130000"), nullptr);
    EXPECT_THROW((void)tree->at("130000"), NotFound);
  }
}

TEST(RegionTree, LookupsByCode) {
  const RegionTree tree(hebei_regions());
  EXPECT_EQ(tree.size(), 12U);
  EXPECT_FALSE(tree.empty());
  EXPECT_TRUE(tree.contains("130682"));
  EXPECT_TRUE(tree.contains("130271"));
  EXPECT_FALSE(tree.contains("130699"));
  EXPECT_FALSE(tree.contains(""));

  const Region* dingzhou = tree.find("130682");
  ASSERT_NE(dingzhou, nullptr);
  EXPECT_EQ(dingzhou->names.zh, "定州市");
  EXPECT_EQ(dingzhou->names.en, "Dingzhou");
  EXPECT_EQ(dingzhou->level, RegionLevel::county_level);
  EXPECT_EQ(dingzhou->parent, "130600");
  EXPECT_EQ(tree.find("130699"), nullptr);

  EXPECT_EQ(&tree.at("130682"), dingzhou);
  EXPECT_EQ(tree.at("131171").names.zh, "衡水市高新区");
  EXPECT_EQ(tree.at("131171").level, RegionLevel::development_zone);
  EXPECT_EQ(tree.at("130000").level, RegionLevel::province);
}

TEST(RegionTree, KeepsInputOrder) {
  const std::vector<Region> input = hebei_regions();
  const RegionTree tree(input);
  EXPECT_EQ(tree.regions(), input);
  EXPECT_THAT(tree.roots(), ElementsAre("130000"));
  EXPECT_THAT(tree.children("130000"), ElementsAre("130100", "130200", "130600", "131100", "130300"));
  EXPECT_THAT(tree.children("130600"), ElementsAre("130682", "130683"));
  EXPECT_THAT(tree.children("130300"), ElementsAre("130322"));
  EXPECT_TRUE(tree.children("130682").empty());
}

TEST(RegionTree, DescendantsArePreOrder) {
  const RegionTree tree(hebei_regions());
  // Each prefecture, then its subtree, prefectures in input order.
  EXPECT_THAT(tree.descendants("130000"), ElementsAre("130100", "130171", "130200", "130271", "130600", "130682",
                                                      "130683", "131100", "131171", "130300", "130322"));
  EXPECT_THAT(tree.descendants("130600"), ElementsAre("130682", "130683"));
  EXPECT_TRUE(tree.descendants("130683").empty());

  // A deeper chain: a park inside a zone inside a county-level city.
  std::vector<Region> deeper = hebei_regions();
  deeper.push_back(
      region("dz-park", "定州体育用品园区", "Dingzhou sports park", RegionLevel::development_zone, "130682"));
  deeper.push_back(region("dz-park-a", "一区", "Area A", RegionLevel::development_zone, "dz-park"));
  const RegionTree deep(deeper);
  EXPECT_THAT(deep.descendants("130600"), ElementsAre("130682", "dz-park", "dz-park-a", "130683"));
  EXPECT_EQ(deep.depth("dz-park-a"), 4U);
  EXPECT_THAT(deep.ancestors("dz-park-a"), ElementsAre("dz-park", "130682", "130600", "130000"));
}

TEST(RegionTree, DescendantsOfTheProvinceAreAllOthers) {
  const RegionTree tree(hebei_regions());
  std::vector<std::string> others;
  for (const Region& r : tree.regions()) {
    if (r.code != "130000") others.push_back(r.code);
  }
  EXPECT_THAT(tree.descendants("130000"), UnorderedElementsAreArray(others));
  EXPECT_EQ(tree.descendants("130000").size(), tree.size() - 1);
}

TEST(RegionTree, AncestorsNearestFirstAndDepth) {
  const RegionTree tree(hebei_regions());
  EXPECT_THAT(tree.ancestors("130682"), ElementsAre("130600", "130000"));
  EXPECT_THAT(tree.ancestors("130271"), ElementsAre("130200", "130000"));
  EXPECT_THAT(tree.ancestors("130100"), ElementsAre("130000"));
  EXPECT_TRUE(tree.ancestors("130000").empty());
  EXPECT_EQ(tree.depth("130000"), 0U);
  EXPECT_EQ(tree.depth("131100"), 1U);
  EXPECT_EQ(tree.depth("130322"), 2U);
  EXPECT_EQ(tree.depth("131171"), 2U);
  // depth = number of ancestors, for every region.
  for (const Region& r : tree.regions()) {
    EXPECT_EQ(tree.depth(r.code), tree.ancestors(r.code).size()) << r.code;
  }
}

TEST(RegionTree, IsWithinIsReflexiveAndTransitive) {
  const RegionTree tree(hebei_regions());
  EXPECT_TRUE(tree.is_within("130683", "130600"));
  EXPECT_TRUE(tree.is_within("130683", "130000"));
  EXPECT_FALSE(tree.is_within("130600", "130683"));
  EXPECT_FALSE(tree.is_within("130683", "130682"));  // siblings
  EXPECT_FALSE(tree.is_within("130271", "130100"));  // Tangshan's zone is not in Shijiazhuang

  std::vector<std::string> codes;
  for (const Region& r : tree.regions()) codes.push_back(r.code);
  for (const std::string& a : codes) {
    EXPECT_TRUE(tree.is_within(a, a)) << a;
    // is_within agrees with ancestors() and descendants().
    const std::vector<std::string> up = tree.ancestors(a);
    const std::vector<std::string> down = tree.descendants(a);
    for (const std::string& b : codes) {
      const bool listed_up = std::find(up.begin(), up.end(), b) != up.end();
      const bool listed_down = std::find(down.begin(), down.end(), b) != down.end();
      EXPECT_EQ(tree.is_within(a, b), a == b || listed_up) << a << " in " << b;
      EXPECT_EQ(tree.is_within(b, a), a == b || listed_down) << b << " in " << a;
      for (const std::string& c : codes) {
        if (tree.is_within(a, b) && tree.is_within(b, c)) {
          EXPECT_TRUE(tree.is_within(a, c)) << a << " in " << b << " in " << c;
        }
      }
    }
  }
}

TEST(RegionTree, SeveralRoots) {
  // Two provinces' worth of regions, each its own root; a custom-code zone as a root too.
  const RegionTree tree({
      region("130000", "河北省", "Hebei", RegionLevel::province, ""),
      region("xiong-an", "雄安新区", "Xiong'an New Area", RegionLevel::development_zone, ""),
      region("130600", "保定市", "Baoding", RegionLevel::prefecture, "130000"),
      region("110000", "北京市", "Beijing", RegionLevel::province, ""),
  });
  EXPECT_THAT(tree.roots(), ElementsAre("130000", "xiong-an", "110000"));
  EXPECT_FALSE(tree.is_within("130600", "110000"));
  EXPECT_FALSE(tree.is_within("xiong-an", "130000"));
  EXPECT_EQ(tree.depth("xiong-an"), 0U);
}

TEST(RegionTree, ChildBeforeParentInInput) {
  // Parents may come after their children: links are resolved once every code is known.
  const RegionTree tree({
      region("130682", "定州市", "Dingzhou", RegionLevel::county_level, "130600"),
      region("130600", "保定市", "Baoding", RegionLevel::prefecture, "130000"),
      region("130000", "河北省", "Hebei", RegionLevel::province, ""),
  });
  EXPECT_EQ(tree.depth("130682"), 2U);
  EXPECT_THAT(tree.ancestors("130682"), ElementsAre("130600", "130000"));
  EXPECT_THAT(tree.descendants("130000"), ElementsAre("130600", "130682"));
}

TEST(RegionTree, CopiesAreIndependent) {
  RegionTree copy;
  {
    const RegionTree original(hebei_regions());
    copy = original;
  }
  EXPECT_EQ(copy.at("130683").names.en, "Anguo");
  EXPECT_THAT(copy.ancestors("130683"), ElementsAre("130600", "130000"));
}

// --- failed lookups -------------------------------------------------------------------------------

TEST(RegionTree, LookupsOfUnknownCodesThrowNotFound) {
  const RegionTree tree(hebei_regions());
  const std::string missing = "130699";
  const std::vector<std::function<void()>> calls = {
      [&] { (void)tree.at(missing); },
      [&] { (void)tree.children(missing); },
      [&] { (void)tree.descendants(missing); },
      [&] { (void)tree.ancestors(missing); },
      [&] { (void)tree.depth(missing); },
      [&] { (void)tree.is_within(missing, "130000"); },
      [&] { (void)tree.is_within("130682", missing); },
  };
  for (const auto& call : calls) {
    expect_error<NotFound>(call, ErrorCode::not_found, {"region_tree", "\"130699\""});
  }
  // NotFound is also a std::out_of_range and a qualis::Error.
  EXPECT_THROW((void)tree.at(missing), std::out_of_range);
  EXPECT_THROW((void)tree.at(missing), qualis::Error);
}

// --- bad input ------------------------------------------------------------------------------------

TEST(RegionTree, RejectsDuplicateCodes) {
  std::vector<Region> regions = hebei_regions();
  regions.push_back(region("130682", "定州", "Dingzhou again", RegionLevel::county_level, "130600"));
  expect_rejected(regions, ErrorCode::duplicate_id, {"region_tree[region=130682]", "positions 6 and 12"});
}

TEST(RegionTree, RejectsUnknownParent) {
  std::vector<Region> regions = hebei_regions();
  regions.push_back(region("130681", "涿州市", "Zhuozhou", RegionLevel::county_level, "130699"));
  expect_rejected(regions, ErrorCode::inconsistent, {"130681", "\"130699\"", "not in the tree"});
}

TEST(RegionTree, RejectsSelfParent) {
  std::vector<Region> regions = hebei_regions();
  regions[6].parent = "130682";  // Dingzhou inside itself
  expect_rejected(regions, ErrorCode::cycle, {"cycle: 130682 -> 130682"});
}

TEST(RegionTree, RejectsTwoCycle) {
  expect_rejected(
      {
          region("130000", "河北省", "Hebei", RegionLevel::province, ""),
          region("130600", "保定市", "Baoding", RegionLevel::prefecture, "130682"),
          region("130682", "定州市", "Dingzhou", RegionLevel::county_level, "130600"),
      },
      ErrorCode::cycle, {"cycle: 130600 -> 130682 -> 130600", "region_tree[region=130600]"});
}

TEST(RegionTree, RejectsThreeCycleReachedFromOutside) {
  // 130683 hangs off a 3-cycle; only the regions on the cycle are named.
  const std::string msg = expect_rejected(
      {
          region("130683", "安国市", "Anguo", RegionLevel::county_level, "130600"),
          region("130600", "保定市", "Baoding", RegionLevel::prefecture, "130000"),
          region("130000", "河北省", "Hebei", RegionLevel::province, "130682"),
          region("130682", "定州市", "Dingzhou", RegionLevel::county_level, "130600"),
      },
      ErrorCode::cycle, {"cycle: 130600 -> 130000 -> 130682 -> 130600"});
  EXPECT_THAT(msg, Not(HasSubstr("130683")));
}

TEST(RegionTree, RejectsCycleBesideAValidTree) {
  // The rest of the tree is fine; a detached 2-cycle is still found.
  std::vector<Region> regions = hebei_regions();
  regions.push_back(region("zone-a", "甲区", "Zone A", RegionLevel::development_zone, "zone-b"));
  regions.push_back(region("zone-b", "乙区", "Zone B", RegionLevel::development_zone, "zone-a"));
  expect_rejected(regions, ErrorCode::cycle, {"zone-a -> zone-b -> zone-a"});
}

TEST(RegionTree, RejectsBadCodes) {
  struct Case {
    std::string code;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"", "code is empty"},
      {" 130682", "leading or trailing spaces"},
      {"130682 ", "leading or trailing spaces"},
      {"1306\n82", "control character"},
      {"1306\t82", "control character"},
      {std::string("1306\x7f"
                   "82"),
       "control character"},
  };
  for (const Case& c : cases) {
    std::vector<Region> regions = hebei_regions();
    regions.insert(regions.begin() + 3, region(c.code, "某地", "Somewhere", RegionLevel::county_level, "130000"));
    SCOPED_TRACE(c.code);
    expect_rejected(regions, ErrorCode::invalid_id, {"region_tree[index=3]", c.expected});
  }
  // Invalid UTF-8 in a code is invalid text.
  std::vector<Region> regions = hebei_regions();
  regions.push_back(region("13\xff", "某地", "Somewhere", RegionLevel::county_level, ""));
  expect_rejected(regions, ErrorCode::invalid_text, {"region_tree[index=12]"});
}

TEST(RegionTree, AcceptsIdsWithInnerSpacesAndNonAscii) {
  // Ids are not restricted to digits: inner spaces and Chinese text are fine.
  const RegionTree tree({
      region("130000", "河北省", "Hebei", RegionLevel::province, ""),
      region("唐山 高新区", "唐山市高新区", "Tangshan High-tech Zone", RegionLevel::development_zone, "130000"),
  });
  EXPECT_EQ(tree.depth("唐山 高新区"), 1U);
}

TEST(RegionTree, RejectsBadParentIds) {
  std::vector<Region> regions = hebei_regions();
  regions[7].parent = "130600 ";
  expect_rejected(regions, ErrorCode::invalid_id,
                  {"region_tree[region=130683]", "parent \"130600 \" has leading or trailing spaces"});

  regions[7].parent = "1306\r00";
  expect_rejected(regions, ErrorCode::invalid_id, {"region_tree[region=130683]", "control character"});
}

TEST(RegionTree, RejectsInvalidUtf8Names) {
  std::vector<Region> regions = hebei_regions();
  regions[7].names.zh = "安国\xe5\xb8";  // 市 (e5 b8 82) cut short
  expect_rejected(regions, ErrorCode::invalid_text,
                  {"region_tree[region=130683]", "Chinese name is not valid UTF-8 (byte offset 6)"});

  regions = hebei_regions();
  regions[8].names.en = "Changli \xc0\xaf";  // overlong '/'
  expect_rejected(regions, ErrorCode::invalid_text, {"region_tree[region=130322]", "English name"});
}

TEST(RegionTree, RejectsLevelOutsideTheEnumeration) {
  std::vector<Region> regions = hebei_regions();
  regions[2].level = static_cast<RegionLevel>(9);
  expect_rejected(regions, ErrorCode::out_of_range, {"region_tree[region=130200]", "level 9"});
}

TEST(RegionTree, ErrorsAreInvalidArgument) {
  std::vector<Region> regions = hebei_regions();
  regions.push_back(regions.front());
  EXPECT_THROW(RegionTree{regions}, std::invalid_argument);
  EXPECT_THROW(RegionTree{regions}, qualis::Error);
}

}  // namespace
