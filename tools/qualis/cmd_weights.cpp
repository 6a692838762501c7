// qualis weights: criterion weights from a decision matrix (equal, entropy, CRITIC, cv, std, PCA, fixed,
// combined) or from an AHP pairwise comparison matrix.
#include <CLI/CLI.hpp>
#include <memory>
#include <qualis/score/ahp.hpp>
#include <qualis/score/weights.hpp>

#include "tool.hpp"

namespace qualis_tool {

namespace {

struct WeightsArgs {
  std::string method;
  std::string types;
  std::string fixed;
  std::string missing = "reject";
  std::string derivation = "eigenvector";
  std::string ri_table = "saaty";
  double cr_threshold = 0.10;
  std::string consistency = "reject";
  std::string scale = "saaty";
  int factors = 0;
  std::string rotation = "varimax";
  std::string normalization;  // entropy/std: min_max or none
  std::string combine_rule = "linear";
  double alpha = 0.5;
  std::string objective = "entropy";
};

qualis::MissingRule parse_missing(const std::string& text) {
  if (text == "reject") return qualis::MissingRule::reject;
  if (text == "skip") return qualis::MissingRule::skip;
  throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --missing",
                             "\"" + text + "\" is not a missing-value rule here; use reject or skip");
}

Result ahp_result(const WeightsArgs& a, const qualis::MatrixFile& m, const std::string& source) {
  if (m.values.rows() != m.values.cols()) {
    throw qualis::InvalidInput(qualis::ErrorCode::size_mismatch, "ahp",
                               "a pairwise comparison matrix is square; this one has " +
                                   std::to_string(m.values.rows()) + " rows and " + std::to_string(m.values.cols()) +
                                   " columns");
  }
  for (std::size_t k = 0; k < m.row_ids.size(); ++k) {
    if (m.row_ids[k] != m.column_ids[k]) {
      throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, "ahp",
                                 "row " + std::to_string(k + 1) + " is \"" + m.row_ids[k] + "\" but column " +
                                     std::to_string(k + 1) + " is \"" + m.column_ids[k] +
                                     "\": rows and columns must list the criteria in the same order");
    }
  }
  require_complete(m, source, "row", "column", "AHP needs a complete pairwise comparison matrix");
  qualis::AhpOptions opt;
  opt.derivation = qualis::parse_ahp_derivation(a.derivation);
  opt.random_index = qualis::parse_random_index_table(a.ri_table);
  opt.threshold = a.cr_threshold;
  // The tool words the rejection itself: the library's message names its C++ option, not --consistency.
  opt.policy = qualis::ConsistencyPolicy::warn;
  opt.scale = a.scale == "any_positive" ? qualis::AhpScale::any_positive : qualis::AhpScale::saaty;
  const qualis::AhpResult r = qualis::ahp_weights(m.values, opt);
  if (!r.consistent && a.consistency != "warn") {
    throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, source,
                               "consistency ratio CR = " + qualis::detail::pairwise::short_number(r.cr) +
                                   " exceeds the threshold " + qualis::format_number(a.cr_threshold) +
                                   " (CI = " + qualis::detail::pairwise::short_number(r.ci) + ", RI(" +
                                   std::to_string(m.values.rows()) + ") = " + qualis::format_number(r.ri) +
                                   ", lambda_max = " + qualis::detail::pairwise::short_number(r.lambda_max) +
                                   "); revise the judgements, or accept them with --consistency warn");
  }
  Result out;
  out.command = "weights";
  out.method = "ahp";
  out.columns = {"criterion", "weight"};
  for (std::size_t k = 0; k < m.row_ids.size(); ++k) {
    out.rows.push_back({m.row_ids[k], r.weights[static_cast<Eigen::Index>(k)]});
  }
  out.details["derivation"] = qualis::to_string(r.derivation);
  out.details["random_index_table"] = qualis::to_string(r.random_index);
  out.details["lambda_max"] = r.lambda_max;
  out.details["ci"] = r.ci;
  out.details["cr"] = r.cr;
  out.details["ri"] = r.ri;
  out.details["threshold"] = a.cr_threshold;
  out.details["consistent"] = r.consistent;
  out.details["iterations"] = r.iterations;
  out.notes.push_back("ahp " + std::string(qualis::to_string(r.derivation)) +
                      ": lambda_max=" + qualis::format_number(r.lambda_max) + " CI=" + qualis::format_number(r.ci) +
                      " CR=" + qualis::format_number(r.cr) + " (RI=" + qualis::format_number(r.ri) + ", " +
                      (r.consistent ? "consistent" : "NOT consistent") + " at " +
                      qualis::format_number(a.cr_threshold) + ")");
  return out;
}

