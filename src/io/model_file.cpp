// The model file (JSON): reader with located problems, writer, and the inputs of run() (see
// include/qualis/io/model_file.hpp and docs/model-file.md).
#include "qualis/io/model_file.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "qualis/detail/text.hpp"
#include "qualis/error.hpp"

QUALIS_NAMESPACE_BEGIN
namespace {

using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------------------
// Field lists: one per record or option type, shared by the reader and the writer. The keys are the C++
// field names, so that the file, the docs and the code use one vocabulary.

template <class V>
void fields(V& v, Region& o) {
  v("code", o.code);
  v("names", o.names);
  v("level", o.level);
  v("parent", o.parent);
}
template <class V>
void fields(V& v, Cluster& o) {
  v("id", o.id);
  v("names", o.names);
  v("region", o.region);
  v("industry", o.industry);
  v("cohort", o.cohort);
  v("joined", o.joined);
  v("attributes", o.attributes);
}
template <class V>
void fields(V& v, Dimension& o) {
  v("id", o.id);
  v("names", o.names);
  v("parent", o.parent);
  v("weight", o.weight);
  v("description", o.description);
}
template <class V>
void fields(V& v, Indicator& o) {
  v("id", o.id);
  v("names", o.names);
  v("unit", o.unit);
  v("direction", o.direction);
  v("target", o.target);
  v("best_range", o.best_range);
  v("goalposts", o.goalposts);
  v("description", o.description);
  v("source", o.source);
  v("parent", o.parent);
  v("weight", o.weight);
}
template <class V>
void fields(V& v, RubricLevel& o) {
  v("level", o.level);
  v("names", o.names);
  v("description", o.description);
  v("description_zh", o.description_zh);
}
template <class V>
void fields(V& v, Step& o) {
  v("id", o.id);
  v("names", o.names);
  v("weight", o.weight);
  v("rubric", o.rubric);
  v("description", o.description);
  v("description_zh", o.description_zh);
}
template <class V>
void fields(V& v, DenominationRule& o) {
  v("numerator", o.numerator);
  v("denominator", o.denominator);
  v("scale", o.scale);
  v("new_id", o.new_id);
}
template <class V>
void fields(V& v, DenominateOptions& o) {
  v("zero_denominator", o.zero_denominator);
  v("allow_negative_denominator", o.allow_negative_denominator);
}
template <class V>
void fields(V& v, ScreenOptions& o) {
  v("min_unit_coverage", o.min_unit_coverage);
  v("min_indicator_coverage", o.min_indicator_coverage);
  v("include_units", o.include_units);
  v("exclude_units", o.exclude_units);
  v("include_indicators", o.include_indicators);
  v("exclude_indicators", o.exclude_indicators);
  v("active_from", o.active_from);
  v("constant", o.constant);
}
template <class V>
void fields(V& v, CrossSectionImputeOptions& o) {
  v("statistic", o.statistic);
  v("groups", o.groups);
  v("empty_group", o.empty_group);
  v("no_data", o.no_data);
}
template <class V>
void fields(V& v, TimeImputeOptions& o) {
  v("method", o.method);
  v("max_gap", o.max_gap);
  v("axis", o.axis);
  v("joined", o.joined);
  v("no_data", o.no_data);
}
template <class V>
void fields(V& v, OutlierOverride& o) {
  v("action", o.action);
  v("skew_threshold", o.skew_threshold);
  v("kurtosis_threshold", o.kurtosis_threshold);
  v("max_winsorised", o.max_winsorised);
}
template <class V>
void fields(V& v, OutlierOptions& o) {
  v("skew_threshold", o.skew_threshold);
  v("kurtosis_threshold", o.kurtosis_threshold);
  v("max_winsorised", o.max_winsorised);
  v("log_fallback", o.log_fallback);
  v("log_form", o.log_form);
  v("overrides", o.overrides);
}
template <class V>
void fields(V& v, Preparation& o) {
  v("denominations", o.denominations);
  v("denominate", o.denominate);
  v("screen", o.screen);
  v("screen_scope", o.screen_scope);
  v("screening", o.screening);
  v("imputation", o.imputation);
  v("cross_section", o.cross_section);
  v("impute_within", o.impute_within);
  v("over_time", o.over_time);
  v("treat_outliers", o.treat_outliers);
  v("outliers", o.outliers);
}
template <class V>
void fields(V& v, MinMaxOptions& o) {
  v("range", o.range);
}
template <class V>
void fields(V& v, ZScoreOptions& o) {
  v("deviation", o.deviation);
  v("mean", o.mean);
  v("sd", o.sd);
}
template <class V>
void fields(V& v, GoalpostsOptions& o) {
  v("range", o.range);
  v("cap", o.cap);
}
template <class V>
void fields(V& v, DistanceToTargetOptions& o) {
  v("formula", o.formula);
  v("cap", o.cap);
}
template <class V>
void fields(V& v, DistanceToFrontierOptions& o) {
  v("formula", o.formula);
}
template <class V>
void fields(V& v, NormalizeRatioOptions& o) {
  v("cost", o.cost);
}
template <class V>
void fields(V& v, NormalizeRankOptions& o) {
  v("ties", o.ties);
}
template <class V>
void fields(V& v, CategoricalOptions& o) {
  v("thresholds", o.thresholds);
  v("kind", o.kind);
  v("scores", o.scores);
}
template <class V>
void fields(V& v, NormalizeRules& o) {
  v("missing", o.missing);
  v("degenerate", o.degenerate);
  v("degenerate_value", o.degenerate_value);
}
template <class V>
void fields(V& v, NormalizeOptions& o) {
  v("method", o.method);
  v("min_max", o.min_max);
  v("z_score", o.z_score);
  v("goalposts", o.goalposts);
  v("distance_to_target", o.distance_to_target);
  v("distance_to_frontier", o.distance_to_frontier);
  v("ratio", o.ratio);
  v("rank", o.rank);
  v("categorical", o.categorical);
  v("rules", o.rules);
}
template <class V>
void fields(V& v, Normalization& o) {
  v("options", o.options);
  v("reference", o.reference);
  v("base_period", o.base_period);
  v("per_indicator", o.per_indicator);
}
template <class V>
void fields(V& v, EntropyOptions& o) {
  v("normalization", o.normalization);
  v("zeros", o.zeros);
  v("shift", o.shift);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, CriticOptions& o) {
  v("cost", o.cost);
  v("deviation", o.deviation);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, CvOptions& o) {
  v("deviation", o.deviation);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, SdOptions& o) {
  v("normalization", o.normalization);
  v("deviation", o.deviation);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, PcaOptions& o) {
  v("factors", o.factors);
  v("eigenvalue_min", o.eigenvalue_min);
  v("variance_share_min", o.variance_share_min);
  v("cumulative_variance_min", o.cumulative_variance_min);
  v("rotation", o.rotation);
  v("max_sweeps", o.max_sweeps);
  v("rotation_tolerance", o.rotation_tolerance);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, CombineOptions& o) {
  v("rule", o.rule);
  v("alpha", o.alpha);
  v("objective", o.objective);
}
template <class V>
void fields(V& v, WeightOptions& o) {
  v("method", o.method);
  v("fixed", o.fixed);
  v("entropy", o.entropy);
  v("critic", o.critic);
  v("cv", o.cv);
  v("sd", o.sd);
  v("pca", o.pca);
  v("combine", o.combine);
}
template <class V>
void fields(V& v, AhpOptions& o) {
  v("derivation", o.derivation);
  v("random_index", o.random_index);
  v("custom_random_index", o.custom_random_index);
  v("threshold", o.threshold);
  v("policy", o.policy);
  v("scale", o.scale);
  v("reciprocal_tolerance", o.reciprocal_tolerance);
  v("lambda", o.lambda);
  v("eigen_tolerance", o.eigen_tolerance);
  v("max_iterations", o.max_iterations);
}
template <class V>
void fields(V& v, AggregateMissingPolicy& o) {
  v("rule", o.rule);
  v("min_available_share", o.min_available_share);
}
template <class V>
void fields(V& v, AggregateOptions& o) {
  v("method", o.method);
  v("missing", o.missing);
  v("power", o.power);
  v("shift", o.shift);
  v("mpi_penalty", o.mpi_penalty);
  v("goalposts", o.goalposts);
}
template <class V>
void fields(V& v, TopsisOptions& o) {
  v("normalization", o.normalization);
  v("distance", o.distance);
  v("missing", o.missing);
  v("store_matrices", o.store_matrices);
}
template <class V>
void fields(V& v, VikorOptions& o) {
  v("v", o.v);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, GraOptions& o) {
  v("rho", o.rho);
  v("normalization", o.normalization);
  v("reference", o.reference);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, FuzzyOptions& o) {
  v("composition", o.composition);
  v("grade_scores", o.grade_scores);
  v("thresholds", o.thresholds);
  v("require_unit_rows", o.require_unit_rows);
  v("row_sum_tolerance", o.row_sum_tolerance);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, McdaOptions& o) {
  v("method", o.method);
  v("topsis", o.topsis);
  v("vikor", o.vikor);
  v("gra", o.gra);
  v("fce", o.fce);
}
template <class V>
void fields(V& v, NodeMethod& o) {
  v("weight_source", o.weight_source);
  v("weights", o.weights);
  v("weight_reference", o.weight_reference);
  v("pairwise", o.pairwise);
  v("ahp", o.ahp);
  v("aggregation", o.aggregation);
  v("mcda", o.mcda);
}
template <class V>
void fields(V& v, StageDefinition& o) {
  v("threshold", o.threshold);
  v("names", o.names);
}
template <class V>
void fields(V& v, StepIndexOptions& o) {
  v("unrated", o.unrated);
  v("units", o.units);
  v("periods", o.periods);
  v("stages", o.stages);
  v("weakest", o.weakest);
}
template <class V>
void fields(V& v, BlendOptions& o) {
  v("missing", o.missing);
}
template <class V>
void fields(V& v, StepBlend& o) {
  v("share", o.share);
  v("options", o.options);
  v("blend", o.blend);
}
template <class V>
void fields(V& v, RankOptions& o) {
  v("ties", o.ties);
  v("descending", o.descending);
}
template <class V>
void fields(V& v, GradeBand& o) {
  v("name", o.name);
  v("lower", o.lower);
}
template <class V>
void fields(V& v, Ranking& o) {
  v("options", o.options);
  v("within_cohort", o.within_cohort);
  v("within_regions", o.within_regions);
  v("grades", o.grades);
  v("bands", o.bands);
  v("quantile_labels", o.quantile_labels);
  v("quantile_probabilities", o.quantile_probabilities);
}
template <class V>
void fields(V& v, CouplingOptions& o) {
  v("weights", o.weights);
  v("missing", o.missing);
}
template <class V>
void fields(V& v, StrengthOptions& o) {
  v("k", o.k);
  v("basis", o.basis);
}
template <class V>
void fields(V& v, Diagnosis& o) {
  v("enabled", o.enabled);
  v("scale", o.scale);
  v("top", o.top);
  v("gap", o.gap);
  v("group", o.group);
  v("coupling", o.coupling);
  v("coupling_options", o.coupling_options);
  v("strengths", o.strengths);
}
template <class V>
void fields(V& v, StatisticsOptions& o) {
  v("estimator", o.estimator);
  v("skewness_max", o.skewness_max);
  v("kurtosis_max", o.kurtosis_max);
  v("coverage_min", o.coverage_min);
}
template <class V>
void fields(V& v, AuditOptions& o) {
  v("statistics", o.statistics);
  v("flag_method", o.flag_method);
  v("collinear_min", o.collinear_min);
  v("negative_max", o.negative_max);
  v("aggregate", o.aggregate);
}
template <class V>
void fields(V& v, Audit& o) {
  v("scope", o.scope);
  v("options", o.options);
}
template <class V>
void fields(V& v, Uncertainty& o) {
  v("replications", o.replications);
  v("seed", o.seed);
  v("weights", o.weights);
  v("weight_share", o.weight_share);
  v("weight_concentration", o.weight_concentration);
  v("weight_nodes", o.weight_nodes);
  v("normalizations", o.normalizations);
  v("aggregations", o.aggregations);
  v("aggregation_nodes", o.aggregation_nodes);
  v("imputations", o.imputations);
  v("exclusion", o.exclusion);
  v("exclude", o.exclude);
  v("period", o.period);
  v("top", o.top);
  v("interval", o.interval);
  v("one_at_a_time", o.one_at_a_time);
  v("keep_replications", o.keep_replications);
  v("sensitivity_samples", o.sensitivity_samples);
  v("bootstrap", o.bootstrap);
  v("confidence", o.confidence);
}
template <class V>
void fields(V& v, Model& o) {
  v("preparation", o.preparation);
  v("normalization", o.normalization);
  v("default_method", o.default_method);
  v("methods", o.methods);
  v("composite_method", o.composite_method);
  v("steps", o.steps);
  v("ranking", o.ranking);
  v("diagnosis", o.diagnosis);
  v("audit", o.audit);
  v("uncertainty", o.uncertainty);
  v("score_id", o.score_id);
  v("composite_id", o.composite_id);
  v("step_index_id", o.step_index_id);
}
template <class V>
void fields(V& v, MannKendallOptions& o) {
  v("method", o.method);
  v("alpha", o.alpha);
  v("lag", o.lag);
  v("period", o.period);
  v("p_value", o.p_value);
  v("hamed_rao_sum", o.hamed_rao_sum);
  v("yue_wang", o.yue_wang);
  v("sen", o.sen);
}
template <class V>
void fields(V& v, SenOptions& o) {
  v("confidence", o.confidence);
  v("interval", o.interval);
}
template <class V>
void fields(V& v, LinearTrendOptions& o) {
  v("confidence", o.confidence);
}
template <class V>
void fields(V& v, HoltOptions& o) {
  v("alpha", o.alpha);
  v("beta", o.beta);
  v("init", o.init);
  v("interval_level", o.interval_level);
  v("tolerance", o.tolerance);
}
template <class V>
void fields(V& v, TrendOptions& o) {
  v("method", o.method);
  v("alpha", o.alpha);
  v("lag", o.lag);
  v("season_length", o.season_length);
  v("horizon", o.horizon);
  v("confidence", o.confidence);
  v("mann_kendall", o.mann_kendall);
  v("sen", o.sen);
  v("ols", o.ols);
  v("holt", o.holt);
}

// ---------------------------------------------------------------------------------------------------------
// Type traits of the value kinds.

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class T>
struct is_map<std::map<std::string, T>> : std::true_type {};

// The stable names of an enumeration: every value 0..63 whose to_string() is not "unknown".
template <class E>
const std::vector<std::string>& enum_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (int i = 0; i < 64; ++i) {
      const std::string_view name = to_string(static_cast<E>(i));
      if (name != "unknown") out.emplace_back(name);
    }
    return out;
  }();
  return names;
}

