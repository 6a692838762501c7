// qualis normalize: every normalisation method of the library on a matrix file.
#include <CLI/CLI.hpp>
#include <memory>
#include <qualis/score/normalize.hpp>

#include "tool.hpp"

namespace qualis_tool {

namespace {

struct NormalizeArgs {
  std::string method;
  std::string types;
  std::string range;
  std::string goalposts;
  std::string sd = "sample";
  std::string rescale;
  std::string formula;
  bool no_cap = false;
  std::string cost_rule = "reciprocal";
  std::string ties = "average";
  std::string thresholds;
  std::string threshold_kind = "value";
  std::string scores;
  std::string missing = "skip";
  std::string degenerate = "constant";
  std::string degenerate_value;
};

// Reads an option enum by its to_string() spelling; `count` is the number of enumerators (0..count-1).
template <class Enum>
Enum parse_enum(const std::string& text, int count, const std::string& option) {
  std::string valid;
  for (int k = 0; k < count; ++k) {
    const auto value = static_cast<Enum>(k);
    if (text == qualis::to_string(value)) return value;
    valid += (valid.empty() ? "" : ", ") + std::string(qualis::to_string(value));
  }
  throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option " + option,
                             "\"" + text + "\" is not valid; use one of " + valid);
}

qualis::Interval parse_interval(const std::string& text, const std::string& option) {
  const auto v = parse_numbers(text, 2, option);
  return {v[0], v[1]};
}

std::vector<qualis::ColumnSpec> specs_from(const NormalizeArgs& a, std::size_t cols) {
  std::vector<qualis::ColumnSpec> specs(cols);
  if (!a.types.empty()) {
    const auto types = parse_types(a.types, cols, "--types");
    for (std::size_t k = 0; k < cols; ++k) {
      specs[k].direction = types[k].direction;
      if (types[k].direction == qualis::Direction::target_is_best) specs[k].target = types[k].target;
      if (types[k].direction == qualis::Direction::range_is_best) {
        specs[k].best_range = qualis::Interval{types[k].low, types[k].high};
      }
    }
  }
  if (!a.goalposts.empty()) {
    // "lo:hi,lo:hi,...": one pair per column.
    std::vector<std::string> items;
    std::string current;
    for (const char c : a.goalposts + ",") {
      if (c == ',') {
        items.push_back(current);
        current.clear();
      } else {
        current += c == ':' ? ',' : c;
      }
    }
    if (items.size() != cols) {
      throw qualis::InvalidInput(qualis::ErrorCode::size_mismatch, "option --goalposts",
                                 std::to_string(items.size()) + " goalpost pairs for " + std::to_string(cols) +
                                     " criteria; write LOW:HIGH,LOW:HIGH,...");
    }
    for (std::size_t k = 0; k < cols; ++k) specs[k].goalposts = parse_interval(items[k], "--goalposts");
  }
  return specs;
}

qualis::NormalizeOptions options_from(const NormalizeArgs& a) {
  qualis::NormalizeOptions o;
  o.method = qualis::parse_normalization_method(a.method);
  // Options the method cannot do without, named as the command line spells them.
  if (o.method == qualis::NormalizationMethod::goalposts && a.goalposts.empty()) {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --goalposts",
                               "the goalposts method needs LOW:HIGH for every criterion (column)");
  }
  if (o.method == qualis::NormalizationMethod::categorical && a.thresholds.empty()) {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --thresholds",
                               "the categorical method needs increasing thresholds t1,t2,...");
  }
  if (!a.range.empty()) o.min_max.range = o.goalposts.range = parse_interval(a.range, "--range");
  o.z_score.deviation = parse_enum<qualis::StandardDeviation>(a.sd, 2, "--sd");
  if (!a.rescale.empty()) {
    const auto v = parse_numbers(a.rescale, 2, "--rescale");
    o.z_score.mean = v[0];
    o.z_score.sd = v[1];
  }
  if (!a.formula.empty()) {
    if (o.method == qualis::NormalizationMethod::distance_to_target) {
      o.distance_to_target.formula = parse_enum<qualis::TargetFormula>(a.formula, 3, "--formula");
    } else if (o.method == qualis::NormalizationMethod::distance_to_frontier) {
      o.distance_to_frontier.formula = parse_enum<qualis::FrontierFormula>(a.formula, 3, "--formula");
    } else {
      throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --formula",
                                 "applies to distance_to_target and distance_to_frontier only");
    }
  }
  o.goalposts.cap = o.distance_to_target.cap = !a.no_cap;
  o.ratio.cost = parse_enum<qualis::RatioCostRule>(a.cost_rule, 2, "--cost-rule");
  o.rank.ties = parse_enum<qualis::TieMethod>(a.ties, 5, "--ties");
  if (!a.thresholds.empty()) {
    // "t1,t2,..." for every column, or "t1,t2/t1,t2/..." one list per column.
    std::string rest = a.thresholds;
    std::size_t start = 0;
    while (true) {
      const auto slash = rest.find('/', start);
      o.categorical.thresholds.push_back(parse_numbers(rest.substr(start, slash - start), 0, "--thresholds"));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  o.categorical.kind = parse_enum<qualis::ThresholdKind>(a.threshold_kind, 2, "--threshold-kind");
  if (!a.scores.empty()) o.categorical.scores = parse_numbers(a.scores, 0, "--scores");
  o.rules.missing = parse_enum<qualis::MissingRule>(a.missing, 3, "--missing");
  o.rules.degenerate = parse_enum<qualis::DegenerateRule>(a.degenerate, 2, "--degenerate");
  if (!a.degenerate_value.empty()) {
    o.rules.degenerate_value = parse_numbers(a.degenerate_value, 1, "--degenerate-value")[0];
  }
  return o;
}

}  // namespace

