// The whole assessment from files, as `qualis assess`, `qualis validate` and `qualis demo` run it: load the model
// file with its data and step files (every problem recorded with its file position), cross-check them, run the
// pipeline with rank dynamics and trends, and write the tables, the JSON file, the resolved model and the report.
#ifndef QUALIS_TOOL_ASSESS_HPP
#define QUALIS_TOOL_ASSESS_HPP

#include <cstddef>
#include <functional>
#include <optional>
#include <qualis/assessment/model.hpp>
#include <qualis/assessment/run.hpp>
#include <qualis/assessment/uncertainty.hpp>
#include <qualis/io/data_files.hpp>
#include <qualis/io/model_file.hpp>
#include <qualis/io/problems.hpp>
#include <qualis/trend/batch.hpp>
#include <qualis/trend/rank_dynamics.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace qualis_tool {

/// The files of an assessment as the user names them: the model file, and the data and step files that
/// override those the model names (empty: the model's own; the model's paths are relative to its folder).
struct AssessmentFiles {
  std::string model;  ///< The model file (JSON).
  std::string data;   ///< The indicator data (long or wide CSV); empty: the model's `data`.
  std::string steps;  ///< The step assessments (CSV); empty: the model's `steps` (none if it names none).
};

/// What an assessment reads, loaded as far as the files allow.
struct LoadedAssessment {
  qualis::ModelFile model;                 ///< The model file (its `framework` is empty if it could not be read).
  bool model_ok = false;                   ///< True when the model file had no problem.
  std::string data_path;                   ///< The data file read (override or the model's), as named.
  std::string steps_path;                  ///< The step file read; empty when there is none.
  std::optional<qualis::PanelFile> data;   ///< The data as far as it could be read; empty if not at all.
  bool data_ok = false;                    ///< True when the data file had no problem.
  std::optional<qualis::StepsFile> steps;  ///< The step assessments as far as read; empty when none or unreadable.
  bool steps_ok = false;                   ///< True when the step file had no problem (or there is none).
};

/// Reads the model file and its data and step files, recording every problem (nothing throws for bad input).
/// @param files the files as named by the user.
/// @param problems receives every problem with its file, line, column and id.
/// @return what could be read; complete when `problems` gained nothing.
LoadedAssessment load_assessment(const AssessmentFiles& files, qualis::Problems& problems);

/// As load_assessment(), from texts (for tests and fuzzing): the model's own data and step paths are ignored.
/// @param model_text the model file's text; @param model_source its name in messages.
/// @param data_text the data file's text; @param data_source its name.
/// @param steps_text the step file's text, or empty for none; @param steps_source its name.
/// @param problems receives every problem.
/// @return what could be read.
LoadedAssessment load_assessment_texts(std::string_view model_text, const std::string& model_source,
                                       std::string_view data_text, const std::string& data_source,
                                       std::optional<std::string_view> steps_text, const std::string& steps_source,
                                       qualis::Problems& problems);

/// Cross-checks what was loaded (data units that are no clusters, data indicators the framework does not know,
/// framework indicators without data, step units that are no clusters) and, when those pass, runs the pipeline
/// once (a dry run), turning its error into a problem at the model or data position of the node, unit or period
/// it names (problem_of_error()).
/// @param loaded the loaded files.
/// @param problems receives the problems.
/// @param dry_run run the pipeline when the cross-checks pass (validate); false: the cross-checks only (assess,
///   which then runs the pipeline itself).
void check_assessment(const LoadedAssessment& loaded, qualis::Problems& problems, bool dry_run = true);

/// A library error of the pipeline as a problem: placed at the model entry of the indicator or dimension its
/// context names (`run[node=quality, ...]`), else at the data position of the unit or period it names, else at
/// the model's `model` key.
/// @param loaded the files the pipeline ran on.
/// @param error the error.
/// @return the problem, with the error's code and message.
qualis::Problem problem_of_error(const LoadedAssessment& loaded, const qualis::Error& error);

/// A stage of a long run, for a progress display: `done` of `total` stages, named.
using Progress = std::function<void(std::size_t done, std::size_t total, const std::string& stage)>;

/// Everything an assessment computes.
struct Assessment {
  qualis::Inputs inputs;          ///< The pipeline's inputs, built from the files.
  qualis::Result result;          ///< The pipeline's result over every period.
  qualis::RankDynamics dynamics;  ///< Rank changes and "score up and rank up" streaks of the final score.
  /// Trends of the final score, one table per method of the model's `trend.methods` (rows: units).
  std::vector<qualis::TrendTable> score_trends;
  /// Trends of the key indicators (the model's `trend.indicators`, else `report.key_indicators`) on their
  /// prepared values, one table per method (rows: units x indicators).
  std::vector<qualis::TrendTable> indicator_trends;
  /// The uncertainty analysis (the model's `uncertainty`), when its replications are above 0.
  std::optional<qualis::UncertaintyResult> uncertainty;
};

/// Settings of the uncertainty analysis that replace the model's for one computation (command-line options,
/// the cheap dry run of `validate`).
struct UncertaintyOverride {
  std::optional<std::size_t> replications;   ///< Replaces Uncertainty::replications (0: no analysis).
  std::optional<std::uint64_t> seed;         ///< Replaces Uncertainty::seed.
  std::optional<std::size_t> one_at_a_time;  ///< Replaces Uncertainty::one_at_a_time.
};

/// The model's uncertainty settings with the overrides applied.
/// @param model the model.
/// @param o the overrides.
/// @return the settings.
qualis::Uncertainty uncertainty_settings(const qualis::Model& model, const UncertaintyOverride& o);

/// Runs the pipeline, the rank dynamics, the trends and the uncertainty analysis on loaded, checked files.
/// @param loaded files loaded without problems.
/// @param progress called before each stage; may be empty.
/// @param overrides replace the model's uncertainty settings.
/// @return the assessment.
/// @throws qualis::InvalidInput when `loaded` is incomplete; the library's errors as run() reports them.
Assessment compute_assessment(const LoadedAssessment& loaded, const Progress& progress = {},
                              const UncertaintyOverride& overrides = {});

/// Writes every output of an assessment into an existing folder: scores.csv, ranking.csv, trends.csv,
/// obstacles.csv, gaps.csv, weights.csv, uncertainty.csv and choices.csv (when the uncertainty analysis ran),
/// results.json, model.json (the resolved model, every choice explicit) and report.html.
/// @param dir the folder (its files of these names are replaced).
/// @param loaded the files.
/// @param assessment what compute_assessment() returned.
/// @param progress called before each file; may be empty.
/// @throws qualis::IoError when a file cannot be written.
void write_assessment(const std::string& dir, const LoadedAssessment& loaded, const Assessment& assessment,
                      const Progress& progress = {});

/// The output files of write_assessment(), in the order written.
/// @param with_uncertainty whether the uncertainty analysis ran (uncertainty.csv and choices.csv).
std::vector<std::string> assessment_outputs(bool with_uncertainty = true);

/// Writes into `dir` atomically: `body` fills a fresh sibling folder, which then replaces `dir` (a failure leaves
/// `dir` as it was). `dir` must not exist or be empty unless `force`.
/// @param dir the output folder.
/// @param force replace a non-empty folder.
/// @param body writes the outputs into the folder it is given.
/// @throws qualis::IoError when `dir` is not empty (without `force`), is a file, or the folders cannot be made.
void write_folder_atomically(const std::string& dir, bool force, const std::function<void(const std::string&)>& body);

}  // namespace qualis_tool

#endif  // QUALIS_TOOL_ASSESS_HPP