Result weights_result(const WeightsArgs& a, const qualis::MatrixFile& m, const std::string& source) {
  const auto cols = static_cast<std::size_t>(m.values.cols());
  qualis::WeightOptions opt;
  opt.method = qualis::parse_weighting_method(a.method);
  std::vector<qualis::Direction> directions(cols, qualis::Direction::higher_is_better);
  if (!a.types.empty()) directions = directions_of(parse_types(a.types, cols, "--types"));
  if (a.fixed.empty() &&
      (opt.method == qualis::WeightingMethod::fixed || opt.method == qualis::WeightingMethod::combined)) {
    throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --fixed",
                               std::string("the ") + qualis::to_string(opt.method) +
                                   " method needs one raw weight per criterion: --fixed w1,w2,...");
  }
  if (!a.fixed.empty()) {
    const auto raw = parse_numbers(a.fixed, cols, "--fixed");
    opt.fixed = Eigen::Map<const Eigen::VectorXd>(raw.data(), static_cast<Eigen::Index>(raw.size()));
  }
  const qualis::MissingRule missing = parse_missing(a.missing);
  if (missing == qualis::MissingRule::reject && opt.method != qualis::WeightingMethod::equal &&
      opt.method != qualis::WeightingMethod::fixed) {
    require_complete(m, source, "alternative", "criterion",
                     std::string(qualis::to_string(opt.method)) +
                         " needs complete data (--missing skip leaves out incomplete alternatives)");
  }
  opt.entropy.missing = opt.critic.missing = opt.cv.missing = opt.sd.missing = opt.pca.missing = missing;
  if (!a.normalization.empty()) {
    const auto n = a.normalization == "none" ? qualis::WeightNormalization::none : qualis::WeightNormalization::min_max;
    if (a.normalization != "none" && a.normalization != "min_max") {
      throw qualis::InvalidInput(qualis::ErrorCode::invalid_argument, "option --normalization",
                                 "\"" + a.normalization + "\": use min_max or none");
    }
    opt.entropy.normalization = opt.sd.normalization = n;
  }
  opt.pca.factors = a.factors;
  opt.pca.rotation = a.rotation == "none" ? qualis::PcaRotation::none : qualis::PcaRotation::varimax;
  opt.combine.rule =
      a.combine_rule == "multiplicative" ? qualis::CombinationRule::multiplicative : qualis::CombinationRule::linear;
  opt.combine.alpha = a.alpha;
  opt.combine.objective = qualis::parse_weighting_method(a.objective);
  const qualis::WeightResult r = qualis::compute_weights(m.values, directions, opt);

  Result out;
  out.command = "weights";
  out.method = qualis::to_string(r.method);
  out.columns = {"criterion", "weight"};
  for (std::size_t k = 0; k < cols; ++k) out.rows.push_back({m.column_ids[k], r.weights[static_cast<Eigen::Index>(k)]});
  out.details["status"] = qualis::to_string(r.status);
  out.details["units_used"] = r.units_used;
  out.details["units_excluded"] = r.units_excluded;
  nlohmann::ordered_json degenerate = nlohmann::ordered_json::array();
  for (const auto j : r.degenerate_columns) degenerate.push_back(m.column_ids[static_cast<std::size_t>(j)]);
  out.details["degenerate_criteria"] = degenerate;
  if (r.status != qualis::WeightStatus::ok) out.notes.push_back(std::string("status ") + qualis::to_string(r.status));
  if (!r.degenerate_columns.empty()) {
    out.notes.push_back("constant criteria get weight 0: " + degenerate.dump());
  }
  if (r.units_excluded > 0) {
    out.notes.push_back(std::to_string(r.units_excluded) + " unit(s) with missing values left out");
  }
  return out;
}

}  // namespace

