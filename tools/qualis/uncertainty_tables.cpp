// The tables of the uncertainty and sensitivity analyses; see uncertainty_tables.hpp.
#include "uncertainty_tables.hpp"

#include <cmath>
#include <qualis/detail/text.hpp>
#include <qualis/io/csv.hpp>
#include <string>
#include <vector>

namespace qualis_tool {

namespace {

std::string num(double v) { return std::isnan(v) ? std::string() : qualis::format_number(v); }

nlohmann::ordered_json jnum(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

// The indices of one output row as JSON: per factor first and total, with intervals when present.
nlohmann::ordered_json indices_row(const qualis::SobolResult& r, Eigen::Index o) {
  nlohmann::ordered_json row = nlohmann::ordered_json::object();
  row["status"] = qualis::to_string(r.status[static_cast<std::size_t>(o)]);
  nlohmann::ordered_json fs = nlohmann::ordered_json::array();
  for (std::size_t f = 0; f < r.factors.size(); ++f) {
    const auto c = static_cast<Eigen::Index>(f);
    nlohmann::ordered_json e = {
        {"factor", r.factors[f]}, {"first", jnum(r.first(o, c))}, {"total", jnum(r.total(o, c))}};
    if (r.bootstrap > 0) {
      e["first_low"] = jnum(r.first_low(o, c));
      e["first_high"] = jnum(r.first_high(o, c));
      e["total_low"] = jnum(r.total_low(o, c));
      e["total_high"] = jnum(r.total_high(o, c));
    }
    fs.push_back(e);
  }
  row["factors"] = fs;
  return row;
}

}  // namespace

void write_uncertainty_csv(std::ostream& out, const qualis::UncertaintyResult& u, const qualis::ClusterSet& clusters) {
  std::vector<std::string> header = {"period",          "unit",          "name_zh",    "name_en",   "nominal_rank",
                                     "median_rank",     "rank_low",      "rank_high",  "mean_rank", "mean_abs_shift",
                                     "top_probability", "nominal_score", "mean_score", "sd_score",  "scored"};
  for (const std::string& g : u.grade_labels) header.push_back("grade:" + g);
  qualis::write_csv_row(out, header);
  for (const qualis::UnitUncertainty& x : u.units) {
    const qualis::Cluster* c = clusters.find(x.unit);
    std::vector<std::string> row = {u.period.to_string(),
                                    x.unit,
                                    c != nullptr ? c->names.zh : std::string(),
                                    c != nullptr ? c->names.en : std::string(),
                                    num(x.nominal_rank),
                                    num(x.median_rank),
                                    num(x.rank_low),
                                    num(x.rank_high),
                                    num(x.mean_rank),
                                    num(x.mean_abs_shift),
                                    num(x.top_probability),
                                    num(x.nominal_score),
                                    num(x.mean_score),
                                    num(x.sd_score),
                                    std::to_string(x.scored)};
    for (const double p : x.grade_probabilities) row.push_back(num(p));
    qualis::write_csv_row(out, row);
  }
}

void write_choices_csv(std::ostream& out, const qualis::UncertaintyResult& u) {
  qualis::write_csv_row(out, {"factor", "level", "runs", "mean_abs_shift", "max_abs_shift", "changed_share"});
  for (const qualis::ChoiceEffect& c : u.choices) {
    qualis::write_csv_row(out, {c.factor, c.level, std::to_string(c.runs), num(c.mean_abs_shift), num(c.max_abs_shift),
                                num(c.changed_share)});
  }
}

void write_sensitivity_csv(std::ostream& out, const qualis::SensitivityResult& s) {
  const qualis::SobolResult& r = s.indices;
  qualis::write_csv_row(out, {"output", "unit", "factor", "first", "first_low", "first_high", "total", "total_low",
                              "total_high", "status"});
  const std::size_t U = s.units.size();
  for (Eigen::Index o = 0; o < r.first.rows(); ++o) {
    const auto uo = static_cast<std::size_t>(o);
    const std::string output = uo == 0 ? "ranking" : uo <= U ? "rank" : "score";
    const std::string unit = uo == 0 ? std::string() : s.units[(uo - 1) % U];
    for (std::size_t f = 0; f < r.factors.size(); ++f) {
      const auto c = static_cast<Eigen::Index>(f);
      const bool iv = r.bootstrap > 0;
      qualis::write_csv_row(out,
                            {output, unit, r.factors[f], num(r.first(o, c)), iv ? num(r.first_low(o, c)) : "",
                             iv ? num(r.first_high(o, c)) : "", num(r.total(o, c)), iv ? num(r.total_low(o, c)) : "",
                             iv ? num(r.total_high(o, c)) : "", qualis::to_string(r.status[uo])});
    }
  }
}

nlohmann::ordered_json uncertainty_json(const qualis::UncertaintyResult& u) {
  nlohmann::ordered_json j = {
      {"period", u.period.to_string()}, {"replications", u.replications},          {"seed", u.seed},
      {"factors", u.factors},           {"grade_labels", u.grade_labels},          {"top", u.top},
      {"interval", u.interval},         {"mean_abs_shift", jnum(u.mean_abs_shift)}};
  nlohmann::ordered_json units = nlohmann::ordered_json::array();
  for (const qualis::UnitUncertainty& x : u.units) {
    nlohmann::ordered_json g = nlohmann::ordered_json::array();
    for (const double p : x.grade_probabilities) g.push_back(jnum(p));
    units.push_back({{"unit", x.unit},
                     {"nominal_rank", jnum(x.nominal_rank)},
                     {"median_rank", jnum(x.median_rank)},
                     {"rank_low", jnum(x.rank_low)},
                     {"rank_high", jnum(x.rank_high)},
                     {"mean_rank", jnum(x.mean_rank)},
                     {"mean_abs_shift", jnum(x.mean_abs_shift)},
                     {"top_probability", jnum(x.top_probability)},
                     {"grade_probabilities", g},
                     {"nominal_score", jnum(x.nominal_score)},
                     {"mean_score", jnum(x.mean_score)},
                     {"sd_score", jnum(x.sd_score)},
                     {"scored", x.scored}});
  }
  j["units"] = units;
  nlohmann::ordered_json choices = nlohmann::ordered_json::array();
  for (const qualis::ChoiceEffect& c : u.choices) {
    choices.push_back({{"factor", c.factor},
                       {"level", c.level},
                       {"runs", c.runs},
                       {"mean_abs_shift", jnum(c.mean_abs_shift)},
                       {"max_abs_shift", jnum(c.max_abs_shift)},
                       {"changed_share", jnum(c.changed_share)}});
  }
  j["choices"] = choices;
  return j;
}

nlohmann::ordered_json sensitivity_json(const qualis::SensitivityResult& s) {
  const qualis::SobolResult& r = s.indices;
  nlohmann::ordered_json j = {{"period", s.period.to_string()},
                              {"samples", r.samples},
                              {"evaluations", r.evaluations},
                              {"sampling", qualis::to_string(r.sampling)},
                              {"seed", r.seed},
                              {"bootstrap", r.bootstrap},
                              {"confidence", r.confidence},
                              {"factors", r.factors},
                              {"ranking", indices_row(r, 0)}};
  nlohmann::ordered_json units = nlohmann::ordered_json::array();
  const std::size_t U = s.units.size();
  for (std::size_t u = 0; u < U; ++u) {
    units.push_back({{"unit", s.units[u]},
                     {"rank", indices_row(r, static_cast<Eigen::Index>(1 + u))},
                     {"score", indices_row(r, static_cast<Eigen::Index>(1 + U + u))}});
  }
  j["units"] = units;
  return j;
}

}  // namespace qualis_tool
