// Tender facts read from small texts: the buyer from labels and address blocks, the object
// from the cover title and labels, the offers' deadline among other dates, the year and its
// source; and lines a file styles as headings that are none.

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "make_zip.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::analysis {
namespace {

AnalyzedDocument analyze_text(const std::string& text, const std::string& name = "draft.txt") {
  auto doc = ingest::extract_bytes(text, name, 0);
  EXPECT_TRUE(doc.ok());
  return analyze(std::move(doc.value()));
}

TEST(TenderBuyer, AddressBlockGivesTheBuyer) {
  const auto a = analyze_text(
      "HÔPITAL INTERCOMMUNAL DU VAL FLEURI\nService des marchés\n12, rue des Tilleuls\n"
      "77100 Meaux Cedex\n\nRÈGLEMENT DE LA CONSULTATION\n\nFourniture de linge de lit\n");
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value, "HÔPITAL INTERCOMMUNAL DU VAL FLEURI");
}

TEST(TenderBuyer, NameCutBeforeItsAddressOnTheSameLine) {
  const auto a = analyze_text(
      "Pouvoir adjudicateur : Syndicat des eaux du Val 18 avenue Jean Jaurès 69007 Lyon\n\n"
      "Le marché porte sur l'entretien des réseaux.\n");
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value, "Syndicat des eaux du Val");
}

TEST(TenderBuyer, NeverFromASentence) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\n\n"
      "Article 3 – Obligations\n\nLe pouvoir adjudicateur Le titulaire s'engage à informer "
      "l'acheteur.\n\nL'acheteur du présent accord-cadre est\nindiqué à l'acte d'engagement.\n");
  EXPECT_FALSE(a.tender.buyer) << a.tender.buyer->value;
}

TEST(TenderBuyer, TableCellLabelAboveItsValue) {
  const auto a = analyze_text(
      "Procédure : 24ABC\n\nAcheteur\nCommunauté de communes des Deux Rives (45)\n"
      "Adresse : 3 place du Marché 45000 Orléans\n\nLe titulaire s'engage à respecter le "
      "pouvoir adjudicateur et ses agents.\n");
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value, "Communauté de communes des Deux Rives (45)");
}

TEST(TenderBuyer, NoticeFormNameOverTwoLines) {
  const auto a = analyze_text(
      "AVIS DE MARCHÉ\n\nSection I : Pouvoir adjudicateur\n\nI.1) Nom et adresses : Syndicat "
      "intercommunal des eaux et de\nl'assainissement du Val (SIEAV), 3 avenue du Lac,\n"
      "74000 Annecy, France.\n");
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value,
            "Syndicat intercommunal des eaux et de l'assainissement du Val (SIEAV)");
}

TEST(TenderBuyer, NameOfARunningHeaderSetOnTwoLines) {
  auto doc = ingest::extract_bytes("Le présent règlement fixe les règles de la consultation.\n",
                                   "rc.txt", 0);
  ASSERT_TRUE(doc.ok());
  for (const std::string line : {"Secrétariat général", "Ministère de", "p. 1", "la Culture"}) {
    doc.value().furniture.push_back({ingest::Placement::header, 1, line});
  }
  const auto a = analyze(std::move(doc.value()));
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value, "Ministère de la Culture");
}

TEST(TenderBuyer, SocialActionCentreOfAHeaderCutAtItsTab) {
  auto doc = ingest::extract_bytes("Le présent cahier fixe les clauses du marché.\n", "ccp.txt", 0);
  ASSERT_TRUE(doc.ok());
  doc.value().furniture.push_back(
      {ingest::Placement::header, 0, "CCAS de Val-d'Orge\tMAPA 2026-03"});
  const auto a = analyze(std::move(doc.value()));
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value, "CCAS de Val-d'Orge");
}

