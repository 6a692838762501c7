// qualis rank: score and rank the alternatives of a matrix file with an MCDA method (TOPSIS, VIKOR, GRA,
// fuzzy comprehensive evaluation) or an aggregation (weighted sums and means, MPI, Borda, Copeland).
#include <CLI/CLI.hpp>
#include <memory>
#include <qualis/score/aggregate.hpp>
#include <qualis/score/mcda.hpp>
#include <qualis/score/normalize.hpp>
#include <qualis/score/rank.hpp>
#include <qualis/score/weights.hpp>

#include "tool.hpp"

namespace qualis_tool {

namespace {

struct RankArgs {
  std::string method;
  std::string types;
  std::string weights;
  std::string weights_method;
  std::string normalization;
  double v = 0.5;
  double rho = 0.5;
  std::string distance = "euclidean";
  double power = 1.0;
  std::string missing = "skip";
  std::string ties = "min";
  std::string thresholds;
  std::string grade_scores;
  std::string fce_operator = "weighted_average";
};

bool is_mcda(const std::string& name) {
  for (const auto& m : qualis::mcda_methods()) {
    if (qualis::detail::iequals(name, m.name)) return true;
    for (const char* alias : m.aliases) {
      if (qualis::detail::iequals(name, alias)) return true;
    }
  }
  return false;
}

Eigen::VectorXd weights_for(const RankArgs& a, const qualis::MatrixFile& m,
                            const std::vector<qualis::Direction>& directions, Result& out) {
  const auto cols = static_cast<std::size_t>(m.values.cols());
  if (!a.weights.empty() && !a.weights_method.empty()) {
    throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, "options --weights and --weights-method",
                               "give one of them, not both");
  }
  if (!a.weights.empty()) {
    const auto w = parse_numbers(a.weights, cols, "--weights");
    double total = 0.0;
    for (std::size_t k = 0; k < w.size(); ++k) {
      if (w[k] < 0.0) {
        throw qualis::InvalidInput(qualis::ErrorCode::out_of_range, "option --weights",
                                   "item " + std::to_string(k + 1) + " (criterion " + m.column_ids[k] +
                                       ") is negative: " + qualis::format_number(w[k]));
      }
      total += w[k];
    }
    if (!(total > 0.0)) {
      throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, "option --weights", "every weight is zero");
    }
    out.details["weights_source"] = "given";
    return Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  }
  qualis::WeightOptions opt;
  opt.method =
      a.weights_method.empty() ? qualis::WeightingMethod::equal : qualis::parse_weighting_method(a.weights_method);
  const qualis::WeightResult r = qualis::compute_weights(m.values, directions, opt);
  out.details["weights_source"] = qualis::to_string(r.method);
  if (r.status != qualis::WeightStatus::ok) {
    out.notes.push_back(std::string("weights ") + qualis::to_string(r.method) + ": " + qualis::to_string(r.status));
  }
  return r.weights;
}

void add_weights_detail(const Eigen::VectorXd& w, const qualis::MatrixFile& m, Result& out) {
  nlohmann::ordered_json weights = nlohmann::ordered_json::object();
  const double total = w.sum();
  for (std::size_t j = 0; j < m.column_ids.size(); ++j)
    weights[m.column_ids[j]] = w[static_cast<Eigen::Index>(j)] / total;
  out.details["weights"] = weights;
}

