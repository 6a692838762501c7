/// @file
/// @brief The indicator framework: a tree of dimensions with indicators as leaves, and its weights.
#ifndef QUALIS_MODEL_FRAMEWORK_HPP
#define QUALIS_MODEL_FRAMEWORK_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/indicator.hpp"
#include "qualis/model/names.hpp"

QUALIS_NAMESPACE_BEGIN

/// A dimension (pillar, sub-index, sub-dimension) of a framework, e.g. 质量表现 (quality performance).
/// Its children are the dimensions and indicators whose `parent` is its id. A plain record; Framework
/// validates it (see validate_dimension()).
struct Dimension {
  std::string id;           ///< Stable identifier, unique among dimensions and indicators alike.
  Names names;              ///< Display names, e.g. {"质量表现", "Quality performance"}.
  std::string parent;       ///< Id of the enclosing dimension; empty = directly under the root (the composite).
  double weight = 1.0;      ///< Weight among its siblings (finite, >= 0); normalised by Framework.
  std::string description;  ///< What the dimension covers; may be empty.
};

namespace detail {
// Every check of validate_dimension() except the one of the id itself, reported under `ctx`.
inline void check_dimension_fields(const std::string& ctx, const Dimension& dim) {
  check_names(ctx, dim.names);
  check_utf8(ctx, "description", dim.description);
  if (!dim.parent.empty()) check_id(ctx, "parent", dim.parent);
  check_weight(ctx, dim.weight);
}
}  // namespace detail

/// Checks one dimension record on its own: a valid id, names and description valid UTF-8, a non-empty
/// parent a valid id, the weight finite and >= 0. Framework runs the same checks and those that need
/// the whole tree.
/// @param dimension the record to check.
/// @throws InvalidInput with context `dimension[id=<id>]` (just `dimension` if the id itself is bad) and
///   code invalid_id, invalid_text, not_finite (weight) or out_of_range (negative weight).
inline void validate_dimension(const Dimension& dimension) {
  detail::check_id("dimension", "id", dimension.id);
  detail::check_dimension_fields(detail::context("dimension", "id", dimension.id), dimension);
}

/// One node of a framework in pre-order, for printing or walking the tree (see Framework::preorder()).
struct FrameworkNode {
  std::string id;             ///< The dimension's or indicator's id.
  bool is_indicator = false;  ///< True for an indicator (a leaf), false for a dimension.
  std::size_t depth = 0;      ///< 1 for a child of the root, 2 for a grandchild, ...
  std::string parent;         ///< Id of the parent dimension; empty for a child of the root.
  std::size_t index = 0;      ///< Position in Framework::indicators() or Framework::dimensions().
};

/// An indicator framework: the tree root (the composite index) -> dimensions -> ... -> indicators, as
/// in the OECD/JRC (2008) Handbook's theoretical framework and COINr's indicator metadata (each row
/// names its Parent and its Weight).
///
/// **Order.** Everything the framework lists comes in one stable order: depth-first pre-order from the
/// root, a node's children in input order, where *input order* means the child dimensions first, in
/// the order of the `dimensions` argument, then the child indicators, in the order of the `indicators`
/// argument. Reordering records changes the order only through that rule: records with different
/// parents may be listed in any relative order without effect.
///
/// **Weights.** Each node's `weight` counts relative to its siblings. The effective weight of a node in
/// the composite is the product of its normalised weights along the path from the root (COINr's
/// `get_eff_weights()`). For a node i with path r -> d1 -> ... -> dk -> i, P(i) = {d1, ..., dk, i} and
/// S(n) the children of n's parent (n included):
///
///     w_eff(i) = product over n in P(i) of  w_n / (sum over s in S(n) of w_s)
///
/// The effective weights of all indicators therefore sum to 1 (up to rounding), and a dimension's
/// effective weight equals the sum of those of the indicators under it.
///
/// **Validation** on construction, reported in this order (each step in input order, dimensions before
/// indicators): every record (validate_dimension(), validate_indicator()); at least one indicator
/// (empty_input); ids unique across dimensions and indicators (duplicate_id); every non-empty parent is
/// the id of a dimension (inconsistent, naming both ids); no cycle of parents among dimensions (cycle,
/// listing it); no dimension without children (inconsistent); among the children of each node, the
/// root included, the weights are not all zero and their sum is finite (inconsistent, not_finite).
/// Contexts read `framework[dimension=<id>]`, `framework[indicator=<id>]` or `framework[root]`.
///
/// A Framework never changes after construction; all references it returns stay valid for its lifetime.
class Framework {
 public:
  /// Builds and validates the tree.
  /// @param dimensions the dimension records, in any order (sibling order is kept, see the class notes).
  /// @param indicators the indicator records, in any order (sibling order is kept).
  /// @throws InvalidInput as listed under "Validation" in the class description.
  Framework(std::vector<Dimension> dimensions, std::vector<Indicator> indicators) {
    build(std::move(dimensions), std::move(indicators));
  }

