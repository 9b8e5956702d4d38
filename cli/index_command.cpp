#include "index_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <set>

#include "file_batch.hpp"
#include "rules_loading.hpp"
#include "terminal.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/base/file.hpp"
#include "vigie/index/index.hpp"
#include "vigie/ingest/archive.hpp"
#include "vigie/ingest/extract.hpp"
#include "vigie/ingest/tree.hpp"
#include "vigie/pipeline/pipeline.hpp"
#include "worker_pool.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::string db_location(const std::string& given) {
  if (!given.empty()) {
    return given;
  }
  if (const char* env = std::getenv("VIGIE_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  return index::default_location(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
}

namespace {

enum class Outcome { added, updated, unchanged, same_content, failed, ignored };

}  // namespace

std::string absolute(const std::string& p) {
  std::error_code ec;
  auto a = fs::absolute(p, ec).lexically_normal();
  std::string s = a.string();
  if (s.size() > 1 && s.back() == '/') {
    s.pop_back();
  }
  return s;
}

namespace {

std::string duration_fr(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// Progress on a terminal: share of the input bytes handed to the workers, files done.
class Progress {
 public:
  explicit Progress(std::uint64_t total_bytes)
      : m_total(total_bytes), m_on(::isatty(STDERR_FILENO) == 1) {}
  void step(std::uint64_t bytes_done, std::size_t files, bool last = false) {
    if (!m_on) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - m_last < std::chrono::milliseconds(200)) {
      return;
    }
    m_last = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double fraction =
        m_total > 0 ? std::min(1.0, static_cast<double>(bytes_done) / static_cast<double>(m_total))
                    : 1.0;
    const double rate = elapsed > 0 ? static_cast<double>(files) / elapsed : 0;
    const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0;
    constexpr int k_width = 24;
    std::string bar(static_cast<std::size_t>(fraction * k_width), '#');
    bar.resize(k_width, '.');
    std::fprintf(stderr, "\r[%s] %3d %% · %zu fichiers, %.1f/s, reste %s ", bar.c_str(),
                 static_cast<int>(fraction * 100), files, rate, duration_fr(eta).c_str());
    if (last) {
      std::fprintf(stderr, "\n");
    }
    std::fflush(stderr);
  }
  void interrupt_line() const {
    if (m_on) {
      std::fprintf(stderr, "\r\033[K");
    }
  }

 private:
  std::uint64_t m_total;
  bool m_on;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
};

extern "C" void on_add_signal(int /*signal*/) { WorkerPool::request_interrupt(); }

// Ctrl-C and SIGTERM ask the run to stop cleanly from its very start (loading the rules,
// opening the database), not only once files are being read; the defaults come back after.
struct InterruptHandlers {
  InterruptHandlers() {
    std::signal(SIGINT, on_add_signal);
    std::signal(SIGTERM, on_add_signal);
  }
  ~InterruptHandlers() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;
};

// The formats `index add` indexes: documents, and plain text only when asked.
bool indexed_format(ingest::SniffedType type, bool with_text) {
  return type == ingest::SniffedType::pdf || type == ingest::SniffedType::docx ||
         type == ingest::SniffedType::odt || (with_text && type == ingest::SniffedType::text);
}

// A worker's answer: a header line "OUTCOME\tSHA256\tDETAIL", then for `added` the prepared
// index documents (index::prepare_document).
struct AddAnswer {
  Outcome outcome = Outcome::failed;
  std::string sha256;
  std::string detail;  // failure cause, ignored format, or the path holding the same bytes
  std::string_view prepared;
};

std::string add_answer(Outcome outcome, const std::string& sha256, std::string detail,
                       const std::string& prepared = {}) {
  std::replace(detail.begin(), detail.end(), '\n', ' ');
  std::replace(detail.begin(), detail.end(), '\t', ' ');
  return std::to_string(static_cast<int>(outcome)) + "\t" + sha256 + "\t" + detail + "\n" +
         prepared;
}

std::optional<AddAnswer> parse_add_answer(std::string_view answer) {
  const auto eol = answer.find('\n');
  if (eol == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view header = answer.substr(0, eol);
  const auto t1 = header.find('\t');
  const auto t2 = t1 == std::string_view::npos ? t1 : header.find('\t', t1 + 1);
  if (t2 == std::string_view::npos) {
    return std::nullopt;
  }
  const int code = std::atoi(std::string(header.substr(0, t1)).c_str());
  if (code < 0 || code > static_cast<int>(Outcome::ignored)) {
    return std::nullopt;
  }
  AddAnswer a;
  a.outcome = static_cast<Outcome>(code);
  a.sha256 = std::string(header.substr(t1 + 1, t2 - t1 - 1));
  a.detail = std::string(header.substr(t2 + 1));
  a.prepared = answer.substr(eol + 1);
  return a;
}

// What the index already holds, by path and by content (a snapshot the workers share).
struct Known {
  std::map<std::string, index::FileRecord> by_path;
  std::map<std::string, std::string> by_content;  // sha256 → path
};

// Runs in a worker process: reads one file (or archive member), decides what the index must
// do with it, and prepares its index documents.
std::string add_work(const Job& job, const Known& known, const rules::Engine* engine,
                     bool with_text) {
  std::string owned;
  std::string_view bytes = job.bytes;
  if (!job.file.empty()) {
    auto read = base::read_file(job.file);
    if (!read.ok()) {
      return add_answer(Outcome::failed, "", "lecture impossible");
    }
    owned = std::move(read.value());
    bytes = owned;
  }
  const std::string sha256 = ingest::sha256_hex(bytes);
  if (const auto k = known.by_path.find(job.path);
      k != known.by_path.end() && k->second.sha256 == sha256) {
    return add_answer(Outcome::unchanged, sha256, "");  // touched, same bytes
  }
  if (const auto other = known.by_content.find(sha256);
      other != known.by_content.end() && other->second != job.path) {
    return add_answer(Outcome::same_content, sha256, other->second);
  }
  const auto type = ingest::sniff(bytes);
  if (!indexed_format(type, with_text)) {
    return add_answer(Outcome::ignored, sha256, std::string(ingest::to_string(type)));
  }
  auto doc = ingest::extract_bytes(bytes, job.path, job.mtime);
  if (!doc.ok()) {
    if (doc.error().code == ingest::ErrorCode::out_of_memory) {
      throw std::bad_alloc();  // the worker pool reports it with the memory limit
    }
    return add_answer(Outcome::failed, sha256, doc.error().detail);
  }
  owned.clear();  // the file's bytes are not needed past extraction
  owned.shrink_to_fit();
  // Analysed and (unless --no-check) checked: the entry carries the verdict tags.
  const auto prepared = [&]() -> pipeline::Result<index::Result<std::string>> {
    if (engine == nullptr) {
      auto analysed = pipeline::analyze_document(std::move(doc).value());
      if (!analysed.ok()) {
        return analysed.error();
      }
      return pipeline::prepare_index_entry(analysed.value(), job.mtime);
    }
    auto checked = pipeline::check_document(std::move(doc).value(), *engine);
    if (!checked.ok()) {
      return checked.error();
    }
    return pipeline::prepare_index_entry(checked.value(), *engine, job.mtime);
  }();
  if (!prepared.ok()) {
    if (prepared.error().code == pipeline::ErrorCode::out_of_memory) {
      throw std::bad_alloc();  // the pool reports it with the --max-memory limit
    }
    return add_answer(Outcome::failed, sha256, prepared.error().file.detail);
  }
  if (!prepared.value().ok()) {
    return add_answer(Outcome::failed, sha256, prepared.value().error().message);
  }
  const Outcome outcome = known.by_path.count(job.path) > 0 ? Outcome::updated : Outcome::added;
  return add_answer(outcome, sha256, "", prepared.value().value());
}

std::string ignored_label(const std::string& format) {
  if (format == "text") {
    return "texte brut (option --text pour l'indexer)";
  }
  if (format == "xlsx") {
    return "classeur Excel";
  }
  if (format == "other-office") {
    return "document bureautique non pris en charge";
  }
  if (format == "empty") {
    return "fichier vide";
  }
  return "format non pris en charge (" + format + ")";
}

int run_add(const IndexConfig& config) {
  const InterruptHandlers handlers;
  const std::string db = db_location(config.db);
  std::optional<rules::Engine> engine;
  if (!config.no_check) {
    engine = load_engine({});
    if (!engine) {
      return k_exit_error;
    }
  }
  auto opened = index::Writer::open(db);
  if (!opened.ok()) {
    print_error(opened.error().message);
    return k_exit_error;
  }
  index::Writer& writer = opened.value();
  Known known;
  auto records = writer.records();
  if (!records.ok()) {
    print_error(records.error().message);
    return k_exit_error;
  }
  for (auto& r : records.value()) {
    known.by_content.emplace(r.sha256, r.path);
    known.by_path.emplace(r.path, std::move(r));
  }

  // Every entry under the paths given: files to read, or skips said with their reason.
  std::vector<std::string> given;
  given.reserve(config.paths.size());
  for (const auto& p : config.paths) {
    given.push_back(absolute(p));
  }
  ingest::TreeOptions tree_options;
  tree_options.follow_links = config.follow_links;
  ingest::TreeListing listing = ingest::list_tree(given, tree_options);
  std::vector<std::string> failures;
  std::vector<std::string> skipped;
  int missing_inputs = 0;
  for (const auto& skip : listing.skips) {
    if (skip.code == "not-found") {
      print_error(skip.path + " : " + skip.message);
      ++missing_inputs;
    } else {
      print_warning(skip.path + " : " + skip.message);
      skipped.push_back(skip.path + " : " + skip.message);
    }
  }
  std::vector<std::string> folders;
  for (const auto& g : given) {
    std::error_code ec;
    if (fs::is_directory(g, ec)) {
      folders.push_back(g);
    }
  }
  std::uint64_t total_bytes = 0;
  for (const auto& f : listing.files) {
    total_bytes += f.size;
  }

  std::map<Outcome, int> counts;
  std::vector<std::string> ignored;
  std::set<std::string> seen;                        // every path met in this run
  std::set<std::string> archives_walked;             // archives read to their end in this run
  std::map<std::string, std::string> added_content;  // sha256 → path, added in this run
  struct Pending {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
  };
  std::map<std::size_t, Pending> pending;
  std::size_t next_id = 0;
  std::size_t done = 0;
  std::uint64_t bytes_done = 0;
  Progress progress(total_bytes);
  auto last_commit = std::chrono::steady_clock::now();
  int since_commit = 0;
  // The first failed write (full disk, damaged database): the run stops there.
  std::optional<index::Error> write_error;
  const auto written = [&](const auto& result) {
    if (!result.ok() && !write_error) {
      write_error = result.error();
    }
    return result.ok();
  };
  const auto commit_now = [&] {
    if (written(writer.commit())) {
      since_commit = 0;
      last_commit = std::chrono::steady_clock::now();
    }
  };

  const rules::Engine* eng = engine ? &*engine : nullptr;
  const bool with_text = config.text;
  WorkerPool pool(
      effective_jobs(config.jobs),
      WorkerLimits{std::chrono::milliseconds(static_cast<long>(config.timeout * 1000)),
                   config.max_memory_mib * 1024 * 1024},
      [&known, eng, with_text](const Job& job) { return add_work(job, known, eng, with_text); },
      [&](std::size_t id, JobOutcome&& outcome) {
        const Pending p = pending[id];
        pending.erase(id);
        progress.step(bytes_done, ++done);
        if (write_error) {
          return;  // the index can no longer be written: what is still running is dropped
        }
        std::optional<AddAnswer> answer;
        if (outcome.ok) {
          answer = parse_add_answer(outcome.answer);
        }
        if (!answer) {
          progress.interrupt_line();
          const std::string why =
              outcome.ok ? "réponse illisible du processus de lecture" : outcome.message;
          print_error(p.path + " : " + why);
          failures.push_back(p.path + " : " + why);
          ++counts[Outcome::failed];
          return;
        }
        Outcome result = answer->outcome;
        if ((result == Outcome::added || result == Outcome::updated)) {
          if (const auto twin = added_content.find(answer->sha256); twin != added_content.end()) {
            if (!written(writer.add_same_content(p.path, p.size, p.mtime, answer->sha256))) {
              return;
            }
            result = Outcome::same_content;
          } else {
            const auto added = writer.add_prepared(answer->prepared);
            if (!written(added)) {
              return;
            }
            if (added.value()) {
              added_content.emplace(answer->sha256, p.path);
            } else {
              answer->detail = "réponse illisible du processus de lecture";
              result = Outcome::failed;
            }
          }
        }
        switch (result) {
          case Outcome::unchanged:
            if (!written(writer.touch(p.path, p.mtime))) {
              return;
            }
            break;
          case Outcome::same_content:
            if (answer->outcome == Outcome::same_content &&
                !written(writer.add_same_content(p.path, p.size, p.mtime, answer->sha256))) {
              return;
            }
            break;
          case Outcome::failed:
            progress.interrupt_line();
            print_error(p.path + " : " + answer->detail);
            failures.push_back(p.path + " : " + answer->detail);
            break;
          case Outcome::ignored:
            ignored.push_back(p.path + " : " + ignored_label(answer->detail));
            break;
          case Outcome::added:
          case Outcome::updated:
            break;
        }
        ++counts[result];
        // Commit regularly, so a killed run keeps most of its work.
        if (++since_commit >= std::max(1, config.commit_every) ||
            std::chrono::steady_clock::now() - last_commit > std::chrono::seconds(20)) {
          commit_now();
        }
      });

  const auto submit = [&](Job&& job, std::uint64_t size) {
    if (!seen.insert(job.path).second) {
      return;  // the same path reached twice (a folder and a file in it, both given)
    }
    // Unchanged files (same size and mtime) are settled here, without reading them.
    if (const auto it = known.by_path.find(job.path);
        it != known.by_path.end() && it->second.size == size && it->second.mtime == job.mtime) {
      ++counts[Outcome::unchanged];
      return;
    }
    const std::size_t id = next_id++;
    pending[id] = {job.path, size, job.mtime};
    pool.submit(id, job);
  };

  ingest::ArchiveLimits limits;
  for (const auto& in : listing.files) {
    if (WorkerPool::interrupted() || write_error) {
      break;
    }
    if (ingest::is_archive_file(in.path)) {
      ingest::ArchiveCallbacks callbacks;
      callbacks.member = [&](ingest::ArchiveMember&& m) {
        Job job;
        job.path = std::move(m.path);
        job.mtime = m.mtime;
        const std::uint64_t size = m.bytes.size();
        job.bytes = std::move(m.bytes);
        submit(std::move(job), size);
        return !WorkerPool::interrupted();
      };
      callbacks.problem = [&](ingest::ArchiveProblem&& p) {
        progress.interrupt_line();
        (p.skipped ? print_warning : print_note)(p.path + " : " + p.message);
        if (p.skipped) {
          skipped.push_back(p.path + " : " + p.message);
        }
      };
      if (ingest::walk_archive(in.path, in.path, limits, callbacks) && !WorkerPool::interrupted()) {
        archives_walked.insert(in.path);
      }
    } else {
      Job job;
      job.path = in.path;
      job.file = in.path;
      job.mtime = in.mtime;
      submit(std::move(job), in.size);
    }
    bytes_done += in.size;
    progress.step(bytes_done, done);
  }
  pool.drain();
  pool.stop();
  const bool interrupted = WorkerPool::interrupted();
  // Files gone from the folders given, and members gone from the archives read.
  int removed = 0;
  if (!interrupted && !write_error) {
    for (const auto& folder : folders) {
      auto under = writer.paths_under(folder);
      if (!written(under)) {
        break;
      }
      for (const auto& path : under.value()) {
        if (seen.count(path) > 0) {
          continue;
        }
        const auto bang = path.find("!/");
        const std::string on_disk = path.substr(0, bang);
        std::error_code ec;
        const bool gone = !fs::exists(on_disk, ec) ||
                          (bang != std::string::npos && archives_walked.count(on_disk) > 0);
        if (gone) {
          const auto dropped = writer.remove(path);
          if (!written(dropped)) {
            break;
          }
          removed += dropped.value() ? 1 : 0;
        }
      }
    }
  }
  if (!write_error) {
    commit_now();
  }
  progress.step(total_bytes, done, true);
  if (write_error) {
    progress.interrupt_line();
    print_error(write_error->message +
                " ; indexation arrêtée, l'index garde ce qui avait été enregistré");
    return k_exit_error;
  }
  std::string out = "Index " + db + " : " + std::to_string(counts[Outcome::added]) +
                    " ajouté(s), " + std::to_string(counts[Outcome::updated]) + " mis à jour, " +
                    std::to_string(counts[Outcome::unchanged]) + " inchangé(s), " +
                    std::to_string(counts[Outcome::same_content]) + " en double (même contenu), " +
                    std::to_string(removed) + " retiré(s), " + std::to_string(ignored.size()) +
                    " ignoré(s) (pas un document PDF, DOCX ou ODT), " +
                    std::to_string(skipped.size()) + " écarté(s), " +
                    std::to_string(failures.size()) + " en échec.\n";
  constexpr std::size_t k_listed = 20;
  for (std::size_t i = 0; i < ignored.size() && i < k_listed; ++i) {
    out += "  ignoré : " + ignored[i] + "\n";
  }
  if (ignored.size() > k_listed) {
    out +=
        "  … et " + std::to_string(ignored.size() - k_listed) + " autre(s) fichier(s) ignoré(s)\n";
  }
  for (const auto& s : skipped) {
    out += "  écarté : " + s + "\n";
  }
  for (const auto& f : failures) {
    out += "  échec : " + f + "\n";
  }
  if (interrupted) {
    out += "Interrompu : " + std::to_string(pending.size()) +
           " fichier(s) en cours abandonné(s) ; ce qui a été fait est enregistré, relancez la "
           "même commande pour finir.\n";
  }
  std::fputs(out.c_str(), stderr);
  if (interrupted) {
    return 130;
  }
  return failures.empty() && missing_inputs == 0 ? k_exit_ok : k_exit_error;
}

int run_remove(const IndexConfig& config) {
  const std::string db = db_location(config.db);
  auto opened = index::Writer::open(db);
  if (!opened.ok()) {
    print_error(opened.error().message);
    return k_exit_error;
  }
  int removed = 0;
  int status = k_exit_ok;
  index::Writer& writer = opened.value();
  std::optional<index::Error> error;
  const auto removed_one = [&](const std::string& p) {
    auto r = writer.remove(p);
    if (!r.ok()) {
      error = r.error();
    }
    return r.ok() && r.value() ? 1 : 0;
  };
  for (const auto& given : config.paths) {
    const std::string path = absolute(given);
    int n = removed_one(path);
    auto under = writer.paths_under(path);
    if (!under.ok()) {
      error = under.error();
    }
    for (const auto& p : under.ok() ? under.value() : std::vector<std::string>()) {
      n += removed_one(p);
    }
    if (error) {
      print_error(error->message);
      return k_exit_error;
    }
    if (n == 0) {
      print_error(given + " : absent de l'index");
      status = k_exit_error;
    }
    removed += n;
  }
  if (auto committed = writer.commit(); !committed.ok()) {
    print_error(committed.error().message);
    return k_exit_error;
  }
  std::fprintf(stderr, "%d fichier(s) retiré(s) de l'index %s.\n", removed, db.c_str());
  return status;
}

std::optional<index::Searcher> open_searcher(const IndexConfig& config) {
  std::vector<std::string> dbs = config.dbs;
  if (dbs.empty()) {
    dbs.push_back(db_location(config.db));
  }
  auto s = index::Searcher::open(dbs);
  if (!s.ok()) {
    print_error(s.error().message);
    return std::nullopt;
  }
  return std::move(s.value());
}

std::string date_fr(std::int64_t t) {
  if (t <= 0) {
    return "jamais";
  }
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
  return buf;
}

std::string facets_text(const char* label, const std::vector<index::Facet>& facets,
                        std::size_t max) {
  if (facets.empty()) {
    return {};
  }
  std::string out = std::string("  ") + label + " : ";
  for (std::size_t i = 0; i < facets.size() && i < max; ++i) {
    out += (i ? ", " : "") + facets[i].value + " (" + std::to_string(facets[i].files) + ")";
  }
  if (facets.size() > max) {
    out += ", …";
  }
  return out + "\n";
}

std::string hit_line(const index::FileHit& f, bool colors) {
  std::string out = f.file.path + " — " + f.file.kind;
  if (!f.file.buyer.empty()) {
    out += ", " + f.file.buyer;
  }
  if (f.file.year > 0) {
    out += ", " + std::to_string(f.file.year);
  }
  out += "\n";
  if (!f.file.title.empty()) {
    out += "   " + f.file.title + "\n";
  }
  for (const auto& p : f.pages) {
    out += "   p. " + std::to_string(p.page) + " : " + mark_matches(p.pieces, colors) + "\n";
  }
  for (const auto& other : f.other_paths) {
    out += "   même contenu : " + other + "\n";
  }
  return out;
}

nlohmann::ordered_json file_json(const index::FileRecord& r) {
  nlohmann::ordered_json j;
  j["path"] = r.path;
  j["kind"] = r.kind;
  j["title"] = r.title;
  j["buyer"] = r.buyer.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.buyer);
  j["year"] = r.year > 0 ? nlohmann::ordered_json(r.year) : nlohmann::ordered_json(nullptr);
  j["pages"] = r.pages;
  j["size"] = r.size;
  j["sha256"] = r.sha256;
  return j;
}

nlohmann::ordered_json results_json(const index::SearchResults& r) {
  nlohmann::ordered_json j;
  j["query"] = r.query;
  j["total_files"] = r.total_files;
  j["suggestion"] =
      r.suggestion.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.suggestion);
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& f : r.files) {
    nlohmann::ordered_json x = file_json(f.file);
    x["score"] = f.score;
    x["matching_pages"] = f.matching_pages;
    x["other_paths"] = f.other_paths;
    x["best_pages"] = nlohmann::ordered_json::array();
    for (const auto& p : f.pages) {
      nlohmann::ordered_json page;
      page["page"] = p.page;
      page["score"] = p.score;
      page["snippet"] = p.snippet;
      page["highlights"] = nlohmann::ordered_json::array();
      for (std::size_t i = 1; i < p.pieces.size(); i += 2) {
        page["highlights"].push_back(p.pieces[i]);
      }
      x["best_pages"].push_back(std::move(page));
    }
    if (!f.shared_terms.empty()) {
      x["shared_terms"] = f.shared_terms;
    }
    j["files"].push_back(std::move(x));
  }
  const auto facets = [](const std::vector<index::Facet>& list) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& f : list) {
      a.push_back({{"value", f.value}, {"files", f.files}});
    }
    return a;
  };
  j["facets"] = {{"kind", facets(r.kinds)}, {"year", facets(r.years)}, {"buyer", facets(r.buyers)}};
  return j;
}

