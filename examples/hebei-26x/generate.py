#!/usr/bin/env python3
"""Generate the qualis example "hebei-26x": a synthetic 26+X panel of Hebei industrial clusters.

Writes, next to this script:
  model.json  the model file (docs/model-file.md): regions, clusters, framework, pipeline choices
  data.csv    indicator values, long format: unit,indicator,period,value (empty value = missing)
  steps.csv   eleven-step assessments: unit,period,step,level,evidence,assessor
  half-years.json, half-years.csv
              the half-year monitoring (半年运行监测) of 2022H1..2024H2: five indicators that are reported
              every half-year, split from the annual values so that the two halves of a year add up to
              (flows) or average to (rates) the year's value in data.csv exactly

Every value is SYNTHETIC except the two 2020 totals published by the Hebei Provincial Administration for
Market Regulation: the clusters' operating revenue of 8453 亿元 (845.3 billion yuan) and total profit of
465 亿元 (46.5 billion yuan). The synthetic 2020 values of the 26 base clusters (the only members in 2020)
are scaled so that both sums are exact to 0.1 亿元; the last base cluster absorbs the rounding.

The output is deterministic: one fixed seed, Python's standard library only (random, csv, json), no
dependence on dictionary order, locale or platform line endings. The half-year split draws from a
second generator (seed HALF_SEED), so that it leaves the annual values untouched. Running the script twice gives
byte-identical files. A self-check (assertions) runs on every call, before anything is written.

Usage: python3 examples/hebei-26x/generate.py
"""

import csv
import io
import json
import math
import os
import random

SEED = 20210507  # the day the nine "X" clusters were added (2021-05-07)
YEARS = list(range(2019, 2025))  # annual periods "2019".."2024"
REVENUE_2020_TENTHS = 84530  # 8453.0 亿元, in tenths of 亿元
PROFIT_2020_TENTHS = 4650  # 465.0 亿元
MISSING_SHARE = 0.02  # share of data cells left empty
HALF_SEED = SEED + 1  # the half-year split, drawn after and apart from the annual values
HALF_YEARS = [2022, 2023, 2024]  # half-year periods "2022H1".."2024H2"; every cluster is a member by then
ASSESSOR = "河北省质量发展研究所（模拟）"

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------------------------------------
# Regions: the province, its prefectures and the county-level units used. Codes are the administrative
# division codes (行政区划代码) valid since 2020. Development zones have no code of their own; they get a
# readable id under their prefecture (the library accepts any valid id for a region).
# ----------------------------------------------------------------------------------------------------------
PROVINCE = ("130000", "河北省", "Hebei Province")
PREFECTURES = [
    ("130100", "石家庄市", "Shijiazhuang"),
    ("130200", "唐山市", "Tangshan"),
    ("130300", "秦皇岛市", "Qinhuangdao"),
    ("130400", "邯郸市", "Handan"),
    ("130500", "邢台市", "Xingtai"),
    ("130600", "保定市", "Baoding"),
    ("130800", "承德市", "Chengde"),
    ("130900", "沧州市", "Cangzhou"),
    ("131000", "廊坊市", "Langfang"),
    ("131100", "衡水市", "Hengshui"),
]
# (code, zh, en, level, parent). 辛集市 and 定州市 are administered directly by the province (省直管) but
# keep the codes of their prefectures' numbering, so they are listed under 石家庄市 and 保定市.
COUNTY_LEVEL = [
    ("130109", "藁城区", "Gaocheng District", "county_level", "130100"),
    ("130181", "辛集市", "Xinji", "county_level", "130100"),
    ("130100-hitech", "石家庄高新技术产业开发区", "Shijiazhuang High-tech Zone", "development_zone", "130100"),
    ("130200-hitech", "唐山高新技术产业开发区", "Tangshan High-tech Zone", "development_zone", "130200"),
    ("130229", "玉田县", "Yutian County", "county_level", "130200"),
    ("130322", "昌黎县", "Changli County", "county_level", "130300"),
    ("130408", "永年区", "Yongnian District", "county_level", "130400"),
    ("130431", "鸡泽县", "Jize County", "county_level", "130400"),
    ("130506", "南和区", "Nanhe District", "county_level", "130500"),
    ("130525", "隆尧县", "Longyao County", "county_level", "130500"),
    ("130528", "宁晋县", "Ningjin County", "county_level", "130500"),
    ("130532", "平乡县", "Pingxiang County", "county_level", "130500"),
    ("130534", "清河县", "Qinghe County", "county_level", "130500"),
    ("130535", "临西县", "Linxi County", "county_level", "130500"),
    ("130581", "南宫市", "Nangong", "county_level", "130500"),
    ("130582", "沙河市", "Shahe", "county_level", "130500"),
    ("130628", "高阳县", "Gaoyang County", "county_level", "130600"),
    ("130682", "定州市", "Dingzhou", "county_level", "130600"),
    ("130683", "安国市", "Anguo", "county_level", "130600"),
    ("130881", "平泉市", "Pingquan", "county_level", "130800"),
    ("130923", "东光县", "Dongguang County", "county_level", "130900"),
    ("130926", "肃宁县", "Suning County", "county_level", "130900"),
    ("130930", "孟村回族自治县", "Mengcun Hui Autonomous County", "county_level", "130900"),
    ("130981", "泊头市", "Botou", "county_level", "130900"),
    ("130982", "任丘市", "Renqiu", "county_level", "130900"),
    ("130983", "黄骅市", "Huanghua", "county_level", "130900"),
    ("130984", "河间市", "Hejian", "county_level", "130900"),
    ("131024", "香河县", "Xianghe County", "county_level", "131000"),
    ("131025", "大城县", "Dacheng County", "county_level", "131000"),
    ("131026", "文安县", "Wen'an County", "county_level", "131000"),
    ("131081", "霸州市", "Bazhou", "county_level", "131000"),
    ("131100-hitech", "衡水高新技术产业开发区", "Hengshui High-tech Zone", "development_zone", "131100"),
    ("131123", "武强县", "Wuqiang County", "county_level", "131100"),
    ("131125", "安平县", "Anping County", "county_level", "131100"),
]

