// Writes the report of the synthetic assessment (report_fixture.hpp) for the browser test: runs the pipeline,
// computes the trend tables and writes the HTML file named by the first argument.
#include <exception>
#include <iostream>
#include <qualis/assessment/run.hpp>

#include "browser/report_fixture.hpp"
#include "report/report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_report <output.html>\n";
    return 2;
  }
  try {
    const qualis::Inputs in = report_fixture::inputs();
    const qualis::Result result = qualis::run(report_fixture::model(), in);
    qualis_tool::write_report(argv[1], report_fixture::report_input(in, result));
  } catch (const std::exception& e) {
    std::cerr << "make_report: " << e.what() << '\n';
    return 1;
  }
  std::cout << "wrote " << argv[1] << '\n';
  return 0;
}
