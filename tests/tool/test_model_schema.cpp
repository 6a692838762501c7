// Consistency of docs/model.schema.json with the model-file reader and writer (src/io/model_file.cpp):
// the example model and what model_to_json() writes conform to the schema, every written key is in the
// schema, the schema's enumerations are the library's stable names, and documents the schema rejects
// are rejected by the reader too. The checker below implements only the subset of JSON Schema (draft
// 2020-12) that the schema uses, and fails on any other keyword so that the subset cannot grow unnoticed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <qualis/io/model_file.hpp>
#include <qualis/qualis.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Json = nlohmann::json;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string schema_path() { return QUALIS_TEST_DATA_DIR "/../../docs/model.schema.json"; }
std::string example_path(const std::string& name = "model.json") {
  return QUALIS_TEST_DATA_DIR "/../../examples/hebei-26x/" + name;
}

const Json& schema() {
  static const Json s = Json::parse(slurp(schema_path()));
  return s;
}

// A structural checker for the keywords the schema uses.
class SchemaChecker {
 public:
  explicit SchemaChecker(const Json& root) : root_(root) {}

  // The keywords this checker understands; annotations are accepted and ignored.
  static const std::set<std::string>& keywords() {
    static const std::set<std::string> k = {"$schema", "title",    "description", "$defs",    "$ref",
                                            "type",    "enum",     "properties",  "required", "additionalProperties",
                                            "items",   "minItems", "maxItems",    "minimum",  "anyOf",
                                            "oneOf"};
    return k;
  }

  // The violations of `value`, each as "<JSON pointer>: <what>"; empty if it conforms.
  std::vector<std::string> check(const Json& value) const {
    std::vector<std::string> errors;
    check(root_, value, "", errors);
    return errors;
  }

  // The schema a `$ref` names ("#/$defs/<name>" only).
  const Json& resolve(const Json& s) const {
    if (!s.is_object() || !s.contains("$ref")) return s;
    const std::string ref = s.at("$ref").get<std::string>();
    const std::string prefix = "#/$defs/";
    if (ref.compare(0, prefix.size(), prefix) != 0) throw std::runtime_error("unsupported $ref " + ref);
    return root_.at("$defs").at(ref.substr(prefix.size()));
  }

 private:
  static bool has_type(const std::string& type, const Json& v) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "boolean") return v.is_boolean();
    if (type == "null") return v.is_null();
    if (type == "number") return v.is_number();
    if (type == "integer") {
      return v.is_number_integer() ||
             (v.is_number_float() && v.get<double>() == static_cast<double>(v.get<long long>()));
    }
    throw std::runtime_error("unsupported type " + type);
  }

  void check(const Json& s, const Json& v, const std::string& at, std::vector<std::string>& errors) const {
    for (auto it = s.begin(); it != s.end(); ++it) {
      if (keywords().count(it.key()) == 0) errors.push_back(at + ": unsupported keyword " + it.key());
    }
    if (s.contains("$ref")) check(resolve(s), v, at, errors);
    if (s.contains("type") && !has_type(s.at("type").get<std::string>(), v)) {
      errors.push_back(at + ": expected " + s.at("type").get<std::string>() + ", found " + v.type_name());
      return;
    }
    if (s.contains("enum")) {
      bool found = false;
      for (const Json& e : s.at("enum")) found = found || e == v;
      if (!found) errors.push_back(at + ": " + v.dump() + " is not one of " + s.at("enum").dump());
    }
    if (s.contains("minimum") && v.is_number() && v.get<double>() < s.at("minimum").get<double>()) {
      errors.push_back(at + ": below the minimum");
    }
    for (const char* combinator : {"anyOf", "oneOf"}) {
      if (!s.contains(combinator)) continue;
      std::size_t matches = 0;
      for (const Json& branch : s.at(combinator)) {
        std::vector<std::string> sub;
        check(branch, v, at, sub);
        if (sub.empty()) ++matches;
      }
      const bool ok = std::string_view(combinator) == "anyOf" ? matches >= 1 : matches == 1;
      if (!ok) errors.push_back(at + ": " + combinator + " matched " + std::to_string(matches) + " branches");
    }
    if (v.is_object()) {
      const Json empty = Json::object();
      const Json& props = s.contains("properties") ? s.at("properties") : empty;
      if (s.contains("required")) {
        for (const Json& key : s.at("required")) {
          if (!v.contains(key.get<std::string>())) errors.push_back(at + ": missing " + key.get<std::string>());
        }
      }
      for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string child = at + "/" + it.key();
        if (props.contains(it.key())) {
          check(props.at(it.key()), it.value(), child, errors);
        } else if (s.contains("additionalProperties")) {
          const Json& extra = s.at("additionalProperties");
          if (extra.is_boolean()) {
            if (!extra.get<bool>()) errors.push_back(child + ": key not allowed");
          } else {
            check(extra, it.value(), child, errors);
          }
        }
      }
    }
    if (v.is_array()) {
      if (s.contains("minItems") && v.size() < s.at("minItems").get<std::size_t>()) errors.push_back(at + ": too few");
      if (s.contains("maxItems") && v.size() > s.at("maxItems").get<std::size_t>()) errors.push_back(at + ": too many");
      if (s.contains("items")) {
        for (std::size_t k = 0; k < v.size(); ++k) check(s.at("items"), v[k], at + "/" + std::to_string(k), errors);
      }
    }
  }

  const Json& root_;
};

