// Tests for qualis/model/framework.hpp: the indicator tree, its order, lookups, effective weights and validation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/model/framework.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis::Dimension;
using qualis::Direction;
using qualis::ErrorCode;
using qualis::Framework;
using qualis::Indicator;
using qualis::Interval;
using qualis_test::expect_error;
using ::testing::ElementsAre;
using Ids = std::vector<std::string>;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

Dimension dim(std::string id, std::string zh, std::string en, std::string parent, double weight) {
  Dimension d;
  d.id = std::move(id);
  d.names = {std::move(zh), std::move(en)};
  d.parent = std::move(parent);
  d.weight = weight;
  return d;
}

Indicator ind(std::string id, std::string zh, std::string en, std::string unit, std::string parent, double weight,
              Direction direction = Direction::higher_is_better) {
  Indicator i;
  i.id = std::move(id);
  i.names = {std::move(zh), std::move(en)};
  i.unit = std::move(unit);
  i.parent = std::move(parent);
  i.weight = weight;
  i.direction = direction;
  return i;
}

// A three-level framework of a cluster assessment: composite -> 4 dimensions -> 8 sub-dimensions ->
// 10 indicators. Dimensions are listed parents first, as in a hand-written table; indicators are
// listed as if revenue_growth and recalls had been appended to the table later, so that the input
// order differs from the depth-first order.
std::vector<Dimension> cluster_dimensions() {
  return {
      dim("scale", "规模与增长", "Scale and growth", "", 2.0),
      dim("quality", "质量表现", "Quality performance", "", 3.0),
      dim("standards", "标准与认证", "Standards and certification", "", 1.0),
      dim("innovation", "创新能力", "Innovation", "", 2.0),
      dim("scale.size", "经营规模", "Operating scale", "scale", 3.0),
      dim("scale.growth", "增长速度", "Growth", "scale", 1.0),
      dim("quality.product", "产品质量", "Product quality", "quality", 0.6),
      dim("quality.market", "市场反馈", "Market feedback", "quality", 0.4),
      dim("standards.led", "标准制定", "Standard setting", "standards", 1.0),
      dim("standards.cert", "体系认证", "System certification", "standards", 2.0),
      dim("innovation.rd", "研发投入", "R&D input", "innovation", 1.0),
      dim("innovation.ip", "知识产权", "Intellectual property", "innovation", 1.0),
  };
}

std::vector<Indicator> cluster_indicators() {
  std::vector<Indicator> out{
      ind("revenue", "营业收入", "Operating revenue", "亿元", "scale.size", 1.0),
      ind("profit", "利润总额", "Total profit", "亿元", "scale.size", 1.0),
      ind("pass_rate", "监督抽查合格率", "Inspection pass rate", "%", "quality.product", 1.0),
      ind("complaints", "投诉量", "Complaints", "件", "quality.market", 1.0, Direction::lower_is_better),
      ind("standards_led", "主导制定标准数", "Standards led", "项", "standards.led", 1.0),
      ind("cert_share", "三体系认证覆盖率", "Three-system certification share", "%", "standards.cert", 1.0,
          Direction::target_is_best),
      ind("rd_intensity", "研发投入强度", "R&D intensity", "%", "innovation.rd", 1.0, Direction::range_is_best),
      ind("patents", "有效发明专利数", "Invention patents", "件", "innovation.ip", 1.0),
      ind("revenue_growth", "营业收入增长率", "Revenue growth", "%", "scale.growth", 1.0),
      ind("recalls", "召回次数", "Recalls", "次", "quality.market", 0.0, Direction::lower_is_better),
  };
  out[5].target = 100.0;
  out[6].best_range = Interval{2.5, 5.0};
  return out;
}

Framework cluster_framework() { return Framework(cluster_dimensions(), cluster_indicators()); }

// Builds a Framework from `dims` and `inds` and expects InvalidInput with `code` and every fragment in the message.
void expect_invalid(std::vector<Dimension> dims, std::vector<Indicator> inds, ErrorCode code,
                    std::initializer_list<std::string_view> fragments) {
  expect_error<qualis::InvalidInput>([&] { Framework(std::move(dims), std::move(inds)); }, code, fragments);
}

