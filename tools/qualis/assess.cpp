// The whole assessment from files: loading with every problem recorded, cross-checks, the run, and the outputs.
#include "assess.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <qualis/detail/text.hpp>
#include <qualis/error.hpp>
#include <qualis/io/csv.hpp>
#include <qualis/version.hpp>
#include <random>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

#include "report/report.hpp"
#include "uncertainty_tables.hpp"

namespace qualis_tool {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Loading

qualis::Problem problem_at(const std::string& file, qualis::CsvPosition at, std::string id, qualis::ErrorCode code,
                           std::string message) {
  qualis::Problem p;
  p.file = file;
  p.line = at.line;
  p.column = at.column;
  p.id = std::move(id);
  p.code = code;
  p.message = std::move(message);
  return p;
}

// Parses CSV text into a table, a syntax error becoming one problem; nullopt then.
std::optional<qualis::CsvTable> parse_table(std::string_view text, const std::string& source,
                                            qualis::Problems& problems) {
  try {
    return qualis::parse_csv(text, source);
  } catch (const qualis::ParseError& e) {
    problems.add(problem_at(source, {e.line(), e.column()}, "", qualis::ErrorCode::parse_error,
                            qualis::detail::without_prefix(e.what()).substr(e.context().size() + 2)));
  } catch (const qualis::Error& e) {
    problems.add(problem_at(source, {}, "", e.code(), qualis::detail::without_prefix(e.what())));
  }
  return std::nullopt;
}

std::optional<std::string> read_text(const std::string& path, qualis::Problems& problems) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    problems.add(problem_at(path, {}, "", qualis::ErrorCode::io_error, "is a folder, not a file"));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.add(problem_at(path, {}, "", qualis::ErrorCode::io_error, "cannot be opened for reading"));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    problems.add(problem_at(path, {}, "", qualis::ErrorCode::io_error, "could not be read"));
    return std::nullopt;
  }
  return std::move(text).str();
}

