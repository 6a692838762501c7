# Fails unless the README's C++ block is exactly examples/usage/usage.cpp, so the README's example
# is the one the tests compile and run. Run as: cmake -DROOT=<source dir> -P readme_check.cmake
file(READ "${ROOT}/README.md" readme)
file(READ "${ROOT}/examples/usage/usage.cpp" usage)
string(FIND "${readme}" "```cpp\n${usage}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md's ```cpp block differs from examples/usage/usage.cpp")
endif()