TEST(TenderObject, CoverTitleAfterTheDocumentsName) {
  const auto a = analyze_text(
      "VILLE DE SAINT-CLAIR\n\nRÈGLEMENT DE LA\nCONSULTATION\n\nRénovation de l'éclairage "
      "du gymnase\nmunicipal Jean Moulin\n\nMarché n° 2025-GYM-02\n\n"
      "Sommaire\n1 Objet ........ 2\n\f1 Objet\n\nLe lot 2 a pour objet la peinture.\n");
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value, "Rénovation de l'éclairage du gymnase municipal Jean Moulin");
}

TEST(TenderObject, CoverTitleAfterTheAbbreviationUpToItsSentenceEnd) {
  const auto a = analyze_text(
      "CAHIER DES CLAUSES\nPARTICULIÈRES (CCP)\n\nAménagement d'un jardin partagé rue des "
      "Lilas. Procédure adaptée. Date limite de réception des offres : 30/03/2026.\n");
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value, "Aménagement d'un jardin partagé rue des Lilas");
}

TEST(TenderObject, CoverTitleAboveTheDocumentsNameOverTwoBlocks) {
  const auto a = analyze_text(
      "MARCHÉ N° 25ABC01\n\nMAINTENANCE DES ÉQUIPEMENTS SPORTIFS DE\n\nLA VILLE DE "
      "MONTREUIL-SUR-LOIRE\n\nActe d'engagement\n\nObjet\n\nMaintenance des équipements.\n");
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value,
            "MAINTENANCE DES ÉQUIPEMENTS SPORTIFS DE LA VILLE DE MONTREUIL-SUR-LOIRE");
}

TEST(TenderObject, NeverFromATableOfContentsOrAHeading) {
  const auto a = analyze_text(
      "Sommaire\n\nArticle 1 – Objet du marché ........ 3\n\n1.1 Objet\n\n"
      "L'objet du marché public, portant sur les trois derniers exercices, est précisé.\n\n"
      "Le lot 2 a pour objet la peinture des locaux.\n\n"
      "Le présent marché a pour objet la réfection des toitures de l'école : charpente, "
      "couverture et zinguerie.\n");
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value, "la réfection des toitures de l'école");
}

// A document whose running headers and footers are `furniture` (page, text) around `body`.
AnalyzedDocument analyze_with_furniture(const std::string& body,
                                        const std::vector<std::pair<int, std::string>>& furniture) {
  auto doc = ingest::extract_bytes(body, "piece.txt", 0);
  EXPECT_TRUE(doc.ok());
  for (const auto& [page, text] : furniture) {
    doc.value().furniture.push_back({ingest::Placement::header, page, text});
  }
  return analyze(std::move(doc.value()));
}

TEST(TenderReference, RunningHeadersInTheirManyForms) {
  const std::string body = "Le présent cahier fixe les clauses du marché.\n";
  for (const auto& [header, want] : std::vector<std::pair<std::string, std::string>>{
           {"OPH du Val – Marché de travaux n° 24-T-118", "24-T-118"},
           {"Hôpital de Vire Appel d'offres n° 2025-LIN-02", "2025-LIN-02"},
           {"Appel d'offres ouvert VIRE-2025-REP – Règlement de la consultation", "VIRE-2025-REP"},
           {"Commune de Sorgues\tMAPA n° 25S0042", "25S0042"},
           {"Commune de Sorgues\tMAPA 2025-07", "2025-07"},
           {"Ville de Dole – Voirie Marché 25-VOI-004", "25-VOI-004"},
           {"Procédure : 25INF03", "25INF03"},
           {"Syndicat des eaux Concours n° SDE-2024-01", "SDE-2024-01"},
           {"Syndicat mixte du Rhône Consultation RHO-2024-9", "RHO-2024-9"},
           {"Eurométropole CCTP n° 2026-0457", "2026-0457"}}) {
    const auto a = analyze_with_furniture(body, {{1, header}});
    ASSERT_TRUE(a.tender.reference) << header;
    EXPECT_EQ(a.tender.reference->value, want) << header;
  }
}

