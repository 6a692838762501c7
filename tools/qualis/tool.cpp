// The command-line front: global options, the commands, and how errors become exit codes.
#include "tool.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <qualis/error.hpp>
#include <qualis/score/aggregate.hpp>
#include <qualis/score/ahp.hpp>
#include <qualis/score/mcda.hpp>
#include <qualis/score/normalize.hpp>
#include <qualis/score/weights.hpp>
#include <qualis/trend/batch.hpp>
#include <qualis/version.hpp>

namespace qualis_tool {

namespace {

// A mistake on the command line that shows only once the input is read (a --types list needs one item per
// column) or that a library parser finds in an option value: the tool gives the first kind the context
// "option --x", and the library's name parsers throw ParseError without a line (a CSV error always has one).
bool is_usage_error(const qualis::Error& e) {
  if (e.context().rfind("option", 0) == 0) return true;
  const auto* parse = dynamic_cast<const qualis::ParseError*>(&e);
  return parse != nullptr && parse->line() == 0;
}

// The methods of every family, for `qualis --help`: the same registries the commands and the library read.
std::string methods_footer() {
  std::string out = "Methods (`qualis methods` lists the source and options of each):";
  out += "\n  normalize --method:  " + name_list(qualis::normalization_methods());
  out += "\n  weights --method:    " + name_list(qualis::weighting_methods()) + ", ahp (pairwise matrix)";
  out += "\n  weights --method ahp --derivation:  " + name_list(qualis::ahp_derivations());
  out += "\n  rank --method:       " + name_list(qualis::mcda_methods()) + ", " +
         name_list(qualis::aggregation_methods()) + " (aliases wsm, wpm, mpi, ampi)";
  out += "\n  trend --method:      " + name_list(qualis::trend_methods()) + " ('-' for '_': hamed-rao, yue-wang)";
  return out;
}

}  // namespace

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"qualis " + std::string(qualis::version()) +
                   ": quality-assessment models of regional industrial clusters.\n"
                   "Matrix files are CSV (UTF-8): a header row of criterion ids after an id column, one row per "
                   "alternative (unit). Use - to read standard input.",
               "qualis"};
  app.set_version_flag("--version", std::string(qualis::version()));
  // At most one command; a missing one is reported after parsing, so that an unknown word is named as such
  // ("The following argument was not expected: frobnicate") instead of "A subcommand is required".
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  Io io;
  io.in = &in;
  io.out = &out;
  io.err = &err;
  io.terminal = &err == &std::cerr && isatty(STDERR_FILENO) != 0;
  Result result;
  add_normalize_command(app, io, result);
  add_weights_command(app, io, result);
  add_rank_command(app, io, result);
  add_trend_command(app, io, result);
  add_methods_command(app, io, result);
  add_assess_commands(app, io, result);
  app.footer(methods_footer());  // after the commands, which would otherwise inherit it

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
    if (app.get_subcommands().empty()) {
      err << "qualis: a command is required: assess, validate, demo, sensitivity, normalize, weights, rank, trend or "
             "methods\nRun "
             "with --help for more "
             "information.\n";
      return exit_usage;
    }
    if (result.exit_code) return *result.exit_code;
    emit(result, io);
    return exit_ok;
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? exit_ok : exit_usage;
  } catch (const qualis::Error& e) {
    err << e.what() << "\n";
    return is_usage_error(e) ? exit_usage : exit_data;
  } catch (const std::exception& e) {
    err << "qualis: " << e.what() << "\n";
    return exit_data;
  }
}

}  // namespace qualis_tool
