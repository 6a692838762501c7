// Internal helpers for the parallel hot paths of the scoring functions. Not part of the public API.
//
// Every parallel loop here runs over independent items (columns, or fixed blocks of rows) and each item is
// computed by one thread in a fixed order, so results are bit-identical for any number of threads: no
// floating-point reduction is ever split between threads. Without OpenMP the same loops run serially.
#ifndef QUALIS_DETAIL_PARALLEL_HPP
#define QUALIS_DETAIL_PARALLEL_HPP

#include <Eigen/Core>
#include <algorithm>
#include <exception>

#include "qualis/config.hpp"

// OpenMP pragmas, written only when OpenMP is on, so that a build without it meets no unknown pragma
// (-Wunknown-pragmas is part of -Wall).
#ifdef _OPENMP
#define QUALIS_DETAIL_PRAGMA(...) _Pragma(#__VA_ARGS__)
#define QUALIS_DETAIL_OMP(...) QUALIS_DETAIL_PRAGMA(omp __VA_ARGS__)
#else
#define QUALIS_DETAIL_OMP(...)
#endif

QUALIS_NAMESPACE_BEGIN
namespace detail {

// Below this many matrix cells in all, a loop stays on the calling thread: starting a team costs more.
inline constexpr Eigen::Index parallel_min_work = Eigen::Index{1} << 15;

// Rows per block of a row-blocked loop. Fixed, never derived from the thread count; small enough that a
// block's per-row accumulators stay in L1 while the columns stream past.
inline constexpr Eigen::Index row_block = 8192;

// Elements per chunk of a chunked column sweep: 32 KiB of doubles, so that several reductions over one chunk
// (minimum, maximum, sum) read the column from memory once. Fixed, so that sums are grouped the same way on
// every machine and for any thread count.
inline constexpr Eigen::Index column_chunk = 4096;

// Runs body(begin, length) over the consecutive chunks [begin, begin + length) of [0, size), in order.
template <class Body>
void for_chunks(Eigen::Index size, Body&& body) {
  for (Eigen::Index begin = 0; begin < size; begin += column_chunk) body(begin, std::min(column_chunk, size - begin));
}

// Runs body(k) for k in [0, count): in parallel (static schedule) when OpenMP is on and `work`, the number of
// cells touched in all, is large enough. Each body may write only what belongs to its k. If bodies throw, the
// exception of the lowest k is rethrown after the loop: the one a serial loop meets first, so that errors do
// not depend on the thread count either. Bodies above a failed k may be skipped.
template <class Body>
void parallel_for(Eigen::Index count, [[maybe_unused]] Eigen::Index work, Body&& body) {
  Eigen::Index failed = count;
  std::exception_ptr error;
  QUALIS_DETAIL_OMP(parallel for schedule(static) if (count > 1 && work >= parallel_min_work))
  for (Eigen::Index k = 0; k < count; ++k) {
    Eigen::Index first_failed = 0;
    QUALIS_DETAIL_OMP(atomic read)
    first_failed = failed;
    if (k > first_failed) continue;
    try {
      body(k);
    } catch (...) {
      QUALIS_DETAIL_OMP(critical(qualis_parallel_for_error)) {
        if (k < failed) {
          QUALIS_DETAIL_OMP(atomic write)
          failed = k;
          error = std::current_exception();
        }
      }
    }
  }
  if (error) std::rethrow_exception(error);
}

// Runs body(begin, end) over the row blocks [begin, end) of a rows x cols matrix, as parallel_for does.
template <class Body>
void parallel_for_row_blocks(Eigen::Index rows, Eigen::Index cols, Body&& body) {
  const Eigen::Index blocks = (rows + row_block - 1) / row_block;
  parallel_for(blocks, rows * cols, [&](Eigen::Index b) {
    const Eigen::Index begin = b * row_block;
    body(begin, std::min(rows, begin + row_block));
  });
}

}  // namespace detail
QUALIS_NAMESPACE_END

#endif  // QUALIS_DETAIL_PARALLEL_HPP