TEST(TenderReference, PageCounterOfAFooterIsNoReference) {
  const auto a = analyze_with_furniture(
      "Le présent règlement fixe les règles de la consultation.\n",
      {{1, "Règlement de la consultation 1/3"}, {2, "Ville de Dole Marché n° 2026-DEP-031"}});
  ASSERT_TRUE(a.tender.reference);
  EXPECT_EQ(a.tender.reference->value, "2026-DEP-031");
}

TEST(TenderReference, LabelsCellsAndNoticeForms) {
  for (const auto& [text, want] : std::vector<std::pair<std::string, std::string>>{
           {"RÈGLEMENT DE LA CONSULTATION\n\nRéférence\n\nUNIV-2024-031\n\nObjet\n\n"
            "Nettoyage des locaux\n",
            "UNIV-2024-031"},
           {"Accord-cadre de services\n\nCONSULTATION : 24_SIRH_3\n", "24_SIRH_3"},
           {"Autres renseignements :\nNuméro de référence attribué au marché par le pouvoir "
            "adjudicateur / l'entité adjudicatrice : 21F044PA.\n",
            "21F044PA"},
           {"Avis n° 20-104433\n\nNuméro de la consultation : 20054\n", "20054"}}) {
    const auto a = analyze_text(text);
    ASSERT_TRUE(a.tender.reference) << text;
    EXPECT_EQ(a.tender.reference->value, want) << text;
  }
}

TEST(TenderReference, NeverANumberOfAnotherThing) {
  for (const std::string text :
       {"Durée du marché : 36 mois.\n", "Marché : 100 000 € HT.\n",
        "La consultation est lancée le 12/03/2026.\n",
        "Procédure adaptée R2123-1 du Code de la commande publique.\n",
        "Conformément au décret n° 2016-360 du 25 mars 2016.\n",
        "Le marché relatif au lot n° 12 est attribué.\n", "Consultation 2024-2025 des familles.\n",
        "Référence NF-EN-81 des ascenseurs.\n", "Le marché débute le 1er mars.\n"}) {
    const auto a = analyze_text(text);
    EXPECT_FALSE(a.tender.reference) << text << " -> " << a.tender.reference->value;
  }
}

TEST(TenderAmount, OnlyTheContractsAmount) {
  for (const std::string text :
       {"Article 3 – Pénalités\n\nTout retard entraîne une pénalité de 100 euros par jour, "
        "plafonnée à 5 % du montant du marché.\n",
        "L'avance est fixée à 20 % du montant initial. Le montant de l'indemnité forfaitaire "
        "pour frais de recouvrement est fixé à 40 euros.\n",
        "L'avance est versée si le montant du bon de commande est supérieur à 50 000 € HT.\n",
        "Le site et l'enveloppe de 24 millions d'euros HT sont arrêtés par le conseil.\n",
        "Accord-cadre avec un montant minimum annuel de 40 000 € HT.\n",
        "Chacun des trois candidats admis à concourir reçoit une prime de 18 000 € HT.\n"}) {
    const auto a = analyze_text(text);
    EXPECT_FALSE(a.tender.amount) << text << " -> " << a.tender.amount->value;
  }
}