// Reads the data and step files of a loaded model (texts given or read from the paths).
void load_data(LoadedAssessment& out, std::optional<std::string_view> data_text,
               std::optional<std::string_view> steps_text, qualis::Problems& problems) {
  if (data_text) {
    const std::size_t before = problems.size();
    if (auto table = parse_table(*data_text, out.data_path, problems)) {
      qualis::PanelFile panel = qualis::read_panel(*table, out.data_path, &problems);
      out.data_ok = problems.size() == before;
      out.data = std::move(panel);
    }
  }
  if (steps_text) {
    const std::size_t before = problems.size();
    if (auto table = parse_table(*steps_text, out.steps_path, problems)) {
      qualis::StepsFile steps = qualis::read_steps(*table, out.steps_path, out.model.step_framework, &problems);
      out.steps_ok = problems.size() == before;
      out.steps = std::move(steps);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping a pipeline error to a position

// The key=value pairs of an error context such as "run[node=quality, period=2021]".
std::map<std::string, std::string> context_ids(const std::string& context) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  while ((at = context.find('[', at)) != std::string::npos) {
    const std::size_t end = context.find(']', at);
    if (end == std::string::npos) break;
    const std::string inside = context.substr(at + 1, end - at - 1);
    std::size_t start = 0;
    while (start < inside.size()) {
      std::size_t comma = inside.find(", ", start);
      if (comma == std::string::npos) comma = inside.size();
      const std::string part = inside.substr(start, comma - start);
      const std::size_t eq = part.find('=');
      if (eq != std::string::npos) out.emplace(part.substr(0, eq), part.substr(eq + 1));
      start = comma + 2;
    }
    at = end + 1;
  }
  return out;
}

// The model position of a framework node: its entry under /framework/indicators or /framework/dimensions.
std::optional<qualis::CsvPosition> node_position(const qualis::ModelFile& m, const std::string& id) {
  if (!m.framework) return std::nullopt;
  const qualis::Framework& fw = *m.framework;
  if (fw.is_indicator(id)) return m.locate("/framework/indicators/" + std::to_string(fw.indicator_index(id)));
  if (fw.is_dimension(id)) return m.locate("/framework/dimensions/" + std::to_string(fw.dimension_index(id)));
  return std::nullopt;
}

}  // namespace

qualis::Problem problem_of_error(const LoadedAssessment& loaded, const qualis::Error& e) {
  const char* what = e.what();
  const auto ids = context_ids(e.context());
  const std::string message = qualis::detail::without_prefix(what);
  const auto find = [&](const char* key) -> const std::string* {
    const auto it = ids.find(key);
    return it == ids.end() ? nullptr : &it->second;
  };
  for (const char* key : {"indicator", "node", "dimension"}) {
    if (const std::string* id = find(key)) {
      if (auto at = node_position(loaded.model, *id))
        return problem_at(loaded.model.source, *at, *id, e.code(), message);
    }
  }
  if (loaded.data) {
    for (const char* key : {"unit", "cluster"}) {
      if (const std::string* id = find(key); id != nullptr && loaded.data->panel.has_unit(*id)) {
        return problem_at(loaded.data_path, loaded.data->unit_position(*id), *id, e.code(), message);
      }
    }
    if (const std::string* id = find("period")) {
      try {
        const qualis::Period period = qualis::Period::parse(*id);
        if (loaded.data->panel.has_period(period)) {
          return problem_at(loaded.data_path, loaded.data->period_position(period), *id, e.code(), message);
        }
      } catch (const qualis::Error&) {
        // not a period: fall through to a position-less problem
      }
    }
  }
  return problem_at(loaded.model.source, loaded.model.locate("/model"), "", e.code(), message);
}

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Writing

std::string number(double v) { return std::isnan(v) ? std::string() : qualis::format_number(v); }
std::string rank_text(double v) { return std::isnan(v) ? std::string() : qualis::format_number(v); }

// A JSON number or null, written straight to a stream (the big tables are streamed, not built as a tree).
void json_number(std::ostream& out, double v) {
  if (std::isfinite(v)) {
    out << qualis::format_number(v);
  } else if (std::isnan(v)) {
    out << "null";
  } else {
    out << (v > 0 ? "\"inf\"" : "\"-inf\"");
  }
}

std::ofstream open_output(const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw qualis::IoError(path, "cannot be opened for writing");
  return out;
}

void close_output(std::ofstream& out, const std::string& path) {
  out.flush();
  if (!out) throw qualis::IoError(path, "could not be written");
  out.close();
}

struct Writer {
  const LoadedAssessment& loaded;
  const Assessment& a;
  const qualis::Result& r;
  std::size_t units;
  std::size_t nodes;
  std::size_t periods;

  Writer(const LoadedAssessment& l, const Assessment& as)
      : loaded(l),
        a(as),
        r(as.result),
        units(as.result.units.size()),
        nodes(as.result.nodes.size()),
        periods(as.result.periods.size()) {}

  const qualis::Cluster* cluster(std::size_t u) const { return a.inputs.clusters.find(r.units[u]); }
  qualis::UnitState state(std::size_t u, std::size_t p) const { return r.state[p * units + u]; }

  std::string grade(std::size_t u, std::size_t node, std::size_t p) const {
    if (!r.grades) return {};
    const double g = r.grades->value(u, node, p);
    if (std::isnan(g)) return {};
    const auto k = static_cast<std::size_t>(g);
    return k < r.grade_labels.size() ? r.grade_labels[k] : std::string();
  }

  // scores.csv: one row per unit, period and node.
  void scores(std::ostream& out) const {
    qualis::write_csv_row(out, {"unit", "period", "node", "kind", "parent", "depth", "score", "rank", "grade"});
    std::vector<std::string> row(9);
    for (std::size_t p = 0; p < periods; ++p) {
      for (std::size_t u = 0; u < units; ++u) {
        for (std::size_t n = 0; n < nodes; ++n) {
          const qualis::ResultNode& node = r.nodes[n];
          row[0] = r.units[u];
          row[1] = r.periods[p].to_string();
          row[2] = node.id;
          row[3] = qualis::to_string(node.kind);
          row[4] = node.parent;
          row[5] = std::to_string(node.depth);
          row[6] = number(r.scores.value(u, n, p));
          row[7] = rank_text(r.ranks.value(u, n, p));
          row[8] = grade(u, n, p);
          qualis::write_csv_row(out, row);
        }
      }
    }
  }

  // ranking.csv: one row per unit and period, the final score with its ranks, grade and dynamics.
  void ranking(std::ostream& out) const {
    const std::size_t s = r.scores.indicator_index(r.model.score_id);
    const std::size_t c = r.scores.indicator_index(r.model.composite_id);
    const bool has_steps = r.scores.has_indicator(r.model.step_index_id);
    const std::size_t st = has_steps ? r.scores.indicator_index(r.model.step_index_id) : 0;
    std::vector<std::string> header = {"period", "unit",          "name_zh",     "name_en",      "cohort",
                                       "region", "state",         "score",       "composite",    "step_index",
                                       "rank",   "grade",         "rank_change", "score_change", "advance",
                                       "streak", "longest_streak"};
    for (const auto& g : r.group_ranks) {
      header.push_back("group:" + g.name);
      header.push_back("rank:" + g.name);
    }
    qualis::write_csv_row(out, header);
    std::vector<std::string> row;
    for (std::size_t p = 0; p < periods; ++p) {
      for (std::size_t u = 0; u < units; ++u) {
        const qualis::Cluster* cl = cluster(u);
        const auto ur = static_cast<Eigen::Index>(u);
        const auto pc = static_cast<Eigen::Index>(p);
        row.clear();
        row.push_back(r.periods[p].to_string());
        row.push_back(r.units[u]);
        row.push_back(cl != nullptr ? cl->names.zh : std::string());
        row.push_back(cl != nullptr ? cl->names.en : std::string());
        row.push_back(cl != nullptr ? cl->cohort : std::string());
        row.push_back(cl != nullptr ? cl->region : std::string());
        row.push_back(qualis::to_string(state(u, p)));
        row.push_back(number(r.scores.value(u, s, p)));
        row.push_back(number(r.scores.value(u, c, p)));
        row.push_back(has_steps ? number(r.scores.value(u, st, p)) : std::string());
        row.push_back(rank_text(r.ranks.value(u, s, p)));
        row.push_back(grade(u, s, p));
        row.push_back(number(a.dynamics.rank_change(ur, pc)));
        row.push_back(number(a.dynamics.score_change(ur, pc)));
        const int adv = a.dynamics.advance(ur, pc);
        row.push_back(adv < 0 ? std::string() : std::to_string(adv));
        // The streak that ends in this period: count back the periods with advance 1.
        std::size_t streak = 0;
        for (std::size_t q = p + 1; q-- > 0;) {
          if (a.dynamics.advance(ur, static_cast<Eigen::Index>(q)) != 1) break;
          ++streak;
        }
        row.push_back(std::to_string(streak));
        row.push_back(std::to_string(a.dynamics.streaks[u].longest));
        for (const auto& g : r.group_ranks) {
          row.push_back(g.member[u] ? g.group[u] : std::string());
          row.push_back(rank_text(g.ranks.value(u, s, p)));
        }
        qualis::write_csv_row(out, row);
      }
    }
  }

  static std::vector<std::string> trend_union(const std::vector<const qualis::TrendTable*>& tables) {
    std::vector<std::string> cols;
    for (const auto* t : tables) {
      for (const auto& c : t->columns) {
        if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
      }
    }
    return cols;
  }

  std::vector<const qualis::TrendTable*> all_trends() const {
    std::vector<const qualis::TrendTable*> all;
    for (const auto& t : a.score_trends) all.push_back(&t);
    for (const auto& t : a.indicator_trends) all.push_back(&t);
    return all;
  }

  // trends.csv: one row per series (final score or key indicator of a unit) and method; the columns are the
  // union of the methods' columns, empty where a method has no such column.
  void trends(std::ostream& out) const {
    const auto all = all_trends();
    const std::vector<std::string> cols = trend_union(all);
    std::vector<std::string> header = {"series", "unit", "method", "status", "n", "missing"};
    header.insert(header.end(), cols.begin(), cols.end());
    header.emplace_back("reason");
    qualis::write_csv_row(out, header);
    for (std::size_t t = 0; t < all.size(); ++t) {
      const qualis::TrendTable& table = *all[t];
      const bool score = t < a.score_trends.size();
      for (const qualis::TrendRow& row : table.rows) {
        const qualis::TrendSummary& s = row.summary;
        std::vector<std::string> fields = {score ? r.model.score_id : row.indicator,
                                           row.unit,
                                           qualis::to_string(s.method),
                                           qualis::to_string(s.status),
                                           std::to_string(s.n),
                                           std::to_string(s.missing)};
        for (const std::string& c : cols) {
          const auto it = std::find(table.columns.begin(), table.columns.end(), c);
          if (it == table.columns.end()) {
            fields.emplace_back();
            continue;
          }
          const auto k = static_cast<std::size_t>(it - table.columns.begin());
          fields.push_back(qualis::trend_column_is_text(c) ? s.texts[k] : number(s.values[k]));
        }
        fields.push_back(s.reason);
        qualis::write_csv_row(out, fields);
      }
    }
  }

  // obstacles.csv: the obstacle degree of every indicator and dimension, per unit and period, with its rank
  // within the unit (1 = the largest obstacle); rows only where the degree exists.
  void obstacles(std::ostream& out) const {
    qualis::write_csv_row(out, {"period", "unit", "node", "kind", "obstacle", "rank_in_unit", "contribution"});
    if (!r.obstacles) return;
    const qualis::Panel& ob = *r.obstacles;
    const qualis::Panel* dim = r.dimension_obstacles ? &*r.dimension_obstacles : nullptr;
    std::vector<std::pair<double, std::size_t>> order;
    std::vector<std::size_t> rank_of;
    const auto ranks = [&](const qualis::Panel& panel, std::size_t u, std::size_t p) {
      order.clear();
      for (std::size_t i = 0; i < panel.indicator_count(); ++i) {
        const double v = panel.value(u, i, p);
        if (!std::isnan(v)) order.emplace_back(-v, i);
      }
      std::sort(order.begin(), order.end());  // largest first; ties by framework order
      rank_of.assign(panel.indicator_count(), 0);
      for (std::size_t k = 0; k < order.size(); ++k) rank_of[order[k].second] = k + 1;
    };
    for (std::size_t p = 0; p < periods; ++p) {
      for (std::size_t u = 0; u < units; ++u) {
        ranks(ob, u, p);
        for (std::size_t i = 0; i < ob.indicator_count(); ++i) {
          const double v = ob.value(u, i, p);
          if (std::isnan(v)) continue;
          const double contribution =
              r.contributions ? r.contributions->value(r.units[u], ob.indicators()[i], r.periods[p]) : NAN;
          qualis::write_csv_row(out, {r.periods[p].to_string(), r.units[u], ob.indicators()[i], "indicator", number(v),
                                      std::to_string(rank_of[i]), number(contribution)});
        }
        if (dim == nullptr) continue;
        ranks(*dim, u, p);
        for (std::size_t i = 0; i < dim->indicator_count(); ++i) {
          const double v = dim->value(u, i, p);
          if (std::isnan(v)) continue;
          qualis::write_csv_row(out, {r.periods[p].to_string(), r.units[u], dim->indicators()[i], "dimension",
                                      number(v), std::to_string(rank_of[i]), ""});
        }
      }
    }
  }

  // gaps.csv: the gap of every indicator to the benchmark on the diagnosis scale, per unit and period.
  void gaps(std::ostream& out) const {
    qualis::write_csv_row(out, {"period", "unit", "indicator", "score", "gap", "relative_gap"});
    if (!r.gaps) return;
    const qualis::Panel& g = *r.gaps;
    for (std::size_t p = 0; p < periods; ++p) {
      for (std::size_t u = 0; u < units; ++u) {
        for (std::size_t i = 0; i < g.indicator_count(); ++i) {
          const double v = g.value(u, i, p);
          if (std::isnan(v)) continue;
          const std::string& ind = g.indicators()[i];
          const double rel = r.relative_gaps ? r.relative_gaps->value(u, i, p) : NAN;
          qualis::write_csv_row(out, {r.periods[p].to_string(), r.units[u], ind,
                                      number(r.scores.value(r.units[u], ind, r.periods[p])), number(v), number(rel)});
        }
      }
    }
  }

  // weights.csv: the weights every aggregate gave its children, and each node's effective weight.
  void weights(std::ostream& out) const {
    qualis::write_csv_row(out, {"node", "period", "child", "weight", "effective_weight", "source", "method", "ahp_cr"});
    for (const qualis::WeightRecord& w : r.weights) {
      for (std::size_t k = 0; k < w.children.size(); ++k) {
        const std::size_t n = r.scores.indicator_index(w.children[k]);
        double effective = NAN;
        if (w.period) {
          effective = r.effective_weights(static_cast<Eigen::Index>(n),
                                          static_cast<Eigen::Index>(r.scores.period_index(*w.period)));
        } else if (periods > 0) {
          effective = r.effective_weights(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(periods - 1));
        }
        qualis::write_csv_row(out, {w.node, w.period ? w.period->to_string() : std::string(), w.children[k],
                                    number(w.weights(static_cast<Eigen::Index>(k))), number(effective),
                                    qualis::to_string(w.source), w.method, w.ahp ? number(w.ahp->cr) : std::string()});
      }
    }
  }

  // A units x nodes (or units x indicators) matrix of one period of a panel, streamed as JSON rows.
  static void json_panel(std::ostream& out, const qualis::Panel& panel, const std::vector<qualis::Period>& periods_) {
    out << '[';
    for (std::size_t p = 0; p < periods_.size(); ++p) {
      if (p > 0) out << ',';
      out << "\n  [";
      const std::size_t pp = panel.period_index(periods_[p]);
      for (std::size_t u = 0; u < panel.unit_count(); ++u) {
        if (u > 0) out << ',';
        out << '[';
        for (std::size_t i = 0; i < panel.indicator_count(); ++i) {
          if (i > 0) out << ',';
          json_number(out, panel.value(u, i, pp));
        }
        out << ']';
      }
      out << ']';
    }
    out << ']';
  }

  static void json_matrix(std::ostream& out, const Eigen::MatrixXd& m) {
    out << '[';
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      if (i > 0) out << ',';
      out << '[';
      for (Eigen::Index j = 0; j < m.cols(); ++j) {
        if (j > 0) out << ',';
        json_number(out, m(i, j));
      }
      out << ']';
    }
    out << ']';
  }

  static nlohmann::ordered_json names_json(const qualis::Names& n) { return {{"zh", n.zh}, {"en", n.en}}; }

  static nlohmann::ordered_json trend_json(const qualis::TrendTable& t, const std::string& series) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      nlohmann::ordered_json values = nlohmann::ordered_json::object();
      for (std::size_t k = 0; k < t.columns.size(); ++k) {
        if (qualis::trend_column_is_text(t.columns[k])) {
          values[t.columns[k]] = row.summary.texts[k];
        } else if (std::isfinite(row.summary.values[k])) {
          values[t.columns[k]] = row.summary.values[k];
        } else {
          values[t.columns[k]] = nullptr;
        }
      }
      rows.push_back({{"unit", row.unit},
                      {"indicator", series.empty() ? row.indicator : series},
                      {"status", qualis::to_string(row.summary.status)},
                      {"n", row.summary.n},
                      {"missing", row.summary.missing},
                      {"values", values},
                      {"reason", row.summary.reason}});
    }
    return {{"method", qualis::to_string(t.method)}, {"rows", rows}};
  }

  static nlohmann::ordered_json findings_json(const std::vector<qualis::Finding>& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& f : list) out.push_back({{"indicator", f.indicator}, {"value", f.value}});
    return out;
  }

  // One key and its (small) value in the streamed top-level object.
  template <typename J>
  static void member(std::ostream& out, const char* key, const J& value, bool first = false) {
    out << (first ? "{\n" : ",\n") << nlohmann::json(key).dump() << ": " << value.dump(-1, ' ', false);
  }

  // results.json: everything, the big tables as arrays [period][unit][node] streamed row by row.
  void json(std::ostream& out) const {
    nlohmann::ordered_json about = {{"qualis", std::string(qualis::version())},
                                    {"title", names_json(loaded.model.title)},
                                    {"description", loaded.model.description},
                                    {"model_file", loaded.model.source},
                                    {"data_file", loaded.data_path},
                                    {"steps_file", loaded.steps_path}};
    member(out, "about", about, true);
    nlohmann::ordered_json pj = nlohmann::ordered_json::array();
    for (const auto& p : r.periods) pj.push_back(p.to_string());
    member(out, "periods", pj);
    nlohmann::ordered_json uj = nlohmann::ordered_json::array();
    for (std::size_t u = 0; u < units; ++u) {
      const qualis::Cluster* cl = cluster(u);
      nlohmann::ordered_json e = {{"id", r.units[u]}};
      if (cl != nullptr) {
        e["names"] = names_json(cl->names);
        e["cohort"] = cl->cohort;
        e["region"] = cl->region;
        e["joined"] = cl->joined.to_string();
      }
      uj.push_back(e);
    }
    member(out, "units", uj);
    nlohmann::ordered_json nj = nlohmann::ordered_json::array();
    for (const auto& n : r.nodes) {
      nj.push_back({{"id", n.id}, {"kind", qualis::to_string(n.kind)}, {"parent", n.parent}, {"depth", n.depth}});
    }
    member(out, "nodes", nj);
    member(out, "grade_labels", nlohmann::ordered_json(r.grade_labels));
    nlohmann::ordered_json sj = nlohmann::ordered_json::array();
    for (std::size_t p = 0; p < periods; ++p) {
      nlohmann::ordered_json row = nlohmann::ordered_json::array();
      for (std::size_t u = 0; u < units; ++u) row.push_back(qualis::to_string(state(u, p)));
      sj.push_back(row);
    }
    member(out, "states", sj);
    out << ",\n\"scores\": ";
    json_panel(out, r.scores, r.periods);
    out << ",\n\"ranks\": ";
    json_panel(out, r.ranks, r.periods);
    if (r.grades) {
      out << ",\n\"grades\": ";
      json_panel(out, *r.grades, r.periods);
    }
    nlohmann::ordered_json gj = nlohmann::ordered_json::array();
    for (const auto& g : r.group_ranks) {
      nlohmann::ordered_json groups = nlohmann::ordered_json::array();
      for (std::size_t u = 0; u < units; ++u) {
        groups.push_back(g.member[u] ? nlohmann::ordered_json(g.group[u]) : nlohmann::ordered_json(nullptr));
      }
      gj.push_back({{"name", g.name}, {"group", groups}});
    }
    member(out, "groupings", gj);
    for (std::size_t k = 0; k < r.group_ranks.size(); ++k) {
      out << ",\n" << nlohmann::json("group_ranks:" + r.group_ranks[k].name).dump() << ": ";
      json_panel(out, r.group_ranks[k].ranks, r.periods);
    }
    out << ",\n\"rank_change\": ";
    json_matrix(out, a.dynamics.rank_change);
    out << ",\n\"score_change\": ";
    json_matrix(out, a.dynamics.score_change);
    out << ",\n\"advance\": ";
    json_matrix(out, a.dynamics.advance.cast<double>().unaryExpr([](double v) { return v < 0 ? NAN : v; }));
    nlohmann::ordered_json streaks = nlohmann::ordered_json::array();
    for (std::size_t u = 0; u < units; ++u) {
      const auto& s = a.dynamics.streaks[u];
      streaks.push_back({{"unit", r.units[u]},
                         {"current", s.current},
                         {"longest", s.longest},
                         {"longest_first", s.longest_first ? s.longest_first->to_string() : std::string()},
                         {"longest_last", s.longest_last ? s.longest_last->to_string() : std::string()},
                         {"advances", s.advances}});
    }
    member(out, "streaks", streaks);
    nlohmann::ordered_json tj = nlohmann::ordered_json::array();
    for (const auto& t : a.score_trends) tj.push_back(trend_json(t, r.model.score_id));
    for (const auto& t : a.indicator_trends) tj.push_back(trend_json(t, ""));
    member(out, "trends", tj);
    if (r.obstacles) {
      member(out, "obstacle_indicators", nlohmann::ordered_json(r.obstacles->indicators()));
      out << ",\n\"obstacles\": ";
      json_panel(out, *r.obstacles, r.periods);
    }
    if (r.dimension_obstacles) {
      member(out, "obstacle_dimensions", nlohmann::ordered_json(r.dimension_obstacles->indicators()));
      out << ",\n\"dimension_obstacles\": ";
      json_panel(out, *r.dimension_obstacles, r.periods);
    }
    if (r.gaps) {
      member(out, "gap_indicators", nlohmann::ordered_json(r.gaps->indicators()));
      out << ",\n\"gaps\": ";
      json_panel(out, *r.gaps, r.periods);
    }
    nlohmann::ordered_json fj = nlohmann::ordered_json::array();
    for (std::size_t p = 0; p < r.findings.size(); ++p) {
      for (std::size_t u = 0; u < r.findings[p].size(); ++u) {
        const auto& f = r.findings[p][u];
        if (f.obstacles.empty() && f.strengths.empty() && f.weaknesses.empty()) continue;
        fj.push_back({{"period", r.periods[p].to_string()},
                      {"unit", r.units[u]},
                      {"obstacles", findings_json(f.obstacles)},
                      {"strengths", findings_json(f.strengths)},
                      {"weaknesses", findings_json(f.weaknesses)}});
      }
    }
    member(out, "findings", fj);
    nlohmann::ordered_json wj = nlohmann::ordered_json::array();
    for (const auto& w : r.weights) {
      nlohmann::ordered_json e = {
          {"node", w.node},
          {"period", w.period ? w.period->to_string() : std::string()},
          {"children", w.children},
          {"weights", std::vector<double>(w.weights.data(), w.weights.data() + w.weights.size())},
          {"source", qualis::to_string(w.source)},
          {"method", w.method}};
      if (w.ahp) {
        e["ahp"] = {
            {"lambda_max", w.ahp->lambda_max}, {"ci", w.ahp->ci}, {"cr", w.ahp->cr}, {"consistent", w.ahp->consistent}};
      }
      wj.push_back(e);
    }
    member(out, "weights", wj);
    nlohmann::ordered_json cj = nlohmann::ordered_json::array();
    for (const auto& c : r.choices) cj.push_back({{"stage", c.stage}, {"choice", c.choice}, {"value", c.value}});
    member(out, "choices", cj);
    const qualis::PreparationRecord& prep = r.preparation;
    nlohmann::ordered_json prj = {{"ignored_before_joining", prep.ignored_before_joining},
                                  {"imputed_cells", prep.imputed.size()},
                                  {"no_data", prep.no_data.size()},
                                  {"ignored_clusters", prep.ignored_clusters},
                                  {"ignored_step_assessments", prep.ignored_step_assessments},
                                  {"diagnosis_clipped", r.diagnosis_clipped}};
    member(out, "preparation", prj);
    if (a.uncertainty) member(out, "uncertainty", uncertainty_json(*a.uncertainty));
    out << "\n}\n";
  }
};

}  // namespace