int print_results(const index::SearchResults& r, const IndexConfig& config,
                  const std::string& what) {
  if (config.format == "json") {
    write_out(
        results_json(r).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
        "\n");
    return k_exit_ok;
  }
  const bool colors = stdout_colors();
  std::string out = std::to_string(r.total_files) + " fichier(s) pour " + what + "\n";
  if (r.total_files == 0 && !r.suggestion.empty()) {
    out += "Vouliez-vous dire : " + r.suggestion + " ?\n";
  }
  int rank = config.offset;
  for (const auto& f : r.files) {
    out += "\n" + std::to_string(++rank) + ". " + hit_line(f, colors);
    if (!f.shared_terms.empty()) {
      std::string terms;
      for (std::size_t i = 0; i < f.shared_terms.size() && i < 12; ++i) {
        terms += (i ? ", " : "") + f.shared_terms[i];
      }
      out += "   termes en commun : " + terms + "\n";
    }
  }
  if (r.total_files > 0) {
    out += "\nFacettes :\n" + facets_text("type", r.kinds, 10) + facets_text("année", r.years, 10) +
           facets_text("acheteur", r.buyers, 6);
  }
  write_out(out);
  return k_exit_ok;
}

int run_search(const IndexConfig& config) {
  auto searcher = open_searcher(config);
  if (!searcher) {
    return k_exit_error;
  }
  index::Query q;
  q.text = config.query;
  q.limit = config.limit;
  q.offset = config.offset;
  auto r = searcher->search(q);
  if (!r.ok()) {
    print_error(r.error().message);
    return k_exit_error;
  }
  return print_results(r.value(), config, "« " + config.query + " »");
}

