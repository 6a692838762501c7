// Internal helper: a stable sort of unit indices by their values, fast for a million units. Not part of the
// public API.
#ifndef QUALIS_DETAIL_SORT_HPP
#define QUALIS_DETAIL_SORT_HPP

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "qualis/config.hpp"

QUALIS_NAMESPACE_BEGIN
namespace detail {

// An unsigned key that orders as the double does: a < b exactly when key(a) < key(b), with -0 and +0 one key
// (they compare equal). Flipping the sign bit of non-negative values and every bit of negative ones turns the
// IEEE 754 sign-magnitude layout into an unsigned order. Not for NaN.
inline std::uint64_t sort_key(double v) noexcept {
  if (v == 0.0) v = 0.0;
  std::uint64_t u = 0;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63U) != 0 ? ~u : u | (std::uint64_t{1} << 63U);
}

// Sorts `idx` by values[idx[k]], ascending or descending, keeping equal values in their order in `idx`: exactly
// what std::stable_sort with `<` (or `>`) gives, and so the same on every run. Values must not be NaN. Short
// lists use std::stable_sort; long ones a least-significant-digit radix sort on sort_key() (11-bit digits, stable
// by construction, digits shared by every key skipped), which is linear in the length rather than n log n. It
// runs on the calling thread: a version cut into one part per thread measured no faster on two cores, the
// scatter being bound by memory.
inline void stable_sort_by_value(const Eigen::Ref<const Eigen::VectorXd>& values, std::vector<Eigen::Index>& idx,
                                 bool descending) {
  const std::size_t n = idx.size();
  if (n < 2048) {
    if (descending) {
      std::stable_sort(idx.begin(), idx.end(),
                       [&values](Eigen::Index a, Eigen::Index b) { return values[a] > values[b]; });
    } else {
      std::stable_sort(idx.begin(), idx.end(),
                       [&values](Eigen::Index a, Eigen::Index b) { return values[a] < values[b]; });
    }
    return;
  }
  struct Item {
    std::uint64_t key;
    Eigen::Index index;
  };
  constexpr unsigned digit_bits = 11;  // six passes; measured faster than 8 (eight passes) and 16
  constexpr std::size_t buckets = std::size_t{1} << digit_bits;
  constexpr unsigned digits = (64 + digit_bits - 1) / digit_bits;
  std::vector<Item> items(n);
  std::vector<Item> scratch(n);
  std::vector<std::array<std::size_t, buckets>> counts(digits);
  for (auto& c : counts) c.fill(0);
  for (std::size_t k = 0; k < n; ++k) {
    const double v = values[idx[k]];
    // Negation is exact, so descending order is ascending order of -v.
    const std::uint64_t key = sort_key(descending ? -v : v);
    items[k] = Item{key, idx[k]};
    for (unsigned d = 0; d < digits; ++d) ++counts[d][(key >> (d * digit_bits)) & (buckets - 1)];
  }
  for (unsigned d = 0; d < digits; ++d) {
    auto& c = counts[d];
    if (std::find(c.begin(), c.end(), n) != c.end()) continue;  // every key has this digit: nothing moves
    std::size_t start = 0;
    for (std::size_t& slot : c) {
      const std::size_t count = slot;
      slot = start;
      start += count;
    }
    for (const Item& item : items) scratch[c[(item.key >> (d * digit_bits)) & (buckets - 1)]++] = item;
    items.swap(scratch);
  }
  for (std::size_t k = 0; k < n; ++k) idx[k] = items[k].index;
}

}  // namespace detail
QUALIS_NAMESPACE_END

#endif  // QUALIS_DETAIL_SORT_HPP
