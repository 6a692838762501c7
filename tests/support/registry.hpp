// Shared test helper for the method registries (normalisations, weightings, aggregations, MCDA methods, AHP
// derivations): the registry lists one entry per enumerator in enumeration order, each entry's name is the
// enumerator's to_string() and parses back to it, names are unique, summaries and sources are filled in, and a
// value outside the enumeration is named "unknown". Each test adds the checks particular to its family.
#ifndef QUALIS_TESTS_SUPPORT_REGISTRY_HPP
#define QUALIS_TESTS_SUPPORT_REGISTRY_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <qualis/score/common.hpp>
#include <set>
#include <string>
#include <vector>

namespace qualis_test {

template <class Enum, class Parse>
void expect_registry_in_enum_order(const std::vector<qualis::MethodInfo>& table, std::size_t expected_size,
                                   Parse&& parse) {
  ASSERT_EQ(table.size(), expected_size);
  std::set<std::string> names;
  for (std::size_t k = 0; k < table.size(); ++k) {
    const auto value = static_cast<Enum>(k);
    EXPECT_STREQ(table[k].name, qualis::to_string(value)) << "entry " << k;
    EXPECT_EQ(parse(table[k].name), value) << table[k].name;
    EXPECT_STRNE(table[k].summary, "") << table[k].name;
    EXPECT_STRNE(table[k].source, "") << table[k].name;
    names.insert(table[k].name);
  }
  EXPECT_EQ(names.size(), table.size()) << "names are not unique";
  EXPECT_STREQ(qualis::to_string(static_cast<Enum>(table.size())), "unknown");
}

}  // namespace qualis_test

#endif  // QUALIS_TESTS_SUPPORT_REGISTRY_HPP
