// Writing the index: page documents and file records (docs/search.md).

#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "errors.hpp"
#include "records.hpp"
#include "terms.hpp"
#include "vigie/analysis/normalize.hpp"
#include "vigie/index/index.hpp"

namespace vigie::index {

using namespace detail;

namespace {

constexpr const char* k_pid_file = "vigie-writer.pid";

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The part of the folded text that comes from source span [begin, end).
std::string_view folded_slice(const analysis::AnalyzedDocument& a, ingest::Span span) {
  const std::size_t b = a.folded.folded_offset(span.begin);
  const std::size_t e = a.folded.folded_offset(span.end);
  return std::string_view(a.folded.text).substr(b, e > b ? e - b : 0);
}

void add_filters(Xapian::Document& doc, const analysis::AnalyzedDocument& a,
                 const IndexInput& input) {
  const auto& t = a.tender;
  doc.add_boolean_term(exact_term(k_kind, analysis::to_string(a.kind.kind)));
  doc.add_value(k_slot_kind, std::string(analysis::to_string(a.kind.kind)));
  if (const auto year = t.year()) {
    doc.add_boolean_term(std::string(k_year) + std::to_string(*year));
    doc.add_value(k_slot_year, Xapian::sortable_serialise(*year));
    doc.add_value(k_slot_year_text, std::to_string(*year));
  }
  if (t.buyer) {
    for (const auto& term : field_terms(k_buyer, t.buyer->value)) {
      doc.add_boolean_term(term);
    }
    doc.add_value(k_slot_buyer, t.buyer->value);
  }
  for (const auto* place : {&t.commune, &t.quartier, &t.departement}) {
    if (*place) {
      for (const auto& term : field_terms(k_place, (*place)->value)) {
        doc.add_boolean_term(term);
      }
    }
  }
  if (t.procedure) {
    for (const auto& term : field_terms(k_procedure, t.procedure->value)) {
      doc.add_boolean_term(term);
    }
  }
  if (t.amount) {
    doc.add_value(k_slot_amount, Xapian::sortable_serialise(std::stod(t.amount->value)));
  }
  if (t.deadline) {
    doc.add_value(k_slot_deadline, t.deadline->value);
  }
  for (const auto& tag : input.tags) {
    if (tag.rfind("missing:", 0) == 0) {
      doc.add_boolean_term(exact_term(k_missing, tag.substr(8)));
    } else if (tag.rfind("flagged:", 0) == 0) {
      doc.add_boolean_term(exact_term(k_flagged, tag.substr(8)));
    }
  }
}

// What indexing one file writes: its file record and the documents of its pages.
struct Entry {
  std::string path;
  std::string content_id;
  Xapian::Document record;
  std::vector<Xapian::Document> pages;
};

}  // namespace

struct Writer::Impl {
  Xapian::WritableDatabase db;
  std::string dir;
  // Set by the first change that failed: the transaction was cancelled, nothing more is
  // written.
  std::optional<Error> failed;

  // Runs the change `f` inside the open transaction; on failure, cancels the transaction (the
  // database keeps its last committed revision) and remembers the error.
  template <typename F>
  auto change(F&& f) -> decltype(f()) {
    if (failed) {
      return *failed;
    }
    try {
      return f();
    } catch (...) {
      failed = from_current_exception(dir);
    }
    try {
      db.cancel_transaction();
    } catch (...) {  // NOLINT(bugprone-empty-catch): not in a transaction any more
    }
    return *failed;
  }