TEST(Framework, ListsIndicatorsAndDimensionsInDepthFirstPreOrder) {
  const Framework fw = cluster_framework();
  EXPECT_EQ(fw.size(), 22U);
  EXPECT_EQ(fw.indicator_count(), 10U);
  EXPECT_EQ(fw.dimension_count(), 12U);
  EXPECT_EQ(fw.indicator_ids(), (Ids{"revenue", "profit", "revenue_growth", "pass_rate", "complaints", "recalls",
                                     "standards_led", "cert_share", "rd_intensity", "patents"}));
  ASSERT_EQ(fw.indicators().size(), 10U);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(fw.indicators()[i].id, fw.indicator_ids()[i]);
  Ids dims;
  for (const Dimension& d : fw.dimensions()) dims.push_back(d.id);
  EXPECT_EQ(dims,
            (Ids{"scale", "scale.size", "scale.growth", "quality", "quality.product", "quality.market", "standards",
                 "standards.led", "standards.cert", "innovation", "innovation.rd", "innovation.ip"}));
  // The records travel whole: names, units, directions, targets.
  EXPECT_EQ(fw.indicators()[4].names.zh, "投诉量");
  EXPECT_EQ(fw.indicators()[4].direction, Direction::lower_is_better);
  EXPECT_EQ(fw.indicators()[7].target, 100.0);
  EXPECT_EQ(fw.indicators()[8].best_range, (Interval{2.5, 5.0}));
  EXPECT_EQ(fw.dimensions()[3].names.zh, "质量表现");
}

TEST(Framework, PreorderListsEveryNodeWithKindDepthParentAndIndex) {
  const Framework fw = cluster_framework();
  // One line per node, indented by depth: the tree as a reader would print it.
  std::string printed;
  for (const qualis::FrameworkNode& n : fw.preorder()) {
    printed += std::string(2 * (n.depth - 1), ' ') + (n.is_indicator ? "- " : "+ ") + n.id + " <" + n.parent + "> #" +
               std::to_string(n.index) + "\n";
  }
  EXPECT_EQ(printed,
            "+ scale <> #0\n"
            "  + scale.size <scale> #1\n"
            "    - revenue <scale.size> #0\n"
            "    - profit <scale.size> #1\n"
            "  + scale.growth <scale> #2\n"
            "    - revenue_growth <scale.growth> #2\n"
            "+ quality <> #3\n"
            "  + quality.product <quality> #4\n"
            "    - pass_rate <quality.product> #3\n"
            "  + quality.market <quality> #5\n"
            "    - complaints <quality.market> #4\n"
            "    - recalls <quality.market> #5\n"
            "+ standards <> #6\n"
            "  + standards.led <standards> #7\n"
            "    - standards_led <standards.led> #6\n"
            "  + standards.cert <standards> #8\n"
            "    - cert_share <standards.cert> #7\n"
            "+ innovation <> #9\n"
            "  + innovation.rd <innovation> #10\n"
            "    - rd_intensity <innovation.rd> #8\n"
            "  + innovation.ip <innovation> #11\n"
            "    - patents <innovation.ip> #9\n");
}

TEST(Framework, LooksUpNodesByKind) {
  const Framework fw = cluster_framework();
  EXPECT_TRUE(fw.contains("quality"));
  EXPECT_TRUE(fw.contains("complaints"));
  EXPECT_FALSE(fw.contains("brand"));
  EXPECT_FALSE(fw.contains(""));
  EXPECT_TRUE(fw.is_indicator("complaints"));
  EXPECT_FALSE(fw.is_indicator("quality"));
  EXPECT_FALSE(fw.is_indicator("brand"));
  EXPECT_TRUE(fw.is_dimension("quality"));
  EXPECT_FALSE(fw.is_dimension("complaints"));
  EXPECT_FALSE(fw.is_dimension("brand"));

  EXPECT_EQ(fw.indicator("pass_rate").names.zh, "监督抽查合格率");
  EXPECT_EQ(fw.indicator("pass_rate").unit, "%");
  EXPECT_EQ(fw.indicator_index("revenue"), 0U);
  EXPECT_EQ(fw.indicator_index("pass_rate"), 3U);
  EXPECT_EQ(fw.indicator_index("patents"), 9U);
  EXPECT_EQ(fw.dimension("standards").names.en, "Standards and certification");
  EXPECT_EQ(fw.dimension_index("standards"), 6U);

  EXPECT_THROW((void)fw.indicator("brand"), qualis::NotFound);
  EXPECT_THROW((void)fw.dimension("brand"), qualis::NotFound);
  // A dimension is not returned as an indicator, nor an indicator as a dimension.
  EXPECT_EQ(expect_error<qualis::NotFound>([&] { (void)fw.indicator("quality"); }, ErrorCode::not_found),
            "qualis: framework: \"quality\" is a dimension, not an indicator");
  EXPECT_EQ(expect_error<qualis::NotFound>([&] { (void)fw.indicator_index("brand"); }, ErrorCode::not_found),
            "qualis: framework: no dimension or indicator with id \"brand\"");
  EXPECT_EQ(expect_error<qualis::NotFound>([&] { (void)fw.dimension("complaints"); }, ErrorCode::not_found),
            "qualis: framework: \"complaints\" is an indicator, not a dimension");
}