std::string normalise_name(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '-' || c == ' ') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += separator;
    out += s;
  }
  return out;
}

std::string pointer_escape(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// "/model/normalization/options/method" -> "model.normalization.options.method" (for messages).
std::string readable(const std::string& pointer) {
  if (pointer.empty()) return "the document";
  std::string out;
  std::size_t i = 1;
  while (i <= pointer.size()) {
    const std::size_t next = std::min(pointer.find('/', i), pointer.size());
    std::string part = pointer.substr(i, next - i);
    std::string key;
    for (std::size_t k = 0; k < part.size(); ++k) {
      if (part[k] == '~' && k + 1 < part.size()) {
        key += part[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        key += part[k];
      }
    }
    const bool index = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (index) {
      out += '[' + key + ']';
    } else {
      if (!out.empty()) out += '.';
      out += key;
    }
    i = next + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Positions: where each value (and each object key) of the document starts.

struct Located {
  std::size_t value = 0;  // byte offset of the value
  std::size_t key = 0;    // byte offset of its key (for object members; else the value)
};

class TextIndex {
 public:
  explicit TextIndex(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }
  [[nodiscard]] CsvPosition at(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
    const std::size_t start = line_starts_[line - 1];
    std::size_t column = 1;
    for (std::size_t i = start; i < offset; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
    }
    if (start == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) --column;
    return {line, column};
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

constexpr std::size_t max_depth = 200;

// Deepest nesting of arrays and objects, strings skipped (the text need not be valid JSON).
std::size_t nesting_depth(std::string_view text, std::size_t& where) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (depth > deepest) {
        deepest = depth;
        if (deepest == max_depth + 1) where = i;  // where the limit is first exceeded
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// The first number outside strings that is beyond the range of a double, such as 1e400 (nlohmann::json
// rejects it with out_of_range 406, which has no position): its offset and its text; the text's end and ""
// when there is none.
std::size_t overflowing_number(std::string_view text, std::string& number) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t end = i + 1;
      while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.' || text[end] == 'e' ||
                                   text[end] == 'E' || text[end] == '+' || text[end] == '-')) {
        ++end;
      }
      number = std::string(text.substr(i, end - i));
      if (std::isinf(std::strtod(number.c_str(), nullptr))) return i;
      i = end - 1;
    }
  }
  number.clear();
  return text.size();
}

// Walks valid JSON text (nesting already bounded) and records where every value starts, by JSON pointer,
// and the object keys that occur twice.
class Indexer {
 public:
  Indexer(std::string_view text, std::map<std::string, Located>& out) : text_(text), out_(out) {}

  struct Duplicate {
    std::string pointer;
    std::size_t first = 0;
    std::size_t second = 0;
  };
  std::vector<Duplicate> duplicates;

  void run() {
    std::size_t i = 0;
    value(i, "", 0);
  }

 private:
  void skip_space(std::size_t& i) const {
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) ++i;
    if (i == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF") {
      i = 3;
      skip_space(i);
    }
  }
  std::size_t skip_string(std::size_t i) const {  // i at the opening quote; returns past the closing one
    ++i;
    while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
    return i + 1;
  }
  void value(std::size_t& i, const std::string& pointer, std::size_t key_at) {
    skip_space(i);
    if (i >= text_.size()) return;
    out_[pointer] = Located{i, key_at == 0 && pointer.empty() ? i : key_at};
    const char c = text_[i];
    if (c == '{') {
      ++i;
      std::map<std::string, std::size_t> seen;
      for (;;) {
        skip_space(i);
        if (i >= text_.size() || text_[i] == '}') break;
        if (text_[i] == ',') {
          ++i;
          continue;
        }
        const std::size_t key_start = i;
        const std::size_t key_end = skip_string(i);
        std::string key;
        try {
          key = Json::parse(text_.substr(key_start, key_end - key_start)).get<std::string>();
        } catch (const std::exception&) {
          key = std::string(text_.substr(key_start + 1, key_end - key_start - 2));
        }
        i = key_end;
        skip_space(i);
        if (i < text_.size() && text_[i] == ':') ++i;
        const std::string child = pointer + "/" + pointer_escape(key);
        const auto inserted = seen.emplace(key, key_start);
        if (!inserted.second) duplicates.push_back({child, inserted.first->second, key_start});
        value(i, child, key_start);
      }
      ++i;
    } else if (c == '[') {
      ++i;
      std::size_t k = 0;
      for (;;) {
        skip_space(i);
        if (i >= text_.size() || text_[i] == ']') break;
        if (text_[i] == ',') {
          ++i;
          continue;
        }
        const std::string child = pointer + "/" + std::to_string(k++);
        const std::size_t start = i;
        value(i, child, start);
      }
      ++i;
    } else if (c == '"') {
      i = skip_string(i);
    } else {
      while (i < text_.size() && text_[i] != ',' && text_[i] != '}' && text_[i] != ']' && text_[i] != ' ' &&
             text_[i] != '\n' && text_[i] != '\r' && text_[i] != '\t') {
        ++i;
      }
    }
  }

  std::string_view text_;
  std::map<std::string, Located>& out_;
};

// ---------------------------------------------------------------------------------------------------------
// Reading.

struct Context {
  std::string source;
  Problems* sink = nullptr;
  const TextIndex* text = nullptr;
  std::map<std::string, Located> located;
  std::size_t count = 0;  // problems found

  [[nodiscard]] CsvPosition position(std::string pointer, bool at_key) const {
    for (;;) {
      const auto it = located.find(pointer);
      if (it != located.end()) return text->at(at_key ? it->second.key : it->second.value);
      if (pointer.empty()) return {};
      pointer.erase(pointer.rfind('/'));
    }
  }

  void problem(const std::string& pointer, bool at_key, ErrorCode code, std::string id, std::string message) {
    ++count;
    const CsvPosition at = text == nullptr ? CsvPosition{} : position(pointer, at_key);
    Problem p;
    p.file = source;
    p.line = at.line;
    p.column = at.column;
    p.id = std::move(id);
    p.code = code;
    p.message = std::move(message);
    report(sink, std::move(p));
  }

  // A problem of a value: "<path>: <message>", the id being the path.
  void bad_value(const std::string& pointer, ErrorCode code, const std::string& message) {
    problem(pointer, false, code, readable(pointer), readable(pointer) + ": " + message);
  }
};

const char* kind_of(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "true or false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "a value";
  }
}

