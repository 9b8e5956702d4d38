#pragma once

// What the analysis stage makes of a Document: the folded text with its offset map,
// sentences, the outline, the table of contents, the kind of document, the tender's
// metadata and whether the document concerns public participation. The rules and the
// index both read this; every position is a byte span into Document::text.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vigie/analysis/normalize.hpp"
#include "vigie/ingest/document.hpp"

namespace vigie::analysis {

// A sentence of the body text, inside one block (paragraph, heading, list item, cell).
struct Sentence {
  Span span;
  int page = 0;
  std::size_t block = 0;  // index into Document::blocks
};

// How a heading was recognised; the outline nests headings by these styles.
enum class HeadingStyle {
  titre,     // "TITRE I", "Titre 2 –"
  partie,    // "PARTIE 1", "Première partie"
  chapitre,  // "Chapitre II"
  section,   // "Section 3"
  article,   // "ARTICLE 3 – OBJET", "Article 3 :", "Art. 3."
  annexe,    // "ANNEXE 2 –"
  numbered,  // "3.2.1 Phase de diagnostic", "2. Contexte"
  roman,     // "II. Contexte", "IV – Modalités"
  letter,    // "A. Contexte", "b) Les ateliers"
  styled,    // a heading the file marks as such (style, outline level, font size)
  capitals,  // "CONTEXTE ET OBJECTIFS": an unnumbered line in capitals, alone, before body
             // text, in a document that numbers none of its headings
};

[[nodiscard]] std::string_view to_string(HeadingStyle style);

struct Section {
  int level = 1;  // 1 = top
  HeadingStyle style = HeadingStyle::styled;
  std::string number;  // as written: "3", "3.2.1", "II", "B"; empty when unnumbered
  std::string title;   // the heading's title without its number ("OBJET DU MARCHÉ")
  Span heading;        // the heading line in Document::text
  Span span;           // from the heading to the next heading at the same or a higher level
  int page = 0;
  std::size_t block = 0;
  int parent = -1;  // index of the enclosing section, -1 at the top
};

// A line of a table of contents: recognised as such, never taken for the outline.
struct TocEntry {
  std::string title;
  std::string page_label;  // the page number the entry points to, as printed
  Span span;
  int page = 0;
};

enum class DocumentKind { avis, rc, ccap, cctp, ccp, ae, bpu, dqe, dpgf, other };

[[nodiscard]] std::string_view to_string(DocumentKind kind);    // "AVIS", "RC", … "OTHER"
[[nodiscard]] std::string_view french_name(DocumentKind kind);  // "règlement de la consultation"
[[nodiscard]] std::optional<DocumentKind> parse_kind(std::string_view code);  // case-insensitive

// A piece of text that counted towards a decision, with where it was found.
struct Cue {
  std::string text;    // the words as they appear in the document (or the file name)
  std::string reason;  // French: why it counts ("titre de la page 1 : CCTP")
  Span span;           // empty span when the cue is not in the body text (file name)
  int page = 0;
  double weight = 0;
};

struct KindGuess {
  DocumentKind kind = DocumentKind::other;
  double confidence = 0;  // 0..1
  // When the document merges the administrative and technical clauses (a CCP, or a
  // "CCAP valant CCTP"), or holds a price schedule after the clauses.
  bool merged = false;
  std::vector<Cue> cues;  // the cues that decided, strongest first
};

// One value read from the text, with the span it came from.
struct Field {
  std::string value;  // normalised value (ISO date, amount in euros, …)
  std::string text;   // the words of the document it was read from
  Span span;
  int page = 0;
};

struct Lot {
  std::string number;
  std::string title;
  Span span;
  int page = 0;
};

// Where the tender's year was read.
enum class YearSource { none, deadline, document_date, reference, execution_start };

// "deadline", "document_date", "reference", "execution_start"; "" for none.
[[nodiscard]] std::string_view to_string(YearSource source);

struct TenderMetadata {
  std::optional<Field> buyer;
  std::optional<Field> object;
  std::optional<Field> procedure;  // "procédure adaptée", "appel d'offres ouvert", …
  std::vector<Field>
      contract_forms;  // "accord-cadre à bons de commande", "tranches optionnelles", …
  std::optional<Field> reference;
  std::optional<Field> deadline;  // value: "2026-03-30T17:00" or "2026-03-30"
  std::optional<Field> amount;    // value: "150000.00 EUR HT"
  std::optional<Field> duration;  // value: "18 mois"
  std::vector<Lot> lots;
  bool single_lot = false;  // the text says the contract is not divided into lots
  std::vector<Field> cpv;   // value: "79311000-7", or "79311000" when written without check digit
  std::optional<Field> commune;
  std::optional<Field> quartier;
  std::optional<Field> departement;  // value: "13 Bouches-du-Rhône"
  // The tender's year and where it was read: the offers' deadline, else a date the
  // document is dated by (edition, version, publication, signature, authorising
  // deliberation, a running header's month), else a four-digit year of the reference, else
  // the date execution starts. Never the file's own dates (properties). Empty when none is
  // known.
  std::optional<int> year_read;
  YearSource year_source = YearSource::none;
  [[nodiscard]] std::optional<int> year() const;  // year_read, else the deadline's year
};

// Whether one section of the outline concerns public participation, and why.
struct SectionRelevance {
  std::size_t section = 0;  // index into AnalyzedDocument::sections
  // The section concerns public participation: its heading names it ("Phase 2 :
  // concertation avec les usagers", "Information et participation des habitants") or its
  // own text holds participation cues.
  bool relevant = false;
  // The contractor leads participation in it (designs or runs workshops, a concertation,
  // public meetings, walks, surveys), not only informs residents, holds site visits or
  // attends meetings. Implies `relevant`.
  bool mission = false;
  std::string reason;  // French: why ("titre : « concertation » ; « anime quatre ateliers »")
  std::vector<Cue> cues;
};

// How far the participation-mission criteria reach.
enum class MissionScope {
  none,      // the document is no participation mission
  whole,     // the document is a mission as a whole (title page, object, clauses throughout)
  sections,  // only some sections describe a mission (a concertation phase of a study)
};

[[nodiscard]] std::string_view to_string(MissionScope scope);  // "none", "whole", "sections"

// Whether the document concerns public participation, and why.
struct Relevance {
  bool relevant = false;
  // The document describes a participation mission itself (its object or its clauses
  // organise the participation, or one of its sections is a participation phase led by
  // the contractor), not only a project subject to concertation (a works contract in an
  // urban-renewal area). Implies `relevant`.
  bool mission = false;
  MissionScope scope = MissionScope::none;
  std::string summary;         // one French sentence
  std::vector<Cue> reasons;    // participation mission or project subject to concertation
  std::vector<Cue> set_aside;  // look-alikes and negated mentions not counted, each with why
  // The sections that concern participation, in document order (relevant ones only).
  std::vector<SectionRelevance> sections;
  // scope == sections: the outermost mission sections' spans, in document order; the
  // mission criteria are judged against this text only.
  std::vector<Span> scope_spans;
  // French, when scope == sections: which sections were judged and why the others were
  // not ("Sections examinées : Article 4 – … ; les autres sections ne concernent pas …").
  std::string scope_note;
};

struct AnalyzedDocument {
  ingest::Document document;
  FoldedText folded;
  std::vector<Sentence> sentences;
  std::vector<Section> sections;
  std::vector<TocEntry> toc;
  KindGuess kind;
  TenderMetadata tender;
  Relevance participation;

  // Page and line (1-based, counted within the page's body text) of a source offset.
  struct Location {
    int page = 0;
    int line = 0;
  };
  [[nodiscard]] Location locate(std::size_t offset) const;
  // The innermost section holding `offset`, or nullptr.
  [[nodiscard]] const Section* section_at(std::size_t offset) const;
  // The sentence holding `offset`, or nullptr.
  [[nodiscard]] const Sentence* sentence_at(std::size_t offset) const;
  [[nodiscard]] std::string_view text_of(Span span) const { return document.text_of(span); }
};

struct AnalyzeOptions {
  // Bytes of folded text, from the start, searched for tender metadata (title pages and
  // the first articles hold it); CPV codes are searched everywhere.
  std::size_t metadata_window = 96 * 1024;
};

// Analyses a document. Never fails: a document with no text gives an empty analysis with
// kind "other" and no relevance. Safe to call from several threads at once.
[[nodiscard]] AnalyzedDocument analyze(ingest::Document document,
                                       const AnalyzeOptions& options = {});

}  // namespace vigie::analysis