TEST(Framework, WalksTheTree) {
  const Framework fw = cluster_framework();
  EXPECT_EQ(fw.children(""), (Ids{"scale", "quality", "standards", "innovation"}));
  EXPECT_EQ(fw.children("quality"), (Ids{"quality.product", "quality.market"}));
  EXPECT_EQ(fw.children("quality.market"), (Ids{"complaints", "recalls"}));
  EXPECT_TRUE(fw.children("complaints").empty());
  EXPECT_THROW((void)fw.children("brand"), qualis::NotFound);

  EXPECT_EQ(fw.parent("complaints"), "quality.market");
  EXPECT_EQ(fw.parent("quality.market"), "quality");
  EXPECT_EQ(fw.parent("quality"), "");
  EXPECT_THROW((void)fw.parent(""), qualis::NotFound);

  EXPECT_EQ(fw.ancestors("complaints"), (Ids{"quality.market", "quality"}));
  EXPECT_EQ(fw.ancestors("quality.market"), (Ids{"quality"}));
  EXPECT_TRUE(fw.ancestors("quality").empty());
  EXPECT_THROW((void)fw.ancestors("brand"), qualis::NotFound);

  EXPECT_EQ(fw.depth("quality"), 1U);
  EXPECT_EQ(fw.depth("quality.market"), 2U);
  EXPECT_EQ(fw.depth("complaints"), 3U);
  EXPECT_EQ(fw.max_depth(), 3U);
  EXPECT_THROW((void)fw.depth("brand"), qualis::NotFound);

  EXPECT_EQ(fw.indicators_under("scale"), (Ids{"revenue", "profit", "revenue_growth"}));
  EXPECT_EQ(fw.indicators_under("quality"), (Ids{"pass_rate", "complaints", "recalls"}));
  EXPECT_EQ(fw.indicators_under("quality.market"), (Ids{"complaints", "recalls"}));
  EXPECT_EQ(fw.indicators_under("innovation.ip"), (Ids{"patents"}));
  EXPECT_EQ(fw.indicators_under(""), fw.indicator_ids());
  EXPECT_THROW((void)fw.indicators_under("brand"), qualis::NotFound);
  EXPECT_THROW((void)fw.indicators_under("complaints"), qualis::NotFound);
}

