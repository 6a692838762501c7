// Internal: Kendall's S and tie counts of two paired samples in O(n log n) (Knight 1966), shared by the
// Mann-Kendall family (x = time) and the rank-agreement measures (Kendall's tau-b between two rankings).
// Not part of the public API.
//
// For pairs (x_k, y_k), k = 0..n-1, and all i < j:
//   S  = sum sign(x_j - x_i) * sign(y_j - y_i)            (concordant minus discordant pairs)
//   n0 = n (n - 1) / 2                                     (all pairs)
//   n1 = sum over groups of equal x of t (t - 1) / 2       (pairs tied in x)
//   n2 = sum over groups of equal y of u (u - 1) / 2       (pairs tied in y)
//   n3 = sum over groups of equal (x, y) of v (v - 1) / 2  (pairs tied in both)
// Knight's algorithm: sort by (x, y), count n1 and n3 on the runs; merge-sort by y counting the exchanges
// (the discordant pairs among those not tied in either); count n2 on the y-sorted runs. Then
//   S = n0 - n1 - n2 + n3 - 2 * exchanges.
// The counts are exact integers (int64) whatever n is, so S matches the O(n^2) definition exactly.
#ifndef QUALIS_DETAIL_KENDALL_HPP
#define QUALIS_DETAIL_KENDALL_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "qualis/config.hpp"

QUALIS_NAMESPACE_BEGIN
namespace detail {

struct KendallCounts {
  std::int64_t s = 0;   // concordant minus discordant pairs
  std::int64_t n0 = 0;  // all pairs, n (n - 1) / 2
  std::int64_t n1 = 0;  // pairs tied in x
  std::int64_t n2 = 0;  // pairs tied in y
  std::int64_t n3 = 0;  // pairs tied in x and in y
};

// Pairs within runs of equal keys of a sorted sequence: sum t (t - 1) / 2.
template <class Equal>
std::int64_t tied_pairs(std::size_t n, Equal&& equal) {
  std::int64_t out = 0;
  std::size_t start = 0;
  for (std::size_t k = 1; k <= n; ++k) {
    if (k == n || !equal(k - 1, k)) {
      const auto t = static_cast<std::int64_t>(k - start);
      out += t * (t - 1) / 2;
      start = k;
    }
  }
  return out;
}

// Sorts `a` ascending by a bottom-up merge sort and returns its inversions, the pairs i < j with a[j] < a[i]
// (an element taken from the right run while the left run still holds strictly greater values jumps over each
// of them). `scratch` is working space, resized as needed (pass the same one to reuse it).
inline std::int64_t sort_counting_inversions(std::vector<double>& a, std::vector<double>& scratch) {
  const std::size_t n = a.size();
  scratch.resize(n);
  std::int64_t count = 0;
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n);
      const std::size_t hi = std::min(lo + 2 * width, n);
      std::size_t i = lo;
      std::size_t j = mid;
      std::size_t k = lo;
      while (i < mid && j < hi) {
        if (a[j] < a[i]) {
          count += static_cast<std::int64_t>(mid - i);
          scratch[k++] = a[j++];
        } else {
          scratch[k++] = a[i++];
        }
      }
      while (i < mid) scratch[k++] = a[i++];
      while (j < hi) scratch[k++] = a[j++];
    }
    a.swap(scratch);
  }
  return count;
}

// Kendall's counts of n pairs (x[k], y[k]); NaN is not allowed (callers drop missing pairs first).
inline KendallCounts kendall_counts(const double* x, const double* y, std::size_t n) {
  KendallCounts c;
  c.n0 = static_cast<std::int64_t>(n) * (static_cast<std::int64_t>(n) - 1) / 2;
  if (n < 2) return c;
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::sort(perm.begin(), perm.end(),
            [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]); });
  c.n1 = tied_pairs(n, [&](std::size_t a, std::size_t b) { return x[perm[a]] == x[perm[b]]; });
  c.n3 =
      tied_pairs(n, [&](std::size_t a, std::size_t b) { return x[perm[a]] == x[perm[b]] && y[perm[a]] == y[perm[b]]; });
  // Merge sort of y in the (x, y) order, counting exchanges: the discordant pairs not tied in x or y.
  std::vector<double> a(n);
  std::vector<double> scratch;
  for (std::size_t k = 0; k < n; ++k) a[k] = y[perm[k]];
  const std::int64_t exchanges = sort_counting_inversions(a, scratch);
  c.n2 = tied_pairs(n, [&](std::size_t p, std::size_t q) { return a[p] == a[q]; });
  c.s = c.n0 - c.n1 - c.n2 + c.n3 - 2 * exchanges;
  return c;
}

// Average ranks 1..n of a list without NaN, ascending; ties share the mean of their positions, (first + last) / 2,
// which is exact in double (as scipy.stats.rankdata(method="average") and R's rank()).
inline std::vector<double> average_ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  std::size_t start = 0;
  for (std::size_t k = 1; k <= x.size(); ++k) {
    if (k == x.size() || x[order[k]] != x[order[start]]) {
      const double r = (static_cast<double>(start + 1) + static_cast<double>(k)) / 2.0;
      for (std::size_t i = start; i < k; ++i) rank[order[i]] = r;
      start = k;
    }
  }
  return rank;
}

// The O(n^2) definition, for tests and for short series where it is as fast.
inline KendallCounts kendall_counts_direct(const double* x, const double* y, std::size_t n) {
  KendallCounts c;
  c.n0 = static_cast<std::int64_t>(n) * (static_cast<std::int64_t>(n) - 1) / 2;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const int sx = (x[j] > x[i]) - (x[j] < x[i]);
      const int sy = (y[j] > y[i]) - (y[j] < y[i]);
      c.s += sx * sy;
      c.n1 += sx == 0 ? 1 : 0;
      c.n2 += sy == 0 ? 1 : 0;
      c.n3 += sx == 0 && sy == 0 ? 1 : 0;
    }
  }
  return c;
}

}  // namespace detail
QUALIS_NAMESPACE_END

#endif  // QUALIS_DETAIL_KENDALL_HPP
