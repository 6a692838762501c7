// qualis trend: one trend method (Mann-Kendall family, Sen, OLS, Pettitt, CAGR, Holt, GM(1,1)) over every series of
// a long CSV file `series,period,value`: one row per series (regional: one row for all series).
#include <CLI/CLI.hpp>
#include <memory>
#include <qualis/detail/text.hpp>
#include <qualis/trend/batch.hpp>

#include "tool.hpp"

namespace qualis_tool {

namespace {

struct TrendArgs {
  std::string method;
  double alpha = 0.05;
  int lag = 0;
  int season_length = 12;
  int horizon = 3;
  double confidence = 0.95;
};

qualis::SeriesFile read_series_input(const Io& io) {
  if (io.input == "-") return qualis::read_series(qualis::read_csv(*io.in, "<stdin>"), "<stdin>");
  return qualis::read_series(qualis::read_csv_file(io.input), io.input);
}

// The series of one file entry; periods whose middles do not increase (mixed frequencies) are a data error
// naming the series and the two lines.
qualis::Series series_of(const qualis::SeriesFile::Entry& e, const std::string& source) {
  const Eigen::Map<const Eigen::VectorXd> values(e.values.data(), static_cast<Eigen::Index>(e.values.size()));
  for (std::size_t k = 1; k < e.periods.size(); ++k) {
    if (!(qualis::period_time(e.periods[k]) > qualis::period_time(e.periods[k - 1]))) {
      throw qualis::InvalidInput(qualis::ErrorCode::inconsistent, source + "[series=" + e.id + "]",
                                 "periods " + e.periods[k - 1].to_string() + " (line " +
                                     std::to_string(e.lines[k - 1]) + ") and " + e.periods[k].to_string() + " (line " +
                                     std::to_string(e.lines[k]) +
                                     ") do not follow each other in time (mixed frequencies)");
    }
  }
  return qualis::make_series(e.periods, values);
}

std::vector<Cell> row_of(const std::string& id, const qualis::TrendSummary& s,
                         const std::vector<std::string>& columns) {
  std::vector<Cell> row;
  row.reserve(columns.size() + 6);
  row.emplace_back(id);
  row.emplace_back(std::string(qualis::to_string(s.method)));
  row.emplace_back(std::string(qualis::to_string(s.status)));
  row.emplace_back(static_cast<std::int64_t>(s.n));
  row.emplace_back(static_cast<std::int64_t>(s.missing));
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const double v = s.values[k];
    if (qualis::trend_column_is_text(columns[k])) {
      row.emplace_back(s.texts[k]);
    } else if ((columns[k] == "h" || columns[k] == "s" || columns[k] == "pairs" || columns[k] == "lags" ||
                columns[k] == "n_tested") &&
               std::isfinite(v)) {
      row.emplace_back(static_cast<std::int64_t>(v));  // counts and the 0/1 verdict as integers
    } else {
      row.emplace_back(v);
    }
  }
  row.emplace_back(s.reason);
  return row;
}

Result trend_result(const TrendArgs& a, const Io& io) {
  qualis::TrendOptions opt;
  opt.method = qualis::parse_trend_method(a.method);
  opt.alpha = a.alpha;
  opt.lag = a.lag;
  opt.season_length = a.season_length;
  opt.horizon = a.horizon;
  opt.confidence = a.confidence;
  const std::string source = source_name(io);
  const qualis::SeriesFile file = read_series_input(io);
  std::vector<qualis::Series> all;
  all.reserve(file.series.size());
  for (const auto& e : file.series) all.push_back(series_of(e, source));

  Result out;
  out.command = "trend";
  out.method = qualis::to_string(opt.method);
  const std::vector<std::string> columns = qualis::trend_columns(opt.method, opt.horizon);
  out.columns = {"series", "method", "status", "n", "missing"};
  out.columns.insert(out.columns.end(), columns.begin(), columns.end());
  out.columns.emplace_back("reason");
  std::size_t without = 0;
  if (opt.method == qualis::TrendMethod::regional) {
    const qualis::TrendSummary s = qualis::trend_summary(all, opt);
    out.rows.push_back(row_of("", s, columns));
    without += s.status == qualis::TrendStatus::ok ? 0 : 1;
  } else {
    for (std::size_t k = 0; k < all.size(); ++k) {
      const auto& e = file.series[k];
      qualis::TrendSummary s;
      try {
        s = qualis::trend_summary(
            e.periods, Eigen::Map<const Eigen::VectorXd>(e.values.data(), static_cast<Eigen::Index>(e.values.size())),
            opt);
      } catch (const qualis::InvalidInput& err) {
        throw qualis::InvalidInput(err.code(), source + "[series=" + e.id + "]",
                                   qualis::detail::without_prefix(err.what()));
      }
      out.rows.push_back(row_of(e.id, s, columns));
      without += s.status == qualis::TrendStatus::ok ? 0 : 1;
    }
  }
  out.details["alpha"] = opt.alpha;
  out.details["lag"] = opt.lag;
  out.details["season_length"] = opt.season_length;
  out.details["horizon"] = opt.horizon;
  out.details["confidence"] = opt.confidence;
  out.details["series"] = file.series.size();
  if (without > 0) {
    out.notes.push_back(std::to_string(without) + " of " + std::to_string(out.rows.size()) +
                        " row(s) without a complete result; see the reason column");
  }
  return out;
}

// A check for a level strictly inside (0, 1): "alpha = 1 is outside (0, 1)" (exit 2).
std::function<std::string(const std::string&)> open_unit_check(const std::string& name) {
  const auto closed = range_check(name, 0.0, 1.0, true);
  return [name, closed](const std::string& text) -> std::string {
    std::string problem = closed(text);
    if (problem.empty() && std::stod(text) >= 1.0) problem = name + " = " + text + " is outside (0, 1)";
    return problem;
  };
}

}  // namespace

void add_trend_command(CLI::App& app, Io& io, Result& result) {
  auto args = std::make_shared<TrendArgs>();
  CLI::App* cmd =
      app.add_subcommand("trend", "Trend of each series of a long CSV file series,period,value (one row per series)");
  cmd->add_option("--method,-m", args->method, "Trend method:" + method_list(qualis::trend_methods()))
      ->required()
      ->check(name_check([](const std::string& text) { qualis::parse_trend_method(text); }));
  cmd->add_option("--alpha", args->alpha, "Mann-Kendall family: significance level, in (0, 1)")
      ->capture_default_str()
      ->check(open_unit_check("alpha"));
  cmd->add_option("--lag", args->lag, "hamed-rao, yue-wang: highest autocorrelation lag (0 = every lag)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--season-length", args->season_length, "seasonal: season length (12 monthly, 4 quarterly)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--horizon", args->horizon, "holt, gm11: steps to forecast")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--confidence", args->confidence,
                  "Level of the Sen, ols slope and holt forecast intervals, in (0, 1)")
      ->capture_default_str()
      ->check(open_unit_check("confidence"));
  add_io_options(*cmd, io);
  cmd->callback([args, &io, &result] { result = trend_result(*args, io); });
}

}  // namespace qualis_tool