TEST(Framework, EffectiveWeightsAreProductsOfNormalisedWeightsAlongEachPath) {
  const Framework fw = cluster_framework();
  // By hand, from cluster_dimensions() and cluster_indicators():
  //   root:            scale 2, quality 3, standards 1, innovation 2          (sum 8)
  //   scale:           scale.size 3, scale.growth 1                            (sum 4)
  //   quality:         quality.product 0.6, quality.market 0.4                 (sum 1)
  //   standards:       standards.led 1, standards.cert 2                       (sum 3)
  //   innovation:      innovation.rd 1, innovation.ip 1                        (sum 2)
  //   scale.size:      revenue 1, profit 1 (sum 2);  quality.market: complaints 1, recalls 0 (sum 1)
  //   every other sub-dimension has one indicator of weight 1.
  // revenue        = 2/8 * 3/4 * 1/2 = 3/32  = 0.09375
  // profit         = 2/8 * 3/4 * 1/2 = 3/32  = 0.09375
  // revenue_growth = 2/8 * 1/4 * 1/1 = 1/16  = 0.0625
  // pass_rate      = 3/8 * 0.6 * 1/1         = 0.225
  // complaints     = 3/8 * 0.4 * 1/1         = 0.15
  // recalls        = 3/8 * 0.4 * 0/1         = 0
  // standards_led  = 1/8 * 1/3 * 1/1 = 1/24
  // cert_share     = 1/8 * 2/3 * 1/1 = 1/12
  // rd_intensity   = 2/8 * 1/2 * 1/1 = 1/8
  // patents        = 2/8 * 1/2 * 1/1 = 1/8
  // Sum: (3+3+2)/32 + 0.375 + (1+2)/24 + 2/8 = 0.25 + 0.375 + 0.125 + 0.25 = 1.
  const std::vector<double> expected{3.0 / 32, 3.0 / 32, 1.0 / 16, 0.225,     0.15,
                                     0.0,      1.0 / 24, 1.0 / 12, 1.0 / 8.0, 1.0 / 8.0};
  const std::vector<double>& w = fw.effective_weights();
  ASSERT_EQ(w.size(), expected.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    EXPECT_NEAR(w[i], expected[i], 1e-12) << fw.indicator_ids()[i];
    EXPECT_EQ(fw.effective_weight(fw.indicator_ids()[i]), w[i]);
  }
  EXPECT_NEAR(std::accumulate(w.begin(), w.end(), 0.0), 1.0, 1e-12);

  // Dimensions: the product down to them, equal to the sum over their indicators.
  EXPECT_NEAR(fw.effective_weight("quality"), 3.0 / 8, 1e-12);
  EXPECT_NEAR(fw.effective_weight("quality.market"), 0.15, 1e-12);
  EXPECT_NEAR(fw.effective_weight("standards.cert"), 1.0 / 12, 1e-12);
  for (const Dimension& d : fw.dimensions()) {
    double sum = 0.0;
    for (const std::string& id : fw.indicators_under(d.id)) sum += fw.effective_weight(id);
    EXPECT_NEAR(fw.effective_weight(d.id), sum, 1e-12) << d.id;
  }

  // Local weights: normalised among siblings.
  EXPECT_NEAR(fw.local_weight("quality"), 3.0 / 8, 1e-12);
  EXPECT_NEAR(fw.local_weight("scale.size"), 3.0 / 4, 1e-12);
  EXPECT_NEAR(fw.local_weight("standards.cert"), 2.0 / 3, 1e-12);
  EXPECT_EQ(fw.local_weight("recalls"), 0.0);
  EXPECT_EQ(fw.local_weight("patents"), 1.0);
  EXPECT_THROW((void)fw.local_weight("brand"), qualis::NotFound);
  EXPECT_THROW((void)fw.effective_weight("brand"), qualis::NotFound);
}

TEST(Framework, ScalingSiblingWeightsTogetherChangesNothing) {
  std::vector<Dimension> dims = cluster_dimensions();
  for (Dimension& d : dims) {
    if (d.parent.empty()) d.weight *= 12.5;  // 2:3:1:2 stays 2:3:1:2
  }
  const Framework scaled(std::move(dims), cluster_indicators());
  const Framework base = cluster_framework();
  for (std::size_t i = 0; i < base.indicator_count(); ++i) {
    EXPECT_NEAR(scaled.effective_weights()[i], base.effective_weights()[i], 1e-15);
  }
}

TEST(Framework, RecordOrderMattersOnlyAmongSiblings) {
  const Framework base = cluster_framework();

  // Moving records relative to records with other parents changes nothing: here the sub-dimensions come
  // before the top-level dimensions, and indicators are rotated so that different parents interleave
  // differently, with the relative order of siblings kept.
  std::vector<Dimension> dims = cluster_dimensions();
  std::rotate(dims.begin(), dims.begin() + 4, dims.end());
  std::vector<Indicator> inds = cluster_indicators();
  std::stable_partition(inds.begin(), inds.end(), [](const Indicator& i) { return i.unit == "%"; });
  const Framework same(dims, inds);
  EXPECT_EQ(same.indicator_ids(), base.indicator_ids());
  EXPECT_EQ(same.effective_weights(), base.effective_weights());
  ASSERT_EQ(same.preorder().size(), base.preorder().size());
  for (std::size_t k = 0; k < base.preorder().size(); ++k) EXPECT_EQ(same.preorder()[k].id, base.preorder()[k].id);

  // Reversing both lists reverses every sibling order, so the tree is walked mirror-wise; each
  // indicator keeps its effective weight.
  dims = cluster_dimensions();
  std::reverse(dims.begin(), dims.end());
  inds = cluster_indicators();
  std::reverse(inds.begin(), inds.end());
  const Framework mirrored(dims, inds);
  EXPECT_EQ(mirrored.indicator_ids(), (Ids{"patents", "rd_intensity", "cert_share", "standards_led", "recalls",
                                           "complaints", "pass_rate", "revenue_growth", "profit", "revenue"}));
  EXPECT_EQ(mirrored.children(""), (Ids{"innovation", "standards", "quality", "scale"}));
  for (const std::string& id : base.indicator_ids()) {
    EXPECT_NEAR(mirrored.effective_weight(id), base.effective_weight(id), 1e-15) << id;
  }
}

