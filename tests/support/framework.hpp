// Shared test helpers that build framework records in one line: an indicator or a dimension with its parent,
// weight and direction, for the tests that assemble small frameworks by hand.
#ifndef QUALIS_TESTS_SUPPORT_FRAMEWORK_HPP
#define QUALIS_TESTS_SUPPORT_FRAMEWORK_HPP

#include <qualis/model/framework.hpp>
#include <string>

namespace qualis_test {

// An indicator under `parent` with the given weight and direction.
inline qualis::Indicator indicator(const std::string& id, const std::string& parent, double weight = 1.0,
                                   qualis::Direction direction = qualis::Direction::higher_is_better) {
  qualis::Indicator ind;
  ind.id = id;
  ind.parent = parent;
  ind.weight = weight;
  ind.direction = direction;
  return ind;
}

// A dimension under `parent` ("" = the root) with the given weight.
inline qualis::Dimension dimension(const std::string& id, const std::string& parent = "", double weight = 1.0) {
  qualis::Dimension d;
  d.id = id;
  d.parent = parent;
  d.weight = weight;
  return d;
}

}  // namespace qualis_test

#endif  // QUALIS_TESTS_SUPPORT_FRAMEWORK_HPP
