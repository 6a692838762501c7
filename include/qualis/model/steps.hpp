/// @file
/// @brief The eleven-step working method (十一步工作法): step frameworks with maturity rubrics, step
/// assessments of clusters per period, and their summaries (completion, weakest steps, stage counts).
#ifndef QUALIS_MODEL_STEPS_HPP
#define QUALIS_MODEL_STEPS_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qualis/config.hpp"
#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"
#include "qualis/model/names.hpp"
#include "qualis/model/period.hpp"

QUALIS_NAMESPACE_BEGIN

/// One level of a maturity rubric: a short name and a descriptor a reviewer can apply.
struct RubricLevel {
  int level = 0;               ///< Position on the rubric; a rubric's levels are 0, 1, ..., n-1 in this order.
  Names names;                 ///< Short names, e.g. {"推进中", "Under way"}.
  std::string description;     ///< What a reviewer must see to award this level, in English.
  std::string description_zh;  ///< The same descriptor in Chinese (may be empty).
};

/// One step of a working method, judged on its own maturity rubric.
struct Step {
  std::string id;       ///< Stable id, unique within a framework, e.g. "certification".
  Names names;          ///< Display names, e.g. {"落实质量体系认证", "Implement quality-system certification"}.
  double weight = 1.0;  ///< Relative weight (finite, >= 0) in completion() and weakest_steps().
  std::vector<RubricLevel> rubric;  ///< The maturity levels 0..n-1 (n >= 2); the top level is n-1.
  std::string description;          ///< One sentence on what the step is about, in English.
  std::string description_zh;       ///< The same sentence in Chinese (may be empty).
};

/// The generic five-level maturity rubric: 0 not started (未启动), 1 planned (已规划), 2 under way
/// (推进中), 3 in place (已落实), 4 effective and exemplary (成效显著). The descriptors apply to any
/// step: each level asks for evidence of a kind a reviewer can check (a document, an activity under
/// way, a routine with records, measured results that others adopt).
/// @return the five levels, 0..4.
inline std::vector<RubricLevel> default_rubric() {
  return {
      {0,
       {"未启动", "Not started"},
       "No work on this step is visible: there is no plan, no measure and no one responsible for it.",
       "该项工作尚未部署：既无方案和措施，也未明确责任单位。"},
      {1,
       {"已规划", "Planned"},
       "A written plan sets the step's objectives, measures, responsible units and timetable, but "
       "implementation has not begun.",
       "已形成书面方案，明确了目标、措施、责任单位和时间安排，但尚未组织实施。"},
      {2,
       {"推进中", "Under way"},
       "Implementation has begun: some planned measures are being carried out and progress can be shown, "
       "but key tasks are unfinished.",
       "已开始实施，部分措施正在落实，进展有据可查，但关键任务尚未完成。"},
      {3,
       {"已落实", "In place"},
       "The planned measures are complete and work as a routine mechanism, and records or documents show it.",
       "计划措施已全部落实并形成常态化工作机制，有记录或文件佐证。"},
      {4,
       {"成效显著", "Effective and exemplary"},
       "The step has measurable effects on the cluster's outcomes, and its practice is recognised as a model "
       "that higher authorities promote or other clusters adopt.",
       "工作成效可用数据衡量、对集群发展带动明显，做法被上级推广或被其他集群借鉴，具有示范意义。"},
  };
}

namespace detail {
// "plan, industrial_chain, ...": the ids of `steps` in order, for messages.
inline std::string join_step_ids(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& s : steps) {
    if (!out.empty()) {
      out += ", ";
    }
    out += s.id;
  }
  return out;
}
}  // namespace detail