  std::optional<Xapian::docid> record_id(const std::string& path) const {
    const std::string key = path_key(path);
    for (auto it = db.postlist_begin(key); it != db.postlist_end(key); ++it) {
      const auto doc = db.get_document(*it);
      if (decode_file(doc.get_data()).path == path) {
        return *it;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> with_content(const std::string& sha256) const {
    const std::string content_id = sha256.substr(0, 16);
    const std::string term = std::string(k_file_content) + content_id;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      const auto r = decode_file(db.get_document(*it).get_data());
      if (r.sha256 == sha256) {
        return r.path;
      }
    }
    return std::nullopt;
  }

  bool content_used(const std::string& content_id) const {
    return db.get_termfreq(std::string(k_file_content) + content_id) > 0;
  }

  // Writes a file's entry under its path, replacing what the path held before; its pages only
  // when no other path holds the same content.
  void write(Entry&& e);
  // Forgets a path; its pages go when no other path holds the same content.
  bool remove(const std::string& path);

  void remove_content(const std::string& content_id) {
    db.delete_document(std::string(k_content) + content_id);
  }
};

Writer::Writer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Writer::Writer(Writer&&) noexcept = default;
Writer& Writer::operator=(Writer&&) noexcept = default;

Writer::~Writer() {
  if (m_impl) {
    try {
      if (!m_impl->failed) {
        m_impl->db.commit_transaction();
      }
    } catch (...) {  // NOLINT(bugprone-empty-catch): the last commit stands
    }
    try {
      m_impl->db.close();  // drops a transaction still open
    } catch (...) {        // NOLINT(bugprone-empty-catch): nothing more can be done here
    }
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(m_impl->dir) / k_pid_file, ec);
  }
}

Result<Writer> Writer::open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error{ErrorCode::io, "impossible de créer l'index " + dir + " : " + ec.message()};
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  try {
    impl->db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN);
    // Every change happens in a transaction that commit() ends, so that a failed change can
    // be dropped without committing half of it.
    impl->db.begin_transaction(true);
  } catch (const Xapian::DatabaseLockError&) {
    std::string pid;
    std::ifstream(std::filesystem::path(dir) / k_pid_file) >> pid;
    return Error{ErrorCode::locked,
                 "l'index " + dir + " est en cours de mise à jour par " +
                     (pid.empty() ? std::string("un autre processus") : "le processus " + pid) +
                     " : réessayez quand il aura fini"};
  } catch (...) {
    return from_current_exception(dir);
  }
  std::ofstream(std::filesystem::path(dir) / k_pid_file) << ::getpid() << '\n';
  return Writer(std::move(impl));
}

Result<std::optional<FileRecord>> Writer::find(const std::string& path) const {
  return guarded(m_impl->dir, [&]() -> Result<std::optional<FileRecord>> {
    if (const auto id = m_impl->record_id(path)) {
      return std::optional<FileRecord>(decode_file(m_impl->db.get_document(*id).get_data()));
    }
    return std::optional<FileRecord>();
  });
}

Result<std::vector<FileRecord>> Writer::records() const {
  return guarded(m_impl->dir, [&]() -> Result<std::vector<FileRecord>> {
    std::vector<FileRecord> out;
    const std::string type(k_type_file);
    for (auto it = m_impl->db.postlist_begin(type); it != m_impl->db.postlist_end(type); ++it) {
      out.push_back(decode_file(m_impl->db.get_document(*it).get_data()));
    }
    return out;
  });
}

Result<std::optional<std::string>> Writer::path_with_content(const std::string& sha256) const {
  return guarded(m_impl->dir, [&]() -> Result<std::optional<std::string>> {
    return m_impl->with_content(sha256);
  });
}

Result<std::vector<std::string>> Writer::paths_under(const std::string& dir) const {
  return guarded(m_impl->dir, [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    std::string prefix = dir;
    if (!prefix.empty() && prefix.back() != '/') {
      prefix += '/';
    }
    const std::string type(k_type_file);
    for (auto it = m_impl->db.postlist_begin(type); it != m_impl->db.postlist_end(type); ++it) {
      const auto r = decode_file(m_impl->db.get_document(*it).get_data());
      if (r.path.rfind(prefix, 0) == 0) {
        out.push_back(r.path);
      }
    }
    return out;
  });
}

namespace {

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
}

void put_bytes(std::string& out, std::string_view s) {
  put_u64(out, s.size());
  out.append(s);
}

// Reads the pieces written by put_bytes; false when the input is cut short.
bool take_bytes(std::string_view& in, std::string_view& piece) {
  if (in.size() < 8) {
    return false;
  }
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) {
    n |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[static_cast<std::size_t>(i)]))
         << (8 * i);
  }
  in.remove_prefix(8);
  if (n > in.size()) {
    return false;
  }
  piece = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

constexpr std::string_view k_prepared_magic = "vigie-prepared/1";