Result run_mcda(const RankArgs& a, const qualis::MatrixFile& m, const std::vector<qualis::Direction>& directions) {
  Result out;
  out.command = "rank";
  const Eigen::VectorXd w = weights_for(a, m, directions, out);
  qualis::McdaOptions opt;
  opt.method = qualis::parse_mcda_method(a.method);
  opt.topsis.distance = qualis::parse_topsis_distance(a.distance);
  if (!a.normalization.empty()) {
    if (opt.method == qualis::McdaMethod::topsis) {
      opt.topsis.normalization = qualis::parse_topsis_normalization(a.normalization);
    } else if (opt.method == qualis::McdaMethod::gra) {
      opt.gra.normalization = qualis::parse_gra_normalization(a.normalization);
    } else {
      throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --normalization",
                                 "applies to topsis and gra (and to the aggregation methods), not to " + a.method);
    }
  }
  opt.vikor.v = a.v;
  opt.gra.rho = a.rho;
  if (opt.method == qualis::McdaMethod::fce) {
    const auto cols = m.values.cols();
    if (!a.grade_scores.empty()) {
      const auto s = parse_numbers(a.grade_scores, 0, "--grade-scores");
      opt.fce.grade_scores = Eigen::Map<const Eigen::VectorXd>(s.data(), static_cast<Eigen::Index>(s.size()));
    }
    if (a.thresholds.empty()) {
      throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --thresholds",
                                 "fce needs the grade breakpoints of every criterion, best grade first: "
                                 "b1,b2,.../b1,b2,.../... (one list per criterion)");
    }
    std::vector<std::vector<double>> rows;
    std::size_t start = 0;
    while (true) {
      const auto slash = a.thresholds.find('/', start);
      rows.push_back(parse_numbers(a.thresholds.substr(start, slash - start),
                                   static_cast<std::size_t>(opt.fce.grade_scores.size()), "--thresholds"));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    if (static_cast<Eigen::Index>(rows.size()) != cols) {
      throw qualis::InvalidInput(
          qualis::ErrorCode::size_mismatch, "option --thresholds",
          std::to_string(rows.size()) + " breakpoint lists for " + std::to_string(cols) + " criteria");
    }
    opt.fce.thresholds.resize(cols, opt.fce.grade_scores.size());
    for (Eigen::Index j = 0; j < cols; ++j) {
      for (Eigen::Index k = 0; k < opt.fce.grade_scores.size(); ++k) {
        opt.fce.thresholds(j, k) = rows[static_cast<std::size_t>(j)][static_cast<std::size_t>(k)];
      }
    }
    opt.fce.composition = qualis::parse_fuzzy_operator(a.fce_operator);
  }
  const qualis::McdaResult r = qualis::mcda(m.values, w, directions, opt);
  out.method = qualis::to_string(r.method);
  add_weights_detail(w, m, out);
  out.details["status"] = qualis::to_string(r.status);
  if (r.status != qualis::McdaStatus::ok) out.notes.push_back(std::string("status ") + qualis::to_string(r.status));
  out.columns = {"alternative", "score", "rank"};
  if (r.vikor) {
    out.columns = {"alternative", "score", "rank", "S", "R", "Q"};
    nlohmann::ordered_json compromise = nlohmann::ordered_json::array();
    for (const auto i : r.vikor->compromise) compromise.push_back(m.row_ids[static_cast<std::size_t>(i)]);
    out.details["compromise"] = compromise;
    out.details["acceptable_advantage"] = r.vikor->acceptable_advantage;
    out.details["acceptable_stability"] = r.vikor->acceptable_stability;
    out.details["dq"] = r.vikor->dq;
    out.notes.push_back("vikor compromise set " + compromise.dump() +
                        " (acceptable advantage: " + (r.vikor->acceptable_advantage ? "yes" : "no") +
                        ", acceptable stability: " + (r.vikor->acceptable_stability ? "yes" : "no") + ")");
  }
  if (r.fce) out.columns.emplace_back("grade");
  for (Eigen::Index i = 0; i < r.scores.size(); ++i) {
    std::vector<Cell> row = {m.row_ids[static_cast<std::size_t>(i)], r.scores[i], std::int64_t{r.ranks[i]}};
    if (r.vikor) {
      row.emplace_back(r.vikor->s[i]);
      row.emplace_back(r.vikor->r[i]);
      row.emplace_back(r.vikor->q[i]);
    }
    if (r.fce) row.emplace_back(std::int64_t{r.fce->grade[i]} + 1);
    out.rows.push_back(std::move(row));
  }
  return out;
}