// -------------------------------------------------------------------------------------------------------------------

LoadedAssessment load_assessment(const AssessmentFiles& files, qualis::Problems& problems) {
  LoadedAssessment out;
  const std::size_t before = problems.size();
  out.model = qualis::read_model_file(files.model, &problems);
  out.model_ok = problems.size() == before && out.model.framework.has_value();
  // An unreadable model names no files; the overrides still get read, so that validate reports their problems.
  out.data_path = files.data.empty() ? out.model.data : files.data;
  out.steps_path = files.steps.empty() ? out.model.steps : files.steps;
  std::optional<std::string> data_text;
  std::optional<std::string> steps_text;
  if (out.data_path.empty()) {
    if (out.model_ok) {
      problems.add(problem_at(files.model, {}, "data", qualis::ErrorCode::empty_input,
                              "no data file: the model names none (\"data\") and none was given (--data)"));
    }
  } else {
    data_text = read_text(out.data_path, problems);
  }
  if (!out.steps_path.empty()) steps_text = read_text(out.steps_path, problems);
  load_data(out, data_text ? std::optional<std::string_view>(*data_text) : std::nullopt,
            steps_text ? std::optional<std::string_view>(*steps_text) : std::nullopt, problems);
  return out;
}

LoadedAssessment load_assessment_texts(std::string_view model_text, const std::string& model_source,
                                       std::string_view data_text, const std::string& data_source,
                                       std::optional<std::string_view> steps_text, const std::string& steps_source,
                                       qualis::Problems& problems) {
  LoadedAssessment out;
  const std::size_t before = problems.size();
  out.model = qualis::read_model(model_text, model_source, {}, &problems);
  out.model_ok = problems.size() == before && out.model.framework.has_value();
  out.data_path = data_source;
  out.steps_path = steps_text ? steps_source : std::string();
  load_data(out, data_text, steps_text, problems);
  return out;
}