  /// A flat framework: every indicator directly under the root (every parent must be empty).
  /// @param indicators the indicator records.
  /// @throws InvalidInput as for the two-argument constructor (a non-empty parent names no dimension).
  explicit Framework(std::vector<Indicator> indicators) { build({}, std::move(indicators)); }

  /// The indicators (the leaves) in depth-first pre-order, the order in which to lay them out as columns.
  /// @return the indicator records.
  [[nodiscard]] const std::vector<Indicator>& indicators() const noexcept { return indicators_; }
  /// The indicator ids, aligned with indicators().
  /// @return the ids.
  [[nodiscard]] const std::vector<std::string>& indicator_ids() const noexcept { return indicator_ids_; }
  /// The dimensions in depth-first pre-order.
  /// @return the dimension records.
  [[nodiscard]] const std::vector<Dimension>& dimensions() const noexcept { return dimensions_; }
  /// Every node, dimensions and indicators, in depth-first pre-order, with kind, depth and parent:
  /// enough to print the tree with one line per node, indented by depth.
  /// @return the nodes.
  [[nodiscard]] const std::vector<FrameworkNode>& preorder() const noexcept { return preorder_; }

  /// @return the number of nodes: dimensions plus indicators (the root is not counted).
  [[nodiscard]] std::size_t size() const noexcept { return preorder_.size(); }
  /// @return the number of indicators (at least 1).
  [[nodiscard]] std::size_t indicator_count() const noexcept { return indicators_.size(); }
  /// @return the number of dimensions (0 for a flat framework).
  [[nodiscard]] std::size_t dimension_count() const noexcept { return dimensions_.size(); }

  /// @param id an id.
  /// @return true if a dimension or an indicator has this id.
  [[nodiscard]] bool contains(std::string_view id) const { return lookup_.find(id) != lookup_.end(); }
  /// @param id an id.
  /// @return true if an indicator has this id.
  [[nodiscard]] bool is_indicator(std::string_view id) const {
    const auto it = lookup_.find(id);
    return it != lookup_.end() && preorder_[it->second].is_indicator;
  }
  /// @param id an id.
  /// @return true if a dimension has this id.
  [[nodiscard]] bool is_dimension(std::string_view id) const {
    const auto it = lookup_.find(id);
    return it != lookup_.end() && !preorder_[it->second].is_indicator;
  }

  /// The indicator with an id.
  /// @param id the indicator's id.
  /// @return its record.
  /// @throws NotFound if no indicator has this id.
  [[nodiscard]] const Indicator& indicator(std::string_view id) const { return indicators_[indicator_index(id)]; }
  /// The position of an indicator in indicators() (and in indicator_ids(), effective_weights()).
  /// @param id the indicator's id.
  /// @return the 0-based position.
  /// @throws NotFound if no indicator has this id.
  [[nodiscard]] std::size_t indicator_index(std::string_view id) const {
    const FrameworkNode& node = preorder_[position(id)];
    if (!node.is_indicator) throw NotFound("framework", "\"" + std::string(id) + "\" is a dimension, not an indicator");
    return node.index;
  }
  /// The dimension with an id.
  /// @param id the dimension's id.
  /// @return its record.
  /// @throws NotFound if no dimension has this id.
  [[nodiscard]] const Dimension& dimension(std::string_view id) const { return dimensions_[dimension_index(id)]; }
  /// The position of a dimension in dimensions().
  /// @param id the dimension's id.
  /// @return the 0-based position.
  /// @throws NotFound if no dimension has this id.
  [[nodiscard]] std::size_t dimension_index(std::string_view id) const {
    return preorder_[dimension_position(id)].index;
  }

