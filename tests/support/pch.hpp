// Precompiled header of the test executables (tests/CMakeLists.txt, option QUALIS_TEST_PCH).
// Every test translation unit includes the same heavy headers: the standard library, Eigen, Boost.Math
// (through the qualis headers), GoogleTest/GMock and the header-only core. Parsing them once per build
// instead of once per test file is most of the test suite's compile time. This file is never included
// by a test: each test still includes what it uses, so that it compiles without the precompiled header
// (QUALIS_TEST_PCH=OFF) too, and the header check (qualis_header_check) still compiles every public
// header on its own.
#ifndef QUALIS_TESTS_SUPPORT_PCH_HPP
#define QUALIS_TESTS_SUPPORT_PCH_HPP

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <qualis/qualis.hpp>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#endif  // QUALIS_TESTS_SUPPORT_PCH_HPP
