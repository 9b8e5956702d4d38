// Analysis of whole documents: the traps of DOMAIN.md section 7 on small texts, the expected
// kind, outline, metadata and participation relevance of every corpus sample (section
// "analysis" of corpus-samples/*.expected.yaml), and real published tenders.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sample_files.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::analysis {
namespace {

namespace fs = std::filesystem;
using testing_support::expectation_files;
using testing_support::k_samples;
const fs::path k_real = fs::path(VIGIE_SHARED_DATA) / "real";

AnalyzedDocument analyze_text(const std::string& text, const std::string& name = "draft.txt") {
  auto doc = ingest::extract_bytes(text, name, 0);
  EXPECT_TRUE(doc.ok());
  return analyze(std::move(doc.value()));
}

std::string text_of(const AnalyzedDocument& a, const Cue& c) {
  return std::string(a.text_of(c.span));
}

TEST(Relevance, TenderParticipationIsNotPublicParticipation) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Fourniture de mobilier de bureau.\n\n"
      "ARTICLE 2 – CONDITIONS DE PARTICIPATION\n\n"
      "La participation à la consultation est ouverte à tous. Une participation aux frais "
      "d'envoi est demandée. Une réunion de concertation réunit l'acheteur et le titulaire.\n");
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
  EXPECT_TRUE(a.participation.reasons.empty());
  std::vector<std::string> aside;
  for (const auto& c : a.participation.set_aside) {
    aside.push_back(text_of(a, c));
  }
  EXPECT_EQ(aside, (std::vector<std::string>{
                       "CONDITIONS DE PARTICIPATION", "participation à la consultation",
                       "participation aux frais", "réunion de concertation"}));
  EXPECT_NE(a.participation.summary.find("ne concerne pas"), std::string::npos);
}

TEST(Relevance, ConcertationMissionOnTheTitlePage) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Mission d'assistance à maîtrise d'ouvrage pour la concertation du public sur le "
      "réaménagement du square.\n\n"
      "ARTICLE 1 – OBJET\n\nLe titulaire anime des ateliers.\n");
  EXPECT_TRUE(a.participation.relevant);
  EXPECT_TRUE(a.participation.mission);
  ASSERT_FALSE(a.participation.reasons.empty());
  EXPECT_EQ(text_of(a, a.participation.reasons.front()), "maîtrise d'ouvrage pour la concertation");
}

TEST(Relevance, ProjectSubjectToConcertation) {
  const auto a = analyze_text(
      "Travaux de voirie dans le cadre du nouveau programme national de renouvellement urbain "
      "(NPNRU), en quartier prioritaire de la politique de la ville.\n");
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;
  EXPECT_FALSE(a.participation.mission) << a.participation.summary;
}

// A works contract that says it holds no concertation mission: the negated mention is set
// aside, the document stays a project subject to concertation, not a mission.
TEST(Relevance, NegatedMissionIsSetAside) {
  const auto a = analyze_text(
      "Travaux de voirie du nouveau programme national de renouvellement urbain (NPNRU), en "
      "quartier prioritaire de la politique de la ville.\n\f"
      "Le projet a fait l'objet d'une concertation préalable au titre de l'article L103-2 du Code "
      "de l'urbanisme. Une permanence se tient à la maison du projet.\n\n"
      "Le présent marché de travaux ne comporte pas de mission de concertation.\n");
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;
  EXPECT_FALSE(a.participation.mission) << a.participation.summary;
  EXPECT_TRUE(
      std::any_of(a.participation.set_aside.begin(), a.participation.set_aside.end(),
                  [&](const Cue& c) { return text_of(a, c) == "mission de concertation"; }));
}

// A feasibility study with one article where the contractor leads a concertation: a
// mission through that article only, with the article named and why.
constexpr const char* k_study_with_phase =
    "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
    "Étude de faisabilité pour la rénovation du gymnase des Platanes\n\n"
    "ARTICLE 1 – OBJET\n\nL'étude comprend un relevé du bâtiment, des échanges avec les "
    "clubs et un chiffrage des scénarios.\n\n"
    "ARTICLE 2 – RELEVÉ TECHNIQUE\n\nLe titulaire relève les structures, les réseaux et les "
    "menuiseries. Il remet un rapport au comité de pilotage.\n\n"
    "ARTICLE 3 – CONCERTATION AVEC LES CLUBS ET LES RIVERAINS\n\n"
    "Le titulaire organise deux ateliers avec les clubs sportifs et anime une réunion publique "
    "au gymnase. Les riverains et les associations y sont invités.\n\n"
    "ARTICLE 4 – CHIFFRAGE\n\nLe titulaire estime le coût de chaque scénario.\n";

