/// @file
/// @brief Industrial clusters, the units assessed, and the validated set that holds them.
#ifndef QUALIS_MODEL_CLUSTER_HPP
#define QUALIS_MODEL_CLUSTER_HPP

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/names.hpp"
#include "qualis/model/period.hpp"
#include "qualis/model/region.hpp"

QUALIS_NAMESPACE_BEGIN

/// One regional characteristic industrial cluster (区域特色产业集群): the unit that is scored, ranked
/// and diagnosed.
struct Cluster {
  /// Identifier, e.g. "dz-sports". Non-empty, no control characters, no leading or trailing spaces.
  std::string id;
  Names names;           ///< Display names, e.g. {"定州市体育用品", "Dingzhou sports goods"}.
  std::string region;    ///< Code of the region the cluster sits in, e.g. "130682" (定州市); a valid id.
  std::string industry;  ///< Free-text industry, e.g. "sports goods"; any UTF-8 text, may be empty.
  /// The group the cluster was selected with, e.g. "2019" for the 26 chosen on 2019-04-15 or
  /// "X" for the nine added on 2021-05-07; empty or a valid id.
  std::string cohort;
  /// The period in which the cluster joined the programme, at whatever precision is known (2019, or
  /// 2021M05). Defaults to Period's default, 1970, i.e. a member in every period of interest.
  Period joined;
  /// Further descriptive attributes, e.g. {"lead_enterprise", "..."}: keys are valid ids, values any
  /// UTF-8 text. A std::map, so that writers list them in a stable (sorted) order.
  std::map<std::string, std::string> attributes;

  /// Field-wise equality.
  /// @param a left operand.
  /// @param b right operand.
  /// @return true if every field is equal.
  friend bool operator==(const Cluster& a, const Cluster& b) {
    return a.id == b.id && a.names == b.names && a.region == b.region && a.industry == b.industry &&
           a.cohort == b.cohort && a.joined == b.joined && a.attributes == b.attributes;
  }
  /// Some field differs.
  /// @param a left operand.
  /// @param b right operand.
  /// @return the negation of `a == b`.
  friend bool operator!=(const Cluster& a, const Cluster& b) { return !(a == b); }
};

/// Whether a cluster is a member of the programme during a period: it joined in that period or
/// earlier, i.e. its joined period begins no later than `period` ends
/// (`joined` first month <= `period` last month, counting months across years).
///
/// For periods of the same frequency this is exactly `joined <= period`. Across frequencies it counts
/// the period in which a cluster joined as active, whatever the precision of either: a cluster that
/// joined in 2021M05 is active in 2021, 2021H1 and 2021Q2 but not in 2021Q1; one recorded as joining
/// in 2021 is active from 2021M01 on. (Plain Period ordering would leave the 2021M05 cluster out of the
/// annual period 2021, which the 26+X panels, where the X cohort is assessed for the year it joined, need.)
/// @param cluster the cluster.
/// @param period the period of assessment.
/// @return true if the cluster is active in `period`.
inline bool is_active_in(const Cluster& cluster, const Period& period) noexcept {
  const long joined_start = static_cast<long>(cluster.joined.year()) * 12 + cluster.joined.first_month();
  const long period_end = static_cast<long>(period.year()) * 12 + period.last_month();
  return joined_start <= period_end;
}

/// A validated, ordered set of clusters with constant-time lookup by id.
///
/// The set is immutable after construction; filters return new sets that keep the relative order of
/// this one. Input order is preserved everywhere (clusters(), ids(), cohorts(), filters), so results
/// built from a set are reproducible. Lookups by id cost O(1) on average.
class ClusterSet {
 public:
  /// An empty set.
  ClusterSet() = default;

  /// Validates the clusters on their own (regions are not checked against a tree; see the
  /// two-argument constructor).
  /// @param clusters the clusters, in the order lookups report them.
  /// @throws InvalidInput (invalid_id) for an empty or malformed id, region, non-empty cohort or
  ///         attribute key; (invalid_text) for a name, industry or attribute value that is not UTF-8;
  ///         (duplicate_id) for an id given twice.
  explicit ClusterSet(std::vector<Cluster> clusters) : clusters_(std::move(clusters)) {
    index_.reserve(clusters_.size());
    for (std::size_t i = 0; i < clusters_.size(); ++i) {
      const Cluster& c = clusters_[i];
      detail::check_id(detail::context("cluster_set", "index", std::to_string(i)), "id", c.id);
      const std::string ctx = detail::context("cluster_set", "cluster", c.id);
      detail::check_names(ctx, c.names);
      detail::check_id(ctx, "region", c.region);
      detail::check_utf8(ctx, "industry", c.industry);
      if (!c.cohort.empty()) detail::check_id(ctx, "cohort", c.cohort);
      for (const auto& attribute : c.attributes) {
        detail::check_id(ctx, "attribute key", attribute.first);
        detail::check_utf8(ctx, "attribute \"" + attribute.first + "\"", attribute.second);
      }
      const auto inserted = index_.emplace(c.id, i);
      if (!inserted.second) {
        throw InvalidInput(ErrorCode::duplicate_id, ctx,
                           "id occurs twice, at input positions " + std::to_string(inserted.first->second) + " and " +
                               std::to_string(i) + " (counting from 0)");
      }
    }
  }