void check_assessment(const LoadedAssessment& loaded, qualis::Problems& problems, bool dry_run) {
  if (!loaded.model_ok || !loaded.data) return;
  const qualis::ModelFile& m = loaded.model;
  const qualis::Framework& fw = *m.framework;
  const qualis::Panel& panel = loaded.data->panel;
  const std::size_t before = problems.size();
  for (const std::string& u : panel.units()) {
    if (!m.clusters.contains(u)) {
      problems.add(problem_at(loaded.data_path, loaded.data->unit_position(u), u, qualis::ErrorCode::not_found,
                              "unit \"" + u + "\" is not a cluster of the model (" + m.source + ")"));
    }
  }
  // Indicators a denomination rule reads or makes are neither unknown nor missing.
  std::set<std::string> read_by_rules;
  std::set<std::string> made_by_rules;
  for (const auto& rule : m.model.preparation.denominations) {
    read_by_rules.insert(rule.numerator);
    read_by_rules.insert(rule.denominator);
    made_by_rules.insert(rule.new_id.empty() ? rule.numerator : rule.new_id);
  }
  for (const std::string& i : panel.indicators()) {
    if (!fw.is_indicator(i) && read_by_rules.count(i) == 0) {
      problems.add(problem_at(loaded.data_path, loaded.data->indicator_position(i), i, qualis::ErrorCode::not_found,
                              "indicator \"" + i + "\" is not in the model's framework (" + m.source + ")"));
    }
  }
  for (const std::string& i : fw.indicator_ids()) {
    if (!panel.has_indicator(i) && made_by_rules.count(i) == 0) {
      problems.add(problem_at(m.source, *node_position(m, i), i, qualis::ErrorCode::not_found,
                              "indicator \"" + i + "\" has no values in " + loaded.data_path));
    }
  }
  if (loaded.steps) {
    for (std::size_t k = 0; k < loaded.steps->units.size(); ++k) {
      const std::string& u = loaded.steps->units[k];
      if (!m.clusters.contains(u)) {
        problems.add(problem_at(loaded.steps_path, loaded.steps->unit_positions[k], u, qualis::ErrorCode::not_found,
                                "unit \"" + u + "\" is not a cluster of the model (" + m.source + ")"));
      }
    }
  }
  if (!dry_run || problems.size() != before || !loaded.data_ok || (!loaded.steps_path.empty() && !loaded.steps_ok))
    return;
  // A dry run finds what only the pipeline can: weights that do not fit, a base period without data, ...
  try {
    // The uncertainty analysis is checked (its settings, every data variant) on two replications only.
    UncertaintyOverride cheap;
    if (m.model.uncertainty.replications > 0) {
      cheap.replications = std::min<std::size_t>(m.model.uncertainty.replications, 2);
      cheap.one_at_a_time = std::min<std::size_t>(m.model.uncertainty.one_at_a_time, 1);
    }
    (void)compute_assessment(loaded, {}, cheap);
  } catch (const qualis::Error& e) {
    problems.add(problem_of_error(loaded, e));
  }
}