TEST(Framework, AmongMixedChildrenDimensionsComeBeforeIndicators) {
  // "quality" has an indicator of its own, listed before any record of its sub-dimension's indicator.
  const Framework fw(
      {dim("quality", "质量表现", "Quality", "", 1.0), dim("quality.product", "产品质量", "", "quality", 1.0)},
      {ind("complaints", "投诉量", "Complaints", "件", "quality", 1.0, Direction::lower_is_better),
       ind("pass_rate", "监督抽查合格率", "Pass rate", "%", "quality.product", 3.0),
       ind("revenue", "营业收入", "Revenue", "亿元", "", 1.0)});
  EXPECT_EQ(fw.children(""), (Ids{"quality", "revenue"}));
  EXPECT_EQ(fw.children("quality"), (Ids{"quality.product", "complaints"}));
  EXPECT_EQ(fw.indicator_ids(), (Ids{"pass_rate", "complaints", "revenue"}));
  EXPECT_EQ(fw.depth("pass_rate"), 3U);
  EXPECT_EQ(fw.depth("complaints"), 2U);
  EXPECT_EQ(fw.depth("revenue"), 1U);
  EXPECT_EQ(fw.max_depth(), 3U);
  // root: quality 1, revenue 1 (sum 2); quality: quality.product 1, complaints 1 (sum 2);
  // pass_rate = 1/2 * 1/2 * 3/3 = 0.25, complaints = 1/2 * 1/2 = 0.25, revenue = 1/2.
  EXPECT_NEAR(fw.effective_weight("pass_rate"), 0.25, 1e-15);
  EXPECT_NEAR(fw.effective_weight("complaints"), 0.25, 1e-15);
  EXPECT_NEAR(fw.effective_weight("revenue"), 0.5, 1e-15);
}

TEST(Framework, AFlatFrameworkHasEveryIndicatorUnderTheRoot) {
  const Framework fw({ind("revenue", "营业收入", "Revenue", "亿元", "", 3.0),
                      ind("complaints", "投诉量", "Complaints", "件", "", 1.0, Direction::lower_is_better)});
  EXPECT_EQ(fw.dimension_count(), 0U);
  EXPECT_EQ(fw.size(), 2U);
  EXPECT_EQ(fw.max_depth(), 1U);
  EXPECT_EQ(fw.children(""), (Ids{"revenue", "complaints"}));
  EXPECT_THAT(fw.effective_weights(), ElementsAre(0.75, 0.25));  // 3/4 and 1/4, exact in binary
  expect_error<qualis::InvalidInput>([] { Framework({ind("revenue", "营业收入", "Revenue", "亿元", "scale", 1.0)}); },
                                     ErrorCode::inconsistent,
                                     {"framework[indicator=revenue]", "parent \"scale\" is not the id of any"});
}

// --- validation -----------------------------------------------------------------------------------

TEST(FrameworkValidation, NeedsAtLeastOneIndicator) {
  expect_invalid({}, {}, ErrorCode::empty_input, {"qualis: framework: no indicators are given"});
  expect_invalid(cluster_dimensions(), {}, ErrorCode::empty_input, {"no indicators"});
}

