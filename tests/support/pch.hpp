// Precompiled header of the test executables (tests/CMakeLists.txt, option QUALIS_TEST_PCH).
// The third-party and standard headers every test translation unit includes (GoogleTest/GMock, Eigen, the
// standard library), parsed once per build instead of once per test file (about a quarter of a small test's
// compile time). The qualis headers stay out: with <qualis/qualis.hpp> in the precompiled header GCC 12 emits
// the library's inline functions into every object file, and a small test took 9 times longer to compile
// (88 s instead of 10 s, a 22 MB object instead of 1.7 MB). This file is never included by a test: each test
// still includes what it uses, so that it compiles without the precompiled header (QUALIS_TEST_PCH=OFF) too.
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