TEST(Relevance, StudyWithAConcertationPhaseIsAMissionThroughThatSection) {
  const auto a = analyze_text(k_study_with_phase);
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
  EXPECT_EQ(a.participation.scope, MissionScope::sections) << a.participation.summary;
  ASSERT_EQ(a.participation.scope_spans.size(), 1U);
  const std::string judged(a.text_of(a.participation.scope_spans.front()));
  EXPECT_EQ(judged.rfind("ARTICLE 3 – CONCERTATION", 0), 0U) << judged;
  EXPECT_EQ(judged.find("ARTICLE 4"), std::string::npos) << judged;
  ASSERT_FALSE(a.participation.sections.empty());
  const auto& s = a.participation.sections.back();
  EXPECT_TRUE(s.mission);
  EXPECT_NE(s.reason.find("démarche de participation conduite par le titulaire"), std::string::npos)
      << s.reason;
  EXPECT_NE(a.participation.scope_note.find("Sections examinées : ARTICLE 3 – CONCERTATION"),
            std::string::npos)
      << a.participation.scope_note;
  EXPECT_NE(a.participation.scope_note.find("les autres sections ne concernent pas"),
            std::string::npos)
      << a.participation.scope_note;
}

// A works contract in a priority neighbourhood whose participation article only informs
// residents (a contact person, site visits, information meetings held by the city) and
// whose site meetings are between the parties: it concerns participation, it is no mission.
TEST(Relevance, WorksContractThatOnlyInformsResidentsIsNoMission) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Travaux de réfection des voiries de la cité des Tilleuls\n\n"
      "ARTICLE 1 – OBJET\n\nLes travaux s'inscrivent dans le projet de renouvellement urbain "
      "des Tilleuls, quartier prioritaire de la politique de la ville retenu au NPNRU.\n\n"
      "ARTICLE 2 – CHAUSSÉES\n\nLes chaussées sont reprises en enrobé.\n\n"
      "ARTICLE 3 – INFORMATION ET PARTICIPATION DES HABITANTS\n\n"
      "Le titulaire désigne un interlocuteur des riverains. Il organise une visite de chantier "
      "par trimestre, ouverte aux habitants et au conseil citoyen, et participe aux réunions "
      "publiques d'information tenues par la Ville.\n\n"
      "ARTICLE 4 – RÉUNIONS DE CHANTIER\n\nLe titulaire participe à la réunion de chantier "
      "hebdomadaire. Les conditions de participation des sous-traitants sont celles du "
      "CCAG-Travaux.\n");
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;
  EXPECT_FALSE(a.participation.mission) << a.participation.summary;
  EXPECT_EQ(a.participation.scope, MissionScope::none);
  EXPECT_TRUE(a.participation.scope_note.empty());
  ASSERT_EQ(a.participation.sections.size(), 1U);
  EXPECT_TRUE(a.participation.sections.front().relevant);
  EXPECT_FALSE(a.participation.sections.front().mission);
  EXPECT_NE(a.participation.sections.front().reason.find("n'y conduit pas"), std::string::npos)
      << a.participation.sections.front().reason;
}

// A heading that names a look-alike ("Conditions de participation", "Participation aux
// frais") makes no section about participation.
TEST(Relevance, LookalikeHeadingsAreNoParticipationSection) {
  const auto a = analyze_text(
      "RÈGLEMENT DE LA CONSULTATION\n\nFourniture de denrées pour la restauration scolaire\n\n"
      "ARTICLE 1 – CONDITIONS DE PARTICIPATION\n\nLe candidat organise sa visite du site et "
      "anime une présentation de ses produits.\n\n"
      "ARTICLE 2 – PARTICIPATION AUX FRAIS\n\nUne participation aux frais de dossier est "
      "demandée.\n");
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
  EXPECT_TRUE(a.participation.sections.empty());
}

TEST(Relevance, WorkshopsWithTheBuyersStaffAreNotEnough) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nRefonte du système d'information.\n\n"
      "Le titulaire anime des ateliers participatifs avec les agents et une démarche de "
      "co-construction des processus métier avec les services.\n");
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
}

TEST(Relevance, GarantieIsNotAGarant) {
  const auto a = analyze_text(
      "La garantie des meubles est de cinq ans. Le titulaire garantit "
      "la livraison.\n");
  EXPECT_FALSE(a.participation.relevant);
  EXPECT_TRUE(a.participation.reasons.empty());
}