// Every $ref of the schema resolves and every keyword is one the checker implements.
void walk_schema(const SchemaChecker& checker, const Json& s, const std::string& at) {
  if (!s.is_object()) return;
  for (auto it = s.begin(); it != s.end(); ++it) {
    EXPECT_EQ(SchemaChecker::keywords().count(it.key()), 1U) << at << ": keyword " << it.key();
  }
  if (s.contains("$ref")) {
    EXPECT_NO_THROW((void)checker.resolve(s)) << at;
  }
  for (const char* map : {"properties", "$defs"}) {
    if (!s.contains(map)) continue;
    for (auto it = s.at(map).begin(); it != s.at(map).end(); ++it)
      walk_schema(checker, it.value(), at + "/" + it.key());
  }
  for (const char* sub : {"items", "additionalProperties"}) {
    if (s.contains(sub)) walk_schema(checker, s.at(sub), at + "/" + sub);
  }
  for (const char* list : {"anyOf", "oneOf"}) {
    if (!s.contains(list)) continue;
    for (const Json& branch : s.at(list)) walk_schema(checker, branch, at + "/" + list);
  }
}

// The property names a schema allows for an object (through $ref and the branches of anyOf/oneOf), and the
// schema of each.
void collect_properties(const SchemaChecker& checker, const Json& s, std::vector<const Json*>& out) {
  const Json& r = checker.resolve(s);
  out.push_back(&r);
  for (const char* list : {"anyOf", "oneOf"}) {
    if (!r.contains(list)) continue;
    for (const Json& branch : r.at(list)) collect_properties(checker, branch, out);
  }
}

// Every key of `value` is a property of the schema at its place (or a map entry where the schema has an
// additionalProperties schema); the keys that are not are appended to `missing`.
void keys_in_schema(const SchemaChecker& checker, const Json& s, const Json& value, const std::string& at,
                    std::vector<std::string>& missing) {
  std::vector<const Json*> schemas;
  collect_properties(checker, s, schemas);
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      const Json* child = nullptr;
      for (const Json* c : schemas) {
        if (c->contains("properties") && c->at("properties").contains(it.key())) {
          child = &c->at("properties").at(it.key());
          break;
        }
      }
      for (const Json* c : schemas) {
        if (child == nullptr && c->contains("additionalProperties") && c->at("additionalProperties").is_object()) {
          child = &c->at("additionalProperties");
        }
      }
      if (child == nullptr) {
        missing.push_back(at + "/" + it.key());
      } else {
        keys_in_schema(checker, *child, it.value(), at + "/" + it.key(), missing);
      }
    }
  } else if (value.is_array()) {
    for (const Json* c : schemas) {
      if (!c->contains("items")) continue;
      for (std::size_t k = 0; k < value.size(); ++k) {
        keys_in_schema(checker, c->at("items"), value[k], at + "/" + std::to_string(k), missing);
      }
      break;
    }
  }
}

