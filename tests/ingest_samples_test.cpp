// Each corpus sample's expected extraction facts (corpus-samples/*.expected.yaml, section
// "extract") are met: page count, metadata, words on the right pages, headers and footers
// kept apart, hyphenations rejoined, reading order, tables of contents, scanned pages.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sample_files.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::ingest {
namespace {

namespace fs = std::filesystem;
using testing_support::expectation_files;
using testing_support::k_samples;

class SampleExtraction : public testing::TestWithParam<std::string> {};

TEST_P(SampleExtraction, MeetsExpectedFacts) {
  const YAML::Node root = YAML::LoadFile((k_samples / GetParam()).string());
  const fs::path file = k_samples / root["file"].as<std::string>();
  const YAML::Node x = root["extract"];
  ASSERT_TRUE(x) << "no extract section";
  const auto result = extract_file(file);
  ASSERT_TRUE(result.ok()) << result.error().message();
  const Document& doc = result.value();

  EXPECT_EQ(to_string(doc.format), x["format"].as<std::string>());
  EXPECT_EQ(doc.pages.size(), x["pages"].as<std::size_t>());
  EXPECT_EQ(doc.metadata.page_count, x["pages"].as<int>());
  if (x["title"]) {
    EXPECT_EQ(doc.metadata.title, x["title"].as<std::string>());
  }
  if (x["author"]) {
    EXPECT_EQ(doc.metadata.author, x["author"].as<std::string>());
  }
  // A page's text with line breaks as spaces: expected phrases may wrap.
  auto page_text = [&](int number) -> std::string {
    for (const auto& p : doc.pages) {
      if (p.number == number) {
        std::string text(doc.text_of(p.span));
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
      }
    }
    ADD_FAILURE() << "no page " << number;
    return {};
  };
  for (const auto& entry : x["words"]) {
    const int page = entry.first.as<int>();
    for (const auto& phrase : entry.second) {
      EXPECT_NE(page_text(page).find(phrase.as<std::string>()), std::string::npos)
          << "page " << page << " lacks: " << phrase.as<std::string>();
    }
  }
  // Phrases that may wrap: compare with line breaks as spaces.
  std::string flat = doc.text;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  for (const auto& phrase : x["rejoined"]) {
    EXPECT_NE(flat.find(phrase.as<std::string>()), std::string::npos)
        << "not rejoined: " << phrase.as<std::string>();
  }
  for (const auto& phrase : x["not_in_body"]) {
    EXPECT_EQ(doc.text.find(phrase.as<std::string>()), std::string::npos)
        << "furniture left in the body: " << phrase.as<std::string>();
  }
  for (const auto& f : x["furniture"]) {
    const std::string placement = f["placement"].as<std::string>();
    const int page = f["page"].as<int>();
    const std::string text = f["text"].as<std::string>();
    const bool found = std::any_of(doc.furniture.begin(), doc.furniture.end(), [&](const auto& d) {
      return to_string(d.placement) == placement && d.page == page &&
             d.text.find(text) != std::string::npos;
    });
    EXPECT_TRUE(found) << placement << " on page " << page << ": " << text;
  }
  const auto count_kind = [&](BlockKind kind) {
    return std::count_if(doc.blocks.begin(), doc.blocks.end(),
                         [&](const Block& b) { return b.kind == kind; });
  };
  // Whether a block of `kind` has exactly `text` and satisfies `also`.
  const auto has_block = [&](BlockKind kind, const std::string& text, const auto& also) {
    return std::any_of(doc.blocks.begin(), doc.blocks.end(), [&](const Block& b) {
      return b.kind == kind && doc.text_of(b.span) == text && also(b);
    });
  };
  if (x["toc_entries"]) {
    EXPECT_EQ(count_kind(BlockKind::toc_entry), x["toc_entries"].as<long>());
  }
  for (const auto& t : x["toc"]) {
    const std::string text = t["text"].as<std::string>();
    EXPECT_TRUE(has_block(BlockKind::toc_entry, text,
                          [&](const Block& b) { return b.page == t["page"].as<int>(); }))
        << "toc entry: " << text;
  }
  if (x["list_items"]) {
    EXPECT_EQ(count_kind(BlockKind::list_item), x["list_items"].as<long>());
  }
  for (const auto& h : x["headings"]) {
    const std::string text = h["text"].as<std::string>();
    EXPECT_TRUE(has_block(BlockKind::heading, text,
                          [&](const Block& b) { return b.level == h["level"].as<int>(); }))
        << "heading: " << text;
  }
  std::vector<int> scanned;
  for (const auto& n : x["scanned_pages"]) {
    const auto page = static_cast<std::size_t>(n.as<int>());
    ASSERT_LE(page, doc.pages.size());
    EXPECT_FALSE(doc.pages[page - 1].has_text) << "page " << page;
    scanned.push_back(n.as<int>());
  }
  // The pages without a text layer are also listed, as numbers, on their diagnostic.
  const auto no_text_layer =
      std::find_if(doc.diagnostics.begin(), doc.diagnostics.end(),
                   [](const Diagnostic& d) { return d.code == "no-text-layer"; });
  if (!scanned.empty()) {
    ASSERT_NE(no_text_layer, doc.diagnostics.end());
    EXPECT_EQ(no_text_layer->pages, scanned);
  } else {
    EXPECT_EQ(no_text_layer, doc.diagnostics.end());
  }
  for (const auto& code : x["diagnostics"]) {
    const bool found =
        std::any_of(doc.diagnostics.begin(), doc.diagnostics.end(),
                    [&](const Diagnostic& d) { return d.code == code.as<std::string>(); });
    EXPECT_TRUE(found) << "diagnostic " << code.as<std::string>();
  }
  for (const auto& entry : x["order"]) {
    const std::string text = page_text(entry.first.as<int>());
    std::size_t last = 0;
    for (const auto& phrase : entry.second) {
      const std::size_t at = text.find(phrase.as<std::string>());
      ASSERT_NE(at, std::string::npos) << phrase.as<std::string>();
      EXPECT_GE(at, last) << "out of order: " << phrase.as<std::string>();
      last = at;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CorpusSamples, SampleExtraction, testing::ValuesIn(expectation_files()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           return testing_support::test_name(param.param);
                         });

TEST(CorpusSamples, EverySampleHasExpectations) {
  std::size_t documents = 0;
  for (const auto& entry : fs::directory_iterator(k_samples)) {
    const auto ext = entry.path().extension();
    if (ext == ".pdf" || ext == ".docx" || ext == ".odt") {
      ++documents;
      fs::path expected = entry.path();
      expected.replace_extension(".expected.yaml");
      EXPECT_TRUE(fs::exists(expected)) << entry.path();
    }
  }
  EXPECT_GE(documents, 8u);
}

}  // namespace
}  // namespace vigie::ingest