void add_normalize_command(CLI::App& app, Io& io, Result& result) {
  auto args = std::make_shared<NormalizeArgs>();
  CLI::App* cmd = app.add_subcommand("normalize", "Normalise every column of a matrix file");
  cmd->alias("normalise");
  cmd->add_option("--method,-m", args->method, "Normalisation method:" + method_list(qualis::normalization_methods()))
      ->required()
      ->check(name_check([](const std::string& text) { qualis::parse_normalization_method(text); }));
  cmd->add_option("--types,-t", args->types,
                  "Criterion types, one per column: max, min, target:VALUE or range:LOW:HIGH (default all max)");
  cmd->add_option("--range", args->range, "min_max, goalposts: output range LOW,HIGH (default 0,1)");
  cmd->add_option("--goalposts", args->goalposts, "goalposts: LOW:HIGH per column, comma-separated");
  cmd->add_option("--sd", args->sd, "z_score: sample or population standard deviation")->capture_default_str();
  cmd->add_option("--rescale", args->rescale, "z_score: output MEAN,SD (default 0,1), e.g. 100,10");
  cmd->add_option("--formula", args->formula,
                  "distance_to_target: ratio, relative_gap or scaled; distance_to_frontier: ratio, relative_gap "
                  "or range (default ratio)");
  cmd->add_flag("--no-cap", args->no_cap, "goalposts, distance_to_target: do not clip at the goalposts or target");
  cmd->add_option("--cost-rule", args->cost_rule, "fraction_of_max, vector, sum: reciprocal or complement")
      ->capture_default_str();
  cmd->add_option("--ties", args->ties, "rank, percentile_rank, borda: average, min or max")->capture_default_str();
  cmd->add_option("--thresholds", args->thresholds,
                  "categorical: increasing thresholds t1,t2,... for all columns, or one list per column "
                  "separated by /");
  cmd->add_option("--threshold-kind", args->threshold_kind, "categorical: value or quantile")->capture_default_str();
  cmd->add_option("--scores", args->scores, "categorical: scores of categories 0..k (default 0,1,...,k)");
  cmd->add_option("--missing", args->missing, "Missing values: skip (kept missing) or reject")->capture_default_str();
  cmd->add_option("--degenerate", args->degenerate, "Constant columns: constant (neutral value) or reject")
      ->capture_default_str();
  cmd->add_option("--degenerate-value", args->degenerate_value, "The value constant columns get");
  add_io_options(*cmd, io);
  cmd->callback([args, &io, &result] {
    const qualis::MatrixFile m = read_matrix_input(io);
    const auto cols = static_cast<std::size_t>(m.values.cols());
    const qualis::NormalizeOptions options = options_from(*args);
    if (options.rules.missing == qualis::MissingRule::reject) {
      require_complete(m, source_name(io), "alternative", "criterion", "--missing reject asks for complete data");
    }
    qualis::NormalizeResult r;
    with_ids(m, [&] { r = qualis::normalize(m.values, specs_from(*args, cols), options); });
    Result out;
    out.command = "normalize";
    out.method = qualis::to_string(options.method);
    out.columns.push_back(m.id_column.empty() ? std::string("id") : m.id_column);
    out.columns.insert(out.columns.end(), m.column_ids.begin(), m.column_ids.end());
    for (Eigen::Index i = 0; i < r.values.rows(); ++i) {
      std::vector<Cell> row;
      row.reserve(cols + 1);
      row.emplace_back(m.row_ids[static_cast<std::size_t>(i)]);
      for (Eigen::Index j = 0; j < r.values.cols(); ++j) row.emplace_back(r.values(i, j));
      out.rows.push_back(std::move(row));
    }
    nlohmann::ordered_json status = nlohmann::ordered_json::object();
    for (std::size_t j = 0; j < cols; ++j) {
      status[m.column_ids[j]] = qualis::to_string(r.status[j]);
      if (r.status[j] != qualis::ColumnStatus::ok) {
        out.notes.push_back("criterion " + m.column_ids[j] + ": " + qualis::to_string(r.status[j]));
      }
      if (r.capped[j] > 0) {
        out.notes.push_back("criterion " + m.column_ids[j] + ": " + std::to_string(r.capped[j]) + " value(s) capped");
      }
    }
    out.details["column_status"] = status;
    result = std::move(out);
  });
}

}  // namespace qualis_tool