// The stable names of an enumeration, from its to_string() (as the reader lists them).
template <class E>
std::vector<std::string> names_of() {
  std::vector<std::string> out;
  for (int i = 0; i < 64; ++i) {
    const std::string name(qualis::to_string(static_cast<E>(i)));
    if (name != "unknown") out.push_back(name);
  }
  return out;
}

const std::string kMinimal = R"({
  "qualis_model": 1,
  "clusters": [{"id": "a", "region": "r"}],
  "framework": {"indicators": [{"id": "x"}]}
})";

TEST(ModelSchema, UsesOnlyTheCheckedSubset) {
  const Json& s = schema();
  EXPECT_EQ(s.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  const SchemaChecker checker(s);
  walk_schema(checker, s, "");
  EXPECT_EQ(s.at("additionalProperties"), false);
  EXPECT_EQ(s.at("required"), (Json{"qualis_model", "clusters", "framework"}));
}

TEST(ModelSchema, ExampleModelsConform) {
  const SchemaChecker checker(schema());
  for (const std::string name : {"model.json", "half-years.json"}) {
    EXPECT_THAT(checker.check(Json::parse(slurp(example_path(name)))), ::testing::IsEmpty()) << name;
  }
}

TEST(ModelSchema, WrittenModelsConform) {
  const SchemaChecker checker(schema());
  for (const std::string name : {"model.json", "half-years.json"}) {
    const qualis::ModelFile example = qualis::read_model_file(example_path(name));
    EXPECT_THAT(checker.check(Json::parse(qualis::model_to_json(example))), ::testing::IsEmpty()) << name;
  }
  const qualis::ModelFile minimal = qualis::read_model(kMinimal, "minimal.json");
  EXPECT_THAT(checker.check(Json::parse(qualis::model_to_json(minimal))), ::testing::IsEmpty());
  EXPECT_THAT(checker.check(Json::parse(kMinimal)), ::testing::IsEmpty());
}

TEST(ModelSchema, EveryWrittenKeyIsInTheSchema) {
  const SchemaChecker checker(schema());
  // The written example has every field of every record and option struct the model uses (defaults
  // included), and a custom step framework and an MCDA method add the optional parts.
  qualis::ModelFile m = qualis::read_model_file(example_path());
  m.default_steps = false;
  m.model.composite_method = qualis::NodeMethod{};
  m.model.composite_method->mcda = qualis::McdaOptions{};
  m.model.normalization.base_period = qualis::Period::parse("2020");
  const Json written = Json::parse(qualis::model_to_json(m));
  ASSERT_TRUE(written.at("step_framework").is_object());
  ASSERT_TRUE(written.at("model").at("composite_method").contains("mcda"));
  std::vector<std::string> missing;
  keys_in_schema(checker, schema(), written, "", missing);
  EXPECT_THAT(missing, ::testing::IsEmpty());
  EXPECT_THAT(checker.check(written), ::testing::IsEmpty());
}

TEST(ModelSchema, EnumerationsAreTheStableNames) {
  const Json& defs = schema().at("$defs");
  EXPECT_EQ(defs.at("Direction").at("enum").get<std::vector<std::string>>(), names_of<qualis::Direction>());
  EXPECT_EQ(defs.at("RegionLevel").at("enum").get<std::vector<std::string>>(), names_of<qualis::RegionLevel>());
  EXPECT_EQ(defs.at("NormalizationMethod").at("enum").get<std::vector<std::string>>(),
            names_of<qualis::NormalizationMethod>());
  EXPECT_EQ(defs.at("WeightingMethod").at("enum").get<std::vector<std::string>>(), names_of<qualis::WeightingMethod>());
  EXPECT_EQ(defs.at("AggregationMethod").at("enum").get<std::vector<std::string>>(),
            names_of<qualis::AggregationMethod>());
  EXPECT_EQ(defs.at("GradeScheme").at("enum").get<std::vector<std::string>>(), names_of<qualis::GradeScheme>());
  EXPECT_EQ(defs.at("TrendMethod").at("enum").get<std::vector<std::string>>(), names_of<qualis::TrendMethod>());
  EXPECT_EQ(defs.at("AuditScope").at("enum").get<std::vector<std::string>>(), names_of<qualis::AuditScope>());
  // Every name of every enumeration in the schema is read by the reader: here each Direction name.
  for (const std::string& name : names_of<qualis::Direction>()) {
    const std::string text = R"({"qualis_model": 1, "clusters": [{"id": "a", "region": "r"}], "framework": )"
                             R"({"indicators": [{"id": "x", "direction": ")" +
                             name + R"(", "target": 1, "best_range": [0, 1]}]}})";
    qualis::Problems problems;
    (void)qualis::read_model(text, "m.json", "", &problems);
    for (const qualis::Problem& p : problems.list()) {
      EXPECT_THAT(p.message, ::testing::Not(::testing::HasSubstr("unknown value"))) << name;
    }
  }
}