Entry build_entry(const IndexInput& input) {
  const auto& a = *input.document;
  const std::string& path = a.document.source.path;
  const std::string content_id = a.document.id;
  Xapian::TermGenerator gen;
  gen.set_stemmer(french_stemmer());
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  gen.set_stopper(&french_stopper());
  // Section headings, by the page they start on: their words weigh more.
  std::map<int, std::vector<const analysis::Section*>> headings;
  for (const auto& s : a.sections) {
    headings[s.page].push_back(&s);
  }
  std::vector<Xapian::Document> pages;
  for (const auto& page : a.document.pages) {
    if (!page.has_text) {
      continue;
    }
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(prepare(folded_slice(a, page.span)));
    gen.increase_termpos(100);
    for (const auto* s : headings[page.number]) {
      gen.index_text(prepare(folded_slice(a, s->heading)), 3);
      gen.increase_termpos(10);
    }
    if (page.number == 1) {
      for (const auto* field : {&a.tender.object, &a.tender.buyer}) {
        if (*field) {
          gen.index_text(fold_and_prepare((*field)->value), 2);
          gen.increase_termpos(10);
        }
      }
      gen.index_text(fold_and_prepare(a.document.metadata.title), 2);
    }
    add_filters(doc, a, input);
    doc.add_boolean_term(std::string(k_type_page));
    doc.add_boolean_term(std::string(k_content) + content_id);
    doc.add_boolean_term(std::string(k_page_id) + content_id + "/" + std::to_string(page.number));
    doc.add_value(k_slot_content, content_id);
    doc.add_value(k_slot_page, std::to_string(page.number));
    doc.set_data(
        encode(PageData{content_id, page.number, std::string(a.document.text_of(page.span))}));
    pages.push_back(std::move(doc));
  }
  FileRecord r;
  r.path = path;
  r.size = input.size;
  r.mtime = input.mtime;
  r.sha256 = a.document.source.sha256;
  r.content_id = content_id;
  r.pages = static_cast<int>(pages.size());
  r.kind = std::string(analysis::to_string(a.kind.kind));
  r.title = !a.document.metadata.title.empty() ? a.document.metadata.title
            : a.tender.object                  ? a.tender.object->value
                                               : std::string();
  r.buyer = a.tender.buyer ? a.tender.buyer->value : std::string();
  r.year = a.tender.year().value_or(0);
  Xapian::Document rec;
  rec.add_boolean_term(std::string(k_type_file));
  rec.add_boolean_term(path_key(path));
  rec.add_boolean_term(std::string(k_file_content) + content_id);
  add_filters(rec, a, input);
  rec.set_data(encode(r));
  return Entry{path, content_id, std::move(rec), std::move(pages)};
}

}  // namespace

// Prepared bytes: magic, path, content id, the file record document, then one serialised
// Xapian document per page.
Result<std::string> prepare_document(const IndexInput& input) {
  const std::string where = input.document != nullptr ? input.document->document.source.path : "";
  return guarded("(document " + where + ")", [&]() -> Result<std::string> {
    const Entry e = build_entry(input);
    std::string out;
    put_bytes(out, k_prepared_magic);
    put_bytes(out, e.path);
    put_bytes(out, e.content_id);
    put_bytes(out, e.record.serialise());
    for (const auto& p : e.pages) {
      put_bytes(out, p.serialise());
    }
    return out;
  });
}

void Writer::Impl::write(Entry&& e) {
  remove(e.path);
  int count = 0;
  if (!content_used(e.content_id)) {
    remove_content(e.content_id);  // pages left by an interrupted run
    for (const auto& doc : e.pages) {
      db.replace_document(std::string(k_page_id) + e.content_id + "/" + doc.get_value(k_slot_page),
                          doc);
      // Spelling suggestions come from the words as written (unprefixed, unstemmed terms).
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (!term.empty() && static_cast<unsigned char>(term[0]) >= 'a') {
          db.add_spelling(term, t.get_wdf());
        }
      }
      ++count;
    }
  } else {
    count = static_cast<int>(db.get_termfreq(std::string(k_content) + e.content_id));
  }
  FileRecord r = decode_file(e.record.get_data());
  r.pages = count;
  r.indexed_at = now();
  e.record.set_data(encode(r));
  db.add_document(e.record);
}