void add_weights_command(CLI::App& app, Io& io, Result& result) {
  auto args = std::make_shared<WeightsArgs>();
  CLI::App* cmd =
      app.add_subcommand("weights", "Criterion weights from a decision matrix, or AHP from a pairwise matrix");
  cmd->add_option(
         "--method,-m", args->method,
         "Weighting method (ahp reads a pairwise comparison matrix):" + method_list(qualis::weighting_methods()) +
             "\n  ahp                    " + "AHP priority vector with lambda_max, CI and CR (Saaty 1977/1980)")
      ->required()
      ->check([](const std::string& text) -> std::string {
        if (qualis::detail::iequals(text, "ahp")) return {};
        const std::string problem = name_check([](const std::string& t) { qualis::parse_weighting_method(t); })(text);
        return problem.empty() ? problem : problem + ", or ahp for a pairwise comparison matrix";
      });
  cmd->add_option("--types,-t", args->types, "Criterion types, one per column: max or min (default all max)");
  cmd->add_option("--fixed", args->fixed, "Raw expert weights w1,w2,... (methods fixed and combined)");
  cmd->add_option("--missing", args->missing, "Missing values: reject or skip (drop incomplete units)")
      ->capture_default_str();
  cmd->add_option("--normalization", args->normalization,
                  "entropy/std: min_max (default, honours --types) or none (raw values)");
  cmd->add_option("--factors", args->factors, "pca: factors to keep (0: the Handbook's rules)")->capture_default_str();
  cmd->add_option("--rotation", args->rotation, "pca: varimax or none")
      ->check(CLI::IsMember({"varimax", "none"}))
      ->capture_default_str();
  cmd->add_option("--rule", args->combine_rule, "combined: linear or multiplicative")
      ->check(CLI::IsMember({"linear", "multiplicative"}))
      ->capture_default_str();
  cmd->add_option("--alpha", args->alpha, "combined (linear): share of the subjective weights")->capture_default_str();
  cmd->add_option("--objective", args->objective, "combined: the objective method")
      ->capture_default_str()
      ->check(name_check([](const std::string& text) { qualis::parse_weighting_method(text); }));
  cmd->add_option("--derivation", args->derivation, "ahp: " + name_list(qualis::ahp_derivations()))
      ->capture_default_str()
      ->check(name_check([](const std::string& text) { qualis::parse_ahp_derivation(text); }));
  cmd->add_option("--ri-table", args->ri_table, "ahp: random-index table: saaty, alonso_lamata, chinese_textbook")
      ->capture_default_str()
      ->check(name_check([](const std::string& text) { qualis::parse_random_index_table(text); }));
  cmd->add_option("--cr-threshold", args->cr_threshold, "ahp: largest acceptable consistency ratio")
      ->capture_default_str();
  cmd->add_option("--consistency", args->consistency, "ahp: reject or warn when CR exceeds the threshold")
      ->check(CLI::IsMember({"reject", "warn"}))
      ->capture_default_str();
  cmd->add_option("--scale", args->scale, "ahp: saaty (values in 1/9..9) or any_positive")
      ->check(CLI::IsMember({"saaty", "any_positive"}))
      ->capture_default_str();
  add_io_options(*cmd, io);
  cmd->callback([args, &io, &result] {
    const qualis::MatrixFile m = read_matrix_input(io);
    with_ids(m, [&] {
      result = qualis::detail::iequals(args->method, "ahp") ? ahp_result(*args, m, source_name(io))
                                                            : weights_result(*args, m, source_name(io));
    });
  });
}

}  // namespace qualis_tool
