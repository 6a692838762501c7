// Counts in the tool's messages and summaries: "1 period", "2 periods".
#ifndef QUALIS_TOOL_COUNTED_HPP
#define QUALIS_TOOL_COUNTED_HPP

#include <cstddef>
#include <string>

namespace qualis_tool {

/// A count with its noun, in the singular for one: counted(1, "period") is "1 period", counted(2, "period")
/// "2 periods". For the regular English plurals the tool uses (cluster, unit, period, indicator, ...).
inline std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + ' ' + noun + (n == 1 ? "" : "s");
}

}  // namespace qualis_tool

#endif  // QUALIS_TOOL_COUNTED_HPP
