// The HTML report: see report.hpp. Everything is written into one string; every text that comes from the data
// (ids, names, descriptions, paths, choice values) goes through esc(), every number through num() (which writes
// "—" for a missing value, never "nan"). Bilingual labels are written twice, in <span class="zh"> and
// <span class="en">, and a CSS-only switch (two radio buttons before the document) hides one of them.
#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <qualis/error.hpp>
#include <qualis/version.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "counted.hpp"

namespace qualis_tool {

namespace {

using qualis::Names;
using qualis::Period;

constexpr const char* dash = "\u2014";  // "—", the mark of a missing value
constexpr double pi = 3.14159265358979323846;

Eigen::Index ix(std::size_t k) { return static_cast<Eigen::Index>(k); }

std::string esc(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A number with `decimals` decimals; "—" for NaN or infinity; no "-0.0".
std::string num(double v, int decimals = 1) {
  if (!std::isfinite(v)) return dash;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// A raw indicator value: few digits for large magnitudes, more for small ones.
std::string value_text(double v) {
  if (!std::isfinite(v)) return dash;
  const double a = std::abs(v);
  if (a >= 1000.0) return num(v, 0);
  if (a >= 100.0) return num(v, 1);
  if (a >= 1.0) return num(v, 2);
  if (a == 0.0) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// A rank: a whole number when it is one (1.5 for an average tie), "—" when missing.
std::string rank_text(double r) {
  if (!std::isfinite(r)) return dash;
  return r == std::floor(r) ? num(r, 0) : num(r, 1);
}

// SVG coordinates: one decimal is enough.
std::string co(double v) { return num(v, 1); }

// A bilingual label; the texts are escaped here.
std::string bi(const std::string& zh, const std::string& en) {
  return "<span class=\"zh\">" + esc(zh) + "</span><span class=\"en\">" + esc(en) + "</span>";
}

// As bi() but for SVG text content.
std::string bi_svg(const std::string& zh, const std::string& en) {
  return "<tspan class=\"zh\">" + esc(zh) + "</tspan><tspan class=\"en\">" + esc(en) + "</tspan>";
}

// A name in the current language; one that exists in one language only is shown in both.
std::string name_html(const Names& n, const std::string& fallback) {
  if (n.zh.empty() && n.en.empty()) return esc(fallback);
  if (n.zh.empty() || n.en.empty() || n.zh == n.en) return esc(n.zh.empty() ? n.en : n.zh);
  return bi(n.zh, n.en);
}

// Both names as plain text (escaped), for SVG <title> tooltips.
std::string name_plain(const Names& n, const std::string& fallback) {
  if (n.zh.empty() && n.en.empty()) return esc(fallback);
  if (n.zh.empty() || n.en.empty() || n.zh == n.en) return esc(n.zh.empty() ? n.en : n.zh);
  return esc(n.zh + " / " + n.en);
}

// The first `max` code points of a UTF-8 text, with "…" when cut.
std::string clip(const std::string& text, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if ((static_cast<unsigned char>(text[k]) & 0xC0U) != 0x80U) {
      if (points == max) return text.substr(0, k) + "\u2026";
      ++points;
    }
  }
  return text;
}

std::string name_svg(const Names& n, const std::string& fallback, std::size_t max) {
  if (n.zh.empty() && n.en.empty()) return esc(clip(fallback, max));
  if (n.zh.empty() || n.en.empty() || n.zh == n.en) return esc(clip(n.zh.empty() ? n.en : n.zh, max));
  return bi_svg(clip(n.zh, max), clip(n.en, max));
}

// A distinct colour per position (golden-angle hues).
std::string colour(std::size_t k) {
  const double hue = std::fmod(static_cast<double>(k) * 137.508, 360.0);
  return "hsl(" + num(hue, 0) + ",62%," + (k % 2 == 0 ? "42%" : "34%") + ")";
}

std::string state_label(qualis::UnitState s) {
  switch (s) {
    case qualis::UnitState::scored:
      return bi("已评分", "scored");
    case qualis::UnitState::inactive:
      return bi("未加入", "not yet joined");
    case qualis::UnitState::screened_out:
      return bi("数据不足剔除", "screened out");
    case qualis::UnitState::unscored:
      return bi("无得分", "not scored");
  }
  return esc(qualis::to_string(s));
}

std::string trend_word(const std::string& t) {
  if (t == "increasing") return "<span class=\"up\">\u2191</span> " + bi("上升", "increasing");
  if (t == "decreasing") return "<span class=\"down\">\u2193</span> " + bi("下降", "decreasing");
  if (t == "no trend") return "\u2192 " + bi("无显著趋势", "no trend");
  return esc(t);
}

bool has_column(const qualis::TrendTable& t, const std::string& c) {
  return std::find(t.columns.begin(), t.columns.end(), c) != t.columns.end();
}

// One cell of a trend column: the verdict and p of a Mann-Kendall test, a slope, or the first number.
std::string trend_cell(const qualis::TrendTable& t, const qualis::TrendRow& row) {
  const qualis::TrendSummary& s = row.summary;
  if (s.values.size() != t.columns.size()) return dash;
  const bool ok = s.status == qualis::TrendStatus::ok || s.status == qualis::TrendStatus::constant;
  std::string body;
  if (has_column(t, "trend")) {
    const std::string& verdict = s.text("trend");
    if (verdict.empty()) {
      body = dash;
    } else {
      body = trend_word(verdict);
      if (std::isfinite(s.value("p"))) body += " <small>p=" + num(s.value("p"), 3) + "</small>";
    }
  } else if (has_column(t, "slope")) {
    body = ok ? num(s.value("slope"), 2) : dash;
  } else if (has_column(t, "cagr")) {
    body = ok && std::isfinite(s.value("cagr")) ? num(100.0 * s.value("cagr"), 1) + "%" : dash;
  } else {
    body = dash;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (std::isfinite(s.values[c])) {
        body = esc(t.columns[c]) + " " + num(s.values[c], 2);
        break;
      }
    }
  }
  if (!s.reason.empty()) return "<span title=\"" + esc(s.reason) + "\">" + body + "</span>";
  return body;
}

struct Renderer {
  const ReportInput& in;
  const qualis::Inputs& inputs;
  const qualis::Result& res;
  qualis::RankDynamics own_dynamics;
  const qualis::RankDynamics* dyn = nullptr;
  std::size_t U = 0;
  std::size_t P = 0;
  std::size_t last = 0;
  std::size_t col_score = 0;
  std::size_t col_composite = 0;
  std::optional<std::size_t> col_step;
  std::vector<std::size_t> order;      // units, best latest rank first, then the unranked by id
  std::vector<std::size_t> detailed;   // units with a section of their own and a bump line
  std::set<std::size_t> detailed_set;  // the same, for lookups
  std::vector<Eigen::Index> dyn_row;   // per unit: its row in *dyn
  std::vector<std::string> key_indicators;
  std::string out;

  Renderer(const ReportInput& input, const qualis::Inputs& i, const qualis::Result& r) : in(input), inputs(i), res(r) {}

  // ---- lookups -------------------------------------------------------------------------------------------
  const qualis::Cluster* cluster(std::size_t u) const { return inputs.clusters.find(res.units[u]); }
  Names unit_names(std::size_t u) const {
    const qualis::Cluster* c = cluster(u);
    return c != nullptr ? c->names : Names{};
  }
  std::string unit_html(std::size_t u) const { return name_html(unit_names(u), res.units[u]); }
  qualis::UnitState state(std::size_t u, std::size_t p) const { return res.state[p * U + u]; }
  double score(std::size_t u, std::size_t col, std::size_t p) const { return res.scores.value(u, col, p); }
  double rank(std::size_t u, std::size_t col, std::size_t p) const { return res.ranks.value(u, col, p); }
  std::string grade(std::size_t u, std::size_t p) const {
    if (!res.grades) return dash;
    const double g = res.grades->value(u, col_score, p);
    if (!std::isfinite(g) || g < 0.0 || static_cast<std::size_t>(g) >= res.grade_labels.size()) return dash;
    return esc(res.grade_labels[static_cast<std::size_t>(g)]);
  }
  std::string cohort_html(std::size_t u) const {
    const qualis::Cluster* c = cluster(u);
    return c == nullptr || c->cohort.empty() ? std::string(dash) : esc(c->cohort);
  }
  std::string region_html(std::size_t u) const {
    const qualis::Cluster* c = cluster(u);
    if (c == nullptr || c->region.empty()) return dash;
    if (inputs.regions) {
      if (const qualis::Region* r = inputs.regions->find(c->region)) return name_html(r->names, c->region);
    }
    return esc(c->region);
  }
  std::string node_html(const std::string& id) const {
    if (id == res.model.composite_id) return bi("综合指数", "composite");
    if (id == res.model.score_id) return bi("总得分", "final score");
    if (id == res.model.step_index_id) return bi("步骤指数", "step index");
    const qualis::Framework& fw = inputs.framework;
    if (fw.is_dimension(id)) return name_html(fw.dimension(id).names, id);
    if (fw.is_indicator(id)) return name_html(fw.indicator(id).names, id);
    return esc(id);
  }
  // An uncertain choice (qualis::UncertaintyResult::factors) in words: "weights:<node>" is the weights of the
  // children of that aggregate.
  std::string choice_html(const std::string& factor) const {
    const std::string weights = "weights:";
    if (factor.rfind(weights, 0) == 0) return bi("权重：", "Weights: ") + node_html(factor.substr(weights.size()));
    if (factor == "normalisation") return bi("标准化方法", "Normalisation");
    if (factor == "aggregation") return bi("集成方法", "Aggregation");
    if (factor == "imputation") return bi("缺失值插补", "Imputation");
    if (factor == "exclusion") return bi("剔除一项", "Leaving one out");
    return esc(factor);
  }
  // A level of a choice: "draws" (random weights), "without <node>", or a method's name.
  std::string level_html(const std::string& level) const {
    if (level == "draws") return bi("随机抽取", "random draws");
    const std::string without = "without ";
    if (level.rfind(without, 0) == 0) return bi("剔除 ", "without ") + node_html(level.substr(without.size()));
    return esc(level);
  }
  std::string period_html(std::size_t p) const { return esc(res.periods[p].to_string()); }
  std::string unit_link(std::size_t u) const {
    if (detailed_set.count(u) == 0) return unit_html(u);
    return "<a href=\"#u-" + std::to_string(u) + "\">" + unit_html(u) + "</a>";
  }

  // ---- preparation ---------------------------------------------------------------------------------------
  void prepare() {
    U = res.units.size();
    P = res.periods.size();
    last = P - 1;
    col_score = res.scores.indicator_index(res.model.score_id);
    col_composite = res.scores.indicator_index(res.model.composite_id);
    if (res.scores.has_indicator(res.model.step_index_id))
      col_step = res.scores.indicator_index(res.model.step_index_id);

    if (in.dynamics != nullptr) {
      dyn = in.dynamics;
      if (dyn->periods.size() != P || dyn->ranks.rows() != ix(U) || dyn->ranks.cols() != ix(P)) {
        const auto units_periods = [](std::size_t units, std::size_t periods) {
          return counted(units, "unit") + " and " + counted(periods, "period");
        };
        throw qualis::InvalidInput(qualis::ErrorCode::size_mismatch, "report",
                                   "the rank dynamics have " + units_periods(dyn->units.size(), dyn->periods.size()) +
                                       "; the result has " + units_periods(U, P));
      }
    } else {
      Eigen::MatrixXd s(ix(U), ix(P));
      for (std::size_t u = 0; u < U; ++u) {
        for (std::size_t p = 0; p < P; ++p) s(ix(u), ix(p)) = score(u, col_score, p);
      }
      own_dynamics = qualis::rank_dynamics(s, res.units, res.periods, res.model.ranking.options);
      dyn = &own_dynamics;
    }
    std::map<std::string, Eigen::Index> row_of;
    for (std::size_t k = 0; k < dyn->units.size(); ++k) row_of.emplace(dyn->units[k], ix(k));
    dyn_row.assign(U, -1);
    for (std::size_t u = 0; u < U; ++u) {
      const auto it = row_of.find(res.units[u]);
      if (it != row_of.end()) dyn_row[u] = it->second;
    }

    order.resize(U);
    for (std::size_t u = 0; u < U; ++u) order[u] = u;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double ra = rank(a, col_score, last);
      const double rb = rank(b, col_score, last);
      const bool ha = std::isfinite(ra);
      const bool hb = std::isfinite(rb);
      if (ha != hb) return ha;
      if (ha && ra != rb) return ra < rb;
      return res.units[a] < res.units[b];
    });
    const std::size_t limit = in.max_detailed == 0 ? U : std::min(U, in.max_detailed);
    detailed.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(limit));
    detailed_set.insert(detailed.begin(), detailed.end());