int run_similar(const IndexConfig& config) {
  auto searcher = open_searcher(config);
  if (!searcher) {
    return k_exit_error;
  }
  const auto a = pipeline::analyze_file(config.file);
  if (!a.ok()) {
    print_error(a.error().message());
    return k_exit_error;
  }
  auto r = searcher->similar(a.value(), config.limit);
  if (!r.ok()) {
    print_error(r.error().message);
    return k_exit_error;
  }
  return print_results(r.value(), config, "les documents proches de " + config.file);
}

int run_stats(const IndexConfig& config) {
  auto searcher = open_searcher(config);
  if (!searcher) {
    return k_exit_error;
  }
  const auto stats = searcher->stats();
  if (!stats.ok()) {
    print_error(stats.error().message);
    return k_exit_error;
  }
  const auto& s = stats.value();
  std::uint64_t bytes = 0;
  std::error_code ec;
  const std::string db = db_location(config.db);
  for (const auto& e : fs::recursive_directory_iterator(db, ec)) {
    if (e.is_regular_file(ec)) {
      bytes += e.file_size(ec);
    }
  }
  std::string out = "Index " + db + "\n";
  out += "  fichiers : " + std::to_string(s.files) + " (" + std::to_string(s.contents) +
         " contenus distincts)\n";
  out += "  pages : " + std::to_string(s.pages) + "\n";
  out += facets_text("types", s.kinds, 12) + facets_text("années", s.years, 12);
  char size[32];
  std::snprintf(size, sizeof size, "%.1f Mo", static_cast<double>(bytes) / 1e6);
  out += std::string("  taille sur disque : ") + size + "\n";
  out += "  dernière mise à jour : " + date_fr(s.last_update) + "\n";
  write_out(out);
  return k_exit_ok;
}

