// The one path from a file to a checked document and its index entry, in-process.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "vigie/base/file.hpp"
#include "vigie/pipeline/pipeline.hpp"
#include "vigie/rules/rule.hpp"

namespace {

using namespace vigie;

const std::string k_samples = std::string(VIGIE_SOURCE_DIR) + "/corpus-samples";

const rules::Engine& default_engine() {
  static const rules::Engine engine = [] {
    rules::RuleSet set;
    std::vector<rules::LoadError> errors;
    rules::load_builtin_rules({}, set, errors);
    EXPECT_TRUE(errors.empty());
    return std::move(rules::Engine::compile(std::move(set))).value();
  }();
  return engine;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(Pipeline, ChecksAFileAndTagsItsVerdicts) {
  const std::string path = k_samples + "/amo-concertation-cctp-faible.docx";
  const auto checked = pipeline::check_file(path, default_engine());
  ASSERT_TRUE(checked.ok()) << checked.error().message();
  EXPECT_EQ(checked->analysis.document.source.path, path);
  EXPECT_EQ(checked->reading.level, pipeline::ReadingLevel::full);
  EXPECT_FALSE(checked->report.verdicts.empty());
  EXPECT_GT(pipeline::failing_findings(checked->report, rules::Severity::erreur), 0);
  const auto tags = pipeline::verdict_tags(checked->report, default_engine());
  EXPECT_TRUE(has(tags, "missing:participation.restitution"));
  for (const auto& tag : tags) {
    EXPECT_TRUE(tag.rfind("missing:", 0) == 0 || tag.rfind("flagged:", 0) == 0) << tag;
  }
  const auto entry = pipeline::prepare_index_entry(checked.value(), default_engine(), 0);
  ASSERT_TRUE(entry.ok()) << entry.error().message;
  EXPECT_FALSE(entry.value().empty());
}

// The same bytes give the same verdicts read from disk or handed over (an archive member).
TEST(Pipeline, BytesAndFileGiveTheSameCheck) {
  const std::string path = k_samples + "/jardin-partage-ccp.odt";
  const auto bytes = base::read_file(path);
  ASSERT_TRUE(bytes.ok());
  const auto from_file = pipeline::check_file(path, default_engine());
  const auto from_bytes = pipeline::check_bytes(bytes.value(), path, 0, default_engine());
  ASSERT_TRUE(from_file.ok());
  ASSERT_TRUE(from_bytes.ok());
  EXPECT_EQ(pipeline::verdict_tags(from_file->report, default_engine()),
            pipeline::verdict_tags(from_bytes->report, default_engine()));
  EXPECT_EQ(from_file->report.findings.size(), from_bytes->report.findings.size());
}

TEST(Pipeline, AnUnreadableFileIsAnErrorNamingIt) {
  const auto missing = pipeline::check_file("no/such.pdf", default_engine());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, pipeline::ErrorCode::unreadable);
  EXPECT_EQ(missing.error().file.code, ingest::ErrorCode::not_found);
  EXPECT_EQ(missing.error().message(), "no/such.pdf : fichier introuvable");
  const auto analysed = pipeline::analyze_file("no/such.pdf");
  ASSERT_FALSE(analysed.ok());
  EXPECT_EQ(analysed.error().message(), "no/such.pdf : fichier introuvable");
}

// A document with no page of text is analysed but not checked: no verdict, so no tag.
TEST(Pipeline, ADocumentNotReadIsNotChecked) {
  const std::string scan = std::string(VIGIE_SHARED_DATA) + "/scanned/francais.pdf";
  const auto checked = pipeline::check_file(scan, default_engine());
  ASSERT_TRUE(checked.ok()) << checked.error().message();
  EXPECT_EQ(checked->reading.level, pipeline::ReadingLevel::none);
  EXPECT_TRUE(checked->report.verdicts.empty());
  EXPECT_TRUE(pipeline::verdict_tags(checked->report, default_engine()).empty());
}

}  // namespace