  /// The children of a dimension or of the root, in input order (dimensions, then indicators).
  /// @param id a dimension's id, or the empty string for the root.
  /// @return the children's ids (empty for an indicator).
  /// @throws NotFound if `id` is neither empty nor a node's id.
  [[nodiscard]] const std::vector<std::string>& children(std::string_view id) const {
    return id.empty() ? root_children_ : info_[position(id)].children;
  }
  /// The parent of a node.
  /// @param id a dimension's or an indicator's id.
  /// @return the parent dimension's id; empty for a child of the root.
  /// @throws NotFound if no node has this id.
  [[nodiscard]] const std::string& parent(std::string_view id) const { return preorder_[position(id)].parent; }
  /// The dimensions above a node, nearest first (the root is not listed).
  /// @param id a dimension's or an indicator's id.
  /// @return the ancestor ids; empty for a child of the root.
  /// @throws NotFound if no node has this id.
  [[nodiscard]] std::vector<std::string> ancestors(std::string_view id) const {
    std::vector<std::string> out;
    const std::string* up = &preorder_[position(id)].parent;
    while (!up->empty()) {
      out.push_back(*up);
      up = &preorder_[position(*up)].parent;
    }
    return out;
  }
  /// The depth of a node: 1 for a child of the root, one more per level below.
  /// @param id a dimension's or an indicator's id.
  /// @return the depth, >= 1.
  /// @throws NotFound if no node has this id.
  [[nodiscard]] std::size_t depth(std::string_view id) const { return preorder_[position(id)].depth; }
  /// @return the largest depth of any node (always that of an indicator): 1 for a flat framework.
  [[nodiscard]] std::size_t max_depth() const noexcept { return max_depth_; }

  /// The indicators beneath a dimension at any depth.
  /// @param dimension_id a dimension's id, or the empty string for the root (all indicators).
  /// @return their ids in depth-first pre-order (a contiguous run of indicator_ids()).
  /// @throws NotFound if `dimension_id` is neither empty nor a dimension's id.
  [[nodiscard]] std::vector<std::string> indicators_under(std::string_view dimension_id) const {
    if (dimension_id.empty()) return indicator_ids_;
    const NodeInfo& info = info_[dimension_position(dimension_id)];
    const auto first = indicator_ids_.begin() + static_cast<std::ptrdiff_t>(info.first_indicator);
    const auto last = indicator_ids_.begin() + static_cast<std::ptrdiff_t>(info.end_indicator);
    return {first, last};
  }

  /// The effective weight of every indicator in the composite, aligned with indicators(): the product
  /// of normalised weights along its path from the root (formula in the class description). They sum
  /// to 1 up to rounding; an indicator with weight 0, or under a dimension with weight 0, gets 0.
  /// @return the weights.
  [[nodiscard]] const std::vector<double>& effective_weights() const noexcept { return effective_weights_; }
  /// The effective weight of one node; for a dimension, the sum of those of the indicators beneath it.
  /// @param id a dimension's or an indicator's id.
  /// @return the product of normalised weights along its path from the root.
  /// @throws NotFound if no node has this id.
  [[nodiscard]] double effective_weight(std::string_view id) const { return info_[position(id)].effective_weight; }
  /// The normalised weight of a node among its siblings: w_n / sum of w_s over its parent's children.
  /// Aggregating a parent from its children uses these weights.
  /// @param id a dimension's or an indicator's id.
  /// @return a value in [0, 1]; the values of one node's children sum to 1 up to rounding.
  /// @throws NotFound if no node has this id.
  [[nodiscard]] double local_weight(std::string_view id) const { return info_[position(id)].local_weight; }

 private:
  // Per node, aligned with preorder_.
  struct NodeInfo {
    std::vector<std::string> children;  // ids, in input order
    double local_weight = 0.0;
    double effective_weight = 0.0;
    std::size_t first_indicator = 0;  // indicators beneath: [first_indicator, end_indicator) of indicators_
    std::size_t end_indicator = 0;
  };
  // A child during construction: which record (by input position) it is.
  struct Ref {
    bool is_indicator = false;
    std::size_t input = 0;
  };
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  [[nodiscard]] std::size_t position(std::string_view id) const {
    const auto it = lookup_.find(id);
    if (it == lookup_.end()) {
      throw NotFound("framework", "no dimension or indicator with id \"" + std::string(id) + "\"");
    }
    return it->second;
  }
  [[nodiscard]] std::size_t dimension_position(std::string_view id) const {
    const std::size_t pos = position(id);
    if (preorder_[pos].is_indicator) {
      throw NotFound("framework", "\"" + std::string(id) + "\" is an indicator, not a dimension");
    }
    return pos;
  }

  static std::string dim_ctx(const std::string& id) { return detail::context("framework", "dimension", id); }
  static std::string ind_ctx(const std::string& id) { return detail::context("framework", "indicator", id); }
  static std::string node_ctx(const Ref& node, const std::vector<Dimension>& dims, const std::vector<Indicator>& inds) {
    if (node.input == npos) return "framework[root]";
    return node.is_indicator ? ind_ctx(inds[node.input].id) : dim_ctx(dims[node.input].id);
  }

