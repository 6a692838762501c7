// Tests of the HTML report (tools/qualis/report/report.hpp) on the synthetic assessment of
// tests/browser/report_fixture.hpp: structure (every element closed, properly nested), escaping of names and ids
// with "<&>", the sections, the ranking order (known from the construction of the data, see the fixture), no
// "nan"/"inf", both label languages, no external reference, and the edge cases (no grades, no steps, a single
// period, many clusters) and bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <qualis/assessment/run.hpp>
#include <qualis/version.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "browser/report_fixture.hpp"
#include "report/report.hpp"
#include "support/expect_error.hpp"

namespace {

using qualis_tool::render_report;
using qualis_tool::ReportInput;
using testing::HasSubstr;
using testing::Not;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Walks the tags of the document: every non-void element must be closed, in order; the content of <style> is
// skipped. Returns an empty string when the structure is sound, otherwise what is wrong.
std::string structure_problem(const std::string& html) {
  static const std::set<std::string> void_elements = {"meta", "br", "input", "link", "img", "hr", "wbr", "col"};
  std::vector<std::string> open;
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string::npos) {
    const std::size_t end = html.find('>', at);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(at);
    const std::string tag = html.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.empty()) return "empty tag";
    if (tag[0] == '!') continue;  // <!DOCTYPE html>
    const bool closing = tag[0] == '/';
    std::size_t k = closing ? 1 : 0;
    std::string name;
    while (k < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[k])) != 0 || tag[k] == '-')) name += tag[k++];
    if (name.empty()) return "a '<' that starts no tag: <" + tag + ">";
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
      }
      open.pop_back();
    } else if (void_elements.count(name) == 0 && tag.back() != '/') {
      open.push_back(name);
      if (name == "style") {
        const std::size_t close = html.find("</style>", at);
        if (close == std::string::npos) return "<style> is not closed";
        at = close;
      }
    }
  }
  if (!open.empty()) return "<" + open.back() + "> is not closed";
  return {};
}

// Every '&' starts one of the entities the renderer writes.
bool entities_only(const std::string& html) {
  static const std::regex entity("^&(amp|lt|gt|quot|#39|nbsp);");
  for (std::size_t at = html.find('&'); at != std::string::npos; at = html.find('&', at + 1)) {
    if (!std::regex_search(html.substr(at, 8), entity)) return false;
  }
  return true;
}