TEST(Outline, TableOfContentsIsNotTheOutline) {
  const auto a = analyze_text(
      "SOMMAIRE\n\nARTICLE 1 – OBJET ........................ 2\n\n"
      "ARTICLE 2 – CONTEXTE ..................... 3\n\n\f"
      "ARTICLE 1 – OBJET\n\nLe présent marché a pour objet une étude.\n\n"
      "1.1 Périmètre\n\nLe périmètre est le quartier.\n\n"
      "1.2 Durée\n\nDix mois.\n\n"
      "ARTICLE 2 – CONTEXTE\n\nLe contexte.\n");
  ASSERT_EQ(a.toc.size(), 2U);
  EXPECT_EQ(a.toc[0].title, "ARTICLE 1 – OBJET");
  EXPECT_EQ(a.toc[0].page_label, "2");
  ASSERT_EQ(a.sections.size(), 4U);
  EXPECT_EQ(a.sections[0].page, 2);
  EXPECT_EQ(a.sections[0].level, 1);
  EXPECT_EQ(a.sections[1].number, "1.1");
  EXPECT_EQ(a.sections[1].level, 2);
  EXPECT_EQ(a.sections[1].parent, 0);
  EXPECT_EQ(a.sections[2].level, 2);
  EXPECT_EQ(a.sections[3].level, 1);
  EXPECT_EQ(a.sections[3].title, "CONTEXTE");
  // Article 1 runs to article 2; 1.1 to 1.2.
  EXPECT_EQ(a.sections[0].span.end, a.sections[3].heading.begin);
  EXPECT_EQ(a.sections[1].span.end, a.sections[2].heading.begin);
  const std::size_t in_scope = a.document.text.find("Le périmètre");
  ASSERT_NE(a.section_at(in_scope), nullptr);
  EXPECT_EQ(a.section_at(in_scope)->title, "Périmètre");
  EXPECT_EQ(a.locate(in_scope).page, 2);
}

TEST(Outline, KeywordLevelsNestWhateverTheirOrderOfAppearance) {
  const auto a = analyze_text(
      "TITRE I – DISPOSITIONS GÉNÉRALES\n\nChapitre 1 – Objet\n\nArticle 1 – Définitions\n\n"
      "Texte.\n\nArticle 2 – Durée\n\nTexte.\n\nChapitre 2 – Prix\n\nArticle 3 – Règlement\n\n"
      "TITRE II – CLAUSES TECHNIQUES\n\nArticle 4 – Prestations\n\nTexte.\n");
  std::vector<int> levels;
  for (const auto& s : a.sections) {
    levels.push_back(s.level);
  }
  EXPECT_EQ(levels, (std::vector<int>{1, 2, 3, 3, 2, 3, 1, 2}));
}

// Regression (format invariance): a title wrapped by a narrow column and set apart from its
// text (a paragraph of its own, as in a DOCX or a PDF that spaces its paragraphs) kept only
// its first line.
TEST(Outline, WrappedTitleAloneInItsBlockKeepsItsSecondLine) {
  const auto a = analyze_text(
      "Article 6 – Travaux en\nsite occupé\n\nLes travaux se déroulent en site occupé.\n\n"
      "Article 7 – Information\ndes habitants\n\nLe titulaire informe les habitants.\n");
  ASSERT_EQ(a.sections.size(), 2U);
  EXPECT_EQ(a.sections[0].title, "Travaux en site occupé");
  EXPECT_EQ(a.sections[1].title, "Information des habitants");
}

// Regression (format invariance): a sentence cut by a page break was two sentences in the PDF
// and one in the DOCX of the same text.
TEST(Sentences, SentenceCutByAPageBreakIsOneSentence) {
  const auto a = analyze_text(
      "Article 1 – Objet\n\nNe peuvent pas être soumis au\fvote : les dépenses de "
      "fonctionnement. Les projets sont publiés.\n\nArticle 2 – Fin\n\nFin du texte.\fSuite.\n");
  std::vector<std::string> sentences;
  for (const auto& s : a.sentences) {
    std::string text(a.text_of(s.span));
    std::replace(text.begin(), text.end(), '\f', ' ');
    sentences.push_back(text);
  }
  EXPECT_EQ(sentences,
            (std::vector<std::string>{
                "Article 1 – Objet",
                "Ne peuvent pas être soumis au vote : les dépenses de fonctionnement.",
                "Les projets sont publiés.", "Article 2 – Fin", "Fin du texte.", "Suite."}));
  EXPECT_EQ(a.sentences[1].page, 1);
}