TEST(FrameworkValidation, ChecksEveryRecordAndNamesIt) {
  auto inds = cluster_indicators();
  inds[5].target.reset();  // cert_share is target_is_best
  expect_invalid(cluster_dimensions(), inds, ErrorCode::inconsistent,
                 {"framework[indicator=cert_share]", "direction is target_is_best but no target is given"});

  inds = cluster_indicators();
  inds[6].best_range = Interval{5.0, 2.5};  // rd_intensity
  expect_invalid(cluster_dimensions(), inds, ErrorCode::inconsistent,
                 {"framework[indicator=rd_intensity]", "best range [5, 2.5] is inverted"});

  inds = cluster_indicators();
  inds[3].names.zh = "投诉\xE9";  // complaints, truncated UTF-8
  expect_invalid(cluster_dimensions(), inds, ErrorCode::invalid_text,
                 {"framework[indicator=complaints]", "Chinese name is not valid UTF-8"});

  auto dims = cluster_dimensions();
  dims[1].names.en = "Quality \xF5";  // quality; F5 never starts a UTF-8 sequence
  expect_invalid(dims, cluster_indicators(), ErrorCode::invalid_text,
                 {"framework[dimension=quality]", "English name is not valid UTF-8"});

  dims = cluster_dimensions();
  dims[2].description = "\xE6\xA0";
  expect_invalid(dims, cluster_indicators(), ErrorCode::invalid_text,
                 {"framework[dimension=standards]", "description"});

  dims = cluster_dimensions();
  dims[3].id = "";
  expect_invalid(dims, cluster_indicators(), ErrorCode::invalid_id, {"framework[dimension #4]: id is empty"});

  inds = cluster_indicators();
  inds[9].id = "recalls\n";
  expect_invalid(cluster_dimensions(), inds, ErrorCode::invalid_id, {"framework[indicator #10]", "control character"});
}

TEST(FrameworkValidation, RejectsBadWeightsNamingTheRecord) {
  auto dims = cluster_dimensions();
  dims[5].weight = nan;  // scale.growth
  expect_invalid(dims, cluster_indicators(), ErrorCode::not_finite,
                 {"framework[dimension=scale.growth]: weight nan is not finite"});

  dims = cluster_dimensions();
  dims[0].weight = -2.0;  // scale
  expect_invalid(dims, cluster_indicators(), ErrorCode::out_of_range,
                 {"framework[dimension=scale]: weight -2 is negative"});

  auto inds = cluster_indicators();
  inds[1].weight = -0.5;  // profit
  expect_invalid(cluster_dimensions(), inds, ErrorCode::out_of_range,
                 {"framework[indicator=profit]: weight -0.5 is negative"});

  inds = cluster_indicators();
  inds[1].weight = nan;
  expect_invalid(cluster_dimensions(), inds, ErrorCode::not_finite, {"framework[indicator=profit]", "not finite"});
}

TEST(FrameworkValidation, RejectsAllZeroSiblingWeightsNamingTheNode) {
  auto inds = cluster_indicators();
  inds[0].weight = 0.0;  // revenue
  inds[1].weight = 0.0;  // profit: scale.size has no weight left
  expect_invalid(cluster_dimensions(), inds, ErrorCode::inconsistent,
                 {"framework[dimension=scale.size]", "weights of all children (revenue, profit) are zero"});

  auto dims = cluster_dimensions();
  for (Dimension& d : dims) {
    if (d.parent.empty()) d.weight = 0.0;
  }
  expect_invalid(dims, cluster_indicators(), ErrorCode::inconsistent,
                 {"framework[root]", "weights of all children (scale, quality, standards, innovation) are zero"});

  // One zero weight among non-zero siblings is fine (recalls in the fixture), and so is a whole
  // dimension of weight zero as long as a sibling carries weight.
  dims = cluster_dimensions();
  dims[3].weight = 0.0;  // innovation
  const Framework fw(dims, cluster_indicators());
  EXPECT_EQ(fw.effective_weight("patents"), 0.0);
  EXPECT_NEAR(fw.effective_weight("quality"), 0.5, 1e-15);  // 3 / (2 + 3 + 1 + 0)

  // Finite weights whose sum overflows cannot be normalised either.
  inds = cluster_indicators();
  inds[0].weight = 1e308;
  inds[1].weight = 1e308;
  expect_invalid(cluster_dimensions(), inds, ErrorCode::not_finite,
                 {"framework[dimension=scale.size]", "add up to a value that is not finite"});
}

