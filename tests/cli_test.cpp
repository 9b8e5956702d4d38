// End-to-end: the real vigie binary, its exit statuses, its streams and its output formats.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_vigie.hpp"
#include "sample_files.hpp"

namespace {

using vigie::testing_support::read_file;
using vigie::testing_support::run;
using vigie::testing_support::RunResult;
using vigie::testing_support::temp_dir;
const std::string k_src = VIGIE_SOURCE_DIR;
const std::string k_shared = VIGIE_SHARED_DATA;

TEST(Cli, VersionAndHelp) {
  const RunResult v = run("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out.rfind("vigie ", 0), 0u) << v.out;
  const RunResult h = run("--help");
  EXPECT_EQ(h.status, 0);
  EXPECT_NE(h.out.find("extract"), std::string::npos);
  const RunResult eh = run("extract --help");
  EXPECT_EQ(eh.status, 0);
  EXPECT_NE(eh.out.find("--jobs"), std::string::npos);
  EXPECT_NE(eh.out.find("--format"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("frobnicate").status, 2);
  const RunResult r =
      run("extract --format xml " + k_src + "/corpus-samples/amo-concertation-rc.pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("vigie : erreur"), std::string::npos) << r.err;
}

TEST(Cli, ExtractPrintsPagesOnStdout) {
  const RunResult r = run("extract " + k_src + "/corpus-samples/amo-concertation-cctp.pdf");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("[page 1/7]"), std::string::npos);
  EXPECT_NE(r.out.find("[page 7/7]"), std::string::npos);
  EXPECT_NE(r.out.find("DROIT D'ALERTE"), std::string::npos);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, BadFileIsReportedAndTheBatchGoesOn) {
  const std::string good = k_src + "/corpus-samples/amo-concertation-rc.pdf";
  const std::string bad = k_shared + "/malformed/invalid.pdf";
  const RunResult r = run("extract --jobs 2 " + bad + " " + good + " /nonexistent.pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("==> " + good + " <=="), std::string::npos);
  EXPECT_NE(r.err.find(bad + " : PDF endommagé"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/nonexistent.pdf : fichier introuvable"), std::string::npos);
}

TEST(Cli, ScannedPageWarningOnStderrWithExitZero) {
  const RunResult r = run("extract " + k_src + "/corpus-samples/amo-concertation-ae-scan.pdf");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find("page 2 sans couche texte"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("OCR"), std::string::npos);
}

TEST(Cli, EveryMalformedPdfEndsCleanly) {
  for (const char* name : {"invalid.pdf", "no_contents.pdf", "livecycle.pdf", "kcs.pdf",
                           "jbig2_baddevicen.pdf", "bad-token-startxref.pdf"}) {
    const std::string path = k_shared + "/malformed/" + name;
    const RunResult r = run("extract " + path);
    EXPECT_TRUE(r.status == 0 || r.status == 2) << name << " exited " << r.status;
    EXPECT_NE(r.err.find(path), std::string::npos) << name << ": " << r.err;
  }
}

TEST(Cli, JsonKeepsTheOrderGivenWithSeveralJobs) {
  const std::string dir = k_src + "/corpus-samples/";
  const std::vector<std::string> files = {
      "npnru-travaux-ccp.pdf",         "amo-concertation-rc.pdf",
      "jardin-partage-ccp.odt",        "amo-concertation-cctp-faible.docx",
      "fournitures-mobilier-cctp.pdf", "amo-concertation-cctp.pdf",
      "amo-concertation-ccap.pdf"};
  std::string args = "extract --format json --jobs 3";
  for (const auto& f : files) {
    args += " " + dir + f;
  }
  args += " " + k_shared + "/malformed/invalid.pdf";
  const RunResult r = run(args);
  EXPECT_EQ(r.status, 2);
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json.size(), files.size() + 1);
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(json[i]["path"], dir + files[i]);
    EXPECT_FALSE(json[i]["pages"].empty());
    EXPECT_EQ(json[i]["source"]["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(json.back()["error"]["code"], "damaged");
  const auto& cctp = json[5];
  EXPECT_EQ(cctp["format"], "pdf");
  EXPECT_EQ(cctp["metadata"]["page_count"], 7);
  EXPECT_EQ(cctp["pages"][6]["number"], 7);
  EXPECT_NE(cctp["pages"][6]["text"].get<std::string>().find("DROIT D'ALERTE"), std::string::npos);
}

TEST(Cli, ShowFurnitureMarksHeadersAndFooters) {
  const RunResult r =
      run("extract --show-furniture " + k_src + "/corpus-samples/amo-concertation-cctp.pdf");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("[pied de page] CCTP – AMO concertation place des Capucins Page 3 sur 7"),
            std::string::npos);
  EXPECT_NE(r.out.find("[en-tête] Ville de Marseille – DEP"), std::string::npos);
}

}  // namespace

TEST(Cli, AnalyzeJsonNamesKindRelevanceAndOutline) {
  const std::string samples = std::string(VIGIE_SOURCE_DIR) + "/corpus-samples/";
  const auto r = run("analyze --format json " + samples + "amo-concertation-rc.pdf " + samples +
                     "fournitures-mobilier-cctp.pdf /nonexistent/draft.pdf");
  EXPECT_EQ(r.status, 2);  // one file could not be read; the others were analysed
  EXPECT_NE(r.err.find("/nonexistent/draft.pdf"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3U);
  EXPECT_EQ(j[0]["kind"]["code"], "RC");
  EXPECT_EQ(j[0]["participation"]["relevant"], true);
  EXPECT_EQ(j[0]["tender"]["deadline"]["value"], "2026-03-16T12:00");
  EXPECT_EQ(j[0]["outline"][0]["title"], "OBJET ET ÉTENDUE DE LA CONSULTATION");
  EXPECT_EQ(j[1]["kind"]["code"], "CCTP");
  EXPECT_EQ(j[1]["participation"]["relevant"], false);
  EXPECT_FALSE(j[1]["participation"]["set_aside"].empty());
  EXPECT_TRUE(j[2].contains("error"));
}

TEST(Cli, AnalyzeTextIsFrench) {
  const auto r = run("analyze " + std::string(VIGIE_SOURCE_DIR) +
                     "/corpus-samples/amo-concertation-cctp-faible.docx");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Type : CCTP"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Participation du public : oui"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Acheteur : Commune de Vallon-des-Aires"), std::string::npos) << r.out;
}

// ---------------------------------------------------------------------------------------
// vigie check and vigie rules.

namespace {

const std::string k_weak = k_src + "/corpus-samples/amo-concertation-cctp-faible.docx";
const std::string k_good = k_src + "/corpus-samples/amo-concertation-cctp.pdf";
const std::string k_supplies = k_src + "/corpus-samples/fournitures-mobilier-cctp.pdf";

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

// Each corpus sample's expected verdicts (the `check:` section of its expectation file) are
// met exactly by `vigie check --format json`.
class CheckSamples : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckSamples, MeetTheirExpectedVerdicts) {
  const YAML::Node root = YAML::LoadFile(k_src + "/corpus-samples/" + GetParam());
  const YAML::Node x = root["check"];
  ASSERT_TRUE(x) << "no check section";
  const RunResult r = run("check --format json --fail-on never " + k_src + "/corpus-samples/" +
                          root["file"].as<std::string>());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto all = nlohmann::json::parse(r.out);
  ASSERT_EQ(all.size(), 1u);
  const auto& j = all[0];
  EXPECT_EQ(j["level"]["level"].is_null() ? "null" : j["level"]["level"].get<std::string>(),
            x["level"].as<std::string>());
  EXPECT_EQ(j["coverage"]["applicable"].get<int>(), x["coverage"]["applicable"].as<int>());
  EXPECT_EQ(j["coverage"]["present"].get<int>(), x["coverage"]["present"].as<int>());
  std::map<std::string, std::string> got;
  for (const auto& v : j["verdicts"]) {
    got[v["rule"].get<std::string>()] = v["status"].get<std::string>();
  }
  std::map<std::string, std::string> want;
  for (const auto& kv : x["verdicts"]) {
    want[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  EXPECT_EQ(got, want);
  std::vector<std::string> passages;
  for (const auto& f : j["findings"]) {
    if (f["kind"] != "absent") {
      passages.push_back(f["rule"].get<std::string>() + " p" +
                         std::to_string(f["page"].get<int>()) + " " +
                         f["matched"][0].get<std::string>());
    }
  }
  std::vector<std::string> expected;
  for (const auto& p : x["passages"]) {
    expected.push_back(p["rule"].as<std::string>() + " p" + std::to_string(p["page"].as<int>()) +
                       " " + p["matched"].as<std::string>());
  }
  std::sort(passages.begin(), passages.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(passages, expected);
}

INSTANTIATE_TEST_SUITE_P(Cli, CheckSamples,
                         ::testing::ValuesIn(vigie::testing_support::expectation_files()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return vigie::testing_support::test_name(param.param);
                         });

TEST(Check, WellSpecifiedCctpHasEveryCriterionAndNoFlag) {
  const RunResult r = run("check --format json " + k_good);
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out)[0];
  EXPECT_EQ(j["coverage"]["present"], j["coverage"]["applicable"]);
  EXPECT_EQ(j["coverage"]["applicable"], 14);
  EXPECT_TRUE(j["findings"].empty());
  EXPECT_EQ(j["level"]["level"], "co-construction");
}

TEST(Check, SuppliesTenderGetsNotApplicableWithTheReason) {
  const RunResult r = run("check --format json " + k_supplies);
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out)[0];
  for (const auto& v : j["verdicts"]) {
    EXPECT_EQ(v["status"], "not_applicable") << v["rule"];
    EXPECT_NE(v["reason"].get<std::string>().find("ne concerne pas la participation du public"),
              std::string::npos);
  }
  EXPECT_FALSE(j["level"]["applicable"].get<bool>());
}

TEST(Check, TextReportGivesPagePassageReasonAndClauseInFrench) {
  const RunResult r = run("check " + k_weak);
  EXPECT_EQ(r.status, 1) << r.err;  // errors remain: exit 1
  for (const char* want :
       {"Critères de participation présents : 0 sur 12", "Niveau de participation : information",
        "Erreurs", "Avertissements", "Restitution au public — contredit",
        "p. 2, Article 3 – Contenu de la mission",
        "« [[Aucune restitution n'est prévue]] à l'issue de la réunion publique. »",
        "Clause type : Le titulaire organise une réunion publique de restitution",
        "« Le projet [[fait consensus]] au sein de la population", "Conseil : "}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("\033["), std::string::npos);  // NO_COLOR, and not a terminal
}

TEST(Check, FailOnChoosesTheExitStatus) {
  EXPECT_EQ(run("check --fail-on never " + k_weak).status, 0);
  EXPECT_EQ(run("check --fail-on erreur " + k_good).status, 0);
  const std::string jardin = k_src + "/corpus-samples/jardin-partage-ccp.odt";
  EXPECT_EQ(run("check --fail-on erreur --rules presupposes --rules commande " + jardin).status, 0);
  EXPECT_EQ(run("check --fail-on suggestion --rules presupposes --rules commande " + jardin).status,
            1);
  EXPECT_EQ(run("check --fail-on grave " + k_good).status, 2);
}

TEST(Check, HtmlIsOneSelfContainedFrenchPage) {
  const std::string dir = temp_dir("check_html");
  const RunResult r =
      run("check --format html -o " + dir + "/rapport.html " + k_weak + " " + k_good);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(r.out.empty());
  const std::string html = read_file(dir + "/rapport.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html.find("Rapport de vérification"), std::string::npos);
  EXPECT_NE(html.find("<mark>Aucune restitution n'est prévue</mark>"), std::string::npos);
  EXPECT_NE(html.find("Clause type à ajouter"), std::string::npos);
  EXPECT_NE(html.find("14 sur 14"), std::string::npos);
  // Nothing fetched from the network: no external stylesheet, script, font or image.
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(Check, UnreadableFileIsReportedAndTheOthersAreChecked) {
  const RunResult r = run("check --format json --fail-on never /nonexistent/x.pdf " + k_good);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/x.pdf"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_TRUE(j[0].contains("error"));
  EXPECT_EQ(j[1]["coverage"]["present"], 14);
}

// A scan with no text layer at all is "non lu", never "no participation, no finding": exit 2
// whatever --fail-on says (as for an unreadable file), and every format says why.
TEST(Check, FullyScannedPdfIsNotReadInEveryFormat) {
  const std::string scan = k_shared + "/scanned/francais.pdf";
  for (const char* fail_on : {"erreur", "never"}) {
    const RunResult t = run(std::string("check --fail-on ") + fail_on + " " + scan);
    EXPECT_EQ(t.status, 2) << fail_on << "\n" << t.out;
    EXPECT_NE(t.out.find("Lecture : non lu : aucune page n'a de couche texte (document "
                         "numérisé ?) : une reconnaissance de caractères (OCR) serait nécessaire"),
              std::string::npos)
        << t.out;
    EXPECT_NE(t.out.find("aucune règle n'a pu être vérifiée"), std::string::npos) << t.out;
    EXPECT_EQ(t.out.find("Participation du public"), std::string::npos) << t.out;
    EXPECT_EQ(t.out.find("0 erreur(s)"), std::string::npos) << t.out;
    EXPECT_NE(t.err.find(scan + " : non lu : aucune page n'a de couche texte"), std::string::npos)
        << t.err;
  }
  const RunResult r = run("check --format json --fail-on never " + scan + " " + k_good);
  EXPECT_EQ(r.status, 2) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["reading"], "none");
  EXPECT_EQ(j[0]["unread_pages"], nlohmann::json::array({1}));
  EXPECT_NE(j[0]["reading_note"].get<std::string>().find("OCR"), std::string::npos);
  EXPECT_TRUE(j[0]["document"]["participation"].is_null());
  EXPECT_TRUE(j[0]["coverage"].is_null());
  EXPECT_TRUE(j[0]["verdicts"].empty());
  EXPECT_TRUE(j[0]["findings"].empty());
  EXPECT_EQ(j[1]["reading"], "full");
  EXPECT_TRUE(j[1]["unread_pages"].empty());
  EXPECT_EQ(j[1]["coverage"]["present"], 14);
  const std::string dir = temp_dir("check_scan_html");
  const RunResult h = run("check --format html -o " + dir + "/r.html " + scan + " " + k_good);
  EXPECT_EQ(h.status, 2);
  const std::string html = read_file(dir + "/r.html");
  EXPECT_NE(html.find("1 document(s) vérifié(s) ; 1 non lu(s)"), std::string::npos) << html;
  EXPECT_NE(html.find("non lu : aucune page n'a de couche texte"), std::string::npos) << html;
  EXPECT_NE(html.find("Aucune règle n'a pu être vérifiée"), std::string::npos) << html;
}

// Scanned pages inside a text PDF: checked on the pages read, and every format names the
// pages that were not ("pages 2, 5 à 7").
TEST(Check, PartlyScannedPdfNamesThePagesNotRead) {
  const std::string dir = temp_dir("check_partial_scan");
  const std::string scan = k_shared + "/scanned/francais.pdf";
  const std::string mixed = dir + "/cctp-mixte.pdf";
  // Pages: CCTP 1, scan, CCTP 2-3, scan, scan, scan, CCTP 4-7.
  const std::string qpdf = "qpdf --empty --pages " + k_good + " 1 " + scan + " " + k_good +
                           " 2-3 " + scan + " " + scan + " " + scan + " " + k_good + " 4-7 -- " +
                           mixed;
  ASSERT_EQ(std::system(qpdf.c_str()), 0) << qpdf;
  const RunResult t = run("check --fail-on never " + mixed);
  EXPECT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.out.find("Lecture : partiellement lu : pages 2, 5 à 7 sans texte (numérisées ?) ; "
                       "les règles n'ont porté que sur les pages lues"),
            std::string::npos)
      << t.out;
  const RunResult r = run("check --format json --fail-on never " + mixed);
  const auto j = nlohmann::json::parse(r.out)[0];
  EXPECT_EQ(j["reading"], "partial");
  EXPECT_EQ(j["unread_pages"], nlohmann::json::array({2, 5, 6, 7}));
  EXPECT_EQ(j["reading_note"], "pages 2, 5 à 7 sans texte (numérisées ?)");
  EXPECT_EQ(j["coverage"]["present"], 14);  // the text pages are checked
  const RunResult h = run("check --format html -o " + dir + "/r.html --fail-on never " + mixed);
  EXPECT_EQ(h.status, 0);
  const std::string html = read_file(dir + "/r.html");
  EXPECT_NE(html.find("partiellement lu : pages 2, 5 à 7 sans texte (numérisées ?)"),
            std::string::npos)
      << html;
  // The corpus sample whose page 2 is a scan.
  const RunResult ae = run("check --format json --fail-on never " + k_src +
                           "/corpus-samples/amo-concertation-ae-scan.pdf");
  const auto a = nlohmann::json::parse(ae.out)[0];
  EXPECT_EQ(a["reading"], "partial");
  EXPECT_EQ(a["unread_pages"], nlohmann::json::array({2}));
  EXPECT_EQ(a["reading_note"], "page 2 sans texte (numérisée ?)");
}

TEST(Check, ProjectConfigDisablesRegradesAndWaivesWithJustification) {
  const std::string dir = temp_dir("check_config");
  std::filesystem::copy_file(k_weak, dir + "/cctp.docx");
  write_file(dir + "/vigie.toml",
             "[rules]\n"
             "disable = [\"presuppose.necessite\"]\n"
             "[rules.severity]\n"
             "\"participation.calendrier\" = \"suggestion\"\n"
             "\n"
             "[[waive]]\n"
             "rule = \"presuppose.consensus\"\n"
             "text = \"fait consensus\"\n"
             "justification = \"Vote unanime du conseil de quartier du 3 mai 2025.\"\n");
  const RunResult r = run("check --format json " + dir + "/cctp.docx");
  EXPECT_EQ(r.status, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out)[0];
  EXPECT_EQ(j["config"], dir + "/vigie.toml");
  bool waived_seen = false;
  for (const auto& f : j["findings"]) {
    EXPECT_NE(f["rule"], "presuppose.necessite");
    if (f["rule"] == "participation.calendrier") {
      EXPECT_EQ(f["severity"], "suggestion");
    }
    if (f["rule"] == "presuppose.consensus") {
      EXPECT_TRUE(f["waived"].get<bool>());
      EXPECT_EQ(f["waiver"], "Vote unanime du conseil de quartier du 3 mai 2025.");
      waived_seen = true;
    }
  }
  EXPECT_TRUE(waived_seen);  // waived findings stay visible
  EXPECT_EQ(j["summary"]["waived"], 1);
  // The text report shows the waiver too.
  const RunResult t = run("check " + dir + "/cctp.docx");
  EXPECT_NE(t.out.find("Levé : Vote unanime"), std::string::npos);
}

TEST(Check, WaiverWithoutJustificationIsAnErrorWithItsLine) {
  const std::string dir = temp_dir("check_bad_config");
  write_file(dir + "/vigie.toml",
             "[[waive]]\nrule = \"presuppose.consensus\"\n\n[[waive]]\nrule = \"nope.rule\"\n"
             "justification = \"x\"\n");
  const RunResult r = run("check --config " + dir + "/vigie.toml " + k_good);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir + "/vigie.toml:1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sans « justification »"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("règle inconnue « nope.rule »"), std::string::npos) << r.err;
}

TEST(Rules, ExamplesOfTheDefaultRulesAllPass) {
  const RunResult r = run("rules test");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find(" 0 en échec"), std::string::npos) << r.out;
}

TEST(Rules, ListAndShow) {
  const RunResult l = run("rules list");
  EXPECT_EQ(l.status, 0);
  EXPECT_NE(l.out.find("participation.droit-alerte"), std::string::npos);
  EXPECT_NE(l.out.find("motifs, cherchés en une seule lecture du texte"), std::string::npos);
  const RunResult s = run("rules show participation.restitution");
  EXPECT_EQ(s.status, 0);
  EXPECT_NE(s.out.find("clause type :"), std::string::npos);
  EXPECT_EQ(run("rules show nope").status, 2);
}

TEST(Rules, UserRuleFileErrorsNameFileLineColumn) {
  const std::string dir = temp_dir("rules_bad");
  write_file(dir + "/mes-regles.yaml",
             "ruleset: local\n"
             "rules:\n"
             "  - id: local.budget\n"
             "    title: Budget\n"
             "    severity: erreur\n"
             "    message: m\n"
             "    rationale: r\n"
             "    clause: c\n"
             "    patterns: [\"budget (dédié|consacré\"]\n"
             "    examples: {match: [\"Un budget dédié.\"], no_match: [\"Rien.\"]}\n");
  const RunResult r = run("rules test --rules " + dir + "/mes-regles.yaml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir + "/mes-regles.yaml:9:24: motif"), std::string::npos) << r.err;
  const RunResult c = run("check --rules " + dir + "/mes-regles.yaml " + k_good);
  EXPECT_EQ(c.status, 2);
}

TEST(Rules, UserRulesAddToTheDefaultsAndFailingExamplesAreReported) {
  const std::string dir = temp_dir("rules_user");
  write_file(
      dir + "/local.yaml",
      "ruleset: local\n"
      "rules:\n"
      "  - id: local.maison-du-projet\n"
      "    title: Maison du projet\n"
      "    severity: avertissement\n"
      "    message: m\n"
      "    rationale: r\n"
      "    clause: c\n"
      "    patterns: [\"maison du projet\"]\n"
      "    examples: {match: [\"La maison du projet.\"], no_match: [\"La maison de quartier.\", "
      "\"Les maisons du projet.\"]}\n");
  const RunResult t = run("rules test --rules default --rules " + dir);
  EXPECT_EQ(t.status, 1);  // the plural matches: the second no_match example fails
  EXPECT_NE(t.out.find("ÉCHEC   local.maison-du-projet [no_match] « Les maisons du projet. »"),
            std::string::npos)
      << t.out;
  const RunResult c = run("check --format json --rules default --rules " + dir + " " + k_good);
  const auto j = nlohmann::json::parse(c.out)[0];
  bool found = false;
  for (const auto& v : j["verdicts"]) {
    found = found || (v["rule"] == "local.maison-du-projet" && v["status"] == "present");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(j["verdicts"].size(), 22u);
}

namespace {

// A member of an archive is named like a file: "set.zip!/lots/cctp.txt".
TEST(Cli, ArchiveMemberPathsAreFiles) {
  const std::string member = k_src + "/tests/data/descriptors.zip!/lots/cctp.txt";
  const RunResult e = run("extract '" + member + "'");
  EXPECT_EQ(e.status, 0) << e.err;
  EXPECT_NE(e.out.find("Cahier des clauses techniques particulières"), std::string::npos) << e.out;
  const RunResult a = run("analyze '" + member + "'");
  EXPECT_EQ(a.status, 0) << a.err;
  const RunResult c = run("check --fail-on never --format json '" + member + "'");
  EXPECT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("lots/cctp.txt"), std::string::npos) << c.out;
  const RunResult m = run("extract '" + k_src + "/tests/data/descriptors.zip!/absent.pdf'");
  EXPECT_EQ(m.status, 2);
  EXPECT_NE(m.err.find("descriptors.zip!/absent.pdf : "), std::string::npos) << m.err;
}

// A 60 MB text file is refused by name before it fills the memory.
TEST(Check, HugeTextFileIsRefusedByName) {
  const std::string dir = temp_dir("cli_huge_text");
  const std::string path = dir + "/journal.txt";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string line = "Le titulaire exécute les prestations prévues au marché.\n";
    for (std::size_t written = 0; written < 60u * 1000 * 1000; written += line.size()) {
      out << line;
    }
  }
  const RunResult r = run("check --fail-on never '" + path + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(path + " : document trop long"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Command line: options with several values, French help and errors, paths, writes.

namespace {

const std::string k_cctp = k_src + "/corpus-samples/amo-concertation-cctp.pdf";

// CLI11's own English, which must never reach a user.
void expect_no_english(const RunResult& r, const std::string& what) {
  for (const char* english : {"is required",
                              "was not expected",
                              "were not expected",
                              "Usage:",
                              "OPTIONS",
                              "Run with",
                              "SUBCOMMAND",
                              "POSITIONALS",
                              "Positionals",
                              "REQUIRED",
                              "TEXT ",
                              "TEXT:",
                              "UINT",
                              " INT",
                              "FLOAT",
                              "Print this help",
                              "Could not convert",
                              "not in {",
                              "not in range",
                              "Expected ",
                              "required but received",
                              "excludes",
                              "requires",
                              "subcommand"}) {
    EXPECT_EQ(r.out.find(english), std::string::npos) << what << ": « " << english << " »\n"
                                                      << r.out;
    EXPECT_EQ(r.err.find(english), std::string::npos) << what << ": « " << english << " »\n"
                                                      << r.err;
  }
}

// One CSV record per line (no field here holds a line break), fields split on `sep`.
std::vector<std::vector<std::string>> parse_csv(const std::string& text, char sep) {
  std::vector<std::vector<std::string>> rows;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find("\r\n", pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end == std::string::npos ? text.size() : end + 2;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          fields.back() += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == sep) {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

}  // namespace

TEST(CommandLine, OptionsWithSeveralValuesTakeOnePerOccurrence) {
  const RunResult check = run("check --fail-on never --rules presupposes " + k_cctp);
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("Fichier : " + k_cctp), std::string::npos);
  const RunResult two = run("check --fail-on never --rules presupposes --rules commande " + k_cctp);
  EXPECT_EQ(two.status, 0) << two.err;
  const RunResult list = run("rules list --rules presupposes --rules commande");
  EXPECT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("presupposes"), std::string::npos);
  EXPECT_NE(list.out.find("commande"), std::string::npos);
  EXPECT_EQ(list.out.find("\nparticipation\n"), std::string::npos) << list.out;
  const RunResult show = run("rules show --rules participation participation.restitution");
  EXPECT_EQ(show.status, 0) << show.err;

  const std::string dir = temp_dir("cli_vector_options");
  const RunResult audit = run("audit --rules presupposes -r " + dir + "/a.json " + k_cctp);
  EXPECT_EQ(audit.status, 0) << audit.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/a.json"));
  const RunResult audit_r =
      run("audit -r " + dir + "/b.json --rules presupposes -r " + dir + "/b.csv " + k_cctp);
  EXPECT_EQ(audit_r.status, 0) << audit_r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/b.json"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/b.csv"));
  const RunResult merge =
      run("audit merge -r " + dir + "/m.html " + dir + "/a.json " + dir + "/b.json");
  EXPECT_EQ(merge.status, 0) << merge.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/m.html"));

  const std::string db = dir + "/index";
  ASSERT_EQ(run("index add --no-check --db " + db + " " + k_cctp).status, 0);
  const RunResult search = run("search --dbs " + db + " concertation");
  EXPECT_EQ(search.status, 0) << search.err;
  EXPECT_NE(search.out.find(k_cctp), std::string::npos) << search.out;
  const RunResult listed = run("index list --dbs " + db + " --dbs " + db + " kind:CCTP");
  EXPECT_EQ(listed.status, 0) << listed.err;
  const RunResult similar = run("similar --dbs " + db + " " + k_cctp);
  EXPECT_EQ(similar.status, 0) << similar.err;
}

TEST(CommandLine, HelpAndUsageErrorsAreFrench) {
  for (const char* args :
       {"--help", "check --help", "audit --help", "index --help", "index add --help",
        "search --help", "audit merge --help", "extract --help", "rules show --help"}) {
    const RunResult r = run(args);
    EXPECT_EQ(r.status, 0) << args;
    EXPECT_NE(r.out.find("Utilisation : vigie"), std::string::npos) << args << "\n" << r.out;
    expect_no_english(r, args);
  }
  const struct {
    std::string args;
    std::string names;    // what the French line must name
    std::string command;  // the help it points to
  } k_wrong[] = {
      {"", "commande manquante", "vigie"},
      {"frobnicate", "frobnicate", "vigie"},
      {"check", "FICHIERS", "vigie check"},
      {"check --rules", "--rules", "vigie check"},
      {"check --bogus " + k_cctp, "--bogus", "vigie check"},
      {"check --format xml " + k_cctp, "--format", "vigie check"},
      {"extract -j abc " + k_cctp, "--jobs", "vigie extract"},
      {"audit --max-depth 40 " + k_cctp, "--max-depth", "vigie audit"},
      {"audit --timeout -1 " + k_cctp, "--timeout", "vigie audit"},
      {"audit", "CHEMINS", "vigie audit"},
      {"audit merge x.json", "--report", "vigie audit merge"},
      {"index", "commande manquante", "vigie index"},
      {"index add", "CHEMINS", "vigie index add"},
      {"search", "RECHERCHE", "vigie search"},
      {"search --limit x y", "--limit", "vigie search"},
      {"rules show", "IDENTIFIANT", "vigie rules show"},
      {"rules show a b", "b", "vigie rules show"},
  };
  for (const auto& w : k_wrong) {
    const RunResult r = run(w.args);
    EXPECT_EQ(r.status, 2) << w.args;
    expect_no_english(r, w.args);
    // One French line naming the option, then where to look.
    const std::string want_end = "\nVoir « " + w.command + " --help ».\n";
    ASSERT_GE(r.err.size(), want_end.size()) << w.args << "\n" << r.err;
    EXPECT_EQ(r.err.substr(r.err.size() - want_end.size()), want_end) << w.args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << w.args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("vigie : erreur : ", 0), 0u) << w.args << "\n" << r.err;
    EXPECT_NE(r.err.find(w.names), std::string::npos) << w.args << "\n" << r.err;
  }
}

TEST(CommandLine, MistypedPathExitsTwo) {
  const std::string dir = temp_dir("cli_missing_path");
  const RunResult audit = run("audit no/such/dir -r " + dir + "/out.html");
  EXPECT_EQ(audit.status, 2) << audit.err;
  EXPECT_NE(audit.err.find("no/such/dir : fichier ou dossier introuvable"), std::string::npos)
      << audit.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/out.html"));
  const RunResult merge = run("audit merge no/such.json -r " + dir + "/m.html");
  EXPECT_EQ(merge.status, 2) << merge.err;
  EXPECT_NE(merge.err.find("no/such.json : fichier ou dossier introuvable"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/m.html"));
  for (const char* cmd : {"extract", "analyze", "check --fail-on never"}) {
    const RunResult r = run(std::string(cmd) + " no/such.pdf " + k_cctp);
    EXPECT_EQ(r.status, 2) << cmd;
    EXPECT_NE(r.err.find("no/such.pdf : fichier introuvable"), std::string::npos) << r.err;
    EXPECT_FALSE(r.out.empty()) << cmd;  // the other file is still processed
  }
  const RunResult add = run("index add --no-check --db " + dir + "/index no/such " + k_cctp);
  EXPECT_EQ(add.status, 2) << add.err;
  EXPECT_NE(add.err.find("no/such : fichier ou dossier introuvable"), std::string::npos);
}

TEST(CommandLine, FailedWritesSayTheirCause) {
  const RunResult missing = run("check -o /no/such/dir/r.html --format html " + k_cctp);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/no/such/dir/r.html : impossible d'écrire le rapport (le dossier "
                             "/no/such/dir n'existe pas)"),
            std::string::npos)
      << missing.err;
  const RunResult full = run("check -o /dev/full " + k_cctp);
  EXPECT_EQ(full.status, 2);
  EXPECT_NE(full.err.find("/dev/full : impossible d'écrire le rapport (espace disque insuffisant)"),
            std::string::npos)
      << full.err;
  const RunResult out = run("check --fail-on never " + k_cctp + " >/dev/full");
  EXPECT_EQ(out.status, 2);
  EXPECT_NE(out.err.find("sortie standard : écriture impossible (espace disque insuffisant)"),
            std::string::npos)
      << out.err;
  const std::string dir = temp_dir("cli_failed_writes");
  const RunResult audit = run("audit --journal " + dir + "/j -r /no/such/dir/r.html " + k_cctp);
  EXPECT_EQ(audit.status, 2);
  EXPECT_NE(audit.err.find("/no/such/dir/r.html : impossible d'écrire le rapport (le dossier "
                           "/no/such/dir n'existe pas)"),
            std::string::npos)
      << audit.err;
}

TEST(CommandLine, CheckTextAndJsonNameTheFile) {
  const RunResult text = run("check --fail-on never " + k_cctp);
  EXPECT_EQ(text.out.rfind("Fichier : " + k_cctp + "\n", 0), 0u) << text.out;
  const RunResult json = run("check --fail-on never --format json " + k_cctp);
  EXPECT_EQ(nlohmann::json::parse(json.out)[0]["file"], k_cctp);
}

TEST(CommandLine, AuditCsvForFrenchExcel) {
  const std::string dir = temp_dir("cli_csv_excel");
  const std::string weak = k_src + "/corpus-samples/amo-concertation-cctp-faible.docx";
  ASSERT_EQ(
      run("audit -r " + dir + "/plain.csv -r " + dir + "/parts.json " + k_cctp + " " + weak).status,
      0);
  const std::string plain = read_file(dir + "/plain.csv");
  EXPECT_EQ(plain.rfind("chemin,dossier,", 0), 0u);  // RFC 4180 by default, no BOM
  const RunResult r = run("audit --csv-excel -r " + dir + "/excel.csv " + k_cctp + " " + weak);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* name : {"excel.csv", "excel-constats.csv", "excel-problemes.csv"}) {
    const std::string text = read_file(dir + "/" + name);
    ASSERT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << name;  // UTF-8 BOM
    EXPECT_EQ(text.find('\n') == std::string::npos ? 'x' : text[text.find('\n') - 1], '\r') << name;
    const auto rows = parse_csv(text.substr(3), ';');
    ASSERT_FALSE(rows.empty()) << name;
    for (const auto& row : rows) {
      EXPECT_EQ(row.size(), rows.front().size()) << name;
    }
  }
  const auto docs = parse_csv(read_file(dir + "/excel.csv").substr(3), ';');
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0][0], "chemin");
  EXPECT_EQ(docs[1][0], weak);  // in path order
  EXPECT_EQ(docs[2][0], k_cctp);
  EXPECT_EQ(parse_csv(plain, ','), docs);  // same fields, other separator
  const auto findings = parse_csv(read_file(dir + "/excel-constats.csv").substr(3), ';');
  EXPECT_GT(findings.size(), 1u);
  // audit merge writes the same.
  ASSERT_EQ(run("audit merge --csv-excel -r " + dir + "/merged.csv " + dir + "/parts.json").status,
            0);
  EXPECT_EQ(read_file(dir + "/merged.csv"), read_file(dir + "/excel.csv"));
}
