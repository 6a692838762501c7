// The qualis command-line tool: see `qualis --help`.
#include <iostream>
#include <string>
#include <vector>

#include "tool.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return qualis_tool::run(args, std::cin, std::cout, std::cerr);
}
