#include "corpus.hpp"

#include <array>
#include <random>
#include <vector>

namespace vigie::docgen {
namespace {

template <std::size_t N>
const char* pick(std::mt19937_64& rng, const std::array<const char*, N>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

bool chance(std::mt19937_64& rng, double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng) < p;
}

const std::array<const char*, 8> k_buyers = {"Ville de Marseille",
                                             "Métropole Aix-Marseille-Provence",
                                             "Commune de Vallon-des-Aires",
                                             "Département des Bouches-du-Rhône",
                                             "Région Sud",
                                             "Ville d'Aubagne",
                                             "Établissement public d'aménagement Euroméditerranée",
                                             "Commune de Sainte-Lune"};
const std::array<const char*, 6> k_places = {"Noailles",      "Belsunce",      "la Belle de Mai",
                                             "les Aygalades", "Saint-Mauront", "la Joliette"};
const std::array<const char*, 6> k_supplies = {
    "fourniture de mobilier de bureau",    "maintenance des ascenseurs", "nettoyage des locaux",
    "fourniture de matériel informatique", "travaux de voirie",          "gardiennage des sites"};
const std::array<const char*, 12> k_sentences = {
    "Le titulaire exécute les prestations conformément aux règles de l'art et aux normes en "
    "vigueur.",
    "Les prestations sont réglées par application des prix unitaires du bordereau des prix.",
    "Le délai d'exécution court à compter de la notification du bon de commande.",
    "Le titulaire désigne un interlocuteur unique chargé du suivi de l'exécution du marché.",
    "Les pénalités de retard sont calculées conformément à l'article 14 du CCAG applicable.",
    "Toute modification des prestations fait l'objet d'un avenant ou d'une décision de poursuivre.",
    "Le titulaire remet un compte rendu d'intervention après chaque prestation.",
    "Les documents produits deviennent la propriété du pouvoir adjudicateur dès leur réception.",
    "Le titulaire respecte les obligations sociales et fiscales prévues par le code du travail.",
    "La réception des prestations est prononcée après vérification de leur conformité.",
    "Les variations de prix sont appréciées selon l'index de référence publié au Moniteur.",
    "Le titulaire s'engage à respecter la confidentialité des informations dont il a "
    "connaissance."};
const std::array<const char*, 12> k_clauses = {
    "La concertation a pour objectifs de partager le diagnostic et d'alimenter le programme.",
    "Le niveau de participation recherché est celui de la co-construction.",
    "Les invariants du projet et les marges de manœuvre ouvertes au débat sont présentés au "
    "public.",
    "La démarche vise les habitants, les usagers, les associations et les publics éloignés.",
    "Un budget dédié de 60 000 euros HT et 70 jours d'intervention sont consacrés à la "
    "concertation.",
    "Le calendrier de la concertation est articulé avec les étapes de décision du conseil "
    "municipal.",
    "Un compte rendu de chaque rencontre est publié et une réunion de restitution est organisée.",
    "Chaque contribution recevra une réponse motivée indiquant si elle est retenue ou écartée.",
    "Le titulaire propose des indicateurs d'évaluation de la démarche et de ses effets.",
    "Le titulaire informe par écrit le maître d'ouvrage de toute circonstance compromettant la "
    "sincérité de la démarche.",
    "Les rencontres se tiennent dans des lieux accessibles, avec des supports en FALC.",
    "Un comité de pilotage associant le conseil citoyen valide chaque phase de la démarche."};
const std::array<const char*, 6> k_presuppositions = {
    "Le projet fait consensus au sein de la population.",
    "Les habitants sont favorables à la transformation du site.",
    "Il est évident que l'aménagement actuel ne répond plus aux besoins.",
    "La majorité des riverains demande davantage de stationnement.",
    "Les habitants ont déjà été consultés sur ce projet.",
    "Il est indispensable de réaliser les travaux avant l'été."};

}  // namespace

Source generate_document(const CorpusOptions& options, std::uint64_t index) {
  std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ULL + index);
  Source src;
  const bool participation = chance(rng, options.participation_share);
  const std::array<const char*, 4> kinds = {"RC", "CCAP", "CCTP", "AE"};
  const std::string kind = participation ? "CCTP" : pick(rng, kinds);
  const std::string buyer = pick(rng, k_buyers);
  const std::string place = pick(rng, k_places);
  const std::string subject =
      participation
          ? "mission d'assistance à maîtrise d'ouvrage pour la concertation du public, quartier " +
                place
          : std::string(pick(rng, k_supplies));
  const int year = 2015 + static_cast<int>(index % 11);
  const std::string ref = std::to_string(year) + "-" + std::to_string(100 + index % 900);
  src.path = "generated-" + std::to_string(index);
  src.meta["title"] = kind + " – " + subject;
  src.meta["author"] = buyer;
  src.meta["created"] = std::to_string(year) + "-03-15T09:00:00";
  src.meta["header"] = buyer + "|Marché n° " + ref;
  src.meta["footer"] = kind + " – " + subject.substr(0, 40) + "|Page {page} sur {pages}";
  src.blocks.push_back({BlockType::title, 0, kind + " – " + subject, {}});
  src.blocks.push_back({BlockType::paragraph,
                        0,
                        "Acheteur : " + buyer +
                            ". Procédure adaptée en application de l'article R2123-1 du Code de la "
                            "commande publique.",
                        {}});
  // About 3 articles per page of ~12 sentences each.
  const int pages = std::uniform_int_distribution<int>(options.min_pages, options.max_pages)(rng);
  const int articles = std::max(2, pages * 3);
  for (int a = 1; a <= articles; ++a) {
    src.blocks.push_back(
        {BlockType::heading,
         1,
         "ARTICLE " + std::to_string(a) + " – " +
             (a == 1 ? std::string("OBJET DU MARCHÉ") : "DISPOSITIONS " + std::to_string(a)),
         {}});
    std::string para;
    const int sentences = std::uniform_int_distribution<int>(3, 7)(rng);
    for (int s = 0; s < sentences; ++s) {
      para += std::string(pick(rng, k_sentences)) + " ";
    }
    if (participation && a <= static_cast<int>(k_clauses.size()) + 1 && a > 1 &&
        chance(rng, options.clause_presence)) {
      para += k_clauses[static_cast<std::size_t>(a - 2)];
    }
    if (participation && chance(rng, 0.05)) {
      para += std::string(" ") + pick(rng, k_presuppositions);
    }
    src.blocks.push_back({BlockType::paragraph, 0, para, {}});
    if (chance(rng, 0.1)) {
      src.blocks.push_back(
          {BlockType::table_row, 0, {}, {"Poste", "Quantité", "Prix unitaire HT"}});
      for (int r = 0; r < 3; ++r) {
        src.blocks.push_back({BlockType::table_row,
                              0,
                              {},
                              {"Prestation " + std::to_string(r + 1), std::to_string(5 + r * 3),
                               std::to_string(120 + r * 35) + ",00 €"}});
      }
    }
    if (chance(rng, 0.02)) {
      src.blocks.push_back({BlockType::columns, 2, {}, {}});
    } else if (chance(rng, 0.05)) {
      src.blocks.push_back({BlockType::columns, 1, {}, {}});
    }
  }
  return src;
}

}  // namespace vigie::docgen
