#include "index_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include "audit_record.hpp"
#include "file_batch.hpp"
#include "rules_loading.hpp"
#include "terminal.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/index/index.hpp"
#include "vigie/ingest/extract.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int /*signal*/) { g_interrupted = true; }

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

// A file to consider, with what stat says.
struct Candidate {
  std::string path;  // absolute, normalised
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

enum class Outcome { added, updated, unchanged, same_content, failed, ignored, interrupted };

struct WorkResult {
  Outcome outcome = Outcome::failed;
  std::string message;  // failure cause, or the other path holding the same bytes
  std::string sha256;
  std::unique_ptr<analysis::AnalyzedDocument> analysis;
  std::vector<std::string> tags;
};

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

bool read_bytes(const std::string& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  bytes = ss.str();
  return static_cast<bool>(in) || in.eof();
}

std::string duration_fr(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

class Progress {
 public:
  explicit Progress(std::size_t total) : m_total(total), m_on(::isatty(STDERR_FILENO) == 1) {}
  void step(std::size_t done) {
    if (!m_on) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (done < m_total && now - m_last < std::chrono::milliseconds(200)) {
      return;
    }
    m_last = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double eta = rate > 0 ? static_cast<double>(m_total - done) / rate : 0;
    constexpr int k_width = 24;
    const int filled = m_total > 0 ? static_cast<int>(k_width * done / m_total) : k_width;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(k_width, '.');
    std::fprintf(stderr, "\r[%s] %zu/%zu fichiers, %.1f/s, reste %s ", bar.c_str(), done, m_total,
                 rate, duration_fr(eta).c_str());
    if (done == m_total) {
      std::fprintf(stderr, "\n");
    }
    std::fflush(stderr);
  }

 private:
  std::size_t m_total;
  bool m_on;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
};

int run_add(const IndexConfig& config) {
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
  // What the index holds, by path and by content.
  std::map<std::string, index::FileRecord> known;
  std::map<std::string, std::string> known_content;  // sha256 → path
  auto records = writer.records();
  if (!records.ok()) {
    print_error(records.error().message);
    return k_exit_error;
  }
  for (auto& r : records.value()) {
    known_content.emplace(r.sha256, r.path);
    known.emplace(r.path, std::move(r));
  }
  // The files given, folders walked recursively.
  std::vector<Candidate> candidates;
  std::vector<std::string> folders;
  std::vector<std::string> failures;
  int missing_inputs = 0;
  const auto consider = [&](const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return;
    }
    candidates.push_back({absolute(p.string()), static_cast<std::uint64_t>(st.st_size),
                          static_cast<std::int64_t>(st.st_mtime)});
  };
  for (const auto& given : config.paths) {
    std::error_code ec;
    if (fs::is_directory(given, ec)) {
      folders.push_back(absolute(given));
      for (auto it = fs::recursive_directory_iterator(
               given, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
          failures.push_back(given + " : " + ec.message());
          break;
        }
        if (it->is_regular_file(ec)) {
          consider(it->path());
        }
      }
    } else if (fs::exists(given, ec)) {
      consider(given);
    } else {
      print_error(given + " : fichier ou dossier introuvable");
      ++missing_inputs;
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
  candidates.erase(
      std::unique(candidates.begin(), candidates.end(),
                  [](const Candidate& a, const Candidate& b) { return a.path == b.path; }),
      candidates.end());

  std::map<Outcome, int> counts;
  std::set<std::string> seen;
  // Unchanged files (same size and mtime) are settled here, without reading them.
  std::vector<Candidate> work;
  for (const auto& c : candidates) {
    seen.insert(c.path);
    const auto it = known.find(c.path);
    if (it != known.end() && it->second.size == c.size && it->second.mtime == c.mtime) {
      ++counts[Outcome::unchanged];
    } else {
      work.push_back(c);
    }
  }
  std::mutex content_mutex;  // known_content is read by workers and written by the writer
  std::signal(SIGINT, on_sigint);
  Progress progress(work.size());
  std::size_t done = 0;
  auto last_commit = std::chrono::steady_clock::now();
  int since_commit = 0;
  // The first failed write (full disk, damaged database): the run stops there.
  std::optional<index::Error> write_error;
  std::atomic<bool> write_failed{false};
  const auto written = [&](const auto& result) {
    if (!result.ok() && !write_error) {
      write_error = result.error();
      write_failed = true;
    }
    return result.ok();
  };
  run_ordered<WorkResult>(
      work.size(), effective_jobs(config.jobs),
      [&](std::size_t i) -> WorkResult {
        WorkResult r;
        if (g_interrupted || write_failed) {
          r.outcome = Outcome::interrupted;
          return r;
        }
        const Candidate& c = work[i];
        std::string bytes;
        if (!read_bytes(c.path, bytes)) {
          r.message = "lecture impossible";
          return r;
        }
        r.sha256 = ingest::sha256_hex(bytes);
        {
          const std::lock_guard lock(content_mutex);
          const auto k = known.find(c.path);
          if (k != known.end() && k->second.sha256 == r.sha256) {
            r.outcome = Outcome::unchanged;  // touched, same bytes
            return r;
          }
          const auto other = known_content.find(r.sha256);
          if (other != known_content.end() && other->second != c.path) {
            r.outcome = Outcome::same_content;
            r.message = other->second;
            return r;
          }
        }
        const auto type = ingest::sniff(std::string_view(bytes).substr(0, 8192));
        if (type != ingest::SniffedType::pdf && type != ingest::SniffedType::docx &&
            type != ingest::SniffedType::odt && type != ingest::SniffedType::text) {
          r.outcome = Outcome::ignored;
          r.message = std::string(ingest::to_string(type));
          return r;
        }
        auto doc = ingest::extract_bytes(bytes, c.path, c.mtime);
        if (!doc.ok()) {
          r.message = doc.error().detail;
          return r;
        }
        r.analysis =
            std::make_unique<analysis::AnalyzedDocument>(analysis::analyze(std::move(doc.value())));
        if (engine) {
          r.tags = verdict_tags(engine->check(*r.analysis), *engine);
        }
        r.outcome = known.count(c.path) > 0 ? Outcome::updated : Outcome::added;
        return r;
      },
      [&](std::size_t i, WorkResult& r) {
        const Candidate& c = work[i];
        progress.step(++done);
        if (write_error) {
          return;
        }
        if (r.outcome == Outcome::interrupted) {
          ++counts[Outcome::interrupted];
          return;
        }
        switch (r.outcome) {
          case Outcome::unchanged:
            if (!written(writer.touch(c.path, c.mtime))) {
              return;
            }
            break;
          case Outcome::same_content:
            if (!written(writer.add_same_content(c.path, c.size, c.mtime, r.sha256))) {
              return;
            }
            break;
          case Outcome::added:
          case Outcome::updated: {
            index::IndexInput input;
            input.document = r.analysis.get();
            input.size = c.size;
            input.mtime = c.mtime;
            input.tags = r.tags;
            if (!written(writer.add(input))) {
              return;
            }
            const std::lock_guard lock(content_mutex);
            known_content.emplace(r.sha256, c.path);
            break;
          }
          case Outcome::failed:
            failures.push_back(c.path + " : " + r.message);
            break;
          case Outcome::ignored:
          case Outcome::interrupted:
            break;
        }
        ++counts[r.outcome];
        // Commit regularly, so a killed run keeps most of its work.
        if (++since_commit >= std::max(1, config.commit_every) ||
            std::chrono::steady_clock::now() - last_commit > std::chrono::seconds(20)) {
          if (!written(writer.commit())) {
            return;
          }
          since_commit = 0;
          last_commit = std::chrono::steady_clock::now();
        }
      });
  // Files gone from the folders given.
  int removed = 0;
  if (!g_interrupted) {
    for (const auto& folder : folders) {
      auto under = writer.paths_under(folder);
      if (!written(under)) {
        break;
      }
      for (const auto& path : under.value()) {
        std::error_code ec;
        // A member of an archive (indexed by `vigie audit --index`) goes with its archive.
        const std::string on_disk = path.substr(0, path.find("!/"));
        if (seen.count(path) == 0 && !fs::exists(on_disk, ec)) {
          const auto gone = writer.remove(path);
          removed += written(gone) && gone.value() ? 1 : 0;
        }
      }
    }
  }
  if (!write_error) {
    written(writer.commit());
  }
  std::signal(SIGINT, SIG_DFL);
  if (write_error) {
    print_error(write_error->message);
    return k_exit_error;
  }
  std::string out =
      "Index " + db + " : " + std::to_string(counts[Outcome::added]) + " ajouté(s), " +
      std::to_string(counts[Outcome::updated]) + " mis à jour, " +
      std::to_string(counts[Outcome::unchanged]) + " inchangé(s), " +
      std::to_string(counts[Outcome::same_content]) + " en double (même contenu), " +
      std::to_string(removed) + " retiré(s), " + std::to_string(counts[Outcome::ignored]) +
      " ignoré(s) (format non pris en charge), " + std::to_string(failures.size()) + " en échec.\n";
  for (const auto& f : failures) {
    out += "  échec : " + f + "\n";
  }
  if (g_interrupted) {
    out += "Interrompu : " + std::to_string(counts[Outcome::interrupted]) +
           " fichier(s) non traité(s) ; ce qui a été fait est enregistré, relancez la même "
           "commande pour finir.\n";
  }
  std::fputs(out.c_str(), stderr);
  if (g_interrupted) {
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
  auto doc = ingest::extract_file(config.file, {});
  if (!doc.ok()) {
    print_error(doc.error().message());
    return k_exit_error;
  }
  const auto a = analysis::analyze(std::move(doc.value()));
  auto r = searcher->similar(a, config.limit);
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
                  "Index folder (default: $VIGIE_DB, else $XDG_DATA_HOME/vigie/index or "
                  "~/.local/share/vigie/index)");
  if (several) {
    cmd->add_option("--dbs", config.dbs,
                    "Search several indexes as one: folders or tcp:HOST:PORT (xapian-tcpsrv); "
                    "repeatable");
  }
}

}  // namespace

void register_index(CLI::App& app, int& status) {
  auto config = std::make_shared<IndexConfig>();
  CLI::App* cmd = app.add_subcommand("index", "Build and inspect the search index");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand("add", "Index files and folders (incremental)");
  add->add_option("paths", config->paths, "Files and folders (walked recursively)")->required();
  add->add_option("-j,--jobs", config->jobs,
                  "Extraction and analysis workers (default: number of cores)");
  add->add_flag("--no-check", config->no_check,
                "Do not run the checks (no missing:/flagged: tags)");
  add->add_option("--commit-every", config->commit_every,
                  "Files between two commits (default 200; a killed run keeps what was committed)");
  db_options(add, *config, false);
  add->footer(
      "Unchanged files (size and mtime, then content hash) are skipped, changed ones replaced,\n"
      "vanished ones removed from the folders given. Ctrl-C stops after saving the work done.\n"
      "Exit status: 0 every file indexed or skipped, 2 a file could not be read, 130 interrupted.");
  add->callback([config, &status] { status = run_add(*config); });
  CLI::App* remove = cmd->add_subcommand("remove", "Remove files or folders from the index");
  remove->add_option("paths", config->paths, "Files and folders")->required();
  db_options(remove, *config, false);
  remove->callback([config, &status] { status = run_remove(*config); });
  CLI::App* stats =
      cmd->add_subcommand("stats", "Documents, pages, kinds, years, size, last update");
  db_options(stats, *config, false);
  stats->callback([config, &status] { status = run_stats(*config); });
  CLI::App* list = cmd->add_subcommand("list", "List the indexed files, optionally filtered");
  list->add_option("filter", config->query, "A query or filters (kind:CCTP year:2024 …)");
  list->add_option("-f,--format", config->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  db_options(list, *config, true);
  list->callback([config, &status] { status = run_list(*config); });

  CLI::App* search =
      app.add_subcommand("search", "Search the indexed documents (French full text and filters)");
  search
      ->add_option("query", config->query,
                   "Words, \"phrases\", AND OR NOT NEAR, wildcards (concert*), filters kind: year: "
                   "buyer: place: procedure: missing: flagged:")
      ->required();
  search->add_option("-f,--format", config->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  search->add_option("--limit", config->limit, "Files to show (default 10)");
  search->add_option("--offset", config->offset, "Files to skip (paging)");
  db_options(search, *config, true);
  search->footer("Query syntax and filters: docs/search.md.");
  search->callback([config, &status] { status = run_search(*config); });

  CLI::App* similar = app.add_subcommand("similar", "Indexed documents closest to a draft");
  similar->add_option("file", config->file, "The draft (PDF, DOCX, ODT, text)")->required();
  similar->add_option("-f,--format", config->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  similar->add_option("--limit", config->limit, "Files to show (default 10)");
  db_options(similar, *config, true);
  similar->callback([config, &status] { status = run_similar(*config); });
}

}  // namespace vigie::cli