    const auto available = [&](const std::string& id) {
      return inputs.panel.has_indicator(id) || res.prepared.has_indicator(id);
    };
    if (in.key_indicators.empty()) {
      for (const std::string& id : inputs.framework.indicator_ids()) {
        if (key_indicators.size() == 4) break;
        if (available(id)) key_indicators.push_back(id);
      }
    } else {
      for (const std::string& id : in.key_indicators) {
        if (available(id)) key_indicators.push_back(id);
      }
    }
  }

  // ---- document ------------------------------------------------------------------------------------------
  void head() {
    const std::string lang = in.language;
    const Names title =
        in.title.zh.empty() && in.title.en.empty()
            ? Names{"区域特色产业集群质量评估报告", "Quality assessment of regional industrial clusters"}
            : in.title;
    out += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "zh" ? "zh-CN" : "en") + "\">\n<head>\n";
    out += "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"qualis " + esc(std::string(qualis::version())) + "\">\n";
    out += "<title>" + name_plain(title, "qualis") + "</title>\n";
    out += R"(<style>
:root{--fg:#1f2933;--mut:#616e7c;--line:#d9e2ec;--bg:#fff;--alt:#f5f7fa;--acc:#1d4ed8;--up:#15803d;--down:#b91c1c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
input.lang{position:absolute;opacity:0;pointer-events:none}
#lang-zh:checked~.doc .en{display:none}
#lang-en:checked~.doc .zh{display:none}
#lang-zh:checked~.doc label[for=lang-zh],#lang-en:checked~.doc label[for=lang-en]{background:var(--acc);color:#fff}
.doc{max-width:1180px;margin:0 auto;padding:0 20px 40px}
header.top{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);display:flex;gap:14px;align-items:center;padding:8px 0;flex-wrap:wrap}
header.top nav a{margin-right:12px;color:var(--acc);text-decoration:none}
.switch{margin-left:auto}
.switch label{border:1px solid var(--acc);color:var(--acc);padding:2px 10px;cursor:pointer;border-radius:3px;margin-left:4px}
h1{font-size:26px;margin:22px 0 6px}
h2{font-size:20px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--acc)}
h3{font-size:15px;margin:16px 0 6px}
p.desc{white-space:pre-wrap;color:var(--mut)}
.note{color:var(--mut);font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:160px;background:var(--alt)}
.card b{display:block;font-size:22px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--alt);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:hover{background:#eef4ff}
.up{color:var(--up)}.down{color:var(--down)}
.tag{font-size:11px;color:var(--mut);border:1px solid var(--line);border-radius:3px;padding:0 4px;white-space:nowrap}
.scroll{overflow-x:auto}
svg{font:11px system-ui,sans-serif}
svg text{fill:var(--fg)}
.bump .line path{fill:none;stroke-width:2.2}
.bump:hover .line{opacity:.18}
.bump .line:hover{opacity:1}
.bump .line:hover path{stroke-width:4.5}
.bump .grid{stroke:var(--line)}
details.cluster{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:0 12px}
details.cluster>summary{cursor:pointer;padding:8px 0;font-weight:600}
details.cluster[open]>summary{border-bottom:1px solid var(--line);margin-bottom:8px}
.grid2{display:flex;flex-wrap:wrap;gap:24px}
.grid2>div{flex:1 1 340px;min-width:0}
.spark{display:inline-flex;align-items:center;gap:8px;margin:2px 18px 2px 0}
.radar .ring{fill:none;stroke:var(--line)}
.radar .axis{stroke:var(--line)}
.radar .now{fill:rgba(29,78,216,.28);stroke:#1d4ed8;stroke-width:2}
.radar .first{fill:rgba(97,110,124,.10);stroke:#9aa5b1;stroke-width:1.5;stroke-dasharray:4 3}
.bar{fill:#60a5fa}
footer{margin-top:30px;color:var(--mut);font-size:12px}
@media print{header.top{position:static}.switch{display:none}details.cluster{break-inside:avoid}}
</style>
</head>
<body>
)";
    out += std::string("<input type=\"radio\" name=\"lang\" id=\"lang-zh\" class=\"lang\"") +
           (lang == "zh" ? " checked" : "") + ">\n";
    out += std::string("<input type=\"radio\" name=\"lang\" id=\"lang-en\" class=\"lang\"") +
           (lang == "en" ? " checked" : "") + ">\n";
    out += "<div class=\"doc\">\n<header class=\"top\"><nav>";
    out += "<a href=\"#overview\">" + bi("概况", "Overview") + "</a>";
    out += "<a href=\"#ranking\">" + bi("排名", "Ranking") + "</a>";
    out += "<a href=\"#bump\">" + bi("位次变化", "Rank chart") + "</a>";
    out += "<a href=\"#clusters\">" + bi("集群详情", "Clusters") + "</a>";
    out += "<a href=\"#methods\">" + bi("方法", "Methods") + "</a>";
    out +=
        "</nav><div class=\"switch\"><label for=\"lang-zh\">中文</label><label for=\"lang-en\">English</label></div>";
    out += "</header>\n";
    out += "<h1>" + name_html(title, "qualis") + "</h1>\n";
    if (!in.description.empty()) out += "<p class=\"desc\">" + esc(in.description) + "</p>\n";
  }

  void overview() {
    out += "<section id=\"overview\">\n<h2>" + bi("概况", "Overview") + "</h2>\n<div class=\"cards\">";
    std::size_t scored_last = 0;
    for (std::size_t u = 0; u < U; ++u) scored_last += state(u, last) == qualis::UnitState::scored ? 1 : 0;
    out += "<div class=\"card\">" + bi("集群", "Clusters") + "<b>" + std::to_string(U) + "</b></div>";
    out += "<div class=\"card\">" + bi("评估期", "Periods") + "<b>" + period_html(0) +
           (P > 1 ? " \u2013 " + period_html(last) : std::string()) + "</b>" + std::to_string(P) + " " +
           bi("期", P == 1 ? "period" : "periods") + "</div>";
    out += "<div class=\"card\">" + bi("最新一期已评分", "Scored in the latest period") + "<b>" +
           std::to_string(scored_last) + "</b>" + period_html(last) + "</div>";
    out += "<div class=\"card\">" + bi("指标", "Indicators") + "<b>" +
           std::to_string(inputs.framework.indicator_count()) + "</b>" +
           std::to_string(inputs.framework.dimension_count()) + " " + bi("个维度", "dimensions") + "</div>";
    out += "</div>\n";

    // Cohorts, in order of first appearance.
    std::vector<std::string> cohorts;
    std::map<std::string, std::size_t> total, active, scored;
    std::map<std::string, std::optional<Period>> joined;
    for (std::size_t u = 0; u < U; ++u) {
      const qualis::Cluster* c = cluster(u);
      const std::string k = c != nullptr ? c->cohort : std::string();
      if (total.count(k) == 0) cohorts.push_back(k);
      ++total[k];
      if (state(u, last) != qualis::UnitState::inactive) ++active[k];
      if (state(u, last) == qualis::UnitState::scored) ++scored[k];
      if (c != nullptr && (!joined[k] || c->joined < *joined[k])) joined[k] = c->joined;
    }
    out += "<h3>" + bi("按批次", "By cohort") + "</h3>\n<table><thead><tr><th>" + bi("批次", "Cohort") +
           "</th><th class=\"n\">" + bi("集群数", "Clusters") + "</th><th>" + bi("最早加入", "First joined") +
           "</th><th class=\"n\">" + bi("最新一期在评", "Active (latest)") + "</th><th class=\"n\">" +
           bi("最新一期已评分", "Scored (latest)") + "</th></tr></thead><tbody>";
    for (const std::string& k : cohorts) {
      std::string when = dash;
      if (joined[k] && joined[k]->year() > 1970) when = esc(joined[k]->to_string());
      out += "<tr><td>" + (k.empty() ? bi("未分批", "(none)") : esc(k)) + "</td><td class=\"n\">" +
             std::to_string(total[k]) + "</td><td>" + when + "</td><td class=\"n\">" + std::to_string(active[k]) +
             "</td><td class=\"n\">" + std::to_string(scored[k]) + "</td></tr>";
    }
    out += "</tbody></table>\n";

    if (res.grades && !res.grade_labels.empty()) {
      std::vector<std::size_t> count(res.grade_labels.size(), 0);
      std::size_t ungraded = 0;
      for (std::size_t u = 0; u < U; ++u) {
        if (state(u, last) != qualis::UnitState::scored) continue;
        const double g = res.grades->value(u, col_score, last);
        if (std::isfinite(g) && g >= 0.0 && static_cast<std::size_t>(g) < count.size()) {
          ++count[static_cast<std::size_t>(g)];
        } else {
          ++ungraded;
        }
      }
      std::size_t most = 1;
      for (const std::size_t c : count) most = std::max(most, c);
      const double bar_w = 320.0;
      const std::size_t rows = count.size() + (ungraded > 0 ? 1 : 0);
      out += "<h3>" + bi("等级分布", "Grade distribution") + " (" + period_html(last) + ")</h3>\n";
      out += "<svg class=\"grades\" role=\"img\" width=\"480\" height=\"" + std::to_string(rows * 24 + 6) +
             "\" viewBox=\"0 0 480 " + std::to_string(rows * 24 + 6) + "\">";
      for (std::size_t k = 0; k < rows; ++k) {
        const bool extra = k == count.size();
        const std::size_t c = extra ? ungraded : count[k];
        const double w = bar_w * static_cast<double>(c) / static_cast<double>(most);
        const double y = 4.0 + 24.0 * static_cast<double>(k);
        out += "<text x=\"80\" y=\"" + co(y + 14) + "\" text-anchor=\"end\">" +
               (extra ? bi_svg("无等级", "ungraded") : esc(clip(res.grade_labels[k], 12))) + "</text>";
        out += "<rect class=\"bar\" x=\"88\" y=\"" + co(y) + "\" width=\"" + co(std::max(w, 1.0)) +
               "\" height=\"18\"></rect>";
        out += "<text x=\"" + co(94 + w) + "\" y=\"" + co(y + 14) + "\">" + std::to_string(c) + "</text>";
      }
      out += "</svg>\n";
    } else {
      out += "<p class=\"note\">" + bi("本次评估未分等级。", "This assessment has no grades.") + "</p>\n";
    }
    out += "</section>\n";
  }

  std::string rank_change_html(std::size_t u) const {
    if (P < 2 || dyn_row[u] < 0) return dash;
    const double c = dyn->rank_change(dyn_row[u], ix(last));
    if (!std::isfinite(c)) {
      const bool now = std::isfinite(dyn->ranks(dyn_row[u], ix(last)));
      const bool before = std::isfinite(dyn->ranks(dyn_row[u], ix(last - 1)));
      return now && !before ? "<span class=\"tag\">" + bi("新进", "new") + "</span>" : std::string(dash);
    }
    if (c > 0) return "<span class=\"up\">\u25B2" + rank_text(c) + "</span>";
    if (c < 0) return "<span class=\"down\">\u25BC" + rank_text(-c) + "</span>";
    return "=";
  }

  std::string streak_html(std::size_t u) const {
    if (dyn_row[u] < 0) return dash;
    const qualis::AdvanceStreak& s = dyn->streaks[static_cast<std::size_t>(dyn_row[u])];
    std::string t = std::to_string(s.current) + " / " + std::to_string(s.longest);
    if (s.longest_first && s.longest_last && s.longest > 0) {
      t = "<span title=\"" + esc(s.longest_first->to_string() + " \u2013 " + s.longest_last->to_string()) + "\">" + t +
          "</span>";
    }
    return t;
  }

  void ranking() {
    out += "<section id=\"ranking\">\n<h2>" + bi("排名", "Ranking") + " \u00B7 " + period_html(last) + "</h2>\n";
    // Trend rows by unit id, per table.
    std::vector<std::map<std::string, const qualis::TrendRow*>> trend_rows(in.trends.size());
    for (std::size_t t = 0; t < in.trends.size(); ++t) {
      for (const qualis::TrendRow& r : in.trends[t].rows) trend_rows[t].emplace(r.unit, &r);
    }
    const bool cohort_ranks = !res.group_ranks.empty() && res.group_ranks.front().name == "cohort";
    out += "<div class=\"scroll\"><table class=\"ranking\"><thead><tr>";
    out += "<th class=\"n\">" + bi("排名", "Rank") + "</th><th>" + bi("集群", "Cluster") + "</th><th>" +
           bi("批次", "Cohort") + "</th>";
    if (cohort_ranks) out += "<th class=\"n\">" + bi("批次内排名", "Rank in cohort") + "</th>";
    out += "<th>" + bi("区域", "Region") + "</th><th class=\"n\">" + bi("总得分", "Score") + "</th><th class=\"n\">" +
           bi("综合指数", "Composite") + "</th>";
    if (col_step) out += "<th class=\"n\">" + bi("步骤指数", "Step index") + "</th>";
    if (res.grades) out += "<th>" + bi("等级", "Grade") + "</th>";
    out += "<th class=\"n\">" + bi("位次变化", "Rank change") + "</th><th class=\"n\">" +
           bi("增比进位 当前/最长", "Score & rank up: current/longest") + "</th>";
    for (const qualis::TrendTable& t : in.trends) {
      out += "<th>" + bi("趋势", "Trend") + " (" + esc(qualis::to_string(t.method)) + ")</th>";
    }
    out += "</tr></thead><tbody>\n";
    const std::size_t rows = in.max_table_rows == 0 ? U : std::min(U, in.max_table_rows);
    for (std::size_t k = 0; k < rows; ++k) {
      const std::size_t u = order[k];
      const qualis::UnitState st = state(u, last);
      out += "<tr><td class=\"n\">";
      out += st == qualis::UnitState::scored ? rank_text(rank(u, col_score, last))
                                             : "<span class=\"tag\">" + state_label(st) + "</span>";
      out += "</td><td>" + unit_link(u) + "</td><td>" + cohort_html(u) + "</td>";
      if (cohort_ranks)
        out += "<td class=\"n\">" + rank_text(res.group_ranks.front().ranks.value(u, col_score, last)) + "</td>";
      out += "<td>" + region_html(u) + "</td>";
      out += "<td class=\"n\"><b>" + num(score(u, col_score, last)) + "</b></td><td class=\"n\">" +
             num(score(u, col_composite, last)) + "</td>";
      if (col_step) out += "<td class=\"n\">" + num(score(u, *col_step, last)) + "</td>";
      if (res.grades) out += "<td>" + grade(u, last) + "</td>";
      out += "<td class=\"n\">" + rank_change_html(u) + "</td><td class=\"n\">" + streak_html(u) + "</td>";
      for (std::size_t t = 0; t < in.trends.size(); ++t) {
        const auto it = trend_rows[t].find(res.units[u]);
        out +=
            "<td>" + (it == trend_rows[t].end() ? std::string(dash) : trend_cell(in.trends[t], *it->second)) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</tbody></table></div>\n";
    if (rows < U) {
      out += "<p class=\"note\">" +
             bi("仅列出前 " + std::to_string(rows) + " 个集群（共 " + std::to_string(U) + " 个）。",
                "Only the first " + std::to_string(rows) + " of " + std::to_string(U) + " clusters are listed.") +
             "</p>\n";
    }
    out += "<p class=\"note\">" +
           bi("位次变化：与上一期相比（▲上升，▼下降）。增比进位：得分与位次同时上升的连续期数（当前 / 最长）。",
              "Rank change: against the previous period (▲ up, ▼ down). Score & rank up (增比进位): consecutive "
              "periods in which both the score and the rank rose (current run / longest run).") +
           "</p>\n</section>\n";
  }

  void bump() {
    out += "<section id=\"bump\">\n<h2>" + bi("位次变化图", "Ranks over the periods") + "</h2>\n";
    std::vector<std::size_t> lines;
    double max_rank = 1.0;
    for (const std::size_t u : detailed) {
      bool any = false;
      for (std::size_t p = 0; p < P; ++p) {
        const double r = rank(u, col_score, p);
        if (std::isfinite(r)) {
          any = true;
          max_rank = std::max(max_rank, r);
        }
      }
      if (any) lines.push_back(u);
    }
    if (lines.empty()) {
      out += "<p class=\"note\">" + bi("没有已评分的集群。", "No cluster was scored.") + "</p>\n</section>\n";
      return;
    }
    const double left = 54.0;
    const double right = 230.0;
    const double top = 30.0;
    const double width = 1000.0;
    const double row = std::max(12.0, std::min(24.0, 560.0 / max_rank));
    const double height = top + row * (max_rank - 1.0) + 30.0;
    const auto x_of = [&](std::size_t p) {
      const double span = width - left - right;
      return P == 1 ? left + span / 2.0 : left + span * static_cast<double>(p) / static_cast<double>(P - 1);
    };
    const auto y_of = [&](double r) { return top + row * (r - 1.0); };
    out += "<div class=\"scroll\"><svg class=\"bump\" role=\"img\" width=\"" + co(width) + "\" height=\"" + co(height) +
           "\" viewBox=\"0 0 " + co(width) + " " + co(height) + "\">";
    out += "<title>" + esc("排名变化 / Ranks over the periods") + "</title>";
    for (std::size_t p = 0; p < P; ++p) {
      out += "<line class=\"grid\" x1=\"" + co(x_of(p)) + "\" y1=\"" + co(top - 8) + "\" x2=\"" + co(x_of(p)) +
             "\" y2=\"" + co(height - 18) + "\"></line>";
      out += "<text x=\"" + co(x_of(p)) + "\" y=\"14\" text-anchor=\"middle\">" + period_html(p) + "</text>";
    }
    const double step = max_rank > 40 ? std::ceil(max_rank / 20.0) : (max_rank > 15 ? 5.0 : 1.0);
    for (double r = 1.0; r <= max_rank; r += step) {
      out += "<text x=\"" + co(left - 14) + "\" y=\"" + co(y_of(r) + 4) + "\" text-anchor=\"end\">" + rank_text(r) +
             "</text>";
    }
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::size_t u = lines[k];
      const std::string c = colour(k);
      std::string d;
      std::string dots;
      bool pen = false;
      std::optional<std::size_t> end;
      for (std::size_t p = 0; p < P; ++p) {
        const double r = rank(u, col_score, p);
        if (!std::isfinite(r)) {
          pen = false;
          continue;
        }
        d += (pen ? " L" : (d.empty() ? "M" : " M")) + co(x_of(p)) + " " + co(y_of(r));
        pen = true;
        end = p;
        dots += "<circle cx=\"" + co(x_of(p)) + "\" cy=\"" + co(y_of(r)) + "\" r=\"3.5\" fill=\"" + c + "\"><title>" +
                name_plain(unit_names(u), res.units[u]) + " \u00B7 " + period_html(p) + " \u00B7 #" + rank_text(r) +
                " \u00B7 " + num(score(u, col_score, p)) + "</title></circle>";
      }
      out += "<g class=\"line\"><path d=\"" + d + "\" stroke=\"" + c + "\"></path>" + dots;
      out += "<text x=\"" + co(x_of(*end) + 8) + "\" y=\"" + co(y_of(rank(u, col_score, *end)) + 4) + "\" fill=\"" + c +
             "\">" + name_svg(unit_names(u), res.units[u], 18) + "</text></g>";
    }
    out += "</svg></div>\n";
    if (P == 1) {
      out +=
          "<p class=\"note\">" + bi("只有一期，没有位次变化。", "A single period: no rank changes to show.") + "</p>\n";
    }
    std::size_t ever = 0;
    for (std::size_t u = 0; u < U; ++u) {
      for (std::size_t p = 0; p < P; ++p) {
        if (std::isfinite(rank(u, col_score, p))) {
          ++ever;
          break;
        }
      }
    }
    if (lines.size() < ever) {
      out += "<p class=\"note\">" +
             bi("仅画出排名最前的 " + std::to_string(lines.size()) + " 个集群（共 " + std::to_string(ever) +
                    " 个有排名）。",
                "Only the " + std::to_string(lines.size()) + " best-ranked of the " + std::to_string(ever) +
                    " ranked clusters are drawn.") +
             "</p>\n";
    }
    out += "</section>\n";
  }

  // ---- one cluster ---------------------------------------------------------------------------------------
  std::vector<double> step_fractions(const qualis::StepAssessment& a) const {
    const qualis::StepFramework& sf = inputs.steps->framework();
    std::vector<double> f(sf.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < sf.size(); ++k) {
      if (const qualis::StepRating* r = qualis::find_rating(a, sf.steps()[k].id)) {
        f[k] = static_cast<double>(r->level) / static_cast<double>(std::max(1, sf.max_level_at(k)));
      }
    }
    return f;
  }

  std::string level_name(const qualis::StepAssessment* a, std::size_t k) const {
    if (a == nullptr) return dash;
    const qualis::Step& s = inputs.steps->framework().steps()[k];
    const qualis::StepRating* r = qualis::find_rating(*a, s.id);
    if (r == nullptr) return "<span class=\"note\">" + bi("未评", "not rated") + "</span>";
    std::string t = std::to_string(r->level) + "/" + std::to_string(inputs.steps->framework().max_level_at(k));
    for (const qualis::RubricLevel& l : s.rubric) {
      if (l.level == r->level && !(l.names.zh.empty() && l.names.en.empty())) {
        t += " " + name_html(l.names, "");
        break;
      }
    }
    if (!r->evidence.empty()) t = "<span title=\"" + esc(r->evidence) + "\">" + t + "</span>";
    return t;
  }

  void radar(std::size_t u) {
    if (!inputs.steps) return;
    out += "<h3>" + bi("十一步工作法", "Working steps") + "</h3>\n";
    std::vector<const qualis::StepAssessment*> all = inputs.steps->for_cluster(res.units[u]);
    std::vector<const qualis::StepAssessment*> list;
    for (const qualis::StepAssessment* a : all) {
      if (!(res.periods[last] < a->period)) list.push_back(a);
    }
    if (list.empty()) {
      out += "<p class=\"note\">" + bi("该集群没有步骤评估。", "No step assessment for this cluster.") + "</p>\n";
      return;
    }
    std::sort(list.begin(), list.end(),
              [](const qualis::StepAssessment* a, const qualis::StepAssessment* b) { return a->period < b->period; });
    const qualis::StepAssessment* now = list.back();
    const qualis::StepAssessment* first = list.size() > 1 ? list.front() : nullptr;
    const qualis::StepFramework& sf = inputs.steps->framework();
    const std::size_t n = sf.size();
    const double cx = 150.0;
    const double cy = 140.0;
    const double radius = 105.0;
    const auto point = [&](std::size_t k, double f) {
      const double a = -pi / 2.0 + 2.0 * pi * static_cast<double>(k) / static_cast<double>(std::max<std::size_t>(n, 1));
      return co(cx + radius * f * std::cos(a)) + "," + co(cy + radius * f * std::sin(a));
    };
    const auto polygon = [&](const std::vector<double>& f, const char* cls) {
      std::string pts;
      for (std::size_t k = 0; k < n; ++k) pts += (k == 0 ? "" : " ") + point(k, std::isfinite(f[k]) ? f[k] : 0.0);
      return "<polygon class=\"" + std::string(cls) + "\" points=\"" + pts + "\"></polygon>";
    };
    out +=
        "<div class=\"grid2\"><div><svg class=\"radar\" role=\"img\" width=\"300\" height=\"290\" viewBox=\"0 0 300 "
        "290\">";
    out += "<title>" + esc("步骤雷达图 / Step radar") + "</title>";
    for (const double ring : {0.25, 0.5, 0.75, 1.0}) {
      std::string pts;
      for (std::size_t k = 0; k < n; ++k) pts += (k == 0 ? "" : " ") + point(k, ring);
      out += "<polygon class=\"ring\" points=\"" + pts + "\"></polygon>";
    }
    for (std::size_t k = 0; k < n; ++k) {
      const std::string end = point(k, 1.0);
      const auto comma = end.find(',');
      out += "<line class=\"axis\" x1=\"" + co(cx) + "\" y1=\"" + co(cy) + "\" x2=\"" + end.substr(0, comma) +
             "\" y2=\"" + end.substr(comma + 1) + "\"></line>";
      const std::string lab = point(k, 1.13);
      const auto lc = lab.find(',');
      // dy centres the digit vertically (not dominant-baseline, so that no "nan" appears in the file at all).
      out += "<text x=\"" + lab.substr(0, lc) + "\" y=\"" + lab.substr(lc + 1) + "\" dy=\"4\" text-anchor=\"middle\">" +
             std::to_string(k + 1) + "<title>" + name_plain(sf.steps()[k].names, sf.steps()[k].id) + "</title></text>";
    }
    if (first != nullptr) out += polygon(step_fractions(*first), "first");
    out += polygon(step_fractions(*now), "now");
    out += "</svg><p class=\"note\"><span style=\"color:#1d4ed8\">\u25A0</span> " + esc(now->period.to_string());
    if (first != nullptr)
      out += " &nbsp; <span style=\"color:#9aa5b1\">\u25A1</span> " + esc(first->period.to_string());
    out += "</p></div><div><table><thead><tr><th class=\"n\">#</th><th>" + bi("步骤", "Step") + "</th><th>" +
           esc(now->period.to_string()) + "</th>";
    if (first != nullptr) out += "<th>" + esc(first->period.to_string()) + "</th>";
    out += "</tr></thead><tbody>";
    for (std::size_t k = 0; k < n; ++k) {
      out += "<tr><td class=\"n\">" + std::to_string(k + 1) + "</td><td>" +
             name_html(sf.steps()[k].names, sf.steps()[k].id) + "</td><td>" + level_name(now, k) + "</td>";
      if (first != nullptr) out += "<td>" + level_name(first, k) + "</td>";
      out += "</tr>";
    }
    out += "</tbody></table></div></div>\n";
  }

  double raw_value(std::size_t u, const std::string& ind, std::size_t p) const {
    const std::string& unit = res.units[u];
    const Period& period = res.periods[p];
    if (inputs.panel.has_unit(unit) && inputs.panel.has_indicator(ind) && inputs.panel.has_period(period)) {
      return inputs.panel.value(unit, ind, period);
    }
    if (res.prepared.has_unit(unit) && res.prepared.has_indicator(ind) && res.prepared.has_period(period)) {
      return res.prepared.value(unit, ind, period);
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  void sparklines(std::size_t u) {
    if (key_indicators.empty()) return;
    out += "<h3>" + bi("关键指标", "Key indicators") + "</h3>\n<div>";
    const double w = 130.0;
    const double h = 30.0;
    const double pad = 4.0;
    for (const std::string& ind : key_indicators) {
      std::vector<double> v(P);
      double lo = std::numeric_limits<double>::infinity();
      double hi = -lo;
      std::optional<std::size_t> end;
      for (std::size_t p = 0; p < P; ++p) {
        v[p] = raw_value(u, ind, p);
        if (std::isfinite(v[p])) {
          lo = std::min(lo, v[p]);
          hi = std::max(hi, v[p]);
          end = p;
        }
      }
      std::string unit_label;
      Names names;
      if (inputs.framework.is_indicator(ind)) {
        names = inputs.framework.indicator(ind).names;
        unit_label = inputs.framework.indicator(ind).unit;
      }
      out += "<span class=\"spark\"><span>" + name_html(names, ind) +
             (unit_label.empty() ? std::string() : " <small>(" + esc(unit_label) + ")</small>") + "</span>";
      out += "<svg role=\"img\" width=\"" + co(w) + "\" height=\"" + co(h) + "\" viewBox=\"0 0 " + co(w) + " " + co(h) +
             "\">";
      if (end) {
        const auto x_of = [&](std::size_t p) {
          return P == 1 ? w / 2.0 : pad + (w - 2 * pad) * static_cast<double>(p) / static_cast<double>(P - 1);
        };
        const auto y_of = [&](double x) { return hi > lo ? h - pad - (h - 2 * pad) * (x - lo) / (hi - lo) : h / 2.0; };
        std::string d;
        bool pen = false;
        for (std::size_t p = 0; p < P; ++p) {
          if (!std::isfinite(v[p])) {
            pen = false;
            continue;
          }
          d += (pen ? " L" : (d.empty() ? "M" : " M")) + co(x_of(p)) + " " + co(y_of(v[p]));
          pen = true;
        }
        out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#1d4ed8\" stroke-width=\"1.6\"></path>";
        out += "<circle cx=\"" + co(x_of(*end)) + "\" cy=\"" + co(y_of(v[*end])) +
               "\" r=\"2.5\" fill=\"#1d4ed8\"></circle>";
        std::string tip;
        for (std::size_t p = 0; p < P; ++p) tip += (p == 0 ? "" : ", ") + period_html(p) + ": " + value_text(v[p]);
        out += "<title>" + tip + "</title>";
      } else {
        out += "<line x1=\"4\" y1=\"15\" x2=\"126\" y2=\"15\" stroke=\"#d9e2ec\" stroke-dasharray=\"3 3\"></line>";
      }
      out += "</svg><b>" + (end ? value_text(v[*end]) : std::string(dash)) + "</b></span>";
    }
    out += "</div>\n";
  }

  void history(std::size_t u) {
    out += "<table><thead><tr><th>" + bi("期", "Period") + "</th><th>" + bi("状态", "State") + "</th><th class=\"n\">" +
           bi("总得分", "Score") + "</th><th class=\"n\">" + bi("排名", "Rank") + "</th><th class=\"n\">" +
           bi("综合指数", "Composite") + "</th>";
    if (col_step) out += "<th class=\"n\">" + bi("步骤指数", "Step index") + "</th>";
    if (res.grades) out += "<th>" + bi("等级", "Grade") + "</th>";
    out += "</tr></thead><tbody>";
    for (std::size_t p = 0; p < P; ++p) {
      out += "<tr><td>" + period_html(p) + "</td><td>" + state_label(state(u, p)) + "</td><td class=\"n\">" +
             num(score(u, col_score, p)) + "</td><td class=\"n\">" + rank_text(rank(u, col_score, p)) +
             "</td><td class=\"n\">" + num(score(u, col_composite, p)) + "</td>";
      if (col_step) out += "<td class=\"n\">" + num(score(u, *col_step, p)) + "</td>";
      if (res.grades) out += "<td>" + grade(u, p) + "</td>";
      out += "</tr>";
    }
    out += "</tbody></table>\n";
  }

  void dimensions(std::size_t u, std::size_t p) {
    const qualis::Framework& fw = inputs.framework;
    if (fw.dimension_count() == 0) return;
    out += "<h3>" + bi("维度得分", "Dimension scores") + " (" + period_html(p) + ")</h3>\n";
    out += "<table><thead><tr><th>" + bi("维度", "Dimension") + "</th><th class=\"n\">" + bi("得分", "Score") +
           "</th><th class=\"n\">" + bi("排名", "Rank") + "</th>";
    if (p > 0) out += "<th class=\"n\">" + bi("上期", "Previous") + "</th>";
    out += "</tr></thead><tbody>";
    for (const qualis::FrameworkNode& node : fw.preorder()) {
      if (node.is_indicator || !res.scores.has_indicator(node.id)) continue;
      const std::size_t c = res.scores.indicator_index(node.id);
      out += "<tr><td style=\"padding-left:" + std::to_string(8 + 14 * (node.depth - 1)) + "px\">" +
             node_html(node.id) + "</td><td class=\"n\">" + num(score(u, c, p)) + "</td><td class=\"n\">" +
             rank_text(rank(u, c, p)) + "</td>";
      if (p > 0) out += "<td class=\"n\">" + num(score(u, c, p - 1)) + "</td>";
      out += "</tr>";
    }
    out += "</tbody></table>\n";
  }

  double panel_value(const std::optional<qualis::Panel>& panel, std::size_t u, const std::string& ind,
                     std::size_t p) const {
    if (!panel || !panel->has_indicator(ind)) return std::numeric_limits<double>::quiet_NaN();
    return panel->value(u, panel->indicator_index(ind), p);
  }

  void diagnosis(std::size_t u, std::size_t p) {
    if (p >= res.findings.size() || u >= res.findings[p].size()) return;
    const qualis::UnitFindings& f = res.findings[p][u];
    if (f.obstacles.empty() && f.strengths.empty() && f.weaknesses.empty()) return;
    const qualis::Framework& fw = inputs.framework;
    out += "<h3>" + bi("诊断", "Diagnosis") + " (" + period_html(p) + ")</h3>\n";
    if (!f.obstacles.empty()) {
      out += "<table><thead><tr><th>" + bi("主要障碍指标", "Top obstacles") + "</th><th class=\"n\">" +
             bi("障碍度", "Obstacle degree") + "</th><th class=\"n\">" + bi("与标杆差距", "Gap to benchmark") +
             "</th><th class=\"n\">" + bi("相对差距", "Relative gap") + "</th></tr></thead><tbody>";
      for (const qualis::Finding& o : f.obstacles) {
        const double rel = panel_value(res.relative_gaps, u, o.indicator, p);
        out += "<tr><td>" + node_html(o.indicator) + "</td><td class=\"n\">" + num(100.0 * o.value) +
               "%</td><td class=\"n\">" + num(panel_value(res.gaps, u, o.indicator, p)) + "</td><td class=\"n\">" +
               (std::isfinite(rel) ? num(100.0 * rel) + "%" : std::string(dash)) + "</td></tr>";
      }
      out += "</tbody></table>\n";
    }
    const auto list = [&](const std::vector<qualis::Finding>& items) {
      std::string s;
      for (const qualis::Finding& x : items) {
        s += (s.empty() ? "" : "\u3001") + (fw.is_indicator(x.indicator) ? node_html(x.indicator) : esc(x.indicator)) +
             " <small>(" + num(x.value) + ")</small>";
      }
      return s.empty() ? std::string(dash) : s;
    };
    out += "<p><b>" + bi("优势：", "Strengths: ") + "</b>" + list(f.strengths) + "<br><b>" +
           bi("短板：", "Weaknesses: ") + "</b>" + list(f.weaknesses) + "</p>\n";
  }

  void clusters() {
    out += "<section id=\"clusters\">\n<h2>" + bi("集群详情", "Clusters") + "</h2>\n";
    for (std::size_t k = 0; k < detailed.size(); ++k) {
      const std::size_t u = detailed[k];
      const qualis::Cluster* c = cluster(u);
      // The period of the dimension scores and the diagnosis: the latest in which the cluster was scored.
      std::size_t p_show = last;
      for (std::size_t p = P; p-- > 0;) {
        if (state(u, p) == qualis::UnitState::scored) {
          p_show = p;
          break;
        }
      }
      out += "<details class=\"cluster\" id=\"u-" + std::to_string(u) + "\"" + (k == 0 ? " open" : "") + "><summary>";
      out += (state(u, last) == qualis::UnitState::scored ? "#" + rank_text(rank(u, col_score, last)) + " "
                                                          : std::string()) +
             unit_html(u) + " <span class=\"note\">" + esc(res.units[u]) + " \u00B7 " + bi("得分", "score") + " " +
             num(score(u, col_score, last)) + "</span></summary>\n";
      out += "<p>" + bi("批次", "Cohort") + ": " + cohort_html(u) + " \u00B7 " + bi("区域", "Region") + ": " +
             region_html(u);
      if (c != nullptr && !c->industry.empty()) out += " \u00B7 " + bi("产业", "Industry") + ": " + esc(c->industry);
      if (c != nullptr && c->joined.year() > 1970)
        out += " \u00B7 " + bi("加入", "Joined") + ": " + esc(c->joined.to_string());
      out += " \u00B7 " + bi("最新状态", "Latest state") + ": " + state_label(state(u, last)) + "</p>\n";
      out += "<div class=\"grid2\"><div>";
      history(u);
      dimensions(u, p_show);
      out += "</div><div>";
      diagnosis(u, p_show);
      out += "</div></div>\n";
      sparklines(u);
      radar(u);
      out += "</details>\n";
    }
    if (detailed.size() < U) {
      out += "<p class=\"note\">" +
             bi("仅为排名最前的 " + std::to_string(detailed.size()) + " 个集群（共 " + std::to_string(U) +
                    " 个）列出详情。",
                "Details are given for the " + std::to_string(detailed.size()) + " best-ranked of the " +
                    std::to_string(U) + " clusters only.") +
             "</p>\n";
    }
    out += "</section>\n";
  }

  // ---- methods -------------------------------------------------------------------------------------------
  void methods() {
    out += "<section id=\"methods\">\n<h2>" + bi("方法与可重复性", "Methods and reproducibility") + "</h2>\n";
    out += "<p>" + bi("软件", "Software") + ": qualis " + esc(std::string(qualis::version()));
    if (!in.model_file.empty())
      out += "<br>" + bi("模型文件", "Model file") + ": <code>" + esc(in.model_file) + "</code>";
    out += "</p>\n";
    if (!in.files.empty()) {
      out += "<table><thead><tr><th>" + bi("输入", "Input") + "</th><th>" + bi("文件", "File") +
             "</th></tr></thead><tbody>";
      for (const ReportFile& f : in.files) {
        out += "<tr><td>" + esc(f.role) + "</td><td><code>" + esc(f.path) + "</code></td></tr>";
      }
      out += "</tbody></table>\n";
    }

    out += "<h3>" + bi("全部选择", "Every choice") + "</h3>\n<table><thead><tr><th>" + bi("阶段", "Stage") +
           "</th><th>" + bi("选择", "Choice") + "</th><th>" + bi("取值", "Value") + "</th></tr></thead><tbody>";
    for (const qualis::ChoiceRecord& c : res.choices) {
      out += "<tr><td>" + esc(c.stage) + "</td><td>" + esc(c.choice) + "</td><td><code>" + esc(c.value) +
             "</code></td></tr>";
    }
    out += "</tbody></table>\n";

    if (!res.grade_labels.empty()) {
      out += "<p>" + bi("等级", "Grades") + ": ";
      const auto& bands = res.model.ranking.bands;
      for (std::size_t k = 0; k < res.grade_labels.size(); ++k) {
        out += (k == 0 ? "" : ", ") + esc(res.grade_labels[k]);
        if (res.model.ranking.grades == qualis::GradeScheme::fixed && k < bands.size() &&
            std::isfinite(bands[k].lower)) {
          out += " \u2265 " + num(bands[k].lower);
        }
      }
      out += "</p>\n";
    }

    // The framework: every indicator with its place, direction and weight.
    const qualis::Framework& fw = inputs.framework;
    out += "<h3>" + bi("指标体系", "Indicator framework") + "</h3>\n<div class=\"scroll\"><table><thead><tr><th>" +
           bi("编号", "Id") + "</th><th>" + bi("名称", "Name") + "</th><th>" + bi("上级", "Parent") + "</th><th>" +
           bi("方向", "Direction") + "</th><th>" + bi("单位", "Unit") + "</th><th class=\"n\">" + bi("权重", "Weight") +
           "</th></tr></thead><tbody>";
    for (const qualis::FrameworkNode& node : fw.preorder()) {
      out += "<tr><td style=\"padding-left:" + std::to_string(8 + 14 * (node.depth - 1)) + "px\"><code>" +
             esc(node.id) + "</code></td><td>" + node_html(node.id) + "</td><td>" +
             (node.parent.empty() ? std::string(dash) : esc(node.parent)) + "</td><td>" +
             (node.is_indicator ? esc(qualis::to_string(fw.indicator(node.id).direction)) : std::string()) +
             "</td><td>" + (node.is_indicator ? esc(fw.indicator(node.id).unit) : std::string()) +
             "</td><td class=\"n\">" +
             num(node.is_indicator ? fw.indicator(node.id).weight : fw.dimension(node.id).weight, 3) + "</td></tr>";
    }
    out += "</tbody></table></div>\n";

    out += "<h3>" + bi("权重", "Weights") + "</h3>\n<div class=\"scroll\"><table><thead><tr><th>" + bi("节点", "Node") +
           "</th><th>" + bi("期", "Period") + "</th><th>" + bi("来源", "Source") + "</th><th>" + bi("方法", "Method") +
           "</th><th>" + bi("下级权重", "Children's weights") + "</th><th>AHP</th></tr></thead><tbody>";
    for (const qualis::WeightRecord& w : res.weights) {
      std::string kids;
      for (std::size_t k = 0; k < w.children.size(); ++k) {
        kids += (k == 0 ? "" : "; ") + node_html(w.children[k]) + " " +
                num(ix(k) < w.weights.size() ? w.weights[ix(k)] : std::numeric_limits<double>::quiet_NaN(), 3);
      }
      std::string ahp = dash;
      if (w.ahp) {
        ahp = "\u03BB<sub>max</sub>=" + num(w.ahp->lambda_max, 3) + ", CI=" + num(w.ahp->ci, 3) +
              ", CR=" + num(w.ahp->cr, 3) + " " +
              (w.ahp->consistent ? bi("一致", "consistent") : bi("不一致", "inconsistent"));
      }
      out += "<tr><td>" + node_html(w.node) + "</td><td>" +
             (w.period ? esc(w.period->to_string()) : bi("所有期", "all")) + "</td><td>" +
             esc(qualis::to_string(w.source)) + "</td><td>" + esc(w.method) + "</td><td>" + kids + "</td><td>" + ahp +
             "</td></tr>";
    }
    out += "</tbody></table></div>\n";

    out += "<h3>" + bi("标准化说明", "Normalisation notes") + "</h3>\n";
    if (res.normalization.empty()) {
      out += "<p class=\"note\">" + bi("所有指标均按公式标准化。", "Every indicator was normalised by the formula.") +
             "</p>\n";
    } else {
      out += "<ul>";
      for (const qualis::NormalizationNote& n : res.normalization) {
        out += "<li>" + node_html(n.indicator) + " \u00B7 " +
               (n.period ? esc(n.period->to_string()) : bi("合并", "pooled")) + " \u00B7 <code>" +
               esc(qualis::to_string(n.status)) + "</code></li>";
      }
      out += "</ul>\n";
    }

    const qualis::PreparationRecord& pr = res.preparation;
    out += "<h3>" + bi("数据准备记录", "Preparation record") + "</h3>\n<ul>";
    for (const qualis::DenominateRuleRecord& d : pr.denominations) {
      out += "<li>" + bi("比值指标", "Denomination") + ": <code>" + esc(d.target) + " = " + esc(d.numerator) + " / " +
             esc(d.denominator) + " \u00D7 " + esc(qualis::detail::number_text(d.scale)) + "</code> \u00B7 " +
             std::to_string(d.computed) + " " + bi("个单元格", "cells") + "</li>";
    }
    out += "<li>" + bi("加入前的观测（忽略）", "Cells before joining (ignored)") + ": " +
           std::to_string(pr.ignored_before_joining) + "</li>";
    for (const qualis::ScreenResult& s : pr.screening) {
      std::string when;
      for (const Period& p : s.periods) when += (when.empty() ? "" : ", ") + p.to_string();
      const auto ids = [](const std::vector<std::string>& v) {
        std::string t;
        for (std::size_t k = 0; k < v.size() && k < 30; ++k) t += (k == 0 ? "" : ", ") + esc(v[k]);
        if (v.size() > 30) t += ", \u2026";
        return t.empty() ? std::string(dash) : t;
      };
      out += "<li>" + bi("覆盖率筛选", "Coverage screening") + " (" + esc(when) +
             "): " + bi("剔除集群", "units removed") + " " + std::to_string(s.removed_units.size()) + " [" +
             ids(s.removed_units) + "]; " + bi("剔除指标", "indicators removed") + " " +
             std::to_string(s.removed_indicators.size()) + " [" + ids(s.removed_indicators) + "]</li>";
    }
    out += "<li>" + bi("插补单元格", "Imputed cells") + ": " + std::to_string(pr.imputed.size()) + "</li>";
    if (!pr.no_data.empty()) {
      out += "<li>" + bi("无法插补的指标", "Indicators without data to impute from") + ": " +
             std::to_string(pr.no_data.size()) + "</li>";
    }
    std::size_t treated = 0;
    std::string treated_list;
    for (const qualis::IndicatorOutlierReport& o : pr.outliers) {
      if (o.treatment == qualis::OutlierTreatment::none) continue;
      if (++treated <= 30) {
        treated_list += (treated_list.empty() ? "" : "; ") + esc(o.indicator) +
                        (o.period ? " " + esc(o.period->to_string()) : std::string()) + " " +
                        esc(qualis::to_string(o.treatment));
      }
    }
    out += "<li>" + bi("异常值处理", "Outlier treatments") + ": " + std::to_string(treated) +
           (treated_list.empty() ? std::string() : " [" + treated_list + (treated > 30 ? "; \u2026" : "") + "]") +
           "</li>";
    if (!pr.ignored_clusters.empty()) {
      out += "<li>" + bi("不在面板中的集群", "Clusters not in the panel") + ": " +
             std::to_string(pr.ignored_clusters.size()) + "</li>";
    }
    out += "<li>" + bi("忽略的步骤评估", "Step assessments ignored") + ": " +
           std::to_string(pr.ignored_step_assessments) + "</li>";
    if (res.blend) {
      out += "<li>" + bi("得分合成", "Score blend") + ": " + bi("两者", "both") + " " +
             std::to_string(res.blend->both) + ", " + bi("仅综合指数", "composite only") + " " +
             std::to_string(res.blend->composite_only) + ", " + bi("仅步骤指数", "step index only") + " " +
             std::to_string(res.blend->step_index_only) + ", " + bi("缺失", "missing") + " " +
             std::to_string(res.blend->missing) + "</li>";
    }
    if (res.diagnosis_clipped > 0) {
      out += "<li>" + bi("诊断前截断的单元格", "Cells clipped before the diagnosis") + ": " +
             std::to_string(res.diagnosis_clipped) + "</li>";
    }
    out += "</ul>\n</section>\n";
  }

  // How sure the ranking is: each cluster's central rank interval around its nominal rank, and how much the
  // ranking moves when each uncertain choice alone varies.
  void robustness() {
    if (in.uncertainty == nullptr) return;
    const qualis::UncertaintyResult& uq = *in.uncertainty;
    out += "<section id=\"robustness\">\n<h2>" + bi("排名的稳健性", "How sure is the ranking?") + " \u00B7 " +
           esc(uq.period.to_string()) + "</h2>\n";
    std::string factors;
    for (const std::string& f : uq.factors) factors += (factors.empty() ? "" : "; ") + choice_html(f);
    if (factors.empty()) factors = dash;
    const std::string pct =
        num(100.0 * (1.0 - uq.interval) / 2.0, 0) + "%\u2013" + num(100.0 * (1.0 + uq.interval) / 2.0, 0) + "%";
    out += "<p class=\"note\">" +
           bi(std::to_string(uq.replications) + " 次蒙特卡罗重复（种子 " + std::to_string(uq.seed) + "），同时改变：",
              std::to_string(uq.replications) + " Monte Carlo replications (seed " + std::to_string(uq.seed) +
                  ") varying: ") +
           factors +
           bi("。线段为位次的 " + pct + " 区间，圆点为名义位次，竖线为中位位次。",
              ". Bars span the " + pct + " rank interval, dots are the nominal ranks, ticks the median ranks.") +
           " " + bi("平均位次绝对变动", "Mean absolute rank shift") + ": " + num(uq.mean_abs_shift, 2) + "</p>\n";
    std::map<std::string, std::size_t> index;
    for (std::size_t u = 0; u < U; ++u) index.emplace(res.units[u], u);
    std::vector<const qualis::UnitUncertainty*> rows;
    double max_rank = 1.0;
    for (const qualis::UnitUncertainty& x : uq.units) {
      if (!std::isfinite(x.nominal_rank) || !std::isfinite(x.rank_high)) continue;
      rows.push_back(&x);
      max_rank = std::max({max_rank, x.rank_high, x.nominal_rank});
    }
    std::sort(rows.begin(), rows.end(), [](const qualis::UnitUncertainty* a, const qualis::UnitUncertainty* b) {
      return a->nominal_rank < b->nominal_rank || (a->nominal_rank == b->nominal_rank && a->unit < b->unit);
    });
    const std::size_t limit = in.max_detailed == 0 ? rows.size() : std::min(rows.size(), in.max_detailed);
    if (limit > 0) {
      const double left = 230.0;
      const double right = 60.0;
      const double width = 1000.0;
      const double row = 18.0;
      const double top = 26.0;
      const double height = top + row * static_cast<double>(limit) + 10.0;
      const auto x_of = [&](double r) {
        return left + (width - left - right) * (max_rank <= 1.0 ? 0.5 : (r - 1.0) / (max_rank - 1.0));
      };
      out += "<div class=\"scroll\"><svg class=\"intervals\" role=\"img\" width=\"" + co(width) + "\" height=\"" +
             co(height) + "\" viewBox=\"0 0 " + co(width) + " " + co(height) + "\">";
      out += "<title>" + esc("位次区间 / Rank intervals") + "</title>";
      const double step = max_rank > 40 ? std::ceil(max_rank / 20.0) : (max_rank > 15 ? 5.0 : 1.0);
      for (double r = 1.0; r <= max_rank; r += step) {
        out += "<line class=\"grid\" x1=\"" + co(x_of(r)) + "\" y1=\"" + co(top - 6) + "\" x2=\"" + co(x_of(r)) +
               "\" y2=\"" + co(height - 8) + "\"></line><text x=\"" + co(x_of(r)) +
               "\" y=\"14\" text-anchor=\"middle\">" + rank_text(r) + "</text>";
      }
      for (std::size_t k = 0; k < limit; ++k) {
        const qualis::UnitUncertainty& x = *rows[k];
        const auto it = index.find(x.unit);
        const Names names = it == index.end() ? Names{} : unit_names(it->second);
        const double y = top + row * (static_cast<double>(k) + 0.5);
        const std::string tip = name_plain(names, x.unit) + " \u00B7 #" + rank_text(x.nominal_rank) + " \u00B7 " +
                                rank_text(x.rank_low) + "\u2013" + rank_text(x.rank_high);
        out += "<g><text x=\"" + co(left - 8) + "\" y=\"" + co(y + 4) + "\" text-anchor=\"end\">" +
               name_svg(names, x.unit, 18) + "</text>";
        out += "<line class=\"interval\" x1=\"" + co(x_of(x.rank_low)) + "\" y1=\"" + co(y) + "\" x2=\"" +
               co(x_of(x.rank_high)) + "\" y2=\"" + co(y) + "\" stroke=\"" + colour(0) +
               "\" stroke-width=\"4\" stroke-linecap=\"round\"></line>";
        out += "<line x1=\"" + co(x_of(x.median_rank)) + "\" y1=\"" + co(y - 6) + "\" x2=\"" + co(x_of(x.median_rank)) +
               "\" y2=\"" + co(y + 6) + "\" stroke=\"#333\" stroke-width=\"1.5\"></line>";
        out += "<circle cx=\"" + co(x_of(x.nominal_rank)) + "\" cy=\"" + co(y) + "\" r=\"4\" fill=\"#c0392b\"><title>" +
               esc(tip) + "</title></circle></g>";
      }
      out += "</svg></div>\n";
      if (limit < rows.size()) {
        out += "<p class=\"note\">" +
               bi("仅显示前 " + std::to_string(limit) + " 个集群（共 " + std::to_string(rows.size()) + " 个）。",
                  "Only the first " + std::to_string(limit) + " of " + std::to_string(rows.size()) +
                      " clusters are shown.") +
               "</p>\n";
      }
    }
    if (!uq.choices.empty()) {
      out += "<h3>" + bi("各项选择对排名的影响（单独改变）", "What each choice does to the ranking (one at a time)") +
             "</h3>\n<table><thead><tr><th>" + bi("选择", "Choice") + "</th><th>" + bi("取值", "Level") +
             "</th><th class=\"n\">" + bi("次数", "Runs") + "</th><th class=\"n\">" +
             bi("平均位次变动", "Mean rank shift") + "</th><th class=\"n\">" + bi("最大位次变动", "Largest shift") +
             "</th><th class=\"n\">" + bi("位次改变的集群占比", "Clusters moved") + "</th></tr></thead><tbody>";
      for (const qualis::ChoiceEffect& c : uq.choices) {
        out += "<tr><td>" + choice_html(c.factor) + "</td><td>" + level_html(c.level) + "</td><td class=\"n\">" +
               std::to_string(c.runs) + "</td><td class=\"n\">" + num(c.mean_abs_shift, 2) + "</td><td class=\"n\">" +
               num(c.max_abs_shift, 1) + "</td><td class=\"n\">" + num(100.0 * c.changed_share, 0) + "%</td></tr>";
      }
      out += "</tbody></table>\n";
    }
    out += "</section>\n";
  }

  void footer() {
    out += "<footer>" +
           bi("由 qualis " + std::string(qualis::version()) + " 生成；本文件自包含，无需联网。",
              "Generated by qualis " + std::string(qualis::version()) +
                  "; this file is self-contained and needs no network.") +
           "</footer>\n</div>\n</body>\n</html>\n";
  }

  std::string render() {
    prepare();
    out.reserve(200000);
    head();
    overview();
    ranking();
    bump();
    robustness();
    clusters();
    methods();
    footer();
    return std::move(out);
  }
};

}  // namespace

std::string render_report(const ReportInput& input) {
  if (input.inputs == nullptr || input.result == nullptr) {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "report",
                               input.inputs == nullptr ? "no inputs given" : "no result given");
  }
  if (input.language != "zh" && input.language != "en") {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "report",
                               "language \"" + input.language + "\" is neither \"zh\" nor \"en\"");
  }
  if (input.result->periods.empty() || input.result->units.empty()) {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "report", "the result has no period or no unit");
  }
  Renderer r(input, *input.inputs, *input.result);
  return r.render();
}

void write_report(const std::string& path, const ReportInput& input) {
  const std::string html = render_report(input);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw qualis::IoError(path, "cannot open the file for writing");
  file.write(html.data(), static_cast<std::streamsize>(html.size()));
  file.close();
  if (!file) throw qualis::IoError(path, "cannot write the report");
}

}  // namespace qualis_tool