// Regression (format invariance): a list item's first sentence began with its bullet in the
// PDF ("• de partager …") and without it in the DOCX, so the same flagged sentence differed.
TEST(Sentences, ListItemSentencesLeaveTheirBulletOut) {
  const auto a = analyze_text(
      "Les objectifs sont :\n\n• de partager le diagnostic ;\n\n- de recueillir les attentes.\n\n"
      "-5 % sur le prix.\n");
  std::vector<std::string> sentences;
  for (const auto& s : a.sentences) {
    sentences.emplace_back(a.text_of(s.span));
  }
  EXPECT_EQ(sentences,
            (std::vector<std::string>{"Les objectifs sont :", "de partager le diagnostic ;",
                                      "de recueillir les attentes.", "-5 % sur le prix."}));
}

TEST(Kind, TitlePageDecidesOverPiecesListedLater) {
  const auto rc = analyze_text(
      "RÈGLEMENT DE LA CONSULTATION\n\nLe dossier comprend le cahier des clauses "
      "administratives particulières (CCAP), le cahier des clauses techniques particulières "
      "(CCTP) et l'acte d'engagement.\n",
      "piece.txt");
  EXPECT_EQ(rc.kind.kind, DocumentKind::rc);
  EXPECT_FALSE(rc.kind.merged);
  const auto merged =
      analyze_text("CCAP valant CCTP\n\nArticle 1 – Objet\n\nPénalités de retard.\n", "piece.txt");
  EXPECT_EQ(merged.kind.kind, DocumentKind::ccp);
  EXPECT_TRUE(merged.kind.merged);
  const auto unknown = analyze_text("Compte rendu de la réunion du 3 mars.\n", "note.txt");
  EXPECT_EQ(unknown.kind.kind, DocumentKind::other);
}

TEST(Tender, MetadataWithTheSpansTheyCameFrom) {
  const auto a = analyze_text(
      "Pouvoir adjudicateur : Ville de Marseille, 40 rue Fauchier, 13002 Marseille\n\n"
      "Objet de la consultation : étude de programmation du parc.\n\n"
      "Procédure adaptée (article R2123-1). Accord-cadre à bons de commande.\n\n"
      "Date limite de réception des offres : lundi 16 mars 2026 à 12h00\n\n"
      "Montant estimé : 150 000 € HT. Durée du marché : 18 mois.\n\n"
      "Lot n° 1 : Diagnostic\n\nLot n° 2 : Concertation\n\n"
      "Code CPV : 79311000-7\n\nQuartier de Noailles.\n");
  const auto& t = a.tender;
  ASSERT_TRUE(t.buyer);
  EXPECT_EQ(t.buyer->value, "Ville de Marseille");
  EXPECT_EQ(a.text_of(t.buyer->span), "Ville de Marseille");
  ASSERT_TRUE(t.object);
  EXPECT_EQ(t.object->value, "étude de programmation du parc");
  ASSERT_TRUE(t.procedure);
  EXPECT_EQ(t.procedure->value, "procédure adaptée");
  ASSERT_EQ(t.contract_forms.size(), 1U);
  EXPECT_EQ(t.contract_forms[0].value, "accord-cadre à bons de commande");
  ASSERT_TRUE(t.deadline);
  EXPECT_EQ(t.deadline->value, "2026-03-16T12:00");
  EXPECT_EQ(a.text_of(t.deadline->span), "lundi 16 mars 2026 à 12h00");
  EXPECT_EQ(t.year(), 2026);
  ASSERT_TRUE(t.amount);
  EXPECT_EQ(t.amount->value, "150000.00 EUR HT");
  ASSERT_TRUE(t.duration);
  EXPECT_EQ(t.duration->value, "18 mois");
  ASSERT_EQ(t.lots.size(), 2U);
  EXPECT_EQ(t.lots[1].title, "Concertation");
  ASSERT_EQ(t.cpv.size(), 1U);
  EXPECT_EQ(t.cpv[0].value, "79311000-7");
  ASSERT_TRUE(t.commune);
  EXPECT_EQ(t.commune->value, "Marseille");
  ASSERT_TRUE(t.departement);
  EXPECT_EQ(t.departement->value, "13 Bouches-du-Rhône");
  ASSERT_TRUE(t.quartier);
  EXPECT_EQ(t.quartier->value, "Noailles");
}