/// An ordered set of steps, each with a weight and a maturity rubric; validated on construction.
///
/// Invariants: at least one step; ids valid (see @ref ref_errors) and unique; names and descriptions
/// valid UTF-8; weights finite and >= 0 with a positive sum; each rubric has at least two levels,
/// numbered 0, 1, ..., n-1 in order. The steps keep the order given, which is the method's own order.
class StepFramework {
 public:
  /// Validates and stores the steps in the order given.
  /// @param steps the steps, in the method's order.
  /// @throws InvalidInput `empty_input` for no steps; `invalid_id` or `invalid_text` for a bad id;
  ///   `duplicate_id` for a repeated id; `invalid_text` for names or descriptions that are not UTF-8;
  ///   `not_finite` or `out_of_range` for a weight that is not finite or is negative; `inconsistent`
  ///   for a rubric with fewer than two levels or levels not numbered 0..n-1 (naming the step), or when
  ///   every weight is zero; `not_finite` when the sum of the weights overflows.
  explicit StepFramework(std::vector<Step> steps) : steps_(std::move(steps)) {
    const std::string kind = "step_framework";
    if (steps_.empty()) {
      throw InvalidInput(ErrorCode::empty_input, kind, "has no steps");
    }
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      const Step& s = steps_[i];
      detail::check_id(detail::context(kind, "position", std::to_string(i + 1)), "step id", s.id);
      const std::string ctx = detail::context(kind, "step", s.id);
      const auto [it, inserted] = index_.emplace(s.id, i);
      if (!inserted) {
        throw InvalidInput(ErrorCode::duplicate_id, ctx,
                           "step id occurs twice (positions " + std::to_string(it->second + 1) + " and " +
                               std::to_string(i + 1) + ")");
      }
      detail::check_names(ctx, s.names);
      detail::check_utf8(ctx, "description", s.description);
      detail::check_utf8(ctx, "Chinese description", s.description_zh);
      detail::check_weight(ctx, s.weight);
      total_weight_ += s.weight;
      if (s.rubric.size() < 2) {
        throw InvalidInput(ErrorCode::inconsistent, ctx,
                           "rubric has " + std::to_string(s.rubric.size()) + " level(s); at least 2 are needed");
      }
      for (std::size_t j = 0; j < s.rubric.size(); ++j) {
        const RubricLevel& r = s.rubric[j];
        if (r.level < 0 || static_cast<std::size_t>(r.level) != j) {
          throw InvalidInput(ErrorCode::inconsistent, ctx,
                             "rubric level at position " + std::to_string(j + 1) + " is " + std::to_string(r.level) +
                                 "; levels must be 0, 1, ..., " + std::to_string(s.rubric.size() - 1) + " in order");
        }
        const std::string level_ctx = kind + "[step=" + s.id + ", level=" + std::to_string(j) + "]";
        detail::check_names(level_ctx, r.names);
        detail::check_utf8(level_ctx, "description", r.description);
        detail::check_utf8(level_ctx, "Chinese description", r.description_zh);
      }
    }
    if (!std::isfinite(total_weight_)) {
      throw InvalidInput(ErrorCode::not_finite, kind, "the sum of the step weights is not finite");
    }
    if (!(total_weight_ > 0.0)) {
      throw InvalidInput(ErrorCode::inconsistent, kind, "every step weight is zero; at least one must be positive");
    }
  }

  /// @return the steps, in the method's order.
  [[nodiscard]] const std::vector<Step>& steps() const noexcept { return steps_; }
  /// @return the number of steps (at least 1).
  [[nodiscard]] std::size_t size() const noexcept { return steps_.size(); }
  /// @return the sum of the step weights (positive and finite).
  [[nodiscard]] double total_weight() const noexcept { return total_weight_; }

  /// Whether a step exists.
  /// @param id the step id.
  /// @return true if the framework has a step with this id.
  [[nodiscard]] bool contains(std::string_view id) const { return index_.find(id) != index_.end(); }

  /// The position of a step in the method's order.
  /// @param id the step id.
  /// @return the 0-based position.
  /// @throws NotFound (context `step_framework`) if there is no such step; the message lists the ids.
  [[nodiscard]] std::size_t index_of(std::string_view id) const {
    const auto it = index_.find(id);
    if (it == index_.end()) {
      throw NotFound("step_framework", "no step \"" + std::string(id) + "\" (the steps are " + id_list() + ")");
    }
    return it->second;
  }

  /// A step by id.
  /// @param id the step id.
  /// @return the step.
  /// @throws NotFound if there is no such step.
  [[nodiscard]] const Step& step(std::string_view id) const { return steps_[index_of(id)]; }

  /// The top level of a step's rubric (4 for the default rubric).
  /// @param id the step id.
  /// @return the number of rubric levels minus one (at least 1).
  /// @throws NotFound if there is no such step.
  [[nodiscard]] int max_level(std::string_view id) const { return max_level_at(index_of(id)); }

  /// @return the step ids, in the method's order.
  [[nodiscard]] std::vector<std::string> ids() const {
    std::vector<std::string> out;
    out.reserve(steps_.size());
    for (const Step& s : steps_) {
      out.push_back(s.id);
    }
    return out;
  }

  /// The top level of the step at a position.
  /// @param index 0-based position, less than size().
  /// @return the number of rubric levels of that step minus one.
  /// @throws NotFound if `index` is not less than size().
  [[nodiscard]] int max_level_at(std::size_t index) const {
    if (index >= steps_.size()) {
      throw NotFound("step_framework", "no step at position " + std::to_string(index) + " (there are " +
                                           std::to_string(steps_.size()) + ")");
    }
    return static_cast<int>(steps_[index].rubric.size()) - 1;
  }

 private:
  // The ids joined by ", ", so that a failed lookup says what would have been accepted.
  [[nodiscard]] std::string id_list() const { return detail::join_step_ids(steps_); }

  std::vector<Step> steps_;
  std::map<std::string, std::size_t, std::less<>> index_;
  double total_weight_ = 0.0;
};

