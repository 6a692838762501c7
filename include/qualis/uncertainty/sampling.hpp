/// @file
/// @brief Reproducible sampling of the unit hypercube: Sobol quasi-random points (Boost.Random, Joe-Kuo
/// direction numbers) and pseudo-random points from counter-based streams, so that point k is the same
/// whatever order or thread it is drawn in.
///
/// Every draw of the uncertainty and sensitivity analyses goes through this header. A point is identified by
/// its index: sobol_point() jumps straight to it (Gray-code seeding, O(bits) work), and the pseudo-random
/// point k of seed s is drawn from its own stream random_stream(s, k). Results are therefore bit-identical for
/// any number of threads and on every platform (Boost.Random's engines are specified exactly; uniform numbers
/// are made from the top 53 bits of a 64-bit output, not by a library distribution).
#ifndef QUALIS_UNCERTAINTY_SAMPLING_HPP
#define QUALIS_UNCERTAINTY_SAMPLING_HPP

#include <Eigen/Core>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "qualis/config.hpp"
#include "qualis/error.hpp"

QUALIS_NAMESPACE_BEGIN

/// How the points of a sampling design are drawn.
enum class Sampling : int {
  /// Sobol quasi-random points (Sobol' 1967; Joe and Kuo 2008 direction numbers, as Boost.Random ships them):
  /// low-discrepancy, so estimates converge about as 1/N rather than 1/sqrt(N). The default, as in Saltelli
  /// et al. (2010). The seed plays no part in the points.
  sobol = 0,
  /// Independent pseudo-random points: point k of seed s comes from random_stream(s, k).
  random = 1,
};

/// The stable name of a sampling: "sobol" or "random".
/// @param sampling the sampling.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(Sampling sampling) noexcept {
  switch (sampling) {
    case Sampling::sobol:
      return "sobol";
    case Sampling::random:
      return "random";
  }
  return "unknown";
}

/// The largest number of dimensions of a Sobol point (the size of Boost.Random's direction-number table).
/// @return the dimension limit.
constexpr std::size_t sobol_max_dimensions() noexcept {
  return static_cast<std::size_t>(boost::random::default_sobol_table::max_dimension);
}

/// The engine of a pseudo-random stream: Boost.Random's 64-bit Mersenne Twister, whose output sequence is
/// fixed by its specification on every platform.
using RandomEngine = boost::random::mt19937_64;

/// Mixes a seed and a stream number into the seed of an independent stream (the SplitMix64 finaliser of
/// Steele, Lea and Flood 2014 applied twice), so that nearby seeds and streams give unrelated sequences.
/// @param seed the analysis seed.
/// @param stream the stream number, e.g. a replication index.
/// @return the 64-bit seed of the stream.
constexpr std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream) noexcept {
  auto mix = [](std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  };
  return mix(mix(seed) ^ (stream * 0xD1B54A32D192ED03ULL + 0x632BE59BD9B4E019ULL));
}

/// The pseudo-random stream number `stream` of `seed`: an engine of its own, so that a replication's draws
/// do not depend on which thread makes them or on how many replications come before it.
/// @param seed the analysis seed.
/// @param stream the stream number.
/// @return a freshly seeded engine.
inline RandomEngine random_stream(std::uint64_t seed, std::uint64_t stream) {
  return RandomEngine(stream_seed(seed, stream));
}

/// A uniform number in [0, 1) from the top 53 bits of one 64-bit engine output: every value k / 2^53 equally
/// likely, the same on every platform.
/// @param engine a 64-bit engine (e.g. RandomEngine).
/// @return the number.
template <class Engine>
double uniform01(Engine& engine) {
  return static_cast<double>(static_cast<std::uint64_t>(engine()) >> 11U) * 0x1.0p-53;
}

/// Consecutive Sobol points, one per row.
///
/// Row r is point `first + r` of the `dimensions`-dimensional Sobol sequence, in Boost.Random's Gray-code
/// order, which leaves out the all-zero point: no coordinate is ever 0 (nor 1), so the points can be mapped
/// through inverse distribution functions. Coordinates are the top 53 bits of the 64-bit integers divided by
/// 2^53. Point k is the point of Gray code (k + 1) ^ ((k + 1) >> 1) of the usual numbering (which starts at 0).
/// @param dimensions number of coordinates, 1..sobol_max_dimensions().
/// @param count number of points (rows); 0 gives an empty matrix.
/// @param first index of the first point.
/// @return count x dimensions.
/// @throws InvalidInput (out_of_range) for 0 or too many dimensions, or a point index beyond 2^63.
inline Eigen::MatrixXd sobol_points(std::size_t dimensions, std::size_t count, std::uint64_t first = 0) {
  if (dimensions == 0 || dimensions > sobol_max_dimensions()) {
    throw InvalidInput(
        ErrorCode::out_of_range, "sobol_points",
        "dimensions must be in 1.." + std::to_string(sobol_max_dimensions()) + ", got " + std::to_string(dimensions));
  }
  if (first > (std::uint64_t{1} << 63U) || count > (std::uint64_t{1} << 63U) - first) {
    throw InvalidInput(ErrorCode::out_of_range, "sobol_points", "point indices beyond 2^63");
  }
  Eigen::MatrixXd out(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dimensions));
  if (count == 0) return out;
  boost::random::sobol engine(static_cast<unsigned>(dimensions));
  if (first != 0) engine.seed(first);
  for (Eigen::Index r = 0; r < out.rows(); ++r) {
    for (Eigen::Index d = 0; d < out.cols(); ++d) out(r, d) = uniform01(engine);
  }
  return out;
}

/// Consecutive pseudo-random points, one per row: row r is drawn from random_stream(seed, first + r), its
/// coordinates in order.
/// @param dimensions number of coordinates, at least 1.
/// @param count number of points (rows).
/// @param seed the seed.
/// @param first index of the first point (its stream number).
/// @return count x dimensions, every value in [0, 1).
/// @throws InvalidInput (out_of_range) for 0 dimensions.
inline Eigen::MatrixXd random_points(std::size_t dimensions, std::size_t count, std::uint64_t seed,
                                     std::uint64_t first = 0) {
  if (dimensions == 0) throw InvalidInput(ErrorCode::out_of_range, "random_points", "dimensions must be at least 1");
  Eigen::MatrixXd out(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dimensions));
  for (Eigen::Index r = 0; r < out.rows(); ++r) {
    RandomEngine engine = random_stream(seed, first + static_cast<std::uint64_t>(r));
    for (Eigen::Index d = 0; d < out.cols(); ++d) out(r, d) = uniform01(engine);
  }
  return out;
}

/// Consecutive points of either sampling (sobol_points() or random_points()).
/// @param sampling Sobol or pseudo-random.
/// @param dimensions number of coordinates.
/// @param count number of points.
/// @param seed the seed (pseudo-random points only).
/// @param first index of the first point.
/// @return count x dimensions.
/// @throws InvalidInput as the chosen function does.
inline Eigen::MatrixXd sample_points(Sampling sampling, std::size_t dimensions, std::size_t count, std::uint64_t seed,
                                     std::uint64_t first = 0) {
  if (sampling == Sampling::random) return random_points(dimensions, count, seed, first);
  if (sampling != Sampling::sobol) {
    throw InvalidInput(ErrorCode::out_of_range, "sample_points",
                       "unknown sampling " + std::to_string(static_cast<int>(sampling)));
  }
  return sobol_points(dimensions, count, first);
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_UNCERTAINTY_SAMPLING_HPP