Status Writer::add(const IndexInput& input) {
  auto entry = guarded(m_impl->dir, [&]() -> Result<Entry> { return build_entry(input); });
  if (!entry.ok()) {
    return entry.error();
  }
  return m_impl->change([&]() -> Status {
    m_impl->write(std::move(entry.value()));
    return Done{};
  });
}

Result<bool> Writer::add_prepared(std::string_view prepared) {
  // Read first (a bad input is no failure of the database), then written.
  auto entry = guarded(m_impl->dir, [&]() -> Result<std::optional<Entry>> {
    std::string_view magic;
    std::string_view path;
    std::string_view content;
    std::string_view record;
    if (!take_bytes(prepared, magic) || magic != k_prepared_magic || !take_bytes(prepared, path) ||
        !take_bytes(prepared, content) || !take_bytes(prepared, record)) {
      return std::optional<Entry>();
    }
    Entry e{std::string(path),
            std::string(content),
            Xapian::Document::unserialise(std::string(record)),
            {}};
    for (std::string_view page; !prepared.empty();) {
      if (!take_bytes(prepared, page)) {
        return std::optional<Entry>();
      }
      e.pages.push_back(Xapian::Document::unserialise(std::string(page)));
    }
    return std::optional<Entry>(std::move(e));
  });
  if (!entry.ok()) {
    return entry.error();
  }
  if (!entry.value()) {
    return false;
  }
  return m_impl->change([&]() -> Result<bool> {
    m_impl->write(std::move(*entry.value()));
    return true;
  });
}

Status Writer::add_same_content(const std::string& path, std::uint64_t size, std::int64_t mtime,
                                const std::string& sha256) {
  return m_impl->change([&]() -> Status {
    auto& db = m_impl->db;
    const auto other = m_impl->with_content(sha256);
    if (!other) {
      return Done{};
    }
    const auto id = m_impl->record_id(*other);
    if (!id) {
      return Done{};
    }
    Xapian::Document rec = db.get_document(*id);
    FileRecord r = decode_file(rec.get_data());
    m_impl->remove(path);
    r.path = path;
    r.size = size;
    r.mtime = mtime;
    r.indexed_at = now();
    Xapian::Document copy;
    for (auto t = rec.termlist_begin(); t != rec.termlist_end(); ++t) {
      if ((*t).rfind(std::string(k_path), 0) != 0) {
        copy.add_boolean_term(*t);
      }
    }
    for (auto v = rec.values_begin(); v != rec.values_end(); ++v) {
      copy.add_value(v.get_valueno(), *v);
    }
    copy.add_boolean_term(path_key(path));
    copy.set_data(encode(r));
    db.add_document(copy);
    return Done{};
  });
}

Status Writer::touch(const std::string& path, std::int64_t mtime) {
  return m_impl->change([&]() -> Status {
    const auto id = m_impl->record_id(path);
    if (!id) {
      return Done{};
    }
    Xapian::Document rec = m_impl->db.get_document(*id);
    FileRecord r = decode_file(rec.get_data());
    r.mtime = mtime;
    rec.set_data(encode(r));
    m_impl->db.replace_document(*id, rec);
    return Done{};
  });
}

bool Writer::Impl::remove(const std::string& path) {
  const auto id = record_id(path);
  if (!id) {
    return false;
  }
  const auto r = decode_file(db.get_document(*id).get_data());
  db.delete_document(*id);
  if (!content_used(r.content_id)) {
    remove_content(r.content_id);
  }
  return true;
}

Result<bool> Writer::remove(const std::string& path) {
  return m_impl->change([&]() -> Result<bool> { return m_impl->remove(path); });
}

Status Writer::commit() {
  return m_impl->change([&]() -> Status {
    m_impl->db.set_metadata("last_update", std::to_string(now()));
    m_impl->db.commit_transaction();
    m_impl->db.begin_transaction(true);
    return Done{};
  });
}

std::string default_location(const char* xdg_data_home, const char* home) {
  if (xdg_data_home != nullptr && *xdg_data_home != '\0') {
    return std::string(xdg_data_home) + "/vigie/index";
  }
  if (home != nullptr && *home != '\0') {
    return std::string(home) + "/.local/share/vigie/index";
  }
  return ".vigie-index";
}

}  // namespace vigie::index