void expect_sound(const std::string& html) {
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_EQ(structure_problem(html), "");
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(count(html, "<section"), count(html, "</section>"));
  EXPECT_TRUE(entities_only(html));
  // No missing value written as a number: "nan", "inf" (any case) as a word, anywhere in the file.
  static const std::regex bad("(^|[^A-Za-z])(nan|inf|infinity)([^A-Za-z]|$)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, bad));
  // Self-contained: no reference to the network or to another file.
  for (const char* ref : {"http://", "https://", "<script", "<link", "src=", "url(", "@import", "@font-face"}) {
    EXPECT_THAT(html, Not(HasSubstr(ref))) << ref;
  }
}

struct Fixture {
  qualis::Inputs inputs = report_fixture::inputs();
  qualis::Result result = qualis::run(report_fixture::model(), inputs);
};

TEST(Report, StructureSectionsAndLanguages) {
  const Fixture f;
  const std::string html = render_report(report_fixture::report_input(f.inputs, f.result));
  expect_sound(html);
  for (const char* id : {"overview", "ranking", "bump", "clusters", "methods"}) {
    EXPECT_THAT(html, HasSubstr("<section id=\"" + std::string(id) + "\">")) << id;
  }
  // Both label sets, the switch, and Chinese as the initial language.
  for (const char* label : {"排名", "Rank", "概况", "Overview", "方法与可重复性", "Methods and reproducibility",
                            "位次变化", "Rank change", "十一步工作法", "Working steps"}) {
    EXPECT_THAT(html, HasSubstr(label)) << label;
  }
  EXPECT_THAT(html, HasSubstr("id=\"lang-zh\" class=\"lang\" checked>"));
  EXPECT_THAT(html, HasSubstr("id=\"lang-en\" class=\"lang\">"));
  EXPECT_THAT(html, HasSubstr("<html lang=\"zh-CN\">"));
  // One bump line per scored cluster (c1 to c4), one section per cluster, one radar per cluster with steps.
  EXPECT_EQ(count(html, "<g class=\"line\">"), 4U);
  EXPECT_EQ(count(html, "<details class=\"cluster\""), 5U);
  EXPECT_EQ(count(html, "<svg class=\"radar\""), 4U);
  EXPECT_THAT(html, HasSubstr("No step assessment for this cluster."));  // c5
  // The version, the files and the choices of the methods section.
  EXPECT_THAT(html, HasSubstr("qualis " + std::string(qualis::version())));
  EXPECT_THAT(html, HasSubstr("<code>data/clusters &amp; more.csv</code>"));
  EXPECT_THAT(html, HasSubstr("<code>model &lt;demo&gt;.json</code>"));
  for (const qualis::ChoiceRecord& c : f.result.choices) {
    EXPECT_THAT(html, HasSubstr("<code>" + c.value + "</code>")) << c.stage << " " << c.choice;
  }
  // 35 clusters x 6 periods must stay well under 2 MB; this one is far smaller.
  EXPECT_LT(html.size(), 300000U);
}

TEST(Report, EnglishFirst) {
  const Fixture f;
  ReportInput in = report_fixture::report_input(f.inputs, f.result);
  in.language = "en";
  const std::string html = render_report(in);
  EXPECT_THAT(html, HasSubstr("id=\"lang-en\" class=\"lang\" checked>"));
  EXPECT_THAT(html, HasSubstr("id=\"lang-zh\" class=\"lang\">"));
  EXPECT_THAT(html, HasSubstr("<html lang=\"en\">"));
}

TEST(Report, Escaping) {
  const Fixture f;
  const std::string html = render_report(report_fixture::report_input(f.inputs, f.result));
  // Names, ids, descriptions and evidence with < & > " are escaped, never written raw.
  EXPECT_THAT(html, HasSubstr("唐山&lt;机器人&amp;智能&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("唐山<机器人")));
  EXPECT_THAT(html, HasSubstr("Tangshan &quot;robots&quot; &amp; &lt;AI&gt;"));
  EXPECT_THAT(html, HasSubstr("c2&lt;&amp;&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("c2<&>")));
  EXPECT_THAT(html, HasSubstr("Values are synthetic &lt;test&gt; &amp; made up."));
  EXPECT_THAT(html, HasSubstr("site visit &lt;2021&gt; &amp; report"));
}

TEST(Report, RankingOrderAndChanges) {
  const Fixture f;
  // The order the data were built with (fixture): 2021 c1, c2<&>, c3, c4; c5 never scored.
  const qualis::Period y2021 = qualis::Period::annual(2021);
  EXPECT_EQ(f.result.rank("c1", "score", y2021), 1.0);
  EXPECT_EQ(f.result.rank("c2<&>", "score", y2021), 2.0);
  EXPECT_EQ(f.result.rank("c3", "score", y2021), 3.0);
  EXPECT_EQ(f.result.rank("c4", "score", y2021), 4.0);
  const std::string html = render_report(report_fixture::report_input(f.inputs, f.result));
  const std::size_t begin = html.find("<table class=\"ranking\">");
  ASSERT_NE(begin, std::string::npos);
  const std::string table = html.substr(begin, html.find("</table>", begin) - begin);
  std::vector<std::size_t> at;
  for (const char* name :
       {"定州市体育用品", "唐山&lt;机器人&amp;智能&gt;", "安国市中药材", "昌黎县葡萄酒", "衡水高新区智慧灯杆"}) {
    at.push_back(table.find(name));
    ASSERT_NE(at.back(), std::string::npos) << name;
  }
  for (std::size_t k = 1; k < at.size(); ++k) EXPECT_LT(at[k - 1], at[k]) << k;
  // Rank changes 2020 -> 2021 from the construction: c1 3 -> 1 (up 2), c2<&> 1 -> 2, c3 2 -> 3, c4 4 -> 4.
  const std::string c1_row = table.substr(at[0], at[1] - at[0]);
  EXPECT_THAT(c1_row, HasSubstr("\u25B2"
                                "2"));
  const std::string c2_row = table.substr(at[1], at[2] - at[1]);
  EXPECT_THAT(c2_row, HasSubstr("\u25BC"
                                "1"));
  // c5 is not scored: a state tag instead of a rank, and "—" for its score.
  EXPECT_THAT(table, HasSubstr("<span class=\"tag\"><span class=\"zh\">无得分</span>"));
  // The grades of 2021 (bands 80 / 50): c1 95.0 is 优 A.
  EXPECT_THAT(c1_row, HasSubstr("优 A"));
  // Trend columns of both tables.
  EXPECT_THAT(table, HasSubstr("(mk)"));
  EXPECT_THAT(table, HasSubstr("(sen)"));
}

TEST(Report, NoGradesNoStepsSinglePeriod) {
  const qualis::Inputs full = report_fixture::inputs();
  const qualis::Inputs in{full.framework, full.clusters, std::nullopt,
                          full.panel.select_periods({qualis::Period::annual(2021)}), std::nullopt};
  qualis::Model m;
  m.preparation.treat_outliers = false;
  const qualis::Result r = qualis::run(m, in);
  ReportInput ri;
  ri.inputs = &in;
  ri.result = &r;
  const std::string html = render_report(ri);
  expect_sound(html);
  EXPECT_THAT(html, HasSubstr("This assessment has no grades."));
  EXPECT_THAT(html, HasSubstr("A single period: no rank changes to show."));
  EXPECT_THAT(html, Not(HasSubstr("<svg class=\"radar\"")));
  // Without steps the score is the composite: all five clusters are scored and drawn.
  EXPECT_EQ(count(html, "<g class=\"line\">"), 5U);
  // The default title and the first four framework indicators as sparklines.
  EXPECT_THAT(html, HasSubstr("Quality assessment of regional industrial clusters"));
  EXPECT_EQ(count(html, "<span class=\"spark\">"), 5U * 4U);
}

TEST(Report, ManyClustersAreLimited) {
  // 3,000 clusters, two periods: the table, the bump chart and the sections are cut and the report says so.
  const std::size_t n = 3000;
  std::vector<qualis::Cluster> cs;
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < n; ++k) {
    qualis::Cluster c;
    c.id = "u" + std::to_string(k);
    c.names = {"集群" + std::to_string(k), "Cluster " + std::to_string(k)};
    c.region = "130000";
    c.cohort = k % 3 == 0 ? "X" : "base";
    cs.push_back(c);
    ids.push_back(c.id);
  }
  const qualis::Framework fw = report_fixture::framework();
  qualis::Panel panel(ids, fw.indicator_ids(), {qualis::Period::annual(2020), qualis::Period::annual(2021)});
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < fw.indicator_count(); ++i) {
      for (std::size_t p = 0; p < 2; ++p) {
        panel.set(k, i, p, static_cast<double>((k * 7919 + i * 104729 + p * 31) % 1000));
      }
    }
  }
  const qualis::Inputs in{fw, qualis::ClusterSet(cs), std::nullopt, panel, std::nullopt};
  qualis::Model m;
  m.preparation.treat_outliers = false;
  m.audit.scope = qualis::AuditScope::none;
  const qualis::Result r = qualis::run(m, in);
  ReportInput ri;
  ri.inputs = &in;
  ri.result = &r;
  const std::string html = render_report(ri);
  expect_sound(html);
  EXPECT_EQ(count(html, "<g class=\"line\">"), ri.max_detailed);
  EXPECT_EQ(count(html, "<details class=\"cluster\""), ri.max_detailed);
  EXPECT_THAT(html, HasSubstr("Only the first 1000 of 3000 clusters are listed."));
  EXPECT_THAT(html, HasSubstr("Details are given for the 200 best-ranked of the 3000 clusters only."));
  EXPECT_LT(html.size(), 2U * 1024U * 1024U);
}

TEST(Report, BadInput) {
  const Fixture f;
  ReportInput in = report_fixture::report_input(f.inputs, f.result);
  in.language = "fr";
  qualis_test::expect_error<qualis::InvalidInput>([&] { (void)render_report(in); }, qualis::ErrorCode::invalid_argument,
                                                  {"report", "\"fr\""});
  in.language = "zh";
  in.result = nullptr;
  qualis_test::expect_error<qualis::InvalidInput>([&] { (void)render_report(in); }, qualis::ErrorCode::invalid_argument,
                                                  {"report", "no result"});
  in = report_fixture::report_input(f.inputs, f.result);
  in.inputs = nullptr;
  qualis_test::expect_error<qualis::InvalidInput>([&] { (void)render_report(in); }, qualis::ErrorCode::invalid_argument,
                                                  {"report", "no inputs"});
  // Rank dynamics of another shape.
  in = report_fixture::report_input(f.inputs, f.result);
  const qualis::RankDynamics other =
      qualis::rank_dynamics(Eigen::MatrixXd::Ones(2, 1), {"a", "b"}, {qualis::Period::annual(2021)});
  in.dynamics = &other;
  qualis_test::expect_error<qualis::InvalidInput>([&] { (void)render_report(in); }, qualis::ErrorCode::size_mismatch,
                                                  {"report", "have 2 units and 1 period; the result has"});
  // A file that cannot be written.
  in.dynamics = nullptr;
  qualis_test::expect_error<qualis::IoError>([&] { qualis_tool::write_report("/nonexistent-dir/report.html", in); },
                                             qualis::ErrorCode::io_error, {"/nonexistent-dir/report.html"});
}

TEST(Report, WriteReportWritesTheRenderedDocument) {
  const Fixture f;
  const ReportInput in = report_fixture::report_input(f.inputs, f.result);
  const std::string path = testing::TempDir() + "qualis_report_test.html";
  qualis_tool::write_report(path, in);
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  EXPECT_EQ(buffer.str(), render_report(in));
  std::remove(path.c_str());
}

}  // namespace