/// The eleven-step working method (十一步工作法) that the Hebei Provincial Administration for Market
/// Regulation set on 2020-04-17 for regional quality improvement of industrial clusters, as a framework:
/// the eleven steps in the method's order, equal weights 1 and default_rubric() for every step.
///
/// | # | id | 中文 | English |
/// |---|---|---|---|
/// | 1 | `plan` | 定好产业提升规划 | Set the industry upgrading plan |
/// | 2 | `industrial_chain` | 构建完整产业链条 | Build a complete industrial chain |
/// | 3 | `leading_enterprises` | 抓好龙头企业带动 | Let leading enterprises pull the cluster |
/// | 4 | `benchmarking` | 建立对标对表制度 | Institute benchmarking against standards and best peers |
/// | 5 | `innovation` | 注重强化科技创新 | Strengthen science and technology innovation |
/// | 6 | `certification` | 落实质量体系认证 | Implement quality-system certification |
/// | 7 | `workforce` | 加强企业队伍建设 | Build the enterprise workforce |
/// | 8 | `trading_platforms` | 重视交易平台作用 | Make use of trading platforms |
/// | 9 | `regional_brand` | 做好区域品牌培树 | Cultivate the regional brand |
/// | 10 | `international_cooperation` | 积极开展国际合作 | Pursue international cooperation |
/// | 11 | `anti_counterfeiting` | 严打假冒伪劣行为 | Crack down on counterfeit and shoddy goods |
///
/// The ids are stable: files and results refer to steps by them.
/// @return the framework.
inline StepFramework eleven_step_method() {
  struct Row {
    const char* id;
    const char* zh;
    const char* en;
    const char* description;
    const char* description_zh;
  };
  static const std::array<Row, 11> rows = {{
      {"plan", "定好产业提升规划", "Set the industry upgrading plan",
       "The cluster has an upgrading plan that sets its positioning, targets, key projects and support measures.",
       "制定集群产业提升规划，明确发展定位、目标任务、重点项目和保障措施。"},
      {"industrial_chain", "构建完整产业链条", "Build a complete industrial chain",
       "Gaps in the upstream and downstream chain (materials, parts, equipment, services, logistics) are "
       "identified and filled so that more of the chain is supplied locally.",
       "梳理上下游产业链短板，补链、延链、强链，提高本地配套能力。"},
      {"leading_enterprises", "抓好龙头企业带动", "Let leading enterprises pull the cluster",
       "Leading enterprises are identified and supported so that they set the pace in quality, standards and "
       "technology and raise their suppliers and smaller firms with them.",
       "培育龙头骨干企业，发挥其在质量、标准和技术上的示范带动作用，带动配套中小企业共同提升。"},
      {"benchmarking", "建立对标对表制度", "Institute benchmarking against standards and best peers",
       "Enterprises measure their products and management against advanced domestic and international "
       "standards and the best peers, close the gaps found, and take part in writing standards.",
       "对照国内外先进标准和标杆企业查找差距、对标达标，并主导或参与标准制定。"},
      {"innovation", "注重强化科技创新", "Strengthen science and technology innovation",
       "Research spending, innovation platforms, cooperation with universities and institutes, patents and the "
       "use of research results are strengthened.",
       "加大研发投入，建设创新平台，推进产学研合作、专利创造和科技成果转化。"},
      {"certification", "落实质量体系认证", "Implement quality-system certification",
       "Enterprises obtain and keep certification of their quality, environmental and occupational health and "
       "safety management systems (ISO 9001, ISO 14001, ISO 45001) and of their products.",
       "推动企业开展质量、环境、职业健康安全管理体系（三体系）认证和产品认证并保持有效。"},
      {"workforce", "加强企业队伍建设", "Build the enterprise workforce",
       "Entrepreneurs, managers, quality professionals such as chief quality officers, and skilled workers are "
       "trained and recruited.",
       "加强企业家、管理人员、首席质量官等质量人才和技能工人队伍的培训与引进。"},
      {"trading_platforms", "重视交易平台作用", "Make use of trading platforms",
       "Specialised markets, trade fairs and e-commerce platforms are built or used to widen the cluster's "
       "sales channels.",
       "建设和用好专业市场、展会和电子商务等交易平台，拓宽集群销售渠道。"},
      {"regional_brand", "做好区域品牌培树", "Cultivate the regional brand",
       "A collective regional brand, such as a geographical indication or collective trademark, is registered, "
       "managed and promoted together with the enterprises' own brands.",
       "培育、管理和推广区域公共品牌（如地理标志、集体商标），带动企业品牌建设。"},
      {"international_cooperation", "积极开展国际合作", "Pursue international cooperation",
       "Enterprises enter foreign markets and cooperate with foreign partners on technology, standards and "
       "certification.",
       "推动企业开拓国际市场，开展技术、标准和认证等方面的国际合作。"},
      {"anti_counterfeiting", "严打假冒伪劣行为", "Crack down on counterfeit and shoddy goods",
       "Counterfeit and substandard goods and infringements of trademarks and other intellectual property in "
       "the cluster are found by supervision sampling and inspection and punished.",
       "通过监督抽查和执法检查，严厉打击集群内假冒伪劣和侵犯商标等知识产权的违法行为。"},
  }};
  // Built and validated once (thread-safe static initialisation), then copied: every model read starts from it.
  static const StepFramework built = [] {
    const std::vector<RubricLevel> rubric = default_rubric();
    std::vector<Step> steps;
    steps.reserve(rows.size());
    for (const Row& r : rows) {
      steps.push_back(Step{r.id, {r.zh, r.en}, 1.0, rubric, r.description, r.description_zh});
    }
    return StepFramework(std::move(steps));
  }();
  return built;
}