TEST(TenderAmount, TotalBeforeLotsAndMaximumBeforeMinimum) {
  const auto lots = analyze_text(
      "Lot\n\nIntitulé\n\nValeur estimée HT\n\n1\n\nFourgons\n\n3 900 000 €\n\n"
      "2\n\nÉchelles\n\n2 400 000 €\n\nValeur totale estimée : 6 300 000 euros hors TVA.\n");
  ASSERT_TRUE(lots.tender.amount);
  EXPECT_EQ(lots.tender.amount->value, "6300000.00 EUR HT");
  const auto framework = analyze_text(
      "L'accord-cadre est conclu avec un montant minimum annuel de 40 000 € HT et un montant "
      "maximum annuel de 160 000 € HT.\n");
  ASSERT_TRUE(framework.tender.amount);
  EXPECT_EQ(framework.tender.amount->value, "160000.00 EUR HT");
  const auto maximum = analyze_text(
      "L'accord-cadre est exécuté par bons de commande, avec un maximum de 4 800 000 € TTC sur "
      "toute sa durée.\n");
  ASSERT_TRUE(maximum.tender.amount);
  EXPECT_EQ(maximum.tender.amount->value, "4800000.00 EUR TTC");
  const auto cell = analyze_text("Montant estimatif\n\n310 000 € HT par an\n\nCode CPV\n");
  ASSERT_TRUE(cell.tender.amount);
  EXPECT_EQ(cell.tender.amount->value, "310000.00 EUR HT");
}

TEST(TenderAmount, WorksCostOfADesignContractIsNotItsAmount) {
  const auto a = analyze_text(
      "RÈGLEMENT DE LA CONSULTATION\n\nMission de coordination SPS pour la restauration du "
      "beffroi\n\nLe coût prévisionnel des travaux est estimé à 1 350 000 € HT.\n");
  EXPECT_FALSE(a.tender.amount) << a.tender.amount->value;
}

TEST(TenderDuration, OnlyTheContractsDuration) {
  for (const std::string text :
       {"Article 1 – Objet, procédure, durée\n\nLe marché a pour objet l'écoute des "
        "habitants de 60 ans et plus.\n",
        "Les plus de 75 ans seront deux fois plus nombreux.\n",
        "L'avance est versée si la durée d'exécution du bon de commande est supérieure à "
        "2 mois.\n",
        "Durée de validité des offres : 4 mois.\n",
        "La période de garantie est d'un an à compter de la réception.\n",
        "La vérification d'aptitude dure 3 mois, cf. article 4.1 pour une durée de 3 mois.\n",
        "Un taux de disponibilité calculé sur une période de 3 jours ouvrables.\n"}) {
    const auto a = analyze_text(text);
    EXPECT_FALSE(a.tender.duration) << text << " -> " << a.tender.duration->value;
  }
}

TEST(TenderDuration, FromTheContractsDurationPhrases) {
  for (const auto& [text, want] : std::vector<std::pair<std::string, std::string>>{
           {"Le marché, passé selon une procédure adaptée, a pour objet l'écoute des habitants "
            "de 60 ans et plus. Il est conclu pour douze mois à compter de sa notification.\n",
            "12 mois"},
           {"Le délai global d'exécution est de quatorze mois, période de préparation de deux "
            "mois comprise.\n",
            "14 mois"},
           {"Accord-cadre à bons de commande conclu pour une période d'un an reconductible trois "
            "fois.\n",
            "1 an"},
           {"Durée\n\n12 mois, reconductible trois fois\n\nMontant estimatif\n", "12 mois"}}) {
    const auto a = analyze_text(text);
    ASSERT_TRUE(a.tender.duration) << text;
    EXPECT_EQ(a.tender.duration->value, want) << text;
  }
}

std::vector<std::string> cpv_of(const AnalyzedDocument& a) {
  std::vector<std::string> codes;
  for (const auto& f : a.tender.cpv) {
    codes.push_back(f.value);
  }
  return codes;
}