Result run_aggregation(const RankArgs& a, const qualis::MatrixFile& m, const std::vector<qualis::ColumnSpec>& specs,
                       const std::vector<qualis::Direction>& directions) {
  Result out;
  out.command = "rank";
  qualis::AggregateOptions opt;
  opt.method = qualis::parse_aggregation_method(a.method);
  opt.power = a.power;
  if (a.missing == "skip") {
    opt.missing.rule = qualis::MissingRule::skip;
  } else if (a.missing == "propagate") {
    opt.missing.rule = qualis::MissingRule::propagate;
  } else if (a.missing == "reject") {
    opt.missing.rule = qualis::MissingRule::reject;
  } else {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --missing",
                               "\"" + a.missing + "\": use skip, propagate or reject");
  }
  // The aggregations read benefit-oriented, comparable columns: normalise first (honouring --types).
  std::string normalization = a.normalization;
  if (normalization.empty()) {
    switch (opt.method) {
      case qualis::AggregationMethod::geometric_mean:
      case qualis::AggregationMethod::harmonic_mean:
        normalization = "fraction_of_max";  // ratio scale, positive for positive data
        break;
      case qualis::AggregationMethod::mazziotta_pareto:
      case qualis::AggregationMethod::adjusted_mazziotta_pareto:
        normalization = "z_score";  // MPI standardises anyway; z-scores carry the directions
        break;
      default:
        normalization = "min_max";
    }
  }
  Eigen::MatrixXd x;
  if (normalization == "none") {
    for (std::size_t j = 0; j < directions.size(); ++j) {
      if (directions[j] != qualis::Direction::higher_is_better) {
        throw qualis::InvalidInput(
            qualis::ErrorCode::inconsistent, "option --normalization",
            "none keeps raw values, so every criterion must be max; criterion " + m.column_ids[j] + " is not");
      }
    }
    x = m.values;
  } else {
    qualis::NormalizeOptions nopt;
    nopt.method = qualis::parse_normalization_method(normalization);
    x = qualis::normalize(m.values, specs, nopt).values;
  }
  // Data-driven weights are computed on the normalised, benefit-oriented matrix the aggregation reads.
  qualis::MatrixFile oriented = m;
  oriented.values = x;
  const Eigen::VectorXd w = weights_for(
      a, oriented, std::vector<qualis::Direction>(directions.size(), qualis::Direction::higher_is_better), out);
  const qualis::AggregateResult r = qualis::aggregate(x, w, opt);
  qualis::RankOptions ropt;
  ropt.ties = qualis::parse_tie_method(a.ties);
  const qualis::RankResult ranks = qualis::rank(r.scores, ropt);
  out.method = qualis::to_string(opt.method);
  out.details["normalization"] = normalization;
  add_weights_detail(w, m, out);
  out.details["status"] = qualis::to_string(r.status);
  out.columns = {"alternative", "score", "rank"};
  for (Eigen::Index i = 0; i < r.scores.size(); ++i) {
    out.rows.push_back({m.row_ids[static_cast<std::size_t>(i)], r.scores[i], rank_cell(ranks.ranks[i])});
    if (r.unit_status[static_cast<std::size_t>(i)] != qualis::AggregateUnitStatus::scored) {
      out.notes.push_back("alternative " + m.row_ids[static_cast<std::size_t>(i)] + ": " +
                          qualis::to_string(r.unit_status[static_cast<std::size_t>(i)]));
    }
  }
  return out;
}

}  // namespace