template <class T>
bool read_value(Context& ctx, const Json& j, const std::string& pointer, T& out);

// Reads the members of an object through a field list, then reports the keys no field took.
class Reader {
 public:
  Reader(Context& ctx, const Json& object, std::string pointer)
      : ctx_(ctx), object_(object), pointer_(std::move(pointer)) {}

  template <class T>
  void operator()(const char* key, T& out) {
    known_.emplace_back(key);
    const auto it = object_.find(key);
    if (it == object_.end()) return;
    T value = out;
    if (read_value(ctx_, *it, pointer_ + "/" + pointer_escape(key), value)) out = std::move(value);
  }

  void finish(const std::vector<std::string>& extra_keys = {}) {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      const std::string& key = it.key();
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      if (std::find(extra_keys.begin(), extra_keys.end(), key) != extra_keys.end()) continue;
      const std::string child = pointer_ + "/" + pointer_escape(key);
      std::vector<std::string> allowed = known_;
      allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
      ctx_.problem(child, true, ErrorCode::parse_error, key,
                   "unknown key \"" + key + "\" in " + readable(pointer_) + "; the keys are " + join(allowed));
    }
  }

 private:
  Context& ctx_;
  const Json& object_;
  std::string pointer_;
  std::vector<std::string> known_;
};

