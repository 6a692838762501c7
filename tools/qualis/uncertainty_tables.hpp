// The tables of the uncertainty and sensitivity analyses (qualis assess --uncertainty, qualis sensitivity):
// uncertainty.csv, choices.csv, sensitivity.csv and their JSON forms. Columns are documented in
// docs/model-file.md ("What qualis assess writes") and docs/reference/uncertainty.md.
#ifndef QUALIS_TOOL_UNCERTAINTY_TABLES_HPP
#define QUALIS_TOOL_UNCERTAINTY_TABLES_HPP

#include <nlohmann/json.hpp>
#include <ostream>
#include <qualis/assessment/uncertainty.hpp>
#include <qualis/model/cluster.hpp>

namespace qualis_tool {

/// uncertainty.csv: one row per unit: nominal and median rank, the central interval, mean rank, mean absolute
/// shift, top-k probability, score statistics, replications scored, then one probability per grade.
void write_uncertainty_csv(std::ostream& out, const qualis::UncertaintyResult& u, const qualis::ClusterSet& clusters);

/// choices.csv: one row per choice and level: runs, mean and largest absolute rank shift, share of units moved.
void write_choices_csv(std::ostream& out, const qualis::UncertaintyResult& u);

/// sensitivity.csv: one row per output and factor: first- and total-order indices with their intervals.
void write_sensitivity_csv(std::ostream& out, const qualis::SensitivityResult& s);

/// The uncertainty result as JSON (settings, units, choices).
nlohmann::ordered_json uncertainty_json(const qualis::UncertaintyResult& u);

/// The sensitivity result as JSON (settings, factors, the ranking's indices, per-unit indices).
nlohmann::ordered_json sensitivity_json(const qualis::SensitivityResult& s);

}  // namespace qualis_tool

#endif  // QUALIS_TOOL_UNCERTAINTY_TABLES_HPP