int run_list(const IndexConfig& config) {
  auto searcher = open_searcher(config);
  if (!searcher) {
    return k_exit_error;
  }
  auto r = searcher->list(config.query);
  if (!r.ok()) {
    print_error(r.error().message);
    return k_exit_error;
  }
  if (config.format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& f : r.value()) {
      j.push_back(file_json(f));
    }
    write_out(j.dump(2) + "\n");
    return k_exit_ok;
  }
  std::string out;
  for (const auto& f : r.value()) {
    out += f.path + "\t" + f.kind + "\t" + (f.year > 0 ? std::to_string(f.year) : "-") + "\t" +
           f.buyer + "\n";
  }
  write_out(out);
  return k_exit_ok;
}

void db_options(CLI::App* cmd, IndexConfig& config, bool several) {
  cmd->add_option("--db", config.db,
                  "Dossier de l'index (par défaut : $VIGIE_DB, sinon $XDG_DATA_HOME/vigie/index "
                  "ou ~/.local/share/vigie/index)");
  if (several) {
    cmd->add_option("--dbs", config.dbs,
                    "Chercher dans plusieurs index comme dans un seul : dossiers ou "
                    "tcp:HÔTE:PORT (xapian-tcpsrv) ; une valeur par --dbs, répétable");
  }
}

}  // namespace