# ----------------------------------------------------------------------------------------------------------
# Clusters: (id, zh, en, region, industry, export propensity 0..1). The first 26 are the base cohort of
# 2019, the last 9 the "X" cohort of 2021. White-listed names (see README) come from the published
# reports; the rest are well-known county industries of Hebei chosen to fill the panel.
# 白沟新城 is a management zone inside 高碑店市 run by 保定市, so its cluster sits at the prefecture code.
# ----------------------------------------------------------------------------------------------------------
BASE = [
    ("dz-sports", "定州市体育用品", "Dingzhou sports goods", "130682", "体育用品", 0.45),
    ("ap-wiremesh", "安平县丝网", "Anping wire mesh", "131125", "丝网", 0.60),
    ("qh-cashmere", "清河县羊绒", "Qinghe cashmere", "130534", "羊绒及制品", 0.40),
    ("bg-luggage", "白沟新城箱包", "Baigou luggage and bags", "130600", "箱包", 0.35),
    ("xj-leather", "辛集市皮革", "Xinji leather", "130181", "皮革及皮革制品", 0.40),
    ("nh-petfood", "南和区宠物食品", "Nanhe pet food", "130506", "宠物食品", 0.20),
    ("px-bicycle", "平乡县自行车", "Pingxiang bicycles", "130532", "自行车及童车", 0.35),
    ("yn-fasteners", "永年区标准件", "Yongnian fasteners", "130408", "紧固件（标准件）", 0.30),
    ("rq-petrochem", "任丘市石油化工", "Renqiu petrochemicals", "130982", "石油化工及装备", 0.10),
    ("ag-tcm", "安国市中药材", "Anguo traditional Chinese medicine", "130683", "中药材及饮片", 0.15),
    ("ts-robotics", "唐山市高新区机器人", "Tangshan High-tech Zone robotics", "130200-hitech", "机器人", 0.15),
    ("cl-wine", "昌黎县葡萄酒", "Changli wine", "130322", "葡萄酒", 0.05),
    ("sjz-biomed", "石家庄市高新区生物医药", "Shijiazhuang High-tech Zone biomedicine", "130100-hitech",
     "生物医药", 0.25),
    ("hs-facilities", "衡水市高新区工程设施装备", "Hengshui High-tech Zone engineering facilities",
     "131100-hitech", "智慧灯杆、通信铁塔等工程设施装备", 0.20),
    ("ng-sheepskin", "南宫市羊剪绒", "Nangong sheepskin", "130581", "羊剪绒制品", 0.50),
    ("nj-cable", "宁晋县电线电缆", "Ningjin wire and cable", "130528", "电线电缆", 0.10),
    ("bt-casting", "泊头市铸造", "Botou casting", "130981", "铸造及模具", 0.20),
    ("hh-autoparts", "黄骅市汽车模具及零部件", "Huanghua auto moulds and parts", "130983", "汽车模具及零部件", 0.15),
    ("sn-fur", "肃宁县裘皮", "Suning fur", "130926", "裘皮", 0.45),
    ("mc-pipefittings", "孟村回族自治县弯头管件", "Mengcun pipe fittings", "130930", "弯头管件", 0.25),
    ("dg-packaging", "东光县包装机械", "Dongguang packaging machinery", "130923", "纸箱包装机械", 0.20),
    ("bz-furniture", "霸州市金属玻璃家具", "Bazhou metal and glass furniture", "131081", "金属玻璃家具", 0.30),
    ("xh-furniture", "香河县家具", "Xianghe furniture", "131024", "家具", 0.10),
    ("gy-textile", "高阳县纺织", "Gaoyang textiles", "130628", "毛巾及家纺", 0.30),
    ("lx-bearings", "临西县轴承", "Linxi bearings", "130535", "轴承", 0.20),
    ("sh-glass", "沙河市玻璃", "Shahe glass", "130582", "平板玻璃及深加工", 0.10),
]
X_COHORT = [
    ("hj-glass", "河间市工艺玻璃", "Hejian art glass", "130984", "工艺玻璃", 0.55),
    ("jz-pepper", "鸡泽县辣椒", "Jize chili pepper", "130431", "辣椒及调味品", 0.30),
    ("ly-food", "隆尧县食品", "Longyao food", "130525", "方便食品", 0.05),
    ("wq-instruments", "武强县乐器", "Wuqiang musical instruments", "131123", "西洋乐器", 0.65),
    ("dc-insulation", "大城县保温建材", "Dacheng insulation materials", "131025", "保温建材", 0.05),
    ("wa-boards", "文安县人造板", "Wen'an wood-based panels", "131026", "人造板", 0.05),
    ("yt-packaging", "玉田县印刷包装机械", "Yutian printing and packaging machinery", "130229",
     "印刷包装机械", 0.20),
    ("pq-mushroom", "平泉市食用菌", "Pingquan edible fungi", "130881", "食用菌", 0.25),
    ("gc-lanterns", "藁城区宫灯", "Gaocheng palace lanterns", "130109", "宫灯及节庆用品", 0.35),
]

# Rough relative sizes (synthetic orders of magnitude, not figures) that the random draws scatter around;
# the 2020 values of the base cohort are then scaled to the published total.
SIZE_HINT = {
    "dz-sports": 150, "ap-wiremesh": 600, "qh-cashmere": 200, "bg-luggage": 350, "xj-leather": 200,
    "nh-petfood": 100, "px-bicycle": 200, "yn-fasteners": 400, "rq-petrochem": 600, "ag-tcm": 200,
    "ts-robotics": 100, "cl-wine": 30, "sjz-biomed": 500, "hs-facilities": 150, "ng-sheepskin": 100,
    "nj-cable": 400, "bt-casting": 200, "hh-autoparts": 300, "sn-fur": 150, "mc-pipefittings": 300,
    "dg-packaging": 100, "bz-furniture": 400, "xh-furniture": 300, "gy-textile": 200, "lx-bearings": 200,
    "sh-glass": 300,
    "hj-glass": 80, "jz-pepper": 60, "ly-food": 150, "wq-instruments": 30, "dc-insulation": 200,
    "wa-boards": 150, "yt-packaging": 80, "pq-mushroom": 60, "gc-lanterns": 20,
}
# Energy-intensive industries (glass, casting, petrochemicals, insulation materials) get a higher energy use.
ENERGY_HEAVY = {"sh-glass", "bt-casting", "rq-petrochem", "hj-glass", "dc-insulation"}
# Consumer goods sell online; for the other (industrial) clusters the online share is scaled down.
CONSUMER_GOODS = {
    "dz-sports", "qh-cashmere", "bg-luggage", "xj-leather", "nh-petfood", "px-bicycle", "ag-tcm", "cl-wine",
    "ng-sheepskin", "sn-fur", "bz-furniture", "xh-furniture", "gy-textile", "hj-glass", "jz-pepper", "ly-food",
    "wq-instruments", "pq-mushroom", "gc-lanterns",
}
# Dingzhou's sports goods grew fast in 2021 (reported: +128.6% in the first half), so it is not left to chance.
MOMENTUM_OVERRIDE = {"dz-sports": 1}