  void build(std::vector<Dimension> dims, std::vector<Indicator> inds) {
    // 1. Records. A bad id is reported by record number, since the id cannot name it.
    for (std::size_t i = 0; i < dims.size(); ++i) {
      detail::check_id("framework[dimension #" + std::to_string(i + 1) + "]", "id", dims[i].id);
      detail::check_dimension_fields(dim_ctx(dims[i].id), dims[i]);
    }
    for (std::size_t i = 0; i < inds.size(); ++i) {
      detail::check_id("framework[indicator #" + std::to_string(i + 1) + "]", "id", inds[i].id);
      detail::check_indicator_fields(ind_ctx(inds[i].id), inds[i]);
    }
    // 2. At least one indicator.
    if (inds.empty()) throw InvalidInput(ErrorCode::empty_input, "framework", "no indicators are given");

    // 3. Unique ids across both kinds.
    std::map<std::string, Ref, std::less<>> ids;
    for (std::size_t i = 0; i < dims.size(); ++i) {
      if (!ids.emplace(dims[i].id, Ref{false, i}).second) {
        throw InvalidInput(ErrorCode::duplicate_id, dim_ctx(dims[i].id), "id is used by two dimensions");
      }
    }
    for (std::size_t i = 0; i < inds.size(); ++i) {
      const auto [it, fresh] = ids.emplace(inds[i].id, Ref{true, i});
      if (!fresh) {
        throw InvalidInput(
            ErrorCode::duplicate_id, ind_ctx(inds[i].id),
            it->second.is_indicator ? "id is used by two indicators" : "id is used by a dimension and an indicator");
      }
    }

    // 4. Parents exist and are dimensions. Parent of each dimension by input position (npos = root).
    const auto parent_of = [&](const std::string& ctx, const std::string& parent) -> std::size_t {
      if (parent.empty()) return npos;
      const auto it = ids.find(parent);
      if (it == ids.end()) {
        throw InvalidInput(ErrorCode::inconsistent, ctx, "parent \"" + parent + "\" is not the id of any dimension");
      }
      if (it->second.is_indicator) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           "parent \"" + parent + "\" is an indicator; only dimensions can have children");
      }
      return it->second.input;
    };
    std::vector<std::size_t> dim_parent(dims.size());
    for (std::size_t i = 0; i < dims.size(); ++i) dim_parent[i] = parent_of(dim_ctx(dims[i].id), dims[i].parent);
    std::vector<std::size_t> ind_parent(inds.size());
    for (std::size_t i = 0; i < inds.size(); ++i) ind_parent[i] = parent_of(ind_ctx(inds[i].id), inds[i].parent);

    // 5. No cycles: follow each parent chain; meeting a dimension of the current walk closes a cycle.
    check_cycles(dims, dim_parent);

    // 6. Children lists, dimensions then indicators, each in input order; no empty dimension.
    std::vector<std::vector<Ref>> kids(dims.size() + 1);  // the last entry is the root's
    const auto slot = [&](std::size_t parent) { return parent == npos ? dims.size() : parent; };
    for (std::size_t i = 0; i < dims.size(); ++i) kids[slot(dim_parent[i])].push_back(Ref{false, i});
    for (std::size_t i = 0; i < inds.size(); ++i) kids[slot(ind_parent[i])].push_back(Ref{true, i});
    for (std::size_t i = 0; i < dims.size(); ++i) {
      if (kids[i].empty()) {
        throw InvalidInput(ErrorCode::inconsistent, dim_ctx(dims[i].id),
                           "dimension has no children: no dimension or indicator names it as parent");
      }
    }

    // 7. Sibling weights: each node's children must carry some weight, and a finite total.
    const auto weight = [&](const Ref& r) { return r.is_indicator ? inds[r.input].weight : dims[r.input].weight; };
    std::vector<double> sums(kids.size(), 0.0);
    for (std::size_t k = 0; k < kids.size(); ++k) {
      for (const Ref& r : kids[k]) sums[k] += weight(r);
      const Ref node{false, k == dims.size() ? npos : k};
      if (!std::isfinite(sums[k])) {
        throw InvalidInput(ErrorCode::not_finite, node_ctx(node, dims, inds),
                           "the weights of the children add up to a value that is not finite");
      }
      if (!(sums[k] > 0.0)) {
        std::string list;
        for (const Ref& r : kids[k]) {
          list += list.empty() ? "" : ", ";
          list += r.is_indicator ? inds[r.input].id : dims[r.input].id;
        }
        throw InvalidInput(ErrorCode::inconsistent, node_ctx(node, dims, inds),
                           "the weights of all children (" + list + ") are zero, so they cannot be normalised");
      }
    }

    // 8. Depth-first pre-order walk: lay out the records, lookups and weights.
    struct Frame {
      std::size_t slot;      // index into kids / sums
      std::size_t next;      // next child to visit
      std::size_t position;  // the node's position in preorder_ (npos for the root)
      double effective;      // the node's effective weight
    };
    preorder_.reserve(dims.size() + inds.size());
    info_.reserve(dims.size() + inds.size());
    dimensions_.reserve(dims.size());
    indicators_.reserve(inds.size());
    indicator_ids_.reserve(inds.size());
    effective_weights_.reserve(inds.size());
    std::vector<Frame> stack{Frame{dims.size(), 0, npos, 1.0}};
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next == kids[top.slot].size()) {
        if (top.position != npos) info_[top.position].end_indicator = indicators_.size();
        stack.pop_back();
        continue;
      }
      const Ref child = kids[top.slot][top.next++];
      const std::size_t parent_pos = top.position;
      const std::size_t pos = preorder_.size();
      NodeInfo info;
      info.local_weight = weight(child) / sums[top.slot];
      info.effective_weight = top.effective * info.local_weight;
      info.first_indicator = indicators_.size();
      FrameworkNode node;
      node.is_indicator = child.is_indicator;
      node.depth = stack.size();
      if (parent_pos != npos) node.parent = preorder_[parent_pos].id;
      if (child.is_indicator) {
        node.id = inds[child.input].id;
        node.index = indicators_.size();
        indicators_.push_back(std::move(inds[child.input]));
        indicator_ids_.push_back(node.id);
        effective_weights_.push_back(info.effective_weight);
        info.end_indicator = indicators_.size();
      } else {
        node.id = dims[child.input].id;
        node.index = dimensions_.size();
        dimensions_.push_back(std::move(dims[child.input]));
        stack.push_back(Frame{child.input, 0, pos, info.effective_weight});  // `top` is invalid from here on
      }
      (parent_pos == npos ? root_children_ : info_[parent_pos].children).push_back(node.id);
      max_depth_ = std::max(max_depth_, node.depth);
      lookup_.emplace(node.id, pos);
      preorder_.push_back(std::move(node));
      info_.push_back(std::move(info));
    }
  }

  // Throws ErrorCode::cycle for the first dimension (in input order) whose parent chain loops.
  static void check_cycles(const std::vector<Dimension>& dims, const std::vector<std::size_t>& parent) {
    enum : unsigned char { unseen, on_walk, done };
    std::vector<unsigned char> state(dims.size(), unseen);
    std::vector<std::size_t> walk;
    for (std::size_t start = 0; start < dims.size(); ++start) {
      walk.clear();
      std::size_t j = start;
      while (j != npos && state[j] == unseen) {
        state[j] = on_walk;
        walk.push_back(j);
        j = parent[j];
      }
      if (j != npos && state[j] == on_walk) {
        // The cycle is the tail of the walk from j; report it from its first member in input order.
        std::size_t first = j;
        for (std::size_t k = j;;) {
          if (k < first) first = k;
          k = parent[k];
          if (k == j) break;
        }
        const std::string ctx = dim_ctx(dims[first].id);
        if (parent[first] == first) throw InvalidInput(ErrorCode::cycle, ctx, "dimension is its own parent");
        std::string chain = dims[first].id;
        for (std::size_t k = parent[first];; k = parent[k]) {
          chain += " -> " + dims[k].id;
          if (k == first) break;
        }
        throw InvalidInput(ErrorCode::cycle, ctx, "parent chain " + chain + " is a cycle");
      }
      for (const std::size_t k : walk) state[k] = done;
    }
  }

  std::vector<Indicator> indicators_;
  std::vector<std::string> indicator_ids_;
  std::vector<double> effective_weights_;
  std::vector<Dimension> dimensions_;
  std::vector<FrameworkNode> preorder_;
  std::vector<NodeInfo> info_;
  std::vector<std::string> root_children_;
  std::map<std::string, std::size_t, std::less<>> lookup_;  // id -> position in preorder_
  std::size_t max_depth_ = 0;
};

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_FRAMEWORK_HPP