TEST(TenderCpv, CodesWithoutTheirCheckDigitNearAMention) {
  const auto notice = analyze_text(
      "Section II : Objet\n\nCPV - Objet principal : 34110000.\n\nLot 1\nC.P.V. - Objet "
      "principal : 45111100\nObjets supplémentaires : 45223220.\n");
  EXPECT_EQ(cpv_of(notice), (std::vector<std::string>{"34110000", "45111100", "45223220"}));
  const auto list = analyze_text(
      "Codes CPV de la consultation :\n\n72220000 – Services de conseil en systèmes "
      "informatiques et conseils techniques\n\n72224000 – Services de conseil en gestion de "
      "projet\n\n72246000 – Services de conseil en systèmes informatiques\n");
  EXPECT_EQ(cpv_of(list), (std::vector<std::string>{"72220000", "72224000", "72246000"}));
  const auto checked = analyze_text("Code CPV principal : 50232100-1 (éclairage public).\n");
  EXPECT_EQ(cpv_of(checked), (std::vector<std::string>{"50232100-1"}));
}

TEST(TenderCpv, OtherEightDigitNumbersAreNoCodes) {
  const auto a = analyze_text(
      "Dossier 45111100 du service.\n\nCPV : voir l'avis. Le montant est de 45111100,00 euros "
      "et le SIRET 45111100000012.\n");
  EXPECT_TRUE(cpv_of(a).empty()) << cpv_of(a).front();
}

TEST(TenderPlace, DepartementOfAKnownCommuneWithoutPostcode) {
  const auto known = analyze_with_furniture("Le présent cahier fixe les clauses du marché.\n",
                                            {{1, "Ville de Marseille – DEP Marché n° 2026-X-1"}});
  ASSERT_TRUE(known.tender.departement);
  EXPECT_EQ(known.tender.departement->value, "13 Bouches-du-Rhône");
  // Saint-Denis is a large town of Seine-Saint-Denis and of La Réunion: it places nothing.
  const auto shared = analyze_with_furniture("Le présent cahier fixe les clauses du marché.\n",
                                             {{1, "Ville de Saint-Denis"}});
  EXPECT_FALSE(shared.tender.departement) << shared.tender.departement->value;
}

TEST(TenderLayout, EssentialsTableOfLabelAndValueCells) {
  const auto a = analyze_text(
      "RÈGLEMENT DE LA CONSULTATION\n\nL'essentiel du marché\n\nAcheteur\n\nUniversité de "
      "Bourgneuf – Direction du patrimoine, 4 rue Pascal, 67081 Bourgneuf Cedex\n\nObjet\n\n"
      "Nettoyage des locaux du campus de l'Esplanade\n\nProcédure\n\nProcédure adaptée\n\n"
      "Visite des locaux\n\n5 mars 2024\n\nDate limite de remise des offres\n\n"
      "12 mars 2024 à 12h00\n");
  ASSERT_TRUE(a.tender.buyer);
  EXPECT_EQ(a.tender.buyer->value, "Université de Bourgneuf – Direction du patrimoine");
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value, "Nettoyage des locaux du campus de l'Esplanade");
  ASSERT_TRUE(a.tender.procedure);
  EXPECT_EQ(a.tender.procedure->value, "procédure adaptée");
  ASSERT_TRUE(a.tender.deadline);
  EXPECT_EQ(a.tender.deadline->value, "2024-03-12T12:00");
}

TEST(TenderLayout, NoticeFormTitle) {
  const auto a = analyze_text(
      "AVIS DE MARCHÉ\n\nSection II : Objet\n\nII.1.1) Intitulé : Acquisition de véhicules "
      "de secours.\nNuméro de référence : 23-VEH-002.\n");
  ASSERT_TRUE(a.tender.object);
  EXPECT_EQ(a.tender.object->value, "Acquisition de véhicules de secours");
}

TEST(TenderProcedure, NoticeWordsForAnOpenProcedure) {
  const auto a = analyze_text(
      "Section IV : Procédure\n\nIV.1.1) Type de procédure : procédure ouverte.\n\n"
      "VI.4.1) Instance chargée des procédures de recours : tribunal administratif.\n");
  ASSERT_TRUE(a.tender.procedure);
  EXPECT_EQ(a.tender.procedure->value, "appel d'offres ouvert");
}

