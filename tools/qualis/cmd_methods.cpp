// qualis methods: every method of every family, from the same registries the library uses.
#include <CLI/CLI.hpp>
#include <memory>
#include <qualis/score/aggregate.hpp>
#include <qualis/score/ahp.hpp>
#include <qualis/score/mcda.hpp>
#include <qualis/score/normalize.hpp>
#include <qualis/score/weights.hpp>
#include <qualis/trend/batch.hpp>

#include "tool.hpp"

namespace qualis_tool {

namespace {

struct Family {
  const char* name;
  const char* title;
  const std::vector<qualis::MethodInfo>& (*table)();
};

const std::vector<Family>& families() {
  static const std::vector<Family> all = {
      {"normalization", "Normalisation (qualis normalize --method)", &qualis::normalization_methods},
      {"weighting", "Weighting (qualis weights --method)", &qualis::weighting_methods},
      {"ahp", "AHP derivations (qualis weights --method ahp --derivation)", &qualis::ahp_derivations},
      {"aggregation", "Aggregation (qualis rank --method)", &qualis::aggregation_methods},
      {"mcda", "MCDA methods (qualis rank --method)", &qualis::mcda_methods},
      {"trend", "Trend methods (qualis trend --method; '-' may replace '_')", &qualis::trend_methods},
  };
  return all;
}

void print_family(const Family& f, std::ostream& out) {
  out << f.title << "\n";
  for (const auto& m : f.table()) {
    out << "  " << m.name;
    for (const char* alias : m.aliases) out << " | " << alias;
    out << "\n      " << m.summary << "\n      source: " << m.source << "\n";
    for (const auto& p : m.parameters) {
      out << "      " << p.name;
      if (*p.default_value != '\0') out << " (default " << p.default_value << ")";
      out << ": " << p.description << "\n";
    }
  }
  out << "\n";
}

}  // namespace

void add_methods_command(CLI::App& app, Io& io, Result& /*result*/) {
  auto family = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("methods", "List every method, its source and its options");
  std::vector<std::string> names;
  for (const auto& f : families()) names.emplace_back(f.name);
  cmd->add_option("FAMILY", *family, "Only this family")->check(CLI::IsMember(names));
  cmd->callback([family, &io] {
    for (const auto& f : families()) {
      if (family->empty() || *family == f.name) print_family(f, *io.out);
    }
  });
}

}  // namespace qualis_tool