# ----------------------------------------------------------------------------------------------------------
# Framework: six dimensions, 30 indicators. weight = weight among siblings (the library normalises).
# Indicator tuple: (id, zh, en, unit, direction, weight, description).
# ----------------------------------------------------------------------------------------------------------
HIB, LIB = "higher_is_better", "lower_is_better"
DIMENSIONS = [
    ("scale", "规模与增长", "Scale and growth", 0.20, "集群经济规模、效益与增长速度"),
    ("quality", "质量表现", "Quality performance", 0.25, "产品质量水平、质量投诉与质量损失"),
    ("standards", "标准与认证", "Standards and certification", 0.15, "标准制定、对标达标与体系认证"),
    ("technology", "科技创新", "Technology and innovation", 0.15, "研发投入、专利、高新技术企业与创新平台"),
    ("brand", "品牌与市场", "Brand and market", 0.15, "商标品牌、区域品牌价值与国内外市场"),
    ("green", "数字化与绿色发展", "Digital and green development", 0.10,
     "数字化改造与能源资源利用效率；本维度权重由熵值法计算"),
]
INDICATORS = {
    "scale": [
        ("revenue", "营业收入", "Operating revenue", "亿元", HIB, 0.30, "集群内企业全年营业收入合计"),
        ("profit", "利润总额", "Total profit", "亿元", HIB, 0.25, "集群内企业全年利润总额合计"),
        ("revenue_growth", "营业收入增长率", "Revenue growth", "%", HIB, 0.20, "营业收入比上年增长"),
        ("enterprises", "企业数量", "Enterprises", "家", HIB, 0.10, "集群内从事主导产业的企业数"),
        ("above_size", "规模以上企业数", "Enterprises above designated size", "家", HIB, 0.10,
         "年主营业务收入2000万元及以上的工业企业数"),
        ("employment", "从业人员", "Employment", "万人", HIB, 0.05, "集群企业年末从业人员"),
    ],
    "quality": [
        ("pass_rate", "监督抽查合格率", "Supervision sampling pass rate", "%", HIB, 0.35,
         "产品质量国家及省级监督抽查合格批次占抽查批次的比例"),
        ("complaints", "每百家企业质量投诉量", "Quality complaints per 100 enterprises", "件", LIB, 0.20,
         "全年产品质量投诉件数除以企业数再乘以100"),
        ("quality_loss", "质量损失率", "Quality loss rate", "%", LIB, 0.15,
         "内外部质量损失成本占工业总产值的比例"),
        ("superior_rate", "优等品率", "Superior-grade product rate", "%", HIB, 0.15,
         "达到优等品等级的产品产值占比"),
        ("cqo", "设立首席质量官企业数", "Enterprises with a chief quality officer", "家", HIB, 0.15,
         "设立首席质量官制度的企业数"),
    ],
    "standards": [
        ("standards_led", "主导制定标准数", "Standards led", "项", HIB, 0.25,
         "主导制定的国际、国家、行业、地方和团体标准累计数"),
        ("standards_joined", "参与制定标准数", "Standards co-authored", "项", HIB, 0.15,
         "参与制定的国际、国家、行业、地方和团体标准累计数"),
        ("three_systems", "三体系认证企业占比", "Share of enterprises with three-system certification", "%",
         HIB, 0.30, "通过ISO 9001、ISO 14001和ISO 45001三项管理体系认证的企业占规模以上企业的比例"),
        ("product_cert", "获产品认证企业数", "Enterprises with product certification", "家", HIB, 0.15,
         "获得强制性或自愿性产品认证的企业数"),
        ("benchmarked", "对标达标企业数", "Enterprises meeting benchmark standards", "家", HIB, 0.15,
         "参加百城千业万企对标达标并达标的企业累计数"),
    ],
    "technology": [
        ("rd_intensity", "研发经费投入强度", "R&D intensity", "%", HIB, 0.30, "研发经费支出占营业收入的比例"),
        ("invention_patents", "有效发明专利数", "Valid invention patents", "件", HIB, 0.25,
         "集群企业拥有的有效发明专利数"),
        ("high_tech", "高新技术企业数", "High-tech enterprises", "家", HIB, 0.20, "认定有效的高新技术企业数"),
        ("platforms", "省级以上创新平台数", "Innovation platforms (provincial and above)", "个", HIB, 0.10,
         "省级及以上技术创新中心、企业技术中心、重点实验室等"),
        ("new_products", "新产品销售收入占比", "New-product share of sales", "%", HIB, 0.15,
         "新产品销售收入占营业收入的比例"),
    ],
    "brand": [
        ("trademarks", "有效注册商标数", "Registered trademarks", "件", HIB, 0.20, "集群企业有效注册商标数"),
        ("brand_value", "区域品牌价值", "Regional brand value", "亿元", HIB, 0.30, "区域公共品牌价值评估结果"),
        ("famous_brands", "省级以上名牌产品数", "Famous-brand products (provincial and above)", "个", HIB, 0.15,
         "获评河北省优质产品等省级及以上名牌的产品数"),
        ("export_share", "出口交货值占比", "Export share", "%", HIB, 0.20, "出口交货值占营业收入的比例"),
        ("online_share", "网络零售额占比", "Online retail share", "%", HIB, 0.15, "网络零售额占营业收入的比例"),
    ],
    "green": [
        ("energy_intensity", "单位营业收入能耗", "Energy per unit of revenue", "吨标准煤/万元", LIB, 1.0,
         "综合能源消费量除以营业收入"),
        ("nc_rate", "关键工序数控化率", "Numerical control of key processes", "%", HIB, 1.0,
         "关键工序数控化的规模以上企业占比"),
        ("cloud_share", "上云企业占比", "Share of enterprises on the cloud", "%", HIB, 1.0,
         "使用工业互联网或云服务的企业占比"),
        ("green_factories", "省级以上绿色工厂数", "Green factories (provincial and above)", "家", HIB, 1.0,
         "获评省级及以上绿色工厂的企业数"),
    ],
}
SIGNED = {"revenue_growth"}  # the only indicator that may be negative
NEVER_MISSING_DIMS = {"green"}  # entropy weights reject missing values, so this dimension is complete