/// The level reached by one step in one assessment.
struct StepRating {
  std::string step;      ///< The step id; must exist in the framework.
  int level = 0;         ///< The rubric level reached, 0..max_level of the step.
  std::string evidence;  ///< What the level rests on (documents, visits, data); free UTF-8 text, may be empty.
};

/// How far one cluster has come on each step in one period.
///
/// A step without a rating is *not assessed*, which is different from level 0 (*not started*): the
/// summaries below count it as unrated and apply their stated missing-value rule.
struct StepAssessment {
  std::string cluster;              ///< The cluster id, e.g. "dz-sports".
  Period period;                    ///< The period assessed, e.g. Period::annual(2021).
  std::vector<StepRating> ratings;  ///< At most one rating per step, in any order.
  std::string assessor;             ///< Who assessed (an expert team, an institute); may be empty.
};

namespace detail {
// "step_assessment[cluster=dz-sports, period=2021]" or, with a step, "...[cluster=..., period=..., step=plan]".
inline std::string step_assessment_context(const std::string& cluster, const Period& period,
                                           std::string_view step = {}) {
  std::string out = "step_assessment[cluster=" + cluster + ", period=" + period.to_string();
  if (!step.empty()) {
    out += ", step=";
    out.append(step);
  }
  out += ']';
  return out;
}
}  // namespace detail