TEST(FrameworkValidation, RejectsDuplicateIdsAcrossKinds) {
  auto inds = cluster_indicators();
  inds[2].id = "quality";  // an indicator with a dimension's id
  expect_invalid(cluster_dimensions(), inds, ErrorCode::duplicate_id,
                 {"framework[indicator=quality]", "id is used by a dimension and an indicator"});

  inds = cluster_indicators();
  inds[1].id = "revenue";
  expect_invalid(cluster_dimensions(), inds, ErrorCode::duplicate_id,
                 {"framework[indicator=revenue]", "id is used by two indicators"});

  auto dims = cluster_dimensions();
  dims[11].id = "innovation.rd";
  expect_invalid(dims, cluster_indicators(), ErrorCode::duplicate_id,
                 {"framework[dimension=innovation.rd]", "id is used by two dimensions"});
}

TEST(FrameworkValidation, ParentsMustBeExistingDimensions) {
  auto inds = cluster_indicators();
  inds[4].parent = "standard.led";  // a typo of standards.led
  expect_invalid(cluster_dimensions(), inds, ErrorCode::inconsistent,
                 {"framework[indicator=standards_led]", "parent \"standard.led\" is not the id of any dimension"});

  // An indicator cannot be a parent, of an indicator or of a dimension; both ids are named.
  inds = cluster_indicators();
  inds[1].parent = "revenue";  // profit under revenue
  expect_invalid(cluster_dimensions(), inds, ErrorCode::inconsistent,
                 {"framework[indicator=profit]", "parent \"revenue\" is an indicator"});
  auto dims = cluster_dimensions();
  dims[9].parent = "cert_share";  // standards.cert under an indicator
  expect_invalid(dims, cluster_indicators(), ErrorCode::inconsistent,
                 {"framework[dimension=standards.cert]", "parent \"cert_share\" is an indicator"});
}

TEST(FrameworkValidation, RejectsCyclesAmongDimensions) {
  auto dims = cluster_dimensions();
  dims[1].parent = "quality";  // its own parent
  expect_invalid(dims, cluster_indicators(), ErrorCode::cycle,
                 {"framework[dimension=quality]: dimension is its own parent"});

  dims = cluster_dimensions();
  dims[0].parent = "scale.growth";  // scale -> scale.growth -> scale
  expect_invalid(dims, cluster_indicators(), ErrorCode::cycle,
                 {"framework[dimension=scale]: parent chain scale -> scale.growth -> scale is a cycle"});

  // A longer cycle is reported from its member listed first, with the chain followed from there:
  // standards -> standards.cert -> x -> standards.
  dims = cluster_dimensions();
  dims[2].parent = "standards.cert";
  dims.push_back(dim("x", "", "", "standards", 1.0));
  dims[9].parent = "x";
  auto inds = cluster_indicators();
  expect_invalid(dims, inds, ErrorCode::cycle,
                 {"framework[dimension=standards]: parent chain standards -> standards.cert -> x -> standards"});

  // A chain that runs into a cycle names the cycle, not the way in.
  dims = {dim("a", "", "", "b", 1.0), dim("b", "", "", "c", 1.0), dim("c", "", "", "b", 1.0)};
  inds = {ind("i", "", "", "", "a", 1.0)};
  expect_invalid(dims, inds, ErrorCode::cycle, {"framework[dimension=b]: parent chain b -> c -> b is a cycle"});
}

TEST(FrameworkValidation, RejectsEmptyDimensions) {
  auto dims = cluster_dimensions();
  dims.push_back(dim("brand", "品牌与市场", "Brand and market", "", 1.0));
  expect_invalid(dims, cluster_indicators(), ErrorCode::inconsistent,
                 {"framework[dimension=brand]", "dimension has no children"});

  // A dimension whose only child is an empty dimension: the empty leaf is named.
  dims = cluster_dimensions();
  dims.push_back(dim("brand", "品牌与市场", "Brand and market", "", 1.0));
  dims.push_back(dim("brand.regional", "区域品牌", "Regional brands", "brand", 1.0));
  expect_invalid(dims, cluster_indicators(), ErrorCode::inconsistent,
                 {"framework[dimension=brand.regional]", "has no children"});
}

TEST(FrameworkValidation, ErrorsAreStandardInvalidArguments) {
  EXPECT_THROW(Framework({}, {}), std::invalid_argument);
  EXPECT_THROW(Framework({}, {}), qualis::Error);
}

}  // namespace