# The half-year monitoring (半年运行监测): five indicators reported every half-year, in three dimensions.
HALF_DIMENSIONS = [
    ("scale", "规模与效益", "Scale and profit", 0.40, "半年营业收入与利润总额"),
    ("quality", "质量表现", "Quality performance", 0.40, "半年监督抽查合格率与质量投诉"),
    ("technology", "科技创新", "Technology and innovation", 0.20, "半年研发经费投入强度"),
]
# (id, dimension, weight, split, parameter). Names, units and directions are those of the annual indicator
# of the same id. "flow": the halves add up to the year, the first half taking a share drawn uniformly from
# the parameter's range; "rate": the halves average to the year, the first half above it by a normal draw
# with the parameter as standard deviation (percentage points) and the second half below it by as much.
HALF_INDICATORS = [
    ("revenue", "scale", 0.55, "flow", (0.44, 0.49)),
    ("profit", "scale", 0.45, "flow", (0.40, 0.48)),
    ("pass_rate", "quality", 0.60, "rate", 0.6),
    ("complaints", "quality", 0.40, "flow", (0.42, 0.58)),
    ("rd_intensity", "technology", 1.00, "rate", 0.15),
]

STEPS = [
    ("plan", "产业提升规划"),
    ("industrial_chain", "补链延链强链"),
    ("leading_enterprises", "龙头企业培育"),
    ("benchmarking", "对标达标"),
    ("innovation", "科技创新平台建设"),
    ("certification", "三体系认证推进"),
    ("workforce", "质量人才队伍建设"),
    ("trading_platforms", "专业市场和电商平台建设"),
    ("regional_brand", "区域品牌培育"),
    ("international_cooperation", "国际市场开拓与合作"),
    ("anti_counterfeiting", "打假治劣专项行动"),
]
STEP_BIAS = {"plan": 0.6, "international_cooperation": -0.4, "innovation": -0.4}
LEVEL_TEMPLATES = [
    "{s}尚未启动",
    "{s}方案已制定",
    "{s}正在推进",
    "{s}已落实并形成常态机制",
    "{s}成效显著，经验获推广",
]
EVIDENCE_OVERRIDES = {
    ("plan", 1): "产业提升规划已起草",
    ("plan", 3): "产业提升规划已印发",
    ("certification", 4): "三体系认证覆盖规上企业，成效显著",
    ("regional_brand", 3): "区域品牌已注册集体商标",
    ("anti_counterfeiting", 3): "打假治劣形成常态化联合执法",
}


# ----------------------------------------------------------------------------------------------------------
# Random helpers built on Random.random() only, so that the stream does not depend on the algorithms of
# Random.gauss() or Random.choice(), which differ between Python versions in principle.
# ----------------------------------------------------------------------------------------------------------
class Rng:
    def __init__(self, seed):
        self._r = random.Random(seed)

    def uniform(self, a, b):
        return a + (b - a) * self._r.random()

    def normal(self, mu=0.0, sd=1.0):
        u1 = 1.0 - self._r.random()  # in (0, 1]
        u2 = self._r.random()
        return mu + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def chance(self, p):
        return self._r.random() < p


def fmt(value, decimals):
    """Fixed-point text of a value, "-0.0" written as "0.0"."""
    text = "%.*f" % (decimals, value)
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text