TEST(Analyze, EmptyDocument) {
  ingest::Document doc;
  const auto a = analyze(std::move(doc));
  EXPECT_EQ(a.kind.kind, DocumentKind::other);
  EXPECT_FALSE(a.participation.relevant);
  EXPECT_TRUE(a.sections.empty());
  EXPECT_TRUE(a.sentences.empty());
}

// A CCP of the participation set whose first article speaks of people's ages and whose
// penalty is a sum per day: neither is a duration or an amount of the contract.
TEST(Tender, AgesAndPenaltiesAreNoDurationOrAmount) {
  auto doc = ingest::extract_file(std::string(VIGIE_SOURCE_DIR) +
                                  "/eval/documents/participation-vannes-aines-ccp.pdf");
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const AnalyzedDocument a = analyze(std::move(doc.value()));
  ASSERT_TRUE(a.tender.duration);
  EXPECT_EQ(a.tender.duration->value, "12 mois");
  EXPECT_FALSE(a.tender.amount) << a.tender.amount->value;
}

// --- corpus samples -----------------------------------------------------------------------

const Field* field_named(const TenderMetadata& t, const std::string& name) {
  const std::optional<Field>* f = nullptr;
  if (name == "buyer") f = &t.buyer;
  if (name == "object") f = &t.object;
  if (name == "procedure") f = &t.procedure;
  if (name == "reference") f = &t.reference;
  if (name == "deadline") f = &t.deadline;
  if (name == "amount") f = &t.amount;
  if (name == "duration") f = &t.duration;
  if (name == "commune") f = &t.commune;
  if (name == "quartier") f = &t.quartier;
  if (name == "departement") f = &t.departement;
  return f != nullptr && f->has_value() ? &**f : nullptr;
}

class SampleAnalysis : public testing::TestWithParam<std::string> {};

TEST_P(SampleAnalysis, MeetsExpectedFacts) {
  const YAML::Node root = YAML::LoadFile((k_samples / GetParam()).string());
  const YAML::Node x = root["analysis"];
  ASSERT_TRUE(x) << "no analysis section";
  auto doc = ingest::extract_file((k_samples / root["file"].as<std::string>()).string());
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const AnalyzedDocument a = analyze(std::move(doc.value()));

  EXPECT_EQ(to_string(a.kind.kind), x["kind"].as<std::string>());
  EXPECT_EQ(a.kind.merged, x["merged"].as<bool>(false));
  EXPECT_GE(a.kind.confidence, x["min_confidence"].as<double>(0.5));
  EXPECT_EQ(a.participation.relevant, x["relevant"].as<bool>()) << a.participation.summary;
  EXPECT_EQ(a.participation.mission, x["mission"].as<bool>()) << a.participation.summary;
  for (const auto& phrase : x["set_aside"]) {
    const auto want = phrase.as<std::string>();
    EXPECT_TRUE(std::any_of(a.participation.set_aside.begin(), a.participation.set_aside.end(),
                            [&](const Cue& c) { return c.text == want; }))
        << "not set aside: " << want;
  }
  for (const auto& kv : x["tender"]) {
    const auto name = kv.first.as<std::string>();
    const Field* f = field_named(a.tender, name);
    if (kv.second.IsNull()) {
      EXPECT_EQ(f, nullptr) << name << " = " << (f != nullptr ? f->value : "");
      continue;
    }
    ASSERT_NE(f, nullptr) << name;
    const auto want = kv.second.as<std::string>();
    // Long values (objects) are checked by their start.
    EXPECT_EQ(f->value.substr(0, want.size()), want) << name;
  }
  if (x["cpv"]) {
    std::vector<std::string> cpv;
    for (const auto& f : a.tender.cpv) {
      cpv.push_back(f.value);
    }
    EXPECT_EQ(cpv, x["cpv"].as<std::vector<std::string>>());
  }
  if (x["lots"]) {
    std::vector<std::string> lots;
    for (const auto& l : a.tender.lots) {
      lots.push_back(l.number + " " + l.title);
    }
    EXPECT_EQ(lots, x["lots"].as<std::vector<std::string>>());
  }
  if (x["single_lot"]) {
    EXPECT_EQ(a.tender.single_lot, x["single_lot"].as<bool>());
  }
  if (x["toc_entries"]) {
    EXPECT_EQ(a.toc.size(), x["toc_entries"].as<std::size_t>());
  }
  // The outline: one "level page number title" line per section.
  std::vector<std::string> outline;
  for (const auto& s : a.sections) {
    outline.push_back(std::to_string(s.level) + " p" + std::to_string(s.page) + " " +
                      std::string(to_string(s.style)) + " " + s.number + " " + s.title);
  }
  EXPECT_EQ(outline, x["outline"].as<std::vector<std::string>>());
}