/// Checks one assessment against a framework.
/// @param framework the steps and rubrics.
/// @param assessment the assessment to check.
/// @throws InvalidInput `invalid_id` or `invalid_text` for a bad cluster id or step id; `invalid_text` for
///   evidence or assessor text that is not UTF-8; `duplicate_id` for a step rated twice; `out_of_range`
///   for a level outside 0..max_level of its step. Messages name the cluster, the period and the step,
///   e.g. `qualis: step_assessment[cluster=dz-sports, period=2021, step=plan]: level 5 is outside 0..4`.
/// @throws NotFound for a step id the framework does not have (same context; the message lists the ids).
inline void validate(const StepFramework& framework, const StepAssessment& assessment) {
  detail::check_id(detail::context("step_assessment", "period", assessment.period.to_string()), "cluster id",
                   assessment.cluster);
  const std::string ctx = detail::step_assessment_context(assessment.cluster, assessment.period);
  detail::check_utf8(ctx, "assessor", assessment.assessor);
  constexpr auto unseen = static_cast<std::size_t>(-1);
  std::vector<std::size_t> seen(framework.size(), unseen);
  for (std::size_t i = 0; i < assessment.ratings.size(); ++i) {
    const StepRating& r = assessment.ratings[i];
    detail::check_id(ctx, "step id of rating " + std::to_string(i + 1), r.step);
    const std::string rctx = detail::step_assessment_context(assessment.cluster, assessment.period, r.step);
    if (!framework.contains(r.step)) {
      throw NotFound(rctx,
                     "the framework has no such step (the steps are " + detail::join_step_ids(framework.steps()) + ")");
    }
    const std::size_t k = framework.index_of(r.step);
    if (seen[k] != unseen) {
      throw InvalidInput(
          ErrorCode::duplicate_id, rctx,
          "step is rated twice (ratings " + std::to_string(seen[k] + 1) + " and " + std::to_string(i + 1) + ")");
    }
    seen[k] = i;
    const int top = framework.max_level_at(k);
    if (r.level < 0 || r.level > top) {
      throw InvalidInput(ErrorCode::out_of_range, rctx,
                         "level " + std::to_string(r.level) + " is outside 0.." + std::to_string(top));
    }
    detail::check_utf8(rctx, "evidence", r.evidence);
  }
}

/// The rating of one step in an assessment, if any. Does not validate.
/// @param assessment the assessment.
/// @param step the step id.
/// @return the first rating of that step, or nullptr if the step is not assessed.
inline const StepRating* find_rating(const StepAssessment& assessment, std::string_view step) noexcept {
  for (const StepRating& r : assessment.ratings) {
    if (r.step == step) {
      return &r;
    }
  }
  return nullptr;
}

