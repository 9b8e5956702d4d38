// Table-driven tests of the analysis building blocks on French strings: folding and its
// offset map, sentences, headings, table-of-contents lines, dates, amounts, durations.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "vigie/analysis/normalize.hpp"
#include "vigie/analysis/text_tools.hpp"

namespace {

using namespace vigie::analysis;

TEST(Fold, Table) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"Réunion PUBLIQUE", "reunion publique"},
      {"RÉUNION  publique", "reunion publique"},              // runs of spaces
      {"maîtrise d’ouvrage", "maitrise d'ouvrage"},           // curly apostrophe
      {"maîtrise d\u2018ouvrage", "maitrise d'ouvrage"},      // left quote as apostrophe
      {"la maî\u0302trise", "la maitrise"},                   // stray combining accent
      {"Cœur de ville, Œuvre", "coeur de ville, oeuvre"},     // ligatures œ Œ
      {"\uFB01nancement", "financement"},                     // ﬁ ligature
      {"article\u00A0:", "article :"},                        // no-break space
      {"150\u202F000\u00A0€", "150 000 €"},                   // narrow no-break space
      {"L\u2019article L103\u20112", "l'article l103-2"},     // non-breaking hyphen
      {"phase 1 \u2013 diagnostic", "phase 1 - diagnostic"},  // en dash
      {"\u00AB concertation \u00BB", "\" concertation \""},   // guillemets
      {"co\u00ADconstruction", "coconstruction"},             // soft hyphen disappears
      {"ligne\nsuivante", "ligne suivante"},                  // a line break is a space
      {"bloc\n\nbloc suivant", "bloc\nbloc suivant"},         // a paragraph break stays
      {"page.\fpage", "page.\npage"},                         // so does a page break
      {"la\fpage", "la page"},     // unless it cuts a sentence (continues_over_page_break)
      {"  entouré  ", "entoure"},  // trimmed
      {"STRAßE", "strasse"},       // full case folding
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fold_string(c.in), c.out) << c.in;
  }
}

// Regression (format invariance): a PDF paragraph running over to the next page was cut in
// two paragraphs, so "sont favorables" split by the page end no longer matched, while the
// DOCX of the same text, without a page break there, matched.
TEST(Fold, PageBreakInsideASentenceIsASpace) {
  EXPECT_EQ(fold("les habitants sont\ffavorables au projet.").text,
            "les habitants sont favorables au projet.");
  EXPECT_EQ(fold("soumis au\n\f\névénement").text, "soumis au evenement");
  EXPECT_EQ(fold("Fin de l'article.\fles habitants").text, "fin de l'article.\nles habitants");
  EXPECT_EQ(fold("Sont exclus :\fles dépenses").text, "sont exclus :\nles depenses");
  EXPECT_EQ(fold("Article 3\fArticle 4").text, "article 3\narticle 4");
  EXPECT_TRUE(continues_over_page_break("au\fvote", 2));
  EXPECT_FALSE(continues_over_page_break("au.\fvote", 3));
  EXPECT_FALSE(continues_over_page_break("au\fVote", 2));
}

TEST(Fold, OffsetMapGivesTheSourceSpan) {
  const std::string src = "Le  PROJET fait  Consensus — selon l\u2019enquête.";
  const FoldedText f = fold(src);
  ASSERT_EQ(f.to_source.size(), f.text.size() + 1);
  for (std::size_t i = 1; i < f.to_source.size(); ++i) {
    ASSERT_LE(f.to_source[i - 1], f.to_source[i]) << i;
  }
  const auto at = f.text.find("fait consensus");
  ASSERT_NE(at, std::string::npos);
  const Span s = f.source_span(at, at + std::string("fait consensus").size());
  EXPECT_EQ(src.substr(s.begin, s.size()), "fait  Consensus");
  const auto e = f.text.find("enquete");
  const Span se = f.source_span(e, e + 7);
  EXPECT_EQ(src.substr(se.begin, se.size()), "enquête");
  EXPECT_EQ(f.folded_offset(s.begin), at);
}

TEST(Fold, SpanEndingInsideAnExpansionTakesTheWholeCharacter) {
  const std::string src = "Œuvre";
  const FoldedText f = fold(src);
  ASSERT_EQ(f.text, "oeuvre");
  const Span s = f.source_span(0, 1);  // "o" of "oe"
  EXPECT_EQ(src.substr(s.begin, s.size()), "Œ");
}

TEST(Fold, InvalidUtf8DoesNotBreakTheMap) {
  const std::string src = "abc\xFF\xFE d\xC3";
  const FoldedText f = fold(src);
  EXPECT_EQ(f.to_source.back(), src.size());
  EXPECT_NE(f.text.find("abc"), std::string::npos);
}

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  for (const Span s : split_sentences(text)) {
    out.push_back(text.substr(s.begin, s.size()));
  }
  return out;
}

