// The self-contained HTML report of an assessment: one file with inline CSS and SVG (no script, no network, no
// external font), readable in Chinese and in English (a CSS-only language switch), with an overview, the ranking
// of the latest period, a rank "bump" chart over the periods, one section per cluster (eleven-step radar, key
// indicator sparklines, dimension scores, obstacles, gaps, strengths and weaknesses) and the methods (every
// choice, weight and preparation record, the files and the qualis version) so that a reader can reproduce it.
#ifndef QUALIS_TOOL_REPORT_REPORT_HPP
#define QUALIS_TOOL_REPORT_REPORT_HPP

#include <cstddef>
#include <qualis/assessment/model.hpp>
#include <qualis/assessment/run.hpp>
#include <qualis/assessment/uncertainty.hpp>
#include <qualis/model/names.hpp>
#include <qualis/trend/batch.hpp>
#include <qualis/trend/rank_dynamics.hpp>
#include <string>
#include <vector>

namespace qualis_tool {

/// One input file of the assessment, listed in the methods section.
struct ReportFile {
  std::string role;  ///< What the file holds, e.g. "panel", "clusters", "steps".
  std::string path;  ///< The path as given on the command line.
};

/// Everything the report shows. `inputs` and `result` are required; everything else is optional.
struct ReportInput {
  /// The inputs of the run: framework, clusters, regions (optional), panel and step assessments (optional).
  const qualis::Inputs* inputs = nullptr;
  const qualis::Result* result = nullptr;  ///< The pipeline result of qualis::run(model, *inputs).
  /// rank_dynamics() of the final score (node result->model.score_id) over result->periods, rows =
  /// result->units. Null: the report computes it with result->model.ranking.options.
  const qualis::RankDynamics* dynamics = nullptr;
  /// Trend tables of the final score per unit (trend_rows(), TrendRow::unit = the unit id), one per method
  /// (e.g. mk and sen): one column each in the ranking table. May be empty.
  std::vector<qualis::TrendTable> trends;
  qualis::Names title;          ///< The assessment title; empty: a generic bilingual title.
  std::string description;      ///< Free text under the title (e.g. "values are synthetic"); line breaks are kept.
  std::string language = "zh";  ///< The language shown when the file is opened: "zh" or "en".
  /// Indicator ids drawn as sparklines in every cluster section; empty: the first four of the framework.
  /// Ids that are in neither the input panel nor the prepared panel are skipped.
  std::vector<std::string> key_indicators;
  std::string model_file;         ///< The model file's path, shown in the methods section; may be empty.
  std::vector<ReportFile> files;  ///< The input files, in the order to show them.
  /// At most this many clusters (the best ranked first) get a line in the bump chart and a section of their own;
  /// the report says when clusters were left out. 0 = no limit.
  std::size_t max_detailed = 200;
  /// At most this many rows in the ranking table (best ranked first); the report says when rows were left out.
  /// 0 = no limit.
  std::size_t max_table_rows = 1000;
  /// The uncertainty analysis of the assessment (qualis::analyse_uncertainty()); null: no robustness section.
  const qualis::UncertaintyResult* uncertainty = nullptr;
};

/// Renders the whole report as one HTML document (UTF-8).
/// @param input what to show.
/// @return the document, starting with `<!DOCTYPE html>`.
/// @throws qualis::InvalidInput (invalid_argument, context "report") when `inputs` or `result` is null, the
///   language is neither "zh" nor "en", or the result has no period; (size_mismatch) when `dynamics` does not
///   have the result's units and periods.
std::string render_report(const ReportInput& input);

/// Renders the report (render_report()) and writes it to a file.
/// @param path the file to write (created or replaced).
/// @param input what to show.
/// @throws as render_report(); qualis::IoError when the file cannot be written.
void write_report(const std::string& path, const ReportInput& input);

}  // namespace qualis_tool

#endif  // QUALIS_TOOL_REPORT_REPORT_HPP