  /// Validates the clusters as the one-argument constructor does, and checks that each cluster's region
  /// is in `regions`.
  /// @param clusters the clusters, in the order lookups report them.
  /// @param regions the region tree the clusters' regions must belong to.
  /// @throws InvalidInput as the one-argument constructor; (inconsistent) naming the cluster and its
  ///         region if the region is not in `regions`.
  ClusterSet(std::vector<Cluster> clusters, const RegionTree& regions) : ClusterSet(std::move(clusters)) {
    for (const Cluster& c : clusters_) {
      if (!regions.contains(c.region)) {
        throw InvalidInput(ErrorCode::inconsistent, detail::context("cluster_set", "cluster", c.id),
                           "region \"" + c.region + "\" of cluster \"" + c.id + "\" is not in the region tree");
      }
    }
  }

  /// @return the number of clusters.
  [[nodiscard]] std::size_t size() const noexcept { return clusters_.size(); }
  /// @return true if the set has no clusters.
  [[nodiscard]] bool empty() const noexcept { return clusters_.empty(); }

  /// Whether a cluster exists.
  /// @param id the cluster id.
  /// @return true if a cluster has this id.
  [[nodiscard]] bool contains(std::string_view id) const { return index_.count(std::string(id)) != 0; }

  /// Looks a cluster up without throwing.
  /// @param id the cluster id.
  /// @return the cluster, or nullptr if there is none with this id. The pointer stays valid as long as
  ///         the set it came from.
  [[nodiscard]] const Cluster* find(std::string_view id) const {
    const auto it = index_.find(std::string(id));
    return it == index_.end() ? nullptr : &clusters_[it->second];
  }

  /// Looks a cluster up.
  /// @param id the cluster id.
  /// @return the cluster.
  /// @throws NotFound naming the id if there is no such cluster.
  [[nodiscard]] const Cluster& at(std::string_view id) const { return clusters_[index_of(id)]; }

  /// The position of a cluster, e.g. its row in a matrix built from this set.
  /// @param id the cluster id.
  /// @return the 0-based position in clusters().
  /// @throws NotFound naming the id if there is no such cluster.
  [[nodiscard]] std::size_t index_of(std::string_view id) const {
    const auto it = index_.find(std::string(id));
    if (it == index_.end()) throw NotFound("cluster_set", "no cluster with id \"" + std::string(id) + "\"");
    return it->second;
  }

  /// @return every cluster, in input order.
  [[nodiscard]] const std::vector<Cluster>& clusters() const noexcept { return clusters_; }

  /// @return every id, in input order.
  [[nodiscard]] std::vector<std::string> ids() const {
    std::vector<std::string> out;
    out.reserve(clusters_.size());
    for (const Cluster& c : clusters_) out.push_back(c.id);
    return out;
  }

  /// The distinct cohorts, so that every cluster falls in exactly one of them.
  /// @return each distinct value of Cluster::cohort in order of first appearance, including the empty
  ///         string if some cluster has no cohort.
  [[nodiscard]] std::vector<std::string> cohorts() const {
    std::vector<std::string> out;
    for (const Cluster& c : clusters_) {
      bool seen = false;
      for (const std::string& s : out) seen = seen || s == c.cohort;  // few cohorts: a scan beats a set
      if (!seen) out.push_back(c.cohort);
    }
    return out;
  }

  /// The clusters of one cohort.
  /// @param cohort the cohort, e.g. "X"; "" selects the clusters without a cohort.
  /// @return a new set, in this set's order; empty if no cluster has this cohort (cohorts are not a
  ///         registry, so an absent cohort is not an error).
  [[nodiscard]] ClusterSet in_cohort(std::string_view cohort) const {
    return filter([cohort](const Cluster& c) { return c.cohort == cohort; });
  }

  /// The clusters sitting in a region or anywhere below it.
  /// @param regions the region tree.
  /// @param region_code the region, e.g. "130600" (保定市) for the clusters of Dingzhou and Anguo too.
  /// @return a new set, in this set's order. A cluster whose region is not in `regions` is never within.
  /// @throws NotFound naming the code if `region_code` is not in `regions`.
  [[nodiscard]] ClusterSet within_region(const RegionTree& regions, std::string_view region_code) const {
    if (!regions.contains(region_code)) {
      throw NotFound("region_tree", "no region with code \"" + std::string(region_code) + "\"");
    }
    return filter(
        [&](const Cluster& c) { return regions.contains(c.region) && regions.is_within(c.region, region_code); });
  }

  /// The clusters that are members of the programme during a period, as defined by is_active_in().
  /// @param period the period of assessment.
  /// @return a new set, in this set's order.
  [[nodiscard]] ClusterSet active_in(const Period& period) const {
    return filter([&period](const Cluster& c) { return is_active_in(c, period); });
  }

  /// The clusters a predicate accepts.
  /// @tparam Predicate a callable `bool(const Cluster&)`.
  /// @param predicate called once per cluster, in order.
  /// @return a new set of the accepted clusters, in this set's order. An exception from `predicate`
  ///         propagates unchanged.
  template <class Predicate>
  [[nodiscard]] ClusterSet filter(Predicate&& predicate) const {
    static_assert(std::is_invocable_r_v<bool, Predicate&, const Cluster&>,
                  "ClusterSet::filter needs a callable bool(const Cluster&)");
    ClusterSet out;
    for (const Cluster& c : clusters_) {
      if (predicate(c)) {
        out.index_.emplace(c.id, out.clusters_.size());  // already validated: only the index is rebuilt
        out.clusters_.push_back(c);
      }
    }
    return out;
  }

 private:
  std::vector<Cluster> clusters_;
  std::unordered_map<std::string, std::size_t> index_;  // id -> position in clusters_
};

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_CLUSTER_HPP