TEST(TenderDeadline, OnlyTheOffersDeadline) {
  const auto a = analyze_text(
      "Conformément au décret n° 2016-360 du 25 mars 2016, la remise des offres est "
      "électronique.\n\nDate limite des questions : 10 mars 2026\n\n"
      "Visite obligatoire : jeudi 12 mars 2026 à 9h30\n\n"
      "Remise des offres : mardi 7 avril 2026 à 12h00\n");
  ASSERT_TRUE(a.tender.deadline);
  EXPECT_EQ(a.tender.deadline->value, "2026-04-07T12:00");
  EXPECT_EQ(a.tender.year(), 2026);
  EXPECT_EQ(a.tender.year_source, YearSource::deadline);
}

TEST(TenderDeadline, ValueCellAfterABlankLine) {
  const auto a = analyze_text(
      "Date limite de remise des offres\n\nDate : 19 avril 2025 à 12h00\n\n"
      "Date limite des questions : 9 avril 2025\n");
  ASSERT_TRUE(a.tender.deadline);
  EXPECT_EQ(a.tender.deadline->value, "2025-04-19T12:00");
}

TEST(TenderDeadline, DateOfADecreeIsNoDeadline) {
  const auto a = analyze_text(
      "Date limite de remise des offres : voir l'avis, en application de l'ordonnance "
      "n° 2018-1074 du 26 novembre 2018.\n");
  EXPECT_FALSE(a.tender.deadline) << a.tender.deadline->value;
}

TEST(TenderYear, FromTheDocumentsDateThenTheReference) {
  const auto dated = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nEntretien des ascenseurs\n\n"
      "Date d'édition : 14 février 2022\n\nLe décret du 3 mai 2016 s'applique.\n");
  EXPECT_EQ(dated.tender.year(), 2022);
  EXPECT_EQ(dated.tender.year_source, YearSource::document_date);
  const auto referenced = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nEntretien des ascenseurs\n\n"
      "Marché n° ADN-2024-12\n");
  EXPECT_EQ(referenced.tender.year(), 2024);
  EXPECT_EQ(referenced.tender.year_source, YearSource::reference);
}

TEST(TenderYear, NeverFromTheFilesOwnDates) {
  auto doc = ingest::extract_bytes(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nRéservation de salles\n\nLe CCAG-PI "
      "approuvé par l'arrêté du 30 mars 2021 s'applique.\n",
      "cctp.txt", 0);
  ASSERT_TRUE(doc.ok());
  doc.value().metadata.created = "2014-05-12T10:00:00";
  doc.value().metadata.modified = "2015-01-02T10:00:00";
  const auto a = analyze(std::move(doc.value()));
  EXPECT_FALSE(a.tender.year()) << *a.tender.year();
  EXPECT_EQ(a.tender.year_source, YearSource::none);
}

TEST(TenderYear, MonthOfAVersionOrARunningFooterAndTheAuthorisingDeliberation) {
  const auto version = analyze_text(
      "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nGroupes électrogènes\n\n"
      "Version 2 – mai 2025\n\fLe décret du 25 mars 2016 s'applique.\n");
  EXPECT_EQ(version.tender.year(), 2025);
  EXPECT_EQ(version.tender.year_source, YearSource::document_date);
  const auto footer = analyze_with_furniture("Le présent cahier fixe les clauses techniques.\n",
                                             {{1, "DOSSIER PRO/DCE – MARS 2021"}});
  EXPECT_EQ(footer.tender.year(), 2021);
  EXPECT_EQ(footer.tender.year_source, YearSource::document_date);
  const auto deliberation = analyze_text(
      "ACTE D'ENGAGEMENT\n\nRéférence de la délibération autorisant la signature\n\n"
      "Délibération n°CT2025/004 du 14 janvier 2025\n");
  EXPECT_EQ(deliberation.tender.year(), 2025);
  EXPECT_EQ(deliberation.tender.year_source, YearSource::document_date);
}