TEST(Sentences, AdministrativeAbbreviationsDoNotEndASentence) {
  struct Case {
    const char* text;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"Le titulaire remet son offre. Elle est examinée.",
       {"Le titulaire remet son offre.", "Elle est examinée."}},
      {"Voir l'art. 5 du CCAP. La suite suit.", {"Voir l'art. 5 du CCAP.", "La suite suit."}},
      {"Contact : M. Dupont et Mme Martin. Ils répondent.",
       {"Contact : M. Dupont et Mme Martin.", "Ils répondent."}},
      {"Le marché n° 12 est attribué. Fin.", {"Le marché n° 12 est attribué.", "Fin."}},
      {"Cf. Annexe 2 pour le détail. Puis la suite.",
       {"Cf. Annexe 2 pour le détail.", "Puis la suite."}},
      {"Voir p. 12 du rapport. Ensuite.", {"Voir p. 12 du rapport.", "Ensuite."}},
      {"Conformément à l'article L. 103-2 du code. Le bilan suit.",
       {"Conformément à l'article L. 103-2 du code.", "Le bilan suit."}},
      {"Selon l'article R.2123-1 du code, la procédure est adaptée. Suite.",
       {"Selon l'article R.2123-1 du code, la procédure est adaptée.", "Suite."}},
      {"Le paragraphe 1.2.3 précise la règle. Suite.",
       {"Le paragraphe 1.2.3 précise la règle.", "Suite."}},
      {"Le CCAG-PI s'applique. Suite.", {"Le CCAG-PI s'applique.", "Suite."}},
      {"Le prix est de 150 000 € H.T. hors options. Suite.",
       {"Le prix est de 150 000 € H.T. hors options.", "Suite."}},
      {"Les ateliers\nse tiennent le soir. Une restitution\nsuit.",
       {"Les ateliers\nse tiennent le soir.", "Une restitution\nsuit."}},
      {"Est-ce prévu ? Oui ! Très bien.", {"Est-ce prévu ?", "Oui !", "Très bien."}},
      {"ARTICLE 3 – OBJET", {"ARTICLE 3 – OBJET"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(sentences(c.text), c.expected) << c.text;
  }
}

// Known imperfect, pinned: a sentence ending with a single capital letter ("annexe A.") is
// taken for an initial and joined to the next one.
TEST(Sentences, KnownImperfectFinalInitial) {
  EXPECT_EQ(sentences("Le plan figure en annexe A. Le titulaire le complète."),
            std::vector<std::string>{"Le plan figure en annexe A. Le titulaire le complète."});
}

TEST(Headings, RecognisedWithStyleNumberAndTitle) {
  struct Case {
    const char* line;
    HeadingStyle style;
    const char* number;
    const char* title;
    int depth;
  };
  const Case cases[] = {
      {"ARTICLE 3 – OBJET", HeadingStyle::article, "3", "OBJET", 1},
      {"Article 3 : Durée du marché", HeadingStyle::article, "3", "Durée du marché", 1},
      {"Article 3.2 - Délais", HeadingStyle::article, "3.2", "Délais", 2},
      {"ARTICLE 1er – OBJET", HeadingStyle::article, "1", "OBJET", 1},
      {"Article premier : Objet", HeadingStyle::article, "1", "Objet", 1},
      {"Art. 4 – Prix", HeadingStyle::article, "4", "Prix", 1},
      {"3.2.1 Phase de diagnostic", HeadingStyle::numbered, "3.2.1", "Phase de diagnostic", 3},
      {"2. Contexte", HeadingStyle::numbered, "2", "Contexte", 1},
      {"12 – Évaluation", HeadingStyle::numbered, "12", "Évaluation", 1},
      {"Chapitre II – Clauses techniques", HeadingStyle::chapitre, "II", "Clauses techniques", 1},
      {"TITRE I", HeadingStyle::titre, "I", "", 1},
      {"Première partie – Clauses administratives", HeadingStyle::partie, "1",
       "Clauses administratives", 1},
      {"DEUXIÈME PARTIE : CLAUSES TECHNIQUES", HeadingStyle::partie, "2", "CLAUSES TECHNIQUES", 1},
      {"Section 2 - Modalités", HeadingStyle::section, "2", "Modalités", 1},
      {"ANNEXE 2 – Planning", HeadingStyle::annexe, "2", "Planning", 1},
      {"II. Contexte", HeadingStyle::roman, "II", "Contexte", 1},
      {"IV – Modalités de la concertation", HeadingStyle::roman, "IV",
       "Modalités de la concertation", 1},
      {"A. Contexte", HeadingStyle::letter, "A", "Contexte", 1},
      {"B – Engagement du titulaire", HeadingStyle::letter, "B", "Engagement du titulaire", 1},
      {"b) Les ateliers", HeadingStyle::letter, "B", "Les ateliers", 1},
      {"B.3 Objectifs", HeadingStyle::numbered, "B.3", "Objectifs", 2},
      {"B.10 Droit d'alerte", HeadingStyle::numbered, "B.10", "Droit d'alerte", 2},
      {"II.1 Intitulé", HeadingStyle::numbered, "II.1", "Intitulé", 2},
      {"IV.2.3 – Critères", HeadingStyle::numbered, "IV.2.3", "Critères", 3},
  };
  for (const auto& c : cases) {
    const auto m = match_heading(c.line);
    ASSERT_TRUE(m.has_value()) << c.line;
    EXPECT_EQ(m->style, c.style) << c.line;
    EXPECT_EQ(m->number, c.number) << c.line;
    EXPECT_EQ(m->title, c.title) << c.line;
    EXPECT_EQ(m->depth, c.depth) << c.line;
  }
}

TEST(Headings, SentencesAndReferencesAreNotHeadings) {
  const char* lines[] = {
      "3 réunions publiques seront organisées.",
      "Article 3 du CCAP prévoit des pénalités.",
      "article 5 : en minuscules, c'est du texte",
      "L. 103-2 du code de l'urbanisme",
      "M. Dupont représente la Ville.",
      "2026 Marseille",
      "15.03.2026 date limite",
      "2,4 millions d'euros HT",
      "1. Le titulaire fournit ses attestations fiscales et sociales dans les délais.",
      "a) les habitants, les associations et les commerçants du quartier ;",
      "ARTICLE 5 – PÉRIMÈTRE .................................. 4",
      "CCAG-PI 2021",
      "L.103-2 du code de l'urbanisme",
      "A.1 le titulaire remet ses offres.",
      "",
  };
  for (const char* line : lines) {
    EXPECT_FALSE(match_heading(line).has_value()) << line;
  }
}

TEST(Headings, TableOfContentsLines) {
  EXPECT_TRUE(looks_like_toc_line("ARTICLE 1 – OBJET ........................ 3"));
  EXPECT_TRUE(looks_like_toc_line("2.1 Le site\t3"));
  EXPECT_TRUE(looks_like_toc_line("Objet du marché …………… 12"));
  EXPECT_TRUE(looks_like_toc_line("Annexes _______________ 40"));
  EXPECT_FALSE(looks_like_toc_line("ARTICLE 1 – OBJET"));
  EXPECT_FALSE(looks_like_toc_line("Le montant est fixé à 3"));
  EXPECT_FALSE(looks_like_toc_line("Voir la page 3."));
}

TEST(Values, Dates) {
  struct Case {
    const char* text;
    const char* iso;
  };
  const Case cases[] = {
      {"avant le 15 mars 2026", "2026-03-15"},
      {"le 1er avril 2026 a 9h", "2026-04-01T09:00"},
      {"lundi 15 mars 2026 a 12h00", "2026-03-15T12:00"},
      {"le 15/03/2026 a 17 h 30", "2026-03-15T17:30"},
      {"30/03/2026 a 17h00", "2026-03-30T17:00"},
      {"le 15.03.2026", "2026-03-15"},
      {"le 2026-03-15", "2026-03-15"},
      {"02 septembre 2024 a 14h00", "2024-09-02T14:00"},
      {"le 5 fevrier 2025 avant 16 heures", "2025-02-05T16:00"},
      {"le 15/03/26", "2026-03-15"},
  };
  for (const auto& c : cases) {
    const auto d = find_date(fold_string(c.text));
    ASSERT_TRUE(d.has_value()) << c.text;
    EXPECT_EQ(d->first.iso(), c.iso) << c.text;
  }
  for (const char* text : {"article 15 du code", "32/13/2026", "le 15 mars", "R.2123-1"}) {
    EXPECT_FALSE(find_date(fold_string(text)).has_value()) << text;
  }
}

TEST(Values, Amounts) {
  struct Case {
    const char* text;
    const char* value;
  };
  const Case cases[] = {
      {"un montant de 150 000 € HT", "150000.00 EUR HT"},
      {"150.000,00 euros", "150000.00 EUR"},
      {"24.000,00 euros HT", "24000.00 EUR HT"},
      {"2,4 millions d'euros HT", "2400000.00 EUR HT"},
      {"78\u00A0400,00\u00A0€ H.T.", "78400.00 EUR HT"},
      {"1 500,50 EUR TTC", "1500.50 EUR TTC"},
      {"85000 euros toutes taxes comprises", "85000.00 EUR TTC"},
  };
  for (const auto& c : cases) {
    const auto a = find_amount(fold_string(c.text));
    ASSERT_TRUE(a.has_value()) << c.text;
    EXPECT_EQ(a->first.value(), c.value) << c.text;
  }
  for (const char* text : {"38 % des habitants", "article 12", "en 2024", "12 mois"}) {
    EXPECT_FALSE(find_amount(fold_string(text)).has_value()) << text;
  }
}

TEST(Values, Durations) {
  struct Case {
    const char* text;
    const char* value;
  };
  const Case cases[] = {
      {"une duree de 18 mois", "18 mois"},
      {"pour dix mois", "10 mois"},
      {"douze (12) mois", "12 mois"},
      {"deux ans", "2 ans"},
      {"3 annees", "3 ans"},
      {"1 an", "1 an"},
      {"12 semaines", "12 semaines"},
  };
  for (const auto& c : cases) {
    const auto d = find_duration(fold_string(c.text));
    ASSERT_TRUE(d.has_value()) << c.text;
    EXPECT_EQ(d->first, c.value) << c.text;
  }
  EXPECT_FALSE(find_duration(fold_string("article 18 du CCAP")).has_value());
}

}  // namespace