qualis::Uncertainty uncertainty_settings(const qualis::Model& model, const UncertaintyOverride& o) {
  qualis::Uncertainty u = model.uncertainty;
  if (o.replications) u.replications = *o.replications;
  if (o.seed) u.seed = *o.seed;
  if (o.one_at_a_time) u.one_at_a_time = *o.one_at_a_time;
  return u;
}

Assessment compute_assessment(const LoadedAssessment& loaded, const Progress& progress,
                              const UncertaintyOverride& overrides) {
  if (!loaded.model_ok || !loaded.data || !loaded.data_ok || (!loaded.steps_path.empty() && !loaded.steps_ok)) {
    throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, "assess",
                               "the model, data or step file has problems; run `qualis validate` to list them");
  }
  const qualis::ModelFile& m = loaded.model;
  qualis::Model uncertain = m.model;
  uncertain.uncertainty = uncertainty_settings(m.model, overrides);
  const std::size_t stages = uncertain.uncertainty.replications > 0 ? 5 : 4;
  const auto step = [&](std::size_t k, const char* name) {
    if (progress) progress(k, stages, name);
  };
  step(0, "inputs");
  std::optional<qualis::StepAssessmentSet> steps;
  if (loaded.steps) steps = qualis::StepAssessmentSet(m.step_framework, loaded.steps->assessments);
  qualis::Inputs inputs = qualis::make_inputs(m, loaded.data->panel, std::move(steps));
  step(1, "scoring");
  qualis::Result r = qualis::run(m.model, inputs);
  step(2, "rank dynamics");
  const std::size_t s = r.scores.indicator_index(r.model.score_id);
  const Eigen::MatrixXd finals = r.scores.indicator_matrix(s);
  qualis::RankDynamics dynamics = qualis::rank_dynamics(finals, r.units, r.periods, r.model.ranking.options);
  step(3, "trends");
  std::map<std::string, qualis::Period> joined;
  for (const auto& c : inputs.clusters.clusters()) joined.emplace(c.id, c.joined);
  std::vector<std::string> key = m.trend.indicators.empty() ? m.report.key_indicators : m.trend.indicators;
  key.erase(
      std::remove_if(key.begin(), key.end(), [&](const std::string& id) { return !r.prepared.has_indicator(id); }),
      key.end());
  std::vector<qualis::TrendTable> score_trends;
  std::vector<qualis::TrendTable> indicator_trends;
  for (const qualis::TrendMethod method : m.trend.methods) {
    qualis::TrendOptions opt = m.trend.options;
    opt.method = method;
    score_trends.push_back(qualis::trend_rows(finals, r.units, r.periods, opt, joined));
    if (!key.empty()) indicator_trends.push_back(qualis::trend_panel(r.prepared.select_indicators(key), opt, joined));
  }
  std::optional<qualis::UncertaintyResult> uncertainty;
  if (uncertain.uncertainty.replications > 0) {
    step(4, "uncertainty");
    qualis::ProgressCallback each;
    if (progress) {
      each = [&](std::size_t done, std::size_t total) {
        progress(4, stages, "uncertainty " + std::to_string(done) + "/" + std::to_string(total));
      };
    }
    uncertainty = qualis::analyse_uncertainty(uncertain, inputs, each);
  }
  step(stages, "done");
  return Assessment{std::move(inputs),           std::move(r),          std::move(dynamics), std::move(score_trends),
                    std::move(indicator_trends), std::move(uncertainty)};
}