/// Many step assessments, validated against one framework, each (cluster, period) at most once.
/// Immutable after construction; pointers returned by lookups stay valid while the set lives.
class StepAssessmentSet {
 public:
  /// Validates every assessment and indexes them by cluster and period.
  /// @param framework the steps and rubrics (the set keeps a copy).
  /// @param assessments the assessments, in any order; may be empty.
  /// @throws InvalidInput or NotFound from validate() for a bad assessment; InvalidInput `duplicate_id`
  ///   (context `step_assessment_set[cluster=..., period=...]`) when a cluster is assessed twice in a period.
  StepAssessmentSet(StepFramework framework, std::vector<StepAssessment> assessments)
      : framework_(std::move(framework)), assessments_(std::move(assessments)) {
    for (std::size_t i = 0; i < assessments_.size(); ++i) {
      const StepAssessment& a = assessments_[i];
      validate(framework_, a);
      const auto [it, inserted] = index_[a.cluster].emplace(a.period, i);
      if (!inserted) {
        throw InvalidInput(ErrorCode::duplicate_id,
                           "step_assessment_set[cluster=" + a.cluster + ", period=" + a.period.to_string() + "]",
                           "the cluster is assessed twice in this period (assessments " +
                               std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
      }
    }
  }

  /// @return the framework the assessments were validated against.
  [[nodiscard]] const StepFramework& framework() const noexcept { return framework_; }
  /// @return every assessment, in input order.
  [[nodiscard]] const std::vector<StepAssessment>& assessments() const noexcept { return assessments_; }
  /// @return the number of assessments.
  [[nodiscard]] std::size_t size() const noexcept { return assessments_.size(); }
  /// @return true if the set holds no assessment.
  [[nodiscard]] bool empty() const noexcept { return assessments_.empty(); }

  /// The assessment of a cluster in a period, if any.
  /// @param cluster the cluster id.
  /// @param period the period.
  /// @return a pointer into the set, or nullptr if that cluster was not assessed in that period.
  [[nodiscard]] const StepAssessment* find(std::string_view cluster, const Period& period) const {
    const auto c = index_.find(cluster);
    if (c == index_.end()) {
      return nullptr;
    }
    const auto p = c->second.find(period);
    return p == c->second.end() ? nullptr : &assessments_[p->second];
  }

  /// The assessment of a cluster in a period.
  /// @param cluster the cluster id.
  /// @param period the period.
  /// @return the assessment.
  /// @throws NotFound (context `step_assessment_set`) naming the cluster and the period if there is none.
  [[nodiscard]] const StepAssessment& at(std::string_view cluster, const Period& period) const {
    const StepAssessment* a = find(cluster, period);
    if (a == nullptr) {
      throw NotFound("step_assessment_set",
                     "no assessment of cluster \"" + std::string(cluster) + "\" in period " + period.to_string());
    }
    return *a;
  }

  /// Every assessment of one cluster, earliest period first (Period's order).
  /// @param cluster the cluster id.
  /// @return pointers into the set; empty if the cluster has no assessment.
  [[nodiscard]] std::vector<const StepAssessment*> for_cluster(std::string_view cluster) const {
    std::vector<const StepAssessment*> out;
    const auto c = index_.find(cluster);
    if (c == index_.end()) {
      return out;
    }
    out.reserve(c->second.size());
    for (const auto& entry : c->second) {
      out.push_back(&assessments_[entry.second]);
    }
    return out;
  }

  /// @return the distinct cluster ids, in byte-wise ascending order.
  [[nodiscard]] std::vector<std::string> clusters() const {
    std::vector<std::string> out;
    out.reserve(index_.size());
    for (const auto& entry : index_) {
      out.push_back(entry.first);
    }
    return out;
  }

  /// @return the distinct periods, in Period's order.
  [[nodiscard]] std::vector<Period> periods() const {
    std::vector<Period> out;
    for (const auto& c : index_) {
      for (const auto& p : c.second) {
        out.push_back(p.first);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  StepFramework framework_;
  std::vector<StepAssessment> assessments_;
  std::map<std::string, std::map<Period, std::size_t>, std::less<>> index_;
};

/// What completion() does with steps that are not assessed.
enum class UnratedPolicy : int {
  exclude = 0,  ///< Leave unrated steps out of numerator and denominator (the default).
  as_zero = 1,  ///< Count an unrated step as level 0, "not started".
};

/// The stable name of a UnratedPolicy value, e.g. "exclude" (as the model file writes it).
/// @param value the value.
/// @return a static string; "unknown" for a value outside the enumeration.
constexpr const char* to_string(UnratedPolicy value) noexcept {
  switch (value) {
    case UnratedPolicy::exclude:
      return "exclude";
    case UnratedPolicy::as_zero:
      return "as_zero";
  }
  return "unknown";
}

/// Options of completion().
struct CompletionOptions {
  /// Missing-value rule. Default `exclude`: a step nobody assessed is unknown, not "not started", so it
  /// should not pull the ratio down; `as_zero` is the strict reading for programmes that require every step
  /// to be reported.
  UnratedPolicy unrated = UnratedPolicy::exclude;
};

/// The weighted completion of one assessment, from completion().
struct StepCompletion {
  /// The ratio in [0, 1]: 0 when every counted step is at level 0, 1 when every one is at its top level.
  /// Empty when the policy's denominator is zero: under `exclude`, when no step with a positive weight is
  /// rated. Never NaN.
  std::optional<double> ratio;
  std::size_t rated = 0;      ///< Steps rated, zero-weight steps included.
  std::size_t unrated = 0;    ///< Steps not assessed, zero-weight steps included.
  double weight_rated = 0.0;  ///< Sum of the weights of the rated steps.
  double weight_total = 0.0;  ///< Sum of all step weights (StepFramework::total_weight()).
};

/// The weighted completion ratio of one assessment: how far along its rubrics a cluster has come.
///
/// With w_k the weight, l_k the level and m_k the top level of step k,
///
///     ratio = sum_k w_k * (l_k / m_k) / sum_k w_k
///
/// where under `UnratedPolicy::exclude` both sums run over rated steps only, and under
/// `UnratedPolicy::as_zero` both run over every step with l_k = 0 for an unrated step. Dividing by m_k
/// puts rubrics of different lengths on one 0..1 scale. Zero-weight steps are counted in `rated` and
/// `unrated` but do not change the ratio. This is a weighted arithmetic mean of min-max normalised
/// levels (OECD/JRC 2008, *Handbook on Constructing Composite Indicators*, linear aggregation).
/// @param framework the steps, weights and rubrics.
/// @param assessment the assessment; validated first.
/// @param options the missing-value rule.
/// @return the ratio and the counts.
/// @throws InvalidInput or NotFound as validate().
inline StepCompletion completion(const StepFramework& framework, const StepAssessment& assessment,
                                 const CompletionOptions& options = {}) {
  validate(framework, assessment);
  StepCompletion out;
  out.weight_total = framework.total_weight();
  std::vector<const StepRating*> by_step(framework.size(), nullptr);
  for (const StepRating& r : assessment.ratings) {
    by_step[framework.index_of(r.step)] = &r;
  }
  double sum = 0.0;
  for (std::size_t k = 0; k < framework.size(); ++k) {
    const double w = framework.steps()[k].weight;
    if (by_step[k] == nullptr) {
      ++out.unrated;
      continue;
    }
    ++out.rated;
    out.weight_rated += w;
    // w * (l / m) rather than w * l / m: a step at its top level then adds exactly w, so ratio <= 1 exactly.
    sum += w * (static_cast<double>(by_step[k]->level) / framework.max_level_at(k));
  }
  const double denominator = options.unrated == UnratedPolicy::exclude ? out.weight_rated : out.weight_total;
  if (denominator > 0.0) {
    out.ratio = sum / denominator;
  }
  return out;
}

/// How far one rated step is from the top of its rubric, from weakest_steps().
struct StepGap {
  std::string step;           ///< The step id.
  int level = 0;              ///< The level reached.
  int max_level = 0;          ///< The top level of the step's rubric.
  double gap = 0.0;           ///< 1 - level / max_level, in [0, 1].
  double weighted_gap = 0.0;  ///< weight / total_weight * gap: the step's share of the unreached completion.
};

/// The rated steps furthest from the top of their rubrics, weakest first: where a cluster is held back.
///
/// Order: normalised level l/m ascending (compared exactly, as integers l_a * m_b < l_b * m_a); on a tie
/// the larger weight first, then the method's order. gap = 1 - l/m; weighted_gap = w / W * gap with W the
/// sum of all step weights, so that under `UnratedPolicy::as_zero` the weighted gaps of all steps sum to
/// 1 - completion ratio. Missing-value rule: unrated steps are left out (a gap cannot be measured on a step
/// nobody assessed; completion() reports how many there are). Zero-weight steps take part, with weighted
/// gap 0.
/// @param framework the steps, weights and rubrics.
/// @param assessment the assessment; validated first.
/// @param k the largest number of steps to return; fewer are returned when fewer are rated.
/// @return at most k gaps, weakest first.
/// @throws InvalidInput or NotFound as validate().
inline std::vector<StepGap> weakest_steps(const StepFramework& framework, const StepAssessment& assessment,
                                          std::size_t k) {
  validate(framework, assessment);
  struct Item {
    std::size_t index;
    const StepRating* rating;
    long long max_level;
  };
  std::vector<Item> items;
  items.reserve(assessment.ratings.size());
  for (const StepRating& r : assessment.ratings) {
    const std::size_t i = framework.index_of(r.step);
    items.push_back({i, &r, framework.max_level_at(i)});
  }
  const std::vector<Step>& steps = framework.steps();
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const long long lhs = a.rating->level * b.max_level;
    const long long rhs = b.rating->level * a.max_level;
    if (lhs != rhs) {
      return lhs < rhs;
    }
    if (steps[a.index].weight != steps[b.index].weight) {
      return steps[a.index].weight > steps[b.index].weight;
    }
    return a.index < b.index;
  });
  if (items.size() > k) {
    items.resize(k);
  }
  std::vector<StepGap> out;
  out.reserve(items.size());
  for (const Item& it : items) {
    StepGap g;
    g.step = it.rating->step;
    g.level = it.rating->level;
    g.max_level = static_cast<int>(it.max_level);
    g.gap = 1.0 - static_cast<double>(g.level) / static_cast<double>(g.max_level);
    g.weighted_gap = steps[it.index].weight / framework.total_weight() * g.gap;
    out.push_back(std::move(g));
  }
  return out;
}

/// How many steps of one assessment sit at each rubric level, from stage_counts().
struct StageCounts {
  /// by_level[l] is the number of rated steps at level l; the size is the longest rubric's number of
  /// levels (5 for the eleven-step method), so levels nobody reached count 0.
  std::vector<std::size_t> by_level;
  std::size_t rated = 0;    ///< Steps rated: the sum of by_level.
  std::size_t unrated = 0;  ///< Steps not assessed (not counted at level 0).
};

/// Counts the steps of one assessment at each rubric level: the maturity profile of a cluster
/// (e.g. "3 steps effective, 5 in place, 2 under way, 1 not assessed"). Missing-value rule: unrated steps
/// are counted apart, in `unrated`, never as level 0. Weights play no part.
/// @param framework the steps and rubrics.
/// @param assessment the assessment; validated first.
/// @return the counts.
/// @throws InvalidInput or NotFound as validate().
inline StageCounts stage_counts(const StepFramework& framework, const StepAssessment& assessment) {
  validate(framework, assessment);
  StageCounts out;
  int top = 0;
  for (std::size_t i = 0; i < framework.size(); ++i) {
    top = std::max(top, framework.max_level_at(i));
  }
  out.by_level.assign(static_cast<std::size_t>(top) + 1, 0);
  for (const StepRating& r : assessment.ratings) {
    ++out.by_level[static_cast<std::size_t>(r.level)];
  }
  out.rated = assessment.ratings.size();
  out.unrated = framework.size() - out.rated;
  return out;
}

QUALIS_NAMESPACE_END

#endif  // QUALIS_MODEL_STEPS_HPP
