/// @file
/// @brief Regions (province, prefectures, county-level units, development zones) and the tree they form.
#ifndef QUALIS_MODEL_REGION_HPP
#define QUALIS_MODEL_REGION_HPP

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/names.hpp"

QUALIS_NAMESPACE_BEGIN

/// The administrative level of a region. Levels describe a region; RegionTree does not check them
/// against the hierarchy, because development zones and county-level units both sit inside prefectures
/// and some units (e.g. provincially administered cities) do not follow the usual nesting.
enum class RegionLevel : int {
  province = 0,          ///< A province (省), e.g. 130000 河北省.
  prefecture = 1,        ///< A prefecture-level city (地级市), e.g. 130600 保定市.
  county_level = 2,      ///< A county-level city, county or district (县级市, 县, 区), e.g. 130682 定州市.
  development_zone = 3,  ///< A high-tech or economic development zone (高新区, 开发区), e.g. 唐山市高新区.
};

/// The snake_case name of a region level, the form parse_region_level() reads.
/// @param level the level.
/// @return "province", "prefecture", "county_level" or "development_zone"; "unknown" for a value
///         outside the enumeration.
constexpr const char* to_string(RegionLevel level) noexcept {
  switch (level) {
    case RegionLevel::province:
      return "province";
    case RegionLevel::prefecture:
      return "prefecture";
    case RegionLevel::county_level:
      return "county_level";
    case RegionLevel::development_zone:
      return "development_zone";
  }
  return "unknown";
}

/// Reads a region level from its snake_case name. Matching is exact (case-sensitive, no surrounding
/// white space), so that a model file has one spelling per level.
/// @param text "province", "prefecture", "county_level" or "development_zone".
/// @return the level.
/// @throws ParseError (source "region level") naming the text and the accepted names otherwise.
inline RegionLevel parse_region_level(std::string_view text) {
  for (const RegionLevel level :
       {RegionLevel::province, RegionLevel::prefecture, RegionLevel::county_level, RegionLevel::development_zone}) {
    if (text == to_string(level)) return level;
  }
  throw ParseError("region level", 0, 0,
                   "\"" + std::string(text) +
                       "\" is not a region level; expected province, prefecture, county_level or development_zone");
}

/// Writes the snake_case name of a level.
/// @param os the stream.
/// @param level the level.
/// @return the stream.
inline std::ostream& operator<<(std::ostream& os, RegionLevel level) { return os << to_string(level); }

/// One region: a node of a RegionTree.
struct Region {
  /// Identifier, usually the 6-digit administrative division code (行政区划代码) such as "130682"
  /// (定州市); any valid id is accepted, since development zones have no official code of their own.
  /// Non-empty, no control characters, no leading or trailing spaces.
  std::string code;
  Names names;  ///< Display names, e.g. {"定州市", "Dingzhou"}.
  /// Administrative level; defaults to county_level, where most clusters of the programme sit.
  RegionLevel level = RegionLevel::county_level;
  std::string parent;  ///< Code of the enclosing region; empty for a root (e.g. the province).

  /// Field-wise equality.
  /// @param a left operand.
  /// @param b right operand.
  /// @return true if code, names, level and parent are all equal.
  friend bool operator==(const Region& a, const Region& b) {
    return a.code == b.code && a.names == b.names && a.level == b.level && a.parent == b.parent;
  }
  /// Some field differs.
  /// @param a left operand.
  /// @param b right operand.
  /// @return the negation of `a == b`.
  friend bool operator!=(const Region& a, const Region& b) { return !(a == b); }
};

/// A validated forest of regions with constant-time lookup by code.
///
/// The tree is immutable after construction. It may be empty (default-constructed or built from an
/// empty vector) and may have several roots. Order is always the input order: regions(), roots(),
/// children() and descendants() list regions as they were given, so output built from a tree is
/// reproducible. Lookups by code cost O(1) on average; ancestors() and is_within() cost O(depth),
/// descendants() O(size of the subtree).
class RegionTree {
 public:
  /// An empty tree.
  RegionTree() = default;