std::vector<std::string> assessment_outputs(bool with_uncertainty) {
  std::vector<std::string> files = {"ranking.csv",   "scores.csv", "trends.csv",
                                    "obstacles.csv", "gaps.csv",   "weights.csv"};
  if (with_uncertainty) {
    files.emplace_back("uncertainty.csv");
    files.emplace_back("choices.csv");
  }
  for (const char* f : {"results.json", "model.json", "report.html"}) files.emplace_back(f);
  return files;
}

void write_assessment(const std::string& dir, const LoadedAssessment& loaded, const Assessment& assessment,
                      const Progress& progress) {
  const Writer w(loaded, assessment);
  const std::vector<std::string> files = assessment_outputs(assessment.uncertainty.has_value());
  for (std::size_t k = 0; k < files.size(); ++k) {
    const std::string& name = files[k];
    if (progress) progress(k, files.size(), name);
    const std::string path = (fs::path(dir) / name).string();
    if (name == "report.html") {
      ReportInput in;
      in.inputs = &assessment.inputs;
      in.result = &assessment.result;
      in.dynamics = &assessment.dynamics;
      in.trends = assessment.score_trends;
      in.title = loaded.model.title;
      in.description = loaded.model.description;
      in.language = loaded.model.report.language;
      in.key_indicators = loaded.model.report.key_indicators;
      in.model_file = loaded.model.source;
      in.files.push_back({"data", loaded.data_path});
      if (!loaded.steps_path.empty()) in.files.push_back({"steps", loaded.steps_path});
      if (assessment.uncertainty) in.uncertainty = &*assessment.uncertainty;
      write_report(path, in);
      continue;
    }
    std::ofstream out = open_output(path);
    if (name == "ranking.csv") w.ranking(out);
    if (name == "scores.csv") w.scores(out);
    if (name == "trends.csv") w.trends(out);
    if (name == "obstacles.csv") w.obstacles(out);
    if (name == "gaps.csv") w.gaps(out);
    if (name == "weights.csv") w.weights(out);
    if (name == "uncertainty.csv") write_uncertainty_csv(out, *assessment.uncertainty, assessment.inputs.clusters);
    if (name == "choices.csv") write_choices_csv(out, *assessment.uncertainty);
    if (name == "results.json") w.json(out);
    if (name == "model.json") qualis::write_model(out, loaded.model);
    close_output(out, path);
  }
  if (progress) progress(files.size(), files.size(), "done");
}