TEST(TenderYear, StartOfExecutionWhenNothingElseDatesTheTender) {
  const auto a = analyze_text(
      "Le présent marché est conclu pour une période de 3 ans. Il est passé en application du "
      "décret n° 2016-360 du 25 mars 2016. La prestation débutera à partir du 01 septembre "
      "2017.\n");
  EXPECT_EQ(a.tender.year(), 2017);
  EXPECT_EQ(a.tender.year_source, YearSource::execution_start);
}

// A DOCX whose paragraphs all carry an outline level (the file marks them as headings).
std::string docx_of_headings(const std::vector<std::pair<std::string, bool>>& paragraphs) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:body>";
  for (const auto& [text, heading] : paragraphs) {
    xml += "<w:p>";
    if (heading) {
      xml += "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>";
    }
    xml += "<w:r><w:t>" + text + "</w:t></w:r></w:p>";
  }
  xml += "</w:body></w:document>";
  return testing_support::make_zip({{"word/document.xml", xml}});
}

TEST(Outline, StyledAddressLinesAndLowerCaseCellsAreNoHeadings) {
  auto doc =
      ingest::extract_bytes(docx_of_headings({{"COMMUNE DE VALBRUNE", true},
                                              {"83440 VALBRUNE Concours restreint", true},
                                              {"offres 4 mois", true},
                                              {"Présentation du concours", true},
                                              {"Le concours porte sur la médiathèque.", false}}),
                            "rc.docx", 0);
  ASSERT_TRUE(doc.ok());
  const auto a = analyze(std::move(doc.value()));
  std::vector<std::string> titles;
  for (const auto& s : a.sections) {
    titles.push_back(s.title);
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"COMMUNE DE VALBRUNE", "Présentation du concours"}));
}

std::vector<std::string> outline_titles(const AnalyzedDocument& a) {
  std::vector<std::string> titles;
  for (const auto& sec : a.sections) {
    titles.push_back(sec.title);
  }
  return titles;
}

TEST(Outline, UnnumberedHeadingsInCapitals) {
  const auto a = analyze_text(
      "SYNDICAT DES EAUX DU VAL\nService des marchés\n3 rue du Lac\n74000 Annecy\n\n"
      "CONTEXTE ET OBJECTIFS\n\nLa Ville engage une démarche de concertation sur le "
      "réaménagement du parc.\n\nCONTENU DE LA MISSION\n\nLe titulaire anime quatre "
      "ateliers publics et rédige le bilan de la concertation.\n\nSIRET : 20005796600018\n\n"
      "Le titulaire joint à son offre les justificatifs demandés par le règlement.\n\n"
      "MODALITÉS DE RESTITUTION :\nLe bilan est présenté en réunion publique à la fin de la "
      "mission.\n");
  EXPECT_EQ(outline_titles(a),
            (std::vector<std::string>{"CONTEXTE ET OBJECTIFS", "CONTENU DE LA MISSION",
                                      "MODALITÉS DE RESTITUTION"}));
  for (const auto& sec : a.sections) {
    EXPECT_EQ(sec.style, HeadingStyle::capitals) << sec.title;
    EXPECT_EQ(sec.level, 1) << sec.title;
  }
}

TEST(Outline, LinesInCapitalsOfANumberedDocumentAreNoHeadings) {
  const auto a = analyze_text(
      "ARTICLE 1 – OBJET\n\nLe marché porte sur l'entretien des espaces verts de la "
      "commune.\n\nCLAUSES PARTICULIÈRES\n\nLe titulaire respecte les horaires fixés par "
      "la commune.\n\nARTICLE 2 – DURÉE\n\nLe marché est conclu pour une durée d'un an.\n");
  EXPECT_EQ(outline_titles(a), (std::vector<std::string>{"OBJET", "DURÉE"}));
}

}  // namespace
}  // namespace vigie::analysis