INSTANTIATE_TEST_SUITE_P(CorpusSamples, SampleAnalysis, testing::ValuesIn(expectation_files()),
                         [](const auto& param_info) {
                           return testing_support::test_name(param_info.param);
                         });

// --- real tenders, read under a neutral name so the file name gives nothing away ----------

struct RealCase {
  const char* file;
  DocumentKind kind;
};

class RealTender : public testing::TestWithParam<RealCase> {};

TEST_P(RealTender, KindIsRightAndParticipationIsNotConcerned) {
  const fs::path path = k_real / GetParam().file;
  if (!fs::exists(path)) {
    FAIL() << "test data missing: " << path;
  }
  auto doc = ingest::extract_file(path.string());
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  doc.value().source.path = "document" + path.extension().string();
  const AnalyzedDocument a = analyze(std::move(doc.value()));
  EXPECT_EQ(a.kind.kind, GetParam().kind) << to_string(a.kind.kind);
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
}

INSTANTIATE_TEST_SUITE_P(
    Real, RealTender,
    testing::Values(RealCase{"boamp-avis-20-100260_nimes-vehicules.pdf", DocumentKind::avis},
                    RealCase{"boamp-avis-20-101957_courthezon-accessibilite-stade.pdf",
                             DocumentKind::avis},
                    RealCase{"camp-des-milles-gardiennage_bpu.pdf", DocumentKind::bpu},
                    RealCase{"camp-des-milles-gardiennage_ccp.pdf", DocumentKind::ccp},
                    RealCase{"coupvray-combles-mairie-lot00_cctp.pdf", DocumentKind::cctp},
                    RealCase{"cuzieu-salle-informatique-lot02_cctp-dpgf.pdf", DocumentKind::cctp},
                    RealCase{"dae-amoa-2025_rc.pdf", DocumentKind::rc},
                    RealCase{"dae-amoa-2025_cctp.pdf", DocumentKind::cctp},
                    RealCase{"grand-chambery-surveillance-lot2_cctp.pdf", DocumentKind::cctp},
                    RealCase{"justice-24ppsmj2_rc.pdf", DocumentKind::rc},
                    RealCase{"plaine-commune-saint-denis-reservation_cctp.pdf", DocumentKind::cctp},
                    RealCase{"prefecture-guyane-gardiennage_cctp.pdf", DocumentKind::cctp},
                    RealCase{"vsgp-25tic06_rc.pdf", DocumentKind::rc},
                    RealCase{"vsgp-25tic06_ccap.pdf", DocumentKind::ccap},
                    RealCase{"vsgp-25tic06_cctp.pdf", DocumentKind::cctp},
                    RealCase{"vsgp-25tic06_ae.docx", DocumentKind::ae}),
    [](const auto& param_info) { return testing_support::test_name(param_info.param.file); });

// Standing bodies through which residents take part (a youth council, a neighbourhood
// council) make the document that supports them a participation mission.
TEST(Relevance, SupportOfAStandingParticipationBodyIsAMission) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Accompagnement des conseils de quartier de la Ville de Blois\n\n"
      "Article 1 – Objet\n\nLe titulaire forme les membres et prépare les séances.\n");
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
}

// A walk with residents to note what goes wrong ("diagnostic en marchant") is a
// participation activity: a contract to organise a series of them is a mission.
TEST(Relevance, DiagnosticsEnMarchantMakeAMission) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Organisation des diagnostics en marchant du quartier des Glacis\n\n"
      "Article 1 – Objet\n\nLe titulaire prépare les parcours et rédige les relevés.\n");
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
}

// The object article says what the contract is for, as the title does: a mediation
// between residents and bar owners, with meetings the contractor organises.
TEST(Relevance, ObjectArticleEngagingResidentsMakesAMission) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Mission de médiation sur la vie nocturne du centre ancien\n\n"
      "1. Objet\n\nLa Ville confie au titulaire une mission de médiation entre les riverains "
      "et les exploitants des bars, afin d'aboutir à une charte.\n\n"
      "2. Prestations\n\nLe titulaire organise des rencontres entre riverains et exploitants. "
      "Il mène des entretiens individuels avec les associations de riverains.\n");
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
}