void write_folder_atomically(const std::string& dir, bool force, const std::function<void(const std::string&)>& body) {
  std::error_code ec;
  const fs::path target = fs::absolute(fs::path(dir), ec);
  if (ec) throw qualis::IoError(dir, "cannot resolve the path: " + ec.message());
  const bool exists = fs::exists(target, ec);
  if (exists) {
    if (!fs::is_directory(target, ec)) throw qualis::IoError(dir, "exists and is not a folder");
    if (!fs::is_empty(target, ec) && !force) {
      throw qualis::IoError(dir, "is not empty; give --force to replace its contents, or choose another folder");
    }
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::current_path();
  fs::create_directories(parent, ec);
  if (ec) throw qualis::IoError(parent.string(), "cannot create the folder: " + ec.message());
  // A fresh sibling, so that the final rename stays on one file system.
  std::random_device seed;
  std::mt19937_64 gen(seed());
  fs::path staging;
  for (int attempt = 0;; ++attempt) {
    staging = parent / ("." + target.filename().string() + ".tmp-" + std::to_string(gen() % 1000000000ULL));
    if (fs::create_directory(staging, ec)) break;
    if (attempt == 100 || (ec && ec != std::errc::file_exists)) {
      throw qualis::IoError(staging.string(), "cannot create a staging folder: " + ec.message());
    }
  }
  try {
    body(staging.string());
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  fs::path old;
  if (exists) {
    old = parent / ("." + target.filename().string() + ".old-" + std::to_string(gen() % 1000000000ULL));
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(staging, ec);
      throw qualis::IoError(dir, "cannot be replaced: " + ec.message());
    }
  }
  fs::rename(staging, target, ec);
  if (ec) {
    const std::string why = ec.message();
    if (!old.empty()) fs::rename(old, target, ec);
    fs::remove_all(staging, ec);
    throw qualis::IoError(dir, "cannot be written: " + why);
  }
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace qualis_tool