  /// Validates the regions and builds the index.
  /// @param regions the regions, in the order lookups report them.
  /// @throws InvalidInput (invalid_id) for an empty code or parent, or one with control characters or
  ///         leading or trailing spaces; (invalid_text) for a name or id that is not UTF-8;
  ///         (out_of_range) for a level outside RegionLevel; (duplicate_id) for a code given twice;
  ///         (inconsistent) for a parent that is not in the tree, naming both codes; (cycle) for a parent
  ///         chain that returns to its start (a region that is its own parent included), naming every
  ///         region on the cycle.
  explicit RegionTree(std::vector<Region> regions) : regions_(std::move(regions)) {
    const std::size_t n = regions_.size();
    index_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Region& r = regions_[i];
      detail::check_id(detail::context("region_tree", "index", std::to_string(i)), "code", r.code);
      const std::string ctx = detail::context("region_tree", "region", r.code);
      detail::check_names(ctx, r.names);
      const int level = static_cast<int>(r.level);
      if (level < static_cast<int>(RegionLevel::province) || level > static_cast<int>(RegionLevel::development_zone)) {
        throw InvalidInput(ErrorCode::out_of_range, ctx, "level " + std::to_string(level) + " is not a RegionLevel");
      }
      if (!r.parent.empty()) detail::check_id(ctx, "parent", r.parent);
      const auto inserted = index_.emplace(r.code, i);
      if (!inserted.second) {
        throw InvalidInput(ErrorCode::duplicate_id, ctx,
                           "code occurs twice, at input positions " + std::to_string(inserted.first->second) + " and " +
                               std::to_string(i) + " (counting from 0)");
      }
    }
    link();
  }

  /// @return the number of regions.
  [[nodiscard]] std::size_t size() const noexcept { return regions_.size(); }
  /// @return true if the tree has no regions.
  [[nodiscard]] bool empty() const noexcept { return regions_.empty(); }

  /// Whether a region exists.
  /// @param code the region code.
  /// @return true if a region has this code.
  [[nodiscard]] bool contains(std::string_view code) const { return index_.count(std::string(code)) != 0; }

  /// Looks a region up without throwing.
  /// @param code the region code.
  /// @return the region, or nullptr if there is none with this code. The pointer stays valid as long
  ///         as the tree it came from.
  [[nodiscard]] const Region* find(std::string_view code) const {
    const auto it = index_.find(std::string(code));
    return it == index_.end() ? nullptr : &regions_[it->second];
  }

  /// Looks a region up.
  /// @param code the region code.
  /// @return the region.
  /// @throws NotFound naming the code if there is no such region.
  [[nodiscard]] const Region& at(std::string_view code) const { return regions_[position(code)]; }

  /// @return every region, in input order.
  [[nodiscard]] const std::vector<Region>& regions() const noexcept { return regions_; }

  /// @return the codes of the regions without a parent, in input order.
  [[nodiscard]] std::vector<std::string> roots() const { return codes(roots_); }

  /// The direct children of a region.
  /// @param code the region code.
  /// @return their codes, in input order (empty for a leaf).
  /// @throws NotFound naming the code if there is no such region.
  [[nodiscard]] std::vector<std::string> children(std::string_view code) const {
    return codes(children_[position(code)]);
  }

  /// Every region below a region: children, their children and so on.
  /// @param code the region code.
  /// @return their codes in pre-order (a child, then its subtree, then the next child; children in
  ///         input order); the region itself is not included.
  /// @throws NotFound naming the code if there is no such region.
  [[nodiscard]] std::vector<std::string> descendants(std::string_view code) const {
    const std::vector<std::size_t>& top = children_[position(code)];
    std::vector<std::string> out;
    std::vector<std::size_t> stack(top.rbegin(), top.rend());  // reversed, so the first child pops first
    while (!stack.empty()) {
      const std::size_t i = stack.back();
      stack.pop_back();
      out.push_back(regions_[i].code);
      stack.insert(stack.end(), children_[i].rbegin(), children_[i].rend());
    }
    return out;
  }

  /// The regions above a region.
  /// @param code the region code.
  /// @return their codes, nearest first (parent, grandparent, ..., root); the region itself is not
  ///         included, so a root has none.
  /// @throws NotFound naming the code if there is no such region.
  [[nodiscard]] std::vector<std::string> ancestors(std::string_view code) const {
    std::vector<std::string> out;
    for (std::size_t i = parent_[position(code)]; i != npos; i = parent_[i]) out.push_back(regions_[i].code);
    return out;
  }

  /// Whether a region lies inside another. The relation is reflexive (a region is within itself) and
  /// transitive.
  /// @param code the region tested.
  /// @param ancestor_code the enclosing candidate.
  /// @return true if the codes are equal or `ancestor_code` is an ancestor of `code`.
  /// @throws NotFound naming the code if either region does not exist.
  [[nodiscard]] bool is_within(std::string_view code, std::string_view ancestor_code) const {
    const std::size_t target = position(ancestor_code);
    for (std::size_t i = position(code); i != npos; i = parent_[i]) {
      if (i == target) return true;
    }
    return false;
  }

  /// The number of steps from a region up to its root.
  /// @param code the region code.
  /// @return 0 for a root, 1 for its children, and so on.
  /// @throws NotFound naming the code if there is no such region.
  [[nodiscard]] std::size_t depth(std::string_view code) const { return depth_[position(code)]; }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  [[nodiscard]] std::size_t position(std::string_view code) const {
    const auto it = index_.find(std::string(code));
    if (it == index_.end()) throw NotFound("region_tree", "no region with code \"" + std::string(code) + "\"");
    return it->second;
  }

  [[nodiscard]] std::vector<std::string> codes(const std::vector<std::size_t>& positions) const {
    std::vector<std::string> out;
    out.reserve(positions.size());
    for (const std::size_t i : positions) out.push_back(regions_[i].code);
    return out;
  }

  // Resolves parents, rejects unknown parents and cycles, and fills parent_, children_, roots_, depth_.
  void link() {
    const std::size_t n = regions_.size();
    parent_.assign(n, npos);
    children_.assign(n, {});
    for (std::size_t i = 0; i < n; ++i) {
      const Region& r = regions_[i];
      if (r.parent.empty()) {
        roots_.push_back(i);
        continue;
      }
      const auto it = index_.find(r.parent);
      if (it == index_.end()) {
        throw InvalidInput(ErrorCode::inconsistent, detail::context("region_tree", "region", r.code),
                           "parent \"" + r.parent + "\" of region \"" + r.code + "\" is not in the tree");
      }
      parent_[i] = it->second;
      children_[it->second].push_back(i);
    }
    // Depths by walking each parent chain once. A chain that meets a region still being walked is a
    // cycle; regions on a cycle never reach a root, so without this check depth would not terminate.
    enum class State : unsigned char { unvisited, walking, done };
    std::vector<State> state(n, State::unvisited);
    depth_.assign(n, 0);
    std::vector<std::size_t> chain;
    for (std::size_t start = 0; start < n; ++start) {
      chain.clear();
      std::size_t i = start;
      while (i != npos && state[i] == State::unvisited) {
        state[i] = State::walking;
        chain.push_back(i);
        i = parent_[i];
      }
      if (i != npos && state[i] == State::walking) throw cycle_error(chain, i);
      std::size_t above = i;  // a region whose depth is known, or npos above a root
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        depth_[*it] = above == npos ? 0 : depth_[above] + 1;
        state[*it] = State::done;
        above = *it;
      }
    }
  }

  [[nodiscard]] InvalidInput cycle_error(const std::vector<std::size_t>& chain, std::size_t entry) const {
    std::string path;
    bool on_cycle = false;
    for (const std::size_t k : chain) {
      on_cycle = on_cycle || k == entry;
      if (on_cycle) path += regions_[k].code + " -> ";
    }
    path += regions_[entry].code;
    return InvalidInput(ErrorCode::cycle, detail::context("region_tree", "region", regions_[entry].code),
                        "parent chain forms a cycle: " + path);
  }

  std::vector<Region> regions_;
  std::unordered_map<std::string, std::size_t> index_;  // code -> position in regions_
  std::vector<std::size_t> parent_;                     // position of the parent, npos for a root
  std::vector<std::vector<std::size_t>> children_;      // positions, in input order
  std::vector<std::size_t> roots_;                      // positions, in input order
  std::vector<std::size_t> depth_;
};

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_REGION_HPP
