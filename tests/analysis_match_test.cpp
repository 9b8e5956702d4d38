// The phrase matcher private to the analysis stage.

#include <gtest/gtest.h>

#include "match.hpp"

namespace {

using vigie::analysis::detail::PhraseSet;

// A one-word phrase ending in '*' matches the words it begins ("atelier*" in "ateliers").
// Before, PhraseSet looked the text's whole word up among the phrases' first words, so
// "atelier*" only ever matched "atelier" itself, and lists of open-ended activities
// ("atelier*", "balade*", "questionnaire*") silently missed their plurals.
TEST(PhraseSet, OpenEndedWordMatchesLongerWords) {
  const PhraseSet set({"atelier*", "reunion publique", "balade*"});
  const auto hits = set.all_hits("trois ateliers, une reunion publique et des balades urbaines", 8);
  ASSERT_EQ(hits.size(), 3U);
  EXPECT_EQ(hits[0].size(), 1U);
  EXPECT_EQ(hits[1].size(), 1U);
  EXPECT_EQ(hits[2].size(), 1U);
  // The open end does not cross a word: "atelier*" is not found in "ateliers-relais" twice.
  const auto first = set.first_hits("l'atelier et les ateliers");
  EXPECT_EQ(first[0], 2U);
}

TEST(PhraseSet, WholeWordsStayWhole) {
  const PhraseSet set({"reunion publique", "atelier"});
  const auto hits = set.all_hits("des ateliers et une reunion publiques", 8);
  EXPECT_TRUE(hits[0].empty());
  EXPECT_TRUE(hits[1].empty());
}

}  // namespace