// "Participation" in the object article of a transport service is the fare users pay.
TEST(Relevance, FareCalledParticipationInTheObjectIsNoParticipation) {
  const auto a = analyze_text(
      "AVIS DE MARCHÉ\n\nSection II – Objet du marché\n\nII.1 Intitulé\n\n"
      "Exploitation du service de transport à la demande.\n\nII.2 Description\n\n"
      "Le titulaire assure le transport des personnes. Les usagers acquittent une "
      "participation de 2 € par trajet.\n\nSection III – Procédure\n\nProcédure ouverte.\n");
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
}

// An acte d'engagement set out in lettered parts ("A – Identification de l'acheteur",
// "B – Objet du marché"), set tightly in its PDF: the parts are its outline, the line
// naming only the kind of contract and its number is no object, and the object is read
// under "B – Objet du marché".
TEST(Tender, LetteredPartsOfAnActeDEngagement) {
  auto doc = ingest::extract_file(std::string(VIGIE_SOURCE_DIR) +
                                  "/eval/documents/amo-vierzon-conseil-des-jeunes-ae.pdf");
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const AnalyzedDocument a = analyze(std::move(doc.value()));
  std::vector<std::string> titles;
  for (const auto& s : a.sections) {
    titles.push_back(s.title);
  }
  EXPECT_NE(std::find(titles.begin(), titles.end(), "Objet du marché"), titles.end())
      << ::testing::PrintToString(titles);
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value,
            "Accompagnement du conseil des jeunes de la Ville de Vierzon pour le mandat "
            "2027-2029");
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;

  const auto t = analyze_text(
      "ACTE D'ENGAGEMENT\n\nMarché public de services n° 2026-JEU-05\n\n"
      "A – Identification de l'acheteur\n\nVille de Blois.\n\n"
      "B – Objet du marché\n\nEntretien des espaces verts des écoles.\n\n"
      "C – Engagement du titulaire\n\nJe soussigné.\n");
  ASSERT_TRUE(t.tender.object);
  EXPECT_EQ(t.tender.object->value, "Entretien des espaces verts des écoles");
}

}  // namespace
}  // namespace vigie::analysis

namespace vigie::analysis {
namespace {

// Engaging the people a project concerns, in other words than "concertation" or
// "participation du public": the title announces a mission.
TEST(Relevance, EngagingResidentsInOtherWordsMakesAMission) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Mission d'assistance à maîtrise d'ouvrage pour associer les habitants du quartier à la "
      "définition de son cœur de quartier\n\n"
      "ARTICLE 1 – OBJET\n\nLe titulaire prépare et anime les temps d'échange avec les "
      "habitants.\n");
  EXPECT_TRUE(a.participation.relevant) << a.participation.summary;
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
}

// "public" as an adjective is not the public: "implique un marché public" engages no one.
TEST(Relevance, MarchePublicIsNotThePublic) {
  const auto a = analyze_text(
      "AVIS DE MARCHÉ\n\nLe présent avis implique un marché public de fournitures. Il concerne "
      "un marché public de services et consulte le registre public des entreprises.\n");
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
  EXPECT_TRUE(a.participation.reasons.empty()) << a.participation.summary;
}

// Informing residents is not engaging them.
TEST(Relevance, InformingResidentsIsNotEngagingThem) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nTravaux de voirie.\n\n"
      "ARTICLE 5 – INFORMATION DES RIVERAINS\n\nLe titulaire informe les riverains des "
      "coupures par un avis en boîte aux lettres.\n");
  EXPECT_FALSE(a.participation.mission) << a.participation.summary;
}

// "L'écoute des usagers" of a call centre is a service, not participation; a "mission
// d'écoute" of the people concerned is.
TEST(Relevance, ListeningToCustomersIsAServiceButAListeningMissionEngages) {
  const auto service = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Accueil téléphonique, écoute des usagers et traitement des réclamations\n\n"
      "1. Objet\n\nLe marché porte sur l'accueil téléphonique des abonnés.\n");
  EXPECT_FALSE(service.participation.relevant) << service.participation.summary;
  const auto mission = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Mission d'écoute des producteurs et des consommateurs du territoire\n\n"
      "1. Objet\n\nLe titulaire rencontre les producteurs.\n");
  EXPECT_TRUE(mission.participation.mission) << mission.participation.summary;
}