TEST(ModelSchema, SchemaAndReaderRejectTheSameMistakes) {
  const SchemaChecker checker(schema());
  const Json base = Json::parse(kMinimal);
  // Each change makes a document that both the schema and the reader reject.
  const std::vector<std::pair<std::string, Json>> changes = {
      {"/titel", "x"},
      {"/qualis_model", 2},
      {"/clusters/0/cohrt", "c"},
      {"/framework/indicators/0/direction", "up"},
      {"/framework/indicators/0/weight", "2"},
      {"/framework/indicators/0/goalposts", Json::array({1})},
      {"/model/normalization/options/method", "median"},
      {"/model/diagnosis/enabled", "yes"},
      {"/step_framework", "twelve_step"},
      {"/trend/methods", Json::array({"linear"})},
      {"/report/language", "fr"},
  };
  for (const auto& change : changes) {
    SCOPED_TRACE(change.first);
    Json doc = base;
    doc[Json::json_pointer(change.first)] = change.second;
    EXPECT_FALSE(checker.check(doc).empty()) << "the schema accepts " << doc.dump();
    qualis::Problems problems;
    (void)qualis::read_model(doc.dump(), "m.json", "", &problems);
    EXPECT_FALSE(problems.empty()) << "the reader accepts " << doc.dump();
  }
  // Missing required keys.
  for (const char* key : {"qualis_model", "clusters", "framework"}) {
    Json doc = base;
    doc.erase(key);
    EXPECT_FALSE(checker.check(doc).empty()) << key;
    qualis::Problems problems;
    (void)qualis::read_model(doc.dump(), "m.json", "", &problems);
    EXPECT_FALSE(problems.empty()) << key;
  }
  // And the infinities and null the reader takes are allowed by the schema.
  Json ok = base;
  ok["model"]["ranking"]["bands"] =
      Json::array({Json{{"name", "A"}, {"lower", 50}}, Json{{"name", "B"}, {"lower", "-inf"}}});
  ok["trend"]["options"]["holt"]["alpha"] = nullptr;
  EXPECT_THAT(checker.check(ok), ::testing::IsEmpty());
  qualis::Problems problems;
  (void)qualis::read_model(ok.dump(), "m.json", "", &problems);
  EXPECT_TRUE(problems.empty());
}

}  // namespace