void add_rank_command(CLI::App& app, Io& io, Result& result) {
  auto args = std::make_shared<RankArgs>();
  CLI::App* cmd = app.add_subcommand("rank", "Score and rank the alternatives (rows) of a matrix file");
  cmd->add_option("--method,-m", args->method,
                  "MCDA method:" + method_list(qualis::mcda_methods()) +
                      "\nor aggregation (wsm = arithmetic_mean, "
                      "wpm = geometric_mean, mpi = mazziotta_pareto):" +
                      method_list(qualis::aggregation_methods()))
      ->required()
      ->check([](const std::string& text) -> std::string {
        if (is_mcda(text)) return {};
        if (name_check([](const std::string& t) { qualis::parse_aggregation_method(t); })(text).empty()) return {};
        return "\"" + text + "\" is not a rank method; valid names: " + name_list(qualis::mcda_methods()) + ", " +
               name_list(qualis::aggregation_methods()) + " (aliases: wsm, wpm, mpi, ampi)";
      });
  cmd->add_option("--types,-t", args->types, "Criterion types, one per column: max or min (default all max)");
  cmd->add_option("--weights,-w", args->weights, "Weights w1,w2,... one per column (normalised to sum 1)");
  cmd->add_option("--weights-method", args->weights_method,
                  "Compute the weights instead:" + method_list(qualis::weighting_methods()) +
                      "\n(neither option: equal weights)")
      ->check(name_check([](const std::string& text) { qualis::parse_weighting_method(text); }));
  cmd->add_option("--normalization", args->normalization,
                  "topsis: vector (default), min_max, sum, max; gra: min_max (default), initial_value, mean_value, "
                  "none; aggregations: any normalisation method or none (default min_max; fraction_of_max for "
                  "wpm and harmonic_mean; z_score for mpi)");
  cmd->add_option("--v", args->v, "vikor: weight of the group utility S, in [0, 1]")
      ->capture_default_str()
      ->check(range_check("v", 0.0, 1.0, false));
  cmd->add_option("--rho", args->rho, "gra: distinguishing coefficient, in (0, 1]")
      ->capture_default_str()
      ->check(range_check("rho", 0.0, 1.0, true));
  cmd->add_option("--distance", args->distance, "topsis: euclidean, manhattan or chebyshev")
      ->capture_default_str()
      ->check(name_check([](const std::string& text) { qualis::parse_topsis_distance(text); }));
  cmd->add_option("--power", args->power, "power_mean: the exponent p")->capture_default_str();
  cmd->add_option("--missing", args->missing, "aggregations: skip, propagate or reject missing values")
      ->capture_default_str();
  cmd->add_option("--ties", args->ties, "aggregations: min, max, average, dense or first")
      ->capture_default_str()
      ->check(name_check([](const std::string& text) { qualis::parse_tie_method(text); }));
  cmd->add_option("--thresholds", args->thresholds,
                  "fce: grade breakpoints per criterion, best grade first: b1,b2,.../b1,b2,.../...");
  cmd->add_option("--grade-scores", args->grade_scores,
                  "fce: score of each grade, best first (default 95,85,75,65,50)");
  cmd->add_option("--operator", args->fce_operator, "fce: max_min, max_product, bounded_min_sum or weighted_average")
      ->capture_default_str()
      ->check(name_check([](const std::string& text) { qualis::parse_fuzzy_operator(text); }));
  add_io_options(*cmd, io);
  cmd->callback([args, &io, &result] {
    const qualis::MatrixFile m = read_matrix_input(io);
    const auto cols = static_cast<std::size_t>(m.values.cols());
    std::vector<CriterionType> types(cols);
    if (!args->types.empty()) types = parse_types(args->types, cols, "--types");
    std::vector<qualis::ColumnSpec> specs(cols);
    for (std::size_t k = 0; k < cols; ++k) {
      specs[k].direction = types[k].direction;
      if (types[k].direction == qualis::Direction::target_is_best) specs[k].target = types[k].target;
      if (types[k].direction == qualis::Direction::range_is_best) {
        specs[k].best_range = qualis::Interval{types[k].low, types[k].high};
      }
    }
    if (is_mcda(args->method)) {
      require_complete(m, source_name(io), "alternative", "criterion",
                       args->method + " needs complete data (the aggregation methods can skip missing values)");
      with_ids(m, [&] { result = run_mcda(*args, m, directions_of(types)); });
    } else {
      // Target and range criteria are positivised by the normalisation; weights see them as benefit.
      std::vector<qualis::Direction> directions(cols);
      for (std::size_t k = 0; k < cols; ++k) {
        directions[k] = types[k].direction == qualis::Direction::lower_is_better ? qualis::Direction::lower_is_better
                                                                                 : qualis::Direction::higher_is_better;
      }
      with_ids(m, [&] { result = run_aggregation(*args, m, specs, directions); });
    }
  });
}

}  // namespace qualis_tool
