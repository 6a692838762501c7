/// @file
/// @brief The model file: one JSON document with what is assessed (regions, clusters, indicator and step
/// frameworks) and how (qualis::Model, trend methods, report settings), read with every problem located.
#ifndef QUALIS_IO_MODEL_FILE_HPP
#define QUALIS_IO_MODEL_FILE_HPP

#include <cstddef>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "qualis/assessment/model.hpp"
#include "qualis/config.hpp"
#include "qualis/io/csv.hpp"
#include "qualis/io/problems.hpp"
#include "qualis/model/cluster.hpp"
#include "qualis/model/framework.hpp"
#include "qualis/model/names.hpp"
#include "qualis/model/region.hpp"
#include "qualis/model/steps.hpp"
#include "qualis/trend/batch.hpp"

QUALIS_NAMESPACE_BEGIN

/// The version of the model-file format this library reads and writes (the `qualis_model` key).
constexpr int model_file_format = 1;

/// Which trends an assessment reports (the `trend` object of the model file).
struct TrendSpec {
  /// The methods run on the final score of every unit and on the key indicators; default Mann-Kendall and
  /// Sen's slope (the pair pymannkendall and R `trend` report together).
  std::vector<TrendMethod> methods{TrendMethod::mk, TrendMethod::sen};
  /// Indicators whose trends are reported besides the final score; empty = none.
  std::vector<std::string> indicators;
  /// Options shared by the methods (significance level, confidence, ...); `method` is set per method.
  TrendOptions options;
};

/// How the report is laid out (the `report` object of the model file).
struct ReportSpec {
  std::string language = "zh";              ///< Initial label language, "zh" (default) or "en".
  std::vector<std::string> key_indicators;  ///< Indicators shown as sparklines; empty = the first few.
};

/// A model file, read and validated: the types the pipeline takes, plus the data files it names and where
/// each JSON value stood (for messages that point into the file).
struct ModelFile {
  std::string source;       ///< The file name given to the reader (or `<stdin>`).
  Names title;              ///< The assessment's title.
  std::string description;  ///< Free text, e.g. that values are synthetic.
  std::string data;         ///< The data file the model names, resolved against the model's folder; empty if none.
  std::string steps;        ///< The step-assessment file the model names, resolved likewise; empty if none.
  std::string data_key;     ///< The `data` value as written in the file (unresolved), for writing it back.
  std::string steps_key;    ///< The `steps` value as written in the file (unresolved).
  RegionTree regions;       ///< The regions; empty when the file lists none.
  ClusterSet clusters;      ///< The clusters.
  std::optional<Framework> framework;  ///< The indicator framework (always set when reading succeeded).
  StepFramework step_framework = eleven_step_method();  ///< Default: the eleven-step method.
  bool default_steps = true;  ///< True when the file asked for (or left out) `"step_framework": "eleven_step"`.
  Model model;                ///< Every choice of the pipeline.
  TrendSpec trend;            ///< The trends to report.
  ReportSpec report;          ///< The report's settings.
  /// Where each value of the JSON document starts, by JSON pointer (RFC 6901, e.g. `/clusters/3/id`);
  /// empty for a ModelFile built in code.
  std::map<std::string, CsvPosition> locations;

  /// Where a JSON value stood, or the nearest enclosing value that has a recorded position.
  /// @param pointer a JSON pointer such as `/framework/indicators/2`.
  /// @return its line and column; 0 and 0 when nothing is known.
  [[nodiscard]] CsvPosition locate(std::string pointer) const {
    for (;;) {
      const auto it = locations.find(pointer);
      if (it != locations.end()) return it->second;
      if (pointer.empty()) return {};
      pointer.erase(pointer.rfind('/'));
    }
  }
};

/// Reads a model file from its text.
///
/// The document follows docs/model-file.md and docs/model.schema.json: keys are the field names of the C++
/// types, enumerations their stable names, intervals `[low, high]`, periods strings, infinite numbers the
/// strings `"inf"` and `"-inf"`. Unknown keys are errors; left-out keys keep the C++ defaults. The records
/// are validated by the types' own constructors (Framework, ClusterSet with the RegionTree, StepFramework)
/// and cross-checked: `model.methods` keys are dimensions, trend and report indicators are framework
/// indicators. Paths in `data` and `steps` are resolved against `base_dir`.
/// @param text the JSON text (UTF-8).
/// @param source the name used in messages.
/// @param base_dir the folder relative paths are resolved against (empty: the current folder).
/// @param problems where to record problems (each with line, column and id) and go on; nullptr to throw.
/// @return the model file; with a sink that recorded problems, what could be read (do not run it).
/// @throws ParseError at the line and column of the first problem (syntax, type, unknown key or value) and
///   InvalidInput for a problem of the whole document, when `problems` is nullptr.
ModelFile read_model(std::string_view text, const std::string& source, const std::string& base_dir = {},
                     Problems* problems = nullptr);

/// Reads a model file from disk; relative data paths are resolved against the file's folder.
/// @param path the file.
/// @param problems where to record problems; nullptr to throw.
/// @return the model file.
/// @throws IoError if the file cannot be read (recorded as a problem when `problems` is given), and what
///   read_model() throws.
ModelFile read_model_file(const std::string& path, Problems* problems = nullptr);

/// Writes a model file back as JSON, every field explicit (defaults included), so that the output records
/// every choice; read_model() of the output gives an equal model.
/// @param out the stream.
/// @param model the model file.
/// @throws IoError if the stream fails.
void write_model(std::ostream& out, const ModelFile& model);

/// The JSON text write_model() writes.
/// @param model the model file.
/// @return the JSON document, indented by two spaces, ending in a line break.
std::string model_to_json(const ModelFile& model);

/// The inputs of run() from a model file and the data: framework, clusters, regions (when the file has
/// any), the panel and the step assessments.
/// @param model the model file (its framework must be set).
/// @param panel the indicator values.
/// @param steps the step assessments, or none.
/// @return the inputs.
/// @throws InvalidInput (inconsistent) when the model file has no framework.
Inputs make_inputs(const ModelFile& model, Panel panel, std::optional<StepAssessmentSet> steps);

QUALIS_NAMESPACE_END

#endif  // QUALIS_IO_MODEL_FILE_HPP
