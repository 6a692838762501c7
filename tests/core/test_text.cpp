// Tests for the internal id and UTF-8 checks that every container relies on.
#include <gtest/gtest.h>

#include <qualis/detail/text.hpp>
#include <qualis/model/names.hpp>
#include <string>
#include <vector>

#include "support/expect_error.hpp"

namespace {

using qualis::ErrorCode;
using qualis::detail::find_invalid_utf8;
using qualis_test::expect_error;

constexpr std::size_t npos = std::string_view::npos;

TEST(Utf8, AcceptsAsciiChineseAndFourByteCharacters) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("Dingzhou sports goods"), npos);
  EXPECT_EQ(find_invalid_utf8("定州市体育用品"), npos);
  EXPECT_EQ(find_invalid_utf8("\xF0\x9F\x98\x80"), npos);  // U+1F600
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), npos);  // U+10FFFF, the largest code point
  EXPECT_EQ(find_invalid_utf8("\xEF\xBB\xBF"
                              "abc"),
            npos);  // a byte-order mark is valid UTF-8
}

TEST(Utf8, RejectsEveryKindOfMalformedSequenceAtItsOffset) {
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);                    // never valid
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);                      // lone continuation byte
  EXPECT_EQ(find_invalid_utf8("\xC0\xAF"), 0u);                  // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);              // overlong, 3 bytes
  EXPECT_EQ(find_invalid_utf8("\xF0\x80\x80\xAF"), 0u);          // overlong, 4 bytes
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);              // surrogate U+D800
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);          // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("x\xE5\xAE"), 1u);                 // truncated 3-byte sequence
  EXPECT_EQ(find_invalid_utf8("\xE5\xAE\x41"), 0u);              // bad continuation
  EXPECT_EQ(find_invalid_utf8("\xC3\xA9\xF5\x80\x80\x80"), 2u);  // after a valid é, 0xF5 never starts one
}

TEST(CheckId, AcceptsOrdinaryAndChineseIds) {
  EXPECT_NO_THROW(qualis::detail::check_id("ctx", "id", "dz-sports"));
  EXPECT_NO_THROW(qualis::detail::check_id("ctx", "id", "定州体育"));
  EXPECT_NO_THROW(qualis::detail::check_id("ctx", "id", "a b"));
}

TEST(CheckId, RejectsEmptyControlSpacesAndInvalidUtf8) {
  const auto expect_rejected = [](const std::string& id, ErrorCode code) {
    SCOPED_TRACE(id);
    expect_error<qualis::InvalidInput>([&] { qualis::detail::check_id("cluster_set", "id", id); }, code,
                                       {"cluster_set"});
  };
  expect_rejected("", ErrorCode::invalid_id);
  expect_rejected(" dz", ErrorCode::invalid_id);
  expect_rejected("dz ", ErrorCode::invalid_id);
  expect_rejected("d\tz", ErrorCode::invalid_id);
  expect_rejected("d\nz", ErrorCode::invalid_id);
  expect_rejected(std::string("d\0z", 3), ErrorCode::invalid_id);
  expect_rejected("d\x7fz", ErrorCode::invalid_id);
  expect_rejected("dz\xff", ErrorCode::invalid_text);
}

TEST(Names, PreferredAndValidation) {
  const qualis::Names both{"定州市体育用品", "Dingzhou sports goods"};
  EXPECT_EQ(both.preferred(), "定州市体育用品");
  EXPECT_EQ((qualis::Names{"", "Anguo"}).preferred(), "Anguo");
  EXPECT_EQ(both, (qualis::Names{"定州市体育用品", "Dingzhou sports goods"}));
  EXPECT_NE(both, (qualis::Names{"定州市体育用品", "Dingzhou"}));
  EXPECT_NO_THROW(qualis::detail::check_names("ctx", both));
  expect_error<qualis::InvalidInput>(
      [] {
        qualis::detail::check_names("cluster[id=dz]", qualis::Names{"\xE5\xAE", ""});
      },
      ErrorCode::invalid_text, {"cluster[id=dz]: Chinese name is not valid UTF-8 (byte offset 0)"});
}

TEST(NamePositions, RewritesRowColumnAndCellPositionsIntoIds) {
  using qualis::detail::name_positions;
  const std::vector<std::string> rows = {"hb-01", "定州体育"};
  const std::vector<std::string> cols = {"revenue", "profit"};
  const auto name = [&](bool row, std::size_t k) -> std::string {
    const std::vector<std::string>& ids = row ? rows : cols;
    return k < ids.size() ? "\"" + ids[k] + "\"" : std::string();
  };
  EXPECT_EQ(name_positions("entropy_weights: unit (row) 1, criterion (column) 0: value is missing (NaN)", name),
            "entropy_weights: unit \"定州体育\", criterion \"revenue\": value is missing (NaN)");
  EXPECT_EQ(name_positions("indicator (column) 1 has dimension 3", name), "indicator \"profit\" has dimension 3");
  EXPECT_EQ(name_positions("cell (row 0, column 1) is 0", name), "cell (row \"hb-01\", column \"profit\") is 0");
  // Out of range, not a number, or a longer number: left as it is.
  EXPECT_EQ(name_positions("unit (row) 2: x", name), "unit (row) 2: x");
  EXPECT_EQ(name_positions("unit (row) x, (column) ", name), "unit (row) x, (column) ");
  EXPECT_EQ(name_positions("cell (row 0, column 9)", name), "cell (row 0, column 9)");
  EXPECT_EQ(name_positions("cell (row 0, column 1", name), "cell (row 0, column 1");
  EXPECT_EQ(name_positions("(row) 12345678901234", name), "(row) 12345678901234");
  // A message with no positions, and the empty message, are unchanged.
  EXPECT_EQ(name_positions("weights sum to 0", name), "weights sum to 0");
  EXPECT_EQ(name_positions("", name), "");
  // Several positions at the end of the text.
  EXPECT_EQ(name_positions("(row) 0 (row) 1", name), "\"hb-01\" \"定州体育\"");
}

}  // namespace