def tenths_text(tenths):
    return "%d.%d" % (tenths // 10, tenths % 10)


# ----------------------------------------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------------------------------------
def make_profiles(rng):
    """Cluster-specific levels and momentum. momentum: +1 improving, 0 flat, -1 declining."""
    profiles = {}
    members = [(c, "2019", 2019) for c in BASE] + [(c, "X", 2021) for c in X_COHORT]
    for k, (c, cohort, joined) in enumerate(members):
        cid = c[0]
        roll = rng.uniform(0, 1)
        momentum = MOMENTUM_OVERRIDE.get(cid, 1 if roll < 0.55 else (0 if roll < 0.85 else -1))
        profiles[cid] = {
            "cohort": cohort,
            "joined": joined,
            "export": c[5],
            "momentum": momentum,
            "size": SIZE_HINT[cid] * math.exp(rng.normal(0.0, 0.2)),  # relative revenue size
            "margin": rng.uniform(0.035, 0.085),
            "quality": rng.uniform(0.2, 1.0),  # latent quality level 0..1
            "tech": rng.uniform(0.1, 1.0),  # latent technology level 0..1
            "brand": rng.uniform(0.1, 1.0),
            "digital": rng.uniform(0.1, 1.0),
            # tons of standard coal per 10 000 yuan of revenue
            "energy": rng.uniform(0.35, 0.8) if cid in ENERGY_HEAVY else rng.uniform(0.04, 0.3),
            "rev_per_ent": rng.uniform(0.08, 0.6),  # 亿元 per enterprise
            "workers": rng.uniform(15, 45),  # employees per enterprise
            "growth": {1: rng.uniform(0.06, 0.12), 0: rng.uniform(0.0, 0.04), -1: rng.uniform(-0.06, -0.015)}[momentum],
            "steps_base": rng.uniform(0.3, 1.6),
            "steps_rate": rng.uniform(0.25, 0.6) + 0.12 * momentum,
            "index": k,
        }
    return profiles


def revenue_paths(rng, profiles):
    """Revenue (亿元, one decimal) per cluster and year, from one year before joining (for the growth rate).

    The 2020 values of the base cohort are scaled to sum to exactly 8453.0; X-cohort 2020 values are
    hidden (used only for their 2021 growth rate). Returns {cid: {year: tenths}} and the 2020 profits.
    """
    base_ids = [c[0] for c in BASE]
    raw2020 = {cid: p["size"] for cid, p in profiles.items()}
    total_raw = sum(raw2020[cid] for cid in base_ids)
    scale = REVENUE_2020_TENTHS / total_raw
    tenths2020 = {}
    for cid in base_ids[:-1]:
        tenths2020[cid] = int(round(raw2020[cid] * scale))
    tenths2020[base_ids[-1]] = REVENUE_2020_TENTHS - sum(tenths2020.values())
    for cid in profiles:
        if cid not in tenths2020:
            tenths2020[cid] = int(round(raw2020[cid] * scale))
    paths = {}
    for cid, p in profiles.items():
        path = {2020: tenths2020[cid]}
        # 2019 (and 2018 for the growth rate) backwards; 2020 was dented by the epidemic.
        level = float(tenths2020[cid])
        for year in (2019, 2018):
            g = p["growth"] + (0.04 if year == 2019 else 0.0) + rng.normal(0, 0.015)
            level = level / (1.0 + g)
            path[year] = int(round(level))
        level = float(tenths2020[cid])
        for year in range(2021, YEARS[-1] + 1):
            g = p["growth"] + (0.05 if year == 2021 else 0.0) + rng.normal(0, 0.02)
            level = level * (1.0 + g)
            path[year] = int(round(level))
        paths[cid] = path
    # Profit 2020: revenue x margin, scaled to 465.0 exactly.
    raw_profit = {cid: paths[cid][2020] * profiles[cid]["margin"] for cid in base_ids}
    pscale = PROFIT_2020_TENTHS / sum(raw_profit.values())
    profit2020 = {cid: int(round(raw_profit[cid] * pscale)) for cid in base_ids[:-1]}
    profit2020[base_ids[-1]] = PROFIT_2020_TENTHS - sum(profit2020.values())
    return paths, profit2020


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def generate_values(rng, profiles):
    """Returns {(cid, indicator, year): text} for every member cell ("" = missing)."""
    paths, profit2020 = revenue_paths(rng, profiles)
    values = {}
    for c in BASE + X_COHORT:
        cid = c[0]
        p = profiles[cid]
        m = p["momentum"]
        years = [y for y in YEARS if y >= p["joined"]]
        ents = None
        cumulative = {}
        margin = p["margin"]
        for y in years:
            t = y - 2019
            s = y - p["joined"]  # years in the programme
            drift = 0.5 * m + 0.35  # programme effect: even flat clusters improve a little
            rev_t = paths[cid][y]
            v = {}
            v["revenue"] = tenths_text(rev_t)
            if p["cohort"] == "2019" and y == 2020:
                prof_t = profit2020[cid]
            else:
                margin = clamp(margin * (1.0 + 0.03 * m + rng.normal(0, 0.04)), 0.01, 0.15)
                prof_t = max(1, int(round(rev_t * margin)))
            v["profit"] = tenths_text(prof_t)
            v["revenue_growth"] = fmt(100.0 * (rev_t / paths[cid][y - 1] - 1.0), 1)
            if ents is None:
                ents = max(12.0, rev_t / 10.0 / p["rev_per_ent"])
            else:
                ents = ents * (1.0 + 0.5 * (rev_t / paths[cid][y - 1] - 1.0) + rng.normal(0, 0.01))
            n_ent = int(round(ents))
            v["enterprises"] = str(n_ent)
            above_share = clamp(0.06 + 0.10 * p["tech"] + 0.004 * t * (m + 1), 0.03, 0.5)
            n_above = max(1, int(round(n_ent * above_share)))
            v["above_size"] = str(n_above)
            workers = p["workers"] * (1.0 - 0.015 * t) * (1.0 + rng.normal(0, 0.03))
            v["employment"] = fmt(max(0.1, n_ent * workers / 10000.0), 1)

            q = p["quality"]
            v["pass_rate"] = fmt(clamp(90.0 + 7.5 * q + 0.6 * drift * t + rng.normal(0, 0.8), 80.0, 99.9), 1)
            v["complaints"] = fmt(max(0.1, (9.0 - 6.0 * q) * (1.0 - 0.07 * drift * t) + rng.normal(0, 0.5)), 1)
            v["quality_loss"] = fmt(max(0.05, (2.6 - 1.8 * q) * (1.0 - 0.05 * drift * t) + rng.normal(0, 0.08)), 2)
            v["superior_rate"] = fmt(clamp(30.0 + 40.0 * q + 1.5 * drift * t + rng.normal(0, 2.0), 5.0, 98.0), 1)
            v["cqo"] = str(max(0, int(round(n_above * (0.05 + 0.1 * q) * (1.0 + 0.25 * s)))))

            def cum(key, start, step):
                prev = cumulative.get(key)
                if prev is None:
                    cur = max(0, int(round(start)))
                else:
                    cur = prev + max(0, int(round(step + rng.normal(0, max(0.5, 0.3 * step)))))
                cumulative[key] = cur
                return str(cur)

            tech = p["tech"]
            v["standards_led"] = cum("standards_led", 2 + 25 * tech * (1 + 0.3 * t), 1 + 3 * tech * (1 + 0.5 * drift))
            v["standards_joined"] = cum("standards_joined", 5 + 50 * tech * (1 + 0.3 * t),
                                        2 + 6 * tech * (1 + 0.5 * drift))
            v["three_systems"] = fmt(clamp(15.0 + 45.0 * q + 4.0 * drift * t + rng.normal(0, 2.5), 2.0, 99.0), 1)
            v["product_cert"] = str(max(0, int(round(n_above * (0.2 + 0.5 * q) * (1.0 + 0.05 * drift * t)))))
            v["benchmarked"] = cum("benchmarked", n_above * 0.05 * (1 + 2 * q), n_above * 0.02 * (1 + drift))

            v["rd_intensity"] = fmt(clamp(0.6 + 2.8 * tech + 0.12 * drift * t + rng.normal(0, 0.12), 0.1, 8.0), 2)
            v["invention_patents"] = cum("invention_patents", 5 + 300 * tech ** 2 * (1 + 0.2 * t),
                                         3 + 40 * tech * (1 + 0.5 * drift))
            v["high_tech"] = str(max(0, int(round(n_above * (0.05 + 0.35 * tech) * (1.0 + 0.08 * drift * t)))))
            v["platforms"] = cum("platforms", 1 + 12 * tech, 0.3 + 1.2 * tech * (1 + drift) / 2)
            v["new_products"] = fmt(clamp(8.0 + 30.0 * tech + 1.2 * drift * t + rng.normal(0, 1.5), 1.0, 80.0), 1)

            b = p["brand"]
            v["trademarks"] = cum("trademarks", n_ent * (0.8 + 2.0 * b), n_ent * (0.05 + 0.1 * b) * (1 + 0.5 * drift))
            v["brand_value"] = fmt(max(1.0, rev_t / 10.0 * (0.08 + 0.35 * b) * (1.0 + 0.04 * drift * t)), 1)
            v["famous_brands"] = cum("famous_brands", 1 + 25 * b, 0.5 + 2 * b * (1 + drift) / 2)
            v["export_share"] = fmt(clamp(100.0 * p["export"] * (1.0 + 0.02 * m * t) + rng.normal(0, 1.5), 0.5, 90.0),
                                    1)
            online = (5.0 + 25.0 * b + 2.5 * t + 1.0 * drift * t) * (1.0 if cid in CONSUMER_GOODS else 0.3)
            v["online_share"] = fmt(clamp(online + rng.normal(0, 1.0), 0.5, 70.0), 1)

            d = p["digital"]
            energy = p["energy"] * (1.0 - 0.04 * t - 0.02 * drift * t) * (1.0 + rng.normal(0, 0.03))
            v["energy_intensity"] = fmt(max(0.01, energy), 3)
            v["nc_rate"] = fmt(clamp(25.0 + 40.0 * d + 2.0 * t + 1.5 * drift * t + rng.normal(0, 2.0), 5.0, 95.0), 1)
            v["cloud_share"] = fmt(clamp(8.0 + 35.0 * d + 3.5 * t + 1.5 * drift * t + rng.normal(0, 2.0), 1.0, 95.0), 1)
            v["green_factories"] = cum("green_factories", 4 * d * (1 + 0.4 * t), 0.3 + 1.5 * d * (1 + drift) / 2)

            for ind, text in v.items():
                values[(cid, ind, y)] = text
    # Missing values, drawn after every value so that they do not shift the stream of values.
    dim_of = {i[0]: dim for dim, inds in INDICATORS.items() for i in inds}
    for key in sorted(values):
        cid, ind, y = key
        if dim_of[ind] in NEVER_MISSING_DIMS:
            continue
        if ind in ("revenue", "profit") and y == 2020 and profiles[cid]["cohort"] == "2019":
            continue
        if rng.chance(MISSING_SHARE * 1.15):  # ~2% of all cells, given the protected ones
            values[key] = ""
    return values


def generate_steps(rng, profiles):
    """Returns rows (cid, year, step, level, evidence) for every member cluster-year and step."""
    rows = []
    for c in BASE + X_COHORT:
        cid = c[0]
        p = profiles[cid]
        # Planning comes first and is furthest along; innovation and international cooperation lag.
        step_offset = {sid: rng.normal(0, 0.6) + STEP_BIAS.get(sid, 0.0) for sid, _ in STEPS}
        previous = {}
        for y in YEARS:
            if y < p["joined"]:
                continue
            s = y - p["joined"]
            for sid, subject in STEPS:
                latent = p["steps_base"] + step_offset[sid] + p["steps_rate"] * s + rng.normal(0, 0.35)
                level = int(clamp(round(latent), 0, 4))
                if sid in previous:
                    # Levels rarely fall; a declining cluster may lose one level now and then.
                    floor = previous[sid] - (1 if p["momentum"] < 0 and rng.chance(0.25) else 0)
                    level = max(level, floor)
                    level = min(level, previous[sid] + 1)  # at most one level a year
                previous[sid] = level
                evidence = EVIDENCE_OVERRIDES.get((sid, level), LEVEL_TEMPLATES[level].format(s=subject))
                rows.append((cid, y, sid, level, evidence))
    return rows


def decimals_of(text):
    return len(text.split(".")[1]) if "." in text else 0


def split_year(rng, text, split, parameter):
    """The two halves of one annual value, as texts with its decimals; a missing year ("") gives two missing
    halves. The draw comes first, so that missing values do not shift the stream."""
    draw = rng.uniform(*parameter) if split == "flow" else rng.normal(0.0, parameter)
    if text == "":
        return "", ""
    decimals = decimals_of(text)
    scale = 10 ** decimals
    total = int(round(float(text) * scale))  # the year's value in units of its last decimal: exact sums
    if split == "flow":
        first = int(round(total * draw))
        halves = (first, total - first)
    else:
        room = min(total, 100 * scale - total)  # both halves stay within 0..100 %
        d = max(-room, min(room, int(round(draw * scale))))
        halves = (total + d, total - d)
    return tuple(fmt(h / scale, decimals) for h in halves)


def generate_half_years(values):
    """Rows (cid, indicator, period, text) of the half-year monitoring, split from the annual values."""
    rng = Rng(HALF_SEED)
    rows = []
    for c in BASE + X_COHORT:
        cid = c[0]
        for y in HALF_YEARS:
            halves = {ind: split_year(rng, values[(cid, ind, y)], split, parameter)
                      for ind, _, _, split, parameter in HALF_INDICATORS}
            for h in (0, 1):
                for ind, _, _, _, _ in HALF_INDICATORS:
                    rows.append((cid, ind, "%dH%d" % (y, h + 1), halves[ind][h]))
    return rows


# ----------------------------------------------------------------------------------------------------------
# Files
# ----------------------------------------------------------------------------------------------------------
def names(zh, en):
    return {"zh": zh, "en": en}


def build_model():
    regions = [{"code": PROVINCE[0], "names": names(PROVINCE[1], PROVINCE[2]), "level": "province"}]
    for code, zh, en in PREFECTURES:
        regions.append({"code": code, "names": names(zh, en), "level": "prefecture", "parent": PROVINCE[0]})
    for code, zh, en, level, parent in COUNTY_LEVEL:
        regions.append({"code": code, "names": names(zh, en), "level": level, "parent": parent})
    clusters = []
    for cohort, joined, group in (("2019", "2019", BASE), ("X", "2021", X_COHORT)):
        for cid, zh, en, region, industry, _ in group:
            clusters.append({"id": cid, "names": names(zh, en), "region": region, "industry": industry,
                             "cohort": cohort, "joined": joined})
    dimensions = [{"id": d, "names": names(zh, en), "weight": w, "description": desc}
                  for d, zh, en, w, desc in DIMENSIONS]
    indicators = []
    for d, _, _, _, _ in DIMENSIONS:
        for iid, zh, en, unit, direction, w, desc in INDICATORS[d]:
            indicators.append({"id": iid, "names": names(zh, en), "unit": unit, "direction": direction,
                               "description": desc, "source": "模拟数据（synthetic）", "parent": d, "weight": w})
    return {
        "qualis_model": 1,
        "title": names("河北省区域特色产业集群质量提升评价（26+X，模拟数据）",
                       "Quality improvement of Hebei's regional industrial clusters (26+X, synthetic data)"),
        "description": (
            "示例模型：河北省26+X区域特色产业集群2019-2024年质量提升评价。除2020年营业收入合计8453亿元、"
            "利润总额合计465亿元两项公开数字外，全部指标值和十一步工作法评估结果均为模拟数据（synthetic），"
            "不代表任何集群的真实情况。Example model: 35 Hebei clusters (26 chosen in 2019, 9 added in 2021), "
            "annual 2019-2024. All values are SYNTHETIC except the published 2020 totals (revenue 8453 亿元, "
            "profit 465 亿元). Generated by generate.py; do not edit by hand."),
        "data": "data.csv",
        "steps": "steps.csv",
        "regions": regions,
        "clusters": clusters,
        "framework": {"dimensions": dimensions, "indicators": indicators},
        "step_framework": "eleven_step",
        "model": {
            "normalization": {"options": {"method": "min_max", "min_max": {"range": [0, 100]}},
                              "reference": "per_period"},
            "default_method": {"weight_source": "framework", "aggregation": {"method": "arithmetic_mean"}},
            "methods": {"green": {"weight_source": "computed", "weights": {"method": "entropy"}}},
            "steps": {"share": 0.2},
            "ranking": {"within_cohort": True, "grades": "fixed",
                        "bands": [{"name": "A", "lower": 80}, {"name": "B", "lower": 65},
                                  {"name": "C", "lower": 50}, {"name": "D"}]},
            "diagnosis": {"top": 3, "gap": "best", "coupling": ["quality", "technology", "brand"]},
            "audit": {"scope": "latest"},
        },
        "trend": {"methods": ["mk", "sen"],
                  "indicators": ["revenue", "profit", "pass_rate", "three_systems", "rd_intensity"]},
        "report": {"language": "zh",
                   "key_indicators": ["revenue", "profit", "pass_rate", "complaints", "three_systems",
                                      "rd_intensity"]},
    }


def build_half_model(model):
    """The half-year monitoring model: the annual model's regions and clusters, five indicators, no steps."""
    annual = {i[0]: i for d in INDICATORS.values() for i in d}
    dimensions = [{"id": d, "names": names(zh, en), "weight": w, "description": desc}
                  for d, zh, en, w, desc in HALF_DIMENSIONS]
    indicators = []
    for iid, parent, w, split, _ in HALF_INDICATORS:
        _, zh, en, unit, direction, _, desc = annual[iid]
        how = "上下半年之和等于全年值" if split == "flow" else "上下半年的平均等于全年值"
        indicators.append({"id": iid, "names": names(zh + "（半年）", en + " (half-year)"), "unit": unit,
                           "direction": direction, "description": desc.replace("全年", "半年") + "；" + how,
                           "source": "模拟数据（synthetic）", "parent": parent, "weight": w})
    return {
        "qualis_model": 1,
        "title": names("河北省区域特色产业集群半年运行监测（26+X，模拟数据）",
                       "Half-year monitoring of Hebei's regional industrial clusters (26+X, synthetic data)"),
        "description": (
            "示例模型：河北省26+X区域特色产业集群2022年上半年至2024年下半年的半年运行监测，5项按半年报送的"
            "指标。全部数值均为模拟数据（synthetic），由data.csv的年度值拆分而来：营业收入、利润总额和质量投诉"
            "的上下半年之和、合格率和研发强度的上下半年平均值都等于全年值。Example model: half-year "
            "monitoring 2022H1-2024H2 of the 35 clusters on five indicators reported every half-year. All values "
            "are SYNTHETIC, split from the annual values in data.csv: the halves of revenue, profit and "
            "complaints add up to the year, those of the pass rate and R&D intensity average to it. Generated "
            "by generate.py; do not edit by hand."),
        "data": "half-years.csv",
        "regions": model["regions"],
        "clusters": model["clusters"],
        "framework": {"dimensions": dimensions, "indicators": indicators},
        "model": {
            "normalization": model["model"]["normalization"],
            "default_method": model["model"]["default_method"],
            "ranking": model["model"]["ranking"],
            "diagnosis": {"top": 3, "gap": "best"},
            "audit": {"scope": "latest"},
        },
        "trend": {"methods": ["mk", "sen"], "indicators": ["revenue", "pass_rate", "rd_intensity"]},
        "report": {"language": "zh", "key_indicators": [i[0] for i in HALF_INDICATORS]},
    }


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def build_all():
    """Everything from a fresh generator: {file name: text}, plus the raw tables for the self-check."""
    rng = Rng(SEED)
    profiles = make_profiles(rng)
    values = generate_values(rng, profiles)
    steps = generate_steps(rng, profiles)
    order = {c[0]: k for k, c in enumerate(BASE + X_COHORT)}
    ind_order = {i[0]: k for k, i in enumerate(i for d in DIMENSIONS for i in INDICATORS[d[0]])}
    data_rows = [(cid, ind, str(y), values[(cid, ind, y)])
                 for (cid, ind, y) in sorted(values, key=lambda k: (order[k[0]], k[2], ind_order[k[1]]))]
    step_rows = [(cid, str(y), sid, str(level), ev, ASSESSOR) for cid, y, sid, level, ev in steps]
    half_rows = generate_half_years(values)
    model = build_model()
    half_model = build_half_model(model)
    files = {
        "model.json": json.dumps(model, ensure_ascii=False, indent=2) + "\n",
        "data.csv": csv_text(["unit", "indicator", "period", "value"], data_rows),
        "steps.csv": csv_text(["unit", "period", "step", "level", "evidence", "assessor"], step_rows),
        "half-years.json": json.dumps(half_model, ensure_ascii=False, indent=2) + "\n",
        "half-years.csv": csv_text(["unit", "indicator", "period", "value"], half_rows),
    }
    return files, model, data_rows, step_rows, half_model, half_rows


# ----------------------------------------------------------------------------------------------------------
# Self-check
# ----------------------------------------------------------------------------------------------------------
def self_check(files, model, data_rows, step_rows, half_model, half_rows):
    clusters = model["clusters"]
    ids = [c["id"] for c in clusters]
    assert len(clusters) == 35, len(clusters)
    assert len(set(ids)) == 35, "duplicate cluster ids"
    cohorts = [c["cohort"] for c in clusters]
    assert cohorts.count("2019") == 26 and cohorts.count("X") == 9, cohorts
    joined = {c["id"]: int(c["joined"]) for c in clusters}
    region_codes = [r["code"] for r in model["regions"]]
    assert len(set(region_codes)) == len(region_codes), "duplicate region codes"
    region_set = set(region_codes)
    for r in model["regions"]:
        assert r.get("parent", "") == "" or r["parent"] in region_set, r
    for c in clusters:
        assert c["region"] in region_set, c
    used = {c["region"] for c in clusters}
    for r in model["regions"]:
        if r["level"] in ("county_level", "development_zone"):
            assert r["code"] in used, "region not used by any cluster: " + r["code"]

    fw = model["framework"]
    dim_ids = [d["id"] for d in fw["dimensions"]]
    ind_ids = [i["id"] for i in fw["indicators"]]
    assert len(set(dim_ids + ind_ids)) == len(dim_ids) + len(ind_ids), "framework ids not unique"
    assert len(dim_ids) == 6 and 28 <= len(ind_ids) <= 32, (len(dim_ids), len(ind_ids))
    for i in fw["indicators"]:
        assert i["parent"] in dim_ids and i["direction"] in (HIB, LIB), i
    for key in model["trend"]["indicators"] + model["report"]["key_indicators"]:
        assert key in ind_ids, key
    for key in model["model"]["diagnosis"]["coupling"]:
        assert key in dim_ids, key
    assert set(model["model"]["methods"]) <= set(dim_ids)
    # Step ids, framework ids and the result ids of the scores stay apart, so that no result is ambiguous.
    step_set = {s for s, _ in STEPS}
    assert not step_set & set(dim_ids + ind_ids), step_set & set(dim_ids + ind_ids)
    assert not {"score", "composite", "step_index"} & set(dim_ids + ind_ids)

    # data.csv
    assert files["data.csv"].startswith("unit,indicator,period,value\n")
    keys = [(u, i, p) for u, i, p, _ in data_rows]
    assert len(set(keys)) == len(keys), "duplicate data rows"
    ind_set = set(ind_ids)
    dim_of = {i["id"]: i["parent"] for i in fw["indicators"]}
    sums = {"revenue": 0, "profit": 0}
    missing = 0
    for u, i, p, v in data_rows:
        assert u in joined and i in ind_set, (u, i)
        assert int(p) in YEARS and int(p) >= joined[u], "row before joining: %s %s" % (u, p)
        if v == "":
            missing += 1
            assert dim_of[i] != "green", "missing value in the entropy-weighted dimension: %s %s %s" % (u, i, p)
            continue
        x = float(v)
        assert math.isfinite(x)
        assert x >= 0.0 or i in SIGNED, "negative value: %s %s %s %s" % (u, i, p, v)
        if i in ("pass_rate", "three_systems", "superior_rate", "nc_rate", "cloud_share", "export_share",
                 "online_share", "new_products", "quality_loss", "rd_intensity"):
            assert x <= 100.0, (u, i, p, v)
        if p == "2020" and i in sums:
            assert joined[u] <= 2020
            sums[i] += int(v.replace(".", ""))  # one decimal: tenths, summed exactly
    expected_rows = sum(len(ind_ids) * len([y for y in YEARS if y >= joined[u]]) for u in ids)
    assert len(data_rows) == expected_rows, (len(data_rows), expected_rows)
    assert sums["revenue"] == REVENUE_2020_TENTHS, sums
    assert sums["profit"] == PROFIT_2020_TENTHS, sums
    share = missing / len(data_rows)
    assert 0.01 <= share <= 0.03, share

    # steps.csv
    assert files["steps.csv"].startswith("unit,period,step,level,evidence,assessor\n")
    step_ids = [s for s, _ in STEPS]
    assert step_ids == ["plan", "industrial_chain", "leading_enterprises", "benchmarking", "innovation",
                        "certification", "workforce", "trading_platforms", "regional_brand",
                        "international_cooperation", "anti_counterfeiting"]
    skeys = [(u, p, s) for u, p, s, _, _, _ in step_rows]
    assert len(set(skeys)) == len(skeys), "duplicate step rows"
    expected_steps = sum(11 * len([y for y in YEARS if y >= joined[u]]) for u in ids)
    assert len(step_rows) == expected_steps, (len(step_rows), expected_steps)
    by_year = {}
    for u, p, s, lv, ev, who in step_rows:
        assert u in joined and int(p) >= joined[u] and s in step_ids and 0 <= int(lv) <= 4 and ev and who
        by_year.setdefault(int(p), []).append(int(lv))
    means = [sum(by_year[y]) / len(by_year[y]) for y in YEARS]
    base_means = []
    for y in YEARS:
        lv = [int(r[3]) for r in step_rows if int(r[1]) == y and joined[r[0]] == 2019]
        base_means.append(sum(lv) / len(lv))
    assert all(a < b for a, b in zip(base_means, base_means[1:])), base_means

    # half-years.json, half-years.csv
    assert files["half-years.csv"].startswith("unit,indicator,period,value\n")
    assert half_model["clusters"] == clusters and half_model["regions"] == model["regions"]
    half_ids = [i["id"] for i in half_model["framework"]["indicators"]]
    assert set(half_ids) <= ind_set and len(set(half_ids)) == len(half_ids) == 5, half_ids
    for key in half_model["trend"]["indicators"] + half_model["report"]["key_indicators"]:
        assert key in half_ids, key
    annual = {(u, i, p): v for u, i, p, v in data_rows}
    halves = {}
    for u, i, p, v in half_rows:
        assert (u, i, p) not in halves, "duplicate half-year row: %s %s %s" % (u, i, p)
        halves[(u, i, p)] = v
    assert len(half_rows) == 35 * len(HALF_YEARS) * 2 * 5, len(half_rows)
    split_of = {i[0]: i[3] for i in HALF_INDICATORS}
    for u in ids:
        for i in half_ids:
            for y in HALF_YEARS:
                year = annual[(u, i, str(y))]
                h1, h2 = halves[(u, i, "%dH1" % y)], halves[(u, i, "%dH2" % y)]
                if year == "":
                    assert h1 == h2 == "", (u, i, y)
                    continue
                d = decimals_of(year)
                assert decimals_of(h1) == decimals_of(h2) == d, (u, i, y, h1, h2)
                t, a, b = (int(x.replace(".", "")) for x in (year, h1, h2))  # exact, in the last decimal
                assert a >= 0 and b >= 0, (u, i, y, h1, h2)
                if split_of[i] == "flow":
                    assert a + b == t, "halves do not add up to the year: %s %s %s" % (u, i, y)
                else:
                    assert a + b == 2 * t and max(a, b) <= 100 * 10 ** d, (u, i, y, h1, h2)
    return {"revenue_2020": sums["revenue"] / 10.0, "profit_2020": sums["profit"] / 10.0,
            "data_rows": len(data_rows), "missing": missing, "missing_share": share,
            "step_rows": len(step_rows), "mean_level_by_year": [round(m, 2) for m in means],
            "half_year_rows": len(half_rows), "half_year_missing": sum(1 for r in half_rows if r[3] == "")}


def main():
    files, model, data_rows, step_rows, half_model, half_rows = build_all()
    again = build_all()[0]
    assert again == files, "generation is not deterministic"
    summary = self_check(files, model, data_rows, step_rows, half_model, half_rows)
    for name in sorted(files):
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(files[name])
    print("wrote %s in %s" % (", ".join(sorted(files)), HERE))
    print("self-check passed: %s" % json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