// "Accompagnement des habitants" in the title is a mission when the contractor leads
// participation activities; accompanying people in the body is support work.
TEST(Relevance, AccompanyingResidentsNamedByTheTitleWithActivitiesIsAMission) {
  const auto mission = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Accompagnement des habitants du quartier pendant le projet\n\n"
      "1. Objet\n\nLe titulaire anime des ateliers de quartier. Il organise un questionnaire "
      "auprès des familles.\n");
  EXPECT_TRUE(mission.participation.mission) << mission.participation.summary;
  const auto support = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nPrestations d'insertion\n\n"
      "1. Objet\n\nLe titulaire doit accompagner les bénéficiaires du RSA vers l'emploi.\n");
  EXPECT_FALSE(support.participation.relevant) << support.participation.summary;
}

// A notice whose object is hearing young people, with the activities listed but no sentence
// saying who leads them, concerns participation; a call centre's satisfaction surveys do not.
TEST(Relevance, ObjectHearingPeopleWithActivitiesListedConcernsParticipation) {
  const auto notice = analyze_text(
      "AVIS D'APPEL PUBLIC À LA CONCURRENCE\n\nSection I : Pouvoir adjudicateur\n\n"
      "Ville de Tarbes.\n\nSection II : Objet\n\nIntitulé : recueil de la parole des jeunes "
      "du quartier.\n\nDescription : rencontres de rue, questionnaire numérique, ateliers en "
      "soirée.\n");
  EXPECT_TRUE(notice.participation.relevant) << notice.participation.summary;
  const auto service = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Accueil téléphonique et écoute des usagers du service de l'eau\n\n1. Objet\n\n"
      "Le titulaire répond aux appels et conduit des enquêtes de satisfaction.\n");
  EXPECT_FALSE(service.participation.relevant) << service.participation.summary;
}

// A call centre's "écoute des usagers", in its title and as a section heading, with no
// participation activity anywhere, does not concern the participation of the public.
TEST(Relevance, ListeningToUsersWithoutActivitiesIsAService) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\n"
      "Accueil téléphonique et écoute des usagers du service de l'eau\n\n1. Objet\n\n"
      "Le marché porte sur l'accueil téléphonique et l'écoute des usagers du service.\n\n"
      "2. Horaires\n\nLe service répond du lundi au samedi.\n\n"
      "3. Écoute des usagers\n\nLe titulaire assure l'écoute des usagers et transmet leurs "
      "demandes. Il conduit une enquête de satisfaction par an.\n");
  EXPECT_FALSE(a.participation.relevant) << a.participation.summary;
}

// A title naming the hearing of older residents, with three kinds of participation
// activities in the document (a questionnaire, neighbourhood meetings, home visits), is a
// mission even where no sentence says who leads them.
TEST(Relevance, HearingTitleWithSeveralActivitiesIsAMission) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES PARTICULIÈRES\n\nRecueil de la parole des seniors du centre-ville\n\n"
      "1. Étapes\n\nQuestionnaire et visites à domicile en février. Cinq rencontres de quartier "
      "en mai.\n");
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
}

// A mission named on the title page in a subsection of the object ("1. Objet" > "1.1
// Intitulé") is announced by the object, as when the subsection is not taken as a heading.
TEST(Relevance, MissionNamedUnderTheObjectArticle) {
  const auto a = analyze_text(
      "AVIS D'APPEL PUBLIC À LA CONCURRENCE\n\nVille de Lannion.\n\n1. Objet\n\n"
      "1.1 Intitulé\n\nAnimation d'une assemblée citoyenne sur le partage de l'eau.\n\n"
      "2. Procédure\n\nProcédure adaptée.\n");
  EXPECT_TRUE(a.participation.mission) << a.participation.summary;
}

// "Phase 2 – Implication des usagers" is a heading of a study's phases, like "Article 2 –";
// a sentence "Phase 2 du projet prévoit …" is not.
TEST(Outline, PhasesOfAStudyAreHeadings) {
  const auto a = analyze_text(
      "1. Contenu de l'étude\n\nL'étude comprend trois phases.\n\n"
      "Phase 1 – Diagnostic\n\nLe titulaire analyse l'offre commerciale.\n\n"
      "Phase 2 – Implication des usagers\n\nLe titulaire anime deux ateliers.\n\n"
      "Phase 2 du projet prévoit des travaux.\n");
  std::vector<std::string> titles;
  for (const auto& s : a.sections) {
    titles.push_back(s.title);
  }
  EXPECT_NE(std::find(titles.begin(), titles.end(), "Implication des usagers"), titles.end())
      << ::testing::PrintToString(titles);
  EXPECT_EQ(std::find(titles.begin(), titles.end(), "du projet prévoit des travaux."),
            titles.end());
  EXPECT_EQ(titles.size(), 3U) << ::testing::PrintToString(titles);
}

}  // namespace
}  // namespace vigie::analysis