template <class T, class = void>
struct has_fields : std::false_type {};
template <class T>
struct has_fields<T, std::void_t<decltype(fields(std::declval<Reader&>(), std::declval<T&>()))>> : std::true_type {};

bool read_number(Context& ctx, const Json& j, const std::string& pointer, double& out) {
  if (j.is_number()) {
    out = j.get<double>();
    if (!std::isfinite(out)) {
      ctx.bad_value(pointer, ErrorCode::not_finite, "the number is too large for a double");
      return false;
    }
    return true;
  }
  if (j.is_null()) {  // what write_double() writes for NaN, the "not set" value of e.g. HoltOptions::alpha
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (j.is_string()) {
    // Lower case only: normalise_name() would turn the sign of "-inf" into '_'.
    std::string s = j.get<std::string>();
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (s == "inf" || s == "+inf" || s == "infinity") {
      out = std::numeric_limits<double>::infinity();
      return true;
    }
    if (s == "-inf" || s == "-infinity") {
      out = -std::numeric_limits<double>::infinity();
      return true;
    }
  }
  ctx.bad_value(pointer, ErrorCode::parse_error,
                std::string("expected a number (or \"inf\", \"-inf\", null), found ") + kind_of(j));
  return false;
}

template <class I>
bool read_integer(Context& ctx, const Json& j, const std::string& pointer, I& out) {
  if (j.is_number_unsigned()) {
    const std::uint64_t u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<I>::max())) {
      ctx.bad_value(pointer, ErrorCode::out_of_range, "the integer " + std::to_string(u) + " is too large");
      return false;
    }
    out = static_cast<I>(u);
    return true;
  }
  if (j.is_number_integer()) {
    const std::int64_t v = j.get<std::int64_t>();
    if (std::is_unsigned_v<I> && v < 0) {
      ctx.bad_value(pointer, ErrorCode::out_of_range, "expected a count (>= 0), found " + std::to_string(v));
      return false;
    }
    if (v < static_cast<std::int64_t>(std::numeric_limits<I>::min()) ||
        (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<I>::max()))) {
      ctx.bad_value(pointer, ErrorCode::out_of_range, "the integer " + std::to_string(v) + " is out of range");
      return false;
    }
    out = static_cast<I>(v);
    return true;
  }
  ctx.bad_value(pointer, ErrorCode::parse_error, std::string("expected an integer, found ") + kind_of(j));
  return false;
}