void register_index(CLI::App& app, int& status) {
  auto config = std::make_shared<IndexConfig>();
  CLI::App* cmd = app.add_subcommand("index", "Construire et consulter l'index de recherche");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand("add", "Indexer des fichiers et des dossiers (incrémental)");
  add->add_option("paths", config->paths, "Fichiers et dossiers (parcourus récursivement)")
      ->required();
  add->add_option("-j,--jobs", config->jobs,
                  "Fichiers lus et analysés en parallèle (par défaut : nombre de cœurs)");
  add->add_flag("--text", config->text,
                "Indexer aussi les fichiers texte (par défaut : documents PDF, DOCX et ODT "
                "seulement, y compris dans les archives ZIP, 7z, RAR et tar)");
  add->add_flag("--follow", config->follow_links,
                "Suivre les liens symboliques dans les dossiers (les boucles sont détectées)");
  add->add_option("--timeout", config->timeout,
                  "Secondes accordées à un fichier avant de l'abandonner (120 par défaut)")
      ->check(CLI::PositiveNumber);
  add->add_option("--max-memory", config->max_memory_mib,
                  "Mémoire (Mio) accordée à un fichier avant de l'abandonner (1024 par défaut ; "
                  "0 : sans limite)");
  add->add_flag("--no-check", config->no_check,
                "Ne pas faire les vérifications (pas d'étiquettes missing: ni flagged:)");
  add->add_option("--commit-every", config->commit_every,
                  "Fichiers entre deux enregistrements (200 par défaut ; un arrêt brutal garde "
                  "ce qui a été enregistré)");
  db_options(add, *config, false);
  add->footer(
      "Les fichiers inchangés (taille et date, puis empreinte du contenu) sont sautés, les\n"
      "fichiers modifiés remplacés, les disparus retirés des dossiers donnés. Ctrl-C arrête\n"
      "après avoir enregistré le travail fait. Code de sortie : 0 tout fichier indexé ou sauté,\n"
      "2 un fichier illisible ou un chemin introuvable, 130 interrompu.");
  add->callback([config, &status] { status = run_add(*config); });
  CLI::App* remove =
      cmd->add_subcommand("remove", "Retirer des fichiers ou des dossiers de l'index");
  remove->add_option("paths", config->paths, "Fichiers et dossiers")->required();
  db_options(remove, *config, false);
  remove->callback([config, &status] { status = run_remove(*config); });
  CLI::App* stats =
      cmd->add_subcommand("stats", "Documents, pages, types, années, taille, dernière mise à jour");
  db_options(stats, *config, false);
  stats->callback([config, &status] { status = run_stats(*config); });
  CLI::App* list =
      cmd->add_subcommand("list", "Lister les fichiers indexés, éventuellement filtrés");
  list->add_option("filter", config->query, "Une recherche ou des filtres (kind:CCTP year:2024 …)");
  list->add_option("-f,--format", config->format, "Format de sortie : text ou json")
      ->check(CLI::IsMember({"text", "json"}));
  db_options(list, *config, true);
  list->callback([config, &status] { status = run_list(*config); });

  CLI::App* search = app.add_subcommand("search",
                                        "Chercher dans les documents indexés (texte intégral en "
                                        "français et filtres)");
  search
      ->add_option("query", config->query,
                   "Mots, \"expressions\", AND OR NOT NEAR, jokers (concert*), filtres kind: "
                   "year: buyer: place: procedure: missing: flagged:")
      ->required();
  search->add_option("-f,--format", config->format, "Format de sortie : text ou json")
      ->check(CLI::IsMember({"text", "json"}));
  search->add_option("--limit", config->limit, "Fichiers à montrer (10 par défaut)");
  search->add_option("--offset", config->offset, "Fichiers à sauter (pagination)");
  db_options(search, *config, true);
  search->footer("Syntaxe des recherches et filtres : docs/search.md.");
  search->callback([config, &status] { status = run_search(*config); });

  CLI::App* similar =
      app.add_subcommand("similar", "Documents indexés les plus proches d'un projet");
  similar->add_option("file", config->file, "Le projet de document (PDF, DOCX, ODT, texte)")
      ->required();
  similar->add_option("-f,--format", config->format, "Format de sortie : text ou json")
      ->check(CLI::IsMember({"text", "json"}));
  similar->add_option("--limit", config->limit, "Fichiers à montrer (10 par défaut)");
  db_options(similar, *config, true);
  similar->callback([config, &status] { status = run_similar(*config); });
}

}  // namespace vigie::cli