template <class T>
bool read_value(Context& ctx, const Json& j, const std::string& pointer, T& out) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) {
      ctx.bad_value(pointer, ErrorCode::parse_error, std::string("expected true or false, found ") + kind_of(j));
      return false;
    }
    out = j.get<bool>();
    return true;
  } else if constexpr (std::is_enum_v<T>) {
    const std::vector<std::string>& names = enum_names<T>();
    if (j.is_string()) {
      const std::string wanted = normalise_name(j.get<std::string>());
      for (int i = 0; i < 64; ++i) {
        const std::string_view name = to_string(static_cast<T>(i));
        if (name != "unknown" && name == wanted) {
          out = static_cast<T>(i);
          return true;
        }
      }
      ctx.bad_value(pointer, ErrorCode::parse_error,
                    "unknown value \"" + j.get<std::string>() + "\"; one of " + join(names));
      return false;
    }
    ctx.bad_value(pointer, ErrorCode::parse_error,
                  std::string("expected a name (one of ") + join(names) + "), found " + kind_of(j));
    return false;
  } else if constexpr (std::is_floating_point_v<T>) {
    return read_number(ctx, j, pointer, out);
  } else if constexpr (std::is_integral_v<T>) {
    return read_integer(ctx, j, pointer, out);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) {
      ctx.bad_value(pointer, ErrorCode::parse_error, std::string("expected a string, found ") + kind_of(j));
      return false;
    }
    out = j.get<std::string>();
    return true;
  } else if constexpr (std::is_same_v<T, Interval>) {
    if (!j.is_array() || j.size() != 2) {
      ctx.bad_value(pointer, ErrorCode::parse_error,
                    std::string("expected an interval [low, high], found ") +
                        (j.is_array() ? "an array of " + std::to_string(j.size()) + " values" : kind_of(j)));
      return false;
    }
    Interval v;
    const bool ok = read_number(ctx, j[0], pointer + "/0", v.low) && read_number(ctx, j[1], pointer + "/1", v.high);
    if (ok) out = v;
    return ok;
  } else if constexpr (std::is_same_v<T, Period>) {
    std::string text;
    if (j.is_number_integer() || j.is_number_unsigned()) {
      text = j.dump();
    } else if (j.is_string()) {
      text = j.get<std::string>();
    } else {
      ctx.bad_value(pointer, ErrorCode::parse_error,
                    std::string("expected a period such as \"2021\" or \"2021H1\", found ") + kind_of(j));
      return false;
    }
    try {
      out = Period::parse(text);
      return true;
    } catch (const Error&) {
      ctx.bad_value(pointer, ErrorCode::parse_error,
                    "\"" + text + "\" is not a period (2021, 2021H1, 2021Q3 or 2021M05)");
      return false;
    }
  } else if constexpr (std::is_same_v<T, Names>) {
    if (j.is_string()) {  // a single name: the Chinese one when it has non-ASCII characters
      const std::string s = j.get<std::string>();
      const bool ascii =
          std::all_of(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80U) == 0; });
      out = ascii ? Names{"", s} : Names{s, ""};
      return true;
    }
    if (!j.is_object()) {
      ctx.bad_value(pointer, ErrorCode::parse_error,
                    std::string("expected names {\"zh\": ..., \"en\": ...}, found ") + kind_of(j));
      return false;
    }
    Names v = out;
    Reader r(ctx, j, pointer);
    r("zh", v.zh);
    r("en", v.en);
    r.finish();
    out = std::move(v);
    return true;
  } else if constexpr (is_optional<T>::value) {
    if (j.is_null()) {
      out.reset();
      return true;
    }
    typename T::value_type v = out ? *out : typename T::value_type{};
    if (!read_value(ctx, j, pointer, v)) return false;
    out = std::move(v);
    return true;
  } else if constexpr (is_vector<T>::value) {
    if (!j.is_array()) {
      ctx.bad_value(pointer, ErrorCode::parse_error, std::string("expected an array, found ") + kind_of(j));
      return false;
    }
    T v;
    v.reserve(j.size());
    bool ok = true;
    for (std::size_t k = 0; k < j.size(); ++k) {
      typename T::value_type item{};
      if (read_value(ctx, j[k], pointer + "/" + std::to_string(k), item)) {
        v.push_back(std::move(item));
      } else {
        ok = false;
      }
    }
    if (ok) out = std::move(v);
    return ok;
  } else if constexpr (is_map<T>::value) {
    if (!j.is_object()) {
      ctx.bad_value(pointer, ErrorCode::parse_error, std::string("expected an object, found ") + kind_of(j));
      return false;
    }
    T v;
    bool ok = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      typename T::mapped_type item{};
      if (read_value(ctx, it.value(), pointer + "/" + pointer_escape(it.key()), item)) {
        v[it.key()] = std::move(item);
      } else {
        ok = false;
      }
    }
    if (ok) out = std::move(v);
    return ok;
  } else if constexpr (std::is_same_v<T, Eigen::VectorXd>) {
    std::vector<double> v;
    if (!read_value(ctx, j, pointer, v)) return false;
    out = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
    return true;
  } else if constexpr (std::is_same_v<T, Eigen::MatrixXd>) {
    std::vector<std::vector<double>> rows;
    if (!read_value(ctx, j, pointer, rows)) return false;
    const std::size_t cols = rows.empty() ? 0 : rows.front().size();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].size() != cols) {
        ctx.bad_value(pointer + "/" + std::to_string(r), ErrorCode::size_mismatch,
                      "row " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) +
                          " values, row 1 has " + std::to_string(cols));
        return false;
      }
    }
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < cols; ++c) m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
    }
    out = std::move(m);
    return true;
  } else {
    static_assert(has_fields<T>::value, "no field list for this type");
    if (!j.is_object()) {
      ctx.bad_value(pointer, ErrorCode::parse_error, std::string("expected an object, found ") + kind_of(j));
      return false;
    }
    const std::size_t before = ctx.count;
    T v = out;
    Reader r(ctx, j, pointer);
    fields(r, v);
    r.finish();
    if (ctx.count != before) return false;
    out = std::move(v);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Writing.

template <class T>
Json write_value(const T& v);

class Writer {
 public:
  explicit Writer(Json& object) : object_(object) {}
  template <class T>
  void operator()(const char* key, const T& v) {
    if constexpr (is_optional<T>::value) {
      if (!v) return;  // left out = the default, which is empty for every optional field
    }
    object_[key] = write_value(v);
  }

 private:
  Json& object_;
};

Json write_double(double x) {
  if (std::isinf(x)) return x > 0 ? Json("inf") : Json("-inf");
  if (std::isnan(x)) return Json(nullptr);
  return Json(x);
}

template <class T>
Json write_value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return Json(v);
  } else if constexpr (std::is_enum_v<T>) {
    return Json(to_string(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    return write_double(v);
  } else if constexpr (std::is_integral_v<T>) {
    return Json(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return Json(v);
  } else if constexpr (std::is_same_v<T, Interval>) {
    return Json::array({write_double(v.low), write_double(v.high)});
  } else if constexpr (std::is_same_v<T, Period>) {
    return Json(v.to_string());
  } else if constexpr (std::is_same_v<T, Names>) {
    Json j = Json::object();
    j["zh"] = v.zh;
    j["en"] = v.en;
    return j;
  } else if constexpr (is_optional<T>::value) {
    return v ? write_value(*v) : Json(nullptr);
  } else if constexpr (is_vector<T>::value) {
    Json j = Json::array();
    for (const auto& item : v) j.push_back(write_value(item));
    return j;
  } else if constexpr (is_map<T>::value) {
    Json j = Json::object();
    for (const auto& item : v) j[item.first] = write_value(item.second);
    return j;
  } else if constexpr (std::is_same_v<T, Eigen::VectorXd>) {
    Json j = Json::array();
    for (Eigen::Index k = 0; k < v.size(); ++k) j.push_back(write_double(v(k)));
    return j;
  } else if constexpr (std::is_same_v<T, Eigen::MatrixXd>) {
    Json j = Json::array();
    for (Eigen::Index r = 0; r < v.rows(); ++r) {
      Json row = Json::array();
      for (Eigen::Index c = 0; c < v.cols(); ++c) row.push_back(write_double(v(r, c)));
      j.push_back(std::move(row));
    }
    return j;
  } else {
    Json j = Json::object();
    Writer w(j);
    T copy = v;  // the field lists take non-const references; the writer only reads
    fields(w, copy);
    return j;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The document.

const std::vector<std::string> top_keys = {"qualis_model", "title",     "description",    "data",  "steps", "regions",
                                           "clusters",     "framework", "step_framework", "model", "trend", "report"};

// The element of `records` that an error's context names (`...[cluster=ID]`), as a JSON pointer.
template <class Record, class IdOf>
std::string element_named(const std::string& array_pointer, const std::vector<Record>& records, const Error& error,
                          IdOf id_of) {
  const std::string& where = error.context();
  for (std::size_t k = 0; k < records.size(); ++k) {
    const std::string& id = id_of(records[k]);
    if (id.empty()) continue;
    if (where.find("=" + id + "]") != std::string::npos || where.find("=" + id + ",") != std::string::npos) {
      return array_pointer + "/" + std::to_string(k);
    }
  }
  const auto open = where.find("[index=");
  if (open != std::string::npos) {
    const std::size_t start = open + 7;
    const std::size_t end = where.find(']', start);
    const std::string digits = where.substr(start, end - start);
    if (!digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return array_pointer + "/" + digits;
    }
  }
  return array_pointer;
}

std::string message_of(const std::exception& e) {
  std::string m = e.what();
  const std::string prefix = "qualis: ";
  if (m.compare(0, prefix.size(), prefix) == 0) m.erase(0, prefix.size());
  return m;
}

std::string resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty()) return path;
  // Paths are byte strings (UTF-8 on the systems qualis targets), as everywhere in qualis: no u8path/u8string,
  // whose types differ between C++17 and C++20.
  const std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

}  // namespace

ModelFile read_model(std::string_view text, const std::string& source, const std::string& base_dir,
                     Problems* problems) {
  Context ctx;
  ctx.source = source;
  ctx.sink = problems;
  const TextIndex index(text);
  ctx.text = &index;
  ModelFile out;
  out.source = source;

  // Syntax: nesting first (bounded recursion below), then the JSON grammar and UTF-8.
  std::size_t deepest_at = 0;
  if (nesting_depth(text, deepest_at) > max_depth) {
    const CsvPosition at = index.at(deepest_at);
    report(problems, Problem{source, at.line, at.column, "", ErrorCode::parse_error,
                             "arrays and objects are nested more than " + std::to_string(max_depth) + " deep"});
    return out;
  }
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    const auto colon = what.find(": ", what.find("column"));
    if (colon != std::string::npos) what = what.substr(colon + 2);
    const CsvPosition at = index.at(e.byte == 0 ? 0 : e.byte - 1);
    report(problems, Problem{source, at.line, at.column, "", ErrorCode::parse_error, "invalid JSON: " + what});
    return out;
  } catch (const Json::out_of_range&) {
    std::string number;
    const CsvPosition at = index.at(overflowing_number(text, number));
    report(problems, Problem{source, at.line, at.column, "", ErrorCode::out_of_range,
                             "invalid JSON: the number " + number + " is beyond the range of a double"});
    return out;
  }
  Indexer indexer(text, ctx.located);
  indexer.run();
  for (const auto& d : indexer.duplicates) {
    const CsvPosition first = index.at(d.first);
    ctx.problem(d.pointer, true, ErrorCode::duplicate_id, readable(d.pointer),
                "key " + readable(d.pointer) + " occurs twice (first at line " + std::to_string(first.line) + ")");
  }
  for (const auto& entry : ctx.located) out.locations[entry.first] = index.at(entry.second.value);

  if (!root.is_object()) {
    ctx.bad_value("", ErrorCode::parse_error, std::string("a model file is a JSON object, found ") + kind_of(root));
    return out;
  }
  // The format version comes first: a file of another version is not read further.
  const auto version = root.find("qualis_model");
  if (version == root.end()) {
    ctx.problem("", false, ErrorCode::parse_error, "qualis_model",
                "the key \"qualis_model\" (the format version, " + std::to_string(model_file_format) +
                    ") is missing; is this a qualis model file?");
    return out;
  }
  if (!version->is_number_integer() || version->get<std::int64_t>() != model_file_format) {
    ctx.bad_value("/qualis_model", ErrorCode::out_of_range,
                  "format version " + version->dump() + " is not supported; this qualis reads version " +
                      std::to_string(model_file_format));
    return out;
  }

  std::vector<Region> regions;
  std::vector<Cluster> clusters;
  std::vector<Dimension> dimensions;
  std::vector<Indicator> indicators;
  std::vector<std::string> trend_methods;
  Reader top(ctx, root, "");
  top("title", out.title);
  top("description", out.description);
  top("data", out.data_key);
  top("steps", out.steps_key);
  top("regions", regions);
  top("clusters", clusters);
  top("model", out.model);
  top.finish({"qualis_model", "framework", "step_framework", "trend", "report", "$schema"});

  // framework: {"dimensions": [...], "indicators": [...]}
  bool framework_read = false;
  const auto fw = root.find("framework");
  if (fw == root.end()) {
    ctx.problem("", false, ErrorCode::empty_input, "framework",
                "the key \"framework\" (the indicator tree) is missing");
  } else if (!fw->is_object()) {
    ctx.bad_value("/framework", ErrorCode::parse_error, std::string("expected an object, found ") + kind_of(*fw));
  } else {
    const std::size_t before = ctx.count;
    Reader r(ctx, *fw, "/framework");
    r("dimensions", dimensions);
    r("indicators", indicators);
    r.finish();
    framework_read = ctx.count == before;  // else the lists are partial: do not validate them as a framework
  }
  // step_framework: "eleven_step" or {"steps": [...]}
  const auto sf = root.find("step_framework");
  if (sf != root.end()) {
    if (sf->is_string()) {
      if (normalise_name(sf->get<std::string>()) != "eleven_step") {
        ctx.bad_value("/step_framework", ErrorCode::parse_error,
                      "unknown step framework \"" + sf->get<std::string>() +
                          "\"; write \"eleven_step\" or an object {\"steps\": [...]}");
      }
    } else if (sf->is_object()) {
      std::vector<Step> steps;
      Reader r(ctx, *sf, "/step_framework");
      r("steps", steps);
      r.finish();
      try {
        out.step_framework = StepFramework(std::move(steps));
        out.default_steps = false;
      } catch (const Error& e) {
        ctx.problem("/step_framework", false, e.code(), "step_framework",
                    message_of(dynamic_cast<const std::exception&>(e)));
      }
    } else {
      ctx.bad_value("/step_framework", ErrorCode::parse_error,
                    std::string("expected \"eleven_step\" or {\"steps\": [...]}, found ") + kind_of(*sf));
    }
  }
  // trend: {"methods": [...], "indicators": [...], "options": {...}}
  const auto tr = root.find("trend");
  if (tr != root.end()) {
    if (!tr->is_object()) {
      ctx.bad_value("/trend", ErrorCode::parse_error, std::string("expected an object, found ") + kind_of(*tr));
    } else {
      Reader r(ctx, *tr, "/trend");
      r("methods", out.trend.methods);
      r("indicators", out.trend.indicators);
      r("options", out.trend.options);
      r.finish();
    }
  }
  const auto rp = root.find("report");
  if (rp != root.end()) {
    if (!rp->is_object()) {
      ctx.bad_value("/report", ErrorCode::parse_error, std::string("expected an object, found ") + kind_of(*rp));
    } else {
      Reader r(ctx, *rp, "/report");
      r("language", out.report.language);
      r("key_indicators", out.report.key_indicators);
      r.finish();
      if (out.report.language != "zh" && out.report.language != "en") {
        ctx.bad_value("/report/language", ErrorCode::out_of_range,
                      "language \"" + out.report.language + "\" is not \"zh\" or \"en\"");
      }
    }
  }

  // The records, validated by their own types.
  if (!regions.empty()) {
    try {
      out.regions = RegionTree(regions);
    } catch (const Error& e) {
      const std::string at =
          element_named("/regions", regions, e, [](const Region& r) -> const std::string& { return r.code; });
      ctx.problem(at, false, e.code(), e.context(), message_of(dynamic_cast<const std::exception&>(e)));
    }
  }
  if (root.find("clusters") == root.end() || clusters.empty()) {
    // An array whose elements were reported already is not "no clusters".
    if (root.find("clusters") == root.end() || (root["clusters"].is_array() && root["clusters"].empty())) {
      ctx.problem(root.find("clusters") == root.end() ? "" : "/clusters", false, ErrorCode::empty_input, "clusters",
                  "the model lists no clusters (the key \"clusters\")");
    }
  } else {
    try {
      out.clusters = out.regions.empty() ? ClusterSet(clusters) : ClusterSet(clusters, out.regions);
    } catch (const Error& e) {
      const std::string at =
          element_named("/clusters", clusters, e, [](const Cluster& c) -> const std::string& { return c.id; });
      ctx.problem(at, false, e.code(), e.context(), message_of(dynamic_cast<const std::exception&>(e)));
    }
  }
  if (fw != root.end() && fw->is_object() && framework_read) {
    if (indicators.empty() && fw->find("indicators") == fw->end()) {
      ctx.problem("/framework", false, ErrorCode::empty_input, "framework",
                  "the framework lists no indicators (the key \"indicators\")");
    } else {
      try {
        out.framework.emplace(dimensions, indicators);
      } catch (const Error& e) {
        std::string at = element_named("/framework/indicators", indicators, e,
                                       [](const Indicator& i) -> const std::string& { return i.id; });
        if (at == "/framework/indicators" && e.context().find("[dimension=") != std::string::npos) {
          at = element_named("/framework/dimensions", dimensions, e,
                             [](const Dimension& d) -> const std::string& { return d.id; });
        }
        ctx.problem(at, false, e.code(), e.context(), message_of(dynamic_cast<const std::exception&>(e)));
      }
    }
  }

  // Cross-checks within the file.
  if (out.framework) {
    const Framework& f = *out.framework;
    std::set<std::string> dims;
    for (const Dimension& d : f.dimensions()) dims.insert(d.id);
    const std::set<std::string> inds(f.indicator_ids().begin(), f.indicator_ids().end());
    for (const auto& m : out.model.methods) {
      if (dims.count(m.first) == 0) {
        ctx.problem("/model/methods/" + pointer_escape(m.first), true, ErrorCode::not_found, m.first,
                    "model.methods names \"" + m.first + "\", which is not a dimension of the framework");
      }
    }
    for (const auto& m : out.model.normalization.per_indicator) {
      if (inds.count(m.first) == 0) {
        ctx.problem(
            "/model/normalization/per_indicator/" + pointer_escape(m.first), true, ErrorCode::not_found, m.first,
            "model.normalization.per_indicator names \"" + m.first + "\", which is not an indicator of the framework");
      }
    }
    const auto check_list = [&](const std::vector<std::string>& ids, const std::string& pointer) {
      for (std::size_t k = 0; k < ids.size(); ++k) {
        if (inds.count(ids[k]) == 0) {
          ctx.problem(pointer + "/" + std::to_string(k), false, ErrorCode::not_found, ids[k],
                      readable(pointer) + " names \"" + ids[k] + "\", which is not an indicator of the framework");
        }
      }
    };
    check_list(out.trend.indicators, "/trend/indicators");
    check_list(out.report.key_indicators, "/report/key_indicators");
  }
  if (out.trend.methods.empty() && tr != root.end() && tr->is_object() && tr->find("methods") != tr->end()) {
    // An empty list is allowed: no trends.
  }
  out.data = resolve(base_dir, out.data_key);
  out.steps = resolve(base_dir, out.steps_key);
  return out;
}

ModelFile read_model_file(const std::string& path, Problems* problems) {
  std::ifstream in(std::filesystem::path(path), std::ios::binary);
  if (!in) {
    if (problems != nullptr) {
      problems->add(Problem{path, 0, 0, "", ErrorCode::io_error, "cannot open for reading"});
      return {};
    }
    throw IoError(path, "cannot open for reading");
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    if (problems != nullptr) {
      problems->add(Problem{path, 0, 0, "", ErrorCode::io_error, "read error"});
      return {};
    }
    throw IoError(path, "read error");
  }
  const std::string base = std::filesystem::path(path).parent_path().string();
  return read_model(text, path, base, problems);
}

std::string model_to_json(const ModelFile& model) {
  Json j = Json::object();
  j["qualis_model"] = model_file_format;
  j["title"] = write_value(model.title);
  j["description"] = model.description;
  if (!model.data_key.empty()) j["data"] = model.data_key;
  if (!model.steps_key.empty()) j["steps"] = model.steps_key;
  j["regions"] = write_value(model.regions.regions());
  j["clusters"] = write_value(model.clusters.clusters());
  Json fw = Json::object();
  if (model.framework) {
    fw["dimensions"] = write_value(model.framework->dimensions());
    fw["indicators"] = write_value(model.framework->indicators());
  }
  j["framework"] = std::move(fw);
  if (model.default_steps) {
    j["step_framework"] = "eleven_step";
  } else {
    Json sf = Json::object();
    sf["steps"] = write_value(model.step_framework.steps());
    j["step_framework"] = std::move(sf);
  }
  j["model"] = write_value(model.model);
  Json tr = Json::object();
  tr["methods"] = write_value(model.trend.methods);
  tr["indicators"] = write_value(model.trend.indicators);
  tr["options"] = write_value(model.trend.options);
  j["trend"] = std::move(tr);
  Json rp = Json::object();
  rp["language"] = model.report.language;
  rp["key_indicators"] = write_value(model.report.key_indicators);
  j["report"] = std::move(rp);
  return j.dump(2) + "\n";
}

void write_model(std::ostream& out, const ModelFile& model) {
  out << model_to_json(model);
  if (!out) throw IoError("model file", "write error");
}

Inputs make_inputs(const ModelFile& model, Panel panel, std::optional<StepAssessmentSet> steps) {
  if (!model.framework) {
    throw InvalidInput(ErrorCode::inconsistent, "make_inputs[" + model.source + "]", "the model file has no framework");
  }
  Inputs in{*model.framework, model.clusters, std::nullopt, std::move(panel), std::move(steps)};
  if (!model.regions.empty()) in.regions = model.regions;
  return in;
}

QUALIS_NAMESPACE_END
